/* document.c — the source documents a rulebook cites (`document "PATH"` in
 * its header): each read as one of the rulebook's source files and split
 * into paragraphs at its `[LABEL]` lines; and the check that every part of
 * every `source` names one of those paragraphs (docs/language.md,
 * "Documents and citations"). A rulebook without documents is not checked.
 */
#include "check.h"
#include "util.h"

#include <string.h>

/* The position of `loc` as the API gives it. */
static sgc_position document_position(const sgc_compiler *c, ast_loc loc) {
  sgc_position at = {c->files.items[loc.file].stored, loc.line, loc.column,
                     c->files.items[loc.file].name};
  return at;
}

/* `s` (n bytes) without blanks at either end, as a new string. */
static char *document_trimmed(sgc_compiler *c, const char *s, size_t n) {
  while (n > 0 && strchr(" \t\r", s[0])) s++, n--;
  while (n > 0 && strchr(" \t\r", s[n - 1])) n--;
  return sgc_strndup(c, s, n);
}

/* The label of a line `[LABEL]` (n bytes, blanks around allowed), or NULL
 * when the line is not one; *column: the column of the '['. */
static char *document_label(sgc_compiler *c, const char *line, size_t n, int *column) {
  size_t lead = 0;
  while (lead < n && (line[lead] == ' ' || line[lead] == '\t')) lead++;
  while (n > lead && strchr(" \t\r", line[n - 1])) n--;
  if (n - lead < 2 || line[lead] != '[' || line[n - 1] != ']') return NULL;
  *column = (int)lead + 1;
  return document_trimmed(c, line + lead + 1, n - lead - 2);
}

/* Split document `file` into paragraphs: a label line begins one, its text
 * runs to the next, blank lines around it dropped. The first line with
 * text before any label is the title. */
static void document_split(sgc_compiler *c, sgc_document *doc, int file) {
  const source_file *f = &c->files.items[file];
  VEC(sgc_paragraph) paras = {0};
  const char *text_start = NULL, *text_end = NULL; /* the current paragraph's text */
  doc->title = "";
  int line_no = 0;
  for (const char *p = f->text; p < f->text + f->size;) {
    const char *nl = memchr(p, '\n', (size_t)(f->text + f->size - p));
    const char *end = nl ? nl : f->text + f->size;
    line_no++;
    int column = 0;
    char *label = document_label(c, p, (size_t)(end - p), &column);
    int blank = strspn(p, " \t\r") >= (size_t)(end - p);
    if (label) {
      if (paras.count > 0)
        paras.items[paras.count - 1].text =
            text_start ? sgc_strndup(c, text_start, (size_t)(text_end - text_start)) : "";
      sgc_paragraph *para = VEC_PUSH(c, paras);
      para->label = label;
      ast_loc at = {file, line_no, column, (int)strlen(label) + 2};
      para->at = document_position(c, at);
      text_start = text_end = NULL;
      if (label[0] == '\0') diag_error(c, at, "an empty label: a paragraph's label says what a "
                                       "citation calls it ('[Werkwijze Raad, punt 1]')");
    } else if (paras.count == 0 && !blank && doc->title[0] == '\0') {
      doc->title = document_trimmed(c, p, (size_t)(end - p));
    } else if (paras.count > 0 && !blank) {
      if (!text_start) text_start = p;
      text_end = end;
      while (text_end > p && strchr(" \t\r", text_end[-1])) text_end--;
    }
    p = nl ? nl + 1 : end;
  }
  if (paras.count > 0)
    paras.items[paras.count - 1].text =
        text_start ? sgc_strndup(c, text_start, (size_t)(text_end - text_start)) : "";
  doc->paragraphs = paras.items;
  doc->paragraph_count = paras.count;
}

int document_read(sgc_compiler *c) {
  int before = c->errors;
  ast_decl *header = c->decls;
  while (header && header->kind != DECL_HEADER) header = header->next;
  if (!header) return 0;
  for (ast_clause *cl = header->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_DOCUMENT) continue;
    char *path = source_resolve(c, c->files.items[header->loc.file].name, cl->text);
    int file = source_read(c, path, cl->name_loc);
    if (file < 0) continue;
    const source_file *f = &c->files.items[file];
    if (!sgr_utf8_valid(f->text, f->size) || memchr(f->text, '\0', f->size)) {
      diag_error(c, cl->name_loc, "'%s' is not UTF-8 text: a document is read as text", path);
      continue;
    }
    sgc_document *doc = VEC_PUSH(c, c->documents);
    doc->at = document_position(c, cl->name_loc);
    doc->file = f->stored;
    doc->path = f->name;
    document_split(c, doc, file);
    if (doc->paragraph_count == 0)
      diag_error(c, cl->name_loc, "'%s' has no paragraphs: a line '[LABEL]' begins each one, "
                 "which citations name", path);
  }
  return c->errors - before;
}

/* ---- citations ----------------------------------------------------------- */

/* The labels of every document: open addressing on the label. */
typedef struct {
  const sgc_paragraph **slots;
  size_t *doc;             /* the document of each slot */
  size_t cap;
} label_index;

/* FNV-1a over n bytes. */
static uint32_t label_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* The paragraph labelled with the n bytes at `label`, and in *doc its
 * document; NULL when there is none. */
static const sgc_paragraph *label_find(const label_index *x, const char *label, size_t n,
                                       size_t *doc) {
  for (size_t i = label_hash(label, n) & (x->cap - 1); x->slots[i]; i = (i + 1) & (x->cap - 1))
    if (strncmp(x->slots[i]->label, label, n) == 0 && x->slots[i]->label[n] == '\0') {
      *doc = x->doc[i];
      return x->slots[i];
    }
  return NULL;
}

/* Where paragraph `p`'s label is written, as a location for a message. */
static ast_loc paragraph_loc(const sgc_compiler *c, const sgc_paragraph *p) {
  ast_loc at = {-1, p->at.line, p->at.column, (int)strlen(p->label) + 2};
  for (size_t f = 0; f < c->files.count; f++)
    if (c->files.items[f].name == p->at.path) at.file = (int)f;
  return at;
}

/* Index every label; a label written twice is an error (a citation could
 * not say which paragraph it means). */
static void label_index_build(sgc_compiler *c, label_index *x) {
  size_t total = 0;
  for (size_t d = 0; d < c->documents.count; d++) total += c->documents.items[d].paragraph_count;
  x->cap = 16;
  while (x->cap < 2 * total + 1) x->cap *= 2;
  x->slots = sgc_alloc(c, x->cap * sizeof *x->slots);
  x->doc = sgc_alloc(c, x->cap * sizeof *x->doc);
  memset(x->slots, 0, x->cap * sizeof *x->slots);
  for (size_t d = 0; d < c->documents.count; d++)
    for (size_t i = 0; i < c->documents.items[d].paragraph_count; i++) {
      const sgc_paragraph *p = &c->documents.items[d].paragraphs[i];
      size_t other_doc;
      const sgc_paragraph *first = label_find(x, p->label, strlen(p->label), &other_doc);
      if (first) {
        diag_error(c, paragraph_loc(c, p), "the label '%s' is written twice: a citation must name one paragraph",
                   p->label);
        diag_note(c, paragraph_loc(c, first), "the first '%s' is here", first->label);
        continue;
      }
      size_t k = label_hash(p->label, strlen(p->label)) & (x->cap - 1);
      while (x->slots[k]) k = (k + 1) & (x->cap - 1);
      x->slots[k] = p;
      x->doc[k] = d;
    }
}

/* The label closest to `part` (n bytes), or NULL when none is close. */
static const char *label_suggest(sgc_compiler *c, const char *part, size_t n) {
  if (diag_capped(c)) return NULL;  /* no one reads a hint past the limit */
  char *name = sgc_strndup(c, part, n);
  size_t best_d = n / 4 < 1 ? 1 : n / 4 > 6 ? 6 : n / 4;
  const char *best = NULL;
  for (size_t d = 0; d < c->documents.count; d++)
    for (size_t i = 0; i < c->documents.items[d].paragraph_count; i++) {
      const char *label = c->documents.items[d].paragraphs[i].label;
      size_t dist = sgr_edit_distance(name, label, best_d);
      if (dist <= best_d && (best == NULL || dist < best_d)) {
        best = label;
        best_d = dist;
      }
    }
  return best;
}

/* Where bytes [at, at + n) of a citation's text are in the source: the
 * text's own place when its quoted form holds escapes (the offsets then
 * differ), else the part's characters. */
static ast_loc part_loc(sgc_compiler *c, const ast_clause *cl, size_t at, size_t n) {
  size_t raw_len = 0;
  const char *raw = diag_source_text(c, cl->name_loc, &raw_len);
  if (raw == NULL || raw_len < at + n + 2 || memcmp(raw + 1, cl->text, at + n) != 0)
    return cl->name_loc;
  ast_loc loc = cl->name_loc;
  loc.column += 1;
  for (size_t i = 0; i < at; i++)
    if (((unsigned char)cl->text[i] & 0xC0) != 0x80) loc.column++;
  loc.length = (int)n;
  return loc;
}

/* Check the citation of `d` part by part, recording each. */
static void check_citation(sgc_compiler *c, const label_index *x, ast_decl *d) {
  const ast_clause *cl = d->source;
  const char *text = cl->text;
  size_t len = strlen(text);
  for (size_t start = 0; start <= len;) {
    size_t end = start;
    for (int depth = 0; end < len && (text[end] != ';' || depth > 0); end++)
      depth += text[end] == '(' ? 1 : text[end] == ')' && depth > 0 ? -1 : 0;
    size_t a = start, b = end;
    while (a < b && text[a] == ' ') a++;
    while (b > a && text[b - 1] == ' ') b--;
    start = end + 1;
    size_t doc = 0, label_len = b - a;
    const sgc_paragraph *para = label_find(x, text + a, label_len, &doc);
    const char *note = NULL;
    if (!para && b > a && text[b - 1] == ')') {  /* "LABEL (NOTE)" */
      size_t open = b - 1;
      for (int depth = 0; open > a; open--) {
        depth += text[open] == ')' ? 1 : text[open] == '(' ? -1 : 0;
        if (depth == 0) break;
      }
      if (text[open] == '(' && open > a + 1 && text[open - 1] == ' ') {
        label_len = open - 1 - a;
        while (label_len > 0 && text[a + label_len - 1] == ' ') label_len--;
        para = label_find(x, text + a, label_len, &doc);
        if (para) note = sgc_strndup(c, text + open + 1, b - open - 2);
      }
    }
    if (!para) {
      ast_loc at = part_loc(c, cl, a, b - a);
      const char *hint = label_suggest(c, text + a, label_len);
      if (hint)
        diag_error(c, at, "'%.*s' is no paragraph of the rulebook's documents; did you mean "
                   "'%s'?", (int)label_len, text + a, hint);
      else
        diag_error(c, at, "'%.*s' is no paragraph of the rulebook's documents (a citation "
                   "names labels, '[LABEL]' in a document, separated by ';')",
                   (int)label_len, text + a);
      continue;
    }
    sgc_citation *cit = VEC_PUSH(c, c->citations);
    cit->name = d->name;
    cit->kind = d->kind == DECL_RULE ? "rule" : d->kind == DECL_SIGNAL ? "signal" : "condition";
    cit->at = document_position(c, d->name_loc);
    cit->document = doc;
    cit->paragraph = (size_t)(para - c->documents.items[doc].paragraphs);
    cit->note = note;
  }
}

void check_citations(sgc_compiler *c) {
  if (c->documents.count == 0) return;
  label_index x;
  label_index_build(c, &x);
  for (ast_decl *d = c->decls; d; d = d->next)
    if ((d->kind == DECL_SIGNAL || d->kind == DECL_CONDITION || d->kind == DECL_RULE) &&
        d->source != NULL)
      check_citation(c, &x, d);
}
