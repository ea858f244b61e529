/*
 * tools_docs.c - docs and personal docs (operations.md §2.17).
 *
 * The docs list is nested in data.result (API quirk 12) and carries no
 * content. Title search matches in the server; the content search reads
 * each doc, strips its HTML and cuts a snippet around the first hit.
 * Reading several docs or boards runs at most DOCS_WIDTH requests at a
 * time, and one failed item is reported in its place, not as an error of
 * the whole call. Steps keep their progress in c->acc and c->user.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"

#define DOCS_WIDTH 5      /* requests in flight for one call */
#define SNIPPET_SIDE 80   /* characters kept on each side of a hit */
#define TREE_DEPTH_MAX 64 /* deeper doc trees are cut */

/* ---- text helpers ----------------------------------------------------- */

/* Byte offset of needle in hay, ignoring ASCII case; -1 when absent. */
static long find_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle), i, j;

  if (n == 0)
    return 0;
  for (i = 0; hay[i]; i++) {
    for (j = 0; j < n && hay[i + j]; j++)
      if (tolower((unsigned char)hay[i + j]) !=
          tolower((unsigned char)needle[j]))
        break;
    if (j == n)
      return (long)i;
  }
  return -1;
}

static int title_matches(const cJSON *doc, const char *query)
{
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "title");

  return cJSON_IsString(t) && find_ci(t->valuestring, query) >= 0;
}

/* The character an HTML entity at s stands for; *len gets its length.
 * 0 when s starts no entity this reader knows. */
static char entity(const char *s, size_t *len)
{
  static const struct {
    const char *name;
    char c;
  } known[] = {
    { "&amp;", '&' },  { "&lt;", '<' },    { "&gt;", '>' },   { "&quot;", '"' },
    { "&#39;", '\'' }, { "&apos;", '\'' }, { "&nbsp;", ' ' },
  };
  size_t i;

  for (i = 0; i < sizeof known / sizeof known[0]; i++) {
    *len = strlen(known[i].name);
    if (strncmp(s, known[i].name, *len) == 0)
      return known[i].c;
  }
  return 0;
}

/* The text of an HTML fragment: tags become spaces, common entities are
 * decoded, whitespace runs collapse. Caller frees; NULL on no memory. */
static char *strip_html(const char *html)
{
  char *out = malloc(strlen(html) + 1);
  size_t o = 0, elen;
  int space = 1;
  char ch;

  if (!out)
    return NULL;
  while (*html) {
    if (*html == '<') {
      const char *close = strchr(html, '>');

      html = close ? close + 1 : html + strlen(html);
      ch = ' ';
    } else if (*html == '&' && (ch = entity(html, &elen))) {
      html += elen;
    } else {
      ch = *html++;
    }
    if (isspace((unsigned char)ch)) {
      if (!space)
        out[o++] = ' ';
      space = 1;
    } else {
      out[o++] = ch;
      space = 0;
    }
  }
  while (o > 0 && out[o - 1] == ' ')
    o--;
  out[o] = '\0';
  return out;
}

/* Moves from byte pos by n characters (back when dir < 0), staying on
 * UTF-8 sequence starts and inside [0, len]. */
static size_t step_chars(const char *s, size_t len, size_t pos, int n, int dir)
{
  while (n-- > 0) {
    if (dir < 0 && pos == 0)
      break;
    if (dir > 0 && pos >= len)
      break;
    pos = dir < 0 ? pos - 1 : pos + 1;
    while (pos > 0 && pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
      pos = dir < 0 ? pos - 1 : pos + 1;
  }
  return pos;
}

/* About SNIPPET_SIDE characters on each side of the hit at [at, at+n),
 * with an ellipsis where the text was cut. Caller frees. */
static char *snippet(const char *text, size_t at, size_t n)
{
  size_t len = strlen(text);
  size_t from = step_chars(text, len, at, SNIPPET_SIDE, -1);
  size_t to = step_chars(text, len, at + n, SNIPPET_SIDE, 1);
  bm_buf b;

  bm_buf_init(&b, len + 16);
  if (from > 0)
    bm_buf_adds(&b, "\xE2\x80\xA6");
  bm_buf_add(&b, text + from, to - from);
  if (to < len)
    bm_buf_adds(&b, "\xE2\x80\xA6");
  if (!b.data)
    bm_buf_adds(&b, "");
  return bm_buf_take(&b);
}

/* The list of a docs answer: data.result, or data when it is a list. */
static const cJSON *doc_list(const cJSON *data)
{
  if (cJSON_IsArray(data))
    return data;
  return cJSON_GetObjectItemCaseSensitive(data, "result");
}

/* GET /docs, with is_archived=0 unless include_archived is set. */
static void send_doc_list(bm_call *c, int tag)
{
  bm__call_send(c, tag, "GET",
                bm__arg_bool(c, "include_archived", 0) ? "/docs"
                                                       : "/docs?is_archived=0",
                NULL);
}

/* ---- list_docs, archive_doc, unarchive_doc --------------------------- */

static void list_docs(bm_call *c, const bm_reply *r)
{
  const cJSON *list;
  cJSON *o;

  if (!bm__step_reply(c, r))
    return;
  list = doc_list(r->data);
  o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "docs",
                        list ? cJSON_Duplicate(list, 1) : cJSON_CreateArray());
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(list));
  bm__call_done(c, o, NULL);
}

static void set_archived(bm_call *c, const bm_reply *r, int archived)
{
  char path[64];
  cJSON *body;

  if (r) {
    bm__step_single(c, r);
    return;
  }
  snprintf(path, sizeof path, "/docs/%lld", bm__arg_int(c, "doc_id", 0));
  body = cJSON_CreateObject();
  cJSON_AddNumberToObject(body, "is_archived", archived);
  bm__call_send(c, 0, "PATCH", path, body);
}

static void archive_doc(bm_call *c, const bm_reply *r)
{
  set_archived(c, r, 1);
}

static void unarchive_doc(bm_call *c, const bm_reply *r)
{
  set_archived(c, r, 0);
}

/* ---- search_docs ------------------------------------------------------ */

enum { SEARCH_DOCS, SEARCH_PERSONAL };

/* Appends the title matches of list to out, marked personal or not. */
static void add_title_matches(cJSON *out, const cJSON *list, const char *query,
                              int personal)
{
  const cJSON *d;

  cJSON_ArrayForEach (d, list) {
    cJSON *m;

    if (!title_matches(d, query))
      continue;
    m = cJSON_Duplicate(d, 1);
    cJSON_AddBoolToObject(m, "personal", personal);
    cJSON_AddItemToArray(out, m);
  }
}

static void search_docs(bm_call *c, const bm_reply *r)
{
  const char *query = bm__arg_str(c, "query");
  cJSON *o, *matches;

  if (!r) {
    c->acc = cJSON_CreateArray();
    cJSON_AddItemToArray(c->acc, cJSON_CreateNull());
    cJSON_AddItemToArray(c->acc, cJSON_CreateArray());
    send_doc_list(c, SEARCH_DOCS);
    if (bm__arg_bool(c, "include_personal", 0))
      bm__call_send(c, SEARCH_PERSONAL, "GET", "/personalDocs", NULL);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  cJSON_ReplaceItemInArray(
      c->acc, r->tag,
      cJSON_Duplicate(r->tag == SEARCH_DOCS ? doc_list(r->data) : r->data, 1));
  if (c->pending > 0)
    return;
  o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "query", query);
  matches = cJSON_AddArrayToObject(o, "matches");
  add_title_matches(matches, cJSON_GetArrayItem(c->acc, SEARCH_DOCS), query, 0);
  add_title_matches(matches, cJSON_GetArrayItem(c->acc, SEARCH_PERSONAL), query,
                    1);
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(matches));
  bm__call_done(c, o, NULL);
}

/* ---- get_docs_text_title_search --------------------------------------- */

/*
 * acc = {"matches": [...], "scan": [doc...], "hits": [hit|null...]}:
 * title matches first, then the docs to read (newest first) and, in the
 * same order, what each read found. user[0] is the next doc of "scan" to
 * send, user[1] the docs read, user[2] the docs that failed.
 */
enum { SCAN_LIST = -1 };

static int newer_first(const void *a, const void *b)
{
  const cJSON *x =
      cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)a, "updated_at");
  const cJSON *y =
      cJSON_GetObjectItemCaseSensitive(*(cJSON *const *)b, "updated_at");
  const char *xs = cJSON_IsString(x) ? x->valuestring : "";
  const char *ys = cJSON_IsString(y) ? y->valuestring : "";

  return strcmp(ys, xs);
}

/* Splits the doc list into title matches and docs to read. */
static void plan_scan(bm_call *c, const cJSON *list)
{
  const char *query = bm__arg_str(c, "query");
  long long cap = bm__arg_int(c, "max_docs_to_scan", 100);
  cJSON *matches = cJSON_AddArrayToObject(c->acc, "matches");
  cJSON *scan = cJSON_AddArrayToObject(c->acc, "scan");
  cJSON **rest = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *rest);
  const cJSON *d;
  int n = 0, i;

  cJSON_AddArrayToObject(c->acc, "hits");
  cJSON_ArrayForEach (d, list) {
    cJSON *m = cJSON_Duplicate(d, 1);

    if (title_matches(d, query)) {
      cJSON_AddStringToObject(m, "matched_in", "title");
      cJSON_AddItemToArray(matches, m);
    } else if (rest) {
      rest[n++] = m;
    } else {
      cJSON_Delete(m);
    }
  }
  qsort(rest, (size_t)n, sizeof *rest, newer_first);
  for (i = 0; i < n; i++) {
    if (i < cap) {
      cJSON_AddItemToArray(scan, rest[i]);
      cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(c->acc, "hits"),
                           cJSON_CreateNull());
    } else {
      cJSON_Delete(rest[i]);
    }
  }
  free(rest);
}

/* Sends reads until DOCS_WIDTH are in flight or none is left. */
static void scan_more(bm_call *c)
{
  const cJSON *scan = cJSON_GetObjectItemCaseSensitive(c->acc, "scan");
  char path[64];

  while (c->pending < DOCS_WIDTH && c->user[0] < cJSON_GetArraySize(scan)) {
    const cJSON *d = cJSON_GetArrayItem(scan, (int)c->user[0]);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(d, "doc_id");

    snprintf(path, sizeof path, "/docs/%.0f", cJSON_GetNumberValue(id));
    if (bm__call_send(c, (int)c->user[0]++, "GET", path, NULL) < 0)
      return;
  }
}

/* A content hit for the doc read in r, or NULL when its text lacks the
 * query. */
static cJSON *content_hit(const bm_call *c, const bm_reply *r)
{
  const char *query = bm__arg_str(c, "query");
  const cJSON *html = cJSON_GetObjectItemCaseSensitive(r->data, "content");
  char *text, *cut;
  cJSON *hit = NULL;
  long at;

  if (!cJSON_IsString(html) || !(text = strip_html(html->valuestring)))
    return NULL;
  at = find_ci(text, query);
  if (at >= 0 && (cut = snippet(text, (size_t)at, strlen(query)))) {
    hit = cJSON_CreateString(cut);
    free(cut);
  }
  free(text);
  return hit;
}

static void scan_finish(bm_call *c)
{
  cJSON *matches = cJSON_DetachItemFromObject(c->acc, "matches");
  const cJSON *scan = cJSON_GetObjectItemCaseSensitive(c->acc, "scan");
  const cJSON *hits = cJSON_GetObjectItemCaseSensitive(c->acc, "hits");
  cJSON *o = cJSON_CreateObject();
  int i, n = cJSON_GetArraySize(scan);

  for (i = 0; i < n; i++) {
    const cJSON *hit = cJSON_GetArrayItem(hits, i);
    cJSON *m;

    if (!cJSON_IsString(hit))
      continue;
    m = cJSON_Duplicate(cJSON_GetArrayItem(scan, i), 1);
    cJSON_AddStringToObject(m, "matched_in", "content");
    cJSON_AddStringToObject(m, "snippet", hit->valuestring);
    cJSON_AddItemToArray(matches, m);
  }
  cJSON_AddStringToObject(o, "query", bm__arg_str(c, "query"));
  cJSON_AddItemToObject(o, "matches", matches);
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(matches));
  cJSON_AddNumberToObject(o, "scanned_docs_for_content", n);
  cJSON_AddNumberToObject(o, "successfully_scanned_docs", (double)c->user[1]);
  cJSON_AddNumberToObject(o, "failed_docs", (double)c->user[2]);
  bm__call_done(c, o, NULL);
}

static void text_search(bm_call *c, const bm_reply *r)
{
  cJSON *hit;

  if (!r) {
    send_doc_list(c, SCAN_LIST);
    return;
  }
  if (r->tag == SCAN_LIST) {
    if (r->error) {
      bm__call_fail_reply(c, r);
      return;
    }
    c->acc = cJSON_CreateObject();
    plan_scan(c, doc_list(r->data));
  } else if (r->error) {
    c->user[2]++; /* one unreadable doc does not end the search */
  } else {
    c->user[1]++;
    hit = content_hit(c, r);
    if (hit)
      cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(c->acc, "hits"),
                               r->tag, hit);
  }
  scan_more(c);
  if (c->pending == 0 && !c->finished)
    scan_finish(c);
}

/* ---- get_doc_hierarchy ------------------------------------------------ */

static double num_of(const cJSON *o, const char *key, double dflt)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

  return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static int by_position(const void *a, const void *b)
{
  const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
  double px = num_of(x, "position", 0), py = num_of(y, "position", 0);

  if (px != py)
    return px < py ? -1 : 1;
  px = num_of(x, "doc_id", 0);
  py = num_of(y, "doc_id", 0);
  return px < py ? -1 : px > py;
}

/* The docs of a flat list and which of them a tree already holds. */
typedef struct doc_set {
  cJSON **docs; /* sorted by position */
  char *placed;
  int n;
  int total; /* nodes put into the tree */
} doc_set;

static int has_doc(const doc_set *s, double id)
{
  int i;

  for (i = 0; i < s->n; i++)
    if (num_of(s->docs[i], "doc_id", -1) == id)
      return 1;
  return 0;
}

/* A copy of doc i with its children, each placed once, depth capped. */
static cJSON *tree_node(doc_set *s, int i, int depth)
{
  cJSON *node = cJSON_Duplicate(s->docs[i], 1);
  cJSON *kids = cJSON_AddArrayToObject(node, "children");
  double id = num_of(s->docs[i], "doc_id", -1);
  int j;

  s->placed[i] = 1;
  s->total++;
  if (depth >= TREE_DEPTH_MAX)
    return node;
  for (j = 0; j < s->n; j++)
    if (!s->placed[j] && num_of(s->docs[j], "parent_doc_id", -1) == id)
      cJSON_AddItemToArray(kids, tree_node(s, j, depth + 1));
  return node;
}

/* Top-level docs are those whose parent is absent from the list (none,
 * or filtered out, such as an archived parent). */
static void tree_roots(doc_set *s, cJSON *out)
{
  int i;

  for (i = 0; i < s->n; i++) {
    double parent = num_of(s->docs[i], "parent_doc_id", -1);

    if (!s->placed[i] && (parent < 0 || !has_doc(s, parent)))
      cJSON_AddItemToArray(out, tree_node(s, i, 0));
  }
  for (i = 0; i < s->n; i++) /* what is left sits on a parent cycle */
    if (!s->placed[i])
      cJSON_AddItemToArray(out, tree_node(s, i, 0));
}

static int doc_set_init(doc_set *s, const cJSON *list)
{
  const cJSON *d;

  memset(s, 0, sizeof *s);
  s->docs = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *s->docs);
  s->placed = calloc((size_t)cJSON_GetArraySize(list) + 1, 1);
  if (!s->docs || !s->placed)
    return -1;
  cJSON_ArrayForEach (d, list) {
    if (cJSON_IsObject(d))
      s->docs[s->n++] = (cJSON *)d;
  }
  qsort(s->docs, (size_t)s->n, sizeof *s->docs, by_position);
  return 0;
}

static void hierarchy(bm_call *c, const bm_reply *r)
{
  long long root = bm__arg_int(c, "parent_doc_id", 0);
  cJSON *o, *tree;
  doc_set s;
  int i;

  if (!r) {
    send_doc_list(c, 0);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (doc_set_init(&s, doc_list(r->data)) < 0) {
    free(s.docs);
    free(s.placed);
    bm__call_fail(c, "Error reading the doc tree: out of memory");
    return;
  }
  o = cJSON_CreateObject();
  tree = cJSON_AddArrayToObject(o, "hierarchy");
  for (i = 0; root && i < s.n; i++)
    if (num_of(s.docs[i], "doc_id", -1) == (double)root)
      cJSON_AddItemToArray(tree, tree_node(&s, i, 0));
  if (!root)
    tree_roots(&s, tree);
  free(s.docs);
  free(s.placed);
  if (root && cJSON_GetArraySize(tree) == 0) {
    cJSON_Delete(o);
    bm__call_fail(c, "Error reading the doc tree: doc %lld not found%s", root,
                  bm__arg_bool(c, "include_archived", 0)
                      ? ""
                      : " (archived docs need include_archived)");
    return;
  }
  cJSON_AddNumberToObject(o, "total_docs", s.total);
  bm__call_done(c, o, NULL);
}

/* ---- batches: get_doc_content_batch, get_docs_for_boards_batch -------- */

/* How one batch tool names its items: the array argument, the key of an
 * item's id and of its value, and the list key of the result. */
typedef struct batch_spec {
  const char *ids;
  const char *id_key;
  const char *value_key;
  const char *list_key;
  int with_count;
} batch_spec;

/* Sends item requests until DOCS_WIDTH are in flight. user[0] is the
 * next item. */
static void batch_more(bm_call *c, const batch_spec *b, const char *fmt)
{
  const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c->args, b->ids);
  char path[64];

  while (c->pending < DOCS_WIDTH && c->user[0] < cJSON_GetArraySize(ids)) {
    int i = (int)c->user[0]++;

    snprintf(path, sizeof path, fmt,
             cJSON_GetNumberValue(cJSON_GetArrayItem(ids, i)));
    if (bm__call_send(c, i, "GET", path, NULL) < 0)
      return;
  }
}

static void batch_finish(bm_call *c, const batch_spec *b)
{
  int n = cJSON_GetArraySize(c->acc);
  cJSON *o;

  if (n > 0 && c->user[1] == n) {
    const cJSON *first = cJSON_GetArrayItem(c->acc, 0);

    bm__call_fail(
        c, "Error in %s: every request failed; the first: %s", c->tool->name,
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(first, "error")));
    return;
  }
  o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, b->list_key, c->acc);
  c->acc = NULL;
  if (b->with_count)
    cJSON_AddNumberToObject(o, "count", n);
  bm__call_done(c, o, NULL);
}

/* Reads every item of the ids argument with GET fmt (a "%.0f" hole for
 * the id); answers [{id_key, value_key} | {id_key, error}] in order.
 * user[1] counts the failed items. */
static void run_batch(bm_call *c, const bm_reply *r, const batch_spec *b,
                      const char *fmt)
{
  const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c->args, b->ids);
  cJSON *item;
  int i;

  if (!r) {
    c->acc = cJSON_CreateArray();
    for (i = 0; i < cJSON_GetArraySize(ids); i++)
      cJSON_AddItemToArray(c->acc, cJSON_CreateNull());
    batch_more(c, b, fmt);
    return;
  }
  item = cJSON_CreateObject();
  cJSON_AddItemToObject(item, b->id_key,
                        cJSON_Duplicate(cJSON_GetArrayItem(ids, r->tag), 1));
  if (r->error) {
    cJSON_AddStringToObject(item, "error", r->error);
    c->user[1]++;
  } else {
    cJSON_AddItemToObject(item, b->value_key,
                          r->data ? cJSON_Duplicate(r->data, 1)
                                  : cJSON_CreateNull());
  }
  cJSON_ReplaceItemInArray(c->acc, r->tag, item);
  batch_more(c, b, fmt);
  if (c->pending == 0 && !c->finished)
    batch_finish(c, b);
}

static void content_batch(bm_call *c, const bm_reply *r)
{
  static const batch_spec spec = { "doc_ids", "doc_id", "doc", "docs", 1 };

  run_batch(c, r, &spec,
            bm__arg_bool(c, "personal", 0) ? "/personalDocs/%.0f"
                                           : "/docs/%.0f");
}

static void boards_batch(bm_call *c, const bm_reply *r)
{
  static const batch_spec spec = { "board_ids", "board_id", "docs", "boards",
                                   0 };

  run_batch(c, r, &spec, "/boards/%.0f/docs");
}

/* ---- the table -------------------------------------------------------- */

#define QUERY_PARAM                                                            \
  {                                                                            \
    .name = "query", .type = BM_T_STR, .flags = BM_REQ | BM_NOTBLANK, .lo = 1, \
    .hi = 500                                                                  \
  }
#define ARCHIVED_PARAM                            \
  {                                               \
    .name = "include_archived", .type = BM_T_BOOL \
  }
#define DOC_ID_PARAM                                             \
  {                                                              \
    .name = "doc_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }
#define TITLE_PARAM(req)                                                       \
  {                                                                            \
    .name = "title", .type = BM_T_STR, .flags = (req) | BM_BODY | BM_NOTBLANK, \
    .lo = 1, .hi = 1000                                                        \
  }
#define CONTENT_PARAM                                                     \
  {                                                                       \
    .name = "content", .type = BM_T_STR, .flags = BM_BODY, .desc = "HTML" \
  }
#define DOC_FLAG(n)                                \
  {                                                \
    .name = n, .type = BM_T_FLAG, .flags = BM_BODY \
  }
#define DOC_HIDDEN_FLAG(n)                                     \
  {                                                            \
    .name = n, .type = BM_T_FLAG, .flags = BM_BODY | BM_HIDDEN \
  }
#define POSITION_PARAM                                     \
  {                                                        \
    .name = "position", .type = BM_T_POS, .flags = BM_BODY \
  }

static const bm_param search_params[] = {
  QUERY_PARAM,
  ARCHIVED_PARAM,
  { .name = "include_personal", .type = BM_T_BOOL },
  { 0 },
};

static const bm_param text_search_params[] = {
  QUERY_PARAM,
  ARCHIVED_PARAM,
  { .name = "max_docs_to_scan",
    .type = BM_T_INT,
    .lo = 1,
    .hi = 500,
    .dflt = "100" },
  { 0 },
};

static const bm_param hierarchy_params[] = {
  { .name = "parent_doc_id", .type = BM_T_ID, .desc = "subtree root" },
  ARCHIVED_PARAM,
  { 0 },
};

static const bm_param list_params[] = {
  { .name = "doc_ids",
    .type = BM_T_IDS,
    .flags = BM_QUERY | BM_DEDUP,
    .max_items = 100 },
  { .name = "title", .type = BM_T_STR, .flags = BM_QUERY, .lo = 1, .hi = 500 },
  { .name = "is_archived", .type = BM_T_FLAG, .flags = BM_QUERY },
  { .name = "show_in_main_doc_list",
    .type = BM_T_FLAG,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "is_important", .type = BM_T_FLAG, .flags = BM_QUERY },
  { .name = "for_welcome", .type = BM_T_FLAG, .flags = BM_QUERY | BM_HIDDEN },
  { .name = "parent_doc_ids",
    .type = BM_T_IDS,
    .flags = BM_QUERY | BM_DEDUP,
    .max_items = 100 },
  { 0 },
};

static const bm_param personal_list_params[] = {
  { .name = "doc_ids",
    .type = BM_T_IDS,
    .flags = BM_QUERY | BM_DEDUP,
    .max_items = 100 },
  { .name = "title", .type = BM_T_STR, .flags = BM_QUERY, .lo = 1, .hi = 500 },
  { 0 },
};

static const bm_param content_batch_params[] = {
  { .name = "doc_ids",
    .type = BM_T_IDS,
    .flags = BM_REQ | BM_DEDUP,
    .min_items = 1,
    .max_items = 20 },
  { .name = "personal", .type = BM_T_BOOL, .desc = "personal doc ids" },
  { 0 },
};

static const bm_param boards_batch_params[] = {
  { .name = "board_ids",
    .type = BM_T_IDS,
    .flags = BM_REQ | BM_DEDUP,
    .min_items = 1,
    .max_items = 10 },
  { 0 },
};

static const bm_param create_params[] = {
  TITLE_PARAM(BM_REQ),
  CONTENT_PARAM,
  DOC_FLAG("is_important"),
  DOC_HIDDEN_FLAG("for_welcome"),
  { .name = "parent_doc_id", .type = BM_T_ID, .flags = BM_BODY },
  POSITION_PARAM,
  DOC_HIDDEN_FLAG("show_in_main_doc_list"),
  { 0 },
};

static const bm_param update_params[] = {
  DOC_ID_PARAM,
  TITLE_PARAM(0),
  CONTENT_PARAM,
  DOC_FLAG("is_important"),
  DOC_HIDDEN_FLAG("for_welcome"),
  { .name = "parent_doc_id", .type = BM_T_ID, .flags = BM_BODY },
  POSITION_PARAM,
  { 0 },
};

static const bm_param doc_id[] = {
  DOC_ID_PARAM,
  { 0 },
};

static const bm_param personal_create_params[] = {
  TITLE_PARAM(BM_REQ),
  CONTENT_PARAM,
  POSITION_PARAM,
  { 0 },
};

static const bm_param personal_update_params[] = {
  DOC_ID_PARAM, TITLE_PARAM(0), CONTENT_PARAM, POSITION_PARAM, { 0 },
};

const bm_tool bm__tools_docs[] = {
  { .name = "search_docs",
    .desc = "Find docs by title (fast; content not searched).",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .params = search_params,
    .step = search_docs },
  { .name = "get_docs_text_title_search",
    .desc = "Find docs by title and content (reads each doc).",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = text_search_params,
    .step = text_search },
  { .name = "get_doc_hierarchy",
    .desc = "The doc tree, or one subtree.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = hierarchy_params,
    .step = hierarchy },
  { .name = "list_docs",
    .desc = "List docs, without their content.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/docs",
    .params = list_params,
    .step = list_docs },
  { .name = "list_personal_docs",
    .desc = "List your personal docs.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/personalDocs",
    .params = personal_list_params,
    .shape = BM_SHAPE_WRAP,
    .wrap = "docs" },
  { .name = "get_doc_content_batch",
    .desc = "Read the full content of up to 20 docs.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .params = content_batch_params,
    .step = content_batch },
  { .name = "get_docs_for_boards_batch",
    .desc = "The docs pinned to each of up to 10 boards.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = boards_batch_params,
    .step = boards_batch },
  { .name = "create_doc",
    .desc = "Create a doc.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/docs",
    .params = create_params,
    .doing = "creating doc" },
  { .name = "update_doc",
    .desc = "Change a doc.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/docs/{doc_id}",
    .params = update_params,
    .one_of = "title,content,is_important,for_welcome,parent_doc_id,"
              "position",
    .doing = "updating doc" },
  { .name = "archive_doc",
    .desc = "Archive a doc.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .params = doc_id,
    .step = archive_doc,
    .doing = "archiving doc" },
  { .name = "unarchive_doc",
    .desc = "Restore an archived doc.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .params = doc_id,
    .step = unarchive_doc,
    .doing = "unarchiving doc" },
  { .name = "create_personal_doc",
    .desc = "Create a personal doc.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/personalDocs",
    .params = personal_create_params,
    .doing = "creating personal doc" },
  { .name = "update_personal_doc",
    .desc = "Change a personal doc.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/personalDocs/{doc_id}",
    .params = personal_update_params,
    .one_of = "title,content,position",
    .doing = "updating personal doc" },
  { 0 },
};
