// Custom-field definitions, their allowed values and their use on boards,
// plus card types and tags (reference §7.10, §7.12, §7.13). Definition
// writes need admin rights: an account started with `admin: false` gets
// 403 on them.

import { badRequest, forbidden, noContent, notFound, ok } from '../envelope.js';
import {
  byFlag, byList, commaOption, flagParam, intList, single, stringList,
} from '../query.js';
import {
  invalid, optColor, optFlag, optInt, optNum, optOneOf, optString, reqString,
} from '../validate.js';
import { has, isPlainObject, mustFind, nextId, omit, pick, project, removeWhere } from '../util.js';
import { findBoard } from './boards.js';

export const FIELD_TYPES = ['single_line_text', 'multi_line_text', 'number', 'date', 'link',
  'dropdown', 'contributor', 'file', 'vote', 'card_picker'];
const FIELD_EXPANDS = ['allowed_values', 'boards', 'board_count', 'card_ids', 'card_count',
  'outcome_count', 'default_contributors', 'business_rules'];
const FLAG_KEYS = ['is_immutable', 'is_always_present', 'all_properties_are_locked',
  'is_enabled', 'value_is_required', 'value_with_time', 'value_is_rich_text',
  'allowed_values_are_locked', 'allow_other_value', 'comment_is_required'];
const COUNT_KEYS = ['min_number_of_values', 'max_number_of_values',
  'min_number_of_contributors', 'max_number_of_contributors', 'min_number_of_files',
  'max_number_of_files', 'min_number_of_selected_cards', 'max_number_of_selected_cards'];
const BOARD_FIELD_KEYS = ['field_id', 'board_id', 'position', 'color', 'is_always_present',
  'value_is_required', 'default_value', 'inherit_default_value', 'unique_values',
  ...COUNT_KEYS];

function requireAdmin(store) {
  if (!store.admin) {
    throw forbidden('You do not have the rights to manage custom-field definitions');
  }
}

const findField = (store, id) => mustFind(store.customFields, 'field_id', id, 'Custom field');

function defaultValue(body) {
  if (!has(body, 'default_value')) return undefined;
  const v = body.default_value;
  if (typeof v !== 'string' && typeof v !== 'number') {
    invalid('default_value', 'must be a string or number');
  }
  return v;
}

/** The optional definition keys of a POST or PATCH body, checked. */
function definitionProps(body) {
  const out = {
    color: optColor(body, 'color'),
    availability: optOneOf(body, 'availability', [0, 1, 2]),
    display_width: optOneOf(body, 'display_width', [1, 2]),
    uniqueness_of_values: optOneOf(body, 'uniqueness_of_values', [0, 1, 2]),
    decimal_places: optInt(body, 'decimal_places', { min: 0, max: 8 }),
    min_value: optNum(body, 'min_value'),
    max_value: optNum(body, 'max_value'),
    prefix: optString(body, 'prefix'),
    suffix: optString(body, 'suffix'),
    search: optString(body, 'search'),
    description: optString(body, 'description'),
    default_value: defaultValue(body),
  };
  for (const key of FLAG_KEYS) out[key] = optFlag(body, key);
  for (const key of COUNT_KEYS) out[key] = optInt(body, key, { min: 0 });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function addAllowedValue(store, field, spec, where) {
  const value = reqString(spec, 'value', { max: 250 });
  if (field.allowed_values.some((a) => a.value === value)) {
    invalid(where, `the value '${value}' already exists`);
  }
  const isDefault = optFlag(spec, 'is_default') ?? 0;
  if (isDefault) field.allowed_values.forEach((a) => { a.is_default = 0; });
  const item = { value_id: nextId(store), value,
    position: optInt(spec, 'position', { min: 0 }) ?? field.allowed_values.length,
    is_enabled: 1, is_default: isDefault };
  field.allowed_values.push(item);
  return item;
}

function allowedValuesFromBody(store, field, body) {
  if (!has(body, 'allowed_values')) return;
  if (field.type !== 'dropdown') invalid('allowed_values', 'only dropdown fields have them');
  if (!Array.isArray(body.allowed_values) || !body.allowed_values.every(isPlainObject)) {
    invalid('allowed_values', 'must be an array of objects');
  }
  for (const spec of body.allowed_values) {
    if (!field.allowed_values.some((a) => a.value === spec.value)) {
      addAllowedValue(store, field, spec, 'allowed_values');
    }
  }
}

function fieldCards(store, fieldId) {
  return store.cards.filter((c) => c.custom_fields.some((v) => v.field_id === fieldId));
}

function showField(store, field, expand) {
  const out = expand && !expand.includes('allowed_values') ? omit(field, ['allowed_values'])
    : pick(field, Object.keys(field));
  const boards = store.boardFields.filter((b) => b.field_id === field.field_id);
  for (const key of expand || []) {
    if (key === 'boards') out.boards = boards.map((b) => ({ board_id: b.board_id }));
    if (key === 'board_count') out.board_count = boards.length;
    if (key === 'card_ids') out.card_ids = fieldCards(store, field.field_id).map((c) => c.card_id);
    if (key === 'card_count') out.card_count = fieldCards(store, field.field_id).length;
    if (key === 'outcome_count') out.outcome_count = 0;
    if (key === 'default_contributors') out.default_contributors = [];
    if (key === 'business_rules') out.business_rules = [];
  }
  return out;
}

function listFields({ store, query }) {
  const expand = commaOption(query, 'expand', FIELD_EXPANDS) || [];
  let items = byList(store.customFields, intList(query, 'field_ids'), (f) => f.field_id);
  const name = single(query, 'name');
  if (name !== null) items = items.filter((f) => f.name === name);
  items = byList(items, stringList(query, 'types'), (f) => f.type);
  items = byList(items, intList(query, 'availability'), (f) => f.availability);
  for (const flag of ['is_enabled', 'is_immutable', 'is_always_present']) {
    items = byFlag(items, flagParam(query, flag), (f) => f[flag]);
  }
  return ok(items.map((f) => showField(store, f, expand)));
}

function getField({ store, params }) {
  return ok(omit(showField(store, findField(store, params.field_id)), ['field_id']));
}

function createField({ store, body }) {
  requireAdmin(store);
  const name = reqString(body, 'name', { max: 255 });
  const type = optOneOf(body, 'type', FIELD_TYPES);
  if (type === undefined) invalid('type', `is required, one of ${FIELD_TYPES.join(', ')}`);
  const field = { field_id: nextId(store), name, type, color: 'cccccc', is_immutable: 0,
    is_always_present: 0, all_properties_are_locked: 0, availability: 0, is_enabled: 1,
    ...definitionProps(body) };
  if (type === 'dropdown') field.allowed_values = [];
  allowedValuesFromBody(store, field, body);
  store.customFields.push(field);
  return ok(showField(store, field));
}

function updateField({ store, params, body }) {
  requireAdmin(store);
  const field = findField(store, params.field_id);
  if (has(body, 'type') && body.type !== field.type) {
    throw badRequest("A custom field's type cannot change", { type: 'immutable' });
  }
  const name = optString(body, 'name', { min: 1, max: 255 });
  Object.assign(field, definitionProps(body), name === undefined ? {} : { name });
  allowedValuesFromBody(store, field, body);
  return ok(omit(showField(store, field), ['field_id']));
}

function deleteField({ store, params }) {
  requireAdmin(store);
  const field = findField(store, params.field_id);
  removeWhere(store.customFields, (f) => f === field);
  removeWhere(store.boardFields, (b) => b.field_id === field.field_id);
  for (const card of store.cards) {
    card.custom_fields = card.custom_fields.filter((v) => v.field_id !== field.field_id);
  }
  return noContent();
}

function fieldBoards({ store, params }) {
  findField(store, params.field_id);
  return ok(store.boardFields.filter((b) => b.field_id === params.field_id)
    .map((b) => pick(b, BOARD_FIELD_KEYS)));
}

function fieldCardValues({ store, params }) {
  findField(store, params.field_id);
  return ok(fieldCards(store, params.field_id).map((c) => ({
    card_id: c.card_id, board_id: c.board_id,
    ...omit(c.custom_fields.find((v) => v.field_id === params.field_id), ['field_id']),
  })));
}

function dropdownField(store, id) {
  const field = findField(store, id);
  if (field.type !== 'dropdown') throw badRequest(`Custom field ${id} is not a dropdown`);
  return field;
}

function postAllowedValue({ store, params, body }) {
  requireAdmin(store);
  const field = dropdownField(store, params.field_id);
  return ok({ ...addAllowedValue(store, field, body || {}, 'value') });
}

function patchAllowedValue({ store, params, body }) {
  requireAdmin(store);
  const field = dropdownField(store, params.field_id);
  const item = field.allowed_values.find((a) => a.value_id === params.value_id);
  if (!item) throw notFound('Allowed value', params.value_id);
  const value = optString(body, 'value', { min: 1, max: 250 });
  if (value !== undefined && field.allowed_values.some((a) => a !== item && a.value === value)) {
    invalid('value', `the value '${value}' already exists`);
  }
  const changes = { value, position: optInt(body, 'position', { min: 0 }),
    is_enabled: optFlag(body, 'is_enabled'), is_default: optFlag(body, 'is_default') };
  if (changes.is_default === 1) field.allowed_values.forEach((a) => { a.is_default = 0; });
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) item[k] = v;
  return ok({ ...item });
}

// ---- custom fields on boards ----

function boardFieldProps(body) {
  const out = {
    position: optInt(body, 'position', { min: 0 }),
    color: optColor(body, 'color'),
    is_always_present: optFlag(body, 'is_always_present'),
    value_is_required: optFlag(body, 'value_is_required'),
    default_value: defaultValue(body),
    inherit_default_value: optFlag(body, 'inherit_default_value'),
    unique_values: optFlag(body, 'unique_values'),
  };
  for (const key of COUNT_KEYS) out[key] = optInt(body, key, { min: 0 });
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function boardFields({ store, params }) {
  findBoard(store, params.board_id);
  return ok(store.boardFields.filter((b) => b.board_id === params.board_id)
    .sort((a, b) => a.position - b.position).map((b) => pick(b, BOARD_FIELD_KEYS)));
}

function putBoardField({ store, params, body }) {
  findBoard(store, params.board_id);
  const field = findField(store, params.field_id);
  const props = boardFieldProps(body);
  let entry = store.boardFields.find((b) => b.board_id === params.board_id &&
    b.field_id === params.field_id);
  if (!entry) {
    entry = { board_id: params.board_id, field_id: params.field_id,
      position: store.boardFields.filter((b) => b.board_id === params.board_id).length,
      color: field.color, is_always_present: 0, value_is_required: 0, default_value: '',
      inherit_default_value: 1, unique_values: 0 };
    store.boardFields.push(entry);
  }
  Object.assign(entry, props);
  return ok(pick(entry, BOARD_FIELD_KEYS));
}

function attached(store, params) {
  findBoard(store, params.board_id);
  findField(store, params.field_id);
  const entry = store.boardFields.find((b) => b.board_id === params.board_id &&
    b.field_id === params.field_id);
  if (!entry) throw notFound(`Custom field ${params.field_id} on board`, params.board_id);
  return entry;
}

function patchBoardField({ store, params, body }) {
  const entry = attached(store, params);
  Object.assign(entry, boardFieldProps(body));
  return ok(pick(entry, BOARD_FIELD_KEYS));
}

function deleteBoardField({ store, params }) {
  const entry = attached(store, params);
  removeWhere(store.boardFields, (b) => b === entry);
  return noContent();
}

// ---- card types and tags ----

function listCardTypes({ store, query }) {
  const fields = commaOption(query, 'fields');
  commaOption(query, 'expand');
  let items = byList(store.cardTypes, intList(query, 'type_ids'), (t) => t.type_id);
  const name = single(query, 'name');
  if (name !== null) items = items.filter((t) => t.name === name);
  items = byFlag(items, flagParam(query, 'is_enabled'), (t) => t.is_enabled);
  items = byList(items, intList(query, 'availability'), (t) => t.availability);
  return ok(project(items.map((t) => ({ ...t })), fields));
}

function listTags({ store, query }) {
  const fields = commaOption(query, 'fields');
  commaOption(query, 'expand');
  let items = byList(store.tags, intList(query, 'tag_ids'), (t) => t.tag_id);
  const label = single(query, 'label');
  if (label !== null) items = items.filter((t) => t.label === label);
  items = byList(items, intList(query, 'availability'), (t) => t.availability);
  items = byFlag(items, flagParam(query, 'is_enabled'), (t) => t.is_enabled);
  return ok(project(items.map((t) => ({ ...t })), fields));
}

function createTag({ store, body }) {
  const label = reqString(body, 'label', { max: 250 });
  if (store.tags.some((t) => t.label === label)) {
    invalid('label', `a tag labelled '${label}' already exists`);
  }
  const tag = { tag_id: nextId(store), label, color: optColor(body, 'color') ?? 'cccccc',
    availability: optOneOf(body, 'availability', [0, 1, 2]) ?? 0,
    is_enabled: optFlag(body, 'is_enabled') ?? 1 };
  store.tags.push(tag);
  return ok({ ...tag });
}

const F = '/customFields/{field_id}';
const BF = '/boards/{board_id}/customFields';
export const routes = [
  ['GET', '/customFields', listFields],
  ['POST', '/customFields', createField],
  ['GET', F, getField],
  ['PATCH', F, updateField],
  ['DELETE', F, deleteField],
  ['GET', `${F}/boards`, fieldBoards],
  ['GET', `${F}/cards`, fieldCardValues],
  ['POST', `${F}/allowedValues`, postAllowedValue],
  ['PATCH', `${F}/allowedValues/{value_id}`, patchAllowedValue],
  ['GET', BF, boardFields],
  ['PUT', `${BF}/{field_id}`, putBoardField],
  ['PATCH', `${BF}/{field_id}`, patchBoardField],
  ['DELETE', `${BF}/{field_id}`, deleteBoardField],
  ['GET', '/cardTypes', listCardTypes],
  ['GET', '/tags', listTags],
  ['POST', '/tags', createTag],
];
