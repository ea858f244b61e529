/*
 * config.h - the instances file: parsing, validation, defaults.
 *
 * Owns: turning the text of an instances file (or the single-instance
 * environment) into a bm_config, and reporting every problem at once with
 * its JSON path and line:column. It does no I/O: the host reads files and
 * the environment and hands over text and values. It never sees a token:
 * it only learns which environment variable names are set and non-empty.
 *
 * Memory: bm_config_load allocates the config; bm_config_free releases it
 * and everything it points to. Problems live inside the config.
 */
#ifndef BM_CONFIG_H
#define BM_CONFIG_H

#include <stddef.h>

#include "errors.h"

#define BM_MAX_INSTANCES 4096
#define BM_MAX_CONFIG_BYTES (4u << 20)
#define BM_MAX_PROBLEMS 200
#define BM_INSTANCE_NAME_MAX 64
#define BM_MAX_TAGS 32

typedef enum bm_profile {
  BM_PROFILE_ESSENTIAL = 0,
  BM_PROFILE_STANDARD = 1,
  BM_PROFILE_FULL = 2,
  BM_PROFILE_COMPACT = 3
} bm_profile;

/* Resource families that have their own cache TTL. */
typedef enum bm_family {
  BM_FAM_WORKSPACES = 0,
  BM_FAM_BOARDS,
  BM_FAM_STRUCTURE, /* currentStructure, columns, lanes, workflows */
  BM_FAM_USERS,
  BM_FAM_CARD_TYPES,
  BM_FAM_CUSTOM_FIELDS,
  BM_FAM_CARDS, /* cards and everything under /cards */
  BM_FAM_DOCS,
  BM_FAM_OTHER,
  BM_FAM_COUNT
} bm_family;

/* HTTP and cache settings; -1 in an instance means "use the server's". */
typedef struct bm_policy {
  int timeout_ms;          /* per request */
  int max_retries;         /* attempts after the first */
  int max_backoff_ms;      /* cap of one wait */
  int cache_enabled;       /* 0 or 1 */
  int ttl_s[BM_FAM_COUNT]; /* 0 = not cached */
} bm_policy;

typedef struct bm_instance {
  char *name;
  char *api_url;     /* without a trailing slash */
  char *token_env;   /* the NAME of the variable, never its value */
  char *description; /* may be NULL */
  char **tags;
  int ntags;
  int read_only;
  long long default_workspace_id; /* 0 = none */
  bm_policy policy;               /* already merged with the server's policy */
} bm_instance;

typedef struct bm_config {
  bm_instance *instances;
  int ninstances;
  int default_index; /* -1 when invalid */
  bm_profile profile;
  int read_only;          /* global read-only mode */
  int single_env;         /* built from BUSINESSMAP_API_URL/TOKEN */
  size_t cache_max_bytes; /* whole cache budget */
  bm_policy policy;       /* server-wide defaults */
  char source[256];       /* where the text came from, for messages */

  bm_problem *problems;
  int nproblems;
  int problems_dropped; /* problems past BM_MAX_PROBLEMS */
} bm_config;

/*
 * What the host tells the core about its environment. All strings may be
 * NULL (absent). set_vars lists the names of the environment variables that
 * are set to a non-empty value; their values are never passed.
 */
typedef struct bm_config_env {
  const char *api_url;           /* BUSINESSMAP_API_URL */
  const char *read_only;         /* BUSINESSMAP_READ_ONLY_MODE */
  const char *default_workspace; /* BUSINESSMAP_DEFAULT_WORKSPACE_ID */
  const char *tool_profile;      /* BUSINESSMAP_TOOL_PROFILE */
  const char *allow_insecure;    /* ALLOW_INSECURE_LOCALHOST */
  const char *const *set_vars;
  int nset_vars;
  int check_token_vars; /* 0: skip the "token unset" check */
} bm_config_env;

/*
 * Parses and validates. text may be NULL, which means "no file was found":
 * the single-instance variables are then used. Always returns a config
 * (NULL only when out of memory); it is valid when nproblems == 0.
 * source names the text in messages (a path or a variable name).
 */
bm_config *bm_config_load(const char *text, size_t len, const char *source,
                          const bm_config_env *env);

void bm_config_free(bm_config *cfg);

/* Index of the instance called name, or -1. */
int bm_config_find(const bm_config *cfg, const char *name);

/* "essential", "standard", "full" or "compact". */
const char *bm_profile_name(bm_profile p);

/* The default policy of the server, before the file changes anything. */
void bm_policy_defaults(bm_policy *p);

#endif
