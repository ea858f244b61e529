// Checks on request bodies. Each reader returns the value, `undefined` when
// the key is absent, and throws a 400 when the value has the wrong type: the
// API takes integers for ids, 0/1 for flags (never JSON booleans) and
// 6-hex-digit colors.

import { badRequest } from './envelope.js';
import { has, isPlainObject } from './util.js';

function fail(key, message) {
  throw badRequest(`Invalid value for '${key}': ${message}`, { [key]: message });
}

function present(body, key, nullable) {
  if (!has(body, key)) return false;
  if (body[key] === null && !nullable) fail(key, 'must not be null');
  return true;
}

export function optString(body, key, { min = 0, max = 100000, nullable = false } = {}) {
  if (!present(body, key, nullable)) return undefined;
  if (body[key] === null) return null;
  const v = body[key];
  if (typeof v !== 'string') fail(key, 'must be a string');
  if (v.length < min || v.length > max) fail(key, `length must be ${min} to ${max}`);
  return v;
}

export function reqString(body, key, opts = {}) {
  if (!has(body, key)) fail(key, 'is required');
  const v = optString(body, key, { min: 1, ...opts });
  if (v.trim() === '') fail(key, 'must not be blank');
  return v;
}

export function optInt(body, key, { min = -2147483648, max = 2147483647, nullable = false } = {}) {
  if (!present(body, key, nullable)) return undefined;
  if (body[key] === null) return null;
  const v = body[key];
  if (!Number.isInteger(v)) fail(key, 'must be an integer');
  if (v < min || v > max) fail(key, `must be between ${min} and ${max}`);
  return v;
}

export function reqInt(body, key, opts = {}) {
  if (!has(body, key)) fail(key, 'is required');
  return optInt(body, key, opts);
}

export function optNum(body, key, { min = -Infinity, max = Infinity, nullable = false } = {}) {
  if (!present(body, key, nullable)) return undefined;
  if (body[key] === null) return null;
  const v = body[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(key, 'must be a number');
  if (v < min || v > max) fail(key, `must be between ${min} and ${max}`);
  return v;
}

export function optFlag(body, key) {
  if (!present(body, key, false)) return undefined;
  const v = body[key];
  if (v !== 0 && v !== 1) fail(key, 'must be 0 or 1');
  return v;
}

export function optColor(body, key) {
  if (!present(body, key, false)) return undefined;
  const v = body[key];
  if (typeof v !== 'string' || !/^[0-9a-fA-F]{6}$/.test(v)) {
    fail(key, 'must be 6 hex digits without #');
  }
  return v.toLowerCase();
}

export function optOneOf(body, key, values) {
  if (!present(body, key, false)) return undefined;
  if (!values.includes(body[key])) fail(key, `must be one of ${values.join(', ')}`);
  return body[key];
}

export function optIntArray(body, key) {
  if (!present(body, key, false)) return undefined;
  const v = body[key];
  if (!Array.isArray(v) || !v.every(Number.isInteger)) fail(key, 'must be an array of integers');
  return v;
}

/** An array of objects; each is handed to `check(item, index)` when given. */
export function optObjects(body, key, check) {
  if (!present(body, key, false)) return undefined;
  const v = body[key];
  if (!Array.isArray(v) || !v.every(isPlainObject)) fail(key, 'must be an array of objects');
  if (check) v.forEach((item, i) => check(item, `${key}[${i}]`));
  return v;
}

/** A required integer property of a nested object. */
export function itemInt(item, key, where) {
  if (!Number.isInteger(item[key])) fail(`${where}.${key}`, 'must be an integer');
  return item[key];
}

export function itemString(item, key, where, { min = 1, max = 100000 } = {}) {
  const v = item[key];
  if (typeof v !== 'string' || v.length < min || v.length > max) {
    fail(`${where}.${key}`, `must be a string of length ${min} to ${max}`);
  }
  return v;
}

export function requireSome(body, keys) {
  if (!keys.some((k) => has(body, k))) {
    throw badRequest(`The body must hold at least one of: ${keys.join(', ')}`);
  }
}

export function invalid(key, message) {
  fail(key, message);
}
