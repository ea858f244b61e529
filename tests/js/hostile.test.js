// Hostile input end to end: one running stdio server gets a few hundred
// bad lines, raw bytes, no SDK. Each line must get the answer JSON-RPC 2.0
// and MCP prescribe (-32700 with id null for what is not JSON, -32600 for
// what is not a request, -32601 for unknown methods, -32602 for bad
// params, an isError result for bad tool arguments, nothing for
// notifications), and a ping sent right after each one must still be
// answered. No hostile line may reach the API, and the canary token must
// never appear in anything the server writes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CLI, assertNoCanary, instancesConfig, startFake, tempDir, tokenEnv } from './helpers/stack.js';

const NAMES = ['main', 'ro'];

// ---- the server as raw lines ------------------------------------------------

// Spawns the server; send(bytes) writes one line, then a ping, and resolves
// with every message written before the ping's answer.
async function startServer(t) {
  const { fake, keys } = await startFake(t, NAMES);
  const dir = tempDir(t);
  const cfg = join(dir, 'instances.json');
  writeFileSync(cfg, JSON.stringify(instancesConfig(fake, NAMES, { defaultInstance: 'main', readOnly: ['ro'] })));
  const child = spawn(process.execPath, [CLI, '--config', cfg, '--log-level', 'debug'], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      ALLOW_INSECURE_LOCALHOST: 'true',
      BUSINESSMAP_TOOL_PROFILE: 'full',
      ...(process.env.BUSINESSMAP_CORE_WASM ? { BUSINESSMAP_CORE_WASM: process.env.BUSINESSMAP_CORE_WASM } : {}),
      ...tokenEnv(NAMES, keys),
    },
    cwd: dir,
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(() => child.kill());

  let stdout = '';
  let stderr = '';
  let pending = '';
  const inbox = [];
  let waiter = null;
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => {
    stdout += d;
    pending += d;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      inbox.push(JSON.parse(line));
      waiter?.();
    }
  });

  let probes = 0;
  const waitFor = (id) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${id}; stderr:\n${stderr.slice(-2000)}`)), 20000);
    const look = () => {
      const i = inbox.findIndex((m) => m.id === id && !('method' in m));
      if (i < 0) return;
      clearTimeout(timer);
      waiter = null;
      resolve(inbox.splice(0, i + 1));
    };
    waiter = look;
    look();
  });

  const write = (bytes) => new Promise((resolve) => {
    if (child.stdin.write(bytes)) resolve();
    else child.stdin.once('drain', resolve);
  });

  // Sends one line, then a ping; returns [answers to the line, the pong].
  const send = async (input) => {
    const probe = `probe-${++probes}`;
    const line = Buffer.isBuffer(input) ? input : Buffer.from(input);
    await write(Buffer.concat([line, Buffer.from('\n')]));
    await write(`{"jsonrpc":"2.0","id":"${probe}","method":"ping"}\n`);
    const got = await waitFor(probe);
    return [got.slice(0, -1), got.at(-1)];
  };

  // Sends one request and waits for its own answer.
  const request = async (line, id) => {
    await write(`${line}\n`);
    return (await waitFor(id)).at(-1);
  };

  const close = async () => {
    child.stdin.end();
    return exited;
  };
  return { fake, keys, send, request, close, output: () => stdout, errors: () => stderr };
}

// ---- the table ----------------------------------------------------------------

const rpc = (id, method, params) =>
  JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
const call = (id, name, args) => rpc(id, 'tools/call', args === undefined ? { name } : { name, arguments: args });
// Raw bytes: strings are taken byte for byte, arrays are byte values.
const bytes = (...parts) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

// Expectations: {code, id} for a JSON-RPC error (id undefined: null),
// {none: true} for silence, {result: true, id} for a success, {tool: re, id}
// for an isError tool result whose text matches re.
const cases = [];
const add = (name, input, expect) => cases.push({ name, input, expect });

// Before initialize: only ping is served (MCP lifecycle).
const beforeInit = [];
const pre = (name, input, expect) => beforeInit.push({ name, input, expect });
pre('tools/list before initialize', rpc('b1', 'tools/list'), { code: -32600, id: 'b1' });
pre('tools/call before initialize', call('b2', 'get_card', { card_id: 1 }), { code: -32600, id: 'b2' });
pre('resources/list before initialize', rpc('b3', 'resources/list'), { code: -32600, id: 'b3' });
pre('prompts/list before initialize', rpc('b4', 'prompts/list'), { code: -32600, id: 'b4' });
pre('unknown method before initialize', rpc('b5', 'nope'), { code: -32600, id: 'b5' });
pre('notification before initialize', JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  { none: true });
pre('ping before initialize', rpc('b6', 'ping'), { result: true, id: 'b6' });
pre('garbage before initialize', '{"jsonrpc":', { code: -32700 });

// Not JSON at all: -32700 with id null (JSON-RPC 2.0 §5.1).
const valid = call(7, 'get_card', { card_id: 42, detail_level: 'full' });
for (let cut = 1; cut < valid.length; cut += Math.ceil(valid.length / 30)) {
  add(`truncated at ${cut}`, valid.slice(0, cut), { code: -32700 });
}
for (const text of [
  '{', '}', '[', ']', '{"a":}', "{'jsonrpc':'2.0'}", '{"a":1,}', '[1,]', 'nul', 'tru', 'fals', 'undefined',
  '{"jsonrpc":"2.0" "id":1}', '{"jsonrpc":"2.0",,"id":1}', '// comment', '/* c */ {}', '{"a":NaN}',
  '{"a":Infinity}', '{"a":-Infinity}', '{"a":01}', '{"a":0x10}', '{"a":1.}', '{"a":.5}', '{"a":+1}',
  '{"a":"unterminated}', '{"a":"bad \\x escape"}', '{"a":"\\u12"}', '{"a":"\\ud800"}', '{"a":"\\udc00\\ud800"}',
  '{} x', '{}{}', '{"jsonrpc":"2.0","id":1,"method":"ping"}}', '"unclosed', '   ', '\t', '{"a" 1}',
  '{1:2}', '{"a":[1 2]}', '{"a":tRue}',
]) add(`not JSON: ${text.slice(0, 30)}`, text, { code: -32700 });

// Bytes that are not UTF-8, control characters and NULs.
add('0xFF in a string', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0xff], '"}'), { code: -32700 });
add('overlong slash', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0xc0, 0xaf], '"}'), { code: -32700 });
add('encoded surrogate', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0xed, 0xa0, 0x80], '"}'), { code: -32700 });
add('cut multibyte', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0xe2, 0x82], '"}'), { code: -32700 });
add('past U+10FFFF', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0xf4, 0x90, 0x80, 0x80], '"}'), { code: -32700 });
add('lone continuation byte', bytes('{"jsonrpc":"2.0","id":1,"method":"ping","x":"', [0x80], '"}'), { code: -32700 });
add('0xFE outside strings', bytes([0xfe], '{"jsonrpc":"2.0","id":1,"method":"ping"}'), { code: -32700 });
add('Latin-1 argument', bytes('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_docs",' +
  '"arguments":{"query":"caf', [0xe9], '"}}}'), { code: -32700 });
add('NUL after the message', bytes('{"jsonrpc":"2.0","id":1,"method":"ping"}', [0]), { code: -32700 });
add('NUL alone', bytes([0]), { code: -32700 });
add('NUL inside a string', bytes('{"jsonrpc":"2.0","id":1,"method":"pi', [0], 'ng"}'), { code: -32700 });
add('NUL before the message', bytes([0], '{"jsonrpc":"2.0","id":1,"method":"ping"}'), { code: -32700 });
add('raw tab in a string', '{"jsonrpc":"2.0","id":1,"method":"pi\tng"}', { code: -32700 });
add('raw escape char in a string', bytes('{"jsonrpc":"2.0","id":1,"method":"', [0x1b], '[31m"}'), { code: -32700 });
// U+0000 cannot live in a C string: "ping\u0000x" would be read as "ping".
add('escaped NUL in a method', '{"jsonrpc":"2.0","id":"n1","method":"ping\\u0000x"}', { code: -32600 });
add('escaped NUL in an instance', call('n2', 'get_card', { card_id: 1, instance: 'ro\u0000x' }), { code: -32600 });
add('escaped NUL in an id', '{"jsonrpc":"2.0","id":"a\\u0000b","method":"ping"}', { code: -32600 });
add('an escaped backslash before u0000 is text', '{"jsonrpc":"2.0","id":"n3","method":"ping","params":' +
  '{"a":"\\\\u0000"}}', { result: true, id: 'n3' });

// Nesting: the cap is 128 levels; deeper is refused before any tree is built.
const nest = (n, open = '[', close = ']') => open.repeat(n) + close.repeat(n);
add('10,000 nested arrays', nest(10000), { code: -32700 });
add('10,000 nested objects', '{"a":'.repeat(10000) + '1' + '}'.repeat(10000), { code: -32700 });
add('10,000 deep in params', `{"jsonrpc":"2.0","id":"d1","method":"ping","params":{"a":${nest(10000)}}}`,
  { code: -32700 });
add('129 deep in params', `{"jsonrpc":"2.0","id":"d2","method":"ping","params":{"a":${nest(127)}}}`,
  { code: -32700 });
add('128 deep in params is fine', `{"jsonrpc":"2.0","id":"d3","method":"ping","params":{"a":${nest(126)}}}`,
  { result: true, id: 'd3' });
add('10,000 unclosed', '['.repeat(10000), { code: -32700 });

// Valid JSON that is not a request: -32600 (§5.1), id null unless readable.
for (const text of ['null', '1', '-1.5', '"ping"', 'true', 'false', '{}', '[]',
  '[{"jsonrpc":"2.0","id":1,"method":"ping"}]', '[1,2,3]', '[[]]']) {
  add(`not a request: ${text.slice(0, 30)}`, text, { code: -32600 });
}
add('no jsonrpc member', '{"id":"s1","method":"ping"}', { code: -32600, id: 's1' });
add('jsonrpc 1.0', '{"jsonrpc":"1.0","id":"s2","method":"ping"}', { code: -32600, id: 's2' });
add('jsonrpc as a number', '{"jsonrpc":2.0,"id":"s3","method":"ping"}', { code: -32600, id: 's3' });
add('jsonrpc null', '{"jsonrpc":null,"id":"s4","method":"ping"}', { code: -32600, id: 's4' });
add('jsonrpc "2.0 "', '{"jsonrpc":"2.0 ","id":"s5","method":"ping"}', { code: -32600, id: 's5' });
add('method missing', '{"jsonrpc":"2.0","id":"s6"}', { code: -32600, id: 's6' });
for (const [label, m] of [['number', '7'], ['null', 'null'], ['object', '{}'], ['array', '["ping"]'], ['bool', 'true']]) {
  add(`method as ${label}`, `{"jsonrpc":"2.0","id":"m-${label}","method":${m}}`, { code: -32600, id: `m-${label}` });
  add(`method as ${label} without id`, `{"jsonrpc":"2.0","method":${m}}`, { code: -32600 });
}
for (const [label, p] of [['string', '"x"'], ['number', '5'], ['bool', 'true'], ['null', 'null']]) {
  add(`params as ${label}`, `{"jsonrpc":"2.0","id":"p-${label}","method":"ping","params":${p}}`,
    { code: -32600, id: `p-${label}` });
  add(`notification params as ${label}`, `{"jsonrpc":"2.0","method":"notifications/x","params":${p}}`,
    { code: -32600 });
}

// Ids of every type (§4: string, number or null; MCP: not null).
for (const [label, id] of [['null', 'null'], ['true', 'true'], ['false', 'false'], ['object', '{"a":1}'],
  ['array', '[1]'], ['empty array', '[]'], ['1e400', '1e400'], ['-1e400', '-1e400']]) {
  add(`id ${label}`, `{"jsonrpc":"2.0","id":${id},"method":"ping"}`, { code: -32600 });
}
for (const [label, id] of [['float', 1.5], ['negative', -7], ['zero', 0], ['huge', 1e300], ['tiny', 5e-324],
  ['empty string', ''], ['unicode', 'ünï 🙂'], ['long', 'i'.repeat(5000)], ['numeric string', '42'],
  ['2^53 + 1', '9007199254740993']]) {
  add(`id ${label}`, rpc(id, 'ping'), { result: true, id });
}
add('id 12345678901234567890', '{"jsonrpc":"2.0","id":12345678901234567890,"method":"ping"}',
  { result: true, id: 12345678901234567890 });

// Answers from the client: the server sent no requests, so they are dropped.
add('a result from the client', '{"jsonrpc":"2.0","id":1,"result":{}}', { none: true });
add('an error from the client', '{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}', { none: true });
add('a result with id null', '{"jsonrpc":"2.0","id":null,"result":{}}', { none: true });

// Unknown methods: -32601.
for (const m of ['nope', '', 'tools/lis', 'TOOLS/LIST', 'tools/list ', ' ping', 'rpc.discover', '../../etc/passwd',
  'resources/subscribe', 'completion/complete', 'sampling/createMessage', 'notifications/initialized',
  'roots/list', 'tools/call/../list', 'x'.repeat(1 << 20)]) {
  add(`unknown method ${m.slice(0, 30)}`, rpc('u', m), { code: -32601, id: 'u' });
}

// Notifications: never answered, whatever their method or params.
for (const [label, n] of [
  ['unknown', { method: 'notifications/unknown' }],
  ['ping without id', { method: 'ping' }],
  ['tools/call without id', { method: 'tools/call', params: { name: 'get_card', arguments: { card_id: 1 } } }],
  ['cancelled without params', { method: 'notifications/cancelled' }],
  ['cancelled, requestId object', { method: 'notifications/cancelled', params: { requestId: {} } }],
  ['cancelled, requestId unknown', { method: 'notifications/cancelled', params: { requestId: 'nobody' } }],
  ['cancelled, params array', { method: 'notifications/cancelled', params: [1, 2] }],
  ['progress', { method: 'notifications/progress', params: { progressToken: 1, progress: -1 } }],
  ['roots changed', { method: 'notifications/roots/list_changed' }],
  ['initialized again', { method: 'notifications/initialized', params: { x: [1, { y: null }] } }],
  ['empty method', { method: '' }],
  ['1 MB method', { method: 'n'.repeat(1 << 20) }],
]) add(`notification ${label}`, JSON.stringify({ jsonrpc: '2.0', ...n }), { none: true });

// Bad params of known methods: -32602.
add('tools/call without params', rpc('c1', 'tools/call'), { code: -32602, id: 'c1' });
add('tools/call params array', rpc('c2', 'tools/call', ['get_card']), { code: -32602, id: 'c2' });
add('tools/call without name', rpc('c3', 'tools/call', { arguments: {} }), { code: -32602, id: 'c3' });
add('tools/call name number', rpc('c4', 'tools/call', { name: 5 }), { code: -32602, id: 'c4' });
add('tools/call name null', rpc('c5', 'tools/call', { name: null }), { code: -32602, id: 'c5' });
add('tools/call unknown tool', call('c6', 'drop_database', {}), { code: -32602, id: 'c6' });
add('tools/call tool name 1 MB', call('c7', 't'.repeat(1 << 20), {}), { code: -32602, id: 'c7' });
add('tools/call arguments string', rpc('c8', 'tools/call', { name: 'get_card', arguments: '{"card_id":1}' }),
  { code: -32602, id: 'c8' });
add('tools/call arguments array', rpc('c9', 'tools/call', { name: 'get_card', arguments: [1] }),
  { code: -32602, id: 'c9' });
add('tools/call arguments number', rpc('c10', 'tools/call', { name: 'get_card', arguments: 1 }),
  { code: -32602, id: 'c10' });
add('resources/read without uri', rpc('r1', 'resources/read', {}), { code: -32602, id: 'r1' });
add('resources/read uri number', rpc('r2', 'resources/read', { uri: 5 }), { code: -32602, id: 'r2' });
add('resources/read uri 1 MB', rpc('r3', 'resources/read', { uri: `businessmap://${'a'.repeat(1 << 20)}` }),
  { code: -32602, id: 'r3' });
add('prompts/get unknown', rpc('g1', 'prompts/get', { name: 'nope' }), { code: -32602, id: 'g1' });
add('prompts/get name number', rpc('g2', 'prompts/get', { name: 5 }), { code: -32602, id: 'g2' });

// Bad tool arguments: an isError result naming the argument (MCP "Tools",
// error handling), and no request to the API.
const wrongArgs = {
  get_card: { card_id: ['abc', true, [], {}, 1.5, -1, 0, 1e308, -1e308, 2147483648, 9007199254740993, null, ''] },
  list_cards: { board_id: ['x', -3], per_page: [0, -5, 100000, 'many'], page: [-1, 1.25],
    state: ['deleted', 5], column_ids: ['not a list', [1, 'x'], [-1]] },
  create_card: { title: ['', '   ', 7, ['t'], 'x'.repeat(501)], column_id: ['c', {}], color: ['red', '#12345'],
    deadline: ['tomorrow', '2026-13-45', '2026-02-30x', '2026-00-10'], tag_ids_to_add: [{}, ['a']] },
  get_board: { board_id: [[1, 2], '1 OR 1=1'] },
  create_workspace: { name: [false, 'x'.repeat(101)], type: [3, 'public'] },
  invite_user: { email: ['not-an-email', 'a@b', '@example.com', 42] },
  create_tag: { label: [null, 12], color: ['zzzzzz'] },
  search_docs: { query: [[], 1] },
  list_boards: { board_ids: [{}], detail_level: ['everything'] },
};
const baseArgs = {
  get_card: { card_id: 1 }, list_cards: { board_id: 1 }, create_card: { title: 'T', column_id: 1 },
  get_board: { board_id: 1 }, create_workspace: { name: 'W' }, invite_user: { email: 'a@example.com' },
  create_tag: { label: 'L', color: 'ff0000' }, search_docs: { query: 'q' }, list_boards: {},
};
for (const [tool, params] of Object.entries(wrongArgs)) {
  for (const [param, values] of Object.entries(params)) {
    values.forEach((v, i) => {
      const id = `a-${tool}-${param}-${i}`;
      add(`${tool} ${param}=${JSON.stringify(v).slice(0, 20)}`, call(id, tool, { ...baseArgs[tool], [param]: v }),
        { tool: /Invalid argument|is required|must/, id });
    });
  }
  add(`${tool} with an unknown argument`, call(`x-${tool}`, tool, { ...baseArgs[tool], dropTables: true }),
    { tool: /not a parameter/, id: `x-${tool}` });
}
add('get_card without its id', call('q1', 'get_card', {}), { tool: /card_id.*required/, id: 'q1' });
add('get_card with arguments null', rpc('q2', 'tools/call', { name: 'get_card', arguments: null }),
  { tool: /card_id.*required/, id: 'q2' });
add('instance as a number', call('i1', 'get_card', { card_id: 1, instance: 5 }), { tool: /instance/, id: 'i1' });
add('instance empty', call('i2', 'get_card', { card_id: 1, instance: '' }), { tool: /instance/, id: 'i2' });
add('instance unknown', call('i3', 'get_card', { card_id: 1, instance: 'prod' }),
  { tool: /Instance 'prod' not found.*main, ro/, id: 'i3' });
add('instance 1 MB', call('i4', 'get_card', { card_id: 1, instance: 'i'.repeat(1 << 20) }), { tool: /instance/, id: 'i4' });
add('write to a read-only instance', call('i5', 'create_card', { title: 'T', column_id: 1, instance: 'ro' }),
  { tool: /read-only mode \(instance 'ro'\)/, id: 'i5' });
add('arguments nested 100 deep', call('n1', 'get_card', { card_id: JSON.parse(nest(100)) }),
  { tool: /card_id/, id: 'n1' });
add('arguments over 1 MB', call('n2', 'create_card', { title: 'x'.repeat((1 << 20) + 10), column_id: 1 }),
  { tool: /larger than/, id: 'n2' });
add('a 1,000-item id list', call('n3', 'list_cards', { board_id: 1, card_ids: Array.from({ length: 1000 }, (_, i) => -i) }),
  { tool: /card_ids/, id: 'n3' });

// Size: a 1 MB string is fine inside the 4 MB line cap; 5 MB is not.
add('a 1 MB string in params', rpc('big1', 'ping', { pad: 'p'.repeat(1 << 20) }), { result: true, id: 'big1' });
add('a 1 MB string of escapes', rpc('big2', 'ping', { pad: '"\\\n'.repeat(1 << 18) }), { result: true, id: 'big2' });
add('a 5 MB line', rpc('big3', 'ping', { pad: 'p'.repeat(5 << 20) }), { code: -32600 });

// ---- the run --------------------------------------------------------------------

function check(c, answers, pong) {
  const where = `case "${c.name}"`;
  assert.deepEqual(pong.result, {}, `${where}: the ping after it was answered`);
  const e = c.expect;
  if (e.none) {
    assert.deepEqual(answers, [], `${where}: no answer`);
    return;
  }
  assert.equal(answers.length, 1, `${where}: one answer, got ${JSON.stringify(answers).slice(0, 300)}`);
  const [a] = answers;
  assert.equal(a.jsonrpc, '2.0', where);
  if (e.code) {
    assert.equal(a.error?.code, e.code, `${where}: ${JSON.stringify(a).slice(0, 300)}`);
    assert.equal(typeof a.error.message, 'string', where);
    assert.ok(a.error.message.length < 400, `${where}: a short message`);
    assert.equal(a.id, e.id ?? null, `${where}: id`);
    assert.ok(!('result' in a), where);
    return;
  }
  assert.equal(a.id, e.id, `${where}: id`);
  assert.ok(!('error' in a), `${where}: ${JSON.stringify(a).slice(0, 300)}`);
  if (e.result) return;
  assert.equal(a.result.isError, true, `${where}: isError, got ${JSON.stringify(a).slice(0, 300)}`);
  assert.match(a.result.content[0].text, e.tool, where);
  assert.ok(a.result.content[0].text.length < 2000, `${where}: a short message`);
}

test(`${cases.length + beforeInit.length} hostile inputs to one stdio server`, { timeout: 240000 }, async (t) => {
  assert.ok(cases.length + beforeInit.length >= 150, 'the corpus has at least 150 inputs');
  const s = await startServer(t);

  for (const c of beforeInit) {
    const [answers, pong] = await s.send(c.input);
    check(c, answers, pong);
  }
  const [init] = await s.send(rpc('init', 'initialize', {
    protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'hostile', version: '1' },
  }));
  assert.equal(init[0].result.protocolVersion, '2025-11-25');
  await s.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));

  for (const c of cases) {
    const [answers, pong] = await s.send(c.input);
    check(c, answers, pong);
  }

  // Still whole: a real call works, and nothing hostile reached the API.
  assert.equal(s.fake.requests('main').length, 0, 'no hostile input made a request');
  assert.equal(s.fake.requests('ro').length, 0);
  const user = await s.request(call('real', 'get_current_user', {}), 'real');
  assert.ok(!user.result.isError, JSON.stringify(user));
  assert.equal(s.fake.requests('main').length, 1);

  const { code, signal } = await s.close();
  assert.equal(signal, null);
  assert.equal(code, 0, s.errors().slice(-2000));
  assertNoCanary(assert, s.keys, s.output(), s.errors());
});

test('an API answer over 16 MiB fails the call once, and the server goes on', { timeout: 60000 }, async (t) => {
  const s = await startServer(t);
  await s.request(rpc('init', 'initialize', { protocolVersion: '2025-11-25', capabilities: {} }), 'init');
  s.fake.inject('main', { kind: 'oversize', method: 'GET', path: '/me', bytes: 17 * 1024 * 1024 });
  const big = await s.request(call('big', 'get_current_user', {}), 'big');
  assert.equal(big.result.isError, true, JSON.stringify(big).slice(0, 300));
  assert.match(big.result.content[0].text, /larger than the server accepts/);
  assert.equal(s.fake.count('main', 'GET', '/me'), 1, 'not retried');
  const again = await s.request(call('again', 'get_current_user', {}), 'again');
  assert.ok(!again.result.isError, JSON.stringify(again).slice(0, 300));
  const { code } = await s.close();
  assert.equal(code, 0);
  assertNoCanary(assert, s.keys, s.output(), s.errors());
});
