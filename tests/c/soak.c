/*
 * soak.c - one engine, three instances, 20,000 tool calls on a fake
 * clock: reads and writes, bulk calls, bad arguments, cancellations, and
 * API answers drawn at random from success, errors, rate limits with
 * Retry-After, 5xx, timeouts, network errors, cut-short and non-JSON
 * bodies. Every call must end (a result, or nothing after it was
 * cancelled), and the heap the engine keeps must not grow past the cache
 * budget plus a small constant from the end of the warm-up on.
 *
 *   soak [CALLS]     CALLS defaults to 20000; the seed is fixed.
 *
 * Heap bytes in use come from the ASan allocator under ASan and from
 * mallinfo2() (glibc) otherwise; under valgrind neither sees the heap, so
 * growth is not checked there. Leaks are for LeakSanitizer and valgrind
 * to find (scripts/soak.sh); this program frees all it allocates.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif
#ifdef SOAK_ASAN
/* In the ASan runtime; declared here because gcc ships no header. */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

#define SOAK_CALLS 20000
#define WARMUP_CALLS 2000
#define CHECKPOINT_EVERY 5000
#define CACHE_BUDGET (256 * 1024) /* "maxBytes" of the config below */
#define HEAP_SLACK (128 * 1024)   /* buffers that keep their high mark */
#define MAX_OPEN_CALLS 12         /* tool calls in progress at once */
#define MAX_PENDING 512           /* requests waiting for an answer */
#define MAX_TIMERS 512
#define MAX_STEPS_PER_CALL 200 /* bounds the main loop */
#define BODY_MAX (12 * 1024)

/* a and b cache, with cards cached too; c has no cache. */
static const char *const config =
    "{\"defaultInstance\":\"a\",\"toolProfile\":\"full\","
    "\"cache\":{\"maxBytes\":262144,\"ttlSeconds\":{\"cards\":120}},"
    "\"instances\":["
    "{\"name\":\"a\",\"apiUrl\":\"https://a.example.com/api/v2\","
    "\"apiTokenEnv\":\"A_TOKEN\",\"timeoutMs\":2000,\"maxRetries\":2,"
    "\"maxBackoffMs\":500},"
    "{\"name\":\"b\",\"apiUrl\":\"https://b.example.com/api/v2\","
    "\"apiTokenEnv\":\"B_TOKEN\",\"timeoutMs\":2000,\"maxRetries\":3,"
    "\"maxBackoffMs\":2000},"
    "{\"name\":\"c\",\"apiUrl\":\"https://c.example.com/api/v2\","
    "\"apiTokenEnv\":\"C_TOKEN\",\"maxRetries\":1,\"maxBackoffMs\":100,"
    "\"cache\":false}]}";

static const char *const instances[] = { "a", "b", "c" };

typedef struct pending {
  int id;
  char method[8];
  char path[256];
  int cancelled; /* the engine asked to abort it */
} pending;

typedef struct timer {
  int id;
  double due;
} timer;

/* What the API answered, by kind; the figures printed at the end. */
enum {
  A_OK,
  A_NOT_FOUND,
  A_BAD,
  A_RATE,
  A_5XX,
  A_TIMEOUT,
  A_NETWORK,
  A_TRUNCATED,
  A_NONJSON,
  A_TOO_LARGE,
  A_ABORTED,
  A_COUNT
};
static const char *const answer_names[A_COUNT] = {
  "ok",      "404",       "400",      "rate-limit", "5xx",     "timeout",
  "network", "truncated", "non-JSON", "too-large",  "aborted",
};

typedef struct soak {
  fixture f;
  unsigned long long rng;
  pending http[MAX_PENDING];
  int nhttp;
  timer timers[MAX_TIMERS];
  int ntimers;
  int open[MAX_OPEN_CALLS]; /* rpc ids of calls in progress */
  int nopen;
  long calls, results, errors, cancelled, unknown_answers;
  long requests, timers_fired, overflows;
  long answers[A_COUNT];
} soak;

/* splitmix64: small, and the same sequence on every platform. */
static unsigned long long next64(soak *s)
{
  unsigned long long z = (s->rng += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static int below(soak *s, int n)
{
  return (int)(next64(s) % (unsigned long long)n);
}

static size_t live_bytes(void)
{
#ifdef SOAK_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 mi = mallinfo2();

  return mi.uordblks + mi.hblkhd;
#endif
}

/* ---- the effects of a feed -------------------------------------------- */

static void forget_call(soak *s, int rpc_id)
{
  int i;

  for (i = 0; i < s->nopen; i++)
    if (s->open[i] == rpc_id) {
      s->open[i] = s->open[--s->nopen];
      return;
    }
}

static int is_open(const soak *s, int rpc_id)
{
  int i;

  for (i = 0; i < s->nopen; i++)
    if (s->open[i] == rpc_id)
      return 1;
  return 0;
}

static void take_message(soak *s, const char *text)
{
  cJSON *m = cJSON_Parse(text);
  const cJSON *id = cJSON_GetObjectItem(m, "id");
  const cJSON *res = cJSON_GetObjectItem(m, "result");

  if (!cJSON_IsNumber(id) || id->valueint < 100) {
    cJSON_Delete(m); /* notifications and set-up replies */
    return;
  }
  if (!is_open(s, id->valueint)) {
    s->unknown_answers++;
  } else {
    forget_call(s, id->valueint);
    s->results++;
    if (!res || cJSON_IsTrue(cJSON_GetObjectItem(res, "isError")))
      s->errors++;
  }
  cJSON_Delete(m);
}

/* Takes the last feed's requests, timers, cancellations and replies. */
static void take(soak *s)
{
  const cJSON *it;
  int i;

  cJSON_ArrayForEach (it, cJSON_GetObjectItem(s->f.fx, "http")) {
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(it, "url"));
    const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(it, "method"));
    const char *p = url ? strstr(url, "/api/v2") : NULL;
    pending *q;

    if (s->nhttp == MAX_PENDING || !m || !p) {
      s->overflows++;
      continue;
    }
    q = &s->http[s->nhttp++];
    memset(q, 0, sizeof *q);
    q->id = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id"));
    snprintf(q->method, sizeof q->method, "%s", m);
    snprintf(q->path, sizeof q->path, "%s", p + 7);
    s->requests++;
  }
  cJSON_ArrayForEach (it, cJSON_GetObjectItem(s->f.fx, "timers")) {
    if (s->ntimers == MAX_TIMERS) {
      s->overflows++;
      continue;
    }
    s->timers[s->ntimers].id =
        (int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id"));
    s->timers[s->ntimers++].due =
        s->f.now + cJSON_GetNumberValue(cJSON_GetObjectItem(it, "delayMs"));
  }
  cJSON_ArrayForEach (it, cJSON_GetObjectItem(s->f.fx, "cancel"))
    for (i = 0; i < s->nhttp; i++)
      if (s->http[i].id == (int)cJSON_GetNumberValue(it))
        s->http[i].cancelled = 1;
  cJSON_ArrayForEach (it, cJSON_GetObjectItem(s->f.fx, "messages"))
    if (cJSON_IsString(it))
      take_message(s, it->valuestring);
}

/* ---- the calls ------------------------------------------------------ */

static void start_call(soak *s)
{
  char args[1024];
  const char *inst = instances[below(s, 3)];
  const char *tool;
  int card = 1 + below(s, 600), board = 1 + below(s, 12);
  int ws = 1 + below(s, 30), k = below(s, 100), rpc, n, i, nids;

  if (k < 16) {
    tool = "get_card";
    snprintf(args, sizeof args, "{\"card_id\":%d,\"instance\":\"%s\"}", card,
             inst);
  } else if (k < 24) {
    tool = "list_cards";
    snprintf(args, sizeof args,
             "{\"board_id\":%d,\"page\":%d,"
             "\"instance\":\"%s\"}",
             board, 1 + below(s, 4), inst);
  } else if (k < 29) {
    tool = "list_boards";
    snprintf(args, sizeof args,
             "{\"workspace_ids\":[%d],\"instance\":"
             "\"%s\"}",
             ws, inst);
  } else if (k < 34) {
    tool = "get_current_board_structure";
    snprintf(args, sizeof args, "{\"board_id\":%d,\"instance\":\"%s\"}", board,
             inst);
  } else if (k < 38) {
    tool = "get_board";
    snprintf(args, sizeof args, "{\"board_id\":%d,\"instance\":\"%s\"}", board,
             inst);
  } else if (k < 42) {
    tool = "get_workspace";
    snprintf(args, sizeof args, "{\"workspace_id\":%d,\"instance\":\"%s\"}", ws,
             inst);
  } else if (k < 45) {
    tool = "list_workspaces";
    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", inst);
  } else if (k < 49) {
    tool = "get_card_comments";
    snprintf(args, sizeof args, "{\"card_id\":%d,\"instance\":\"%s\"}", card,
             inst);
  } else if (k < 52) {
    tool = "list_users";
    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", inst);
  } else if (k < 58) {
    tool = "create_card";
    snprintf(args, sizeof args,
             "{\"title\":\"Soak %ld\",\"column_id\":%d,"
             "\"instance\":\"%s\"}",
             s->calls, 1 + below(s, 40), inst);
  } else if (k < 64) {
    tool = "update_card";
    snprintf(args, sizeof args,
             "{\"card_id\":%d,\"description\":\"d%ld\","
             "\"instance\":\"%s\"}",
             card, s->calls, inst);
  } else if (k < 68) {
    tool = "create_card_comment";
    snprintf(args, sizeof args,
             "{\"card_id\":%d,\"text\":\"c%ld\","
             "\"instance\":\"%s\"}",
             card, s->calls, inst);
  } else if (k < 71) {
    tool = below(s, 3) ? "add_card_parent" : "remove_card_parent";
    snprintf(args, sizeof args,
             "{\"card_id\":%d,\"parent_card_id\":%d,"
             "\"instance\":\"%s\"}",
             card, 1 + below(s, 600), inst);
  } else if (k < 74) {
    tool = "block_card";
    snprintf(args, sizeof args,
             "{\"card_id\":%d,\"comment\":\"b%ld\","
             "\"instance\":\"%s\"}",
             card, s->calls, inst);
  } else if (k < 77) {
    tool = "update_card_subtask";
    snprintf(args, sizeof args,
             "{\"card_id\":%d,\"subtask_id\":%d,"
             "\"is_finished\":1,\"instance\":\"%s\"}",
             card, 1 + below(s, 50), inst);
  } else if (k < 79) {
    tool = "update_workspace";
    snprintf(args, sizeof args,
             "{\"workspace_id\":%d,\"name\":\"W%ld\","
             "\"instance\":\"%s\"}",
             ws, s->calls, inst);
  } else if (k < 85) {
    /* Bulk: up to 12 ids, so up to ten requests in flight at once. */
    static const char *const bulk[] = {
      "bulk_update_cards",
      "bulk_delete_cards",
      "bulk_archive_workspaces",
    };
    int which = below(s, 3);

    tool = bulk[which];
    n = snprintf(args, sizeof args,
                 "{\"instance\":\"%s\",%s"
                 "\"resource_ids\":[",
                 inst, which == 0 ? "\"priority\":3," : "");
    for (i = 0, nids = 1 + below(s, 12); i < nids; i++)
      n += snprintf(args + n, sizeof args - (size_t)n, "%s%d", i ? "," : "",
                    which == 2 ? 1 + below(s, 30) : 1 + below(s, 600));
    snprintf(args + n, sizeof args - (size_t)n, "]}");
  } else if (k < 88) {
    tool = "get_instance_info";
    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", inst);
  } else if (k < 90) {
    tool = "health_check";
    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", inst);
  } else if (k < 93) {
    tool = "get_card"; /* wrong type: refused before any request */
    snprintf(args, sizeof args, "{\"card_id\":\"x%d\"}", card);
  } else if (k < 95) {
    tool = "list_boards"; /* no such instance */
    snprintf(args, sizeof args, "{\"instance\":\"nowhere-%d\"}", card);
  } else if (k < 96) {
    tool = "no_such_tool";
    snprintf(args, sizeof args, "{}");
  } else {
    tool = "get_card_subtasks";
    snprintf(args, sizeof args, "{\"card_id\":%d,\"instance\":\"%s\"}", card,
             inst);
  }
  rpc = fx_call(&s->f, tool, args);
  s->calls++;
  s->open[s->nopen++] = rpc;
  take(s);
}

static void cancel_one(soak *s)
{
  int rpc = s->open[below(s, s->nopen)];

  forget_call(s, rpc);
  fx_cancel(&s->f, rpc);
  s->cancelled++;
  take(s);
}

/* ---- the API's answers ------------------------------------------------ */

/* A success body for path: an object for an item, a list otherwise, and a
 * page of cards for /cards. Its length varies so the cache budget fills. */
static void success_body(soak *s, const pending *q, char *body, size_t cap)
{
  const char *last = strrchr(q->path, '/');
  int pad = below(s, 6000), n = 0, i, items, page;
  char padding[6001];

  memset(padding, 'p', (size_t)pad);
  padding[pad] = '\0';
  if (!strcmp(q->method, "DELETE") ||
      (!strcmp(q->method, "PUT") && !strstr(q->path, "/parents/"))) {
    body[0] = '\0';
    return;
  }
  if (last && last[1] >= '0' && last[1] <= '9') {
    snprintf(body, cap,
             "{\"data\":{\"id\":%s,\"card_id\":%s,\"title\":"
             "\"Item %s\",\"name\":\"Item\",\"board_id\":3,\"column_id\":4,"
             "\"lane_id\":5,\"description\":\"%s\"}}",
             last + 1, last + 1, last + 1, padding);
    return;
  }
  items = below(s, 6);
  page = !strncmp(q->path, "/cards?", 7) || !strcmp(q->path, "/cards");
  if (page)
    n = snprintf(body, cap,
                 "{\"data\":{\"pagination\":{\"all_pages\":3,"
                 "\"current_page\":1,\"results_per_page\":50},\"data\":[");
  else
    n = snprintf(body, cap, "{\"data\":[");
  for (i = 0; i < items && (size_t)n < cap - 800; i++)
    n += snprintf(body + n, cap - (size_t)n,
                  "%s{\"id\":%d,\"card_id\":%d,"
                  "\"board_id\":%d,\"workspace_id\":1,\"name\":\"N%d\","
                  "\"title\":\"T%d\",\"description\":\"%.*s\"}",
                  i ? "," : "", i + 1, i + 1, i + 1, i, i, pad / 8, padding);
  snprintf(body + n, cap - (size_t)n, "]%s}", page ? "}" : "");
}

static void answer(soak *s, int at)
{
  static char body[BODY_MAX];
  pending q = s->http[at];
  char meta[160];
  int k = below(s, 100), kind, status = 200;
  const char *m = NULL, *b = body;

  s->http[at] = s->http[--s->nhttp];
  body[0] = '\0';
  if (q.cancelled) {
    kind = A_ABORTED;
  } else if (k < 64) {
    kind = A_OK;
  } else if (k < 69) {
    kind = A_NOT_FOUND;
  } else if (k < 72) {
    kind = A_BAD;
  } else if (k < 77) {
    kind = A_RATE;
  } else if (k < 82) {
    kind = A_5XX;
  } else if (k < 87) {
    kind = A_TIMEOUT;
  } else if (k < 90) {
    kind = A_NETWORK;
  } else if (k < 95) {
    kind = A_TRUNCATED;
  } else if (k < 98) {
    kind = A_NONJSON;
  } else {
    kind = A_TOO_LARGE;
  }
  s->answers[kind]++;

  switch (kind) {
  case A_OK:
    success_body(s, &q, body, sizeof body);
    status = body[0] ? 200 : 204;
    snprintf(meta, sizeof meta,
             "{\"headers\":{\"x-ratelimitperhour-limit"
             "\":\"1000\",\"x-ratelimitperhour-remaining\":\"%d\"}}",
             below(s, 1000));
    m = meta;
    b = body[0] ? body : NULL;
    break;
  case A_NOT_FOUND:
    status = 404;
    b = "{\"error\":{\"code\":404,\"message\":\"Not found\"}}";
    break;
  case A_BAD:
    status = 400;
    b = "{\"error\":{\"code\":\"BS01\",\"message\":\"Invalid value\"}}";
    break;
  case A_RATE:
    status = below(s, 2) ? 429 : 400;
    snprintf(meta, sizeof meta, "{\"headers\":{\"retry-after\":\"%d\"}}",
             below(s, 3));
    m = meta;
    b = "{\"error\":{\"code\":\"RL02\",\"message\":\"Request limit "
        "reached\"}}";
    break;
  case A_5XX:
    status = 500 + below(s, 5);
    b = NULL;
    break;
  case A_TIMEOUT:
  case A_NETWORK:
  case A_TOO_LARGE:
  case A_ABORTED:
    status = 0;
    m = kind == A_TIMEOUT   ? "{\"error\":\"timeout\"}"
        : kind == A_NETWORK ? "{\"error\":\"network\"}"
        : kind == A_ABORTED ? "{\"error\":\"aborted\"}"
                            : "{\"error\":\"too_large\"}";
    b = NULL;
    break;
  case A_TRUNCATED:
    success_body(s, &q, body, sizeof body);
    if (!body[0])
      snprintf(body, sizeof body, "{\"data\":{\"x\":1}}");
    body[strlen(body) / 2] = '\0';
    break;
  default:
    b = "<html><body>502 Bad Gateway</body></html>";
    break;
  }
  s->f.now += below(s, 40);
  fx_respond(&s->f, q.id, status, m, b);
  take(s);
}

/* Fires the timer due first, moving the clock up to it. */
static void fire_next(soak *s)
{
  int i, first = 0;
  timer t;

  for (i = 1; i < s->ntimers; i++)
    if (s->timers[i].due < s->timers[first].due)
      first = i;
  t = s->timers[first];
  s->timers[first] = s->timers[--s->ntimers];
  if (t.due > s->f.now)
    s->f.now = t.due;
  s->timers_fired++;
  fx_fire(&s->f, t.id);
  take(s);
}

/* One step of the host: answers a request, fires a timer, or starts or
 * cancels a call. Returns 0 when there was nothing to do. */
static int step(soak *s, long target)
{
  int r = below(s, 100);

  s->f.now += below(s, 5);
  if (s->calls < target && s->nopen < MAX_OPEN_CALLS &&
      (r < 45 || (!s->nhttp && !s->ntimers))) {
    start_call(s);
    return 1;
  }
  if (s->nopen > 0 && r >= 45 && r < 47) {
    cancel_one(s);
    return 1;
  }
  if (s->nhttp > 0 && (r < 92 || !s->ntimers)) {
    answer(s, below(s, s->nhttp));
    return 1;
  }
  if (s->ntimers > 0) {
    fire_next(s);
    return 1;
  }
  return 0;
}

/* Runs until target calls were started and everything has settled. */
static int run_to(soak *s, long target)
{
  long steps = 0, bound = (target - s->calls + 1) * MAX_STEPS_PER_CALL;

  while (steps++ < bound && step(s, target))
    ;
  if (s->nopen || s->nhttp || s->ntimers) {
    fprintf(stderr,
            "soak: stuck at call %ld: %d calls open, %d requests, "
            "%d timers\n",
            s->calls, s->nopen, s->nhttp, s->ntimers);
    return 0;
  }
  return 1;
}

/* A figure of the cache summed over the instances, from
 * get_instance_info: "bytes", "hits", "evictions", ... */
static double cache_figure(soak *s, const char *key)
{
  double sum = 0;
  int i;

  for (i = 0; i < 3; i++) {
    char args[64];
    cJSON *info;

    snprintf(args, sizeof args, "{\"instance\":\"%s\"}", instances[i]);
    fx_call(&s->f, "get_instance_info", args);
    info = fx_result_json(&s->f, 0);
    sum += cJSON_GetNumberValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(info, "cache"), key));
    cJSON_Delete(info);
  }
  return sum;
}

/* ---- memory ------------------------------------------------------------ */

/* Heap figures, all relative to the end of the warm-up. "rest" is the heap
 * that is not the cache (its bytes as the cache counts them). */
typedef struct heap {
  int measured; /* 0 when the heap cannot be seen (valgrind) */
  size_t base;
  long rest_base;
  long peak, rest_peak; /* the largest growth seen */
} heap;

static void heap_start(soak *s, heap *h, size_t fresh)
{
  double cache = cache_figure(s, "bytes");

  memset(h, 0, sizeof *h);
  h->base = live_bytes();
  h->rest_base = (long)h->base - (long)cache;
  h->measured = h->base > 0;
  if (!h->measured) {
    printf("soak: the heap is not visible (valgrind?): growth is not "
           "checked\n");
    return;
  }
  printf("soak: %s heap accounting: %zu bytes live before the first call, "
         "%zu after %d warm-up calls, %.0f of them in the cache\n",
#ifdef SOAK_ASAN
         "ASan",
#else
         "mallinfo2",
#endif
         fresh, h->base, WARMUP_CALLS, cache);
}

/* The whole heap may grow by at most the cache budget plus a little; the
 * rest stays flat. */
static void heap_check(soak *s, heap *h, long calls)
{
  double cache = cache_figure(s, "bytes");
  size_t live = live_bytes();
  long grown = (long)live - (long)h->base;
  long rest = (long)live - (long)cache - h->rest_base;

  if (!h->measured)
    return;
  if (grown > h->peak)
    h->peak = grown;
  if (rest > h->rest_peak)
    h->rest_peak = rest;
  printf("soak: after %ld calls: %zu bytes live (%+ld since warm-up), "
         "cache %.0f, the rest %+ld\n",
         calls, live, grown, cache, rest);
  CHECK(grown <= CACHE_BUDGET + HEAP_SLACK);
  CHECK(rest <= HEAP_SLACK);
}

static void report(soak *s, const heap *h)
{
  int i;

  printf("soak: %ld calls: %ld results (%ld errors), %ld cancelled; "
         "%ld requests, %ld timers\n",
         s->calls, s->results, s->errors, s->cancelled, s->requests,
         s->timers_fired);
  if (h->measured)
    printf("soak: largest growth %+ld bytes (limit %d), outside the cache "
           "%+ld (limit %d)\n",
           h->peak, CACHE_BUDGET + HEAP_SLACK, h->rest_peak, HEAP_SLACK);
  printf("soak: cache: %.0f hits, %.0f misses, %.0f shared, %.0f evictions, "
         "%.0f expired, %.0f invalidated\n",
         cache_figure(s, "hits"), cache_figure(s, "misses"),
         cache_figure(s, "shared"), cache_figure(s, "evictions"),
         cache_figure(s, "expired"), cache_figure(s, "invalidated"));
  printf("soak: answers:");
  for (i = 0; i < A_COUNT; i++)
    printf(" %s %ld%s", answer_names[i], s->answers[i],
           i + 1 < A_COUNT ? "," : "\n");
}

int main(int argc, char **argv)
{
  long total = argc > 1 ? atol(argv[1]) : SOAK_CALLS;
  long at = WARMUP_CALLS;
  soak *s = calloc(1, sizeof *s);
  size_t fresh;
  heap h;
  int ok;

  if (!s || total < WARMUP_CALLS)
    return 2;
  s->rng = 20000;
  fx_setup(&s->f, config);
  fx_send(&s->f, "{\"jsonrpc\":\"2.0\",\"method\":"
                 "\"notifications/initialized\"}");
  fx_send(&s->f, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
  fresh = live_bytes();

  ok = run_to(s, WARMUP_CALLS);
  heap_start(s, &h, fresh);
  while (ok && at < total) {
    at = at + CHECKPOINT_EVERY < total ? at + CHECKPOINT_EVERY : total;
    ok = run_to(s, at);
    heap_check(s, &h, at);
  }
  CHECK(ok);
  CHECK(s->calls == total);
  CHECK(s->results + s->cancelled == s->calls);
  CHECK(s->unknown_answers == 0);
  CHECK(s->overflows == 0);
  CHECK(s->results > s->errors && s->errors > 0);

  report(s, &h);
  fx_teardown(&s->f);
  free(s);
  return check_report();
}
