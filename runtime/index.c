/* index.c — the hash indices a load builds for the lookups an evaluation
 * makes: a set's elements by value (INSET) and a table's entries by key
 * (INTABLE, contact actions). Built once after verification, read-only
 * afterwards; a set or table beyond the budget keeps the linear scan.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "util.h"

/* How many slots the indices may take in all: a few per byte of image, so
 * that sets or tables sharing one pool range cannot make a small file ask
 * for a large index (those beyond it are scanned instead). */
#define INDEX_SLOTS_PER_BYTE 4

#ifdef SG_TEST_HOOKS
/* The test build's hooks (internal.h): a smaller budget leaves sets and
 * tables to the scan; a mask on every hash makes them collide. */
size_t sgt_index_budget = SIZE_MAX;
uint32_t sgt_index_hash_mask = UINT32_MAX;
#define INDEX_HASH(h) ((h) & sgt_index_hash_mask)
#else
#define INDEX_HASH(h) (h)
#endif

/* The hash of a table key. */
static uint32_t index_key_hash(const char *key) {
  return INDEX_HASH(sgr_hash(key));
}

/* The slots of an index of `count` items: a power of two at least twice
 * the count, so that a probe always meets an empty slot. A slot is two
 * words: the item's hash, then the item + 1 (0: empty). */
static size_t index_capacity(uint32_t count) {
  size_t cap = 1;
  while (cap < 2 * (size_t)count) cap *= 2;
  return cap;
}

/* The hash of an integer-like value (int, enum index, country index). */
static uint32_t index_int_hash(int64_t v) {
  return (uint32_t)(((uint64_t)v * 0x9E3779B97F4A7C15ull) >> 32);
}

/* The hash of a known value as set `set` holds it. */
static uint32_t index_value_hash(const sg_set_rec *set, const sg_value *x) {
  return INDEX_HASH(set->elem_type == SG_TEXT ? sgr_hash(x->u.s) : index_int_hash(x->u.i));
}

/* Element k of set `set` as a value of its element type. */
static sg_value index_element(const sg_rulebook *rb, const sg_set_rec *set, uint32_t k) {
  uint32_t el = rb->pool[set->elements.first + k];
  sg_value v;
  memset(&v, 0, sizeof v);
  if (set->elem_type == SG_TEXT) v.u.s = rb_str(rb, el);
  else v.u.i = set->elem_type == SG_INT ? (int64_t)(int32_t)el : (int64_t)el;
  return v;
}

/* The key string of entry e of table `tb`. */
static const char *index_entry_key(const sg_rulebook *rb, const sg_table_rec *tb, uint32_t e) {
  return rb_str(rb, rb->pool[tb->entries.first + e * ((size_t)tb->fields.count + 1)]);
}

/* The bits of a bit set for set `set`, one per value from 0 to its
 * greatest element: 0 when it takes a hash index instead (texts, dated
 * elements, an element below 0 or from SET_BITS_MAX). */
#define SET_BITS_MAX 4096
static uint32_t index_bits(const sg_rulebook *rb, const sg_set_rec *set) {
  if (set->elem_type == SG_TEXT || set->dated.count != 0 || set->elements.count == 0) return 0;
  int64_t top = 0;
  for (uint32_t k = 0; k < set->elements.count; k++) {
    sg_value v = index_element(rb, set, k);
    if (v.u.i < 0 || v.u.i >= SET_BITS_MAX) return 0;
    if (v.u.i > top) top = v.u.i;
  }
  return (uint32_t)top + 1;
}

/* Put item `item` (hash `h`) into the index at `slots` of `mask` + 1 slots. */
static void index_insert(uint32_t *slots, uint32_t mask, uint32_t h, uint32_t item) {
  uint32_t i = h & mask;
  while (slots[2 * i + 1]) i = (i + 1) & mask;
  slots[2 * i] = h;
  slots[2 * i + 1] = item + 1;
}

sg_status sgr_index_build(sg_rulebook *rb, sg_error *err) {
  size_t budget = rb->size * INDEX_SLOTS_PER_BYTE, total = 0;
#ifdef SG_TEST_HOOKS
  if (budget > sgt_index_budget) budget = sgt_index_budget;
#endif
  for (uint32_t s = 0; s < rb->nsets; s++) {
    sg_set_rec *set = &rb->sets[s];
    uint32_t bits = index_bits(rb, set);
    /* a bit set takes (bits + 63) / 64 slots of two words */
    size_t cap = bits ? (bits + 63) / 64 : index_capacity(set->elements.count);
    if (cap > budget - total) continue;  /* not indexed: scanned */
    set->index_first = (uint32_t)total * 2;
    set->index_mask = bits ? bits : (uint32_t)(cap - 1);
    set->indexed = bits ? SGR_INDEX_BITS : SGR_INDEX_HASH;
    total += cap;
  }
  for (uint32_t t = 0; t < rb->ntables; t++) {
    size_t cap = index_capacity(rb->tables[t].entries.count);
    if (cap > budget - total) continue;
    rb->tables[t].index_first = (uint32_t)total * 2;
    rb->tables[t].index_mask = (uint32_t)(cap - 1);
    rb->tables[t].indexed = 1;
    total += cap;
  }
  size_t fcap = index_capacity(rb->nfacts);
  if (rb->nfacts > 0 && fcap <= budget - total) {
    rb->facts_index_first = (uint32_t)total * 2;
    rb->facts_index_mask = (uint32_t)(fcap - 1);
    rb->facts_indexed = 1;
    total += fcap;
  }
  size_t bytes = total * 2 * sizeof(uint32_t);
  uint32_t *slots = total ? mem_alloc(rb->alloc, rb->ud, bytes) : NULL;
  if (total && !slots) {
    load_fail(err, -1, "out of memory for the set and table indices");
    return SG_ERR_NOMEM;
  }
  if (total) memset(slots, 0, bytes);
  rb->index = slots;
  rb->index_size = bytes;
  for (uint32_t s = 0; s < rb->nsets; s++) {
    const sg_set_rec *set = &rb->sets[s];
    for (uint32_t k = 0; set->indexed && k < set->elements.count; k++) {
      sg_value v = index_element(rb, set, k);
      if (set->indexed == SGR_INDEX_BITS)
        slots[set->index_first + (size_t)v.u.i / 32] |= UINT32_C(1) << (v.u.i % 32);
      else
        index_insert(slots + set->index_first, set->index_mask, index_value_hash(set, &v), k);
    }
  }
  for (uint32_t t = 0; t < rb->ntables; t++) {
    const sg_table_rec *tb = &rb->tables[t];
    for (uint32_t e = 0; tb->indexed && e < tb->entries.count; e++)
      index_insert(slots + tb->index_first, tb->index_mask, index_key_hash(index_entry_key(rb, tb, e)), e);
  }
  for (uint32_t f = 0; rb->facts_indexed && f < rb->nfacts; f++)
    index_insert(slots + rb->facts_index_first, rb->facts_index_mask,
                 index_key_hash(rb->facts[f].name), f);
  return SG_OK;
}

/* Whether element k of set `set` equals the known value x. */
static int index_element_is(const sg_rulebook *rb, const sg_set_rec *set, uint32_t k,
                            const sg_value *x) {
  sg_value v = index_element(rb, set, k);
  return set->elem_type == SG_TEXT ? strcmp(v.u.s, x->u.s) == 0 : v.u.i == x->u.i;
}

/* The candidates for a lookup: every item when not indexed, else the
 * items of hash `h` on its probe sequence up to an empty slot. Walk them
 * with index_next. */
typedef struct {
  const uint32_t *slots;     /* NULL: every item below `count` */
  uint32_t mask, at, count, hash;
} index_walk;

static inline index_walk index_start(const sg_rulebook *rb, uint8_t indexed, uint32_t first,
                                     uint32_t mask, uint32_t count, uint32_t h) {
  index_walk w = {indexed ? rb->index + first : NULL, mask, indexed ? h & mask : 0, count, h};
  return w;
}

/* The next candidate item, or -1 when there is none. */
static inline long index_next(index_walk *w) {
  if (!w->slots) return w->at < w->count ? (long)w->at++ : -1;
  for (;;) {
    const uint32_t *slot = w->slots + 2 * (size_t)w->at;
    if (!slot[1]) return -1;
    w->at = (w->at + 1) & w->mask;
    if (slot[0] == w->hash) return (long)slot[1] - 1;
  }
}

uint8_t sgr_set_contains(const sg_rulebook *rb, uint32_t s, const sg_value *x,
                         const sg_value *asof) {
  const sg_set_rec *set = &rb->sets[s];
  if (set->indexed == SGR_INDEX_BITS) {  /* no element is dated */
    uint64_t v = (uint64_t)x->u.i;
    return v < set->index_mask && (rb->index[set->index_first + v / 32] >> (v % 32) & 1) ? SG_TRUE
                                                                                     : SG_FALSE;
  }
  uint8_t result = SG_FALSE;
  index_walk w = index_start(rb, set->indexed, set->index_first, set->index_mask,
                             set->elements.count, set->indexed ? index_value_hash(set, x) : 0);
  for (long k; (k = index_next(&w)) >= 0;) {
    if (!index_element_is(rb, set, (uint32_t)k, x)) continue;
    uint8_t held = rb_in_force(set->dated.count ? rb_period(rb, set->dated, (uint32_t)k) : NULL, asof);
    if (held == SG_TRUE) return SG_TRUE;
    if (held == SG_UNKNOWN) result = SG_UNKNOWN;
  }
  return result;
}

long rb_table_lookup(const sg_rulebook *rb, uint32_t t, const char *key, const sg_value *asof) {
  const sg_table_rec *tb = &rb->tables[t];
  long found = -1, held_at = -1;
  index_walk w = index_start(rb, tb->indexed, tb->index_first, tb->index_mask, tb->entries.count,
                             tb->indexed ? index_key_hash(key) : 0);
  for (long e; (e = index_next(&w)) >= 0;) {
    if (strcmp(index_entry_key(rb, tb, (uint32_t)e), key) != 0) continue;
    uint8_t held = rb_in_force(tb->dated.count ? rb_period(rb, tb->dated, (uint32_t)e) : NULL, asof);
    /* versions of a key do not overlap; the first in the table, as a scan finds it */
    if (held == SG_TRUE && (held_at < 0 || e < held_at)) held_at = e;
    if (held == SG_UNKNOWN) found = -2;
  }
  return held_at >= 0 ? held_at : found;
}

long sgr_fact_find(const sg_rulebook *rb, const char *name) {
  index_walk w = index_start(rb, rb->facts_indexed, rb->facts_index_first, rb->facts_index_mask,
                             rb->nfacts, rb->facts_indexed ? index_key_hash(name) : 0);
  for (long f; (f = index_next(&w)) >= 0;)
    if (strcmp(rb->facts[f].name, name) == 0) return f;
  return -1;
}
