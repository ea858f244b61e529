// Custom-field values on cards: the CustomFieldValueWrite items of
// `custom_fields_to_add_or_update` (reference §7.6) turned into the
// CardCustomFieldValue shape of §8.12.

import { badRequest } from './envelope.js';
import { nextId } from './util.js';

const SIMPLE_TYPES = ['single_line_text', 'multi_line_text', 'number', 'date', 'link'];

function fieldDef(store, fieldId, where) {
  const def = store.customFields.find((f) => f.field_id === fieldId);
  if (!def) throw badRequest(`Unknown custom field ${fieldId}`, { [where]: 'unknown field_id' });
  return def;
}

function ids(list, where) {
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every(Number.isInteger)) {
    throw badRequest(`'${where}' must be an array of integers`);
  }
  return list;
}

function objects(list, where) {
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((x) => x && typeof x === 'object')) {
    throw badRequest(`'${where}' must be an array of objects`);
  }
  return list;
}

function setSimple(def, slot, write, where) {
  const v = write.value;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw badRequest(`'${where}.value' must be a string`);
  }
  if (def.type === 'number' && !Number.isFinite(Number(v))) {
    throw badRequest(`'${where}.value' must be numeric for a number field`);
  }
  slot.value = v;
  slot.display_value = `${def.prefix || ''}${v}${def.suffix || ''}`;
}

function setDropdown(def, slot, write, where) {
  slot.values = slot.values || [];
  for (const sel of objects(write.selected_values_to_add_or_update, where)) {
    if (!def.allowed_values.some((a) => a.value_id === sel.value_id)) {
      throw badRequest(`Unknown value_id ${sel.value_id} for field ${def.field_id}`);
    }
    slot.values = slot.values.filter((x) => x.value_id !== sel.value_id);
    slot.values.push({ value_id: sel.value_id, position: sel.position ?? slot.values.length });
  }
  const drop = ids(write.selected_value_ids_to_remove, where);
  slot.values = slot.values.filter((x) => !drop.includes(x.value_id));
  if (typeof write.other_value === 'string') slot.other_value = write.other_value;
  const labels = slot.values.map((x) => def.allowed_values
    .find((a) => a.value_id === x.value_id)?.value).filter(Boolean);
  if (slot.other_value) labels.push(slot.other_value);
  slot.value = labels.join(', ');
  slot.display_value = slot.value;
}

function setContributors(store, slot, write, where) {
  slot.contributors = slot.contributors || [];
  for (const id of ids(write.contributor_ids_to_add, where)) {
    if (!store.users.some((u) => u.user_id === id)) throw badRequest(`Unknown user ${id}`);
    if (!slot.contributors.some((c) => c.user_id === id)) slot.contributors.push({ user_id: id });
  }
  const drop = ids(write.contributor_ids_to_remove, where);
  slot.contributors = slot.contributors.filter((c) => !drop.includes(c.user_id));
  slot.value = slot.contributors.map((c) => c.user_id).join(',');
  slot.display_value = slot.value;
}

function setFiles(store, slot, write, where) {
  slot.files = slot.files || [];
  for (const f of objects(write.files_to_add, where)) {
    slot.files.push({ id: nextId(store), file_name: String(f.file_name ?? ''),
      link: String(f.link ?? ''), position: f.position ?? slot.files.length });
  }
  for (const f of objects(write.files_to_update, where)) {
    const file = slot.files.find((x) => x.id === f.id);
    if (file) Object.assign(file, pickDefined(f, ['file_name', 'link', 'position']));
  }
  const drop = ids(write.file_ids_to_remove, where);
  slot.files = slot.files.filter((f) => !drop.includes(f.id));
  slot.value = slot.files.map((f) => f.file_name).join(', ');
  slot.display_value = slot.value;
}

function setVote(store, slot, write) {
  slot.votes = (slot.votes || []).filter((v) => v.user_id !== store.me);
  if (write.vote === 1) {
    slot.votes.push({ vote: 1, comment: String(write.comment ?? ''), user_id: store.me });
  }
  slot.value = String(slot.votes.length);
  slot.display_value = slot.value;
}

function setCardPicker(store, slot, write, where) {
  slot.selected_cards = slot.selected_cards || [];
  for (const sel of objects(write.selected_cards_to_add_or_update, where)) {
    if (!store.cards.some((c) => c.card_id === sel.selected_card_id)) {
      throw badRequest(`Unknown card ${sel.selected_card_id}`);
    }
    slot.selected_cards = slot.selected_cards
      .filter((x) => x.selected_card_id !== sel.selected_card_id);
    slot.selected_cards.push({ selected_card_id: sel.selected_card_id,
      position: sel.position ?? slot.selected_cards.length });
  }
  const drop = ids(write.selected_card_ids_to_remove, where);
  slot.selected_cards = slot.selected_cards.filter((x) => !drop.includes(x.selected_card_id));
  slot.value = slot.selected_cards.map((x) => x.selected_card_id).join(',');
  slot.display_value = slot.value;
}

function pickDefined(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Apply one CustomFieldValueWrite to `card`. */
export function writeCardValue(store, card, write, where) {
  if (!write || !Number.isInteger(write.field_id)) {
    throw badRequest(`'${where}.field_id' must be an integer`);
  }
  const def = fieldDef(store, write.field_id, where);
  let slot = card.custom_fields.find((v) => v.field_id === def.field_id);
  const fresh = !slot;
  if (fresh) slot = { field_id: def.field_id, value: '', display_value: '' };

  if (SIMPLE_TYPES.includes(def.type)) setSimple(def, slot, write, where);
  else if (def.type === 'dropdown') setDropdown(def, slot, write, where);
  else if (def.type === 'contributor') setContributors(store, slot, write, where);
  else if (def.type === 'file') setFiles(store, slot, write, where);
  else if (def.type === 'vote') setVote(store, slot, write);
  else if (def.type === 'card_picker') setCardPicker(store, slot, write, where);

  if (fresh) card.custom_fields.push(slot);
}

export function removeCardValues(card, fieldIds) {
  card.custom_fields = card.custom_fields.filter((v) => !fieldIds.includes(v.field_id));
}
