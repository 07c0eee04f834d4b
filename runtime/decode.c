/* decode.c — turns the sections of a checked directory into the rulebook's
 * native arrays, checking rule 3 of docs/bytecode.md §Verification on the
 * way. Every record is read field by field as records.def describes it
 * (dec_record: string indices, reserved bytes, indices, pool ranges, code
 * blocks, table cells) into its native struct, generated from the same
 * table (internal.h); each section's decoder then checks only what is its
 * own (type codes, flags, kinds) and derives what the runtime keeps beside
 * the fields.
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
  size_t size = sizeof(sg_rulebook), o[20], steps;
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
           sgr_plan(&size, &o[13], c->nassume, sizeof(sg_assume_rec)) &&
           sgr_plan(&size, &o[14], c->nactors, sizeof(sg_actor_rec)) &&
           sgr_plan(&size, &o[15], c->nhours, sizeof(sg_hours_rec)) &&
           sgr_plan(&size, &o[16], c->nvalidity, sizeof(sg_validity_rec)) &&
           sgr_plan(&size, &o[17], c->nmanifest, sizeof(sg_manifest_rec)) &&
           sgr_plan(&size, &o[18], c->nchecked, sizeof(sg_checked_rec)) &&
           mem_size(c->nrules, 2, c->npreds, &steps) &&
           sgr_plan(&size, &o[19], steps, sizeof(sg_step));
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
  rb->actors = (sg_actor_rec *)(base + o[14]);
  rb->hours = (sg_hours_rec *)(base + o[15]);
  rb->validity = (sg_validity_rec *)(base + o[16]);
  rb->manifest = (sg_manifest_rec *)(base + o[17]);
  rb->checked = (sg_checked_rec *)(base + o[18]);
  rb->steps = (sg_step *)(base + o[19]);
  L->rb = rb;
  return SG_OK;
}

/* ---- Records: every field checked as records.def says ------------------- */


/* Where each field lives in its native record (internal.h), and the size of
 * each section's native record: both from records.def, as the structs are. */
#define SGR_NATIVE_STR(T, n) offsetof(T, n)
#define SGR_NATIVE_U8 SGR_NATIVE_STR
#define SGR_NATIVE_U16 SGR_NATIVE_STR
#define SGR_NATIVE_U32 SGR_NATIVE_STR
#define SGR_NATIVE_I32 SGR_NATIVE_STR
#define SGR_NATIVE_ZERO(T, n) 0
#define SGR_NATIVE_INDEX SGR_NATIVE_STR
#define SGR_NATIVE_INDEX_OPT SGR_NATIVE_STR
#define SGR_NATIVE_RANGE SGR_NATIVE_STR
#define SGR_NATIVE_CELLS SGR_NATIVE_STR
#define SGR_NATIVE_BLOCK SGR_NATIVE_STR
#define SGR_NATIVE_BLOCK_OPT SGR_NATIVE_STR
#define RECORD(id, size, element)
#define FIELD(id, name, offset, bytes, kind, target, meaning) \
  [SG_FLD_##id##_##name] = SGR_NATIVE_##kind(sgr_##id##_rec, name),
#define END(id)
static const uint16_t dec_native_at[SG_FLD__COUNT] = {
#include "records.def"
};
#undef RECORD
#undef FIELD
#undef END
#define RECORD(id, size, element) [SG_SEC_##id] = sizeof(sgr_##id##_rec),
#define FIELD(id, name, offset, bytes, kind, target, meaning)
#define END(id)
static const uint16_t dec_native_size[SG_SEC_COUNT + 1] = {
#include "records.def"
};
#undef RECORD
#undef FIELD
#undef END

/* Store the checked value `x` of a field of kind `kind` at `m`, the field's
 * member in its native record: a STR as its string, a RANGE, CELLS or BLOCK
 * as its pair, a number at its width; reserved bytes have no member. */
static void dec_store(const sg_rulebook *rb, char *m, int kind, uint64_t x) {
  switch (kind) {
  case SG_FK_STR: *(const char **)m = rb->strings[x]; break;
  case SG_FK_U8: *(uint8_t *)m = (uint8_t)x; break;
  case SG_FK_U16: *(uint16_t *)m = (uint16_t)x; break;
  case SG_FK_I32: *(int32_t *)m = (int32_t)x; break;
  case SG_FK_U32: case SG_FK_INDEX: case SG_FK_INDEX_OPT: *(uint32_t *)m = (uint32_t)x; break;
  case SG_FK_RANGE: *(sg_range *)m = (sg_range){sg_lo(x), sg_hi(x)}; break;
  case SG_FK_CELLS: *(sg_range *)m = (sg_range){sg_hi(x), sg_lo(x)}; break;
  case SG_FK_BLOCK: case SG_FK_BLOCK_OPT: *(sg_block *)m = (sg_block){sg_lo(x), sg_hi(x)}; break;
  default: break;  /* ZERO */
  }
}

/* Read record `i` of section `id` into its native record `rec`, checking
 * each field by its kind: string indices in range, reserved bytes zero,
 * indices below their target's count (INDEX_OPT may be none), pool ranges
 * inside the pool with every word below their target's count, code blocks
 * inside CODE (BLOCK not empty), table cells inside the pool and all
 * strings. */
static sg_status dec_record(sg_loader *L, int id, uint32_t i, void *rec) {
  sg_rulebook *rb = L->rb;
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  uint64_t base = dec_record_base(id, i), range = 0;
  for (uint32_t k = 0; k < count; k++) {
    const sg_field_info *f = &sgr_fields[first + k];
    long at = dec_at(L, id, base + f->offset);
    uint64_t x = dec_raw(L, id, base, f);
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
    dec_store(rb, (char *)rec + dec_native_at[first + k], f->kind, x);
  }
  return SG_OK;
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
  TRY(dec_record(L, SG_SEC_META, 0, &rb->meta));
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

/* ---- What each section checks beyond its fields' kinds ------------------
 * Each runs on a record dec_record has filled, and checks what is its own
 * (type codes, flags, kinds, how fields go together) or derives what the
 * runtime keeps beside the fields (SGR_EXTRA_ in internal.h). */

static sg_status dec_fact(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_FACTS;
  sg_fact_rec *f = &rb->facts[i];
  if (f->type < SG_BOOL || f->type > SG_TYPE_LAST)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_FACTS_type),
                     "fact %lu has unknown type %u", (unsigned long)i, f->type);
  if (f->flags & ~(SG_FACT_PROTECTED | SG_FACT_OPTIONAL))
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_FACTS_flags),
                     "fact %lu has unknown flags %#x", (unsigned long)i, (unsigned)f->flags);
  f->protect = (f->flags & SG_FACT_PROTECTED) != 0;
  f->optional = (f->flags & SG_FACT_OPTIONAL) != 0;
  long at = dec_field_at(L, S, i, SG_FLD_FACTS_values) + 4;
  if (f->type == SG_ENUM && f->values.count == 0)
    return load_fail(L->err, at, "enum fact %lu has no values", (unsigned long)i);
  if (f->type != SG_ENUM && f->values.count != 0)
    return load_fail(L->err, at, "fact %lu is not an enum but has values", (unsigned long)i);
  return SG_OK;
}

static sg_status dec_set(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_SETS;
  const sg_set_rec *s = &rb->sets[i];
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
    limit = rb->facts[ef].values.count;
    break;
  default:
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_SETS_elem_type),
                     "set %lu has invalid element type %u", (unsigned long)i, s->elem_type);
  }
  for (uint32_t k = 0; limit && k < s->elements.count; k++)
    if (rb->pool[s->elements.first + k] >= limit)
      return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_SETS_elements), "%s index %lu out of range (%lu)",
                       s->elem_type == SG_TEXT      ? "string"
                       : s->elem_type == SG_COUNTRY ? "country"
                                                    : "enum value",
                       (unsigned long)rb->pool[s->elements.first + k], (unsigned long)limit);
  return SG_OK;
}

/* A table key with the period of its entry (since always, for good: undated). */
typedef struct {
  const char *key;
  int32_t from, until;
} dec_version;

static int dec_cmp_version(const void *a, const void *b) {
  const dec_version *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c != 0 ? c : (x->from > y->from) - (x->from < y->from);
}

/* A key names one entry on any decision date: entries with the same key are
 * versions whose periods do not overlap. Sort each table's keys by key and
 * start and compare neighbours (n log n, whatever the input). Runs once all
 * tables and periods are read. */
static sg_status dec_distinct_keys(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  uint32_t most = 0;
  for (uint32_t t = 0; t < rb->ntables; t++)
    if (rb->tables[t].entries.count > most) most = rb->tables[t].entries.count;
  if (most < 2) return SG_OK;
  size_t bytes;
  dec_version *keys = mem_size(most, sizeof *keys, 0, &bytes) ? mem_alloc(rb->alloc, rb->ud, bytes) : NULL;
  if (!keys) {
    load_fail(L->err, -1, "out of memory checking table keys");
    return SG_ERR_NOMEM;
  }
  sg_status st = SG_OK;
  for (uint32_t t = 0; t < rb->ntables && st == SG_OK; t++) {
    const sg_table_rec *tb = &rb->tables[t];
    for (uint32_t e = 0; e < tb->entries.count; e++) {
      const sg_validity_rec *p = tb->dated.count ? rb_period(rb, tb->dated, e) : NULL;
      keys[e].key = rb_str(rb, rb->pool[tb->entries.first + (uint64_t)e * (1 + tb->fields.count)]);
      keys[e].from = p ? p->from : SG_SINCE_ALWAYS;
      keys[e].until = p ? p->until : SG_FOR_GOOD;
    }
    qsort(keys, tb->entries.count, sizeof *keys, dec_cmp_version);
    for (uint32_t e = 1; e < tb->entries.count && st == SG_OK; e++)
      if (strcmp(keys[e - 1].key, keys[e].key) == 0 && keys[e - 1].until > keys[e].from)
        st = load_fail(L->err, dec_record_at(L, SG_SEC_TABLES, t),
                       "table %lu has a key twice on one day (a duplicate key, or versions "
                       "that overlap)", (unsigned long)t);
  }
  mem_free(rb->alloc, rb->ud, keys, bytes);
  return st;
}

static sg_status dec_window(sg_loader *L, uint32_t i) {
  const int S = SG_SEC_WINDOWS;
  const sg_window_rec *w = &L->rb->windows[i];
  if (w->days & 0x80)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_days),
                     "window %lu: day mask has bit 7 set", (unsigned long)i);
  if (w->flags & ~(SG_WINDOW_EXCEPT_HOLIDAYS | SG_WINDOW_EXCEPT_GOOD_FRIDAY))
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_flags),
                     "window %lu has unknown flags %#x", (unsigned long)i, (unsigned)w->flags);
  if (w->flags == SG_WINDOW_EXCEPT_GOOD_FRIDAY)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_flags),
                     "window %lu excepts Good Friday but not the holidays", (unsigned long)i);
  if (w->start >= w->end || w->end > 1440)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_WINDOWS_start),
                     "window %lu: bad minutes %u..%u (need start < end <= 1440)",
                     (unsigned long)i, w->start, w->end);
  return SG_OK;
}

static sg_status dec_group(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  sg_group_rec *g = &rb->groups[i];
  for (uint32_t k = 0; k < g->members.count; k++)
    if (rb->pool[g->members.first + k] >= g->member_limit)
      g->member_limit = rb->pool[g->members.first + k] + 1;
  return SG_OK;
}

static sg_status dec_pred(sg_loader *L, uint32_t i) {
  const sg_pred_rec *p = &L->rb->preds[i];
  if (p->kind != SG_SIGNAL && p->kind != SG_CONDITION)
    return load_fail(L->err, dec_field_at(L, SG_SEC_PREDS, i, SG_FLD_PREDS_kind),
                     "predicate %lu has unknown kind %u", (unsigned long)i, p->kind);
  return SG_OK;
}

static sg_status dec_rule(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  sg_rule_rec *u = &rb->rules[i];
  if (u->flags & ~(uint32_t)(SG_RULE_HAS_STEP | SG_RULE_URGENT))
    return load_fail(L->err, dec_field_at(L, SG_SEC_RULES, i, SG_FLD_RULES_flags),
                     "rule %lu has unknown flags 0x%lx", (unsigned long)i, (unsigned long)u->flags);
  u->has_step = (u->flags & SG_RULE_HAS_STEP) != 0;
  u->urgent = (u->flags & SG_RULE_URGENT) != 0;
  /* The budget holds the actions of all rules to the pool's size: no overflow. */
  u->contact_base = rb->ncontacts;
  u->actor = SG_NONE;  /* dec_actor, later, names it */
  rb->ncontacts += u->actions.count;
  /* ACTIONS is decoded before RULES, and dec_record checked the indices */
  for (uint32_t k = 0; k < u->actions.count; k++)
    u->has_contact |= rb->actions[rb->pool[u->actions.first + k]].kind == SG_CONTACT;
  return SG_OK;
}

static sg_status dec_action(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_ACTIONS;
  const sg_action_rec *a = &rb->actions[i];
  if (a->kind < SG_RECOMMEND || a->kind > SG_CONTACT)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTIONS_kind),
                     "action %lu has unknown kind %u", (unsigned long)i, a->kind);
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

/* The owner of a justification or an assumption: a kind among `kinds`
 * (a bit per sg_owner_kind) and an index below its section's count. */
static sg_status dec_owner(sg_loader *L, int S, uint32_t i, int kind_field, int owner_field,
                           unsigned kinds, uint8_t kind, uint32_t owner) {
  const sg_rulebook *rb = L->rb;
  uint32_t limit;
  const char *noun;
  switch (kind < 32 && (kinds >> kind) & 1 ? kind : 0) {
  case SG_OWNER_PREDICATE: limit = rb->npreds; noun = "predicate"; break;
  case SG_OWNER_RULE: limit = rb->nrules; noun = "rule"; break;
  case SG_OWNER_WINDOW: limit = rb->nwindows; noun = "window"; break;
  default:
    return load_fail(L->err, dec_field_at(L, S, i, kind_field), "%s %lu has unknown owner kind %u",
                     S == SG_SEC_JUSTIFY ? "justification" : "assumption", (unsigned long)i, kind);
  }
  if (owner >= limit)
    return load_fail(L->err, dec_field_at(L, S, i, owner_field), "%s index %lu out of range (%lu)",
                     noun, (unsigned long)owner, (unsigned long)limit);
  return SG_OK;
}

static sg_status dec_justification(sg_loader *L, uint32_t i) {
  const sg_justify_rec *j = &L->rb->justify[i];
  return dec_owner(L, SG_SEC_JUSTIFY, i, SG_FLD_JUSTIFY_owner_kind, SG_FLD_JUSTIFY_owner,
                   1u << SG_OWNER_PREDICATE | 1u << SG_OWNER_RULE, j->owner_kind, j->owner);
}

static sg_status dec_assumption(sg_loader *L, uint32_t i) {
  const sg_assume_rec *a = &L->rb->assume[i];
  TRY(dec_owner(L, SG_SEC_ASSUMPTIONS, i, SG_FLD_ASSUMPTIONS_owner_kind, SG_FLD_ASSUMPTIONS_owner,
                1u << SG_OWNER_PREDICATE | 1u << SG_OWNER_RULE | 1u << SG_OWNER_WINDOW,
                a->owner_kind, a->owner));
  if (a->text[0] == '\0')
    return load_fail(L->err, dec_field_at(L, SG_SEC_ASSUMPTIONS, i, SG_FLD_ASSUMPTIONS_text),
                     "assumption %lu has no text", (unsigned long)i);
  return SG_OK;
}

/* An actor: a label, and rules in ascending order that no other actor
 * lists (the range's words are already checked to be rule indices). */
static sg_status dec_actor(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_ACTORS;
  const sg_actor_rec *a = &rb->actors[i];
  if (a->label[0] == '\0')
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTORS_label),
                     "actor %lu has no label", (unsigned long)i);
  for (uint32_t k = 0; k < a->rules.count; k++) {
    uint32_t r = rb->pool[a->rules.first + k];
    if (k > 0 && r <= rb->pool[a->rules.first + k - 1])
      return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTORS_rules),
                       "actor %lu: rules not in ascending order", (unsigned long)i);
    if (rb->rules[r].actor != SG_NONE)
      return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_ACTORS_rules),
                       "rule %lu belongs to actors %lu and %lu", (unsigned long)r,
                       (unsigned long)rb->rules[r].actor, (unsigned long)i);
    rb->rules[r].actor = i;
  }
  return SG_OK;
}

static sg_status dec_line(sg_loader *L, uint32_t i) {
  const sg_rulebook *rb = L->rb;
  const sg_line_rec *l = &rb->lines[i];
  long at = dec_field_at(L, SG_SEC_LINES, i, SG_FLD_LINES_offset);
  if (l->offset > rb->code_len)
    return load_fail(L->err, at, "line entry %lu: code offset %lu past CODE",
                     (unsigned long)i, (unsigned long)l->offset);
  if (i > 0 && l->offset < rb->lines[i - 1].offset)
    return load_fail(L->err, at, "line entries not sorted by code offset");
  return SG_OK;
}

/* Record i of section `id` (HOURS or CHECKED), about entry `entry` (field
 * `entry_field`) of table `table`, after a record about (prev_table,
 * prev_entry): the entry is one of its table's, and the records go by
 * table, then entry, one per entry at most (so that a reader finds an
 * entry's record by binary search, and no entry has two). `what` names the
 * record in a message. */
static sg_status dec_entry_record(sg_loader *L, int id, int entry_field, uint32_t i,
                                  uint32_t table, uint32_t entry, uint32_t prev_table,
                                  uint32_t prev_entry, const char *what) {
  uint32_t entries = L->rb->tables[table].entries.count;
  if (entry >= entries)
    return load_fail(L->err, dec_field_at(L, id, i, entry_field),
                     "%s %lu: entry %lu out of range (table %lu has %lu)", what, (unsigned long)i,
                     (unsigned long)entry, (unsigned long)table, (unsigned long)entries);
  if (i == 0) return SG_OK;
  if (prev_table == table && prev_entry == entry)
    return load_fail(L->err, dec_record_at(L, id, i), "%s %lu: entry %lu of table %lu has %s twice",
                     what, (unsigned long)i, (unsigned long)entry, (unsigned long)table, what);
  if (prev_table > table || (prev_table == table && prev_entry > entry))
    return load_fail(L->err, dec_record_at(L, id, i), "%s records not sorted by table and entry",
                     what);
  return SG_OK;
}

/* The hours of a table entry (dec_entry_record). */
static sg_status dec_hours(sg_loader *L, uint32_t i) {
  const sg_hours_rec *h = L->rb->hours;
  return dec_entry_record(L, SG_SEC_HOURS, SG_FLD_HOURS_entry, i, h[i].table, h[i].entry, i ? h[i - 1].table : 0,
                          i ? h[i - 1].entry : 0, "hours");
}

/* The day a table entry was last checked (dec_entry_record); any day. */
static sg_status dec_checked(sg_loader *L, uint32_t i) {
  const sg_checked_rec *h = L->rb->checked;
  return dec_entry_record(L, SG_SEC_CHECKED, SG_FLD_CHECKED_entry, i, h[i].table, h[i].entry, i ? h[i - 1].table : 0,
                          i ? h[i - 1].entry : 0, "check date");
}

/* A period of validity: what it dates exists (its kind's count, or its
 * set's elements or table's entries), it is not empty, and the records
 * ascend by (kind, owner, item), so that each thing has one period and a
 * set's or table's records lie together (their range: `dated`). */
static sg_status dec_validity(sg_loader *L, uint32_t i) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_VALIDITY;
  const sg_validity_rec *v = &rb->validity[i];
  uint32_t owners, items = 1;
  switch (v->kind) {
  case SG_DATED_PRED: owners = rb->npreds; break;
  case SG_DATED_RULE: owners = rb->nrules; break;
  case SG_DATED_WINDOW: owners = rb->nwindows; break;
  case SG_DATED_ELEMENT: owners = rb->nsets; break;
  case SG_DATED_ENTRY: owners = rb->ntables; break;
  default:
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_VALIDITY_kind),
                     "period %lu has unknown kind %u", (unsigned long)i, v->kind);
  }
  if (v->owner >= owners)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_VALIDITY_owner),
                     "period %lu: owner %lu out of range (%lu)", (unsigned long)i,
                     (unsigned long)v->owner, (unsigned long)owners);
  if (v->kind == SG_DATED_ELEMENT) items = rb->sets[v->owner].elements.count;
  if (v->kind == SG_DATED_ENTRY) items = rb->tables[v->owner].entries.count;
  if (v->item >= items)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_VALIDITY_item),
                     "period %lu: item %lu out of range (%lu)", (unsigned long)i,
                     (unsigned long)v->item, (unsigned long)items);
  if (v->from >= v->until)
    return load_fail(L->err, dec_field_at(L, S, i, SG_FLD_VALIDITY_from),
                     "period %lu is empty: it ends before it begins", (unsigned long)i);
  if (i > 0) {
    const sg_validity_rec *p = &rb->validity[i - 1];
    if (p->kind > v->kind || (p->kind == v->kind && (p->owner > v->owner ||
                              (p->owner == v->owner && p->item >= v->item))))
      return load_fail(L->err, dec_record_at(L, S, i),
                       "periods not in ascending order of kind, owner and item, or one thing dated twice");
  }
  sg_range *dated = v->kind == SG_DATED_ELEMENT ? &rb->sets[v->owner].dated
                  : v->kind == SG_DATED_ENTRY   ? &rb->tables[v->owner].dated
                                                : NULL;
  if (dated != NULL) {
    if (dated->count == 0) dated->first = i;
    dated->count++;
  }
  return SG_OK;
}

/* A manifest record: record i names file i (so a reader finds a file's
 * hash at its index), and the hash is 64 lower-case hex digits, the one
 * spelling, so that two manifests compare as texts. */
static sg_status dec_manifest(sg_loader *L, uint32_t i) {
  const sg_manifest_rec *m = &L->rb->manifest[i];
  if (m->file != i)
    return load_fail(L->err, dec_field_at(L, SG_SEC_MANIFEST, i, SG_FLD_MANIFEST_file),
                     "manifest %lu names file %lu: the records go one per file, in file order",
                     (unsigned long)i, (unsigned long)m->file);
  size_t n = strspn(m->sha256, "0123456789abcdef");
  if (n != 64 || m->sha256[n] != '\0')
    return load_fail(L->err, dec_field_at(L, SG_SEC_MANIFEST, i, SG_FLD_MANIFEST_sha256),
                     "manifest %lu: the SHA-256 is not 64 lower-case hex digits", (unsigned long)i);
  return SG_OK;
}

/* A file that has MANIFEST has a record for every file: one missing at the
 * end would pass dec_manifest (which sees only records that are there). */
static sg_status dec_manifest_count(sg_loader *L) {
  const sg_rulebook *rb = L->rb;
  if (!L->sec[SG_SEC_MANIFEST].data || rb->nmanifest == rb->nfiles) return SG_OK;
  return load_fail(L->err, (long)L->sec[SG_SEC_MANIFEST].offset,
                   "the manifest covers %lu of %lu source files", (unsigned long)rb->nmanifest,
                   (unsigned long)rb->nfiles);
}

/* The sections of records, in the order they are read: a record may rely on
 * the records of the sections before it (a set on its enum fact); a
 * section without checks of its own has none. */
static const struct {
  int id;
  sg_status (*check)(sg_loader *L, uint32_t i);
} dec_order[] = {
  {SG_SEC_FACTS, dec_fact},     {SG_SEC_SETS, dec_set},       {SG_SEC_TABLES, NULL},
  {SG_SEC_WINDOWS, dec_window}, {SG_SEC_GROUPS, dec_group},   {SG_SEC_PREDS, dec_pred},
  {SG_SEC_ACTIONS, dec_action}, {SG_SEC_RULES, dec_rule},     {SG_SEC_JUSTIFY, dec_justification},
  {SG_SEC_LINES, dec_line},     {SG_SEC_ASSUMPTIONS, dec_assumption}, {SG_SEC_ACTORS, dec_actor},
  {SG_SEC_HOURS, dec_hours},   {SG_SEC_VALIDITY, dec_validity}, {SG_SEC_MANIFEST, dec_manifest},
  {SG_SEC_CHECKED, dec_checked},
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
    int id = dec_order[k].id;
    char *records = rb_records(rb, id);
    uint32_t n = rb_count(rb, id);
    for (uint32_t i = 0; i < n; i++) {
      TRY(dec_record(L, id, i, records + (size_t)i * dec_native_size[id]));
      if (dec_order[k].check) TRY(dec_order[k].check(L, i));
    }
  }
  TRY(dec_manifest_count(L));
  return dec_distinct_keys(L);
}
