/*
 * tools_relations.c - parents, children, predecessors and linked cards
 * (operations.md §2.13).
 *
 * In these paths {card_id} is the child or the successor; the last
 * segment names its parent or predecessor (API reference §7.9). Every
 * tool is one request; writes that answer 204 echo the path ids.
 * add_predecessor's positions are accepted but not advertised.
 */
#include "call.h"

#define CARD_ID                                                   \
  {                                                               \
    .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }
#define PARENT_ID                                                        \
  {                                                                      \
    .name = "parent_card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }
#define PREDECESSOR_ID                                                        \
  {                                                                           \
    .name = "predecessor_card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }

static const bm_param card_id[] = {
  CARD_ID,
  { 0 },
};

static const bm_param parent_of_child[] = {
  CARD_ID,
  PARENT_ID,
  { 0 },
};

static const bm_param predecessor_link[] = {
  CARD_ID,
  PREDECESSOR_ID,
  { 0 },
};

static const bm_param add_predecessor_params[] = {
  CARD_ID,
  PREDECESSOR_ID,
  { .name = "linked_card_position",
    .type = BM_T_POS,
    .flags = BM_BODY | BM_HIDDEN },
  { .name = "card_position", .type = BM_T_POS, .flags = BM_BODY | BM_HIDDEN },
  { 0 },
};

const bm_tool bm__tools_relations[] = {
  { .name = "get_card_parents",
    .desc = "The direct parents of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards/{card_id}/parents",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "parents" },
  { .name = "get_card_parent",
    .desc = "Check whether parent_card_id is "
            "a parent of the card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/parents/{parent_card_id}",
    .params = parent_of_child,
    .doing = "checking parent" },
  { .name = "get_card_parent_graph",
    .desc = "All ancestors of a card, with "
            "their depth.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/parentGraph",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "parentGraph" },
  { .name = "get_card_children",
    .desc = "The direct children of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards/{card_id}/children",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "children" },
  { .name = "get_card_child_graph",
    .desc = "All descendants of a card, "
            "with their depth.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/childGraph",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "children" },
  { .name = "add_card_parent",
    .desc = "Make a card the parent of another.",
    .ann = BM_WI,
    .profile = BM_PROFILE_STANDARD,
    .method = "PUT",
    .path = "/cards/{card_id}/parents/{parent_card_id}",
    .params = parent_of_child,
    .doing = "adding parent" },
  { .name = "remove_card_parent",
    .desc = "Remove a parent link.",
    .ann = BM_DI,
    .profile = BM_PROFILE_STANDARD,
    .method = "DELETE",
    .path = "/cards/{card_id}/parents/{parent_card_id}",
    .params = parent_of_child,
    .shape = BM_SHAPE_ECHO,
    .doing = "removing parent" },
  { .name = "get_card_linked_cards",
    .desc = "Every link of a card, with "
            "its type.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/linkedCards",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "linkedCards" },
  { .name = "add_predecessor",
    .desc = "Make one card a prerequisite of "
            "another.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PUT",
    .path = "/cards/{card_id}/predecessors/{predecessor_card_id}",
    .params = add_predecessor_params,
    .shape = BM_SHAPE_ECHO,
    .doing = "adding predecessor" },
  { .name = "remove_predecessor",
    .desc = "Remove a predecessor link.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/predecessors/{predecessor_card_id}",
    .params = predecessor_link,
    .shape = BM_SHAPE_ECHO,
    .doing = "removing predecessor" },
  { 0 },
};
