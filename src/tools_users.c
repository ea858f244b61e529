/*
 * tools_users.c - the user family (operations.md §2.16).
 */
#include "call.h"

const bm_tool bm__tools_users[] = {
  {.name = "get_current_user",
   .desc = "The user that owns the instance's API key.",
   .ann = BM_RO, .profile = BM_PROFILE_ESSENTIAL, .method = "GET",
   .path = "/me"},
  {0},
};
