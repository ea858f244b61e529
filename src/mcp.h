/*
 * mcp.h - MCP methods on top of the engine, and the engine services they
 * use. Internal to the core.
 *
 * mcp.c owns the answers to tools/list, the resource and prompt methods,
 * and the
 * notifications; engine.c owns the lifecycle, calls and requests.
 */
#ifndef BM_MCP_H
#define BM_MCP_H

#include "buf.h"
#include "config.h"
#include "cJSON.h"
#include "engine.h"

/* Engine services (engine.c). result is taken. */
void bm__reply_result(bm_engine *e, const cJSON *id, cJSON *result);
void bm__reply_raw(bm_engine *e, const cJSON *id, const char *result,
                   size_t len);
void bm__reply_error(bm_engine *e, const cJSON *id, int code,
                     const char *message);
void bm__log(bm_engine *e, const char *level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void bm__tools_call(bm_engine *e, const cJSON *id, const cJSON *params);
/* logging/setLevel: 0, or -1 for a level MCP does not define. */
int bm__set_client_log_level(bm_engine *e, const char *level);
void bm__cancel_request(bm_engine *e, const cJSON *request_id);

/* Runs a catalog tool (listed or not) to answer resources/read for uri,
 * with the arguments given as JSON text. */
void bm__resource_call(bm_engine *e, const cJSON *id, const char *tool,
                       int instance, const char *args_json, const char *uri,
                       const char *next_template);
bm_buf *bm__engine_scratch(bm_engine *e);
const bm_config *bm__engine_cfg(const bm_engine *e);
int bm__all_read_only(const bm_config *cfg);
int bm_protocol_supported(const char *version);

/* MCP methods (mcp.c). */
void bm__mcp_capabilities(cJSON *caps);
void bm__mcp_instructions(const bm_config *cfg, bm_buf *out);
void bm__mcp_request(bm_engine *e, const cJSON *id, const char *method,
                     const cJSON *params);
void bm__mcp_notification(bm_engine *e, const char *method,
                          const cJSON *params);

/* Resources (resources.c) and prompts (prompts.c). */
void bm__resources_list(bm_engine *e, const cJSON *id);
void bm__resource_templates_list(bm_engine *e, const cJSON *id);
void bm__resources_read(bm_engine *e, const cJSON *id, const cJSON *params);
void bm__prompts_list(bm_engine *e, const cJSON *id);
void bm__prompts_get(bm_engine *e, const cJSON *id, const cJSON *params);

/* The tools/list result for a configuration, as JSON text. */
void bm__mcp_tools_list(const bm_config *cfg, bm_buf *out);

#endif
