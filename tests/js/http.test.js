// The Streamable HTTP server: the real CLI started with --http on port 0,
// driven by the official SDK client and by plain requests, against the
// fake BusinessMap API with three accounts. The last tests drive the
// handler in process to reach the session cap, the idle timeout and the
// id rewriting without waiting on real clocks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { createHttpHandler, topLevelMember } from '../../host-js/http-handler.js';
import { loadNodeCore } from '../../host-js/node-core.js';
import { startupDocument } from '../../host-js/startup.js';
import {
  CLI, assertNoCanary, canary, instancesConfig, jsonOf, startFake, tempDir, textOf, tokenEnv,
} from './helpers/stack.js';

const NAMES = ['dev', 'staging', 'prod'];
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

// Spawns `businessmap-mcp --http --port 0` and resolves once it listens.
async function startServer(t, { fake, keys, args = [], env = {}, names = NAMES }) {
  const dir = tempDir(t);
  const cfgPath = join(dir, 'instances.json');
  writeFileSync(cfgPath, JSON.stringify(instancesConfig(fake, names)));
  const child = spawn(process.execPath, [CLI, '--http', '--port', '0', '--config', cfgPath,
    '--log-level', 'debug', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ALLOW_INSECURE_LOCALHOST: 'true',
      ...(process.env.BUSINESSMAP_CORE_WASM ? { BUSINESSMAP_CORE_WASM: process.env.BUSINESSMAP_CORE_WASM } : {}),
      ...tokenEnv(names, keys),
      ...env,
    },
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /Streamable HTTP at (http:\/\/\S+\/mcp)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    exited.then(({ code }) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
  });
  return { url, child, exited, stderr: () => stderr, stdout: () => stdout };
}

async function connectClient(t, url, { token, headers = {} } = {}) {
  const auth = token ? { authorization: `Bearer ${token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { ...auth, ...headers } },
  });
  const client = new Client({ name: 'bm-http-test', version: '1.0.0' });
  await client.connect(transport);
  t.after(() => client.close().catch(() => {}));
  return { client, transport };
}

function post(url, message, headers = {}) {
  return fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(message) });
}

async function errorCode(res) {
  const body = await res.json();
  return body.error?.data?.code;
}

const initialize = (id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

// A request with a Host header of our choosing (fetch will not send one).
function rawRequest(url, { method = 'GET', headers = {}, chunks = [] }) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

// Calls list_workspaces on each instance and checks each answer came
// from that instance's own account of the fake.
// Returns every result text, for the canary scan of what the server sent.
async function callEachInstance(client, fake) {
  const seen = [];
  for (const name of NAMES) {
    const before = fake.count(name, 'GET', '/workspaces');
    const result = await client.callTool({ name: 'list_workspaces', arguments: { instance: name } });
    assert.ok(!result.isError, textOf(result));
    const workspaces = jsonOf(result);
    assert.ok(Array.isArray(workspaces) && workspaces.length > 0);
    assert.ok(workspaces.every((w) => w.name.startsWith(`${name} `)), `workspaces of ${name}`);
    assert.equal(fake.count(name, 'GET', '/workspaces'), before + 1);
    seen.push(JSON.stringify(result));
    for (const [tool, args] of [['get_instance_info', { instance: name }], ['health_check', { instance: name }],
      ['get_card', { instance: name, card_id: 999999999 }]]) {
      seen.push(JSON.stringify(await client.callTool({ name: tool, arguments: args })));
    }
  }
  return seen;
}

test('stateful: initialize, tools/list and one call per instance; DELETE ends the session', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const server = await startServer(t, { fake, keys });
  const { client, transport } = await connectClient(t, server.url);

  assert.match(transport.sessionId, /^[0-9a-f-]{36}$/);
  assert.equal(client.getServerVersion().name, 'businessmap-mcp');
  const { tools } = await client.listTools();
  assert.ok(tools.some((tool) => tool.name === 'list_workspaces'));
  const seen = await callEachInstance(client, fake);

  const sid = transport.sessionId;
  await transport.terminateSession();
  const after = await post(server.url, { jsonrpc: '2.0', id: 9, method: 'tools/list' },
    { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' });
  assert.equal(after.status, 404);
  assert.equal(await errorCode(after), 'BM_HTTP_SESSION_NOT_FOUND');

  const unknown = await post(server.url, { jsonrpc: '2.0', id: 9, method: 'tools/list' },
    { 'mcp-session-id': 'no-such-session' });
  assert.equal(unknown.status, 404);
  const missing = await post(server.url, { jsonrpc: '2.0', id: 9, method: 'tools/list' });
  assert.equal(missing.status, 400);
  assert.equal(await errorCode(missing), 'BM_HTTP_SESSION_REQUIRED');
  assertNoCanary(assert, keys, server.stderr(), server.stdout(), ...seen);
});

test('stateless: no session id, every request stands alone', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const server = await startServer(t, { fake, keys, args: ['--stateless'] });
  const { client, transport } = await connectClient(t, server.url);

  assert.equal(transport.sessionId, undefined);
  const { tools } = await client.listTools();
  assert.ok(tools.length > 5);
  const seen = await callEachInstance(client, fake);

  // A bare tools/list, with no initialize before it, is answered.
  const res = await post(server.url, { jsonrpc: '2.0', id: 'x', method: 'tools/list' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('mcp-session-id'), null);
  const body = await res.json();
  assert.equal(body.id, 'x');
  assert.ok(body.result.tools.length > 5);

  const note = await post(server.url, { jsonrpc: '2.0', method: 'notifications/initialized' });
  assert.equal(note.status, 202);
  assert.equal(await note.text(), '');
  const del = await fetch(server.url, { method: 'DELETE' });
  assert.equal(del.status, 405);
  assertNoCanary(assert, keys, server.stderr(), server.stdout(), ...seen);
});

test('protection: token, origin, host, protocol version, size, methods, health', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const token = canary('bearer');
  const server = await startServer(t, { fake, keys, env: { BUSINESSMAP_MCP_AUTH_TOKEN: token } });
  const auth = { authorization: `Bearer ${token}` };
  const health = server.url.replace(/\/mcp$/, '/health');

  // The SDK client with the right token works; without or with a wrong one
  // it is refused with 401.
  const { client } = await connectClient(t, server.url, { token });
  assert.ok((await client.listTools()).tools.length > 0);
  await assert.rejects(connectClient(t, server.url), (err) => err.code === 401);
  await assert.rejects(connectClient(t, server.url, { token: `${token}x` }), (err) => err.code === 401);
  for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: `Basic ${token}` }]) {
    const res = await post(server.url, initialize(), headers);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate'), /^Bearer/);
    assert.equal(await errorCode(res), 'BM_HTTP_UNAUTHORIZED');
  }

  // Origin: refused when foreign, allowed (with CORS) for loopback pages.
  const evil = await post(server.url, initialize(), { ...auth, origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  assert.equal(await errorCode(evil), 'BM_HTTP_ORIGIN_NOT_ALLOWED');
  const local = await post(server.url, initialize(), { ...auth, origin: 'http://localhost:5173' });
  assert.equal(local.status, 200);
  assert.equal(local.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.match(local.headers.get('access-control-expose-headers'), /Mcp-Session-Id/);
  assert.ok(local.headers.get('mcp-session-id'));
  const preflight = await fetch(server.url, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://127.0.0.1:8080',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, mcp-session-id',
    },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers'), /Authorization/);
  assert.match(preflight.headers.get('access-control-allow-headers'), /Mcp-Session-Id/);
  assert.match(preflight.headers.get('access-control-allow-methods'), /DELETE/);

  // Host: a rebound name is refused; the loopback names pass.
  const port = new URL(server.url).port;
  const body = JSON.stringify(initialize());
  const hostHeaders = (host) => ({ ...JSON_HEADERS, ...auth, host, 'content-length': Buffer.byteLength(body) });
  const rebound = await rawRequest(server.url, { method: 'POST', headers: hostHeaders(`evil.example:${port}`), chunks: [body] });
  assert.equal(rebound.status, 403);
  assert.equal(JSON.parse(rebound.body).error.data.code, 'BM_HTTP_HOST_NOT_ALLOWED');
  const named = await rawRequest(server.url, { method: 'POST', headers: hostHeaders(`localhost:${port}`), chunks: [body] });
  assert.equal(named.status, 200);

  // MCP-Protocol-Version: unknown versions are refused; the three known pass.
  const bad = await post(server.url, initialize(), { ...auth, 'mcp-protocol-version': '2024-01-01' });
  assert.equal(bad.status, 400);
  assert.equal(await errorCode(bad), 'BM_HTTP_BAD_PROTOCOL_VERSION');
  for (const v of ['2025-11-25', '2025-06-18', '2025-03-26']) {
    const ok = await post(server.url, initialize(), { ...auth, 'mcp-protocol-version': v });
    assert.equal(ok.status, 200, v);
  }

  // Size: a declared length over the cap, and a chunked body over it.
  const big = '{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"' + 'x'.repeat(5 * 1024 * 1024) + '"}}';
  const tooBig = await post(server.url, JSON.parse(big), auth);
  assert.equal(tooBig.status, 413);
  assert.equal(await errorCode(tooBig), 'BM_HTTP_BODY_TOO_LARGE');
  const chunk = 'x'.repeat(1024 * 1024);
  const chunked = await rawRequest(server.url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...auth, 'transfer-encoding': 'chunked' },
    chunks: ['{"pad":"', chunk, chunk, chunk, chunk, chunk, '"}'],
  });
  assert.equal(chunked.status, 413);

  // Other malformed bodies.
  const notJson = await fetch(server.url, { method: 'POST', headers: { ...JSON_HEADERS, ...auth }, body: '{oops' });
  assert.equal(notJson.status, 400);
  assert.equal(await errorCode(notJson), 'BM_HTTP_PARSE_ERROR');
  const batch = await post(server.url, [initialize(1), initialize(2)], auth);
  assert.equal(batch.status, 400);
  assert.equal(await errorCode(batch), 'BM_HTTP_INVALID_MESSAGE');
  const text = await fetch(server.url, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
  assert.equal(text.status, 415);

  // Methods and the probe.
  const get = await fetch(server.url, { headers: { ...auth, accept: 'text/event-stream' } });
  assert.equal(get.status, 405);
  assert.equal(await errorCode(get), 'BM_HTTP_METHOD_NOT_ALLOWED');
  assert.match(get.headers.get('allow'), /POST/);
  const alive = await fetch(health);
  assert.equal(alive.status, 200);
  assert.equal((await alive.json()).status, 'ok');
  assert.equal((await fetch(server.url.replace(/\/mcp$/, '/elsewhere'), { headers: auth })).status, 404);

  // The bearer token and the API keys never reach the log.
  assertNoCanary(assert, { ...keys, bearer: token }, server.stderr(), server.stdout());
});

test('beyond loopback the server refuses to start without a bearer token', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  await assert.rejects(startServer(t, { fake, keys, args: ['--host', '0.0.0.0'] }), /exited with 2: .*BM_HTTP_AUTH_REQUIRED/s);
});

test('SIGTERM lets a request in flight finish, then the server exits', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const server = await startServer(t, { fake, keys });
  const { client } = await connectClient(t, server.url);
  fake.inject('prod', { kind: 'delay', delayMs: 1200, path: '/workspaces' });

  const pending = client.callTool({ name: 'list_workspaces', arguments: { instance: 'prod' } });
  const deadline = Date.now() + 5000;
  while (fake.count('prod', 'GET', '/workspaces') === 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(fake.count('prod', 'GET', '/workspaces'), 1);
  server.child.kill('SIGTERM');

  const result = await pending;
  assert.ok(!result.isError, textOf(result));
  assert.ok(jsonOf(result).length > 0);
  const { code } = await server.exited;
  assert.equal(code, 0);
  assert.match(server.stderr(), /SIGTERM: finishing the requests in flight/);
  await assert.rejects(fetch(server.url.replace(/\/mcp$/, '/health')));
});

// ---- the handler in process ---------------------------------------------------

// A handler over a real core and the fake, served without a socket.
async function inProcess(t, options = {}) {
  const core = await loadNodeCore();
  const { fake, keys } = await startFake(t, NAMES);
  const config = instancesConfig(fake, NAMES);
  const env = { ...tokenEnv(NAMES, keys), ALLOW_INSECURE_LOCALHOST: 'true' };
  const source = { text: JSON.stringify(config), source: 'test' };
  let engines = 0;
  const handler = createHttpHandler({
    createEngine: () => {
      engines++;
      return core.createEngine(startupDocument(source, env));
    },
    credential: (name) => env[name],
    loopback: true,
    ...options,
  });
  t.after(() => handler.close());
  const call = (message, headers = {}) => handler.fetch(new Request('http://127.0.0.1/mcp', {
    method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(message),
  }));
  return { handler, call, fake, engines: () => engines };
}

test('sessions: a cap on live sessions and an idle timeout', async (t) => {
  const timers = new Map();
  let next = 0;
  const { handler, call, engines } = await inProcess(t, {
    maxSessions: 2,
    sessionIdleMs: 1000,
    setTimer: (fn, ms) => {
      const id = ++next;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimer: (id) => timers.delete(id),
  });
  const a = await call(initialize());
  const b = await call(initialize());
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  const third = await call(initialize());
  assert.equal(third.status, 503);
  assert.equal(await errorCode(third), 'BM_HTTP_TOO_MANY_SESSIONS');
  assert.equal(handler.sessionCount, 2);
  assert.equal(engines(), 2);

  // The idle clocks fire: both sessions end, their ids become unknown,
  // and a new session can start.
  for (const [id, { fn, ms }] of [...timers]) {
    if (ms !== 1000) continue;
    timers.delete(id);
    fn();
  }
  assert.equal(handler.sessionCount, 0);
  const gone = await call({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': a.headers.get('mcp-session-id') });
  assert.equal(gone.status, 404);
  assert.equal((await call(initialize())).status, 200);
});

test('stateless: two clients may use the same id at once', async (t) => {
  const { call, fake, engines } = await inProcess(t, { stateless: true });
  fake.inject('dev', { kind: 'delay', delayMs: 300, path: '/workspaces' });
  const slow = call({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_workspaces', arguments: { instance: 'dev' } } });
  const fast = call({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  const [s, f] = await Promise.all([slow, fast]);
  const sb = await s.json();
  const fb = await f.json();
  assert.equal(sb.id, 1);
  assert.equal(fb.id, 1);
  assert.ok(Array.isArray(fb.result.tools));
  assert.ok(sb.result.content[0].text.includes('dev '));
  assert.equal(engines(), 1);
  const response = await call({ jsonrpc: '2.0', id: 5, result: {} });
  assert.equal(response.status, 202);
});

test('a client that goes away cancels its call', async (t) => {
  const { handler, fake } = await inProcess(t, { stateless: true });
  fake.inject('staging', { kind: 'delay', delayMs: 2000, path: '/workspaces' });
  const abort = new AbortController();
  const pending = handler.fetch(new Request('http://127.0.0.1/mcp', {
    method: 'POST',
    headers: JSON_HEADERS,
    signal: abort.signal,
    body: JSON.stringify({
      jsonrpc: '2.0', id: 3, method: 'tools/call',
      params: { name: 'list_workspaces', arguments: { instance: 'staging' } },
    }),
  }));
  setTimeout(() => abort.abort(), 100);
  const res = await pending;
  assert.equal(res.status, 499);
});

test('topLevelMember finds only the top-level member', () => {
  const text = '{"a":{"id":1},"s":"\\"id\\":2","id" : "x" ,"z":[1,{"id":3}]}';
  const span = topLevelMember(text, 'id');
  assert.equal(text.slice(span.start, span.end), '"x"');
  assert.equal(topLevelMember('{"a":1}', 'id'), null);
  assert.equal(topLevelMember('[1]', 'id'), null);
});

test('allow-lists: configured origins and hosts replace the loopback defaults', async (t) => {
  const { handler } = await inProcess(t, {
    loopback: false,
    authToken: 'a-long-enough-secret',
    allowedOrigins: 'https://app.example, https://other.example',
    allowedHosts: ['mcp.example'],
    stateless: true,
  });
  const send = (url, origin) => handler.fetch(new Request(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, authorization: 'Bearer a-long-enough-secret', ...(origin ? { origin } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  }));
  const ok = await send('https://mcp.example/mcp', 'https://app.example');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example');
  assert.equal((await send('https://mcp.example/mcp')).status, 200);
  const local = await send('https://mcp.example/mcp', 'http://localhost:3000');
  assert.equal(await errorCode(local), 'BM_HTTP_ORIGIN_NOT_ALLOWED');
  const host = await send('http://127.0.0.1/mcp', 'https://app.example');
  assert.equal(await errorCode(host), 'BM_HTTP_HOST_NOT_ALLOWED');
  assert.throws(() => createHttpHandler({ createEngine: () => null, loopback: false }),
    (err) => err.code === 'BM_HTTP_AUTH_REQUIRED');
});

test('logs asked for with logging/setLevel arrive as SSE events before the answer', async (t) => {
  const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const { fake, keys } = await startFake(t, NAMES);
  const server = await startServer(t, { fake, keys });
  const { client, transport } = await connectClient(t, server.url);
  const notes = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => notes.push(n.params));
  await client.setLoggingLevel('debug');
  const result = await client.callTool({ name: 'get_current_user', arguments: { instance: 'dev' } });
  assert.ok(!result.isError, textOf(result));
  assert.ok(notes.some((n) => /GET dev \/me -> 200/.test(n.data)), JSON.stringify(notes));

  // A client that takes only JSON gets the answer as JSON; the logs have
  // no stream to ride on and are dropped.
  const plain = await post(server.url,
    { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_current_user', arguments: { instance: 'dev' } } },
    { accept: 'application/json', 'mcp-session-id': transport.sessionId, 'mcp-protocol-version': '2025-11-25' });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get('content-type'), 'application/json');
  assert.equal((await plain.json()).id, 7);
  assertNoCanary(assert, keys, JSON.stringify(notes), server.stderr(), server.stdout());
});

test('stateless: logging/setLevel turns on no logs that other clients would see', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const server = await startServer(t, { fake, keys, args: ['--stateless'] });
  const set = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'debug' } });
  assert.equal(set.status, 200);
  assert.deepEqual((await set.json()).result, {});
  const call = await post(server.url,
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_current_user', arguments: { instance: 'dev' } } });
  assert.equal(call.headers.get('content-type'), 'application/json');
  assert.equal((await call.json()).id, 2);
});
