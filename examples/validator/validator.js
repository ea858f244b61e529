// The in-browser instances-file validator. It loads the same core as the
// server (through host-js/core.js) and asks it, not a copy of its rules,
// whether a file is valid. Nothing leaves the page: no server code, no
// network calls beyond its own files, no tokens (checkTokenVars is off).
//
// Paths are relative to this file: ../../host-js/ and ../../dist/ resolve
// to the repository's folders when the repository root is served, and to
// /host-js/ and /dist/ when examples/validator is served as the site root
// (the test server does that).

import { loadCore } from '../../host-js/core.js';
import { startupDocument } from '../../host-js/startup.js';
import { tokenReport } from '../../host-js/tokens.js';
import { drawTokenChart } from './token-chart.js';

const WASM_URL = new URL('../../dist/businessmap-core.wasm', import.meta.url);
const TOKENS_URL = new URL('../../dist/o200k_base.bmtok', import.meta.url);
const TOKEN_ROWS = [1, 2, 3, 5, 10];

const $ = (id) => document.getElementById(id);

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// ---- asking the core ---------------------------------------------------------

function engineFor(core, text, env = {}) {
  return core.createEngine(startupDocument({ text, source: 'instances file' }, env, { checkTokenVars: false }));
}

// Sends one request to a fresh engine's session and returns its result.
function ask(engine, method, params = {}) {
  const init = {
    jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'validator', version: '1' } },
  };
  engine.message(0, JSON.stringify(init));
  const out = engine.message(0, JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
  return JSON.parse(out.messages[0]);
}

// {ok: true, instances, defaultInstance} or {ok: false, problems}.
export function validate(core, text, { allowLocalhost = false } = {}) {
  const env = allowLocalhost ? { ALLOW_INSECURE_LOCALHOST: 'true' } : {};
  const engine = engineFor(core, text, env);
  try {
    if (!engine.configOk) return { ok: false, problems: engine.problems() };
    const answer = ask(engine, 'tools/call', { name: 'list_instances', arguments: {} });
    const listed = JSON.parse(answer.result.content[0].text);
    return { ok: true, instances: listed.instances, defaultInstance: listed.defaultInstance };
  } finally {
    engine.close();
  }
}

// ---- the token report ----------------------------------------------------------

// The exact counter of the core with the o200k_base rank data, fetched
// from dist/ like the .wasm; without it, the core's estimator, labelled so.
let counterPromise = null;

function tokenCounter(core) {
  counterPromise ??= fetch(TOKENS_URL)
    .then((r) => (r.ok ? r.arrayBuffer() : null))
    .then((b) => (b ? core.loadTokenizer(new Uint8Array(b), 'o200k_base') : null))
    .catch(() => null)
    .then((tok) => (tok
      ? { count: (t) => tok.count(t), label: 'o200k_base tokens, exact' }
      : { count: (t) => core.estimateTokens(t), label: 'tokens, estimate (no rank data)' }));
  return counterPromise;
}

// Rows of N single-instance servers against one multi-instance server.
export async function tokenRows(core, { toolProfile, configText } = {}) {
  const counter = await tokenCounter(core);
  const report = tokenReport({ core, count: counter.count, tokenizerName: counter.label,
    profile: toolProfile ?? 'essential', configText });
  return { ...report, label: counter.label };
}

async function showTokenReport(core, toolProfile, configText) {
  const report = await tokenRows(core, { toolProfile, configText });
  $('token-chart').replaceChildren(drawTokenChart(report, { caption: report.label }));
  $('token-profile').textContent = toolProfile ?? 'essential';
}

// ---- drawing the results -------------------------------------------------------

function showLines(text, problems) {
  const byLine = new Map();
  for (const p of problems) {
    if (!p.line) continue;
    if (!byLine.has(p.line)) byLine.set(p.line, []);
    byLine.get(p.line).push(p);
  }
  const lines = text.split(/\r?\n/);
  const items = lines.map((line, i) => {
    const n = i + 1;
    const marks = byLine.get(n) ?? [];
    const li = h('li', { 'data-line': String(n), ...(marks.length ? { class: 'bad' } : {}) },
      h('span', { class: 'num' }, String(n)), h('code', {}, line || ' '));
    for (const p of marks) li.append(h('span', { class: 'note' }, `column ${p.col}: ${p.message}`));
    return li;
  });
  $('lines').replaceChildren(...items);
}

function showProblems(problems) {
  $('problems').replaceChildren(...problems.map((p) => h('li', { 'data-line': String(p.line ?? 0) },
    h('span', { class: 'pos' }, p.line ? `${p.line}:${p.col}` : '–'), ' ',
    h('code', { class: 'path' }, p.path), ' ',
    h('span', { class: 'msg' }, p.message))));
}

function showInstances(result) {
  const rows = result.instances.map((i) => h('tr', {},
    h('td', {}, i.name), h('td', {}, i.apiUrl),
    h('td', {}, i.readOnlyMode ? 'yes' : 'no'), h('td', {}, i.isDefault ? 'yes' : '')));
  $('instances').querySelector('tbody').replaceChildren(...rows);
}

function render(core, text) {
  const status = $('status');
  document.body.dataset.state = 'idle';
  $('problems').replaceChildren();
  $('instances').hidden = true;
  if (!text.trim()) {
    status.textContent = 'Paste or drop an instances file.';
    $('lines').replaceChildren();
    return;
  }
  const result = validate(core, text, { allowLocalhost: $('allow-localhost').checked });
  if (result.ok) {
    document.body.dataset.state = 'valid';
    const n = result.instances.length;
    status.textContent = `Valid: ${n} instance${n === 1 ? '' : 's'}, default '${result.defaultInstance}'.`;
    showLines(text, []);
    showInstances(result);
    $('instances').hidden = false;
    let profile;
    try {
      profile = JSON.parse(text).toolProfile;
    } catch {
      profile = undefined;
    }
    showTokenReport(core, typeof profile === 'string' ? profile : undefined, text);
  } else {
    document.body.dataset.state = 'invalid';
    const n = result.problems.length;
    status.textContent = `${n} problem${n === 1 ? '' : 's'} found.`;
    showProblems(result.problems);
    showLines(text, result.problems);
  }
}

// ---- wiring ----------------------------------------------------------------------

async function main() {
  const bytes = await (await fetch(WASM_URL)).arrayBuffer();
  const core = await loadCore(bytes);
  const source = $('source');
  let timer = null;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(() => render(core, source.value), 120);
  };
  const loadFile = async (file) => {
    source.value = await file.text();
    render(core, source.value);
  };

  source.addEventListener('input', update);
  $('allow-localhost').addEventListener('change', () => render(core, source.value));
  $('file').addEventListener('change', (e) => e.target.files[0] && loadFile(e.target.files[0]));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer.files[0];
    if (file) loadFile(file);
  });

  await showTokenReport(core);
  render(core, source.value);
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  $('status').textContent = `The core could not be loaded: ${err.message}`;
  document.body.dataset.state = 'error';
});
