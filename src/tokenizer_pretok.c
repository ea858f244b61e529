/* tokenizer_pretok.c - the split of text into pieces before BPE.
 *
 * Owns UTF-8 decoding, code point classes and a hand-written scanner that
 * returns, piece by piece, what the o200k_base or cl100k_base split regex
 * (as js-tiktoken runs it: a JavaScript regex with the u flag) would match.
 * No regex library and no allocation; the class table itself is generated
 * into the build directory by scripts/gen-unicode-tables.mjs.
 *
 * Both patterns are alternations tried in order at the current position,
 * and every position matches one of them, so a piece always starts where
 * the previous one ended. Each alternative is solved here in closed form,
 * including the answer the regex reaches after backtracking. Notation used
 * in the comments: L letters, N numbers, M marks, S \s whitespace, CRLF
 * the two characters \r and \n, P anything not S, L or N (marks included),
 * and LEAD anything not CRLF, L or N.
 */
#include <assert.h>

#include "tokenizer_internal.h"

#define END (-1)

int bm__tok_class(uint32_t cp)
{
  size_t lo = 0, hi = bm__tok_class_run_count;

  if (cp > 0x10FFFF)
    return BM__TOK_OTHER;

  /* Find the last run whose first code point is <= cp. */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if ((bm__tok_class_runs[mid] >> 3) <= cp)
      lo = mid;
    else
      hi = mid;
  }
  return (int)(bm__tok_class_runs[lo] & 7u);
}

size_t bm__tok_decode(const unsigned char *s, size_t len, size_t i,
                      uint32_t *cp)
{
  unsigned char b = s[i];
  uint32_t lo = 0x80, hi = 0xBF, v;
  size_t n, k;

  assert(i < len);
  *cp = BM__TOK_BAD_CP;
  if (b < 0x80) {
    *cp = b;
    return 1;
  }

  /* The ranges of the second byte exclude overlong forms, surrogates and
   * code points past U+10FFFF (RFC 3629, section 4). */
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    v = b & 0x1Fu;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    v = b & 0x0Fu;
    if (b == 0xE0)
      lo = 0xA0;
    else if (b == 0xED)
      hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    v = b & 0x07u;
    if (b == 0xF0)
      lo = 0x90;
    else if (b == 0xF4)
      hi = 0x8F;
  } else {
    return 1;
  }

  if (len - i < n)
    return 1;
  for (k = 1; k < n; k++) {
    unsigned char c = s[i + k];
    if (c < lo || c > hi)
      return 1;
    lo = 0x80;
    hi = 0xBF;
    v = (v << 6) | (c & 0x3Fu);
  }
  *cp = v;
  return n;
}

/* ASCII decides most units, so it skips the table search. \s in a
 * JavaScript regex holds \t \n \v \f \r and the space among them. */
static int ascii_class(unsigned char b)
{
  if (b >= 'a' && b <= 'z')
    return BM__TOK_LOWER;
  if (b >= 'A' && b <= 'Z')
    return BM__TOK_UPPER;
  if (b >= '0' && b <= '9')
    return BM__TOK_NUMBER;
  if (b == ' ' || (b >= '\t' && b <= '\r'))
    return BM__TOK_SPACE;
  return BM__TOK_OTHER;
}

/* The class of the unit at s[i] and, in *next, where it ends; END past the
 * text. A unit is one code point, or one byte of invalid UTF-8. */
static int class_at(const unsigned char *s, size_t len, size_t i, size_t *next)
{
  uint32_t cp;

  if (i >= len) {
    *next = i;
    return END;
  }
  if (s[i] < 0x80) {
    *next = i + 1;
    return ascii_class(s[i]);
  }
  *next = i + bm__tok_decode(s, len, i, &cp);
  return cp == BM__TOK_BAD_CP ? BM__TOK_OTHER : bm__tok_class(cp);
}

static int is_letter(int c)
{
  return c == BM__TOK_UPPER || c == BM__TOK_LOWER || c == BM__TOK_LETTER;
}

static int is_punct(int c)
{
  return c == BM__TOK_OTHER || c == BM__TOK_MARK;
}

/* o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]. */
static int is_upperish(int c)
{
  return c == BM__TOK_UPPER || c == BM__TOK_LETTER || c == BM__TOK_MARK;
}

/* o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]. */
static int is_lowerish(int c)
{
  return c == BM__TOK_LOWER || c == BM__TOK_LETTER || c == BM__TOK_MARK;
}

static int is_newline(unsigned char b)
{
  return b == '\r' || b == '\n';
}

/* [^\r\n\p{L}\p{N}], the optional first character of a word. The lead
 * byte is enough to tell CRLF apart from the rest of S. */
static int is_lead(int c, unsigned char b)
{
  return c != END && !is_letter(c) && c != BM__TOK_NUMBER && !is_newline(b);
}

static size_t run_end(const unsigned char *s, size_t len, size_t i,
                      int (*in)(int))
{
  size_t next;

  while (in(class_at(s, len, i, &next)))
    i = next;
  return i;
}

/* The length of 's 't 're 've 'm 'll 'd at s[i], in any letter case, or
 * 0. The patterns list every case variant explicitly. */
static size_t contraction_len(const unsigned char *s, size_t len, size_t i)
{
  unsigned char a, b;

  if (i >= len || len - i < 2 || s[i] != '\'')
    return 0;
  a = s[i + 1] | 0x20;
  if (a == 's' || a == 't' || a == 'm' || a == 'd')
    return 2;
  if (len - i < 3)
    return 0;
  b = s[i + 2] | 0x20;
  if ((a == 'r' || a == 'v') && b == 'e')
    return 3;
  if (a == 'l' && b == 'l')
    return 3;
  return 0;
}

/* \p{N}{1,3} at s[i], which is known to be a number. */
static size_t digits_end(const unsigned char *s, size_t len, size_t i)
{
  size_t next;
  int k;

  for (k = 0; k < 3 && class_at(s, len, i, &next) == BM__TOK_NUMBER; k++)
    i = next;
  return i;
}

/* " ?P+[\r\n]*", or with o200k " ?P+[\r\n/]*"; 0 if it does not match.
 * The trailing set can only begin after the P run ends, so it is never
 * shortened by backtracking. */
static size_t punct_end(int rule, const unsigned char *s, size_t len, size_t i)
{
  size_t next;

  if (s[i] == ' ' && is_punct(class_at(s, len, i + 1, &next)))
    i++;
  if (!is_punct(class_at(s, len, i, &next)))
    return 0;
  i = run_end(s, len, i, is_punct);
  while (i < len &&
         (is_newline(s[i]) || (rule == BM__TOK_RULE_O200K && s[i] == '/')))
    i++;
  return i;
}

/* The last three alternatives, for a piece starting with whitespace.
 * "\s*[\r\n]+" backtracks to the last CRLF of the whitespace run and ends
 * just after it. Failing that, "\s+(?!\S)" takes the whole run at the end
 * of the text, and otherwise gives back the last character so that it can
 * lead the next word. A lone whitespace character before non-space falls
 * through to "\s+". */
static size_t space_end(const unsigned char *s, size_t len, size_t p)
{
  size_t i = p, next, last = p, after_newline = 0;

  while (class_at(s, len, i, &next) == BM__TOK_SPACE) {
    if (is_newline(s[i]))
      after_newline = next;
    last = i;
    i = next;
  }
  assert(i > p);
  if (after_newline != 0)
    return after_newline;
  if (i == len || last == p)
    return i;
  return last;
}

/* o200k's "[U]*[W]+" from s[i], U and W being the upperish and lowerish
 * sets; returns the end or 0. The greedy U run hands characters back one
 * at a time until a W can start: either the character right after the run
 * (then W takes its whole run), or the last character of the run that is
 * in both sets (Lm, Lo or M; the W run then ends right after it). */
static size_t upper_then_lower(const unsigned char *s, size_t len, size_t i)
{
  size_t next, last_both = 0;
  int c;

  while (is_upperish(c = class_at(s, len, i, &next))) {
    if (is_lowerish(c))
      last_both = next;
    i = next;
  }
  if (is_lowerish(c))
    return run_end(s, len, i, is_lowerish);
  return last_both;
}

/* o200k's "[U]+[W]*" from s[i]; returns the end or 0. */
static size_t upper_run_then_lower(const unsigned char *s, size_t len, size_t i)
{
  size_t next;

  if (!is_upperish(class_at(s, len, i, &next)))
    return 0;
  i = run_end(s, len, i, is_upperish);
  return run_end(s, len, i, is_lowerish);
}

/* cl100k_base: contraction | LEAD?L+ | N{1,3} | " ?P+[\r\n]*" | space. */
static size_t cl100k_end(const unsigned char *s, size_t len, size_t p)
{
  size_t p1, p2, e;
  int c0 = class_at(s, len, p, &p1);
  int c1 = class_at(s, len, p1, &p2);

  e = contraction_len(s, len, p);
  if (e != 0)
    return p + e;
  if (is_lead(c0, s[p]) && is_letter(c1))
    return run_end(s, len, p2, is_letter);
  if (is_letter(c0))
    return run_end(s, len, p1, is_letter);
  if (c0 == BM__TOK_NUMBER)
    return digits_end(s, len, p);
  e = punct_end(BM__TOK_RULE_CL100K, s, len, p);
  if (e != 0)
    return e;
  return space_end(s, len, p);
}

/* o200k_base: LEAD?[U]*[W]+C? | LEAD?[U]+[W]*C? | N{1,3} |
 * " ?P+[\r\n/]*" | space, where C is an optional contraction. Each word
 * alternative first tries with the LEAD character consumed, then without
 * (which only matters when that character is a mark). */
static size_t o200k_end(const unsigned char *s, size_t len, size_t p)
{
  size_t p1, e = 0;
  int c0 = class_at(s, len, p, &p1);
  int lead = is_lead(c0, s[p]);

  if (lead)
    e = upper_then_lower(s, len, p1);
  if (e == 0)
    e = upper_then_lower(s, len, p);
  if (e == 0 && lead)
    e = upper_run_then_lower(s, len, p1);
  if (e == 0)
    e = upper_run_then_lower(s, len, p);
  if (e != 0)
    return e + contraction_len(s, len, e);

  if (c0 == BM__TOK_NUMBER)
    return digits_end(s, len, p);
  e = punct_end(BM__TOK_RULE_O200K, s, len, p);
  if (e != 0)
    return e;
  return space_end(s, len, p);
}

size_t bm__tok_piece_end(int rule, const unsigned char *s, size_t len,
                         size_t pos)
{
  assert(pos < len);
  if (rule == BM__TOK_RULE_O200K)
    return o200k_end(s, len, pos);
  return cl100k_end(s, len, pos);
}
