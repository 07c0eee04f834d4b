/* gen.c — code generation: turns the checked syntax tree into the bytecode
 * image of docs/bytecode.md (sections, string table, pool, code, line
 * table), deterministically: strings are numbered in first-use order and
 * nothing depends on addresses, time or the machine.
 */
#include "compiler.h"
#include "format.h"
#include "signaal.h"
#include "util.h"

#include <string.h>

typedef struct {
  uint8_t *data;
  size_t len, cap;
} gen_buf;

typedef struct {
  sgc_compiler *c;
  gen_buf sec[SG_SEC_COUNT + 1];   /* record bytes of each section (no count) */
  uint32_t counts[SG_SEC_COUNT + 1];
  /* strings: blob and (offset, length) pairs, interned by hash */
  gen_buf blob, index;
  uint32_t *hash_slots; size_t hash_cap; uint32_t nstrings;
  gen_buf pool; uint32_t npool;
  ast_loc last_line; int have_line;
} gen_state;

/* ---- buffers ---------------------------------------------------------- */

static void buf_reserve(gen_state *g, gen_buf *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more) cap *= 2;
  uint8_t *n = sgc_alloc(g->c, cap);
  if (b->len) memcpy(n, b->data, b->len);
  b->data = n;
  b->cap = cap;
}

static void put8(gen_state *g, gen_buf *b, uint8_t v) {
  buf_reserve(g, b, 1);
  b->data[b->len++] = v;
}
static void put32(gen_state *g, gen_buf *b, uint32_t v) {
  buf_reserve(g, b, 4);
  sg_wr32(b->data + b->len, v);
  b->len += 4;
}
static void put_bytes(gen_state *g, gen_buf *b, const void *p, size_t n) {
  buf_reserve(g, b, n);
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
}

/* ---- strings and pool ------------------------------------------------- */


static const char *str_at(gen_state *g, uint32_t i) {
  return (const char *)g->blob.data + sg_rd32(g->index.data + 8 * i);
}

static void str_rehash(gen_state *g) {
  size_t cap = g->hash_cap ? g->hash_cap * 2 : 256;
  uint32_t *slots = sgc_alloc(g->c, cap * sizeof *slots);
  memset(slots, 0xFF, cap * sizeof *slots);
  for (uint32_t i = 0; i < g->nstrings; i++) {
    size_t k = sgr_hash(str_at(g, i)) & (cap - 1);
    while (slots[k] != SG_NONE) k = (k + 1) & (cap - 1);
    slots[k] = i;
  }
  g->hash_slots = slots;
  g->hash_cap = cap;
}

/* Index of string s in STRINGS, adding it on first use. NULL is "". */
static uint32_t str(gen_state *g, const char *s) {
  if (!s) s = "";
  if ((g->nstrings + 1) * 2 > g->hash_cap) str_rehash(g);
  size_t k = sgr_hash(s) & (g->hash_cap - 1);
  for (; g->hash_slots[k] != SG_NONE; k = (k + 1) & (g->hash_cap - 1))
    if (strcmp(str_at(g, g->hash_slots[k]), s) == 0) return g->hash_slots[k];
  size_t len = strlen(s);
  put32(g, &g->index, (uint32_t)g->blob.len);
  put32(g, &g->index, (uint32_t)len);
  put_bytes(g, &g->blob, s, len + 1);
  g->hash_slots[k] = g->nstrings;
  return g->nstrings++;
}

static uint32_t pool_add(gen_state *g, uint32_t v) {
  put32(g, &g->pool, v);
  return g->npool++;
}

#define OUT(g, id) (&(g)->sec[(id)])

/* Append a record to section `id`, encoded from one value per field as
 * records.def lays it out (see SG_F); returns the record's index. */
static uint32_t put_record(gen_state *g, int id, const uint64_t *values) {
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  uint8_t bytes[64];
  sgr_record_encode(id, values, bytes);
  put_bytes(g, OUT(g, id), bytes, size);
  return g->counts[id]++;
}

/* ---- code -------------------------------------------------------------- */

static size_t code_pos(gen_state *g) {
  return OUT(g, SG_SEC_CODE)->len;
}

static void line_mark(gen_state *g, ast_loc loc) {
  if (g->have_line && g->last_line.file == loc.file && g->last_line.line == loc.line &&
      g->last_line.column == loc.column)
    return;
  gen_buf *lines = OUT(g, SG_SEC_LINES);
  size_t pos = code_pos(g);
  if (g->counts[SG_SEC_LINES] &&
      sg_rd32(lines->data + lines->len - SG_RECSIZE_LINES + sgr_fields[SG_FLD_LINES_offset].offset) == pos) {
    lines->len -= SG_RECSIZE_LINES; /* the same instruction: keep the innermost position */
    g->counts[SG_SEC_LINES]--;
  }
  uint64_t v[SG_NFIELDS(LINES)];
  v[SG_F(LINES, offset)] = pos;
  v[SG_F(LINES, file)] = (uint32_t)loc.file;
  v[SG_F(LINES, line)] = (uint32_t)loc.line;
  v[SG_F(LINES, column)] = (uint32_t)loc.column;
  put_record(g, SG_SEC_LINES, v);
  g->last_line = loc;
  g->have_line = 1;
}

/* Emit instruction `o` with operands `a` and `b`, each written as its kind
 * in opcodes.def says (kinds the opcode lacks are ignored); returns the code
 * offset of operand A, where a jump's distance is patched. An index that
 * does not fit its operand is an error at `loc`. */
static size_t emit(gen_state *g, sg_opcode o, ast_loc loc, int64_t a, int64_t b) {
  const sg_opcode_info *info = &sgr_opcode_table[o];
  const int64_t value[2] = {a, b};
  const sg_operand_kind kind[2] = {info->a, info->b};
  for (int k = 0; k < 2; k++)
    if (sgr_operand_table[kind[k]].bytes == 2 && (value[k] < 0 || value[k] > 0xFFFF)) {
      if (kind[k] == SG_OPND_JUMP)
        diag_error(g->c, loc, "this condition compiles to more than 65,535 bytes of code: "
                   "split it into named conditions");
      else
        diag_error(g->c, loc, "too many declarations for one instruction (index %lld; an "
                   "instruction names at most 65,536 of each kind)", (long long)value[k]);
    }
  line_mark(g, loc);
  gen_buf *code = OUT(g, SG_SEC_CODE);
  put8(g, code, (uint8_t)o);
  size_t at = code->len;
  uint8_t bytes[16];
  int n = sg_operand_write(kind[0], bytes, a);
  n += sg_operand_write(kind[1], bytes + n, b);
  put_bytes(g, code, bytes, (size_t)n);
  return at;
}

static void gen_expr(gen_state *g, const ast_expr *e);

/* a; JFALSE/JTRUE L; b; AND/OR; L: — the jump keeps a on the stack. */
static void gen_logic(gen_state *g, const ast_expr *e, sg_opcode jump, sg_opcode combine) {
  gen_expr(g, e->a);
  size_t patch = emit(g, jump, e->loc, 0, 0), from = code_pos(g);
  gen_expr(g, e->b);
  emit(g, combine, e->loc, 0, 0);
  size_t distance = code_pos(g) - from;
  if (distance > 0xFFFF) diag_error(g->c, e->loc, "this condition is too long to compile");
  sg_wr16(OUT(g, SG_SEC_CODE)->data + patch, (uint16_t)distance);
}

/* Point the forward jump at `patch` (its operand), taken from `from`, here. */
static void gen_land(gen_state *g, size_t patch, size_t from, ast_loc loc) {
  size_t distance = code_pos(g) - from;
  if (distance > 0xFFFF) diag_error(g->c, loc, "this condition is too long to compile");
  sg_wr16(OUT(g, SG_SEC_CODE)->data + patch, (uint16_t)distance);
}

/* A dated declaration holds only on decision dates in its period: its code
 * starts with "ASOF >= from and ASOF < until" (the bounds it has), then
 * JFALSE over the rest, which gen_period_close joins with AND. Unknown
 * while the decision date is; VALIDITY records the same period for
 * readers. *patch is 0 for an undated one (nothing emitted). */
static void gen_period_open(gen_state *g, const ast_period *p, ast_loc loc, size_t *patch,
                            size_t *from) {
  *patch = 0;
  if (p == NULL) return;
  int starts = p->from != AST_SINCE_ALWAYS, ends = p->until != AST_FOR_GOOD;
  size_t inner = 0, inner_from = 0;
  if (starts) {
    emit(g, SG_OP_ASOF, loc, 0, 0);
    emit(g, SG_OP_DATE, loc, p->from, 0);
    emit(g, SG_OP_GE, loc, 0, 0);
  }
  if (starts && ends) inner = emit(g, SG_OP_JFALSE, loc, 0, 0), inner_from = code_pos(g);
  if (ends) {
    emit(g, SG_OP_ASOF, loc, 0, 0);
    emit(g, SG_OP_DATE, loc, p->until, 0);
    emit(g, SG_OP_LT, loc, 0, 0);
  }
  if (starts && ends) {
    emit(g, SG_OP_AND, loc, 0, 0);
    gen_land(g, inner, inner_from, loc);
  }
  *patch = emit(g, SG_OP_JFALSE, loc, 0, 0);
  *from = code_pos(g);
}

static void gen_period_close(gen_state *g, ast_loc loc, size_t patch, size_t from) {
  if (patch == 0) return;
  emit(g, SG_OP_AND, loc, 0, 0);
  gen_land(g, patch, from, loc);
}

static void gen_expr(gen_state *g, const ast_expr *e) {
  switch (e->kind) {
  case EX_BOOL: emit(g, e->number ? SG_OP_TRUE : SG_OP_FALSE, e->loc, 0, 0); break;
  case EX_INT: emit(g, SG_OP_INT, e->loc, (int32_t)e->number, 0); break;
  case EX_TEXT: /* a text, or a country's code where the checker wanted a country */
    if (e->type.kind == TY_COUNTRY) emit(g, SG_OP_COUNTRY, e->loc, e->index, 0);
    else emit(g, SG_OP_TEXT, e->loc, str(g, e->text), 0);
    break;
  case EX_DATE: emit(g, SG_OP_DATE, e->loc, (int32_t)e->number, 0); break;
  case EX_DATETIME: emit(g, SG_OP_DATETIME, e->loc, e->number, 0); break;
  case EX_NOW: emit(g, SG_OP_NOW, e->loc, 0, 0); break;
  case EX_TODAY: emit(g, SG_OP_TODAY, e->loc, 0, 0); break;
  case EX_NAME:
    if (e->ref == REF_FACT) emit(g, SG_OP_FACT, e->loc, e->index, 0);
    else if (e->ref == REF_PRED) emit(g, SG_OP_PRED, e->loc, e->index, 0);
    else emit(g, SG_OP_ENUM, e->loc, e->enum_fact, e->index);
    break;
  case EX_NOT: gen_expr(g, e->a); emit(g, SG_OP_NOT, e->loc, 0, 0); break;
  case EX_ESTABLISHED: gen_expr(g, e->a); emit(g, SG_OP_ISTRUE, e->loc, 0, 0); break;
  case EX_AND: gen_logic(g, e, SG_OP_JFALSE, SG_OP_AND); break;
  case EX_OR: gen_logic(g, e, SG_OP_JTRUE, SG_OP_OR); break;
  case EX_COMPARE: {
    static const sg_opcode ops[] = { SG_OP_EQ, SG_OP_NE, SG_OP_LT, SG_OP_LE, SG_OP_GT, SG_OP_GE };
    gen_expr(g, e->a);
    gen_expr(g, e->b);
    emit(g, ops[e->op], e->loc, 0, 0);
    break;
  }
  case EX_IN:
    gen_expr(g, e->a);
    if (e->b->kind == EX_RANGE) {
      gen_expr(g, e->b->a);
      gen_expr(g, e->b->b);
      emit(g, SG_OP_RANGE, e->loc, 0, 0);
    } else {
      emit(g, e->b->ref == REF_TABLE ? SG_OP_INTABLE : SG_OP_INSET, e->loc, e->b->index, 0);
    }
    if (e->op == NEG_NOT) emit(g, SG_OP_NOT, e->loc, 0, 0);
    break;
  case EX_KNOWN:
    gen_expr(g, e->a);
    emit(g, SG_OP_KNOWN, e->loc, 0, 0);
    if (e->op == NEG_NOT) emit(g, SG_OP_NOT, e->loc, 0, 0);
    break;
  case EX_WITHIN: { /* a dated window: only in its period */
    size_t patch, from;
    gen_period_open(g, g->c->tables.windows.items[e->index]->period, e->loc, &patch, &from);
    gen_expr(g, e->a);
    emit(g, SG_OP_WITHIN, e->loc, e->index, 0);
    gen_period_close(g, e->loc, patch, from);
    if (e->op == NEG_NOT) emit(g, SG_OP_NOT, e->loc, 0, 0);
    break;
  }
  case EX_COUNT:
    if (e->number > 0xFFFF)
      diag_error(g->c, e->loc, "'at least %lld of': the count can be at most 65535",
                 (long long)e->number);
    emit(g, SG_OP_ATLEAST, e->loc, e->index, e->number > 0xFFFF ? 0 : e->number);
    break;
  case EX_CALL:
    gen_expr(g, e->a);
    emit(g, (sg_opcode)builtin_fns[e->op].opcode, e->loc, 0, 0);
    break;
  case EX_SET:
  case EX_RANGE: break; /* only under EX_IN, handled there */
  }
}

/* Emit one block ending in RET; returns its code range (offset, length),
 * or (0, 0) for no expression. */
static uint64_t gen_block(gen_state *g, const ast_expr *e) {
  if (!e) return sg_pair(0, 0);
  size_t start = code_pos(g);
  gen_expr(g, e);
  emit(g, SG_OP_RET, e->loc, 0, 0);
  return sg_pair((uint32_t)start, (uint32_t)(code_pos(g) - start));
}

/* The `when` of a rule or predicate: in its period (if dated), and e. */
static uint64_t gen_when(gen_state *g, const ast_decl *d) {
  const ast_expr *e = d->when->expr;
  size_t start = code_pos(g), patch, from;
  gen_period_open(g, d->period, d->period ? d->period->loc : e->loc, &patch, &from);
  gen_expr(g, e);
  gen_period_close(g, e->loc, patch, from);
  emit(g, SG_OP_RET, e->loc, 0, 0);
  return sg_pair((uint32_t)start, (uint32_t)(code_pos(g) - start));
}

/* A pool range (first, count); `first` is 0 for an empty range. */
static uint64_t pool_range(uint32_t first, uint32_t count) {
  return sg_pair(count ? first : 0, count);
}

/* ---- sections ---------------------------------------------------------- */

static const char *clause_text(const ast_decl *d, ast_clause_kind kind) {
  for (const ast_clause *cl = d->clauses; cl; cl = cl->next)
    if (cl->kind == kind) return cl->text;
  return NULL;
}

static void gen_meta(gen_state *g) {
  sgc_compiler *c = g->c;
  uint64_t v[SG_NFIELDS(META)];
  int32_t effective = 0;
  for (const ast_clause *cl = c->header->clauses; cl; cl = cl->next)
    if (cl->kind == CL_EFFECTIVE) effective = (int32_t)cl->number;
  v[SG_F(META, title)] = str(g, c->header->text);
  v[SG_F(META, version)] = str(g, clause_text(c->header, CL_VERSION));
  v[SG_F(META, effective)] = (uint32_t)effective;
  v[SG_F(META, source)] = str(g, clause_text(c->header, CL_SOURCE));
  v[SG_F(META, compiler)] = str(g, "signaal " SG_VERSION);
  uint32_t reading = SG_NONE;
  for (const ast_clause *cl = c->header->clauses; cl; cl = cl->next)
    if (cl->kind == CL_REFERENCES) reading = (uint32_t)cl->number;
  v[SG_F(META, reading)] = reading;
  v[SG_F(META, files)] = (uint32_t)c->files.count;
  put_record(g, SG_SEC_META, v);
  for (size_t i = 0; i < c->files.count; i++)
    put32(g, OUT(g, SG_SEC_META), str(g, c->files.items[i].stored));
}

static void gen_facts(gen_state *g) {
  decl_tables *t = &g->c->tables;
  for (size_t i = 0; i < t->facts.count; i++) {
    const ast_decl *d = t->facts.items[i];
    uint64_t v[SG_NFIELDS(FACTS)];
    v[SG_F(FACTS, name)] = str(g, d->name);
    v[SG_F(FACTS, question)] = str(g, d->ask ? d->ask->text : NULL);
    v[SG_F(FACTS, type)] = (uint8_t)d->fact_type;
    v[SG_F(FACTS, flags)] =
        (d->is_protected ? SG_FACT_PROTECTED : 0) | (d->is_optional ? SG_FACT_OPTIONAL : 0);
    v[SG_F(FACTS, reserved)] = 0;
    uint32_t first = g->npool, n = 0;
    for (const ast_item *e = d->enum_values; e; e = e->next, n++) pool_add(g, str(g, e->key));
    v[SG_F(FACTS, values)] = pool_range(first, n);
    put_record(g, SG_SEC_FACTS, v);
  }
}

static void gen_sets(gen_state *g) {
  decl_tables *t = &g->c->tables;
  for (size_t i = 0; i < t->sets.count; i++) {
    const ast_decl *d = t->sets.items[i];
    int kind = d->set_type.kind == TY_ENUMNAME ? TY_TEXT : d->set_type.kind;
    uint64_t v[SG_NFIELDS(SETS)];
    v[SG_F(SETS, name)] = str(g, d->name);
    v[SG_F(SETS, elem_type)] = (uint8_t)kind;
    v[SG_F(SETS, reserved)] = 0;
    v[SG_F(SETS, enum_fact)] = kind == TY_ENUM ? (uint32_t)d->set_type.enum_fact : SG_NONE;
    uint32_t first = g->npool, n = 0;
    for (const ast_item *it = d->items; it; it = it->next, n++) {
      const ast_expr *e = it->value;
      if (kind == TY_INT) pool_add(g, (uint32_t)(int32_t)e->number);
      else if (kind == TY_ENUM || kind == TY_COUNTRY) pool_add(g, (uint32_t)e->index);
      else pool_add(g, str(g, e->kind == EX_TEXT ? e->text : e->name));
    }
    v[SG_F(SETS, elements)] = pool_range(first, n);
    put_record(g, SG_SEC_SETS, v);
  }
}

/* The position of `loc` as the API gives it (sgc_position). */
static void position_of(const sgc_compiler *c, ast_loc loc, sgc_position *at) {
  at->file = c->files.items[loc.file].stored;
  at->path = c->files.items[loc.file].name;
  at->line = loc.line;
  at->column = loc.column;
}

/* The HOURS of table `t`'s entries that have a window, and the CHECKED of
 * those that say when they were last checked, in entry order: tables are
 * written in order, so the records go by (table, entry). Records where
 * each entry and its `checked` are written (c->entry_keys, entry_checked). */
static void gen_entry_records(gen_state *g, const ast_decl *d, uint32_t t) {
  uint32_t n = 0;
  *VEC_PUSH(g->c, g->c->table_first) = g->c->entry_keys.count;
  for (const ast_item *e = d->items; e; e = e->next, n++) {
    position_of(g->c, e->loc, VEC_PUSH(g->c, g->c->entry_keys));
    sgc_position *checked_at = VEC_PUSH(g->c, g->c->entry_checked);
    if (e->has_checked) position_of(g->c, e->checked_loc, checked_at);
    if (e->window >= 0) {
      uint64_t v[SG_NFIELDS(HOURS)];
      v[SG_F(HOURS, table)] = t;
      v[SG_F(HOURS, entry)] = n;
      v[SG_F(HOURS, window)] = (uint32_t)e->window;
      put_record(g, SG_SEC_HOURS, v);
    }
    if (e->has_checked) {
      uint64_t v[SG_NFIELDS(CHECKED)];
      v[SG_F(CHECKED, table)] = t;
      v[SG_F(CHECKED, entry)] = n;
      v[SG_F(CHECKED, date)] = (uint32_t)e->checked;
      put_record(g, SG_SEC_CHECKED, v);
    }
  }
}

static void gen_tables(gen_state *g) {
  decl_tables *t = &g->c->tables;
  for (size_t i = 0; i < t->tables.count; i++) {
    const ast_decl *d = t->tables.items[i];
    uint64_t v[SG_NFIELDS(TABLES)];
    v[SG_F(TABLES, name)] = str(g, d->name);
    uint32_t fields = g->npool;
    for (int f = 0; f < d->field_count; f++) pool_add(g, str(g, d->fields[f]));
    v[SG_F(TABLES, fields)] = sg_pair(fields, (uint32_t)d->field_count);
    uint32_t entries = g->npool, n = 0;
    for (const ast_item *e = d->items; e; e = e->next, n++) {
      pool_add(g, str(g, e->key));
      for (int f = 0; f < d->field_count; f++) {
        const char *value = NULL;
        if (!e->fields) value = e->value->text;
        for (const ast_item *fi = e->fields; fi; fi = fi->next)
          if (strcmp(fi->key, d->fields[f]) == 0) value = fi->value->text;
        pool_add(g, str(g, value));
      }
    }
    v[SG_F(TABLES, entries)] = sg_pair(n, n ? entries : 0);
    put_record(g, SG_SEC_TABLES, v);
    gen_entry_records(g, d, (uint32_t)i);
  }
}

static void gen_windows(gen_state *g) {
  decl_tables *t = &g->c->tables;
  for (size_t i = 0; i < t->windows.count; i++) {
    const ast_decl *d = t->windows.items[i];
    uint64_t v[SG_NFIELDS(WINDOWS)];
    v[SG_F(WINDOWS, name)] = str(g, d->name);
    v[SG_F(WINDOWS, days)] = (uint8_t)d->day_mask;
    v[SG_F(WINDOWS, flags)] = (d->except_holidays ? SG_WINDOW_EXCEPT_HOLIDAYS : 0u) |
                              (d->except_good_friday ? SG_WINDOW_EXCEPT_GOOD_FRIDAY : 0u);
    v[SG_F(WINDOWS, start)] = (uint16_t)d->start_minute;
    v[SG_F(WINDOWS, end)] = (uint16_t)d->end_minute;
    v[SG_F(WINDOWS, reserved2)] = 0;
    put_record(g, SG_SEC_WINDOWS, v);
  }
}

static void gen_groups(gen_state *g) {
  decl_tables *t = &g->c->tables;
  for (size_t i = 0; i < t->groups.count; i++) {
    const ast_decl *d = t->groups.items[i];
    uint64_t v[SG_NFIELDS(GROUPS)];
    v[SG_F(GROUPS, name)] = str(g, d->name);
    v[SG_F(GROUPS, label)] = str(g, d->label ? d->label->text : NULL);
    uint32_t first = g->npool;
    for (size_t m = 0; m < d->member_count; m++) pool_add(g, (uint32_t)d->members[m]->index);
    v[SG_F(GROUPS, members)] = pool_range(first, (uint32_t)d->member_count);
    put_record(g, SG_SEC_GROUPS, v);
  }
}

static void gen_justify(gen_state *g, const ast_decl *d, sg_owner_kind owner_kind, uint32_t owner) {
  for (const ast_clause *cl = d->clauses; cl; cl = cl->next) {
    if (cl->kind != CL_JUSTIFY) continue;
    uint64_t v[SG_NFIELDS(JUSTIFY)];
    v[SG_F(JUSTIFY, owner_kind)] = owner_kind;
    v[SG_F(JUSTIFY, reserved)] = 0;
    v[SG_F(JUSTIFY, owner)] = owner;
    v[SG_F(JUSTIFY, fact)] = (uint32_t)cl->number;
    v[SG_F(JUSTIFY, text)] = str(g, cl->text);
    put_record(g, SG_SEC_JUSTIFY, v);
  }
}

static void gen_preds(gen_state *g) {
  sgc_compiler *c = g->c;
  for (size_t i = 0; i < c->pred_order.count; i++) {
    const ast_decl *d = c->pred_order.items[i];
    uint64_t v[SG_NFIELDS(PREDS)];
    v[SG_F(PREDS, name)] = str(g, d->name);
    v[SG_F(PREDS, label)] = str(g, d->label ? d->label->text : NULL);
    v[SG_F(PREDS, kind)] = d->kind == DECL_SIGNAL ? SG_SIGNAL : SG_CONDITION;
    v[SG_F(PREDS, reserved)] = 0;
    v[SG_F(PREDS, group)] = d->kind == DECL_SIGNAL ? (uint32_t)d->group_index : SG_NONE;
    v[SG_F(PREDS, code)] = gen_when(g, d);
    v[SG_F(PREDS, citation)] = str(g, d->source ? d->source->text : NULL);
    put_record(g, SG_SEC_PREDS, v);
    gen_justify(g, d, SG_OWNER_PREDICATE, (uint32_t)i);
  }
}

/* The action kind of a clause, or 0 when the clause is no action. */
static sg_action_kind action_kind(ast_clause_kind kind) {
  switch (kind) {
  case CL_RECOMMEND: return SG_RECOMMEND;
  case CL_ATTENTION: return SG_ATTENTION;
  case CL_CONTACT: return SG_CONTACT;
  default: return 0;
  }
}

static void gen_rules(gen_state *g) {
  sgc_compiler *c = g->c;
  for (size_t i = 0; i < c->rule_order.count; i++) {
    const ast_decl *d = c->rule_order.items[i];
    uint64_t v[SG_NFIELDS(RULES)];
    v[SG_F(RULES, name)] = str(g, d->name);
    v[SG_F(RULES, label)] = str(g, d->label ? d->label->text : NULL);
    v[SG_F(RULES, step)] = (uint32_t)(d->has_step ? d->step : 0);
    v[SG_F(RULES, when)] = gen_when(g, d);
    v[SG_F(RULES, unless)] = gen_block(g, d->unless ? d->unless->expr : NULL);
    /* actions first go to ACTIONS, their indices to the pool */
    uint32_t first = g->npool, n = 0;
    for (const ast_clause *cl = d->clauses; cl; cl = cl->next) {
      sg_action_kind kind = action_kind(cl->kind);
      if (!kind) continue;
      uint64_t a[SG_NFIELDS(ACTIONS)];
      a[SG_F(ACTIONS, kind)] = kind;
      a[SG_F(ACTIONS, reserved)] = 0;
      a[SG_F(ACTIONS, text)] = str(g, cl->text);
      a[SG_F(ACTIONS, table)] = kind == SG_CONTACT ? (uint32_t)cl->number : SG_NONE;
      a[SG_F(ACTIONS, key)] = gen_block(g, kind == SG_CONTACT ? cl->expr : NULL);
      pool_add(g, put_record(g, SG_SEC_ACTIONS, a));
      n++;
    }
    v[SG_F(RULES, actions)] = pool_range(first, n);
    v[SG_F(RULES, citation)] = str(g, d->source->text);
    v[SG_F(RULES, flags)] =
        (d->has_step ? SG_RULE_HAS_STEP : 0) | (d->is_urgent ? SG_RULE_URGENT : 0);
    put_record(g, SG_SEC_RULES, v);
    gen_justify(g, d, SG_OWNER_RULE, (uint32_t)i);
  }
}

/* One VALIDITY record: `what` (owner, item) holds in period p (none: skip). */
static void put_period(gen_state *g, sg_dated_kind kind, uint32_t owner, uint32_t item,
                       const ast_period *p) {
  if (p == NULL) return;
  uint64_t v[SG_NFIELDS(VALIDITY)];
  v[SG_F(VALIDITY, kind)] = kind;
  v[SG_F(VALIDITY, reserved)] = 0;
  v[SG_F(VALIDITY, owner)] = owner;
  v[SG_F(VALIDITY, item)] = item;
  v[SG_F(VALIDITY, from)] = (uint32_t)p->from;
  v[SG_F(VALIDITY, until)] = (uint32_t)p->until;
  put_record(g, SG_SEC_VALIDITY, v);
}

/* Every period, by kind, owner and item (the order the decoder checks):
 * predicates and rules in evaluation and output order, windows, set
 * elements and table entries in their order. */
static void gen_validity(gen_state *g) {
  sgc_compiler *c = g->c;
  decl_tables *t = &c->tables;
  for (size_t i = 0; i < c->pred_order.count; i++)
    put_period(g, SG_DATED_PRED, (uint32_t)i, 0, c->pred_order.items[i]->period);
  for (size_t i = 0; i < c->rule_order.count; i++)
    put_period(g, SG_DATED_RULE, (uint32_t)i, 0, c->rule_order.items[i]->period);
  for (size_t i = 0; i < t->windows.count; i++)
    put_period(g, SG_DATED_WINDOW, (uint32_t)i, 0, t->windows.items[i]->period);
  for (size_t i = 0; i < t->sets.count; i++) {
    uint32_t n = 0;
    for (const ast_item *it = t->sets.items[i]->items; it; it = it->next, n++)
      put_period(g, SG_DATED_ELEMENT, (uint32_t)i, n, it->period);
  }
  for (size_t i = 0; i < t->tables.count; i++) {
    uint32_t n = 0;
    for (const ast_item *e = t->tables.items[i]->items; e; e = e->next, n++)
      put_period(g, SG_DATED_ENTRY, (uint32_t)i, n, e->period);
  }
}

/* Every actor with the rules that name it, in output order (ascending
 * indices, as the decoder checks). */
static void gen_actors(gen_state *g) {
  sgc_compiler *c = g->c;
  decl_tables *t = &c->tables;
  for (size_t i = 0; i < t->actors.count; i++) {
    const ast_decl *d = t->actors.items[i];
    uint64_t v[SG_NFIELDS(ACTORS)];
    v[SG_F(ACTORS, name)] = str(g, d->name);
    v[SG_F(ACTORS, label)] = str(g, d->label->text);
    uint32_t first = g->npool, n = 0;
    for (size_t r = 0; r < c->rule_order.count; r++)
      if (c->rule_order.items[r]->actor_index == (int)i) {
        pool_add(g, (uint32_t)r);
        n++;
      }
    v[SG_F(ACTORS, rules)] = pool_range(first, n);
    put_record(g, SG_SEC_ACTORS, v);
  }
}

/* Every assumption, in source order (files as read, clauses as written),
 * each with its owner's index in the image; c->assumptions gets where each
 * is written. */
static void gen_assumptions(gen_state *g) {
  sgc_compiler *c = g->c;
  /* A rule's index in the image is its place in output order. */
  int *rule_at = sgc_alloc(c, (c->rule_order.count + 1) * sizeof *rule_at);
  for (size_t i = 0; i < c->rule_order.count; i++) rule_at[c->rule_order.items[i]->index] = (int)i;
  for (const ast_decl *d = c->decls; d; d = d->next) {
    sg_owner_kind kind;
    uint32_t owner;
    switch (d->kind) {
    case DECL_SIGNAL: case DECL_CONDITION: kind = SG_OWNER_PREDICATE; owner = (uint32_t)d->index; break;
    case DECL_RULE: kind = SG_OWNER_RULE; owner = (uint32_t)rule_at[d->index]; break;
    case DECL_WINDOW: kind = SG_OWNER_WINDOW; owner = (uint32_t)d->index; break;
    default: continue;
    }
    for (const ast_clause *cl = d->clauses; cl; cl = cl->next) {
      if (cl->kind != CL_ASSUMPTION) continue;
      uint64_t v[SG_NFIELDS(ASSUMPTIONS)];
      v[SG_F(ASSUMPTIONS, owner_kind)] = kind;
      v[SG_F(ASSUMPTIONS, reserved)] = 0;
      v[SG_F(ASSUMPTIONS, owner)] = owner;
      v[SG_F(ASSUMPTIONS, reserved2)] = 0;
      v[SG_F(ASSUMPTIONS, text)] = str(g, cl->text);
      put_record(g, SG_SEC_ASSUMPTIONS, v);
      position_of(c, cl->loc, VEC_PUSH(c, c->assumptions));
    }
  }
}

/* The manifest: each source file's SHA-256 in hex, one record per file in
 * file order, written for every rulebook, so a compiled file says which
 * sources, byte for byte, it came from (the header's source hash says it
 * of all of them at once). */
static void gen_manifest(gen_state *g) {
  sgc_compiler *c = g->c;
  for (size_t i = 0; i < c->files.count; i++) {
    const source_file *f = &c->files.items[i];
    sgr_sha256 h;
    uint8_t digest[32];
    char hex[65];
    sgr_sha256_init(&h);
    sgr_sha256_update(&h, f->text, f->size);
    sgr_sha256_final(&h, digest);
    for (int k = 0; k < 32; k++) {
      hex[2 * k] = "0123456789abcdef"[digest[k] >> 4];
      hex[2 * k + 1] = "0123456789abcdef"[digest[k] & 15];
    }
    hex[64] = '\0';
    uint64_t v[SG_NFIELDS(MANIFEST)];
    v[SG_F(MANIFEST, file)] = (uint32_t)i;
    v[SG_F(MANIFEST, sha256)] = str(g, hex);
    put_record(g, SG_SEC_MANIFEST, v);
  }
}

/* ---- the file ---------------------------------------------------------- */

static void source_hash(sgc_compiler *c, uint8_t out[32]) {
  sgr_sha256 h;
  sgr_sha256_init(&h);
  for (size_t i = 0; i < c->files.count; i++) {
    const source_file *f = &c->files.items[i];
    uint8_t size[8];
    sg_wr64(size, (uint64_t)f->size);
    sgr_sha256_update(&h, f->stored, strlen(f->stored) + 1);
    sgr_sha256_update(&h, size, 8);
    sgr_sha256_update(&h, f->text, f->size);
  }
  sgr_sha256_final(&h, out);
}

/* The payload of section `id`: count-prefixed records, or special layouts. */
static void section_payload(gen_state *g, int id, gen_buf *out) {
  switch (id) {
  case SG_SEC_STRINGS:
    put32(g, out, g->nstrings);
    put_bytes(g, out, g->index.data, g->index.len);
    put_bytes(g, out, g->blob.data, g->blob.len);
    break;
  case SG_SEC_META:
    put_bytes(g, out, g->sec[id].data, g->sec[id].len);
    break;
  case SG_SEC_POOL:
    put32(g, out, g->npool);
    put_bytes(g, out, g->pool.data, g->pool.len);
    break;
  case SG_SEC_CODE:
    put32(g, out, (uint32_t)g->sec[id].len);
    put_bytes(g, out, g->sec[id].data, g->sec[id].len);
    break;
  default:
    put32(g, out, g->counts[id]);
    put_bytes(g, out, g->sec[id].data, g->sec[id].len);
    break;
  }
}

int gen_image(sgc_compiler *c) {
  int before = c->errors;
  gen_state g;
  memset(&g, 0, sizeof g);
  g.c = c;
  str(&g, ""); /* string 0 */
  gen_meta(&g);
  gen_facts(&g);
  gen_sets(&g);
  gen_tables(&g);
  gen_windows(&g);
  gen_groups(&g);
  gen_preds(&g);
  gen_rules(&g);
  gen_assumptions(&g);
  gen_actors(&g);
  gen_validity(&g);
  gen_manifest(&g);
  if (c->errors != before) return c->errors - before;

  /* An optional section (one a later minor added) is written only when it
   * has records, so a rulebook that does not use it keeps its bytes. */
  int written[SG_SEC_COUNT + 1], nsections = 0;
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    written[id] = id <= SG_SEC_REQUIRED || g.counts[id] > 0;
    nsections += written[id];
  }
  gen_buf payload[SG_SEC_COUNT + 1];
  memset(payload, 0, sizeof payload);
  size_t offset = SG_HEADER_SIZE + SG_DIR_ENTRY_SIZE * (size_t)nsections;
  size_t offsets[SG_SEC_COUNT + 1];
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (!written[id]) continue;
    section_payload(&g, id, &payload[id]);
    offset = (offset + 3) & ~(size_t)3;
    offsets[id] = offset;
    offset += payload[id].len;
  }
  if (offset > 0xFFFFFFFFu) {
    ast_loc none = { 0, 0, 0, 0 };
    diag_error(c, none, "the rulebook is too large for the bytecode format (4 GiB)");
    return c->errors - before;
  }
  uint8_t *img = sgc_alloc(c, offset);
  memset(img, 0, offset);
  memcpy(img, SG_MAGIC, SG_MAGIC_SIZE);
  sg_wr16(img + 8, SG_FORMAT_MAJOR);
  /* The lowest minor that reads the file: a rulebook that uses nothing of
   * 1.4 keeps the bytes 1.3 wrote (and an older reader can still read it). */
  sg_wr16(img + 10, written[SG_SEC_CHECKED] ? SG_FORMAT_MINOR_CHECKED : SG_FORMAT_MINOR_VALIDITY);
  sg_wr32(img + 12, (uint32_t)offset);
  sg_wr32(img + 20, (uint32_t)nsections);
  source_hash(c, img + 24);
  uint8_t *dir = img + SG_HEADER_SIZE;
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (!written[id]) continue;
    sg_wr32(dir, (uint32_t)id);
    sg_wr32(dir + 4, (uint32_t)offsets[id]);
    sg_wr32(dir + 8, (uint32_t)payload[id].len);
    dir += SG_DIR_ENTRY_SIZE;
    if (payload[id].len) memcpy(img + offsets[id], payload[id].data, payload[id].len);
  }
  sg_wr32(img + 16, sgr_crc32(0, img, offset));
  c->image = img;
  c->image_size = offset;
  return c->errors - before;
}
