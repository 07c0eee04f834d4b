/* test_semantics.c — what the language means. The meaning itself is taught
 * by the rulebooks in tests/semantics/ (the Kleene truth tables, `at least
 * N of`, `unless`, comparisons, membership, dates and windows), whose
 * examples tests/run.sh runs with `signaal test`. This suite checks that
 * those examples can fail, and what an example cannot state: the facts an
 * undetermined value waits for, the reasons of a value, fact values as
 * text, open questions, contact lookup and the order of rules.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "signaal.h"
#include "testutil.h"
#include "internal.h" /* sgt_index_budget, sgt_index_hash_mask */

#define F SG_FALSE
#define T SG_TRUE
#define U SG_UNKNOWN

static const char *const rules =
    "rulebook \"Semantiek\" version \"1\" effective 2016-11-01 source \"test\"\n"
    "fact a: bool ask \"A?\"\n"
    "fact b: bool ask \"B?\"\n"
    "fact c: bool ask \"C?\"\n"
    "fact n: int ask \"N?\"\n"
    "fact regio: enum { noord, zuid, west } ask \"Regio?\"\n"
    "fact moment: datetime ask \"Moment?\"\n"
    "table kantoren = { noord: { plaats: \"Groningen\", tel: \"050\" },\n"
    "                   zuid: { plaats: \"Maastricht\", tel: \"043\" } }\n"
    "window kantoor = weekdays 09:00 .. 17:00\n"
    "group g \"G\"\n"
    "signal ga in g \"A\" when a source \"s\"\n"
    "signal gb in g \"B\" when b source \"s\"\n"
    "signal gc in g \"C\" when c source \"s\"\n"
    "condition a_and_b when a and b\n"
    "condition a_or_b when a or b\n"
    "condition least2 when at least 2 of g\n"
    "condition all_g when all of g\n"
    "condition a_known when a is known\n"
    "condition nu_kantoor when now within kantoor\n"
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

static sg_truth rule(sg_context *ctx, const char *name) {
  long r = sg_rule_find(rb, name);
  assert_true(r >= 0);
  return sg_rule_outcome(ctx, (size_t)r);
}

/* ---- the examples of tests/semantics/ can fail --------------------------- */

#define SEMANTICS_DIR "tests/semantics"

/* `text` with every expectation turned into another one: `expect X` into
 * `expect not X`, `expect not X` into `expect undetermined X` and
 * `expect undetermined X` into `expect X` (free it). */
static char *flip_expectations(const char *text, size_t *flipped) {
  size_t len = strlen(text);
  char *out = malloc(len * 2 + 1);
  assert_non_null(out);
  size_t o = 0;
  *flipped = 0;
  const char *line = text;
  while (*line != '\0') {
    const char *end = strchr(line, '\n');
    size_t n = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
    size_t indent = strspn(line, " \t");
    const char *word = line + indent;
    if (n > indent + 7 && strncmp(word, "expect ", 7) == 0) {
      const char *rest = word + 7;
      const char *name = rest, *now = "not ";
      if (strncmp(rest, "not ", 4) == 0) name = rest + 4, now = "undetermined ";
      else if (strncmp(rest, "undetermined ", 13) == 0) name = rest + 13, now = "";
      memcpy(out + o, line, indent + 7);
      o += indent + 7;
      memcpy(out + o, now, strlen(now));
      o += strlen(now);
      memcpy(out + o, name, n - (size_t)(name - line));
      o += n - (size_t)(name - line);
      (*flipped)++;
    } else {
      memcpy(out + o, line, n);
      o += n;
    }
    line += n;
  }
  out[o] = '\0';
  return out;
}

/* How many lines of `text` start an example. */
static size_t count_examples(const char *text) {
  size_t count = 0;
  for (const char *line = text; line != NULL && *line != '\0';) {
    if (strncmp(line + strspn(line, " \t"), "example ", 8) == 0) count++;
    line = strchr(line, '\n');
    if (line != NULL) line++;
  }
  return count;
}

/* Each rulebook of tests/semantics/ passes as it is, and when every
 * expectation is turned into another one, every example fails: no example
 * passes whatever the language does. */
static void test_semantics_examples_can_fail(void **state) {
  (void)state;
  DIR *dir = opendir(SEMANTICS_DIR);
  assert_non_null(dir);
  char *scratch = tu_make_dir();
  assert_non_null(scratch);
  size_t files = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) != NULL) {
    size_t len = strlen(entry->d_name);
    if (len < 7 || strcmp(entry->d_name + len - 6, ".rules") != 0) continue;
    files++;
    char path[512], line[64];
    snprintf(path, sizeof path, SEMANTICS_DIR "/%s", entry->d_name);
    char *text = tu_read_file(path, NULL);
    assert_non_null(text);
    size_t examples = count_examples(text), flipped = 0;
    assert_true(examples > 0);

    tu_result r = tu_signaalf(NULL, "test %s --quiet", path);
    snprintf(line, sizeof line, "\n%zu passed, 0 failed\n", examples);
    if (r.status != 0 || !tu_contains(r.out, line))
      fprintf(stderr, "%s as it is:\n%s%s", path, r.out, r.err);
    assert_int_equal(r.status, 0);
    assert_true(tu_contains(r.out, line));
    tu_result_free(&r);

    char *broken = flip_expectations(text, &flipped);
    assert_true(flipped >= examples);
    char *copy = tu_put(scratch, entry->d_name, broken);
    assert_non_null(copy);
    r = tu_signaalf(NULL, "test %s --quiet", copy);
    snprintf(line, sizeof line, "\n0 passed, %zu failed\n", examples);
    if (r.status != 1 || !tu_contains(r.out, line))
      fprintf(stderr, "%s with every expectation turned:\n%s%s", path, r.out, r.err);
    assert_int_equal(r.status, 1);
    assert_true(tu_contains(r.out, line));
    tu_result_free(&r);
    free(copy);
    free(broken);
    free(text);
  }
  closedir(dir);
  tu_remove_dir(scratch);
  assert_true(files >= 7);
}

/* ---- what an example cannot state --------------------------------------- */

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

/* An undetermined rule may rest on an unknown fact through a part that is
 * known now (`not (b is known)` is true while b is unknown): an answer to b
 * settles it, so b's question counts it as waiting, and no answer settles
 * more rules than wait (found by fuzzing the bundled rulebook: "beslist 1
 * tot 1 van de 0 onbesliste regels"). */
static void test_questions_through_presumptions(void **state) {
  (void)state;
  static const char text[] =
    "rulebook \"P\" version \"1\" effective 2016-11-01 source \"s\"\n"
    "fact a: bool ask \"A?\"\n"
    "fact b: bool ask \"B?\"\n"
    "rule r1 when a and not (b is known) recommend \"1\" source \"s\"\n"
    "rule r2 when b is unknown recommend \"2\" source \"s\"\n";
  int errors = 0;
  sgc_compiler *c = tu_compile("p.rules", text, &errors);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *p;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &p, NULL), SG_OK);
  sgc_free(c);
  sg_context *ctx = sg_context_new(p);
  sg_eval(ctx);
  sg_question q[4];
  size_t n = sg_open_questions(ctx, q, 4);
  assert_true(n >= 1);
  int seen_b = 0;
  for (size_t i = 0; i < n && i < 4; i++) {
    assert_true(q[i].settles_max <= q[i].waiting);
    if (strcmp(sg_fact_name(p, q[i].slot), "b") != 0) continue;
    seen_b = 1;
    assert_int_equal(q[i].waiting, 1);      /* r1: any answer makes it false */
    assert_int_equal(q[i].settles_min, 1);
    assert_int_equal(q[i].presumed, 1);     /* r2 rests on b being unknown */
  }
  assert_true(seen_b);
  sg_context_free(ctx);
  sg_rulebook_free(p);
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
   * fires (when true) but its number waits for regio, which every answer
   * gives (sg_question_contacts), so regio is asked first; a = false
   * settles r_unless */
  sg_question q[16];
  size_t n = sg_open_questions(ctx, q, 16);
  assert_int_equal(n, 3);
  assert_string_equal(sg_fact_name(rb, q[0].slot), "regio");
  assert_int_equal(sg_question_contacts(ctx, q[0].slot), 1);
  assert_int_equal(q[0].waiting, 0);      /* no rule waits for it */
  assert_int_equal(q[0].settles_max, 0);
  assert_string_equal(sg_fact_name(rb, q[1].slot), "a");
  assert_int_equal(sg_question_contacts(ctx, q[1].slot), 0);
  assert_int_equal(q[1].waiting, 1);
  assert_int_equal(q[1].settles_max, 1);  /* a = false settles it */
  assert_int_equal(q[1].settles_min, 0);  /* a = true does not */
  assert_int_equal(q[1].tried, 1);
  assert_string_equal(sg_fact_name(rb, q[2].slot), "b");
  assert_int_equal(q[2].settles_max, 1);  /* b = true settles it */
  /* the context is as it was: same outcomes, facts still unknown */
  assert_int_equal(rule(ctx, "r_unless"), U);
  assert_null(sg_fact_value(ctx, slot("a"), (char[32]){0}, 32));
  /* once a is true, b is asked, and regio still; each answer settles
   * one, but a rule waits for b */
  set3(ctx, "a", T);
  sg_eval(ctx);
  n = sg_open_questions(ctx, q, 16);
  assert_int_equal(n, 2);
  assert_string_equal(sg_fact_name(rb, q[0].slot), "b");
  assert_int_equal(q[0].settles_min, 1); /* either answer settles it */
  assert_string_equal(sg_fact_name(rb, q[1].slot), "regio");
  /* nothing undetermined: only the contact's key is asked */
  set3(ctx, "b", F);
  sg_eval(ctx);
  assert_int_equal(sg_open_questions(ctx, q, 16), 1);
  assert_string_equal(sg_fact_name(rb, q[0].slot), "regio");
  /* a key the table does not have is decided: nothing to ask */
  sg_set_enum(ctx, slot("regio"), "west");
  sg_eval(ctx);
  assert_int_equal(sg_rule_contact(ctx, (size_t)sg_rule_find(rb, "r_contact"), 0), -1);
  assert_int_equal(sg_open_questions(ctx, q, 16), 0);
  assert_int_equal(sg_question_contacts(ctx, slot("regio")), 0);
  /* a bad slot, or a context not evaluated, has none */
  assert_int_equal(sg_question_contacts(ctx, sg_fact_count(rb)), 0);
  assert_int_equal(sg_question_contacts(NULL, 0), 0);
  sg_context_free(ctx);
}

/* Presumptions: a decided rule that rests on an unknown fact (`unless
 * established x`, `n is unknown`) names it, and the open questions offer it
 * as long as an answer could change an outcome. */
static void test_presumptions(void **state) {
  (void)state;
  static const char *const text =
      "rulebook \"Aannames\" version \"1\" effective 2016-11-01 source \"test\"\n"
      "fact a: bool ask \"A?\"\n"
      "fact x: bool ask \"Uitzondering?\"\n"
      "fact n: int ask \"N?\"\n"
      "rule r_default when a unless established x recommend \"R\" source \"s\"\n"
      "rule r_young when n is unknown or n < 18 recommend \"Y\" source \"s\"\n";
  int errors = 0;
  sgc_compiler *c = tu_compile("aannames.rules", text, &errors);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *book = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &book, NULL), SG_OK);
  sgc_free(c);
  sg_context *ctx = sg_context_new(book);
  size_t a = (size_t)sg_fact_slot(book, "a"), x = (size_t)sg_fact_slot(book, "x");
  size_t n = (size_t)sg_fact_slot(book, "n");
  size_t r_default = (size_t)sg_rule_find(book, "r_default");
  size_t r_young = (size_t)sg_rule_find(book, "r_young");
  assert_int_equal(sg_set_bool(ctx, a, 1), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, r_default), SG_TRUE);
  size_t slots[4];
  /* the default fires and rests on x, through its unless only */
  assert_int_equal(sg_rule_presumed(ctx, r_default, SG_PART_UNLESS, slots, 4), 1);
  assert_int_equal(slots[0], x);
  assert_int_equal(sg_rule_presumed(ctx, r_default, SG_PART_WHEN, slots, 4), 0);
  /* `n is unknown` decides r_young and rests on n */
  assert_int_equal(sg_rule_outcome(ctx, r_young), SG_TRUE);
  assert_int_equal(sg_rule_presumed(ctx, r_young, SG_PART_WHEN, slots, 4), 1);
  assert_int_equal(slots[0], n);
  /* nothing is undetermined, yet x and n are questions: x = true changes
   * r_default (tried), n is an int (kept, not tried) */
  sg_question q[4];
  size_t count = sg_open_questions(ctx, q, 4);
  assert_int_equal(count, 2);
  assert_int_equal(q[0].slot, x);
  assert_int_equal(q[0].waiting, 0);
  assert_int_equal(q[0].presumed, 1);
  assert_int_equal(q[0].changes, 1);
  assert_int_equal(q[0].tried, 1);
  assert_int_equal(q[1].slot, n);
  assert_int_equal(q[1].presumed, 1);
  assert_int_equal(q[1].tried, 0);
  assert_int_equal(sg_rule_outcome(ctx, r_default), SG_TRUE);  /* restored */
  /* once x is known false, the default no longer rests on anything */
  assert_int_equal(sg_set_bool(ctx, x, 0), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_rule_presumed(ctx, r_default, SG_PART_UNLESS, slots, 4), 0);
  /* an undetermined rule has no presumptions, it waits */
  assert_int_equal(sg_set_unknown(ctx, a), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, r_default), SG_UNKNOWN);
  assert_int_equal(sg_rule_presumed(ctx, r_default, SG_PART_WHEN, slots, 4), 0);
  sg_context_free(ctx);
  sg_rulebook_free(book);
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

/* The load-time indices of sets and tables (runtime/index.c) answer as a
 * scan of every entry does: a rulebook with a set of 600 texts, one of 600
 * ints (one text dated) and a table of 600 keys, loaded three ways — as
 * shipped, with no index at all (the test hook's budget 0: every lookup
 * scans), and with every hash equal (mask 0: every lookup walks collisions)
 * — gives the same outcome for values in, between and outside the sets,
 * on both sides of the dated element's date. */
static void test_index_is_a_scan(void **state) {
  (void)state;
  enum { N = 600 };
  size_t cap = (size_t)N * 64 + 1024, n = 0;
  char *src = malloc(cap);
  assert_non_null(src);
  n += (size_t)snprintf(src + n, cap - n, "rulebook \"I\" version \"1\" effective 2016-11-01 source \"s\"\n"
                        "fact k: text ask \"k?\"\nfact g: int ask \"g?\"\nset ts = {\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "\"t%d\",\n", i);
  n += (size_t)snprintf(src + n, cap - n, "\"oud\" until 2020-01-01 }\nset gs = {\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "%d%s\n", i * 3, i + 1 < N ? "," : "");
  n += (size_t)snprintf(src + n, cap - n, "}\ntable tab = {\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "t%d: \"n%d\"%s\n", i, i, i + 1 < N ? "," : "");
  snprintf(src + n, cap - n, "}\ncondition in_ts when k in ts source \"s\"\n"
           "condition in_gs when g in gs source \"s\"\n"
           "rule bel \"B\" when in_ts contact tab[k] source \"s\"\n");
  int errors = 0;
  sgc_compiler *c = tu_compile("index.rules", src, &errors);
  assert_int_equal(errors, 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  static const struct { size_t budget; uint32_t mask; } ways[] = {
    {SIZE_MAX, UINT32_MAX}, {0, UINT32_MAX}, {SIZE_MAX, 0}};
  static const char *const texts[] = {"t0", "t299", "t599", "t600", "T1", "", "oud"};
  static const int ints[] = {0, 897, 1797, 1, 1800, -3};
  char outcomes[3][64];
  for (size_t w = 0; w < 3; w++) {
    sgt_index_budget = ways[w].budget;
    sgt_index_hash_mask = ways[w].mask;
    sg_rulebook *r = NULL;
    sg_error err;
    assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &r, &err), SG_OK);
    sg_context *ctx = sg_context_new(r);
    assert_non_null(ctx);
    size_t o = 0;
    for (size_t day = 0; day < 2; day++)
      for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        sg_context_reset(ctx);
        sg_set_asof(ctx, day ? sg_days_from_civil(2021, 1, 1) : sg_days_from_civil(2019, 1, 1));
        assert_int_equal(sg_set_text(ctx, (size_t)sg_fact_slot(r, "k"), texts[i]), SG_OK);
        assert_int_equal(sg_eval(ctx), SG_OK);
        long contact = sg_rule_contact(ctx, (size_t)sg_rule_find(r, "bel"), 0);
        outcomes[w][o++] = (char)('0' + sg_pred_value(ctx, (size_t)sg_pred_find(r, "in_ts")));
        outcomes[w][o++] = (char)(contact >= 0 ? 'a' + contact % 26 : contact == -1 ? '-' : '?');
      }
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
      sg_context_reset(ctx);
      assert_int_equal(sg_set_int(ctx, (size_t)sg_fact_slot(r, "g"), ints[i]), SG_OK);
      assert_int_equal(sg_eval(ctx), SG_OK);
      outcomes[w][o++] = (char)('0' + sg_pred_value(ctx, (size_t)sg_pred_find(r, "in_gs")));
    }
    outcomes[w][o] = '\0';
    sg_context_free(ctx);
    sg_rulebook_free(r);
  }
  sgt_index_budget = SIZE_MAX;
  sgt_index_hash_mask = UINT32_MAX;
  /* in 2019: t0 t299 t599 in (contacts 0, 299, 599), t600 T1 "" not, oud in
   * (no entry: no contact); in 2021 oud no longer; ints: in, in, in, not x3 */
  assert_string_equal(outcomes[0], "1a1n1b0-0-0-1-" "1a1n1b0-0-0-0-" "111000");
  assert_string_equal(outcomes[1], outcomes[0]);
  assert_string_equal(outcomes[2], outcomes[0]);
  sgc_free(c);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_semantics_examples_can_fail),
    cmocka_unit_test(test_waiting_sets),
    cmocka_unit_test(test_reasons),
    cmocka_unit_test(test_fact_values),
    cmocka_unit_test(test_open_questions),
    cmocka_unit_test(test_questions_through_presumptions),
    cmocka_unit_test(test_presumptions),
    cmocka_unit_test(test_contact_lookup),
    cmocka_unit_test(test_rule_order_follows_steps),
    cmocka_unit_test(test_index_is_a_scan),
  };
  return cmocka_run_group_tests_name("semantics", tests, setup, teardown);
}
