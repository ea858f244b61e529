/* test_tokenizer.c - unit tests of the token counter (src/tokenizer*.c).
 *
 * Usage: test_tokenizer [ASSET_DIR]
 *   ASSET_DIR holds o200k_base.bmtok and cl100k_base.bmtok (default
 *   "dist"). Tests that need no asset build a small one in memory.
 *
 * The split tables and reference counts were taken from js-tiktoken on
 * the same strings; tests/js/tokenizer-exact.test.js checks thousands
 * more against it directly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"
#include "tokenizer_internal.h"

static int failures;
static const char *asset_dir = "dist";

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      fprintf(stderr, "  %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond); \
      failures++;                                                         \
    }                                                                     \
  } while (0)

#define CHECK_EQ(a, b)                                                      \
  do {                                                                      \
    size_t a_ = (a), b_ = (b);                                              \
    if (a_ != b_) {                                                         \
      fprintf(stderr, "  %s:%d: %s == %zu, want %zu\n", __FILE__, __LINE__, \
              #a, a_, b_);                                                  \
      failures++;                                                           \
    }                                                                       \
  } while (0)

/* ---- helpers ----------------------------------------------------------- */

static unsigned char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf;
  long n;

  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  buf = malloc((size_t)n + 1);
  if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static bm_tokenizer *load_named(const char *name)
{
  char path[512], err[128];
  unsigned char *data;
  bm_tokenizer *tok;
  size_t len;

  snprintf(path, sizeof path, "%s/%s.bmtok", asset_dir, name);
  data = read_file(path, &len);
  if (data == NULL) {
    fprintf(stderr, "  cannot read %s\n", path);
    failures++;
    return NULL;
  }
  tok = bm_tokenizer_load(data, len, NULL, err, sizeof err);
  free(data);
  if (tok == NULL) {
    fprintf(stderr, "  %s: %s\n", path, err);
    failures++;
  }
  return tok;
}

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* ---- a small asset built in memory -------------------------------------- */

typedef struct writer {
  unsigned char buf[4096];
  size_t bits;
} writer;

static void put_bit(writer *w, unsigned bit)
{
  if (bit)
    w->buf[w->bits >> 3] |= (unsigned char)(0x80u >> (w->bits & 7));
  w->bits++;
}

static void put_eg(writer *w, uint32_t v, unsigned k)
{
  uint32_t x = (v >> k) + 1;
  int n = 0, i;

  while ((x >> n) > 1)
    n++;
  for (i = 0; i < n; i++)
    put_bit(w, 0);
  for (i = n; i >= 0; i--)
    put_bit(w, x >> i & 1u);
  for (i = (int)k - 1; i >= 0; i--)
    put_bit(w, v >> i & 1u);
}

static void put_u32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)v;
  p[1] = (unsigned char)(v >> 8);
  p[2] = (unsigned char)(v >> 16);
  p[3] = (unsigned char)(v >> 24);
}

static void fix_checksum(unsigned char *a, size_t len)
{
  uint32_t h = 0x811C9DC5u;
  size_t i;

  for (i = 48; i < len; i++)
    h = (h ^ a[i]) * 0x01000193u;
  put_u32(a + 16, h);
}

/* Ranks 0..255 are the bytes 0..255; pairs[i] gives rank 256 + i. */
static size_t make_asset(unsigned char *out, const uint32_t (*pairs)[2],
                         size_t npairs, int rule)
{
  writer w;
  size_t i, payload;

  memset(&w, 0, sizeof w);
  for (i = 0; i < npairs; i++) {
    put_eg(&w, pairs[i][0], 2);
    put_eg(&w, pairs[i][1], 2);
  }
  payload = 256 + (w.bits + 7) / 8;

  memset(out, 0, 48);
  memcpy(out, "BMTK", 4);
  out[4] = 1;
  out[6] = 48;
  put_u32(out + 8, (uint32_t)(256 + npairs));
  put_u32(out + 12, (uint32_t)payload);
  out[20] = 2;
  out[21] = 2;
  out[22] = (unsigned char)rule;
  out[23] = 16;
  memcpy(out + 24, "tiny", 4);
  for (i = 0; i < 256; i++)
    out[48 + i] = (unsigned char)i;
  memcpy(out + 48 + 256, w.buf, (w.bits + 7) / 8);
  fix_checksum(out, 48 + payload);
  return 48 + payload;
}

/* xx = 256, xxy = 257, ab = 258, bc = 259, abc = 260 */
static const uint32_t TINY_PAIRS[][2] = {
  { 'x', 'x' }, { 256, 'y' }, { 'a', 'b' }, { 'b', 'c' }, { 258, 'c' },
};
#define TINY_N (sizeof TINY_PAIRS / sizeof TINY_PAIRS[0])

static bm_tokenizer *load_tiny(unsigned char *buf, size_t *len)
{
  *len = make_asset(buf, TINY_PAIRS, TINY_N, BM__TOK_RULE_O200K);
  return bm_tokenizer_load(buf, *len, NULL, NULL, 0);
}

/* ---- tests -------------------------------------------------------------- */

typedef struct split_case {
  int rule;
  const char *text;
  const char *pieces[8];
} split_case;

#define O200K BM__TOK_RULE_O200K
#define CL100K BM__TOK_RULE_CL100K

static const split_case SPLITS[] = {
  /* Words take one leading non-letter, such as the space. */
  { O200K, "Hello world", { "Hello", " world" } },
  { CL100K, "Hello world", { "Hello", " world" } },
  /* Contractions: a suffix in o200k, a piece of their own in cl100k. */
  { O200K, "don't STOP'S", { "don't", " STOP'S" } },
  { CL100K, "don't STOP'S", { "don", "'t", " STOP", "'S" } },
  { O200K, "ABC'll x'LL", { "ABC'll", " x'LL" } },
  { CL100K, "ABC'll x'LL", { "ABC", "'ll", " x", "'LL" } },
  { CL100K, "'sup", { "'s", "up" } },
  { O200K, "'sup", { "'sup" } },
  /* o200k splits words at a lower-to-upper change, cl100k does not. */
  { O200K, "camelCaseHTTPServer", { "camel", "Case", "HTTPServer" } },
  { CL100K, "camelCaseHTTPServer", { "camelCaseHTTPServer" } },
  /* Numbers go in runs of at most three, letters apart. */
  { O200K, "1234567", { "123", "456", "7" } },
  { CL100K, "12a34", { "12", "a", "34" } },
  { O200K,
    "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4",
    { "\xd9\xa1\xd9\xa2\xd9\xa3", "\xd9\xa4" } },
  /* Whitespace gives its last character to the word after it. */
  { O200K, "a  b", { "a", " ", " b" } },
  { CL100K, "x\n\n  y", { "x", "\n\n", " ", " y" } },
  { O200K, "end   ", { "end", "   " } },
  { O200K, "  \r\n\t x", { "  \r\n", "\t", " x" } },
  { O200K, "\tfoo", { "\tfoo" } },
  { CL100K,
    "a\xc2\xa0"
    "b",
    { "a", "\xc2\xa0"
           "b" } },
  /* Punctuation runs keep trailing newlines; o200k slashes too. */
  { O200K, "}\n/\n/x", { "}\n/\n/", "x" } },
  { CL100K, "}\n/\n/x", { "}\n", "/\n", "/x" } },
  { O200K, " ?!\r\n\r\nz", { " ?!\r\n\r\n", "z" } },
  /* Marks are letters to o200k and punctuation to cl100k. */
  { O200K, " \xc3\xa9\xcc\x81!", { " \xc3\xa9\xcc\x81", "!" } },
  { CL100K, " \xc3\xa9\xcc\x81!", { " \xc3\xa9", "\xcc\x81!" } },
  { O200K, "\xcc\x81x", { "\xcc\x81x" } },
  /* Titlecase counts as upper case. */
  { O200K, "\xc7\x85ungla", { "\xc7\x85ungla" } },
  /* Special tokens are plain text. */
  { O200K, "<|endoftext|>", { "<|", "endoftext", "|>" } },
  { CL100K, "<|endoftext|>", { "<|", "endoftext", "|>" } },
};

static void split_matches_regex(void)
{
  size_t i, k, pos, end, len;

  for (i = 0; i < sizeof SPLITS / sizeof SPLITS[0]; i++) {
    const split_case *c = &SPLITS[i];
    const unsigned char *s = (const unsigned char *)c->text;

    len = strlen(c->text);
    for (pos = 0, k = 0; pos < len; pos = end, k++) {
      end = bm__tok_piece_end(c->rule, s, len, pos);
      if (k >= 8 || c->pieces[k] == NULL || strlen(c->pieces[k]) != end - pos ||
          memcmp(c->pieces[k], s + pos, end - pos) != 0) {
        fprintf(stderr, "  case %zu: piece %zu differs\n", i, k);
        failures++;
        break;
      }
    }
    if (pos >= len && k < 8 && c->pieces[k] != NULL) {
      fprintf(stderr, "  case %zu: missing piece %zu\n", i, k);
      failures++;
    }
  }
}

static void decode_rejects_malformed_utf8(void)
{
  static const struct {
    const char *bytes;
    uint32_t cp;
    size_t len;
  } cases[] = {
    { "A", 'A', 1 },
    { "\xc3\xa9", 0xE9, 2 },
    { "\xe2\x82\xac", 0x20AC, 3 },
    { "\xf0\x9f\x98\x80", 0x1F600, 4 },
    { "\xc0\xaf", BM__TOK_BAD_CP, 1 },         /* overlong */
    { "\xe0\x80\xaf", BM__TOK_BAD_CP, 1 },     /* overlong */
    { "\xed\xa0\x80", BM__TOK_BAD_CP, 1 },     /* surrogate */
    { "\xf4\x90\x80\x80", BM__TOK_BAD_CP, 1 }, /* past U+10FFFF */
    { "\xe2\x82", BM__TOK_BAD_CP, 1 },         /* truncated */
    { "\x80", BM__TOK_BAD_CP, 1 },             /* stray continuation */
    { "\xff", BM__TOK_BAD_CP, 1 },
  };
  size_t i, n;
  uint32_t cp;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const unsigned char *s = (const unsigned char *)cases[i].bytes;
    n = bm__tok_decode(s, strlen(cases[i].bytes), 0, &cp);
    CHECK_EQ(n, cases[i].len);
    CHECK_EQ(cp, cases[i].cp);
  }
}

static void class_table_knows_the_categories(void)
{
  static const struct {
    uint32_t cp;
    int cls;
  } cases[] = {
    { 'A', BM__TOK_UPPER },      { 'z', BM__TOK_LOWER },
    { '7', BM__TOK_NUMBER },     { ' ', BM__TOK_SPACE },
    { '!', BM__TOK_OTHER },      { 0x01C5, BM__TOK_UPPER },
    { 0x00DF, BM__TOK_LOWER },   { 0x02B0, BM__TOK_LETTER },
    { 0x65E5, BM__TOK_LETTER },  { 0x0301, BM__TOK_MARK },
    { 0x0903, BM__TOK_MARK },    { 0x0661, BM__TOK_NUMBER },
    { 0x216B, BM__TOK_NUMBER },  { 0x00B2, BM__TOK_NUMBER },
    { 0x00A0, BM__TOK_SPACE },   { 0xFEFF, BM__TOK_SPACE },
    { 0x2028, BM__TOK_SPACE },   { 0x3000, BM__TOK_SPACE },
    { 0x0085, BM__TOK_OTHER },   { 0x200D, BM__TOK_OTHER },
    { 0x1F600, BM__TOK_OTHER },  { 0x20000, BM__TOK_LETTER },
    { 0x10FFFF, BM__TOK_OTHER }, { 0x110000, BM__TOK_OTHER },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CHECK_EQ((size_t)bm__tok_class(cases[i].cp), (size_t)cases[i].cls);
}

static const char *REFERENCE_TEXTS[] = {
  "",
  "hello world",
  "<|endoftext|>",
  "The quick brown fox jumps over the lazy dog.",
  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
  ("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86"
   "\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88"),
  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
  "antidisestablishmentarianism",
  "don't STOP'S camelCaseHTTPServer",
  "  \r\n\t x 12345 \xc3\xa9\xcc\x81",
};
static const size_t O200K_COUNTS[] = { 0, 2, 7, 10, 17, 6, 8, 6, 7, 8 };
static const size_t CL100K_COUNTS[] = { 0, 2, 7, 10, 17, 8, 13, 6, 8, 8 };

/* Long runs, from js-tiktoken: {char, repeat, o200k, cl100k}. */
static const struct {
  const char *unit;
  size_t repeat, o200k, cl100k;
} LONG_RUNS[] = {
  { "a", 300, 38, 38 },
  { "a", 3000, 375, 375 },
  { "ab", 2000, 1000, 2000 },
};

static void count_matches_reference(const char *name, const size_t *want,
                                    int is_o200k)
{
  bm_tokenizer *tok = load_named(name);
  size_t i, j, n, unit;
  char *text;

  if (tok == NULL)
    return;
  CHECK(strcmp(bm_tokenizer_name(tok), name) == 0);
  for (i = 0; i < sizeof REFERENCE_TEXTS / sizeof REFERENCE_TEXTS[0]; i++) {
    const char *s = REFERENCE_TEXTS[i];
    CHECK_EQ(bm_tokenizer_count(tok, s, strlen(s)), want[i]);
  }
  for (i = 0; i < sizeof LONG_RUNS / sizeof LONG_RUNS[0]; i++) {
    unit = strlen(LONG_RUNS[i].unit);
    n = unit * LONG_RUNS[i].repeat;
    text = malloc(n);
    if (text == NULL)
      break;
    for (j = 0; j < LONG_RUNS[i].repeat; j++)
      memcpy(text + j * unit, LONG_RUNS[i].unit, unit);
    CHECK_EQ(bm_tokenizer_count(tok, text, n),
             is_o200k ? LONG_RUNS[i].o200k : LONG_RUNS[i].cl100k);
    free(text);
  }
  bm_tokenizer_free(tok);
}

static void o200k_counts_match_reference(void)
{
  count_matches_reference("o200k_base", O200K_COUNTS, 1);
}

static void cl100k_counts_match_reference(void)
{
  count_matches_reference("cl100k_base", CL100K_COUNTS, 0);
}

/* The scan and heap merges must agree on every piece, including random
 * bytes that are not UTF-8. */
static void merge_strategies_agree(void)
{
  static const char alphabet[] = "etaoin shrdlu,.{}\"'0123456789\n";
  bm_tokenizer *tok = load_named("o200k_base");
  unsigned char piece[128];
  size_t i, n, k;

  if (tok == NULL)
    return;
  for (i = 0; i < 3000; i++) {
    n = 2 + rng() % 127;
    for (k = 0; k < n; k++) {
      piece[k] = i % 2 ? (unsigned char)rng()
                       : (unsigned char)alphabet[rng() % (sizeof alphabet - 1)];
    }
    CHECK_EQ(bm__tok_piece_count(tok, piece, n, BM__TOK_MERGE_SCAN),
             bm__tok_piece_count(tok, piece, n, BM__TOK_MERGE_HEAP));
  }
  bm_tokenizer_free(tok);
}

/* With xx < xxy and no "xy", "xxxy" merges the leftmost "xx" first and
 * ends as xx|x|y; the rightmost would have given x|xxy. */
static void merge_breaks_ties_leftmost(void)
{
  static const struct {
    const char *text;
    size_t tokens;
  } cases[] = {
    { "abc", 1 },  { "abcb", 2 }, { "cab", 2 },
    { "xxxy", 3 }, { "xxy", 1 },  { "xxxx", 2 },
  };
  unsigned char buf[1024];
  bm_tokenizer *tok;
  size_t len, i, n;

  tok = load_tiny(buf, &len);
  CHECK(tok != NULL);
  if (tok == NULL)
    return;
  CHECK(strcmp(bm_tokenizer_name(tok), "tiny") == 0);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const unsigned char *s = (const unsigned char *)cases[i].text;
    n = strlen(cases[i].text);
    CHECK_EQ(bm_tokenizer_count(tok, cases[i].text, n), cases[i].tokens);
    CHECK_EQ(bm__tok_piece_count(tok, s, n, BM__TOK_MERGE_HEAP),
             cases[i].tokens);
    CHECK_EQ(bm__tok_piece_count(tok, s, n, BM__TOK_MERGE_SCAN),
             cases[i].tokens);
  }
  bm_tokenizer_free(tok);
}

typedef void (*corrupt_fn)(unsigned char *a, size_t *len);

static void c_empty(unsigned char *a, size_t *len)
{
  (void)a;
  *len = 0;
}
static void c_short(unsigned char *a, size_t *len)
{
  (void)a;
  *len = 40;
}
static void c_magic(unsigned char *a, size_t *len)
{
  (void)len;
  a[0] = 'X';
}
static void c_version(unsigned char *a, size_t *len)
{
  (void)len;
  a[4] = 9;
}
static void c_header(unsigned char *a, size_t *len)
{
  (void)len;
  a[6] = 40;
}
static void c_count(unsigned char *a, size_t *len)
{
  (void)len;
  a[9] = 0;
}
static void c_size(unsigned char *a, size_t *len)
{
  (void)a;
  (*len)--;
}
static void c_sum(unsigned char *a, size_t *len)
{
  (void)len;
  a[16] ^= 1;
}
static void c_order(unsigned char *a, size_t *len)
{
  (void)len;
  a[20] = 99;
}
static void c_rule(unsigned char *a, size_t *len)
{
  (void)len;
  a[22] = 7;
}
static void c_maxlen(unsigned char *a, size_t *len)
{
  (void)len;
  a[23] = 0;
}
static void c_noname(unsigned char *a, size_t *len)
{
  (void)len;
  a[24] = 0;
}
static void c_longname(unsigned char *a, size_t *len)
{
  (void)len;
  memset(a + 24, 'n', 24);
}
static void c_badname(unsigned char *a, size_t *len)
{
  (void)len;
  a[25] = 1;
}
static void c_permutation(unsigned char *a, size_t *len)
{
  a[48 + 1] = 0;
  fix_checksum(a, *len);
}
static void c_shortmax(unsigned char *a, size_t *len)
{
  a[23] = 2; /* "abc" has three bytes */
  fix_checksum(a, *len);
}

static size_t rebuild(unsigned char *a, const uint32_t (*pairs)[2], size_t n)
{
  return make_asset(a, pairs, n, BM__TOK_RULE_O200K);
}

static void c_forward(unsigned char *a, size_t *len)
{
  static const uint32_t pairs[][2] = { { 'a', 'b' }, { 257, 'c' } };
  *len = rebuild(a, pairs, 2);
}
static void c_duplicate(unsigned char *a, size_t *len)
{
  static const uint32_t pairs[][2] = { { 'a', 'b' }, { 'a', 'b' } };
  *len = rebuild(a, pairs, 2);
}
static void c_truncated(unsigned char *a, size_t *len)
{
  put_u32(a + 8, 256 + TINY_N + 40); /* promise more pairs than written */
  fix_checksum(a, *len);
}
static void c_trailing(unsigned char *a, size_t *len)
{
  a[(*len)++] = 0;
  put_u32(a + 12, (uint32_t)(*len - 48));
  fix_checksum(a, *len);
}
static void c_padding(unsigned char *a, size_t *len)
{
  a[*len - 1] |= 1; /* the tiny stream ends with a few padding bits */
  fix_checksum(a, *len);
}

static void load_rejects_malformed_assets(void)
{
  static const struct {
    corrupt_fn corrupt;
    const char *reason; /* a part of the expected message */
  } cases[] = {
    { c_empty, "shorter than its header" },
    { c_short, "shorter than its header" },
    { c_magic, "bad magic" },
    { c_version, "format version" },
    { c_header, "header size" },
    { c_count, "token count" },
    { c_size, "payload size" },
    { c_sum, "checksum" },
    { c_order, "code order" },
    { c_rule, "split rule" },
    { c_maxlen, "longest-token" },
    { c_noname, "name missing" },
    { c_longname, "name missing" },
    { c_badname, "printable" },
    { c_permutation, "permutation" },
    { c_shortmax, "longer than the header" },
    { c_forward, "later rank" },
    { c_duplicate, "same bytes" },
    { c_truncated, "truncated" },
    { c_trailing, "after the last pair" },
    { c_padding, "padding" },
  };
  unsigned char buf[1024];
  char err[96];
  size_t i, len;
  bm_tokenizer *tok;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    len = make_asset(buf, TINY_PAIRS, TINY_N, BM__TOK_RULE_O200K);
    cases[i].corrupt(buf, &len);
    err[0] = '\0';
    tok = bm_tokenizer_load(buf, len, NULL, err, sizeof err);
    if (tok != NULL || strstr(err, cases[i].reason) == NULL) {
      fprintf(stderr, "  case %zu: want \"%s\", got \"%s\"\n", i,
              cases[i].reason, err);
      failures++;
    }
    bm_tokenizer_free(tok);
  }
  CHECK(bm_tokenizer_load(NULL, 0, NULL, err, sizeof err) == NULL);
  /* A one-byte error buffer still gets its terminator. */
  err[0] = 'x';
  CHECK(bm_tokenizer_load(buf, 3, NULL, err, 1) == NULL);
  CHECK(err[0] == '\0');
}

/* Random damage, with and without a repaired checksum, must end in NULL
 * or a tokenizer that counts; truncation at every length likewise. */
static void load_survives_hostile_bytes(void)
{
  static const char text[] = "abcab xxxy \xff\xfe cab 123 \xe2\x82";
  unsigned char good[1024], buf[1024];
  size_t len, i, k, n;
  bm_tokenizer *tok;

  len = make_asset(good, TINY_PAIRS, TINY_N, BM__TOK_RULE_CL100K);
  for (i = 0; i < 20000; i++) {
    memcpy(buf, good, len);
    n = len;
    for (k = 1 + rng() % 4; k > 0; k--)
      buf[rng() % n] ^= (unsigned char)(1u << (rng() % 8));
    if (i % 2)
      fix_checksum(buf, n);
    tok = bm_tokenizer_load(buf, n, NULL, NULL, 0);
    if (tok != NULL)
      CHECK(bm_tokenizer_count(tok, text, sizeof text - 1) > 0);
    bm_tokenizer_free(tok);
  }
  for (n = 0; n < len; n++) {
    tok = bm_tokenizer_load(good, n, NULL, NULL, 0);
    CHECK(tok == NULL);
    bm_tokenizer_free(tok);
  }
}

static size_t live_blocks;
static size_t allow_blocks = SIZE_MAX;

static void *counting_alloc(size_t size)
{
  if (allow_blocks == 0)
    return NULL;
  allow_blocks--;
  live_blocks++;
  return malloc(size);
}

static void counting_free(void *ptr)
{
  CHECK(ptr != NULL);
  live_blocks--;
  free(ptr);
}

/* Every block is returned, whether load succeeds, fails for memory at any
 * step, or counting needs heap scratch. */
static void allocator_gets_every_block_back(void)
{
  static const bm_tok_alloc mem = { counting_alloc, counting_free };
  static const bm_tok_alloc half = { counting_alloc, NULL };
  unsigned char buf[1024];
  char err[96], text[400];
  bm_tokenizer *tok = NULL;
  size_t len, limit;

  len = make_asset(buf, TINY_PAIRS, TINY_N, BM__TOK_RULE_O200K);
  for (limit = 0; tok == NULL && limit < 16; limit++) {
    allow_blocks = limit;
    tok = bm_tokenizer_load(buf, len, &mem, err, sizeof err);
    if (tok == NULL) {
      CHECK(strstr(err, "out of memory") != NULL);
      CHECK_EQ(live_blocks, 0);
    }
  }
  CHECK(tok != NULL);

  memset(text, 'x', sizeof text);
  allow_blocks = 0; /* the long piece cannot get scratch */
  CHECK_EQ(bm_tokenizer_count(tok, text, sizeof text),
           BM_TOKENIZER_COUNT_ERROR);
  allow_blocks = SIZE_MAX;
  CHECK_EQ(bm_tokenizer_count(tok, text, sizeof text), sizeof text / 2);
  bm_tokenizer_free(tok);
  CHECK_EQ(live_blocks, 0);

  CHECK(bm_tokenizer_load(buf, len, &half, err, sizeof err) == NULL);
  CHECK_EQ(bm_tokenizer_count(NULL, "x", 1), BM_TOKENIZER_COUNT_ERROR);
  bm_tokenizer_free(NULL);
}

static void count_takes_any_bytes(void)
{
  bm_tokenizer *tok = load_named("cl100k_base");
  unsigned char text[512];
  size_t i, k, n, c;

  if (tok == NULL)
    return;
  CHECK_EQ(bm_tokenizer_count(tok, NULL, 0), 0);
  CHECK_EQ(bm_tokenizer_count(tok, NULL, 5), BM_TOKENIZER_COUNT_ERROR);
  for (i = 0; i < 500; i++) {
    n = 1 + rng() % sizeof text;
    for (k = 0; k < n; k++)
      text[k] = (unsigned char)rng();
    c = bm_tokenizer_count(tok, (const char *)text, n);
    CHECK(c >= 1 && c <= n);
  }
  bm_tokenizer_free(tok);
}

/* The estimate is a guess, but on ordinary prose it should be close. */
static void estimate_is_close_on_prose(void)
{
  static const char *texts[] = {
    "Returns the cards of a board, filtered by lane and owner.",
    "{\"name\": \"list_cards\", \"description\": \"List the cards.\"}",
    "The quick brown fox jumps over the lazy dog.",
  };
  bm_tokenizer *tok = load_named("o200k_base");
  size_t i, exact, guess;

  CHECK_EQ(bm_tokens_estimate(NULL, 0), 0);
  CHECK_EQ(bm_tokens_estimate("", 0), 0);
  CHECK(bm_tokens_estimate("\xf0\x9f", 2) >= 1);
  if (tok == NULL)
    return;
  for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    exact = bm_tokenizer_count(tok, texts[i], strlen(texts[i]));
    guess = bm_tokens_estimate(texts[i], strlen(texts[i]));
    CHECK(guess * 10 >= exact * 8 && guess * 10 <= exact * 12);
  }
  bm_tokenizer_free(tok);
}

static const struct {
  const char *name;
  void (*fn)(void);
} TESTS[] = {
  { "split_matches_regex", split_matches_regex },
  { "decode_rejects_malformed_utf8", decode_rejects_malformed_utf8 },
  { "class_table_knows_the_categories", class_table_knows_the_categories },
  { "o200k_counts_match_reference", o200k_counts_match_reference },
  { "cl100k_counts_match_reference", cl100k_counts_match_reference },
  { "merge_strategies_agree", merge_strategies_agree },
  { "merge_breaks_ties_leftmost", merge_breaks_ties_leftmost },
  { "load_rejects_malformed_assets", load_rejects_malformed_assets },
  { "load_survives_hostile_bytes", load_survives_hostile_bytes },
  { "allocator_gets_every_block_back", allocator_gets_every_block_back },
  { "count_takes_any_bytes", count_takes_any_bytes },
  { "estimate_is_close_on_prose", estimate_is_close_on_prose },
};

int main(int argc, char **argv)
{
  size_t i;
  int before, failed = 0;

  if (argc > 1)
    asset_dir = argv[1];
  for (i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
    before = failures;
    TESTS[i].fn();
    printf("%s %s\n", failures == before ? "ok  " : "FAIL", TESTS[i].name);
    failed += failures != before;
  }
  printf("%d of %zu tests failed\n", failed, sizeof TESTS / sizeof TESTS[0]);
  return failed ? 1 : 0;
}
