/* eval.c — sg_eval and the outcomes of a context: predicate truths, rule
 * outcomes, contact entries, and the waiting sets, which are computed on
 * demand by re-running blocks in the VM's tracking mode. Nothing here
 * allocates: every buffer was made by sg_context_new.
 */
#include <string.h>

#include "internal.h"

/* Kleene "when and not unless" of a rule. */
static uint8_t eval_fires(uint8_t when, uint8_t unless) {
  if (when == SG_FALSE || unless == SG_TRUE) return SG_FALSE;
  if (when == SG_TRUE && unless == SG_FALSE) return SG_TRUE;
  return SG_UNKNOWN;
}

/* Evaluate every predicate in order, then every rule and the contact
 * actions of the rules that fire. Never allocates. */
sg_status sg_eval(sg_context *ctx) {
  if (!ctx) return SG_ERR_RANGE;
  const sg_rulebook *rb = ctx->rb;
  for (uint32_t j = 0; j < rb->npreds; j++)
    ctx->pred[j] = (uint8_t)vm_truth(vm_run(ctx, rb->preds[j].code));
  for (uint32_t r = 0; r < rb->nrules; r++) {
    const sg_rule_rec *rule = &rb->rules[r];
    uint8_t when = (uint8_t)vm_truth(vm_run(ctx, rule->when));
    uint8_t unless = rule->unless.length ? (uint8_t)vm_truth(vm_run(ctx, rule->unless)) : SG_FALSE;
    uint8_t fires = eval_fires(when, unless);
    ctx->rule[r] = fires;
    for (uint32_t k = 0; k < rule->action_count; k++) {
      const sg_action_rec *a = &rb->actions[rb->pool[rule->actions_first + k]];
      long entry = -1;
      if (a->kind == SG_CONTACT && fires == SG_TRUE)
        entry = vm_contact_entry(rb, a->table, vm_run(ctx, a->key));
      ctx->contact[rule->contact_base + k] = entry;
    }
  }
  ctx->evaluated = 1;
  ctx->memo_upto = 0;
  return SG_OK;
}

/* Truth of predicate `pred` after the last sg_eval (unknown if out of range). */
sg_truth sg_pred_value(const sg_context *ctx, size_t pred) {
  if (!ctx || pred >= ctx->rb->npreds) return SG_UNKNOWN;
  return (sg_truth)ctx->pred[pred];
}

/* Outcome of rule `rule` after the last sg_eval (unknown if out of range). */
sg_truth sg_rule_outcome(const sg_context *ctx, size_t rule) {
  if (!ctx || rule >= ctx->rb->nrules) return SG_UNKNOWN;
  return (sg_truth)ctx->rule[rule];
}

/* Table entry chosen by contact action `action` of a fired rule, else -1. */
long sg_rule_contact(const sg_context *ctx, size_t rule, size_t action) {
  if (!ctx || rule >= ctx->rb->nrules || action >= ctx->rb->rules[rule].action_count) return -1;
  return ctx->contact[ctx->rb->rules[rule].contact_base + action];
}

/* Make ctx->memo hold the waiting set of every predicate below `limit`,
 * bottom-up: a predicate reads only lower ones, whose sets are ready by
 * the time it runs, so no recursion and no extra stack are needed. */
static void eval_memo(sg_context *ctx, uint32_t limit) {
  const sg_rulebook *rb = ctx->rb;
  for (; ctx->memo_upto < limit; ctx->memo_upto++) {
    uint32_t j = ctx->memo_upto;
    uint64_t *set = ctx->memo + (size_t)j * ctx->words;
    if (ctx->pred[j] == SG_UNKNOWN) vm_run_tracking(ctx, rb->preds[j].code, set);
    else memset(set, 0, ctx->words * sizeof *set);
  }
}

/* Write the members of `set` in ascending order, up to `cap`; count them all. */
static size_t eval_emit(const sg_context *ctx, const uint64_t *set, size_t *slots, size_t cap) {
  size_t n = 0;
  for (size_t w = 0; w < ctx->words; w++)
    for (uint64_t bits = set[w]; bits; bits &= bits - 1) {
      size_t bit = 0;
      while (!(bits >> bit & 1)) bit++;
      if (n < cap && slots) slots[n] = w * 64 + bit;
      n++;
    }
  return n;
}

/* Facts an unknown predicate waits for (see signaal.h). Only meaningful
 * right after sg_eval: once a setter changed the case, it returns 0 until
 * the next sg_eval. */
size_t sg_pred_waiting(sg_context *ctx, size_t pred, size_t *slots, size_t cap) {
  if (!ctx || !ctx->evaluated || pred >= ctx->rb->npreds || ctx->pred[pred] != SG_UNKNOWN)
    return 0;
  eval_memo(ctx, (uint32_t)pred + 1);
  return eval_emit(ctx, ctx->memo + pred * ctx->words, slots, cap);
}

/* Facts an undetermined rule waits for: those of its unknown `when` and
 * `unless` (see signaal.h); 0 when the case changed since sg_eval. */
size_t sg_rule_waiting(sg_context *ctx, size_t rule, size_t *slots, size_t cap) {
  if (!ctx || !ctx->evaluated || rule >= ctx->rb->nrules || ctx->rule[rule] != SG_UNKNOWN)
    return 0;
  const sg_rule_rec *r = &ctx->rb->rules[rule];
  uint64_t *when = ctx->scratch, *unless = ctx->scratch + ctx->words;
  eval_memo(ctx, ctx->rb->npreds);
  vm_run_tracking(ctx, r->when, when);
  if (r->unless.length) {
    /* Outcome unknown: the union of the sets of the unknown parts (a known
     * part's set is empty). */
    vm_run_tracking(ctx, r->unless, unless);
    for (size_t w = 0; w < ctx->words; w++) when[w] |= unless[w];
  }
  return eval_emit(ctx, when, slots, cap);
}
