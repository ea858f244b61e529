// The card write fields of reference §7.6, applied to a stored card. The
// server runs every write inside a store transaction, so these functions
// may throw a 400 half-way without leaving a partial change behind.

import { badRequest } from './envelope.js';
import { childColumns, childLanes, leafLanes, sectionOf } from './structure.js';
import { startTransition } from './cards-model.js';
import { removeCardValues, writeCardValue } from './card-values.js';
import { LINK_TYPES, linksOf, removeLink, upsertLink } from './links.js';
import {
  itemInt, itemString, optColor, optFlag, optInt, optIntArray, optNum, optObjects, optString,
  reqInt, reqString,
} from './validate.js';
import { clone, has, nextId, nowIso } from './util.js';

function ref(list, key, id, field) {
  const item = list.find((x) => x[key] === id);
  if (!item) throw badRequest(`'${field}' refers to an unknown id ${id}`, { [field]: id });
  return item;
}

function refs(list, key, ids, field) {
  for (const id of ids || []) ref(list, key, id, field);
  return ids || [];
}

// ---- placement ----

function chooseLane(store, card, column, laneId) {
  if (laneId !== undefined) {
    const lane = ref(store.lanes, 'lane_id', laneId, 'lane_id');
    if (lane.workflow_id !== column.workflow_id) {
      throw badRequest(`Lane ${laneId} is not in the workflow of column ${column.column_id}`);
    }
    return lane;
  }
  const current = store.lanes.find((l) => l.lane_id === card.lane_id);
  if (current && current.workflow_id === column.workflow_id) return current;
  const lane = leafLanes(store, column.workflow_id)[0];
  if (!lane) throw badRequest(`Column ${column.column_id} has no lane to hold cards`);
  return lane;
}

function place(store, card, body, create) {
  const columnId = create ? reqInt(body, 'column_id', { min: 1 })
    : optInt(body, 'column_id', { min: 1 });
  const laneId = optInt(body, 'lane_id', { min: 1 });
  const position = optInt(body, 'position', { min: 0 });
  optInt(body, 'track');
  if (!create && columnId === undefined && laneId === undefined && position === undefined) return;

  const column = ref(store.columns, 'column_id', columnId ?? card.column_id, 'column_id');
  if (childColumns(store, column.column_id).length) {
    throw badRequest(`Column ${column.column_id} has sub-columns; place the card in one of them`);
  }
  const lane = chooseLane(store, card, column, laneId);
  if (childLanes(store, lane.lane_id).length) {
    throw badRequest(`Lane ${lane.lane_id} has sub-lanes; place the card in one of them`);
  }
  const moved = create || column.column_id !== card.column_id || lane.lane_id !== card.lane_id;
  Object.assign(card, { board_id: column.board_id, workflow_id: column.workflow_id,
    column_id: column.column_id, lane_id: lane.lane_id, section: sectionOf(store, column) });
  const cell = store.cards.filter((c) => c !== card && c.state === 'active' &&
    c.column_id === card.column_id && c.lane_id === card.lane_id);
  if (position !== undefined) card.position = position;
  else if (moved) card.position = cell.length;
  if (moved) {
    const at = nowIso();
    card.in_current_position_since = at;
    startTransition(card, at);
  }
}

// ---- scalar fields ----

function setIf(card, key, value) {
  if (value !== undefined) card[key] = value;
}

function checkDate(body, key) {
  const v = optString(body, key, { nullable: true });
  if (typeof v === 'string' && Number.isNaN(Date.parse(v))) {
    throw badRequest(`'${key}' must be a date or date-time`, { [key]: v });
  }
  return v;
}

function scalars(store, card, body, create) {
  setIf(card, 'title', create ? reqString(body, 'title', { max: 2000 })
    : optString(body, 'title', { min: 1, max: 2000 }));
  setIf(card, 'description', optString(body, 'description'));
  setIf(card, 'custom_id', optString(body, 'custom_id', { nullable: true }));
  const owner = optInt(body, 'owner_user_id', { min: 1, nullable: true });
  if (owner) ref(store.users, 'user_id', owner, 'owner_user_id');
  setIf(card, 'owner_user_id', owner);
  const type = optInt(body, 'type_id', { min: 1, nullable: true });
  if (type) ref(store.cardTypes, 'type_id', type, 'type_id');
  setIf(card, 'type_id', type);
  setIf(card, 'size', optNum(body, 'size', { min: 0, nullable: true }));
  setIf(card, 'priority', optInt(body, 'priority', { min: 1, max: 250, nullable: true }));
  setIf(card, 'color', optColor(body, 'color'));
  setIf(card, 'deadline', checkDate(body, 'deadline'));
  setIf(card, 'version_id', optInt(body, 'version_id', { nullable: true }));
  for (const key of ['planned_start_date', 'planned_end_date', 'actual_start_time',
    'actual_end_time']) setIf(card, key, checkDate(body, key));
  setIf(card, 'reason_id', optInt(body, 'discard_reason_id', { nullable: true }));
  setIf(card, 'discard_comment', optString(body, 'discard_comment',
    { min: 1, max: 250, nullable: true }));
  optString(body, 'exceeding_reason', { nullable: true });
  people(store, card, body);
}

function people(store, card, body) {
  const reporter = optInt(body, 'reporter_user_id', { min: 1 });
  if (reporter !== undefined) {
    ref(store.users, 'user_id', reporter, 'reporter_user_id');
    card.reporter = { type: 'user', value: reporter };
  }
  const email = optString(body, 'reporter_email', { min: 3, max: 254 });
  if (email !== undefined) card.reporter = { type: 'email', value: email };
  const watch = optFlag(body, 'watch');
  if (watch === 1 && !card.watcher_ids.includes(store.me)) card.watcher_ids.push(store.me);
  if (watch === 0) card.watcher_ids = card.watcher_ids.filter((id) => id !== store.me);
}

function createOnly(store, card, body) {
  setIf(card, 'reference', optString(body, 'reference'));
  for (const key of ['created_at', 'archived_at', 'discarded_at']) {
    const v = checkDate(body, key);
    if (v) card[key] = v;
  }
  if (card.created_at !== card.last_modified && has(body, 'created_at')) {
    card.last_modified = card.created_at;
  }
  const cover = optString(body, 'cover_image_link', { min: 1 });
  if (cover) card.cover_image = { attachment_id: nextId(store), width: 0, height: 0, link: cover };
  optInt(body, 'template_id', { min: 1 });
  copyProperties(store, card, body);
}

function copyProperties(store, card, body) {
  const SIMPLE = { title: 'title', description: 'description', custom_id: 'custom_id',
    owner: 'owner_user_id', type: 'type_id', size: 'size', priority: 'priority',
    color: 'color', deadline: 'deadline', tags: 'tag_ids', custom_fields: 'custom_fields',
    attachments: 'attachments', contributors: 'co_owner_ids' };
  optObjects(body, 'card_properties_to_copy', (item, where) => {
    const src = ref(store.cards, 'card_id', itemInt(item, 'card_id', where), `${where}.card_id`);
    if (!Array.isArray(item.properties)) throw badRequest(`'${where}.properties' must be an array`);
    for (const prop of item.properties) {
      if (SIMPLE[prop]) card[SIMPLE[prop]] = clone(src[SIMPLE[prop]]);
    }
  });
  optObjects(body, 'custom_fields_to_copy', (item, where) => {
    const src = ref(store.cards, 'card_id', itemInt(item, 'card_id', where), `${where}.card_id`);
    const ids = Array.isArray(item.field_ids) ? item.field_ids : [];
    for (const value of src.custom_fields.filter((v) => ids.includes(v.field_id))) {
      removeCardValues(card, [value.field_id]);
      card.custom_fields.push(clone(value));
    }
  });
}

// ---- lifecycle state and blocking ----

function lifecycle(card, body) {
  const archived = optFlag(body, 'is_archived');
  const discarded = optFlag(body, 'is_discarded');
  if (archived === 1 && discarded === 1) {
    throw badRequest('A card cannot be archived and discarded at once');
  }
  const at = nowIso();
  const leave = (state, key) => {
    if (card.state === 'active') {
      card.last_column_id = card.column_id;
      card.last_lane_id = card.lane_id;
    }
    card.state = state;
    card[key] = card[key] || at;
  };
  if (archived === 1 && card.state !== 'archived') leave('archived', 'archived_at');
  if (discarded === 1 && card.state !== 'discarded') leave('discarded', 'discarded_at');
  if (archived === 0 && card.state === 'archived') {
    Object.assign(card, { state: 'active', archived_at: null });
  }
  if (discarded === 0 && card.state === 'discarded') {
    Object.assign(card, { state: 'active', discarded_at: null });
  }
}

/** Block a card; `spec` is {comment?, reason_id?, users?, date?, cards?}. */
export function blockCard(store, card, spec) {
  const comment = optString(spec, 'comment', { min: 1, max: 250 });
  const reasonId = optInt(spec, 'reason_id', { min: 1, nullable: true });
  const reason = reasonId ? ref(store.blockReasons, 'reason_id', reasonId, 'reason_id') : null;
  if (!comment && !reason) {
    throw badRequest("Blocking needs a 'comment' or a 'reason_id'", { comment: 'required' });
  }
  const users = refs(store.users, 'user_id', optIntArray(spec, 'users'), 'users');
  const cards = refs(store.cards, 'card_id', optIntArray(spec, 'cards'), 'cards');
  const date = optString(spec, 'date', { nullable: true }) ?? null;
  const at = nowIso();
  const open = card.block_times.find((b) => b.end === null);
  if (!open) card.block_times.push({ reason_id: reasonId ?? null, start: at, end: null, comment });
  card.is_blocked = 1;
  card.block_reason = reason ? clone(reason) : { reason_id: null, icon_type: 0, icon_id: 0,
    label: 'Blocked', color: 'e53935', with_cards: 0, with_date: 0, with_users: 0,
    availability: 2, is_enabled: 1 };
  card.block = { comment: comment ?? '', reason_id: reasonId ?? null, users, date, cards };
}

export function unblockCard(card) {
  const open = card.block_times.find((b) => b.end === null);
  if (open) open.end = nowIso();
  Object.assign(card, { is_blocked: 0, block_reason: null, block: null });
}

function blocking(store, card, body) {
  if (!has(body, 'block_reason')) return;
  const spec = body.block_reason;
  if (spec === null) unblockCard(card);
  else if (typeof spec === 'object' && !Array.isArray(spec)) blockCard(store, card, spec);
  else throw badRequest("'block_reason' must be an object or null");
}

// ---- collections ----

function idSet(card, key, add, remove) {
  const current = new Set(card[key]);
  for (const id of add || []) current.add(id);
  for (const id of remove || []) current.delete(id);
  card[key] = [...current];
}

function idCollections(store, card, body) {
  idSet(card, 'tag_ids', refs(store.tags, 'tag_id', optIntArray(body, 'tag_ids_to_add'),
    'tag_ids_to_add'), optIntArray(body, 'tag_ids_to_remove'));
  idSet(card, 'milestone_ids', optIntArray(body, 'milestone_ids_to_add'),
    optIntArray(body, 'milestone_ids_to_remove'));
  for (const key of ['co_owner_ids', 'watcher_ids']) {
    const add = refs(store.users, 'user_id', optIntArray(body, `${key}_to_add`),
      `${key}_to_add`);
    idSet(card, key, add, optIntArray(body, `${key}_to_remove`));
  }
}

/** Add one sticker association; returns it (an existing one with if_not_present). */
export function addSticker(store, card, stickerId, ifNotPresent) {
  ref(store.stickers, 'sticker_id', stickerId, 'sticker_id');
  const existing = card.stickers.find((s) => s.sticker_id === stickerId);
  if (existing && ifNotPresent === 1) return existing;
  const assoc = { id: nextId(store), card_id: card.card_id, sticker_id: stickerId };
  card.stickers.push(assoc);
  return assoc;
}

function stickers(store, card, body) {
  optObjects(body, 'stickers_to_add', (item, where) => {
    addSticker(store, card, itemInt(item, 'sticker_id', where), item.if_not_present);
  });
  const drop = optIntArray(body, 'sticker_ids_to_remove') || [];
  card.stickers = card.stickers.filter((s) => !drop.includes(s.id));
}

/** Attachment writes shared by cards, comments and subtasks. */
export function writeAttachments(store, holder, body) {
  optObjects(body, 'attachments_to_add', (item, where) => {
    holder.attachments.push({ id: nextId(store),
      file_name: itemString(item, 'file_name', where, { max: 250 }),
      link: itemString(item, 'link', where),
      position: item.position ?? holder.attachments.length });
  });
  optObjects(body, 'attachments_to_update', (item, where) => {
    const att = ref(holder.attachments, 'id', itemInt(item, 'id', where), `${where}.id`);
    for (const k of ['file_name', 'link', 'position']) if (item[k] !== undefined) att[k] = item[k];
  });
  const drop = optIntArray(body, 'attachment_ids_to_remove') || [];
  holder.attachments = holder.attachments.filter((a) => !drop.includes(a.id));
}

function customFields(store, card, body) {
  optObjects(body, 'custom_fields_to_add_or_update',
    (item, where) => writeCardValue(store, card, item, where));
  const drop = optIntArray(body, 'custom_field_ids_to_remove');
  if (drop) removeCardValues(card, drop);
}

function annotations(store, card, body) {
  const key = (a) => `${a.thread_id}/${a.comment_id}`;
  optObjects(body, 'annotations_to_add', (item, where) => {
    card.annotations.push({ thread_id: itemString(item, 'thread_id', where),
      comment_id: itemString(item, 'comment_id', where), author_id: store.me,
      content: itemString(item, 'content', where), created_at: nowIso() });
  });
  optObjects(body, 'annotations_to_update', (item, where) => {
    const found = card.annotations.find((a) => key(a) === key(item));
    if (!found) throw badRequest(`'${where}' names an unknown annotation`);
    found.content = itemString(item, 'content', where);
  });
  optObjects(body, 'annotations_to_remove', (item) => {
    card.annotations = card.annotations.filter((a) => key(a) !== key(item));
  });
}

function checklist(store, card, body) {
  optObjects(body, 'column_checklist_items_to_check_or_update', (item, where) => {
    const itemId = itemInt(item, 'item_id', where);
    card.checked_column_checklist_items = card.checked_column_checklist_items
      .filter((c) => c.item_id !== itemId);
    card.checked_column_checklist_items.push({ item_id: itemId, comment: item.comment ?? '',
      user_id: store.me, checked_at: nowIso() });
  });
  const drop = optIntArray(body, 'column_checklist_item_ids_to_uncheck') || [];
  card.checked_column_checklist_items = card.checked_column_checklist_items
    .filter((c) => !drop.includes(c.item_id));
}

// ---- links ----

function linkType(item, where) {
  if (!LINK_TYPES.includes(item.link_type)) {
    throw badRequest(`'${where}.link_type' must be one of ${LINK_TYPES.join(', ')}`);
  }
  return item.link_type;
}

/** Make the card's links exactly `wanted` ([{card_id, link_type}]). */
function replaceLinks(store, card, wanted) {
  const want = wanted.map((w, i) => ({ id: itemInt(w, 'card_id', `linked_cards[${i}]`),
    type: linkType(w, `linked_cards[${i}]`) }));
  for (const l of linksOf(store, card.card_id)) {
    if (!want.some((w) => w.id === l.card_id && w.type === l.link_type)) {
      removeLink(store, card.card_id, l.card_id, l.link_type);
    }
  }
  for (const w of want) {
    ref(store.cards, 'card_id', w.id, 'linked_cards');
    upsertLink(store, card.card_id, w.id, w.type);
  }
}

function links(store, card, body, options) {
  if (!options.create && has(body, 'linked_cards')) {
    if (!Array.isArray(body.linked_cards)) throw badRequest("'linked_cards' must be an array");
    replaceLinks(store, card, body.linked_cards);
  } else if (options.dropLinks) {
    for (const l of linksOf(store, card.card_id)) {
      removeLink(store, card.card_id, l.card_id, l.link_type);
    }
  }
  optObjects(body, 'links_to_existing_cards_to_add_or_update', (item, where) => {
    const other = itemInt(item, 'linked_card_id', where);
    ref(store.cards, 'card_id', other, `${where}.linked_card_id`);
    upsertLink(store, card.card_id, other, linkType(item, where), item);
  });
  optObjects(body, 'links_to_existing_cards_to_remove', (item, where) => {
    removeLink(store, card.card_id, itemInt(item, 'linked_card_id', where),
      linkType(item, where));
  });
  optObjects(body, 'links_to_new_cards_to_add', (item, where) => {
    const reference = itemString(item, 'linked_new_card_reference', where);
    const other = store.cards.find((c) => c.reference === reference && c !== card);
    if (!other) throw badRequest(`No card has the reference '${reference}'`);
    upsertLink(store, card.card_id, other.card_id, linkType(item, where), item);
  });
}

// ---- subtasks ----

/** Create a subtask of `cardId` from a POST body or a `subtasks_to_add` item. */
export function addSubtask(store, cardId, spec) {
  const description = reqString(spec, 'description', { max: 10000 });
  const owner = optInt(spec, 'owner_user_id', { min: 1, nullable: true });
  if (owner) ref(store.users, 'user_id', owner, 'owner_user_id');
  const finished = optFlag(spec, 'is_finished');
  const siblings = store.subtasks.filter((s) => s.card_id === cardId);
  const subtask = {
    subtask_id: nextId(store), card_id: cardId, description, owner_user_id: owner ?? null,
    deadline: checkDate(spec, 'deadline') ?? null, finished_at: finished === 1 ? nowIso() : null,
    position: optInt(spec, 'position', { min: 0 }) ?? siblings.length, attachments: [],
  };
  writeAttachments(store, subtask, spec);
  store.subtasks.push(subtask);
  return subtask;
}

/**
 * Apply a POST (`create`) or PATCH body to `card`.
 * @param {object} options {create: bool, dropLinks: bool}
 */
export function applyCardBody(store, card, body, options) {
  const create = Boolean(options.create);
  place(store, card, body, create);
  scalars(store, card, body, create);
  if (create) createOnly(store, card, body);
  lifecycle(card, body);
  blocking(store, card, body);
  idCollections(store, card, body);
  stickers(store, card, body);
  writeAttachments(store, card, body);
  customFields(store, card, body);
  annotations(store, card, body);
  checklist(store, card, body);
  links(store, card, body, { create, dropLinks: !create && options.dropLinks });
  if (create) {
    optObjects(body, 'subtasks_to_add', (item) => addSubtask(store, card.card_id, item));
  }
}
