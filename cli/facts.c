/* facts.c — JSON case files to fact values. jansson parses; each value is
 * checked against the fact's type and set with the runtime's setters. No
 * message ever quotes a value, and jansson's own texts (which may quote the
 * input) are replaced by fixed phrases chosen from its error code, and a key
 * that names no fact is never shown either (it may be a child's name typed
 * in the wrong place): it is "key N", its position in the object. Messages
 * about a fact give the line and column of its key or value in the file.
 */
#include "facts.h"
#include "cli.h"
#include "oom.h"
#include "suggest.h"
#include "value.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A fixed description of a jansson parse error; never quotes the input. */
static const char *json_error_phrase(const json_error_t *err) {
  static const char *const phrases[] = {
    [json_error_out_of_memory] = "out of memory",
    [json_error_stack_overflow] = "nested too deeply",
    [json_error_invalid_utf8] = "not valid UTF-8",
    [json_error_premature_end_of_input] = "unexpected end of input",
    [json_error_end_of_input_expected] = "more text after the value",
    [json_error_null_character] = "NUL character in a string",
    [json_error_null_byte_in_key] = "NUL character in a key",
    [json_error_duplicate_key] = "a key occurs twice",
    [json_error_numeric_overflow] = "number out of range",
  };
  size_t code = (size_t)json_error_code(err);
  return code < sizeof phrases / sizeof phrases[0] && phrases[code] != NULL ? phrases[code]
                                                                             : "syntax error";
}

/* ---- positions ------------------------------------------------------------- */

/* A walk over the members of the top-level object in the file's text, in
 * the text's order, which is also the order jansson gives them in. It only
 * finds positions, on text jansson has already accepted. */
typedef struct {
  const char *text;
  size_t len, at;
  int line, column;   /* of text[at] */
  int lost;           /* the text is not as expected: no more positions */
} member_walk;

/* Step over one byte, keeping the line and column. */
static void walk_step(member_walk *w) {
  unsigned char ch = (unsigned char)w->text[w->at++];
  if (ch == '\n') {
    w->line++;
    w->column = 1;
  } else if ((ch & 0xC0) != 0x80) {
    w->column++;
  }
}

/* Step over JSON white space. */
static void walk_space(member_walk *w) {
  while (w->at < w->len && (w->text[w->at] == ' ' || w->text[w->at] == '\t' ||
                            w->text[w->at] == '\r' || w->text[w->at] == '\n'))
    walk_step(w);
}

/* Step over the string that starts at w->at, its quotes included. */
static void walk_string(member_walk *w) {
  walk_step(w);
  while (w->at < w->len && w->text[w->at] != '"') {
    if (w->text[w->at] == '\\') walk_step(w);
    if (w->at < w->len) walk_step(w);
  }
  if (w->at < w->len) walk_step(w);
}

/* Step over one value up to the ',' or '}' after it. */
static void walk_value(member_walk *w) {
  int depth = 0;
  while (w->at < w->len) {
    char ch = w->text[w->at];
    if (depth == 0 && (ch == ',' || ch == '}' || ch == ']')) return;
    if (ch == '"') {
      walk_string(w);
      continue;
    }
    if (ch == '{' || ch == '[') depth++;
    if (ch == '}' || ch == ']') depth--;
    walk_step(w);
  }
}

/* The next member, which jansson calls `key`: the places of its key and
 * its value (line 0 once the walk is lost). */
static void walk_member(member_walk *w, const char *key, facts_place *key_at, facts_place *value_at) {
  *key_at = *value_at = (facts_place){0, 0};
  if (w->lost) return;
  walk_space(w);
  if (w->at < w->len && (w->text[w->at] == '{' || w->text[w->at] == ',')) walk_step(w);
  walk_space(w);
  if (w->at >= w->len || w->text[w->at] != '"') {
    w->lost = 1;
    return;
  }
  facts_place k = {w->line, w->column};
  size_t start = w->at + 1;
  walk_string(w);
  size_t raw = w->at - 1 - start;  /* the key's bytes as written, between its quotes */
  int escaped = memchr(w->text + start, '\\', raw) != NULL;
  walk_space(w);
  if ((!escaped && (raw != strlen(key) || memcmp(w->text + start, key, raw) != 0)) ||
      w->at >= w->len || w->text[w->at] != ':') {
    w->lost = 1;
    return;
  }
  walk_step(w);
  walk_space(w);
  *key_at = k;
  *value_at = (facts_place){w->line, w->column};
  walk_value(w);
}

/* "NAME:LINE:COL", "NAME:LINE" or "NAME", as much as is known, to start a
 * message. */
static void print_place(const char *name, facts_place at) {
  if (at.line > 0 && at.column > 0) fprintf(stderr, "%s:%d:%d", name, at.line, at.column);
  else if (at.line > 0) fprintf(stderr, "%s:%d", name, at.line);
  else fputs(name, stderr);
}

/* ---- messages ------------------------------------------------------------- */

/* The facts of one or two rulebooks, walked as one list for suggest_closest. */
typedef struct {
  const sg_rulebook *rb[2];
  size_t count[2];
} fact_names;

/* The name of fact i of the list. */
static const char *fact_name_at(const void *data, size_t i) {
  const fact_names *names = data;
  return i < names->count[0] ? sg_fact_name(names->rb[0], i)
                             : sg_fact_name(names->rb[1], i - names->count[0]);
}

void facts_print_unknown(FILE *out, const sg_rulebook *rb, const sg_rulebook *other,
                         const char *key, size_t position) {
  fact_names names = {{rb, other}, {sg_fact_count(rb), other != NULL ? sg_fact_count(other) : 0}};
  const char *suggestion =
    suggest_closest(key, fact_name_at, &names, names.count[0] + names.count[1]);
  fprintf(out, "error: unknown fact (key %zu)", position);
  if (suggestion != NULL) fprintf(out, "; did you mean '%s'?", suggestion);
  fputc('\n', out);
}

void facts_report_unknown(const sg_rulebook *rb, const char *name, facts_place at,
                                const char *key, size_t position) {
  print_place(name, at);
  fputs(": ", stderr);
  facts_print_unknown(stderr, rb, NULL, key, position);
}

/* Print "NAME:L:C: error: fact 'F' expects TYPE" and an optional "(got …)". */
static void report_expected(const sg_rulebook *rb, size_t slot, const char *name, facts_place at,
                            const char *fact, const char *got) {
  print_place(name, at);
  fprintf(stderr, ": error: fact '%s' expects ", fact);
  value_print_expected(stderr, rb, slot);
  if (got != NULL) fprintf(stderr, " (got %s)", got);
  fputc('\n', stderr);
}

/* After a string the fact does not take but the codec recognizes as
 * another form of one of its values ("UK" or "gb" for GB): a note that says
 * so without naming the value meant, which would show the case's value in
 * another spelling (the interview, where the case worker typed it, may). */
static void report_meant(const sg_rulebook *rb, size_t slot, const char *name, facts_place at,
                         const value_scalar *scalar) {
  const char *meant =
    scalar->kind == SCALAR_STRING ? value_suggest(rb, slot, scalar->string) : NULL;
  if (meant == NULL) return;
  print_place(name, at);
  fputs(": note: this is another form of a value the fact takes (an alias, a name or another "
        "case); give the value itself\n", stderr);
}

int facts_value(const sg_rulebook *rb, size_t slot, const char *name, facts_place at,
                const value_scalar *scalar, cli_value *out) {
  const char *fact = sg_fact_name(rb, slot);
  char got[64];
  switch (value_from_scalar(rb, slot, scalar, out)) {
  case VALUE_OK:
  case VALUE_NULL: return 0;
  case VALUE_WRONG_KIND:
    report_expected(rb, slot, name, at, fact, value_scalar_kind_name(scalar->kind));
    return -1;
  case VALUE_NOT_LISTED:
    report_expected(rb, slot, name, at, fact, NULL);
    report_meant(rb, slot, name, at, scalar);
    return -1;
  case VALUE_MALFORMED:
    snprintf(got, sizeof got, "a string that is not such a %s",
             value_type_name(sg_fact_type(rb, slot)));
    report_expected(rb, slot, name, at, fact, got);
    return -1;
  }
  return -1;
}

void facts_report_unset(const sg_rulebook *rb, size_t slot, const char *name, facts_place at,
                        sg_status status) {
  print_place(name, at);
  fprintf(stderr, ": error: fact '%s' cannot be set to this value (status %d)\n",
          sg_fact_name(rb, slot), (int)status);
}

/* Set one fact from its JSON value at place `at`; 0 on success, -1 after
 * an error, -2 when out of memory (nothing printed). */
static int apply_one(case_session *s, const char *name, facts_place at, size_t slot,
                     const json_t *json) {
  cli_value value;
  value_scalar scalar = value_scalar_of_json(json);
  if (facts_value(s->rb, slot, name, at, &scalar, &value) != 0) return -1;
  sg_status status = session_set(s, slot, &value);
  if (status == SG_OK) return 0;
  if (status == SG_ERR_NOMEM) return -2;
  facts_report_unset(s->rb, slot, name, at, status);
  return -1;
}

int facts_apply(case_session *s, const char *name, const char *json, size_t len) {
  const sg_rulebook *rb = s->rb;
  json_error_t err;
  unsigned long failures = oom_json_failures();
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (oom_json_failures() != failures) { /* even a "success" may have lost a byte */
    json_decref(root);
    return oom_error(name);
  }
  if (root == NULL) {
    if (err.line > 0)
      fprintf(stderr, "%s:%d:%d: error: invalid JSON: %s\n", name, err.line,
              err.column > 0 ? err.column : 1, json_error_phrase(&err));
    else
      fprintf(stderr, "%s: error: invalid JSON: %s\n", name, json_error_phrase(&err));
    return CLI_EXIT_INPUT;
  }
  if (!json_is_object(root)) {
    fprintf(stderr,
            "%s: error: the case must be a JSON object of fact names and values (got %s)\n", name,
            value_scalar_kind_name(value_scalar_of_json(root).kind));
    json_decref(root);
    return CLI_EXIT_INPUT;
  }
  int errors = 0;
  const char *key;
  json_t *value;
  size_t position = 0;  /* of the key among the object's members, 1-based */
  member_walk walk = {json, len, 0, 1, 1, 0};
  json_object_foreach(root, key, value) {
    facts_place key_at, value_at;
    walk_member(&walk, key, &key_at, &value_at);
    position++;
    long slot = sg_fact_slot(rb, key);
    if (slot < 0) {
      facts_report_unknown(rb, name, key_at, key, position);
      errors++;
      continue;
    }
    int applied = apply_one(s, name, value_at, (size_t)slot, value);
    if (applied == -2) {
      json_decref(root);
      return oom_error(name);
    }
    if (applied != 0) errors++;
  }
  json_decref(root);
  return errors == 0 ? CLI_EXIT_OK : CLI_EXIT_INPUT;
}
