// Deterministic seed data for one account. The seed (a number or a string)
// drives every choice through a PRNG, so the same account always starts the
// same way and two accounts never look alike. Names carry the account name
// ("prod Engineering") so tests can tell accounts apart; ids start at a
// seed-derived base (seed 1: 100001, seed 2: 200001, ...).

import { createRng, seedToInt } from './prng.js';
import { newCard, startTransition, renderCard } from './cards-model.js';
import { upsertLink } from './links.js';
import { writeCardValue } from './card-values.js';
import {
  addWorkspace, addBoard, addWorkflow, addColumn, addLane, leafColumns, leafLanes, sectionOf,
} from './structure.js';
import { nextId, clone } from './util.js';

const FIRST_NAMES = ['Ava', 'Boris', 'Chen', 'Dana', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo',
  'Julia'];
const LAST_NAMES = ['Ivanova', 'Petrov', 'Li', 'Novak', 'Santos', 'Karimi', 'Weber', 'Sato',
  'Marin', 'Berg'];
const VERBS = ['Build', 'Fix', 'Review', 'Design', 'Migrate', 'Document', 'Test', 'Refactor',
  'Plan', 'Ship'];
const OBJECTS = ['login flow', 'billing export', 'search index', 'release notes', 'API client',
  'dashboard', 'email templates', 'audit log', 'onboarding tour', 'cache layer', 'pricing page',
  'webhooks'];

const WORKSPACES = [
  { word: 'Engineering', type: 1, boards: ['Platform', 'Mobile', 'Web', 'Support'] },
  { word: 'Marketing', type: 1, boards: ['Campaigns', 'Content', 'Events', 'Brand'] },
  { word: 'Portfolio', type: 2, boards: ['Roadmap', 'Initiatives', 'Risks', 'Archive'] },
  { word: 'Legacy', type: 1, boards: [], archived: 1 },
];
// Cards per board, in board order; the Archive board's cards are archived.
const CARDS_PER_BOARD = [14, 4, 3, 0, 3, 2, 0, 0, 2, 0, 0, 2];

const BASE_TIME = Date.parse('2024-03-01T08:00:00Z');

function at(days, hours = 0) {
  const t = BASE_TIME + (days * 24 + hours) * 3600 * 1000;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'acct';
}

function emptyStore(account, seed, options) {
  return {
    account,
    seq: (seedToInt(seed) % 20000) * 100000,
    me: null,
    admin: options.admin !== false,
    rate: { limit: options.rateLimitPerHour ?? 5000, remaining: options.rateLimitPerHour ?? 5000 },
    apiLimits: [
      { types: ['per_minute'], limit: options.rateLimitPerMinute ?? 30 },
      { types: ['per_hour'], limit: options.rateLimitPerHour ?? 5000 },
    ],
    users: [], workspaces: [], boards: [], workflows: [], columns: [], lanes: [],
    relatedWorkflows: [], boardFields: [], cardTypes: [], tags: [], stickers: [],
    blockReasons: [], customFields: [], cards: [], comments: [], subtasks: [], links: [],
    outcomeHistory: [], revisions: [], loggedTime: [], docs: [], personalDocs: [],
    boardDocs: [],
  };
}

function seedUsers(store, rng) {
  const first = FIRST_NAMES.slice();
  const accountSlug = slug(store.account);
  for (let i = 0; i < 5; i++) {
    const given = first.splice(rng.int(0, first.length - 1), 1)[0];
    const family = rng.pick(LAST_NAMES);
    const username = i === 0 ? `${accountSlug}-admin` : `${given.toLowerCase()}.${i}`;
    store.users.push({
      user_id: nextId(store),
      email: `${username}@${accountSlug}.example.test`,
      username,
      realname: `${given} ${family}`,
      avatar: `https://avatars.example.test/${accountSlug}/${username}.png`,
      is_enabled: i === 4 ? 0 : 1,
      is_confirmed: i === 3 ? 0 : 1,
      is_tfa_enabled: i === 1 ? 1 : 0,
      registration_date: at(-300 + i * 20).slice(0, 10),
      timezone: rng.pick(['Europe/Sofia', 'Europe/Berlin', 'UTC', 'America/New_York']),
      language: 'en',
      attributes: [],
    });
  }
  store.me = store.users[0].user_id;
}

function seedCardTypesAndTags(store, rng) {
  const types = [['Feature', '33a0ff'], ['Bug', 'e53935'], ['Task', '9e9e9e'],
    ['Epic', '8e24aa']];
  types.forEach(([name, color], i) => store.cardTypes.push({
    type_id: nextId(store), icon_type: 1, icon_id: 10 + i, name,
    description: `${name} cards of ${store.account}`, color, card_color_sync: 1,
    all_properties_are_locked: 0, availability: 2, is_enabled: 1,
  }));
  for (const label of ['backend', 'frontend', 'urgent', 'customer', 'tech-debt']) {
    store.tags.push({ tag_id: nextId(store), label, color: rng.pick(['ff7043', '42a5f5',
      '66bb6a', 'ab47bc', 'ffca28']), availability: 2, is_enabled: 1 });
  }
  for (const label of ['Needs review', 'Waiting for QA', 'Hot']) {
    store.stickers.push({ sticker_id: nextId(store), label, color: 'ffeb3b' });
  }
  const reasons = [['Waiting on customer', 1, 0], ['External dependency', 0, 1]];
  reasons.forEach(([label, withUsers, withCards], i) => store.blockReasons.push({
    reason_id: nextId(store), icon_type: 1, icon_id: 30 + i, label, color: 'e53935',
    with_cards: withCards, with_date: 1, with_users: withUsers, availability: 2, is_enabled: 1,
  }));
}

function fieldBase(store, name, type, extra) {
  return {
    field_id: nextId(store), name, type, color: '90caf9', is_immutable: 0,
    is_always_present: 0, all_properties_are_locked: 0, availability: 0, is_enabled: 1,
    ...extra,
  };
}

function seedCustomFields(store) {
  const f = store.customFields;
  f.push(fieldBase(store, 'Customer', 'single_line_text', { display_width: 1,
    value_is_required: 0, default_value: '' }));
  f.push(fieldBase(store, 'Estimate', 'number', { prefix: '', suffix: 'h', min_value: 0,
    max_value: 1000, decimal_places: 1, default_value: 0, value_is_required: 0 }));
  const risk = fieldBase(store, 'Risk', 'dropdown', { allowed_values: [],
    allowed_values_are_locked: 0, allow_other_value: 0, min_number_of_values: 0,
    max_number_of_values: 1, value_is_required: 0 });
  ['Low', 'Medium', 'High'].forEach((value, position) => risk.allowed_values.push({
    value_id: nextId(store), value, position, is_enabled: 1, is_default: position === 0 ? 1 : 0,
  }));
  f.push(risk);
  f.push(fieldBase(store, 'Target date', 'date', { value_with_time: 0, value_is_required: 0 }));
  f.push(fieldBase(store, 'Reviewers', 'contributor', { min_number_of_contributors: 0,
    max_number_of_contributors: 3 }));
}

function attachField(store, boardId, fieldId, position) {
  store.boardFields.push({
    board_id: boardId, field_id: fieldId, position, color: '90caf9', is_always_present: 0,
    value_is_required: 0, default_value: '', inherit_default_value: 1, unique_values: 0,
  });
}

function seedWorkflows(store, rng, board, withInitiatives) {
  const wf = addWorkflow(store, board, { type: 0, name: 'Delivery', position: 0 });
  addColumn(store, wf, { section: 1, name: 'Backlog' });
  addColumn(store, wf, { section: 2, name: 'Ready' });
  const doing = addColumn(store, wf, { section: 3, name: 'In Progress', limit: rng.int(3, 6) });
  addColumn(store, wf, { parent_column_id: doing.column_id, name: 'Doing', section: 3 });
  addColumn(store, wf, { parent_column_id: doing.column_id, name: 'Review', section: 3 });
  addColumn(store, wf, { section: 4, name: 'Done' });
  addLane(store, wf, { name: 'Standard', color: 'ffffff' });
  addLane(store, wf, { name: 'Expedite', color: 'ffcdd2' });
  if (!withInitiatives) return;
  const ini = addWorkflow(store, board, { type: 1, name: 'Initiatives', position: 1 });
  ['Ideas', 'Planned', 'Active', 'Achieved'].forEach((name, i) =>
    addColumn(store, ini, { section: i + 1, name }));
  addLane(store, ini, { name: 'Initiatives', color: 'e1bee7' });
}

function seedBoards(store, rng) {
  const boards = [];
  for (const spec of WORKSPACES) {
    const ws = addWorkspace(store, { name: `${store.account} ${spec.word}`, type: spec.type,
      is_archived: spec.archived ?? 0 });
    spec.boards.forEach((word, i) => {
      const board = addBoard(store, { workspace_id: ws.workspace_id,
        name: `${store.account} ${word}`, description: `${word} board of ${store.account}` });
      if (word === 'Archive') board.is_archived = 1;
      if (word === 'Support') board.assigned = 0;
      seedWorkflows(store, rng, board, i === 0);
      boards.push(board);
    });
  }
  const [f0, f1, f2, f3] = store.customFields.map((f) => f.field_id);
  [f0, f1, f2].forEach((id, i) => attachField(store, boards[0].board_id, id, i));
  [f0, f3].forEach((id, i) => attachField(store, boards[1].board_id, id, i));
  return boards;
}

function placeCard(store, rng, board, workflowType) {
  const wf = store.workflows.find((w) => w.board_id === board.board_id && w.type ===
    workflowType);
  const column = rng.pick(leafColumns(store, wf.workflow_id));
  const lane = rng.pick(leafLanes(store, wf.workflow_id));
  const position = store.cards.filter((c) => c.column_id === column.column_id &&
    c.lane_id === lane.lane_id).length;
  return { board_id: board.board_id, workflow_id: wf.workflow_id, column_id: column.column_id,
    lane_id: lane.lane_id, section: sectionOf(store, column), position };
}

function cardFields(store, rng, n) {
  const enabled = store.users.filter((u) => u.is_enabled);
  const type = rng.pick(store.cardTypes.slice(0, 3));
  const created = rng.int(0, 40);
  const prefix = store.account.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase() || 'CRD';
  return {
    title: `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`,
    description: `<p>Card ${n + 1} of ${store.account}.</p>`,
    custom_id: rng.chance(0.3) ? `${prefix}-${100 + n}` : null,
    owner_user_id: rng.chance(0.8) ? rng.pick(enabled).user_id : null,
    type_id: type.type_id,
    color: type.color,
    size: rng.int(1, 8),
    priority: rng.chance(0.8) ? rng.int(1, 4) : null,
    deadline: rng.chance(0.4) ? at(created + rng.int(10, 60), 9) : null,
    created_at: at(created),
    last_modified: at(created + rng.int(1, 10)),
    tag_ids: rng.subset(store.tags.map((t) => t.tag_id), 2),
    co_owner_ids: rng.subset(enabled.slice(1).map((u) => u.user_id), 1),
    watcher_ids: rng.subset(enabled.map((u) => u.user_id), 2),
    current_cycle_time: rng.int(0, 30) * 3600,
  };
}

function seedHistory(store, rng, card) {
  const wfCols = leafColumns(store, card.workflow_id);
  const stop = wfCols.findIndex((c) => c.column_id === card.column_id);
  const steps = wfCols.slice(Math.max(0, stop - rng.int(0, 2)), stop + 1);
  const base = Date.parse(card.created_at);
  steps.forEach((col, i) => {
    const snapshot = { ...card, column_id: col.column_id };
    startTransition(snapshot, new Date(base + i * 86400000).toISOString()
      .replace(/\.\d{3}Z$/, 'Z'));
    card.transitions = snapshot.transitions;
  });
  card.in_current_position_since = card.transitions.at(-1).start;
  if (rng.chance(0.25)) {
    card.block_times.push({ reason_id: store.blockReasons[1].reason_id, start: at(5, 2),
      end: at(6, 4), comment: 'Waiting for an external team' });
  }
}

function seedComments(store, rng, card, count) {
  for (let i = 0; i < count; i++) {
    const time = at(10 + i, rng.int(0, 8));
    store.comments.push({
      comment_id: nextId(store), card_id: card.card_id, type: 'plain',
      text: `${rng.pick(['Looks good', 'Needs work', 'Blocked on review', 'Ping me'])} ` +
        `(${store.account} #${i + 1})`,
      attachments: [], created_at: time, last_modified: time,
      author: { type: 'internal', value: rng.pick(store.users).user_id },
    });
  }
}

function seedSubtasks(store, rng, card, count) {
  for (let i = 0; i < count; i++) {
    store.subtasks.push({
      subtask_id: nextId(store), card_id: card.card_id,
      description: `${rng.pick(VERBS)} step ${i + 1}`,
      owner_user_id: rng.chance(0.5) ? rng.pick(store.users).user_id : null,
      deadline: null, finished_at: i === 0 ? at(12) : null, position: i, attachments: [],
    });
  }
}

function seedRevisions(store, rng, card) {
  const older = rng.int(0, 2);
  for (let r = 1; r <= older; r++) {
    const snapshot = renderCard(store, card, { full: true });
    snapshot.revision = r;
    snapshot.title = `${card.title} (draft ${r})`;
    store.revisions.push({ card_id: card.card_id, revision: r, user_id: store.me,
      replaced_at: at(2 + r), card: snapshot });
  }
  card.revision = older + 1;
}

function seedCard(store, rng, board, n, state, workflowType) {
  const fields = { ...cardFields(store, rng, n), ...placeCard(store, rng, board, workflowType) };
  if (workflowType === 1) fields.type_id = store.cardTypes[3].type_id;
  const card = newCard(store, fields);
  seedHistory(store, rng, card);
  if (state !== 'active') {
    card.state = state;
    card.last_column_id = card.column_id;
    card.last_lane_id = card.lane_id;
    card[state === 'archived' ? 'archived_at' : 'discarded_at'] = at(45);
    if (state === 'discarded') {
      card.reason_id = 1;
      card.discard_comment = 'Out of scope';
    }
  }
  return card;
}

function seedCards(store, rng, boards) {
  const byBoard = [];
  let n = 0;
  boards.forEach((board, b) => {
    const cards = [];
    for (let i = 0; i < CARDS_PER_BOARD[b]; i++, n++) {
      let state = board.is_archived ? 'archived' : 'active';
      if (b === 0 && i >= 10) state = i < 12 ? 'archived' : 'discarded';
      cards.push(seedCard(store, rng, board, n, state, b === 0 && i === 9 ? 1 : 0));
    }
    byBoard.push(cards);
  });
  return byBoard;
}

function seedCardDetails(store, rng, byBoard) {
  const main = byBoard[0];
  for (const card of store.cards) {
    const onMain = main.includes(card);
    const count = card === main[0] ? 2 : rng.int(0, onMain ? 3 : 1);
    seedComments(store, rng, card, count);
    seedSubtasks(store, rng, card, card === main[0] ? 3 : rng.int(0, onMain ? 2 : 1));
  }
  const [text, , risk] = store.customFields;
  for (const card of main.slice(0, 8)) {
    writeCardValue(store, card, { field_id: text.field_id,
      value: `${rng.pick(['Acme', 'Globex', 'Initech', 'Umbrella'])} (${store.account})` }, 'seed');
    if (rng.chance(0.6)) {
      writeCardValue(store, card, { field_id: risk.field_id, selected_values_to_add_or_update:
        [{ value_id: rng.pick(risk.allowed_values).value_id, position: 0 }] }, 'seed');
    }
  }
  main[0].stickers.push({ id: nextId(store), card_id: main[0].card_id,
    sticker_id: store.stickers[0].sticker_id });
  main[0].attachments.push({ id: nextId(store), file_name: 'spec.pdf',
    link: `https://files.example.test/${slug(store.account)}/spec.pdf`, position: 0 });
}

function seedRelations(store, byBoard) {
  const p = byBoard[0];
  upsertLink(store, p[1].card_id, p[0].card_id, 'parent');
  upsertLink(store, p[2].card_id, p[0].card_id, 'parent');
  upsertLink(store, p[3].card_id, p[1].card_id, 'parent');
  upsertLink(store, byBoard[1][0].card_id, p[0].card_id, 'parent');
  upsertLink(store, p[5].card_id, p[4].card_id, 'predecessor');
  upsertLink(store, p[6].card_id, p[7].card_id, 'relative');

  const blocked = p[8];
  const reason = store.blockReasons[0];
  blocked.is_blocked = 1;
  blocked.block_reason = clone(reason);
  blocked.block = { comment: 'Waiting for the customer to answer', reason_id: reason.reason_id,
    users: [store.users[1].user_id], date: null, cards: [] };
  blocked.block_times.push({ reason_id: reason.reason_id, start: at(20), end: null,
    comment: blocked.block.comment });
}

function seedOutcome(store, card) {
  const estimate = store.customFields[1];
  const outcome = {
    outcome_id: nextId(store), field_id: estimate.field_id, starting_value: 0,
    target_value: 100, operator: 'or_more', comment: null, weight: 1, created_at: at(3),
    checkpoints: [{ id: nextId(store), time: at(30), name: 'Midpoint', value: 50 }],
  };
  card.outcomes.push(outcome);
  [[0, 25], [25, 40]].forEach(([oldValue, value], i) => store.outcomeHistory.push({
    history_id: nextId(store), card_id: card.card_id, outcome_id: outcome.outcome_id,
    event_type: 1, event_guid: `${slug(store.account)}-outcome-${i + 1}`,
    user_id: store.me, old_value: oldValue, changes: JSON.stringify({ value }),
    time: at(8 + i * 7),
  }));
}

function seedLoggedTime(store, rng, main) {
  for (const card of main.slice(0, 6)) {
    const subs = store.subtasks.filter((s) => s.card_id === card.card_id);
    const entries = card === main[0] ? 3 : rng.int(1, 2);
    for (let i = 0; i < entries; i++) {
      const day = 10 + rng.int(0, 20);
      store.loggedTime.push({
        logged_time_id: nextId(store), card_id: card.card_id,
        subtask_id: subs.length && (card === main[0] ? i === 0 : rng.chance(0.3))
          ? subs[0].subtask_id : null,
        user_id: rng.pick(store.users).user_id, lane_id: card.lane_id,
        column_id: card.column_id, category_id: null, date: at(day).slice(0, 10),
        time: rng.int(1, 16) * 15, comment: rng.pick(['Coding', 'Review', 'Meeting', '']),
        logged_at: at(day, 17),
      });
    }
  }
}

function doc(store, rng, title, extra) {
  const content = `<h1>${title}</h1><p>${extra.body} for ${store.account}.</p>`;
  const d = {
    doc_id: nextId(store), parent_doc_id: null, title, is_archived: 0, is_important: 0,
    position: 0, show_in_main_doc_list: 1, for_welcome: 0, updated_at: at(rng.int(20, 50)),
    author_id: rng.pick(store.users).user_id, size: content.length, content,
    everyone_can_edit: 0, everyone_can_comment: 1, everyone_can_view: 1, created_at: at(1),
    ...extra,
  };
  delete d.body;
  store.docs.push(d);
  return d;
}

function seedDocs(store, rng, boards) {
  const handbook = doc(store, rng, 'Team handbook', { body: 'How the team works' });
  const onboarding = doc(store, rng, 'Onboarding', { body: 'First week checklist',
    parent_doc_id: handbook.doc_id, for_welcome: 1 });
  const release = doc(store, rng, 'Release process', { body: 'The deployment checklist',
    parent_doc_id: handbook.doc_id, position: 1 });
  const arch = doc(store, rng, 'Architecture overview', { body: 'Services and queues',
    position: 1, is_important: 1 });
  const old = doc(store, rng, 'Old notes', { body: 'Notes nobody reads', position: 2,
    is_archived: 1 });
  const guide = doc(store, rng, 'Campaign guidelines', { body: 'Tone and brand rules',
    position: 3, show_in_main_doc_list: 0 });
  const pins = [[0, handbook], [0, arch], [4, guide]];
  pins.forEach(([b, d], i) => store.boardDocs.push({ board_id: boards[b].board_id,
    doc_id: d.doc_id, position: i }));
  ['My notes', 'Reading list', 'One-on-one agenda'].forEach((title, position) => {
    const content = `<p>${title} of ${store.account}</p>`;
    store.personalDocs.push({ doc_id: nextId(store), title, position, updated_at: at(30),
      size: content.length, content, created_at: at(2) });
  });
  return { handbook, onboarding, release, arch, old, guide };
}

function describe(store, boards, byBoard, docs) {
  const main = byBoard[0];
  const ids = (list) => list.map((c) => c.card_id);
  const mainCols = store.columns.filter((c) => c.board_id === boards[0].board_id);
  const col = (name) => mainCols.find((c) => c.name === name).column_id;
  const lane = (name) => store.lanes.find((l) => l.board_id === boards[0].board_id &&
    l.name === name).lane_id;
  const wf = (type) => store.workflows.find((w) => w.board_id === boards[0].board_id &&
    w.type === type).workflow_id;
  const byState = (s) => ids(store.cards.filter((c) => c.state === s));
  return {
    account: store.account,
    me: store.me,
    userIds: store.users.map((u) => u.user_id),
    workspaceIds: store.workspaces.map((w) => w.workspace_id),
    archivedWorkspaceId: store.workspaces[3].workspace_id,
    boardIds: boards.map((b) => b.board_id),
    mainBoardId: boards[0].board_id,
    secondBoardId: boards[1].board_id,
    emptyBoardId: boards[3].board_id,
    archivedBoardId: boards[11].board_id,
    workflowId: wf(0),
    initiativeWorkflowId: wf(1),
    columnIds: { backlog: col('Backlog'), ready: col('Ready'), inProgress: col('In Progress'),
      doing: col('Doing'), review: col('Review'), done: col('Done') },
    laneIds: { standard: lane('Standard'), expedite: lane('Expedite') },
    cardIds: { active: byState('active'), archived: byState('archived'),
      discarded: byState('discarded') },
    mainBoardCardIds: ids(main),
    parentCardId: main[0].card_id,
    childCardIds: [main[1].card_id, main[2].card_id, byBoard[1][0].card_id],
    grandchildCardId: main[3].card_id,
    predecessorCardId: main[4].card_id,
    successorCardId: main[5].card_id,
    relativeCardIds: [main[6].card_id, main[7].card_id],
    blockedCardId: main[8].card_id,
    initiativeCardId: main[9].card_id,
    outcomeId: main[9].outcomes[0].outcome_id,
    commentIds: store.comments.filter((c) => c.card_id === main[0].card_id)
      .map((c) => c.comment_id),
    subtaskIds: store.subtasks.filter((s) => s.card_id === main[0].card_id)
      .map((s) => s.subtask_id),
    stickerAssociationId: main[0].stickers[0].id,
    stickerIds: store.stickers.map((s) => s.sticker_id),
    tagIds: store.tags.map((t) => t.tag_id),
    cardTypeIds: store.cardTypes.map((t) => t.type_id),
    blockReasonIds: store.blockReasons.map((r) => r.reason_id),
    customFieldIds: Object.fromEntries(store.customFields.map((f) => [f.type, f.field_id])),
    docIds: { handbook: docs.handbook.doc_id, onboarding: docs.onboarding.doc_id,
      release: docs.release.doc_id, architecture: docs.arch.doc_id, archived: docs.old.doc_id,
      guidelines: docs.guide.doc_id },
    personalDocIds: store.personalDocs.map((d) => d.doc_id),
  };
}

/**
 * Build the store of one account.
 * @param {string} account the account name, used in names and e-mails
 * @param {object} options {seed, admin, rateLimitPerHour, rateLimitPerMinute}
 */
export function createStore(account, options = {}) {
  const seed = options.seed ?? account;
  const rng = createRng(seed);
  const store = emptyStore(account, seed, options);

  seedUsers(store, rng);
  seedCardTypesAndTags(store, rng);
  seedCustomFields(store);
  const boards = seedBoards(store, rng);
  const byBoard = seedCards(store, rng, boards);
  seedCardDetails(store, rng, byBoard);
  seedRelations(store, byBoard);
  seedOutcome(store, byBoard[0][9]);
  seedLoggedTime(store, rng, byBoard[0]);
  for (const card of store.cards) seedRevisions(store, rng, card);
  const docs = seedDocs(store, rng, boards);

  store.fixtures = Object.freeze(describe(store, boards, byBoard, docs));
  return store;
}
