/*
 * tools_users.c - the user family (operations.md §2.16).
 */
#include "call.h"

static const bm_param user_id[] = {
  { .name = "user_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param invite_params[] = {
  { .name = "email", .type = BM_T_EMAIL, .flags = BM_REQ | BM_BODY },
  { .name = "do_not_send_confirmation_email",
    .type = BM_T_FLAG,
    .flags = BM_BODY,
    .desc = "1: send no e-mail yet" },
  { 0 },
};

const bm_tool bm__tools_users[] = {
  { .name = "list_users",
    .desc = "List the account's users.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/users" },
  { .name = "get_user",
    .desc = "Get one user.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/users/{user_id}",
    .params = user_id,
    .step = bm__step_item },
  { .name = "get_current_user",
    .desc = "The user that owns the instance's API key.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/me" },
  { .name = "invite_user",
    .desc = "Invite a new user by e-mail.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/users/invite",
    .params = invite_params,
    .doing = "inviting user" },
  { 0 },
};
