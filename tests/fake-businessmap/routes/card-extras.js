// The smaller card relations: tags and stickers on a card, the block reason,
// outcomes and their history, revisions, and the card's custom-field
// values (reference §7.10-7.12, §7.17, §7.18). Stickers are removed by the
// association id (quirk 13).

import { missing, noContent, notFound, ok } from '../envelope.js';
import { addSticker, blockCard, unblockCard } from '../card-writes.js';
import { renderCard } from '../cards-model.js';
import { optFlag, reqInt } from '../validate.js';
import { clone, pick } from '../util.js';
import { findCard } from './cards.js';

function findTag(store, tagId) {
  const tag = store.tags.find((t) => t.tag_id === tagId);
  if (!tag) throw notFound('Tag', tagId);
  return tag;
}

function addTag({ store, params }) {
  const card = findCard(store, params.card_id);
  findTag(store, params.tag_id);
  if (!card.tag_ids.includes(params.tag_id)) card.tag_ids.push(params.tag_id);
  return noContent();
}

function removeTag({ store, params }) {
  const card = findCard(store, params.card_id);
  findTag(store, params.tag_id);
  card.tag_ids = card.tag_ids.filter((id) => id !== params.tag_id);
  return noContent();
}

function listStickers({ store, params }) {
  return ok(clone(findCard(store, params.card_id).stickers));
}

function postSticker({ store, params, body }) {
  const card = findCard(store, params.card_id);
  const stickerId = reqInt(body, 'sticker_id', { min: 1 });
  const assoc = addSticker(store, card, stickerId, optFlag(body, 'if_not_present'));
  return ok(clone(assoc));
}

function deleteSticker({ store, params }) {
  const card = findCard(store, params.card_id);
  if (!card.stickers.some((s) => s.id === params.sticker_card_id)) {
    throw missing(`Card ${card.card_id} has no sticker association ${params.sticker_card_id}`);
  }
  card.stickers = card.stickers.filter((s) => s.id !== params.sticker_card_id);
  return noContent();
}

function getBlock({ store, params }) {
  const card = findCard(store, params.card_id);
  if (!card.is_blocked || !card.block) throw missing(`Card ${card.card_id} is not blocked`);
  const b = card.block;
  return ok({
    type: b.reason_id ? 1 : 0, comment: b.comment, reason: clone(card.block_reason),
    cards: b.cards.map((card_id) => ({ card_id })), date: b.date,
    users: b.users.map((user_id) => ({ user_id })),
  });
}

function putBlock({ store, params, body }) {
  blockCard(store, findCard(store, params.card_id), body || {});
  return noContent();
}

function deleteBlock({ store, params }) {
  unblockCard(findCard(store, params.card_id));
  return noContent();
}

function outcomes({ store, params }) {
  return ok(clone(findCard(store, params.card_id).outcomes));
}

function outcomeHistory({ store, params }) {
  const card = findCard(store, params.card_id);
  if (!card.outcomes.some((o) => o.outcome_id === params.outcome_id)) {
    throw notFound('Outcome', params.outcome_id);
  }
  return ok(store.outcomeHistory.filter((h) => h.outcome_id === params.outcome_id)
    .map((h) => pick(h, ['history_id', 'outcome_id', 'event_type', 'event_guid', 'user_id',
      'old_value', 'changes', 'time'])));
}

function revisions({ store, params }) {
  findCard(store, params.card_id);
  return ok(store.revisions.filter((r) => r.card_id === params.card_id)
    .sort((a, b) => a.revision - b.revision)
    .map((r) => pick(r, ['revision', 'user_id', 'replaced_at'])));
}

function revision({ store, params }) {
  const card = findCard(store, params.card_id);
  if (params.revision === card.revision) return ok(renderCard(store, card, { full: true }));
  const hit = store.revisions.find((r) => r.card_id === params.card_id &&
    r.revision === params.revision);
  if (!hit) throw notFound('Revision', params.revision);
  return ok(clone(hit.card));
}

function cardCustomFields({ store, params }) {
  return ok(clone(findCard(store, params.card_id).custom_fields));
}

const C = '/cards/{card_id}';
export const routes = [
  ['PUT', `${C}/tags/{tag_id}`, addTag],
  ['DELETE', `${C}/tags/{tag_id}`, removeTag],
  ['GET', `${C}/stickers`, listStickers],
  ['POST', `${C}/stickers`, postSticker],
  ['DELETE', `${C}/stickers/{sticker_card_id}`, deleteSticker],
  ['GET', `${C}/blockReason`, getBlock],
  ['PUT', `${C}/blockReason`, putBlock],
  ['DELETE', `${C}/blockReason`, deleteBlock],
  ['GET', `${C}/outcomes`, outcomes],
  ['GET', `${C}/outcomes/{outcome_id}/history`, outcomeHistory],
  ['GET', `${C}/revisions`, revisions],
  ['GET', `${C}/revisions/{revision}`, revision],
  ['GET', `${C}/customFields`, cardCustomFields],
];
