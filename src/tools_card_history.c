/*
 * tools_card_history.c - card history, logged time and outcomes
 * (operations.md §2.10).
 *
 * The API has no movement or block log of its own: both come from
 * GET /cards with expand=transitions or block_times, one lifecycle state
 * per query (F-EXPAND in flows.c). Logged time is paginated with its
 * pagination beside data, so get_card_logged_time reads every page.
 */
#include <stdio.h>

#include "call.h"
#include "flows.h"

#define LOGGED_PER_PAGE 1000
#define LOGGED_MAX_PAGES 20 /* 20 000 entries for one card at most */

/* get_card_revisions: the list, or the card as it was at one revision. */
static void get_card_revisions(bm_call *c, const bm_reply *r)
{
  long long card = bm__arg_int(c, "card_id", 0);
  char path[96];
  cJSON *o;

  if (!r) {
    if (bm__arg_has(c, "revision"))
      snprintf(path, sizeof path, "/cards/%lld/revisions/%lld", card,
               bm__arg_int(c, "revision", 0));
    else
      snprintf(path, sizeof path, "/cards/%lld/revisions", card);
    bm__call_send(c, 0, "GET", path, NULL);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (bm__arg_has(c, "revision")) {
    bm__call_done(c, cJSON_Duplicate(r->data, 1), NULL);
    return;
  }
  o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "revisions",
                        cJSON_IsArray(r->data) ? cJSON_Duplicate(r->data, 1)
                                               : cJSON_CreateArray());
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(r->data));
  bm__call_done(c, o, NULL);
}

static void logged_page(bm_call *c, int page)
{
  char path[200];

  snprintf(path, sizeof path,
           "/loggedTime?card_ids=%lld"
           "&include_logged_time_for_subtasks=%d&page=%d&per_page=%d",
           bm__arg_int(c, "card_id", 0), bm__arg_bool(c, "include_subtasks", 1),
           page, LOGGED_PER_PAGE);
  bm__call_send(c, page, "GET", path, NULL);
}

/* The entries and pagination of a /loggedTime answer: pagination beside
 * data, or nested inside it as on /cards (API reference §4). */
static const cJSON *logged_entries(const bm_reply *r, const cJSON **pg)
{
  const cJSON *d = r->data;

  *pg = cJSON_GetObjectItemCaseSensitive(r->json, "pagination");
  if (cJSON_IsObject(d)) {
    *pg = cJSON_GetObjectItemCaseSensitive(d, "pagination");
    d = cJSON_GetObjectItemCaseSensitive(d, "data");
  }
  return d;
}

static double total_time(const cJSON *entries)
{
  const cJSON *e;
  double total = 0;

  cJSON_ArrayForEach (e, entries) {
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "time");

    if (cJSON_IsNumber(t))
      total += t->valuedouble;
  }
  return total;
}

/* Reads page after page into c->acc (the tag is the page number), then
 * answers {total_time, entries, count}. */
static void get_card_logged_time(bm_call *c, const bm_reply *r)
{
  const cJSON *entries, *pg, *e;
  cJSON *o, *all;
  double pages;

  if (!r) {
    c->acc = cJSON_CreateArray();
    logged_page(c, 1);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  entries = logged_entries(r, &pg);
  cJSON_ArrayForEach (e, entries) {
    cJSON_AddItemToArray(c->acc, cJSON_Duplicate(e, 1));
  }
  pages =
      cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(pg, "all_pages"));
  if (pages > r->tag && r->tag < LOGGED_MAX_PAGES &&
      cJSON_GetArraySize(entries) > 0) {
    logged_page(c, r->tag + 1);
    return;
  }
  all = c->acc;
  c->acc = NULL;
  o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "total_time", total_time(all));
  cJSON_AddItemToObject(o, "entries", all);
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(all));
  bm__call_done(c, o, NULL);
}

#define CARD_ID                                                   \
  {                                                               \
    .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }

static const bm_param card_id[] = {
  CARD_ID,
  { 0 },
};

static const bm_param outcome_params[] = {
  CARD_ID,
  { .name = "outcome_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param revisions_params[] = {
  CARD_ID,
  { .name = "revision", .type = BM_T_ID, .flags = BM_LOCAL },
  { 0 },
};

static const bm_param logged_time_params[] = {
  CARD_ID,
  { .name = "include_subtasks",
    .type = BM_T_BOOL,
    .flags = BM_LOCAL,
    .dflt = "true" },
  { 0 },
};

const bm_tool bm__tools_card_history[] = {
  { .name = "get_card_outcomes",
    .desc = "The outcomes (key results) of a "
            "card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/outcomes",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "outcomes" },
  { .name = "get_card_history",
    .desc = "The change history of one of a "
            "card's outcomes.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/outcomes/{outcome_id}/history",
    .params = outcome_params,
    .shape = BM_SHAPE_WRAP,
    .wrap = "history" },
  { .name = "get_card_revisions",
    .desc = "A card's revisions, or the card "
            "at one revision.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = revisions_params,
    .step = get_card_revisions,
    .doing = "reading card revisions" },
  { .name = "get_card_flow_history",
    .desc = "A card's movements between "
            "columns, lanes and boards.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = card_id,
    .step = bm__step_card_expand,
    .wrap = "transitions",
    .doing = "reading card flow history" },
  { .name = "get_card_blocked_times",
    .desc = "When and for how long a card "
            "was blocked.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = card_id,
    .step = bm__step_card_expand,
    .wrap = "block_times",
    .doing = "reading card block history" },
  { .name = "get_card_logged_time",
    .desc = "Time logged on a card, with "
            "its total.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .params = logged_time_params,
    .step = get_card_logged_time,
    .doing = "reading logged time" },
  { 0 },
};
