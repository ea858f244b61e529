/*
 * tools_subtasks.c - Subtasks (operations.md §2.12).
 */
#include "call.h"

const bm_tool bm__tools_subtasks[] = {
  {0},
};
