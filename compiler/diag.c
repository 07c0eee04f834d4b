/* diag.c — diagnostics: the message, its position, and the rendered text a
 * user sees (position, the source line, a caret under the spot), in the
 * style of gcc and clang. Library code never prints; the CLI does.
 */
#include "compiler.h"

#include <libintl.h>
#include <stdio.h>
#include <string.h>

/* The text of line `line` (1-based) of a file, and its length. The scan
 * starts at the line found last when it is not after `line` (diagnostics
 * come mostly in file order), so a flood of them stays linear. */
static const char *diag_line(source_file *f, int line, size_t *len) {
  const char *p = f->text, *end = f->text + f->size;
  int l = 1;
  if (f->seen_line > 0 && f->seen_line <= line) {
    l = f->seen_line;
    p += f->seen_at;
  }
  for (; l < line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) return NULL;
    p = nl + 1;
  }
  f->seen_line = line;
  f->seen_at = (size_t)(p - f->text);
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  *len = (size_t)((nl ? nl : end) - p);
  if (*len && p[*len - 1] == '\r') (*len)--;
  return p;
}

/* Byte offset of character column `column` (1-based) in a line. */
static size_t diag_byte_at(const char *line, size_t len, int column) {
  size_t i = 0;
  for (int col = 1; i < len && col < column; col++) {
    i++;
    while (i < len && ((unsigned char)line[i] & 0xC0) == 0x80) i++;
  }
  return i;
}

const char *diag_source_text(sgc_compiler *c, ast_loc loc, size_t *len) {
  if (loc.file < 0 || (size_t)loc.file >= c->files.count || loc.line <= 0 || loc.length <= 0)
    return NULL;
  size_t line_len;
  const char *line = diag_line(&c->files.items[loc.file], loc.line, &line_len);
  if (!line) return NULL;
  size_t from = diag_byte_at(line, line_len, loc.column);
  size_t to = diag_byte_at(line, line_len, loc.column + loc.length);
  *len = to - from;
  return line + from;
}

const char *diag_source_line(sgc_compiler *c, ast_loc loc, size_t *len, size_t *at) {
  if (loc.file < 0 || (size_t)loc.file >= c->files.count || loc.line <= 0) return NULL;
  const char *line = diag_line(&c->files.items[loc.file], loc.line, len);
  if (line != NULL) *at = diag_byte_at(line, *len, loc.column);
  return line;
}

/* Render "file:line:col: kind: message", the line and a caret run. */
static char *diag_render(sgc_compiler *c, ast_loc loc, const char *kind, const char *msg) {
  source_file *f = loc.file >= 0 && (size_t)loc.file < c->files.count
                             ? &c->files.items[loc.file] : NULL;
  char head[2048];
  if (f && loc.line > 0)
    snprintf(head, sizeof head, "%s:%d:%d: %s: %s\n", f->name, loc.line, loc.column, kind, msg);
  else if (f)
    snprintf(head, sizeof head, "%s: %s: %s\n", f->name, kind, msg);
  else
    snprintf(head, sizeof head, "signaal: %s: %s\n", kind, msg);
  size_t len = 0;
  const char *line = f && loc.line > 0 ? diag_line(f, loc.line, &len) : NULL;
  if (!line) return sgc_strdup(c, head);

  /* A long line is shown as a window of DIAG_WIDTH characters around the
   * column, "..." where it is cut (a 20,000-character line stays legible). */
  enum { DIAG_WIDTH = 120, DIAG_BEFORE = 40 };
  size_t col = diag_byte_at(line, len, loc.column), skip = 0;
  const char *cut_left = "", *cut_right = "";
  if (len > DIAG_WIDTH) {
    if (loc.column > DIAG_BEFORE) {
      skip = diag_byte_at(line, len, loc.column - DIAG_BEFORE);
      cut_left = "...";
    }
    size_t keep = diag_byte_at(line + skip, len - skip, DIAG_WIDTH + 1);
    if (skip + keep < len) cut_right = "...";
    line += skip;
    len = keep;
    col -= skip;
  }

  /* gutter, line, gutter, spaces (tabs kept) up to the column, caret run */
  size_t cap = strlen(head) + 2 * len + 64 + (size_t)(loc.length > 0 ? loc.length : 1);
  char *out = sgc_alloc(c, cap), *o = out;
  o += snprintf(o, cap, "%s%5d | %s%.*s%s\n      | %s", head, loc.line, cut_left, (int)len, line,
                cut_right, *cut_left ? "   " : "");
  for (size_t i = 0; i < col; i++) {
    unsigned char ch = (unsigned char)line[i];
    if ((ch & 0xC0) == 0x80) continue; /* one space per character */
    *o++ = ch == '\t' ? '\t' : ' ';
  }
  *o++ = '^';
  for (int i = 1; i < loc.length && col + (size_t)i < len; i++) *o++ = '~';
  *o++ = '\n';
  *o = '\0';
  return out;
}

/* A message is one line: control characters that came in with a name or a
 * path (an include of "a\nb") are written as escapes. */
static void diag_one_line(const char *in, char *out, size_t cap) {
  size_t n = 0;
  for (; *in && n + 5 < cap; in++) {
    unsigned char ch = (unsigned char)*in;
    if (ch == '\n') n += (size_t)snprintf(out + n, cap - n, "\\n");
    else if (ch == '\t') n += (size_t)snprintf(out + n, cap - n, "\\t");
    else if (ch < 0x20 || ch == 0x7f) n += (size_t)snprintf(out + n, cap - n, "\\x%02x", ch);
    else out[n++] = (char)ch;
  }
  out[n] = '\0';
}

int diag_capped(const sgc_compiler *c) { return c->max_errors > 0 && c->errors >= c->max_errors; }

/* A message in the language the program chose (GNU gettext, domain
 * "signaal"; the CLI's lang.c chooses): the English msgid itself unless a
 * catalogue is bound and the locale asks for it. Formats are translated
 * here, once, before their arguments are put in. */
#define DIAG_(msgid) dgettext("signaal", msgid)

const char *diag_word(const char *msgid) { return DIAG_(msgid); }

static void diag_add(sgc_compiler *c, sgc_severity sev, ast_loc loc, const char *fmt, va_list ap) {
  if (diag_capped(c)) {  /* past the limit: counted, not kept (nor its notes) */
    if (sev == SGC_ERROR) {
      c->errors++;
      c->errors_dropped++;
    }
    return;
  }
  char raw[600], msg[900];
  vsnprintf(raw, sizeof raw, DIAG_(fmt), ap);
  diag_one_line(raw, msg, sizeof msg);
  sgc_diagnostic *d = VEC_PUSH(c, c->diags);
  d->severity = sev;
  d->file = loc.file >= 0 && (size_t)loc.file < c->files.count ? c->files.items[loc.file].name : "";
  d->line = loc.line;
  d->column = loc.column;
  d->message = sgc_strdup(c, msg);
  d->rendered = diag_render(c, loc, sev == SGC_ERROR ? DIAG_("error") : DIAG_("note"), msg);
  if (sev == SGC_ERROR) c->errors++;
}

void diag_error(sgc_compiler *c, ast_loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(c, SGC_ERROR, loc, fmt, ap);
  va_end(ap);
}

void diag_note(sgc_compiler *c, ast_loc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_add(c, SGC_NOTE, loc, fmt, ap);
  va_end(ap);
}

void diag_finish(sgc_compiler *c) {
  if (c->errors_dropped == 0) return;
  char msg[200];
  snprintf(msg, sizeof msg, DIAG_("%d more errors not shown: the first %d are; fix them and "
                                  "compile again"), c->errors_dropped, c->max_errors);
  sgc_diagnostic *d = VEC_PUSH(c, c->diags);
  d->severity = SGC_NOTE;
  d->file = "";
  d->message = sgc_strdup(c, msg);
  const char *note = DIAG_("note");
  char *rendered = sgc_alloc(c, strlen(msg) + strlen(note) + 16);
  sprintf(rendered, "signaal: %s: %s\n", note, msg);
  d->rendered = rendered;
}
