/* output_json.c — the report as one JSON object, built with jansson, keys
 * in a fixed order, pretty-printed with a 2-space indent:
 * {rulebook, now, recommendations, attention, contacts, undetermined, signals}.
 */
#include "report.h"
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>

/* jansson's setters steal the new reference; a NULL value (out of memory)
 * makes them fail, which we count in `*failed`. */
static void put(json_t *object, const char *key, json_t *value, int *failed) {
  if (value == NULL || json_object_set_new(object, key, value) != 0) *failed = 1;
}

static void append(json_t *array, json_t *value, int *failed) {
  if (value == NULL || json_array_append_new(array, value) != 0) *failed = 1;
}

/* A string, or null for NULL / "" (an absent optional text). */
static json_t *optional_string(const char *text) {
  return text != NULL && text[0] != '\0' ? json_string(text) : json_null();
}

static json_t *rulebook_object(const sg_rulebook *rb, int *failed) {
  char effective[24], source_hash[65], bytecode_hash[65];
  sg_format_date(sg_rulebook_effective(rb), effective);
  report_hex(sg_rulebook_source_hash(rb), source_hash);
  report_hex(sg_rulebook_bytecode_hash(rb), bytecode_hash);
  json_t *o = json_object();
  if (o == NULL) {
    *failed = 1;
    return NULL;
  }
  put(o, "title", json_string(report_str(sg_rulebook_title(rb))), failed);
  put(o, "version", json_string(report_str(sg_rulebook_version(rb))), failed);
  put(o, "effective", json_string(effective), failed);
  put(o, "source_sha256", json_string(source_hash), failed);
  put(o, "bytecode_sha256", json_string(bytecode_hash), failed);
  return o;
}

static json_t *step_value(const sg_rulebook *rb, size_t rule) {
  int32_t step = sg_rule_step(rb, rule);
  return report_has_step(step) ? json_integer(step) : json_null();
}

/* [{rule, step, text, citation}] for the recommend or attention actions. */
static json_t *actions_array(const sg_rulebook *rb, const sg_context *ctx, sg_action_kind kind,
                             int *failed) {
  json_t *array = json_array();
  if (array == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != kind) continue;
      json_t *o = json_object();
      if (o == NULL) {
        *failed = 1;
        continue;
      }
      put(o, "rule", json_string(report_str(sg_rule_name(rb, r))), failed);
      put(o, "step", step_value(rb, r), failed);
      put(o, "text", json_string(report_str(sg_rule_action_text(rb, r, a))), failed);
      put(o, "citation", optional_string(sg_rule_citation(rb, r)), failed);
      append(array, o, failed);
    }
  }
  return array;
}

/* {field: value} of one table entry; a plain table's one field is "value". */
static json_t *entry_fields(const sg_rulebook *rb, size_t table, size_t entry, int *failed) {
  json_t *fields = json_object();
  if (fields == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t f = 0; f < sg_table_field_count(rb, table); f++) {
    const char *field = report_str(sg_table_field(rb, table, f));
    put(fields, field[0] != '\0' ? field : "value",
        json_string(report_str(sg_table_value(rb, table, entry, f))), failed);
  }
  return fields;
}

/* {fact, question} */
static json_t *fact_question(const sg_rulebook *rb, size_t slot, int *failed) {
  json_t *w = json_object();
  if (w == NULL) {
    *failed = 1;
    return NULL;
  }
  put(w, "fact", json_string(report_str(sg_fact_name(rb, slot))), failed);
  put(w, "question", optional_string(sg_fact_question(rb, slot)), failed);
  return w;
}

/* [{rule, table, key, fields, citation}]; while the key is unknown or names
 * no entry, key and fields are null and "waiting_for" lists the fact the
 * contact waits for, when it can be told (report_contact_fact). */
static json_t *contacts_array(const sg_rulebook *rb, const sg_context *ctx,
                              const unsigned char *known, int *failed) {
  json_t *array = json_array();
  if (array == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_TRUE) continue;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      if (sg_rule_action_kind(rb, r, a) != SG_CONTACT) continue;
      const char *table_name = report_str(sg_rule_action_text(rb, r, a));
      long table = sg_table_find(rb, table_name);
      long entry = sg_rule_contact(ctx, r, a);
      json_t *o = json_object();
      if (o == NULL) {
        *failed = 1;
        continue;
      }
      put(o, "rule", json_string(report_str(sg_rule_name(rb, r))), failed);
      put(o, "table", json_string(table_name), failed);
      if (table >= 0 && entry >= 0) {
        put(o, "key", json_string(report_str(sg_table_key(rb, (size_t)table, (size_t)entry))),
            failed);
        put(o, "fields", entry_fields(rb, (size_t)table, (size_t)entry, failed), failed);
      } else {
        put(o, "key", json_null(), failed);
        put(o, "fields", json_null(), failed);
        json_t *waiting = json_array();
        long fact = table >= 0 ? report_contact_fact(rb, (size_t)table, known) : -1;
        if (waiting != NULL && fact >= 0)
          append(waiting, fact_question(rb, (size_t)fact, failed), failed);
        put(o, "waiting_for", waiting, failed);
      }
      put(o, "citation", optional_string(sg_rule_citation(rb, r)), failed);
      append(array, o, failed);
    }
  }
  return array;
}

/* [{rule, citation, waiting_for: [{fact, question}]}] */
static json_t *undetermined_array(const sg_rulebook *rb, sg_context *ctx, int *failed) {
  json_t *array = json_array();
  if (array == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    if (sg_rule_outcome(ctx, r) != SG_UNKNOWN) continue;
    size_t count = 0;
    size_t *slots = report_waiting(ctx, r, &count);
    if (count == (size_t)-1) {
      *failed = 1;
      continue;
    }
    json_t *o = json_object();
    json_t *waiting = json_array();
    if (o == NULL || waiting == NULL) {
      *failed = 1;
      json_decref(o);
      json_decref(waiting);
      free(slots);
      continue;
    }
    put(o, "rule", json_string(report_str(sg_rule_name(rb, r))), failed);
    put(o, "citation", optional_string(sg_rule_citation(rb, r)), failed);
    for (size_t i = 0; i < count; i++)
      append(waiting, fact_question(rb, slots[i], failed), failed);
    free(slots);
    put(o, "waiting_for", waiting, failed);
    append(array, o, failed);
  }
  return array;
}

/* [{name, label, group, value}] for every signal, true/false/null. */
static json_t *signals_array(const sg_rulebook *rb, const sg_context *ctx, int *failed) {
  json_t *array = json_array();
  if (array == NULL) {
    *failed = 1;
    return NULL;
  }
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    if (sg_pred_kind_of(rb, p) != SG_SIGNAL) continue;
    json_t *o = json_object();
    if (o == NULL) {
      *failed = 1;
      continue;
    }
    sg_truth value = sg_pred_value(ctx, p);
    put(o, "name", json_string(report_str(sg_pred_name(rb, p))), failed);
    put(o, "label", optional_string(sg_pred_label(rb, p)), failed);
    put(o, "group", optional_string(sg_pred_group(rb, p)), failed);
    put(o, "value", value == SG_UNKNOWN ? json_null() : json_boolean(value == SG_TRUE), failed);
    append(array, o, failed);
  }
  return array;
}

int output_json(FILE *out, const report_case *rc) {
  const sg_rulebook *rb = rc->rb;
  sg_context *ctx = rc->ctx;
  int failed = 0;
  char moment[24];
  sg_format_datetime(rc->now, moment);
  json_t *root = json_object();
  if (root == NULL) {
    fputs("signaal: error: out of memory\n", stderr);
    return CLI_EXIT_IO;
  }
  put(root, "rulebook", rulebook_object(rb, &failed), &failed);
  put(root, "now", json_string(moment), &failed);
  put(root, "recommendations", actions_array(rb, ctx, SG_RECOMMEND, &failed), &failed);
  put(root, "attention", actions_array(rb, ctx, SG_ATTENTION, &failed), &failed);
  put(root, "contacts", contacts_array(rb, ctx, rc->known, &failed), &failed);
  put(root, "undetermined", undetermined_array(rb, ctx, &failed), &failed);
  put(root, "signals", signals_array(rb, ctx, &failed), &failed);
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
