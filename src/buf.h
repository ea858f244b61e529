/*
 * buf.h - a growable byte buffer with a hard cap.
 *
 * Owns: one heap block. A failed append (no memory, or past the cap) frees
 * what was built, marks the buffer failed and makes every later append a
 * no-op, so callers check once at the end. bm_buf_free may always be called;
 * bm_buf_take hands the block to the caller, who frees it with free().
 */
#ifndef BM_BUF_H
#define BM_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct bm_buf {
  char *data; /* always NUL-terminated when len > 0 and not failed */
  size_t len;
  size_t cap;
  size_t limit; /* largest len allowed */
  int failed;
} bm_buf;

void bm_buf_init(bm_buf *b, size_t limit);
void bm_buf_free(bm_buf *b);
void bm_buf_reset(bm_buf *b); /* keeps the block */
char *bm_buf_take(bm_buf *b); /* NULL if failed */

void bm_buf_add(bm_buf *b, const void *p, size_t n);
void bm_buf_adds(bm_buf *b, const char *s);
void bm_buf_addc(bm_buf *b, char c);
void bm_buf_addf(bm_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void bm_buf_vaddf(bm_buf *b, const char *fmt, va_list ap);

/* Appends s as a JSON string literal, quotes included. */
void bm_buf_add_json_str(bm_buf *b, const char *s, size_t n);

/* Appends s percent-encoded for a URL query or path segment. */
void bm_buf_add_url_enc(bm_buf *b, const char *s, size_t n);

/* A malloc'd copy of s (C11 has no strdup); NULL when out of memory. */
char *bm__strdup(const char *s);

/* A malloc'd copy of s (C11 has no strdup); NULL when out of memory. */
char *bm__strdup(const char *s);

#endif
