/*
 * call.h - what a tool's step function may do during one tools/call.
 *
 * A call is created by the engine once its arguments are valid and its
 * instance is resolved. The engine then calls the tool's step with r ==
 * NULL; the step sends requests and returns. Each reply comes back to the
 * step with the tag the request was sent with. The step ends the call with
 * exactly one of bm__call_done, bm__call_text or bm__call_fail; replies
 * still in flight after that are dropped.
 *
 * Memory: the engine owns the call and its args. A step keeps its own
 * progress in c->stage, c->acc (a cJSON the engine frees), c->user, and
 * c->state (freed by the engine through c->state_free).
 */
#ifndef BM_CALL_H
#define BM_CALL_H

#include "buf.h"
#include "catalog.h"
#include "cJSON.h"

struct bm_engine;

typedef struct bm_reply {
  int tag;
  int status;        /* HTTP status, 0 when nothing came back */
  cJSON *json;       /* the parsed body, or NULL */
  cJSON *data;       /* json["data"] when present, else json */
  const char *error; /* NULL on success; else a message for a model */
} bm_reply;

typedef struct bm_call {
  struct bm_engine *engine;
  const bm_tool *tool;
  int instance; /* index into the config */
  cJSON *args;  /* validated and normalised arguments */
  int stage;
  int pending; /* requests sent, replies not yet seen */
  int next_tag;
  cJSON *acc;        /* the step's accumulator, freed by the engine */
  long long user[4]; /* small integers a step may keep */
  void *state;       /* a step's own state, freed with state_free */
  void (*state_free)(void *state);
  int finished;
} bm_call;

/* Sends one request of the call's instance. path starts with '/' and may
 * carry a query string. body is taken (freed by the engine), may be NULL.
 * Returns 0, or -1 when the request could not be queued (the call has
 * then failed). */
int bm__call_send(bm_call *c, int tag, const char *method, const char *path,
                  cJSON *body);

/* As bm__call_send, but a GET is never answered from the cache or joined
 * to one in flight (health checks must reach the API). */
int bm__call_send_fresh(bm_call *c, int tag, const char *method,
                        const char *path, cJSON *body);

/* Ends the call with a JSON result (taken), optionally led by one line. */
void bm__call_done(bm_call *c, cJSON *result, const char *summary);

/* Ends the call with a plain-text result. */
void bm__call_text(bm_call *c, const char *text);

/* Ends the call with an isError result. */
void bm__call_fail(bm_call *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Ends the call with the standard error for a failed reply. */
void bm__call_fail_reply(bm_call *c, const bm_reply *r);

/* The instance the call runs on. */
const bm_instance *bm__call_instance(const bm_call *c);

/* The active profile and read-only setting, for result hints. */
int bm__call_tool_available(const bm_call *c, const char *tool_name);

/* Builds the path (with query) and the body of a tool's single request
 * from its parameters. Either output may be NULL when not wanted. body
 * receives NULL when the tool sends none. Returns 0 or -1 (no memory). */
int bm__build_request(const bm_call *c, const bm_tool *t, bm_buf *path,
                      cJSON **body);

/* Appends key=value to a path that may already have a query. */
void bm__query_add(bm_buf *path, const char *key, const char *value);

/* The result of a single request, shaped as the tool's table says. */
cJSON *bm__shape(const bm_call *c, const bm_reply *r);

/* A copy of obj with only the listed keys (NULL-terminated), and the same
 * for each object of an array. */
cJSON *bm__pick(const cJSON *obj, const char *const *keys);
cJSON *bm__pick_each(const cJSON *arr, const char *const *keys);

/* The single request of a tool about one item, whose answer gets the
 * item's id back from the path when the API leaves it out (API §2.1). */
cJSON *bm__shape_item(const bm_call *c, const bm_reply *r);
void bm__step_item(bm_call *c, const bm_reply *r);

/* Runs tool t inside call c with the rules of a direct tools/call
 * (compact profile's call_operation). Returns 0 or -1 (c has failed). */
int bm__call_delegate(bm_call *c, const bm_tool *t, const cJSON *args);

/* The whole configuration, and facts about an instance of it. */
const bm_config *bm__call_config(const bm_call *c);
int bm__call_instance_used(const bm_call *c, int instance);
void bm__call_instance_stats(const bm_call *c, int instance, cJSON *into);

/* Sends the tool's own request, as its table describes it (method, path,
 * query and body from the parameters). */
void bm__send_own_request(bm_call *c);

/* The start of a step whose first request is the tool's own: sends it
 * when r is NULL and ends the call on a failed reply. Returns 1 when r is
 * a successful reply for the step to use, 0 otherwise. */
int bm__step_reply(bm_call *c, const bm_reply *r);

/* The generic step: one request, then shape the data as the tool says. */
void bm__step_single(bm_call *c, const bm_reply *r);

/* Convenience readers of validated arguments. */
long long bm__arg_int(const bm_call *c, const char *name, long long dflt);
const char *bm__arg_str(const bm_call *c, const char *name);
int bm__arg_bool(const bm_call *c, const char *name, int dflt);
int bm__arg_has(const bm_call *c, const char *name);

#endif
