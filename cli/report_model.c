/* report_model.c — collects the report of an evaluated case once: the
 * actions of the fired rules, the distinct contacts, the undetermined rules,
 * the open questions, the explanations; report_write picks the renderer.
 */
#include "report_model.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Append the fired rules' actions of `kind` to *items. */
static int collect_actions(const sg_rulebook *rb, const sg_context *ctx, sg_action_kind kind,
                           report_action **items, size_t *count) {
  size_t n = 0;
  for (size_t pass = 0; pass < 2; pass++) {
    n = 0;
    for (size_t r = 0; r < sg_rule_count(rb); r++) {
      if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
      for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
        if (sg_rule_action_kind(rb, r, a) != kind) continue;
        if (pass == 1) (*items)[n] = (report_action){r, a};
        n++;
      }
    }
    if (pass == 0 && n > 0 && (*items = calloc(n, sizeof **items)) == NULL) return -1;
  }
  *count = n;
  return 0;
}

/* Add `slot` to the ascending set slots[0..*count) (room for it exists). */
static void add_slot(size_t *slots, size_t *count, size_t slot) {
  size_t i = 0;
  while (i < *count && slots[i] < slot) i++;
  if (i < *count && slots[i] == slot) return;
  memmove(slots + i + 1, slots + i, (*count - i) * sizeof *slots);
  slots[i] = slot;
  (*count)++;
}

/* The contact for (table, entry), made when new; NULL when out of memory. */
static report_contact *find_contact(report_model *m, const char *name, long table, long entry) {
  for (size_t i = 0; i < m->contact_count; i++) {
    report_contact *c = &m->contacts[i];
    if (c->entry == entry && strcmp(c->table_name, name) == 0) return c;
  }
  report_contact *c = &m->contacts[m->contact_count++];
  memset(c, 0, sizeof *c);
  c->table_name = name;
  c->table = table;
  c->entry = entry;
  size_t rules = sg_rule_count(m->rb), facts = sg_fact_count(m->rb);
  c->rules = calloc(rules + 1, sizeof *c->rules);
  c->waiting = calloc(facts + 1, sizeof *c->waiting);
  return c->rules != NULL && c->waiting != NULL ? c : NULL;
}

static int collect_contacts(report_model *m, const case_session *s) {
  sg_context *ctx = s->ctx;
  const sg_rulebook *rb = m->rb;
  size_t actions = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++)
    if (sg_rule_outcome(ctx, r) == SG_TRUE) actions += sg_rule_action_count(rb, r);
  if (actions == 0) return 0;
  m->contacts = calloc(actions, sizeof *m->contacts);
  if (m->contacts == NULL) return -1;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) continue;
      const char *name = report_str(sg_rule_action_text(rb, r, a));
      long table = sg_table_find(rb, name);
      long entry = table >= 0 ? sg_rule_contact(ctx, r, a) : -1;
      report_contact *c = find_contact(m, name, table, entry);
      if (c == NULL) return -1;
      if (c->rule_count == 0 || c->rules[c->rule_count - 1] != r) c->rules[c->rule_count++] = r;
      if (entry >= 0) continue;
      size_t *slots = NULL, count = 0;
      if (explain_key_waiting(s, r, a, &slots, &count) != 0) return -1;
      for (size_t i = 0; i < count; i++) add_slot(c->waiting, &c->waiting_count, slots[i]);
      free(slots);
    }
  }
  return 0;
}

static int collect_undetermined(report_model *m, sg_context *ctx) {
  const sg_rulebook *rb = m->rb;
  size_t n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) n += sg_rule_outcome(ctx, r) == SG_UNKNOWN;
  if (n == 0) return 0;
  m->undetermined = calloc(n, sizeof *m->undetermined);
  if (m->undetermined == NULL) return -1;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_UNKNOWN) continue;
    report_undetermined *u = &m->undetermined[m->undetermined_count++];
    u->rule = r;
    u->waiting = report_waiting(ctx, r, &u->waiting_count);
    if (u->waiting_count == (size_t)-1) {
      u->waiting_count = 0;
      return -1;
    }
  }
  return 0;
}

static int collect_signals(report_model *m, const sg_context *ctx) {
  size_t preds = sg_pred_count(m->rb);
  m->signals = calloc(preds + 1, sizeof *m->signals);
  m->signal_values = calloc(preds + 1, sizeof *m->signal_values);
  if (m->signals == NULL || m->signal_values == NULL) return -1;
  for (size_t p = 0; p < preds; p++) {
    if (sg_pred_kind_of(m->rb, p) != SG_SIGNAL) continue;
    m->signals[m->signal_count] = p;
    m->signal_values[m->signal_count++] = sg_pred_value(ctx, p);
  }
  return 0;
}

static int collect_questions(report_model *m, sg_context *ctx) {
  size_t n = sg_open_questions(ctx, NULL, 0);
  if (n == 0) return 0;
  m->questions = calloc(n, sizeof *m->questions);
  if (m->questions == NULL) return -1;
  size_t again = sg_open_questions(ctx, m->questions, n);
  m->question_count = again < n ? again : n;
  return 0;
}

static int collect_explanations(report_model *m, const case_session *s) {
  sg_context *ctx = s->ctx;
  size_t rules = sg_rule_count(m->rb);
  m->explanations = calloc(rules + 1, sizeof *m->explanations);
  m->explained = calloc(rules + 1, 1);
  if (m->explanations == NULL || m->explained == NULL) return -1;
  for (size_t r = 0; r < rules; r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    if (explain_build(s, r, &m->explanations[r]) != 0) return -1;
    m->explained[r] = 1;
  }
  return 0;
}

int report_model_build(report_model *m, const case_session *s, int explain) {
  memset(m, 0, sizeof *m);
  m->explain = explain;
  m->rb = s->rb;
  m->now = s->now;
  sg_format_datetime(s->now, m->now_text);
  sg_format_date(sg_rulebook_effective(s->rb), m->effective);
  report_hex(sg_rulebook_bytecode_hash(s->rb), m->bytecode_hash);
  report_hex(sg_rulebook_source_hash(s->rb), m->source_hash);
  m->reading_list = sg_rulebook_reading_list(s->rb);
  int failed =
    collect_actions(m->rb, s->ctx, SG_RECOMMEND, &m->recommendations, &m->recommendation_count) ||
    collect_actions(m->rb, s->ctx, SG_ATTENTION, &m->attention, &m->attention_count) ||
    collect_contacts(m, s) || collect_undetermined(m, s->ctx) ||
    collect_signals(m, s->ctx) ||
    (explain && collect_explanations(m, s));
  /* Last: trying answers re-evaluates the context (it restores it). */
  if (!failed) failed = collect_questions(m, s->ctx) != 0;
  if (failed) report_model_free(m);
  return failed ? -1 : 0;
}

void report_model_free(report_model *m) {
  free(m->recommendations);
  free(m->attention);
  for (size_t i = 0; i < m->contact_count; i++) {
    free(m->contacts[i].rules);
    free(m->contacts[i].waiting);
  }
  free(m->contacts);
  for (size_t i = 0; i < m->undetermined_count; i++) free(m->undetermined[i].waiting);
  free(m->undetermined);
  free(m->questions);
  free(m->signals);
  free(m->signal_values);
  if (m->explanations != NULL && m->explained != NULL)
    for (size_t r = 0; r < sg_rule_count(m->rb); r++)
      if (m->explained[r]) explain_free(&m->explanations[r]);
  free(m->explanations);
  free(m->explained);
  memset(m, 0, sizeof *m);
}

const explain_rule *report_model_why(const report_model *m, size_t rule) {
  return m->explained != NULL && m->explained[rule] ? &m->explanations[rule] : NULL;
}

int report_write(FILE *out, const case_session *s, const report_format *format, int explain) {
  if (format == NULL) format = &report_formats[0];
  report_model m;
  if (report_model_build(&m, s, format->explains || explain) != 0) {
    fputs("signaal: error: out of memory\n", stderr);
    return CLI_EXIT_IO;
  }
  int code = format->write(out, &m);
  report_model_free(&m);
  return code;
}
