/*
 * tools_health.c - health_check and get_api_info (operations.md §2.2).
 * Both read GET /me, the cheapest authenticated call; /info does not
 * exist in API v2.
 */
#include <stdio.h>

#include "call.h"

static void health_check(bm_call *c, const bm_reply *r)
{
  char text[600];

  if (!r) {
    bm__call_send_fresh(c, 0, "GET", "/me", NULL);
    return;
  }
  if (r->error)
    snprintf(text, sizeof text, "BusinessMap API Health: Unhealthy (%s)",
             r->error);
  else
    snprintf(text, sizeof text, "BusinessMap API Health: Healthy");
  bm__call_text(c, text);
}

static void get_api_info(bm_call *c, const bm_reply *r)
{
  cJSON *o;

  if (!r) {
    bm__call_send_fresh(c, 0, "GET", "/me", NULL);
    return;
  }
  if (r->error) {
    bm__call_fail(c, "API connection failed: %s", r->error);
    return;
  }
  o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "status", "healthy");
  cJSON_AddStringToObject(o, "endpoint", "/me");
  cJSON_AddStringToObject(o, "api_version", "v2");
  cJSON_AddStringToObject(o, "api_url", bm__call_instance(c)->api_url);
  cJSON_AddStringToObject(o, "note", "API v2 has no /info endpoint");
  bm__call_done(c, o, NULL);
}

const bm_tool bm__tools_health[] = {
  { .name = "health_check",
    .desc = "Check that the instance is reachable and its token works.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .step = health_check },
  { .name = "get_api_info",
    .desc = "API version and URL of the instance.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .step = get_api_info },
  { 0 },
};
