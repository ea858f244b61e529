// The savings report: the tokens of the `tools` array that tools/list
// sends, counted exactly by the core's BPE counter, for N single-instance
// servers against one multi-instance server. Pure: the caller supplies the
// core and the tokenizer, so the CLI and the browser validator share it.

export const INSTANCE_COUNTS = [1, 2, 3, 5, 10];
export const PROFILES = ['essential', 'standard', 'full', 'compact'];

// A configuration of n instances whose names and URLs do not show up in
// tools/list (they only appear in the initialize instructions).
export function syntheticConfig(n) {
  const instances = [];
  for (let i = 1; i <= n; i++) {
    instances.push({ name: `account${i}`, apiUrl: `https://account${i}.kanbanize.com/api/v2`, apiTokenEnv: `ACCOUNT${i}_TOKEN` });
  }
  return JSON.stringify({ version: '1.0', defaultInstance: 'account1', instances });
}

// The exact text of the tools array the server sends for a configuration.
export function toolsArrayJson(core, configText, profile) {
  const env = profile ? { BUSINESSMAP_TOOL_PROFILE: profile } : {};
  const engine = core.createEngine({ configText, configSource: 'report', env, setVars: [], checkTokenVars: false });
  try {
    if (!engine.configOk) {
      const p = engine.problems()[0];
      const err = new Error(`invalid configuration: ${p.path}: ${p.message}`);
      err.code = 'BM_CONFIG_INVALID';
      throw err;
    }
    engine.message(0, '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}');
    const out = engine.message(0, '{"jsonrpc":"2.0","id":2,"method":"tools/list"}').messages[0];
    const head = '{"jsonrpc":"2.0","id":2,"result":{"tools":';
    if (!out.startsWith(head) || !out.endsWith('}}')) throw new Error('unexpected tools/list answer');
    return out.slice(head.length, -2);
  } finally {
    engine.close();
  }
}

// Tokens of each tool of a tools array text, heaviest first.
function heaviest(count, toolsText, limit) {
  return JSON.parse(toolsText)
    .map((t) => ({ name: t.name, tokens: count(JSON.stringify(t)) }))
    .sort((a, b) => b.tokens - a.tokens || a.name.localeCompare(b.name))
    .slice(0, limit);
}

function row(instances, single, multi) {
  const separate = single * instances;
  const saved = separate - multi;
  return { instances, separate, multi, saved, savedPercent: separate ? Math.round((saved / separate) * 1000) / 10 : 0 };
}

// count: text → tokens. Returns every figure of the report.
export function tokenReport({ core, count, tokenizerName, profile = 'essential', configText = null, counts = INSTANCE_COUNTS }) {
  const single = count(toolsArrayJson(core, syntheticConfig(1), profile));
  const multiOf = new Map();
  const multi = (n) => {
    if (!multiOf.has(n)) multiOf.set(n, n === 1 ? single : count(toolsArrayJson(core, syntheticConfig(n), profile)));
    return multiOf.get(n);
  };
  const rows = counts.map((n) => row(n, single, multi(n)));
  let breakEven = null;
  for (let n = 2; n <= 100 && breakEven === null; n++) if (multi(n) < single * n) breakEven = n;
  const report = {
    tokenizer: tokenizerName,
    profile,
    tools: JSON.parse(toolsArrayJson(core, syntheticConfig(1), profile)).length,
    singleServer: single,
    rows,
    breakEven,
    perExtraInstance: (multi(10) - multi(2)) / 8,
    heaviest: heaviest(count, toolsArrayJson(core, syntheticConfig(2), profile), 10),
  };
  if (configText) {
    const n = JSON.parse(configText).instances;
    const size = Array.isArray(n) ? n.length : Object.keys(n ?? {}).length;
    report.config = row(size, single, count(toolsArrayJson(core, configText, profile)));
  }
  return report;
}

export function formatReport(r) {
  const lines = [];
  const pad = (s, n) => String(s).padStart(n);
  lines.push(`tools/list tokens (${r.tokenizer}, profile ${r.profile}, ${r.tools} tools)`);
  lines.push('');
  lines.push('| instances | N single-instance servers | one multi-instance server | saved | saved % |');
  lines.push('|---:|---:|---:|---:|---:|');
  const all = r.config ? [...r.rows, { ...r.config, label: `${r.config.instances} (config)` }] : r.rows;
  for (const x of all) {
    lines.push(`| ${x.label ?? x.instances} | ${pad(x.separate, 6)} | ${pad(x.multi, 6)} | ${pad(x.saved, 6)} | ${x.savedPercent}% |`);
  }
  lines.push('');
  lines.push(`Break-even: ${r.breakEven ?? 'none'} instances. Each instance beyond the second adds ${r.perExtraInstance} tokens.`);
  lines.push('');
  lines.push('Heaviest tools:');
  for (const t of r.heaviest) lines.push(`  ${pad(t.tokens, 5)}  ${t.name}`);
  return lines.join('\n') + '\n';
}
