/* internal.h — the runtime's private data model: the decoded rulebook, the
 * context, the VM value, and the entry points shared between the runtime's
 * files (load, decode, verify, vm, eval, context, rulebook, disasm, mem).
 * Not installed, not part of the public API.
 */
#ifndef SG_INTERNAL_H
#define SG_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"
#include "signaal.h"

/* ---- Memory: every allocation goes through the rulebook's hook -------- */

/* Allocate `size` bytes with the hook (`alloc` NULL: malloc); NULL on failure. */
void *mem_alloc(sg_alloc_fn alloc, void *ud, size_t size);
/* Free a block of `size` bytes obtained from mem_alloc (NULL is ignored). */
void mem_free(sg_alloc_fn alloc, void *ud, void *ptr, size_t size);
/* a * b + c into *out; returns 0 when it overflows size_t. */
int mem_size(size_t a, size_t b, size_t c, size_t *out);

/* ---- The decoded rulebook ------------------------------------------- */

/* A code block: a range of CODE, verified to end with RET. length 0: none. */
typedef struct {
  uint32_t offset, length;
} sg_block;

/* One block of sg_eval's run (sg_rulebook.steps): where its code starts,
 * and where its truth goes, as an index into a context's truths (ctx->pred:
 * the predicates, then the rules' outcomes, then their parts). */
typedef struct {
  uint32_t offset, slot;
} sg_step;

/* A pool range: `count` words from pool index `first`. A table's entries
 * (CELLS) are one too: `count` entries of (1 + field count) words each. */
typedef struct {
  uint32_t first, count;
} sg_range;

/* The native records, one struct per RECORD of records.def with one member
 * per field (reserved bytes have none), of the type its kind decodes to:
 * STR a string, RANGE and CELLS an sg_range, BLOCK an sg_block, indices and
 * numbers their width. decode.c fills the members from this same table
 * (dec_record); what a record derives beyond its fields, the decoder of its
 * section sets: the SGR_EXTRA_ members. */
#define SGR_MEMBER_STR(n) const char *n;
#define SGR_MEMBER_U8(n) uint8_t n;
#define SGR_MEMBER_U16(n) uint16_t n;
#define SGR_MEMBER_U32(n) uint32_t n;
#define SGR_MEMBER_I32(n) int32_t n;
#define SGR_MEMBER_ZERO(n)
#define SGR_MEMBER_INDEX(n) uint32_t n;
#define SGR_MEMBER_INDEX_OPT(n) uint32_t n;
#define SGR_MEMBER_RANGE(n) sg_range n;
#define SGR_MEMBER_CELLS(n) sg_range n;
#define SGR_MEMBER_BLOCK(n) sg_block n;
#define SGR_MEMBER_BLOCK_OPT(n) sg_block n;

#define SGR_EXTRA_META
#define SGR_EXTRA_FACTS                                                        \
  uint8_t protect;           /* flags bit 0 */                                 \
  uint8_t optional;          /* flags bit 1: a context question */
#define SGR_EXTRA_SETS                                                         \
  sg_range dated;            /* the VALIDITY records of its elements (count 0: none) */ \
  SGR_EXTRA_INDEX            /* its elements by value (index.c) */
#define SGR_EXTRA_TABLES                                                       \
  sg_range dated;            /* the VALIDITY records of its entries (count 0: none) */ \
  SGR_EXTRA_INDEX            /* its entries by key (index.c) */
/* A hash index in sg_rulebook.index: mask + 1 slots from `first`, each an
 * item + 1 or 0 (empty); indexed 0: none, the items are scanned. A set of
 * small numbers (enum values, countries, ints from 0) whose elements are
 * not dated has a bit set instead: indexed SGR_INDEX_BITS, `mask` bits in
 * words from `first` (index.c). */
#define SGR_EXTRA_INDEX                                                        \
  uint8_t indexed;                                                             \
  uint32_t index_first, index_mask;
enum { SGR_INDEX_NONE, SGR_INDEX_HASH, SGR_INDEX_BITS };
#define SGR_EXTRA_WINDOWS
#define SGR_EXTRA_GROUPS                                                       \
  uint32_t member_limit;     /* highest member + 1 (0 when empty), for the verifier */
#define SGR_EXTRA_PREDS
#define SGR_EXTRA_RULES                                                        \
  uint8_t has_step;          /* flags bit 0: the rule has a `step` */          \
  uint8_t urgent;            /* flags bit 1: `urgent`, to do now */            \
  uint8_t has_contact;       /* it has a contact action: sg_eval writes its slots */ \
  uint32_t contact_base;     /* this rule's first slot in sg_context.contact */ \
  uint32_t actor;            /* the actor whose rules list it, or SG_NONE */
#define SGR_EXTRA_ACTIONS
#define SGR_EXTRA_JUSTIFY
#define SGR_EXTRA_LINES
#define SGR_EXTRA_ASSUMPTIONS
#define SGR_EXTRA_ACTORS
#define SGR_EXTRA_HOURS
#define SGR_EXTRA_VALIDITY
#define SGR_EXTRA_MANIFEST
#define SGR_EXTRA_CHECKED

#define RECORD(id, size, element) typedef struct {
#define FIELD(id, name, offset, bytes, kind, target, meaning) SGR_MEMBER_##kind(name)
#define END(id) SGR_EXTRA_##id } sgr_##id##_rec;
#include "records.def"
#undef RECORD
#undef FIELD
#undef END

typedef sgr_META_rec sg_meta_rec;
typedef sgr_FACTS_rec sg_fact_rec;
typedef sgr_SETS_rec sg_set_rec;
typedef sgr_TABLES_rec sg_table_rec;
typedef sgr_WINDOWS_rec sg_window_rec;
typedef sgr_GROUPS_rec sg_group_rec;
typedef sgr_PREDS_rec sg_pred_rec;
typedef sgr_RULES_rec sg_rule_rec;
typedef sgr_ACTIONS_rec sg_action_rec;
typedef sgr_JUSTIFY_rec sg_justify_rec;
typedef sgr_LINES_rec sg_line_rec;
typedef sgr_ASSUMPTIONS_rec sg_assume_rec;
typedef sgr_ACTORS_rec sg_actor_rec;
typedef sgr_HOURS_rec sg_hours_rec;
typedef sgr_VALIDITY_rec sg_validity_rec;
typedef sgr_MANIFEST_rec sg_manifest_rec;
typedef sgr_CHECKED_rec sg_checked_rec;

struct sg_rulebook {
  sg_alloc_fn alloc;         /* the hook every allocation of the rulebook and
                                its contexts goes through (NULL: malloc) */
  void *ud;
  uint8_t *image;            /* verified copy of the file; owned */
  size_t size;
  size_t arena_size;         /* this struct and every array below are one
                                allocation of arena_size bytes */
  uint16_t minor;
  uint8_t source_hash[32];
  /* The SHA-256 of the image, worked out on the first
   * sg_rulebook_bytecode_hash (rulebook.c), not at load: bytecode_hash is
   * written once, by the thread that moved hash_state from RB_HASH_NONE to
   * RB_HASH_WRITING, and read only after hash_state says RB_HASH_READY. */
  uint8_t bytecode_hash[32];
  atomic_int hash_state;

  sg_meta_rec meta;          /* title, version, effective date, source,
                                compiler, reading list table (or SG_NONE) */

  uint32_t nstrings;  const char **strings;  /* point into image, NUL-terminated */
  uint32_t nfiles;    const char **files;
  uint32_t npool;     uint32_t *pool;
  uint32_t nfacts;    sg_fact_rec *facts;
  uint32_t nsets;     sg_set_rec *sets;
  uint32_t ntables;   sg_table_rec *tables;
  uint32_t nwindows;  sg_window_rec *windows;
  uint32_t ngroups;   sg_group_rec *groups;
  uint32_t npreds;    sg_pred_rec *preds;
  uint32_t nrules;    sg_rule_rec *rules;
  uint32_t nactions;  sg_action_rec *actions;
  uint32_t njustify;  sg_justify_rec *justify;
  uint32_t nlines;    sg_line_rec *lines;
  uint32_t nassume;   sg_assume_rec *assume;  /* 0 when the file has no ASSUMPTIONS */
  uint32_t nactors;   sg_actor_rec *actors;   /* 0 when the file has no ACTORS */
  uint32_t nhours;    sg_hours_rec *hours;    /* sorted by (table, entry); 0 without HOURS */
  uint32_t nvalidity; sg_validity_rec *validity; /* ascending by (kind, owner, item) */
  uint32_t nmanifest; sg_manifest_rec *manifest; /* record i: file i; 0 without MANIFEST */
  uint32_t nchecked;  sg_checked_rec *checked;   /* sorted by (table, entry); 0 without CHECKED */
  const uint8_t *code;  /* CODE bytes, inside image */
  uint32_t code_len;
  uint32_t code_file_offset; /* file offset of code[0], for diagnostics */

  uint32_t *index;     /* the sets', tables' and fact names' hash indices
                          (index.c); owned, a block of index_size bytes
                          (NULL: none) */
  size_t index_size;
  uint8_t facts_indexed;  /* the facts by name (sg_fact_slot); 0: scanned */
  uint32_t facts_index_first, facts_index_mask;
  uint32_t nsteps;     /* the blocks sg_eval runs, in order: every
                          predicate, then each rule's `when` and `unless`
                          (when it has one); filled by vm_plan after the
                          verifier, in the arena */
  sg_step *steps;
  uint32_t max_stack;  /* deepest stack of any block, from the verifier */
  uint32_t ncontacts;  /* sum of action counts over rules */
};

/* hash_state of a rulebook: the image's SHA-256 not yet asked for, being
 * copied into bytecode_hash by one thread, there to read. */
enum { RB_HASH_NONE, RB_HASH_WRITING, RB_HASH_READY };

/* The name of string `index` (verified in range). */
static inline const char *rb_str(const sg_rulebook *rb, uint32_t index) {
  return rb->strings[index];
}
/* Name of value `value` of the enum declared by fact `fact`. */
static inline const char *rb_enum_name(const sg_rulebook *rb, uint32_t fact, uint32_t value) {
  return rb->strings[rb->pool[rb->facts[fact].values.first + value]];
}
/* The record count of section `id` in rb (SG_TGT_FILES: the file list;
 * NULL for a section without one), so that code walking records.def can
 * reach the counts by section. */
static inline uint32_t *rb_count_of(sg_rulebook *rb, int id) {
  switch (id) {
  case SG_SEC_STRINGS: return &rb->nstrings;
  case SG_SEC_POOL: return &rb->npool;
  case SG_SEC_FACTS: return &rb->nfacts;
  case SG_SEC_SETS: return &rb->nsets;
  case SG_SEC_TABLES: return &rb->ntables;
  case SG_SEC_WINDOWS: return &rb->nwindows;
  case SG_SEC_GROUPS: return &rb->ngroups;
  case SG_SEC_PREDS: return &rb->npreds;
  case SG_SEC_RULES: return &rb->nrules;
  case SG_SEC_ACTIONS: return &rb->nactions;
  case SG_SEC_JUSTIFY: return &rb->njustify;
  case SG_SEC_CODE: return &rb->code_len;
  case SG_SEC_LINES: return &rb->nlines;
  case SG_SEC_ASSUMPTIONS: return &rb->nassume;
  case SG_SEC_ACTORS: return &rb->nactors;
  case SG_SEC_HOURS: return &rb->nhours;
  case SG_SEC_VALIDITY: return &rb->nvalidity;
  case SG_SEC_MANIFEST: return &rb->nmanifest;
  case SG_SEC_CHECKED: return &rb->nchecked;
  case SG_TGT_FILES: return &rb->nfiles;
  default: return NULL;
  }
}

/* The native record array of RECORDS section `id` (NULL for another). */
static inline void *rb_records(const sg_rulebook *rb, int id) {
  switch (id) {
  case SG_SEC_FACTS: return rb->facts;
  case SG_SEC_SETS: return rb->sets;
  case SG_SEC_TABLES: return rb->tables;
  case SG_SEC_WINDOWS: return rb->windows;
  case SG_SEC_GROUPS: return rb->groups;
  case SG_SEC_PREDS: return rb->preds;
  case SG_SEC_RULES: return rb->rules;
  case SG_SEC_ACTIONS: return rb->actions;
  case SG_SEC_JUSTIFY: return rb->justify;
  case SG_SEC_LINES: return rb->lines;
  case SG_SEC_ASSUMPTIONS: return rb->assume;
  case SG_SEC_ACTORS: return rb->actors;
  case SG_SEC_HOURS: return rb->hours;
  case SG_SEC_VALIDITY: return rb->validity;
  case SG_SEC_MANIFEST: return rb->manifest;
  case SG_SEC_CHECKED: return rb->checked;
  default: return NULL;
  }
}

/* The record count of section `id` (0 for a section without one). */
static inline uint32_t rb_count(const sg_rulebook *rb, int id) {
  uint32_t *slot = rb_count_of((sg_rulebook *)rb, id);  /* only read here */
  return slot ? *slot : 0;
}

/* The period of item `item` among the VALIDITY records `dated` of a set's
 * elements or a table's entries, or NULL when it holds always. */
static inline const sg_validity_rec *rb_period(const sg_rulebook *rb, sg_range dated,
                                               uint32_t item) {
  uint32_t lo = dated.first, hi = dated.first + dated.count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (rb->validity[mid].item < item) lo = mid + 1;
    else hi = mid;
  }
  return lo < dated.first + dated.count && rb->validity[lo].item == item ? &rb->validity[lo] : NULL;
}



/* ---- Loading and verification ---------------------------------------- */

/* One section as found in the directory. */
typedef struct {
  uint32_t offset, size;
  const uint8_t *data;
} sg_section;

/* State of one load: the image, its sections and where errors go. */
typedef struct {
  const uint8_t *img;
  size_t size;
  sg_section sec[SG_SEC_COUNT + 1];  /* indexed by section id; data NULL for
                                        an optional section the file lacks */
  sg_rulebook *rb;
  sg_error *err;
} sg_loader;

/* Fill err (may be NULL) with a printf-style message and `offset` (-1: none);
 * returns SG_ERR_FORMAT so callers can `return load_fail(...)`. */
sg_status load_fail(sg_error *err, long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The same as sg_rulebook_load, but skips only the CRC-32 comparison, so
 * tests and fuzzers can reach the structural checks behind it. */
/* The index's hooks (index.c): at most this many slots in all (SIZE_MAX:
 * no limit of its own), and a mask on every hash (0: all collide). */
extern size_t sgt_index_budget;
extern uint32_t sgt_index_hash_mask;
sg_status sgt_rulebook_load_unchecked_crc(const void *data, size_t size, sg_alloc_fn alloc,
                                         void *userdata, sg_rulebook **out, sg_error *err);

/* decode.c: read the record counts of every section (checking that each
 * record array fits its section exactly) into L->rb's counts. */
sg_status decode_counts(sg_loader *L);
/* decode.c: decode and range-check every section into L->rb's arrays
 * (rules 3 of docs/bytecode.md §Verification). */
sg_status decode_sections(sg_loader *L);
/* verify.c: verify every code block (rules 4 to 6) and set rb->max_stack. */
sg_status verify_code(sg_loader *L);


/* ---- Values and the interpreter --------------------------------------- */

/* A value on the VM stack or in a fact slot. `kind` and `efact` are set even
 * when the value is unknown; the interpreter uses them only to pick how to
 * compare (texts by strcmp, enum names for tables), never to check types. */
typedef struct {
  union {
    int64_t i;               /* bool 0/1, int, enum index, date days, datetime seconds,
                                country index (countries.def) */
    const char *s;           /* text: NUL-terminated, owned by rulebook or context */
  } u;
  uint32_t efact;            /* enum: the fact declaring the enum */
  uint8_t known;
  uint8_t kind;              /* sg_type */
} sg_value;

/* Whether `period` (NULL: always) holds on the decision date `asof`:
 * SG_TRUE, SG_FALSE, or SG_UNKNOWN when the date is not known. */
static inline uint8_t rb_in_force(const sg_validity_rec *period, const sg_value *asof) {
  if (period == NULL) return SG_TRUE;
  if (!asof->known) return SG_UNKNOWN;
  return asof->u.i >= period->from && asof->u.i < period->until ? SG_TRUE : SG_FALSE;
}

/* The entry of table `t` whose key is `key` and that holds on `asof`:
 * its index, -1 when there is none, -2 when it depends on an unknown
 * decision date (a key whose versions are dated). */
long rb_table_lookup(const sg_rulebook *rb, uint32_t t, const char *key, const sg_value *asof);

/* Build the hash indices of rb's sets and tables (index.c), after
 * verification: SG_ERR_NOMEM (err filled) when out of memory. */
sg_status sgr_index_build(sg_rulebook *rb, sg_error *err);
/* The slot of the fact named `name`, or -1 (index.c). */
long sgr_fact_find(const sg_rulebook *rb, const char *name);

/* Whether the known value x is in set `s` on the decision date `asof`: an
 * element equal to x counts while its period holds; SG_UNKNOWN when one
 * would count but the date is not known (index.c). */
uint8_t sgr_set_contains(const sg_rulebook *rb, uint32_t s, const sg_value *x,
                         const sg_value *asof);

/* The last day whose public holiday was looked up, and what it is: a
 * context keeps one so that WITHIN does not work out Easter again for every
 * window on the same day. `valid` 0: none yet. */
typedef struct {
  int64_t day;
  uint8_t valid;
  uint8_t kind;              /* 0: no holiday; 1: a holiday; 2: Good Friday */
} sgr_holiday_memo;

struct sg_context {
  const sg_rulebook *rb;
  sg_value *facts;           /* nfacts; texts point into `texts` */
  char **texts;              /* nfacts: context-owned copies for text facts */
  size_t *text_caps;         /* nfacts: allocated size of each copy */
  sg_value now;
  sg_value asof;             /* the decision date (SG_DATE): sg_set_asof, else
                                the date of `now`; unknown while neither is set */
  int asof_given;            /* sg_set_asof was called: `now` leaves it alone */
  sg_value *stack;           /* max_stack values */
  uint8_t *pred;             /* npreds sg_truth: results of the last sg_eval;
                                rule and part follow it (sg_step.slot) */
  uint8_t *rule;             /* nrules sg_truth */
  long *contact;             /* ncontacts: table entry or -1 */
  uint8_t *part;             /* 2 x nrules sg_truth: each rule's when, unless */
  int evaluated;             /* outcomes match the facts (no setter since) */
  /* Explanations, on demand. A reason set is `rwords` uint64_t: bit f for
   * fact f, bit nfacts + p for predicate p, bit nfacts + npreds for the
   * moment of evaluation (see RB_NOW_BIT). A waiting set is `words`
   * uint64_t over the facts only. */
  size_t words, rwords;
  uint64_t *track;           /* max_stack reason sets, one per stack slot */
  uint64_t *wait;            /* npreds waiting sets (facts, closed over
                                predicates), then 2 scratch waiting sets */
  uint32_t memo_upto;        /* wait valid below this predicate for the
                                unknown predicates (known ones: empty) */
  uint32_t presumed_upto;    /* wait valid below this predicate for every
                                predicate: a known one's set is its
                                presumptions, the unknown facts it rests on */
  uint64_t *scratch;         /* 1 reason set */
  /* Open questions. */
  uint8_t *baseline;         /* nrules: outcomes of the case as set */
  uint32_t *wait_count;      /* nfacts: undetermined rules waiting for each */
  uint32_t *presumed_count;  /* nfacts: decided rules resting on each (it
                                follows wait_count in the same block) */
  uint32_t *key_count;       /* nfacts: contacts of rules that hold whose
                                table key waits for each (after
                                presumed_count) */
  sg_question *questions;    /* nfacts: candidates, sorted in place */
  sgr_holiday_memo holiday;  /* WITHIN's last day (a pure function of the day) */
  size_t arena_size;         /* this struct and the arrays above: one block */
};

/* The bit of the moment of evaluation in a reason set. */
#define RB_NOW_BIT(rb) ((size_t)(rb)->nfacts + (rb)->npreds)

/* The plain interpreter (vm_loop.h). With `steps` 0: run verified block
 * `block` and return its result, which lies on ctx->stack until the next
 * run. Otherwise `block` is not read: run every block of rb->steps in
 * order, one after the other in the same call (its state stays in
 * registers), store each truth at its slot, and return NULL. Never
 * allocates. */
const sg_value *vm_exec_plain(sg_context *ctx, sg_block block, int steps);
/* Fill rb->steps (room for npreds + 2 nrules, in the arena) from the
 * decoded predicates and rules. */
void vm_plan(sg_rulebook *rb);
/* Run a block in tracking mode: also compute into `set` (ctx->rwords words)
 * the reasons of its result (see sg_rule_reasons): what decided a known
 * result, the unknown inputs of an unknown one. Reads the predicate truths
 * of the last sg_eval. Never allocates. */
sg_value vm_run_tracking(sg_context *ctx, sg_block block, uint64_t *set);

/* The entry of `table` that a contact key block's result selects, or -1
 * when the key is unknown or names no entry. */
long vm_contact_entry(const sg_context *ctx, uint32_t table, sg_value key);

/* Truth of a bool value. */
static inline sg_truth vm_truth(sg_value v) {
  return !v.known ? SG_UNKNOWN : (v.u.i ? SG_TRUE : SG_FALSE);
}

/* Run a verified block and return its result. Never allocates. */
static inline sg_value vm_run(sg_context *ctx, sg_block block) {
  return *vm_exec_plain(ctx, block, 0);
}

/* writef.c: vsnprintf to `write`, cut at 1023 bytes (short pieces only). */
void sgr_vwritef(sg_write_fn write, void *userdata, const char *fmt, va_list ap);

/* ---- Date arithmetic shared by the VM and the disassembler ------------ */

/* Floor division and modulo for b > 0. */
static inline int64_t date_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
static inline int64_t date_floor_mod(int64_t a, int64_t b) {
  int64_t m = a % b;
  return m < 0 ? m + b : m;
}
/* ISO weekday, 1 = Monday .. 7 = Sunday, of a day number (1970-01-01: 4). */
static inline int date_weekday(int64_t days) {
  return (int)date_floor_mod(days + 3, 7) + 1;
}

/* The public holiday on a day number, or NULL: sg_public_holiday over the
 * whole day range of a datetime (datetime.c). */
const char *sgr_public_holiday(int64_t days, int include_good_friday);

/* Is the datetime `seconds` inside window `w` (verified in range)? Not on a
 * public holiday (nor on Good Friday) when the window excepts them, whatever
 * the time; the end minute is exclusive. WITHIN and sg_window_contains
 * (window.c). `memo` (may be NULL) remembers the last day's holiday. */
int sgr_window_contains(const sg_rulebook *rb, uint32_t w, int64_t seconds,
                        sgr_holiday_memo *memo);

#endif
