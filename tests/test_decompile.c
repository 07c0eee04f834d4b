/* test_decompile.c — reading an image back as source (runtime/decompile.c):
 * small conditions are compiled, read back with sg_code_text and compared
 * with their canonical text, which must compile to the same text again
 * (a round trip); precedence and parentheses, every operator and literal,
 * the forms a NOT is folded into, dated rules and windows without their
 * guards, unless and contact keys, snprintf's contract; sg_window_text and
 * sg_set_element_text; and every block of the bundled rulebook.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "imagebuild.h"
#include "signaal.h"
#include "testutil.h"

/* Facts, sets, a table, windows and a group for the conditions below. */
static const char prelude[] =
  "rulebook \"D\" version \"1\" effective 2016-11-01 source \"s\"\n"
  "fact a: bool ask \"?\"\nfact b: bool ask \"?\"\nfact c: bool ask \"?\"\n"
  "fact n: int ask \"?\"\nfact naam: text ask \"?\"\nfact d: date ask \"?\"\n"
  "fact m: datetime ask \"?\"\nfact e: enum { geen, vervalst, echt } ask \"?\"\n"
  "fact land: country ask \"?\"\n"
  "set zuid = { \"IT\", \"ES\" }\n"
  "set oud: country = { \"IT\", \"GB\" until 2021-01-01 }\n"
  "table tab = { x: \"X\", y: \"Y\" }\n"
  "window w = weekdays 09:00 .. 17:00\n"
  "window oud_venster = daily 00:00 .. 24:00 until 2017-03-01\n"
  "window nieuw_venster = daily 08:00 .. 19:00 from 2017-03-01 until 2030-01-01\n"
  "group g \"G\"\n"
  "signal s1 in g \"1\" when a source \"s\"\n"
  "signal s2 in g \"2\" when b source \"s\"\n"
  "signal s3 in g \"3\" when c source \"s\"\n";

/* Load what `c` compiled without errors; frees `c`. */
static sg_rulebook *load(sgc_compiler *c, int errors) {
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) fputs(sgc_diagnostic_at(c, i)->rendered, stderr);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  sgc_free(c);
  return rb;
}

/* The prelude and `rest`, compiled and loaded. */
static sg_rulebook *compile_with(const char *rest) {
  size_t len = strlen(prelude) + strlen(rest) + 1;
  char *text = malloc(len);
  snprintf(text, len, "%s%s", prelude, rest);
  int errors = 0;
  sgc_compiler *c = tu_compile("d.rules", text, &errors);
  free(text);
  return load(c, errors);
}

/* The text of `ref` (a new string; free it). */
static char *code_text(const sg_rulebook *rb, sg_code_ref ref) {
  size_t len = 0;
  assert_int_equal(sg_code_text(rb, ref, NULL, 0, &len), SG_OK);
  char *text = malloc(len + 1);
  size_t again = 0;
  assert_int_equal(sg_code_text(rb, ref, text, len + 1, &again), SG_OK);
  assert_int_equal(again, len);
  assert_int_equal(strlen(text), len);
  return text;
}

/* The canonical text of condition `when` (declared as condition t). */
static char *condition_text(const char *when) {
  char rest[1024];
  snprintf(rest, sizeof rest, "condition t when %s\n", when);
  sg_rulebook *rb = compile_with(rest);
  long t = sg_pred_find(rb, "t");
  assert_true(t >= 0);
  sg_code_ref ref = {SG_CODE_PRED, (size_t)t, 0};
  char *text = code_text(rb, ref);
  sg_rulebook_free(rb);
  return text;
}

/* `when` reads back as `expected`, and `expected` reads back as itself. */
static void round_trip(const char *when, const char *expected) {
  char *text = condition_text(when);
  if (strcmp(text, expected) != 0) fail_msg("when %s\n  read back as %s\n  expected    %s", when, text, expected);
  free(text);
  text = condition_text(expected);
  if (strcmp(text, expected) != 0) fail_msg("%s is not canonical: it reads back as %s", expected, text);
  free(text);
}

static void test_precedence(void **state) {
  (void)state;
  round_trip("a and (b or c)", "a and (b or c)");
  round_trip("(a and b) or c", "a and b or c");
  round_trip("a or b and c", "a or b and c");
  round_trip("not (a or b)", "not (a or b)");
  round_trip("not (a and b)", "not (a and b)");
  round_trip("(not a) or b", "not a or b");
  round_trip("not not a", "not not a");
  round_trip("a or (b or c)", "a or b or c");      /* or is associative */
  round_trip("(a and b) and (c and a)", "a and b and c and a");
  round_trip("(a or b) and (b or c)", "(a or b) and (b or c)");
  round_trip("not (n > 3)", "not n > 3");          /* comparisons bind tighter than not */
  round_trip("(a = b) = c", "(a = b) = c");        /* an operand of = is a primary */
  round_trip("(not a) = b", "(not a) = b");
  round_trip("((a))", "a");
  round_trip("established a", "established a");
  round_trip("not established a", "not established a");
  round_trip("established (a or b) and c", "established (a or b) and c");
  round_trip("established not a", "established not a");
}

static void test_literals_and_operators(void **state) {
  (void)state;
  round_trip("n >= -3 and n != 12", "n >= -3 and n != 12");
  round_trip("naam = \"zeg \\\"hoi\\\"\\n\\tdag \\\\\"", "naam = \"zeg \\\"hoi\\\"\\n\\tdag \\\\\"");
  round_trip("d < 2016-11-01", "d < 2016-11-01");
  round_trip("m = 2016-11-08T11:00", "m = 2016-11-08T11:00");
  round_trip("m = 2016-11-08T11:00:30", "m = 2016-11-08T11:00:30");
  round_trip("m = 2016-11-08T11:00:00", "m = 2016-11-08T11:00");
  round_trip("e = geen or e != echt", "e = geen or e != echt");
  round_trip("land = \"NL\"", "land = \"NL\"");
  round_trip("a = true or b = false", "a = true or b = false");
  round_trip("weekday(d) = 1 and hour(now) >= 9", "weekday(d) = 1 and hour(now) >= 9");
  round_trip("date(m) = today", "date(m) = today");
  round_trip("weekday(date(now)) <= 5", "weekday(date(now)) <= 5");
  round_trip("m < now", "m < now");
}

static void test_membership_and_tests(void **state) {
  (void)state;
  round_trip("land in zuid", "land in zuid");
  round_trip("land not in zuid", "land not in zuid");
  round_trip("not (land in zuid)", "land not in zuid");  /* the same code */
  round_trip("not (land not in zuid)", "not land not in zuid");
  round_trip("land in { \"BE\", \"NL\" }", "land in { \"BE\", \"NL\" }");
  round_trip("e in {geen,vervalst}", "e in { geen, vervalst }");
  round_trip("naam in { \"a\" }", "naam in { \"a\" }");
  round_trip("n in {1, 2, -3}", "n in { 1, 2, -3 }");
  round_trip("land in oud", "land in oud");
  round_trip("naam in tab", "naam in tab");
  round_trip("naam not in tab", "naam not in tab");
  round_trip("n in 1 .. 5", "n in 1 .. 5");
  round_trip("n not in 1 .. 5", "n not in 1 .. 5");
  round_trip("d in 2016-01-01 .. today", "d in 2016-01-01 .. today");
  round_trip("n is known", "n is known");
  round_trip("n is unknown", "n is unknown");
  round_trip("not (n is known)", "n is unknown");
  round_trip("m within w", "m within w");
  round_trip("now not within w", "now not within w");
  round_trip("at least 2 of g", "at least 2 of g");
  round_trip("any of g", "any of g");
  round_trip("at least 1 of g", "any of g");        /* both compile to ATLEAST g 1 */
  round_trip("all of g", "all of g");
  round_trip("at least 3 of g", "all of g");        /* g has three members */
  round_trip("not any of g", "not any of g");
}

/* A dated window's `within` reads without the guard the compiler puts
 * before it; so does a dated predicate's or rule's `when`. */
static void test_dated(void **state) {
  (void)state;
  round_trip("now within oud_venster", "now within oud_venster");
  round_trip("now not within oud_venster", "now not within oud_venster");
  round_trip("now within oud_venster or now within nieuw_venster",
             "now within oud_venster or now within nieuw_venster");
  round_trip("not (a and now within nieuw_venster)", "not (a and now within nieuw_venster)");

  sg_rulebook *rb = compile_with(
      "condition vanaf from 2019-08-01 when a and b\n"
      "condition tot until 2019-08-01 when a or b\n"
      "condition tussen from 2019-08-01 until 2023-05-18 when n > 3\n"
      "condition binnen until 2017-03-01 when now within oud_venster\n"
      "rule r from 2017-03-01 until 2030-01-01 when now within nieuw_venster\n"
      "  recommend \"r\" source \"s\"\n"
      "rule q until 2017-03-01 when not a unless established b\n"
      "  recommend \"q\" contact tab[\"x\"] contact tab[naam] source \"s\"\n");
  static const struct { const char *name; const char *text; } preds[] = {
    {"vanaf", "a and b"}, {"tot", "a or b"}, {"tussen", "n > 3"},
    {"binnen", "now within oud_venster"},
  };
  for (size_t i = 0; i < sizeof preds / sizeof preds[0]; i++) {
    sg_code_ref ref = {SG_CODE_PRED, (size_t)sg_pred_find(rb, preds[i].name), 0};
    char *text = code_text(rb, ref);
    assert_string_equal(text, preds[i].text);
    free(text);
  }
  long r = sg_rule_find(rb, "r"), q = sg_rule_find(rb, "q");
  sg_code_ref when_r = {SG_CODE_RULE_WHEN, (size_t)r, 0};
  char *text = code_text(rb, when_r);
  assert_string_equal(text, "now within nieuw_venster");  /* both guards left out */
  free(text);
  sg_code_ref when_q = {SG_CODE_RULE_WHEN, (size_t)q, 0}, unless_q = {SG_CODE_RULE_UNLESS, (size_t)q, 0};
  text = code_text(rb, when_q);
  assert_string_equal(text, "not a");
  free(text);
  text = code_text(rb, unless_q);
  assert_string_equal(text, "established b");
  free(text);
  sg_code_ref key0 = {SG_CODE_ACTION_KEY, (size_t)q, 1}, key1 = {SG_CODE_ACTION_KEY, (size_t)q, 2};
  text = code_text(rb, key0);
  assert_string_equal(text, "\"x\"");
  free(text);
  text = code_text(rb, key1);
  assert_string_equal(text, "naam");
  free(text);
  sg_rulebook_free(rb);
}

/* ASOF outside a guard reads as `asof`; so does a guard that is not the
 * thing's own period (the language cannot write either: hand-built). */
static void test_asof_elsewhere(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  uint32_t a = ib_fact(&im, "a", SG_BOOL, 0, 0, NULL);
  uint32_t start = ib_here(&im);
  ib_op(&im, SG_OP_ASOF);
  ib_op32(&im, SG_OP_DATE, 18109);  /* 2019-08-01 */
  ib_op(&im, SG_OP_GE);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "undated", SG_CONDITION, SG_NONE, ib_end(&im, start));
  start = ib_here(&im);
  ib_op(&im, SG_OP_ASOF);
  ib_op32(&im, SG_OP_DATE, 18109);
  ib_op(&im, SG_OP_GE);
  uint32_t jump = ib_here(&im);
  ib_op16(&im, SG_OP_JFALSE, 0);
  ib_op16(&im, SG_OP_FACT, (uint16_t)a);
  ib_op(&im, SG_OP_AND);
  ib_patch(&im, jump);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "other_period", SG_CONDITION, SG_NONE, ib_end(&im, start));
  ib_period(&im, SG_DATED_PRED, 1, 0, 18262, SG_FOR_GOOD);  /* from 2020-01-01 */
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  free(img);
  sg_code_ref undated = {SG_CODE_PRED, 0, 0}, other = {SG_CODE_PRED, 1, 0};
  char *text = code_text(rb, undated);
  assert_string_equal(text, "asof >= 2019-08-01");
  free(text);
  text = code_text(rb, other);
  assert_string_equal(text, "asof >= 2019-08-01 and a");
  free(text);
  sg_rulebook_free(rb);
}

/* snprintf's contract, and refs that name no block. */
static void test_buffer_and_range(void **state) {
  (void)state;
  sg_rulebook *rb = compile_with(
      "condition t when a and (b or c)\n"
      "rule r when a recommend \"r\" source \"s\"\n");
  sg_code_ref ref = {SG_CODE_PRED, (size_t)sg_pred_find(rb, "t"), 0};
  char small[6];
  size_t len = 0;
  assert_int_equal(sg_code_text(rb, ref, small, sizeof small, &len), SG_OK);
  assert_int_equal(len, strlen("a and (b or c)"));
  assert_string_equal(small, "a and");
  assert_int_equal(sg_code_text(rb, ref, small, 1, NULL), SG_OK);
  assert_string_equal(small, "");

  long r = sg_rule_find(rb, "r");
  sg_code_ref unless = {SG_CODE_RULE_UNLESS, (size_t)r, 0};
  sg_code_ref recommend = {SG_CODE_ACTION_KEY, (size_t)r, 0};
  sg_code_ref no_action = {SG_CODE_ACTION_KEY, (size_t)r, 1};
  sg_code_ref no_pred = {SG_CODE_PRED, 999, 0};
  sg_code_ref no_rule = {SG_CODE_RULE_WHEN, 999, 0};
  sg_code_ref no_kind = {(sg_code_kind)0, 0, 0};
  const sg_code_ref *none[] = {&unless, &recommend, &no_action, &no_pred, &no_rule, &no_kind};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
    strcpy(small, "x");
    len = 7;
    assert_int_equal(sg_code_text(rb, *none[i], small, sizeof small, &len), SG_ERR_RANGE);
    assert_int_equal(len, 0);
    assert_string_equal(small, "");
  }
  sg_rulebook_free(rb);
}

/* malloc, or nothing while *fail is set. */
static void *failing(void *userdata, void *ptr, size_t osize, size_t nsize) {
  const int *fail = userdata;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return *fail ? NULL : realloc(ptr, nsize);
}

/* A block cannot be read without memory, and says so. */
static void test_out_of_memory(void **state) {
  (void)state;
  int errors = 0;
  sgc_compiler *c = tu_compile("d.rules",
      "rulebook \"D\" version \"1\" effective 2016-11-01 source \"s\"\n"
      "fact a: bool ask \"?\"\ncondition t when not a\n", &errors);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  int fail = 0;
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, failing, &fail, &rb, &err), SG_OK);
  sgc_free(c);
  sg_code_ref ref = {SG_CODE_PRED, 0, 0};
  size_t len = 5;
  fail = 1;
  assert_int_equal(sg_code_text(rb, ref, NULL, 0, &len), SG_ERR_NOMEM);
  assert_int_equal(len, 0);
  fail = 0;
  assert_int_equal(sg_code_text(rb, ref, NULL, 0, &len), SG_OK);
  assert_int_equal(len, strlen("not a"));
  sg_rulebook_free(rb);
}

static void test_windows_and_elements(void **state) {
  (void)state;
  sg_rulebook *rb = compile_with(
      "window h = weekdays 09:00 .. 17:00 except holidays\n"
      "window hg = { mon, wed, sun } 10:30 .. 12:30 except holidays and good friday\n"
      "window we = weekend 00:00 .. 24:00\n"
      "set getallen = { 1, -2 }\n"
      "set soorten = { geen, echt }\n"
      "condition gebruikt when n in getallen and e in soorten\n");
  static const struct { const char *name; const char *text; } windows[] = {
    {"w", "weekdays 09:00 .. 17:00"},
    {"oud_venster", "daily 00:00 .. 24:00"},
    {"h", "weekdays 09:00 .. 17:00 except holidays"},
    {"hg", "{ mon, wed, sun } 10:30 .. 12:30 except holidays and good friday"},
    {"we", "weekend 00:00 .. 24:00"},
  };
  char text[128];
  for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
    size_t w = 0;
    while (strcmp(sg_window_name(rb, w), windows[i].name) != 0) w++;
    assert_int_equal(sg_window_text(rb, w, text, sizeof text), strlen(windows[i].text));
    assert_string_equal(text, windows[i].text);
  }
  assert_int_equal(sg_window_text(rb, 999, text, sizeof text), 0);
  assert_string_equal(text, "");

  static const struct { const char *name; sg_type type; const char *elements; } sets[] = {
    {"zuid", SG_TEXT, "\"IT\" \"ES\""},   /* untyped and not used with a country: texts */
    {"oud", SG_COUNTRY, "\"IT\" \"GB\""},
    {"getallen", SG_INT, "1 -2"},
    {"soorten", SG_ENUM, "geen echt"},
  };
  for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
    size_t s = 0;
    while (strcmp(sg_set_name(rb, s), sets[i].name) != 0) s++;
    char joined[128] = "";
    for (size_t k = 0; k < sg_set_element_count(rb, s); k++) {
      size_t n = sg_set_element_text(rb, s, k, text, sizeof text);
      assert_int_equal(n, strlen(text));
      if (k) strcat(joined, " ");
      strcat(joined, text);
    }
    assert_int_equal(sg_set_type(rb, s), sets[i].type);
    assert_string_equal(joined, sets[i].elements);
  }
  assert_int_equal(sg_set_element_text(rb, 0, 999, text, sizeof text), 0);
  assert_int_equal(sg_set_type(rb, 999), 0);
  assert_int_equal(sg_set_element_count(rb, 999), 0);
  assert_null(sg_set_name(rb, 999));
  sg_rulebook_free(rb);
}

/* Every block of the bundled rulebook reads back, and the text of a
 * predicate compiles again to the same text (a round trip on real rules). */
static void test_bundled_rulebook(void **state) {
  (void)state;
  const char *path = "rules/uitbuiting.rules";
  sgc_compiler *c = sgc_new();
  int errors = sgc_compile_files(c, &path, 1);
  sg_rulebook *rb = load(c, errors);
  size_t blocks = 0;
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    sg_code_ref ref = {SG_CODE_PRED, p, 0};
    char *text = code_text(rb, ref);
    assert_true(strlen(text) > 0);
    assert_null(strstr(text, "asof"));
    assert_null(strstr(text, "?"));
    free(text);
    blocks++;
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    sg_code_ref ref = {SG_CODE_RULE_WHEN, r, 0};
    char *text = code_text(rb, ref);
    assert_null(strstr(text, "asof"));
    free(text);
    blocks++;
    for (size_t k = 0; k < sg_rule_action_count(rb, r); k++) {
      if (sg_rule_action_kind(rb, r, k) != SG_CONTACT) continue;
      sg_code_ref key = {SG_CODE_ACTION_KEY, r, k};
      text = code_text(rb, key);
      free(text);
      blocks++;
    }
  }
  long w = sg_pred_find(rb, "comensha_bereikbaar");
  assert_true(w >= 0);
  sg_code_ref ref = {SG_CODE_PRED, (size_t)w, 0};
  char *text = code_text(rb, ref);
  assert_string_equal(text, "now within bereikbaarheid_comensha or now within bereikbaarheid_comensha_overdag");
  free(text);
  assert_true(blocks > 80);
  sg_rulebook_free(rb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_precedence),
    cmocka_unit_test(test_literals_and_operators),
    cmocka_unit_test(test_membership_and_tests),
    cmocka_unit_test(test_dated),
    cmocka_unit_test(test_asof_elsewhere),
    cmocka_unit_test(test_buffer_and_range),
    cmocka_unit_test(test_out_of_memory),
    cmocka_unit_test(test_windows_and_elements),
    cmocka_unit_test(test_bundled_rulebook),
  };
  return cmocka_run_group_tests_name("decompile", tests, NULL, NULL);
}
