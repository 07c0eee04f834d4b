/* outcome.c — sgj_outcome_json (signaal_json.h): an evaluated context's
 * outcome in the shape of `signaal eval --json`, written by the same code
 * (report_model.c, output_json.c) from a case view made from the context.
 */
#include "signaal_json.h"
#include "case_view.h"
#include "report_model.h"
#include "sgj_alloc.h"

#include <stdlib.h>

char *sgj_outcome_json(sg_context *ctx, const sg_rulebook *rb, int64_t now, unsigned flags) {
  unsigned long failures = sgj_alloc_begin();
  case_session s = {0};
  s.rb = rb;
  s.ctx = ctx;
  s.now = now;
  s.role = -1;
  s.with_facts = (flags & SGJ_WITH_FACTS) != 0;
  s.values = calloc(sg_fact_count(rb) + 1, sizeof *s.values);
  char *text = NULL;
  report_model m;
  if (s.values != NULL && case_view_values(&s) == 0 && report_model_build(&m, &s, 1) == 0) {
    text = report_json_text(&m);
    report_model_free(&m);
  }
  for (size_t slot = 0; s.values != NULL && slot < sg_fact_count(rb); slot++)
    free((char *)s.values[slot].text);
  free(s.values);
  if (text != NULL && sgj_alloc_failed(failures)) {
    free(text);
    text = NULL;
  }
  return text;
}
