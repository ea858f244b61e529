/*
 * tools_instances.c - list_instances and get_instance_info
 * (operations.md §2.1). They read the configuration and the engine's
 * per-instance counters; they never call the API and need no token.
 */
#include <string.h>

#include "call.h"

static cJSON *tags_of(const bm_instance *in)
{
  cJSON *a = cJSON_CreateArray();
  int i;

  for (i = 0; i < in->ntags; i++)
    cJSON_AddItemToArray(a, cJSON_CreateString(in->tags[i]));
  return a;
}

static void add_common(cJSON *o, const bm_call *c, int idx)
{
  const bm_config *cfg = bm__call_config(c);
  const bm_instance *in = &cfg->instances[idx];

  cJSON_AddStringToObject(o, "name", in->name);
  if (in->description)
    cJSON_AddStringToObject(o, "description", in->description);
  cJSON_AddStringToObject(o, "apiUrl", in->api_url);
  cJSON_AddBoolToObject(o, "isDefault", idx == cfg->default_index);
  cJSON_AddBoolToObject(o, "readOnlyMode", in->read_only || cfg->read_only);
  if (in->default_workspace_id)
    cJSON_AddNumberToObject(o, "defaultWorkspaceId",
                            (double)in->default_workspace_id);
  if (in->ntags)
    cJSON_AddItemToObject(o, "tags", tags_of(in));
  cJSON_AddBoolToObject(o, "cached", bm__call_instance_used(c, idx));
}

static void list_instances(bm_call *c, const bm_reply *r)
{
  const bm_config *cfg = bm__call_config(c);
  cJSON *o = cJSON_CreateObject(), *list;
  int i;

  (void)r;
  cJSON_AddStringToObject(o, "mode",
                          cfg->ninstances > 1 ? "multi-instance" : "single");
  cJSON_AddStringToObject(o, "defaultInstance",
                          cfg->instances[cfg->default_index].name);
  cJSON_AddNumberToObject(o, "totalInstances", cfg->ninstances);
  list = cJSON_AddArrayToObject(o, "instances");
  for (i = 0; i < cfg->ninstances; i++) {
    cJSON *it = cJSON_CreateObject();

    add_common(it, c, i);
    cJSON_AddItemToArray(list, it);
  }
  bm__call_done(c, o, NULL);
}

static void get_instance_info(bm_call *c, const bm_reply *r)
{
  const bm_config *cfg = bm__call_config(c);
  const char *name = bm__arg_str(c, "instance");
  int idx = bm_config_find(cfg, name);
  cJSON *o;
  int i;

  (void)r;
  if (idx < 0) {
    bm_buf b;

    bm_buf_init(&b, 8192);
    for (i = 0; i < cfg->ninstances && i < 20; i++)
      bm_buf_addf(&b, "%s%s", i ? ", " : "", cfg->instances[i].name);
    bm__call_fail(c, "Instance '%.100s' not found. Available instances: %s",
                  name, b.failed ? "?" : b.data);
    bm_buf_free(&b);
    return;
  }
  o = cJSON_CreateObject();
  add_common(o, c, idx);
  cJSON_AddStringToObject(o, "tokenEnvVar", cfg->instances[idx].token_env);
  bm__call_instance_stats(c, idx, o);
  bm__call_done(c, o, NULL);
}

static const bm_param instance_name[] = {
  { .name = "instance",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_LOCAL,
    .lo = 1,
    .hi = 100 },
  { 0 },
};

const bm_tool bm__tools_instances[] = {
  { .name = "list_instances",
    .desc = "List the configured BusinessMap instances and the default.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .step = list_instances,
    .instance_tool = 1 },
  { .name = "get_instance_info",
    .desc = "Settings, quota and cache figures of one instance.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .params = instance_name,
    .step = get_instance_info,
    .instance_tool = 1 },
  { 0 },
};
