// npm run bench: where the server stands against the floor it cannot go
// below (a bare Node process, a fetch with no MCP logic) and against the
// targets of docs/performance.md. Prints a table and writes
// bench/results/latest.json. Every figure is a median over repeated runs,
// shown with its min and max. Servers listen on 127.0.0.1 only; every loop
// has a fixed bound. `--quick` cuts the repetitions, for a smoke run.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import {
  CARD_ID, CONFIG_SIZES, instanceName, instancesConfig, PROFILE_INSTANCES, PROFILES, tokenEnv, tokenVar, writeInputs,
} from './inputs.mjs';
import { percentiles, summary } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'host-js', 'cli.js');
const RESULTS = join(ROOT, 'bench', 'results');
const QUICK = process.argv.includes('--quick');

const COLD_RUNS = QUICK ? 3 : 20;           // spawns per configuration
const COLD_SIZES = [1, 10, 100];
const WARMUP_CALLS = QUICK ? 100 : 200;
const ROUNDS = 5;                           // per-call rounds, each alternating server and baseline
const TOTAL_CALLS = QUICK ? 1000 : 10000;   // per process, warm-up included
const ROUND_CALLS = (TOTAL_CALLS - WARMUP_CALLS) / ROUNDS;
const REPLY_TIMEOUT_MS = 30000;
const MiB = 1024 * 1024;

const WASM = process.env.BUSINESSMAP_CORE_WASM || join(ROOT, 'dist', 'businessmap-core.wasm');

// ---- child processes ---------------------------------------------------

// A child speaking newline-delimited JSON on stdout; replies are matched
// to requests by id.
class LineChild {
  constructor(cmd, args, env) {
    this.t0 = performance.now();
    this.proc = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pending = new Map();
    this.stderr = '';
    this.buffer = '';
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk) => this.onData(chunk));
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < 20000) this.stderr += d;
    });
    this.proc.stdin.on('error', () => {});
    this.exited.then((code) => {
      for (const p of this.pending.values()) p.reject(new Error(`${cmd} exited (${code}): ${this.stderr.slice(-2000)}`));
      this.pending.clear();
    });
  }

  onData(chunk) {
    this.buffer += chunk;
    let nl;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      const at = performance.now();
      let msg;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      const p = this.pending.get(msg.id);
      if (!p) continue;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve({ msg, at });
    }
  }

  // Resolves with {msg, at} when a line with this id arrives.
  waitFor(id, what = `message ${id}`) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no ${what} within ${REPLY_TIMEOUT_MS} ms: ${this.stderr.slice(-2000)}`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  // Sends a request; resolves with {msg, at} when its reply arrives.
  request(msg) {
    const reply = this.waitFor(msg.id, `reply to ${msg.method}`);
    this.proc.stdin.write(JSON.stringify(msg) + '\n');
    return reply;
  }

  notify(msg) {
    this.proc.stdin.write(JSON.stringify(msg) + '\n');
  }

  // Ends stdin (the server's signal to stop) and waits for the exit.
  async stop() {
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 10000);
    await this.exited;
    clearTimeout(timer);
  }
}

// VmRSS (and the peak, VmHWM) of a live process, in bytes; null off Linux.
function rssOf(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function baseEnv(extra) {
  const env = { PATH: process.env.PATH, HOME: os.tmpdir(), BUSINESSMAP_LOG_LEVEL: 'info', ...extra };
  if (process.env.BUSINESSMAP_CORE_WASM) env.BUSINESSMAP_CORE_WASM = process.env.BUSINESSMAP_CORE_WASM;
  return env;
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
};
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };
const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list' };

// ---- the fake API ------------------------------------------------------

async function startFake() {
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'fake.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const first = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the fake API did not start')), REPLY_TIMEOUT_MS);
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(text.slice(0, text.indexOf('\n'))));
      }
    });
    child.on('exit', () => reject(new Error('the fake API exited')));
  });
  return {
    ...first,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// The instances file for the stdio runs: instance 0 is the fake's account,
// the others point at accounts the fake does not have (never contacted).
function stdioConfig(fake, n) {
  return instancesConfig(n, {
    urlOf: (i) => (i === 0 ? fake.url : fake.url.replace('/acct/bench/', `/acct/${instanceName(i)}/`)),
  });
}

function stdioTokens(fake, n) {
  return { ...tokenEnv(n), [tokenVar(0)]: fake.apiKey };
}

// ---- cold start --------------------------------------------------------

// One spawn of `node -e 0`, timed to its exit.
async function bareExit() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore', env: baseEnv() });
  await new Promise((resolve) => child.on('exit', resolve));
  return performance.now() - t0;
}

// The RSS of a Node process that has started and has nothing to do, read
// the same way as the server's: from /proc, once it says it is up.
async function bareRss() {
  const idle = new LineChild(process.execPath,
    ['-e', "process.stdout.write(JSON.stringify({id: 0}) + '\\n'); process.stdin.resume()"], baseEnv());
  try {
    await idle.waitFor(0, 'sign of life from an idle node');
    return rssOf(idle.proc.pid)?.rss;
  } finally {
    await idle.stop();
  }
}

// Spawns of the server for each size, interleaved with bare Node runs so
// that a slow spell of the machine hits every column alike.
async function coldStart(fake, dir) {
  const out = {};
  const files = {};
  const bare = { exit: [], rss: [] };
  for (const n of COLD_SIZES) {
    files[n] = join(dir, `cold-${n}.json`);
    writeFileSync(files[n], JSON.stringify(stdioConfig(fake, n), null, 2));
    out[n] = { init: [], list: [], rss: [] };
  }
  for (let r = 0; r < COLD_RUNS; r++) {
    bare.exit.push(await bareExit());
    bare.rss.push(await bareRss());
    for (const n of COLD_SIZES) {
      const server = new LineChild(process.execPath, [CLI, '--config', files[n]], baseEnv(stdioTokens(fake, n)));
      try {
        const init = await server.request(INITIALIZE);
        if (!init.msg.result) throw new Error(`initialize failed: ${JSON.stringify(init.msg)}`);
        server.notify(INITIALIZED);
        const list = await server.request(TOOLS_LIST);
        if (!list.msg.result?.tools?.length) throw new Error(`tools/list failed: ${JSON.stringify(list.msg)}`);
        out[n].init.push(init.at - server.t0);
        out[n].list.push(list.at - server.t0);
        out[n].rss.push(rssOf(server.proc.pid)?.rss);
      } finally {
        await server.stop();
      }
    }
  }
  const sizes = {};
  for (const n of COLD_SIZES) {
    sizes[n] = {
      toInitializeMs: summary(out[n].init),
      toToolsListMs: summary(out[n].list),
      rss: out[n].rss.includes(undefined) ? null : summary(out[n].rss),
    };
  }
  const bareNode = {
    spawnToExitMs: summary(bare.exit),
    rss: bare.rss.includes(undefined) ? null : summary(bare.rss),
  };
  return { bareNode, sizes };
}

// ---- per call ----------------------------------------------------------

const PCTS = [50, 95, 99];

async function perCall(fake, dir) {
  const cfgPath = join(dir, 'stdio-1.json');
  writeFileSync(cfgPath, JSON.stringify(stdioConfig(fake, 1), null, 2));
  const cardId = fake.fixtures?.cardIds?.active?.[0] ?? CARD_ID;
  const server = new LineChild(process.execPath, [CLI, '--config', cfgPath], baseEnv(stdioTokens(fake, 1)));
  const baseline = new LineChild(process.execPath, [join(ROOT, 'bench', 'baseline.mjs')],
    baseEnv({ BENCH_API_URL: fake.url, BENCH_API_TOKEN: fake.apiKey }));
  const procs = { server, baseline };
  const nextId = { server: 10, baseline: 10 };
  try {
    for (const p of Object.values(procs)) {
      await p.request(INITIALIZE);
      p.notify(INITIALIZED);
      await p.request(TOOLS_LIST);
    }
    const startup = { server: rssOf(server.proc.pid), baseline: rssOf(baseline.proc.pid) };

    const call = async (who) => {
      const id = nextId[who]++;
      const msg = { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_card', arguments: { card_id: cardId } } };
      const t0 = performance.now();
      const { msg: reply, at } = await procs[who].request(msg);
      if (!reply.result || reply.result.isError) throw new Error(`${who}: get_card failed: ${JSON.stringify(reply).slice(0, 500)}`);
      return at - t0;
    };
    for (let i = 0; i < WARMUP_CALLS; i++) await call('server');
    for (let i = 0; i < WARMUP_CALLS; i++) await call('baseline');

    // RSS after the warm-up and after each round: a plateau is V8 sizing
    // its heap, a steady climb would be a leak.
    const rounds = { server: [], baseline: [] };
    const rssTrail = { server: [rssOf(server.proc.pid)?.rss], baseline: [rssOf(baseline.proc.pid)?.rss] };
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? ['server', 'baseline'] : ['baseline', 'server'];
      for (const who of order) {
        const lat = new Float64Array(ROUND_CALLS);
        for (let i = 0; i < ROUND_CALLS; i++) lat[i] = await call(who);
        rounds[who].push(percentiles(lat, PCTS));
        rssTrail[who].push(rssOf(procs[who].proc.pid)?.rss);
      }
    }
    const after = { server: rssOf(server.proc.pid), baseline: rssOf(baseline.proc.pid) };
    const fig = (who, p) => summary(rounds[who].map((x) => x[`p${p}`]));
    const result = { calls: TOTAL_CALLS, roundCalls: ROUND_CALLS, rounds: ROUNDS, server: {}, baseline: {} };
    for (const who of ['server', 'baseline']) for (const p of PCTS) result[who][`p${p}Ms`] = fig(who, p);
    result.overheadP50Ms = summary(rounds.server.map((s, i) => s.p50 - rounds.baseline[i].p50));
    result.rss = { startup, after, trail: rssTrail };
    return result;
  } finally {
    await Promise.all(Object.values(procs).map((p) => p.stop()));
  }
}

// ---- core --------------------------------------------------------------

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) return { error: `${what} failed: ${(r.stderr || r.error?.message || '').slice(-1500)}` };
  return { stdout: r.stdout };
}

// Builds bench_core natively and for WASI. A build broken by someone
// else's half-finished file leaves that column empty rather than the
// whole report.
function buildBenchCore() {
  const out = {};
  const builds = {
    native: { dir: 'build/native', extra: [], file: 'build/native/bench_core' },
    wasi: { dir: 'build/wasm', extra: ['-DCMAKE_TOOLCHAIN_FILE=cmake/wasi.cmake'], file: 'build/wasm/bench_core' },
  };
  for (const [name, b] of Object.entries(builds)) {
    let r = run('cmake', ['-S', '.', '-B', b.dir, '-DCMAKE_BUILD_TYPE=Release', ...b.extra], `configuring ${b.dir}`);
    if (!r.error) r = run('cmake', ['--build', b.dir, '--target', 'bench_core', '-j', '2'], `building ${name} bench_core`);
    out[name] = r.error ? { error: r.error } : { path: join(ROOT, b.file) };
  }
  return out;
}

function parseJson(r) {
  if (r.error) return r;
  try {
    return JSON.parse(r.stdout);
  } catch (err) {
    return { error: `unreadable output: ${err.message}` };
  }
}

function coreBenches(inputs) {
  const builds = buildBenchCore();
  const native = builds.native.error ? builds.native : parseJson(run(builds.native.path, [inputs], 'bench_core'));
  const wasi = builds.wasi.error
    ? builds.wasi
    : parseJson(run(process.execPath, ['--no-warnings', join(ROOT, 'bench', 'wasi-run.mjs'), builds.wasi.path, inputs],
      'bench_core (WASI)'));
  const host = parseJson(run(process.execPath, [join(ROOT, 'bench', 'core-wasm.mjs'), inputs], 'core-wasm.mjs'));
  return { native, wasi, host };
}

// ---- size --------------------------------------------------------------

// The byte size of each section of a .wasm, by section id.
function wasmSections(bytes) {
  const names = { 1: 'type', 2: 'import', 3: 'function', 5: 'memory', 6: 'global', 7: 'export', 10: 'code', 11: 'data' };
  const out = {};
  let at = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return v;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const len = leb();
    const key = names[id] ?? (id === 0 ? 'custom' : `section${id}`);
    out[key] = (out[key] ?? 0) + len;
    at += len;
  }
  return out;
}

function sizes() {
  const bytes = readFileSync(WASM);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const out = {
    wasm: { path: WASM, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, sections: wasmSections(bytes) },
    runtimeDependencies: Object.keys(pkg.dependencies ?? {}).length,
    runtimeDependencyNames: Object.keys(pkg.dependencies ?? {}),
  };
  // --ignore-scripts: the prepack script would rebuild dist/ mid-run.
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * MiB, timeout: 120000 });
  try {
    const [p] = JSON.parse(r.stdout);
    out.npmPackage = { packed: p.size, unpacked: p.unpackedSize, files: p.entryCount ?? p.files?.length };
  } catch {
    out.npmPackage = { error: `npm pack --dry-run failed: ${(r.stderr || '').slice(-500)}` };
  }
  return out;
}

// ---- targets -----------------------------------------------------------

function targets(r) {
  const t = [];
  const add = (name, figure, limit, unit, ok) =>
    t.push({ name, figure, limit, unit, result: figure == null || Number.isNaN(figure) ? 'N/A' : ok ? 'PASS' : 'MISS' });
  const bare = r.bareNode;
  const cold1 = r.coldStart?.[1];
  add('spawn to initialize, over bare node -e 0', cold1 && cold1.toInitializeMs.median - bare.spawnToExitMs.median, 40, 'ms',
    cold1 && cold1.toInitializeMs.median - bare.spawnToExitMs.median <= 40);
  const rssStart = cold1?.rss && bare.rss ? (cold1.rss.median - bare.rss.median) / MiB : null;
  add('RSS after start-up, over a bare Node process', rssStart, 12, 'MiB', rssStart <= 12);
  const after = r.perCall?.rss?.after?.server?.rss;
  const rssCalls = after && bare.rss ? (after - bare.rss.median) / MiB : null;
  add(`RSS after ${TOTAL_CALLS.toLocaleString('en')} calls, over a bare Node process`, rssCalls, 20, 'MiB', rssCalls <= 20);
  const overhead = r.perCall?.overheadP50Ms?.median;
  add('per-call overhead over the baseline (p50)', overhead, 0.2, 'ms', overhead <= 0.2);
  const cfg = r.core.host.figures?.engine_new_1000?.median;
  add('1,000-instance config parsed+validated in WASM', cfg == null ? null : cfg / 1000, 5, 'ms', cfg / 1000 < 5);
  const perInstance = r.core.native.heap?.per_instance ?? r.core.host.memory?.per_instance;
  add('memory per configured instance', perInstance, 4096, 'B', perInstance < 4096);
  add('.wasm raw size (no tokenizer data in it)', r.size.wasm.raw / 1024, 300, 'KiB', r.size.wasm.raw < 300 * 1024);
  add('runtime npm dependencies', r.size.runtimeDependencies, 0, '', r.size.runtimeDependencies === 0);
  const hit = r.core.wasi.figures?.cache_get_hit?.median;
  add('cache hit in WASM (bm_cache_get)', hit, 5, 'µs', hit < 5);
  const entry = r.core.native.heap?.cache_entry_beyond_body;
  add('cache bookkeeping per entry beyond the body', entry, 200, 'B', entry < 200);
  return t;
}

// ---- the table ---------------------------------------------------------

const num = (v, digits) => (v == null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));

function digitsFor(v) {
  if (v == null || Number.isInteger(v)) return 0;
  const a = Math.abs(v);
  return a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : 4;
}

// "median [min-max]" with a precision that suits the median.
function fmt(s, scale = 1) {
  if (!s || s.median == null) return 'n/a';
  const d = digitsFor(s.median / scale);
  return `${num(s.median / scale, d)} [${num(s.min / scale, d)}-${num(s.max / scale, d)}]`;
}

function row(cells, widths) {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

function table(title, head, rows) {
  const widths = head.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  return [title, row(head, widths), ...rows.map((r) => row(r, widths))].join('\n');
}

function report(r) {
  const out = [];
  const m = r.machine;
  out.push(`businessmap-mcp benchmark, ${r.date}${QUICK ? ' (--quick)' : ''}`);
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${(m.memory / 1024 ** 3).toFixed(1)} GiB, Node ${m.node}, ` +
    `${m.os}; load average ${m.loadStart.map((x) => x.toFixed(2)).join('/')} at start, ` +
    `${m.loadEnd.map((x) => x.toFixed(2)).join('/')} at end`);
  out.push('figures: median [min-max] over the runs given in each title');
  out.push('');

  const bare = r.bareNode;
  const coldRows = [['bare node -e 0 (spawn to exit)', fmt(bare.spawnToExitMs), '', fmt(bare.rss, MiB)]];
  for (const n of COLD_SIZES) {
    const c = r.coldStart[n];
    coldRows.push([`server, ${n} instance${n > 1 ? 's' : ''}`, fmt(c.toInitializeMs), fmt(c.toToolsListMs), fmt(c.rss, MiB)]);
  }
  out.push(table(`Cold start, spawn to reply (${COLD_RUNS} runs each)`,
    ['', 'initialize, ms', 'tools/list, ms', 'RSS, MiB'], coldRows));
  out.push('');

  const pc = r.perCall;
  const pcRows = ['baseline', 'server'].map((who) => [
    who === 'server' ? 'server (get_card over stdio)' : 'baseline (bench/baseline.mjs)',
    ...PCTS.map((p) => fmt(pc[who][`p${p}Ms`]))]);
  pcRows.push(['overhead (server - baseline)', fmt(pc.overheadP50Ms), '', '']);
  out.push(table(`Per call, ms (${pc.rounds} rounds of ${pc.roundCalls} calls after ${WARMUP_CALLS} warm-up; ` +
    'percentiles per round)', ['', 'p50', 'p95', 'p99'], pcRows));
  out.push('');

  const { native, wasi, host } = r.core;
  const f = (src, key) => (src.figures ? fmt(src.figures[key]) : 'n/a');
  const coreRows = [];
  for (const n of CONFIG_SIZES) {
    coreRows.push([`config parse+validate, ${n}`, f(native, `config_load_${n}`), f(wasi, `config_load_${n}`), '']);
    coreRows.push([`engine start-up, ${n}`, f(native, `engine_new_${n}`), f(wasi, `engine_new_${n}`),
      f(host, `engine_new_${n}`)]);
  }
  for (const p of PROFILES) {
    coreRows.push([`tools/list, ${p}`, f(native, `tools_list_${p}`), f(wasi, `tools_list_${p}`), f(host, `tools_list_${p}`)]);
  }
  coreRows.push(['cache hit, bm_cache_get', f(native, 'cache_get_hit'), f(wasi, 'cache_get_hit'), '']);
  coreRows.push(['cache hit, whole tools/call', f(native, 'cache_hit_engine'), f(wasi, 'cache_hit_engine'),
    f(host, 'cache_hit_engine')]);
  coreRows.push(['tool call, scripted response', f(native, 'tool_call_scripted'), f(wasi, 'tool_call_scripted'),
    f(host, 'tool_call_scripted')]);
  coreRows.push(['tool call through McpRuntime, fetch stubbed', '', '', f(host, 'runtime_call_stub_fetch')]);
  coreRows.push(['  the stubbed fetch alone', '', '', f(host, 'stub_fetch_alone')]);
  out.push(table('Core, µs per operation (11 runs; engine start-up includes the config; ' +
    `tools/list with ${PROFILE_INSTANCES} instances)`, ['', 'native C', 'WASM, C loop', 'WASM via core.js'], coreRows));
  for (const [name, src] of Object.entries(r.core)) if (src.error) out.push(`  ${name}: ${src.error.split('\n')[0]}`);
  out.push('');

  const heap = native.heap;
  const memRows = [
    ['RSS, bare Node process', fmt(bare.rss, MiB) + ' MiB'],
    ['RSS, server after start-up (1 instance)', fmt(r.coldStart[1].rss, MiB) + ' MiB'],
    [`RSS, server after ${pc.calls.toLocaleString('en')} calls`, num(pc.rss.after.server?.rss / MiB, 1) + ' MiB'],
    [`RSS, baseline after ${pc.calls.toLocaleString('en')} calls`, num(pc.rss.after.baseline?.rss / MiB, 1) + ' MiB'],
    ['RSS of the server after the warm-up and each round',
      pc.rss.trail.server.map((b) => num(b / MiB, 0)).join(' > ') + ' MiB'],
    ['RSS of the baseline after the warm-up and each round',
      pc.rss.trail.baseline.map((b) => num(b / MiB, 0)).join(' > ') + ' MiB'],
    ['RSS, server minus baseline, after start-up / after the calls',
      `${num((pc.rss.startup.server?.rss - pc.rss.startup.baseline?.rss) / MiB, 1)} / ` +
      `${num((pc.rss.after.server?.rss - pc.rss.after.baseline?.rss) / MiB, 1)} MiB`],
    ['WASM linear memory after start-up (1 / 1,000 instances)',
      host.memory ? `${host.memory.linear_startup_1 / MiB} / ${host.memory.linear_startup_1000 / MiB} MiB` : 'n/a'],
    ['heap per configured instance, native (malloc count)', heap ? `${num(heap.per_instance, 0)} B` : 'n/a'],
    ['heap per configured instance, WASM (free-heap probe)', host.memory ? `${num(host.memory.per_instance, 0)} B` : 'n/a'],
    ['cache entry beyond its body, native heap', heap ? `${num(heap.cache_entry_beyond_body, 0)} B` : 'n/a'],
    ['cache entry overhead the budget charges', heap ? `${heap.cache_entry_charged_overhead} B + key` : 'n/a'],
  ];
  out.push(table('Memory', ['', ''], memRows));
  out.push('');

  const s = r.size;
  const sizeRows = [
    ['businessmap-core.wasm, raw / gzip -9', `${num(s.wasm.raw / 1024, 1)} / ${num(s.wasm.gzip / 1024, 1)} KiB`],
    ['  of which code / data sections', `${num(s.wasm.sections.code / 1024, 1)} / ${num((s.wasm.sections.data ?? 0) / 1024, 1)} KiB`],
    ['npm package, packed / unpacked (files)', s.npmPackage.error ? 'n/a' :
      `${num(s.npmPackage.packed / 1024, 1)} / ${num(s.npmPackage.unpacked / 1024, 1)} KiB (${s.npmPackage.files})`],
    ['runtime dependencies', String(s.runtimeDependencies)],
  ];
  out.push(table('Size', ['', ''], sizeRows));
  out.push('');

  out.push(table('Targets on this machine', ['', 'figure', 'target', ''],
    r.targets.map((t) => [t.name, `${num(t.figure, digitsFor(t.figure))} ${t.unit}`.trim(),
      `${t.name.startsWith('runtime') ? '=' : '<='} ${t.limit} ${t.unit}`.trim(), t.result])));
  return out.join('\n');
}

// ---- main --------------------------------------------------------------

async function main() {
  if (!existsSync(WASM)) {
    console.error(`bench: ${WASM} is missing; run 'node scripts/build.mjs --only wasm' first`);
    return 2;
  }
  const started = performance.now();
  const result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memory: os.totalmem(),
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      loadStart: os.loadavg(),
    },
  };
  mkdirSync(RESULTS, { recursive: true });
  const inputs = writeInputs(join(RESULTS, 'inputs'));
  const tmp = mkdtempSync(join(os.tmpdir(), 'bm-bench-'));
  try {
    process.stderr.write('bench: core (native, WASI, core.js)...\n');
    result.core = coreBenches(inputs);
    process.stderr.write('bench: size...\n');
    result.size = sizes();
    const fake = await startFake();
    try {
      process.stderr.write('bench: cold start...\n');
      ({ bareNode: result.bareNode, sizes: result.coldStart } = await coldStart(fake, tmp));
      process.stderr.write(`bench: per call (${TOTAL_CALLS} calls each to server and baseline)...\n`);
      result.perCall = await perCall(fake, tmp);
    } finally {
      await fake.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  result.machine.loadEnd = os.loadavg();
  result.targets = targets(result);
  result.seconds = (performance.now() - started) / 1000;
  const text = report(result);
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(`${text}\n\n(${result.seconds.toFixed(0)} s; JSON in bench/results/latest.json)\n`);
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  console.error(`bench: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
