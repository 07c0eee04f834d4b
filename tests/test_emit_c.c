/* test_emit_c.c — `signaal compile --emit-c` (sg_emit_c): the C it writes
 * is built with tests/emit_c_driver.c and the libraries, and must give
 * exactly what sg_eval gives — every predicate, rule outcome, when/unless
 * and contact entry — on every example case of the bundled rulebook at its
 * `now` and on 2000 cases of `signaal corpus --seed 7`, and on a corpus of
 * each rulebook of tests/semantics/ (every instruction, dated sets,
 * windows and holidays). A copy with one operator flipped must be caught,
 * and the code refuses a context of another image.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "signaal.h"
#include "testutil.h"

#ifndef SG_TEST_CC  /* the compiler and flags the libraries were built with */
#define SG_TEST_CC "cc"
#define SG_TEST_FLAGS "-O2"
#endif

/* Build the driver with the C file `c_file` into `exe`, with the compiler
 * and flags of the libraries (a sanitizer or coverage build needs its
 * runtime linked too); returns the result. */
static tu_result build_driver(const char *c_file, const char *exe) {
  char command[2048];
  snprintf(command, sizeof command,
           SG_TEST_CC " " SG_TEST_FLAGS " -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes "
           "-Wmissing-prototypes -D_POSIX_C_SOURCE=200809L -Iinclude -o '%s' "
           "tests/emit_c_driver.c '%s' " SG_BUILD_DIR "/libsignaal-json.a " SG_BUILD_DIR
           "/libsignaalc.a " SG_BUILD_DIR "/libsignaal.a -ljansson",
           exe, c_file);
  return tu_run(command, NULL);
}

/* Compile `rules` with --emit-c into DIR/NAME.rbc and DIR/NAME.c, write a
 * corpus of `cases` cases to DIR/NAME.jsonl and build DIR/NAME-check. */
static void prepare(const char *dir, const char *name, const char *rules, int cases) {
  char command[2048];
  snprintf(command, sizeof command, "compile '%s' -o '%s/%s.rbc' --emit-c '%s/%s.c'", rules, dir,
           name, dir, name);
  tu_result r = tu_signaal(command, NULL);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  snprintf(command, sizeof command, "corpus '%s/%s.rbc' -n %d --seed 7 > '%s/%s.jsonl'", dir, name,
           cases, dir, name);
  r = tu_signaal(command, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  char c_file[512], exe[512];
  snprintf(c_file, sizeof c_file, "%s/%s.c", dir, name);
  snprintf(exe, sizeof exe, "%s/%s-check", dir, name);
  r = build_driver(c_file, exe);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
}

/* Run DIR/NAME-check ARGUMENTS. */
static tu_result run_check(const char *dir, const char *name, const char *arguments) {
  char command[2048];
  snprintf(command, sizeof command, "'%s/%s-check' %s", dir, name, arguments);
  return tu_run(command, NULL);
}

static void test_bundled_rulebook(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  assert_non_null(dir);
  prepare(dir, "u", "rules/uitbuiting.rules", 2000);
  char arguments[1024];
  snprintf(arguments, sizeof arguments, "check '%s/u.rbc' rules/uitbuiting.rules '%s/u.jsonl'",
           dir, dir);
  tu_result r = run_check(dir, "u", arguments);
  if (r.status != 0) fprintf(stderr, "%s%s", r.out, r.err);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "2021 cases (21 examples)"));
  tu_result_free(&r);
  tu_remove_dir(dir);
}

static void test_semantics_rulebooks(void **state) {
  (void)state;
  static const char *const books[] = {
    "atleast", "compare", "country", "dates", "established", "holidays", "in", "kleene",
    "unless", "validity", "windows",
  };
  char *dir = tu_make_dir();
  assert_non_null(dir);
  for (size_t i = 0; i < sizeof books / sizeof books[0]; i++) {
    char rules[256], arguments[1024];
    snprintf(rules, sizeof rules, "tests/semantics/%s.rules", books[i]);
    prepare(dir, books[i], rules, 1000);
    snprintf(arguments, sizeof arguments, "check '%s/%s.rbc' '%s' '%s/%s.jsonl'", dir, books[i],
             rules, dir, books[i]);
    tu_result r = run_check(dir, books[i], arguments);
    if (r.status != 0) fprintf(stderr, "%s: %s%s", books[i], r.out, r.err);
    assert_int_equal(r.status, 0);
    assert_true(tu_contains(r.out, "values identical"));
    tu_result_free(&r);
  }
  tu_remove_dir(dir);
}

/* The first `not` of the generated code made a no-op (the first predicate
 * of the bundled rulebook is `not vaste_verblijfplaats`): the check must
 * fail and name the predicate. */
static void test_flipped_operator_is_caught(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  assert_non_null(dir);
  prepare(dir, "u", "rules/uitbuiting.rules", 200);
  char *c_path = tu_path(dir, "u.c");
  char *text = tu_read_file(c_path, NULL);
  assert_non_null(text);
  char *not = strstr(text, "v0.i = !v0.i;");
  assert_non_null(not);
  not[7] = ' ';
  char *bad_path = tu_put(dir, "bad.c", text);
  assert_non_null(bad_path);
  char exe[512], arguments[1024];
  snprintf(exe, sizeof exe, "%s/bad-check", dir);
  tu_result r = build_driver(bad_path, exe);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  snprintf(arguments, sizeof arguments, "check '%s/u.rbc' rules/uitbuiting.rules '%s/u.jsonl'",
           dir, dir);
  r = run_check(dir, "bad", arguments);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "predicate geen_vaste_verblijfplaats: sg_eval"));
  tu_result_free(&r);
  free(text);
  free(c_path);
  free(bad_path);
  tu_remove_dir(dir);
}

/* Code made from one image refuses a context of another (its bytecode
 * SHA-256 differs): SG_ERR_FORMAT, nothing evaluated. */
static void test_other_image_refused(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  assert_non_null(dir);
  prepare(dir, "u", "rules/uitbuiting.rules", 10);
  char command[1024];
  snprintf(command, sizeof command, "compile tests/semantics/kleene.rules -o '%s/other.rbc'", dir);
  tu_result r = tu_signaal(command, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  snprintf(command, sizeof command, "refused '%s/other.rbc'", dir);
  r = run_check(dir, "u", command);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "refused"));
  tu_result_free(&r);
  tu_remove_dir(dir);
}

/* The option's errors: the same file as -o, a file that cannot be written
 * (exit 3, and the message names it). */
static void test_emit_c_errors(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  assert_non_null(dir);
  char command[1024];
  snprintf(command, sizeof command, "compile rules/uitbuiting.rules -o '%s/u.rbc' --emit-c '%s/u.rbc'",
           dir, dir);
  tu_result r = tu_signaal(command, NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--emit-c names the same file as -o"));
  tu_result_free(&r);
  snprintf(command, sizeof command,
           "compile rules/uitbuiting.rules -o '%s/u.rbc' --emit-c '%s/no/such/dir/u.c'", dir, dir);
  r = tu_signaal(command, NULL);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "u.c: error: cannot write"));
  assert_true(tu_contains(r.err, "u.rbc was written; "));  /* which of the two was */
  tu_result_free(&r);
  tu_remove_dir(dir);
}

/* sg_emit_c's own checks: a bad prefix, no writer. */
static void count_bytes(void *userdata, const char *text, size_t len) {
  (void)text;
  *(size_t *)userdata += len;
}

static void test_emit_c_api(void **state) {
  (void)state;
  int errors = 0;
  sgc_compiler *c = tu_compile("k.rules",
                               "rulebook \"K\" version \"1\" effective 2020-01-01 source \"t\"\n"
                               "fact a: bool ask \"A?\"\n"
                               "rule r when a recommend \"Doe.\" source \"s\"\n",
                               &errors);
  assert_int_equal(errors, 0);
  size_t size = 0;
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(image, size, NULL, NULL, &rb, NULL), SG_OK);
  size_t bytes = 0;
  assert_int_equal(sg_emit_c(rb, "9x", count_bytes, &bytes), SG_ERR_RANGE);
  assert_int_equal(sg_emit_c(rb, "a-b", count_bytes, &bytes), SG_ERR_RANGE);
  assert_int_equal(sg_emit_c(rb, "", count_bytes, &bytes), SG_ERR_RANGE);
  assert_int_equal(sg_emit_c(rb, NULL, NULL, NULL), SG_ERR_RANGE);
  assert_int_equal(bytes, 0);
  assert_int_equal(sg_emit_c(rb, "kb_", count_bytes, &bytes), SG_OK);
  assert_true(bytes > 0);
  sg_rulebook_free(rb);
  sgc_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bundled_rulebook),
    cmocka_unit_test(test_semantics_rulebooks),
    cmocka_unit_test(test_flipped_operator_is_caught),
    cmocka_unit_test(test_other_image_refused),
    cmocka_unit_test(test_emit_c_errors),
    cmocka_unit_test(test_emit_c_api),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
