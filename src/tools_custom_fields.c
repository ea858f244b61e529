/*
 * tools_custom_fields.c - custom fields and card types (operations.md
 * §2.15).
 *
 * Custom fields are account-level definitions attached to boards (API
 * quirk 15). The multi-step tools here: create (define, then attach),
 * update (definition, then each dropdown option, then the board
 * settings), delete (an impact report that changes nothing unless
 * confirm=true), and list, which pages in the server because the API
 * returns every definition at once. Definition writes need admin rights;
 * a 403 says so.
 */
#include <stdio.h>
#include <string.h>

#include "call.h"

#define DEFAULT_PAGE_SIZE 50

/* The error of a failed definition write, naming the admin-rights rule
 * the API enforces with 403. */
static void fail_definition(bm_call *c, const bm_reply *r)
{
  if (r->status == 403)
    bm__call_fail(c,
                  "Error %s: managing custom-field definitions needs "
                  "admin rights (%s)",
                  c->tool->doing, r->error);
  else
    bm__call_fail_reply(c, r);
}

/* Copies a validated argument into a body under the API's name; booleans
 * become the API's 0/1 flags. */
static void copy_arg(const bm_call *c, cJSON *body, const char *arg,
                     const char *api)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, arg);

  if (cJSON_IsBool(v))
    cJSON_AddNumberToObject(body, api, cJSON_IsTrue(v) ? 1 : 0);
  else if (v)
    cJSON_AddItemToObject(body, api, cJSON_Duplicate(v, 1));
}

/* Adds min_value and max_value from validation {min, max}. */
static void copy_validation(const bm_call *c, cJSON *body)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, "validation");
  const cJSON *min = cJSON_GetObjectItemCaseSensitive(v, "min");
  const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max");

  if (min)
    cJSON_AddItemToObject(body, "min_value", cJSON_Duplicate(min, 1));
  if (max)
    cJSON_AddItemToObject(body, "max_value", cJSON_Duplicate(max, 1));
}

/* {value, position} of option i; the color has no API field. */
static cJSON *option_body(const cJSON *opt, int i)
{
  cJSON *b = cJSON_CreateObject();

  cJSON_AddItemToObject(
      b, "value",
      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(opt, "value"), 1));
  cJSON_AddNumberToObject(b, "position", i);
  return b;
}

/* The board-level settings body: {position?, value_is_required?}. */
static cJSON *board_body(const bm_call *c)
{
  cJSON *b = cJSON_CreateObject();

  copy_arg(c, b, "position", "position");
  copy_arg(c, b, "is_required", "value_is_required");
  return b;
}

/* Checks the rules the schema cannot say; -1 after failing the call. */
static int check_field_args(bm_call *c, const char *type)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, "validation");
  const cJSON *min = cJSON_GetObjectItemCaseSensitive(v, "min");
  const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max");

  if (type && bm__arg_has(c, "options") && strcmp(type, "dropdown") != 0) {
    bm__call_fail(c, "Invalid argument 'options': only dropdown fields "
                     "have options");
    return -1;
  }
  if (type && v && strcmp(type, "number") != 0) {
    bm__call_fail(c, "Invalid argument 'validation': only number fields "
                     "have a min and max");
    return -1;
  }
  if (min && max && min->valuedouble > max->valuedouble) {
    bm__call_fail(c, "Invalid argument 'validation': min must not be "
                     "greater than max");
    return -1;
  }
  if (bm__arg_has(c, "position") && !bm__arg_has(c, "board_id")) {
    bm__call_fail(c, "Invalid argument 'position': it is the field's "
                     "place on a board; give board_id too");
    return -1;
  }
  return 0;
}

/* ---- get_custom_field ------------------------------------------------ */

/* The single GET may leave field_id out (API §2.1); it comes back from
 * the path under the API's name, not the argument's. */
static void get_field(bm_call *c, const bm_reply *r)
{
  cJSON *o;

  if (!r || r->error || !cJSON_IsObject(r->data)) {
    bm__step_single(c, r);
    return;
  }
  o = cJSON_Duplicate(r->data, 1);
  if (!cJSON_GetObjectItemCaseSensitive(o, "field_id"))
    cJSON_AddNumberToObject(o, "field_id",
                            (double)bm__arg_int(c, "custom_field_id", 0));
  bm__call_done(c, o, NULL);
}

/* ---- list_custom_fields ---------------------------------------------- */

static void list_fields(bm_call *c, const bm_reply *r)
{
  long long page, size, total, first, i;
  cJSON *o, *list;

  if (!bm__step_reply(c, r))
    return;
  total = cJSON_IsArray(r->data) ? cJSON_GetArraySize(r->data) : 0;
  o = cJSON_CreateObject();
  if (!bm__arg_has(c, "page") && !bm__arg_has(c, "page_size")) {
    cJSON_AddItemToObject(o, "customFields",
                          cJSON_IsArray(r->data) ? cJSON_Duplicate(r->data, 1)
                                                 : cJSON_CreateArray());
    cJSON_AddNumberToObject(o, "count", (double)total);
    bm__call_done(c, o, NULL);
    return;
  }
  page = bm__arg_int(c, "page", 1);
  size = bm__arg_int(c, "page_size", DEFAULT_PAGE_SIZE);
  first = (page - 1) * size;
  list = cJSON_AddArrayToObject(o, "customFields");
  for (i = first; i < total && i < first + size; i++)
    cJSON_AddItemToArray(
        list, cJSON_Duplicate(cJSON_GetArrayItem(r->data, (int)i), 1));
  cJSON_AddNumberToObject(o, "count", cJSON_GetArraySize(list));
  cJSON_AddNumberToObject(o, "total", (double)total);
  cJSON_AddNumberToObject(o, "page", (double)page);
  cJSON_AddNumberToObject(o, "page_size", (double)size);
  bm__call_done(c, o, NULL);
}

/* ---- create_custom_field --------------------------------------------- */

enum { CREATE_DEFINE, CREATE_ATTACH };

static cJSON *create_body(const bm_call *c)
{
  const cJSON *opts = cJSON_GetObjectItemCaseSensitive(c->args, "options");
  cJSON *b = cJSON_CreateObject(), *values;
  const cJSON *o;
  int i = 0;

  copy_arg(c, b, "name", "name");
  copy_arg(c, b, "field_type", "type");
  copy_arg(c, b, "description", "description");
  copy_arg(c, b, "is_required", "value_is_required");
  copy_validation(c, b);
  if (opts) {
    values = cJSON_AddArrayToObject(b, "allowed_values");
    cJSON_ArrayForEach (o, opts)
      cJSON_AddItemToArray(values, option_body(o, i++));
  }
  return b;
}

/* Attaches the new field to board_id, or ends the call when there is no
 * board to attach to. */
static void create_attach(bm_call *c)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(c->acc, "field_id");
  char path[96];

  if (!bm__arg_has(c, "board_id")) {
    bm__call_done(c, c->acc, "Custom field created successfully:");
    c->acc = NULL;
    return;
  }
  if (!cJSON_IsNumber(id)) {
    bm__call_done(c, c->acc,
                  "Custom field created, but the API gave no "
                  "field_id to attach it to the board with:");
    c->acc = NULL;
    return;
  }
  snprintf(path, sizeof path, "/boards/%lld/customFields/%.0f",
           bm__arg_int(c, "board_id", 0), id->valuedouble);
  bm__call_send(c, CREATE_ATTACH, "PUT", path, board_body(c));
}

static void create_field(bm_call *c, const bm_reply *r)
{
  char summary[200];

  if (!r) {
    if (check_field_args(c, bm__arg_str(c, "field_type")) == 0)
      bm__call_send(c, CREATE_DEFINE, "POST", "/customFields", create_body(c));
    return;
  }
  if (r->tag == CREATE_DEFINE) {
    if (r->error) {
      fail_definition(c, r);
      return;
    }
    c->acc = cJSON_IsObject(r->data) ? cJSON_Duplicate(r->data, 1)
                                     : cJSON_CreateObject();
    create_attach(c);
    return;
  }
  if (r->error) {
    /* The definition exists: report it, not an error that invites a
     * second create. */
    cJSON_AddStringToObject(c->acc, "board_error", r->error);
    snprintf(summary, sizeof summary,
             "Custom field created, but attaching "
             "it to board %lld failed:",
             bm__arg_int(c, "board_id", 0));
  } else {
    cJSON_AddItemToObject(c->acc, "board", cJSON_Duplicate(r->data, 1));
    snprintf(summary, sizeof summary,
             "Custom field created and attached "
             "to board %lld:",
             bm__arg_int(c, "board_id", 0));
  }
  bm__call_done(c, c->acc, summary);
  c->acc = NULL;
}

/* ---- update_custom_field --------------------------------------------- */

/* Stages, in order; each is skipped when it has nothing to do. acc holds
 * [definition or null, board settings or null]. */
enum { UPD_DEFINE, UPD_OPTION, UPD_BOARD, UPD_READ, UPD_DONE };
enum { SLOT_DEFINITION, SLOT_BOARD };

/* The definition PATCH body, or NULL when no definition key changes. */
static cJSON *update_body(const bm_call *c)
{
  cJSON *b = cJSON_CreateObject();

  copy_arg(c, b, "name", "name");
  copy_arg(c, b, "description", "description");
  copy_arg(c, b, "is_required", "value_is_required");
  copy_validation(c, b);
  if (!b->child) {
    cJSON_Delete(b);
    return NULL;
  }
  return b;
}

/* Sends option user[0]: PATCH when it has an id, else POST. */
static void update_option(bm_call *c, long long field)
{
  const cJSON *opts = cJSON_GetObjectItemCaseSensitive(c->args, "options");
  int i = (int)c->user[0];
  const cJSON *opt = cJSON_GetArrayItem(opts, i);
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(opt, "id");
  char path[96];

  if (id) {
    snprintf(path, sizeof path, "/customFields/%lld/allowedValues/%.0f", field,
             id->valuedouble);
    bm__call_send(c, UPD_OPTION, "PATCH", path, option_body(opt, i));
  } else {
    snprintf(path, sizeof path, "/customFields/%lld/allowedValues", field);
    bm__call_send(c, UPD_OPTION, "POST", path, option_body(opt, i));
  }
}

/* Finishes with the definition, plus field_id and board. */
static void update_finish(bm_call *c)
{
  cJSON *board = cJSON_DetachItemFromArray(c->acc, SLOT_BOARD);
  cJSON *o = cJSON_DetachItemFromArray(c->acc, SLOT_DEFINITION);

  if (!cJSON_IsObject(o)) {
    cJSON_Delete(o);
    o = cJSON_CreateObject();
  }
  if (!cJSON_GetObjectItemCaseSensitive(o, "field_id"))
    cJSON_AddNumberToObject(o, "field_id",
                            (double)bm__arg_int(c, "custom_field_id", 0));
  if (bm__arg_has(c, "board_id"))
    cJSON_AddItemToObject(o, "board", board);
  else
    cJSON_Delete(board);
  bm__call_done(c, o, "Custom field updated successfully:");
}

/* Sends the first request of stage c->stage or later that has work. */
static void update_next(bm_call *c)
{
  long long field = bm__arg_int(c, "custom_field_id", 0);
  const cJSON *opts = cJSON_GetObjectItemCaseSensitive(c->args, "options");
  const cJSON *def = cJSON_GetArrayItem(c->acc, SLOT_DEFINITION);
  char path[96];
  cJSON *body;

  if (c->stage == UPD_DEFINE) {
    c->stage = UPD_OPTION;
    if ((body = update_body(c))) {
      snprintf(path, sizeof path, "/customFields/%lld", field);
      bm__call_send(c, UPD_DEFINE, "PATCH", path, body);
      return;
    }
  }
  if (c->stage == UPD_OPTION) {
    if (c->user[0] < cJSON_GetArraySize(opts)) {
      update_option(c, field);
      return;
    }
    c->stage = UPD_BOARD;
  }
  if (c->stage == UPD_BOARD) {
    c->stage = UPD_READ;
    if (bm__arg_has(c, "board_id")) {
      snprintf(path, sizeof path, "/boards/%lld/customFields/%lld",
               bm__arg_int(c, "board_id", 0), field);
      bm__call_send(c, UPD_BOARD, "PATCH", path, board_body(c));
      return;
    }
  }
  if (c->stage == UPD_READ) {
    c->stage = UPD_DONE;
    /* The PATCH answer is stale once options changed; read it again. */
    if (!cJSON_IsObject(def) || opts) {
      snprintf(path, sizeof path, "/customFields/%lld", field);
      bm__call_send(c, UPD_READ, "GET", path, NULL);
      return;
    }
  }
  update_finish(c);
}

/* Fails naming the step that failed and how many writes went before. */
static void update_fail(bm_call *c, const bm_reply *r)
{
  const char *what = r->tag == UPD_DEFINE  ? "the definition"
                     : r->tag == UPD_BOARD ? "the board settings"
                                           : "reading the result";
  char step[48], note[80] = "";

  if (r->tag == UPD_OPTION)
    snprintf(step, sizeof step, "options[%lld]", c->user[0]);
  else
    snprintf(step, sizeof step, "%s", what);
  if (c->user[1] > 0)
    snprintf(note, sizeof note, " (%lld earlier change%s applied)", c->user[1],
             c->user[1] == 1 ? " was" : "s were");
  if (r->status == 403)
    bm__call_fail(c,
                  "Error updating custom field (%s): managing "
                  "custom-field definitions needs admin rights "
                  "(%s)%s",
                  step, r->error, note);
  else
    bm__call_fail(c, "Error updating custom field (%s): %s%s", step, r->error,
                  note);
}

static void update_field(bm_call *c, const bm_reply *r)
{
  if (!r) {
    if (check_field_args(c, NULL) < 0)
      return;
    c->acc = cJSON_CreateArray();
    cJSON_AddItemToArray(c->acc, cJSON_CreateNull());
    cJSON_AddItemToArray(c->acc, cJSON_CreateNull());
    update_next(c);
    return;
  }
  if (r->error) {
    update_fail(c, r);
    return;
  }
  if (r->tag != UPD_READ)
    c->user[1]++;
  if (r->tag == UPD_OPTION)
    c->user[0]++;
  if (r->tag == UPD_DEFINE || r->tag == UPD_READ)
    cJSON_ReplaceItemInArray(c->acc, SLOT_DEFINITION,
                             cJSON_Duplicate(r->data, 1));
  if (r->tag == UPD_BOARD && r->data)
    cJSON_ReplaceItemInArray(c->acc, SLOT_BOARD, cJSON_Duplicate(r->data, 1));
  update_next(c);
}

/* ---- delete_custom_field --------------------------------------------- */

enum { IMPACT_FIELD, IMPACT_BOARDS, IMPACT_CARDS, IMPACT_N, DELETE_IT };

static void delete_report(bm_call *c)
{
  long long id = bm__arg_int(c, "custom_field_id", 0);
  const cJSON *boards = cJSON_GetArrayItem(c->acc, IMPACT_BOARDS);
  const cJSON *cards = cJSON_GetArrayItem(c->acc, IMPACT_CARDS);
  cJSON *field = cJSON_DetachItemFromArray(c->acc, IMPACT_FIELD);
  const cJSON *name;
  cJSON *o = cJSON_CreateObject(), *list, *b;
  const cJSON *e;
  char msg[400];
  int nb = 0, nc = cJSON_GetArraySize(cards);

  if (!cJSON_IsObject(field)) {
    cJSON_Delete(field);
    field = cJSON_CreateObject();
  }
  name = cJSON_GetObjectItemCaseSensitive(field, "name");
  if (!cJSON_GetObjectItemCaseSensitive(field, "field_id"))
    cJSON_AddNumberToObject(field, "field_id", (double)id);
  cJSON_AddBoolToObject(o, "requires_confirmation", 1);
  cJSON_AddItemToObject(o, "field", field);
  list = cJSON_AddArrayToObject(o, "boards");
  cJSON_ArrayForEach (e, boards) {
    b = cJSON_CreateObject();
    cJSON_AddItemToObject(
        b, "board_id",
        cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(e, "board_id"), 1));
    cJSON_AddItemToArray(list, b);
    nb++;
  }
  cJSON_AddNumberToObject(o, "card_count", nc);
  snprintf(msg, sizeof msg,
           "Deleting custom field '%.100s' (%lld) removes "
           "it from %d board%s and its values from %d card%s, everywhere. "
           "Nothing was changed; call again with confirm=true to delete.",
           cJSON_IsString(name) ? name->valuestring : "?", id, nb,
           nb == 1 ? "" : "s", nc, nc == 1 ? "" : "s");
  cJSON_AddStringToObject(o, "message", msg);
  bm__call_done(c, o, NULL);
}

static void delete_field(bm_call *c, const bm_reply *r)
{
  static const char *const reads[] = { "", "/boards", "/cards" };
  long long id = bm__arg_int(c, "custom_field_id", 0);
  char path[96];
  int i;

  if (!r && bm__arg_bool(c, "confirm", 0)) {
    snprintf(path, sizeof path, "/customFields/%lld", id);
    bm__call_send(c, DELETE_IT, "DELETE", path, NULL);
    return;
  }
  if (!r) {
    c->acc = cJSON_CreateArray();
    for (i = 0; i < IMPACT_N; i++) {
      cJSON_AddItemToArray(c->acc, cJSON_CreateNull());
      snprintf(path, sizeof path, "/customFields/%lld%s", id, reads[i]);
      bm__call_send(c, i, "GET", path, NULL);
    }
    return;
  }
  if (r->error) {
    if (r->tag == DELETE_IT)
      fail_definition(c, r);
    else
      bm__call_fail_reply(c, r);
    return;
  }
  if (r->tag == DELETE_IT) {
    cJSON *o = cJSON_CreateObject();

    cJSON_AddNumberToObject(o, "custom_field_id", (double)id);
    cJSON_AddBoolToObject(o, "deleted", 1);
    bm__call_done(c, o, NULL);
    return;
  }
  cJSON_ReplaceItemInArray(c->acc, r->tag, cJSON_Duplicate(r->data, 1));
  if (c->pending == 0)
    delete_report(c);
}

/* ---- the table -------------------------------------------------------- */

#define FIELD_TYPES                                             \
  "single_line_text|multi_line_text|number|date|link|dropdown|" \
  "contributor|file|vote|card_picker"

static const bm_param list_fields_params[] = {
  { .name = "field_type",
    .type = BM_T_ENUM,
    .flags = BM_QUERY,
    .api = "types",
    .choices = FIELD_TYPES },
  { .name = "name",
    .type = BM_T_STR,
    .flags = BM_QUERY,
    .lo = 1,
    .hi = 255,
    .desc = "exact name" },
  { .name = "page", .type = BM_T_INT, .flags = BM_LOCAL, .lo = 1 },
  { .name = "page_size",
    .type = BM_T_INT,
    .flags = BM_LOCAL,
    .lo = 1,
    .hi = 100 },
  { 0 },
};

static const bm_param field_id[] = {
  { .name = "custom_field_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param board_id[] = {
  { .name = "board_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param card_id[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param new_option[] = {
  { .name = "value",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_NOTBLANK,
    .lo = 1,
    .hi = 250 },
  { .name = "color", .type = BM_T_COLOR },
  { 0 },
};

static const bm_param any_option[] = {
  { .name = "id", .type = BM_T_ID },
  { .name = "value",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_NOTBLANK,
    .lo = 1,
    .hi = 250 },
  { .name = "color", .type = BM_T_COLOR },
  { 0 },
};

/* Any finite number: with lo == hi the checker takes [lo, 9e15] and the
 * schema shows no bounds, which would only cost tokens. */
static const bm_param min_max[] = {
  { .name = "min", .type = BM_T_NUM, .lo = -9e15, .hi = -9e15 },
  { .name = "max", .type = BM_T_NUM, .lo = -9e15, .hi = -9e15 },
  { 0 },
};

static const bm_param create_params[] = {
  { .name = "name",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_NOTBLANK,
    .lo = 1,
    .hi = 255 },
  { .name = "field_type",
    .type = BM_T_ENUM,
    .flags = BM_REQ,
    .choices = FIELD_TYPES },
  { .name = "board_id", .type = BM_T_ID },
  { .name = "description", .type = BM_T_TEXT },
  { .name = "is_required", .type = BM_T_BOOL },
  { .name = "position", .type = BM_T_POS },
  { .name = "options",
    .type = BM_T_OBJS,
    .fields = new_option,
    .max_items = 100 },
  { .name = "validation", .type = BM_T_OBJ, .fields = min_max },
  { 0 },
};

static const bm_param update_params[] = {
  { .name = "custom_field_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "name",
    .type = BM_T_STR,
    .flags = BM_NOTBLANK,
    .lo = 1,
    .hi = 255 },
  { .name = "description", .type = BM_T_TEXT },
  { .name = "is_required", .type = BM_T_BOOL },
  { .name = "options",
    .type = BM_T_OBJS,
    .fields = any_option,
    .max_items = 100 },
  { .name = "validation", .type = BM_T_OBJ, .fields = min_max },
  { .name = "board_id", .type = BM_T_ID },
  { .name = "position", .type = BM_T_POS },
  { 0 },
};

static const bm_param delete_params[] = {
  { .name = "custom_field_id", .type = BM_T_ID, .flags = BM_REQ },
  { .name = "confirm", .type = BM_T_BOOL },
  { 0 },
};

const bm_tool bm__tools_custom_fields[] = {
  { .name = "list_custom_fields",
    .desc = "List custom-field definitions of the account.",
    .ann = BM_RO,
    .profile = BM_PROFILE_STANDARD,
    .method = "GET",
    .path = "/customFields",
    .params = list_fields_params,
    .step = list_fields },
  { .name = "list_board_custom_fields",
    .desc = "The custom fields available on a board, with its settings.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/boards/{board_id}/customFields",
    .params = board_id },
  { .name = "get_custom_field",
    .desc = "Get one custom-field definition.",
    .ann = BM_RO,
    .profile = BM_PROFILE_STANDARD,
    .method = "GET",
    .path = "/customFields/{custom_field_id}",
    .params = field_id,
    .step = get_field },
  { .name = "create_custom_field",
    .desc = "Define a custom field (admin only); board_id also attaches "
            "it there. options: dropdown; validation: number.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = create_params,
    .step = create_field,
    .doing = "creating custom field" },
  { .name = "update_custom_field",
    .desc = "Change a custom field; an option with id is edited, without "
            "is added; board_id+position: its board settings.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .params = update_params,
    .step = update_field,
    .one_of = "name,description,is_required,options,validation,board_id,"
              "position",
    .doing = "updating custom field" },
  { .name = "delete_custom_field",
    .desc = "Delete a custom field from every board; without confirm=true "
            "only reports the impact.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .params = delete_params,
    .step = delete_field,
    .doing = "deleting custom field" },
  { .name = "get_card_custom_fields",
    .desc = "The custom-field values of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_STANDARD,
    .method = "GET",
    .path = "/cards/{card_id}/customFields",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "customFields" },
  { .name = "get_card_types",
    .desc = "The card types of the account.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cardTypes",
    .shape = BM_SHAPE_WRAP,
    .wrap = "cardTypes" },
  { 0 },
};
