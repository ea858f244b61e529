/*
 * tools_boards.c - boards and board structure (operations.md §2.4).
 *
 * list_boards and create_board fall back on the instance's
 * defaultWorkspaceId; search_board finds a board by id (listing the
 * available ones when the id is unknown) or by part of its name;
 * delete_board archives before it deletes (F-ARCHDEL, flows.c). The two
 * bulk tools of the family live in tools_bulk.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "call.h"
#include "flows.h"

/* How many boards a "not found" error lists before it stops. */
#define BM_BOARDS_IN_ERROR 50

static const char *const compact_board[] = {
  "board_id", "workspace_id", "name", "is_archived", NULL,
};

static void list_boards(bm_call *c, const bm_reply *r)
{
  const bm_instance *in = bm__call_instance(c);
  cJSON *ws = cJSON_GetObjectItemCaseSensitive(c->args, "workspace_ids");
  const char *level;

  if (r) {
    if (r->error) {
      bm__call_fail_reply(c, r);
      return;
    }
    level = bm__arg_str(c, "detail_level");
    if (level && strcmp(level, "full") == 0)
      bm__call_done(c, cJSON_Duplicate(r->data, 1), NULL);
    else
      bm__call_done(c, bm__pick_each(r->data, compact_board), NULL);
    return;
  }
  /* workspace_id is a single filter merged into workspace_ids. */
  if (bm__arg_has(c, "workspace_id")) {
    if (!ws)
      ws = cJSON_AddArrayToObject(c->args, "workspace_ids");
    cJSON_AddItemToArray(
        ws, cJSON_CreateNumber((double)bm__arg_int(c, "workspace_id", 0)));
    cJSON_DeleteItemFromObjectCaseSensitive(c->args, "workspace_id");
  } else if (!ws && in->default_workspace_id) {
    ws = cJSON_AddArrayToObject(c->args, "workspace_ids");
    cJSON_AddItemToArray(ws,
                         cJSON_CreateNumber((double)in->default_workspace_id));
  }
  bm__send_own_request(c);
}

/* ---- search_board ----------------------------------------------------- */

enum { SB_BOARD = 1, SB_LOOKUP, SB_LIST, SB_STRUCTURE };

/* True when needle occurs in hay, ASCII letters compared in any case. */
static int contains_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle), i;

  for (; *hay; hay++) {
    for (i = 0; i < n && hay[i]; i++)
      if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
        break;
    if (i == n)
      return 1;
  }
  return n == 0;
}

static void send_get(bm_call *c, int tag, const char *fmt, long long id)
{
  char path[96];

  snprintf(path, sizeof path, fmt, id);
  bm__call_send(c, tag, "GET", path, NULL);
}

/* Ends the search with c->acc as the result, once the structure of board
 * id is added when include_structure asks for it (id 0: never). */
static void search_finish(bm_call *c, long long id)
{
  cJSON *result = c->acc;

  if (id && bm__arg_bool(c, "include_structure", 0)) {
    send_get(c, SB_STRUCTURE, "/boards/%lld/currentStructure", id);
    return;
  }
  c->acc = NULL;
  bm__call_done(c, result, NULL);
}

static void search_structure(bm_call *c, const bm_reply *r)
{
  cJSON *into = c->acc, *result = c->acc;

  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (c->user[0]) /* a name search: the one match gets it */
    into = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(c->acc, "matches"), 0);
  cJSON_AddItemToObject(into, "structure", cJSON_Duplicate(r->data, 1));
  c->acc = NULL;
  bm__call_done(c, result, NULL);
}

static void search_by_id(bm_call *c, const bm_reply *r)
{
  long long id = bm__arg_int(c, "board_id", 0);

  if (r->error && r->status == 404) {
    bm__call_send(c, SB_LOOKUP, "GET", "/boards", NULL);
    return;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  c->acc = cJSON_IsObject(r->data) ? cJSON_Duplicate(r->data, 1)
                                   : cJSON_CreateObject();
  if (!cJSON_GetObjectItemCaseSensitive(c->acc, "board_id"))
    cJSON_AddNumberToObject(c->acc, "board_id", (double)id);
  search_finish(c, id);
}

/* The board read gave 404: the list tells whether the id exists at all,
 * and otherwise which boards do. */
static void search_lookup(bm_call *c, const bm_reply *r)
{
  long long id = bm__arg_int(c, "board_id", 0);
  const cJSON *b;
  cJSON *shown;
  char *text;
  int n, kept = 0;

  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  cJSON_ArrayForEach (b, r->data) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(b, "board_id");

    if (cJSON_IsNumber(v) && (long long)v->valuedouble == id) {
      c->acc = cJSON_Duplicate(b, 1);
      search_finish(c, id);
      return;
    }
  }
  n = cJSON_GetArraySize(r->data);
  shown = cJSON_CreateArray();
  cJSON_ArrayForEach (b, r->data) {
    if (kept++ == BM_BOARDS_IN_ERROR)
      break;
    cJSON_AddItemToArray(shown, bm__pick(b, compact_board));
  }
  text = cJSON_PrintUnformatted(shown);
  cJSON_Delete(shown);
  if (n > BM_BOARDS_IN_ERROR)
    bm__call_fail(c,
                  "Error searching board: board %lld not found. "
                  "Available boards (the first %d of %d): %s",
                  id, BM_BOARDS_IN_ERROR, n, text ? text : "[]");
  else
    bm__call_fail(c,
                  "Error searching board: board %lld not found. "
                  "Available boards: %s",
                  id, text ? text : "[]");
  cJSON_free(text);
}

static void search_list(bm_call *c, const bm_reply *r)
{
  const char *name = bm__arg_str(c, "board_name");
  cJSON *matches;
  const cJSON *b;

  if (r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (!name) {
    bm__call_done(c, bm__pick_each(r->data, compact_board), NULL);
    return;
  }
  c->acc = cJSON_CreateObject();
  matches = cJSON_AddArrayToObject(c->acc, "matches");
  cJSON_ArrayForEach (b, r->data) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(b, "name");

    if (cJSON_IsString(v) && contains_ci(v->valuestring, name))
      cJSON_AddItemToArray(matches, bm__pick(b, compact_board));
  }
  cJSON_AddNumberToObject(c->acc, "count", cJSON_GetArraySize(matches));
  c->user[0] = 1;
  if (cJSON_GetArraySize(matches) != 1) {
    search_finish(c, 0);
    return;
  }
  search_finish(c, (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(
                       cJSON_GetArrayItem(matches, 0), "board_id")));
}

static void search_board(bm_call *c, const bm_reply *r)
{
  char path[64];

  if (!r) {
    if (bm__arg_has(c, "board_id")) {
      send_get(c, SB_BOARD, "/boards/%lld", bm__arg_int(c, "board_id", 0));
      return;
    }
    if (bm__arg_has(c, "workspace_id"))
      snprintf(path, sizeof path, "/boards?workspace_ids=%lld",
               bm__arg_int(c, "workspace_id", 0));
    else
      snprintf(path, sizeof path, "/boards");
    bm__call_send(c, SB_LIST, "GET", path, NULL);
    return;
  }
  switch (r->tag) {
  case SB_BOARD:
    search_by_id(c, r);
    break;
  case SB_LOOKUP:
    search_lookup(c, r);
    break;
  case SB_LIST:
    search_list(c, r);
    break;
  default:
    search_structure(c, r);
    break;
  }
}

/* ---- create_board ----------------------------------------------------- */

/* Without workspace_id the instance's defaultWorkspaceId is used; with
 * neither the call fails before any request (operations.md §1.1). */
static void create_board(bm_call *c, const bm_reply *r)
{
  const bm_instance *in = bm__call_instance(c);

  if (!r && !bm__arg_has(c, "workspace_id")) {
    if (!in->default_workspace_id) {
      bm__call_fail(c,
                    "Error creating board: give workspace_id; instance "
                    "'%s' has no defaultWorkspaceId",
                    in->name);
      return;
    }
    cJSON_AddNumberToObject(c->args, "workspace_id",
                            (double)in->default_workspace_id);
  }
  bm__step_single(c, r);
}

/* ---- the table -------------------------------------------------------- */

static const bm_param board_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param list_boards_params[] = {
  { .name = "board_ids",
    .type = BM_T_IDS,
    .flags = BM_QUERY | BM_DEDUP,
    .max_items = 100 },
  { .name = "workspace_ids",
    .type = BM_T_IDS,
    .flags = BM_QUERY | BM_DEDUP,
    .max_items = 100 },
  { .name = "workspace_id", .type = BM_T_ID, .flags = BM_LOCAL | BM_HIDDEN },
  { .name = "is_archived", .type = BM_T_FLAG, .flags = BM_QUERY },
  { .name = "if_assigned", .type = BM_T_FLAG, .flags = BM_QUERY | BM_HIDDEN },
  { .name = "expand",
    .type = BM_T_ENUMS,
    .flags = BM_QUERY,
    .choices = "workflows|settings|structure" },
  { .name = "fields",
    .type = BM_T_ENUMS,
    .flags = BM_QUERY | BM_HIDDEN,
    .choices = "board_id|workspace_id|is_archived|name|description|revision" },
  { .name = "detail_level",
    .type = BM_T_ENUM,
    .flags = BM_LOCAL,
    .choices = "summary|full",
    .dflt = "\"summary\"" },
  { 0 },
};

static const bm_param search_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_LOCAL },
  { .name = "board_name",
    .type = BM_T_STR,
    .flags = BM_LOCAL | BM_NOTBLANK,
    .lo = 1,
    .hi = 255,
    .desc = "part of the name, any case" },
  { .name = "workspace_id", .type = BM_T_ID, .flags = BM_LOCAL },
  { .name = "include_structure",
    .type = BM_T_BOOL,
    .flags = BM_LOCAL,
    .dflt = "false" },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "workspace_id",
    .type = BM_T_ID,
    .flags = BM_BODY,
    .desc = "default: the instance's defaultWorkspaceId" },
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ | BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { 0 },
};

static const bm_param delete_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "archive_first",
    .type = BM_T_BOOL,
    .flags = BM_LOCAL,
    .dflt = "true",
    .desc = "false: no archive step" },
  { 0 },
};

const bm_tool bm__tools_boards[] = {
  { .name = "list_boards",
    .desc = "Find boards, optionally by workspace.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards",
    .params = list_boards_params,
    .step = list_boards,
    .doing = "listing boards" },
  { .name = "search_board",
    .desc = "Find a board by id or by part of its name, optionally with "
            "its structure.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards",
    .params = search_params,
    .step = search_board,
    .doing = "searching board" },
  { .name = "get_board",
    .desc = "Get one board, without its structure.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards/{board_id}",
    .params = board_id,
    .step = bm__step_item,
    .doing = "getting board" },
  { .name = "get_current_board_structure",
    .desc = "A board's workflows, columns, lanes and settings, with their "
            "ids.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards/{board_id}/currentStructure",
    .params = board_id,
    .summary = "Board structure retrieved successfully:",
    .doing = "getting board structure" },
  { .name = "create_board",
    .desc = "Create a board in a workspace.",
    .ann = BM_W,
    .profile = BM_PROFILE_STANDARD,
    .method = "POST",
    .path = "/boards",
    .params = create_params,
    .step = create_board,
    .doing = "creating board" },
  { .name = "update_board",
    .desc = "Rename a board or change its description.",
    .ann = BM_WI,
    .profile = BM_PROFILE_STANDARD,
    .method = "PATCH",
    .path = "/boards/{board_id}",
    .params = update_params,
    .step = bm__step_item,
    .one_of = "name,description",
    .doing = "updating board" },
  { .name = "delete_board",
    .desc = "Delete a board permanently; it is archived first.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/boards/{board_id}",
    .params = delete_params,
    .step = bm__step_archive_delete,
    .shape = BM_SHAPE_ECHO,
    .doing = "deleting board" },
  { 0 },
};
