/* report_doc.h — the decision report as a document (report_doc.c): one
 * walk over the report model that opens and closes blocks and writes spans
 * through a writer, so Markdown (output_md.c) and HTML (output_html.c)
 * share every word of it and differ only in markup.
 */
#ifndef SG_CLI_REPORT_DOC_H
#define SG_CLI_REPORT_DOC_H

#include <stdio.h>

#include "report_model.h"

typedef enum { DOC_BULLETS, DOC_NUMBERED } doc_list_kind;

/* How a span of text is set: plain; strong (the advice itself); code
 * (names, values, hashes); a citation; a note (muted). */
typedef enum { DOC_PLAIN, DOC_STRONG, DOC_CODE, DOC_CITE, DOC_NOTE } doc_style;

/* The blocks of a document. */
typedef enum { DOC_DOCUMENT, DOC_HEADING, DOC_PARAGRAPH, DOC_LIST, DOC_ITEM } doc_block_kind;

/* A block, as opened and (the same value) closed. `role` names what a
 * paragraph or list holds ("meta", "items", "chain", …), for styling. */
typedef struct {
  doc_block_kind kind;
  const report_model *model;  /* the document: its title and hashes */
  int level;                  /* a heading: 1 .. 3 */
  const char *text;           /* a heading's text */
  const char *role;           /* a paragraph or list */
  doc_list_kind list;         /* a list */
} doc_block;

#define DOC_MAX_DEPTH 32

/* A writer: every callback escapes the text it is given. A heading is only
 * opened (it holds its text); every other block is opened, then closed. */
typedef struct doc_writer {
  FILE *out;
  void (*open)(struct doc_writer *w, const doc_block *b);
  void (*close)(struct doc_writer *w, const doc_block *b);
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
  int failed;                     /* out of memory: the document is not whole */
} doc_writer;

/* Write the decision report of `m` through `w`. Returns an exit code:
 * CLI_EXIT_IO when out of memory (the text written is then not whole). */
int report_doc_write(doc_writer *w, const report_model *m);

#endif
