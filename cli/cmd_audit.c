/* cmd_audit.c — `signaal audit`: for a public register of algorithms, what
 * every rule of a rulebook rests on. Per rule: its citation, who does its
 * advice, its period, its actions; the signals and conditions it rests on
 * (transitively: through `at least N of G`, conditions on conditions); the
 * facts they read, protected ones flagged with the justification that
 * allows reading them; the assumptions on the way (of the rule, of those
 * predicates and of the windows they read). One JSON model is built and
 * either printed (`--json`) or written as text, so the two cannot differ.
 * A rulebook, not a case: there is no fact value to show.
 */
#include "cli.h"
#include "deps.h"
#include "jsonput.h"
#include "oom.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "signaal.h"

/* {from, until} (YYYY-MM-DD, null for an open end) or null when undated. */
static json_t *period_json(const sg_rulebook *rb, sg_dated_kind kind, size_t owner, int *failed) {
  int32_t from, until;
  if (!sg_period(rb, kind, owner, 0, &from, &until)) return json_null();
  char f[16], u[16];
  json_t *o = json_object();
  if (from != INT32_MIN) sg_format_date(from, f);
  if (until != INT32_MAX) sg_format_date(until, u);
  put(o, "from", from != INT32_MIN ? json_string(f) : json_null(), failed);
  put(o, "until", until != INT32_MAX ? json_string(u) : json_null(), failed);
  return o;
}

/* The rule's actions: {kind, text} or {kind: contact, table}. */
static json_t *actions_json(const sg_rulebook *rb, size_t r, int *failed) {
  static const char *const kinds[] = {"", "recommend", "attention", "contact"};
  json_t *list = json_array();
  for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
    sg_action_kind k = sg_rule_action_kind(rb, r, a);
    json_t *o = json_object();
    put(o, "kind", json_string(kinds[k <= SG_CONTACT ? k : 0]), failed);
    put(o, k == SG_CONTACT ? "table" : "text", json_string(report_str(sg_rule_action_text(rb, r, a))),
        failed);
    append(list, o, failed);
  }
  return list;
}

/* Whether an owner (kind, index) is the rule or one of the marked predicates. */
static int on_path(int kind, size_t owner, size_t r, const deps_marks *m) {
  return (kind == SG_OWNER_RULE && owner == r) || (kind == SG_OWNER_PREDICATE && m->preds[owner]);
}

/* The name of an owner of a justification or an assumption. */
static const char *owner_name(const sg_rulebook *rb, int kind, size_t owner) {
  return report_str(kind == SG_OWNER_RULE        ? sg_rule_name(rb, owner)
                    : kind == SG_OWNER_PREDICATE ? sg_pred_name(rb, owner)
                                                 : sg_window_name(rb, owner));
}

/* The facts the rule rests on: {fact, protected, justified_by: [owner…]}. */
static json_t *facts_json(const sg_rulebook *rb, size_t r, const deps_marks *m, int *failed) {
  json_t *list = json_array();
  for (size_t f = 0; f < sg_fact_count(rb); f++) {
    if (!m->facts[f]) continue;
    json_t *o = json_object();
    put(o, "fact", json_string(report_str(sg_fact_name(rb, f))), failed);
    put(o, "protected", json_boolean(sg_fact_protected(rb, f)), failed);
    if (sg_fact_protected(rb, f)) {
      json_t *why = json_array();
      for (size_t j = 0; j < sg_justification_count(rb); j++) {
        int kind;
        size_t owner, slot;
        const char *text;
        sg_justification(rb, j, &kind, &owner, &slot, &text);
        if (slot != f || !on_path(kind, owner, r, m)) continue;
        json_t *w = json_object();
        put(w, "owner", json_string(owner_name(rb, kind, owner)), failed);
        put(w, "text", json_string(report_str(text)), failed);
        append(why, w, failed);
      }
      put(o, "justified_by", why, failed);
    }
    append(list, o, failed);
  }
  return list;
}

/* The assumptions on the way: of the rule, its predicates, its windows. */
/* The kind of an owner as JSON says it: signal, condition, rule, window. */
static const char *owner_kind(const sg_rulebook *rb, int kind, size_t owner) {
  if (kind == SG_OWNER_PREDICATE) return sg_pred_kind_of(rb, owner) == SG_SIGNAL ? "signal" : "condition";
  return kind == SG_OWNER_RULE ? "rule" : "window";
}

static json_t *assumptions_json(const sg_rulebook *rb, size_t r, const deps_marks *m,
                                int *failed) {
  json_t *list = json_array();
  for (size_t i = 0; i < sg_assumption_count(rb); i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    if (!on_path(kind, owner, r, m) && !(kind == SG_OWNER_WINDOW && m->windows[owner])) continue;
    json_t *o = json_object();
    put(o, "owner_kind", json_string(owner_kind(rb, kind, owner)), failed);
    put(o, "owner", json_string(owner_name(rb, kind, owner)), failed);
    put(o, "text", json_string(report_str(text)), failed);
    append(list, o, failed);
  }
  return list;
}

/* The names of the marked predicates, in evaluation order. */
static json_t *preds_json(const sg_rulebook *rb, const deps_marks *m, int *failed) {
  json_t *list = json_array();
  for (size_t p = 0; p < sg_pred_count(rb); p++)
    if (m->preds[p]) append(list, json_string(report_str(sg_pred_name(rb, p))), failed);
  return list;
}

/* One rule's entry of the audit. */
static json_t *rule_json(const sg_rulebook *rb, size_t r, deps_marks *m, int *failed) {
  if (deps_of_rule(rb, r, m) != 0) *failed = 1;
  json_t *o = json_object();
  long actor = sg_rule_actor(rb, r);
  put(o, "rule", json_string(report_str(sg_rule_name(rb, r))), failed);
  put(o, "label", optional_string(sg_rule_label(rb, r)), failed);
  put(o, "step", sg_rule_has_step(rb, r) ? json_integer(sg_rule_step(rb, r)) : json_null(), failed);
  put(o, "urgent", json_boolean(sg_rule_urgent(rb, r)), failed);
  put(o, "actor", actor >= 0 ? json_string(sg_actor_name(rb, (size_t)actor)) : json_null(), failed);
  put(o, "period", period_json(rb, SG_DATED_RULE, r, failed), failed);
  put(o, "citation", optional_string(sg_rule_citation(rb, r)), failed);
  put(o, "actions", actions_json(rb, r, failed), failed);
  put(o, "rests_on", preds_json(rb, m, failed), failed);
  put(o, "facts", facts_json(rb, r, m, failed), failed);
  put(o, "assumptions", assumptions_json(rb, r, m, failed), failed);
  return o;
}

/* The whole audit; NULL when out of memory. */
static json_t *audit_json(const sg_rulebook *rb) {
  char effective[24], bytecode[65], source[65];
  sg_format_date(sg_rulebook_effective(rb), effective);
  report_hex(sg_rulebook_bytecode_hash(rb), bytecode);
  report_hex(sg_rulebook_source_hash(rb), source);
  deps_marks m;
  int failed = deps_alloc(rb, &m) != 0;
  json_t *o = json_object(), *book = json_object(), *rules = json_array();
  put(book, "title", json_string(report_str(sg_rulebook_title(rb))), &failed);
  put(book, "version", json_string(report_str(sg_rulebook_version(rb))), &failed);
  put(book, "effective", json_string(effective), &failed);
  put(book, "source", optional_string(sg_rulebook_source(rb)), &failed);
  put(book, "bytecode_sha256", json_string(bytecode), &failed);
  put(book, "source_sha256", json_string(source), &failed);
  put(o, "rulebook", book, &failed);
  for (size_t r = 0; !failed && r < sg_rule_count(rb); r++)
    append(rules, rule_json(rb, r, &m, &failed), &failed);
  put(o, "rules", rules, &failed);
  deps_free(&m);
  if (failed) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* ---- text ---------------------------------------------------------------- */

static const char *str_of(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s != NULL ? s : "";
}

/* "  key: a, b, c" of an array of strings or of objects' `field`. */
static void print_list(const char *key, const json_t *list, const char *field) {
  if (json_array_size(list) == 0) return;
  printf("  %s:", key);
  size_t i;
  json_t *v;
  json_array_foreach(list, i, v) {
    printf("%s %s", i ? "," : "", field ? str_of(v, field) : json_string_value(v));
    if (field && json_is_true(json_object_get(v, "protected"))) fputs(" (beschermd)", stdout);
  }
  putchar('\n');
}

static void print_rule(const json_t *rule) {
  printf("\nregel %s", str_of(rule, "rule"));
  if (*str_of(rule, "label")) printf(" — %s", str_of(rule, "label"));
  json_t *step = json_object_get(rule, "step");
  if (json_is_integer(step)) printf(" (stap %lld)", (long long)json_integer_value(step));
  putchar('\n');
  if (*str_of(rule, "actor")) printf("  door: %s\n", str_of(rule, "actor"));
  if (json_is_true(json_object_get(rule, "urgent"))) puts("  urgent: nu doen");
  json_t *period = json_object_get(rule, "period");
  if (json_is_object(period)) {
    fputs("  geldig:", stdout);
    if (*str_of(period, "from")) printf(" vanaf %s", str_of(period, "from"));
    if (*str_of(period, "until")) printf(" tot %s", str_of(period, "until"));
    putchar('\n');
  }
  if (*str_of(rule, "citation")) printf("  bron: %s\n", str_of(rule, "citation"));
  size_t i;
  json_t *v;
  json_array_foreach(json_object_get(rule, "actions"), i, v) {
    if (strcmp(str_of(v, "kind"), "contact") == 0) printf("  contact: %s\n", str_of(v, "table"));
    else printf("  %s: %s\n", strcmp(str_of(v, "kind"), "recommend") == 0 ? "aanbeveling" : "aandachtspunt",
                str_of(v, "text"));
  }
  print_list("rust op", json_object_get(rule, "rests_on"), NULL);
  print_list("leest", json_object_get(rule, "facts"), "fact");
  json_array_foreach(json_object_get(rule, "facts"), i, v) {
    size_t k;
    json_t *w;
    json_array_foreach(json_object_get(v, "justified_by"), k, w)
      printf("  rechtvaardiging van %s (%s): %s\n", str_of(v, "fact"), str_of(w, "owner"),
             str_of(w, "text"));
  }
  static const char *const words[][2] = {
    {"signal", "signaal"}, {"condition", "voorwaarde"}, {"rule", "regel"}, {"window", "tijdvenster"}};
  json_array_foreach(json_object_get(rule, "assumptions"), i, v) {
    const char *kind = str_of(v, "owner_kind");
    for (size_t k = 0; k < 4; k++)
      if (strcmp(kind, words[k][0]) == 0) kind = words[k][1];
    printf("  aanname (%s %s): %s\n", kind, str_of(v, "owner"), str_of(v, "text"));
  }
}

static void print_audit(const json_t *audit) {
  const json_t *book = json_object_get(audit, "rulebook");
  printf("%s\n  versie:         %s\n  geldig vanaf:   %s\n  regelboek:      sha256 %s\n",
         str_of(book, "title"), str_of(book, "version"), str_of(book, "effective"),
         str_of(book, "bytecode_sha256"));
  size_t i;
  json_t *rule;
  json_array_foreach(json_object_get(audit, "rules"), i, rule) print_rule(rule);
}

static int run_audit(const cli_args *args) {
  unsigned long since = oom_json_failures();
  json_t *audit = audit_json(args->rulebook);
  if (audit == NULL) return oom_error("signaal audit");
  int code = CLI_EXIT_OK;
  if (args->format != NULL && strcmp(args->format->name, "json") == 0)
    code = oom_json_print(audit, JSON_INDENT(2) | JSON_PRESERVE_ORDER, since, "signaal audit");
  else
    print_audit(audit);
  json_decref(audit);
  return code;
}

const cli_command command_audit = {
  .name = "audit", .operand = "RULEBOOK", .loads = 1, .run = run_audit,
  .summary = "print what every rule rests on: facts, protected facts, assumptions, sources",
  .options = (const cli_use[]){
    {OPT_JSON, "print the same as one JSON object (for a register of algorithms)", NULL},
    {OPT_MAX_RULE_SIZE, NULL, NULL},
    {0, NULL, NULL}},
  .about =
    "Print, for every rule of the rulebook in its order, what it rests on: its\n"
    "citation, who does its advice, its period of validity, its actions; the\n"
    "signals and conditions it rests on, also through other conditions and\n"
    "groups; the facts they read, protected facts marked, each with the\n"
    "justification that allows reading it; and the assumptions on the way (of\n"
    "the rule, of those signals and conditions, of the windows they read).\n"
    "RULEBOOK is a .rbc file (verified first) or a .rules file, compiled in\n"
    "memory. No case is involved: nothing shows a fact's value.\n",
  .examples =
    "  signaal audit rules/uitbuiting.rules\n"
    "  signaal audit build/uitbuiting.rbc --json > register.json\n",
};
