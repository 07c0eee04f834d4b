/* case.c — sgj_read_case (signaal_json.h): a JSON case file to fact
 * values. jansson parses; each value is checked against the fact's type
 * (case_messages.c, value.c) and set with the runtime's setters. No record
 * ever quotes a value, and jansson's own texts (which may quote the input)
 * are replaced by fixed phrases chosen from its error code, and a key that
 * names no fact is never shown either (it may be a child's name typed in
 * the wrong place): it is "key N", its position in the object. Records
 * about a fact give the line and column of its key or value in the file.
 */
#include "signaal_json.h"
#include "case_messages.h"
#include "sgj_alloc.h"
#include "value.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* A place in a case: line and column, 1-based; line 0 when not known. */
typedef struct {
  int line, column;
} case_place;

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
static void walk_member(member_walk *w, const char *key, case_place *key_at, case_place *value_at) {
  *key_at = *value_at = (case_place){0, 0};
  if (w->lost) return;
  walk_space(w);
  if (w->at < w->len && (w->text[w->at] == '{' || w->text[w->at] == ',')) walk_step(w);
  walk_space(w);
  if (w->at >= w->len || w->text[w->at] != '"') {
    w->lost = 1;
    return;
  }
  case_place k = {w->line, w->column};
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
  *value_at = (case_place){w->line, w->column};
  walk_value(w);
}

/* ---- records ----------------------------------------------------------------- */

/* What the reader reports to. */
typedef struct {
  sgj_error_fn report;
  void *userdata;
} reporter;

/* Pass one record to the caller's function. */
static void report(const reporter *to, sgj_severity severity, case_place at, const char *fact,
                   const char *message) {
  if (to->report == NULL) return;
  sgj_error e = {severity, at.line, at.column, fact, message};
  to->report(&e, to->userdata);
}

/* Set one fact from its JSON value at place `at`; 0 on success, -1 after
 * a record, -2 when out of memory (no record). */
static int apply_one(sg_context *ctx, const sg_rulebook *rb, const reporter *to, case_place at,
                     size_t slot, const json_t *json) {
  char message[MESSAGE_MAX];
  cli_value value;
  int meant = 0;
  value_scalar scalar = value_scalar_of_json(json);
  if (message_value(message, rb, slot, &scalar, &value, &meant) != 0) {
    report(to, SGJ_ERROR, at, sg_fact_name(rb, slot), message);
    if (meant) report(to, SGJ_NOTE, at, sg_fact_name(rb, slot), MESSAGE_MEANT);
    return -1;
  }
  sg_status status = value_set(ctx, slot, &value);
  if (status == SG_OK) return 0;
  if (status == SG_ERR_NOMEM) return -2;
  message_unset(message, rb, slot, status);
  report(to, SGJ_ERROR, at, sg_fact_name(rb, slot), message);
  return -1;
}

sg_status sgj_read_case(sg_context *ctx, const sg_rulebook *rb, const char *json, size_t len,
                        sgj_error_fn report_fn, void *userdata) {
  reporter to = {report_fn, userdata};
  char message[MESSAGE_MAX];
  json_error_t err;
  unsigned long failures = sgj_alloc_begin();
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
  if (sgj_alloc_failed(failures)) { /* even a "success" may have lost a byte */
    json_decref(root);
    return SG_ERR_NOMEM;
  }
  if (root == NULL) {
    snprintf(message, sizeof message, "invalid JSON: %s", json_error_phrase(&err));
    case_place at = {err.line > 0 ? err.line : 0, err.line > 0 && err.column > 0 ? err.column : 1};
    if (err.line <= 0) at.column = 0;
    report(&to, SGJ_ERROR, at, NULL, message);
    return SG_ERR_FORMAT;
  }
  if (!json_is_object(root)) {
    snprintf(message, sizeof message,
             "the case must be a JSON object of fact names and values (got %s)",
             value_scalar_kind_name(value_scalar_of_json(root).kind));
    report(&to, SGJ_ERROR, (case_place){0, 0}, NULL, message);
    json_decref(root);
    return SG_ERR_FORMAT;
  }
  int errors = 0;
  const char *key;
  json_t *value;
  size_t position = 0;  /* of the key among the object's members, 1-based */
  member_walk walk = {json, len, 0, 1, 1, 0};
  json_object_foreach(root, key, value) {
    case_place key_at, value_at;
    walk_member(&walk, key, &key_at, &value_at);
    position++;
    long slot = sg_fact_slot(rb, key);
    if (slot < 0) {
      message_unknown(message, rb, NULL, key, position);
      report(&to, SGJ_ERROR, key_at, NULL, message);
      errors++;
      continue;
    }
    int applied = apply_one(ctx, rb, &to, value_at, (size_t)slot, value);
    if (applied == -2) {
      json_decref(root);
      return SG_ERR_NOMEM;
    }
    if (applied != 0) errors++;
  }
  json_decref(root);
  return errors == 0 ? SG_OK : SG_ERR_FORMAT;
}
