/* cmd_test.c — `signaal test`: compile a rulebook and run the examples
 * written in it: set the givens on a fresh context, evaluate, and compare
 * each expectation with the rule outcome or predicate value; then the
 * coverage and the rulebook's assumptions.
 */
#include "cli.h"
#include "lang.h"
#include "load.h"
#include "oom.h"
#include "session.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* "file:line:col: " of the example or, when it has a line, the expectation. */
static void position(FILE *log, const sgc_example *ex, int line, int column) {
  if (line <= 0) {
    line = ex->line;
    column = ex->column;
  }
  fprintf(log, "  %s:%d:%d: ", ex->file != NULL ? ex->file : "?", line, column > 0 ? column : 1);
}

/* Set one given through the value codec; SG_OK on success. */
static sg_status set_given(case_session *s, size_t slot, const sgc_given *g) {
  cli_value value;
  if (value_from_given(s->rb, slot, g, &value) != 0) return SG_ERR_TYPE;
  return session_set(s, slot, &value);
}

/* " (waits for a, b)" for an undetermined rule or unknown predicate;
 * 0, or -1 when out of memory. */
static int print_waiting(FILE *log, const sg_rulebook *rb, sg_context *ctx, int is_rule,
                         size_t index, int has_now) {
  size_t probe[1];
  size_t count = is_rule ? sg_rule_waiting(ctx, index, probe, 0)
                         : sg_pred_waiting(ctx, index, probe, 0);
  if (count == 0) {  /* no fact: the moment (or the decision date) decides */
    fputs(has_now ? _(" (waits for the decision date)")
                  : _(" (waits for the moment of evaluation: the example has no 'now')"), log);
    return 0;
  }
  size_t *slots = calloc(count, sizeof *slots);
  if (slots == NULL) return -1;
  count = is_rule ? sg_rule_waiting(ctx, index, slots, count)
                  : sg_pred_waiting(ctx, index, slots, count);
  fputs(_(" (waits for "), log);
  for (size_t i = 0; i < count; i++)
    fprintf(log, "%s%s", i > 0 ? ", " : "", sg_fact_name(rb, slots[i]));
  fputc(')', log);
  free(slots);
  return 0;
}

/* How a failure is worded, for a rule and for a signal or condition: what
 * was expected ([0]) and what it was ([1]), by truth. */
static const char *const rule_words[2][3] = {
  {[SG_TRUE] = N_("to fire"), [SG_FALSE] = N_("not to fire"),
   [SG_UNKNOWN] = N_("to be undetermined")},
  {[SG_TRUE] = N_("fired"), [SG_FALSE] = N_("did not fire"), [SG_UNKNOWN] = N_("was undetermined")},
};
static const char *const pred_words[2][3] = {
  {[SG_TRUE] = N_("to be true"), [SG_FALSE] = N_("to be false"), [SG_UNKNOWN] = N_("to be unknown")},
  {[SG_TRUE] = N_("true"), [SG_FALSE] = N_("false"), [SG_UNKNOWN] = N_("unknown")},
};

/* The truth an expectation asks for. */
static sg_truth wanted_truth(sgc_expect_kind kind) {
  return kind == SGC_EXPECT_TRUE ? SG_TRUE : kind == SGC_EXPECT_FALSE ? SG_FALSE : SG_UNKNOWN;
}

/* The first fired rule (`only`, when not negative: that one alone) with an
 * action of `kind` that matches: a recommendation or attention point
 * containing `text`, or a contact of table `table` that gives the entry
 * `text`; -1 when none. *action gets the action. */
static long fired_with(const sg_rulebook *rb, const sg_context *ctx, sgc_expect_what what,
                       const char *table, const char *text, long only, size_t *action) {
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE || (only >= 0 && (size_t)only != r)) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      sg_action_kind k = sg_rule_action_kind(rb, r, a);
      const char *said = sg_rule_action_text(rb, r, a);
      int match;
      if (what == SGC_EXPECT_ADVICE_TEXT) {
        match = k != SG_CONTACT && said != NULL && strstr(said, text) != NULL;
      } else {
        long t = sg_table_find(rb, table), entry = k == SG_CONTACT ? sg_rule_contact(ctx, r, a) : -1;
        match = k == SG_CONTACT && said != NULL && strcmp(said, table) == 0 && entry >= 0 &&
                strcmp(sg_table_key(rb, (size_t)t, (size_t)entry), text) == 0;
      }
      if (match) {
        *action = a;
        return (long)r;
      }
    }
  }
  return -1;
}

/* The contacts the fired rules give, `TABLE["key"]` each (a key not
 * determined yet as `TABLE[?]`), for a failure's explanation. */
static void print_contacts(FILE *log, const sg_rulebook *rb, const sg_context *ctx) {
  const char *sep = "";
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) continue;
      const char *table = sg_rule_action_text(rb, r, a);
      long t = sg_table_find(rb, table), entry = sg_rule_contact(ctx, r, a);
      fprintf(log, "%s%s[", sep, table);
      if (entry >= 0 && t >= 0) fprintf(log, "\"%s\"]", sg_table_key(rb, (size_t)t, (size_t)entry));
      else fputs("?]", log);
      sep = ", ";
    }
  }
  if (*sep == '\0') fputs(_("none"), log);
}

/* Check an expectation about the advice (`expect [not] text`, `expect
 * [not] contact`, either `in RULE`); 0 when it holds, else 1, explained in
 * `log` (for `in RULE`, when the rule did not fire: what it did and what it
 * waits for); -1 when out of memory. */
static int check_advice(const sg_rulebook *rb, sg_context *ctx, const sgc_example *ex,
                        const sgc_expectation *e, FILE *log) {
  size_t action = 0;
  long only = e->rule != NULL ? sg_rule_find(rb, e->rule) : -1;
  long rule = fired_with(rb, ctx, e->what, e->name, e->text, only, &action);
  int want = e->kind == SGC_EXPECT_TRUE;
  if ((rule >= 0) == want) return 0;
  position(log, ex, e->line, e->column);
  if (only >= 0 && want) {
    sg_truth outcome = sg_rule_outcome(ctx, (size_t)only);
    if (outcome != SG_TRUE) {
      if (e->what == SGC_EXPECT_ADVICE_TEXT)
        fprintf(log, _("expected rule %s to say \"%s\", but the rule %s"), e->rule, e->text,
                _(rule_words[1][outcome]));
      else
        fprintf(log, _("expected rule %s to give the contact %s[\"%s\"], but the rule %s"),
                e->rule, e->name, e->text, _(rule_words[1][outcome]));
      if (outcome == SG_UNKNOWN &&
          print_waiting(log, rb, ctx, 1, (size_t)only, ex->has_now) != 0)
        return -1;
      fputc('\n', log);
      return 1;
    }
  }
  if (e->what == SGC_EXPECT_ADVICE_TEXT && want && only >= 0)
    fprintf(log, _("expected rule %s to say \"%s\", but it does not\n"), e->rule, e->text);
  else if (e->what == SGC_EXPECT_ADVICE_TEXT && want)
    fprintf(log, _("expected the advice to say \"%s\", but no rule that fired says it\n"), e->text);
  else if (e->what == SGC_EXPECT_ADVICE_TEXT)
    fprintf(log, _("expected no advice to say \"%s\", but rule %s says it\n"), e->text,
            sg_rule_name(rb, (size_t)rule));
  else if (want) {
    fprintf(log, _("expected the contact %s[\"%s\"], but the contacts are: "), e->name, e->text);
    print_contacts(log, rb, ctx);
    fputc('\n', log);
  } else {
    fprintf(log, _("expected no contact %s[\"%s\"], but rule %s gives it\n"), e->name, e->text,
            sg_rule_name(rb, (size_t)rule));
  }
  return 1;
}

/* Check one expectation; 0 when it holds, else 1, explained in `log`; -1
 * when out of memory. */
static int check(const sg_rulebook *rb, sg_context *ctx, const sgc_example *ex,
                 const sgc_expectation *e, FILE *log) {
  if (e->what != SGC_EXPECT_OUTCOME) return check_advice(rb, ctx, ex, e, log);
  long rule = sg_rule_find(rb, e->name);
  long pred = rule < 0 ? sg_pred_find(rb, e->name) : -1;
  if (rule < 0 && pred < 0) {
    position(log, ex, e->line, e->column);
    fprintf(log, _("no rule, signal or condition is called '%s'\n"), e->name);
    return 1;
  }
  sg_truth got = rule >= 0 ? sg_rule_outcome(ctx, (size_t)rule)
                           : sg_pred_value(ctx, (size_t)pred);
  sg_truth want = wanted_truth(e->kind);
  if (got == want) return 0;
  position(log, ex, e->line, e->column);
  if (rule >= 0) {
    fprintf(log, _("expected %s %s, but it %s"), e->name, _(rule_words[0][want]),
            _(rule_words[1][got]));
  } else {
    const char *kind = sg_pred_kind_of(rb, (size_t)pred) == SG_SIGNAL ? _("signal") : _("condition");
    fprintf(log, _("expected %s %s %s, but it was %s"), kind, e->name, _(pred_words[0][want]),
            _(pred_words[1][got]));
  }
  if (got == SG_UNKNOWN &&
      print_waiting(log, rb, ctx, rule >= 0, rule >= 0 ? (size_t)rule : (size_t)pred,
                    ex->has_now) != 0)
    return -1;
  fputc('\n', log);
  return 1;
}

/* Element text as a value reads: without the quotes of a text or a country. */
static void element_value(const sg_rulebook *rb, size_t set, size_t k, char *buf, size_t cap) {
  sg_set_element_text(rb, set, k, buf, cap);
  size_t n = strlen(buf);
  if (n >= 2 && buf[0] == '"' && buf[n - 1] == '"') {
    memmove(buf, buf + 1, n - 2);
    buf[n - 2] = '\0';
  }
}

/* Mark in sets[set][element] the elements that a known fact of the case
 * equals, where one block reads both the fact and the set (`f in S`), and
 * that hold on the decision date. */
static void mark_sets(const sg_rulebook *rb, const sg_context *ctx, unsigned char **sets) {
  enum { CAP = 256 };
  size_t facts[CAP], read_sets[CAP];
  int32_t day = 0;
  int has_day = sg_asof(ctx, &day);
  size_t blocks = sg_pred_count(rb) + sg_rule_count(rb);
  for (size_t b = 0; b < blocks; b++) {
    int is_rule = b >= sg_pred_count(rb);
    size_t index = is_rule ? b - sg_pred_count(rb) : b;
    size_t ns = is_rule ? sg_rule_reads(rb, index, SG_READS_SET, read_sets, CAP)
                        : sg_pred_reads(rb, index, SG_READS_SET, read_sets, CAP);
    if (ns == 0) continue;
    size_t nf = is_rule ? sg_rule_reads(rb, index, SG_READS_FACT, facts, CAP)
                        : sg_pred_reads(rb, index, SG_READS_FACT, facts, CAP);
    for (size_t i = 0; i < ns && i < CAP; i++)
      for (size_t j = 0; j < nf && j < CAP; j++) {
        size_t s = read_sets[i], f = facts[j];
        char value[256], element[256];
        const char *v = sg_fact_type(rb, f) == sg_set_type(rb, s)
                            ? sg_fact_value(ctx, f, value, sizeof value) : NULL;
        for (size_t k = 0; v != NULL && k < sg_set_element_count(rb, s); k++) {
          element_value(rb, s, k, element, sizeof element);
          int32_t from, until;
          if (strcmp(element, v) != 0) continue;
          if (sg_period(rb, SG_DATED_ELEMENT, s, k, &from, &until) &&
              (!has_day || day < from || day >= until))
            continue;
          sets[s][k] = 1;
        }
      }
  }
}

/* Mark in reached[table][entry] every contact entry the fired rules give. */
static void mark_reached(const sg_rulebook *rb, const sg_context *ctx, unsigned char **reached) {
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      long t = sg_rule_action_kind(rb, r, a) == SG_CONTACT
                   ? sg_table_find(rb, sg_rule_action_text(rb, r, a)) : -1;
      long e = t >= 0 ? sg_rule_contact(ctx, r, a) : -1;
      if (e >= 0) reached[t][e] = 1;
    }
  }
  mark_sets(rb, ctx, reached + sg_table_count(rb));
}

/* The most names a coverage line lists; the rest are counted. */
enum { LIST_MAX = 12 };

/* After a list of `named` names of which LIST_MAX were printed: ", … (N
 * more)" for the others. */
static void print_more(size_t named) {
  if (named > LIST_MAX) printf(_(", … (%zu more)"), named - LIST_MAX);
}

/* "reached: N of M contact entries given by an example; not: T[key], …":
 * the entries of the tables rules name as contacts that no example's
 * advice gave (so a phone number no example shows is seen); nothing when
 * no rule gives a contact. -1 when out of memory (nothing printed). */
static int print_reached(const sg_rulebook *rb, unsigned char **reached) {
  size_t total = 0, given = 0;
  unsigned char *contact = calloc(sg_table_count(rb) + 1, 1);
  if (contact == NULL) return -1;
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      long t = sg_rule_action_kind(rb, r, a) == SG_CONTACT
                   ? sg_table_find(rb, sg_rule_action_text(rb, r, a)) : -1;
      if (t >= 0) contact[t] = 1;
    }
  for (size_t t = 0; t < sg_table_count(rb); t++)
    for (size_t e = 0; contact[t] && e < sg_table_entry_count(rb, t); e++) {
      total++;
      given += reached[t][e];
    }
  if (total > 0) {
    printf(_("reached: %zu of %zu contact entries given by an example"), given, total);
    const char *sep = _("; not: ");
    size_t named = 0;
    for (size_t t = 0; t < sg_table_count(rb); t++)
      for (size_t e = 0; contact[t] && e < sg_table_entry_count(rb, t); e++) {
        if (reached[t][e] || named++ >= LIST_MAX) continue;
        printf("%s%s[%s]", sep, sg_table_name(rb, t), sg_table_key(rb, t, e));
        sep = ", ";
      }
    print_more(named);
    putchar('\n');
  }
  free(contact);
  return 0;
}

/* The decision date of an example that has none (no `now`, not evaluated). */
#define NO_DAY INT32_MIN

/* Run one example, its case file (if any) at most `max_case_size` bytes;
 * *day gets its decision date (NO_DAY: none). Returns the number of
 * problems (0: it passes), each explained in `log`. -1 when out of memory
 * (reported). */
static int run_example(const sg_rulebook *rb, const sgc_example *ex, size_t max_case_size,
                       unsigned char **reached, int32_t *day, FILE *log) {
  case_session s;
  if (session_open(&s, "test", rb) != CLI_EXIT_OK) return -1;
  s.quiet_time = 1;
  s.max_case_size = max_case_size;
  if (ex->case_file != NULL && session_read_case(&s, ex->case_file) != CLI_EXIT_OK) {
    if (oom_reported()) {
      session_close(&s);
      return -1;
    }
    position(log, ex, ex->case_line, ex->case_column);
    fprintf(log, _("the case file '%s' cannot be used (the error is on standard error)\n"),
            ex->case_file);
    session_close(&s);
    return 1; /* its expectations would only repeat the problem */
  }
  int problems = 0;
  for (size_t i = 0; i < ex->given_count; i++) {
    const sgc_given *g = &ex->given[i];
    long slot = sg_fact_slot(rb, g->fact);
    sg_status status = slot < 0 ? SG_ERR_RANGE : set_given(&s, (size_t)slot, g);
    if (status == SG_OK) continue;
    if (status == SG_ERR_NOMEM) {
      session_close(&s);
      oom_error("signaal test");
      return -1;
    }
    problems++;
    position(log, ex, 0, 0);
    if (slot < 0) fprintf(log, _("given '%s' names no fact\n"), g->fact);
    else fprintf(log, _("given '%s' cannot be set: it has another type or no such value\n"), g->fact);
  }
  if (ex->has_now) session_set_now(&s, &ex->now);
  if (session_eval(&s) != CLI_EXIT_OK) {
    problems++;
    position(log, ex, 0, 0);
    fputs(_("evaluation failed\n"), log);
  } else {
    for (size_t i = 0; i < ex->expect_count; i++) {
      int failed = check(rb, s.ctx, ex, &ex->expect[i], log);
      if (failed < 0) {
        session_close(&s);
        oom_error("signaal test");
        return -1;
      }
      problems += failed;
    }
    mark_reached(rb, s.ctx, reached);
    if (!sg_asof(s.ctx, day)) *day = NO_DAY;
  }
  session_close(&s);
  return problems;
}

/* "sets: N of M set elements met by an example's facts; not: S{"x"}, …":
 * the elements of the sets a block tests a fact against (`f in S`) that no
 * example's case gave to such a fact (mark_sets), so that a country or a
 * code no example tries is seen. Nothing when no set is tested that way. */
static void print_sets(const sg_rulebook *rb, unsigned char **sets) {
  size_t total = 0, met = 0, named = 0;
  for (size_t s = 0; s < sg_set_count(rb); s++)
    for (size_t k = 0; k < sg_set_element_count(rb, s); k++) {
      total++;
      met += sets[s][k];
    }
  if (total == 0) return;
  printf(_("sets: %zu of %zu set elements met by an example's facts"), met, total);
  const char *sep = _("; not: ");
  char element[256];
  for (size_t s = 0; s < sg_set_count(rb); s++)
    for (size_t k = 0; k < sg_set_element_count(rb, s); k++) {
      if (sets[s][k] || named++ >= LIST_MAX) continue;
      sg_set_element_text(rb, s, k, element, sizeof element);
      printf("%s%s{%s}", sep, sg_set_name(rb, s)[0] ? sg_set_name(rb, s) : "(list)", element);
      sep = ", ";
    }
  print_more(named);
  putchar('\n');
}

/* One dated declaration or entry for print_dated: `kind` and `owner`,
 * `item` as sg_period takes them; its name written into buf. */
static void dated_name(const sg_rulebook *rb, sg_dated_kind kind, size_t owner, size_t item,
                       char *buf, size_t cap) {
  char element[128];
  switch (kind) {
  case SG_DATED_PRED: snprintf(buf, cap, "%s", sg_pred_name(rb, owner)); break;
  case SG_DATED_RULE: snprintf(buf, cap, "%s", sg_rule_name(rb, owner)); break;
  case SG_DATED_WINDOW: snprintf(buf, cap, "%s", sg_window_name(rb, owner)); break;
  case SG_DATED_ELEMENT:
    sg_set_element_text(rb, owner, item, element, sizeof element);
    snprintf(buf, cap, "%s{%s}", sg_set_name(rb, owner), element);
    break;
  case SG_DATED_ENTRY:
    snprintf(buf, cap, "%s[%s]", sg_table_name(rb, owner), sg_table_key(rb, owner, item));
    break;
  }
}

/* "dated: N of M periods of validity in force on some example's decision
 * date; not: NAME (from D until D), …": every dated predicate, rule,
 * window, set element and table entry (each version of one), against the
 * decision dates of the examples (`days`, NO_DAY for none), so that a
 * version no example lives in is seen. Nothing when nothing is dated. */
static void print_dated(const sg_rulebook *rb, const int32_t *days, size_t ndays) {
  static const sg_dated_kind kinds[] = {SG_DATED_PRED, SG_DATED_RULE, SG_DATED_WINDOW,
                                        SG_DATED_ELEMENT, SG_DATED_ENTRY};
  size_t total = 0, live = 0;
  size_t named = 0;
  for (int pass = 0; pass < 2; pass++) {  /* count, then name the ones not reached */
    const char *sep = _("; not: ");
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
      sg_dated_kind kind = kinds[k];
      size_t owners = kind == SG_DATED_PRED ? sg_pred_count(rb)
                      : kind == SG_DATED_RULE ? sg_rule_count(rb)
                      : kind == SG_DATED_WINDOW ? sg_window_count(rb)
                      : kind == SG_DATED_ELEMENT ? sg_set_count(rb) : sg_table_count(rb);
      for (size_t o = 0; o < owners; o++) {
        size_t items = kind == SG_DATED_ELEMENT ? sg_set_element_count(rb, o)
                       : kind == SG_DATED_ENTRY ? sg_table_entry_count(rb, o) : 1;
        for (size_t it = 0; it < items; it++) {
          int32_t from, until;
          if (!sg_period(rb, kind, o, it, &from, &until)) continue;
          int in_force = 0;
          for (size_t d = 0; d < ndays && !in_force; d++)
            in_force = days[d] != NO_DAY && days[d] >= from && days[d] < until;
          if (pass == 0) {
            total++;
            live += (size_t)in_force;
            continue;
          }
          if (in_force || named++ >= LIST_MAX) continue;
          char name[256], a[16], b[16];
          dated_name(rb, kind, o, it, name, sizeof name);
          if (from != INT32_MIN) sg_format_date(from, a);
          if (until != INT32_MAX) sg_format_date(until, b);
          printf("%s%s (%s%s%s%s%s)", sep, name, from != INT32_MIN ? "from " : "",
                 from != INT32_MIN ? a : "", from != INT32_MIN && until != INT32_MAX ? " " : "",
                 until != INT32_MAX ? "until " : "", until != INT32_MAX ? b : "");
          sep = ", ";
        }
      }
    }
    if (pass == 1) print_more(named);
    if (total == 0) return;
    if (pass == 0)
      printf(_("dated: %zu of %zu periods of validity in force on some example's decision date"),
             live, total);
  }
  putchar('\n');
}

/* Coverage: which rules, signals and conditions no example names in an
 * `expect`. Prints one summary line per kind, and the names left out;
 * *covered and *total count all three kinds. Returns 0, or -1 when out of
 * memory (nothing printed). */
static int print_coverage(const sgc_compiler *c, const sg_rulebook *rb, size_t *all_covered,
                          size_t *all_total) {
  size_t nrules = sg_rule_count(rb), npreds = sg_pred_count(rb);
  unsigned char *seen = calloc(nrules + npreds + 1, 1);
  if (seen == NULL) return -1;
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    for (size_t k = 0; k < ex->expect_count; k++) {
      const sgc_expectation *e = &ex->expect[k];
      if (e->what != SGC_EXPECT_OUTCOME && e->rule == NULL) continue;  /* about the advice */
      long r = sg_rule_find(rb, e->what != SGC_EXPECT_OUTCOME ? e->rule : e->name);
      long p = r < 0 && e->what == SGC_EXPECT_OUTCOME ? sg_pred_find(rb, e->name) : -1;
      if (r >= 0) seen[r] = 1;
      else if (p >= 0) seen[nrules + (size_t)p] = 1;
    }
  }
  static const char *const lines[] = { N_("coverage: %zu of %zu rules named by an example"),
                                       N_("coverage: %zu of %zu signals named by an example"),
                                       N_("coverage: %zu of %zu conditions named by an example") };
  for (int kind = 0; kind < 3; kind++) {
    size_t total = 0, covered = 0;
    size_t n = kind == 0 ? nrules : npreds;
    for (size_t i = 0; i < n; i++) {
      if (kind > 0 && sg_pred_kind_of(rb, i) != (kind == 1 ? SG_SIGNAL : SG_CONDITION)) continue;
      total++;
      covered += seen[kind == 0 ? i : nrules + i];
    }
    printf(_(lines[kind]), covered, total);
    *all_covered += covered;
    *all_total += total;
    const char *sep = _("; not: ");
    for (size_t i = 0; i < n; i++) {
      if (kind > 0 && sg_pred_kind_of(rb, i) != (kind == 1 ? SG_SIGNAL : SG_CONDITION)) continue;
      if (seen[kind == 0 ? i : nrules + i]) continue;
      printf("%s%s", sep, kind == 0 ? sg_rule_name(rb, i) : sg_pred_name(rb, i));
      sep = ", ";
    }
    putchar('\n');
  }
  free(seen);
  return 0;
}

/* The rulebook's assumptions, one line each with its place in the sources
 * (the path as read, which a user can open, as in diagnostics) and its
 * owner, then how many there are; nothing when there are none. */
static void print_assumptions(const sgc_compiler *c, const sg_rulebook *rb) {
  size_t n = sg_assumption_count(rb);
  for (size_t i = 0; i < n; i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    const char *what = _("window"), *name = sg_window_name(rb, owner);
    if (kind == SG_OWNER_RULE) {
      what = _("rule");
      name = sg_rule_name(rb, owner);
    } else if (kind == SG_OWNER_PREDICATE) {
      what = sg_pred_kind_of(rb, owner) == SG_SIGNAL ? _("signal") : _("condition");
      name = sg_pred_name(rb, owner);
    }
    const sgc_position *at = sgc_assumption_at(c, i);
    printf(_("assumption: %s:%d: %s %s: %s\n"), at != NULL ? at->path : "?", at != NULL ? at->line : 0,
           what, name != NULL ? name : "?", text != NULL ? text : "");
  }
  if (n > 0)
    printf(P_("%zu assumption: confirm it against the source\n",
              "%zu assumptions: confirm them against the source\n", n), n);
}

/* One example's result, for --junit. */
typedef struct {
  const sgc_example *ex;
  char *explained;       /* why it failed; NULL when it passed */
} test_result;

/* `text` with XML's five special characters escaped, to `out`. */
static void xml_text(FILE *out, const char *text) {
  for (const char *p = text != NULL ? text : ""; *p; p++) {
    switch (*p) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&apos;", out); break;
    default: putc(*p, out);
    }
  }
}

/* The results as JUnit XML (one testsuite, one testcase per example, a
 * <failure> with the explanation), a new text of *len bytes; NULL when out
 * of memory. Made before anything of the summary is printed, so that
 * memory running out never cuts the output after its last line. */
static char *junit_text(const char *suite, const test_result *results, size_t n, size_t failed,
                        size_t *len) {
  char *text = NULL;
  FILE *out = open_memstream(&text, len);
  if (out == NULL) return NULL;
  fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"");
  xml_text(out, suite);
  fprintf(out, "\" tests=\"%zu\" failures=\"%zu\">\n", n, failed);
  for (size_t i = 0; i < n; i++) {
    const sgc_example *ex = results[i].ex;
    fputs("    <testcase classname=\"", out);
    xml_text(out, ex->file);
    fputs("\" name=\"", out);
    xml_text(out, ex->title != NULL ? ex->title : "(untitled)");
    fprintf(out, "\" file=\"");
    xml_text(out, ex->file);
    fprintf(out, "\" line=\"%d\"", ex->line);
    if (results[i].explained == NULL) {
      fputs("/>\n", out);
      continue;
    }
    fputs(">\n      <failure message=\"the example does not hold\">", out);
    xml_text(out, results[i].explained);
    fputs("</failure>\n    </testcase>\n", out);
  }
  fputs("  </testsuite>\n</testsuites>\n", out);
  int broken = ferror(out);
  if (fclose(out) != 0 || broken) {
    free(text);
    return NULL;
  }
  return text;
}

/* Write the JUnit text to `path` atomically; an exit code. */
static int write_junit(const char *path, const char *text, size_t len) {
  char why[256] = "";
  if (sgc_write_atomic(path, text, len, why, sizeof why) == 0) return CLI_EXIT_OK;
  fprintf(stderr, "%s: error: cannot write: %s\n", path, why[0] ? why : "unknown reason");
  return CLI_EXIT_IO;
}

/* Run every example of the compiled rulebook (case files at most
 * `max_case_size` bytes); with `junit`, also write the results there;
 * below `min_coverage` per cent (negative: no minimum) it fails. Returns the
 * exit code. */
static int run_examples(const sgc_compiler *c, const sg_rulebook *rb, const cli_args *args,
                        long min_coverage) {
  size_t passed = 0, failed = 0;
  size_t count = sgc_example_count(c);
  test_result *results = calloc(count + 1, sizeof *results);
  int32_t *days = calloc(count + 1, sizeof *days);
  /* reached: a row per table (its entries), then a row per set (its elements) */
  size_t ntables = sg_table_count(rb), nrows = ntables + sg_set_count(rb);
  unsigned char **reached = calloc(nrows + 1, sizeof *reached);
  int lacking = results == NULL || reached == NULL || days == NULL;
  for (size_t t = 0; !lacking && t < nrows; t++)
    lacking = (reached[t] = calloc((t < ntables ? sg_table_entry_count(rb, t)
                                                : sg_set_element_count(rb, t - ntables)) + 1, 1)) == NULL;
  if (lacking) {
    for (size_t t = 0; reached != NULL && t < nrows; t++) free(reached[t]);
    free(reached);
    free(results);
    free(days);
    return oom_error("signaal test");
  }
  int code = CLI_EXIT_OK;
  for (size_t i = 0; i < count && code == CLI_EXIT_OK; i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    const char *title = ex->title != NULL ? ex->title : "(untitled)";
    char *explained = NULL;
    size_t explained_len = 0;
    FILE *log = open_memstream(&explained, &explained_len);
    int problems = log != NULL ? run_example(rb, ex, args->max_case_size, reached, &days[i], log) : -1;
    if (log != NULL) {
      int broken = ferror(log);
      if ((fclose(log) != 0 || broken) && problems >= 0) problems = -2;
    }
    results[i].ex = ex;
    if (problems < 0) { /* -1: reported already; -2: the log could not grow */
      free(explained);
      code = problems == -1 && oom_reported() ? CLI_EXIT_IO : oom_error("signaal test");
    } else if (problems == 0) {
      passed++;
      if (!args->quiet) printf(_("PASS %s\n"), title);
      free(explained);
    } else {
      failed++;
      printf(_("FAIL %s\n%s"), title, explained);
      results[i].explained = explained;
    }
  }
  size_t covered = 0, total = 0;
  if (code == CLI_EXIT_OK) {
    if (count == 0) fputs(_("signaal test: note: the rulebook has no examples\n"), stderr);
    if (print_coverage(c, rb, &covered, &total) != 0) code = oom_error("signaal test");
    else if (print_reached(rb, reached) != 0) code = oom_error("signaal test");
    else {
      print_sets(rb, reached + ntables);
      print_dated(rb, days, count);
    }
  }
  char *junit = NULL;
  size_t junit_len = 0;
  if (code == CLI_EXIT_OK && args->junit != NULL &&
      (junit = junit_text(args->operands[0], results, count, failed, &junit_len)) == NULL)
    code = oom_error("signaal test");
  if (code == CLI_EXIT_OK) {
    print_assumptions(c, rb);
    printf(_("%zu passed, %zu failed\n"), passed, failed);
    if (junit != NULL) code = write_junit(args->junit, junit, junit_len);
  }
  free(junit);
  if (code == CLI_EXIT_OK && failed > 0) code = CLI_EXIT_INPUT;
  if (code == CLI_EXIT_OK && min_coverage >= 0 && covered * 100 < (size_t)min_coverage * total) {
    fprintf(stderr, _("signaal test: error: the examples name %zu of the %zu rules, signals and "
                      "conditions (%zu%%), below --min-coverage %ld%%\n"), covered, total,
            total ? covered * 100 / total : 100, min_coverage);
    code = CLI_EXIT_INPUT;
  }
  for (size_t i = 0; i < count; i++) free(results[i].explained);
  for (size_t t = 0; t < nrows; t++) free(reached[t]);
  free(reached);
  free(results);
  free(days);
  return code;
}

/* --min-coverage: a whole per cent, 0 to 100; -1 when not given, -2 when
 * wrong (after the usage error). */
static long min_coverage_of(const cli_args *args) {
  if (args->min_coverage == NULL) return -1;
  char *end;
  long p = strtol(args->min_coverage, &end, 10);
  if (end == args->min_coverage || *end != '\0' || p < 0 || p > 100) {
    args_usage_error("test", "--min-coverage expects a whole per cent, 0 to 100");
    return -2;
  }
  return p;
}

/* Compile the rules and run their examples; returns the exit code. */
static int run_test(const cli_args *args) {
  long min_coverage = min_coverage_of(args);
  if (min_coverage == -2) return CLI_EXIT_USAGE;
  sgc_compiler *c = NULL;
  int code = load_compile(args->operands, args->operand_count, 0, args->max_rule_size, &c);
  if (code != CLI_EXIT_OK) return code;
  size_t size = 0;
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  code = load_bytecode("compiled rulebook", image, size, &rb);
  if (code == CLI_EXIT_OK) {
    code = run_examples(c, rb, args, min_coverage);
    sg_rulebook_free(rb);
  }
  sgc_free(c);
  return code;
}

const cli_command command_test = {
  .name = "test", .operand = "RULES", .run = run_test,
  .missing = "missing RULES: name the .rules file(s) to test",
  .summary = "run the examples written in a rulebook's sources",
  .options = (const cli_use[]){
    {OPT_QUIET, "print only failing examples and the final count", NULL},
    {OPT_MAX_CASE_SIZE, "refuse an example's case file (given \"FILE\") larger than BYTES: the "
     "example fails; default 16777216 (16 MiB)", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL}, {OPT_MAX_ERRORS, NULL, NULL}, {OPT_MIN_COVERAGE, NULL, NULL}, {OPT_JUNIT, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Compile a rulebook and run its examples (`example` blocks with `given`, `now`\n"
    "and `expect`). Prints PASS or FAIL with each example's title; a failure is\n"
    "explained as file:line:col: expected X to fire, but it was undetermined\n"
    "(waits for a, b). Then one coverage line each for rules, signals and\n"
    "conditions: how many an example names in an `expect`, and which not.\n"
    "Then each assumption of the rulebook (`assumption \"…\"`) as\n"
    "assumption: FILE:LINE: OWNER: text, and how many there are, for a policy\n"
    "officer to confirm against the source. The last line is\n"
    "\"N passed, N failed\".\n",
  .examples =
    "  signaal test rules/uitbuiting.rules\n"
    "  signaal test main.rules extra.rules --quiet\n"
    "  signaal test rules/uitbuiting.rules --min-coverage 100 --junit build/examples.xml\n",
};
