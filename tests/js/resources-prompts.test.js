// Resources and prompts (operations.md §5, §6) through the SDK client.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startStack } from './helpers/stack.js';

test('resources: listed, templated, read from the default instance', async (t) => {
  const s = await startStack(t, { configOptions: { extra: { prod: { defaultWorkspaceId: 7 } } } });
  const list = await s.client.listResources();
  assert.deepEqual(list.resources.map((r) => r.uri), ['businessmap://workspaces', 'businessmap://boards']);
  const templates = await s.client.listResourceTemplates();
  assert.deepEqual(templates.resourceTemplates.map((r) => r.name), ['board', 'cards', 'card-page', 'card']);

  const ws = await s.client.readResource({ uri: 'businessmap://workspaces' });
  assert.equal(ws.contents[0].mimeType, 'application/json');
  assert.ok(JSON.parse(ws.contents[0].text).every((w) => w.name.startsWith('prod ')));

  await s.client.readResource({ uri: 'businessmap://boards' });
  const boardsReq = s.fake.requests('prod').find((r) => r.path === '/boards');
  assert.equal(String(boardsReq.query.workspace_ids), '7', 'defaultWorkspaceId filters boards');

  const fx = s.fake.fixtures('prod');
  const board = await s.client.readResource({ uri: `businessmap://boards/${fx.mainBoardId}` });
  assert.equal(JSON.parse(board.contents[0].text).board_id, fx.mainBoardId);

  const cards = JSON.parse((await s.client.readResource({ uri: `businessmap://boards/${fx.mainBoardId}/cards` }))
    .contents[0].text);
  assert.ok(cards.pagination && Array.isArray(cards.data));
  assert.equal(cards.next_resource_template, 'businessmap://boards/{board_id}/cards/pages/{page}/size/{per_page}');
  const req = s.fake.requests('prod').filter((r) => r.path === '/cards').at(-1);
  assert.equal(req.query.page, '1');
  assert.equal(req.query.per_page, '50');

  const page = JSON.parse((await s.client.readResource({
    uri: `businessmap://boards/${fx.mainBoardId}/cards/pages/2/size/5`,
  })).contents[0].text);
  assert.equal(page.data.length, 5);
  assert.equal(page.pagination.current_page, 2);

  const card = JSON.parse((await s.client.readResource({ uri: `businessmap://cards/${fx.parentCardId}` }))
    .contents[0].text);
  assert.equal(card.card_id, fx.parentCardId);
  assert.ok('description' in card, 'the full card');

  const dev = await s.client.readResource({ uri: 'businessmap://workspaces?instance=dev' });
  assert.ok(JSON.parse(dev.contents[0].text).every((w) => w.name.startsWith('dev ')));
});

test('resources: bad URIs get clear errors and send nothing', async (t) => {
  const s = await startStack(t);
  s.fake.clearLog();
  const cases = [
    ['businessmap://boards/abc', -32602],
    ['businessmap://boards/1/cards/pages/1/size/500', -32602],
    ['businessmap://boards/1/cards/pages/0/size/10', -32602],
    ['businessmap://cards/-4', -32602],
    ['businessmap://nothing', -32002],
    ['https://example.com/', -32002],
    ['businessmap://workspaces?instance=qa', -32602],
  ];
  for (const [uri, code] of cases) {
    await assert.rejects(s.client.readResource({ uri }), (err) => err.code === code, uri);
  }
  for (const n of ['dev', 'staging', 'prod']) assert.equal(s.fake.requests(n).length, 0);
});

test('prompts: four, with required arguments and an optional instance', async (t) => {
  const s = await startStack(t);
  const { prompts } = await s.client.listPrompts();
  assert.deepEqual(prompts.map((p) => p.name), [
    'analyze-board-performance', 'generate-board-report', 'create-card-from-description',
    'workspace-status-overview']);
  const create = prompts.find((p) => p.name === 'create-card-from-description');
  assert.deepEqual(create.arguments.filter((a) => a.required).map((a) => a.name), ['description', 'board_id']);
  assert.ok(create.arguments.some((a) => a.name === 'instance' && !a.required));

  const got = await s.client.getPrompt({
    name: 'create-card-from-description',
    arguments: { description: 'Login fails on Safari', board_id: '42', instance: 'staging' },
  });
  assert.equal(got.messages.length, 1);
  assert.equal(got.messages[0].role, 'user');
  const text = got.messages[0].content.text;
  assert.match(text, /instance "staging"/);
  assert.match(text, /1\. Call get_current_board_structure for board 42/);
  assert.match(text, /Login fails on Safari/);
  assert.ok(!text.includes('get_card_types'), 'a tool outside the essential profile is left out');

  await assert.rejects(s.client.getPrompt({ name: 'generate-board-report', arguments: {} }),
    (err) => err.code === -32602);
  await assert.rejects(s.client.getPrompt({ name: 'nope', arguments: {} }), (err) => err.code === -32602);
});

test('prompts under the full profile keep every step', async (t) => {
  const s = await startStack(t, { env: { BUSINESSMAP_TOOL_PROFILE: 'full' } });
  const got = await s.client.getPrompt({
    name: 'create-card-from-description', arguments: { description: 'x', board_id: '1' },
  });
  assert.match(got.messages[0].content.text, /2\. Call get_card_types/);
});
