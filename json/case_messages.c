/* case_messages.c — the texts of a case's problems (case_messages.h): the
 * reader of case files and `eval --batch` word them the same.
 */
#include "case_messages.h"
#include "suggest.h"

#include <stdio.h>

/* The facts of one or two rulebooks, walked as one list for suggest_closest. */
typedef struct {
  const sg_rulebook *rb[2];
  size_t count[2];
} fact_names;

/* The name of fact i of the list. */
static const char *fact_name_at(const void *data, size_t i) {
  const fact_names *names = data;
  return i < names->count[0] ? sg_fact_name(names->rb[0], i)
                             : sg_fact_name(names->rb[1], i - names->count[0]);
}

void message_unknown(char buf[MESSAGE_MAX], const sg_rulebook *rb, const sg_rulebook *other,
                     const char *key, size_t position) {
  fact_names names = {{rb, other}, {sg_fact_count(rb), other != NULL ? sg_fact_count(other) : 0}};
  const char *suggestion =
    suggest_closest(key, fact_name_at, &names, names.count[0] + names.count[1]);
  if (suggestion != NULL)
    snprintf(buf, MESSAGE_MAX, "unknown fact (key %zu); did you mean '%s'?", position, suggestion);
  else
    snprintf(buf, MESSAGE_MAX, "unknown fact (key %zu)", position);
}

/* "fact 'F' expects TYPE" and an optional " (got …)". */
static void expected(char buf[MESSAGE_MAX], const sg_rulebook *rb, size_t slot, const char *got) {
  char type[MESSAGE_MAX / 2];
  value_expected(rb, slot, type, sizeof type);
  snprintf(buf, MESSAGE_MAX, "fact '%s' expects %s%s%s%s", sg_fact_name(rb, slot), type,
           got != NULL ? " (got " : "", got != NULL ? got : "", got != NULL ? ")" : "");
}

int message_value(char buf[MESSAGE_MAX], const sg_rulebook *rb, size_t slot,
                  const value_scalar *scalar, cli_value *out, int *meant) {
  char got[64];
  *meant = 0;
  switch (value_from_scalar(rb, slot, scalar, out)) {
  case VALUE_OK:
  case VALUE_NULL: return 0;
  case VALUE_WRONG_KIND:
    expected(buf, rb, slot, value_scalar_kind_name(scalar->kind));
    return -1;
  case VALUE_NOT_LISTED:
    /* a string the codec recognizes as another form of a value ("UK" or
     * "gb" for GB): the note says so without naming the value meant, which
     * would show the case's value in another spelling */
    expected(buf, rb, slot, NULL);
    *meant = scalar->kind == SCALAR_STRING && value_suggest(rb, slot, scalar->string) != NULL;
    return -1;
  case VALUE_MALFORMED:
    snprintf(got, sizeof got, "a string that is not such a %s",
             value_type_name(sg_fact_type(rb, slot)));
    expected(buf, rb, slot, got);
    return -1;
  }
  return -1;
}

void message_unset(char buf[MESSAGE_MAX], const sg_rulebook *rb, size_t slot, sg_status status) {
  snprintf(buf, MESSAGE_MAX, "fact '%s' cannot be set to this value (status %d)",
           sg_fact_name(rb, slot), (int)status);
}
