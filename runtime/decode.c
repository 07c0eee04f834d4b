/* decode.c — turns the sections of a checked directory into the rulebook's
 * native arrays, checking rule 3 of docs/bytecode.md §Verification on the
 * way. Every record is read field by field as records.def describes it
 * (dec_record: string indices, reserved bytes, indices, pool ranges, code
 * blocks, table cells); each section's decoder then checks only what is
 * its own (type codes, flags, kinds) and fills the native record.
 */
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "internal.h"
#include "util.h"

#define TRY(expr) do { sg_status try_ = (expr); if (try_ != SG_OK) return try_; } while (0)

/* File offset of byte `at` of section `id`. */
static long dec_at(const sg_loader *L, int id, uint64_t at) {
  return (long)(L->sec[id].offset + at);
}

static uint32_t dec_u32(const sg_loader *L, int id, uint64_t at) {
  return sg_rd32(L->sec[id].data + at);
}



/* Byte offset, inside its section, of record `i` of section `id` (META's
 * one record is at 0; other records follow the u32 count). */
static uint64_t dec_record_base(int id, uint32_t i) {
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  return id == SG_SEC_META ? 0 : 4 + (uint64_t)i * size;
}

/* File offset of record `i` of section `id`, for messages. */
static long dec_record_at(const sg_loader *L, int id, uint32_t i) {
  return dec_at(L, id, dec_record_base(id, i));
}

/* The raw value of field `f` of the record at section byte `base`. */
static uint64_t dec_raw(const sg_loader *L, int id, uint64_t base, const sg_field_info *f) {
  const uint8_t *p = L->sec[id].data + base + f->offset;
  switch (f->bytes) {
  case 1: return p[0];
  case 2: return sg_rd16(p);
  case 4: return f->kind == SG_FK_I32 ? (uint64_t)(int64_t)(int32_t)sg_rd32(p) : sg_rd32(p);
  default: return sg_rd64(p);
  }
}

/* Pool words a TABLES record's cells take: entries x (1 + field count). */
static uint64_t dec_cells(uint64_t cells_value, uint64_t fields_value) {
  return (uint64_t)sg_lo(cells_value) * (1 + (uint64_t)sg_hi(fields_value));
}

/* ---- Counts ------------------------------------------------------------ */

/* A record array: u32 count, then count records of `rec` bytes, filling the
 * section exactly. */
static sg_status dec_count_records(sg_loader *L, int id, uint32_t rec, uint32_t *count) {
  const sg_section *s = &L->sec[id];
  if (!s->data) {  /* an optional section the file lacks (load_directory) */
    *count = 0;
    return SG_OK;
  }
  if (s->size < 4)
    return load_fail(L->err, (long)s->offset, "section %s too small for its count",
                     sgr_sections[id].name);
  uint32_t n = sg_rd32(s->data);
  if ((uint64_t)n * rec + 4 != s->size)
    return load_fail(L->err, (long)s->offset,
                     "section %s: size %lu does not hold exactly %lu records of %lu bytes",
                     sgr_sections[id].name, (unsigned long)s->size, (unsigned long)n,
                     (unsigned long)rec);
  *count = n;
  return SG_OK;
}

/* The records' pool ranges together fit in the pool, and their code blocks
 * in CODE: the compiler never shares a range or a block, and this bounds
 * the work of every later check by the file's size, so a crafted file
 * cannot make verification slow by pointing many records at one range.
 * The fields summed are the RANGE, CELLS and BLOCK fields of records.def. */
static sg_status dec_budget(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  uint64_t pool = 0, code = 0;
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (sgr_sections[id].layout != SG_LAYOUT_RECORDS) continue;
    uint32_t size, first, count;
    const char *element;
    sgr_record_shape_of(id, &size, &first, &count, &element);
    uint32_t n = rb_count(rb, id);
    for (uint32_t i = 0; i < n; i++) {
      uint64_t base = dec_record_base(id, i), range = 0;
      for (uint32_t k = 0; k < count; k++) {
        const sg_field_info *f = &sgr_fields[first + k];
        uint64_t v = f->kind == SG_FK_RANGE || f->kind == SG_FK_CELLS || f->kind == SG_FK_BLOCK ||
                             f->kind == SG_FK_BLOCK_OPT ? dec_raw(L, id, base, f) : 0;
        if (f->kind == SG_FK_RANGE) {
          pool += sg_hi(v);
          range = v;  /* a CELLS field counts the fields of the range before it */
        } else if (f->kind == SG_FK_CELLS) {
          pool += dec_cells(v, range);
        } else {
          code += sg_hi(v);  /* BLOCK lengths; 0 for the other kinds */
        }
      }
    }
  }
  if (pool > rb->npool)
    return load_fail(L->err, (long)L->sec[SG_SEC_POOL].offset,
                     "records claim %llu pool words in all, but the pool has %lu",
                     (unsigned long long)pool, (unsigned long)rb->npool);
  if (code > rb->code_len)
    return load_fail(L->err, (long)L->sec[SG_SEC_CODE].offset,
                     "code blocks claim %llu bytes in all, but CODE has %lu",
                     (unsigned long long)code, (unsigned long)rb->code_len);
  return SG_OK;
}

sg_status decode_counts(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const sg_section *s = &L->sec[SG_SEC_STRINGS];
  if (s->size < 4)
    return load_fail(L->err, (long)s->offset, "section STRINGS too small for its count");
  rb->nstrings = sg_rd32(s->data);
  if ((uint64_t)rb->nstrings * 8 + 4 > s->size)
    return load_fail(L->err, (long)s->offset, "section STRINGS: %lu string entries do not fit",
                     (unsigned long)rb->nstrings);
  s = &L->sec[SG_SEC_META];
  const uint64_t meta = SG_RECSIZE_META;
  if (s->size < meta)
    return load_fail(L->err, (long)s->offset, "section META too small: %lu bytes",
                     (unsigned long)s->size);
  rb->nfiles = sg_rd32(s->data + sgr_fields[SG_FLD_META_files].offset);
  if ((uint64_t)rb->nfiles * 4 + meta != s->size)
    return load_fail(L->err, (long)s->offset + (long)sgr_fields[SG_FLD_META_files].offset,
                     "section META: size %lu does not hold exactly %lu file names",
                     (unsigned long)s->size, (unsigned long)rb->nfiles);
  TRY(dec_count_records(L, SG_SEC_POOL, 4, &rb->npool));
  TRY(dec_count_records(L, SG_SEC_CODE, 1, &rb->code_len));
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (sgr_sections[id].layout != SG_LAYOUT_RECORDS) continue;
    uint32_t size, first, count;
    const char *element;
    sgr_record_shape_of(id, &size, &first, &count, &element);
    TRY(dec_count_records(L, id, size, rb_count_of(rb, id)));
  }
  return dec_budget(L);
}

/* ---- Arena -------------------------------------------------------------- */



/* Allocate the rulebook struct and all its arrays as one block. */
static sg_status dec_arena(sg_loader *L) {
  const sg_rulebook *c = L->rb;
  size_t size = sizeof(sg_rulebook), o[14];
  int ok = sgr_plan(&size, &o[0], c->nstrings, sizeof(const char *)) &&
           sgr_plan(&size, &o[1], c->nfiles, sizeof(const char *)) &&
           sgr_plan(&size, &o[2], c->npool, sizeof(uint32_t)) &&
           sgr_plan(&size, &o[3], c->nfacts, sizeof(sg_fact_rec)) &&
           sgr_plan(&size, &o[4], c->nsets, sizeof(sg_set_rec)) &&
           sgr_plan(&size, &o[5], c->ntables, sizeof(sg_table_rec)) &&
           sgr_plan(&size, &o[6], c->nwindows, sizeof(sg_window_rec)) &&
           sgr_plan(&size, &o[7], c->ngroups, sizeof(sg_group_rec)) &&
           sgr_plan(&size, &o[8], c->npreds, sizeof(sg_pred_rec)) &&
           sgr_plan(&size, &o[9], c->nrules, sizeof(sg_rule_rec)) &&
           sgr_plan(&size, &o[10], c->nactions, sizeof(sg_action_rec)) &&
           sgr_plan(&size, &o[11], c->njustify, sizeof(sg_justify_rec)) &&
           sgr_plan(&size, &o[12], c->nlines, sizeof(sg_line_rec)) &&
           sgr_plan(&size, &o[13], c->nassume, sizeof(sg_assume_rec));
  char *base = ok ? mem_alloc(c->alloc, c->ud, size) : NULL;
  if (!base) {
    load_fail(L->err, -1, "out of memory for the rulebook's tables");
    return SG_ERR_NOMEM;
  }
  memset(base, 0, size);
  sg_rulebook *rb = (sg_rulebook *)base;
  *rb = *c;
  rb->arena_size = size;
  rb->strings = (const char **)(base + o[0]);
  rb->files = (const char **)(base + o[1]);
  rb->pool = (uint32_t *)(base + o[2]);
  rb->facts = (sg_fact_rec *)(base + o[3]);
  rb->sets = (sg_set_rec *)(base + o[4]);
  rb->tables = (sg_table_rec *)(base + o[5]);
  rb->windows = (sg_window_rec *)(base + o[6]);
  rb->groups = (sg_group_rec *)(base + o[7]);
  rb->preds = (sg_pred_rec *)(base + o[8]);
  rb->rules = (sg_rule_rec *)(base + o[9]);
  rb->actions = (sg_action_rec *)(base + o[10]);
  rb->justify = (sg_justify_rec *)(base + o[11]);
  rb->lines = (sg_line_rec *)(base + o[12]);
  rb->assume = (sg_assume_rec *)(base + o[13]);
  L->rb = rb;
  return SG_OK;
}

/* ---- Records: every field checked as records.def says ------------------- */


/* Read record `i` of section `id` into `v` (one value per field, see SG_F)
 * and check each field by its kind: string indices in range, reserved
 * bytes zero, indices below their target's count (INDEX_OPT may be none),
 * pool ranges inside the pool with every word below their target's count,
 * code blocks inside CODE (BLOCK not empty), table cells inside the pool
 * and all strings. A STR value is the string index; see dec_s. */
static sg_status dec_record(sg_loader *L, int id, uint32_t i, uint64_t *v) {
  sg_rulebook *rb = L->rb;
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  uint64_t base = dec_record_base(id, i), range = 0;
  for (uint32_t k = 0; k < count; k++) {
    const sg_field_info *f = &sgr_fields[first + k];
    long at = dec_at(L, id, base + f->offset);
    uint64_t x = v[k] = dec_raw(L, id, base, f);
    uint32_t limit = rb_count(rb, f->target);
    switch (f->kind) {
    case SG_FK_STR:
      if (x >= rb->nstrings)
        return load_fail(L->err, at, "string index %lu out of range (%lu strings)",
                         (unsigned long)x, (unsigned long)rb->nstrings);
      break;
    case SG_FK_ZERO:
      for (uint32_t b = 0; b < f->bytes; b++)
        if (L->sec[id].data[base + f->offset + b] != 0)
          return load_fail(L->err, at + (long)b, "reserved byte in %s is not zero",
                           sgr_sections[id].name);
      break;
    case SG_FK_INDEX: case SG_FK_INDEX_OPT:
      if (!(f->kind == SG_FK_INDEX_OPT && x == SG_NONE) && x >= limit)
        return load_fail(L->err, at, "%s index %lu out of range (%lu)", sgr_target_noun(f->target),
                         (unsigned long)x, (unsigned long)limit);
      break;
    case SG_FK_RANGE: case SG_FK_CELLS: {
      uint32_t lo = sg_lo(x), hi = sg_hi(x);
      uint64_t pool_first = f->kind == SG_FK_RANGE ? lo : hi;
      uint64_t words = f->kind == SG_FK_RANGE ? hi : dec_cells(x, range);
      if (f->kind == SG_FK_RANGE) range = x;
      if (pool_first + words > rb->npool)
        return load_fail(L->err, at, "pool range %llu+%llu out of range (pool has %lu)",
                         (unsigned long long)pool_first, (unsigned long long)words,
                         (unsigned long)rb->npool);
      if (f->kind == SG_FK_CELLS) limit = rb->nstrings;
      if (f->kind == SG_FK_CELLS || f->target != SG_TGT_NONE)
        for (uint64_t w = 0; w < words; w++)
          if (rb->pool[pool_first + w] >= limit)
            return load_fail(L->err, at, "%s index %lu out of range (%lu)",
                             sgr_target_noun(f->kind == SG_FK_CELLS ? SG_TGT_STRINGS : f->target),
                             (unsigned long)rb->pool[pool_first + w], (unsigned long)limit);
      break;
    }
    case SG_FK_BLOCK: case SG_FK_BLOCK_OPT: {
      uint32_t offset = sg_lo(x), length = sg_hi(x);
      if (length == 0 && f->kind == SG_FK_BLOCK)
        return load_fail(L->err, at, "required code block in %s is empty", sgr_sections[id].name);
      if ((uint64_t)offset + length > rb->code_len)
        return load_fail(L->err, at, "code block %lu+%lu lies outside CODE (%lu bytes)",
                         (unsigned long)offset, (unsigned long)length,
                         (unsigned long)rb->code_len);
      break;
    }
    default: break;  /* plain numbers: the section checks them */
    }
  }
  return SG_OK;
}

/* The string of a checked STR value. */
static const char *dec_s(const sg_rulebook *rb, uint64_t v) {
  return rb->strings[v];
}

/* A checked BLOCK or BLOCK_OPT value as a block. */
static sg_block dec_b(uint64_t v) {
  sg_block b = {sg_lo(v), sg_hi(v)};
  return b;
}

/* File offset of field `field` (an SG_FLD_* number) of record `i`. */
static long dec_field_at(const sg_loader *L, int id, uint32_t i, int field) {
  return dec_at(L, id, dec_record_base(id, i) + sgr_fields[field].offset);
}

/* ---- Sections ------------------------------------------------------------- */

static sg_status dec_strings(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const sg_section *s = &L->sec[SG_SEC_STRINGS];
  uint64_t blob_at = 4 + (uint64_t)rb->nstrings * 8;
  const uint8_t *blob = s->data + blob_at;
  uint64_t blob_size = s->size - blob_at;
  if (rb->nstrings == 0)
    return load_fail(L->err, (long)s->offset, "STRINGS has no string 0 (the empty string)");
  for (uint32_t i = 0; i < rb->nstrings; i++) {
    uint64_t at = 4 + (uint64_t)i * 8;
    uint32_t off = dec_u32(L, SG_SEC_STRINGS, at), len = dec_u32(L, SG_SEC_STRINGS, at + 4);
    long where = dec_at(L, SG_SEC_STRINGS, at);
    if ((uint64_t)off + len >= blob_size)
      return load_fail(L->err, where, "string %lu (offset %lu, length %lu) runs past the blob",
                       (unsigned long)i, (unsigned long)off, (unsigned long)len);
    if (blob[off + len] != 0)
      return load_fail(L->err, where, "string %lu is not NUL-terminated", (unsigned long)i);
    if (memchr(blob + off, 0, len))
      return load_fail(L->err, where, "string %lu contains a NUL byte", (unsigned long)i);
    if (!sgr_utf8_valid(blob + off, len))
      return load_fail(L->err, where, "string %lu is not valid UTF-8", (unsigned long)i);
    if (i == 0 && len != 0)
      return load_fail(L->err, where, "string 0 is not the empty string");
    rb->strings[i] = (const char *)(blob + off);
  }
  return SG_OK;
}

static sg_status dec_meta(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  uint64_t v[SG_NFIELDS(META)];
  TRY(dec_record(L, SG_SEC_META, 0, v));
  rb->title = dec_s(rb, v[SG_F(META, title)]);
  rb->version = dec_s(rb, v[SG_F(META, version)]);
  rb->effective = (int32_t)v[SG_F(META, effective)];
  rb->source = dec_s(rb, v[SG_F(META, source)]);
  rb->compiler = dec_s(rb, v[SG_F(META, compiler)]);
  rb->reading = (uint32_t)v[SG_F(META, reading)];
  for (uint32_t i = 0; i < rb->nfiles; i++) {
    uint64_t at = SG_RECSIZE_META + 4 * (uint64_t)i;
    uint32_t idx = dec_u32(L, SG_SEC_META, at);
    if (idx >= rb->nstrings)
      return load_fail(L->err, dec_at(L, SG_SEC_META, at), "string index %lu out of range (%lu strings)",
                       (unsigned long)idx, (unsigned long)rb->nstrings);
    rb->files[i] = rb->strings[idx];
  }
  return SG_OK;
}

static sg_status dec_fact(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_FACTS;
  sg_fact_rec *f = &rb->facts[i];
  f->name = dec_s(rb, v[SG_F(FACTS, name)]);
  f->question = dec_s(rb, v[SG_F(FACTS, question)]);
  f->type = (uint8_t)v[SG_F(FACTS, type)];
  if (f->type < SG_BOOL || f->type > SG_TYPE_LAST)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_FACTS_type),
                     "fact %lu has unknown type %u", (unsigned long)i, f->type);
  uint64_t flags = v[SG_F(FACTS, flags)];
  if (flags & ~(uint64_t)(SG_FACT_PROTECTED | SG_FACT_OPTIONAL))
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_FACTS_flags),
                     "fact %lu has unknown flags %#x", (unsigned long)i, (unsigned)flags);
  f->protect = (flags & SG_FACT_PROTECTED) != 0;
  f->optional = (flags & SG_FACT_OPTIONAL) != 0;
  f->values_first = sg_lo(v[SG_F(FACTS, values)]);
  f->value_count = sg_hi(v[SG_F(FACTS, values)]);
  long at = dec_field_at(L, S, i, SG_FLD_FACTS_values) + 4;
  if (f->type == SG_ENUM && f->value_count == 0)
    return load_fail(L->err, at, "enum fact %lu has no values", (unsigned long)i);
  if (f->type != SG_ENUM && f->value_count != 0)
    return load_fail(L->err, at, "fact %lu is not an enum but has values", (unsigned long)i);
  return SG_OK;
}

static sg_status dec_set(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_SETS;
  sg_set_rec *s = &rb->sets[i];
  s->name = dec_s(rb, v[SG_F(SETS, name)]);
  s->elem_type = (uint8_t)v[SG_F(SETS, elem_type)];
  s->enum_fact = (uint32_t)v[SG_F(SETS, enum_fact)];
  s->first = sg_lo(v[SG_F(SETS, elements)]);
  s->count = sg_hi(v[SG_F(SETS, elements)]);
  uint32_t ef = s->enum_fact, limit = 0;
  long at_fact = dec_field_at(L, S, i, SG_FLD_SETS_enum_fact);
  switch (s->elem_type) {
  case SG_INT:
  case SG_TEXT:
  case SG_COUNTRY:
    if (ef != SG_NONE)
      return load_fail(L->err, at_fact, "set %lu of %s names an enum fact", (unsigned long)i,
                       sgr_type_name(s->elem_type));
    limit = s->elem_type == SG_TEXT ? rb->nstrings
          : s->elem_type == SG_COUNTRY ? (uint32_t)SGR_COUNTRY_COUNT : 0;
    break;
  case SG_ENUM:
    if (ef >= rb->nfacts || rb->facts[ef].type != SG_ENUM)
      return load_fail(L->err, at_fact, "set %lu: %lu is not an enum fact", (unsigned long)i,
                       (unsigned long)ef);
    limit = rb->facts[ef].value_count;
    break;
  default:
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_SETS_elem_type),
                     "set %lu has invalid element type %u", (unsigned long)i, s->elem_type);
  }
  for (uint32_t k = 0; limit && k < s->count; k++)
    if (rb->pool[s->first + k] >= limit)
      return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_SETS_elements), "%s index %lu out of range (%lu)",
                       s->elem_type == SG_TEXT      ? "string"
                       : s->elem_type == SG_COUNTRY ? "country"
                                                    : "enum value",
                       (unsigned long)rb->pool[s->first + k], (unsigned long)limit);
  return SG_OK;
}

static int dec_cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys of every table are distinct: sort each table's keys and compare
 * neighbours (n log n, whatever the input). */
static sg_status dec_distinct_keys(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  uint32_t most = 0;
  for (uint32_t t = 0; t < rb->ntables; t++)
    if (rb->tables[t].entry_count > most) most = rb->tables[t].entry_count;
  if (most < 2) return SG_OK;
  size_t bytes;
  const char **keys = mem_size(most, sizeof *keys, 0, &bytes) ? mem_alloc(rb->alloc, rb->ud, bytes) : NULL;
  if (!keys) {
    load_fail(L->err, -1, "out of memory checking table keys");
    return SG_ERR_NOMEM;
  }
  sg_status st = SG_OK;
  for (uint32_t t = 0; t < rb->ntables && st == SG_OK; t++) {
    const sg_table_rec *tb = &rb->tables[t];
    for (uint32_t e = 0; e < tb->entry_count; e++)
      keys[e] = rb_str(rb, rb->pool[tb->entries_first + (uint64_t)e * (1 + tb->field_count)]);
    qsort(keys, tb->entry_count, sizeof *keys, dec_cmp_str);
    for (uint32_t e = 1; e < tb->entry_count && st == SG_OK; e++)
      if (strcmp(keys[e - 1], keys[e]) == 0)
        st = load_fail(L->err, dec_record_at(L, SG_SEC_TABLES, t),
                       "table %lu has a duplicate key", (unsigned long)t);
  }
  mem_free(rb->alloc, rb->ud, keys, bytes);
  return st;
}

static sg_status dec_table(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  sg_table_rec *t = &rb->tables[i];
  t->name = dec_s(rb, v[SG_F(TABLES, name)]);
  t->fields_first = sg_lo(v[SG_F(TABLES, fields)]);
  t->field_count = sg_hi(v[SG_F(TABLES, fields)]);
  t->entry_count = sg_lo(v[SG_F(TABLES, entries)]);
  t->entries_first = sg_hi(v[SG_F(TABLES, entries)]);
  return SG_OK;  /* distinct keys: dec_distinct_keys, once all tables are read */
}

static sg_status dec_window(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_WINDOWS;
  sg_window_rec *w = &rb->windows[i];
  w->name = dec_s(rb, v[SG_F(WINDOWS, name)]);
  w->days = (uint8_t)v[SG_F(WINDOWS, days)];
  if (w->days & 0x80)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_days),
                     "window %lu: day mask has bit 7 set", (unsigned long)i);
  uint64_t flags = v[SG_F(WINDOWS, flags)];
  if (flags & ~(uint64_t)(SG_WINDOW_EXCEPT_HOLIDAYS | SG_WINDOW_EXCEPT_GOOD_FRIDAY))
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_flags),
                     "window %lu has unknown flags %#x", (unsigned long)i, (unsigned)flags);
  if (flags == SG_WINDOW_EXCEPT_GOOD_FRIDAY)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_flags),
                     "window %lu excepts Good Friday but not the holidays", (unsigned long)i);
  w->flags = (uint8_t)flags;
  w->start = (uint16_t)v[SG_F(WINDOWS, start)];
  w->end = (uint16_t)v[SG_F(WINDOWS, end)];
  if (w->start >= w->end || w->end > 1440)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_start),
                     "window %lu: bad minutes %u..%u (need start < end <= 1440)",
                     (unsigned long)i, w->start, w->end);
  return SG_OK;
}

static sg_status dec_group(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  sg_group_rec *g = &rb->groups[i];
  g->name = dec_s(rb, v[SG_F(GROUPS, name)]);
  g->label = dec_s(rb, v[SG_F(GROUPS, label)]);
  g->first = sg_lo(v[SG_F(GROUPS, members)]);
  g->count = sg_hi(v[SG_F(GROUPS, members)]);
  for (uint32_t k = 0; k < g->count; k++)
    if (rb->pool[g->first + k] >= g->member_limit) g->member_limit = rb->pool[g->first + k] + 1;
  return SG_OK;
}

static sg_status dec_pred(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_PREDS;
  sg_pred_rec *p = &rb->preds[i];
  p->name = dec_s(rb, v[SG_F(PREDS, name)]);
  p->label = dec_s(rb, v[SG_F(PREDS, label)]);
  p->kind = (uint8_t)v[SG_F(PREDS, kind)];
  if (p->kind != SG_SIGNAL && p->kind != SG_CONDITION)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_PREDS_kind),
                     "predicate %lu has unknown kind %u", (unsigned long)i, p->kind);
  p->group = (uint32_t)v[SG_F(PREDS, group)];
  p->code = dec_b(v[SG_F(PREDS, code)]);
  p->citation = dec_s(rb, v[SG_F(PREDS, citation)]);
  return SG_OK;
}

static sg_status dec_rule(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_RULES;
  sg_rule_rec *u = &rb->rules[i];
  u->name = dec_s(rb, v[SG_F(RULES, name)]);
  u->label = dec_s(rb, v[SG_F(RULES, label)]);
  u->step = (int32_t)v[SG_F(RULES, step)];
  u->when = dec_b(v[SG_F(RULES, when)]);
  u->unless = dec_b(v[SG_F(RULES, unless)]);
  u->actions_first = sg_lo(v[SG_F(RULES, actions)]);
  u->action_count = sg_hi(v[SG_F(RULES, actions)]);
  u->citation = dec_s(rb, v[SG_F(RULES, citation)]);
  uint64_t flags = v[SG_F(RULES, flags)];
  if (flags & ~(uint64_t)(SG_RULE_HAS_STEP | SG_RULE_URGENT))
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_RULES_flags),
                     "rule %lu has unknown flags 0x%lx", (unsigned long)i, (unsigned long)flags);
  u->has_step = (flags & SG_RULE_HAS_STEP) != 0;
  u->urgent = (flags & SG_RULE_URGENT) != 0;
  /* The budget holds the actions of all rules to the pool's size: no overflow. */
  u->contact_base = rb->ncontacts;
  rb->ncontacts += u->action_count;
  return SG_OK;
}

static sg_status dec_action(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_ACTIONS;
  sg_action_rec *a = &rb->actions[i];
  a->kind = (uint8_t)v[SG_F(ACTIONS, kind)];
  if (a->kind < SG_RECOMMEND || a->kind > SG_CONTACT)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_kind),
                     "action %lu has unknown kind %u", (unsigned long)i, a->kind);
  a->text = dec_s(rb, v[SG_F(ACTIONS, text)]);
  a->table = (uint32_t)v[SG_F(ACTIONS, table)];
  a->key = dec_b(v[SG_F(ACTIONS, key)]);
  int contact = a->kind == SG_CONTACT;
  if (contact && a->table == SG_NONE)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_table),
                     "table index %lu out of range (%lu)", (unsigned long)a->table,
                     (unsigned long)rb->ntables);
  if (!contact && a->table != SG_NONE)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_table),
                     "action %lu is no contact but names a table", (unsigned long)i);
  if (contact && a->key.length == 0)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_key),
                     "required code block in ACTIONS is empty");
  if (!contact && a->key.length != 0)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_key) + 4,
                     "action %lu is no contact but has a key", (unsigned long)i);
  return SG_OK;
}

static sg_status dec_justification(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_JUSTIFY;
  sg_justify_rec *j = &rb->justify[i];
  j->owner_kind = (uint8_t)v[SG_F(JUSTIFY, owner_kind)];
  if (j->owner_kind != SG_OWNER_PREDICATE && j->owner_kind != SG_OWNER_RULE)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_JUSTIFY_owner_kind),
                     "justification %lu has unknown owner kind %u", (unsigned long)i,
                     j->owner_kind);
  j->owner = (uint32_t)v[SG_F(JUSTIFY, owner)];
  uint32_t limit = j->owner_kind == SG_OWNER_PREDICATE ? rb->npreds : rb->nrules;
  if (j->owner >= limit)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_JUSTIFY_owner),
                     "%s index %lu out of range (%lu)",
                     j->owner_kind == SG_OWNER_PREDICATE ? "predicate" : "rule",
                     (unsigned long)j->owner, (unsigned long)limit);
  j->fact = (uint32_t)v[SG_F(JUSTIFY, fact)];
  j->text = dec_s(rb, v[SG_F(JUSTIFY, text)]);
  return SG_OK;
}

static sg_status dec_assumption(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_ASSUMPTIONS;
  sg_assume_rec *a = &rb->assume[i];
  a->owner_kind = (uint8_t)v[SG_F(ASSUMPTIONS, owner_kind)];
  uint32_t limit;
  const char *noun;
  switch (a->owner_kind) {
  case SG_OWNER_PREDICATE: limit = rb->npreds; noun = "predicate"; break;
  case SG_OWNER_RULE: limit = rb->nrules; noun = "rule"; break;
  case SG_OWNER_WINDOW: limit = rb->nwindows; noun = "window"; break;
  default:
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ASSUMPTIONS_owner_kind),
                     "assumption %lu has unknown owner kind %u", (unsigned long)i, a->owner_kind);
  }
  a->owner = (uint32_t)v[SG_F(ASSUMPTIONS, owner)];
  if (a->owner >= limit)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ASSUMPTIONS_owner),
                     "%s index %lu out of range (%lu)", noun, (unsigned long)a->owner,
                     (unsigned long)limit);
  a->text = dec_s(rb, v[SG_F(ASSUMPTIONS, text)]);
  if (a->text[0] == '\0')
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ASSUMPTIONS_text),
                     "assumption %lu has no text", (unsigned long)i);
  return SG_OK;
}

static sg_status dec_line(sg_loader *L, uint32_t i, const uint64_t *v) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_LINES;
  sg_line_rec *l = &rb->lines[i];
  l->offset = (uint32_t)v[SG_F(LINES, offset)];
  long at = dec_field_at(L, S, i, SG_FLD_LINES_offset);
  if (l->offset > rb->code_len)
    return load_fail(L->err, at, "line entry %lu: code offset %lu past CODE",
                     (unsigned long)i, (unsigned long)l->offset);
  if (i > 0 && l->offset < rb->lines[i - 1].offset)
    return load_fail(L->err, at, "line entries not sorted by code offset");
  l->file = (uint32_t)v[SG_F(LINES, file)];
  l->line = (uint32_t)v[SG_F(LINES, line)];
  l->column = (uint32_t)v[SG_F(LINES, column)];
  return SG_OK;
}

/* The record decoders, in the order they run: a record may rely on the
 * records of the sections before it (a set on its enum fact). */
enum { DEC_MAX_FIELDS = 16 };
#define RECORD(id, size, element) \
  _Static_assert(SG_NFIELDS(id) <= DEC_MAX_FIELDS, #id " has more fields than DEC_MAX_FIELDS");
#define FIELD(id, name, offset, bytes, kind, target, meaning)
#define END(id)
#include "records.def"
#undef RECORD
#undef FIELD
#undef END
static const struct {
  int id;
  sg_status (*record)(sg_loader *L, uint32_t i, const uint64_t *v);
} dec_order[] = {
  {SG_SEC_FACTS, dec_fact},     {SG_SEC_SETS, dec_set},       {SG_SEC_TABLES, dec_table},
  {SG_SEC_WINDOWS, dec_window}, {SG_SEC_GROUPS, dec_group},   {SG_SEC_PREDS, dec_pred},
  {SG_SEC_ACTIONS, dec_action}, {SG_SEC_RULES, dec_rule},     {SG_SEC_JUSTIFY, dec_justification},
  {SG_SEC_LINES, dec_line},     {SG_SEC_ASSUMPTIONS, dec_assumption},
};

sg_status decode_sections(sg_loader *L) {
  TRY(dec_arena(L));
  sg_rulebook *rb = L->rb;
  const sg_section *pool = &L->sec[SG_SEC_POOL];
  for (uint32_t i = 0; i < rb->npool; i++) rb->pool[i] = sg_rd32(pool->data + 4 + (size_t)i * 4);
  rb->code = L->sec[SG_SEC_CODE].data + 4;
  rb->code_file_offset = L->sec[SG_SEC_CODE].offset + 4;
  rb->ncontacts = 0;
  TRY(dec_strings(L));
  TRY(dec_meta(L));
  for (size_t k = 0; k < sizeof dec_order / sizeof dec_order[0]; k++) {
    uint64_t v[DEC_MAX_FIELDS];
    uint32_t n = rb_count(rb, dec_order[k].id);
    for (uint32_t i = 0; i < n; i++) {
      TRY(dec_record(L, dec_order[k].id, i, v));
      TRY(dec_order[k].record(L, i, v));
    }
  }
  return dec_distinct_keys(L);
}
