// Drives one engine: hands it inbound messages and carries out the effects
// it returns (outbound messages, HTTP requests, timers, cancellations and
// log records). Transports own the bytes; this owns the side effects.
// Everything it uses (fetch, clock, timers, credentials) is a parameter,
// so tests can drive it in memory and edge runtimes can supply their own.

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export class McpRuntime {
  constructor({
    engine,
    fetch = (input, init) => globalThis.fetch(input, init),
    credential,
    now = () => Date.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (t) => clearTimeout(t),
    logger,
    onMessage,
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  }) {
    this.engine = engine;
    this.fetch = fetch;
    this.credential = credential ?? (() => undefined);
    this.now = now;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.logger = logger;
    this.onMessage = onMessage ?? (() => {});
    this.maxResponseBytes = maxResponseBytes;
    this.inflight = new Map();
    this.timers = new Map();
    this.idleWaiters = [];
    this.closed = false;
  }

  receive(text) {
    if (this.closed) return;
    this.apply(this.engine.message(this.now(), text));
  }

  apply(effects) {
    for (const rec of effects.logs ?? []) this.logger?.log(rec.level, rec.message);
    for (const msg of effects.messages ?? []) this.onMessage(msg);
    for (const id of effects.cancel ?? []) this.inflight.get(id)?.abort('cancelled');
    for (const t of effects.timers ?? []) this.startTimer(t);
    for (const req of effects.http ?? []) this.perform(req);
    this.checkIdle();
  }

  startTimer({ id, delayMs }) {
    const handle = this.setTimer(() => {
      this.timers.delete(id);
      if (!this.closed) this.apply(this.engine.timer(this.now(), id));
    }, delayMs);
    this.timers.set(id, handle);
  }

  async perform(req) {
    const controller = new AbortController();
    this.inflight.set(req.id, controller);
    const timeout = this.setTimer(() => controller.abort('timeout'), req.timeoutMs);
    let status = 0;
    let meta = {};
    let body = null;
    try {
      const headers = { ...req.headers };
      const token = req.credential ? this.credential(req.credential) : undefined;
      if (token) headers.apikey = token;
      const res = await this.fetch(req.url, {
        method: req.method,
        headers,
        body: req.body ?? undefined,
        signal: controller.signal,
        redirect: 'manual',
      });
      meta = { headers: Object.fromEntries(res.headers) };
      body = await readCapped(res, this.maxResponseBytes);
      status = res.status;
    } catch (err) {
      const reason = controller.signal.aborted ? controller.signal.reason : null;
      meta = { error: reason === 'timeout' ? 'timeout' : reason ? 'aborted' : 'network' };
      this.logger?.debug(`request ${req.id} to instance ${req.instance} failed: ${meta.error}`);
      void err;
    } finally {
      this.clearTimer(timeout);
      this.inflight.delete(req.id);
    }
    if (this.engine.handle) this.apply(this.engine.httpResponse(this.now(), req.id, status, meta, body));
    this.checkIdle();
  }

  get busy() {
    return this.inflight.size > 0 || this.timers.size > 0;
  }

  // Resolves once no request is in flight and no retry is waiting.
  idle() {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  checkIdle() {
    if (this.busy) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  // Drops retries that have not been sent; requests in flight finish.
  dropTimers() {
    for (const handle of this.timers.values()) this.clearTimer(handle);
    this.timers.clear();
    this.checkIdle();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.dropTimers();
    for (const c of this.inflight.values()) c.abort('closed');
  }
}

// Reads a body up to a cap; past it, returns cap + 1 bytes so the core can
// tell the answer was too large without the host buffering all of it.
async function readCapped(res, cap) {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > cap) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const out = new Uint8Array(Math.min(size, cap + 1));
  let off = 0;
  for (const c of chunks) {
    const n = Math.min(c.length, out.length - off);
    out.set(c.subarray(0, n), off);
    off += n;
    if (off >= out.length) break;
  }
  return out;
}
