// Boards and what shapes them: workflows, columns and lanes, plus the
// CurrentBoardStructure view (reference §8.4). Used by the seed and by the
// board routes, so a board created over HTTP looks like a seeded one.

import { nextId, pick } from './util.js';

export const WORKSPACE_KEYS = ['workspace_id', 'type', 'is_archived', 'name'];
export const BOARD_KEYS = ['board_id', 'workspace_id', 'is_archived', 'name', 'description',
  'revision'];
export const WORKFLOW_KEYS = ['workflow_id', 'type', 'position', 'is_enabled', 'is_collapsible',
  'name'];
export const COLUMN_KEYS = ['column_id', 'workflow_id', 'section', 'parent_column_id', 'position',
  'name', 'description', 'color', 'limit', 'cards_per_row', 'flow_type'];
export const LANE_KEYS = ['lane_id', 'workflow_id', 'parent_lane_id', 'position', 'name',
  'description', 'color'];

export const SECTION_NAMES = { 1: 'Backlog', 2: 'Requested', 3: 'In Progress', 4: 'Done' };
const WORKFLOW_DEFAULT_NAMES = ['Cards Workflow', 'Initiatives Workflow', 'Timeline Workflow'];
const SECTION_COLORS = { 1: 'e0e0e0', 2: 'c5e1f5', 3: 'fff2b3', 4: 'c8e6c9' };

export function defaultSettings(store) {
  return {
    size_type: 1,
    allow_exceeding: 1,
    autoarchive_cards_after: 30,
    limit_type: 1,
    allow_repeating_custom_card_ids: 0,
    is_discard_reason_required: 0,
    size_formula: '',
    deadline_formula: '',
    default_sender_user_id: store.me,
    default_receiver_user_id: store.me,
    allow_generic_blocker: 1,
  };
}

export function addWorkspace(store, { name, type = 1, is_archived = 0 }) {
  const ws = { workspace_id: nextId(store), type, is_archived, name };
  store.workspaces.push(ws);
  return ws;
}

export function addBoard(store, { workspace_id, name, description = '' }) {
  const board = {
    board_id: nextId(store), workspace_id, is_archived: 0, name, description, revision: 1,
    assigned: 1, settings: defaultSettings(store),
  };
  store.boards.push(board);
  return board;
}

export function addWorkflow(store, board, spec = {}) {
  const type = spec.type ?? 0;
  const wf = {
    workflow_id: nextId(store),
    board_id: board.board_id,
    type,
    position: spec.position ?? boardWorkflows(store, board.board_id).length,
    is_enabled: spec.is_enabled ?? 1,
    is_collapsible: spec.is_collapsible ?? 1,
    name: spec.name ?? WORKFLOW_DEFAULT_NAMES[type] ?? 'Workflow',
  };
  store.workflows.push(wf);
  return wf;
}

/** Add a main column (`section`) or a sub-column (`parent_column_id`). */
export function addColumn(store, wf, spec) {
  const parent = spec.parent_column_id ?? null;
  const siblings = store.columns.filter((c) => c.workflow_id === wf.workflow_id &&
    c.parent_column_id === parent && (parent !== null || c.section === spec.section));
  const column = {
    column_id: nextId(store),
    board_id: wf.board_id,
    workflow_id: wf.workflow_id,
    section: parent === null ? spec.section : null,
    parent_column_id: parent,
    position: spec.position ?? siblings.length,
    name: spec.name,
    description: spec.description ?? '',
    color: spec.color ?? SECTION_COLORS[spec.section] ?? 'f0f0f0',
    limit: spec.limit ?? 0,
    cards_per_row: spec.cards_per_row ?? 1,
    flow_type: spec.flow_type ?? 1,
    card_ordering: null,
    checklist_items: [],
  };
  store.columns.push(column);
  return column;
}

export function addLane(store, wf, spec) {
  const parent = spec.parent_lane_id ?? null;
  const siblings = store.lanes.filter((l) => l.workflow_id === wf.workflow_id &&
    l.parent_lane_id === parent);
  const lane = {
    lane_id: nextId(store),
    board_id: wf.board_id,
    workflow_id: wf.workflow_id,
    parent_lane_id: parent,
    position: spec.position ?? siblings.length,
    name: spec.name,
    description: spec.description ?? '',
    color: spec.color ?? 'ffffff',
  };
  store.lanes.push(lane);
  return lane;
}

/** One column per section and one lane: what a new workflow starts with. */
export function addDefaultLayout(store, wf) {
  for (const section of [1, 2, 3, 4]) {
    addColumn(store, wf, { section, name: SECTION_NAMES[section], position: 0 });
  }
  addLane(store, wf, { name: 'Default Swimlane', position: 0 });
}

export const boardWorkflows = (store, boardId) =>
  store.workflows.filter((w) => w.board_id === boardId).sort((a, b) => a.position - b.position);

export const boardColumns = (store, boardId) =>
  store.columns.filter((c) => c.board_id === boardId);

export const boardLanes = (store, boardId) => store.lanes.filter((l) => l.board_id === boardId);

export const childColumns = (store, columnId) => store.columns
  .filter((c) => c.parent_column_id === columnId).sort((a, b) => a.position - b.position);

export const childLanes = (store, laneId) => store.lanes
  .filter((l) => l.parent_lane_id === laneId).sort((a, b) => a.position - b.position);

/** The section of a column; a sub-column takes its parent's. */
export function sectionOf(store, column) {
  let c = column;
  for (let depth = 0; c && c.section === null && depth < 8; depth++) {
    c = store.columns.find((x) => x.column_id === c.parent_column_id);
  }
  return c ? c.section : 3;
}

function mainColumns(store, workflowId) {
  return store.columns
    .filter((c) => c.workflow_id === workflowId && c.parent_column_id === null)
    .sort((a, b) => a.section - b.section || a.position - b.position);
}

/** Leaf columns of a workflow in display order (where cards can sit). */
export function leafColumns(store, workflowId) {
  const out = [];
  const walk = (col) => {
    const kids = childColumns(store, col.column_id);
    if (kids.length === 0) out.push(col);
    else kids.forEach(walk);
  };
  mainColumns(store, workflowId).forEach(walk);
  return out;
}

export function leafLanes(store, workflowId) {
  const out = [];
  const walk = (lane) => {
    const kids = childLanes(store, lane.lane_id);
    if (kids.length === 0) out.push(lane);
    else kids.forEach(walk);
  };
  store.lanes.filter((l) => l.workflow_id === workflowId && l.parent_lane_id === null)
    .sort((a, b) => a.position - b.position).forEach(walk);
  return out;
}

function structureWorkflow(store, wf) {
  const mains = mainColumns(store, wf.workflow_id);
  const sectionColumns = {};
  for (const s of [1, 2, 3, 4]) {
    sectionColumns[s] = mains.filter((c) => c.section === s).map((c) => c.column_id);
  }
  return {
    ...pick(wf, ['type', 'position', 'is_enabled', 'is_collapsible', 'name']),
    top_lanes: store.lanes.filter((l) => l.workflow_id === wf.workflow_id &&
      l.parent_lane_id === null).sort((a, b) => a.position - b.position).map((l) => l.lane_id),
    bottom_lanes: leafLanes(store, wf.workflow_id).map((l) => l.lane_id),
    top_columns: mains.map((c) => c.column_id),
    bottom_columns: leafColumns(store, wf.workflow_id).map((c) => c.column_id),
    section_columns: sectionColumns,
  };
}

function keyed(items, idKey, keys) {
  const out = {};
  for (const item of items) out[item[idKey]] = pick(item, keys);
  return out;
}

/** GET /boards/{id}/currentStructure (reference §8.4). */
export function currentStructure(store, board) {
  const workflows = boardWorkflows(store, board.board_id);
  const columns = boardColumns(store, board.board_id);
  const childMap = {};
  for (const c of columns) {
    const kids = childColumns(store, c.column_id);
    if (kids.length) childMap[c.column_id] = kids.map((k) => k.column_id);
  }
  const structWfs = {};
  for (const wf of workflows) structWfs[wf.workflow_id] = structureWorkflow(store, wf);
  return {
    version: '1',
    ...pick(board, ['board_id', 'workspace_id', 'name', 'description', 'is_archived',
      'revision']),
    workflow_order: workflows.map((w) => w.workflow_id),
    workflows: structWfs,
    lanes: keyed(boardLanes(store, board.board_id), 'lane_id',
      ['workflow_id', 'parent_lane_id', 'position', 'name', 'description', 'color']),
    columns: keyed(columns, 'column_id', ['workflow_id', 'section', 'parent_column_id',
      'position', 'name', 'description', 'color', 'limit', 'cards_per_row', 'flow_type',
      'card_ordering', 'checklist_items']),
    child_columns: childMap,
    column_checklist_items: {},
    ...board.settings,
    cell_card_orderings: {},
    cell_limits: {},
    lane_section_limits: {},
    merged_areas: {},
  };
}
