/*
 * errors.h - the stable error codes of the core and the problem record.
 *
 * Owns: the code enum (never renumbered), the one table of code names, and
 * bm_problem, the record every parser and validator fills. A problem keeps
 * its text inline, so nobody frees anything.
 */
#ifndef BM_ERRORS_H
#define BM_ERRORS_H

#include <stddef.h>

typedef enum bm_code {
  BM_OK = 0,
  BM_E_NOMEM = 1,       /* an allocation or a named cap failed */
  BM_E_JSON_SYNTAX = 2, /* the text is not JSON */
  BM_E_TYPE = 3,        /* a value has the wrong JSON type */
  BM_E_UNKNOWN_KEY = 4, /* a key the format does not define */
  BM_E_MISSING = 5,     /* a required key is absent */
  BM_E_VALUE = 6,       /* a value breaks a rule (pattern, range) */
  BM_E_DUPLICATE = 7,   /* two instances share a name, or a key repeats */
  BM_E_DEFAULT = 8,     /* the default instance is missing or unknown */
  BM_E_URL = 9,         /* an apiUrl that is not allowed */
  BM_E_TOKEN_ENV = 10,  /* a token variable name that is bad or unset */
  BM_E_PROFILE = 11,    /* an unknown tool profile */
  BM_E_NO_CONFIG = 12,  /* no instances could be found at all */
  BM_E_LIMIT = 13       /* input over a named limit */
} bm_code;

const char *bm_code_name(bm_code code);

#define BM_PROBLEM_MESSAGE_MAX 240
#define BM_PROBLEM_PATH_MAX 160

/*
 * One problem found in a document. line and col are 1-based and refer to
 * the document the problem was found in; 0 means "no position".
 */
typedef struct bm_problem {
  bm_code code;
  int line;
  int col;
  char path[BM_PROBLEM_PATH_MAX]; /* JSON path, e.g. $.instances[1] */
  char message[BM_PROBLEM_MESSAGE_MAX];
} bm_problem;

#endif
