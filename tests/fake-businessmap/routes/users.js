// Users, the current user and invitations (reference §7.14). /me is the
// connectivity check; /info does not exist and falls through to 404.

import { conflict, ok } from '../envelope.js';
import { byFlag, byList, commaOption, flagParam, intList } from '../query.js';
import { invalid, optFlag, reqString } from '../validate.js';
import { mustFind, nextId, project, today } from '../util.js';

const USER_KEYS = ['user_id', 'email', 'username', 'realname', 'avatar', 'is_enabled',
  'is_confirmed', 'is_tfa_enabled', 'registration_date', 'timezone', 'language', 'attributes'];

function list({ store, query }) {
  const fields = commaOption(query, 'fields', USER_KEYS);
  commaOption(query, 'expand');
  let items = byList(store.users, intList(query, 'user_ids'), (u) => u.user_id);
  items = byFlag(items, flagParam(query, 'is_enabled'), (u) => u.is_enabled);
  items = byFlag(items, flagParam(query, 'is_confirmed'), (u) => u.is_confirmed);
  flagParam(query, 'if_assigned_where_i_am');
  return ok(project(items.map((u) => ({ ...u })), fields));
}

function get({ store, params }) {
  return ok({ ...mustFind(store.users, 'user_id', params.user_id, 'User') });
}

function me({ store }) {
  return ok({ ...store.users.find((u) => u.user_id === store.me) });
}

function invite({ store, body }) {
  const email = reqString(body, 'email', { min: 3, max: 254 });
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) invalid('email', 'is not an e-mail address');
  optFlag(body, 'do_not_send_confirmation_email');
  if (store.users.some((u) => u.email.toLowerCase() === email.toLowerCase())) {
    throw conflict(`A user with the e-mail ${email} already exists`);
  }
  const username = email.split('@')[0];
  const user = {
    user_id: nextId(store), email, username, realname: username, avatar: '', is_enabled: 1,
    is_confirmed: 0, is_tfa_enabled: 0, registration_date: today(), timezone: 'UTC',
    language: 'en', attributes: [],
  };
  store.users.push(user);
  return ok({ ...user });
}

export const routes = [
  ['GET', '/users', list],
  ['GET', '/users/{user_id}', get],
  ['POST', '/users/invite', invite],
  ['GET', '/me', me],
];
