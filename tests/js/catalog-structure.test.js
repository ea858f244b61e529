// The workspace, board, column, lane, workflow and board-setup tools,
// called through the official MCP SDK client against the real stdio server
// and the fake BusinessMap API. Each test checks what the fake received
// (method, path, query, body) and the shape of the result, plus the
// failure paths: 404, invalid input and read-only refusals, the last two
// with no request sent.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertNoCanary, connect, instancesConfig, jsonOf, startFake, textOf, tokenEnv,
} from './helpers/stack.js';

const NAMES = ['main', 'bare', 'ro'];
const cleanups = [];
const scope = { after: (fn) => cleanups.push(fn) };
let fake;
let keys;
let fx;
let server;

before(async () => {
  ({ fake, keys } = await startFake(scope, NAMES));
  fx = fake.fixtures('main');
  // The response cache is off, so every read reaches the fake and can be
  // checked, except on 'bare', where one test checks that the setup flow
  // never reads a stale structure.
  const config = instancesConfig(fake, NAMES, {
    defaultInstance: 'main',
    readOnly: ['ro'],
    extra: { main: { defaultWorkspaceId: fx.workspaceIds[0] }, bare: { cache: true } },
  });
  config.cache = false;
  server = await connect(scope, {
    config,
    env: { ...tokenEnv(NAMES, keys), BUSINESSMAP_TOOL_PROFILE: 'full' },
  });
});

after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

// The tools of these families with their annotation codes (operations.md
// §2.3-§2.8, bulk tools excepted).
const TOOLS = {
  list_workspaces: 'RO', get_workspace: 'RO', create_workspace: 'W',
  update_workspace: 'WI', archive_workspace: 'DI',
  list_boards: 'RO', search_board: 'RO', get_board: 'RO', get_current_board_structure: 'RO',
  create_board: 'W', update_board: 'WI', delete_board: 'DI',
  get_columns: 'RO', create_column: 'W', update_column: 'WI', delete_column: 'DI',
  get_lanes: 'RO', get_lane: 'RO', create_lane: 'W', update_lane: 'WI',
  list_workflows: 'RO', get_workflow: 'RO', create_workflow: 'W', update_workflow: 'WI',
  link_related_workflow: 'WI', unlink_related_workflow: 'DI',
  get_workflow_cycle_time_columns: 'RO', get_workflow_effective_cycle_time_columns: 'RO',
  create_workspaces_and_boards: 'W', create_boards_in_workspace: 'W',
  configure_board_structure: 'W',
};
const HINTS = {
  RO: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  W: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  WI: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  DI: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
};
const called = new Set();

// Calls a tool and returns its result with the requests it caused.
async function traced(name, args = {}, account = args.instance ?? 'main') {
  called.add(name);
  const start = fake.requests(account).length;
  const result = await server.call(name, args);
  const reqs = fake.requests(account).slice(start)
    .map(({ method, path, query, body }) => ({ method, path, query, body }));
  return { result, reqs };
}

// A call that must succeed; returns its JSON and the requests.
async function ok(name, args, account) {
  const { result, reqs } = await traced(name, args, account);
  assert.ok(!result.isError, `${name} failed: ${textOf(result)}`);
  return { json: jsonOf(result), text: textOf(result), reqs };
}

// A call that must fail; returns its text and the requests.
async function fails(name, args, account) {
  const { result, reqs } = await traced(name, args, account);
  assert.equal(result.isError, true, `${name} should fail: ${textOf(result)}`);
  return { text: textOf(result), reqs };
}

function one(reqs, method, path, extra = {}) {
  assert.equal(reqs.length, 1, JSON.stringify(reqs));
  assert.deepEqual(reqs[0], { method, path, query: {}, body: null, ...extra });
}

async function refusedReadOnly(name, args) {
  const { text, reqs } = await fails(name, { ...args, instance: 'ro' });
  assert.equal(text, `Cannot ${name} in read-only mode (instance 'ro')`);
  assert.equal(reqs.length, 0);
}

async function rejected(name, args, pattern) {
  const { text, reqs } = await fails(name, args);
  assert.match(text, pattern);
  assert.equal(reqs.length, 0);
}

describe('workspaces', () => {
  let created;

  test('list_workspaces and get_workspace read', async () => {
    const list = await ok('list_workspaces');
    one(list.reqs, 'GET', '/workspaces');
    assert.equal(list.json.length, fake.data('main').workspaces.length);
    const id = fx.workspaceIds[1];
    const got = await ok('get_workspace', { workspace_id: String(id) });
    one(got.reqs, 'GET', `/workspaces/${id}`);
    assert.equal(got.json.workspace_id, id);
    assert.equal(got.json.name, 'main Marketing');
  });

  test('create, update and archive a workspace', async () => {
    const c = await ok('create_workspace',
      { name: '  Ops   Hub ', type: 2, description: 'runbooks' });
    one(c.reqs, 'POST', '/workspaces',
      { body: { name: 'Ops Hub', type: 2, description: 'runbooks' } });
    created = c.json.workspace_id;
    assert.equal(typeof created, 'number');
    assert.equal(c.json.type, 2);

    const u = await ok('update_workspace', { workspace_id: created, name: 'Ops' });
    one(u.reqs, 'PATCH', `/workspaces/${created}`, { body: { name: 'Ops' } });
    assert.equal(u.json.name, 'Ops');

    const a = await ok('archive_workspace', { workspace_id: created });
    one(a.reqs, 'PATCH', `/workspaces/${created}`, { body: { is_archived: 1 } });
    assert.equal(a.json.is_archived, 1);
    assert.equal(fake.count('main', 'DELETE', '/workspaces/{id}'), 0);
  });

  test('failures', async () => {
    const nf = await fails('get_workspace', { workspace_id: 999999 });
    assert.match(nf.text, /^Error getting workspace: BusinessMap API 404\b/);
    assert.equal(nf.reqs.length, 1);
    await rejected('update_workspace', { workspace_id: fx.workspaceIds[0] },
      /at least one of name,description/);
    await rejected('create_workspace', { name: 'x', type: 3 }, /'type'/);
    await refusedReadOnly('create_workspace', { name: 'Nope' });
    await refusedReadOnly('archive_workspace', { workspace_id: 1 });
  });
});

describe('boards', () => {
  const defaultWs = () => fx.workspaceIds[0];
  let fresh;

  test('list_boards uses defaultWorkspaceId unless a workspace is given', async () => {
    const all = await ok('list_boards');
    one(all.reqs, 'GET', '/boards', { query: { workspace_ids: String(defaultWs()) } });
    assert.ok(all.json.length > 0);
    for (const b of all.json) {
      assert.deepEqual(Object.keys(b).sort(), ['board_id', 'is_archived', 'name', 'workspace_id']);
      assert.equal(b.workspace_id, defaultWs());
    }
    const other = await ok('list_boards', { workspace_id: fx.workspaceIds[1], detail_level: 'full' });
    one(other.reqs, 'GET', '/boards', { query: { workspace_ids: String(fx.workspaceIds[1]) } });
    assert.ok(other.json.every((b) => 'revision' in b));
  });

  test('search_board by id, with structure, by name and with neither', async () => {
    const id = fx.mainBoardId;
    const byId = await ok('search_board', { board_id: id, include_structure: true });
    assert.deepEqual(byId.reqs.map((r) => `${r.method} ${r.path}`),
      [`GET /boards/${id}`, `GET /boards/${id}/currentStructure`]);
    assert.equal(byId.json.board_id, id);
    assert.ok(byId.json.structure.workflows[String(fx.workflowId)]);

    const byName = await ok('search_board', { board_name: 'PLATF' });
    one(byName.reqs, 'GET', '/boards');
    assert.deepEqual(byName.json, {
      matches: [{ board_id: id, workspace_id: defaultWs(), name: 'main Platform', is_archived: 0 }],
      count: 1,
    });

    const inWs = await ok('search_board', { board_name: 'main', workspace_id: fx.workspaceIds[1] });
    one(inWs.reqs, 'GET', '/boards', { query: { workspace_ids: String(fx.workspaceIds[1]) } });
    assert.equal(inWs.json.count, 4);

    const every = await ok('search_board', {});
    one(every.reqs, 'GET', '/boards');
    assert.equal(every.json.length, fake.data('main').boards.length);
  });

  test('search_board lists the available boards for an unknown id', async () => {
    const { text, reqs } = await fails('search_board', { board_id: 999999 });
    assert.deepEqual(reqs.map((r) => `${r.method} ${r.path}`),
      ['GET /boards/999999', 'GET /boards']);
    assert.match(text, /board 999999 not found/);
    assert.match(text, /"name":"main Platform"/);
    assert.ok(!text.includes('"description"'));
  });

  test('get_board and get_current_board_structure', async () => {
    const id = fx.secondBoardId;
    const b = await ok('get_board', { board_id: id });
    one(b.reqs, 'GET', `/boards/${id}`);
    assert.equal(b.json.board_id, id);
    const s = await ok('get_current_board_structure', { board_id: id });
    one(s.reqs, 'GET', `/boards/${id}/currentStructure`);
    assert.match(s.text, /^Board structure retrieved successfully:\n\{/);
    assert.ok(Array.isArray(s.json.workflow_order));
  });

  test('create_board falls back on defaultWorkspaceId; update and delete', async () => {
    const c = await ok('create_board', { name: 'Fresh', description: 'new' });
    one(c.reqs, 'POST', '/boards',
      { body: { workspace_id: defaultWs(), name: 'Fresh', description: 'new' } });
    fresh = c.json.board_id;
    assert.equal(c.json.workspace_id, defaultWs());

    const u = await ok('update_board', { board_id: fresh, description: 'changed' });
    one(u.reqs, 'PATCH', `/boards/${fresh}`, { body: { description: 'changed' } });
    assert.equal(u.json.description, 'changed');

    const d = await ok('delete_board', { board_id: fresh });
    assert.deepEqual(d.reqs, [
      { method: 'PATCH', path: `/boards/${fresh}`, query: {}, body: { is_archived: 1 } },
      { method: 'DELETE', path: `/boards/${fresh}`, query: {}, body: null },
    ]);
    assert.deepEqual(d.json, { board_id: fresh });
    assert.ok(!fake.data('main').boards.some((b) => b.board_id === fresh));
  });

  test('failures', async () => {
    const bare = await fails('create_board', { name: 'Orphan', instance: 'bare' });
    assert.match(bare.text, /workspace_id.*'bare' has no defaultWorkspaceId/);
    assert.equal(bare.reqs.length, 0);

    const active = await fails('delete_board', { board_id: fx.emptyBoardId, archive_first: false });
    one(active.reqs, 'DELETE', `/boards/${fx.emptyBoardId}`);
    assert.match(active.text, /^Error deleting board: BusinessMap API 400 BS05/);

    const nf = await fails('get_board', { board_id: 999999 });
    assert.match(nf.text, /^Error getting board: BusinessMap API 404\b/);
    await rejected('update_board', { board_id: fx.mainBoardId }, /at least one of/);
    await rejected('search_board', { board_name: '   ' }, /board_name/);
    await refusedReadOnly('delete_board', { board_id: 5 });
    await refusedReadOnly('create_board', { name: 'x', workspace_id: 1 });
  });
});

describe('columns', () => {
  const board = () => fx.secondBoardId;
  const workflow = () => fake.data('main').workflows.find((w) => w.board_id === board()).workflow_id;

  test('get_columns', async () => {
    const r = await ok('get_columns', { board_id: board() });
    one(r.reqs, 'GET', `/boards/${board()}/columns`);
    assert.ok(r.json.length >= 4);
    assert.ok(r.json.every((c) => c.column_id && c.name));
  });

  test('create, update and delete columns', async () => {
    const main = await ok('create_column', { board_id: board(), workflow_id: workflow(),
      section: 2, position: 1, name: 'Triage', limit: 3, description: 'first look' });
    one(main.reqs, 'POST', `/boards/${board()}/columns`, { body: { workflow_id: workflow(),
      section: 2, position: 1, name: 'Triage', limit: 3, description: 'first look' } });
    const triage = main.json.column_id;
    assert.equal(main.json.section, 2);

    const sub = await ok('create_column', { board_id: board(), parent_column_id: triage,
      position: 0, name: 'Inbox' });
    one(sub.reqs, 'POST', `/boards/${board()}/columns`,
      { body: { parent_column_id: triage, position: 0, name: 'Inbox' } });
    assert.equal(sub.json.parent_column_id, triage);

    const u = await ok('update_column', { board_id: board(), column_id: triage, name: 'Triage 2',
      limit: 0 });
    one(u.reqs, 'PATCH', `/boards/${board()}/columns/${triage}`,
      { body: { name: 'Triage 2', limit: 0 } });
    assert.equal(u.json.column_id, triage);
    assert.equal(u.json.name, 'Triage 2');

    const d = await ok('delete_column', { board_id: board(), column_id: sub.json.column_id });
    one(d.reqs, 'DELETE', `/boards/${board()}/columns/${sub.json.column_id}`);
    assert.deepEqual(d.json, { board_id: board(), column_id: sub.json.column_id });
  });

  test('failures', async () => {
    const nf = await fails('update_column', { board_id: board(), column_id: 999999, name: 'x' });
    assert.match(nf.text, /^Error updating column: BusinessMap API 404\b/);
    await rejected('create_column', { board_id: board(), workflow_id: 1, section: 2,
      parent_column_id: 3, position: 0, name: 'Mixed' }, /not both/);
    await rejected('create_column', { board_id: board(), section: 2, position: 0, name: 'Half' },
      /needs both/);
    await rejected('create_column', { board_id: board(), workflow_id: 1, section: 5,
      position: 0, name: 'Bad' }, /'section'/);
    await rejected('update_column', { board_id: board(), column_id: 1 }, /at least one of/);
    await refusedReadOnly('create_column', { board_id: 1, parent_column_id: 2, position: 0,
      name: 'x' });
  });
});

describe('lanes', () => {
  const board = () => fx.mainBoardId;

  test('get_lanes and get_lane', async () => {
    const all = await ok('get_lanes', { board_id: board() });
    one(all.reqs, 'GET', `/boards/${board()}/lanes`);
    assert.ok(all.json.some((l) => l.lane_id === fx.laneIds.standard));
    const l = await ok('get_lane', { board_id: board(), lane_id: fx.laneIds.expedite });
    one(l.reqs, 'GET', `/boards/${board()}/lanes/${fx.laneIds.expedite}`);
    assert.equal(l.json.lane_id, fx.laneIds.expedite);
    assert.equal(l.json.name, 'Expedite');
  });

  test('create lanes and sub-lanes, then update', async () => {
    const top = await ok('create_lane', { board_id: board(), workflow_id: fx.workflowId,
      position: 2, name: 'Urgent', color: '#ABC' });
    one(top.reqs, 'POST', `/boards/${board()}/lanes`, { body: { workflow_id: fx.workflowId,
      position: 2, name: 'Urgent', description: null, color: 'aabbcc' } });
    const urgent = top.json.lane_id;

    const sub = await ok('create_lane', { board_id: board(), parent_lane_id: urgent,
      position: 0, name: 'Today', description: 'due today' });
    one(sub.reqs, 'POST', `/boards/${board()}/lanes`, { body: { parent_lane_id: urgent,
      position: 0, name: 'Today', description: 'due today' } });
    assert.equal(sub.json.parent_lane_id, urgent);

    const u = await ok('update_lane', { board_id: board(), lane_id: urgent, name: 'Hot',
      color: 'ff0000', position: 3 });
    one(u.reqs, 'PATCH', `/boards/${board()}/lanes/${urgent}`,
      { body: { name: 'Hot', color: 'ff0000', position: 3 } });
    assert.equal(u.json.lane_id, urgent);
    assert.equal(u.json.name, 'Hot');
  });

  test('failures', async () => {
    const nf = await fails('get_lane', { board_id: board(), lane_id: 999999 });
    assert.match(nf.text, /^Error getting lane: BusinessMap API 404\b/);
    await rejected('create_lane', { board_id: board(), workflow_id: 1, parent_lane_id: 2,
      position: 0, name: 'Both' }, /exactly one of workflow_id/);
    await rejected('create_lane', { board_id: board(), position: 0, name: 'None' },
      /exactly one of workflow_id/);
    await rejected('update_lane', { board_id: board(), lane_id: 1, color: 'red' }, /'color'/);
    await refusedReadOnly('update_lane', { board_id: 1, lane_id: 2, name: 'x' });
  });
});

describe('workflows', () => {
  const board = () => fx.mainBoardId;
  const wfPath = () => `/boards/${board()}/workflows`;

  test('list_workflows and get_workflow', async () => {
    const all = await ok('list_workflows', { board_id: board() });
    one(all.reqs, 'GET', wfPath());
    assert.deepEqual(all.json.map((w) => w.workflow_id).sort(),
      [fx.workflowId, fx.initiativeWorkflowId].sort());
    const w = await ok('get_workflow', { board_id: board(), workflow_id: fx.workflowId });
    one(w.reqs, 'GET', `${wfPath()}/${fx.workflowId}`);
    assert.equal(w.json.workflow_id, fx.workflowId);
    assert.equal(w.json.name, 'Delivery');
  });

  test('create and update a workflow', async () => {
    const c = await ok('create_workflow', { board_id: board(), type: 2, name: 'Timeline',
      is_collapsible: 0 });
    one(c.reqs, 'POST', wfPath(), { body: { type: 2, name: 'Timeline', is_collapsible: 0 } });
    const id = c.json.workflow_id;
    assert.equal(c.json.type, 2);

    const u = await ok('update_workflow', { board_id: board(), workflow_id: id,
      is_enabled: false, position: 5 });
    one(u.reqs, 'PATCH', `${wfPath()}/${id}`, { body: { position: 5, is_enabled: 0 } });
    assert.equal(u.json.workflow_id, id);
    assert.equal(u.json.is_enabled, 0);
  });

  test('link and unlink a related workflow', async () => {
    const target = fx.secondBoardId;
    const path = `/boards/${target}/relatedWorkflows/${fx.workflowId}`;
    const l = await ok('link_related_workflow', { board_id: target, workflow_id: fx.workflowId,
      position: 1 });
    one(l.reqs, 'PUT', path, { body: { position: 1 } });
    assert.deepEqual(l.json, { board_id: target, workflow_id: fx.workflowId });
    const u = await ok('unlink_related_workflow', { board_id: target, workflow_id: fx.workflowId });
    one(u.reqs, 'DELETE', path);
    assert.deepEqual(u.json, { board_id: target, workflow_id: fx.workflowId });
  });

  test('cycle-time columns, configured and effective', async () => {
    const base = `${wfPath()}/${fx.workflowId}`;
    const conf = await ok('get_workflow_cycle_time_columns',
      { board_id: board(), workflow_id: fx.workflowId });
    one(conf.reqs, 'GET', `${base}/cycleTimeColumns`);
    assert.ok(conf.json.length > 0);
    assert.deepEqual(Object.keys(conf.json[0]).sort(), ['column_id', 'name']);

    const eff = await ok('get_workflow_effective_cycle_time_columns',
      { board_id: board(), workflow_id: fx.workflowId });
    one(eff.reqs, 'GET', `${base}/effectiveCycleTimeColumns`);
    const first = eff.text.split('\n')[0];
    assert.equal(first, `Retrieved ${eff.json.length} effective cycle time columns for board ` +
      `${board()}, workflow ${fx.workflowId}`);
  });

  test('failures', async () => {
    const nf = await fails('get_workflow', { board_id: board(), workflow_id: 999999 });
    assert.match(nf.text, /^Error getting workflow: BusinessMap API 404\b/);
    await rejected('create_workflow', { board_id: board(), name: 'No type' }, /'type'.*required/);
    await rejected('update_workflow', { board_id: board(), workflow_id: 1 }, /at least one of/);
    await refusedReadOnly('update_workflow', { board_id: 1, workflow_id: 2, name: 'x' });
    await refusedReadOnly('unlink_related_workflow', { board_id: 1, workflow_id: 2 });
  });
});

describe('board setup in batches', () => {
  const sig = (reqs) => reqs.map((r) => `${r.method} ${r.path}`);

  test('configure_board_structure renames, resolves parents and adds lanes', async () => {
    const created = await ok('create_board', { name: 'Setup target' });
    const b = created.json.board_id;
    const store = fake.data('main');
    const wf = store.workflows.find((w) => w.board_id === b).workflow_id;
    const inProgress = store.columns.find((c) => c.workflow_id === wf && c.section === 3);

    const r = await ok('configure_board_structure', { board_id: b, workflows: [
      { workflow_id: wf, name: 'Main flow', default_columns: [{ section: 3, name: 'Doing' }],
        columns: [{ name: 'Review', parent_column_name: 'doing' },
          { name: 'QA', parent_column_name: 'Missing' }],
        lanes: [{ name: 'Fast', color: '#f00' }] },
      { type: 1, name: 'Ideas', lanes: [{ name: 'Big bets', position: 1 }] },
    ] });
    assert.deepEqual(sig(r.reqs), [
      `PATCH /boards/${b}/workflows/${wf}`,
      `GET /boards/${b}/currentStructure`,
      `PATCH /boards/${b}/columns/${inProgress.column_id}`,
      `POST /boards/${b}/columns`,
      `POST /boards/${b}/lanes`,
      `POST /boards/${b}/workflows`,
      `POST /boards/${b}/lanes`,
    ]);
    assert.deepEqual(r.reqs[0].body, { name: 'Main flow' });
    assert.deepEqual(r.reqs[2].body, { name: 'Doing' });
    assert.deepEqual(r.reqs[3].body,
      { parent_column_id: inProgress.column_id, position: 0, name: 'Review' });
    assert.deepEqual(r.reqs[4].body, { workflow_id: wf, position: 0, name: 'Fast', color: 'ff0000' });
    assert.deepEqual(r.reqs[5].body, { type: 1, name: 'Ideas' });
    assert.match(r.text, /^Setup finished with 1 error:\n/);

    const [first, second] = r.json.workflows;
    assert.equal(r.json.board_id, b);
    assert.equal(first.workflow_id, wf);
    assert.equal(first.created, false);
    assert.deepEqual(first.renamed_default_columns,
      [{ column_id: inProgress.column_id, section: 3, name: 'Doing' }]);
    assert.equal(first.created_columns.length, 1);
    assert.equal(first.created_columns[0].parent_column_id, inProgress.column_id);
    assert.equal(first.created_lanes[0].name, 'Fast');
    assert.equal(first.errors.length, 1);
    assert.match(first.errors[0], /'QA'.*'Missing'/);
    assert.equal(second.created, true);
    assert.equal(r.reqs[6].body.workflow_id, second.workflow_id);
    assert.equal(store.columns.find((c) => c.column_id === inProgress.column_id).name, 'Doing');
  });

  test('create_boards_in_workspace creates boards and their workflows', async () => {
    const ws = fx.workspaceIds[1];
    const r = await ok('create_boards_in_workspace', { workspace_id: ws, boards: [
      { name: 'Batch A', description: 'first', workflows: [{ type: 2, lanes: [{ name: 'T1' }] },
        { name: 'No type' }] },
      { name: 'Batch B' },
    ] });
    assert.deepEqual(sig(r.reqs), ['POST /boards', 'POST /boards/{a}/workflows',
      'POST /boards/{a}/lanes', 'POST /boards'].map((s) =>
      s.replace('{a}', r.json.boards[0].board_id)));
    assert.deepEqual(r.reqs[0].body, { workspace_id: ws, name: 'Batch A', description: 'first' });
    assert.deepEqual(r.reqs[1].body, { type: 2 });
    assert.equal(r.json.workspace_id, ws);
    assert.equal(r.json.boards.length, 2);
    assert.equal(r.json.boards[0].workflows[0].created_lanes[0].name, 'T1');
    assert.match(r.json.boards[0].workflows[1].errors[0], /type is required/);
    assert.equal(typeof r.json.boards[1].board_id, 'number');
  });

  test('create_workspaces_and_boards builds the whole tree', async () => {
    const r = await ok('create_workspaces_and_boards', { workspaces: [
      { name: 'Batch WS', type: 1, boards: [{ name: 'WS Board', workflows: [
        { type: 0, default_columns: [{ section: 4, name: 'Shipped' }] }] }] },
    ] });
    assert.deepEqual(sig(r.reqs).map((s) => s.replace(/\d+/g, 'N')), [
      'POST /workspaces', 'POST /boards', 'POST /boards/N/workflows',
      'GET /boards/N/currentStructure', 'PATCH /boards/N/columns/N',
    ]);
    assert.deepEqual(r.reqs[0].body, { name: 'Batch WS', type: 1 });
    const ws = r.json.workspaces[0];
    assert.equal(typeof ws.workspace_id, 'number');
    assert.deepEqual(r.reqs[1].body, { workspace_id: ws.workspace_id, name: 'WS Board' });
    const flow = ws.boards[0].workflows[0];
    assert.equal(flow.created, true);
    assert.equal(flow.renamed_default_columns[0].name, 'Shipped');
    assert.deepEqual(flow.errors, []);
  });

  test('failures go into the report; bad input and read-only send nothing', async () => {
    const r = await ok('configure_board_structure',
      { board_id: 999999, workflows: [{ type: 0, lanes: [{ name: 'x' }] }] });
    one(r.reqs, 'POST', '/boards/999999/workflows', { body: { type: 0 } });
    assert.match(r.json.workflows[0].errors[0], /^creating workflow: BusinessMap API 404/);
    assert.equal(r.json.workflows[0].workflow_id, null);

    await rejected('configure_board_structure', { board_id: 1, workflows: [] }, /'workflows'/);
    await rejected('create_boards_in_workspace', { workspace_id: 1, boards: [{ name: 'a' },
      { name: 'b' }, { name: 'c' }, { name: 'd' }] }, /'boards'/);
    await rejected('create_workspaces_and_boards', { workspaces: [{ name: 'w', boards: [
      { name: 'b', workflows: [{ type: 0, lanes: [{ name: 'l', color: 'nope' }] }] }] }] },
    /workspaces\[0\]\.boards\[0\]\.workflows\[0\]\.lanes\[0\]\.color/);
    await refusedReadOnly('configure_board_structure', { board_id: 1, workflows: [{ type: 0 }] });
  });
});

test('with the cache on, the setup flow reads the structure it changed', async () => {
  const bare = fake.fixtures('bare');
  const b = bare.secondBoardId;
  // This read may fill the cache; the flow below must not be served it.
  await ok('get_current_board_structure', { board_id: b, instance: 'bare' });

  const r = await ok('configure_board_structure', { instance: 'bare', board_id: b, workflows: [
    { type: 0, name: 'Cached', default_columns: [{ section: 2, name: 'Asked' }],
      columns: [{ name: 'Sorted', parent_column_name: 'asked' }] },
  ] });
  const flow = r.json.workflows[0];
  assert.deepEqual(flow.errors, []);
  assert.equal(flow.renamed_default_columns.length, 1);
  assert.equal(flow.created_columns[0].name, 'Sorted');
  const later = await ok('get_current_board_structure', { board_id: b, instance: 'bare' });
  assert.ok(later.json.workflows[String(flow.workflow_id)]);
});

test('every tool is listed with its annotations, and was called above', async () => {
  const { tools } = await server.client.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const [name, code] of Object.entries(TOOLS)) {
    const tool = byName.get(name);
    assert.ok(tool, `${name} is not listed`);
    // Hints left out take their MCP defaults.
    const a = { readOnlyHint: false, destructiveHint: true, idempotentHint: false,
      openWorldHint: true, ...tool.annotations };
    // A read-only tool says only that: the spec gives destructiveHint and
    // idempotentHint meaning only when readOnlyHint is false.
    if (code === 'RO') assert.equal(a.readOnlyHint, true, name);
    else assert.deepEqual({ readOnlyHint: a.readOnlyHint, destructiveHint: a.destructiveHint,
      idempotentHint: a.idempotentHint }, HINTS[code], name);
    assert.equal(a.openWorldHint, true, name);
    assert.ok(tool.description.length <= 120, `${name}: keep the description short`);
    assert.ok(tool.inputSchema.properties.instance, `${name} takes an instance`);
    assert.ok(called.has(name), `${name} was never called`);
  }
});

test('no API key ever shows up in a result', () => {
  assertNoCanary(assert, keys, ...server.seen, server.stderr());
});
