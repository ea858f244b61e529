/*
 * test_flows.c - the shared flows (flows.c) driven through the engine:
 * a tools/call in, the requests it asks for answered from a script, the
 * result out. The driver keeps every request still unanswered, so a test
 * can answer them in any order and check how many were in flight.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cJSON.h"
#include "engine.h"

#define BASE "https://dev.example.com/api/v2"
#define MAX_OPEN 64
#define MAX_SEEN 512

static const char *const config =
    "{\"defaultInstance\":\"dev\",\"instances\":[{\"name\":\"dev\","
    "\"apiUrl\":\"" BASE "\",\"apiTokenEnv\":\"DEV_TOKEN\"}]}";

typedef struct request {
  int id;
  char method[8];
  char path[256];
  char *body;
} request;

typedef struct driver {
  bm_engine *e;
  request open[MAX_OPEN]; /* sent, not answered yet */
  int nopen;
  int most_open;            /* the largest nopen seen */
  char seen[MAX_SEEN][300]; /* "METHOD path" of every request */
  int nseen;
  char *text; /* the tools/call result, once it came */
  int is_error;
} driver;

/* Takes the effects of one feed: new requests and a tool result. */
static void take(driver *d, const char *out, size_t len)
{
  cJSON *fx = cJSON_ParseWithLength(out, len);
  const cJSON *h, *m;

  cJSON_ArrayForEach (h, cJSON_GetObjectItem(fx, "http")) {
    request *q = &d->open[d->nopen++];
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(h, "url"));
    const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(h, "body"));

    q->id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(h, "id"));
    snprintf(q->method, sizeof q->method, "%s",
             cJSON_GetStringValue(cJSON_GetObjectItem(h, "method")));
    snprintf(q->path, sizeof q->path, "%s", url + strlen(BASE));
    q->body = body ? strcpy(malloc(strlen(body) + 1), body) : NULL;
    if (d->nseen < MAX_SEEN)
      snprintf(d->seen[d->nseen++], sizeof d->seen[0], "%s %s", q->method,
               q->path);
  }
  if (d->nopen > d->most_open)
    d->most_open = d->nopen;
  cJSON_ArrayForEach (m, cJSON_GetObjectItem(fx, "messages")) {
    cJSON *msg = cJSON_Parse(m->valuestring);
    cJSON *res = cJSON_GetObjectItem(msg, "result");
    cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));

    if (t && cJSON_GetObjectItem(msg, "id") &&
        cJSON_GetNumberValue(cJSON_GetObjectItem(msg, "id")) == 9) {
      free(d->text);
      d->text = strcpy(malloc(strlen(t) + 1), t);
      d->is_error = cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
    }
    cJSON_Delete(msg);
  }
  cJSON_Delete(fx);
}

static void start(driver *d)
{
  const char *boot =
      "{\"configText\":null,\"env\":{\"BUSINESSMAP_TOOL_PROFILE\":\"full\"},"
      "\"setVars\":[\"DEV_TOKEN\"],\"seed\":3}";
  cJSON *s = cJSON_Parse(boot);
  const char *init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
                     "\"initialize\",\"params\":{\"protocolVersion\":"
                     "\"2025-11-25\"}}";
  char *text;
  size_t len;
  const char *out;

  memset(d, 0, sizeof *d);
  cJSON_ReplaceItemInObject(s, "configText", cJSON_CreateString(config));
  text = cJSON_PrintUnformatted(s);
  d->e = bm_engine_new(text, strlen(text));
  free(text);
  cJSON_Delete(s);
  out = bm_engine_message(d->e, 0, init, strlen(init), &len);
  take(d, out, len);
}

static void stop(driver *d)
{
  int i;

  for (i = 0; i < d->nopen; i++)
    free(d->open[i].body);
  free(d->text);
  bm_engine_free(d->e);
}

/* Sends tools/call (id 9) of `tool` with arguments given as JSON. */
static void call(driver *d, const char *tool, const char *args)
{
  char msg[4096];
  size_t len;
  const char *out;

  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
           "\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
           tool, args);
  out = bm_engine_message(d->e, 0, msg, strlen(msg), &len);
  take(d, out, len);
}

/* The open request with this method and path, or -1. */
static int find(const driver *d, const char *method, const char *path)
{
  int i;

  for (i = 0; i < d->nopen; i++)
    if (!strcmp(d->open[i].method, method) && !strcmp(d->open[i].path, path))
      return i;
  return -1;
}

/* Answers open request i (which must exist); body NULL means none. */
static void answer(driver *d, int i, int status, const char *body)
{
  request q;
  size_t len;
  const char *out;

  CHECK(i >= 0 && i < d->nopen);
  if (i < 0 || i >= d->nopen)
    return;
  q = d->open[i];
  memmove(&d->open[i], &d->open[i + 1],
          (size_t)(d->nopen - i - 1) * sizeof d->open[0]);
  d->nopen--;
  out = bm_engine_http_response(d->e, 0, q.id, status, "{\"headers\":{}}", 14,
                                body, body ? strlen(body) : 0, &len);
  free(q.body);
  take(d, out, len);
}

static void answer_to(driver *d, const char *method, const char *path,
                      int status, const char *body)
{
  int i = find(d, method, path);

  if (i < 0)
    fprintf(stderr, "no open request %s %s\n", method, path);
  answer(d, i, status, body);
}

/* The body of the open request i, parsed; caller frees. */
static cJSON *body_of(const driver *d, int i)
{
  return i >= 0 && d->open[i].body ? cJSON_Parse(d->open[i].body) : NULL;
}

/* The result JSON after an optional one-line summary; caller frees. */
static cJSON *result_json(const driver *d)
{
  const char *t = d->text, *nl;

  if (!t)
    return NULL;
  if (*t == '{' || *t == '[')
    return cJSON_Parse(t);
  nl = strchr(t, '\n');
  return nl ? cJSON_Parse(nl + 1) : NULL;
}

static int writes_seen(const driver *d)
{
  int i, n = 0;

  for (i = 0; i < d->nseen; i++)
    n += strncmp(d->seen[i], "GET ", 4) != 0;
  return n;
}

static const char *const linked_card =
    "{\"data\":{\"card_id\":5,\"title\":\"Old\",\"linked_cards\":"
    "[{\"card_id\":9,\"link_type\":\"child\"}]}}";

/* ---- F-UPDATE ---------------------------------------------------------- */

static void update_sends_current_links_with_the_change(void)
{
  driver d;
  cJSON *b, *r;
  int i;

  start(&d);
  call(&d, "update_card", "{\"id\":\"5\",\"title\":\"New\"}");
  CHECK(d.nopen == 1);
  CHECK_STR(d.open[0].method, "GET");
  CHECK_STR(d.open[0].path, "/cards/5");
  answer(&d, 0, 200, linked_card);
  i = find(&d, "PATCH", "/cards/5");
  CHECK(i == 0 && d.nopen == 1);
  b = body_of(&d, i);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(b, "title")), "New");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(b, "linked_cards")) == 1);
  CHECK(!cJSON_GetObjectItem(b, "card_id") && !cJSON_GetObjectItem(b, "id"));
  cJSON_Delete(b);
  answer(&d, i, 200, "{\"data\":[{\"card_id\":5,\"title\":\"New\"}]}");
  CHECK(!d.is_error);
  r = result_json(&d);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r, "title")), "New");
  CHECK(!cJSON_GetObjectItem(r, "subtasks"));
  cJSON_Delete(r);
  stop(&d);
}

static void update_sends_no_patch_when_the_read_fails(void)
{
  static const int statuses[] = { 404, 400, 401 };
  size_t k;

  for (k = 0; k < sizeof statuses / sizeof statuses[0]; k++) {
    driver d;

    start(&d);
    call(&d, "update_card", "{\"card_id\":5,\"size\":3}");
    answer(&d, 0, statuses[k],
           "{\"error\":{\"code\":\"NF\",\"message\":\"no card\"}}");
    CHECK(d.nopen == 0);
    CHECK(writes_seen(&d) == 0);
    CHECK(d.is_error);
    CHECK_CONTAINS(d.text, "Error updating card:");
    stop(&d);
  }
}

static void update_with_nothing_changed_answers_the_card_read(void)
{
  driver d;
  cJSON *r;

  start(&d);
  call(&d, "move_card", "{\"card_id\":5,\"column_id\":2,\"lane_id\":3}");
  answer(&d, 0, 200, linked_card);
  answer_to(&d, "PATCH", "/cards/5", 200, "{\"data\":[]}");
  r = result_json(&d);
  CHECK(!d.is_error);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(r, "title")), "Old");
  cJSON_Delete(r);
  stop(&d);
}

static void update_creates_subtasks_one_by_one(void)
{
  driver d;
  cJSON *r, *st, *b;
  int i;

  start(&d);
  call(&d, "update_card",
       "{\"card_id\":5,\"subtasks_to_add\":["
       "{\"description\":\"a\"},{\"description\":\"b\"}]}");
  answer(&d, 0, 200, linked_card);
  i = find(&d, "PATCH", "/cards/5");
  b = body_of(&d, i);
  CHECK(!cJSON_GetObjectItem(b, "subtasks_to_add"));
  cJSON_Delete(b);
  answer(&d, i, 200, "{\"data\":[{\"card_id\":5,\"title\":\"Old\"}]}");
  CHECK(d.nopen == 1);
  CHECK(find(&d, "POST", "/cards/5/subtasks") == 0);
  b = body_of(&d, 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(b, "description")), "a");
  cJSON_Delete(b);
  answer(&d, 0, 200, "{\"data\":{\"subtask_id\":1,\"description\":\"a\"}}");
  CHECK(d.nopen == 1 && !d.text);
  answer(&d, 0, 409, "{\"error\":{\"code\":\"CF\",\"message\":\"dup\"}}");
  CHECK(!d.is_error);
  r = result_json(&d);
  st = cJSON_GetObjectItem(r, "subtasks");
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(st, "created")) == 1);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(st, "failed"), 0),
            "index")) == 1);
  cJSON_Delete(r);
  stop(&d);
}

static void set_card_size_answers_a_sentence(void)
{
  driver d;

  start(&d);
  call(&d, "set_card_size", "{\"card_id\":5,\"size\":8}");
  answer(&d, 0, 200, linked_card);
  answer_to(&d, "PATCH", "/cards/5", 200,
            "{\"data\":[{\"card_id\":5,\"title\":\"Old\",\"size\":8}]}");
  CHECK_STR(d.text, "Card \"Old\" (ID: 5) size updated to: 8 points");
  stop(&d);
}

/* ---- F-ARCHDEL --------------------------------------------------------- */

static void delete_archives_then_deletes(void)
{
  driver d;
  cJSON *b;

  start(&d);
  call(&d, "delete_card", "{\"card_id\":7}");
  CHECK(d.nopen == 1);
  CHECK(find(&d, "PATCH", "/cards/7") == 0);
  b = body_of(&d, 0);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(b, "is_archived")) == 1);
  cJSON_Delete(b);
  answer(&d, 0, 200, "{\"data\":[{\"card_id\":7}]}");
  CHECK(find(&d, "DELETE", "/cards/7") == 0);
  answer(&d, 0, 204, NULL);
  CHECK(!d.is_error);
  CHECK_STR(d.text, "{\"card_id\":7}");
  CHECK_STR(d.seen[0], "PATCH /cards/7");
  CHECK_STR(d.seen[1], "DELETE /cards/7");
  stop(&d);
}

static void failed_archive_deletes_nothing(void)
{
  driver d;

  start(&d);
  call(&d, "delete_card", "{\"card_id\":7}");
  answer(&d, 0, 400, "{\"error\":{\"code\":\"CA1\",\"message\":\"no\"}}");
  CHECK(d.nopen == 0);
  CHECK(d.nseen == 1);
  CHECK(d.is_error);
  CHECK_CONTAINS(d.text, "Error deleting card: BusinessMap API 400");
  stop(&d);
}

static void archive_first_false_only_deletes(void)
{
  driver d;

  start(&d);
  call(&d, "delete_card", "{\"card_id\":7,\"archive_first\":false}");
  CHECK(find(&d, "DELETE", "/cards/7") == 0 && d.nopen == 1);
  answer(&d, 0, 204, NULL);
  CHECK_STR(d.text, "{\"card_id\":7}");
  stop(&d);
}

/* ---- F-EXPAND ---------------------------------------------------------- */

static const char *const empty_page =
    "{\"data\":{\"pagination\":{\"all_pages\":0,\"current_page\":1,"
    "\"results_per_page\":200},\"data\":[]}}";

static void expand_falls_back_to_other_states(void)
{
  driver d;
  cJSON *r;

  start(&d);
  call(&d, "get_card_flow_history", "{\"card_id\":3}");
  CHECK_STR(d.open[0].path,
            "/cards?card_ids=3&state=active&expand=transitions");
  answer(&d, 0, 200, empty_page);
  CHECK(d.nopen == 2);
  CHECK(find(&d, "GET",
             "/cards?card_ids=3&state=archived"
             "&expand=transitions") >= 0);
  answer_to(&d, "GET",
            "/cards?card_ids=3&state=discarded"
            "&expand=transitions",
            200, "{\"data\":{\"data\":[{\"card_id\":3,\"transitions\":[1]}]}}");
  CHECK(!d.text);
  answer(&d, 0, 200, empty_page);
  CHECK(!d.is_error);
  r = result_json(&d);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "transitions")) == 1);
  cJSON_Delete(r);
  stop(&d);
}

static void expand_reports_a_card_found_nowhere(void)
{
  driver d;

  start(&d);
  call(&d, "get_card_blocked_times", "{\"card_id\":3}");
  CHECK_CONTAINS(d.open[0].path, "expand=block_times");
  answer(&d, 0, 200, empty_page);
  answer(&d, 0, 200, empty_page);
  answer(&d, 0, 200, empty_page);
  CHECK(d.is_error);
  CHECK_STR(d.text, "Card 3 not found");
  stop(&d);
}

/* ---- F-BULK ------------------------------------------------------------ */

static void bulk_reports_one_failed_item_without_error(void)
{
  driver d;
  cJSON *r, *res;

  start(&d);
  call(&d, "bulk_update_boards",
       "{\"resource_ids\":[1,2,3,2],\"name\":\" Q3  plan \"}");
  CHECK(d.nopen == 3);
  answer_to(&d, "PATCH", "/boards/1", 200,
            "{\"data\":{\"board_id\":1,\"name\":\"Q3 plan\"}}");
  answer_to(&d, "PATCH", "/boards/2", 404,
            "{\"error\":{\"code\":\"NF\",\"message\":\"no board\"}}");
  answer_to(&d, "PATCH", "/boards/3", 200,
            "{\"data\":{\"board_id\":3,\"name\":\"Q3 plan\"}}");
  CHECK(!d.is_error);
  CHECK_CONTAINS(d.text, "2 of 3 boards updated, 1 failed.\n");
  r = result_json(&d);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "successful")) == 2);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "failed")) == 1);
  res = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "results"), 1);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(res, "success")));
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(res, "error")),
                 "404");
  res = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "results"), 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(res, "name")), "Q3 plan");
  cJSON_Delete(r);
  stop(&d);
}

static void bulk_with_every_item_failed_is_an_error(void)
{
  driver d;

  start(&d);
  call(&d, "bulk_update_workspaces",
       "{\"resource_ids\":[1,2],\"description\":\"x\"}");
  answer(&d, 0, 404, NULL);
  answer(&d, 0, 500, NULL); /* a PATCH is never repeated */
  CHECK(d.nopen == 0);
  CHECK(d.is_error);
  CHECK_CONTAINS(d.text, "0 of 2 workspaces updated, 2 failed.");
  stop(&d);
}

/* Answers the dependency reads of bulk_delete_cards; card 2 has a
 * comment. */
static void answer_card_reads(driver *d)
{
  while (d->nopen > 0 && !d->text && !strcmp(d->open[0].method, "GET")) {
    const request *q = &d->open[0];

    if (strstr(q->path, "/comments") && strstr(q->path, "/cards/2/"))
      answer(d, 0, 200, "{\"data\":[{\"comment_id\":1}]}");
    else if (!strchr(q->path + 7, '/'))
      answer(d, 0, 200, "{\"data\":{\"title\":\"T\"}}");
    else
      answer(d, 0, 200, "{\"data\":[]}");
  }
}

static void bulk_with_dependencies_asks_and_changes_nothing(void)
{
  driver d;
  cJSON *r, *with;

  start(&d);
  call(&d, "bulk_delete_cards", "{\"resource_ids\":[1,2,3]}");
  answer_card_reads(&d);
  CHECK(writes_seen(&d) == 0);
  CHECK(d.nseen == 12);
  CHECK(!d.is_error);
  r = result_json(&d);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "requires_confirmation")));
  with = cJSON_GetObjectItem(r, "resources_with_dependencies");
  CHECK(cJSON_GetArraySize(with) == 1);
  CHECK(cJSON_GetNumberValue(
            cJSON_GetObjectItem(cJSON_GetArrayItem(with, 0), "comments")) == 1);
  CHECK(cJSON_GetArraySize(
            cJSON_GetObjectItem(r, "resources_without_dependencies")) == 2);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(
            cJSON_GetObjectItem(r, "total_impact"), "cards")) == 3);
  CHECK_CONTAINS(
      cJSON_GetStringValue(cJSON_GetObjectItem(r, "confirmation_message")),
      "analyze_dependencies=false");
  cJSON_Delete(r);
  stop(&d);
}

static void bulk_without_dependencies_goes_ahead(void)
{
  driver d;
  cJSON *r;

  start(&d);
  call(&d, "bulk_delete_cards", "{\"resource_ids\":[1,3]}");
  answer_card_reads(&d);
  CHECK(writes_seen(&d) == 2); /* the two archives */
  while (d.nopen > 0)
    answer(&d, 0, d.open[0].method[0] == 'D' ? 204 : 200,
           d.open[0].method[0] == 'D' ? NULL : "{\"data\":[{}]}");
  CHECK(writes_seen(&d) == 4);
  CHECK(!d.is_error);
  r = result_json(&d);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "successful")) == 2);
  CHECK_STR(
      cJSON_GetStringValue(cJSON_GetObjectItem(
          cJSON_GetArrayItem(cJSON_GetObjectItem(r, "results"), 0), "name")),
      "T");
  cJSON_Delete(r);
  stop(&d);
}

/* 25 boards, deleted without analysis: each needs a name read, an
 * archive and a delete, yet no more than 10 requests are ever open. */
static void bulk_never_has_more_than_ten_in_flight(void)
{
  driver d;
  char args[512];
  int i, n = 0, answered = 0;
  cJSON *r;

  n += snprintf(args, sizeof args,
                "{\"analyze_dependencies\":false,"
                "\"resource_ids\":[");
  for (i = 1; i <= 25; i++)
    n += snprintf(args + n, sizeof args - (size_t)n, "%s%d", i > 1 ? "," : "",
                  i);
  snprintf(args + n, sizeof args - (size_t)n, "]}");
  start(&d);
  call(&d, "bulk_delete_boards", args);
  CHECK(d.nopen == 10);
  while (d.nopen > 0 && answered < 200) {
    /* Answer the newest first, to shuffle the order items finish in. */
    int k = d.nopen - 1;

    answer(&d, k, d.open[k].method[0] == 'D' ? 204 : 200,
           d.open[k].method[0] == 'G' ? "{\"data\":{\"name\":\"B\"}}" : NULL);
    answered++;
  }
  CHECK(d.most_open == 10);
  CHECK(answered == 75);
  r = result_json(&d);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(r, "successful")) == 25);
  cJSON_Delete(r);
  stop(&d);
}

static void workspace_analysis_counts_boards_and_their_cards(void)
{
  driver d;
  cJSON *r, *w;

  start(&d);
  call(&d, "bulk_archive_workspaces", "{\"resource_ids\":[4]}");
  answer_to(&d, "GET", "/workspaces/4", 200,
            "{\"data\":{\"workspace_id\":4,\"name\":\"Ops\"}}");
  answer_to(&d, "GET", "/boards?workspace_ids=4&is_archived=0", 200,
            "{\"data\":[{\"board_id\":8},{\"board_id\":9}]}");
  answer_to(&d, "GET", "/cards?board_ids=8&per_page=1", 200,
            "{\"data\":{\"pagination\":{\"all_pages\":7,\"current_page\":1,"
            "\"results_per_page\":1},\"data\":[{}]}}");
  answer_to(&d, "GET", "/cards?board_ids=9&per_page=1", 200, empty_page);
  r = result_json(&d);
  w = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "resources_with_dependencies"),
                         0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(w, "name")), "Ops");
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(w, "boards")) == 2);
  CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(w, "cards")) == 7);
  CHECK(writes_seen(&d) == 0);
  cJSON_Delete(r);
  stop(&d);
}

static void failed_analysis_keeps_the_item_unchanged(void)
{
  driver d;
  cJSON *r, *res;

  start(&d);
  call(&d, "bulk_delete_boards", "{\"resource_ids\":[1,2]}");
  answer_to(&d, "GET", "/boards/1", 200, "{\"data\":{\"name\":\"A\"}}");
  answer_to(&d, "GET", "/boards/2", 404, NULL);
  answer_to(&d, "GET", "/cards?board_ids=1&per_page=1", 200, empty_page);
  CHECK(d.nopen == 1);
  CHECK(find(&d, "PATCH", "/boards/1") == 0);
  answer(&d, 0, 200, "{\"data\":{}}");
  answer_to(&d, "DELETE", "/boards/1", 204, NULL);
  CHECK(!d.is_error);
  r = result_json(&d);
  res = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "results"), 1);
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(res, "error")),
                 "could not check dependencies");
  CHECK(writes_seen(&d) == 2);
  cJSON_Delete(r);
  stop(&d);
}

int main(void)
{
  update_sends_current_links_with_the_change();
  update_sends_no_patch_when_the_read_fails();
  update_with_nothing_changed_answers_the_card_read();
  update_creates_subtasks_one_by_one();
  set_card_size_answers_a_sentence();
  delete_archives_then_deletes();
  failed_archive_deletes_nothing();
  archive_first_false_only_deletes();
  expand_falls_back_to_other_states();
  expand_reports_a_card_found_nowhere();
  bulk_reports_one_failed_item_without_error();
  bulk_with_every_item_failed_is_an_error();
  bulk_with_dependencies_asks_and_changes_nothing();
  bulk_without_dependencies_goes_ahead();
  bulk_never_has_more_than_ten_in_flight();
  workspace_analysis_counts_boards_and_their_cards();
  failed_analysis_keeps_the_item_unchanged();
  return check_report();
}
