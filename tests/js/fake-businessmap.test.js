// Tests of the fake BusinessMap API v2 (tests/fake-businessmap): the
// behaviour promised by reference §9, the fault switches and the request
// log that the server's own tests rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

import { createStore, startFakeBusinessMap } from '../fake-businessmap/index.js';

const ACCOUNTS = {
  prod: { apiKey: 'key-prod', seed: 1 },
  staging: { apiKey: 'key-staging', seed: 2 },
};

async function startFake(t, extra = {}) {
  const fake = await startFakeBusinessMap({ accounts: ACCOUNTS, quiet: true, ...extra });
  t.after(() => fake.close());
  return fake;
}

/** One request; `base` defaults to the account's own prefix. */
async function api(fake, account, method, path, opts = {}) {
  const headers = { accept: 'application/json', ...(opts.headers || {}) };
  const key = 'key' in opts ? opts.key : ACCOUNTS[account].apiKey;
  if (key !== null) headers.apikey = key;
  let body;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const base = opts.base ?? fake.url(account);
  const res = await fetch(base + path, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

const get = (fake, account, path, opts) => api(fake, account, 'GET', path, opts);

// ---- authentication and accounts ----

test('a missing or wrong apikey gets 401 in the error envelope', async (t) => {
  const fake = await startFake(t);
  for (const key of [null, 'nope', ACCOUNTS.staging.apiKey]) {
    const res = await get(fake, 'prod', '/me', { key });
    assert.equal(res.status, 401);
    assert.equal(typeof res.json.error.message, 'string');
    assert.ok(res.json.error.code);
    assert.equal(res.headers.get('x-ratelimitperhour-limit'), null);
  }
  const plain = await get(fake, 'prod', '/me', { key: 'nope', base: fake.baseUrl });
  assert.equal(plain.status, 401);
});

test('each account has its own prefix, and /api/v2 picks the account by key', async (t) => {
  const fake = await startFake(t);
  assert.match(fake.url('prod'), /^http:\/\/127\.0\.0\.1:\d+\/acct\/prod\/api\/v2$/);
  const viaPrefix = await get(fake, 'staging', '/workspaces');
  const viaKey = await get(fake, 'staging', '/workspaces', { base: fake.baseUrl });
  assert.deepEqual(viaKey.json, viaPrefix.json);
  assert.ok(viaPrefix.json.data.every((w) => w.name.startsWith('staging ')));
  assert.equal(fake.count('staging', 'GET', '/workspaces'), 2);
  assert.equal(fake.count('prod', 'GET', '/workspaces'), 0);
});

test('accounts never share data, and writes stay in their account', async (t) => {
  const fake = await startFake(t);
  const prod = await get(fake, 'prod', '/boards');
  const staging = await get(fake, 'staging', '/boards');
  const prodIds = prod.json.data.map((b) => b.board_id);
  assert.ok(staging.json.data.every((b) => !prodIds.includes(b.board_id)));
  assert.ok(prod.json.data.every((b) => b.name.startsWith('prod ')));

  const wsId = fake.fixtures('prod').workspaceIds[0];
  const created = await api(fake, 'prod', 'POST', '/boards',
    { body: { workspace_id: wsId, name: 'Only in prod' } });
  assert.equal(created.status, 200);
  const again = await get(fake, 'staging', '/boards');
  assert.ok(!again.json.data.some((b) => b.name === 'Only in prod'));
  const cross = await get(fake, 'staging', `/boards/${created.json.data.board_id}`);
  assert.equal(cross.status, 404);
});

test('seed data is deterministic per seed and different between accounts', () => {
  const a = createStore('prod', { seed: 1 });
  const b = createStore('prod', { seed: 1 });
  const c = createStore('staging', { seed: 2 });
  assert.deepEqual(a.cards, b.cards);
  assert.deepEqual(a.fixtures, b.fixtures);
  assert.notDeepEqual(a.cards.map((x) => x.title), c.cards.map((x) => x.title));
  assert.equal(a.cards.length, 30);
  assert.equal(a.workspaces[0].name, 'prod Engineering');
  assert.equal(c.workspaces[0].name, 'staging Engineering');
  const states = new Set(a.cards.map((x) => x.state));
  assert.deepEqual([...states].sort(), ['active', 'archived', 'discarded']);
});

// ---- envelopes and quirks ----

test('unknown paths give 404, unsupported methods 405, /info 404', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const info = await get(fake, 'prod', '/info');
  assert.equal(info.status, 404);
  assert.ok(info.json.error.message);
  assert.equal((await get(fake, 'prod', '/lanes')).status, 404);
  assert.equal((await get(fake, 'prod', '/boards/abc')).status, 404);
  assert.equal((await get(fake, 'prod', '/cards/99999999999')).status, 404);
  const ws = await api(fake, 'prod', 'DELETE', `/workspaces/${f.workspaceIds[0]}`);
  assert.equal(ws.status, 405);
  assert.equal(ws.json.error.code, 405);
  assert.equal((await get(fake, 'prod', '/workspaces')).json.data.length, 4);
  const put = await api(fake, 'prod', 'PUT', '/cards');
  assert.equal(put.status, 405);
  assert.match(put.headers.get('allow'), /GET/);
  assert.equal((await get(fake, 'staging', '/acct/nobody', { base: fake.baseUrl })).status, 404);
});

test('deleting an active board gives BS05; archive first, then 204', async (t) => {
  const fake = await startFake(t);
  const boardId = fake.fixtures('prod').mainBoardId;
  const first = await api(fake, 'prod', 'DELETE', `/boards/${boardId}`);
  assert.equal(first.status, 400);
  assert.deepEqual(first.json,
    { error: { code: 'BS05', message: 'BS05 - The board has not been archived' } });
  assert.equal((await get(fake, 'prod', `/boards/${boardId}`)).status, 200);

  const archived = await api(fake, 'prod', 'PATCH', `/boards/${boardId}`,
    { body: { is_archived: 1 } });
  assert.equal(archived.json.data.is_archived, 1);
  const second = await api(fake, 'prod', 'DELETE', `/boards/${boardId}`);
  assert.equal(second.status, 204);
  assert.equal(second.text, '');
  assert.equal((await get(fake, 'prod', `/boards/${boardId}`)).status, 404);
  const order = fake.requests('prod').filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.status}`);
  assert.deepEqual(order, ['DELETE 400', 'PATCH 200', 'DELETE 204']);
});

test('workspaces are archived and restored through PATCH', async (t) => {
  const fake = await startFake(t);
  const created = await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'New WS' } });
  assert.equal(created.json.data.type, 1);
  const id = created.json.data.workspace_id;
  const arch = await api(fake, 'prod', 'PATCH', `/workspaces/${id}`, { body: { is_archived: 1 } });
  assert.equal(arch.json.data.is_archived, 1);
  const active = await get(fake, 'prod', '/workspaces?is_archived=0');
  assert.ok(!active.json.data.some((w) => w.workspace_id === id));
  const bad = await api(fake, 'prod', 'PATCH', `/workspaces/${id}`,
    { body: { is_archived: true } });
  assert.equal(bad.status, 400);
});

test('invalid JSON bodies and non-object bodies get 400 envelopes', async (t) => {
  const fake = await startFake(t);
  const broken = await api(fake, 'prod', 'POST', '/workspaces', { rawBody: '{"name": ' });
  assert.equal(broken.status, 400);
  assert.ok(broken.json.error.message);
  const list = await api(fake, 'prod', 'POST', '/workspaces', { body: [1, 2] });
  assert.equal(list.status, 400);
  const missing = await api(fake, 'prod', 'POST', '/cards', { body: { title: 'x' } });
  assert.equal(missing.status, 400);
  assert.equal(fake.data('prod').cards.length, 30);
});

test('successful answers carry rate-limit headers that count down', async (t) => {
  const fake = await startFake(t);
  const a = await get(fake, 'prod', '/me');
  const b = await get(fake, 'prod', '/me');
  const limit = Number(a.headers.get('x-ratelimitperhour-limit'));
  const first = Number(a.headers.get('x-ratelimitperhour-remaining'));
  assert.ok(limit > 0);
  assert.equal(Number(b.headers.get('x-ratelimitperhour-remaining')), first - 1);
  fake.setRateLimit('prod', { limit: 600, remaining: 100 });
  const c = await get(fake, 'prod', '/me');
  assert.equal(c.headers.get('x-ratelimitperhour-limit'), '600');
  assert.equal(c.headers.get('x-ratelimitperhour-remaining'), '99');
  const limits = await get(fake, 'prod', '/apiLimits');
  assert.ok(limits.json.data.every((l) => 'types' in l && 'limit' in l));
});

// ---- /cards ----

test('GET /cards nests its pagination; per_page defaults to 200, caps at 1000', async (t) => {
  const fake = await startFake(t);
  const board = fake.fixtures('prod').mainBoardId;
  const all = await get(fake, 'prod', `/cards?board_ids=${board}`);
  assert.deepEqual(all.json.data.pagination,
    { all_pages: 1, current_page: 1, results_per_page: 200 });
  assert.equal(all.json.data.data.length, 10);

  const page = await get(fake, 'prod', `/cards?board_ids=${board}&per_page=4&page=3`);
  assert.deepEqual(page.json.data.pagination,
    { all_pages: 3, current_page: 3, results_per_page: 4 });
  assert.equal(page.json.data.data.length, 2);
  const big = await get(fake, 'prod', '/cards?per_page=5000');
  assert.equal(big.json.data.pagination.results_per_page, 1000);
  const none = await get(fake, 'prod', '/cards?card_ids=1');
  assert.equal(none.json.data.pagination.all_pages, 0);
  assert.equal((await get(fake, 'prod', '/cards?page=0')).status, 400);
});

test('list filters accept the comma, bracket and encoded bracket forms', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const [a, b] = f.cardIds.active;
  const forms = [`card_ids=${a},${b}`, `card_ids[]=${a}&card_ids[]=${b}`,
    `card_ids%5B%5D=${a}&card_ids%5B%5D=${b}`];
  for (const q of forms) {
    const res = await get(fake, 'prod', `/cards?${q}`);
    assert.deepEqual(res.json.data.data.map((c) => c.card_id), [a, b], q);
  }
  const owner = fake.data('prod').cards.find((c) => c.owner_user_id && c.state === 'active');
  const byOwner = await get(fake, 'prod',
    `/cards?owner_user_ids[]=${owner.owner_user_id}&board_id=${owner.board_id}`);
  assert.ok(byOwner.json.data.data.length >= 1);
  assert.ok(byOwner.json.data.data.every((c) => c.owner_user_id === owner.owner_user_id &&
    c.board_id === owner.board_id));
  const lanes = await get(fake, 'prod',
    `/cards?lane_ids=${f.laneIds.standard},${f.laneIds.expedite}&column_ids=${f.columnIds.doing}`);
  assert.ok(lanes.json.data.data.every((c) => c.column_id === f.columnIds.doing));
  assert.equal((await get(fake, 'prod', '/cards?board_ids=x')).status, 400);
});

test('each card query returns one state; active is the default', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const ids = async (q) => (await get(fake, 'prod', `/cards?${q}`)).json.data.data
    .map((c) => c.card_id);
  assert.deepEqual(await ids(`board_ids=${f.mainBoardId}&state=archived`),
    f.cardIds.archived.filter((id) => f.mainBoardCardIds.includes(id)));
  assert.deepEqual(await ids('state=discarded'), f.cardIds.discarded);
  assert.deepEqual(await ids(`card_ids=${f.cardIds.archived[0]}`), []);
  assert.equal((await get(fake, 'prod', '/cards?state=all')).status, 400);
});

test('expand and fields must be comma-joined; bracket forms get 400', async (t) => {
  const fake = await startFake(t);
  const id = fake.fixtures('prod').parentCardId;
  for (const q of ['expand[]=transitions', 'expand%5B%5D=subtasks', 'fields[]=card_id',
    'expand=subtasks&expand=transitions']) {
    const res = await get(fake, 'prod', `/cards?card_ids=${id}&${q}`);
    assert.equal(res.status, 400, q);
    assert.ok(res.json.error.message);
  }
  assert.equal((await get(fake, 'prod', '/boards?expand[]=workflows')).status, 400);
  const ok = await get(fake, 'prod',
    `/cards?card_ids=${id}&expand=transitions,block_times,subtasks&fields=card_id,title`);
  const [card] = ok.json.data.data;
  assert.deepEqual(Object.keys(card).sort(),
    ['block_times', 'card_id', 'subtasks', 'title', 'transitions']);
  assert.ok(Array.isArray(card.transitions) && card.transitions.length >= 1);
  const plain = (await get(fake, 'prod', `/cards?card_ids=${id}`)).json.data.data[0];
  assert.equal(plain.transitions, undefined);
  assert.equal(plain.subtasks, undefined);
  const boards = await get(fake, 'prod', '/boards?expand=workflows,structure&fields=board_id');
  assert.ok(boards.json.data.every((b) => Array.isArray(b.workflows) && b.structure &&
    b.name === undefined));
});

test('POST /cards answers an array and honours subtasks_to_add', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const res = await api(fake, 'prod', 'POST', '/cards', { body: {
    title: 'Write the fake', column_id: f.columnIds.doing, lane_id: f.laneIds.expedite,
    tag_ids_to_add: [f.tagIds[0]],
    subtasks_to_add: [{ description: 'first' }, { description: 'second', is_finished: 1 }],
  } });
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.json.data));
  const [card] = res.json.data;
  assert.equal(card.title, 'Write the fake');
  assert.equal(card.board_id, f.mainBoardId);
  assert.equal(card.section, 3);
  assert.deepEqual(card.tag_ids, [f.tagIds[0]]);
  assert.equal(card.subtasks.length, 2);
  assert.equal(card.finished_subtask_count, 1);
  const read = await get(fake, 'prod', `/cards/${card.card_id}/subtasks`);
  assert.deepEqual(read.json.data.map((s) => s.description), ['first', 'second']);
  const parentColumn = await api(fake, 'prod', 'POST', '/cards',
    { body: { title: 'x', column_id: f.columnIds.inProgress } });
  assert.equal(parentColumn.status, 400);
});

test('PATCH /cards answers an array, [] when unchanged, ignores subtasks_to_add', async (t) => {
  const fake = await startFake(t);
  const id = fake.fixtures('prod').parentCardId;
  const before = (await get(fake, 'prod', `/cards/${id}`)).json.data;
  const res = await api(fake, 'prod', 'PATCH', `/cards/${id}`, { body: {
    title: 'Renamed', linked_cards: before.linked_cards,
    subtasks_to_add: [{ description: 'ignored' }],
  } });
  assert.equal(res.json.data.length, 1);
  assert.equal(res.json.data[0].title, 'Renamed');
  assert.equal(res.json.data[0].revision, before.revision + 1);
  assert.equal(res.json.data[0].subtasks.length, before.subtasks.length);
  const same = await api(fake, 'prod', 'PATCH', `/cards/${id}`, { body: { title: 'Renamed' } });
  assert.deepEqual(same.json, { data: [] });
  const revs = await get(fake, 'prod', `/cards/${id}/revisions`);
  const last = revs.json.data.at(-1);
  assert.equal(last.revision, before.revision);
  const old = await get(fake, 'prod', `/cards/${id}/revisions/${last.revision}`);
  assert.equal(old.json.data.title, before.title);
});

test('moving a card updates its placement and records a transition', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const id = f.parentCardId;
  const res = await api(fake, 'prod', 'PATCH', `/cards/${id}`,
    { body: { column_id: f.columnIds.done } });
  const card = res.json.data[0];
  assert.equal(card.column_id, f.columnIds.done);
  assert.equal(card.section, 4);
  const hist = await get(fake, 'prod', `/cards?card_ids=${id}&expand=transitions`);
  assert.equal(hist.json.data.data[0].transitions.at(-1).column_id, f.columnIds.done);
});

test('the link-dropping switch clears links on a PATCH without linked_cards', async (t) => {
  const fake = await startFake(t);
  const id = fake.fixtures('prod').parentCardId;
  const links = async () => (await get(fake, 'prod', `/cards/${id}/linkedCards`)).json.data;
  const original = await links();
  assert.ok(original.length >= 3);

  await api(fake, 'prod', 'PATCH', `/cards/${id}`, { body: { size: 5 } });
  assert.equal((await links()).length, original.length);

  fake.setLinkDropping('prod', true);
  const card = (await get(fake, 'prod', `/cards/${id}`)).json.data;
  await api(fake, 'prod', 'PATCH', `/cards/${id}`,
    { body: { size: 6, linked_cards: card.linked_cards } });
  assert.equal((await links()).length, original.length);
  await api(fake, 'prod', 'PATCH', `/cards/${id}`, { body: { size: 7 } });
  assert.deepEqual(await links(), []);
});

test('DELETE /cards/{id} gives 204 and removes the card', async (t) => {
  const fake = await startFake(t);
  const id = fake.fixtures('prod').grandchildCardId;
  const del = await api(fake, 'prod', 'DELETE', `/cards/${id}`);
  assert.equal(del.status, 204);
  assert.equal((await get(fake, 'prod', `/cards/${id}`)).status, 404);
  assert.equal((await api(fake, 'prod', 'DELETE', `/cards/${id}`)).status, 404);
});

// ---- card relations ----

test('comments: the single GET omits comment_id; writes change the store', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const base = `/cards/${f.parentCardId}/comments`;
  const list = await get(fake, 'prod', base);
  assert.ok(list.json.data.every((c) => typeof c.comment_id === 'number'));
  const one = await get(fake, 'prod', `${base}/${f.commentIds[0]}`);
  assert.equal(one.json.data.comment_id, undefined);
  assert.equal(typeof one.json.data.text, 'string');

  assert.equal((await api(fake, 'prod', 'POST', base, { body: { text: '  ' } })).status, 400);
  const made = await api(fake, 'prod', 'POST', base, { body: { text: 'hello' } });
  const cid = made.json.data.comment_id;
  const edited = await api(fake, 'prod', 'PATCH', `${base}/${cid}`, { body: { text: 'bye' } });
  assert.equal(edited.json.data.text, 'bye');
  assert.equal((await api(fake, 'prod', 'DELETE', `${base}/${cid}`)).status, 204);
  assert.equal((await get(fake, 'prod', `${base}/${cid}`)).status, 404);
});

test('subtasks can be created, finished and deleted', async (t) => {
  const fake = await startFake(t);
  const base = `/cards/${fake.fixtures('prod').parentCardId}/subtasks`;
  const made = await api(fake, 'prod', 'POST', base, { body: { description: 'step' } });
  const sid = made.json.data.subtask_id;
  assert.equal(made.json.data.finished_at, null);
  const done = await api(fake, 'prod', 'PATCH', `${base}/${sid}`, { body: { is_finished: 1 } });
  assert.match(done.json.data.finished_at, /^\d{4}-/);
  assert.equal((await api(fake, 'prod', 'DELETE', `${base}/${sid}`)).status, 204);
  assert.equal((await get(fake, 'prod', `${base}/${sid}`)).status, 404);
});

test('parents, children, graphs, predecessors and linked cards agree', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const data = async (p) => (await get(fake, 'prod', p)).json.data;
  const kids = await data(`/cards/${f.parentCardId}/children`);
  assert.deepEqual(kids.map((k) => k.card_id).sort(), f.childCardIds.slice().sort());
  const parents = await data(`/cards/${f.childCardIds[0]}/parents`);
  assert.deepEqual(parents.map((p) => p.card_id), [f.parentCardId]);
  const up = await data(`/cards/${f.grandchildCardId}/parentGraph`);
  assert.deepEqual(up.map((g) => [g.parent_id, g.depth]),
    [[f.childCardIds[0], 1], [f.parentCardId, 2]]);
  const down = await data(`/cards/${f.parentCardId}/childGraph`);
  assert.ok(down.some((g) => g.child_id === f.grandchildCardId && g.depth === 2));
  const check = await get(fake, 'prod', `/cards/${f.childCardIds[0]}/parents/${f.parentCardId}`);
  assert.equal(typeof check.json.data.position, 'number');
  const notParent = await get(fake, 'prod',
    `/cards/${f.parentCardId}/parents/${f.childCardIds[0]}`);
  assert.equal(notParent.status, 404);

  const child = f.relativeCardIds[0];
  const put = await api(fake, 'prod', 'PUT', `/cards/${child}/parents/${f.blockedCardId}`);
  assert.equal(put.status, 200);
  assert.ok(put.json.data && 'position' in put.json.data);
  const cycle = await api(fake, 'prod', 'PUT',
    `/cards/${f.parentCardId}/parents/${f.grandchildCardId}`);
  assert.equal(cycle.status, 400);
  assert.equal((await api(fake, 'prod', 'DELETE',
    `/cards/${child}/parents/${f.blockedCardId}`)).status, 204);

  const succ = await data(`/cards/${f.successorCardId}/linkedCards`);
  assert.deepEqual(succ.map((l) => [l.card_id, l.link_type]),
    [[f.predecessorCardId, 'predecessor']]);
  const pred = await api(fake, 'prod', 'PUT',
    `/cards/${f.successorCardId}/predecessors/${f.blockedCardId}`,
    { body: { linked_card_position: 3 } });
  assert.equal(pred.json.data.position, 3);
  assert.equal((await api(fake, 'prod', 'DELETE',
    `/cards/${f.successorCardId}/predecessors/${f.blockedCardId}`)).status, 204);
});

test('tags and block/unblock answer 204; stickers go by association id', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const card = f.parentCardId;
  assert.equal((await api(fake, 'prod', 'PUT', `/cards/${card}/tags/${f.tagIds[4]}`)).status,
    204);
  let read = (await get(fake, 'prod', `/cards/${card}`)).json.data;
  assert.ok(read.tag_ids.includes(f.tagIds[4]));
  assert.equal((await api(fake, 'prod', 'DELETE', `/cards/${card}/tags/${f.tagIds[4]}`)).status,
    204);

  const block = await api(fake, 'prod', 'PUT', `/cards/${card}/blockReason`,
    { body: { comment: 'waiting' } });
  assert.equal(block.status, 204);
  read = (await get(fake, 'prod', `/cards/${card}`)).json.data;
  assert.equal(read.is_blocked, 1);
  const reason = await get(fake, 'prod', `/cards/${card}/blockReason`);
  assert.equal(reason.json.data.comment, 'waiting');
  assert.equal((await api(fake, 'prod', 'DELETE', `/cards/${card}/blockReason`)).status, 204);
  assert.equal((await get(fake, 'prod', `/cards/${card}`)).json.data.is_blocked, 0);

  const added = await api(fake, 'prod', 'POST', `/cards/${card}/stickers`,
    { body: { sticker_id: f.stickerIds[1] } });
  const assoc = added.json.data;
  assert.notEqual(assoc.id, assoc.sticker_id);
  const wrong = await api(fake, 'prod', 'DELETE', `/cards/${card}/stickers/${assoc.sticker_id}`);
  assert.equal(wrong.status, 404);
  assert.equal((await api(fake, 'prod', 'DELETE', `/cards/${card}/stickers/${assoc.id}`)).status,
    204);
});

test('outcomes, their history and card custom fields are served', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const outcomes = await get(fake, 'prod', `/cards/${f.initiativeCardId}/outcomes`);
  assert.equal(outcomes.json.data[0].outcome_id, f.outcomeId);
  const hist = await get(fake, 'prod',
    `/cards/${f.initiativeCardId}/outcomes/${f.outcomeId}/history`);
  assert.equal(hist.json.data.length, 2);
  const values = await get(fake, 'prod', `/cards/${f.parentCardId}/customFields`);
  assert.ok(values.json.data.some((v) => v.field_id === f.customFieldIds.single_line_text));
});

// ---- boards, structure, custom fields, users, docs, logged time ----

test('board structure, workflows, columns and lanes can be built up', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const board = (await api(fake, 'prod', 'POST', '/boards',
    { body: { workspace_id: f.workspaceIds[0], name: 'Built' } })).json.data;
  const b = `/boards/${board.board_id}`;
  const wf = (await api(fake, 'prod', 'POST', `${b}/workflows`, { body: { type: 0,
    name: 'Flow' } })).json.data;
  const main = await api(fake, 'prod', 'POST', `${b}/columns`, { body: {
    workflow_id: wf.workflow_id, section: 3, position: 1, name: 'Build' } });
  assert.equal(main.status, 200);
  const sub = await api(fake, 'prod', 'POST', `${b}/columns`, { body: {
    parent_column_id: main.json.data.column_id, position: 0, name: 'Build: test' } });
  assert.equal(sub.json.data.section, null);
  const both = await api(fake, 'prod', 'POST', `${b}/columns`, { body: {
    workflow_id: wf.workflow_id, section: 2, parent_column_id: main.json.data.column_id,
    position: 0, name: 'bad' } });
  assert.equal(both.status, 400);
  const lane = await api(fake, 'prod', 'POST', `${b}/lanes`, { body: {
    workflow_id: wf.workflow_id, position: 1, name: 'Fast', description: null } });
  assert.equal(lane.json.data.color, 'ffffff');

  const structure = (await get(fake, 'prod', `${b}/currentStructure`)).json.data;
  assert.deepEqual(structure.child_columns[main.json.data.column_id],
    [sub.json.data.column_id]);
  assert.equal(structure.workflow_order.length, 2);
  assert.ok(structure.lanes[lane.json.data.lane_id]);
  const one = await get(fake, 'prod', `${b}/columns/${main.json.data.column_id}`);
  assert.equal(one.json.data.name, 'Build');
  const ct = await get(fake, 'prod', `${b}/workflows/${wf.workflow_id}/cycleTimeColumns`);
  assert.ok(ct.json.data.some((c) => c.name === 'Build'));
  const eff = await get(fake, 'prod',
    `${b}/workflows/${wf.workflow_id}/effectiveCycleTimeColumns`);
  assert.ok(eff.json.data.some((c) => c.name === 'Build: test'));
  assert.ok(!eff.json.data.some((c) => c.name === 'Build'));

  const rel = await api(fake, 'prod', 'PUT', `${b}/relatedWorkflows/${f.workflowId}`,
    { body: { position: 2 } });
  assert.deepEqual(rel.json.data, { position: 2 });
  assert.equal((await api(fake, 'prod', 'DELETE', `${b}/relatedWorkflows/${f.workflowId}`))
    .status, 204);
});

test('custom fields: definitions, allowed values, boards and cards', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const made = await api(fake, 'prod', 'POST', '/customFields', { body: {
    name: 'Severity', type: 'dropdown', allowed_values: [{ value: 'S1' }, { value: 'S2' }] } });
  assert.equal(made.status, 200);
  const id = made.json.data.field_id;
  assert.equal(made.json.data.allowed_values.length, 2);
  const av = await api(fake, 'prod', 'POST', `/customFields/${id}/allowedValues`,
    { body: { value: 'S3', position: 2 } });
  const patched = await api(fake, 'prod', 'PATCH',
    `/customFields/${id}/allowedValues/${av.json.data.value_id}`, { body: { value: 'S3!' } });
  assert.equal(patched.json.data.value, 'S3!');
  const typeChange = await api(fake, 'prod', 'PATCH', `/customFields/${id}`,
    { body: { type: 'number' } });
  assert.equal(typeChange.status, 400);

  const put = await api(fake, 'prod', 'PUT', `/boards/${f.mainBoardId}/customFields/${id}`,
    { body: { position: 5, value_is_required: 1 } });
  assert.equal(put.json.data.value_is_required, 1);
  const onBoard = await get(fake, 'prod', `/boards/${f.mainBoardId}/customFields`);
  assert.ok(onBoard.json.data.some((x) => x.field_id === id));
  const boards = await get(fake, 'prod', `/customFields/${id}/boards`);
  assert.deepEqual(boards.json.data.map((x) => x.board_id), [f.mainBoardId]);

  await api(fake, 'prod', 'PATCH', `/cards/${f.parentCardId}`, { body: {
    custom_fields_to_add_or_update: [{ field_id: id,
      selected_values_to_add_or_update: [{ value_id: av.json.data.value_id, position: 0 }] }] } });
  const cards = await get(fake, 'prod', `/customFields/${id}/cards`);
  assert.deepEqual(cards.json.data.map((x) => x.card_id), [f.parentCardId]);
  const single = await get(fake, 'prod', `/customFields/${id}`);
  assert.equal(single.json.data.name, 'Severity');
  const filtered = await get(fake, 'prod', '/customFields?types=dropdown,number');
  assert.ok(filtered.json.data.every((x) => ['dropdown', 'number'].includes(x.type)));

  assert.equal((await api(fake, 'prod', 'DELETE',
    `/boards/${f.mainBoardId}/customFields/${id}`)).status, 204);
  assert.equal((await api(fake, 'prod', 'DELETE', `/customFields/${id}`)).status, 204);
  assert.equal((await get(fake, 'prod', `/customFields/${id}`)).status, 404);
});

test('an account without admin rights gets 403 on custom-field definitions', async (t) => {
  const fake = await startFakeBusinessMap({ quiet: true,
    accounts: { user: { apiKey: 'u', seed: 9, admin: false } } });
  t.after(() => fake.close());
  const res = await fetch(`${fake.url('user')}/customFields`, { method: 'POST',
    headers: { apikey: 'u', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', type: 'number' }) });
  assert.equal(res.status, 403);
});

test('users, invitations, card types and tags', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const me = await get(fake, 'prod', '/me');
  assert.equal(me.json.data.user_id, f.me);
  const users = await get(fake, 'prod', `/users?user_ids=${f.userIds[1]},${f.userIds[2]}`);
  assert.equal(users.json.data.length, 2);
  const invite = await api(fake, 'prod', 'POST', '/users/invite',
    { body: { email: 'new@example.test' } });
  assert.equal(invite.json.data.email, 'new@example.test');
  const dup = await api(fake, 'prod', 'POST', '/users/invite',
    { body: { email: 'new@example.test' } });
  assert.equal(dup.status, 409);
  assert.equal((await get(fake, 'prod', '/users/invite')).status, 405);
  const types = await get(fake, 'prod', '/cardTypes');
  assert.equal(types.json.data.length, 4);
  const tag = await api(fake, 'prod', 'POST', '/tags', { body: { label: 'fresh',
    color: 'ABCDEF' } });
  assert.equal(tag.json.data.color, 'abcdef');
  const byLabel = await get(fake, 'prod', '/tags?label=fresh');
  assert.equal(byLabel.json.data[0].tag_id, tag.json.data.tag_id);
  const badColor = await api(fake, 'prod', 'POST', '/tags', { body: { label: 'x',
    color: '#fff' } });
  assert.equal(badColor.status, 400);
});

test('GET /docs nests its list in data.result; docs and personal docs change', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const docs = await get(fake, 'prod', '/docs');
  assert.ok(Array.isArray(docs.json.data.result));
  assert.ok(docs.json.data.result.every((d) => d.content === undefined));
  const active = await get(fake, 'prod', '/docs?is_archived=0');
  assert.ok(!active.json.data.result.some((d) => d.doc_id === f.docIds.archived));
  const one = await get(fake, 'prod', `/docs/${f.docIds.release}`);
  assert.match(one.json.data.content, /deployment checklist/);
  const made = await api(fake, 'prod', 'POST', '/docs',
    { body: { title: 'Fresh', content: '<p>x</p>', parent_doc_id: f.docIds.handbook } });
  const arch = await api(fake, 'prod', 'PATCH', `/docs/${made.json.data.doc_id}`,
    { body: { is_archived: 1 } });
  assert.equal(arch.json.data.is_archived, 1);
  const pinned = await get(fake, 'prod', `/boards/${f.mainBoardId}/docs`);
  assert.deepEqual(pinned.json.data.map((d) => d.doc_id),
    [f.docIds.handbook, f.docIds.architecture]);
  const personal = await get(fake, 'prod', '/personalDocs');
  assert.equal(personal.json.data.length, 3);
  const p = await api(fake, 'prod', 'PATCH', `/personalDocs/${f.personalDocIds[0]}`,
    { body: { title: 'Renamed' } });
  assert.equal(p.json.data.title, 'Renamed');
});

test('GET /loggedTime puts pagination at the top level', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  const res = await get(fake, 'prod', `/loggedTime?card_ids[]=${f.parentCardId}`);
  assert.ok(res.json.pagination);
  assert.equal(res.json.pagination.current_page, 1);
  assert.equal(res.json.data.length, 3);
  const noSubtasks = await get(fake, 'prod',
    `/loggedTime?card_ids=${f.parentCardId}&include_logged_time_for_subtasks=0`);
  assert.equal(noSubtasks.json.data.length, 2);
  const paged = await get(fake, 'prod', '/loggedTime?per_page=2&page=2');
  assert.equal(paged.json.pagination.results_per_page, 2);
  assert.equal(paged.json.data.length, 2);
});

// ---- fault injection ----

test('status faults answer 500/503 with no body and apply nothing', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'status', status: 503, times: 2, method: 'POST',
    path: '/workspaces' });
  const before = fake.data('prod').workspaces.length;
  for (let i = 0; i < 2; i++) {
    const res = await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'x' } });
    assert.equal(res.status, 503);
    assert.equal(res.text, '');
  }
  assert.equal(fake.data('prod').workspaces.length, before);
  const ok = await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'x' } });
  assert.equal(ok.status, 200);
  assert.equal(fake.count('prod', 'POST', '/workspaces'), 3);
  assert.equal(fake.pendingFaults('prod'), 0);
  fake.inject('prod', { kind: 'status', status: 409, path: '/me' });
  const conflict = await get(fake, 'prod', '/me');
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json.error.code, 409);
});

test('rate-limit faults: 429 with Retry-After and RL02 in three body forms', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'ratelimit', times: 1, retryAfter: 7 });
  const a = await get(fake, 'prod', '/me');
  assert.equal(a.status, 429);
  assert.equal(a.headers.get('retry-after'), '7');
  assert.deepEqual(a.json, { error: { code: 'RL02', message: 'Request limit reached' } });
  fake.inject('prod', { kind: 'ratelimit', bodyForm: 'bare' });
  assert.deepEqual((await get(fake, 'prod', '/me')).json, { error: 'RL02' });
  fake.inject('prod', { kind: 'ratelimit', bodyForm: 'message' });
  const c = await get(fake, 'prod', '/me');
  assert.equal(c.status, 400);
  assert.match(c.json.error.message, /rate limit/i);
  fake.inject('prod', { kind: 'ratelimit', retryAfter: null });
  assert.equal((await get(fake, 'prod', '/me')).headers.get('retry-after'), null);
  assert.equal((await get(fake, 'prod', '/me')).status, 200);
});

test('faults match by method and path, and only in their own account', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'status', status: 500, method: 'GET', path: '/cards/{id}',
    times: 3 });
  const id = fake.fixtures('prod').parentCardId;
  assert.equal((await get(fake, 'prod', '/me')).status, 200);
  assert.equal((await get(fake, 'staging', `/cards/${fake.fixtures('staging').parentCardId}`))
    .status, 200);
  assert.equal((await get(fake, 'prod', `/cards/${id}`)).status, 500);
  fake.inject('prod', { kind: 'status', status: 502, path: /^\/boards/ });
  assert.equal((await get(fake, 'prod', '/boards')).status, 502);
  assert.equal(fake.pendingFaults('prod'), 2);
  fake.clearFaults('prod');
  assert.equal((await get(fake, 'prod', `/cards/${id}`)).status, 200);
});

test('a reset fault drops the connection and applies nothing', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'reset', method: 'POST' });
  const before = fake.data('prod').workspaces.length;
  await assert.rejects(api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'x' } }));
  assert.equal(fake.data('prod').workspaces.length, before);
  const [entry] = fake.requests('prod');
  assert.equal(entry.fault, 'reset');
  assert.equal(entry.status, 0);
  assert.equal((await get(fake, 'prod', '/me')).status, 200);
});

test('a delay fault applies the write and answers late', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'delay', delayMs: 300, method: 'POST' });
  const before = fake.data('prod').workspaces.length;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 50);
  await assert.rejects(api(fake, 'prod', 'POST', '/workspaces',
    { body: { name: 'late' }, signal: ctrl.signal }));
  clearTimeout(timer);
  assert.equal(fake.data('prod').workspaces.length, before + 1);
  fake.inject('prod', { kind: 'delay', delayMs: 120 });
  const started = Date.now();
  assert.equal((await get(fake, 'prod', '/me')).status, 200);
  assert.ok(Date.now() - started >= 100);
});

test('truncate and oversize faults apply the write, then spoil the body', async (t) => {
  const fake = await startFake(t);
  const before = fake.data('prod').workspaces.length;
  fake.inject('prod', { kind: 'truncate', method: 'POST' });
  const cut = await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'cut' } });
  assert.equal(cut.status, 200);
  assert.equal(cut.json, undefined);
  assert.ok(cut.text.startsWith('{"data":'));
  assert.equal(fake.data('prod').workspaces.length, before + 1);

  fake.inject('prod', { kind: 'oversize', method: 'POST' });
  const big = await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'big' } });
  assert.ok(big.text.length > 4 * 1024 * 1024);
  assert.equal(big.json.data.name, 'big');
  assert.equal(fake.data('prod').workspaces.length, before + 2);
});

test('a nonjson fault answers an HTML page and applies nothing', async (t) => {
  const fake = await startFake(t);
  fake.inject('prod', { kind: 'nonjson', method: 'PATCH' });
  const ws = fake.fixtures('prod').workspaceIds[0];
  const res = await api(fake, 'prod', 'PATCH', `/workspaces/${ws}`, { body: { name: 'html' } });
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.equal(res.json, undefined);
  assert.notEqual(fake.data('prod').workspaces[0].name, 'html');
  fake.inject('prod', { kind: 'nonjson', status: 502 });
  assert.equal((await get(fake, 'prod', '/me')).status, 502);
  assert.throws(() => fake.inject('prod', { kind: 'explode' }), TypeError);
});

// ---- request log ----

test('the request log records method, path, query, body and redacts the key', async (t) => {
  const fake = await startFake(t);
  const id = fake.fixtures('prod').mainBoardId;
  await get(fake, 'prod', `/cards?board_ids[]=${id}&board_ids[]=7&state=active&expand=a,b`);
  await api(fake, 'prod', 'POST', '/workspaces', { body: { name: 'logged' },
    headers: { 'x-request-id': 'r-1' } });
  const [list, post] = fake.requests('prod');
  assert.equal(list.path, '/cards');
  assert.deepEqual(list.query, { board_ids: [String(id), '7'], state: 'active',
    expand: 'a,b' });
  assert.match(list.rawQuery, /^board_ids\[\]=/);
  assert.equal(list.status, 400);
  assert.equal(list.body, null);
  assert.equal(post.method, 'POST');
  assert.deepEqual(post.body, { name: 'logged' });
  assert.equal(post.headers.apikey, '<redacted>');
  assert.equal(post.headers['x-request-id'], 'r-1');
  assert.equal(post.status, 200);
  assert.ok(Number.isFinite(post.time));
  assert.ok(!JSON.stringify(fake.requests('prod')).includes(ACCOUNTS.prod.apiKey));
});

test('count matches methods and {id} patterns; clearLog and reset', async (t) => {
  const fake = await startFake(t);
  const f = fake.fixtures('prod');
  await get(fake, 'prod', `/cards/${f.parentCardId}`);
  await get(fake, 'prod', `/cards/${f.parentCardId}/comments`);
  await api(fake, 'prod', 'PATCH', `/cards/${f.parentCardId}`, { body: { title: 'T' } });
  await get(fake, 'staging', '/me');
  assert.equal(fake.count('prod', 'GET', '/cards/{id}'), 1);
  assert.equal(fake.count('prod', 'get', '/cards/{id}/comments'), 1);
  assert.equal(fake.count('prod', null, '/cards/{id}'), 2);
  assert.equal(fake.count('prod', 'GET', /^\/cards\//), 2);
  assert.equal(fake.count('prod', 'GET'), 2);
  assert.equal(fake.count('staging', 'GET', '/me'), 1);
  const order = fake.requests('prod').map((r) => r.method);
  assert.deepEqual(order, ['GET', 'GET', 'PATCH']);

  fake.clearLog('prod');
  assert.equal(fake.requests('prod').length, 0);
  assert.equal(fake.requests('staging').length, 1);
  fake.inject('prod', { kind: 'status', status: 500, times: 5 });
  fake.setLinkDropping('prod', true);
  fake.reset();
  assert.equal(fake.requests().length, 0);
  assert.equal(fake.pendingFaults('prod'), 0);
  const card = await get(fake, 'prod', `/cards/${f.parentCardId}`);
  assert.notEqual(card.json.data.title, 'T');
});

test('odd input never crashes the server', async (t) => {
  const fake = await startFake(t);
  const port = fake.port;
  const rawRequest = (text) => new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d) => { out += d; });
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
  });
  await rawRequest('GET /acct/%E0%A4%A/api/v2/me HTTP/1.1\r\nHost: x\r\n\r\n');
  await rawRequest('GARBAGE\r\n\r\n');
  const weird = ['/cards?page=abc', '/cards?per_page=-1', '/cards?%zz=1',
    '/boards?board_ids=1,,2', '/cards?created_from=not-a-date', `/cards/${'9'.repeat(40)}`,
    '/cards?__proto__=1&constructor=2'];
  for (const p of weird) {
    const res = await get(fake, 'prod', p);
    assert.ok([200, 400, 404].includes(res.status), `${p} -> ${res.status}`);
  }
  const deep = await api(fake, 'prod', 'POST', '/cards', { body: {
    title: 'x', column_id: fake.fixtures('prod').columnIds.doing,
    custom_fields_to_add_or_update: [{ field_id: 'nope' }] } });
  assert.equal(deep.status, 400);
  assert.equal(fake.data('prod').cards.length, 30);
  assert.equal((await get(fake, 'prod', '/me')).status, 200);
});

test('close() is idempotent', async () => {
  const fake = await startFakeBusinessMap({ accounts: ACCOUNTS, quiet: true });
  await get(fake, 'prod', '/me');
  await Promise.all([fake.close(), fake.close()]);
  await fake.close();
  await assert.rejects(get(fake, 'prod', '/me'));
});

test('the CLI prints its URLs and serves until SIGTERM', async (t) => {
  const cli = fileURLToPath(new URL('../fake-businessmap/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--quiet'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', () => reject(new Error('cli exited early')));
  });
  const info = JSON.parse(line);
  assert.match(info.url, /\/api\/v2$/);
  const names = Object.keys(info.accounts);
  assert.equal(names.length, 2);
  const { url, apiKey } = info.accounts[names[0]];
  const me = await fetch(`${url}/me`, { headers: { apikey: apiKey } });
  assert.equal(me.status, 200);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
