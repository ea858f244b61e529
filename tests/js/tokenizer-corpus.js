// The text corpus on which the C token counter is checked against
// js-tiktoken (tests/js/tokenizer-exact.test.js) and on which the
// estimator's error is measured (scripts/estimator-error.mjs).
//
// buildCorpus() returns [{ kind, text }]; it is deterministic, since the
// random part comes from a seeded generator. Extra strings (for example
// the server's tools/list JSON) can be passed in and are added as kind
// "extra".

import { makeRandom } from './helpers/random.js';

// Hand-picked cases, one per line of thought about the split rules.
const SAMPLES = {
  accents: [
    'naïve café résumé, déjà vu',
    'Ångström Øresund Çelik Ğü Şı',
    'Straße über Größe ÄÖÜ äöü',
    'e\u0301 composed vs é precomposed',
    'a\u0300\u0301\u0302\u0303 stacked marks',
    '\u0301 leading mark',
    'ÉCOLE élève ÉLÈVE École',
    'Ǆemal ǅungla ǆak ǈj ǉ',
    'ʰʲʷ modifier letters ˈstress',
    'Ωμέγα ΑΒΓΔ αβγδ ΆΈΉ',
    'Привет, мир! ПРИВЕТ мир',
    'Việt Nam Tiếng Việt',
  ],
  cjk: [
    '日本語のテキストです。',
    '中文文本，包含标点符号！',
    '한국어 텍스트 입니다',
    'カタカナとひらがなと漢字',
    '東京都 2024年12月3日',
    '繁體中文與简体中文混合',
    '全角スペース\u3000あり',
    'ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３',
  ],
  emoji: [
    '👨‍👩‍👧‍👦 family',
    '👍🏽 thumbs',
    '🏳️‍🌈 flag',
    '❤️ heart with VS16',
    '🇫🇷🇩🇪🇯🇵 flags',
    'text😀text',
    '😀😃😄😁😆😅😂🤣',
    '🧑‍💻 coder 👩🏾‍🔬 scientist',
    '#️⃣ keycap *️⃣',
  ],
  digits: [
    '1234567890123456789012345678901234567890',
    '3.14159265358979 2.71828',
    '1,000,000 and 1 000 000',
    '٠١٢٣٤٥٦٧٨٩ Arabic-Indic',
    '०१२३ Devanagari digits',
    'Ⅻ Roman ⅻ numerals ½ ² ³',
    'v1.2.3-beta.4+build.567',
    '0x7FFFFFFF 0b1010 1e-10',
    '2024-12-03T17:13:00.000Z',
    '12345abc678de9',
  ],
  whitespace: [
    '   leading spaces',
    'trailing spaces   ',
    'a  b   c    d',
    '\t\ttabs\tbetween\t',
    'line1\nline2\n\nline4',
    'crlf\r\nline\r\n\r\nend',
    'lone\rcarriage',
    '  \n  \n  indented',
    '\n\n\n',
    '    ',
    ' ',
    '\u00a0nbsp\u00a0 here',
    'ideo\u3000space',
    'ls\u2028ps\u2029',
    'bom\ufeffinside',
    'nel\u0085char',
    'vt\u000bff\u000c',
    'x \n y',
    '  \r\n\t x',
    '}\n/\n//\n/x',
  ],
  contractions: [
    "don't won't can't I'm you're we've they'll he'd",
    "DON'T WON'T I'M YOU'RE WE'VE THEY'LL HE'D",
    "It'S mixed'Re case'Ve 'Ll 'lL 'LL 'rE",
    "'s 't 're 've 'm 'll 'd at the start",
    "'sup 'tis 'reason 'vex 'mm 'llama 'dd",
    "O'Neil rock'n'roll ''s '''",
    "can’t curly apostrophe",
    "DonT'S camelCase'S HTTP'S",
  ],
  special: [
    '<|endoftext|>',
    'before <|endoftext|> after',
    '<|fim_prefix|><|fim_middle|><|fim_suffix|>',
    '<|endofprompt|> and <|im_start|>',
    '<|endoftext',
    '<<|endoftext|>>',
  ],
  code: [
    'function add(a, b) {\n  return a + b;\n}\n',
    'for (let i = 0; i < n; i++) { sum += arr[i]; }',
    'def foo(x):\n    """Doc."""\n    return x ** 2\n',
    '#include <stdio.h>\nint main(void) { return 0; }\n',
    'SELECT id, name FROM users WHERE age >= 21;',
    'const re = /^[a-z]+$/gi; // comment',
    '<div class="card">Hello</div>',
    'if (x != null && y !== undefined) {}',
    'git commit -m "fix: handle CRLF"',
    '    indented_code_block()\n\tmixed_tabs()',
    'http://example.com/path/to/resource?q=1&r=2#frag',
    'camelCaseIdentifier snake_case_name SCREAMING_CASE',
    'XMLHttpRequest getHTTPResponseCode iPhone eBay',
    'path/to/file.txt C:\\Windows\\System32',
  ],
  json: [
    '{"a": 1, "b": [true, false, null], "c": {"d": "e"}}',
    '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    '[\n  {\n    "name": "list_boards",\n    "limit": 100\n  }\n]',
    '{"description":"Returns the cards of a board.","type":"object"}',
    '{"emoji":"😀","cjk":"日本","escaped":"\\n\\t\\"q\\""}',
    '{"n":-12.5e3,"m":0.001,"big":12345678901234567890}',
  ],
  // Lone surrogates: JSON carries them, TextEncoder writes U+FFFD.
  surrogates: ['a\ud800b', '\udc00 x', 'end\ud83d', '\ud83d\ud83d\ude00'],
};

// Building blocks for combined strings.
const FRAGMENTS = [
  'Hello', 'world', "it's", "THEY'LL", ' the', 'Ünïcödé', '日本', '😀',
  '👩‍💻', '12345', '3.14', '   ', '\t', '\n', '\r\n', '\n\n', '!!', '...',
  '{"k":', '"v"}', '//', '/*', '*/', 'é', 'e\u0301', 'Ω', 'ǅ', 'ʰ', '٣',
  '\u00a0', '<|endoftext|>', 'HTTPServer', 'getX', '-->', "'s", '\u3000',
  'क्षत्रिय', 'مرحبا', 'שלום', 'ไทย', 'ℕ', '²', '🇯🇵', '\ufeff',
];

// The alphabet of the random strings: every class the split rules care
// about, weighted towards ASCII so pieces look somewhat like real text.
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyz', ...'abcdefghijklmnopqrstuvwxyz',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'0123456789', ...'0123456789',
  ...'        ', ...'\t\n\r\n', ...'\'\'\'sStTmMdDrReEvVlL',
  ...'.,;:!?-_/\\()[]{}<>"@#$%^&*+=|~`', '//', '/',
  ...'éèêëÉÈñÑøØåÅßçÇüÜ', '\u0301', '\u0308', '\u0327',
  ...'日本語中文字漢', ...'ひらがなカタカナ', ...'한국어',
  ...'مرحبا', ...'שלום', ...'नमस्ते', 'ि', 'ं', '्', ...'ไทย',
  ...'ΑΒΓαβγΩω', ...'ДЖЯдж', ...'ǅǈǋ', ...'ʰʲˈ', ...'Ⅻⅻ½²³٣४',
  '😀', '👍', '🏽', '\u200d', '\ufe0f', '👨', '👩', '👧', '🇫', '🇷',
  '\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u0085', '\u000b',
  '\u000c', '\u200b', '\u2060', '\u00ad', '€', '£', '™', '→', '…', '–', '—',
  '\u{10400}', '\u{1d400}', '\u{20000}',
];

function randomString(rnd) {
  const mode = rnd.int(4);
  const len = 1 + rnd.int(rnd.next() < 0.1 ? 400 : 60);
  let s = '';
  while ([...s].length < len) {
    if (mode === 0) {
      s += rnd.pick(ALPHABET);
    } else if (mode === 1) {
      // Runs of one character stress the greedy parts of the rules.
      s += rnd.pick(ALPHABET).repeat(1 + rnd.int(12));
    } else if (mode === 2) {
      s += rnd.pick(FRAGMENTS);
    } else {
      s += rnd.next() < 0.5 ? rnd.pick(FRAGMENTS) : rnd.pick(ALPHABET);
    }
  }
  return s;
}

const LETTERS = [...'etaoinshrdlucmfwypvbgkqjxz'];

function randomWords(rnd) {
  const words = [];
  const n = 1 + rnd.int(30);
  for (let i = 0; i < n; i++) {
    let w = '';
    const k = 1 + rnd.int(12);
    for (let j = 0; j < k; j++) w += rnd.pick(LETTERS);
    if (rnd.next() < 0.2) w = w[0].toUpperCase() + w.slice(1);
    if (rnd.next() < 0.05) w = w.toUpperCase();
    words.push(w);
  }
  return words.join(rnd.pick([' ', ' ', ' ', ', ', '\n', '  ']));
}

// Real words, so that the estimator is also measured on text that reads
// like the server's own descriptions and JSON, not only on noise.
const WORDS = (
  'the of and to in is for on with as by that this from at or be are it ' +
  'an not can all will when if each one more its which their only new ' +
  'returns return list lists get gets create update delete move set add ' +
  'remove find search filter sort limit page pages offset cursor total ' +
  'board boards card cards lane lanes column columns workflow workflows ' +
  'workspace workspaces user users owner owners tag tags comment ' +
  'comments subtask subtasks attachment attachments custom field fields ' +
  'value values instance instances account accounts token tokens default ' +
  'optional required string integer boolean number array object null ' +
  'identifier name names description title position priority deadline ' +
  'archived blocked reason reasons parent child children link links ' +
  'history event events time date created modified updated before after ' +
  'request response error errors rate limited retry cache cached server ' +
  'client tool tools resource resources prompt prompts schema property ' +
  'properties configuration environment variable read write mode ' +
  'permission allowed denied invalid missing unknown successfully ' +
  'information specified provided matching current following including ' +
  'BusinessMap Kanbanize API JSON HTTP URL ID UTC MCP'
).split(' ');

function prose(rnd) {
  const n = 4 + rnd.int(40);
  let s = '';
  for (let i = 0; i < n; i++) {
    let w = rnd.pick(WORDS);
    if (i === 0) w = w[0].toUpperCase() + w.slice(1);
    s += (i ? ' ' : '') + w;
    if (rnd.next() < 0.08) s += rnd.pick([',', ';', ' -', ' (e.g. 42)', ':']);
  }
  return s + rnd.pick(['.', '.', '!', '?', '.\n', '']);
}

function catalogEntry(rnd) {
  const field = () => rnd.pick(WORDS).toLowerCase() + '_' +
    rnd.pick(WORDS).toLowerCase();
  const props = {};
  for (let i = 1 + rnd.int(4); i > 0; i--) {
    props[field()] = rnd.next() < 0.5
      ? { type: 'integer', description: prose(rnd), minimum: rnd.int(3) }
      : { type: 'string', description: prose(rnd) };
  }
  const tool = {
    name: field(),
    description: prose(rnd) + ' ' + prose(rnd),
    inputSchema: { type: 'object', properties: props,
      required: Object.keys(props).slice(0, 1) },
  };
  return rnd.next() < 0.5 ? JSON.stringify(tool)
    : JSON.stringify(tool, null, 2);
}

// Long pieces exercise the heap-based merge (pieces over 128 bytes).
function longCases() {
  return [
    'a'.repeat(300),
    'ab'.repeat(400),
    'Hello'.repeat(200),
    'ThisIsAVeryLongCamelCaseIdentifierThatKeepsGoing'.repeat(20),
    '9'.repeat(1000),
    ' '.repeat(500) + 'x',
    '\n'.repeat(300),
    '-'.repeat(700),
    '=-'.repeat(300),
    '!@#$%^&*()'.repeat(50),
    'é'.repeat(400),
    '日本語'.repeat(150),
    '😀'.repeat(200),
    'xyzzyqwrtpsdfghjklzxcvbnm'.repeat(40),
    ' \t'.repeat(200) + '\r\n',
  ];
}

function longDocument(rnd) {
  const parts = [];
  for (let i = 0; i < 400; i++) {
    parts.push(rnd.next() < 0.7 ? randomWords(rnd) : randomString(rnd));
  }
  return parts.join('\n');
}

export function buildCorpus({ seed = 20241203, extra = [] } = {}) {
  const rnd = makeRandom(seed);
  const out = [];
  const add = (kind, text) => out.push({ kind, text });

  for (const [kind, list] of Object.entries(SAMPLES)) {
    for (const text of list) add(kind, text);
  }
  for (const a of FRAGMENTS) {
    for (const b of FRAGMENTS) {
      if (rnd.next() < 0.25) add('pairs', a + b);
    }
  }
  for (let i = 0; i < 300; i++) add('words', randomWords(rnd));
  for (let i = 0; i < 300; i++) add('prose', prose(rnd));
  for (let i = 0; i < 200; i++) add('catalog', catalogEntry(rnd));
  for (let i = 0; i < 1500; i++) add('random', randomString(rnd));
  for (const text of longCases()) add('long', text);
  for (let i = 0; i < 3; i++) add('long', longDocument(rnd));
  for (const text of extra) add('extra', text);
  return out;
}
