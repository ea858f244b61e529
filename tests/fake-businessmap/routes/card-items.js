// Comments and subtasks of a card (reference §7.7, §7.8). The single-comment
// GET leaves out `comment_id` (quirk 10).

import { noContent, notFound, ok } from '../envelope.js';
import { COMMENT_KEYS, SUBTASK_KEYS, cardComments, cardSubtasks } from '../cards-model.js';
import { addSubtask, writeAttachments } from '../card-writes.js';
import { invalid, optFlag, optInt, optString, reqString } from '../validate.js';
import { nextId, nowIso, omit, pick, removeWhere } from '../util.js';
import { findCard } from './cards.js';

function findComment(store, cardId, commentId) {
  findCard(store, cardId);
  const c = store.comments.find((x) => x.comment_id === commentId && x.card_id === cardId);
  if (!c) throw notFound('Comment', commentId);
  return c;
}

function findSubtask(store, cardId, subtaskId) {
  findCard(store, cardId);
  const s = store.subtasks.find((x) => x.subtask_id === subtaskId && x.card_id === cardId);
  if (!s) throw notFound('Subtask', subtaskId);
  return s;
}

function listComments({ store, params }) {
  findCard(store, params.card_id);
  return ok(cardComments(store, params.card_id).map((c) => pick(c, COMMENT_KEYS)));
}

function getComment({ store, params }) {
  const c = findComment(store, params.card_id, params.comment_id);
  return ok(omit(pick(c, COMMENT_KEYS), ['comment_id']));
}

function createComment({ store, params, body }) {
  findCard(store, params.card_id);
  const at = nowIso();
  const comment = {
    comment_id: nextId(store), card_id: params.card_id, type: 'plain',
    text: reqString(body, 'text', { max: 100000 }), attachments: [], created_at: at,
    last_modified: at, author: { type: 'internal', value: store.me },
  };
  writeAttachments(store, comment, body);
  store.comments.push(comment);
  return ok(pick(comment, COMMENT_KEYS));
}

function updateComment({ store, params, body }) {
  const comment = findComment(store, params.card_id, params.comment_id);
  const text = optString(body, 'text', { min: 1, max: 100000 });
  if (text !== undefined) {
    if (text.trim() === '') invalid('text', 'must not be blank');
    comment.text = text;
  }
  writeAttachments(store, comment, body);
  comment.last_modified = nowIso();
  return ok(pick(comment, COMMENT_KEYS));
}

function deleteComment({ store, params }) {
  findComment(store, params.card_id, params.comment_id);
  removeWhere(store.comments, (c) => c.comment_id === params.comment_id);
  return noContent();
}

function listSubtasks({ store, params }) {
  findCard(store, params.card_id);
  return ok(cardSubtasks(store, params.card_id).map((s) => pick(s, SUBTASK_KEYS)));
}

function getSubtask({ store, params }) {
  return ok(pick(findSubtask(store, params.card_id, params.subtask_id), SUBTASK_KEYS));
}

function createSubtask({ store, params, body }) {
  findCard(store, params.card_id);
  return ok(pick(addSubtask(store, params.card_id, body || {}), SUBTASK_KEYS));
}

function updateSubtask({ store, params, body }) {
  const s = findSubtask(store, params.card_id, params.subtask_id);
  const description = optString(body, 'description', { min: 1, max: 10000 });
  const owner = optInt(body, 'owner_user_id', { min: 1, nullable: true });
  if (owner && !store.users.some((u) => u.user_id === owner)) {
    invalid('owner_user_id', `unknown user ${owner}`);
  }
  const finished = optFlag(body, 'is_finished');
  const deadline = optString(body, 'deadline', { nullable: true });
  const position = optInt(body, 'position', { min: 0 });
  if (description !== undefined) s.description = description;
  if (owner !== undefined) s.owner_user_id = owner;
  if (finished === 1 && !s.finished_at) s.finished_at = nowIso();
  if (finished === 0) s.finished_at = null;
  if (deadline !== undefined) s.deadline = deadline;
  if (position !== undefined) s.position = position;
  writeAttachments(store, s, body);
  return ok(pick(s, SUBTASK_KEYS));
}

function deleteSubtask({ store, params }) {
  findSubtask(store, params.card_id, params.subtask_id);
  removeWhere(store.subtasks, (s) => s.subtask_id === params.subtask_id);
  return noContent();
}

const C = '/cards/{card_id}';
export const routes = [
  ['GET', `${C}/comments`, listComments],
  ['POST', `${C}/comments`, createComment],
  ['GET', `${C}/comments/{comment_id}`, getComment],
  ['PATCH', `${C}/comments/{comment_id}`, updateComment],
  ['DELETE', `${C}/comments/{comment_id}`, deleteComment],
  ['GET', `${C}/subtasks`, listSubtasks],
  ['POST', `${C}/subtasks`, createSubtask],
  ['GET', `${C}/subtasks/{subtask_id}`, getSubtask],
  ['PATCH', `${C}/subtasks/{subtask_id}`, updateSubtask],
  ['DELETE', `${C}/subtasks/{subtask_id}`, deleteSubtask],
];
