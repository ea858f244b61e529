// Boards (reference §7.2): list with filters, `fields` and `expand`, CRUD,
// the current structure, and the docs pinned to a board. A board must be
// archived before it can be deleted (quirk 4, BS05).

import { ApiError, badRequest, noContent, ok } from '../envelope.js';
import {
  BOARD_KEYS, WORKFLOW_KEYS, addBoard, addDefaultLayout, addWorkflow, boardWorkflows,
  currentStructure,
} from '../structure.js';
import { byFlag, byList, commaOption, flagParam, intList, intParam } from '../query.js';
import { optFlag, optString, reqInt, reqString } from '../validate.js';
import { mustFind, pick, project, removeWhere } from '../util.js';

const BOARD_EXPANDS = ['workflows', 'settings', 'structure'];

function show(store, board, expand) {
  const out = pick(board, BOARD_KEYS);
  for (const key of expand || []) {
    if (key === 'workflows') {
      out.workflows = boardWorkflows(store, board.board_id).map((w) => pick(w, WORKFLOW_KEYS));
    }
    if (key === 'settings') out.settings = { ...board.settings };
    if (key === 'structure') out.structure = currentStructure(store, board);
  }
  return out;
}

function list({ store, query }) {
  const expand = commaOption(query, 'expand', BOARD_EXPANDS);
  const fields = commaOption(query, 'fields', BOARD_KEYS);
  let items = byList(store.boards, intList(query, 'board_ids'), (b) => b.board_id);
  const wsIds = intList(query, 'workspace_ids') || [];
  const wsId = intParam(query, 'workspace_id', { min: 1 });
  if (wsId !== null) wsIds.push(wsId);
  if (wsIds.length) items = items.filter((b) => wsIds.includes(b.workspace_id));
  items = byFlag(items, flagParam(query, 'is_archived'), (b) => b.is_archived);
  if (flagParam(query, 'if_assigned') === 1) items = items.filter((b) => b.assigned);
  const shown = items.map((b) => show(store, b, expand));
  return ok(project(shown, fields, expand || []));
}

export const findBoard = (store, id) => mustFind(store.boards, 'board_id', id, 'Board');

function get({ store, params }) {
  return ok(show(store, findBoard(store, params.board_id)));
}

function create({ store, body }) {
  const workspaceId = reqInt(body, 'workspace_id', { min: 1 });
  const name = reqString(body, 'name', { max: 100 });
  const description = optString(body, 'description') ?? '';
  if (!store.workspaces.some((w) => w.workspace_id === workspaceId)) {
    throw badRequest(`Workspace ${workspaceId} does not exist`, { workspace_id: workspaceId });
  }
  const board = addBoard(store, { workspace_id: workspaceId, name, description });
  addDefaultLayout(store, addWorkflow(store, board, { type: 0 }));
  return ok(show(store, board));
}

function update({ store, params, body }) {
  const board = findBoard(store, params.board_id);
  const name = optString(body, 'name', { min: 1, max: 100 });
  const description = optString(body, 'description');
  const archived = optFlag(body, 'is_archived');
  if (name !== undefined) board.name = name;
  if (description !== undefined) board.description = description;
  if (archived !== undefined) board.is_archived = archived;
  board.revision += 1;
  return ok(show(store, board));
}

/** Remove a board and everything that hangs off it. */
export function dropBoard(store, boardId) {
  const cardIds = store.cards.filter((c) => c.board_id === boardId).map((c) => c.card_id);
  const inBoard = (x) => x.board_id === boardId;
  for (const list of [store.workflows, store.columns, store.lanes, store.boardFields,
    store.boardDocs, store.relatedWorkflows, store.boards]) removeWhere(list, inBoard);
  removeWhere(store.cards, inBoard);
  const gone = (id) => cardIds.includes(id);
  removeWhere(store.comments, (c) => gone(c.card_id));
  removeWhere(store.subtasks, (s) => gone(s.card_id));
  removeWhere(store.links, (l) => gone(l.from) || gone(l.to));
}

function remove({ store, params }) {
  const board = findBoard(store, params.board_id);
  if (!board.is_archived) {
    throw new ApiError(400, 'BS05', 'BS05 - The board has not been archived', undefined,
      { bare: true });
  }
  dropBoard(store, board.board_id);
  return noContent();
}

function structure({ store, params }) {
  return ok(currentStructure(store, findBoard(store, params.board_id)));
}

function docs({ store, params }) {
  findBoard(store, params.board_id);
  const pins = store.boardDocs.filter((p) => p.board_id === params.board_id)
    .sort((a, b) => a.position - b.position);
  return ok(pins.map((p) => store.docs.find((d) => d.doc_id === p.doc_id)).filter(Boolean)
    .map((d) => pick(d, ['doc_id', 'title', 'is_important', 'is_archived', 'position'])));
}

export const routes = [
  ['GET', '/boards', list],
  ['POST', '/boards', create],
  ['GET', '/boards/{board_id}', get],
  ['PATCH', '/boards/{board_id}', update],
  ['DELETE', '/boards/{board_id}', remove],
  ['GET', '/boards/{board_id}/currentStructure', structure],
  ['GET', '/boards/{board_id}/docs', docs],
];
