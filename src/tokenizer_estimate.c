/* tokenizer_estimate.c - a token count guess that needs no rank asset.
 *
 * Owns bm_tokens_estimate(). It cuts the text with the exact o200k_base
 * pre-tokenizer (so where pieces begin and end is right) and then guesses
 * each piece's token count from its characters: an ASCII word costs about
 * one token unless it is full of letter pairs that are rare in real words,
 * punctuation runs cost a little over a quarter token a character, and
 * other scripts cost by the length of their UTF-8 sequences. The weights
 * were fitted on the corpus of tests/js/tokenizer-corpus.js; the measured
 * error is in docs/tokenizer.md. No allocation, no state.
 */
#include "tokenizer.h"
#include "tokenizer_internal.h"

/* Costs in hundredths of a token. */
#define WORD_BASE 70        /* an ASCII letter run */
#define WORD_RARE_PAIR 70   /* each rare letter pair in it */
#define WORD_LETTERS_PER 8  /* at least one token per this many letters */
#define DIGIT 33            /* \p{N}{1,3} pieces: one token */
#define PUNCT_BASE 60       /* a run of ASCII punctuation */
#define PUNCT_EACH 15       /* each character in it */
#define UTF8_2 80           /* Latin accents, Greek, Cyrillic, Arabic ... */
#define UTF8_3 80           /* CJK, Indic, most symbols */
#define UTF8_4 150          /* emoji and other astral code points */
#define SPACES_PER_TOKEN 24 /* whitespace-only pieces */

/* Bit b of COMMON_PAIRS[a] is set when letters 'a'+a, 'a'+b form one of
 * the 250 commonest pairs inside o200k_base's lowercase word tokens.
 * Printed by `node scripts/estimator-error.mjs --bigrams`. */
static const uint32_t COMMON_PAIRS[26] = {
  0x17ebdef, 0x0124911, 0x01a4d95, 0x0164111, 0x2febdff, 0x0124931, 0x0166991,
  0x0184111, 0x22efe7f, 0x0104011, 0x0144111, 0x11c4919, 0x010d113, 0x03c657d,
  0x07efd6f, 0x01ec991, 0x0100000, 0x13e755d, 0x01ccd95, 0x11e4991, 0x00eb95f,
  0x0004111, 0x0004111, 0x0000000, 0x0040011, 0x0000111,
};

static int ascii_letter(unsigned char b)
{
  b |= 0x20;
  return b >= 'a' && b <= 'z';
}

static int ascii_space(unsigned char b)
{
  return b == ' ' || (b >= '\t' && b <= '\r');
}

/* The cost of the ASCII letter run p[0..n). */
static size_t word_cost(const unsigned char *p, size_t n)
{
  size_t i, rare = 0, by_pairs, by_length;

  for (i = 1; i < n; i++) {
    unsigned a = (p[i - 1] | 0x20u) - 'a', b = (p[i] | 0x20u) - 'a';
    if (!(COMMON_PAIRS[a] >> b & 1u))
      rare++;
  }
  by_pairs = WORD_BASE + WORD_RARE_PAIR * rare;
  by_length = n * 100 / WORD_LETTERS_PER;
  return by_pairs > by_length ? by_pairs : by_length;
}

static size_t piece_estimate(const unsigned char *p, size_t n)
{
  size_t i = 0, j, cost = 0, punct = 0, tokens;
  unsigned char b;

  while (i < n && ascii_space(p[i]))
    i++;
  if (i == n)
    return 1 + (n - 1) / SPACES_PER_TOKEN;

  /* A leading space usually belongs to the word's own token. */
  i = p[0] == ' ' && n > 1 ? 1 : 0;
  while (i < n) {
    b = p[i];
    if (ascii_letter(b)) {
      for (j = i + 1; j < n && ascii_letter(p[j]); j++)
        ;
      cost += word_cost(p + i, j - i);
      i = j;
    } else if (b >= '0' && b <= '9') {
      cost += DIGIT;
      i++;
    } else if (b < 0x80) {
      punct++;
      i++;
    } else if (b >= 0xF0) {
      cost += UTF8_4;
      i += 4;
    } else if (b >= 0xE0) {
      cost += UTF8_3;
      i += 3;
    } else {
      cost += UTF8_2;
      i += 2;
    }
  }
  if (punct > 0)
    cost += PUNCT_BASE + PUNCT_EACH * punct;
  tokens = (cost + 50) / 100;
  return tokens > 0 ? tokens : 1;
}

size_t bm_tokens_estimate(const char *utf8, size_t len)
{
  const unsigned char *s = (const unsigned char *)utf8;
  size_t pos = 0, end, total = 0;

  if (utf8 == NULL)
    return 0;
  while (pos < len) {
    end = bm__tok_piece_end(BM__TOK_RULE_O200K, s, len, pos);
    total += piece_estimate(s + pos, end - pos);
    pos = end;
  }
  return total;
}
