/*
 * test_jsonpos.c - line:column, syntax check, path lookup, path printing.
 *
 * Table-driven where the cases are data; ends with a deterministic
 * mutation loop meant to run under sanitizers. Prints "N passed, M
 * failed"; exits non-zero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"

static int passed, failed;

#define CHECK(cond, ...)                          \
  do {                                            \
    if (cond) {                                   \
      passed++;                                   \
    } else {                                      \
      failed++;                                   \
      printf("FAIL %s:%d: ", __FILE__, __LINE__); \
      printf(__VA_ARGS__);                        \
      printf("\n");                               \
    }                                             \
  } while (0)

/* ---- line and column ------------------------------------------------- */

static const struct {
  const char *text;
  size_t off;
  int line, col;
} linecol_cases[] = {
  { "abc", 0, 1, 1 },
  { "abc", 2, 1, 3 },
  { "a\tb", 2, 1, 3 }, /* a tab is one column */
  { "\xC3\xA9\xE2\x82\xAC"
    "x",
    5, 1, 3 }, /* two characters, five bytes */
  { "a\nb", 2, 2, 1 },
  { "a\r\nb", 3, 2, 1 },        /* CRLF is one line break */
  { "a\rb", 2, 2, 1 },          /* so is a lone CR */
  { "\xEF\xBB\xBF{", 3, 1, 1 }, /* the BOM is not counted */
  { "ab", 99, 1, 3 },           /* clamped to the length */
};

static void linecol_counts_characters(void)
{
  size_t i;

  for (i = 0; i < sizeof linecol_cases / sizeof *linecol_cases; i++) {
    int line = -1, col = -1;

    bm__json_linecol(linecol_cases[i].text, strlen(linecol_cases[i].text),
                     linecol_cases[i].off, &line, &col);
    CHECK(line == linecol_cases[i].line && col == linecol_cases[i].col,
          "linecol case %d: %d:%d, want %d:%d", (int)i, line, col,
          linecol_cases[i].line, linecol_cases[i].col);
  }
}

/* ---- syntax check ---------------------------------------------------- */

static const struct {
  const char *text;
  long off;         /* -1: valid */
  const char *what; /* a fragment of the phrase */
} check_cases[] = {
  { "{}", -1, NULL },
  { " [1, -2.5e+3, true, false, null, \"\\u00e9\\ud83d\\ude00\"] ", -1, NULL },
  { "\xEF\xBB\xBF{\"a\": {}}", -1, NULL },
  { "", 0, "expected a value" },
  { "{\"a\" 1}", 5, "':'" },
  { "{\"a\": 1 \"b\": 2}", 8, "','" },
  { "[1 2]", 3, "','" },
  { "{\"a\": tru}", 6, "expected a value" },
  { "[-]", 2, "digit" },
  { "[1.]", 3, "digit" },
  { "[1e]", 3, "digit" },
  { "[00]", 2, "leading zeros" },
  { "[\"a\\x\"]", 3, "escape" },
  { "[\"\\u12G4\"]", 2, "hex" },
  { "[\"\\udc00\"]", 2, "surrogate" },
  { "[\"\\ud800x\"]", 2, "surrogate" },
  { "[\"a\tb\"]", 3, "control" },
  { "[\"abc", 1, "closing" },
  { "[\"\xC0\xAF\"]", 2, "UTF-8" },
  { "[\"\xED\xA0\x80\"]", 2, "UTF-8" },
  { "{} {}", 3, "end of the text" },
  { "{,}", 1, "key" },
  { "[/* x */]", 1, "comments" },
};

static void check_reports_position_and_phrase(void)
{
  size_t i;

  for (i = 0; i < sizeof check_cases / sizeof *check_cases; i++) {
    size_t off = 12345;
    const char *what = NULL;
    int rc = bm__json_check(check_cases[i].text, strlen(check_cases[i].text),
                            &off, &what);

    if (check_cases[i].off < 0) {
      CHECK(rc == 0, "check case %d should be valid (%s at %d)", (int)i,
            what ? what : "?", (int)off);
      continue;
    }
    CHECK(rc == -1 && (long)off == check_cases[i].off,
          "check case %d: rc %d at %d, want %ld", (int)i, rc, (int)off,
          check_cases[i].off);
    CHECK(what != NULL && strstr(what, check_cases[i].what) != NULL,
          "check case %d: phrase \"%s\" lacks \"%s\"", (int)i,
          what ? what : "(null)", check_cases[i].what);
  }
}

static void check_caps_nesting(void)
{
  char deep[BM_JSON_DEPTH_MAX * 2 + 2];
  size_t off = 0;
  int i;

  for (i = 0; i < BM_JSON_DEPTH_MAX; i++) {
    deep[i] = '[';
    deep[BM_JSON_DEPTH_MAX + i] = ']';
  }
  CHECK(bm__json_check(deep, BM_JSON_DEPTH_MAX * 2, &off, NULL) == 0,
        "nesting at the cap is accepted");
  deep[0] = '[';
  memmove(deep + 1, deep, BM_JSON_DEPTH_MAX * 2);
  deep[BM_JSON_DEPTH_MAX * 2 + 1] = ']';
  CHECK(bm__json_check(deep, BM_JSON_DEPTH_MAX * 2 + 2, &off, NULL) == -1 &&
            off == BM_JSON_DEPTH_MAX,
        "nesting past the cap is refused at %d", (int)off);
}

/* ---- locate ---------------------------------------------------------- */

static const char doc[] =
    "{\"a\": 1, \"a\": 2, \"b\": {\"c\": [10, {\"d\": \"}\"}, 30]},\n"
    " \"x\\u0041\\n\": true, \"e\": [], \"f\\\"\": null}";

static const struct {
  bm__jseg path[3];
  int n;
  const char *value; /* the text the value starts with, NULL: absent */
  const char *key;   /* the text the key starts with */
} locate_cases[] = {
  { { { NULL, 0 } }, 0, "{\"a\": 1", "{\"a\": 1" },
  { { { "a", -1 } }, 1, "1,", "\"a\": 1" }, /* first of duplicates */
  { { { "a", 1 } }, 1, "2,", "\"a\": 2" },  /* by position */
  { { { "b", -1 }, { "c", -1 }, { NULL, 2 } }, 3, "30]", "30]" },
  { { { "b", -1 }, { "c", -1 }, { NULL, 1 } }, 3, "{\"d\"", "{\"d\"" },
  { { { "xA\n", -1 } }, 1, "true", "\"x\\u0041" }, /* escapes decoded */
  { { { "f\"", -1 } }, 1, "null", "\"f\\\"" },
  { { { "c", -1 } }, 1, NULL, NULL },              /* not at this level */
  { { { "e", -1 }, { NULL, 0 } }, 2, NULL, NULL }, /* empty array */
  { { { "b", -1 }, { "c", -1 }, { NULL, 3 } }, 3, NULL, NULL },
  { { { NULL, 0 } }, 1, NULL, NULL },              /* index into an object */
  { { { "a", -1 }, { "z", -1 } }, 2, NULL, NULL }, /* into a number */
};

static void locate_finds_values_and_keys(void)
{
  size_t i, len = strlen(doc);

  for (i = 0; i < sizeof locate_cases / sizeof *locate_cases; i++) {
    size_t v = 0, k = 0;
    int rc = bm__json_locate(doc, len, locate_cases[i].path, locate_cases[i].n,
                             &v, &k);

    if (locate_cases[i].value == NULL) {
      CHECK(rc == -1, "locate case %d should not be found", (int)i);
      continue;
    }
    CHECK(
        rc == 0 &&
            !strncmp(doc + v, locate_cases[i].value,
                     strlen(locate_cases[i].value)) &&
            !strncmp(doc + k, locate_cases[i].key, strlen(locate_cases[i].key)),
        "locate case %d: rc %d, value at %d, key at %d", (int)i, rc, (int)v,
        (int)k);
  }
}

/* ---- path printing --------------------------------------------------- */

static void path_format_quotes_and_shortens(void)
{
  bm__jseg p1[] = { { "instances", -1 }, { NULL, 1 }, { "apiUrl", 4 } };
  bm__jseg p2[] = { { "instances", -1 }, { "my name", 0 } };
  bm__jseg p3[] = { { "a\"b\\c\x01", -1 } };
  bm__jseg p4[] = { { "instances", -1 }, { "prod", -1 }, { "api_url", -1 } };
  bm__jseg p5[] = { { "9lives", -1 }, { "", -1 } };
  bm__jseg p6[] = { { "\xC3\xA9\xC3\xA9\xC3\xA9", -1 } };
  char buf[160], small[8];
  char longkey[100];

  bm__json_path_format(buf, sizeof buf, NULL, 0);
  CHECK(!strcmp(buf, "$"), "root: %s", buf);
  bm__json_path_format(buf, sizeof buf, p1, 3);
  CHECK(!strcmp(buf, "$.instances[1].apiUrl"), "p1: %s", buf);
  bm__json_path_format(buf, sizeof buf, p2, 2);
  CHECK(!strcmp(buf, "$.instances[\"my name\"]"), "p2: %s", buf);
  bm__json_path_format(buf, sizeof buf, p3, 1);
  CHECK(!strcmp(buf, "$[\"a\\\"b\\\\c\\u0001\"]"), "p3: %s", buf);
  bm__json_path_format(buf, sizeof buf, p4, 3);
  CHECK(!strcmp(buf, "$.instances.prod.api_url"), "p4: %s", buf);
  bm__json_path_format(buf, sizeof buf, p5, 2);
  CHECK(!strcmp(buf, "$[\"9lives\"][\"\"]"), "p5: %s", buf);

  memset(longkey, 'k', sizeof longkey - 1);
  longkey[sizeof longkey - 1] = '\0';
  p5[0].key = longkey;
  bm__json_path_format(buf, sizeof buf, p5, 1);
  CHECK(strlen(buf) == 1 + 2 + BM_JSON_PATH_KEY_SHOW + 3 + 2 &&
            strstr(buf, "...\"]") != NULL,
        "long key shortened: %s", buf);

  CHECK(bm__json_path_format(small, sizeof small, p1, 3) == 7 &&
            !strcmp(small, "$.in..."),
        "small buffer: %s", small);
  bm__json_path_format(small, sizeof small, p6, 1);
  CHECK(!strcmp(small, "$[\"..."), "no split character: %s", small);
  CHECK(bm__json_path_format(small, 1, p1, 3) == 0 && small[0] == '\0',
        "cap 1");
  CHECK(bm__json_path_format(small, 0, p1, 3) == 0, "cap 0");
}

/* ---- robustness ------------------------------------------------------ */

static unsigned long long rng_state = 12345;

static size_t rng(void)
{
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (size_t)(rng_state >> 33);
}

/*
 * Mutates a document many times and runs every entry point on the result
 * in an exactly-sized heap copy, so a sanitizer catches any read past len.
 */
static void survives_mutations(void)
{
  static const char seed[] =
      "{\"instances\": [{\"name\": \"d\\u00e9v\", \"tags\": [1, 2.5e3]},"
      " {\"x\": {\"y\": [true, false, null, \"\\\"\"]}}]}";
  static const char alphabet[] = "{}[]\",:\\u0aetn \n\x80\xC3\xFF";
  bm__jseg path[] = {
    { "instances", -1 }, { NULL, 1 }, { "x", -1 }, { "y", 3 }
  };
  int round, ok = 1;

  for (round = 0; round < 20000; round++) {
    size_t len = sizeof seed - 1 - rng() % 8, i, off = 0, v, k;
    char *text = malloc(len ? len : 1);
    int line, col, edits = 1 + (int)(rng() % 4);

    if (text == NULL)
      return;
    memcpy(text, seed, len);
    while (edits-- > 0 && len > 0)
      text[rng() % len] = alphabet[rng() % (sizeof alphabet - 1)];
    if (bm__json_check(text, len, &off, NULL) != 0 && off > len)
      ok = 0;
    for (i = 0; i <= 4; i++)
      if (bm__json_locate(text, len, path, (int)i, &v, &k) == 0 &&
          (v >= len || k >= len))
        ok = 0;
    bm__json_linecol(text, len, rng() % (len + 2), &line, &col);
    if (line < 1 || col < 1)
      ok = 0;
    free(text);
  }
  CHECK(ok, "mutated documents stay within bounds");
}

int main(void)
{
  linecol_counts_characters();
  check_reports_position_and_phrase();
  check_caps_nesting();
  locate_finds_values_and_keys();
  path_format_quotes_and_shortens();
  survives_mutations();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
