// Columns and lanes of a board (reference §7.3, §7.4). A main column sits in
// a section of a workflow; a sub-column hangs under a main column. Lanes are
// top-level in a workflow or sub-lanes of another lane. Single-item answers
// (GET and PATCH on /{id}) leave out the item's own id, as the published
// schema does.

import { badRequest, noContent, ok } from '../envelope.js';
import {
  COLUMN_KEYS, LANE_KEYS, addColumn, addLane, childColumns, childLanes, sectionOf,
} from '../structure.js';
import { commaOption, intParam } from '../query.js';
import {
  optColor, optInt, optOneOf, optString, reqInt, reqString,
} from '../validate.js';
import { has, mustFind, omit, pick, project } from '../util.js';
import { findBoard } from './boards.js';

function findColumn(store, boardId, columnId) {
  const col = mustFind(store.columns, 'column_id', columnId, 'Column');
  if (col.board_id !== boardId) mustFind([], 'column_id', columnId, 'Column');
  return col;
}

function findLane(store, boardId, laneId) {
  const lane = mustFind(store.lanes, 'lane_id', laneId, 'Lane');
  if (lane.board_id !== boardId) mustFind([], 'lane_id', laneId, 'Lane');
  return lane;
}

function boardWorkflow(store, boardId, workflowId, key) {
  const wf = store.workflows.find((w) => w.workflow_id === workflowId && w.board_id === boardId);
  if (!wf) {
    throw badRequest(`Workflow ${workflowId} is not on board ${boardId}`, { [key]: 'unknown' });
  }
  return wf;
}

const activeCards = (store, pred) => store.cards.filter((c) => c.state === 'active' && pred(c));

function exactlyOne(body, a, b) {
  if (has(body, a) === has(body, b)) {
    throw badRequest(`Send exactly one of '${a}' and '${b}'`, { [a]: 'or', [b]: 'or' });
  }
}

// ---- columns ----

function listColumns({ store, params, query }) {
  findBoard(store, params.board_id);
  const fields = commaOption(query, 'fields', COLUMN_KEYS);
  const cols = store.columns.filter((c) => c.board_id === params.board_id)
    .map((c) => pick(c, COLUMN_KEYS));
  return ok(project(cols, fields));
}

function getColumn({ store, params }) {
  const col = findColumn(store, params.board_id, params.column_id);
  return ok(omit(pick(col, COLUMN_KEYS), ['column_id']));
}

function columnProps(body) {
  return {
    description: optString(body, 'description'),
    color: optColor(body, 'color'),
    limit: optInt(body, 'limit', { min: 0 }),
    cards_per_row: optInt(body, 'cards_per_row', { min: 1, max: 10 }),
    flow_type: optOneOf(body, 'flow_type', [1, 2]),
  };
}

function defined(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function createColumn({ store, params, body }) {
  findBoard(store, params.board_id);
  exactlyOne(body, 'workflow_id', 'parent_column_id');
  const spec = { position: reqInt(body, 'position', { min: 0 }),
    name: reqString(body, 'name', { max: 100 }), ...defined(columnProps(body)) };
  let wf;
  if (has(body, 'parent_column_id')) {
    const parentId = reqInt(body, 'parent_column_id', { min: 1 });
    const parent = store.columns.find((c) => c.column_id === parentId &&
      c.board_id === params.board_id);
    if (!parent || parent.parent_column_id !== null) {
      throw badRequest(`Column ${parentId} is not a main column of this board`);
    }
    if (has(body, 'section')) throw badRequest("A sub-column takes no 'section'");
    wf = store.workflows.find((w) => w.workflow_id === parent.workflow_id);
    spec.parent_column_id = parentId;
  } else {
    wf = boardWorkflow(store, params.board_id, reqInt(body, 'workflow_id'), 'workflow_id');
    spec.section = reqInt(body, 'section', { min: 1, max: 4 });
  }
  const col = addColumn(store, wf, spec);
  if (col.parent_column_id !== null && childColumns(store, col.parent_column_id).length === 1) {
    for (const card of activeCards(store, (c) => c.column_id === col.parent_column_id)) {
      card.column_id = col.column_id;
    }
  }
  return ok(pick(col, COLUMN_KEYS));
}

function updateColumn({ store, params, body }) {
  const col = findColumn(store, params.board_id, params.column_id);
  const changes = defined({
    ...columnProps(body),
    name: optString(body, 'name', { min: 1, max: 100 }),
    position: optInt(body, 'position', { min: 0 }),
    section: optInt(body, 'section', { min: 1, max: 4 }),
    parent_column_id: optInt(body, 'parent_column_id', { min: 1, nullable: true }),
  });
  if (changes.section !== undefined && col.parent_column_id !== null &&
    changes.parent_column_id === undefined) {
    throw badRequest("A sub-column takes no 'section'");
  }
  if (changes.parent_column_id) {
    findColumn(store, params.board_id, changes.parent_column_id);
    changes.section = null;
  }
  Object.assign(col, changes);
  for (const card of store.cards.filter((c) => c.column_id === col.column_id)) {
    card.section = sectionOf(store, col);
  }
  return ok(omit(pick(col, COLUMN_KEYS), ['column_id']));
}

function deleteColumn({ store, params, query }) {
  const col = findColumn(store, params.board_id, params.column_id);
  if (childColumns(store, col.column_id).length) {
    throw badRequest('The column has sub-columns; delete them first');
  }
  const target = intParam(query, 'move_cards_to_column_id', { min: 1 });
  intParam(query, 'move_metrics_to_column_id', { min: 1 });
  const cards = activeCards(store, (c) => c.column_id === col.column_id);
  if (cards.length && target === null) {
    throw badRequest('The column holds cards; give move_cards_to_column_id',
      { move_cards_to_column_id: 'required' });
  }
  if (target !== null) {
    const dest = findColumn(store, params.board_id, target);
    for (const card of cards) {
      Object.assign(card, { column_id: dest.column_id, workflow_id: dest.workflow_id,
        section: sectionOf(store, dest) });
    }
  }
  store.columns.splice(store.columns.indexOf(col), 1);
  return noContent();
}

// ---- lanes ----

function listLanes({ store, params, query }) {
  findBoard(store, params.board_id);
  const fields = commaOption(query, 'fields', LANE_KEYS);
  const lanes = store.lanes.filter((l) => l.board_id === params.board_id)
    .map((l) => pick(l, LANE_KEYS));
  return ok(project(lanes, fields));
}

function getLane({ store, params }) {
  const lane = findLane(store, params.board_id, params.lane_id);
  return ok(omit(pick(lane, LANE_KEYS), ['lane_id']));
}

function createLane({ store, params, body }) {
  findBoard(store, params.board_id);
  exactlyOne(body, 'workflow_id', 'parent_lane_id');
  const spec = defined({
    position: reqInt(body, 'position', { min: 0 }),
    name: reqString(body, 'name', { max: 100 }),
    description: optString(body, 'description', { nullable: true }) ?? undefined,
    color: optColor(body, 'color'),
  });
  let wf;
  if (has(body, 'parent_lane_id')) {
    const parent = findLaneOr400(store, params.board_id, reqInt(body, 'parent_lane_id'));
    wf = store.workflows.find((w) => w.workflow_id === parent.workflow_id);
    spec.parent_lane_id = parent.lane_id;
  } else {
    wf = boardWorkflow(store, params.board_id, reqInt(body, 'workflow_id'), 'workflow_id');
  }
  return ok(pick(addLane(store, wf, spec), LANE_KEYS));
}

function findLaneOr400(store, boardId, laneId) {
  const lane = store.lanes.find((l) => l.lane_id === laneId && l.board_id === boardId);
  if (!lane) throw badRequest(`Lane ${laneId} is not on board ${boardId}`);
  return lane;
}

function updateLane({ store, params, body }) {
  const lane = findLane(store, params.board_id, params.lane_id);
  const changes = defined({
    name: optString(body, 'name', { min: 1, max: 100 }),
    description: optString(body, 'description', { nullable: true }),
    color: optColor(body, 'color'),
    position: optInt(body, 'position', { min: 0 }),
    parent_lane_id: optInt(body, 'parent_lane_id', { min: 1, nullable: true }),
  });
  if (changes.description === null) changes.description = '';
  if (changes.parent_lane_id) {
    if (changes.parent_lane_id === lane.lane_id) throw badRequest('A lane cannot parent itself');
    findLaneOr400(store, params.board_id, changes.parent_lane_id);
  }
  Object.assign(lane, changes);
  return ok(omit(pick(lane, LANE_KEYS), ['lane_id']));
}

function deleteLane({ store, params, query }) {
  const lane = findLane(store, params.board_id, params.lane_id);
  if (childLanes(store, lane.lane_id).length) {
    throw badRequest('The lane has sub-lanes; delete them first');
  }
  const target = intParam(query, 'move_cards_to_lane_id', { min: 1 });
  intParam(query, 'move_metrics_to_lane_id', { min: 1 });
  const cards = activeCards(store, (c) => c.lane_id === lane.lane_id);
  if (cards.length && target === null) {
    throw badRequest('The lane holds cards; give move_cards_to_lane_id',
      { move_cards_to_lane_id: 'required' });
  }
  if (target !== null) {
    const dest = findLane(store, params.board_id, target);
    for (const card of cards) card.lane_id = dest.lane_id;
  }
  store.lanes.splice(store.lanes.indexOf(lane), 1);
  return noContent();
}

export const routes = [
  ['GET', '/boards/{board_id}/columns', listColumns],
  ['POST', '/boards/{board_id}/columns', createColumn],
  ['GET', '/boards/{board_id}/columns/{column_id}', getColumn],
  ['PATCH', '/boards/{board_id}/columns/{column_id}', updateColumn],
  ['DELETE', '/boards/{board_id}/columns/{column_id}', deleteColumn],
  ['GET', '/boards/{board_id}/lanes', listLanes],
  ['POST', '/boards/{board_id}/lanes', createLane],
  ['GET', '/boards/{board_id}/lanes/{lane_id}', getLane],
  ['PATCH', '/boards/{board_id}/lanes/{lane_id}', updateLane],
  ['DELETE', '/boards/{board_id}/lanes/{lane_id}', deleteLane],
];
