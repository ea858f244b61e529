/*
 * catalog.c - joins the family tables into one catalog, in listing order,
 * and answers questions about a tool that depend only on the table.
 */
#include "catalog.h"

#include <string.h>

extern const bm_tool bm__tools_instances[];
extern const bm_tool bm__tools_health[];
extern const bm_tool bm__tools_workspaces[];
extern const bm_tool bm__tools_boards[];
extern const bm_tool bm__tools_columns[];
extern const bm_tool bm__tools_lanes[];
extern const bm_tool bm__tools_workflows[];
extern const bm_tool bm__tools_setup[];
extern const bm_tool bm__tools_cards[];
extern const bm_tool bm__tools_card_history[];
extern const bm_tool bm__tools_comments[];
extern const bm_tool bm__tools_subtasks[];
extern const bm_tool bm__tools_relations[];
extern const bm_tool bm__tools_tags[];
extern const bm_tool bm__tools_custom_fields[];
extern const bm_tool bm__tools_users[];
extern const bm_tool bm__tools_docs[];
extern const bm_tool bm__tools_bulk[];
extern const bm_tool bm__tools_compact[];

/* Families in the order of operations.md §2; bulk tools last. */
static const bm_tool *const families[] = {
  bm__tools_instances,    bm__tools_health,   bm__tools_workspaces,
  bm__tools_boards,       bm__tools_columns,  bm__tools_lanes,
  bm__tools_workflows,    bm__tools_setup,    bm__tools_cards,
  bm__tools_card_history, bm__tools_comments, bm__tools_subtasks,
  bm__tools_relations,    bm__tools_tags,     bm__tools_custom_fields,
  bm__tools_users,        bm__tools_docs,     bm__tools_bulk,
  bm__tools_compact,
};

/* Alias names accepted by tools/call, never listed (operations.md §4). */
static const struct {
  const char *alias, *tool;
} aliases[] = {
  { "create_comment", "create_card_comment" },
  { "update_comment", "update_card_comment" },
  { "delete_comment", "delete_card_comment" },
};

#define NFAMILIES (sizeof families / sizeof families[0])

size_t bm_catalog_count(void)
{
  size_t i, n = 0;
  const bm_tool *t;

  for (i = 0; i < NFAMILIES; i++)
    for (t = families[i]; t->name; t++)
      n++;
  return n;
}

const bm_tool *bm_catalog_tool(size_t idx)
{
  size_t i;
  const bm_tool *t;

  for (i = 0; i < NFAMILIES; i++)
    for (t = families[i]; t->name; t++)
      if (idx-- == 0)
        return t;
  return NULL;
}

static const bm_tool *find_exact(const char *name)
{
  size_t i;
  const bm_tool *t;

  for (i = 0; i < NFAMILIES; i++)
    for (t = families[i]; t->name; t++)
      if (strcmp(t->name, name) == 0)
        return t;
  return NULL;
}

const bm_tool *bm_catalog_find(const char *name)
{
  size_t i;

  for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcmp(aliases[i].alias, name) == 0)
      return find_exact(aliases[i].tool);
  return find_exact(name);
}

const char *bm_catalog_alias(size_t i, const char **tool)
{
  if (i >= sizeof aliases / sizeof aliases[0])
    return NULL;
  *tool = aliases[i].tool;
  return aliases[i].alias;
}

int bm_tool_mutates(const bm_tool *t)
{
  return t->ann != BM_RO;
}

/* Under `compact` every operation is reached through call_operation and
 * only the instance tools and the meta-tools are listed; the meta-tools
 * belong to no other profile. */
int bm_tool_callable(const bm_tool *t, bm_profile p)
{
  if (p == BM_PROFILE_COMPACT)
    return t->instance_tool || t->profile == BM_PROFILE_COMPACT;
  return t->profile <= p;
}

int bm_tool_listed(const bm_tool *t, bm_profile p, int read_only)
{
  if (read_only && bm_tool_mutates(t) && t->profile != BM_PROFILE_COMPACT)
    return 0;
  return bm_tool_callable(t, p);
}

void bm_tool_title(const bm_tool *t, char *out, size_t n)
{
  size_t i, o = 0;
  int up = 1;

  for (i = 0; t->name[i] && o + 1 < n; i++) {
    char c = t->name[i];

    if (c == '_') {
      out[o++] = ' ';
      up = 1;
      continue;
    }
    out[o++] = up && c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    up = 0;
  }
  out[o] = '\0';
}
