/*
 * tools_workflows.c - workflows, related workflows and cycle-time columns
 * of a board (operations.md §2.7). All are single requests; the effective
 * cycle-time tool only adds a summary line that counts what it found.
 */
#include <stdio.h>

#include "call.h"

/* "Retrieved N effective cycle time columns for board B, workflow W". */
static void effective_columns(bm_call *c, const bm_reply *r)
{
  char line[160];

  if (!r || r->error) {
    bm__step_single(c, r);
    return;
  }
  snprintf(line, sizeof line,
           "Retrieved %d effective cycle time columns "
           "for board %lld, workflow %lld",
           cJSON_IsArray(r->data) ? cJSON_GetArraySize(r->data) : 0,
           bm__arg_int(c, "board_id", 0), bm__arg_int(c, "workflow_id", 0));
  bm__call_done(c, bm__shape(c, r), line);
}

static const bm_param board_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param workflow_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "workflow_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "type",
    .type = BM_T_IENUM,
    .flags = BM_REQ | BM_BODY,
    .choices = "0|1|2",
    .desc = "0 cards, 1 initiatives, 2 timeline" },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "position", .type = BM_T_INT, .flags = BM_BODY },
  { .name = "is_enabled", .type = BM_T_FLAG, .flags = BM_BODY },
  { .name = "is_collapsible", .type = BM_T_FLAG, .flags = BM_BODY | BM_HIDDEN },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "workflow_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "position", .type = BM_T_INT, .flags = BM_BODY },
  { .name = "is_enabled", .type = BM_T_FLAG, .flags = BM_BODY },
  { .name = "is_collapsible", .type = BM_T_FLAG, .flags = BM_BODY | BM_HIDDEN },
  { 0 },
};

static const bm_param link_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "workflow_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "position", .type = BM_T_INT, .flags = BM_BODY },
  { 0 },
};

#define WF "/boards/{board_id}/workflows"
#define RELATED "/boards/{board_id}/relatedWorkflows/{workflow_id}"

const bm_tool bm__tools_workflows[] = {
  { .name = "list_workflows",
    .desc = "List the workflows of a board.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = WF,
    .params = board_id,
    .doing = "listing workflows" },
  { .name = "get_workflow",
    .desc = "Get one workflow of a board.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = WF "/{workflow_id}",
    .params = workflow_id,
    .step = bm__step_item,
    .doing = "getting workflow" },
  { .name = "create_workflow",
    .desc = "Add a workflow to a board.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = WF,
    .params = create_params,
    .doing = "creating workflow" },
  { .name = "update_workflow",
    .desc = "Rename, move, enable or disable a workflow.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = WF "/{workflow_id}",
    .params = update_params,
    .step = bm__step_item,
    .one_of = "name,position,is_enabled,is_collapsible",
    .doing = "updating workflow" },
  { .name = "link_related_workflow",
    .desc = "Show another board's workflow on this board.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PUT",
    .path = RELATED,
    .params = link_params,
    .shape = BM_SHAPE_ECHO,
    .doing = "linking related workflow" },
  { .name = "unlink_related_workflow",
    .desc = "Stop showing a related workflow on a board.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = RELATED,
    .params = workflow_id,
    .shape = BM_SHAPE_ECHO,
    .doing = "unlinking related workflow" },
  { .name = "get_workflow_cycle_time_columns",
    .desc = "The columns configured to count toward cycle time.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = WF "/{workflow_id}/cycleTimeColumns",
    .params = workflow_id,
    .doing = "getting cycle time columns" },
  { .name = "get_workflow_effective_cycle_time_columns",
    .desc = "The columns actually used to compute cycle time.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = WF "/{workflow_id}/effectiveCycleTimeColumns",
    .params = workflow_id,
    .step = effective_columns,
    .doing = "getting effective cycle time columns" },
  { 0 },
};
