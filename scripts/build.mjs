// Builds the core: natively (library, C tests, tools) and as a wasm32-wasi
// reactor module in dist/. `--emscripten` also builds the Emscripten
// module; `--only native|wasm|emscripten` builds one of them.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const jobs = String(Math.max(2, cpus().length));

function run(cmd, argv, env = process.env) {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`build: ${cmd} ${argv.join(' ')} failed`);
    process.exit(1);
  }
}

function cmake(dir, extra = [], prefix = []) {
  const configure = [...prefix, 'cmake', '-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=Release', ...extra];
  run(configure[0], configure.slice(1));
  run('cmake', ['--build', dir, '-j', jobs]);
}

const wants = (name) => (only ? only === name : name !== 'emscripten' || args.includes('--emscripten'));

if (wants('native')) cmake('build/native');
if (wants('wasm')) cmake('build/wasm', ['-DCMAKE_TOOLCHAIN_FILE=cmake/wasi.cmake']);
if (wants('emscripten')) {
  const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };
  const r = spawnSync('emcmake', ['cmake', '-S', '.', '-B', 'build/emscripten', '-DCMAKE_BUILD_TYPE=Release'],
    { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(1);
  run('cmake', ['--build', 'build/emscripten', '-j', jobs], env);
}
