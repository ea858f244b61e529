/*
 * tools_custom_fields.c - Custom fields and card types (operations.md §2.15).
 */
#include "call.h"

const bm_tool bm__tools_custom_fields[] = {
  {0},
};
