// Workflows of a board, related workflows and cycle-time columns
// (reference §7.5). A new workflow starts with one column per section and
// one lane, like a new board. Cycle time counts the "In progress" section:
// every column there is configured, the leaf columns are effective.

import { badRequest, noContent, notFound, ok } from '../envelope.js';
import {
  WORKFLOW_KEYS, addDefaultLayout, addWorkflow, boardWorkflows, leafColumns,
} from '../structure.js';
import { optFlag, optInt, optOneOf, optString } from '../validate.js';
import { omit, pick, removeWhere } from '../util.js';
import { findBoard } from './boards.js';

function findWorkflow(store, boardId, workflowId) {
  findBoard(store, boardId);
  const wf = store.workflows.find((w) => w.workflow_id === workflowId && w.board_id === boardId);
  if (!wf) throw notFound('Workflow', workflowId);
  return wf;
}

function list({ store, params }) {
  findBoard(store, params.board_id);
  return ok(boardWorkflows(store, params.board_id).map((w) => pick(w, WORKFLOW_KEYS)));
}

function get({ store, params }) {
  const wf = findWorkflow(store, params.board_id, params.workflow_id);
  return ok(omit(pick(wf, WORKFLOW_KEYS), ['workflow_id']));
}

function props(body) {
  const out = {
    name: optString(body, 'name', { min: 1, max: 100 }),
    position: optInt(body, 'position', { min: 0 }),
    is_enabled: optFlag(body, 'is_enabled'),
    is_collapsible: optFlag(body, 'is_collapsible'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function create({ store, params, body }) {
  const board = findBoard(store, params.board_id);
  const type = optOneOf(body, 'type', [0, 1, 2]) ?? 0;
  const wf = addWorkflow(store, board, { type, ...props(body) });
  addDefaultLayout(store, wf);
  return ok(pick(wf, WORKFLOW_KEYS));
}

function update({ store, params, body }) {
  const wf = findWorkflow(store, params.board_id, params.workflow_id);
  if (body && body.type !== undefined && body.type !== wf.type) {
    throw badRequest("A workflow's type cannot change", { type: 'immutable' });
  }
  Object.assign(wf, props(body));
  return ok(omit(pick(wf, WORKFLOW_KEYS), ['workflow_id']));
}

function remove({ store, params }) {
  const wf = findWorkflow(store, params.board_id, params.workflow_id);
  const id = wf.workflow_id;
  if (store.cards.some((c) => c.workflow_id === id && c.state === 'active')) {
    throw badRequest('The workflow holds cards; move or delete them first');
  }
  removeWhere(store.columns, (c) => c.workflow_id === id);
  removeWhere(store.lanes, (l) => l.workflow_id === id);
  removeWhere(store.relatedWorkflows, (r) => r.workflow_id === id);
  removeWhere(store.workflows, (w) => w.workflow_id === id);
  return noContent();
}

function linkRelated({ store, params, body }) {
  findBoard(store, params.board_id);
  const wf = store.workflows.find((w) => w.workflow_id === params.workflow_id);
  if (!wf) throw notFound('Workflow', params.workflow_id);
  if (wf.board_id === params.board_id) {
    throw badRequest('The workflow already belongs to this board');
  }
  const position = optInt(body, 'position', { min: 0 });
  let rel = store.relatedWorkflows.find((r) => r.board_id === params.board_id &&
    r.workflow_id === wf.workflow_id);
  if (!rel) {
    rel = { board_id: params.board_id, workflow_id: wf.workflow_id,
      position: boardWorkflows(store, params.board_id).length };
    store.relatedWorkflows.push(rel);
  }
  if (position !== undefined) rel.position = position;
  return ok({ position: rel.position });
}

function unlinkRelated({ store, params }) {
  findBoard(store, params.board_id);
  const match = (r) => r.board_id === params.board_id && r.workflow_id === params.workflow_id;
  if (!store.relatedWorkflows.some(match)) {
    throw notFound('Related workflow', params.workflow_id);
  }
  removeWhere(store.relatedWorkflows, match);
  return noContent();
}

const inProgress = (store, wf) => store.columns.filter((c) => c.workflow_id === wf.workflow_id &&
  (c.section === 3 || (c.section === null && store.columns.some((p) =>
    p.column_id === c.parent_column_id && p.section === 3))));

function cycleTimeColumns({ store, params }) {
  const wf = findWorkflow(store, params.board_id, params.workflow_id);
  return ok(inProgress(store, wf).map((c) => ({ column_id: c.column_id, name: c.name })));
}

function effectiveCycleTimeColumns({ store, params }) {
  const wf = findWorkflow(store, params.board_id, params.workflow_id);
  const configured = inProgress(store, wf).map((c) => c.column_id);
  return ok(leafColumns(store, wf.workflow_id).filter((c) => configured.includes(c.column_id))
    .map((c) => ({ column_id: c.column_id, name: c.name })));
}

const W = '/boards/{board_id}/workflows/{workflow_id}';
export const routes = [
  ['GET', '/boards/{board_id}/workflows', list],
  ['POST', '/boards/{board_id}/workflows', create],
  ['GET', W, get],
  ['PATCH', W, update],
  ['DELETE', W, remove],
  ['GET', `${W}/cycleTimeColumns`, cycleTimeColumns],
  ['GET', `${W}/effectiveCycleTimeColumns`, effectiveCycleTimeColumns],
  ['PUT', '/boards/{board_id}/relatedWorkflows/{workflow_id}', linkRelated],
  ['DELETE', '/boards/{board_id}/relatedWorkflows/{workflow_id}', unlinkRelated],
];
