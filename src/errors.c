/* errors.c - names of the error codes, from one table. */
#include "errors.h"

static const char *const code_names[] = {
  "ok",          "out_of_memory", "json_syntax",   "wrong_type",
  "unknown_key", "missing_key",   "invalid_value", "duplicate",
  "bad_default", "bad_url",       "bad_token_env", "bad_profile",
  "no_config",   "over_limit",
};

const char *bm_code_name(bm_code code)
{
  size_t n = sizeof code_names / sizeof code_names[0];

  if ((size_t)code >= n)
    return "unknown";
  return code_names[code];
}
