/* common.c — what every fuzz target does with a rulebook that loaded: read
 * every accessor, evaluate, explain, disassemble; and the allocator hook that
 * checks the runtime's promises about memory (see common.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

/* Where the results go, so that no read is optimised away. */
static volatile size_t fuzz_sink;

/* Set while sg_eval or an explanation runs: any allocation then is a bug. */
static int fuzz_no_alloc;

/* Each block carries its size in front, to check the osize of frees. */
typedef union {
  size_t size;
  max_align_t align;
} fuzz_header;

/* Straight to file descriptor 2: the CLI targets may have swapped the
 * FILE `stderr` for a buffer (cli_common.c) when a promise breaks. */
void fuzz_fail(const char *what) {
  dprintf(STDERR_FILENO, "fuzz: %s\n", what);
  abort();
}

void fuzz_alloc_forbid(int on) {
  fuzz_no_alloc = on;
}

/* The sg_alloc_fn of every rulebook loaded here (see signaal.h). */
void *fuzz_alloc(void *userdata, void *ptr, size_t osize, size_t nsize) {
  (void)userdata;
  fuzz_header *h = ptr ? (fuzz_header *)ptr - 1 : NULL;
  if (h && h->size != osize) fuzz_fail("the allocator hook got a wrong osize");
  if (nsize == 0) {
    free(h);
    return NULL;
  }
  if (fuzz_no_alloc) fuzz_fail("sg_eval or an explanation called the allocator");
  if (nsize > SIZE_MAX - sizeof(fuzz_header)) return NULL;
  fuzz_header *n = realloc(h, sizeof(fuzz_header) + nsize);
  if (!n) return NULL;
  n->size = nsize;
  return n + 1;
}

/* Read every byte of a returned string, so ASan checks it lies in memory. */
static size_t fuzz_touch(const char *s) {
  return s ? strlen(s) : 0;
}

/* The disassembler's writer: reads the text and drops it. */
static void fuzz_write(void *userdata, const char *text, size_t len) {
  size_t *sum = userdata;
  for (size_t i = 0; i < len; i++) *sum += (unsigned char)text[i];
}

/* Every accessor of the rulebook, over every index. */
static size_t fuzz_read_rulebook(const sg_rulebook *rb) {
  size_t n = fuzz_touch(sg_rulebook_title(rb)) + fuzz_touch(sg_rulebook_version(rb)) +
             fuzz_touch(sg_rulebook_source(rb)) + fuzz_touch(sg_rulebook_compiler(rb)) +
             sg_rulebook_source_hash(rb)[31] + sg_rulebook_bytecode_hash(rb)[31] +
             (size_t)sg_rulebook_effective(rb);
  for (size_t i = 0; i < sg_rulebook_file_count(rb); i++) n += fuzz_touch(sg_rulebook_file(rb, i));
  long reading = sg_rulebook_reading_list(rb);
  if (reading < -1 || (reading >= 0 && (size_t)reading >= sg_table_count(rb)))
    fuzz_fail("sg_rulebook_reading_list names no table");
  for (size_t f = 0; f < sg_fact_count(rb); f++) {
    const char *name = sg_fact_name(rb, f);
    if (sg_fact_slot(rb, name) < 0) fuzz_fail("sg_fact_slot does not find a fact by its name");
    n += fuzz_touch(sg_fact_question(rb, f)) + (size_t)sg_fact_type(rb, f) +
         (size_t)sg_fact_protected(rb, f);
    for (size_t v = 0; v < sg_fact_enum_count(rb, f); v++) n += fuzz_touch(sg_fact_enum_value(rb, f, v));
  }
  size_t windows[8];
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    n += (size_t)sg_pred_find(rb, sg_pred_name(rb, p)) + fuzz_touch(sg_pred_label(rb, p)) +
         fuzz_touch(sg_pred_citation(rb, p)) + fuzz_touch(sg_pred_group(rb, p)) +
         (size_t)sg_pred_kind_of(rb, p);
    size_t w = sg_pred_windows(rb, p, windows, 8);
    for (size_t i = 0; i < w && i < 8; i++)
      if (windows[i] >= sg_window_count(rb) || (i > 0 && windows[i] <= windows[i - 1]))
        fuzz_fail("sg_pred_windows lists no window, or not ascending");
    n += w;
  }
  for (size_t w = 0; w < sg_window_count(rb); w++) {
    /* from a fixed moment (Tuesday 2016-11-08 17:00) the next opening is
     * open and not earlier; a window without days never opens */
    int64_t from = 1478624400, opens = 0;
    if (sg_window_next_open(rb, w, from, &opens) &&
        (opens < from || !sg_window_contains(rb, w, opens)))
      fuzz_fail("sg_window_next_open gives a moment that is earlier or not open");
    n += fuzz_touch(sg_window_name(rb, w)) + (size_t)(opens - from);
  }
  for (size_t g = 0; g < sg_group_count(rb); g++)
    n += fuzz_touch(sg_group_name(rb, g)) + fuzz_touch(sg_group_label(rb, g));
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    n += (size_t)sg_rule_find(rb, sg_rule_name(rb, r)) + fuzz_touch(sg_rule_label(rb, r)) +
         (size_t)sg_rule_step(rb, r) + (size_t)sg_rule_has_step(rb, r) +
         fuzz_touch(sg_rule_citation(rb, r));
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++)
      n += (size_t)sg_rule_action_kind(rb, r, a) + fuzz_touch(sg_rule_action_text(rb, r, a));
    size_t w = sg_rule_windows(rb, r, windows, 8);
    for (size_t i = 0; i < w && i < 8; i++)
      if (windows[i] >= sg_window_count(rb)) fuzz_fail("sg_rule_windows lists no window");
    n += w;
  }
  for (size_t t = 0; t < sg_table_count(rb); t++) {
    n += (size_t)sg_table_find(rb, sg_table_name(rb, t));
    for (size_t f = 0; f < sg_table_field_count(rb, t); f++) n += fuzz_touch(sg_table_field(rb, t, f));
    for (size_t e = 0; e < sg_table_entry_count(rb, t); e++) {
      n += fuzz_touch(sg_table_key(rb, t, e));
      long w = sg_table_entry_window(rb, t, e);
      if (w < -1 || (w >= 0 && (size_t)w >= sg_window_count(rb)))
        fuzz_fail("sg_table_entry_window names no window");
      n += (size_t)w;
      for (size_t f = 0; f < sg_table_field_count(rb, t); f++)
        n += fuzz_touch(sg_table_value(rb, t, e, f));
    }
  }
  for (size_t j = 0; j < sg_justification_count(rb); j++) {
    int kind;
    size_t owner, slot;
    const char *text;
    sg_justification(rb, j, &kind, &owner, &slot, &text);
    n += (size_t)kind + owner + slot + fuzz_touch(text);
  }
  for (size_t i = 0; i < sg_assumption_count(rb); i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    size_t limit = kind == SG_OWNER_PREDICATE ? sg_pred_count(rb)
                 : kind == SG_OWNER_RULE ? sg_rule_count(rb)
                 : kind == SG_OWNER_WINDOW ? sg_window_count(rb) : 0;
    if (owner >= limit || text == NULL || text[0] == '\0')
      fuzz_fail("sg_assumption names no owner of its kind, or has no text");
    n += owner + fuzz_touch(text);
  }
  return n;
}

/* The most entries any table has. */
static size_t fuzz_max_entries(const sg_rulebook *rb) {
  size_t most = 0;
  for (size_t t = 0; t < sg_table_count(rb); t++)
    if (sg_table_entry_count(rb, t) > most) most = sg_table_entry_count(rb, t);
  return most;
}

/* Check reasons: known kinds, indices in range. */
static size_t fuzz_check_reasons(const sg_rulebook *rb, const sg_reason *reasons, size_t count,
                                 size_t cap) {
  for (size_t i = 0; i < count && i < cap; i++) {
    const sg_reason *r = &reasons[i];
    int ok = (r->kind == SG_REASON_FACT && r->index < sg_fact_count(rb)) ||
             (r->kind == SG_REASON_PRED && r->index < sg_pred_count(rb)) ||
             (r->kind == SG_REASON_NOW && r->index == 0);
    if (!ok) fuzz_fail("a reason of no kind or out of range");
  }
  return count;
}

/* A number that changes when any rule outcome or predicate value does. */
static uint64_t fuzz_outcomes(const sg_context *ctx, const sg_rulebook *rb) {
  uint64_t h = 1469598103934665603u;
  for (size_t r = 0; r < sg_rule_count(rb); r++) h = (h ^ sg_rule_outcome(ctx, r)) * 1099511628211u;
  for (size_t p = 0; p < sg_pred_count(rb); p++) h = (h ^ sg_pred_value(ctx, p)) * 1099511628211u;
  return h;
}

/* Every explanation after an sg_eval: the parts and reasons of every rule
 * (and one part past the last), the reasons of every predicate, every
 * fact's value, and the open questions, twice: they must leave the outcomes
 * as they were and come out the same, sorted and consistent. */
static size_t fuzz_explain(sg_context *ctx, const sg_rulebook *rb) {
  enum { CAP = 64 };
  sg_reason reasons[CAP];
  sg_question questions[CAP], again[CAP];
  char buf[24];
  size_t n = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    n += (size_t)sg_rule_part(ctx, r, SG_PART_WHEN) + (size_t)sg_rule_part(ctx, r, SG_PART_UNLESS);
    for (unsigned part = 0; part <= SG_PART_ACTION + sg_rule_action_count(rb, r); part++)
      n += fuzz_check_reasons(rb, reasons, sg_rule_reasons(ctx, r, part, reasons, CAP), CAP);
  }
  for (size_t p = 0; p < sg_pred_count(rb); p++)
    n += fuzz_check_reasons(rb, reasons, sg_pred_reasons(ctx, p, reasons, CAP), CAP);
  for (size_t f = 0; f < sg_fact_count(rb); f++) n += fuzz_touch(sg_fact_value(ctx, f, buf, sizeof buf));

  uint64_t before = fuzz_outcomes(ctx, rb);
  size_t count = sg_open_questions(ctx, questions, CAP);
  if (fuzz_outcomes(ctx, rb) != before) fuzz_fail("sg_open_questions changed the outcomes");
  if (sg_open_questions(ctx, again, CAP) != count ||
      memcmp(questions, again, (count < CAP ? count : CAP) * sizeof questions[0]) != 0)
    fuzz_fail("sg_open_questions gave another answer the second time");
  for (size_t i = 0; i < count && i < CAP; i++) {
    const sg_question *q = &questions[i];
    if (q->slot >= sg_fact_count(rb)) fuzz_fail("an open question about no fact");
    /* a question waits on an undetermined rule or a decided one rests on it */
    if ((q->waiting == 0 && q->presumed == 0) || q->settles_min > q->settles_max ||
        q->settles_max > q->waiting || q->presumed > sg_rule_count(rb) ||
        q->changes > sg_rule_count(rb) || (!q->tried && q->changes != q->presumed) ||
        q->optional != sg_fact_optional(rb, q->slot))
      fuzz_fail("an open question whose counts do not add up");
    if (i > 0) {
      const sg_question *o = &questions[i - 1];
      int sorted = o->optional != q->optional ? o->optional < q->optional
                   : o->settles_max != q->settles_max ? o->settles_max > q->settles_max
                   : o->settles_min != q->settles_min ? o->settles_min > q->settles_min
                   : o->changes != q->changes ? o->changes > q->changes
                   : o->tried != q->tried ? o->tried > q->tried
                   : o->waiting != q->waiting ? o->waiting > q->waiting
                   : o->slot < q->slot;
      if (!sorted) fuzz_fail("open questions out of order");
    }
    n += q->slot;
  }
  return n;
}

/* Evaluate, then read every outcome, contact, waiting set and explanation;
 * none of it may allocate. */
static size_t fuzz_eval(sg_context *ctx, const sg_rulebook *rb) {
  size_t slots[64], n = 0;
  fuzz_no_alloc = 1;
  if (sg_eval(ctx) != SG_OK) fuzz_fail("sg_eval failed on a loaded rulebook");
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    n += (size_t)sg_pred_value(ctx, p);
    size_t w = sg_pred_waiting(ctx, p, slots, sizeof slots / sizeof slots[0]);
    for (size_t i = 0; i < w && i < sizeof slots / sizeof slots[0]; i++)
      if (slots[i] >= sg_fact_count(rb)) fuzz_fail("sg_pred_waiting named a fact out of range");
    n += w;
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    sg_truth t = sg_rule_outcome(ctx, r);
    size_t w = sg_rule_waiting(ctx, r, slots, sizeof slots / sizeof slots[0]);
    if (t != SG_UNKNOWN && w != 0) fuzz_fail("a decided rule waits for facts");
    for (size_t i = 0; i < w && i < sizeof slots / sizeof slots[0]; i++)
      if (slots[i] >= sg_fact_count(rb)) fuzz_fail("sg_rule_waiting named a fact out of range");
    n += (size_t)t + w;
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) {
      long e = sg_rule_contact(ctx, r, a);
      if (e >= 0 && (size_t)e >= fuzz_max_entries(rb))
        fuzz_fail("sg_rule_contact gave an entry out of range");
      n += (size_t)e;
    }
  }
  n += fuzz_explain(ctx, rb);
  fuzz_no_alloc = 0;
  return n;
}

/* Give every fact a known value drawn from `data` (deterministic). */
static void fuzz_set_all(sg_context *ctx, const sg_rulebook *rb, const uint8_t *data, size_t size) {
  for (size_t f = 0; f < sg_fact_count(rb); f++) {
    uint8_t b = data[f % size];
    sg_status st = SG_OK;
    switch (sg_fact_type(rb, f)) {
    case SG_BOOL: st = sg_set_bool(ctx, f, b & 1); break;
    case SG_INT: st = sg_set_int(ctx, f, (int64_t)b - 16); break;
    case SG_TEXT: st = sg_set_text(ctx, f, sg_fact_name(rb, f)); break;
    case SG_ENUM:
      st = sg_fact_enum_count(rb, f) ? sg_set_enum_index(ctx, f, b % sg_fact_enum_count(rb, f)) : SG_OK;
      break;
    case SG_DATE: st = sg_set_date(ctx, f, 17000 + b); break;
    case SG_DATETIME: st = sg_set_datetime(ctx, f, (int64_t)(17000 + b) * 86400 + b * 3571); break;
    case SG_COUNTRY: {
      static const char *const codes[] = {"NL", "BE", "GB", "RO", "MA", "NA"};
      st = sg_set_country(ctx, f, codes[b % (sizeof codes / sizeof codes[0])]);
      break;
    }
    }
    if (st != SG_OK && st != SG_ERR_NOMEM) fuzz_fail("a typed setter refused its own fact type");
  }
  sg_set_now(ctx, (int64_t)(17100 + data[0]) * 86400 + data[size - 1] * 337);
}

/* All of the above on a loaded rulebook; `data` (size > 0) seeds the values. */
void fuzz_exercise(const sg_rulebook *rb, const uint8_t *data, size_t size) {
  size_t sum = fuzz_read_rulebook(rb);
  sg_disassemble(rb, fuzz_write, &sum);
  sg_context *ctx = sg_context_new(rb);
  if (ctx != NULL) {
    sum += fuzz_eval(ctx, rb);             /* every fact unknown, no moment */
    fuzz_set_all(ctx, rb, data, size);
    sum += fuzz_eval(ctx, rb);             /* every fact known */
    sg_context_reset(ctx);
    sum += fuzz_eval(ctx, rb);
    sg_context_free(ctx);
  }
  fuzz_sink = sum;
}
