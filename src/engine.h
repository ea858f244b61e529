/*
 * engine.h - the sans-IO MCP server: bytes in, effects out.
 *
 * The host feeds one inbound JSON-RPC message, an HTTP response, or a fired
 * timer, always with the current time. Each feed returns the effects the
 * host must carry out, as one JSON document:
 *
 *   {"messages": ["<JSON-RPC message>", ...],      write each, in order
 *    "http": [{"id", "instance", "credential", "method", "url",
 *              "headers": {...}, "body", "timeoutMs"}, ...],
 *    "timers": [{"id", "delayMs"}, ...],
 *    "cancel": [<http id>, ...],
 *    "logs": [{"level", "message"}, ...]}
 *
 * Empty arrays are left out. An HTTP request never carries a secret:
 * "credential" is the NAME of the environment variable whose value the
 * host puts in the `apikey` header at fetch time.
 *
 * Memory: the engine owns its output buffer; the pointer returned by a
 * feed is valid until the next call on the same engine. bm_engine_free
 * releases everything. No state is shared between engines.
 */
#ifndef BM_ENGINE_H
#define BM_ENGINE_H

#include <stddef.h>

#include "config.h"

typedef struct bm_engine bm_engine;

#define BM_MAX_MESSAGE_BYTES (4u << 20)
#define BM_MAX_RESPONSE_BYTES (16u << 20)
#define BM_MAX_OUTPUT_BYTES (64u << 20)
#define BM_MAX_CALLS 256 /* tool calls in progress at once */
#define BM_MAX_INFLIGHT_PER_INSTANCE 16

/*
 * Creates an engine from its start-up document, a JSON object:
 *   {"configText": str|null, "configSource": str,
 *    "env": {"BUSINESSMAP_API_URL": str, ...}, "setVars": [names],
 *    "checkTokenVars": bool, "seed": int,
 *    "serverName": str, "serverVersion": str}
 * Returns NULL only when out of memory. When the configuration is
 * invalid the engine still exists; bm_engine_config_ok tells, and
 * bm_engine_problems describes every problem.
 */
bm_engine *bm_engine_new(const char *startup, size_t len);
void bm_engine_free(bm_engine *e);

int bm_engine_config_ok(const bm_engine *e);
const bm_config *bm_engine_config(const bm_engine *e);

/* A JSON array of {code, path, line, col, message}; valid until the next
 * call on the engine. */
const char *bm_engine_problems(bm_engine *e, size_t *len);

/* The feeds. now_ms is the host's clock in milliseconds. */
const char *bm_engine_message(bm_engine *e, double now_ms, const char *msg,
                              size_t len, size_t *out_len);

/* status 0 means no response; meta then carries {"error": "timeout" |
 * "network" | "aborted" | "too_large"}. meta is a JSON object
 * {"headers": {lowercase-name: value}, "error"?: str}; it may be NULL. */
const char *bm_engine_http_response(bm_engine *e, double now_ms, int id,
                                    int status, const char *meta,
                                    size_t meta_len, const char *body,
                                    size_t body_len, size_t *out_len);

const char *bm_engine_timer(bm_engine *e, double now_ms, int id,
                            size_t *out_len);

#endif
