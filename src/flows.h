/*
 * flows.h - the shared multi-step flows of operations.md §1.7, as step
 * functions a catalog entry can name. Internal to the core.
 *
 * Each is a bm_step_fn: the engine calls it with r == NULL to start and
 * with each reply after. They read the call's validated arguments and the
 * tool's table entry; none keeps state outside the call (their progress
 * lives in c->state, freed by the engine through c->state_free).
 */
#ifndef BM_FLOWS_H
#define BM_FLOWS_H

#include "call.h"

/*
 * F-ARCHDEL: PATCH <path> {"is_archived":1}, then DELETE <path>, where
 * <path> is the tool's path with its holes filled (e.g. /boards/{board_id}).
 * With archive_first=false only the DELETE is sent. A failed archive
 * deletes nothing. Result: the path ids, e.g. {"board_id": 5}.
 */
void bm__step_archive_delete(bm_call *c, const bm_reply *r);

/*
 * F-UPDATE: GET /cards/{card_id} for linked_cards, then PATCH with the
 * requested changes (the tool's BM_BODY parameters) plus linked_cards,
 * then one POST /cards/{card_id}/subtasks per subtasks_to_add item.
 * A failed read sends no PATCH.
 */
void bm__step_card_update(bm_call *c, const bm_reply *r);

/*
 * F-UPDATE with the ending left to the tool: once the card is changed,
 * done receives the result card (taken; subtask report included) and must
 * end the call. done is read on the first step (r == NULL) only; NULL
 * ends with the card and the tool's summary, as bm__step_card_update.
 */
typedef void (*bm_card_done_fn)(bm_call *c, cJSON *card);

void bm__card_update(bm_call *c, const bm_reply *r, bm_card_done_fn done);

/*
 * F-EXPAND: GET /cards?card_ids={card_id}&state=active&expand=<x>, then
 * archived and discarded; <x> is the tool's `wrap` field.
 */
void bm__step_card_expand(bm_call *c, const bm_reply *r);

/*
 * F-BULK: a bulk tool names a bm_bulk_spec in its table entry's `bulk`
 * field; bm__step_bulk runs it: optional dependency analysis, then each
 * item with at most BM_BULK_CONCURRENCY requests in flight, then the
 * {successful, failed, results} report (isError only when all failed).
 */
#define BM_BULK_CONCURRENCY 10

/* How one item (the resource <base>/<id>) is changed. */
typedef enum bm_bulk_apply {
  BM_BULK_PATCH = 1,  /* PATCH with the tool's BM_BODY parameters */
  BM_BULK_ARCHIVE,    /* PATCH {"is_archived":1} */
  BM_BULK_ARCHDEL,    /* F-ARCHDEL, always archiving first */
  BM_BULK_CARD_UPDATE /* F-UPDATE with the tool's BM_BODY parameters */
} bm_bulk_apply;

/* How the answer of one dependency read becomes a count. */
typedef enum bm_bulk_count {
  BM_COUNT_LIST = 1, /* the length of the data array */
  BM_COUNT_CARDS,    /* a GET /cards page asked with per_page=1: the
                           total from its pagination, else data's length */
  BM_COUNT_BOARDS    /* a board list: its length, then for each board
                           GET /cards?board_ids=<b>&per_page=1, summed
                           into the count "cards" */
} bm_bulk_count;

/* One dependency read of an item. */
typedef struct bm_bulk_read {
  const char *path; /* an API path whose "{id}" is the item id */
  const char *key;  /* the count's name in the report */
  bm_bulk_count how;
} bm_bulk_read;

/*
 * A bulk tool, as data. Its resource_ids (bulk_ids) name the items and
 * its analyze_dependencies flag (default true) turns the analysis on.
 *
 * Analysis, when `reads` is not NULL and the flag is on: per item, first
 * GET <base>/<id> (which also captures the item's name under name_key),
 * then each read in order; an item has dependencies when any count is
 * above zero. If any item has them, nothing changes and the result asks
 * for confirmation. An item whose reads fail is never changed; it is
 * reported as failed.
 *
 * Names are captured before anything is deleted: by the analysis, or,
 * without it, by a GET <base>/<id> first (BM_BULK_ARCHDEL; its failure
 * only loses the name). Updates take the name from the changed resource.
 * No item is retried here; the engine's HTTP policy alone retries.
 */
struct bm_bulk_spec {
  const char *base;     /* "/cards": an item lives at <base>/<id> */
  const char *noun;     /* "card" */
  const char *nouns;    /* "cards" */
  const char *verb;     /* "deleted", for the summary line */
  const char *name_key; /* "title" or "name" */
  bm_bulk_apply apply;
  const bm_bulk_read *reads; /* ended by a NULL path; NULL: no analysis */
};

void bm__step_bulk(bm_call *c, const bm_reply *r);

#endif
