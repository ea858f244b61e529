/*
 * tools_subtasks.c - the subtasks of a card (operations.md §2.12).
 *
 * All single requests. A PATCH may answer 204; the result is then the
 * path ids. is_finished is a flag: 1 finishes the subtask, 0 reopens it.
 * position and attachments_to_add are accepted but not advertised, to
 * keep the listed schemas small.
 */
#include "call.h"

#define CARD_ID                                                   \
  {                                                               \
    .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }
#define SUBTASK_ID                                                   \
  {                                                                  \
    .name = "subtask_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }

static const bm_param attachment_fields[] = {
  { .name = "file_name",
    .type = BM_T_STR,
    .flags = BM_REQ,
    .lo = 1,
    .hi = 250 },
  { .name = "link", .type = BM_T_URL, .flags = BM_REQ },
  { .name = "position", .type = BM_T_POS },
  { 0 },
};

/* The subtask fields after the ids; `required` marks the description. */
#define SUBTASK_FIELDS(required)                                              \
  { .name = "description",                                                    \
    .type = BM_T_STR,                                                         \
    .flags = BM_BODY | (required),                                            \
    .lo = 1,                                                                  \
    .hi = 10000 },                                                            \
      { .name = "owner_user_id", .type = BM_T_ID, .flags = BM_BODY },         \
      { .name = "is_finished", .type = BM_T_FLAG, .flags = BM_BODY },         \
      { .name = "deadline", .type = BM_T_DATE, .flags = BM_BODY },            \
      { .name = "position", .type = BM_T_POS, .flags = BM_BODY | BM_HIDDEN }, \
  {                                                                           \
    .name = "attachments_to_add", .type = BM_T_OBJS,                          \
    .flags = BM_BODY | BM_HIDDEN, .fields = attachment_fields,                \
    .max_items = 100                                                          \
  }

static const bm_param card_id[] = {
  CARD_ID,
  { 0 },
};

static const bm_param subtask_ids[] = {
  CARD_ID,
  SUBTASK_ID,
  { 0 },
};

static const bm_param create_params[] = {
  CARD_ID,
  SUBTASK_FIELDS(BM_REQ),
  { 0 },
};

static const bm_param update_params[] = {
  CARD_ID,
  SUBTASK_ID,
  SUBTASK_FIELDS(0),
  { 0 },
};

const bm_tool bm__tools_subtasks[] = {
  { .name = "get_card_subtasks",
    .desc = "The subtasks of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards/{card_id}/subtasks",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "subtasks" },
  { .name = "get_card_subtask",
    .desc = "One subtask of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/subtasks/{subtask_id}",
    .params = subtask_ids },
  { .name = "create_card_subtask",
    .desc = "Add a subtask to a card.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/cards/{card_id}/subtasks",
    .params = create_params,
    .doing = "adding subtask" },
  { .name = "update_card_subtask",
    .desc = "Change a subtask; "
            "is_finished=1 marks it done.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/cards/{card_id}/subtasks/{subtask_id}",
    .params = update_params,
    .one_of = "description,owner_user_id,is_finished,deadline,position,"
              "attachments_to_add",
    .doing = "updating subtask" },
  { .name = "delete_card_subtask",
    .desc = "Delete a subtask.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/subtasks/{subtask_id}",
    .params = subtask_ids,
    .shape = BM_SHAPE_ECHO,
    .doing = "deleting subtask" },
  { 0 },
};
