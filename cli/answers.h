/* answers.h — one line a case worker typed in `signaal interview`, read as
 * an answer to one fact: the keywords (onbekend, stop), the value checked
 * against the fact's type, and a Dutch sentence saying why it is not valid.
 */
#ifndef SG_CLI_ANSWERS_H
#define SG_CLI_ANSWERS_H

#include <stddef.h>

#include "signaal.h"

/* What a line turned out to be. */
typedef enum {
  ANSWER_VALUE,    /* a valid value: the fact is set */
  ANSWER_UNKNOWN,  /* "onbekend" or "?": the fact stays unknown */
  ANSWER_STOP,     /* "stop": no more questions */
  ANSWER_INVALID,  /* not a value of the fact's type: `problem` says why */
  ANSWER_NOMEM     /* the value was valid but setting it ran out of memory */
} answer_kind;

/* The longest problem sentence answer_apply writes, with its NUL. */
#define ANSWER_PROBLEM_MAX 160

/* Read `line` (one line of input, without or with its line end; leading and
 * trailing white space is ignored; modified in place) as an answer to the
 * fact at `slot` of `rb`, and on a valid value set it on `ctx` (a context of
 * `rb`). Keywords are case-insensitive; so are ja/nee/j/n/true/false for a
 * bool and the value names of an enum (which also takes the value's number,
 * 1 .. count, as the prompt lists them). For ANSWER_INVALID, `problem`
 * (ANSWER_PROBLEM_MAX bytes) gets a Dutch sentence for the case worker that
 * does not repeat the answer. */
answer_kind answer_apply(sg_context *ctx, const sg_rulebook *rb, size_t slot, char *line,
                         char problem[ANSWER_PROBLEM_MAX]);

/* The kind of answer the fact at `slot` expects, in Dutch, for the prompt:
 * "ja/nee", "een geheel getal", "een datum JJJJ-MM-DD", … For an enum,
 * "een nummer of een naam uit de lijst". A static string. */
const char *answer_expected(const sg_rulebook *rb, size_t slot);

#endif
