/* cmd_doc.c — `signaal doc`: the literate rulebook. The paragraphs of the
 * documents a rulebook names (`document "…"`), in order, each beside the
 * signals, conditions and rules whose `source` cites it, with their
 * examples and assumptions; a paragraph no rule cites is marked. One walk
 * over the compiler's documents and citations, written as Markdown or as
 * one self-contained HTML page (no scripts, no fonts fetched). Dutch, for
 * the officers who read the source document.
 */
#include "cli.h"
#include "lang.h"
#include "oom.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* How many titled examples a declaration lists before "(+N)". */
enum { DOC_EXAMPLES_SHOWN = 3 };

/* One output format: how text is escaped and how each part is written. */
typedef struct {
  void (*text)(FILE *out, const char *s, size_t n);  /* s escaped for the format */
  void (*code_text)(FILE *out, const char *s, size_t n); /* ... inside a code span */
  const char *begin, *end;          /* the page around everything */
  const char *h1, *h1_end, *h2, *h2_end, *h3, *h3_end, *p, *p_end;
  const char *code, *code_end;      /* a name or a place */
  const char *quote, *quote_break, *quote_end; /* the paragraph's text, line by line */
  const char *list, *item, *sub, *item_end, *list_end;
  const char *uncited;              /* the mark of a paragraph no rule cites */
} doc_format;

static void md_text(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (strchr("\\`*_[]<>|#", s[i]) != NULL) fputc('\\', out);
    fputc(s[i], out);
  }
}

static void html_text(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(s[i], out);
    }
  }
}

/* Inside a Markdown code span nothing is escaped (names and file names
 * hold no backquote). */
static void md_code_text(FILE *out, const char *s, size_t n) { fwrite(s, 1, n, out); }

static const doc_format doc_md = {
  md_text, md_code_text, "", "", "# ", "\n\n", "## ", "\n\n", "### ", "\n\n", "", "\n\n", "`", "`",
  "> ", "\\\n> ", "\n\n", "", "- ", "\n  - ", "\n", "\n",
  "*Niet in regels gevat.*\n\n",
};

static const doc_format doc_html = {
  html_text, html_text,
  "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
  "<title>Het regelboek naast de bron</title>\n<style>\n"
  "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;"
  "line-height:1.45;color:#1a1a1a}\n"
  "blockquote{margin:0 0 .6rem;padding:.4rem .9rem;border-left:4px solid #8aa;background:#f4f7f7}\n"
  "code{font-size:.9em}\nh3{margin-bottom:.3rem}\n"
  ".uncited{color:#a33;font-style:italic}\n</style>\n</head>\n<body>\n",
  "</body>\n</html>\n",
  "<h1>", "</h1>\n", "<h2>", "</h2>\n", "<h3>", "</h3>\n", "<p>", "</p>\n", "<code>", "</code>",
  "<blockquote>", "<br>\n", "</blockquote>\n", "<ul>\n", "<li>", "<br>\n", "</li>\n", "</ul>\n",
  "<p class=\"uncited\">Niet in regels gevat.</p>\n",
};

static void put(FILE *out, const doc_format *f, const char *s) { f->text(out, s, strlen(s)); }

/* `s` as code: a name, a file, a place. */
static void put_code(FILE *out, const doc_format *f, const char *s) {
  fputs(f->code, out);
  f->code_text(out, s, strlen(s));
  fputs(f->code_end, out);
}

/* "signaal", "voorwaarde" or "regel" for a citation's kind. */
static const char *kind_word(const char *kind) {
  return strcmp(kind, "signal") == 0 ? "signaal" : strcmp(kind, "condition") == 0 ? "voorwaarde"
                                                                                    : "regel";
}

/* The label of the signal, condition or rule `name`, or NULL. */
static const char *declaration_label(const sg_rulebook *rb, const char *name, int is_rule) {
  long i = is_rule ? sg_rule_find(rb, name) : sg_pred_find(rb, name);
  if (i < 0) return NULL;
  const char *label = is_rule ? sg_rule_label(rb, (size_t)i) : sg_pred_label(rb, (size_t)i);
  return label != NULL && label[0] != '\0' ? label : NULL;
}

/* Whether example `ex` expects something of `name` (its outcome or value). */
static int example_names(const sgc_example *ex, const char *name) {
  for (size_t k = 0; k < ex->expect_count; k++)
    if (ex->expect[k].what == SGC_EXPECT_OUTCOME && strcmp(ex->expect[k].name, name) == 0)
      return 1;
  return 0;
}

/* Under a citing declaration: the examples that name it (titled ones, the
 * first few, then the whole cases by file) and its assumptions. */
static void doc_examples(FILE *out, const doc_format *f, const sgc_compiler *c,
                         const sg_rulebook *rb, const char *name, int is_rule) {
  size_t titled = 0, cases = 0;
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (!example_names(ex, name) || ex->case_file != NULL) continue;
    if (titled == 0) fprintf(out, "%svoorbeelden: ", f->sub);
    if (titled < DOC_EXAMPLES_SHOWN) {
      fputs(titled > 0 ? "; “" : "“", out);
      put(out, f, ex->title);
      fputs("”", out);
    }
    titled++;
  }
  if (titled > DOC_EXAMPLES_SHOWN) fprintf(out, " (+%zu)", titled - DOC_EXAMPLES_SHOWN);
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (!example_names(ex, name) || ex->case_file == NULL) continue;
    const char *base = strrchr(ex->case_file, '/');
    base = base != NULL ? base + 1 : ex->case_file;
    size_t digits = strspn(base, "0123456789");  /* "01-zakkenroller-dinsdag.json": 01 */
    fputs(cases == 0 ? f->sub : ", ", out);
    if (cases == 0) fputs("hele casussen (rules/examples/): ", out);
    f->text(out, base, digits > 0 ? digits : strlen(base));
    cases++;
  }
  for (size_t i = 0; i < sg_assumption_count(rb); i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    const char *owner_name = kind == SG_OWNER_RULE ? sg_rule_name(rb, owner)
                             : kind == SG_OWNER_PREDICATE ? sg_pred_name(rb, owner) : NULL;
    if (owner_name == NULL || (kind == SG_OWNER_RULE) != is_rule || strcmp(owner_name, name) != 0)
      continue;
    fprintf(out, "%saanname: ", f->sub);
    put(out, f, text);
  }
}

/* The declarations citing paragraph `para` of document `doc`, each once
 * (its versions' places together); how many there are. */
static size_t doc_citers(FILE *out, const doc_format *f, const sgc_compiler *c,
                         const sg_rulebook *rb, size_t doc, size_t para) {
  size_t shown = 0, n = sgc_citation_count(c);
  for (size_t i = 0; i < n; i++) {
    const sgc_citation *ci = sgc_citation_at(c, i);
    if (ci->document != doc || ci->paragraph != para) continue;
    int seen = 0;  /* the same declaration cited this paragraph before: done there */
    for (size_t k = 0; k < i && !seen; k++) {
      const sgc_citation *p = sgc_citation_at(c, k);
      seen = p->document == doc && p->paragraph == para && strcmp(p->name, ci->name) == 0 &&
             strcmp(p->kind, ci->kind) == 0;
    }
    if (seen) continue;
    int is_rule = strcmp(ci->kind, "rule") == 0;
    fprintf(out, "%s%s%s ", shown == 0 ? f->list : "", f->item, kind_word(ci->kind));
    put_code(out, f, ci->name);
    const char *label = declaration_label(rb, ci->name, is_rule);
    if (label != NULL) {
      fputs(": ", out);
      put(out, f, label);
    }
    fputs(" (", out);
    for (size_t k = i, places = 0; k < n; k++) {
      const sgc_citation *p = sgc_citation_at(c, k);
      if (p->document != doc || p->paragraph != para || strcmp(p->name, ci->name) != 0 ||
          strcmp(p->kind, ci->kind) != 0)
        continue;
      char place[64];
      snprintf(place, sizeof place, ":%d", p->at.line);
      fprintf(out, "%s%s", places++ > 0 ? ", " : "", f->code);
      f->code_text(out, p->at.file, strlen(p->at.file));
      fprintf(out, "%s%s", place, f->code_end);
      if (p->note != NULL) {
        fputs(" — ", out);
        put(out, f, p->note);
      }
    }
    fputs(")", out);
    doc_examples(out, f, c, rb, ci->name, is_rule);
    fputs(f->item_end, out);
    shown++;
  }
  if (shown > 0) fputs(f->list_end, out);
  return shown;
}

/* Whether any citation names paragraph `para` of document `doc`. */
static int doc_cited(const sgc_compiler *c, size_t doc, size_t para) {
  for (size_t i = 0; i < sgc_citation_count(c); i++) {
    const sgc_citation *ci = sgc_citation_at(c, i);
    if (ci->document == doc && ci->paragraph == para) return 1;
  }
  return 0;
}

/* The whole page. */
static void doc_write(FILE *out, const doc_format *f, const sgc_compiler *c,
                      const sg_rulebook *rb, const char *rules_name) {
  fputs(f->begin, out);
  fprintf(out, "%sHet regelboek naast de bron%s", f->h1, f->h1_end);
  fprintf(out, "%sGemaakt met %ssignaal doc ", f->p, f->code);
  f->code_text(out, rules_name, strlen(rules_name));
  fprintf(out, "%s; niet met de hand bewerken. Regelboek: ", f->code_end);
  put(out, f, sg_rulebook_title(rb));
  fputs(", versie ", out);
  put(out, f, sg_rulebook_version(rb));
  fprintf(out, ".%s", f->p_end);
  fprintf(out, "%sElke alinea van de brondocumenten staat hieronder in volgorde, met haar label, "
          "gevolgd door de signalen, voorwaarden en regels die haar met %ssource%s noemen (met "
          "hun plaats), de voorbeelden die hen testen en hun aannames. Een alinea die geen regel "
          "noemt, is gemarkeerd als niet in regels gevat.%s",
          f->p, f->code, f->code_end, f->p_end);
  for (size_t d = 0; d < sgc_document_count(c); d++) {
    const sgc_document *doc = sgc_document_at(c, d);
    size_t cited = 0;
    for (size_t i = 0; i < doc->paragraph_count; i++) cited += (size_t)doc_cited(c, d, i);
    fputs(f->h2, out);
    put(out, f, doc->title[0] != '\0' ? doc->title : doc->file);
    fputs(f->h2_end, out);
    fputs(f->p, out);
    put_code(out, f, doc->file);
    fprintf(out, ": %zu alinea's, waarvan %zu in regels gevat en %zu niet.%s",
            doc->paragraph_count, cited, doc->paragraph_count - cited, f->p_end);
    for (size_t i = 0; i < doc->paragraph_count; i++) {
      const sgc_paragraph *para = &doc->paragraphs[i];
      fputs(f->h3, out);
      put(out, f, para->label);
      fputs(f->h3_end, out);
      if (para->text[0] != '\0') {
        fputs(f->quote, out);
        for (const char *line = para->text;;) {
          const char *nl = strchr(line, '\n');
          f->text(out, line, nl != NULL ? (size_t)(nl - line) : strlen(line));
          if (nl == NULL) break;
          fputs(f->quote_break, out);
          line = nl + 1;
        }
        fputs(f->quote_end, out);
      }
      if (doc_citers(out, f, c, rb, d, i) == 0) fputs(f->uncited, out);
    }
  }
  fputs(f->end, out);
}

static int run_doc(const cli_args *args) {
  const doc_format *f = &doc_md;
  if (args->doc_format != NULL && strcmp(args->doc_format, "html") == 0) f = &doc_html;
  else if (args->doc_format != NULL && strcmp(args->doc_format, "md") != 0)
    return args_usage_error("doc", _("--format expects md or html"));
  const sgc_compiler *c = args->compiler;
  if (c == NULL) {
    fprintf(stderr, _("%s: error: a compiled rulebook holds no documents; give its .rules file\n"),
            args->operands[0]);
    return CLI_EXIT_INPUT;
  }
  if (sgc_document_count(c) == 0) {
    fprintf(stderr, _("%s: error: the rulebook names no document (`document \"FILE\"` in its "
                      "header; docs/language.md)\n"), args->operands[0]);
    return CLI_EXIT_INPUT;
  }
  char *text = NULL;
  size_t size = 0;
  FILE *mem = open_memstream(&text, &size);
  if (mem == NULL) return oom_error("signaal doc");
  doc_write(mem, f, c, args->rulebook, args->operands[0]);
  if (fclose(mem) != 0) {
    free(text);
    return oom_error("signaal doc");
  }
  int code = CLI_EXIT_OK;
  char why[256];
  if (args->output != NULL && sgc_write_atomic(args->output, text, size, why, sizeof why) != 0) {
    fprintf(stderr, _("%s: error: cannot write: %s\n"), args->output, why);
    code = CLI_EXIT_IO;
  } else if (args->output == NULL) {
    fwrite(text, 1, size, stdout);
  }
  free(text);
  return code;
}

const cli_command command_doc = {
  .name = "doc", .operand = "RULEBOOK", .loads = 1, .run = run_doc,
  .summary = "set the source document's paragraphs beside the rules that cite them",
  .options = (const cli_use[]){
    {OPT_FORMAT, NULL, NULL}, {OPT_OUTPUT, NULL, NULL}, {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Write the literate rulebook: every paragraph of the documents the header\n"
    "names (`document \"FILE\"`), in order, with its label and text, then the\n"
    "signals, conditions and rules whose `source` cites it (name, label,\n"
    "file:line), the examples that name them and their assumptions. A\n"
    "paragraph no rule cites is marked \"Niet in regels gevat\". The text is in\n"
    "Dutch, for the readers of the source document. Markdown by default; with\n"
    "--format html one self-contained page (no scripts, no fonts fetched).\n"
    "\n"
    "RULEBOOK is the .rules file: a compiled rulebook holds no documents.\n",
  .examples =
    "  signaal doc rules/uitbuiting.rules -o docs/rulebook-map.md\n"
    "  signaal doc rules/uitbuiting.rules --format html -o regelboek.html\n",
};
