/* emit_c.c — sg_emit_c: a verified rulebook's code as C source, the second
 * reading of the bytecode beside the interpreter (vm_loop.h). Each block
 * becomes one C function whose locals are the stack slots (the verifier
 * fixed every depth and type), each instruction a few statements, each
 * forward jump a goto; the file calls libsignaal's public readers
 * (native.c) for facts, dated sets, table keys and windows.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

typedef struct {
  const sg_rulebook *rb;
  const char *prefix;
  sg_write_fn write;
  void *ud;
} emitc;

/* A stack slot's type while a block is read: the fact type, and the enum
 * of an enum value (the declaring fact). */
typedef struct {
  uint8_t type;
  uint32_t efact;
} emitc_slot;

/* The most elements a set is tested against inline; larger ones go to the
 * runtime's hash index (sg_set_has). */
#define EMITC_INLINE_SET 64

static void emitc_raw(emitc *e, const char *s) {
  e->write(e->ud, s, strlen(s));
}

/* Short formatted pieces only (numbers, names of the prefix's length). */
static void emitc_printf(emitc *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void emitc_printf(emitc *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sgr_vwritef(e->write, e->ud, fmt, ap);
  va_end(ap);
}

/* A C string literal: printable ASCII as itself, everything else (and
 * ", \ and ?, against trigraphs) as a three-digit octal escape. */
static void emitc_cstring(emitc *e, const char *s) {
  emitc_raw(e, "\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '?') {
      e->write(e->ud, (const char *)p, 1);
    } else {
      emitc_printf(e, "\\%03o", *p);
    }
  }
  emitc_raw(e, "\"");
}

/* The block's source form (sg_code_text) as a comment, cut at 200 bytes,
 * with no comment end in it. */
static void emitc_source_comment(emitc *e, sg_code_ref ref) {
  char buf[200];
  size_t len = 0;
  if (sg_code_text(e->rb, ref, buf, sizeof buf, &len) != SG_OK) return;
  for (char *p = buf; *p; p++)
    if ((*p == '*' && p[1] == '/') || *p == '\n' || *p == '\r') *p = ' ';
  emitc_raw(e, "/* ");
  emitc_raw(e, buf);
  emitc_raw(e, len >= sizeof buf ? " ... */\n" : " */\n");
}

/* ---- One block ----------------------------------------------------------- */

/* A comparison of slots a and b (text: strcmp) into a. */
static void emitc_compare(emitc *e, int a, const emitc_slot *slot, const char *op) {
  int b = a + 1;
  if (slot->type == SG_TEXT)
    emitc_printf(e, "  v%d.i = v%d.k && v%d.k && strcmp(v%d.s, v%d.s) %s 0;\n", a, a, b, a, b, op);
  else
    emitc_printf(e, "  v%d.i = v%d.k && v%d.k && v%d.i %s v%d.i;\n", a, a, b, a, op, b);
  emitc_printf(e, "  v%d.k = v%d.k && v%d.k;\n", a, a, b);
}

/* x in set s, x in slot d (known or not). */
static void emitc_inset(emitc *e, int d, uint32_t s) {
  const sg_rulebook *rb = e->rb;
  const sg_set_rec *set = &rb->sets[s];
  if (set->dated.count || set->elem_type == SG_TEXT || set->elements.count > EMITC_INLINE_SET) {
    emitc_printf(e, "  if (v%d.k) { sg_truth t = sg_set_has(r->ctx, %" PRIu32 ", v%d.i, v%d.s); "
                    "v%d.k = t != SG_UNKNOWN; v%d.i = t == SG_TRUE; }\n", d, s, d, d, d, d);
    return;
  }
  emitc_printf(e, "  v%d.i = v%d.k && (0", d, d);
  for (uint32_t k = 0; k < set->elements.count; k++) {
    uint32_t raw = rb->pool[set->elements.first + k];
    int64_t value = set->elem_type == SG_INT ? (int64_t)(int32_t)raw : (int64_t)raw;
    emitc_printf(e, " || v%d.i == %" PRId64, d, value);
  }
  emitc_raw(e, ");\n");
}

/* The table key of slot d (text or enum) as a C expression. */
static void emitc_key(int d, const emitc_slot *slot, char *out, size_t cap) {
  if (slot->type == SG_TEXT) snprintf(out, cap, "v%d.s", d);
  else snprintf(out, cap, "sg_fact_enum_value(r->rb, %" PRIu32 ", (size_t)v%d.i)", slot->efact, d);
}

/* The statements of the instruction at `at` (stack depth *depth, types in
 * `types`); updates both. Returns the instruction's size. */
static uint32_t emitc_instruction(emitc *e, uint32_t at, int *depth, emitc_slot *types,
                                  long contact_table) {
  const sg_rulebook *rb = e->rb;
  const uint8_t *ip = rb->code + at;
  const sg_opcode_info *info = &sgr_opcode_table[*ip];
  int64_t a = sg_operand(info->a, ip + 1), b = sg_operand(info->b, ip + 1 + info->b_at);
  int d = *depth, top = d - 1;
  emitc_printf(e, "  /* %" PRIu32 ": %s */\n", at, info->name);
  switch ((sg_opcode)*ip) {
  case SG_OP_RET:
    if (contact_table < 0) {
      emitc_printf(e, "  return v%d.k ? (v%d.i ? SG_TRUE : SG_FALSE) : SG_UNKNOWN;\n", top, top);
    } else {
      char key[96];
      emitc_key(top, &types[top], key, sizeof key);
      emitc_printf(e, "  if (!v%d.k) return -1;\n  { long entry = sg_table_lookup(r->ctx, %ld, %s);"
                      " return entry >= 0 ? entry : -1; }\n", top, contact_table, key);
    }
    break;
  case SG_OP_TRUE:
  case SG_OP_FALSE:
    emitc_printf(e, "  v%d.k = 1; v%d.i = %d;\n", d, d, *ip == SG_OP_TRUE);
    types[d] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  case SG_OP_INT:
  case SG_OP_DATE:
  case SG_OP_DATETIME:
  case SG_OP_COUNTRY:
    emitc_printf(e, "  v%d.k = 1; v%d.i = INT64_C(%" PRId64 ");\n", d, d, a);
    types[d].type = *ip == SG_OP_INT ? SG_INT : *ip == SG_OP_DATE ? SG_DATE
                  : *ip == SG_OP_DATETIME ? SG_DATETIME : SG_COUNTRY;
    types[d].efact = SG_NONE;
    break;
  case SG_OP_TEXT:
    emitc_printf(e, "  v%d.k = 1; v%d.s = ", d, d);
    emitc_cstring(e, rb_str(rb, (uint32_t)a));
    emitc_raw(e, ";\n");
    types[d] = (emitc_slot){SG_TEXT, SG_NONE};
    break;
  case SG_OP_ENUM:
    emitc_printf(e, "  v%d.k = 1; v%d.i = %" PRId64 ";\n", d, d, b);
    types[d] = (emitc_slot){SG_ENUM, (uint32_t)a};
    break;
  case SG_OP_FACT: {
    uint8_t type = rb->facts[a].type;
    emitc_printf(e, "  v%d = r->fact[%" PRId64 "];\n", d, a);
    types[d] = (emitc_slot){type, type == SG_ENUM ? (uint32_t)a : SG_NONE};
    break;
  }
  case SG_OP_PRED:
    emitc_printf(e, "  v%d.k = r->pred[%" PRId64 "] != SG_UNKNOWN; v%d.i = r->pred[%" PRId64
                    "] == SG_TRUE;\n", d, a, d, a);
    types[d] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  case SG_OP_NOW:
    emitc_printf(e, "  v%d.k = r->now_known; v%d.i = r->now;\n", d, d);
    types[d] = (emitc_slot){SG_DATETIME, SG_NONE};
    break;
  case SG_OP_TODAY:
    emitc_printf(e, "  v%d.k = r->now_known; v%d.i = %sfloor_div(r->now, 86400);\n", d, d,
                 e->prefix);
    types[d] = (emitc_slot){SG_DATE, SG_NONE};
    break;
  case SG_OP_ASOF:
    emitc_printf(e, "  v%d.k = r->asof_known; v%d.i = r->asof;\n", d, d);
    types[d] = (emitc_slot){SG_DATE, SG_NONE};
    break;
  case SG_OP_NOT:
    emitc_printf(e, "  v%d.i = !v%d.i;\n", top, top);
    break;
  case SG_OP_AND:
  case SG_OP_OR: {
    int x = d - 2, y = d - 1, decisive = *ip == SG_OP_OR;
    const char *neg = decisive ? "" : "!";
    emitc_printf(e, "  { int decided = (v%d.k && %sv%d.i) || (v%d.k && %sv%d.i);\n"
                    "    v%d.k = decided || (v%d.k && v%d.k); v%d.i = decided ? %d : %d; }\n",
                 x, neg, x, y, neg, y, x, x, y, x, decisive, !decisive);
    break;
  }
  case SG_OP_JFALSE:
  case SG_OP_JTRUE:
    emitc_printf(e, "  if (v%d.k && %sv%d.i) goto at%" PRId64 ";\n", top,
                 *ip == SG_OP_JFALSE ? "!" : "", top, (int64_t)at + info->size + a);
    break;
  case SG_OP_EQ: emitc_compare(e, d - 2, &types[d - 2], "=="); break;
  case SG_OP_NE: emitc_compare(e, d - 2, &types[d - 2], "!="); break;
  case SG_OP_LT: emitc_compare(e, d - 2, &types[d - 2], "<"); break;
  case SG_OP_LE: emitc_compare(e, d - 2, &types[d - 2], "<="); break;
  case SG_OP_GT: emitc_compare(e, d - 2, &types[d - 2], ">"); break;
  case SG_OP_GE: emitc_compare(e, d - 2, &types[d - 2], ">="); break;
  case SG_OP_INSET:
    emitc_inset(e, top, (uint32_t)a);
    types[top] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  case SG_OP_INTABLE: {
    char key[96];
    emitc_key(top, &types[top], key, sizeof key);
    emitc_printf(e, "  if (v%d.k) { long entry = sg_table_lookup(r->ctx, %" PRId64 ", %s); "
                    "v%d.k = entry != -2; v%d.i = entry >= 0; }\n", top, a, key, top, top);
    types[top] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  }
  case SG_OP_RANGE: {
    int x = d - 3, lo = d - 2, hi = d - 1;
    emitc_printf(e, "  v%d.i = v%d.k && v%d.k && v%d.k && v%d.i <= v%d.i && v%d.i <= v%d.i;\n"
                    "  v%d.k = v%d.k && v%d.k && v%d.k;\n",
                 x, x, lo, hi, lo, x, x, hi, x, x, lo, hi);
    types[x] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  }
  case SG_OP_KNOWN:
    emitc_printf(e, "  v%d.i = v%d.k; v%d.k = 1;\n", top, top, top);
    types[top] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  case SG_OP_ISTRUE:
    emitc_printf(e, "  v%d.i = v%d.k && v%d.i; v%d.k = 1;\n", top, top, top, top);
    break;
  case SG_OP_ATLEAST: {
    const sg_group_rec *group = &rb->groups[a];
    emitc_raw(e, "  { unsigned yes = 0, maybe = 0;\n");
    for (uint32_t k = 0; k < group->members.count; k++) {
      uint32_t p = rb->pool[group->members.first + k];
      emitc_printf(e, "    yes += r->pred[%" PRIu32 "] == SG_TRUE; maybe += r->pred[%" PRIu32
                      "] == SG_UNKNOWN;\n", p, p);
    }
    emitc_printf(e, "    v%d.k = yes >= %" PRId64 "u || yes + maybe < %" PRId64 "u; v%d.i = yes >= %"
                    PRId64 "u; (void)maybe; }\n", d, b, b, d, b);
    types[d] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  }
  case SG_OP_WEEKDAY:
    if (types[top].type == SG_DATE)
      emitc_printf(e, "  v%d.i = %sfloor_mod(v%d.i + 3, 7) + 1;\n", top, e->prefix, top);
    else
      emitc_printf(e, "  v%d.i = %sfloor_mod(%sfloor_div(v%d.i, 86400) + 3, 7) + 1;\n", top,
                   e->prefix, e->prefix, top);
    types[top] = (emitc_slot){SG_INT, SG_NONE};
    break;
  case SG_OP_HOUR:
    emitc_printf(e, "  v%d.i = %sfloor_mod(v%d.i, 86400) / 3600;\n", top, e->prefix, top);
    types[top] = (emitc_slot){SG_INT, SG_NONE};
    break;
  case SG_OP_DATEOF:
    emitc_printf(e, "  v%d.i = %sfloor_div(v%d.i, 86400);\n", top, e->prefix, top);
    types[top] = (emitc_slot){SG_DATE, SG_NONE};
    break;
  case SG_OP_WITHIN:
    emitc_printf(e, "  v%d.i = v%d.k && sg_context_within(r->ctx, %" PRId64 ", v%d.i);\n", top,
                 top, a, top);
    types[top] = (emitc_slot){SG_BOOL, SG_NONE};
    break;
  case SG_OP__COUNT:
    break;
  }
  *depth = d - info->pops + info->pushes;
  return (uint32_t)info->size;
}

/* The C function `name` for block `block`: returns an sg_truth, or for a
 * contact key (contact_table >= 0) the table entry or -1. */
static sg_status emitc_block(emitc *e, const char *name, sg_block block, long contact_table) {
  const sg_rulebook *rb = e->rb;
  uint8_t *target = mem_alloc(rb->alloc, rb->ud, block.length);
  emitc_slot *types = mem_alloc(rb->alloc, rb->ud, (rb->max_stack + 1) * sizeof *types);
  if (!target || !types) {
    mem_free(rb->alloc, rb->ud, target, block.length);
    mem_free(rb->alloc, rb->ud, types, (rb->max_stack + 1) * sizeof *types);
    return SG_ERR_NOMEM;
  }
  memset(target, 0, block.length);
  int depth = 0, deepest = 1;
  for (uint32_t at = block.offset; at < block.offset + block.length;) {
    const sg_opcode_info *info = &sgr_opcode_table[rb->code[at]];
    if (info->a == SG_OPND_JUMP) {
      int64_t to = (int64_t)at + info->size + sg_operand(info->a, rb->code + at + 1);
      target[to - block.offset] = 1;
    }
    depth = depth - info->pops + info->pushes;
    if (depth > deepest) deepest = depth;
    at += (uint32_t)info->size;
  }
  emitc_printf(e, "static %s %s(%srun *r) {\n  %sv", contact_table < 0 ? "sg_truth" : "long",
               name, e->prefix, e->prefix);
  for (int k = 0; k < deepest; k++) emitc_printf(e, "%s v%d = {0, 0, 0}", k ? "," : "", k);
  emitc_raw(e, ";\n");
  depth = 0;
  for (uint32_t at = block.offset; at < block.offset + block.length;) {
    if (target[at - block.offset]) emitc_printf(e, "at%" PRIu32 ":;\n", at);
    at += emitc_instruction(e, at, &depth, types, contact_table);
  }
  emitc_raw(e, "}\n\n");
  mem_free(rb->alloc, rb->ud, target, block.length);
  mem_free(rb->alloc, rb->ud, types, (rb->max_stack + 1) * sizeof *types);
  return SG_OK;
}

/* ---- The file -------------------------------------------------------------- */

static void emitc_prelude(emitc *e) {
  const sg_rulebook *rb = e->rb;
  const char *p = e->prefix;
  emitc_raw(e, "/* Generated by signaal compile --emit-c (sg_emit_c) from the verified image of\n"
               " * \"");
  for (const char *s = rb->meta.title; *s; s++)
    if (!(*s == '*' && s[1] == '/') && *s != '\n') e->write(e->ud, s, 1);
  emitc_raw(e, "\". Do not edit: compile the rulebook again.\n"
               " * Each function is one code block of the image, read instruction by\n"
               " * instruction; vN is stack slot N. docs/api.md, \"Ahead-of-time code\". */\n"
               "#include <stdint.h>\n#include <string.h>\n\n#include \"signaal.h\"\n\n");
  emitc_printf(e, "const unsigned char %sbytecode_sha256[32] = {", p);
  const uint8_t *hash = sg_rulebook_bytecode_hash(rb);  /* computed on first request */
  for (int k = 0; k < 32; k++) emitc_printf(e, "%s0x%02x", k ? ", " : "", hash[k]);
  emitc_raw(e, "};\n\n");
  emitc_printf(e, "int %seval(sg_context *ctx, sg_truth *preds, sg_truth *rules, sg_truth *parts,\n"
                  "    long *contacts);\n\n", p);
  emitc_printf(e, "typedef struct { int k; int64_t i; const char *s; } %sv;\n", p);
  /* the facts are read once per evaluation: they cannot change during one */
  emitc_printf(e, "typedef struct {\n  sg_context *ctx;\n  const sg_rulebook *rb;\n"
                  "  const sg_truth *pred;\n  int now_known, asof_known;\n  int64_t now, asof;\n"
                  "  %sv fact[%" PRIu32 "];\n} %srun;\n\n", p, rb->nfacts ? rb->nfacts : 1, p);
  /* helpers a rulebook's code may not use: no unused-function warning */
  emitc_raw(e, "#if defined(__GNUC__) || defined(__clang__)\n"
               "#define SGX_MAYBE_UNUSED __attribute__((unused))\n#else\n"
               "#define SGX_MAYBE_UNUSED\n#endif\n");
  emitc_printf(e, "static inline SGX_MAYBE_UNUSED int64_t %sfloor_div(int64_t a, int64_t b) {\n"
                  "  int64_t q = a / b;\n  return (a %% b != 0 && a < 0) ? q - 1 : q;\n}\n", p);
  emitc_printf(e, "static inline SGX_MAYBE_UNUSED int64_t %sfloor_mod(int64_t a, int64_t b) {\n"
                  "  int64_t m = a %% b;\n  return m < 0 ? m + b : m;\n}\n\n", p);
}

/* The function names of the blocks. */
static void emitc_name(char *out, size_t cap, const char *prefix, const char *what, uint32_t i,
                       long action) {
  if (action < 0) snprintf(out, cap, "%s%s%" PRIu32, prefix, what, i);
  else snprintf(out, cap, "%s%s%" PRIu32 "_%ld", prefix, what, i, action);
}

static sg_status emitc_blocks(emitc *e) {
  const sg_rulebook *rb = e->rb;
  char name[96];
  sg_status st = SG_OK;
  for (uint32_t j = 0; j < rb->npreds && st == SG_OK; j++) {
    emitc_printf(e, "/* predicate %" PRIu32 " %s */\n", j, rb->preds[j].name);
    emitc_source_comment(e, (sg_code_ref){SG_CODE_PRED, j, 0});
    emitc_name(name, sizeof name, e->prefix, "pred", j, -1);
    st = emitc_block(e, name, rb->preds[j].code, -1);
  }
  for (uint32_t r = 0; r < rb->nrules && st == SG_OK; r++) {
    const sg_rule_rec *rule = &rb->rules[r];
    emitc_printf(e, "/* rule %" PRIu32 " %s */\n", r, rule->name);
    emitc_source_comment(e, (sg_code_ref){SG_CODE_RULE_WHEN, r, 0});
    emitc_name(name, sizeof name, e->prefix, "when", r, -1);
    st = emitc_block(e, name, rule->when, -1);
    if (st == SG_OK && rule->unless.length) {
      emitc_source_comment(e, (sg_code_ref){SG_CODE_RULE_UNLESS, r, 0});
      emitc_name(name, sizeof name, e->prefix, "unless", r, -1);
      st = emitc_block(e, name, rule->unless, -1);
    }
    for (uint32_t k = 0; k < rule->actions.count && st == SG_OK; k++) {
      const sg_action_rec *a = &rb->actions[rb->pool[rule->actions.first + k]];
      if (a->kind != SG_CONTACT || !a->key.length) continue;
      emitc_source_comment(e, (sg_code_ref){SG_CODE_ACTION_KEY, r, k});
      emitc_name(name, sizeof name, e->prefix, "key", r, (long)k);
      st = emitc_block(e, name, a->key, (long)a->table);
    }
  }
  return st;
}

/* The entry point: sg_eval's order, outcomes into the caller's arrays. */
static void emitc_entry(emitc *e) {
  const sg_rulebook *rb = e->rb;
  const char *p = e->prefix;
  emitc_printf(e, "static inline SGX_MAYBE_UNUSED sg_truth %sfires(sg_truth when, sg_truth unless) {\n"
                  "  if (when == SG_FALSE || unless == SG_TRUE) return SG_FALSE;\n"
                  "  if (when == SG_TRUE && unless == SG_FALSE) return SG_TRUE;\n"
                  "  return SG_UNKNOWN;\n}\n\n", p);
  emitc_printf(e, "int %seval(sg_context *ctx, sg_truth *preds, sg_truth *rules, sg_truth *parts,\n"
                  "    long *contacts) {\n", p);
  emitc_printf(e, "  const sg_rulebook *rb = sg_context_rulebook(ctx);\n"
                  "  if (!rb || memcmp(sg_rulebook_bytecode_hash(rb), %sbytecode_sha256, 32) != 0)\n"
                  "    return SG_ERR_FORMAT;\n"
                  "  if (!preds || !rules) return SG_ERR_RANGE;\n", p);
  emitc_printf(e, "  %srun run, *r = &run;\n", p);
  emitc_raw(e, "  run.ctx = ctx; run.rb = rb; run.pred = preds; run.now = 0;\n"
                  "  run.now_known = sg_now(ctx, &run.now);\n"
                  "  { int32_t days = 0; run.asof_known = sg_asof(ctx, &days); run.asof = days; }\n"
                  "  sg_truth when, unless, fires;\n  (void)fires; (void)parts; (void)contacts;\n");
  for (uint32_t f = 0; f < rb->nfacts; f++) {
    if (rb->facts[f].type == SG_TEXT)
      emitc_printf(e, "  run.fact[%" PRIu32 "].i = 0; run.fact[%" PRIu32 "].s = sg_fact_text(ctx, %"
                      PRIu32 "); run.fact[%" PRIu32 "].k = run.fact[%" PRIu32 "].s != NULL;\n",
                   f, f, f, f, f);
    else
      emitc_printf(e, "  run.fact[%" PRIu32 "].i = 0; run.fact[%" PRIu32 "].s = NULL; run.fact[%"
                      PRIu32 "].k = sg_fact_number(ctx, %" PRIu32 ", &run.fact[%" PRIu32 "].i);\n",
                   f, f, f, f, f);
  }
  for (uint32_t j = 0; j < rb->npreds; j++)
    emitc_printf(e, "  preds[%" PRIu32 "] = %spred%" PRIu32 "(r);\n", j, p, j);
  uint32_t slot = 0;
  for (uint32_t r = 0; r < rb->nrules; r++) {
    const sg_rule_rec *rule = &rb->rules[r];
    emitc_printf(e, "  when = %swhen%" PRIu32 "(r);\n", p, r);
    if (rule->unless.length) emitc_printf(e, "  unless = %sunless%" PRIu32 "(r);\n", p, r);
    else emitc_raw(e, "  unless = SG_FALSE;\n");
    emitc_printf(e, "  rules[%" PRIu32 "] = fires = %sfires(when, unless);\n", r, p);
    emitc_printf(e, "  if (parts) { parts[%" PRIu32 "] = when; parts[%" PRIu32 "] = unless; }\n",
                 2 * r, 2 * r + 1);
    for (uint32_t k = 0; k < rule->actions.count; k++, slot++) {
      const sg_action_rec *a = &rb->actions[rb->pool[rule->actions.first + k]];
      if (a->kind == SG_CONTACT && a->key.length)
        emitc_printf(e, "  if (contacts) contacts[%" PRIu32 "] = fires == SG_TRUE ? %skey%" PRIu32
                        "_%" PRIu32 "(r) : -1;\n", slot, p, r, k);
      else
        emitc_printf(e, "  if (contacts) contacts[%" PRIu32 "] = -1;\n", slot);
    }
  }
  emitc_raw(e, "  (void)when; (void)unless;\n  return SG_OK;\n}\n");
}

/* A prefix is a C identifier of at most 32 bytes. */
static int emitc_prefix_ok(const char *p) {
  size_t n = strlen(p);
  if (n == 0 || n > 32 || (p[0] >= '0' && p[0] <= '9')) return 0;
  for (; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '_'))
      return 0;
  return 1;
}

sg_status sg_emit_c(const sg_rulebook *rb, const char *prefix, sg_write_fn write,
                    void *userdata) {
  if (!rb || !write) return SG_ERR_RANGE;
  if (!prefix) prefix = "sgx_";
  if (!emitc_prefix_ok(prefix)) return SG_ERR_RANGE;
  emitc e = {rb, prefix, write, userdata};
  emitc_prelude(&e);
  sg_status st = emitc_blocks(&e);
  if (st == SG_OK) emitc_entry(&e);
  return st;
}
