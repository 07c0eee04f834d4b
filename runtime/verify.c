/* verify.c — verification of every code block (rules 4 to 6 of
 * docs/bytecode.md §Verification): whole instructions, forward jumps to
 * instruction boundaries, and an abstract interpretation over types that
 * checks operands, stack depth and types at joins, and each block's result.
 * Also finds the deepest stack of any block, which contexts preallocate.
 */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "internal.h"

/* One abstract stack slot. Slots form a persistent linked stack (a slot
 * points at the one below it), so a jump can remember the whole stack at
 * the jump as one index and joins compare stacks without copying them. */
typedef struct {
  uint8_t type;              /* sg_type */
  uint32_t efact;            /* enum: declaring fact; SG_NONE otherwise */
  uint32_t below;            /* index of the slot below, SG_NONE at the bottom */
} vf_slot;

/* A pending forward jump, chained per target offset. */
typedef struct {
  uint32_t at;               /* offset of the jump in the block */
  uint32_t top, depth;       /* the stack at the jump */
  uint32_t next;             /* next jump to the same target, SG_NONE ends */
} vf_jump;

typedef struct {
  sg_loader *L;
  const sg_rulebook *rb;
  vf_slot *slots;            /* capacity: longest block (one push per byte at most) */
  vf_jump *jumps;            /* capacity: longest block / 3 + 1 */
  uint32_t *heads;           /* per block offset: first jump landing there */
  /* the block being verified */
  const uint8_t *code;
  sg_block block;
  uint32_t pred_limit;       /* PRED k (and group members) must be below this */
  const char *owner;         /* "predicate", "rule when", ... */
  uint32_t owner_index;
  uint32_t top, depth, nslots, njumps;
} verifier;

/* Fail at block offset `pos` with a message that names the block. */
static sg_status vf_fail(verifier *V, uint32_t pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static sg_status vf_fail(verifier *V, uint32_t pos, const char *fmt, ...) {
  char what[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  uint32_t at = V->block.offset + pos;
  return load_fail(V->L->err, (long)(V->rb->code_file_offset + (uint64_t)at), "%s %lu, code offset %lu: %s",
                   V->owner, (unsigned long)V->owner_index, (unsigned long)at, what);
}

static void vf_push(verifier *V, uint8_t type, uint32_t efact) {
  vf_slot *s = &V->slots[V->nslots];
  s->type = type;
  s->efact = type == SG_ENUM ? efact : SG_NONE;
  s->below = V->top;
  V->top = V->nslots++;
  V->depth++;
}

static void vf_pop(verifier *V, uint32_t n) {
  while (n-- > 0) {
    V->top = V->slots[V->top].below;
    V->depth--;
  }
}

/* The slot `k` places below the top (0: the top). The caller checked depth. */
static const vf_slot *vf_peek(const verifier *V, uint32_t k) {
  uint32_t i = V->top;
  while (k-- > 0) i = V->slots[i].below;
  return &V->slots[i];
}

static int vf_same(const vf_slot *a, const vf_slot *b) {
  return a->type == b->type && a->efact == b->efact;
}

/* Describe a slot's type for messages ("enum of fact 3"). */
static const char *vf_desc(const vf_slot *s, char *buf, size_t size) {
  if (s->type == SG_ENUM) snprintf(buf, size, "enum of fact %lu", (unsigned long)s->efact);
  else snprintf(buf, size, "%s", sgr_type_name(s->type));
  return buf;
}

/* A type error at `pos`: opcode `name` wants `want`, the slot has another. */
static sg_status vf_type_error(verifier *V, uint32_t pos, const char *name, const char *want,
                               const vf_slot *got) {
  char d[40];
  return vf_fail(V, pos, "type error: %s expects %s, got %s", name, want, vf_desc(got, d, sizeof d));
}

/* Check operand `value` of kind `kind` (operand A's value is `a`, for a
 * VALUE operand) of the instruction at `pos`; records a jump. */
static sg_status vf_operand(verifier *V, uint32_t pos, const sg_opcode_info *info,
                            sg_operand_kind kind, int64_t value, int64_t a) {
  const sg_rulebook *rb = V->rb;
  const char *name = info->name;
  unsigned long v = (unsigned long)value;
  switch (kind) {
  case SG_OPND_PRED:
    if ((uint64_t)value >= V->pred_limit)
      return vf_fail(V, pos, (uint64_t)value < rb->npreds
                                 ? "PRED %lu: forward reference (must be below %lu)"
                                 : "PRED %lu: predicate index out of range (%lu)",
                     v, (unsigned long)V->pred_limit);
    return SG_OK;
  case SG_OPND_VALUE:
    if (rb->facts[a].type != SG_ENUM)
      return vf_fail(V, pos, "%s: fact %lu is not an enum fact", name, (unsigned long)a);
    if ((uint64_t)value >= rb->facts[a].values.count)
      return vf_fail(V, pos, "%s: value %lu out of range (%lu values)", name, v,
                     (unsigned long)rb->facts[a].values.count);
    return SG_OK;
  case SG_OPND_COUNTRY:
    if ((uint64_t)value >= SGR_COUNTRY_COUNT)
      return vf_fail(V, pos, "%s: country %lu out of range (%d countries)", name, v,
                     (int)SGR_COUNTRY_COUNT);
    return SG_OK;
  case SG_OPND_JUMP: {
    uint64_t target = (uint64_t)pos + (uint64_t)info->size + (uint64_t)value;
    if (target >= V->block.length)
      return vf_fail(V, pos, "%s jumps past the end of the block (target %lu, block length %lu)",
                     name, (unsigned long)target, (unsigned long)V->block.length);
    vf_jump *j = &V->jumps[V->njumps];
    j->at = pos;
    j->top = V->top;      /* the stack at the jump: its bool stays (OUT KEEP) */
    j->depth = V->depth;
    j->next = V->heads[target];
    V->heads[target] = V->njumps++;
    return SG_OK;
  }
  default: break;
  }
  int target = sgr_operand_table[kind].target;
  if (target == SG_TGT_NONE) return SG_OK;  /* a constant or a count: any value will do */
  uint32_t limit = rb_count(rb, target);
  if ((uint64_t)value >= limit) {
    const char *noun = sgr_target_noun(target);
    return vf_fail(V, pos, "%s: %s index %lu out of range (%lu %ss)", name, noun, v,
                   (unsigned long)limit, noun);
  }
  if (kind == SG_OPND_GROUP && rb->groups[value].member_limit > V->pred_limit)
    return vf_fail(V, pos, "%s: group %lu member %lu is a forward reference", name, v,
                   (unsigned long)(rb->groups[value].member_limit - 1));  /* O(1) per group */
  return SG_OK;
}

/* Check the values the instruction pops (stack-input kind `in`) and return
 * SG_OK; `set` is operand A, for MEMBER. The caller checked the depth. */
static sg_status vf_inputs(verifier *V, uint32_t pos, const sg_opcode_info *info, int64_t set) {
  const char *name = info->name;
  const vf_slot *a = V->depth >= 1 ? vf_peek(V, 0) : NULL; /* top */
  const vf_slot *b = V->depth >= 2 ? vf_peek(V, 1) : NULL; /* below the top */
  char d1[40], d2[40];
  switch (info->in) {
  case SG_IN_NONE: case SG_IN_ANY:
    return SG_OK;
  case SG_IN_RESULT:
    if (V->depth != 1)
      return vf_fail(V, pos, "RET with %lu values on the stack, expected 1",
                     (unsigned long)V->depth);
    return SG_OK;
  case SG_IN_BOOL:
    return a->type == SG_BOOL ? SG_OK : vf_type_error(V, pos, name, "a bool", a);
  case SG_IN_BOOL2:
    if (a->type != SG_BOOL) return vf_type_error(V, pos, name, "bool operands", a);
    return b->type == SG_BOOL ? SG_OK : vf_type_error(V, pos, name, "bool operands", b);
  case SG_IN_SAME2: case SG_IN_ORDERED2:
    if (!vf_same(a, b))
      return vf_fail(V, pos, "type error: %s compares %s with %s", name, vf_desc(b, d1, sizeof d1),
                     vf_desc(a, d2, sizeof d2));
    if (info->in == SG_IN_ORDERED2 && !sgr_type_ordered(a->type))
      return vf_type_error(V, pos, name, "int, date or datetime", a);
    return SG_OK;
  case SG_IN_ORDERED3: {
    const vf_slot *x = vf_peek(V, 2);
    if (!sgr_type_ordered(x->type)) return vf_type_error(V, pos, name, "int, date or datetime", x);
    if (!vf_same(x, b) || !vf_same(x, a))
      return vf_type_error(V, pos, name, "bounds of the value's type", vf_same(x, b) ? a : b);
    return SG_OK;
  }
  case SG_IN_MEMBER: {
    const sg_set_rec *s = &V->rb->sets[set];
    vf_slot want = {s->elem_type, s->elem_type == SG_ENUM ? s->enum_fact : SG_NONE, 0};
    return vf_same(a, &want) ? SG_OK
                             : vf_type_error(V, pos, name, vf_desc(&want, d1, sizeof d1), a);
  }
  case SG_IN_KEY:
    return a->type == SG_TEXT || a->type == SG_ENUM
               ? SG_OK : vf_type_error(V, pos, name, "text or enum", a);
  case SG_IN_TIME:
    return a->type == SG_DATE || a->type == SG_DATETIME
               ? SG_OK : vf_type_error(V, pos, name, "a date or datetime", a);
  case SG_IN_DATETIME:
    return a->type == SG_DATETIME ? SG_OK : vf_type_error(V, pos, name, "a datetime", a);
  }
  return vf_fail(V, pos, "%s: unknown stack effect", name);  /* not reached */
}

/* Check the instruction at `pos` — its operands by kind, its inputs by type —
 * and apply its stack effect, all as opcodes.def describes it. */
static sg_status vf_step(verifier *V, uint32_t pos, uint8_t op, const uint8_t *arg) {
  const sg_opcode_info *info = &sgr_opcode_table[op];
  int64_t a = sg_operand(info->a, arg), b = sg_operand(info->b, arg + info->b_at);
  if (V->depth < (uint32_t)info->pops)
    return vf_fail(V, pos, "stack underflow: %s needs %d values, the stack has %lu", info->name,
                   info->pops, (unsigned long)V->depth);
  sg_status st = vf_operand(V, pos, info, info->a, a, 0);
  if (st == SG_OK) st = vf_operand(V, pos, info, info->b, b, a);
  if (st == SG_OK) st = vf_inputs(V, pos, info, a);
  if (st != SG_OK) return st;
  uint8_t result;
  uint32_t efact = SG_NONE;
  switch (info->out) {
  case SG_OUT_NONE: vf_pop(V, (uint32_t)info->pops); return SG_OK;
  case SG_OUT_KEEP: return SG_OK;
  case SG_OUT_BOOL: result = SG_BOOL; break;
  case SG_OUT_INT: result = SG_INT; break;
  case SG_OUT_TEXT: result = SG_TEXT; break;
  case SG_OUT_DATE: result = SG_DATE; break;
  case SG_OUT_DATETIME: result = SG_DATETIME; break;
  case SG_OUT_ENUM_A: result = SG_ENUM; efact = (uint32_t)a; break;
  case SG_OUT_FACT_A: result = V->rb->facts[a].type; efact = (uint32_t)a; break;
  case SG_OUT_COUNTRY: result = SG_COUNTRY; break;
  default: return vf_fail(V, pos, "%s: unknown stack effect", info->name);
  }
  vf_pop(V, (uint32_t)info->pops);
  vf_push(V, result, efact);
  return SG_OK;
}

/* Every jump landing at `pos` must bring the same stack as falling through. */
static sg_status vf_join(verifier *V, uint32_t pos) {
  for (uint32_t j = V->heads[pos]; j != SG_NONE; j = V->jumps[j].next) {
    const vf_jump *jp = &V->jumps[j];
    if (jp->depth != V->depth)
      return vf_fail(V, pos, "inconsistent stack depth at jump target: %lu from the jump at %lu, "
                     "%lu falling through", (unsigned long)jp->depth,
                     (unsigned long)(V->block.offset + jp->at), (unsigned long)V->depth);
    for (uint32_t x = jp->top, y = V->top; x != y; x = V->slots[x].below, y = V->slots[y].below)
      if (!vf_same(&V->slots[x], &V->slots[y]))
        return vf_fail(V, pos, "inconsistent stack types at jump target (jump at %lu)",
                       (unsigned long)(V->block.offset + jp->at));
  }
  return SG_OK;
}

/* Verify one block; `want` is SG_BOOL, or SG_TEXT for "text or enum". */
static sg_status vf_block(verifier *V, sg_block block, uint8_t want, uint32_t *max_depth) {
  V->block = block;
  V->code = V->rb->code + block.offset;
  V->top = SG_NONE;
  V->depth = V->nslots = V->njumps = 0;
  for (uint32_t i = 0; i < block.length; i++) V->heads[i] = SG_NONE;
  uint32_t pos = 0;
  uint8_t result = 0;
  uint32_t result_efact = SG_NONE;
  while (pos < block.length) {
    uint8_t op = V->code[pos];
    if (op >= SG_OP__COUNT) return vf_fail(V, pos, "unknown opcode %u", op);
    uint32_t size = (uint32_t)sgr_opcode_table[op].size;
    if (size > block.length - pos)
      return vf_fail(V, pos, "operand of %s runs past the end of the block",
                     sgr_opcode_table[op].name);
    for (uint32_t k = 1; k < size; k++)
      if (V->heads[pos + k] != SG_NONE)
        return vf_fail(V, V->jumps[V->heads[pos + k]].at,
                       "jump target %lu is not on an instruction boundary",
                       (unsigned long)(block.offset + pos + k));
    sg_status st = vf_join(V, pos);
    if (st != SG_OK) return st;
    if (op == SG_OP_RET) {
      if (pos + size != block.length)
        return vf_fail(V, pos, "RET before the end of the block");
      const vf_slot *top = V->depth ? vf_peek(V, 0) : NULL;
      if (top) { result = top->type; result_efact = top->efact; }
    }
    st = vf_step(V, pos, op, V->code + pos + 1);
    if (st != SG_OK) return st;
    if (V->depth > *max_depth) *max_depth = V->depth;
    pos += size;
    if (op == SG_OP_RET) {
      int ok = want == SG_BOOL ? result == SG_BOOL : (result == SG_TEXT || result == SG_ENUM);
      if (!ok) {
        vf_slot r = {result, result_efact, 0};
        char d[40];
        return vf_fail(V, pos - size, "block returns %s, expected %s", vf_desc(&r, d, sizeof d),
                       want == SG_BOOL ? "bool" : "text or enum");
      }
      return SG_OK;
    }
  }
  return vf_fail(V, block.length ? block.length - 1 : 0, "block does not end with RET");
}

static sg_status vf_owner(verifier *V, sg_block block, uint8_t want, const char *owner,
                          uint32_t index, uint32_t pred_limit, uint32_t *max_depth) {
  V->owner = owner;
  V->owner_index = index;
  V->pred_limit = pred_limit;
  return vf_block(V, block, want, max_depth);
}

sg_status verify_code(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  uint32_t longest = 1;
  for (uint32_t i = 0; i < rb->npreds; i++)
    if (rb->preds[i].code.length > longest) longest = rb->preds[i].code.length;
  for (uint32_t i = 0; i < rb->nrules; i++) {
    if (rb->rules[i].when.length > longest) longest = rb->rules[i].when.length;
    if (rb->rules[i].unless.length > longest) longest = rb->rules[i].unless.length;
  }
  for (uint32_t i = 0; i < rb->nactions; i++)
    if (rb->actions[i].key.length > longest) longest = rb->actions[i].key.length;

  verifier V;
  memset(&V, 0, sizeof V);
  V.L = L;
  V.rb = rb;
  size_t ns = 0, nj = 0, nh = 0;
  int ok = mem_size(longest, sizeof *V.slots, 0, &ns) &&
           mem_size(longest / 3 + 1, sizeof *V.jumps, 0, &nj) &&
           mem_size(longest, sizeof *V.heads, 0, &nh);
  V.slots = ok ? mem_alloc(rb->alloc, rb->ud, ns) : NULL;
  V.jumps = V.slots ? mem_alloc(rb->alloc, rb->ud, nj) : NULL;
  V.heads = V.jumps ? mem_alloc(rb->alloc, rb->ud, nh) : NULL;
  sg_status st = SG_OK;
  if (!V.heads) {
    load_fail(L->err, -1, "out of memory verifying code");
    st = SG_ERR_NOMEM;
  }
  uint32_t depth = 1;
  for (uint32_t i = 0; i < rb->npreds && st == SG_OK; i++)
    st = vf_owner(&V, rb->preds[i].code, SG_BOOL, "predicate", i, i, &depth);
  for (uint32_t i = 0; i < rb->nrules && st == SG_OK; i++) {
    st = vf_owner(&V, rb->rules[i].when, SG_BOOL, "rule when", i, rb->npreds, &depth);
    if (st == SG_OK && rb->rules[i].unless.length > 0)
      st = vf_owner(&V, rb->rules[i].unless, SG_BOOL, "rule unless", i, rb->npreds, &depth);
  }
  for (uint32_t i = 0; i < rb->nactions && st == SG_OK; i++)
    if (rb->actions[i].kind == SG_CONTACT)
      st = vf_owner(&V, rb->actions[i].key, SG_TEXT, "contact key of action", i, rb->npreds, &depth);
  mem_free(rb->alloc, rb->ud, V.slots, ns);
  mem_free(rb->alloc, rb->ud, V.jumps, nj);
  mem_free(rb->alloc, rb->ud, V.heads, nh);
  rb->max_stack = depth;
  return st;
}
