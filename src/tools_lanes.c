/*
 * tools_lanes.c - Lanes (operations.md §2.6).
 */
#include "call.h"

const bm_tool bm__tools_lanes[] = {
  {0},
};
