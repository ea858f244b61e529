// A small fetch for Node built on node:http and node:https, with
// keep-alive agents. It answers the part of the Fetch API the runtime
// uses (status, headers, a body reader) and costs far less memory than
// the global fetch, whose pools and buffers grow a long-running stdio
// server by tens of MiB (docs/performance.md).

// node:http and node:https load on the first request, so a server that
// never calls the API (or has not yet) does not pay for them at start-up.
let clients = null;

async function clientFor(protocol) {
  if (!clients) {
    const [http, https] = await Promise.all([import('node:http'), import('node:https')]);
    clients = {
      'http:': { mod: http.default, agent: new http.default.Agent({ keepAlive: true, maxSockets: 16 }) },
      'https:': { mod: https.default, agent: new https.default.Agent({ keepAlive: true, maxSockets: 16 }) },
    };
  }
  return clients[protocol];
}

// The body as a reader of Uint8Array chunks; cancel() drops the socket.
function bodyOf(res) {
  return {
    getReader() {
      const it = res[Symbol.asyncIterator]();
      return {
        read: () => it.next(),
        cancel: async () => {
          res.destroy();
        },
      };
    },
  };
}

function headersOf(res) {
  const h = new Map();
  for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : String(v));
  return h;
}

export async function nodeFetch(url, { method = 'GET', headers = {}, body, signal } = {}) {
  const u = new URL(url);
  const client = await clientFor(u.protocol);
  if (!client) throw new TypeError(`unsupported protocol ${u.protocol}`);
  return new Promise((resolve, reject) => {
    const req = client.mod.request(u, { method, headers, agent: client.agent, signal }, (res) => {
      resolve({ status: res.statusCode, headers: headersOf(res), body: bodyOf(res) });
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
