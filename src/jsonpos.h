/*
 * jsonpos.h - positions inside the original text of a JSON document.
 *
 * Owns: turning byte offsets into line:column, checking JSON syntax
 * strictly with a precise error position, finding where the value (and
 * the key) at a path sits in the text, and printing a path for messages.
 * It never builds a tree and never allocates: cJSON parses, this module
 * only scans the bytes it is given. Every function accepts any bytes and
 * reads nothing at or past len; nesting is capped by BM_JSON_DEPTH_MAX.
 */
#ifndef BM_JSONPOS_H
#define BM_JSONPOS_H

#include <stddef.h>

/* Deepest nesting of objects and arrays that bm__json_check accepts. */
/* Must equal CJSON_NESTING_LIMIT (CMakeLists.txt): the strict check runs
 * first, so cJSON never sees deeper input. */
#define BM_JSON_DEPTH_MAX 128

/* A key longer than this is shortened with "..." when a path is printed. */
#define BM_JSON_PATH_KEY_SHOW 48

/*
 * One step of a path.
 *   array element:            key NULL, index = the element's position
 *   object member by name:    key set,  index -1 (first one if repeated)
 *   object member by position: key set, index = position among members
 * A position wins over the name when both are given, which is how a
 * repeated key is pointed at; the name is then only used for printing.
 */
typedef struct bm__jseg {
  const char *key;
  long index;
} bm__jseg;

/*
 * 1-based line and column of byte offset off (clamped to len). Columns
 * count UTF-8 code points, a tab counts as one, and a leading byte order
 * mark is not counted. "\n", "\r\n" and a lone "\r" each end a line.
 */
void bm__json_linecol(const char *text, size_t len, size_t off, int *line,
                      int *col);

/*
 * Strict RFC 8259 check of a whole document: one value, optional
 * whitespace around it, UTF-8 strings without raw control characters,
 * nesting up to BM_JSON_DEPTH_MAX. A leading byte order mark is allowed.
 * Returns 0 when the text is valid. Otherwise returns -1, sets *err_off to
 * the offending byte and *what to a static phrase such as
 * "expected ':' after the key"; both pointers may be NULL.
 */
int bm__json_check(const char *text, size_t len, size_t *err_off,
                   const char **what);

/*
 * Finds the value at path (n steps; n == 0 is the root) in text, which
 * should be valid JSON. Sets *value_off to the first byte of the value and
 * *key_off to the opening quote of its key, or to *value_off when the last
 * step is an array element or the root. Either pointer may be NULL.
 * Keys are compared after decoding escapes. Returns 0 when found, -1 when
 * not (including on malformed text).
 */
int bm__json_locate(const char *text, size_t len, const bm__jseg *path, int n,
                    size_t *value_off, size_t *key_off);

/*
 * Prints path as "$", "$.instances[1].apiUrl" or "$.instances[\"my name\"]"
 * into buf (cap bytes, always terminated when cap > 0). Keys that are not
 * identifiers are quoted and escaped; long keys are shortened. A path that
 * does not fit ends with "...". Returns the length written.
 */
size_t bm__json_path_format(char *buf, size_t cap, const bm__jseg *path, int n);

#endif
