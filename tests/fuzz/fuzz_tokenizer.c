/*
 * fuzz_tokenizer.c - libFuzzer target for the token counter.
 *
 * The rank assets are read once, from $BM_FUZZ_TOKENIZER_ASSET (default
 * dist/o200k_base.bmtok) and cl100k_base.bmtok beside it when present.
 * The first byte of the input picks what the rest is:
 *   below 0xF0  text, counted exactly with o200k_base (even byte) or
 *               cl100k_base (odd), and estimated; counted twice, the
 *               answers must agree (the cache must not change a count),
 *               and a count is never more than the bytes counted nor
 *               zero for non-empty text
 *   0xF0-0xF7   a whole rank asset: loading any bytes must be safe
 *   0xF8-0xFF   up to eight (offset, byte) patches applied to a copy of
 *               the real asset, which is then loaded and used; this is
 *               slow (a full load), so it gets a small share of bytes
 * The text is copied into an exactly-sized heap block, so ASan catches a
 * read past its end. Without an asset the exact modes are skipped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct asset {
  unsigned char *bytes;
  size_t len;
  bm_tokenizer *tok;
} asset;

static asset assets[2];
static int loaded;

static void read_asset(asset *a, const char *path)
{
  FILE *f = fopen(path, "rb");
  long n;

  if (f == NULL)
    return;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (a->bytes = malloc((size_t)n)) != NULL &&
      fread(a->bytes, 1, (size_t)n, f) == (size_t)n) {
    a->len = (size_t)n;
    a->tok = bm_tokenizer_load(a->bytes, a->len, NULL, NULL, 0);
  }
  fclose(f);
}

/* Reads o200k_base from the path given, cl100k_base from beside it. */
static void load_assets(void)
{
  const char *path = getenv("BM_FUZZ_TOKENIZER_ASSET");
  char other[4096];
  const char *slash;

  loaded = 1;
  if (path == NULL)
    path = "dist/o200k_base.bmtok";
  read_asset(&assets[0], path);
  slash = strrchr(path, '/');
  snprintf(other, sizeof other, "%.*scl100k_base.bmtok",
           slash ? (int)(slash - path + 1) : 0, path);
  read_asset(&assets[1], other);
  if (assets[0].tok == NULL)
    fprintf(stderr,
            "fuzz_tokenizer: no asset at %s; exact counts are "
            "not fuzzed\n",
            path);
}

static void count_text(bm_tokenizer *tok, const char *text, size_t len)
{
  size_t a = bm_tokenizer_count(tok, text, len);
  size_t b = bm_tokenizer_count(tok, text, len);

  if (a == BM_TOKENIZER_COUNT_ERROR)
    return; /* scratch memory ran out: allowed, not a bug */
  if (a != b || a > len || (len > 0 && a == 0))
    abort();
}

static void patched_asset(const uint8_t *data, size_t size)
{
  const asset *a = &assets[0];
  unsigned char *copy;
  bm_tokenizer *tok;
  size_t i;

  if (a->bytes == NULL)
    return;
  copy = malloc(a->len);
  if (copy == NULL)
    return;
  memcpy(copy, a->bytes, a->len);
  for (i = 0; i + 5 <= size && i < 40; i += 5) {
    size_t off = ((size_t)data[i] | (size_t)data[i + 1] << 8 |
                  (size_t)data[i + 2] << 16 | (size_t)data[i + 3] << 24) %
                 a->len;

    copy[off] = data[i + 4];
  }
  tok = bm_tokenizer_load(copy, a->len, NULL, NULL, 0);
  free(copy); /* the tokenizer keeps nothing of the asset */
  if (tok) {
    /* "ünïcödé" and an emoji, spelt in bytes to keep the file ASCII. */
    static const char sample[] = "Sprint planning: 12 cards, \xc3\xbc"
                                 "n"
                                 "\xc3\xaf"
                                 "c"
                                 "\xc3\xb6"
                                 "d"
                                 "\xc3\xa9 "
                                 "\xf0\x9f\x99\x82 done.";

    count_text(tok, sample, sizeof sample - 1);
    bm_tokenizer_free(tok);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text;
  size_t len;
  int mode;

  if (!loaded)
    load_assets();
  if (size == 0)
    return 0;
  mode = data[0];
  data++;
  len = size - 1;

  if (mode >= 0xF0 && mode < 0xF8) {
    char err[128];
    bm_tokenizer *tok = bm_tokenizer_load(data, len, NULL, err, sizeof err);

    if (tok) {
      count_text(tok, "abc", 3);
      bm_tokenizer_free(tok);
    }
    return 0;
  }
  if (mode >= 0xF8) {
    patched_asset(data, len);
    return 0;
  }
  text = malloc(len ? len : 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, len);
  (void)bm_tokens_estimate(len ? text : NULL, len);
  if (assets[mode & 1].tok)
    count_text(assets[mode & 1].tok, len ? text : NULL, len);
  free(text);
  return 0;
}
