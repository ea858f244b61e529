/*
 * tools_workflows.c - Workflows and cycle time (operations.md §2.7).
 */
#include "call.h"

const bm_tool bm__tools_workflows[] = {
  {0},
};
