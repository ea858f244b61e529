/*
 * prompts.c - MCP prompts (spec 2025-11-25 "Server features / Prompts")
 * of operations.md §6. A prompt is one user message: numbered tool calls,
 * then the outline of the answer. A step whose tool is not in the active
 * profile is left out, so a prompt never names a tool the model lacks.
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "mcp.h"

#define MAX_STEPS 6

typedef struct prompt_step {
  const char *tool; /* NULL: a step that needs no tool */
  const char *text; /* may use %s for the prompt's first argument */
} prompt_step;

typedef struct prompt {
  const char *name, *title, *desc;
  const char *args[2]; /* required string arguments */
  const char *arg_desc[2];
  prompt_step steps[MAX_STEPS];
  const char *outline;
} prompt;

static const prompt prompts[] = {
  { "analyze-board-performance",
    "Analyze Board Performance",
    "Flow, cycle time and workload analysis of one board.",
    { "board_id" },
    { "Board id" },
    { { "get_current_board_structure", "Call get_current_board_structure "
                                       "for board %s." },
      { "list_cards", "Call list_cards for board %s with compact=true, "
                      "include_pagination=true, per_page=50; repeat with the "
                      "next page until the last page." },
      { "get_workflow_cycle_time_columns",
        "Call "
        "get_workflow_cycle_time_columns for each workflow of the board." } },
    "Write an executive report: flow (cards per column and lane, "
    "bottleneck columns, WIP spread); cycle time (estimate per column, "
    "cycle-time columns versus buffer columns); workload (cards per owner, "
    "lanes with the most blocked or overdue cards); the top 3 improvements "
    "and any WIP-limit breaches." },
  { "generate-board-report",
    "Generate Board Report",
    "A status report of one board.",
    { "board_id" },
    { "Board id" },
    { { "get_current_board_structure", "Call get_current_board_structure "
                                       "for board %s." },
      { "list_cards", "Call list_cards for board %s with compact=true and "
                      "per_page=50 (one page)." },
      { "get_card", "Call get_card (summary level) for up to 10 of those "
                    "cards; use detail_level=full only if needed." } },
    "Write a status report headed with the board name and today's date: "
    "executive summary (cards in progress and done, highlights, risks); "
    "per-column breakdown (count, key items, blockers); the 5 most "
    "recently updated cards; risks and blockers (stuck or overdue cards); "
    "next steps." },
  { "create-card-from-description",
    "Create Card from Description",
    "Turn a plain description into a well-formed card on a board.",
    { "description", "board_id" },
    { "What the card is about", "Board id" },
    { { "get_current_board_structure", "Call get_current_board_structure "
                                       "for board %2$s." },
      { "get_card_types", "Call get_card_types." },
      { NULL, "Work out the title, the description (with acceptance "
              "criteria for features and stories), the type, the starting "
              "column, the lane, and the size or priority when they can be "
              "inferred from: %1$s" },
      { "create_card", "Call create_card with those values." },
      { NULL, "Confirm with the new card's id." } },
    "Answer with one card created and a short confirmation with its id "
    "and the chosen placement." },
  { "workspace-status-overview",
    "Workspace Status Overview",
    "A management overview of one workspace.",
    { "workspace_id" },
    { "Workspace id" },
    { { "get_workspace", "Call get_workspace for workspace %s." },
      { "list_boards", "Call list_boards (summary) with workspace_id %s." },
      { "list_cards", "Call list_cards (compact=true, per_page=50) for up to "
                      "5 boards." },
      { "get_current_board_structure", "Call get_current_board_structure for "
                                       "up to 3 boards." } },
    "Write a management overview: workspace summary (number of boards, "
    "estimated active cards, a Green/Yellow/Red health rating); a summary "
    "per board (name and id, active cards, the 2-3 fullest columns, "
    "concerns); highlights (the most active board, bottlenecks, idle "
    "boards); 2-3 recommendations." },
};

#define NPROMPTS (sizeof prompts / sizeof prompts[0])

static void add_argument(cJSON *list, const char *name, const char *desc,
                         int required)
{
  cJSON *a = cJSON_CreateObject();

  cJSON_AddStringToObject(a, "name", name);
  cJSON_AddStringToObject(a, "description", desc);
  cJSON_AddBoolToObject(a, "required", required);
  cJSON_AddItemToArray(list, a);
}

void bm__prompts_list(bm_engine *e, const cJSON *id)
{
  cJSON *res = cJSON_CreateObject();
  cJSON *list = cJSON_AddArrayToObject(res, "prompts");
  size_t i, j;

  for (i = 0; i < NPROMPTS; i++) {
    const prompt *p = &prompts[i];
    cJSON *o = cJSON_CreateObject(), *args;

    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "title", p->title);
    cJSON_AddStringToObject(o, "description", p->desc);
    args = cJSON_AddArrayToObject(o, "arguments");
    for (j = 0; j < 2 && p->args[j]; j++)
      add_argument(args, p->args[j], p->arg_desc[j], 1);
    if (bm__engine_cfg(e)->ninstances > 1)
      add_argument(args, "instance", "Instance to use on every call", 0);
    cJSON_AddItemToArray(list, o);
  }
  bm__reply_result(e, id, res);
}

static int available(const bm_config *cfg, const char *tool)
{
  const bm_tool *t = tool ? bm_catalog_find(tool) : NULL;

  return !tool ||
         (t && bm_tool_listed(t, cfg->profile, bm__all_read_only(cfg)));
}

/* Writes one step, replacing %s, %1$s and %2$s with argument values. */
static void add_step(bm_buf *b, const char *text, const char *const *vals)
{
  while (*text) {
    if (text[0] == '%' && text[1] == 's') {
      bm_buf_adds(b, vals[0]);
      text += 2;
    } else if (text[0] == '%' && (text[1] == '1' || text[1] == '2') &&
               text[2] == '$' && text[3] == 's') {
      bm_buf_adds(b, vals[text[1] - '1']);
      text += 4;
    } else {
      bm_buf_addc(b, *text++);
    }
  }
}

static const char *string_arg(const cJSON *args, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, name);

  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void reply_prompt(bm_engine *e, const cJSON *id, const prompt *p,
                         const char *const *vals, const char *instance)
{
  const bm_config *cfg = bm__engine_cfg(e);
  bm_buf b;
  cJSON *res, *msg, *content;
  int n = 0;
  size_t i;

  bm_buf_init(&b, 64 * 1024);
  if (instance)
    bm_buf_addf(&b, "Pass instance \"%s\" on every tool call.\n\n", instance);
  for (i = 0; i < MAX_STEPS && p->steps[i].text; i++) {
    if (!available(cfg, p->steps[i].tool))
      continue;
    bm_buf_addf(&b, "%d. ", ++n);
    add_step(&b, p->steps[i].text, vals);
    bm_buf_addc(&b, '\n');
  }
  bm_buf_addf(&b, "\n%s", p->outline);
  res = cJSON_CreateObject();
  cJSON_AddStringToObject(res, "description", p->desc);
  msg = cJSON_CreateObject();
  cJSON_AddStringToObject(msg, "role", "user");
  content = cJSON_AddObjectToObject(msg, "content");
  cJSON_AddStringToObject(content, "type", "text");
  cJSON_AddStringToObject(content, "text", b.failed ? "" : b.data);
  cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "messages"), msg);
  bm_buf_free(&b);
  bm__reply_result(e, id, res);
}

void bm__prompts_get(bm_engine *e, const cJSON *id, const cJSON *params)
{
  const char *name = string_arg(params, "name");
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(params, "arguments");
  const char *vals[2] = { "", "" }, *instance;
  char msg[200];
  size_t i, j;

  for (i = 0; name && i < NPROMPTS; i++)
    if (strcmp(prompts[i].name, name) == 0)
      break;
  if (!name || i == NPROMPTS) {
    snprintf(msg, sizeof msg, "Invalid params: unknown prompt '%.80s'",
             name ? name : "");
    bm__reply_error(e, id, -32602, msg);
    return;
  }
  for (j = 0; j < 2 && prompts[i].args[j]; j++) {
    vals[j] = string_arg(args, prompts[i].args[j]);
    if (!vals[j] || !*vals[j] || strlen(vals[j]) > 10000) {
      snprintf(msg, sizeof msg,
               "Invalid params: argument '%s' is required "
               "(a string)",
               prompts[i].args[j]);
      bm__reply_error(e, id, -32602, msg);
      return;
    }
  }
  instance = string_arg(args, "instance");
  if (instance && bm_config_find(bm__engine_cfg(e), instance) < 0) {
    snprintf(msg, sizeof msg, "Invalid params: Instance '%.100s' not found",
             instance);
    bm__reply_error(e, id, -32602, msg);
    return;
  }
  reply_prompt(e, id, &prompts[i], vals, instance);
}
