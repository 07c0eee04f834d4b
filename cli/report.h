/* report.h — the reports of `signaal eval` and `interview`: the registry
 * of output formats (text, JSON, Markdown, HTML), writing a session's report
 * in one, and two small helpers: hashes in hex, "" for a NULL string.
 */
#ifndef SG_CLI_REPORT_H
#define SG_CLI_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report_model.h"
#include "session.h"

struct report_model;

/* An output format of the report: `signaal eval --report NAME`. */
typedef struct report_format {
  const char *name;       /* "text" */
  const char *help;       /* one line for --help */
  int explains;           /* always carries the explanations (the text report
                             only with --explain) */
  /* Write the collected report; returns an exit code: CLI_EXIT_IO when
   * out of memory (nothing printed; what it wrote is then not whole). */
  int (*write)(FILE *out, const struct report_model *m);
} report_format;

/* The registry of formats, the default (text) first, in the order --help
 * lists them; a NULL name ends it. */
extern const report_format report_formats[];

/* The format called `name`, or NULL. */
const report_format *report_format_find(const char *name);

/* Collect the report of the session's evaluated case once and write it in
 * `format` (NULL: the default) into a new buffer *text of *size bytes (NUL
 * after the last; the caller frees it); `explain` adds the "waarom" chains
 * to the text report. Returns an exit code: CLI_EXIT_IO when out of memory,
 * after printing "signaal CMD: error: out of memory" (then *text is NULL:
 * no part of a report is ever passed on). */
int report_render(const case_session *s, const report_format *format, int explain, char **text,
                  size_t *size);

#endif
