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

static const int month_days[] = {0, 31, 59, 90, 120, 151, 181, 212, 243,
                                 273, 304, 334};

double bm__http_date_ms(const char *s)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  char mon[4] = {0};
  int day, year, hh, mm, ss, m;
  long long days;
  const char *p;

  /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
  if (!s || strlen(s) < 29 || s[3] != ',')
    return -1;
  if (sscanf(s + 5, "%2d %3c %4d %2d:%2d:%2d", &day, mon, &year, &hh, &mm,
             &ss) != 6)
    return -1;
  p = strstr(months, mon);
  if (!p || (p - months) % 3 || year < 1970 || day < 1 || day > 31)
    return -1;
  m = (int)(p - months) / 3;
  days = (long long)(year - 1970) * 365 + (year - 1969) / 4 -
         (year - 1901) / 100 + (year - 1601) / 400;
  days += month_days[m] + day - 1;
  if (m > 1 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    days++;
  return ((double)days * 86400.0 + hh * 3600 + mm * 60 + ss) * 1000.0;
}

static long long retry_after(const cJSON *meta, double now_ms)
{
  const char *s = header(meta, "retry-after");
  char *end;
  double secs, at;

  if (!s)
    return -1;
  secs = strtod(s, &end);
  if (end != s && !*end && secs >= 0 && isfinite(secs))
    return (long long)(secs * 1000);
  at = bm__http_date_ms(s);
  if (at < 0)
    return -1;
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
    snprintf(r->api_code, sizeof r->api_code, "%s", err->valuestring);
    return;
  }
  if (!cJSON_IsObject(err)) {
    msg = cJSON_GetObjectItemCaseSensitive(r->json, "message");
    if (cJSON_IsString(msg))
      snprintf(r->api_message, sizeof r->api_message, "%s",
               msg->valuestring);
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
    r->outcome = BM_HTTP_TRANSIENT;
    return;
  }
  if (status >= 200 && status < 300) {
    r->outcome = BM_HTTP_OK;
    if (body_len && !r->json) {
      r->outcome = BM_HTTP_FAILED;
      snprintf(r->api_message, sizeof r->api_message, "%s",
               body_len > BM_MAX_RESPONSE_BYTES
                   ? "the response was larger than the server accepts"
                   : "the response was not valid JSON");
    }
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
  wait = 1000.0 * pow(2.0, attempt > 20 ? 20 : attempt - 1);
  if (wait > (double)cap_ms)
    wait = (double)cap_ms;
  return (long long)(wait * (0.5 + random01 / 2));
}

/* The read tool that shows whether a write to path went through. */
static const char *verify_tool(const char *path)
{
  static const struct { const char *prefix, *tool; } table[] = {
    {"/cards/*/comments", "get_card_comments"},
    {"/cards/*/subtasks", "get_card_subtasks"},
    {"/cards/*/parents", "get_card_parents"},
    {"/cards/*/stickers", "get_card"},
    {"/cards/*", "get_card"},
    {"/cards", "list_cards"},
    {"/boards/*/columns", "get_columns"},
    {"/boards/*/lanes", "get_lanes"},
    {"/boards/*/workflows", "list_workflows"},
    {"/boards", "list_boards"},
    {"/workspaces", "list_workspaces"},
    {"/customFields", "list_custom_fields"},
    {"/personalDocs", "list_personal_docs"},
    {"/docs", "list_docs"},
    {"/tags", "list_cards"},
    {"/users", "list_users"},
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

void bm__http_error_text(bm_buf *out, const bm_http_result *r,
                         const bm_instance *inst, const char *method,
                         const char *path)
{
  size_t plen = strcspn(path, "?");

  if (r->status == 0) {
    if (!strcmp(r->net_error, "timeout"))
      bm_buf_addf(out, "BusinessMap API request timed out (%s %.*s)",
                  method, (int)plen, path);
    else
      bm_buf_addf(out, "BusinessMap API could not be reached (%s; %s %.*s)",
                  r->net_error, method, (int)plen, path);
  } else {
    bm_buf_addf(out, "BusinessMap API %d", r->status);
    if (r->api_code[0])
      bm_buf_addf(out, " %s", r->api_code);
    if (r->status == 401)
      bm_buf_addf(out, ": the API token of instance '%s' (variable %s) was "
                       "rejected", inst->name, inst->token_env);
    else if (r->api_message[0])
      bm_buf_addf(out, ": %s", r->api_message);
    if (r->status == 404)
      bm_buf_addf(out, " (not found: %s %.*s)", method, (int)plen, path);
  }
  if (r->outcome == BM_HTTP_TRANSIENT && !bm__http_idempotent(method))
    bm_buf_addf(out, ". The write may have been applied; check with %s "
                     "before trying again", verify_tool(path));
}
