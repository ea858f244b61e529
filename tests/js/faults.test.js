// Faults at random: the real stdio server, driven by the official MCP SDK
// client, makes a few thousand mixed reads and writes across three
// accounts while the fake BusinessMap API answers some of them with rate
// limits, 5xx, reset connections, answers slower than the instance's
// timeout, cut-short, oversized and non-JSON bodies.
//
// The whole plan (every call and every fault) comes from one seed, printed
// at the start; FAULT_SEED=<n> replays it (the interleaving of concurrent
// calls still varies). FAULT_CALLS changes the number of calls.
//
// What must hold: every call gets a result (an isError result counts, a
// JSON-RPC error or a client timeout does not), the server is alive and
// answers ping at the end, and no write reached the fake's data twice.
// Writes are made checkable: each carries a unique marker in its body
// where it has one, and PUTs and DELETEs run one at a time per path, so
// every write request in the fake's log belongs to one logical call and
// pairs up with the answer the server logged for it.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { connect, instancesConfig, startFake, textOf, tokenEnv } from './helpers/stack.js';
import { makeRandom } from './helpers/random.js';

const NAMES = ['dev', 'staging', 'prod'];
const CALLS = Number(process.env.FAULT_CALLS) || 2000;
const CONCURRENCY = 8;
const CALL_TIMEOUT_MS = 30000;
const FAULT_RATE = 0.12;
const TIMEOUT_MS = 200;            // the instances' per-request limit
const DELAY_MS = 450;              // a delayed answer comes after it
const OVER_CAP = 16 * 1024 * 1024 + 4096;   // past the host's 16 MiB cap

// Every instance retries little and waits little; staging has no cache,
// so its reads all reach the fake.
const POLICY = { timeoutMs: TIMEOUT_MS, maxRetries: 2, maxBackoffMs: 50 };
const EXTRA = { dev: POLICY, staging: { ...POLICY, cache: false }, prod: POLICY };

// Fault kinds and how often each is drawn. Rate limits are rare because
// each holds its instance for a second (Retry-After plus one second).
const KIND_WEIGHTS = [
  ['status', 3], ['reset', 2], ['delay', 2], ['truncate', 2], ['nonjson', 1.5],
  ['oversize', 1], ['ratelimit', 0.8],
];

// Faults whose request the fake carries out before misbehaving, and those
// whose answer the server cannot read.
const APPLIES = new Set(['delay', 'truncate', 'oversize']);
const UNREADABLE = new Set(['truncate', 'nonjson']);

// A request may reach the fake a little after the server gave up on it and
// answered the call: the fake shares its event loop with the client. A
// path written without a marker is kept by its call this much longer.
const LATE_MS = 500;


function weighted(rng, table) {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table[table.length - 1][0];
}

function faultSpec(rng, kind, method, path) {
  const spec = { kind, method, path };
  if (kind === 'status') spec.status = rng.pick([500, 502, 503, 504]);
  if (kind === 'delay') spec.delayMs = DELAY_MS;
  if (kind === 'oversize') spec.bytes = rng.chance(0.25) ? OVER_CAP : 200 * 1024;
  if (kind === 'ratelimit') {
    spec.retryAfter = rng.pick([0, 1]);
    spec.bodyForm = rng.pick(['object', 'bare', 'message']);
  }
  return spec;
}

// ---- the plan -------------------------------------------------------------

// One call: {tool, args, instance, method, path, write, marker?, lock?}.
// method/path name the request the call's fault is aimed at; for writes
// they are the write itself. lock is set for writes without a body.
function planCall(rng, i, seed, fx) {
  const instance = NAMES[i % NAMES.length];
  const f = fx[instance];
  const marker = `FZ_${seed}_${i}`;
  const card = rng.pick(f.cardIds.active);
  const board = rng.pick([f.mainBoardId, f.secondBoardId]);
  const base = { instance };
  const read = (tool, args, path) => ({ ...base, tool, args, method: 'GET', path, write: false });
  const write = (tool, args, method, path, extra = {}) =>
    ({ ...base, tool, args, method, path, write: true, ...extra });

  const choices = [
    [() => read('get_card', { card_id: card }, `/cards/${card}`), 12],
    [() => read('list_cards', { board_id: board, per_page: 20 }, '/cards'), 8],
    [() => read('list_boards', {}, '/boards'), 5],
    [() => read('get_current_board_structure', { board_id: board },
      `/boards/${board}/currentStructure`), 6],
    [() => read('get_board', { board_id: board }, `/boards/${board}`), 4],
    [() => read('get_card_comments', { card_id: card }, `/cards/${card}/comments`), 4],
    [() => read('get_card_subtasks', { card_id: f.parentCardId },
      `/cards/${f.parentCardId}/subtasks`), 3],
    [() => read('list_workspaces', {}, '/workspaces'), 3],
    [() => write('create_card', { title: marker, column_id: f.columnIds.backlog },
      'POST', '/cards', { marker, store: 'cards', field: 'title' }), 8],
    [() => write('update_card', { card_id: card, description: marker }, 'PATCH',
      `/cards/${card}`, { marker }), 8],
    [() => write('create_card_comment', { card_id: card, text: marker }, 'POST',
      `/cards/${card}/comments`, { marker, store: 'comments', field: 'text' }), 7],
    [() => write('create_card_subtask', { card_id: card, description: marker }, 'POST',
      `/cards/${card}/subtasks`, { marker, store: 'subtasks', field: 'description' }), 4],
    [() => {
      const sub = rng.pick(f.subtaskIds);
      return write('update_card_subtask', { card_id: f.parentCardId, subtask_id: sub,
        description: marker }, 'PATCH', `/cards/${f.parentCardId}/subtasks/${sub}`, { marker });
    }, 4],
    [() => write('block_card', { card_id: card, comment: marker }, 'PUT',
      `/cards/${card}/blockReason`, { marker, lock: `${instance} /cards/${card}/blockReason` }),
    4],
    [() => {
      const ids = [...new Set([card, rng.pick(f.cardIds.active)])];
      return write('bulk_update_cards', { resource_ids: ids, description: marker }, 'PATCH',
        `/cards/${ids[0]}`, { marker });
    }, 2],
    [() => {
      const child = rng.pick(f.cardIds.active.filter((id) => id !== f.parentCardId));
      const path = `/cards/${child}/parents/${f.parentCardId}`;
      const remove = rng.chance(0.4);
      return write(remove ? 'remove_card_parent' : 'add_card_parent',
        { card_id: child, parent_card_id: f.parentCardId }, remove ? 'DELETE' : 'PUT', path,
        { lock: `${instance} ${path}` });
    }, 5],
  ];
  const call = weighted(rng, choices)();
  call.args = { ...call.args, instance };
  call.index = i;
  if (rng.chance(FAULT_RATE)) {
    call.fault = faultSpec(rng, weighted(rng, KIND_WEIGHTS), call.method, call.path);
  }
  return call;
}

// ---- running it -------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs every call with at most CONCURRENCY in flight. Calls sharing a lock
// run one after another, in plan order, LATE_MS apart, so their time
// windows in the fake's log never overlap.
async function runPlan(s, plan) {
  const tails = new Map();
  let next = 0;

  async function one(call) {
    const before = tails.get(call.lock);
    let release = () => {};
    if (call.lock) {
      const gate = new Promise((resolve) => { release = resolve; });
      tails.set(call.lock, gate);
      await before;
    }
    if (call.fault) s.fake.inject(call.instance, call.fault);
    call.start = Date.now();
    try {
      call.result = await s.client.callTool({ name: call.tool, arguments: call.args }, undefined,
        { timeout: CALL_TIMEOUT_MS });
    } catch (err) {
      call.failure = `${err.code ?? ''} ${err.message}`;
    }
    call.end = Date.now();
    if (call.lock) setTimeout(release, LATE_MS + 5);
  }

  async function worker() {
    while (next < plan.length) await one(plan[next++]);
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// ---- checking the fake's log ----------------------------------------------------

const isApplied = (e) => (e.fault === null || APPLIES.has(e.fault)) &&
  e.status >= 200 && e.status < 300;

// Groups every write request the fake received by the logical call (and
// path) it belongs to. Returns {groups, orphans}.
function groupWrites(fake, plan, seed) {
  const byMarker = new Map(plan.filter((c) => c.marker).map((c) => [c.marker, c]));
  const locked = plan.filter((c) => c.lock);
  const groups = new Map();
  const orphans = [];
  const markerRe = new RegExp(`FZ_${seed}_\\d+`);

  for (const name of NAMES) {
    for (const e of fake.requests(name)) {
      if (e.method === 'GET') continue;
      const m = markerRe.exec(e.rawBody ?? '');
      let call = m ? byMarker.get(m[0]) : undefined;
      if (!m) {
        call = locked.find((c) => c.instance === name && c.path === e.path &&
          c.method === e.method && e.time >= c.start && e.time <= c.end + LATE_MS);
      }
      if (!call) {
        orphans.push(`${name} ${e.method} ${e.path}`);
        continue;
      }
      const key = `${call.index} ${e.method} ${e.path}`;
      if (!groups.has(key)) groups.set(key, { call, entries: [] });
      groups.get(key).entries.push(e);
    }
  }
  return { groups, orphans };
}

// What the server saw of each PUT and DELETE the fake received: the
// engine logs every answer at debug level ("<METHOD> <instance> <path> ->
// <status> in <n> ms", 0 for a timeout or a network error). Those calls
// run one at a time per path, so the fake's requests on a path and the
// server's answers on it pair up in order. Paths where the counts differ
// go to unaligned.
function serverView(fake, stderr, unaligned) {
  const answers = new Map();
  for (const m of stderr.matchAll(/ DEBUG (PUT|DELETE) (\S+) (\/\S*) -> (\d+) in /g)) {
    const key = `${m[2]} ${m[1]} ${m[3]}`;
    if (!answers.has(key)) answers.set(key, []);
    answers.get(key).push(Number(m[4]));
  }
  const requests = new Map();
  for (const name of NAMES) {
    for (const e of fake.requests(name)) {
      if (e.method !== 'PUT' && e.method !== 'DELETE') continue;
      const key = `${name} ${e.method} ${e.path}`;
      if (!requests.has(key)) requests.set(key, []);
      requests.get(key).push(e);
    }
  }
  const saw = new Map();
  for (const [key, list] of requests) {
    const statuses = answers.get(key) ?? [];
    if (statuses.length !== list.length) {
      unaligned.push(`${key}: ${list.length} received, ${statuses.length} answered`);
      continue;
    }
    list.forEach((e, i) => saw.set(e, statuses[i]));
  }
  return saw;
}

// The duplicate-write verdicts of all groups.
function checkGroups(groups, serverSaw) {
  const out = { groups: groups.size, applied: 0, resentAfterApplied: [], idempotentResends: 0,
    lateWrites: [], twiceApplied: [], latestArrivalMs: -Infinity };
  for (const { call, entries } of groups.values()) {
    const firstApplied = entries.findIndex(isApplied);
    const applied = entries.filter(isApplied);
    out.applied += applied.length;
    for (const e of entries) {
      out.latestArrivalMs = Math.max(out.latestArrivalMs, e.time - call.end);
      if (e.time > call.end + LATE_MS) {
        out.lateWrites.push(`${call.tool} #${call.index} ${e.method} ${e.path}`);
      }
    }
    if (firstApplied < 0 || firstApplied === entries.length - 1) continue;
    const what = `${call.tool} #${call.index} ${entries[0].method} ${entries[0].path}: ` +
      entries.map((e) => `${e.status}/${e.fault ?? 'ok'}`).join(', ');
    const idempotent = entries[0].method === 'PUT' || entries[0].method === 'DELETE';
    // PUT and DELETE may be sent again after an outcome the server could
    // not know (a timeout, a reset, a 5xx, an unreadable answer): doing
    // them twice changes nothing. What the server saw is taken from its
    // own log, because an answer the fake sent in time can still reach a
    // busy server after its timeout fired. After a 2xx the server read,
    // nothing is sent again; POST and PATCH never repeat once applied.
    const before = entries.slice(firstApplied, -1);
    const seen = before.map((e) => serverSaw.get(e));
    const unknown = before.every((e, k) => seen[k] !== undefined &&
      (seen[k] < 200 || seen[k] > 299 || UNREADABLE.has(e.fault)));
    if (idempotent && unknown) out.idempotentResends += entries.length - 1 - firstApplied;
    else out.resentAfterApplied.push(`${what} (server saw ${seen.join(', ')})`);
    if (!idempotent && applied.length > 1) out.twiceApplied.push(what);
  }
  return out;
}

// POSTs are also checked in the fake's data: at most one object carries
// each marker, and exactly as many as the log says were applied.
function checkStores(fake, plan, groups) {
  const problems = [];
  for (const call of plan.filter((c) => c.store)) {
    const held = fake.data(call.instance)[call.store]
      .filter((o) => o[call.field] === call.marker).length;
    const logged = [...groups.values()].filter((g) => g.call === call)
      .reduce((n, g) => n + g.entries.filter(isApplied).length, 0);
    if (held > 1 || held !== logged) {
      problems.push(`${call.tool} #${call.index}: ${held} in the data, ${logged} applied in the log`);
    }
  }
  return problems;
}

// A write that answered success must have reached the fake's data.
function checkNoLostWrites(plan, groups) {
  const lost = [];
  for (const call of plan.filter((c) => c.write && c.result && !c.result.isError)) {
    const mine = [...groups.values()].filter((g) => g.call === call);
    if (!mine.some((g) => g.entries.some(isApplied))) lost.push(`${call.tool} #${call.index}`);
  }
  return lost;
}

function tally(list, key) {
  const out = {};
  for (const item of list) {
    const k = key(item);
    if (k !== null && k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

test(`${CALLS} calls under random faults: no hang, no crash, no write twice`,
  { timeout: 180000 }, async (t) => {
    const seed = Number(process.env.FAULT_SEED) || (Date.now() % 1000000007);
    t.diagnostic(`FAULT_SEED=${seed}`);
    console.log(`faults.test.js: FAULT_SEED=${seed}`);

    const { fake, keys } = await startFake(t, NAMES);
    const config = instancesConfig(fake, NAMES, { extra: EXTRA });
    const conn = await connect(t, {
      config,
      env: { ...tokenEnv(NAMES, keys), BUSINESSMAP_TOOL_PROFILE: 'full' },
      logLevel: 'debug',
    });
    const s = { fake, ...conn };
    const fx = Object.fromEntries(NAMES.map((n) => [n, fake.fixtures(n)]));
    const rng = makeRandom(seed);
    const plan = Array.from({ length: CALLS }, (_, i) => planCall(rng, i, seed, fx));
    const pid = conn.client.transport?.pid;

    const started = Date.now();
    await runPlan(s, plan);
    const elapsed = Date.now() - started;

    // Answers delayed past the timeout land after their call ended.
    await sleep(DELAY_MS + 200);
    const pending = NAMES.reduce((n, name) => n + fake.pendingFaults(name), 0);
    fake.clearFaults();

    // Alive and answering.
    assert.ok(pid, 'the server process has a pid');
    assert.doesNotThrow(() => process.kill(pid, 0), 'the server process is alive');
    await conn.client.ping({ timeout: 5000 });
    const after = await conn.client.callTool({ name: 'list_instances', arguments: {} }, undefined,
      { timeout: 5000 });
    assert.ok(!after.isError, textOf(after));

    // Every call got a result.
    const failures = plan.filter((c) => c.failure).map((c) => `${c.tool} #${c.index}: ${c.failure}`);
    assert.deepEqual(failures, [], 'every call gets a result, never a transport error');
    assert.equal(plan.filter((c) => c.result).length, CALLS);

    // No write twice, none lost, none unaccounted for.
    const { groups, orphans } = groupWrites(fake, plan, seed);
    const unaligned = [];
    const verdict = checkGroups(groups, serverView(fake, conn.stderr(), unaligned));
    const stores = checkStores(fake, plan, groups);
    const lost = checkNoLostWrites(plan, groups);

    const log = NAMES.flatMap((n) => fake.requests(n));
    const figures = {
      seed,
      calls: CALLS,
      elapsedMs: elapsed,
      errorsReturned: plan.filter((c) => c.result?.isError).length,
      faultsPlanned: tally(plan, (c) => c.fault?.kind),
      faultsHit: tally(log, (e) => e.fault),
      faultsLeftPending: pending,
      requests: log.length,
      writeRequests: log.filter((e) => e.method !== 'GET').length,
      writeCalls: plan.filter((c) => c.write).length,
      writeGroups: verdict.groups,
      writesApplied: verdict.applied,
      idempotentResendsAfterUnknownOutcome: verdict.idempotentResends,
      latestWriteArrivalAfterAnswerMs: verdict.latestArrivalMs,
      byTool: tally(plan, (c) => `${c.tool}:${c.result?.isError ? 'error' : 'ok'}`),
    };
    t.diagnostic(JSON.stringify(figures));
    if (process.env.FAULT_VERBOSE) console.log(JSON.stringify(figures, null, 2));

    // All verdicts at once, so one failure shows every problem.
    assert.deepEqual({
      unaligned,
      orphans,
      lateWrites: verdict.lateWrites,
      resentAfterApplied: verdict.resentAfterApplied,
      twiceApplied: verdict.twiceApplied,
      stores,
      lost,
    }, {
      unaligned: [],         // the server answered each PUT/DELETE it sent
      orphans: [],           // every write in the log belongs to a call
      lateWrites: [],        // none comes long after its call was answered
      resentAfterApplied: [], // none is sent again once applied
      twiceApplied: [],      // no POST or PATCH takes effect twice
      stores: [],            // the data holds each created object once
      lost: [],              // a write that answered success was applied
    });
    assert.ok(Object.keys(figures.faultsHit).length >= 6, 'most fault kinds were hit');
    assert.doesNotMatch(conn.stderr(), /RuntimeError|unreachable|memory access out of bounds/);
  });
