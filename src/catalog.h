/*
 * catalog.h - the tool catalog as data.
 *
 * Owns: the description of every tool (name, title, description, profile,
 * annotations, parameters, and how the parameters map onto an API request).
 * One table drives tools/list, argument validation, request building,
 * profiles and read-only filtering. A tool whose work is a single request
 * needs nothing but its entry; a multi-step flow adds one step function
 * (see call.h). The tables are static and constant; nothing here is freed.
 */
#ifndef BM_CATALOG_H
#define BM_CATALOG_H

#include <stddef.h>

#include "config.h"

struct bm_call;
struct bm_reply;
struct bm_bulk_spec; /* flows.c: how a bulk tool analyses and applies */

/* The parameter types of operations.md §1.5, plus plain JSON types. */
typedef enum bm_ptype {
  BM_T_ID = 1,   /* integer 1..2147483647; numeric strings accepted */
  BM_T_INT,      /* integer in [min, max] */
  BM_T_NUM,      /* number in [min, max] */
  BM_T_FLAG,     /* integer 0 or 1 (true/false accepted) */
  BM_T_BOOL,     /* boolean; sent as 0/1 where the API wants a flag */
  BM_T_STR,      /* string of min..max characters */
  BM_T_NAME,     /* 1..100, trimmed, inner whitespace collapsed */
  BM_T_TITLE,    /* 1..500, trimmed */
  BM_T_TEXT,     /* 0..10000 */
  BM_T_ENUM,     /* string from choices */
  BM_T_IENUM,    /* integer from choices ("1|2|3") */
  BM_T_DATE,     /* YYYY-MM-DD or an ISO date-time */
  BM_T_DATETIME, /* ISO date-time (a date is accepted) */
  BM_T_COLOR,    /* 6 hex digits; '#' stripped, 3-digit form expanded */
  BM_T_URL,      /* http(s)://..., at most 2048 */
  BM_T_EMAIL,    /* local@domain.tld, 3..254 */
  BM_T_POS,      /* integer 0..999999 */
  BM_T_IDS,      /* array of ID, at most max items (min: least) */
  BM_T_INTS,     /* array of INT in [lo, hi] of the item */
  BM_T_STRS,     /* array of strings */
  BM_T_ENUMS,    /* array of strings from choices */
  BM_T_OBJ,      /* object with fields */
  BM_T_OBJS,     /* array of objects with fields */
  BM_T_ANY       /* any JSON value, passed through */
} bm_ptype;

/* Where a parameter goes in the request, and how it is checked. */
enum {
  BM_REQ = 1u << 0,      /* required */
  BM_PATH = 1u << 1,     /* substituted into {name} in the path */
  BM_QUERY = 1u << 2,    /* query string; lists comma-joined */
  BM_BODY = 1u << 3,     /* JSON body */
  BM_LOCAL = 1u << 4,    /* used by the server only, never sent */
  BM_HIDDEN = 1u << 5,   /* accepted but not advertised */
  BM_DEDUP = 1u << 6,    /* remove duplicate array items */
  BM_NOTBLANK = 1u << 7, /* a string that must not be blank */
  BM_BRIEF = 1u << 8     /* OBJ/OBJS: the schema shows the type and desc
                              only; fields are still checked */
};

typedef struct bm_param {
  const char *name;
  bm_ptype type;
  unsigned flags;
  const char *desc;              /* NULL: the name and the type say enough */
  double lo, hi;                 /* value range; for strings: length range;
                             for arrays: the range of each item */
  int min_items, max_items;      /* arrays; max 0 = no cap */
  const char *choices;           /* "a|b|c" for enums */
  const char *api;               /* API name when it differs from name */
  const struct bm_param *fields; /* OBJ/OBJS: NULL-name terminated */
  const char *dflt;     /* default as JSON text; applied and advertised */
  const char *alias_of; /* this name is an alias of another parameter */
} bm_param;

/* Annotation codes of operations.md §1.4. */
typedef enum bm_ann { BM_RO = 0, BM_W, BM_WI, BM_DI, BM_WD } bm_ann;
/* BM_WD: may write and destroy, not idempotent (all spec defaults); only
 * call_operation, which runs any operation, has it. */

/* How a single-request tool shapes the API's data into its result. */
typedef enum bm_shape {
  BM_SHAPE_DATA = 0, /* the data payload as it is */
  BM_SHAPE_WRAP,     /* {<wrap>: data, count} */
  BM_SHAPE_ECHO,     /* the path ids, e.g. {card_id, tag_id} */
  BM_SHAPE_FIRST     /* data[0] when data is an array */
} bm_shape;

typedef void (*bm_step_fn)(struct bm_call *c, const struct bm_reply *r);

typedef struct bm_tool {
  const char *name;
  const char *desc;
  bm_ann ann;
  bm_profile profile;     /* smallest profile that lists it */
  const char *method;     /* for the generic single-request step */
  const char *path;       /* API path with {param} holes */
  const bm_param *params; /* NULL-name terminated; may be NULL */
  bm_step_fn step;        /* NULL: the generic single request */
  bm_shape shape;
  const char *wrap;                /* key for BM_SHAPE_WRAP */
  const char *summary;             /* a line put before the JSON result */
  const char *one_of;              /* "a,b,c": at least one must be given */
  const char *doing;               /* "creating a card", for error messages */
  int instance_tool;               /* 1: no API, no instance argument */
  const struct bm_bulk_spec *bulk; /* for bm__step_bulk */
} bm_tool;

/* The tables live one per family (tools_*.c), each ending with an entry
 * whose name is NULL; catalog.c joins them in listing order. */

/* Every tool in listing order; count through n. */
const bm_tool *bm_catalog_tool(size_t i);
size_t bm_catalog_count(void);

/* Looks a name up, aliases included; NULL if unknown. */
const bm_tool *bm_catalog_find(const char *name);

/* True when the tool changes something (annotation other than RO). */
int bm_tool_mutates(const bm_tool *t);

/* True when tools/call accepts the tool under profile p. */
int bm_tool_callable(const bm_tool *t, bm_profile p);

/* The title: the name in Title Case ("Get Card Comments"). */
void bm_tool_title(const bm_tool *t, char *out, size_t n);

/* The i-th alias name and its tool; NULL past the end. */
const char *bm_catalog_alias(size_t i, const char **tool);

/* True when the tool is listed under profile p with the given global
 * read-only setting. */
int bm_tool_listed(const bm_tool *t, bm_profile p, int read_only);

#endif
