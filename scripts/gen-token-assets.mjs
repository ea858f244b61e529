#!/usr/bin/env node
// Converts js-tiktoken's rank tables into the compact binary assets read by
// bm_tokenizer_load() (src/tokenizer.c): dist/o200k_base.bmtok and
// dist/cl100k_base.bmtok.
//
// Usage: node scripts/gen-token-assets.mjs [OUT_DIR]   (default: dist)
//
// Format (all integers little-endian), version 1:
//
//   off  size  field
//     0     4  magic "BMTK"
//     4     2  format version (1)
//     6     2  header size in bytes (48)
//     8     4  token count n; ranks are 0 .. n-1
//    12     4  payload size in bytes
//    16     4  FNV-1a 32-bit hash of the payload
//    20     1  Exp-Golomb order of left ranks
//    21     1  Exp-Golomb order of right ranks
//    22     1  split rule: 1 = cl100k_base, 2 = o200k_base
//    23     1  longest token in bytes
//    24    24  encoding name, ASCII, NUL-padded
//    48     -  payload
//
// The payload starts with 256 bytes: the byte value of ranks 0..255, a
// permutation of 0..255. Every later rank r is written as a pair of
// earlier ranks (left, right) whose byte strings, concatenated, give the
// bytes of r; both numbers are Exp-Golomb coded, most significant bit
// first, and the stream is padded with zero bits to a whole byte. Every
// token of both encodings splits that way, and storing two small numbers
// instead of the bytes roughly halves the size. The pair chosen for a rank
// is whichever valid split codes shortest; it says nothing about how the
// BPE merge of that token happens at runtime.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

// The split rule is implemented by hand in src/tokenizer_pretok.c, so the
// generator refuses a rank file whose pattern is not the one that code was
// written against. The pins are SHA-256 digests of js-tiktoken's pat_str.
const ENCODINGS = [
  {
    name: 'cl100k_base',
    rule: 1,
    pattern:
      'aab5f2624d4f164e161d4db2fa958ff25c813a6ebefd3c7ae807ffd0379a3fc4',
  },
  {
    name: 'o200k_base',
    rule: 2,
    pattern:
      '6f88fcc3dd53c515d0835648c274a7df6e686598d0f3d4981319b524ed55ddd2',
  },
];

const HEADER_SIZE = 48;
const MAGIC = 'BMTK';
const VERSION = 1;

function loadRanks(name) {
  const file = require.resolve(`js-tiktoken/ranks/${name}`);
  return import(file).then((m) => m.default);
}

// js-tiktoken stores ranks as lines "<tag> <first rank> <base64> ...".
function decodeRanks(text) {
  const byRank = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1], 10);
    for (let i = 2; i < fields.length; i++) {
      byRank[first + i - 2] = Buffer.from(fields[i], 'base64');
    }
  }
  for (let r = 0; r < byRank.length; r++) {
    if (!byRank[r]) throw new Error(`rank ${r} is missing`);
  }
  return byRank;
}

// Ranks stay far below 2^31, so plain shifts are safe here.
function egBits(v, k) {
  return 2 * (32 - Math.clz32((v >>> k) + 1)) - 1 + k;
}

// Lists, for each rank >= 256, every split into two lower ranks.
function findSplits(tokens) {
  const index = new Map(tokens.map((b, r) => [b.toString('latin1'), r]));
  const splits = [];
  for (let r = 256; r < tokens.length; r++) {
    const s = tokens[r].toString('latin1');
    const options = [];
    for (let i = 1; i < s.length; i++) {
      const left = index.get(s.slice(0, i));
      const right = index.get(s.slice(i));
      if (left !== undefined && right !== undefined && left < r && right < r)
        options.push([left, right]);
    }
    if (options.length === 0) throw new Error(`rank ${r} has no split`);
    splits.push(options);
  }
  return splits;
}

function bestOrders(splits) {
  let best = null;
  for (let kl = 4; kl <= 14; kl++) {
    for (let kr = 4; kr <= 14; kr++) {
      let bits = 0;
      for (const options of splits) {
        let min = Infinity;
        for (const [l, r] of options)
          min = Math.min(min, egBits(l, kl) + egBits(r, kr));
        bits += min;
      }
      if (!best || bits < best.bits) best = { kl, kr, bits };
    }
  }
  return best;
}

class BitWriter {
  constructor() {
    this.bytes = [];
    this.acc = 0;
    this.n = 0;
  }
  bit(b) {
    this.acc = (this.acc << 1) | b;
    if (++this.n === 8) {
      this.bytes.push(this.acc);
      this.acc = 0;
      this.n = 0;
    }
  }
  bits(v, count) {
    for (let i = count - 1; i >= 0; i--) this.bit(Math.floor(v / 2 ** i) & 1);
  }
  expGolomb(v, k) {
    const x = Math.floor(v / 2 ** k) + 1;
    const len = 32 - Math.clz32(x);
    this.bits(0, len - 1);
    this.bits(x, len);
    this.bits(v % 2 ** k, k);
  }
  finish() {
    while (this.n !== 0) this.bit(0);
    return Buffer.from(this.bytes);
  }
}

function fnv1a(buf) {
  let h = 0x811c9dc5;
  for (const b of buf) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

function encode(enc, tokens) {
  for (let r = 0; r < 256; r++) {
    if (tokens[r].length !== 1) throw new Error(`rank ${r} is not one byte`);
  }
  const splits = findSplits(tokens);
  const { kl, kr } = bestOrders(splits);
  const w = new BitWriter();
  for (const options of splits) {
    let pick = options[0];
    let cost = Infinity;
    for (const o of options) {
      const c = egBits(o[0], kl) + egBits(o[1], kr);
      if (c < cost) [pick, cost] = [o, c];
    }
    w.expGolomb(pick[0], kl);
    w.expGolomb(pick[1], kr);
  }
  const payload = Buffer.concat([
    Buffer.from(tokens.slice(0, 256).map((b) => b[0])),
    w.finish(),
  ]);
  const maxLen = tokens.reduce((m, b) => Math.max(m, b.length), 0);
  if (maxLen > 255) throw new Error('token longer than 255 bytes');

  const header = Buffer.alloc(HEADER_SIZE);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(HEADER_SIZE, 6);
  header.writeUInt32LE(tokens.length, 8);
  header.writeUInt32LE(payload.length, 12);
  header.writeUInt32LE(fnv1a(payload), 16);
  header.writeUInt8(kl, 20);
  header.writeUInt8(kr, 21);
  header.writeUInt8(enc.rule, 22);
  header.writeUInt8(maxLen, 23);
  header.write(enc.name, 24, 23, 'latin1');
  return Buffer.concat([header, payload]);
}

async function main() {
  const outDir = resolve(process.argv[2] || join(root, 'dist'));
  mkdirSync(outDir, { recursive: true });
  for (const enc of ENCODINGS) {
    const data = await loadRanks(enc.name);
    const digest = createHash('sha256').update(data.pat_str).digest('hex');
    if (digest !== enc.pattern) {
      throw new Error(`${enc.name}: split pattern changed (sha256 ${digest});` +
        ' review src/tokenizer_pretok.c before updating the pin');
    }
    const asset = encode(enc, decodeRanks(data.bpe_ranks));
    const file = join(outDir, `${enc.name}.bmtok`);
    writeFileSync(file, asset);
    process.stdout.write(`${file}: ${asset.length} bytes\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`gen-token-assets: ${e.message}\n`);
  process.exit(1);
});
