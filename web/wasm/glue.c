/* glue.c — what the WebAssembly build of the runtime (make web:
 * build/web/signaal.wasm) adds to the public API for a page: loading an
 * image from bytes the page put in linear memory, with the loader's message
 * kept for it to read; a fact set by name from its text; the moment and the
 * decision date from their text; and the layouts of the structs the page
 * reads (sg_question, sg_reason) checked here at compile time, so that
 * web/engine-wasm.js reads them right. Only the public API (signaal.h) and
 * libc; nothing here does I/O, reads a clock or keeps a fact value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "glue.h"

/* web/engine-wasm.js reads these structs field by field at these offsets
 * (wasm32: size_t and int are 4 bytes). A change here must change there. */
_Static_assert(sizeof(size_t) == 4 && sizeof(int) == 4, "wasm32");
_Static_assert(sizeof(sg_question) == 32, "sg_question is 8 words");
_Static_assert(offsetof(sg_question, slot) == 0 && offsetof(sg_question, waiting) == 4 &&
               offsetof(sg_question, settles_max) == 8 &&
               offsetof(sg_question, settles_min) == 12 &&
               offsetof(sg_question, presumed) == 16 && offsetof(sg_question, changes) == 20 &&
               offsetof(sg_question, optional) == 24 && offsetof(sg_question, tried) == 28,
               "sg_question's layout is engine-wasm.js's");
_Static_assert(sizeof(sg_reason) == 8 && offsetof(sg_reason, kind) == 0 &&
               offsetof(sg_reason, index) == 4, "sg_reason's layout is engine-wasm.js's");

/* The message of the last failed sgw_load (never case data: the loader's
 * messages are about the image). */
static sg_error last_error;

void *sgw_alloc(size_t size) {
  return malloc(size > 0 ? size : 1);
}

void sgw_free(void *p) {
  free(p);
}

sg_rulebook *sgw_load(const void *data, size_t size) {
  sg_rulebook *rb = NULL;
  last_error.message[0] = '\0';
  last_error.offset = -1;
  if (sg_rulebook_load(data, size, NULL, NULL, &rb, &last_error) != SG_OK) return NULL;
  return rb;
}

const char *sgw_load_error(void) {
  return last_error.message;
}

sg_status sgw_set_fact(sg_context *ctx, const char *name, const char *text) {
  if (text != NULL) return sg_set_parsed(ctx, name, text);
  long slot = ctx != NULL ? sg_fact_slot(sg_context_rulebook(ctx), name) : -1;
  return slot >= 0 ? sg_set_unknown(ctx, (size_t)slot) : SG_ERR_RANGE;
}

int sgw_set_now(sg_context *ctx, const char *text) {
  int64_t seconds;
  if (ctx == NULL || sg_parse_datetime(text, &seconds) != 0) return -1;
  sg_set_now(ctx, seconds);
  return 0;
}

int sgw_set_asof(sg_context *ctx, const char *text) {
  int32_t days;
  if (ctx == NULL || sg_parse_date(text, &days) != 0) return -1;
  sg_set_asof(ctx, days);
  return 0;
}

int sgw_now_text(const sg_context *ctx, char *buf) {
  int64_t seconds;
  if (!sg_now(ctx, &seconds)) return 0;
  sg_format_datetime(seconds, buf);
  return 1;
}

int sgw_window_next_open_text(const sg_context *ctx, size_t window, char *buf) {
  int64_t seconds, opens;
  if (!sg_now(ctx, &seconds) ||
      !sg_window_next_open(sg_context_rulebook(ctx), window, seconds, &opens))
    return 0;
  sg_format_datetime(opens, buf);
  return 1;
}

int sgw_window_open_now(const sg_context *ctx, size_t window) {
  int64_t seconds;
  return sg_now(ctx, &seconds) && sg_window_contains(sg_context_rulebook(ctx), window, seconds);
}
