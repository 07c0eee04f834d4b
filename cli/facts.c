/* facts.c — case files through libsignaal-json (sgj_read_case): its records
 * printed as "FILE:LINE:COL: error: …", the session's typed values taken
 * from the context after; and the same messages for `eval --batch` and
 * `test --replay`, which read their JSON themselves (case_messages.h).
 * No message ever quotes a value or a key that names no fact.
 */
#include "facts.h"
#include "case_messages.h"
#include "cli.h"
#include "oom.h"
#include "signaal_json.h"

#include <stdio.h>

/* "NAME:LINE:COL", "NAME:LINE" or "NAME", as much as is known, to start a
 * message. */
static void print_place(const char *name, facts_place at) {
  if (at.line > 0 && at.column > 0) fprintf(stderr, "%s:%d:%d", name, at.line, at.column);
  else if (at.line > 0) fprintf(stderr, "%s:%d", name, at.line);
  else fputs(name, stderr);
}

/* "NAME:PLACE: error: MESSAGE" (or note). */
static void print_message(const char *name, facts_place at, sgj_severity severity,
                          const char *message) {
  print_place(name, at);
  fprintf(stderr, ": %s: %s\n", severity == SGJ_NOTE ? "note" : "error", message);
}

void facts_print_unknown(FILE *out, const sg_rulebook *rb, const sg_rulebook *other,
                         const char *key, size_t position) {
  char message[MESSAGE_MAX];
  message_unknown(message, rb, other, key, position);
  fprintf(out, "error: %s\n", message);
}

/* sgj_read_case's records, printed under the file's name. */
static void print_record(const sgj_error *e, void *name) {
  print_message(name, (facts_place){e->line, e->column}, e->severity, e->message);
}

int facts_apply(case_session *s, const char *name, const char *json, size_t len) {
  return facts_apply_with(s, name, json, len, print_record, (void *)name);
}

int facts_apply_with(case_session *s, const char *name, const char *json, size_t len,
                     sgj_error_fn report, void *userdata) {
  sg_status status = sgj_read_case(s->ctx, s->rb, json, len, report, userdata);
  if (status == SG_ERR_NOMEM || case_view_values(s) != 0) return oom_error(name);
  return status == SG_OK ? CLI_EXIT_OK : CLI_EXIT_INPUT;
}
