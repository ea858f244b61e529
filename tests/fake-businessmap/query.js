// Query strings, as the API reads them (reference §3): list filters in the
// comma form (`ids=1,2`) or the bracket form (`ids[]=1&ids[]=2`, literal or
// percent-encoded), `expand`/`fields` only as one comma-joined value, flags
// as 0/1.

import { badRequest } from './envelope.js';

const BRACKET_KEY = /^([^[\]]+)\[(\d*)\]$/;
const STRICT_KEYS = ['expand', 'fields'];

/**
 * Parse a raw query string. Bracket keys lose their brackets and become
 * arrays; a plain key that repeats becomes an array too.
 * @returns {{query: object, bracketKeys: Set<string>, repeatedKeys: Set<string>}}
 */
export function parseQuery(rawQuery) {
  const query = {};
  const bracketKeys = new Set();
  const repeatedKeys = new Set();

  for (const [rawKey, value] of new URLSearchParams(rawQuery)) {
    const m = BRACKET_KEY.exec(rawKey);
    const key = m ? m[1] : rawKey;
    if (key === '__proto__') continue;
    if (m) bracketKeys.add(key);
    if (Object.prototype.hasOwnProperty.call(query, key)) {
      if (!m) repeatedKeys.add(key);
      query[key] = [].concat(query[key], value);
    } else {
      query[key] = m ? [value] : value;
    }
  }
  return { query, bracketKeys, repeatedKeys };
}

/** The 400 answer for `expand[]=` / `fields[]=`, or null when the query is fine. */
export function strictKeyProblem(parsed) {
  for (const key of STRICT_KEYS) {
    if (parsed.bracketKeys.has(key)) {
      return badRequest(`'${key}' must be one comma-joined value; ` +
        `the bracket form ${key}[] is not accepted`, { [key]: 'bracket form rejected' });
    }
    if (parsed.repeatedKeys.has(key)) {
      return badRequest(`'${key}' must be given once, comma-joined`,
        { [key]: 'repeated key rejected' });
    }
  }
  return null;
}

/** Every value of a list filter, comma-split, or null when absent. */
export function stringList(query, key) {
  if (!Object.prototype.hasOwnProperty.call(query, key)) return null;
  const values = [].concat(query[key]);
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function toInt(key, text) {
  if (!/^-?\d+$/.test(text)) throw badRequest(`'${key}' must hold integers`, { [key]: text });
  return Number(text);
}

export function intList(query, key) {
  const values = stringList(query, key);
  return values && values.map((v) => toInt(key, v));
}

export function numList(query, key) {
  const values = stringList(query, key);
  return values && values.map((v) => {
    const n = Number(v);
    if (!Number.isFinite(n)) throw badRequest(`'${key}' must hold numbers`, { [key]: v });
    return n;
  });
}

/** A single scalar value; a repeated key keeps the last one. */
export function single(query, key) {
  if (!Object.prototype.hasOwnProperty.call(query, key)) return null;
  const v = query[key];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function intParam(query, key, { min = -Infinity, max = Infinity } = {}) {
  const v = single(query, key);
  if (v === null) return null;
  const n = toInt(key, v);
  if (n < min || n > max) {
    throw badRequest(`'${key}' must be between ${min} and ${max}`, { [key]: v });
  }
  return n;
}

export function flagParam(query, key) {
  const v = single(query, key);
  if (v === null) return null;
  if (v !== '0' && v !== '1') {
    throw badRequest(`'${key}' must be 0 or 1`, { [key]: v });
  }
  return Number(v);
}

/** `expand` or `fields` as a list, checked against `allowed` when given. */
export function commaOption(query, key, allowed) {
  const values = stringList(query, key);
  if (!values) return null;
  const unknown = allowed ? values.filter((v) => !allowed.includes(v)) : [];
  if (unknown.length) {
    throw badRequest(`Unknown ${key} value: ${unknown.join(', ')}`, { [key]: unknown });
  }
  return values;
}

/** Filter `items` on an optional list: keep those whose `get(item)` is in it. */
export function byList(items, list, get) {
  if (!list) return items;
  return items.filter((item) => list.includes(get(item)));
}

/** Filter on an optional flag value. */
export function byFlag(items, flag, get) {
  if (flag === null) return items;
  return items.filter((item) => get(item) === flag);
}

/**
 * Page a list the way /cards and /loggedTime do: `page` >= 1 (default 1),
 * `per_page` default 200, capped at 1000.
 */
export function paginate(items, query) {
  const page = intParam(query, 'page', { min: 1 }) ?? 1;
  let perPage = intParam(query, 'per_page', { min: 1 }) ?? 200;
  perPage = Math.min(perPage, 1000);
  const start = (page - 1) * perPage;
  return {
    pagination: {
      all_pages: Math.ceil(items.length / perPage),
      current_page: page,
      results_per_page: perPage,
    },
    data: items.slice(start, start + perPage),
  };
}
