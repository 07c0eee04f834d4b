/* output_md.c — the decision report as Markdown (CommonMark): a writer for
 * report_doc.c that escapes every text, nests lists by indentation and sets
 * names and values in code spans.
 */
#include "report_doc.h"

#include <string.h>

/* Whether the '&' at `p` could start an entity ("&amp;", "&#38;"). */
static int entity_like(const char *p) {
  size_t i = 1;
  while ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
         (p[i] >= '0' && p[i] <= '9') || p[i] == '#')
    i++;
  return i > 1 && p[i] == ';';
}

/* `len` bytes of text with Markdown's active characters escaped; line ends
 * become spaces. */
static void put_escaped(FILE *out, const char *text, size_t len) {
  for (const char *p = text; p < text + len; p++) {
    if (*p == '\n' || *p == '\r') {
      fputc(' ', out);
      continue;
    }
    if (strchr("\\`*_[]<>#|~", *p) != NULL || (*p == '&' && entity_like(p))) fputc('\\', out);
    fputc(*p, out);
  }
}

/* A code span: fenced by one backtick more than the longest run inside. */
static void put_code(FILE *out, const char *text) {
  size_t longest = 0, run = 0;
  for (const char *p = text; *p != '\0'; p++) {
    run = *p == '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  int pad = text[0] == '`' || (text[0] != '\0' && text[strlen(text) - 1] == '`');
  for (size_t i = 0; i <= longest; i++) fputc('`', out);
  if (pad) fputc(' ', out);
  for (const char *p = text; *p != '\0'; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
  if (pad) fputc(' ', out);
  for (size_t i = 0; i <= longest; i++) fputc('`', out);
}

/* End the current line, if it has text. */
static void end_line(doc_writer *w) {
  if (w->line_open) fputc('\n', w->out);
  w->line_open = 0;
}

/* A blank line before a block, except at the very start. */
static void block_start(doc_writer *w) {
  end_line(w);
  if (w->started) fputc('\n', w->out);
  w->started = 1;
}

/* The indentation of text inside the item at `depth`. */
static void indent(doc_writer *w, int depth) {
  for (int d = 1; d <= depth && d < DOC_MAX_DEPTH; d++) fprintf(w->out, "%*s", w->width[d], "");
}

/* "# text" for a heading. */
static void md_heading(doc_writer *w, const doc_block *b) {
  block_start(w);
  fprintf(w->out, "%.*s ", b->level, "######");
  put_escaped(w->out, b->text, strlen(b->text));
  fputc('\n', w->out);
}

/* The start of a list: a block at the outside, one level deeper inside. */
static void md_list_open(doc_writer *w, const doc_block *b) {
  if (w->depth == 0) block_start(w);
  if (w->depth + 1 < DOC_MAX_DEPTH) {
    w->depth++;
    w->kind[w->depth] = b->list;
    w->number[w->depth] = 0;
    w->width[w->depth] = 2;
  }
}

/* An item's marker ("- " or "3. "), indented under its list's parent item. */
static void md_item_open(doc_writer *w) {
  end_line(w);
  w->after_list = 0;
  indent(w, w->depth - 1);
  if (w->kind[w->depth] == DOC_NUMBERED) {
    int n = ++w->number[w->depth];
    w->width[w->depth] = fprintf(w->out, "%d. ", n);
  } else {
    fputs("- ", w->out);
    w->width[w->depth] = 2;
  }
  w->line_open = 1;
}

/* The start of a block. */
static void md_open(doc_writer *w, const doc_block *b) {
  switch (b->kind) {
  case DOC_DOCUMENT: break;
  case DOC_HEADING: md_heading(w, b); break;
  case DOC_PARAGRAPH:
    block_start(w);
    w->line_open = 1;
    break;
  case DOC_LIST: md_list_open(w, b); break;
  case DOC_ITEM: md_item_open(w); break;
  }
}

/* The end of a block: its line (an item's text goes on until its list or
 * the next item ends the line). */
static void md_close(doc_writer *w, const doc_block *b) {
  switch (b->kind) {
  case DOC_LIST:
    if (w->depth > 0) w->depth--;
    end_line(w);
    w->after_list = w->depth > 0;
    break;
  case DOC_DOCUMENT:
  case DOC_PARAGRAPH: end_line(w); break;
  case DOC_HEADING:
  case DOC_ITEM: break;
  }
}

/* A hard line break, indented to the item's text. */
static void md_line_break(doc_writer *w) {
  if (w->after_list) return; /* the next span starts a paragraph */
  fputs("\\\n", w->out);
  indent(w, w->depth);
  w->line_open = 1;
}

/* A span: escaped text, emphasis around it, or a code span. */
static void md_span(doc_writer *w, doc_style style, const char *text) {
  if (w->after_list) {
    /* Text after a nested list: a new paragraph of the same item. */
    fputc('\n', w->out);
    indent(w, w->depth);
    w->after_list = 0;
    w->line_open = 1;
  }
  if (style == DOC_CODE) {
    put_code(w->out, text);
    return;
  }
  const char *mark = style == DOC_STRONG ? "**" : style == DOC_PLAIN ? "" : "*";
  size_t len = strlen(text), lead = 0, trail = 0;
  if (mark[0] != '\0') {
    /* Emphasis cannot start or end with a space: keep those outside. */
    lead = strspn(text, " ");
    while (lead + trail < len && text[len - 1 - trail] == ' ') trail++;
    if (lead + trail == len) mark = "";
  }
  fprintf(w->out, "%*s%s", (int)lead, "", mark);
  put_escaped(w->out, text + lead, len - lead - trail);
  fprintf(w->out, "%s%*s", mark, (int)trail, "");
}

int render_markdown(FILE *out, const report_model *m) {
  doc_writer w = {.out = out, .open = md_open, .close = md_close, .line_break = md_line_break,
                  .span = md_span};
  return report_doc_write(&w, m);
}
