// Small helpers for the in-memory store: id allocation, lookups, clocks and
// object shaping. Nothing here knows about HTTP.

import { notFound } from './envelope.js';

/** Allocate the next id of an account; ids are unique across all types. */
export function nextId(store) {
  store.seq += 1;
  return store.seq;
}

/** The current time as the API writes it: ISO 8601, seconds, UTC. */
export function nowIso() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function today() {
  return nowIso().slice(0, 10);
}

/** Find `list` item whose `key` equals `id`, or throw a 404 naming `what`. */
export function mustFind(list, key, id, what) {
  const item = list.find((x) => x[key] === id);
  if (!item) throw notFound(what, id);
  return item;
}

export function clone(value) {
  return value === undefined ? undefined : structuredClone(value);
}

/** A deep copy holding only `keys` (those present on `obj`). */
export function pick(obj, keys) {
  const out = {};
  for (const k of keys) {
    if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = clone(obj[k]);
  }
  return out;
}

/** A deep copy without `keys`. */
export function omit(obj, keys) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!keys.includes(k)) out[k] = clone(v);
  }
  return out;
}

export function removeWhere(list, predicate) {
  for (let i = list.length - 1; i >= 0; i--) {
    if (predicate(list[i])) list.splice(i, 1);
  }
}

export function has(obj, key) {
  return obj !== null && typeof obj === 'object' &&
    Object.prototype.hasOwnProperty.call(obj, key);
}

export function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Apply a `fields=a,b` projection to a list of objects; null keeps all. */
export function project(items, fields, keep = []) {
  if (!fields) return items;
  const keys = fields.concat(keep);
  return items.map((item) => pick(item, keys));
}
