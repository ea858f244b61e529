#!/usr/bin/env node
// Run the fake BusinessMap API on its own:
//   node tests/fake-businessmap/cli.js [--port N] [--host H] [--quiet]
// Prints one JSON line {"url", "accounts": {name: {url, apiKey}}} on stdout
// and serves until SIGINT or SIGTERM.

import { DEFAULT_ACCOUNTS, startFakeBusinessMap } from './index.js';

function parseArgs(argv) {
  const out = { port: 0, host: '127.0.0.1', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') out.port = Number(argv[++i]);
    else if (arg.startsWith('--port=')) out.port = Number(arg.slice(7));
    else if (arg === '--host') out.host = argv[++i];
    else if (arg.startsWith('--host=')) out.host = arg.slice(7);
    else if (arg === '--quiet') out.quiet = true;
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) {
    throw new Error('--port needs an integer from 0 to 65535');
  }
  return out;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`fake-businessmap: ${err.message}\n`);
    process.exit(2);
  }
  const fake = await startFakeBusinessMap({ accounts: DEFAULT_ACCOUNTS, ...args });
  const accounts = {};
  for (const name of fake.accounts()) {
    accounts[name] = { url: fake.url(name), apiKey: fake.apiKey(name) };
  }
  process.stdout.write(`${JSON.stringify({ url: fake.baseUrl, accounts })}\n`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`fake-businessmap: ${err.stack || err}\n`);
  process.exit(1);
});
