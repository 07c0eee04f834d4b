/* questions.h — which open questions a case worker is asked, and in what
 * order: the ranking `signaal interview` follows (most decisive first, the
 * optional ones last and only when asked for, a fact never asked twice),
 * shared with `signaal serve`'s POST /v1/questions.
 */
#ifndef SG_CLI_QUESTIONS_H
#define SG_CLI_QUESTIONS_H

#include <stddef.h>

#include "signaal.h"

/* Keep in place, in order, the questions of q[0..count) (sg_open_questions'
 * ranking) that the interview would ask: those whose fact is not marked
 * in `asked` (one byte per fact slot), the optional ones only with
 * `optional`. *optional_left gets how many optional ones not asked there
 * are (asked for or not). Returns how many are kept. */
size_t questions_filter(sg_question *q, size_t count, const unsigned char *asked, int optional,
                        size_t *optional_left);

/* How many rules of the evaluated `ctx` are still undetermined. */
size_t questions_undetermined(const sg_context *ctx, const sg_rulebook *rb);

#endif
