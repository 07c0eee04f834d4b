/* cmd_diff.c — `signaal diff OLD NEW`: the semantic difference of two
 * rulebooks (diff.c), for auditors: each side a .rules main file (compiled
 * in memory), a .rbc, or REV:PATH (a file at a git revision, gitrev.c);
 * with `--as-of D1 --as-of D2`, what changes in one rulebook between two
 * decision dates. Text (one change a line, `+`, `-` or `~` first) or JSON.
 * Exit 0 when the two are the same, 1 when they differ, 2 on an error.
 */
#include "canon.h"
#include "cli.h"
#include "diff.h"
#include "replay.h"
#include "fileio.h"
#include "gitrev.h"
#include "jsonput.h"
#include "oom.h"
#include "load.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* diff's own exit codes, as diff(1) has them. */
enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_ERROR = 2 };

/* One side, loaded. */
typedef struct {
  const char *operand;      /* as given */
  sg_rulebook *rb;
  sgc_compiler *compiler;   /* a .rules side: its examples; NULL for a .rbc */
  gitrev_files rev;         /* a REV:PATH side: its files (dir NULL otherwise) */
} side;

static int ends_with(const char *text, const char *suffix) {
  size_t lt = strlen(text), ls = strlen(suffix);
  return lt >= ls && strcmp(text + lt - ls, suffix) == 0;
}

/* The compiler's diagnostics, with the temporary directory of a REV:PATH
 * side shown as "REV:" (so an error reads REV:rules/x.rules:3:5). */
static void print_diagnostics(const sgc_compiler *c, const side *s) {
  size_t tree = s->rev.tree != NULL ? strlen(s->rev.tree) : 0;
  const char *rev_end = s->rev.shown != NULL ? strchr(s->rev.shown, ':') : NULL;
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) {
    const sgc_diagnostic *d = sgc_diagnostic_at(c, i);
    const char *text = d->rendered != NULL ? d->rendered : d->message;
    if (text == NULL) continue;
    if (tree > 0 && rev_end != NULL && strncmp(text, s->rev.tree, tree) == 0 && text[tree] == '/') {
      fprintf(stderr, "%.*s", (int)(rev_end - s->rev.shown + 1), s->rev.shown);
      text += tree + 1;
    }
    fputs(text, stderr);
    if (text[0] == '\0' || text[strlen(text) - 1] != '\n') fputc('\n', stderr);
  }
}

/* Compile the .rules main file `path` into s->rb, keeping the compiler
 * for the examples. 0, or -1 after printing why. */
static int compile_side(side *s, const char *path, const char *shown, size_t max_size) {
  if (file_check_readable(&path, 1) != 0) return -1;
  s->compiler = sgc_new();
  if (s->compiler != NULL) sgc_set_max_file_size(s->compiler, max_size);
  int errors = s->compiler != NULL ? sgc_compile_files(s->compiler, &path, 1) : 1;
  if (s->compiler != NULL) print_diagnostics(s->compiler, s);
  size_t size = 0;
  const uint8_t *image = errors == 0 ? sgc_image(s->compiler, &size) : NULL;
  if (image == NULL) {
    if (s->compiler == NULL || sgc_out_of_memory(s->compiler)) oom_error(shown);
    else if (errors == 0) fprintf(stderr, "%s: error: the rulebook has errors\n", shown);
    return -1;
  }
  return load_bytecode(shown, image, size, &s->rb) == CLI_EXIT_OK ? 0 : -1;
}

/* Load one side: a .rules file, a .rbc, or REV:PATH, each file at most
 * `max_size` bytes. 0, or -1 after printing why. */
static int load_side(side *s, const char *operand, size_t max_size) {
  memset(s, 0, sizeof *s);
  s->operand = operand;
  const char *path = operand, *shown = operand;
  if (gitrev_is_revision(operand)) {
    if (gitrev_checkout("diff", operand, &s->rev) != 0) return -1;
    path = s->rev.file;
    shown = s->rev.shown;
  }
  if (ends_with(path, ".rules")) return compile_side(s, path, shown, max_size);
  size_t size = 0;
  char *data = NULL;
  if (load_read_bytecode(path, max_size, &data, &size) != CLI_EXIT_OK) return -1;
  int code = load_bytecode(shown, data, size, &s->rb);
  free(data);
  return code == CLI_EXIT_OK ? 0 : -1;
}

static void free_side(side *s) {
  sg_rulebook_free(s->rb);
  sgc_free(s->compiler);
  gitrev_remove(&s->rev);
  memset(s, 0, sizeof *s);
}

/* The examples' titles of a compiled side (a new array; free it). */
static const char **titles(const side *s, size_t *count) {
  *count = sgc_example_count(s->compiler);
  const char **list = malloc((*count ? *count : 1) * sizeof *list);
  for (size_t i = 0; list != NULL && i < *count; i++) list[i] = sgc_example_at(s->compiler, i)->title;
  return list;
}

/* ---- output ---- */

/* `text`, its continuation lines indented two more spaces. */
static void print_indented(const char *text) {
  for (; *text != '\0'; text++) {
    putchar(*text);
    if (*text == '\n') fputs("  ", stdout);
  }
}

static void print_value(const char *value) {
  print_indented(value != NULL ? value : "none");
}

/* One change as text:
 *   + SOURCE / - SOURCE                        a declaration added or removed
 *   + example "TITLE"                          an example added (- removed)
 *   + assumption KIND OWNER: "TEXT"            an assumption added (- removed)
 *   ~ WHAT NAME: + ITEM / - ITEM               an item added or removed
 *   ~ WHAT NAME: [ITEM ]FIELD BEFORE -> AFTER  a field changed
 * (several entries whose one field changed alike are one line: print_run).
 */
static void print_change(const diff_change *c) {
  char sign = c->kind == DIFF_ADDED ? '+' : c->kind == DIFF_REMOVED ? '-' : '~';
  const char *value = c->kind == DIFF_REMOVED ? c->before : c->after;
  if (c->field == NULL && strcmp(c->what, "example") == 0) {
    char *quoted = canon_quote(c->name);
    printf("%c example %s", sign, quoted != NULL ? quoted : "?");
    free(quoted);
  } else if (c->field == NULL && strcmp(c->what, "assumption") == 0) {
    printf("%c assumption %s: ", sign, c->name);
    print_value(value);
  } else if (c->field == NULL) {
    printf("%c ", sign);
    print_value(value);
  } else {
    printf("~ %s%s%s: ", c->what, c->name != NULL ? " " : "", c->name != NULL ? c->name : "");
    if (c->sub != 0) {
      printf("%c ", c->sub);
      print_value(c->sub == '+' ? c->after : c->before);
    } else {
      if (c->item != NULL) printf("%s ", c->item);
      printf("%s ", c->field);
      print_value(c->before);
      fputs(" -> ", stdout);
      print_value(c->after);
    }
  }
  putchar('\n');
}

/* Whether two texts are equal, NULL (none) only to NULL. */
static int same_text(const char *a, const char *b) {
  return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* How many changes from list[i] on make one run: the same field of entries
 * (items) of one declaration changed from the same value to the same value,
 * as a table's `checked` changes all its entries. */
static size_t run_length(const diff_list *list, size_t i) {
  const diff_change *c = &list->changes[i];
  if (c->kind != DIFF_CHANGED || c->sub != 0 || c->item == NULL || c->field == NULL) return 1;
  size_t j = i + 1;
  for (; j < list->count; j++) {
    const diff_change *d = &list->changes[j];
    if (d->kind != DIFF_CHANGED || d->sub != 0 || d->item == NULL ||
        !same_text(d->field, c->field) || !same_text(d->what, c->what) ||
        !same_text(d->name, c->name) || !same_text(d->before, c->before) ||
        !same_text(d->after, c->after))
      break;
  }
  return j - i;
}

/* A run of n changes (run_length) as one line:
 *   ~ WHAT NAME: N entries FIELD BEFORE -> AFTER (ITEM, ITEM, …) */
static void print_run(const diff_change *c, size_t n) {
  printf("~ %s %s: %zu entries %s ", c->what, c->name, n, c->field);
  print_value(c->before);
  fputs(" -> ", stdout);
  print_value(c->after);
  for (size_t k = 0; k < n; k++) printf("%s%s", k ? ", " : " (", c[k].item);
  puts(")");
}

static json_t *string_or_null(const char *text) {
  return text != NULL ? json_string(text) : json_null();
}

/* {kind, what, name, item?, field, before, after} */
static json_t *change_json(const diff_change *c, int *failed) {
  static const char *const kinds[] = {"added", "removed", "changed"};
  json_t *o = json_object();
  put(o, "kind", json_string(kinds[c->kind]), failed);
  put(o, "what", json_string(c->what), failed);
  put(o, "name", string_or_null(c->name), failed);
  if (c->item != NULL) put(o, "item", json_string(c->item), failed);
  put(o, "field", string_or_null(c->field), failed);
  put(o, "before", string_or_null(c->before), failed);
  put(o, "after", string_or_null(c->after), failed);
  return o;
}

/* The whole diff as one JSON object: what was compared, and the changes;
 * -1 when out of memory or it cannot be written. */
static int print_json(const diff_list *list, const cli_args *args) {
  int failed = 0;
  unsigned long since = oom_json_failures();
  json_t *root = json_object(), *changes = json_array();
  if (args->asof_count > 0) {
    char day[24];
    json_t *dates = json_array();
    put(root, "rulebook", json_string(args->operands[0]), &failed);
    for (size_t i = 0; i < CLI_ASOF_MAX; i++) {
      sg_format_date(args->asof_days[i], day);
      append(dates, json_string(day), &failed);
    }
    put(root, "as_of", dates, &failed);
  } else {
    put(root, "old", json_string(args->operands[0]), &failed);
    put(root, "new", json_string(args->operands[1]), &failed);
  }
  for (size_t i = 0; i < list->count; i++) append(changes, change_json(&list->changes[i], &failed), &failed);
  put(root, "changes", changes, &failed);
  char *text =
    failed ? NULL : oom_json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER, since, NULL);
  json_decref(root);
  if (text == NULL) return -1;
  fputs(text, stdout);
  free(text);
  return 0;
}

/* ---- the command ---- */

static int check_diff(const cli_args *args) {
  if (args->asof_count > 0) {
    if (args->asof_count != CLI_ASOF_MAX)
      return args_usage_error("diff", "give --as-of twice, --as-of D1 --as-of D2, to compare two "
                                      "decision dates of one rulebook");
    if (args->operand_count != 1)
      return args_usage_error("diff", "with --as-of D1 --as-of D2, give one RULEBOOK");
    return CLI_EXIT_OK;
  }
  if (args->operand_count != 2) return args_usage_error("diff", "give two rulebooks, OLD and NEW");
  return CLI_EXIT_OK;
}

/* Compare what the command line names into `list`; -1 when a side could
 * not be loaded (the error printed). With --cases, replay the corpus
 * through both sides while they are loaded: *replayed gets its exit code. */
static int compare(const cli_args *args, diff_list *list, int *replayed) {
  side a, b;
  int one = args->asof_count > 0;
  memset(&b, 0, sizeof b);
  if (load_side(&a, args->operands[0], args->max_rule_size) != 0 ||
      (!one && load_side(&b, args->operands[1], args->max_rule_size) != 0)) {
    free_side(&a);
    free_side(&b);
    return -1;
  }
  diff_view old = {a.rb, one, one ? args->asof_days[0] : 0};
  diff_view new_ = {one ? a.rb : b.rb, one, one ? args->asof_days[1] : 0};
  diff_rulebooks(list, &old, &new_);
  if (args->cases != NULL) {
    replay_side was = {old.rb, one ? &args->asof_days[0] : NULL};
    replay_side now = {new_.rb, one ? &args->asof_days[1] : NULL};
    int json = args->format != NULL && strcmp(args->format->name, "json") == 0;
    *replayed = replay_cases(&was, &now, args->cases, args->now, args->max_case_size, list, json,
                             stdout);
  }
  /* examples are in sources only: compared when both sides are .rules */
  if (!one && !args->no_examples && a.compiler != NULL && b.compiler != NULL) {
    size_t na, nb;
    const char **ta = titles(&a, &na), **tb = titles(&b, &nb);
    if (ta == NULL || tb == NULL) list->failed = 1;
    else diff_titles(list, "example", ta, na, tb, nb);
    free(ta);
    free(tb);
  }
  free_side(&a);
  free_side(&b);
  return 0;
}

static int run_diff(const cli_args *args) {
  diff_list list;
  memset(&list, 0, sizeof list);
  int replayed = -1;
  if (compare(args, &list, &replayed) != 0) {
    diff_free(&list);
    return DIFF_ERROR;
  }
  if (replayed >= 0) {  /* --cases: the replay is the output */
    diff_free(&list);
    return replayed == CLI_EXIT_OK ? DIFF_SAME : replayed == 1 ? DIFF_DIFFERENT : DIFF_ERROR;
  }
  int json = args->format != NULL && strcmp(args->format->name, "json") == 0, failed = list.failed;
  if (!failed && json) failed = print_json(&list, args) != 0;
  else if (!failed)
    for (size_t i = 0, n; i < list.count; i += n) {
      n = run_length(&list, i);
      if (n > 1) print_run(&list.changes[i], n);
      else print_change(&list.changes[i]);
    }
  int code = list.count > 0 ? DIFF_DIFFERENT : DIFF_SAME;
  diff_free(&list);
  if (failed) {
    oom_error("signaal diff");
    return DIFF_ERROR;
  }
  return code; /* main's stdout_finish makes a write error DIFF_ERROR (error_exit) */
}

const cli_command command_diff = {
  .name = "diff", .operand = "RULEBOOK", .loads = 0, .run = run_diff, .check = check_diff,
  .usage = "OLD NEW",
  .missing = "give two rulebooks, OLD and NEW (or one with --as-of D1 --as-of D2)",
  .summary = "show what changed between two rulebooks, or two dates",
  .options = (const cli_use[]){
    {OPT_JSON, "print the changes as JSON: {old, new, changes: [{kind, what, name, item, field, "
               "before, after}]}", NULL},
    {OPT_ASOF, "a decision date, YYYY-MM-DD; give two, D1 and D2, with one RULEBOOK", NULL},
    {OPT_NO_EXAMPLES, NULL, NULL},
    {OPT_CASES, NULL, NULL},
    {OPT_NOW, "the moment of a case that has no \"now\" of its own (--cases)", NULL},
    {OPT_MAX_CASE_SIZE, "refuse a line of --cases longer than BYTES (exit 2), reading no more of "
     "it than one byte past that; default 16777216 (16 MiB)", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Compare two rulebooks by meaning, for an audit: the facts, sets, tables,\n"
    "windows, groups, signals, conditions, rules, actors and assumptions added,\n"
    "removed or changed, each change in canonical source form. Declarations are\n"
    "matched by name; layout, comments, order and numbering are no changes. OLD\n"
    "and NEW are each a .rules main file (compiled in memory), a .rbc file, or\n"
    "REV:PATH, a main file at a git revision (as 'git show' takes it). With two\n"
    "rule files the examples added and removed are listed too (by title).\n"
    "\n"
    "With one RULEBOOK and --as-of D1 --as-of D2: what changes in it between two\n"
    "decision dates, the dated rules, signals, conditions, windows, set elements\n"
    "and table entries that hold on one date and not on the other.\n"
    "\n"
    "With --cases FILE: replay a corpus of cases (one JSON case object a line,\n"
    "each with its own \"now\"; see 'signaal corpus') through both sides, and\n"
    "print how many cases' outcomes change, grouped by the rules whose outcome\n"
    "changed, with the changed declarations on those rules' paths (by:) and the\n"
    "first line numbers of each group. It streams: memory stays the same\n"
    "whatever the corpus's size. No fact value is printed.\n",
  .notes =
    "Output: one change a line (a declaration added or removed takes its\n"
    "clauses on the lines below it, indented):\n"
    "  + SOURCE                                a declaration added (- removed)\n"
    "  ~ WHAT NAME: FIELD BEFORE -> AFTER      a field changed ('none': absent)\n"
    "  ~ WHAT NAME: ITEM FIELD BEFORE -> AFTER a set element or table entry changed\n"
    "  ~ WHAT NAME: + ITEM                     an element, entry, action or\n"
    "                                          justification added (- removed)\n"
    "  + assumption KIND OWNER: \"TEXT\"         an assumption added (- removed)\n"
    "  + example \"TITLE\"                       an example added (- removed)\n",
  .examples =
    "  signaal diff rules/edities/2016-11/uitbuiting.rules rules/uitbuiting.rules\n"
    "  signaal diff HEAD~1:rules/uitbuiting.rules rules/uitbuiting.rules --json\n"
    "  signaal diff rules/uitbuiting.rules --as-of 2016-11-01 --as-of 2026-11-29\n"
    "  signaal corpus rules/uitbuiting.rules -n 100000 > c.jsonl\n"
    "  signaal diff rules/edities/2016-11.rbc rules/uitbuiting.rules --cases c.jsonl\n",
  .error_exit = DIFF_ERROR,
  .exit_codes =
    "  0  the two are the same\n"
    "  1  they differ\n"
    "  2  an error: a bad file (with its file:line:col), an unknown revision, a\n"
    "     usage error\n",
};
