/*
 * fuzz_driver.h - what the engine fuzz targets share: building an engine
 * from a start-up document, feeding it, and checking each effects document
 * it returns.
 *
 * The checks are the invariants of engine.h that hold for any input: every
 * effects document is a JSON object, every outbound message is a JSON-RPC
 * 2.0 object with an id (or a notification) and never both a result and
 * an error, every HTTP request names a credential variable, every timer
 * has a delay that is not negative. A broken invariant calls abort(),
 * which libFuzzer reports as a crash.
 *
 * Memory: a driver owns its engine and the id lists; driver_free releases
 * both. Header-only, static functions: each target is one program.
 */
#ifndef BM_FUZZ_DRIVER_H
#define BM_FUZZ_DRIVER_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "engine.h"

#define DRIVER_IDS_MAX 512
#define DRIVER_FULL_CHECK_BYTES 32768

typedef struct driver {
  bm_engine *e;
  double now;
  int http[DRIVER_IDS_MAX]; /* requests in flight, oldest first */
  int nhttp;
  int timers[DRIVER_IDS_MAX]; /* retry timers not yet fired */
  int ntimers;
  long long replies; /* JSON-RPC messages seen */
  int unique_ids;    /* 1: a numeric id 1..255 is answered once */
  unsigned char answered[256];
} driver;

static void driver_fail(const char *what, const char *doc, size_t len)
{
  fprintf(stderr, "fuzz invariant broken: %s\n%.*s\n", what,
          (int)(len > 2000 ? 2000 : len), doc ? doc : "");
  abort();
}

static void id_push(int *ids, int *n, int id)
{
  if (*n < DRIVER_IDS_MAX)
    ids[(*n)++] = id;
}

static void id_drop(int *ids, int *n, int id)
{
  int i;

  for (i = 0; i < *n; i++)
    if (ids[i] == id) {
      memmove(ids + i, ids + i + 1, (size_t)(*n - i - 1) * sizeof *ids);
      (*n)--;
      return;
    }
}

static void check_message(driver *d, const char *text)
{
  cJSON *m = cJSON_Parse(text);
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(m, "jsonrpc");
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(m, "id");

  if (!cJSON_IsObject(m) || !cJSON_IsString(ver) ||
      strcmp(ver->valuestring, "2.0") != 0)
    driver_fail("a message is not a JSON-RPC 2.0 object", text, strlen(text));
  if (!cJSON_GetObjectItemCaseSensitive(m, "method") &&
      !cJSON_GetObjectItemCaseSensitive(m, "id"))
    driver_fail("a reply has no id", text, strlen(text));
  if (cJSON_GetObjectItemCaseSensitive(m, "result") &&
      cJSON_GetObjectItemCaseSensitive(m, "error"))
    driver_fail("a reply has both result and error", text, strlen(text));
  if (d->unique_ids && cJSON_IsNumber(id) && id->valuedouble >= 1 &&
      id->valuedouble < 256) {
    if (d->answered[(int)id->valuedouble]++)
      driver_fail("a request was answered twice", text, strlen(text));
  }
  cJSON_Delete(m);
}

/* Parses one effects document, checks it, and records its ids. A large
 * document (tools/list, a long result) is only checked for its framing
 * unless it carries requests or timers: parsing 100 KB of instrumented
 * JSON per feed would slow the fuzzer ten times for little gain. */
static void driver_take(driver *d, const char *out, size_t len)
{
  cJSON *fx, *it;

  if (out == NULL)
    driver_fail("a feed returned NULL", NULL, 0);
  /* Inside the messages, quotes are escaped: "http" cannot occur. */
  if (len > DRIVER_FULL_CHECK_BYTES &&
      strncmp(out, "{\"messages\":[", 13) == 0 && out[len - 1] == '}' &&
      strstr(out, "\"http\":[") == NULL &&
      strstr(out, "\"timers\":[") == NULL) {
    d->replies++;
    return;
  }
  fx = cJSON_ParseWithLength(out, len);
  if (!cJSON_IsObject(fx))
    driver_fail("the effects are not a JSON object", out, len);
  cJSON_ArrayForEach (it, cJSON_GetObjectItemCaseSensitive(fx, "messages")) {
    if (!cJSON_IsString(it))
      driver_fail("a message is not a string", out, len);
    check_message(d, it->valuestring);
    d->replies++;
  }
  cJSON_ArrayForEach (it, cJSON_GetObjectItemCaseSensitive(fx, "http")) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
    const cJSON *cred = cJSON_GetObjectItemCaseSensitive(it, "credential");

    if (!cJSON_IsNumber(id) || !cJSON_IsString(cred))
      driver_fail("an HTTP request lacks id or credential", out, len);
    id_push(d->http, &d->nhttp, (int)id->valuedouble);
  }
  cJSON_ArrayForEach (it, cJSON_GetObjectItemCaseSensitive(fx, "timers")) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(it, "delayMs");

    if (!cJSON_IsNumber(id) || !cJSON_IsNumber(ms) || ms->valuedouble < 0)
      driver_fail("a timer lacks id or a delay", out, len);
    id_push(d->timers, &d->ntimers, (int)id->valuedouble);
  }
  cJSON_ArrayForEach (it, cJSON_GetObjectItemCaseSensitive(fx, "cancel"))
    id_drop(d->http, &d->nhttp, (int)it->valuedouble);
  cJSON_Delete(fx);
}

static void driver_message(driver *d, const char *msg, size_t len)
{
  size_t n;
  const char *out = bm_engine_message(d->e, d->now, msg, len, &n);

  driver_take(d, out, n);
}

static void driver_messages(driver *d, const char *msg)
{
  driver_message(d, msg, strlen(msg));
}

/* Answers request id; it leaves the in-flight list first, since the
 * engine forgets it whatever the answer is. */
static void driver_respond(driver *d, int id, int status, const char *meta,
                           size_t meta_len, const char *body, size_t body_len)
{
  size_t n;
  const char *out;

  id_drop(d->http, &d->nhttp, id);
  out = bm_engine_http_response(d->e, d->now, id, status, meta, meta_len, body,
                                body_len, &n);
  driver_take(d, out, n);
}

static void driver_fire(driver *d, int id)
{
  size_t n;
  const char *out;

  id_drop(d->timers, &d->ntimers, id);
  out = bm_engine_timer(d->e, d->now, id, &n);
  driver_take(d, out, n);
}

/* Builds the start-up document around a configuration and environment
 * (a JSON object text) and makes the engine. The token variables are
 * named as set; their values never reach the core. */
static int driver_start(driver *d, const char *config, const char *env)
{
  cJSON *s = cJSON_CreateObject();
  cJSON *vars = cJSON_AddArrayToObject(s, "setVars");
  char *text;

  memset(d, 0, sizeof *d);
  d->now = 1.7e12;
  if (config)
    cJSON_AddStringToObject(s, "configText", config);
  cJSON_AddStringToObject(s, "configSource", "fuzz.json");
  cJSON_AddItemToObject(s, "env", cJSON_Parse(env ? env : "{}"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("BM_TOKEN_DEV"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("BM_TOKEN_PROD"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("BM_TOKEN_RO"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("BUSINESSMAP_API_TOKEN"));
  cJSON_AddNumberToObject(s, "seed", 11);
  text = cJSON_PrintUnformatted(s);
  cJSON_Delete(s);
  if (!text)
    return -1;
  d->e = bm_engine_new(text, strlen(text));
  free(text);
  if (!d->e)
    return -1;
  if (!bm_engine_config_ok(d->e)) {
    size_t n;
    const char *p = bm_engine_problems(d->e, &n);

    driver_fail("the fuzz configuration is invalid", p, n);
  }
  return 0;
}

static void driver_free(driver *d)
{
  bm_engine_free(d->e);
  d->e = NULL;
}

/* Three instances, the last read-only, the first the default. */
static const char *const driver_config =
    "{\"version\":\"1.0\",\"defaultInstance\":\"dev\","
    "\"http\":{\"maxRetries\":2,\"maxBackoffMs\":5000},"
    "\"instances\":["
    "{\"name\":\"dev\",\"apiUrl\":\"https://dev.example.com/api/v2\","
    "\"apiTokenEnv\":\"BM_TOKEN_DEV\",\"defaultWorkspaceId\":3},"
    "{\"name\":\"prod\",\"apiUrl\":\"https://prod.example.com/api/v2/\","
    "\"apiTokenEnv\":\"BM_TOKEN_PROD\",\"tags\":[\"live\"]},"
    "{\"name\":\"ro\",\"apiUrl\":\"https://ro.example.com/api/v2\","
    "\"apiTokenEnv\":\"BM_TOKEN_RO\",\"readOnlyMode\":true}]}";

static const char *const driver_initialize =
    "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\","
    "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
    "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}";

#endif
