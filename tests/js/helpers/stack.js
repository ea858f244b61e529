// A whole stack for a test: the fake BusinessMap API with several
// accounts on 127.0.0.1, the real stdio server spawned from the CLI, and
// the official MCP SDK client connected to it. Every account's API key is
// a canary: tests assert it never shows up in anything the server wrote.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

import { startFakeBusinessMap } from '../../fake-businessmap/index.js';

export const CLI = fileURLToPath(new URL('../../../host-js/cli.js', import.meta.url));

export function canary(name) {
  return `CANARY_${name}_${randomBytes(12).toString('hex')}`;
}

export function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'bm-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Starts the fake with one account per name; returns it with the keys.
export async function startFake(t, names = ['dev', 'staging', 'prod']) {
  const keys = {};
  const accounts = {};
  names.forEach((n, i) => {
    keys[n] = canary(n);
    accounts[n] = { apiKey: keys[n], seed: i + 1 };
  });
  const fake = await startFakeBusinessMap({ accounts, host: '127.0.0.1', port: 0, quiet: true });
  t.after(() => fake.close());
  return { fake, keys };
}

// The instances file for the fake's accounts, in the array form.
export function instancesConfig(fake, names, { defaultInstance, readOnly = [], extra = {} } = {}) {
  return {
    version: '1.0',
    defaultInstance: defaultInstance ?? names[names.length - 1],
    instances: names.map((n) => ({
      name: n,
      apiUrl: fake.url(n),
      apiTokenEnv: `BM_TOKEN_${n.toUpperCase().replace(/-/g, '_')}`,
      ...(readOnly.includes(n) ? { readOnlyMode: true } : {}),
      ...(extra[n] ?? {}),
    })),
  };
}

export function tokenEnv(names, keys) {
  const env = {};
  for (const n of names) env[`BM_TOKEN_${n.toUpperCase().replace(/-/g, '_')}`] = keys[n];
  return env;
}

// Spawns the server with a config object and connects the SDK client.
export async function connect(t, { config, env = {}, args = [], logLevel = 'debug' }) {
  const dir = tempDir(t);
  const cfgPath = join(dir, 'instances.json');
  if (config) writeFileSync(cfgPath, JSON.stringify(config, null, 2));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, ...(config ? ['--config', cfgPath] : []), '--log-level', logLevel, ...args],
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ALLOW_INSECURE_LOCALHOST: 'true',
      ...(process.env.BUSINESSMAP_CORE_WASM ? { BUSINESSMAP_CORE_WASM: process.env.BUSINESSMAP_CORE_WASM } : {}),
      ...env,
    },
    cwd: dir,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => {
    stderr += d.toString();
  });
  const client = new Client({ name: 'bm-test', version: '1.0.0' });
  const seen = [];
  await client.connect(transport);
  t.after(() => client.close());
  const call = async (name, args = {}) => {
    const result = await client.callTool({ name, arguments: args });
    seen.push(JSON.stringify(result));
    return result;
  };
  return {
    client,
    call,
    stderr: () => stderr,
    seen,
    cfgPath,
  };
}

// The text of a tool result, and its JSON when it is JSON (after an
// optional one-line summary).
export function textOf(result) {
  return result.content.map((c) => c.text).join('\n');
}

export function jsonOf(result) {
  const text = textOf(result);
  try {
    return JSON.parse(text);
  } catch {
    const nl = text.indexOf('\n');
    return JSON.parse(text.slice(nl + 1));
  }
}

// Fails when any canary appears in any of the texts.
export function assertNoCanary(assert, keys, ...texts) {
  for (const key of Object.values(keys)) {
    for (const text of texts) assert.ok(!String(text).includes(key), 'a canary token leaked');
  }
}

// One call to the whole stack: fake with accounts, server, client.
export async function startStack(t, { names = ['dev', 'staging', 'prod'], configOptions = {}, env = {}, args } = {}) {
  const { fake, keys } = await startFake(t, names);
  const config = instancesConfig(fake, names, configOptions);
  const conn = await connect(t, { config, env: { ...tokenEnv(names, keys), ...env }, args });
  return { fake, keys, config, ...conn };
}
