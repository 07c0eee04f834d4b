/* report_doc.c — the decision report's content, once for every document
 * format: metadata, Aanbevelingen, Aandachtspunten, Contacten (each item with
 * the assumptions it rests on), Open vragen, Onderbouwing (explanation
 * chains, undetermined rules), Aannames van het regelboek and Leeslijst.
 * Reads only the report model; the writer supplies the markup.
 */
#include "report_doc.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const doc_block item_block = {.kind = DOC_ITEM};

/* A span of plain text. */
static void plain(doc_writer *w, const char *text) {
  w->span(w, DOC_PLAIN, text);
}

/* Open an item. */
static void item_open(doc_writer *w) {
  w->open(w, &item_block);
}

/* Close an item. */
static void item_close(doc_writer *w) {
  w->close(w, &item_block);
}

/* A heading of `level`. */
static void heading(doc_writer *w, int level, const char *text) {
  doc_block b = {.kind = DOC_HEADING, .level = level, .text = text};
  w->open(w, &b);
}

/* Open a list; the block to close it with. */
static doc_block list_open(doc_writer *w, doc_list_kind kind, const char *role) {
  doc_block b = {.kind = DOC_LIST, .list = kind, .role = role};
  w->open(w, &b);
  return b;
}

/* Open a paragraph; the block to close it with. */
static doc_block paragraph_open(doc_writer *w, const char *role) {
  doc_block b = {.kind = DOC_PARAGRAPH, .role = role};
  w->open(w, &b);
  return b;
}

/* "(geen)" for an empty section. */
static void none(doc_writer *w) {
  doc_block p = paragraph_open(w, "none");
  w->span(w, DOC_NOTE, "(geen)");
  w->close(w, &p);
}

/* How a section's items are written in the document. */
typedef struct {
  int level;               /* of the heading */
  doc_list_kind list;
  const char *role;
  void (*item)(doc_writer *w, const report_section *sec, size_t i);
  /* The heading item i stands under within the section (who does the
   * advice), or NULL: no such headings. */
  const char *(*group)(const report_section *sec, size_t i);
} doc_section;

/* A section's heading, then its items as a list, or "(geen)"; with groups
 * (who does the advice), a list under a heading of its own per group. */
static void write_section(doc_writer *w, const report_section *sec, const doc_section *how) {
  heading(w, how->level, sec->heading);
  if (sec->count == 0) {
    none(w);
    return;
  }
  doc_block list = {0};
  int open = 0;
  for (size_t i = 0; i < sec->count; i++) {
    const char *group = how->group != NULL ? how->group(sec, i) : NULL;
    if (group != NULL && (i == 0 || strcmp(how->group(sec, i - 1), group) != 0)) {
      if (open) w->close(w, &list);
      heading(w, how->level + 1, group);
      open = 0;
    }
    if (!open) list = list_open(w, how->list, how->role);
    open = 1;
    item_open(w);
    how->item(w, sec, i);
    item_close(w);
  }
  w->close(w, &list);
}

/* "LABEL (stap N)" of a rule, or its name without a label. */
static void rule_title(doc_writer *w, const report_rule *rule, doc_style style) {
  char text[600];
  int len = snprintf(text, sizeof text, "%s", rule->label[0] != '\0' ? rule->label : rule->name);
  if (rule->has_step && len >= 0 && (size_t)len < sizeof text)
    snprintf(text + len, sizeof text - (size_t)len, " (stap %ld)", rule->step);
  w->span(w, style, text);
}

/* "regel `name` — LABEL (stap N)" (without the label: "regel `name`"),
 * then the citation on its own line. */
static void rule_reference(doc_writer *w, const report_rule *rule, int with_label) {
  plain(w, "regel ");
  w->span(w, DOC_CODE, rule->name);
  if (with_label) {
    plain(w, " — ");
    rule_title(w, rule, DOC_PLAIN);
  }
  if (rule->citation[0] != '\0') {
    w->line_break(w);
    plain(w, "bron: ");
    w->span(w, DOC_CITE, rule->citation);
  }
  for (size_t k = 0; k < rule->presumed_count; k++) {  /* an exception not known yet */
    const report_fact *fact = rule->presumed[k];
    w->line_break(w);
    plain(w, "geldt tenzij: ");
    w->span(w, DOC_NOTE, fact->question[0] != '\0' ? fact->question : fact->name);
    plain(w, " (");
    w->span(w, DOC_CODE, fact->name);
    plain(w, ") Daarover is nu niets bekend.");
  }
}

/* "**Name:** value" as an item of the metadata. */
static void meta_item(doc_writer *w, const char *name, const char *value, doc_style style) {
  item_open(w);
  w->span(w, DOC_STRONG, name);
  plain(w, " ");
  w->span(w, style, value);
  item_close(w);
}

/* "Beslisrapport" and the rulebook's metadata. */
static void write_meta(doc_writer *w, const report_model *m) {
  heading(w, 1, "Beslisrapport");
  doc_block list = list_open(w, DOC_BULLETS, "meta");
  meta_item(w, "Regelboek:", m->title, DOC_PLAIN);
  meta_item(w, "Versie:", m->version, DOC_PLAIN);
  meta_item(w, "Geldig vanaf:", m->effective, DOC_PLAIN);
  if (m->source[0] != '\0') meta_item(w, "Bron:", m->source, DOC_CITE);
  meta_item(w, "Beoordeeld op:", m->now, DOC_PLAIN);
  meta_item(w, "Beslisdatum:", m->asof, DOC_PLAIN);
  meta_item(w, "Bytecode (SHA-256):", m->bytecode_hash, DOC_CODE);
  meta_item(w, "Bronbestanden (SHA-256):", m->source_hash, DOC_CODE);
  if (m->case_hash[0] != '\0') meta_item(w, "Casus (SHA-256):", m->case_hash, DOC_CODE);
  w->close(w, &list);
}

/* An assumption: "tijdvenster `kantoortijden`: text". */
static void write_assumption(doc_writer *w, const report_assumption *a) {
  plain(w, a->kind);
  plain(w, " ");
  w->span(w, DOC_CODE, a->owner);
  plain(w, ": ");
  plain(w, a->text);
}

/* "berust op de aannames:" and the list of them, when there are any. */
static void item_assumptions(doc_writer *w, const report_assumption *const *list, size_t count) {
  if (count == 0) return;
  w->line_break(w);
  plain(w, count == 1 ? "berust op de aanname:" : "berust op de aannames:");
  doc_block block = list_open(w, DOC_BULLETS, "assumptions");
  for (size_t i = 0; i < count; i++) {
    item_open(w);
    write_assumption(w, list[i]);
    item_close(w);
  }
  w->close(w, &block);
}

/* A recommendation or attention point: the advice, then its rule and the
 * assumptions it rests on. */
static void action_item(doc_writer *w, const report_section *sec, size_t i) {
  const report_rule *rule = sec->items.actions[i].rule;
  w->span(w, DOC_STRONG, sec->items.actions[i].text);
  w->line_break(w);
  rule_reference(w, rule, 1);
  item_assumptions(w, rule->assumptions, rule->assumption_count);
}

/* Who does an advice: its rule's actor heading (NULL: no actors). */
static const char *action_group(const report_section *sec, size_t i) {
  return sec->items.actions[i].rule->actor_heading;
}

/* Each fact on its own item: `name` — question. */
static void write_facts(doc_writer *w, const report_fact *const *facts, size_t count) {
  doc_block list = list_open(w, DOC_BULLETS, "facts");
  for (size_t i = 0; i < count; i++) {
    item_open(w);
    w->span(w, DOC_CODE, facts[i]->name);
    if (facts[i]->question[0] != '\0') {
      plain(w, " — ");
      plain(w, facts[i]->question);
    }
    item_close(w);
  }
  if (count == 0) {
    item_open(w);
    w->span(w, DOC_NOTE, "(onbekend)");
    item_close(w);
  }
  w->close(w, &list);
}

/* A table entry: the first field strong, the others "field: value". */
static void write_entry(doc_writer *w, const report_entry *entry) {
  for (size_t f = 0; f < entry->field_count; f++) {
    const report_field *field = &entry->fields[f];
    if (f == 0) {
      w->span(w, DOC_STRONG, field->value);
      continue;
    }
    w->line_break(w);
    if (field->name[0] != '\0') {
      plain(w, field->name);
      plain(w, ": ");
    }
    plain(w, field->value);
  }
}

/* A contact: the entry and whether it can be reached now (when it has
 * hours), or what its key waits for; the rules calling for it. */
static void contact_item(doc_writer *w, const report_section *sec, size_t i) {
  const report_contact *c = &sec->items.contacts[i];
  if (c->entry != NULL) {
    write_entry(w, c->entry);
    if (c->hours.window != NULL) {  /* whether it can be reached now, else when again */
      w->line_break(w);
      w->span(w, DOC_STRONG, c->hours.text);
    }
  } else {
    w->span(w, DOC_STRONG, c->table);
    plain(w, ": nog niet te bepalen");
    w->line_break(w);
    if (c->waiting_count > 0) {
      plain(w, "wacht op:");
      write_facts(w, c->waiting, c->waiting_count);
    } else {
      plain(w, "de sleutel van het contact staat niet in de tabel");
    }
  }
  w->line_break(w);
  plain(w, c->rule_count == 1 ? "gevraagd door:" : "gevraagd door de regels:");
  doc_block rules = list_open(w, DOC_BULLETS, "rules");
  for (size_t k = 0; k < c->rule_count; k++) {
    item_open(w);
    rule_reference(w, c->rules[k], 1);
    item_close(w);
  }
  w->close(w, &rules);
  item_assumptions(w, c->assumptions, c->assumption_count);
}

/* An open question, with what answering it settles. */
static void question_item(doc_writer *w, const report_section *sec, size_t i) {
  const report_question *q = &sec->items.questions[i];
  w->span(w, DOC_STRONG, q->fact->question[0] != '\0' ? q->fact->question : q->fact->name);
  w->line_break(w);
  w->span(w, DOC_CODE, q->fact->name);
  plain(w, " — ");
  plain(w, q->effect);
  if (q->optional) plain(w, " (optioneel: achtergrond)");
}

/* An undetermined rule and the facts it waits for. */
static void undetermined_item(doc_writer *w, const report_section *sec, size_t i) {
  const report_undetermined *u = &sec->items.undetermined[i];
  rule_title(w, u->rule, DOC_STRONG);
  w->line_break(w);
  rule_reference(w, u->rule, 0);
  w->line_break(w);
  plain(w, "wacht op:");
  write_facts(w, u->waiting, u->waiting_count);
}

/* One assumption the advice rests on. */
static void assumption_item(doc_writer *w, const report_section *sec, size_t i) {
  write_assumption(w, sec->items.assumptions[i]);
}

/* A title of the reading list. */
static void reading_item(doc_writer *w, const report_section *sec, size_t i) {
  write_entry(w, &sec->items.entries[i]);
}

/* ---- the explanation chains ------------------------------------------------ */

/* A chain being written: the writer, and which predicates it has shown. */
typedef struct {
  doc_writer *w;
  explain_seen seen;
} chain_writer;

/* A fact's reason: "`name = value` — question". */
static void chain_fact(doc_writer *w, const explain_node *node) {
  const char *value = node->value != NULL ? node->value : "onbekend";
  size_t len = strlen(node->name) + strlen(value) + 4;
  char *text = malloc(len);
  if (text == NULL) {
    w->failed = 1;
    return;
  }
  snprintf(text, len, "%s = %s", node->name, value);
  w->span(w, DOC_CODE, text);
  free(text);
  if (node->question[0] != '\0') {
    plain(w, " — ");
    plain(w, node->question);
  }
}

/* A part: "**waarom:**" and the list of its reasons; a reason: its item,
 * and the list of its own reasons when they are shown here. */
static int chain_enter(void *userdata, const explain_step *step) {
  chain_writer *c = userdata;
  doc_writer *w = c->w;
  const explain_node *node = step->node;
  item_open(w);
  if (node == NULL) {
    char text[64];
    snprintf(text, sizeof text, "%s:", explain_part_heading(step->part, step->truth));
    w->span(w, DOC_STRONG, text);
    list_open(w, DOC_BULLETS, "chain");
    return 1;
  }
  if (node->kind == SG_REASON_NOW) {
    plain(w, "moment van beoordeling = ");
    w->span(w, DOC_CODE, node->value != NULL ? node->value : "");
    return 0;
  }
  if (node->kind == SG_REASON_FACT) {
    chain_fact(w, node);
    return 0;
  }
  int repeat = 0, walk = explain_seen_first(&c->seen, node, &repeat);
  plain(w, node->signal ? "signaal" : "voorwaarde");
  plain(w, " ");
  plain(w, node->title);
  plain(w, ": ");
  w->span(w, DOC_STRONG, report_truth_word(node->truth));
  if (node->citation[0] != '\0') {
    plain(w, " — ");
    w->span(w, DOC_CITE, node->citation);
  }
  if (repeat) w->span(w, DOC_NOTE, " (zie boven)");
  if (node->cut) w->span(w, DOC_NOTE, " (verder ingekort)");
  if (walk && node->count > 0) list_open(w, DOC_BULLETS, "chain");
  return walk;
}

/* The end of a part or a reason: its list (when open), its item. */
static void chain_leave(void *userdata, const explain_step *step) {
  chain_writer *c = userdata;
  static const doc_block chain_list = {.kind = DOC_LIST, .list = DOC_BULLETS, .role = "chain"};
  if (step->node == NULL || step->walked) c->w->close(c->w, &chain_list);
  item_close(c->w);
}

/* "Onderbouwing" and why each fired rule fired; the undetermined rules follow. */
static void write_reasoning(doc_writer *w, const report_model *m) {
  heading(w, 2, "Onderbouwing");
  heading(w, 3, "Waarom deze uitkomsten");
  int any = 0;
  chain_writer c = {w, {NULL}};
  if (explain_seen_init(&c.seen, m->pred_count) != 0) {
    w->failed = 1;
    return;
  }
  explain_visitor v = {chain_enter, chain_leave};
  for (size_t r = 0; r < m->rule_count; r++) {
    const report_rule *rule = &m->rules[r];
    if (rule->why == NULL) continue;
    doc_block p = paragraph_open(w, "rule");
    rule_title(w, rule, DOC_STRONG);
    w->line_break(w);
    rule_reference(w, rule, 0);
    w->close(w, &p);
    doc_block list = list_open(w, DOC_BULLETS, "chain");
    explain_walk(rule->why, &v, &c);
    w->close(w, &list);
    any = 1;
  }
  explain_seen_free(&c.seen);
  if (!any) none(w);
}

/* The last line: who made the report, when, from which rulebook. */
static void write_colophon(doc_writer *w, const report_model *m) {
  char text[300];
  snprintf(text, sizeof text,
           "Opgesteld door Signaal " SG_VERSION " op %s met regelboek versie %s, bytecode sha256",
           m->now, m->version);
  doc_block p = paragraph_open(w, "colophon");
  w->span(w, DOC_NOTE, text);
  plain(w, " ");
  w->span(w, DOC_CODE, m->bytecode_hash);
  w->close(w, &p);
}

int report_doc_write(doc_writer *w, const report_model *m) {
  /* The document's sections in its order; the undetermined rules go under
   * "Onderbouwing", the signals only into the chains. */
  static const struct {
    report_section_kind kind;
    doc_section how;
  } order[] = {
    {REPORT_URGENT, {2, DOC_BULLETS, "items", action_item, action_group}},
    {REPORT_RECOMMENDATIONS, {2, DOC_BULLETS, "items", action_item, action_group}},
    {REPORT_ATTENTION, {2, DOC_BULLETS, "items", action_item, action_group}},
    {REPORT_CONTACTS, {2, DOC_BULLETS, "items", contact_item, NULL}},
    {REPORT_QUESTIONS, {2, DOC_NUMBERED, "questions", question_item, NULL}},
    {REPORT_UNDETERMINED, {3, DOC_BULLETS, "items", undetermined_item, NULL}},
    {REPORT_ASSUMPTIONS, {2, DOC_BULLETS, "items", assumption_item, NULL}},
    {REPORT_READING_LIST, {2, DOC_BULLETS, "reading", reading_item, NULL}},
  };
  doc_block document = {.kind = DOC_DOCUMENT, .model = m};
  w->open(w, &document);
  write_meta(w, m);
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    if (order[i].kind == REPORT_UNDETERMINED) write_reasoning(w, m);
    if (!m->sections[order[i].kind].omitted)
      write_section(w, &m->sections[order[i].kind], &order[i].how);
  }
  write_colophon(w, m);
  w->close(w, &document);
  return w->failed ? CLI_EXIT_IO : CLI_EXIT_OK;
}
