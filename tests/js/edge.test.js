// The edge entry (host-js/edge.js) inside workerd, through Miniflare,
// with the .wasm imported as a compiled module and the configuration and
// secrets as bindings. The official SDK client talks to it over
// Streamable HTTP; the worker's fetch reaches the fake API on 127.0.0.1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Miniflare } from 'miniflare';

import {
  assertNoCanary, canary, instancesConfig, jsonOf, startFake, textOf, tokenEnv,
} from './helpers/stack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = ['dev', 'staging', 'prod'];
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

// The same rules examples/edge/wrangler.toml gives Wrangler: .js files are
// ES modules, .wasm files compiled modules.
const MODULE_RULES = [
  { type: 'ESModule', include: ['**/*.js'] },
  { type: 'CompiledWasm', include: ['**/*.wasm'] },
];

// The worker's console output is kept, to check no secret reaches it.
async function startEdge(t, bindings) {
  let output = '';
  const collect = (stream) => stream.on('data', (d) => { output += d; });
  const mf = new Miniflare({
    modules: true,
    scriptPath: 'host-js/edge.js',
    modulesRoot: ROOT,
    rootPath: ROOT,
    modulesRules: MODULE_RULES,
    bindings,
    compatibilityDate: '2025-09-01',
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      collect(stdout);
      collect(stderr);
    },
  });
  t.after(() => mf.dispose());
  const base = await mf.ready;
  return { mf, url: new URL('/mcp', base), output: () => output };
}

async function startStack(t) {
  const { fake, keys } = await startFake(t, NAMES);
  const token = canary('bearer');
  const { mf, url, output } = await startEdge(t, {
    BUSINESSMAP_INSTANCES: JSON.stringify(instancesConfig(fake, NAMES)),
    BUSINESSMAP_MCP_AUTH_TOKEN: token,
    ALLOW_INSECURE_LOCALHOST: 'true',
    ...tokenEnv(NAMES, keys),
  });
  return { fake, keys, token, mf, url, output };
}

test('edge: the SDK client initializes, lists tools and calls each instance', async (t) => {
  const { fake, keys, token, url, output } = await startStack(t);
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'bm-edge-test', version: '1.0.0' });
  await client.connect(transport);
  t.after(() => client.close().catch(() => {}));

  assert.equal(transport.sessionId, undefined, 'the edge is stateless');
  assert.equal(client.getServerVersion().name, 'businessmap-mcp');
  const { tools } = await client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'list_workspaces'));
  assert.ok(tools.some((tool) => tool.name === 'list_instances'));

  for (const name of NAMES) {
    const result = await client.callTool({ name: 'list_workspaces', arguments: { instance: name } });
    assert.ok(!result.isError, textOf(result));
    const workspaces = jsonOf(result);
    assert.ok(workspaces.length > 0 && workspaces.every((w) => w.name.startsWith(`${name} `)));
    assert.equal(fake.count(name, 'GET', '/workspaces'), 1);
  }
  const listed = jsonOf(await client.callTool({ name: 'list_instances', arguments: {} }));
  assert.deepEqual(listed.instances.map((i) => i.name), NAMES);
  assertNoCanary(assert, { ...keys, bearer: token }, output());
});

test('edge: a foreign origin gets 403 and a missing bearer token 401', async (t) => {
  const { keys, token, url, output } = await startStack(t);
  const init = JSON.stringify({
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });

  const evil = await fetch(url, {
    method: 'POST', body: init,
    headers: { ...JSON_HEADERS, authorization: `Bearer ${token}`, origin: 'https://evil.example' },
  });
  assert.equal(evil.status, 403);
  assert.equal((await evil.json()).error.data.code, 'BM_HTTP_ORIGIN_NOT_ALLOWED');

  const anonymous = await fetch(url, { method: 'POST', body: init, headers: JSON_HEADERS });
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.data.code, 'BM_HTTP_UNAUTHORIZED');

  const client = new Client({ name: 'bm-edge-test', version: '1.0.0' });
  await assert.rejects(client.connect(new StreamableHTTPClientTransport(url)), (err) => err.code === 401);

  const ok = await fetch(url, { method: 'POST', body: init, headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` } });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).id, 1);
  assert.match(output(), /refused Origin https:\/\/evil\.example/);
  assertNoCanary(assert, { ...keys, bearer: token }, output());
});

test('edge: without an auth token or with a bad configuration it fails closed', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const noToken = await startEdge(t, {
    BUSINESSMAP_INSTANCES: JSON.stringify(instancesConfig(fake, NAMES)),
    ALLOW_INSECURE_LOCALHOST: 'true',
    ...tokenEnv(NAMES, keys),
  });
  const res = await fetch(noToken.url, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
  assert.equal(res.status, 500);
  assert.equal((await res.json()).error.data.code, 'BM_HTTP_AUTH_REQUIRED');

  const badConfig = await startEdge(t, {
    BUSINESSMAP_INSTANCES: '{"instances": [',
    BUSINESSMAP_MCP_AUTH_TOKEN: 'x'.repeat(32),
  });
  const bad = await fetch(badConfig.url, { method: 'POST', headers: JSON_HEADERS, body: '{}' });
  assert.equal(bad.status, 500);
  const body = await bad.json();
  assert.equal(body.error.data.code, 'BM_CONFIG_INVALID');
  assert.equal(body.error.data.problems, undefined, 'details stay in the logs');
  assert.match(badConfig.output(), /BUSINESSMAP_INSTANCES: \$: /);
});
