/*
 * tools_card_history.c - Card history, time and outcomes (operations.md §2.10).
 */
#include "call.h"

const bm_tool bm__tools_card_history[] = {
  {0},
};
