/* verify.c — verification of every code block (rules 4 to 6 of
 * docs/bytecode.md §Verification): whole instructions, forward jumps to
 * instruction boundaries, and an abstract interpretation over types that
 * checks operands, stack depth and types at joins, and each block's result.
 * Also finds the deepest stack of any block, which contexts preallocate.
 */
#include <stdio.h>
#include <string.h>

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

const char *sg_type_name(unsigned type) {
  static const char *const names[] = {"?", "bool", "int", "text", "enum", "date", "datetime"};
  return type <= SG_DATETIME ? names[type] : "?";
}

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

static int vf_ordered(uint8_t type) {
  return type == SG_INT || type == SG_DATE || type == SG_DATETIME;
}

/* Describe a slot's type for messages ("enum of fact 3"). */
static const char *vf_desc(const vf_slot *s, char *buf, size_t size) {
  if (s->type == SG_ENUM) snprintf(buf, size, "enum of fact %lu", (unsigned long)s->efact);
  else snprintf(buf, size, "%s", sg_type_name(s->type));
  return buf;
}

/* A type error at `pos`: opcode `name` wants `want`, the slot has another. */
static sg_status vf_type_error(verifier *V, uint32_t pos, const char *name, const char *want,
                               const vf_slot *got) {
  char d[40];
  return vf_fail(V, pos, "type error: %s expects %s, got %s", name, want, vf_desc(got, d, sizeof d));
}

/* Check the operands of the instruction at `pos` and apply its stack effect. */
static sg_status vf_step(verifier *V, uint32_t pos, uint8_t op, const uint8_t *arg) {
  const sg_rulebook *rb = V->rb;
  const sg_opcode_info *info = &sg_opcode_table[op];
  const char *name = info->name;
  if (V->depth < (uint32_t)info->pops)
    return vf_fail(V, pos, "stack underflow: %s needs %d values, the stack has %lu", name,
                   info->pops, (unsigned long)V->depth);
  const vf_slot *a = V->depth >= 1 ? vf_peek(V, 0) : NULL; /* top */
  const vf_slot *b = V->depth >= 2 ? vf_peek(V, 1) : NULL; /* below the top */
  /* Read only the operand bytes this opcode has (they lie inside the block). */
  uint32_t u16a = info->size >= 3 ? sg_rd16(arg) : 0;
  uint32_t u16b = info->operands == SG_OPND_U16U16 ? sg_rd16(arg + 2) : 0;
  uint8_t result = SG_BOOL;
  uint32_t efact = SG_NONE;
  switch (op) {
  case SG_OP_RET:
    if (V->depth != 1)
      return vf_fail(V, pos, "RET with %lu values on the stack, expected 1",
                     (unsigned long)V->depth);
    vf_pop(V, 1);
    return SG_OK;
  case SG_OP_TRUE: case SG_OP_FALSE: break;
  case SG_OP_INT: result = SG_INT; break;
  case SG_OP_DATE: result = SG_DATE; break;
  case SG_OP_DATETIME: case SG_OP_NOW: result = SG_DATETIME; break;
  case SG_OP_TODAY: result = SG_DATE; break;
  case SG_OP_TEXT:
    if (sg_rd32(arg) >= rb->nstrings)
      return vf_fail(V, pos, "TEXT: string index %lu out of range (%lu strings)",
                     (unsigned long)sg_rd32(arg), (unsigned long)rb->nstrings);
    result = SG_TEXT;
    break;
  case SG_OP_ENUM:
    if (u16a >= rb->nfacts || rb->facts[u16a].type != SG_ENUM)
      return vf_fail(V, pos, "ENUM: fact %lu is not an enum fact", (unsigned long)u16a);
    if (u16b >= rb->facts[u16a].value_count)
      return vf_fail(V, pos, "ENUM: value %lu out of range (%lu values)", (unsigned long)u16b,
                     (unsigned long)rb->facts[u16a].value_count);
    result = SG_ENUM;
    efact = u16a;
    break;
  case SG_OP_FACT:
    if (u16a >= rb->nfacts)
      return vf_fail(V, pos, "FACT: fact index %lu out of range (%lu facts)", (unsigned long)u16a,
                     (unsigned long)rb->nfacts);
    result = rb->facts[u16a].type;
    efact = u16a;
    break;
  case SG_OP_PRED:
    if (u16a >= V->pred_limit)
      return vf_fail(V, pos, u16a < rb->npreds ? "PRED %lu: forward reference (must be below %lu)"
                                               : "PRED %lu: predicate index out of range (%lu)",
                     (unsigned long)u16a, (unsigned long)V->pred_limit);
    break;
  case SG_OP_NOT: case SG_OP_JFALSE: case SG_OP_JTRUE:
    if (a->type != SG_BOOL) return vf_type_error(V, pos, name, "a bool", a);
    break;
  case SG_OP_AND: case SG_OP_OR:
    if (a->type != SG_BOOL) return vf_type_error(V, pos, name, "bool operands", a);
    if (b->type != SG_BOOL) return vf_type_error(V, pos, name, "bool operands", b);
    break;
  case SG_OP_EQ: case SG_OP_NE: case SG_OP_LT: case SG_OP_LE: case SG_OP_GT: case SG_OP_GE: {
    char d1[40], d2[40];
    if (!vf_same(a, b))
      return vf_fail(V, pos, "type error: %s compares %s with %s", name, vf_desc(b, d1, sizeof d1),
                     vf_desc(a, d2, sizeof d2));
    if (op != SG_OP_EQ && op != SG_OP_NE && !vf_ordered(a->type))
      return vf_type_error(V, pos, name, "int, date or datetime", a);
    break;
  }
  case SG_OP_INSET: {
    if (u16a >= rb->nsets)
      return vf_fail(V, pos, "INSET: set index %lu out of range (%lu sets)", (unsigned long)u16a,
                     (unsigned long)rb->nsets);
    const sg_set_rec *s = &rb->sets[u16a];
    vf_slot want = {s->elem_type, s->elem_type == SG_ENUM ? s->enum_fact : SG_NONE, 0};
    char d[40];
    if (!vf_same(a, &want)) return vf_type_error(V, pos, name, vf_desc(&want, d, sizeof d), a);
    break;
  }
  case SG_OP_INTABLE:
    if (u16a >= rb->ntables)
      return vf_fail(V, pos, "INTABLE: table index %lu out of range (%lu tables)",
                     (unsigned long)u16a, (unsigned long)rb->ntables);
    if (a->type != SG_TEXT && a->type != SG_ENUM)
      return vf_type_error(V, pos, name, "text or enum", a);
    break;
  case SG_OP_RANGE: {
    const vf_slot *x = vf_peek(V, 2);
    if (!vf_ordered(x->type)) return vf_type_error(V, pos, name, "int, date or datetime", x);
    if (!vf_same(x, b) || !vf_same(x, a))
      return vf_type_error(V, pos, name, "bounds of the value's type", vf_same(x, b) ? a : b);
    break;
  }
  case SG_OP_KNOWN: break;
  case SG_OP_ATLEAST: {
    if (u16a >= rb->ngroups)
      return vf_fail(V, pos, "ATLEAST: group index %lu out of range (%lu groups)",
                     (unsigned long)u16a, (unsigned long)rb->ngroups);
    uint32_t limit = rb->groups[u16a].member_limit;  /* O(1), however big the group */
    if (limit > V->pred_limit)
      return vf_fail(V, pos, "ATLEAST: group %lu member %lu is a forward reference",
                     (unsigned long)u16a, (unsigned long)(limit - 1));
    break;
  }
  case SG_OP_WEEKDAY:
    if (a->type != SG_DATE && a->type != SG_DATETIME)
      return vf_type_error(V, pos, name, "a date or datetime", a);
    result = SG_INT;
    break;
  case SG_OP_HOUR: case SG_OP_DATEOF: case SG_OP_WITHIN:
    if (a->type != SG_DATETIME) return vf_type_error(V, pos, name, "a datetime", a);
    if (op == SG_OP_WITHIN && u16a >= rb->nwindows)
      return vf_fail(V, pos, "WITHIN: window index %lu out of range (%lu windows)",
                     (unsigned long)u16a, (unsigned long)rb->nwindows);
    result = op == SG_OP_HOUR ? SG_INT : op == SG_OP_DATEOF ? SG_DATE : SG_BOOL;
    break;
  default:
    return vf_fail(V, pos, "unknown opcode %u", op);
  }
  if (op == SG_OP_JFALSE || op == SG_OP_JTRUE) {
    uint64_t target = (uint64_t)pos + (uint64_t)info->size + u16a;
    if (target >= V->block.length)
      return vf_fail(V, pos, "%s jumps past the end of the block (target %lu, block length %lu)",
                     name, (unsigned long)target, (unsigned long)V->block.length);
    vf_jump *j = &V->jumps[V->njumps];
    j->at = pos;
    j->top = V->top;
    j->depth = V->depth;
    j->next = V->heads[target];
    V->heads[target] = V->njumps++;
    return SG_OK;  /* the value stays on the stack */
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
    uint32_t size = (uint32_t)sg_opcode_table[op].size;
    if (size > block.length - pos)
      return vf_fail(V, pos, "operand of %s runs past the end of the block",
                     sg_opcode_table[op].name);
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
