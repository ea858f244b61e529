// Writing answers: the normal envelopes and the misbehaving ones that fault
// injection asks for. Every writer checks that the socket is still open, so
// an answer to a client that has gone away is dropped quietly.

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>';
const EMPTY_BODY_STATUSES = [500, 502, 503, 504];
const DEFAULT_OVERSIZE = 5 * 1024 * 1024;

function rateHeaders(store) {
  return {
    'x-ratelimitperhour-limit': String(store.rate.limit),
    'x-ratelimitperhour-remaining': String(store.rate.remaining),
  };
}

/** Write one answer; `text` may be '' for no body. Returns the status. */
export function write(res, status, headers, text) {
  if (res.writableEnded || res.destroyed) return status;
  const all = { ...headers };
  if (text !== '') all['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, all);
  res.end(text);
  return status;
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** Serialise a handler result ({status, json, headers}) into status/headers/text. */
export function render(result, store) {
  const ok = result.status >= 200 && result.status < 300;
  const headers = { ...(result.status === 204 ? {} : JSON_TYPE), ...(result.headers || {}) };
  if (ok && store) Object.assign(headers, rateHeaders(store));
  const text = result.status === 204 || result.json === null ? '' : JSON.stringify(result.json);
  return { status: result.status, headers, text };
}

function statusFault(fault) {
  const status = fault.status ?? 500;
  const empty = fault.bodyForm ? fault.bodyForm === 'empty'
    : EMPTY_BODY_STATUSES.includes(status);
  if (empty) return { status, headers: {}, text: '' };
  const error = { code: fault.code ?? status, message: fault.message ?? `Injected ${status}` };
  return { status, headers: JSON_TYPE, text: JSON.stringify({ error }) };
}

function rateLimitFault(fault) {
  const form = fault.bodyForm ?? 'object';
  const headers = { ...JSON_TYPE };
  if (fault.retryAfter !== null) headers['retry-after'] = String(fault.retryAfter ?? 1);
  if (form === 'bare') {
    return { status: fault.status ?? 429, headers, text: JSON.stringify({ error: 'RL02' }) };
  }
  if (form === 'message') {
    const status = fault.status ?? 400;
    const error = { code: status,
      message: 'You have exceeded the rate limit for API requests. Try again later.' };
    return { status, headers, text: JSON.stringify({ error }) };
  }
  const error = { code: 'RL02', message: 'Request limit reached' };
  return { status: fault.status ?? 429, headers, text: JSON.stringify({ error }) };
}

/** The answer of a fault that replaces the request (nothing is applied). */
export function refusal(fault) {
  if (fault.kind === 'ratelimit') return rateLimitFault(fault);
  if (fault.kind === 'nonjson') {
    return { status: fault.status ?? 200, headers: { 'content-type': 'text/html' },
      text: HTML_PAGE };
  }
  return statusFault(fault);
}

/** Spoil an already computed answer (truncate, oversize). */
export function spoil(fault, answer) {
  const status = answer.status === 204 ? 200 : answer.status;
  const headers = { ...JSON_TYPE, ...answer.headers };
  if (fault.kind === 'truncate') {
    const full = answer.text || '{"data":null}';
    return { status, headers, text: full.slice(0, Math.floor(full.length / 2)) };
  }
  let payload = answer.text ? JSON.parse(answer.text) : { data: null };
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    payload = { data: payload };
  }
  const size = fault.bytes ?? DEFAULT_OVERSIZE;
  return { status, headers, text: JSON.stringify({ ...payload, padding: 'x'.repeat(size) }) };
}
