// Malformed instances files, generated from a table. Each must be refused
// twice: by `businessmap-mcp validate FILE` (exit 1, every line
// FILE:LINE:COL: <json path>: <message>, one of them at the expected path
// and line) and by the server at start-up (`--config FILE`: exit 1, the
// path and line:col on stderr, nothing on stdout). Never a crash, never a
// token echoed: the token variables hold canaries, and some cases put a
// canary where a careless user would put a secret.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { CLI, assertNoCanary, canary, tempDir } from './helpers/stack.js';

const KEYS = { a: canary('cfg_a'), b: canary('cfg_b') };
const PASTED = canary('pasted');          // a "token" put where it must not be
const TOKEN_ENV = { BM_TOKEN_A: KEYS.a, BM_TOKEN_B: KEYS.b };

function base() {
  return {
    version: '1.0',
    defaultInstance: 'a',
    instances: [
      { name: 'a', apiUrl: 'https://a.kanbanize.com/api/v2', apiTokenEnv: 'BM_TOKEN_A' },
      { name: 'b', apiUrl: 'https://b.kanbanize.com/api/v2', apiTokenEnv: 'BM_TOKEN_B', readOnlyMode: true },
    ],
  };
}

// A case from the base document: patch(doc) changes it; the expected
// problem is at path, on the first line holding needle.
const cases = [];
function doc(name, patch, path, needle, extra = {}) {
  const d = base();
  patch(d);
  cases.push({ name, text: JSON.stringify(d, null, 2), path, needle, ...extra });
}
const inst = (i, fields) => (d) => Object.assign(d.instances[i], fields);
const drop = (i, key) => (d) => delete d.instances[i][key];
const top = (fields) => (d) => Object.assign(d, fields);
// A case written out by hand; line is where the problem is.
const raw = (name, text, path, line, extra = {}) => cases.push({ name, text, path, line, ...extra });

// ---- syntax: every one at "$", at the line of the bad byte ------------------

raw('trailing comma in an object', '{\n  "instances": [\n    {"name": "a",}\n  ]\n}\n', '$', 3);
raw('trailing comma in an array', '{\n  "instances": [\n    {"name": "a"},\n  ]\n}\n', '$', 4);
raw('missing comma', '{\n  "version": "1.0"\n  "instances": []\n}\n', '$', 3);
raw('single quotes', "{\n  'instances': []\n}\n", '$', 2);
raw('line comment', '{\n  // my accounts\n  "instances": []\n}\n', '$', 2);
raw('block comment', '{\n  "instances": [] /* none */\n}\n', '$', 2);
raw('unterminated string', '{\n  "instances": [\n    {"name": "a\n  ]\n}\n', '$', 3);
raw('truncated document', '{\n  "instances": [\n    {"name": "a",\n', '$', 4);
raw('empty file', '', '$', 1);
raw('only whitespace', '\n\n   \n', '$', 4);
raw('NaN', '{\n  "http": {"timeoutMs": NaN},\n  "instances": []\n}\n', '$', 2);
raw('leading zero', '{\n  "http": {\n    "timeoutMs": 0100\n  }\n}\n', '$', 3);
raw('unquoted key', '{\n  instances: []\n}\n', '$', 2);
raw('invalid UTF-8', Buffer.concat([Buffer.from('{\n  "instances": [\n    {"name": "d'),
  Buffer.from([0xe9]), Buffer.from('v"}\n  ]\n}\n')]), '$', 3);
raw('raw tab in a string', '{\n  "instances": [{"name": "a\tb"}]\n}\n', '$', 2);
raw('two documents', '{"instances": []}\n{"instances": []}\n', '$', 2);
raw('lone surrogate escape', '{\n  "instances": [{"name": "\\ud83d"}]\n}\n', '$', 2);
raw('nested 300 deep', `{\n  "x":\n${'['.repeat(300)}${']'.repeat(300)}\n}\n`, '$', 3);
raw('a BOM then garbage', '\ufeff{\n  "instances": [}\n', '$', 2);

// ---- types ----------------------------------------------------------------------

raw('root is an array', '[\n  {"name": "a"}\n]\n', '$', 1);
raw('root is a string', '"instances"\n', '$', 1);
doc('instances is a string', top({ instances: 'a,b' }), '$.instances', '"instances": "a,b"');
doc('instances is empty', top({ instances: [] }), '$.instances', '"instances": []');
doc('an instance is a number', (d) => { d.instances[1] = 7; }, '$.instances[1]', '    7');
doc('name is a number', inst(0, { name: 5 }), '$.instances[0].name', '"name": 5');
doc('apiUrl is a number', inst(0, { apiUrl: 443 }), '$.instances[0].apiUrl', '"apiUrl": 443');
doc('apiTokenEnv is an array', inst(0, { apiTokenEnv: ['BM_TOKEN_A'] }), '$.instances[0].apiTokenEnv',
  '"apiTokenEnv": [');
doc('readOnlyMode as a string', inst(1, { readOnlyMode: 'yes' }), '$.instances[1].readOnlyMode', '"yes"');
doc('top readOnlyMode as a number', top({ readOnlyMode: 1 }), '$.readOnlyMode', '"readOnlyMode": 1');
doc('defaultWorkspaceId negative', inst(0, { defaultWorkspaceId: -3 }), '$.instances[0].defaultWorkspaceId', '-3');
doc('defaultWorkspaceId a string', inst(0, { defaultWorkspaceId: 'abc' }), '$.instances[0].defaultWorkspaceId',
  '"abc"');
doc('defaultWorkspaceId fractional', inst(0, { defaultWorkspaceId: 1.5 }), '$.instances[0].defaultWorkspaceId',
  '1.5');
doc('tags not a list', inst(0, { tags: 'dev' }), '$.instances[0].tags', '"tags": "dev"');
doc('a tag is a number', inst(0, { tags: ['ok', 9] }), '$.instances[0].tags[1]', '        9');
doc('33 tags', inst(0, { tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }), '$.instances[0].tags',
  '"tags": [');
doc('a tag of 101 bytes', inst(0, { tags: ['t'.repeat(101)] }), '$.instances[0].tags[0]', 't'.repeat(101));
doc('description of 1,001 bytes', inst(0, { description: 'd'.repeat(1001) }), '$.instances[0].description',
  '"description"');
doc('version 2.0', top({ version: '2.0' }), '$.version', '"version": "2.0"');
doc('version as a number', top({ version: 1 }), '$.version', '"version": 1');
doc('unknown tool profile', top({ toolProfile: 'everything' }), '$.toolProfile', '"everything"');
doc('tool profile a number', top({ toolProfile: 5 }), '$.toolProfile', '"toolProfile": 5');

// ---- unknown keys ------------------------------------------------------------------

doc('top-level typo', (d) => { d.instance = d.instances; delete d.instances; }, '$.instance', '"instance": [');
doc('readOnly for readOnlyMode', inst(1, { readOnly: true }), '$.instances[1].readOnly', '"readOnly": true');
doc('a token pasted under "token"', inst(0, { token: PASTED }), '$.instances[0].token', '"token"');
doc('snake_case in the array form', inst(0, { api_token_env: 'BM_TOKEN_A' }), '$.instances[0].api_token_env',
  '"api_token_env"');
doc('http with an unknown key', top({ http: { retries: 3 } }), '$.http.retries', '"retries"');
doc('cache with an unknown key', top({ cache: { size: 10 } }), '$.cache.size', '"size"');
doc('ttl for an unknown family', top({ cache: { ttlSeconds: { comments: 5 } } }), '$.cache.ttlSeconds.comments',
  '"comments"');
doc('instance cache with maxBytes', inst(0, { cache: { maxBytes: 10 } }), '$.instances[0].cache.maxBytes',
  '"maxBytes"');
doc('instance setting at the top', top({ apiUrl: 'https://x.kanbanize.com' }), '$.apiUrl', '"apiUrl": "https://x');

// ---- names ------------------------------------------------------------------------

doc('empty name', inst(0, { name: '' }), '$.instances[0].name', '"name": ""');
doc('name with a space', inst(0, { name: 'my dev' }), '$.instances[0].name', '"my dev"');
doc('name of 65 characters', inst(0, { name: 'n'.repeat(65) }), '$.instances[0].name', 'n'.repeat(65));
doc('name with a slash', inst(0, { name: 'a/b' }), '$.instances[0].name', '"a/b"');
doc('name with an accent', inst(0, { name: 'dév' }), '$.instances[0].name', '"dév"');
doc('missing name', drop(0, 'name'), '$.instances[0]', '"instances": [', { offset: 1 });
doc('missing apiUrl', drop(1, 'apiUrl'), '$.instances[1]', '"apiTokenEnv": "BM_TOKEN_A"', { offset: 2 });
doc('missing apiTokenEnv', drop(0, 'apiTokenEnv'), '$.instances[0]', '"instances": [', { offset: 1 });
raw('missing instances', '{\n  "version": "1.0"\n}\n', '$', 1);
doc('duplicate names', inst(1, { name: 'a' }), '$.instances[1].name', '"name": "a"', { nth: 1 });
raw('a repeated key', '{\n  "instances": [\n    {"name": "a",\n     "name": "b",\n' +
  '     "apiUrl": "https://a.kanbanize.com", "apiTokenEnv": "BM_TOKEN_A"}\n  ]\n}\n',
'$.instances[0].name', 4);
raw('a repeated name in the map form', '{\n  "instances": {\n    "a": {"api_url": "https://a.kanbanize.com",' +
  ' "api_token_env": "BM_TOKEN_A"},\n    "a": {"api_url": "https://b.kanbanize.com", "api_token_env":' +
  ' "BM_TOKEN_B"}\n  }\n}\n', '$.instances.a', 4);

// ---- the default instance ------------------------------------------------------------

doc('default names no instance', top({ defaultInstance: 'qa' }), '$.defaultInstance', '"qa"');
doc('default missing with two instances', (d) => { delete d.defaultInstance; }, '$', '{');
doc('default is a number', top({ defaultInstance: 0 }), '$.defaultInstance', '"defaultInstance": 0');

// ---- URLs: https only; http only to loopback and only when allowed ---------------------

const url = (name, value, extra) =>
  doc(`apiUrl ${name}`, inst(0, { apiUrl: value }), '$.instances[0].apiUrl', '"apiUrl"', extra);
url('plain http to a host', 'http://evil.example.com/api/v2');
url('http to localhost.example.com', 'http://localhost.example.com/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('http to 127.0.0.1.nip.io', 'http://127.0.0.1.nip.io/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('http to 127.0.0.2', 'http://127.0.0.2/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('http to [::2]', 'http://[::2]/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('http to 0.0.0.0', 'http://0.0.0.0/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('http to localhost@evil', 'http://localhost@evil.example.com/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('user and password', `https://me:${PASTED}@a.kanbanize.com/api/v2`);
url('a token as the user', `https://${PASTED}@a.kanbanize.com/api/v2`);
url('ftp', 'ftp://a.kanbanize.com/api/v2');
url('javascript:', 'javascript:alert(1)');
url('no scheme', 'a.kanbanize.com/api/v2');
url('a query with a key', `https://a.kanbanize.com/api/v2?apikey=${PASTED}`);
url('a fragment', 'https://a.kanbanize.com/api/v2#x');
url('no host', 'https://');
url('a space', 'https://a.kanban ize.com/api/v2');
url('empty', '');
url('an open bracket', 'https://[::1/api/v2');
url('a port past 65535', 'https://a.kanbanize.com:99999/api/v2');
url('a port that is not a number', 'http://localhost:abc/api/v2', { env: { ALLOW_INSECURE_LOCALHOST: 'true' } });
url('2,049 bytes', `https://a.kanbanize.com/${'p'.repeat(2030)}`);
url('http to localhost without the opt-in', 'http://localhost:8080/api/v2');

// ---- token variable names: never the token itself, never echoed ------------------------

const tokenEnvCase = (name, value, extra) =>
  doc(`apiTokenEnv ${name}`, inst(0, { apiTokenEnv: value }), '$.instances[0].apiTokenEnv', '"apiTokenEnv"',
    extra);
tokenEnvCase('is a pasted token', PASTED);
tokenEnvCase('starts with a digit', '1TOKEN');
tokenEnvCase('has a hyphen', 'BM-TOKEN');
tokenEnvCase('is empty', '');
tokenEnvCase('is 200 characters', 'T'.repeat(200));
tokenEnvCase('names an unset variable', 'BM_TOKEN_NOT_SET');

// ---- http and cache settings ---------------------------------------------------------

doc('timeout below 100 ms', top({ http: { timeoutMs: 50 } }), '$.http.timeoutMs', '"timeoutMs": 50');
doc('timeout as a string', top({ http: { timeoutMs: '30000' } }), '$.http.timeoutMs', '"timeoutMs": "30000"');
doc('11 retries', top({ http: { maxRetries: 11 } }), '$.http.maxRetries', '"maxRetries": 11');
doc('negative retries', top({ http: { maxRetries: -1 } }), '$.http.maxRetries', '"maxRetries": -1');
doc('backoff of 1e12 ms', top({ http: { maxBackoffMs: 1e12 } }), '$.http.maxBackoffMs', '"maxBackoffMs"');
doc('http is a list', top({ http: [] }), '$.http', '"http": []');
doc('cache "yes"', top({ cache: 'yes' }), '$.cache', '"cache": "yes"');
doc('cache bytes negative', top({ cache: { maxBytes: -1 } }), '$.cache.maxBytes', '"maxBytes": -1');
doc('cache bytes past 1 GiB', top({ cache: { maxBytes: 2e9 } }), '$.cache.maxBytes', '"maxBytes"');
doc('ttl past a day', top({ cache: { ttlSeconds: { boards: 86401 } } }), '$.cache.ttlSeconds.boards', '86401');
doc('ttl as a string', top({ cache: { ttlSeconds: { cards: '30' } } }), '$.cache.ttlSeconds.cards', '"30"');
doc('ttlSeconds a number', top({ cache: { ttlSeconds: 60 } }), '$.cache.ttlSeconds', '"ttlSeconds": 60');
doc('cache enabled as a string', top({ cache: { enabled: 'true' } }), '$.cache.enabled', '"enabled": "true"');
doc('instance timeout below 100 ms', inst(0, { timeoutMs: 50 }), '$.instances[0].timeoutMs', '"timeoutMs": 50');
doc('instance retries a string', inst(0, { maxRetries: 'three' }), '$.instances[0].maxRetries', '"three"');

// ---- running the CLI ---------------------------------------------------------------

function run(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.end();
    child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

// Runs fn over items, n at a time.
async function pool(items, n, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}

function expectedLine(c) {
  if (c.line) return c.line;
  const lines = c.text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes(c.needle) && seen++ === (c.nth ?? 0)) return i + 1 + (c.offset ?? 0);
  }
  throw new Error(`case "${c.name}": needle ${c.needle} not found`);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test(`${cases.length} malformed instances files are refused by validate and by start-up`,
  { timeout: 300000 }, async (t) => {
    assert.ok(cases.length >= 60, 'the table has at least 60 files');
    const dir = tempDir(t);
    const outputs = [];
    const failures = [];
    await pool(cases, 4, (c, i) => checkCase(c, i).catch((err) => failures.push(err.message)));
    assert.deepEqual(failures, [], `${failures.length} cases failed:\n${failures.join('\n\n')}`);
    assertNoCanary(assert, { ...KEYS, PASTED }, ...outputs);

    async function checkCase(c, i) {
      const file = join(dir, `bad-${String(i).padStart(3, '0')}.json`);
      writeFileSync(file, c.text);
      const env = { ...TOKEN_ENV, HOME: dir, ...(c.env ?? {}) };
      const line = expectedLine(c);
      const where = `case "${c.name}"`;

      const v = await run(['validate', file], env);
      outputs.push(v.stdout, v.stderr);
      assert.equal(v.signal, null, `${where}: no crash`);
      assert.equal(v.status, 1, `${where}: validate exits 1\n${v.stdout}${v.stderr}`);
      const lines = v.stdout.trimEnd().split('\n');
      const shape = new RegExp(`^${escape(file)}:(\\d+):(\\d+): (\\$[^ ]*): .+$`);
      for (const l of lines) assert.match(l, shape, `${where}: every line is FILE:LINE:COL: path: message`);
      const hits = lines.map((l) => l.match(shape)).filter((m) => m[3] === c.path);
      assert.ok(hits.length > 0, `${where}: a problem at ${c.path}\n${v.stdout}`);
      assert.ok(hits.some((m) => Number(m[1]) === line),
        `${where}: ${c.path} on line ${line}\n${v.stdout}`);

      const s = await run(['--config', file], env);
      outputs.push(s.stdout, s.stderr);
      assert.equal(s.signal, null, `${where}: no crash at start-up`);
      assert.equal(s.status, 1, `${where}: start-up exits 1\n${s.stderr}`);
      assert.equal(s.stdout, '', `${where}: nothing on stdout`);
      assert.ok(s.stderr.includes(`${file}:${line}:`) && s.stderr.includes(`: ${c.path}: `),
        `${where}: stderr names ${c.path} at line ${line}\n${s.stderr}`);
    }
  });

test('plain http to loopback needs ALLOW_INSECURE_LOCALHOST=true', async (t) => {
  const dir = tempDir(t);
  for (const apiUrl of ['http://localhost/api/v2', 'http://127.0.0.1:8080/api/v2', 'http://[::1]:9000/api/v2',
    'http://LOCALHOST/api/v2']) {
    const file = join(dir, 'loopback.json');
    const d = base();
    d.instances[0].apiUrl = apiUrl;
    writeFileSync(file, JSON.stringify(d, null, 2));
    const allowed = await run(['validate', file], { ...TOKEN_ENV, ALLOW_INSECURE_LOCALHOST: 'true' });
    assert.equal(allowed.status, 0, `${apiUrl} with the opt-in\n${allowed.stdout}`);
    assert.match(allowed.stdout, /: valid$/m);
    for (const env of [{}, { ALLOW_INSECURE_LOCALHOST: 'false' }, { ALLOW_INSECURE_LOCALHOST: '' }]) {
      const refused = await run(['validate', file], { ...TOKEN_ENV, ...env });
      assert.equal(refused.status, 1, `${apiUrl} without the opt-in (${JSON.stringify(env)})`);
      assert.match(refused.stdout, /:7:\d+: \$\.instances\[0\]\.apiUrl: .*ALLOW_INSECURE_LOCALHOST=true/);
      assertNoCanary(assert, KEYS, refused.stdout, refused.stderr);
    }
  }
});
