// The Streamable HTTP transport of MCP (spec 2025-11-25, "Transports"),
// written once against the web Request and Response, so that the Node
// server (http-node.js) and the edge entry (edge.js) are thin adapters.
//
// What it serves: POST /mcp with one JSON-RPC message. A request is
// answered with application/json holding the engine's answer to that id;
// a notification or a response gets 202 and no body. There is no server
// stream, so GET answers 405. GET /health is a liveness probe.
//
// Sessions: stateful mode gives every `initialize` its own engine and an
// Mcp-Session-Id; stateless mode keeps one engine, initialized once with a
// synthetic `initialize`, and treats every request as self-contained.
// Either way the handler gives each request an id of its own before the
// engine sees it and restores the client's id in the answer, so that two
// clients (or two retries) using the same id never meet inside an engine.
//
// Protection, in the order it is checked: the Host allow-list (DNS
// rebinding), the Origin allow-list, the bearer token, the method, the
// MCP-Protocol-Version header, the media types, the body size.
//
// Nothing here touches Node: clocks, timers, fetch and credentials are
// parameters, randomness comes from the web crypto object.

import { McpRuntime } from './runtime.js';

export const SUPPORTED_PROTOCOL_VERSIONS = Object.freeze(['2025-11-25', '2025-06-18', '2025-03-26']);
// Spec, "Protocol Version Header": without the header a server assumes
// the version that predates it.
export const ASSUMED_PROTOCOL_VERSION = '2025-03-26';

export const DEFAULT_MCP_PATH = '/mcp';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
export const DEFAULT_MAX_SESSIONS = 100;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 5 * 60 * 1000;

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const ALLOW_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Accept, Authorization, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID';
const EXPOSE_HEADERS = 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate';

// JSON-RPC error codes used for HTTP-level failures. -32000 is the start
// of the range JSON-RPC 2.0 §5.1 leaves to implementations.
const RPC_PARSE_ERROR = -32700;
const RPC_INVALID_REQUEST = -32600;
const RPC_SERVER_ERROR = -32000;
const RPC_CANCELLED = -32800;

export class HttpConfigError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'HttpConfigError';
    this.code = code;
  }
}

// ---- small helpers --------------------------------------------------------

function rpcError(id, rpcCode, code, message) {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: rpcCode, message, data: { code } } });
}

function jsonResponse(status, body, headers = {}) {
  return new Response(body, {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

// An HTTP-level refusal: the body is a JSON-RPC error with id null whose
// data.code is the stable code tests and clients can rely on.
function refuse(status, code, message, headers = {}, rpcCode = RPC_SERVER_ERROR) {
  return jsonResponse(status, rpcError(null, rpcCode, code, message), headers);
}

function normalizeList(value) {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === '*') return '*';
  const list = typeof value === 'string' ? value.split(',') : [...value];
  return list.map((s) => String(s).trim()).filter(Boolean);
}

// The host name of a Host value or an origin, lower-cased, without port;
// IPv6 literals keep their brackets.
function hostnameOf(host) {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

function isLoopbackOrigin(origin) {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}

function mediaTypeOf(value) {
  return (value ?? '').split(';')[0].trim().toLowerCase();
}

// Spec: the client lists application/json and text/event-stream. A
// request is answered with JSON unless the server has notifications to
// send while it works (logs, once asked for): then with an SSE stream.
function acceptsSse(accept) {
  return (accept ?? '').split(',').some((part) => mediaTypeOf(part) === 'text/event-stream');
}

function acceptsJson(accept) {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const t = mediaTypeOf(part);
    return t === 'application/json' || t === 'application/*' || t === '*/*';
  });
}

// Reads the body as UTF-8 text, refusing more than cap bytes without
// buffering past the cap. Returns {text} or {tooLarge} or {invalid}.
async function readBody(request, cap) {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) return { tooLarge: true };
  if (!request.body) return { text: '' };
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    bytes.set(c, off);
    off += c.length;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { invalid: true };
  }
}

// Where the value of a top-level member of a JSON object starts and ends
// in its text, or null. Used to swap the id of an engine answer without
// parsing and printing the whole (possibly large) message again.
export function topLevelMember(text, name) {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const skipString = () => {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return ++i;
    }
    return -1;
  };
  const skipValue = () => {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        if (skipString() < 0) return false;
      } else if (c === '{' || c === '[') {
        depth++;
        i++;
      } else if (c === '}' || c === ']') {
        if (depth === 0) return true;
        depth--;
        i++;
      } else if (c === ',' && depth === 0) {
        return true;
      } else {
        i++;
      }
    }
    return depth === 0;
  };

  ws();
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    ws();
    if (text[i] !== '"') return null;
    const keyStart = i;
    if (skipString() < 0) return null;
    const key = JSON.parse(text.slice(keyStart, i));
    ws();
    if (text[i] !== ':') return null;
    i++;
    ws();
    const start = i;
    if (!skipValue()) return null;
    let end = i;
    while (end > start && ' \t\r\n'.includes(text[end - 1])) end--;
    if (key === name) return { start, end };
    if (text[i] !== ',') return null;
    i++;
  }
}

// Compares two secrets in time that depends on neither their content nor
// their lengths: both are hashed, then the digests compared in full.
async function sameSecret(given, expectedDigest) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(given)));
  let diff = 0;
  for (let i = 0; i < digest.length; i++) diff |= digest[i] ^ expectedDigest[i];
  return diff === 0;
}

function newSessionId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---- one engine and the HTTP requests waiting on it ----------------------

// An engine with its runtime and the requests waiting for an answer. In
// stateful mode there is one per session; in stateless mode just one.
class Conversation {
  constructor(handler, engine, sessionId = null) {
    this.handler = handler;
    this.engine = engine;
    this.sessionId = sessionId;
    this.waiting = new Map();
    this.counter = 0;
    this.idleTimer = null;
    this.closed = false;
    const o = handler.options;
    this.runtime = new McpRuntime({
      engine,
      fetch: o.fetch,
      credential: o.credential,
      now: o.now,
      setTimer: o.setTimer,
      clearTimer: o.clearTimer,
      logger: o.logger,
      onMessage: (text) => this.deliver(text),
    });
  }

  // Routes an engine message to the HTTP request waiting for its id. A
  // notification goes to the oldest waiting request whose client takes
  // SSE, turning its answer into a stream (spec: Streamable HTTP, "Sending
  // Messages to the Server"); with none, it has nowhere to go and is
  // dropped, as is a late answer.
  deliver(text) {
    const span = topLevelMember(text, 'id');
    let id = null;
    if (span) {
      try {
        id = JSON.parse(text.slice(span.start, span.end));
      } catch {
        id = null;
      }
    }
    if (!span) {
      const w = [...this.waiting.values()].find((x) => x.sse);
      if (w) this.streamOf(w).send(text);
      else this.handler.options.logger?.debug('http: dropped a notification with no stream to carry it');
      return;
    }
    const w = typeof id === 'string' ? this.waiting.get(id) : undefined;
    if (!w) {
      this.handler.options.logger?.debug('http: dropped a server message with no waiting request');
      return;
    }
    const body = text.slice(0, span.start) + w.clientId + text.slice(span.end);
    this.finish(id, jsonResponse(200, body, w.headers));
  }

  // The SSE stream of a waiting request, started (and its Response sent)
  // on first use. Each message is one `message` event.
  streamOf(w) {
    if (w.stream) return w.stream;
    const encoder = new TextEncoder();
    let controller;
    const body = new ReadableStream({ start: (c) => { controller = c; } });
    w.stream = {
      send: (text) => controller.enqueue(encoder.encode(`event: message\ndata: ${text}\n\n`)),
      end: () => controller.close(),
    };
    w.resolve(new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...w.headers },
    }));
    return w.stream;
  }

  // Feeds a request under an id of the handler's own and resolves with
  // the Response carrying the answer.
  ask(message, { signal, headers, sse = false }) {
    const internal = `bm-http-${++this.counter}`;
    const clientId = JSON.stringify(message.id);
    const o = this.handler.options;
    return new Promise((resolve) => {
      const w = { clientId, headers, resolve, timer: null, onAbort: null, sse, stream: null };
      w.timer = o.setTimer(() => {
        this.cancelInEngine(internal);
        this.finish(internal, jsonResponse(504,
          rpcError(message.id, RPC_SERVER_ERROR, 'BM_HTTP_TIMEOUT', 'the server did not answer in time'), headers));
      }, o.responseTimeoutMs);
      if (signal) {
        // The client went away: stop the work and free the slot.
        w.onAbort = () => {
          this.cancelInEngine(internal);
          this.finish(internal, new Response(null, { status: 499 }));
        };
        if (signal.aborted) {
          resolve(new Response(null, { status: 499 }));
          o.clearTimer(w.timer);
          return;
        }
        signal.addEventListener('abort', w.onAbort, { once: true });
        w.signal = signal;
      }
      this.waiting.set(internal, w);
      try {
        this.runtime.receive(JSON.stringify({ ...message, id: internal }));
      } catch (err) {
        o.logger?.error(`http: the core failed: ${err?.code ?? err?.message ?? err}`);
        this.finish(internal, jsonResponse(500,
          rpcError(message.id, RPC_SERVER_ERROR, 'BM_HTTP_INTERNAL', 'internal error'), headers));
      }
    });
  }

  finish(internal, response) {
    const w = this.waiting.get(internal);
    if (!w) return;
    this.waiting.delete(internal);
    this.handler.options.clearTimer(w.timer);
    w.signal?.removeEventListener('abort', w.onAbort);
    if (w.stream) {
      // The answer closes the stream the notifications opened.
      const stream = w.stream;
      response.text().then((text) => {
        if (text) stream.send(text);
        stream.end();
      });
    } else {
      w.resolve(response);
    }
    this.handler.touch(this);
  }

  cancelInEngine(internal) {
    if (this.closed) return;
    this.runtime.receive(JSON.stringify({
      jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: internal, reason: 'client gone' },
    }));
  }

  // A notification from the client. A cancellation names the client's id;
  // it is translated to ours, and the waiting POST is answered at once
  // (the spec lets the client ignore anything that follows a cancel).
  notify(message) {
    if (message.method === 'notifications/cancelled') {
      const target = JSON.stringify(message.params?.requestId ?? null);
      for (const [internal, w] of this.waiting) {
        if (w.clientId !== target) continue;
        this.cancelInEngine(internal);
        this.finish(internal, jsonResponse(200,
          rpcError(JSON.parse(w.clientId), RPC_CANCELLED, 'BM_HTTP_CANCELLED', 'the request was cancelled'), w.headers));
      }
      return;
    }
    this.runtime.receive(JSON.stringify(message));
  }

  close(reason = 'BM_HTTP_SESSION_ENDED') {
    if (this.closed) return;
    this.closed = true;
    for (const [internal, w] of [...this.waiting]) {
      this.finish(internal, jsonResponse(200,
        rpcError(JSON.parse(w.clientId), RPC_SERVER_ERROR, reason, 'the session ended before the answer'), w.headers));
    }
    if (this.idleTimer) this.handler.options.clearTimer(this.idleTimer);
    this.runtime.close();
    this.engine.close();
  }
}

// ---- the handler -------------------------------------------------------------

/**
 * Builds the Streamable HTTP handler. Options:
 *   createEngine()    returns a new Engine (core.js); the handler closes it
 *   fetch, credential(name), now(), setTimer, clearTimer, logger
 *                     passed to each McpRuntime (see runtime.js)
 *   stateless         one shared engine, no sessions (default false)
 *   authToken         the bearer secret clients must present; required
 *                     unless `loopback` is true
 *   loopback          the listener is bound to loopback only
 *   allowedOrigins    list of origins, or '*'; default: loopback origins
 *                     when `loopback`, none otherwise
 *   allowedHosts      list of host names, or '*'; default: loopback names
 *                     when `loopback`, any otherwise
 *   path, maxBodyBytes, sessionIdleMs, maxSessions, responseTimeoutMs
 * Returns {fetch(request) → Promise<Response>, close(), sessionCount}.
 * Throws HttpConfigError BM_HTTP_AUTH_REQUIRED when a token is needed
 * and missing.
 */
export function createHttpHandler(options) {
  return new StreamableHttpHandler(options);
}

class StreamableHttpHandler {
  constructor({
    createEngine,
    // Workers reject a fetch called with another `this`; hence the wrapper.
    fetch = (input, init) => globalThis.fetch(input, init),
    credential,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (t) => clearTimeout(t),
    logger,
    stateless = false,
    authToken,
    loopback = false,
    allowedOrigins,
    allowedHosts,
    path = DEFAULT_MCP_PATH,
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    sessionIdleMs = DEFAULT_SESSION_IDLE_MS,
    maxSessions = DEFAULT_MAX_SESSIONS,
    responseTimeoutMs = DEFAULT_RESPONSE_TIMEOUT_MS,
  }) {
    if (typeof createEngine !== 'function') {
      throw new HttpConfigError('BM_HTTP_NO_ENGINE', 'createEngine must be a function');
    }
    if (!loopback && !authToken) {
      throw new HttpConfigError('BM_HTTP_AUTH_REQUIRED',
        'a bearer token is required when serving beyond loopback (set BUSINESSMAP_MCP_AUTH_TOKEN)');
    }
    this.options = {
      createEngine, fetch, credential, now, setTimer, clearTimer, logger,
      stateless: Boolean(stateless), path, maxBodyBytes, sessionIdleMs, maxSessions, responseTimeoutMs,
    };
    this.origins = normalizeList(allowedOrigins) ?? (loopback ? 'loopback' : []);
    const hosts = normalizeList(allowedHosts) ?? (loopback ? LOOPBACK_HOSTS : '*');
    this.hosts = hosts === '*' ? '*' : hosts.map(hostnameOf);
    this.tokenDigest = authToken
      ? crypto.subtle.digest('SHA-256', new TextEncoder().encode(authToken)).then((d) => new Uint8Array(d))
      : null;
    this.sessions = new Map();
    this.shared = null;
    this.closed = false;
  }

  get sessionCount() {
    return this.sessions.size;
  }

  // The bound method adapters call: `handler.fetch(request)`.
  fetch = (request) => this.handle(request).catch((err) => {
    this.options.logger?.error(`http: ${err?.code ?? 'error'}: ${err?.message ?? err}`);
    return refuse(500, 'BM_HTTP_INTERNAL', 'internal error');
  });

  async handle(request) {
    const url = new URL(request.url);
    const origin = request.headers.get('origin');
    const route = url.pathname === this.options.path ? 'mcp' : url.pathname === '/health' ? 'health' : null;

    if (!this.hostAllowed(url.host)) {
      this.options.logger?.warn(`http: refused Host ${url.host}`);
      return refuse(403, 'BM_HTTP_HOST_NOT_ALLOWED', 'Host not allowed');
    }
    if (origin !== null && !this.originAllowed(origin)) {
      this.options.logger?.warn(`http: refused Origin ${origin}`);
      return refuse(403, 'BM_HTTP_ORIGIN_NOT_ALLOWED', 'Origin not allowed');
    }
    const cors = this.corsHeaders(origin);
    const response = await this.route(request, route, cors);
    for (const [k, v] of Object.entries(cors)) response.headers.set(k, v);
    return response;
  }

  async route(request, route, cors) {
    const method = request.method.toUpperCase();
    if (!route) return refuse(404, 'BM_HTTP_NOT_FOUND', 'not found');
    if (method === 'OPTIONS') return this.preflight(cors);
    if (route === 'health') {
      if (method !== 'GET' && method !== 'HEAD') return this.methodNotAllowed('GET, HEAD, OPTIONS');
      return jsonResponse(200, JSON.stringify({
        status: this.closed ? 'closing' : 'ok',
        mode: this.options.stateless ? 'stateless' : 'stateful',
      }));
    }
    if (!(await this.authorized(request))) {
      return refuse(401, 'BM_HTTP_UNAUTHORIZED', 'a valid bearer token is required',
        { 'www-authenticate': 'Bearer realm="businessmap-mcp"' });
    }
    if (method !== 'POST' && method !== 'DELETE') return this.methodNotAllowed('POST, DELETE, OPTIONS');
    const version = request.headers.get('mcp-protocol-version') ?? ASSUMED_PROTOCOL_VERSION;
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
      return refuse(400, 'BM_HTTP_BAD_PROTOCOL_VERSION',
        `unsupported MCP-Protocol-Version; supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`);
    }
    if (this.closed) return refuse(503, 'BM_HTTP_SHUTTING_DOWN', 'the server is shutting down');
    if (method === 'DELETE') return this.endSession(request);
    return this.post(request);
  }

  preflight(cors) {
    return new Response(null, {
      status: 204,
      headers: {
        allow: ALLOW_METHODS,
        ...(cors['access-control-allow-origin']
          ? {
              'access-control-allow-methods': ALLOW_METHODS,
              'access-control-allow-headers': ALLOW_HEADERS,
              'access-control-max-age': '600',
            }
          : {}),
      },
    });
  }

  methodNotAllowed(allow) {
    return refuse(405, 'BM_HTTP_METHOD_NOT_ALLOWED', 'method not allowed', { allow });
  }

  hostAllowed(host) {
    if (this.hosts === '*') return true;
    return this.hosts.includes(hostnameOf(host));
  }

  originAllowed(origin) {
    if (this.origins === '*') return true;
    if (this.origins === 'loopback') return isLoopbackOrigin(origin);
    return this.origins.includes(origin);
  }

  corsHeaders(origin) {
    if (origin === null) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': EXPOSE_HEADERS,
      vary: 'Origin',
    };
  }

  async authorized(request) {
    if (!this.tokenDigest) return true;
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return sameSecret(match ? match[1] : '', await this.tokenDigest);
  }

  async post(request) {
    if (!acceptsJson(request.headers.get('accept'))) {
      return refuse(406, 'BM_HTTP_NOT_ACCEPTABLE', 'this server answers application/json');
    }
    if (mediaTypeOf(request.headers.get('content-type')) !== 'application/json') {
      return refuse(415, 'BM_HTTP_UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
    }
    const body = await readBody(request, this.options.maxBodyBytes);
    if (body.tooLarge) {
      return refuse(413, 'BM_HTTP_BODY_TOO_LARGE', `a message may be at most ${this.options.maxBodyBytes} bytes`);
    }
    let message;
    try {
      if (body.invalid) throw new Error('not UTF-8');
      message = JSON.parse(body.text);
    } catch {
      return refuse(400, 'BM_HTTP_PARSE_ERROR', 'Parse error: the body is not valid JSON', {}, RPC_PARSE_ERROR);
    }
    const kind = classify(message);
    if (!kind) {
      return refuse(400, 'BM_HTTP_INVALID_MESSAGE',
        'Invalid Request: the body must be one JSON-RPC 2.0 request, notification or response', {},
        RPC_INVALID_REQUEST);
    }
    const found = this.conversationFor(request, message, kind);
    if (found instanceof Response) return found;
    const { conversation, created } = found;
    this.touch(conversation);
    if (kind === 'response') return new Response(null, { status: 202 });
    if (kind === 'notification') {
      // A stateless server holds nothing a cancellation could name.
      if (!(this.options.stateless && message.method === 'notifications/cancelled')) conversation.notify(message);
      return new Response(null, { status: 202 });
    }
    const headers = created ? { 'mcp-session-id': conversation.sessionId } : {};
    if (this.options.stateless && message.method === 'logging/setLevel') {
      // One engine serves every stateless client: a level set by one must
      // not send its logs to the others. Accepted, and nothing is sent.
      return jsonResponse(200, JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }), headers);
    }
    const response = await conversation.ask(message, {
      signal: request.signal, headers, sse: acceptsSse(request.headers.get('accept')),
    });
    if (created && response.status !== 200) this.dropSession(conversation);
    return response;
  }

  // The engine a message goes to: {conversation, created} or a refusal.
  conversationFor(request, message, kind) {
    if (this.options.stateless) return { conversation: this.sharedConversation(), created: false };
    const sid = request.headers.get('mcp-session-id');
    const isInit = kind === 'request' && message.method === 'initialize';
    if (isInit) {
      if (sid) return refuse(400, 'BM_HTTP_SESSION_EXISTS', 'initialize starts a session; send it without Mcp-Session-Id');
      if (this.sessions.size >= this.options.maxSessions) {
        return refuse(503, 'BM_HTTP_TOO_MANY_SESSIONS', 'too many live sessions', { 'retry-after': '60' });
      }
      const conversation = new Conversation(this, this.options.createEngine(), newSessionId());
      this.sessions.set(conversation.sessionId, conversation);
      return { conversation, created: true };
    }
    if (!sid) return refuse(400, 'BM_HTTP_SESSION_REQUIRED', 'Mcp-Session-Id is required');
    const conversation = this.sessions.get(sid);
    if (!conversation) return refuse(404, 'BM_HTTP_SESSION_NOT_FOUND', 'unknown or ended session');
    return { conversation, created: false };
  }

  sharedConversation() {
    if (!this.shared) {
      const engine = this.options.createEngine();
      // Every stateless request stands alone, so the engine is put in the
      // initialized state once, with an answer nobody reads.
      engine.message(this.options.now(), JSON.stringify({
        jsonrpc: '2.0',
        id: 'bm-http-setup',
        method: 'initialize',
        params: {
          protocolVersion: SUPPORTED_PROTOCOL_VERSIONS[0],
          capabilities: {},
          clientInfo: { name: 'businessmap-mcp-stateless', version: '0' },
        },
      }));
      this.shared = new Conversation(this, engine);
    }
    return this.shared;
  }

  endSession(request) {
    if (this.options.stateless) return this.methodNotAllowed('POST, OPTIONS');
    const sid = request.headers.get('mcp-session-id');
    if (!sid) return refuse(400, 'BM_HTTP_SESSION_REQUIRED', 'Mcp-Session-Id is required');
    const conversation = this.sessions.get(sid);
    if (!conversation) return refuse(404, 'BM_HTTP_SESSION_NOT_FOUND', 'unknown or ended session');
    this.dropSession(conversation);
    return new Response(null, { status: 204 });
  }

  dropSession(conversation, reason) {
    this.sessions.delete(conversation.sessionId);
    conversation.close(reason);
  }

  // Restarts a session's idle clock. A session with a request still
  // waiting is never idle.
  touch(conversation) {
    if (!conversation.sessionId || conversation.closed) return;
    const o = this.options;
    if (conversation.idleTimer) o.clearTimer(conversation.idleTimer);
    conversation.idleTimer = o.setTimer(() => {
      conversation.idleTimer = null;
      if (conversation.waiting.size) this.touch(conversation);
      else if (this.sessions.get(conversation.sessionId) === conversation) {
        o.logger?.debug('http: a session expired after being idle');
        this.dropSession(conversation, 'BM_HTTP_SESSION_EXPIRED');
      }
    }, o.sessionIdleMs);
    conversation.idleTimer?.unref?.();
  }

  // Ends every session and the shared engine. Requests still waiting are
  // answered with an error; new ones get 503. Idempotent.
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.sessions.values()]) this.dropSession(c, 'BM_HTTP_SHUTTING_DOWN');
    this.shared?.close('BM_HTTP_SHUTTING_DOWN');
    this.shared = null;
  }
}

// 'request', 'notification', 'response', or null for anything else
// (batches included: the 2025-06-18 revision removed them).
function classify(m) {
  if (!m || typeof m !== 'object' || Array.isArray(m) || m.jsonrpc !== '2.0') return null;
  const hasId = Object.hasOwn(m, 'id');
  if (typeof m.method === 'string') {
    if (!hasId) return 'notification';
    return typeof m.id === 'string' || (typeof m.id === 'number' && Number.isFinite(m.id)) ? 'request' : null;
  }
  if (hasId && (Object.hasOwn(m, 'result') || Object.hasOwn(m, 'error'))) return 'response';
  return null;
}
