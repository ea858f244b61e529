/*
 * cache.h - the response cache of the core: answers to GET requests, kept
 * per instance, with a TTL by resource family and one byte budget.
 *
 * Owns: the entries (a copy of each key and body), their hash table, one
 * LRU list across all instances, and the counters of each instance. It
 * knows nothing of HTTP or calls: the engine decides what to look up,
 * what to store and which write invalidates what, and passes the time in.
 *
 * Keys: bm_cache_key turns a method and a path with its query into the
 * canonical request, "GET /boards?a=1&b=2", with the query pairs stably
 * sorted by name. Every lookup also names the instance, and an entry is
 * only ever returned for the instance that stored it.
 *
 * Budget: an entry is charged its record plus its key and body
 * (bm_cache_entry_overhead() plus the two lengths). Past the budget,
 * expired entries go first, then the least recently used. Expired entries
 * are never served and never counted in the figures.
 *
 * Bookkeeping per entry beyond the body, measured (test_cache prints it):
 * the record is 56 bytes on 64-bit hosts and 48 on wasm32, plus two NULs,
 * the key itself and one or two hash-bucket pointers; for the key
 * "GET /boards/123/currentStructure" that is 106 bytes on 64-bit, under
 * the 200-byte target (the allocator's own header comes on top).
 *
 * Invalidation is anchored on path segments: a write to /workspaces/1
 * drops /workspaces/1 and the workspace lists, never /workspaces/10. See
 * bm_cache_invalidate.
 *
 * Measuring a hit (for a benchmark): bm_cache_new, one bm_cache_put, then
 * time bm_cache_get on the same instance and key with a now_ms before the
 * expiry; bm_cache_stats_of counts the hits. Through the whole engine, a
 * tools/call that hits answers in the same bm_engine_message feed with a
 * message and no "http" effect.
 *
 * Memory: bm_cache_new allocates; bm_cache_free releases every entry.
 * Strings from bm_cache_key are the caller's (free()). A body returned by
 * bm_cache_get stays valid until the next call that changes the cache
 * (put, invalidate, sweep, stats, free).
 */
#ifndef BM_CACHE_H
#define BM_CACHE_H

#include <stddef.h>

#include "config.h"

typedef struct bm_cache bm_cache;

#define BM_CACHE_MAX_KEY_BYTES 4096     /* longer requests are not cached */
#define BM_CACHE_MAX_QUERY_PAIRS 64     /* more pairs: not cached */
#define BM_CACHE_MAX_SEGMENTS 16        /* deeper paths: not cached */
#define BM_CACHE_MAX_BUCKETS (1u << 20) /* the hash table stops growing */
#define BM_CACHE_ENTRY_SHARE 4          /* one entry: at most 1/4 budget */

/* The figures of one instance; entries and bytes count live entries. */
typedef struct bm_cache_stats {
  long long hits;
  long long misses;
  long long shared; /* reads that joined an identical one in flight */
  long long stores;
  long long evictions;   /* dropped for the byte budget */
  long long expired;     /* dropped after their TTL */
  long long invalidated; /* dropped because a write changed them */
  long long entries;
  long long bytes;
} bm_cache_stats;

/* A cache for instances 0 .. ninstances-1 with a budget of max_bytes.
 * A budget of 0 stores nothing. NULL when out of memory. */
bm_cache *bm_cache_new(size_t max_bytes, int ninstances);
void bm_cache_free(bm_cache *c);

/* Bytes of bookkeeping charged per entry beyond its key and body. */
size_t bm_cache_entry_overhead(void);

/*
 * The canonical request of method and path ("/x/y?q"), as a malloc'd
 * string; NULL when the request cannot be a key (past a cap above) or
 * memory ran out.
 */
char *bm_cache_key(const char *method, const char *path);

/* The resource family of a path (the query is ignored). */
bm_family bm_cache_family(const char *path);

/*
 * Looks key up for instance at now_ms. On a hit returns 1 and sets the
 * body (not NUL-terminated beyond len, though a NUL follows), its length
 * and the HTTP status it came with; the entry becomes the most recent.
 * An expired entry is dropped. Counts a hit or a miss.
 */
int bm_cache_get(bm_cache *c, int instance, const char *key, double now_ms,
                 const char **body, size_t *len, int *status);

/*
 * Stores a copy of body under key for instance, replacing an older entry,
 * until expires_ms. Makes room by dropping expired then least recently
 * used entries. Returns 1 when stored, 0 when the entry is larger than
 * its share of the budget or memory ran out (nothing is then kept for
 * the key).
 */
int bm_cache_put(bm_cache *c, int instance, const char *key, int status,
                 const char *body, size_t len, double now_ms,
                 double expires_ms);

/*
 * Drops what a successful (or possibly applied) write to path changed on
 * instance, and returns how many entries went:
 *  - the lists of the path's family (entries whose last segment is not an
 *    id) in the same board scope (/boards/{id}/...), or in every scope
 *    when the write is not under a board, plus the family's top lists;
 *  - every entry whose path is exactly an id prefix of the write's path
 *    (/boards/5 for a write to /boards/5/lanes);
 *  - when the write names an item (its path ends in an id), everything
 *    under that item.
 * Segments are compared whole, so /workspaces/1 never matches
 * /workspaces/10. A path past the segment cap drops the whole instance.
 */
int bm_cache_invalidate(bm_cache *c, int instance, const char *path);

/* Counts a read that joined one in flight (the engine shares those). */
void bm_cache_note_shared(bm_cache *c, int instance);

/* Drops every expired entry; returns how many. */
int bm_cache_sweep(bm_cache *c, double now_ms);

/* The figures of instance at now_ms (expired entries are swept first). */
void bm_cache_stats_of(bm_cache *c, int instance, double now_ms,
                       bm_cache_stats *out);

/* The budget, and the bytes charged across all instances. */
size_t bm_cache_max_bytes(const bm_cache *c);
size_t bm_cache_bytes(const bm_cache *c);

#endif
