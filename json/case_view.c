/* case_view.c — a case's typed values read back from its context
 * (case_view.h): after sgj_read_case, and for sgj_outcome_json.
 */
#include "case_view.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The value of the fact at `slot` of `s`'s context, its text borrowed. */
static cli_value value_of(const case_session *s, size_t slot, char buf[32]) {
  cli_value v = {0, 0, NULL};
  const char *text = sg_fact_value(s->ctx, slot, buf, 32);
  if (text == NULL) return v;
  value_scalar scalar = {SCALAR_STRING, 0, text};
  switch (sg_fact_type(s->rb, slot)) {
  case SG_BOOL: scalar = (value_scalar){SCALAR_BOOL, strcmp(text, "true") == 0, NULL}; break;
  case SG_INT:
    scalar.kind = SCALAR_INT;
    if (!sgr_parse_int(text, &scalar.number)) return v;
    break;
  default: break;
  }
  if (value_from_scalar(s->rb, slot, &scalar, &v) != VALUE_OK) v = (cli_value){0, 0, NULL};
  return v;
}

int case_view_values(case_session *s) {
  for (size_t slot = 0; slot < sg_fact_count(s->rb); slot++) {
    char buf[32];
    cli_value v = value_of(s, slot, buf);
    if (v.text != NULL) {
      size_t len = strlen(v.text) + 1;
      char *copy = malloc(len);
      if (copy == NULL) return -1;
      v.text = memcpy(copy, v.text, len);
    }
    free((char *)s->values[slot].text);
    s->values[slot] = v;
  }
  return 0;
}
