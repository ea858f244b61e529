/*
 * tools_relations.c - Parents, children, predecessors and linked cards (operations.md §2.13).
 */
#include "call.h"

const bm_tool bm__tools_relations[] = {
  {0},
};
