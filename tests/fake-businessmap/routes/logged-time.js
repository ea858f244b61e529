// Logged time (reference §7.15): paginated like /cards, but with
// `pagination` at the top level next to `data`.

import { badRequest, raw } from '../envelope.js';
import { byList, flagParam, intList, paginate, single } from '../query.js';
import { clone } from '../util.js';

function dateBound(query, key) {
  const v = single(query, key);
  if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    throw badRequest(`'${key}' must be a date`, { [key]: v });
  }
  return v;
}

function timeBound(query, key) {
  const v = single(query, key);
  if (v !== null && Number.isNaN(Date.parse(v))) {
    throw badRequest(`'${key}' must be a date-time`, { [key]: v });
  }
  return v === null ? null : Date.parse(v);
}

function list({ store, query }) {
  let items = byList(store.loggedTime, intList(query, 'card_ids'), (t) => t.card_id);
  items = byList(items, intList(query, 'user_ids'), (t) => t.user_id);
  if (flagParam(query, 'include_logged_time_for_subtasks') === 0) {
    items = items.filter((t) => t.subtask_id === null);
  }
  const from = dateBound(query, 'from_date');
  const to = dateBound(query, 'to_date');
  const loggedFrom = timeBound(query, 'logged_from');
  const loggedTo = timeBound(query, 'logged_to');
  const loggedFromDate = dateBound(query, 'logged_from_date');
  const loggedToDate = dateBound(query, 'logged_to_date');
  items = items.filter((t) => (from === null || t.date >= from) &&
    (to === null || t.date <= to) &&
    (loggedFrom === null || Date.parse(t.logged_at) >= loggedFrom) &&
    (loggedTo === null || Date.parse(t.logged_at) <= loggedTo) &&
    (loggedFromDate === null || t.logged_at.slice(0, 10) >= loggedFromDate) &&
    (loggedToDate === null || t.logged_at.slice(0, 10) <= loggedToDate));
  const page = paginate(items, query);
  return raw({ pagination: page.pagination, data: page.data.map(clone) });
}

export const routes = [
  ['GET', '/loggedTime', list],
];
