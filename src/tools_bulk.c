/*
 * tools_bulk.c - Bulk operations over workspaces, boards and cards (F-BULK).
 */
#include "call.h"

const bm_tool bm__tools_bulk[] = {
  {0},
};
