/* vm_loop.h — the body of the interpreter, included twice by vm.c: with
 * VM_TRACK 0 as the plain evaluator and with VM_TRACK 1 as the tracking
 * evaluator, which also keeps, per stack slot, the reasons of the value
 * there. One opcode, one CASE, written once for both modes. The function
 * returns its result where it lies, on the context's stack (valid until
 * the next run), so that a caller wanting a truth copies nothing.
 */

/* In tracking mode each stack slot has a reason set of `words` words (bits:
 * facts, predicates, the moment; see internal.h). A known value's set holds
 * what decided it; an unknown value's set holds the unknown inputs it waits
 * for. Inputs set their own bit; an operation reading its operands fully
 * (comparisons, ranges) joins them with T_JOIN; and/or keep only the
 * deciding operand (vm_track_logic). */
#if VM_TRACK
#define SET_OF(v) (ctx->track + (size_t)((v) - base) * words)
#define T_CLEAR(v) vm_set_clear(SET_OF(v), words)
#define T_BIT(v, bit) vm_set_only(SET_OF(v), words, (bit))
#define T_JOIN(r, r_known, o, o_known) \
  vm_track_join(SET_OF(r), (r)->known, (r_known), SET_OF(o), (o_known), words)
/* Add `bit` to v's reasons when `cond`: a result that also rests on it. */
#define T_ADD(v, cond, bit) do { if (cond) vm_set_add(SET_OF(v), (bit)); } while (0)
#else
#define T_ADD(v, cond, bit) ((void)0)
#define T_CLEAR(v) ((void)0)
#define T_BIT(v, bit) ((void)0)
#define T_JOIN(r, r_known, o, o_known) ((void)0)
#endif

/* CASE(NAME) opens the instruction's block and reads its operands (see
 * OPERANDS); NEXT closes it and dispatches the next instruction. */
#if VM_COMPUTED_GOTO
#define VM_LOOP DISPATCH();
#define CASE(NAME) vm_op_##NAME: { OPERANDS(NAME);
#define DISPATCH() goto *vm_labels[*ip++]
#else
#define VM_LOOP for (;;) switch (*ip++)
#define CASE(NAME) case SG_OP_##NAME: { OPERANDS(NAME);
#define DISPATCH() break
#endif
#define NEXT DISPATCH(); }

#define PUSH(v) (*sp++ = (v))
/* Read the operands of instruction NAME (ip is just past its opcode byte)
 * as opa and opb, and step ip past them: the kinds, offsets and size come
 * from opcodes.def, exactly as the verifier reads them. */
#define OPERANDS(NAME)                                                  \
  const int64_t opa = sg_operand(SG_OPA_##NAME, ip);                    \
  const int64_t opb = sg_operand(SG_OPB_##NAME, ip + SG_OPB_AT_##NAME); \
  (void)opa; (void)opb;                                                 \
  ip += SG_OPSIZE_##NAME - 1

/* Comparison of the two top values: unknown if either is. */
#define COMPARE(test)                                                   \
  do {                                                                  \
    sg_value *a = sp - 2, *b = sp - 1;                                  \
    int a_known = a->known, b_known = b->known;                         \
    *a = a_known && b_known ? vm_bool(1, (test)) : vm_bool(0, 0);      \
    T_JOIN(a, a_known, b, b_known);                                     \
    sp--;                                                               \
  } while (0)

#if VM_TRACK
VM_LINKAGE const sg_value *VM_FUNC(sg_context *ctx, sg_block block, uint64_t *result_set) {
  const size_t words = ctx->rwords;
#else
VM_LINKAGE const sg_value *VM_FUNC(sg_context *ctx, sg_block block, int steps) {
  /* With `steps`, the step running and the end of them (see sg_step). */
  const sg_step *step = NULL, *steps_end = NULL;
  uint8_t *const truths = ctx->pred;
  if (steps) {
    step = ctx->rb->steps;
    steps_end = step + ctx->rb->nsteps;
    if (step == steps_end) return NULL;
    block.offset = step->offset;
  }
#endif
  const sg_rulebook *rb = ctx->rb;
  const uint8_t *const code = rb->code;
  const uint8_t *ip = code + block.offset;
  sg_value *const base = ctx->stack;
  sg_value *sp = base;
#if VM_COMPUTED_GOTO
  static void *const vm_labels[SG_OP__COUNT] = {
#define OP(name, a, b, in, out, synopsis) &&vm_op_##name,
#include "opcodes.def"
#undef OP
  };
#endif

  VM_LOOP {
    CASE(RET)
#if VM_TRACK
      memcpy(result_set, SET_OF(sp - 1), words * sizeof *result_set);
#else
      if (step) { /* store the truth, go on with the next step */
        truths[step->slot] = !sp[-1].known ? SG_UNKNOWN : (sp[-1].u.i ? SG_TRUE : SG_FALSE);
        if (++step == steps_end) return NULL;
        ip = code + step->offset;
        sp = base;
        DISPATCH();
      }
#endif
      return sp - 1;
    }
    CASE(TRUE)
      PUSH(vm_bool(1, 1));
      T_CLEAR(sp - 1);
      NEXT
    CASE(FALSE)
      PUSH(vm_bool(1, 0));
      T_CLEAR(sp - 1);
      NEXT
    CASE(INT)
      PUSH(vm_known(SG_INT, opa));
      T_CLEAR(sp - 1);
      NEXT
    CASE(TEXT)
      sg_value v = vm_known(SG_TEXT, 0);
      v.u.s = rb_str(rb, (uint32_t)opa);
      PUSH(v);
      T_CLEAR(sp - 1);
      NEXT
    CASE(ENUM)
      sg_value v = vm_known(SG_ENUM, opb);
      v.efact = (uint32_t)opa;
      PUSH(v);
      T_CLEAR(sp - 1);
      NEXT
    CASE(COUNTRY)
      PUSH(vm_known(SG_COUNTRY, opa));
      T_CLEAR(sp - 1);
      NEXT
    CASE(DATE)
      PUSH(vm_known(SG_DATE, opa));
      T_CLEAR(sp - 1);
      NEXT
    CASE(DATETIME)
      PUSH(vm_known(SG_DATETIME, opa));
      T_CLEAR(sp - 1);
      NEXT
    CASE(FACT)
      uint32_t f = (uint32_t)opa;
      PUSH(ctx->facts[f]);
      T_BIT(sp - 1, f);
      NEXT
    CASE(PRED)
      uint32_t p = (uint32_t)opa;
      PUSH(vm_from_truth(ctx->pred[p]));
      T_BIT(sp - 1, (size_t)rb->nfacts + p);
      NEXT
    CASE(NOW)
      PUSH(ctx->now);
      T_BIT(sp - 1, RB_NOW_BIT(rb));
      NEXT
    CASE(ASOF) /* the decision date: set apart (--as-of) or the date of the moment */
      PUSH(ctx->asof);
      T_BIT(sp - 1, RB_NOW_BIT(rb));
      NEXT
    CASE(TODAY)
      sg_value v = ctx->now;
      v.kind = SG_DATE;
      if (v.known) v.u.i = date_floor_div(v.u.i, 86400);
      PUSH(v);
      T_BIT(sp - 1, RB_NOW_BIT(rb));
      NEXT
    CASE(NOT)
      if (sp[-1].known) sp[-1].u.i = !sp[-1].u.i;
      NEXT
    CASE(AND)
      sg_value *a = sp - 2, *b = sp - 1;
#if VM_TRACK
      sg_value a_was = *a, b_was = *b;
#endif
      int no = (a->known && !a->u.i) || (b->known && !b->u.i);
      *a = no ? vm_bool(1, 0) : vm_bool(a->known && b->known, 1);
#if VM_TRACK
      vm_track_logic(SET_OF(a), a_was, SET_OF(b), b_was, *a, 0, words);
#endif
      sp--;
      NEXT
    CASE(OR)
      sg_value *a = sp - 2, *b = sp - 1;
#if VM_TRACK
      sg_value a_was = *a, b_was = *b;
#endif
      int yes = (a->known && a->u.i) || (b->known && b->u.i);
      *a = yes ? vm_bool(1, 1) : vm_bool(a->known && b->known, 0);
#if VM_TRACK
      vm_track_logic(SET_OF(a), a_was, SET_OF(b), b_was, *a, 1, words);
#endif
      sp--;
      NEXT
    CASE(JFALSE)
      if (sp[-1].known && !sp[-1].u.i) ip += opa;
      NEXT
    CASE(JTRUE)
      if (sp[-1].known && sp[-1].u.i) ip += opa;
      NEXT
    CASE(EQ)
      COMPARE(a->kind == SG_TEXT ? strcmp(a->u.s, b->u.s) == 0 : a->u.i == b->u.i);
      NEXT
    CASE(NE)
      COMPARE(a->kind == SG_TEXT ? strcmp(a->u.s, b->u.s) != 0 : a->u.i != b->u.i);
      NEXT
    CASE(LT)
      COMPARE(a->u.i < b->u.i);
      NEXT
    CASE(LE)
      COMPARE(a->u.i <= b->u.i);
      NEXT
    CASE(GT)
      COMPARE(a->u.i > b->u.i);
      NEXT
    CASE(GE)
      COMPARE(a->u.i >= b->u.i);
      NEXT
    CASE(INSET) /* rests on x, and on the decision date when the set has dated elements */
      sg_value *x = sp - 1;
      int dated = x->known && rb->sets[opa].dated.count != 0;
      *x = x->known ? vm_from_truth(sgr_set_contains(rb, (uint32_t)opa, x, &ctx->asof)) : vm_bool(0, 0);
      T_ADD(x, dated, RB_NOW_BIT(rb));
      (void)dated;
      NEXT
    CASE(INTABLE) /* likewise for a table with dated entries */
      sg_value *x = sp - 1;
      int dated = x->known && rb->tables[opa].dated.count != 0;
      long entry = x->known ? rb_table_lookup(rb, (uint32_t)opa, vm_key(rb, x), &ctx->asof) : -2;
      *x = entry == -2 ? vm_bool(0, 0) : vm_bool(1, entry >= 0);
      T_ADD(x, dated, RB_NOW_BIT(rb));
      (void)dated;
      NEXT
    CASE(RANGE)
      sg_value *x = sp - 3, *lo = sp - 2, *hi = sp - 1;
      int x_known = x->known, lo_known = lo->known, hi_known = hi->known;
      *x = x_known && lo_known && hi_known
               ? vm_bool(1, lo->u.i <= x->u.i && x->u.i <= hi->u.i)
               : vm_bool(0, 0);
      T_JOIN(x, x_known, lo, lo_known);
      T_JOIN(x, x_known && lo_known, hi, hi_known);
      (void)x_known; (void)lo_known; (void)hi_known;
      sp -= 2;
      NEXT
    CASE(ISTRUE) /* like KNOWN, rests on the same inputs as the value it tests */
      sp[-1] = vm_bool(1, sp[-1].known && sp[-1].u.i);
      NEXT
    CASE(KNOWN) /* rests on the same inputs as the value it tests */
      sp[-1] = vm_bool(1, sp[-1].known);
      NEXT
    CASE(ATLEAST)
      uint32_t g = (uint32_t)opa;
      PUSH(vm_atleast(ctx, g, (uint32_t)opb));
#if VM_TRACK
      { /* the members with the result's truth: held, failed, or unknown */
        const sg_group_rec *grp = &rb->groups[g];
        uint8_t same = (uint8_t)vm_truth(sp[-1]);
        T_CLEAR(sp - 1);
        for (uint32_t k = 0; k < grp->members.count; k++) {
          uint32_t p = rb->pool[grp->members.first + k];
          if (ctx->pred[p] == same) vm_set_add(SET_OF(sp - 1), (size_t)rb->nfacts + p);
        }
      }
#endif
      NEXT
    CASE(WEEKDAY)
      sg_value *x = sp - 1;
      if (x->known)
        x->u.i = date_weekday(x->kind == SG_DATE ? x->u.i : date_floor_div(x->u.i, 86400));
      x->kind = SG_INT;
      NEXT
    CASE(HOUR)
      sg_value *x = sp - 1;
      if (x->known) x->u.i = date_floor_mod(x->u.i, 86400) / 3600;
      x->kind = SG_INT;
      NEXT
    CASE(DATEOF)
      sg_value *x = sp - 1;
      if (x->known) x->u.i = date_floor_div(x->u.i, 86400);
      x->kind = SG_DATE;
      NEXT
    CASE(WITHIN)
      sg_value *x = sp - 1;
      *x = x->known ? vm_bool(1, sgr_window_contains(rb, (uint32_t)opa, x->u.i, &ctx->holiday)) : vm_bool(0, 0);
      NEXT
  }
#if !VM_COMPUTED_GOTO
  return base; /* not reached: verified blocks end with RET */
#endif
}

#undef SET_OF
#undef T_CLEAR
#undef T_BIT
#undef T_ADD
#undef T_JOIN
#undef VM_LOOP
#undef CASE
#undef DISPATCH
#undef NEXT
#undef PUSH
#undef OPERANDS
#undef COMPARE
