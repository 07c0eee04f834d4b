/* rulebook.c — read-only accessors of a loaded rulebook (signaal.h §Rulebooks):
 * metadata and the manifest, facts, predicates, groups, periods of
 * validity, sets, rules and actions, tables and their entries' hours,
 * windows, justifications and assumptions. Out-of-range indices give NULL,
 * 0 or -1, never a crash.
 */
#include <string.h>

#include "internal.h"

/* ---- Metadata ---- */

/* Title, version, source document and compiler of the rulebook ("" if none). */
const char *sg_version(void) { return SG_VERSION; }

const char *sg_rulebook_title(const sg_rulebook *rb) { return rb->meta.title; }
const char *sg_rulebook_version(const sg_rulebook *rb) { return rb->meta.version; }
/* Effective date in days since 1970-01-01. */
int32_t sg_rulebook_effective(const sg_rulebook *rb) { return rb->meta.effective; }
const char *sg_rulebook_source(const sg_rulebook *rb) { return rb->meta.source; }
const char *sg_rulebook_compiler(const sg_rulebook *rb) { return rb->meta.compiler; }
/* 32-byte hashes, owned by the rulebook. */
const uint8_t *sg_rulebook_source_hash(const sg_rulebook *rb) { return rb->source_hash; }
/* The image's hash is worked out on the first request, not at load. Any
 * number of threads may ask at once (the rulebook is shared read-only): each
 * that finds it missing hashes the image, which never changes, and the one
 * that wins the compare-exchange copies its digest in; the others wait the
 * few instructions of that copy. After RB_HASH_READY nothing writes it again. */
const uint8_t *sg_rulebook_bytecode_hash(const sg_rulebook *rb) {
  sg_rulebook *book = (sg_rulebook *)rb;  /* only bytecode_hash and hash_state change */
  if (atomic_load_explicit(&book->hash_state, memory_order_acquire) != RB_HASH_READY) {
    uint8_t digest[32];
    sgr_sha256 h;
    sgr_sha256_init(&h);
    sgr_sha256_update(&h, rb->image, rb->size);
    sgr_sha256_final(&h, digest);
    int expected = RB_HASH_NONE;
    if (atomic_compare_exchange_strong_explicit(&book->hash_state, &expected, RB_HASH_WRITING,
                                                memory_order_acquire, memory_order_acquire)) {
      memcpy(book->bytecode_hash, digest, sizeof digest);
      atomic_store_explicit(&book->hash_state, RB_HASH_READY, memory_order_release);
    } else {
      while (atomic_load_explicit(&book->hash_state, memory_order_acquire) != RB_HASH_READY) {
      }
    }
  }
  return rb->bytecode_hash;
}
size_t sg_rulebook_file_count(const sg_rulebook *rb) { return rb->nfiles; }
/* Source file i (0: the main file), or NULL when out of range. */
const char *sg_rulebook_file(const sg_rulebook *rb, size_t i) {
  return i < rb->nfiles ? rb->files[i] : NULL;
}
/* The SHA-256 of source file i, in hex, from the manifest (record i is file
 * i, as the decoder checked); NULL without a manifest or out of range. */
const char *sg_rulebook_file_sha256(const sg_rulebook *rb, size_t i) {
  return i < rb->nmanifest ? rb->manifest[i].sha256 : NULL;
}
/* The format version the file says it is written in. */
void sg_rulebook_format_version(const sg_rulebook *rb, int *major, int *minor) {
  if (major) *major = SG_FORMAT_MAJOR;
  if (minor) *minor = rb->minor;
}

/* ---- Facts ---- */

size_t sg_fact_count(const sg_rulebook *rb) { return rb->nfacts; }

/* Slot of the first fact called `name`, or -1. */
long sg_fact_slot(const sg_rulebook *rb, const char *name) {
  return name ? sgr_fact_find(rb, name) : -1;
}

/* Name and question of a fact; NULL for a bad slot. */
const char *sg_fact_name(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? rb->facts[slot].name : NULL;
}
const char *sg_fact_question(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? rb->facts[slot].question : NULL;
}
/* Type of a fact; 0 (no type) for a bad slot. */
sg_type sg_fact_type(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? (sg_type)rb->facts[slot].type : (sg_type)0;
}
/* 1 when the fact is optional (a context question), else 0. */
int sg_fact_optional(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? rb->facts[slot].optional : 0;
}

/* 1 when the fact is protected (a sensitive attribute), else 0. */
int sg_fact_protected(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? rb->facts[slot].protect : 0;
}
/* Number of values of an enum fact (0 for other facts and bad slots). */
size_t sg_fact_enum_count(const sg_rulebook *rb, size_t slot) {
  return slot < rb->nfacts ? rb->facts[slot].values.count : 0;
}
/* Name of value i of an enum fact, or NULL. */
const char *sg_fact_enum_value(const sg_rulebook *rb, size_t slot, size_t i) {
  if (slot >= rb->nfacts || i >= rb->facts[slot].values.count) return NULL;
  return rb_enum_name(rb, (uint32_t)slot, (uint32_t)i);
}

/* ---- Predicates and groups ---- */

size_t sg_pred_count(const sg_rulebook *rb) { return rb->npreds; }

/* Index of the predicate called `name`, or -1. */
long sg_pred_find(const sg_rulebook *rb, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < rb->npreds; i++)
    if (strcmp(rb->preds[i].name, name) == 0) return (long)i;
  return -1;
}
const char *sg_pred_name(const sg_rulebook *rb, size_t i) {
  return i < rb->npreds ? rb->preds[i].name : NULL;
}
const char *sg_pred_label(const sg_rulebook *rb, size_t i) {
  return i < rb->npreds ? rb->preds[i].label : NULL;
}
/* Signal or condition; 0 for a bad index. */
sg_pred_kind sg_pred_kind_of(const sg_rulebook *rb, size_t i) {
  return i < rb->npreds ? (sg_pred_kind)rb->preds[i].kind : (sg_pred_kind)0;
}
const char *sg_pred_citation(const sg_rulebook *rb, size_t i) {
  return i < rb->npreds ? rb->preds[i].citation : NULL;
}
const char *sg_pred_group(const sg_rulebook *rb, size_t i) {
  if (i >= rb->npreds || rb->preds[i].group == SG_NONE) return NULL;
  return rb->groups[rb->preds[i].group].name;
}

size_t sg_group_count(const sg_rulebook *rb) { return rb->ngroups; }
const char *sg_group_name(const sg_rulebook *rb, size_t i) {
  return i < rb->ngroups ? rb->groups[i].name : NULL;
}
const char *sg_group_label(const sg_rulebook *rb, size_t i) {
  return i < rb->ngroups ? rb->groups[i].label : NULL;
}

/* ---- Periods ---- */

int sg_period(const sg_rulebook *rb, sg_dated_kind kind, size_t owner, size_t item,
              int32_t *from, int32_t *until) {
  uint32_t lo = 0, hi = rb->nvalidity;
  while (lo < hi) {  /* the first record not below (kind, owner, item) */
    uint32_t mid = lo + (hi - lo) / 2;
    const sg_validity_rec *v = &rb->validity[mid];
    int below = v->kind != kind ? v->kind < kind : v->owner != owner ? v->owner < owner
                                                                      : v->item < item;
    if (below) lo = mid + 1;
    else hi = mid;
  }
  if (lo == rb->nvalidity) return 0;
  const sg_validity_rec *v = &rb->validity[lo];
  if (v->kind != kind || v->owner != owner || v->item != item) return 0;
  if (from) *from = v->from;
  if (until) *until = v->until;
  return 1;
}

/* ---- Sets ---- */

size_t sg_set_count(const sg_rulebook *rb) { return rb->nsets; }
/* The set's name; "" for a { … } list; NULL for a bad index. */
const char *sg_set_name(const sg_rulebook *rb, size_t i) {
  return i < rb->nsets ? rb->sets[i].name : NULL;
}
sg_type sg_set_type(const sg_rulebook *rb, size_t i) {
  return i < rb->nsets ? (sg_type)rb->sets[i].elem_type : (sg_type)0;
}
size_t sg_set_element_count(const sg_rulebook *rb, size_t i) {
  return i < rb->nsets ? rb->sets[i].elements.count : 0;
}

/* ---- Actors ---- */

size_t sg_actor_count(const sg_rulebook *rb) { return rb->nactors; }

/* Index of the actor called `name`, or -1. */
long sg_actor_find(const sg_rulebook *rb, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < rb->nactors; i++)
    if (strcmp(rb->actors[i].name, name) == 0) return (long)i;
  return -1;
}
const char *sg_actor_name(const sg_rulebook *rb, size_t i) {
  return i < rb->nactors ? rb->actors[i].name : NULL;
}
const char *sg_actor_label(const sg_rulebook *rb, size_t i) {
  return i < rb->nactors ? rb->actors[i].label : NULL;
}

/* ---- Rules and actions ---- */

size_t sg_rule_count(const sg_rulebook *rb) { return rb->nrules; }

/* Index of the rule called `name`, or -1. */
long sg_rule_find(const sg_rulebook *rb, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < rb->nrules; i++)
    if (strcmp(rb->rules[i].name, name) == 0) return (long)i;
  return -1;
}
const char *sg_rule_name(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules ? rb->rules[i].name : NULL;
}
const char *sg_rule_label(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules ? rb->rules[i].label : NULL;
}
/* The rule's protocol step (0 for a bad index). */
int32_t sg_rule_step(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules ? rb->rules[i].step : 0;
}
int sg_rule_has_step(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules && rb->rules[i].has_step;
}

/* 1 when the rule is `urgent` (its advice is to be done now), else 0. */
int sg_rule_urgent(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules && rb->rules[i].urgent;
}
long sg_rule_actor(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules && rb->rules[i].actor != SG_NONE ? (long)rb->rules[i].actor : -1;
}
long sg_rulebook_reading_list(const sg_rulebook *rb) {
  return rb->meta.reading == SG_NONE ? -1 : (long)rb->meta.reading;
}
const char *sg_rule_citation(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules ? rb->rules[i].citation : NULL;
}
size_t sg_rule_action_count(const sg_rulebook *rb, size_t i) {
  return i < rb->nrules ? rb->rules[i].actions.count : 0;
}

/* The ACTIONS record of action `action` of rule `rule`, or NULL. */
static const sg_action_rec *rb_action(const sg_rulebook *rb, size_t rule, size_t action) {
  if (rule >= rb->nrules || action >= rb->rules[rule].actions.count) return NULL;
  return &rb->actions[rb->pool[rb->rules[rule].actions.first + action]];
}

/* Kind of an action; 0 for bad indices. */
sg_action_kind sg_rule_action_kind(const sg_rulebook *rb, size_t rule, size_t action) {
  const sg_action_rec *a = rb_action(rb, rule, action);
  return a ? (sg_action_kind)a->kind : (sg_action_kind)0;
}
const char *sg_rule_action_text(const sg_rulebook *rb, size_t rule, size_t action) {
  const sg_action_rec *a = rb_action(rb, rule, action);
  if (!a) return NULL;
  return a->kind == SG_CONTACT ? rb->tables[a->table].name : a->text;
}

/* ---- Tables ---- */

size_t sg_table_count(const sg_rulebook *rb) { return rb->ntables; }

/* Index of the table called `name`, or -1. */
long sg_table_find(const sg_rulebook *rb, const char *name) {
  if (!name) return -1;
  for (uint32_t i = 0; i < rb->ntables; i++)
    if (strcmp(rb->tables[i].name, name) == 0) return (long)i;
  return -1;
}
const char *sg_table_name(const sg_rulebook *rb, size_t t) {
  return t < rb->ntables ? rb->tables[t].name : NULL;
}
size_t sg_table_field_count(const sg_rulebook *rb, size_t t) {
  return t < rb->ntables ? rb->tables[t].fields.count : 0;
}
const char *sg_table_field(const sg_rulebook *rb, size_t t, size_t f) {
  if (t >= rb->ntables || f >= rb->tables[t].fields.count) return NULL;
  return rb_str(rb, rb->pool[rb->tables[t].fields.first + f]);
}
size_t sg_table_entry_count(const sg_rulebook *rb, size_t t) {
  return t < rb->ntables ? rb->tables[t].entries.count : 0;
}
const char *sg_table_key(const sg_rulebook *rb, size_t t, size_t e) {
  if (t >= rb->ntables || e >= rb->tables[t].entries.count) return NULL;
  const sg_table_rec *tb = &rb->tables[t];
  return rb_str(rb, rb->pool[tb->entries.first + e * ((size_t)tb->fields.count + 1)]);
}
/* Value of field f of entry e ("" when the entry lacks it), or NULL. */
const char *sg_table_value(const sg_rulebook *rb, size_t t, size_t e, size_t f) {
  if (t >= rb->ntables || e >= rb->tables[t].entries.count || f >= rb->tables[t].fields.count)
    return NULL;
  const sg_table_rec *tb = &rb->tables[t];
  return rb_str(rb, rb->pool[tb->entries.first + e * ((size_t)tb->fields.count + 1) + 1 + f]);
}

/* The index of the record about entry `entry` of table `table` among the n
 * records at `recs` (size bytes each; HOURS or CHECKED, which the decoder
 * checked are sorted by (table, entry), and whose records begin with those
 * two u32 members), or -1: a binary search. */
_Static_assert(offsetof(sg_hours_rec, table) == 0 && offsetof(sg_hours_rec, entry) == 4 &&
               offsetof(sg_checked_rec, table) == 0 && offsetof(sg_checked_rec, entry) == 4,
               "entry records begin with (table, entry)");
static long entry_record(const void *recs, size_t n, size_t size, size_t table, size_t entry) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    uint32_t key[2];
    memcpy(key, (const char *)recs + mid * size, sizeof key);
    if (key[0] == table && key[1] == entry) return (long)mid;
    if (key[0] < table || (key[0] == table && key[1] < entry)) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/* The window of entry e of table t (`open`), or -1. */
long sg_table_entry_window(const sg_rulebook *rb, size_t table, size_t entry) {
  long at = entry_record(rb->hours, rb->nhours, sizeof *rb->hours, table, entry);
  return at < 0 ? -1 : (long)rb->hours[at].window;
}

/* The day entry e of table t was last checked (`checked`): 1 and *days, or 0. */
int sg_table_entry_checked(const sg_rulebook *rb, size_t table, size_t entry, int32_t *days) {
  long at = entry_record(rb->checked, rb->nchecked, sizeof *rb->checked, table, entry);
  if (at < 0) return 0;
  if (days) *days = rb->checked[at].date;
  return 1;
}

/* ---- Windows ---- */

size_t sg_window_count(const sg_rulebook *rb) { return rb->nwindows; }
const char *sg_window_name(const sg_rulebook *rb, size_t i) {
  return i < rb->nwindows ? rb->windows[i].name : NULL;
}

/* Whether verified block `b` reads item `x` of `kind`: a FACT of fact x,
 * a PRED of predicate x or an ATLEAST of a group that has x, a WITHIN of
 * window x. */
static int rb_block_reads(const sg_rulebook *rb, sg_block b, sg_read_kind kind, uint32_t x) {
  for (uint32_t at = b.offset; at < b.offset + b.length;) {
    const uint8_t *p = rb->code + at;
    const sg_opcode_info *info = &sgr_opcode_table[p[0]];
    uint32_t a = (uint32_t)sg_operand(info->a, p + 1);
    at += (uint32_t)info->size;
    if (kind == SG_READS_FACT && p[0] == SG_OP_FACT && a == x) return 1;
    if (kind == SG_READS_WINDOW && p[0] == SG_OP_WITHIN && a == x) return 1;
    if (kind == SG_READS_SET && p[0] == SG_OP_INSET && a == x) return 1;
    if (kind == SG_READS_TABLE && p[0] == SG_OP_INTABLE && a == x) return 1;
    if (kind != SG_READS_PRED) continue;
    if (p[0] == SG_OP_PRED && a == x) return 1;
    if (p[0] == SG_OP_ATLEAST) {
      const sg_group_rec *g = &rb->groups[a];
      for (uint32_t k = 0; k < g->members.count; k++)
        if (rb->pool[g->members.first + k] == x) return 1;
    }
  }
  return 0;
}

/* Whether predicate `index` (is_rule 0) or rule `index` (is_rule 1: its
 * when, unless and contact keys) reads item x of `kind`. */
static int rb_reads(const sg_rulebook *rb, int is_rule, size_t index, sg_read_kind kind,
                    uint32_t x) {
  if (!is_rule) return rb_block_reads(rb, rb->preds[index].code, kind, x);
  const sg_rule_rec *r = &rb->rules[index];
  if (rb_block_reads(rb, r->when, kind, x) || rb_block_reads(rb, r->unless, kind, x)) return 1;
  for (uint32_t k = 0; k < r->actions.count; k++) {
    const sg_action_rec *a = &rb->actions[rb->pool[r->actions.first + k]];
    if (rb_block_reads(rb, a->key, kind, x)) return 1;
    if (kind == SG_READS_TABLE && a->kind == SG_CONTACT && a->table == x) return 1;
  }
  return 0;
}

/* What predicate or rule `index` reads of `kind`, ascending; see
 * sg_pred_reads. Asks each candidate in turn, so it needs no memory. */
static size_t rb_reads_all(const sg_rulebook *rb, int is_rule, size_t index, sg_read_kind kind,
                           size_t *out, size_t cap) {
  uint32_t limit = kind == SG_READS_FACT ? rb->nfacts
                 : kind == SG_READS_PRED ? rb->npreds
                 : kind == SG_READS_WINDOW ? rb->nwindows
                 : kind == SG_READS_SET ? rb->nsets
                 : kind == SG_READS_TABLE ? rb->ntables : 0;
  size_t n = 0;
  for (uint32_t x = 0; x < limit; x++) {
    if (!rb_reads(rb, is_rule, index, kind, x)) continue;
    if (n < cap) out[n] = x;
    n++;
  }
  return n;
}

size_t sg_pred_reads(const sg_rulebook *rb, size_t pred, sg_read_kind kind, size_t *out,
                     size_t cap) {
  return pred < rb->npreds ? rb_reads_all(rb, 0, pred, kind, out, cap) : 0;
}

size_t sg_rule_reads(const sg_rulebook *rb, size_t rule, sg_read_kind kind, size_t *out,
                     size_t cap) {
  return rule < rb->nrules ? rb_reads_all(rb, 1, rule, kind, out, cap) : 0;
}

size_t sg_pred_windows(const sg_rulebook *rb, size_t pred, size_t *out, size_t cap) {
  return sg_pred_reads(rb, pred, SG_READS_WINDOW, out, cap);
}

size_t sg_rule_windows(const sg_rulebook *rb, size_t rule, size_t *out, size_t cap) {
  return sg_rule_reads(rb, rule, SG_READS_WINDOW, out, cap);
}

/* ---- Justifications ---- */

size_t sg_justification_count(const sg_rulebook *rb) { return rb->njustify; }

/* Justification i; for a bad index every output is zeroed. Outputs may be NULL. */
void sg_justification(const sg_rulebook *rb, size_t i, int *owner_kind, size_t *owner,
                      size_t *fact_slot, const char **text) {
  const sg_justify_rec *j = i < rb->njustify ? &rb->justify[i] : NULL;
  if (owner_kind) *owner_kind = j ? j->owner_kind : 0;
  if (owner) *owner = j ? j->owner : 0;
  if (fact_slot) *fact_slot = j ? j->fact : 0;
  if (text) *text = j ? j->text : NULL;
}

/* ---- Assumptions ---- */

size_t sg_assumption_count(const sg_rulebook *rb) { return rb->nassume; }

/* Assumption i; for a bad index every output is zeroed. Outputs may be NULL. */
void sg_assumption(const sg_rulebook *rb, size_t i, int *owner_kind, size_t *owner,
                   const char **text) {
  const sg_assume_rec *a = i < rb->nassume ? &rb->assume[i] : NULL;
  if (owner_kind) *owner_kind = a ? a->owner_kind : 0;
  if (owner) *owner = a ? a->owner : 0;
  if (text) *text = a ? a->text : NULL;
}
