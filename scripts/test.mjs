// `npm test`: prepares the checkout (system packages, dev dependencies,
// both builds), then runs the C tests (ctest) and the JS tests (node:test).
// Extra stages, each run when asked or in CI:
//   --emscripten   also run the JS suite against the Emscripten build
//   --soak         20,000 calls under ASan/LeakSanitizer, and valgrind
//                  when installed (scripts/soak.sh)
//   --fuzz         each libFuzzer target for 45 s (scripts/fuzz.sh)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

import { prepare, ROOT } from './prepare.mjs';

const args = new Set(process.argv.slice(2));
const failures = [];

function stage(name, cmd, argv, env = process.env) {
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, argv, { stdio: 'inherit', cwd: ROOT, env });
  if (r.status !== 0) failures.push(name);
}

prepare({ withDev: true, native: true, force: true });

stage('C formatting (scripts/format.sh --check)', 'sh', ['scripts/format.sh', '--check']);

stage('C tests (ctest)', 'ctest', ['--test-dir', 'build/native', '--output-on-failure']);

const jsTests = readdirSync(`${ROOT}tests/js`).filter((f) => f.endsWith('.test.js')).sort()
  .map((f) => `tests/js/${f}`);
stage('JS tests (node:test)', process.execPath, ['--test', '--test-concurrency=2', ...jsTests]);

if (args.has('--emscripten') || process.env.CI) {
  stage('Emscripten build', process.execPath, ['scripts/build.mjs', '--only', 'emscripten']);
  if (!failures.includes('Emscripten build')) {
    const env = { ...process.env, BUSINESSMAP_CORE_WASM: `${ROOT}dist/businessmap-core.emscripten.wasm` };
    const suite = jsTests.filter((f) => !/fake-businessmap|validator|tokenizer/.test(f));
    stage('JS tests against the Emscripten build', process.execPath, ['--test', '--test-concurrency=2', ...suite], env);
  }
}

if (args.has('--soak') || process.env.CI) {
  stage('Soak under the leak checkers (scripts/soak.sh)', 'sh', ['scripts/soak.sh']);
}

if (args.has('--fuzz') || process.env.CI) {
  stage('Fuzz targets, 45 s each (scripts/fuzz.sh)', 'sh', ['scripts/fuzz.sh', '45']);
}

if (failures.length) {
  console.error(`\nFailed stages: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('\nAll stages passed.');
