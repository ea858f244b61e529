/*
 * bench_core.c - what the core costs, without a host around it.
 *
 * Usage: bench_core DIR [FILTER]
 *
 * DIR holds the inputs bench/run.mjs writes: config-{1,10,100,1000}.json,
 * profile-{essential,standard,full,compact}.json, card.json and
 * board.json (API answers fed to the engine as if they came over HTTP).
 * Prints one JSON document on stdout: for every figure the median, min and
 * max over RUNS runs of the time of one operation in microseconds, and, on
 * glibc, the heap bytes the core keeps (counted by the malloc wrappers
 * below).
 *
 * The same file builds natively and as a wasm32-wasi command, so the two
 * columns of the report time the same loops. Only the native build counts
 * heap bytes: wasi-libc offers no way to reach the real allocator from a
 * wrapper.
 *
 * With FILTER, only the figures whose name contains it are timed and the
 * heap is not weighed: that is the way to profile one operation, e.g.
 *   valgrind --tool=callgrind build/native/bench_core DIR tool_call
 *
 * Every loop is bounded: the warm-up lasts WARM_NS, and the calibration
 * and every run repeat an operation at most ITER_MAX times.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "cache.h"
#include "config.h"
#include "engine.h"

#define RUNS 11
#define RUN_MIN_NS 4000000.0 /* calibrate a run to at least 4 ms */
#define WARM_NS 50000000.0   /* run an op this long before timing it */
#define CALIBRATE_PASSES 3   /* passes at the final count */
#define ITER_MAX (1L << 22)
#define INPUT_MAX (8u << 20)
#define NOW_MS 1000.0      /* a fixed clock: nothing expires */
#define CACHE_ENTRIES 1000 /* entries stored to weigh one entry */

/* ---- heap accounting (glibc only) ------------------------------------- */

#if defined(__GLIBC__)
#include <malloc.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

/*
 * The live bytes of every block in the process, each counted as its usable
 * size plus the one size word glibc keeps in front of it, which together
 * are the chunk the allocator really hands out.
 */
static long long heap_live;
static long long heap_blocks;

static size_t chunk_of(void *p)
{
  return p ? malloc_usable_size(p) + sizeof(size_t) : 0;
}

void *malloc(size_t n)
{
  void *p = __libc_malloc(n);

  heap_live += (long long)chunk_of(p);
  heap_blocks += p != NULL;
  return p;
}

void *calloc(size_t n, size_t size)
{
  void *p = __libc_calloc(n, size);

  heap_live += (long long)chunk_of(p);
  heap_blocks += p != NULL;
  return p;
}

void *realloc(void *p, size_t n)
{
  size_t before = chunk_of(p);
  void *q = __libc_realloc(p, n);

  if (q || n == 0) {
    heap_live -= (long long)before;
    heap_live += (long long)chunk_of(q);
    heap_blocks += (q != NULL) - (p != NULL);
  }
  return q;
}

void free(void *p)
{
  heap_live -= (long long)chunk_of(p);
  heap_blocks -= p != NULL;
  __libc_free(p);
}

#define HEAP_COUNTED 1
#else
static long long heap_live;
#define HEAP_COUNTED 0
#endif

/* ---- inputs ------------------------------------------------------------ */

static const char *input_dir;
static const char *filter; /* NULL: every figure */

/* The whole file DIR/name, NUL-terminated; exits when it cannot. */
static char *read_input(const char *name, size_t *len)
{
  char path[1024];
  FILE *f;
  long size;
  char *text = NULL;
  size_t n = 0;

  snprintf(path, sizeof path, "%s/%s", input_dir, name);
  if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) != 0 ||
      (size = ftell(f)) < 0 || (unsigned long)size > INPUT_MAX ||
      fseek(f, 0, SEEK_SET) != 0 || !(text = malloc((size_t)size + 1)) ||
      (n = fread(text, 1, (size_t)size, f)) != (size_t)size) {
    fprintf(stderr, "bench_core: cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  text[n] = '\0';
  if (len)
    *len = n;
  return text;
}

static void die(const char *what)
{
  fprintf(stderr, "bench_core: %s\n", what);
  exit(1);
}

/*
 * The start-up document of an engine for a config text, with every token
 * variable the config names reported as set (as a host would when the
 * variables hold dummy values). Caller frees.
 */
static char *startup_of(const char *config_text)
{
  cJSON *cfg = cJSON_Parse(config_text);
  cJSON *doc = cJSON_CreateObject();
  cJSON *env = cJSON_AddObjectToObject(doc, "env");
  cJSON *vars = cJSON_AddArrayToObject(doc, "setVars");
  cJSON *inst;
  char *text;

  if (!cfg)
    die("an input config is not JSON");
  cJSON_AddStringToObject(doc, "configText", config_text);
  cJSON_AddStringToObject(doc, "configSource", "bench");
  cJSON_AddStringToObject(env, "ALLOW_INSECURE_LOCALHOST", "true");
  cJSON_AddItemToArray(vars, cJSON_CreateString("ALLOW_INSECURE_LOCALHOST"));
  cJSON_ArrayForEach (inst, cJSON_GetObjectItem(cfg, "instances")) {
    cJSON *var = cJSON_GetObjectItem(inst, "apiTokenEnv");

    if (cJSON_IsString(var))
      cJSON_AddItemToArray(vars, cJSON_CreateString(var->valuestring));
  }
  cJSON_AddBoolToObject(doc, "checkTokenVars", 1);
  cJSON_AddNumberToObject(doc, "seed", 1);
  cJSON_AddStringToObject(doc, "serverVersion", "bench");
  text = cJSON_PrintUnformatted(doc);
  cJSON_Delete(doc);
  cJSON_Delete(cfg);
  if (!text)
    die("out of memory");
  return text;
}

/* The names of the token variables of a config, for bm_config_load. */
typedef struct var_list {
  char **names;
  int n;
} var_list;

static var_list vars_of(const char *config_text)
{
  cJSON *cfg = cJSON_Parse(config_text);
  cJSON *inst;
  var_list v = { NULL, 0 };
  int cap;

  if (!cfg)
    die("an input config is not JSON");
  cap = cJSON_GetArraySize(cJSON_GetObjectItem(cfg, "instances")) + 1;
  v.names = calloc((size_t)cap, sizeof *v.names);
  if (!v.names)
    die("out of memory");
  v.names[v.n++] = "ALLOW_INSECURE_LOCALHOST";
  cJSON_ArrayForEach (inst, cJSON_GetObjectItem(cfg, "instances")) {
    cJSON *var = cJSON_GetObjectItem(inst, "apiTokenEnv");
    size_t n;

    if (!cJSON_IsString(var) || v.n >= cap)
      continue;
    n = strlen(var->valuestring) + 1;
    if (!(v.names[v.n] = malloc(n)))
      die("out of memory");
    memcpy(v.names[v.n++], var->valuestring, n);
  }
  cJSON_Delete(cfg);
  return v;
}

static void free_vars(var_list *v)
{
  int i;

  for (i = 1; i < v->n; i++) /* names[0] is a literal */
    free(v->names[i]);
  free(v->names);
}

/* ---- timing ------------------------------------------------------------ */

static double now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* One measured operation; arg is whatever state it needs. */
typedef void (*op_fn)(void *arg);

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static int first_figure = 1;

/*
 * Times op. A warm-up of WARM_NS lets a WASM engine tier its code up and
 * fills whatever caches the op relies on. Then it finds how many
 * iterations fill RUN_MIN_NS, judged by the fastest pass seen (noise only
 * ever slows a pass down), makes RUNS runs of that many and prints the
 * median, min and max of the time of one operation, in microseconds, as
 * the JSON member called name.
 */
static void measure(const char *name, op_fn op, void *arg)
{
  double per_op[RUNS];
  double best = -1.0;
  long iters = 1;
  int passes = 0;
  double t0, t;
  int r;
  long i;

  if (filter && !strstr(name, filter))
    return;
  t0 = now_ns();
  for (i = 0; i < ITER_MAX && now_ns() - t0 < WARM_NS; i++)
    op(arg);
  while (passes < CALIBRATE_PASSES) {
    t0 = now_ns();
    for (i = 0; i < iters; i++)
      op(arg);
    t = now_ns() - t0;
    if (best < 0 || t / (double)iters < best)
      best = t / (double)iters;
    if (t >= RUN_MIN_NS || iters >= ITER_MAX)
      passes++;
    else
      iters *= 2;
  }
  if (best > 0 && RUN_MIN_NS / best > (double)iters)
    iters = RUN_MIN_NS / best < (double)ITER_MAX ? (long)(RUN_MIN_NS / best)
                                                 : ITER_MAX;
  for (r = 0; r < RUNS; r++) {
    t0 = now_ns();
    for (i = 0; i < iters; i++)
      op(arg);
    per_op[r] = (now_ns() - t0) / (double)iters / 1000.0;
  }
  qsort(per_op, RUNS, sizeof per_op[0], cmp_double);
  printf("%s\n    \"%s\": {\"median\": %.4f, \"min\": %.4f, "
         "\"max\": %.4f, \"runs\": %d, \"iterations\": %ld}",
         first_figure ? "" : ",", name, per_op[RUNS / 2], per_op[0],
         per_op[RUNS - 1], RUNS, iters);
  first_figure = 0;
}

/* ---- the operations ---------------------------------------------------- */

typedef struct config_case {
  const char *text;
  size_t len;
  var_list vars;
  const char *startup;
} config_case;

static void op_config_load(void *arg)
{
  config_case *c = arg;
  bm_config_env env;
  bm_config *cfg;

  memset(&env, 0, sizeof env);
  env.allow_insecure = "true";
  env.set_vars = (const char *const *)c->vars.names;
  env.nset_vars = c->vars.n;
  env.check_token_vars = 1;
  cfg = bm_config_load(c->text, c->len, "bench", &env);
  if (!cfg || cfg->nproblems)
    die("a benchmark config does not validate");
  bm_config_free(cfg);
}

static void op_engine_new(void *arg)
{
  config_case *c = arg;
  bm_engine *e = bm_engine_new(c->startup, strlen(c->startup));

  if (!e || !bm_engine_config_ok(e))
    die("a benchmark engine did not start");
  bm_engine_free(e);
}

static const char initialize_msg[] =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
    "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
    "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
static const char initialized_msg[] =
    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
static const char tools_list_msg[] =
    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
static const char get_card_msg[] =
    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
    "{\"name\":\"get_card\",\"arguments\":{\"card_id\":100170}}}";
static const char get_board_msg[] =
    "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":"
    "{\"name\":\"get_board\",\"arguments\":{\"board_id\":100029}}}";
static const char json_meta[] =
    "{\"headers\":{\"content-type\":\"application/json\"}}";

/* An initialized engine for a config text; exits when it cannot start. */
static bm_engine *ready_engine(const char *config_text)
{
  char *startup = startup_of(config_text);
  bm_engine *e = bm_engine_new(startup, strlen(startup));
  size_t n;

  free(startup);
  if (!e || !bm_engine_config_ok(e))
    die("a benchmark engine did not start");
  bm_engine_message(e, NOW_MS, initialize_msg, strlen(initialize_msg), &n);
  bm_engine_message(e, NOW_MS, initialized_msg, strlen(initialized_msg), &n);
  return e;
}

static void op_tools_list(void *arg)
{
  size_t n;

  if (!bm_engine_message(arg, NOW_MS, tools_list_msg, strlen(tools_list_msg),
                         &n) ||
      n < 100)
    die("tools/list gave no list");
}

/* The id of the one HTTP request an effects document asks for, as a host
 * would find it: by parsing the document. -1 when there is none. */
static int http_id_of(const char *effects, size_t len)
{
  cJSON *doc = cJSON_ParseWithLength(effects, len);
  cJSON *req = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "http"), 0);
  cJSON *id = cJSON_GetObjectItem(req, "id");
  int out = cJSON_IsNumber(id) ? id->valueint : -1;

  cJSON_Delete(doc);
  return out;
}

typedef struct call_case {
  bm_engine *engine;
  const char *msg;
  const char *body;
  size_t body_len;
} call_case;

/* A tools/call whose GET is answered from the scripted body. */
static void op_tool_call(void *arg)
{
  call_case *c = arg;
  const char *out;
  size_t n;
  int id;

  out = bm_engine_message(c->engine, NOW_MS, c->msg, strlen(c->msg), &n);
  if ((id = http_id_of(out, n)) < 0)
    die("the tool call asked for no request");
  out = bm_engine_http_response(c->engine, NOW_MS, id, 200, json_meta,
                                strlen(json_meta), c->body, c->body_len, &n);
  if (!out || !strstr(out, "\"messages\""))
    die("the tool call gave no answer");
}

/* A tools/call the cache answers in the same feed. */
static void op_cached_call(void *arg)
{
  call_case *c = arg;
  const char *out;
  size_t n;

  out = bm_engine_message(c->engine, NOW_MS, c->msg, strlen(c->msg), &n);
  if (!out || strstr(out, "\"http\"") || !strstr(out, "\"messages\""))
    die("the cached call was not a cache hit");
}

typedef struct cache_case {
  bm_cache *cache;
  const char *key;
} cache_case;

static void op_cache_get(void *arg)
{
  cache_case *c = arg;
  const char *body;
  size_t len;
  int status;

  if (!bm_cache_get(c->cache, 0, c->key, NOW_MS, &body, &len, &status))
    die("the cache missed");
}

/* ---- the figures ------------------------------------------------------- */

static const int config_sizes[] = { 1, 10, 100, 1000 };
static const char *const profiles[] = { "essential", "standard", "full",
                                        "compact" };

static void time_configs(void)
{
  char name[64];
  size_t i;

  for (i = 0; i < sizeof config_sizes / sizeof config_sizes[0]; i++) {
    config_case c;

    snprintf(name, sizeof name, "config-%d.json", config_sizes[i]);
    c.text = read_input(name, &c.len);
    c.vars = vars_of(c.text);
    c.startup = startup_of(c.text);
    snprintf(name, sizeof name, "config_load_%d", config_sizes[i]);
    measure(name, op_config_load, &c);
    snprintf(name, sizeof name, "engine_new_%d", config_sizes[i]);
    measure(name, op_engine_new, &c);
    free((void *)c.startup);
    free((void *)c.text);
    free_vars(&c.vars);
  }
}

static void time_tools_list(void)
{
  char name[64];
  size_t i;

  for (i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
    char *text;
    bm_engine *e;

    snprintf(name, sizeof name, "profile-%s.json", profiles[i]);
    text = read_input(name, NULL);
    e = ready_engine(text);
    snprintf(name, sizeof name, "tools_list_%s", profiles[i]);
    measure(name, op_tools_list, e);
    bm_engine_free(e);
    free(text);
  }
}

static void time_calls(void)
{
  char *config = read_input("config-1.json", NULL);
  call_case card = { NULL, get_card_msg, NULL, 0 };
  call_case board = { NULL, get_board_msg, NULL, 0 };

  card.engine = board.engine = ready_engine(config);
  card.body = read_input("card.json", &card.body_len);
  board.body = read_input("board.json", &board.body_len);
  measure("tool_call_scripted", op_tool_call, &card);
  op_tool_call(&board); /* fills the cache */
  measure("cache_hit_engine", op_cached_call, &board);
  bm_engine_free(card.engine);
  free((void *)card.body);
  free((void *)board.body);
  free(config);
}

static void time_cache_get(void)
{
  size_t body_len;
  char *body = read_input("card.json", &body_len);
  cache_case c;

  c.cache = bm_cache_new(8u << 20, 1);
  c.key = bm_cache_key("GET", "/cards/100170");
  if (!c.cache || !c.key ||
      !bm_cache_put(c.cache, 0, c.key, 200, body, body_len, NOW_MS,
                    NOW_MS + 60000.0))
    die("could not fill the cache");
  measure("cache_get_hit", op_cache_get, &c);
  free((void *)c.key);
  bm_cache_free(c.cache);
  free(body);
}

/* ---- heap figures ------------------------------------------------------ */

/* Heap bytes an initialized engine keeps for a config. */
static long long engine_heap(const char *input)
{
  char *text = read_input(input, NULL);
  long long before;
  bm_engine *e;
  long long kept;

  before = heap_live;
  e = ready_engine(text);
  kept = heap_live - before;
  bm_engine_free(e);
  free(text);
  return kept;
}

/* Heap bytes per cache entry beyond its body, over CACHE_ENTRIES. */
static double cache_entry_heap(size_t *body_len)
{
  char *body = read_input("card.json", body_len);
  bm_cache *c = bm_cache_new(64u << 20, 1);
  long long before, kept;
  char path[64];
  int i;

  if (!c)
    die("out of memory");
  before = heap_live;
  for (i = 0; i < CACHE_ENTRIES; i++) {
    char *key;

    snprintf(path, sizeof path, "/cards/%d", 200000 + i);
    if (!(key = bm_cache_key("GET", path)) ||
        !bm_cache_put(c, 0, key, 200, body, *body_len, NOW_MS,
                      NOW_MS + 60000.0))
      die("could not fill the cache");
    free(key);
  }
  kept = heap_live - before;
  bm_cache_free(c);
  free(body);
  return (double)kept / CACHE_ENTRIES - (double)*body_len;
}

static void print_heap(void)
{
  long long one, thousand;
  size_t body_len = 0;
  double per_entry;

  if (!HEAP_COUNTED || filter) {
    printf("  \"heap\": null,\n");
    return;
  }
  one = engine_heap("config-1.json");
  thousand = engine_heap("config-1000.json");
  per_entry = cache_entry_heap(&body_len);
  printf("  \"heap\": {\"engine_1\": %lld, \"engine_1000\": %lld, "
         "\"per_instance\": %.1f, \"cache_entry_beyond_body\": %.1f, "
         "\"cache_entry_body\": %zu, \"cache_entry_charged_overhead\": "
         "%zu},\n",
         one, thousand, (double)(thousand - one) / 999.0, per_entry, body_len,
         bm_cache_entry_overhead());
}

int main(int argc, char **argv)
{
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: bench_core DIR [FILTER] (DIR: inputs written "
                    "by bench/run.mjs)\n");
    return 2;
  }
  input_dir = argv[1];
  filter = argc == 3 ? argv[2] : NULL;

  printf("{\n  \"build\": \"%s\",\n",
#if defined(__wasm__)
         "wasm32"
#else
         "native"
#endif
  );
  print_heap();
  printf("  \"unit\": \"us\",\n  \"figures\": {");
  time_configs();
  time_tools_list();
  time_calls();
  time_cache_get();
  printf("\n  }\n}\n");
  return 0;
}
