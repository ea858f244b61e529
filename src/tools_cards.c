/*
 * tools_cards.c - the card family (operations.md §2.9).
 *
 * GET /cards nests its page inside data ({pagination, data}); a flat
 * variant with meta is read too (API reference §4). Lists come back as
 * compact cards unless the caller asks for the full ones.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"

cJSON *bm__pick(const cJSON *obj, const char *const *keys);
cJSON *bm__pick_each(const cJSON *arr, const char *const *keys);

static const char *const compact_card[] = {
  "card_id", "custom_id", "board_id", "title", "owner_user_id", "type_id",
  "column_id", "lane_id", "size", "priority", "deadline", "is_blocked",
  NULL,
};

static const char *const summary_extra[] = {
  "workflow_id", "section", "created_at", "last_modified",
  "in_current_position_since", "current_cycle_time", NULL,
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
    *pagination = cJSON_Duplicate(
        cJSON_GetObjectItemCaseSensitive(d, "pagination"), 1);
    return;
  }
  *cards = d;
  if (cJSON_IsObject(meta)) {
    double total = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(meta, "total_count"));
    double per = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(meta, "per_page"));
    double page = cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(meta, "page"));

    *pagination = cJSON_CreateObject();
    cJSON_AddNumberToObject(*pagination, "all_pages",
                            per > 0 ? ceil(total / per) : 0);
    cJSON_AddNumberToObject(*pagination, "current_page", page);
    cJSON_AddNumberToObject(*pagination, "results_per_page", per);
  }
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
    list = bm__pick_each(cards, compact_card);
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
  "archived", "created", "deadline", "discarded", "first_end",
  "first_start", "in_current_position_since", "last_end", "last_modified",
  "last_start", NULL,
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
  const cJSON *df = cJSON_GetObjectItemCaseSensitive(c->args,
                                                     "date_filters");
  const cJSON *kind, *v;
  char key[80];

  if (!df)
    return 0;
  if (!cJSON_IsObject(df)) {
    bm__call_fail(c, "Invalid argument 'date_filters': must be an object");
    return -1;
  }
  cJSON_ArrayForEach(kind, df) {
    if (!known(date_kinds, kind->string) || !cJSON_IsObject(kind)) {
      bm__call_fail(c, "Invalid argument 'date_filters.%.40s': not a date "
                       "filter (use archived, created, deadline, "
                       "discarded, first_end, first_start, "
                       "in_current_position_since, last_end, "
                       "last_modified or last_start, each an object)",
                    kind->string);
      return -1;
    }
    cJSON_ArrayForEach(v, kind) {
      if (!known(date_keys, v->string) || !cJSON_IsString(v) ||
          strlen(v->valuestring) > 40) {
        bm__call_fail(c, "Invalid argument 'date_filters.%s.%.40s': use "
                         "from, to (date-time) or from_date, to_date "
                         "(YYYY-MM-DD) as strings", kind->string,
                      v->string);
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
  bm_buf path;

  if (r) {
    bm__reply_card_page(c, r);
    return;
  }
  if (flatten_dates(c) < 0)
    return;
  bm_buf_init(&path, 64 * 1024);
  merge_into(c->args, "board_id", "board_ids");
  merge_into(c->args, "assignee_user_id", "owner_user_ids");
  bm__build_request(c, c->tool, &path, NULL);
  bm__call_send(c, 0, "GET", path.data, NULL);
  bm_buf_free(&path);
}

static int count_of(const cJSON *card, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(card, key);

  return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
}

static cJSON *card_summary(const bm_call *c, const cJSON *card)
{
  static const char *const related[] = {
    "attachments", "custom_fields", "subtasks", "linked_cards", "outcomes",
    NULL,
  };
  static const char *const follow[] = {
    "get_card_comments", "get_card_subtasks", "get_card_children",
    "get_card_parents", "update_card", "move_card", NULL,
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
        cut--;   /* never split a UTF-8 sequence */
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

#define IDS(n) \
  {.name = n, .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP, \
   .max_items = 100}
#define HIDDEN_IDS(n) \
  {.name = n, .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP | BM_HIDDEN, \
   .max_items = 100}
#define DATE4(k) \
  {.name = k "_from", .type = BM_T_DATETIME, .flags = BM_QUERY | BM_HIDDEN}, \
  {.name = k "_to", .type = BM_T_DATETIME, .flags = BM_QUERY | BM_HIDDEN}, \
  {.name = k "_from_date", .type = BM_T_DATE, \
   .flags = BM_QUERY | BM_HIDDEN}, \
  {.name = k "_to_date", .type = BM_T_DATE, .flags = BM_QUERY | BM_HIDDEN}

static const bm_param list_cards_params[] = {
  {.name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_LOCAL},
  IDS("column_ids"),
  IDS("lane_ids"),
  IDS("owner_user_ids"),
  IDS("card_ids"),
  IDS("type_ids"),
  IDS("tag_ids"),
  HIDDEN_IDS("board_ids"),
  HIDDEN_IDS("workflow_ids"),
  HIDDEN_IDS("last_column_ids"),
  HIDDEN_IDS("last_lane_ids"),
  HIDDEN_IDS("version_ids"),
  HIDDEN_IDS("reason_ids"),
  {.name = "priorities", .type = BM_T_INTS, .flags = BM_QUERY | BM_HIDDEN,
   .lo = 1, .hi = 250, .max_items = 100},
  {.name = "sizes", .type = BM_T_INTS, .flags = BM_QUERY | BM_HIDDEN,
   .lo = 0, .max_items = 100},
  {.name = "sections", .type = BM_T_INTS, .flags = BM_QUERY | BM_HIDDEN,
   .lo = 1, .hi = 4, .max_items = 100},
  {.name = "colors", .type = BM_T_STRS, .flags = BM_QUERY | BM_HIDDEN,
   .lo = 6, .hi = 6, .max_items = 100},
  {.name = "custom_ids", .type = BM_T_STRS, .flags = BM_QUERY | BM_HIDDEN,
   .lo = 1, .hi = 100, .max_items = 100},
  {.name = "assignee_user_id", .type = BM_T_ID,
   .flags = BM_LOCAL | BM_HIDDEN},
  {.name = "state", .type = BM_T_ENUM, .flags = BM_QUERY,
   .choices = "active|archived|discarded"},
  {.name = "date_filters", .type = BM_T_ANY, .flags = BM_LOCAL,
   .desc = "{created|deadline|last_modified|...: {from_date, to_date}}"},
  DATE4("archived"), DATE4("created"), DATE4("deadline"),
  DATE4("discarded"), DATE4("first_end"), DATE4("first_start"),
  DATE4("in_current_position_since"), DATE4("last_end"),
  DATE4("last_modified"), DATE4("last_start"),
  {.name = "include_logged_time_for_child_cards", .type = BM_T_FLAG,
   .flags = BM_QUERY | BM_HIDDEN},
  {.name = "include_logged_time_for_subtasks", .type = BM_T_FLAG,
   .flags = BM_QUERY | BM_HIDDEN},
  {.name = "page", .type = BM_T_INT, .flags = BM_QUERY, .lo = 1,
   .hi = 10000},
  {.name = "per_page", .type = BM_T_INT, .flags = BM_QUERY, .lo = 1,
   .hi = 1000, .dflt = "50"},
  {.name = "compact", .type = BM_T_BOOL, .flags = BM_LOCAL, .dflt = "true"},
  {.name = "include_pagination", .type = BM_T_BOOL, .flags = BM_LOCAL,
   .dflt = "true"},
  {0},
};

static const bm_param get_card_params[] = {
  {.name = "card_id", .type = BM_T_ID, .flags = BM_REQ},
  {.name = "detail_level", .type = BM_T_ENUM, .flags = BM_LOCAL,
   .choices = "summary|full", .dflt = "\"summary\""},
  {0},
};

static const bm_param subtask_fields[] = {
  {.name = "description", .type = BM_T_STR, .flags = BM_REQ, .lo = 1,
   .hi = 10000},
  {.name = "owner_user_id", .type = BM_T_ID},
  {.name = "is_finished", .type = BM_T_FLAG},
  {.name = "deadline", .type = BM_T_DATE},
  {.name = "position", .type = BM_T_POS},
  {0},
};

static const bm_param create_card_params[] = {
  {.name = "title", .type = BM_T_TITLE, .flags = BM_REQ | BM_BODY},
  {.name = "column_id", .type = BM_T_ID, .flags = BM_REQ | BM_BODY},
  {.name = "lane_id", .type = BM_T_ID, .flags = BM_BODY},
  {.name = "position", .type = BM_T_POS, .flags = BM_BODY},
  {.name = "description", .type = BM_T_TEXT, .flags = BM_BODY,
   .desc = "HTML"},
  {.name = "type_id", .type = BM_T_ID, .flags = BM_BODY},
  {.name = "owner_user_id", .type = BM_T_ID, .flags = BM_BODY},
  {.name = "size", .type = BM_T_NUM, .flags = BM_BODY, .lo = 0,
   .hi = 10000},
  {.name = "priority", .type = BM_T_INT, .flags = BM_BODY, .lo = 1,
   .hi = 250},
  {.name = "deadline", .type = BM_T_DATE, .flags = BM_BODY},
  {.name = "color", .type = BM_T_COLOR, .flags = BM_BODY},
  {.name = "custom_id", .type = BM_T_STR, .flags = BM_BODY, .lo = 1,
   .hi = 100},
  {.name = "tag_ids_to_add", .type = BM_T_IDS, .flags = BM_BODY | BM_DEDUP,
   .max_items = 50},
  {.name = "subtasks_to_add", .type = BM_T_OBJS, .flags = BM_BODY,
   .fields = subtask_fields, .max_items = 100},
  {0},
};

const bm_tool bm__tools_cards[] = {
  {.name = "list_cards",
   .desc = "One page of a board's cards, with filters. Compact by "
           "default; pagination tells whether to ask for the next page.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/cards", .params = list_cards_params, .step = list_cards},
  {.name = "get_card",
   .desc = "Inspect one card: a summary, or every field with "
           "detail_level=full.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .params = get_card_params,
   .step = get_card},
  {.name = "create_card",
   .desc = "Create a card in a column (ids from "
           "get_current_board_structure).",
   .ann = BM_W, .profile = BM_PROFILE_ESSENTIAL, .method = "POST",
   .path = "/cards", .params = create_card_params, .shape = BM_SHAPE_FIRST,
   .summary = "Card created successfully:", .doing = "creating card"},
  {0},
};
