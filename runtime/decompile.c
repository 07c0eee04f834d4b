/* decompile.c — reading an image back as source: a code block as an
 * expression of the rule language in canonical form (sg_code_text), a
 * window's days and hours (sg_window_text) and an element of a set
 * (sg_set_element_text), for tools that show a rulebook to people, such as
 * `signaal diff`.
 *
 * A block is postfix code whose jumps are all forward and conditional and
 * keep their operand (docs/bytecode.md, the single-pass invariant), so it
 * decompiles in one linear pass with a stack of expression nodes: a jump
 * is nothing (the AND or OR that follows it is the operator), every other
 * instruction pops its operands' nodes and pushes its own. The tree is
 * printed with the language's precedence (or < and < not < comparisons <
 * primaries), in parentheses only where the grammar needs them. Since
 * Kleene `and` and `or` are associative, `a and (b and c)` prints as `a and
 * b and c`: the same meaning, however the source grouped it.
 *
 * The compiler starts the `when` of a dated predicate or rule, and every
 * `within` of a dated window, with a guard on the decision date (`ASOF >=
 * from and ASOF < until`, gen_period_open in compiler/gen.c). The period
 * is the thing's own (VALIDITY, sg_period), shown apart from its
 * condition, so the guard is left out where the VALIDITY record says the
 * thing is dated and the guard is exactly its period; an ASOF anywhere
 * else prints as `asof`.
 */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "internal.h"

/* ---- Writing into the caller's buffer, as snprintf does ---- */

typedef struct {
  char *buf;
  size_t cap, len;   /* len counts everything, also what did not fit */
} dc_out;

static void dc_put(dc_out *o, const char *s, size_t n) {
  if (o->len < o->cap) {
    size_t room = o->cap - 1 - o->len;
    memcpy(o->buf + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

static void dc_str(dc_out *o, const char *s) {
  dc_put(o, s, strlen(s));
}

static void dc_end(dc_out *o) {
  if (o->cap > 0) o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
}

/* A text as the language writes it: in double quotes, with \" \\ \n \t. */
static void dc_quoted(dc_out *o, const char *s) {
  dc_put(o, "\"", 1);
  const char *run = s;
  for (; *s; s++) {
    const char *escape = *s == '"' ? "\\\"" : *s == '\\' ? "\\\\" : *s == '\n' ? "\\n"
                       : *s == '\t' ? "\\t" : NULL;
    if (!escape) continue;
    dc_put(o, run, (size_t)(s - run));
    dc_str(o, escape);
    run = s + 1;
  }
  dc_put(o, run, (size_t)(s - run));
  dc_put(o, "\"", 1);
}

static void dc_date(dc_out *o, int32_t days) {
  char text[24];
  sg_format_date(days, text);
  dc_str(o, text);
}

/* YYYY-MM-DDTHH:MM, with :SS only when the seconds are not zero (the
 * language's datetime literal makes them optional). */
static void dc_datetime(dc_out *o, int64_t seconds) {
  char text[32];
  sg_format_datetime(seconds, text);
  size_t n = strlen(text);
  if (n >= 3 && strcmp(text + n - 3, ":00") == 0) n -= 3;
  dc_put(o, text, n);
}

static void dc_int(dc_out *o, int64_t v) {
  char text[24];
  snprintf(text, sizeof text, "%lld", (long long)v);
  dc_str(o, text);
}

/* " from D until D" (the ends it has) of a dated thing; nothing otherwise. */
static void dc_period(dc_out *o, const sg_rulebook *rb, sg_dated_kind kind, uint32_t owner,
                      uint32_t item) {
  int32_t from, until;
  if (!sg_period(rb, kind, owner, item, &from, &until)) return;
  if (from != SG_SINCE_ALWAYS) {
    dc_str(o, " from ");
    dc_date(o, from);
  }
  if (until != SG_FOR_GOOD) {
    dc_str(o, " until ");
    dc_date(o, until);
  }
}

/* Element k of set s (verified) as a literal: 12, "text", an enum value's
 * name, "GB". */
static void dc_element(dc_out *o, const sg_rulebook *rb, uint32_t s, uint32_t k) {
  const sg_set_rec *set = &rb->sets[s];
  uint32_t e = rb->pool[set->elements.first + k];
  switch (set->elem_type) {
  case SG_INT: dc_int(o, (int32_t)e); break;
  case SG_TEXT: dc_quoted(o, rb_str(rb, e)); break;
  case SG_COUNTRY: dc_quoted(o, sgr_country_code(e)); break;
  default: dc_str(o, rb_enum_name(rb, set->enum_fact, e)); break;
  }
}

/* "{ a, b until D }": a set written where it is used (name ""). */
static void dc_set_literal(dc_out *o, const sg_rulebook *rb, uint32_t s) {
  dc_str(o, "{");
  for (uint32_t k = 0; k < rb->sets[s].elements.count; k++) {
    dc_str(o, k ? ", " : " ");
    dc_element(o, rb, s, k);
    dc_period(o, rb, SG_DATED_ELEMENT, s, k);
  }
  dc_str(o, rb->sets[s].elements.count ? " }" : "}");
}

/* ---- The expression tree of one block ---- */

/* Binding strength, loosest first; a primary needs no parentheses anywhere. */
enum { DC_OR = 1, DC_AND, DC_NOT, DC_CMP, DC_PRIMARY };

#define DC_NONE UINT32_MAX

/* One node: the instruction that made it and its operands' nodes. */
typedef struct {
  uint32_t at;          /* absolute code offset of the instruction */
  uint8_t op;           /* sg_opcode */
  uint8_t negated;      /* a NOT folded in: `not in`, `is unknown`, `not within` */
  uint8_t stripped;     /* a dated window's guard already left out */
  uint32_t kid[3];      /* operands in push order; DC_NONE past the last */
  uint32_t parent;      /* DC_NONE at the root */
} dc_node;

typedef struct {
  const sg_rulebook *rb;
  dc_node *nodes;
  uint32_t count;
  uint32_t *stack;
  uint32_t depth;
} dc_tree;

static int64_t dc_opnd_a(const sg_rulebook *rb, const dc_node *n) {
  return sg_operand(sgr_opcode_table[n->op].a, rb->code + n->at + 1);
}
static int64_t dc_opnd_b(const sg_rulebook *rb, const dc_node *n) {
  const sg_opcode_info *info = &sgr_opcode_table[n->op];
  return sg_operand(info->b, rb->code + n->at + 1 + info->b_at);
}

/* Whether node i is `ASOF <op> DATE day`. */
static int dc_is_bound(const dc_tree *T, uint32_t i, sg_opcode op, int32_t day) {
  const dc_node *n = &T->nodes[i];
  if (n->op != op) return 0;
  const dc_node *l = &T->nodes[n->kid[0]], *r = &T->nodes[n->kid[1]];
  return l->op == SG_OP_ASOF && r->op == SG_OP_DATE && dc_opnd_a(T->rb, r) == day;
}

/* Whether node i is the guard gen_period_open writes for the period
 * [from, until): its lower bound, its upper bound, or both joined by AND. */
static int dc_is_guard(const dc_tree *T, uint32_t i, int32_t from, int32_t until) {
  int starts = from != SG_SINCE_ALWAYS, ends = until != SG_FOR_GOOD;
  if (starts && ends) {
    const dc_node *n = &T->nodes[i];
    return n->op == SG_OP_AND && dc_is_bound(T, n->kid[0], SG_OP_GE, from) &&
           dc_is_bound(T, n->kid[1], SG_OP_LT, until);
  }
  if (starts) return dc_is_bound(T, i, SG_OP_GE, from);
  return ends && dc_is_bound(T, i, SG_OP_LT, until);
}

/* `guard and within` of a dated window (gen.c's EX_WITHIN) is the within
 * alone: the window's period is the window's. Returns the node that
 * stands for AND(a, b): b when a is b's window's guard, else DC_NONE. */
static uint32_t dc_window_guard(const dc_tree *T, uint32_t a, uint32_t b) {
  const dc_node *w = &T->nodes[b];
  if (w->op != SG_OP_WITHIN || w->stripped || w->negated) return DC_NONE;
  int32_t from, until;
  if (!sg_period(T->rb, SG_DATED_WINDOW, (uint32_t)dc_opnd_a(T->rb, w), 0, &from, &until))
    return DC_NONE;
  return dc_is_guard(T, a, from, until) ? b : DC_NONE;
}

static uint32_t dc_pop(dc_tree *T) {
  return T->stack[--T->depth];
}

/* A new node for the instruction at `at`, its operands popped. */
static void dc_push_node(dc_tree *T, uint32_t at, uint8_t op, int pops) {
  dc_node *n = &T->nodes[T->count];
  n->at = at;
  n->op = op;
  n->negated = n->stripped = 0;
  n->kid[0] = n->kid[1] = n->kid[2] = DC_NONE;
  n->parent = DC_NONE;
  for (int k = pops - 1; k >= 0; k--) {
    n->kid[k] = dc_pop(T);
    T->nodes[n->kid[k]].parent = T->count;
  }
  T->stack[T->depth++] = T->count++;
}

/* Whether a NOT after this instruction is part of its form (`not in`,
 * `is unknown`, `not within`), as gen.c writes those. */
static int dc_negatable(uint8_t op) {
  return op == SG_OP_INSET || op == SG_OP_INTABLE || op == SG_OP_RANGE || op == SG_OP_KNOWN ||
         op == SG_OP_WITHIN;
}

/* One instruction at absolute offset `at`. The verifier has checked the
 * block, so every pop finds its operand. */
static void dc_step(dc_tree *T, uint32_t at) {
  uint8_t op = T->rb->code[at];
  const sg_opcode_info *info = &sgr_opcode_table[op];
  if (op == SG_OP_JFALSE || op == SG_OP_JTRUE || op == SG_OP_RET) return;
  if (op == SG_OP_NOT) {
    dc_node *top = &T->nodes[T->stack[T->depth - 1]];
    if (dc_negatable(top->op) && !top->negated) {
      top->negated = 1;
      return;
    }
  }
  if (op == SG_OP_AND) {
    uint32_t b = T->stack[T->depth - 1], a = T->stack[T->depth - 2];
    uint32_t within = dc_window_guard(T, a, b);
    if (within != DC_NONE) {
      T->depth -= 2;
      T->nodes[within].stripped = 1;
      T->nodes[within].parent = DC_NONE;
      T->stack[T->depth++] = within;
      return;
    }
  }
  dc_push_node(T, at, op, info->pops);
}

/* How tightly node i binds. */
static int dc_level(const dc_tree *T, uint32_t i) {
  switch (T->nodes[i].op) {
  case SG_OP_OR: return DC_OR;
  case SG_OP_AND: return DC_AND;
  case SG_OP_NOT: case SG_OP_ISTRUE: return DC_NOT;
  case SG_OP_EQ: case SG_OP_NE: case SG_OP_LT: case SG_OP_LE: case SG_OP_GT: case SG_OP_GE:
  case SG_OP_INSET: case SG_OP_INTABLE: case SG_OP_RANGE: case SG_OP_KNOWN: case SG_OP_WITHIN:
    return DC_CMP;
  default: return DC_PRIMARY;
  }
}

static void dc_print(dc_out *o, const dc_tree *T, uint32_t i);

/* Node i where at least `level` is wanted, in parentheses when it binds
 * more loosely. */
static void dc_print_at(dc_out *o, const dc_tree *T, uint32_t i, int level) {
  if (dc_level(T, i) >= level) {
    dc_print(o, T, i);
    return;
  }
  dc_str(o, "(");
  dc_print(o, T, i);
  dc_str(o, ")");
}

/* A chain of one associative operator, `a and b and c`: the left operands
 * of the same operator are walked down and back up through `parent`
 * rather than by recursion, so a long chain costs no stack. */
static void dc_print_chain(dc_out *o, const dc_tree *T, uint32_t i) {
  uint8_t op = T->nodes[i].op;
  const char *word = op == SG_OP_AND ? " and " : " or ";
  int level = op == SG_OP_AND ? DC_AND : DC_OR;
  uint32_t bottom = i;
  while (T->nodes[T->nodes[bottom].kid[0]].op == op) bottom = T->nodes[bottom].kid[0];
  dc_print_at(o, T, T->nodes[bottom].kid[0], level);
  for (uint32_t n = bottom;; n = T->nodes[n].parent) {
    dc_str(o, word);
    dc_print_at(o, T, T->nodes[n].kid[1], level);
    if (n == i) break;
  }
}

/* `x OP y` of a comparison. */
static void dc_print_compare(dc_out *o, const dc_tree *T, const dc_node *n) {
  static const char *const ops[] = {" = ", " != ", " < ", " <= ", " > ", " >= "};
  dc_print_at(o, T, n->kid[0], DC_PRIMARY);
  dc_str(o, ops[n->op - SG_OP_EQ]);
  dc_print_at(o, T, n->kid[1], DC_PRIMARY);
}

/* `at least N of G`, `any of G` (N = 1) or `all of G` (N = the group's
 * size), as the compiler writes all three (check_types.c). */
static void dc_print_count(dc_out *o, const sg_rulebook *rb, const dc_node *n) {
  uint32_t g = (uint32_t)dc_opnd_a(rb, n);
  int64_t count = dc_opnd_b(rb, n);
  if (count == 1) dc_str(o, "any of ");
  else if (count == (int64_t)rb->groups[g].members.count) dc_str(o, "all of ");
  else {
    dc_str(o, "at least ");
    dc_int(o, count);
    dc_str(o, " of ");
  }
  dc_str(o, rb->groups[g].name);
}

/* A constant, a fact, a predicate or the moment. */
static void dc_print_leaf(dc_out *o, const sg_rulebook *rb, const dc_node *n) {
  int64_t a = dc_opnd_a(rb, n);
  switch (n->op) {
  case SG_OP_TRUE: dc_str(o, "true"); break;
  case SG_OP_FALSE: dc_str(o, "false"); break;
  case SG_OP_INT: dc_int(o, a); break;
  case SG_OP_TEXT: dc_quoted(o, rb_str(rb, (uint32_t)a)); break;
  case SG_OP_ENUM: dc_str(o, rb_enum_name(rb, (uint32_t)a, (uint32_t)dc_opnd_b(rb, n))); break;
  case SG_OP_DATE: dc_date(o, (int32_t)a); break;
  case SG_OP_DATETIME: dc_datetime(o, a); break;
  case SG_OP_COUNTRY: dc_quoted(o, sgr_country_code((uint32_t)a)); break;
  case SG_OP_FACT: dc_str(o, rb->facts[a].name); break;
  case SG_OP_PRED: dc_str(o, rb->preds[a].name); break;
  case SG_OP_NOW: dc_str(o, "now"); break;
  case SG_OP_TODAY: dc_str(o, "today"); break;
  case SG_OP_ASOF: dc_str(o, "asof"); break;
  case SG_OP_ATLEAST: dc_print_count(o, rb, n); break;
  default: dc_str(o, "?"); break;  /* no other instruction pushes without popping */
  }
}

/* `x in S`, `x in T`, `x in lo .. hi`, `x is known`, `x within W`, each
 * negated when a NOT was folded in. */
static void dc_print_test(dc_out *o, const dc_tree *T, const dc_node *n) {
  const sg_rulebook *rb = T->rb;
  dc_print_at(o, T, n->kid[0], DC_PRIMARY);
  if (n->op == SG_OP_KNOWN) {
    dc_str(o, n->negated ? " is unknown" : " is known");
    return;
  }
  if (n->op == SG_OP_WITHIN) {
    dc_str(o, n->negated ? " not within " : " within ");
    dc_str(o, rb->windows[dc_opnd_a(rb, n)].name);
    return;
  }
  dc_str(o, n->negated ? " not in " : " in ");
  if (n->op == SG_OP_RANGE) {
    dc_print_at(o, T, n->kid[1], DC_PRIMARY);
    dc_str(o, " .. ");
    dc_print_at(o, T, n->kid[2], DC_PRIMARY);
  } else if (n->op == SG_OP_INTABLE) {
    dc_str(o, rb->tables[dc_opnd_a(rb, n)].name);
  } else {
    uint32_t s = (uint32_t)dc_opnd_a(rb, n);
    if (rb->sets[s].name[0]) dc_str(o, rb->sets[s].name);
    else dc_set_literal(o, rb, s);
  }
}

static void dc_print(dc_out *o, const dc_tree *T, uint32_t i) {
  const dc_node *n = &T->nodes[i];
  switch (n->op) {
  case SG_OP_AND: case SG_OP_OR: dc_print_chain(o, T, i); break;
  case SG_OP_NOT: case SG_OP_ISTRUE:
    dc_str(o, n->op == SG_OP_NOT ? "not " : "established ");
    dc_print_at(o, T, n->kid[0], DC_NOT);
    break;
  case SG_OP_EQ: case SG_OP_NE: case SG_OP_LT: case SG_OP_LE: case SG_OP_GT: case SG_OP_GE:
    dc_print_compare(o, T, n);
    break;
  case SG_OP_INSET: case SG_OP_INTABLE: case SG_OP_RANGE: case SG_OP_KNOWN: case SG_OP_WITHIN:
    dc_print_test(o, T, n);
    break;
  case SG_OP_WEEKDAY: case SG_OP_HOUR: case SG_OP_DATEOF:
    dc_str(o, n->op == SG_OP_WEEKDAY ? "weekday(" : n->op == SG_OP_HOUR ? "hour(" : "date(");
    dc_print(o, T, n->kid[0]);
    dc_str(o, ")");
    break;
  default: dc_print_leaf(o, T->rb, n); break;
  }
}

/* ---- The public functions ---- */

/* The block `ref` names and, for a predicate or a rule's `when`, the kind
 * under which its period is recorded; 0 when ref names no block. */
static int dc_block_of(const sg_rulebook *rb, sg_code_ref ref, sg_block *block,
                       sg_dated_kind *dated) {
  *dated = 0;
  switch (ref.kind) {
  case SG_CODE_PRED:
    if (ref.index >= rb->npreds) return 0;
    *block = rb->preds[ref.index].code;
    *dated = SG_DATED_PRED;
    break;
  case SG_CODE_RULE_WHEN:
  case SG_CODE_RULE_UNLESS:
    if (ref.index >= rb->nrules) return 0;
    *block = ref.kind == SG_CODE_RULE_WHEN ? rb->rules[ref.index].when : rb->rules[ref.index].unless;
    if (ref.kind == SG_CODE_RULE_WHEN) *dated = SG_DATED_RULE;
    break;
  case SG_CODE_ACTION_KEY: {
    const sg_rule_rec *r;
    if (ref.index >= rb->nrules) return 0;
    r = &rb->rules[ref.index];
    if (ref.action >= r->actions.count) return 0;
    *block = rb->actions[rb->pool[r->actions.first + ref.action]].key;
    break;
  }
  default: return 0;
  }
  return block->length > 0;
}

/* The root of the tree of a block: a dated thing's `when` without the
 * guard of its own period. */
static uint32_t dc_root(const dc_tree *T, sg_dated_kind dated, size_t owner) {
  uint32_t root = T->stack[0];
  int32_t from, until;
  if (!dated || !sg_period(T->rb, dated, owner, 0, &from, &until)) return root;
  const dc_node *n = &T->nodes[root];
  if (n->op == SG_OP_AND && dc_is_guard(T, n->kid[0], from, until)) return n->kid[1];
  return root;
}

sg_status sg_code_text(const sg_rulebook *rb, sg_code_ref ref, char *buf, size_t cap,
                       size_t *length) {
  dc_out o = {buf, buf ? cap : 0, 0};
  sg_block block;
  sg_dated_kind dated;
  if (length) *length = 0;
  dc_end(&o);
  if (!rb || !dc_block_of(rb, ref, &block, &dated)) return SG_ERR_RANGE;
  /* An instruction is at least one byte: a node and a stack slot per byte. */
  size_t bytes;
  if (!mem_size(block.length, sizeof(dc_node) + sizeof(uint32_t), 0, &bytes)) return SG_ERR_NOMEM;
  void *memory = mem_alloc(rb->alloc, rb->ud, bytes);
  if (!memory) return SG_ERR_NOMEM;
  dc_tree T = {rb, memory, 0, (uint32_t *)(void *)((dc_node *)memory + block.length), 0};
  for (uint32_t at = block.offset; at < block.offset + block.length;
       at += (uint32_t)sgr_opcode_table[rb->code[at]].size)
    dc_step(&T, at);
  dc_print(&o, &T, dc_root(&T, dated, ref.index));
  dc_end(&o);
  mem_free(rb->alloc, rb->ud, memory, bytes);
  if (length) *length = o.len;
  return SG_OK;
}

size_t sg_window_text(const sg_rulebook *rb, size_t window, char *buf, size_t cap) {
  static const char *const days[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  dc_out o = {buf, buf ? cap : 0, 0};
  dc_end(&o);
  if (!rb || window >= rb->nwindows) return 0;
  const sg_window_rec *w = &rb->windows[window];
  if (w->days == 0x1F) dc_str(&o, "weekdays");
  else if (w->days == 0x60) dc_str(&o, "weekend");
  else if (w->days == 0x7F) dc_str(&o, "daily");
  else {
    dc_str(&o, "{");
    for (int k = 0, first = 1; k < 7; k++)
      if (w->days >> k & 1) {
        dc_str(&o, first ? " " : ", ");
        dc_str(&o, days[k]);
        first = 0;
      }
    dc_str(&o, " }");
  }
  char hours[32];
  snprintf(hours, sizeof hours, " %02u:%02u .. %02u:%02u", w->start / 60u, w->start % 60u,
           w->end / 60u, w->end % 60u);
  dc_str(&o, hours);
  if (w->flags & SG_WINDOW_EXCEPT_HOLIDAYS)
    dc_str(&o, w->flags & SG_WINDOW_EXCEPT_GOOD_FRIDAY ? " except holidays and good friday"
                                                     : " except holidays");
  dc_end(&o);
  return o.len;
}

size_t sg_set_element_text(const sg_rulebook *rb, size_t set, size_t element, char *buf,
                           size_t cap) {
  dc_out o = {buf, buf ? cap : 0, 0};
  dc_end(&o);
  if (!rb || set >= rb->nsets || element >= rb->sets[set].elements.count) return 0;
  dc_element(&o, rb, (uint32_t)set, (uint32_t)element);
  dc_end(&o);
  return o.len;
}
