/*
 * fuzz_config.c - libFuzzer target for bm_config_load, jsonpos and the
 * engine's start-up document.
 *
 * The first byte picks what the rest of the input is:
 *   bit 0  ALLOW_INSECURE_LOCALHOST=true
 *   bit 1  check that token variables are set
 *   bit 2  BUSINESSMAP_TOOL_PROFILE=full
 *   bit 3  no file: the rest is up to four lines, the values of
 *          BUSINESSMAP_API_URL, _READ_ONLY_MODE, _DEFAULT_WORKSPACE_ID and
 *          _TOOL_PROFILE (the single-instance path)
 *   bit 4  the rest is a whole start-up document for bm_engine_new
 * Otherwise the rest is the text of an instances file. The text is
 * copied into an exactly-sized buffer (no terminator), so ASan catches
 * any read past len. Every problem must carry a code, a path starting
 * with '$' and a message; a broken rule aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "engine.h"
#include "jsonpos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_problems(const bm_config *cfg)
{
  int i;

  if (cfg == NULL)
    return;
  if (cfg->nproblems > BM_MAX_PROBLEMS)
    abort();
  if (cfg->nproblems == 0 && cfg->ninstances < 1)
    abort(); /* a valid config has at least one instance */
  if (cfg->nproblems == 0 &&
      (cfg->default_index < 0 || cfg->default_index >= cfg->ninstances))
    abort();
  for (i = 0; i < cfg->nproblems; i++) {
    const bm_problem *p = &cfg->problems[i];

    if (p->code == BM_OK || p->path[0] != '$' || p->message[0] == '\0')
      abort();
    if (memchr(p->path, '\0', sizeof p->path) == NULL ||
        memchr(p->message, '\0', sizeof p->message) == NULL)
      abort();
    if (p->line < 0 || p->col < 0)
      abort();
  }
}

/* The n-th line of text (n from 0) as a new string, or NULL. */
static char *nth_line(const char *text, size_t len, int n)
{
  const char *p = text, *end = text + len, *nl;
  char *s;

  for (; n > 0 && p < end; n--) {
    nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == NULL)
      return NULL;
    p = nl + 1;
  }
  if (p >= end)
    return NULL;
  nl = memchr(p, '\n', (size_t)(end - p));
  len = nl ? (size_t)(nl - p) : (size_t)(end - p);
  s = malloc(len + 1);
  if (s) {
    memcpy(s, p, len);
    s[len] = '\0';
  }
  return s;
}

static void env_only(const char *text, size_t len, bm_config_env *env)
{
  char *v[4];
  bm_config *cfg;
  int i;

  for (i = 0; i < 4; i++)
    v[i] = nth_line(text, len, i);
  env->api_url = v[0];
  env->read_only = v[1];
  env->default_workspace = v[2];
  if (v[3])
    env->tool_profile = v[3];
  cfg = bm_config_load(NULL, 0, "environment", env);
  check_problems(cfg);
  bm_config_free(cfg);
  for (i = 0; i < 4; i++)
    free(v[i]);
}

static void startup(const char *text, size_t len)
{
  bm_engine *e = bm_engine_new(text, len);
  size_t n;

  if (e == NULL)
    return;
  check_problems(bm_engine_config(e));
  if (bm_engine_problems(e, &n) == NULL)
    abort();
  bm_engine_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const vars[] = { "BM_DEV_TOKEN", "BM_PROD_TOKEN",
                                      "BUSINESSMAP_API_TOKEN" };
  bm__jseg path[] = { { "instances", -1 }, { NULL, 0 }, { "apiUrl", -1 } };
  bm_config_env env;
  bm_config *cfg;
  char *text, buf[BM_PROBLEM_PATH_MAX];
  size_t off = 0, len;
  int line, col;

  if (size == 0)
    return 0;
  len = size - 1;
  text = malloc(len ? len : 1);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, len);
  memset(&env, 0, sizeof env);
  env.allow_insecure = (data[0] & 1) ? "true" : NULL;
  env.check_token_vars = (data[0] & 2) != 0;
  env.set_vars = vars;
  env.nset_vars = 3;
  env.tool_profile = (data[0] & 4) ? "full" : NULL;

  if (data[0] & 8) {
    env_only(text, len, &env);
  } else if (data[0] & 16) {
    startup(text, len);
  } else {
    cfg = bm_config_load(text, len, "fuzz", &env);
    check_problems(cfg);
    bm_config_free(cfg);
    bm__json_check(text, len, &off, NULL);
    bm__json_locate(text, len, path, 3, &off, NULL);
    bm__json_linecol(text, len, off, &line, &col);
    bm__json_path_format(buf, sizeof buf, path, 3);
  }
  free(text);
  return 0;
}
