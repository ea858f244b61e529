/*
 * http.c - reading API responses and the retry rules of the API reference
 * (§2.2 errors, §5 rate limits). See http.h.
 */
#include "http.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* A day: no Retry-After is taken to mean longer (the wait is capped far
 * lower by the policy). */
#define RETRY_AFTER_MAX_S 86400LL

static int ieq_prefix(const char *s, const char *prefix)
{
  for (; *prefix; s++, prefix++)
    if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
      return 0;
  return 1;
}

static int contains_ci(const char *s, const char *needle)
{
  for (; *s; s++)
    if (ieq_prefix(s, needle))
      return 1;
  return 0;
}

static const char *header(const cJSON *meta, const char *name)
{
  const cJSON *h = cJSON_GetObjectItemCaseSensitive(meta, "headers");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, name);

  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long long header_int(const cJSON *meta, const char *name)
{
  const char *s = header(meta, name);
  char *end;
  long long v;

  if (!s)
    return -1;
  v = strtoll(s, &end, 10);
  return end == s ? -1 : v;
}

static const int month_days[] = { 0,   31,  59,  90,  120, 151,
                                  181, 212, 243, 273, 304, 334 };

/* The fields of an HTTP-date, in any of the three forms of RFC 9110
 * §5.6.7 that a recipient must accept. 0 when s is none of them. */
static int date_fields(const char *s, int *day, char mon[4], int *year, int *hh,
                       int *mm, int *ss)
{
  const char *comma = strchr(s, ',');
  int n = -1;

  if (comma && comma - s == 3) { /* Sun, 06 Nov 1994 08:49:37 GMT */
    if (sscanf(comma + 1, " %2d %3c %4d %2d:%2d:%2d GMT%n", day, mon, year, hh,
               mm, ss, &n) != 6)
      return 0;
  } else if (comma) { /* Sunday, 06-Nov-94 08:49:37 GMT */
    if (sscanf(comma + 1, " %2d-%3c-%2d %2d:%2d:%2d GMT%n", day, mon, year, hh,
               mm, ss, &n) != 6)
      return 0;
    *year += *year < 70 ? 2000 : 1900;
  } else { /* Sun Nov  6 08:49:37 1994 */
    if (sscanf(s, "%*3s %3c %2d %2d:%2d:%2d %4d%n", mon, day, hh, mm, ss, year,
               &n) != 6)
      return 0;
  }
  return n > 0 && s[(comma ? comma + 1 - s : 0) + n] == '\0';
}

double bm__http_date_ms(const char *s)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  char mon[4] = { 0 };
  int day, year, hh, mm, ss, m;
  long long days;
  const char *p;

  if (!s || !date_fields(s, &day, mon, &year, &hh, &mm, &ss))
    return -1;
  p = strstr(months, mon);
  if (!p || (p - months) % 3 || year < 1970 || year > 9999 || day < 1 ||
      day > 31 || hh > 23 || mm > 59 || ss > 60 || hh < 0 || mm < 0 || ss < 0)
    return -1;
  m = (int)(p - months) / 3;
  days = (long long)(year - 1970) * 365 + (year - 1969) / 4 -
         (year - 1901) / 100 + (year - 1601) / 400;
  days += month_days[m] + day - 1;
  if (m > 1 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    days++;
  return ((double)days * 86400.0 + hh * 3600 + mm * 60 + ss) * 1000.0;
}

/* Retry-After in milliseconds: delay-seconds (digits only) or an
 * HTTP-date; -1 when absent or unreadable. A huge value is clamped; the
 * engine caps the wait anyway. */
static long long retry_after(const cJSON *meta, double now_ms)
{
  const char *s = header(meta, "retry-after");
  long long secs = 0;
  double at;
  size_t i;

  if (!s)
    return -1;
  while (*s == ' ' || *s == '\t')
    s++;
  for (i = 0; s[i] >= '0' && s[i] <= '9'; i++)
    if (secs < RETRY_AFTER_MAX_S)
      secs = secs * 10 + (s[i] - '0');
  if (i > 0 && s[i + strspn(s + i, " \t")] == '\0')
    return (secs < RETRY_AFTER_MAX_S ? secs : RETRY_AFTER_MAX_S) * 1000;
  at = bm__http_date_ms(s);
  if (at < 0)
    return -1;
  if (at - now_ms > RETRY_AFTER_MAX_S * 1000.0)
    return RETRY_AFTER_MAX_S * 1000;
  return at > now_ms ? (long long)(at - now_ms) : 0;
}

/* Copies the API's error code and message, dropping a leading "CODE - ". */
static void read_api_error(bm_http_result *r)
{
  const cJSON *err = cJSON_GetObjectItemCaseSensitive(r->json, "error");
  const cJSON *code, *msg;
  const char *m;
  size_t n;

  if (cJSON_IsString(err)) {
    /* {"error":"RL02"} is a code; a sentence is a message. */
    if (strlen(err->valuestring) < sizeof r->api_code &&
        !strchr(err->valuestring, ' '))
      snprintf(r->api_code, sizeof r->api_code, "%s", err->valuestring);
    else
      snprintf(r->api_message, sizeof r->api_message, "%s", err->valuestring);
    return;
  }
  if (!cJSON_IsObject(err)) {
    msg = cJSON_GetObjectItemCaseSensitive(r->json, "message");
    if (cJSON_IsString(msg))
      snprintf(r->api_message, sizeof r->api_message, "%s", msg->valuestring);
    return;
  }
  code = cJSON_GetObjectItemCaseSensitive(err, "code");
  msg = cJSON_GetObjectItemCaseSensitive(err, "message");
  if (cJSON_IsString(code))
    snprintf(r->api_code, sizeof r->api_code, "%s", code->valuestring);
  else if (cJSON_IsNumber(code))
    snprintf(r->api_code, sizeof r->api_code, "%.0f", code->valuedouble);
  if (!cJSON_IsString(msg))
    return;
  m = msg->valuestring;
  n = strlen(r->api_code);
  if (n && strncmp(m, r->api_code, n) == 0) {
    m += n;
    while (*m == ' ' || *m == '-' || *m == ':')
      m++;
  }
  snprintf(r->api_message, sizeof r->api_message, "%s", m);
}

/*
 * A 2xx whose body cannot be read: the request was applied, but the
 * answer was cut short or is not JSON, which is a transport failure
 * (an idempotent request may be sent again). One past the size cap is
 * final.
 */
static void read_2xx(bm_http_result *r, size_t body_len)
{
  r->outcome = BM_HTTP_OK;
  if (!body_len || r->json)
    return;
  if (body_len > BM_MAX_RESPONSE_BYTES) {
    r->outcome = BM_HTTP_FAILED;
    snprintf(r->api_message, sizeof r->api_message, "%s",
             "the response was larger than the server accepts");
    return;
  }
  r->outcome = BM_HTTP_TRANSIENT;
  snprintf(r->api_message, sizeof r->api_message, "%s",
           "the response was cut short or was not valid JSON");
}

static int is_rate_limited(const bm_http_result *r)
{
  if (r->status == 429)
    return 1;
  if (strcmp(r->api_code, "RL02") == 0)
    return 1;
  return contains_ci(r->api_message, "rate limit") ||
         contains_ci(r->api_message, "request limit");
}

void bm__http_read(bm_http_result *r, int status, const char *meta,
                   size_t meta_len, const char *body, size_t body_len,
                   double now_ms)
{
  cJSON *m = NULL;
  const char *end = NULL;
  const cJSON *e;

  memset(r, 0, sizeof *r);
  r->status = status;
  r->retry_after_ms = -1;
  if (meta && meta_len)
    m = cJSON_ParseWithLengthOpts(meta, meta_len, &end, 0);
  r->quota_limit = header_int(m, "x-ratelimitperhour-limit");
  r->quota_remaining = header_int(m, "x-ratelimitperhour-remaining");
  r->retry_after_ms = retry_after(m, now_ms);
  e = cJSON_GetObjectItemCaseSensitive(m, "error");
  if (cJSON_IsString(e))
    snprintf(r->net_error, sizeof r->net_error, "%s", e->valuestring);
  cJSON_Delete(m);

  if (body && body_len && body_len <= BM_MAX_RESPONSE_BYTES)
    r->json = cJSON_ParseWithLengthOpts(body, body_len, &end, 0);

  if (status == 0) {
    if (!r->net_error[0])
      snprintf(r->net_error, sizeof r->net_error, "network");
    /* An answer too large to take will be as large the next time. */
    r->outcome = strcmp(r->net_error, "too_large") == 0 ? BM_HTTP_FAILED
                                                        : BM_HTTP_TRANSIENT;
    return;
  }
  if (status >= 200 && status < 300) {
    read_2xx(r, body_len);
    return;
  }
  read_api_error(r);
  if (is_rate_limited(r))
    r->outcome = BM_HTTP_RATE_LIMIT;
  else if (status >= 500)
    r->outcome = BM_HTTP_TRANSIENT;
  else
    r->outcome = BM_HTTP_FAILED;
}

void bm__http_result_free(bm_http_result *r)
{
  cJSON_Delete(r->json);
  r->json = NULL;
}

int bm__http_idempotent(const char *method)
{
  return !strcmp(method, "GET") || !strcmp(method, "PUT") ||
         !strcmp(method, "DELETE");
}

long long bm__http_backoff_ms(const bm_http_result *r, int attempt,
                              long long cap_ms, double random01)
{
  double wait;

  if (r->retry_after_ms >= 0) {
    long long ra = r->retry_after_ms < cap_ms ? r->retry_after_ms : cap_ms;

    return ra + 1000;
  }
  if (attempt < 1)
    attempt = 1;
  wait = 1000.0 * pow(2.0, attempt > 21 ? 20 : attempt - 1);
  if (wait > (double)cap_ms)
    wait = (double)cap_ms;
  return (long long)(wait * (0.5 + random01 / 2));
}

/* The read tool that shows whether a write to path went through. */
static const char *verify_tool(const char *path)
{
  static const struct {
    const char *prefix, *tool;
  } table[] = {
    { "/cards/*/comments", "get_card_comments" },
    { "/cards/*/subtasks", "get_card_subtasks" },
    { "/cards/*/parents", "get_card_parents" },
    { "/cards/*/stickers", "get_card" },
    { "/cards/*", "get_card" },
    { "/cards", "list_cards" },
    { "/boards/*/columns", "get_columns" },
    { "/boards/*/lanes", "get_lanes" },
    { "/boards/*/workflows", "list_workflows" },
    { "/boards", "list_boards" },
    { "/workspaces", "list_workspaces" },
    { "/customFields", "list_custom_fields" },
    { "/personalDocs", "list_personal_docs" },
    { "/docs", "list_docs" },
    { "/tags", "list_cards" },
    { "/users", "list_users" },
  };
  size_t i;

  for (i = 0; i < sizeof table / sizeof table[0]; i++) {
    const char *p = path, *t = table[i].prefix;

    while (*t && *p) {
      if (*t == '*') {
        while (*p && *p != '/' && *p != '?')
          p++;
        t++;
      } else if (*t == *p) {
        t++;
        p++;
      } else {
        break;
      }
    }
    if (!*t && (!*p || *p == '/' || *p == '?'))
      return table[i].tool;
  }
  return "the matching list or get tool";
}

/* The usual reason phrase, for an error the API sent no message with. */
static const char *reason(int status)
{
  static const struct {
    int status;
    const char *text;
  } table[] = {
    { 400, "Bad Request" },        { 401, "Unauthorized" },
    { 403, "Forbidden" },          { 404, "Not Found" },
    { 405, "Method Not Allowed" }, { 409, "Conflict" },
    { 413, "Content Too Large" },  { 422, "Unprocessable Content" },
    { 429, "Too Many Requests" },  { 500, "Internal Server Error" },
    { 502, "Bad Gateway" },        { 503, "Service Unavailable" },
    { 504, "Gateway Timeout" },
  };
  size_t i;

  for (i = 0; i < sizeof table / sizeof table[0]; i++)
    if (table[i].status == status)
      return table[i].text;
  return NULL;
}

/* The name of one item of a path collection ("cards" -> "card"). */
static void add_singular(bm_buf *out, const char *seg, size_t n)
{
  static const struct {
    const char *plural, *one;
  } table[] = {
    { "workspaces", "workspace" },
    { "boards", "board" },
    { "cards", "card" },
    { "comments", "comment" },
    { "subtasks", "subtask" },
    { "columns", "column" },
    { "lanes", "lane" },
    { "workflows", "workflow" },
    { "relatedWorkflows", "related workflow" },
    { "users", "user" },
    { "customFields", "custom field" },
    { "allowedValues", "allowed value" },
    { "docs", "doc" },
    { "personalDocs", "personal doc" },
    { "tags", "tag" },
    { "stickers", "sticker" },
    { "cardTypes", "card type" },
    { "outcomes", "outcome" },
    { "revisions", "revision" },
    { "parents", "parent card" },
    { "children", "child card" },
    { "predecessors", "predecessor" },
    { "successors", "successor" },
    { "linkedCards", "linked card" },
    { "attachments", "attachment" },
  };
  size_t i;

  for (i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strlen(table[i].plural) == n && !memcmp(table[i].plural, seg, n)) {
      bm_buf_adds(out, table[i].one);
      return;
    }
  bm_buf_add(out, seg, n);
}

/*
 * Names what a 404 did not find, innermost first: /cards/5/comments/9
 * gives "comment 9 of card 5". Writes nothing when the path holds no
 * "collection/id" pair (an unknown path such as /info).
 */
static void add_missing(bm_buf *out, const char *path, size_t plen)
{
  const char *seg[16];
  size_t len[16];
  int n = 0, i, named = 0;
  size_t at = 0;

  while (at < plen && n < 16) {
    size_t k;

    while (at < plen && path[at] == '/')
      at++;
    k = at;
    while (k < plen && path[k] != '/')
      k++;
    if (k > at) {
      seg[n] = path + at;
      len[n++] = k - at;
    }
    at = k;
  }
  for (i = n - 1; i >= 1; i--) {
    if (strspn(seg[i], "0123456789") < len[i] || len[i] > 19)
      continue;
    bm_buf_adds(out, named++ ? " of " : "");
    add_singular(out, seg[i - 1], len[i - 1]);
    bm_buf_addf(out, " %.*s", (int)len[i], seg[i]);
    i--;
  }
  if (named)
    bm_buf_adds(out, "; ");
}

/* The text for status 0: no answer came. */
static void add_no_answer(bm_buf *out, const bm_http_result *r,
                          const bm_instance *inst, const char *method,
                          const char *path, size_t plen)
{
  if (!strcmp(r->net_error, "timeout"))
    bm_buf_addf(out,
                "BusinessMap API request timed out after %d ms "
                "(%s %.*s)",
                inst->policy.timeout_ms, method, (int)plen, path);
  else if (!strcmp(r->net_error, "too_large"))
    bm_buf_addf(out,
                "BusinessMap API response was larger than the server "
                "accepts (%s %.*s)",
                method, (int)plen, path);
  else
    bm_buf_addf(out, "BusinessMap API could not be reached (%s; %s %.*s)",
                r->net_error, method, (int)plen, path);
}

/* The text for an HTTP answer: "BusinessMap API <status> <code>: <msg>".
 * A code that only repeats the status is left out. */
static void add_answer(bm_buf *out, const bm_http_result *r,
                       const bm_instance *inst, const char *method,
                       const char *path, size_t plen)
{
  char status[16];
  const char *why = r->api_message[0] ? r->api_message : reason(r->status);

  snprintf(status, sizeof status, "%d", r->status);
  bm_buf_addf(out, "BusinessMap API %d", r->status);
  if (r->api_code[0] && strcmp(r->api_code, status) != 0)
    bm_buf_addf(out, " %s", r->api_code);
  if (r->status == 401)
    bm_buf_addf(out,
                ": the API token of instance '%s' (variable %s) was "
                "rejected",
                inst->name, inst->token_env);
  else if (why)
    bm_buf_addf(out, ": %s", why);
  if (r->status == 404) {
    bm_buf_adds(out, " (not found: ");
    add_missing(out, path, plen);
    bm_buf_addf(out, "%s %.*s)", method, (int)plen, path);
  }
}

void bm__http_error_text(bm_buf *out, const bm_http_result *r,
                         const bm_instance *inst, const char *method,
                         const char *path)
{
  size_t plen = strcspn(path, "?");
  int answered = r->status >= 200 && r->status < 300;

  if (r->status == 0)
    add_no_answer(out, r, inst, method, path, plen);
  else
    add_answer(out, r, inst, method, path, plen);
  if (bm__http_idempotent(method)) {
    if (r->outcome == BM_HTTP_RATE_LIMIT)
      bm_buf_addf(out,
                  ". Instance '%s' is still rate-limited after the "
                  "retries; try again later",
                  inst->name);
    return;
  }
  if (r->outcome == BM_HTTP_RATE_LIMIT)
    bm_buf_addf(out,
                ". Nothing was applied: instance '%s' is still "
                "rate-limited after the retries; try again later",
                inst->name);
  else if (answered)
    bm_buf_addf(out,
                ". The write was applied, but its answer could not "
                "be read; check the result with %s",
                verify_tool(path));
  else if (r->outcome == BM_HTTP_TRANSIENT)
    bm_buf_addf(out,
                ". The write may have been applied; check with %s "
                "before trying again",
                verify_tool(path));
}
