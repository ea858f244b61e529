// The HTTP side of the fake BusinessMap API: account resolution from the URL
// prefix or the apikey header, authentication, the request log, fault
// injection, body and query parsing, dispatch into the route table and the
// envelopes. Every write runs as a transaction on the account's store, so a
// rejected request never leaves a partial change.

import http from 'node:http';
import { ApiError, badRequest, errorJson } from './envelope.js';
import { APPLY_FIRST, createFaultQueue } from './faults.js';
import { parseQuery, strictKeyProblem } from './query.js';
import { refusal, render, spoil, write } from './respond.js';
import { createRouter, pathMatcher } from './router.js';
import { ROUTES } from './routes/index.js';
import { createStore } from './seed.js';
import { isPlainObject } from './util.js';

const MAX_BODY = 8 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ACCOUNT_PREFIX = /^\/acct\/([^/]+)\/api\/v2(\/.*)?$/;
const PLAIN_PREFIX = /^\/api\/v2(\/.*)?$/;

const router = createRouter(ROUTES);

function splitUrl(url) {
  const q = url.indexOf('?');
  return q < 0 ? { pathname: url, rawQuery: '' }
    : { pathname: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

/** {name|null, rest} for a known prefix, or null. */
function resolvePrefix(pathname) {
  let m = ACCOUNT_PREFIX.exec(pathname);
  if (m) {
    let name = null;
    try { name = decodeURIComponent(m[1]); } catch { name = m[1]; }
    return { name, rest: m[2] || '/' };
  }
  m = PLAIN_PREFIX.exec(pathname);
  return m ? { name: null, rest: m[1] || '/' } : null;
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'),
      tooLarge: size > MAX_BODY }));
    req.on('error', () => resolve({ text: '', tooLarge: false, failed: true }));
  });
}

function parseBody(text) {
  if (text.trim() === '') return { value: null, bad: false };
  try {
    return { value: JSON.parse(text), bad: false };
  } catch {
    return { value: null, bad: true };
  }
}

function redact(headers) {
  const out = { ...headers };
  for (const key of ['apikey', 'authorization']) if (key in out) out[key] = '<redacted>';
  return out;
}

function snapshot(store) {
  const copy = {};
  for (const key of Object.keys(store)) {
    if (key !== 'fixtures') copy[key] = structuredClone(store[key]);
  }
  return copy;
}

function restore(store, copy) {
  for (const [key, value] of Object.entries(copy)) {
    if (Array.isArray(store[key])) store[key].splice(0, store[key].length, ...value);
    else store[key] = value;
  }
}

function routeError(match, method, path) {
  if (match.status === 405) {
    return new ApiError(405, 405, `The method ${method} is not allowed on ${path}`, undefined,
      { headers: { allow: match.allow.join(', ') } });
  }
  return new ApiError(404, 404, `No such path: ${path}`);
}

/** Run the route for one authenticated request; returns {status, json, headers}. */
function dispatch(account, req, parsed, body, path) {
  const match = router.match(req.method, path.replace(/\/+$/, '') || '/');
  if (!match.handler) throw routeError(match, req.method, path);
  if (body.tooLarge) throw new ApiError(413, 413, 'The request body is too large');
  if (body.bad) throw badRequest('The request body is not valid JSON');
  const strict = strictKeyProblem(parsed);
  if (strict) throw strict;
  const isWrite = WRITE_METHODS.has(req.method);
  if (isWrite && body.value !== null && !isPlainObject(body.value)) {
    throw badRequest('The request body must be a JSON object');
  }
  const ctx = { store: account.store, params: match.params, query: parsed.query,
    body: body.value, method: req.method, path, fake: { linkDropping: account.linkDropping } };
  const backup = isWrite ? snapshot(account.store) : null;
  try {
    return match.handler(ctx);
  } catch (err) {
    if (backup) restore(account.store, backup);
    throw err;
  }
}

function errorResult(err, state) {
  if (err instanceof ApiError) {
    state.refs += 1;
    return { status: err.status, json: errorJson(err, `fake-${state.refs}`),
      headers: err.headers || undefined };
  }
  if (!state.quiet) process.stderr.write(`[fake-businessmap] handler failed: ${err.stack}\n`);
  const message = `Fake server error: ${err.message}`;
  return { status: 500, json: { error: { code: 500, message } } };
}

function makeAccount(name, spec) {
  if (!spec || typeof spec.apiKey !== 'string' || spec.apiKey === '') {
    throw new TypeError(`account '${name}' needs a non-empty apiKey`);
  }
  return { name, apiKey: spec.apiKey, spec, store: createStore(name, spec),
    faults: createFaultQueue(), linkDropping: false };
}

/** The per-server state and the request pipeline. */
function createHandler(state) {
  function finish(entry, res, answer) {
    entry.status = write(res, answer.status, answer.headers, answer.text);
    if (!state.quiet) {
      process.stderr.write(`[fake-businessmap] ${entry.account ?? '-'} ${entry.method} ` +
        `${entry.path} ${entry.status}${entry.fault ? ` (${entry.fault})` : ''}\n`);
    }
  }

  function misbehave(fault, entry, req, res, answer) {
    entry.fault = fault.kind;
    if (fault.kind === 'reset') {
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'delay') {
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        finish(entry, res, answer);
      }, fault.delayMs ?? 1000);
      state.timers.add(timer);
      return;
    }
    finish(entry, res, APPLY_FIRST.has(fault.kind) ? spoil(fault, answer) : refusal(fault));
  }

  function respond(account, req, res, entry, parsed, body) {
    const error = (err) => render(errorResult(err, state));
    if (!account) return finish(entry, res, error(new ApiError(401, 'AU01', 'Invalid API key')));
    if (req.headers.apikey !== account.apiKey) {
      return finish(entry, res, error(new ApiError(401, 'AU01', 'Invalid API key')));
    }
    const fault = account.faults.take(req.method, entry.path);
    if (fault && !APPLY_FIRST.has(fault.kind)) {
      return misbehave(fault, entry, req, res, null);
    }
    account.store.rate.remaining = Math.max(0, account.store.rate.remaining - 1);
    let answer;
    try {
      answer = render(dispatch(account, req, parsed, body, entry.path), account.store);
    } catch (err) {
      answer = error(err);
    }
    if (fault) return misbehave(fault, entry, req, res, answer);
    return finish(entry, res, answer);
  }

  return async function onRequest(req, res) {
    res.on('error', () => {});
    const time = Date.now();
    const { pathname, rawQuery } = splitUrl(req.url || '/');
    const prefix = resolvePrefix(pathname);
    const body = await readBody(req);
    const parsedBody = parseBody(body.text);
    const parsed = parseQuery(rawQuery);
    const account = prefix?.name != null ? state.accounts.get(prefix.name)
      : [...state.accounts.values()].find((a) => a.apiKey === req.headers.apikey);
    const entry = { account: account?.name ?? null, method: req.method,
      path: prefix ? prefix.rest : pathname, query: parsed.query, rawQuery,
      body: parsedBody.value, rawBody: body.text, headers: redact(req.headers), status: null,
      time, fault: null };
    state.log.push(entry);
    try {
      if (!prefix || (prefix.name != null && !account)) {
        const what = prefix ? `Unknown account '${prefix.name}'` : `No such path: ${pathname}`;
        return finish(entry, res, render(errorResult(new ApiError(404, 404, what), state)));
      }
      respond(account, req, res, entry, parsed, { ...parsedBody, tooLarge: body.tooLarge });
    } catch (err) {
      finish(entry, res, render(errorResult(err, state)));
    }
  };
}

function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

function urlHost(host) {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Start a fake BusinessMap API v2 server.
 * @param {object} options {accounts: {name: {apiKey, seed, admin?, rateLimitPerHour?}},
 *   host = '127.0.0.1', port = 0, quiet = false}
 */
export async function startFakeBusinessMap(options = {}) {
  const specs = Object.entries(options.accounts || {});
  if (specs.length === 0) throw new TypeError('startFakeBusinessMap: give at least one account');
  const keys = new Set(specs.map(([, s]) => s?.apiKey));
  if (keys.size !== specs.length) throw new TypeError('every account needs its own apiKey');

  const state = { accounts: new Map(specs.map(([n, s]) => [n, makeAccount(n, s)])), log: [],
    timers: new Set(), quiet: Boolean(options.quiet), refs: 0 };
  const server = http.createServer(createHandler(state));
  server.keepAliveTimeout = 1000;
  const host = options.host || '127.0.0.1';
  const port = await listen(server, host, options.port ?? 0);
  return makeControl(state, server, host, port);
}

function makeControl(state, server, host, port) {
  const base = `http://${urlHost(host)}:${port}`;
  let closing = null;
  const account = (name) => {
    const a = state.accounts.get(name);
    if (!a) throw new Error(`fake: unknown account '${name}'`);
    return a;
  };
  const entriesOf = (name) => state.log.filter((e) => name === undefined || e.account === name);

  return {
    port,
    host,
    baseUrl: `${base}/api/v2`,
    url: (name) => `${base}/acct/${encodeURIComponent(account(name).name)}/api/v2`,
    accounts: () => [...state.accounts.keys()],
    apiKey: (name) => account(name).apiKey,
    requests: (name) => entriesOf(name),
    count(name, method, pattern) {
      const wanted = method && method !== '*' ? String(method).toUpperCase() : null;
      const matches = pathMatcher(pattern);
      return entriesOf(name).filter((e) => (!wanted || e.method === wanted) &&
        matches(e.path.split('?')[0])).length;
    },
    clearLog(name) {
      state.log = name === undefined ? [] : state.log.filter((e) => e.account !== name);
    },
    reset() {
      for (const a of state.accounts.values()) {
        a.store = createStore(a.name, a.spec);
        a.faults.clear();
        a.linkDropping = false;
      }
      state.log = [];
    },
    data: (name) => account(name).store,
    fixtures: (name) => account(name).store.fixtures,
    inject: (name, spec) => account(name).faults.add(spec),
    clearFaults(name) {
      const list = name === undefined ? [...state.accounts.values()] : [account(name)];
      list.forEach((a) => a.faults.clear());
    },
    pendingFaults: (name) => account(name).faults.pending(),
    setLinkDropping(name, on) { account(name).linkDropping = Boolean(on); },
    setRateLimit(name, { limit, remaining } = {}) {
      const rate = account(name).store.rate;
      if (Number.isInteger(limit)) rate.limit = limit;
      rate.remaining = Number.isInteger(remaining) ? remaining : rate.limit;
    },
    close() {
      if (!closing) {
        for (const t of state.timers) clearTimeout(t);
        state.timers.clear();
        closing = new Promise((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
      }
      return closing;
    },
  };
}
