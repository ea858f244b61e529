/*
 * test_cache.c - the response cache: canonical keys, families, TTL, the
 * byte budget with LRU eviction, anchored invalidation and instance
 * isolation on the cache alone; then, through a whole engine with a fake
 * clock, hits, invalidation by writes, sharing of identical reads in
 * flight, and the figures in get_instance_info.
 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "check.h"
#include "fixture.h"

/* ---- the cache alone -------------------------------------------------- */

static void key_is_the_canonical_request(void)
{
  static const struct {
    const char *path, *want;
  } cases[] = {
    { "/boards?workspace_ids=1&is_archived=0",
      "GET /boards?is_archived=0&workspace_ids=1" },
    { "/boards?is_archived=0&workspace_ids=1",
      "GET /boards?is_archived=0&workspace_ids=1" },
    { "/x?b=2&a=1&c", "GET /x?a=1&b=2&c" },
    { "/x?ab=1&a=2", "GET /x?a=2&ab=1" },
    { "/x?a[]=2&b=1&a[]=1", "GET /x?a[]=2&a[]=1&b=1" },
    { "/x?&&a=1&", "GET /x?a=1" },
    { "/boards/", "GET /boards" },
    { "/", "GET /" },
    { "/me", "GET /me" },
  };
  char path[8192];
  size_t i;
  char *k;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    k = bm_cache_key("GET", cases[i].path);
    CHECK_STR(k, cases[i].want);
    free(k);
  }

  /* Past the pair cap and the key cap there is no key. */
  strcpy(path, "/x?");
  for (i = 0; i <= BM_CACHE_MAX_QUERY_PAIRS; i++)
    sprintf(path + strlen(path), "k%zu=1&", i);
  CHECK(bm_cache_key("GET", path) == NULL);
  memset(path, 'a', sizeof path - 1);
  path[0] = '/';
  path[sizeof path - 1] = '\0';
  CHECK(bm_cache_key("GET", path) == NULL);
}

static void paths_map_to_families(void)
{
  static const struct {
    const char *path;
    bm_family fam;
  } cases[] = {
    { "/workspaces", BM_FAM_WORKSPACES },
    { "/workspaces/3?x=1", BM_FAM_WORKSPACES },
    { "/boards", BM_FAM_BOARDS },
    { "/boards/5", BM_FAM_BOARDS },
    { "/boards/5/currentStructure", BM_FAM_STRUCTURE },
    { "/boards/5/columns/2", BM_FAM_STRUCTURE },
    { "/boards/5/lanes", BM_FAM_STRUCTURE },
    { "/boards/5/workflows/1/cycleTimeColumns", BM_FAM_STRUCTURE },
    { "/boards/5/relatedWorkflows/1", BM_FAM_STRUCTURE },
    { "/boards/5/customFields", BM_FAM_CUSTOM_FIELDS },
    { "/boards/5/docs", BM_FAM_DOCS },
    { "/users", BM_FAM_USERS },
    { "/users/9", BM_FAM_USERS },
    { "/me", BM_FAM_USERS },
    { "/cardTypes", BM_FAM_CARD_TYPES },
    { "/customFields/4/allowedValues", BM_FAM_CUSTOM_FIELDS },
    { "/cards", BM_FAM_CARDS },
    { "/cards/1/comments", BM_FAM_CARDS },
    { "/docs/1", BM_FAM_DOCS },
    { "/personalDocs", BM_FAM_DOCS },
    { "/tags", BM_FAM_OTHER },
    { "/loggedTime", BM_FAM_OTHER },
    { "/mega", BM_FAM_OTHER },
    { "/", BM_FAM_OTHER },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    CHECK(bm_cache_family(cases[i].path) == cases[i].fam);
    if (bm_cache_family(cases[i].path) != cases[i].fam)
      fprintf(stderr, "  family of %s\n", cases[i].path);
  }
}

/* Bytes charged for an entry with this key and body length. */
static size_t charge(const char *key, size_t body_len)
{
  return bm_cache_entry_overhead() + strlen(key) + body_len;
}

static int has(bm_cache *c, int instance, const char *key, double now)
{
  const char *b;
  size_t n;
  int st;

  return bm_cache_get(c, instance, key, now, &b, &n, &st);
}

static void entries_expire_after_their_ttl(void)
{
  bm_cache *c = bm_cache_new(1 << 20, 2);
  bm_cache_stats st;
  const char *b;
  size_t n;
  int status;

  CHECK(bm_cache_put(c, 0, "GET /me", 200, "{\"x\":1}", 7, 0, 1000));
  CHECK(bm_cache_get(c, 0, "GET /me", 999, &b, &n, &status));
  CHECK(n == 7 && memcmp(b, "{\"x\":1}", 7) == 0 && status == 200);
  CHECK(!bm_cache_get(c, 0, "GET /me", 1000, &b, &n, &status));
  bm_cache_stats_of(c, 0, 1000, &st);
  CHECK(st.hits == 1 && st.misses == 1 && st.expired == 1);
  CHECK(st.entries == 0 && st.bytes == 0);

  /* Expired entries are not counted even before anyone looks them up. */
  CHECK(bm_cache_put(c, 0, "GET /users", 200, "[]", 2, 0, 500));
  bm_cache_stats_of(c, 0, 499, &st);
  CHECK(st.entries == 1);
  bm_cache_stats_of(c, 0, 500, &st);
  CHECK(st.entries == 0 && st.bytes == 0 && st.expired == 2);
  CHECK(bm_cache_bytes(c) == 0);
  bm_cache_free(c);
}

static void budget_evicts_the_least_recently_used(void)
{
  char body[100];
  size_t one = charge("GET /k1", sizeof body);
  bm_cache *c = bm_cache_new(4 * one + one / 2, 1);
  bm_cache_stats st;
  int i;

  memset(body, 'x', sizeof body);
  for (i = 1; i <= 4; i++) {
    char key[16];

    snprintf(key, sizeof key, "GET /k%d", i);
    CHECK(bm_cache_put(c, 0, key, 200, body, sizeof body, 0, 1e9));
  }
  CHECK(has(c, 0, "GET /k1", 1)); /* k1 is now the most recent */
  CHECK(bm_cache_put(c, 0, "GET /k5", 200, body, sizeof body, 1, 1e9));
  CHECK(!has(c, 0, "GET /k2", 2));
  CHECK(has(c, 0, "GET /k1", 2) && has(c, 0, "GET /k3", 2));
  CHECK(has(c, 0, "GET /k4", 2) && has(c, 0, "GET /k5", 2));
  CHECK(bm_cache_bytes(c) <= bm_cache_max_bytes(c));
  bm_cache_stats_of(c, 0, 2, &st);
  CHECK(st.evictions == 1 && st.entries == 4);
  CHECK(st.bytes == (long long)(4 * one));
  bm_cache_free(c);
}

static void expired_entries_go_before_live_ones(void)
{
  char body[100];
  size_t one = charge("GET /k1", sizeof body);
  bm_cache *c = bm_cache_new(4 * one + one / 2, 1);
  bm_cache_stats st;

  memset(body, 'y', sizeof body);
  CHECK(bm_cache_put(c, 0, "GET /k1", 200, body, sizeof body, 0, 1e9));
  CHECK(bm_cache_put(c, 0, "GET /k2", 200, body, sizeof body, 0, 1e9));
  CHECK(bm_cache_put(c, 0, "GET /k3", 200, body, sizeof body, 0, 1e9));
  CHECK(bm_cache_put(c, 0, "GET /k4", 200, body, sizeof body, 0, 50));
  CHECK(bm_cache_put(c, 0, "GET /k5", 200, body, sizeof body, 60, 1e9));
  CHECK(has(c, 0, "GET /k1", 61));
  bm_cache_stats_of(c, 0, 61, &st);
  CHECK(st.evictions == 0 && st.expired == 1 && st.entries == 4);
  bm_cache_free(c);
}

static void oversized_and_replaced_entries(void)
{
  bm_cache *c = bm_cache_new(1000, 1);
  char body[400];
  bm_cache_stats st;

  memset(body, 'z', sizeof body);
  /* More than a quarter of the budget: not kept. */
  CHECK(!bm_cache_put(c, 0, "GET /big", 200, body, 300, 0, 1e9));
  CHECK(!has(c, 0, "GET /big", 1));
  /* A new answer replaces the old, and a too-large one removes it. */
  CHECK(bm_cache_put(c, 0, "GET /a", 200, body, 100, 0, 1e9));
  CHECK(bm_cache_put(c, 0, "GET /a", 200, body, 50, 0, 1e9));
  bm_cache_stats_of(c, 0, 1, &st);
  CHECK(st.entries == 1 && st.bytes == (long long)charge("GET /a", 50));
  CHECK(!bm_cache_put(c, 0, "GET /a", 200, body, 400, 0, 1e9));
  CHECK(!has(c, 0, "GET /a", 1));
  /* A budget of 0 stores nothing. */
  bm_cache_free(c);
  c = bm_cache_new(0, 1);
  CHECK(!bm_cache_put(c, 0, "GET /a", 200, "1", 1, 0, 1e9));
  bm_cache_free(c);
}

static void instances_never_see_each_other(void)
{
  bm_cache *c = bm_cache_new(1 << 20, 3);
  bm_cache_stats st;
  const char *b;
  size_t n;
  int status;

  CHECK(bm_cache_put(c, 0, "GET /workspaces", 200, "A", 1, 0, 1e9));
  CHECK(!bm_cache_get(c, 1, "GET /workspaces", 1, &b, &n, &status));
  CHECK(bm_cache_put(c, 1, "GET /workspaces", 200, "BB", 2, 0, 1e9));
  CHECK(bm_cache_get(c, 0, "GET /workspaces", 1, &b, &n, &status));
  CHECK(n == 1 && b[0] == 'A');
  CHECK(bm_cache_get(c, 1, "GET /workspaces", 1, &b, &n, &status));
  CHECK(n == 2 && b[0] == 'B');
  CHECK(bm_cache_invalidate(c, 1, "/workspaces") == 1);
  CHECK(has(c, 0, "GET /workspaces", 1));
  bm_cache_stats_of(c, 2, 1, &st);
  CHECK(st.entries == 0 && st.hits == 0 && st.misses == 0);
  bm_cache_stats_of(c, 0, 1, &st);
  CHECK(st.entries == 1 && st.hits == 2);
  /* Instances outside the cache's range are refused, not served. */
  CHECK(!bm_cache_put(c, 3, "GET /x", 200, "1", 1, 0, 1e9));
  CHECK(!bm_cache_get(c, -1, "GET /workspaces", 1, &b, &n, &status));
  bm_cache_free(c);
}

static const char *const cached_paths[] = {
  "/workspaces",
  "/workspaces?is_archived=0",
  "/workspaces/1",
  "/workspaces/10",
  "/boards",
  "/boards?workspace_ids=1",
  "/boards/5",
  "/boards/50",
  "/boards/5/currentStructure",
  "/boards/5/lanes",
  "/boards/5/lanes/7",
  "/boards/5/lanes/70",
  "/boards/5/columns",
  "/boards/5/workflows/3/cycleTimeColumns",
  "/boards/50/currentStructure",
  "/boards/50/lanes",
  "/boards/5/customFields",
  "/boards/50/customFields",
  "/customFields",
  "/customFields/9",
  "/customFields/90",
  "/users",
  "/users/4",
  "/me",
  "/cardTypes",
  "/docs",
  "/docs/2",
  "/boards/5/docs",
  "/personalDocs",
  "/cards?board_ids=5",
  "/cards/3",
  "/cards/30",
  NULL,
};

static int listed(const char *const *list, const char *s)
{
  for (; *list; list++)
    if (strcmp(*list, s) == 0)
      return 1;
  return 0;
}

static void invalidation_is_anchored(void)
{
  static const struct {
    const char *write;
    const char *dropped[24];
  } cases[] = {
    { "/workspaces/1",
      { "/workspaces", "/workspaces?is_archived=0", "/workspaces/1" } },
    { "/workspaces", { "/workspaces", "/workspaces?is_archived=0" } },
    { "/boards/5/lanes",
      { "/boards/5", "/boards/5/currentStructure", "/boards/5/lanes",
        "/boards/5/columns", "/boards/5/workflows/3/cycleTimeColumns" } },
    { "/boards/5/lanes/7?move_cards_to_lane_id=70",
      { "/boards/5", "/boards/5/currentStructure", "/boards/5/lanes",
        "/boards/5/columns", "/boards/5/workflows/3/cycleTimeColumns",
        "/boards/5/lanes/7" } },
    { "/boards/5",
      { "/boards", "/boards?workspace_ids=1", "/boards/5",
        "/boards/5/currentStructure", "/boards/5/lanes", "/boards/5/lanes/7",
        "/boards/5/lanes/70", "/boards/5/columns",
        "/boards/5/workflows/3/cycleTimeColumns", "/boards/5/customFields",
        "/boards/5/docs" } },
    { "/boards/50/",
      { "/boards", "/boards?workspace_ids=1", "/boards/50",
        "/boards/50/currentStructure", "/boards/50/lanes",
        "/boards/50/customFields" } },
    { "/boards", { "/boards", "/boards?workspace_ids=1" } },
    { "/boards/5/customFields/9",
      { "/boards/5/customFields", "/customFields", "/boards/5" } },
    { "/customFields/9",
      { "/customFields", "/boards/5/customFields", "/boards/50/customFields",
        "/customFields/9" } },
    { "/users/invite", { "/users", "/me" } },
    { "/docs/2", { "/docs", "/boards/5/docs", "/personalDocs", "/docs/2" } },
    { "/cards", { "/cards?board_ids=5" } },
    { "/cards/3/comments", { "/cards?board_ids=5", "/cards/3" } },
    { "/cards/3", { "/cards?board_ids=5", "/cards/3" } },
    { "/tags", { NULL } },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bm_cache *c = bm_cache_new(1 << 20, 2);
    int inst, k, want = 0, dropped;

    for (inst = 0; inst < 2; inst++)
      for (k = 0; cached_paths[k]; k++) {
        char *key = bm_cache_key("GET", cached_paths[k]);

        CHECK(bm_cache_put(c, inst, key, 200, "{}", 2, 0, 1e9));
        free(key);
      }
    dropped = bm_cache_invalidate(c, 0, cases[i].write);
    for (k = 0; cached_paths[k]; k++) {
      char *key = bm_cache_key("GET", cached_paths[k]);
      int gone = listed(cases[i].dropped, cached_paths[k]);

      want += gone;
      CHECK(has(c, 0, key, 1) == !gone);
      if (has(c, 0, key, 1) == gone)
        fprintf(stderr, "  write %s: %s should %s\n", cases[i].write,
                cached_paths[k], gone ? "go" : "stay");
      CHECK(has(c, 1, key, 1));
      free(key);
    }
    CHECK(dropped == want);
    bm_cache_free(c);
  }
}

static void too_deep_a_write_drops_the_instance(void)
{
  bm_cache *c = bm_cache_new(1 << 20, 2);

  CHECK(bm_cache_put(c, 0, "GET /workspaces", 200, "{}", 2, 0, 1e9));
  CHECK(bm_cache_put(c, 1, "GET /workspaces", 200, "{}", 2, 0, 1e9));
  CHECK(bm_cache_invalidate(c, 0, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q") == 1);
  CHECK(!has(c, 0, "GET /workspaces", 1) && has(c, 1, "GET /workspaces", 1));
  bm_cache_free(c);
}

static void many_entries_stay_reachable(void)
{
  bm_cache *c = bm_cache_new(8u << 20, 4);
  bm_cache_stats st;
  int i, found = 0;
  char key[64];

  for (i = 0; i < 20000; i++) {
    snprintf(key, sizeof key, "GET /cards/%d", i);
    bm_cache_put(c, i % 4, key, 200, "{\"data\":{}}", 11, 0, 1e9);
  }
  for (i = 0; i < 20000; i++) {
    snprintf(key, sizeof key, "GET /cards/%d", i);
    found += has(c, i % 4, key, 1);
    found -= has(c, (i + 1) % 4, key, 1);
  }
  CHECK(found == 20000);
  bm_cache_stats_of(c, 0, 1, &st);
  CHECK(st.entries == 5000 && st.hits == 5000 && st.misses == 5000);
  bm_cache_free(c);
}

/* The bookkeeping target of the issue: under 200 bytes per entry beyond
 * the body, with a typical key and one hash-bucket pointer (at most two
 * once the table has grown). */
static void bookkeeping_stays_under_200_bytes(void)
{
  const char *key = "GET /boards/123/currentStructure";
  size_t per_entry =
      bm_cache_entry_overhead() + strlen(key) + 2 * sizeof(void *);

  printf("cache bookkeeping: record %zu bytes (incl. 2 NULs), "
         "key \"%s\" %zu bytes, buckets <= %zu bytes: %zu per entry\n",
         bm_cache_entry_overhead(), key, strlen(key), 2 * sizeof(void *),
         per_entry);
  CHECK(per_entry < 200);
  CHECK(bm_cache_entry_overhead() <= 64);
}

/* ---- through the engine ----------------------------------------------- */

/* a and b: the defaults. c: no cache. d: cards cached for a minute. */
static const char *const config =
    "{\"defaultInstance\":\"a\",\"toolProfile\":\"full\",\"instances\":["
    "{\"name\":\"a\",\"apiUrl\":\"https://a.example.com/api/v2\","
    "\"apiTokenEnv\":\"A_TOKEN\"},"
    "{\"name\":\"b\",\"apiUrl\":\"https://b.example.com/api/v2\","
    "\"apiTokenEnv\":\"B_TOKEN\"},"
    "{\"name\":\"c\",\"apiUrl\":\"https://c.example.com/api/v2\","
    "\"apiTokenEnv\":\"C_TOKEN\",\"cache\":false},"
    "{\"name\":\"d\",\"apiUrl\":\"https://d.example.com/api/v2\","
    "\"apiTokenEnv\":\"C_TOKEN\",\"cache\":{\"ttlSeconds\":{\"cards\":60}}}"
    "]}";

static const char *const workspaces =
    "{\"data\":[{\"workspace_id\":1,\"name\":\"Ops\"}]}";

/* Calls tool; when it sends a request, answers it with status and body.
 * Returns the number of requests the call sent (0 on a cache hit). */
static int call_and_answer(fixture *f, const char *tool, const char *args,
                           int status, const char *body)
{
  int n;

  fx_call(f, tool, args);
  n = fx_count(f, "http");
  if (n == 1)
    fx_respond(f, fx_http_id(f, 0), status, NULL, body);
  return n;
}

/* The "cache" object of get_instance_info for instance; caller frees the
 * returned document (*cache points into it). */
static cJSON *cache_info(fixture *f, const char *instance, cJSON **cache)
{
  char args[64];
  cJSON *info;

  snprintf(args, sizeof args, "{\"instance\":\"%s\"}", instance);
  fx_call(f, "get_instance_info", args);
  info = fx_result_json(f, 0);
  *cache = cJSON_GetObjectItem(info, "cache");
  return info;
}

static double num(const cJSON *o, const char *k)
{
  return cJSON_GetNumberValue(cJSON_GetObjectItem(o, k));
}

static void repeated_read_is_served_from_cache(void)
{
  fixture f;
  int err;
  char *first, *second;
  cJSON *info, *cache;

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  first = fx_text(&f, 0, &err, NULL);
  CHECK(!err);
  /* The hit answers in the same feed, with no request. */
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 0);
  CHECK(fx_count(&f, "messages") == 1);
  second = fx_text(&f, 0, &err, NULL);
  CHECK(!err);
  CHECK_STR(second, first);
  free(first);
  free(second);

  info = cache_info(&f, "a", &cache);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cache, "enabled")));
  CHECK(num(cache, "hits") == 1 && num(cache, "misses") == 1);
  CHECK(num(cache, "entries") == 1);
  CHECK(num(cache, "bytes") >= (double)strlen(workspaces));
  CHECK(num(cache, "maxBytesAllInstances") == 8 << 20);
  CHECK(num(info, "requests") == 1);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void entries_expire_on_the_engine_clock(void)
{
  fixture f;

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  f.now += 900 * 1000 - 1; /* workspaces: 15 minutes */
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 0);
  f.now += 1;
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  fx_teardown(&f);
}

static void errors_are_never_cached(void)
{
  static const struct {
    int status;
    const char *body;
  } cases[] = {
    { 400, "{\"error\":{\"code\":\"X\",\"message\":\"no\"}}" },
    { 404, NULL },
    { 403, "{\"error\":{\"code\":403,\"message\":\"denied\"}}" },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;
    cJSON *info, *cache;

    fx_setup(&f, config);
    CHECK(call_and_answer(&f, "list_workspaces", NULL, cases[i].status,
                          cases[i].body) == 1);
    CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
    CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 0);
    info = cache_info(&f, "a", &cache);
    CHECK(num(cache, "entries") == 1);
    cJSON_Delete(info);
    fx_teardown(&f);
  }
}

static void a_write_drops_what_it_changed(void)
{
  fixture f;
  cJSON *info, *cache;

  fx_setup(&f, config);
  call_and_answer(&f, "list_workspaces", NULL, 200, workspaces);
  call_and_answer(&f, "get_workspace", "{\"workspace_id\":1}", 200,
                  "{\"data\":{\"name\":\"Ops\"}}");
  call_and_answer(&f, "get_workspace", "{\"workspace_id\":10}", 200,
                  "{\"data\":{\"name\":\"Ten\"}}");
  CHECK(call_and_answer(&f, "update_workspace",
                        "{\"workspace_id\":1,\"name\":\"Dev\"}", 200,
                        "{\"data\":{\"name\":\"Dev\"}}") == 1);
  CHECK(call_and_answer(&f, "get_workspace", "{\"workspace_id\":10}", 200,
                        NULL) == 0);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  CHECK(call_and_answer(&f, "get_workspace", "{\"workspace_id\":1}", 200,
                        "{\"data\":{\"name\":\"Dev\"}}") == 1);
  info = cache_info(&f, "a", &cache);
  CHECK(num(cache, "invalidated") == 2);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void a_structure_write_stays_on_its_board(void)
{
  fixture f;

  fx_setup(&f, config);
  call_and_answer(&f, "get_lanes", "{\"board_id\":5}", 200, "{\"data\":[]}");
  call_and_answer(&f, "get_lanes", "{\"board_id\":50}", 200, "{\"data\":[]}");
  call_and_answer(&f, "get_board", "{\"board_id\":5}", 200, "{\"data\":{}}");
  call_and_answer(&f, "get_board", "{\"board_id\":50}", 200, "{\"data\":{}}");
  CHECK(call_and_answer(&f, "create_lane",
                        "{\"board_id\":5,\"workflow_id\""
                        ":1,\"position\":0,\"name\":\"L\"}",
                        200, "{\"data\":{\"lane_id\":9}}") == 1);
  CHECK(call_and_answer(&f, "get_lanes", "{\"board_id\":50}", 200, NULL) == 0);
  CHECK(call_and_answer(&f, "get_board", "{\"board_id\":50}", 200, NULL) == 0);
  CHECK(call_and_answer(&f, "get_lanes", "{\"board_id\":5}", 200,
                        "{\"data\":[]}") == 1);
  CHECK(call_and_answer(&f, "get_board", "{\"board_id\":5}", 200,
                        "{\"data\":{}}") == 1);
  fx_teardown(&f);
}

static void only_writes_that_may_have_applied_invalidate(void)
{
  static const struct {
    int status;
    const char *meta, *body;
    int invalidates;
  } cases[] = {
    { 0, "{\"error\":\"timeout\"}", NULL, 1 },
    { 503, NULL, NULL, 1 },
    { 200, NULL, "{\"data\":{\"na", 1 },
    { 400, NULL, "{\"error\":{\"code\":\"X\",\"message\":\"bad\"}}", 0 },
    { 404, NULL, NULL, 0 },
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fixture f;

    fx_setup(&f, config);
    call_and_answer(&f, "list_workspaces", NULL, 200, workspaces);
    fx_call(&f, "update_workspace", "{\"workspace_id\":1,\"name\":\"D\"}");
    fx_respond(&f, fx_http_id(&f, 0), cases[i].status, cases[i].meta,
               cases[i].body);
    CHECK(fx_count(&f, "timers") == 0);
    CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) ==
          cases[i].invalidates);
    fx_teardown(&f);
  }
}

static void identical_reads_in_flight_share_one_request(void)
{
  fixture f;
  int r1, r2, id1 = 0, id2 = 0, e1 = 1, e2 = 1;
  char *t1, *t2;
  cJSON *info, *cache;

  fx_setup(&f, config);
  r1 = fx_call(&f, "list_workspaces", NULL);
  CHECK(fx_count(&f, "http") == 1);
  r2 = fx_call(&f, "list_workspaces", NULL);
  CHECK(fx_count(&f, "http") == 0);
  CHECK(fx_count(&f, "messages") == 0);
  fx_respond(&f, 1, 200, NULL, workspaces);
  CHECK(fx_count(&f, "messages") == 2);
  t1 = fx_text(&f, 0, &e1, &id1);
  t2 = fx_text(&f, 1, &e2, &id2);
  CHECK(!e1 && !e2);
  CHECK((id1 == r1 && id2 == r2) || (id1 == r2 && id2 == r1));
  CHECK_STR(t1, t2);
  free(t1);
  free(t2);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 0);
  info = cache_info(&f, "a", &cache);
  CHECK(num(cache, "shared") == 1 && num(cache, "hits") == 1);
  CHECK(num(info, "requests") == 1);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void shared_errors_and_retries_reach_every_caller(void)
{
  fixture f;
  int err;
  char *t;

  fx_setup(&f, config);
  fx_call(&f, "get_board", "{\"board_id\":3}");
  fx_call(&f, "get_board", "{\"board_id\":3}");
  CHECK(fx_count(&f, "http") == 0);
  fx_respond(&f, 1, 503, NULL, NULL);
  CHECK(fx_count(&f, "timers") == 1 && fx_count(&f, "messages") == 0);
  fx_fire(&f, fx_timer_id(&f, 0));
  CHECK(fx_count(&f, "http") == 1);
  fx_respond(&f, fx_http_id(&f, 0), 404, NULL, NULL);
  CHECK(fx_count(&f, "messages") == 2);
  t = fx_text(&f, 1, &err, NULL);
  CHECK(err);
  CHECK_CONTAINS(t, "board 3");
  free(t);
  fx_teardown(&f);
}

static void cancelling_one_sharer_keeps_the_request(void)
{
  int order;

  /* order 0 cancels the first caller, 1 the second; 2 cancels both. */
  for (order = 0; order < 3; order++) {
    fixture f;
    int r1, r2, id = 0, err;
    char *t;

    fx_setup(&f, config);
    r1 = fx_call(&f, "list_workspaces", NULL);
    r2 = fx_call(&f, "list_workspaces", NULL);
    fx_cancel(&f, order == 1 ? r2 : r1);
    CHECK(fx_count(&f, "cancel") == 0);
    if (order == 2) {
      fx_cancel(&f, r2);
      CHECK(fx_count(&f, "cancel") == 1);
      fx_respond(&f, 1, 0, "{\"error\":\"aborted\"}", NULL);
      CHECK(fx_count(&f, "messages") == 0);
      fx_teardown(&f);
      continue;
    }
    fx_respond(&f, 1, 200, NULL, workspaces);
    CHECK(fx_count(&f, "messages") == 1);
    t = fx_text(&f, 0, &err, &id);
    CHECK(!err && id == (order == 1 ? r1 : r2));
    free(t);
    fx_teardown(&f);
  }
}

static void a_write_while_a_read_is_in_flight(void)
{
  fixture f;
  int read1, write1;

  /* The read's answer may predate the write: it is not stored. */
  fx_setup(&f, config);
  fx_call(&f, "list_workspaces", NULL);
  read1 = fx_http_id(&f, 0);
  fx_call(&f, "update_workspace", "{\"workspace_id\":1,\"name\":\"D\"}");
  write1 = fx_http_id(&f, 0);
  fx_respond(&f, write1, 200, NULL, "{\"data\":{}}");
  /* A read sent after the write does not join the older one. */
  fx_call(&f, "list_workspaces", NULL);
  CHECK(fx_count(&f, "http") == 1);
  fx_respond(&f, read1, 200, NULL, workspaces);
  CHECK(fx_count(&f, "messages") == 1);
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL, workspaces);
  fx_teardown(&f);

  fx_setup(&f, config);
  fx_call(&f, "list_workspaces", NULL);
  read1 = fx_http_id(&f, 0);
  fx_call(&f, "update_workspace", "{\"workspace_id\":1,\"name\":\"D\"}");
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL, "{\"data\":{}}");
  fx_respond(&f, read1, 200, NULL, workspaces);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 0);
  fx_teardown(&f);
}

static void instances_keep_their_own_answers(void)
{
  fixture f;
  int err;
  char *t;
  cJSON *info, *cache;

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, workspaces) == 1);
  fx_call(&f, "list_workspaces", "{\"instance\":\"b\"}");
  CHECK(fx_count(&f, "http") == 1);
  CHECK_STR(fx_http_field(&f, 0, "url"),
            "https://b.example.com/api/v2/workspaces");
  fx_respond(&f, fx_http_id(&f, 0), 200, NULL,
             "{\"data\":[{\"workspace_id\":2,\"name\":\"Bee\"}]}");
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, NULL) == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK_CONTAINS(t, "Ops");
  free(t);
  CHECK(call_and_answer(&f, "list_workspaces", "{\"instance\":\"b\"}", 200,
                        NULL) == 0);
  t = fx_text(&f, 0, &err, NULL);
  CHECK_CONTAINS(t, "Bee");
  free(t);
  /* A write on b leaves a's entries alone. */
  call_and_answer(&f, "create_workspace", "{\"name\":\"N\",\"instance\":\"b\"}",
                  200, "{\"data\":{\"workspace_id\":3}}");
  CHECK(call_and_answer(&f, "list_workspaces", NULL, 200, NULL) == 0);
  info = cache_info(&f, "b", &cache);
  CHECK(num(cache, "hits") == 1 && num(cache, "entries") == 0);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void cache_can_be_off_per_instance(void)
{
  fixture f;
  cJSON *info, *cache;

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "list_workspaces", "{\"instance\":\"c\"}", 200,
                        workspaces) == 1);
  CHECK(call_and_answer(&f, "list_workspaces", "{\"instance\":\"c\"}", 200,
                        workspaces) == 1);
  fx_call(&f, "list_workspaces", "{\"instance\":\"c\"}");
  CHECK(fx_count(&f, "http") == 1);
  fx_call(&f, "list_workspaces", "{\"instance\":\"c\"}");
  CHECK(fx_count(&f, "http") == 1);
  info = cache_info(&f, "c", &cache);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(cache, "enabled")));
  CHECK(num(cache, "hits") == 0 && num(cache, "entries") == 0);
  CHECK(num(cache, "shared") == 0);
  cJSON_Delete(info);
  fx_teardown(&f);
}

static void cards_are_cached_only_when_configured(void)
{
  fixture f;
  const char *parents = "{\"data\":[]}";

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "get_card_parents", "{\"card_id\":4}", 200,
                        parents) == 1);
  CHECK(call_and_answer(&f, "get_card_parents", "{\"card_id\":4}", 200,
                        parents) == 1);
  CHECK(call_and_answer(&f, "get_card_parents",
                        "{\"card_id\":4,\"instance\":\"d\"}", 200,
                        parents) == 1);
  CHECK(call_and_answer(&f, "get_card_parents",
                        "{\"card_id\":4,\"instance\":\"d\"}", 200,
                        parents) == 0);
  fx_teardown(&f);
}

static void health_check_always_asks_the_api(void)
{
  fixture f;

  fx_setup(&f, config);
  CHECK(call_and_answer(&f, "get_current_user", NULL, 200,
                        "{\"data\":{\"user_id\":1}}") == 1);
  CHECK(call_and_answer(&f, "get_current_user", NULL, 200, NULL) == 0);
  CHECK(call_and_answer(&f, "health_check", NULL, 200,
                        "{\"data\":{\"user_id\":1}}") == 1);
  CHECK(call_and_answer(&f, "get_api_info", NULL, 200,
                        "{\"data\":{\"user_id\":1}}") == 1);
  fx_teardown(&f);
}

static void the_budget_holds_across_the_engine(void)
{
  static const char *const small =
      "{\"defaultInstance\":\"a\",\"cache\":{\"maxBytes\":2000},"
      "\"instances\":[{\"name\":\"a\",\"apiUrl\":"
      "\"https://a.example.com/api/v2\",\"apiTokenEnv\":\"A_TOKEN\"}]}";
  char body[320], args[64];
  fixture f;
  cJSON *info, *cache;
  int i;

  memset(body, ' ', sizeof body);
  memcpy(body, "{\"data\":{}}", 11);
  body[sizeof body - 1] = '\0';
  fx_setup(&f, small);
  for (i = 1; i <= 8; i++) {
    snprintf(args, sizeof args, "{\"workspace_id\":%d}", i);
    CHECK(call_and_answer(&f, "get_workspace", args, 200, body) == 1);
  }
  info = cache_info(&f, "a", &cache);
  CHECK(num(cache, "bytes") <= 2000 && num(cache, "evictions") >= 3);
  CHECK(num(cache, "entries") + num(cache, "evictions") == 8);
  cJSON_Delete(info);
  CHECK(call_and_answer(&f, "get_workspace", "{\"workspace_id\":8}", 200,
                        body) == 0);
  CHECK(call_and_answer(&f, "get_workspace", "{\"workspace_id\":1}", 200,
                        body) == 1);
  fx_teardown(&f);
}

int main(void)
{
  key_is_the_canonical_request();
  paths_map_to_families();
  entries_expire_after_their_ttl();
  budget_evicts_the_least_recently_used();
  expired_entries_go_before_live_ones();
  oversized_and_replaced_entries();
  instances_never_see_each_other();
  invalidation_is_anchored();
  too_deep_a_write_drops_the_instance();
  many_entries_stay_reachable();
  bookkeeping_stays_under_200_bytes();

  repeated_read_is_served_from_cache();
  entries_expire_on_the_engine_clock();
  errors_are_never_cached();
  a_write_drops_what_it_changed();
  a_structure_write_stays_on_its_board();
  only_writes_that_may_have_applied_invalidate();
  identical_reads_in_flight_share_one_request();
  shared_errors_and_retries_reach_every_caller();
  cancelling_one_sharer_keeps_the_request();
  a_write_while_a_read_is_in_flight();
  instances_keep_their_own_answers();
  cache_can_be_off_per_instance();
  cards_are_cached_only_when_configured();
  health_check_always_asks_the_api();
  the_budget_holds_across_the_engine();
  return check_report();
}
