/*
 * http.h - the HTTP policy of the core: what a response means.
 *
 * Owns: reading an API response (envelope, error shapes, rate-limit
 * signals, quota headers), deciding whether a request may be retried and
 * after how long, and writing the error text a model reads. It performs
 * nothing: the engine turns its decisions into effects for the host.
 */
#ifndef BM_HTTP_H
#define BM_HTTP_H

#include "buf.h"
#include "config.h"
#include "cJSON.h"

typedef enum bm_outcome {
  BM_HTTP_OK = 0,     /* 2xx */
  BM_HTTP_RATE_LIMIT, /* refused for the rate limit: not applied */
  BM_HTTP_TRANSIENT,  /* 5xx, network error, timeout: maybe applied */
  BM_HTTP_FAILED      /* any other answer: final */
} bm_outcome;

/* What the engine needs to know about one response. */
typedef struct bm_http_result {
  bm_outcome outcome;
  int status;
  cJSON *json;              /* parsed body or NULL; owned by the result */
  long long retry_after_ms; /* from Retry-After, -1 when absent */
  long long quota_limit;    /* -1 when absent */
  long long quota_remaining;
  char net_error[24];    /* "timeout", "network", ... when status 0 */
  char api_code[32];     /* error.code, when given */
  char api_message[200]; /* error.message, without a repeated code */
} bm_http_result;

/*
 * Reads a response. meta is the host's {"headers": {...}, "error": ...}
 * (may be NULL). now_ms resolves an HTTP-date Retry-After. Never fails:
 * an unreadable body leaves json NULL and, on a 2xx, turns the outcome
 * into BM_HTTP_FAILED with a message.
 */
void bm__http_read(bm_http_result *r, int status, const char *meta,
                   size_t meta_len, const char *body, size_t body_len,
                   double now_ms);

void bm__http_result_free(bm_http_result *r);

/* True for GET, PUT and DELETE: safe to repeat after an unknown outcome. */
int bm__http_idempotent(const char *method);

/*
 * The wait before attempt number `attempt` (1 = the first retry): the
 * Retry-After when given (capped, plus one second), else exponential
 * back-off from one second with jitter in [50 %, 100 %]. random01 is a
 * number in [0, 1) the host supplied.
 */
long long bm__http_backoff_ms(const bm_http_result *r, int attempt,
                              long long cap_ms, double random01);

/*
 * Writes the error text of a failed response into out:
 * "BusinessMap API <status> <code>: <message>", with what a user needs for
 * 401 (which token variable) and 404 (which resource), and for a write
 * with an unknown outcome, the read tool that verifies it.
 */
void bm__http_error_text(bm_buf *out, const bm_http_result *r,
                         const bm_instance *inst, const char *method,
                         const char *path);

/* Parses an HTTP-date (IMF-fixdate) into milliseconds since the epoch;
 * -1 when it is not one. */
double bm__http_date_ms(const char *s);

#endif
