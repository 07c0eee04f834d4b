/* cmd_info.c — `signaal info`: what a rulebook is, for whoever must say
 * which edition produced an outcome: its header (title, version, effective
 * date, source document), the format and the compiler, the SHA-256 of the
 * bytecode and of the sources, the manifest (each source file's path
 * relative to the main file and its SHA-256), how many of each declaration
 * it has, its actors and its reading list. As text or as one JSON object;
 * it names declarations and counts them, and no case is involved, so it
 * has no fact value to show.
 */
#include "cli.h"
#include "jsonput.h"
#include "oom.h"
#include "report.h"
#include "rulebook_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* How many of each kind of declaration; `examples` is -1 for bytecode,
 * which does not keep the examples. */
typedef struct {
  size_t facts, protected_facts, signals, conditions, rules, urgent_rules, tables, windows,
    sets, groups, actors, assumptions;
  long examples;
} info_counts;

/* Count the declarations of `rb` (and the examples, when compiled by `c`). */
static info_counts count_all(const sg_rulebook *rb, const sgc_compiler *c) {
  info_counts n;
  memset(&n, 0, sizeof n);
  n.facts = sg_fact_count(rb);
  for (size_t i = 0; i < n.facts; i++) n.protected_facts += sg_fact_protected(rb, i) != 0;
  for (size_t i = 0; i < sg_pred_count(rb); i++) {
    if (sg_pred_kind_of(rb, i) == SG_SIGNAL) n.signals++;
    else n.conditions++;
  }
  n.rules = sg_rule_count(rb);
  for (size_t i = 0; i < n.rules; i++) n.urgent_rules += sg_rule_urgent(rb, i) != 0;
  n.tables = sg_table_count(rb);
  n.windows = sg_window_count(rb);
  for (size_t i = 0; i < sg_set_count(rb); i++) /* a { … } list is no declaration */
    n.sets += report_str(sg_set_name(rb, i))[0] != '\0';
  n.groups = sg_group_count(rb);
  n.actors = sg_actor_count(rb);
  n.assumptions = sg_assumption_count(rb);
  n.examples = c != NULL ? (long)sgc_example_count(c) : -1;
  return n;
}

/* How many rules name actor `a` (`by`). */
static size_t actor_rules(const sg_rulebook *rb, size_t a) {
  size_t n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) n += sg_rule_actor(rb, r) == (long)a;
  return n;
}

/* "1.3" into `out`. */
static void format_version(const sg_rulebook *rb, char out[24]) {
  int major = 0, minor = 0;
  sg_rulebook_format_version(rb, &major, &minor);
  snprintf(out, 24, "%d.%d", major, minor);
}

/* ---- text ------------------------------------------------------------------ */

/* The header: one "label: value" a line, the values in one column. */
static void text_header(const sg_rulebook *rb) {
  char effective[24], format[24], bytecode[65], source[65];
  sg_format_date(sg_rulebook_effective(rb), effective);
  format_version(rb, format);
  report_hex(sg_rulebook_bytecode_hash(rb), bytecode);
  report_hex(sg_rulebook_source_hash(rb), source);
  printf("title:            %s\n", report_str(sg_rulebook_title(rb)));
  printf("version:          %s\n", report_str(sg_rulebook_version(rb)));
  printf("effective:        %s\n", effective);
  printf("source:           %s\n", report_str(sg_rulebook_source(rb)));
  printf("format:           %s\n", format);
  printf("compiler:         %s\n", report_str(sg_rulebook_compiler(rb)));
  printf("bytecode sha256:  %s\n", bytecode);
  printf("source sha256:    %s\n", source);
}

/* The manifest: each file's path and SHA-256, the hashes in one column;
 * "(no manifest)" in place of a hash for a file older than format 1.3. */
static void text_files(const sg_rulebook *rb) {
  size_t n = sg_rulebook_file_count(rb), width = 0;
  for (size_t i = 0; i < n; i++)
    if (strlen(report_str(sg_rulebook_file(rb, i))) > width)
      width = strlen(report_str(sg_rulebook_file(rb, i)));
  printf("\nfiles: %zu\n", n);
  for (size_t i = 0; i < n; i++) {
    const char *hash = sg_rulebook_file_sha256(rb, i);
    printf("  %-*s  %s\n", (int)width, report_str(sg_rulebook_file(rb, i)),
           hash != NULL ? hash : "(no manifest)");
  }
}

/* One count: "  facts          39", with what part of it is special. */
static void text_count(const char *what, size_t n, const char *part, size_t of) {
  printf("  %-12s %4zu", what, n);
  if (part != NULL && of > 0) printf(" (%zu %s)", of, part);
  putchar('\n');
}

static void text_counts(const info_counts *n) {
  puts("\ncounts:");
  text_count("facts", n->facts, "protected", n->protected_facts);
  text_count("signals", n->signals, NULL, 0);
  text_count("conditions", n->conditions, NULL, 0);
  text_count("rules", n->rules, "urgent", n->urgent_rules);
  text_count("tables", n->tables, NULL, 0);
  text_count("windows", n->windows, NULL, 0);
  text_count("sets", n->sets, NULL, 0);
  text_count("groups", n->groups, NULL, 0);
  text_count("actors", n->actors, NULL, 0);
  text_count("assumptions", n->assumptions, NULL, 0);
  if (n->examples >= 0) text_count("examples", (size_t)n->examples, NULL, 0);
}

/* Each actor: its name, its label and how many rules it does. */
static void text_actors(const sg_rulebook *rb) {
  size_t n = sg_actor_count(rb), width = 0;
  if (n == 0) return;
  for (size_t i = 0; i < n; i++)
    if (strlen(report_str(sg_actor_name(rb, i))) > width)
      width = strlen(report_str(sg_actor_name(rb, i)));
  puts("\nactors:");
  for (size_t i = 0; i < n; i++) {
    size_t rules = actor_rules(rb, i);
    printf("  %-*s  %s (%zu %s)\n", (int)width, report_str(sg_actor_name(rb, i)),
           report_str(sg_actor_label(rb, i)), rules, rules == 1 ? "rule" : "rules");
  }
}

/* The reading list: each entry's key, then its fields one a line (a table
 * of plain texts: the text after the key). */
static void text_reading_list(const sg_rulebook *rb) {
  long t = sg_rulebook_reading_list(rb);
  if (t < 0) return;
  size_t table = (size_t)t, fields = sg_table_field_count(rb, table);
  int plain = fields == 1 && report_str(sg_table_field(rb, table, 0))[0] == '\0';
  printf("\nreading list (%s): %zu\n", report_str(sg_table_name(rb, table)),
         sg_table_entry_count(rb, table));
  for (size_t e = 0; e < sg_table_entry_count(rb, table); e++) {
    const char *key = report_str(sg_table_key(rb, table, e));
    if (plain) {
      printf("  %s: %s\n", key, report_str(sg_table_value(rb, table, e, 0)));
      continue;
    }
    printf("  %s\n", key);
    for (size_t f = 0; f < fields; f++) {
      const char *value = sg_table_value(rb, table, e, f);
      if (value != NULL && value[0] != '\0')
        printf("    %s: %s\n", report_str(sg_table_field(rb, table, f)), value);
    }
  }
}

static int info_text(const sg_rulebook *rb, const sgc_compiler *c) {
  info_counts n = count_all(rb, c);
  text_header(rb);
  text_files(rb);
  text_counts(&n);
  text_actors(rb);
  text_reading_list(rb);
  return CLI_EXIT_OK;
}

/* ---- JSON ------------------------------------------------------------------ */


/* [{path, sha256}], sha256 null without a manifest. */
static json_t *json_files(const sg_rulebook *rb, int *failed) {
  json_t *files = json_array();
  for (size_t i = 0; i < sg_rulebook_file_count(rb); i++) {
    json_t *f = json_object();
    put(f, "path", json_string(report_str(sg_rulebook_file(rb, i))), failed);
    put(f, "sha256", optional_string(sg_rulebook_file_sha256(rb, i)), failed);
    append(files, f, failed);
  }
  return files;
}

static json_t *json_counts(const info_counts *n, int *failed) {
  json_t *o = json_object();
  put(o, "facts", json_integer((json_int_t)n->facts), failed);
  put(o, "protected_facts", json_integer((json_int_t)n->protected_facts), failed);
  put(o, "signals", json_integer((json_int_t)n->signals), failed);
  put(o, "conditions", json_integer((json_int_t)n->conditions), failed);
  put(o, "rules", json_integer((json_int_t)n->rules), failed);
  put(o, "urgent_rules", json_integer((json_int_t)n->urgent_rules), failed);
  put(o, "tables", json_integer((json_int_t)n->tables), failed);
  put(o, "windows", json_integer((json_int_t)n->windows), failed);
  put(o, "sets", json_integer((json_int_t)n->sets), failed);
  put(o, "groups", json_integer((json_int_t)n->groups), failed);
  put(o, "actors", json_integer((json_int_t)n->actors), failed);
  put(o, "assumptions", json_integer((json_int_t)n->assumptions), failed);
  put(o, "examples", n->examples >= 0 ? json_integer(n->examples) : json_null(), failed);
  return o;
}

/* [{name, label, rules}] */
static json_t *json_actors(const sg_rulebook *rb, int *failed) {
  json_t *actors = json_array();
  for (size_t i = 0; i < sg_actor_count(rb); i++) {
    json_t *a = json_object();
    put(a, "name", json_string(report_str(sg_actor_name(rb, i))), failed);
    put(a, "label", json_string(report_str(sg_actor_label(rb, i))), failed);
    put(a, "rules", json_integer((json_int_t)actor_rules(rb, i)), failed);
    append(actors, a, failed);
  }
  return actors;
}

/* {table, entries: [{key, fields: {name: text}}]} as the JSON report has
 * it (a table of plain texts: one field, "value"); null without one. */
static json_t *json_reading_list(const sg_rulebook *rb, int *failed) {
  long t = sg_rulebook_reading_list(rb);
  if (t < 0) return json_null();
  size_t table = (size_t)t;
  json_t *o = json_object(), *entries = json_array();
  put(o, "table", json_string(report_str(sg_table_name(rb, table))), failed);
  for (size_t e = 0; e < sg_table_entry_count(rb, table); e++) {
    json_t *entry = json_object(), *fields = json_object();
    put(entry, "key", json_string(report_str(sg_table_key(rb, table, e))), failed);
    for (size_t f = 0; f < sg_table_field_count(rb, table); f++) {
      const char *name = report_str(sg_table_field(rb, table, f));
      const char *value = sg_table_value(rb, table, e, f);
      if (value != NULL && value[0] != '\0')
        put(fields, name[0] != '\0' ? name : "value", json_string(value), failed);
    }
    put(entry, "fields", fields, failed);
    append(entries, entry, failed);
  }
  put(o, "entries", entries, failed);
  return o;
}

/* The whole object, keys in the text's order; NULL when out of memory. */
json_t *info_json(const sg_rulebook *rb, const sgc_compiler *c) {
  char effective[24], format[24], bytecode[65], source[65];
  sg_format_date(sg_rulebook_effective(rb), effective);
  format_version(rb, format);
  report_hex(sg_rulebook_bytecode_hash(rb), bytecode);
  report_hex(sg_rulebook_source_hash(rb), source);
  info_counts n = count_all(rb, c);
  int failed = 0;
  json_t *o = json_object();
  put(o, "title", json_string(report_str(sg_rulebook_title(rb))), &failed);
  put(o, "version", json_string(report_str(sg_rulebook_version(rb))), &failed);
  put(o, "effective", json_string(effective), &failed);
  put(o, "source", optional_string(sg_rulebook_source(rb)), &failed);
  put(o, "format", json_string(format), &failed);
  put(o, "compiler", json_string(report_str(sg_rulebook_compiler(rb))), &failed);
  put(o, "bytecode_sha256", json_string(bytecode), &failed);
  put(o, "source_sha256", json_string(source), &failed);
  put(o, "files", json_files(rb, &failed), &failed);
  put(o, "counts", json_counts(&n, &failed), &failed);
  put(o, "actors", json_actors(rb, &failed), &failed);
  put(o, "reading_list", json_reading_list(rb, &failed), &failed);
  if (failed) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static int info_print_json(const sg_rulebook *rb, const sgc_compiler *c) {
  unsigned long since = oom_json_failures();
  json_t *o = info_json(rb, c);
  int code = oom_json_print(o, RULEBOOK_JSON_FLAGS, since, "signaal info");
  json_decref(o);
  return code;
}

/* Print what the rulebook is; returns the exit code. */
static int run_info(const cli_args *args) {
  if (args->format != NULL && strcmp(args->format->name, "json") == 0)
    return info_print_json(args->rulebook, args->compiler);
  return info_text(args->rulebook, args->compiler);
}

const cli_command command_info = {
  .name = "info", .operand = "RULEBOOK", .loads = 1, .run = run_info,
  .summary = "print what a rulebook is: edition, hashes, manifest, counts",
  .options = (const cli_use[]){
    {OPT_JSON, "print the same as one JSON object", NULL}, {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Print what a rulebook is, to say which edition produced an outcome: its\n"
    "title, version, effective date and source document; the format version\n"
    "and the compiler; the SHA-256 of the bytecode and of the sources; the\n"
    "manifest, each source file's path (relative to the main file) with its\n"
    "SHA-256; how many facts (and protected ones), signals, conditions, rules\n"
    "(and urgent ones), tables, windows, sets, groups, actors and assumptions\n"
    "it has, and for a .rules file how many examples; its actors and its\n"
    "reading list. RULEBOOK is a .rbc file (verified first) or a .rules file,\n"
    "which is compiled in memory; both give the same hashes.\n",
  .examples =
    "  signaal info rules/uitbuiting.rules\n"
    "  signaal info build/uitbuiting.rbc --json\n",
};
