// Measures the builds of the core side by side: the clang + wasi-libc
// module the package ships and the Emscripten one. For each: raw and gzip
// size, the time to compile and to instantiate, and the time one engine
// takes to answer 1,000 tools/list messages, as CPU time of this process
// (so that other work on the machine counts less). The builds are measured
// in interleaved rounds, so that what load remains hits them alike; the
// table gives the best round and the median.
//   --build      build both from the current sources first (else they must
//                exist, and should come from the same sources)
//   --also FILE  add another module (a wasm-opt variant, say)
//   --json       print the raw figures too

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

import { loadCore } from '../host-js/core.js';
import { startupDocument } from '../host-js/startup.js';

const BUILDS = [
  { name: 'clang + wasi-libc', file: 'dist/businessmap-core.wasm' },
  { name: 'Emscripten', file: 'dist/businessmap-core.emscripten.wasm' },
];
const LOAD_ROUNDS = 30;
const LIST_ROUNDS = 15;
const MESSAGES = 1000;
const WARM_UP = 300;

const CONFIG = JSON.stringify({
  version: '1.0',
  defaultInstance: 'prod',
  instances: ['dev', 'staging', 'prod'].map((name) => ({
    name,
    apiUrl: `https://example-${name}.kanbanize.com/api/v2`,
    apiTokenEnv: `BM_TOKEN_${name.toUpperCase()}`,
  })),
});
const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);

function newEngine(core) {
  const engine = core.createEngine(startupDocument({ text: CONFIG, source: 'bench' }, {}, { checkTokenVars: false }));
  engine.message(0, JSON.stringify({
    jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  }));
  return engine;
}

function read(file) {
  try {
    return readFileSync(file.startsWith('/') ? file : new URL(`../${file}`, import.meta.url));
  } catch {
    throw new Error(`${file} is missing; build it first (see the top of this script)`);
  }
}

async function timeLoad(b) {
  const t0 = performance.now();
  const module = await WebAssembly.compile(b.bytes);
  const t1 = performance.now();
  await loadCore(module);
  const t2 = performance.now();
  b.compile.push(t1 - t0);
  b.instantiate.push(t2 - t1);
}

function timeList(b) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < MESSAGES; i++) b.engine.message(0, LIST);
  const { user, system } = process.cpuUsage(t0);
  b.list.push((user + system) / 1000);
}

const argv = process.argv.slice(2);
if (argv.includes('--build')) {
  for (const only of ['wasm', 'emscripten']) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--only', only],
      { cwd: new URL('..', import.meta.url), stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) process.exit(1);
  }
}
for (let i = argv.indexOf('--also'); i >= 0; i = argv.indexOf('--also', i + 1)) {
  BUILDS.push({ name: argv[i + 1], file: argv[i + 1] });
}

for (const b of BUILDS) {
  b.bytes = read(b.file);
  b.compile = [];
  b.instantiate = [];
  b.list = [];
}
for (let r = 0; r < LOAD_ROUNDS; r++) for (const b of BUILDS) await timeLoad(b);
for (const b of BUILDS) {
  b.engine = newEngine(await loadCore(await WebAssembly.compile(b.bytes)));
  for (let i = 0; i < WARM_UP; i++) b.answerBytes = b.engine.message(0, LIST).messages[0].length;
}
for (let r = 0; r < LIST_ROUNDS; r++) for (const b of BUILDS) timeList(b);

const results = BUILDS.map((b) => {
  b.engine.close();
  return {
    name: b.name,
    file: b.file,
    rawBytes: b.bytes.length,
    gzipBytes: gzipSync(b.bytes, { level: 9 }).length,
    compileMs: { best: best(b.compile), median: median(b.compile) },
    instantiateMs: { best: best(b.instantiate), median: median(b.instantiate) },
    toolsListMs: { best: best(b.list), median: median(b.list) },
    answerBytes: b.answerBytes,
  };
});

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = ({ best: b, median: m }) => `${b.toFixed(2)} / ${m.toFixed(2)} ms`;
console.log(`Node ${process.version}, ${process.platform}/${process.arch}. Times are best / median of ` +
  `${LOAD_ROUNDS} loads (wall clock) and of ${LIST_ROUNDS} rounds of ${MESSAGES} tools/list messages ` +
  `(CPU time; 3 instances, a ${results[0].answerBytes}-byte answer).\n`);
console.log('| build | raw | gzip -9 | compile | instantiate | 1,000 tools/list (CPU) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.name} | ${kb(r.rawBytes)} | ${kb(r.gzipBytes)} | ${ms(r.compileMs)} | ` +
    `${ms(r.instantiateMs)} | ${ms(r.toolsListMs)} |`);
}
if (argv.includes('--json')) console.log(`\n${JSON.stringify(results, null, 2)}`);
