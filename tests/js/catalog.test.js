// The catalog against operations.md: names, profiles, annotations,
// read-only rules, aliases, and every input schema checked by a real JSON
// Schema 2020-12 validator. The expected table (fixtures/operations.json)
// was taken from operations.md §2.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { listTools } from './helpers/core.js';
import { loadNodeCore } from '../../host-js/node-core.js';
import { startStack, textOf } from './helpers/stack.js';

const expected = JSON.parse(readFileSync(new URL('./fixtures/operations.json', import.meta.url), 'utf8'));
const ORDER = ['essential', 'standard', 'full'];
const ANNOTATIONS = {
  RO: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  W: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  WI: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  DI: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
};
const INSTANCE_TOOLS = ['list_instances', 'get_instance_info'];

const core = await loadNodeCore();
const names = (list) => list.map((t) => t.name);

test('full lists exactly the 108 operations, names unique and valid', () => {
  const full = listTools(core, { profile: 'full' });
  assert.equal(full.length, 108);
  assert.equal(new Set(names(full)).size, 108);
  assert.deepEqual([...names(full)].sort(), Object.keys(expected).sort());
  for (const t of full) assert.match(t.name, /^[a-z][a-z0-9_]{0,63}$/);
});

test('profiles hold 28, 38 and 108 tools, each inside the next', () => {
  const sets = ORDER.map((p) => names(listTools(core, { profile: p })));
  assert.deepEqual(sets.map((s) => s.length), [28, 38, 108]);
  for (let i = 0; i < 2; i++) for (const n of sets[i]) assert.ok(sets[i + 1].includes(n), `${n} in ${ORDER[i + 1]}`);
  for (const [name, op] of Object.entries(expected)) {
    const smallest = ORDER.find((p, i) => sets[i].includes(name));
    assert.equal(smallest, op.profile, `${name} first appears in ${op.profile}`);
  }
});

test('global read-only hides every mutating tool: 24, 27 and 52 remain', () => {
  const counts = ORDER.map((p) => listTools(core, { profile: p, readOnly: true }));
  assert.deepEqual(counts.map((l) => l.length), [24, 27, 52]);
  for (const t of counts[2]) assert.equal(expected[t.name].ann, 'RO', `${t.name} is read-only`);
});

test('every tool has a title and the annotations of its code', () => {
  for (const t of listTools(core, { profile: 'full' })) {
    const title = t.name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
    assert.equal(t.title, title);
    const a = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true, ...t.annotations };
    const want = ANNOTATIONS[expected[t.name].ann];
    if (a.readOnlyHint) {
      assert.equal(want.readOnlyHint, true, t.name);
    } else {
      assert.deepEqual(
        { readOnlyHint: a.readOnlyHint, destructiveHint: a.destructiveHint, idempotentHint: a.idempotentHint },
        want, t.name);
    }
    assert.equal(a.openWorldHint, !INSTANCE_TOOLS.includes(t.name), `${t.name} openWorldHint`);
  }
});

test('every input schema is a valid JSON Schema 2020-12 object schema', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}/);
  for (const profile of ['full', 'compact']) {
    for (const t of listTools(core, { profile })) {
      const s = t.inputSchema;
      assert.equal(s.type, 'object', t.name);
      assert.ok(ajv.validateSchema(s), `${t.name}: ${ajv.errorsText(ajv.errors)}`);
      ajv.compile(s);
      if (!INSTANCE_TOOLS.includes(t.name) && profile === 'full') {
        assert.deepEqual(s.properties.instance, { type: 'string' }, `${t.name} takes instance`);
      }
    }
  }
});

test('a one-instance server does not advertise the instance argument', () => {
  for (const t of listTools(core, { instances: 1, profile: 'full' })) {
    if (INSTANCE_TOOLS.includes(t.name)) continue;
    assert.ok(!t.inputSchema.properties.instance, t.name);
  }
});

test('the compact profile lists the meta-tools and the instance tools only', () => {
  const list = names(listTools(core, { profile: 'compact' }));
  assert.deepEqual([...list].sort(),
    ['call_operation', 'describe_operation', 'find_operations', 'get_instance_info', 'list_instances']);
});

test('aliases are accepted by tools/call but not listed', async (t) => {
  const s = await startStack(t, { env: { BUSINESSMAP_TOOL_PROFILE: 'full' } });
  const listed = names((await s.client.listTools()).tools);
  for (const alias of ['create_comment', 'update_comment', 'delete_comment']) assert.ok(!listed.includes(alias));
  const fx = s.fake.fixtures('dev');
  const card = fx.mainBoardCardIds[0];
  const created = await s.call('create_comment', { instance: 'dev', card_id: card, text: 'via alias' });
  assert.ok(!created.isError, textOf(created));
  const id = JSON.parse(textOf(created).split('\n').pop()).comment_id;
  const updated = await s.call('update_comment', { instance: 'dev', card_id: card, comment_id: id, text: 'edited' });
  assert.ok(!updated.isError, textOf(updated));
  const deleted = await s.call('delete_comment', { instance: 'dev', card_id: card, comment_id: id });
  assert.ok(!deleted.isError, textOf(deleted));
  assert.equal(s.fake.count('dev', 'POST', '/cards/{id}/comments'), 1);
  assert.equal(s.fake.count('dev', 'PATCH', '/cards/{id}/comments/{id}'), 1);
  assert.equal(s.fake.count('dev', 'DELETE', '/cards/{id}/comments/{id}'), 1);
});
