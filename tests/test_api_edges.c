/* test_api_edges.c — the runtime API at its edges, on a small hand-built
 * image: every accessor with an index out of range, a NULL name or
 * context, or before sg_eval, answers as include/signaal.h says (NULL, 0,
 * -1, SG_UNKNOWN, SG_ERR_RANGE); sg_context_new and sg_set_text fail
 * cleanly when the allocator does; and the reasons of every comparison,
 * range and and/or with each operand known or not, as the tracking
 * interpreter gives them (sg_pred_reasons, sg_pred_waiting).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "allochook.h"
#include "imagebuild.h"
#include "signaal.h"

static const ib_block no_block = {0, 0};

/* The facts of the edge rulebook, by slot. */
enum { F_A, F_B, F_X, F_Y, F_HI, F_S, F_T, F_D, F_COUNT };

/* Its predicates: and, or, the int comparisons, the text ones, a range, a
 * weekday, a table lookup. */
enum {
  P_AND, P_OR, P_LT, P_LE, P_GT, P_GE, P_EQ, P_NE, P_TEQ, P_TNE, P_RANGE, P_WEEKDAY,
  P_INTABLE, P_COUNT
};

/* A predicate "FACT l; FACT r; op; RET". */
static void pred_binary(ib_image *im, const char *name, uint16_t l, uint16_t r, int op,
                        uint32_t group) {
  uint32_t s = ib_here(im);
  ib_op16(im, SG_OP_FACT, l);
  ib_op16(im, SG_OP_FACT, r);
  ib_op(im, op);
  ib_op(im, SG_OP_RET);
  ib_pred(im, name, SG_CONDITION, group, ib_end(im, s));
}

/* Finish `im` (freed) and load it with `alloc` (may be NULL); fails the
 * test when it does not load. */
static sg_rulebook *load_image(ib_image *im, sg_alloc_fn alloc, void *ud) {
  sg_rulebook *rb = NULL;
  sg_error err;
  if (ib_load(im, alloc, ud, &rb, &err) != SG_OK) fail_msg("load failed: %s (offset %ld)", err.message, err.offset);
  return rb;
}

/* The edge rulebook: the facts above, a group of one signal, a table of
 * two entries, the predicates above, and two rules: `contact` (when
 * P_AND; a recommendation and a contact keyed by fact s) and `ander`
 * (when P_OR, unless P_WEEKDAY). Loaded with `alloc` (may be NULL). */
static sg_rulebook *edge_rulebook(sg_alloc_fn alloc, void *ud) {
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "a", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "b", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "x", SG_INT, 0, 0, NULL);
  ib_fact(&im, "y", SG_INT, 0, 0, NULL);
  ib_fact(&im, "hi", SG_INT, 0, 0, NULL);
  ib_fact(&im, "s", SG_TEXT, 0, 0, NULL);
  ib_fact(&im, "t", SG_TEXT, 0, 0, NULL);
  ib_fact(&im, "d", SG_DATE, 0, 0, NULL);
  static const char *const field[] = {"telefoon"};
  static const char *const cells[] = {"amsterdam", "020", "den haag", "070"};
  ib_table(&im, "kantoren", 1, field, 2, cells);
  uint32_t members[] = {P_AND};
  ib_group(&im, "paar", 1, members);
  pred_binary(&im, "en", F_A, F_B, SG_OP_AND, 0);
  pred_binary(&im, "of", F_A, F_B, SG_OP_OR, SG_NONE);
  static const int compare[] = {SG_OP_LT, SG_OP_LE, SG_OP_GT, SG_OP_GE, SG_OP_EQ, SG_OP_NE};
  for (size_t k = 0; k < sizeof compare / sizeof compare[0]; k++)
    pred_binary(&im, "vergelijk", F_X, F_Y, compare[k], SG_NONE);
  pred_binary(&im, "tekst_gelijk", F_S, F_T, SG_OP_EQ, SG_NONE);
  pred_binary(&im, "tekst_anders", F_S, F_T, SG_OP_NE, SG_NONE);
  uint32_t s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, F_X);
  ib_op16(&im, SG_OP_FACT, F_Y);
  ib_op16(&im, SG_OP_FACT, F_HI);
  ib_op(&im, SG_OP_RANGE);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "tussen", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, F_D);
  ib_op(&im, SG_OP_WEEKDAY);
  ib_op32(&im, SG_OP_INT, 2);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "dinsdag", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, F_S);
  ib_op16(&im, SG_OP_INTABLE, 0);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "bekend_kantoor", SG_CONDITION, SG_NONE, ib_end(&im, s));

  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, P_AND);
  ib_op(&im, SG_OP_RET);
  ib_block when = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, F_S);
  ib_op(&im, SG_OP_RET);
  ib_block key = ib_end(&im, s);
  uint32_t actions[] = {ib_action(&im, SG_RECOMMEND, "Overleg", SG_NONE, no_block),
                        ib_action(&im, SG_CONTACT, "", 0, key)};
  ib_rule(&im, "contact", 1, when, no_block, 2, actions);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, P_OR);
  ib_op(&im, SG_OP_RET);
  when = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, P_WEEKDAY);
  ib_op(&im, SG_OP_RET);
  ib_rule(&im, "ander", 0, when, ib_end(&im, s), 0, NULL);
  ib_justify(&im, SG_OWNER_RULE, 0, F_S, "Het kantoor");
  return load_image(&im, alloc, ud);
}

/* The state of most tests: the edge rulebook and a fresh context for it. */
typedef struct {
  sg_rulebook *rb;
  sg_context *ctx;
} edge;

static int edge_setup(void **state) {
  edge *e = calloc(1, sizeof *e);
  if (!e) return -1;
  e->rb = edge_rulebook(NULL, NULL);
  e->ctx = sg_context_new(e->rb);
  *state = e;
  return e->ctx ? 0 : -1;
}

static int edge_teardown(void **state) {
  edge *e = *state;
  sg_context_free(e->ctx);
  sg_rulebook_free(e->rb);
  free(e);
  return 0;
}

/* ---- The rulebook's accessors ------------------------------------------- */

/* Every accessor that takes an index gives NULL, 0 or -1 for one past the
 * last, and every finder -1 for NULL or a name it does not know. */
static void test_rulebook_out_of_range(void **state) {
  const sg_rulebook *rb = ((edge *)*state)->rb;
  size_t nf = sg_fact_count(rb), np = sg_pred_count(rb), nr = sg_rule_count(rb);
  assert_int_equal(nf, F_COUNT);
  assert_int_equal(np, P_COUNT);
  assert_int_equal(nr, 2);
  assert_null(sg_rulebook_file(rb, 1));
  assert_null(sg_rulebook_file_sha256(rb, 1));
  int major = 0, minor = -1;
  sg_rulebook_format_version(rb, NULL, NULL);  /* either may be NULL */
  sg_rulebook_format_version(rb, &major, &minor);
  assert_int_equal(major, 1);
  assert_true(minor >= 0);

  assert_int_equal(sg_fact_slot(rb, NULL), -1);
  assert_int_equal(sg_fact_slot(rb, "z"), -1);
  assert_null(sg_fact_name(rb, nf));
  assert_null(sg_fact_question(rb, nf));
  assert_int_equal(sg_fact_type(rb, nf), 0);
  assert_int_equal(sg_fact_optional(rb, nf), 0);
  assert_int_equal(sg_fact_protected(rb, nf), 0);
  assert_int_equal(sg_fact_enum_count(rb, nf), 0);
  assert_null(sg_fact_enum_value(rb, nf, 0));
  assert_null(sg_fact_enum_value(rb, F_A, 0));  /* a bool has no enum values */

  assert_int_equal(sg_pred_find(rb, NULL), -1);
  assert_int_equal(sg_pred_find(rb, "geen"), -1);
  assert_null(sg_pred_name(rb, np));
  assert_null(sg_pred_label(rb, np));
  assert_int_equal(sg_pred_kind_of(rb, np), 0);
  assert_null(sg_pred_citation(rb, np));
  assert_null(sg_pred_group(rb, np));
  assert_string_equal(sg_pred_group(rb, P_AND), "paar");
  assert_null(sg_pred_group(rb, P_OR));
  assert_int_equal(sg_group_count(rb), 1);
  assert_null(sg_group_name(rb, 1));
  assert_null(sg_group_label(rb, 1));

  assert_int_equal(sg_actor_find(rb, NULL), -1);
  assert_null(sg_actor_name(rb, 0));
  assert_null(sg_actor_label(rb, 0));

  assert_int_equal(sg_rule_find(rb, NULL), -1);
  assert_int_equal(sg_rule_find(rb, "geen"), -1);
  assert_null(sg_rule_name(rb, nr));
  assert_null(sg_rule_label(rb, nr));
  assert_int_equal(sg_rule_step(rb, nr), 0);
  assert_int_equal(sg_rule_has_step(rb, nr), 0);
  assert_int_equal(sg_rule_has_step(rb, 0), 1);
  assert_int_equal(sg_rule_urgent(rb, nr), 0);
  assert_int_equal(sg_rule_actor(rb, nr), -1);
  assert_null(sg_rule_citation(rb, nr));
  assert_int_equal(sg_rule_action_count(rb, nr), 0);
  assert_int_equal(sg_rule_action_kind(rb, nr, 0), 0);
  assert_int_equal(sg_rule_action_kind(rb, 0, 2), 0);
  assert_null(sg_rule_action_text(rb, 0, 2));
  assert_null(sg_rule_action_text(rb, nr, 0));
  assert_string_equal(sg_rule_action_text(rb, 0, 0), "Overleg");

  assert_int_equal(sg_table_find(rb, NULL), -1);
  assert_int_equal(sg_table_find(rb, "telefoonboek"), -1);
  assert_null(sg_table_name(rb, 1));
  assert_int_equal(sg_table_field_count(rb, 1), 0);
  assert_null(sg_table_field(rb, 1, 0));
  assert_null(sg_table_field(rb, 0, 1));
  assert_string_equal(sg_table_field(rb, 0, 0), "telefoon");
  assert_int_equal(sg_table_entry_count(rb, 1), 0);
  assert_null(sg_table_key(rb, 1, 0));
  assert_null(sg_table_key(rb, 0, 2));
  assert_null(sg_table_value(rb, 1, 0, 0));
  assert_null(sg_table_value(rb, 0, 2, 0));
  assert_null(sg_table_value(rb, 0, 0, 1));
  assert_string_equal(sg_table_value(rb, 0, 1, 0), "070");

  int kind = -1;
  size_t owner = 9, fact = 9;
  const char *text = "x";
  sg_justification(rb, 1, &kind, &owner, &fact, &text);  /* out of range: all zero */
  assert_int_equal(kind, 0);
  assert_int_equal(owner, 0);
  assert_int_equal(fact, 0);
  assert_null(text);
  sg_justification(rb, 0, NULL, NULL, NULL, NULL);  /* outputs may be NULL */
  sg_assumption(rb, 0, NULL, NULL, NULL);
}

/* What a predicate or rule reads, by kind: a table through INTABLE and
 * through a contact, a fact through a contact's key; nothing for an index
 * out of range or a kind that is none of sg_read_kind's. */
static void test_reads(void **state) {
  const sg_rulebook *rb = ((edge *)*state)->rb;
  size_t out[8];
  assert_int_equal(sg_pred_reads(rb, P_INTABLE, SG_READS_TABLE, out, 8), 1);
  assert_int_equal(out[0], 0);
  assert_int_equal(sg_pred_reads(rb, P_INTABLE, SG_READS_FACT, out, 8), 1);
  assert_int_equal(out[0], F_S);
  assert_int_equal(sg_pred_reads(rb, P_LT, SG_READS_TABLE, out, 8), 0);
  assert_int_equal(sg_rule_reads(rb, 0, SG_READS_TABLE, out, 8), 1);  /* its contact */
  assert_int_equal(out[0], 0);
  assert_int_equal(sg_rule_reads(rb, 0, SG_READS_FACT, out, 8), 1);   /* the key */
  assert_int_equal(out[0], F_S);
  assert_int_equal(sg_rule_reads(rb, 0, SG_READS_PRED, out, 8), 1);
  assert_int_equal(out[0], P_AND);
  assert_int_equal(sg_rule_reads(rb, 1, SG_READS_PRED, out, 8), 2);   /* when and unless */
  assert_int_equal(out[0], P_OR);
  assert_int_equal(out[1], P_WEEKDAY);
  assert_int_equal(sg_pred_reads(rb, P_INTABLE, (sg_read_kind)0, out, 8), 0);
  assert_int_equal(sg_rule_reads(rb, 0, (sg_read_kind)9, out, 8), 0);
  assert_int_equal(sg_pred_reads(rb, P_COUNT, SG_READS_FACT, out, 8), 0);
  assert_int_equal(sg_rule_reads(rb, 2, SG_READS_FACT, out, 8), 0);
  assert_int_equal(sg_pred_windows(rb, P_COUNT, out, 8), 0);
}

/* ---- Contexts ---------------------------------------------------------- */

/* A NULL context: no context, setters SG_ERR_RANGE, the rest does nothing
 * or answers "nothing"; a NULL rulebook makes no context. */
static void test_null_context(void **state) {
  (void)state;
  assert_null(sg_context_new(NULL));
  sg_context_free(NULL);
  sg_context_reset(NULL);
  sg_set_now(NULL, 0);
  sg_set_asof(NULL, 0);
  int32_t day = 5;
  assert_int_equal(sg_asof(NULL, &day), 0);
  assert_int_equal(day, 5);
  assert_int_equal(sg_set_unknown(NULL, 0), SG_ERR_RANGE);
  assert_int_equal(sg_set_bool(NULL, 0, 1), SG_ERR_RANGE);
  assert_int_equal(sg_set_parsed(NULL, "a", "true"), SG_ERR_RANGE);
  assert_int_equal(sg_eval(NULL), SG_ERR_RANGE);
  assert_int_equal(sg_pred_value(NULL, 0), SG_UNKNOWN);
  assert_int_equal(sg_rule_outcome(NULL, 0), SG_UNKNOWN);
  assert_int_equal(sg_rule_contact(NULL, 0, 1), -1);
  assert_int_equal(sg_rule_part(NULL, 0, SG_PART_WHEN), SG_UNKNOWN);
  assert_int_equal(sg_pred_waiting(NULL, 0, NULL, 0), 0);
  assert_int_equal(sg_rule_waiting(NULL, 0, NULL, 0), 0);
  assert_int_equal(sg_rule_presumed(NULL, 0, SG_PART_WHEN, NULL, 0), 0);
  assert_int_equal(sg_rule_reasons(NULL, 0, SG_PART_WHEN, NULL, 0), 0);
  assert_int_equal(sg_pred_reasons(NULL, 0, NULL, 0), 0);
  assert_int_equal(sg_open_questions(NULL, NULL, 0), 0);
  char buf[32];
  assert_null(sg_fact_value(NULL, 0, buf, sizeof buf));
}

/* Setters: a slot past the last is SG_ERR_RANGE for every type; another
 * type SG_ERR_TYPE; a NULL text or name SG_ERR_VALUE; sg_fact_value NULL
 * for a bad slot, an unknown fact, or a buffer that is missing or short. */
static void test_setter_edges(void **state) {
  (void)state;
  static const char *const kleuren[] = {"rood", "groen"};
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "kleur", SG_ENUM, 0, 2, kleuren);
  ib_fact(&im, "n", SG_INT, 0, 0, NULL);
  sg_rulebook *rb = load_image(&im, NULL, NULL);
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  assert_int_equal(sg_set_unknown(ctx, 2), SG_ERR_RANGE);
  assert_int_equal(sg_set_int(ctx, 2, 1), SG_ERR_RANGE);
  assert_int_equal(sg_set_enum(ctx, 2, "rood"), SG_ERR_RANGE);
  assert_int_equal(sg_set_enum(ctx, 0, NULL), SG_ERR_VALUE);
  assert_int_equal(sg_set_enum_index(ctx, 1, 0), SG_ERR_TYPE);
  assert_int_equal(sg_set_enum_index(ctx, 0, 2), SG_ERR_RANGE);
  assert_int_equal(sg_set_parsed(ctx, "kleur", NULL), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "geen", "rood"), SG_ERR_RANGE);
  char buf[32];
  assert_null(sg_fact_value(ctx, 0, buf, sizeof buf));  /* unknown */
  assert_int_equal(sg_set_enum_index(ctx, 0, 1), SG_OK);
  assert_int_equal(sg_set_int(ctx, 1, -7), SG_OK);
  assert_string_equal(sg_fact_value(ctx, 0, buf, sizeof buf), "groen");
  assert_string_equal(sg_fact_value(ctx, 1, buf, sizeof buf), "-7");
  assert_null(sg_fact_value(ctx, 2, buf, sizeof buf));
  assert_null(sg_fact_value(ctx, 1, NULL, 32));
  assert_null(sg_fact_value(ctx, 1, buf, 23));
  int32_t day = 5;
  assert_int_equal(sg_asof(ctx, &day), 0);  /* no moment yet */
  assert_int_equal(day, 5);
  sg_set_asof(ctx, 17106);
  assert_int_equal(sg_asof(ctx, NULL), 1);  /* days may be NULL */
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* A rulebook without facts still makes a context that evaluates. */
static void test_no_facts(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  uint32_t s = ib_here(&im);
  ib_op(&im, SG_OP_TRUE);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "altijd", SG_CONDITION, SG_NONE, ib_end(&im, s));
  sg_rulebook *rb = load_image(&im, NULL, NULL);
  assert_int_equal(sg_fact_count(rb), 0);
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_pred_value(ctx, 0), SG_TRUE);
  assert_int_equal(sg_open_questions(ctx, NULL, 0), 0);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* Outcomes and explanations: out of range, before the first sg_eval, and
 * for an outcome that is known, each answers "nothing"; a count with no
 * room to write is still the count. */
static void test_outcome_edges(void **state) {
  sg_context *ctx = ((edge *)*state)->ctx;
  size_t slots[8];
  sg_reason reasons[8];
  sg_question questions[8];
  /* before sg_eval */
  assert_int_equal(sg_pred_waiting(ctx, P_AND, slots, 8), 0);
  assert_int_equal(sg_rule_waiting(ctx, 0, slots, 8), 0);
  assert_int_equal(sg_rule_presumed(ctx, 0, SG_PART_WHEN, slots, 8), 0);
  assert_int_equal(sg_rule_reasons(ctx, 0, SG_PART_WHEN, reasons, 8), 0);
  assert_int_equal(sg_pred_reasons(ctx, P_AND, reasons, 8), 0);
  assert_int_equal(sg_open_questions(ctx, questions, 8), 0);

  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_pred_value(ctx, P_COUNT), SG_UNKNOWN);
  assert_int_equal(sg_rule_outcome(ctx, 2), SG_UNKNOWN);
  assert_int_equal(sg_rule_contact(ctx, 2, 0), -1);
  assert_int_equal(sg_rule_contact(ctx, 0, 2), -1);
  assert_int_equal(sg_rule_part(ctx, 2, SG_PART_WHEN), SG_UNKNOWN);
  assert_int_equal(sg_rule_part(ctx, 0, SG_PART_ACTION), SG_UNKNOWN);
  assert_int_equal(sg_rule_part(ctx, 0, SG_PART_UNLESS), SG_FALSE);  /* it has none */
  assert_int_equal(sg_pred_waiting(ctx, P_COUNT, slots, 8), 0);
  assert_int_equal(sg_rule_waiting(ctx, 2, slots, 8), 0);
  assert_int_equal(sg_rule_reasons(ctx, 2, SG_PART_WHEN, reasons, 8), 0);
  assert_int_equal(sg_pred_reasons(ctx, P_COUNT, reasons, 8), 0);
  /* NULL output with room: counted, not written */
  assert_int_equal(sg_pred_waiting(ctx, P_AND, NULL, 8), 2);
  assert_int_equal(sg_pred_reasons(ctx, P_AND, NULL, 8), 2);
  size_t open = sg_open_questions(ctx, NULL, 8);
  assert_true(open >= 2);
  assert_int_equal(sg_open_questions(ctx, questions, 8), open);
  /* a decided rule: nothing to wait for; a bad part: no presumptions */
  assert_int_equal(sg_set_bool(ctx, F_A, 0), SG_OK);
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);
  assert_int_equal(sg_rule_waiting(ctx, 0, slots, 8), 0);
  assert_int_equal(sg_pred_waiting(ctx, P_AND, slots, 8), 0);
  assert_int_equal(sg_rule_presumed(ctx, 2, SG_PART_WHEN, slots, 8), 0);
  assert_int_equal(sg_rule_presumed(ctx, 0, SG_PART_ACTION, slots, 8), 0);
  assert_int_equal(sg_rule_presumed(ctx, 0, SG_PART_WHEN, slots, 8), 0);
  /* a setter empties the explanations until the next sg_eval */
  assert_int_equal(sg_set_bool(ctx, F_B, 1), SG_OK);
  assert_int_equal(sg_pred_reasons(ctx, P_AND, reasons, 8), 0);
  assert_int_equal(sg_rule_reasons(ctx, 0, SG_PART_WHEN, reasons, 8), 0);
  assert_int_equal(sg_open_questions(ctx, questions, 8), 0);
}

/* ---- Out of memory ----------------------------------------------------- */

/* sg_context_new with an allocator that fails: NULL and nothing left
 * allocated; sg_set_text that cannot copy: SG_ERR_NOMEM and the fact keeps
 * its old value. */
static void test_context_out_of_memory(void **state) {
  (void)state;
  ah_state a = {-1, 0, 0};
  sg_rulebook *rb = edge_rulebook(ah_alloc, &a);
  long loaded = a.live;
  a.budget = 0;
  assert_null(sg_context_new(rb));
  assert_int_equal(a.live, loaded);
  a.budget = 1;
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  a.budget = 1;
  assert_int_equal(sg_set_text(ctx, F_S, "oud"), SG_OK);
  assert_int_equal(sg_set_text(ctx, F_S, "een langere tekst"), SG_ERR_NOMEM);
  char buf[32];
  assert_string_equal(sg_fact_value(ctx, F_S, buf, sizeof buf), "oud");
  assert_int_equal(sg_set_text(ctx, F_S, "nee"), SG_OK);  /* fits: no allocation */
  assert_string_equal(sg_fact_value(ctx, F_S, buf, sizeof buf), "nee");
  sg_context_free(ctx);
  assert_int_equal(a.live, loaded);
  sg_rulebook_free(rb);
  assert_int_equal(a.live, 0);
}

/* ---- Reasons ----------------------------------------------------------- */

/* A fact's value in a table of cases: unknown, or one of two values. */
enum { V_UNKNOWN, V_LOW, V_HIGH };

static void set_int_case(sg_context *ctx, size_t slot, int v) {
  if (v == V_UNKNOWN) assert_int_equal(sg_set_unknown(ctx, slot), SG_OK);
  else assert_int_equal(sg_set_int(ctx, slot, v == V_LOW ? 3 : 8), SG_OK);
}

static void set_text_case(sg_context *ctx, size_t slot, int v) {
  if (v == V_UNKNOWN) assert_int_equal(sg_set_unknown(ctx, slot), SG_OK);
  else assert_int_equal(sg_set_text(ctx, slot, v == V_LOW ? "appel" : "peer"), SG_OK);
}

/* Predicate `pred` after sg_eval: its value is `want`; its reasons are the
 * facts `facts` (n of them, ascending), and when it is unknown it also
 * waits for exactly those. */
static void expect_reasons(sg_context *ctx, size_t pred, sg_truth want, const size_t *facts,
                           size_t n) {
  if (sg_pred_value(ctx, pred) != want)
    fail_msg("predicate %zu: value %d, expected %d", pred, sg_pred_value(ctx, pred), want);
  sg_reason got[8];
  size_t count = sg_pred_reasons(ctx, pred, got, 8);
  if (count != n) fail_msg("predicate %zu: %zu reasons, expected %zu", pred, count, n);
  for (size_t k = 0; k < n; k++) {
    assert_int_equal(got[k].kind, SG_REASON_FACT);
    assert_int_equal(got[k].index, facts[k]);
  }
  size_t slots[8];
  size_t waits = sg_pred_waiting(ctx, pred, slots, 8);
  assert_int_equal(waits, want == SG_UNKNOWN ? n : 0);
  for (size_t k = 0; k < waits; k++) assert_int_equal(slots[k], facts[k]);
}

/* The facts among `slots` (n, ascending) whose case in `cases` is unknown,
 * or all of them when none is: what a comparison rests on. */
static size_t rests_on(const size_t *slots, const int *cases, size_t n, size_t *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (cases[i] == V_UNKNOWN) out[k++] = slots[i];
  if (k > 0) return k;
  memcpy(out, slots, n * sizeof *out);
  return n;
}

/* Each comparison of two ints, and = and != of two texts, with either side
 * known or not: known when both are, resting on both; else unknown,
 * waiting for the side (or sides) not known. */
static void test_compare_reasons(void **state) {
  sg_context *ctx = ((edge *)*state)->ctx;
  for (int l = V_UNKNOWN; l <= V_HIGH; l++) {
    for (int r = V_UNKNOWN; r <= V_HIGH; r++) {
      set_int_case(ctx, F_X, l);
      set_int_case(ctx, F_Y, r);
      set_text_case(ctx, F_S, l);
      set_text_case(ctx, F_T, r);
      assert_int_equal(sg_eval(ctx), SG_OK);
      const int cases[2] = {l, r};
      const size_t ints[2] = {F_X, F_Y}, texts[2] = {F_S, F_T};
      size_t on[2];
      const int known = l != V_UNKNOWN && r != V_UNKNOWN;
      const int truths[] = {l < r, l <= r, l > r, l >= r, l == r, l != r};
      for (size_t p = P_LT; p <= P_NE; p++) {
        size_t n = rests_on(ints, cases, 2, on);
        expect_reasons(ctx, p, known ? (sg_truth)truths[p - P_LT] : SG_UNKNOWN, on, n);
      }
      size_t n = rests_on(texts, cases, 2, on);
      expect_reasons(ctx, P_TEQ, known ? (sg_truth)(l == r) : SG_UNKNOWN, on, n);
      expect_reasons(ctx, P_TNE, known ? (sg_truth)(l != r) : SG_UNKNOWN, on, n);
    }
  }
}

/* lo <= x <= hi with each of the three known or not: known when all are,
 * resting on all three; else unknown, waiting for those not known. */
static void test_range_reasons(void **state) {
  sg_context *ctx = ((edge *)*state)->ctx;
  for (int c = 0; c < 27; c++) {
    const int cases[3] = {c % 3, c / 3 % 3, c / 9};  /* x, lo, hi */
    const size_t slots[3] = {F_X, F_Y, F_HI};
    for (size_t i = 0; i < 3; i++) set_int_case(ctx, slots[i], cases[i]);
    assert_int_equal(sg_eval(ctx), SG_OK);
    size_t on[3];
    size_t n = rests_on(slots, cases, 3, on);
    int known = cases[0] && cases[1] && cases[2];
    sg_truth want = known ? (sg_truth)(cases[1] <= cases[0] && cases[0] <= cases[2]) : SG_UNKNOWN;
    expect_reasons(ctx, P_RANGE, want, on, n);
  }
}

/* a and b, a or b, for every pair of truths: a decisive result (false for
 * and, true for or) rests on the first operand that has it; the other
 * known result on both; an unknown one waits for the unknown operands. */
static void test_logic_reasons(void **state) {
  static const sg_truth tri[] = {SG_FALSE, SG_TRUE, SG_UNKNOWN};
  sg_context *ctx = ((edge *)*state)->ctx;
  for (int c = 0; c < 9; c++) {
    sg_truth a = tri[c % 3], b = tri[c / 3];
    if (a == SG_UNKNOWN) sg_set_unknown(ctx, F_A);
    else sg_set_bool(ctx, F_A, a == SG_TRUE);
    if (b == SG_UNKNOWN) sg_set_unknown(ctx, F_B);
    else sg_set_bool(ctx, F_B, b == SG_TRUE);
    assert_int_equal(sg_eval(ctx), SG_OK);
    for (int is_or = 0; is_or < 2; is_or++) {
      sg_truth decisive = is_or ? SG_TRUE : SG_FALSE;
      size_t on[2], n = 0;
      sg_truth want;
      if (a == decisive || b == decisive) {
        want = decisive;
        on[n++] = a == decisive ? F_A : F_B;
      } else if (a == SG_UNKNOWN || b == SG_UNKNOWN) {
        want = SG_UNKNOWN;
        if (a == SG_UNKNOWN) on[n++] = F_A;
        if (b == SG_UNKNOWN) on[n++] = F_B;
      } else {
        want = is_or ? SG_FALSE : SG_TRUE;
        on[n++] = F_A;
        on[n++] = F_B;
      }
      expect_reasons(ctx, is_or ? P_OR : P_AND, want, on, n);
    }
  }
}

/* The weekday of a date: Tuesday 2016-11-08 is day 2; the value rests on
 * the date, known or not. */
static void test_weekday_reasons(void **state) {
  sg_context *ctx = ((edge *)*state)->ctx;
  const size_t d[] = {F_D};
  assert_int_equal(sg_eval(ctx), SG_OK);
  expect_reasons(ctx, P_WEEKDAY, SG_UNKNOWN, d, 1);
  assert_int_equal(sg_set_date(ctx, F_D, 17113), SG_OK);  /* Tuesday 2016-11-08 */
  assert_int_equal(sg_eval(ctx), SG_OK);
  expect_reasons(ctx, P_WEEKDAY, SG_TRUE, d, 1);
  assert_int_equal(sg_set_date(ctx, F_D, 17114), SG_OK);
  assert_int_equal(sg_eval(ctx), SG_OK);
  expect_reasons(ctx, P_WEEKDAY, SG_FALSE, d, 1);
}

/* The readers of code as text and of a context for generated code, past
 * their ranges and with NULL: nothing, never a crash (issue 12's
 * sg_code_text, sg_window_text, sg_set_element_text, and the readers that
 * signaal compile --emit-c's code calls). */
static void test_text_and_native_edges(void **state) {
  edge *e = *state;
  const sg_rulebook *rb = e->rb;
  size_t len = 99;
  sg_code_ref past = {SG_CODE_RULE_WHEN, sg_rule_count(rb), 0};
  assert_int_equal(sg_code_text(rb, past, NULL, 0, &len), SG_ERR_RANGE);
  assert_int_equal(sg_code_text(NULL, (sg_code_ref){SG_CODE_PRED, 0, 0}, NULL, 0, &len), SG_ERR_RANGE);
  char buf[64] = "x";
  assert_int_equal(sg_window_text(NULL, 0, buf, sizeof buf), 0);
  assert_int_equal(sg_window_text(rb, sg_window_count(rb), buf, sizeof buf), 0);
  assert_int_equal(sg_set_element_text(NULL, 0, 0, buf, sizeof buf), 0);
  assert_int_equal(sg_set_element_text(rb, sg_set_count(rb), 0, buf, sizeof buf), 0);
  if (sg_set_count(rb) > 0)
    assert_int_equal(sg_set_element_text(rb, 0, sg_set_element_count(rb, 0), buf, sizeof buf), 0);

  assert_ptr_equal(sg_context_rulebook(e->ctx), rb);
  int64_t v = 7;
  assert_int_equal(sg_fact_number(e->ctx, sg_fact_count(rb), &v), 0);  /* a bad slot */
  assert_int_equal(sg_fact_number(e->ctx, F_A, &v), 0);                 /* unknown */
  assert_int_equal(sg_set_bool(e->ctx, F_A, 1), SG_OK);
  assert_int_equal(sg_fact_number(e->ctx, F_A, &v), 1);
  assert_int_equal(v, 1);
  assert_null(sg_fact_text(e->ctx, sg_fact_count(rb)));
  assert_null(sg_fact_text(e->ctx, F_A));                                 /* no text fact */
  assert_int_equal(sg_now(e->ctx, NULL), 0);
  sg_set_now(e->ctx, 86400);
  assert_int_equal(sg_now(e->ctx, NULL), 1);
  assert_int_equal(sg_now(e->ctx, &v), 1);
  assert_int_equal(v, 86400);
  assert_int_equal(sg_set_has(e->ctx, sg_set_count(rb), 0, NULL), SG_UNKNOWN);
  assert_int_equal(sg_table_lookup(e->ctx, sg_table_count(rb), "k"), -2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_rulebook_out_of_range, edge_setup, edge_teardown),
    cmocka_unit_test_setup_teardown(test_reads, edge_setup, edge_teardown),
    cmocka_unit_test(test_null_context),
    cmocka_unit_test(test_setter_edges),
    cmocka_unit_test(test_no_facts),
    cmocka_unit_test_setup_teardown(test_outcome_edges, edge_setup, edge_teardown),
    cmocka_unit_test(test_context_out_of_memory),
    cmocka_unit_test_setup_teardown(test_compare_reasons, edge_setup, edge_teardown),
    cmocka_unit_test_setup_teardown(test_range_reasons, edge_setup, edge_teardown),
    cmocka_unit_test_setup_teardown(test_logic_reasons, edge_setup, edge_teardown),
    cmocka_unit_test_setup_teardown(test_weekday_reasons, edge_setup, edge_teardown),
    cmocka_unit_test_setup_teardown(test_text_and_native_edges, edge_setup, edge_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
