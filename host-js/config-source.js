// Finds the instances configuration the way the README documents, first
// found wins: --config PATH, BUSINESSMAP_INSTANCES_CONFIG (a path),
// BUSINESSMAP_INSTANCES (inline JSON), ./.businessmap-instances.json,
// ~/.config/businessmap-mcp/instances.json, else the single-instance
// variables. Reading happens here; parsing and validation in the core.

import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const ENV_KEYS = [
  'BUSINESSMAP_API_URL',
  'BUSINESSMAP_READ_ONLY_MODE',
  'BUSINESSMAP_DEFAULT_WORKSPACE_ID',
  'BUSINESSMAP_TOOL_PROFILE',
  'ALLOW_INSECURE_LOCALHOST',
];

export class ConfigSourceError extends Error {
  constructor(source, cause) {
    super(`cannot read ${source}: ${cause.code ?? cause.message}`);
    this.name = 'ConfigSourceError';
    this.code = 'BM_CONFIG_UNREADABLE';
    this.source = source;
  }
}

function readFile(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigSourceError(path, err);
  }
}

// Returns {text, source}; text is null when only the environment is left.
export function findConfig({ configPath, env = process.env, cwd = process.cwd(), home = homedir() } = {}) {
  if (configPath) return { text: readFile(configPath), source: configPath };
  if (env.BUSINESSMAP_INSTANCES_CONFIG) {
    const p = env.BUSINESSMAP_INSTANCES_CONFIG;
    return { text: readFile(p), source: p };
  }
  if (env.BUSINESSMAP_INSTANCES) {
    return { text: env.BUSINESSMAP_INSTANCES, source: 'BUSINESSMAP_INSTANCES' };
  }
  const local = resolve(cwd, '.businessmap-instances.json');
  if (existsSync(local)) return { text: readFile(local), source: local };
  const user = join(home, '.config', 'businessmap-mcp', 'instances.json');
  if (existsSync(user)) return { text: readFile(user), source: user };
  return { text: null, source: 'environment' };
}

// The start-up document of an engine (see src/engine.h). Only names of
// set variables cross into the core, never their values.
export function startupDocument({ text, source }, env, extra = {}) {
  const picked = {};
  for (const k of ENV_KEYS) if (env[k] !== undefined) picked[k] = env[k];
  return {
    configText: text,
    configSource: source,
    env: picked,
    setVars: Object.keys(env).filter((k) => env[k]),
    checkTokenVars: true,
    seed: Math.floor(Math.random() * 2 ** 32),
    ...extra,
  };
}

export function formatProblems(problems, source) {
  return problems.map((p) =>
    p.line ? `${source}:${p.line}:${p.col}: ${p.path}: ${p.message}` : `${source}: ${p.path}: ${p.message}`);
}
