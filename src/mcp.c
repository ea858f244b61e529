/*
 * mcp.c - the MCP methods other than the lifecycle: tools/list and the
 * routing of tools/call, notifications, and the server's instructions.
 * Spec: MCP 2025-11-25, "Server features / Tools" and "Utilities".
 */
#include "mcp.h"

#include <stdio.h>
#include <string.h>

#include "args.h"
#include "catalog.h"

void bm__mcp_capabilities(cJSON *caps)
{
  cJSON_AddObjectToObject(caps, "tools");
  cJSON_AddObjectToObject(caps, "resources");
  cJSON_AddObjectToObject(caps, "prompts");
  cJSON_AddObjectToObject(caps, "logging");
}

void bm__mcp_instructions(const bm_config *cfg, bm_buf *out)
{
  int i;

  if (cfg->ninstances <= 1) {
    bm_buf_adds(out, "BusinessMap (Kanbanize) tools for one account.");
  } else {
    bm_buf_addf(out,
                "BusinessMap (Kanbanize) tools for %d accounts. Pass "
                "`instance` to choose one; without it the default "
                "'%s' is used. Instances: ",
                cfg->ninstances, cfg->instances[cfg->default_index].name);
    for (i = 0; i < cfg->ninstances && i < 50; i++)
      bm_buf_addf(out, "%s%s%s", i ? ", " : "", cfg->instances[i].name,
                  cfg->instances[i].read_only ? " (read-only)" : "");
    if (cfg->ninstances > 50)
      bm_buf_addf(out, " and %d more (see list_instances)",
                  cfg->ninstances - 50);
    bm_buf_addc(out, '.');
  }
  if (cfg->read_only)
    bm_buf_adds(out, " The server is in read-only mode.");
}

static void add_annotations(bm_buf *b, const bm_tool *t)
{
  /* Only values that differ from the spec defaults (readOnlyHint false,
   * destructiveHint true, idempotentHint false, openWorldHint true). With
   * readOnlyHint true the spec gives the other two no meaning, so a
   * read-only tool says only that. */
  switch (t->ann) {
  case BM_RO:
    bm_buf_adds(b, "\"readOnlyHint\":true");
    break;
  case BM_W:
    bm_buf_adds(b, "\"destructiveHint\":false");
    break;
  case BM_WI:
    bm_buf_adds(b, "\"destructiveHint\":false,\"idempotentHint\":true");
    break;
  case BM_DI:
    bm_buf_adds(b, "\"idempotentHint\":true");
    break;
  case BM_WD:
    break;
  }
  if (t->instance_tool)
    bm_buf_addf(b, "%s\"openWorldHint\":false", t->ann == BM_WD ? "" : ",");
}

void bm__mcp_tools_list(const bm_config *cfg, bm_buf *out)
{
  int read_only = bm__all_read_only(cfg);
  int multi = cfg->ninstances > 1;
  size_t i, n = bm_catalog_count();
  int first = 1;

  bm_buf_adds(out, "{\"tools\":[");
  for (i = 0; i < n; i++) {
    const bm_tool *t = bm_catalog_tool(i);
    char title[96];

    if (!bm_tool_listed(t, cfg->profile, read_only))
      continue;
    bm_tool_title(t, title, sizeof title);
    bm_buf_addf(out, "%s{\"name\":\"%s\",\"title\":\"%s\",\"description\":",
                first ? "" : ",", t->name, title);
    bm_buf_add_json_str(out, t->desc, strlen(t->desc));
    bm_buf_adds(out, ",\"inputSchema\":");
    bm_args_schema(t, out, multi && !t->instance_tool);
    bm_buf_adds(out, ",\"annotations\":{");
    add_annotations(out, t);
    bm_buf_adds(out, "}}");
    first = 0;
  }
  bm_buf_adds(out, "]}");
}

static void tools_list(bm_engine *e, const cJSON *id)
{
  bm_buf *b = bm__engine_scratch(e);

  bm_buf_reset(b);
  bm__mcp_tools_list(bm__engine_cfg(e), b);
  if (b->failed) {
    bm__reply_error(e, id, -32603, "Internal error: out of memory");
    return;
  }
  bm__reply_raw(e, id, b->data, b->len);
}

void bm__mcp_request(bm_engine *e, const cJSON *id, const char *method,
                     const cJSON *params)
{
  if (strcmp(method, "tools/list") == 0) {
    tools_list(e, id);
  } else if (strcmp(method, "tools/call") == 0) {
    if (!cJSON_IsObject(params)) {
      bm__reply_error(e, id, -32602,
                      "Invalid params: tools/call needs an "
                      "object with 'name'");
      return;
    }
    bm__tools_call(e, id, params);
  } else if (strcmp(method, "resources/list") == 0) {
    bm__resources_list(e, id);
  } else if (strcmp(method, "resources/templates/list") == 0) {
    bm__resource_templates_list(e, id);
  } else if (strcmp(method, "resources/read") == 0) {
    bm__resources_read(e, id, params);
  } else if (strcmp(method, "prompts/list") == 0) {
    bm__prompts_list(e, id);
  } else if (strcmp(method, "prompts/get") == 0) {
    bm__prompts_get(e, id, params);
  } else if (strcmp(method, "logging/setLevel") == 0) {
    const cJSON *lv = cJSON_GetObjectItemCaseSensitive(params, "level");

    if (!cJSON_IsString(lv) || bm__set_client_log_level(e, lv->valuestring) < 0)
      bm__reply_error(e, id, -32602,
                      "Invalid params: 'level' must be one "
                      "of debug, info, notice, warning, "
                      "error, critical, alert, emergency");
    else
      bm__reply_result(e, id, cJSON_CreateObject());
  } else {
    char msg[160];

    snprintf(msg, sizeof msg, "Method not found: %.100s", method);
    bm__reply_error(e, id, -32601, msg);
  }
}

void bm__mcp_notification(bm_engine *e, const char *method, const cJSON *params)
{
  if (strcmp(method, "notifications/cancelled") == 0) {
    bm__cancel_request(e,
                       cJSON_GetObjectItemCaseSensitive(params, "requestId"));
    return;
  }
  /* notifications/initialized and any other notification need no
   * answer (JSON-RPC 2.0 §4.1). */
}
