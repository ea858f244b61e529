/*
 * flows.h - the shared multi-step flows of operations.md §1.7, as step
 * functions a catalog entry can name. Internal to the core.
 *
 * Each is a bm_step_fn: the engine calls it with r == NULL to start and
 * with each reply after. They read the call's validated arguments and the
 * tool's table entry; none keeps state outside the call.
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

void bm__step_bulk(bm_call *c, const bm_reply *r);

#endif
