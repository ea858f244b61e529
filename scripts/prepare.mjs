// Brings a fresh checkout to a runnable state, doing only what is missing:
// system packages and the cJSON source (scripts/setup-system.sh), the npm
// dev dependencies (only when `withDev`), and the core build.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

// Children write to stderr only: `npm run demo` may be an MCP client's
// server command, whose stdout must carry nothing but MCP messages.
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], cwd: ROOT, ...opts });
  if (r.status !== 0) {
    console.error(`prepare: ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

function newestSource() {
  let newest = 0;
  for (const dir of ['src', 'wasm']) {
    for (const f of readdirSync(join(ROOT, dir))) newest = Math.max(newest, statSync(join(ROOT, dir, f)).mtimeMs);
  }
  return Math.max(newest, statSync(join(ROOT, 'CMakeLists.txt')).mtimeMs);
}

export function prepare({ withDev = false, native = false, force = false } = {}) {
  const needSystem = !existsSync(join(ROOT, 'third_party/cjson/cJSON.c')) ||
    spawnSync('sh', ['-c', 'command -v wasm-ld && test -e /usr/include/wasm32-wasi/stdlib.h'], { stdio: 'ignore' }).status !== 0;
  if (needSystem) run('bash', ['scripts/setup-system.sh']);
  if (withDev && !existsSync(join(ROOT, 'node_modules/@modelcontextprotocol/sdk'))) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  if (withDev && !existsSync(join(ROOT, 'dist/o200k_base.bmtok'))) {
    run(process.execPath, ['scripts/gen-token-assets.mjs']);
  }
  const wasm = join(ROOT, 'dist/businessmap-core.wasm');
  if (force || !existsSync(wasm) || statSync(wasm).mtimeMs < newestSource()) {
    run(process.execPath, ['scripts/build.mjs', '--only', 'wasm']);
  }
  if (native) run(process.execPath, ['scripts/build.mjs', '--only', 'native']);
}
