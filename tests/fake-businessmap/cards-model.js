// Cards as the API shows them (reference §8.8). The store keeps one object
// per card with its own scalar fields and collections, plus a few private
// keys (state, reference, transitions, block_times, block); counts, subtasks
// and links are computed from the other collections when a card is shown.

import { linksOf, childrenOf } from './links.js';
import { clone, nextId, nowIso, pick } from './util.js';

export const CARD_BASE_KEYS = ['card_id', 'custom_id', 'board_id', 'workflow_id', 'title',
  'owner_user_id', 'type_id', 'color', 'section', 'column_id', 'lane_id', 'position',
  'last_column_id', 'last_lane_id', 'description', 'size', 'priority', 'deadline', 'version_id',
  'reporter', 'created_at', 'last_modified', 'in_current_position_since', 'first_request_time',
  'first_start_time', 'first_end_time', 'last_request_time', 'last_start_time', 'last_end_time',
  'archived_at', 'discarded_at', 'reason_id', 'discard_comment', 'revision', 'current_cycle_time',
  'current_block_time', 'current_logged_time', 'comment_count', 'finished_subtask_count',
  'unfinished_subtask_count', 'child_card_stats', 'is_blocked', 'block_reason'];

export const CARD_COLLECTION_KEYS = ['custom_fields', 'stickers', 'tag_ids', 'milestone_ids',
  'co_owner_ids', 'watcher_ids', 'attachments', 'cover_image', 'annotations', 'outcomes',
  'subtasks', 'linked_cards'];

export const CARD_EXPAND_KEYS = ['custom_fields', 'stickers', 'tag_ids', 'co_owner_ids',
  'watcher_ids', 'attachments', 'checked_column_checklist_items', 'initiative_details',
  'annotations', 'subtasks', 'linked_cards', 'transitions', 'block_times', 'logged_times',
  'logged_times_for_child_cards', 'lead_time_per_column', 'outcomes', 'outcome_current_values'];

export const SUBTASK_KEYS = ['subtask_id', 'description', 'owner_user_id', 'deadline',
  'finished_at', 'position', 'attachments'];

export const COMMENT_KEYS = ['comment_id', 'type', 'text', 'attachments', 'created_at',
  'last_modified', 'author'];

export const cardSubtasks = (store, cardId) => store.subtasks
  .filter((s) => s.card_id === cardId).sort((a, b) => a.position - b.position);

export const cardComments = (store, cardId) => store.comments.filter((c) => c.card_id === cardId);

const loggedFor = (store, cardId) => store.loggedTime.filter((t) => t.card_id === cardId);

function childStats(store, card) {
  const kids = childrenOf(store, card.card_id)
    .map((k) => store.cards.find((c) => c.card_id === k.card_id)).filter(Boolean);
  const size = (list) => list.reduce((sum, c) => sum + (c.size || 0), 0);
  const finished = kids.filter((c) => c.section === 4 || c.state !== 'active');
  const unfinished = kids.filter((c) => !finished.includes(c));
  const deadlines = unfinished.map((c) => c.deadline).filter(Boolean).sort();
  return {
    child_card_size_sum: size(kids),
    finished_bottom_child_card_size_sum: size(finished),
    unfinished_bottom_child_card_size_sum: size(unfinished),
    has_unfinished_child_cards: unfinished.length > 0,
    last_unfinished_child_card_deadline: deadlines.length ? deadlines[deadlines.length - 1]
      : null,
  };
}

function leadTimes(card) {
  const perColumn = new Map();
  for (const t of card.transitions) {
    const end = t.end ? Date.parse(t.end) : Date.now();
    const secs = Math.max(0, Math.round((end - Date.parse(t.start)) / 1000));
    perColumn.set(t.column_id, (perColumn.get(t.column_id) || 0) + secs);
  }
  return [...perColumn].map(([column_id, lead_time]) => ({ column_id, lead_time }));
}

const DERIVED = {
  comment_count: (s, c) => cardComments(s, c.card_id).length,
  finished_subtask_count: (s, c) => cardSubtasks(s, c.card_id).filter((t) => t.finished_at)
    .length,
  unfinished_subtask_count: (s, c) => cardSubtasks(s, c.card_id).filter((t) => !t.finished_at)
    .length,
  current_logged_time: (s, c) => loggedFor(s, c.card_id).reduce((sum, t) => sum + t.time, 0),
  child_card_stats: childStats,
  subtasks: (s, c) => cardSubtasks(s, c.card_id).map((t) => pick(t, SUBTASK_KEYS)),
  linked_cards: (s, c) => linksOf(s, c.card_id)
    .map(({ card_id, link_type }) => ({ card_id, link_type })),
  logged_times: (s, c) => loggedFor(s, c.card_id).map((t) => clone(t)),
  logged_times_for_child_cards: (s, c) => childrenOf(s, c.card_id)
    .flatMap((k) => loggedFor(s, k.card_id)).map((t) => clone(t)),
  lead_time_per_column: (s, c) => leadTimes(c),
  outcome_current_values: (s, c) => c.outcomes
    .map((o) => ({ outcome_id: o.outcome_id, value: o.current_value ?? o.starting_value })),
};

function valueOf(store, card, key) {
  if (DERIVED[key]) return DERIVED[key](store, card);
  return clone(card[key] ?? null);
}

/**
 * Show a card.
 * @param {object} opts `full` adds every collection (GET /cards/{id});
 *   `expand` adds the named keys; `fields` limits the base keys.
 */
export function renderCard(store, card, opts = {}) {
  let keys = opts.fields ? CARD_BASE_KEYS.filter((k) => opts.fields.includes(k))
    : CARD_BASE_KEYS;
  if (opts.full) keys = keys.concat(CARD_COLLECTION_KEYS);
  if (opts.expand) keys = keys.concat(opts.expand.filter((k) => !keys.includes(k)));
  const out = {};
  for (const key of keys) out[key] = valueOf(store, card, key);
  return out;
}

/** A new card record with every field defaulted; `fields` overrides. */
export function newCard(store, fields) {
  const at = fields.created_at || nowIso();
  const card = {
    card_id: nextId(store), custom_id: null, board_id: null, workflow_id: null, title: '',
    owner_user_id: null, type_id: null, color: 'f0f0f0', section: 1, column_id: null,
    lane_id: null, position: 0, last_column_id: null, last_lane_id: null, description: '',
    size: null, priority: null, deadline: null, version_id: null,
    reporter: { type: 'user', value: store.me }, created_at: at, last_modified: at,
    in_current_position_since: at, first_request_time: null, first_start_time: null,
    first_end_time: null, last_request_time: null, last_start_time: null, last_end_time: null,
    archived_at: null, discarded_at: null, reason_id: null, discard_comment: null, revision: 1,
    current_cycle_time: 0, current_block_time: 0, is_blocked: 0, block_reason: null,
    custom_fields: [], stickers: [], tag_ids: [], milestone_ids: [], co_owner_ids: [],
    watcher_ids: [], attachments: [], cover_image: null, annotations: [], outcomes: [],
    checked_column_checklist_items: [], initiative_details: null,
    planned_start_date: null, planned_end_date: null, actual_start_time: null,
    actual_end_time: null,
    state: 'active', reference: null, transitions: [], block_times: [], block: null,
    ...fields,
  };
  store.cards.push(card);
  return card;
}

/** Record the card's arrival in its current column (for expand=transitions). */
export function startTransition(card, at) {
  const open = card.transitions.find((t) => t.end === null);
  if (open) open.end = at;
  card.transitions.push({
    board_id: card.board_id, workflow_id: card.workflow_id, lane_id: card.lane_id,
    column_id: card.column_id, section: card.section, start: at, end: null,
  });
}
