/* rulebook_json.h — what `signaal info --json` and `signaal schema` print,
 * as jansson objects, so that `signaal serve` (GET /v1/info, /v1/schema)
 * answers with the same text: each command dumps the object with
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER and a newline (oom_json_text).
 */
#ifndef SG_CLI_RULEBOOK_JSON_H
#define SG_CLI_RULEBOOK_JSON_H

#include <jansson.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* The flags both dump their object with. */
#define RULEBOOK_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* `signaal info --json`'s object for `rb`, compiled by `c` (NULL for a
 * .rbc: no example count); a new reference, NULL when out of memory. */
json_t *info_json(const sg_rulebook *rb, const sgc_compiler *c);

/* `signaal schema`'s JSON Schema of the case file of `rb`; a new
 * reference, NULL when out of memory. */
json_t *schema_json(const sg_rulebook *rb);

#endif
