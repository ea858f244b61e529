/*
 * tools_setup.c - Board setup in batches (operations.md §2.8).
 */
#include "call.h"

const bm_tool bm__tools_setup[] = {
  {0},
};
