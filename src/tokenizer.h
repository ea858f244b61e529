/* tokenizer.h - token counts for text the server sends.
 *
 * Two ways to count. bm_tokenizer_count() is exact: it loads a BPE rank
 * asset (o200k_base or cl100k_base, made by scripts/gen-token-assets.mjs)
 * and reproduces the encoder's split and merge rules, with special-token
 * text such as "<|endoftext|>" counted as ordinary text.
 * bm_tokens_estimate() needs no asset and is only a heuristic; its error is
 * measured in docs/tokenizer.md.
 *
 * Ownership: bm_tokenizer_load() copies what it needs out of the asset, so
 * the caller may free the asset as soon as it returns. The tokenizer owns
 * all of its memory, taken from the allocator pair given at load time, and
 * bm_tokenizer_free() returns all of it. A tokenizer keeps a small cache,
 * so one tokenizer must not be used by two threads at once.
 */
#ifndef BM_TOKENIZER_H
#define BM_TOKENIZER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An allocator pair. Both members must be set; free(NULL) is never
 * called. Passing NULL where a pair is expected means malloc/free. */
typedef struct bm_tok_alloc {
  void *(*alloc)(size_t size);
  void (*free)(void *ptr);
} bm_tok_alloc;

typedef struct bm_tokenizer bm_tokenizer;

/* Returned by bm_tokenizer_count() when it could not count. */
#define BM_TOKENIZER_COUNT_ERROR ((size_t)-1)

/* Parses a rank asset of len bytes. Returns NULL on a malformed asset or
 * when memory runs out, and then writes a NUL-terminated reason into err
 * when err is not NULL and errlen > 0. Any byte sequence is safe to pass.
 * a may be NULL. */
bm_tokenizer *bm_tokenizer_load(const unsigned char *asset, size_t len,
                                const bm_tok_alloc *a, char *err,
                                size_t errlen);

/* Counts the tokens of len bytes of UTF-8 text; utf8 may be NULL when len
 * is 0. Bytes that are not valid UTF-8 are counted as they stand, one
 * punctuation-like unit per byte. Returns BM_TOKENIZER_COUNT_ERROR if tok
 * is NULL or scratch memory for a very long piece could not be had. */
size_t bm_tokenizer_count(bm_tokenizer *tok, const char *utf8, size_t len);

/* The encoding name stored in the asset, e.g. "o200k_base". Owned by tok. */
const char *bm_tokenizer_name(const bm_tokenizer *tok);

/* Frees tok and everything it owns. NULL is allowed. */
void bm_tokenizer_free(bm_tokenizer *tok);

/* A quick guess at the o200k_base count of len bytes of UTF-8 text, with
 * no asset and no allocation. utf8 may be NULL when len is 0. */
size_t bm_tokens_estimate(const char *utf8, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* BM_TOKENIZER_H */
