/*
 * args.c - argument checking and input schemas from the parameter tables.
 *
 * Checking copies each accepted value into a fresh object, converted to
 * the form the steps expect (numbers for ids, 0/1 for flags, trimmed
 * strings). The first problem found ends the check; its message names the
 * argument path, the rule and what was received.
 */
#include "args.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX 2147483647.0

typedef struct checker {
  bm_buf *err;
  char path[192];
} checker;

static int check_value(checker *k, const bm_param *p, const cJSON *v,
                       cJSON **out, int depth);

static int fail(checker *k, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(checker *k, const char *fmt, ...)
{
  va_list ap;

  bm_buf_reset(k->err);
  bm_buf_addf(k->err, "Invalid argument '%s': ", k->path);
  va_start(ap, fmt);
  bm_buf_vaddf(k->err, fmt, ap);
  va_end(ap);
  return -1;
}

/* Number of UTF-8 code points in s. */
static size_t utf8_len(const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80)
      n++;
  return n;
}

/* A short rendering of a received value for an error message. */
static const char *describe(const cJSON *v, char *buf, size_t n)
{
  if (cJSON_IsString(v)) {
    size_t len = strlen(v->valuestring);

    snprintf(buf, n, "the string \"%.40s%s\"", v->valuestring,
             len > 40 ? "..." : "");
  } else if (cJSON_IsNumber(v)) {
    snprintf(buf, n, "%.17g", v->valuedouble);
  } else if (cJSON_IsBool(v)) {
    snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
  } else if (cJSON_IsNull(v)) {
    snprintf(buf, n, "null");
  } else if (cJSON_IsArray(v)) {
    snprintf(buf, n, "an array");
  } else {
    snprintf(buf, n, "an object");
  }
  return buf;
}

/* Reads an integer from a number or a numeric string. */
static int to_integer(const cJSON *v, double *out)
{
  char *end;
  double d;

  if (cJSON_IsNumber(v)) {
    d = v->valuedouble;
  } else if (cJSON_IsString(v) && v->valuestring[0]) {
    const char *s = v->valuestring;

    while (isspace((unsigned char)*s))
      s++;
    if (!*s || strlen(s) > 20)
      return 0;
    d = strtod(s, &end);
    while (isspace((unsigned char)*end))
      end++;
    if (*end)
      return 0;
  } else {
    return 0;
  }
  if (!isfinite(d) || floor(d) != d)
    return 0;
  *out = d;
  return 1;
}

static int to_number(const cJSON *v, double *out)
{
  char *end;

  if (cJSON_IsNumber(v)) {
    *out = v->valuedouble;
    return isfinite(*out);
  }
  if (!cJSON_IsString(v) || !v->valuestring[0] || strlen(v->valuestring) > 40)
    return 0;
  *out = strtod(v->valuestring, &end);
  return !*end && isfinite(*out);
}

static int in_choices(const char *choices, const char *s)
{
  size_t n = strlen(s);
  const char *c = choices;

  while (c && *c) {
    const char *bar = strchr(c, '|');
    size_t len = bar ? (size_t)(bar - c) : strlen(c);

    if (len == n && strncmp(c, s, n) == 0)
      return 1;
    c = bar ? bar + 1 : NULL;
  }
  return 0;
}

/* Trims, and for names collapses inner whitespace, into a new string. */
static char *clean_string(const char *s, int collapse)
{
  size_t n = strlen(s), i, o = 0;
  char *r = malloc(n + 1);
  int space = 0;

  if (!r)
    return NULL;
  while (*s && isspace((unsigned char)*s))
    s++;
  n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  for (i = 0; i < n; i++) {
    if (collapse && isspace((unsigned char)s[i])) {
      if (!space)
        r[o++] = ' ';
      space = 1;
      continue;
    }
    space = 0;
    r[o++] = s[i];
  }
  r[o] = '\0';
  return r;
}

/* The two-digit number at s (already checked to be digits). */
static int two_digits(const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

static int is_date(const char *s)
{
  int i;

  for (i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-')
        return 0;
    } else if (!isdigit((unsigned char)s[i])) {
      return 0;
    }
  }
  if (two_digits(s + 5) < 1 || two_digits(s + 5) > 12 ||
      two_digits(s + 8) < 1 || two_digits(s + 8) > 31)
    return 0;
  if (s[10] == '\0')
    return 1;
  if (s[10] != 'T' && s[10] != ' ')
    return 0;
  for (i = 11; i < 19; i++) {
    if (i == 13 || i == 16) {
      if (s[i] != ':')
        return 0;
    } else if (!isdigit((unsigned char)s[i])) {
      return 0;
    }
  }
  if (two_digits(s + 11) > 23 || two_digits(s + 14) > 59 ||
      two_digits(s + 17) > 60)
    return 0;
  s += 19;
  if (*s == '.')
    for (s++; isdigit((unsigned char)*s); s++)
      ;
  if (*s == 'Z')
    return s[1] == '\0';
  if (*s == '+' || *s == '-')
    return isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
           s[3] == ':' && isdigit((unsigned char)s[4]) &&
           isdigit((unsigned char)s[5]) && s[6] == '\0';
  return *s == '\0';
}

/* Returns a new 6-digit color, or NULL when s is not a color. */
static char *clean_color(const char *s)
{
  size_t n, i;
  char *r;

  if (*s == '#')
    s++;
  n = strlen(s);
  if (n != 3 && n != 6)
    return NULL;
  for (i = 0; i < n; i++)
    if (!isxdigit((unsigned char)s[i]))
      return NULL;
  r = malloc(7);
  if (!r)
    return NULL;
  for (i = 0; i < 6; i++)
    r[i] = (char)tolower((unsigned char)(n == 3 ? s[i / 2] : s[i]));
  r[6] = '\0';
  return r;
}

static int is_url(const char *s)
{
  size_t n = strlen(s);

  if (n > 2048)
    return 0;
  if (strncmp(s, "https://", 8) == 0)
    return n > 8;
  if (strncmp(s, "http://", 7) == 0)
    return n > 7;
  return 0;
}

static int is_email(const char *s)
{
  const char *at = strchr(s, '@');
  const char *dot;
  size_t n = strlen(s);

  if (n < 3 || n > 254 || !at || at == s || strchr(at + 1, '@'))
    return 0;
  dot = strrchr(at + 1, '.');
  if (!dot || dot == at + 1 || !dot[1])
    return 0;
  for (; *s; s++)
    if (isspace((unsigned char)*s))
      return 0;
  return 1;
}

static int check_integer(checker *k, const bm_param *p, const cJSON *v,
                         double lo, double hi, cJSON **out)
{
  char got[96];
  double d;

  if (cJSON_IsBool(v) && p->type == BM_T_FLAG) {
    *out = cJSON_CreateNumber(cJSON_IsTrue(v) ? 1 : 0);
    return *out ? 0 : fail(k, "out of memory");
  }
  if (!to_integer(v, &d))
    return fail(k, "must be an integer (got %s)", describe(v, got, sizeof got));
  if (d < lo || d > hi)
    /* %.17g: a hostile 1e308 is echoed in 6 characters, not 309. */
    return fail(k, "must be an integer from %.0f to %.0f (got %.17g)", lo, hi,
                d);
  *out = cJSON_CreateNumber(d);
  return *out ? 0 : fail(k, "out of memory");
}

static int check_string(checker *k, const bm_param *p, const cJSON *v,
                        cJSON **out)
{
  double lo = p->lo, hi = p->hi;
  char got[96];
  char *s;
  size_t n;

  if (!cJSON_IsString(v))
    return fail(k, "must be a string (got %s)", describe(v, got, sizeof got));
  switch (p->type) {
  case BM_T_NAME:
    lo = 1;
    hi = 100;
    break;
  case BM_T_TITLE:
    lo = 1;
    hi = 500;
    break;
  case BM_T_TEXT:
    lo = 0;
    hi = 10000;
    break;
  default:
    break;
  }
  s = clean_string(v->valuestring, p->type == BM_T_NAME);
  if (!s)
    return fail(k, "out of memory");
  if (p->type == BM_T_TEXT || p->type == BM_T_STR)
    if (!(p->flags & BM_NOTBLANK)) {
      free(s);
      s = bm__strdup(v->valuestring);
      if (!s)
        return fail(k, "out of memory");
    }
  n = utf8_len(s);
  if ((double)n < lo || (hi > 0 && (double)n > hi)) {
    free(s);
    if ((p->flags & BM_NOTBLANK) && n == 0)
      return fail(k, "must not be blank");
    if (hi > 0)
      return fail(k, "must be %.0f to %.0f characters long (got %zu)", lo, hi,
                  n);
    return fail(k, "must be at least %.0f characters long", lo);
  }
  *out = cJSON_CreateString(s);
  free(s);
  return *out ? 0 : fail(k, "out of memory");
}

static int check_formatted(checker *k, const bm_param *p, const cJSON *v,
                           cJSON **out)
{
  char got[96];
  char *color;
  const char *s;

  if (!cJSON_IsString(v))
    return fail(k, "must be a string (got %s)", describe(v, got, sizeof got));
  s = v->valuestring;
  switch (p->type) {
  case BM_T_ENUM:
    if (!in_choices(p->choices, s))
      return fail(k, "must be one of %s (got \"%.40s\")", p->choices, s);
    break;
  case BM_T_DATE:
  case BM_T_DATETIME:
    if (!is_date(s))
      return fail(k,
                  "must be a date YYYY-MM-DD or an ISO date-time "
                  "(got \"%.40s\")",
                  s);
    break;
  case BM_T_COLOR:
    color = clean_color(s);
    if (!color)
      return fail(k,
                  "must be a color of 6 hex digits such as ff0000 "
                  "(got \"%.40s\")",
                  s);
    *out = cJSON_CreateString(color);
    free(color);
    return *out ? 0 : fail(k, "out of memory");
  case BM_T_URL:
    if (!is_url(s))
      return fail(k, "must be an http(s) URL of at most 2048 characters");
    break;
  case BM_T_EMAIL:
    if (!is_email(s))
      return fail(k, "must be an e-mail address (got \"%.40s\")", s);
    break;
  default:
    break;
  }
  *out = cJSON_CreateString(s);
  return *out ? 0 : fail(k, "out of memory");
}

/* The item parameter of an array parameter. */
static bm_param item_of(const bm_param *p)
{
  bm_param it;

  memset(&it, 0, sizeof it);
  it.name = p->name;
  it.lo = p->lo;
  it.hi = p->hi;
  it.choices = p->choices;
  it.fields = p->fields;
  switch (p->type) {
  case BM_T_IDS:
    it.type = BM_T_ID;
    break;
  case BM_T_INTS:
    it.type = BM_T_INT;
    break;
  case BM_T_ENUMS:
    it.type = BM_T_ENUM;
    break;
  case BM_T_OBJS:
    it.type = BM_T_OBJ;
    break;
  default:
    it.type = BM_T_STR;
    break;
  }
  return it;
}

static int same_item(const cJSON *a, const cJSON *b)
{
  return cJSON_Compare(a, b, 1);
}

static int check_array(checker *k, const bm_param *p, const cJSON *v,
                       cJSON **out, int depth)
{
  bm_param it = item_of(p);
  size_t base = strlen(k->path);
  char got[96];
  cJSON *arr, *single = NULL;
  const cJSON *e;
  int i = 0, n;

  /* A lone id where a list is expected is a common slip; accept it. */
  if (!cJSON_IsArray(v) && p->type == BM_T_IDS && to_integer(v, &it.lo)) {
    single = cJSON_CreateArray();
    if (!single)
      return fail(k, "out of memory");
    cJSON_AddItemToArray(single, cJSON_Duplicate(v, 1));
    v = single;
    it.lo = p->lo;
  }
  if (!cJSON_IsArray(v))
    return fail(k, "must be an array (got %s)", describe(v, got, sizeof got));
  n = cJSON_GetArraySize(v);
  if (n < p->min_items || (p->max_items > 0 && n > p->max_items)) {
    cJSON_Delete(single);
    if (p->max_items > 0)
      return fail(k, "must have %d to %d items (got %d)", p->min_items,
                  p->max_items, n);
    return fail(k, "must have at least %d items", p->min_items);
  }
  arr = cJSON_CreateArray();
  if (!arr) {
    cJSON_Delete(single);
    return fail(k, "out of memory");
  }
  cJSON_ArrayForEach (e, v) {
    cJSON *item = NULL, *prev;
    int dup = 0;

    snprintf(k->path + base, sizeof k->path - base, "[%d]", i++);
    if (check_value(k, &it, e, &item, depth + 1) < 0) {
      cJSON_Delete(arr);
      cJSON_Delete(single);
      return -1;
    }
    if (p->flags & BM_DEDUP)
      cJSON_ArrayForEach (prev, arr)
        dup |= same_item(prev, item);
    if (dup)
      cJSON_Delete(item);
    else
      cJSON_AddItemToArray(arr, item);
  }
  k->path[base] = '\0';
  cJSON_Delete(single);
  *out = arr;
  return 0;
}

static int check_object(checker *k, const bm_param *fields, const cJSON *v,
                        cJSON **out, int depth);

static int check_value(checker *k, const bm_param *p, const cJSON *v,
                       cJSON **out, int depth)
{
  char got[96];

  if (depth > BM_MAX_ARG_DEPTH)
    return fail(k, "nested too deeply");
  switch (p->type) {
  case BM_T_ID:
    return check_integer(k, p, v, 1, ID_MAX, out);
  case BM_T_POS:
    return check_integer(k, p, v, 0, 999999, out);
  case BM_T_FLAG:
    return check_integer(k, p, v, 0, 1, out);
  case BM_T_INT:
    return check_integer(k, p, v, p->lo, p->hi > p->lo ? p->hi : 9e15, out);
  case BM_T_IENUM: {
    double d;
    char num[32];

    if (!to_integer(v, &d))
      return fail(k, "must be one of %s (got %s)", p->choices,
                  describe(v, got, sizeof got));
    snprintf(num, sizeof num, "%.0f", d);
    if (!in_choices(p->choices, num))
      return fail(k, "must be one of %s (got %s)", p->choices, num);
    *out = cJSON_CreateNumber(d);
    return *out ? 0 : fail(k, "out of memory");
  }
  case BM_T_NUM: {
    double d;
    double hi = p->hi > p->lo ? p->hi : 9e15;

    if (!to_number(v, &d))
      return fail(k, "must be a number (got %s)", describe(v, got, sizeof got));
    if (d < p->lo || d > hi)
      return fail(k, "must be a number from %g to %g (got %g)", p->lo, hi, d);
    *out = cJSON_CreateNumber(d);
    return *out ? 0 : fail(k, "out of memory");
  }
  case BM_T_BOOL:
    if (cJSON_IsBool(v)) {
      *out = cJSON_CreateBool(cJSON_IsTrue(v));
    } else if (cJSON_IsString(v) && (!strcmp(v->valuestring, "true") ||
                                     !strcmp(v->valuestring, "false"))) {
      *out = cJSON_CreateBool(v->valuestring[0] == 't');
    } else if (cJSON_IsNumber(v) &&
               (v->valuedouble == 0 || v->valuedouble == 1)) {
      *out = cJSON_CreateBool(v->valuedouble == 1);
    } else {
      return fail(k, "must be true or false (got %s)",
                  describe(v, got, sizeof got));
    }
    return *out ? 0 : fail(k, "out of memory");
  case BM_T_STR:
  case BM_T_NAME:
  case BM_T_TITLE:
  case BM_T_TEXT:
    return check_string(k, p, v, out);
  case BM_T_ENUM:
  case BM_T_DATE:
  case BM_T_DATETIME:
  case BM_T_COLOR:
  case BM_T_URL:
  case BM_T_EMAIL:
    return check_formatted(k, p, v, out);
  case BM_T_IDS:
  case BM_T_INTS:
  case BM_T_STRS:
  case BM_T_ENUMS:
  case BM_T_OBJS:
    return check_array(k, p, v, out, depth);
  case BM_T_OBJ:
    if (!cJSON_IsObject(v))
      return fail(k, "must be an object (got %s)",
                  describe(v, got, sizeof got));
    return check_object(k, p->fields, v, out, depth + 1);
  case BM_T_ANY:
    *out = cJSON_Duplicate(v, 1);
    return *out ? 0 : fail(k, "out of memory");
  }
  return fail(k, "has a type the server does not know");
}

static const bm_param *find_param(const bm_param *fields, const char *name)
{
  const bm_param *p;

  for (p = fields; p && p->name; p++)
    if (strcmp(p->name, name) == 0)
      return p;
  return NULL;
}

/* Lists the accepted names, for an "unknown argument" message. */
static void list_names(bm_buf *b, const bm_param *fields)
{
  const bm_param *p;
  int first = 1;

  for (p = fields; p && p->name; p++) {
    if (p->flags & BM_HIDDEN)
      continue;
    bm_buf_addf(b, "%s%s", first ? "" : ", ", p->name);
    first = 0;
  }
  if (first)
    bm_buf_adds(b, "none");
}

static int add_defaults(checker *k, const bm_param *fields, cJSON *obj)
{
  const bm_param *p;

  for (p = fields; p && p->name; p++) {
    cJSON *d;

    if (!p->dflt || cJSON_GetObjectItemCaseSensitive(obj, p->name))
      continue;
    d = cJSON_Parse(p->dflt);
    if (!d)
      return fail(k, "has a bad default in the catalog");
    cJSON_AddItemToObject(obj, p->name, d);
  }
  return 0;
}

static int check_required(checker *k, const bm_param *fields, cJSON *obj,
                          size_t base)
{
  const bm_param *p;

  for (p = fields; p && p->name; p++) {
    if (!(p->flags & BM_REQ) || cJSON_GetObjectItemCaseSensitive(obj, p->name))
      continue;
    snprintf(k->path + base, sizeof k->path - base, "%s%s", base ? "." : "",
             p->name);
    return fail(k, "is required");
  }
  return 0;
}

static int check_object(checker *k, const bm_param *fields, const cJSON *v,
                        cJSON **out, int depth)
{
  size_t base = strlen(k->path);
  const cJSON *e;
  cJSON *obj = cJSON_CreateObject();

  if (!obj)
    return fail(k, "out of memory");
  cJSON_ArrayForEach (e, v) {
    const bm_param *p = find_param(fields, e->string);
    const char *name;
    cJSON *item = NULL;

    snprintf(k->path + base, sizeof k->path - base, "%s%s", base ? "." : "",
             e->string);
    if (!p) {
      fail(k, "is not a parameter of this tool; accepted: ");
      list_names(k->err, fields);
      cJSON_Delete(obj);
      return -1;
    }
    if (p->alias_of) {
      /* The canonical name wins when both are given. */
      if (cJSON_GetObjectItemCaseSensitive(v, p->alias_of))
        continue;
      p = find_param(fields, p->alias_of);
      if (!p) {
        cJSON_Delete(obj);
        return fail(k, "is an alias the catalog cannot resolve");
      }
    }
    name = p->name;
    if (cJSON_GetObjectItemCaseSensitive(obj, name)) {
      cJSON_Delete(obj);
      return fail(k, "is given twice");
    }
    if (cJSON_IsNull(e) && !(p->flags & BM_REQ))
      continue; /* null means "not given" for optional arguments */
    if (check_value(k, p, e, &item, depth) < 0) {
      cJSON_Delete(obj);
      return -1;
    }
    cJSON_AddItemToObject(obj, name, item);
  }
  k->path[base] = '\0';
  if (check_required(k, fields, obj, base) < 0 ||
      add_defaults(k, fields, obj) < 0) {
    cJSON_Delete(obj);
    return -1;
  }
  k->path[base] = '\0';
  *out = obj;
  return 0;
}

/* "a,b,c": true when any of the names is present. */
static int has_one_of(const cJSON *obj, const char *names)
{
  char name[64];
  const char *c = names;

  while (c && *c) {
    const char *comma = strchr(c, ',');
    size_t len = comma ? (size_t)(comma - c) : strlen(c);

    if (len < sizeof name) {
      memcpy(name, c, len);
      name[len] = '\0';
      if (cJSON_GetObjectItemCaseSensitive(obj, name))
        return 1;
    }
    c = comma ? comma + 1 : NULL;
  }
  return 0;
}

/* About the bytes v takes as compact JSON (escapes not counted), or more
 * than cap: the walk stops as soon as cap is passed. */
static size_t json_size(const cJSON *v, size_t cap)
{
  const cJSON *c;
  size_t n = 2;

  if (v->string)
    n += strlen(v->string) + 3;
  if (cJSON_IsString(v))
    return n + strlen(v->valuestring);
  if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
    return n + 24;
  for (c = v->child; c && n <= cap; c = c->next)
    n += json_size(c, cap - n) + 1;
  return n;
}

int bm_args_check(const bm_tool *t, const cJSON *in, cJSON **out, bm_buf *err)
{
  checker k;
  cJSON *copy = NULL, *obj = NULL;

  memset(&k, 0, sizeof k);
  k.err = err;
  *out = NULL;
  if (in && !cJSON_IsNull(in) && !cJSON_IsObject(in)) {
    bm_buf_reset(err);
    bm_buf_adds(err, "Invalid arguments: must be an object");
    return -1;
  }
  if (in && json_size(in, BM_MAX_ARGS_BYTES) > BM_MAX_ARGS_BYTES) {
    bm_buf_reset(err);
    bm_buf_addf(err,
                "Invalid arguments: larger than the %u bytes the "
                "server accepts",
                BM_MAX_ARGS_BYTES);
    return -1;
  }
  copy =
      in && cJSON_IsObject(in) ? cJSON_Duplicate(in, 1) : cJSON_CreateObject();
  if (!copy)
    return fail(&k, "out of memory");
  if (!t->instance_tool) /* the engine resolved it already */
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "instance");
  if (check_object(&k, t->params, copy, &obj, 0) < 0) {
    cJSON_Delete(copy);
    return -1;
  }
  cJSON_Delete(copy);
  if (t->one_of && !has_one_of(obj, t->one_of)) {
    cJSON_Delete(obj);
    bm_buf_reset(err);
    bm_buf_addf(err, "Invalid arguments: give at least one of %s", t->one_of);
    return -1;
  }
  *out = obj;
  return 0;
}

/* ---- schemas ---------------------------------------------------------- */

static void schema_of(bm_buf *b, const bm_param *p);

static void schema_choices(bm_buf *b, const char *choices, int numeric)
{
  const char *c = choices;
  int first = 1;

  bm_buf_adds(b, "\"enum\":[");
  while (c && *c) {
    const char *bar = strchr(c, '|');
    size_t len = bar ? (size_t)(bar - c) : strlen(c);

    if (!first)
      bm_buf_addc(b, ',');
    if (numeric)
      bm_buf_add(b, c, len);
    else
      bm_buf_add_json_str(b, c, len);
    first = 0;
    c = bar ? bar + 1 : NULL;
  }
  bm_buf_addc(b, ']');
}

static void schema_object(bm_buf *b, const bm_param *fields, int with_instance)
{
  const bm_param *p;
  int first = 1, any_req = 0;

  bm_buf_adds(b, "{\"type\":\"object\",\"properties\":{");
  for (p = fields; p && p->name; p++) {
    if (p->flags & BM_HIDDEN)
      continue;
    if (!first)
      bm_buf_addc(b, ',');
    bm_buf_add_json_str(b, p->name, strlen(p->name));
    bm_buf_addc(b, ':');
    schema_of(b, p);
    first = 0;
    any_req |= (p->flags & BM_REQ) != 0;
  }
  if (with_instance)
    bm_buf_addf(b, "%s\"instance\":{\"type\":\"string\"}", first ? "" : ",");
  bm_buf_addc(b, '}');
  if (any_req) {
    bm_buf_adds(b, ",\"required\":[");
    first = 1;
    for (p = fields; p && p->name; p++) {
      if (!(p->flags & BM_REQ))
        continue;
      bm_buf_addf(b, "%s\"%s\"", first ? "" : ",", p->name);
      first = 0;
    }
    bm_buf_addc(b, ']');
  }
  bm_buf_addc(b, '}');
}

static void schema_type(bm_buf *b, const bm_param *p)
{
  switch (p->type) {
  case BM_T_ID:
  case BM_T_POS:
    bm_buf_adds(b, "\"type\":\"integer\"");
    break;
  case BM_T_INT:
    /* Ranges are checked by the server, which names them in its error;
     * advertising them costs every client tokens on every session. */
    bm_buf_adds(b, "\"type\":\"integer\"");
    break;
  case BM_T_NUM:
    bm_buf_adds(b, "\"type\":\"number\"");
    break;
  case BM_T_FLAG:
    bm_buf_adds(b, "\"enum\":[0,1]");
    break;
  case BM_T_BOOL:
    bm_buf_adds(b, "\"type\":\"boolean\"");
    break;
  case BM_T_ENUM:
    schema_choices(b, p->choices, 0);
    break;
  case BM_T_IENUM:
    schema_choices(b, p->choices, 1);
    break;
  case BM_T_DATE:
  case BM_T_DATETIME:
    bm_buf_adds(b, "\"type\":\"string\",\"format\":\"date\"");
    break;
  case BM_T_IDS:
  case BM_T_INTS:
    bm_buf_adds(b, "\"type\":\"array\",\"items\":{\"type\":\"integer\"}");
    break;
  case BM_T_STRS:
    bm_buf_adds(b, "\"type\":\"array\",\"items\":{\"type\":\"string\"}");
    break;
  case BM_T_ENUMS:
    bm_buf_adds(b, "\"type\":\"array\",\"items\":{");
    schema_choices(b, p->choices, 0);
    bm_buf_addc(b, '}');
    break;
  case BM_T_ANY:
    break;
  default:
    bm_buf_adds(b, "\"type\":\"string\"");
    break;
  }
}

static void schema_of(bm_buf *b, const bm_param *p)
{
  size_t start;

  if ((p->type == BM_T_OBJ || p->type == BM_T_OBJS) && (p->flags & BM_BRIEF)) {
    bm_buf_addf(b, "{\"type\":\"%s\",\"description\":",
                p->type == BM_T_OBJ ? "object" : "array");
    bm_buf_add_json_str(b, p->desc ? p->desc : "",
                        p->desc ? strlen(p->desc) : 0);
    bm_buf_addc(b, '}');
    return;
  }
  if (p->type == BM_T_OBJ || p->type == BM_T_OBJS) {
    if (p->type == BM_T_OBJS)
      bm_buf_adds(b, "{\"type\":\"array\",\"items\":");
    schema_object(b, p->fields, 0);
    if (p->type == BM_T_OBJS)
      bm_buf_addc(b, '}');
    return;
  }
  bm_buf_addc(b, '{');
  start = b->len;
  schema_type(b, p);
  if (p->dflt)
    bm_buf_addf(b, ",\"default\":%s", p->dflt);
  if (p->desc) {
    bm_buf_adds(b, b->len > start ? ",\"description\":" : "\"description\":");
    bm_buf_add_json_str(b, p->desc, strlen(p->desc));
  }
  bm_buf_addc(b, '}');
}

void bm_args_schema(const bm_tool *t, bm_buf *out, int with_instance)
{
  schema_object(out, t->params, with_instance);
}
