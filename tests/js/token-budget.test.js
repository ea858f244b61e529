// Token budgets of tools/list, counted exactly (o200k_base) over the
// compact JSON of the tools array the server sends. A profile that grows
// past its budget fails here, so the budgets hold as the catalog grows.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { coreAndTokenizer } from './helpers/core.js';
import { syntheticConfig, toolsArrayJson } from '../../host-js/tokens.js';

const { core, tokenizer } = await coreAndTokenizer();
const tokens = (profile, n) => tokenizer.count(toolsArrayJson(core, syntheticConfig(n), profile));

const BUDGETS = { essential: 3000, full: 9000, compact: 1000 };

for (const [profile, budget] of Object.entries(BUDGETS)) {
  test(`${profile} stays within ${budget} tokens for 1 to 50 instances`, () => {
    for (const n of [1, 2, 3, 5, 10, 50]) {
      const got = tokens(profile, n);
      assert.ok(got <= budget, `${profile} with ${n} instances: ${got} tokens`);
    }
  });
}

test('each further instance adds at most 15 tokens to the whole list', () => {
  for (const profile of ['essential', 'standard', 'full', 'compact']) {
    const base = tokens(profile, 2);
    for (const n of [3, 5, 10]) {
      assert.ok(tokens(profile, n) - base <= 15 * (n - 2), `${profile}: ${n} instances`);
    }
  }
});

test('the instance argument costs a one-instance server nothing', () => {
  for (const profile of ['essential', 'full']) {
    const one = JSON.parse(toolsArrayJson(core, syntheticConfig(1), profile));
    const withArg = one.filter((t) => t.name !== 'get_instance_info' && t.inputSchema.properties.instance);
    assert.deepEqual(withArg.map((t) => t.name), [], 'not advertised with one instance');
  }
});
