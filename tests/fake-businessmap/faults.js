// Fault injection: a queue of rules, each answering the next N matching
// requests of one account in a broken way. Rules are consumed in the order
// they were added.

import { pathMatcher } from './router.js';

export const FAULT_KINDS = ['status', 'ratelimit', 'reset', 'delay', 'truncate', 'nonjson',
  'oversize'];

/** Kinds that let the request take effect before misbehaving. */
export const APPLY_FIRST = new Set(['delay', 'truncate', 'oversize']);

function checkSpec(spec) {
  if (!spec || !FAULT_KINDS.includes(spec.kind)) {
    throw new TypeError(`inject: kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const times = spec.times ?? 1;
  if (!Number.isInteger(times) || times < 1) {
    throw new TypeError('inject: times must be a positive integer');
  }
  return times;
}

export function createFaultQueue() {
  let rules = [];

  function add(spec) {
    const times = checkSpec(spec);
    const method = spec.method ? String(spec.method).toUpperCase() : null;
    rules.push({ ...spec, method, remaining: times, matches: pathMatcher(spec.path) });
  }

  /** Take one use of the first rule matching the request, or null. */
  function take(method, path) {
    const rule = rules.find((r) => r.remaining > 0 &&
      (!r.method || r.method === method) && r.matches(path));
    if (!rule) return null;
    rule.remaining -= 1;
    rules = rules.filter((r) => r.remaining > 0);
    return rule;
  }

  return {
    add,
    take,
    clear: () => { rules = []; },
    pending: () => rules.reduce((sum, r) => sum + r.remaining, 0),
  };
}
