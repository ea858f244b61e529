// The HTTP policy and the response cache end to end: the official MCP SDK
// client talks to the real stdio server, which talks to the fake
// BusinessMap API with faults injected per account and per path. Every
// test counts the requests the fake received, so a repeated write, an
// unbounded retry or a missed cache hit fails it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertNoCanary, jsonOf, startStack, textOf } from './helpers/stack.js';

const FULL = { BUSINESSMAP_TOOL_PROFILE: 'full' };

// dev: a short timeout; staging: no cache; prod: the defaults.
const EXTRA = {
  dev: { timeoutMs: 300 },
  staging: { cache: false },
};

function stack(t, options = {}) {
  return startStack(t, { env: FULL, configOptions: { extra: EXTRA }, ...options });
}

async function instanceInfo(s, name) {
  const r = await s.call('get_instance_info', { instance: name });
  assert.ok(!r.isError, textOf(r));
  return jsonOf(r);
}

function newCard(s, name, title) {
  return { instance: name, title, column_id: s.fake.fixtures(name).columnIds.backlog };
}

function cardsTitled(s, name, title) {
  return s.fake.data(name).cards.filter((c) => c.title === title);
}

// ---- the cache ----

test('a repeated list_workspaces is served from the cache', async (t) => {
  const s = await stack(t);
  const first = await s.call('list_workspaces', { instance: 'prod' });
  const second = await s.call('list_workspaces', { instance: 'prod' });
  assert.ok(!first.isError, textOf(first));
  assert.equal(textOf(second), textOf(first));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 1);

  const info = await instanceInfo(s, 'prod');
  assert.equal(info.cache.enabled, true);
  assert.equal(info.cache.hits, 1);
  assert.equal(info.cache.misses, 1);
  assert.equal(info.cache.entries, 1);
  assert.ok(info.cache.bytes > 0);
  assert.equal(info.requests, 1);
});

test('identical reads in flight at once share one request', async (t) => {
  const s = await stack(t);
  s.fake.inject('prod', { kind: 'delay', delayMs: 400, method: 'GET', path: '/workspaces' });
  const [a, b, c] = await Promise.all([
    s.call('list_workspaces', { instance: 'prod' }),
    s.call('list_workspaces', { instance: 'prod' }),
    s.call('list_workspaces', { instance: 'prod' }),
  ]);
  for (const r of [a, b, c]) assert.ok(!r.isError, textOf(r));
  assert.equal(textOf(b), textOf(a));
  assert.equal(textOf(c), textOf(a));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 1);
  const info = await instanceInfo(s, 'prod');
  assert.equal(info.cache.shared, 2);
});

test('a write invalidates the list and the item it changed, nothing else', async (t) => {
  const s = await stack(t);
  const [ws1, ws2] = s.fake.fixtures('prod').workspaceIds;
  await s.call('list_workspaces', { instance: 'prod' });
  await s.call('get_workspace', { instance: 'prod', workspace_id: ws1 });
  await s.call('get_workspace', { instance: 'prod', workspace_id: ws2 });

  const upd = await s.call('update_workspace', { instance: 'prod', workspace_id: ws1, name: 'Renamed' });
  assert.ok(!upd.isError, textOf(upd));
  assert.equal(s.fake.count('prod', 'PATCH', '/workspaces/{id}'), 1);

  const list = await s.call('list_workspaces', { instance: 'prod' });
  assert.ok(jsonOf(list).some((w) => w.name === 'Renamed'), 'the list is read again');
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 2);
  await s.call('get_workspace', { instance: 'prod', workspace_id: ws2 });
  assert.equal(s.fake.count('prod', 'GET', `/workspaces/${ws2}`), 1, 'the other item stays cached');
  const one = await s.call('get_workspace', { instance: 'prod', workspace_id: ws1 });
  assert.equal(jsonOf(one).name, 'Renamed');
  assert.equal(s.fake.count('prod', 'GET', `/workspaces/${ws1}`), 2);
});

test('instances never share cache entries', async (t) => {
  const s = await stack(t);
  const prod = await s.call('list_workspaces', { instance: 'prod' });
  const dev = await s.call('list_workspaces', { instance: 'dev' });
  await s.call('list_workspaces', { instance: 'dev' });
  assert.ok(jsonOf(prod).every((w) => w.name.startsWith('prod ')));
  assert.ok(jsonOf(dev).every((w) => w.name.startsWith('dev ')));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 1);
  assert.equal(s.fake.count('dev', 'GET', '/workspaces'), 1);
});

test('an instance with the cache off reads every time', async (t) => {
  const s = await stack(t);
  await s.call('list_workspaces', { instance: 'staging' });
  await s.call('list_workspaces', { instance: 'staging' });
  assert.equal(s.fake.count('staging', 'GET', '/workspaces'), 2);
  const info = await instanceInfo(s, 'staging');
  assert.equal(info.cache.enabled, false);
  assert.equal(info.cache.entries, 0);
});

test('errors are not cached', async (t) => {
  const s = await stack(t);
  s.fake.inject('prod', { kind: 'status', status: 403, method: 'GET', path: '/workspaces' });
  const bad = await s.call('list_workspaces', { instance: 'prod' });
  assert.equal(bad.isError, true);
  const good = await s.call('list_workspaces', { instance: 'prod' });
  assert.ok(!good.isError, textOf(good));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 2);
});

// ---- rate limits ----

test('429 with Retry-After: 1 waits, then sends the POST again, once', async (t) => {
  const s = await stack(t);
  s.fake.inject('prod', { kind: 'ratelimit', retryAfter: 1, method: 'POST', path: '/cards' });
  const started = Date.now();
  const r = await s.call('create_card', newCard(s, 'prod', 'After the limit'));
  assert.ok(!r.isError, textOf(r));
  assert.ok(Date.now() - started >= 1900, 'waited Retry-After plus one second');
  assert.equal(s.fake.count('prod', 'POST', '/cards'), 2);
  assert.equal(cardsTitled(s, 'prod', 'After the limit').length, 1);
  const info = await instanceInfo(s, 'prod');
  assert.equal(info.retries, 1);
});

test('RL02 in a 400 body, a bare RL02 and a rate-limit message are rate limits', async (t) => {
  const s = await stack(t);
  const forms = [
    { status: 400, retryAfter: null },
    { status: 400, bodyForm: 'bare', retryAfter: 0 },
    { bodyForm: 'message', retryAfter: null },
  ];
  const boards = s.fake.fixtures('prod').boardIds;
  for (const [i, form] of forms.entries()) {
    const path = `/boards/${boards[i]}`;
    s.fake.inject('prod', { kind: 'ratelimit', method: 'GET', path, ...form });
    const r = await s.call('get_board', { instance: 'prod', board_id: boards[i] });
    assert.ok(!r.isError, textOf(r));
    assert.equal(s.fake.count('prod', 'GET', path), 2, JSON.stringify(form));
  }
});

test('rate-limit retries stop after three', async (t) => {
  const s = await stack(t);
  s.fake.inject('prod', { kind: 'ratelimit', times: 10, retryAfter: 0, method: 'GET', path: '/me' });
  const r = await s.call('get_current_user', { instance: 'prod' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /BusinessMap API 429 RL02/);
  assert.equal(s.fake.count('prod', 'GET', '/me'), 4);
});

// ---- unknown outcomes ----

test('a 503 is retried for a GET and never for a POST', async (t) => {
  const s = await stack(t);
  s.fake.inject('prod', { kind: 'status', status: 503, method: 'GET', path: '/workspaces' });
  const list = await s.call('list_workspaces', { instance: 'prod' });
  assert.ok(!list.isError, textOf(list));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 2);

  s.fake.inject('prod', { kind: 'status', status: 503, method: 'POST', path: '/cards' });
  const r = await s.call('create_card', newCard(s, 'prod', 'Maybe'));
  assert.equal(r.isError, true);
  assert.match(textOf(r), /BusinessMap API 503/);
  assert.match(textOf(r), /may have been applied; check with list_cards/);
  assert.equal(textOf(r).split('BusinessMap API').length, 2, 'the API error appears once');
  assert.equal(s.fake.count('prod', 'POST', '/cards'), 1);
});

test('a reset connection is retried for a GET and never for a POST', async (t) => {
  const s = await stack(t);
  const board = s.fake.fixtures('prod').mainBoardId;
  s.fake.inject('prod', { kind: 'reset', method: 'GET', path: '/boards/{id}' });
  const got = await s.call('get_board', { instance: 'prod', board_id: board });
  assert.ok(!got.isError, textOf(got));
  assert.equal(s.fake.count('prod', 'GET', '/boards/{id}'), 2);

  s.fake.inject('prod', { kind: 'reset', method: 'POST', path: '/cards' });
  const r = await s.call('create_card', newCard(s, 'prod', 'Reset'));
  assert.equal(r.isError, true);
  assert.match(textOf(r), /may have been applied/);
  assert.equal(s.fake.count('prod', 'POST', '/cards'), 1);
});

test('PUT and DELETE are retried after a 503', async (t) => {
  const s = await stack(t, { env: { ...FULL } });
  const fx = s.fake.fixtures('prod');
  const [child] = fx.relativeCardIds;
  const parent = fx.parentCardId;
  const path = `/cards/${child}/parents/${parent}`;
  s.fake.inject('prod', { kind: 'status', status: 503, method: 'PUT', path });
  const add = await s.call('add_card_parent', { instance: 'prod', card_id: child, parent_card_id: parent });
  assert.ok(!add.isError, textOf(add));
  assert.equal(s.fake.count('prod', 'PUT', path), 2);

  s.fake.inject('prod', { kind: 'status', status: 503, method: 'DELETE', path });
  const del = await s.call('remove_card_parent', { instance: 'prod', card_id: child, parent_card_id: parent });
  assert.ok(!del.isError, textOf(del));
  assert.equal(s.fake.count('prod', 'DELETE', path), 2);
});

test('a delay past timeoutMs: the GET is sent again, the PATCH is not', async (t) => {
  const s = await stack(t);
  const [ws1] = s.fake.fixtures('dev').workspaceIds;
  s.fake.inject('dev', { kind: 'delay', delayMs: 1500, method: 'GET', path: '/workspaces' });
  const list = await s.call('list_workspaces', { instance: 'dev' });
  assert.ok(!list.isError, textOf(list));
  assert.equal(s.fake.count('dev', 'GET', '/workspaces'), 2);

  s.fake.inject('dev', { kind: 'delay', delayMs: 1500, method: 'PATCH', path: '/workspaces/{id}' });
  const r = await s.call('update_workspace', { instance: 'dev', workspace_id: ws1, name: 'Slow' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /timed out after 300 ms/);
  assert.match(textOf(r), /may have been applied; check with list_workspaces/);
  assert.equal(s.fake.count('dev', 'PATCH', '/workspaces/{id}'), 1);

  // The write may have happened, so the cached list is not trusted.
  const again = await s.call('list_workspaces', { instance: 'dev' });
  assert.ok(jsonOf(again).some((w) => w.name === 'Slow'));
  assert.equal(s.fake.count('dev', 'GET', '/workspaces'), 3);
});

test('truncated and non-JSON bodies: GETs are read again, an answered POST is not', async (t) => {
  const s = await stack(t);
  const board = s.fake.fixtures('prod').mainBoardId;
  s.fake.inject('prod', { kind: 'truncate', method: 'GET', path: '/boards/{id}' });
  const got = await s.call('get_board', { instance: 'prod', board_id: board });
  assert.ok(!got.isError, textOf(got));
  assert.equal(s.fake.count('prod', 'GET', '/boards/{id}'), 2);

  s.fake.inject('prod', { kind: 'nonjson', method: 'GET', path: '/workspaces' });
  const list = await s.call('list_workspaces', { instance: 'prod' });
  assert.ok(!list.isError, textOf(list));
  assert.equal(s.fake.count('prod', 'GET', '/workspaces'), 2);

  s.fake.inject('prod', { kind: 'truncate', method: 'POST', path: '/cards' });
  const r = await s.call('create_card', newCard(s, 'prod', 'Cut short'));
  assert.equal(r.isError, true);
  assert.match(textOf(r), /The write was applied, but its answer could not be read; check the result with list_cards/);
  assert.equal(s.fake.count('prod', 'POST', '/cards'), 1);
  assert.equal(cardsTitled(s, 'prod', 'Cut short').length, 1);
});

// ---- quota and error texts ----

test('the quota shows in get_instance_info and warns at 80 % used', async (t) => {
  const s = await stack(t);
  const fx = s.fake.fixtures('prod');
  s.fake.setRateLimit('prod', { limit: 100, remaining: 26 });
  await s.call('get_current_user', { instance: 'prod' });
  let info = await instanceInfo(s, 'prod');
  assert.deepEqual(info.quota, { limitPerHour: 100, remaining: 25 });

  await s.call('list_workspaces', { instance: 'prod' });
  await s.call('list_users', { instance: 'prod' });
  await s.call('list_users', { instance: 'prod' });
  info = await instanceInfo(s, 'prod');
  assert.deepEqual(info.quota, { limitPerHour: 100, remaining: 23 }, 'the cached read sent nothing');
  await s.call('get_board', { instance: 'prod', board_id: fx.mainBoardId });
  await s.call('get_workspace', { instance: 'prod', workspace_id: fx.workspaceIds[0] });
  assert.doesNotMatch(s.stderr(), /hourly API quota/, 'no warning below 80 %');
  await s.call('get_workspace', { instance: 'prod', workspace_id: fx.workspaceIds[1] });
  info = await instanceInfo(s, 'prod');
  assert.deepEqual(info.quota, { limitPerHour: 100, remaining: 20 });
  assert.equal(info.requests, 6);
  assert.match(s.stderr(), /WARN instance 'prod' has used 80% of its hourly API quota \(20 of 100 left\)/);
});

test('401 names the instance and its variable, never the token; 404 names the item', async (t) => {
  const s = await stack(t, { env: { ...FULL, BM_TOKEN_STAGING: 'wrong-token-value' } });
  const r = await s.call('get_current_user', { instance: 'staging' });
  assert.equal(r.isError, true);
  assert.match(textOf(r), /BusinessMap API 401 AU01: the API token of instance 'staging' \(variable BM_TOKEN_STAGING\) was rejected/);
  assert.doesNotMatch(textOf(r), /wrong-token-value/);
  assert.equal(s.fake.count('staging', 'GET', '/me'), 1, 'a 401 is not retried');

  const missing = await s.call('get_board', { instance: 'prod', board_id: 987654 });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /BusinessMap API 404/);
  assert.match(textOf(missing), /not found: board 987654; GET \/boards\/987654/);
  assert.equal(textOf(missing).split('BusinessMap API').length, 2);
  assertNoCanary(assert, s.keys, ...s.seen, s.stderr());
});
