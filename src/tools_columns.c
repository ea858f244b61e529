/*
 * tools_columns.c - the columns of a board (operations.md §2.5).
 *
 * A column is either a main column, placed by workflow_id and section, or
 * a sub-column under parent_column_id. The API wants exactly one of the two
 * forms; create_column checks that before any request, so a mixed or
 * incomplete input never reaches the API.
 */
#include "call.h"

/* Exactly one form: (workflow_id and section) or parent_column_id. */
static void create_column(bm_call *c, const bm_reply *r)
{
  int wf = bm__arg_has(c, "workflow_id"), sec = bm__arg_has(c, "section");
  int parent = bm__arg_has(c, "parent_column_id");

  if (r) {
    bm__step_single(c, r);
    return;
  }
  if (parent && (wf || sec)) {
    bm__call_fail(c, "Invalid arguments: give either workflow_id and "
                     "section (a main column) or parent_column_id (a "
                     "sub-column), not both");
    return;
  }
  if (!parent && !(wf && sec)) {
    bm__call_fail(c, "Invalid arguments: a main column needs both "
                     "workflow_id and section; a sub-column needs "
                     "parent_column_id");
    return;
  }
  bm__step_single(c, NULL);
}

static const bm_param board_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param column_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "column_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "workflow_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "section",
    .type = BM_T_IENUM,
    .flags = BM_BODY,
    .choices = "1|2|3|4",
    .desc = "1 Backlog, 2 Requested, 3 In progress, 4 Done" },
  { .name = "parent_column_id", .type = BM_T_ID, .flags = BM_BODY },
  { .name = "position", .type = BM_T_POS, .flags = BM_REQ | BM_BODY },
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ | BM_BODY },
  { .name = "limit",
    .type = BM_T_INT,
    .flags = BM_BODY,
    .desc = "WIP limit, 0 none" },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY | BM_HIDDEN },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "column_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "limit", .type = BM_T_INT, .flags = BM_BODY },
  { .name = "section",
    .type = BM_T_IENUM,
    .flags = BM_BODY,
    .choices = "1|2|3|4" },
  { .name = "position", .type = BM_T_POS, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY | BM_HIDDEN },
  { 0 },
};

const bm_tool bm__tools_columns[] = {
  { .name = "get_columns",
    .desc = "List the columns of a board.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/boards/{board_id}/columns",
    .params = board_id,
    .doing = "listing columns" },
  { .name = "create_column",
    .desc = "Create a main column (workflow_id and section) or a "
            "sub-column (parent_column_id).",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/boards/{board_id}/columns",
    .params = create_params,
    .step = create_column,
    .doing = "creating column" },
  { .name = "update_column",
    .desc = "Change a column.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/boards/{board_id}/columns/{column_id}",
    .params = update_params,
    .step = bm__step_item,
    .one_of = "name,limit,section,position,description",
    .doing = "updating column" },
  { .name = "delete_column",
    .desc = "Delete a column.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/boards/{board_id}/columns/{column_id}",
    .params = column_id,
    .shape = BM_SHAPE_ECHO,
    .doing = "deleting column" },
  { 0 },
};
