// The stdio transport of MCP: one JSON-RPC message per line (NDJSON) on
// the input, one per line on the output. Lines may end in CRLF. A line
// longer than the cap is dropped whole and answered with an error, so a
// runaway client cannot make the server buffer without bound.

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export function tooLargeError(cap) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: { code: -32600, message: `Invalid Request: a message may be at most ${cap} bytes` },
  });
}

// Splits a byte stream into lines; calls onLine(bytes) for each non-empty
// line and onOverflow() for each line past the cap.
export class LineSplitter {
  constructor({ maxLineBytes = DEFAULT_MAX_LINE_BYTES, onLine, onOverflow }) {
    this.cap = maxLineBytes;
    this.onLine = onLine;
    this.onOverflow = onOverflow;
    this.parts = [];
    this.size = 0;
    this.skipping = false;
  }

  push(chunk) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        this.keep(chunk.subarray(start));
        return;
      }
      this.keep(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
  }

  keep(bytes) {
    if (this.skipping || bytes.length === 0) return;
    if (this.size + bytes.length > this.cap) {
      this.parts = [];
      this.size = 0;
      this.skipping = true;
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  endLine() {
    if (this.skipping) {
      this.skipping = false;
      this.onOverflow();
      return;
    }
    let line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    if (line.length && line[line.length - 1] === 13) line = line.subarray(0, line.length - 1);
    if (line.length) this.onLine(line);
  }

  // A last line without a newline still counts at end of input.
  finish() {
    if (this.size || this.skipping) this.endLine();
  }
}

// Writes lines to a stream, waiting for 'drain' when it asks to.
export class LineWriter {
  constructor(output) {
    this.output = output;
    this.queue = [];
    this.waiting = false;
    this.closed = false;
    output.on?.('error', () => {
      this.closed = true;
    });
  }

  send(text) {
    if (this.closed) return;
    if (this.waiting) {
      this.queue.push(text);
      return;
    }
    if (!this.output.write(text + '\n')) {
      this.waiting = true;
      this.output.once('drain', () => this.flush());
    }
  }

  flush() {
    this.waiting = false;
    while (this.queue.length && !this.waiting) this.send(this.queue.shift());
  }

  // Resolves once everything queued has been handed to the stream.
  drained() {
    if (!this.waiting) return Promise.resolve();
    return new Promise((resolve) => this.output.once('drain', () => setImmediate(resolve)));
  }
}

// Serves MCP on input/output until the input ends. Resolves after the
// last answer has been written.
export function serveStdio({ input, output, runtime, logger, maxLineBytes }) {
  const writer = new LineWriter(output);
  runtime.onMessage = (msg) => writer.send(msg);
  const splitter = new LineSplitter({
    maxLineBytes,
    onLine: (line) => runtime.receive(line),
    onOverflow: () => {
      logger?.warn('dropped an inbound message over the size cap');
      writer.send(tooLargeError(splitter.cap));
    },
  });
  return new Promise((resolve) => {
    input.on('data', (chunk) => splitter.push(chunk));
    input.on('end', async () => {
      splitter.finish();
      runtime.dropTimers();
      await runtime.idle();
      await writer.drained();
      resolve();
    });
    input.on('error', (err) => {
      logger?.error(`stdin failed: ${err.message}`);
      resolve();
    });
  });
}
