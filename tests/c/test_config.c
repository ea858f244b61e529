/*
 * test_config.c - behaviour of bm_config_load, table-driven.
 *
 * Each invalid case lists every problem it must produce (code, path,
 * line:column, and text the message must or must not contain), in the
 * order the loader reports them. Valid cases assert the parsed fields.
 * The example configs are read from the repository root given as the
 * argument, or from the working directory (ctest runs it from the root).
 * Prints "N passed, M failed"; exits non-zero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

static int passed, failed;

#define CHECK(cond, ...)                          \
  do {                                            \
    if (cond) {                                   \
      passed++;                                   \
    } else {                                      \
      failed++;                                   \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)

/* ---- environments ---------------------------------------------------- */

static const char *const all_vars[] = {
  "BM_TOKEN",      "BM_DEV_TOKEN",          "BM_STAGING_TOKEN",
  "BM_PROD_TOKEN", "BUSINESSMAP_API_TOKEN",
};

/* What a case changes in the default test environment. */
typedef struct env_change {
  const char *api_url;
  const char *read_only;
  const char *workspace;
  const char *profile;
  const char *insecure;
  int no_vars; /* no variables set at all */
  int skip_var_check;
} env_change;

static bm_config_env make_env(const env_change *e)
{
  bm_config_env env;

  memset(&env, 0, sizeof env);
  env.api_url = e->api_url;
  env.read_only = e->read_only;
  env.default_workspace = e->workspace;
  env.tool_profile = e->profile;
  env.allow_insecure = e->insecure;
  env.set_vars = e->no_vars ? NULL : all_vars;
  env.nset_vars = e->no_vars ? 0 : (int)(sizeof all_vars / sizeof *all_vars);
  env.check_token_vars = !e->skip_var_check;
  return env;
}

/* ---- building blocks of the texts ------------------------------------ */

#define DEV                                                         \
  "{\"name\": \"dev\", \"apiUrl\": "                                \
  "\"https://example-dev.kanbanize.com/api/v2\", \"apiTokenEnv\": " \
  "\"BM_DEV_TOKEN\"}"
#define PROD                                                         \
  "{\"name\": \"prod\", \"apiUrl\": "                                \
  "\"https://example-prod.kanbanize.com/api/v2\", \"apiTokenEnv\": " \
  "\"BM_PROD_TOKEN\"}"

/* A top-level member m on line 1 (key at 1:2), one valid instance. */
#define TOP(m) "{" m ",\n \"instances\": [" DEV "]}"
/* An instance member m alone on line 2 (key at 2:3). */
#define INST(m)                                                        \
  "{\"instances\": [{\n  " m ",\n  \"name\": \"dev\", \"apiUrl\": "    \
  "\"https://example-dev.kanbanize.com/api/v2\",\n  \"apiTokenEnv\": " \
  "\"BM_DEV_TOKEN\"}]}"
/* An apiUrl value on line 2, at 2:13. */
#define URL(u)                                                                \
  "{\"instances\": [{\"name\": \"dev\", \"apiTokenEnv\": \"BM_DEV_TOKEN\",\n" \
  "  \"apiUrl\": \"" u "\"}]}"
/* An apiTokenEnv value on line 2, at 2:18. */
#define TOKEN(t)                                                           \
  "{\"instances\": [{\"name\": \"dev\", \"apiUrl\": "                      \
  "\"https://example-dev.kanbanize.com/api/v2\",\n  \"apiTokenEnv\": \"" t \
  "\"}]}"
/* A name value (JSON, quotes included) on line 2, at 2:11. */
#define NAME(n)                                                                \
  "{\"instances\": [{\"apiUrl\": \"https://example-dev.kanbanize.com/api/v2\"" \
  ", \"apiTokenEnv\": \"BM_DEV_TOKEN\",\n  \"name\": " n "}]}"
/* The map form: instance "dev" on line 2, its body starting at 2:11. */
#define MAP_BODY                                                \
  "\"api_url\": \"https://example-dev.kanbanize.com/api/v2\", " \
  "\"api_token_env\": \"BM_DEV_TOKEN\""
#define MAP(body) "{\"instances\": {\n  \"dev\": {" body "}\n}}"

/* ---- invalid files --------------------------------------------------- */

#define MAX_WANT 4

typedef struct want {
  bm_code code;
  const char *path;
  int line, col;
  const char *has;   /* the message contains this (or NULL) */
  const char *hasnt; /* the message does not contain this (or NULL) */
} want;

typedef struct bad_case {
  const char *name;
  const char *text; /* NULL: load from the environment */
  env_change env;
  int nwant;
  want w[MAX_WANT];
} bad_case;

static const bad_case bad_cases[] = {
  /* syntax */
  { "syntax_trailing_comma_in_object",
    "{\"a\": 1,}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 9, "trailing comma", NULL } } },
  { "syntax_trailing_comma_in_array",
    "{\"a\": [1, 2, ]}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 14, "trailing comma", NULL } } },
  { "syntax_missing_colon",
    "{\n  \"instances\" [\n]}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 2, 15, "':'", NULL } } },
  { "syntax_missing_comma",
    "{\n  \"a\": 1\n  \"b\": 2\n}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 3, 3, "',' or '}'", NULL } } },
  { "syntax_unterminated_string",
    "{\"name\": \"abc\n}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 14, "closing", NULL } } },
  { "syntax_single_quotes",
    "{'instances': []}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 2, "double quotes", NULL } } },
  { "syntax_comment",
    "{\n  // dev only\n  \"instances\": []\n}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 2, 3, "comments", NULL } } },
  { "syntax_empty_text",
    "",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 1, "expected a value", NULL } } },
  { "syntax_text_after_value",
    "{\"instances\": []} x",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 19, "end of the text", NULL } } },
  { "syntax_leading_zero",
    "{\"a\": 01}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 8, "leading zeros", NULL } } },
  { "syntax_truncated",
    "{\"instances\": [",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 16, "end of the text", NULL } } },
  { "syntax_bad_utf8",
    "{\"a\": \"\xC3\xA9\xFF\"}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 9, "UTF-8", NULL } } },
  { "syntax_columns_count_characters",
    "{\"d\": \"\xC3\xA9t\xC3\xA9\"\t x}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 14, "',' or '}'", NULL } } },
  { "syntax_bare_word",
    "{\"readOnlyMode\": yes}",
    { 0 },
    1,
    { { BM_E_JSON_SYNTAX, "$", 1, 18, "expected a value", NULL } } },

  /* the top level */
  { "top_level_not_an_object",
    "[" DEV "]",
    { 0 },
    1,
    { { BM_E_TYPE, "$", 1, 1, "JSON object", NULL } } },
  { "missing_instances",
    "{\"version\": \"1.0\"}",
    { 0 },
    1,
    { { BM_E_MISSING, "$", 1, 1, "'instances'", NULL } } },
  { "empty_instances",
    "{\"instances\": []}",
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances", 1, 15, "empty", NULL } } },
  { "instances_wrong_type",
    "{\"instances\": \"dev\"}",
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances", 1, 15, "not a string", NULL } } },
  { "version_mismatch",
    TOP("\"version\": \"2.0\""),
    { 0 },
    1,
    { { BM_E_VALUE, "$.version", 1, 13, "\"1.0\"", NULL } } },
  { "version_as_number",
    TOP("\"version\": 1.0"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.version", 1, 13, "string", NULL } } },
  { "unknown_top_key_with_suggestion",
    TOP("\"defaultInstanse\": \"dev\""),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.defaultInstanse", 1, 2,
        "did you mean 'defaultInstance'?", NULL } } },
  { "map_spelling_in_array_form",
    TOP("\"tool_profile\": \"full\""),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.tool_profile", 1, 2, "did you mean 'toolProfile'?",
        NULL } } },
  { "unknown_top_key_without_suggestion",
    TOP("\"colour\": 1"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.colour", 1, 2, "defaultInstance", NULL } } },
  { "instance_key_at_top_level",
    TOP("\"apiUrl\": \"https://example-dev.kanbanize.com/api/v2\""),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.apiUrl", 1, 2, "inside 'instances'", NULL } } },
  { "read_only_as_string",
    TOP("\"readOnlyMode\": \"true\""),
    { 0 },
    1,
    { { BM_E_TYPE, "$.readOnlyMode", 1, 18, "must be a boolean", NULL } } },
  { "unknown_profile_in_file",
    TOP("\"toolProfile\": \"mini\""),
    { 0 },
    1,
    { { BM_E_PROFILE, "$.toolProfile", 1, 17,
        "essential, standard, full, compact", NULL } } },
  { "duplicate_top_level_key",
    "{\"instances\": [" DEV "],\n \"instances\": [" PROD "]}",
    { 0 },
    1,
    { { BM_E_DUPLICATE, "$.instances", 2, 2, "more than once", NULL } } },

  /* names */
  { "name_with_space",
    NAME("\"my dev\""),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].name", 2, 11, "'my dev'", NULL } } },
  { "name_too_long",
    NAME("\"a123456789012345678901234567890"
         "1234567890123456789012345678901234\""),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].name", 2, 11, "1 to 64", NULL } } },
  { "name_empty",
    NAME("\"\""),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].name", 2, 11, NULL, NULL } } },
  { "name_not_a_string",
    NAME("7"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].name", 2, 11, "string", NULL } } },
  { "duplicate_instance_names",
    "{\"defaultInstance\": \"dev\", \"instances\": [\n" DEV ",\n" DEV "\n]}",
    { 0 },
    1,
    { { BM_E_DUPLICATE, "$.instances[1].name", 3, 10, "'dev'", NULL } } },
  { "missing_name",
    "{\"instances\": [\n  {\"apiUrl\": \"https://x.kanbanize.com/api/v2\", "
    "\"apiTokenEnv\": \"BM_DEV_TOKEN\"}]}",
    { 0 },
    1,
    { { BM_E_MISSING, "$.instances[0]", 2, 3, "'name'", NULL } } },
  { "instance_not_an_object",
    "{\"instances\": [\"dev\"]}",
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0]", 1, 16, "object", NULL } } },

  /* instance keys and types */
  { "missing_api_url",
    "{\"instances\": [\n  {\"name\": \"dev\", \"apiTokenEnv\": "
    "\"BM_DEV_TOKEN\"}"
    "]}",
    { 0 },
    1,
    { { BM_E_MISSING, "$.instances[0]", 2, 3, "'apiUrl'", NULL } } },
  { "api_url_wrong_case",
    "{\"instances\": [\n  {\"name\": \"dev\", \"apiTokenEnv\": "
    "\"BM_DEV_TOKEN\","
    " \"apiURL\": \"https://x.kanbanize.com\"}]}",
    { 0 },
    2,
    { { BM_E_MISSING, "$.instances[0]", 2, 3, "'apiUrl'", NULL },
      { BM_E_UNKNOWN_KEY, "$.instances[0].apiURL", 2, 50,
        "did you mean 'apiUrl'?", NULL } } },
  { "read_only_prefix",
    INST("\"readOnly\": true"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.instances[0].readOnly", 2, 3,
        "did you mean 'readOnlyMode'?", NULL } } },
  { "read_only_lower_case",
    INST("\"readonlymode\": true"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.instances[0].readonlymode", 2, 3,
        "did you mean 'readOnlyMode'?", NULL } } },
  { "typo_two_edits",
    INST("\"descripton\": \"x\""),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.instances[0].descripton", 2, 3,
        "did you mean 'description'?", NULL } } },
  { "instance_read_only_as_string",
    INST("\"readOnlyMode\": \"false\""),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].readOnlyMode", 2, 19,
        "write false without quotes", NULL } } },
  { "workspace_zero",
    INST("\"defaultWorkspaceId\": 0"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].defaultWorkspaceId", 2, 25, NULL,
        NULL } } },
  { "workspace_fraction",
    INST("\"defaultWorkspaceId\": 1.5"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].defaultWorkspaceId", 2, 25, "whole",
        NULL } } },
  { "workspace_as_string",
    INST("\"defaultWorkspaceId\": \"12\""),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].defaultWorkspaceId", 2, 25, "integer",
        NULL } } },
  { "description_not_a_string",
    INST("\"description\": 5"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].description", 2, 18, "string", NULL } } },
  { "tags_not_an_array",
    INST("\"tags\": \"prod\""),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].tags", 2, 11, "array", NULL } } },
  { "tag_not_a_string",
    INST("\"tags\": [\"eu\", 3, \"\"]"),
    { 0 },
    2,
    { { BM_E_TYPE, "$.instances[0].tags[1]", 2, 18, "string", NULL },
      { BM_E_VALUE, "$.instances[0].tags[2]", 2, 21, NULL, NULL } } },
  { "too_many_tags",
    INST("\"tags\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\","
         "\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\",\"18\","
         "\"19\",\"20\",\"21\",\"22\",\"23\",\"24\",\"25\",\"26\",\"27\","
         "\"28\",\"29\",\"30\",\"31\",\"32\",\"33\"]"),
    { 0 },
    1,
    { { BM_E_LIMIT, "$.instances[0].tags", 2, 11, "32", NULL } } },
  { "duplicate_key_in_instance",
    INST("\"name\": \"dev2\""),
    { 0 },
    1,
    { { BM_E_DUPLICATE, "$.instances[0].name", 3, 3, "'name'", NULL } } },
  { "instance_retries_out_of_range",
    INST("\"maxRetries\": 11"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].maxRetries", 2, 17, "0 to 10", NULL } } },

  /* the default instance */
  { "missing_default_with_two_instances",
    "{\"instances\": [\n" DEV ",\n" PROD "\n]}",
    { 0 },
    1,
    { { BM_E_DEFAULT, "$", 1, 1, "dev, prod", NULL } } },
  { "default_names_no_instance",
    "{\"defaultInstance\": \"staging\",\n \"instances\": [" DEV ", " PROD "]}",
    { 0 },
    1,
    { { BM_E_DEFAULT, "$.defaultInstance", 1, 21, "dev, prod", NULL } } },
  { "default_not_a_string",
    "{\"defaultInstance\": 1,\n \"instances\": [" DEV "]}",
    { 0 },
    1,
    { { BM_E_TYPE, "$.defaultInstance", 1, 21, "string", NULL } } },

  /* URLs */
  { "http_to_remote_host",
    URL("http://example-dev.kanbanize.com/api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "https", NULL } } },
  { "http_to_loopback_without_opt_in",
    URL("http://localhost:8080/api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13,
        "ALLOW_INSECURE_LOCALHOST=true", NULL } } },
  { "http_to_localhost_look_alike",
    URL("http://localhost.example.com/api/v2"),
    { .insecure = "true" },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "localhost.example.com",
        NULL } } },
  { "http_to_loopback_ip_look_alike",
    URL("http://127.0.0.1.nip.io/api/v2"),
    { .insecure = "true" },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "must use https", NULL } } },
  { "http_to_other_loopback_address",
    URL("http://127.0.0.2/api/v2"),
    { .insecure = "1" },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "must use https", NULL } } },
  { "opt_in_needs_true",
    URL("http://127.0.0.1/api/v2"),
    { .insecure = "on" },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "ALLOW_INSECURE_LOCALHOST",
        NULL } } },
  { "password_in_url",
    URL("https://alice:s3cretpw@example-dev.kanbanize.com/api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "credentials",
        "s3cretpw" } } },
  { "user_in_url",
    URL("https://bobtheuser@example-dev.kanbanize.com/api"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13,
        "https://example-dev.kanbanize.com/api", "bobtheuser" } } },
  { "relative_url",
    URL("example-dev.kanbanize.com/api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "absolute", NULL } } },
  { "ftp_url",
    URL("ftp://example-dev.kanbanize.com/api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "https", NULL } } },
  { "url_with_query",
    URL("https://example-dev.kanbanize.com/api/v2?k=1"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "query", NULL } } },
  { "url_with_bad_port",
    URL("https://example-dev.kanbanize.com:99999/"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "port", NULL } } },
  { "url_without_host",
    URL("https:///api/v2"),
    { 0 },
    1,
    { { BM_E_URL, "$.instances[0].apiUrl", 2, 13, "host", NULL } } },
  { "url_not_a_string",
    "{\"instances\": [{\"name\": \"dev\", \"apiTokenEnv\": \"BM_DEV_TOKEN\",\n"
    "  \"apiUrl\": true}]}",
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances[0].apiUrl", 2, 13, "string", NULL } } },

  /* token variables */
  { "token_env_lower_case",
    TOKEN("bm_dev_token"),
    { 0 },
    1,
    { { BM_E_TOKEN_ENV, "$.instances[0].apiTokenEnv", 2, 18,
        "name of an environment variable", "bm_dev_token" } } },
  { "token_env_holds_a_token",
    TOKEN("9f8e7d6c5b4aTOKEN"),
    { 0 },
    1,
    { { BM_E_TOKEN_ENV, "$.instances[0].apiTokenEnv", 2, 18, "not the token",
        "9f8e7d6c5b4aTOKEN" } } },
  { "token_env_unset",
    TOKEN("BM_MISSING_TOKEN"),
    { 0 },
    1,
    { { BM_E_TOKEN_ENV, "$.instances[0].apiTokenEnv", 2, 18,
        "BM_MISSING_TOKEN is unset or empty", NULL } } },

  /* nested http and cache */
  { "http_timeout_too_small",
    TOP("\"http\": {\"timeoutMs\": 50}"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.http.timeoutMs", 1, 24, "100 to 600000", NULL } } },
  { "http_not_an_object",
    TOP("\"http\": 30000"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.http", 1, 10, "object", NULL } } },
  { "http_unknown_key",
    TOP("\"http\": {\"retries\": 2}"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.http.retries", 1, 11, "maxRetries", NULL } } },
  { "cache_as_string",
    TOP("\"cache\": \"yes\""),
    { 0 },
    1,
    { { BM_E_TYPE, "$.cache", 1, 11, "true, false or an object", NULL } } },
  { "cache_enabled_as_string",
    TOP("\"cache\": {\"enabled\": \"false\"}"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.cache.enabled", 1, 23, "without quotes", NULL } } },
  { "cache_max_bytes_too_big",
    TOP("\"cache\": {\"maxBytes\": 2147483648}"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.cache.maxBytes", 1, 24, "1073741824", NULL } } },
  { "ttl_too_long",
    TOP("\"cache\": {\"ttlSeconds\": {\"boards\": 100000}}"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.cache.ttlSeconds.boards", 1, 37, "86400", NULL } } },
  { "ttl_family_typo",
    TOP("\"cache\": {\"ttlSeconds\": {\"bords\": 10}}"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.cache.ttlSeconds.bords", 1, 27,
        "did you mean 'boards'?", NULL } } },
  { "instance_cache_max_bytes",
    INST("\"cache\": {\"maxBytes\": 1024}"),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.instances[0].cache.maxBytes", 2, 13, "top-level",
        NULL } } },
  { "instance_ttl_wrong_type",
    INST("\"cache\": {\"ttlSeconds\": {\"users\": -1}}"),
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[0].cache.ttlSeconds.users", 2, 37, NULL,
        NULL } } },

  /* the map form */
  { "map_missing_api_url",
    MAP("\"api_token_env\": \"BM_DEV_TOKEN\""),
    { 0 },
    1,
    { { BM_E_MISSING, "$.instances.dev", 2, 10, "'api_url'", NULL } } },
  { "map_with_camel_case_key",
    MAP("\"apiUrl\": \"https://example-dev.kanbanize.com/api/v2\", "
        "\"api_token_env\": \"BM_DEV_TOKEN\""),
    { 0 },
    2,
    { { BM_E_MISSING, "$.instances.dev", 2, 10, "'api_url'", NULL },
      { BM_E_UNKNOWN_KEY, "$.instances.dev.apiUrl", 2, 11,
        "did you mean 'api_url'?", NULL } } },
  { "map_bad_instance_name",
    "{\"instances\": {\n  \"my name\": {" MAP_BODY "}\n}}",
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances[\"my name\"]", 2, 3, "'my name'", NULL } } },
  { "map_instance_not_an_object",
    "{\"instances\": {\n  \"dev\": \"https://example-dev.kanbanize.com\"\n}}",
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances.dev", 2, 10, "object", NULL } } },
  { "map_duplicate_instance",
    "{\"default_instance\": \"dev\", \"instances\": {\n  \"dev\": {" MAP_BODY
    "},\n  \"dev\": {" MAP_BODY "}\n}}",
    { 0 },
    1,
    { { BM_E_DUPLICATE, "$.instances.dev", 3, 3, "'dev'", NULL } } },
  { "map_unknown_default",
    "{\"default_instance\": \"prod\",\n \"instances\": {\"dev\": {" MAP_BODY
    "}}}",
    { 0 },
    1,
    { { BM_E_DEFAULT, "$.default_instance", 1, 22, "dev", NULL } } },
  { "map_camel_case_default",
    "{\"defaultInstance\": \"dev\",\n \"instances\": {\"dev\": {" MAP_BODY
    "}}}",
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.defaultInstance", 1, 2,
        "did you mean 'default_instance'?", NULL } } },
  { "map_name_inside_instance",
    MAP("\"name\": \"dev\", " MAP_BODY),
    { 0 },
    1,
    { { BM_E_UNKNOWN_KEY, "$.instances.dev.name", 2, 11, "its key", NULL } } },
  { "map_read_only_wrong_type",
    MAP(MAP_BODY ", \"read_only_mode\": 1"),
    { 0 },
    1,
    { { BM_E_TYPE, "$.instances.dev.read_only_mode", 2, 117, "boolean",
        NULL } } },
  { "map_empty_instances",
    "{\"instances\": {}}",
    { 0 },
    1,
    { { BM_E_VALUE, "$.instances", 1, 15, "empty", NULL } } },

  /* the environment */
  { "unknown_profile_from_env",
    TOP("\"version\": \"1.0\""),
    { .profile = "tiny" },
    1,
    { { BM_E_PROFILE, "$env.BUSINESSMAP_TOOL_PROFILE", 0, 0,
        "essential, standard, full, compact", NULL } } },
  { "no_config_at_all",
    NULL,
    { 0 },
    1,
    { { BM_E_NO_CONFIG, "$", 0, 0,
        "BUSINESSMAP_API_URL with "
        "BUSINESSMAP_API_TOKEN",
        NULL } } },
  { "env_url_plain_http",
    NULL,
    { .api_url = "http://example-dev.kanbanize.com/api/v2" },
    1,
    { { BM_E_URL, "$env.BUSINESSMAP_API_URL", 0, 0, "https", NULL } } },
  { "env_read_only_unreadable",
    NULL,
    { .api_url = "https://example-dev.kanbanize.com/api/v2",
      .read_only = "maybe" },
    1,
    { { BM_E_VALUE, "$env.BUSINESSMAP_READ_ONLY_MODE", 0, 0, "'maybe'",
        NULL } } },
  { "env_workspace_not_a_number",
    NULL,
    { .api_url = "https://example-dev.kanbanize.com/api/v2",
      .workspace = "12a" },
    1,
    { { BM_E_VALUE, "$env.BUSINESSMAP_DEFAULT_WORKSPACE_ID", 0, 0, "positive",
        NULL } } },
  { "env_token_unset",
    NULL,
    { .api_url = "https://example-dev.kanbanize.com/api/v2", .no_vars = 1 },
    1,
    { { BM_E_TOKEN_ENV, "$env.BUSINESSMAP_API_TOKEN", 0, 0, "unset", NULL } } },
};

static void run_bad_case(const bad_case *k)
{
  bm_config_env env = make_env(&k->env);
  size_t len = k->text != NULL ? strlen(k->text) : 0;
  bm_config *cfg = bm_config_load(k->text, len, k->name, &env);
  int i;

  CHECK(cfg != NULL, "%s: load returned NULL", k->name);
  if (cfg == NULL)
    return;
  CHECK(cfg->nproblems == k->nwant, "%s: %d problems, want %d", k->name,
        cfg->nproblems, k->nwant);
  for (i = 0; i < cfg->nproblems && i < k->nwant; i++) {
    const bm_problem *p = &cfg->problems[i];
    const want *w = &k->w[i];

    CHECK(p->code == w->code, "%s[%d]: code %s, want %s (%s)", k->name, i,
          bm_code_name(p->code), bm_code_name(w->code), p->message);
    CHECK(!strcmp(p->path, w->path), "%s[%d]: path %s, want %s", k->name, i,
          p->path, w->path);
    CHECK(p->line == w->line && p->col == w->col,
          "%s[%d]: at %d:%d, want %d:%d", k->name, i, p->line, p->col, w->line,
          w->col);
    CHECK(w->has == NULL || strstr(p->message, w->has) != NULL,
          "%s[%d]: message lacks \"%s\": %s", k->name, i, w->has, p->message);
    CHECK(w->hasnt == NULL || strstr(p->message, w->hasnt) == NULL,
          "%s[%d]: message leaks \"%s\": %s", k->name, i, w->hasnt, p->message);
    CHECK(strlen(p->message) < sizeof p->message - 1,
          "%s[%d]: message may be cut: %s", k->name, i, p->message);
  }
  for (; i < cfg->nproblems; i++)
    printf("  extra problem in %s: %s %s %d:%d %s\n", k->name,
           bm_code_name(cfg->problems[i].code), cfg->problems[i].path,
           cfg->problems[i].line, cfg->problems[i].col,
           cfg->problems[i].message);
  bm_config_free(cfg);
}

/* ---- valid files ----------------------------------------------------- */

static bm_config *load_ok(const char *what, const char *text,
                          const env_change *e)
{
  bm_config_env env = make_env(e);
  bm_config *cfg = bm_config_load(text, text ? strlen(text) : 0, what, &env);
  int i;

  CHECK(cfg != NULL && cfg->nproblems == 0, "%s: expected no problems", what);
  for (i = 0; cfg != NULL && i < cfg->nproblems; i++)
    printf("  %s: %s %s %d:%d %s\n", what, bm_code_name(cfg->problems[i].code),
           cfg->problems[i].path, cfg->problems[i].line, cfg->problems[i].col,
           cfg->problems[i].message);
  return cfg;
}

static void config_reads_array_form(void)
{
  static const char text[] =
      "{\n"
      "  \"$schema\": \"../../schema/instances.schema.json\",\n"
      "  \"version\": \"1.0\",\n"
      "  \"defaultInstance\": \"staging\",\n"
      "  \"toolProfile\": \"standard\",\n"
      "  \"http\": {\"timeoutMs\": 20000, \"maxRetries\": 5},\n"
      "  \"cache\": {\"maxBytes\": 1048576,\n"
      "            \"ttlSeconds\": {\"boards\": 45, \"cardTypes\": 600}},\n"
      "  \"instances\": [\n"
      "    {\"name\": \"dev\", \"apiUrl\": "
      "\"https://example-dev.kanbanize.com/api/v2/\",\n"
      "     \"apiTokenEnv\": \"BM_DEV_TOKEN\", \"cache\": false,\n"
      "     \"tags\": [\"eu\", \"team-a\"], \"description\": "
      "\"Development\"},\n"
      "    {\"name\": \"staging\", \"apiUrl\": "
      "\"https://example-staging.kanbanize.com/api/v2\",\n"
      "     \"apiTokenEnv\": \"BM_STAGING_TOKEN\", \"maxBackoffMs\": 1000,\n"
      "     \"cache\": {\"ttlSeconds\": {\"workspaces\": 60}}},\n"
      "    {\"name\": \"prod\", \"apiUrl\": "
      "\"https://example-prod.kanbanize.com/api/v2\",\n"
      "     \"apiTokenEnv\": \"BM_PROD_TOKEN\", \"readOnlyMode\": true,\n"
      "     \"defaultWorkspaceId\": 42, \"timeoutMs\": 5000}\n"
      "  ]\n"
      "}\n";
  env_change e = { 0 };
  bm_config *cfg = load_ok("array form", text, &e);
  const bm_instance *dev, *staging, *prod;

  if (cfg == NULL || cfg->ninstances != 3) {
    CHECK(0, "array form: 3 instances expected");
    bm_config_free(cfg);
    return;
  }
  dev = &cfg->instances[0];
  staging = &cfg->instances[1];
  prod = &cfg->instances[2];
  CHECK(cfg->default_index == 1, "default is staging");
  CHECK(cfg->profile == BM_PROFILE_STANDARD, "profile from the file");
  CHECK(!cfg->read_only && !cfg->single_env, "not read-only, not env");
  CHECK(cfg->cache_max_bytes == 1048576, "maxBytes read");
  CHECK(cfg->policy.timeout_ms == 20000 && cfg->policy.max_retries == 5 &&
            cfg->policy.max_backoff_ms == 60000,
        "server http policy");
  CHECK(cfg->policy.ttl_s[BM_FAM_BOARDS] == 45 &&
            cfg->policy.ttl_s[BM_FAM_CARD_TYPES] == 600 &&
            cfg->policy.ttl_s[BM_FAM_USERS] == 300,
        "server ttls");
  CHECK(!strcmp(dev->api_url, "https://example-dev.kanbanize.com/api/v2"),
        "trailing slash stripped: %s", dev->api_url);
  CHECK(!strcmp(dev->token_env, "BM_DEV_TOKEN"), "token env name kept");
  CHECK(dev->policy.cache_enabled == 0, "dev cache off");
  CHECK(dev->ntags == 2 && !strcmp(dev->tags[1], "team-a"), "dev tags");
  CHECK(dev->description && !strcmp(dev->description, "Development"),
        "dev description");
  CHECK(staging->policy.cache_enabled == 1 &&
            staging->policy.ttl_s[BM_FAM_WORKSPACES] == 60 &&
            staging->policy.ttl_s[BM_FAM_BOARDS] == 45,
        "staging ttl merged over the server's");
  CHECK(staging->policy.max_backoff_ms == 1000 &&
            staging->policy.timeout_ms == 20000,
        "staging http merged");
  CHECK(staging->description == NULL && staging->ntags == 0,
        "staging has no description or tags");
  CHECK(prod->read_only == 1 && staging->read_only == 0, "read-only");
  CHECK(prod->default_workspace_id == 42, "prod workspace");
  CHECK(prod->policy.timeout_ms == 5000 && prod->policy.max_retries == 5,
        "prod http merged");
  CHECK(bm_config_find(cfg, "prod") == 2 && bm_config_find(cfg, "x") == -1,
        "find");
  bm_config_free(cfg);
}

static void config_reads_map_form(void)
{
  static const char text[] =
      "{\n"
      "  \"default_instance\": \"prod\",\n"
      "  \"tool_profile\": \"full\",\n"
      "  \"read_only_mode\": true,\n"
      "  \"http\": {\"timeout_ms\": 10000, \"max_backoff_ms\": 2000},\n"
      "  \"cache\": {\"max_bytes\": 0,\n"
      "            \"ttl_seconds\": {\"custom_fields\": 7}},\n"
      "  \"instances\": {\n"
      "    \"dev\": {\"api_url\": "
      "\"https://example-dev.kanbanize.com/api/v2\",\n"
      "            \"api_token_env\": \"BM_DEV_TOKEN\",\n"
      "            \"max_retries\": 0, \"default_workspace_id\": 7},\n"
      "    \"prod\": {\"api_url\":\n"
      "             \"https://example-prod.businessmap.io/api/v2/\",\n"
      "             \"api_token_env\": \"BM_PROD_TOKEN\", \"tags\": [],\n"
      "             \"cache\": {\"enabled\": false}}\n"
      "  }\n"
      "}\n";
  env_change e = { 0 };
  bm_config *cfg = load_ok("map form", text, &e);

  if (cfg == NULL || cfg->ninstances != 2) {
    CHECK(0, "map form: 2 instances expected");
    bm_config_free(cfg);
    return;
  }
  CHECK(!strcmp(cfg->instances[0].name, "dev") &&
            !strcmp(cfg->instances[1].name, "prod"),
        "names from keys");
  CHECK(cfg->default_index == 1, "default prod");
  CHECK(cfg->profile == BM_PROFILE_FULL, "profile full");
  CHECK(cfg->read_only == 1 && cfg->instances[0].read_only == 1,
        "global read-only reaches every instance");
  CHECK(cfg->cache_max_bytes == 0, "max_bytes 0");
  CHECK(cfg->policy.ttl_s[BM_FAM_CUSTOM_FIELDS] == 7, "ttl snake case");
  CHECK(cfg->instances[0].policy.max_retries == 0 &&
            cfg->instances[0].policy.timeout_ms == 10000 &&
            cfg->instances[0].policy.max_backoff_ms == 2000,
        "dev policy");
  CHECK(cfg->instances[0].default_workspace_id == 7, "dev workspace");
  CHECK(!strcmp(cfg->instances[1].api_url,
                "https://example-prod.businessmap.io/api/v2"),
        "map url stripped");
  CHECK(cfg->instances[1].policy.cache_enabled == 0 &&
            cfg->instances[0].policy.cache_enabled == 1,
        "cache per instance");
  bm_config_free(cfg);
}

static void config_applies_defaults(void)
{
  env_change e = { 0 };
  bm_config *cfg = load_ok("defaults", "{\"instances\": [" DEV "]}", &e);
  bm_policy d;

  bm_policy_defaults(&d);
  CHECK(d.timeout_ms == 30000 && d.max_retries == 3 &&
            d.max_backoff_ms == 60000 && d.cache_enabled == 1,
        "policy defaults");
  CHECK(d.ttl_s[BM_FAM_WORKSPACES] == 900 && d.ttl_s[BM_FAM_BOARDS] == 30 &&
            d.ttl_s[BM_FAM_STRUCTURE] == 60 && d.ttl_s[BM_FAM_USERS] == 300 &&
            d.ttl_s[BM_FAM_CARD_TYPES] == 300 &&
            d.ttl_s[BM_FAM_CUSTOM_FIELDS] == 300 &&
            d.ttl_s[BM_FAM_CARDS] == 0 && d.ttl_s[BM_FAM_DOCS] == 0 &&
            d.ttl_s[BM_FAM_OTHER] == 0,
        "ttl defaults");
  if (cfg == NULL)
    return;
  CHECK(cfg->default_index == 0, "one instance is the default");
  CHECK(cfg->profile == BM_PROFILE_ESSENTIAL, "essential by default");
  CHECK(cfg->cache_max_bytes == (size_t)8 << 20, "8 MiB cache");
  CHECK(!memcmp(&cfg->instances[0].policy, &d, sizeof d),
        "instance policy = defaults");
  CHECK(cfg->instances[0].read_only == 0, "writable by default");
  CHECK(!strcmp(cfg->source, "defaults"), "source kept");
  bm_config_free(cfg);
}

static void config_env_overrides(void)
{
  env_change e = { 0 };
  bm_config *cfg;

  e.profile = "Compact";
  e.read_only = "yes";
  cfg = load_ok("env overrides",
                TOP("\"toolProfile\": \"full\", \"readOnlyMode\": false"), &e);
  if (cfg == NULL)
    return;
  CHECK(cfg->profile == BM_PROFILE_COMPACT, "env profile wins");
  CHECK(cfg->read_only == 1 && cfg->instances[0].read_only == 1,
        "env read-only wins");
  bm_config_free(cfg);
  CHECK(!strcmp(bm_profile_name(BM_PROFILE_COMPACT), "compact") &&
            !strcmp(bm_profile_name(BM_PROFILE_ESSENTIAL), "essential"),
        "profile names");
}

static void config_single_instance_from_env(void)
{
  env_change e = { 0 };
  bm_config *cfg;

  e.api_url = "https://example-dev.kanbanize.com/api/v2/";
  e.read_only = "1";
  e.workspace = "15";
  cfg = load_ok("single env", NULL, &e);
  if (cfg == NULL || cfg->ninstances != 1) {
    CHECK(0, "single env: one instance");
    bm_config_free(cfg);
    return;
  }
  CHECK(cfg->single_env == 1 && cfg->default_index == 0, "single env");
  CHECK(!strcmp(cfg->instances[0].name, "default"), "named default");
  CHECK(!strcmp(cfg->instances[0].api_url,
                "https://example-dev.kanbanize.com/api/v2"),
        "url stripped");
  CHECK(!strcmp(cfg->instances[0].token_env, "BUSINESSMAP_API_TOKEN"),
        "token variable");
  CHECK(cfg->instances[0].default_workspace_id == 15, "workspace from env");
  CHECK(cfg->read_only == 1 && cfg->instances[0].read_only == 1, "ro env");
  bm_config_free(cfg);
}

static void config_explains_where_instances_come_from(void)
{
  static const char *const sources[] = {
    "--config PATH",
    "BUSINESSMAP_INSTANCES_CONFIG",
    "BUSINESSMAP_INSTANCES,",
    "./.businessmap-instances.json",
    "~/.config/businessmap-mcp/instances.json",
    "BUSINESSMAP_API_URL",
    "BUSINESSMAP_API_TOKEN",
  };
  bm_config *cfg = bm_config_load(NULL, 0, NULL, NULL);
  size_t i;

  CHECK(cfg && cfg->nproblems == 1 && cfg->single_env == 1,
        "no config: one problem");
  for (i = 0; cfg && cfg->nproblems == 1 && i < 7; i++)
    CHECK(strstr(cfg->problems[0].message, sources[i]) != NULL,
          "no config message names %s", sources[i]);
  bm_config_free(cfg);
}

static void config_allows_loopback_with_opt_in(void)
{
  static const char *const urls[] = {
    URL("http://localhost:8080/api/v2"),
    URL("http://LOCALHOST/api/v2"),
    URL("http://127.0.0.1:3000/api/v2/"),
    URL("http://[::1]:3000/api/v2"),
  };
  env_change e = { 0 };
  size_t i;

  e.insecure = "true";
  for (i = 0; i < sizeof urls / sizeof *urls; i++) {
    bm_config *cfg = load_ok(urls[i], urls[i], &e);

    bm_config_free(cfg);
  }
}

static void config_accepts_bom_crlf_and_escapes(void)
{
  static const char text[] =
      "\xEF\xBB\xBF{\r\n  \"instances\": [{\"name\": \"d\\u0065v\",\r\n"
      "  \"api\\u0055rl\": \"https:\\/\\/example-dev.kanbanize.com\",\r\n"
      "  \"apiTokenEnv\": \"BM_DEV_TOKEN\", \"readOnlyMode\": 7}]}\r\n";
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  bm_config *cfg = bm_config_load(text, sizeof text - 1, "bom", &env);

  if (cfg == NULL)
    return;
  CHECK(cfg->nproblems == 1, "bom: one problem, got %d", cfg->nproblems);
  if (cfg->nproblems == 1)
    CHECK(cfg->problems[0].line == 4 && cfg->problems[0].col == 50 &&
              !strcmp(cfg->problems[0].path, "$.instances[0].readOnlyMode"),
          "bom: at %d:%d %s", cfg->problems[0].line, cfg->problems[0].col,
          cfg->problems[0].path);
  CHECK(cfg->ninstances == 1 && !strcmp(cfg->instances[0].name, "dev") &&
            !strcmp(cfg->instances[0].api_url,
                    "https://example-dev.kanbanize.com"),
        "escapes decoded");
  bm_config_free(cfg);
}

/* ---- limits ---------------------------------------------------------- */

static void config_rejects_oversize_text(void)
{
  size_t n = (size_t)BM_MAX_CONFIG_BYTES + 1;
  char *text = malloc(n);
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  bm_config *cfg;

  if (text == NULL)
    return;
  memset(text, ' ', n);
  cfg = bm_config_load(text, n, "big", &env);
  CHECK(cfg && cfg->nproblems == 1 && cfg->problems[0].code == BM_E_LIMIT,
        "oversize text is a limit problem");
  bm_config_free(cfg);
  free(text);
}

/* Appends to a growing buffer; aborts the test program when out of memory. */
static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
  size_t n = strlen(s);

  if (*len + n + 1 > *cap) {
    *cap = (*len + n + 1) * 2;
    *buf = realloc(*buf, *cap);
    if (*buf == NULL)
      abort();
  }
  memcpy(*buf + *len, s, n + 1);
  *len += n;
}

static void config_caps_problems(void)
{
  char *text = NULL, key[32];
  size_t len = 0, cap = 0;
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  bm_config *cfg;
  int i;

  append(&text, &len, &cap, "{\"instances\": [" DEV "]");
  for (i = 0; i < BM_MAX_PROBLEMS + 50; i++) {
    snprintf(key, sizeof key, ", \"x%d\": 1", i);
    append(&text, &len, &cap, key);
  }
  append(&text, &len, &cap, "}");
  cfg = bm_config_load(text, len, "many", &env);
  CHECK(cfg && cfg->nproblems == BM_MAX_PROBLEMS && cfg->problems_dropped == 50,
        "problems capped: %d, dropped %d", cfg ? cfg->nproblems : -1,
        cfg ? cfg->problems_dropped : -1);
  bm_config_free(cfg);
  free(text);
}

static void config_caps_instances(void)
{
  char *text = NULL, item[64];
  size_t len = 0, cap = 0;
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  bm_config *cfg;
  int i;

  append(&text, &len, &cap, "{\"instances\": {");
  for (i = 0; i <= BM_MAX_INSTANCES; i++) {
    snprintf(item, sizeof item, "%s\"i%d\": {}", i ? "," : "", i);
    append(&text, &len, &cap, item);
  }
  append(&text, &len, &cap, "}}");
  cfg = bm_config_load(text, len, "many instances", &env);
  CHECK(cfg && cfg->nproblems == 1 && cfg->problems[0].code == BM_E_LIMIT &&
            !strcmp(cfg->problems[0].path, "$.instances"),
        "more than BM_MAX_INSTANCES is a limit problem");
  bm_config_free(cfg);
  free(text);
}

/*
 * 128 levels parse (cJSON is built with the same nesting limit, so the
 * two parsers agree); 129 are a syntax problem at the 129th bracket.
 */
static void config_caps_nesting(void)
{
  char text[300];
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  bm_config *cfg;

  memset(text, '[', 128);
  memset(text + 128, ']', 128);
  cfg = bm_config_load(text, 256, "deep", &env);
  CHECK(cfg && cfg->nproblems == 1 && cfg->problems[0].code == BM_E_TYPE,
        "128 levels parse");
  bm_config_free(cfg);
  memset(text, '[', 200);
  cfg = bm_config_load(text, 200, "deeper", &env);
  CHECK(cfg && cfg->nproblems == 1 &&
            cfg->problems[0].code == BM_E_JSON_SYNTAX &&
            cfg->problems[0].col == 129,
        "nesting capped at 128");
  bm_config_free(cfg);
}

/* Every prefix of a valid file fails cleanly (run under sanitizers). */
static void config_survives_truncation(void)
{
  static const char text[] = "{\"defaultInstance\": \"dev\", \"cache\": "
                             "{\"ttlSeconds\": {\"docs\": 1}},"
                             " \"instances\": [" DEV ", " PROD "]}";
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  size_t n;
  int clean = 1;

  for (n = 0; n < sizeof text - 1; n++) {
    char *copy = malloc(n + 1);
    bm_config *cfg;

    if (copy == NULL)
      return;
    memcpy(copy, text, n); /* no terminator: nothing may read past n */
    cfg = bm_config_load(copy, n, "prefix", &env);
    if (cfg == NULL || cfg->nproblems != 1 ||
        cfg->problems[0].code != BM_E_JSON_SYNTAX)
      clean = 0;
    bm_config_free(cfg);
    free(copy);
  }
  CHECK(clean, "every truncation is one syntax problem");
}

/* ---- example files --------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *buf;
  long n;

  if (f == NULL)
    return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL) {
    fclose(f);
    return NULL;
  }
  *len = fread(buf, 1, (size_t)n, f);
  fclose(f);
  return buf;
}

static void config_loads_examples(const char *root)
{
  static const char *const files[] = {
    "examples/configs/single.json",
    "examples/configs/dev-staging-prod.json",
    "examples/configs/map-form.json",
  };
  static const int counts[] = { 1, 3, 2 };
  env_change e = { 0 };
  bm_config_env env = make_env(&e);
  size_t i;

  for (i = 0; i < sizeof files / sizeof *files; i++) {
    char path[1024];
    size_t len = 0;
    char *text;
    bm_config *cfg;

    snprintf(path, sizeof path, "%s/%s", root, files[i]);
    text = read_file(path, &len);
    CHECK(text != NULL, "cannot read %s", path);
    if (text == NULL)
      continue;
    cfg = bm_config_load(text, len, path, &env);
    CHECK(cfg && cfg->nproblems == 0 && cfg->ninstances == counts[i] &&
              cfg->default_index >= 0,
          "%s loads cleanly", files[i]);
    if (cfg && cfg->nproblems > 0)
      printf("  %s: %s\n", files[i], cfg->problems[0].message);
    bm_config_free(cfg);
    free(text);
  }
}

int main(int argc, char **argv)
{
  size_t i;

  for (i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
    run_bad_case(&bad_cases[i]);
  config_reads_array_form();
  config_reads_map_form();
  config_applies_defaults();
  config_env_overrides();
  config_single_instance_from_env();
  config_explains_where_instances_come_from();
  config_allows_loopback_with_opt_in();
  config_accepts_bom_crlf_and_escapes();
  config_rejects_oversize_text();
  config_caps_problems();
  config_caps_instances();
  config_caps_nesting();
  config_survives_truncation();
  config_loads_examples(argc > 1 ? argv[1] : ".");
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
