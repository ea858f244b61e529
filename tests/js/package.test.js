// The package as a user installs it: its library entry resolves by name,
// and `npm pack` ships what the bin and the entry need.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

test('the library entry loads the core and answers tools/list', async () => {
  const lib = await import('businessmap-mcp-multi');
  const core = await lib.loadNodeCore();
  const engine = core.createEngine(lib.startupDocument({
    text: JSON.stringify({ instances: [{ name: 'a', apiUrl: 'https://a.kanbanize.com/api/v2', apiTokenEnv: 'A_T' }] }),
    source: 'inline',
  }, { A_T: 'x' }));
  assert.equal(engine.configOk, true);
  engine.message(0, '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}');
  const out = JSON.parse(engine.message(0, '{"jsonrpc":"2.0","id":2,"method":"tools/list"}').messages[0]);
  assert.equal(out.result.tools.length, 28);
  engine.close();
});

test('npm pack ships the core, the rank data and no runtime dependency', () => {
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
  const files = info.files.map((f) => f.path);
  for (const f of ['host-js/cli.js', 'host-js/index.js', 'dist/businessmap-core.wasm', 'dist/o200k_base.bmtok',
    'schema/instances.schema.json', 'tests/fake-businessmap/index.js']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('node_modules/')));
  assert.equal(info.bundled?.length ?? 0, 0);
});

test('package.json declares no runtime dependency', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
});
