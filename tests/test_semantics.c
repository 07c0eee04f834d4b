/* test_semantics.c — what the language means, end to end through compiler
 * and runtime: the full Kleene truth tables of not/and/or, comparisons and
 * membership with unknowns, `at least N of`, is known/unknown, the date and
 * time helpers and windows at their edges, rule outcomes with `unless`,
 * the facts an undetermined rule waits for, and contact lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "signaal.h"
#include "testutil.h"

#define F SG_FALSE
#define T SG_TRUE
#define U SG_UNKNOWN

static const char *const rules =
    "rulebook \"Semantiek\" version \"1\" effective 2016-11-01 source \"test\"\n"
    "fact a: bool ask \"A?\"\n"
    "fact b: bool ask \"B?\"\n"
    "fact c: bool ask \"C?\"\n"
    "fact n: int ask \"N?\"\n"
    "fact land: text ask \"Land?\"\n"
    "fact regio: enum { noord, zuid, west } ask \"Regio?\"\n"
    "fact dag: date ask \"Dag?\"\n"
    "fact moment: datetime ask \"Moment?\"\n"
    "set landen = { \"BE\", \"DE\" }\n"
    "table kantoren = { noord: { plaats: \"Groningen\", tel: \"050\" },\n"
    "                   zuid: { plaats: \"Maastricht\", tel: \"043\" } }\n"
    "window kantoor = weekdays 09:00 .. 17:00\n"
    "group g \"G\"\n"
    "signal ga in g \"A\" when a source \"s\"\n"
    "signal gb in g \"B\" when b source \"s\"\n"
    "signal gc in g \"C\" when c source \"s\"\n"
    "condition not_a when not a\n"
    "condition a_and_b when a and b\n"
    "condition a_or_b when a or b\n"
    "condition least2 when at least 2 of g\n"
    "condition any_g when any of g\n"
    "condition all_g when all of g\n"
    "condition a_known when a is known\n"
    "condition a_unknown when a is unknown\n"
    "condition n_big when n > 10\n"
    "condition n_range when n in 12 .. 17\n"
    "condition n_not_range when n not in 12 .. 17\n"
    "condition land_in when land in landen\n"
    "condition land_not_in when land not in landen\n"
    "condition regio_in_table when regio in kantoren\n"
    "condition regio_zw when regio in { zuid, west }\n"
    "condition regio_noord when regio = noord\n"
    "condition weekend when weekday(moment) >= 6\n"
    "condition nacht when hour(moment) < 7\n"
    "condition dag_voor when date(moment) < dag\n"
    "condition in_kantoor when moment within kantoor\n"
    "condition buiten_kantoor when moment not within kantoor\n"
    "condition nu_kantoor when now within kantoor\n"
    "condition vandaag when today = 2016-11-08\n"
    "condition nested when (a and b) or c\n"
    "rule r_unless when a unless b recommend \"R\" source \"s\"\n"
    "rule r_contact step 1 when true contact kantoren[regio] source \"s\"\n";

static sg_rulebook *rb;

static int setup(void **state) {
  (void)state;
  int errors = 0;
  sgc_compiler *c = tu_compile("sem.rules", rules, &errors);
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) fputs(sgc_diagnostic_at(c, i)->rendered, stderr);
  if (errors) return -1;
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_error err;
  sg_status s = sg_rulebook_load(img, size, NULL, NULL, &rb, &err);
  sgc_free(c);
  if (s != SG_OK) fprintf(stderr, "load: %s\n", err.message);
  return s == SG_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  sg_rulebook_free(rb);
  return 0;
}

static size_t slot(const char *name) {
  long s = sg_fact_slot(rb, name);
  assert_true(s >= 0);
  return (size_t)s;
}

static sg_truth pred(sg_context *ctx, const char *name) {
  long p = sg_pred_find(rb, name);
  assert_true(p >= 0);
  return sg_pred_value(ctx, (size_t)p);
}

/* Set bool fact `name` to F, T or U. */
static void set3(sg_context *ctx, const char *name, sg_truth v) {
  if (v == U) assert_int_equal(sg_set_unknown(ctx, slot(name)), SG_OK);
  else assert_int_equal(sg_set_bool(ctx, slot(name), v == T), SG_OK);
}

static void test_kleene_tables(void **state) {
  (void)state;
  static const sg_truth vals[] = { F, T, U };
  /* rows a, columns b: the Kleene tables */
  static const sg_truth and_table[3][3] = { { F, F, F }, { F, T, U }, { F, U, U } };
  static const sg_truth or_table[3][3] = { { F, T, U }, { T, T, T }, { U, T, U } };
  static const sg_truth not_table[3] = { T, F, U };
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) {
      sg_context_reset(ctx);
      set3(ctx, "a", vals[i]);
      set3(ctx, "b", vals[j]);
      assert_int_equal(sg_eval(ctx), SG_OK);
      assert_int_equal(pred(ctx, "a_and_b"), and_table[i][j]);
      assert_int_equal(pred(ctx, "a_or_b"), or_table[i][j]);
      assert_int_equal(pred(ctx, "not_a"), not_table[i]);
      assert_int_equal(pred(ctx, "a_known"), vals[i] == U ? F : T);
      assert_int_equal(pred(ctx, "a_unknown"), vals[i] == U ? T : F);
    }
  }
  sg_context_free(ctx);
}

static void test_at_least(void **state) {
  (void)state;
  static const sg_truth vals[] = { F, T, U };
  sg_context *ctx = sg_context_new(rb);
  for (int i = 0; i < 27; i++) {
    sg_truth va = vals[i % 3], vb = vals[i / 3 % 3], vc = vals[i / 9];
    int t = (va == T) + (vb == T) + (vc == T), u = (va == U) + (vb == U) + (vc == U);
    sg_context_reset(ctx);
    set3(ctx, "a", va);
    set3(ctx, "b", vb);
    set3(ctx, "c", vc);
    sg_eval(ctx);
    /* true once N hold; false once N can no longer be reached; else unknown */
    sg_truth least2 = t >= 2 ? T : t + u < 2 ? F : U;
    sg_truth any = t >= 1 ? T : u == 0 ? F : U;
    sg_truth all = t == 3 ? T : t + u < 3 ? F : U;
    assert_int_equal(pred(ctx, "least2"), least2);
    assert_int_equal(pred(ctx, "any_g"), any);
    assert_int_equal(pred(ctx, "all_g"), all);
  }
  sg_context_free(ctx);
}

static void test_comparisons_and_membership(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  sg_eval(ctx); /* everything unknown */
  const char *unknowns[] = { "n_big", "n_range", "n_not_range", "land_in", "land_not_in",
                             "regio_in_table", "regio_zw", "regio_noord", "weekend", "nacht",
                             "dag_voor", "in_kantoor", "buiten_kantoor", "nu_kantoor", "vandaag" };
  for (size_t i = 0; i < sizeof unknowns / sizeof *unknowns; i++) assert_int_equal(pred(ctx, unknowns[i]), U);

  assert_int_equal(sg_set_int(ctx, slot("n"), 12), SG_OK);
  assert_int_equal(sg_set_text(ctx, slot("land"), "DE"), SG_OK);
  assert_int_equal(sg_set_enum(ctx, slot("regio"), "west"), SG_OK);
  sg_eval(ctx);
  assert_int_equal(pred(ctx, "n_big"), T);
  assert_int_equal(pred(ctx, "n_range"), T);
  assert_int_equal(pred(ctx, "n_not_range"), F);
  assert_int_equal(pred(ctx, "land_in"), T);
  assert_int_equal(pred(ctx, "land_not_in"), F);
  assert_int_equal(pred(ctx, "regio_in_table"), F);
  assert_int_equal(pred(ctx, "regio_zw"), T);
  assert_int_equal(pred(ctx, "regio_noord"), F);

  sg_set_int(ctx, slot("n"), 18);
  sg_set_text(ctx, slot("land"), "NL");
  sg_set_enum(ctx, slot("regio"), "noord");
  sg_eval(ctx);
  assert_int_equal(pred(ctx, "n_range"), F);
  assert_int_equal(pred(ctx, "land_in"), F);
  assert_int_equal(pred(ctx, "regio_in_table"), T);
  assert_int_equal(pred(ctx, "regio_noord"), T);
  sg_context_free(ctx);
}

static sg_truth at_moment(sg_context *ctx, const char *moment, const char *name) {
  sg_context_reset(ctx);
  int64_t s;
  assert_int_equal(sg_parse_datetime(moment, &s), 0);
  sg_set_datetime(ctx, slot("moment"), s);
  sg_set_now(ctx, s);
  sg_eval(ctx);
  return pred(ctx, name);
}

static void test_dates_and_windows(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  /* 2016-11-08 is a Tuesday; 2016-11-12 a Saturday */
  assert_int_equal(at_moment(ctx, "2016-11-08T09:00", "in_kantoor"), T);
  assert_int_equal(at_moment(ctx, "2016-11-08T08:59", "in_kantoor"), F);
  assert_int_equal(at_moment(ctx, "2016-11-08T16:59:59", "in_kantoor"), T);
  assert_int_equal(at_moment(ctx, "2016-11-08T17:00", "in_kantoor"), F);
  assert_int_equal(at_moment(ctx, "2016-11-08T17:00", "buiten_kantoor"), T);
  assert_int_equal(at_moment(ctx, "2016-11-12T11:00", "in_kantoor"), F);
  assert_int_equal(at_moment(ctx, "2016-11-12T11:00", "weekend"), T);
  assert_int_equal(at_moment(ctx, "2016-11-13T11:00", "weekend"), T);
  assert_int_equal(at_moment(ctx, "2016-11-14T11:00", "weekend"), F);
  assert_int_equal(at_moment(ctx, "2016-11-14T06:59", "nacht"), T);
  assert_int_equal(at_moment(ctx, "2016-11-14T07:00", "nacht"), F);
  assert_int_equal(at_moment(ctx, "2016-11-08T10:00", "nu_kantoor"), T);
  assert_int_equal(at_moment(ctx, "2016-11-08T10:00", "vandaag"), T);
  assert_int_equal(at_moment(ctx, "2016-11-09T00:00", "vandaag"), F);
  /* dates before 1970 work too: 1969-12-31 was a Wednesday */
  assert_int_equal(at_moment(ctx, "1969-12-31T10:00", "in_kantoor"), T);
  assert_int_equal(at_moment(ctx, "1969-12-28T10:00", "weekend"), T);

  sg_context_reset(ctx);
  int64_t s;
  int32_t d;
  sg_parse_datetime("2016-11-08T23:59", &s);
  sg_parse_date("2016-11-09", &d);
  sg_set_datetime(ctx, slot("moment"), s);
  sg_set_date(ctx, slot("dag"), d);
  sg_eval(ctx);
  assert_int_equal(pred(ctx, "dag_voor"), T);
  sg_context_free(ctx);
}

static sg_truth rule(sg_context *ctx, const char *name) {
  long r = sg_rule_find(rb, name);
  assert_true(r >= 0);
  return sg_rule_outcome(ctx, (size_t)r);
}

static void test_rule_outcomes_with_unless(void **state) {
  (void)state;
  static const sg_truth vals[] = { F, T, U };
  /* fires = when and not unless, rows when (a), columns unless (b) */
  static const sg_truth fires[3][3] = { { F, F, F }, { T, F, U }, { U, F, U } };
  sg_context *ctx = sg_context_new(rb);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      sg_context_reset(ctx);
      set3(ctx, "a", vals[i]);
      set3(ctx, "b", vals[j]);
      sg_eval(ctx);
      assert_int_equal(rule(ctx, "r_unless"), fires[i][j]);
    }
  sg_context_free(ctx);
}

/* The names of the facts rule or predicate `name` waits for, joined by ",". */
static const char *waiting(sg_context *ctx, const char *name, int is_rule) {
  static char buf[256];
  size_t slots[16];
  long idx = is_rule ? sg_rule_find(rb, name) : sg_pred_find(rb, name);
  assert_true(idx >= 0);
  size_t n = is_rule ? sg_rule_waiting(ctx, (size_t)idx, slots, 16)
                     : sg_pred_waiting(ctx, (size_t)idx, slots, 16);
  buf[0] = '\0';
  for (size_t i = 0; i < n && i < 16; i++) {
    if (i) strcat(buf, ",");
    strcat(buf, sg_fact_name(rb, slots[i]));
  }
  return buf;
}

static void test_waiting_sets(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  /* a unknown, b true: "a and b" waits for a only */
  set3(ctx, "b", T);
  sg_eval(ctx);
  assert_string_equal(waiting(ctx, "a_and_b", 0), "a");
  /* (a and b) or c with a unknown, b false, c unknown: a cannot matter */
  set3(ctx, "b", F);
  sg_eval(ctx);
  assert_int_equal(pred(ctx, "nested"), U);
  assert_string_equal(waiting(ctx, "nested", 0), "c");
  /* both unknown: waits for both, in slot order */
  sg_context_reset(ctx);
  sg_eval(ctx);
  assert_string_equal(waiting(ctx, "a_or_b", 0), "a,b");
  assert_string_equal(waiting(ctx, "r_unless", 1), "a,b");
  /* a known outcome waits for nothing */
  set3(ctx, "a", F);
  sg_eval(ctx);
  assert_int_equal(rule(ctx, "r_unless"), F);
  assert_string_equal(waiting(ctx, "r_unless", 1), "");
  /* at least 2 of g with a true, b and c unknown waits for b and c */
  set3(ctx, "a", T);
  sg_eval(ctx);
  assert_string_equal(waiting(ctx, "least2", 0), "b,c");
  /* when true, unless unknown: waits for the unless fact only */
  assert_string_equal(waiting(ctx, "r_unless", 1), "b");
  sg_context_free(ctx);
}

/* The reasons of a value, as "fact:a,pred:ga,now", in API order. */
static const char *reasons(sg_context *ctx, const char *name, int is_rule, unsigned part) {
  static char buf[256];
  sg_reason rs[16];
  long idx = is_rule ? sg_rule_find(rb, name) : sg_pred_find(rb, name);
  assert_true(idx >= 0);
  size_t n = is_rule ? sg_rule_reasons(ctx, (size_t)idx, part, rs, 16)
                     : sg_pred_reasons(ctx, (size_t)idx, rs, 16);
  buf[0] = '\0';
  for (size_t i = 0; i < n && i < 16; i++) {
    if (i) strcat(buf, ",");
    if (rs[i].kind == SG_REASON_FACT) strcat(buf, "fact:"), strcat(buf, sg_fact_name(rb, rs[i].index));
    else if (rs[i].kind == SG_REASON_PRED) strcat(buf, "pred:"), strcat(buf, sg_pred_name(rb, rs[i].index));
    else strcat(buf, "now");
  }
  return buf;
}

static void test_reasons(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  /* a and b, both true: rests on both */
  set3(ctx, "a", T);
  set3(ctx, "b", T);
  sg_eval(ctx);
  assert_string_equal(reasons(ctx, "a_and_b", 0, 0), "fact:a,fact:b");
  /* a or b with both true: the first true operand decides */
  assert_string_equal(reasons(ctx, "a_or_b", 0, 0), "fact:a");
  /* a and b with b false: b decides alone */
  set3(ctx, "b", F);
  sg_eval(ctx);
  assert_string_equal(reasons(ctx, "a_and_b", 0, 0), "fact:b");
  /* (a and b) or c, all false but c unknown: waits for c only */
  assert_string_equal(reasons(ctx, "nested", 0, 0), "fact:c");
  /* a rule's when and unless: r_unless fires (a true, b false) */
  assert_int_equal(rule(ctx, "r_unless"), T);
  assert_int_equal(sg_rule_part(ctx, (size_t)sg_rule_find(rb, "r_unless"), SG_PART_WHEN), T);
  assert_int_equal(sg_rule_part(ctx, (size_t)sg_rule_find(rb, "r_unless"), SG_PART_UNLESS), F);
  assert_string_equal(reasons(ctx, "r_unless", 1, SG_PART_WHEN), "fact:a");
  assert_string_equal(reasons(ctx, "r_unless", 1, SG_PART_UNLESS), "fact:b");
  /* at least 2 of g with a, b true... members with the result's truth */
  set3(ctx, "b", T);
  set3(ctx, "c", F);
  sg_eval(ctx);
  assert_string_equal(reasons(ctx, "least2", 0, 0), "pred:ga,pred:gb");
  assert_string_equal(reasons(ctx, "all_g", 0, 0), "pred:gc");
  /* is known rests on the fact it tests; a contact key on its fact */
  assert_string_equal(reasons(ctx, "a_known", 0, 0), "fact:a");
  assert_string_equal(reasons(ctx, "r_contact", 1, SG_PART_ACTION + 0), "fact:regio");
  /* the moment of evaluation is a reason of its own */
  sg_set_now(ctx, 0);
  sg_eval(ctx);
  assert_string_equal(reasons(ctx, "nu_kantoor", 0, 0), "now");
  /* a part the rule does not have has no reasons */
  assert_string_equal(reasons(ctx, "r_contact", 1, SG_PART_UNLESS), "");
  sg_context_free(ctx);
}

static void test_fact_values(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  char buf[32];
  assert_null(sg_fact_value(ctx, slot("n"), buf, sizeof buf));
  sg_set_int(ctx, slot("n"), -12);
  assert_string_equal(sg_fact_value(ctx, slot("n"), buf, sizeof buf), "-12");
  sg_set_parsed(ctx, "moment", "2016-11-08T11:00");
  assert_string_equal(sg_fact_value(ctx, slot("moment"), buf, sizeof buf), "2016-11-08T11:00:00");
  sg_set_enum(ctx, slot("regio"), "zuid");
  assert_string_equal(sg_fact_value(ctx, slot("regio"), buf, sizeof buf), "zuid");
  set3(ctx, "a", F);
  assert_string_equal(sg_fact_value(ctx, slot("a"), buf, sizeof buf), "false");
  sg_context_free(ctx);
}

static void test_open_questions(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  sg_eval(ctx);
  /* nothing known: r_unless (a, unless b) waits for a and b; r_contact
   * fires (when true) and needs no answer; a = false settles r_unless */
  sg_question q[16];
  size_t n = sg_open_questions(ctx, q, 16);
  assert_int_equal(n, 2);
  assert_string_equal(sg_fact_name(rb, q[0].slot), "a");
  assert_int_equal(q[0].waiting, 1);
  assert_int_equal(q[0].settles_max, 1);  /* a = false settles it */
  assert_int_equal(q[0].settles_min, 0);  /* a = true does not */
  assert_int_equal(q[0].tried, 1);
  assert_string_equal(sg_fact_name(rb, q[1].slot), "b");
  assert_int_equal(q[1].settles_max, 1);  /* b = true settles it */
  /* the context is as it was: same outcomes, facts still unknown */
  assert_int_equal(rule(ctx, "r_unless"), U);
  assert_null(sg_fact_value(ctx, slot("a"), (char[32]){0}, 32));
  /* once a is true, only b is asked */
  set3(ctx, "a", T);
  sg_eval(ctx);
  n = sg_open_questions(ctx, q, 16);
  assert_int_equal(n, 1);
  assert_string_equal(sg_fact_name(rb, q[0].slot), "b");
  assert_int_equal(q[0].settles_min, 1); /* either answer settles it */
  /* nothing undetermined: no questions */
  set3(ctx, "b", F);
  sg_eval(ctx);
  assert_int_equal(sg_open_questions(ctx, q, 16), 0);
  sg_context_free(ctx);
}

static void test_contact_lookup(void **state) {
  (void)state;
  sg_context *ctx = sg_context_new(rb);
  long r = sg_rule_find(rb, "r_contact");
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, (size_t)r), T);
  assert_int_equal(sg_rule_contact(ctx, (size_t)r, 0), -1); /* key unknown */
  sg_set_enum(ctx, slot("regio"), "zuid");
  sg_eval(ctx);
  long e = sg_rule_contact(ctx, (size_t)r, 0);
  assert_true(e >= 0);
  long t = sg_table_find(rb, "kantoren");
  assert_string_equal(sg_table_key(rb, (size_t)t, (size_t)e), "zuid");
  assert_string_equal(sg_table_value(rb, (size_t)t, (size_t)e, 0), "Maastricht");
  assert_string_equal(sg_table_value(rb, (size_t)t, (size_t)e, 1), "043");
  sg_set_enum(ctx, slot("regio"), "west"); /* no entry for west */
  sg_eval(ctx);
  assert_int_equal(sg_rule_contact(ctx, (size_t)r, 0), -1);
  sg_context_free(ctx);
}

static void test_rule_order_follows_steps(void **state) {
  (void)state;
  /* r_contact has step 1, r_unless none: stepped rules come first */
  assert_string_equal(sg_rule_name(rb, 0), "r_contact");
  assert_string_equal(sg_rule_name(rb, 1), "r_unless");
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kleene_tables),
    cmocka_unit_test(test_at_least),
    cmocka_unit_test(test_comparisons_and_membership),
    cmocka_unit_test(test_dates_and_windows),
    cmocka_unit_test(test_rule_outcomes_with_unless),
    cmocka_unit_test(test_waiting_sets),
    cmocka_unit_test(test_reasons),
    cmocka_unit_test(test_fact_values),
    cmocka_unit_test(test_open_questions),
    cmocka_unit_test(test_contact_lookup),
    cmocka_unit_test(test_rule_order_follows_steps),
  };
  return cmocka_run_group_tests_name("semantics", tests, setup, teardown);
}
