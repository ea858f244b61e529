/*
 * tools_compact.c - the `compact` profile: three meta-tools that reach all
 * 108 operations while the listing stays a few hundred tokens, whatever
 * the number of instances. call_operation runs the named operation through
 * the same checks as a direct tools/call (instance, read-only, arguments).
 */
#include <ctype.h>
#include <string.h>

#include "args.h"
#include "call.h"

#define MAX_MATCHES 20

/* Case-insensitive substring test. */
static int has_word(const char *hay, const char *word)
{
  size_t n = strlen(word), i;

  for (; *hay; hay++) {
    for (i = 0; i < n && hay[i]; i++)
      if (tolower((unsigned char)hay[i]) != tolower((unsigned char)word[i]))
        break;
    if (i == n)
      return 1;
  }
  return 0;
}

/* True when every space-separated word of query is in the name or the
 * description (underscores in names count as spaces). */
static int matches(const bm_tool *t, const char *query)
{
  char word[64];
  const char *q = query;

  while (*q) {
    size_t n;

    while (*q == ' ')
      q++;
    n = strcspn(q, " ");
    if (!n)
      break;
    if (n >= sizeof word)
      n = sizeof word - 1;
    memcpy(word, q, n);
    word[n] = '\0';
    q += strcspn(q, " ");
    if (!has_word(t->name, word) && !has_word(t->desc, word))
      return 0;
  }
  return 1;
}

static int offered(const bm_call *c, const bm_tool *t)
{
  const bm_config *cfg = bm__call_config(c);

  if (t->instance_tool || t->profile == BM_PROFILE_COMPACT)
    return 0;
  return !(cfg->read_only && bm_tool_mutates(t));
}

static void find_operations(bm_call *c, const bm_reply *r)
{
  const char *query = bm__arg_str(c, "query");
  cJSON *list = cJSON_CreateArray();
  size_t i, n = bm_catalog_count();
  int found = 0;

  (void)r;
  for (i = 0; i < n && found < MAX_MATCHES; i++) {
    const bm_tool *t = bm_catalog_tool(i);
    cJSON *o;

    if (!offered(c, t) || !matches(t, query))
      continue;
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", t->name);
    cJSON_AddStringToObject(o, "description", t->desc);
    if (bm_tool_mutates(t))
      cJSON_AddBoolToObject(o, "writes", 1);
    cJSON_AddItemToArray(list, o);
    found++;
  }
  bm__call_done(c, list,
                found ? NULL
                      : "No operation matches; try one "
                        "word such as card, board, doc.");
}

static void describe_operation(bm_call *c, const bm_reply *r)
{
  const bm_tool *t = bm_catalog_find(bm__arg_str(c, "name"));
  bm_buf b;
  cJSON *o;

  (void)r;
  if (!t || !offered(c, t)) {
    bm__call_fail(c, "Unknown operation '%.100s'; use find_operations",
                  bm__arg_str(c, "name"));
    return;
  }
  bm_buf_init(&b, 256 * 1024);
  bm_args_schema(t, &b, 0);
  o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", t->name);
  cJSON_AddStringToObject(o, "description", t->desc);
  cJSON_AddItemToObject(o, "arguments", cJSON_Parse(b.data));
  cJSON_AddBoolToObject(o, "writes", bm_tool_mutates(t));
  bm_buf_free(&b);
  bm__call_done(c, o, NULL);
}

static void call_operation(bm_call *c, const bm_reply *r)
{
  const bm_tool *t = bm_catalog_find(bm__arg_str(c, "name"));

  (void)r;
  if (!t || !offered(c, t)) {
    bm__call_fail(c, "Unknown operation '%.100s'; use find_operations",
                  bm__arg_str(c, "name"));
    return;
  }
  bm__call_delegate(c, t,
                    cJSON_GetObjectItemCaseSensitive(c->args, "arguments"));
}

static const bm_param query_param[] = {
  { .name = "query",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_LOCAL,
    .lo = 1,
    .hi = 200,
    .desc = "Words, e.g. \"card comment\"" },
  { 0 },
};

static const bm_param name_param[] = {
  { .name = "name",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_LOCAL,
    .lo = 1,
    .hi = 100 },
  { 0 },
};

static const bm_param call_params[] = {
  { .name = "name",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_LOCAL,
    .lo = 1,
    .hi = 100 },
  { .name = "arguments", .type = BM_T_ANY, .flags = BM_LOCAL },
  { 0 },
};

const bm_tool bm__tools_compact[] = {
  { .name = "find_operations",
    .desc = "Search the BusinessMap operations (cards, boards, docs...) by "
            "keyword.",
    .ann = BM_RO,
    .profile = BM_PROFILE_COMPACT,
    .params = query_param,
    .step = find_operations,
    .instance_tool = 1 },
  { .name = "describe_operation",
    .desc = "The arguments of one operation.",
    .ann = BM_RO,
    .profile = BM_PROFILE_COMPACT,
    .params = name_param,
    .step = describe_operation,
    .instance_tool = 1 },
  { .name = "call_operation",
    .desc = "Run an operation by name with its arguments.",
    .ann = BM_WD,
    .profile = BM_PROFILE_COMPACT,
    .params = call_params,
    .step = call_operation },
  { 0 },
};
