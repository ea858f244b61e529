/*
 * engine.c - JSON-RPC 2.0 and MCP (spec 2025-11-25) over a sans-IO core.
 *
 * Owns: the lifecycle (initialize, version negotiation), request routing,
 * tool calls from arguments to result, the table of HTTP requests in
 * flight with their retries, the use of the response cache on that path
 * (lookups, stores, invalidation by writes, sharing of identical GETs in
 * flight), and the effects document each feed returns.
 * Does not own: what a response means (http.c), what a tool does
 * (catalog tables and their steps), the configuration (config.c), the
 * cache's entries and budget (cache.c).
 */
#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cache.h"
#include "call.h"
#include "http.h"
#include "jsonpos.h"
#include "mcp.h"

static const char *const protocol_versions[] = {
  "2025-11-25",
  "2025-06-18",
  "2025-03-26",
};

/*
 * A request is QUEUED (no room yet), INFLIGHT, WAITING for a retry timer,
 * READY (a cache hit, delivered at the end of the feed so that no step is
 * re-entered), or SHARED (an identical GET already in flight answers it).
 */
enum { REQ_QUEUED, REQ_INFLIGHT, REQ_WAITING, REQ_READY, REQ_SHARED };

/* A call together with the JSON-RPC id it answers. */
typedef struct call_slot {
  bm_call call;
  cJSON *rpc_id;
  char *uri;                 /* set when the call answers resources/read */
  const char *next_template; /* added to a resource's JSON when set */
} call_slot;

typedef struct request {
  struct request *next;
  int id;        /* the host's handle of the current attempt */
  bm_call *call; /* NULL once the call ended */
  int tag;
  int instance;
  int state;
  int attempt; /* retries done so far */
  int timer;   /* timer id while waiting */
  char method[8];
  char *path;
  char *body;
  double sent_ms;
  char *key;              /* canonical GET, when it may be cached/shared */
  unsigned gen;           /* the instance's write generation at send */
  struct request *leader; /* SHARED: the request that answers this one */
  int followers;          /* SHARED requests whose leader this is */
  char *hit;              /* READY: a copy of the cached body */
  size_t hit_len;
  int hit_status;
  int cancelled;     /* the host was asked to abort it */
  int maybe_applied; /* an earlier attempt's outcome is unknown */
} request;

typedef struct instance_state {
  long long quota_limit;
  long long quota_remaining;
  int quota_warned;
  int inflight;
  int used; /* a request was made for this instance */
  long long requests;
  long long retries;
  unsigned gen;   /* bumped by each write that invalidates */
  int hold_timer; /* rate-limited: nothing new is sent until this
                             timer fires (0 = not held) */
  double hold_until;

} instance_state;

struct bm_engine {
  bm_config *cfg;
  instance_state *inst;
  char server_name[64];
  char server_version[32];
  char protocol[16];
  int initialized;
  int client_log_level; /* rank asked by logging/setLevel, -1: none */
  unsigned long long rng;
  double now;

  request *requests;
  int next_id;
  bm_call *calls[BM_MAX_CALLS];
  bm_cache *cache; /* NULL when it could not be allocated */

  bm_buf msgs, http, timers, cancels, logs, out, scratch;
};

void bm__call_release(bm_call *c);
static void call_end(bm_call *c);
static void deliver_hits(bm_engine *e);

/* ---- effects ---------------------------------------------------------- */

static void section_sep(bm_buf *b)
{
  if (b->len)
    bm_buf_addc(b, ',');
}

/*
 * Writes a reply that the messages section has no room for (each byte may
 * take two there) as a short error with the same id, so the client is not
 * left waiting for an answer that was dropped. Replies are this file's
 * own JSON, so the id is the value right after the fixed head.
 */
static void emit_too_large(bm_engine *e, const char *json, size_t len)
{
  static const char head[] = "{\"jsonrpc\":\"2.0\",\"id\":";
  const size_t h = sizeof head - 1;
  const char *end = NULL;
  cJSON *id = NULL;
  char *ids;
  bm_buf b;

  if (len > h && memcmp(json, head, h) == 0)
    id = cJSON_ParseWithLengthOpts(json + h, len - h, &end, 0);
  ids = id ? cJSON_PrintUnformatted(id) : NULL;
  cJSON_Delete(id);
  if (!ids) {
    bm__log(e, "error", "dropped a message of %zu bytes: too large", len);
    return;
  }
  bm_buf_init(&b, BM_MAX_MESSAGE_BYTES);
  bm_buf_addf(&b,
              "%s%s,\"error\":{\"code\":-32603,\"message\":"
              "\"Internal error: the answer was too large to send (%zu "
              "bytes)\"}}",
              head, ids, len);
  free(ids);
  if (!b.failed) {
    section_sep(&e->msgs);
    bm_buf_add_json_str(&e->msgs, b.data, b.len);
  }
  bm_buf_free(&b);
}

void bm__emit_message(bm_engine *e, const char *json, size_t len)
{
  size_t room = e->msgs.failed ? 0 : e->msgs.limit - e->msgs.len;

  if (len > room / 2 || room - 2 * len < 3) {
    emit_too_large(e, json, len);
    return;
  }
  section_sep(&e->msgs);
  bm_buf_add_json_str(&e->msgs, json, len);
}

/* The syslog levels of MCP "Logging", lowest first; the core's own
 * records use debug, info, warn and error. */
static const char *const log_levels[] = {
  "debug", "info",     "notice", "warning",
  "error", "critical", "alert",  "emergency",
};

static int log_rank(const char *level)
{
  int i;

  if (strcmp(level, "warn") == 0)
    return 3;
  for (i = 0; i < (int)(sizeof log_levels / sizeof *log_levels); i++)
    if (strcmp(level, log_levels[i]) == 0)
      return i;
  return -1;
}

int bm__set_client_log_level(bm_engine *e, const char *level)
{
  int rank = log_rank(level);

  if (rank < 0 || strcmp(level, "warn") == 0)
    return -1;
  e->client_log_level = rank;
  return 0;
}

/* A log record for the host; also a notifications/message to the client
 * once it asked for logs at this level or lower (logging/setLevel). */
void bm__log(bm_engine *e, const char *level, const char *fmt, ...)
{
  va_list ap;
  int rank = log_rank(level);
  bm_buf note;

  bm_buf_reset(&e->scratch);
  va_start(ap, fmt);
  bm_buf_vaddf(&e->scratch, fmt, ap);
  va_end(ap);
  if (e->scratch.failed)
    return;
  section_sep(&e->logs);
  bm_buf_addf(&e->logs, "{\"level\":\"%s\",\"message\":", level);
  bm_buf_add_json_str(&e->logs, e->scratch.data, e->scratch.len);
  bm_buf_addc(&e->logs, '}');
  if (e->client_log_level < 0 || rank < e->client_log_level)
    return;
  bm_buf_init(&note, e->scratch.len + 256);
  bm_buf_addf(&note,
              "{\"jsonrpc\":\"2.0\",\"method\":"
              "\"notifications/message\",\"params\":{\"level\":\"%s\","
              "\"logger\":\"businessmap\",\"data\":",
              log_levels[rank]);
  bm_buf_add_json_str(&note, e->scratch.data, e->scratch.len);
  bm_buf_adds(&note, "}}");
  if (!note.failed)
    bm__emit_message(e, note.data, note.len);
  bm_buf_free(&note);
}

static void begin_feed(bm_engine *e, double now_ms)
{
  e->now = now_ms;
  bm_buf_reset(&e->msgs);
  bm_buf_reset(&e->http);
  bm_buf_reset(&e->timers);
  bm_buf_reset(&e->cancels);
  bm_buf_reset(&e->logs);
}

static void add_section(bm_buf *out, const char *name, const bm_buf *b)
{
  if (!b->len && !b->failed)
    return;
  if (out->len > 1)
    bm_buf_addc(out, ',');
  bm_buf_addf(out, "\"%s\":[", name);
  if (b->failed)
    bm_buf_adds(out, "");
  else
    bm_buf_add(out, b->data, b->len);
  bm_buf_addc(out, ']');
}

static const char *end_feed(bm_engine *e, size_t *out_len)
{
  deliver_hits(e);
  bm_buf_reset(&e->out);
  bm_buf_addc(&e->out, '{');
  add_section(&e->out, "messages", &e->msgs);
  add_section(&e->out, "http", &e->http);
  add_section(&e->out, "timers", &e->timers);
  add_section(&e->out, "cancel", &e->cancels);
  add_section(&e->out, "logs", &e->logs);
  bm_buf_addc(&e->out, '}');
  if (e->out.failed) {
    bm_buf_reset(&e->out);
    bm_buf_adds(&e->out, "{\"logs\":[{\"level\":\"error\",\"message\":"
                         "\"the engine ran out of memory\"}]}");
  }
  *out_len = e->out.len;
  return e->out.data;
}

/* ---- JSON-RPC replies ------------------------------------------------- */

static void send_json(bm_engine *e, cJSON *msg)
{
  char *s = cJSON_PrintUnformatted(msg);

  if (s) {
    bm__emit_message(e, s, strlen(s));
    free(s);
  } else {
    bm__log(e, "error", "could not serialise a reply (out of memory)");
  }
  cJSON_Delete(msg);
}

void bm__reply_result(bm_engine *e, const cJSON *id, cJSON *result)
{
  cJSON *msg = cJSON_CreateObject();

  cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
  cJSON_AddItemToObject(msg, "id", cJSON_Duplicate(id, 1));
  cJSON_AddItemToObject(msg, "result", result);
  send_json(e, msg);
}

void bm__reply_error(bm_engine *e, const cJSON *id, int code,
                     const char *message)
{
  cJSON *msg = cJSON_CreateObject();
  cJSON *err = cJSON_CreateObject();

  cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
  cJSON_AddItemToObject(msg, "id",
                        id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
  cJSON_AddNumberToObject(err, "code", code);
  cJSON_AddStringToObject(err, "message", message);
  cJSON_AddItemToObject(msg, "error", err);
  send_json(e, msg);
}

void bm__reply_raw(bm_engine *e, const cJSON *id, const char *result,
                   size_t len)
{
  char *ids = cJSON_PrintUnformatted(id);
  bm_buf *b = &e->out;

  /* e->out is free until end_feed; it holds the message while built. */
  bm_buf_reset(b);
  bm_buf_addf(b,
              "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":", ids ? ids : "null");
  bm_buf_add(b, result, len);
  bm_buf_addc(b, '}');
  free(ids);
  if (b->failed)
    bm__log(e, "error", "could not build a reply (out of memory)");
  else
    bm__emit_message(e, b->data, b->len);
}

bm_buf *bm__engine_scratch(bm_engine *e)
{
  return &e->scratch;
}

const bm_config *bm__engine_cfg(const bm_engine *e)
{
  return e->cfg;
}

/* notifications/cancelled: the call ends without a reply (MCP
 * "Cancellation"); its requests in flight are aborted. */
void bm__cancel_request(bm_engine *e, const cJSON *request_id)
{
  int i;

  if (!request_id)
    return;
  for (i = 0; i < BM_MAX_CALLS; i++) {
    call_slot *s = (call_slot *)e->calls[i];

    if (s && cJSON_Compare(s->rpc_id, request_id, 1)) {
      call_end(&s->call);
      bm__call_release(&s->call);
      return;
    }
  }
}

/* A tools/call result: content text, isError. */
static void reply_tool(bm_engine *e, const cJSON *id, const char *text,
                       int is_error)
{
  cJSON *res = cJSON_CreateObject();
  cJSON *content = cJSON_AddArrayToObject(res, "content");
  cJSON *item = cJSON_CreateObject();

  cJSON_AddStringToObject(item, "type", "text");
  cJSON_AddStringToObject(item, "text", text);
  cJSON_AddItemToArray(content, item);
  if (is_error)
    cJSON_AddBoolToObject(res, "isError", 1);
  bm__reply_result(e, id, res);
}

/* ---- requests --------------------------------------------------------- */

static double next_random(bm_engine *e)
{
  /* xorshift64*: deterministic given the host's seed. */
  e->rng ^= e->rng >> 12;
  e->rng ^= e->rng << 25;
  e->rng ^= e->rng >> 27;
  return (double)((e->rng * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static void emit_http(bm_engine *e, request *q)
{
  const bm_instance *in = &e->cfg->instances[q->instance];
  bm_buf *b = &e->http;

  q->id = ++e->next_id;
  q->state = REQ_INFLIGHT;
  q->sent_ms = e->now;
  e->inst[q->instance].inflight++;
  e->inst[q->instance].used = 1;
  e->inst[q->instance].requests++;
  section_sep(b);
  bm_buf_addf(b, "{\"id\":%d,\"instance\":", q->id);
  bm_buf_add_json_str(b, in->name, strlen(in->name));
  bm_buf_adds(b, ",\"credential\":");
  bm_buf_add_json_str(b, in->token_env, strlen(in->token_env));
  bm_buf_addf(b, ",\"method\":\"%s\",\"url\":", q->method);
  bm_buf_reset(&e->scratch);
  bm_buf_adds(&e->scratch, in->api_url);
  bm_buf_adds(&e->scratch, q->path);
  bm_buf_add_json_str(b, e->scratch.data, e->scratch.len);
  bm_buf_adds(b, ",\"headers\":{\"accept\":\"application/json\"");
  if (q->body)
    bm_buf_adds(b, ",\"content-type\":\"application/json\"");
  bm_buf_adds(b, "},\"body\":");
  if (q->body)
    bm_buf_add_json_str(b, q->body, strlen(q->body));
  else
    bm_buf_adds(b, "null");
  bm_buf_addf(b, ",\"timeoutMs\":%d}", in->policy.timeout_ms);
}

/* Sends queued requests of an instance while it has room. */
static void pump(bm_engine *e, int instance)
{
  request *q;

  if (e->inst[instance].hold_timer)
    return;
  for (q = e->requests; q; q = q->next) {
    if (e->inst[instance].inflight >= BM_MAX_INFLIGHT_PER_INSTANCE)
      return;
    if (q->instance == instance && q->state == REQ_QUEUED)
      emit_http(e, q);
  }
}

static void request_free(request *q)
{
  free(q->path);
  free(q->body);
  free(q->key);
  free(q->hit);
  free(q);
}

static void unlink_request(bm_engine *e, request *q)
{
  request **pp;

  for (pp = &e->requests; *pp; pp = &(*pp)->next)
    if (*pp == q) {
      *pp = q->next;
      return;
    }
}

/* ---- the cache on the request path ----------------------------------- */

static int ttl_s_of(const bm_engine *e, const request *q)
{
  return e->cfg->instances[q->instance].policy.ttl_s[bm_cache_family(q->path)];
}

/* Frees a request that is out of the list, telling its leader. */
static void release(request *q)
{
  if (q->state == REQ_SHARED && q->leader)
    q->leader->followers--;
  request_free(q);
}

/* An identical GET of the same instance, sent since the last write, that
 * has not been answered yet. */
static request *find_leader(bm_engine *e, const request *q)
{
  request *l;

  for (l = e->requests; l; l = l->next)
    if (l != q && l->key && l->instance == q->instance && l->gen == q->gen &&
        l->state <= REQ_WAITING && !l->cancelled && strcmp(l->key, q->key) == 0)
      return l;
  return NULL;
}

/*
 * Answers the GET q from the cache, or makes it wait on an identical one
 * in flight. Returns 1 when nothing has to be sent. q keeps its canonical
 * key either way, so that its answer can be stored and shared. fresh
 * skips both (the answer is still stored).
 */
static int cache_read(bm_engine *e, request *q, int fresh)
{
  const bm_policy *p = &e->cfg->instances[q->instance].policy;
  const char *body;
  size_t len;
  int status;

  if (!e->cache || !p->cache_enabled ||
      !(q->key = bm_cache_key("GET", q->path)))
    return 0;
  q->gen = e->inst[q->instance].gen;
  if (fresh)
    return 0;
  if (ttl_s_of(e, q) > 0 && bm_cache_get(e->cache, q->instance, q->key, e->now,
                                         &body, &len, &status)) {
    if (!(q->hit = malloc(len + 1)))
      return 0;
    memcpy(q->hit, body, len);
    q->hit[len] = '\0';
    q->hit_len = len;
    q->hit_status = status;
    q->state = REQ_READY;
    return 1;
  }
  if (!(q->leader = find_leader(e, q)))
    return 0;
  q->leader->followers++;
  q->state = REQ_SHARED;
  bm_cache_note_shared(e->cache, q->instance);
  return 1;
}

/* Keeps a successful GET's answer, unless a write came in between. */
static void cache_store(bm_engine *e, const request *q, int status,
                        const char *body, size_t len)
{
  int ttl;

  if (!q->key || q->gen != e->inst[q->instance].gen)
    return;
  ttl = ttl_s_of(e, q);
  if (ttl > 0)
    bm_cache_put(e->cache, q->instance, q->key, status, body, len, e->now,
                 e->now + ttl * 1000.0);
}

/* A write that may have been applied drops what it changed; the new
 * generation keeps answers to older GETs out of the cache. */
static void cache_write(bm_engine *e, const request *q,
                        const bm_http_result *hr)
{
  int ok = hr->status >= 200 && hr->status < 300;

  if (strcmp(q->method, "GET") == 0 || hr->outcome == BM_HTTP_RATE_LIMIT)
    return;
  if (hr->outcome == BM_HTTP_FAILED && !ok)
    return;
  e->inst[q->instance].gen++;
  bm_cache_invalidate(e->cache, q->instance, q->path);
}

/*
 * Frees requests nobody waits for any more and asks the host to abort
 * those on the wire. Hits and followers never lead, so they go first;
 * after that every leader's count of followers is final.
 */
static void reap(bm_engine *e)
{
  request **pp;
  int pass;

  for (pass = 0; pass < 2; pass++)
    for (pp = &e->requests; *pp;) {
      request *q = *pp;
      int follows = q->state == REQ_SHARED || q->state == REQ_READY;

      if (q->call || (pass == 0 && !follows) || q->followers) {
        pp = &q->next;
      } else if (q->state == REQ_INFLIGHT) {
        if (!q->cancelled) {
          section_sep(&e->cancels);
          bm_buf_addf(&e->cancels, "%d", q->id);
          q->cancelled = 1;
        }
        pp = &q->next;
      } else {
        *pp = q->next;
        release(q);
      }
    }
}

static int send_request(bm_call *c, int tag, const char *method,
                        const char *path, cJSON *body, int fresh)
{
  bm_engine *e = c->engine;
  request *q, **tail;

  if (c->finished) {
    cJSON_Delete(body);
    return -1;
  }
  q = calloc(1, sizeof *q);
  if (q) {
    q->path = bm__strdup(path);
    q->body = body ? cJSON_PrintUnformatted(body) : NULL;
  }
  cJSON_Delete(body);
  if (!q || !q->path || (body && !q->body)) {
    if (q)
      request_free(q);
    bm__call_fail(c, "Error: the server ran out of memory");
    return -1;
  }
  q->call = c;
  q->tag = tag;
  q->instance = c->instance;
  snprintf(q->method, sizeof q->method, "%s", method);
  for (tail = &e->requests; *tail; tail = &(*tail)->next)
    ;
  *tail = q;
  c->pending++;
  if (strcmp(q->method, "GET") == 0 && cache_read(e, q, fresh))
    return 0;
  if (e->inst[q->instance].inflight < BM_MAX_INFLIGHT_PER_INSTANCE &&
      !e->inst[q->instance].hold_timer)
    emit_http(e, q);
  return 0;
}

int bm__call_send(bm_call *c, int tag, const char *method, const char *path,
                  cJSON *body)
{
  return send_request(c, tag, method, path, body, 0);
}

int bm__call_send_fresh(bm_call *c, int tag, const char *method,
                        const char *path, cJSON *body)
{
  return send_request(c, tag, method, path, body, 1);
}

/* ---- calls ------------------------------------------------------------ */

static void call_free(bm_call *c)
{
  if (c->state && c->state_free)
    c->state_free(c->state);
  cJSON_Delete(c->args);
  cJSON_Delete(c->acc);
  free(c);
}

/* Ends a call: detaches its requests. Those other calls share stay; the
 * rest are freed, or aborted when in flight (see reap). */
static void call_end(bm_call *c)
{
  bm_engine *e = c->engine;
  request *q;
  int i;

  for (q = e->requests; q; q = q->next)
    if (q->call == c)
      q->call = NULL;
  reap(e);
  for (i = 0; i < BM_MAX_CALLS; i++)
    if (e->calls[i] == c)
      e->calls[i] = NULL;
  c->finished = 1;
}

/* A resources/read answer: {contents: [{uri, mimeType, text}]}. A failed
 * read is a JSON-RPC error, since resources have no isError. */
static void reply_resource(bm_engine *e, call_slot *s, const char *text,
                           int is_error)
{
  cJSON *res, *item, *json;
  char *out = NULL;

  if (is_error) {
    bm__reply_error(e, s->rpc_id, -32603, text);
    return;
  }
  if (s->next_template && (json = cJSON_Parse(text))) {
    cJSON_AddStringToObject(json, "next_resource_template", s->next_template);
    out = cJSON_PrintUnformatted(json);
    cJSON_Delete(json);
  }
  res = cJSON_CreateObject();
  item = cJSON_CreateObject();
  cJSON_AddStringToObject(item, "uri", s->uri);
  cJSON_AddStringToObject(item, "mimeType", "application/json");
  cJSON_AddStringToObject(item, "text", out ? out : text);
  cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "contents"), item);
  free(out);
  bm__reply_result(e, s->rpc_id, res);
}

static void finish(bm_call *c, const char *text, int is_error)
{
  call_slot *s = (call_slot *)c;

  if (c->finished)
    return;
  if (s->uri)
    reply_resource(c->engine, s, text, is_error);
  else
    reply_tool(c->engine, s->rpc_id, text, is_error);
  call_end(c);
}

void bm__call_done(bm_call *c, cJSON *result, const char *summary)
{
  bm_engine *e = c->engine;
  char *json = cJSON_PrintUnformatted(result);

  cJSON_Delete(result);
  if (!json) {
    finish(c, "Error: the result could not be serialised", 1);
    return;
  }
  if (!summary) {
    finish(c, json, 0);
    free(json);
    return;
  }
  bm_buf_reset(&e->scratch);
  bm_buf_addf(&e->scratch, "%s\n%s", summary, json);
  free(json);
  finish(c, e->scratch.failed ? "Error: result too large" : e->scratch.data,
         e->scratch.failed);
}

void bm__call_text(bm_call *c, const char *text)
{
  finish(c, text, 0);
}

void bm__call_fail(bm_call *c, const char *fmt, ...)
{
  bm_engine *e = c->engine;
  va_list ap;

  bm_buf_reset(&e->scratch);
  va_start(ap, fmt);
  bm_buf_vaddf(&e->scratch, fmt, ap);
  va_end(ap);
  finish(c, e->scratch.failed ? "Error" : e->scratch.data, 1);
}

void bm__call_fail_reply(bm_call *c, const bm_reply *r)
{
  if (c->tool->doing)
    bm__call_fail(c, "Error %s: %s", c->tool->doing, r->error);
  else
    bm__call_fail(c, "Error in %s: %s", c->tool->name, r->error);
}

const bm_instance *bm__call_instance(const bm_call *c)
{
  return &c->engine->cfg->instances[c->instance];
}

const bm_config *bm__call_config(const bm_call *c)
{
  return c->engine->cfg;
}

int bm__call_instance_used(const bm_call *c, int instance)
{
  return c->engine->inst[instance].used;
}

static void add_http_policy(const bm_engine *e, int instance, cJSON *into)
{
  const bm_policy *p = &e->cfg->instances[instance].policy;
  cJSON *h = cJSON_AddObjectToObject(into, "http");

  cJSON_AddNumberToObject(h, "timeoutMs", p->timeout_ms);
  cJSON_AddNumberToObject(h, "maxRetries", p->max_retries);
  cJSON_AddNumberToObject(h, "maxBackoffMs", p->max_backoff_ms);
}

/* The cache figures of an instance; the budget is the whole cache's. */
static void add_cache_stats(bm_engine *e, int instance, cJSON *into)
{
  const bm_policy *p = &e->cfg->instances[instance].policy;
  cJSON *o = cJSON_AddObjectToObject(into, "cache");
  bm_cache_stats st;

  bm_cache_stats_of(e->cache, instance, e->now, &st);
  cJSON_AddBoolToObject(o, "enabled",
                        e->cache && p->cache_enabled &&
                            bm_cache_max_bytes(e->cache));
  cJSON_AddNumberToObject(o, "hits", (double)st.hits);
  cJSON_AddNumberToObject(o, "misses", (double)st.misses);
  cJSON_AddNumberToObject(o, "shared", (double)st.shared);
  cJSON_AddNumberToObject(o, "evictions", (double)st.evictions);
  cJSON_AddNumberToObject(o, "expired", (double)st.expired);
  cJSON_AddNumberToObject(o, "invalidated", (double)st.invalidated);
  cJSON_AddNumberToObject(o, "entries", (double)st.entries);
  cJSON_AddNumberToObject(o, "bytes", (double)st.bytes);
  cJSON_AddNumberToObject(o, "maxBytesAllInstances",
                          (double)bm_cache_max_bytes(e->cache));
}

void bm__call_instance_stats(const bm_call *c, int instance, cJSON *into)
{
  const instance_state *s = &c->engine->inst[instance];
  cJSON *q = cJSON_AddObjectToObject(into, "quota");

  if (s->quota_limit >= 0) {
    cJSON_AddNumberToObject(q, "limitPerHour", (double)s->quota_limit);
    cJSON_AddNumberToObject(q, "remaining", (double)s->quota_remaining);
  }
  cJSON_AddNumberToObject(into, "requests", (double)s->requests);
  cJSON_AddNumberToObject(into, "retries", (double)s->retries);
  add_http_policy(c->engine, instance, into);
  add_cache_stats(c->engine, instance, into);
}

int bm__call_tool_available(const bm_call *c, const char *tool_name)
{
  const bm_tool *t = bm_catalog_find(tool_name);
  const bm_config *cfg = c->engine->cfg;

  return t && bm_tool_listed(t, cfg->profile, bm__all_read_only(cfg));
}

/* Delivers a final reply to the step of its call. */
static void deliver(bm_engine *e, request *q, bm_http_result *hr)
{
  bm_call *c = q->call;
  bm_reply r;
  bm_buf err;

  memset(&r, 0, sizeof r);
  r.tag = q->tag;
  r.status = hr->status;
  r.json = hr->json;
  r.data = cJSON_GetObjectItemCaseSensitive(hr->json, "data");
  if (!r.data)
    r.data = hr->json;
  bm_buf_init(&err, 4096);
  if (hr->outcome != BM_HTTP_OK) {
    bm__http_error_text(&err, hr, &e->cfg->instances[q->instance], q->method,
                        q->path);
    /* A DELETE repeated after a lost answer finds nothing to delete when
     * the lost attempt did the work: say so rather than a bare 404. */
    if (hr->status == 404 && q->maybe_applied &&
        strcmp(q->method, "DELETE") == 0)
      bm_buf_adds(&err, ". An earlier attempt whose answer was lost has "
                        "probably removed it already");
    r.error = err.failed ? "BusinessMap API error" : err.data;
  }
  c->pending--;
  c->tool->step ? c->tool->step(c, &r) : bm__step_single(c, &r);
  if (c->finished)
    bm__call_release(c);
  bm_buf_free(&err);
}

/* Cache hits found while steps ran, delivered now that they returned.
 * A step may send again and hit again; the loop takes those too. */
static void deliver_hits(bm_engine *e)
{
  request *q;

  for (;;) {
    bm_http_result hr;

    for (q = e->requests; q && q->state != REQ_READY; q = q->next)
      ;
    if (!q)
      return;
    unlink_request(e, q);
    bm__http_read(&hr, q->hit_status, NULL, 0, q->hit, q->hit_len, e->now);
    deliver(e, q, &hr);
    bm__http_result_free(&hr);
    request_free(q);
  }
}

/* Gives the answer of leader to every GET that waited on it, each with
 * its own parse of the body, so that no step sees another's tree. */
static void answer_followers(bm_engine *e, request *leader, int status,
                             const char *meta, size_t meta_len,
                             const char *body, size_t body_len)
{
  request *f;

  while (leader->followers > 0) {
    bm_http_result hr;

    for (f = e->requests; f; f = f->next)
      if (f->state == REQ_SHARED && f->leader == leader)
        break;
    assert(f);
    if (!f)
      return;
    unlink_request(e, f);
    bm__http_read(&hr, status, meta, meta_len, body, body_len, e->now);
    deliver(e, f, &hr);
    bm__http_result_free(&hr);
    release(f);
  }
}

static void note_quota(bm_engine *e, int instance, const bm_http_result *r)
{
  instance_state *s = &e->inst[instance];
  double used;

  if (r->quota_limit <= 0 || r->quota_remaining < 0)
    return;
  s->quota_limit = r->quota_limit;
  s->quota_remaining = r->quota_remaining;
  used = 1.0 - (double)r->quota_remaining / (double)r->quota_limit;
  if (used >= 0.8 && !s->quota_warned) {
    bm__log(e, "warn",
            "instance '%s' has used %.0f%% of its hourly API "
            "quota (%lld of %lld left)",
            e->cfg->instances[instance].name, used * 100, r->quota_remaining,
            r->quota_limit);
    s->quota_warned = 1;
  } else if (used < 0.8) {
    s->quota_warned = 0;
  }
}

/* The limit is the account's (API reference §5): after a rate-limited
 * answer the instance sends nothing new until the longest wait is over.
 * The hold ends when its timer fires, not by the clock, so a host whose
 * timers run early cannot strand queued requests. */
static void hold_instance(bm_engine *e, const request *q,
                          const bm_http_result *hr, long long wait)
{
  instance_state *s = &e->inst[q->instance];

  if (hr->outcome != BM_HTTP_RATE_LIMIT)
    return;
  if (!s->hold_timer || e->now + (double)wait >= s->hold_until) {
    s->hold_timer = q->timer;
    s->hold_until = e->now + (double)wait;
  }
}

/* Decides between a retry and delivery; returns 1 when retried. */
static int maybe_retry(bm_engine *e, request *q, const bm_http_result *hr)
{
  const bm_policy *p = &e->cfg->instances[q->instance].policy;
  long long wait;

  if (hr->outcome == BM_HTTP_OK || hr->outcome == BM_HTTP_FAILED)
    return 0;
  if (q->attempt >= p->max_retries)
    return 0;
  if (hr->outcome == BM_HTTP_TRANSIENT && !bm__http_idempotent(q->method))
    return 0;
  q->attempt++;
  q->maybe_applied |= hr->outcome == BM_HTTP_TRANSIENT;
  e->inst[q->instance].retries++;
  wait = bm__http_backoff_ms(hr, q->attempt, p->max_backoff_ms, next_random(e));
  q->state = REQ_WAITING;
  q->timer = ++e->next_id;
  hold_instance(e, q, hr, wait);
  section_sep(&e->timers);
  bm_buf_addf(&e->timers, "{\"id\":%d,\"delayMs\":%lld}", q->timer, wait);
  bm__log(e, "info", "instance '%s': %s %.*s %s; retry %d of %d in %lld ms",
          e->cfg->instances[q->instance].name, q->method,
          (int)strcspn(q->path, "?"), q->path,
          hr->outcome == BM_HTTP_RATE_LIMIT ? "rate-limited" : "failed",
          q->attempt, p->max_retries, wait);
  return 1;
}

const char *bm_engine_http_response(bm_engine *e, double now_ms, int id,
                                    int status, const char *meta,
                                    size_t meta_len, const char *body,
                                    size_t body_len, size_t *out_len)
{
  bm_http_result hr;
  request *q;
  int instance;

  begin_feed(e, now_ms);
  for (q = e->requests; q; q = q->next)
    if (q->state == REQ_INFLIGHT && q->id == id)
      break;
  if (!q) {
    bm__log(e, "debug", "response for unknown request %d ignored", id);
    return end_feed(e, out_len);
  }
  e->inst[q->instance].inflight--;
  bm__http_read(&hr, status, meta, meta_len, body, body_len, now_ms);
  note_quota(e, q->instance, &hr);
  bm__log(e, "debug", "%s %s %.*s -> %d in %.0f ms", q->method,
          e->cfg->instances[q->instance].name, (int)strcspn(q->path, "?"),
          q->path, status, now_ms - q->sent_ms);
  instance = q->instance;
  cache_write(e, q, &hr);
  if ((!q->call && !q->followers) || !maybe_retry(e, q, &hr)) {
    unlink_request(e, q);
    if (hr.outcome == BM_HTTP_OK)
      cache_store(e, q, status, body, body_len);
    answer_followers(e, q, status, meta, meta_len, body, body_len);
    if (q->call)
      deliver(e, q, &hr);
    request_free(q);
  }
  bm__http_result_free(&hr);
  pump(e, instance);
  return end_feed(e, out_len);
}

const char *bm_engine_timer(bm_engine *e, double now_ms, int id,
                            size_t *out_len)
{
  request *q;
  int i;

  begin_feed(e, now_ms);
  for (q = e->requests; q; q = q->next)
    if (q->state == REQ_WAITING && q->timer == id)
      break;
  if (q)
    q->state = REQ_QUEUED; /* first in line: it keeps its place */
  for (i = 0; i < e->cfg->ninstances; i++)
    if (e->inst[i].hold_timer == id) {
      e->inst[i].hold_timer = 0;
      pump(e, i);
    }
  if (q)
    pump(e, q->instance);
  return end_feed(e, out_len);
}

/* ---- tools/call ------------------------------------------------------- */

/* Trims and strips NULs from a requested instance name. */
static int clean_instance(const cJSON *v, char *out, size_t n)
{
  const char *s = v->valuestring;
  size_t len = 0, i, start = 0;

  for (i = 0; s[i] && len + 1 < n; i++)
    out[len++] = s[i];
  out[len] = '\0';
  while (start < len && (out[start] == ' ' || out[start] == '\t'))
    start++;
  while (len > start && (out[len - 1] == ' ' || out[len - 1] == '\t'))
    len--;
  memmove(out, out + start, len - start);
  out[len - start] = '\0';
  return len - start >= 1 && len - start <= 100;
}

static void list_instance_names(bm_buf *b, const bm_config *cfg)
{
  int i;

  for (i = 0; i < cfg->ninstances && i < 20; i++)
    bm_buf_addf(b, "%s%s", i ? ", " : "", cfg->instances[i].name);
  if (cfg->ninstances > 20)
    bm_buf_addf(b, ", and %d more", cfg->ninstances - 20);
}

/* Resolves the instance of a call; -1 after replying with the error. */
static int resolve_instance(bm_engine *e, const cJSON *id, const cJSON *args)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, "instance");
  char name[128];
  int idx;

  if (!v || cJSON_IsNull(v))
    return e->cfg->default_index;
  if (!cJSON_IsString(v) || !clean_instance(v, name, sizeof name)) {
    reply_tool(e, id,
               "Invalid argument 'instance': must be an instance "
               "name of 1 to 100 characters",
               1);
    return -1;
  }
  idx = bm_config_find(e->cfg, name);
  if (idx >= 0)
    return idx;
  bm_buf_reset(&e->scratch);
  bm_buf_addf(&e->scratch,
              "Instance '%.100s' not found. Available "
              "instances: ",
              name);
  list_instance_names(&e->scratch, e->cfg);
  reply_tool(e, id, e->scratch.failed ? "Instance not found" : e->scratch.data,
             1);
  return -1;
}

static int free_call_slot(bm_engine *e)
{
  int i;

  for (i = 0; i < BM_MAX_CALLS; i++)
    if (!e->calls[i])
      return i;
  return -1;
}

int bm__all_read_only(const bm_config *cfg)
{
  int i;

  if (cfg->read_only)
    return 1;
  for (i = 0; i < cfg->ninstances; i++)
    if (!cfg->instances[i].read_only)
      return 0;
  return cfg->ninstances > 0;
}

/* Starts a call that answers id. With a uri, it answers resources/read
 * instead of tools/call. */
static void start_call(bm_engine *e, const cJSON *id, const bm_tool *t,
                       int instance, cJSON *args, const char *uri,
                       const char *next_template)
{
  call_slot *s;
  int slot = free_call_slot(e);

  if (slot < 0) {
    cJSON_Delete(args);
    bm__reply_error(e, id, -32603,
                    "too many calls in progress; try again "
                    "when some have finished");
    return;
  }
  s = calloc(1, sizeof *s);
  if (!s || !(s->rpc_id = cJSON_Duplicate(id, 1)) ||
      (uri && !(s->uri = bm__strdup(uri)))) {
    if (s)
      cJSON_Delete(s->rpc_id);
    free(s);
    cJSON_Delete(args);
    bm__reply_error(e, id, -32603, "the server ran out of memory");
    return;
  }
  s->next_template = next_template;
  s->call.engine = e;
  s->call.tool = t;
  s->call.instance = instance;
  s->call.args = args;
  e->calls[slot] = &s->call;
  t->step ? t->step(&s->call, NULL) : bm__step_single(&s->call, NULL);
  if (s->call.finished)
    bm__call_release(&s->call);
}

/* Frees a finished call once no reply can reach it. */
void bm__call_release(bm_call *c)
{
  call_slot *s = (call_slot *)c;

  cJSON_Delete(s->rpc_id);
  free(s->uri);
  call_free(c);
}

void bm__tools_call(bm_engine *e, const cJSON *id, const cJSON *params)
{
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(params, "name");
  const cJSON *args = cJSON_GetObjectItemCaseSensitive(params, "arguments");
  const bm_tool *t;
  bm_buf err;
  cJSON *clean = NULL;
  int instance = -1;

  if (!cJSON_IsString(name)) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: 'name' must be a "
                    "string");
    return;
  }
  t = bm_catalog_find(name->valuestring);
  if (!t || !bm_tool_callable(t, e->cfg->profile)) {
    bm_buf_reset(&e->scratch);
    bm_buf_addf(&e->scratch, "Unknown tool: %.100s", name->valuestring);
    if (t)
      bm_buf_addf(&e->scratch, " (not in the '%s' profile)",
                  bm_profile_name(e->cfg->profile));
    bm__reply_error(e, id, -32602, e->scratch.data);
    return;
  }
  if (args && !cJSON_IsNull(args) && !cJSON_IsObject(args)) {
    bm__reply_error(e, id, -32602,
                    "Invalid params: 'arguments' must be an "
                    "object");
    return;
  }
  if (!t->instance_tool) {
    instance = resolve_instance(e, id, args);
    if (instance < 0)
      return;
    if (bm_tool_mutates(t) &&
        (e->cfg->read_only || e->cfg->instances[instance].read_only)) {
      bm_buf_reset(&e->scratch);
      bm_buf_addf(&e->scratch,
                  "Cannot %s in read-only mode (instance "
                  "'%s')",
                  t->name, e->cfg->instances[instance].name);
      reply_tool(e, id, e->scratch.data, 1);
      return;
    }
  }
  bm_buf_init(&err, 2048);
  if (bm_args_check(t, args, &clean, &err) < 0) {
    reply_tool(e, id, err.failed ? "Invalid arguments" : err.data, 1);
    bm_buf_free(&err);
    return;
  }
  bm_buf_free(&err);
  start_call(e, id, t, instance, clean, NULL, NULL);
}

/* Runs tool t inside call c (the compact profile's call_operation) with
 * the same rules as a direct tools/call: an "instance" inside args picks
 * the instance, a read-only instance refuses writes, args are checked. */
int bm__call_delegate(bm_call *c, const bm_tool *t, const cJSON *args)
{
  bm_engine *e = c->engine;
  const cJSON *inst = cJSON_GetObjectItemCaseSensitive(args, "instance");
  cJSON *clean = NULL;
  bm_buf err;

  if (args && !cJSON_IsNull(args) && !cJSON_IsObject(args)) {
    bm__call_fail(c, "Invalid argument 'arguments': must be an object");
    return -1;
  }
  if (cJSON_IsString(inst)) {
    int idx = bm_config_find(e->cfg, inst->valuestring);

    if (idx < 0) {
      bm__call_fail(c, "Instance '%.100s' not found", inst->valuestring);
      return -1;
    }
    c->instance = idx;
  }
  if (bm_tool_mutates(t) &&
      (e->cfg->read_only || e->cfg->instances[c->instance].read_only)) {
    bm__call_fail(c, "Cannot %s in read-only mode (instance '%s')", t->name,
                  e->cfg->instances[c->instance].name);
    return -1;
  }
  bm_buf_init(&err, 2048);
  if (bm_args_check(t, args, &clean, &err) < 0) {
    bm__call_fail(c, "%s", err.failed ? "Invalid arguments" : err.data);
    bm_buf_free(&err);
    return -1;
  }
  bm_buf_free(&err);
  cJSON_Delete(c->args);
  c->args = clean;
  c->tool = t;
  t->step ? t->step(c, NULL) : bm__step_single(c, NULL);
  return 0;
}

void bm__resource_call(bm_engine *e, const cJSON *id, const char *tool,
                       int instance, const char *args_json, const char *uri,
                       const char *next_template)
{
  const bm_tool *t = bm_catalog_find(tool);
  cJSON *args = cJSON_Parse(args_json), *clean = NULL;
  bm_buf err;

  bm_buf_init(&err, 2048);
  if (!t || !args || bm_args_check(t, args, &clean, &err) < 0) {
    bm__reply_error(e, id, -32602,
                    err.data && err.len ? err.data : "Invalid params");
    cJSON_Delete(args);
    bm_buf_free(&err);
    return;
  }
  cJSON_Delete(args);
  bm_buf_free(&err);
  start_call(e, id, t, instance, clean, uri, next_template);
}

/* ---- messages --------------------------------------------------------- */

static const char *negotiate(const cJSON *params)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, "protocolVersion");
  size_t i;

  if (cJSON_IsString(v))
    for (i = 0; i < sizeof protocol_versions / sizeof *protocol_versions; i++)
      if (strcmp(v->valuestring, protocol_versions[i]) == 0)
        return protocol_versions[i];
  return protocol_versions[0];
}

int bm_protocol_supported(const char *version)
{
  size_t i;

  for (i = 0; i < sizeof protocol_versions / sizeof *protocol_versions; i++)
    if (strcmp(version, protocol_versions[i]) == 0)
      return 1;
  return 0;
}

static void initialize(bm_engine *e, const cJSON *id, const cJSON *params)
{
  cJSON *res = cJSON_CreateObject();
  cJSON *caps = cJSON_AddObjectToObject(res, "capabilities");
  cJSON *info;

  snprintf(e->protocol, sizeof e->protocol, "%s", negotiate(params));
  e->initialized = 1;
  cJSON_AddStringToObject(res, "protocolVersion", e->protocol);
  bm__mcp_capabilities(caps);
  info = cJSON_AddObjectToObject(res, "serverInfo");
  cJSON_AddStringToObject(info, "name", e->server_name);
  cJSON_AddStringToObject(info, "version", e->server_version);
  bm_buf_reset(&e->scratch);
  bm__mcp_instructions(e->cfg, &e->scratch);
  cJSON_AddStringToObject(res, "instructions", e->scratch.data);
  bm__reply_result(e, id, res);
}

/* The id rules of JSON-RPC 2.0 §4: a string, a number, or null. A number
 * too large for a double (1e400) could not be echoed, so it is refused. */
static int valid_id(const cJSON *id)
{
  return cJSON_IsString(id) ||
         (cJSON_IsNumber(id) && isfinite(id->valuedouble));
}

static void handle(bm_engine *e, cJSON *msg)
{
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
  const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc");
  const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
  const char *m;

  if (!cJSON_IsObject(msg) || !cJSON_IsString(ver) ||
      strcmp(ver->valuestring, "2.0") != 0) {
    bm__reply_error(e, valid_id(id) ? id : NULL, -32600,
                    "Invalid Request: expected a JSON-RPC 2.0 object");
    return;
  }
  if (!method) {
    /* A response from the client; the server sends no requests. */
    if (cJSON_GetObjectItemCaseSensitive(msg, "result") ||
        cJSON_GetObjectItemCaseSensitive(msg, "error"))
      return;
    bm__reply_error(e, valid_id(id) ? id : NULL, -32600,
                    "Invalid Request: 'method' is missing");
    return;
  }
  if (!cJSON_IsString(method) || (id && !valid_id(id)) ||
      (params && !cJSON_IsObject(params) && !cJSON_IsArray(params))) {
    bm__reply_error(e, valid_id(id) ? id : NULL, -32600,
                    "Invalid Request: 'method' must be a string, 'id' a "
                    "string or number, 'params' an object");
    return;
  }
  m = method->valuestring;
  if (!id) {
    bm__mcp_notification(e, m, params);
    return;
  }
  if (strcmp(m, "initialize") == 0) {
    initialize(e, id, params);
    return;
  }
  if (strcmp(m, "ping") == 0) {
    bm__reply_result(e, id, cJSON_CreateObject());
    return;
  }
  if (!e->initialized) {
    bm__reply_error(e, id, -32600,
                    "Invalid Request: the server is not "
                    "initialized; send 'initialize' first");
    return;
  }
  bm__mcp_request(e, id, m, params);
}

/* True when valid JSON text holds a \u0000 escape. cJSON would cut the
 * string there, so "ping\u0000x" would be read as "ping" and an instance
 * "a\u0000b" as "a"; such text is refused instead. */
static int has_nul_escape(const char *s, size_t len)
{
  size_t i;

  for (i = 0; i + 5 < len; i++)
    if (s[i] == '\\') {
      if (s[i + 1] == 'u' && memcmp(s + i + 2, "0000", 4) == 0)
        return 1;
      i++; /* the escaped character cannot start another escape */
    }
  return 0;
}

const char *bm_engine_message(bm_engine *e, double now_ms, const char *msg,
                              size_t len, size_t *out_len)
{
  const char *end = NULL, *what = NULL;
  size_t off = 0;
  cJSON *json;

  begin_feed(e, now_ms);
  if (len > BM_MAX_MESSAGE_BYTES) {
    bm__reply_error(e, NULL, -32600,
                    "Invalid Request: the message is "
                    "larger than the server accepts");
    return end_feed(e, out_len);
  }
  /* cJSON accepts raw control characters and bad UTF-8 in strings; the
   * strict RFC 8259 check refuses them, and too deep nesting, with a
   * reason a client can act on (JSON-RPC 2.0 §5.1, -32700). */
  if (bm__json_check(msg, len, &off, &what) != 0) {
    bm_buf_reset(&e->scratch);
    bm_buf_addf(&e->scratch, "Parse error: %s (at byte %zu)",
                what ? what : "the message is not valid JSON", off);
    bm__reply_error(e, NULL, -32700,
                    e->scratch.failed ? "Parse error" : e->scratch.data);
    return end_feed(e, out_len);
  }
  if (has_nul_escape(msg, len)) {
    bm__reply_error(e, NULL, -32600,
                    "Invalid Request: strings must not "
                    "contain U+0000");
    return end_feed(e, out_len);
  }
  json = cJSON_ParseWithLengthOpts(msg, len, &end, 0);
  if (!json) {
    bm__reply_error(e, NULL, -32700,
                    "Parse error: the message is not "
                    "valid JSON");
    return end_feed(e, out_len);
  }
  if (end && (size_t)(end - msg) < len) {
    const char *p = end;

    while ((size_t)(p - msg) < len &&
           (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
      p++;
    if ((size_t)(p - msg) < len) {
      cJSON_Delete(json);
      bm__reply_error(e, NULL, -32700,
                      "Parse error: text after the JSON "
                      "value");
      return end_feed(e, out_len);
    }
  }
  if (cJSON_IsArray(json))
    bm__reply_error(e, NULL, -32600,
                    "Invalid Request: batches are not "
                    "supported");
  else
    handle(e, json);
  cJSON_Delete(json);
  return end_feed(e, out_len);
}

/* ---- life ------------------------------------------------------------- */

static const char *env_str(const cJSON *env, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(env, name);

  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void load_config(bm_engine *e, const cJSON *start)
{
  const cJSON *env = cJSON_GetObjectItemCaseSensitive(start, "env");
  const cJSON *vars = cJSON_GetObjectItemCaseSensitive(start, "setVars");
  const cJSON *text = cJSON_GetObjectItemCaseSensitive(start, "configText");
  const cJSON *src = cJSON_GetObjectItemCaseSensitive(start, "configSource");
  const cJSON *check =
      cJSON_GetObjectItemCaseSensitive(start, "checkTokenVars");
  const char **names = NULL;
  bm_config_env ce;
  const cJSON *v;
  int n = 0;

  memset(&ce, 0, sizeof ce);
  ce.api_url = env_str(env, "BUSINESSMAP_API_URL");
  ce.read_only = env_str(env, "BUSINESSMAP_READ_ONLY_MODE");
  ce.default_workspace = env_str(env, "BUSINESSMAP_DEFAULT_WORKSPACE_ID");
  ce.tool_profile = env_str(env, "BUSINESSMAP_TOOL_PROFILE");
  ce.allow_insecure = env_str(env, "ALLOW_INSECURE_LOCALHOST");
  ce.check_token_vars = !cJSON_IsFalse(check);
  if (cJSON_IsArray(vars)) {
    names = calloc((size_t)cJSON_GetArraySize(vars) + 1, sizeof *names);
    cJSON_ArrayForEach (v, vars)
      if (names && cJSON_IsString(v))
        names[n++] = v->valuestring;
  }
  ce.set_vars = names;
  ce.nset_vars = n;
  e->cfg =
      bm_config_load(cJSON_IsString(text) ? text->valuestring : NULL,
                     cJSON_IsString(text) ? strlen(text->valuestring) : 0,
                     cJSON_IsString(src) ? src->valuestring : "config", &ce);
  free(names);
}

bm_engine *bm_engine_new(const char *startup, size_t len)
{
  bm_engine *e = calloc(1, sizeof *e);
  cJSON *start;
  const cJSON *v;
  int i;

  if (!e)
    return NULL;
  bm_buf_init(&e->msgs, BM_MAX_OUTPUT_BYTES);
  bm_buf_init(&e->http, BM_MAX_OUTPUT_BYTES);
  bm_buf_init(&e->timers, 1u << 20);
  bm_buf_init(&e->cancels, 1u << 20);
  bm_buf_init(&e->logs, 4u << 20);
  bm_buf_init(&e->out, BM_MAX_OUTPUT_BYTES * 2);
  bm_buf_init(&e->scratch, BM_MAX_OUTPUT_BYTES);
  start = cJSON_ParseWithLength(startup, len);
  load_config(e, start);
  snprintf(e->server_name, sizeof e->server_name, "%s", "businessmap-mcp");
  snprintf(e->server_version, sizeof e->server_version, "%s", "0.1.0");
  v = cJSON_GetObjectItemCaseSensitive(start, "serverVersion");
  if (cJSON_IsString(v))
    snprintf(e->server_version, sizeof e->server_version, "%s", v->valuestring);
  v = cJSON_GetObjectItemCaseSensitive(start, "seed");
  /* Converting a double outside [0, 2^64) is undefined behaviour. */
  e->client_log_level = -1;
  e->rng = cJSON_IsNumber(v) && v->valuedouble >= 0 &&
                   v->valuedouble < 18446744073709551616.0
               ? (unsigned long long)v->valuedouble
               : 0;
  e->rng = e->rng * 6364136223846793005ULL + 1442695040888963407ULL;
  cJSON_Delete(start);
  if (!e->cfg) {
    bm_engine_free(e);
    return NULL;
  }
  e->inst = calloc((size_t)e->cfg->ninstances + 1, sizeof *e->inst);
  if (!e->inst) {
    bm_engine_free(e);
    return NULL;
  }
  for (i = 0; i < e->cfg->ninstances; i++)
    e->inst[i].quota_limit = e->inst[i].quota_remaining = -1;
  /* Without memory for it the engine runs uncached rather than not. */
  e->cache = bm_cache_new(e->cfg->cache_max_bytes, e->cfg->ninstances);
  return e;
}

void bm_engine_free(bm_engine *e)
{
  int i;

  if (!e)
    return;
  for (i = 0; i < BM_MAX_CALLS; i++)
    if (e->calls[i])
      bm__call_release(e->calls[i]);
  while (e->requests) {
    request *q = e->requests;

    e->requests = q->next;
    request_free(q);
  }
  bm_config_free(e->cfg);
  bm_cache_free(e->cache);
  free(e->inst);
  bm_buf_free(&e->msgs);
  bm_buf_free(&e->http);
  bm_buf_free(&e->timers);
  bm_buf_free(&e->cancels);
  bm_buf_free(&e->logs);
  bm_buf_free(&e->out);
  bm_buf_free(&e->scratch);
  free(e);
}

int bm_engine_config_ok(const bm_engine *e)
{
  return e->cfg && e->cfg->nproblems == 0;
}

const bm_config *bm_engine_config(const bm_engine *e)
{
  return e->cfg;
}

const char *bm_engine_problems(bm_engine *e, size_t *len)
{
  const bm_config *c = e->cfg;
  int i;

  bm_buf_reset(&e->out);
  bm_buf_addc(&e->out, '[');
  for (i = 0; c && i < c->nproblems; i++) {
    const bm_problem *p = &c->problems[i];

    bm_buf_addf(&e->out, "%s{\"code\":\"%s\",\"path\":", i ? "," : "",
                bm_code_name(p->code));
    bm_buf_add_json_str(&e->out, p->path, strlen(p->path));
    bm_buf_addf(&e->out, ",\"line\":%d,\"col\":%d,\"message\":", p->line,
                p->col);
    bm_buf_add_json_str(&e->out, p->message, strlen(p->message));
    bm_buf_addc(&e->out, '}');
  }
  bm_buf_addc(&e->out, ']');
  *len = e->out.len;
  return e->out.data;
}
