/* fuzz_compile.c — libFuzzer target for the compiler: arbitrary text goes to
 * sgc_compile_string. Every diagnostic is read. When the text compiles, the
 * image must be what a second compile gives (the format is deterministic),
 * must load (the verifier accepts all the compiler makes), and goes through
 * fuzz_exercise; then every example in the text is applied and evaluated.
 *
 * `include` reads files: a text that has both "include" and a '/' is
 * skipped, and fuzz/run.sh runs this target in an empty folder, so an
 * include can name nothing but a missing file. Built with -DFUZZ_NO_INCLUDE
 * it skips every text with "include", to look past the finding in
 * fuzz/crashes/compile-include-path-newline (see fuzz/README.md).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "signaal.h"
#include "signaal_compiler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Does data[0..size) contain the bytes of `word`? */
static int fuzz_contains(const uint8_t *data, size_t size, const char *word) {
  size_t n = strlen(word);
  for (size_t i = 0; i + n <= size; i++)
    if (memcmp(data + i, word, n) == 0) return 1;
  return 0;
}

/* Read every diagnostic; returns how many are errors. */
static size_t fuzz_diagnostics(const sgc_compiler *c) {
  size_t errors = 0;
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) {
    const sgc_diagnostic *d = sgc_diagnostic_at(c, i);
    if (d == NULL || d->message == NULL || d->rendered == NULL || d->file == NULL)
      fuzz_fail("a diagnostic without text");
    if (d->severity != SGC_ERROR && d->severity != SGC_NOTE) fuzz_fail("a diagnostic of no severity");
    if (d->line < 0 || d->column < 0) fuzz_fail("a diagnostic at a negative position");
    if (strchr(d->message, '\n') != NULL) fuzz_fail("a diagnostic message of more than one line");
    errors += d->severity == SGC_ERROR;
    (void)strlen(d->rendered);
    (void)strlen(d->file);
  }
  return errors;
}

/* Set one given of an example; the compiler checked it, so it must apply. */
static void fuzz_apply_given(sg_context *ctx, const sg_rulebook *rb, const sgc_given *g) {
  long slot = sg_fact_slot(rb, g->fact);
  if (slot < 0) fuzz_fail("an example gives a fact the image does not have");
  size_t s = (size_t)slot;
  sg_status st = SG_OK;
  switch (g->kind) {
  case SGC_GIVEN_UNKNOWN: st = sg_set_unknown(ctx, s); break;
  case SGC_GIVEN_BOOL: st = sg_set_bool(ctx, s, g->number != 0); break;
  case SGC_GIVEN_INT: st = sg_set_int(ctx, s, g->number); break;
  case SGC_GIVEN_TEXT: st = sg_set_text(ctx, s, g->text); break;
  case SGC_GIVEN_ENUM: st = sg_set_enum(ctx, s, g->text); break;
  case SGC_GIVEN_DATE:
    st = g->number < INT32_MIN || g->number > INT32_MAX ? SG_ERR_VALUE
                                                         : sg_set_date(ctx, s, (int32_t)g->number);
    break;
  case SGC_GIVEN_DATETIME: st = sg_set_datetime(ctx, s, g->number); break;
  case SGC_GIVEN_COUNTRY: st = sg_set_country(ctx, s, g->text); break;
  default: fuzz_fail("a given of no kind");
  }
  if (st != SG_OK) fuzz_fail("the runtime refuses a given the compiler accepted");
}

/* Apply and evaluate every example; its expectations must name something. */
static void fuzz_examples(const sgc_compiler *c, const sg_rulebook *rb) {
  sg_context *ctx = sg_context_new(rb);
  if (ctx == NULL) return;
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    sg_context_reset(ctx);
    for (size_t g = 0; g < ex->given_count; g++) fuzz_apply_given(ctx, rb, &ex->given[g]);
    if (ex->has_now) sg_set_now(ctx, ex->now);
    if (sg_eval(ctx) != SG_OK) fuzz_fail("sg_eval failed");
    for (size_t e = 0; e < ex->expect_count; e++) {
      const char *name = ex->expect[e].name;
      if (ex->expect[e].what == SGC_EXPECT_CONTACT) {  /* a table of the image, a key of it */
        long t = sg_table_find(rb, name);
        if (t < 0) fuzz_fail("an example expects a contact of a table the image does not have");
        continue;
      }
      if (ex->expect[e].what != SGC_EXPECT_OUTCOME) continue;  /* a text: anything */
      long r = sg_rule_find(rb, name), p = sg_pred_find(rb, name);
      if (r < 0 && p < 0) fuzz_fail("an example expects something the image does not have");
      size_t slots[8];
      if (r >= 0) (void)sg_rule_waiting(ctx, (size_t)r, slots, 8);
      else (void)sg_pred_waiting(ctx, (size_t)p, slots, 8);
    }
  }
  sg_context_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
#ifdef FUZZ_NO_INCLUDE
  if (fuzz_contains(data, size, "include")) return -1;
#else
  if (fuzz_contains(data, size, "include") && memchr(data, '/', size) != NULL) return -1;
#endif
  sgc_compiler *c = sgc_new();
  if (c == NULL) return 0;
  int errors = sgc_compile_string(c, "fuzz.rules", (const char *)data, size);
  size_t error_diagnostics = fuzz_diagnostics(c);
  size_t image_size = 0;
  const uint8_t *image = sgc_image(c, &image_size);
  if (errors < 0) fuzz_fail("sgc_compile_string returned a negative count");
  if (errors > 0) {
    if (error_diagnostics == 0) fuzz_fail("a failed compile without an error diagnostic");
    if (image != NULL) fuzz_fail("a failed compile gave an image");
    sgc_free(c);
    return 0;
  }
  if (error_diagnostics != 0) fuzz_fail("a successful compile with an error diagnostic");
  if (image == NULL || image_size == 0) fuzz_fail("a successful compile gave no image");

  sgc_compiler *again = sgc_new();
  if (again != NULL) {
    size_t again_size = 0;
    if (sgc_compile_string(again, "fuzz.rules", (const char *)data, size) != 0)
      fuzz_fail("the second compile of the same text failed");
    const uint8_t *again_image = sgc_image(again, &again_size);
    if (again_size != image_size || memcmp(again_image, image, image_size) != 0)
      fuzz_fail("two compiles of the same text gave different images");
    sgc_free(again);
  }

  sg_rulebook *rb;
  sg_error err;
  if (sg_rulebook_load(image, image_size, fuzz_alloc, NULL, &rb, &err) != SG_OK) {
    fprintf(stderr, "fuzz_compile: the image does not load: %s (offset %ld)\n", err.message,
            err.offset);
    fuzz_fail("the verifier rejects what the compiler made");
  }
  fuzz_exercise(rb, image, image_size);
  fuzz_examples(c, rb);
  sg_rulebook_free(rb);
  sgc_free(c);
  return 0;
}
