/*
 * tools_boards.c - boards and board structure (operations.md §2.4).
 * list_boards adds the instance's defaultWorkspaceId when no workspace
 * filter is given, and returns compact boards unless asked for detail.
 */
#include <string.h>

#include "call.h"

static const char *const compact_board[] = {
  "board_id", "workspace_id", "name", "is_archived", NULL,
};

/* A copy of obj with only the listed keys. */
cJSON *bm__pick(const cJSON *obj, const char *const *keys)
{
  cJSON *o = cJSON_CreateObject();
  size_t i;

  for (i = 0; keys[i]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);

    if (v)
      cJSON_AddItemToObject(o, keys[i], cJSON_Duplicate(v, 1));
  }
  return o;
}

cJSON *bm__pick_each(const cJSON *arr, const char *const *keys)
{
  cJSON *out = cJSON_CreateArray();
  const cJSON *e;

  cJSON_ArrayForEach(e, arr) cJSON_AddItemToArray(out, bm__pick(e, keys));
  return out;
}

static void list_boards(bm_call *c, const bm_reply *r)
{
  const bm_instance *in = bm__call_instance(c);
  cJSON *ws = cJSON_GetObjectItemCaseSensitive(c->args, "workspace_ids");
  bm_buf path;
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
    cJSON_AddItemToArray(ws, cJSON_CreateNumber(
                                 (double)bm__arg_int(c, "workspace_id", 0)));
    cJSON_DeleteItemFromObjectCaseSensitive(c->args, "workspace_id");
  } else if (!ws && in->default_workspace_id) {
    ws = cJSON_AddArrayToObject(c->args, "workspace_ids");
    cJSON_AddItemToArray(ws, cJSON_CreateNumber(
                                 (double)in->default_workspace_id));
  }
  bm_buf_init(&path, 16384);
  bm__build_request(c, c->tool, &path, NULL);
  bm__call_send(c, 0, "GET", path.data, NULL);
  bm_buf_free(&path);
}

static const bm_param board_id[] = {
  {.name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH},
  {0},
};

static const bm_param list_boards_params[] = {
  {.name = "board_ids", .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP,
   .max_items = 100},
  {.name = "workspace_ids", .type = BM_T_IDS, .flags = BM_QUERY | BM_DEDUP,
   .max_items = 100},
  {.name = "workspace_id", .type = BM_T_ID, .flags = BM_LOCAL},
  {.name = "is_archived", .type = BM_T_FLAG, .flags = BM_QUERY},
  {.name = "if_assigned", .type = BM_T_FLAG, .flags = BM_QUERY,
   .desc = "1: only boards you are assigned to"},
  {.name = "expand", .type = BM_T_ENUMS, .flags = BM_QUERY,
   .choices = "workflows|settings|structure"},
  {.name = "fields", .type = BM_T_ENUMS, .flags = BM_QUERY,
   .choices = "board_id|workspace_id|is_archived|name|description|revision"},
  {.name = "detail_level", .type = BM_T_ENUM, .flags = BM_LOCAL,
   .choices = "summary|full", .dflt = "\"summary\""},
  {0},
};

const bm_tool bm__tools_boards[] = {
  {.name = "list_boards",
   .desc = "Find boards, optionally by workspace. Summary gives id, "
           "workspace, name, archived.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/boards", .params = list_boards_params, .step = list_boards},
  {.name = "get_board", .desc = "Get one board, without its structure.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/boards/{board_id}", .params = board_id},
  {.name = "get_current_board_structure",
   .desc = "Workflows, columns, lanes and settings of a board: look up "
           "column and lane ids here.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/boards/{board_id}/currentStructure", .params = board_id,
   .summary = "Board structure retrieved successfully:"},
  {0},
};
