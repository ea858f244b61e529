/*
 * tools_comments.c - Card comments (operations.md §2.11).
 */
#include "call.h"

const bm_tool bm__tools_comments[] = {
  {0},
};
