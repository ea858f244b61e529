/* tokenizer.c - rank assets, byte-level BPE and exact token counts.
 *
 * Owns the bm_tokenizer object: parsing a rank asset (format described in
 * scripts/gen-token-assets.mjs and docs/tokenizer.md) into a byte string
 * per rank plus a hash index, and counting the tokens of each piece the
 * pre-tokenizer (tokenizer_pretok.c) cuts. It does not keep the asset and
 * does no I/O.
 *
 * Memory: every block comes from the allocator pair given to
 * bm_tokenizer_load() and is owned by the tokenizer until
 * bm_tokenizer_free(). Counting allocates only for pieces longer than
 * SCAN_MAX bytes, and frees that scratch before it returns.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tokenizer.h"
#include "tokenizer_internal.h"

#define HEADER_SIZE 48
#define NAME_SIZE 24
#define FORMAT_VERSION 1

/* A slot of the hash index packs rank + 1 in its low RANK_BITS and a tag
 * from the hash above them, so most probes fail without touching bytes. */
#define RANK_BITS 20
#define MAX_RANKS ((1u << RANK_BITS) - 1)
#define NO_RANK UINT32_MAX

/* Exp-Golomb prefixes longer than this are corrupt, not large numbers. */
#define MAX_EG_ZEROS 24
#define MAX_EG_ORDER 24

/* Pieces up to SCAN_MAX bytes merge in stack arrays by rescanning every
 * pair after each merge (quadratic, but tiny and cache-friendly); longer
 * ones use a heap and a linked list, O(n log n). */
#define SCAN_MAX 128

/* A direct-mapped cache of the counts of short pieces that needed merges.
 * Sized so that one entry is 32 bytes and the whole cache 32 KiB. */
#define CACHE_SLOTS 1024
#define CACHE_KEY_MAX 26

typedef struct cache_entry {
  uint32_t hash;
  uint8_t len; /* 0: empty */
  uint8_t count;
  unsigned char key[CACHE_KEY_MAX];
} cache_entry;

struct bm_tokenizer {
  bm_tok_alloc mem;
  int rule;            /* enum bm__tok_rule */
  uint32_t n;          /* ranks are 0 .. n-1 */
  uint32_t max_len;    /* longest token, bytes */
  unsigned char *text; /* the bytes of every rank, in rank order */
  uint32_t *offs;      /* n + 1 offsets into text */
  uint32_t *slots;     /* hash index, mask + 1 slots, 0 when empty */
  uint32_t mask;
  char name[NAME_SIZE];
  cache_entry cache[CACHE_SLOTS];
};

typedef struct header {
  uint32_t n;
  uint32_t payload_size;
  uint32_t checksum;
  unsigned order_left;
  unsigned order_right;
  int rule;
  unsigned max_len;
  char name[NAME_SIZE];
} header;

/* Reads a stream most significant bit first. The unread bits sit at the
 * top of acc; everything below them is zero. */
typedef struct bit_reader {
  const unsigned char *p;
  size_t len;  /* bytes */
  size_t next; /* the next byte to load into acc */
  uint64_t acc;
  unsigned have; /* bits in acc */
} bit_reader;

static void *std_alloc(size_t size)
{
  return malloc(size);
}

static void std_free(void *ptr)
{
  free(ptr);
}

/* Copies msg into err, truncated to errlen - 1 bytes and terminated. */
static void set_err(char *err, size_t errlen, const char *msg)
{
  size_t n = strlen(msg);

  if (err == NULL || errlen == 0)
    return;
  if (n >= errlen)
    n = errlen - 1;
  memcpy(err, msg, n);
  err[n] = '\0';
}

static uint32_t get_u16(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get_u32(const unsigned char *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
  uint32_t h = 0x811C9DC5u;
  size_t i;

  for (i = 0; i < n; i++)
    h = (h ^ p[i]) * 0x01000193u;
  return h;
}

/* The hash of the index and of the cache. Pieces are short, so a byte
 * loop with a final mix is fast enough and simple to get right. */
static uint32_t hash_bytes(const unsigned char *p, size_t n)
{
  uint32_t h = 0x9E3779B9u ^ (uint32_t)n;
  size_t i;

  for (i = 0; i < n; i++)
    h = (h ^ p[i]) * 0x01000193u;
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  return h;
}

/* Checks the fixed header; returns NULL or the reason it is refused. */
static const char *parse_header(const unsigned char *a, size_t len, header *h)
{
  size_t i;

  if (len < HEADER_SIZE)
    return "asset: shorter than its header";
  if (memcmp(a, "BMTK", 4) != 0)
    return "asset: bad magic, not a .bmtok file";
  if (get_u16(a + 4) != FORMAT_VERSION)
    return "asset: unsupported format version";
  if (get_u16(a + 6) != HEADER_SIZE)
    return "asset: unexpected header size";

  h->n = get_u32(a + 8);
  h->payload_size = get_u32(a + 12);
  h->checksum = get_u32(a + 16);
  h->order_left = a[20];
  h->order_right = a[21];
  h->rule = a[22];
  h->max_len = a[23];
  memcpy(h->name, a + 24, NAME_SIZE);

  if (h->n < 256 || h->n > MAX_RANKS)
    return "asset: token count out of range";
  if (h->payload_size != len - HEADER_SIZE || h->payload_size < 256)
    return "asset: payload size does not match the file";
  if (h->order_left > MAX_EG_ORDER || h->order_right > MAX_EG_ORDER)
    return "asset: bad code order";
  if (h->rule != BM__TOK_RULE_CL100K && h->rule != BM__TOK_RULE_O200K)
    return "asset: unknown split rule";
  if (h->max_len == 0)
    return "asset: bad longest-token length";
  for (i = 0; i < NAME_SIZE && h->name[i] != '\0'; i++) {
    if (h->name[i] < 0x21 || h->name[i] > 0x7E)
      return "asset: encoding name is not printable ASCII";
  }
  if (i == 0 || i == NAME_SIZE)
    return "asset: encoding name missing or not terminated";
  if (fnv1a(a + HEADER_SIZE, h->payload_size) != h->checksum)
    return "asset: checksum mismatch";
  return NULL;
}

static void refill(bit_reader *b)
{
  while (b->have <= 56 && b->next < b->len) {
    b->acc |= (uint64_t)b->p[b->next++] << (56 - b->have);
    b->have += 8;
  }
}

/* Reads n <= 32 bits into *v; -1 if fewer remain. */
static int read_bits(bit_reader *b, unsigned n, uint64_t *v)
{
  if (n == 0) {
    *v = 0;
    return 0;
  }
  if (b->have < n)
    refill(b);
  if (b->have < n)
    return -1;
  *v = b->acc >> (64 - n);
  b->acc <<= n;
  b->have -= n;
  return 0;
}

/* Reads one Exp-Golomb number of order k; -1 on a truncated or absurd
 * code. With both limits at 24 the value stays below 2^49. */
static int read_eg(bit_reader *b, unsigned k, uint64_t *v)
{
  uint64_t x, low;
  unsigned zeros = 0;

  for (;;) {
    if (b->have == 0)
      refill(b);
    if (b->have == 0)
      return -1;
    if (b->acc >> 63)
      break;
    b->acc <<= 1;
    b->have--;
    if (++zeros > MAX_EG_ZEROS)
      return -1;
  }
  if (read_bits(b, zeros + 1, &x) != 0 || read_bits(b, k, &low) != 0)
    return -1;
  *v = (x - 1) << k | low;
  return 0;
}

static uint32_t token_len(const bm_tokenizer *tok, uint32_t r)
{
  return tok->offs[r + 1] - tok->offs[r];
}

/* Walks the pair stream for ranks 256 and up. The first pass checks every
 * pair and stores each rank's length in offs[r]; the second, run after
 * offs holds offsets, copies the bytes. Decoding twice avoids a temporary
 * array of pairs. */
static const char *walk_pairs(bm_tokenizer *tok, const header *h,
                              const unsigned char *stream, size_t size,
                              int fill)
{
  bit_reader b = { 0 };
  uint64_t left, right;
  uint32_t r, len_l, len_r;

  b.p = stream;
  b.len = size;
  for (r = 256; r < h->n; r++) {
    if (read_eg(&b, h->order_left, &left) != 0 ||
        read_eg(&b, h->order_right, &right) != 0)
      return "asset: pair stream truncated or corrupt";
    if (left >= r || right >= r)
      return "asset: pair refers to a later rank";
    if (!fill) {
      len_l = tok->offs[left];
      len_r = tok->offs[right];
      if (len_l + len_r > h->max_len)
        return "asset: token longer than the header allows";
      tok->offs[r] = len_l + len_r;
    } else {
      len_l = token_len(tok, (uint32_t)left);
      len_r = token_len(tok, (uint32_t)right);
      memcpy(tok->text + tok->offs[r], tok->text + tok->offs[left], len_l);
      memcpy(tok->text + tok->offs[r] + len_l, tok->text + tok->offs[right],
             len_r);
    }
  }

  /* Only zero padding, less than a byte of it, may follow. */
  refill(&b);
  if (b.next < b.len || b.have >= 8)
    return "asset: data after the last pair";
  if (b.acc != 0)
    return "asset: nonzero padding";
  return NULL;
}

/* Returns the rank of p[0..n), whose hash is h, or NO_RANK. */
static uint32_t find_rank(const bm_tokenizer *tok, const unsigned char *p,
                          size_t n, uint32_t h)
{
  uint32_t i = h & tok->mask, tag = h >> RANK_BITS, e, r;

  if (n > tok->max_len)
    return NO_RANK;
  for (;;) {
    e = tok->slots[i];
    if (e == 0)
      return NO_RANK;
    if (e >> RANK_BITS == tag) {
      r = (e & MAX_RANKS) - 1;
      if (token_len(tok, r) == n && memcmp(tok->text + tok->offs[r], p, n) == 0)
        return r;
    }
    i = (i + 1) & tok->mask;
  }
}

/* Builds the hash index; refuses two ranks with the same bytes, since the
 * encoder's rank lookup would then be ambiguous. */
static const char *build_index(bm_tokenizer *tok)
{
  uint32_t size = 1, r, h, i;
  const unsigned char *p;

  while (size < 2 * tok->n)
    size <<= 1;
  tok->slots = tok->mem.alloc((size_t)size * sizeof *tok->slots);
  if (tok->slots == NULL)
    return "tokenizer: out of memory";
  memset(tok->slots, 0, (size_t)size * sizeof *tok->slots);
  tok->mask = size - 1;

  for (r = 0; r < tok->n; r++) {
    p = tok->text + tok->offs[r];
    h = hash_bytes(p, token_len(tok, r));
    if (find_rank(tok, p, token_len(tok, r), h) != NO_RANK)
      return "asset: two ranks share the same bytes";
    i = h & tok->mask;
    while (tok->slots[i] != 0)
      i = (i + 1) & tok->mask;
    tok->slots[i] = (h >> RANK_BITS) << RANK_BITS | (r + 1);
  }
  return NULL;
}

/* Fills text and offs from the payload. */
static const char *decode_ranks(bm_tokenizer *tok, const header *h,
                                const unsigned char *payload)
{
  unsigned char seen[256];
  const char *why;
  uint32_t r, total, len;

  tok->offs = tok->mem.alloc(((size_t)h->n + 1) * sizeof *tok->offs);
  if (tok->offs == NULL)
    return "tokenizer: out of memory";

  /* Ranks 0..255 are the single bytes, in the order the payload lists. */
  memset(seen, 0, sizeof seen);
  for (r = 0; r < 256; r++) {
    if (seen[payload[r]]++)
      return "asset: single-byte ranks are not a permutation";
    tok->offs[r] = 1;
  }
  why = walk_pairs(tok, h, payload + 256, h->payload_size - 256, 0);
  if (why != NULL)
    return why;

  /* Lengths to offsets; n * 255 < 2^28, so the sum fits. */
  total = 0;
  for (r = 0; r < h->n; r++) {
    len = tok->offs[r];
    tok->offs[r] = total;
    total += len;
  }
  tok->offs[h->n] = total;

  tok->text = tok->mem.alloc(total);
  if (tok->text == NULL)
    return "tokenizer: out of memory";
  for (r = 0; r < 256; r++)
    tok->text[r] = payload[r];
  return walk_pairs(tok, h, payload + 256, h->payload_size - 256, 1);
}

bm_tokenizer *bm_tokenizer_load(const unsigned char *asset, size_t len,
                                const bm_tok_alloc *a, char *err, size_t errlen)
{
  bm_tok_alloc mem = { std_alloc, std_free };
  bm_tokenizer *tok;
  const char *why;
  header h;
  uint32_t r;

  if (a != NULL) {
    if (a->alloc == NULL || a->free == NULL) {
      set_err(err, errlen, "tokenizer: incomplete allocator");
      return NULL;
    }
    mem = *a;
  }
  if (asset == NULL) {
    set_err(err, errlen, "asset: missing");
    return NULL;
  }
  why = parse_header(asset, len, &h);
  if (why != NULL) {
    set_err(err, errlen, why);
    return NULL;
  }

  tok = mem.alloc(sizeof *tok);
  if (tok == NULL) {
    set_err(err, errlen, "tokenizer: out of memory");
    return NULL;
  }
  memset(tok, 0, sizeof *tok);
  tok->mem = mem;
  tok->rule = h.rule;
  tok->n = h.n;
  memcpy(tok->name, h.name, NAME_SIZE);

  why = decode_ranks(tok, &h, asset + HEADER_SIZE);
  if (why == NULL) {
    /* The header's figure is only an upper bound; keep the true one. */
    tok->max_len = 1;
    for (r = 0; r < tok->n; r++) {
      if (token_len(tok, r) > tok->max_len)
        tok->max_len = token_len(tok, r);
    }
    why = build_index(tok);
  }
  if (why != NULL) {
    set_err(err, errlen, why);
    bm_tokenizer_free(tok);
    return NULL;
  }
  return tok;
}

void bm_tokenizer_free(bm_tokenizer *tok)
{
  if (tok == NULL)
    return;
  if (tok->slots != NULL)
    tok->mem.free(tok->slots);
  if (tok->text != NULL)
    tok->mem.free(tok->text);
  if (tok->offs != NULL)
    tok->mem.free(tok->offs);
  tok->mem.free(tok);
}

const char *bm_tokenizer_name(const bm_tokenizer *tok)
{
  return tok != NULL ? tok->name : "";
}

/* The rank of the bytes p[a..b), or NO_RANK. */
static uint32_t span_rank(const bm_tokenizer *tok, const unsigned char *p,
                          size_t a, size_t b)
{
  if (b - a > tok->max_len)
    return NO_RANK;
  return find_rank(tok, p + a, b - a, hash_bytes(p + a, b - a));
}

/* Byte-level BPE as the reference encoder does it: while some adjacent
 * pair of parts concatenates to a token, merge the pair of lowest rank,
 * the leftmost one on a tie. The result is the number of parts left. Here
 * by a rescan of the pairs after each merge, for n <= SCAN_MAX. */
static size_t merge_scan(const bm_tokenizer *tok, const unsigned char *p,
                         size_t n)
{
  uint32_t start[SCAN_MAX + 1]; /* part i is p[start[i] .. start[i+1]) */
  uint32_t rank[SCAN_MAX];      /* rank of parts i and i+1 together */
  size_t m = n, i, best;
  uint32_t min;

  assert(n >= 2 && n <= SCAN_MAX);
  for (i = 0; i <= n; i++)
    start[i] = (uint32_t)i;
  for (i = 0; i + 1 < m; i++)
    rank[i] = span_rank(tok, p, start[i], start[i + 2]);

  while (m > 1) {
    min = NO_RANK;
    best = 0;
    for (i = 0; i + 1 < m; i++) {
      if (rank[i] < min) {
        min = rank[i];
        best = i;
      }
    }
    if (min == NO_RANK)
      break;

    /* Part best+1 joins part best: drop its start and its pair. */
    memmove(&start[best + 1], &start[best + 2],
            (m - best - 1) * sizeof start[0]);
    if (m - best > 2)
      memmove(&rank[best + 1], &rank[best + 2],
              (m - best - 3) * sizeof rank[0]);
    m--;
    if (best + 1 < m)
      rank[best] = span_rank(tok, p, start[best], start[best + 2]);
    if (best > 0)
      rank[best - 1] = span_rank(tok, p, start[best - 1], start[best + 1]);
  }
  return m;
}

static void heap_push(uint64_t *heap, size_t *len, uint64_t key)
{
  size_t i = (*len)++, parent;

  while (i > 0) {
    parent = (i - 1) / 2;
    if (heap[parent] <= key)
      break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = key;
}

static uint64_t heap_pop(uint64_t *heap, size_t *len)
{
  uint64_t top = heap[0], last = heap[--*len];
  size_t i = 0, child;

  for (;;) {
    child = 2 * i + 1;
    if (child >= *len)
      break;
    if (child + 1 < *len && heap[child + 1] < heap[child])
      child++;
    if (last <= heap[child])
      break;
    heap[i] = heap[child];
    i = child;
  }
  if (*len > 0)
    heap[i] = last;
  return top;
}

/* The same merge order as merge_scan, for pieces of any length. Parts are
 * a linked list keyed by their first byte; the heap holds (rank, start of
 * left part) of candidate pairs, so popping the smallest key yields the
 * lowest rank and then the leftmost pair. Entries go stale when a
 * neighbour merges; a pair's bytes only ever grow, so its rank never
 * returns to an old value, and an entry is live exactly when its rank
 * still equals pair[start]. */
static size_t merge_heap(bm_tokenizer *tok, const unsigned char *p, size_t n)
{
  uint32_t *next, *prev, *pair, i, j, k;
  uint64_t *heap, key;
  size_t heap_len = 0, parts = n, x;
  void *block;

  if (n >= UINT32_MAX || n > SIZE_MAX / 48)
    return BM_TOKENIZER_COUNT_ERROR;
  block = tok->mem.alloc(n * (3 * sizeof(uint64_t) + 3 * sizeof(uint32_t)));
  if (block == NULL)
    return BM_TOKENIZER_COUNT_ERROR;
  heap = block; /* at most n - 1 first entries, then 2 per merge */
  next = (uint32_t *)(heap + 3 * n);
  prev = next + n;
  pair = prev + n;

  for (x = 0; x < n; x++) {
    next[x] = (uint32_t)x + 1;
    prev[x] = (uint32_t)x - 1;
    pair[x] = x + 2 <= n ? span_rank(tok, p, x, x + 2) : NO_RANK;
    if (pair[x] != NO_RANK)
      heap_push(heap, &heap_len, (uint64_t)pair[x] << 32 | x);
  }

  while (heap_len > 0) {
    key = heap_pop(heap, &heap_len);
    i = (uint32_t)key;
    if (pair[i] != (uint32_t)(key >> 32))
      continue;

    j = next[i];
    k = next[j];
    next[i] = k;
    if (k < n)
      prev[k] = i;
    pair[j] = NO_RANK;
    parts--;

    pair[i] = k < n ? span_rank(tok, p, i, next[k]) : NO_RANK;
    if (pair[i] != NO_RANK)
      heap_push(heap, &heap_len, (uint64_t)pair[i] << 32 | i);
    if (i > 0) {
      j = prev[i];
      pair[j] = span_rank(tok, p, j, k);
      if (pair[j] != NO_RANK)
        heap_push(heap, &heap_len, (uint64_t)pair[j] << 32 | j);
    }
  }

  tok->mem.free(block);
  return parts;
}

size_t bm__tok_piece_count(bm_tokenizer *tok, const unsigned char *p, size_t n,
                           int merge)
{
  assert(n >= 1);
  if (n == 1)
    return 1;
  if (find_rank(tok, p, n, hash_bytes(p, n)) != NO_RANK)
    return 1;
  if (merge == BM__TOK_MERGE_HEAP || n > SCAN_MAX)
    return merge_heap(tok, p, n);
  return merge_scan(tok, p, n);
}

/* One piece, through the cache. */
static size_t count_piece(bm_tokenizer *tok, const unsigned char *p, size_t n)
{
  cache_entry *e;
  uint32_t h;
  size_t c;

  if (n == 1)
    return 1;
  h = hash_bytes(p, n);
  if (find_rank(tok, p, n, h) != NO_RANK)
    return 1;
  if (n > SCAN_MAX)
    return merge_heap(tok, p, n);
  if (n > CACHE_KEY_MAX)
    return merge_scan(tok, p, n);

  e = &tok->cache[h & (CACHE_SLOTS - 1)];
  if (e->len == n && e->hash == h && memcmp(e->key, p, n) == 0)
    return e->count;
  c = merge_scan(tok, p, n);
  e->hash = h;
  e->len = (uint8_t)n;
  e->count = (uint8_t)c;
  memcpy(e->key, p, n);
  return c;
}

size_t bm_tokenizer_count(bm_tokenizer *tok, const char *utf8, size_t len)
{
  const unsigned char *s = (const unsigned char *)utf8;
  size_t pos = 0, end, total = 0, c;

  if (tok == NULL || (utf8 == NULL && len > 0))
    return BM_TOKENIZER_COUNT_ERROR;
  while (pos < len) {
    end = bm__tok_piece_end(tok->rule, s, len, pos);
    c = count_piece(tok, s + pos, end - pos);
    if (c == BM_TOKENIZER_COUNT_ERROR)
      return BM_TOKENIZER_COUNT_ERROR;
    total += c;
    pos = end;
  }
  return total;
}
