/* vm.c — the interpreter of verified code blocks. The dispatch loop lives in
 * vm_loop.h and is instantiated twice here: the plain evaluator used by
 * sg_eval, and the tracking evaluator behind the waiting sets, which carries
 * a bitset of fact slots beside every stack value. Neither ever allocates.
 */
#include <string.h>

#include "internal.h"

/* Computed goto on GCC and clang (as in Wren's wren_common.h), a switch
 * elsewhere or when SG_VM_SWITCH is defined. */
#if defined(__GNUC__) && !defined(SG_VM_SWITCH)
#define VM_COMPUTED_GOTO 1
#else
#define VM_COMPUTED_GOTO 0
#endif

static inline sg_value vm_known(uint8_t kind, int64_t i) {
  sg_value v;
  v.u.i = i;
  v.efact = SG_NONE;
  v.known = 1;
  v.kind = kind;
  return v;
}

static inline sg_value vm_bool(int known, int truth) {
  sg_value v = vm_known(SG_BOOL, truth ? 1 : 0);
  v.known = (uint8_t)(known != 0);
  return v;
}

/* The bool value of a truth (sg_truth), copied from a table rather than
 * built field by field. */
static const sg_value vm_truth_values[3] = {
  [SG_FALSE] = {{0}, SG_NONE, 1, SG_BOOL},
  [SG_TRUE] = {{1}, SG_NONE, 1, SG_BOOL},
  [SG_UNKNOWN] = {{0}, SG_NONE, 0, SG_BOOL},
};

static inline sg_value vm_from_truth(uint8_t truth) {
  return vm_truth_values[truth];
}

/* The table key of a known text or enum value. */
static const char *vm_key(const sg_rulebook *rb, const sg_value *x) {
  return x->kind == SG_TEXT ? x->u.s : rb_enum_name(rb, x->efact, (uint32_t)x->u.i);
}

long vm_contact_entry(const sg_context *ctx, uint32_t table, sg_value key) {
  long e = key.known ? rb_table_lookup(ctx->rb, table, vm_key(ctx->rb, &key), &ctx->asof) : -1;
  return e >= 0 ? e : -1;
}

/* "At least n of group g": true once n members are true, false once n is
 * out of reach even if every unknown member were true, else unknown. */
static sg_value vm_atleast(const sg_context *ctx, uint32_t g, uint32_t n) {
  const sg_rulebook *rb = ctx->rb;
  const sg_group_rec *grp = &rb->groups[g];
  uint64_t yes = 0, maybe = 0;
  const uint32_t *member = rb->pool + grp->members.first;
  for (uint32_t k = 0; k < grp->members.count; k++) {
    uint8_t t = ctx->pred[member[k]];
    yes += t == SG_TRUE;
    maybe += t == SG_UNKNOWN;
    if (yes >= n) return vm_bool(1, 1);  /* the rest cannot change it */
  }
  if (yes >= n) return vm_bool(1, 1);
  if (yes + maybe < n) return vm_bool(1, 0);
  return vm_bool(0, 0);
}

/* Reason sets for tracking mode. */
static inline void vm_set_clear(uint64_t *s, size_t words) {
  for (size_t i = 0; i < words; i++) s[i] = 0;
}
static inline void vm_set_or(uint64_t *dst, const uint64_t *src, size_t words) {
  for (size_t i = 0; i < words; i++) dst[i] |= src[i];
}
static inline void vm_set_add(uint64_t *s, size_t bit) {
  s[bit / 64] |= (uint64_t)1 << (bit % 64);
}
static inline void vm_set_only(uint64_t *s, size_t words, size_t bit) {
  vm_set_clear(s, words);
  vm_set_add(s, bit);
}

/* The reasons of r = op(r, o) for an operation that reads both operands:
 * a known result rests on both; an unknown one waits for the operands that
 * were unknown. */
static inline void vm_track_join(uint64_t *r, int result_known, int r_known, const uint64_t *o,
                                 int o_known, size_t words) {
  if (result_known || (!r_known && !o_known)) {
    vm_set_or(r, o, words);
  } else if (r_known) {
    if (o_known) vm_set_clear(r, words);
    else memcpy(r, o, words * sizeof *r);
  } /* else: r unknown, o known: r's set stays */
}

/* The reasons of `and` (decisive false) or `or` (decisive true): when the
 * decisive value came out, the first operand that has it; otherwise the
 * join of the operands (both when known, the unknown ones when not). */
static inline void vm_track_logic(uint64_t *a_set, sg_value a, const uint64_t *b_set, sg_value b,
                                  sg_value result, int decisive, size_t words) {
  if (result.known && (result.u.i != 0) == decisive) {
    if (!(a.known && (a.u.i != 0) == decisive)) memcpy(a_set, b_set, words * sizeof *a_set);
    return;
  }
  vm_track_join(a_set, result.known, a.known, b_set, b.known, words);
}

/* sg_eval's blocks in order, each with the slot of its truth among the
 * context's truths: every predicate, then each rule's `when` and, when it
 * has one, its `unless`. */
void vm_plan(sg_rulebook *rb) {
  uint32_t n = 0, when = rb->npreds + rb->nrules;  /* ctx->part's slot */
  for (uint32_t j = 0; j < rb->npreds; j++)
    rb->steps[n++] = (sg_step){ rb->preds[j].code.offset, j };
  for (uint32_t r = 0; r < rb->nrules; r++) {
    rb->steps[n++] = (sg_step){ rb->rules[r].when.offset, when + 2 * r };
    if (rb->rules[r].unless.length)
      rb->steps[n++] = (sg_step){ rb->rules[r].unless.offset, when + 2 * r + 1 };
  }
  rb->nsteps = n;
}

/* The plain evaluator is called from eval.c (vm_run in internal.h, and
 * with every step from sg_eval) without a wrapper between; the tracking
 * one through vm_run_tracking. */
#define VM_TRACK 0
#define VM_FUNC vm_exec_plain
#define VM_LINKAGE
#include "vm_loop.h"
#undef VM_TRACK
#undef VM_FUNC
#undef VM_LINKAGE

#define VM_TRACK 1
#define VM_FUNC vm_exec_tracking
#define VM_LINKAGE static
#include "vm_loop.h"
#undef VM_TRACK
#undef VM_FUNC
#undef VM_LINKAGE

sg_value vm_run_tracking(sg_context *ctx, sg_block block, uint64_t *set) {
  return *vm_exec_tracking(ctx, block, set);
}
