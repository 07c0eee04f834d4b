/* output_html.c — the decision report as one self-contained HTML5 page: a
 * writer for report_doc.c that escapes every text, with inline CSS for the
 * screen and for print (A4, a line with the bytecode hash on every page).
 */
#include "report_doc.h"

/* Text with &, <, >, " and ' escaped. */
static void put_escaped(FILE *out, const char *text) {
  for (const char *p = text; *p != '\0'; p++) {
    switch (*p) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(*p, out);
    }
  }
}

static const char style_sheet[] =
  "body{font-family:\"DejaVu Sans\",\"Noto Sans\",\"Segoe UI\",Arial,sans-serif;"
  "line-height:1.45;color:#1b1b1b;background:#fff;max-width:50rem;margin:2rem auto;"
  "padding:0 1.2rem;font-size:15px}\n"
  "h1{font-size:1.7rem;margin:0 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid #1b1b1b}\n"
  "h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.15rem;border-bottom:1px solid #999}\n"
  "h3{font-size:1.05rem;margin:1.3rem 0 .5rem}\n"
  "p{margin:.4rem 0}\n"
  "code{font-family:\"DejaVu Sans Mono\",Consolas,monospace;font-size:.86em;"
  "background:#f1f1f1;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}\n"
  "cite{font-style:italic;color:#444}\n"
  ".note,.none{color:#666}\n"
  "ul.meta{list-style:none;padding:0;margin:0 0 1rem}\n"
  "ul.meta li{margin:.1rem 0;display:grid;grid-template-columns:15.5rem 1fr;align-items:start}\n"
  "ul.meta code{justify-self:start}\n"
  "ul.items,ul.reading{list-style:none;padding:0}\n"
  "ul.items>li,ul.reading>li{margin:0 0 .7rem;padding:.45rem .8rem;"
  "border-left:4px solid #2a5d9f;background:#f5f8fc;break-inside:avoid}\n"
  "ol.questions>li{margin:0 0 .5rem;break-inside:avoid}\n"
  "ul.facts,ul.rules{margin:.2rem 0;padding-left:1.3rem}\n"
  "ul.chain{list-style:none;margin:.15rem 0 .3rem;padding-left:1.1rem;border-left:1px dotted #888}\n"
  "ul.chain li{margin:.12rem 0;break-inside:avoid}\n"
  "p.rule{margin-top:1rem;break-after:avoid}\n"
  "p.colophon{margin-top:2rem;font-size:.85em}\n"
  "@media print{\n"
  "body{max-width:none;margin:0;padding:0;font-size:10pt}\n"
  "ul.items>li,ul.reading>li{background:none;border-left:2px solid #555}\n"
  "code{background:none;padding:0}\n"
  "h2,h3{break-after:avoid}\n"
  "}\n";

/* The page box: A4 margins, and on every printed page a line that traces
 * the paper to the exact rules (only hex and digits go into the CSS). */
static void put_page_style(FILE *out, const report_model *m) {
  fprintf(out,
          "@page{size:A4;margin:16mm 16mm 20mm;"
          "@bottom-left{content:\"Beslisrapport %s \\B7  regelboek bytecode sha256 %s \\B7  "
          "pagina \" counter(page) \" van \" counter(pages);"
          "font-size:7pt;color:#444;font-family:\"DejaVu Sans\",Arial,sans-serif}}\n",
          m->now, m->bytecode_hash);
}

/* The page's head: title, style sheet, the page box. */
static void html_document(doc_writer *w, const report_model *m) {
  fputs("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        w->out);
  fputs("Beslisrapport — ", w->out);
  put_escaped(w->out, m->title);
  fputs(" — ", w->out);
  put_escaped(w->out, m->now);
  fprintf(w->out, "</title>\n<style>\n%s", style_sheet);
  put_page_style(w->out, m);
  fputs("</style>\n</head>\n<body>\n<main>\n", w->out);
}

/* The start of a block: its tag (a heading whole). */
static void html_open(doc_writer *w, const doc_block *b) {
  switch (b->kind) {
  case DOC_DOCUMENT: html_document(w, b->model); break;
  case DOC_HEADING:
    fprintf(w->out, "<h%d>", b->level);
    put_escaped(w->out, b->text);
    fprintf(w->out, "</h%d>\n", b->level);
    break;
  case DOC_PARAGRAPH: fprintf(w->out, "<p class=\"%s\">", b->role); break;
  case DOC_LIST:
    fprintf(w->out, "<%s class=\"%s\">\n", b->list == DOC_NUMBERED ? "ol" : "ul", b->role);
    break;
  case DOC_ITEM:
    w->after_list = 0;
    fputs("<li>", w->out);
    break;
  }
}

/* The end of a block: its closing tag. */
static void html_close(doc_writer *w, const doc_block *b) {
  switch (b->kind) {
  case DOC_DOCUMENT: fputs("</main>\n</body>\n</html>\n", w->out); break;
  case DOC_HEADING: break;
  case DOC_PARAGRAPH: fputs("</p>\n", w->out); break;
  case DOC_LIST:
    fputs(b->list == DOC_NUMBERED ? "</ol>\n" : "</ul>\n", w->out);
    w->after_list = 1;
    break;
  case DOC_ITEM: fputs("</li>\n", w->out); break;
  }
}

/* A line break inside an item or paragraph. */
static void html_line_break(doc_writer *w) {
  if (w->after_list) return; /* a list already ends the line */
  fputs("<br>\n", w->out);
}

/* A span of text in its style's element. */
static void html_span(doc_writer *w, doc_style style, const char *text) {
  w->after_list = 0;
  static const char *const open[] = {"", "<strong>", "<code>", "<cite>", "<span class=\"note\">"};
  static const char *const close[] = {"", "</strong>", "</code>", "</cite>", "</span>"};
  fputs(open[style], w->out);
  put_escaped(w->out, text);
  fputs(close[style], w->out);
}

int render_html(FILE *out, const report_model *m) {
  doc_writer w = {.out = out, .open = html_open, .close = html_close,
                  .line_break = html_line_break, .span = html_span};
  return report_doc_write(&w, m);
}
