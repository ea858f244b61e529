// The core's costs as a host sees them: the shipped .wasm driven through
// host-js/core.js, strings copied in and effects parsed out, timed with
// performance.now(). The same operations as bench_core.c, so each row of
// the report has a native, a WASM and a WASM-through-the-host figure.
// Usage: node bench/core-wasm.mjs INPUT_DIR   (prints one JSON document)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadCore } from '../host-js/core.js';
import { DEFAULT_WASM } from '../host-js/node-core.js';
import { McpRuntime } from '../host-js/runtime.js';
import { startupDocument } from '../host-js/startup.js';
import { BOARD_ID, CARD_ID, CONFIG_SIZES, PROFILES } from './inputs.mjs';
import { measure, measureAsync } from './stats.mjs';

const dir = process.argv[2];
const NOW = 1000; // a fixed clock: nothing in the cache expires
const wasmPath = process.env.BUSINESSMAP_CORE_WASM || DEFAULT_WASM;
const module = await WebAssembly.compile(readFileSync(wasmPath));

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
});
const INITIALIZED = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
const TOOLS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
const GET_CARD = JSON.stringify({
  jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_card', arguments: { card_id: CARD_ID } },
});
const GET_BOARD = JSON.stringify({
  jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'get_board', arguments: { board_id: BOARD_ID } },
});
const META = { headers: { 'content-type': 'application/json' } };

function input(name) {
  return readFileSync(join(dir, name), 'utf8');
}

// The start-up document a host would build: every token variable the
// config names set to a dummy value.
function startupFor(text) {
  const env = { ALLOW_INSECURE_LOCALHOST: 'true' };
  for (const inst of JSON.parse(text).instances) env[inst.apiTokenEnv] = 'dummy';
  return startupDocument({ text, source: 'bench' }, env, { seed: 1, serverVersion: 'bench' });
}

function readyEngine(core, text) {
  const engine = core.createEngine(startupFor(text));
  if (!engine.configOk) throw new Error(`bench config rejected: ${JSON.stringify(engine.problems())}`);
  engine.message(NOW, INITIALIZE);
  engine.message(NOW, INITIALIZED);
  return engine;
}

// A tools/call whose one GET is answered with body.
function scriptedCall(engine, msg, body) {
  const fx = engine.message(NOW, msg);
  if (!fx.http?.length) throw new Error('the tool call asked for no request');
  const done = engine.httpResponse(NOW, fx.http[0].id, 200, META, body);
  if (!done.messages?.length) throw new Error('the tool call gave no answer');
}

const figures = {};
const core = await loadCore(module);

for (const n of CONFIG_SIZES) {
  const doc = startupFor(input(`config-${n}.json`));
  figures[`engine_new_${n}`] = measure(() => {
    const engine = core.createEngine(doc);
    if (!engine.configOk) throw new Error('bench config rejected');
    engine.close();
  });
}

for (const p of PROFILES) {
  const engine = readyEngine(core, input(`profile-${p}.json`));
  figures[`tools_list_${p}`] = measure(() => {
    if (!engine.message(NOW, TOOLS_LIST).messages?.length) throw new Error('tools/list gave no list');
  });
  engine.close();
}

{
  const engine = readyEngine(core, input('config-1.json'));
  const card = readFileSync(join(dir, 'card.json'));
  const board = readFileSync(join(dir, 'board.json'));
  figures.tool_call_scripted = measure(() => scriptedCall(engine, GET_CARD, card));
  scriptedCall(engine, GET_BOARD, board);
  figures.cache_hit_engine = measure(() => {
    const fx = engine.message(NOW, GET_BOARD);
    if (fx.http || !fx.messages?.length) throw new Error('the cached call was not a cache hit');
  });
  engine.close();
}

// The same call through McpRuntime, the host's driver, with fetch stubbed
// by an in-memory Response: what the host adds around the core, short of
// stdio and the network. The stub's own cost is timed alone beside it.
{
  const card = readFileSync(join(dir, 'card.json'));
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(card.length) };
  const fetch = async () => new Response(card, { status: 200, headers });
  const engine = readyEngine(core, input('config-1.json'));
  let answered;
  const runtime = new McpRuntime({ engine, fetch, credential: () => 'dummy', onMessage: (m) => answered(m) });
  const line = Buffer.from(GET_CARD);
  // Longer runs than the synchronous figures: a scavenge of the young
  // generation every few hundred calls would otherwise land in some runs
  // and not in others.
  const slow = { minMs: 40, warmMs: 200 };
  figures.runtime_call_stub_fetch = await measureAsync(() => new Promise((resolve) => {
    answered = resolve;
    runtime.receive(line);
  }), slow);
  figures.stub_fetch_alone = await measureAsync(async () => {
    const res = await fetch();
    await res.arrayBuffer();
  }, slow);
  runtime.close();
  engine.close();
}

// Linear memory never shrinks and starts at 4 MiB, which a thousand
// instances fit in, so its size says little. Instead each figure gets a
// fresh instance, and the heap still free after start-up is probed by
// allocating PROBE_BYTES blocks until memory would have to grow; the
// difference between two configs is what the extra instances keep.
const PROBE_BYTES = 256;
const PROBE_MAX = 1 << 16;

function freeHeap(c) {
  const size = c.memoryBytes;
  const blocks = [];
  while (blocks.length < PROBE_MAX) {
    const p = c.x.bm_alloc(PROBE_BYTES);
    if (!p || c.memoryBytes !== size) {
      if (p) c.x.bm_free(p);
      break;
    }
    blocks.push(p);
  }
  for (const p of blocks) c.x.bm_free(p);
  return blocks.length * PROBE_BYTES;
}

async function memoryAfter(text) {
  const fresh = await loadCore(module);
  const engine = readyEngine(fresh, text);
  engine.message(NOW, TOOLS_LIST);
  return { linear: fresh.memoryBytes, free: freeHeap(fresh) };
}

const one = await memoryAfter(input('config-1.json'));
const thousand = await memoryAfter(input('config-1000.json'));
const memory = {
  linear_startup_1: one.linear,
  linear_startup_1000: thousand.linear,
  probe_bytes: PROBE_BYTES,
  per_instance: thousand.linear === one.linear ? (one.free - thousand.free) / 999 : null,
};

process.stdout.write(JSON.stringify({ build: 'wasm via core.js', wasm: wasmPath, unit: 'us', memory, figures }) + '\n');
