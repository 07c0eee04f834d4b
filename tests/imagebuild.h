/* imagebuild.h — a tiny writer of .rbc images for the runtime's tests:
 * append strings, pool entries, records and code, then ib_finish lays out
 * header, directory and sections as docs/bytecode.md says and fixes up the
 * size and CRC. Test utility only: aborts on out-of-memory.
 */
#ifndef SG_IMAGEBUILD_H
#define SG_IMAGEBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "signaal.h"

typedef struct {
  uint8_t *data;
  size_t len, cap;
} ib_buf;

typedef struct {
  ib_buf sec[SG_SEC_COUNT + 1]; /* records / payload per section id (no count) */
  uint32_t count[SG_SEC_COUNT + 1];
  ib_buf str_blob;              /* STRINGS blob; sec[STRINGS] holds the entries */
  uint32_t title, version, source, compiler;
  int32_t effective;
  uint32_t files[8], nfiles;
  uint32_t omit;                /* bit id: a section ib_finish leaves out (0: none) */
} ib_image;

static inline void ib_put(ib_buf *b, const void *p, size_t n) {
  if (n == 0) return;
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2 + 64;
    b->data = realloc(b->data, b->cap);
    if (!b->data) abort();
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}
static inline void ib_u8(ib_buf *b, uint8_t v) { ib_put(b, &v, 1); }
static inline void ib_u16(ib_buf *b, uint16_t v) { uint8_t x[2]; sg_wr16(x, v); ib_put(b, x, 2); }
static inline void ib_u32(ib_buf *b, uint32_t v) { uint8_t x[4]; sg_wr32(x, v); ib_put(b, x, 4); }
static inline void ib_u64(ib_buf *b, uint64_t v) { uint8_t x[8]; sg_wr64(x, v); ib_put(b, x, 8); }

/* Append a record to section `id` from one value per field (records.def,
 * SG_F), encoded by the runtime's own encoder; returns its index. */
static inline uint32_t ib_record(ib_image *im, int id, const uint64_t *values) {
  uint8_t bytes[64];
  uint32_t size, first, count;
  const char *element;
  sgr_record_shape_of(id, &size, &first, &count, &element);
  sgr_record_encode(id, values, bytes);
  ib_put(&im->sec[id], bytes, size);
  return im->count[id]++;
}

/* Index of string s, added on first use (string 0 is ""). */
static inline uint32_t ib_str(ib_image *im, const char *s) {
  const ib_buf *e = &im->sec[SG_SEC_STRINGS];
  for (uint32_t i = 0; i < im->count[SG_SEC_STRINGS]; i++) {
    uint32_t off = sg_rd32(e->data + 8 * i), len = sg_rd32(e->data + 8 * i + 4);
    if (len == strlen(s) && memcmp(im->str_blob.data + off, s, len) == 0) return i;
  }
  ib_u32(&im->sec[SG_SEC_STRINGS], (uint32_t)im->str_blob.len);
  ib_u32(&im->sec[SG_SEC_STRINGS], (uint32_t)strlen(s));
  ib_put(&im->str_blob, s, strlen(s) + 1);
  return im->count[SG_SEC_STRINGS]++;
}

/* The SHA-256 of an empty source, the hash ib_init gives its one file. */
#define IB_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A MANIFEST record (1.3): file `file` has the SHA-256 `hex` (written as
 * given, so a test can break it on purpose). */
static inline void ib_manifest(ib_image *im, uint32_t file, const char *hex) {
  uint64_t v[SG_NFIELDS(MANIFEST)] = {0};
  v[SG_F(MANIFEST, file)] = file;
  v[SG_F(MANIFEST, sha256)] = ib_str(im, hex);
  ib_record(im, SG_SEC_MANIFEST, v);
}

/* An image of one source file, test.rules, with its manifest record. */
static inline void ib_init(ib_image *im) {
  memset(im, 0, sizeof *im);
  ib_str(im, "");
  im->title = ib_str(im, "Test");
  im->version = ib_str(im, "1");
  im->source = ib_str(im, "tests");
  im->compiler = ib_str(im, "imagebuild");
  im->effective = 17106; /* 2016-11-01 */
  im->files[im->nfiles++] = ib_str(im, "test.rules");
  ib_manifest(im, 0, IB_EMPTY_SHA256);
}

static inline void ib_free(ib_image *im) {
  for (int i = 0; i <= SG_SEC_COUNT; i++) free(im->sec[i].data);
  free(im->str_blob.data);
}

/* Append n u32 to POOL; returns the index of the first. */
static inline uint32_t ib_pool(ib_image *im, uint32_t n, const uint32_t *v) {
  uint32_t first = im->count[SG_SEC_POOL];
  for (uint32_t i = 0; i < n; i++) ib_u32(&im->sec[SG_SEC_POOL], v[i]);
  im->count[SG_SEC_POOL] += n;
  return first;
}

/* A fact; `values` (n names) for enums. Returns its slot. */
static inline uint32_t ib_fact(ib_image *im, const char *name, uint8_t type, uint8_t flags,
                               uint32_t n, const char *const *values) {
  uint32_t idx[16], first = 0;
  for (uint32_t i = 0; i < n; i++) idx[i] = ib_str(im, values[i]);
  if (n) first = ib_pool(im, n, idx);
  uint64_t v[SG_NFIELDS(FACTS)] = {0};
  v[SG_F(FACTS, name)] = ib_str(im, name);
  v[SG_F(FACTS, question)] = ib_str(im, "Vraag?");
  v[SG_F(FACTS, type)] = type;
  v[SG_F(FACTS, flags)] = flags;
  v[SG_F(FACTS, values)] = sg_pair(first, n);
  return ib_record(im, SG_SEC_FACTS, v);
}

/* A set of ints (i32 patterns), texts (pass string indices), enum values or
 * countries (indices into runtime/countries.def). */
static inline uint32_t ib_set(ib_image *im, const char *name, uint8_t elem, uint32_t enum_fact,
                              uint32_t n, const uint32_t *elems) {
  uint32_t first = ib_pool(im, n, elems);
  uint64_t v[SG_NFIELDS(SETS)] = {0};
  v[SG_F(SETS, name)] = ib_str(im, name);
  v[SG_F(SETS, elem_type)] = elem;
  v[SG_F(SETS, enum_fact)] = enum_fact;
  v[SG_F(SETS, elements)] = sg_pair(first, n);
  return ib_record(im, SG_SEC_SETS, v);
}

/* A table of nfields fields; `cells` holds nentries x (key, field values). */
static inline uint32_t ib_table(ib_image *im, const char *name, uint32_t nfields,
                                const char *const *fields, uint32_t nentries,
                                const char *const *cells) {
  uint32_t idx[64];
  for (uint32_t i = 0; i < nfields; i++) idx[i] = ib_str(im, fields[i]);
  uint32_t ffirst = ib_pool(im, nfields, idx);
  uint32_t ncells = nentries * (1 + nfields);
  for (uint32_t i = 0; i < ncells; i++) idx[i] = ib_str(im, cells[i]);
  uint32_t efirst = ib_pool(im, ncells, idx);
  uint64_t v[SG_NFIELDS(TABLES)] = {0};
  v[SG_F(TABLES, name)] = ib_str(im, name);
  v[SG_F(TABLES, fields)] = sg_pair(ffirst, nfields);
  v[SG_F(TABLES, entries)] = sg_pair(nentries, efirst);
  return ib_record(im, SG_SEC_TABLES, v);
}

/* A window; flags: SG_WINDOW_EXCEPT_HOLIDAYS, _GOOD_FRIDAY or 0. */
static inline uint32_t ib_window(ib_image *im, const char *name, uint8_t days, uint8_t flags,
                                 uint16_t start, uint16_t end) {
  uint64_t v[SG_NFIELDS(WINDOWS)] = {0};
  v[SG_F(WINDOWS, name)] = ib_str(im, name);
  v[SG_F(WINDOWS, days)] = days;
  v[SG_F(WINDOWS, flags)] = flags;
  v[SG_F(WINDOWS, start)] = start;
  v[SG_F(WINDOWS, end)] = end;
  return ib_record(im, SG_SEC_WINDOWS, v);
}

/* A record of three fields (name, label, pool range), as GROUPS and ACTORS
 * have: the range holds `items`, written as given. */
static inline uint32_t ib_named_range(ib_image *im, int sec, const char *name, const char *label,
                                      uint32_t n, const uint32_t *items) {
  _Static_assert(SG_NFIELDS(GROUPS) == 3 && SG_NFIELDS(ACTORS) == 3 &&
                     SG_F(GROUPS, members) == 2 && SG_F(ACTORS, rules) == 2,
                 "GROUPS and ACTORS: name, label, range");
  uint32_t first = ib_pool(im, n, items);
  uint64_t v[3] = {ib_str(im, name), ib_str(im, label), sg_pair(first, n)};
  return ib_record(im, sec, v);
}

static inline uint32_t ib_group(ib_image *im, const char *name, uint32_t n, const uint32_t *members) {
  return ib_named_range(im, SG_SEC_GROUPS, name, "Groep", n, members);
}

/* ---- Code: emit instructions, a block is (start, ib_here() - start) ---- */

typedef struct { uint32_t offset, length; } ib_block;

static inline uint32_t ib_here(ib_image *im) { return (uint32_t)im->sec[SG_SEC_CODE].len; }
static inline void ib_op(ib_image *im, int op) { ib_u8(&im->sec[SG_SEC_CODE], (uint8_t)op); }
static inline void ib_op16(ib_image *im, int op, uint16_t a) {
  ib_op(im, op);
  ib_u16(&im->sec[SG_SEC_CODE], a);
}
static inline void ib_op1616(ib_image *im, int op, uint16_t a, uint16_t b) {
  ib_op16(im, op, a);
  ib_u16(&im->sec[SG_SEC_CODE], b);
}
static inline void ib_op32(ib_image *im, int op, uint32_t a) {
  ib_op(im, op);
  ib_u32(&im->sec[SG_SEC_CODE], a);
}
static inline void ib_op64(ib_image *im, int op, uint64_t a) {
  ib_op(im, op);
  ib_u64(&im->sec[SG_SEC_CODE], a);
}
static inline ib_block ib_end(ib_image *im, uint32_t start) {
  ib_block b = {start, ib_here(im) - start};
  return b;
}
/* Patch the U16 operand of the jump at `at` to land at the current end. */
static inline void ib_patch(ib_image *im, uint32_t at) {
  sg_wr16(im->sec[SG_SEC_CODE].data + at + 1, (uint16_t)(ib_here(im) - at - 3));
}

static inline uint32_t ib_pred(ib_image *im, const char *name, uint8_t kind, uint32_t group,
                               ib_block code) {
  uint64_t v[SG_NFIELDS(PREDS)] = {0};
  v[SG_F(PREDS, name)] = ib_str(im, name);
  v[SG_F(PREDS, label)] = ib_str(im, name);
  v[SG_F(PREDS, kind)] = kind;
  v[SG_F(PREDS, group)] = group;
  v[SG_F(PREDS, code)] = sg_pair(code.offset, code.length);
  v[SG_F(PREDS, citation)] = ib_str(im, "bron");
  return ib_record(im, SG_SEC_PREDS, v);
}

static inline uint32_t ib_action(ib_image *im, uint8_t kind, const char *text, uint32_t table,
                                 ib_block key) {
  uint64_t v[SG_NFIELDS(ACTIONS)] = {0};
  v[SG_F(ACTIONS, kind)] = kind;
  v[SG_F(ACTIONS, text)] = ib_str(im, text);
  v[SG_F(ACTIONS, table)] = table;
  v[SG_F(ACTIONS, key)] = sg_pair(key.offset, key.length);
  return ib_record(im, SG_SEC_ACTIONS, v);
}

static inline uint32_t ib_rule(ib_image *im, const char *name, int32_t step, ib_block when,
                               ib_block unless, uint32_t nactions, const uint32_t *actions) {
  uint32_t first = ib_pool(im, nactions, actions);
  uint64_t v[SG_NFIELDS(RULES)] = {0};
  v[SG_F(RULES, name)] = ib_str(im, name);
  v[SG_F(RULES, label)] = ib_str(im, name);
  v[SG_F(RULES, step)] = (uint32_t)step;
  v[SG_F(RULES, when)] = sg_pair(when.offset, when.length);
  v[SG_F(RULES, unless)] = sg_pair(unless.offset, unless.length);
  v[SG_F(RULES, actions)] = sg_pair(first, nactions);
  v[SG_F(RULES, citation)] = ib_str(im, "bron");
  v[SG_F(RULES, flags)] = step != 0 ? SG_RULE_HAS_STEP : 0;
  return ib_record(im, SG_SEC_RULES, v);
}

static inline void ib_justify(ib_image *im, uint8_t owner_kind, uint32_t owner, uint32_t fact,
                              const char *text) {
  uint64_t v[SG_NFIELDS(JUSTIFY)] = {0};
  v[SG_F(JUSTIFY, owner_kind)] = owner_kind;
  v[SG_F(JUSTIFY, owner)] = owner;
  v[SG_F(JUSTIFY, fact)] = fact;
  v[SG_F(JUSTIFY, text)] = ib_str(im, text);
  ib_record(im, SG_SEC_JUSTIFY, v);
}

/* An assumption of predicate, rule or window `owner` (owner_kind: an
 * sg_owner_kind; any other value makes a bad image on purpose). */
static inline void ib_assumption(ib_image *im, uint8_t owner_kind, uint32_t owner,
                                 const char *text) {
  uint64_t v[SG_NFIELDS(ASSUMPTIONS)] = {0};
  v[SG_F(ASSUMPTIONS, owner_kind)] = owner_kind;
  v[SG_F(ASSUMPTIONS, owner)] = owner;
  v[SG_F(ASSUMPTIONS, text)] = ib_str(im, text);
  ib_record(im, SG_SEC_ASSUMPTIONS, v);
}

/* An actor (1.2) doing the advice of rules `rules` (written as given, so
 * a test can break the order on purpose). */
static inline uint32_t ib_actor(ib_image *im, const char *name, const char *label, uint32_t n,
                                const uint32_t *rules) {
  return ib_named_range(im, SG_SEC_ACTORS, name, label, n, rules);
}

/* The hours of entry `entry` of table `table`: window `window` (ib_finish
 * writes the records in the order given, sorted or not). */
static inline void ib_hours(ib_image *im, uint32_t table, uint32_t entry, uint32_t window) {
  uint64_t v[SG_NFIELDS(HOURS)] = {0};
  v[SG_F(HOURS, table)] = table;
  v[SG_F(HOURS, entry)] = entry;
  v[SG_F(HOURS, window)] = window;
  ib_record(im, SG_SEC_HOURS, v);
}

/* The day entry `entry` of table `table` was last checked (1.4; written
 * as given, sorted or not). */
static inline void ib_checked(ib_image *im, uint32_t table, uint32_t entry, int32_t day) {
  uint64_t v[SG_NFIELDS(CHECKED)] = {0};
  v[SG_F(CHECKED, table)] = table;
  v[SG_F(CHECKED, entry)] = entry;
  v[SG_F(CHECKED, date)] = (uint32_t)day;
  ib_record(im, SG_SEC_CHECKED, v);
}

/* A VALIDITY record (1.3), written as given so that a test can break the
 * order or the period on purpose. */
static inline void ib_period(ib_image *im, uint8_t kind, uint32_t owner, uint32_t item,
                             int32_t from, int32_t until) {
  uint64_t v[SG_NFIELDS(VALIDITY)] = {0};
  v[SG_F(VALIDITY, kind)] = kind;
  v[SG_F(VALIDITY, owner)] = owner;
  v[SG_F(VALIDITY, item)] = item;
  v[SG_F(VALIDITY, from)] = (uint32_t)from;
  v[SG_F(VALIDITY, until)] = (uint32_t)until;
  ib_record(im, SG_SEC_VALIDITY, v);
}

static inline void ib_line(ib_image *im, uint32_t offset, uint32_t file, uint32_t line,
                           uint32_t column) {
  uint64_t v[SG_NFIELDS(LINES)] = {0};
  v[SG_F(LINES, offset)] = offset;
  v[SG_F(LINES, file)] = file;
  v[SG_F(LINES, line)] = line;
  v[SG_F(LINES, column)] = column;
  ib_record(im, SG_SEC_LINES, v);
}

/* File offset of section `id` in a finished image (0 when absent). */
static inline uint32_t ib_section(const uint8_t *img, uint32_t id) {
  uint32_t n = sg_rd32(img + 20);
  for (uint32_t i = 0; i < n; i++)
    if (sg_rd32(img + SG_HEADER_SIZE + 12 * i) == id) return sg_rd32(img + SG_HEADER_SIZE + 12 * i + 4);
  return 0;
}

/* Recompute the CRC of a finished (possibly edited) image. */
static inline void ib_fix_crc(uint8_t *img, size_t size) {
  static const uint8_t zero[4] = {0, 0, 0, 0};
  uint32_t crc = sgr_crc32(0, img, 16);
  crc = sgr_crc32(crc, zero, 4);
  crc = sgr_crc32(crc, img + 20, size - 20);
  sg_wr32(img + 16, crc);
}

/* Lay out the image (malloc'd; free it) and its size. */
static inline uint8_t *ib_finish(ib_image *im, size_t *size) {
  ib_buf payload[SG_SEC_COUNT + 1];
  memset(payload, 0, sizeof payload);
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    ib_buf *p = &payload[id];
    if (id == SG_SEC_META) {
      uint64_t v[SG_NFIELDS(META)] = {0};
      uint8_t bytes[SG_RECSIZE_META];
      v[SG_F(META, title)] = im->title;
      v[SG_F(META, version)] = im->version;
      v[SG_F(META, effective)] = (uint32_t)im->effective;
      v[SG_F(META, source)] = im->source;
      v[SG_F(META, compiler)] = im->compiler;
      v[SG_F(META, reading)] = SG_NONE;  /* no reading list */
      v[SG_F(META, files)] = im->nfiles;
      sgr_record_encode(SG_SEC_META, v, bytes);
      ib_put(p, bytes, sizeof bytes);
      for (uint32_t i = 0; i < im->nfiles; i++) ib_u32(p, im->files[i]);
      continue;
    }
    ib_u32(p, id == SG_SEC_CODE ? (uint32_t)im->sec[id].len : im->count[id]);
    if (im->sec[id].len) ib_put(p, im->sec[id].data, im->sec[id].len);
    if (id == SG_SEC_STRINGS) ib_put(p, im->str_blob.data, im->str_blob.len);
  }
  uint32_t n = 0;
  for (int id = 1; id <= SG_SEC_COUNT; id++) n += !(im->omit >> id & 1);
  ib_buf out = {0, 0, 0};
  uint8_t header[SG_HEADER_SIZE] = {0};
  memcpy(header, SG_MAGIC, SG_MAGIC_SIZE);
  sg_wr16(header + 8, SG_FORMAT_MAJOR);
  sg_wr16(header + 10, SG_FORMAT_MINOR);
  sg_wr32(header + 20, n);
  for (int i = 0; i < 32; i++) header[24 + i] = (uint8_t)(i * 7);
  ib_put(&out, header, sizeof header);
  size_t at = SG_HEADER_SIZE + (size_t)n * SG_DIR_ENTRY_SIZE;
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (im->omit >> id & 1) continue;
    at = (at + 3) & ~(size_t)3;
    ib_u32(&out, (uint32_t)id);
    ib_u32(&out, (uint32_t)at);
    ib_u32(&out, (uint32_t)payload[id].len);
    at += payload[id].len;
  }
  for (int id = 1; id <= SG_SEC_COUNT; id++) {
    if (!(im->omit >> id & 1)) {
      while (out.len % 4) ib_u8(&out, 0);
      ib_put(&out, payload[id].data, payload[id].len);
    }
    free(payload[id].data);
  }
  sg_wr32(out.data + 12, (uint32_t)out.len);
  ib_fix_crc(out.data, out.len);
  *size = out.len;
  return out.data;
}

/* Finish `im` (freed) and load the image with `alloc` (NULL: malloc): the
 * loader's status, *rb and *err as sg_rulebook_load leaves them. */
static inline sg_status ib_load(ib_image *im, sg_alloc_fn alloc, void *ud, sg_rulebook **rb,
                                sg_error *err) {
  size_t size;
  uint8_t *img = ib_finish(im, &size);
  ib_free(im);
  sg_status st = sg_rulebook_load(img, size, alloc, ud, rb, err);
  free(img);
  return st;
}

#endif
