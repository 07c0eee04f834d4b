/* context.c — contexts (one case each): creation with every buffer an
 * evaluation needs, reset, and the fact setters. Setters may allocate (text
 * copies); sg_eval and the waiting sets never do.
 */
#include <stdio.h>
#include <string.h>

#include "country.h"
#include "internal.h"
#include "util.h"

#define CTX_ALIGN _Alignof(max_align_t)


/* A fresh unknown value of fact `slot`'s type. */
static sg_value ctx_unknown(const sg_rulebook *rb, size_t slot) {
  sg_value v;
  memset(&v, 0, sizeof v);
  v.kind = rb->facts[slot].type;
  v.efact = v.kind == SG_ENUM ? (uint32_t)slot : SG_NONE;
  return v;
}

/* Forget the outcomes and memoized waiting sets: the case changed. */
static void ctx_touch(sg_context *ctx) {
  ctx->evaluated = 0;
  ctx->memo_upto = 0;
  ctx->presumed_upto = 0;
}

/* New context for `rb` (which must outlive it), allocated with the
 * rulebook's allocator; NULL when out of memory. */
sg_context *sg_context_new(const sg_rulebook *rb) {
  if (!rb) return NULL;
  size_t words = ((size_t)rb->nfacts + 63) / 64;
  if (words == 0) words = 1;
  size_t rwords = ((size_t)rb->nfacts + rb->npreds + 1 + 63) / 64;
  size_t depth = rb->max_stack ? rb->max_stack : 1;
  size_t size = sizeof(sg_context), o[11], truths, reasons, waits, counts;
  int ok = sgr_plan(&size, &o[0], rb->nfacts, sizeof(sg_value)) &&
           sgr_plan(&size, &o[1], rb->nfacts, sizeof(char *)) &&
           sgr_plan(&size, &o[2], rb->nfacts, sizeof(size_t)) &&
           sgr_plan(&size, &o[3], depth, sizeof(sg_value)) &&
           mem_size(rb->nrules, 3, rb->npreds, &truths) &&
           sgr_plan(&size, &o[4], truths, 1) &&
           sgr_plan(&size, &o[5], rb->ncontacts, sizeof(long)) &&
           mem_size(depth + 1, rwords, 0, &reasons) &&
           sgr_plan(&size, &o[6], reasons, sizeof(uint64_t)) &&
           mem_size(rb->npreds + 2, words, 0, &waits) &&
           sgr_plan(&size, &o[7], waits, sizeof(uint64_t)) &&
           sgr_plan(&size, &o[8], rb->nrules, 1) &&
           mem_size(rb->nfacts, 3, 0, &counts) &&
           sgr_plan(&size, &o[9], counts, sizeof(uint32_t)) &&
           sgr_plan(&size, &o[10], rb->nfacts, sizeof(sg_question));
  char *base = ok ? mem_alloc(rb->alloc, rb->ud, size) : NULL;
  if (!base) return NULL;
  memset(base, 0, size);
  sg_context *ctx = (sg_context *)base;
  ctx->rb = rb;
  ctx->arena_size = size;
  ctx->words = words;
  ctx->rwords = rwords;
  ctx->facts = (sg_value *)(base + o[0]);
  ctx->texts = (char **)(base + o[1]);
  ctx->text_caps = (size_t *)(base + o[2]);
  ctx->stack = (sg_value *)(base + o[3]);
  ctx->pred = (uint8_t *)(base + o[4]);
  ctx->rule = ctx->pred + rb->npreds;  /* one block: sg_step.slot */
  ctx->part = ctx->rule + rb->nrules;
  ctx->contact = (long *)(base + o[5]);
  ctx->track = (uint64_t *)(base + o[6]);
  ctx->scratch = ctx->track + depth * rwords;
  ctx->wait = (uint64_t *)(base + o[7]);
  ctx->baseline = (uint8_t *)(base + o[8]);
  ctx->wait_count = (uint32_t *)(base + o[9]);
  ctx->presumed_count = ctx->wait_count + rb->nfacts;
  ctx->key_count = ctx->presumed_count + rb->nfacts;
  ctx->questions = (sg_question *)(base + o[10]);
  for (uint32_t i = 0; i < rb->nfacts; i++) ctx->texts[i] = NULL;
  sg_context_reset(ctx);
  return ctx;
}

/* Free a context and its text copies; NULL does nothing. */
void sg_context_free(sg_context *ctx) {
  if (!ctx) return;
  const sg_rulebook *rb = ctx->rb;
  for (uint32_t i = 0; i < rb->nfacts; i++)
    mem_free(rb->alloc, rb->ud, ctx->texts[i], ctx->text_caps[i]);
  mem_free(rb->alloc, rb->ud, ctx, ctx->arena_size);
}

/* All facts unknown, no moment of evaluation or decision date, outcomes unknown. Text
 * buffers are kept for reuse. */
void sg_context_reset(sg_context *ctx) {
  if (!ctx) return;
  const sg_rulebook *rb = ctx->rb;
  for (uint32_t i = 0; i < rb->nfacts; i++) ctx->facts[i] = ctx_unknown(rb, i);
  memset(&ctx->now, 0, sizeof ctx->now);
  ctx->now.kind = SG_DATETIME;
  memset(&ctx->asof, 0, sizeof ctx->asof);
  ctx->asof.kind = SG_DATE;
  ctx->asof_given = 0;
  memset(ctx->pred, SG_UNKNOWN, rb->npreds);
  memset(ctx->rule, SG_UNKNOWN, 3 * (size_t)rb->nrules); /* outcomes and parts */
  for (uint32_t i = 0; i < rb->ncontacts; i++) ctx->contact[i] = -1;
  ctx_touch(ctx);
}

/* Check slot and type; SG_OK when the fact at `slot` may take a `type`. */
static sg_status ctx_check(const sg_context *ctx, size_t slot, uint8_t type) {
  if (!ctx || slot >= ctx->rb->nfacts) return SG_ERR_RANGE;
  return ctx->rb->facts[slot].type == type ? SG_OK : SG_ERR_TYPE;
}

/* Store a known value with the fact's kind. */
static sg_status ctx_store(sg_context *ctx, size_t slot, int64_t i) {
  sg_value v = ctx_unknown(ctx->rb, slot);
  v.known = 1;
  v.u.i = i;
  ctx->facts[slot] = v;
  ctx_touch(ctx);
  return SG_OK;
}

/* Make the fact at `slot` unknown (any type). */
sg_status sg_set_unknown(sg_context *ctx, size_t slot) {
  if (!ctx || slot >= ctx->rb->nfacts) return SG_ERR_RANGE;
  ctx->facts[slot] = ctx_unknown(ctx->rb, slot);
  ctx_touch(ctx);
  return SG_OK;
}

/* Typed setters: SG_ERR_RANGE for a bad slot, SG_ERR_TYPE for another type. */
sg_status sg_set_bool(sg_context *ctx, size_t slot, int value) {
  sg_status st = ctx_check(ctx, slot, SG_BOOL);
  return st != SG_OK ? st : ctx_store(ctx, slot, value != 0);
}

sg_status sg_set_int(sg_context *ctx, size_t slot, int64_t value) {
  sg_status st = ctx_check(ctx, slot, SG_INT);
  return st != SG_OK ? st : ctx_store(ctx, slot, value);
}

/* Copy `value` into the fact's own buffer (grown with the allocator when
 * too small). SG_ERR_VALUE for NULL, SG_ERR_NOMEM when the copy fails (the
 * fact keeps its old value). */
sg_status sg_set_text(sg_context *ctx, size_t slot, const char *value) {
  sg_status st = ctx_check(ctx, slot, SG_TEXT);
  if (st != SG_OK) return st;
  if (!value) return SG_ERR_VALUE;
  const sg_rulebook *rb = ctx->rb;
  size_t need = strlen(value) + 1;
  if (need > ctx->text_caps[slot]) {
    char *copy = mem_alloc(rb->alloc, rb->ud, need);
    if (!copy) return SG_ERR_NOMEM;
    mem_free(rb->alloc, rb->ud, ctx->texts[slot], ctx->text_caps[slot]);
    ctx->texts[slot] = copy;
    ctx->text_caps[slot] = need;
  }
  memcpy(ctx->texts[slot], value, need);
  sg_value v = ctx_unknown(rb, slot);
  v.known = 1;
  v.u.s = ctx->texts[slot];
  ctx->facts[slot] = v;
  ctx_touch(ctx);
  return SG_OK;
}

/* Set an enum fact by value name; SG_ERR_VALUE when it has no such value. */
sg_status sg_set_enum(sg_context *ctx, size_t slot, const char *value) {
  sg_status st = ctx_check(ctx, slot, SG_ENUM);
  if (st != SG_OK) return st;
  if (!value) return SG_ERR_VALUE;
  const sg_fact_rec *f = &ctx->rb->facts[slot];
  for (uint32_t i = 0; i < f->values.count; i++)
    if (strcmp(rb_enum_name(ctx->rb, (uint32_t)slot, i), value) == 0)
      return ctx_store(ctx, slot, i);
  return SG_ERR_VALUE;
}

/* Set an enum fact by value index; SG_ERR_RANGE past its last value. */
sg_status sg_set_enum_index(sg_context *ctx, size_t slot, size_t index) {
  sg_status st = ctx_check(ctx, slot, SG_ENUM);
  if (st != SG_OK) return st;
  if (index >= ctx->rb->facts[slot].values.count) return SG_ERR_RANGE;
  return ctx_store(ctx, slot, (int64_t)index);
}

sg_status sg_set_date(sg_context *ctx, size_t slot, int32_t days) {
  sg_status st = ctx_check(ctx, slot, SG_DATE);
  return st != SG_OK ? st : ctx_store(ctx, slot, days);
}

sg_status sg_set_datetime(sg_context *ctx, size_t slot, int64_t seconds) {
  sg_status st = ctx_check(ctx, slot, SG_DATETIME);
  return st != SG_OK ? st : ctx_store(ctx, slot, seconds);
}

/* Set a country fact by its ISO 3166-1 alpha-2 code, exactly as assigned
 * (country.h, sgr_country_find); SG_ERR_VALUE for any other text. */
sg_status sg_set_country(sg_context *ctx, size_t slot, const char *code) {
  sg_status st = ctx_check(ctx, slot, SG_COUNTRY);
  if (st != SG_OK) return st;
  long country = sgr_country_find(code);
  return country < 0 ? SG_ERR_VALUE : ctx_store(ctx, slot, country);
}

/* The Dutch short name of the country with code `code`, or NULL. */
const char *sg_country_name(const char *code) {
  long country = sgr_country_find(code);
  return country < 0 ? NULL : sgr_country_name((uint32_t)country);
}

/* Set the fact called `name` from text parsed by its type (see signaal.h):
 * SG_ERR_RANGE for an unknown name, SG_ERR_VALUE for text that does not parse. */
sg_status sg_set_parsed(sg_context *ctx, const char *name, const char *text) {
  if (!ctx) return SG_ERR_RANGE;
  long slot = sg_fact_slot(ctx->rb, name);
  if (slot < 0) return SG_ERR_RANGE;
  if (!text) return SG_ERR_VALUE;
  size_t s = (size_t)slot;
  switch (ctx->rb->facts[s].type) {
  case SG_BOOL:
    if (strcmp(text, "true") == 0) return sg_set_bool(ctx, s, 1);
    if (strcmp(text, "false") == 0) return sg_set_bool(ctx, s, 0);
    return SG_ERR_VALUE;
  case SG_INT: {
    int64_t v;
    return sgr_parse_int(text, &v) ? sg_set_int(ctx, s, v) : SG_ERR_VALUE;
  }
  case SG_TEXT:
    return sg_set_text(ctx, s, text);
  case SG_ENUM:
    return sg_set_enum(ctx, s, text);
  case SG_DATE: {
    int32_t d;
    return sg_parse_date(text, &d) == 0 ? sg_set_date(ctx, s, d) : SG_ERR_VALUE;
  }
  case SG_COUNTRY:
    return sg_set_country(ctx, s, text);
  default: {
    int64_t t;
    return sg_parse_datetime(text, &t) == 0 ? sg_set_datetime(ctx, s, t) : SG_ERR_VALUE;
  }
  }
}

/* Set the moment of evaluation (local datetime seconds) for NOW and TODAY. */
void sg_set_now(sg_context *ctx, int64_t seconds) {
  if (!ctx) return;
  ctx->now.known = 1;
  ctx->now.u.i = seconds;
  if (!ctx->asof_given) {  /* the decision date follows the moment */
    ctx->asof.known = 1;
    ctx->asof.u.i = date_floor_div(seconds, 86400);
  }
  ctx_touch(ctx);
}

/* Set the decision date apart from the moment (see signaal.h). */
void sg_set_asof(sg_context *ctx, int32_t days) {
  if (!ctx) return;
  ctx->asof.known = 1;
  ctx->asof.u.i = days;
  ctx->asof_given = 1;
  ctx_touch(ctx);
}

int sg_asof(const sg_context *ctx, int32_t *days) {
  if (!ctx || !ctx->asof.known) return 0;
  if (days) *days = (int32_t)ctx->asof.u.i;
  return 1;
}

/* The value of a fact as text, or NULL when unknown (see signaal.h). */
const char *sg_fact_value(const sg_context *ctx, size_t slot, char *buf, size_t len) {
  if (!ctx || slot >= ctx->rb->nfacts || !ctx->facts[slot].known || !buf || len < 24) return NULL;
  const sg_value *v = &ctx->facts[slot];
  switch (v->kind) {
  case SG_BOOL: return v->u.i ? "true" : "false";
  case SG_TEXT: return v->u.s;
  case SG_ENUM: return rb_enum_name(ctx->rb, (uint32_t)slot, (uint32_t)v->u.i);
  case SG_DATE: sg_format_date((int32_t)v->u.i, buf); return buf;
  case SG_DATETIME: sg_format_datetime(v->u.i, buf); return buf;
  case SG_COUNTRY: return sgr_country_code((uint32_t)v->u.i);
  default: snprintf(buf, len, "%lld", (long long)v->u.i); return buf;
  }
}
