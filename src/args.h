/*
 * args.h - tool arguments: validation, normalisation, input schemas.
 *
 * Owns: checking a tools/call "arguments" object against a tool's
 * parameter table (types, ranges, lengths, enums, array sizes, unknown
 * names, aliases, defaults) and producing the normalised copy the steps
 * read; and writing the JSON Schema of the same table for tools/list.
 * Both come from the one table, so they cannot disagree.
 */
#ifndef BM_ARGS_H
#define BM_ARGS_H

#include "buf.h"
#include "catalog.h"
#include "cJSON.h"

#define BM_MAX_ARGS_BYTES (1u << 20)
#define BM_MAX_ARG_DEPTH 8

/*
 * Checks in (an object or NULL) against t. On success returns 0 and sets
 * *out to a new normalised object (caller frees with cJSON_Delete); the
 * "instance" key is never part of it. On failure returns -1 and writes
 * one message naming the argument path and the rule into err.
 */
int bm_args_check(const bm_tool *t, const cJSON *in, cJSON **out, bm_buf *err);

/* Appends the inputSchema object of t. with_instance adds the optional
 * "instance" property. */
void bm_args_schema(const bm_tool *t, bm_buf *out, int with_instance);

#endif
