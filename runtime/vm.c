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

static inline sg_value vm_from_truth(uint8_t truth) {
  return vm_bool(truth != SG_UNKNOWN, truth == SG_TRUE);
}

/* Is the known value x an element of set `s`? */
static int vm_in_set(const sg_rulebook *rb, uint32_t s, const sg_value *x) {
  const sg_set_rec *set = &rb->sets[s];
  const uint32_t *el = rb->pool + set->elements.first;
  for (uint32_t k = 0; k < set->elements.count; k++) {
    switch (set->elem_type) {
    case SG_INT:
      if ((int64_t)(int32_t)el[k] == x->u.i) return 1;
      break;
    case SG_TEXT:
      if (strcmp(rb_str(rb, el[k]), x->u.s) == 0) return 1;
      break;
    default: /* SG_ENUM, SG_COUNTRY: value indices, country indices */
      if ((int64_t)el[k] == x->u.i) return 1;
      break;
    }
  }
  return 0;
}

/* The table key of a known text or enum value. */
static const char *vm_key(const sg_rulebook *rb, const sg_value *x) {
  return x->kind == SG_TEXT ? x->u.s : rb_enum_name(rb, x->efact, (uint32_t)x->u.i);
}

long vm_contact_entry(const sg_rulebook *rb, uint32_t table, sg_value key) {
  return key.known ? rb_table_lookup(rb, table, vm_key(rb, &key)) : -1;
}

/* "At least n of group g": true once n members are true, false once n is
 * out of reach even if every unknown member were true, else unknown. */
static sg_value vm_atleast(const sg_context *ctx, uint32_t g, uint32_t n) {
  const sg_rulebook *rb = ctx->rb;
  const sg_group_rec *grp = &rb->groups[g];
  uint64_t yes = 0, maybe = 0;
  for (uint32_t k = 0; k < grp->members.count; k++) {
    uint8_t t = ctx->pred[rb->pool[grp->members.first + k]];
    yes += t == SG_TRUE;
    maybe += t == SG_UNKNOWN;
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

#define VM_TRACK 0
#define VM_FUNC vm_exec_plain
#include "vm_loop.h"
#undef VM_TRACK
#undef VM_FUNC

#define VM_TRACK 1
#define VM_FUNC vm_exec_tracking
#include "vm_loop.h"
#undef VM_TRACK
#undef VM_FUNC

sg_value vm_run(sg_context *ctx, sg_block block) {
  return vm_exec_plain(ctx, block, NULL);
}

sg_value vm_run_tracking(sg_context *ctx, sg_block block, uint64_t *set) {
  return vm_exec_tracking(ctx, block, set);
}
