// `npm run demo`: builds what is missing, then serves MCP over stdio with
// two demo instances backed by the embedded fake BusinessMap API.
import { spawn } from 'node:child_process';

import { prepare, ROOT } from './prepare.mjs';

prepare();
if (process.stdin.isTTY) {
  process.stderr.write(
    'Demo MCP server on stdio. Point an MCP client at:\n' +
    `  command: node  args: ["${ROOT}host-js/cli.js", "--demo"]\n` +
    'or paste JSON-RPC lines here, for example:\n' +
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"me","version":"1"}}}\n' +
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_boards","arguments":{"instance":"staging"}}}\n');
}
const child = spawn(process.execPath, [`${ROOT}host-js/cli.js`, '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
