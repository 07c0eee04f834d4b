/* test_threads.c — one loaded rulebook shared by four threads, as
 * include/signaal.h allows (a rulebook is immutable once loaded and may be
 * shared read-only; a context is one case and belongs to one thread). Each
 * thread loads a copy of its own from the shared image, makes its own
 * context on the shared rulebook, and evaluates every case (the bundled
 * rulebook's examples and made-up cases) with outcomes, waiting sets,
 * reasons and open questions; every digest must equal the one a single
 * thread computed first. The shared rulebook's bytecode hash, which the
 * runtime works out on the first request, is first asked for by half the
 * threads at once, while the others evaluate, and then by all of them as
 * they go; it must equal the hash of a copy loaded apart. `make tsan` runs
 * this under ThreadSanitizer.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "signaal.h"
#include "signaal_compiler.h"

#define THREADS 4
#define MADE_UP_CASES 1000
#define MAX_SLOTS 512

/* What every thread shares: read-only once the threads start. */
typedef struct {
  const sgc_compiler *compiler; /* the bundled rulebook's examples */
  const uint8_t *image;         /* its bytecode (owned by the compiler) */
  size_t image_size;
  const sg_rulebook *rb;        /* loaded once, shared */
  size_t ncases;                /* examples first, then made-up cases */
  const uint64_t *expected;     /* per case, the digest one thread computed */
  uint8_t expected_hash[32];    /* the bytecode hash of a copy loaded apart */
  pthread_barrier_t start;      /* every thread waits here before its first case */
} shared_book;

/* One thread's work and its results, read by the main thread after join. */
typedef struct {
  shared_book *book;
  size_t first;                 /* the case it starts with (then wraps around) */
  int asks_first;               /* asks for the shared rulebook's hash before evaluating */
  size_t evaluated, mismatches, failures;
} worker;

/* ---- digests ----------------------------------------------------------- */

/* FNV-1a over one number. */
static void mix(uint64_t *h, uint64_t v) {
  for (int i = 0; i < 8; i++) {
    *h ^= (v >> (8 * i)) & 0xff;
    *h *= 1099511628211ULL;
  }
}

/* Mix every outcome, waiting set and reason of the last sg_eval into *h. */
static void mix_outcomes(sg_context *ctx, const sg_rulebook *rb, uint64_t *h) {
  size_t slots[MAX_SLOTS];
  sg_reason reasons[MAX_SLOTS];
  for (size_t p = 0; p < sg_pred_count(rb); p++) {
    mix(h, (uint64_t)sg_pred_value(ctx, p));
    size_t n = sg_pred_waiting(ctx, p, slots, MAX_SLOTS);
    for (size_t i = 0; i < n && i < MAX_SLOTS; i++) mix(h, slots[i]);
    n = sg_pred_reasons(ctx, p, reasons, MAX_SLOTS);
    for (size_t i = 0; i < n && i < MAX_SLOTS; i++) mix(h, reasons[i].kind * 65536u + reasons[i].index);
  }
  for (size_t r = 0; r < sg_rule_count(rb); r++) {
    mix(h, (uint64_t)sg_rule_outcome(ctx, r));
    for (unsigned part = SG_PART_WHEN; part <= SG_PART_UNLESS; part++) {
      mix(h, (uint64_t)sg_rule_part(ctx, r, part));
      size_t n = sg_rule_reasons(ctx, r, part, reasons, MAX_SLOTS);
      for (size_t i = 0; i < n && i < MAX_SLOTS; i++) mix(h, reasons[i].kind * 65536u + reasons[i].index);
      n = sg_rule_presumed(ctx, r, part, slots, MAX_SLOTS);
      for (size_t i = 0; i < n && i < MAX_SLOTS; i++) mix(h, slots[i]);
    }
    size_t n = sg_rule_waiting(ctx, r, slots, MAX_SLOTS);
    for (size_t i = 0; i < n && i < MAX_SLOTS; i++) mix(h, slots[i]);
    for (size_t a = 0; a < sg_rule_action_count(rb, r); a++) mix(h, (uint64_t)sg_rule_contact(ctx, r, a));
  }
}

/* Mix the open questions of the last sg_eval into *h. */
static void mix_questions(sg_context *ctx, uint64_t *h) {
  sg_question q[MAX_SLOTS];
  size_t n = sg_open_questions(ctx, q, MAX_SLOTS);
  mix(h, n);
  for (size_t i = 0; i < n && i < MAX_SLOTS; i++) {
    mix(h, q[i].slot);
    mix(h, q[i].waiting * 1000003u + q[i].settles_max * 1009u + q[i].settles_min);
    mix(h, q[i].presumed * 1009u + q[i].changes);
  }
}

/* ---- cases ------------------------------------------------------------- */

/* Set one example's given on ctx; SG_OK or the setter's status. */
static sg_status set_given(sg_context *ctx, const sg_rulebook *rb, const sgc_given *g) {
  long slot = sg_fact_slot(rb, g->fact);
  if (slot < 0) return SG_ERR_RANGE;
  switch (g->kind) {
  case SGC_GIVEN_UNKNOWN: return sg_set_unknown(ctx, (size_t)slot);
  case SGC_GIVEN_BOOL: return sg_set_bool(ctx, (size_t)slot, (int)g->number);
  case SGC_GIVEN_INT: return sg_set_int(ctx, (size_t)slot, g->number);
  case SGC_GIVEN_TEXT: return sg_set_text(ctx, (size_t)slot, g->text);
  case SGC_GIVEN_ENUM: return sg_set_enum(ctx, (size_t)slot, g->text);
  case SGC_GIVEN_DATE: return sg_set_date(ctx, (size_t)slot, (int32_t)g->number);
  case SGC_GIVEN_DATETIME: return sg_set_datetime(ctx, (size_t)slot, g->number);
  case SGC_GIVEN_COUNTRY: return sg_set_country(ctx, (size_t)slot, g->text);
  }
  return SG_ERR_TYPE;
}

/* Example `i`'s moment and givens (not its case file, if it names one). */
static sg_status set_example(sg_context *ctx, const shared_book *book, size_t i) {
  const sgc_example *ex = sgc_example_at(book->compiler, i);
  if (ex->has_now) sg_set_now(ctx, ex->now);
  for (size_t k = 0; k < ex->given_count; k++) {
    sg_status status = set_given(ctx, book->rb, &ex->given[k]);
    if (status != SG_OK) return status;
  }
  return SG_OK;
}

/* The next number of a xorshift64 generator. */
static uint64_t next_random(uint64_t *state) {
  *state ^= *state << 13;
  *state ^= *state >> 7;
  *state ^= *state << 17;
  return *state;
}

/* Made-up case `seed`: a moment from 2016 on and, for each fact, unknown a
 * quarter of the time or else a value of its type. */
static sg_status set_made_up(sg_context *ctx, const sg_rulebook *rb, uint64_t seed) {
  static const char *const countries[] = { "NL", "RO", "GB", "IT", "MA", "DE", "ER" };
  uint64_t state = seed * 0x9e3779b97f4a7c15ULL + 1;
  int32_t start = sg_days_from_civil(2016, 1, 1);
  sg_set_now(ctx, (int64_t)start * 86400 + (int64_t)(next_random(&state) % (10 * 365 * 86400LL)));
  sg_status status = SG_OK;
  for (size_t slot = 0; slot < sg_fact_count(rb) && status == SG_OK; slot++) {
    uint64_t r = next_random(&state);
    if (r % 4 == 0) continue;
    r /= 4;
    switch (sg_fact_type(rb, slot)) {
    case SG_BOOL: status = sg_set_bool(ctx, slot, (int)(r & 1)); break;
    case SG_INT: status = sg_set_int(ctx, slot, (int64_t)(r % 25)); break;
    case SG_TEXT: status = sg_set_text(ctx, slot, "tekst"); break;
    case SG_ENUM:
      if (sg_fact_enum_count(rb, slot) > 0) status = sg_set_enum_index(ctx, slot, r % sg_fact_enum_count(rb, slot));
      break;
    case SG_DATE: status = sg_set_date(ctx, slot, start + (int32_t)(r % 3650)); break;
    case SG_DATETIME: status = sg_set_datetime(ctx, slot, (int64_t)start * 86400 + (int64_t)(r % 315360000)); break;
    case SG_COUNTRY: status = sg_set_country(ctx, slot, countries[r % 7]); break;
    }
  }
  return status;
}

/* Evaluate case `i` on ctx (a context of book->rb) and return its digest;
 * 0 when a case cannot be set or evaluated. */
static uint64_t case_digest(sg_context *ctx, const shared_book *book, size_t i) {
  size_t examples = sgc_example_count(book->compiler);
  sg_context_reset(ctx);
  sg_status status = i < examples ? set_example(ctx, book, i) : set_made_up(ctx, book->rb, i);
  if (status != SG_OK || sg_eval(ctx) != SG_OK) return 0;
  uint64_t h = 14695981039346656037ULL;
  mix_outcomes(ctx, book->rb, &h);
  mix_questions(ctx, &h);
  return h == 0 ? 1 : h;
}

/* ---- threads ----------------------------------------------------------- */

/* A thread: load a copy of the image (it must verify), then evaluate every
 * case on the shared rulebook with a context of its own, from case
 * `first` on, counting digests that differ from the expected ones. */
static void *work(void *arg) {
  worker *w = arg;
  shared_book *book = w->book;
  sg_rulebook *own = NULL;
  if (sg_rulebook_load(book->image, book->image_size, NULL, NULL, &own, NULL) != SG_OK) w->failures++;
  sg_rulebook_free(own);
  sg_context *ctx = sg_context_new(book->rb);
  if (ctx == NULL) {
    w->failures++;
    return NULL;
  }
  pthread_barrier_wait(&book->start);
  for (size_t k = 0; k < book->ncases; k++) {
    if (k % 64 == (w->asks_first ? 0u : 63u) &&
        memcmp(sg_rulebook_bytecode_hash(book->rb), book->expected_hash, 32) != 0)
      w->mismatches++;
    size_t i = (w->first + k) % book->ncases;
    uint64_t digest = case_digest(ctx, book, i);
    w->evaluated++;
    if (digest == 0) w->failures++;
    else if (digest != book->expected[i]) w->mismatches++;
  }
  sg_context_free(ctx);
  return NULL;
}

/* The digest of every case, computed by this thread alone; how many
 * distinct digests there are goes to *distinct. */
static uint64_t *expected_digests(const shared_book *book, size_t *distinct) {
  uint64_t *digests = calloc(book->ncases, sizeof *digests);
  sg_context *ctx = sg_context_new(book->rb);
  assert_non_null(digests);
  assert_non_null(ctx);
  *distinct = 0;
  for (size_t i = 0; i < book->ncases; i++) {
    digests[i] = case_digest(ctx, book, i);
    if (digests[i] == 0) fail_msg("case %zu cannot be set or evaluated", i);
    size_t j = 0;
    while (j < i && digests[j] != digests[i]) j++;
    if (j == i) (*distinct)++;
  }
  sg_context_free(ctx);
  return digests;
}

static void test_four_threads_share_one_rulebook(void **state) {
  (void)state;
  const char *main_file = "rules/uitbuiting.rules";
  sgc_compiler *c = sgc_new();
  assert_non_null(c);
  assert_int_equal(sgc_compile_files(c, &main_file, 1), 0);
  shared_book book = { .compiler = c };
  book.image = sgc_image(c, &book.image_size);
  sg_rulebook *rb = NULL, *apart = NULL;
  assert_int_equal(sg_rulebook_load(book.image, book.image_size, NULL, NULL, &rb, NULL), SG_OK);
  assert_int_equal(sg_rulebook_load(book.image, book.image_size, NULL, NULL, &apart, NULL), SG_OK);
  memcpy(book.expected_hash, sg_rulebook_bytecode_hash(apart), 32);
  assert_memory_equal(sg_rulebook_bytecode_hash(apart), book.expected_hash, 32);  /* asked again */
  sg_rulebook_free(apart);
  assert_int_equal(pthread_barrier_init(&book.start, NULL, THREADS), 0);
  book.rb = rb;
  book.ncases = sgc_example_count(c) + MADE_UP_CASES;
  assert_true(sgc_example_count(c) >= 100);
  size_t distinct;
  uint64_t *expected = expected_digests(&book, &distinct);
  book.expected = expected;
  /* the digest must see the case: most cases come out differently */
  assert_true(distinct > book.ncases / 2);

  pthread_t threads[THREADS];
  worker workers[THREADS];
  for (size_t t = 0; t < THREADS; t++) {
    workers[t] = (worker){ .book = &book, .first = t * book.ncases / THREADS, .asks_first = t % 2 == 0 };
    assert_int_equal(pthread_create(&threads[t], NULL, work, &workers[t]), 0);
  }
  for (size_t t = 0; t < THREADS; t++) assert_int_equal(pthread_join(threads[t], NULL), 0);
  for (size_t t = 0; t < THREADS; t++) {
    assert_int_equal(workers[t].failures, 0);
    assert_int_equal(workers[t].mismatches, 0);
    assert_int_equal(workers[t].evaluated, book.ncases);
  }
  assert_int_equal(pthread_barrier_destroy(&book.start), 0);
  assert_memory_equal(sg_rulebook_bytecode_hash(rb), book.expected_hash, 32);
  free(expected);
  sg_rulebook_free(rb);
  sgc_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_four_threads_share_one_rulebook),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
