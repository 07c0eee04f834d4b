/* value.c — the codec of fact values for every part of the CLI: one table,
 * expanded from runtime/types.def, with per type how a value is read (JSON,
 * answer, given), set, written (text, JSON) and described (schema, messages).
 * Problems never quote the value: the data is about vulnerable children.
 */
#include "value.h"
#include "country.h"
#include "util.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

/* The numbers of signaal.h and signaal_compiler.h are the format's type codes. */
#define TYPE(ID, code, name, article, ordered, json)                              \
  _Static_assert(SG_##ID == (code), "signaal.h disagrees with types.def: " name); \
  _Static_assert((int)SGC_GIVEN_##ID == (code), "sgc_given_kind disagrees with types.def: " name);
#include "types.def"
#undef TYPE

/* What a reader gets: the fact, the text to read (a JSON string or a
 * trimmed answer), where the value goes and, for an answer, the problem. */
typedef struct {
  const sg_rulebook *rb;
  size_t slot;
  const char *text;
  cli_value *out;
  char *problem;          /* VALUE_PROBLEM_MAX bytes; answers only */
} value_read;

/* One type: the columns of types.def, then what the CLI adds. */
typedef struct {
  const char *name, *article;
  const char *json;       /* the JSON kind: "boolean", "integer" or "string" */
  const char *shape;      /* how a case file writes it, for messages; NULL: no shape */
  const char *hint;       /* what the interview asks for, in Dutch */
  int listed;             /* its values are the fact's list of names ("enum" in a schema) */
  const char *format;     /* the schema's "format", or NULL */
  const char *pattern;    /* the schema's "pattern" and "$comment", or NULL */
  const char *comment;
  /* A value from a JSON string (the "string" kinds; NULL for the others). */
  value_status (*from_string)(const value_read *r);
  /* A value from an answer: 0, or -1 with the problem written. */
  int (*from_answer)(const value_read *r);
  sg_status (*set)(sg_context *ctx, size_t slot, const cli_value *v);
  /* The value as text into `buf`; NULL: the value's own text. */
  const char *(*text)(const cli_value *v, char buf[VALUE_TEXT_MAX]);
  /* The schema of the fact's values (NULL: "type", "format", "pattern"). */
  int (*schema)(json_t *property, const sg_rulebook *rb, size_t slot);
  /* The value a string that is none perhaps meant, as text; NULL: no hint. */
  const char *(*suggest)(const char *text);
} value_type;

/* ---- reading ---------------------------------------------------------------- */

/* Whether an answer names `name` loosely: ASCII case ignored, and a space or
 * '-' in the answer matching a '_' in the name ("Den Haag" for den_haag). */
static int loosely_names(const char *answer, const char *name) {
  for (; *answer != '\0' && *name != '\0'; answer++, name++) {
    char a = *answer >= 'A' && *answer <= 'Z' ? (char)(*answer - 'A' + 'a') : *answer;
    char n = *name >= 'A' && *name <= 'Z' ? (char)(*name - 'A' + 'a') : *name;
    if ((a == ' ' || a == '-') && n == '_') continue;
    if (a != n) return 0;
  }
  return *answer == '\0' && *name == '\0';
}

/* The listed value at `index` of the reader's fact; returns 0. */
static int listed_value(const value_read *r, size_t index) {
  *r->out = (cli_value){SG_ENUM, (int64_t)index, sg_fact_enum_value(r->rb, r->slot, index)};
  return 0;
}

/* A text: the string itself. */
static value_status text_from_string(const value_read *r) {
  *r->out = (cli_value){SG_TEXT, 0, r->text};
  return VALUE_OK;
}

/* An enum: the value of that exact name. */
static value_status enum_from_string(const value_read *r) {
  for (size_t i = 0; i < sg_fact_enum_count(r->rb, r->slot); i++)
    if (strcmp(r->text, sg_fact_enum_value(r->rb, r->slot, i)) == 0)
      return (value_status)listed_value(r, i);
  return VALUE_NOT_LISTED;
}

/* A date: YYYY-MM-DD. */
static value_status date_from_string(const value_read *r) {
  int32_t days = 0;
  if (sg_parse_date(r->text, &days) != 0) return VALUE_MALFORMED;
  *r->out = (cli_value){SG_DATE, days, NULL};
  return VALUE_OK;
}

/* A datetime: YYYY-MM-DDTHH:MM[:SS]. */
static value_status datetime_from_string(const value_read *r) {
  int64_t seconds = 0;
  if (sg_parse_datetime(r->text, &seconds) != 0) return VALUE_MALFORMED;
  *r->out = (cli_value){SG_DATETIME, seconds, NULL};
  return VALUE_OK;
}

/* A country: exactly an assigned ISO 3166-1 alpha-2 code ("GB"). */
static value_status country_from_string(const value_read *r) {
  long country = sgr_country_find(r->text);
  if (country < 0) return VALUE_NOT_LISTED;
  *r->out = (cli_value){SG_COUNTRY, country, sgr_country_code((uint32_t)country)};
  return VALUE_OK;
}

/* `sentence` as the reader's problem; returns -1. */
static int problem_is(const value_read *r, const char *sentence) {
  snprintf(r->problem, VALUE_PROBLEM_MAX, "%s", sentence);
  return -1;
}

/* ja/j/true or nee/n/false, in any case. */
static int bool_from_answer(const value_read *r) {
  static const char *const words[2][4] = {{"nee", "n", "false", NULL}, {"ja", "j", "true", NULL}};
  for (int yes = 0; yes < 2; yes++) {
    for (size_t i = 0; words[yes][i] != NULL; i++) {
      if (strcasecmp(r->text, words[yes][i]) != 0) continue;
      *r->out = (cli_value){SG_BOOL, yes, NULL};
      return 0;
    }
  }
  return problem_is(r, "Dat is geen ja of nee; typ ja of nee (of j of n).");
}

/* A whole number. */
static int int_from_answer(const value_read *r) {
  int64_t number = 0;
  if (!sgr_parse_int(r->text, &number))
    return problem_is(r, "Dat is geen geheel getal; typ alleen cijfers, bijvoorbeeld 15.");
  *r->out = (cli_value){SG_INT, number, NULL};
  return 0;
}

/* Any line that is valid UTF-8 (it may be saved as JSON). */
static int text_from_answer(const value_read *r) {
  if (!sgr_utf8_valid(r->text, strlen(r->text)))
    return problem_is(r, "Deze tekst bevat tekens die niet te lezen zijn (geen UTF-8); typ hem "
                         "opnieuw.");
  return (int)text_from_string(r);
}

/* An enum answer: the value's number as listed (1 .. count), its exact
 * name, or its name loosely. */
static int enum_from_answer(const value_read *r) {
  size_t count = sg_fact_enum_count(r->rb, r->slot);
  int numbered = r->text[0] >= '0' && r->text[0] <= '9';
  int64_t number = 0;
  if (numbered && sgr_parse_int(r->text, &number) && number >= 1 && (uint64_t)number <= count)
    return listed_value(r, (size_t)(number - 1));
  if (!numbered && enum_from_string(r) == VALUE_OK) return 0;
  for (size_t i = 0; !numbered && i < count; i++)
    if (loosely_names(r->text, sg_fact_enum_value(r->rb, r->slot, i))) return listed_value(r, i);
  snprintf(r->problem, VALUE_PROBLEM_MAX,
           numbered ? "Dat nummer staat niet in de lijst; kies een nummer van 1 tot %zu."
                    : "Dat is geen van de mogelijkheden; typ een nummer van 1 tot %zu of een "
                      "naam uit de lijst.",
           count);
  return -1;
}

/* A country answer: its code, in any case ("gb" for GB); for anything else
 * the code it perhaps means, with the country's name. */
static int country_from_answer(const value_read *r) {
  char code[3] = {0};
  if (strlen(r->text) == 2)
    for (int i = 0; i < 2; i++)
      code[i] = r->text[i] >= 'a' && r->text[i] <= 'z' ? (char)(r->text[i] - 'a' + 'A') : r->text[i];
  value_read upper = *r;
  upper.text = code;
  if (code[0] != '\0' && country_from_string(&upper) == VALUE_OK) return 0;
  long meant = sgr_country_suggest(r->text);
  if (meant >= 0) {
    snprintf(r->problem, VALUE_PROBLEM_MAX, "Dat is geen landcode; bedoelt u %s (%s)?",
             sgr_country_code((uint32_t)meant), sgr_country_name((uint32_t)meant));
    return -1;
  }
  return problem_is(r, "Dat is geen landcode; typ de code van twee letters volgens ISO 3166-1, "
                       "bijvoorbeeld NL.");
}

/* YYYY-MM-DD. */
static int date_from_answer(const value_read *r) {
  if (date_from_string(r) == VALUE_OK) return 0;
  return problem_is(r, "Dat is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2016-11-08.");
}

/* A datetime answer; "2016-11-08 11:00" is taken as "2016-11-08T11:00". */
static int datetime_from_answer(const value_read *r) {
  char moment[VALUE_TEXT_MAX];
  size_t len = strlen(r->text);
  value_read spaced = *r;
  if (len > 10 && len < sizeof moment && r->text[10] == ' ') {
    memcpy(moment, r->text, len + 1);
    moment[10] = 'T';
    spaced.text = moment;
  }
  if (datetime_from_string(&spaced) == VALUE_OK) return 0;
  int is_date = date_from_string(r) == VALUE_OK;
  *r->out = (cli_value){0, 0, NULL};
  snprintf(r->problem, VALUE_PROBLEM_MAX,
           "%s; gebruik JJJJ-MM-DDTHH:MM, bijvoorbeeld 2016-11-08T11:00.",
           is_date ? "De tijd ontbreekt" : "Dat is geen datum met tijd");
  return -1;
}

/* ---- setting and writing ------------------------------------------------------ */

/* Set a bool fact. */
static sg_status bool_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_bool(ctx, slot, v->number != 0);
}

/* Set an int fact. */
static sg_status int_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_int(ctx, slot, v->number);
}

/* Set a text fact (no text: the empty one). */
static sg_status text_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_text(ctx, slot, v->text != NULL ? v->text : "");
}

/* Set an enum fact by its value's index. */
static sg_status enum_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return v->number < 0 ? SG_ERR_VALUE : sg_set_enum_index(ctx, slot, (size_t)v->number);
}

/* Set a country fact by its code. */
static sg_status country_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_country(ctx, slot, v->text);
}

/* Set a date fact (days). */
static sg_status date_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_date(ctx, slot, (int32_t)v->number);
}

/* Set a datetime fact (seconds). */
static sg_status datetime_set(sg_context *ctx, size_t slot, const cli_value *v) {
  return sg_set_datetime(ctx, slot, v->number);
}

/* "true" or "false". */
static const char *bool_text(const cli_value *v, char buf[VALUE_TEXT_MAX]) {
  snprintf(buf, VALUE_TEXT_MAX, "%s", v->number != 0 ? "true" : "false");
  return buf;
}

/* The decimal number. */
static const char *int_text(const cli_value *v, char buf[VALUE_TEXT_MAX]) {
  snprintf(buf, VALUE_TEXT_MAX, "%" PRId64, v->number);
  return buf;
}

/* YYYY-MM-DD. */
static const char *date_text(const cli_value *v, char buf[VALUE_TEXT_MAX]) {
  sg_format_date((int32_t)v->number, buf);
  return buf;
}

/* YYYY-MM-DDTHH:MM:SS. */
static const char *datetime_text(const cli_value *v, char buf[VALUE_TEXT_MAX]) {
  sg_format_datetime(v->number, buf);
  return buf;
}

/* The code a text that is no country code perhaps means ("GB" for "UK"). */
static const char *country_suggest(const char *text) {
  long meant = sgr_country_suggest(text);
  return meant >= 0 ? sgr_country_code((uint32_t)meant) : NULL;
}

/* ---- the table -------------------------------------------------------------------- */

static int schema_listed(json_t *property, const sg_rulebook *rb, size_t slot);
static int schema_countries(json_t *property, const sg_rulebook *rb, size_t slot);

#define DATETIME_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"

/* What the CLI adds to each type of types.def, in the order of value_type:
 * shape, hint, listed, format, pattern, comment, from_string, from_answer,
 * set, text, schema, suggest. A type added to types.def without its line
 * here does not build. */
#define CLI_BOOL     NULL, "ja/nee", 0, NULL, NULL, NULL, \
                     NULL, bool_from_answer, bool_set, bool_text, NULL, NULL
#define CLI_INT      NULL, "een geheel getal", 0, NULL, NULL, NULL, \
                     NULL, int_from_answer, int_set, int_text, NULL, NULL
#define CLI_TEXT     NULL, "vrije tekst", 0, NULL, NULL, NULL, \
                     text_from_string, text_from_answer, text_set, NULL, NULL, NULL
#define CLI_ENUM     NULL, "een nummer of een naam uit de lijst", 1, NULL, NULL, NULL, \
                     enum_from_string, enum_from_answer, enum_set, NULL, schema_listed, NULL
#define CLI_DATE     "\"YYYY-MM-DD\"", "een datum JJJJ-MM-DD", 0, "date", NULL, NULL, \
                     date_from_string, date_from_answer, date_set, date_text, NULL, NULL
#define CLI_DATETIME "\"YYYY-MM-DDTHH:MM[:SS]\"", "datum en tijd JJJJ-MM-DDTHH:MM", 0, NULL, \
                     DATETIME_PATTERN, "local Dutch time, without a UTC offset", \
                     datetime_from_string, datetime_from_answer, datetime_set, datetime_text, \
                     NULL, NULL
#define CLI_COUNTRY  "code in upper case, as ISO 3166-1 alpha-2 assigns it, such as \"NL\"", \
                     "een landcode van twee letters, bijvoorbeeld NL", 0, NULL, NULL, \
                     NULL, country_from_string, country_from_answer, country_set, NULL, \
                     schema_countries, country_suggest

static const value_type types[] = {
#define TYPE(ID, code, name, article, ordered, json) [code] = {name, article, json, CLI_##ID},
#include "types.def"
#undef TYPE
};

/* The table's entry for `type`, or NULL. */
static const value_type *type_at(sg_type type) {
  size_t i = (size_t)type;
  return i < sizeof types / sizeof types[0] && types[i].name != NULL ? &types[i] : NULL;
}

/* Set `key` of `object` to a new value; -1 when either is missing. */
static int set_new(json_t *object, const char *key, json_t *value) {
  return value != NULL && json_object_set_new(object, key, value) == 0 ? 0 : -1;
}

/* "enum": [the fact's values…, null]; -1 when out of memory. */
static int schema_listed(json_t *property, const sg_rulebook *rb, size_t slot) {
  json_t *values = json_array();
  int failed = values == NULL;
  for (size_t i = 0; !failed && i < sg_fact_enum_count(rb, slot); i++)
    failed = json_array_append_new(values, json_string(sg_fact_enum_value(rb, slot, i))) != 0;
  if (!failed) failed = json_array_append_new(values, json_null()) != 0;
  if (failed) {
    json_decref(values);
    return -1;
  }
  return set_new(property, "enum", values);
}

/* "enum": [every assigned country code…, null]; -1 when out of memory. */
static int schema_countries(json_t *property, const sg_rulebook *rb, size_t slot) {
  (void)rb;
  (void)slot;
  json_t *codes = json_array();
  int failed = codes == NULL;
  for (uint32_t i = 0; !failed && i < SGR_COUNTRY_COUNT; i++)
    failed = json_array_append_new(codes, json_string(sgr_country_code(i))) != 0;
  if (!failed) failed = json_array_append_new(codes, json_null()) != 0;
  if (failed) {
    json_decref(codes);
    return -1;
  }
  return set_new(property, "enum", codes) ||
         set_new(property, "$comment", json_string("an ISO 3166-1 alpha-2 country code"));
}

/* ---- the API ---------------------------------------------------------------------- */

const char *value_type_name(sg_type type) {
  const value_type *t = type_at(type);
  return t != NULL ? t->name : "value";
}

int value_type_listed(sg_type type) {
  const value_type *t = type_at(type);
  return t != NULL && t->listed;
}

const char *value_scalar_kind_name(value_scalar_kind kind) {
  static const char *const kinds[] = {
    [SCALAR_OBJECT] = "an object", [SCALAR_ARRAY] = "an array", [SCALAR_STRING] = "a string",
    [SCALAR_INT] = "an integer", [SCALAR_REAL] = "a number with a fraction",
    [SCALAR_BOOL] = "a boolean", [SCALAR_NULL] = "null",
  };
  size_t k = (size_t)kind;
  return k < sizeof kinds / sizeof kinds[0] && kinds[k] != NULL ? kinds[k] : "a value";
}

value_scalar value_scalar_of_json(const json_t *json) {
  switch (json_typeof(json)) {
  case JSON_OBJECT: return (value_scalar){SCALAR_OBJECT, 0, NULL};
  case JSON_ARRAY: return (value_scalar){SCALAR_ARRAY, 0, NULL};
  case JSON_STRING: return (value_scalar){SCALAR_STRING, 0, json_string_value(json)};
  case JSON_INTEGER: return (value_scalar){SCALAR_INT, (int64_t)json_integer_value(json), NULL};
  case JSON_REAL: return (value_scalar){SCALAR_REAL, 0, NULL};
  case JSON_TRUE: return (value_scalar){SCALAR_BOOL, 1, NULL};
  case JSON_FALSE: return (value_scalar){SCALAR_BOOL, 0, NULL};
  case JSON_NULL: break;
  }
  return (value_scalar){SCALAR_NULL, 0, NULL};
}

value_status value_from_scalar(const sg_rulebook *rb, size_t slot, const value_scalar *scalar,
                               cli_value *out) {
  *out = (cli_value){0, 0, NULL};
  if (scalar->kind == SCALAR_NULL) return VALUE_NULL;
  sg_type type = sg_fact_type(rb, slot);
  const value_type *t = type_at(type);
  if (t == NULL) return VALUE_WRONG_KIND;
  if (strcmp(t->json, "boolean") == 0 && scalar->kind == SCALAR_BOOL) {
    *out = (cli_value){type, scalar->number != 0, NULL};
    return VALUE_OK;
  }
  if (strcmp(t->json, "integer") == 0 && scalar->kind == SCALAR_INT) {
    *out = (cli_value){type, scalar->number, NULL};
    return VALUE_OK;
  }
  if (strcmp(t->json, "string") != 0 || scalar->kind != SCALAR_STRING || t->from_string == NULL)
    return VALUE_WRONG_KIND;
  value_read r = {rb, slot, scalar->string, out, NULL};
  return t->from_string(&r);
}

value_status value_from_json(const sg_rulebook *rb, size_t slot, const json_t *json,
                             cli_value *out) {
  value_scalar scalar = value_scalar_of_json(json);
  return value_from_scalar(rb, slot, &scalar, out);
}

int value_from_answer(const sg_rulebook *rb, size_t slot, const char *text, cli_value *out,
                      char problem[VALUE_PROBLEM_MAX]) {
  *out = (cli_value){0, 0, NULL};
  value_read r = {rb, slot, text, out, problem};
  const value_type *t = type_at(sg_fact_type(rb, slot));
  return t != NULL ? t->from_answer(&r) : problem_is(&r, "Dit gegeven kan hier niet worden "
                                                         "ingevuld.");
}

int value_from_given(const sg_rulebook *rb, size_t slot, const sgc_given *given,
                     cli_value *out) {
  *out = (cli_value){0, 0, NULL};
  if (given->kind == SGC_GIVEN_UNKNOWN) return 0;
  sg_type type = sg_fact_type(rb, slot);
  const value_type *t = type_at(type);
  if (t == NULL || (int)given->kind != (int)type) return -1;
  if (t->from_string == NULL || given->text == NULL) {
    /* a number, or a text given as NULL: the empty text */
    *out = (cli_value){type, given->number, t->from_string != NULL ? "" : NULL};
    return 0;
  }
  value_read r = {rb, slot, given->text, out, NULL};
  return t->from_string(&r) == VALUE_OK ? 0 : -1;
}

sg_status value_set(sg_context *ctx, size_t slot, const cli_value *v) {
  if (v->type == 0) return sg_set_unknown(ctx, slot);
  const value_type *t = type_at(v->type);
  return t != NULL ? t->set(ctx, slot, v) : SG_ERR_TYPE;
}

const char *value_text(const cli_value *v, char buf[VALUE_TEXT_MAX]) {
  const value_type *t = type_at(v->type);
  if (t == NULL) return NULL;
  return t->text != NULL ? t->text(v, buf) : v->text != NULL ? v->text : "";
}

json_t *value_json(const cli_value *v) {
  const value_type *t = type_at(v->type);
  if (t == NULL) return json_null();
  if (strcmp(t->json, "boolean") == 0) return json_boolean(v->number != 0);
  if (strcmp(t->json, "integer") == 0) return json_integer((json_int_t)v->number);
  char buf[VALUE_TEXT_MAX];
  return json_string(value_text(v, buf));
}

int value_schema(json_t *property, const sg_rulebook *rb, size_t slot) {
  const value_type *t = type_at(sg_fact_type(rb, slot));
  if (t == NULL) return -1;
  if (t->schema != NULL) return t->schema(property, rb, slot);
  int failed = set_new(property, "type", json_pack("[ss]", t->json, "null"));
  if (!failed && t->format != NULL) failed = set_new(property, "format", json_string(t->format));
  if (!failed && t->pattern != NULL)
    failed = set_new(property, "pattern", json_string(t->pattern)) ||
             set_new(property, "$comment", json_string(t->comment));
  return failed ? -1 : 0;
}

void value_expected(const sg_rulebook *rb, size_t slot, char *buf, size_t len) {
  const value_type *t = type_at(sg_fact_type(rb, slot));
  if (len == 0) return;
  buf[0] = '\0';
  if (t == NULL) {
    snprintf(buf, len, "a value of an unsupported type");
  } else if (t->listed) {
    size_t at = (size_t)snprintf(buf, len, "one of: ");
    for (size_t i = 0; at < len && i < sg_fact_enum_count(rb, slot); i++)
      at += (size_t)snprintf(buf + at, len - at, "%s%s", i > 0 ? ", " : "",
                             sg_fact_enum_value(rb, slot, i));
  } else {
    snprintf(buf, len, "%s %s%s%s", t->article, t->name, t->shape != NULL ? " " : "",
             t->shape != NULL ? t->shape : "");
  }
}

const char *value_suggest(const sg_rulebook *rb, size_t slot, const char *text) {
  const value_type *t = type_at(sg_fact_type(rb, slot));
  return t != NULL && t->suggest != NULL && text != NULL ? t->suggest(text) : NULL;
}

const char *value_answer_hint(const sg_rulebook *rb, size_t slot) {
  const value_type *t = type_at(sg_fact_type(rb, slot));
  return t != NULL ? t->hint : "een waarde";
}
