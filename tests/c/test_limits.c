/*
 * test_limits.c - every named limit of the core, exceeded once: what the
 * caller gets back must be a clear error, and the engine must go on
 * answering afterwards. Also the regressions of inputs the fuzzers found.
 * docs/limits.md lists the same limits with their defaults.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cache.h"
#include "check.h"
#include "cJSON.h"
#include "config.h"
#include "engine.h"
#include "jsonpos.h"

static const char *const two_instances =
    "{\"defaultInstance\":\"a\",\"instances\":["
    "{\"name\":\"a\",\"apiUrl\":\"https://a.example.com/api/v2\","
    "\"apiTokenEnv\":\"A_TOKEN\"},"
    "{\"name\":\"b\",\"apiUrl\":\"https://b.example.com/api/v2\","
    "\"apiTokenEnv\":\"B_TOKEN\"}]}";

/* The engine under test and its last effects, parsed. */
typedef struct fixture {
  bm_engine *e;
  cJSON *fx;
  double now;
} fixture;

static bm_engine *engine_for(const char *config, const char *seed_json)
{
  cJSON *s = cJSON_CreateObject();
  cJSON *vars = cJSON_AddArrayToObject(s, "setVars");
  char *text;
  bm_engine *e;

  cJSON_AddStringToObject(s, "configText", config);
  cJSON_AddStringToObject(s, "configSource", "limits.json");
  cJSON_AddItemToObject(s, "env",
                        cJSON_Parse("{\"BUSINESSMAP_TOOL_PROFILE\":"
                                    "\"full\"}"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("A_TOKEN"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("B_TOKEN"));
  cJSON_AddItemToObject(s, "seed", cJSON_Parse(seed_json ? seed_json : "3"));
  text = cJSON_PrintUnformatted(s);
  e = bm_engine_new(text, strlen(text));
  free(text);
  cJSON_Delete(s);
  return e;
}

static void take(fixture *f, const char *out, size_t len)
{
  cJSON_Delete(f->fx);
  f->fx = cJSON_ParseWithLength(out, len);
}

static void send_n(fixture *f, const char *msg, size_t n)
{
  size_t len;
  const char *out = bm_engine_message(f->e, f->now, msg, n, &len);

  take(f, out, len);
}

static void send(fixture *f, const char *msg)
{
  send_n(f, msg, strlen(msg));
}

static void respond(fixture *f, int id, int status, const char *body,
                    size_t body_len)
{
  size_t len;
  const char *out = bm_engine_http_response(
      f->e, f->now, id, status, "{\"headers\":{}}", 14, body, body_len, &len);

  take(f, out, len);
}

static int count(const fixture *f, const char *section)
{
  return cJSON_GetArraySize(cJSON_GetObjectItem(f->fx, section));
}

static int http_id(const fixture *f, int i)
{
  const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "http"), i);

  return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(h, "id"));
}

static const char *http_instance(const fixture *f, int i)
{
  const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "http"), i);

  return cJSON_GetStringValue(cJSON_GetObjectItem(h, "instance"));
}

/* Message i of the last effects, parsed; caller frees. */
static cJSON *message(const fixture *f, int i)
{
  const cJSON *m =
      cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "messages"), i);

  return m ? cJSON_Parse(m->valuestring) : NULL;
}

/* The JSON-RPC error code of message 0; 0 when it is not an error. */
static int error_code(const fixture *f)
{
  cJSON *m = message(f, 0);
  const cJSON *c = cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "code");
  int code = cJSON_IsNumber(c) ? c->valueint : 0;

  cJSON_Delete(m);
  return code;
}

/* The error message, or the text of a tool result, of message 0 into
 * buf; *is_error tells an isError result (or a JSON-RPC error). */
static const char *text_of(const fixture *f, char *buf, size_t n, int *is_error)
{
  cJSON *m = message(f, 0);
  cJSON *res = cJSON_GetObjectItem(m, "result");
  cJSON *err = cJSON_GetObjectItem(m, "error");
  cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
  const char *t =
      err ? cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"))
          : cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));

  snprintf(buf, n, "%s", t ? t : "");
  *is_error = err != NULL || cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
  cJSON_Delete(m);
  return buf;
}

/* True when a ping is still answered with an empty result. */
static int still_answers(fixture *f)
{
  cJSON *m, *res;
  int ok;

  send(f, "{\"jsonrpc\":\"2.0\",\"id\":\"alive\",\"method\":\"ping\"}");
  m = message(f, 0);
  res = cJSON_GetObjectItem(m, "result");
  ok = cJSON_IsObject(res) && res->child == NULL &&
       strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(m, "id")), "alive") == 0;
  cJSON_Delete(m);
  return ok;
}

static void setup(fixture *f)
{
  memset(f, 0, sizeof *f);
  f->e = engine_for(two_instances, NULL);
  send(f, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
          "\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
}

static void teardown(fixture *f)
{
  cJSON_Delete(f->fx);
  bm_engine_free(f->e);
}

/* A ping whose params hold a string of n bytes: n + 60 bytes in all. */
static char *padded_ping(size_t n, size_t *len)
{
  static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                             "\"ping\",\"params\":{\"pad\":\"";
  char *m = malloc(sizeof head + n + 4);

  memcpy(m, head, sizeof head - 1);
  memset(m + sizeof head - 1, 'x', n);
  memcpy(m + sizeof head - 1 + n, "\"}}", 3);
  *len = sizeof head - 1 + n + 3;
  return m;
}

static void message_over_the_size_cap_is_refused(void)
{
  fixture f;
  size_t len;
  char *big = padded_ping(BM_MAX_MESSAGE_BYTES, &len);
  char *fits = padded_ping(BM_MAX_MESSAGE_BYTES - 100, &len);
  cJSON *m;

  setup(&f);
  send_n(&f, big, BM_MAX_MESSAGE_BYTES + 1);
  CHECK(error_code(&f) == -32600);
  m = message(&f, 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(m, "id")));
  cJSON_Delete(m);
  CHECK(still_answers(&f));

  send_n(&f, fits, len);
  m = message(&f, 0);
  CHECK(cJSON_IsObject(cJSON_GetObjectItem(m, "result")));
  cJSON_Delete(m);
  free(big);
  free(fits);
  teardown(&f);
}

/* Nested arrays in params, depth levels deep in all (the object counts). */
static char *nested_ping(int depth)
{
  static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                             "\"ping\",\"params\":{\"a\":";
  size_t n = sizeof head - 1;
  char *m = malloc(n + 2 * (size_t)depth + 8);
  int i;

  memcpy(m, head, n);
  for (i = 0; i < depth - 2; i++)
    m[n++] = '[';
  for (i = 0; i < depth - 2; i++)
    m[n++] = ']';
  memcpy(m + n, "}}", 3);
  return m;
}

static void nesting_past_the_depth_cap_is_a_parse_error(void)
{
  fixture f;
  char *deep = nested_ping(BM_JSON_DEPTH_MAX + 1);
  char *ok = nested_ping(BM_JSON_DEPTH_MAX);
  char *very = nested_ping(10000);
  char buf[256];
  int is_error;

  setup(&f);
  send(&f, deep);
  CHECK(error_code(&f) == -32700);
  CHECK_CONTAINS(text_of(&f, buf, sizeof buf, &is_error), "nested too deeply");
  send(&f, very);
  CHECK(error_code(&f) == -32700);
  CHECK(still_answers(&f));
  send(&f, ok);
  CHECK(error_code(&f) == 0);
  free(deep);
  free(ok);
  free(very);
  teardown(&f);
}

static void strict_json_refuses_what_cjson_would_take(void)
{
  static const char *const cases[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"pi\001ng\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\xfe\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xc0\xaf\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":\"\\ud800\",\"method\":\"ping\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}",
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;

    setup(&f);
    send(&f, cases[i]);
    CHECK(error_code(&f) == -32700);
    CHECK(still_answers(&f));
    teardown(&f);
  }
}

static void a_nul_byte_ends_nothing_early(void)
{
  static const char msg[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                            "\"ping\"}\0{\"x\":1}";
  fixture f;

  setup(&f);
  send_n(&f, msg, sizeof msg - 1);
  CHECK(error_code(&f) == -32700);
  teardown(&f);
}

static void ids_that_cannot_be_echoed_are_invalid(void)
{
  fixture f;
  cJSON *m;

  setup(&f);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":1e400,\"method\":\"ping\"}");
  CHECK(error_code(&f) == -32600);
  m = message(&f, 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(m, "id")));
  cJSON_Delete(m);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":-1e300,\"method\":\"ping\"}");
  CHECK(error_code(&f) == 0);
  teardown(&f);
}

static void arguments_over_the_size_cap_are_refused(void)
{
  static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"
                             "\"tools/call\",\"params\":{\"name\":"
                             "\"create_card\",\"arguments\":{\"column_id\":"
                             "1,\"title\":\"";
  size_t n = BM_MAX_ARGS_BYTES + 10, len = sizeof head - 1;
  char *msg = malloc(len + n + 8), buf[512];
  int is_error;
  fixture f;

  memcpy(msg, head, len);
  memset(msg + len, 'x', n);
  memcpy(msg + len + n, "\"}}}", 5);
  setup(&f);
  send(&f, msg);
  CHECK(count(&f, "http") == 0);
  CHECK_CONTAINS(text_of(&f, buf, sizeof buf, &is_error), "larger than");
  CHECK(is_error);

  /* Under the cap, the title's own rule speaks. */
  memcpy(msg + len + 600, "\"}}}", 5);
  send(&f, msg);
  CHECK(count(&f, "http") == 0);
  CHECK_CONTAINS(text_of(&f, buf, sizeof buf, &is_error),
                 "must be 1 to 500 characters");
  CHECK(still_answers(&f));
  free(msg);
  teardown(&f);
}

static void huge_numbers_in_arguments_get_short_messages(void)
{
  fixture f;
  char buf[512];
  int is_error;

  setup(&f);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_card\",\"arguments\":"
           "{\"card_id\":1e308}}}");
  CHECK_CONTAINS(text_of(&f, buf, sizeof buf, &is_error), "(got 1e+308)");
  CHECK(is_error);
  CHECK(strlen(buf) < 120);
  teardown(&f);
}

static void response_over_the_size_cap_fails_the_call(void)
{
  size_t n = BM_MAX_RESPONSE_BYTES + 1;
  char *body = malloc(n), buf[512];
  int is_error;
  fixture f;

  memset(body, ' ', n);
  memcpy(body, "{\"data\":{}}", 11);
  setup(&f);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_card\",\"arguments\":"
           "{\"card_id\":7}}}");
  CHECK(count(&f, "http") == 1);
  respond(&f, http_id(&f, 0), 200, body, n);
  CHECK(count(&f, "http") == 0); /* not retried */
  CHECK_CONTAINS(text_of(&f, buf, sizeof buf, &is_error),
                 "larger than the server accepts");
  CHECK(is_error);
  CHECK(still_answers(&f));
  free(body);
  teardown(&f);
}

/* An answer of 16 MB of escaped quotes grows fourfold on its way into the
 * effects document: past its cap the reply used to vanish, leaving the
 * client waiting. It must become an error with the same id. */
static void an_answer_too_large_to_send_is_an_error(void)
{
  size_t n = BM_MAX_RESPONSE_BYTES, i = 9;
  char *body = malloc(n);
  fixture f;
  cJSON *m;

  memcpy(body, "{\"data\":\"", 9);
  while (i + 4 <= n) {
    body[i++] = '\\';
    body[i++] = '"';
  }
  body[i++] = '"';
  body[i++] = '}';
  setup(&f);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"list_users\"}}");
  CHECK(count(&f, "http") == 1);
  respond(&f, http_id(&f, 0), 200, body, i);
  CHECK(count(&f, "messages") == 1);
  CHECK(error_code(&f) == -32603);
  m = message(&f, 0);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(m, "id")) == 77);
  cJSON_Delete(m);
  CHECK(still_answers(&f));
  free(body);
  teardown(&f);
}

/* Sends n get_card calls with ids from first, on instance name. */
static int start_reads(fixture *f, int first, int n, const char *name)
{
  char msg[256];
  int i, sent = 0;

  for (i = 0; i < n; i++) {
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
             "\"tools/call\",\"params\":{\"name\":\"get_card\","
             "\"arguments\":{\"card_id\":%d,\"instance\":\"%s\"}}}",
             first + i, first + i, name);
    send(f, msg);
    sent += count(f, "http");
  }
  return sent;
}

static void inflight_requests_per_instance_are_queued(void)
{
  int n = BM_MAX_INFLIGHT_PER_INSTANCE;
  fixture f;
  cJSON *m;

  setup(&f);
  CHECK(start_reads(&f, 100, n + 4, "a") == n);
  /* Another instance has its own allowance. */
  CHECK(start_reads(&f, 500, 1, "b") == 1);
  CHECK_STR(http_instance(&f, 0), "b");

  /* One answer lets exactly one queued request go out. */
  respond(&f, 1, 200, "{\"data\":{\"card_id\":100}}", 24);
  CHECK(count(&f, "http") == 1);
  CHECK_STR(http_instance(&f, 0), "a");
  m = message(&f, 0);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(m, "id")) == 100);
  cJSON_Delete(m);
  teardown(&f);
}

static void calls_in_progress_are_capped(void)
{
  fixture f;
  char msg[256];
  int i;

  setup(&f);
  for (i = 0; i < BM_MAX_CALLS; i++) {
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
             "\"tools/call\",\"params\":{\"name\":\"get_card\","
             "\"arguments\":{\"card_id\":%d,\"instance\":\"%s\"}}}",
             1000 + i, 1 + i, i % 2 ? "a" : "b");
    send(&f, msg);
    CHECK(count(&f, "messages") == 0);
  }
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":\"one-more\",\"method\":"
           "\"tools/call\",\"params\":{\"name\":\"get_card\","
           "\"arguments\":{\"card_id\":1}}}");
  CHECK(error_code(&f) == -32603);
  CHECK(still_answers(&f));
  teardown(&f);
}

static void config_limits_are_reported(void)
{
  bm_config_env env;
  bm_config *cfg;
  size_t n = BM_MAX_CONFIG_BYTES + 1, i;
  char *text = malloc(n + 1);
  static const char *const vars[] = { "A_TOKEN" };
  char *many;
  size_t len = 0;

  memset(&env, 0, sizeof env);
  env.set_vars = vars;
  env.nset_vars = 1;
  env.check_token_vars = 1;

  memset(text, ' ', n);
  memcpy(text, "{\"instances\":[]}", 16);
  cfg = bm_config_load(text, n, "big.json", &env);
  CHECK(cfg->nproblems == 1);
  CHECK(cfg->problems[0].code == BM_E_LIMIT);
  bm_config_free(cfg);
  free(text);

  /* More instances than BM_MAX_INSTANCES. */
  many = malloc((size_t)(BM_MAX_INSTANCES + 1) * 120 + 64);
  len += (size_t)sprintf(many, "{\"instances\":[");
  for (i = 0; i <= BM_MAX_INSTANCES; i++)
    len += (size_t)sprintf(many + len,
                           "%s{\"name\":\"i%zu\",\"apiUrl\":"
                           "\"https://x.example.com\",\"apiTokenEnv\":"
                           "\"A_TOKEN\"}",
                           i ? "," : "", i);
  len += (size_t)sprintf(many + len, "]}");
  cfg = bm_config_load(many, len, "many.json", &env);
  CHECK(cfg->nproblems >= 1);
  CHECK(cfg->problems[0].code == BM_E_LIMIT);
  bm_config_free(cfg);

  /* More problems than BM_MAX_PROBLEMS: the rest are counted. */
  len = (size_t)sprintf(many, "{\"instances\":[");
  for (i = 0; i < 300; i++)
    len +=
        (size_t)sprintf(many + len, "%s{\"name\":\"bad name\"}", i ? "," : "");
  len += (size_t)sprintf(many + len, "]}");
  cfg = bm_config_load(many, len, "bad.json", &env);
  CHECK(cfg->nproblems == BM_MAX_PROBLEMS);
  CHECK(cfg->problems_dropped > 0);
  bm_config_free(cfg);
  free(many);
}

static void cache_stays_within_its_budget(void)
{
  bm_cache *c = bm_cache_new(8192, 2);
  char key[64], body[600];
  int i, stored = 0;

  memset(body, 'b', sizeof body);
  for (i = 0; i < 200; i++) {
    snprintf(key, sizeof key, "GET /boards/%d", i);
    stored += bm_cache_put(c, i % 2, key, 200, body, sizeof body, 0, 1e9);
    CHECK(bm_cache_bytes(c) <= 8192);
  }
  CHECK(stored == 200);
  /* An entry over its share of the budget is not kept at all. */
  {
    char *huge = calloc(1, 8192 / BM_CACHE_ENTRY_SHARE + 1);

    CHECK(bm_cache_put(c, 0, "GET /boards/huge", 200, huge,
                       8192 / BM_CACHE_ENTRY_SHARE + 1, 0, 1e9) == 0);
    free(huge);
  }
  CHECK(bm_cache_bytes(c) <= bm_cache_max_bytes(c));
  bm_cache_free(c);
}

/* Fuzz finding: a start-up seed past 2^64 was converted to an integer
 * type that cannot hold it (undefined behaviour). */
static void startup_seed_of_any_size_is_safe(void)
{
  static const char *const seeds[] = { "2.2e61", "-5", "1e400", "\"x\"" };
  size_t i;

  for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
    bm_engine *e = engine_for(two_instances, seeds[i]);

    CHECK(e != NULL && bm_engine_config_ok(e));
    bm_engine_free(e);
  }
}

int main(void)
{
  message_over_the_size_cap_is_refused();
  nesting_past_the_depth_cap_is_a_parse_error();
  strict_json_refuses_what_cjson_would_take();
  a_nul_byte_ends_nothing_early();
  ids_that_cannot_be_echoed_are_invalid();
  arguments_over_the_size_cap_are_refused();
  huge_numbers_in_arguments_get_short_messages();
  response_over_the_size_cap_fails_the_call();
  an_answer_too_large_to_send_is_an_error();
  inflight_requests_per_instance_are_queued();
  calls_in_progress_are_capped();
  config_limits_are_reported();
  cache_stays_within_its_budget();
  startup_seed_of_any_size_is_safe();
  return check_report();
}
