#!/usr/bin/env node
// Measures bm_tokens_estimate() against the exact count on the tokenizer
// corpus (tests/js/tokenizer-corpus.js), for both encodings, and prints
// the mean absolute percentage error, the largest error and the error on
// the corpus total, overall and per kind of string.
//
// Usage: node scripts/estimator-error.mjs [--cli PATH] [FILE.json ...]
//        node scripts/estimator-error.mjs --bigrams
//        node scripts/estimator-error.mjs --bench-text OUT.json
//   Each FILE adds its whole text to the corpus as one "extra" string
//   (for example a saved tools/list response). The CLI defaults to
//   build/native/tokcount; the exact counts are the C counter's, which the
//   exactness test holds equal to js-tiktoken's. --bigrams prints the
//   letter-pair table of src/tokenizer_estimate.c instead. --bench-text
//   writes a JSON document of about 100 KB made from the corpus (mostly
//   catalog entries and prose, some of everything else) for throughput
//   runs: build/native/tokcount --whole ASSET OUT.json.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildCorpus } from '../tests/js/tokenizer-corpus.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { cli: join(root, 'build', 'native', 'tokcount'), files: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cli') opts.cli = argv[++i];
    else opts.files.push(argv[i]);
  }
  return opts;
}

function measure(rows) {
  const errs = rows.filter((r) => r.exact > 0)
    .map((r) => ({ ...r, pct: (100 * Math.abs(r.est - r.exact)) / r.exact }));
  const sum = (f) => rows.reduce((a, r) => a + f(r), 0);
  const worst = errs.reduce((a, r) => (r.pct > a.pct ? r : a), errs[0]);
  const sorted = errs.map((r) => r.pct).sort((a, b) => a - b);
  return {
    n: rows.length,
    mape: errs.reduce((a, r) => a + r.pct, 0) / errs.length,
    median: sorted[Math.floor(sorted.length / 2)],
    max: worst.pct,
    worst,
    total: (100 * (sum((r) => r.est) - sum((r) => r.exact))) /
      sum((r) => r.exact),
  };
}

function fmt(m) {
  return `n=${String(m.n).padStart(4)}` +
    `  MAPE ${m.mape.toFixed(1).padStart(5)}%` +
    `  median ${m.median.toFixed(1).padStart(5)}%` +
    `  max ${m.max.toFixed(0).padStart(4)}%` +
    `  total ${m.total >= 0 ? '+' : ''}${m.total.toFixed(1)}%`;
}

// The estimator guesses how many tokens an ASCII word costs by counting
// its letter pairs that are rare inside o200k_base's lowercase word
// tokens. "Common" is the 250 pairs seen most often in the word tokens
// among the first 100000 ranks; the table is one bit mask per first
// letter.
async function printBigrams() {
  const { default: ranks } = await import('js-tiktoken/ranks/o200k_base');
  const counts = new Map();
  const fields = ranks.bpe_ranks.split('\n')[0].split(' ').slice(2);
  for (const b64 of fields.slice(0, 100000)) {
    const w = Buffer.from(b64, 'base64').toString('latin1').replace(/^ /, '');
    if (!/^[a-z]{2,}$/.test(w)) continue;
    for (let i = 1; i < w.length; i++) {
      const pair = w.slice(i - 1, i + 1);
      counts.set(pair, (counts.get(pair) || 0) + 1);
    }
  }
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1] ||
    (a[0] < b[0] ? -1 : 1)).slice(0, 250).map((e) => e[0]);
  const masks = new Array(26).fill(0);
  for (const p of common) {
    masks[p.charCodeAt(0) - 97] |= 1 << (p.charCodeAt(1) - 97);
  }
  const hex = masks.map((m) => '0x' + (m >>> 0).toString(16).padStart(7, '0'));
  for (let i = 0; i < 26; i += 6) {
    console.log('  ' + hex.slice(i, i + 6).join(', ') + ',');
  }
}

function writeBenchText(file) {
  const corpus = buildCorpus().filter((c) => c.kind !== 'long');
  const doc = { tools: [] };
  for (let i = 0; JSON.stringify(doc, null, 2).length < 100000; i++) {
    const c = corpus[(i * 7919) % corpus.length];
    if (c.kind === 'catalog') doc.tools.push(JSON.parse(c.text));
    else doc.tools.push({ kind: c.kind, text: c.text });
  }
  const text = JSON.stringify(doc, null, 2);
  writeFileSync(file, text);
  console.log(`${file}: ${Buffer.byteLength(text)} bytes`);
}

function main() {
  if (process.argv[2] === '--bigrams') return printBigrams();
  if (process.argv[2] === '--bench-text') {
    return writeBenchText(process.argv[3]);
  }
  const opts = parseArgs(process.argv.slice(2));
  const extra = opts.files.map((f) => readFileSync(f, 'utf8'));
  const corpus = buildCorpus({ extra });
  const dir = mkdtempSync(join(tmpdir(), 'bm-est-'));
  try {
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.map((c) => JSON.stringify(c.text)).join('\n'));
    for (const name of ['o200k_base', 'cl100k_base']) {
      const out = execFileSync(opts.cli,
        ['--estimate', join(root, 'dist', `${name}.bmtok`), file],
        { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
      const rows = out.trimEnd().split('\n').map((line, i) => {
        const [exact, est] = line.split(' ').map(Number);
        return { kind: corpus[i].kind, exact, est, i };
      });
      const all = measure(rows);
      console.log(`${name}: ${fmt(all)}`);
      console.log(`  worst: #${all.worst.i} (${all.worst.kind}) exact ` +
        `${all.worst.exact}, estimate ${all.worst.est}`);
      const kinds = [...new Set(rows.map((r) => r.kind))];
      for (const k of kinds) {
        const sub = rows.filter((r) => r.kind === k);
        if (sub.some((r) => r.exact > 0))
          console.log(`  ${k.padEnd(13)} ${fmt(measure(sub))}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
