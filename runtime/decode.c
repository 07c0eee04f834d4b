/* decode.c — turns the sections of a checked directory into the rulebook's
 * native arrays, checking rule 3 of docs/bytecode.md §Verification on the
 * way: exact record array sizes, every index and pool range in range,
 * strings NUL-terminated valid UTF-8, well-formed facts, windows and tables.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define TRY(expr) do { sg_status try_ = (expr); if (try_ != SG_OK) return try_; } while (0)

static const char *const dec_names[SG_SEC_COUNT + 1] = {
  "?", "STRINGS", "META", "POOL", "FACTS", "SETS", "TABLES", "WINDOWS",
  "GROUPS", "PREDS", "RULES", "ACTIONS", "JUSTIFY", "CODE", "LINES",
};

/* File offset of byte `at` of section `id`. */
static long dec_at(const sg_loader *L, int id, uint64_t at) {
  return (long)(L->sec[id].offset + at);
}

static uint32_t dec_u32(const sg_loader *L, int id, uint64_t at) {
  return sg_rd32(L->sec[id].data + at);
}

/* ---- Counts ------------------------------------------------------------ */

/* A record array: u32 count, then count records of `rec` bytes, filling the
 * section exactly. */
static sg_status dec_count_records(sg_loader *L, int id, uint32_t rec, uint32_t *count) {
  const sg_section *s = &L->sec[id];
  if (s->size < 4)
    return load_fail(L->err, (long)s->offset, "section %s too small for its count", dec_names[id]);
  uint32_t n = sg_rd32(s->data);
  if ((uint64_t)n * rec + 4 != s->size)
    return load_fail(L->err, (long)s->offset,
                     "section %s: size %lu does not hold exactly %lu records of %lu bytes",
                     dec_names[id], (unsigned long)s->size, (unsigned long)n, (unsigned long)rec);
  *count = n;
  return SG_OK;
}

/* The sum of a u32 field at byte `at` of each of `n` records of section
 * `id` (records start after the u32 count). */
static uint64_t dec_field_sum(const sg_loader *L, int id, uint32_t n, uint32_t rec, uint32_t at) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < n; i++) sum += dec_u32(L, id, 4 + (uint64_t)i * rec + at);
  return sum;
}

/* The records' pool ranges together fit in the pool, and their code blocks
 * in CODE: the compiler never shares a range or a block, and this bounds
 * the work of every later check by the file's size, so a crafted file
 * cannot make verification slow by pointing many records at one range. */
static sg_status dec_budget(sg_loader *L) {
  const sg_rulebook *rb = L->rb;
  uint64_t pool = dec_field_sum(L, SG_SEC_FACTS, rb->nfacts, SG_FACT_SIZE, 16) +
                  dec_field_sum(L, SG_SEC_SETS, rb->nsets, SG_SET_SIZE, 16) +
                  dec_field_sum(L, SG_SEC_GROUPS, rb->ngroups, SG_GROUP_SIZE, 12) +
                  dec_field_sum(L, SG_SEC_RULES, rb->nrules, SG_RULE_SIZE, 32);
  for (uint32_t i = 0; i < rb->ntables; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_TABLE_SIZE;
    uint64_t fields = dec_u32(L, SG_SEC_TABLES, r + 8), entries = dec_u32(L, SG_SEC_TABLES, r + 12);
    pool += fields + entries * (1 + fields);
  }
  if (pool > rb->npool)
    return load_fail(L->err, (long)L->sec[SG_SEC_POOL].offset,
                     "records claim %llu pool words in all, but the pool has %lu",
                     (unsigned long long)pool, (unsigned long)rb->npool);
  uint64_t code = dec_field_sum(L, SG_SEC_PREDS, rb->npreds, SG_PRED_SIZE, 20) +
                  dec_field_sum(L, SG_SEC_RULES, rb->nrules, SG_RULE_SIZE, 16) +
                  dec_field_sum(L, SG_SEC_RULES, rb->nrules, SG_RULE_SIZE, 24) +
                  dec_field_sum(L, SG_SEC_ACTIONS, rb->nactions, SG_ACTION_SIZE, 16);
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
  if (s->size < 28)
    return load_fail(L->err, (long)s->offset, "section META too small: %lu bytes",
                     (unsigned long)s->size);
  rb->nfiles = sg_rd32(s->data + 24);
  if ((uint64_t)rb->nfiles * 4 + 28 != s->size)
    return load_fail(L->err, (long)s->offset + 24,
                     "section META: size %lu does not hold exactly %lu file names",
                     (unsigned long)s->size, (unsigned long)rb->nfiles);
  TRY(dec_count_records(L, SG_SEC_POOL, 4, &rb->npool));
  TRY(dec_count_records(L, SG_SEC_FACTS, SG_FACT_SIZE, &rb->nfacts));
  TRY(dec_count_records(L, SG_SEC_SETS, SG_SET_SIZE, &rb->nsets));
  TRY(dec_count_records(L, SG_SEC_TABLES, SG_TABLE_SIZE, &rb->ntables));
  TRY(dec_count_records(L, SG_SEC_WINDOWS, SG_WINDOW_SIZE, &rb->nwindows));
  TRY(dec_count_records(L, SG_SEC_GROUPS, SG_GROUP_SIZE, &rb->ngroups));
  TRY(dec_count_records(L, SG_SEC_PREDS, SG_PRED_SIZE, &rb->npreds));
  TRY(dec_count_records(L, SG_SEC_RULES, SG_RULE_SIZE, &rb->nrules));
  TRY(dec_count_records(L, SG_SEC_ACTIONS, SG_ACTION_SIZE, &rb->nactions));
  TRY(dec_count_records(L, SG_SEC_JUSTIFY, SG_JUSTIFY_SIZE, &rb->njustify));
  TRY(dec_count_records(L, SG_SEC_CODE, 1, &rb->code_len));
  TRY(dec_count_records(L, SG_SEC_LINES, SG_LINE_SIZE, &rb->nlines));
  return dec_budget(L);
}

/* ---- Arena -------------------------------------------------------------- */

#define DEC_ALIGN _Alignof(max_align_t)

/* Add an array of n elements of `elem` bytes to the arena plan at *size. */
static int dec_plan(size_t *size, size_t *offset, size_t n, size_t elem) {
  size_t start = (*size + DEC_ALIGN - 1) / DEC_ALIGN * DEC_ALIGN;
  if (start < *size) return 0;
  *offset = start;
  return mem_size(n, elem, start, size);
}

/* Allocate the rulebook struct and all its arrays as one block. */
static sg_status dec_arena(sg_loader *L) {
  const sg_rulebook *c = L->rb;
  size_t size = sizeof(sg_rulebook), o[13];
  int ok = dec_plan(&size, &o[0], c->nstrings, sizeof(const char *)) &&
           dec_plan(&size, &o[1], c->nfiles, sizeof(const char *)) &&
           dec_plan(&size, &o[2], c->npool, sizeof(uint32_t)) &&
           dec_plan(&size, &o[3], c->nfacts, sizeof(sg_fact_rec)) &&
           dec_plan(&size, &o[4], c->nsets, sizeof(sg_set_rec)) &&
           dec_plan(&size, &o[5], c->ntables, sizeof(sg_table_rec)) &&
           dec_plan(&size, &o[6], c->nwindows, sizeof(sg_window_rec)) &&
           dec_plan(&size, &o[7], c->ngroups, sizeof(sg_group_rec)) &&
           dec_plan(&size, &o[8], c->npreds, sizeof(sg_pred_rec)) &&
           dec_plan(&size, &o[9], c->nrules, sizeof(sg_rule_rec)) &&
           dec_plan(&size, &o[10], c->nactions, sizeof(sg_action_rec)) &&
           dec_plan(&size, &o[11], c->njustify, sizeof(sg_justify_rec)) &&
           dec_plan(&size, &o[12], c->nlines, sizeof(sg_line_rec));
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
  L->rb = rb;
  return SG_OK;
}

/* ---- Field checks --------------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. */
static int dec_utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

/* The string whose index is the u32 at byte `at` of section `id`. */
static sg_status dec_str(sg_loader *L, int id, uint64_t at, const char **out) {
  uint32_t idx = dec_u32(L, id, at);
  if (idx >= L->rb->nstrings)
    return load_fail(L->err, dec_at(L, id, at), "string index %lu out of range (%lu strings)",
                     (unsigned long)idx, (unsigned long)L->rb->nstrings);
  *out = L->rb->strings[idx];
  return SG_OK;
}

/* A pool range (u32 first, u32 count) at byte `at` of section `id`. */
static sg_status dec_range(sg_loader *L, int id, uint64_t at, uint32_t *first, uint32_t *count) {
  *first = dec_u32(L, id, at);
  *count = dec_u32(L, id, at + 4);
  if ((uint64_t)*first + *count > L->rb->npool)
    return load_fail(L->err, dec_at(L, id, at), "pool range %lu+%lu out of range (pool has %lu)",
                     (unsigned long)*first, (unsigned long)*count, (unsigned long)L->rb->npool);
  return SG_OK;
}

/* Every pool entry of a range must be below `limit` (what: for the message). */
static sg_status dec_pool_below(sg_loader *L, int id, uint64_t at, uint32_t first, uint32_t count,
                                uint32_t limit, const char *what) {
  for (uint32_t k = 0; k < count; k++) {
    uint32_t v = L->rb->pool[first + k];
    if (v >= limit)
      return load_fail(L->err, dec_at(L, id, at), "%s index %lu out of range (%lu)", what,
                       (unsigned long)v, (unsigned long)limit);
  }
  return SG_OK;
}

/* `n` reserved bytes at byte `at` of section `id` must be zero. */
static sg_status dec_zero(sg_loader *L, int id, uint64_t at, int n) {
  for (int k = 0; k < n; k++)
    if (L->sec[id].data[at + k] != 0)
      return load_fail(L->err, dec_at(L, id, at + k), "reserved byte in %s is not zero",
                       dec_names[id]);
  return SG_OK;
}

/* An index at byte `at` below `limit`, or SG_NONE when `optional`. */
static sg_status dec_index(sg_loader *L, int id, uint64_t at, uint32_t limit, int optional,
                           const char *what, uint32_t *out) {
  uint32_t v = dec_u32(L, id, at);
  if (!(optional && v == SG_NONE) && v >= limit)
    return load_fail(L->err, dec_at(L, id, at), "%s index %lu out of range (%lu)", what,
                     (unsigned long)v, (unsigned long)limit);
  *out = v;
  return SG_OK;
}

/* A code range at byte `at`: inside CODE; length 0 only when optional. */
static sg_status dec_block(sg_loader *L, int id, uint64_t at, int optional, sg_block *out) {
  out->offset = dec_u32(L, id, at);
  out->length = dec_u32(L, id, at + 4);
  if (out->length == 0) {
    if (optional) return SG_OK;
    return load_fail(L->err, dec_at(L, id, at), "required code block in %s is empty",
                     dec_names[id]);
  }
  if ((uint64_t)out->offset + out->length > L->rb->code_len)
    return load_fail(L->err, dec_at(L, id, at),
                     "code block %lu+%lu lies outside CODE (%lu bytes)", (unsigned long)out->offset,
                     (unsigned long)out->length, (unsigned long)L->rb->code_len);
  return SG_OK;
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
    if (!dec_utf8_valid(blob + off, len))
      return load_fail(L->err, where, "string %lu is not valid UTF-8", (unsigned long)i);
    if (i == 0 && len != 0)
      return load_fail(L->err, where, "string 0 is not the empty string");
    rb->strings[i] = (const char *)(blob + off);
  }
  return SG_OK;
}

static sg_status dec_meta(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int M = SG_SEC_META;
  TRY(dec_str(L, M, 0, &rb->title));
  TRY(dec_str(L, M, 4, &rb->version));
  rb->effective = (int32_t)dec_u32(L, M, 8);
  TRY(dec_str(L, M, 12, &rb->source));
  TRY(dec_str(L, M, 16, &rb->compiler));
  TRY(dec_index(L, M, 20, rb->ntables, 1, "reading list table", &rb->reading));
  for (uint32_t i = 0; i < rb->nfiles; i++) TRY(dec_str(L, M, 28 + 4 * (uint64_t)i, &rb->files[i]));
  return SG_OK;
}

static sg_status dec_facts(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_FACTS;
  for (uint32_t i = 0; i < rb->nfacts; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_FACT_SIZE;
    sg_fact_rec *f = &rb->facts[i];
    const uint8_t *p = L->sec[S].data + r;
    TRY(dec_str(L, S, r, &f->name));
    TRY(dec_str(L, S, r + 4, &f->question));
    f->type = p[8];
    if (f->type < SG_BOOL || f->type > SG_DATETIME)
      return load_fail(L->err, dec_at(L, S, r + 8), "fact %lu has unknown type %u",
                       (unsigned long)i, f->type);
    if (p[9] & ~1u)
      return load_fail(L->err, dec_at(L, S, r + 9), "fact %lu has unknown flags %#x",
                       (unsigned long)i, p[9]);
    f->protect = p[9] & 1;
    TRY(dec_zero(L, S, r + 10, 2));
    TRY(dec_range(L, S, r + 12, &f->values_first, &f->value_count));
    if (f->type == SG_ENUM && f->value_count == 0)
      return load_fail(L->err, dec_at(L, S, r + 16), "enum fact %lu has no values",
                       (unsigned long)i);
    if (f->type != SG_ENUM && f->value_count != 0)
      return load_fail(L->err, dec_at(L, S, r + 16), "fact %lu is not an enum but has values",
                       (unsigned long)i);
    TRY(dec_pool_below(L, S, r + 12, f->values_first, f->value_count, rb->nstrings, "string"));
  }
  return SG_OK;
}

static sg_status dec_sets(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_SETS;
  for (uint32_t i = 0; i < rb->nsets; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_SET_SIZE;
    sg_set_rec *s = &rb->sets[i];
    TRY(dec_str(L, S, r, &s->name));
    s->elem_type = L->sec[S].data[r + 4];
    TRY(dec_zero(L, S, r + 5, 3));
    s->enum_fact = dec_u32(L, S, r + 8);
    TRY(dec_range(L, S, r + 12, &s->first, &s->count));
    uint32_t ef = s->enum_fact;
    switch (s->elem_type) {
    case SG_INT:
    case SG_TEXT:
      if (ef != SG_NONE)
        return load_fail(L->err, dec_at(L, S, r + 8), "set %lu of %s names an enum fact",
                         (unsigned long)i, sgr_type_name(s->elem_type));
      if (s->elem_type == SG_TEXT)
        TRY(dec_pool_below(L, S, r + 12, s->first, s->count, rb->nstrings, "string"));
      break;
    case SG_ENUM:
      if (ef >= rb->nfacts || rb->facts[ef].type != SG_ENUM)
        return load_fail(L->err, dec_at(L, S, r + 8), "set %lu: %lu is not an enum fact",
                         (unsigned long)i, (unsigned long)ef);
      TRY(dec_pool_below(L, S, r + 12, s->first, s->count, rb->facts[ef].value_count,
                         "enum value"));
      break;
    default:
      return load_fail(L->err, dec_at(L, S, r + 4), "set %lu has invalid element type %u",
                       (unsigned long)i, s->elem_type);
    }
  }
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
        st = load_fail(L->err, dec_at(L, SG_SEC_TABLES, 4 + (uint64_t)t * SG_TABLE_SIZE),
                       "table %lu has a duplicate key", (unsigned long)t);
  }
  mem_free(rb->alloc, rb->ud, keys, bytes);
  return st;
}

static sg_status dec_tables(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_TABLES;
  for (uint32_t i = 0; i < rb->ntables; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_TABLE_SIZE;
    sg_table_rec *t = &rb->tables[i];
    TRY(dec_str(L, S, r, &t->name));
    TRY(dec_range(L, S, r + 4, &t->fields_first, &t->field_count));
    TRY(dec_pool_below(L, S, r + 4, t->fields_first, t->field_count, rb->nstrings, "string"));
    t->entry_count = dec_u32(L, S, r + 12);
    t->entries_first = dec_u32(L, S, r + 16);
    uint64_t cells = (uint64_t)t->entry_count * (1 + (uint64_t)t->field_count);
    if (cells + t->entries_first > rb->npool)
      return load_fail(L->err, dec_at(L, S, r + 12),
                       "table %lu: %lu entries from pool %lu run past the pool (%lu)",
                       (unsigned long)i, (unsigned long)t->entry_count,
                       (unsigned long)t->entries_first, (unsigned long)rb->npool);
    TRY(dec_pool_below(L, S, r + 16, t->entries_first, (uint32_t)cells, rb->nstrings, "string"));
  }
  return dec_distinct_keys(L);
}

static sg_status dec_windows(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_WINDOWS;
  for (uint32_t i = 0; i < rb->nwindows; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_WINDOW_SIZE;
    const uint8_t *p = L->sec[S].data + r;
    sg_window_rec *w = &rb->windows[i];
    TRY(dec_str(L, S, r, &w->name));
    w->days = p[4];
    if (w->days & 0x80)
      return load_fail(L->err, dec_at(L, S, r + 4), "window %lu: day mask has bit 7 set",
                       (unsigned long)i);
    TRY(dec_zero(L, S, r + 5, 1));
    w->start = sg_rd16(p + 6);
    w->end = sg_rd16(p + 8);
    if (w->start >= w->end || w->end > 1440)
      return load_fail(L->err, dec_at(L, S, r + 6),
                       "window %lu: bad minutes %u..%u (need start < end <= 1440)",
                       (unsigned long)i, w->start, w->end);
    TRY(dec_zero(L, S, r + 10, 2));
  }
  return SG_OK;
}

static sg_status dec_groups(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_GROUPS;
  for (uint32_t i = 0; i < rb->ngroups; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_GROUP_SIZE;
    sg_group_rec *g = &rb->groups[i];
    TRY(dec_str(L, S, r, &g->name));
    TRY(dec_str(L, S, r + 4, &g->label));
    TRY(dec_range(L, S, r + 8, &g->first, &g->count));
    TRY(dec_pool_below(L, S, r + 8, g->first, g->count, rb->npreds, "predicate"));
    for (uint32_t k = 0; k < g->count; k++)
      if (rb->pool[g->first + k] >= g->member_limit) g->member_limit = rb->pool[g->first + k] + 1;
  }
  return SG_OK;
}

static sg_status dec_preds(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_PREDS;
  for (uint32_t i = 0; i < rb->npreds; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_PRED_SIZE;
    sg_pred_rec *p = &rb->preds[i];
    TRY(dec_str(L, S, r, &p->name));
    TRY(dec_str(L, S, r + 4, &p->label));
    p->kind = L->sec[S].data[r + 8];
    if (p->kind != SG_SIGNAL && p->kind != SG_CONDITION)
      return load_fail(L->err, dec_at(L, S, r + 8), "predicate %lu has unknown kind %u",
                       (unsigned long)i, p->kind);
    TRY(dec_zero(L, S, r + 9, 3));
    TRY(dec_index(L, S, r + 12, rb->ngroups, 1, "group", &p->group));
    TRY(dec_block(L, S, r + 16, 0, &p->code));
    TRY(dec_str(L, S, r + 24, &p->citation));
  }
  return SG_OK;
}

static sg_status dec_rules(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_RULES;
  uint64_t contacts = 0;
  for (uint32_t i = 0; i < rb->nrules; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_RULE_SIZE;
    sg_rule_rec *u = &rb->rules[i];
    TRY(dec_str(L, S, r, &u->name));
    TRY(dec_str(L, S, r + 4, &u->label));
    u->step = (int32_t)dec_u32(L, S, r + 8);
    TRY(dec_block(L, S, r + 12, 0, &u->when));
    TRY(dec_block(L, S, r + 20, 1, &u->unless));
    TRY(dec_range(L, S, r + 28, &u->actions_first, &u->action_count));
    TRY(dec_pool_below(L, S, r + 28, u->actions_first, u->action_count, rb->nactions, "action"));
    TRY(dec_str(L, S, r + 36, &u->citation));
    uint32_t flags = dec_u32(L, S, r + 40);
    if (flags & ~1u)
      return load_fail(L->err, dec_at(L, S, r + 40), "rule %lu has unknown flags 0x%lx",
                       (unsigned long)i, (unsigned long)flags);
    u->has_step = (uint8_t)(flags & 1);
    u->contact_base = (uint32_t)contacts;
    contacts += u->action_count;  /* each <= pool size, so the sum stays small */
  }
  if (contacts > UINT32_MAX)
    return load_fail(L->err, -1, "rules have too many actions in all");
  rb->ncontacts = (uint32_t)contacts;
  return SG_OK;
}

static sg_status dec_actions(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_ACTIONS;
  for (uint32_t i = 0; i < rb->nactions; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_ACTION_SIZE;
    sg_action_rec *a = &rb->actions[i];
    a->kind = L->sec[S].data[r];
    if (a->kind < SG_RECOMMEND || a->kind > SG_CONTACT)
      return load_fail(L->err, dec_at(L, S, r), "action %lu has unknown kind %u",
                       (unsigned long)i, a->kind);
    TRY(dec_zero(L, S, r + 1, 3));
    TRY(dec_str(L, S, r + 4, &a->text));
    int contact = a->kind == SG_CONTACT;
    if (contact) {
      TRY(dec_index(L, S, r + 8, rb->ntables, 0, "table", &a->table));
    } else if ((a->table = dec_u32(L, S, r + 8)) != SG_NONE) {
      return load_fail(L->err, dec_at(L, S, r + 8), "action %lu is no contact but names a table",
                       (unsigned long)i);
    }
    TRY(dec_block(L, S, r + 12, !contact, &a->key));
    if (!contact && a->key.length != 0)
      return load_fail(L->err, dec_at(L, S, r + 16), "action %lu is no contact but has a key",
                       (unsigned long)i);
  }
  return SG_OK;
}

static sg_status dec_justify(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_JUSTIFY;
  for (uint32_t i = 0; i < rb->njustify; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_JUSTIFY_SIZE;
    sg_justify_rec *j = &rb->justify[i];
    j->owner_kind = L->sec[S].data[r];
    if (j->owner_kind != 1 && j->owner_kind != 2)
      return load_fail(L->err, dec_at(L, S, r), "justification %lu has unknown owner kind %u",
                       (unsigned long)i, j->owner_kind);
    TRY(dec_zero(L, S, r + 1, 3));
    if (j->owner_kind == 1) TRY(dec_index(L, S, r + 4, rb->npreds, 0, "predicate", &j->owner));
    else TRY(dec_index(L, S, r + 4, rb->nrules, 0, "rule", &j->owner));
    TRY(dec_index(L, S, r + 8, rb->nfacts, 0, "fact", &j->fact));
    TRY(dec_str(L, S, r + 12, &j->text));
  }
  return SG_OK;
}

static sg_status dec_lines(sg_loader *L) {
  sg_rulebook *rb = L->rb;
  const int S = SG_SEC_LINES;
  for (uint32_t i = 0; i < rb->nlines; i++) {
    uint64_t r = 4 + (uint64_t)i * SG_LINE_SIZE;
    sg_line_rec *l = &rb->lines[i];
    l->offset = dec_u32(L, S, r);
    if (l->offset > rb->code_len)
      return load_fail(L->err, dec_at(L, S, r), "line entry %lu: code offset %lu past CODE",
                       (unsigned long)i, (unsigned long)l->offset);
    if (i > 0 && l->offset < rb->lines[i - 1].offset)
      return load_fail(L->err, dec_at(L, S, r), "line entries not sorted by code offset");
    TRY(dec_index(L, S, r + 4, rb->nfiles, 0, "file", &l->file));
    l->line = dec_u32(L, S, r + 8);
    l->column = dec_u32(L, S, r + 12);
  }
  return SG_OK;
}

sg_status decode_sections(sg_loader *L) {
  TRY(dec_arena(L));
  sg_rulebook *rb = L->rb;
  const sg_section *pool = &L->sec[SG_SEC_POOL];
  for (uint32_t i = 0; i < rb->npool; i++) rb->pool[i] = sg_rd32(pool->data + 4 + (size_t)i * 4);
  rb->code = L->sec[SG_SEC_CODE].data + 4;
  rb->code_file_offset = L->sec[SG_SEC_CODE].offset + 4;
  TRY(dec_strings(L));
  TRY(dec_meta(L));
  TRY(dec_facts(L));
  TRY(dec_sets(L));
  TRY(dec_tables(L));
  TRY(dec_windows(L));
  TRY(dec_groups(L));
  TRY(dec_preds(L));
  TRY(dec_actions(L));
  TRY(dec_rules(L));
  TRY(dec_justify(L));
  TRY(dec_lines(L));
  return SG_OK;
}
