/* facts.h — a case file (a JSON object: fact name -> value) applied to a
 * case session. Errors name the file, the fact and the expected type, but never
 * a value from the case: the data is about vulnerable children.
 */
#ifndef SG_CLI_FACTS_H
#define SG_CLI_FACTS_H

#include <stddef.h>
#include <stdio.h>

#include "session.h"
#include "signaal_json.h"
#include "value.h"

/* Read the `len` bytes of JSON at `json` with sgj_read_case
 * (signaal_json.h) and set each fact it gives on the session's context,
 * then its typed values from the context (case_view_values). null means
 * unknown; a bool fact takes true/false, an int fact an integer, a text
 * fact a string, an enum fact a string naming one of its values, a date "YYYY-MM-DD", a datetime "YYYY-MM-DDTHH:MM[:SS]" (value.h).
 * `name` is the file's name in messages. Prints every record it gets to
 * stderr and returns an exit code: 0, or CLI_EXIT_INPUT; CLI_EXIT_IO when
 * memory runs out (also when jansson lost part of the text doing so). */
int facts_apply(case_session *s, const char *name, const char *json, size_t len);

/* facts_apply with each record passed to `report` (with `userdata`)
 * instead of printed: `signaal serve` returns them as JSON. `name` names
 * the case only when memory runs out. */
int facts_apply_with(case_session *s, const char *name, const char *json, size_t len,
                     sgj_error_fn report, void *userdata);

/* A place in a case: line and column, 1-based, the column counted in
 * characters as jansson and the compiler count; column 0: the line alone
 * (a line of `eval --batch`); line 0 when not known. */
typedef struct {
  int line, column;
} facts_place;

/* The rest of a message, after its place and ": ", about a key that names no
 * fact: "error: " and case_messages.h's message_unknown (with its
 * did-you-mean over the facts of `rb` and `other`, which may be NULL) and a
 * newline. The key itself is never printed. */
void facts_print_unknown(FILE *out, const sg_rulebook *rb, const sg_rulebook *other,
                         const char *key, size_t position);

#endif
