/*
 * config.c - the instances file: parsing, validation, defaults.
 *
 * Owns: bm_config_load and everything it checks. The text is checked for
 * syntax by jsonpos (for exact positions), parsed by cJSON, then walked
 * once; every problem found on the way is recorded with its JSON path and
 * line:column, and the walk goes on so that all problems are reported at
 * once. Positions are looked up in the original text only when a problem
 * is recorded, so a valid file costs one parse and one walk.
 *
 * Memory: every string in a bm_config is a private copy made with malloc.
 * bm_config_free releases the instances, their strings, the problems and
 * the config; it accepts a config left half-built by an allocation
 * failure. The cJSON tree never outlives bm_config_load.
 */
#include "config.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "jsonpos.h"

#define PATH_DEPTH 8        /* $.instances[i].cache.ttlSeconds.k is 5 */
#define KEYS_MAX 16         /* keys one object of the format may have */
#define SUGGEST_LEN_MAX 64  /* longer unknown keys get no suggestion */
#define ECHO_MAX 40         /* bytes of user text quoted in a message */
#define NAMES_SHOWN_MAX 120 /* bytes of instance names listed */
#define TOKEN_ENV_MAX 128   /* length of a token variable name */
#define TAG_LEN_MAX 100
#define DESCRIPTION_MAX 1000
#define URL_MAX 2048
#define PROBLEMS_FIRST 8 /* first allocation of the problem list */
#define WORKSPACE_ID_MAX 9007199254740991LL /* 2^53 - 1, exact in JSON */
#define CACHE_BYTES_MAX 1073741824LL
#define CACHE_BYTES_DEFAULT ((size_t)8 << 20)
#define TTL_MAX 86400
#define TIMEOUT_MIN 100
#define TIMEOUT_MAX 600000
#define RETRIES_MAX 10
#define BACKOFF_MAX 600000

#define NO_POS ((size_t)-1)

#define ENV_API_URL "BUSINESSMAP_API_URL"
#define ENV_API_TOKEN "BUSINESSMAP_API_TOKEN"
#define ENV_READ_ONLY "BUSINESSMAP_READ_ONLY_MODE"
#define ENV_WORKSPACE "BUSINESSMAP_DEFAULT_WORKSPACE_ID"
#define ENV_PROFILE "BUSINESSMAP_TOOL_PROFILE"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ---- the format, as tables -------------------------------------------- */

/* The two spellings of the format: camelCase in a list, snake_case in a
 * map keyed by instance name. */
enum { FORM_ARRAY = 0, FORM_MAP = 1 };

/* A key in each form; NULL where the form does not have it. */
typedef struct keyspec {
  const char *spell[2];
} keyspec;

enum {
  T_SCHEMA,
  T_VERSION,
  T_DEFAULT,
  T_PROFILE,
  T_READ_ONLY,
  T_HTTP,
  T_CACHE,
  T_INSTANCES,
  T_COUNT
};
static const keyspec top_keys[T_COUNT] = {
  { { "$schema", "$schema" } },
  { { "version", "version" } },
  { { "defaultInstance", "default_instance" } },
  { { "toolProfile", "tool_profile" } },
  { { "readOnlyMode", "read_only_mode" } },
  { { "http", "http" } },
  { { "cache", "cache" } },
  { { "instances", "instances" } },
};

enum { H_TIMEOUT, H_RETRIES, H_BACKOFF, H_COUNT };
static const keyspec http_keys[H_COUNT] = {
  { { "timeoutMs", "timeout_ms" } },
  { { "maxRetries", "max_retries" } },
  { { "maxBackoffMs", "max_backoff_ms" } },
};

/* An instance's cache has no byte budget: that is for the whole cache. */
enum { C_ENABLED, C_MAX_BYTES, C_TTL, C_COUNT };
static const keyspec cache_keys[C_COUNT] = {
  { { "enabled", "enabled" } },
  { { "maxBytes", "max_bytes" } },
  { { "ttlSeconds", "ttl_seconds" } },
};
static const keyspec instance_cache_keys[C_COUNT] = {
  { { "enabled", "enabled" } },
  { { NULL, NULL } },
  { { "ttlSeconds", "ttl_seconds" } },
};

/* In bm_family order; BM_FAM_OTHER has no key. */
static const keyspec ttl_keys[BM_FAM_OTHER] = {
  { { "workspaces", "workspaces" } }, { { "boards", "boards" } },
  { { "structure", "structure" } },   { { "users", "users" } },
  { { "cardTypes", "card_types" } },  { { "customFields", "custom_fields" } },
  { { "cards", "cards" } },           { { "docs", "docs" } },
};

/* In the map form the name is the member's key, so there is no "name". */
enum {
  I_NAME,
  I_API_URL,
  I_TOKEN_ENV,
  I_READ_ONLY,
  I_WORKSPACE,
  I_DESCRIPTION,
  I_TAGS,
  I_TIMEOUT,
  I_RETRIES,
  I_BACKOFF,
  I_CACHE,
  I_COUNT
};
static const keyspec instance_keys[I_COUNT] = {
  { { "name", NULL } },
  { { "apiUrl", "api_url" } },
  { { "apiTokenEnv", "api_token_env" } },
  { { "readOnlyMode", "read_only_mode" } },
  { { "defaultWorkspaceId", "default_workspace_id" } },
  { { "description", "description" } },
  { { "tags", "tags" } },
  { { "timeoutMs", "timeout_ms" } },
  { { "maxRetries", "max_retries" } },
  { { "maxBackoffMs", "max_backoff_ms" } },
  { { "cache", "cache" } },
};

enum {
  OBJ_TOP,
  OBJ_HTTP,
  OBJ_CACHE,
  OBJ_INSTANCE_CACHE,
  OBJ_TTL,
  OBJ_INSTANCE,
  OBJ_COUNT
};
static const struct {
  const keyspec *keys;
  int n;
} objects[OBJ_COUNT] = {
  { top_keys, T_COUNT },      { http_keys, H_COUNT },
  { cache_keys, C_COUNT },    { instance_cache_keys, C_COUNT },
  { ttl_keys, BM_FAM_OTHER }, { instance_keys, I_COUNT },
};

_Static_assert(T_COUNT <= KEYS_MAX && I_COUNT <= KEYS_MAX &&
                   BM_FAM_OTHER <= KEYS_MAX,
               "an object of the format has more keys than KEYS_MAX");

static const char *const profile_names[] = {
  "essential",
  "standard",
  "full",
  "compact",
};

/* ---- the walk's state ------------------------------------------------- */

typedef struct ctx {
  bm_config *cfg;
  const bm_config_env *env;
  const char *text; /* NULL when loading from the environment */
  size_t len;
  int form;
  int oom;                   /* an allocation failed: the load gives up */
  int problems_cap;          /* allocated slots in cfg->problems */
  bm__jseg path[PATH_DEPTH]; /* where the walk is, for problems */
  int depth;
  const char **sorted_vars; /* env->set_vars sorted, for bsearch */
  int nsorted;
  int *name_slots;    /* instance index by name hash, -1 empty */
  unsigned name_mask; /* name_slots holds name_mask + 1 slots */
} ctx;

/* The members of one object, by key id; item NULL when absent. */
typedef struct members {
  const cJSON *item[KEYS_MAX];
  long pos[KEYS_MAX];
} members;

enum { AT_VALUE, AT_KEY };

/* The format's nesting is fixed by this file, so PATH_DEPTH always fits. */
static void push(ctx *c, const char *key, long index)
{
  assert(c->depth < PATH_DEPTH);
  if (c->depth < PATH_DEPTH) {
    c->path[c->depth].key = key;
    c->path[c->depth].index = index;
    c->depth++;
  }
}

static void pop(ctx *c)
{
  if (c->depth > 0)
    c->depth--;
}

/* The key the walk stands on, for messages. */
static const char *here(const ctx *c)
{
  int i;

  for (i = c->depth - 1; i >= 0; i--)
    if (c->path[i].key != NULL)
      return c->path[i].key;
  return "value";
}

static char *dup_str(ctx *c, const char *s)
{
  size_t n = strlen(s) + 1;
  char *d = malloc(n);

  if (d == NULL)
    c->oom = 1;
  else
    memcpy(d, s, n);
  return d;
}

/* ---- problems --------------------------------------------------------- */

static int has_room(const ctx *c)
{
  return c->cfg->nproblems < BM_MAX_PROBLEMS;
}

/* A fresh problem slot, or NULL (counted as dropped) when full. */
static bm_problem *new_problem(ctx *c, bm_code code)
{
  bm_config *cfg = c->cfg;
  bm_problem *p;

  if (!has_room(c)) {
    cfg->problems_dropped++;
    return NULL;
  }
  if (cfg->nproblems == c->problems_cap) {
    int cap = c->problems_cap ? c->problems_cap * 2 : PROBLEMS_FIRST;

    if (cap > BM_MAX_PROBLEMS)
      cap = BM_MAX_PROBLEMS;
    p = realloc(cfg->problems, (size_t)cap * sizeof *p);
    if (p == NULL) {
      c->oom = 1;
      cfg->problems_dropped++;
      return NULL;
    }
    cfg->problems = p;
    c->problems_cap = cap;
  }
  p = &cfg->problems[cfg->nproblems++];
  memset(p, 0, sizeof *p);
  p->code = code;
  return p;
}

static void set_position(const ctx *c, bm_problem *p, size_t off)
{
  if (c->text != NULL && off != NO_POS)
    bm__json_linecol(c->text, c->len, off, &p->line, &p->col);
}

/* A problem with a literal path and an optional byte offset. */
PRINTF_LIKE(5, 6)
static void report_raw(ctx *c, bm_code code, const char *path, size_t off,
                       const char *fmt, ...)
{
  bm_problem *p = new_problem(c, code);
  va_list ap;

  if (p == NULL)
    return;
  snprintf(p->path, sizeof p->path, "%s", path);
  set_position(c, p, off);
  va_start(ap, fmt);
  vsnprintf(p->message, sizeof p->message, fmt, ap);
  va_end(ap);
}

/* A problem at the walk's path: at the value there, or at its key. */
PRINTF_LIKE(4, 5)
static void report(ctx *c, bm_code code, int at, const char *fmt, ...)
{
  bm_problem *p = new_problem(c, code);
  size_t value_off, key_off;
  va_list ap;

  if (p == NULL)
    return;
  bm__json_path_format(p->path, sizeof p->path, c->path, c->depth);
  if (bm__json_locate(c->text, c->len, c->path, c->depth, &value_off,
                      &key_off) == 0)
    set_position(c, p, at == AT_KEY ? key_off : value_off);
  va_start(ap, fmt);
  vsnprintf(p->message, sizeof p->message, fmt, ap);
  va_end(ap);
}

/* Problems in document order; those without a position come first. */
static void sort_problems(bm_config *cfg)
{
  int i, j;

  for (i = 1; i < cfg->nproblems; i++) {
    bm_problem p = cfg->problems[i];

    for (j = i; j > 0; j--) {
      const bm_problem *q = &cfg->problems[j - 1];

      if (q->line < p.line || (q->line == p.line && q->col <= p.col))
        break;
      cfg->problems[j] = *q;
    }
    cfg->problems[j] = p;
  }
}

/* ---- text helpers ----------------------------------------------------- */

/*
 * Copies user text into buf (ECHO_MAX + 4 bytes) for a message: control
 * characters become '?', and long text is cut at a character boundary and
 * marked with "...".
 */
static const char *echo(char *buf, const char *s)
{
  size_t i;

  for (i = 0; s[i] != '\0' && i < ECHO_MAX; i++)
    buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
  if (s[i] == '\0') {
    buf[i] = '\0';
    return buf;
  }
  while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
    i--;
  memcpy(buf + i, "...", 4);
  return buf;
}

static int lower(int ch)
{
  return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

static int same_text_ci(const char *a, const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    if (lower((unsigned char)*a) != lower((unsigned char)*b))
      return 0;
  return *a == *b;
}

static const char *json_type(const cJSON *v)
{
  if (cJSON_IsString(v))
    return "a string";
  if (cJSON_IsNumber(v))
    return "a number";
  if (cJSON_IsBool(v))
    return "a boolean";
  if (cJSON_IsNull(v))
    return "null";
  if (cJSON_IsArray(v))
    return "an array";
  if (cJSON_IsObject(v))
    return "an object";
  return "an invalid value";
}

/* ^[A-Za-z0-9_-]{1,64}$ */
static int name_ok(const char *s)
{
  size_t n;

  for (n = 0; s[n] != '\0'; n++)
    if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
          (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '-'))
      return 0;
  return n >= 1 && n <= BM_INSTANCE_NAME_MAX;
}

/* ^[A-Z_][A-Z0-9_]*$, at most TOKEN_ENV_MAX bytes */
static int token_env_ok(const char *s)
{
  size_t n;

  if (!((s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
    return 0;
  for (n = 1; s[n] != '\0'; n++)
    if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
          s[n] == '_'))
      return 0;
  return n <= TOKEN_ENV_MAX;
}

/* 1 for true/1/yes, 0 for false/0/no (any case), -1 otherwise. */
static int parse_flag(const char *s)
{
  if (same_text_ci(s, "true") || same_text_ci(s, "yes") || !strcmp(s, "1"))
    return 1;
  if (same_text_ci(s, "false") || same_text_ci(s, "no") || !strcmp(s, "0"))
    return 0;
  return -1;
}

static int parse_profile(const char *s, int any_case, bm_profile *out)
{
  int i;

  for (i = 0; i < 4; i++)
    if (any_case ? same_text_ci(s, profile_names[i])
                 : !strcmp(s, profile_names[i])) {
      *out = (bm_profile)i;
      return 1;
    }
  return 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the host's set variables once, so each instance's lookup is a
 * binary search: a file of 1,000 instances must not cost 1,000 scans. */
static void sort_vars(ctx *c)
{
  int i;

  if (c->env->nset_vars <= 0)
    return;
  c->sorted_vars = malloc((size_t)c->env->nset_vars * sizeof(char *));
  if (c->sorted_vars == NULL) {
    c->oom = 1;
    return;
  }
  for (i = 0; i < c->env->nset_vars; i++)
    if (c->env->set_vars[i] != NULL)
      c->sorted_vars[c->nsorted++] = c->env->set_vars[i];
  qsort(c->sorted_vars, (size_t)c->nsorted, sizeof(char *), cmp_str);
}

/* Is the variable called name set and non-empty in the host's view? */
static int var_is_set(const ctx *c, const char *name)
{
  return c->nsorted > 0 && bsearch(&name, c->sorted_vars, (size_t)c->nsorted,
                                   sizeof *c->sorted_vars, cmp_str) != NULL;
}

static int allow_insecure(const bm_config_env *env)
{
  const char *v = env->allow_insecure;

  return v != NULL && (same_text_ci(v, "true") || !strcmp(v, "1"));
}

/* ---- did you mean ----------------------------------------------------- */

/* Lower case without '_' and '-'; 0 when it does not fit. */
static int normalize_key(const char *s, char out[SUGGEST_LEN_MAX + 1])
{
  size_t n = 0;

  for (; *s != '\0'; s++) {
    if (*s == '_' || *s == '-')
      continue;
    if (n == SUGGEST_LEN_MAX)
      return 0;
    out[n++] = (char)lower((unsigned char)*s);
  }
  out[n] = '\0';
  return 1;
}

/* Edit distance with adjacent swaps counting one (both <= 64 bytes). */
static int edit_distance(const char *a, const char *b)
{
  int rows[3][SUGGEST_LEN_MAX + 1];
  int la = (int)strlen(a), lb = (int)strlen(b), i, j;
  int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;

  for (j = 0; j <= lb; j++)
    prev[j] = j;
  for (i = 1; i <= la; i++) {
    cur[0] = i;
    for (j = 1; j <= lb; j++) {
      int cost = a[i - 1] != b[j - 1];
      int best = prev[j - 1] + cost;

      if (prev[j] + 1 < best)
        best = prev[j] + 1;
      if (cur[j - 1] + 1 < best)
        best = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < best)
        best = prev2[j - 2] + 1;
      cur[j] = best;
    }
    t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/*
 * How close an unknown key is to a known one; lower is closer and -1 is
 * "not close". The other form's exact spelling is closest, then equality
 * ignoring case and separators, then an edit distance of at most 2, then
 * one being a prefix of the other.
 */
static int closeness(const char *key, const char *nkey, const keyspec *ks,
                     int form)
{
  char ncand[SUGGEST_LEN_MAX + 1] = { 0 };
  size_t lk = strlen(nkey), lc;
  int d;

  if (ks->spell[!form] != NULL && !strcmp(key, ks->spell[!form]))
    return 0;
  if (!normalize_key(ks->spell[form], ncand))
    return -1;
  if (!strcmp(nkey, ncand))
    return 1;
  lc = strlen(ncand);
  if (lk >= 2 && (d = edit_distance(nkey, ncand)) <= 2 && (size_t)d < lc)
    return 1 + d;
  if ((lk >= 3 && lk < lc && !strncmp(nkey, ncand, lk)) ||
      (lc >= 3 && lc < lk && !strncmp(nkey, ncand, lc)))
    return 4;
  return -1;
}

/* The known key of this object closest to key, or NULL. */
static const char *suggest(int obj, int form, const char *key)
{
  char nkey[SUGGEST_LEN_MAX + 1] = { 0 };
  const char *best = NULL;
  int best_score = -1, i;

  if (!normalize_key(key, nkey))
    return NULL;
  for (i = 0; i < objects[obj].n; i++) {
    const keyspec *ks = &objects[obj].keys[i];
    int score;

    if (ks->spell[form] == NULL)
      continue;
    score = closeness(key, nkey, ks, form);
    if (score >= 0 && (best_score < 0 || score < best_score)) {
      best = ks->spell[form];
      best_score = score;
    }
  }
  return best;
}

static int find_key(int obj, int form, const char *key)
{
  int i;

  for (i = 0; i < objects[obj].n; i++) {
    const char *k = objects[obj].keys[i].spell[form];

    if (k != NULL && !strcmp(k, key))
      return i;
  }
  return -1;
}

/* Why a known key of another object is not allowed here, or NULL. */
static const char *misplaced(const ctx *c, int obj, const char *key)
{
  if (obj == OBJ_INSTANCE && c->form == FORM_MAP && !strcmp(key, "name"))
    return "in this form an instance is named by its key under 'instances'";
  if (obj == OBJ_INSTANCE_CACHE &&
      (find_key(OBJ_CACHE, FORM_ARRAY, key) == C_MAX_BYTES ||
       find_key(OBJ_CACHE, FORM_MAP, key) == C_MAX_BYTES))
    return "the byte budget is for the whole cache; set it in the top-level "
           "'cache'";
  if (obj == OBJ_TOP && (find_key(OBJ_INSTANCE, FORM_ARRAY, key) >= 0 ||
                         find_key(OBJ_INSTANCE, FORM_MAP, key) >= 0))
    return "this is an instance setting; put it inside 'instances'";
  return NULL;
}

static void list_keys(int obj, int form, char *buf, size_t cap)
{
  size_t n = 0;
  int i;

  buf[0] = '\0';
  for (i = 0; i < objects[obj].n && n < cap; i++) {
    const char *k = objects[obj].keys[i].spell[form];

    if (k != NULL)
      n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", k);
  }
}

/* The walk stands on the member whose key is unknown. */
static void unknown_key(ctx *c, int obj, const char *key)
{
  char shown[ECHO_MAX + 4], keys[200];
  const char *hint, *near;

  if (!has_room(c)) {
    c->cfg->problems_dropped++;
    return;
  }
  echo(shown, key);
  if ((hint = misplaced(c, obj, key)) != NULL) {
    report(c, BM_E_UNKNOWN_KEY, AT_KEY, "unknown key '%s': %s", shown, hint);
  } else if ((near = suggest(obj, c->form, key)) != NULL) {
    report(c, BM_E_UNKNOWN_KEY, AT_KEY, "unknown key '%s' (did you mean '%s'?)",
           shown, near);
  } else {
    list_keys(obj, c->form, keys, sizeof keys);
    report(c, BM_E_UNKNOWN_KEY, AT_KEY,
           "unknown key '%s'; the keys allowed here are: %s", shown, keys);
  }
}

/* ---- members and typed values ----------------------------------------- */

/*
 * Sorts the members of obj by key id, reporting unknown keys and repeated
 * ones (at the repeat, which is then ignored).
 */
static void collect(ctx *c, const cJSON *obj, int kind, members *m)
{
  const cJSON *it;
  long pos = 0;

  memset(m, 0, sizeof *m);
  for (it = obj->child; it != NULL; it = it->next, pos++) {
    const char *key = it->string != NULL ? it->string : "";
    int k = find_key(kind, c->form, key);
    char shown[ECHO_MAX + 4];

    push(c, key, pos);
    if (k < 0) {
      unknown_key(c, kind, key);
    } else if (m->item[k] != NULL) {
      report(c, BM_E_DUPLICATE, AT_KEY,
             "key '%s' appears more than once in this object",
             echo(shown, key));
    } else {
      m->item[k] = it;
      m->pos[k] = pos;
    }
    pop(c);
  }
}

/* Steps onto member k when present; the caller pops after using it. */
static const cJSON *enter(ctx *c, const members *m, int k)
{
  if (m->item[k] == NULL)
    return NULL;
  push(c, m->item[k]->string, m->pos[k]);
  return m->item[k];
}

/* Like enter, but an absent key is a problem at the enclosing object. */
static const cJSON *enter_required(ctx *c, const members *m, int obj, int k)
{
  if (m->item[k] == NULL) {
    report(c, BM_E_MISSING, AT_VALUE, "missing required key '%s'",
           objects[obj].keys[k].spell[c->form]);
    return NULL;
  }
  return enter(c, m, k);
}

static int get_string(ctx *c, const cJSON *v, const char **out)
{
  if (cJSON_IsString(v) && v->valuestring != NULL) {
    *out = v->valuestring;
    return 1;
  }
  report(c, BM_E_TYPE, AT_VALUE, "'%s' must be a string, not %s", here(c),
         json_type(v));
  return 0;
}

static int get_bool(ctx *c, const cJSON *v, int *out)
{
  if (cJSON_IsBool(v)) {
    *out = cJSON_IsTrue(v) ? 1 : 0;
    return 1;
  }
  if (cJSON_IsString(v) && parse_flag(v->valuestring) >= 0)
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be a boolean, not a string: write %s without quotes",
           here(c), parse_flag(v->valuestring) ? "true" : "false");
  else
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be a boolean (true or false), not %s", here(c),
           json_type(v));
  return 0;
}

/* An integer in [lo, hi]; 1.0 counts as an integer, as in JSON Schema. */
static int get_int(ctx *c, const cJSON *v, long long lo, long long hi,
                   long long *out)
{
  double d = v->valuedouble;

  if (!cJSON_IsNumber(v)) {
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be an integer from %lld to %lld, not %s", here(c), lo, hi,
           json_type(v));
    return 0;
  }
  if (!(d >= (double)lo && d <= (double)hi)) {
    report(c, BM_E_VALUE, AT_VALUE, "'%s' must be from %lld to %lld (it is %g)",
           here(c), lo, hi, d);
    return 0;
  }
  if ((double)(long long)d != d) {
    report(c, BM_E_TYPE, AT_VALUE, "'%s' must be a whole number (it is %g)",
           here(c), d);
    return 0;
  }
  *out = (long long)d;
  return 1;
}

static void opt_bool(ctx *c, const members *m, int k, int *dst)
{
  const cJSON *v = enter(c, m, k);

  if (v == NULL)
    return;
  get_bool(c, v, dst);
  pop(c);
}

static int opt_number(ctx *c, const members *m, int k, long long lo,
                      long long hi, long long *dst)
{
  const cJSON *v = enter(c, m, k);
  int ok;

  if (v == NULL)
    return 0;
  ok = get_int(c, v, lo, hi, dst);
  pop(c);
  return ok;
}

static void opt_int(ctx *c, const members *m, int k, int lo, int hi, int *dst)
{
  long long n;

  if (opt_number(c, m, k, lo, hi, &n))
    *dst = (int)n;
}

/* ---- URLs ------------------------------------------------------------- */

static int host_char(char ch)
{
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_';
}

/* Checks host[:port] (host may be an [IPv6] literal); writes the host. */
static int split_authority(const char *a, size_t n, char *host, size_t cap)
{
  size_t h = 0, i;
  unsigned long port = 0;

  if (n > 0 && a[0] == '[') {
    while (h < n && a[h] != ']')
      h++;
    if (h == n)
      return 0;
    for (i = 1; i < h; i++)
      if (!strchr("0123456789abcdefABCDEF:.", a[i]))
        return 0;
    h++;
  } else {
    while (h < n && a[h] != ':')
      if (!host_char(a[h++]))
        return 0;
  }
  if (h == 0 || h >= cap)
    return 0;
  if (h < n) {
    if (a[h] != ':' || h + 1 == n || n - h - 1 > 5)
      return 0;
    for (i = h + 1; i < n; i++) {
      if (a[i] < '0' || a[i] > '9')
        return 0;
      port = port * 10 + (unsigned long)(a[i] - '0');
    }
    if (port < 1 || port > 65535)
      return 0;
  }
  memcpy(host, a, h);
  host[h] = '\0';
  return 1;
}

static int is_loopback(const char *host)
{
  return same_text_ci(host, "localhost") || !strcmp(host, "127.0.0.1") ||
         !strcmp(host, "[::1]");
}

/* Is url[0..n) the word w, ignoring case? */
static int word_is(const char *url, size_t n, const char *w)
{
  size_t i;

  if (n != strlen(w))
    return 0;
  for (i = 0; i < n; i++)
    if (lower((unsigned char)url[i]) != w[i])
      return 0;
  return 1;
}

/* Writes a URL problem into msg and returns its code. */
PRINTF_LIKE(3, 4)
static bm_code url_fail(char *msg, size_t cap, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(msg, cap, fmt, ap);
  va_end(ap);
  return BM_E_URL;
}

/*
 * The form of an API URL: scheme "://" host [":" port] path, no spaces,
 * no userinfo, no query or fragment. Writes the host and the scheme's
 * length. No message repeats the URL as given, since it may carry
 * credentials: at most the host is shown, or the URL without userinfo.
 */
static bm_code check_url_form(const char *key, const char *url,
                              char host[URL_MAX + 1], size_t *scheme_len,
                              char *msg, size_t cap)
{
  static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  char shown[ECHO_MAX + 4];
  size_t n = strlen(url), s = strspn(url, letters), alen, i;
  const char *auth, *at = NULL;

  if (n == 0 || n > URL_MAX)
    return url_fail(msg, cap, "'%s' must be a URL of 1 to %d bytes", key,
                    URL_MAX);
  for (i = 0; i < n; i++)
    if ((unsigned char)url[i] <= ' ' || url[i] == 0x7F)
      return url_fail(msg, cap,
                      "'%s' must not contain spaces or control "
                      "characters",
                      key);
  if (s == 0 || strncmp(url + s, "://", 3) != 0)
    return url_fail(msg, cap,
                    "'%s' must be an absolute URL such as "
                    "https://ACCOUNT.kanbanize.com/api/v2",
                    key);
  auth = url + s + 3;
  alen = strcspn(auth, "/?#");
  for (i = 0; i < alen; i++)
    if (auth[i] == '@')
      at = auth + i;
  if (at != NULL)
    return url_fail(msg, cap,
                    "'%s' must not contain credentials "
                    "(user:password@); keep the token in its environment "
                    "variable (without them: %.*s://%s)",
                    key, (int)s, url, echo(shown, at + 1));
  if (strpbrk(url, "?#") != NULL)
    return url_fail(msg, cap, "'%s' must not have a query or a fragment", key);
  if (!split_authority(auth, alen, host, URL_MAX + 1))
    return url_fail(msg, cap,
                    "'%s' must have a valid host (and port), as "
                    "in https://ACCOUNT.kanbanize.com/api/v2",
                    key);
  *scheme_len = s;
  return BM_OK;
}

/*
 * Checks an API URL; key names the setting in messages. https is always
 * allowed; plain http only to a loopback host and only with the opt-in.
 */
static bm_code check_url(const char *key, const char *url, int insecure_ok,
                         char *msg, size_t cap)
{
  char host[URL_MAX + 1], shown[ECHO_MAX + 4];
  size_t s = 0;

  if (check_url_form(key, url, host, &s, msg, cap) != BM_OK)
    return BM_E_URL;
  if (word_is(url, s, "https"))
    return BM_OK;
  if (!word_is(url, s, "http")) {
    snprintf(msg, cap, "'%s' must use https, not %.*s", key, (int)s, url);
    return BM_E_URL;
  }
  if (!is_loopback(host)) {
    snprintf(msg, cap,
             "'%s' must use https; plain http is allowed only "
             "for localhost, 127.0.0.1 or [::1] (the host here is %s)",
             key, echo(shown, host));
    return BM_E_URL;
  }
  if (!insecure_ok) {
    snprintf(msg, cap,
             "'%s' uses plain http to %s; set "
             "ALLOW_INSECURE_LOCALHOST=true to allow it for local testing, "
             "or use https",
             key, echo(shown, host));
    return BM_E_URL;
  }
  return BM_OK;
}

/* A private copy of a checked URL without one trailing slash. */
static char *keep_url(ctx *c, const char *url)
{
  char *d = dup_str(c, url);
  size_t n = d != NULL ? strlen(d) : 0;

  if (n > 0 && d[n - 1] == '/')
    d[n - 1] = '\0';
  return d;
}

/* ---- policy ----------------------------------------------------------- */

void bm_policy_defaults(bm_policy *p)
{
  static const int ttl[BM_FAM_COUNT] = {
    [BM_FAM_WORKSPACES] = 900, [BM_FAM_BOARDS] = 30,
    [BM_FAM_STRUCTURE] = 60,   [BM_FAM_USERS] = 300,
    [BM_FAM_CARD_TYPES] = 300, [BM_FAM_CUSTOM_FIELDS] = 300,
    [BM_FAM_CARDS] = 0,        [BM_FAM_DOCS] = 0,
    [BM_FAM_OTHER] = 0,
  };

  p->timeout_ms = 30000;
  p->max_retries = 3;
  p->max_backoff_ms = 60000;
  p->cache_enabled = 1;
  memcpy(p->ttl_s, ttl, sizeof ttl);
}

static void load_http(ctx *c, const cJSON *v, bm_policy *p)
{
  members m;

  if (!cJSON_IsObject(v)) {
    report(c, BM_E_TYPE, AT_VALUE, "'%s' must be an object, not %s", here(c),
           json_type(v));
    return;
  }
  collect(c, v, OBJ_HTTP, &m);
  opt_int(c, &m, H_TIMEOUT, TIMEOUT_MIN, TIMEOUT_MAX, &p->timeout_ms);
  opt_int(c, &m, H_RETRIES, 0, RETRIES_MAX, &p->max_retries);
  opt_int(c, &m, H_BACKOFF, 0, BACKOFF_MAX, &p->max_backoff_ms);
}

static void load_ttl(ctx *c, const cJSON *v, bm_policy *p)
{
  members m;
  int f;

  if (!cJSON_IsObject(v)) {
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be an object of seconds by resource family, not %s",
           here(c), json_type(v));
    return;
  }
  collect(c, v, OBJ_TTL, &m);
  for (f = 0; f < BM_FAM_OTHER; f++)
    opt_int(c, &m, f, 0, TTL_MAX, &p->ttl_s[f]);
}

/*
 * "cache": true, false or an object. kind tells the top-level cache
 * (which has the byte budget, written to *max_bytes) from an instance's.
 */
static void load_cache(ctx *c, const cJSON *v, int kind, bm_policy *p,
                       size_t *max_bytes)
{
  members m;
  const cJSON *t;
  long long n;

  if (cJSON_IsBool(v)) {
    p->cache_enabled = cJSON_IsTrue(v) ? 1 : 0;
    return;
  }
  if (!cJSON_IsObject(v)) {
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be true, false or an object, not %s", here(c),
           json_type(v));
    return;
  }
  collect(c, v, kind, &m);
  opt_bool(c, &m, C_ENABLED, &p->cache_enabled);
  if (max_bytes != NULL &&
      opt_number(c, &m, C_MAX_BYTES, 0, CACHE_BYTES_MAX, &n))
    *max_bytes = (size_t)n;
  if ((t = enter(c, &m, C_TTL)) != NULL) {
    load_ttl(c, t, p);
    pop(c);
  }
}

/* ---- one instance ----------------------------------------------------- */

/* Makes the name table for n instances: a power of two at least 2n,
 * every slot empty (-1). */
static void make_name_table(ctx *c, int n)
{
  size_t slots = 16;

  while (slots < 2 * (size_t)n)
    slots *= 2;
  c->name_slots = malloc(slots * sizeof *c->name_slots);
  if (c->name_slots == NULL) {
    c->oom = 1;
    return;
  }
  memset(c->name_slots, 0xff, slots * sizeof *c->name_slots);
  c->name_mask = (unsigned)slots - 1;
}

/* Reports name if an earlier instance has it; n is this one's index. The
 * names seen so far sit in an open-addressing table (FNV-1a hash). */
static void check_unique(ctx *c, const char *name, int n, int at)
{
  char shown[ECHO_MAX + 4];
  unsigned h = 2166136261u;
  const char *p;

  if (c->name_slots == NULL)
    return; /* out of memory: c->oom ends the load */
  for (p = name; *p; p++)
    h = (h ^ (unsigned char)*p) * 16777619u;
  for (h &= c->name_mask; c->name_slots[h] >= 0; h = (h + 1) & c->name_mask) {
    int i = c->name_slots[h];
    const char *other = c->cfg->instances[i].name;

    if (other != NULL && !strcmp(other, name)) {
      report(c, BM_E_DUPLICATE, at,
             "instance name '%s' is already used by instance %d",
             echo(shown, name), i + 1);
      return;
    }
  }
  c->name_slots[h] = n;
}

static void check_name(ctx *c, const char *name, int at)
{
  char shown[ECHO_MAX + 4];

  if (!name_ok(name))
    report(c, BM_E_VALUE, at,
           "instance name '%s' must be 1 to %d letters, digits, '_' or '-'",
           echo(shown, name), BM_INSTANCE_NAME_MAX);
}

/* "name" of a listed instance: required, a valid and unused name. */
static void load_name(ctx *c, const members *m, bm_instance *in, int n)
{
  const cJSON *v = enter_required(c, m, OBJ_INSTANCE, I_NAME);
  const char *s;

  if (v == NULL)
    return;
  if (get_string(c, v, &s)) {
    check_name(c, s, AT_VALUE);
    check_unique(c, s, n, AT_VALUE);
    in->name = dup_str(c, s);
  }
  pop(c);
}

static void load_api_url(ctx *c, const members *m, bm_instance *in)
{
  const cJSON *v = enter_required(c, m, OBJ_INSTANCE, I_API_URL);
  char msg[BM_PROBLEM_MESSAGE_MAX];
  const char *s;

  if (v == NULL)
    return;
  if (get_string(c, v, &s)) {
    if (check_url(here(c), s, allow_insecure(c->env), msg, sizeof msg))
      report(c, BM_E_URL, AT_VALUE, "%s", msg);
    else
      in->api_url = keep_url(c, s);
  }
  pop(c);
}

/* The value is never echoed when it is not a name: it may be the token. */
static void load_token_env(ctx *c, const members *m, bm_instance *in)
{
  const cJSON *v = enter_required(c, m, OBJ_INSTANCE, I_TOKEN_ENV);
  const char *s;

  if (v == NULL)
    return;
  if (!get_string(c, v, &s)) {
    /* reported */
  } else if (!token_env_ok(s)) {
    report(c, BM_E_TOKEN_ENV, AT_VALUE,
           "'%s' must be the name of an environment variable (A-Z, 0-9 "
           "and '_', not starting with a digit), not the token itself",
           here(c));
  } else {
    if (c->env->check_token_vars && !var_is_set(c, s))
      report(c, BM_E_TOKEN_ENV, AT_VALUE,
             "environment variable %s is unset or empty; it must hold the "
             "API token of this instance",
             s);
    in->token_env = dup_str(c, s);
  }
  pop(c);
}

static void load_description(ctx *c, const members *m, bm_instance *in)
{
  const cJSON *v = enter(c, m, I_DESCRIPTION);
  const char *s;

  if (v == NULL)
    return;
  if (get_string(c, v, &s)) {
    if (strlen(s) > DESCRIPTION_MAX)
      report(c, BM_E_VALUE, AT_VALUE, "'%s' must be at most %d bytes", here(c),
             DESCRIPTION_MAX);
    else
      in->description = dup_str(c, s);
  }
  pop(c);
}

static void load_tag(ctx *c, const cJSON *t, bm_instance *in)
{
  if (!cJSON_IsString(t) || t->valuestring == NULL)
    report(c, BM_E_TYPE, AT_VALUE, "each tag must be a string, not %s",
           json_type(t));
  else if (t->valuestring[0] == '\0' || strlen(t->valuestring) > TAG_LEN_MAX)
    report(c, BM_E_VALUE, AT_VALUE, "each tag must be 1 to %d bytes",
           TAG_LEN_MAX);
  else if ((in->tags[in->ntags] = dup_str(c, t->valuestring)) != NULL)
    in->ntags++;
}

static void load_tags(ctx *c, const members *m, bm_instance *in)
{
  const cJSON *v = enter(c, m, I_TAGS), *t;
  int n = 0;
  long i = 0;

  if (v == NULL)
    return;
  if (!cJSON_IsArray(v))
    report(c, BM_E_TYPE, AT_VALUE,
           "'%s' must be an array of strings, "
           "not %s",
           here(c), json_type(v));
  else if ((n = cJSON_GetArraySize(v)) > BM_MAX_TAGS)
    report(c, BM_E_LIMIT, AT_VALUE, "'%s' may hold at most %d tags", here(c),
           BM_MAX_TAGS);
  else if (n > 0 && (in->tags = calloc((size_t)n, sizeof *in->tags)) == NULL)
    c->oom = 1;
  else
    for (t = v->child; t != NULL && !c->oom; t = t->next, i++) {
      push(c, NULL, i);
      load_tag(c, t, in);
      pop(c);
    }
  pop(c);
}

/*
 * The members of one instance object. The instance's policy already holds
 * the server's; its own keys override it.
 */
static void load_instance_body(ctx *c, const cJSON *obj, bm_instance *in, int n)
{
  members m;
  long long id;
  const cJSON *v;

  collect(c, obj, OBJ_INSTANCE, &m);
  if (c->form == FORM_ARRAY)
    load_name(c, &m, in, n);
  load_api_url(c, &m, in);
  load_token_env(c, &m, in);
  opt_bool(c, &m, I_READ_ONLY, &in->read_only);
  if (opt_number(c, &m, I_WORKSPACE, 1, WORKSPACE_ID_MAX, &id))
    in->default_workspace_id = id;
  load_description(c, &m, in);
  load_tags(c, &m, in);
  opt_int(c, &m, I_TIMEOUT, TIMEOUT_MIN, TIMEOUT_MAX, &in->policy.timeout_ms);
  opt_int(c, &m, I_RETRIES, 0, RETRIES_MAX, &in->policy.max_retries);
  opt_int(c, &m, I_BACKOFF, 0, BACKOFF_MAX, &in->policy.max_backoff_ms);
  if ((v = enter(c, &m, I_CACHE)) != NULL) {
    load_cache(c, v, OBJ_INSTANCE_CACHE, &in->policy, NULL);
    pop(c);
  }
}

/* The walk stands on instance n (an element, or a member in map form). */
static void load_instance(ctx *c, const cJSON *v, int n)
{
  bm_instance *in = &c->cfg->instances[n];
  char shown[ECHO_MAX + 4];

  in->policy = c->cfg->policy;
  if (c->form == FORM_MAP) {
    check_name(c, v->string, AT_KEY);
    check_unique(c, v->string, n, AT_KEY);
    in->name = dup_str(c, v->string);
  }
  if (cJSON_IsObject(v))
    load_instance_body(c, v, in, n);
  else if (c->form == FORM_MAP)
    report(c, BM_E_TYPE, AT_VALUE, "instance '%s' must be an object, not %s",
           echo(shown, v->string), json_type(v));
  else
    report(c, BM_E_TYPE, AT_VALUE, "each instance must be an object, not %s",
           json_type(v));
}

static void load_instances(ctx *c, const cJSON *v)
{
  bm_config *cfg = c->cfg;
  const cJSON *it;
  int n = 0;

  if (!cJSON_IsArray(v) && !cJSON_IsObject(v)) {
    report(c, BM_E_TYPE, AT_VALUE,
           "'instances' must be an array of "
           "instances or an object keyed by instance name, not %s",
           json_type(v));
    return;
  }
  for (it = v->child; it != NULL && n <= BM_MAX_INSTANCES; it = it->next)
    n++;
  if (n == 0) {
    report(c, BM_E_VALUE, AT_VALUE,
           "'instances' is empty; configure at "
           "least one instance");
    return;
  }
  if (n > BM_MAX_INSTANCES) {
    report(c, BM_E_LIMIT, AT_VALUE,
           "'instances' may hold at most %d "
           "instances",
           BM_MAX_INSTANCES);
    return;
  }
  cfg->instances = calloc((size_t)n, sizeof *cfg->instances);
  make_name_table(c, n);
  if (cfg->instances == NULL || c->oom) {
    c->oom = 1;
    return;
  }
  cfg->ninstances = n;
  for (n = 0, it = v->child; it != NULL && !c->oom; it = it->next, n++) {
    push(c, c->form == FORM_MAP ? it->string : NULL, n);
    load_instance(c, it, n);
    pop(c);
  }
}

/* ---- the top level ---------------------------------------------------- */

/*
 * Valid instance names for a message, each once, shortened to
 * NAMES_SHOWN_MAX. Quadratic, but only run once per load.
 */
static void list_names(const bm_config *cfg, char *buf, size_t cap)
{
  size_t n = 0;
  int i, listed = 0, valid = 0;

  buf[0] = '\0';
  for (i = 0; i < cfg->ninstances; i++) {
    const char *name = cfg->instances[i].name;

    if (name == NULL || !name_ok(name) || bm_config_find(cfg, name) != i)
      continue;
    valid++;
    if (listed == valid - 1 && n + strlen(name) + 2 <= NAMES_SHOWN_MAX) {
      n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", name);
      listed++;
    }
  }
  if (listed < valid)
    snprintf(buf + n, cap - n, "%s... and %d more", n ? ", " : "",
             valid - listed);
}

/*
 * The default instance: the one defaultInstance names, else the only
 * one. Nothing is said when there are no instances: that was reported.
 */
static void resolve_default(ctx *c, const members *m)
{
  bm_config *cfg = c->cfg;
  char names[NAMES_SHOWN_MAX + 32], shown[ECHO_MAX + 4];
  const cJSON *v;
  const char *s;

  if (cfg->ninstances == 0)
    return;
  if ((v = enter(c, m, T_DEFAULT)) != NULL) {
    if (get_string(c, v, &s)) {
      cfg->default_index = bm_config_find(cfg, s);
      if (cfg->default_index < 0) {
        list_names(cfg, names, sizeof names);
        report(c, BM_E_DEFAULT, AT_VALUE,
               "'%s' is '%s', which names no "
               "instance; the instances are: %s",
               here(c), echo(shown, s), names);
      }
    }
    pop(c);
  } else if (cfg->ninstances == 1) {
    cfg->default_index = 0;
  } else {
    list_names(cfg, names, sizeof names);
    report(c, BM_E_DEFAULT, AT_VALUE,
           "there are %d instances and no '%s';"
           " set it to one of: %s",
           cfg->ninstances, top_keys[T_DEFAULT].spell[c->form], names);
  }
}

static void check_version(ctx *c, const cJSON *v)
{
  char shown[ECHO_MAX + 4];

  if (!cJSON_IsString(v) || v->valuestring == NULL)
    report(c, BM_E_TYPE, AT_VALUE,
           "'version' must be the string \"1.0\", "
           "not %s",
           json_type(v));
  else if (strcmp(v->valuestring, "1.0") != 0)
    report(c, BM_E_VALUE, AT_VALUE,
           "unsupported version '%s'; this "
           "server reads version \"1.0\"",
           echo(shown, v->valuestring));
}

static void load_profile(ctx *c, const cJSON *v)
{
  char shown[ECHO_MAX + 4];
  const char *s;

  if (!get_string(c, v, &s))
    return;
  if (!parse_profile(s, 0, &c->cfg->profile))
    report(c, BM_E_PROFILE, AT_VALUE,
           "unknown tool profile '%s'; the "
           "profiles are essential, standard, full, compact",
           echo(shown, s));
}

/*
 * The type of "instances" decides the form. When it does not, the
 * spelling of the other top-level keys does, camelCase winning ties.
 */
static int detect_form(const cJSON *root)
{
  const cJSON *inst = cJSON_GetObjectItemCaseSensitive(root, "instances");
  const cJSON *it;
  int snake = 0, camel = 0;

  if (cJSON_IsObject(inst))
    return FORM_MAP;
  if (cJSON_IsArray(inst))
    return FORM_ARRAY;
  for (it = root->child; it != NULL; it = it->next) {
    if (it->string == NULL)
      continue;
    if (find_key(OBJ_TOP, FORM_MAP, it->string) >= 0 &&
        find_key(OBJ_TOP, FORM_ARRAY, it->string) < 0)
      snake++;
    if (find_key(OBJ_TOP, FORM_ARRAY, it->string) >= 0 &&
        find_key(OBJ_TOP, FORM_MAP, it->string) < 0)
      camel++;
  }
  return snake > camel ? FORM_MAP : FORM_ARRAY;
}

static void load_file(ctx *c, const cJSON *root)
{
  bm_config *cfg = c->cfg;
  members m;
  const cJSON *v;
  const char *s;

  if (!cJSON_IsObject(root)) {
    report(c, BM_E_TYPE, AT_VALUE,
           "the configuration must be a JSON "
           "object with an 'instances' key, not %s",
           json_type(root));
    return;
  }
  c->form = detect_form(root);
  collect(c, root, OBJ_TOP, &m);
  if ((v = enter(c, &m, T_SCHEMA)) != NULL) {
    get_string(c, v, &s);
    pop(c);
  }
  if ((v = enter(c, &m, T_VERSION)) != NULL) {
    check_version(c, v);
    pop(c);
  }
  if ((v = enter(c, &m, T_PROFILE)) != NULL) {
    load_profile(c, v);
    pop(c);
  }
  opt_bool(c, &m, T_READ_ONLY, &cfg->read_only);
  if ((v = enter(c, &m, T_HTTP)) != NULL) {
    load_http(c, v, &cfg->policy);
    pop(c);
  }
  if ((v = enter(c, &m, T_CACHE)) != NULL) {
    load_cache(c, v, OBJ_CACHE, &cfg->policy, &cfg->cache_max_bytes);
    pop(c);
  }
  if ((v = enter_required(c, &m, OBJ_TOP, T_INSTANCES)) != NULL) {
    load_instances(c, v);
    pop(c);
  }
  resolve_default(c, &m);
}

/*
 * Syntax first, with jsonpos, which is stricter than cJSON and knows
 * where and what; then the tree. cJSON's global error pointer is never
 * read: its end pointer serves if it fails after the check passed.
 */
static void load_text(ctx *c)
{
  const char *what = NULL, *end = NULL;
  size_t off = 0;
  cJSON *root;

  if (bm__json_check(c->text, c->len, &off, &what) != 0) {
    report_raw(c, BM_E_JSON_SYNTAX, "$", off, "invalid JSON: %s", what);
    return;
  }
  root = cJSON_ParseWithLengthOpts(c->text, c->len, &end, 0);
  if (root == NULL) {
    off = end != NULL && end >= c->text && end <= c->text + c->len
              ? (size_t)(end - c->text)
              : 0;
    report_raw(c, BM_E_JSON_SYNTAX, "$", off,
               "the JSON could not be "
               "parsed past this point (out of memory?)");
    return;
  }
  load_file(c, root);
  cJSON_Delete(root);
}

/* ---- the environment -------------------------------------------------- */

/* A positive integer of decimal digits, at most WORKSPACE_ID_MAX. */
static int parse_workspace(const char *s, long long *out)
{
  long long v = 0;
  size_t i;

  for (i = 0; s[i] != '\0'; i++) {
    int d = s[i] - '0';

    if (d < 0 || d > 9 || v > (WORKSPACE_ID_MAX - d) / 10)
      return 0;
    v = v * 10 + d;
  }
  if (v < 1)
    return 0;
  *out = v;
  return 1;
}

static int present(const char *s)
{
  return s != NULL && s[0] != '\0';
}

/* No file: one instance called "default" from the single-instance vars. */
static void load_env(ctx *c)
{
  const bm_config_env *env = c->env;
  bm_config *cfg = c->cfg;
  char msg[BM_PROBLEM_MESSAGE_MAX];
  bm_instance *in;

  cfg->single_env = 1;
  if (!present(env->api_url)) {
    report_raw(c, BM_E_NO_CONFIG, "$", NO_POS,
               "no instances configured: "
               "use --config PATH, BUSINESSMAP_INSTANCES_CONFIG, "
               "BUSINESSMAP_INSTANCES, ./.businessmap-instances.json, "
               "~/.config/businessmap-mcp/instances.json, or " ENV_API_URL
               " with " ENV_API_TOKEN);
    return;
  }
  if ((cfg->instances = calloc(1, sizeof *cfg->instances)) == NULL) {
    c->oom = 1;
    return;
  }
  cfg->ninstances = 1;
  cfg->default_index = 0;
  in = &cfg->instances[0];
  in->policy = cfg->policy;
  in->name = dup_str(c, "default");
  in->token_env = dup_str(c, ENV_API_TOKEN);
  if (check_url(ENV_API_URL, env->api_url, allow_insecure(env), msg,
                sizeof msg))
    report_raw(c, BM_E_URL, "$env." ENV_API_URL, NO_POS, "%s", msg);
  else
    in->api_url = keep_url(c, env->api_url);
  if (env->check_token_vars && !var_is_set(c, ENV_API_TOKEN))
    report_raw(c, BM_E_TOKEN_ENV, "$env." ENV_API_TOKEN, NO_POS,
               ENV_API_TOKEN " is unset or empty; it must hold the API "
                             "token for " ENV_API_URL);
  if (present(env->default_workspace) &&
      !parse_workspace(env->default_workspace, &in->default_workspace_id))
    report_raw(c, BM_E_VALUE, "$env." ENV_WORKSPACE, NO_POS,
               ENV_WORKSPACE " must be a positive whole number");
}

/*
 * Settings the environment adds to either source: the tool profile (the
 * variable wins over the file) and read-only mode (either one turns it
 * on; the variable cannot turn off what the file turned on).
 */
static void apply_env(ctx *c)
{
  const bm_config_env *env = c->env;
  bm_config *cfg = c->cfg;
  char shown[ECHO_MAX + 4];
  int i, flag;

  if (present(env->tool_profile) &&
      !parse_profile(env->tool_profile, 1, &cfg->profile))
    report_raw(c, BM_E_PROFILE, "$env." ENV_PROFILE, NO_POS,
               "unknown tool profile '%s' in " ENV_PROFILE "; the profiles "
               "are essential, standard, full, compact",
               echo(shown, env->tool_profile));
  if (present(env->read_only)) {
    if ((flag = parse_flag(env->read_only)) < 0)
      report_raw(c, BM_E_VALUE, "$env." ENV_READ_ONLY, NO_POS,
                 ENV_READ_ONLY " must be true or false (or 1/0, yes/no), "
                               "not '%s'",
                 echo(shown, env->read_only));
    else if (flag)
      cfg->read_only = 1;
  }
  if (cfg->read_only)
    for (i = 0; i < cfg->ninstances; i++)
      cfg->instances[i].read_only = 1;
}

/* ---- the API ---------------------------------------------------------- */

bm_config *bm_config_load(const char *text, size_t len, const char *source,
                          const bm_config_env *env)
{
  static const bm_config_env no_env;
  bm_config *cfg = calloc(1, sizeof *cfg);
  ctx c;

  if (cfg == NULL)
    return NULL;
  cfg->default_index = -1;
  cfg->profile = BM_PROFILE_ESSENTIAL;
  cfg->cache_max_bytes = CACHE_BYTES_DEFAULT;
  bm_policy_defaults(&cfg->policy);
  snprintf(cfg->source, sizeof cfg->source, "%s",
           source != NULL ? source
           : text == NULL ? "environment"
                          : "");

  memset(&c, 0, sizeof c);
  c.cfg = cfg;
  c.env = env != NULL ? env : &no_env;
  c.text = text;
  c.len = text != NULL ? len : 0;
  sort_vars(&c);

  if (text == NULL)
    load_env(&c);
  else if (len > BM_MAX_CONFIG_BYTES)
    report_raw(&c, BM_E_LIMIT, "$", NO_POS,
               "the configuration is %zu "
               "bytes; the limit is %u",
               len, BM_MAX_CONFIG_BYTES);
  else
    load_text(&c);
  apply_env(&c);

  free(c.sorted_vars);
  free(c.name_slots);
  if (c.oom) {
    bm_config_free(cfg);
    return NULL;
  }
  sort_problems(cfg);
  return cfg;
}

void bm_config_free(bm_config *cfg)
{
  int i, t;

  if (cfg == NULL)
    return;
  for (i = 0; cfg->instances != NULL && i < cfg->ninstances; i++) {
    bm_instance *in = &cfg->instances[i];

    free(in->name);
    free(in->api_url);
    free(in->token_env);
    free(in->description);
    for (t = 0; in->tags != NULL && t < in->ntags; t++)
      free(in->tags[t]);
    free(in->tags);
  }
  free(cfg->instances);
  free(cfg->problems);
  free(cfg);
}

int bm_config_find(const bm_config *cfg, const char *name)
{
  int i;

  if (cfg == NULL || name == NULL)
    return -1;
  for (i = 0; i < cfg->ninstances; i++)
    if (cfg->instances[i].name != NULL && !strcmp(cfg->instances[i].name, name))
      return i;
  return -1;
}

const char *bm_profile_name(bm_profile p)
{
  if ((unsigned)p >= sizeof profile_names / sizeof profile_names[0])
    return "unknown";
  return profile_names[p];
}
