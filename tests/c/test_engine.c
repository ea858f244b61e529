/*
 * test_engine.c - the engine driven through whole conversations: JSON-RPC
 * messages in, scripted HTTP responses and a fake clock, effects out.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cJSON.h"
#include "engine.h"

static const char *const three_instances =
    "{\"defaultInstance\":\"prod\",\"instances\":["
    "{\"name\":\"dev\",\"apiUrl\":\"https://dev.example.com/api/v2\","
    "\"apiTokenEnv\":\"DEV_TOKEN\"},"
    "{\"name\":\"staging\",\"apiUrl\":\"https://stg.example.com/api/v2\","
    "\"apiTokenEnv\":\"STG_TOKEN\"},"
    "{\"name\":\"prod\",\"apiUrl\":\"https://prod.example.com/api/v2\","
    "\"apiTokenEnv\":\"PROD_TOKEN\",\"readOnlyMode\":true}]}";

/* The engine under test with its last effects, parsed. */
typedef struct fixture {
  bm_engine *e;
  cJSON *fx;
  double now;
} fixture;

static bm_engine *engine_for(const char *config, const char *env)
{
  cJSON *s = cJSON_CreateObject();
  cJSON *vars = cJSON_AddArrayToObject(s, "setVars");
  char *text;
  bm_engine *e;

  cJSON_AddStringToObject(s, "configText", config);
  cJSON_AddStringToObject(s, "configSource", "test.json");
  cJSON_AddItemToObject(s, "env", cJSON_Parse(env ? env : "{}"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("DEV_TOKEN"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("STG_TOKEN"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("PROD_TOKEN"));
  cJSON_AddNumberToObject(s, "seed", 7);
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

static void send(fixture *f, const char *msg)
{
  size_t len;
  const char *out = bm_engine_message(f->e, f->now, msg, strlen(msg), &len);

  take(f, out, len);
}

static void respond(fixture *f, int id, int status, const char *meta,
                    const char *body)
{
  size_t len;
  const char *out = bm_engine_http_response(f->e, f->now, id, status, meta,
                                            meta ? strlen(meta) : 0, body,
                                            body ? strlen(body) : 0, &len);

  take(f, out, len);
}

static void fire(fixture *f, int timer)
{
  size_t len;
  const char *out = bm_engine_timer(f->e, f->now, timer, &len);

  take(f, out, len);
}

static int count(const fixture *f, const char *section)
{
  return cJSON_GetArraySize(cJSON_GetObjectItem(f->fx, section));
}

static const cJSON *http(const fixture *f, int i)
{
  return cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "http"), i);
}

static const char *http_field(const fixture *f, int i, const char *k)
{
  return cJSON_GetStringValue(cJSON_GetObjectItem(http(f, i), k));
}

static int http_id(const fixture *f, int i)
{
  return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(http(f, i), "id"));
}

/* The first outbound message, parsed; caller frees. */
static cJSON *message(const fixture *f, int i)
{
  const cJSON *m =
      cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "messages"), i);

  return m ? cJSON_Parse(m->valuestring) : NULL;
}

/* The text of a tools/call result in message 0; *is_error set. */
static char *tool_text(const fixture *f, int *is_error)
{
  cJSON *m = message(f, 0);
  cJSON *res = cJSON_GetObjectItem(m, "result");
  cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
  const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));
  char *copy = t ? strcpy(malloc(strlen(t) + 1), t) : NULL;

  *is_error = cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
  cJSON_Delete(m);
  return copy;
}

static int error_code(const fixture *f)
{
  cJSON *m = message(f, 0);
  int code = (int)cJSON_GetNumberValue(
      cJSON_GetObjectItem(cJSON_GetObjectItem(m, "error"), "code"));

  cJSON_Delete(m);
  return code;
}

static void setup(fixture *f, const char *config, const char *env)
{
  memset(f, 0, sizeof *f);
  f->e = engine_for(config, env);
  send(f, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
          "\"params\":{\"protocolVersion\":\"2025-11-25\","
          "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\","
          "\"version\":\"1\"}}}");
}

static void teardown(fixture *f)
{
  cJSON_Delete(f->fx);
  bm_engine_free(f->e);
}

static void initialize_negotiates_version(void)
{
  static const struct {
    const char *asked, *answered;
  } cases[] = {
    { "2025-11-25", "2025-11-25" }, { "2025-06-18", "2025-06-18" },
    { "2025-03-26", "2025-03-26" }, { "2024-11-05", "2025-11-25" },
    { "1999-01-01", "2025-11-25" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    char msg[256];
    cJSON *m, *res;

    memset(&f, 0, sizeof f);
    f.e = engine_for(three_instances, NULL);
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
             "\"initialize\",\"params\":{\"protocolVersion\":\"%s\"}}",
             cases[i].asked);
    send(&f, msg);
    m = message(&f, 0);
    res = cJSON_GetObjectItem(m, "result");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(res, "protocolVersion")),
              cases[i].answered);
    CHECK_CONTAINS(
        cJSON_GetStringValue(cJSON_GetObjectItem(res, "instructions")),
        "default 'prod'");
    cJSON_Delete(m);
    teardown(&f);
  }
}

static void json_rpc_errors_follow_the_spec(void)
{
  static const struct {
    const char *msg;
    int code;
  } cases[] = {
    { "{not json", -32700 },
    { "[]", -32600 },
    { "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", -32600 },
    { "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", -32600 },
    { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", -32600 },
    { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope/nope\"}", -32601 },
    { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
      "\"params\":{\"name\":\"no_such_tool\"}}",
      -32602 },
    { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
      "\"params\":{\"name\":\"get_card\",\"arguments\":[1]}}",
      -32602 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;

    setup(&f, three_instances, NULL);
    send(&f, cases[i].msg);
    CHECK(error_code(&f) == cases[i].code);
    send(&f, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}");
    CHECK(count(&f, "messages") == 1);
    teardown(&f);
  }
}

static void requests_before_initialize_are_refused(void)
{
  fixture f;

  memset(&f, 0, sizeof f);
  f.e = engine_for(three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
  CHECK(error_code(&f) == -32600);
  send(&f, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  CHECK(count(&f, "messages") == 0);
  teardown(&f);
}

static void tool_call_routes_to_the_named_instance(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_board\",\"arguments\":"
           "{\"board_id\":\"12\",\"instance\":\" staging \"}}}");
  CHECK(count(&f, "http") == 1);
  CHECK_STR(http_field(&f, 0, "url"),
            "https://stg.example.com/api/v2/boards/12");
  CHECK_STR(http_field(&f, 0, "credential"), "STG_TOKEN");
  CHECK_STR(http_field(&f, 0, "instance"), "staging");
  respond(&f, http_id(&f, 0), 200, "{\"headers\":{}}",
          "{\"data\":{\"board_id\":12,\"name\":\"Ops\"}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"board_id\":12,\"name\":\"Ops\"}");
  free(text);

  /* Without an instance the default is used. */
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"list_workspaces\"}}");
  CHECK_STR(http_field(&f, 0, "url"),
            "https://prod.example.com/api/v2/workspaces");
  teardown(&f);
}

static void unknown_instance_fails_before_any_request(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_board\",\"arguments\":"
           "{\"board_id\":1,\"instance\":\"qa\"}}}");
  CHECK(count(&f, "http") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "Instance 'qa' not found");
  CHECK_CONTAINS(text, "dev, staging, prod");
  free(text);
  teardown(&f);
}

static void read_only_instance_refuses_writes(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"create_card\",\"arguments\":"
           "{\"title\":\"x\",\"column_id\":1}}}");
  CHECK(count(&f, "http") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "read-only mode (instance 'prod')");
  free(text);
  teardown(&f);
}

static void create_card_takes_the_first_of_the_array(void)
{
  fixture f;
  int err;
  char *text;
  cJSON *body;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"create_card\",\"arguments\":"
           "{\"title\":\"  Fix login  \",\"column_id\":\"5\","
           "\"color\":\"#F00\",\"instance\":\"dev\"}}}");
  CHECK_STR(http_field(&f, 0, "method"), "POST");
  body = cJSON_Parse(http_field(&f, 0, "body"));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(body, "title")),
            "Fix login");
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(body, "column_id")) == 5);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(body, "color")), "ff0000");
  CHECK(!cJSON_GetObjectItem(body, "instance"));
  cJSON_Delete(body);
  respond(&f, http_id(&f, 0), 200, NULL,
          "{\"data\":[{\"card_id\":77,\"title\":\"Fix login\"}]}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "Card created successfully:\n"
                  "{\"card_id\":77,\"title\":\"Fix login\"}");
  free(text);
  teardown(&f);
}

static void list_cards_surfaces_pagination(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"list_cards\",\"arguments\":"
           "{\"board_id\":3,\"lane_ids\":[4,4,5],\"page\":2}}}");
  CHECK_STR(http_field(&f, 0, "url"),
            "https://prod.example.com/api/v2/cards?lane_ids=4,5"
            "&board_ids=3&page=2&per_page=50");
  respond(&f, http_id(&f, 0), 200, NULL,
          "{\"data\":{\"pagination\":{\"all_pages\":3,\"current_page\":2,"
          "\"results_per_page\":50},\"data\":[{\"card_id\":9,\"title\":"
          "\"t\",\"description\":\"long\",\"lane_id\":4}]}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"data\":[{\"card_id\":9,\"title\":\"t\",\"lane_id\":4}"
                  "],\"pagination\":{\"all_pages\":3,\"current_page\":2,"
                  "\"results_per_page\":50}}");
  free(text);
  teardown(&f);
}

static void bad_arguments_send_nothing(void)
{
  static const char *const calls[] = {
    "{\"name\":\"get_card\",\"arguments\":{}}",
    "{\"name\":\"get_card\",\"arguments\":{\"card_id\":0}}",
    "{\"name\":\"get_card\",\"arguments\":{\"card_id\":1.5}}",
    "{\"name\":\"get_card\",\"arguments\":{\"card_id\":1,\"bogus\":1}}",
    "{\"name\":\"list_cards\",\"arguments\":{\"board_id\":1,"
    "\"per_page\":5000}}",
    "{\"name\":\"list_cards\",\"arguments\":{\"board_id\":1,"
    "\"state\":\"gone\"}}",
    "{\"name\":\"get_card\",\"arguments\":{\"card_id\":1,\"instance\":7}}",
  };
  size_t i;

  for (i = 0; i < sizeof calls / sizeof calls[0]; i++) {
    fixture f;
    char msg[512];
    int err;
    char *text;

    setup(&f, three_instances, NULL);
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":"
             "\"tools/call\",\"params\":%s}",
             calls[i]);
    send(&f, msg);
    CHECK(count(&f, "http") == 0);
    text = tool_text(&f, &err);
    CHECK(err);
    CHECK_CONTAINS(text, "Invalid argument");
    free(text);
    teardown(&f);
  }
}

static void rate_limit_waits_then_retries(void)
{
  fixture f;
  int err, timer;
  char *text;
  const cJSON *t;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\"}}");
  respond(&f, http_id(&f, 0), 429, "{\"headers\":{\"retry-after\":\"2\"}}",
          "{\"error\":{\"code\":\"RL02\",\"message\":\"Request limit\"}}");
  CHECK(count(&f, "messages") == 0);
  CHECK(count(&f, "timers") == 1);
  t = cJSON_GetArrayItem(cJSON_GetObjectItem(f.fx, "timers"), 0);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(t, "delayMs")) == 3000);
  timer = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "id"));
  f.now = 3000;
  fire(&f, timer);
  CHECK(count(&f, "http") == 1);
  respond(&f, http_id(&f, 0), 200, NULL, "{\"data\":{\"user_id\":1}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"user_id\":1}");
  free(text);
  teardown(&f);
}

static void failed_post_is_never_repeated(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"create_card\",\"arguments\":"
           "{\"title\":\"x\",\"column_id\":1,\"instance\":\"dev\"}}}");
  respond(&f, http_id(&f, 0), 0, "{\"error\":\"timeout\"}", NULL);
  CHECK(count(&f, "http") == 0);
  CHECK(count(&f, "timers") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "may have been applied");
  CHECK_CONTAINS(text, "list_cards");
  free(text);
  teardown(&f);
}

static void get_is_retried_a_bounded_number_of_times(void)
{
  fixture f;
  int err, i;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\"}}");
  for (i = 0; i < 3; i++) {
    const cJSON *t;

    respond(&f, http_id(&f, 0), 503, NULL, NULL);
    CHECK(count(&f, "timers") == 1);
    t = cJSON_GetArrayItem(cJSON_GetObjectItem(f.fx, "timers"), 0);
    fire(&f, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(t, "id")));
    CHECK(count(&f, "http") == 1);
  }
  respond(&f, http_id(&f, 0), 503, NULL, NULL);
  CHECK(count(&f, "timers") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "BusinessMap API 503");
  free(text);
  teardown(&f);
}

static void unauthorized_names_the_variable_not_the_value(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\","
           "\"arguments\":{\"instance\":\"dev\"}}}");
  respond(&f, http_id(&f, 0), 401, NULL,
          "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}");
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "instance 'dev' (variable DEV_TOKEN) was rejected");
  free(text);
  teardown(&f);
}

static void global_read_only_hides_writes(void)
{
  fixture f;
  cJSON *m;
  char *s;

  setup(&f, three_instances, "{\"BUSINESSMAP_READ_ONLY_MODE\":\"true\"}");
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
  m = message(&f, 0);
  CHECK(m != NULL);
  s = cJSON_PrintUnformatted(m ? m : f.fx);
  CHECK(strstr(s, "\"get_card\"") != NULL);
  CHECK(strstr(s, "\"create_card\"") == NULL);
  free(s);
  cJSON_Delete(m);
  teardown(&f);
}

static void health_check_reports_without_error(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"health_check\"}}");
  CHECK_STR(http_field(&f, 0, "url"), "https://prod.example.com/api/v2/me");
  respond(&f, http_id(&f, 0), 404, NULL,
          "{\"error\":{\"code\":\"NF\",\"message\":\"nope\"}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_CONTAINS(text, "BusinessMap API Health: Unhealthy (");
  free(text);
  teardown(&f);
}

static void cancelled_call_aborts_its_request(void)
{
  fixture f;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\"}}");
  CHECK(count(&f, "http") == 1);
  send(&f, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
           "\"params\":{\"requestId\":\"c1\"}}");
  CHECK(count(&f, "cancel") == 1);
  CHECK(count(&f, "messages") == 0);
  respond(&f, 1, 200, NULL, "{\"data\":{}}");
  CHECK(count(&f, "messages") == 0);
  teardown(&f);
}

static void logs_reach_the_client_once_it_asks(void)
{
  fixture f;
  const char *quota = "{\"headers\":{\"x-ratelimitperhour-limit\":\"100\","
                      "\"x-ratelimitperhour-remaining\":\"5\"}}";
  cJSON *m;

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\"}}");
  respond(&f, http_id(&f, 0), 200, quota, "{\"data\":{\"user_id\":1}}");
  CHECK(count(&f, "messages") == 1); /* the result only */
  teardown(&f);

  setup(&f, three_instances, NULL);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
           "\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}");
  CHECK(error_code(&f) == -32602);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
           "\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
  m = message(&f, 0);
  CHECK(cJSON_IsObject(cJSON_GetObjectItem(m, "result")));
  cJSON_Delete(m);
  send(&f, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
           "\"params\":{\"name\":\"get_current_user\"}}");
  respond(&f, http_id(&f, 0), 200, quota, "{\"data\":{\"user_id\":1}}");
  CHECK(count(&f, "messages") == 2); /* the warning, then the result */
  m = message(&f, 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(m, "method")),
            "notifications/message");
  CHECK_STR(cJSON_GetStringValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(m, "params"), "level")),
            "warning");
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(
                     cJSON_GetObjectItem(m, "params"), "data")),
                 "hourly API quota");
  cJSON_Delete(m);
  teardown(&f);
}

int main(void)
{
  initialize_negotiates_version();
  json_rpc_errors_follow_the_spec();
  requests_before_initialize_are_refused();
  tool_call_routes_to_the_named_instance();
  unknown_instance_fails_before_any_request();
  read_only_instance_refuses_writes();
  create_card_takes_the_first_of_the_array();
  list_cards_surfaces_pagination();
  bad_arguments_send_nothing();
  rate_limit_waits_then_retries();
  failed_post_is_never_repeated();
  get_is_retried_a_bounded_number_of_times();
  unauthorized_names_the_variable_not_the_value();
  global_read_only_hides_writes();
  health_check_reports_without_error();
  cancelled_call_aborts_its_request();
  logs_reach_the_client_once_it_asks();
  return check_report();
}
