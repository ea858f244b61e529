/*
 * flows.c - the shared flows of operations.md §1.7: archive then delete
 * (F-ARCHDEL), the card update that keeps links (F-UPDATE), the card
 * lookup across lifecycle states (F-EXPAND) and bulk work (F-BULK).
 *
 * F-ARCHDEL, F-UPDATE and F-BULK run on one machine. A flow holds items;
 * an item is one resource with at most one request in flight, sent with
 * the item's index as its tag. A tool about one resource is a flow of one
 * item, so the bulk tools and the single tools share every step. The
 * flow never retries: the engine's HTTP policy is the only one.
 *
 * Memory: the flow is c->state and flow_free releases it with everything
 * its items hold. F-EXPAND keeps its few facts in c->acc.
 */
#include "flows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_CAP 160
#define MAX_BOARD_FANOUT 1000 /* boards whose cards one item counts */

/* What an item's request in flight is for. */
enum step {
  S_NAME = 1, /* GET the item, for its name only */
  S_READ,     /* analysis: the item itself, then the spec's reads */
  S_BOARD,    /* analysis: the cards of one of the item's boards */
  S_GET_CARD, /* F-UPDATE 1: the card and its links */
  S_PATCH,    /* the change itself */
  S_ARCHIVE,
  S_DELETE,
  S_SUBTASK /* F-UPDATE 3: one subtask */
};

enum { ITEM_PENDING, ITEM_RUNNING, ITEM_DONE };

typedef struct item {
  long long id;
  char path[PATH_CAP]; /* the resource, e.g. /cards/12 */
  int state;
  int step;
  int read;   /* analysis: -1 is the item itself, else reads[] */
  int sub;    /* board index, or subtask index */
  int looked; /* the item was read, so its name is known if any */
  int failed;
  char *name;
  char *error;
  cJSON *counts;     /* analysis: {key: n} */
  cJSON *boards;     /* analysis: the board ids to count cards of */
  cJSON *card;       /* F-UPDATE: the card as read, then as changed */
  cJSON *created;    /* F-UPDATE: the subtasks created */
  cJSON *sub_failed; /* F-UPDATE: [{index, error}] */
} item;

typedef struct flow {
  const struct bm_bulk_spec *spec; /* NULL: a tool about one resource */
  bm_bulk_apply apply;
  int analysing;
  int n, next, done, inflight;
  bm_card_done_fn card_done;
  item *items;
} flow;

static void advance(bm_call *c, flow *f);

/* ---- the flow and its items ------------------------------------------ */

static void flow_free(void *p)
{
  flow *f = p;
  int i;

  for (i = 0; i < f->n; i++) {
    item *it = &f->items[i];

    free(it->name);
    free(it->error);
    cJSON_Delete(it->counts);
    cJSON_Delete(it->boards);
    cJSON_Delete(it->card);
    cJSON_Delete(it->created);
    cJSON_Delete(it->sub_failed);
  }
  free(f->items);
  free(f);
}

/* A flow of n items as the call's state; NULL after failing the call. */
static flow *flow_new(bm_call *c, int n, bm_bulk_apply apply,
                      const struct bm_bulk_spec *spec)
{
  flow *f = calloc(1, sizeof *f);

  if (f && !(f->items = calloc((size_t)n, sizeof *f->items))) {
    free(f);
    f = NULL;
  }
  if (!f) {
    bm__call_fail(c, "Error: the server ran out of memory");
    return NULL;
  }
  f->n = n;
  f->apply = apply;
  f->spec = spec;
  c->state = f;
  c->state_free = flow_free;
  return f;
}

static void item_finish(flow *f, item *it)
{
  it->state = ITEM_DONE;
  f->done++;
}

/* Ends the item as failed, keeping a copy of why. */
static void item_fail(flow *f, item *it, const char *prefix, const char *error)
{
  bm_buf b;

  bm_buf_init(&b, 8192);
  bm_buf_addf(&b, "%s%s", prefix, error ? error : "unknown error");
  free(it->error);
  it->error = bm_buf_take(&b);
  it->failed = 1;
  item_finish(f, it);
}

static void item_send(bm_call *c, flow *f, item *it, int step,
                      const char *method, const char *path, cJSON *body)
{
  it->step = step;
  f->inflight++;
  bm__call_send(c, (int)(it - f->items), method, path, body);
}

/* Keeps data[key] (or data[0][key]) as the item's name, when a string. */
static void take_name(item *it, const cJSON *data, const char *key)
{
  const cJSON *v;

  if (cJSON_IsArray(data))
    data = cJSON_GetArrayItem(data, 0);
  v = cJSON_GetObjectItemCaseSensitive(data, key);
  if (!cJSON_IsString(v))
    return;
  free(it->name);
  it->name = bm__strdup(v->valuestring);
}

static const char *name_key(const flow *f)
{
  return f->spec ? f->spec->name_key : "title";
}

/* Copies tpl into out with "{id}" replaced by id. */
static void fill_id(char *out, size_t n, const char *tpl, long long id)
{
  const char *hole = strstr(tpl, "{id}");

  if (!hole) {
    snprintf(out, n, "%s", tpl);
    return;
  }
  snprintf(out, n, "%.*s%lld%s", (int)(hole - tpl), tpl, id, hole + 4);
}

/* ---- request bodies -------------------------------------------------- */

/* The requested change: the tool's BM_BODY parameters. Never NULL unless
 * out of memory. */
static cJSON *change_body(const bm_call *c)
{
  cJSON *b = NULL;

  if (bm__build_request(c, c->tool, NULL, &b) < 0) {
    cJSON_Delete(b);
    return NULL;
  }
  return b ? b : cJSON_CreateObject();
}

static cJSON *archived_body(void)
{
  cJSON *b = cJSON_CreateObject();

  cJSON_AddNumberToObject(b, "is_archived", 1);
  return b;
}

/* F-UPDATE step 2: the change plus the card's current links, sent back
 * unchanged because a PATCH without them may drop them (API quirk 2). */
static cJSON *card_change_body(const bm_call *c, const cJSON *card)
{
  static const char *const never[] = {
    "card_id", "id", "instance", "subtasks_to_add", "linked_cards", NULL,
  };
  const cJSON *links = cJSON_GetObjectItemCaseSensitive(card, "linked_cards");
  cJSON *b = change_body(c);
  size_t i;

  if (!b)
    return NULL;
  for (i = 0; never[i]; i++)
    cJSON_DeleteItemFromObjectCaseSensitive(b, never[i]);
  if (cJSON_IsArray(links))
    cJSON_AddItemToObject(b, "linked_cards", cJSON_Duplicate(links, 1));
  return b;
}

/* ---- dependency analysis --------------------------------------------- */

static void add_count(item *it, const char *key, double n)
{
  cJSON *v;

  if (!it->counts && !(it->counts = cJSON_CreateObject()))
    return;
  v = cJSON_GetObjectItemCaseSensitive(it->counts, key);
  if (v)
    cJSON_SetNumberValue(v, v->valuedouble + n);
  else
    cJSON_AddNumberToObject(it->counts, key, n);
}

/* The number of cards a GET /cards answer stands for. Asked with
 * per_page=1, all_pages is the total; the flat form carries total_count. */
static double card_total(const bm_reply *r)
{
  const cJSON *d = r->data, *list = d, *pg, *meta;
  double n, pages, per;

  if (cJSON_IsObject(d)) {
    list = cJSON_GetObjectItemCaseSensitive(d, "data");
    pg = cJSON_GetObjectItemCaseSensitive(d, "pagination");
    n = cJSON_GetArraySize(list);
    pages =
        cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(pg, "all_pages"));
    per = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(pg, "results_per_page"));
    if (pages > 1 && per >= 1 && pages * per > n)
      n = pages * per;
    return n;
  }
  meta = cJSON_GetObjectItemCaseSensitive(r->json, "meta");
  n = cJSON_GetNumberValue(
      cJSON_GetObjectItemCaseSensitive(meta, "total_count"));
  if (!isnan(n) && n > 0)
    return n;
  return cJSON_GetArraySize(list);
}

static void read_next(bm_call *c, flow *f, item *it)
{
  const bm_bulk_read *rd = &f->spec->reads[++it->read];
  char path[PATH_CAP];

  if (!rd->path) {
    item_finish(f, it);
    return;
  }
  fill_id(path, sizeof path, rd->path, it->id);
  item_send(c, f, it, S_READ, "GET", path, NULL);
}

/* Counts the cards of the item's next board, or moves on to the next
 * read once every board is counted. */
static void board_next(bm_call *c, flow *f, item *it)
{
  const cJSON *b = cJSON_GetArrayItem(it->boards, ++it->sub);
  char path[PATH_CAP];

  if (!b || it->sub >= MAX_BOARD_FANOUT) {
    read_next(c, f, it);
    return;
  }
  snprintf(path, sizeof path, "/cards?board_ids=%.0f&per_page=1",
           cJSON_GetNumberValue(b));
  item_send(c, f, it, S_BOARD, "GET", path, NULL);
}

/* Keeps the ids of a board list, for board_next. */
static cJSON *board_ids(const cJSON *list)
{
  cJSON *ids = cJSON_CreateArray();
  const cJSON *b;

  cJSON_ArrayForEach (b, list) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(b, "board_id");

    if (cJSON_IsNumber(id))
      cJSON_AddItemToArray(ids, cJSON_CreateNumber(id->valuedouble));
  }
  return ids;
}

static void analysis_start(bm_call *c, flow *f, item *it)
{
  it->read = -1;
  item_send(c, f, it, S_READ, "GET", it->path, NULL);
}

static void analysis_reply(bm_call *c, flow *f, item *it, const bm_reply *r)
{
  const bm_bulk_read *rd;

  if (r->error) {
    item_fail(f, it, "could not check dependencies: ", r->error);
    return;
  }
  if (it->step == S_BOARD) {
    add_count(it, "cards", card_total(r));
    board_next(c, f, it);
    return;
  }
  if (it->read < 0) {
    take_name(it, r->data, f->spec->name_key);
    it->looked = 1;
    read_next(c, f, it);
    return;
  }
  rd = &f->spec->reads[it->read];
  if (rd->how == BM_COUNT_BOARDS) {
    add_count(it, rd->key, cJSON_GetArraySize(r->data));
    add_count(it, "cards", 0);
    cJSON_Delete(it->boards);
    it->boards = board_ids(r->data);
    it->sub = -1;
    board_next(c, f, it);
    return;
  }
  add_count(it, rd->key,
            rd->how == BM_COUNT_CARDS ? card_total(r)
                                      : cJSON_GetArraySize(r->data));
  read_next(c, f, it);
}

static int has_dependencies(const item *it)
{
  const cJSON *v;

  cJSON_ArrayForEach (v, it->counts) {
    if (v->valuedouble > 0)
      return 1;
  }
  return 0;
}

static cJSON *item_ref(const item *it)
{
  cJSON *o = cJSON_CreateObject();

  cJSON_AddNumberToObject(o, "id", (double)it->id);
  if (it->name)
    cJSON_AddStringToObject(o, "name", it->name);
  return o;
}

/* The non-error answer that changes nothing and asks to confirm. */
static cJSON *confirmation(const bm_call *c, const flow *f, int ndeps)
{
  cJSON *o = cJSON_CreateObject(), *with, *without, *total, *unchecked;
  const cJSON *v;
  char msg[400];
  int i;

  snprintf(msg, sizeof msg,
           "%d of %d %s have dependencies (counted in "
           "resources_with_dependencies); nothing was changed. To go "
           "ahead anyway, call %s again with analyze_dependencies=false.",
           ndeps, f->n, f->spec->nouns, c->tool->name);
  cJSON_AddBoolToObject(o, "requires_confirmation", 1);
  cJSON_AddStringToObject(o, "confirmation_message", msg);
  with = cJSON_AddArrayToObject(o, "resources_with_dependencies");
  without = cJSON_AddArrayToObject(o, "resources_without_dependencies");
  unchecked = cJSON_CreateArray();
  total = cJSON_CreateObject();
  cJSON_AddNumberToObject(total, f->spec->nouns, f->n);
  for (i = 0; i < f->n; i++) {
    const item *it = &f->items[i];
    cJSON *ref = item_ref(it);

    if (it->failed) {
      cJSON_AddStringToObject(ref, "error", it->error ? it->error : "");
      cJSON_AddItemToArray(unchecked, ref);
      continue;
    }
    cJSON_ArrayForEach (v, it->counts) {
      cJSON *t = cJSON_GetObjectItemCaseSensitive(total, v->string);

      if (has_dependencies(it))
        cJSON_AddNumberToObject(ref, v->string, v->valuedouble);
      if (t)
        cJSON_SetNumberValue(t, t->valuedouble + v->valuedouble);
      else
        cJSON_AddNumberToObject(total, v->string, v->valuedouble);
    }
    cJSON_AddItemToArray(has_dependencies(it) ? with : without, ref);
  }
  if (cJSON_GetArraySize(unchecked))
    cJSON_AddItemToObject(o, "resources_not_checked", unchecked);
  else
    cJSON_Delete(unchecked);
  cJSON_AddItemToObject(o, "total_impact", total);
  return o;
}

/* After the analysis: ask for confirmation, or run the change on every
 * item whose analysis succeeded. */
static void analysis_end(bm_call *c, flow *f)
{
  int i, ndeps = 0;

  for (i = 0; i < f->n; i++)
    ndeps += !f->items[i].failed && has_dependencies(&f->items[i]);
  if (ndeps) {
    bm__call_done(c, confirmation(c, f, ndeps), NULL);
    return;
  }
  f->analysing = 0;
  f->next = 0;
  f->done = 0;
  for (i = 0; i < f->n; i++) {
    item *it = &f->items[i];

    it->state = it->failed ? ITEM_DONE : ITEM_PENDING;
    f->done += it->failed;
  }
  advance(c, f);
}

/* ---- applying the change --------------------------------------------- */

static void archive_or_delete(bm_call *c, flow *f, item *it)
{
  /* A bulk delete always archives first; archive_first is per tool. */
  if (f->spec || bm__arg_bool(c, "archive_first", 1))
    item_send(c, f, it, S_ARCHIVE, "PATCH", it->path, archived_body());
  else
    item_send(c, f, it, S_DELETE, "DELETE", it->path, NULL);
}

static void subtask_next(bm_call *c, flow *f, item *it)
{
  const cJSON *list =
      cJSON_GetObjectItemCaseSensitive(c->args, "subtasks_to_add");
  const cJSON *s = cJSON_GetArrayItem(list, ++it->sub);
  char path[PATH_CAP];

  if (!s) {
    item_finish(f, it);
    return;
  }
  snprintf(path, sizeof path, "/cards/%lld/subtasks", it->id);
  item_send(c, f, it, S_SUBTASK, "POST", path, cJSON_Duplicate(s, 1));
}

/* Records the answer to one subtask POST; a failure is reported, not
 * fatal, since the card itself has been changed already. */
static void subtask_reply(bm_call *c, item *it, const bm_reply *r)
{
  const cJSON *asked = cJSON_GetArrayItem(
      cJSON_GetObjectItemCaseSensitive(c->args, "subtasks_to_add"), it->sub);
  cJSON *e;

  if (r->error) {
    e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "index", it->sub);
    cJSON_AddStringToObject(e, "error", r->error);
    cJSON_AddItemToArray(it->sub_failed, e);
    return;
  }
  /* A 204 leaves only what was asked for. */
  cJSON_AddItemToArray(
      it->created,
      cJSON_Duplicate(cJSON_IsObject(r->data) ? r->data : asked, 1));
}

/* F-UPDATE step 2 answered: the card is data[0], or data, or (for an
 * empty array, meaning nothing changed) the card as read. */
static void keep_changed_card(item *it, const bm_reply *r)
{
  const cJSON *card = r->data;

  if (cJSON_IsArray(card))
    card = cJSON_GetArrayItem(card, 0);
  if (!cJSON_IsObject(card))
    return;
  cJSON_Delete(it->card);
  it->card = cJSON_Duplicate(card, 1);
}

static void apply_start(bm_call *c, flow *f, item *it)
{
  switch (f->apply) {
  case BM_BULK_PATCH:
    item_send(c, f, it, S_PATCH, "PATCH", it->path, change_body(c));
    return;
  case BM_BULK_ARCHIVE:
    item_send(c, f, it, S_ARCHIVE, "PATCH", it->path, archived_body());
    return;
  case BM_BULK_ARCHDEL:
    if (f->spec && !it->looked)
      item_send(c, f, it, S_NAME, "GET", it->path, NULL);
    else
      archive_or_delete(c, f, it);
    return;
  case BM_BULK_CARD_UPDATE:
    item_send(c, f, it, S_GET_CARD, "GET", it->path, NULL);
    return;
  }
}

static void after_card_patch(bm_call *c, flow *f, item *it)
{
  if (!cJSON_GetObjectItemCaseSensitive(c->args, "subtasks_to_add")) {
    item_finish(f, it);
    return;
  }
  it->created = cJSON_CreateArray();
  it->sub_failed = cJSON_CreateArray();
  it->sub = -1;
  subtask_next(c, f, it);
}

static void apply_reply(bm_call *c, flow *f, item *it, const bm_reply *r)
{
  if (r->error && it->step != S_NAME && it->step != S_SUBTASK) {
    item_fail(f, it, "", r->error);
    return;
  }
  switch (it->step) {
  case S_NAME:
    if (!r->error)
      take_name(it, r->data, name_key(f));
    archive_or_delete(c, f, it);
    return;
  case S_ARCHIVE:
    if (f->apply == BM_BULK_ARCHDEL) {
      item_send(c, f, it, S_DELETE, "DELETE", it->path, NULL);
      return;
    }
    take_name(it, r->data, name_key(f));
    item_finish(f, it);
    return;
  case S_GET_CARD:
    it->card = cJSON_Duplicate(r->data, 1);
    take_name(it, r->data, "title");
    item_send(c, f, it, S_PATCH, "PATCH", it->path,
              card_change_body(c, it->card));
    return;
  case S_PATCH:
    if (f->apply == BM_BULK_CARD_UPDATE) {
      keep_changed_card(it, r);
      take_name(it, it->card, "title");
      after_card_patch(c, f, it);
      return;
    }
    take_name(it, r->data, name_key(f));
    item_finish(f, it);
    return;
  case S_SUBTASK:
    subtask_reply(c, it, r);
    subtask_next(c, f, it);
    return;
  default: /* S_DELETE */
    item_finish(f, it);
    return;
  }
}

/* ---- ending ----------------------------------------------------------- */

/* The ids of the tool's path, e.g. {"card_id": 5}. */
static cJSON *path_ids(const bm_call *c)
{
  cJSON *o = cJSON_CreateObject();
  const bm_param *p;

  for (p = c->tool->params; p && p->name; p++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, p->name);

    if ((p->flags & BM_PATH) && v)
      cJSON_AddItemToObject(o, p->name, cJSON_Duplicate(v, 1));
  }
  return o;
}

static void single_end(bm_call *c, flow *f)
{
  item *it = &f->items[0];
  cJSON *card, *report;
  bm_reply r;

  if (it->failed) {
    memset(&r, 0, sizeof r);
    r.error = it->error ? it->error : "unknown error";
    bm__call_fail_reply(c, &r);
    return;
  }
  if (f->apply == BM_BULK_ARCHDEL) {
    bm__call_done(c, path_ids(c), c->tool->summary);
    return;
  }
  card = it->card ? it->card : cJSON_CreateObject();
  it->card = NULL;
  if (it->created) {
    report = cJSON_AddObjectToObject(card, "subtasks");
    cJSON_AddItemToObject(report, "created", it->created);
    cJSON_AddItemToObject(report, "failed", it->sub_failed);
    it->created = it->sub_failed = NULL;
  }
  if (f->card_done)
    f->card_done(c, card);
  else
    bm__call_done(c, card, c->tool->summary);
}

/* {successful, failed, results} after one summary line; an error result
 * only when no item succeeded (operations.md §1.7, F-BULK 5). */
static void bulk_report(bm_call *c, flow *f)
{
  cJSON *o = cJSON_CreateObject(), *results;
  char line[200];
  char *json;
  int i, ok = 0;

  for (i = 0; i < f->n; i++)
    ok += !f->items[i].failed;
  cJSON_AddNumberToObject(o, "successful", ok);
  cJSON_AddNumberToObject(o, "failed", f->n - ok);
  results = cJSON_AddArrayToObject(o, "results");
  for (i = 0; i < f->n; i++) {
    const item *it = &f->items[i];
    cJSON *e = item_ref(it);

    cJSON_AddBoolToObject(e, "success", !it->failed);
    if (it->failed)
      cJSON_AddStringToObject(e, "error", it->error ? it->error : "");
    cJSON_AddItemToArray(results, e);
  }
  snprintf(line, sizeof line, "%d of %d %s %s, %d failed.", ok, f->n,
           f->spec->nouns, f->spec->verb, f->n - ok);
  if (ok) {
    bm__call_done(c, o, line);
    return;
  }
  json = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  bm__call_fail(c, "%s\n%s", line, json ? json : "");
  free(json);
}

/* Starts items while there is room, and ends the phase when all are
 * done. Each started item sends exactly one request, so the requests in
 * flight never exceed BM_BULK_CONCURRENCY. */
static void advance(bm_call *c, flow *f)
{
  while (!c->finished && f->inflight < BM_BULK_CONCURRENCY && f->next < f->n) {
    item *it = &f->items[f->next++];

    if (it->state != ITEM_PENDING)
      continue;
    it->state = ITEM_RUNNING;
    if (f->analysing)
      analysis_start(c, f, it);
    else
      apply_start(c, f, it);
  }
  if (c->finished || f->done < f->n)
    return;
  if (f->analysing)
    analysis_end(c, f);
  else if (f->spec)
    bulk_report(c, f);
  else
    single_end(c, f);
}

static void on_reply(bm_call *c, const bm_reply *r)
{
  flow *f = c->state;
  item *it;

  if (!f || r->tag < 0 || r->tag >= f->n)
    return;
  it = &f->items[r->tag];
  f->inflight--;
  if (f->analysing)
    analysis_reply(c, f, it, r);
  else
    apply_reply(c, f, it, r);
  advance(c, f);
}

/* ---- the steps -------------------------------------------------------- */

void bm__step_archive_delete(bm_call *c, const bm_reply *r)
{
  flow *f;
  bm_buf path;

  if (r) {
    on_reply(c, r);
    return;
  }
  if (!(f = flow_new(c, 1, BM_BULK_ARCHDEL, NULL)))
    return;
  bm_buf_init(&path, PATH_CAP - 1);
  bm__build_request(c, c->tool, &path, NULL);
  if (path.failed || !path.data) {
    bm_buf_free(&path);
    bm__call_fail(c, "Error in %s: the path is too long", c->tool->name);
    return;
  }
  memcpy(f->items[0].path, path.data, path.len + 1);
  bm_buf_free(&path);
  advance(c, f);
}

void bm__card_update(bm_call *c, const bm_reply *r, bm_card_done_fn done)
{
  flow *f;
  item *it;

  if (r) {
    on_reply(c, r);
    return;
  }
  if (!(f = flow_new(c, 1, BM_BULK_CARD_UPDATE, NULL)))
    return;
  f->card_done = done;
  it = &f->items[0];
  it->id = bm__arg_int(c, "card_id", 0);
  snprintf(it->path, sizeof it->path, "/cards/%lld", it->id);
  advance(c, f);
}

void bm__step_card_update(bm_call *c, const bm_reply *r)
{
  bm__card_update(c, r, NULL);
}

void bm__step_bulk(bm_call *c, const bm_reply *r)
{
  const struct bm_bulk_spec *s = c->tool->bulk;
  const cJSON *ids = cJSON_GetObjectItemCaseSensitive(c->args, "resource_ids");
  const cJSON *v;
  flow *f;
  int i = 0;

  if (r) {
    on_reply(c, r);
    return;
  }
  if (!s || !cJSON_GetArraySize(ids)) {
    bm__call_fail(c, "Error in %s: no resource_ids to work on", c->tool->name);
    return;
  }
  if (!(f = flow_new(c, cJSON_GetArraySize(ids), s->apply, s)))
    return;
  f->analysing = s->reads && bm__arg_bool(c, "analyze_dependencies", 1);
  cJSON_ArrayForEach (v, ids) {
    item *it = &f->items[i++];

    it->id = (long long)v->valuedouble;
    snprintf(it->path, sizeof it->path, "%s/%lld", s->base, it->id);
  }
  advance(c, f);
}

/* ---- F-EXPAND ---------------------------------------------------------- */

static const char *const card_states[] = { "active", "archived", "discarded" };

static void expand_send(bm_call *c, int state)
{
  char path[PATH_CAP];

  snprintf(path, sizeof path, "/cards?card_ids=%lld&state=%s&expand=%s",
           bm__arg_int(c, "card_id", 0), card_states[state], c->tool->wrap);
  bm__call_send(c, state, "GET", path, NULL);
}

/* The first card of a GET /cards answer, nested or flat. */
static const cJSON *first_card(const bm_reply *r)
{
  const cJSON *list = r->data;

  if (cJSON_IsObject(list))
    list = cJSON_GetObjectItemCaseSensitive(list, "data");
  list = cJSON_GetArrayItem(list, 0);
  return cJSON_IsObject(list) ? list : NULL;
}

/* Archived and discarded are asked at once; the archived card wins when
 * both answer, and a failed read only matters when no card was found. */
void bm__step_card_expand(bm_call *c, const bm_reply *r)
{
  const cJSON *card;
  cJSON *found;
  bm_reply err;

  if (!r) {
    expand_send(c, 0);
    return;
  }
  if (r->tag == 0) {
    if (r->error) {
      bm__call_fail_reply(c, r);
    } else if ((card = first_card(r))) {
      bm__call_done(c, cJSON_Duplicate(card, 1), c->tool->summary);
    } else {
      c->acc = cJSON_CreateObject();
      expand_send(c, 1);
      expand_send(c, 2);
    }
    return;
  }
  if (r->error && !cJSON_GetObjectItemCaseSensitive(c->acc, "error"))
    cJSON_AddStringToObject(c->acc, "error", r->error);
  else if (!r->error && (card = first_card(r)))
    cJSON_AddItemToObject(c->acc, card_states[r->tag],
                          cJSON_Duplicate(card, 1));
  if (c->pending > 0)
    return;
  found = cJSON_DetachItemFromObjectCaseSensitive(c->acc, "archived");
  if (!found)
    found = cJSON_DetachItemFromObjectCaseSensitive(c->acc, "discarded");
  if (found) {
    bm__call_done(c, found, c->tool->summary);
    return;
  }
  memset(&err, 0, sizeof err);
  err.error =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->acc, "error"));
  if (err.error)
    bm__call_fail_reply(c, &err);
  else
    bm__call_fail(c, "Card %lld not found", bm__arg_int(c, "card_id", 0));
}
