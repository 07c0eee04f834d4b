/* test_lang.c — the language of messages (docs/cli.md, "Language of
 * messages"): compile, check, test and fmt with --lang nl say in Dutch what
 * they say in English with --lang en, at the same positions; the locale
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) chooses when --lang is not given;
 * --lang takes only nl and en; without a catalogue the messages stay English.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* Two errors: a rule without its citation (3:6) and an unknown name (4:8). */
static const char faulty_rules[] =
  "rulebook \"T\" version \"1\" effective 2020-01-01 source \"S\"\n"
  "fact a: bool ask \"A?\"\n"
  "rule r\n"
  "  when b\n"
  "  recommend \"x\"\n";

/* A correct rulebook with an unused fact and one failing example. */
static const char warned_rules[] =
  "rulebook \"T\" version \"1\" effective 2020-01-01 source \"S\"\n"
  "fact a: bool ask \"A?\"\n"
  "fact ongebruikt: bool ask \"B?\"\n"
  "rule r \"R\"\n"
  "  when a\n"
  "  recommend \"x\"\n"
  "  source \"Werkwijze, punt 1\"\n"
  "example \"zonder a\"\n"
  "  given a = false\n"
  "  expect r\n";

static char *dir;

static int setup(void **state) {
  (void)state;
  dir = tu_make_dir();
  return dir != NULL ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  tu_remove_dir(dir);
  return 0;
}

/* DIR/NAME.rules holding `text` (returned) and, in *out, DIR/NAME.rbc. */
static char *put_rules(const char *name, const char *text, char **out) {
  char file[64];
  snprintf(file, sizeof file, "%s.rbc", name);
  *out = tu_path(dir, file);
  snprintf(file, sizeof file, "%s.rules", name);
  return tu_put(dir, file, text);
}

/* Run `ENV build/signaal ARGS` with the locale variables cleared first, so
 * that only `env` (e.g. "LANGUAGE=nl", or "") speaks. */
static tu_result run_env(const char *env, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static tu_result run_env(const char *env, const char *format, ...) {
  char args[2048], command[2600];
  va_list ap;
  va_start(ap, format);
  vsnprintf(args, sizeof args, format, ap);
  va_end(ap);
  snprintf(command, sizeof command,
           "env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG %s %s %s", env, TU_SIGNAAL, args);
  return tu_run(command, NULL);
}

/* Whether the two texts have the same lines up to each line's first ": "
 * after the position (the position, the source line and the caret line
 * are the same; only the words after them differ). */
static int same_positions(const char *a, const char *b) {
  while (*a != '\0' && *b != '\0') {
    size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
    const char *ka = memchr(a, ' ', la), *kb = memchr(b, ' ', lb);
    size_t pa = ka != NULL ? (size_t)(ka - a) : la, pb = kb != NULL ? (size_t)(kb - b) : lb;
    if (pa != pb || memcmp(a, b, pa) != 0) return 0;
    a += la + (a[la] == '\n');
    b += lb + (b[lb] == '\n');
  }
  return *a == '\0' && *b == '\0';
}

static void test_compile_errors_in_dutch(void **state) {
  (void)state;
  char *out;
  char *rules = put_rules("fout", faulty_rules, &out);
  tu_result en = run_env("", "compile --lang en %s -o %s", rules, out);
  tu_result nl = run_env("", "compile --lang nl %s -o %s", rules, out);
  assert_int_equal(en.status, 1);
  assert_int_equal(nl.status, 1);
  char want[512];
  snprintf(want, sizeof want, "%s:3:6: error: rule 'r' needs a citation", rules);
  assert_true(tu_contains(en.err, want));
  snprintf(want, sizeof want, "%s:4:8: error: unknown name 'b'\n", rules);
  assert_true(tu_contains(en.err, want));
  snprintf(want, sizeof want, "%s:3:6: fout: regel 'r' heeft een bronvermelding nodig", rules);
  assert_true(tu_contains(nl.err, want));
  snprintf(want, sizeof want, "%s:4:8: fout: naam 'b' bestaat niet\n", rules);
  assert_true(tu_contains(nl.err, want));
  assert_false(tu_contains(nl.err, "error:"));
  assert_true(same_positions(en.err, nl.err));
  /* a syntax error: bison's words too */
  char *syntax = tu_put(dir, "syntax.rules", "rulebook \"T\" version \"1\" effective 2020-01-01 "
                                             "source \"S\"\nfact a bool\n");
  tu_result se = run_env("", "compile --lang en %s -o %s", syntax, out);
  tu_result sn = run_env("", "compile --lang nl %s -o %s", syntax, out);
  assert_true(tu_contains(se.err, ":2:8: error: unexpected 'bool'; expected ':'\n"));
  assert_true(tu_contains(sn.err, ":2:8: fout: onverwacht 'bool'; verwacht: ':'\n"));
  assert_true(tu_contains(sn.err, "signaal compile: "));
  assert_true(tu_contains(sn.err, " niet geschreven\n"));
  assert_true(same_positions(se.err, sn.err));
  tu_result_free(&se);
  tu_result_free(&sn);
  free(syntax);
  /* without --lang and without a locale: English, as before */
  tu_result plain = run_env("", "compile %s -o %s", rules, out);
  assert_string_equal(plain.err, en.err);
  tu_result_free(&en);
  tu_result_free(&nl);
  tu_result_free(&plain);
  free(rules);
  free(out);
}

static void test_check_and_test_in_dutch(void **state) {
  (void)state;
  char *rules = tu_put(dir, "waarschuwing.rules", warned_rules);
  tu_result en = run_env("", "check --lang en %s", rules);
  tu_result nl = run_env("", "check --lang nl %s", rules);
  assert_int_equal(en.status, 0);
  assert_int_equal(nl.status, 0);
  assert_true(tu_contains(en.err, ": warning: fact 'ongebruikt' is read by no signal, condition or "
                                  "rule [unused-fact]\n"));
  assert_true(tu_contains(en.err, "signaal check: 1 warning\n"));
  assert_true(tu_contains(nl.err, ": waarschuwing: feit 'ongebruikt' wordt door geen signaal, "
                                  "voorwaarde of regel gelezen [unused-fact]\n"));
  assert_true(tu_contains(nl.err, "signaal check: 1 waarschuwing\n"));
  assert_true(same_positions(en.err, nl.err));
  tu_result_free(&en);
  tu_result_free(&nl);

  en = run_env("", "test --lang en %s", rules);
  nl = run_env("", "test --lang nl %s", rules);
  assert_int_equal(en.status, 1);
  assert_int_equal(nl.status, 1);
  assert_true(tu_contains(en.out, "FAIL zonder a\n"));
  assert_true(tu_contains(en.out, "expected r to fire, but it did not fire\n"));
  assert_true(tu_contains(en.out, "coverage: 1 of 1 rules named by an example\n"));
  assert_true(tu_contains(en.out, "0 passed, 1 failed\n"));
  assert_true(tu_contains(nl.out, "FOUT zonder a\n"));
  assert_true(tu_contains(nl.out, "verwacht dat r van toepassing is, maar de regel was niet van "
                                  "toepassing\n"));
  assert_true(tu_contains(nl.out, "dekking: 1 van de 1 regels genoemd in een voorbeeld\n"));
  assert_true(tu_contains(nl.out, "0 goed, 1 fout\n"));
  char pos[512];
  snprintf(pos, sizeof pos, "  %s:10:10: ", rules); /* the expectation's place, in both */
  assert_true(tu_contains(en.out, pos));
  assert_true(tu_contains(nl.out, pos));
  tu_result_free(&en);
  tu_result_free(&nl);
  free(rules);
}

static void test_fmt_in_dutch(void **state) {
  (void)state;
  char *rules = tu_put(dir, "rommel.rules", "rulebook \"T\"   version \"1\"\n");
  tu_result en = run_env("", "fmt --check --lang en %s", rules);
  tu_result nl = run_env("", "fmt --check --lang nl %s", rules);
  assert_int_equal(en.status, 1);
  assert_int_equal(nl.status, 1);
  char want[512];
  snprintf(want, sizeof want, "%s: not formatted\n", rules);
  assert_true(tu_contains(en.out, want));
  snprintf(want, sizeof want, "%s: niet opgemaakt\n", rules);
  assert_true(tu_contains(nl.out, want));
  tu_result_free(&en);
  tu_result_free(&nl);
  free(rules);
}

/* The locale chooses without --lang; --lang wins over it. */
static void test_locale_chooses(void **state) {
  (void)state;
  char *out;
  char *rules = put_rules("fout2", faulty_rules, &out);
  static const struct {
    const char *env, *lang;
    int dutch;
  } cases[] = {
    {"LANGUAGE=nl", "", 1},
    {"LANGUAGE=nl_BE:en", "", 1},
    {"LC_ALL=nl_NL.UTF-8", "", 1},
    {"LC_MESSAGES=nl_NL", "", 1},
    {"LANG=nl_NL.UTF-8", "", 1},
    {"LANG=en_GB.UTF-8", "", 0},
    {"LANGUAGE=en LANG=nl_NL.UTF-8", "", 0},
    {"LANGUAGE=nl", "--lang en", 0},
    {"LANG=C", "--lang nl", 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tu_result r = run_env(cases[i].env, "compile %s %s -o %s", cases[i].lang, rules, out);
    assert_int_equal(r.status, 1);
    if (tu_contains(r.err, ": fout: ") != cases[i].dutch)
      fail_msg("%s %s: %s", cases[i].env, cases[i].lang, r.err);
    tu_result_free(&r);
  }
  free(rules);
  free(out);
}

/* --lang takes nl or en (a usage error, exit 2); SIGNAAL_LOCALEDIR without
 * the catalogue leaves the messages English. */
static void test_lang_value_and_localedir(void **state) {
  (void)state;
  char *out;
  char *rules = put_rules("fout3", faulty_rules, &out);
  tu_result r = run_env("", "compile --lang fr %s -o %s", rules, out);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "signaal compile: error: --lang expects 'nl' (Dutch) or 'en' "
                                 "(English)\n"));
  tu_result_free(&r);
  char env[600];
  snprintf(env, sizeof env, "SIGNAAL_LOCALEDIR=%s", dir);
  r = run_env(env, "compile --lang nl %s -o %s", rules, out);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, ": error: unknown name 'b'\n"));
  tu_result_free(&r);
  /* every command takes it, and --help lists it */
  r = run_env("", "eval --help");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "--lang LANG"));
  tu_result_free(&r);
  free(rules);
  free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_compile_errors_in_dutch),
    cmocka_unit_test(test_check_and_test_in_dutch),
    cmocka_unit_test(test_fmt_in_dutch),
    cmocka_unit_test(test_locale_chooses),
    cmocka_unit_test(test_lang_value_and_localedir),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
