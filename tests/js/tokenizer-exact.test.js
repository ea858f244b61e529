// The C token counter must agree with js-tiktoken on every string of the
// corpus, for o200k_base and cl100k_base, with special-token text counted
// as ordinary text. Runs the native CLI build/native/tokcount (or the one
// named by BM_TOKCOUNT) on the assets in dist/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tiktoken } from 'js-tiktoken/lite';

import { buildCorpus } from './tokenizer-corpus.js';
import { loadNodeCore } from '../../host-js/node-core.js';
import { PROFILES, syntheticConfig, toolsArrayJson } from '../../host-js/tokens.js';
import { readdirSync, readFileSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.BM_TOKCOUNT ||
  join(root, 'build', 'native', 'tokcount');
const ENCODINGS = ['o200k_base', 'cl100k_base'];

// The server's own output: the tools array of every profile for one and
// for several instances, each tool alone, and the example configs.
async function serverTexts() {
  const core = await loadNodeCore();
  const extra = [];
  for (const profile of PROFILES) {
    for (const n of [1, 3]) {
      const text = toolsArrayJson(core, syntheticConfig(n), profile);
      extra.push({ kind: 'tools-list', text });
      for (const tool of JSON.parse(text)) extra.push({ kind: 'tool', text: JSON.stringify(tool) });
    }
  }
  const dir = join(root, 'examples', 'configs');
  for (const f of readdirSync(dir)) extra.push({ kind: 'config', text: readFileSync(join(dir, f), 'utf8') });
  return extra;
}

const extra = await serverTexts();

function runCli(asset, file) {
  const out = execFileSync(cli, [asset, file], {
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  return out.trimEnd().split('\n').map(Number);
}

test('corpus is large and varied', () => {
  const corpus = buildCorpus();
  assert.ok(corpus.length >= 2000, `only ${corpus.length} strings`);
  const kinds = new Set(corpus.map((c) => c.kind));
  for (const k of ['accents', 'cjk', 'emoji', 'digits', 'whitespace',
    'contractions', 'special', 'code', 'json', 'random', 'long']) {
    assert.ok(kinds.has(k), `no ${k} strings`);
  }
});

for (const name of ENCODINGS) {
  test(`native count equals js-tiktoken for ${name}`, async (t) => {
    const asset = join(root, 'dist', `${name}.bmtok`);
    assert.ok(existsSync(cli), `missing ${cli}; build the native tools`);
    assert.ok(existsSync(asset),
      `missing ${asset}; run node scripts/gen-token-assets.mjs`);

    const dir = mkdtempSync(join(tmpdir(), 'bm-tok-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const corpus = buildCorpus({ extra: extra.map((e) => e.text) });
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.map((c) => JSON.stringify(c.text)).join('\n'));

    const ranks = (await import(`js-tiktoken/ranks/${name}`)).default;
    const enc = new Tiktoken(ranks);
    const got = runCli(asset, file);
    assert.equal(got.length, corpus.length, 'one count per line');

    const wrong = [];
    corpus.forEach((c, i) => {
      const want = enc.encode(c.text, [], []).length;
      if (got[i] !== want) wrong.push({ i, kind: c.kind, want, got: got[i] });
    });
    const shown = wrong.slice(0, 5).map((w) =>
      `#${w.i} ${w.kind}: want ${w.want}, got ${w.got}: ` +
      JSON.stringify(corpus[w.i].text).slice(0, 120));
    assert.equal(wrong.length, 0,
      `${wrong.length} of ${corpus.length} differ\n${shown.join('\n')}`);
  });
}

// The counter inside the .wasm the server ships, on the server's own text.
for (const name of ENCODINGS) {
  test(`the wasm counter equals js-tiktoken on the server's output (${name})`, async () => {
    const core = await loadNodeCore();
    const tok = core.loadTokenizer(readFileSync(join(root, 'dist', `${name}.bmtok`)), name);
    const enc = new Tiktoken((await import(`js-tiktoken/ranks/${name}`)).default);
    for (const c of extra) assert.equal(tok.count(c.text), enc.encode(c.text, [], []).length, c.kind);
    tok.close();
  });
}
