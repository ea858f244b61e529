// The C token counter must agree with js-tiktoken on every string of the
// corpus, for o200k_base and cl100k_base, with special-token text counted
// as ordinary text. Runs the native CLI build/native/tokcount (or the one
// named by BM_TOKCOUNT) on the assets in dist/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tiktoken } from 'js-tiktoken/lite';

import { buildCorpus } from './tokenizer-corpus.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = process.env.BM_TOKCOUNT ||
  join(root, 'build', 'native', 'tokcount');
const ENCODINGS = ['o200k_base', 'cl100k_base'];

function runCli(asset, file) {
  const out = execFileSync(cli, [asset, file], {
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  return out.trimEnd().split('\n').map(Number);
}

test('corpus is large and varied', () => {
  const corpus = buildCorpus();
  assert.ok(corpus.length >= 2000, `only ${corpus.length} strings`);
  const kinds = new Set(corpus.map((c) => c.kind));
  for (const k of ['accents', 'cjk', 'emoji', 'digits', 'whitespace',
    'contractions', 'special', 'code', 'json', 'random', 'long']) {
    assert.ok(kinds.has(k), `no ${k} strings`);
  }
});

for (const name of ENCODINGS) {
  test(`native count equals js-tiktoken for ${name}`, async (t) => {
    const asset = join(root, 'dist', `${name}.bmtok`);
    assert.ok(existsSync(cli), `missing ${cli}; build the native tools`);
    assert.ok(existsSync(asset),
      `missing ${asset}; run node scripts/gen-token-assets.mjs`);

    const dir = mkdtempSync(join(tmpdir(), 'bm-tok-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const corpus = buildCorpus();
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.map((c) => JSON.stringify(c.text)).join('\n'));

    const ranks = (await import(`js-tiktoken/ranks/${name}`)).default;
    const enc = new Tiktoken(ranks);
    const got = runCli(asset, file);
    assert.equal(got.length, corpus.length, 'one count per line');

    const wrong = [];
    corpus.forEach((c, i) => {
      const want = enc.encode(c.text, [], []).length;
      if (got[i] !== want) wrong.push({ i, kind: c.kind, want, got: got[i] });
    });
    const shown = wrong.slice(0, 5).map((w) =>
      `#${w.i} ${w.kind}: want ${w.want}, got ${w.got}: ` +
      JSON.stringify(corpus[w.i].text).slice(0, 120));
    assert.equal(wrong.length, 0,
      `${wrong.length} of ${corpus.length} differ\n${shown.join('\n')}`);
  });
}
