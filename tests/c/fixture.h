/*
 * fixture.h - one engine driven by a test with a fake clock: feeds in,
 * the last feed's effects out, parsed. Shared by the HTTP policy and
 * cache tests. Header-only (static functions) like check.h.
 *
 * Memory: fx_setup creates the engine, fx_teardown frees it and the last
 * effects. Strings returned by fx_* point into the last effects and are
 * valid until the next feed; fx_text returns a copy the caller frees.
 */
#ifndef BM_FIXTURE_H
#define BM_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "engine.h"

typedef struct fixture {
  bm_engine *e;
  cJSON *fx;    /* effects of the last feed */
  double now;   /* the fake clock, in ms */
  int next_rpc; /* ids for tools/call */
} fixture;

static inline void fx_take(fixture *f, const char *out, size_t len)
{
  cJSON_Delete(f->fx);
  f->fx = cJSON_ParseWithLength(out, len);
}

/* Feeds one JSON-RPC message. */
static inline void fx_send(fixture *f, const char *msg)
{
  size_t len;
  const char *out = bm_engine_message(f->e, f->now, msg, strlen(msg), &len);

  fx_take(f, out, len);
}

/* An engine on config (an instances file), not yet initialized. env is
 * the host's variables as JSON text (NULL: none); vars names the token
 * variables that are set (NULL-terminated; NULL: A_, B_ and C_TOKEN). */
static inline void fx_engine(fixture *f, const char *config, const char *env,
                             const char *const *vars)
{
  static const char *const abc[] = { "A_TOKEN", "B_TOKEN", "C_TOKEN", NULL };
  cJSON *s = cJSON_CreateObject();
  cJSON *set = cJSON_AddArrayToObject(s, "setVars");
  char *text;

  memset(f, 0, sizeof *f);
  f->now = 1000000.0;
  f->next_rpc = 100;
  cJSON_AddStringToObject(s, "configText", config);
  cJSON_AddStringToObject(s, "configSource", "fixture.json");
  cJSON_AddItemToObject(s, "env",
                        env ? cJSON_Parse(env) : cJSON_CreateObject());
  for (vars = vars ? vars : abc; *vars; vars++)
    cJSON_AddItemToArray(set, cJSON_CreateString(*vars));
  cJSON_AddNumberToObject(s, "seed", 11);
  text = cJSON_PrintUnformatted(s);
  f->e = bm_engine_new(text, strlen(text));
  free(text);
  cJSON_Delete(s);
  if (!f->e || !bm_engine_config_ok(f->e)) {
    size_t n;

    fprintf(stderr, "fixture: bad config: %s\n",
            f->e ? bm_engine_problems(f->e, &n) : "(no engine)");
    exit(2);
  }
}

/* fx_engine, then initialize. */
static inline void fx_setup_with(fixture *f, const char *config,
                                 const char *env, const char *const *vars)
{
  fx_engine(f, config, env, vars);
  fx_send(f, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
             "\"params\":{\"protocolVersion\":\"2025-11-25\","
             "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
             "\"version\":\"1\"}}}");
}

/* An initialized engine on config with A_, B_ and C_TOKEN set. */
static inline void fx_setup(fixture *f, const char *config)
{
  fx_setup_with(f, config, NULL, NULL);
}

static inline void fx_teardown(fixture *f)
{
  cJSON_Delete(f->fx);
  bm_engine_free(f->e);
  f->fx = NULL;
  f->e = NULL;
}

/* Sends tools/call of tool with args (a JSON object text, or NULL);
 * returns the JSON-RPC id used. */
static inline int fx_call(fixture *f, const char *tool, const char *args)
{
  char msg[4096];
  int id = f->next_rpc++;

  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
           "\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
           id, tool, args ? args : "{}");
  fx_send(f, msg);
  return id;
}

static inline void fx_cancel(fixture *f, int rpc_id)
{
  char msg[256];

  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"method\":"
           "\"notifications/cancelled\",\"params\":{\"requestId\":%d}}",
           rpc_id);
  fx_send(f, msg);
}

/* Answers HTTP request id; meta and body may be NULL. */
static inline void fx_respond(fixture *f, int id, int status, const char *meta,
                              const char *body)
{
  size_t len;
  const char *out = bm_engine_http_response(f->e, f->now, id, status, meta,
                                            meta ? strlen(meta) : 0, body,
                                            body ? strlen(body) : 0, &len);

  fx_take(f, out, len);
}

static inline void fx_fire(fixture *f, int timer)
{
  size_t len;
  const char *out = bm_engine_timer(f->e, f->now, timer, &len);

  fx_take(f, out, len);
}

static inline int fx_count(const fixture *f, const char *section)
{
  return cJSON_GetArraySize(cJSON_GetObjectItem(f->fx, section));
}

static inline const cJSON *fx_item(const fixture *f, const char *section, int i)
{
  return cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, section), i);
}

/* Outbound message i, parsed (caller frees), or NULL. */
static inline cJSON *fx_message(const fixture *f, int i)
{
  const cJSON *m = fx_item(f, "messages", i);

  return m ? cJSON_Parse(m->valuestring) : NULL;
}

/* The JSON-RPC error code of message i, 0 when it is no error. */
static inline int fx_error_code(const fixture *f, int i)
{
  cJSON *m = fx_message(f, i);
  const cJSON *code =
      cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "code");
  int n = cJSON_IsNumber(code) ? (int)code->valuedouble : 0;

  cJSON_Delete(m);
  return n;
}

static inline const char *fx_http_field(const fixture *f, int i, const char *k)
{
  return cJSON_GetStringValue(cJSON_GetObjectItem(fx_item(f, "http", i), k));
}

static inline double fx_http_num(const fixture *f, int i, const char *k)
{
  return cJSON_GetNumberValue(cJSON_GetObjectItem(fx_item(f, "http", i), k));
}

/* An id as an int, -1 when absent: converting NaN to int is undefined. */
static inline int fx_id_of(double d)
{
  return d >= 0 && d <= 2147483647.0 ? (int)d : -1;
}

static inline int fx_http_id(const fixture *f, int i)
{
  return fx_id_of(fx_http_num(f, i, "id"));
}

static inline int fx_timer_id(const fixture *f, int i)
{
  return fx_id_of(
      cJSON_GetNumberValue(cJSON_GetObjectItem(fx_item(f, "timers", i), "id")));
}

static inline double fx_timer_delay(const fixture *f, int i)
{
  return cJSON_GetNumberValue(
      cJSON_GetObjectItem(fx_item(f, "timers", i), "delayMs"));
}

/* Whether any log record of the last feed has level and contains s. */
static inline int fx_logged(const fixture *f, const char *level, const char *s)
{
  const cJSON *r;

  cJSON_ArrayForEach (r, cJSON_GetObjectItem(f->fx, "logs")) {
    const char *l = cJSON_GetStringValue(cJSON_GetObjectItem(r, "level"));
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r, "message"));

    if (l && m && !strcmp(l, level) && strstr(m, s))
      return 1;
  }
  return 0;
}

/*
 * The tools/call result in message i: returns a malloc'd copy of its
 * text (NULL when message i is not a tool result), sets *is_error and,
 * when rpc_id is not NULL, the id it answers.
 */
static inline char *fx_text(const fixture *f, int i, int *is_error, int *rpc_id)
{
  const cJSON *m = fx_item(f, "messages", i);
  cJSON *msg = m ? cJSON_Parse(m->valuestring) : NULL;
  cJSON *res = cJSON_GetObjectItem(msg, "result");
  cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
  const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));
  char *copy = NULL;

  if (t) {
    copy = malloc(strlen(t) + 1);
    if (copy)
      strcpy(copy, t);
  }
  *is_error = cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
  if (rpc_id)
    *rpc_id = fx_id_of(cJSON_GetNumberValue(cJSON_GetObjectItem(msg, "id")));
  cJSON_Delete(msg);
  return copy;
}

/* The parsed JSON of the tool result in message i; caller frees. */
static inline cJSON *fx_result_json(const fixture *f, int i)
{
  int err;
  char *t = fx_text(f, i, &err, NULL);
  const char *nl;
  cJSON *j;

  if (!t)
    return NULL;
  j = cJSON_Parse(t);
  if (!j && (nl = strchr(t, '\n')) != NULL)
    j = cJSON_Parse(nl + 1);
  free(t);
  return j;
}

/* How many times needle occurs in hay. */
static inline int fx_occurrences(const char *hay, const char *needle)
{
  int n = 0;
  size_t len = strlen(needle);

  while (hay && (hay = strstr(hay, needle)) != NULL) {
    n++;
    hay += len;
  }
  return n;
}

#endif
