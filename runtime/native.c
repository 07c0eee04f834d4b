/* native.c — what ahead-of-time code (sg_emit_c, emit_c.c) reads of a
 * context through the public API: a fact's number or text, the moment,
 * and the three instructions it leaves to the runtime (a set's dated
 * elements, a table's keys, a window with its holiday memo), each calling
 * the very function the interpreter calls, so the two cannot differ.
 */
#include "internal.h"

const sg_rulebook *sg_context_rulebook(const sg_context *ctx) {
  return ctx ? ctx->rb : NULL;
}

int sg_fact_number(const sg_context *ctx, size_t slot, int64_t *value) {
  if (!ctx || slot >= ctx->rb->nfacts) return 0;
  const sg_value *v = &ctx->facts[slot];
  if (!v->known || v->kind == SG_TEXT) return 0;
  if (value) *value = v->u.i;
  return 1;
}

const char *sg_fact_text(const sg_context *ctx, size_t slot) {
  if (!ctx || slot >= ctx->rb->nfacts) return NULL;
  const sg_value *v = &ctx->facts[slot];
  return v->known && v->kind == SG_TEXT ? v->u.s : NULL;
}

int sg_now(const sg_context *ctx, int64_t *seconds) {
  if (!ctx || !ctx->now.known) return 0;
  if (seconds) *seconds = ctx->now.u.i;
  return 1;
}

sg_truth sg_set_has(const sg_context *ctx, size_t set, int64_t number, const char *text) {
  if (!ctx || set >= ctx->rb->nsets) return SG_UNKNOWN;
  const sg_set_rec *s = &ctx->rb->sets[set];
  sg_value x;
  x.known = 1;
  x.kind = s->elem_type;
  x.efact = s->enum_fact;
  if (s->elem_type == SG_TEXT) {
    if (!text) return SG_UNKNOWN;
    x.u.s = text;
  } else {
    x.u.i = number;
  }
  return (sg_truth)sgr_set_contains(ctx->rb, (uint32_t)set, &x, &ctx->asof);
}

long sg_table_lookup(const sg_context *ctx, size_t table, const char *key) {
  if (!ctx || !key || table >= ctx->rb->ntables) return -2;
  return rb_table_lookup(ctx->rb, (uint32_t)table, key, &ctx->asof);
}

int sg_context_within(sg_context *ctx, size_t window, int64_t seconds) {
  return ctx && window < ctx->rb->nwindows &&
         sgr_window_contains(ctx->rb, (uint32_t)window, seconds, &ctx->holiday);
}
