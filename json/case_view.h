/* case_view.h — one evaluated case as the report model and the JSON writer
 * read it: the rulebook, the context, the typed value of each fact, the
 * moment, the reader's role, the case file's hash. The CLI's session
 * (cli/session.h) is this; sgj_outcome_json makes one from a context.
 */
#ifndef SG_JSON_CASE_VIEW_H
#define SG_JSON_CASE_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "signaal.h"
#include "value.h"

typedef struct {
  const char *command;      /* "eval": messages say "signaal eval: error: …" */
  const sg_rulebook *rb;
  sg_context *ctx;
  cli_value *values;        /* values[slot], one per fact: type 0 while unknown;
                               texts owned by the session */
  int64_t now;              /* the moment of evaluation, once set */
  long role;                /* --role: the reader's actor (index); -1: none */
  const int32_t *asof;      /* --as-of: the decision date set apart; NULL:
                               the date of the moment */
  char case_sha256[65];     /* SHA-256 of the case file as read (lower-case
                               hex); "" when no case file was read */
  int with_facts;            /* --with-facts: reports and the decision log
                               give the known facts themselves */
  int quiet_time;           /* no warnings about the moment (`test`: an
                               example may sit anywhere in time on purpose) */
  size_t max_case_size;     /* the most bytes a case file may have
                               (--max-case-size; CLI_DEFAULT_MAX_CASE_SIZE) */
} case_session;

/* Every fact's typed value in s->values (texts owned, the old ones freed)
 * as s->ctx holds it (sg_fact_value). Returns 0, or -1 when out of memory
 * (some values are then unknown). */
int case_view_values(case_session *s);

/* The known facts as a JSON object, name to value, in slot order (a case
 * file); NULL when out of memory. */
struct json_t;
struct json_t *session_facts_json(const case_session *s);

#endif
