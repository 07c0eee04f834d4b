/* output_text.c — the report for case workers, in Dutch: header, then
 * Aanbevelingen, Aandachtspunten, Contacten, Onbeslist, Open vragen and the
 * signals that hold; with --explain the assumptions and a "waarom" chain
 * under each item and the rulebook's assumptions at the end (without it,
 * one line counting them). A pure writer of the report model; prints fact
 * values only in those chains.
 */
#include "report_model.h"
#include "cli.h"

#include <string.h>

/* The text report's state: where it goes, and with --explain which
 * predicates it has explained (NULL without). */
typedef struct {
  FILE *out;
  explain_seen *seen;
  int explain;  /* --explain: also the engine's names (rules, facts, tables) */
} text_writer;

/* "regel: NAME — LABEL (stap N)" */
static void print_rule_line(FILE *out, const report_rule *rule, const char *indent) {
  fprintf(out, "%sregel: %s", indent, rule->name);
  if (rule->label[0] != '\0') fprintf(out, " — %s", rule->label);
  if (rule->has_step) fprintf(out, " (stap %ld)", rule->step);
  fputc('\n', out);
}

/* "bron: CITATION", when there is one. */
static void print_citation(FILE *out, const char *citation, const char *indent) {
  if (citation[0] != '\0') fprintf(out, "%sbron: %s\n", indent, citation);
}

/* "geldt tenzij: …; daarover is nu niets bekend", for a fired rule whose
 * exception rests on unknown facts (`unless established …`). */
static void print_presumed(text_writer *t, const report_rule *rule, const char *indent) {
  for (size_t k = 0; k < rule->presumed_count; k++) {
    const report_fact *fact = rule->presumed[k];
    fprintf(t->out, "%sgeldt tenzij: %s", indent,
            fact->question[0] != '\0' ? fact->question : fact->name);
    if (t->explain) fprintf(t->out, " (%s)", fact->name);
    fputs(" Daarover is nu niets bekend.\n", t->out);
  }
}

/* "OWNER-KIND NAME: text" of an assumption. */
static void print_assumption(FILE *out, const report_assumption *a, const char *indent) {
  fprintf(out, "%s- %s %s: %s\n", indent, a->kind, a->owner, a->text);
}

/* With --explain, "aannames:" and the assumptions an item rests on. */
static void print_item_assumptions(text_writer *t, const report_assumption *const *list,
                                   size_t count) {
  if (t->seen == NULL || count == 0) return;
  fputs("    aannames:\n", t->out);
  for (size_t i = 0; i < count; i++) print_assumption(t->out, list[i], "      ");
}

/* ---- the "waarom" chain --------------------------------------------------- */

/* A part's heading, or one reason on its own line, indented by its depth. */
static int chain_step(void *userdata, const explain_step *step) {
  text_writer *t = userdata;
  const explain_node *node = step->node;
  if (node == NULL) {
    fprintf(t->out, "    %s:\n", explain_part_heading(step->part, step->truth));
    return 1;
  }
  fprintf(t->out, "%*s- ", (int)(6 + 2 * step->depth), "");
  if (node->kind == SG_REASON_NOW) {
    fprintf(t->out, "moment van beoordeling = %s\n", node->value != NULL ? node->value : "");
    return 0;
  }
  if (node->kind == SG_REASON_FACT) {
    fprintf(t->out, "%s = %s", node->name, node->value != NULL ? node->value : "onbekend");
    if (node->question[0] != '\0') fprintf(t->out, " — %s", node->question);
    fputc('\n', t->out);
    return 0;
  }
  int repeat = 0, walk = explain_seen_first(t->seen, node, &repeat);
  fprintf(t->out, "%s %s: %s", node->signal ? "signaal" : "voorwaarde", node->title,
          report_truth_word(node->truth));
  if (node->citation[0] != '\0') fprintf(t->out, " (%s)", node->citation);
  if (repeat) fputs(" (zie boven)", t->out);
  if (node->cut) fputs(" (verder ingekort)", t->out);
  fputc('\n', t->out);
  return walk;
}

/* Why `rule` fired, with --explain. */
static void print_why(text_writer *t, const report_rule *rule) {
  if (t->seen == NULL || rule->why == NULL) return;
  explain_visitor v = {chain_step, NULL};
  explain_walk(rule->why, &v, t);
}

/* ---- sections ------------------------------------------------------------- */

/* The recommend or attention actions of the fired rules. */
static void print_actions(text_writer *t, const report_section *sec) {
  fprintf(t->out, "\n%s\n", sec->heading);
  const report_action *items = sec->items.actions;
  for (size_t i = 0; i < sec->count; i++) {
    const char *heading = items[i].rule->actor_heading;
    if (heading != NULL && (i == 0 || strcmp(items[i - 1].rule->actor_heading, heading) != 0))
      fprintf(t->out, "  %s:\n", heading);
    fprintf(t->out, "  - %s\n", items[i].text);
    if (t->explain) print_rule_line(t->out, items[i].rule, "    ");
    print_citation(t->out, items[i].rule->citation, "    ");
    print_presumed(t, items[i].rule, "    ");
    print_item_assumptions(t, items[i].rule->assumptions, items[i].rule->assumption_count);
    if (t->seen != NULL && i > 0 && items[i - 1].rule == items[i].rule)
      fputs("    waarom: zie hierboven (dezelfde regel)\n", t->out);
    else
      print_why(t, items[i].rule);
  }
  if (sec->count == 0) fputs("  (geen)\n", t->out);
}

/* The `naam` field of a table entry, or NULL. */
static const char *entry_name(const report_entry *entry) {
  for (size_t f = 0; f < entry->field_count; f++)
    if (strcmp(entry->fields[f].name, "naam") == 0 && entry->fields[f].value[0] != '\0')
      return entry->fields[f].value;
  return NULL;
}

/* One table entry: "telefoon: Y, uren: Z", or the text of a plain table;
 * the `naam` field heads the item instead. */
static void print_entry(FILE *out, const report_entry *entry) {
  int first = 1;
  fputs("    ", out);
  for (size_t f = 0; f < entry->field_count; f++) {
    const report_field *field = &entry->fields[f];
    if (field->value[0] == '\0' || strcmp(field->name, "naam") == 0) continue;
    if (!first) fputs(", ", out);
    if (field->name[0] != '\0') fprintf(out, "%s: ", field->name);
    fputs(field->value, out);
    first = 0;
  }
  fputc('\n', out);
}

/* "    wacht op:" and each fact's question (with --explain, "fact: question"). */
static void print_waiting(const text_writer *t, const report_fact *const *facts, size_t count) {
  fputs("    wacht op:\n", t->out);
  for (size_t i = 0; i < count; i++) {
    const char *question = facts[i]->question;
    if (t->explain || question[0] == '\0') fprintf(t->out, "      %s", facts[i]->name);
    if (question[0] != '\0') fprintf(t->out, t->explain ? ": %s" : "      %s", question);
    fputc('\n', t->out);
  }
  if (count == 0) fputs("      (onbekend)\n", t->out);
}

/* The distinct contacts, with the rules calling for each. */
static void print_contacts(text_writer *t, const report_section *sec) {
  fprintf(t->out, "\n%s\n", sec->heading);
  for (size_t i = 0; i < sec->count; i++) {
    const report_contact *c = &sec->items.contacts[i];
    if (c->entry != NULL) {
      const char *name = entry_name(c->entry);
      fprintf(t->out, "  - %s\n", name != NULL ? name : c->entry->key);
      print_entry(t->out, c->entry);
      if (c->hours.window != NULL) fprintf(t->out, "    %s\n", c->hours.text);
      if (t->explain) fprintf(t->out, "    tabel: %s[%s]\n", c->table, c->entry->key);
      if (t->explain && c->hours.window != NULL)
        fprintf(t->out, "    venster: %s\n", c->hours.window);
    } else {
      fputs("  - nog niet te bepalen\n", t->out);
      if (t->explain) fprintf(t->out, "    tabel: %s\n", c->table);
      if (c->waiting_count > 0) print_waiting(t, c->waiting, c->waiting_count);
      else fputs("    de sleutel van het contact staat niet in de tabel\n", t->out);
    }
    print_item_assumptions(t, c->assumptions, c->assumption_count);
    for (size_t k = 0; k < c->rule_count; k++) {
      if (t->explain) print_rule_line(t->out, c->rules[k], "    ");
      print_citation(t->out, c->rules[k]->citation, "    ");
      print_why(t, c->rules[k]);
    }
  }
  if (sec->count == 0) fputs("  (geen)\n", t->out);
}

/* The undetermined rules and the facts each waits for. */
static void print_undetermined(text_writer *t, const report_section *sec) {
  fprintf(t->out, "\n%s\n", sec->heading);
  for (size_t i = 0; i < sec->count; i++) {
    const report_undetermined *u = &sec->items.undetermined[i];
    if (t->explain) {
      fprintf(t->out, "  - %s", u->rule->name);
      if (u->rule->label[0] != '\0') fprintf(t->out, " — %s", u->rule->label);
      if (u->rule->has_step) fprintf(t->out, " (stap %ld)", u->rule->step);
    } else {
      fprintf(t->out, "  - %s", u->rule->label[0] != '\0' ? u->rule->label : u->rule->name);
    }
    fputc('\n', t->out);
    print_citation(t->out, u->rule->citation, "    ");
    print_waiting(t, u->waiting, u->waiting_count);
  }
  if (sec->count == 0) fputs("  (geen)\n", t->out);
}

/* The open questions, numbered, with what answering settles. */
static void print_questions(text_writer *t, const report_section *sec) {
  fprintf(t->out, "\n%s\n", sec->heading);
  for (size_t i = 0; i < sec->count; i++) {
    const report_question *q = &sec->items.questions[i];
    const char *question = q->fact->question;
    fprintf(t->out, "  %zu. ", i + 1);
    if (t->explain || question[0] == '\0') fputs(q->fact->name, t->out);
    if (question[0] != '\0') fprintf(t->out, t->explain ? ": %s" : "%s", question);
    fprintf(t->out, "\n     %s%s\n", q->effect, q->optional ? " (optioneel: achtergrond)" : "");
  }
  if (sec->count == 0) fputs("  (geen)\n", t->out);
}

/* "Signalen: " and the signals that hold. */
static void print_signals(text_writer *t, const report_section *sec) {
  fprintf(t->out, "\n%s: ", sec->heading);
  int any = 0;
  for (size_t i = 0; i < sec->count; i++) {
    if (sec->items.signals[i].value != SG_TRUE) continue;
    fprintf(t->out, "%s%s", any ? "; " : "", sec->items.signals[i].title);
    any = 1;
  }
  fputs(any ? "\n" : "(geen)\n", t->out);
}

/* With --explain, the assumptions the advice rests on, each once; without
 * it, one line counting them (nothing when there are none). */
static void print_assumptions(FILE *out, const report_section *sec, int explain) {
  if (sec->omitted) return;
  if (!explain) {
    if (sec->count > 0)
      fprintf(out, "\nDit advies rust op %zu %s van het regelboek; zie --explain.\n", sec->count,
              sec->count == 1 ? "aanname" : "aannames");
    return;
  }
  fprintf(out, "\n%s\n", sec->heading);
  for (size_t i = 0; i < sec->count; i++) print_assumption(out, sec->items.assumptions[i], "  ");
  if (sec->count == 0) fputs("  (geen)\n", out);
}

int render_text(FILE *out, const report_model *m) {
  fprintf(out, "%s\n", m->title);
  fprintf(out, "  versie:         %s\n", m->version);
  fprintf(out, "  geldig vanaf:   %s\n", m->effective);
  if (m->source[0] != '\0') fprintf(out, "  bron:           %s\n", m->source);
  fprintf(out, "  beoordeeld op:  %s\n", m->now);
  fprintf(out, "  beslisdatum:    %s%s\n", m->asof,
          m->asof_apart ? " (afspraken van die datum, --as-of)" : "");
  fprintf(out, "  regelboek:      sha256 %s\n", m->bytecode_hash);
  if (m->case_hash[0] != '\0') fprintf(out, "  casus:          sha256 %s\n", m->case_hash);
  /* With --explain, a predicate's reasons are shown once per report. */
  explain_seen seen = {NULL};
  text_writer t = {out, NULL, m->explain};
  if (m->explain) {
    if (explain_seen_init(&seen, m->pred_count) != 0) return CLI_EXIT_IO;
    t.seen = &seen;
  }
  for (size_t i = 0; i < REPORT_SECTION_COUNT; i++) {
    const report_section *sec = &m->sections[i];
    switch (sec->kind) {
    case REPORT_URGENT:
      if (!sec->omitted) print_actions(&t, sec);  /* a rulebook without urgent rules: none */
      break;
    case REPORT_RECOMMENDATIONS:
    case REPORT_ATTENTION: print_actions(&t, sec); break;
    case REPORT_CONTACTS:
      print_contacts(&t, sec);
      t.seen = NULL; /* the chains end with the contacts */
      break;
    case REPORT_UNDETERMINED: print_undetermined(&t, sec); break;
    case REPORT_QUESTIONS: print_questions(&t, sec); break;
    case REPORT_SIGNALS: print_signals(&t, sec); break;
    case REPORT_ASSUMPTIONS: print_assumptions(out, sec, m->explain); break;
    case REPORT_READING_LIST:
    case REPORT_SECTION_COUNT: break; /* not in the text report */
    }
  }
  explain_seen_free(&seen);
  return CLI_EXIT_OK;
}
