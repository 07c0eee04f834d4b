/* canon.c — a loaded rulebook written back as rule-language source, in one
 * canonical form (canon.h): the declarations `signaal diff` compares and
 * shows, from the public API and sg_code_text.
 */
#include "canon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the buffer ---- */

/* Room for `more` bytes and a NUL; 0 when memory ran out (now or before). */
static int canon_reserve(canon_buf *b, size_t more) {
  if (b->failed) return 0;
  if (b->len + more + 1 <= b->cap) return 1;
  size_t cap = b->cap ? b->cap : 128;
  while (cap < b->len + more + 1) cap *= 2;
  char *text = realloc(b->text, cap);
  if (text == NULL) {
    b->failed = 1;
    return 0;
  }
  b->text = text;
  b->cap = cap;
  return 1;
}

static void canon_putn(canon_buf *b, const char *s, size_t n) {
  if (!canon_reserve(b, n)) return;
  memcpy(b->text + b->len, s, n);
  b->len += n;
  b->text[b->len] = '\0';
}

void canon_put(canon_buf *b, const char *s) {
  canon_putn(b, s, strlen(s));
}

void canon_printf(canon_buf *b, const char *fmt, ...) {
  char small[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) {
    canon_putn(b, small, (size_t)n);
    return;
  }
  if (!canon_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void canon_quoted(canon_buf *b, const char *s) {
  canon_put(b, "\"");
  const char *run = s;
  for (; *s; s++) {
    const char *escape = *s == '"' ? "\\\"" : *s == '\\' ? "\\\\" : *s == '\n' ? "\\n"
                       : *s == '\t' ? "\\t" : NULL;
    if (escape == NULL) continue;
    canon_putn(b, run, (size_t)(s - run));
    canon_put(b, escape);
    run = s + 1;
  }
  canon_putn(b, run, (size_t)(s - run));
  canon_put(b, "\"");
}

void canon_date(canon_buf *b, int32_t days) {
  char text[24];
  sg_format_date(days, text);
  canon_put(b, text);
}

char *canon_take(canon_buf *b) {
  char *text = b->failed ? NULL : b->text;
  if (text == NULL && !b->failed) text = calloc(1, 1);
  if (b->failed) free(b->text);
  b->text = NULL;
  b->len = b->cap = 0;
  b->failed = 0;
  return text;
}

char *canon_quote(const char *s) {
  canon_buf b = {0};
  canon_quoted(&b, s);
  return canon_take(&b);
}

char *canon_strdup(const char *s) {
  canon_buf b = {0};
  canon_put(&b, s);
  return canon_take(&b);
}

/* ---- parts ---- */

void canon_period(canon_buf *b, const sg_rulebook *rb, sg_dated_kind kind, size_t owner,
                  size_t item) {
  int32_t from, until;
  if (!sg_period(rb, kind, owner, item, &from, &until)) {
    canon_put(b, "always");
    return;
  }
  if (from != INT32_MIN) {
    canon_put(b, "from ");
    canon_date(b, from);
  }
  if (until != INT32_MAX) {
    canon_put(b, from != INT32_MIN ? " until " : "until ");
    canon_date(b, until);
  }
}

/* " from D until D" after a dated thing on the same line; nothing else. */
static void canon_period_after(canon_buf *b, const sg_rulebook *rb, sg_dated_kind kind,
                               size_t owner, size_t item) {
  if (!sg_period(rb, kind, owner, item, NULL, NULL)) return;
  canon_put(b, " ");
  canon_period(b, rb, kind, owner, item);
}

char *canon_code(const sg_rulebook *rb, sg_code_ref ref, int *failed) {
  size_t len = 0;
  sg_status status = sg_code_text(rb, ref, NULL, 0, &len);
  if (status == SG_ERR_NOMEM) *failed = 1;
  if (status != SG_OK) return NULL;
  char *text = malloc(len + 1);
  if (text == NULL || sg_code_text(rb, ref, text, len + 1, NULL) != SG_OK) {
    free(text);
    *failed = 1;
    return NULL;
  }
  return text;
}

/* The code `ref` names appended, or `failed` set. */
static void canon_put_code(canon_buf *b, const sg_rulebook *rb, sg_code_ref ref) {
  char *text = canon_code(rb, ref, &b->failed);
  if (text != NULL) canon_put(b, text);
  free(text);
}

void canon_fact_type(canon_buf *b, const sg_rulebook *rb, size_t slot) {
  sg_type type = sg_fact_type(rb, slot);
  static const char *const names[] = {"?", "bool", "int", "text", "enum", "date", "datetime",
                                      "country"};
  canon_put(b, (size_t)type < sizeof names / sizeof names[0] ? names[type] : "?");
  if (type != SG_ENUM) return;
  for (size_t i = 0; i < sg_fact_enum_count(rb, slot); i++) {
    canon_put(b, i ? ", " : " { ");
    canon_put(b, sg_fact_enum_value(rb, slot, i));
  }
  canon_put(b, " }");
}

/* Whether `key` can stand unquoted: a name of ASCII letters, digits and
 * underscores that is no keyword of the language. */
static int canon_bare(const char *key) {
  static const char *const keywords[] = {
    "actor", "all", "and", "any", "ask", "assumption", "at", "attention", "bool", "by",
    "condition", "contact", "country", "date", "datetime", "effective", "enum", "established",
    "example", "except", "expect", "fact", "false", "from", "given", "group", "in", "include",
    "int", "is", "justify", "known", "least", "not", "now", "of", "optional", "or", "protected",
    "recommend", "references", "rule", "rulebook", "set", "signal", "source", "step", "table",
    "text", "today", "true", "undetermined", "unknown", "unless", "until", "urgent", "version",
    "when", "window", "within",
  };
  if (!((*key >= 'a' && *key <= 'z') || (*key >= 'A' && *key <= 'Z') || *key == '_')) return 0;
  for (const char *p = key; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '_'))
      return 0;
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    if (strcmp(key, keywords[i]) == 0) return 0;
  return 1;
}

void canon_key(canon_buf *b, const char *key) {
  if (canon_bare(key)) canon_put(b, key);
  else canon_quoted(b, key);
}

void canon_element(canon_buf *b, const sg_rulebook *rb, size_t set, size_t k) {
  size_t len = sg_set_element_text(rb, set, k, NULL, 0);
  if (!canon_reserve(b, len)) return;
  sg_set_element_text(rb, set, k, b->text + b->len, len + 1);
  b->len += len;
  canon_period_after(b, rb, SG_DATED_ELEMENT, set, k);
}

/* Whether the table holds plain texts: one field, named "". */
static int canon_plain(const sg_rulebook *rb, size_t table) {
  return sg_table_field_count(rb, table) == 1 && sg_table_field(rb, table, 0)[0] == '\0';
}

void canon_entry(canon_buf *b, const sg_rulebook *rb, size_t table, size_t entry) {
  canon_key(b, sg_table_key(rb, table, entry));
  canon_put(b, ": ");
  if (canon_plain(rb, table)) {
    canon_quoted(b, sg_table_value(rb, table, entry, 0));
  } else {
    size_t fields = sg_table_field_count(rb, table);
    for (size_t f = 0; f < fields; f++) {
      canon_put(b, f ? ", " : "{ ");
      canon_put(b, sg_table_field(rb, table, f));
      canon_put(b, ": ");
      canon_quoted(b, sg_table_value(rb, table, entry, f));
    }
    canon_put(b, fields ? " }" : "{}");
  }
  long window = sg_table_entry_window(rb, table, entry);
  if (window >= 0) {
    canon_put(b, " open ");
    canon_put(b, sg_window_name(rb, (size_t)window));
  }
  int32_t checked;
  if (sg_table_entry_checked(rb, table, entry, &checked)) {
    canon_put(b, " checked ");
    canon_date(b, checked);
  }
  canon_period_after(b, rb, SG_DATED_ENTRY, table, entry);
}

static int name_order(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void canon_entry_fields(canon_buf *b, const sg_rulebook *rb, size_t table) {
  if (canon_plain(rb, table)) {
    canon_put(b, "text");
    return;
  }
  size_t fields = sg_table_field_count(rb, table);
  const char **names = malloc((fields ? fields : 1) * sizeof *names);
  if (names == NULL) {
    b->failed = 1;
    return;
  }
  for (size_t f = 0; f < fields; f++) names[f] = sg_table_field(rb, table, f);
  qsort(names, fields, sizeof *names, name_order);
  for (size_t f = 0; f < fields; f++) {
    canon_put(b, f ? ", " : "{ ");
    canon_put(b, names[f]);
  }
  canon_put(b, fields ? " }" : "{}");
  free(names);
}

void canon_action(canon_buf *b, const sg_rulebook *rb, size_t rule, size_t action) {
  sg_action_kind kind = sg_rule_action_kind(rb, rule, action);
  if (kind == SG_CONTACT) {
    canon_put(b, "contact ");
    canon_put(b, sg_rule_action_text(rb, rule, action));  /* the table's name */
    canon_put(b, "[");
    sg_code_ref key = {SG_CODE_ACTION_KEY, rule, action};
    canon_put_code(b, rb, key);
    canon_put(b, "]");
    return;
  }
  canon_put(b, kind == SG_RECOMMEND ? "recommend " : "attention ");
  canon_quoted(b, sg_rule_action_text(rb, rule, action));
}

void canon_window_part(canon_buf *b, const sg_rulebook *rb, size_t window, int part) {
  char text[160];
  sg_window_text(rb, window, text, sizeof text);
  /* "DAYS HH:MM .. HH:MM[ except …]": the hours are the 14 bytes around " .. " */
  char *dots = strstr(text, " .. ");
  if (dots == NULL || dots - text < 6) {
    if (part == 0) canon_put(b, text);
    return;
  }
  char *hours = dots - 5, *rest = dots + 9;
  if (part == 0) canon_putn(b, text, (size_t)(hours - 1 - text));
  else if (part == 1) canon_putn(b, hours, (size_t)(rest - hours));
  else if (strncmp(rest, " except ", 8) == 0) canon_put(b, rest + 8);
}

/* ---- declarations ---- */

/* "\n  assumption \"…\"" for each assumption of `owner` (an sg_owner_kind). */
static void canon_assumptions(canon_buf *b, const sg_rulebook *rb, int kind, size_t owner) {
  for (size_t i = 0; i < sg_assumption_count(rb); i++) {
    int owner_kind;
    size_t at;
    const char *text;
    sg_assumption(rb, i, &owner_kind, &at, &text);
    if (owner_kind != kind || at != owner) continue;
    canon_put(b, "\n  assumption ");
    canon_quoted(b, text);
  }
}

/* "\n  justify FACT \"…\"" for each justification of `owner`. */
static void canon_justifications(canon_buf *b, const sg_rulebook *rb, int kind, size_t owner) {
  for (size_t i = 0; i < sg_justification_count(rb); i++) {
    int owner_kind;
    size_t at, fact;
    const char *text;
    sg_justification(rb, i, &owner_kind, &at, &fact, &text);
    if (owner_kind != kind || at != owner) continue;
    canon_put(b, "\n  justify ");
    canon_put(b, sg_fact_name(rb, fact));
    canon_put(b, " ");
    canon_quoted(b, text);
  }
}

/* "\n  from D until D" for a dated predicate or rule. */
static void canon_period_clause(canon_buf *b, const sg_rulebook *rb, sg_dated_kind kind,
                                size_t owner) {
  if (!sg_period(rb, kind, owner, 0, NULL, NULL)) return;
  canon_put(b, "\n  ");
  canon_period(b, rb, kind, owner, 0);
}

char *canon_fact(const sg_rulebook *rb, size_t slot) {
  canon_buf b = {0};
  canon_printf(&b, "fact %s: ", sg_fact_name(rb, slot));
  canon_fact_type(&b, rb, slot);
  if (sg_fact_protected(rb, slot)) canon_put(&b, " protected");
  if (sg_fact_optional(rb, slot)) canon_put(&b, " optional");
  const char *question = sg_fact_question(rb, slot);
  if (question[0]) {
    canon_put(&b, "\n  ask ");
    canon_quoted(&b, question);
  }
  return canon_take(&b);
}

char *canon_set(const sg_rulebook *rb, size_t set) {
  canon_buf b = {0};
  canon_printf(&b, "set %s", sg_set_name(rb, set));
  sg_type type = sg_set_type(rb, set);
  /* `: TYPE` where the language has one; an enum set's type is its fact's */
  if (type == SG_INT) canon_put(&b, ": int");
  else if (type == SG_TEXT) canon_put(&b, ": text");
  else if (type == SG_COUNTRY) canon_put(&b, ": country");
  canon_put(&b, " = {");
  size_t count = sg_set_element_count(rb, set);
  for (size_t k = 0; k < count; k++) {
    canon_put(&b, k ? ", " : " ");
    canon_element(&b, rb, set, k);
  }
  canon_put(&b, count ? " }" : "}");
  return canon_take(&b);
}

char *canon_table(const sg_rulebook *rb, size_t table) {
  canon_buf b = {0};
  canon_printf(&b, "table %s = {", sg_table_name(rb, table));
  size_t entries = sg_table_entry_count(rb, table);
  for (size_t e = 0; e < entries; e++) {
    canon_put(&b, e ? ",\n  " : "\n  ");
    canon_entry(&b, rb, table, e);
  }
  canon_put(&b, entries ? "\n}" : "}");
  return canon_take(&b);
}

char *canon_window(const sg_rulebook *rb, size_t window) {
  canon_buf b = {0};
  char text[160];
  sg_window_text(rb, window, text, sizeof text);
  canon_printf(&b, "window %s = %s", sg_window_name(rb, window), text);
  canon_period_after(&b, rb, SG_DATED_WINDOW, window, 0);
  canon_assumptions(&b, rb, SG_OWNER_WINDOW, window);
  return canon_take(&b);
}

char *canon_group(const sg_rulebook *rb, size_t group) {
  canon_buf b = {0};
  canon_printf(&b, "group %s", sg_group_name(rb, group));
  if (sg_group_label(rb, group)[0]) {
    canon_put(&b, " ");
    canon_quoted(&b, sg_group_label(rb, group));
  }
  return canon_take(&b);
}

char *canon_pred(const sg_rulebook *rb, size_t pred) {
  canon_buf b = {0};
  const char *group = sg_pred_group(rb, pred);
  canon_printf(&b, "%s %s", sg_pred_kind_of(rb, pred) == SG_SIGNAL ? "signal" : "condition",
               sg_pred_name(rb, pred));
  if (group != NULL) canon_printf(&b, " in %s", group);
  if (sg_pred_label(rb, pred)[0]) {
    canon_put(&b, " ");
    canon_quoted(&b, sg_pred_label(rb, pred));
  }
  canon_period_clause(&b, rb, SG_DATED_PRED, pred);
  canon_put(&b, "\n  when ");
  sg_code_ref when = {SG_CODE_PRED, pred, 0};
  canon_put_code(&b, rb, when);
  canon_justifications(&b, rb, SG_OWNER_PREDICATE, pred);
  canon_assumptions(&b, rb, SG_OWNER_PREDICATE, pred);
  if (sg_pred_citation(rb, pred)[0]) {
    canon_put(&b, "\n  source ");
    canon_quoted(&b, sg_pred_citation(rb, pred));
  }
  return canon_take(&b);
}

char *canon_rule(const sg_rulebook *rb, size_t rule) {
  canon_buf b = {0};
  canon_printf(&b, "rule %s", sg_rule_name(rb, rule));
  if (sg_rule_has_step(rb, rule)) canon_printf(&b, " step %ld", (long)sg_rule_step(rb, rule));
  if (sg_rule_label(rb, rule)[0]) {
    canon_put(&b, " ");
    canon_quoted(&b, sg_rule_label(rb, rule));
  }
  long actor = sg_rule_actor(rb, rule);
  if (actor >= 0) canon_printf(&b, "\n  by %s", sg_actor_name(rb, (size_t)actor));
  if (sg_rule_urgent(rb, rule)) canon_put(&b, "\n  urgent");
  canon_period_clause(&b, rb, SG_DATED_RULE, rule);
  canon_put(&b, "\n  when ");
  sg_code_ref when = {SG_CODE_RULE_WHEN, rule, 0}, unless = {SG_CODE_RULE_UNLESS, rule, 0};
  canon_put_code(&b, rb, when);
  char *text = canon_code(rb, unless, &b.failed);
  if (text != NULL) canon_printf(&b, "\n  unless %s", text);
  free(text);
  for (size_t k = 0; k < sg_rule_action_count(rb, rule); k++) {
    canon_put(&b, "\n  ");
    canon_action(&b, rb, rule, k);
  }
  canon_justifications(&b, rb, SG_OWNER_RULE, rule);
  canon_assumptions(&b, rb, SG_OWNER_RULE, rule);
  canon_put(&b, "\n  source ");
  canon_quoted(&b, sg_rule_citation(rb, rule));
  return canon_take(&b);
}

char *canon_actor(const sg_rulebook *rb, size_t actor) {
  canon_buf b = {0};
  canon_printf(&b, "actor %s ", sg_actor_name(rb, actor));
  canon_quoted(&b, sg_actor_label(rb, actor));
  return canon_take(&b);
}
