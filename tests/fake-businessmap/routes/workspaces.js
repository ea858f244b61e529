// Workspaces (reference §7.1). There is no DELETE: the route table lists
// only GET and PATCH on /workspaces/{id}, so DELETE answers 405 (quirk 5).

import { ok } from '../envelope.js';
import { BOARD_KEYS, WORKSPACE_KEYS, addWorkspace } from '../structure.js';
import { byFlag, byList, commaOption, flagParam, intList, intParam } from '../query.js';
import { optFlag, optOneOf, optString, reqString } from '../validate.js';
import { mustFind, pick, project } from '../util.js';

function show(store, ws, expand) {
  const out = pick(ws, WORKSPACE_KEYS);
  if (expand?.includes('boards')) {
    out.boards = store.boards.filter((b) => b.workspace_id === ws.workspace_id)
      .map((b) => pick(b, BOARD_KEYS));
  }
  return out;
}

function list({ store, query }) {
  const expand = commaOption(query, 'expand', ['boards']);
  const fields = commaOption(query, 'fields', WORKSPACE_KEYS);
  let items = byList(store.workspaces, intList(query, 'workspace_ids'), (w) => w.workspace_id);
  const type = intParam(query, 'type', { min: 1, max: 2 });
  if (type !== null) items = items.filter((w) => w.type === type);
  items = byFlag(items, flagParam(query, 'is_archived'), (w) => w.is_archived);
  flagParam(query, 'if_workspace_manager');
  if (flagParam(query, 'if_assigned_to_boards') === 1) {
    items = items.filter((w) => store.boards.some((b) => b.workspace_id === w.workspace_id &&
      b.assigned));
  }
  const shown = items.map((w) => show(store, w, expand));
  return ok(project(shown, fields, expand ? ['boards'] : []));
}

function get({ store, params }) {
  return ok(show(store, mustFind(store.workspaces, 'workspace_id', params.workspace_id,
    'Workspace')));
}

function create({ store, body }) {
  const name = reqString(body, 'name', { max: 100 });
  const type = optOneOf(body, 'type', [1, 2]) ?? 1;
  optString(body, 'description');
  return ok(show(store, addWorkspace(store, { name, type })));
}

function update({ store, params, body }) {
  const ws = mustFind(store.workspaces, 'workspace_id', params.workspace_id, 'Workspace');
  const name = optString(body, 'name', { min: 1, max: 100 });
  const archived = optFlag(body, 'is_archived');
  optString(body, 'description');
  if (name !== undefined) ws.name = name;
  if (archived !== undefined) ws.is_archived = archived;
  return ok(show(store, ws));
}

export const routes = [
  ['GET', '/workspaces', list],
  ['POST', '/workspaces', create],
  ['GET', '/workspaces/{workspace_id}', get],
  ['PATCH', '/workspaces/{workspace_id}', update],
];
