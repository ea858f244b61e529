// The in-browser validator (examples/validator) in headless Chromium. A
// tiny static server on 127.0.0.1 maps / to examples/validator and
// /host-js/ and /dist/ to those folders, the layout the page's relative
// paths are written for. The page must fetch nothing else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

function resolvePath(pathname) {
  // BUSINESSMAP_CORE_WASM runs the page on another build, as the Node tests do.
  if (pathname === '/dist/businessmap-core.wasm' && process.env.BUSINESSMAP_CORE_WASM) {
    return process.env.BUSINESSMAP_CORE_WASM;
  }
  const [base, rest] = pathname.startsWith('/host-js/') ? ['host-js', pathname.slice(9)]
    : pathname.startsWith('/dist/') ? ['dist', pathname.slice(6)]
      : ['examples/validator', pathname.slice(1) || 'index.html'];
  const dir = join(ROOT, base);
  const file = normalize(join(dir, decodeURIComponent(rest)));
  return file.startsWith(dir + sep) ? file : null;
}

async function startStatic(t) {
  const server = http.createServer((req, res) => {
    const file = resolvePath(new URL(req.url, 'http://x').pathname);
    let ok = false;
    try {
      ok = file !== null && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  }));
  return `http://127.0.0.1:${server.address().port}`;
}

async function openPage(t) {
  const base = await startStatic(t);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const requested = [];
  const errors = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
  return { page, base, requested, errors };
}

const VALID = JSON.stringify({
  version: '1.0',
  defaultInstance: 'staging',
  instances: [
    { name: 'dev', apiUrl: 'https://example-dev.kanbanize.com/api/v2', apiTokenEnv: 'BM_DEV_TOKEN' },
    { name: 'staging', apiUrl: 'https://example-staging.kanbanize.com/api/v2', apiTokenEnv: 'BM_STAGING_TOKEN' },
    { name: 'prod', apiUrl: 'https://example.kanbanize.com/api/v2', apiTokenEnv: 'BM_PROD_TOKEN', readOnlyMode: true },
  ],
}, null, 2);

// Three mistakes on known lines: 7 (bad URL), 11 (duplicate name) and
// 13 (a number where a variable name belongs).
const THREE_ERRORS = `{
  "version": "1.0",
  "defaultInstance": "dev",
  "instances": [
    {
      "name": "dev",
      "apiUrl": "not a url",
      "apiTokenEnv": "BM_TOKEN_DEV"
    },
    {
      "name": "dev",
      "apiUrl": "https://b.kanbanize.com/api/v2",
      "apiTokenEnv": 42
    }
  ]
}`;

async function paste(page, text, state) {
  await page.fill('#source', text);
  await page.waitForSelector(`body[data-state="${state}"]`, { timeout: 10000 });
}

test('validator: a valid file shows its instances and the token report', async (t) => {
  const { page, base, requested, errors } = await openPage(t);
  await paste(page, VALID, 'valid');

  assert.match(await page.textContent('#status'), /Valid: 3 instances, default 'staging'/);
  const rows = await page.$$eval('#instances tbody tr', (trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['dev', 'https://example-dev.kanbanize.com/api/v2', 'no', ''],
    ['staging', 'https://example-staging.kanbanize.com/api/v2', 'no', 'yes'],
    ['prod', 'https://example.kanbanize.com/api/v2', 'yes', ''],
  ]);
  assert.equal(await page.isVisible('#instances'), true);
  assert.equal(await page.$$eval('#problems li', (l) => l.length), 0);

  // The chart: two bars for each of 1, 2, 3, 5 and 10 instances, counted
  // exactly; one multi-instance server costs less from 2 up.
  const bars = await page.$$eval('#token-chart svg g[data-series]', (gs) => gs.map((g) => ({
    n: Number(g.dataset.instances), series: g.dataset.series, height: Number(g.querySelector('rect').getAttribute('height')),
  })));
  assert.deepEqual([...new Set(bars.map((b) => b.n))], [1, 2, 3, 5, 10]);
  const height = (n, s) => bars.find((b) => b.n === n && b.series === s).height;
  for (const n of [2, 3, 5, 10]) assert.ok(height(n, 'multi') < height(n, 'separate'), `n=${n}`);
  assert.match(await page.textContent('#token-chart svg'), /o200k_base tokens, exact/);

  assert.deepEqual(errors, []);
  assert.ok(requested.every((u) => u.startsWith(`${base}/`)), `only its own files: ${requested.join(' ')}`);
  assert.ok(requested.some((u) => u.endsWith('/dist/businessmap-core.wasm')));
  assert.ok(requested.some((u) => u.endsWith('/host-js/core.js')));
});

test('validator: three errors are listed and marked at their lines', async (t) => {
  const { page, errors } = await openPage(t);
  await paste(page, VALID, 'valid');
  await paste(page, THREE_ERRORS, 'invalid');

  assert.match(await page.textContent('#status'), /3 problems found/);
  const problems = await page.$$eval('#problems li', (lis) => lis.map((li) => ({
    pos: li.querySelector('.pos').textContent, path: li.querySelector('.path').textContent,
  })));
  assert.deepEqual(problems, [
    { pos: '7:17', path: '$.instances[0].apiUrl' },
    { pos: '11:15', path: '$.instances[1].name' },
    { pos: '13:22', path: '$.instances[1].apiTokenEnv' },
  ]);
  const marked = await page.$$eval('#lines li.bad', (lis) => lis.map((li) => Number(li.dataset.line)));
  assert.deepEqual(marked, [7, 11, 13]);
  const total = await page.$$eval('#lines li', (lis) => lis.length);
  assert.equal(total, THREE_ERRORS.split('\n').length);
  assert.equal(await page.isVisible('#instances'), false);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'validator.png'), fullPage: true });
  assert.ok(statSync(join(ARTIFACTS, 'validator.png')).size > 10000);
  assert.deepEqual(errors, []);
});

test('validator: a file dropped on the page is read and checked', async (t) => {
  const { page } = await openPage(t);
  const handle = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'instances.json', { type: 'application/json' }));
    return dt;
  }, '{"instances": [');
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: handle });
  await page.waitForSelector('body[data-state="invalid"]', { timeout: 10000 });
  assert.match(await page.textContent('#problems'), /invalid JSON/);
  assert.equal(await page.inputValue('#source'), '{"instances": [');
});
