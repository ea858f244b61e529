/*
 * test_engine.c - the engine driven through whole conversations: JSON-RPC
 * messages in, scripted HTTP responses and a fake clock, effects out.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cJSON.h"
#include "engine.h"
#include "fixture.h"

static const char *const three_instances =
    "{\"defaultInstance\":\"prod\",\"instances\":["
    "{\"name\":\"dev\",\"apiUrl\":\"https://dev.example.com/api/v2\","
    "\"apiTokenEnv\":\"DEV_TOKEN\"},"
    "{\"name\":\"staging\",\"apiUrl\":\"https://stg.example.com/api/v2\","
    "\"apiTokenEnv\":\"STG_TOKEN\"},"
    "{\"name\":\"prod\",\"apiUrl\":\"https://prod.example.com/api/v2\","
    "\"apiTokenEnv\":\"PROD_TOKEN\",\"readOnlyMode\":true}]}";

/* The token variables three_instances names, all set. */
static const char *const three_tokens[] = {
  "DEV_TOKEN",
  "STG_TOKEN",
  "PROD_TOKEN",
  NULL,
};

static void setup(fixture *f, const char *config, const char *env)
{
  fx_setup_with(f, config, env, three_tokens);
}

/* The text of the tools/call result in message 0; caller frees. */
static char *tool_text(const fixture *f, int *is_error)
{
  return fx_text(f, 0, is_error, NULL);
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

    fx_engine(&f, three_instances, NULL, three_tokens);
    snprintf(msg, sizeof msg,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
             "\"initialize\",\"params\":{\"protocolVersion\":\"%s\"}}",
             cases[i].asked);
    fx_send(&f, msg);
    m = fx_message(&f, 0);
    res = cJSON_GetObjectItem(m, "result");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(res, "protocolVersion")),
              cases[i].answered);
    CHECK_CONTAINS(
        cJSON_GetStringValue(cJSON_GetObjectItem(res, "instructions")),
        "default 'prod'");
    cJSON_Delete(m);
    fx_teardown(&f);
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
    fx_send(&f, cases[i].msg);
    CHECK(fx_error_code(&f, 0) == cases[i].code);
    fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}");
    CHECK(fx_count(&f, "messages") == 1);
    fx_teardown(&f);
  }
}

static void requests_before_initialize_are_refused(void)
{
  fixture f;

  fx_engine(&f, three_instances, NULL, three_tokens);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
  CHECK(fx_error_code(&f, 0) == -32600);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  CHECK(fx_count(&f, "messages") == 0);
  fx_teardown(&f);
}

static void tool_call_routes_to_the_named_instance(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_board\",\"arguments\":"
              "{\"board_id\":\"12\",\"instance\":\" staging \"}}}");
  CHECK(fx_count(&f, "http") == 1);
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://stg.example.com/api/v2/boards/12");
  CHECK_STR(fx_http_field(&f, 0, "credential"), "STG_TOKEN");
  CHECK_STR(fx_http_field(&f, 0, "instance"), "staging");
  fx_respond(&f, fx_http_id(&f, 0), 200, "{\"headers\":{}}",
             "{\"data\":{\"board_id\":12,\"name\":\"Ops\"}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"board_id\":12,\"name\":\"Ops\"}");
  free(text);

  /* Without an instance the default is used. */
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"list_workspaces\"}}");
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://prod.example.com/api/v2/workspaces");
  fx_teardown(&f);
}

static void unknown_instance_fails_before_any_request(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_board\",\"arguments\":"
              "{\"board_id\":1,\"instance\":\"qa\"}}}");
  CHECK(fx_count(&f, "http") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "Instance 'qa' not found");
  CHECK_CONTAINS(text, "dev, staging, prod");
  free(text);
  fx_teardown(&f);
}

static void read_only_instance_refuses_writes(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"create_card\",\"arguments\":"
              "{\"title\":\"x\",\"column_id\":1}}}");
  CHECK(fx_count(&f, "http") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "read-only mode (instance 'prod')");
  free(text);
  fx_teardown(&f);
}

static void create_card_takes_the_first_of_the_array(void)
{
  fixture f;
  int err;
  char *text;
  cJSON *body;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"create_card\",\"arguments\":"
              "{\"title\":\"  Fix login  \",\"column_id\":\"5\","
              "\"color\":\"#F00\",\"instance\":\"dev\"}}}");
  CHECK_STR(fx_http_field(&f, 0, "method"), "POST");
  body = cJSON_Parse(fx_http_field(&f, 0, "body"));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(body, "title")),
            "Fix login");
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(body, "column_id")) == 5);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(body, "color")), "ff0000");
  CHECK(!cJSON_GetObjectItem(body, "instance"));
  cJSON_Delete(body);
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL,
             "{\"data\":[{\"card_id\":77,\"title\":\"Fix login\"}]}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "Card created successfully:\n"
                  "{\"card_id\":77,\"title\":\"Fix login\"}");
  free(text);
  fx_teardown(&f);
}

static void list_cards_surfaces_pagination(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"list_cards\",\"arguments\":"
              "{\"board_id\":3,\"lane_ids\":[4,4,5],\"page\":2}}}");
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://prod.example.com/api/v2/cards?lane_ids=4,5"
            "&board_ids=3&page=2&per_page=50");
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL,
             "{\"data\":{\"pagination\":{\"all_pages\":3,\"current_page\":2,"
             "\"results_per_page\":50},\"data\":[{\"card_id\":9,\"title\":"
             "\"t\",\"description\":\"long\",\"lane_id\":4}]}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"data\":[{\"card_id\":9,\"title\":\"t\",\"lane_id\":4}"
                  "],\"pagination\":{\"all_pages\":3,\"current_page\":2,"
                  "\"results_per_page\":50}}");
  free(text);
  fx_teardown(&f);
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
    fx_send(&f, msg);
    CHECK(fx_count(&f, "http") == 0);
    text = tool_text(&f, &err);
    CHECK(err);
    CHECK_CONTAINS(text, "Invalid argument");
    free(text);
    fx_teardown(&f);
  }
}

static void rate_limit_waits_then_retries(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\"}}");
  fx_respond(&f, fx_http_id(&f, 0), 429,
             "{\"headers\":{\"retry-after\":\"2\"}}",
             "{\"error\":{\"code\":\"RL02\",\"message\":\"Request limit\"}}");
  CHECK(fx_count(&f, "messages") == 0);
  CHECK(fx_count(&f, "timers") == 1);
  CHECK(fx_timer_delay(&f, 0) == 3000);
  f.now += 3000;
  fx_fire(&f, fx_timer_id(&f, 0));
  CHECK(fx_count(&f, "http") == 1);
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL, "{\"data\":{\"user_id\":1}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"user_id\":1}");
  free(text);
  fx_teardown(&f);
}

static void failed_post_is_never_repeated(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"create_card\",\"arguments\":"
              "{\"title\":\"x\",\"column_id\":1,\"instance\":\"dev\"}}}");
  fx_respond(&f, fx_http_id(&f, 0), 0, "{\"error\":\"timeout\"}", NULL);
  CHECK(fx_count(&f, "http") == 0);
  CHECK(fx_count(&f, "timers") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "may have been applied");
  CHECK_CONTAINS(text, "list_cards");
  free(text);
  fx_teardown(&f);
}

static void get_is_retried_a_bounded_number_of_times(void)
{
  fixture f;
  int err, i;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\"}}");
  for (i = 0; i < 3; i++) {
    fx_respond(&f, fx_http_id(&f, 0), 503, NULL, NULL);
    CHECK(fx_count(&f, "timers") == 1);
    fx_fire(&f, fx_timer_id(&f, 0));
    CHECK(fx_count(&f, "http") == 1);
  }
  fx_respond(&f, fx_http_id(&f, 0), 503, NULL, NULL);
  CHECK(fx_count(&f, "timers") == 0);
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "BusinessMap API 503");
  free(text);
  fx_teardown(&f);
}

static void unauthorized_names_the_variable_not_the_value(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\","
              "\"arguments\":{\"instance\":\"dev\"}}}");
  fx_respond(&f, fx_http_id(&f, 0), 401, NULL,
             "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}");
  text = tool_text(&f, &err);
  CHECK(err);
  CHECK_CONTAINS(text, "instance 'dev' (variable DEV_TOKEN) was rejected");
  free(text);
  fx_teardown(&f);
}

static void global_read_only_hides_writes(void)
{
  fixture f;
  cJSON *m;
  char *s;

  setup(&f, three_instances, "{\"BUSINESSMAP_READ_ONLY_MODE\":\"true\"}");
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
  m = fx_message(&f, 0);
  CHECK(m != NULL);
  s = cJSON_PrintUnformatted(m ? m : f.fx);
  CHECK(strstr(s, "\"get_card\"") != NULL);
  CHECK(strstr(s, "\"create_card\"") == NULL);
  free(s);
  cJSON_Delete(m);
  fx_teardown(&f);
}

static void health_check_reports_without_error(void)
{
  fixture f;
  int err;
  char *text;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"health_check\"}}");
  CHECK_STR(fx_http_field(&f, 0, "url"), "https://prod.example.com/api/v2/me");
  fx_respond(&f, fx_http_id(&f, 0), 404, NULL,
             "{\"error\":{\"code\":\"NF\",\"message\":\"nope\"}}");
  text = tool_text(&f, &err);
  CHECK(!err);
  CHECK_CONTAINS(text, "BusinessMap API Health: Unhealthy (");
  free(text);
  fx_teardown(&f);
}

static void cancelled_call_aborts_its_request(void)
{
  fixture f;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":\"c1\",\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\"}}");
  CHECK(fx_count(&f, "http") == 1);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              "\"params\":{\"requestId\":\"c1\"}}");
  CHECK(fx_count(&f, "cancel") == 1);
  CHECK(fx_count(&f, "messages") == 0);
  fx_respond(&f, 1, 200, NULL, "{\"data\":{}}");
  CHECK(fx_count(&f, "messages") == 0);
  fx_teardown(&f);
}

static void logs_reach_the_client_once_it_asks(void)
{
  fixture f;
  const char *quota = "{\"headers\":{\"x-ratelimitperhour-limit\":\"100\","
                      "\"x-ratelimitperhour-remaining\":\"5\"}}";
  cJSON *m;

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\"}}");
  fx_respond(&f, fx_http_id(&f, 0), 200, quota, "{\"data\":{\"user_id\":1}}");
  CHECK(fx_count(&f, "messages") == 1); /* the result only */
  fx_teardown(&f);

  setup(&f, three_instances, NULL);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
              "\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}");
  CHECK(fx_error_code(&f, 0) == -32602);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":"
              "\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
  m = fx_message(&f, 0);
  CHECK(cJSON_IsObject(cJSON_GetObjectItem(m, "result")));
  cJSON_Delete(m);
  fx_send(&f, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
              "\"params\":{\"name\":\"get_current_user\"}}");
  fx_respond(&f, fx_http_id(&f, 0), 200, quota, "{\"data\":{\"user_id\":1}}");
  CHECK(fx_count(&f, "messages") == 2); /* the warning, then the result */
  m = fx_message(&f, 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(m, "method")),
            "notifications/message");
  CHECK_STR(cJSON_GetStringValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(m, "params"), "level")),
            "warning");
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(
                     cJSON_GetObjectItem(m, "params"), "data")),
                 "hourly API quota");
  cJSON_Delete(m);
  fx_teardown(&f);
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
