/* country.c — one copy of the country table of country.h, expanded from
 * runtime/countries.def, with its lookup and its hints; shared by the
 * runtime, the compiler and the CLI (see country.h).
 */
#include "country.h"

#include <stddef.h>
#include <string.h>

/* Each country: its code and its Dutch short name, at its index. */
static const struct {
  char code[3];
  const char *name;
} countries[SGR_COUNTRY_COUNT] = {
#define COUNTRY(code, name) [SGR_COUNTRY_##code] = {#code, name},
#include "countries.def"
#undef COUNTRY
};

/* The countries of format 1.1, in the order of their codes. */
#define COUNTRY_SORTED 249u
_Static_assert(COUNTRY_SORTED <= SGR_COUNTRY_COUNT, "the sorted countries are in the table");

/* Texts that are not a code but mean one; for hints only. */
static const struct {
  const char *text;
  uint32_t country;
} aliases[] = {
#define COUNTRY_ALIAS(text, code) {text, SGR_COUNTRY_##code},
#include "countries.def"
#undef COUNTRY_ALIAS
};

/* The code of the country at `index`, or NULL. */
const char *sgr_country_code(uint32_t index) {
  return index < SGR_COUNTRY_COUNT ? countries[index].code : NULL;
}

/* The Dutch short name of the country at `index`, or NULL. */
const char *sgr_country_name(uint32_t index) {
  return index < SGR_COUNTRY_COUNT ? countries[index].name : NULL;
}

/* The index of the country whose code is exactly `code`, or -1. */
long sgr_country_find(const char *code) {
  if (code == NULL || code[0] == '\0' || code[1] == '\0' || code[2] != '\0') return -1;
  /* the codes as format 1.1 wrote them are in order (a test checks it):
   * bisected; a code added later, at the end, is compared in turn */
  uint32_t lo = 0, hi = COUNTRY_SORTED;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    int d = (unsigned char)code[0] - (unsigned char)countries[mid].code[0];
    if (d == 0) d = (unsigned char)code[1] - (unsigned char)countries[mid].code[1];
    if (d == 0) return (long)mid;
    if (d < 0) hi = mid;
    else lo = mid + 1;
  }
  for (uint32_t i = COUNTRY_SORTED; i < SGR_COUNTRY_COUNT; i++)
    if (code[0] == countries[i].code[0] && code[1] == countries[i].code[1]) return (long)i;
  return -1;
}

/* `c` in upper case, if it is an ASCII letter. */
static char upper(char c) {
  return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Whether the `len` bytes at `text` are `word`, ignoring ASCII case. */
static int same_words(const char *text, size_t len, const char *word) {
  if (strlen(word) != len) return 0;
  for (size_t i = 0; i < len; i++)
    if (upper(text[i]) != upper(word[i])) return 0;
  return 1;
}

/* The country a text that is no code most likely means, or -1 (country.h). */
long sgr_country_suggest(const char *text) {
  if (text == NULL) return -1;
  while (*text == ' ') text++;
  size_t len = strlen(text);
  while (len > 0 && text[len - 1] == ' ') len--;
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (same_words(text, len, aliases[i].text)) return (long)aliases[i].country;
  for (uint32_t i = 0; i < SGR_COUNTRY_COUNT; i++)
    if (same_words(text, len, countries[i].code) || same_words(text, len, countries[i].name))
      return (long)i;
  return -1;
}
