/* test_assumptions.c — the `assumption` clause from source to report, on
 * tests/golden/assumptions.rules (an assumption on windows, a signal, a
 * condition and rules): its disassembly (golden: each assumption under its
 * owner); `signaal test`, which lists them with their places; and the
 * reports of a case (goldens: text with and without --explain, JSON,
 * Markdown), where each piece of advice lists the assumptions it rests on:
 * its rule's, its signals' and conditions', and their windows' when they
 * decided on a date-time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "testutil.h"

#define RULES "tests/golden/assumptions.rules"
#define CASE "--facts tests/golden/assumptions-case.json --now 2020-03-09T11:00"

/* Run `signaal ARGS`, expect exit 0, compare standard output with
 * tests/golden/NAME (hashes masked). */
static void check_golden(const char *golden, const char *args) {
  tu_result r = tu_signaal(args, NULL);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  tu_mask_hashes(r.out);
  assert_int_equal(tu_golden(golden, r.out), 0);
  tu_result_free(&r);
}

static void test_disassembly(void **state) {
  (void)state;
  check_golden("assumptions.disasm", "disasm " RULES);
}

/* `signaal test` lists every assumption after the coverage, before the
 * count of examples, also with --quiet; a rulebook without any lists none. */
static void test_test_lists_assumptions(void **state) {
  (void)state;
  check_golden("assumptions-test.txt", "test " RULES);
  tu_result r = tu_signaal("test --quiet " RULES, NULL);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "assumption: " RULES ":60: rule crisis: Buiten kantoortijden "
                                 "is de crisisdienst de enige weg.\n"));
  assert_true(tu_contains(r.out, "7 assumptions: confirm them against the source\n"
                                 "3 passed, 0 failed\n"));
  tu_result_free(&r);

  char *dir = tu_make_dir();
  char *rules = tu_put(dir, "geen.rules",
                       "rulebook \"G\" version \"1\" effective 2020-01-01 source \"S\"\n"
                       "fact a: bool ask \"A?\"\n"
                       "window w = daily 08:00 .. 09:00\n"
                       "  assumption \"Alleen deze aanname.\"\n"
                       "rule r when a recommend \"x\" source \"s\"\n"
                       "example \"e\" given a = true expect r\n");
  r = tu_signaalf(NULL, "test %s", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "geen.rules:4: window w: Alleen deze aanname.\n"
                                 "1 assumption: confirm it against the source\n"));
  tu_result_free(&r);
  free(rules);
  rules = tu_put(dir, "geen.rules",
                 "rulebook \"G\" version \"1\" effective 2020-01-01 source \"S\"\n"
                 "fact a: bool ask \"A?\"\n"
                 "rule r when a recommend \"x\" source \"s\"\n"
                 "example \"e\" given a = true expect r\n");
  r = tu_signaalf(NULL, "test %s", rules);
  assert_int_equal(r.status, 0);
  assert_null(strstr(r.out, "assumption"));
  tu_result_free(&r);
  free(rules);
  tu_remove_dir(dir);
}

/* The reports of the case: the default text counts the assumptions in one
 * line; --explain lists them under each item and once at the end; so do
 * Markdown and JSON. */
static void test_reports(void **state) {
  (void)state;
  check_golden("assumptions-report.txt", "eval " RULES " " CASE);
  check_golden("assumptions-explain.txt", "eval " RULES " " CASE " --explain");
  check_golden("assumptions-report.json", "eval " RULES " " CASE " --json");
  check_golden("assumptions-report.md", "eval " RULES " " CASE " --report md");
  tu_result r = tu_signaal("eval " RULES " " CASE " --report html", NULL);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "<h2>Aannames van het regelboek</h2>\n<ul class=\"items\">\n"
                                 "<li>tijdvenster <code>kantoortijden</code>: Het protocol"));
  assert_true(tu_contains(r.out, "berust op de aannames:<ul class=\"assumptions\">\n"));
  tu_result_free(&r);
}

/* The JSON of `case_json` at `now`, parsed (free with json_decref). */
static json_t *report_json(const char *case_json, const char *now) {
  tu_result r = tu_signaalf(case_json, "eval %s --json --now %s", RULES, now);
  assert_int_equal(r.status, 0);
  json_t *root = json_loads(r.out, 0, NULL);
  assert_non_null(root);
  tu_result_free(&r);
  return root;
}

/* "kind owner" of each assumption in a JSON array, joined by ", ". */
static void owners(json_t *array, char *out, size_t len) {
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < json_array_size(array) && n < len; i++) {
    json_t *a = json_array_get(array, i);
    n += (size_t)snprintf(out + n, len - n, "%s%s %s", i > 0 ? ", " : "",
                          json_string_value(json_object_get(a, "owner_kind")),
                          json_string_value(json_object_get(a, "owner")));
  }
}

/* What an item rests on follows its explanation: a false condition's
 * assumptions count too; a window only where the predicate reading it
 * decided on a date-time; an assumption of a rule that did not fire, or
 * of a signal the outcome does not rest on, is not listed. */
static void test_what_advice_rests_on(void **state) {
  (void)state;
  char text[1024];
  /* Monday 14:00, within office hours: the route holds because the
   * moment of arrest lies in the window; the profile fails on the papers
   * alone, so the signal `rondreizend` is no reason. */
  json_t *root = report_json("{\"reist_rond\": true, \"geen_papieren\": false, "
                             "\"aangehouden\": true, \"moment_aanhouding\": "
                             "\"2020-03-09T14:00\"}", "2020-03-09T15:00");
  json_t *attention = json_object_get(root, "attention");
  assert_int_equal(json_array_size(attention), 2);
  owners(json_object_get(json_array_get(attention, 0), "assumptions"), text, sizeof text);
  assert_string_equal(text, "condition profiel, rule geen_profiel");
  owners(json_object_get(json_array_get(attention, 1), "assumptions"), text, sizeof text);
  assert_string_equal(text, "window kantoortijden");
  owners(json_object_get(root, "assumptions"), text, sizeof text);
  assert_string_equal(text, "window kantoortijden, condition profiel, rule geen_profiel");
  json_decref(root);

  /* Not arrested: the route holds without the window deciding. */
  root = report_json("{\"aangehouden\": false}", "2020-03-09T15:00");
  attention = json_object_get(root, "attention");
  assert_int_equal(json_array_size(attention), 1);
  owners(json_object_get(json_array_get(attention, 0), "assumptions"), text, sizeof text);
  assert_string_equal(text, "");
  assert_int_equal(json_array_size(json_object_get(root, "assumptions")), 0);
  json_decref(root);

  tu_result r = tu_signaalf("{\"aangehouden\": false}", "eval %s --now 2020-03-09T15:00", RULES);
  assert_int_equal(r.status, 0);
  assert_null(strstr(r.out, "aanname"));
  tu_result_free(&r);
  r = tu_signaalf("{\"aangehouden\": false}", "eval %s --explain --now 2020-03-09T15:00", RULES);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\nAannames van het regelboek\n  (geen)\n"));
  tu_result_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_disassembly),
    cmocka_unit_test(test_test_lists_assumptions),
    cmocka_unit_test(test_reports),
    cmocka_unit_test(test_what_advice_rests_on),
  };
  return cmocka_run_group_tests_name("assumptions", tests, NULL, NULL);
}
