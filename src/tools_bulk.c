/*
 * tools_bulk.c - bulk operations on workspaces and boards (operations.md
 * §2.3 and §2.4, F-BULK). The bulk card tools live with the cards.
 *
 * Each tool is a bm_bulk_spec run by bm__step_bulk (flows.c): the reads
 * that find dependents, and how one item is changed. Workspaces cannot be
 * deleted (API quirk 5), so their bulk removal archives; boards are
 * archived before they are deleted (quirk 4).
 */
#include "call.h"
#include "flows.h"

#define BULK_IDS                                                           \
  {                                                                        \
    .name = "resource_ids", .type = BM_T_IDS,                              \
    .flags = BM_REQ | BM_LOCAL | BM_DEDUP, .min_items = 1, .max_items = 50 \
  }
#define ANALYZE                                                           \
  {                                                                       \
    .name = "analyze_dependencies", .type = BM_T_BOOL, .flags = BM_LOCAL, \
    .dflt = "true"                                                        \
  }

/* An active board in a workspace is a dependency; its cards are counted
 * to show the impact. */
static const bm_bulk_read workspace_dependents[] = {
  { .path = "/boards?workspace_ids={id}&is_archived=0",
    .key = "boards",
    .how = BM_COUNT_BOARDS },
  { 0 },
};

static const bm_bulk_read board_dependents[] = {
  { .path = "/cards?board_ids={id}&per_page=1",
    .key = "cards",
    .how = BM_COUNT_CARDS },
  { 0 },
};

static const struct bm_bulk_spec archive_workspaces = {
  .base = "/workspaces",
  .noun = "workspace",
  .nouns = "workspaces",
  .verb = "archived",
  .name_key = "name",
  .apply = BM_BULK_ARCHIVE,
  .reads = workspace_dependents,
};

static const struct bm_bulk_spec update_workspaces = {
  .base = "/workspaces",
  .noun = "workspace",
  .nouns = "workspaces",
  .verb = "updated",
  .name_key = "name",
  .apply = BM_BULK_PATCH,
};

static const struct bm_bulk_spec delete_boards = {
  .base = "/boards",
  .noun = "board",
  .nouns = "boards",
  .verb = "deleted",
  .name_key = "name",
  .apply = BM_BULK_ARCHDEL,
  .reads = board_dependents,
};

static const struct bm_bulk_spec update_boards = {
  .base = "/boards",
  .noun = "board",
  .nouns = "boards",
  .verb = "updated",
  .name_key = "name",
  .apply = BM_BULK_PATCH,
};

static const bm_param analysed_params[] = {
  BULK_IDS,
  ANALYZE,
  { 0 },
};

static const bm_param update_workspaces_params[] = {
  BULK_IDS,
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { 0 },
};

static const bm_param update_boards_params[] = {
  BULK_IDS,
  { .name = "name", .type = BM_T_NAME, .flags = BM_BODY },
  { .name = "description", .type = BM_T_TEXT, .flags = BM_BODY },
  { .name = "is_archived", .type = BM_T_BOOL, .flags = BM_BODY },
  { 0 },
};

const bm_tool bm__tools_bulk[] = {
  { .name = "bulk_archive_workspaces",
    .desc = "Archive workspaces. Unless analyze_dependencies=false, "
            "archives nothing if any has active boards.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .params = analysed_params,
    .step = bm__step_bulk,
    .bulk = &archive_workspaces,
    .doing = "archiving workspaces" },
  { .name = "bulk_update_workspaces",
    .desc = "Rename or describe many workspaces.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .params = update_workspaces_params,
    .step = bm__step_bulk,
    .bulk = &update_workspaces,
    .one_of = "name,description",
    .doing = "updating workspaces" },
  { .name = "bulk_delete_boards",
    .desc = "Delete boards. Unless analyze_dependencies=false, deletes "
            "nothing if any holds cards.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .params = analysed_params,
    .step = bm__step_bulk,
    .bulk = &delete_boards,
    .doing = "deleting boards" },
  { .name = "bulk_update_boards",
    .desc = "Rename, describe, archive or restore many boards.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .params = update_boards_params,
    .step = bm__step_bulk,
    .bulk = &update_boards,
    .one_of = "name,description,is_archived",
    .doing = "updating boards" },
  { 0 },
};
