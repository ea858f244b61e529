/*
 * call.c - building a tool's request from its parameter table, the generic
 * single-request step, and readers of validated arguments.
 */
#include "call.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void add_number(bm_buf *b, double d)
{
  if (floor(d) == d && fabs(d) < 9e15)
    bm_buf_addf(b, "%.0f", d);
  else
    bm_buf_addf(b, "%.17g", d);
}

/* Writes a scalar argument the way a query or path carries it. */
static void add_scalar(bm_buf *b, const cJSON *v)
{
  if (cJSON_IsBool(v))
    bm_buf_addc(b, cJSON_IsTrue(v) ? '1' : '0');
  else if (cJSON_IsNumber(v))
    add_number(b, v->valuedouble);
  else if (cJSON_IsString(v))
    bm_buf_add_url_enc(b, v->valuestring, strlen(v->valuestring));
}

void bm__query_add(bm_buf *path, const char *key, const char *value)
{
  bm_buf_addc(path, path->data && strchr(path->data, '?') ? '&' : '?');
  bm_buf_add_url_enc(path, key, strlen(key));
  bm_buf_addc(path, '=');
  bm_buf_add_url_enc(path, value, strlen(value));
}

/* Adds key=value, or key=a,b,c for a list (API §3: comma-joined). */
static void query_value(bm_buf *path, const char *key, const cJSON *v)
{
  const cJSON *e;
  int first = 1;

  if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0)
    return;
  bm_buf_addc(path, path->data && strchr(path->data, '?') ? '&' : '?');
  bm_buf_add_url_enc(path, key, strlen(key));
  bm_buf_addc(path, '=');
  if (!cJSON_IsArray(v)) {
    add_scalar(path, v);
    return;
  }
  cJSON_ArrayForEach (e, v) {
    if (!first)
      bm_buf_addc(path, ',');
    add_scalar(path, e);
    first = 0;
  }
}

/* Copies the path template, filling {name} holes from the arguments. */
static void fill_path(bm_buf *out, const char *tpl, const cJSON *args)
{
  while (*tpl) {
    const char *close;
    char name[64];
    size_t n;

    if (*tpl != '{' || !(close = strchr(tpl, '}'))) {
      bm_buf_addc(out, *tpl++);
      continue;
    }
    n = (size_t)(close - tpl - 1);
    if (n >= sizeof name)
      n = sizeof name - 1;
    memcpy(name, tpl + 1, n);
    name[n] = '\0';
    add_scalar(out, cJSON_GetObjectItemCaseSensitive(args, name));
    tpl = close + 1;
  }
}

/* A body value: booleans become the API's 0/1 flags. */
static cJSON *body_value(const cJSON *v)
{
  if (cJSON_IsBool(v))
    return cJSON_CreateNumber(cJSON_IsTrue(v) ? 1 : 0);
  return cJSON_Duplicate(v, 1);
}

int bm__build_request(const bm_call *c, const bm_tool *t, bm_buf *path,
                      cJSON **body)
{
  const bm_param *p;
  cJSON *b = NULL;

  if (path)
    fill_path(path, t->path, c->args);
  for (p = t->params; p && p->name; p++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, p->name);
    const char *api = p->api ? p->api : p->name;

    if (!v || (p->flags & BM_LOCAL))
      continue;
    if ((p->flags & BM_QUERY) && path)
      query_value(path, api, v);
    if ((p->flags & BM_BODY) && body) {
      if (!b && !(b = cJSON_CreateObject()))
        return -1;
      cJSON_AddItemToObject(b, api, body_value(v));
    }
  }
  if (body)
    *body = b;
  else
    cJSON_Delete(b);
  return path && path->failed ? -1 : 0;
}

/* The ids of the path, as an object: the result of a 204 answer. */
static cJSON *path_ids(const bm_call *c)
{
  cJSON *o = cJSON_CreateObject();
  const bm_param *p;

  for (p = c->tool->params; p && p->name; p++)
    if (p->flags & BM_PATH)
      cJSON_AddItemToObject(
          o, p->name,
          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c->args, p->name),
                          1));
  return o;
}

cJSON *bm__shape(const bm_call *c, const bm_reply *r)
{
  const bm_tool *t = c->tool;
  cJSON *data = r->data, *o;

  switch (t->shape) {
  case BM_SHAPE_ECHO:
    return path_ids(c);
  case BM_SHAPE_WRAP:
    o = cJSON_CreateObject();
    cJSON_AddItemToObject(
        o, t->wrap, data ? cJSON_Duplicate(data, 1) : cJSON_CreateArray());
    cJSON_AddNumberToObject(o, "count",
                            cJSON_IsArray(data) ? cJSON_GetArraySize(data)
                            : data              ? 1
                                                : 0);
    return o;
  case BM_SHAPE_FIRST:
    if (cJSON_IsArray(data))
      data = cJSON_GetArrayItem(data, 0);
    break;
  case BM_SHAPE_DATA:
    break;
  }
  if (!data)
    return path_ids(c);
  return cJSON_Duplicate(data, 1);
}

void bm__send_own_request(bm_call *c)
{
  const bm_tool *t = c->tool;
  bm_buf path;
  cJSON *body = NULL;

  bm_buf_init(&path, 64 * 1024);
  if (bm__build_request(c, t, &path, &body) < 0) {
    cJSON_Delete(body);
    bm_buf_free(&path);
    bm__call_fail(c, "Error in %s: the request is too large", t->name);
    return;
  }
  bm__call_send(c, 0, t->method, path.data, body);
  bm_buf_free(&path);
}

int bm__step_reply(bm_call *c, const bm_reply *r)
{
  if (!r) {
    bm__send_own_request(c);
    return 0;
  }
  if (r->error) {
    bm__call_fail_reply(c, r);
    return 0;
  }
  return 1;
}

void bm__step_single(bm_call *c, const bm_reply *r)
{
  if (bm__step_reply(c, r))
    bm__call_done(c, bm__shape(c, r), c->tool->summary);
}

/* A copy of obj with only the listed keys. */
cJSON *bm__pick(const cJSON *obj, const char *const *keys)
{
  cJSON *o = cJSON_CreateObject();
  size_t i;

  for (i = 0; keys[i]; i++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[i]);

    if (v)
      cJSON_AddItemToObject(o, keys[i], cJSON_Duplicate(v, 1));
  }
  return o;
}

cJSON *bm__pick_each(const cJSON *arr, const char *const *keys)
{
  cJSON *out = cJSON_CreateArray();
  const cJSON *e;

  cJSON_ArrayForEach (e, arr)
    cJSON_AddItemToArray(out, bm__pick(e, keys));
  return out;
}

/*
 * The shaped answer of a request about one item. An answer that leaves
 * out the item's own id (API §2.1) gets it back from the path: the item's
 * id is the tool's last path parameter. Returns a new cJSON.
 */
cJSON *bm__shape_item(const bm_call *c, const bm_reply *r)
{
  cJSON *o = bm__shape(c, r);
  const bm_param *p, *last = NULL;
  const cJSON *id;

  for (p = c->tool->params; p && p->name; p++)
    if (p->flags & BM_PATH)
      last = p;
  if (!last || !cJSON_IsObject(o) ||
      cJSON_GetObjectItemCaseSensitive(o, last->name))
    return o;
  id = cJSON_GetObjectItemCaseSensitive(c->args, last->name);
  if (id)
    cJSON_AddItemToObject(o, last->name, cJSON_Duplicate(id, 1));
  return o;
}

/* The generic single request, answered through bm__shape_item. */
void bm__step_item(bm_call *c, const bm_reply *r)
{
  if (bm__step_reply(c, r))
    bm__call_done(c, bm__shape_item(c, r), c->tool->summary);
}

long long bm__arg_int(const bm_call *c, const char *name, long long dflt)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, name);

  if (cJSON_IsNumber(v))
    return (long long)v->valuedouble;
  if (cJSON_IsBool(v))
    return cJSON_IsTrue(v);
  return dflt;
}

const char *bm__arg_str(const bm_call *c, const char *name)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, name);

  return cJSON_IsString(v) ? v->valuestring : NULL;
}

int bm__arg_bool(const bm_call *c, const char *name, int dflt)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->args, name);

  if (cJSON_IsBool(v))
    return cJSON_IsTrue(v);
  if (cJSON_IsNumber(v))
    return v->valuedouble != 0;
  return dflt;
}

int bm__arg_has(const bm_call *c, const char *name)
{
  return cJSON_GetObjectItemCaseSensitive(c->args, name) != NULL;
}
