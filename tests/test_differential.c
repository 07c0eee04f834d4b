/* test_differential.c — a differential test of the logic. Random rulebooks
 * (facts of seven types, signals in groups, conditions that read each other
 * in any declaration order, rules with `unless` and `unless established`)
 * are written as source, compiled, loaded and evaluated by the VM on random
 * cases, each fact known or unknown. Every signal's, condition's and rule's
 * three-valued outcome must equal that of the small reference evaluator in
 * this file, written from docs/language.md ("Expressions", "Three-valued
 * logic", "rule") and never from the VM. A self-test breaks the reference
 * one rule of the language at a time and requires each break to be caught.
 *
 *   SG_DIFF_SEED=N     run seed (default 20161101; printed on failure)
 *   SG_DIFF_ROUNDS=N   how many rulebooks (default 2000, each with 40 cases)
 *   SG_DIFF_BREAK=NAME break the reference as the self-test does (names in
 *                      mutation_names), to see what a disagreement prints
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <strings.h>
#include <cmocka.h>

#include "signaal.h"
#include "testutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DEFAULT_SEED 20161101u
#define DEFAULT_ROUNDS 2000
#define CASES_PER_RULEBOOK 40

/* ---- random numbers: splitmix64, so one seed is the whole run ----------- */

typedef struct { uint64_t state; } rng;

/* The next 64 random bits of `r`. */
static uint64_t rng_next(rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* A number in 0 .. n-1 (n > 0). */
static int rng_below(rng *r, int n) { return (int)(rng_next(r) % (uint64_t)n); }

/* 1 with a chance of `percent` in a hundred. */
static int rng_percent(rng *r, int percent) { return rng_below(r, 100) < percent; }

/* ---- the vocabulary: facts, literals, named sets, a table --------------- */

typedef enum { VT_BOOL, VT_INT, VT_ENUM, VT_TEXT, VT_COUNTRY, VT_DATE, VT_DATETIME } value_type;

static const char *const regio_values[] = { "noord", "zuid", "west" };
static const char *const papier_values[] = { "geen", "eigen", "vals", "anders" };

typedef struct {
  const char *name;
  value_type type;
  const char *const *values;   /* an enum's value names */
  int value_count;
} fact_spec;

static const fact_spec facts[] = {
  { "b0", VT_BOOL, NULL, 0 }, { "b1", VT_BOOL, NULL, 0 }, { "b2", VT_BOOL, NULL, 0 },
  { "n0", VT_INT, NULL, 0 }, { "n1", VT_INT, NULL, 0 },
  { "e0", VT_ENUM, regio_values, 3 }, { "e1", VT_ENUM, papier_values, 4 },
  { "t0", VT_TEXT, NULL, 0 }, { "c0", VT_COUNTRY, NULL, 0 }, { "d0", VT_DATE, NULL, 0 },
  { "m0", VT_DATETIME, NULL, 0 },
};
#define FACT_COUNT ((int)COUNT(facts))
enum { FACT_E0 = 5, FACT_E1 = 6, FACT_C0 = 8 };
#define DAY 86400

/* Texts differ in case ("DE", "de") and one is a table key written as a
 * name ("noord"); countries are assigned ISO 3166-1 codes. */
static const char *const texts[] = { "BE", "DE", "de", "NL", "noord", "" };
static const char *const countries[] = { "BE", "DE", "NL", "GB", "FR" };
/* Ints beyond the literals' range, for fact values only. */
static const int64_t edge_ints[] = { INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX, -2147483649LL };
/* Int literals: small, and the ends of what a literal may be. */
static const int64_t edge_literals[] = { INT32_MIN, INT32_MAX };

/* The named sets and the table every rulebook declares. */
static const int64_t set_ns[] = { 1, 3, -2 };
static const char *const set_ts[] = { "BE", "de", "" };
static const char *const set_cs[] = { "BE", "NL", "GB" };
static const char *const set_es[] = { "zuid", "west" };       /* values of e0 */
static const char *const table_keys[] = { "noord", "BE", "de" }; /* "noord" written as a name */

#define GROUP_COUNT 3   /* g0 and g1 get signals; g2 stays empty */
#define MAX_PREDS 8
#define MAX_RULES 4
#define MAX_NODES 4096
#define MAX_ITEMS 3
#define MAX_DEPTH 4

/* The day number (since 1970-01-01) of a Gregorian date (H. Hinnant's
 * days_from_civil). */
static int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* Write day number `z` as YYYY-MM-DD into `out` (civil_from_days). */
static void civil_text(int32_t z, char out[64]) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int d = doy - (153 * mp + 2) / 5 + 1;
  int m = mp + (mp < 10 ? 3 : -9);
  snprintf(out, 64, "%04d-%02d-%02d", yoe + era * 400 + (m <= 2), m, d);
}

/* ---- the model of a rulebook: expression trees --------------------------- */

typedef enum {
  N_LITERAL, N_FACT, N_PRED, N_CALL, N_NOW, N_TODAY,
  N_NOT, N_AND, N_OR, N_ESTABLISHED,
  N_COMPARE, N_IN, N_KNOWN, N_COUNT
} node_kind;
typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } compare_op;
static const char *const compare_text[] = { "=", "!=", "<", "<=", ">", ">=" };
typedef enum { SET_NAMED, SET_LIST, SET_RANGE, SET_TABLE } set_kind;
typedef enum { COUNT_AT_LEAST, COUNT_ANY, COUNT_ALL } count_form;
typedef enum { CALL_WEEKDAY, CALL_HOUR, CALL_DATE } call_fn;
static const char *const call_name[] = { "weekday", "hour", "date" };

typedef struct node node;
struct node {
  node_kind kind;
  value_type type;           /* the type of its value */
  int parens;                /* written in parentheses it does not need */
  int op;                    /* N_COMPARE: compare_op; N_IN: set_kind; N_COUNT: count_form;
                                N_CALL: call_fn */
  int negated;               /* N_IN: `not in`; N_KNOWN: `is unknown` */
  int index;                 /* N_FACT: the fact; N_PRED: the predicate; N_COUNT: the group */
  int64_t number;            /* an int, date (days), datetime (seconds) or bool literal;
                                N_COUNT: N */
  const char *text;          /* a text, country or enum value literal */
  node *a, *b, *c;           /* operands; N_IN: a in b .. c (a range) */
  node *items[MAX_ITEMS];    /* N_IN of a `{ … }` list: its literals */
  int item_count;
};

typedef struct {
  int is_signal, group;      /* a signal is in group `group` */
  node *when;
} pred_model;

typedef struct {
  node *when, *unless;       /* unless may be NULL */
  int established;           /* `unless established …` */
} rule_model;

typedef struct {
  int pred_count, rule_count;
  pred_model preds[MAX_PREDS];   /* predicate i reads only predicates before it */
  rule_model rules[MAX_RULES];
  int members[GROUP_COUNT];      /* how many signals each group has */
  int last_member[GROUP_COUNT];  /* the highest predicate index of its signals, or -1 */
  node pool[MAX_NODES];
  int used;
} rulebook_model;

/* One value of a case, known or not. */
typedef struct {
  int known;
  int64_t number;            /* bool, int, date (days), datetime (seconds) */
  const char *text;          /* text, country code, enum value name */
} ref_value;

/* One case: each fact's value and the moment of evaluation (`now`). */
typedef struct { ref_value facts[FACT_COUNT], now; } case_model;

/* ---- the reference evaluator, from docs/language.md -------------------- */

typedef enum { K_FALSE, K_TRUE, K_UNKNOWN } kleene;

/* A deliberate mistake in the reference, for the self-test: each breaks one
 * sentence of docs/language.md, and the differential test must notice. */
typedef enum {
  MUT_NONE,
  MUT_AND_STRICT,       /* `false and unknown` unknown */
  MUT_OR_STRICT,        /* `true or unknown` unknown */
  MUT_NOT_UNKNOWN,      /* `not unknown` false */
  MUT_ESTABLISHED,      /* `established unknown` unknown */
  MUT_AT_LEAST,         /* `at least N` false only when N-1 cannot be reached */
  MUT_UNLESS,           /* an unknown `unless` stops the rule */
  MUT_LESS,             /* `<` read as `<=` */
  MUT_COMPARE_UNKNOWN,  /* a comparison with an unknown side false */
  MUT_RANGE,            /* a range without its upper end */
  MUT_IS_UNKNOWN,       /* `is unknown` read as `is known` */
  MUT_TEXT_CASE,        /* texts equal regardless of case */
  MUT_WEEKDAY,          /* weekday 0 = Monday */
  MUT_NOT_IN,           /* `not in` read as `in` */
  MUT_DATE_TRUNCATED,   /* date() and hour() of a moment before 1970 rounded toward 1970 */
  MUT_TODAY,            /* `today` known while `now` is not */
  MUT__COUNT
} mutation;
static const char *const mutation_names[] = {
  "none", "and-strict", "or-strict", "not-unknown", "established", "at-least",
  "unless", "less", "compare-unknown", "range", "is-unknown", "text-case",
  "weekday", "not-in", "date-truncated", "today",
};

typedef struct {
  const rulebook_model *model;
  const case_model *facts;
  const kleene *preds;       /* the values of the predicates before this one */
  mutation mutation;
} ref_env;

static kleene ref_truth(const ref_env *env, const node *x);

/* Kleene's not: unknown stays unknown. */
static kleene ref_not(const ref_env *env, kleene a) {
  if (a == K_UNKNOWN) return env->mutation == MUT_NOT_UNKNOWN ? K_FALSE : K_UNKNOWN;
  return a == K_TRUE ? K_FALSE : K_TRUE;
}

/* Kleene's and: false wins, then unknown. */
static kleene ref_and(const ref_env *env, kleene a, kleene b) {
  if (env->mutation == MUT_AND_STRICT && (a == K_UNKNOWN || b == K_UNKNOWN)) return K_UNKNOWN;
  if (a == K_FALSE || b == K_FALSE) return K_FALSE;
  return a == K_UNKNOWN || b == K_UNKNOWN ? K_UNKNOWN : K_TRUE;
}

/* Kleene's or: true wins, then unknown. */
static kleene ref_or(const ref_env *env, kleene a, kleene b) {
  if (env->mutation == MUT_OR_STRICT && (a == K_UNKNOWN || b == K_UNKNOWN)) return K_UNKNOWN;
  if (a == K_TRUE || b == K_TRUE) return K_TRUE;
  return a == K_UNKNOWN || b == K_UNKNOWN ? K_UNKNOWN : K_FALSE;
}

/* `established a`: true only when a is known true; never unknown. */
static kleene ref_established(const ref_env *env, kleene a) {
  if (a == K_UNKNOWN && env->mutation == MUT_ESTABLISHED) return K_UNKNOWN;
  return a == K_TRUE ? K_TRUE : K_FALSE;
}

/* `at least n of G` with `t` members true and `u` unknown: true once n are
 * true, false once n cannot be reached with every unknown one true. */
static kleene ref_at_least(const ref_env *env, int n, int t, int u) {
  if (t >= n) return K_TRUE;
  int reach = env->mutation == MUT_AT_LEAST ? t + u + 1 : t + u;
  return reach < n ? K_FALSE : K_UNKNOWN;
}

/* ISO weekday (1 = Monday … 7 = Sunday) of day number `days`; 1970-01-01
 * was a Thursday. */
static int64_t ref_weekday(const ref_env *env, int64_t days) {
  int64_t thursday_based = ((days % 7) + 7) % 7;   /* 0 = Thursday */
  int64_t iso = (thursday_based + 3) % 7 + 1;
  return env->mutation == MUT_WEEKDAY ? iso - 1 : iso;
}

/* The date (day number) of local datetime `seconds`: days are whole, so a
 * moment before 1970 lies on the day that began before it. */
static int64_t ref_date(const ref_env *env, int64_t seconds) {
  if (env->mutation == MUT_DATE_TRUNCATED) return seconds / DAY;
  return seconds >= 0 ? seconds / DAY : -((-seconds + DAY - 1) / DAY);
}

/* weekday(x), hour(x) or date(x) of known `v`, of the type of node `arg`. */
static int64_t ref_call(const ref_env *env, call_fn fn, const node *arg, int64_t v) {
  if (fn == CALL_HOUR) return (v - ref_date(env, v) * DAY) / 3600;
  if (fn == CALL_DATE) return ref_date(env, v);
  return ref_weekday(env, arg->type == VT_DATETIME ? ref_date(env, v) : v);
}

/* The value of a non-boolean node (or of a boolean one, as a value). */
static ref_value ref_value_of(const ref_env *env, const node *x) {
  ref_value v = { 1, 0, NULL };
  switch (x->kind) {
  case N_LITERAL: v.number = x->number; v.text = x->text; return v;
  case N_FACT: return env->facts->facts[x->index];
  case N_NOW: return env->facts->now;
  case N_TODAY:
    v = env->facts->now;
    if (env->mutation == MUT_TODAY) v.known = 1;
    v.number = ref_date(env, v.number);
    return v;
  case N_CALL:
    v = ref_value_of(env, x->a);
    if (v.known) v.number = ref_call(env, (call_fn)x->op, x->a, v.number);
    return v;
  default: {
    kleene t = ref_truth(env, x);
    v.known = t != K_UNKNOWN;
    v.number = t == K_TRUE;
    return v;
  }
  }
}

/* Whether two known texts are the same (exactly: case counts). */
static int ref_same_text(const ref_env *env, const char *a, const char *b) {
  if (env->mutation == MUT_TEXT_CASE) return strcasecmp(a, b) == 0;
  return strcmp(a, b) == 0;
}

/* `a OP b` for known values of one type. */
static int ref_compare_known(const ref_env *env, int op, value_type type, ref_value a,
                             ref_value b) {
  int order = 0;
  if (type == VT_TEXT || type == VT_ENUM || type == VT_COUNTRY)
    order = ref_same_text(env, a.text, b.text) ? 0 : 1;
  else order = a.number < b.number ? -1 : a.number > b.number;
  switch (op) {
  case OP_EQ: return order == 0;
  case OP_NE: return order != 0;
  case OP_LT: return env->mutation == MUT_LESS ? order <= 0 : order < 0;
  case OP_LE: return order <= 0;
  case OP_GT: return order > 0;
  default: return order >= 0;
  }
}

/* A comparison: unknown when either side is unknown. */
static kleene ref_compare(const ref_env *env, const node *x) {
  ref_value a = ref_value_of(env, x->a), b = ref_value_of(env, x->b);
  if (!a.known || !b.known) return env->mutation == MUT_COMPARE_UNKNOWN ? K_FALSE : K_UNKNOWN;
  return ref_compare_known(env, x->op, x->a->type, a, b) ? K_TRUE : K_FALSE;
}

/* Whether known value `v` is in the named set for its type. */
static int ref_in_named(const ref_env *env, value_type type, ref_value v) {
  const char *const *names = NULL;
  size_t count = 0;
  if (type == VT_INT) {
    for (size_t i = 0; i < COUNT(set_ns); i++)
      if (set_ns[i] == v.number) return 1;
    return 0;
  }
  if (type == VT_TEXT) names = set_ts, count = COUNT(set_ts);
  else if (type == VT_COUNTRY) names = set_cs, count = COUNT(set_cs);
  else names = set_es, count = COUNT(set_es);
  for (size_t i = 0; i < count; i++)
    if (ref_same_text(env, names[i], v.text)) return 1;
  return 0;
}

/* `x in S` and `x not in S`: unknown when x (or a bound of a range) is. */
static kleene ref_in(const ref_env *env, const node *x) {
  ref_value v = ref_value_of(env, x->a);
  int member = 0;
  if (x->op == SET_RANGE) {
    ref_value lo = ref_value_of(env, x->b), hi = ref_value_of(env, x->c);
    if (!v.known || !lo.known || !hi.known) return K_UNKNOWN;
    member = lo.number <= v.number &&
             (env->mutation == MUT_RANGE ? v.number < hi.number : v.number <= hi.number);
  } else if (!v.known) {
    return K_UNKNOWN;
  } else if (x->op == SET_NAMED) {
    member = ref_in_named(env, x->a->type, v);
  } else if (x->op == SET_TABLE) {
    for (size_t i = 0; i < COUNT(table_keys); i++) member |= ref_same_text(env, table_keys[i], v.text);
  } else {
    for (int i = 0; i < x->item_count; i++)
      member |= ref_compare_known(env, OP_EQ, x->a->type, v, ref_value_of(env, x->items[i]));
  }
  int negated = x->negated && env->mutation != MUT_NOT_IN;
  return (member != negated) ? K_TRUE : K_FALSE;
}

/* `x is known`, `x is unknown`: never unknown. */
static kleene ref_known(const ref_env *env, const node *x) {
  int known = ref_value_of(env, x->a).known;
  int negated = x->negated && env->mutation != MUT_IS_UNKNOWN;
  return known != negated ? K_TRUE : K_FALSE;
}

/* `at least N of G`, `any of G` (N = 1), `all of G` (N = its size). */
static kleene ref_count(const ref_env *env, const node *x) {
  int t = 0, u = 0, size = 0;
  for (int i = 0; i < env->model->pred_count; i++) {
    const pred_model *p = &env->model->preds[i];
    if (!p->is_signal || p->group != x->index) continue;
    size++;
    t += env->preds[i] == K_TRUE;
    u += env->preds[i] == K_UNKNOWN;
  }
  int n = x->op == COUNT_ANY ? 1 : x->op == COUNT_ALL ? size : (int)x->number;
  return ref_at_least(env, n, t, u);
}

/* The three-valued truth of boolean node `x`. */
static kleene ref_truth(const ref_env *env, const node *x) {
  switch (x->kind) {
  case N_LITERAL: return x->number ? K_TRUE : K_FALSE;
  case N_FACT: {
    ref_value v = env->facts->facts[x->index];
    return !v.known ? K_UNKNOWN : v.number ? K_TRUE : K_FALSE;
  }
  case N_PRED: return env->preds[x->index];
  case N_NOT: return ref_not(env, ref_truth(env, x->a));
  case N_AND: return ref_and(env, ref_truth(env, x->a), ref_truth(env, x->b));
  case N_OR: return ref_or(env, ref_truth(env, x->a), ref_truth(env, x->b));
  case N_ESTABLISHED: return ref_established(env, ref_truth(env, x->a));
  case N_COMPARE: return ref_compare(env, x);
  case N_IN: return ref_in(env, x);
  case N_KNOWN: return ref_known(env, x);
  case N_COUNT: return ref_count(env, x);
  default: fail_msg("not a boolean node"); return K_UNKNOWN;
  }
}

/* A rule: fires (true) when `when` is true and `unless` false; does not
 * (false) when `when` is false or `unless` true; undetermined otherwise.
 * `unless established u` is `unless` of `established u`. */
static kleene ref_rule(const ref_env *env, const rule_model *r) {
  kleene when = ref_truth(env, r->when);
  kleene unless = K_FALSE;
  if (r->unless != NULL) {
    unless = ref_truth(env, r->unless);
    if (r->established) unless = ref_established(env, unless);
  }
  if (when == K_FALSE || unless == K_TRUE) return K_FALSE;
  if (when == K_TRUE && unless == K_FALSE) return K_TRUE;
  if (env->mutation == MUT_UNLESS && when == K_TRUE) return K_FALSE;
  return K_UNKNOWN;
}

/* Evaluate every predicate (in index order: each reads only earlier ones)
 * into preds[] and every rule into rules[]. */
static void ref_eval(const rulebook_model *m, const case_model *k, mutation mut,
                     kleene preds[MAX_PREDS], kleene rules[MAX_RULES]) {
  ref_env env = { m, k, preds, mut };
  for (int i = 0; i < m->pred_count; i++) preds[i] = ref_truth(&env, m->preds[i].when);
  for (int i = 0; i < m->rule_count; i++) rules[i] = ref_rule(&env, &m->rules[i]);
}

/* ---- generating a random rulebook ---------------------------------------- */

typedef struct {
  rng rng;
  rulebook_model *model;
  int pred_limit;            /* the expression may read predicates 0 .. pred_limit-1 */
} gen_state;

/* A fresh zeroed node of `kind` giving a `type`. */
static node *gen_node(gen_state *g, node_kind kind, value_type type) {
  rulebook_model *m = g->model;
  assert_true(m->used < MAX_NODES);
  node *x = &m->pool[m->used++];
  memset(x, 0, sizeof *x);
  x->kind = kind;
  x->type = type;
  x->parens = rng_percent(&g->rng, 4);
  return x;
}

/* A moment near 2016-11-01 on a half hour, sometimes with seconds, or
 * now and then half an hour before 1900. */
static int64_t gen_moment(rng *r) {
  if (rng_percent(r, 10)) return (int64_t)days_from_civil(1900, 1, 1) * DAY - 1800;
  int64_t moment = (int64_t)days_from_civil(2016, 11, 1) * DAY + (rng_below(r, 6 * 48) - 3 * 48) * 1800;
  return rng_percent(r, 10) ? moment + 59 : moment;
}

/* The int literal `number`. */
static node *gen_int_literal(gen_state *g, int64_t number) {
  node *x = gen_node(g, N_LITERAL, VT_INT);
  x->number = number;
  return x;
}

/* A random literal of `type` (not enum: see gen_enum_literal). */
static node *gen_literal(gen_state *g, value_type type) {
  rng *r = &g->rng;
  node *x = gen_node(g, N_LITERAL, type);
  if (type == VT_BOOL) x->number = rng_below(r, 2);
  else if (type == VT_INT)
    x->number = rng_percent(r, 5) ? edge_literals[rng_below(r, (int)COUNT(edge_literals))]
                                  : rng_below(r, 10) - 3;
  else if (type == VT_DATE) x->number = days_from_civil(2016, 11, 1) + rng_below(r, 7) - 3;
  else if (type == VT_DATETIME) x->number = gen_moment(r);
  else if (type == VT_TEXT) x->text = texts[rng_below(r, (int)COUNT(texts))];
  else x->text = countries[rng_below(r, (int)COUNT(countries))];
  return x;
}

/* A literal value of enum fact `fact`. */
static node *gen_enum_literal(gen_state *g, int fact, int value) {
  node *x = gen_node(g, N_LITERAL, VT_ENUM);
  x->text = facts[fact].values[value];
  return x;
}

/* A reference to fact `fact`. */
static node *gen_fact(gen_state *g, int fact) {
  node *x = gen_node(g, N_FACT, facts[fact].type);
  x->index = fact;
  return x;
}

/* A fact of `type` chosen at random (bool: b0..b2, int: n0, n1). */
static node *gen_fact_of(gen_state *g, value_type type) {
  int candidates[FACT_COUNT], n = 0;
  for (int i = 0; i < FACT_COUNT; i++)
    if (facts[i].type == type) candidates[n++] = i;
  return gen_fact(g, candidates[rng_below(&g->rng, n)]);
}

/* A call of `fn` on a value of type `arg`. */
static node *gen_call(gen_state *g, call_fn fn, value_type arg);

/* A value of `type` for a comparison, a membership or a range bound: a
 * fact, a literal, `now` or `today`, or a call (an int: weekday or hour; a
 * date: the date of a moment). Not for enums and countries, whose literals
 * need a fact beside them. */
static node *gen_value(gen_state *g, value_type type) {
  rng *r = &g->rng;
  if (type == VT_INT && rng_percent(r, 12)) {
    if (rng_below(r, 2)) return gen_call(g, CALL_HOUR, VT_DATETIME);
    return gen_call(g, CALL_WEEKDAY, rng_below(r, 2) ? VT_DATE : VT_DATETIME);
  }
  if (type == VT_DATE && rng_percent(r, 20))
    return rng_below(r, 2) ? gen_node(g, N_TODAY, VT_DATE) : gen_call(g, CALL_DATE, VT_DATETIME);
  if (type == VT_DATETIME && rng_percent(r, 10)) return gen_node(g, N_NOW, VT_DATETIME);
  return rng_percent(r, 55) ? gen_fact_of(g, type) : gen_literal(g, type);
}

/* weekday(x), hour(x) or date(x) of a random value of type `arg`. */
static node *gen_call(gen_state *g, call_fn fn, value_type arg) {
  node *x = gen_node(g, N_CALL, fn == CALL_DATE ? VT_DATE : VT_INT);
  x->op = fn;
  x->a = gen_value(g, arg);
  return x;
}

/* `a OP b` with the two sides in random order. (Callers make a and b in
 * statements of their own: the order in which a compiler evaluates
 * arguments is its own, and a seed must give the same rulebook in every
 * build.) */
static node *gen_compare_of(gen_state *g, node *a, node *b, int ordered) {
  node *x = gen_node(g, N_COMPARE, VT_BOOL);
  int swap = rng_below(&g->rng, 2);
  x->a = swap ? b : a;
  x->b = swap ? a : b;
  x->op = rng_below(&g->rng, ordered ? 6 : 2);
  return x;
}

/* A comparison of two values of `type` from gen_value. */
static node *gen_compare_values(gen_state *g, value_type type, int ordered) {
  node *a = gen_value(g, type);
  node *b = gen_value(g, type);
  return gen_compare_of(g, a, b, ordered);
}

/* A comparison of two values of one type (not bool: see gen_bool). An
 * enum or a country has its fact on one side at least. */
static node *gen_compare(gen_state *g) {
  rng *r = &g->rng;
  switch (rng_below(r, 6)) {
  case 0: return gen_compare_values(g, VT_INT, 1);
  case 1: return gen_compare_values(g, VT_DATE, 1);
  case 5: return gen_compare_values(g, VT_DATETIME, 1);
  case 2: return gen_compare_values(g, VT_TEXT, 0);
  case 3: {
    int fact = rng_below(r, 2) ? FACT_E0 : FACT_E1;
    node *other = rng_percent(r, 80) ? gen_enum_literal(g, fact, rng_below(r, facts[fact].value_count))
                                     : gen_fact(g, fact);
    node *own = gen_fact(g, fact);
    return gen_compare_of(g, own, other, 0);
  }
  default: {
    node *other = rng_percent(r, 80) ? gen_literal(g, VT_COUNTRY) : gen_fact(g, FACT_C0);
    node *own = gen_fact(g, FACT_C0);
    return gen_compare_of(g, own, other, 0);
  }
  }
}

/* Fill the `{ … }` list of `x` with 1 .. 3 distinct literals: ints from
 * -3 .. 6, texts, countries, or values of enum fact `fact`. */
static void gen_list(gen_state *g, node *x, value_type type, int fact) {
  int pool = type == VT_INT ? 10 : type == VT_TEXT ? (int)COUNT(texts)
           : type == VT_COUNTRY ? (int)COUNT(countries) : facts[fact].value_count;
  int chosen[16] = { 0 };
  x->op = SET_LIST;
  x->item_count = 1 + rng_below(&g->rng, MAX_ITEMS);
  for (int i = 0; i < x->item_count; i++) {
    int pick = rng_below(&g->rng, pool);
    while (chosen[pick]) pick = (pick + 1) % pool;
    chosen[pick] = 1;
    node *item;
    if (type == VT_INT) item = gen_int_literal(g, pick - 3);
    else if (type == VT_ENUM) item = gen_enum_literal(g, fact, pick);
    else {
      item = gen_node(g, N_LITERAL, type);
      item->text = type == VT_TEXT ? texts[pick] : countries[pick];
    }
    x->items[i] = item;
  }
}

/* `x in S` or `x not in S`: a named set, a `{ … }` list, a range `lo .. hi`
 * or the table's keys, as the type of x allows. */
static node *gen_in(gen_state *g) {
  rng *r = &g->rng;
  node *x = gen_node(g, N_IN, VT_BOOL);
  x->negated = rng_percent(r, 40);
  int pick = rng_below(r, 3);
  value_type moment = rng_below(r, 2) ? VT_DATE : VT_DATETIME;
  switch (rng_below(r, 5)) {
  case 0: /* int */
    x->a = gen_value(g, VT_INT);
    if (pick == 0) x->op = SET_NAMED;
    else if (pick == 1) gen_list(g, x, VT_INT, 0);
    else x->op = SET_RANGE, x->b = gen_value(g, VT_INT), x->c = gen_value(g, VT_INT);
    return x;
  case 1: /* date or datetime: ranges only */
    x->a = gen_value(g, moment);
    x->op = SET_RANGE, x->b = gen_value(g, moment), x->c = gen_value(g, moment);
    return x;
  case 2: { /* enum: the fact on the left; es holds values of e0 */
    int fact = rng_below(r, 2) ? FACT_E0 : FACT_E1;
    x->a = gen_fact(g, fact);
    if (pick == 0 && fact == FACT_E0) x->op = SET_NAMED;
    else if (pick == 1) x->op = SET_TABLE;
    else gen_list(g, x, VT_ENUM, fact);
    return x;
  }
  case 3: /* text */
    x->a = gen_value(g, VT_TEXT);
    if (pick == 0) x->op = SET_NAMED;
    else if (pick == 1) x->op = SET_TABLE;
    else gen_list(g, x, VT_TEXT, 0);
    return x;
  default: /* country: the fact on the left */
    x->a = gen_fact(g, FACT_C0);
    if (pick == 0) x->op = SET_NAMED;
    else gen_list(g, x, VT_COUNTRY, 0);
    return x;
  }
}

/* A predicate before the current one, or NULL when there is none. */
static node *gen_pred_ref(gen_state *g) {
  if (g->pred_limit == 0) return NULL;
  node *x = gen_node(g, N_PRED, VT_BOOL);
  x->index = rng_below(&g->rng, g->pred_limit);
  return x;
}

/* `at least N of G`, `any of G` or `all of G` over a group whose signals
 * all come before the current predicate; NULL when there is none. The
 * compiler refuses an N greater than the group's size, so N is at most
 * that (and an empty group is only counted with `all of` or `at least 0`). */
static node *gen_count(gen_state *g) {
  rng *r = &g->rng;
  int group = rng_below(r, GROUP_COUNT);
  const rulebook_model *m = g->model;
  if (m->last_member[group] >= g->pred_limit) return NULL;
  node *x = gen_node(g, N_COUNT, VT_BOOL);
  x->index = group;
  int size = m->members[group];
  x->op = rng_below(r, 3);
  if (x->op == COUNT_ANY && size == 0) x->op = COUNT_ALL;
  x->number = rng_below(r, size + 1);
  return x;
}

static node *gen_bool(gen_state *g, int depth);

/* `x is known` or `x is unknown` of a fact, a predicate or an expression. */
static node *gen_known(gen_state *g, int depth) {
  rng *r = &g->rng;
  node *x = gen_node(g, N_KNOWN, VT_BOOL);
  x->negated = rng_below(r, 2);
  int pick = rng_below(r, 3);
  if (pick == 0) x->a = gen_fact(g, rng_below(r, FACT_COUNT));
  else if (pick == 1 && depth > 0) x->a = gen_bool(g, depth - 1);
  else if (rng_below(r, 2)) x->a = gen_value(g, VT_INT);
  else x->a = gen_bool(g, 0);
  return x;
}

/* A node of `kind` with one boolean operand (not, established) or two
 * (and, or, and `=` or `!=` of two truths). */
static node *gen_logic(gen_state *g, node_kind kind, int depth) {
  node *x = gen_node(g, kind, VT_BOOL);
  x->a = gen_bool(g, depth - 1);
  if (kind == N_NOT || kind == N_ESTABLISHED) return x;
  x->b = gen_bool(g, depth - 1);
  if (kind == N_COMPARE) x->op = rng_below(&g->rng, 2);
  return x;
}

/* A random boolean expression at most `depth` operators deep. */
static node *gen_bool(gen_state *g, int depth) {
  for (;;) {
    int pick = rng_below(&g->rng, depth > 0 ? 100 : 56);
    node *x = NULL;
    if (pick < 14) x = gen_fact_of(g, VT_BOOL);
    else if (pick < 26) x = gen_pred_ref(g);
    else if (pick < 28) x = gen_literal(g, VT_BOOL);
    else if (pick < 39) x = gen_compare(g);
    else if (pick < 48) x = gen_in(g);
    else if (pick < 52) x = gen_count(g);
    else if (pick < 56) x = gen_known(g, depth);
    else if (pick < 64) x = gen_logic(g, N_NOT, depth);
    else if (pick < 69) x = gen_logic(g, N_ESTABLISHED, depth);
    else if (pick < 81) x = gen_logic(g, N_AND, depth);
    else if (pick < 93) x = gen_logic(g, N_OR, depth);
    else x = gen_logic(g, N_COMPARE, depth);
    if (x != NULL) return x;
  }
}

/* A random rulebook: 2 .. 8 predicates (signals in g0 or g1, conditions),
 * then 1 .. 4 rules, each with an `unless`, an `unless established` or
 * neither. Predicate i reads only predicates before it. */
static void gen_rulebook(gen_state *g) {
  rulebook_model *m = g->model;
  rng *r = &g->rng;
  m->used = 0;
  m->pred_count = 2 + rng_below(r, MAX_PREDS - 1);
  m->rule_count = 1 + rng_below(r, MAX_RULES);
  for (int i = 0; i < GROUP_COUNT; i++) m->members[i] = 0, m->last_member[i] = -1;
  for (int i = 0; i < m->pred_count; i++) {
    pred_model *p = &m->preds[i];
    p->is_signal = rng_percent(r, 50);
    p->group = rng_below(r, GROUP_COUNT - 1);
    if (p->is_signal) m->members[p->group]++, m->last_member[p->group] = i;
  }
  for (int i = 0; i < m->pred_count; i++) {
    g->pred_limit = i;
    m->preds[i].when = gen_bool(g, rng_below(r, MAX_DEPTH + 1));
  }
  g->pred_limit = m->pred_count;
  for (int i = 0; i < m->rule_count; i++) {
    rule_model *rule = &m->rules[i];
    rule->when = gen_bool(g, rng_below(r, MAX_DEPTH));
    int form = rng_below(r, 3);
    rule->unless = form == 0 ? NULL : gen_bool(g, rng_below(r, MAX_DEPTH));
    rule->established = form == 2;
  }
}

/* A random case: each fact, and the moment of evaluation, known with a
 * chance of 65 in a hundred. */
static void gen_case(rng *r, case_model *k) {
  k->now.known = rng_percent(r, 65);
  k->now.number = gen_moment(r);
  k->now.text = NULL;
  int32_t base = days_from_civil(2016, 11, 1);
  for (int i = 0; i < FACT_COUNT; i++) {
    ref_value *v = &k->facts[i];
    memset(v, 0, sizeof *v);
    v->known = rng_percent(r, 65);
    switch (facts[i].type) {
    case VT_BOOL: v->number = rng_below(r, 2); break;
    case VT_INT:
      v->number = rng_percent(r, 10) ? edge_ints[rng_below(r, (int)COUNT(edge_ints))]
                                     : rng_below(r, 10) - 3;
      break;
    case VT_ENUM: v->text = facts[i].values[rng_below(r, facts[i].value_count)]; break;
    case VT_TEXT: v->text = texts[rng_below(r, (int)COUNT(texts))]; break;
    case VT_COUNTRY: v->text = countries[rng_below(r, (int)COUNT(countries))]; break;
    case VT_DATE:
      v->number = rng_percent(r, 5) ? days_from_civil(1899, 12, 31) : base + rng_below(r, 7) - 3;
      break;
    case VT_DATETIME: v->number = gen_moment(r); break;
    }
  }
}

/* ---- writing the rulebook as source -------------------------------------- */

typedef struct { char *text; size_t len, cap; } strbuf;

/* Append printf-style text to `sb`. */
__attribute__((format(printf, 2, 3)))
static void sb_printf(strbuf *sb, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  assert_true(n >= 0);
  if (sb->len + (size_t)n + 1 > sb->cap) {
    sb->cap = (sb->len + (size_t)n + 1) * 2;
    sb->text = realloc(sb->text, sb->cap);
    assert_non_null(sb->text);
  }
  va_start(ap, fmt);
  vsnprintf(sb->text + sb->len, sb->cap - sb->len, fmt, ap);
  va_end(ap);
  sb->len += (size_t)n;
}

/* How tightly a node binds (docs/language.md, "Expressions", loosest
 * first); `in` and `is known` are written as comparisons (see write_node). */
static int node_level(const node *x) {
  switch (x->kind) {
  case N_OR: return 1;
  case N_AND: return 2;
  case N_NOT: return 3;
  case N_ESTABLISHED: return 4;
  case N_COMPARE: case N_IN: case N_KNOWN: return 5;
  default: return 7;
  }
}

/* Write local datetime `seconds` as YYYY-MM-DDTHH:MM, with :SS when it has
 * seconds (a whole-day floor of its own, independent of ref_date). */
static void moment_text(int64_t seconds, char out[64]) {
  int64_t day = seconds / DAY, rest = seconds % DAY;
  if (rest < 0) day--, rest += DAY;
  char date[64];
  civil_text((int32_t)day, date);
  int n = snprintf(out, 64, "%sT%02d:%02d", date, (int)(rest / 3600), (int)(rest % 3600 / 60));
  if (rest % 60 != 0) snprintf(out + n, (size_t)(64 - n), ":%02d", (int)(rest % 60));
}

/* A value of `type` as the language writes it as a literal, in `out`
 * (texts here are short). */
static const char *literal_text(value_type type, int64_t number, const char *text, char out[64]) {
  switch (type) {
  case VT_BOOL: snprintf(out, 64, "%s", number ? "true" : "false"); break;
  case VT_INT: snprintf(out, 64, "%" PRId64, number); break;
  case VT_DATE: civil_text((int32_t)number, out); break;
  case VT_DATETIME: moment_text(number, out); break;
  case VT_ENUM: snprintf(out, 64, "%s", text); break;
  default: snprintf(out, 64, "\"%s\"", text); break;
  }
  return out;
}

/* A literal node as source. */
static void write_literal(strbuf *sb, const node *x) {
  char out[64];
  sb_printf(sb, "%s", literal_text(x->type, x->number, x->text, out));
}

static void write_node(strbuf *sb, const node *x, int min_level);

/* The set of `x in S`: a named set, a list, a range or the table. */
static void write_set(strbuf *sb, const node *x) {
  static const char *const named[] = { [VT_INT] = "ns", [VT_TEXT] = "ts", [VT_COUNTRY] = "cs",
                                        [VT_ENUM] = "es" };
  if (x->op == SET_NAMED) sb_printf(sb, "%s", named[x->a->type]);
  else if (x->op == SET_TABLE) sb_printf(sb, "tab");
  else if (x->op == SET_RANGE) {
    write_node(sb, x->b, 7);
    sb_printf(sb, " .. ");
    write_node(sb, x->c, 7);
  } else {
    sb_printf(sb, "{ ");
    for (int i = 0; i < x->item_count; i++) {
      if (i > 0) sb_printf(sb, ", ");
      write_literal(sb, x->items[i]);
    }
    sb_printf(sb, " }");
  }
}

/* The operator and operands of `x`, without parentheses of its own. */
static void write_bare(strbuf *sb, const node *x) {
  switch (x->kind) {
  case N_LITERAL: write_literal(sb, x); break;
  case N_FACT: sb_printf(sb, "%s", facts[x->index].name); break;
  case N_PRED: sb_printf(sb, "p%d", x->index); break;
  case N_CALL: sb_printf(sb, "%s(", call_name[x->op]); write_node(sb, x->a, 1); sb_printf(sb, ")"); break;
  case N_NOW: sb_printf(sb, "now"); break;
  case N_TODAY: sb_printf(sb, "today"); break;
  case N_NOT: sb_printf(sb, "not "); write_node(sb, x->a, 3); break;
  case N_ESTABLISHED: sb_printf(sb, "established "); write_node(sb, x->a, 4); break;
  case N_AND: write_node(sb, x->a, 2); sb_printf(sb, " and "); write_node(sb, x->b, 3); break;
  case N_OR: write_node(sb, x->a, 1); sb_printf(sb, " or "); write_node(sb, x->b, 2); break;
  case N_COMPARE:
    write_node(sb, x->a, 6);
    sb_printf(sb, " %s ", compare_text[x->op]);
    write_node(sb, x->b, 6);
    break;
  case N_IN:
    write_node(sb, x->a, 6);
    sb_printf(sb, x->negated ? " not in " : " in ");
    write_set(sb, x);
    break;
  case N_KNOWN: write_node(sb, x->a, 7); sb_printf(sb, x->negated ? " is unknown" : " is known"); break;
  case N_COUNT:
    if (x->op == COUNT_AT_LEAST) sb_printf(sb, "at least %d of g%d", (int)x->number, x->index);
    else sb_printf(sb, "%s of g%d", x->op == COUNT_ANY ? "any" : "all", x->index);
    break;
  }
}

/* `x` as source, in parentheses when it binds more loosely than
 * `min_level` or was chosen to have some it does not need. The operands of
 * a comparison, `in` and `is known` are names, literals, calls, counts or
 * parenthesized: the compiler reads `b = n in S` and `x is known = b` as
 * errors, although the table in docs/language.md lists `in` and `is known`
 * each on a row of its own below the comparisons. */
static void write_node(strbuf *sb, const node *x, int min_level) {
  int parens = x->parens || node_level(x) < min_level;
  if (parens) sb_printf(sb, "(");
  write_bare(sb, x);
  if (parens) sb_printf(sb, ")");
}

/* Declaration `d` of the rulebook's fixed part: facts, sets, the table and
 * the groups (0 .. FIXED_DECLS-1). */
#define FIXED_DECLS (FACT_COUNT + 5 + GROUP_COUNT)
static void write_fixed(strbuf *sb, int d) {
  if (d < FACT_COUNT) {
    static const char *const type_text[] = { "bool", "int", "enum", "text", "country", "date",
                                             "datetime" };
    const fact_spec *f = &facts[d];
    sb_printf(sb, "fact %s: %s", f->name, type_text[f->type]);
    for (int i = 0; i < f->value_count; i++) sb_printf(sb, "%s%s", i ? ", " : " { ", f->values[i]);
    sb_printf(sb, "%s ask \"?\"\n", f->value_count ? " }" : "");
    return;
  }
  d -= FACT_COUNT;
  if (d == 0) sb_printf(sb, "set ns = { %" PRId64 ", %" PRId64 ", %" PRId64 " }\n", set_ns[0], set_ns[1], set_ns[2]);
  else if (d == 1) sb_printf(sb, "set ts = { \"%s\", \"%s\", \"%s\" }\n", set_ts[0], set_ts[1], set_ts[2]);
  else if (d == 2) sb_printf(sb, "set cs: country = { \"%s\", \"%s\", \"%s\" }\n", set_cs[0], set_cs[1], set_cs[2]);
  else if (d == 3) sb_printf(sb, "set es = { %s, %s }\n", set_es[0], set_es[1]);
  else if (d == 4)
    sb_printf(sb, "table tab = { %s: \"A\", \"%s\": \"B\", \"%s\": \"C\" }\n", table_keys[0],
              table_keys[1], table_keys[2]);
  else sb_printf(sb, "group g%d \"G%d\"\n", d - 5, d - 5);
}

/* Predicate `i` as a signal or a condition. */
static void write_pred(strbuf *sb, const rulebook_model *m, int i) {
  const pred_model *p = &m->preds[i];
  if (p->is_signal) sb_printf(sb, "signal p%d in g%d \"S\" when ", i, p->group);
  else sb_printf(sb, "condition p%d when ", i);
  write_node(sb, p->when, 1);
  sb_printf(sb, "%s\n", p->is_signal ? " source \"s\"" : "");
}

/* Rule `i`, with its `unless` or `unless established`, if any. */
static void write_rule(strbuf *sb, const rulebook_model *m, int i) {
  const rule_model *r = &m->rules[i];
  sb_printf(sb, "rule r%d when ", i);
  write_node(sb, r->when, 1);
  if (r->unless != NULL) {
    sb_printf(sb, r->established ? " unless established " : " unless ");
    write_node(sb, r->unless, r->established ? 4 : 1);
  }
  sb_printf(sb, " recommend \"R\" source \"s\"\n");
}

/* The whole rulebook: the header, then every other declaration in a random
 * order (names may be used before they are declared). */
static void write_rulebook(strbuf *sb, const rulebook_model *m, rng *r) {
  int order[FIXED_DECLS + MAX_PREDS + MAX_RULES];
  int n = FIXED_DECLS + m->pred_count + m->rule_count;
  for (int i = 0; i < n; i++) order[i] = i;
  for (int i = n - 1; i > 0; i--) {
    int j = rng_below(r, i + 1), t = order[i];
    order[i] = order[j], order[j] = t;
  }
  sb->len = 0;
  sb_printf(sb, "rulebook \"Differentieel\" version \"1\" effective 2016-11-01 source \"test\"\n");
  for (int i = 0; i < n; i++) {
    int d = order[i];
    if (d < FIXED_DECLS) write_fixed(sb, d);
    else if (d < FIXED_DECLS + m->pred_count) write_pred(sb, m, d - FIXED_DECLS);
    else write_rule(sb, m, d - FIXED_DECLS - m->pred_count);
  }
}

/* ---- running the VM and comparing -------------------------------------- */

typedef struct {
  uint64_t seed;
  int rounds;
  mutation mutation;
  int quiet;                 /* the self-test: say nothing, stop at the first disagreement */
  long cases, compared, disagreements;
  long outcomes[2][3];       /* [predicate, rule][false, true, unknown] as the VM gave them */
} run_state;

/* The run's seed: SG_DIFF_SEED, or the default. */
static uint64_t run_seed(void) {
  const char *text = getenv("SG_DIFF_SEED");
  return text != NULL && *text != '\0' ? strtoull(text, NULL, 0) : DEFAULT_SEED;
}

/* The number of rulebooks: SG_DIFF_ROUNDS, or the default. */
static int run_rounds(void) {
  const char *text = getenv("SG_DIFF_ROUNDS");
  return text != NULL && *text != '\0' ? atoi(text) : DEFAULT_ROUNDS;
}

/* The mistake SG_DIFF_BREAK names, or MUT_NONE. */
static mutation run_break(void) {
  const char *text = getenv("SG_DIFF_BREAK");
  if (text == NULL || *text == '\0') return MUT_NONE;
  for (int i = 0; i < MUT__COUNT; i++)
    if (strcmp(text, mutation_names[i]) == 0) return (mutation)i;
  fail_msg("SG_DIFF_BREAK=%s names no mutation of the reference", text);
  return MUT_NONE;
}

/* Compile and load `source`; the rulebook, or a failure with the source
 * and the diagnostics. */
static sg_rulebook *compile_and_load(const char *source, const run_state *s, int round) {
  int errors = 0;
  sgc_compiler *c = tu_compile("differential.rules", source, &errors);
  assert_non_null(c);
  if (errors != 0) {
    fprintf(stderr, "SG_DIFF_SEED=%" PRIu64 ", rulebook %d does not compile:\n%s", s->seed, round, source);
    for (size_t i = 0; i < sgc_diagnostic_count(c); i++) fputs(sgc_diagnostic_at(c, i)->rendered, stderr);
    sgc_free(c);
    fail_msg("a generated rulebook does not compile");
  }
  size_t size;
  const uint8_t *image = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  sg_error err;
  sg_status status = sg_rulebook_load(image, size, NULL, NULL, &rb, &err);
  sgc_free(c);
  if (status != SG_OK) fail_msg("rulebook %d does not load: %s", round, err.message);
  return rb;
}

/* Give the context case `k`'s facts (the slots are in `slots`). */
static void set_facts(sg_context *ctx, const size_t *slots, const case_model *k) {
  for (int i = 0; i < FACT_COUNT; i++) {
    const ref_value *v = &k->facts[i];
    sg_status status = SG_OK;
    if (!v->known) status = sg_set_unknown(ctx, slots[i]);
    else switch (facts[i].type) {
      case VT_BOOL: status = sg_set_bool(ctx, slots[i], (int)v->number); break;
      case VT_INT: status = sg_set_int(ctx, slots[i], v->number); break;
      case VT_ENUM: status = sg_set_enum(ctx, slots[i], v->text); break;
      case VT_TEXT: status = sg_set_text(ctx, slots[i], v->text); break;
      case VT_COUNTRY: status = sg_set_country(ctx, slots[i], v->text); break;
      case VT_DATE: status = sg_set_date(ctx, slots[i], (int32_t)v->number); break;
      case VT_DATETIME: status = sg_set_datetime(ctx, slots[i], v->number); break;
    }
    assert_int_equal(status, SG_OK);
  }
  if (k->now.known) sg_set_now(ctx, k->now.number);
}

/* The name of a truth value, for messages. */
static const char *truth_name(kleene t) {
  return t == K_TRUE ? "true" : t == K_FALSE ? "false" : "unknown";
}

/* The reference's encoding of a VM outcome. */
static kleene from_vm(sg_truth t) {
  return t == SG_TRUE ? K_TRUE : t == SG_FALSE ? K_FALSE : K_UNKNOWN;
}

/* Print a disagreement: the seed, the source, the case's facts (random,
 * made up by this test: no case data) and every outcome that differs. */
static void report(const run_state *s, int round, const char *source, const case_model *k,
                   const char *const *names, const kleene *vm, const kleene *ref, int count) {
  fprintf(stderr, "\nSG_DIFF_SEED=%" PRIu64 ": the VM and the reference disagree on rulebook %d:\n%s\nfacts:",
          s->seed, round, source);
  char out[64];
  for (int i = 0; i <= FACT_COUNT; i++) {
    const ref_value *v = i < FACT_COUNT ? &k->facts[i] : &k->now;
    value_type type = i < FACT_COUNT ? facts[i].type : VT_DATETIME;
    fprintf(stderr, "%s %s = %s", i > 0 ? "," : "", i < FACT_COUNT ? facts[i].name : "now",
            v->known ? literal_text(type, v->number, v->text, out) : "unknown");
  }
  fprintf(stderr, "\n");
  for (int i = 0; i < count; i++)
    if (vm[i] != ref[i])
      fprintf(stderr, "  %s: VM %s, reference %s\n", names[i], truth_name(vm[i]), truth_name(ref[i]));
}

/* Evaluate one case on the VM and the reference, and count it in
 * s->disagreements when an outcome differs (the first three are reported,
 * unless quiet). Every other case sets its facts over the last case's
 * (each one, known or unknown) instead of on a reset context, unless it
 * needs `now` unknown again, which only a reset does. */
static void run_case(run_state *s, int round, const char *source, const rulebook_model *m,
                    sg_context *ctx, const size_t *slots, const size_t *indices,
                    const case_model *k) {
  if (s->cases % 2 == 0 || !k->now.known) sg_context_reset(ctx);
  set_facts(ctx, slots, k);
  assert_int_equal(sg_eval(ctx), SG_OK);
  kleene ref_preds[MAX_PREDS], ref_rules[MAX_RULES];
  ref_eval(m, k, s->mutation, ref_preds, ref_rules);
  kleene vm[MAX_PREDS + MAX_RULES], ref[MAX_PREDS + MAX_RULES];
  char name_text[MAX_PREDS + MAX_RULES][16];
  const char *names[MAX_PREDS + MAX_RULES];
  int count = 0, differ = 0;
  for (int i = 0; i < m->pred_count + m->rule_count; i++, count++) {
    int is_rule = i >= m->pred_count, j = is_rule ? i - m->pred_count : i;
    vm[i] = from_vm(is_rule ? sg_rule_outcome(ctx, indices[i]) : sg_pred_value(ctx, indices[i]));
    ref[i] = is_rule ? ref_rules[j] : ref_preds[j];
    snprintf(name_text[i], sizeof name_text[i], "%c%d", is_rule ? 'r' : 'p', j);
    names[i] = name_text[i];
    s->outcomes[is_rule][vm[i]]++;
    s->compared++;
    differ += vm[i] != ref[i];
  }
  s->cases++;
  if (differ) s->disagreements++;
  if (differ && !s->quiet && s->disagreements <= 3) report(s, round, source, k, names, vm, ref, count);
}

/* Look up the slots of the facts and the indices of p0 … and r0 … . */
static void look_up(const sg_rulebook *rb, const rulebook_model *m, size_t *slots, size_t *indices) {
  char name[16];
  for (int i = 0; i < FACT_COUNT; i++) {
    long slot = sg_fact_slot(rb, facts[i].name);
    assert_true(slot >= 0);
    slots[i] = (size_t)slot;
  }
  for (int i = 0; i < m->pred_count + m->rule_count; i++) {
    int is_rule = i >= m->pred_count;
    snprintf(name, sizeof name, "%c%d", is_rule ? 'r' : 'p', is_rule ? i - m->pred_count : i);
    long index = is_rule ? sg_rule_find(rb, name) : sg_pred_find(rb, name);
    assert_true(index >= 0);
    indices[i] = (size_t)index;
  }
}

/* Rulebook `round` of the run: generate, write, compile, load, then
 * CASES_PER_RULEBOOK cases (quiet: up to the first disagreement). */
static void run_rulebook(run_state *s, rulebook_model *m, strbuf *sb, int round) {
  gen_state g = { { s->seed * 0x100000001b3u + (uint64_t)round }, m, 0 };
  rng_next(&g.rng);
  gen_rulebook(&g);
  write_rulebook(sb, m, &g.rng);
  sg_rulebook *rb = compile_and_load(sb->text, s, round);
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  size_t slots[FACT_COUNT], indices[MAX_PREDS + MAX_RULES];
  look_up(rb, m, slots, indices);
  for (int i = 0; i < CASES_PER_RULEBOOK && !(s->disagreements && s->quiet); i++) {
    case_model k;
    gen_case(&g.rng, &k);
    run_case(s, round, sb->text, m, ctx, slots, indices, &k);
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* Run s->rounds rulebooks; stop after the first with a disagreement. */
static void run(run_state *s) {
  static rulebook_model model;
  strbuf sb = { NULL, 0, 0 };
  for (int round = 0; round < s->rounds && s->disagreements == 0; round++)
    run_rulebook(s, &model, &sb, round);
  free(sb.text);
}

/* ---- the tests ----------------------------------------------------------- */

/* The VM agrees with the reference on every predicate and rule of every
 * case; and the run is no idle one: the VM gave each of true, false and
 * unknown for at least one outcome in twenty of both kinds. */
static void test_vm_agrees_with_reference(void **state) {
  (void)state;
  run_state s = { .seed = run_seed(), .rounds = run_rounds(), .mutation = run_break() };
  run(&s);
  if (s.disagreements != 0)
    fail_msg("SG_DIFF_SEED=%" PRIu64 ": %ld case(s) of one rulebook disagree (the first are "
             "printed above)", s.seed, s.disagreements);
  for (int kind = 0; kind < 2; kind++) {
    long all = s.outcomes[kind][0] + s.outcomes[kind][1] + s.outcomes[kind][2];
    for (int t = 0; t < 3; t++)
      if (s.outcomes[kind][t] * 20 < all)
        fail_msg("%s outcome %s only %ld times of %ld", kind ? "rule" : "predicate",
                 truth_name((kleene)t), s.outcomes[kind][t], all);
  }
  assert_int_equal(s.cases, (long)s.rounds * CASES_PER_RULEBOOK);
  printf("seed %" PRIu64 ": %d rulebooks, %ld cases, %ld outcomes agree (predicates %ld false, "
         "%ld true, %ld unknown; rules %ld, %ld, %ld)\n", s.seed, s.rounds, s.cases, s.compared,
         s.outcomes[0][0], s.outcomes[0][1], s.outcomes[0][2], s.outcomes[1][0], s.outcomes[1][1],
         s.outcomes[1][2]);
}

/* The test can fail: each mutation of the reference (one sentence of
 * docs/language.md read wrong) makes it disagree with the VM within the
 * first 500 rulebooks of the default seed. */
static void test_broken_reference_is_caught(void **state) {
  (void)state;
  for (int mut = MUT_NONE + 1; mut < MUT__COUNT; mut++) {
    run_state s = { .seed = DEFAULT_SEED, .rounds = 500, .mutation = (mutation)mut, .quiet = 1 };
    run(&s);
    if (s.disagreements == 0)
      fail_msg("the reference broken as '%s' still agrees with the VM on %ld cases",
               mutation_names[mut], s.cases);
  }
}

/* A tiny model holding facts b0 and b1 with the given truths, for the
 * reference's own checks against the tables of docs/language.md. */
static kleene truth_of_two(node_kind kind, kleene a, kleene b) {
  static rulebook_model m;
  case_model k;
  memset(&k, 0, sizeof k);
  k.facts[0] = (ref_value){ a != K_UNKNOWN, a == K_TRUE, NULL };
  k.facts[1] = (ref_value){ b != K_UNKNOWN, b == K_TRUE, NULL };
  node fa = { .kind = N_FACT, .type = VT_BOOL, .index = 0 };
  node fb = { .kind = N_FACT, .type = VT_BOOL, .index = 1 };
  node x = { .kind = kind, .type = VT_BOOL, .a = &fa, .b = &fb };
  ref_env env = { &m, &k, NULL, MUT_NONE };
  return ref_truth(&env, &x);
}

/* The reference says what docs/language.md says in so many words: "false
 * and unknown is false, true or unknown is true, not unknown is unknown",
 * the table of `established` and `unless`, and `at least`. */
static void test_reference_follows_the_doc(void **state) {
  (void)state;
  const kleene F = K_FALSE, T = K_TRUE, U = K_UNKNOWN;
  const kleene values[3] = { F, T, U };
  /* [a][b] for a, b in false, true, unknown */
  const kleene and_table[3][3] = { { F, F, F }, { F, T, U }, { F, U, U } };
  const kleene or_table[3][3] = { { F, T, U }, { T, T, T }, { U, T, U } };
  const kleene not_table[3] = { T, F, U }, established_table[3] = { F, T, F };
  for (int a = 0; a < 3; a++) {
    for (int b = 0; b < 3; b++) {
      assert_int_equal(truth_of_two(N_AND, values[a], values[b]), and_table[a][b]);
      assert_int_equal(truth_of_two(N_OR, values[a], values[b]), or_table[a][b]);
    }
    assert_int_equal(truth_of_two(N_NOT, values[a], F), not_table[a]);
    assert_int_equal(truth_of_two(N_ESTABLISHED, values[a], F), established_table[a]);
  }
  /* "unless a (when true)": does not fire, fires, undetermined; with
   * `unless established a`: does not fire, fires, fires. */
  static rulebook_model m;
  const kleene unless_table[3] = { T, F, U }, unless_established_table[3] = { T, F, T };
  for (int a = 0; a < 3; a++) {
    case_model k;
    memset(&k, 0, sizeof k);
    k.facts[0] = (ref_value){ 1, 1, NULL };
    k.facts[1] = (ref_value){ values[a] != U, values[a] == T, NULL };
    node when = { .kind = N_FACT, .type = VT_BOOL, .index = 0 };
    node unless = { .kind = N_FACT, .type = VT_BOOL, .index = 1 };
    rule_model plain = { &when, &unless, 0 }, established = { &when, &unless, 1 };
    ref_env env = { &m, &k, NULL, MUT_NONE };
    assert_int_equal(ref_rule(&env, &plain), unless_table[a]);
    assert_int_equal(ref_rule(&env, &established), unless_established_table[a]);
  }
  /* `at least 2` of three: true at two true, false when two cannot be reached. */
  ref_env env = { &m, NULL, NULL, MUT_NONE };
  assert_int_equal(ref_at_least(&env, 2, 2, 1), T);
  assert_int_equal(ref_at_least(&env, 2, 1, 1), U);
  assert_int_equal(ref_at_least(&env, 2, 1, 0), F);
  assert_int_equal(ref_at_least(&env, 0, 0, 0), T);
  /* weekday: 2016-11-01 was a Tuesday, 1899-12-31 a Sunday. */
  assert_int_equal(ref_weekday(&env, days_from_civil(2016, 11, 1)), 2);
  assert_int_equal(ref_weekday(&env, days_from_civil(1899, 12, 31)), 7);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reference_follows_the_doc),
    cmocka_unit_test(test_vm_agrees_with_reference),
    cmocka_unit_test(test_broken_reference_is_caught),
  };
  return cmocka_run_group_tests_name("differential", tests, NULL, NULL);
}
