/* output_json.c — the report as one JSON object (--json, --report json),
 * built with jansson from the report model, keys in the model's order,
 * pretty-printed with a 2-space indent: {rulebook, now, recommendations,
 * attention, contacts, undetermined, open_questions, signals, reading_list,
 * assumptions}; a rulebook without assumptions has no `assumptions`, in the
 * report or in its items.
 */
#include "report_model.h"
#include "jsonput.h"
#include "value.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>


/* true, false, or null for unknown. */
static json_t *truth_value(sg_truth truth) {
  return truth == SG_UNKNOWN ? json_null() : json_boolean(truth == SG_TRUE);
}

/* {title, version, effective, source, source_sha256, bytecode_sha256} */
static json_t *rulebook_object(const report_model *m, int *failed) {
  json_t *o = json_object();
  put(o, "title", json_string(m->title), failed);
  put(o, "version", json_string(m->version), failed);
  put(o, "effective", json_string(m->effective), failed);
  put(o, "source", optional_string(m->source), failed);
  put(o, "source_sha256", json_string(m->source_hash), failed);
  put(o, "bytecode_sha256", json_string(m->bytecode_hash), failed);
  return o;
}

/* ---- explanations ------------------------------------------------------- */

static json_t *nodes_array(const explain_node *nodes, size_t count, int *failed);

/* {kind, name, label, citation, value, reasons} of a predicate; {kind,
 * name, question, value} of a fact (its value in its JSON type); {kind:
 * "now", name, value}. */
static json_t *node_object(const explain_node *node, int *failed) {
  json_t *o = json_object();
  if (node->kind == SG_REASON_NOW) {
    put(o, "kind", json_string("now"), failed);
    put(o, "name", json_string("now"), failed);
    put(o, "value", json_string(node->value != NULL ? node->value : ""), failed);
  } else if (node->kind == SG_REASON_FACT) {
    put(o, "kind", json_string("fact"), failed);
    put(o, "name", json_string(node->name), failed);
    put(o, "question", optional_string(node->question), failed);
    put(o, "value", value_json(&node->fact), failed);
  } else {
    put(o, "kind", json_string(node->signal ? "signal" : "condition"), failed);
    put(o, "name", json_string(node->name), failed);
    put(o, "label", optional_string(node->label), failed);
    put(o, "citation", optional_string(node->citation), failed);
    put(o, "value", truth_value(node->truth), failed);
    if (node->repeat) put(o, "see_above", json_true(), failed);
    if (node->cut) put(o, "truncated", json_true(), failed);
    put(o, "reasons", nodes_array(node->reasons, node->count, failed), failed);
  }
  return o;
}

/* [node…] of reasons. */
static json_t *nodes_array(const explain_node *nodes, size_t count, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) append(array, node_object(&nodes[i], failed), failed);
  return array;
}

/* {value, reasons} of a rule's `when` or `unless`. */
static json_t *part_object(const explain_part *part, int *failed) {
  json_t *o = json_object();
  put(o, "value", truth_value(part->truth), failed);
  put(o, "reasons", nodes_array(part->reasons, part->count, failed), failed);
  return o;
}

/* {rule, citation, when, unless}; unless is null for a rule without one. */
static json_t *explanation_object(const report_rule *rule, int *failed) {
  if (rule->why == NULL) return json_null();
  json_t *o = json_object();
  put(o, "rule", json_string(rule->name), failed);
  put(o, "citation", optional_string(rule->citation), failed);
  put(o, "when", part_object(&rule->why->when, failed), failed);
  put(o, "unless", rule->why->has_unless ? part_object(&rule->why->unless, failed) : json_null(),
      failed);
  return o;
}

/* ---- sections ----------------------------------------------------------- */

/* {owner_kind, owner, label, text} of an assumption. */
static json_t *assumption_object(const report_assumption *a, int *failed) {
  json_t *o = json_object();
  put(o, "owner_kind", json_string(a->kind_key), failed);
  put(o, "owner", json_string(a->owner), failed);
  put(o, "label", optional_string(a->label), failed);
  put(o, "text", json_string(a->text), failed);
  return o;
}

/* [assumption…] */
static json_t *assumptions_array(const report_assumption *const *list, size_t count,
                                 int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) append(array, assumption_object(list[i], failed), failed);
  return array;
}

/* {rule, label, step} of a rule, the start of every rule's object. */
static json_t *rule_head(const report_rule *rule, int *failed) {
  json_t *o = json_object();
  put(o, "rule", json_string(rule->name), failed);
  put(o, "label", optional_string(rule->label), failed);
  put(o, "step", rule->has_step ? json_integer(rule->step) : json_null(), failed);
  put(o, "actor", rule->actor != NULL ? json_string(rule->actor) : json_null(), failed);
  return o;
}

/* {rule, label, step, [text,] citation, unless_presumed, [assumptions,]
 * explanation} of a fired rule (unless_presumed: the unknown facts its
 * `unless established` exception rests on; assumptions: those it rests on,
 * when the rulebook has any); `text` (may be NULL) is its action's. */
static json_t *rule_object(const report_rule *rule, const char *text, int assumptions,
                           int *failed) {
  json_t *o = rule_head(rule, failed);
  if (text != NULL) put(o, "text", json_string(text), failed);
  put(o, "citation", optional_string(rule->citation), failed);
  json_t *presumed = json_array();
  for (size_t k = 0; k < rule->presumed_count; k++)
    append(presumed, json_string(rule->presumed[k]->name), failed);
  put(o, "unless_presumed", presumed, failed);
  if (assumptions)
    put(o, "assumptions", assumptions_array(rule->assumptions, rule->assumption_count, failed),
        failed);
  put(o, "explanation", explanation_object(rule, failed), failed);
  return o;
}

/* {field: value} of one table entry; a plain table's one field is "value". */
static json_t *entry_fields(const report_entry *entry, int *failed) {
  json_t *fields = json_object();
  for (size_t f = 0; f < entry->field_count; f++) {
    const report_field *field = &entry->fields[f];
    put(fields, field->name[0] != '\0' ? field->name : "value", json_string(field->value),
        failed);
  }
  return fields;
}

/* [{fact, question}] */
static json_t *waiting_array(const report_fact *const *facts, size_t count, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) {
    json_t *w = json_object();
    put(w, "fact", json_string(facts[i]->name), failed);
    put(w, "question", optional_string(facts[i]->question), failed);
    append(array, w, failed);
  }
  return array;
}

/* One item of a section as its JSON object; `assumptions`: the rulebook
 * has some, so the items of advice list theirs. */
static json_t *item_object(const report_section *sec, size_t i, int assumptions, int *failed) {
  json_t *o = NULL;
  switch (sec->kind) {
  case REPORT_URGENT:
  case REPORT_RECOMMENDATIONS:
  case REPORT_ATTENTION: {
    const report_action *a = &sec->items.actions[i];
    return rule_object(a->rule, a->text, assumptions, failed);
  }
  case REPORT_CONTACTS: { /* {table, key, fields, [checked,] [open_now, [opens,]]
                            [waiting_for,] rules, [assumptions]} */
    const report_contact *c = &sec->items.contacts[i];
    o = json_object();
    put(o, "table", json_string(c->table), failed);
    put(o, "key", c->entry != NULL ? json_string(c->entry->key) : json_null(), failed);
    put(o, "fields", c->entry != NULL ? entry_fields(c->entry, failed) : json_null(), failed);
    if (c->has_checked) put(o, "checked", json_string(c->checked), failed);
    if (c->hours.window != NULL) {  /* an entry with hours: open now, else when again */
      put(o, "open_now", json_boolean(c->hours.open_now), failed);
      if (c->hours.opens_known) put(o, "opens", json_string(c->hours.opens), failed);
    }
    if (c->entry == NULL)
      put(o, "waiting_for", waiting_array(c->waiting, c->waiting_count, failed), failed);
    json_t *rules = json_array();
    for (size_t k = 0; k < c->rule_count; k++)
      append(rules, rule_object(c->rules[k], NULL, assumptions, failed), failed);
    put(o, "rules", rules, failed);
    if (assumptions)
      put(o, "assumptions", assumptions_array(c->assumptions, c->assumption_count, failed), failed);
    return o;
  }
  case REPORT_UNDETERMINED: { /* {rule, label, step, citation, waiting_for} */
    const report_undetermined *u = &sec->items.undetermined[i];
    o = rule_head(u->rule, failed);
    put(o, "citation", optional_string(u->rule->citation), failed);
    put(o, "waiting_for", waiting_array(u->waiting, u->waiting_count, failed), failed);
    return o;
  }
  case REPORT_QUESTIONS: { /* {fact, question, waiting, settles_min, settles_max, presumed, changes, contacts, tried, optional} */
    const report_question *q = &sec->items.questions[i];
    o = json_object();
    put(o, "fact", json_string(q->fact->name), failed);
    put(o, "question", optional_string(q->fact->question), failed);
    put(o, "waiting", json_integer((json_int_t)q->waiting), failed);
    put(o, "settles_min", json_integer((json_int_t)q->settles_min), failed);
    put(o, "settles_max", json_integer((json_int_t)q->settles_max), failed);
    put(o, "presumed", json_integer((json_int_t)q->presumed), failed);
    put(o, "changes", json_integer((json_int_t)q->changes), failed);
    put(o, "contacts", json_integer((json_int_t)q->contacts), failed);
    put(o, "tried", json_boolean(q->tried), failed);
    put(o, "optional", json_boolean(q->optional), failed);
    return o;
  }
  case REPORT_SIGNALS: { /* {name, label, group, value} */
    const report_signal *sig = &sec->items.signals[i];
    o = json_object();
    put(o, "name", json_string(sig->name), failed);
    put(o, "label", optional_string(sig->label), failed);
    put(o, "group", optional_string(sig->group), failed);
    put(o, "value", truth_value(sig->value), failed);
    return o;
  }
  case REPORT_READING_LIST: { /* {key, fields} */
    o = json_object();
    put(o, "key", json_string(sec->items.entries[i].key), failed);
    put(o, "fields", entry_fields(&sec->items.entries[i], failed), failed);
    return o;
  }
  case REPORT_ASSUMPTIONS: return assumption_object(sec->items.assumptions[i], failed);
  case REPORT_SECTION_COUNT: break;
  }
  return o;
}

/* A section: the array of its items; the reading list {table, entries},
 * or null without one. */
static json_t *section_value(const report_model *m, const report_section *sec, int *failed) {
  json_t *array = json_array();
  int assumptions = !m->sections[REPORT_ASSUMPTIONS].omitted;
  for (size_t i = 0; i < sec->count; i++)
    append(array, item_object(sec, i, assumptions, failed), failed);
  if (sec->kind != REPORT_READING_LIST) return array;
  if (m->reading_table == NULL) {
    json_decref(array);
    return json_null();
  }
  json_t *o = json_object();
  put(o, "table", json_string(m->reading_table), failed);
  put(o, "entries", array, failed);
  return o;
}

json_t *session_facts_json(const case_session *s) {
  json_t *object = json_object();
  for (size_t slot = 0; object != NULL && slot < sg_fact_count(s->rb); slot++) {
    if (s->values[slot].type == 0) continue;
    json_t *value = value_json(&s->values[slot]);
    if (value == NULL || json_object_set_new(object, sg_fact_name(s->rb, slot), value) != 0) {
      json_decref(object);
      return NULL;
    }
  }
  return object;
}

char *report_json_text(const report_model *m) {
  int failed = 0;
  json_t *root = json_object();
  put(root, "rulebook", rulebook_object(m, &failed), &failed);
  put(root, "now", json_string(m->now), &failed);
  put(root, "as_of", json_string(m->asof), &failed);
  put(root, "case_sha256", m->case_hash[0] ? json_string(m->case_hash) : json_null(), &failed);
  if (m->facts != NULL) put(root, "facts", session_facts_json(m->facts), &failed);
  put(root, "role", m->role != NULL ? json_string(m->role) : json_null(), &failed);
  for (size_t i = 0; i < REPORT_SECTION_COUNT; i++)
    if (!m->sections[i].omitted)
      put(root, m->sections[i].key, section_value(m, &m->sections[i], &failed), &failed);
  char *text = failed ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (text == NULL) return NULL;
  size_t n = strlen(text);
  char *line = realloc(text, n + 2);
  if (line == NULL) {
    free(text);
    return NULL;
  }
  line[n] = '\n';
  line[n + 1] = '\0';
  return line;
}
