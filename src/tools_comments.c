/*
 * tools_comments.c - the comments of a card (operations.md §2.11).
 *
 * The single-comment GET leaves out comment_id (API quirk 10); the tool
 * puts it back from the path. A PATCH may answer 204, and then the result
 * is the path ids. create_comment, update_comment and delete_comment are
 * accepted as aliases (catalog.c). attachments_to_add is accepted but not
 * advertised.
 */
#include "call.h"

static void get_card_comment(bm_call *c, const bm_reply *r)
{
  cJSON *o;

  if (!r || r->error) {
    bm__step_single(c, r);
    return;
  }
  o = bm__shape(c, r);
  if (cJSON_IsObject(o) && !cJSON_GetObjectItemCaseSensitive(o, "comment_id"))
    cJSON_AddNumberToObject(o, "comment_id",
                            (double)bm__arg_int(c, "comment_id", 0));
  bm__call_done(c, o, NULL);
}

#define CARD_ID                                                   \
  {                                                               \
    .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }
#define COMMENT_ID                                                   \
  {                                                                  \
    .name = "comment_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH \
  }

static const bm_param attachment_fields[] = {
  { .name = "file_name",
    .type = BM_T_STR,
    .flags = BM_REQ,
    .lo = 1,
    .hi = 250 },
  { .name = "link", .type = BM_T_URL, .flags = BM_REQ },
  { 0 },
};

#define ATTACHMENTS                                            \
  {                                                            \
    .name = "attachments_to_add", .type = BM_T_OBJS,           \
    .flags = BM_BODY | BM_HIDDEN, .fields = attachment_fields, \
    .max_items = 100                                           \
  }

static const bm_param card_id[] = {
  CARD_ID,
  { 0 },
};

static const bm_param comment_ids[] = {
  CARD_ID,
  COMMENT_ID,
  { 0 },
};

static const bm_param create_params[] = {
  CARD_ID,
  { .name = "text",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_BODY | BM_NOTBLANK,
    .lo = 1,
    .hi = 5000 },
  ATTACHMENTS,
  { 0 },
};

static const bm_param update_params[] = {
  CARD_ID,
  COMMENT_ID,
  { .name = "text",
    .type = BM_T_STR,
    .flags = BM_BODY | BM_NOTBLANK,
    .lo = 1,
    .hi = 5000 },
  ATTACHMENTS,
  { 0 },
};

const bm_tool bm__tools_comments[] = {
  { .name = "get_card_comments",
    .desc = "The comments of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "GET",
    .path = "/cards/{card_id}/comments",
    .params = card_id,
    .shape = BM_SHAPE_WRAP,
    .wrap = "comments" },
  { .name = "get_card_comment",
    .desc = "One comment of a card.",
    .ann = BM_RO,
    .profile = BM_PROFILE_FULL,
    .method = "GET",
    .path = "/cards/{card_id}/comments/{comment_id}",
    .params = comment_ids,
    .step = get_card_comment },
  { .name = "create_card_comment",
    .desc = "Add a comment to a card.",
    .ann = BM_W,
    .profile = BM_PROFILE_ESSENTIAL,
    .method = "POST",
    .path = "/cards/{card_id}/comments",
    .params = create_params,
    .doing = "adding comment" },
  { .name = "update_card_comment",
    .desc = "Edit a comment.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PATCH",
    .path = "/cards/{card_id}/comments/{comment_id}",
    .params = update_params,
    .one_of = "text,attachments_to_add",
    .doing = "updating comment" },
  { .name = "delete_card_comment",
    .desc = "Delete a comment.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/comments/{comment_id}",
    .params = comment_ids,
    .shape = BM_SHAPE_ECHO,
    .doing = "deleting comment" },
  { 0 },
};
