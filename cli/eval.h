/* eval.h — one case evaluated into its report, as `signaal eval` makes it:
 * the case's bytes applied to an open session, the moment set, the
 * evaluation, the report in a format and the decision log's line, all in
 * memory. `eval` (cmd_eval.c) and `serve` (POST /v1/eval) both call it, so
 * the two give the same bytes for the same case, moment and rulebook.
 */
#ifndef SG_CLI_EVAL_H
#define SG_CLI_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "session.h"
#include "signaal_json.h"

/* What to evaluate and how to report it. */
typedef struct {
  const char *name;            /* the case in messages ("zaak.json", "<stdin>") */
  const char *json;            /* the case file's bytes (need not end in NUL) */
  size_t len;
  sgj_error_fn records;        /* NULL: print the case's problems to stderr;
                                  else each record goes here, with `userdata` */
  void *userdata;
  const int64_t *now;          /* NULL: the Dutch clock */
  const report_format *format; /* NULL: the default (text) */
  int explain;                 /* --explain */
  int log;                     /* also make the decision log's line */
} eval_input;

/* What came of it; both strings owned by the caller (free), NULL when not
 * made. */
typedef struct {
  char *report;
  size_t size;
  char *log_line;
  size_t log_len;
} eval_output;

/* Evaluate the case `in` gives on the open session `s` (its role, decision
 * date and --with-facts set by the caller) and render its report into
 * *out, and the log line when in->log. Returns an exit code:
 * CLI_EXIT_INPUT for a bad case (its records given), CLI_EXIT_IO when out
 * of memory (nothing in *out then). */
int eval_render(case_session *s, const eval_input *in, eval_output *out);

#endif
