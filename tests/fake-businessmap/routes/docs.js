// Docs and personal docs (reference §7.16). The docs list is nested in
// `data.result` (quirk 12) and, like the personal-docs list, has no content.

import { ok } from '../envelope.js';
import { byFlag, byList, flagParam, intList, single } from '../query.js';
import { invalid, optFlag, optInt, optString, reqString } from '../validate.js';
import { mustFind, nextId, nowIso, pick } from '../util.js';

const DOC_LIST_KEYS = ['doc_id', 'parent_doc_id', 'title', 'is_archived', 'is_important',
  'position', 'show_in_main_doc_list', 'updated_at', 'author_id', 'size'];
const DOC_KEYS = [...DOC_LIST_KEYS, 'content', 'everyone_can_edit', 'everyone_can_comment',
  'everyone_can_view', 'created_at'];
const PERSONAL_LIST_KEYS = ['doc_id', 'title', 'position', 'updated_at', 'size'];
const PERSONAL_KEYS = [...PERSONAL_LIST_KEYS, 'content', 'created_at'];

const findDoc = (store, id) => mustFind(store.docs, 'doc_id', id, 'Doc');
const findPersonal = (store, id) => mustFind(store.personalDocs, 'doc_id', id, 'Personal doc');

function titled(items, query) {
  const title = single(query, 'title');
  if (title === null) return items;
  return items.filter((d) => d.title.toLowerCase().includes(title.toLowerCase()));
}

function listDocs({ store, query }) {
  let items = byList(store.docs, intList(query, 'doc_ids'), (d) => d.doc_id);
  items = titled(items, query);
  for (const flag of ['is_archived', 'show_in_main_doc_list', 'is_important', 'for_welcome']) {
    items = byFlag(items, flagParam(query, flag), (d) => d[flag]);
  }
  items = byList(items, intList(query, 'parent_doc_ids'), (d) => d.parent_doc_id);
  return ok({ result: items.map((d) => pick(d, DOC_LIST_KEYS)), fully_hidden_docs: [],
    docs_without_owners: [] });
}

function getDoc({ store, params }) {
  return ok(pick(findDoc(store, params.doc_id), DOC_KEYS));
}

function docProps(store, body) {
  const out = {
    content: optString(body, 'content'),
    is_important: optFlag(body, 'is_important'),
    for_welcome: optFlag(body, 'for_welcome'),
    is_archived: optFlag(body, 'is_archived'),
    show_in_main_doc_list: optFlag(body, 'show_in_main_doc_list'),
    parent_doc_id: optInt(body, 'parent_doc_id', { min: 1, nullable: true }),
    position: optInt(body, 'position', { min: 0 }),
  };
  if (out.parent_doc_id && !store.docs.some((d) => d.doc_id === out.parent_doc_id)) {
    invalid('parent_doc_id', `unknown doc ${out.parent_doc_id}`);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function touch(doc) {
  doc.updated_at = nowIso();
  doc.size = doc.content.length;
}

function createDoc({ store, body }) {
  const title = reqString(body, 'title', { max: 1000 });
  const at = nowIso();
  const doc = {
    doc_id: nextId(store), parent_doc_id: null, title, is_archived: 0, is_important: 0,
    position: store.docs.length, show_in_main_doc_list: 1, for_welcome: 0, updated_at: at,
    author_id: store.me, size: 0, content: '', everyone_can_edit: 0, everyone_can_comment: 1,
    everyone_can_view: 1, created_at: at, ...docProps(store, body),
  };
  touch(doc);
  store.docs.push(doc);
  return ok(pick(doc, DOC_KEYS));
}

function updateDoc({ store, params, body }) {
  const doc = findDoc(store, params.doc_id);
  const title = optString(body, 'title', { min: 1, max: 1000 });
  const props = docProps(store, body);
  if (props.parent_doc_id === doc.doc_id) invalid('parent_doc_id', 'a doc cannot parent itself');
  Object.assign(doc, props, title === undefined ? {} : { title });
  touch(doc);
  return ok(pick(doc, DOC_KEYS));
}

function listPersonal({ store, query }) {
  let items = byList(store.personalDocs, intList(query, 'doc_ids'), (d) => d.doc_id);
  items = titled(items, query);
  return ok(items.map((d) => pick(d, PERSONAL_LIST_KEYS)));
}

function getPersonal({ store, params }) {
  return ok(pick(findPersonal(store, params.doc_id), PERSONAL_KEYS));
}

function createPersonal({ store, body }) {
  const at = nowIso();
  const doc = { doc_id: nextId(store), title: reqString(body, 'title', { max: 1000 }),
    position: optInt(body, 'position', { min: 0 }) ?? store.personalDocs.length,
    updated_at: at, size: 0, content: optString(body, 'content') ?? '', created_at: at };
  touch(doc);
  store.personalDocs.push(doc);
  return ok(pick(doc, PERSONAL_KEYS));
}

function updatePersonal({ store, params, body }) {
  const doc = findPersonal(store, params.doc_id);
  const changes = { title: optString(body, 'title', { min: 1, max: 1000 }),
    content: optString(body, 'content'), position: optInt(body, 'position', { min: 0 }) };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) doc[k] = v;
  touch(doc);
  return ok(pick(doc, PERSONAL_KEYS));
}

export const routes = [
  ['GET', '/docs', listDocs],
  ['POST', '/docs', createDoc],
  ['GET', '/docs/{doc_id}', getDoc],
  ['PATCH', '/docs/{doc_id}', updateDoc],
  ['GET', '/personalDocs', listPersonal],
  ['POST', '/personalDocs', createPersonal],
  ['GET', '/personalDocs/{doc_id}', getPersonal],
  ['PATCH', '/personalDocs/{doc_id}', updatePersonal],
];
