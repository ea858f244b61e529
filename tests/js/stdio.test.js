// The stdio server end to end: the official MCP SDK client talks to the
// real server, which talks over HTTP to three fake BusinessMap accounts.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import {
  CLI, assertNoCanary, connect, instancesConfig, jsonOf, startFake, startStack, tempDir, textOf, tokenEnv,
} from './helpers/stack.js';

const NAMES = ['dev', 'staging', 'prod'];

test('lists tools in a stable order, with titles and annotations', async (t) => {
  const s = await startStack(t);
  const a = await s.client.listTools();
  const b = await s.client.listTools();
  assert.deepEqual(a.tools.map((x) => x.name), b.tools.map((x) => x.name));
  const names = a.tools.map((x) => x.name);
  for (const n of ['list_instances', 'get_instance_info', 'list_workspaces', 'get_workspace', 'list_boards',
    'get_board', 'get_current_board_structure', 'list_cards', 'get_card', 'get_current_user', 'health_check',
    'create_card']) {
    assert.ok(names.includes(n), `${n} is listed`);
  }
  const getCard = a.tools.find((x) => x.name === 'get_card');
  assert.equal(getCard.title, 'Get Card');
  assert.equal(getCard.annotations.readOnlyHint, true);
  assert.ok(getCard.inputSchema.properties.instance, 'instance argument advertised');
});

test('each call lands on the account it names, the default otherwise', async (t) => {
  const s = await startStack(t);
  for (const name of NAMES) {
    s.fake.clearLog();
    const r = await s.call('get_current_user', { instance: name });
    assert.ok(!r.isError, textOf(r));
    for (const other of NAMES) {
      assert.equal(s.fake.count(other, 'GET', '/me'), other === name ? 1 : 0, `${name} → ${other}`);
    }
  }
  s.fake.clearLog();
  const ws = await s.call('list_workspaces');
  assert.ok(jsonOf(ws).some((w) => w.name.startsWith('prod ')), 'default instance is prod');
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 1);
  assert.equal(s.fake.count('dev', 'GET', '/workspaces'), 0);
});

test('an unknown instance fails before any request and lists the valid names', async (t) => {
  const s = await startStack(t);
  s.fake.clearLog();
  const r = await s.call('list_boards', { instance: 'qa' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /Instance 'qa' not found/);
  assert.match(textOf(r), /dev, staging, prod/);
  for (const n of NAMES) assert.equal(s.fake.requests(n).length, 0);
});

test('a read-only instance refuses writes with zero requests sent', async (t) => {
  const s = await startStack(t, { configOptions: { readOnly: ['prod'] } });
  const fx = s.fake.fixtures('prod');
  s.fake.clearLog();
  const r = await s.call('create_card', { title: 'Nope', column_id: fx.columnIds.backlog });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /read-only mode \(instance 'prod'\)/);
  assert.equal(s.fake.requests('prod').length, 0);
  const names = (await s.client.listTools()).tools.map((x) => x.name);
  assert.ok(names.includes('create_card'), 'still listed: other instances are writable');
});

test('create_card on a writable instance posts once and returns the card', async (t) => {
  const s = await startStack(t);
  const fx = s.fake.fixtures('dev');
  const r = await s.call('create_card', { instance: 'dev', title: 'From MCP', column_id: fx.columnIds.backlog });
  assert.ok(!r.isError, textOf(r));
  assert.match(textOf(r), /^Card created successfully:/);
  assert.equal(jsonOf(r).title, 'From MCP');
  assert.equal(s.fake.count('dev', 'POST', '/cards'), 1);
});

test('list_cards pages through a board', async (t) => {
  const s = await startStack(t);
  const fx = s.fake.fixtures('staging');
  const r = await s.call('list_cards', { instance: 'staging', board_id: fx.mainBoardId, per_page: 5 });
  const body = jsonOf(r);
  assert.equal(body.data.length, 5);
  assert.ok(body.pagination.all_pages >= 2);
  const req = s.fake.requests('staging').at(-1);
  assert.equal(req.path, '/cards');
  assert.equal(req.query.per_page, '5');
  assert.equal(String(req.query.board_ids), String(fx.mainBoardId));
});

test('instance tools answer without any API call', async (t) => {
  const s = await startStack(t);
  s.fake.clearLog();
  const list = jsonOf(await s.call('list_instances'));
  assert.equal(list.mode, 'multi-instance');
  assert.equal(list.defaultInstance, 'prod');
  assert.equal(list.totalInstances, 3);
  const info = jsonOf(await s.call('get_instance_info', { instance: 'staging' }));
  assert.equal(info.tokenEnvVar, 'BM_TOKEN_STAGING');
  for (const n of NAMES) assert.equal(s.fake.requests(n).length, 0);
});

test('canary tokens never appear in stdout, stderr or results', async (t) => {
  const s = await startStack(t);
  await s.call('health_check', { instance: 'dev' });
  await s.call('get_card', { card_id: 999999999 });
  await s.call('get_instance_info', { instance: 'prod' });
  await s.call('list_instances');
  await s.client.readResource({ uri: 'businessmap://workspaces' });
  assertNoCanary(assert, s.keys, s.stderr(), ...s.seen);
  assert.match(s.stderr(), /DEBUG GET prod \/cards\/999999999 -> 404/, 'debug logging is on');
});

test('a wrong token is reported by variable name, never by value', async (t) => {
  const { fake, keys } = await startFake(t, NAMES);
  const config = instancesConfig(fake, NAMES);
  const env = tokenEnv(NAMES, keys);
  env.BM_TOKEN_DEV = `${keys.dev}-wrong`;
  const s = await connect(t, { config, env });
  const r = await s.call('get_current_user', { instance: 'dev' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /instance 'dev' \(variable BM_TOKEN_DEV\) was rejected/);
  assertNoCanary(assert, keys, s.stderr(), ...s.seen);
});

function runCli(args, { env = {}, input } = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    input,
    encoding: 'utf8',
    timeout: 20000,
  });
}

test('validate prints FILE:LINE:COL: path: message and exits 0, 1 or 2', (t) => {
  const dir = tempDir(t);
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({
    defaultInstance: 'a',
    instances: [{ name: 'a', apiUrl: 'https://a.kanbanize.com/api/v2', apiTokenEnv: 'A_TOKEN' }],
  }));
  const ok = runCli(['validate', good], { env: { A_TOKEN: 'x' } });
  assert.equal(ok.status, 0, ok.stderr);

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "instances": [\n    {"name": "a", "apiUrl": "http://evil.example.com",\n' +
    '     "apiTokenEnv": "A_TOKEN", "readOnly": true}\n  ]\n}\n');
  const r = runCli(['validate', bad], { env: { A_TOKEN: 'x' } });
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  assert.ok(lines.every((l) => l.startsWith(`${bad}:`)), r.stdout);
  assert.ok(lines.some((l) => /:3:\d+: \$\.instances\[0\]\.apiUrl: /.test(l)), r.stdout);
  assert.ok(lines.some((l) => /:4:\d+: \$\.instances\[0\]\.readOnly: .*readOnlyMode/.test(l)), r.stdout);

  const missing = runCli(['validate', join(dir, 'nope.json')]);
  assert.equal(missing.status, 2);
});

test('the server refuses to start on an invalid configuration', (t) => {
  const dir = tempDir(t);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"instances": []}');
  const r = runCli(['--config', bad], { input: '' });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '', 'stdout carries only MCP messages');
  assert.match(r.stderr, /ERROR .*bad\.json/);
});

test('stdio framing: CRLF, blank lines, oversize lines, exit on EOF', async (t) => {
  const { fake, keys } = await startFake(t, ['dev']);
  const dir = tempDir(t);
  const cfg = join(dir, 'c.json');
  writeFileSync(cfg, JSON.stringify(instancesConfig(fake, ['dev'])));
  const child = spawn(process.execPath, [CLI, '--config', cfg], {
    env: { PATH: process.env.PATH, ALLOW_INSECURE_LOCALHOST: 'true', ...tokenEnv(['dev'], keys) },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}\r\n');
  child.stdin.write('\n\r\n');
  child.stdin.write(`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}}\n`);
  child.stdin.write('{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
  child.stdin.end();
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, err);
  const msgs = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(msgs[0].result.protocolVersion, '2025-06-18');
  assert.equal(msgs[1].error.code, -32600);
  assert.equal(msgs[1].id, null);
  assert.deepEqual(msgs[2], { jsonrpc: '2.0', id: 3, result: {} });
});

test('logging/setLevel sends the server log to the client, never a token', async (t) => {
  const { LoggingMessageNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
  const s = await startStack(t);
  const notes = [];
  s.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => notes.push(n.params));
  await s.client.setLoggingLevel('debug');
  await s.call('get_current_user', { instance: 'dev' });
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(notes.some((n) => n.level === 'debug' && /GET dev \/me -> 200/.test(n.data)), JSON.stringify(notes));
  assertNoCanary(assert, s.keys, JSON.stringify(notes));
  await assert.rejects(s.client.setLoggingLevel('loud'), (err) => err.code === -32602);
});
