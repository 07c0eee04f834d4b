/* answers.h — one line a case worker typed in `signaal interview`, read as
 * an answer to one fact: the keywords (onbekend, stop), or a value of the
 * fact's type (value.h) with a Dutch sentence saying why it is not one.
 */
#ifndef SG_CLI_ANSWERS_H
#define SG_CLI_ANSWERS_H

#include <stddef.h>

#include "signaal.h"
#include "value.h"

/* What a line turned out to be. */
typedef enum {
  ANSWER_VALUE,    /* a valid value: in *value */
  ANSWER_UNKNOWN,  /* "onbekend" or "?": the fact stays unknown */
  ANSWER_STOP,     /* "stop": no more questions */
  ANSWER_INVALID   /* not a value of the fact's type: `problem` says why */
} answer_kind;

/* The longest problem sentence answer_read writes, with its NUL. */
#define ANSWER_PROBLEM_MAX VALUE_PROBLEM_MAX

/* Read `line` (one line of input, without or with its line end; leading and
 * trailing white space is ignored; modified in place) as an answer to the
 * fact at `slot` of `rb`. Keywords are case-insensitive. A value goes into
 * *value (its text borrowed from `line`); for ANSWER_INVALID, `problem`
 * (ANSWER_PROBLEM_MAX bytes) gets a Dutch sentence for the case worker that
 * does not repeat the answer. */
answer_kind answer_read(const sg_rulebook *rb, size_t slot, char *line, cli_value *value,
                        char problem[ANSWER_PROBLEM_MAX]);

#endif
