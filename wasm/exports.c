/*
 * exports.c - the ABI of the core as seen from JavaScript.
 *
 * Strings cross the boundary as (pointer, length) pairs in linear memory.
 * The host allocates input with bm_alloc and frees it with bm_free. An
 * output pointer belongs to the engine and stays valid until the next
 * call on that engine; its length is written to *out_len, a 4-byte cell
 * the host owns. Times are milliseconds as doubles.
 */
#include <stdlib.h>

#include "engine.h"
#include "tokenizer.h"

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#define BM_EXPORT(name) EMSCRIPTEN_KEEPALIVE
#else
#define BM_EXPORT(name) __attribute__((export_name(#name)))
#endif

BM_EXPORT(bm_alloc) void *bm_alloc(size_t n)
{
  return malloc(n ? n : 1);
}

BM_EXPORT(bm_free) void bm_free(void *p)
{
  free(p);
}

BM_EXPORT(bm_new) bm_engine *bm_new(const char *startup, size_t len)
{
  return bm_engine_new(startup, len);
}

BM_EXPORT(bm_delete) void bm_delete(bm_engine *e)
{
  bm_engine_free(e);
}

BM_EXPORT(bm_config_ok) int bm_config_ok(bm_engine *e)
{
  return bm_engine_config_ok(e);
}

BM_EXPORT(bm_problems) const char *bm_problems(bm_engine *e, size_t *out_len)
{
  return bm_engine_problems(e, out_len);
}

BM_EXPORT(bm_message)
const char *bm_message(bm_engine *e, double now, const char *msg, size_t len,
                       size_t *out_len)
{
  return bm_engine_message(e, now, msg, len, out_len);
}

BM_EXPORT(bm_http)
const char *bm_http(bm_engine *e, double now, int id, int status,
                    const char *meta, size_t meta_len, const char *body,
                    size_t body_len, size_t *out_len)
{
  return bm_engine_http_response(e, now, id, status, meta, meta_len, body,
                                 body_len, out_len);
}

BM_EXPORT(bm_timer)
const char *bm_timer(bm_engine *e, double now, int id, size_t *out_len)
{
  return bm_engine_timer(e, now, id, out_len);
}

/* The token counter. An asset is the bytes of a dist/<name>.bmtok file;
 * the tokenizer copies what it needs, so the host may free them after. */
BM_EXPORT(bm_tok_load)
bm_tokenizer *bm_tok_load(const unsigned char *asset, size_t len)
{
  char err[160];

  return bm_tokenizer_load(asset, len, NULL, err, sizeof err);
}

/* -1 when the count failed (out of memory). */
BM_EXPORT(bm_tok_count)
double bm_tok_count(bm_tokenizer *t, const char *text, size_t len)
{
  size_t n = bm_tokenizer_count(t, text, len);

  return n == BM_TOKENIZER_COUNT_ERROR ? -1.0 : (double)n;
}

BM_EXPORT(bm_tok_estimate) double bm_tok_estimate(const char *text, size_t len)
{
  return (double)bm_tokens_estimate(text, len);
}

BM_EXPORT(bm_tok_free) void bm_tok_free(bm_tokenizer *t)
{
  bm_tokenizer_free(t);
}
