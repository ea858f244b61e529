/*
 * resources.c - MCP resources (spec 2025-11-25 "Server features /
 * Resources") of operations.md §5. Each resource is answered by running a
 * read tool of the catalog with fixed arguments, so a resource shares the
 * tool's request building, validation, caching and error text. A resource
 * reads the default instance; `?instance=<name>` picks another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

#define SCHEME "businessmap://"
#define MAX_URI 512

static const struct {
  const char *uri, *name, *title, *desc;
} concrete[] = {
  { SCHEME "workspaces", "workspaces", "Workspaces",
    "Every workspace of the default instance." },
  { SCHEME "boards", "boards", "Boards",
    "Boards of the default instance (its default workspace when set)." },
};

static const struct {
  const char *tpl, *name, *title, *desc;
} templates[] = {
  { SCHEME "boards/{board_id}", "board", "Board", "One board." },
  { SCHEME "boards/{board_id}/cards", "cards", "Board cards",
    "First page (50) of a board's cards, compact." },
  { SCHEME "boards/{board_id}/cards/pages/{page}/size/{per_page}", "card-page",
    "Board card page",
    "One page of a board's cards; "
    "per_page 1-100." },
  { SCHEME "cards/{card_id}", "card", "Card", "One card with every field." },
};

void bm__resources_list(bm_engine *e, const cJSON *id)
{
  cJSON *res = cJSON_CreateObject();
  cJSON *list = cJSON_AddArrayToObject(res, "resources");
  size_t i;

  for (i = 0; i < sizeof concrete / sizeof concrete[0]; i++) {
    cJSON *r = cJSON_CreateObject();

    cJSON_AddStringToObject(r, "uri", concrete[i].uri);
    cJSON_AddStringToObject(r, "name", concrete[i].name);
    cJSON_AddStringToObject(r, "title", concrete[i].title);
    cJSON_AddStringToObject(r, "description", concrete[i].desc);
    cJSON_AddStringToObject(r, "mimeType", "application/json");
    cJSON_AddItemToArray(list, r);
  }
  bm__reply_result(e, id, res);
}

void bm__resource_templates_list(bm_engine *e, const cJSON *id)
{
  cJSON *res = cJSON_CreateObject();
  cJSON *list = cJSON_AddArrayToObject(res, "resourceTemplates");
  size_t i;

  for (i = 0; i < sizeof templates / sizeof templates[0]; i++) {
    cJSON *r = cJSON_CreateObject();

    cJSON_AddStringToObject(r, "uriTemplate", templates[i].tpl);
    cJSON_AddStringToObject(r, "name", templates[i].name);
    cJSON_AddStringToObject(r, "title", templates[i].title);
    cJSON_AddStringToObject(r, "description", templates[i].desc);
    cJSON_AddStringToObject(r, "mimeType", "application/json");
    cJSON_AddItemToArray(list, r);
  }
  bm__reply_result(e, id, res);
}

/* Reads a positive integer segment ending at '/', '?' or the end. */
static const char *number(const char *p, long long *out)
{
  long long v = 0;
  int digits = 0;

  while (*p >= '0' && *p <= '9' && digits < 10) {
    v = v * 10 + (*p++ - '0');
    digits++;
  }
  if (!digits || (*p && *p != '/' && *p != '?') || v < 1 || v > 2147483647LL)
    return NULL;
  *out = v;
  return p;
}

static int starts(const char **p, const char *prefix)
{
  size_t n = strlen(prefix);

  if (strncmp(*p, prefix, n) != 0)
    return 0;
  *p += n;
  return 1;
}

/* True when p is exactly word, optionally followed by a query. */
static int is_exact(const char *p, const char *word)
{
  size_t n = strlen(word);

  return strncmp(p, word, n) == 0 && (!p[n] || p[n] == '?');
}

/* The instance named by "?instance=x", or the default; -1 when unknown. */
static int instance_of(const bm_config *cfg, const char *query)
{
  char name[128];
  size_t n;

  if (!query || !*query)
    return cfg->default_index;
  if (strncmp(query, "?instance=", 10) != 0)
    return -2;
  query += 10;
  n = strcspn(query, "&");
  if (n == 0 || n >= sizeof name)
    return -1;
  memcpy(name, query, n);
  name[n] = '\0';
  return bm_config_find(cfg, name);
}

static void read_cards(bm_engine *e, const cJSON *id, const char *uri,
                       long long board, const char *p, int inst)
{
  long long page, size;
  char args[160];

  if (!*p || *p == '?') {
    snprintf(args, sizeof args,
             "{\"board_id\":%lld,\"page\":1,"
             "\"per_page\":50}",
             board);
    bm__resource_call(e, id, "list_cards", inst, args, uri,
                      SCHEME "boards/{board_id}/cards/pages/{page}/size/"
                             "{per_page}");
    return;
  }
  if (!starts(&p, "/pages/") || !(p = number(p, &page)) ||
      !starts(&p, "/size/") || !(p = number(p, &size)) || (*p && *p != '?')) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: expected " SCHEME
                    "boards/{board_id}/cards/pages/{page}/size/{per_page}"
                    " with positive integers");
    return;
  }
  if (size > 100) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: per_page must be 1 to "
                    "100");
    return;
  }
  snprintf(args, sizeof args,
           "{\"board_id\":%lld,\"page\":%lld,"
           "\"per_page\":%lld}",
           board, page, size);
  bm__resource_call(e, id, "list_cards", inst, args, uri, NULL);
}

void bm__resources_read(bm_engine *e, const cJSON *id, const cJSON *params)
{
  const cJSON *u = cJSON_GetObjectItemCaseSensitive(params, "uri");
  const char *uri, *p;
  long long n;
  char args[96];
  int inst;

  if (!cJSON_IsString(u) || strlen(u->valuestring) > MAX_URI) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: 'uri' must be a "
                    "string");
    return;
  }
  uri = p = u->valuestring;
  inst = instance_of(bm__engine_cfg(e), strchr(uri, '?'));
  if (!starts(&p, SCHEME) || inst == -2) {
    bm__reply_error(e, id, -32002, "Resource not found");
    return;
  }
  if (inst < 0) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: unknown instance in "
                    "the resource URI");
    return;
  }
  if (is_exact(p, "workspaces")) {
    bm__resource_call(e, id, "list_workspaces", inst, "{}", uri, NULL);
  } else if (is_exact(p, "boards")) {
    bm__resource_call(e, id, "list_boards", inst, "{\"detail_level\":\"full\"}",
                      uri, NULL);
  } else if (starts(&p, "boards/")) {
    if (!(p = number(p, &n))) {
      bm__reply_error(e, id, -32602,
                      "Invalid params: the board id must be "
                      "a positive integer");
    } else if (!*p || *p == '?') {
      snprintf(args, sizeof args, "{\"board_id\":%lld}", n);
      bm__resource_call(e, id, "get_board", inst, args, uri, NULL);
    } else if (starts(&p, "/cards")) {
      read_cards(e, id, uri, n, p, inst);
    } else {
      bm__reply_error(e, id, -32002, "Resource not found");
    }
  } else if (starts(&p, "cards/")) {
    if (!(p = number(p, &n)) || (*p && *p != '?')) {
      bm__reply_error(e, id, -32602,
                      "Invalid params: the card id must be "
                      "a positive integer");
      return;
    }
    snprintf(args, sizeof args,
             "{\"card_id\":%lld,\"detail_level\":"
             "\"full\"}",
             n);
    bm__resource_call(e, id, "get_card", inst, args, uri, NULL);
  } else {
    bm__reply_error(e, id, -32002, "Resource not found");
  }
}
