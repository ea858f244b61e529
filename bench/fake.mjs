// The fake BusinessMap API in a process of its own, so that its work does
// not share an event loop with the process that takes the timings. Prints
// one line, {"url", "apiKey", "fixtures"}, then serves on 127.0.0.1 until
// its stdin closes.

import http from 'node:http';

import { startFakeBusinessMap } from '../tests/fake-businessmap/index.js';

const API_KEY = 'bench-api-key';

// The fake keeps idle connections for 1 s and says so in a Keep-Alive
// header; fetch (undici) then drops each connection after one request,
// since it keeps a second of margin. A real API keeps them longer, and a
// benchmark that connects on every call measures TCP set-up, not us.
// So the server is caught as it is made and given a longer timeout.
const servers = [];
const createServer = http.createServer;
http.createServer = (...args) => {
  const server = createServer(...args);
  servers.push(server);
  return server;
};

const fake = await startFakeBusinessMap({
  // The default hourly limit (5,000) would cut the 20,000 calls short.
  accounts: { bench: { apiKey: API_KEY, seed: 1, rateLimitPerHour: 1e9 } },
  host: '127.0.0.1',
  port: 0,
  quiet: true,
});
http.createServer = createServer;
for (const server of servers) server.keepAliveTimeout = 60000;

// The request log keeps every request; drop it now and then so that the
// fake's own memory stays flat over a long run.
const trim = setInterval(() => fake.clearLog(), 2000);

process.stdout.write(JSON.stringify({ url: fake.url('bench'), apiKey: API_KEY, fixtures: fake.fixtures('bench') }) + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  clearInterval(trim);
  await fake.close();
  process.exit(0);
});
