// The health, tag and sticker, custom-field, user and doc tools, each
// called through the official MCP SDK client against the real stdio
// server and the fake BusinessMap API: what the fake received (method,
// path, query, body) and what the caller got back, plus the failure paths
// of each family (API errors, validation, read-only refusal).
//
// Reads the core may cache (GET /me, /users, /customFields...) are
// checked leniently: a cached read need not reach the fake (operations.md
// §1.9).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoCanary, jsonOf, startStack, textOf } from './helpers/stack.js';

const FULL = { BUSINESSMAP_TOOL_PROFILE: 'full' };

async function stack(t) {
  const s = await startStack(t, {
    names: ['main', 'ro'],
    configOptions: { defaultInstance: 'main', readOnly: ['ro'] },
    env: FULL,
  });
  t.after(() => assertNoCanary(assert, s.keys, s.stderr(), ...s.seen));
  return { ...s, fx: s.fake.fixtures('main') };
}

// Calls a tool and returns its result with the requests the fake got
// for that account meanwhile, as {method, path, query, body}.
async function traced(s, tool, args = {}, account = 'main') {
  const mark = s.fake.requests(account).length;
  const result = await s.call(tool, account === 'main' ? args : { ...args, instance: account });
  const reqs = s.fake.requests(account).slice(mark).map((e) => ({
    method: e.method, path: e.path, query: e.query, body: e.body,
  }));
  return { result, reqs, json: () => jsonOf(result), text: textOf(result) };
}

const line = (r) => `${r.method} ${r.path}`;

// A read the core may answer from its cache: zero requests, or exactly
// the expected one.
function cachedOr(reqs, expected) {
  assert.ok(reqs.length <= expected.length, `too many requests: ${reqs.map(line)}`);
  if (reqs.length) assert.deepEqual(reqs.map(line), expected);
}

function ok(r) {
  assert.ok(!r.result.isError, `unexpected error: ${r.text}`);
}

function failed(r, pattern) {
  assert.equal(r.result.isError, true, `expected an error, got: ${r.text}`);
  if (pattern) assert.match(r.text, pattern);
}

test('health_check and get_api_info read /me and never /info', async (t) => {
  const s = await stack(t);

  let r = await traced(s, 'health_check');
  ok(r);
  assert.equal(r.text, 'BusinessMap API Health: Healthy');
  cachedOr(r.reqs, ['GET /me']);

  r = await traced(s, 'get_api_info');
  ok(r);
  assert.deepEqual(r.json(), {
    status: 'healthy', endpoint: '/me', api_version: 'v2', api_url: s.fake.url('main'),
    note: 'API v2 has no /info endpoint',
  });
  cachedOr(r.reqs, ['GET /me']);
  assert.equal(s.fake.count('main', 'GET', '/info'), 0);

  // A rejected token is a health report, not a failed call; for
  // get_api_info it is an error. The read-only instance still reads.
  s.fake.inject('ro', { kind: 'status', status: 401, path: '/me', times: 2 });
  r = await traced(s, 'health_check', {}, 'ro');
  ok(r);
  assert.match(r.text, /^BusinessMap API Health: Unhealthy \(.*401/);
  r = await traced(s, 'get_api_info', {}, 'ro');
  failed(r, /^API connection failed: .*401/);
});

test('tags and stickers', async (t) => {
  const s = await stack(t);
  const card = s.fx.mainBoardCardIds[0];
  const tag = s.fx.tagIds[0];
  const sticker = s.fx.stickerIds[1];

  let r = await traced(s, 'create_tag', { label: '  Needs review ', color: '#AbC' });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'POST', path: '/tags', query: {},
    body: { label: 'Needs review', color: 'aabbcc' } }]);
  assert.equal(r.json().label, 'Needs review');
  assert.ok(Number.isInteger(r.json().tag_id));

  r = await traced(s, 'add_tag_to_card', { card_id: card, tag_id: String(tag) });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`PUT /cards/${card}/tags/${tag}`]);
  assert.deepEqual(r.json(), { card_id: card, tag_id: tag });

  r = await traced(s, 'remove_tag_from_card', { card_id: card, tag_id: tag });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`DELETE /cards/${card}/tags/${tag}`]);
  assert.deepEqual(r.json(), { card_id: card, tag_id: tag });

  r = await traced(s, 'add_sticker_to_card', { card_id: card, sticker_id: sticker });
  ok(r);
  assert.deepEqual(r.reqs[0], { method: 'POST', path: `/cards/${card}/stickers`, query: {},
    body: { sticker_id: sticker } });
  const added = r.json();
  assert.equal(added.card_id, card);
  assert.equal(added.sticker_id, sticker);
  assert.ok(Number.isInteger(added.id));

  r = await traced(s, 'remove_sticker_from_card', { card_id: card, sticker_card_id: added.id });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`DELETE /cards/${card}/stickers/${added.id}`]);
  assert.deepEqual(r.json(), { card_id: card, sticker_card_id: added.id });

  // The association is gone: the API's 404 comes back as the error.
  r = await traced(s, 'remove_sticker_from_card', { card_id: card, sticker_card_id: added.id });
  failed(r, /^Error removing sticker from card: .*404/);

  r = await traced(s, 'add_tag_to_card', { card_id: card, tag_id: 999999 });
  failed(r, /404/);

  r = await traced(s, 'create_tag', { label: 'x', color: 'purple' });
  failed(r, /Invalid argument 'color'/);
  assert.equal(r.reqs.length, 0);

  r = await traced(s, 'add_tag_to_card', { card_id: card, tag_id: tag }, 'ro');
  failed(r, /Cannot add_tag_to_card in read-only mode \(instance 'ro'\)/);
  assert.equal(s.fake.requests('ro').length, 0);
});

test('custom-field reads, paging and card types', async (t) => {
  const s = await stack(t);
  const ids = s.fx.customFieldIds;

  let r = await traced(s, 'list_custom_fields');
  ok(r);
  cachedOr(r.reqs, ['GET /customFields']);
  const all = r.json();
  assert.equal(all.count, 5);
  assert.equal(all.customFields.length, 5);

  r = await traced(s, 'list_custom_fields', { field_type: 'dropdown' });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]),
    [['GET /customFields', { types: 'dropdown' }]]);
  assert.deepEqual(r.json().customFields.map((f) => f.field_id), [ids.dropdown]);

  r = await traced(s, 'list_custom_fields', { page: 2, page_size: 2 });
  ok(r);
  cachedOr(r.reqs, ['GET /customFields']);
  assert.deepEqual(r.json().customFields.map((f) => f.field_id),
    all.customFields.slice(2, 4).map((f) => f.field_id));
  assert.equal(r.json().count, 2);
  assert.equal(r.json().total, 5);
  assert.equal(r.json().page, 2);
  assert.equal(r.json().page_size, 2);

  r = await traced(s, 'list_board_custom_fields', { board_id: s.fx.mainBoardId });
  ok(r);
  cachedOr(r.reqs, [`GET /boards/${s.fx.mainBoardId}/customFields`]);
  assert.equal(r.json().length, 3);

  // The fake leaves field_id out of the single GET; the tool puts it back.
  r = await traced(s, 'get_custom_field', { custom_field_id: ids.dropdown });
  ok(r);
  cachedOr(r.reqs, [`GET /customFields/${ids.dropdown}`]);
  assert.equal(r.json().field_id, ids.dropdown);
  assert.equal(r.json().type, 'dropdown');

  const card = s.fx.mainBoardCardIds[0];
  r = await traced(s, 'get_card_custom_fields', { card_id: card });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`GET /cards/${card}/customFields`]);
  assert.equal(r.json().count, r.json().customFields.length);

  r = await traced(s, 'get_card_types');
  ok(r);
  cachedOr(r.reqs, ['GET /cardTypes']);
  assert.equal(r.json().count, s.fx.cardTypeIds.length);
  assert.deepEqual(r.json().cardTypes.map((c) => c.type_id), s.fx.cardTypeIds);

  r = await traced(s, 'get_custom_field', { custom_field_id: 999999 });
  failed(r, /404/);

  r = await traced(s, 'list_custom_fields', { page_size: 0 });
  failed(r, /Invalid argument 'page_size'/);
  assert.equal(r.reqs.length, 0);
});

test('custom-field writes: create and attach, update, delete after a report', async (t) => {
  const s = await stack(t);
  const board = s.fx.mainBoardId;

  let r = await traced(s, 'create_custom_field', {
    name: 'Severity', field_type: 'dropdown', board_id: board, is_required: true,
    position: 1, description: 'How bad it is',
    options: [{ value: 'Minor', color: 'ffcc00' }, { value: 'Major' }],
  });
  ok(r);
  assert.deepEqual(r.reqs[0], { method: 'POST', path: '/customFields', query: {},
    body: { name: 'Severity', type: 'dropdown', description: 'How bad it is',
      value_is_required: 1,
      allowed_values: [{ value: 'Minor', position: 0 }, { value: 'Major', position: 1 }] } });
  const field = r.json();
  assert.deepEqual(r.reqs.slice(1), [{ method: 'PUT',
    path: `/boards/${board}/customFields/${field.field_id}`, query: {},
    body: { position: 1, value_is_required: 1 } }]);
  assert.match(r.text, /^Custom field created and attached to board \d+:/);
  assert.deepEqual(field.allowed_values.map((a) => a.value), ['Minor', 'Major']);
  assert.equal(field.board.board_id, board);
  assert.equal(field.board.position, 1);

  const minor = field.allowed_values[0].value_id;
  r = await traced(s, 'update_custom_field', {
    custom_field_id: field.field_id, name: 'Impact',
    options: [{ id: minor, value: 'Small' }, { value: 'Huge' }],
    board_id: board, position: 0,
  });
  ok(r);
  const F = `/customFields/${field.field_id}`;
  assert.deepEqual(r.reqs.map((q) => [line(q), q.body]), [
    [`PATCH ${F}`, { name: 'Impact' }],
    [`PATCH ${F}/allowedValues/${minor}`, { value: 'Small', position: 0 }],
    [`POST ${F}/allowedValues`, { value: 'Huge', position: 1 }],
    [`PATCH /boards/${board}${F}`, { position: 0 }],
    [`GET ${F}`, null],
  ].slice(0, r.reqs.length));
  assert.ok(r.reqs.length >= 4);
  const updated = r.json();
  assert.equal(updated.field_id, field.field_id);
  assert.equal(updated.name, 'Impact');
  assert.deepEqual(updated.allowed_values.map((a) => a.value).sort(),
    ['Huge', 'Major', 'Small']);
  assert.equal(updated.board.position, 0);

  // confirm=false reads and reports, and writes nothing.
  r = await traced(s, 'delete_custom_field', { custom_field_id: field.field_id });
  ok(r);
  assert.ok(r.reqs.every((q) => q.method === 'GET'), r.reqs.map(line).join(', '));
  assert.ok(r.reqs.some((q) => q.path === `${F}/boards`));
  assert.ok(r.reqs.some((q) => q.path === `${F}/cards`));
  const report = r.json();
  assert.equal(report.requires_confirmation, true);
  assert.equal(report.field.field_id, field.field_id);
  assert.deepEqual(report.boards, [{ board_id: board }]);
  assert.equal(report.card_count, 0);
  assert.match(report.message, /confirm=true/);
  assert.equal(s.fake.data('main').customFields.some((f) => f.field_id === field.field_id), true);

  r = await traced(s, 'delete_custom_field', { custom_field_id: field.field_id, confirm: true });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`DELETE ${F}`]);
  assert.deepEqual(r.json(), { custom_field_id: field.field_id, deleted: true });
  assert.equal(s.fake.data('main').customFields.some((f) => f.field_id === field.field_id), false);

  // Deleting a field that still holds card values counts them.
  const text = s.fx.customFieldIds.single_line_text;
  const withValues = s.fake.data('main').cards
    .filter((c) => c.custom_fields.some((v) => v.field_id === text)).length;
  r = await traced(s, 'delete_custom_field', { custom_field_id: text, confirm: false });
  ok(r);
  assert.equal(r.json().card_count, withValues);
  assert.ok(r.reqs.every((q) => q.method === 'GET'));
});

test('custom-field write failures', async (t) => {
  const s = await stack(t);

  let r = await traced(s, 'create_custom_field', {
    name: 'Points', field_type: 'number', options: [{ value: 'a' }],
  });
  failed(r, /only dropdown fields have options/);
  assert.equal(r.reqs.length, 0);

  r = await traced(s, 'update_custom_field', { custom_field_id: 1 });
  failed(r, /at least one of/);
  assert.equal(r.reqs.length, 0);

  s.fake.inject('main', { kind: 'status', status: 403, method: 'POST', path: '/customFields' });
  r = await traced(s, 'create_custom_field', { name: 'Points', field_type: 'number',
    validation: { min: 0, max: 13 } });
  failed(r, /^Error creating custom field: managing custom-field definitions needs admin rights/);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.body]), [['POST /customFields',
    { name: 'Points', type: 'number', min_value: 0, max_value: 13 }]]);

  r = await traced(s, 'update_custom_field', { custom_field_id: 999999, name: 'x' });
  failed(r, /^Error updating custom field \(the definition\): .*404/);

  r = await traced(s, 'delete_custom_field', { custom_field_id: 999999 });
  failed(r, /404/);
  assert.ok(r.reqs.every((q) => q.method === 'GET'));

  for (const [tool, args] of [
    ['create_custom_field', { name: 'x', field_type: 'date' }],
    ['update_custom_field', { custom_field_id: 1, name: 'x' }],
    ['delete_custom_field', { custom_field_id: 1 }],
  ]) {
    r = await traced(s, tool, args, 'ro');
    failed(r, new RegExp(`Cannot ${tool} in read-only mode`));
  }
  assert.equal(s.fake.requests('ro').length, 0);
});

test('users', async (t) => {
  const s = await stack(t);
  const user = s.fx.userIds[1];

  let r = await traced(s, 'list_users');
  ok(r);
  cachedOr(r.reqs, ['GET /users']);
  assert.deepEqual(r.json().map((u) => u.user_id), s.fx.userIds);

  r = await traced(s, 'get_user', { user_id: user });
  ok(r);
  cachedOr(r.reqs, [`GET /users/${user}`]);
  assert.equal(r.json().user_id, user);

  r = await traced(s, 'get_current_user');
  ok(r);
  cachedOr(r.reqs, ['GET /me']);
  assert.equal(r.json().user_id, s.fx.me);

  r = await traced(s, 'invite_user', { email: 'new.person@example.com',
    do_not_send_confirmation_email: 1 });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'POST', path: '/users/invite', query: {},
    body: { email: 'new.person@example.com', do_not_send_confirmation_email: 1 } }]);
  assert.equal(r.json().email, 'new.person@example.com');
  assert.ok(Number.isInteger(r.json().user_id));

  r = await traced(s, 'invite_user', { email: 'new.person@example.com' });
  failed(r, /^Error inviting user: .*409/);

  r = await traced(s, 'get_user', { user_id: 999999 });
  failed(r, /404/);

  r = await traced(s, 'invite_user', { email: 'not-an-address' });
  failed(r, /Invalid argument 'email'/);
  assert.equal(r.reqs.length, 0);

  r = await traced(s, 'invite_user', { email: 'a@b.co' }, 'ro');
  failed(r, /Cannot invite_user in read-only mode \(instance 'ro'\)/);
  assert.equal(s.fake.requests('ro').length, 0);
});

test('doc reads', async (t) => {
  const s = await stack(t);
  const d = s.fx.docIds;

  let r = await traced(s, 'search_docs', { query: 'PROCESS', include_personal: true });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]).sort(),
    [['GET /docs', { is_archived: '0' }], ['GET /personalDocs', {}]]);
  assert.equal(r.json().query, 'PROCESS');
  assert.deepEqual(r.json().matches.map((m) => [m.doc_id, m.personal]), [[d.release, false]]);
  assert.equal(r.json().count, 1);

  r = await traced(s, 'search_docs', { query: 'notes', include_archived: true });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]), [['GET /docs', {}]]);
  assert.deepEqual(r.json().matches.map((m) => m.doc_id), [d.archived]);

  r = await traced(s, 'search_docs', { query: 'notes', include_personal: true });
  ok(r);
  assert.deepEqual(r.json().matches.map((m) => m.personal), [true]);

  // Content search: "checklist" is in two bodies and no title; one doc
  // read fails and is counted, not fatal.
  s.fake.inject('main', { kind: 'status', status: 404, method: 'GET', path: `/docs/${d.handbook}` });
  r = await traced(s, 'get_docs_text_title_search', { query: 'Checklist' });
  ok(r);
  assert.deepEqual(r.reqs.slice(0, 1).map((q) => [line(q), q.query]),
    [['GET /docs', { is_archived: '0' }]]);
  const active = s.fake.data('main').docs.filter((x) => !x.is_archived);
  assert.equal(r.reqs.length, 1 + active.length);
  const found = r.json();
  assert.deepEqual(found.matches.map((m) => m.doc_id).sort(), [d.onboarding, d.release].sort());
  assert.ok(found.matches.every((m) => m.matched_in === 'content'));
  assert.ok(found.matches.every((m) => /checklist/.test(m.snippet) && !/[<>]/.test(m.snippet)));
  assert.equal(found.scanned_docs_for_content, active.length);
  assert.equal(found.successfully_scanned_docs, active.length - 1);
  assert.equal(found.failed_docs, 1);

  r = await traced(s, 'get_docs_text_title_search', { query: 'handbook', max_docs_to_scan: 2 });
  ok(r);
  assert.equal(r.reqs.length, 3);
  assert.deepEqual(r.json().matches.map((m) => [m.doc_id, m.matched_in]),
    [[d.handbook, 'title']]);

  r = await traced(s, 'get_doc_hierarchy');
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]), [['GET /docs', { is_archived: '0' }]]);
  const tree = r.json();
  assert.equal(tree.total_docs, active.length);
  const handbook = tree.hierarchy.find((n) => n.doc_id === d.handbook);
  assert.deepEqual(handbook.children.map((n) => n.doc_id), [d.onboarding, d.release]);

  r = await traced(s, 'get_doc_hierarchy', { parent_doc_id: d.handbook });
  ok(r);
  assert.equal(r.json().total_docs, 3);
  assert.deepEqual(r.json().hierarchy.map((n) => n.doc_id), [d.handbook]);

  r = await traced(s, 'get_doc_hierarchy', { parent_doc_id: d.archived });
  failed(r, /not found/);

  r = await traced(s, 'list_docs', { is_important: 1, doc_ids: [d.architecture, d.handbook] });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]), [['GET /docs',
    { is_important: '1', doc_ids: `${d.architecture},${d.handbook}` }]]);
  assert.deepEqual(r.json().docs.map((x) => x.doc_id), [d.architecture]);
  assert.equal(r.json().count, 1);

  r = await traced(s, 'list_personal_docs', { title: 'notes' });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.query]), [['GET /personalDocs',
    { title: 'notes' }]]);
  assert.equal(r.json().count, 1);
  assert.equal(r.json().docs[0].title, 'My notes');

  r = await traced(s, 'get_doc_content_batch', { doc_ids: [d.release, 999999, d.release] });
  ok(r);
  assert.deepEqual(r.reqs.map(line).sort(), [`GET /docs/${d.release}`, 'GET /docs/999999'].sort());
  const batch = r.json();
  assert.equal(batch.count, 2);
  assert.equal(batch.docs[0].doc_id, d.release);
  assert.match(batch.docs[0].doc.content, /deployment checklist/);
  assert.equal(batch.docs[1].doc_id, 999999);
  assert.match(batch.docs[1].error, /404/);

  const personal = s.fx.personalDocIds[0];
  r = await traced(s, 'get_doc_content_batch', { doc_ids: [personal], personal: true });
  ok(r);
  assert.deepEqual(r.reqs.map(line), [`GET /personalDocs/${personal}`]);
  assert.equal(r.json().docs[0].doc.doc_id, personal);

  const boards = [s.fx.mainBoardId, s.fx.boardIds[1]];
  r = await traced(s, 'get_docs_for_boards_batch', { board_ids: boards });
  ok(r);
  assert.deepEqual(r.reqs.map(line).sort(), boards.map((b) => `GET /boards/${b}/docs`).sort());
  assert.deepEqual(r.json().boards.map((b) => b.board_id), boards);
  assert.deepEqual(r.json().boards[0].docs.map((x) => x.doc_id).sort(),
    [d.handbook, d.architecture].sort());
  assert.deepEqual(r.json().boards[1].docs, []);

  r = await traced(s, 'get_doc_content_batch', {
    doc_ids: Array.from({ length: 21 }, (_, i) => i + 1),
  });
  failed(r, /Invalid argument 'doc_ids'/);
  assert.equal(r.reqs.length, 0);

  r = await traced(s, 'search_docs', { query: '   ' });
  failed(r, /Invalid argument 'query'/);
  assert.equal(r.reqs.length, 0);
});

test('doc writes', async (t) => {
  const s = await stack(t);
  const d = s.fx.docIds;

  let r = await traced(s, 'create_doc', { title: ' Runbook ', content: '<p>Steps</p>',
    parent_doc_id: d.handbook, position: 2, is_important: true });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'POST', path: '/docs', query: {},
    body: { title: 'Runbook', content: '<p>Steps</p>', is_important: 1,
      parent_doc_id: d.handbook, position: 2 } }]);
  const doc = r.json();
  assert.equal(doc.title, 'Runbook');
  assert.equal(doc.parent_doc_id, d.handbook);

  r = await traced(s, 'update_doc', { doc_id: doc.doc_id, title: 'Runbook v2', for_welcome: 1 });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'PATCH', path: `/docs/${doc.doc_id}`, query: {},
    body: { title: 'Runbook v2', for_welcome: 1 } }]);
  assert.equal(r.json().title, 'Runbook v2');

  r = await traced(s, 'archive_doc', { doc_id: doc.doc_id });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.body]),
    [[`PATCH /docs/${doc.doc_id}`, { is_archived: 1 }]]);
  assert.equal(r.json().is_archived, 1);

  r = await traced(s, 'unarchive_doc', { doc_id: doc.doc_id });
  ok(r);
  assert.deepEqual(r.reqs.map((q) => [line(q), q.body]),
    [[`PATCH /docs/${doc.doc_id}`, { is_archived: 0 }]]);
  assert.equal(r.json().is_archived, 0);

  r = await traced(s, 'create_personal_doc', { title: 'Ideas', content: '<p>x</p>', position: 0 });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'POST', path: '/personalDocs', query: {},
    body: { title: 'Ideas', content: '<p>x</p>', position: 0 } }]);
  const mine = r.json();
  assert.equal(mine.title, 'Ideas');

  r = await traced(s, 'update_personal_doc', { doc_id: mine.doc_id, content: '<p>y</p>' });
  ok(r);
  assert.deepEqual(r.reqs, [{ method: 'PATCH', path: `/personalDocs/${mine.doc_id}`, query: {},
    body: { content: '<p>y</p>' } }]);
  assert.equal(r.json().content, '<p>y</p>');

  r = await traced(s, 'update_doc', { doc_id: 999999, title: 'x' });
  failed(r, /^Error updating doc: .*404/);

  r = await traced(s, 'update_doc', { doc_id: doc.doc_id });
  failed(r, /at least one of/);
  assert.equal(r.reqs.length, 0);

  r = await traced(s, 'update_personal_doc', { doc_id: mine.doc_id, position: -1 });
  failed(r, /Invalid argument 'position'/);
  assert.equal(r.reqs.length, 0);

  for (const [tool, args] of [
    ['create_doc', { title: 'x' }], ['archive_doc', { doc_id: 1 }],
    ['create_personal_doc', { title: 'x' }],
  ]) {
    r = await traced(s, tool, args, 'ro');
    failed(r, new RegExp(`Cannot ${tool} in read-only mode \\(instance 'ro'\\)`));
  }
  assert.equal(s.fake.requests('ro').length, 0);
});

test('the families list the tools of operations.md with their profiles', async (t) => {
  const s = await stack(t);
  const { tools } = await s.client.listTools();
  const byName = new Map(tools.map((x) => [x.name, x]));
  const expected = {
    health_check: 'RO', get_api_info: 'RO',
    create_tag: 'W', add_tag_to_card: 'WI', remove_tag_from_card: 'DI',
    add_sticker_to_card: 'W', remove_sticker_from_card: 'DI',
    list_custom_fields: 'RO', list_board_custom_fields: 'RO', get_custom_field: 'RO',
    create_custom_field: 'W', update_custom_field: 'WI', delete_custom_field: 'DI',
    get_card_custom_fields: 'RO', get_card_types: 'RO',
    list_users: 'RO', get_user: 'RO', get_current_user: 'RO', invite_user: 'W',
    search_docs: 'RO', get_docs_text_title_search: 'RO', get_doc_hierarchy: 'RO',
    list_docs: 'RO', list_personal_docs: 'RO', get_doc_content_batch: 'RO',
    get_docs_for_boards_batch: 'RO', create_doc: 'W', update_doc: 'WI', archive_doc: 'WI',
    unarchive_doc: 'WI', create_personal_doc: 'W', update_personal_doc: 'WI',
  };
  const hints = {
    RO: [true, false, true], W: [false, false, false], WI: [false, false, true],
    DI: [false, true, true],
  };
  for (const [name, code] of Object.entries(expected)) {
    const tool = byName.get(name);
    assert.ok(tool, `${name} is listed`);
    // The server leaves out hints that equal the MCP defaults.
    const a = { readOnlyHint: false, destructiveHint: true, idempotentHint: false,
      openWorldHint: true, ...tool.annotations };
    // A read-only tool says only that: the spec gives destructiveHint and
    // idempotentHint meaning only when readOnlyHint is false.
    if (code === 'RO') assert.equal(a.readOnlyHint, true, name);
    else assert.deepEqual([a.readOnlyHint, a.destructiveHint, a.idempotentHint], hints[code], name);
    assert.equal(a.openWorldHint, true, name);
    assert.ok(tool.description.length > 0 && tool.description.length < 120, name);
    assert.ok('instance' in tool.inputSchema.properties, name);
  }
});

test('profiles and global read-only mode pick from these families', async (t) => {
  const mine = ['health_check', 'get_api_info', 'create_tag', 'add_tag_to_card',
    'remove_tag_from_card', 'add_sticker_to_card', 'remove_sticker_from_card',
    'list_custom_fields', 'list_board_custom_fields', 'get_custom_field', 'create_custom_field',
    'update_custom_field', 'delete_custom_field', 'get_card_custom_fields', 'get_card_types',
    'list_users', 'get_user', 'get_current_user', 'invite_user', 'search_docs',
    'get_docs_text_title_search', 'get_doc_hierarchy', 'list_docs', 'list_personal_docs',
    'get_doc_content_batch', 'get_docs_for_boards_batch', 'create_doc', 'update_doc',
    'archive_doc', 'unarchive_doc', 'create_personal_doc', 'update_personal_doc'];
  const essential = ['health_check', 'get_api_info', 'list_users', 'get_current_user',
    'search_docs', 'list_docs', 'get_doc_content_batch'];
  const standard = [...essential, 'list_custom_fields', 'get_custom_field',
    'get_card_custom_fields'];
  const readOnlyFull = ['health_check', 'get_api_info', 'list_custom_fields',
    'list_board_custom_fields', 'get_custom_field', 'get_card_custom_fields', 'get_card_types',
    'list_users', 'get_user', 'get_current_user', 'search_docs', 'get_docs_text_title_search',
    'get_doc_hierarchy', 'list_docs', 'list_personal_docs', 'get_doc_content_batch',
    'get_docs_for_boards_batch'];
  const listed = async (env) => {
    const s = await startStack(t, { names: ['main'], env });
    const { tools } = await s.client.listTools();
    return tools.map((x) => x.name).filter((n) => mine.includes(n)).sort();
  };
  assert.deepEqual(await listed({}), [...essential].sort());
  assert.deepEqual(await listed({ BUSINESSMAP_TOOL_PROFILE: 'standard' }), [...standard].sort());
  assert.deepEqual(await listed({ ...FULL, BUSINESSMAP_READ_ONLY_MODE: 'true' }),
    [...readOnlyFull].sort());

  // A tool outside the profile is refused before any request.
  const s = await startStack(t, { names: ['main'] });
  await assert.rejects(s.client.callTool({ name: 'create_doc', arguments: { title: 'x' } }),
    /not in the 'essential' profile/);
  assert.equal(s.fake.requests('main').length, 0);
});
