/* buf.c - growable byte buffer with a hard cap; see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bm_buf_init(bm_buf *b, size_t limit)
{
  memset(b, 0, sizeof *b);
  b->limit = limit;
}

void bm_buf_free(bm_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void bm_buf_reset(bm_buf *b)
{
  b->len = 0;
  b->failed = 0;
  if (b->data)
    b->data[0] = '\0';
}

char *bm_buf_take(bm_buf *b)
{
  char *p;

  if (b->failed) {
    bm_buf_free(b);
    return NULL;
  }
  if (!b->data)
    bm_buf_add(b, "", 0);
  p = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

static void fail(bm_buf *b)
{
  bm_buf_free(b);
  b->failed = 1;
}

/* Makes room for n more bytes and the terminating NUL. */
static int reserve(bm_buf *b, size_t n)
{
  size_t want, cap;
  char *p;

  if (b->failed)
    return 0;
  if (n > b->limit || b->len > b->limit - n) {
    fail(b);
    return 0;
  }
  want = b->len + n + 1;
  if (want <= b->cap)
    return 1;
  cap = b->cap ? b->cap : 64;
  while (cap < want)
    cap = cap > (size_t)-1 / 2 ? want : cap * 2;
  p = realloc(b->data, cap);
  if (!p) {
    fail(b);
    return 0;
  }
  b->data = p;
  b->cap = cap;
  return 1;
}

void bm_buf_add(bm_buf *b, const void *p, size_t n)
{
  if (!reserve(b, n))
    return;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void bm_buf_adds(bm_buf *b, const char *s)
{
  bm_buf_add(b, s, strlen(s));
}

void bm_buf_addc(bm_buf *b, char c)
{
  bm_buf_add(b, &c, 1);
}

void bm_buf_vaddf(bm_buf *b, const char *fmt, va_list ap)
{
  va_list copy;
  int n;

  va_copy(copy, ap);
  n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0 || !reserve(b, (size_t)n)) {
    if (n < 0)
      fail(b);
    return;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void bm_buf_addf(bm_buf *b, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  bm_buf_vaddf(b, fmt, ap);
  va_end(ap);
}

void bm_buf_add_json_str(bm_buf *b, const char *s, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  size_t i, run = 0;

  bm_buf_addc(b, '"');
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    bm_buf_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"':
      bm_buf_add(b, "\\\"", 2);
      break;
    case '\\':
      bm_buf_add(b, "\\\\", 2);
      break;
    case '\n':
      bm_buf_add(b, "\\n", 2);
      break;
    case '\r':
      bm_buf_add(b, "\\r", 2);
      break;
    case '\t':
      bm_buf_add(b, "\\t", 2);
      break;
    default:
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      bm_buf_add(b, esc, 6);
    }
  }
  bm_buf_add(b, s + run, n - run);
  bm_buf_addc(b, '"');
}

void bm_buf_add_url_enc(bm_buf *b, const char *s, size_t n)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;

  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[3];

    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~' || c == ',') {
      bm_buf_addc(b, (char)c);
      continue;
    }
    esc[0] = '%';
    esc[1] = hex[c >> 4];
    esc[2] = hex[c & 15];
    bm_buf_add(b, esc, 3);
  }
}

char *bm__strdup(const char *s)
{
  size_t n = strlen(s) + 1;
  char *p = malloc(n);

  if (p)
    memcpy(p, s, n);
  return p;
}
