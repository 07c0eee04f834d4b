/* case_messages.h — the texts of a case's problems, shared by the case-file
 * reader (sgj_read_case), `eval --batch` and `test --replay`: what a fact
 * expects, a key that names no fact with its did-you-mean, a value the
 * context refused. None ever holds a value or an unknown key of the case.
 */
#ifndef SG_JSON_CASE_MESSAGES_H
#define SG_JSON_CASE_MESSAGES_H

#include <stddef.h>

#include "signaal.h"
#include "value.h"

/* Room for any message of this file (an enum's list of values is cut short
 * beyond it). */
#define MESSAGE_MAX 1024

/* The note after a string that is another form of a value the fact takes. */
#define MESSAGE_MEANT "this is another form of a value the fact takes (an alias, a name or " \
                      "another case); give the value itself"

/* "unknown fact (key N)", N being the key's 1-based position among the
 * members of its object as written (every member counts), and when a fact
 * of `rb`, or of `other` (may be NULL), is within SUGGEST_MAX_DISTANCE
 * edits of `key`, "; did you mean 'FACT'?". The key itself is never
 * written: a name typed where a fact's name belongs may be a child's. */
void message_unknown(char buf[MESSAGE_MAX], const sg_rulebook *rb, const sg_rulebook *other,
                     const char *key, size_t position);

/* The value `scalar` gives the fact at `slot`, checked as a case file's
 * value is: 0 with *out set (type 0 for null: unknown; a string's text
 * borrowed from `scalar`), or -1 with "fact 'F' expects TYPE (got …)" in
 * `buf` and *meant set when MESSAGE_MEANT applies, never the value. */
int message_value(char buf[MESSAGE_MAX], const sg_rulebook *rb, size_t slot,
                  const value_scalar *scalar, cli_value *out, int *meant);

/* "fact 'F' cannot be set to this value (status N)". */
void message_unset(char buf[MESSAGE_MAX], const sg_rulebook *rb, size_t slot, sg_status status);

#endif
