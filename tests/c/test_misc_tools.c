/*
 * test_misc_tools.c - the multi-step tools of the custom-field, docs,
 * tag and user families, driven through the engine with scripted API
 * answers: which requests go out, in which order, with which bodies, and
 * what the caller gets back.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cJSON.h"
#include "engine.h"

#define BASE "https://acme.example.com/api/v2"
#define MAX_SEEN 64

static const char *const one_instance =
    "{\"defaultInstance\":\"acme\",\"instances\":[{\"name\":\"acme\","
    "\"apiUrl\":\"" BASE "\",\"apiTokenEnv\":\"ACME_TOKEN\"},"
    "{\"name\":\"vault\",\"apiUrl\":\"https://vault.example.com/api/v2\","
    "\"apiTokenEnv\":\"ACME_TOKEN\",\"readOnlyMode\":true}]}";

/* One request the engine asked for. */
typedef struct seen {
  int id;
  int answered;
  char method[8];
  char path[512]; /* the URL without BASE */
  cJSON *body;    /* NULL when none */
} seen;

typedef struct fixture {
  bm_engine *e;
  cJSON *fx; /* the effects of the last feed */
  seen req[MAX_SEEN];
  int nreq;
  char *text; /* the tool result, once it came */
  int is_error;
} fixture;

/* Keeps the requests and the tool result of the last feed. */
static void take(fixture *f, const char *out, size_t len)
{
  const cJSON *h, *m;

  cJSON_Delete(f->fx);
  f->fx = cJSON_ParseWithLength(out, len);
  cJSON_ArrayForEach (h, cJSON_GetObjectItem(f->fx, "http")) {
    seen *s = &f->req[f->nreq < MAX_SEEN - 1 ? f->nreq++ : f->nreq];
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(h, "url"));
    const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(h, "body"));

    memset(s, 0, sizeof *s);
    s->id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(h, "id"));
    strncpy(s->method, cJSON_GetStringValue(cJSON_GetObjectItem(h, "method")),
            sizeof s->method - 1);
    if (url && strncmp(url, BASE, strlen(BASE)) == 0)
      url += strlen(BASE);
    strncpy(s->path, url ? url : "", sizeof s->path - 1);
    s->body = body ? cJSON_Parse(body) : NULL;
  }
  cJSON_ArrayForEach (m, cJSON_GetObjectItem(f->fx, "messages")) {
    cJSON *msg = cJSON_Parse(m->valuestring);
    cJSON *res = cJSON_GetObjectItem(msg, "result");
    cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));

    if (t && !f->text) {
      f->text = strcpy(malloc(strlen(t) + 1), t);
      f->is_error = cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
    }
    cJSON_Delete(msg);
  }
}

static void setup(fixture *f)
{
  static const char start[] =
      "{\"configSource\":\"t.json\",\"setVars\":[\"ACME_TOKEN\"],"
      "\"env\":{\"BUSINESSMAP_TOOL_PROFILE\":\"full\"},\"seed\":3,"
      "\"configText\":";
  static const char init[] =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
      "{\"protocolVersion\":\"2025-11-25\"}}";
  cJSON *cfg = cJSON_CreateString(one_instance);
  char *cfg_text = cJSON_PrintUnformatted(cfg);
  size_t n = strlen(start) + strlen(cfg_text) + 2, len;
  char *doc = malloc(n);
  const char *out;

  memset(f, 0, sizeof *f);
  strcpy(doc, start);
  strcat(doc, cfg_text);
  strcat(doc, "}");
  f->e = bm_engine_new(doc, strlen(doc));
  free(doc);
  free(cfg_text);
  cJSON_Delete(cfg);
  out = bm_engine_message(f->e, 0, init, strlen(init), &len);
  cJSON_Delete(f->fx);
  f->fx = cJSON_ParseWithLength(out, len);
}

static void teardown(fixture *f)
{
  int i;

  for (i = 0; i < f->nreq; i++)
    cJSON_Delete(f->req[i].body);
  cJSON_Delete(f->fx);
  free(f->text);
  bm_engine_free(f->e);
}

static void call(fixture *f, const char *tool, const char *args)
{
  char msg[4096];
  size_t len;
  const char *out;

  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
           "\"tools/call\",\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
           tool, args);
  out = bm_engine_message(f->e, 0, msg, strlen(msg), &len);
  take(f, out, len);
}

/* The index of the first unanswered request with this method and path,
 * or -1. */
static int pending(const fixture *f, const char *method, const char *path)
{
  int i;

  for (i = 0; i < f->nreq; i++)
    if (!f->req[i].answered && strcmp(f->req[i].method, method) == 0 &&
        strcmp(f->req[i].path, path) == 0)
      return i;
  return -1;
}

static int open_requests(const fixture *f)
{
  int i, n = 0;

  for (i = 0; i < f->nreq; i++)
    n += !f->req[i].answered;
  return n;
}

/* Answers request i; a negative i is a failed check, not a crash. */
static void answer(fixture *f, int i, int status, const char *body)
{
  size_t len;
  const char *out;

  CHECK(i >= 0);
  if (i < 0)
    return;
  f->req[i].answered = 1;
  out = bm_engine_http_response(f->e, 0, f->req[i].id, status, NULL, 0, body,
                                body ? strlen(body) : 0, &len);
  take(f, out, len);
}

/* The string form of a body key, for comparisons; "" when absent. */
static const char *body_json(const fixture *f, int i, char *buf, size_t n)
{
  char *s;

  buf[0] = '\0';
  if (i < 0 || !f->req[i].body)
    return buf;
  s = cJSON_PrintUnformatted(f->req[i].body);
  snprintf(buf, n, "%s", s);
  free(s);
  return buf;
}

/* The result JSON after the optional summary line; caller frees. */
static cJSON *result_json(const fixture *f)
{
  const char *t = f->text, *nl;
  cJSON *j;

  if (!t)
    return NULL;
  j = cJSON_Parse(t);
  if (!j && (nl = strchr(t, '\n')))
    j = cJSON_Parse(nl + 1);
  return j;
}

static double num_at(const cJSON *o, const char *key)
{
  return cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

/* ---- custom fields ---------------------------------------------------- */

static void create_custom_field_defines_then_attaches(void)
{
  fixture f;
  char b[1024];
  cJSON *r;
  int i;

  setup(&f);
  call(&f, "create_custom_field",
       "{\"name\":\" Risk \",\"field_type\":\"dropdown\",\"board_id\":7,"
       "\"is_required\":true,\"position\":2,\"description\":\"How bad\","
       "\"options\":[{\"value\":\"Low\",\"color\":\"#0f0\"},"
       "{\"value\":\"High\"}]}");
  CHECK(f.nreq == 1);
  i = pending(&f, "POST", "/customFields");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"name\":\"Risk\",\"type\":\"dropdown\",\"description\":"
            "\"How bad\",\"value_is_required\":1,\"allowed_values\":["
            "{\"value\":\"Low\",\"position\":0},{\"value\":\"High\","
            "\"position\":1}]}");
  answer(&f, i, 200, "{\"data\":{\"field_id\":90,\"name\":\"Risk\"}}");
  CHECK(!f.text);
  i = pending(&f, "PUT", "/boards/7/customFields/90");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"position\":2,\"value_is_required\":1}");
  answer(&f, i, 200,
         "{\"data\":{\"field_id\":90,\"board_id\":7,"
         "\"position\":2}}");
  CHECK(!f.is_error);
  CHECK_CONTAINS(f.text, "attached to board 7");
  r = result_json(&f);
  CHECK(num_at(r, "field_id") == 90);
  CHECK(num_at(cJSON_GetObjectItem(r, "board"), "position") == 2);
  cJSON_Delete(r);
  teardown(&f);
}

static void create_custom_field_keeps_the_field_when_attach_fails(void)
{
  fixture f;
  cJSON *r;

  setup(&f);
  call(&f, "create_custom_field",
       "{\"name\":\"Notes\",\"field_type\":\"single_line_text\","
       "\"board_id\":8}");
  answer(&f, pending(&f, "POST", "/customFields"), 200,
         "{\"data\":{\"field_id\":91,\"name\":\"Notes\"}}");
  answer(&f, pending(&f, "PUT", "/boards/8/customFields/91"), 404,
         "{\"error\":{\"code\":\"404\",\"message\":\"Board not found\"}}");
  CHECK(!f.is_error);
  CHECK_CONTAINS(f.text, "attaching it to board 8 failed");
  r = result_json(&f);
  CHECK(num_at(r, "field_id") == 91);
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(r, "board_error")),
                 "404");
  cJSON_Delete(r);
  teardown(&f);
}

static void create_custom_field_explains_forbidden(void)
{
  fixture f;

  setup(&f);
  call(&f, "create_custom_field",
       "{\"name\":\"Notes\",\"field_type\":\"number\","
       "\"validation\":{\"min\":-5,\"max\":5}}");
  CHECK(num_at(f.req[0].body, "min_value") == -5);
  CHECK(num_at(f.req[0].body, "max_value") == 5);
  answer(&f, 0, 403,
         "{\"error\":{\"code\":\"AU03\",\"message\":"
         "\"Forbidden\"}}");
  CHECK(f.is_error);
  CHECK_CONTAINS(f.text, "Error creating custom field: managing "
                         "custom-field definitions needs admin rights");
  teardown(&f);
}

static void custom_field_rules_send_nothing(void)
{
  static const struct {
    const char *tool, *args, *says;
  } cases[] = {
    { "create_custom_field",
      "{\"name\":\"x\",\"field_type\":\"number\","
      "\"options\":[{\"value\":\"a\"}]}",
      "only dropdown" },
    { "create_custom_field",
      "{\"name\":\"x\",\"field_type\":\"date\","
      "\"validation\":{\"min\":1}}",
      "only number" },
    { "create_custom_field",
      "{\"name\":\"x\",\"field_type\":\"number\","
      "\"validation\":{\"min\":9,\"max\":1}}",
      "greater than max" },
    { "create_custom_field",
      "{\"name\":\"x\",\"field_type\":\"link\","
      "\"position\":1}",
      "give board_id" },
    { "create_custom_field", "{\"name\":\"  \",\"field_type\":\"link\"}",
      "blank" },
    { "create_custom_field", "{\"name\":\"x\",\"field_type\":\"color\"}",
      "must be one of" },
    { "update_custom_field", "{\"custom_field_id\":4}", "at least one of" },
    { "update_custom_field", "{\"custom_field_id\":4,\"position\":3}",
      "give board_id" },
    { "update_custom_field",
      "{\"custom_field_id\":4,\"options\":"
      "[{\"id\":0,\"value\":\"a\"}]}",
      "options[0].id" },
    { "list_custom_fields", "{\"page_size\":101}", "page_size" },
    { "delete_custom_field",
      "{\"custom_field_id\":4,\"instance\":"
      "\"vault\"}",
      "read-only mode" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;

    setup(&f);
    call(&f, cases[i].tool, cases[i].args);
    CHECK(f.nreq == 0);
    CHECK(f.is_error);
    CHECK_CONTAINS(f.text, cases[i].says);
    teardown(&f);
  }
}

static void update_custom_field_walks_each_step(void)
{
  fixture f;
  char b[512];
  cJSON *r;
  int i;

  setup(&f);
  call(&f, "update_custom_field",
       "{\"custom_field_id\":5,\"name\":\"Risk level\",\"is_required\":"
       "false,\"options\":[{\"id\":11,\"value\":\"Low\",\"color\":\"fff\"},"
       "{\"value\":\"Critical\"}],\"board_id\":3,\"position\":1}");
  CHECK(f.nreq == 1);
  i = pending(&f, "PATCH", "/customFields/5");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"name\":\"Risk level\",\"value_is_required\":0}");
  answer(&f, i, 200, "{\"data\":{\"name\":\"Risk level\"}}");
  i = pending(&f, "PATCH", "/customFields/5/allowedValues/11");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"value\":\"Low\",\"position\":0}");
  answer(&f, i, 200, "{\"data\":{\"value_id\":11}}");
  i = pending(&f, "POST", "/customFields/5/allowedValues");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"value\":\"Critical\",\"position\":1}");
  answer(&f, i, 200, "{\"data\":{\"value_id\":12}}");
  i = pending(&f, "PATCH", "/boards/3/customFields/5");
  CHECK_STR(body_json(&f, i, b, sizeof b),
            "{\"position\":1,\"value_is_required\":0}");
  answer(&f, i, 200, "{\"data\":{\"field_id\":5,\"position\":1}}");
  CHECK(!f.text);
  answer(&f, pending(&f, "GET", "/customFields/5"), 200,
         "{\"data\":{\"name\":\"Risk level\",\"allowed_values\":["
         "{\"value_id\":11},{\"value_id\":12}]}}");
  CHECK(f.nreq == 5);
  CHECK(!f.is_error);
  r = result_json(&f);
  CHECK(num_at(r, "field_id") == 5);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "allowed_values")) == 2);
  CHECK(num_at(cJSON_GetObjectItem(r, "board"), "position") == 1);
  cJSON_Delete(r);
  teardown(&f);
}

static void update_custom_field_stops_at_a_failed_option(void)
{
  fixture f;

  setup(&f);
  call(&f, "update_custom_field",
       "{\"custom_field_id\":5,\"options\":[{\"id\":11,\"value\":\"Low\"},"
       "{\"value\":\"Low\"}],\"board_id\":3}");
  CHECK(pending(&f, "PATCH", "/customFields/5") < 0);
  answer(&f, pending(&f, "PATCH", "/customFields/5/allowedValues/11"), 200,
         "{\"data\":{}}");
  answer(&f, pending(&f, "POST", "/customFields/5/allowedValues"), 400,
         "{\"error\":{\"code\":\"VE01\",\"message\":\"exists\"}}");
  CHECK(f.is_error);
  CHECK_CONTAINS(f.text, "Error updating custom field (options[1])");
  CHECK_CONTAINS(f.text, "1 earlier change was applied");
  CHECK(open_requests(&f) == 0);
  CHECK(f.nreq == 2);
  teardown(&f);
}

static void delete_custom_field_reports_before_deleting(void)
{
  fixture f;
  cJSON *r;
  int i;

  setup(&f);
  call(&f, "delete_custom_field", "{\"custom_field_id\":\"6\"}");
  CHECK(f.nreq == 3);
  answer(&f, pending(&f, "GET", "/customFields/6/cards"), 200,
         "{\"data\":[{\"card_id\":1},{\"card_id\":2},{\"card_id\":3}]}");
  answer(&f, pending(&f, "GET", "/customFields/6/boards"), 200,
         "{\"data\":[{\"board_id\":4,\"position\":0},{\"board_id\":9}]}");
  CHECK(!f.text);
  answer(&f, pending(&f, "GET", "/customFields/6"), 200,
         "{\"data\":{\"name\":\"Risk\",\"type\":\"dropdown\"}}");
  CHECK(!f.is_error);
  for (i = 0; i < f.nreq; i++)
    CHECK_STR(f.req[i].method, "GET");
  r = result_json(&f);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(r, "requires_confirmation")));
  CHECK(num_at(cJSON_GetObjectItem(r, "field"), "field_id") == 6);
  CHECK(num_at(r, "card_count") == 3);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "boards")) == 2);
  CHECK(!cJSON_GetObjectItem(
      cJSON_GetArrayItem(cJSON_GetObjectItem(r, "boards"), 0), "position"));
  CHECK_CONTAINS(cJSON_GetStringValue(cJSON_GetObjectItem(r, "message")),
                 "confirm=true");
  cJSON_Delete(r);
  teardown(&f);

  setup(&f);
  call(&f, "delete_custom_field", "{\"custom_field_id\":6,\"confirm\":true}");
  CHECK(f.nreq == 1);
  answer(&f, pending(&f, "DELETE", "/customFields/6"), 204, NULL);
  CHECK_STR(f.text, "{\"custom_field_id\":6,\"deleted\":true}");
  teardown(&f);
}

static void list_custom_fields_pages_in_the_server(void)
{
  static const char fields[] =
      "{\"data\":[{\"field_id\":1},{\"field_id\":2},{\"field_id\":3},"
      "{\"field_id\":4},{\"field_id\":5}]}";
  fixture f;
  cJSON *r;

  setup(&f);
  call(&f, "list_custom_fields",
       "{\"field_type\":\"dropdown\",\"page\":2,\"page_size\":2}");
  answer(&f, pending(&f, "GET", "/customFields?types=dropdown"), 200, fields);
  r = result_json(&f);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "customFields")) == 2);
  CHECK(num_at(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "customFields"), 0),
               "field_id") == 3);
  CHECK(num_at(r, "count") == 2);
  CHECK(num_at(r, "total") == 5);
  CHECK(num_at(r, "page") == 2);
  CHECK(num_at(r, "page_size") == 2);
  cJSON_Delete(r);
  teardown(&f);

  setup(&f);
  call(&f, "list_custom_fields", "{\"page\":3,\"page_size\":2}");
  answer(&f, pending(&f, "GET", "/customFields"), 200, fields);
  r = result_json(&f);
  CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(r, "customFields")) == 1);
  cJSON_Delete(r);
  teardown(&f);

  setup(&f);
  call(&f, "list_custom_fields", "{}");
  answer(&f, pending(&f, "GET", "/customFields"), 200, fields);
  r = result_json(&f);
  CHECK(num_at(r, "count") == 5);
  CHECK(!cJSON_GetObjectItem(r, "page"));
  cJSON_Delete(r);
  teardown(&f);
}

/* ---- docs ------------------------------------------------------------- */

static void text_search_scans_five_at_a_time_and_survives_a_failure(void)
{
  static const char list[] =
      "{\"data\":{\"result\":["
      "{\"doc_id\":1,\"title\":\"Deploy Guide\",\"updated_at\":\"2024-01\"},"
      "{\"doc_id\":2,\"title\":\"a\",\"updated_at\":\"2024-02\"},"
      "{\"doc_id\":3,\"title\":\"b\",\"updated_at\":\"2024-09\"},"
      "{\"doc_id\":4,\"title\":\"c\",\"updated_at\":\"2024-04\"},"
      "{\"doc_id\":5,\"title\":\"d\",\"updated_at\":\"2024-05\"},"
      "{\"doc_id\":6,\"title\":\"e\",\"updated_at\":\"2024-06\"},"
      "{\"doc_id\":7,\"title\":\"f\",\"updated_at\":\"2024-07\"},"
      "{\"doc_id\":8,\"title\":\"g\",\"updated_at\":\"2024-08\"}]}}";
  fixture f;
  cJSON *r, *m;
  const char *snip;
  int d;

  setup(&f);
  call(&f, "get_docs_text_title_search",
       "{\"query\":\"deploy\",\"max_docs_to_scan\":6}");
  answer(&f, pending(&f, "GET", "/docs?is_archived=0"), 200, list);
  /* The newest six of the seven non-title matches: 3,8,7,6,5,4. */
  CHECK(open_requests(&f) == 5);
  CHECK(pending(&f, "GET", "/docs/3") >= 0);
  CHECK(pending(&f, "GET", "/docs/4") < 0);
  answer(&f, pending(&f, "GET", "/docs/8"), 404,
         "{\"error\":{\"code\":404,\"message\":\"gone\"}}");
  CHECK(open_requests(&f) == 5);
  CHECK(pending(&f, "GET", "/docs/4") >= 0);
  answer(&f, pending(&f, "GET", "/docs/3"), 200,
         "{\"data\":{\"doc_id\":3,\"content\":\"<h1>Notes</h1><p>We "
         "<b>DEPLOY</b> on Fridays &amp; pray.</p>\"}}");
  for (d = 4; d <= 7; d++) {
    char path[32];

    snprintf(path, sizeof path, "/docs/%d", d);
    answer(&f, pending(&f, "GET", path), 200,
           d == 5 ? "{\"data\":{\"content\":\"<p>xxxxxxxxxxxxxxxxxxxxxxxxx"
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx deployment "
                    "yyy</p>\"}}"
                  : "{\"data\":{\"content\":\"<p>nothing</p>\"}}");
  }
  CHECK(f.nreq == 7);
  CHECK(!f.is_error);
  r = result_json(&f);
  CHECK(num_at(r, "count") == 3);
  CHECK(num_at(r, "scanned_docs_for_content") == 6);
  CHECK(num_at(r, "successfully_scanned_docs") == 5);
  CHECK(num_at(r, "failed_docs") == 1);
  m = cJSON_GetObjectItem(r, "matches");
  CHECK(num_at(cJSON_GetArrayItem(m, 0), "doc_id") == 1);
  CHECK_STR(cJSON_GetStringValue(
                cJSON_GetObjectItem(cJSON_GetArrayItem(m, 0), "matched_in")),
            "title");
  CHECK(num_at(cJSON_GetArrayItem(m, 1), "doc_id") == 3);
  snip = cJSON_GetStringValue(
      cJSON_GetObjectItem(cJSON_GetArrayItem(m, 1), "snippet"));
  CHECK_STR(snip, "Notes We DEPLOY on Fridays & pray.");
  snip = cJSON_GetStringValue(
      cJSON_GetObjectItem(cJSON_GetArrayItem(m, 2), "snippet"));
  CHECK(snip && strncmp(snip, "\xE2\x80\xA6", 3) == 0);
  CHECK_CONTAINS(snip, "deployment yyy");
  CHECK(snip && strlen(snip) == 3 + 80 + 14);
  cJSON_Delete(r);
  teardown(&f);
}

static void hierarchy_nests_by_parent_and_position(void)
{
  static const char list[] =
      "{\"data\":{\"result\":["
      "{\"doc_id\":1,\"parent_doc_id\":null,\"position\":1},"
      "{\"doc_id\":2,\"parent_doc_id\":1,\"position\":2},"
      "{\"doc_id\":3,\"parent_doc_id\":1,\"position\":0},"
      "{\"doc_id\":4,\"parent_doc_id\":null,\"position\":0},"
      "{\"doc_id\":5,\"parent_doc_id\":3,\"position\":0},"
      "{\"doc_id\":6,\"parent_doc_id\":77,\"position\":5}]}}";
  fixture f;
  cJSON *r, *h, *one;

  setup(&f);
  call(&f, "get_doc_hierarchy", "{\"include_archived\":true}");
  answer(&f, pending(&f, "GET", "/docs"), 200, list);
  r = result_json(&f);
  h = cJSON_GetObjectItem(r, "hierarchy");
  CHECK(num_at(r, "total_docs") == 6);
  CHECK(cJSON_GetArraySize(h) == 3);
  CHECK(num_at(cJSON_GetArrayItem(h, 0), "doc_id") == 4);
  one = cJSON_GetArrayItem(h, 1);
  CHECK(num_at(one, "doc_id") == 1);
  CHECK(num_at(cJSON_GetArrayItem(cJSON_GetObjectItem(one, "children"), 0),
               "doc_id") == 3);
  CHECK(num_at(
            cJSON_GetArrayItem(
                cJSON_GetObjectItem(
                    cJSON_GetArrayItem(cJSON_GetObjectItem(one, "children"), 0),
                    "children"),
                0),
            "doc_id") == 5);
  cJSON_Delete(r);
  teardown(&f);

  setup(&f);
  call(&f, "get_doc_hierarchy", "{\"parent_doc_id\":3}");
  answer(&f, pending(&f, "GET", "/docs?is_archived=0"), 200, list);
  r = result_json(&f);
  CHECK(num_at(r, "total_docs") == 2);
  CHECK(num_at(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "hierarchy"), 0),
               "doc_id") == 3);
  cJSON_Delete(r);
  teardown(&f);
}

static void hierarchy_with_unknown_root_is_an_error(void)
{
  fixture f;

  setup(&f);
  call(&f, "get_doc_hierarchy", "{\"parent_doc_id\":999}");
  answer(&f, pending(&f, "GET", "/docs?is_archived=0"), 200,
         "{\"data\":{\"result\":[{\"doc_id\":1,\"parent_doc_id\":null}]}}");
  CHECK(f.is_error);
  CHECK_CONTAINS(f.text, "doc 999 not found");
  teardown(&f);
}

static void content_batch_reports_each_doc(void)
{
  fixture f;
  cJSON *r, *docs;

  setup(&f);
  call(&f, "get_doc_content_batch", "{\"doc_ids\":[3,1,3,2]}");
  CHECK(f.nreq == 3);
  answer(&f, pending(&f, "GET", "/docs/1"), 404,
         "{\"error\":{\"code\":404,\"message\":\"no doc\"}}");
  answer(&f, pending(&f, "GET", "/docs/2"), 200,
         "{\"data\":{\"doc_id\":2,\"content\":\"<p>b</p>\"}}");
  answer(&f, pending(&f, "GET", "/docs/3"), 200,
         "{\"data\":{\"doc_id\":3,\"content\":\"<p>c</p>\"}}");
  CHECK(!f.is_error);
  r = result_json(&f);
  docs = cJSON_GetObjectItem(r, "docs");
  CHECK(num_at(r, "count") == 3);
  CHECK(num_at(cJSON_GetArrayItem(docs, 0), "doc_id") == 3);
  CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 0), "doc") != NULL);
  CHECK_CONTAINS(cJSON_GetStringValue(
                     cJSON_GetObjectItem(cJSON_GetArrayItem(docs, 1), "error")),
                 "404");
  cJSON_Delete(r);
  teardown(&f);

  setup(&f);
  call(&f, "get_doc_content_batch", "{\"doc_ids\":[4],\"personal\":true}");
  answer(&f, pending(&f, "GET", "/personalDocs/4"), 404,
         "{\"error\":{\"code\":404,\"message\":\"no doc\"}}");
  CHECK(f.is_error);
  CHECK_CONTAINS(f.text, "every request failed");
  teardown(&f);
}

/* ---- tags and stickers ------------------------------------------------ */

static void sticker_association_is_found_after_204(void)
{
  fixture f;

  setup(&f);
  call(&f, "add_sticker_to_card", "{\"card_id\":10,\"sticker_id\":4}");
  answer(&f, pending(&f, "POST", "/cards/10/stickers"), 204, NULL);
  answer(&f, pending(&f, "GET", "/cards/10/stickers"), 200,
         "{\"data\":[{\"id\":70,\"card_id\":10,\"sticker_id\":3},"
         "{\"id\":71,\"card_id\":10,\"sticker_id\":4}]}");
  CHECK_STR(f.text, "{\"id\":71,\"card_id\":10,\"sticker_id\":4}");
  teardown(&f);
}

int main(void)
{
  create_custom_field_defines_then_attaches();
  create_custom_field_keeps_the_field_when_attach_fails();
  create_custom_field_explains_forbidden();
  custom_field_rules_send_nothing();
  update_custom_field_walks_each_step();
  update_custom_field_stops_at_a_failed_option();
  delete_custom_field_reports_before_deleting();
  list_custom_fields_pages_in_the_server();
  text_search_scans_five_at_a_time_and_survives_a_failure();
  hierarchy_nests_by_parent_and_position();
  hierarchy_with_unknown_root_is_an_error();
  content_batch_reports_each_doc();
  sticker_association_is_found_after_204();
  return check_report();
}
