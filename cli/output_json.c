/* output_json.c — the report as one JSON object (--json, --report json),
 * built with jansson from the report model, keys in a fixed order,
 * pretty-printed with a 2-space indent: {rulebook, now, recommendations,
 * attention, contacts, undetermined, open_questions, signals, reading_list}.
 */
#include "report_model.h"
#include "cli.h"
#include "value.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* jansson's setters steal the new reference; a NULL value (out of memory)
 * makes them fail, which we count in `*failed`. */
static void put(json_t *object, const char *key, json_t *value, int *failed) {
  if (object == NULL || value == NULL || json_object_set_new(object, key, value) != 0) {
    *failed = 1;
    if (object == NULL) json_decref(value);
  }
}

static void append(json_t *array, json_t *value, int *failed) {
  if (array == NULL || value == NULL || json_array_append_new(array, value) != 0) {
    *failed = 1;
    if (array == NULL) json_decref(value);
  }
}

/* A string, or null for NULL / "" (an absent optional text). */
static json_t *optional_string(const char *text) {
  return text != NULL && text[0] != '\0' ? json_string(text) : json_null();
}

static json_t *truth_value(sg_truth truth) {
  return truth == SG_UNKNOWN ? json_null() : json_boolean(truth == SG_TRUE);
}

static json_t *rulebook_object(const report_model *m, int *failed) {
  const sg_rulebook *rb = m->rb;
  json_t *o = json_object();
  put(o, "title", json_string(report_str(sg_rulebook_title(rb))), failed);
  put(o, "version", json_string(report_str(sg_rulebook_version(rb))), failed);
  put(o, "effective", json_string(m->effective), failed);
  put(o, "source", optional_string(sg_rulebook_source(rb)), failed);
  put(o, "source_sha256", json_string(m->source_hash), failed);
  put(o, "bytecode_sha256", json_string(m->bytecode_hash), failed);
  return o;
}

static json_t *step_value(const sg_rulebook *rb, size_t rule) {
  return sg_rule_has_step(rb, rule) ? json_integer(sg_rule_step(rb, rule)) : json_null();
}

/* ---- explanations ------------------------------------------------------- */

static json_t *nodes_array(const sg_rulebook *rb, const explain_node *nodes, size_t count,
                           int *failed);

/* {kind, name, label, citation, value, reasons} of a predicate; {kind,
 * name, question, value} of a fact; {kind: "now", name, value}. */
static json_t *node_object(const sg_rulebook *rb, const explain_node *node, int *failed) {
  json_t *o = json_object();
  if (node->kind == SG_REASON_NOW) {
    put(o, "kind", json_string("now"), failed);
    put(o, "name", json_string("now"), failed);
    put(o, "value", json_string(report_str(node->value)), failed);
  } else if (node->kind == SG_REASON_FACT) {
    put(o, "kind", json_string("fact"), failed);
    put(o, "name", json_string(report_str(sg_fact_name(rb, node->index))), failed);
    put(o, "question", optional_string(sg_fact_question(rb, node->index)), failed);
    put(o, "value", value_json(&node->fact), failed);
  } else {
    int signal = sg_pred_kind_of(rb, node->index) == SG_SIGNAL;
    put(o, "kind", json_string(signal ? "signal" : "condition"), failed);
    put(o, "name", json_string(report_str(sg_pred_name(rb, node->index))), failed);
    put(o, "label", optional_string(sg_pred_label(rb, node->index)), failed);
    put(o, "citation", optional_string(sg_pred_citation(rb, node->index)), failed);
    put(o, "value", truth_value(node->truth), failed);
    if (node->repeat) put(o, "see_above", json_true(), failed);
    if (node->cut) put(o, "truncated", json_true(), failed);
    put(o, "reasons", nodes_array(rb, node->reasons, node->count, failed), failed);
  }
  return o;
}

static json_t *nodes_array(const sg_rulebook *rb, const explain_node *nodes, size_t count,
                           int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) append(array, node_object(rb, &nodes[i], failed), failed);
  return array;
}

static json_t *part_object(const sg_rulebook *rb, const explain_part *part, int *failed) {
  json_t *o = json_object();
  put(o, "value", truth_value(part->truth), failed);
  put(o, "reasons", nodes_array(rb, part->reasons, part->count, failed), failed);
  return o;
}

/* {rule, citation, when, unless}; unless is null for a rule without one. */
static json_t *explanation_object(const report_model *m, size_t rule, int *failed) {
  const explain_rule *why = report_model_why(m, rule);
  if (why == NULL) return json_null();
  json_t *o = json_object();
  put(o, "rule", json_string(report_str(sg_rule_name(m->rb, rule))), failed);
  put(o, "citation", optional_string(sg_rule_citation(m->rb, rule)), failed);
  put(o, "when", part_object(m->rb, &why->when, failed), failed);
  put(o, "unless", why->has_unless ? part_object(m->rb, &why->unless, failed) : json_null(),
      failed);
  return o;
}

/* ---- sections ----------------------------------------------------------- */

/* {rule, label, step, citation, explanation} of a fired rule; `text` (may
 * be NULL) after the step. */
static json_t *rule_object(const report_model *m, size_t rule, const char *text, int *failed) {
  json_t *o = json_object();
  put(o, "rule", json_string(report_str(sg_rule_name(m->rb, rule))), failed);
  put(o, "label", optional_string(sg_rule_label(m->rb, rule)), failed);
  put(o, "step", step_value(m->rb, rule), failed);
  if (text != NULL) put(o, "text", json_string(text), failed);
  put(o, "citation", optional_string(sg_rule_citation(m->rb, rule)), failed);
  put(o, "explanation", explanation_object(m, rule, failed), failed);
  return o;
}

static json_t *actions_array(const report_model *m, const report_action *items, size_t count,
                             int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) {
    const char *text = report_str(sg_rule_action_text(m->rb, items[i].rule, items[i].action));
    append(array, rule_object(m, items[i].rule, text, failed), failed);
  }
  return array;
}

/* {field: value} of one table entry; a plain table's one field is "value". */
static json_t *entry_fields(const sg_rulebook *rb, size_t table, size_t entry, int *failed) {
  json_t *fields = json_object();
  for (size_t f = 0; f < sg_table_field_count(rb, table); f++) {
    const char *field = report_str(sg_table_field(rb, table, f));
    put(fields, field[0] != '\0' ? field : "value",
        json_string(report_str(sg_table_value(rb, table, entry, f))), failed);
  }
  return fields;
}

/* [{fact, question}] */
static json_t *waiting_array(const sg_rulebook *rb, const size_t *slots, size_t count,
                             int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < count; i++) {
    json_t *w = json_object();
    put(w, "fact", json_string(report_str(sg_fact_name(rb, slots[i]))), failed);
    put(w, "question", optional_string(sg_fact_question(rb, slots[i])), failed);
    append(array, w, failed);
  }
  return array;
}

/* [{table, key, fields, waiting_for, rules: [{rule, …, explanation}]}] */
static json_t *contacts_array(const report_model *m, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < m->contact_count; i++) {
    const report_contact *c = &m->contacts[i];
    json_t *o = json_object();
    put(o, "table", json_string(c->table_name), failed);
    if (c->entry >= 0) {
      size_t t = (size_t)c->table, e = (size_t)c->entry;
      put(o, "key", json_string(report_str(sg_table_key(m->rb, t, e))), failed);
      put(o, "fields", entry_fields(m->rb, t, e, failed), failed);
    } else {
      put(o, "key", json_null(), failed);
      put(o, "fields", json_null(), failed);
      put(o, "waiting_for", waiting_array(m->rb, c->waiting, c->waiting_count, failed), failed);
    }
    json_t *rules = json_array();
    for (size_t k = 0; k < c->rule_count; k++)
      append(rules, rule_object(m, c->rules[k], NULL, failed), failed);
    put(o, "rules", rules, failed);
    append(array, o, failed);
  }
  return array;
}

/* [{rule, label, step, citation, waiting_for: [{fact, question}]}] */
static json_t *undetermined_array(const report_model *m, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < m->undetermined_count; i++) {
    const report_undetermined *u = &m->undetermined[i];
    json_t *o = json_object();
    put(o, "rule", json_string(report_str(sg_rule_name(m->rb, u->rule))), failed);
    put(o, "label", optional_string(sg_rule_label(m->rb, u->rule)), failed);
    put(o, "step", step_value(m->rb, u->rule), failed);
    put(o, "citation", optional_string(sg_rule_citation(m->rb, u->rule)), failed);
    put(o, "waiting_for", waiting_array(m->rb, u->waiting, u->waiting_count, failed), failed);
    append(array, o, failed);
  }
  return array;
}

/* [{fact, question, waiting, settles_min, settles_max, tried}] */
static json_t *questions_array(const report_model *m, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < m->question_count; i++) {
    const sg_question *q = &m->questions[i];
    json_t *o = json_object();
    put(o, "fact", json_string(report_str(sg_fact_name(m->rb, q->slot))), failed);
    put(o, "question", optional_string(sg_fact_question(m->rb, q->slot)), failed);
    put(o, "waiting", json_integer((json_int_t)q->waiting), failed);
    put(o, "settles_min", json_integer((json_int_t)q->settles_min), failed);
    put(o, "settles_max", json_integer((json_int_t)q->settles_max), failed);
    put(o, "tried", json_boolean(q->tried), failed);
    append(array, o, failed);
  }
  return array;
}

/* [{name, label, group, value}] for every signal, true/false/null. */
static json_t *signals_array(const report_model *m, int *failed) {
  json_t *array = json_array();
  for (size_t i = 0; i < m->signal_count; i++) {
    size_t p = m->signals[i];
    json_t *o = json_object();
    put(o, "name", json_string(report_str(sg_pred_name(m->rb, p))), failed);
    put(o, "label", optional_string(sg_pred_label(m->rb, p)), failed);
    put(o, "group", optional_string(sg_pred_group(m->rb, p)), failed);
    put(o, "value", truth_value(m->signal_values[i]), failed);
    append(array, o, failed);
  }
  return array;
}

/* {table, entries: [{key, fields}]}, or null without a reading list. */
static json_t *reading_list_object(const report_model *m, int *failed) {
  if (m->reading_list < 0) return json_null();
  size_t t = (size_t)m->reading_list;
  json_t *o = json_object(), *entries = json_array();
  put(o, "table", json_string(report_str(sg_table_name(m->rb, t))), failed);
  for (size_t e = 0; e < sg_table_entry_count(m->rb, t); e++) {
    json_t *entry = json_object();
    put(entry, "key", json_string(report_str(sg_table_key(m->rb, t, e))), failed);
    put(entry, "fields", entry_fields(m->rb, t, e, failed), failed);
    append(entries, entry, failed);
  }
  put(o, "entries", entries, failed);
  return o;
}

int render_json(FILE *out, const report_model *m) {
  int failed = 0;
  json_t *root = json_object();
  put(root, "rulebook", rulebook_object(m, &failed), &failed);
  put(root, "now", json_string(m->now_text), &failed);
  put(root, "recommendations",
      actions_array(m, m->recommendations, m->recommendation_count, &failed), &failed);
  put(root, "attention", actions_array(m, m->attention, m->attention_count, &failed), &failed);
  put(root, "contacts", contacts_array(m, &failed), &failed);
  put(root, "undetermined", undetermined_array(m, &failed), &failed);
  put(root, "open_questions", questions_array(m, &failed), &failed);
  put(root, "signals", signals_array(m, &failed), &failed);
  put(root, "reading_list", reading_list_object(m, &failed), &failed);
  char *text = failed ? NULL : json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (text == NULL) {
    fputs("signaal: error: out of memory\n", stderr);
    return CLI_EXIT_IO;
  }
  fputs(text, out);
  fputc('\n', out);
  free(text);
  return CLI_EXIT_OK;
}
