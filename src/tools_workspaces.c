/*
 * tools_workspaces.c - the workspace family (operations.md §2.3).
 * Workspaces cannot be deleted in API v2; archiving is the only removal.
 */
#include "call.h"

static const bm_param workspace_id[] = {
  {.name = "workspace_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH},
  {0},
};

const bm_tool bm__tools_workspaces[] = {
  {.name = "list_workspaces", .desc = "List the workspaces.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/workspaces"},
  {.name = "get_workspace", .desc = "Get one workspace.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/workspaces/{workspace_id}", .params = workspace_id},
  {0},
};
