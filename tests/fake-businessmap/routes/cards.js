// Cards (reference §7.6): the nested-pagination card query, one card,
// create (answers an array, honours subtasks_to_add), update (answers an
// array, or [] when nothing changed; ignores subtasks_to_add; may drop links
// when the link-dropping switch is on) and delete.

import { badRequest, noContent, notFound, ok } from '../envelope.js';
import { CARD_BASE_KEYS, CARD_EXPAND_KEYS, newCard, renderCard } from '../cards-model.js';
import { applyCardBody } from '../card-writes.js';
import { clearLinks } from '../links.js';
import {
  commaOption, flagParam, intList, intParam, numList, paginate, single, stringList,
} from '../query.js';
import { nowIso, removeWhere } from '../util.js';

const STATES = ['active', 'archived', 'discarded'];

const INT_FILTERS = [['board_ids', 'board_id'], ['workflow_ids', 'workflow_id'],
  ['card_ids', 'card_id'], ['owner_user_ids', 'owner_user_id'], ['type_ids', 'type_id'],
  ['priorities', 'priority'], ['sections', 'section'], ['version_ids', 'version_id'],
  ['reason_ids', 'reason_id']];
const ACTIVE_FILTERS = [['column_ids', 'column_id'], ['lane_ids', 'lane_id']];
const CLOSED_FILTERS = [['last_column_ids', 'last_column_id'], ['last_lane_ids', 'last_lane_id']];

const DATE_FILTERS = { created: 'created_at', last_modified: 'last_modified',
  in_current_position_since: 'in_current_position_since', deadline: 'deadline',
  archived: 'archived_at', discarded: 'discarded_at', first_start: 'first_start_time',
  first_end: 'first_end_time', last_start: 'last_start_time', last_end: 'last_end_time' };

export function findCard(store, id) {
  const card = store.cards.find((c) => c.card_id === id);
  if (!card) throw notFound('Card', id);
  return card;
}

function intFilters(cards, query, state) {
  const filters = INT_FILTERS.concat(state === 'active' ? ACTIVE_FILTERS : CLOSED_FILTERS);
  for (const [param, key] of filters) {
    let list = intList(query, param);
    if (param === 'board_ids') {
      const one = intParam(query, 'board_id', { min: 1 });
      if (one !== null) list = (list || []).concat(one);
    }
    if (list) cards = cards.filter((c) => list.includes(c[key]));
  }
  return cards;
}

function otherFilters(cards, query) {
  const tags = intList(query, 'tag_ids');
  if (tags) cards = cards.filter((c) => c.tag_ids.some((t) => tags.includes(t)));
  const sizes = numList(query, 'sizes');
  if (sizes) cards = cards.filter((c) => sizes.includes(c.size));
  const colors = stringList(query, 'colors');
  if (colors) cards = cards.filter((c) => colors.map((x) => x.toLowerCase()).includes(c.color));
  const customIds = stringList(query, 'custom_ids');
  if (customIds) cards = cards.filter((c) => customIds.includes(c.custom_id));
  const blocked = flagParam(query, 'is_blocked');
  if (blocked !== null) cards = cards.filter((c) => c.is_blocked === blocked);
  flagParam(query, 'include_logged_time_for_subtasks');
  flagParam(query, 'include_logged_time_for_child_cards');
  return cards;
}

function bound(query, key, dateOnly) {
  const v = single(query, key);
  if (v === null) return null;
  const ok = dateOnly ? /^\d{4}-\d{2}-\d{2}$/.test(v) : !Number.isNaN(Date.parse(v));
  if (!ok) throw badRequest(`'${key}' must be a ${dateOnly ? 'date' : 'date-time'}`, { [key]: v });
  return dateOnly ? v : Date.parse(v);
}

function dateFilters(cards, query) {
  for (const [name, key] of Object.entries(DATE_FILTERS)) {
    const from = bound(query, `${name}_from`, false);
    const to = bound(query, `${name}_to`, false);
    const fromDate = bound(query, `${name}_from_date`, true);
    const toDate = bound(query, `${name}_to_date`, true);
    if (from === null && to === null && fromDate === null && toDate === null) continue;
    cards = cards.filter((c) => {
      if (!c[key]) return false;
      const t = Date.parse(c[key]);
      const d = c[key].slice(0, 10);
      return (from === null || t >= from) && (to === null || t <= to) &&
        (fromDate === null || d >= fromDate) && (toDate === null || d <= toDate);
    });
  }
  return cards;
}

function list({ store, query }) {
  const expand = commaOption(query, 'expand', CARD_EXPAND_KEYS);
  const fields = commaOption(query, 'fields', CARD_BASE_KEYS);
  const state = single(query, 'state') ?? 'active';
  if (!STATES.includes(state)) {
    throw badRequest(`'state' must be one of ${STATES.join(', ')}`, { state });
  }
  let cards = store.cards.filter((c) => c.state === state);
  cards = dateFilters(otherFilters(intFilters(cards, query, state), query), query);
  cards.sort((a, b) => a.card_id - b.card_id);
  const page = paginate(cards, query);
  page.data = page.data.map((c) => renderCard(store, c, { expand, fields }));
  return ok(page);
}

function get({ store, params }) {
  return ok(renderCard(store, findCard(store, params.card_id), { full: true }));
}

function create({ store, body }) {
  const card = newCard(store, {});
  applyCardBody(store, card, body || {}, { create: true });
  return ok([renderCard(store, card, { full: true })]);
}

const comparable = (store, card) =>
  JSON.stringify({ ...renderCard(store, card, { full: true }), last_modified: null });

function update({ store, params, body, fake }) {
  const card = findCard(store, params.card_id);
  const before = renderCard(store, card, { full: true });
  const beforeKey = comparable(store, card);
  applyCardBody(store, card, body || {}, { create: false, dropLinks: fake.linkDropping });
  if (comparable(store, card) === beforeKey) return ok([]);
  store.revisions.push({ card_id: card.card_id, revision: card.revision, user_id: store.me,
    replaced_at: nowIso(), card: before });
  card.revision += 1;
  card.last_modified = nowIso();
  return ok([renderCard(store, card, { full: true })]);
}

function remove({ store, params, query }) {
  const card = findCard(store, params.card_id);
  single(query, 'exceeding_reason');
  const id = card.card_id;
  removeWhere(store.cards, (c) => c.card_id === id);
  removeWhere(store.comments, (c) => c.card_id === id);
  removeWhere(store.subtasks, (s) => s.card_id === id);
  removeWhere(store.revisions, (r) => r.card_id === id);
  clearLinks(store, id);
  return noContent();
}

export const routes = [
  ['GET', '/cards', list],
  ['POST', '/cards', create],
  ['GET', '/cards/{card_id}', get],
  ['PATCH', '/cards/{card_id}', update],
  ['DELETE', '/cards/{card_id}', remove],
];
