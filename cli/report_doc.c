/* report_doc.c — the decision report's content, once for every document
 * format: metadata, Aanbevelingen, Aandachtspunten, Contacten, Open vragen,
 * Onderbouwing (explanation chains, undetermined rules) and Leeslijst.
 */
#include "report_doc.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void plain(doc_writer *w, const char *text) {
  w->span(w, DOC_PLAIN, text);
}

/* "(geen)" for an empty section. */
static void none(doc_writer *w) {
  w->paragraph_begin(w, "none");
  w->span(w, DOC_NOTE, "(geen)");
  w->paragraph_end(w);
}

/* A section's heading, then "(geen)" when it has no items (returns 0), or
 * the start of its list (returns 1; the caller ends it). */
static int section_begin(doc_writer *w, int level, const char *heading, size_t count,
                         doc_list_kind kind, const char *role) {
  w->heading(w, level, heading);
  if (count == 0) {
    none(w);
    return 0;
  }
  w->list_begin(w, kind, role);
  return 1;
}

/* "LABEL (stap N)" of a rule, or its name without a label. */
static void rule_title(doc_writer *w, const sg_rulebook *rb, size_t rule, doc_style style) {
  const char *label = report_str(sg_rule_label(rb, rule));
  char text[600];
  int len = snprintf(text, sizeof text, "%s", label[0] != '\0' ? label : report_str(sg_rule_name(rb, rule)));
  if (sg_rule_has_step(rb, rule) && len >= 0 && (size_t)len < sizeof text)
    snprintf(text + len, sizeof text - (size_t)len, " (stap %ld)", (long)sg_rule_step(rb, rule));
  w->span(w, style, text);
}

/* "regel `name` — LABEL (stap N)" (without the label: "regel `name`"),
 * then the citation on its own line. */
static void rule_reference(doc_writer *w, const sg_rulebook *rb, size_t rule, int with_label) {
  plain(w, "regel ");
  w->span(w, DOC_CODE, report_str(sg_rule_name(rb, rule)));
  if (with_label) {
    plain(w, " — ");
    rule_title(w, rb, rule, DOC_PLAIN);
  }
  const char *citation = report_str(sg_rule_citation(rb, rule));
  if (citation[0] == '\0') return;
  w->line_break(w);
  plain(w, "bron: ");
  w->span(w, DOC_CITE, citation);
}

static void meta_item(doc_writer *w, const char *name, const char *value, doc_style style) {
  w->item_begin(w);
  w->span(w, DOC_STRONG, name);
  plain(w, " ");
  w->span(w, style, value);
  w->item_end(w);
}

static void write_meta(doc_writer *w, const report_model *m) {
  const sg_rulebook *rb = m->rb;
  w->heading(w, 1, "Beslisrapport");
  w->list_begin(w, DOC_BULLETS, "meta");
  meta_item(w, "Regelboek:", report_str(sg_rulebook_title(rb)), DOC_PLAIN);
  meta_item(w, "Versie:", report_str(sg_rulebook_version(rb)), DOC_PLAIN);
  meta_item(w, "Geldig vanaf:", m->effective, DOC_PLAIN);
  const char *source = report_str(sg_rulebook_source(rb));
  if (source[0] != '\0') meta_item(w, "Bron:", source, DOC_CITE);
  meta_item(w, "Beoordeeld op:", m->now_text, DOC_PLAIN);
  meta_item(w, "Bytecode (SHA-256):", m->bytecode_hash, DOC_CODE);
  meta_item(w, "Bronbestanden (SHA-256):", m->source_hash, DOC_CODE);
  w->list_end(w);
}

static void write_actions(doc_writer *w, const report_model *m, const report_action *items,
                          size_t count, const char *heading) {
  if (!section_begin(w, 2, heading, count, DOC_BULLETS, "items")) return;
  for (size_t i = 0; i < count; i++) {
    w->item_begin(w);
    w->span(w, DOC_STRONG, report_str(sg_rule_action_text(m->rb, items[i].rule, items[i].action)));
    w->line_break(w);
    rule_reference(w, m->rb, items[i].rule, 1);
    w->item_end(w);
  }
  w->list_end(w);
}

/* Each fact on its own item: `name` — question. */
static void write_facts(doc_writer *w, const sg_rulebook *rb, const size_t *slots, size_t count) {
  w->list_begin(w, DOC_BULLETS, "facts");
  for (size_t i = 0; i < count; i++) {
    const char *question = report_str(sg_fact_question(rb, slots[i]));
    w->item_begin(w);
    w->span(w, DOC_CODE, report_str(sg_fact_name(rb, slots[i])));
    if (question[0] != '\0') {
      plain(w, " — ");
      plain(w, question);
    }
    w->item_end(w);
  }
  if (count == 0) {
    w->item_begin(w);
    w->span(w, DOC_NOTE, "(onbekend)");
    w->item_end(w);
  }
  w->list_end(w);
}

/* A table entry: the first field strong, the others "field: value". */
static void write_entry(doc_writer *w, const sg_rulebook *rb, size_t table, size_t entry) {
  for (size_t f = 0; f < sg_table_field_count(rb, table); f++) {
    const char *field = report_str(sg_table_field(rb, table, f));
    const char *value = report_str(sg_table_value(rb, table, entry, f));
    if (f == 0) {
      w->span(w, DOC_STRONG, value);
      continue;
    }
    w->line_break(w);
    if (field[0] != '\0') {
      plain(w, field);
      plain(w, ": ");
    }
    plain(w, value);
  }
}

static void write_contacts(doc_writer *w, const report_model *m) {
  const sg_rulebook *rb = m->rb;
  if (!section_begin(w, 2, "Contacten", m->contact_count, DOC_BULLETS, "items")) return;
  for (size_t i = 0; i < m->contact_count; i++) {
    const report_contact *c = &m->contacts[i];
    w->item_begin(w);
    if (c->entry >= 0) {
      write_entry(w, rb, (size_t)c->table, (size_t)c->entry);
    } else {
      w->span(w, DOC_STRONG, c->table_name);
      plain(w, ": nog niet te bepalen");
      w->line_break(w);
      if (c->waiting_count > 0) {
        plain(w, "wacht op:");
        write_facts(w, rb, c->waiting, c->waiting_count);
      } else {
        plain(w, "de sleutel van het contact staat niet in de tabel");
      }
    }
    w->line_break(w);
    plain(w, c->rule_count == 1 ? "gevraagd door:" : "gevraagd door de regels:");
    w->list_begin(w, DOC_BULLETS, "rules");
    for (size_t k = 0; k < c->rule_count; k++) {
      w->item_begin(w);
      rule_reference(w, rb, c->rules[k], 1);
      w->item_end(w);
    }
    w->list_end(w);
    w->item_end(w);
  }
  w->list_end(w);
}

static void write_questions(doc_writer *w, const report_model *m) {
  if (!section_begin(w, 2, "Open vragen", m->question_count, DOC_NUMBERED, "questions")) return;
  for (size_t i = 0; i < m->question_count; i++) {
    const sg_question *q = &m->questions[i];
    const char *question = report_str(sg_fact_question(m->rb, q->slot));
    char effect[160];
    report_question_effect(q, effect, sizeof effect);
    w->item_begin(w);
    w->span(w, DOC_STRONG, question[0] != '\0' ? question : report_str(sg_fact_name(m->rb, q->slot)));
    w->line_break(w);
    w->span(w, DOC_CODE, report_str(sg_fact_name(m->rb, q->slot)));
    plain(w, " — ");
    plain(w, effect);
    w->item_end(w);
  }
  w->list_end(w);
}

/* ---- the explanation chains ------------------------------------------------ */

typedef struct {
  doc_writer *w;
  const sg_rulebook *rb;
  explain_seen seen;
} chain_writer;

static void chain_part_begin(void *userdata, unsigned part, sg_truth truth) {
  chain_writer *c = userdata;
  char heading[64];
  snprintf(heading, sizeof heading, "%s:", explain_part_heading(part, truth));
  c->w->item_begin(c->w);
  c->w->span(c->w, DOC_STRONG, heading);
  c->w->list_begin(c->w, DOC_BULLETS, "chain");
}

static void chain_part_end(void *userdata, unsigned part) {
  chain_writer *c = userdata;
  (void)part;
  c->w->list_end(c->w);
  c->w->item_end(c->w);
}

static int chain_node(void *userdata, const explain_node *node, size_t depth) {
  chain_writer *c = userdata;
  doc_writer *w = c->w;
  int walk = 0, repeat = 0;
  (void)depth;
  w->item_begin(w);
  if (node->kind == SG_REASON_NOW) {
    plain(w, "moment van beoordeling = ");
    w->span(w, DOC_CODE, report_str(node->value));
  } else if (node->kind == SG_REASON_FACT) {
    const char *name = report_str(sg_fact_name(c->rb, node->index));
    const char *value = node->value != NULL ? node->value : "onbekend";
    size_t len = strlen(name) + strlen(value) + 4;
    char *text = malloc(len);
    if (text != NULL) {
      snprintf(text, len, "%s = %s", name, value);
      w->span(w, DOC_CODE, text);
      free(text);
    }
    const char *question = report_str(sg_fact_question(c->rb, node->index));
    if (question[0] != '\0') {
      plain(w, " — ");
      plain(w, question);
    }
  } else {
    const char *citation = report_str(sg_pred_citation(c->rb, node->index));
    walk = explain_seen_first(&c->seen, node, &repeat);
    plain(w, report_pred_kind_word(c->rb, node->index));
    plain(w, " ");
    plain(w, report_pred_title(c->rb, node->index));
    plain(w, ": ");
    w->span(w, DOC_STRONG, report_truth_word(node->truth));
    if (citation[0] != '\0') {
      plain(w, " — ");
      w->span(w, DOC_CITE, citation);
    }
    if (repeat) w->span(w, DOC_NOTE, " (zie boven)");
    if (node->cut) w->span(w, DOC_NOTE, " (verder ingekort)");
  }
  if (walk && node->count > 0) w->list_begin(w, DOC_BULLETS, "chain");
  return walk;
}

static void chain_node_end(void *userdata, const explain_node *node, size_t depth, int walked) {
  chain_writer *c = userdata;
  (void)node;
  (void)depth;
  if (walked) c->w->list_end(c->w);
  c->w->item_end(c->w);
}

static void write_reasoning(doc_writer *w, const report_model *m) {
  const sg_rulebook *rb = m->rb;
  w->heading(w, 2, "Onderbouwing");
  w->heading(w, 3, "Waarom deze uitkomsten");
  int any = 0;
  chain_writer c = {w, rb, {NULL}};
  explain_seen_init(&c.seen, sg_pred_count(rb));
  explain_visitor v = {chain_part_begin, chain_part_end, chain_node, chain_node_end};
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    const explain_rule *why = report_model_why(m, r);
    if (why == NULL) continue;
    w->paragraph_begin(w, "rule");
    rule_title(w, rb, r, DOC_STRONG);
    w->line_break(w);
    rule_reference(w, rb, r, 0);
    w->paragraph_end(w);
    w->list_begin(w, DOC_BULLETS, "chain");
    explain_walk(why, &v, &c);
    w->list_end(w);
    any = 1;
  }
  explain_seen_free(&c.seen);
  if (!any) none(w);
  if (!section_begin(w, 3, "Onbeslist", m->undetermined_count, DOC_BULLETS, "items")) return;
  for (size_t i = 0; i < m->undetermined_count; i++) {
    const report_undetermined *u = &m->undetermined[i];
    w->item_begin(w);
    rule_title(w, rb, u->rule, DOC_STRONG);
    w->line_break(w);
    rule_reference(w, rb, u->rule, 0);
    w->line_break(w);
    plain(w, "wacht op:");
    write_facts(w, rb, u->waiting, u->waiting_count);
    w->item_end(w);
  }
  w->list_end(w);
}

static void write_reading_list(doc_writer *w, const report_model *m) {
  size_t entries = m->reading_list >= 0 ? sg_table_entry_count(m->rb, (size_t)m->reading_list) : 0;
  if (!section_begin(w, 2, "Leeslijst", entries, DOC_BULLETS, "reading")) return;
  for (size_t e = 0; e < entries; e++) {
    w->item_begin(w);
    write_entry(w, m->rb, (size_t)m->reading_list, e);
    w->item_end(w);
  }
  w->list_end(w);
}

static void write_colophon(doc_writer *w, const report_model *m) {
  char text[300];
  snprintf(text, sizeof text,
           "Opgesteld door Signaal " SG_VERSION " op %s met regelboek versie %s, bytecode sha256",
           m->now_text, report_str(sg_rulebook_version(m->rb)));
  w->paragraph_begin(w, "colophon");
  w->span(w, DOC_NOTE, text);
  plain(w, " ");
  w->span(w, DOC_CODE, m->bytecode_hash);
  w->paragraph_end(w);
}

int report_doc_write(doc_writer *w, const report_model *m) {
  w->begin(w, m);
  write_meta(w, m);
  write_actions(w, m, m->recommendations, m->recommendation_count, "Aanbevelingen");
  write_actions(w, m, m->attention, m->attention_count, "Aandachtspunten");
  write_contacts(w, m);
  write_questions(w, m);
  write_reasoning(w, m);
  write_reading_list(w, m);
  write_colophon(w, m);
  w->end(w, m);
  return CLI_EXIT_OK;
}
