/* questions.c — the interview's choice of questions (questions.h), for
 * `signaal interview` and `signaal serve`.
 */
#include "questions.h"

size_t questions_filter(sg_question *q, size_t count, const unsigned char *asked, int optional,
                        size_t *optional_left) {
  size_t kept = 0;
  *optional_left = 0;
  for (size_t i = 0; i < count; i++) {
    if (asked[q[i].slot]) continue;
    if (q[i].optional) (*optional_left)++;
    if (!q[i].optional || optional) q[kept++] = q[i];
  }
  return kept;
}

size_t questions_undetermined(const sg_context *ctx, const sg_rulebook *rb) {
  size_t count = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    if (sg_rule_outcome(ctx, r) == SG_UNKNOWN) count++;
  return count;
}
