/* tokcount.c - a native command line around the token counter, for tests
 * and measurements.
 *
 *   tokcount [--estimate] ASSET FILE
 *     FILE holds one JSON string literal per line; prints the exact count
 *     of each decoded string on its own line, and with --estimate the
 *     estimate after it ("exact estimate").
 *   tokcount --whole [--repeat N] ASSET FILE
 *     Counts FILE's raw bytes as one text, N times (default 1), and prints
 *     the count, the seconds per pass, the tokens per second and the
 *     estimate. Passes after the first run with a warm piece cache.
 *
 * The JSON decoding writes a lone UTF-16 surrogate as U+FFFD, as a
 * JavaScript TextEncoder does, so counts match those made from the same
 * strings in JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tokenizer.h"

static int read_file(const char *path, unsigned char **data, size_t *len)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL, *grown;
  size_t cap = 0, n = 0, got;

  if (f == NULL)
    return -1;
  for (;;) {
    if (cap - n < 65536) {
      cap = cap ? cap * 2 : 1 << 20;
      grown = realloc(buf, cap);
      if (grown == NULL) {
        free(buf);
        fclose(f);
        return -1;
      }
      buf = grown;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0)
      break;
  }
  fclose(f);
  *data = buf;
  *len = n;
  return 0;
}

static int hex4(const unsigned char *p, unsigned long *v)
{
  int i;

  *v = 0;
  for (i = 0; i < 4; i++) {
    unsigned c = p[i];
    *v <<= 4;
    if (c >= '0' && c <= '9')
      *v |= c - '0';
    else if (c >= 'a' && c <= 'f')
      *v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      *v |= c - 'A' + 10;
    else
      return -1;
  }
  return 0;
}

static size_t put_utf8(unsigned char *out, unsigned long cp)
{
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | cp >> 6);
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | cp >> 12);
    out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | cp >> 18);
  out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
  out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Decodes the JSON string literal in line[0..n) into out (at least n
 * bytes; the UTF-8 is never longer than the escaped form). Returns the
 * decoded length, or -1 on a malformed literal. */
static long decode_json_string(const unsigned char *line, size_t n,
                               unsigned char *out)
{
  size_t i = 1, o = 0;
  unsigned long cp, lo;

  while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
    n--;
  if (n < 2 || line[0] != '"' || line[n - 1] != '"')
    return -1;
  n--;
  while (i < n) {
    unsigned char c = line[i++];
    if (c != '\\') {
      out[o++] = c;
      continue;
    }
    if (i >= n)
      return -1;
    c = line[i++];
    switch (c) {
    case '"':
    case '\\':
    case '/':
      out[o++] = c;
      break;
    case 'b':
      out[o++] = '\b';
      break;
    case 'f':
      out[o++] = '\f';
      break;
    case 'n':
      out[o++] = '\n';
      break;
    case 'r':
      out[o++] = '\r';
      break;
    case 't':
      out[o++] = '\t';
      break;
    case 'u':
      if (n - i < 4 || hex4(line + i, &cp) != 0)
        return -1;
      i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && n - i >= 6 && line[i] == '\\' &&
          line[i + 1] == 'u' && hex4(line + i + 2, &lo) == 0 && lo >= 0xDC00 &&
          lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 6;
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
      }
      o += put_utf8(out + o, cp);
      break;
    default:
      return -1;
    }
  }
  return (long)o;
}

static double now_seconds(void)
{
  struct timespec ts;

  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_whole(bm_tokenizer *tok, const unsigned char *text, size_t len,
                     long repeat)
{
  double t0, secs;
  size_t count = 0;
  long i;

  t0 = now_seconds();
  for (i = 0; i < repeat; i++)
    count = bm_tokenizer_count(tok, (const char *)text, len);
  secs = (now_seconds() - t0) / (double)repeat;
  if (count == BM_TOKENIZER_COUNT_ERROR)
    return 1;
  printf("%zu tokens, %zu bytes, %.6f s per pass, %.0f tokens/s, "
         "estimate %zu\n",
         count, len, secs, secs > 0 ? (double)count / secs : 0.0,
         bm_tokens_estimate((const char *)text, len));
  return 0;
}

static int run_lines(bm_tokenizer *tok, unsigned char *data, size_t len,
                     int estimate)
{
  unsigned char *out = malloc(len + 1);
  size_t start = 0, end, count;
  long n;
  int line = 0;

  if (out == NULL)
    return 1;
  while (start < len) {
    line++;
    end = start;
    while (end < len && data[end] != '\n')
      end++;
    n = decode_json_string(data + start, end - start, out);
    if (n < 0) {
      fprintf(stderr, "tokcount: line %d is not a JSON string\n", line);
      free(out);
      return 1;
    }
    count = bm_tokenizer_count(tok, (const char *)out, (size_t)n);
    if (count == BM_TOKENIZER_COUNT_ERROR) {
      fprintf(stderr, "tokcount: line %d could not be counted\n", line);
      free(out);
      return 1;
    }
    if (estimate)
      printf("%zu %zu\n", count,
             bm_tokens_estimate((const char *)out, (size_t)n));
    else
      printf("%zu\n", count);
    start = end + 1;
  }
  free(out);
  return 0;
}

int main(int argc, char **argv)
{
  unsigned char *asset, *data;
  size_t asset_len, len;
  bm_tokenizer *tok;
  char err[128];
  int i = 1, estimate = 0, whole = 0, rc;
  long repeat = 1;

  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
    if (strcmp(argv[i], "--estimate") == 0)
      estimate = 1;
    else if (strcmp(argv[i], "--whole") == 0)
      whole = 1;
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = strtol(argv[++i], NULL, 10);
    else
      break;
  }
  if (argc - i != 2 || repeat < 1) {
    fprintf(stderr, "usage: tokcount [--estimate] ASSET FILE\n"
                    "       tokcount --whole [--repeat N] ASSET FILE\n");
    return 2;
  }
  if (read_file(argv[i], &asset, &asset_len) != 0) {
    fprintf(stderr, "tokcount: cannot read %s\n", argv[i]);
    return 1;
  }
  tok = bm_tokenizer_load(asset, asset_len, NULL, err, sizeof err);
  free(asset);
  if (tok == NULL) {
    fprintf(stderr, "tokcount: %s: %s\n", argv[i], err);
    return 1;
  }
  if (read_file(argv[i + 1], &data, &len) != 0) {
    fprintf(stderr, "tokcount: cannot read %s\n", argv[i + 1]);
    bm_tokenizer_free(tok);
    return 1;
  }
  rc = whole ? run_whole(tok, data, len, repeat)
             : run_lines(tok, data, len, estimate);
  free(data);
  bm_tokenizer_free(tok);
  return rc;
}
