/* cmd_fmt.c — `signaal fmt`: one layout for rule files, so that a diff
 * shows what changed and not who typed it.
 *
 * The layout is the language's whitespace only, so formatting can never
 * change what a file means: tokens are never joined, split or moved to
 * another line, and nothing inside a text or a comment changes. What it
 * sets:
 *   - a declaration (rulebook, include, fact, set, table, window, group,
 *     signal, condition, rule, actor, example) starts in column 1, its
 *     clauses two spaces in;
 *   - a line inside brackets is two spaces in from the line that opened the
 *     bracket; a line that starts by closing one is at that line's indent;
 *   - a comment line takes the indent of the code line after it;
 *   - between tokens, a run of spaces or tabs becomes one space (also
 *     before a comment at the end of a line);
 *   - no trailing whitespace, no `\r`, at most one blank line in a row,
 *     none at the start or end, and one newline at the end.
 * The result is a fixed point (formatting it again changes nothing).
 */
#include "cli.h"
#include "fileio.h"
#include "lang.h"
#include "oom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signaal_compiler.h"

/* One line of the source, split. */
typedef struct {
  char *code;        /* the code, trimmed, inner runs of blanks one space (owned) */
  const char *comment; /* from '#' to the end, trailing blanks cut; NULL: none */
  size_t comment_len;
  int indent;        /* set by fmt_indent */
} fmt_line;

/* A growing output buffer; `failed` when memory ran out. */
typedef struct {
  char *data;
  size_t len, cap;
  int failed;
} fmt_buf;

static void put(fmt_buf *b, const char *s, size_t n) {
  if (b->failed) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
    char *bigger = realloc(b->data, cap);
    if (bigger == NULL) {
      b->failed = 1;
      return;
    }
    b->data = bigger;
    b->cap = cap;
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Split line `text` (len bytes, no '\n') into *out: the code with its blank
 * runs outside texts made one space, and the comment. 0, or -1 when out of
 * memory. */
static int fmt_split(const char *text, size_t len, fmt_line *out) {
  char *code = malloc(len + 1);
  if (code == NULL) return -1;
  size_t n = 0;
  int in_text = 0, pending_space = 0;
  out->comment = NULL;
  out->comment_len = 0;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (!in_text && c == '#') {
      size_t end = len;
      while (end > i && is_blank(text[end - 1])) end--;
      out->comment = text + i;
      out->comment_len = end - i;
      break;
    }
    if (!in_text && is_blank(c)) {
      pending_space = n > 0;
      continue;
    }
    if (pending_space) code[n++] = ' ';
    pending_space = 0;
    code[n++] = c;
    if (in_text && c == '\\' && i + 1 < len) {
      code[n++] = text[++i];  /* an escape: the next byte is the text's */
    } else if (c == '"') {
      in_text = !in_text;
    }
  }
  code[n] = '\0';
  out->code = code;
  return 0;
}

/* Whether `code` starts with a declaration's keyword (then a blank or the end). */
static int starts_declaration(const char *code) {
  static const char *const words[] = {"rulebook", "include", "fact", "set", "table", "window",
                                      "group", "signal", "condition", "rule", "actor", "example"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t n = strlen(words[i]);
    if (strncmp(code, words[i], n) == 0 && (code[n] == ' ' || code[n] == '\0')) return 1;
  }
  return 0;
}

/* The indent of every code line (brackets outside texts counted; a stack
 * of the indents of the lines that opened them), then of every comment-only
 * line: that of the next code line. 0, or -1 when out of memory. */
static int fmt_indent(fmt_line *lines, size_t n) {
  size_t cap = 64, depth = 0;
  int *opened = malloc(cap * sizeof *opened), in_declaration = 0;
  if (opened == NULL) return -1;
  for (size_t i = 0; i < n; i++) {
    const char *p = lines[i].code;
    if (*p == '\0') continue;
    while ((*p == '}' || *p == ']' || *p == ')') && depth > 0) {  /* leading closers */
      depth--;
      p++;
      while (*p == ' ') p++;
    }
    int indent;
    if (p != lines[i].code) indent = opened[depth];
    else if (depth > 0) indent = opened[depth - 1] + 2;
    else if (starts_declaration(lines[i].code)) indent = 0, in_declaration = 1;
    else indent = in_declaration ? 2 : 0;
    lines[i].indent = indent;
    for (int in_text = 0; *p; p++) {
      if (in_text && *p == '\\' && p[1] != '\0') p++;
      else if (*p == '"') in_text = !in_text;
      else if (!in_text && (*p == '{' || *p == '[' || *p == '(')) {
        if (depth == cap) {
          int *bigger = realloc(opened, (cap *= 2) * sizeof *opened);
          if (bigger == NULL) {
            free(opened);
            return -1;
          }
          opened = bigger;
        }
        opened[depth++] = indent;
      } else if (!in_text && (*p == '}' || *p == ']' || *p == ')') && depth > 0) {
        depth--;
      }
    }
  }
  free(opened);
  int next = 0;  /* the indent of the next code line, going backwards */
  for (size_t i = n; i-- > 0;) {
    if (lines[i].code[0] != '\0') next = lines[i].indent;
    else lines[i].indent = next;
  }
  return 0;
}

/* Format `text` (len bytes) into *out (a new NUL-terminated buffer of
 * *out_len bytes). 0, or -1 when out of memory. */
static int fmt_text(const char *text, size_t len, char **out, size_t *out_len) {
  size_t count = 1;
  for (size_t i = 0; i < len; i++) count += text[i] == '\n';
  fmt_line *lines = calloc(count, sizeof *lines);
  if (lines == NULL) return -1;
  size_t n = 0;
  int failed = 0;
  for (size_t start = 0; start < len && !failed;) {
    const char *nl = memchr(text + start, '\n', len - start);
    size_t end = nl != NULL ? (size_t)(nl - text) : len;
    failed = fmt_split(text + start, end - start, &lines[n++]) != 0;
    start = end + 1;
  }
  if (!failed) failed = fmt_indent(lines, n) != 0;
  fmt_buf b = {0};
  put(&b, "", 0);
  int blank = 0, any = 0;
  for (size_t i = 0; i < n && !failed; i++) {
    const fmt_line *l = &lines[i];
    if (l->code[0] == '\0' && l->comment == NULL) {
      blank = any;  /* kept as one, and only between lines */
      continue;
    }
    if (blank) put(&b, "\n", 1);
    blank = 0;
    any = 1;
    for (int k = 0; k < l->indent; k++) put(&b, " ", 1);
    put(&b, l->code, strlen(l->code));
    if (l->comment != NULL) {
      if (l->code[0] != '\0') put(&b, " ", 1);
      put(&b, l->comment, l->comment_len);
    }
    put(&b, "\n", 1);
  }
  for (size_t i = 0; i < n; i++) free(lines[i].code);
  free(lines);
  if (failed || b.failed) {
    free(b.data);
    return -1;
  }
  *out = b.data;
  *out_len = b.len;
  return 0;
}

/* `diff -u` of `path` against the formatted text, on standard output (the
 * text goes through a temporary file; diff from diffutils). */
static void show_diff(const char *path, const char *formatted, size_t len) {
  const char *dir = getenv("TMPDIR");
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s/signaal-fmt-XXXXXX", dir != NULL && *dir ? dir : "/tmp");
  int fd = mkstemp(tmp);
  if (fd < 0) return;
  int ok = write(fd, formatted, len) == (ssize_t)len;
  close(fd);
  fflush(stdout);
  pid_t pid = ok ? fork() : -1;
  if (pid == 0) {
    char label[4200];
    snprintf(label, sizeof label, _("%s (formatted)"), path);
    execlp("diff", "diff", "-u", "--label", path, "--label", label, path, tmp, (char *)NULL);
    _exit(127);
  }
  if (pid > 0) waitpid(pid, NULL, 0);
  unlink(tmp);
}

/* Format one file: rewrite it (atomically) when it changes, or with
 * `check` say so and show the diff. *changed says whether it differs.
 * Returns an exit code. */
static int fmt_file(const cli_args *args, const char *path, int *changed) {
  char *text = NULL, *formatted = NULL;
  size_t len = 0, out_len = 0;
  int code = file_read_all(path, args->max_rule_size, "for a rule file (--max-rule-size)", &text,
                           &len);
  if (code != CLI_EXIT_OK) return code;
  if (memchr(text, '\0', len) != NULL) {
    fprintf(stderr, _("%s: error: not a rule file: it holds a NUL byte\n"), path);
    free(text);
    return CLI_EXIT_INPUT;
  }
  if (fmt_text(text, len, &formatted, &out_len) != 0) {
    free(text);
    return oom_error(path);
  }
  *changed = out_len != len || memcmp(formatted, text, len) != 0;
  int to_stdout = strcmp(path, "-") == 0;
  if (to_stdout && !args->check_only) {
    fwrite(formatted, 1, out_len, stdout);
  } else if (*changed && args->check_only) {
    printf(_("%s: not formatted\n"), to_stdout ? "<stdin>" : path);
    if (!to_stdout) show_diff(path, formatted, out_len);
  } else if (*changed) {
    char why[256] = "";
    if (sgc_write_atomic(path, formatted, out_len, why, sizeof why) != 0) {
      fprintf(stderr, "%s: error: cannot write: %s\n", path, why[0] ? why : "unknown reason");
      code = CLI_EXIT_IO;
    } else if (args->verbose) {
      printf(_("%s: formatted\n"), path);
    }
  }
  free(text);
  free(formatted);
  return code;
}

static int run_fmt(const cli_args *args) {
  int code = CLI_EXIT_OK, unformatted = 0;
  for (size_t i = 0; i < args->operand_count; i++) {
    int changed = 0;
    int c = fmt_file(args, args->operands[i], &changed);
    if (c != CLI_EXIT_OK && code == CLI_EXIT_OK) code = c;
    unformatted += changed;
  }
  if (code == CLI_EXIT_OK && args->check_only && unformatted > 0) code = CLI_EXIT_INPUT;
  return code;
}

const cli_command command_fmt = {
  .name = "fmt", .operand = "RULES", .run = run_fmt,
  .missing = "missing RULES: name the .rules file(s) to format ('-': standard input)",
  .summary = "lay out rule files one way: indents, blanks, blank lines",
  .options = (const cli_use[]){
    {OPT_CHECK, NULL, NULL},
    {OPT_VERBOSE, "say which files were rewritten", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL}, {0, NULL, NULL}},
  .about =
    "Rewrite each rule file in the one layout (atomically, only when it\n"
    "changes): a declaration in column 1 and its clauses two spaces in; a line\n"
    "inside brackets two spaces in from the line that opened them; a comment\n"
    "line at the indent of the code after it; one space where there were\n"
    "several blanks between tokens; no trailing blanks, at most one blank line\n"
    "in a row, one newline at the end. Only whitespace between tokens changes,\n"
    "never a token, a text or a comment, so a file means what it meant. '-'\n"
    "reads standard input and writes the result to standard output.\n",
  .examples =
    "  signaal fmt rules/uitbuiting.rules rules/uitbuiting/*.rules\n"
    "  signaal fmt --check rules/*.rules rules/uitbuiting/*.rules\n",
  .exit_codes =
    "  0  formatted (with --check: every file already was)\n"
    "  1  with --check: a file is not formatted; a file is not text\n"
    "  2  usage error\n"
    "  3  a file cannot be read or written, or out of memory\n",
};
