/*
 * tools_columns.c - Columns (operations.md §2.5).
 */
#include "call.h"

const bm_tool bm__tools_columns[] = {
  {0},
};
