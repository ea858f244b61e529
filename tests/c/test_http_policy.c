/*
 * test_http_policy.c - the HTTP policy of the core (API reference §2.2 and
 * §5): reading answers, rate-limit signals, back-off, retry rules per
 * method, timeouts, quota, and the error text a model reads. The first
 * part calls http.c directly; the rest drives a whole engine with a fake
 * clock and scripted answers.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "http.h"

/* a: the defaults. b: a short timeout and a small cap on each wait.
 * c: no retries at all. */
static const char *const config =
    "{\"defaultInstance\":\"a\",\"toolProfile\":\"full\",\"instances\":["
    "{\"name\":\"a\",\"apiUrl\":\"https://a.example.com/api/v2\","
    "\"apiTokenEnv\":\"A_TOKEN\"},"
    "{\"name\":\"b\",\"apiUrl\":\"https://b.example.com/api/v2\","
    "\"apiTokenEnv\":\"B_TOKEN\",\"timeoutMs\":1500,\"maxRetries\":5,"
    "\"maxBackoffMs\":4000},"
    "{\"name\":\"c\",\"apiUrl\":\"https://c.example.com/api/v2\","
    "\"apiTokenEnv\":\"C_TOKEN\",\"maxRetries\":0}]}";

static const char *const rl02_body =
    "{\"error\":{\"code\":\"RL02\",\"message\":\"Request limit reached\"}}";

/* ---- http.c on its own ------------------------------------------------ */

static void http_date_reads_the_three_forms(void)
{
  static const struct {
    const char *text;
    double ms;
  } cases[] = {
    { "Sun, 06 Nov 1994 08:49:37 GMT", 784111777000.0 },
    { "Sunday, 06-Nov-94 08:49:37 GMT", 784111777000.0 },
    { "Sun Nov  6 08:49:37 1994", 784111777000.0 },
    { "Thu, 01 Jan 1970 00:00:00 GMT", 0.0 },
    { "Tue, 29 Feb 2000 12:00:00 GMT", 951825600000.0 },
    { "Wed, 01 Mar 2100 00:00:00 GMT", 4107542400000.0 },
    { "Sun, 06 Nov 1994 08:49:37 UTC", -1 },
    { "Sun, 06 Nov 1994 08:49:37 GMT junk", -1 },
    { "Sun, 06 Foo 1994 08:49:37 GMT", -1 },
    { "Sun, 06 Nov 1994 25:49:37 GMT", -1 },
    { "tomorrow", -1 },
    { "", -1 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double got = bm__http_date_ms(cases[i].text);

    CHECK(got == cases[i].ms);
    if (got != cases[i].ms)
      fprintf(stderr, "  date '%s' -> %.0f\n", cases[i].text, got);
  }
}

static void read_tells_each_outcome(void)
{
  static const struct {
    int status;
    const char *meta, *body;
    bm_outcome want;
    const char *code;
  } cases[] = {
    { 200, NULL, "{\"data\":[]}", BM_HTTP_OK, "" },
    { 204, NULL, NULL, BM_HTTP_OK, "" },
    { 429, NULL, NULL, BM_HTTP_RATE_LIMIT, "" },
    { 429, NULL, rl02_body, BM_HTTP_RATE_LIMIT, "RL02" },
    { 400, NULL, rl02_body, BM_HTTP_RATE_LIMIT, "RL02" },
    { 400, NULL, "{\"error\":\"RL02\"}", BM_HTTP_RATE_LIMIT, "RL02" },
    { 503, NULL, "{\"error\":\"RL02\"}", BM_HTTP_RATE_LIMIT, "RL02" },
    { 403, NULL,
      "{\"error\":{\"code\":403,\"message\":\"You have exceeded "
      "the Rate Limit\"}}",
      BM_HTTP_RATE_LIMIT, "403" },
    { 400, NULL, "{\"error\":\"Request limit exceeded, slow down\"}",
      BM_HTTP_RATE_LIMIT, "" },
    { 400, NULL,
      "{\"error\":{\"code\":\"BS05\",\"message\":\"BS05 - The "
      "board has not been archived\"}}",
      BM_HTTP_FAILED, "BS05" },
    { 404, NULL, "not json at all", BM_HTTP_FAILED, "" },
    { 500, NULL, NULL, BM_HTTP_TRANSIENT, "" },
    { 503, NULL, "<html>busy</html>", BM_HTTP_TRANSIENT, "" },
    { 0, "{\"error\":\"timeout\"}", NULL, BM_HTTP_TRANSIENT, "" },
    { 0, "{\"error\":\"network\"}", NULL, BM_HTTP_TRANSIENT, "" },
    { 0, NULL, NULL, BM_HTTP_TRANSIENT, "" },
    { 0, "{\"error\":\"too_large\"}", NULL, BM_HTTP_FAILED, "" },
    { 200, NULL, "{\"data\":{\"user_", BM_HTTP_TRANSIENT, "" },
    { 200, NULL, "<html>proxy</html>", BM_HTTP_TRANSIENT, "" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bm_http_result r;
    const char *m = cases[i].meta, *b = cases[i].body;

    bm__http_read(&r, cases[i].status, m, m ? strlen(m) : 0, b,
                  b ? strlen(b) : 0, 0);
    CHECK(r.outcome == cases[i].want);
    CHECK_STR(r.api_code, cases[i].code);
    if (r.outcome != cases[i].want)
      fprintf(stderr, "  case %zu: outcome %d\n", i, (int)r.outcome);
    bm__http_result_free(&r);
  }
}

static void read_takes_a_message_without_its_code(void)
{
  bm_http_result r;
  const char *b = "{\"error\":{\"code\":\"BS05\",\"message\":\"BS05 - The "
                  "board has not been archived\",\"reference\":\"x\"}}";

  bm__http_read(&r, 400, NULL, 0, b, strlen(b), 0);
  CHECK_STR(r.api_message, "The board has not been archived");
  bm__http_result_free(&r);
}

static void oversize_answer_is_final(void)
{
  size_t n = BM_MAX_RESPONSE_BYTES + 1;
  char *big = malloc(n);
  bm_http_result r;

  if (!big) {
    CHECK(0);
    return;
  }
  memset(big, ' ', n);
  bm__http_read(&r, 200, NULL, 0, big, n, 0);
  CHECK(r.outcome == BM_HTTP_FAILED);
  CHECK_CONTAINS(r.api_message, "larger than");
  bm__http_result_free(&r);
  free(big);
}

static void retry_after_reads_seconds_and_dates(void)
{
  static const struct {
    const char *value;
    double now;
    long long want;
  } cases[] = {
    { "2", 0, 2000 },
    { " 3 ", 0, 3000 },
    { "0", 0, 0 },
    { "1.5", 0, -1 },
    { "0x10", 0, -1 },
    { "-1", 0, -1 },
    { "99999999999999999999999", 0, 86400000 },
    { "Sun, 06 Nov 1994 08:49:37 GMT", 784111777000.0 - 5000, 5000 },
    { "Sun, 06 Nov 1994 08:49:37 GMT", 784111777000.0 + 5000, 0 },
    { "Sun Nov  6 08:49:37 1994", 784111777000.0 - 250, 250 },
    { "Sun, 06 Nov 1994 08:49:37 GMT", 0, 86400000 },
    { "soon", 0, -1 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char meta[256];
    bm_http_result r;

    snprintf(meta, sizeof meta, "{\"headers\":{\"retry-after\":\"%s\"}}",
             cases[i].value);
    bm__http_read(&r, 429, meta, strlen(meta), NULL, 0, cases[i].now);
    CHECK(r.retry_after_ms == cases[i].want);
    if (r.retry_after_ms != cases[i].want)
      fprintf(stderr, "  retry-after '%s' -> %lld\n", cases[i].value,
              r.retry_after_ms);
    bm__http_result_free(&r);
  }
}

static void backoff_doubles_with_jitter_under_the_cap(void)
{
  bm_http_result r;
  int attempt;

  memset(&r, 0, sizeof r);
  r.retry_after_ms = -1;
  for (attempt = 1; attempt <= 12; attempt++) {
    double base = 1000.0 * (1 << (attempt - 1));
    long long lo, hi;

    if (base > 60000)
      base = 60000;
    lo = bm__http_backoff_ms(&r, attempt, 60000, 0.0);
    hi = bm__http_backoff_ms(&r, attempt, 60000, 0.999999);
    CHECK(lo == (long long)(base / 2));
    CHECK(hi <= (long long)base && hi > (long long)(base * 0.99));
  }
  CHECK(bm__http_backoff_ms(&r, 1000000, 60000, 0.5) <= 60000);
  CHECK(bm__http_backoff_ms(&r, 0, 60000, 0.0) == 500);

  r.retry_after_ms = 2000;
  CHECK(bm__http_backoff_ms(&r, 1, 60000, 0.3) == 3000);
  r.retry_after_ms = 600000;
  CHECK(bm__http_backoff_ms(&r, 1, 60000, 0.3) == 61000);
  r.retry_after_ms = 0;
  CHECK(bm__http_backoff_ms(&r, 3, 60000, 0.3) == 1000);
}

/* The error text of one scripted answer. */
static void error_text_of(bm_buf *out, int status, const char *meta,
                          const char *body, const char *method,
                          const char *path)
{
  bm_instance in;
  bm_http_result r;

  memset(&in, 0, sizeof in);
  in.name = "prod";
  in.token_env = "PROD_TOKEN";
  bm_policy_defaults(&in.policy);
  bm__http_read(&r, status, meta, meta ? strlen(meta) : 0, body,
                body ? strlen(body) : 0, 0);
  bm_buf_reset(out);
  bm__http_error_text(out, &r, &in, method, path);
  bm__http_result_free(&r);
}

static void error_text_is_one_plain_line(void)
{
  static const struct {
    int status;
    const char *meta, *body, *method, *path;
    const char *want[3];
  } cases[] = {
    { 400,
      NULL,
      "{\"error\":{\"code\":\"BS05\",\"message\":\"BS05 - The "
      "board has not been archived\"}}",
      "DELETE",
      "/boards/3",
      { "BusinessMap API 400 BS05: The board has not been archived" } },
    { 409,
      NULL,
      "{\"error\":{\"code\":409,\"message\":\"Already there\"}}",
      "POST",
      "/cards/4/comments",
      { "BusinessMap API 409: Already there" } },
    { 401,
      NULL,
      "{\"error\":{\"code\":\"AU01\",\"message\":\"bad key\"}}",
      "GET",
      "/me",
      { "BusinessMap API 401 AU01: the API token of instance 'prod' "
        "(variable PROD_TOKEN) was rejected" } },
    { 404,
      NULL,
      "{\"error\":{\"code\":404,\"message\":\"Not here\"}}",
      "GET",
      "/cards/5/comments/9?x=1",
      { "BusinessMap API 404: Not here (not found: comment 9 of card 5; "
        "GET /cards/5/comments/9)" } },
    { 404,
      NULL,
      NULL,
      "GET",
      "/boards/12/lanes",
      { "BusinessMap API 404: Not Found (not found: board 12; "
        "GET /boards/12/lanes)" } },
    { 404,
      NULL,
      NULL,
      "GET",
      "/info",
      { "BusinessMap API 404: Not Found (not found: GET /info)" } },
    { 503,
      NULL,
      NULL,
      "GET",
      "/me",
      { "BusinessMap API 503: Service Unavailable" } },
    { 503,
      NULL,
      NULL,
      "POST",
      "/cards",
      { "BusinessMap API 503", "may have been applied", "list_cards" } },
    { 0,
      "{\"error\":\"timeout\"}",
      NULL,
      "PATCH",
      "/cards/8",
      { "timed out after 30000 ms (PATCH /cards/8)", "may have been applied",
        "get_card" } },
    { 0,
      "{\"error\":\"network\"}",
      NULL,
      "POST",
      "/cards/8/comments",
      { "could not be reached (network; POST /cards/8/comments)",
        "get_card_comments" } },
    { 200,
      NULL,
      "{\"data\":[{\"card_",
      "POST",
      "/cards",
      { "BusinessMap API 200",
        "was applied, but its answer could not be "
        "read",
        "list_cards" } },
    { 429,
      NULL,
      rl02_body,
      "POST",
      "/boards/2/lanes",
      { "BusinessMap API 429 RL02: Request limit reached",
        "Nothing was applied", "'prod' is still rate-limited" } },
  };
  bm_buf out;
  size_t i;
  int k;

  bm_buf_init(&out, 4096);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    error_text_of(&out, cases[i].status, cases[i].meta, cases[i].body,
                  cases[i].method, cases[i].path);
    for (k = 0; k < 3 && cases[i].want[k]; k++)
      CHECK_CONTAINS(out.data, cases[i].want[k]);
    CHECK(fx_occurrences(out.data, "BusinessMap API") == 1);
    CHECK(!strchr(out.data, '\n'));
  }
  bm_buf_free(&out);
}

/* ---- whole engine: rate limits ---------------------------------------- */

/* Answers the only request in flight. */
static void answer(fixture *f, int status, const char *meta, const char *body)
{
  fx_respond(f, fx_http_id(f, 0), status, meta, body);
}

/* Ends the call with a success; checks there was exactly one result. */
static void expect_success(fixture *f)
{
  int err = 1;
  char *t = fx_text(f, 0, &err, NULL);

  CHECK(fx_count(f, "messages") == 1);
  CHECK(t && !err);
  if (err)
    fprintf(stderr, "  unexpected error: %s\n", t ? t : "(none)");
  free(t);
}

static void each_rate_limit_signal_waits_then_retries(void)
{
  static const struct {
    int status;
    const char *meta, *body;
    double lo, hi;
  } cases[] = {
    { 429, "{\"headers\":{\"retry-after\":\"1\"}}", rl02_body, 2000, 2000 },
    /* The fixture's clock starts at 1970-01-01T00:16:40Z. */
    { 429,
      "{\"headers\":{\"retry-after\":\"Thu, 01 Jan 1970 00:16:45 "
      "GMT\"}}",
      rl02_body, 6000, 6000 },
    { 429,
      "{\"headers\":{\"retry-after\":\"Thursday, 01-Jan-70 00:16:50 "
      "GMT\"}}",
      NULL, 11000, 11000 },
    { 400, NULL, rl02_body, 500, 1000 },
    { 429, "{\"headers\":{\"retry-after\":\"0\"}}", "{\"error\":\"RL02\"}",
      1000, 1000 },
    { 400, NULL, "{\"error\":\"RL02\"}", 500, 1000 },
    { 403, NULL,
      "{\"error\":{\"code\":403,\"message\":\"You have exceeded "
      "the rate limit for API requests\"}}",
      500, 1000 },
    { 400, NULL,
      "{\"error\":{\"code\":\"X1\",\"message\":\"Request limit "
      "reached\"}}",
      500, 1000 },
    { 429, NULL, NULL, 500, 1000 },
  };
  static const struct {
    const char *tool, *args, *method, *ok;
  } calls[] = {
    { "get_current_user", NULL, "GET", "{\"data\":{\"user_id\":1}}" },
    { "create_card", "{\"title\":\"x\",\"column_id\":1}", "POST",
      "{\"data\":[{\"card_id\":1}]}" },
  };
  size_t i, k;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    for (k = 0; k < sizeof calls / sizeof calls[0]; k++) {
      fixture f;
      char url[256];
      double d;

      fx_setup(&f, config);
      fx_call(&f, calls[k].tool, calls[k].args);
      snprintf(url, sizeof url, "%s", fx_http_field(&f, 0, "url"));
      answer(&f, cases[i].status, cases[i].meta, cases[i].body);
      CHECK(fx_count(&f, "messages") == 0);
      CHECK(fx_count(&f, "http") == 0);
      CHECK(fx_count(&f, "timers") == 1);
      d = fx_timer_delay(&f, 0);
      CHECK(d >= cases[i].lo && d <= cases[i].hi);
      if (d < cases[i].lo || d > cases[i].hi)
        fprintf(stderr, "  signal %zu (%s): waited %.0f ms\n", i,
                calls[k].method, d);
      f.now += d;
      fx_fire(&f, fx_timer_id(&f, 0));
      CHECK(fx_count(&f, "http") == 1);
      CHECK_STR(fx_http_field(&f, 0, "method"), calls[k].method);
      CHECK_STR(fx_http_field(&f, 0, "url"), url);
      answer(&f, 200, NULL, calls[k].ok);
      expect_success(&f);
      fx_teardown(&f);
    }
}

static void backoff_without_retry_after_doubles_and_is_capped(void)
{
  /* Instance b: 5 retries, each wait capped at 4 s. */
  static const double base[] = { 1000, 2000, 4000, 4000, 4000 };
  fixture f;
  double seen_lo = 1, seen_hi = 0;
  int i, err;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "get_current_user", "{\"instance\":\"b\"}");
  for (i = 0; i < 5; i++) {
    double d, frac;

    answer(&f, 503, NULL, NULL);
    CHECK(fx_count(&f, "timers") == 1);
    d = fx_timer_delay(&f, 0);
    frac = d / base[i];
    CHECK(frac >= 0.5 && frac <= 1.0);
    seen_lo = frac < seen_lo ? frac : seen_lo;
    seen_hi = frac > seen_hi ? frac : seen_hi;
    f.now += d;
    fx_fire(&f, fx_timer_id(&f, 0));
    CHECK(fx_count(&f, "http") == 1);
  }
  /* The host's seed drives the jitter: the waits are not all alike. */
  CHECK(seen_hi - seen_lo > 0.01);
  answer(&f, 503, NULL, NULL);
  CHECK(fx_count(&f, "timers") == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK(err);
  CHECK_CONTAINS(t, "BusinessMap API 503");
  free(t);
  fx_teardown(&f);
}

static void long_retry_after_is_capped(void)
{
  static const struct {
    const char *instance;
    double want;
  } cases[] = {
    { "a", 61000 },
    { "b", 5000 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    char args[64];

    fx_setup(&f, config);
    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", cases[i].instance);
    fx_call(&f, "get_current_user", args);
    answer(&f, 429, "{\"headers\":{\"retry-after\":\"600\"}}", rl02_body);
    CHECK(fx_timer_delay(&f, 0) == cases[i].want);
    fx_teardown(&f);
  }
}

static void rate_limit_retries_are_bounded(void)
{
  fixture f;
  int i, err, sent = 1;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "create_card", "{\"title\":\"x\",\"column_id\":1}");
  for (i = 0; i < 3; i++) {
    answer(&f, 429, "{\"headers\":{\"retry-after\":\"1\"}}", rl02_body);
    CHECK(fx_count(&f, "timers") == 1);
    f.now += fx_timer_delay(&f, 0);
    fx_fire(&f, fx_timer_id(&f, 0));
    sent += fx_count(&f, "http");
  }
  answer(&f, 429, "{\"headers\":{\"retry-after\":\"1\"}}", rl02_body);
  CHECK(sent == 4);
  CHECK(fx_count(&f, "timers") == 0);
  CHECK(fx_count(&f, "http") == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK(err);
  CHECK_CONTAINS(t, "BusinessMap API 429 RL02");
  CHECK_CONTAINS(t, "Nothing was applied");
  free(t);
  fx_teardown(&f);
}

static void no_retries_when_the_instance_allows_none(void)
{
  fixture f;
  int err;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "get_current_user", "{\"instance\":\"c\"}");
  answer(&f, 429, NULL, rl02_body);
  CHECK(fx_count(&f, "timers") == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK(err);
  free(t);
  fx_teardown(&f);
}

static void a_rate_limited_instance_holds_new_requests(void)
{
  fixture f;
  int timer, i, urls = 0;

  fx_setup(&f, config);
  fx_call(&f, "get_board", "{\"board_id\":1}");
  answer(&f, 429, "{\"headers\":{\"retry-after\":\"2\"}}", rl02_body);
  timer = fx_timer_id(&f, 0);
  /* Instance a waits; instance b is not held. */
  fx_call(&f, "get_board", "{\"board_id\":2}");
  CHECK(fx_count(&f, "http") == 0);
  fx_call(&f, "get_board", "{\"board_id\":3,\"instance\":\"b\"}");
  CHECK(fx_count(&f, "http") == 1);
  f.now += 3000;
  fx_fire(&f, timer);
  CHECK(fx_count(&f, "http") == 2);
  for (i = 0; i < fx_count(&f, "http"); i++) {
    const char *u = fx_http_field(&f, i, "url");

    urls += u && strstr(u, "a.example.com/api/v2/boards/") != NULL;
  }
  CHECK(urls == 2);
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://a.example.com/api/v2/boards/1");
  fx_teardown(&f);
}

/* A hold ends when its timer fires, even when the call that set it was
 * cancelled in the meantime. */
static void a_hold_outlives_a_cancelled_call(void)
{
  fixture f;
  int first, timer;

  fx_setup(&f, config);
  first = fx_call(&f, "get_board", "{\"board_id\":1}");
  answer(&f, 429, "{\"headers\":{\"retry-after\":\"1\"}}", rl02_body);
  timer = fx_timer_id(&f, 0);
  fx_cancel(&f, first);
  fx_call(&f, "get_board", "{\"board_id\":2}");
  CHECK(fx_count(&f, "http") == 0);
  f.now += 2000;
  fx_fire(&f, timer);
  CHECK(fx_count(&f, "http") == 1);
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://a.example.com/api/v2/boards/2");
  fx_teardown(&f);
}

/* ---- whole engine: unknown outcomes ----------------------------------- */

static void write_with_unknown_outcome_is_never_repeated(void)
{
  static const struct {
    const char *tool, *args;
    int status;
    const char *meta, *body, *verify;
  } cases[] = {
    { "create_card", "{\"title\":\"x\",\"column_id\":1}", 0,
      "{\"error\":\"timeout\"}", NULL, "list_cards" },
    { "create_card", "{\"title\":\"x\",\"column_id\":1}", 0,
      "{\"error\":\"network\"}", NULL, "list_cards" },
    { "create_card", "{\"title\":\"x\",\"column_id\":1}", 503, NULL, NULL,
      "list_cards" },
    { "create_card", "{\"title\":\"x\",\"column_id\":1}", 500, NULL,
      "{\"error\":{\"code\":500,\"message\":\"oops\"}}", "list_cards" },
    { "update_workspace", "{\"workspace_id\":1,\"name\":\"N\"}", 0,
      "{\"error\":\"timeout\"}", NULL, "list_workspaces" },
    { "update_workspace", "{\"workspace_id\":1,\"name\":\"N\"}", 502, NULL,
      "<html>bad gateway</html>", "list_workspaces" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    int err;
    char *t;

    fx_setup(&f, config);
    fx_call(&f, cases[i].tool, cases[i].args);
    CHECK(fx_count(&f, "http") == 1);
    answer(&f, cases[i].status, cases[i].meta, cases[i].body);
    CHECK(fx_count(&f, "http") == 0);
    CHECK(fx_count(&f, "timers") == 0);
    t = fx_text(&f, 0, &err, NULL);
    CHECK(err);
    CHECK_CONTAINS(t, "may have been applied");
    CHECK_CONTAINS(t, cases[i].verify);
    CHECK(fx_occurrences(t, "BusinessMap API") == 1);
    free(t);
    fx_teardown(&f);
  }
}

static void answered_write_with_unreadable_body_is_not_repeated(void)
{
  fixture f;
  int err;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "create_card", "{\"title\":\"x\",\"column_id\":1}");
  answer(&f, 200, NULL, "{\"data\":[{\"card_id\":");
  CHECK(fx_count(&f, "timers") == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK(err);
  CHECK_CONTAINS(t, "The write was applied");
  CHECK_CONTAINS(t, "list_cards");
  free(t);
  fx_teardown(&f);
}

static void put_and_delete_are_retried_after_5xx(void)
{
  static const struct {
    const char *tool, *method;
  } cases[] = {
    { "add_card_parent", "PUT" },
    { "remove_card_parent", "DELETE" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    int k;

    fx_setup(&f, config);
    fx_call(&f, cases[i].tool, "{\"card_id\":5,\"parent_card_id\":6}");
    CHECK_STR(fx_http_field(&f, 0, "method"), cases[i].method);
    for (k = 0; k < 2; k++) {
      answer(&f, k ? 0 : 503, k ? "{\"error\":\"network\"}" : NULL, NULL);
      CHECK(fx_count(&f, "messages") == 0);
      CHECK(fx_count(&f, "timers") == 1);
      f.now += fx_timer_delay(&f, 0);
      fx_fire(&f, fx_timer_id(&f, 0));
      CHECK(fx_count(&f, "http") == 1);
      CHECK_STR(fx_http_field(&f, 0, "method"), cases[i].method);
      CHECK_STR(fx_http_field(&f, 0, "url"),
                "https://a.example.com/api/v2/cards/5/parents/6");
    }
    answer(&f, 204, NULL, NULL);
    expect_success(&f);
    fx_teardown(&f);
  }
}

static void repeated_delete_that_finds_nothing_says_why(void)
{
  fixture f;
  char *text;
  int err;

  fx_setup(&f, config);
  fx_call(&f, "remove_card_parent", "{\"card_id\":5,\"parent_card_id\":6}");
  answer(&f, 0, "{\"error\":\"timeout\"}", NULL);
  f.now += fx_timer_delay(&f, 0);
  fx_fire(&f, fx_timer_id(&f, 0));
  answer(&f, 404, NULL,
         "{\"error\":{\"code\":404,\"message\":"
         "\"Not found\"}}");
  text = fx_text(&f, 0, &err, NULL);
  CHECK(err);
  CHECK_CONTAINS(text, "probably removed it already");
  free(text);
  fx_teardown(&f);
}

static void get_is_retried_after_network_errors_and_bad_bodies(void)
{
  static const struct {
    int status;
    const char *meta, *body;
  } fails[] = {
    { 0, "{\"error\":\"network\"}", NULL },
    { 0, "{\"error\":\"timeout\"}", NULL },
    { 200, NULL, "{\"data\":{\"user_" },
  };
  fixture f;
  size_t i;
  int sent = 1;

  fx_setup(&f, config);
  fx_call(&f, "get_board", "{\"board_id\":4}");
  for (i = 0; i < sizeof fails / sizeof fails[0]; i++) {
    answer(&f, fails[i].status, fails[i].meta, fails[i].body);
    CHECK(fx_count(&f, "timers") == 1);
    f.now += fx_timer_delay(&f, 0);
    fx_fire(&f, fx_timer_id(&f, 0));
    sent += fx_count(&f, "http");
  }
  CHECK(sent == 4);
  answer(&f, 200, NULL, "{\"data\":{\"board_id\":4}}");
  expect_success(&f);
  fx_teardown(&f);
}

/* ---- whole engine: timeout, quota, error texts ------------------------ */

static void timeout_is_set_per_instance(void)
{
  fixture f;
  int err;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "get_board", "{\"board_id\":4}");
  CHECK(fx_http_num(&f, 0, "timeoutMs") == 30000);
  answer(&f, 200, NULL, "{\"data\":{}}");
  fx_call(&f, "get_board", "{\"board_id\":4,\"instance\":\"b\"}");
  CHECK(fx_http_num(&f, 0, "timeoutMs") == 1500);
  CHECK_STR(fx_http_field(&f, 0, "instance"), "b");
  fx_teardown(&f);

  /* A POST that timed out says how long it waited. */
  fx_setup(&f, config);
  fx_call(&f, "create_card",
          "{\"title\":\"x\",\"column_id\":1,\"instance\":\"b\"}");
  answer(&f, 0, "{\"error\":\"timeout\"}", NULL);
  t = fx_text(&f, 0, &err, NULL);
  CHECK_CONTAINS(t, "timed out after 1500 ms");
  free(t);
  fx_teardown(&f);
}

static void quota_warns_once_at_80_percent(void)
{
  static const struct {
    int remaining, warns;
  } steps[] = {
    { 121, 0 }, { 120, 1 }, { 100, 0 }, { 300, 0 }, { 60, 1 },
  };
  fixture f;
  size_t i;
  cJSON *info, *quota;

  fx_setup(&f, config);
  for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    char meta[160], args[64];

    snprintf(args, sizeof args, "{\"board_id\":%zu}", i + 1);
    fx_call(&f, "get_board", args);
    snprintf(meta, sizeof meta,
             "{\"headers\":{\"x-ratelimitperhour-"
             "limit\":\"600\",\"x-ratelimitperhour-remaining\":\"%d\"}}",
             steps[i].remaining);
    answer(&f, 200, meta, "{\"data\":{}}");
    CHECK(fx_logged(&f, "warn", "hourly API quota") == steps[i].warns);
  }
  fx_call(&f, "get_instance_info", "{\"instance\":\"a\"}");
  info = fx_result_json(&f, 0);
  quota = cJSON_GetObjectItem(info, "quota");
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(quota, "limitPerHour")) ==
        600);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(quota, "remaining")) == 60);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(info, "requests")) == 5);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(
            cJSON_GetObjectItem(info, "http"), "timeoutMs")) == 30000);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void api_errors_reach_the_model_once(void)
{
  static const struct {
    const char *tool, *args;
    int status;
    const char *body, *want;
  } cases[] = {
    { "get_current_user", "{\"instance\":\"b\"}", 401,
      "{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}",
      "BusinessMap API 401: the API token of instance 'b' (variable "
      "B_TOKEN) was rejected" },
    { "get_workspace", "{\"workspace_id\":7}", 404,
      "{\"error\":{\"code\":404,\"message\":\"Not found\"}}",
      "not found: workspace 7; GET /workspaces/7" },
    { "update_workspace", "{\"workspace_id\":7,\"name\":\"n\"}", 400,
      "{\"error\":{\"code\":\"WS01\",\"message\":\"WS01 - Name taken\"}}",
      "BusinessMap API 400 WS01: Name taken" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    int err;
    char *t;

    fx_setup(&f, config);
    fx_call(&f, cases[i].tool, cases[i].args);
    answer(&f, cases[i].status, NULL, cases[i].body);
    CHECK(fx_count(&f, "timers") == 0);
    t = fx_text(&f, 0, &err, NULL);
    CHECK(err);
    CHECK_CONTAINS(t, cases[i].want);
    CHECK(fx_occurrences(t, "BusinessMap API") == 1);
    free(t);
    fx_teardown(&f);
  }
}

int main(void)
{
  http_date_reads_the_three_forms();
  read_tells_each_outcome();
  read_takes_a_message_without_its_code();
  oversize_answer_is_final();
  retry_after_reads_seconds_and_dates();
  backoff_doubles_with_jitter_under_the_cap();
  error_text_is_one_plain_line();
  each_rate_limit_signal_waits_then_retries();
  backoff_without_retry_after_doubles_and_is_capped();
  long_retry_after_is_capped();
  rate_limit_retries_are_bounded();
  no_retries_when_the_instance_allows_none();
  a_rate_limited_instance_holds_new_requests();
  a_hold_outlives_a_cancelled_call();
  write_with_unknown_outcome_is_never_repeated();
  answered_write_with_unreadable_body_is_not_repeated();
  put_and_delete_are_retried_after_5xx();
  repeated_delete_that_finds_nothing_says_why();
  get_is_retried_after_network_errors_and_bad_bodies();
  timeout_is_set_per_instance();
  quota_warns_once_at_80_percent();
  api_errors_reach_the_model_once();
  return check_report();
}
