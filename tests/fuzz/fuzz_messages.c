/*
 * fuzz_messages.c - libFuzzer target: one engine fed a sequence of
 * arbitrary JSON-RPC messages.
 *
 * The input is split at '\n'; each line is one inbound message, exactly
 * as the stdio transport hands lines over. An optional first line that
 * starts with '#' holds switches instead:
 *   u  do not send initialize first (calls before initialize)
 *   r  BUSINESSMAP_READ_ONLY_MODE=true
 *   s  no file: one instance from BUSINESSMAP_API_URL
 *   e  the essential profile instead of full
 *   c  the compact profile instead of full
 * Every HTTP request the engine asks for is answered at once from a small
 * set of canned API answers (success, error, rate limit), and every retry
 * timer fires, so tool calls run to their end and their results are
 * checked too. Each line is copied into an exactly-sized heap block, so a
 * read past its end is caught by ASan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Rounds of answering per message; a paging flow needs a few. */
#define ROUNDS_MAX 32

typedef struct canned {
  int status;
  const char *meta;
  const char *body;
} canned;

static const canned answers[] = {
  { 200,
    "{\"headers\":{\"x-ratelimitperhour-limit\":\"5000\","
    "\"x-ratelimitperhour-remaining\":\"4999\"}}",
    "{\"data\":{\"card_id\":7,\"board_id\":2,\"workspace_id\":3,"
    "\"title\":\"t\",\"column_id\":4,\"lane_id\":5,\"name\":\"n\"}}" },
  { 200, "{\"headers\":{}}",
    "{\"data\":[{\"board_id\":2,\"workspace_id\":3,\"name\":\"b\"},"
    "{\"card_id\":8,\"title\":\"c\"}]}" },
  { 200, NULL,
    "{\"data\":{\"pagination\":{\"all_pages\":3,"
    "\"current_page\":1,\"results_per_page\":2},"
    "\"data\":[{\"card_id\":1},{\"card_id\":2}]}}" },
  { 204, NULL, "" },
  { 404, NULL,
    "{\"error\":{\"code\":\"CE07\",\"message\":\"CE07 - not "
    "found\"}}" },
  { 429, "{\"headers\":{\"retry-after\":\"2\"}}",
    "{\"error\":{\"code\":\"RL02\",\"message\":\"rate limit\"}}" },
  { 503, NULL, "<html>busy</html>" },
  { 0, "{\"error\":\"timeout\"}", NULL },
  { 200, NULL, "{\"data\":null}" },
  { 401, NULL, "{\"error\":{\"code\":\"AU01\",\"message\":\"bad key\"}}" },
};

#define NANSWERS (sizeof answers / sizeof answers[0])

/* Answers what is in flight and fires what is waiting, a few rounds. */
static void settle(driver *d, unsigned *turn)
{
  int round;

  for (round = 0; round < ROUNDS_MAX && (d->nhttp || d->ntimers); round++) {
    while (d->nhttp) {
      const canned *a = &answers[(*turn)++ % NANSWERS];

      d->now += 15;
      driver_respond(d, d->http[0], a->status, a->meta,
                     a->meta ? strlen(a->meta) : 0, a->body,
                     a->body ? strlen(a->body) : 0);
    }
    while (d->ntimers) {
      d->now += 60000;
      driver_fire(d, d->timers[0]);
    }
  }
}

static int has_switch(const uint8_t *line, size_t n, char c)
{
  return n > 0 && line[0] == '#' && memchr(line, c, n) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const uint8_t *p = data, *end = data + size, *nl;
  char env[256];
  size_t first;
  unsigned turn = 0;
  driver d;

  nl = memchr(p, '\n', size);
  first = nl ? (size_t)(nl - p) : size;
  snprintf(env, sizeof env, "{\"BUSINESSMAP_TOOL_PROFILE\":\"%s\"%s%s}",
           has_switch(p, first, 'e')   ? "essential"
           : has_switch(p, first, 'c') ? "compact"
                                       : "full",
           has_switch(p, first, 'r')
               ? ",\"BUSINESSMAP_READ_ONLY_MODE\":\"true\""
               : "",
           has_switch(p, first, 's')
               ? ",\"BUSINESSMAP_API_URL\":\"https://one.example.com/api/v2\""
               : "");
  if (driver_start(&d, has_switch(p, first, 's') ? NULL : driver_config, env) <
      0)
    return 0;
  if (!has_switch(p, first, 'u'))
    driver_messages(&d, driver_initialize);
  if (first && p[0] == '#')
    p += nl ? first + 1 : first;

  while (p < end) {
    size_t n;
    char *line;

    nl = memchr(p, '\n', (size_t)(end - p));
    n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    line = malloc(n ? n : 1);
    if (line) {
      memcpy(line, p, n);
      d.now += 1;
      driver_message(&d, line, n);
      free(line);
      settle(&d, &turn);
    }
    p += n + (nl ? 1 : 0);
  }
  driver_free(&d);
  return 0;
}
