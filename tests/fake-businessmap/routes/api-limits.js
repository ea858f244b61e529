// The account's request limits (reference §5): [{types, limit}].

import { ok } from '../envelope.js';
import { clone } from '../util.js';

function limits({ store }) {
  return ok(clone(store.apiLimits));
}

export const routes = [
  ['GET', '/apiLimits', limits],
];
