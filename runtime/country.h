/* country.h — the countries of runtime/countries.def as C: their indices
 * (a country value is one), codes, Dutch names, the exact lookup that every
 * setter and reader uses, and the hint for a text that is not a code. One
 * copy, shared like util.h: country.c is linked into the runtime and
 * privately into the compiler and the CLI (sgr_ names are never exported
 * from a library). Internal.
 */
#ifndef SG_COUNTRY_H
#define SG_COUNTRY_H

#include <stdint.h>

/* SGR_COUNTRY_GB, …: the index of each country, its value in the bytecode;
 * SGR_COUNTRY_COUNT countries in all. */
enum {
#define COUNTRY(code, name) SGR_COUNTRY_##code,
#include "countries.def"
#undef COUNTRY
  SGR_COUNTRY_COUNT
};

/* The code ("GB") and the Dutch short name ("Verenigd Koninkrijk") of the
 * country at `index`; NULL past the last. */
const char *sgr_country_code(uint32_t index);
const char *sgr_country_name(uint32_t index);

/* The index of the country whose code is exactly `code` (upper case, two
 * letters), or -1: the one test of what a country value may be. */
long sgr_country_find(const char *code);

/* For a text that is not a code, the index of the country it most likely
 * means, or -1: an alias (UK, EL, countries.def), the code in another case
 * ("gb"), or a Dutch name in any ASCII case ("Verenigd Koninkrijk");
 * spaces around the text are ignored. Only for hints: never set a value
 * from it. */
long sgr_country_suggest(const char *text);

#endif
