/*
 * tools_docs.c - Docs (operations.md §2.17).
 */
#include "call.h"

const bm_tool bm__tools_docs[] = {
  {0},
};
