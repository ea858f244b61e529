/*
 * tools_tags.c - tags and stickers on cards (operations.md §2.14).
 *
 * Tag add and remove answer 204, so their results echo the path ids. A
 * sticker is removed by its association id, not by sticker_id (API quirk
 * 13); add_sticker_to_card therefore always returns that id, reading the
 * card's stickers when the POST answered without a body.
 */
#include <stdio.h>

#include "call.h"

enum { TAG_POST, TAG_LIST };

/* {id, card_id, sticker_id} from an association, the arguments filling
 * what it lacks. assoc may be NULL. */
static cJSON *sticker_result(const bm_call *c, const cJSON *assoc)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(assoc, "id");
  cJSON *o = cJSON_CreateObject();

  cJSON_AddItemToObject(o, "id",
                        cJSON_IsNumber(id) ? cJSON_Duplicate(id, 1)
                                           : cJSON_CreateNull());
  cJSON_AddNumberToObject(o, "card_id", (double)bm__arg_int(c, "card_id", 0));
  cJSON_AddNumberToObject(o, "sticker_id",
                          (double)bm__arg_int(c, "sticker_id", 0));
  return o;
}

/* The newest association of the sticker in a card's sticker list. */
static const cJSON *find_association(const cJSON *list, long long sticker)
{
  const cJSON *e, *found = NULL;

  cJSON_ArrayForEach (e, list) {
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "sticker_id");

    if (cJSON_IsNumber(s) && (long long)s->valuedouble == sticker)
      found = e;
  }
  return found;
}

static void add_sticker(bm_call *c, const bm_reply *r)
{
  long long card = bm__arg_int(c, "card_id", 0);
  char path[64];
  cJSON *body;

  snprintf(path, sizeof path, "/cards/%lld/stickers", card);
  if (!r) {
    body = cJSON_CreateObject();
    cJSON_AddNumberToObject(body, "sticker_id",
                            (double)bm__arg_int(c, "sticker_id", 0));
    bm__call_send(c, TAG_POST, "POST", path, body);
    return;
  }
  if (r->tag == TAG_POST && r->error) {
    bm__call_fail_reply(c, r);
    return;
  }
  if (r->tag == TAG_POST &&
      !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(r->data, "id"))) {
    /* 204: the sticker is on the card; look its association up. */
    bm__call_send(c, TAG_LIST, "GET", path, NULL);
    return;
  }
  if (r->tag == TAG_LIST)
    bm__call_done(
        c,
        sticker_result(c, r->error
                              ? NULL
                              : find_association(
                                    r->data, bm__arg_int(c, "sticker_id", 0))),
        NULL);
  else
    bm__call_done(c, sticker_result(c, r->data), NULL);
}

static const bm_param create_tag_params[] = {
  { .name = "label",
    .type = BM_T_STR,
    .flags = BM_REQ | BM_BODY | BM_NOTBLANK,
    .lo = 1,
    .hi = 250,
    .desc = "unique" },
  { .name = "color", .type = BM_T_COLOR, .flags = BM_BODY },
  { 0 },
};

static const bm_param card_tag[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "tag_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { 0 },
};

static const bm_param card_sticker[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "sticker_id", .type = BM_T_ID, .flags = BM_REQ | BM_BODY },
  { 0 },
};

static const bm_param card_sticker_link[] = {
  { .name = "card_id", .type = BM_T_ID, .flags = BM_REQ | BM_PATH },
  { .name = "sticker_card_id",
    .type = BM_T_ID,
    .flags = BM_REQ | BM_PATH,
    .desc = "association id, not sticker_id" },
  { 0 },
};

const bm_tool bm__tools_tags[] = {
  { .name = "create_tag",
    .desc = "Create an account tag.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .method = "POST",
    .path = "/tags",
    .params = create_tag_params,
    .doing = "creating tag" },
  { .name = "add_tag_to_card",
    .desc = "Put a tag on a card.",
    .ann = BM_WI,
    .profile = BM_PROFILE_FULL,
    .method = "PUT",
    .path = "/cards/{card_id}/tags/{tag_id}",
    .params = card_tag,
    .shape = BM_SHAPE_ECHO,
    .doing = "adding tag to card" },
  { .name = "remove_tag_from_card",
    .desc = "Take a tag off a card.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/tags/{tag_id}",
    .params = card_tag,
    .shape = BM_SHAPE_ECHO,
    .doing = "removing tag from card" },
  { .name = "add_sticker_to_card",
    .desc = "Put a sticker on a card; returns the association id.",
    .ann = BM_W,
    .profile = BM_PROFILE_FULL,
    .params = card_sticker,
    .step = add_sticker,
    .doing = "adding sticker to card" },
  { .name = "remove_sticker_from_card",
    .desc = "Take a sticker off a card.",
    .ann = BM_DI,
    .profile = BM_PROFILE_FULL,
    .method = "DELETE",
    .path = "/cards/{card_id}/stickers/{sticker_card_id}",
    .params = card_sticker_link,
    .shape = BM_SHAPE_ECHO,
    .doing = "removing sticker from card" },
  { 0 },
};
