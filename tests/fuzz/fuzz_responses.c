/*
 * fuzz_responses.c - libFuzzer target: arbitrary API answers for real
 * tool calls.
 *
 * An initialized engine starts one to four tool calls picked from a table
 * of plausible calls (single requests, paging, multi-step flows, writes).
 * The rest of the input is a list of operations, each led by one byte:
 *
 *   op % 5 == 0  answer a request: [pick] [status] [meta len] meta
 *                [body len lo] [body len hi] body
 *   op % 5 == 1  fire a timer: [pick]
 *   op % 5 == 2  start another call: [pick]
 *   op % 5 == 3  cancel a call: [pick] (notifications/cancelled)
 *   op % 5 == 4  answer a request the engine never asked for: [id]
 *
 * pick chooses among what is in flight (or waiting, or started); a pick
 * with the top bit set answers an id already answered or never sent.
 * The clock moves forward by op / 5 seconds before each operation. Meta
 * and body are copied into exactly-sized heap blocks, so a read past
 * their end is caught by ASan. Each tools/call id is answered at most
 * once; a second answer is a broken invariant.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Calls worth answering badly; names not in the catalog yet answer with
 * an error at once, which is harmless. */
static const char *const calls[] = {
  "{\"name\":\"list_workspaces\"}",
  "{\"name\":\"get_card\",\"arguments\":{\"card_id\":7}}",
  "{\"name\":\"get_card\",\"arguments\":{\"card_id\":7,"
  "\"detail_level\":\"full\",\"instance\":\"prod\"}}",
  "{\"name\":\"list_cards\",\"arguments\":{\"board_id\":2,\"per_page\":2,"
  "\"include_pagination\":true}}",
  "{\"name\":\"list_boards\",\"arguments\":{\"workspace_id\":3,"
  "\"detail_level\":\"full\"}}",
  "{\"name\":\"search_board\",\"arguments\":{\"board_name\":\"Main\","
  "\"include_structure\":true}}",
  "{\"name\":\"get_current_board_structure\",\"arguments\":"
  "{\"board_id\":2}}",
  "{\"name\":\"create_card\",\"arguments\":{\"title\":\"Fuzz\","
  "\"column_id\":4,\"tag_ids_to_add\":[1,2],\"subtasks_to_add\":"
  "[{\"description\":\"a\"}]}}",
  "{\"name\":\"update_card\",\"arguments\":{\"card_id\":7,"
  "\"title\":\"New\",\"column_id\":4}}",
  "{\"name\":\"move_card\",\"arguments\":{\"card_id\":7,\"column_id\":4}}",
  "{\"name\":\"delete_board\",\"arguments\":{\"board_id\":2,"
  "\"archive_first\":true}}",
  "{\"name\":\"health_check\"}",
  "{\"name\":\"health_check\",\"arguments\":{\"instance\":\"prod\"}}",
  "{\"name\":\"get_api_info\"}",
  "{\"name\":\"search_docs\",\"arguments\":{\"query\":\"plan\","
  "\"include_personal\":true}}",
  "{\"name\":\"get_docs_text_title_search\",\"arguments\":"
  "{\"query\":\"plan\",\"max_docs_to_scan\":5}}",
  "{\"name\":\"get_doc_hierarchy\",\"arguments\":{\"parent_doc_id\":1}}",
  "{\"name\":\"get_doc_content_batch\",\"arguments\":"
  "{\"doc_ids\":[1,2,3]}}",
  "{\"name\":\"get_docs_for_boards_batch\",\"arguments\":"
  "{\"board_ids\":[2,5]}}",
  "{\"name\":\"create_custom_field\",\"arguments\":{\"name\":\"Risk\","
  "\"field_type\":\"dropdown\",\"board_id\":2,\"options\":"
  "[{\"value\":\"low\"}]}}",
  "{\"name\":\"update_custom_field\",\"arguments\":"
  "{\"custom_field_id\":9,\"name\":\"Risk\"}}",
  "{\"name\":\"delete_custom_field\",\"arguments\":"
  "{\"custom_field_id\":9,\"confirm\":true}}",
  "{\"name\":\"list_custom_fields\",\"arguments\":{\"page\":1,"
  "\"page_size\":2}}",
  "{\"name\":\"create_workspace\",\"arguments\":{\"name\":\"WS\"}}",
  "{\"name\":\"get_current_user\"}",
  "{\"name\":\"list_users\"}",
  "{\"name\":\"get_card_types\"}",
  "{\"name\":\"create_tag\",\"arguments\":{\"label\":\"x\","
  "\"color\":\"f00\"}}",
  "{\"name\":\"bulk_update_cards\",\"arguments\":{\"resource_ids\":"
  "[1,2,3],\"title\":\"T\"}}",
  "{\"name\":\"bulk_delete_cards\",\"arguments\":{\"resource_ids\":"
  "[1,2]}}",
  "{\"name\":\"search_cards\",\"arguments\":{\"board_ids\":[2]}}",
  "{\"name\":\"get_card_comments\",\"arguments\":{\"card_id\":7}}",
  "{\"name\":\"create_card_comment\",\"arguments\":{\"card_id\":7,"
  "\"text\":\"hi\"}}",
  "{\"name\":\"configure_board_structure\",\"arguments\":{\"board_id\":2,"
  "\"workflows\":[{\"name\":\"W\",\"columns\":[{\"name\":\"C\"}]}]}}",
  "{\"name\":\"create_workspaces_and_boards\",\"arguments\":"
  "{\"workspaces\":[{\"name\":\"W\",\"boards\":[{\"name\":\"B\"}]}]}}",
  "{\"name\":\"get_card_child_graph\",\"arguments\":{\"card_id\":7}}",
  "{\"name\":\"list_workflows\",\"arguments\":{\"board_id\":2}}",
  "{\"name\":\"get_workspace\",\"arguments\":{\"workspace_id\":3}}",
  "{\"name\":\"list_instances\"}",
};

#define NCALLS (sizeof calls / sizeof calls[0])
#define STARTED_MAX 64

static const int statuses[] = {
  0, 200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504,
};

typedef struct input {
  const uint8_t *p, *end;
} input;

static int byte(input *in)
{
  return in->p < in->end ? *in->p++ : 0;
}

/* A heap copy of the next n bytes (fewer at the end); *got says how many.
 * NULL when n is 0. */
static char *take(input *in, size_t n, size_t *got)
{
  char *b;

  if (n > (size_t)(in->end - in->p))
    n = (size_t)(in->end - in->p);
  *got = n;
  if (n == 0)
    return NULL;
  b = malloc(n);
  if (b)
    memcpy(b, in->p, n);
  in->p += n;
  return b;
}

typedef struct session {
  driver d;
  int started[STARTED_MAX]; /* JSON-RPC ids of calls started */
  int nstarted;
  int next_rpc;
} session;

static void start(session *s, int pick)
{
  char msg[1024];

  if (s->nstarted >= STARTED_MAX)
    return;
  s->next_rpc++;
  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":"
           "\"tools/call\",\"params\":%s}",
           s->next_rpc, calls[(size_t)pick % NCALLS]);
  s->started[s->nstarted++] = s->next_rpc;
  driver_messages(&s->d, msg);
}

static void cancel(session *s, int pick)
{
  char msg[256];

  if (s->nstarted == 0)
    return;
  snprintf(msg, sizeof msg,
           "{\"jsonrpc\":\"2.0\",\"method\":"
           "\"notifications/cancelled\",\"params\":{\"requestId\":%d,"
           "\"reason\":\"fuzz\"}}",
           s->started[pick % s->nstarted]);
  driver_messages(&s->d, msg);
}

static void answer(session *s, input *in)
{
  int pick = byte(in), st = byte(in), id;
  size_t mlen = (size_t)byte(in), blen, got_m, got_b;
  char *meta, *body;
  int status;

  meta = take(in, mlen, &got_m);
  blen = (size_t)byte(in);
  blen |= (size_t)byte(in) << 8;
  body = take(in, blen, &got_b);
  if ((pick & 0x80) || s->d.nhttp == 0)
    id = pick & 0x7F;
  else
    id = s->d.http[pick % s->d.nhttp];
  status = (st & 0x80) ? (st & 0x7F) * 5 : statuses[st % 16];
  driver_respond(&s->d, id, status, meta, got_m, body, got_b);
  free(meta);
  free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  input in = { data, data + size };
  session s;
  int first, n, i;

  memset(&s, 0, sizeof s);
  if (driver_start(&s.d, driver_config,
                   "{\"BUSINESSMAP_TOOL_PROFILE\":\"full\"}") < 0)
    return 0;
  driver_messages(&s.d, driver_initialize);
  s.d.unique_ids = 1;
  first = byte(&in);
  n = 1 + (byte(&in) & 3);
  for (i = 0; i < n; i++)
    start(&s, first + i * 7);

  while (in.p < in.end) {
    int op = byte(&in);

    s.d.now += (op / 5) * 1000.0;
    switch (op % 5) {
    case 0:
      answer(&s, &in);
      break;
    case 1:
      if (s.d.ntimers)
        driver_fire(&s.d, s.d.timers[byte(&in) % s.d.ntimers]);
      else
        driver_fire(&s.d, byte(&in));
      break;
    case 2:
      start(&s, byte(&in));
      break;
    case 3:
      cancel(&s, byte(&in));
      break;
    default: {
      size_t len;
      const char *out = bm_engine_http_response(
          s.d.e, s.d.now, 100000 + byte(&in), 200, NULL, 0, "{}", 2, &len);

      driver_take(&s.d, out, len);
      break;
    }
    }
  }
  driver_free(&s.d);
  return 0;
}
