/* value.h — the CLI's one codec of fact values: a value read from a case
 * file's JSON, an interview answer or an example's given; set on a context;
 * written as text, as JSON and as a JSON Schema fragment. One table (from
 * runtime/types.def) says per type how; no caller switches on a type.
 */
#ifndef SG_CLI_VALUE_H
#define SG_CLI_VALUE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* A fact value as the CLI holds it. `type` 0 means unknown. `number` is a
 * bool (0/1), an int, an enum value's index, a date (days), a datetime
 * (seconds) or a country's index; `text` is a text fact's text, an enum
 * value's name or a country's code (borrowed from whatever the value was
 * read from, or static), NULL for the others. */
typedef struct {
  sg_type type;
  int64_t number;
  const char *text;
} cli_value;

/* Room value_text needs; the longest problem value_from_answer writes. */
#define VALUE_TEXT_MAX 32
#define VALUE_PROBLEM_MAX 160

/* What reading a JSON value gave. */
typedef enum {
  VALUE_OK,          /* *out holds the value */
  VALUE_NULL,        /* JSON null: the fact is unknown (*out has type 0) */
  VALUE_WRONG_KIND,  /* not the JSON kind the type takes (a string for an int) */
  VALUE_MALFORMED,   /* the right kind, but not such a value (no date) */
  VALUE_NOT_LISTED   /* a name or code that is none of the values the fact takes */
} value_status;

/* The word for a type ("datetime"); "value" for one the table does not know. */
const char *value_type_name(sg_type type);
/* Whether the fact's values are a list of names (an enum): they are shown
 * as a numbered list, and messages list them. */
int value_type_listed(sg_type type);

/* A JSON value as any reader sees it, whatever parsed it (jansson for a
 * case file, yajl's events for `eval --batch`): its kind and, for the
 * scalars a fact can take, the value. */
typedef enum {
  SCALAR_NULL, SCALAR_BOOL, SCALAR_INT, SCALAR_REAL, SCALAR_STRING, SCALAR_OBJECT, SCALAR_ARRAY
} value_scalar_kind;
typedef struct {
  value_scalar_kind kind;
  int64_t number;          /* SCALAR_BOOL: 0/1; SCALAR_INT: the integer */
  const char *string;      /* SCALAR_STRING: NUL-terminated (borrowed) */
} value_scalar;

/* How a scalar's kind is described in messages: "a string", "an integer",
 * "a number with a fraction", "an object", … */
const char *value_scalar_kind_name(value_scalar_kind kind);

/* The value of the fact at `slot` of `rb` that `scalar` gives (a string
 * value's text borrowed from the scalar). */
value_status value_from_scalar(const sg_rulebook *rb, size_t slot, const value_scalar *scalar,
                               cli_value *out);

/* `json` as a scalar (its string borrowed). */
value_scalar value_scalar_of_json(const json_t *json);

/* The value of the fact at `slot` of `rb` that `json` gives. */
value_status value_from_json(const sg_rulebook *rb, size_t slot, const json_t *json,
                             cli_value *out);

/* The value of the fact at `slot` that a case worker's answer `text`
 * (trimmed, not empty, not a keyword) gives: 0, or -1 with a Dutch sentence
 * in `problem` that does not repeat the answer. Lenient: ja/nee/j/n/true/false
 * in any case for a bool; an enum value's number as listed (1 .. count) or its
 * name in any case, with a space or '-' for '_'; a space between date and time;
 * a country's code in any case (an alias or a Dutch name gets a hint). */
int value_from_answer(const sg_rulebook *rb, size_t slot, const char *text, cli_value *out,
                      char problem[VALUE_PROBLEM_MAX]);

/* The value an example's given sets on the fact at `slot`: 0, or -1 when the
 * given has another type or names no value of the fact's list. */
int value_from_given(const sg_rulebook *rb, size_t slot, const sgc_given *given,
                     cli_value *out);

/* Set the fact at `slot` of `ctx` to `v` (type 0: unknown); the setter's status. */
sg_status value_set(sg_context *ctx, size_t slot, const cli_value *v);

/* `v` as text: "true", "15", the text, the enum value's name, YYYY-MM-DD,
 * YYYY-MM-DDTHH:MM:SS (the runtime's sg_fact_value forms); NULL when unknown.
 * `buf` holds what needs formatting. */
const char *value_text(const cli_value *v, char buf[VALUE_TEXT_MAX]);

/* `v` in its JSON kind (true, 15, "2016-11-08"), null when unknown; a new
 * reference, NULL when out of memory. */
json_t *value_json(const cli_value *v);

/* Add the JSON Schema of the fact at `slot` to `property`: "type" (with
 * null) or "enum" (with null: an enum's values, every country code), and a
 * date's "format" or a datetime's "pattern". Returns 0, or -1 when out of
 * memory. */
int value_schema(json_t *property, const sg_rulebook *rb, size_t slot);

/* What a case file must give the fact at `slot`, for messages, into `buf`
 * (`len` bytes; cut short when it does not fit): "a bool", "a date
 * \"YYYY-MM-DD\"", "one of: noord, zuid". */
void value_expected(const sg_rulebook *rb, size_t slot, char *buf, size_t len);

/* For a string `text` that is no value of the fact at `slot`, the value it
 * perhaps meant ("GB" for a country given as "UK", "gb" or "Verenigd
 * Koninkrijk"); NULL when there is none. Never set it: it is a hint, and
 * a message about a case file only says that there is one (naming it would
 * show the case's value). */
const char *value_suggest(const sg_rulebook *rb, size_t slot, const char *text);

/* What the interview asks for the fact at `slot`, in Dutch: "ja/nee", "een
 * datum JJJJ-MM-DD", … A static string. */
const char *value_answer_hint(const sg_rulebook *rb, size_t slot);

#endif
