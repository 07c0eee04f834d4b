/* output_text.c — the report for case workers, in Dutch: header, then
 * Aanbevelingen, Aandachtspunten, Contacten, Onbeslist, Open vragen and the
 * signals that hold; with --explain a "waarom" chain under each item.
 * Renders the report model; prints fact values only in those chains.
 */
#include "report_model.h"
#include "cli.h"

/* "regel: NAME — LABEL (stap N)" */
static void print_rule_line(FILE *out, const sg_rulebook *rb, size_t rule, const char *indent) {
  const char *label = report_str(sg_rule_label(rb, rule));
  fprintf(out, "%sregel: %s", indent, report_str(sg_rule_name(rb, rule)));
  if (label[0] != '\0') fprintf(out, " — %s", label);
  if (sg_rule_has_step(rb, rule)) fprintf(out, " (stap %ld)", (long)sg_rule_step(rb, rule));
  fputc('\n', out);
}

static void print_citation(FILE *out, const char *citation, const char *indent) {
  if (citation != NULL && citation[0] != '\0') fprintf(out, "%sbron: %s\n", indent, citation);
}

/* ---- the "waarom" chain --------------------------------------------------- */

typedef struct {
  FILE *out;
  const sg_rulebook *rb;
  explain_seen *seen;
} chain_printer;

static void chain_part(void *userdata, unsigned part, sg_truth truth) {
  chain_printer *p = userdata;
  fprintf(p->out, "    %s:\n", explain_part_heading(part, truth));
}

/* One reason on its own line, indented by its depth. */
static int chain_node(void *userdata, const explain_node *node, size_t depth) {
  chain_printer *p = userdata;
  fprintf(p->out, "%*s- ", (int)(6 + 2 * depth), "");
  if (node->kind == SG_REASON_NOW) {
    fprintf(p->out, "moment van beoordeling = %s\n", report_str(node->value));
    return 0;
  }
  if (node->kind == SG_REASON_FACT) {
    const char *question = report_str(sg_fact_question(p->rb, node->index));
    fprintf(p->out, "%s = %s", report_str(sg_fact_name(p->rb, node->index)),
            node->value != NULL ? node->value : "onbekend");
    if (question[0] != '\0') fprintf(p->out, " — %s", question);
    fputc('\n', p->out);
    return 0;
  }
  int repeat = 0, walk = explain_seen_first(p->seen, node, &repeat);
  const char *citation = report_str(sg_pred_citation(p->rb, node->index));
  fprintf(p->out, "%s %s: %s", report_pred_kind_word(p->rb, node->index),
          report_pred_title(p->rb, node->index), report_truth_word(node->truth));
  if (citation[0] != '\0') fprintf(p->out, " (%s)", citation);
  if (repeat) fputs(" (zie boven)", p->out);
  if (node->cut) fputs(" (verder ingekort)", p->out);
  fputc('\n', p->out);
  return walk;
}

static void print_why(FILE *out, const report_model *m, size_t rule, explain_seen *seen) {
  const explain_rule *why = seen != NULL ? report_model_why(m, rule) : NULL;
  if (why == NULL) return;
  chain_printer p = {out, m->rb, seen};
  explain_visitor v = {chain_part, NULL, chain_node, NULL};
  explain_walk(why, &v, &p);
}

/* ---- sections ------------------------------------------------------------- */

/* The recommend or attention actions of the fired rules. */
static void print_actions(FILE *out, const report_model *m, const report_action *items,
                          size_t count, const char *heading, explain_seen *seen) {
  fprintf(out, "\n%s\n", heading);
  for (size_t i = 0; i < count; i++) {
    size_t r = items[i].rule;
    fprintf(out, "  - %s\n", report_str(sg_rule_action_text(m->rb, r, items[i].action)));
    print_rule_line(out, m->rb, r, "    ");
    print_citation(out, sg_rule_citation(m->rb, r), "    ");
    if (seen != NULL && i > 0 && items[i - 1].rule == r)
      fputs("    waarom: zie hierboven (dezelfde regel)\n", out);
    else
      print_why(out, m, r, seen);
  }
  if (count == 0) fputs("  (geen)\n", out);
}

/* One table entry: "naam: X, telefoon: Y", or the text of a plain table. */
static void print_entry(FILE *out, const sg_rulebook *rb, size_t table, size_t entry) {
  size_t fields = sg_table_field_count(rb, table);
  int first = 1;
  fputs("    ", out);
  for (size_t f = 0; f < fields; f++) {
    const char *field = report_str(sg_table_field(rb, table, f));
    const char *value = report_str(sg_table_value(rb, table, entry, f));
    if (value[0] == '\0') continue;
    if (!first) fputs(", ", out);
    if (field[0] != '\0') fprintf(out, "%s: ", field);
    fputs(value, out);
    first = 0;
  }
  fputc('\n', out);
}

/* "      fact: question" */
static void print_fact_question(FILE *out, const sg_rulebook *rb, size_t slot) {
  const char *question = report_str(sg_fact_question(rb, slot));
  fprintf(out, "      %s", report_str(sg_fact_name(rb, slot)));
  if (question[0] != '\0') fprintf(out, ": %s", question);
  fputc('\n', out);
}

static void print_waiting(FILE *out, const sg_rulebook *rb, const size_t *slots, size_t count) {
  fputs("    wacht op:\n", out);
  for (size_t i = 0; i < count; i++) print_fact_question(out, rb, slots[i]);
  if (count == 0) fputs("      (onbekend)\n", out);
}

static void print_contacts(FILE *out, const report_model *m, explain_seen *seen) {
  const sg_rulebook *rb = m->rb;
  fputs("\nContacten\n", out);
  for (size_t i = 0; i < m->contact_count; i++) {
    const report_contact *c = &m->contacts[i];
    if (c->entry >= 0) {
      fprintf(out, "  - %s: %s\n", c->table_name,
              report_str(sg_table_key(rb, (size_t)c->table, (size_t)c->entry)));
      print_entry(out, rb, (size_t)c->table, (size_t)c->entry);
    } else {
      fprintf(out, "  - %s: nog niet te bepalen\n", c->table_name);
      if (c->waiting_count > 0) print_waiting(out, rb, c->waiting, c->waiting_count);
      else fputs("    de sleutel van het contact staat niet in de tabel\n", out);
    }
    for (size_t k = 0; k < c->rule_count; k++) {
      print_rule_line(out, rb, c->rules[k], "    ");
      print_citation(out, sg_rule_citation(rb, c->rules[k]), "    ");
      print_why(out, m, c->rules[k], seen);
    }
  }
  if (m->contact_count == 0) fputs("  (geen)\n", out);
}

static void print_undetermined(FILE *out, const report_model *m) {
  const sg_rulebook *rb = m->rb;
  fputs("\nOnbeslist\n", out);
  for (size_t i = 0; i < m->undetermined_count; i++) {
    size_t r = m->undetermined[i].rule;
    const char *label = report_str(sg_rule_label(rb, r));
    fprintf(out, "  - %s", report_str(sg_rule_name(rb, r)));
    if (label[0] != '\0') fprintf(out, " — %s", label);
    if (sg_rule_has_step(rb, r)) fprintf(out, " (stap %ld)", (long)sg_rule_step(rb, r));
    fputc('\n', out);
    print_citation(out, sg_rule_citation(rb, r), "    ");
    print_waiting(out, rb, m->undetermined[i].waiting, m->undetermined[i].waiting_count);
  }
  if (m->undetermined_count == 0) fputs("  (geen)\n", out);
}

static void print_questions(FILE *out, const report_model *m) {
  fputs("\nOpen vragen\n", out);
  for (size_t i = 0; i < m->question_count; i++) {
    const sg_question *q = &m->questions[i];
    const char *question = report_str(sg_fact_question(m->rb, q->slot));
    char effect[160];
    report_question_effect(q, effect, sizeof effect);
    fprintf(out, "  %zu. %s", i + 1, report_str(sg_fact_name(m->rb, q->slot)));
    if (question[0] != '\0') fprintf(out, ": %s", question);
    fprintf(out, "\n     %s\n", effect);
  }
  if (m->question_count == 0) fputs("  (geen)\n", out);
}

static void print_signals(FILE *out, const report_model *m) {
  fputs("\nSignalen: ", out);
  int any = 0;
  for (size_t i = 0; i < m->signal_count; i++) {
    if (m->signal_values[i] != SG_TRUE) continue;
    fprintf(out, "%s%s", any ? "; " : "", report_pred_title(m->rb, m->signals[i]));
    any = 1;
  }
  fputs(any ? "\n" : "(geen)\n", out);
}

int render_text(FILE *out, const report_model *m) {
  const sg_rulebook *rb = m->rb;
  const char *source = report_str(sg_rulebook_source(rb));
  fprintf(out, "%s\n", report_str(sg_rulebook_title(rb)));
  fprintf(out, "  versie:         %s\n", report_str(sg_rulebook_version(rb)));
  fprintf(out, "  geldig vanaf:   %s\n", m->effective);
  if (source[0] != '\0') fprintf(out, "  bron:           %s\n", source);
  fprintf(out, "  beoordeeld op:  %s\n", m->now_text);
  fprintf(out, "  regelboek:      sha256 %s\n", m->bytecode_hash);
  /* With --explain, a predicate's reasons are shown once per report. */
  explain_seen seen_storage = {NULL}, *seen = NULL;
  if (m->explain) {
    explain_seen_init(&seen_storage, sg_pred_count(rb));
    seen = &seen_storage;
  }
  print_actions(out, m, m->recommendations, m->recommendation_count, "Aanbevelingen", seen);
  print_actions(out, m, m->attention, m->attention_count, "Aandachtspunten", seen);
  print_contacts(out, m, seen);
  explain_seen_free(&seen_storage);
  print_undetermined(out, m);
  print_questions(out, m);
  print_signals(out, m);
  return CLI_EXIT_OK;
}
