/* facts.h — a case file (a JSON object: fact name -> value) applied to a
 * context. Errors name the file, the fact and the expected type, but never
 * a value from the case: the data is about vulnerable children.
 */
#ifndef SG_CLI_FACTS_H
#define SG_CLI_FACTS_H

#include <stddef.h>

#include "signaal.h"

/* Parse the `len` bytes of JSON at `json` and set each fact on `ctx` (a
 * context of `rb`). `known` (may be NULL) has sg_fact_count(rb) bytes; the
 * byte of each fact the case gives a value (not null) is set to 1. null means unknown; a bool fact takes true/false, an
 * int fact an integer, a text fact a string, an enum fact a string naming
 * one of its values, a date "YYYY-MM-DD", a datetime "YYYY-MM-DDTHH:MM[:SS]".
 * `name` is the file's name in messages. Prints every error it finds to
 * stderr and returns an exit code: 0, or CLI_EXIT_INPUT. */
int facts_apply(sg_context *ctx, const sg_rulebook *rb, const char *name, const char *json,
                size_t len, unsigned char *known);

#endif
