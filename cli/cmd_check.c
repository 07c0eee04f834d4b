/* cmd_check.c — `signaal check`: the compiler's checks, then lints a policy
 * officer acts on, each with a position, a one-line message and a stable
 * code. The lints so far are about contact entries, whose phone numbers and
 * hours go stale unseen (the memo's "Bekend, maar (nog) niet te verwerken"):
 *
 *   old-check      an entry was last checked (`checked DATE`) more than
 *                  --max-age days before today (the date of --now, or of
 *                  the clock);
 *   no-check-date  a table that rules name as a contact has entries that
 *                  do not say when they were last checked.
 *
 * and about declarations that do nothing and citations that cite nothing:
 *
 *   unused-fact, unused-signal, unused-condition, unused-set, unused-table,
 *   unused-window   declared, but read by no signal, condition or rule (a
 *                  table may be a contact or the reading list instead; a
 *                  window the hours of an entry);
 *   weak-citation  a signal's, condition's or rule's `source` is empty or a
 *                  placeholder ("TODO", "?", "tbd", "xxx", "...");
 *   never-fires, never-true, always-true
 *                  a rule that fires for no case, a condition or signal
 *                  that is true for no case or for every case: found by
 *                  evaluating every combination of the facts it rests on,
 *                  when those are yes/no, enum, int and date facts (the
 *                  last two only compared with constants; combos.h) at most
 *                  4,096 combinations, and nothing else (no time, no dates
 *                  of validity) decides it;
 *   implied-rule   two rules of one actor give the same action and one
 *                  fires only when the other does (evaluated together, as
 *                  above): at the one that adds nothing, or the later of
 *                  two that fire for the same cases, with a note at the
 *                  other;
 *   conflicting-rules
 *                  one text is recommended by one rule and a point of
 *                  attention of another (or the same), and both fire for
 *                  some case (evaluated as above);
 *   example-without-now
 *                  an example without `now` expects a rule or predicate
 *                  that reads the time (now, today, a period) and its case
 *                  does not decide it without one.
 *
 * Entries that share one `checked` (a table's) are one finding. Findings
 * are warnings: exit 0, or 1 with --werror. A comment `# check: allow CODE`
 * on the finding's line or the line above it silences that one on purpose;
 * with `until DATE` only until that day.
 * A rulebook, not a case: there is no fact value to show.
 */
#include "canon.h"
#include "cli.h"
#include "clock.h"
#include "combos.h"
#include "deps.h"
#include "jsonput.h"
#include "oom.h"
#include "lang.h"
#include "report.h"
#include "session.h"
#include "value.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* The default of --max-age: a contact checked within the last year. */
enum { CHECK_MAX_AGE_DEFAULT = 365 };

/* One finding: its code, where (file NULL: no position, a .rbc) and what. */
typedef struct {
  const char *code;
  const char *file;
  int line, column;
  char message[512];
  const char *table;
  size_t entries;        /* how many entries it is about */
  int has_checked;
  int32_t checked;       /* old-check: the day they were last checked */
  long age;              /* ... that many days before today */
  size_t order;          /* when it was found, for a stable sort */
  const char *note_file; /* another place it is about (NULL: none) */
  int note_line, note_column;
  char note[160];        /* what is there */
} check_finding;

typedef struct {
  check_finding *items;
  size_t count, cap;
  int failed;            /* out of memory */
} check_list;

/* A new finding at the end of `list`, zeroed; NULL when out of memory. */
static check_finding *add_finding(check_list *list) {
  if (list->count == list->cap) {
    size_t cap = list->cap ? 2 * list->cap : 16;
    check_finding *items = realloc(list->items, cap * sizeof *items);
    if (items == NULL) {
      list->failed = 1;
      return NULL;
    }
    list->items = items;
    list->cap = cap;
  }
  check_finding *f = &list->items[list->count];
  memset(f, 0, sizeof *f);
  f->order = list->count++;
  return f;
}

/* Whether some rule names table `t` in a contact action. */
static int is_contact_table(const sg_rulebook *rb, size_t t) {
  const char *name = sg_table_name(rb, t);
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++)
      if (sg_rule_action_kind(rb, r, a) == SG_CONTACT &&
          strcmp(report_str(sg_rule_action_text(rb, r, a)), name) == 0)
        return 1;
  return 0;
}

/* Set the finding's position from `at` (NULL: none). */
static void place(check_finding *f, const sgc_position *at) {
  if (at == NULL) return;
  f->file = at->path;
  f->line = at->line;
  f->column = at->column;
}

/* Whether entries e and k of table t have one check date from one
 * `checked` (without a compiler, one day). */
static int same_check(const sg_rulebook *rb, const sgc_compiler *c, size_t t, size_t e, size_t k) {
  int32_t a, b;
  if (!sg_table_entry_checked(rb, t, e, &a) || !sg_table_entry_checked(rb, t, k, &b) || a != b)
    return 0;
  if (c == NULL) return 1;
  const sgc_position *p = sgc_entry_checked_at(c, t, e), *q = sgc_entry_checked_at(c, t, k);
  return p != NULL && q != NULL && p->line == q->line && p->column == q->column &&
         strcmp(p->path, q->path) == 0;
}

/* old-check for table t: entries checked more than max_age days before
 * `today`, one finding per `checked` they share, at its place. */
static void lint_old_checks(const sg_rulebook *rb, const sgc_compiler *c, size_t t,
                            int32_t today, long max_age, check_list *out) {
  size_t n = sg_table_entry_count(rb, t);
  for (size_t e = 0; e < n; e++) {
    int32_t day;
    if (!sg_table_entry_checked(rb, t, e, &day) || (long)today - day <= max_age) continue;
    int seen = 0, same = 0;  /* an earlier entry of the same `checked` has its finding */
    for (size_t k = 0; k < e && !seen; k++) seen = same_check(rb, c, t, e, k);
    if (seen) continue;
    for (size_t k = e; k < n; k++) same += same_check(rb, c, t, e, k);
    check_finding *f = add_finding(out);
    if (f == NULL) return;
    f->code = "old-check";
    place(f, c != NULL ? sgc_entry_checked_at(c, t, e) : NULL);
    f->table = sg_table_name(rb, t);
    f->entries = (size_t)same;
    f->has_checked = 1;
    f->checked = day;
    f->age = (long)today - day;
    char date[16];
    sg_format_date(day, date);
    if (same == 1)
      snprintf(f->message, sizeof f->message,
               _("entry '%s' of table '%s' was last checked on %s, %ld days ago (more than %ld)"),
               sg_table_key(rb, t, e), f->table, date, f->age, max_age);
    else
      snprintf(f->message, sizeof f->message,
               _("%d entries of table '%s' were last checked on %s, %ld days ago (more than %ld)"),
               same, f->table, date, f->age, max_age);
  }
}

/* no-check-date for table t, when rules name it as a contact: one finding
 * at its first entry without a check date. */
static void lint_missing_checks(const sg_rulebook *rb, const sgc_compiler *c, size_t t,
                                check_list *out) {
  size_t n = sg_table_entry_count(rb, t), missing = 0, first = 0;
  for (size_t e = n; e-- > 0;)
    if (!sg_table_entry_checked(rb, t, e, NULL)) {
      missing++;
      first = e;
    }
  if (missing == 0 || !is_contact_table(rb, t)) return;
  check_finding *f = add_finding(out);
  if (f == NULL) return;
  f->code = "no-check-date";
  place(f, c != NULL ? sgc_entry_at(c, t, first) : NULL);
  f->table = sg_table_name(rb, t);
  f->entries = missing;
  snprintf(f->message, sizeof f->message,
           _("%zu of the %zu entries of contact table '%s' do not say when they were last checked "
             "(the first: '%s'); add 'checked DATE'"), missing, n, f->table, sg_table_key(rb, t, first));
}

/* What the rulebook's code reads: one mark per fact, predicate, set, table
 * and window; NULL members when out of memory. */
typedef struct {
  unsigned char *facts, *preds, *sets, *tables, *windows;
} check_used;

/* Mark what predicate or rule `i` reads of `kind` in `marks`. */
static void mark_reads(const sg_rulebook *rb, int rule, size_t i, sg_read_kind kind,
                       unsigned char *marks, size_t *buf, size_t cap) {
  size_t n = rule ? sg_rule_reads(rb, i, kind, buf, cap) : sg_pred_reads(rb, i, kind, buf, cap);
  for (size_t k = 0; k < n && k < cap; k++) marks[buf[k]] = 1;
}

/* Fill *u from every predicate's and rule's reads, every contact action,
 * the reading list and every entry's hours; 0, or -1 when out of memory. */
static int collect_used(const sg_rulebook *rb, check_used *u) {
  size_t nf = sg_fact_count(rb), np = sg_pred_count(rb), ns = sg_set_count(rb),
         nt = sg_table_count(rb), nw = sg_window_count(rb);
  size_t cap = nf + np + ns + nt + nw + 1;
  size_t *buf = malloc(cap * sizeof *buf);
  u->facts = calloc(nf + 1, 1);
  u->preds = calloc(np + 1, 1);
  u->sets = calloc(ns + 1, 1);
  u->tables = calloc(nt + 1, 1);
  u->windows = calloc(nw + 1, 1);
  if (!buf || !u->facts || !u->preds || !u->sets || !u->tables || !u->windows) {
    free(buf);
    return -1;
  }
  static const sg_read_kind kinds[] = {SG_READS_FACT, SG_READS_PRED, SG_READS_SET,
                                       SG_READS_TABLE, SG_READS_WINDOW};
  unsigned char *marks[] = {u->facts, u->preds, u->sets, u->tables, u->windows};
  for (size_t k = 0; k < 5; k++) {
    for (size_t i = 0; i < np; i++) mark_reads(rb, 0, i, kinds[k], marks[k], buf, cap);
    for (size_t i = 0; i < sg_rule_count(rb); i++) mark_reads(rb, 1, i, kinds[k], marks[k], buf, cap);
  }
  for (size_t t = 0; t < nt; t++) {
    if (is_contact_table(rb, t) || (long)t == sg_rulebook_reading_list(rb)) u->tables[t] = 1;
    for (size_t e = 0; e < sg_table_entry_count(rb, t); e++) {
      long w = sg_table_entry_window(rb, t, e);
      if (w >= 0) u->windows[w] = 1;
    }
  }
  free(buf);
  return 0;
}

static void free_used(check_used *u) {
  free(u->facts);
  free(u->preds);
  free(u->sets);
  free(u->tables);
  free(u->windows);
}

/* A finding `code` about the declaration `name` (placed where it is
 * declared), with a message. */
static void add_about(check_list *out, const sgc_compiler *c, const char *code, const char *name,
                      const char *fmt, const char *what, const char *extra) {
  check_finding *f = add_finding(out);
  if (f == NULL) return;
  f->code = code;
  sgc_position at;
  if (c != NULL && sgc_declaration_at(c, name, &at)) place(f, &at);
  snprintf(f->message, sizeof f->message, _(fmt), _(what), name, _(extra));
}

/* unused-*: a declaration nothing reads. Anonymous sets ({ … } lists) are
 * their use's own, never unused. */
static void lint_unused(const sg_rulebook *rb, const sgc_compiler *c, const check_used *u,
                        check_list *out) {
  static const char fmt[] = N_("%s '%s' is %s");
  for (size_t i = 0; i < sg_fact_count(rb); i++)
    if (!u->facts[i])
      add_about(out, c, "unused-fact", sg_fact_name(rb, i), fmt, N_("fact"),
                N_("read by no signal, condition or rule"));
  for (size_t i = 0; i < sg_pred_count(rb); i++) {
    if (u->preds[i]) continue;
    int signal = sg_pred_kind_of(rb, i) == SG_SIGNAL;
    add_about(out, c, signal ? "unused-signal" : "unused-condition", sg_pred_name(rb, i), fmt,
              signal ? N_("signal") : N_("condition"),
              signal ? N_("read by no condition or rule (it only shows among the signals)")
                     : N_("read by no condition or rule: it decides nothing"));
  }
  for (size_t i = 0; i < sg_set_count(rb); i++)
    if (!u->sets[i] && sg_set_name(rb, i)[0] != '\0')
      add_about(out, c, "unused-set", sg_set_name(rb, i), fmt, N_("set"),
                N_("read by no signal, condition or rule"));
  for (size_t i = 0; i < sg_table_count(rb); i++)
    if (!u->tables[i])
      add_about(out, c, "unused-table", sg_table_name(rb, i), fmt, N_("table"),
                N_("read by no condition or rule, named by no contact and is not the reading list"));
  for (size_t i = 0; i < sg_window_count(rb); i++)
    if (!u->windows[i])
      add_about(out, c, "unused-window", sg_window_name(rb, i), fmt, N_("window"),
                N_("read by no condition or rule, and no entry's hours"));
}

/* The blocks whose code rule (is_rule) or predicate `index` is: a rule's
 * `when` and `unless`, a predicate's condition; returns how many (<= 2). */
static size_t roots_of(int is_rule, size_t index, sg_code_ref *roots) {
  if (!is_rule) {
    roots[0] = (sg_code_ref){SG_CODE_PRED, index, 0};
    return 1;
  }
  roots[0] = (sg_code_ref){SG_CODE_RULE_WHEN, index, 0};
  roots[1] = (sg_code_ref){SG_CODE_RULE_UNLESS, index, 0};
  return 2;
}

/* What block (a rule, or predicate `index`) gives over every combination
 * of the facts it rests on (`m`; combos.h says which values they take):
 * sets *never_true and *always_true and returns 1; 0 when it cannot tell
 * (another kind of fact, a window, an int or date fact not only compared
 * with constants, too many combinations, or an outcome left unknown with
 * every fact known: time or a period of validity decides it); -1 when out
 * of memory. */
static int truth_over_all(const sg_rulebook *rb, int is_rule, size_t index, const deps_marks *m,
                          int *never_true, int *always_true) {
  sg_code_ref roots[2];
  combos all;
  int ok = combos_build(rb, m, roots, roots_of(is_rule, index, roots), &all);
  sg_context *ctx = ok == 1 ? sg_context_new(rb) : NULL;
  if (ok == 1 && ctx == NULL) ok = -1;
  *never_true = *always_true = 1;
  for (size_t k = 0; ok == 1 && k < all.total; k++) {
    int known = combos_apply(&all, rb, ctx, k);
    sg_truth t = SG_UNKNOWN;
    if (sg_eval(ctx) == SG_OK)
      t = is_rule ? sg_rule_outcome(ctx, index) : sg_pred_value(ctx, index);
    if (t == SG_UNKNOWN && known) ok = 0;  /* something besides these facts decides it */
    if (t == SG_TRUE) *never_true = 0;
    else if (t == SG_FALSE || known) *always_true = 0;
  }
  sg_context_free(ctx);
  combos_free(&all);
  return ok;
}

/* never-fires, never-true, always-true: blocks that decide nothing,
 * found by evaluating every combination of the facts they rest on. */
static int lint_dead(const sg_rulebook *rb, const sgc_compiler *c, check_list *out) {
  deps_marks m;
  if (deps_alloc(rb, &m) != 0) {
    deps_free(&m);
    return -1;
  }
  int status = 0;
  for (size_t i = 0; i < sg_rule_count(rb) + sg_pred_count(rb) && status == 0; i++) {
    int is_rule = i < sg_rule_count(rb);
    size_t index = is_rule ? i : i - sg_rule_count(rb);
    int never = 0, always = 0;
    if ((is_rule ? deps_of_rule(rb, index, &m) : deps_of_pred(rb, index, &m)) != 0) {
      status = -1;
      break;
    }
    int known = truth_over_all(rb, is_rule, index, &m, &never, &always);
    if (known < 0) status = -1;
    if (known != 1 || (!never && !always) || (is_rule && !never)) continue;
    const char *what = is_rule ? N_("rule") : sg_pred_kind_of(rb, index) == SG_SIGNAL ? N_("signal")
                                                                                  : N_("condition");
    const char *name = is_rule ? sg_rule_name(rb, index) : sg_pred_name(rb, index);
    if (is_rule)
      add_about(out, c, "never-fires", name, N_("%s '%s' %s"), what,
                N_("fires for no combination of the facts it rests on: its condition contradicts "
                   "itself or its 'unless'"));
    else
      add_about(out, c, never ? "never-true" : "always-true", name, N_("%s '%s' %s"), what,
                never ? N_("is true for no combination of the facts it rests on: it contradicts itself")
                      : N_("is true for every combination of the facts it rests on: it decides nothing"));
  }
  deps_free(&m);
  return status;
}

/* Whether action a of rule r and action b of rule s give the same: one
 * kind and text, and for a contact one key (the same code). */
static int same_action(const sg_rulebook *rb, size_t r, size_t a, size_t s, size_t b, int *oom) {
  if (sg_rule_action_kind(rb, r, a) != sg_rule_action_kind(rb, s, b) ||
      strcmp(report_str(sg_rule_action_text(rb, r, a)), report_str(sg_rule_action_text(rb, s, b))))
    return 0;
  if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) return 1;
  char *x = canon_code(rb, (sg_code_ref){SG_CODE_ACTION_KEY, r, a}, oom);
  char *y = canon_code(rb, (sg_code_ref){SG_CODE_ACTION_KEY, s, b}, oom);
  int same = x != NULL && y != NULL && strcmp(x, y) == 0;
  free(x);
  free(y);
  return same;
}

/* The first action of rule r that rule s gives too (same_action), or -1. */
static long shared_action(const sg_rulebook *rb, size_t r, size_t s, int *oom) {
  for (size_t a = 0; a < sg_rule_action_count(rb, r); a++)
    for (size_t b = 0; b < sg_rule_action_count(rb, s); b++)
      if (same_action(rb, r, a, s, b, oom)) return (long)a;
  return -1;
}

/* Mark in `m` also what `o` marks. */
static void deps_union(const sg_rulebook *rb, deps_marks *m, const deps_marks *o) {
  for (size_t i = 0; i < sg_pred_count(rb); i++) m->preds[i] |= o->preds[i];
  for (size_t i = 0; i < sg_fact_count(rb); i++) m->facts[i] |= o->facts[i];
  for (size_t i = 0; i < sg_window_count(rb); i++) m->windows[i] |= o->windows[i];
  for (size_t i = 0; i < sg_set_count(rb); i++) m->sets[i] |= o->sets[i];
  for (size_t i = 0; i < sg_table_count(rb); i++) m->tables[i] |= o->tables[i];
}

/* How rules r and s fire together over every combination of the facts
 * they rest on (`m`, their union). */
typedef struct {
  int r_fires, s_fires;     /* for some combination */
  int r_then_s, s_then_r;   /* whenever r fires, s fires (and the other way) */
  int both;                 /* both fire for some combination */
} check_pair;

/* Fill *p for rules r and s; 1, 0 when it cannot tell (as
 * truth_over_all), -1 when out of memory. */
static int pair_over_all(const sg_rulebook *rb, size_t r, size_t s, const deps_marks *m,
                         check_pair *p) {
  sg_code_ref roots[4];
  roots_of(1, r, roots);
  roots_of(1, s, roots + 2);
  combos all;
  int ok = combos_build(rb, m, roots, 4, &all);
  sg_context *ctx = ok == 1 ? sg_context_new(rb) : NULL;
  if (ok == 1 && ctx == NULL) ok = -1;
  *p = (check_pair){0, 0, 1, 1, 0};
  for (size_t k = 0; ok == 1 && k < all.total; k++) {
    int known = combos_apply(&all, rb, ctx, k);
    sg_truth a = SG_UNKNOWN, b = SG_UNKNOWN;
    if (sg_eval(ctx) == SG_OK) {
      a = sg_rule_outcome(ctx, r);
      b = sg_rule_outcome(ctx, s);
    }
    if (known && (a == SG_UNKNOWN || b == SG_UNKNOWN)) ok = 0;
    p->r_fires |= a == SG_TRUE;
    p->s_fires |= b == SG_TRUE;
    p->both |= a == SG_TRUE && b == SG_TRUE;
    if (a == SG_TRUE && b != SG_TRUE) p->r_then_s = 0;
    if (b == SG_TRUE && a != SG_TRUE) p->s_then_r = 0;
  }
  sg_context_free(ctx);
  combos_free(&all);
  return ok;
}

/* Whether rule r is declared after rule s (without positions: comes later). */
static int declared_after(const sg_rulebook *rb, const sgc_compiler *c, size_t r, size_t s) {
  sgc_position a, b;
  if (c == NULL || !sgc_declaration_at(c, sg_rule_name(rb, r), &a) ||
      !sgc_declaration_at(c, sg_rule_name(rb, s), &b))
    return r > s;
  int by_file = strcmp(a.path, b.path);
  if (by_file != 0) return by_file > 0;
  return a.line != b.line ? a.line > b.line : a.column > b.column;
}

/* A note on finding f at where rule `name` is declared (none without a
 * compiler). */
static void note_rule(check_finding *f, const sgc_compiler *c, const char *name) {
  sgc_position pos;
  if (c == NULL || !sgc_declaration_at(c, name, &pos)) return;
  f->note_file = pos.path;
  f->note_line = pos.line;
  f->note_column = pos.column;
  snprintf(f->note, sizeof f->note, _("rule '%s' is here"), name);
}

/* The finding implied-rule at rule `at`, about rule `other` and their
 * shared action `action` (of `at`); `same` when they fire for the same cases. */
static void add_implied(const sg_rulebook *rb, const sgc_compiler *c, size_t at, size_t other,
                        size_t action, int same, check_list *out) {
  static const char *const kinds[] = {[SG_RECOMMEND] = N_("recommendation"),
                                      [SG_ATTENTION] = N_("attention point"),
                                      [SG_CONTACT] = N_("contact")};
  const char *kind = _(kinds[sg_rule_action_kind(rb, at, action)]);
  check_finding *f = add_finding(out);
  if (f == NULL) return;
  f->code = "implied-rule";
  sgc_position pos;
  if (c != NULL && sgc_declaration_at(c, sg_rule_name(rb, at), &pos)) place(f, &pos);
  if (same)
    snprintf(f->message, sizeof f->message,
             _("rule '%s' fires exactly when rule '%s' fires and gives the same %s: it is a "
               "duplicate"), sg_rule_name(rb, at), sg_rule_name(rb, other), kind);
  else
    snprintf(f->message, sizeof f->message,
             _("rule '%s' fires only when rule '%s' fires, which gives the same %s: here it adds "
               "nothing"), sg_rule_name(rb, at), sg_rule_name(rb, other), kind);
  note_rule(f, c, sg_rule_name(rb, other));
}

/* implied-rule for rules r and s that share an action: one's firing
 * implies the other's; 0, or -1 when out of memory. */
static int lint_implied_pair(const sg_rulebook *rb, const sgc_compiler *c, size_t r, size_t s,
                             deps_marks *m, deps_marks *o, check_list *out) {
  int oom = 0;
  long a = shared_action(rb, r, s, &oom), b = a >= 0 ? shared_action(rb, s, r, &oom) : -1;
  if (oom) return -1;
  if (a < 0 || b < 0 || sg_rule_actor(rb, r) != sg_rule_actor(rb, s)) return 0;
  if (deps_of_rule(rb, r, m) != 0 || deps_of_rule(rb, s, o) != 0) return -1;
  deps_union(rb, m, o);
  check_pair p;
  int known = pair_over_all(rb, r, s, m, &p);
  if (known != 1 || !p.r_fires || !p.s_fires) return known < 0 ? -1 : 0;
  if (p.r_then_s && p.s_then_r) {
    int later = declared_after(rb, c, r, s);
    add_implied(rb, c, later ? r : s, later ? s : r, later ? (size_t)a : (size_t)b, 1, out);
  } else if (p.r_then_s) {
    add_implied(rb, c, r, s, (size_t)a, 0, out);
  } else if (p.s_then_r) {
    add_implied(rb, c, s, r, (size_t)b, 0, out);
  }
  return 0;
}

/* Whether rule r recommends a text that rule s gives as a point of attention. */
static int recommends_attention(const sg_rulebook *rb, size_t r, size_t s) {
  for (size_t a = 0; a < sg_rule_action_count(rb, r); a++)
    for (size_t b = 0; b < sg_rule_action_count(rb, s); b++)
      if (sg_rule_action_kind(rb, r, a) == SG_RECOMMEND &&
          sg_rule_action_kind(rb, s, b) == SG_ATTENTION &&
          strcmp(report_str(sg_rule_action_text(rb, r, a)),
                 report_str(sg_rule_action_text(rb, s, b))) == 0)
        return 1;
  return 0;
}

/* conflicting-rules for rules r and s (r may be s): one recommends what
 * the other gives as a point of attention, and both fire for one case
 * (one rule: when it fires; two: found as implied-rule finds its cases);
 * at the later, with a note at the other; 0, or -1 when out of memory. */
static int lint_conflict_pair(const sg_rulebook *rb, const sgc_compiler *c, size_t r, size_t s,
                              deps_marks *m, deps_marks *o, check_list *out) {
  int rs = recommends_attention(rb, r, s), sr = recommends_attention(rb, s, r);
  if (!rs && !sr) return 0;
  if (r != s) {
    if (deps_of_rule(rb, r, m) != 0 || deps_of_rule(rb, s, o) != 0) return -1;
    deps_union(rb, m, o);
    check_pair p;
    int known = pair_over_all(rb, r, s, m, &p);
    if (known != 1 || !p.both) return known < 0 ? -1 : 0;
  }
  size_t at = declared_after(rb, c, r, s) ? r : s, other = at == r ? s : r;
  size_t rec = rs ? r : s, att = rs ? s : r;
  check_finding *f = add_finding(out);
  if (f == NULL) return 0;
  f->code = "conflicting-rules";
  sgc_position pos;
  if (c != NULL && sgc_declaration_at(c, sg_rule_name(rb, at), &pos)) place(f, &pos);
  if (r == s)
    snprintf(f->message, sizeof f->message,
             _("rule '%s' gives one text both as a recommendation and as a point of attention: "
               "say which it is"), sg_rule_name(rb, r));
  else
    snprintf(f->message, sizeof f->message,
             _("rule '%s' recommends what rule '%s' gives as a point of attention, and both fire "
               "for some case: say which it is"), sg_rule_name(rb, rec), sg_rule_name(rb, att));
  if (r != s) note_rule(f, c, sg_rule_name(rb, other));
  return 0;
}

/* implied-rule and conflicting-rules, over every pair of rules (and, for
 * conflicting-rules, every rule by itself); 0, or -1 when out of memory. */
static int lint_rule_pairs(const sg_rulebook *rb, const sgc_compiler *c, check_list *out) {
  deps_marks m = {0}, o = {0};
  int status = deps_alloc(rb, &m) == 0 && deps_alloc(rb, &o) == 0 ? 0 : -1;
  for (size_t r = 0; r < sg_rule_count(rb) && status == 0; r++)
    for (size_t s = r; s < sg_rule_count(rb) && status == 0; s++) {
      status = lint_conflict_pair(rb, c, r, s, &m, &o, out);
      if (s > r && status == 0) status = lint_implied_pair(rb, c, r, s, &m, &o, out);
    }
  deps_free(&m);
  deps_free(&o);
  return status;
}

/* Whether the rule or predicate called `name` reads the time
 * (combos_reads_time), through what it rests on too, so that an example
 * without `now` leaves it to the unknown moment: 1; 0 when it does not,
 * when there is none of that name, or when `ctx` (the example's case
 * evaluated without a moment; may be NULL) has it decided and no block on
 * its way to the time tests what is unknown (then, Kleene's logic being
 * monotone, it is the same at every moment); -1 when out of memory. */
static int name_reads_time(const sg_rulebook *rb, const char *name, const combos_time *pt,
                           deps_marks *m, const sg_context *ctx) {
  long rule = sg_rule_find(rb, name), pred = rule < 0 ? sg_pred_find(rb, name) : -1;
  if (rule < 0 && pred < 0) return 0;
  int is_rule = rule >= 0, tests_unknown = 0;
  size_t index = (size_t)(is_rule ? rule : pred);
  if ((is_rule ? deps_of_rule(rb, index, m) : deps_of_pred(rb, index, m)) != 0) return -1;
  sg_code_ref roots[2];
  int reads = combos_reads_time(rb, pt, m, is_rule ? rule : -1, roots,
                                roots_of(is_rule, index, roots), &tests_unknown);
  if (reads != 1 || ctx == NULL || tests_unknown) return reads;
  sg_truth t = is_rule ? sg_rule_outcome(ctx, index) : sg_pred_value(ctx, index);
  return t == SG_UNKNOWN;
}

/* Open *s with example `ex`'s case (its case file and givens, no moment)
 * evaluated; 1, 0 when it cannot be set (then nothing is known of it),
 * -1 when out of memory. */
static int example_case(const sg_rulebook *rb, const sgc_example *ex, case_session *s) {
  if (session_open(s, "check", rb) != CLI_EXIT_OK) return -1;
  s->quiet_time = 1;
  if (ex->case_file != NULL && session_read_case(s, ex->case_file) != CLI_EXIT_OK) return 0;
  for (size_t i = 0; i < ex->given_count; i++) {
    long slot = sg_fact_slot(rb, ex->given[i].fact);
    cli_value value;
    if (slot < 0 || value_from_given(rb, (size_t)slot, &ex->given[i], &value) != 0) return 0;
    sg_status status = session_set(s, (size_t)slot, &value);
    if (status != SG_OK) return status == SG_ERR_NOMEM ? -1 : 0;
  }
  return sg_eval(s->ctx) == SG_OK;
}

/* example-without-now for example `ex`: it gives no `now` but expects
 * (or expects not) a rule or predicate that reads the time, and its case
 * does not decide that without one; one finding, at the example, naming
 * those; 0, or -1 when out of memory. */
static int lint_example_now(const sg_rulebook *rb, const sgc_example *ex, const combos_time *pt,
                            deps_marks *m, check_list *out) {
  case_session s;
  int known = example_case(rb, ex, &s);
  char names[320] = "";
  size_t count = 0, len = 0;
  for (size_t i = 0; i < ex->expect_count && known >= 0; i++) {
    const sgc_expectation *e = &ex->expect[i];
    if (e->what != SGC_EXPECT_OUTCOME || e->kind == SGC_EXPECT_UNDETERMINED) continue;
    int reads = name_reads_time(rb, e->name, pt, m, known == 1 ? s.ctx : NULL);
    if (reads < 0) known = -1;
    if (reads != 1 || strstr(names, e->name) != NULL) continue;  /* (a name twice: once) */
    if (len < sizeof names)
      len += (size_t)snprintf(names + len, sizeof names - len, "%s'%s'", count ? ", " : "",
                              e->name);
    count++;
  }
  session_close(&s);
  if (known < 0) return -1;
  if (count == 0) return 0;
  check_finding *f = add_finding(out);
  if (f == NULL) return 0;
  f->code = "example-without-now";
  f->file = ex->file;
  f->line = ex->line;
  f->column = ex->column;
  snprintf(f->message, sizeof f->message,
           _("example '%s' gives no 'now' but expects what reads the time (now, today or a "
             "period of validity) and is not decided without it: %s; give it a 'now', or expect "
             "it undetermined"), ex->title, names);
  return 0;
}

/* example-without-now over the compiler's examples; 0, or -1 when out of memory. */
static int lint_examples(const sg_rulebook *rb, const sgc_compiler *c, check_list *out) {
  if (c == NULL || sgc_example_count(c) == 0) return 0;
  deps_marks m = {0};
  combos_time pt = {0};
  int status = deps_alloc(rb, &m) == 0 && combos_time_alloc(rb, &pt) == 0 ? 0 : -1;
  for (size_t i = 0; i < sgc_example_count(c) && status == 0; i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (!ex->has_now) status = lint_example_now(rb, ex, &pt, &m, out);
  }
  combos_time_free(&pt);
  deps_free(&m);
  return status;
}

/* Whether a citation cites nothing: empty, or a placeholder. */
static int weak_citation(const char *text) {
  static const char *const placeholders[] = {"todo", "?", "??", "tbd", "xxx", "...", "…", "-",
                                             "nog invullen"};
  while (*text == ' ') text++;
  size_t len = strlen(text);
  while (len > 0 && text[len - 1] == ' ') len--;
  if (len == 0) return 1;
  for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++)
    if (strlen(placeholders[i]) == len && strncasecmp(text, placeholders[i], len) == 0) return 1;
  return 0;
}

/* weak-citation: every signal, condition and rule cites its source. */
static void lint_citations(const sg_rulebook *rb, const sgc_compiler *c, check_list *out) {
  static const char fmt[] = N_("%s '%s' cites %s: say where in the source it comes from");
  for (size_t i = 0; i < sg_pred_count(rb); i++)
    if (weak_citation(report_str(sg_pred_citation(rb, i))))
      add_about(out, c, "weak-citation", sg_pred_name(rb, i), fmt,
                sg_pred_kind_of(rb, i) == SG_SIGNAL ? N_("signal") : N_("condition"),
                sg_pred_citation(rb, i) && *sg_pred_citation(rb, i) ? N_("a placeholder") : N_("nothing"));
  for (size_t i = 0; i < sg_rule_count(rb); i++)
    if (weak_citation(report_str(sg_rule_citation(rb, i))))
      add_about(out, c, "weak-citation", sg_rule_name(rb, i), fmt, N_("rule"),
                sg_rule_citation(rb, i) && *sg_rule_citation(rb, i) ? N_("a placeholder") : N_("nothing"));
}

/* Whether line `line` of `path`, or the line above it, says `# check:
 * allow CODE` (the words in that order, the code whole), optionally
 * followed by `until YYYY-MM-DD`: 1 when it does and has not lapsed by
 * `today`; 0 when it does not; -1 when its `until` date is `today` or
 * before (*lapsed gets the date, *at_line and *at_column the place of its
 * `check:` then). */
static int allowed(const char *path, int line, const char *code, int32_t today, int32_t *lapsed,
                   int *at_line, int *at_column) {
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  char buf[4096];
  int at = 0, found = 0;
  while (found == 0 && at < line && fgets(buf, sizeof buf, f) != NULL) {
    if (strchr(buf, '\n') != NULL || feof(f)) at++;
    if (at < line - 1) continue;
    const char *p = strstr(buf, "check: allow ");
    for (; p != NULL && found == 0; p = strstr(p + 1, "check: allow ")) {
      const char *w = p + 13;
      size_t n = strlen(code);
      if (strncmp(w, code, n) != 0 || (w[n] != '\0' && w[n] != ' ' && w[n] != '\n' &&
                                       w[n] != ',' && w[n] != '\r'))
        continue;
      found = 1;
      char date[11];
      int32_t until;
      if (strncmp(w + n, " until ", 7) == 0 && strlen(w + n + 7) >= 10) {
        memcpy(date, w + n + 7, 10);
        date[10] = '\0';
        if (sg_parse_date(date, &until) == 0 && until <= today) {
          found = -1;
          *lapsed = until;
          *at_line = at;
          *at_column = (int)(p - buf) + 1;
        }
      }
    }
  }
  fclose(f);
  return found;
}

/* Drop the findings a comment allows; a lapsed allow (`until` passed)
 * keeps its finding, with a note saying so. Returns how many were dropped. */
static size_t drop_allowed(check_list *list, int32_t today) {
  size_t kept = 0, dropped = 0;
  for (size_t i = 0; i < list->count; i++) {
    check_finding *f = &list->items[i];
    int32_t lapsed = 0;
    int at = 0, column = 0;
    int allow =
        f->file != NULL ? allowed(f->file, f->line, f->code, today, &lapsed, &at, &column) : 0;
    if (allow == 1) {
      dropped++;
      continue;
    }
    if (allow == -1 && f->note_file == NULL) {
      char date[16];
      sg_format_date(lapsed, date);
      f->note_file = f->file;
      f->note_line = at;
      f->note_column = column;
      snprintf(f->note, sizeof f->note, _("the allow for %s here lapsed on %s"), f->code, date);
    }
    list->items[kept++] = *f;
  }
  list->count = kept;
  return dropped;
}

/* Findings in source order (file, line, column), those without a place
 * last; the lint order breaks ties (`order` holds it). */
static int finding_order(const void *pa, const void *pb) {
  const check_finding *a = pa, *b = pb;
  if ((a->file == NULL) != (b->file == NULL)) return a->file == NULL ? 1 : -1;
  int by_file = a->file != NULL ? strcmp(a->file, b->file) : 0;
  if (by_file != 0) return by_file;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  if (a->column != b->column) return a->column < b->column ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* "FILE:L:C: warning: MESSAGE [CODE]" for each finding, then a count. */
static void print_text(const check_list *list, const char *operand) {
  for (size_t i = 0; i < list->count; i++) {
    const check_finding *f = &list->items[i];
    if (f->file != NULL) fprintf(stderr, "%s:%d:%d: ", f->file, f->line, f->column);
    else fprintf(stderr, "%s: ", operand);
    fprintf(stderr, "%s: %s [%s]\n", _("warning"), f->message, f->code);
    if (f->note_file != NULL)
      fprintf(stderr, "%s:%d:%d: %s: %s\n", f->note_file, f->note_line, f->note_column, _("note"),
              f->note);
  }
  if (list->count > 0)
    fprintf(stderr, P_("signaal check: %zu warning\n", "signaal check: %zu warnings\n",
                       list->count), list->count);
}

/* The findings as one JSON object on stdout; CLI_EXIT_IO when out of memory. */
static int print_json(const check_list *list, const char *operand, int32_t today, long max_age) {
  int failed = 0;
  unsigned long since = oom_json_failures();
  char date[16];
  sg_format_date(today, date);
  json_t *o = json_object(), *items = json_array();
  put(o, "rulebook", json_string(operand), &failed);
  put(o, "today", json_string(date), &failed);
  put(o, "max_age_days", json_integer(max_age), &failed);
  for (size_t i = 0; i < list->count; i++) {
    const check_finding *f = &list->items[i];
    json_t *j = json_object();
    put(j, "code", json_string(f->code), &failed);
    put(j, "severity", json_string("warning"), &failed);
    put(j, "file", f->file != NULL ? json_string(f->file) : json_null(), &failed);
    put(j, "line", f->file != NULL ? json_integer(f->line) : json_null(), &failed);
    put(j, "column", f->file != NULL ? json_integer(f->column) : json_null(), &failed);
    put(j, "message", json_string(f->message), &failed);
    if (f->table != NULL) {  /* about a table's entries */
      put(j, "table", json_string(f->table), &failed);
      put(j, "entries", json_integer((json_int_t)f->entries), &failed);
    }
    if (f->note_file != NULL) {  /* another place it is about */
      json_t *n = json_object();
      put(n, "file", json_string(f->note_file), &failed);
      put(n, "line", json_integer(f->note_line), &failed);
      put(n, "column", json_integer(f->note_column), &failed);
      put(n, "message", json_string(f->note), &failed);
      put(j, "related", n, &failed);
    }
    if (f->has_checked) {
      sg_format_date(f->checked, date);
      put(j, "checked", json_string(date), &failed);
      put(j, "age_days", json_integer(f->age), &failed);
    }
    append(items, j, &failed);
  }
  put(o, "findings", items, &failed);
  put(o, "warnings", json_integer((json_int_t)list->count), &failed);
  /* the whole text first, so that running out of memory prints nothing */
  int code = oom_json_print(failed ? NULL : o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, since,
                            "signaal check");
  json_decref(o);
  return code;
}

/* --max-age: a whole number of days, 0 or more. */
static int check_options(const cli_args *args) {
  if (args->max_age == NULL) return CLI_EXIT_OK;
  char *end;
  long days = strtol(args->max_age, &end, 10);
  if (end == args->max_age || *end != '\0' || days < 0 || days > 100000)
    return args_usage_error("check", "--max-age expects a number of days, 0 to 100000");
  return CLI_EXIT_OK;
}

static int run_check(const cli_args *args) {
  const sg_rulebook *rb = args->rulebook;
  long max_age = args->max_age != NULL ? strtol(args->max_age, NULL, 10) : CHECK_MAX_AGE_DEFAULT;
  int64_t now = args->now != NULL ? *args->now : clock_now_dutch();
  int32_t today = (int32_t)(now >= 0 ? now / 86400 : -((-now + 86399) / 86400));
  check_list list = {0};
  for (size_t t = 0; t < sg_table_count(rb); t++) {
    lint_old_checks(rb, args->compiler, t, today, max_age, &list);
    lint_missing_checks(rb, args->compiler, t, &list);
  }
  check_used used;
  if (collect_used(rb, &used) != 0) list.failed = 1;
  else lint_unused(rb, args->compiler, &used, &list);
  free_used(&used);
  lint_citations(rb, args->compiler, &list);
  if (lint_dead(rb, args->compiler, &list) != 0) list.failed = 1;
  if (lint_rule_pairs(rb, args->compiler, &list) != 0) list.failed = 1;
  if (lint_examples(rb, args->compiler, &list) != 0) list.failed = 1;
  drop_allowed(&list, today);
  if (list.count > 1) qsort(list.items, list.count, sizeof *list.items, finding_order);
  int code = CLI_EXIT_OK;
  if (list.failed) {
    fputs("signaal check: error: out of memory\n", stderr);
    code = CLI_EXIT_IO;
  } else if (args->format != NULL && strcmp(args->format->name, "json") == 0) {
    code = print_json(&list, args->operands[0], today, max_age);
  } else {
    print_text(&list, args->operands[0]);
  }
  if (code == CLI_EXIT_OK && args->werror && list.count > 0) code = CLI_EXIT_INPUT;
  free(list.items);
  return code;
}

const cli_command command_check = {
  .name = "check", .operand = "RULEBOOK", .loads = 1, .check = check_options, .run = run_check,
  .summary = "check a rulebook and warn about what an officer should look at",
  .options = (const cli_use[]){
    {OPT_MAX_AGE, NULL, NULL},
    {OPT_NOW, "today is the date of MOMENT (YYYY-MM-DDTHH:MM[:SS]); default: the clock's "
     "date in the Netherlands", NULL},
    {OPT_WERROR, NULL, NULL},
    {OPT_JSON, "print the findings as one JSON object on standard output", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL},
    {OPT_MAX_ERRORS, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Compile RULEBOOK (a .rules file; a .rbc file is verified and has no\n"
    "positions) as 'signaal compile' does, then warn, each warning with its\n"
    "position and a code in brackets:\n"
    "\n"
    "  old-check      a contact entry was last checked ('checked DATE') more\n"
    "                 than --max-age days before today; entries that share\n"
    "                 one 'checked' (a table's) are one warning\n"
    "  no-check-date  a table that rules name as a contact has entries that\n"
    "                 do not say when they were last checked\n"
    "  unused-fact, unused-signal, unused-condition, unused-set,\n"
    "  unused-table, unused-window\n"
    "                 declared, but read by no signal, condition or rule (a\n"
    "                 table may be a contact or the reading list, a window\n"
    "                 an entry's hours)\n"
    "  weak-citation  a 'source' that is empty or a placeholder (TODO, ?)\n"
    "  never-fires, never-true, always-true\n"
    "                 a rule that fires for no case, a signal or condition true\n"
    "                 for no case or for every case (every combination of its\n"
    "                 yes/no, enum, int and date facts evaluated; ints and\n"
    "                 dates compared only with constants)\n"
    "  implied-rule   two rules of one actor give the same action (text, or\n"
    "                 contact table and key) and one fires only when the\n"
    "                 other does: its action adds nothing (or a duplicate)\n"
    "  conflicting-rules\n"
    "                 one text recommended by one rule and a point of\n"
    "                 attention of another (or the same) that fires with it\n"
    "  example-without-now\n"
    "                 an example without 'now' expects (or expects not) what\n"
    "                 reads the time (now, today, a period of validity), and\n"
    "                 its case does not decide that without a moment\n"
    "\n"
    "A comment '# check: allow CODE' on a warning's line or the line above\n"
    "it silences that warning; '# check: allow CODE until YYYY-MM-DD' does\n"
    "so until that day, then the warning is back with a note.\n"
    "\n"
    "Warnings go to standard error (with --json, the findings to standard\n"
    "output) and a count after them.\n",
  .examples =
    "  signaal check rules/uitbuiting.rules\n"
    "  signaal check rules/uitbuiting.rules --max-age 730 --now 2026-11-29T09:00\n"
    "  signaal check rules/uitbuiting.rules --werror --json\n",
  .exit_codes =
    "  0  checked: no errors (warnings or not, without --werror)\n"
    "  1  rule errors or bad bytecode; warnings with --werror\n"
    "  2  usage error\n"
    "  3  a file cannot be read, or out of memory\n",
};
