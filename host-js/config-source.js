// Finds the instances configuration the way the README documents, first
// found wins: --config PATH, BUSINESSMAP_INSTANCES_CONFIG (a path),
// BUSINESSMAP_INSTANCES (inline JSON), ./.businessmap-instances.json,
// ~/.config/businessmap-mcp/instances.json, else the single-instance
// variables. Reading happens here; parsing and validation in the core.

import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export { ENV_KEYS, startupDocument } from './startup.js';

export class ConfigSourceError extends Error {
  constructor(source, cause) {
    super(`cannot read ${source}: ${cause.code ?? cause.message}`, { cause });
    this.name = 'ConfigSourceError';
    this.code = 'BM_CONFIG_UNREADABLE';
    this.source = source;
  }
}

// A file that is not UTF-8 is a problem of its content, reported like the
// core reports problems (FILE:LINE:COL: $: message), not silently turned
// into U+FFFD: that would hide the bad byte and echo a mangled name.
export class ConfigEncodingError extends Error {
  constructor(source, line, col, byte) {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    super(`${source}:${line}:${col}: $: the file is not valid UTF-8 (byte 0x${hex})`);
    this.name = 'ConfigEncodingError';
    this.code = 'BM_CONFIG_ENCODING';
    this.source = source;
  }
}

// Offset of the first byte that does not start a valid, shortest-form
// UTF-8 sequence (no surrogates, nothing past U+10FFFF); -1 if none.
export function firstBadUtf8(bytes) {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let n = 0;
    let min = 0;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) [n, min] = [2, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [3, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [4, 0x10000];
    else return i;
    let cp = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n;
  }
  return -1;
}

// Decodes a configuration file; line and column as the core counts them
// (code points, a BOM not counted, CRLF, CR and LF each end a line).
export function decodeConfig(bytes, source) {
  const bad = firstBadUtf8(bytes);
  if (bad < 0) return new TextDecoder().decode(bytes);
  const before = new TextDecoder().decode(bytes.subarray(0, bad)).replace(/^\ufeff/, '');
  const lines = before.split(/\r\n|\r|\n/);
  throw new ConfigEncodingError(source, lines.length, [...lines.at(-1)].length + 1, bytes[bad]);
}

function readFile(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ConfigSourceError(path, err);
  }
  return decodeConfig(bytes, path);
}

export function readConfigFile(path) {
  return readFile(path);
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

export function formatProblems(problems, source) {
  return problems.map((p) =>
    p.line ? `${source}:${p.line}:${p.col}: ${p.path}: ${p.message}` : `${source}: ${p.path}: ${p.message}`);
}
