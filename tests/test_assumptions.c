/* test_assumptions.c — the `assumption` clause from source to report, on
 * tests/golden/assumptions.rules (an assumption on windows, a signal, a
 * condition and rules): its disassembly (golden: each assumption under its
 * owner).
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

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_disassembly),
  };
  return cmocka_run_group_tests_name("assumptions", tests, NULL, NULL);
}
