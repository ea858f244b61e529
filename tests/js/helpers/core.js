// Direct access to the core for tests that need no server: an engine from
// a configuration, and the tools/list it would send.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { loadNodeCore } from '../../../host-js/node-core.js';
import { syntheticConfig, toolsArrayJson } from '../../../host-js/tokens.js';

export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

export async function coreAndTokenizer(name = 'o200k_base') {
  const core = await loadNodeCore();
  const tokenizer = core.loadTokenizer(readFileSync(`${DIST}${name}.bmtok`), name);
  return { core, tokenizer };
}

export function listTools(core, { instances = 2, profile = 'essential', readOnly = false } = {}) {
  const cfg = JSON.parse(syntheticConfig(instances));
  if (readOnly) cfg.readOnlyMode = true;
  return JSON.parse(toolsArrayJson(core, JSON.stringify(cfg), profile));
}
