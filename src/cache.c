/*
 * cache.c - the response cache (see cache.h): a chained hash table of
 * entries, one LRU list across all instances, counters per instance.
 *
 * Each entry is one heap block: the record, then "key\0body\0". The cache
 * frees an entry when it is replaced, expires, is evicted or invalidated.
 * The hash mixes the instance in, and every comparison checks it, so an
 * entry of instance A can never answer a lookup of instance B.
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  struct entry *chain; /* next in the same bucket */
  struct entry *newer; /* LRU neighbours; c->newest is the head */
  struct entry *older;
  double expires_ms;
  uint32_t hash;
  uint32_t key_len;
  uint32_t body_len;
  int32_t instance;
  int32_t status;
  char text[]; /* key, NUL, body, NUL */
} entry;

struct bm_cache {
  entry **buckets;
  size_t nbuckets; /* a power of two */
  size_t nentries;
  size_t bytes; /* charged across all instances */
  size_t max_bytes;
  entry *newest, *oldest;
  int ninstances;
  bm_cache_stats *stats; /* one per instance */
};

enum { FIRST_BUCKETS = 64 };

/* The record keeps lengths in 32 bits; bodies are far smaller anyway. */
#define MAX_BODY_BYTES ((size_t)1 << 30)

/* ---- keys ------------------------------------------------------------- */

/* One "name=value" pair of a query, as an offset and length. */
typedef struct pair {
  const char *p;
  size_t len;
} pair;

static size_t name_len(const pair *a)
{
  const char *eq = memchr(a->p, '=', a->len);

  return eq ? (size_t)(eq - a->p) : a->len;
}

static int name_cmp(const pair *a, const pair *b)
{
  size_t la = name_len(a), lb = name_len(b);
  int r = memcmp(a->p, b->p, la < lb ? la : lb);

  if (r)
    return r;
  return la < lb ? -1 : la > lb;
}

/* Splits q (up to its end) into pairs, skipping empty ones. -1 past the
 * pair cap. */
static int split_query(const char *q, pair *out, int *n)
{
  while (*q) {
    size_t len = strcspn(q, "&");

    if (len) {
      if (*n == BM_CACHE_MAX_QUERY_PAIRS)
        return -1;
      out[*n].p = q;
      out[*n].len = len;
      (*n)++;
    }
    q += len;
    if (*q == '&')
      q++;
  }
  return 0;
}

/* Insertion sort by name: stable, so repeated names keep their order. */
static void sort_pairs(pair *a, int n)
{
  int i, j;

  for (i = 1; i < n; i++) {
    pair v = a[i];

    for (j = i; j > 0 && name_cmp(&a[j - 1], &v) > 0; j--)
      a[j] = a[j - 1];
    a[j] = v;
  }
}

char *bm_cache_key(const char *method, const char *path)
{
  const char *q = strchr(path, '?');
  size_t plen = q ? (size_t)(q - path) : strlen(path);
  size_t mlen = strlen(method), total, at;
  pair pairs[BM_CACHE_MAX_QUERY_PAIRS];
  char *key;
  int n = 0, i;

  while (plen > 1 && path[plen - 1] == '/')
    plen--;
  if (q && split_query(q + 1, pairs, &n) < 0)
    return NULL;
  sort_pairs(pairs, n);
  total = mlen + 1 + plen;
  for (i = 0; i < n; i++)
    total += 1 + pairs[i].len;
  if (total > BM_CACHE_MAX_KEY_BYTES || !(key = malloc(total + 1)))
    return NULL;

  memcpy(key, method, mlen);
  key[mlen] = ' ';
  memcpy(key + mlen + 1, path, plen);
  at = mlen + 1 + plen;
  for (i = 0; i < n; i++) {
    key[at++] = i ? '&' : '?';
    memcpy(key + at, pairs[i].p, pairs[i].len);
    at += pairs[i].len;
  }
  key[at] = '\0';
  return key;
}

/* ---- paths ------------------------------------------------------------ */

/* The segments of a path without its query: where each starts and ends. */
typedef struct segs {
  int n;
  size_t start[BM_CACHE_MAX_SEGMENTS];
  size_t end[BM_CACHE_MAX_SEGMENTS];
} segs;

/* -1 when the path is deeper than the cap. */
static int split_path(const char *path, size_t len, segs *s)
{
  size_t i = 0;

  s->n = 0;
  while (i < len) {
    size_t j = i;

    while (j < len && path[j] != '/')
      j++;
    if (j > i) {
      if (s->n == BM_CACHE_MAX_SEGMENTS)
        return -1;
      s->start[s->n] = i;
      s->end[s->n] = j;
      s->n++;
    }
    i = j + 1;
  }
  return 0;
}

static int seg_is(const char *path, const segs *s, int i, const char *w)
{
  size_t n = strlen(w);

  return i < s->n && s->end[i] - s->start[i] == n &&
         memcmp(path + s->start[i], w, n) == 0;
}

/* An id segment: 1 to 19 decimal digits. */
static int seg_is_id(const char *path, const segs *s, int i)
{
  size_t k, n = s->end[i] - s->start[i];

  if (n < 1 || n > 19)
    return 0;
  for (k = s->start[i]; k < s->end[i]; k++)
    if (path[k] < '0' || path[k] > '9')
      return 0;
  return 1;
}

/* Under a board: /boards/{id}/<something>. */
static int board_scoped(const char *path, const segs *s)
{
  return s->n >= 3 && seg_is(path, s, 0, "boards") && seg_is_id(path, s, 1);
}

static bm_family board_family(const char *path, const segs *s)
{
  static const char *const structure[] = {
    "currentStructure", "structure",        "columns", "lanes",
    "workflows",        "relatedWorkflows",
  };
  size_t i;

  for (i = 0; i < sizeof structure / sizeof structure[0]; i++)
    if (seg_is(path, s, 2, structure[i]))
      return BM_FAM_STRUCTURE;
  if (seg_is(path, s, 2, "customFields"))
    return BM_FAM_CUSTOM_FIELDS;
  if (seg_is(path, s, 2, "docs"))
    return BM_FAM_DOCS;
  if (seg_is(path, s, 2, "cards"))
    return BM_FAM_CARDS;
  return BM_FAM_OTHER;
}

static bm_family family_of(const char *path, const segs *s)
{
  static const struct {
    const char *word;
    bm_family fam;
  } top[] = {
    { "workspaces", BM_FAM_WORKSPACES },
    { "boards", BM_FAM_BOARDS },
    { "users", BM_FAM_USERS },
    { "me", BM_FAM_USERS },
    { "cardTypes", BM_FAM_CARD_TYPES },
    { "customFields", BM_FAM_CUSTOM_FIELDS },
    { "cards", BM_FAM_CARDS },
    { "docs", BM_FAM_DOCS },
    { "personalDocs", BM_FAM_DOCS },
  };
  size_t i;

  if (board_scoped(path, s))
    return board_family(path, s);
  for (i = 0; i < sizeof top / sizeof top[0]; i++)
    if (seg_is(path, s, 0, top[i].word))
      return top[i].fam;
  return BM_FAM_OTHER;
}

bm_family bm_cache_family(const char *path)
{
  size_t len = strcspn(path, "?");
  segs s;

  if (split_path(path, len, &s) < 0)
    return BM_FAM_OTHER;
  return family_of(path, &s);
}

/* ---- the table -------------------------------------------------------- */

static uint32_t hash_key(int instance, const char *key, size_t len)
{
  uint32_t h = 2166136261u ^ ((uint32_t)instance * 2654435761u);
  size_t i;

  for (i = 0; i < len; i++) {
    h ^= (unsigned char)key[i];
    h *= 16777619u;
  }
  return h;
}

static size_t charge_of(size_t key_len, size_t body_len)
{
  return sizeof(entry) + key_len + body_len + 2;
}

size_t bm_cache_entry_overhead(void)
{
  return sizeof(entry) + 2;
}

bm_cache *bm_cache_new(size_t max_bytes, int ninstances)
{
  bm_cache *c = calloc(1, sizeof *c);

  if (!c)
    return NULL;
  c->max_bytes = max_bytes;
  c->ninstances = ninstances > 0 ? ninstances : 0;
  c->nbuckets = FIRST_BUCKETS;
  c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
  c->stats = calloc((size_t)c->ninstances + 1, sizeof *c->stats);
  if (!c->buckets || !c->stats) {
    bm_cache_free(c);
    return NULL;
  }
  return c;
}

void bm_cache_free(bm_cache *c)
{
  entry *en, *next;

  if (!c)
    return;
  for (en = c->newest; en; en = next) {
    next = en->older;
    free(en);
  }
  free(c->buckets);
  free(c->stats);
  free(c);
}

static void lru_unlink(bm_cache *c, entry *en)
{
  if (en->newer)
    en->newer->older = en->older;
  else
    c->newest = en->older;
  if (en->older)
    en->older->newer = en->newer;
  else
    c->oldest = en->newer;
  en->newer = en->older = NULL;
}

static void lru_push(bm_cache *c, entry *en)
{
  en->newer = NULL;
  en->older = c->newest;
  if (c->newest)
    c->newest->newer = en;
  c->newest = en;
  if (!c->oldest)
    c->oldest = en;
}

static entry *find(const bm_cache *c, int instance, const char *key, size_t len,
                   uint32_t h)
{
  entry *en;

  for (en = c->buckets[h & (c->nbuckets - 1)]; en; en = en->chain)
    if (en->hash == h && en->instance == instance && en->key_len == len &&
        memcmp(en->text, key, len) == 0)
      return en;
  return NULL;
}

/* Unlinks and frees en; *counter (may be NULL) says why it went. */
static void drop(bm_cache *c, entry *en, long long *counter)
{
  entry **pp = &c->buckets[en->hash & (c->nbuckets - 1)];
  bm_cache_stats *st = &c->stats[en->instance];
  size_t charge = charge_of(en->key_len, en->body_len);

  while (*pp != en)
    pp = &(*pp)->chain;
  *pp = en->chain;
  lru_unlink(c, en);
  c->nentries--;
  c->bytes -= charge;
  st->entries--;
  st->bytes -= (long long)charge;
  if (counter)
    (*counter)++;
  free(en);
}

/* Doubles the buckets when the chains grow long; keeps them on failure. */
static void grow(bm_cache *c)
{
  size_t n = c->nbuckets * 2, i;
  entry **b, *en, *next;

  if (c->nentries <= c->nbuckets || n > BM_CACHE_MAX_BUCKETS)
    return;
  b = calloc(n, sizeof *b);
  if (!b)
    return;
  for (i = 0; i < c->nbuckets; i++)
    for (en = c->buckets[i]; en; en = next) {
      next = en->chain;
      en->chain = b[en->hash & (n - 1)];
      b[en->hash & (n - 1)] = en;
    }
  free(c->buckets);
  c->buckets = b;
  c->nbuckets = n;
}

int bm_cache_sweep(bm_cache *c, double now_ms)
{
  entry *en, *newer;
  int n = 0;

  if (!c)
    return 0;
  for (en = c->oldest; en; en = newer) {
    newer = en->newer;
    if (en->expires_ms <= now_ms) {
      drop(c, en, &c->stats[en->instance].expired);
      n++;
    }
  }
  return n;
}

/* Frees room for need more bytes: expired entries first, then LRU. */
static void make_room(bm_cache *c, size_t need, double now_ms)
{
  if (c->bytes + need <= c->max_bytes)
    return;
  bm_cache_sweep(c, now_ms);
  while (c->oldest && c->bytes + need > c->max_bytes)
    drop(c, c->oldest, &c->stats[c->oldest->instance].evictions);
}

static int valid_instance(const bm_cache *c, int instance)
{
  return c && instance >= 0 && instance < c->ninstances;
}

int bm_cache_get(bm_cache *c, int instance, const char *key, double now_ms,
                 const char **body, size_t *len, int *status)
{
  size_t klen;
  uint32_t h;
  entry *en;

  if (!valid_instance(c, instance))
    return 0;
  klen = strlen(key);
  h = hash_key(instance, key, klen);
  en = find(c, instance, key, klen, h);
  if (en && en->expires_ms <= now_ms) {
    drop(c, en, &c->stats[instance].expired);
    en = NULL;
  }
  if (!en) {
    c->stats[instance].misses++;
    return 0;
  }
  lru_unlink(c, en);
  lru_push(c, en);
  c->stats[instance].hits++;
  *body = en->text + en->key_len + 1;
  *len = en->body_len;
  *status = en->status;
  return 1;
}

int bm_cache_put(bm_cache *c, int instance, const char *key, int status,
                 const char *body, size_t len, double now_ms, double expires_ms)
{
  size_t klen, need;
  uint32_t h;
  entry *en, **slot;

  if (!valid_instance(c, instance))
    return 0;
  klen = strlen(key);
  h = hash_key(instance, key, klen);
  if ((en = find(c, instance, key, klen, h)) != NULL)
    drop(c, en, NULL);
  need = charge_of(klen, len);
  if (klen > BM_CACHE_MAX_KEY_BYTES || len > MAX_BODY_BYTES ||
      need > c->max_bytes / BM_CACHE_ENTRY_SHARE || expires_ms <= now_ms)
    return 0;
  make_room(c, need, now_ms);
  if (!(en = malloc(need)))
    return 0;

  memset(en, 0, sizeof *en);
  en->expires_ms = expires_ms;
  en->hash = h;
  en->key_len = (uint32_t)klen;
  en->body_len = (uint32_t)len;
  en->instance = instance;
  en->status = status;
  memcpy(en->text, key, klen + 1);
  if (len)
    memcpy(en->text + klen + 1, body, len);
  en->text[klen + 1 + len] = '\0';

  slot = &c->buckets[h & (c->nbuckets - 1)];
  en->chain = *slot;
  *slot = en;
  lru_push(c, en);
  c->nentries++;
  c->bytes += need;
  c->stats[instance].entries++;
  c->stats[instance].bytes += (long long)need;
  c->stats[instance].stores++;
  grow(c);
  return 1;
}

/* ---- invalidation ----------------------------------------------------- */

/* What a write touched, parsed once. */
typedef struct write_view {
  const char *path;
  size_t len; /* without the query and a trailing '/' */
  segs s;
  bm_family family;
  size_t scope;   /* length of "/boards/{id}" or 0 */
  int names_item; /* the path ends in an id */
} write_view;

static size_t scope_of(const char *path, const segs *s)
{
  return board_scoped(path, s) ? s->end[1] : 0;
}

static int is_list(const char *path, const segs *s)
{
  return s->n == 0 || !seg_is_id(path, s, s->n - 1);
}

static int same_scope(const write_view *w, const char *p, size_t scope)
{
  if (!w->scope || !scope)
    return 1;
  return scope == w->scope && memcmp(p, w->path, scope) == 0;
}

/* Whether the write of w changed the entry whose path is p[0..len). */
static int changed_by(const write_view *w, const char *p, size_t len)
{
  segs s;
  int i;

  if (split_path(p, len, &s) < 0)
    return 1;
  if (family_of(p, &s) == w->family && is_list(p, &s) &&
      same_scope(w, p, scope_of(p, &s)))
    return 1;
  for (i = 0; i < w->s.n; i++)
    if (seg_is_id(w->path, &w->s, i) && len == w->s.end[i] &&
        memcmp(p, w->path, len) == 0)
      return 1;
  return w->names_item && len > w->len && p[w->len] == '/' &&
         memcmp(p, w->path, w->len) == 0;
}

/* The path part of a key: after "METHOD ", before the query. */
static const char *key_path(const entry *en, size_t *len)
{
  const char *p = memchr(en->text, ' ', en->key_len);

  p = p ? p + 1 : en->text;
  *len = strcspn(p, "?");
  return p;
}

int bm_cache_invalidate(bm_cache *c, int instance, const char *path)
{
  write_view w;
  entry *en, *older;
  int n = 0, all;

  if (!valid_instance(c, instance))
    return 0;
  memset(&w, 0, sizeof w);
  w.path = path;
  w.len = strcspn(path, "?");
  while (w.len > 1 && path[w.len - 1] == '/')
    w.len--;
  all = split_path(path, w.len, &w.s) < 0;
  if (!all) {
    w.family = family_of(path, &w.s);
    w.scope = scope_of(path, &w.s);
    w.names_item = !is_list(path, &w.s);
  }

  for (en = c->newest; en; en = older) {
    const char *p;
    size_t len;

    older = en->older;
    if (en->instance != instance)
      continue;
    p = key_path(en, &len);
    if (all || changed_by(&w, p, len)) {
      drop(c, en, &c->stats[instance].invalidated);
      n++;
    }
  }
  return n;
}

/* ---- figures ---------------------------------------------------------- */

void bm_cache_note_shared(bm_cache *c, int instance)
{
  if (valid_instance(c, instance))
    c->stats[instance].shared++;
}

void bm_cache_stats_of(bm_cache *c, int instance, double now_ms,
                       bm_cache_stats *out)
{
  memset(out, 0, sizeof *out);
  if (!valid_instance(c, instance))
    return;
  bm_cache_sweep(c, now_ms);
  *out = c->stats[instance];
}

size_t bm_cache_max_bytes(const bm_cache *c)
{
  return c ? c->max_bytes : 0;
}

size_t bm_cache_bytes(const bm_cache *c)
{
  return c ? c->bytes : 0;
}
