/* test_assumptions.c — the `assumption` clause from source to report, on
 * tests/golden/assumptions.rules (an assumption on windows, a signal, a
 * condition and rules): its disassembly (golden: each assumption under its
 * owner) and `signaal test`, which lists them with their places.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#define RULES "tests/golden/assumptions.rules"

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
                                 "2 passed, 0 failed\n"));
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

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_disassembly),
    cmocka_unit_test(test_test_lists_assumptions),
  };
  return cmocka_run_group_tests_name("assumptions", tests, NULL, NULL);
}
