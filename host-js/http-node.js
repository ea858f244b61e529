// Serves a web-style handler (http-handler.js) with node:http: turns each
// IncomingMessage into a Request, writes the Response back, and shuts down
// gracefully (stop accepting, let in-flight requests finish, then close).

import http from 'node:http';
import { Readable } from 'node:stream';

// True for names and addresses that only this machine can reach.
export function isLoopbackHost(host) {
  const h = String(host).trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function toRequest(req, signal) {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (name.toLowerCase() === 'host') continue;
    headers.append(name, req.rawHeaders[i + 1]);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(url, {
    method: req.method,
    headers,
    body: hasBody ? Readable.toWeb(req) : undefined,
    duplex: hasBody ? 'half' : undefined,
    signal,
  });
}

async function writeResponse(res, response, method, closing) {
  const headers = Object.fromEntries(response.headers);
  if (closing) headers.connection = 'close';
  res.writeHead(response.status, headers);
  if (!response.body || method === 'HEAD') {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  for await (const chunk of response.body) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

function plainError(res, status, code) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message: code, data: { code } } });
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(body);
}

/**
 * Starts serving `handler` ({fetch(request), close()}) on host:port.
 * Resolves with {url, port, host, server, close()}. close() stops taking
 * connections, waits for requests in flight, then closes the handler and
 * every connection; it is idempotent and resolves when all is done.
 */
export async function startHttpServer({ handler, host = '127.0.0.1', port = 3000, logger }) {
  const inflight = new Set();
  let closing = null;

  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    if (closing) {
      plainError(res, 503, 'BM_HTTP_SHUTTING_DOWN');
      return;
    }
    let request;
    try {
      request = toRequest(req, abort.signal);
    } catch {
      plainError(res, 400, 'BM_HTTP_BAD_REQUEST');
      return;
    }
    const job = handler
      .fetch(request)
      .then((response) => writeResponse(res, response, req.method, Boolean(closing)))
      .catch((err) => {
        logger?.error(`http: could not answer: ${err?.message ?? err}`);
        plainError(res, 500, 'BM_HTTP_INTERNAL');
      })
      .finally(() => inflight.delete(job));
    inflight.add(job);
  });
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;

  const close = () => {
    if (!closing) {
      closing = (async () => {
        const stopped = new Promise((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        while (inflight.size) await Promise.allSettled([...inflight]);
        handler.close();
        server.closeAllConnections();
        await stopped;
      })();
    }
    return closing;
  };

  return { url: `http://${urlHost}:${address.port}`, port: address.port, host: address.address, server, close };
}
