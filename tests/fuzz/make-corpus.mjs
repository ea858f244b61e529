#!/usr/bin/env node
// Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/.
// The messages corpus comes from the live catalog: the core (dist/*.wasm)
// is asked for tools/list, resources and prompts under the full profile,
// and each tool gets a call with plausible arguments and one with wrong
// ones. Only files named seed-* are replaced; regression inputs
// (regress-*) stay. Run it again after the catalog changes:
//
//   node tests/fuzz/make-corpus.mjs

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

import { loadNodeCore } from '../../host-js/node-core.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CORPUS = join(HERE, 'corpus');
const ROOT = join(HERE, '..', '..');

function resetDir(name) {
  const dir = join(CORPUS, name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.startsWith('seed-')) rmSync(join(dir, f));
  return dir;
}

// ---- the catalog, from the core itself ---------------------------------

async function catalog() {
  const core = await loadNodeCore();
  const engine = core.createEngine({
    configText: null,
    configSource: 'environment',
    env: { BUSINESSMAP_API_URL: 'https://one.example.com/api/v2', BUSINESSMAP_TOOL_PROFILE: 'full' },
    setVars: ['BUSINESSMAP_API_TOKEN'],
    checkTokenVars: true,
    seed: 1,
  });
  let id = 0;
  const ask = (method, params) => {
    const fx = engine.message(0, JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }));
    return JSON.parse(fx.messages[0]).result;
  };
  ask('initialize', { protocolVersion: '2025-11-25', capabilities: {} });
  const out = {
    tools: ask('tools/list').tools,
    resources: ask('resources/list')?.resources ?? [],
    templates: ask('resources/templates/list')?.resourceTemplates ?? [],
    prompts: ask('prompts/list')?.prompts ?? [],
  };
  engine.close();
  return out;
}

// ---- plausible and wrong values from a schema ---------------------------

function plausible(name, schema) {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[schema.enum.length - 1];
  const t = schema.type;
  if (t === 'integer') return schema.minimum > 1 ? schema.minimum : 7;
  if (t === 'number') return 3.5;
  if (t === 'boolean') return true;
  if (t === 'array') {
    const item = schema.items ?? {};
    if (item.type === 'object') return [plausibleObject(item)];
    return [plausible(name, item), item.type === 'integer' ? 9 : plausible(name, item)];
  }
  if (t === 'object') return plausibleObject(schema);
  if (/date|deadline|_at$|from|to$/.test(name)) return '2026-03-01';
  if (/color/.test(name)) return '#3fa';
  if (/email/.test(name)) return 'someone@example.com';
  if (/url|link/.test(name)) return 'https://example.com/a';
  if (/query|title|name|label/.test(name)) return 'Sprint plan';
  return 'text with ünïcödé and "quotes"';
}

function plausibleObject(schema) {
  const o = {};
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    if (k === 'instance') continue;
    o[k] = plausible(k, v);
  }
  return o;
}

let turn = 0;

// A value of the wrong type or range; integers cycle through several.
function wrong(schema) {
  switch (schema.type) {
    case 'integer': return ['-1', 1.5, -7, 1e300, 'x', true, [], {}][turn++ % 8];
    case 'string': return 12;
    case 'array': return 'not a list';
    case 'boolean': return 'maybe';
    case 'object': return [1];
    default: return null;
  }
}

const rpc = (id, method, params) =>
  JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params });
const call = (id, name, args) => rpc(id, 'tools/call', { name, arguments: args });

// ---- fuzz_messages -------------------------------------------------------

function messagesCorpus(cat) {
  const dir = resetDir('fuzz_messages');
  const put = (name, lines) => writeFileSync(join(dir, `seed-${name}`), lines.join('\n') + '\n');

  put('lifecycle', [
    rpc(1, 'ping'), rpc(2, 'tools/list'), rpc(3, 'resources/list'), rpc(4, 'resources/templates/list'),
    rpc(5, 'prompts/list'), rpc(6, 'logging/setLevel', { level: 'debug' }),
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), rpc('s', 'ping', {}),
  ]);
  put('before-initialize', [
    '#u', rpc(1, 'tools/list'), call(2, 'list_workspaces', {}), rpc(3, 'ping'),
    rpc(4, 'initialize', { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'c', version: '0' } }),
    rpc(5, 'tools/list'),
  ]);
  put('read-only', ['#r', call(1, 'create_card', { title: 'x', column_id: 1 }), rpc(2, 'tools/list')]);
  put('single-instance', [
    '#s', call(1, 'list_instances', {}), call(2, 'get_card', { card_id: 5, instance: 'default' }),
  ]);
  put('essential', ['#e', rpc(1, 'tools/list'), call(2, 'get_docs_text_title_search', { query: 'a' })]);
  put('compact', ['#c', rpc(1, 'tools/list'), call(2, 'list_cards', { board_id: 2 })]);
  put('errors', [
    '{', '[]', '[1,2]', 'null', '"ping"', '{"jsonrpc":"2.0"}', '{"jsonrpc":"1.0","id":1,"method":"ping"}',
    '{"jsonrpc":"2.0","id":{},"method":"ping"}', '{"jsonrpc":"2.0","id":[1],"method":"ping"}',
    '{"jsonrpc":"2.0","id":true,"method":"ping"}', '{"jsonrpc":"2.0","id":null,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1.5,"method":"ping"}', '{"jsonrpc":"2.0","id":1e400,"method":"ping"}',
    '{"jsonrpc":"2.0","id":1,"method":7}', '{"jsonrpc":"2.0","id":1,"method":"nope"}',
    '{"jsonrpc":"2.0","id":1,"method":"ping","params":5}', '{"jsonrpc":"2.0","id":1,"result":{}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call"}', '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":[]}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":5}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_card","arguments":"x"}}',
    '{"jsonrpc":"2.0","id":1,"method":"ping"} trailing', '{"jsonrpc":"2.0","id":"\\u0000","method":"ping"}',
    '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{}}}',
    `{"jsonrpc":"2.0","id":2,"method":"ping","params":{"a":${'['.repeat(200)}${']'.repeat(200)}}}`,
  ]);
  put('cancel', [
    call(1, 'get_card', { card_id: 1 }),
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } }),
    call(2, 'list_cards', { board_id: 2, per_page: 2 }),
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2, reason: 'x' } }),
  ]);
  for (const t of cat.tools) {
    const args = plausibleObject(t.inputSchema);
    const lines = [call(1, t.name, args)];
    const props = Object.entries(t.inputSchema.properties ?? {}).filter(([k]) => k !== 'instance');
    if (t.inputSchema.properties?.instance) {
      lines.push(call(2, t.name, { ...args, instance: 'prod' }));
      lines.push(call(3, t.name, { ...args, instance: 'ro' }));
      lines.push(call(4, t.name, { ...args, instance: 'nope' }));
    }
    for (const [k, v] of props) lines.push(call(`w-${k}`, t.name, { ...args, [k]: wrong(v) }));
    lines.push(call(5, t.name, { ...args, unknown_argument: 1 }));
    put(`tool-${t.name}`, lines);
  }
  const uris = [
    ...cat.resources.map((r) => r.uri),
    ...cat.templates.map((r) => r.uriTemplate.replace(/\{[^}]+\}/g, '7')),
  ];
  put('resources', uris.map((uri, i) => rpc(i + 1, 'resources/read', { uri })).concat(
    rpc(99, 'resources/read', { uri: 'businessmap://nope' }), rpc(98, 'resources/read', {})));
  put('prompts', cat.prompts.map((p, i) => rpc(i + 1, 'prompts/get', {
    name: p.name,
    arguments: Object.fromEntries((p.arguments ?? []).map((a) => [a.name, '7'])),
  })).concat(rpc(99, 'prompts/get', { name: 'nope' })));
  return cat.tools.length;
}

// ---- fuzz_responses ------------------------------------------------------

// The same op layout as fuzz_responses.c.
const OP = { answer: 0, timer: 1, start: 2, cancel: 3, stray: 4 };
const STATUS = { 0: 0, 200: 1, 201: 2, 204: 3, 400: 5, 401: 6, 404: 8, 429: 11, 500: 12, 503: 14 };

function answer(status, meta, body, pick = 0) {
  const m = Buffer.from(meta ? JSON.stringify(meta) : '');
  const b = Buffer.from(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  const n = Math.min(b.length, 65535);
  return Buffer.concat([
    Buffer.from([OP.answer + 5, pick, STATUS[status], Math.min(m.length, 255)]), m.subarray(0, 255),
    Buffer.from([n & 255, n >> 8]), b.subarray(0, n),
  ]);
}
const timer = (pick = 0) => Buffer.from([OP.timer + 5 * 30, pick]);

const BODIES = {
  card: {
    data: {
      card_id: 7, board_id: 2, workspace_id: 3, title: 'Card', column_id: 4, lane_id: 5, description: 'd',
      tag_ids: [1], custom_fields: [],
    },
  },
  cards: {
    data: {
      pagination: { all_pages: 2, current_page: 1, results_per_page: 2 },
      data: [{ card_id: 1, title: 'a' }, { card_id: 2, title: 'b' }],
    },
  },
  boards: {
    data: [{ board_id: 2, workspace_id: 3, name: 'Main', is_archived: 0 }, { board_id: 5, workspace_id: 3, name: 'Other' }],
  },
  structure: {
    data: {
      workflows: { 1: { name: 'W', type: 0 } },
      columns: { 4: { name: 'Backlog', workflow_id: 1, section: 1, parent_column_id: null } },
      lanes: { 5: { name: 'Default', workflow_id: 1 } },
    },
  },
  docs: { data: [{ doc_id: 1, title: 'Plan', parent_doc_id: null }, { doc_id: 2, title: 'Notes', parent_doc_id: 1 }] },
  doc: { data: { doc_id: 1, title: 'Plan', content: '<p>plan</p>' } },
  user: { data: { user_id: 1, email: 'a@example.com', username: 'a' } },
  fields: { data: { pagination: { all_pages: 1 }, data: [{ field_id: 9, name: 'Risk', type: 'dropdown' }] } },
  error404: { error: { code: 'CE07', message: 'CE07 - The card does not exist.' } },
  error429: { error: { code: 'RL02', message: 'Request limit reached' } },
};

function responsesCorpus() {
  const dir = resetDir('fuzz_responses');
  // The length of calls[] in fuzz_responses.c, one entry per "{\"name\"".
  const source = readFileSync(join(HERE, 'fuzz_responses.c'), 'utf8');
  const ncalls = source.split('"{\\"name\\":').length - 1;
  const quota = { headers: { 'x-ratelimitperhour-limit': '100', 'x-ratelimitperhour-remaining': '5' } };
  const kinds = Object.keys(BODIES);
  let n = 0;
  const put = (parts) => writeFileSync(join(dir, `seed-${String(++n).padStart(3, '0')}`), Buffer.concat(parts));

  for (let c = 0; c < ncalls; c++) {
    const kind = kinds[c % 8];
    put([Buffer.from([c, 0]), ...Array.from({ length: 6 }, () => answer(200, quota, BODIES[kind]))]);
    put([Buffer.from([c, 0]), answer(429, { headers: { 'retry-after': '3' } }, BODIES.error429), timer(),
      answer(500, null, '<html>oops</html>'), timer(), answer(200, null, BODIES[kinds[(c + 3) % 8]])]);
  }
  put([Buffer.from([1, 3]), answer(404, null, BODIES.error404), answer(0, { error: 'timeout' }), timer(),
    answer(401, null, { error: { code: 'AU01', message: 'bad key' } }), Buffer.from([OP.cancel, 1])]);
  put([Buffer.from([3, 1]), answer(200, null, '{"data":'), answer(200, null, 'not json'), answer(204, null, '')]);
  put([Buffer.from([3, 0]), answer(200, { headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' } }, BODIES.cards),
    answer(503, { headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }, ''), timer(),
    answer(0, { error: 'too_large' }), Buffer.from([OP.stray, 9])]);
  put([Buffer.from([7, 2]), Buffer.from([OP.start, 10]), Buffer.from([OP.start, 17]),
    ...Array.from({ length: 8 }, (_, i) => answer(200, null, BODIES[kinds[i % kinds.length]], i))]);
  return n;
}

// ---- fuzz_config -----------------------------------------------------------

function configCorpus() {
  const dir = resetDir('fuzz_config');
  let n = 0;
  const put = (flags, text) => writeFileSync(join(dir, `seed-${String(++n).padStart(3, '0')}`),
    Buffer.concat([Buffer.from([flags]), Buffer.from(text)]));
  const examples = join(ROOT, 'examples', 'configs');
  for (const f of readdirSync(examples)) {
    const text = readFileSync(join(examples, f));
    put(0, text);
    put(3, text);
    put(6, text);
  }
  const inst = (extra = {}) =>
    ({ name: 'a', apiUrl: 'https://a.kanbanize.com/api/v2', apiTokenEnv: 'BM_DEV_TOKEN', ...extra });
  const docs = [
    { instances: [inst()] },
    {
      version: '1.0', defaultInstance: 'a', toolProfile: 'compact', readOnlyMode: true,
      http: { timeoutMs: 100, maxRetries: 10, maxBackoffMs: 0 },
      cache: { enabled: true, maxBytes: 1024, ttlSeconds: { boards: 5, cards: 0, docs: 86400 } },
      instances: [inst({
        tags: ['x'], description: 'd', defaultWorkspaceId: 9, cache: false, http: { timeoutMs: 500 },
      })],
    },
    {
      instances: { a: { api_url: 'http://localhost:8080/api/v2', api_token_env: 'BM_PROD_TOKEN', read_only_mode: true } },
      default_instance: 'a',
    },
    {
      instances: [inst(), inst(), inst({ name: 'b c', apiUrl: 'http://127.0.0.1.nip.io', apiTokenEnv: 'lowercase' })],
      defaultInstance: 'zz',
    },
    { instances: [inst({ apiUrl: 'https://user:pass@a.example.com/api/v2', readOnly: 'yes', timeoutMs: '5' })] },
    { instances: [inst({ apiUrl: 'http://[::1]:9/api', cache: { ttlSeconds: { nope: 1 } } })], toolprofile: 'fulll' },
  ];
  for (const d of docs) {
    put(0, JSON.stringify(d));
    put(3, JSON.stringify(d, null, 2));
  }
  put(0, '{"instances": [\n  {"name": "a",, }\n]}');
  put(0, '\ufeff{"instances":[]}');
  put(0, '{"a":' + '['.repeat(300) + ']'.repeat(300) + '}');
  put(8, 'https://a.kanbanize.com/api/v2\ntrue\n42\nessential');
  put(8, 'http://localhost:3000\nmaybe\n-1\nnope');
  put(9, 'http://127.0.0.1/api/v2\n1\n9007199254740993\nfull');
  put(16, JSON.stringify({
    configText: JSON.stringify(docs[1]), configSource: 'x', env: { BUSINESSMAP_TOOL_PROFILE: 'full' },
    setVars: ['BM_DEV_TOKEN'], seed: 3,
  }));
  put(16, JSON.stringify({
    configText: null, env: { BUSINESSMAP_API_URL: 'https://x.example.com' }, setVars: 7, checkTokenVars: false,
  }));
  return n;
}

// ---- fuzz_tokenizer ----------------------------------------------------------

function tokenizerCorpus() {
  const dir = resetDir('fuzz_tokenizer');
  let n = 0;
  const put = (mode, body) => writeFileSync(join(dir, `seed-${String(++n).padStart(3, '0')}`),
    Buffer.concat([Buffer.from([mode]), Buffer.from(body)]));
  const texts = [
    'Create a card in the Backlog column of board 12 and assign it to me.',
    '{"card_id":123,"title":"Fix login","tags":["bug","p1"],"size":3.5}',
    'function f(x) {\n\treturn x * 2; // double\n}\n',
    "I'm here, you're there; it's 10:45pm — isn't it?",
    '看板上的卡片 カンバン 칸반 доска Καρτέλα',
    'emoji 🙂👍🏽 👨‍👩‍👧 flags 🇩🇪',
    '1234567890 3.14159 -42 1e10 0x1F',
    '   many    spaces\n\n\n\t\ttabs  \r\n',
    'a'.repeat(3000),
    'ab'.repeat(1500),
    '<|endoftext|> <|fim_prefix|>',
    'The quick brown fox jumps over the lazy dog. '.repeat(20),
  ];
  texts.forEach((t, i) => put(i % 2 ? 1 : 0, t));
  put(2, Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0xe2, 0x82, 0x20, 0xf0, 0x9f]));
  put(4, '');
  put(0xf0, 'BMTOK1\0\0\0\0o200k_base');
  put(0xf1, Buffer.alloc(64, 0xff));
  put(0xf8, Buffer.from([0, 0, 0, 0, 0x42, 8, 0, 0, 0, 0, 16, 0, 0, 0, 0xff]));
  put(0xff, Buffer.from([100, 200, 3, 0, 7, 1, 2, 3, 0, 9]));
  return n;
}

// ---- the dictionary of fuzz_messages ---------------------------------------

const RPC_WORDS = [
  '"jsonrpc"', '"2.0"', '"id"', '"method"', '"params"', '"result"', '"error"', '"name"', '"arguments"', '"uri"',
  '"requestId"', '"protocolVersion"', '"2025-11-25"', '"2025-06-18"', '"2025-03-26"', '"capabilities"',
  '"clientInfo"', '"initialize"', '"ping"', '"tools/list"', '"tools/call"', '"resources/list"', '"resources/read"',
  '"resources/templates/list"', '"prompts/list"', '"prompts/get"', '"logging/setLevel"',
  '"notifications/initialized"', '"notifications/cancelled"', '"instance"', '"dev"', '"prod"', '"ro"',
  '"businessmap://"', 'null', 'true', 'false', '{}', '[]', '-1', '0', '1e999', '2147483648', '9007199254740993',
  '1.5', '"\\u0000"', '"\\ud800"', ':', ',', '{', '}', '[', ']',
];

// libFuzzer dictionary entries are C-like strings: escape \ and ".
const dictEntry = (w) => `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function messagesDict(cat) {
  const words = new Set(RPC_WORDS);
  for (const t of cat.tools) {
    words.add(JSON.stringify(t.name));
    for (const k of Object.keys(t.inputSchema.properties ?? {})) words.add(JSON.stringify(k));
  }
  for (const p of cat.prompts) words.add(JSON.stringify(p.name));
  const head = '# JSON-RPC and MCP words, tool names and argument names for\n' +
    '# fuzz_messages. Written by make-corpus.mjs from the live catalog.\n';
  writeFileSync(join(HERE, 'fuzz_messages.dict'), head + [...words].map(dictEntry).join('\n') + '\n');
}

// ---- run -------------------------------------------------------------------

const cat = await catalog();
const tools = messagesCorpus(cat);
messagesDict(cat);
const responses = responsesCorpus();
const configs = configCorpus();
const tokens = tokenizerCorpus();
console.log(`seeds: fuzz_messages ${tools} tools (+ lifecycle, errors, resources, prompts), ` +
  `fuzz_responses ${responses}, fuzz_config ${configs}, fuzz_tokenizer ${tokens}`);
