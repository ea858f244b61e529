// The floor the stdio server is compared with: a Node process that reads a
// JSON-RPC line from stdin, makes the same GET to the API as get_card does,
// and writes the body back as a tool result line. No MCP logic, no core:
// what is left is process start-up, stdio, JSON and fetch.
//
// BENCH_API_URL is the account's API base, BENCH_API_TOKEN its key.

const base = process.env.BENCH_API_URL;
const token = process.env.BENCH_API_TOKEN;

function reply(id, result) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n');
}

async function handle(line) {
  const msg = JSON.parse(line);
  if (msg.id === undefined) return;
  if (msg.method !== 'tools/call') {
    reply(msg.id, {});
    return;
  }
  const res = await fetch(`${base}/cards/${msg.params.arguments.card_id}`, {
    headers: { accept: 'application/json', apikey: token },
  });
  const text = await res.text();
  reply(msg.id, { content: [{ type: 'text', text }], isError: !res.ok });
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (line.trim()) handle(line);
  }
});
