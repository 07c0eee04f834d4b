/* test_json_lib.c — libsignaal-json (include/signaal_json.h) as an embedder
 * calls it: sgj_read_case on a valid case and on each kind of problem (the
 * exact records, with line, column and fact), an unknown key with its
 * did-you-mean, no value or unknown key in any record (the markers of
 * tests/test_privacy.c), out of memory in jansson (through its allocation
 * functions, which the library wraps), and sgj_outcome_json against
 * `signaal eval --json` on a bundled case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "signaal.h"
#include "signaal_json.h"
#include "testutil.h"

/* A small rulebook with a fact of every type (as tests/test_privacy.c's). */
static const char small_rules[] =
  "rulebook \"Json\"\n  version \"j1\"\n  effective 2016-01-01\n  source \"Test\"\n\n"
  "fact vlag: bool\n  ask \"Vlag?\"\n"
  "fact getal: int\n  ask \"Getal?\"\n"
  "fact naam: text\n  ask \"Naam?\"\n"
  "fact soort: enum { een, twee }\n  ask \"Soort?\"\n"
  "fact dag: date\n  ask \"Dag?\"\n"
  "fact moment: datetime\n  ask \"Moment?\"\n"
  "fact land: country\n  ask \"Land?\"\n"
  "rule r1 step 1 when vlag and getal > 10 and soort = een and land in { \"BE\", \"NL\" }\n"
  "  recommend \"Doe iets.\" source \"s1\"\n"
  "rule r2 step 2 when naam is known and dag < 2000-01-01 and moment < 2000-01-01T00:00\n"
  "  attention \"Let op.\" source \"s2\"\n";

/* The records one read gave, each as "L:C: error|note: [fact] message". */
typedef struct {
  char text[4096];
  size_t count;
} records;

static void collect(const sgj_error *e, void *data) {
  records *r = data;
  size_t at = strlen(r->text);
  snprintf(r->text + at, sizeof r->text - at, "%d:%d: %s: [%s] %s\n", e->line, e->column,
           e->severity == SGJ_NOTE ? "note" : "error", e->fact != NULL ? e->fact : "-",
           e->message);
  r->count++;
}

/* The small rulebook, loaded; its context in *ctx. */
static sg_rulebook *small_rulebook(sg_context **ctx) {
  int errors = 0;
  sgc_compiler *c = tu_compile("json.rules", small_rules, &errors);
  assert_non_null(c);
  assert_int_equal(errors, 0);
  size_t size = 0;
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(image, size, NULL, NULL, &rb, &err), SG_OK);
  sgc_free(c);
  *ctx = sg_context_new(rb);
  assert_non_null(*ctx);
  return rb;
}

/* Read `json` into a fresh context of the small rulebook; the status, the
 * records in *r. */
static sg_status read_small(const char *json, records *r) {
  sg_context *ctx;
  sg_rulebook *rb = small_rulebook(&ctx);
  memset(r, 0, sizeof *r);
  sg_status status = sgj_read_case(ctx, rb, json, strlen(json), collect, r);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  return status;
}

static void test_valid_case(void **state) {
  (void)state;
  sg_context *ctx;
  sg_rulebook *rb = small_rulebook(&ctx);
  const char *json = "{\"vlag\": true, \"getal\": 12, \"naam\": \"x\", \"soort\": \"een\",\n"
                     " \"dag\": \"1999-12-31\", \"moment\": \"1999-12-31T23:00\", \"land\": \"NL\"}";
  records r = {{0}, 0};
  assert_int_equal(sgj_read_case(ctx, rb, json, strlen(json), collect, &r), SG_OK);
  assert_int_equal(r.count, 0);
  char buf[32];
  assert_string_equal(sg_fact_value(ctx, (size_t)sg_fact_slot(rb, "getal"), buf, sizeof buf), "12");
  assert_string_equal(sg_fact_value(ctx, (size_t)sg_fact_slot(rb, "moment"), buf, sizeof buf),
                      "1999-12-31T23:00:00");
  assert_string_equal(sg_fact_value(ctx, (size_t)sg_fact_slot(rb, "land"), buf, sizeof buf), "NL");
  sg_set_now(ctx, 0);
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_TRUE);
  assert_int_equal(sg_rule_outcome(ctx, 1), SG_TRUE);
  /* null is unknown; the record callback may be NULL */
  assert_int_equal(sgj_read_case(ctx, rb, "{\"getal\": null}", 15, NULL, NULL), SG_OK);
  assert_null(sg_fact_value(ctx, (size_t)sg_fact_slot(rb, "getal"), buf, sizeof buf));
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

static void test_type_errors(void **state) {
  (void)state;
  records r;
  assert_int_equal(read_small("{\"getal\": \"12\",\n \"vlag\": 1,\n \"naam\": 3.5,\n"
                              " \"soort\": \"drie\",\n \"dag\": \"31-12-1999\",\n"
                              " \"moment\": \"1999-12-31\",\n \"land\": \"UK\",\n"
                              " \"getal\": 4}", &r), SG_ERR_FORMAT);
  /* a key twice: the whole text is refused, as jansson reads it */
  assert_string_equal(r.text, "8:8: error: [-] invalid JSON: a key occurs twice\n");
  assert_int_equal(read_small("{\"getal\": \"12\",\n \"vlag\": 1,\n \"naam\": 3.5,\n"
                              " \"soort\": \"drie\",\n \"dag\": \"31-12-1999\",\n"
                              " \"moment\": \"1999-12-31\",\n \"land\": \"UK\"}", &r),
                   SG_ERR_FORMAT);
  assert_string_equal(r.text,
    "1:11: error: [getal] fact 'getal' expects an int (got a string)\n"
    "2:10: error: [vlag] fact 'vlag' expects a bool (got an integer)\n"
    "3:10: error: [naam] fact 'naam' expects a text (got a number with a fraction)\n"
    "4:11: error: [soort] fact 'soort' expects one of: een, twee\n"
    "5:9: error: [dag] fact 'dag' expects a date \"YYYY-MM-DD\" (got a string that is not such a date)\n"
    "6:12: error: [moment] fact 'moment' expects a datetime \"YYYY-MM-DDTHH:MM[:SS]\" (got a string "
    "that is not such a datetime)\n"
    "7:10: error: [land] fact 'land' expects a country code in upper case, as ISO 3166-1 alpha-2 "
    "assigns it, such as \"NL\"\n"
    "7:10: note: [land] this is another form of a value the fact takes (an alias, a name or another "
    "case); give the value itself\n");
  assert_int_equal(read_small("[1]", &r), SG_ERR_FORMAT);
  assert_string_equal(r.text, "0:0: error: [-] the case must be a JSON object of fact names and "
                              "values (got an array)\n");
  assert_int_equal(read_small("{\"getal\": ", &r), SG_ERR_FORMAT);
  assert_string_equal(r.text, "1:10: error: [-] invalid JSON: unexpected end of input\n");
}

static void test_unknown_key(void **state) {
  (void)state;
  records r;
  assert_int_equal(read_small("{\"vlag\": true, \"getl\": 3, \"Jansen7731\": 1}", &r),
                   SG_ERR_FORMAT);
  assert_string_equal(r.text, "1:16: error: [-] unknown fact (key 2); did you mean 'getal'?\n"
                              "1:27: error: [-] unknown fact (key 3)\n");
}

/* No record holds a value or an unknown key of the case: every value and
 * key below is a marker, in every wrong place. */
static void test_never_a_value(void **state) {
  (void)state;
  static const char *const cases[] = {
    "{\"getal\": \"MARKER7731\"}", "{\"getal\": 777331.5}", "{\"vlag\": \"MARKER7731\"}",
    "{\"vlag\": 777331}", "{\"naam\": 777331}", "{\"soort\": \"MARKER7731\"}",
    "{\"dag\": \"1903-07-31x\"}", "{\"dag\": \"MARKER7731\"}", "{\"moment\": \"1903-07-31\"}",
    "{\"land\": \"Tuvalu\"}", "{\"land\": \"tv\"}", "{\"MARKER7731KEY\": 1}", "{\"Jansen7731\": 1}",
    "{\"getalQ7\": \"MARKER7731\"}", "{\"naam\": \"MARKER7731\", \"naam\": \"Jansen\"}",
    "{\"naam\": \"MARKER7731", "\"MARKER7731\"", "777331", "{\"naam\": \"MARKER7731\\u0000\"}",
  };
  static const char *const markers[] = {
    "777331", "1903-07", "MARKER7731", "Jansen", "Tuvalu", "\"TV\"", "tv", "Q7", NULL,
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    records r;
    assert_int_equal(read_small(cases[i], &r), SG_ERR_FORMAT);
    assert_true(r.count > 0);
    for (size_t m = 0; markers[m] != NULL; m++)
      if (strstr(r.text, markers[m]) != NULL) fail_msg("case %zu shows '%s': %s", i, markers[m], r.text);
  }
}

/* jansson's allocations, the n-th one failing (0: none). */
static unsigned long alloc_count, alloc_fail_at;
static void *failing_malloc(size_t size) {
  return ++alloc_count == alloc_fail_at ? NULL : malloc(size);
}

static void test_out_of_memory(void **state) {
  (void)state;
  sg_context *ctx;
  sg_rulebook *rb = small_rulebook(&ctx);
  const char *json = "{\"vlag\": true, \"getal\": 12, \"naam\": \"een lange tekst, langer dan "
                     "jansson's eerste buffer van zestien tekens\", \"soort\": \"een\"}";
  json_set_alloc_funcs(failing_malloc, free);  /* the library wraps these */
  alloc_count = 0;
  alloc_fail_at = 0;
  assert_int_equal(sgj_read_case(ctx, rb, json, strlen(json), NULL, NULL), SG_OK);
  unsigned long total = alloc_count, nomem = 0;
  assert_true(total > 3);
  for (alloc_fail_at = 1; alloc_fail_at <= total; alloc_fail_at++) {
    alloc_count = 0;
    sg_context_reset(ctx);
    records r = {{0}, 0};
    sg_status status = sgj_read_case(ctx, rb, json, strlen(json), collect, &r);
    /* every failure is out of memory, never a wrong case or a lost byte */
    assert_int_equal(status, SG_ERR_NOMEM);
    assert_int_equal(r.count, 0);
    nomem++;
  }
  assert_int_equal(nomem, total);
  /* the outcome: NULL or whole */
  sg_set_now(ctx, 0);
  sgj_read_case(ctx, rb, json, strlen(json), NULL, NULL);
  assert_int_equal(sg_eval(ctx), SG_OK);
  alloc_count = 0;
  alloc_fail_at = 0;
  char *whole = sgj_outcome_json(ctx, rb, 0, SGJ_WITH_FACTS);
  assert_non_null(whole);
  total = alloc_count;
  for (alloc_fail_at = 1; alloc_fail_at <= total; alloc_fail_at++) {
    alloc_count = 0;
    char *text = sgj_outcome_json(ctx, rb, 0, SGJ_WITH_FACTS);
    assert_null(text);
  }
  free(whole);
  json_set_alloc_funcs(malloc, free);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* sgj_outcome_json on a bundled case is `signaal eval --json`, but for
 * the case file's hash (null here); SGJ_WITH_FACTS gives the facts. */
static void test_outcome_is_eval_json(void **state) {
  (void)state;
  const char *case_file = "rules/examples/01-zakkenroller-dinsdag.json";
  tu_result cli = tu_signaal("eval rules/uitbuiting.rules --facts "
                             "rules/examples/01-zakkenroller-dinsdag.json --now 2016-11-08T12:00 "
                             "--json --with-facts", NULL);
  assert_int_equal(cli.status, 0);
  int errors = 0;
  size_t size = 0;
  const char *main_file = "rules/uitbuiting.rules";
  sgc_compiler *c = sgc_new();
  errors = sgc_compile_files(c, &main_file, 1);
  assert_int_equal(errors, 0);
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(image, size, NULL, NULL, &rb, &err), SG_OK);
  sg_context *ctx = sg_context_new(rb);
  size_t len = 0;
  char *json = tu_read_file(case_file, &len);
  assert_int_equal(sgj_read_case(ctx, rb, json, len, NULL, NULL), SG_OK);
  int64_t now;
  assert_int_equal(sg_parse_datetime("2016-11-08T12:00", &now), 0);
  sg_set_now(ctx, now);
  assert_int_equal(sg_eval(ctx), SG_OK);
  char *text = sgj_outcome_json(ctx, rb, now, SGJ_WITH_FACTS);
  assert_non_null(text);
  /* the same text but for the one line of the hash */
  char *hash = strstr(cli.out, "\n  \"case_sha256\": \"");
  assert_non_null(hash);
  char *hash_end = strchr(hash + 1, '\n');
  size_t room = strlen(cli.out) + 64;
  char *expected = malloc(room);
  assert_non_null(expected);
  snprintf(expected, room, "%.*s\n  \"case_sha256\": null,%s", (int)(hash - cli.out),
           cli.out, hash_end);
  assert_string_equal(text, expected);
  free(expected);
  char *plain = sgj_outcome_json(ctx, rb, now, 0);
  assert_non_null(plain);
  assert_null(strstr(plain, "\"facts\""));
  assert_non_null(strstr(plain, "\"rvdk_kantoren\""));
  free(plain);
  free(text);
  free(json);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  sgc_free(c);
  tu_result_free(&cli);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid_case),
    cmocka_unit_test(test_type_errors),
    cmocka_unit_test(test_unknown_key),
    cmocka_unit_test(test_never_a_value),
    cmocka_unit_test(test_out_of_memory),
    cmocka_unit_test(test_outcome_is_eval_json),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
