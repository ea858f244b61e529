/*
 * tools_setup.c - board setup in batches (operations.md §2.8), built on
 * F-SETUP (§1.7).
 *
 * The three tools share one walker. It starts from a plan, a tree of
 * workspaces > boards > workflows in which an entry without a name exists
 * already (its id, where one is needed, is in the entry), and sends one
 * request at a time, in plan order. Every outcome goes into a report tree
 * of the same shape. A failure becomes an `error` or `errors` entry and
 * skips only what depends on the failed item, so the call itself always
 * succeeds: the report is the answer.
 *
 * Memory: the walker (plan, cursor, column names) is c->state, freed by
 * the engine through walk_free; the report is c->acc until the end.
 */
#include <stdio.h>
#include <stdlib.h>

#include "call.h"

/* The stages of the walk, in the order F-SETUP runs them. A stage's
 * number is also the tag of the request it sends. */
enum stage {
  S_WORKSPACE = 0, /* next workspace: POST /workspaces unless it exists */
  S_BOARD,         /* next board: POST /boards unless it exists */
  S_WORKFLOW,      /* next workflow: POST it, or PATCH its name */
  S_STRUCTURE,     /* GET currentStructure when column names are needed */
  S_RENAME,        /* PATCH each default column to rename */
  S_COLUMN,        /* POST each column */
  S_LANE,          /* POST each lane */
  S_DONE
};

/* Which tool runs the walk, and so which part of the report it returns. */
enum kind { K_WORKSPACES, K_BOARDS, K_STRUCTURE };

typedef struct walk {
  cJSON *plan;        /* [{name?, type?, workspace_id?, boards}] */
  int wi, bi, fi, ii; /* workspace, board, workflow, item */
  long long workspace_id, board_id, workflow_id;
  cJSON *names;   /* column name -> column_id, this workflow */
  cJSON *renames; /* [{column_id, section, name}] to send */
  cJSON *ws_rep, *board_rep, *flow_rep; /* borrowed from c->acc */
  int errors;
} walk;

static const char *const column_keys[] = {
  "column_id", "name", "section", "parent_column_id", NULL,
};

static const char *const lane_keys[] = { "lane_id", "name", NULL };

static void walk_free(void *p)
{
  walk *w = p;

  cJSON_Delete(w->plan);
  cJSON_Delete(w->names);
  cJSON_Delete(w->renames);
  free(w);
}

static cJSON *get(const cJSON *o, const char *key)
{
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A positive integer member, or 0. */
static long long id_of(const cJSON *o, const char *key)
{
  const cJSON *v = get(o, key);

  return cJSON_IsNumber(v) && v->valuedouble >= 1 ? (long long)v->valuedouble
                                                  : 0;
}

/* The plan entries under the cursor; NULL past the end of a list. */
static const cJSON *ws_at(const walk *w)
{
  return cJSON_GetArrayItem(w->plan, w->wi);
}

static const cJSON *board_at(const walk *w)
{
  return cJSON_GetArrayItem(get(ws_at(w), "boards"), w->bi);
}

static const cJSON *flow_at(const walk *w)
{
  return cJSON_GetArrayItem(get(board_at(w), "workflows"), w->fi);
}

/* ---- the report ------------------------------------------------------- */

/* Records a failure of the current workflow: "<what> '<name>': <error>". */
static void flow_error(walk *w, const char *what, const char *name,
                       const char *error)
{
  bm_buf b;

  bm_buf_init(&b, 8192);
  bm_buf_adds(&b, what);
  if (name)
    bm_buf_addf(&b, " '%s'", name);
  bm_buf_addf(&b, ": %s", error);
  cJSON_AddItemToArray(get(w->flow_rep, "errors"),
                       cJSON_CreateString(b.failed ? what : b.data));
  bm_buf_free(&b);
  w->errors++;
}

/* Records the failure of a workspace or a board in its own entry. */
static void item_error(walk *w, cJSON *rep, const char *error)
{
  cJSON_AddStringToObject(rep, "error", error);
  w->errors++;
}

static cJSON *new_flow_rep(walk *w)
{
  cJSON *r = cJSON_CreateObject();

  cJSON_AddItemToArray(get(w->board_rep, "workflows"), r);
  cJSON_AddNullToObject(r, "workflow_id");
  cJSON_AddFalseToObject(r, "created");
  cJSON_AddArrayToObject(r, "renamed_default_columns");
  cJSON_AddArrayToObject(r, "created_columns");
  cJSON_AddArrayToObject(r, "created_lanes");
  cJSON_AddArrayToObject(r, "errors");
  return r;
}

/* ---- column names ----------------------------------------------------- */

/* Maps a name (any case) to a column of the current workflow; the latest
 * column given a name wins. */
static void name_put(walk *w, const char *name, long long id)
{
  if (!w->names)
    w->names = cJSON_CreateObject();
  cJSON_DeleteItemFromObject(w->names, name);
  cJSON_AddNumberToObject(w->names, name, (double)id);
}

static long long name_get(const walk *w, const char *name)
{
  const cJSON *v = cJSON_GetObjectItem(w->names, name);

  return cJSON_IsNumber(v) ? (long long)v->valuedouble : 0;
}

/* The new name a default_columns entry gives to section s, or NULL. */
static const char *default_name(const cJSON *defaults, long long s)
{
  const cJSON *d;

  cJSON_ArrayForEach (d, defaults)
    if (id_of(d, "section") == s)
      return cJSON_GetStringValue(get(d, "name"));
  return NULL;
}

/* Reads the columns of the structure: every column of the workflow goes
 * into the name map; each top-level one whose section has a default
 * name is queued for renaming. Columns may say `workflow` (quirk 11). */
static void read_columns(walk *w, const cJSON *cols, const cJSON *defaults)
{
  const cJSON *col;

  cJSON_ArrayForEach (col, cols) {
    long long id =
        col->string ? strtoll(col->string, NULL, 10) : id_of(col, "column_id");
    long long wf = id_of(col, "workflow_id") ? id_of(col, "workflow_id")
                                             : id_of(col, "workflow");
    const char *name = cJSON_GetStringValue(get(col, "name"));
    const char *to;
    cJSON *r;

    if (id <= 0 || wf != w->workflow_id)
      continue;
    if (name)
      name_put(w, name, id);
    if (id_of(col, "parent_column_id"))
      continue;
    to = default_name(defaults, id_of(col, "section"));
    if (!to)
      continue;
    r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "column_id", (double)id);
    cJSON_AddNumberToObject(r, "section", (double)id_of(col, "section"));
    cJSON_AddStringToObject(r, "name", to);
    cJSON_AddItemToArray(w->renames, r);
  }
}

/* ---- sending ---------------------------------------------------------- */

/* Sends the request of the current stage; returns 1 (a request is out,
 * or the call has failed for want of memory). */
static int send_req(bm_call *c, const char *method, cJSON *body,
                    const char *fmt, long long a, long long b)
{
  char path[96];

  snprintf(path, sizeof path, fmt, a, b);
  bm__call_send(c, c->stage, method, path, body);
  return 1;
}

/* Copies the optional members of a plan entry into a body. */
static void copy_opt(cJSON *body, const cJSON *from, const char *key)
{
  const cJSON *v = get(from, key);

  if (v)
    cJSON_AddItemToObject(body, key, cJSON_Duplicate(v, 1));
}

static void add_int(cJSON *body, const cJSON *from, const char *key,
                    long long dflt)
{
  const cJSON *v = get(from, key);

  cJSON_AddNumberToObject(body, key,
                          cJSON_IsNumber(v) ? v->valuedouble : (double)dflt);
}

/* ---- the stages: each start returns 1 once it has sent a request, 0
 * when it only moved the cursor; each reply records and moves on. ---- */

static int start_workspace(bm_call *c, walk *w)
{
  const cJSON *ws = ws_at(w), *name = get(ws, "name");
  cJSON *body;

  if (!ws) {
    c->stage = S_DONE;
    return 0;
  }
  w->ws_rep = cJSON_CreateObject();
  cJSON_AddItemToArray(c->acc, w->ws_rep);
  w->bi = 0;
  if (!name) {
    w->workspace_id = id_of(ws, "workspace_id");
    cJSON_AddArrayToObject(w->ws_rep, "boards");
    c->stage = S_BOARD;
    return 0;
  }
  cJSON_AddItemToObject(w->ws_rep, "name", cJSON_Duplicate(name, 1));
  body = cJSON_CreateObject();
  copy_opt(body, ws, "name");
  copy_opt(body, ws, "type");
  return send_req(c, "POST", body, "/workspaces", 0, 0);
}

static void on_workspace(bm_call *c, walk *w, const bm_reply *r)
{
  long long id = r->error ? 0 : id_of(r->data, "workspace_id");

  if (id) {
    w->workspace_id = id;
    cJSON_AddNumberToObject(w->ws_rep, "workspace_id", (double)id);
    c->stage = S_BOARD;
  } else {
    item_error(w, w->ws_rep,
               r->error ? r->error
                        : "the API answered without a "
                          "workspace_id");
    w->wi++;
  }
  cJSON_AddArrayToObject(w->ws_rep, "boards");
}

static int start_board(bm_call *c, walk *w)
{
  const cJSON *b = board_at(w), *name = get(b, "name");
  cJSON *body;

  if (!b) {
    w->wi++;
    c->stage = S_WORKSPACE;
    return 0;
  }
  w->board_rep = cJSON_CreateObject();
  cJSON_AddItemToArray(get(w->ws_rep, "boards"), w->board_rep);
  w->fi = 0;
  if (!name) {
    w->board_id = id_of(b, "board_id");
    cJSON_AddArrayToObject(w->board_rep, "workflows");
    c->stage = S_WORKFLOW;
    return 0;
  }
  cJSON_AddItemToObject(w->board_rep, "name", cJSON_Duplicate(name, 1));
  body = cJSON_CreateObject();
  cJSON_AddNumberToObject(body, "workspace_id", (double)w->workspace_id);
  copy_opt(body, b, "name");
  copy_opt(body, b, "description");
  return send_req(c, "POST", body, "/boards", 0, 0);
}

static void on_board(bm_call *c, walk *w, const bm_reply *r)
{
  long long id = r->error ? 0 : id_of(r->data, "board_id");

  if (id) {
    w->board_id = id;
    cJSON_AddNumberToObject(w->board_rep, "board_id", (double)id);
    c->stage = S_WORKFLOW;
  } else {
    item_error(w, w->board_rep,
               r->error ? r->error
                        : "the API answered without a "
                          "board_id");
    w->bi++;
  }
  cJSON_AddArrayToObject(w->board_rep, "workflows");
}

/* F-SETUP step 1: create the workflow, or rename the given one. */
static int start_workflow(bm_call *c, walk *w)
{
  const cJSON *f = flow_at(w), *name = get(f, "name");
  cJSON *body;

  if (!f) {
    w->bi++;
    c->stage = S_BOARD;
    return 0;
  }
  w->flow_rep = new_flow_rep(w);
  cJSON_Delete(w->names);
  cJSON_Delete(w->renames);
  w->names = NULL;
  w->renames = cJSON_CreateArray();
  w->ii = 0;
  w->workflow_id = id_of(f, "workflow_id");
  if (w->workflow_id) {
    cJSON_ReplaceItemInObject(w->flow_rep, "workflow_id",
                              cJSON_CreateNumber((double)w->workflow_id));
    c->stage = S_STRUCTURE;
    if (!name)
      return 0;
    c->stage = S_WORKFLOW;
    body = cJSON_CreateObject();
    copy_opt(body, f, "name");
    return send_req(c, "PATCH", body, "/boards/%lld/workflows/%lld",
                    w->board_id, w->workflow_id);
  }
  if (!get(f, "type")) {
    flow_error(w, "creating workflow", NULL,
               "type is required without "
               "workflow_id");
    w->fi++;
    return 0;
  }
  body = cJSON_CreateObject();
  copy_opt(body, f, "type");
  copy_opt(body, f, "name");
  return send_req(c, "POST", body, "/boards/%lld/workflows", w->board_id, 0);
}

static void on_workflow(bm_call *c, walk *w, const bm_reply *r)
{
  long long id;

  if (w->workflow_id) { /* the rename of an existing workflow */
    if (r->error)
      flow_error(w, "renaming workflow", NULL, r->error);
    c->stage = S_STRUCTURE;
    return;
  }
  id = r->error ? 0 : id_of(r->data, "workflow_id");
  if (!id) {
    flow_error(w, "creating workflow", NULL,
               r->error ? r->error
                        : "the API answered without a "
                          "workflow_id");
    w->fi++;
    return;
  }
  w->workflow_id = id;
  cJSON_ReplaceItemInObject(w->flow_rep, "workflow_id",
                            cJSON_CreateNumber((double)id));
  cJSON_ReplaceItemInObject(w->flow_rep, "created", cJSON_CreateTrue());
  c->stage = S_STRUCTURE;
}

/* F-SETUP step 2: the structure is read only when names are needed. */
static int start_structure(bm_call *c, walk *w)
{
  const cJSON *f = flow_at(w), *col;
  int needed = cJSON_GetArraySize(get(f, "default_columns")) > 0;

  cJSON_ArrayForEach (col, get(f, "columns"))
    needed |= get(col, "parent_column_name") != NULL;
  if (!needed) {
    c->stage = S_COLUMN;
    return 0;
  }
  return send_req(c, "GET", NULL, "/boards/%lld/currentStructure", w->board_id,
                  0);
}

static void on_structure(bm_call *c, walk *w, const bm_reply *r)
{
  if (r->error) {
    flow_error(w, "reading the board structure", NULL, r->error);
    c->stage = S_COLUMN;
    return;
  }
  read_columns(w, get(r->data, "columns"), get(flow_at(w), "default_columns"));
  c->stage = S_RENAME;
}

static int start_rename(bm_call *c, walk *w)
{
  const cJSON *rn = cJSON_GetArrayItem(w->renames, w->ii);
  cJSON *body;

  if (!rn) {
    w->ii = 0;
    c->stage = S_COLUMN;
    return 0;
  }
  body = cJSON_CreateObject();
  copy_opt(body, rn, "name");
  return send_req(c, "PATCH", body, "/boards/%lld/columns/%lld", w->board_id,
                  id_of(rn, "column_id"));
}

static void on_rename(bm_call *c, walk *w, const bm_reply *r)
{
  const cJSON *rn = cJSON_GetArrayItem(w->renames, w->ii++);
  const char *name = cJSON_GetStringValue(get(rn, "name"));

  (void)c;
  if (r->error) {
    flow_error(w, "renaming default column", name, r->error);
    return;
  }
  cJSON_AddItemToArray(get(w->flow_rep, "renamed_default_columns"),
                       cJSON_Duplicate(rn, 1));
  name_put(w, name, id_of(rn, "column_id"));
}

/* F-SETUP step 3: a sub-column by its parent's name, or a main column. */
static int start_column(bm_call *c, walk *w)
{
  const cJSON *col = cJSON_GetArrayItem(get(flow_at(w), "columns"), w->ii);
  const char *parent, *name;
  long long parent_id = 0;
  cJSON *body;

  if (!col) {
    w->ii = 0;
    c->stage = S_LANE;
    return 0;
  }
  name = cJSON_GetStringValue(get(col, "name"));
  parent = cJSON_GetStringValue(get(col, "parent_column_name"));
  if (parent && !(parent_id = name_get(w, parent))) {
    char why[512];

    snprintf(why, sizeof why, "no column named '%.400s' in workflow %lld",
             parent, w->workflow_id);
    flow_error(w, "creating column", name, why);
    w->ii++;
    return 0;
  }
  body = cJSON_CreateObject();
  if (parent) {
    cJSON_AddNumberToObject(body, "parent_column_id", (double)parent_id);
  } else {
    cJSON_AddNumberToObject(body, "workflow_id", (double)w->workflow_id);
    add_int(body, col, "section", 3);
  }
  add_int(body, col, "position", 0);
  copy_opt(body, col, "name");
  copy_opt(body, col, "limit");
  copy_opt(body, col, "description");
  return send_req(c, "POST", body, "/boards/%lld/columns", w->board_id, 0);
}

static void on_column(bm_call *c, walk *w, const bm_reply *r)
{
  const cJSON *col = cJSON_GetArrayItem(get(flow_at(w), "columns"), w->ii++);
  const char *name = cJSON_GetStringValue(get(col, "name"));
  long long id = r->error ? 0 : id_of(r->data, "column_id");

  (void)c;
  if (!id) {
    flow_error(w, "creating column", name,
               r->error ? r->error
                        : "the API answered without a "
                          "column_id");
    return;
  }
  cJSON_AddItemToArray(get(w->flow_rep, "created_columns"),
                       bm__pick(r->data, column_keys));
  name_put(w, name, id);
}

/* F-SETUP step 4: the lanes of the workflow. */
static int start_lane(bm_call *c, walk *w)
{
  const cJSON *lane = cJSON_GetArrayItem(get(flow_at(w), "lanes"), w->ii);
  cJSON *body;

  if (!lane) {
    w->fi++;
    c->stage = S_WORKFLOW;
    return 0;
  }
  body = cJSON_CreateObject();
  cJSON_AddNumberToObject(body, "workflow_id", (double)w->workflow_id);
  add_int(body, lane, "position", 0);
  copy_opt(body, lane, "name");
  copy_opt(body, lane, "color");
  return send_req(c, "POST", body, "/boards/%lld/lanes", w->board_id, 0);
}

static void on_lane(bm_call *c, walk *w, const bm_reply *r)
{
  const cJSON *lane = cJSON_GetArrayItem(get(flow_at(w), "lanes"), w->ii++);

  (void)c;
  if (r->error) {
    flow_error(w, "creating lane", cJSON_GetStringValue(get(lane, "name")),
               r->error);
    return;
  }
  cJSON_AddItemToArray(get(w->flow_rep, "created_lanes"),
                       bm__pick(r->data, lane_keys));
}

static const struct {
  int (*start)(bm_call *c, walk *w);
  void (*reply)(bm_call *c, walk *w, const bm_reply *r);
} stages[] = {
  [S_WORKSPACE] = { start_workspace, on_workspace },
  [S_BOARD] = { start_board, on_board },
  [S_WORKFLOW] = { start_workflow, on_workflow },
  [S_STRUCTURE] = { start_structure, on_structure },
  [S_RENAME] = { start_rename, on_rename },
  [S_COLUMN] = { start_column, on_column },
  [S_LANE] = { start_lane, on_lane },
};

/* ---- the walk --------------------------------------------------------- */

/* The plan of each tool: one tree shape for all three. */
static cJSON *plan_for(const bm_call *c, int kind)
{
  cJSON *plan, *entry, *boards, *board;

  if (kind == K_WORKSPACES)
    return cJSON_Duplicate(get(c->args, "workspaces"), 1);
  plan = cJSON_CreateArray();
  entry = cJSON_CreateObject();
  cJSON_AddItemToArray(plan, entry);
  if (kind == K_BOARDS) {
    copy_opt(entry, c->args, "workspace_id");
    copy_opt(entry, c->args, "boards");
    return plan;
  }
  boards = cJSON_AddArrayToObject(entry, "boards");
  board = cJSON_CreateObject();
  cJSON_AddItemToArray(boards, board);
  copy_opt(board, c->args, "board_id");
  copy_opt(board, c->args, "workflows");
  return plan;
}

/* The part of the report the tool returns, after a one-line summary. */
static void finish(bm_call *c, const walk *w, int kind)
{
  cJSON *out = cJSON_CreateObject(), *ws = cJSON_GetArrayItem(c->acc, 0);
  char line[96];

  if (kind == K_WORKSPACES) {
    cJSON_AddItemToObject(out, "workspaces", c->acc);
    c->acc = NULL;
  } else if (kind == K_BOARDS) {
    copy_opt(out, c->args, "workspace_id");
    cJSON_AddItemToObject(out, "boards",
                          cJSON_DetachItemFromObject(ws, "boards"));
  } else {
    copy_opt(out, c->args, "board_id");
    cJSON_AddItemToObject(
        out, "workflows",
        cJSON_DetachItemFromObject(cJSON_GetArrayItem(get(ws, "boards"), 0),
                                   "workflows"));
  }
  snprintf(line, sizeof line, "Setup finished with %d error%s:", w->errors,
           w->errors == 1 ? "" : "s");
  bm__call_done(c, out, line);
}

static void run(bm_call *c, const bm_reply *r, int kind)
{
  walk *w = c->state;

  if (!r) {
    w = calloc(1, sizeof *w);
    if (!w) {
      bm__call_fail(c, "Error: the server ran out of memory");
      return;
    }
    c->state = w;
    c->state_free = walk_free;
    w->plan = plan_for(c, kind);
    c->acc = cJSON_CreateArray();
    c->stage = S_WORKSPACE;
  } else if (r->tag >= S_WORKSPACE && r->tag < S_DONE) {
    stages[r->tag].reply(c, w, r);
  }
  while (!c->finished && c->stage != S_DONE)
    if (stages[c->stage].start(c, w))
      return;
  if (!c->finished)
    finish(c, w, kind);
}

static void workspaces_and_boards(bm_call *c, const bm_reply *r)
{
  run(c, r, K_WORKSPACES);
}

static void boards_in_workspace(bm_call *c, const bm_reply *r)
{
  run(c, r, K_BOARDS);
}

static void board_structure(bm_call *c, const bm_reply *r)
{
  run(c, r, K_STRUCTURE);
}

/* ---- the table -------------------------------------------------------- */

static const bm_param default_column_fields[] = {
  { .name = "section",
    .type = BM_T_IENUM,
    .flags = BM_REQ,
    .choices = "2|3|4" },
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ },
  { 0 },
};

static const bm_param column_fields[] = {
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ },
  { .name = "section", .type = BM_T_IENUM, .choices = "1|2|3|4" },
  { .name = "position", .type = BM_T_POS },
  { .name = "limit", .type = BM_T_INT },
  { .name = "description", .type = BM_T_TEXT },
  { .name = "parent_column_name", .type = BM_T_NAME },
  { 0 },
};

static const bm_param lane_fields[] = {
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ },
  { .name = "color", .type = BM_T_COLOR },
  { .name = "position", .type = BM_T_POS },
  { 0 },
};

static const bm_param workflow_fields[] = {
  { .name = "workflow_id", .type = BM_T_ID },
  { .name = "type",
    .type = BM_T_IENUM,
    .choices = "0|1|2",
    .desc = "0 cards, 1 initiatives, 2 timeline" },
  { .name = "name", .type = BM_T_NAME },
  { .name = "default_columns",
    .type = BM_T_OBJS,
    .max_items = 10,
    .fields = default_column_fields },
  { .name = "columns",
    .type = BM_T_OBJS,
    .max_items = 10,
    .fields = column_fields },
  { .name = "lanes",
    .type = BM_T_OBJS,
    .max_items = 10,
    .fields = lane_fields },
  { 0 },
};

/* Nested shapes are shown as one short signature instead of a schema
 * repeated in every setup tool; the fields are still checked. */
#define WORKFLOWS_SHAPE                                                \
  "[{workflow_id (existing) or type (0 cards, 1 initiatives, 2 "       \
  "timeline), name, default_columns: [{section 2-4, name}], columns: " \
  "[{name, section, position, limit, parent_column_name}], lanes: "    \
  "[{name, color, position}]}], all optional but names"

static const bm_param board_fields[] = {
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ },
  { .name = "description", .type = BM_T_TEXT },
  { .name = "workflows",
    .type = BM_T_OBJS,
    .flags = BM_BRIEF,
    .max_items = 5,
    .fields = workflow_fields,
    .desc = "as in configure_board_structure" },
  { 0 },
};

static const bm_param workspace_fields[] = {
  { .name = "name", .type = BM_T_NAME, .flags = BM_REQ },
  { .name = "type",
    .type = BM_T_IENUM,
    .choices = "1|2",
    .desc = "1 team, 2 management" },
  { .name = "boards",
    .type = BM_T_OBJS,
    .flags = BM_BRIEF,
    .max_items = 10,
    .fields = board_fields,
    .desc = "[{name, description, workflows (as in "
            "configure_board_structure)}]" },
  { 0 },
};

static const bm_param workspaces_params[] = {
  { .name = "workspaces",
    .type = BM_T_OBJS,
    .flags = BM_REQ | BM_LOCAL,
    .min_items = 1,
    .max_items = 3,
    .fields = workspace_fields },
  { 0 },
};

static const bm_param boards_params[] = {
  { .name = "workspace_id", .type = BM_T_ID, .flags = BM_REQ | BM_LOCAL },
  { .name = "boards",
    .type = BM_T_OBJS,
    .flags = BM_REQ | BM_LOCAL,
    .min_items = 1,
    .max_items = 3,
    .fields = board_fields },
  { 0 },
};

static const bm_param structure_params[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_LOCAL },
  { .name = "workflows",
    .type = BM_T_OBJS,
    .flags = BM_REQ | BM_LOCAL | BM_BRIEF,
    .min_items = 1,
    .max_items = 5,
    .fields = workflow_fields,
    .desc = WORKFLOWS_SHAPE },
  { 0 },
};

const bm_tool bm__tools_setup[] = {
  { .name = "create_workspaces_and_boards",
    .desc = "Create workspaces with boards and their structure.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = workspaces_params,
    .step = workspaces_and_boards,
    .doing = "setting up workspaces" },
  { .name = "create_boards_in_workspace",
    .desc = "Create boards with their structure in a workspace.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = boards_params,
    .step = boards_in_workspace,
    .doing = "setting up boards" },
  { .name = "configure_board_structure",
    .desc = "On a board: create or rename workflows, rename default "
            "columns, add columns and lanes.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = structure_params,
    .step = board_structure,
    .doing = "configuring board structure" },
  { 0 },
};
