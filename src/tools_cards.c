/*
 * tools_cards.c - the card family (operations.md §2.9): listing and
 * searching, one card, create, update and move (F-UPDATE, which keeps
 * linked cards), size, blocking, delete (F-ARCHDEL) and the two bulk card
 * tools (F-BULK).
 *
 * GET /cards nests its page inside data ({pagination, data}); a flat
 * variant with meta is read too (API reference §4). Lists come back as
 * compact cards unless the caller asks for the full ones. create_card
 * advertises the common fields only; the rest of the POST /cards fields,
 * and the older grouped input, are accepted without being listed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "call.h"
#include "flows.h"

static const char *const compact_card[] = {
  "card_id",  "custom_id",  "board_id", "title", "owner_user_id",
  "type_id",  "column_id",  "lane_id",  "size",  "priority",
  "deadline", "is_blocked", NULL,
};

static const char *const summary_extra[] = {
  "workflow_id",
  "section",
  "created_at",
  "last_modified",
  "in_current_position_since",
  "current_cycle_time",
  NULL,
};

#define DESCRIPTION_CUT 2000

/* Finds the card list and the pagination in either answer form. */
static void read_page(const bm_reply *r, const cJSON **cards,
                      cJSON **pagination)
{
  const cJSON *d = r->data;
  const cJSON *meta = cJSON_GetObjectItemCaseSensitive(r->json, "meta");

  *pagination = NULL;
  if (cJSON_IsObject(d)) {
    *cards = cJSON_GetObjectItemCaseSensitive(d, "data");
    *pagination =
        cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(d, "pagination"), 1);
    return;
  }
  *cards = d;
  if (cJSON_IsObject(meta)) {
    double total = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(meta, "total_count"));
    double per = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(meta, "per_page"));
    double page =
        cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(meta, "page"));

    *pagination = cJSON_CreateObject();
    cJSON_AddNumberToObject(*pagination, "all_pages",
                            per > 0 ? ceil(total / per) : 0);
    cJSON_AddNumberToObject(*pagination, "current_page", page);
    cJSON_AddNumberToObject(*pagination, "results_per_page", per);
  }
}

/* Compact cards, keeping what the caller asked for with expand. */
static cJSON *compact_list(const bm_call *c, const cJSON *cards)
{
  const cJSON *expand = cJSON_GetObjectItemCaseSensitive(c->args, "expand");
  cJSON *list = bm__pick_each(cards, compact_card), *out;
  const cJSON *card, *key;

  if (!cJSON_GetArraySize(expand))
    return list;
  out = list->child;
  cJSON_ArrayForEach (card, cards) {
    if (!out)
      break;
    cJSON_ArrayForEach (key, expand) {
      const cJSON *v =
          cJSON_GetObjectItemCaseSensitive(card, cJSON_GetStringValue(key));

      if (v)
        cJSON_AddItemToObject(out, key->valuestring, cJSON_Duplicate(v, 1));
    }
    out = out->next;
  }
  return list;
}

/* Answers a card list: {data, pagination} or a bare array. */
void bm__reply_card_page(bm_call *c, const bm_reply *r)
{
  const cJSON *cards = NULL;
  cJSON *pagination, *list, *o;

  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  read_page(r, &cards, &pagination);
  if (bm__arg_bool(c, "compact", 1))
    list = compact_list(c, cards);
  else
    list = cards ? cJSON_Duplicate(cards, 1) : cJSON_CreateArray();
  if (!bm__arg_bool(c, "include_pagination", 1)) {
    cJSON_Delete(pagination);
    bm__call_done(c, list, NULL);
    return;
  }
  o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "data", list);
  if (pagination)
    cJSON_AddItemToObject(o, "pagination", pagination);
  bm__call_done(c, o, NULL);
}

static const char *const date_kinds[] = {
  "archived",
  "created",
  "deadline",
  "discarded",
  "first_end",
  "first_start",
  "in_current_position_since",
  "last_end",
  "last_modified",
  "last_start",
  NULL,
};

static const char *const date_keys[] = {
  "from", "to", "from_date", "to_date", NULL,
};

static int known(const char *const *list, const char *s)
{
  for (; *list; list++)
    if (strcmp(*list, s) == 0)
      return 1;
  return 0;
}

/* Flattens date_filters {kind: {from, to, ...}} into the flat kind_key
 * arguments; the nested value wins. Returns 0, or -1 after failing c. */
static int flatten_dates(bm_call *c)
{
  const cJSON *df = cJSON_GetObjectItemCaseSensitive(c->args, "date_filters");
  const cJSON *kind, *v;
  char key[80];

  if (!df)
    return 0;
  if (!cJSON_IsObject(df)) {
    bm__call_fail(c, "Invalid argument 'date_filters': must be an object");
    return -1;
  }
  cJSON_ArrayForEach (kind, df) {
    if (!known(date_kinds, kind->string) || !cJSON_IsObject(kind)) {
      bm__call_fail(c,
                    "Invalid argument 'date_filters.%.40s': not a date "
                    "filter (use archived, created, deadline, "
                    "discarded, first_end, first_start, "
                    "in_current_position_since, last_end, "
                    "last_modified or last_start, each an object)",
                    kind->string);
      return -1;
    }
    cJSON_ArrayForEach (v, kind) {
      if (!known(date_keys, v->string) || !cJSON_IsString(v) ||
          strlen(v->valuestring) > 40) {
        bm__call_fail(c,
                      "Invalid argument 'date_filters.%s.%.40s': use "
                      "from, to (date-time) or from_date, to_date "
                      "(YYYY-MM-DD) as strings",
                      kind->string, v->string);
        return -1;
      }
      snprintf(key, sizeof key, "%s_%s", kind->string, v->string);
      cJSON_DeleteItemFromObjectCaseSensitive(c->args, key);
      cJSON_AddStringToObject(c->args, key, v->valuestring);
    }
  }
  return 0;
}

static void merge_into(cJSON *args, const char *from, const char *list)
{
  cJSON *v = cJSON_GetObjectItemCaseSensitive(args, from);
  cJSON *l = cJSON_GetObjectItemCaseSensitive(args, list);

  if (!v)
    return;
  if (!l)
    l = cJSON_AddArrayToObject(args, list);
  cJSON_AddItemToArray(l, cJSON_Duplicate(v, 1));
  cJSON_DeleteItemFromObjectCaseSensitive(args, from);
}

static void list_cards(bm_call *c, const bm_reply *r)
{
  if (r) {
    bm__reply_card_page(c, r);
    return;
  }
  if (flatten_dates(c) < 0)
    return;
  merge_into(c->args, "board_id", "board_ids");
  merge_into(c->args, "assignee_user_id", "owner_user_ids");
  bm__send_own_request(c);
}

static int count_of(const cJSON *card, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(card, key);

  return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
}

static cJSON *card_summary(const bm_call *c, const cJSON *card)
{
  static const char *const related[] = {
    "attachments",  "custom_fields", "subtasks",
    "linked_cards", "outcomes",      NULL,
  };
  static const char *const follow[] = {
    "get_card_comments",
    "get_card_subtasks",
    "get_card_children",
    "get_card_parents",
    "update_card",
    "move_card",
    NULL,
  };
  cJSON *o = bm__pick(card, compact_card), *counts, *next;
  const cJSON *v, *d = cJSON_GetObjectItemCaseSensitive(card, "description");
  size_t i;

  for (i = 0; summary_extra[i]; i++)
    if ((v = cJSON_GetObjectItemCaseSensitive(card, summary_extra[i])))
      cJSON_AddItemToObject(o, summary_extra[i], cJSON_Duplicate(v, 1));
  if (cJSON_IsString(d)) {
    size_t n = strlen(d->valuestring), cut = n;
    char *s;

    if (n > DESCRIPTION_CUT) {
      cut = DESCRIPTION_CUT;
      while (cut > 0 && ((unsigned char)d->valuestring[cut] & 0xC0) == 0x80)
        cut--; /* never split a UTF-8 sequence */
    }
    s = malloc(cut + 4);
    if (s) {
      memcpy(s, d->valuestring, cut);
      strcpy(s + cut, cut < n ? "\xE2\x80\xA6" : "");
      cJSON_AddStringToObject(o, "description", s);
      free(s);
    }
    cJSON_AddBoolToObject(o, "description_truncated", cut < n);
  }
  counts = cJSON_AddObjectToObject(o, "related_counts");
  for (i = 0; related[i]; i++)
    cJSON_AddNumberToObject(counts, related[i], count_of(card, related[i]));
  next = cJSON_AddArrayToObject(o, "next_tools");
  for (i = 0; follow[i]; i++)
    if (bm__call_tool_available(c, follow[i]))
      cJSON_AddItemToArray(next, cJSON_CreateString(follow[i]));
  return o;
}

static void get_card(bm_call *c, const bm_reply *r)
{
  const char *level = bm__arg_str(c, "detail_level");
  bm_buf path;

  if (!r) {
    bm_buf_init(&path, 256);
    bm_buf_addf(&path, "/cards/%lld", bm__arg_int(c, "card_id", 0));
    bm__call_send(c, 0, "GET", path.data, NULL);
    bm_buf_free(&path);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (level && strcmp(level, "full") == 0)
    bm__call_done(c, cJSON_Duplicate(r->data, 1), NULL);
  else
    bm__call_done(c, card_summary(c, r->data), NULL);
}

static void search_cards(bm_call *c, const bm_reply *r)
{
  if (r) {
    bm__reply_card_page(c, r);
    return;
  }
  bm__send_own_request(c);
}

/* "Card "<title>" (ID: <id>) <what> <size> points", the size being 0
 * when the card has none. */
static void size_sentence(bm_call *c, const cJSON *card, const char *what)
{
  const char *title =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(card, "title"));
  const cJSON *size = cJSON_GetObjectItemCaseSensitive(card, "size");
  bm_buf b;

  bm_buf_init(&b, 8192);
  bm_buf_addf(&b, "Card \"%s\" (ID: %lld) %s %.15g points", title ? title : "",
              bm__arg_int(c, "card_id", 0), what,
              cJSON_IsNumber(size) ? size->valuedouble : 0.0);
  bm__call_text(c, b.failed ? "Error: result too large" : b.data);
  bm_buf_free(&b);
}

static void get_card_size(bm_call *c, const bm_reply *r)
{
  if (!r) {
    bm__step_single(c, NULL);
    return;
  }
  if (r->error)
    bm__call_fail_reply(c, r);
  else
    size_sentence(c, r->data, "has size:");
}

static void size_updated(bm_call *c, cJSON *card)
{
  size_sentence(c, card, "size updated to:");
  cJSON_Delete(card);
}

static void set_card_size(bm_call *c, const bm_reply *r)
{
  bm__card_update(c, r, size_updated);
}

/* block_card and unblock_card: the API answers 204, so the result says
 * what is now true of the card. */
static void block_card(bm_call *c, const bm_reply *r)
{
  int blocking = strcmp(c->tool->method, "PUT") == 0;
  cJSON *o, *reason;

  if (!r) {
    bm__step_single(c, NULL);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "card_id", (double)bm__arg_int(c, "card_id", 0));
  cJSON_AddNumberToObject(o, "is_blocked", blocking);
  if (blocking) {
    reason = cJSON_AddObjectToObject(o, "block_reason");
    cJSON_AddStringToObject(reason, "comment", bm__arg_str(c, "comment"));
  }
  bm__call_done(c, o, NULL);
}

/* ---- create_card's grouped input ------------------------------------- */

/* The grouped form some callers send (operations.md §2.9.3): an object
 * group's keys keep their names unless renamed here; a list group moves
 * whole onto one flat key. */
static const char *const object_groups[] = {
  "placement",   "metadata",      "owners",      "dates",      "status",
  "collections", "custom_fields", "attachments", "card_links", NULL,
};

static const struct {
  const char *group, *key, *flat;
} renamed[] = {
  { "owners", "user_id", "owner_user_id" },
  { "owners", "co_owners", "co_owner_ids_to_add" },
  { "dates", "planned_start", "planned_start_date" },
  { "dates", "planned_start_sync", "planned_start_date_sync_type" },
  { "dates", "planned_end", "planned_end_date" },
  { "dates", "planned_end_sync", "planned_end_date_sync_type" },
  { "dates", "actual_start", "actual_start_time" },
  { "dates", "actual_end", "actual_end_time" },
  { "custom_fields", "to_add_or_update", "custom_fields_to_add_or_update" },
  { "custom_fields", "ids_to_remove", "custom_field_ids_to_remove" },
  { "custom_fields", "to_copy", "custom_fields_to_copy" },
  { "attachments", "to_add", "attachments_to_add" },
  { "card_links", "existing_cards",
    "links_to_existing_cards_to_add_or_update" },
  { "card_links", "new_cards", "links_to_new_cards_to_add" },
};

static const struct {
  const char *group, *flat;
} moved[] = {
  { "subtasks", "subtasks_to_add" },
  { "annotations", "annotations_to_add" },
  { "checklist_items", "column_checklist_items_to_check_or_update" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *flat_name(const char *group, const char *key)
{
  size_t i;

  for (i = 0; i < COUNT(renamed); i++)
    if (!strcmp(renamed[i].group, group) && !strcmp(renamed[i].key, key))
      return renamed[i].flat;
  return key;
}

/* True when name is a flat (sent) parameter of the tool. */
static int flat_param(const bm_tool *t, const char *name)
{
  const bm_param *p;

  for (p = t->params; p->name; p++)
    if (!strcmp(p->name, name))
      return (p->flags & BM_BODY) != 0;
  return 0;
}

/* Moves one group's values onto flat keys of out; a flat value given
 * directly wins. Returns 0, or -1 after failing the call. */
static int flatten_group(bm_call *c, cJSON *out, const cJSON *g)
{
  const cJSON *v;

  if (!cJSON_IsObject(g)) {
    bm__call_fail(c, "Invalid argument '%s': must be an object", g->string);
    return -1;
  }
  cJSON_ArrayForEach (v, g) {
    const char *flat = flat_name(g->string, v->string);

    if (!flat_param(c->tool, flat)) {
      bm__call_fail(c, "Invalid argument '%s.%.60s': not a card field",
                    g->string, v->string);
      return -1;
    }
    if (!cJSON_GetObjectItemCaseSensitive(out, flat))
      cJSON_AddItemToObject(out, flat, cJSON_Duplicate(v, 1));
  }
  return 0;
}

static int is_object_group(const char *name)
{
  size_t i;

  for (i = 0; object_groups[i]; i++)
    if (!strcmp(object_groups[i], name))
      return 1;
  return 0;
}

/* The flat key a list group moves onto, or NULL. */
static const char *moved_to(const char *name)
{
  size_t i;

  for (i = 0; i < COUNT(moved); i++)
    if (!strcmp(moved[i].group, name))
      return moved[i].flat;
  return NULL;
}

/* The flat form of args in out: groups spread first, then the flat
 * arguments, which replace what a group gave. Returns 0, or -1 after
 * failing the call. */
static int spread_groups(bm_call *c, cJSON *out)
{
  const cJSON *v;
  const char *flat;

  cJSON_ArrayForEach (v, c->args) {
    if (is_object_group(v->string)) {
      if (flatten_group(c, out, v) < 0)
        return -1;
    } else if ((flat = moved_to(v->string)) &&
               !cJSON_GetObjectItemCaseSensitive(out, flat)) {
      cJSON_AddItemToObject(out, flat, cJSON_Duplicate(v, 1));
    }
  }
  cJSON_ArrayForEach (v, c->args) {
    if (is_object_group(v->string) || moved_to(v->string))
      continue;
    cJSON_DeleteItemFromObjectCaseSensitive(out, v->string);
    cJSON_AddItemToObject(out, v->string, cJSON_Duplicate(v, 1));
  }
  return 0;
}

/* Rewrites a grouped create_card input into the flat form and checks it
 * again against the table, so grouped values meet the same rules as flat
 * ones. Returns 0, or -1 after failing the call. */
static int flatten_groups(bm_call *c)
{
  cJSON *out, *clean = NULL;
  const cJSON *v;
  int grouped = 0;
  bm_buf err;

  cJSON_ArrayForEach (v, c->args) {
    if (is_object_group(v->string) || moved_to(v->string))
      grouped = 1;
  }
  if (!grouped)
    return 0;
  out = cJSON_CreateObject();
  if (spread_groups(c, out) < 0) {
    cJSON_Delete(out);
    return -1;
  }
  bm_buf_init(&err, 2048);
  if (bm_args_check(c->tool, out, &clean, &err) < 0)
    bm__call_fail(c, "%s", err.failed ? "Invalid arguments" : err.data);
  bm_buf_free(&err);
  cJSON_Delete(out);
  if (!clean)
    return -1;
  cJSON_Delete(c->args);
  c->args = clean;
  return 0;
}

static void create_card(bm_call *c, const bm_reply *r)
{
  if (!r && flatten_groups(c) < 0)
    return;
  bm__step_single(c, r);
}

/* ---- parameter tables -------------------------------------------------- */

#define IDS(n)                                                 \
  {                                                            \
    .name = n, .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP, \
    .max_items = 100                                           \
  }
#define HIDDEN_IDS(n)                                                      \
  {                                                                        \
    .name = n, .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP | BM_HIDDEN, \
    .max_items = 100                                                       \
  }
#define DATE4(k)                                                               \
  { .name = k "_from", .type = BM_T_DATETIME, .flags = BM_QUERY | BM_HIDDEN }, \
      { .name = k "_to",                                                       \
        .type = BM_T_DATETIME,                                                 \
        .flags = BM_QUERY | BM_HIDDEN },                                       \
      { .name = k "_from_date",                                                \
        .type = BM_T_DATE,                                                     \
        .flags = BM_QUERY | BM_HIDDEN },                                       \
  {                                                                            \
    .name = k "_to_date", .type = BM_T_DATE, .flags = BM_QUERY | BM_HIDDEN     \
  }

/* A body id list, advertised or not. */
#define BODY_IDS(n, cap, more)                                         \
  {                                                                    \
    .name = n, .type = BM_T_IDS, .flags = BM_BODY | BM_DEDUP | (more), \
    .max_items = cap                                                   \
  }

/* The list filters of GET /cards that both card searches accept without
 * advertising them. */
#define HIDDEN_LIST(n, t, l, h)                                            \
  {                                                                        \
    .name = n, .type = t, .flags = BM_QUERY | BM_HIDDEN, .lo = l, .hi = h, \
    .max_items = 100                                                       \
  }
#define HIDDEN_LIST_FILTERS                     \
  HIDDEN_LIST("priorities", BM_T_INTS, 1, 250), \
      HIDDEN_LIST("sizes", BM_T_INTS, 0, 0),    \
      HIDDEN_LIST("sections", BM_T_INTS, 1, 4), \
      HIDDEN_LIST("colors", BM_T_STRS, 6, 6),   \
      HIDDEN_LIST("custom_ids", BM_T_STRS, 1, 100)

static const bm_param list_cards_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_LOCAL },
  IDS("column_ids"),
  HIDDEN_IDS("lane_ids"),
  IDS("owner_user_ids"),
  HIDDEN_IDS("card_ids"),
  HIDDEN_IDS("type_ids"),
  HIDDEN_IDS("tag_ids"),
  HIDDEN_IDS("board_ids"),
  HIDDEN_IDS("workflow_ids"),
  HIDDEN_IDS("last_column_ids"),
  HIDDEN_IDS("last_lane_ids"),
  HIDDEN_IDS("version_ids"),
  HIDDEN_IDS("reason_ids"),
  HIDDEN_LIST_FILTERS,
  { .name = "assignee_user_id",
    .type = BM_T_ID,
    .flags = BM_LOCAL | BM_HIDDEN },
  { .name = "state",
    .type = BM_T_ENUM,
    .flags = BM_QUERY,
    .choices = "active|archived|discarded" },
  { .name = "date_filters",
    .type = BM_T_ANY,
    .flags = BM_LOCAL,
    .desc = "{created: {from_date, to_date}, ...}" },
  DATE4("archived"),
  DATE4("created"),
  DATE4("deadline"),
  DATE4("discarded"),
  DATE4("first_end"),
  DATE4("first_start"),
  DATE4("in_current_position_since"),
  DATE4("last_end"),
  DATE4("last_modified"),
  DATE4("last_start"),
  { .name = "include_logged_time_for_child_cards",
    .type = BM_T_FLAG,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "include_logged_time_for_subtasks",
    .type = BM_T_FLAG,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "page", .type = BM_T_INT, .flags = BM_QUERY, .lo = 1, .hi = 10000 },
  { .name = "per_page",
    .type = BM_T_INT,
    .flags = BM_QUERY,
    .lo = 1,
    .hi = 1000,
    .dflt = "50" },
  { .name = "compact", .type = BM_T_BOOL, .flags = BM_LOCAL, .dflt = "true" },
  { .name = "include_pagination",
    .type = BM_T_BOOL,
    .flags = BM_LOCAL | BM_HIDDEN,
    .dflt = "true" },
  { 0 },
};

static const bm_param search_cards_params[] = {
  IDS("board_ids"),
  IDS("owner_user_ids"),
  HIDDEN_IDS("card_ids"),
  HIDDEN_IDS("column_ids"),
  HIDDEN_IDS("lane_ids"),
  HIDDEN_IDS("type_ids"),
  HIDDEN_IDS("workflow_ids"),
  HIDDEN_LIST_FILTERS,
  { .name = "is_blocked", .type = BM_T_FLAG, .flags = BM_QUERY },
  { .name = "state",
    .type = BM_T_ENUM,
    .flags = BM_QUERY,
    .choices = "active|archived|discarded" },
  { .name = "created_from_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "created_to_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "deadline_from_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "deadline_to_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "last_modified_from_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "last_modified_to_date",
    .type = BM_T_DATE,
    .flags = BM_QUERY | BM_HIDDEN },
  { .name = "fields",
    .type = BM_T_STRS,
    .flags = BM_QUERY | BM_HIDDEN,
    .lo = 1,
    .hi = 60,
    .max_items = 60 },
  { .name = "expand",
    .type = BM_T_STRS,
    .flags = BM_QUERY,
    .lo = 1,
    .hi = 60,
    .max_items = 30,
    .desc = "e.g. subtasks,linked_cards" },
  { .name = "page", .type = BM_T_INT, .flags = BM_QUERY, .lo = 1, .hi = 10000 },
  { .name = "per_page",
    .type = BM_T_INT,
    .flags = BM_QUERY,
    .lo = 1,
    .hi = 1000,
    .dflt = "50" },
  { .name = "compact", .type = BM_T_BOOL, .flags = BM_LOCAL, .dflt = "true" },
  { 0 },
};

static const bm_param get_card_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "detail_level",
    .type = BM_T_ENUM,
    .flags = BM_LOCAL,
    .choices = "summary|full",
    .dflt = "\"summary\"" },
  { 0 },
};

static const bm_param card_id_only[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

/* ---- the shapes of the card write fields (API §7.6) ---- */

static const bm_param attachment_fields[] = {
  { .name = "file_name",
    .type = BM_T_STR,
    .flags = BM_REQ,
    .lo = 1,
    .hi = 250 },
  { .name = "link", .type = BM_T_URL, .flags = BM_REQ },
  { .name = "position", .type = BM_T_POS },
  { 0 },
};

static const bm_param subtask_fields[] = {
  { .name = "description",
    .type = BM_T_STR,
    .flags = BM_REQ,
    .lo = 1,
    .hi = 10000 },
  { .name = "owner_user_id", .type = BM_T_ID },
  { .name = "is_finished", .type = BM_T_FLAG },
  { .name = "deadline", .type = BM_T_DATE },
  { .name = "position", .type = BM_T_POS },
  { .name = "attachments_to_add",
    .type = BM_T_OBJS,
    .flags = BM_HIDDEN,
    .fields = attachment_fields,
    .max_items = 100 },
  { 0 },
};

static const bm_param field_value_fields[] = {
  { .name = "field_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "value", .type = BM_T_ANY },
  { .name = "selected_values_to_add_or_update",
    .type = BM_T_ANY,
    .flags = BM_HIDDEN },
  { .name = "selected_value_ids_to_remove",
    .type = BM_T_IDS,
    .flags = BM_HIDDEN },
  { .name = "other_value", .type = BM_T_STR, .flags = BM_HIDDEN },
  { .name = "contributor_ids_to_add", .type = BM_T_IDS, .flags = BM_HIDDEN },
  { .name = "contributor_ids_to_remove", .type = BM_T_IDS, .flags = BM_HIDDEN },
  { .name = "files_to_add", .type = BM_T_ANY, .flags = BM_HIDDEN },
  { .name = "files_to_update", .type = BM_T_ANY, .flags = BM_HIDDEN },
  { .name = "file_ids_to_remove", .type = BM_T_IDS, .flags = BM_HIDDEN },
  { .name = "vote", .type = BM_T_FLAG, .flags = BM_HIDDEN },
  { .name = "comment", .type = BM_T_STR, .flags = BM_HIDDEN },
  { .name = "selected_cards_to_add_or_update",
    .type = BM_T_ANY,
    .flags = BM_HIDDEN },
  { .name = "selected_card_ids_to_remove",
    .type = BM_T_IDS,
    .flags = BM_HIDDEN },
  { 0 },
};

static const bm_param sticker_fields[] = {
  { .name = "sticker_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "if_not_present", .type = BM_T_FLAG },
  { 0 },
};

static const bm_param checklist_fields[] = {
  { .name = "item_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "comment", .type = BM_T_STR },
  { 0 },
};

static const bm_param annotation_fields[] = {
  { .name = "comment_id", .type = BM_T_STR, .flags = BM_REQ, .lo = 1 },
  { .name = "thread_id", .type = BM_T_STR, .flags = BM_REQ, .lo = 1 },
  { .name = "content", .type = BM_T_STR, .flags = BM_REQ },
  { 0 },
};

#define LINK_TYPES "parent|child|relative|predecessor|successor"

static const bm_param link_existing_fields[] = {
  { .name = "linked_card_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "link_type",
    .type = BM_T_ENUM,
    .flags = BM_REQ,
    .choices = LINK_TYPES },
  { .name = "linked_card_position", .type = BM_T_INT },
  { .name = "card_position", .type = BM_T_INT },
  { 0 },
};

static const bm_param link_new_fields[] = {
  { .name = "linked_new_card_reference",
    .type = BM_T_STR,
    .flags = BM_REQ,
    .lo = 1 },
  { .name = "link_type",
    .type = BM_T_ENUM,
    .flags = BM_REQ,
    .choices = LINK_TYPES },
  { .name = "linked_card_position", .type = BM_T_INT },
  { .name = "card_position", .type = BM_T_INT },
  { 0 },
};

static const bm_param properties_copy_fields[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "properties",
    .type = BM_T_STRS,
    .flags = BM_REQ,
    .lo = 1,
    .hi = 60 },
  { 0 },
};

static const bm_param fields_copy_fields[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "field_ids", .type = BM_T_IDS, .flags = BM_REQ },
  { 0 },
};

static const bm_param block_reason_fields[] = {
  { .name = "reason_id", .type = BM_T_ID },
  { .name = "comment", .type = BM_T_STR, .lo = 1, .hi = 250 },
  { .name = "users", .type = BM_T_IDS },
  { .name = "date", .type = BM_T_DATE },
  { .name = "cards", .type = BM_T_IDS },
  { 0 },
};

#define OBJS(n, f, more)                                                  \
  {                                                                       \
    .name = n, .type = BM_T_OBJS, .flags = BM_BODY | (more), .fields = f, \
    .max_items = 100                                                      \
  }
#define HIDDEN_BODY(n, t)                              \
  {                                                    \
    .name = n, .type = t, .flags = BM_BODY | BM_HIDDEN \
  }
#define GROUP(n)                                               \
  {                                                            \
    .name = n, .type = BM_T_ANY, .flags = BM_LOCAL | BM_HIDDEN \
  }

static const bm_param create_card_params[] = {
  { .name = "title", .type = BM_T_TITLE, .flags = BM_REQ | BM_BODY },
  { .name = "column_id", .type = BM_T_ID, .flags = BM_REQ | BM_BODY },
  { .name = "lane_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { .name = "type_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "owner_user_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "size", .type = BM_T_NUM, .flags = BM_BODY, .lo = 0, .hi = 10000 },
  { .name = "priority",
    .type = BM_T_INT,
    .flags = BM_BODY,
    .lo = 1,
    .hi = 250 },
  { .name = "deadline", .type = BM_T_DATE, .flags = BM_BODY },
  /* Accepted by their API names, not advertised. */
  HIDDEN_BODY("position", BM_T_POS),
  HIDDEN_BODY("color", BM_T_COLOR),
  { .name = "custom_id",
    .type = BM_T_STR,
    .flags = BM_BODY | BM_HIDDEN,
    .lo = 1,
    .hi = 100 },
  BODY_IDS("tag_ids_to_add", 50, BM_HIDDEN),
  OBJS("subtasks_to_add", subtask_fields, BM_HIDDEN),
  { .name = "track", .type = BM_T_INT, .flags = BM_BODY | BM_HIDDEN },
  HIDDEN_BODY("template_id", BM_T_ID),
  OBJS("card_properties_to_copy", properties_copy_fields, BM_HIDDEN),
  OBJS("custom_fields_to_copy", fields_copy_fields, BM_HIDDEN),
  { .name = "reference",
    .type = BM_T_STR,
    .flags = BM_BODY | BM_HIDDEN,
    .lo = 1,
    .hi = 100 },
  HIDDEN_BODY("version_id", BM_T_ID),
  HIDDEN_BODY("reporter_user_id", BM_T_ID),
  HIDDEN_BODY("reporter_email", BM_T_EMAIL),
  BODY_IDS("co_owner_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("co_owner_ids_to_remove", 100, BM_HIDDEN),
  BODY_IDS("watcher_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("watcher_ids_to_remove", 100, BM_HIDDEN),
  HIDDEN_BODY("planned_start_date", BM_T_DATE),
  HIDDEN_BODY("planned_end_date", BM_T_DATE),
  HIDDEN_BODY("actual_start_time", BM_T_DATE),
  HIDDEN_BODY("actual_end_time", BM_T_DATE),
  HIDDEN_BODY("created_at", BM_T_DATE),
  HIDDEN_BODY("archived_at", BM_T_DATE),
  HIDDEN_BODY("discarded_at", BM_T_DATE),
  { .name = "planned_start_date_sync_type",
    .type = BM_T_INT,
    .flags = BM_BODY | BM_HIDDEN },
  { .name = "planned_end_date_sync_type",
    .type = BM_T_INT,
    .flags = BM_BODY | BM_HIDDEN },
  HIDDEN_BODY("is_archived", BM_T_FLAG),
  HIDDEN_BODY("is_discarded", BM_T_FLAG),
  HIDDEN_BODY("watch", BM_T_FLAG),
  HIDDEN_BODY("discard_reason_id", BM_T_ID),
  { .name = "discard_comment",
    .type = BM_T_STR,
    .flags = BM_BODY | BM_HIDDEN,
    .lo = 1,
    .hi = 250 },
  HIDDEN_BODY("exceeding_reason", BM_T_STR),
  { .name = "block_reason",
    .type = BM_T_OBJ,
    .flags = BM_BODY | BM_HIDDEN,
    .fields = block_reason_fields },
  BODY_IDS("tag_ids_to_remove", 50, BM_HIDDEN),
  BODY_IDS("milestone_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("milestone_ids_to_remove", 100, BM_HIDDEN),
  OBJS("stickers_to_add", sticker_fields, BM_HIDDEN),
  OBJS("custom_fields_to_add_or_update", field_value_fields, BM_HIDDEN),
  BODY_IDS("custom_field_ids_to_remove", 0, BM_HIDDEN),
  OBJS("attachments_to_add", attachment_fields, BM_HIDDEN),
  HIDDEN_BODY("cover_image_link", BM_T_URL),
  OBJS("column_checklist_items_to_check_or_update", checklist_fields,
       BM_HIDDEN),
  OBJS("annotations_to_add", annotation_fields, BM_HIDDEN),
  OBJS("links_to_existing_cards_to_add_or_update", link_existing_fields,
       BM_HIDDEN),
  OBJS("links_to_new_cards_to_add", link_new_fields, BM_HIDDEN),
  /* The grouped compatibility input, flattened before the POST. */
  GROUP("placement"),
  GROUP("metadata"),
  GROUP("owners"),
  GROUP("dates"),
  GROUP("status"),
  GROUP("collections"),
  GROUP("subtasks"),
  GROUP("custom_fields"),
  GROUP("attachments"),
  GROUP("card_links"),
  GROUP("annotations"),
  GROUP("checklist_items"),
  { 0 },
};

static const bm_param update_card_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "id", .type = BM_T_ID, .flags = BM_HIDDEN, .alias_of = "card_id" },
  { .name = "title", .type = BM_T_TITLE, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { .name = "owner_user_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "assignee_user_id",
    .type = BM_T_ID,
    .flags = BM_HIDDEN,
    .alias_of = "owner_user_id" },
  { .name = "size", .type = BM_T_NUM, .flags = BM_BODY, .lo = 0, .hi = 10000 },
  { .name = "priority",
    .type = BM_T_INT,
    .flags = BM_BODY,
    .lo = 1,
    .hi = 250 },
  { .name = "deadline", .type = BM_T_DATE, .flags = BM_BODY },
  /* Accepted by their API names, not advertised; move_card is the
   * advertised way to change the place. */
  HIDDEN_BODY("column_id", BM_T_ID),
  HIDDEN_BODY("lane_id", BM_T_ID),
  HIDDEN_BODY("position", BM_T_POS),
  BODY_IDS("tag_ids_to_add", 50, BM_HIDDEN),
  BODY_IDS("tag_ids_to_remove", 50, BM_HIDDEN),
  { .name = "subtasks_to_add",
    .type = BM_T_OBJS,
    .flags = BM_LOCAL | BM_HIDDEN,
    .fields = subtask_fields,
    .max_items = 100 },
  BODY_IDS("co_owner_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("co_owner_ids_to_remove", 100, BM_HIDDEN),
  BODY_IDS("watcher_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("watcher_ids_to_remove", 100, BM_HIDDEN),
  BODY_IDS("milestone_ids_to_add", 100, BM_HIDDEN),
  BODY_IDS("milestone_ids_to_remove", 100, BM_HIDDEN),
  OBJS("stickers_to_add", sticker_fields, BM_HIDDEN),
  OBJS("custom_fields_to_add_or_update", field_value_fields, BM_HIDDEN),
  BODY_IDS("custom_field_ids_to_remove", 0, BM_HIDDEN),
  OBJS("attachments_to_add", attachment_fields, BM_HIDDEN),
  OBJS("column_checklist_items_to_check_or_update", checklist_fields,
       BM_HIDDEN),
  OBJS("links_to_existing_cards_to_add_or_update", link_existing_fields,
       BM_HIDDEN),
  OBJS("links_to_new_cards_to_add", link_new_fields, BM_HIDDEN),
  { 0 },
};

#define UPDATE_CHANGES                                                  \
  "title,description,column_id,lane_id,position,owner_user_id,size,"    \
  "priority,deadline,tag_ids_to_add,tag_ids_to_remove,subtasks_to_add," \
  "co_owner_ids_to_add,co_owner_ids_to_remove,watcher_ids_to_add,"      \
  "watcher_ids_to_remove,milestone_ids_to_add,milestone_ids_to_remove," \
  "stickers_to_add,custom_fields_to_add_or_update,"                     \
  "custom_field_ids_to_remove,attachments_to_add,"                      \
  "column_checklist_items_to_check_or_update,"                          \
  "links_to_existing_cards_to_add_or_update,links_to_new_cards_to_add"

static const bm_param move_card_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "column_id", .type = BM_T_ID, .flags = BM_REQ | BM_BODY },
  { .name = "lane_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "position", .type = BM_T_POS, .flags = BM_BODY },
  { 0 },
};

static const bm_param delete_card_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "archive_first",
    .type = BM_T_BOOL,
    .flags = BM_LOCAL,
    .dflt = "true" },
  { 0 },
};

static const bm_param set_card_size_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "size",
    .type = BM_T_NUM,
    .flags = BM_REQ | BM_BODY,
    .lo = 0,
    .hi = 10000 },
  { 0 },
};

static const bm_param block_card_params[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "comment",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_BODY | BM_NOTBLANK,
    .lo = 1,
    .hi = 250 },
  { .name = "reason",
    .type = BM_T_STR,
    .flags = BM_HIDDEN,
    .alias_of = "comment" },
  { .name = "reason_id", .type = BM_T_ID, .flags = BM_BODY },
  { 0 },
};

#define BULK_IDS                                                           \
  {                                                                        \
    .name = "resource_ids", .type = BM_T_IDS,                              \
    .flags = BM_REQ | BM_LOCAL | BM_DEDUP, .min_items = 1, .max_items = 50 \
  }
#define ANALYZE                                                           \
  {                                                                       \
    .name = "analyze_dependencies", .type = BM_T_BOOL, .flags = BM_LOCAL, \
    .dflt = "true"                                                        \
  }

static const bm_param bulk_delete_cards_params[] = {
  BULK_IDS,
  ANALYZE,
  { 0 },
};

static const bm_param bulk_update_cards_params[] = {
  BULK_IDS,
  { .name = "title", .type = BM_T_TITLE, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { .name = "column_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "lane_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "priority",
    .type = BM_T_INT,
    .flags = BM_BODY,
    .lo = 1,
    .hi = 250 },
  { .name = "owner_user_id", .type = BM_T_ID, .flags = BM_BODY },
  { 0 },
};

static const bm_bulk_read card_dependents[] = {
  { .path = "/cards/{id}/children", .key = "children", .how = BM_COUNT_LIST },
  { .path = "/cards/{id}/comments", .key = "comments", .how = BM_COUNT_LIST },
  { .path = "/cards/{id}/subtasks", .key = "subtasks", .how = BM_COUNT_LIST },
  { 0 },
};

static const struct bm_bulk_spec bulk_delete_cards_spec = {
  .base = "/cards",
  .noun = "card",
  .nouns = "cards",
  .verb = "deleted",
  .name_key = "title",
  .apply = BM_BULK_ARCHDEL,
  .reads = card_dependents,
};

static const struct bm_bulk_spec bulk_update_cards_spec = {
  .base = "/cards",
  .noun = "card",
  .nouns = "cards",
  .verb = "updated",
  .name_key = "title",
  .apply = BM_BULK_CARD_UPDATE,
};

const bm_tool bm__tools_cards[] = {
  { .name = "list_cards",
    .desc = "One page of a board's cards, compact by default; "
            "pagination tells if more pages exist.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards",
    .params = list_cards_params,
    .step = list_cards },
  { .name = "search_cards",
    .desc = "Search cards across boards; other GET /cards filters go by "
            "API name.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards",
    .params = search_cards_params,
    .step = search_cards },
  { .name = "get_card",
    .desc = "Inspect one card: a summary, or every field with "
            "detail_level=full.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .params = get_card_params,
    .step = get_card },
  { .name = "create_card",
    .desc = "Create a card in a column (ids: "
            "get_current_board_structure); other POST /cards fields go by "
            "API name.",
    .ann = BM_W,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "POST",
    .path = "/cards",
    .params = create_card_params,
    .step = create_card,
    .shape = BM_SHAPE_FIRST,
    .summary = "Card created successfully:",
    .doing = "creating card" },
  { .name = "update_card",
    .desc = "Change a card (links kept); other PATCH /cards fields and "
            "subtasks_to_add go by API name.",
    .ann = BM_W,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "PATCH",
    .path = "/cards/{card_id}",
    .params = update_card_params,
    .step = bm__step_card_update,
    .one_of = UPDATE_CHANGES,
    .doing = "updating card" },
  { .name = "move_card",
    .desc = "Move a card to another column, lane or position.",
    .ann = BM_W,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "PATCH",
    .path = "/cards/{card_id}",
    .params = move_card_params,
    .step = bm__step_card_update,
    .doing = "moving card" },
  { .name = "delete_card",
    .desc = "Delete a card for good (archived first).",
    .ann = BM_DI,
    .profile = BM_PROFILE_STANDARD,
    .method = "DELETE",
    .path = "/cards/{card_id}",
    .params = delete_card_params,
    .step = bm__step_archive_delete,
    .shape = BM_SHAPE_ECHO,
    .doing = "deleting card" },
  { .name = "get_card_size",
    .desc = "A card's size in points.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}",
    .params = card_id_only,
    .step = get_card_size,
    .doing = "reading card size" },
  { .name = "set_card_size",
    .desc = "Set a card's size in points.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/cards/{card_id}",
    .params = set_card_size_params,
    .step = set_card_size,
    .doing = "setting card size" },
  { .name = "block_card",
    .desc = "Block a card, saying why.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PUT",
    .path = "/cards/{card_id}/blockReason",
    .params = block_card_params,
    .step = block_card,
    .doing = "blocking card" },
  { .name = "unblock_card",
    .desc = "Remove a card's block.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/blockReason",
    .params = card_id_only,
    .step = block_card,
    .doing = "unblocking card" },
  { .name = "bulk_delete_cards",
    .desc = "Delete cards. Unless analyze_dependencies=false, deletes "
            "nothing if any has children, comments or subtasks.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .params = bulk_delete_cards_params,
    .step = bm__step_bulk,
    .bulk = &bulk_delete_cards_spec,
    .doing = "deleting cards" },
  { .name = "bulk_update_cards",
    .desc = "Apply one change to many cards.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = bulk_update_cards_params,
    .step = bm__step_bulk,
    .bulk = &bulk_update_cards_spec,
    .one_of = "title,description,column_id,lane_id,priority,owner_user_id",
    .doing = "updating cards" },
  { 0 },
};
