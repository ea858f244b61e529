// The one module that touches the WASM boundary: instantiation, the WASI
// imports the core needs, strings in and out of linear memory, and the
// engine handle. It imports nothing, so it runs in Node, in Workers-style
// runtimes and in browsers alike.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class CoreError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
  }
}

// The handful of WASI calls wasi-libc may make. The core does no I/O, so
// everything here answers "nothing there" except the clock and random,
// which libc may touch during start-up.
function wasiImports(getMemory) {
  const ENOSYS = 52;
  const EBADF = 8;
  const view = () => new DataView(getMemory().buffer);
  return {
    proc_exit(code) {
      throw new CoreError('BM_CORE_EXIT', `the core exited with ${code}`);
    },
    fd_write(fd, iovs, iovsLen, nwritten) {
      // The core never writes; count the bytes so libc does not loop.
      const dv = view();
      let total = 0;
      for (let i = 0; i < iovsLen; i++) total += dv.getUint32(iovs + i * 8 + 4, true);
      dv.setUint32(nwritten, total, true);
      return 0;
    },
    fd_close: () => EBADF,
    fd_seek: () => EBADF,
    fd_read: () => EBADF,
    fd_fdstat_get: () => EBADF,
    fd_fdstat_set_flags: () => EBADF,
    fd_prestat_get: () => EBADF,
    fd_prestat_dir_name: () => EBADF,
    path_open: () => ENOSYS,
    environ_sizes_get(countPtr, sizePtr) {
      const dv = view();
      dv.setUint32(countPtr, 0, true);
      dv.setUint32(sizePtr, 0, true);
      return 0;
    },
    environ_get: () => 0,
    args_sizes_get(countPtr, sizePtr) {
      const dv = view();
      dv.setUint32(countPtr, 0, true);
      dv.setUint32(sizePtr, 0, true);
      return 0;
    },
    args_get: () => 0,
    clock_time_get(_id, _precision, out) {
      view().setBigUint64(out, BigInt(Date.now()) * 1000000n, true);
      return 0;
    },
    random_get(buf, len) {
      crypto.getRandomValues(new Uint8Array(getMemory().buffer, buf, len));
      return 0;
    },
    sched_yield: () => 0,
  };
}

// Loads the core from a WebAssembly.Module, bytes, or a Response.
export async function loadCore(source) {
  let memory = null;
  const getMemory = () => memory;
  const wasi = wasiImports(getMemory);
  // Emscripten's standalone modules tell the host when memory grew; the
  // views here are made fresh after every call, so there is nothing to do.
  const env = { emscripten_notify_memory_growth() {} };
  const imports = { wasi_snapshot_preview1: wasi, env };
  let instance;
  if (source instanceof WebAssembly.Module) {
    instance = await WebAssembly.instantiate(source, imports);
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    ({ instance } = await WebAssembly.instantiateStreaming(source, imports));
  } else {
    ({ instance } = await WebAssembly.instantiate(source, imports));
  }
  memory = instance.exports.memory;
  if (instance.exports._initialize) instance.exports._initialize();
  return new Core(instance.exports);
}

export class Core {
  constructor(exports) {
    this.x = exports;
    this.lenCell = exports.bm_alloc(8);
  }

  get memoryBytes() {
    return this.x.memory.buffer.byteLength;
  }

  // Copies a string into linear memory; the caller frees it.
  put(text) {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    const ptr = this.x.bm_alloc(bytes.length);
    if (!ptr) throw new CoreError('BM_CORE_NOMEM', 'the core is out of memory');
    new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  // Reads the output a call left at ptr with its length in the cell.
  // Views are made after the call, since memory may have grown.
  take(ptr) {
    const len = new DataView(this.x.memory.buffer).getUint32(this.lenCell, true);
    if (!ptr) throw new CoreError('BM_CORE_NOMEM', 'the core returned no output');
    return decoder.decode(new Uint8Array(this.x.memory.buffer, ptr, len));
  }

  withInput(text, fn) {
    const [ptr, len] = this.put(text);
    try {
      return fn(ptr, len);
    } finally {
      this.x.bm_free(ptr);
    }
  }

  createEngine(startup) {
    const handle = this.withInput(JSON.stringify(startup), (p, n) => this.x.bm_new(p, n));
    if (!handle) throw new CoreError('BM_CORE_NOMEM', 'could not create an engine');
    return new Engine(this, handle);
  }

  // An exact counter from the bytes of a dist/<name>.bmtok rank asset.
  loadTokenizer(assetBytes, name) {
    const handle = this.withInput(assetBytes, (p, n) => this.x.bm_tok_load(p, n));
    if (!handle) throw new CoreError('BM_TOKENIZER_ASSET', `the ${name ?? 'token'} asset is not valid`);
    return new Tokenizer(this, handle, name);
  }

  // The fast estimate that needs no asset (docs/tokenizer.md gives its error).
  estimateTokens(text) {
    return this.withInput(text, (p, n) => this.x.bm_tok_estimate(p, n));
  }
}

export class Tokenizer {
  constructor(core, handle, name) {
    this.core = core;
    this.handle = handle;
    this.name = name;
  }

  count(text) {
    const n = this.core.withInput(text, (p, len) => this.core.x.bm_tok_count(this.handle, p, len));
    if (n < 0) throw new CoreError('BM_CORE_NOMEM', 'the core ran out of memory while counting');
    return n;
  }

  close() {
    if (!this.handle) return;
    this.core.x.bm_tok_free(this.handle);
    this.handle = 0;
  }
}

export class Engine {
  constructor(core, handle) {
    this.core = core;
    this.handle = handle;
  }

  get configOk() {
    return this.core.x.bm_config_ok(this.handle) === 1;
  }

  problems() {
    const ptr = this.core.x.bm_problems(this.handle, this.core.lenCell);
    return JSON.parse(this.core.take(ptr));
  }

  // Each feed returns the effects object documented in src/engine.h.
  message(now, text) {
    const c = this.core;
    return c.withInput(text, (p, n) =>
      JSON.parse(c.take(c.x.bm_message(this.handle, now, p, n, c.lenCell))));
  }

  httpResponse(now, id, status, meta, body) {
    const c = this.core;
    const [mp, ml] = c.put(JSON.stringify(meta || {}));
    const [bp, bl] = c.put(body || new Uint8Array(0));
    try {
      const out = c.x.bm_http(this.handle, now, id, status, mp, ml, bp, bl, c.lenCell);
      return JSON.parse(c.take(out));
    } finally {
      c.x.bm_free(mp);
      c.x.bm_free(bp);
    }
  }

  timer(now, id) {
    const c = this.core;
    return JSON.parse(c.take(c.x.bm_timer(this.handle, now, id, c.lenCell)));
  }

  close() {
    if (!this.handle) return;
    this.core.x.bm_delete(this.handle);
    this.handle = 0;
  }
}
