/*
 * jsonpos.c - line:column, strict syntax check, path lookup, path printing.
 *
 * Owns: byte-level scanning of JSON text. It keeps no state and allocates
 * nothing; the caller owns the text and every buffer. Scanning is
 * iterative (the checker keeps an explicit stack of BM_JSON_DEPTH_MAX
 * bytes), so hostile input cannot exhaust the C stack, and every read is
 * guarded by the length.
 */
#include "jsonpos.h"

#include <limits.h>
#include <string.h>

/* ---- small scanning helpers ------------------------------------------ */

static int is_ws(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(unsigned char c)
{
  return c >= '0' && c <= '9';
}

static int hex_value(unsigned char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static size_t bom_length(const char *text, size_t len)
{
  const unsigned char *t = (const unsigned char *)text;

  if (len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
    return 3;
  return 0;
}

static size_t skip_ws(const char *text, size_t len, size_t pos)
{
  while (pos < len && is_ws((unsigned char)text[pos]))
    pos++;
  return pos;
}

/* Offset just past the string whose opening quote is at pos, or len. */
static size_t skip_string(const char *text, size_t len, size_t pos)
{
  for (pos++; pos < len; pos++) {
    if (text[pos] == '\\')
      pos++;
    else if (text[pos] == '"')
      return pos + 1;
  }
  return len;
}

/*
 * Offset just past the value starting at pos. Containers are skipped by
 * counting brackets outside strings, which needs no recursion; on
 * malformed text the result is still within [pos, len].
 */
static size_t skip_value(const char *text, size_t len, size_t pos)
{
  size_t depth = 0;

  if (pos >= len)
    return len;
  if (text[pos] != '{' && text[pos] != '[') {
    if (text[pos] == '"')
      return skip_string(text, len, pos);
    while (pos < len && !is_ws((unsigned char)text[pos]) &&
           strchr(",:]}", text[pos]) == NULL)
      pos++;
    return pos;
  }
  while (pos < len) {
    char c = text[pos];

    if (c == '"') {
      pos = skip_string(text, len, pos);
      continue;
    }
    if (c == '{' || c == '[')
      depth++;
    else if ((c == '}' || c == ']') && --depth == 0)
      return pos + 1;
    pos++;
  }
  return len;
}

/* The 4 hex digits at t[p..p+4) as a number, or -1. */
static long hex4(const unsigned char *t, size_t len, size_t p)
{
  long v = 0;
  size_t i;

  if (len < 4 || p > len - 4)
    return -1;
  for (i = 0; i < 4; i++) {
    int h = hex_value(t[p + i]);

    if (h < 0)
      return -1;
    v = v * 16 + h;
  }
  return v;
}

/* ---- line and column ------------------------------------------------- */

void bm__json_linecol(const char *text, size_t len, size_t off, int *line,
                      int *col)
{
  const unsigned char *t = (const unsigned char *)text;
  int ln = 1, cl = 1;
  size_t i;

  if (text == NULL)
    len = 0;
  if (off > len)
    off = len;
  for (i = bom_length(text, len); i < off; i++) {
    if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= len || t[i + 1] != '\n'))) {
      if (ln < INT_MAX)
        ln++;
      cl = 1;
    } else if (t[i] != '\r' && (t[i] & 0xC0) != 0x80 && cl < INT_MAX) {
      cl++;
    }
  }
  if (line != NULL)
    *line = ln;
  if (col != NULL)
    *col = cl;
}

/* ---- strict syntax check --------------------------------------------- */

/* Length of the valid UTF-8 sequence at t[0..n), or 0. */
static size_t utf8_length(const unsigned char *t, size_t n)
{
  size_t want, i;
  unsigned lo = 0x80, hi = 0xBF;

  if (t[0] < 0x80)
    return 1;
  if (t[0] >= 0xC2 && t[0] <= 0xDF)
    want = 2;
  else if (t[0] >= 0xE0 && t[0] <= 0xEF)
    want = 3;
  else if (t[0] >= 0xF0 && t[0] <= 0xF4)
    want = 4;
  else
    return 0;
  if (t[0] == 0xE0)
    lo = 0xA0;
  else if (t[0] == 0xED)
    hi = 0x9F; /* no UTF-16 surrogates */
  else if (t[0] == 0xF0)
    lo = 0x90;
  else if (t[0] == 0xF4)
    hi = 0x8F; /* nothing past U+10FFFF */
  if (n < want || t[1] < lo || t[1] > hi)
    return 0;
  for (i = 2; i < want; i++)
    if ((t[i] & 0xC0) != 0x80)
      return 0;
  return want;
}

/* The scanner's position and its first error. */
typedef struct scan {
  const unsigned char *t;
  size_t len;
  size_t pos;
  const char *what; /* NULL until an error */
} scan;

static int fail(scan *s, const char *what)
{
  s->what = what;
  return -1;
}

/*
 * A \uXXXX escape at s->pos, or a surrogate pair of them. cJSON refuses
 * unpaired surrogates, so they are refused here too, where the position
 * can be reported.
 */
static int check_unicode_escape(scan *s)
{
  long hi = hex4(s->t, s->len, s->pos + 2), lo = -1;
  size_t p = s->pos + 6;

  if (hi < 0)
    return fail(s, "expected four hex digits after '\\u'");
  if (hi >= 0xD800 && hi <= 0xDBFF && p + 1 < s->len && s->t[p] == '\\' &&
      s->t[p + 1] == 'u')
    lo = hex4(s->t, s->len, p + 2);
  if ((hi >= 0xDC00 && hi <= 0xDFFF) ||
      (hi >= 0xD800 && hi <= 0xDBFF && (lo < 0xDC00 || lo > 0xDFFF)))
    return fail(s, "unpaired UTF-16 surrogate in a '\\u' escape");
  s->pos = lo >= 0 ? p + 6 : p;
  return 0;
}

/* A string whose opening quote is at s->pos; leaves pos after it. */
static int check_string(scan *s)
{
  size_t open = s->pos, n;

  for (s->pos++; s->pos < s->len;) {
    unsigned char c = s->t[s->pos];

    if (c == '"') {
      s->pos++;
      return 0;
    }
    if (c == '\n' || c == '\r')
      return fail(s, "expected a closing '\"' before the end of the line");
    if (c < 0x20)
      return fail(s, "control characters in strings must be escaped");
    if (c == '\\') {
      if (s->pos + 1 >= s->len)
        break;
      c = s->t[s->pos + 1];
      if (c == 'u') {
        if (check_unicode_escape(s) != 0)
          return -1;
      } else if (strchr("\"\\/bfnrt", c) != NULL && c != '\0') {
        s->pos += 2;
      } else {
        return fail(s, "invalid escape sequence in a string");
      }
      continue;
    }
    n = utf8_length(s->t + s->pos, s->len - s->pos);
    if (n == 0)
      return fail(s, "strings must be valid UTF-8");
    s->pos += n;
  }
  s->pos = open;
  return fail(s, "expected a closing '\"' for this string");
}

static int check_digits(scan *s)
{
  if (s->pos >= s->len || !is_digit(s->t[s->pos]))
    return fail(s, "expected a digit");
  while (s->pos < s->len && is_digit(s->t[s->pos]))
    s->pos++;
  return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int check_number(scan *s)
{
  if (s->t[s->pos] == '-')
    s->pos++;
  if (s->pos < s->len && s->t[s->pos] == '0') {
    s->pos++;
    if (s->pos < s->len && is_digit(s->t[s->pos]))
      return fail(s, "numbers must not have leading zeros");
  } else if (check_digits(s) != 0) {
    return -1;
  }
  if (s->pos < s->len && s->t[s->pos] == '.') {
    s->pos++;
    if (check_digits(s) != 0)
      return -1;
  }
  if (s->pos < s->len && (s->t[s->pos] == 'e' || s->t[s->pos] == 'E')) {
    s->pos++;
    if (s->pos < s->len && (s->t[s->pos] == '+' || s->t[s->pos] == '-'))
      s->pos++;
    if (check_digits(s) != 0)
      return -1;
  }
  return 0;
}

static int check_literal(scan *s, const char *word)
{
  size_t n = strlen(word);

  if (s->len - s->pos < n || memcmp(s->t + s->pos, word, n) != 0)
    return fail(s, "expected a value (object, array, string, number, "
                   "true, false or null)");
  s->pos += n;
  return 0;
}

/* A scalar at s->pos; containers are handled by the caller's loop. */
static int check_scalar(scan *s)
{
  unsigned char c = s->t[s->pos];

  if (c == '"')
    return check_string(s);
  if (c == '-' || is_digit(c))
    return check_number(s);
  if (c == 't')
    return check_literal(s, "true");
  if (c == 'f')
    return check_literal(s, "false");
  if (c == 'n')
    return check_literal(s, "null");
  if (c == '/')
    return fail(s, "JSON does not allow comments");
  if (c == '\'')
    return fail(s, "strings need double quotes, not single quotes");
  return fail(s, "expected a value (object, array, string, number, "
                 "true, false or null)");
}

enum { WANT_VALUE, WANT_KEY, WANT_AFTER };

/*
 * One state machine over the document: WANT_VALUE reads a value (opening
 * containers onto the stack), WANT_KEY reads "key":, WANT_AFTER reads a
 * comma or a closing bracket. It stops at the first error.
 */
static int check_document(scan *s)
{
  unsigned char stack[BM_JSON_DEPTH_MAX];
  size_t depth = 0;
  int state = WANT_VALUE;

  for (;;) {
    unsigned char c;

    s->pos = skip_ws((const char *)s->t, s->len, s->pos);
    c = s->pos < s->len ? s->t[s->pos] : 0;
    if (state == WANT_VALUE) {
      if (s->pos >= s->len)
        return fail(s, "expected a value, found the end of the text");
      if (c == '{' || c == '[') {
        if (depth == BM_JSON_DEPTH_MAX)
          return fail(s, "objects and arrays are nested too deeply");
        stack[depth++] = c;
        s->pos++;
        s->pos = skip_ws((const char *)s->t, s->len, s->pos);
        if (s->pos < s->len && s->t[s->pos] == (c == '{' ? '}' : ']')) {
          depth--;
          s->pos++;
          state = WANT_AFTER;
        } else {
          state = c == '{' ? WANT_KEY : WANT_VALUE;
        }
      } else {
        if (check_scalar(s) != 0)
          return -1;
        state = WANT_AFTER;
      }
    } else if (state == WANT_KEY) {
      if (c == '}')
        return fail(s, "expected another key; a trailing comma is not "
                       "allowed");
      if (c == '/')
        return fail(s, "JSON does not allow comments");
      if (c != '"')
        return fail(s, "expected a key in double quotes");
      if (check_string(s) != 0)
        return -1;
      s->pos = skip_ws((const char *)s->t, s->len, s->pos);
      if (s->pos >= s->len || s->t[s->pos] != ':')
        return fail(s, "expected ':' after the key");
      s->pos++;
      state = WANT_VALUE;
    } else if (depth == 0) {
      if (s->pos < s->len)
        return fail(s, "expected the end of the text after the value");
      return 0;
    } else if (c == ',') {
      s->pos++;
      state = stack[depth - 1] == '{' ? WANT_KEY : WANT_VALUE;
      s->pos = skip_ws((const char *)s->t, s->len, s->pos);
      if (state == WANT_VALUE && s->pos < s->len && s->t[s->pos] == ']')
        return fail(s, "expected another value; a trailing comma is not "
                       "allowed");
    } else if (c == (stack[depth - 1] == '{' ? '}' : ']')) {
      depth--;
      s->pos++;
    } else if (stack[depth - 1] == '{') {
      return fail(s, s->pos < s->len
                         ? "expected ',' or '}' after the member"
                         : "expected ',' or '}', found the end of the text");
    } else {
      return fail(s, s->pos < s->len
                         ? "expected ',' or ']' after the element"
                         : "expected ',' or ']', found the end of the text");
    }
  }
}

int bm__json_check(const char *text, size_t len, size_t *err_off,
                   const char **what)
{
  scan s;

  s.t = (const unsigned char *)(text != NULL ? text : "");
  s.len = text != NULL ? len : 0;
  s.pos = bom_length(text, s.len);
  s.what = NULL;
  if (check_document(&s) == 0)
    return 0;
  if (err_off != NULL)
    *err_off = s.pos;
  if (what != NULL)
    *what = s.what;
  return -1;
}

/* ---- locating a path ------------------------------------------------- */

/* Appends code point cp as UTF-8 to out; returns the byte count. */
static size_t put_utf8(unsigned long cp, unsigned char out[4])
{
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

/*
 * Decodes one character of the string body at *p into out and advances.
 * Returns the byte count, or 0 at the closing quote, the end of the text
 * or a bad escape.
 */
static size_t next_char(const unsigned char *t, size_t len, size_t *p,
                        unsigned char out[4])
{
  static const char plain[] = "\"\\/bfnrt";
  static const char coded[] = "\"\\/\b\f\n\r\t";
  const char *hit;
  long cp, lo;

  if (*p >= len || t[*p] == '"')
    return 0;
  if (t[*p] != '\\') {
    out[0] = t[(*p)++];
    return 1;
  }
  if (*p + 1 >= len)
    return 0;
  if (t[*p + 1] != 'u') {
    hit = t[*p + 1] != 0 ? strchr(plain, t[*p + 1]) : NULL;
    if (hit == NULL)
      return 0;
    out[0] = (unsigned char)coded[hit - plain];
    *p += 2;
    return 1;
  }
  if ((cp = hex4(t, len, *p + 2)) < 0)
    return 0;
  *p += 6;
  if (cp >= 0xD800 && cp <= 0xDBFF && *p + 1 < len && t[*p] == '\\' &&
      t[*p + 1] == 'u' && (lo = hex4(t, len, *p + 2)) >= 0xDC00 &&
      lo <= 0xDFFF) {
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    *p += 6;
  }
  return put_utf8((unsigned long)cp, out);
}

/* Does the string with its opening quote at pos decode to key? */
static int key_equals(const char *text, size_t len, size_t pos, const char *key)
{
  const unsigned char *t = (const unsigned char *)text;
  size_t klen = strlen(key), k = 0, n;
  unsigned char ch[4];

  pos++;
  while ((n = next_char(t, len, &pos, ch)) > 0) {
    if (n > klen - k || memcmp(key + k, ch, n) != 0)
      return 0;
    k += n;
  }
  return k == klen && pos < len && t[pos] == '"';
}

/*
 * Steps from the object at *pos into the member chosen by seg; on success
 * *pos is at the member's value and *key_at at its key.
 */
static int enter_member(const char *text, size_t len, const bm__jseg *seg,
                        size_t *pos, size_t *key_at)
{
  size_t p = skip_ws(text, len, *pos + 1);
  long i;

  for (i = 0; p < len && text[p] == '"'; i++) {
    size_t k = p;
    int hit =
        seg->index >= 0 ? i == seg->index : key_equals(text, len, p, seg->key);

    p = skip_ws(text, len, skip_string(text, len, p));
    if (p >= len || text[p] != ':')
      return -1;
    p = skip_ws(text, len, p + 1);
    if (hit) {
      *pos = p;
      *key_at = k;
      return 0;
    }
    p = skip_ws(text, len, skip_value(text, len, p));
    if (p >= len || text[p] != ',')
      return -1;
    p = skip_ws(text, len, p + 1);
  }
  return -1;
}

/* Steps from the array at *pos into element seg->index. */
static int enter_element(const char *text, size_t len, const bm__jseg *seg,
                         size_t *pos)
{
  size_t p = skip_ws(text, len, *pos + 1);
  long i;

  if (seg->index < 0 || p >= len || text[p] == ']')
    return -1;
  for (i = 0; i < seg->index; i++) {
    p = skip_ws(text, len, skip_value(text, len, p));
    if (p >= len || text[p] != ',')
      return -1;
    p = skip_ws(text, len, p + 1);
  }
  if (p >= len || text[p] == ']')
    return -1;
  *pos = p;
  return 0;
}

int bm__json_locate(const char *text, size_t len, const bm__jseg *path, int n,
                    size_t *value_off, size_t *key_off)
{
  size_t pos, key_at;
  int i;

  if (text == NULL)
    return -1;
  pos = skip_ws(text, len, bom_length(text, len));
  key_at = pos;
  for (i = 0; i < n; i++) {
    if (pos >= len)
      return -1;
    if (text[pos] == '{' && path[i].key != NULL) {
      if (enter_member(text, len, &path[i], &pos, &key_at) != 0)
        return -1;
    } else if (text[pos] == '[' && path[i].key == NULL) {
      if (enter_element(text, len, &path[i], &pos) != 0)
        return -1;
      key_at = pos;
    } else {
      return -1;
    }
  }
  if (pos >= len)
    return -1;
  if (value_off != NULL)
    *value_off = pos;
  if (key_off != NULL)
    *key_off = key_at;
  return 0;
}

/* ---- printing a path ------------------------------------------------- */

/* A bounded writer: once full, it stops and remembers the cut. */
typedef struct out {
  char *buf;
  size_t cap;
  size_t len;
  int cut;
} out;

static void put(out *o, const char *s, size_t n)
{
  size_t room = o->cap - 1 - o->len;

  if (o->cut)
    return;
  if (n > room) {
    n = room;
    o->cut = 1;
  }
  memcpy(o->buf + o->len, s, n);
  o->len += n;
}

static void puts_(out *o, const char *s)
{
  put(o, s, strlen(s));
}

static int is_identifier(const char *k)
{
  const unsigned char *p = (const unsigned char *)k;

  if (*p == '\0' || is_digit(*p))
    return 0;
  for (; *p != '\0'; p++)
    if (!(is_digit(*p) || (*p >= 'a' && *p <= 'z') ||
          (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '$'))
      return 0;
  return 1;
}

/* A key inside ["..."], escaped, and shortened at a character boundary. */
static void put_quoted_key(out *o, const char *k)
{
  static const char hex[] = "0123456789abcdef";
  size_t n = strlen(k), show = n, i;

  if (n > BM_JSON_PATH_KEY_SHOW) {
    show = BM_JSON_PATH_KEY_SHOW;
    while (show > 0 && ((unsigned char)k[show] & 0xC0) == 0x80)
      show--;
  }
  puts_(o, "[\"");
  for (i = 0; i < show; i++) {
    unsigned char c = (unsigned char)k[i];
    char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

    if (c == '"' || c == '\\') {
      esc[1] = (char)c;
      put(o, esc, 2);
    } else if (c < 0x20 || c == 0x7F) {
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      put(o, esc, 6);
    } else {
      put(o, k + i, 1);
    }
  }
  if (show < n)
    puts_(o, "...");
  puts_(o, "\"]");
}

static void put_index(out *o, long index)
{
  char digits[24];
  size_t n = sizeof digits;
  unsigned long v = index < 0 ? 0 : (unsigned long)index;

  do {
    digits[--n] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  puts_(o, "[");
  put(o, digits + n, sizeof digits - n);
  puts_(o, "]");
}

size_t bm__json_path_format(char *buf, size_t cap, const bm__jseg *path, int n)
{
  static const char ellipsis[] = "...";
  out o;
  int i;

  if (buf == NULL || cap == 0)
    return 0;
  o.buf = buf;
  o.cap = cap;
  o.len = 0;
  o.cut = 0;
  puts_(&o, "$");
  for (i = 0; i < n; i++) {
    if (path[i].key == NULL) {
      put_index(&o, path[i].index);
    } else if (is_identifier(path[i].key) &&
               strlen(path[i].key) <= BM_JSON_PATH_KEY_SHOW) {
      puts_(&o, ".");
      puts_(&o, path[i].key);
    } else {
      put_quoted_key(&o, path[i].key);
    }
  }
  if (o.cut) {
    /* Make room for the ellipsis without splitting a UTF-8 sequence. */
    size_t keep = cap - 1 > strlen(ellipsis) ? cap - 1 - strlen(ellipsis) : 0;

    if (keep < o.len) {
      o.len = keep;
      while (o.len > 0 && ((unsigned char)buf[o.len] & 0xC0) == 0x80)
        o.len--;
    }
    o.cut = 0;
    puts_(&o, ellipsis);
  }
  buf[o.len] = '\0';
  return o.len;
}
