/* report.h — the entry points of the reports of `signaal eval` (text,
 * JSON, Markdown, HTML) and the small helpers every renderer shares: hashes
 * in hex, titles of rules and predicates, the effect of an open question.
 */
#ifndef SG_CLI_REPORT_H
#define SG_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "session.h"

struct report_model;

/* An output format of the report: `signaal eval --report NAME`. */
typedef struct report_format {
  const char *name;       /* "text" */
  const char *help;       /* one line for --help */
  int explains;           /* always carries the explanations (the text report
                             only with --explain) */
  /* Write the collected report; returns an exit code. */
  int (*write)(FILE *out, const struct report_model *m);
} report_format;

/* The registry of formats, the default (text) first, in the order --help
 * lists them; a NULL name ends it. */
extern const report_format report_formats[];

/* The format called `name`, or NULL. */
const report_format *report_format_find(const char *name);

/* Collect the report of the session's evaluated case once and write it to
 * `out` in `format` (NULL: the default); `explain` adds the "waarom" chains
 * to the text report. Returns an exit code (CLI_EXIT_IO when out of memory,
 * after printing the error). */
int report_write(FILE *out, const case_session *s, const report_format *format, int explain);

/* Lower-case hex of a 32-byte hash into `out` (65 bytes, NUL-terminated). */
void report_hex(const uint8_t *hash, char out[65]);

/* The fact slots undetermined rule `rule` waits for, in a new array (free
 * it); *count gets how many. Returns NULL with *count 0 when there are none,
 * and NULL with *count (size_t)-1 when out of memory. */
size_t *report_waiting(sg_context *ctx, size_t rule, size_t *count);

/* A string from the API, or "" when it is NULL. */
const char *report_str(const char *text);

/* The label of a predicate, or its name when it has no label. */
const char *report_pred_title(const sg_rulebook *rb, size_t pred);

/* "signaal" or "voorwaarde" for a predicate. */
const char *report_pred_kind_word(const sg_rulebook *rb, size_t pred);

/* "waar", "onwaar" or "onbekend". */
const char *report_truth_word(sg_truth truth);

/* What answering an open question does, in Dutch, into `buf`: "een
 * antwoord beslist 1 tot 3 van de 3 onbesliste regels die erop wachten". */
void report_question_effect(const sg_question *q, char *buf, size_t len);

#endif
