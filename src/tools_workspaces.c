/*
 * tools_workspaces.c - the workspace family (operations.md §2.3).
 * Workspaces cannot be deleted in API v2 (a DELETE answers 405); archiving
 * is the only removal, so archive_workspace sends a PATCH and nothing else.
 * The two bulk tools of the family live in tools_bulk.c.
 */
#include <stdio.h>

#include "call.h"

/* PATCH /workspaces/{id} {"is_archived":1}; the body is fixed, so no
 * argument can turn the archive into a restore. */
static void archive_workspace(bm_call *c, const bm_reply *r)
{
  cJSON *body;
  char path[64];

  if (r) {
    if (r->error)
      bm__call_fail_reply(c, r);
    else
      bm__call_done(c, bm__shape_item(c, r), NULL);
    return;
  }
  body = cJSON_CreateObject();
  cJSON_AddNumberToObject(body, "is_archived", 1);
  snprintf(path, sizeof path, "/workspaces/%lld",
           bm__arg_int(c, "workspace_id", 0));
  bm__call_send(c, 0, "PATCH", path, body);
}

static const bm_param workspace_id[] = {
  { .name = "workspace_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ | BM_BODY },
  { .name = "type",
    .type = BM_T_IENUM,
    .flags = BM_BODY,
    .choices = "1|2",
    .desc = "1 team (default), 2 management" },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "workspace_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { 0 },
};

const bm_tool bm__tools_workspaces[] = {
  { .name = "list_workspaces",
    .desc = "List the workspaces.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/workspaces",
    .doing = "listing workspaces" },
  { .name = "get_workspace",
    .desc = "Get one workspace.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/workspaces/{workspace_id}",
    .params = workspace_id,
    .step = bm__step_item,
    .doing = "getting workspace" },
  { .name = "create_workspace",
    .desc = "Create a workspace.",
    .ann = BM_W,
    .profile = BM_PROFILE_STANDARD,
    .method = "POST",
    .path = "/workspaces",
    .params = create_params,
    .doing = "creating workspace" },
  { .name = "update_workspace",
    .desc = "Rename a workspace or change its description.",
    .ann = BM_WI,
    .profile = BM_PROFILE_STANDARD,
    .method = "PATCH",
    .path = "/workspaces/{workspace_id}",
    .params = update_params,
    .step = bm__step_item,
    .one_of = "name,description",
    .doing = "updating workspace" },
  { .name = "archive_workspace",
    .desc = "Archive a workspace, the only way to remove one.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/workspaces/{workspace_id}",
    .params = workspace_id,
    .step = archive_workspace,
    .doing = "archiving workspace" },
  { 0 },
};
