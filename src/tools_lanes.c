/*
 * tools_lanes.c - the lanes (swimlanes) of a board (operations.md §2.6).
 *
 * Lanes live under their board; the API has no top-level /lanes path. A
 * lane is top-level in a workflow (workflow_id) or a sub-lane
 * (parent_lane_id), never both: create_lane checks that before any
 * request, and always sends a description, null when there is none.
 */
#include "call.h"

static void create_lane(bm_call *c, const bm_reply *r)
{
  int wf = bm__arg_has(c, "workflow_id");
  const char *d = bm__arg_str(c, "description");
  cJSON *body = NULL;
  bm_buf path;

  if (r) {
    bm__step_single(c, r);
    return;
  }
  if (wf == bm__arg_has(c, "parent_lane_id")) {
    bm__call_fail(c, "Invalid arguments: give exactly one of workflow_id "
                     "(a lane) or parent_lane_id (a sub-lane)");
    return;
  }
  bm_buf_init(&path, 256);
  bm__build_request(c, c->tool, &path, &body);
  if (!d || !*d) {
    cJSON_DeleteItemFromObjectCaseSensitive(body, "description");
    cJSON_AddNullToObject(body, "description");
  }
  bm__call_send(c, 0, "POST", path.data, body);
  bm_buf_free(&path);
}

static const bm_param board_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param lane_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "lane_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "workflow_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "parent_lane_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "position", .type = BM_T_POS, .flags = BM_REQ | BM_BODY },
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ | BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY | BM_HIDDEN },
  { .name = "color", .type = BM_T_COLOR, .flags = BM_BODY },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "lane_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY | BM_HIDDEN },
  { .name = "color", .type = BM_T_COLOR, .flags = BM_BODY },
  { .name = "position", .type = BM_T_POS, .flags = BM_BODY },
  { .name = "parent_lane_id", .type = BM_T_ID, .flags = BM_BODY },
  { 0 },
};

const bm_tool bm__tools_lanes[] = {
  { .name = "get_lanes",
    .desc = "A board's lanes (swimlanes).",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards/{board_id}/lanes",
    .params = board_id,
    .doing = "listing lanes" },
  { .name = "get_lane",
    .desc = "Get one lane of a board.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/boards/{board_id}/lanes/{lane_id}",
    .params = lane_id,
    .step = bm__step_item,
    .doing = "getting lane" },
  { .name = "create_lane",
    .desc = "Create a lane in a workflow, or a sub-lane of another lane.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/boards/{board_id}/lanes",
    .params = create_params,
    .step = create_lane,
    .doing = "creating lane" },
  { .name = "update_lane",
    .desc = "Change a lane.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/boards/{board_id}/lanes/{lane_id}",
    .params = update_params,
    .step = bm__step_item,
    .one_of = "name,description,color,position,parent_lane_id",
    .doing = "updating lane" },
  { 0 },
};
