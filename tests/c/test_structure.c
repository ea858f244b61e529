/*
 * test_structure.c - the workspace, board and board-structure tools driven
 * through the engine: each test sends a tools/call, then plays a script of
 * expected requests and scripted answers, and checks the final result.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "cJSON.h"
#include "engine.h"

static const char *const config =
    "{\"defaultInstance\":\"main\",\"instances\":["
    "{\"name\":\"main\",\"apiUrl\":\"https://main.example.com/api/v2\","
    "\"apiTokenEnv\":\"MAIN_TOKEN\",\"defaultWorkspaceId\":7},"
    "{\"name\":\"bare\",\"apiUrl\":\"https://bare.example.com/api/v2\","
    "\"apiTokenEnv\":\"BARE_TOKEN\"}]}";

#define BASE "https://main.example.com/api/v2"

/* One request the tool must send, and the answer it gets. */
typedef struct exchange {
  const char *method;
  const char *path; /* after the instance's base URL */
  const char *body; /* JSON the body must equal; NULL: no body */
  int status;
  const char *answer;
} exchange;

typedef struct fixture {
  bm_engine *e;
  cJSON *fx; /* the effects of the last step */
} fixture;

static void take(fixture *f, const char *out, size_t len)
{
  cJSON_Delete(f->fx);
  f->fx = cJSON_ParseWithLength(out, len);
}

static void say(fixture *f, const char *msg)
{
  size_t len;
  const char *out = bm_engine_message(f->e, 0, msg, strlen(msg), &len);

  take(f, out, len);
}

static void open_engine(fixture *f)
{
  cJSON *s = cJSON_CreateObject();
  cJSON *vars = cJSON_AddArrayToObject(s, "setVars");
  char *text;

  cJSON_AddStringToObject(s, "configText", config);
  cJSON_AddStringToObject(s, "configSource", "structure.json");
  cJSON_AddItemToObject(s, "env",
                        cJSON_Parse("{\"BUSINESSMAP_TOOL_PROFILE\":\"full\"}"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("MAIN_TOKEN"));
  cJSON_AddItemToArray(vars, cJSON_CreateString("BARE_TOKEN"));
  cJSON_AddNumberToObject(s, "seed", 3);
  text = cJSON_PrintUnformatted(s);
  memset(f, 0, sizeof *f);
  f->e = bm_engine_new(text, strlen(text));
  free(text);
  cJSON_Delete(s);
  say(f, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
         "\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
}

static void close_engine(fixture *f)
{
  cJSON_Delete(f->fx);
  bm_engine_free(f->e);
}

static int pending(const fixture *f)
{
  return cJSON_GetArraySize(cJSON_GetObjectItem(f->fx, "http"));
}

/* Checks the one request in flight against x, then answers it. */
static void exchange_one(fixture *f, const exchange *x)
{
  const cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "http"), 0);
  const char *body = cJSON_GetStringValue(cJSON_GetObjectItem(h, "body"));
  char url[512];
  cJSON *got, *want;
  size_t len;
  const char *out;

  CHECK(pending(f) == 1);
  snprintf(url, sizeof url, "%s%s", BASE, x->path);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(h, "method")), x->method);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(h, "url")), url);
  got = body ? cJSON_Parse(body) : NULL;
  want = x->body ? cJSON_Parse(x->body) : NULL;
  CHECK((!got && !want) || cJSON_Compare(got, want, 1));
  if (!((!got && !want) || cJSON_Compare(got, want, 1)))
    fprintf(stderr, "  body %s, want %s\n", body ? body : "none",
            x->body ? x->body : "none");
  cJSON_Delete(got);
  cJSON_Delete(want);
  out = bm_engine_http_response(
      f->e, 0, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(h, "id")),
      x->status, "{\"headers\":{}}", 14, x->answer, strlen(x->answer), &len);
  take(f, out, len);
}

/* The text of the tools/call result among the effects; caller frees. */
static char *result_text(const fixture *f, int *is_error)
{
  const cJSON *m =
      cJSON_GetArrayItem(cJSON_GetObjectItem(f->fx, "messages"), 0);
  cJSON *msg = m ? cJSON_Parse(m->valuestring) : NULL;
  cJSON *res = cJSON_GetObjectItem(msg, "result");
  cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(res, "content"), 0);
  const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(c0, "text"));
  char *copy = NULL;

  *is_error = cJSON_IsTrue(cJSON_GetObjectItem(res, "isError"));
  if (t) {
    copy = malloc(strlen(t) + 1);
    strcpy(copy, t);
  }
  cJSON_Delete(msg);
  return copy;
}

/* Calls tool with args, plays the script, and returns the result text. */
static char *play(fixture *f, const char *tool, const char *args,
                  const exchange *script, size_t n, int *is_error)
{
  char *msg = malloc(strlen(tool) + strlen(args) + 128);
  size_t i;

  sprintf(msg,
          "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
          "\"params\":{\"name\":\"%s\",\"arguments\":%s}}",
          tool, args);
  say(f, msg);
  free(msg);
  for (i = 0; i < n; i++)
    exchange_one(f, &script[i]);
  CHECK(pending(f) == 0);
  return result_text(f, is_error);
}

/* The JSON after the summary line of a result. */
static cJSON *after_summary(const char *text)
{
  const char *nl = text ? strchr(text, '\n') : NULL;

  return cJSON_Parse(nl ? nl + 1 : text ? text : "");
}

static const cJSON *at(const cJSON *o, const char *path)
{
  char key[64];

  while (o && *path) {
    size_t n = strcspn(path, ".");

    snprintf(key, sizeof key, "%.*s", (int)n, path);
    o = key[0] >= '0' && key[0] <= '9' ? cJSON_GetArrayItem(o, atoi(key))
                                       : cJSON_GetObjectItem(o, key);
    path += n + (path[n] == '.');
  }
  return o;
}

static double num_at(const cJSON *o, const char *path)
{
  return cJSON_GetNumberValue(at(o, path));
}

static void setup_creates_renames_and_resolves_parents(void)
{
  static const exchange script[] = {
    { "POST", "/boards/5/workflows", "{\"type\":0,\"name\":\"Delivery\"}", 200,
      "{\"data\":{\"workflow_id\":40,\"type\":0}}" },
    { "GET", "/boards/5/currentStructure", NULL, 200,
      "{\"data\":{\"columns\":{"
      "\"41\":{\"workflow_id\":40,\"section\":1,\"parent_column_id\":null,"
      "\"name\":\"Backlog\"},"
      "\"43\":{\"workflow_id\":40,\"section\":3,\"parent_column_id\":null,"
      "\"name\":\"In Progress\"},"
      "\"44\":{\"workflow\":40,\"section\":4,\"parent_column_id\":null,"
      "\"name\":\"Done\"},"
      "\"50\":{\"workflow_id\":9,\"section\":3,\"parent_column_id\":null,"
      "\"name\":\"Elsewhere\"}}}}" },
    { "PATCH", "/boards/5/columns/43", "{\"name\":\"Doing\"}", 200,
      "{\"data\":{\"name\":\"Doing\"}}" },
    { "PATCH", "/boards/5/columns/44", "{\"name\":\"Shipped\"}", 400,
      "{\"error\":{\"code\":\"CL01\",\"message\":\"Name taken\"}}" },
    { "POST", "/boards/5/columns",
      "{\"parent_column_id\":43,\"position\":0,\"name\":\"Review\"}", 200,
      "{\"data\":{\"column_id\":60,\"name\":\"Review\","
      "\"parent_column_id\":43,\"section\":null}}" },
    { "POST", "/boards/5/columns",
      "{\"workflow_id\":40,\"section\":2,\"position\":1,\"name\":\"Ready\","
      "\"limit\":3}",
      200, "{\"data\":{\"column_id\":61,\"name\":\"Ready\",\"section\":2}}" },
    { "POST", "/boards/5/columns",
      "{\"parent_column_id\":61,\"position\":0,\"name\":\"Ready A\"}", 200,
      "{\"data\":{\"column_id\":62,\"name\":\"Ready A\"}}" },
    { "POST", "/boards/5/lanes",
      "{\"workflow_id\":40,\"position\":0,\"name\":\"Fast\","
      "\"color\":\"ff0000\"}",
      200,
      "{\"data\":{\"lane_id\":70,\"name\":\"Fast\",\"color\":\"ff0000\"}}" },
    { "POST", "/boards/5/lanes",
      "{\"workflow_id\":40,\"position\":2,\"name\":\"Slow\"}", 409,
      "{\"error\":{\"code\":409,\"message\":\"Lane exists\"}}" },
  };
  fixture f;
  int err;
  char *text;
  cJSON *r;
  const cJSON *wf;

  open_engine(&f);
  text = play(&f, "configure_board_structure",
              "{\"board_id\":5,\"workflows\":[{\"type\":0,\"name\":"
              "\"Delivery\",\"default_columns\":[{\"section\":3,\"name\":"
              "\"Doing\"},{\"section\":4,\"name\":\"Shipped\"}],"
              "\"columns\":[{\"name\":\"Review\",\"parent_column_name\":"
              "\"doing\"},{\"name\":\"QA\",\"parent_column_name\":\"Nope\"},"
              "{\"name\":\"Ready\",\"section\":2,\"position\":1,\"limit\":3},"
              "{\"name\":\"Ready A\",\"parent_column_name\":\"Ready\"}],"
              "\"lanes\":[{\"name\":\"Fast\",\"color\":\"#F00\"},"
              "{\"name\":\"Slow\",\"position\":2}]}]}",
              script, sizeof script / sizeof script[0], &err);
  CHECK(!err);
  CHECK_CONTAINS(text, "Setup finished with 3 errors:\n");
  r = after_summary(text);
  wf = at(r, "workflows.0");
  CHECK(num_at(r, "board_id") == 5);
  CHECK(num_at(wf, "workflow_id") == 40);
  CHECK(cJSON_IsTrue(at(wf, "created")));
  CHECK(cJSON_GetArraySize(at(wf, "renamed_default_columns")) == 1);
  CHECK(num_at(wf, "renamed_default_columns.0.column_id") == 43);
  CHECK_STR(cJSON_GetStringValue(at(wf, "renamed_default_columns.0.name")),
            "Doing");
  CHECK(cJSON_GetArraySize(at(wf, "created_columns")) == 3);
  CHECK(num_at(wf, "created_columns.0.column_id") == 60);
  CHECK(num_at(wf, "created_lanes.0.lane_id") == 70);
  CHECK(cJSON_GetArraySize(at(wf, "created_lanes")) == 1);
  CHECK(cJSON_GetArraySize(at(wf, "errors")) == 3);
  CHECK_CONTAINS(cJSON_GetStringValue(at(wf, "errors.0")), "Shipped");
  CHECK_CONTAINS(cJSON_GetStringValue(at(wf, "errors.1")), "'QA'");
  CHECK_CONTAINS(cJSON_GetStringValue(at(wf, "errors.1")), "'Nope'");
  CHECK_CONTAINS(cJSON_GetStringValue(at(wf, "errors.2")), "Lane exists");
  cJSON_Delete(r);
  free(text);
  close_engine(&f);
}

static void setup_skips_what_depends_on_a_failure(void)
{
  static const exchange script[] = {
    { "POST", "/boards", "{\"workspace_id\":3,\"name\":\"One\"}", 200,
      "{\"data\":{\"board_id\":11,\"name\":\"One\"}}" },
    { "PATCH", "/boards/11/workflows/9", "{\"name\":\"Main\"}", 200,
      "{\"data\":{\"name\":\"Main\"}}" },
    { "POST", "/boards/11/lanes",
      "{\"workflow_id\":9,\"position\":0,\"name\":\"L\"}", 200,
      "{\"data\":{\"lane_id\":12,\"name\":\"L\"}}" },
    { "POST", "/boards",
      "{\"workspace_id\":3,\"name\":\"Two\","
      "\"description\":\"d\"}",
      400, "{\"error\":{\"code\":\"BO01\",\"message\":\"Bad board\"}}" },
  };
  fixture f;
  int err;
  char *text;
  cJSON *r;

  open_engine(&f);
  text = play(&f, "create_boards_in_workspace",
              "{\"workspace_id\":3,\"boards\":[{\"name\":\"One\","
              "\"workflows\":[{\"name\":\"No type\"},{\"workflow_id\":9,"
              "\"name\":\"Main\",\"lanes\":[{\"name\":\"L\"}]}]},"
              "{\"name\":\"Two\",\"description\":\"d\",\"workflows\":"
              "[{\"type\":1}]}]}",
              script, sizeof script / sizeof script[0], &err);
  CHECK(!err);
  r = after_summary(text);
  CHECK(num_at(r, "workspace_id") == 3);
  CHECK(num_at(r, "boards.0.board_id") == 11);
  CHECK(cJSON_IsNull(at(r, "boards.0.workflows.0.workflow_id")));
  CHECK_CONTAINS(cJSON_GetStringValue(at(r, "boards.0.workflows.0.errors.0")),
                 "type is required");
  CHECK(num_at(r, "boards.0.workflows.1.workflow_id") == 9);
  CHECK(cJSON_IsFalse(at(r, "boards.0.workflows.1.created")));
  CHECK(num_at(r, "boards.0.workflows.1.created_lanes.0.lane_id") == 12);
  CHECK_CONTAINS(cJSON_GetStringValue(at(r, "boards.1.error")), "Bad board");
  CHECK(cJSON_GetArraySize(at(r, "boards.1.workflows")) == 0);
  cJSON_Delete(r);
  free(text);
  close_engine(&f);
}

static void setup_creates_workspaces_then_boards(void)
{
  static const exchange script[] = {
    { "POST", "/workspaces", "{\"name\":\"Ops\",\"type\":2}", 409,
      "{\"error\":{\"code\":409,\"message\":\"Exists\"}}" },
    { "POST", "/workspaces", "{\"name\":\"Dev\"}", 200,
      "{\"data\":{\"workspace_id\":21,\"name\":\"Dev\"}}" },
    { "POST", "/boards", "{\"workspace_id\":21,\"name\":\"Kanban\"}", 200,
      "{\"data\":{\"board_id\":22}}" },
    { "POST", "/boards/22/workflows", "{\"type\":0}", 200,
      "{\"data\":{\"workflow_id\":23}}" },
  };
  fixture f;
  int err;
  char *text;
  cJSON *r;

  open_engine(&f);
  text = play(&f, "create_workspaces_and_boards",
              "{\"workspaces\":[{\"name\":\"Ops\",\"type\":2,\"boards\":"
              "[{\"name\":\"Never\"}]},{\"name\":\"Dev\",\"boards\":"
              "[{\"name\":\"Kanban\",\"workflows\":[{\"type\":0}]}]}]}",
              script, sizeof script / sizeof script[0], &err);
  CHECK(!err);
  CHECK_CONTAINS(text, "Setup finished with 1 error:\n");
  r = after_summary(text);
  CHECK_CONTAINS(cJSON_GetStringValue(at(r, "workspaces.0.error")), "Exists");
  CHECK(cJSON_GetArraySize(at(r, "workspaces.0.boards")) == 0);
  CHECK(num_at(r, "workspaces.1.workspace_id") == 21);
  CHECK(num_at(r, "workspaces.1.boards.0.board_id") == 22);
  CHECK(num_at(r, "workspaces.1.boards.0.workflows.0.workflow_id") == 23);
  cJSON_Delete(r);
  free(text);
  close_engine(&f);
}

static void search_board_lists_boards_for_an_unknown_id(void)
{
  static const exchange script[] = {
    { "GET", "/boards/99", NULL, 404,
      "{\"error\":{\"code\":404,\"message\":\"Board not found\"}}" },
    { "GET", "/boards", NULL, 200,
      "{\"data\":[{\"board_id\":1,\"workspace_id\":7,\"name\":\"Alpha\","
      "\"is_archived\":0,\"description\":\"secret plans\",\"revision\":4},"
      "{\"board_id\":2,\"workspace_id\":7,\"name\":\"Beta\","
      "\"is_archived\":1}]}" },
  };
  fixture f;
  int err;
  char *text;

  open_engine(&f);
  text = play(&f, "search_board", "{\"board_id\":99}", script,
              sizeof script / sizeof script[0], &err);
  CHECK(err);
  CHECK_CONTAINS(text, "board 99 not found");
  CHECK_CONTAINS(text, "{\"board_id\":1,\"workspace_id\":7,\"name\":"
                       "\"Alpha\",\"is_archived\":0}");
  CHECK_CONTAINS(text, "\"Beta\"");
  CHECK(!strstr(text, "secret plans"));
  free(text);
  close_engine(&f);
}

static void search_board_takes_a_listed_board_after_a_404(void)
{
  static const exchange script[] = {
    { "GET", "/boards/3", NULL, 404, "" },
    { "GET", "/boards", NULL, 200,
      "{\"data\":[{\"board_id\":3,\"name\":\"Late\"}]}" },
    { "GET", "/boards/3/currentStructure", NULL, 200,
      "{\"data\":{\"board_id\":3}}" },
  };
  fixture f;
  int err;
  char *text;

  open_engine(&f);
  text = play(&f, "search_board",
              "{\"board_id\":3,"
              "\"include_structure\":true}",
              script, 3, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"board_id\":3,\"name\":\"Late\","
                  "\"structure\":{\"board_id\":3}}");
  free(text);
  close_engine(&f);
}

static void search_board_by_name_adds_the_structure_of_one_match(void)
{
  static const exchange script[] = {
    { "GET", "/boards?workspace_ids=7", NULL, 200,
      "{\"data\":[{\"board_id\":1,\"workspace_id\":7,\"name\":\"Alpha\"},"
      "{\"board_id\":2,\"workspace_id\":7,\"name\":\"ALPHABET soup\"},"
      "{\"board_id\":3,\"workspace_id\":7,\"name\":\"Gamma\"}]}" },
    { "GET", "/boards/2/currentStructure", NULL, 200,
      "{\"data\":{\"board_id\":2,\"workflow_order\":[5]}}" },
  };
  fixture f;
  int err;
  char *text;
  cJSON *r;

  open_engine(&f);
  text = play(&f, "search_board",
              "{\"board_name\":\"bet\",\"workspace_id\":7,"
              "\"include_structure\":true}",
              script, sizeof script / sizeof script[0], &err);
  CHECK(!err);
  r = cJSON_Parse(text);
  CHECK(num_at(r, "count") == 1);
  CHECK(num_at(r, "matches.0.board_id") == 2);
  CHECK(num_at(r, "matches.0.structure.workflow_order.0") == 5);
  cJSON_Delete(r);
  free(text);
  close_engine(&f);
}

/* Calls that must fail before any request is sent. */
static void bad_structure_input_sends_nothing(void)
{
  static const struct {
    const char *tool, *args, *instance, *want;
  } cases[] = {
    { "create_board", "{\"name\":\"B\"}", "bare", "defaultWorkspaceId" },
    { "create_column",
      "{\"board_id\":1,\"name\":\"C\",\"position\":0,"
      "\"workflow_id\":2,\"section\":3,\"parent_column_id\":4}",
      NULL, "not both" },
    { "create_column",
      "{\"board_id\":1,\"name\":\"C\",\"position\":0,"
      "\"parent_column_id\":4,\"section\":2}",
      NULL, "not both" },
    { "create_column",
      "{\"board_id\":1,\"name\":\"C\",\"position\":0,"
      "\"workflow_id\":2}",
      NULL, "needs both" },
    { "create_column", "{\"board_id\":1,\"name\":\"C\",\"position\":0}", NULL,
      "needs both" },
    { "create_lane",
      "{\"board_id\":1,\"name\":\"L\",\"position\":0,"
      "\"workflow_id\":2,\"parent_lane_id\":3}",
      NULL, "exactly one" },
    { "create_lane", "{\"board_id\":1,\"name\":\"L\",\"position\":0}", NULL,
      "exactly one" },
    { "update_board", "{\"board_id\":1}", NULL, "at least one" },
    { "update_lane", "{\"board_id\":1,\"lane_id\":2}", NULL, "at least one" },
    { "configure_board_structure", "{\"board_id\":1,\"workflows\":[]}", NULL,
      "workflows" },
    { "configure_board_structure",
      "{\"board_id\":1,\"workflows\":[{"
      "\"default_columns\":[{\"section\":1,\"name\":\"x\"}]}]}",
      NULL, "section" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    char args[512];
    int err;
    char *text;

    snprintf(args, sizeof args, "%.*s%s%s%s}", (int)strlen(cases[i].args) - 1,
             cases[i].args, cases[i].instance ? ",\"instance\":\"" : "",
             cases[i].instance ? cases[i].instance : "",
             cases[i].instance ? "\"" : "");
    open_engine(&f);
    text = play(&f, cases[i].tool, args, NULL, 0, &err);
    CHECK(err);
    CHECK_CONTAINS(text, cases[i].want);
    free(text);
    close_engine(&f);
  }
}

static void create_board_uses_the_default_workspace(void)
{
  static const exchange script[] = {
    { "POST", "/boards", "{\"workspace_id\":7,\"name\":\"New\"}", 200,
      "{\"data\":{\"board_id\":8,\"workspace_id\":7,\"name\":\"New\"}}" },
  };
  fixture f;
  int err;
  char *text;

  open_engine(&f);
  text = play(&f, "create_board", "{\"name\":\"  New \"}", script, 1, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"board_id\":8,\"workspace_id\":7,\"name\":\"New\"}");
  free(text);
  close_engine(&f);
}

static void single_item_answers_get_their_id_back(void)
{
  static const exchange lane[] = {
    { "GET", "/boards/4/lanes/6", NULL, 200,
      "{\"data\":{\"name\":\"Std\",\"workflow_id\":2}}" },
  };
  static const exchange effective[] = {
    { "GET", "/boards/4/workflows/2/effectiveCycleTimeColumns", NULL, 200,
      "{\"data\":[{\"column_id\":1,\"name\":\"A\"},"
      "{\"column_id\":2,\"name\":\"B\"}]}" },
  };
  fixture f;
  int err;
  char *text;

  open_engine(&f);
  text =
      play(&f, "get_lane", "{\"board_id\":4,\"lane_id\":\"6\"}", lane, 1, &err);
  CHECK(!err);
  CHECK_STR(text, "{\"name\":\"Std\",\"workflow_id\":2,\"lane_id\":6}");
  free(text);
  text = play(&f, "get_workflow_effective_cycle_time_columns",
              "{\"board_id\":4,\"workflow_id\":2}", effective, 1, &err);
  CHECK(!err);
  CHECK_CONTAINS(text, "Retrieved 2 effective cycle time columns for board "
                       "4, workflow 2\n[{");
  free(text);
  close_engine(&f);
}

/* Annotation and smallest profile of each tool (operations.md §2, §3). */
static void catalog_entries_match_the_reference(void)
{
  static const struct {
    const char *name;
    bm_ann ann;
    bm_profile p;
  } t[] = {
    { "list_workspaces", BM_RO, BM_PROFILE_ESSENTIAL },
    { "get_workspace", BM_RO, BM_PROFILE_ESSENTIAL },
    { "create_workspace", BM_W, BM_PROFILE_STANDARD },
    { "update_workspace", BM_WI, BM_PROFILE_STANDARD },
    { "archive_workspace", BM_DI, BM_PROFILE_FULL },
    { "list_boards", BM_RO, BM_PROFILE_ESSENTIAL },
    { "search_board", BM_RO, BM_PROFILE_ESSENTIAL },
    { "get_board", BM_RO, BM_PROFILE_ESSENTIAL },
    { "get_current_board_structure", BM_RO, BM_PROFILE_ESSENTIAL },
    { "create_board", BM_W, BM_PROFILE_STANDARD },
    { "update_board", BM_WI, BM_PROFILE_STANDARD },
    { "delete_board", BM_DI, BM_PROFILE_FULL },
    { "get_columns", BM_RO, BM_PROFILE_ESSENTIAL },
    { "create_column", BM_W, BM_PROFILE_FULL },
    { "update_column", BM_WI, BM_PROFILE_FULL },
    { "delete_column", BM_DI, BM_PROFILE_FULL },
    { "get_lanes", BM_RO, BM_PROFILE_ESSENTIAL },
    { "get_lane", BM_RO, BM_PROFILE_FULL },
    { "create_lane", BM_W, BM_PROFILE_FULL },
    { "update_lane", BM_WI, BM_PROFILE_FULL },
    { "list_workflows", BM_RO, BM_PROFILE_FULL },
    { "get_workflow", BM_RO, BM_PROFILE_FULL },
    { "create_workflow", BM_W, BM_PROFILE_FULL },
    { "update_workflow", BM_WI, BM_PROFILE_FULL },
    { "link_related_workflow", BM_WI, BM_PROFILE_FULL },
    { "unlink_related_workflow", BM_DI, BM_PROFILE_FULL },
    { "get_workflow_cycle_time_columns", BM_RO, BM_PROFILE_FULL },
    { "get_workflow_effective_cycle_time_columns", BM_RO, BM_PROFILE_FULL },
    { "create_workspaces_and_boards", BM_W, BM_PROFILE_FULL },
    { "create_boards_in_workspace", BM_W, BM_PROFILE_FULL },
    { "configure_board_structure", BM_W, BM_PROFILE_FULL },
  };
  size_t i;

  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    const bm_tool *tool = bm_catalog_find(t[i].name);

    CHECK(tool != NULL);
    if (!tool)
      continue;
    if (tool->ann != t[i].ann || tool->profile != t[i].p)
      fprintf(stderr, "  %s: annotation or profile differs\n", t[i].name);
    CHECK(tool->ann == t[i].ann);
    CHECK(tool->profile == t[i].p);
    CHECK(tool->doing != NULL);
    CHECK(tool->desc && strlen(tool->desc) <= 120);
  }
}

int main(void)
{
  catalog_entries_match_the_reference();
  setup_creates_renames_and_resolves_parents();
  setup_skips_what_depends_on_a_failure();
  setup_creates_workspaces_then_boards();
  search_board_lists_boards_for_an_unknown_id();
  search_board_takes_a_listed_board_after_a_404();
  search_board_by_name_adds_the_structure_of_one_match();
  bad_structure_input_sends_nothing();
  create_board_uses_the_default_workspace();
  single_item_answers_get_their_id_back();
  return check_report();
}
