/* report_doc.h — the decision report as a document (report_doc.c): one
 * walk over the report model that drives a writer of blocks and spans, so
 * Markdown (output_md.c) and HTML (output_html.c) share every word of it.
 */
#ifndef SG_CLI_REPORT_DOC_H
#define SG_CLI_REPORT_DOC_H

#include <stdio.h>

#include "report_model.h"

typedef enum { DOC_BULLETS, DOC_NUMBERED } doc_list_kind;

/* How a span of text is set: plain; strong (the advice itself); code
 * (names, values, hashes); a citation; a note (muted). */
typedef enum { DOC_PLAIN, DOC_STRONG, DOC_CODE, DOC_CITE, DOC_NOTE } doc_style;

#define DOC_MAX_DEPTH 32

/* A writer: every callback escapes the text it is given. `role` names what
 * a list holds ("meta", "items", "fields", "chain", …), for styling. */
typedef struct doc_writer {
  FILE *out;
  void (*begin)(struct doc_writer *w, const report_model *m);
  void (*end)(struct doc_writer *w, const report_model *m);
  void (*heading)(struct doc_writer *w, int level, const char *text);
  void (*paragraph_begin)(struct doc_writer *w, const char *role);
  void (*paragraph_end)(struct doc_writer *w);
  void (*list_begin)(struct doc_writer *w, doc_list_kind kind, const char *role);
  void (*list_end)(struct doc_writer *w);
  void (*item_begin)(struct doc_writer *w);
  void (*item_end)(struct doc_writer *w);
  void (*line_break)(struct doc_writer *w);
  void (*span)(struct doc_writer *w, doc_style style, const char *text);
  /* the writer's own state */
  int depth;                      /* lists open */
  int width[DOC_MAX_DEPTH];       /* Markdown: the marker width at each depth */
  int number[DOC_MAX_DEPTH];      /* Markdown: the last item number */
  doc_list_kind kind[DOC_MAX_DEPTH];
  int line_open;                  /* Markdown: the current line has text */
  int after_list;                 /* a list inside an item just ended: the
                                     item's text goes on in a new paragraph */
  int started;                    /* a block has been written */
} doc_writer;

/* Write the decision report of `m` through `w`. Returns an exit code. */
int report_doc_write(doc_writer *w, const report_model *m);

#endif
