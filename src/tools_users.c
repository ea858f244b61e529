/*
 * tools_users.c - the user family (operations.md §2.16).
 *
 * Also home of bm__step_single_id, the single request whose answer about
 * one item gets that item's id back from the path when the API left it
 * out (API reference §2.1).
 */
#include "call.h"

void bm__step_single_id(bm_call *c, const bm_reply *r)
{
  const bm_param *p;
  cJSON *o;

  if (!r || r->error || !cJSON_IsObject(r->data)) {
    bm__step_single(c, r);
    return;
  }
  o = cJSON_Duplicate(r->data, 1);
  for (p = c->tool->params; p && p->name; p++) {
    const char *key = p->api ? p->api : p->name;

    if ((p->flags & BM_PATH) && !cJSON_GetObjectItemCaseSensitive(o, key))
      cJSON_AddNumberToObject(o, key, (double)bm__arg_int(c, p->name, 0));
  }
  bm__call_done(c, o, c->tool->summary);
}

static const bm_param user_id[] = {
  {.name = "user_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH},
  {0},
};

static const bm_param invite_params[] = {
  {.name = "email", .type = BM_T_EMAIL, .flags = BM_REQ | BM_BODY},
  {.name = "do_not_send_confirmation_email", .type = BM_T_FLAG,
   .flags = BM_BODY, .desc = "1: an admin sends the invitation later"},
  {0},
};

const bm_tool bm__tools_users[] = {
  {.name = "list_users", .desc = "List the account's users.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/users"},
  {.name = "get_user", .desc = "Get one user.",
   .ann = BM_RO, .profile = BM_PROFILE_FULL, .method = "GET",
   .path = "/users/{user_id}", .params = user_id,
   .step = bm__step_single_id},
  {.name = "get_current_user",
   .desc = "The user that owns the instance's API key.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/me"},
  {.name = "invite_user", .desc = "Invite a new user by e-mail.",
   .ann = BM_W, .profile = BM_PROFILE_FULL, .method = "POST",
   .path = "/users/invite", .params = invite_params,
   .doing = "inviting user"},
  {0},
};
