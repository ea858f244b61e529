// The card families (cards, card history, comments, subtasks, relations)
// and the bulk tools, each tool called through the official MCP SDK
// client against the real stdio server and the fake BusinessMap API. Each
// check looks at both sides: the requests the fake received (method,
// path, query, body) and the result the caller got. Multi-step flows are
// checked for their order (read before PATCH, archive before DELETE) and
// for what they protect (linked cards under the fake's link dropping).
//
// Workspace and board reads may be served from the core's cache
// (operations.md §1.9), so checks on them allow a read that never reached
// the fake.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertNoCanary, jsonOf, startStack, textOf } from './helpers/stack.js';

const MISSING = 2000000000;   // an id the fake never hands out

async function cardStack(t) {
  const s = await startStack(t, {
    names: ['dev', 'ro'],
    configOptions: { defaultInstance: 'dev', readOnly: ['ro'] },
    env: { BUSINESSMAP_TOOL_PROFILE: 'full' },
  });
  t.after(() => assertNoCanary(assert, s.keys, s.stderr(), ...s.seen));
  return { ...s, fx: s.fake.fixtures('dev') };
}

// One tool call and what the fake saw while it ran.
async function run(s, tool, args = {}, instance = 'dev') {
  const before = s.fake.requests(instance).length;
  const result = await s.call(tool, instance === 'dev' ? args : { ...args, instance });
  const sent = s.fake.requests(instance).slice(before).map((e) => ({
    method: e.method, path: e.path, query: e.query, body: e.body,
  }));
  return {
    result, sent, text: textOf(result), data: () => jsonOf(result),
    lines: sent.map((q) => `${q.method} ${q.path}`),
  };
}

function succeeded(r) {
  assert.notEqual(r.result.isError, true, `unexpected error: ${r.text}`);
}

function refused(r, pattern) {
  assert.equal(r.result.isError, true, `expected an error, got: ${r.text}`);
  if (pattern) assert.match(r.text, pattern);
}

// The checks every family repeats: an unknown id (404 from the API), an
// invalid argument (nothing sent) and a read-only instance (nothing sent).
async function failurePaths(s, { notFound, invalid, write }) {
  let r = await run(s, notFound[0], notFound[1]);
  refused(r, /404/);
  assert.ok(r.sent.length >= 1);
  r = await run(s, invalid[0], invalid[1]);
  refused(r, /Invalid argument/);
  assert.equal(r.sent.length, 0);
  r = await run(s, write[0], write[1], 'ro');
  refused(r, new RegExp(`Cannot ${write[0]} in read-only mode \\(instance 'ro'\\)`));
  assert.equal(r.sent.length, 0);
}

test('card reads: list_cards, search_cards, get_card, get_card_size', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;

  let r = await run(s, 'list_cards', {
    board_id: fx.mainBoardId, lane_ids: [fx.laneIds.standard], per_page: 5,
    date_filters: { created: { from_date: '2020-01-01' } },
  });
  succeeded(r);
  assert.deepEqual(r.lines, ['GET /cards']);
  assert.deepEqual(r.sent[0].query, {
    lane_ids: String(fx.laneIds.standard), board_ids: String(fx.mainBoardId),
    per_page: '5', created_from_date: '2020-01-01',
  });
  let page = r.data();
  assert.ok(page.pagination.all_pages >= 1);
  assert.ok(page.data.length > 0 && page.data.length <= 5);
  const compactKeys = new Set(['card_id', 'custom_id', 'board_id', 'title', 'owner_user_id',
    'type_id', 'column_id', 'lane_id', 'size', 'priority', 'deadline', 'is_blocked']);
  for (const card of page.data) {
    assert.ok(Object.keys(card).every((k) => compactKeys.has(k)), Object.keys(card).join());
    assert.equal(card.board_id, fx.mainBoardId);
    assert.equal(card.lane_id, fx.laneIds.standard);
  }

  r = await run(s, 'search_cards', {
    board_ids: [fx.mainBoardId, fx.secondBoardId], state: 'archived',
    expand: ['linked_cards'], created_to_date: '2100-01-01',
  });
  succeeded(r);
  assert.deepEqual(r.sent[0].query, {
    board_ids: `${fx.mainBoardId},${fx.secondBoardId}`, state: 'archived',
    expand: 'linked_cards', created_to_date: '2100-01-01', per_page: '50',
  });
  page = r.data();
  const archived = s.fake.data('dev').cards.filter((c) => c.state === 'archived' &&
    [fx.mainBoardId, fx.secondBoardId].includes(c.board_id)).map((c) => c.card_id);
  assert.ok(archived.length > 0);
  assert.deepEqual(page.data.map((c) => c.card_id).sort(), archived.sort());
  assert.ok(page.data.every((c) => Array.isArray(c.linked_cards)), 'expand kept in compact');

  r = await run(s, 'get_card', { card_id: String(fx.parentCardId) });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}`]);
  const summary = r.data();
  assert.equal(summary.card_id, fx.parentCardId);
  assert.equal(summary.related_counts.linked_cards, 3);
  assert.ok(summary.next_tools.includes('update_card'));

  r = await run(s, 'get_card', { card_id: fx.parentCardId, detail_level: 'full' });
  assert.ok(Array.isArray(r.data().linked_cards));

  const card = s.fake.data('dev').cards.find((c) => c.card_id === fx.parentCardId);
  r = await run(s, 'get_card_size', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}`]);
  assert.equal(r.text,
    `Card "${card.title}" (ID: ${fx.parentCardId}) has size: ${card.size ?? 0} points`);

  await failurePaths(s, {
    notFound: ['get_card', { card_id: MISSING }],
    invalid: ['list_cards', { board_id: fx.mainBoardId, per_page: 0 }],
    write: ['create_card', { title: 'x', column_id: fx.columnIds.backlog }],
  });
});

test('card writes: create, update, move, size, block, unblock, delete', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;

  let r = await run(s, 'create_card', {
    title: '  Ship the release  ', column_id: fx.columnIds.backlog,
    lane_id: fx.laneIds.standard, priority: 2, color: '#0A0',
    subtasks_to_add: [{ description: 'write notes' }],
  });
  succeeded(r);
  assert.deepEqual(r.lines, ['POST /cards']);
  assert.deepEqual(r.sent[0].body, {
    title: 'Ship the release', column_id: fx.columnIds.backlog, lane_id: fx.laneIds.standard,
    priority: 2, color: '00aa00', subtasks_to_add: [{ description: 'write notes' }],
  });
  assert.match(r.text, /^Card created successfully:\n/);
  const created = r.data();
  assert.equal(created.title, 'Ship the release');
  const id = created.card_id;

  // The grouped compatibility input is flattened before the POST.
  r = await run(s, 'create_card', {
    title: 'Grouped', column_id: fx.columnIds.backlog,
    placement: { lane_id: fx.laneIds.expedite }, metadata: { size: 3 },
    owners: { user_id: fx.userIds[1] }, dates: { planned_start: '2025-01-02' },
    subtasks: [{ description: 'one' }],
  });
  succeeded(r);
  assert.deepEqual(r.sent[0].body, {
    title: 'Grouped', column_id: fx.columnIds.backlog, lane_id: fx.laneIds.expedite,
    size: 3, owner_user_id: fx.userIds[1], planned_start_date: '2025-01-02',
    subtasks_to_add: [{ description: 'one' }],
  });
  r = await run(s, 'create_card', { title: 'Bad', column_id: fx.columnIds.backlog,
    owners: { nobody: 1 } });
  refused(r, /owners\.nobody/);
  assert.equal(r.sent.length, 0);

  r = await run(s, 'update_card', {
    id, title: 'Ship it', assignee_user_id: fx.userIds[2],
    subtasks_to_add: [{ description: 'tag' }, { description: 'announce', is_finished: 1 }],
  });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${id}`, `PATCH /cards/${id}`,
    `POST /cards/${id}/subtasks`, `POST /cards/${id}/subtasks`]);
  assert.deepEqual(r.sent[1].body, { title: 'Ship it', owner_user_id: fx.userIds[2],
    linked_cards: [] });
  assert.deepEqual(r.sent[3].body, { description: 'announce', is_finished: 1 });
  let card = r.data();
  assert.equal(card.title, 'Ship it');
  assert.equal(card.owner_user_id, fx.userIds[2]);
  assert.equal(card.subtasks.created.length, 2);
  assert.deepEqual(card.subtasks.failed, []);

  r = await run(s, 'update_card', { card_id: id });
  refused(r, /at least one of/);
  assert.equal(r.sent.length, 0);

  r = await run(s, 'move_card', { card_id: id, column_id: fx.columnIds.ready,
    lane_id: fx.laneIds.expedite, position: 0 });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${id}`, `PATCH /cards/${id}`]);
  assert.deepEqual(r.sent[1].body, { column_id: fx.columnIds.ready,
    lane_id: fx.laneIds.expedite, position: 0, linked_cards: [] });
  card = r.data();
  assert.equal(card.column_id, fx.columnIds.ready);

  r = await run(s, 'set_card_size', { card_id: id, size: 5 });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${id}`, `PATCH /cards/${id}`]);
  assert.deepEqual(r.sent[1].body, { size: 5, linked_cards: [] });
  assert.equal(r.text, `Card "Ship it" (ID: ${id}) size updated to: 5 points`);

  r = await run(s, 'block_card', { card_id: id, reason: 'waiting for legal' });
  succeeded(r);
  assert.deepEqual(r.sent, [{ method: 'PUT', path: `/cards/${id}/blockReason`, query: {},
    body: { comment: 'waiting for legal' } }]);
  assert.deepEqual(r.data(), { card_id: id, is_blocked: 1,
    block_reason: { comment: 'waiting for legal' } });
  assert.equal(s.fake.data('dev').cards.find((c) => c.card_id === id).is_blocked, 1);

  r = await run(s, 'unblock_card', { card_id: id });
  succeeded(r);
  assert.deepEqual(r.lines, [`DELETE /cards/${id}/blockReason`]);
  assert.deepEqual(r.data(), { card_id: id, is_blocked: 0 });

  // F-ARCHDEL: the archive comes first, then the delete.
  r = await run(s, 'delete_card', { card_id: id });
  succeeded(r);
  assert.deepEqual(r.lines, [`PATCH /cards/${id}`, `DELETE /cards/${id}`]);
  assert.deepEqual(r.sent[0].body, { is_archived: 1 });
  assert.deepEqual(r.data(), { card_id: id });
  assert.equal(s.fake.data('dev').cards.some((c) => c.card_id === id), false);

  r = await run(s, 'delete_card', { card_id: id, archive_first: false });
  refused(r, /404/);
  assert.deepEqual(r.lines, [`DELETE /cards/${id}`]);

  // A failed archive deletes nothing.
  r = await run(s, 'delete_card', { card_id: MISSING });
  refused(r, /^Error deleting card: BusinessMap API 404/);
  assert.deepEqual(r.lines, [`PATCH /cards/${MISSING}`]);

  await failurePaths(s, {
    notFound: ['update_card', { card_id: MISSING, title: 'x' }],
    invalid: ['block_card', { card_id: fx.parentCardId, comment: '   ' }],
    write: ['delete_card', { card_id: fx.parentCardId }],
  });
  // A failed read in F-UPDATE sends no PATCH.
  r = await run(s, 'update_card', { card_id: MISSING, title: 'x' });
  assert.deepEqual(r.lines, [`GET /cards/${MISSING}`]);
});

test('update_card keeps linked cards when the API would drop them', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const links = async () => jsonOf(await s.call('get_card_linked_cards',
    { card_id: fx.parentCardId })).linkedCards.map((l) => `${l.link_type}:${l.card_id}`).sort();
  const before = await links();
  assert.equal(before.length, 3);

  s.fake.setLinkDropping('dev', true);
  const r = await run(s, 'update_card', { card_id: fx.parentCardId, priority: 1 });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}`, `PATCH /cards/${fx.parentCardId}`]);
  assert.equal(r.sent[1].body.linked_cards.length, 3);
  assert.deepEqual(await links(), before);

  // The fake's switch is real: a PATCH without links loses them.
  await fetch(`${s.fake.url('dev')}/cards/${fx.parentCardId}`, {
    method: 'PATCH', body: '{"priority":2}',
    headers: { apikey: s.keys.dev, 'content-type': 'application/json' },
  });
  assert.deepEqual(await links(), []);
});

test('bulk_delete_cards asks first, then archives and deletes each card', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  // Fresh cards have no children, comments or subtasks.
  const plain = [];
  for (const title of ['Spare one', 'Spare two']) {
    plain.push(jsonOf(await s.call('create_card', { title,
      column_id: fx.columnIds.backlog })).card_id);
  }

  // The parent has children, comments and subtasks: nothing is written.
  let r = await run(s, 'bulk_delete_cards', { resource_ids: [fx.parentCardId, ...plain] });
  succeeded(r);
  assert.ok(r.sent.every((q) => q.method === 'GET'));
  assert.ok(r.lines.includes(`GET /cards/${fx.parentCardId}/children`));
  assert.ok(r.lines.includes(`GET /cards/${plain[0]}/subtasks`));
  let out = r.data();
  assert.equal(out.requires_confirmation, true);
  assert.match(out.confirmation_message, /analyze_dependencies=false/);
  assert.deepEqual(out.resources_with_dependencies.map((x) => x.id), [fx.parentCardId]);
  assert.equal(out.resources_with_dependencies[0].children, 3);
  assert.equal(out.resources_with_dependencies[0].comments, 2);
  assert.equal(out.resources_with_dependencies[0].subtasks, 3);
  assert.deepEqual(out.resources_without_dependencies.map((x) => x.id), plain);
  assert.equal(out.total_impact.cards, 3);

  // Cards without dependents go ahead; names are kept from before.
  const titles = plain.map((id) => s.fake.data('dev').cards.find((c) => c.card_id === id).title);
  r = await run(s, 'bulk_delete_cards', { resource_ids: plain });
  succeeded(r);
  for (const id of plain) {
    const mine = r.lines.filter((l) => l.endsWith(`/cards/${id}`));
    assert.deepEqual(mine, [`GET /cards/${id}`, `PATCH /cards/${id}`, `DELETE /cards/${id}`]);
  }
  assert.match(r.text, /^2 of 2 cards deleted, 0 failed\.\n/);
  out = r.data();
  assert.deepEqual(out, { successful: 2, failed: 0, results: plain.map((id, i) => ({
    id, name: titles[i], success: true })) });

  // Without the analysis the name is still read before anything is deleted.
  r = await run(s, 'bulk_delete_cards', { resource_ids: [fx.successorCardId],
    analyze_dependencies: false });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.successorCardId}`,
    `PATCH /cards/${fx.successorCardId}`, `DELETE /cards/${fx.successorCardId}`]);

  r = await run(s, 'bulk_delete_cards', { resource_ids: [] });
  refused(r, /resource_ids/);
  assert.equal(r.sent.length, 0);
  r = await run(s, 'bulk_delete_cards', { resource_ids: [fx.successorCardId] }, 'ro');
  refused(r, /read-only/);
  assert.equal(r.sent.length, 0);
});

test('bulk_update_cards reports one failing card without failing the call', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const good = fx.relativeCardIds[0];

  let r = await run(s, 'bulk_update_cards', { resource_ids: [good, MISSING, good],
    priority: 3 });
  succeeded(r);
  assert.deepEqual(r.lines.filter((l) => l.includes(String(good))),
    [`GET /cards/${good}`, `PATCH /cards/${good}`]);
  assert.deepEqual(r.lines.filter((l) => l.includes(String(MISSING))),
    [`GET /cards/${MISSING}`]);
  assert.equal(r.sent.find((q) => q.method === 'PATCH').body.priority, 3);
  assert.ok(Array.isArray(r.sent.find((q) => q.method === 'PATCH').body.linked_cards));
  assert.match(r.text, /^1 of 2 cards updated, 1 failed\./);
  const out = r.data();
  assert.equal(out.successful, 1);
  assert.equal(out.results[1].id, MISSING);
  assert.equal(out.results[1].success, false);
  assert.match(out.results[1].error, /404/);

  r = await run(s, 'bulk_update_cards', { resource_ids: [MISSING], title: 'x' });
  refused(r, /^0 of 1 cards updated, 1 failed\./);
  r = await run(s, 'bulk_update_cards', { resource_ids: [good] });
  refused(r, /at least one of/);
  assert.equal(r.sent.length, 0);
});

test('card history: outcomes, revisions, flow, blocked times, logged time', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const card = fx.initiativeCardId;

  let r = await run(s, 'get_card_outcomes', { card_id: card });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/outcomes`]);
  assert.equal(r.data().count, 1);
  assert.equal(r.data().outcomes[0].outcome_id, fx.outcomeId);

  r = await run(s, 'get_card_history', { card_id: card, outcome_id: fx.outcomeId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/outcomes/${fx.outcomeId}/history`]);
  assert.equal(r.data().count, r.data().history.length);

  r = await run(s, 'get_card_revisions', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}/revisions`]);
  const revisions = r.data();
  assert.equal(revisions.count, revisions.revisions.length);
  assert.ok(revisions.count >= 1);
  const rev = revisions.revisions[0].revision;
  r = await run(s, 'get_card_revisions', { card_id: fx.parentCardId, revision: rev });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}/revisions/${rev}`]);
  assert.equal(r.data().card_id, fx.parentCardId);

  // F-EXPAND: active first; an archived card needs the other states.
  r = await run(s, 'get_card_flow_history', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.sent.map((q) => q.query), [{ card_ids: String(fx.parentCardId),
    state: 'active', expand: 'transitions' }]);
  assert.ok(Array.isArray(r.data().transitions));

  const archived = fx.cardIds.archived[0];
  r = await run(s, 'get_card_blocked_times', { card_id: archived });
  succeeded(r);
  assert.deepEqual(r.sent.map((q) => q.query.state).sort(), ['active', 'archived', 'discarded']);
  assert.ok(r.sent.every((q) => q.query.expand === 'block_times'));
  assert.equal(r.data().card_id, archived);
  assert.ok(Array.isArray(r.data().block_times));

  r = await run(s, 'get_card_flow_history', { card_id: MISSING });
  refused(r, new RegExp(`^Card ${MISSING} not found$`));
  assert.equal(r.sent.length, 3);

  r = await run(s, 'get_card_logged_time', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, ['GET /loggedTime']);
  assert.equal(r.sent[0].query.card_ids, String(fx.parentCardId));
  assert.equal(r.sent[0].query.include_logged_time_for_subtasks, '1');
  let logged = r.data();
  const mine = s.fake.data('dev').loggedTime.filter((e) => e.card_id === fx.parentCardId);
  assert.equal(logged.count, mine.length);
  assert.equal(logged.total_time, mine.reduce((n, e) => n + e.time, 0));
  r = await run(s, 'get_card_logged_time', { card_id: fx.parentCardId, include_subtasks: false });
  assert.equal(r.sent[0].query.include_logged_time_for_subtasks, '0');
  logged = r.data();
  assert.equal(logged.count, mine.filter((e) => e.subtask_id === null).length);

  await failurePaths(s, {
    notFound: ['get_card_outcomes', { card_id: MISSING }],
    invalid: ['get_card_revisions', { card_id: fx.parentCardId, revision: 0 }],
    write: ['block_card', { card_id: fx.parentCardId, comment: 'x' }],
  });
});

test('comments: list, read, create, update, delete, and the alias names', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const card = fx.parentCardId;

  let r = await run(s, 'get_card_comments', { card_id: card });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/comments`]);
  assert.equal(r.data().count, 2);
  assert.deepEqual(r.data().comments.map((c) => c.comment_id), fx.commentIds);

  r = await run(s, 'get_card_comment', { card_id: card, comment_id: fx.commentIds[0] });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/comments/${fx.commentIds[0]}`]);
  assert.equal(r.data().comment_id, fx.commentIds[0], 'comment_id restored from the path');

  r = await run(s, 'create_card_comment', { card_id: card, text: '  Looks ready  ',
    attachments_to_add: [{ file_name: 'spec.pdf', link: 'https://example.com/spec.pdf' }] });
  succeeded(r);
  assert.deepEqual(r.sent, [{ method: 'POST', path: `/cards/${card}/comments`, query: {},
    body: { text: 'Looks ready', attachments_to_add: [{ file_name: 'spec.pdf',
      link: 'https://example.com/spec.pdf' }] } }]);
  const comment = r.data();
  assert.equal(comment.text, 'Looks ready');

  r = await run(s, 'create_comment', { card_id: card, text: 'via alias' });
  succeeded(r);
  assert.deepEqual(r.lines, [`POST /cards/${card}/comments`]);

  r = await run(s, 'update_card_comment', { card_id: card, comment_id: comment.comment_id,
    text: 'Edited' });
  succeeded(r);
  assert.deepEqual(r.sent[0].body, { text: 'Edited' });
  assert.equal(r.lines[0], `PATCH /cards/${card}/comments/${comment.comment_id}`);
  assert.equal(r.data().text, 'Edited');
  r = await run(s, 'update_comment', { card_id: card, comment_id: comment.comment_id,
    text: 'Again' });
  succeeded(r);

  r = await run(s, 'delete_card_comment', { card_id: card, comment_id: comment.comment_id });
  succeeded(r);
  assert.deepEqual(r.lines, [`DELETE /cards/${card}/comments/${comment.comment_id}`]);
  assert.deepEqual(r.data(), { card_id: card, comment_id: comment.comment_id });
  r = await run(s, 'delete_comment', { card_id: card, comment_id: comment.comment_id });
  refused(r, /404/);

  r = await run(s, 'create_card_comment', { card_id: card, text: '   ' });
  refused(r, /must not be blank/);
  assert.equal(r.sent.length, 0);
  r = await run(s, 'update_card_comment', { card_id: card, comment_id: fx.commentIds[0] });
  refused(r, /at least one of/);
  assert.equal(r.sent.length, 0);

  await failurePaths(s, {
    notFound: ['get_card_comment', { card_id: card, comment_id: MISSING }],
    invalid: ['create_card_comment', { card_id: card, text: 'x'.repeat(5001) }],
    write: ['create_card_comment', { card_id: card, text: 'x' }],
  });
});

test('subtasks: list, read, create, update, delete', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const card = fx.parentCardId;

  let r = await run(s, 'get_card_subtasks', { card_id: card });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/subtasks`]);
  assert.equal(r.data().count, fx.subtaskIds.length);

  r = await run(s, 'get_card_subtask', { card_id: card, subtask_id: fx.subtaskIds[0] });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${card}/subtasks/${fx.subtaskIds[0]}`]);
  assert.equal(r.data().subtask_id, fx.subtaskIds[0]);

  r = await run(s, 'create_card_subtask', { card_id: card, description: 'Check logs',
    owner_user_id: fx.userIds[0], deadline: '2030-01-01', position: 0 });
  succeeded(r);
  assert.deepEqual(r.sent, [{ method: 'POST', path: `/cards/${card}/subtasks`, query: {},
    body: { description: 'Check logs', owner_user_id: fx.userIds[0], deadline: '2030-01-01',
      position: 0 } }]);
  const sub = r.data();
  assert.equal(sub.description, 'Check logs');

  r = await run(s, 'update_card_subtask', { card_id: card, subtask_id: sub.subtask_id,
    is_finished: true });
  succeeded(r);
  assert.deepEqual(r.sent[0].body, { is_finished: 1 });
  assert.ok(r.data().finished_at);

  r = await run(s, 'delete_card_subtask', { card_id: card, subtask_id: sub.subtask_id });
  succeeded(r);
  assert.deepEqual(r.lines, [`DELETE /cards/${card}/subtasks/${sub.subtask_id}`]);
  assert.deepEqual(r.data(), { card_id: card, subtask_id: sub.subtask_id });

  r = await run(s, 'update_card_subtask', { card_id: card, subtask_id: sub.subtask_id });
  refused(r, /at least one of/);
  assert.equal(r.sent.length, 0);

  await failurePaths(s, {
    notFound: ['delete_card_subtask', { card_id: card, subtask_id: MISSING }],
    invalid: ['create_card_subtask', { card_id: card, description: '' }],
    write: ['update_card_subtask', { card_id: card, subtask_id: fx.subtaskIds[0],
      is_finished: 1 }],
  });
});

test('relations: parents, children, graphs, links and predecessors', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const [child] = fx.childCardIds;

  let r = await run(s, 'get_card_parents', { card_id: child });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${child}/parents`]);
  assert.deepEqual(r.data().parents.map((p) => p.card_id), [fx.parentCardId]);
  assert.equal(r.data().count, 1);

  r = await run(s, 'get_card_parent', { card_id: child, parent_card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${child}/parents/${fx.parentCardId}`]);
  assert.equal(typeof r.data().position, 'number');
  r = await run(s, 'get_card_parent', { card_id: child, parent_card_id: fx.successorCardId });
  refused(r, /404/);

  r = await run(s, 'get_card_parent_graph', { card_id: fx.grandchildCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.grandchildCardId}/parentGraph`]);
  assert.equal(r.data().count, 2);
  assert.ok(r.data().parentGraph.some((g) => g.parent_id === fx.parentCardId && g.depth === 2));

  r = await run(s, 'get_card_children', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}/children`]);
  assert.deepEqual(r.data().children.map((c) => c.card_id).sort(), [...fx.childCardIds].sort());

  r = await run(s, 'get_card_child_graph', { card_id: fx.parentCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.parentCardId}/childGraph`]);
  assert.equal(r.data().count, 4);
  assert.ok(r.data().children.every((g) => 'depth' in g));

  r = await run(s, 'get_card_linked_cards', { card_id: fx.predecessorCardId });
  succeeded(r);
  assert.deepEqual(r.lines, [`GET /cards/${fx.predecessorCardId}/linkedCards`]);
  assert.deepEqual(r.data().linkedCards.map((l) => [l.card_id, l.link_type]),
    [[fx.successorCardId, 'successor']]);

  const [a, b] = fx.relativeCardIds;
  r = await run(s, 'add_card_parent', { card_id: a, parent_card_id: b });
  succeeded(r);
  assert.deepEqual(r.sent, [{ method: 'PUT', path: `/cards/${a}/parents/${b}`, query: {},
    body: null }]);
  assert.equal(typeof r.data().position, 'number');

  r = await run(s, 'remove_card_parent', { card_id: a, parent_card_id: b });
  succeeded(r);
  assert.deepEqual(r.lines, [`DELETE /cards/${a}/parents/${b}`]);
  assert.deepEqual(r.data(), { card_id: a, parent_card_id: b });

  r = await run(s, 'add_predecessor', { card_id: a, predecessor_card_id: b,
    linked_card_position: 0, card_position: 1 });
  succeeded(r);
  assert.deepEqual(r.sent, [{ method: 'PUT', path: `/cards/${a}/predecessors/${b}`, query: {},
    body: { linked_card_position: 0, card_position: 1 } }]);
  assert.deepEqual(r.data(), { card_id: a, predecessor_card_id: b });

  r = await run(s, 'remove_predecessor', { card_id: a, predecessor_card_id: b });
  succeeded(r);
  assert.deepEqual(r.lines, [`DELETE /cards/${a}/predecessors/${b}`]);
  assert.deepEqual(r.data(), { card_id: a, predecessor_card_id: b });

  await failurePaths(s, {
    notFound: ['get_card_children', { card_id: MISSING }],
    invalid: ['add_card_parent', { card_id: a }],
    write: ['remove_predecessor', { card_id: a, predecessor_card_id: b }],
  });
});

test('bulk workspace and board tools', async (t) => {
  const s = await cardStack(t);
  const { fx } = s;
  const [busy, , , legacy] = fx.workspaceIds;

  // An active board is a dependency: nothing is archived.
  let r = await run(s, 'bulk_archive_workspaces', { resource_ids: [busy, legacy] });
  succeeded(r);
  assert.ok(r.sent.every((q) => q.method === 'GET'));
  assert.ok(r.sent.some((q) => q.path === '/boards' && q.query.workspace_ids === String(busy) &&
    q.query.is_archived === '0'));
  assert.ok(r.sent.some((q) => q.path === '/cards' && q.query.per_page === '1'));
  let out = r.data();
  assert.equal(out.requires_confirmation, true);
  assert.deepEqual(out.resources_with_dependencies.map((x) => x.id), [busy]);
  assert.ok(out.resources_with_dependencies[0].boards > 0);
  assert.ok(out.resources_with_dependencies[0].cards > 0);
  assert.deepEqual(out.resources_without_dependencies.map((x) => x.id), [legacy]);

  r = await run(s, 'bulk_archive_workspaces', { resource_ids: [legacy, MISSING],
    analyze_dependencies: false });
  succeeded(r);
  assert.deepEqual(r.lines.sort(), [`PATCH /workspaces/${legacy}`,
    `PATCH /workspaces/${MISSING}`].sort());
  assert.ok(r.sent.every((q) => q.body.is_archived === 1));
  assert.match(r.text, /^1 of 2 workspaces archived, 1 failed\./);
  assert.equal(r.data().results[0].name, 'dev Legacy');

  r = await run(s, 'bulk_update_workspaces', { resource_ids: [busy, legacy],
    name: ' Renamed   space ' });
  succeeded(r);
  assert.deepEqual(r.sent.map((q) => [q.method, q.path, q.body]), [
    ['PATCH', `/workspaces/${busy}`, { name: 'Renamed space' }],
    ['PATCH', `/workspaces/${legacy}`, { name: 'Renamed space' }]]);
  assert.deepEqual(r.data().results.map((x) => x.name), ['Renamed space', 'Renamed space']);
  r = await run(s, 'bulk_update_workspaces', { resource_ids: [busy] });
  refused(r, /at least one of/);
  assert.equal(r.sent.length, 0);

  // Boards: one holding cards blocks the batch; an empty one goes ahead,
  // archived before it is deleted.
  r = await run(s, 'bulk_delete_boards', { resource_ids: [fx.mainBoardId, fx.emptyBoardId] });
  succeeded(r);
  assert.ok(r.sent.every((q) => q.method === 'GET'));
  out = r.data();
  assert.deepEqual(out.resources_with_dependencies.map((x) => x.id), [fx.mainBoardId]);
  assert.ok(out.resources_with_dependencies[0].cards >= 10);

  r = await run(s, 'bulk_delete_boards', { resource_ids: [fx.emptyBoardId] });
  succeeded(r);
  // The board read may come from the cache of the analysis just before.
  const boardRead = `GET /boards/${fx.emptyBoardId}`;
  assert.ok(r.lines.filter((l) => l === boardRead).length <= 1);
  assert.deepEqual(r.lines.filter((l) => l !== boardRead), ['GET /cards',
    `PATCH /boards/${fx.emptyBoardId}`, `DELETE /boards/${fx.emptyBoardId}`]);
  assert.deepEqual(r.sent.find((q) => q.method === 'PATCH').body, { is_archived: 1 });
  assert.equal(r.data().successful, 1);
  assert.ok(!s.fake.data('dev').boards.some((b) => b.board_id === fx.emptyBoardId));

  r = await run(s, 'bulk_update_boards', { resource_ids: [fx.secondBoardId, MISSING],
    description: 'Q3', is_archived: false });
  succeeded(r);
  assert.deepEqual(r.lines.sort(), [`PATCH /boards/${MISSING}`,
    `PATCH /boards/${fx.secondBoardId}`].sort());
  for (const q of r.sent) assert.deepEqual(q.body, { description: 'Q3', is_archived: 0 });
  assert.match(r.text, /^1 of 2 boards updated, 1 failed\./);

  r = await run(s, 'bulk_update_boards', { resource_ids: [MISSING], name: 'x' });
  refused(r, /^0 of 1 boards updated, 1 failed\./);
  r = await run(s, 'bulk_update_boards', { resource_ids: Array.from({ length: 51 },
    (_, i) => i + 1), name: 'x' });
  refused(r, /1 to 50 items/);
  assert.equal(r.sent.length, 0);
  r = await run(s, 'bulk_delete_boards', { resource_ids: [fx.emptyBoardId] }, 'ro');
  refused(r, /Cannot bulk_delete_boards in read-only mode/);
  assert.equal(r.sent.length, 0);
});
