/* eval.c — sg_eval and the outcomes of a context: predicate truths, rule
 * outcomes and parts, contact entries; and, on demand, by re-running blocks
 * in the VM's tracking mode, the reasons of every value and the facts an
 * undetermined outcome waits for. Nothing here allocates: every buffer was
 * made by sg_context_new.
 */
#include <string.h>

#include "internal.h"

/* Kleene "when and not unless" of a rule, by [when][unless]: false when
 * `when` is false or `unless` true, true when `when` is true and `unless`
 * false, else unknown. */
static const uint8_t eval_fires[3][3] = {
  [SG_FALSE] = { SG_FALSE, SG_FALSE, SG_FALSE },
  [SG_TRUE] = { [SG_FALSE] = SG_TRUE, [SG_TRUE] = SG_FALSE, [SG_UNKNOWN] = SG_UNKNOWN },
  [SG_UNKNOWN] = { [SG_FALSE] = SG_UNKNOWN, [SG_TRUE] = SG_FALSE, [SG_UNKNOWN] = SG_UNKNOWN },
};

/* Evaluate every predicate in order, then every rule's `when` and
 * `unless` (one call of the interpreter for all: rb->steps), then the
 * outcomes and the contact actions of the rules that fire. Never
 * allocates. */
sg_status sg_eval(sg_context *ctx) {
  if (!ctx) return SG_ERR_RANGE;
  const sg_rulebook *rb = ctx->rb;
  static const sg_block none = { 0, 0 };
  vm_exec_plain(ctx, none, 1);
  /* in locals: the byte stores below could alias ctx's and rb's fields */
  const sg_rule_rec *const rules = rb->rules;
  uint8_t *const outcome = ctx->rule, *const part = ctx->part;
  const uint32_t nrules = rb->nrules;
  for (uint32_t r = 0; r < nrules; r++) {
    const sg_rule_rec *rule = &rules[r];
    uint8_t when = part[2 * (size_t)r], unless = SG_FALSE;
    if (rule->unless.length) unless = part[2 * (size_t)r + 1];
    else part[2 * (size_t)r + 1] = SG_FALSE;
    uint8_t fires = eval_fires[when][unless];
    outcome[r] = fires;
    if (!rule->has_contact) continue;  /* its slots keep the -1 of sg_context_reset */
    for (uint32_t k = 0; k < rule->actions.count; k++) {
      const sg_action_rec *a = &rb->actions[rb->pool[rule->actions.first + k]];
      long entry = -1;
      if (a->kind == SG_CONTACT && fires == SG_TRUE)
        entry = vm_contact_entry(ctx, a->table, vm_run(ctx, a->key));
      ctx->contact[rule->contact_base + k] = entry;
    }
  }
  ctx->evaluated = 1;
  ctx->memo_upto = 0;
  ctx->presumed_upto = 0;
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
  if (!ctx || rule >= ctx->rb->nrules || action >= ctx->rb->rules[rule].actions.count) return -1;
  return ctx->contact[ctx->rb->rules[rule].contact_base + action];
}

/* The first set bit of `set` in [bit, end), or `end`: word by word. */
static inline size_t eval_next_bit(const uint64_t *set, size_t bit, size_t end) {
  while (bit < end) {
    uint64_t word = set[bit / 64] >> (bit % 64);
    if (word) {
      bit += (size_t)__builtin_ctzll(word);
      return bit < end ? bit : end;
    }
    bit = (bit / 64 + 1) * 64;
  }
  return end;
}

/* The unknown facts a reason set `reasons` comes down to, into `out`: its
 * unknown facts, and the sets in ctx->wait of its predicates, which must be
 * ready. For an unknown value this is its waiting set (its reasons are all
 * unknown inputs, its predicates unknown ones); for a known value, its
 * presumptions: the unknown facts it rests on. Word by word. */
static void eval_close(const sg_context *ctx, const uint64_t *reasons, uint64_t *out) {
  const sg_rulebook *rb = ctx->rb;
  for (size_t k = 0; k < ctx->words; k++) out[k] = 0;
  for (size_t b = eval_next_bit(reasons, 0, rb->nfacts); b < rb->nfacts;
       b = eval_next_bit(reasons, b + 1, rb->nfacts))
    if (!ctx->facts[b].known) out[b / 64] |= (uint64_t)1 << (b % 64);
  for (size_t b = eval_next_bit(reasons, rb->nfacts, RB_NOW_BIT(rb)); b < RB_NOW_BIT(rb);
       b = eval_next_bit(reasons, b + 1, RB_NOW_BIT(rb))) {
    const uint64_t *w = ctx->wait + (b - rb->nfacts) * ctx->words;
    for (size_t k = 0; k < ctx->words; k++) out[k] |= w[k];
  }
}

/* Trace predicate j and store its set (see eval_close) in ctx->wait. */
static void eval_memo_one(sg_context *ctx, uint32_t j) {
  vm_run_tracking(ctx, ctx->rb->preds[j].code, ctx->scratch);
  eval_close(ctx, ctx->scratch, ctx->wait + (size_t)j * ctx->words);
}

/* Make ctx->wait hold the waiting set of every unknown predicate below
 * `limit`, bottom-up: a predicate reads only lower ones, whose sets are
 * ready by the time it runs, so no recursion is needed. Known predicates
 * wait for nothing and are not traced (unless eval_memo_presumed did). */
static void eval_memo(sg_context *ctx, uint32_t limit) {
  for (; ctx->memo_upto < limit; ctx->memo_upto++) {
    uint32_t j = ctx->memo_upto;
    if (j < ctx->presumed_upto) continue;  /* already traced */
    if (ctx->pred[j] != SG_UNKNOWN) {
      memset(ctx->wait + (size_t)j * ctx->words, 0, ctx->words * sizeof *ctx->wait);
      continue;
    }
    eval_memo_one(ctx, j);
  }
}

/* The same for every predicate below `limit`, known ones too (their
 * presumptions), bottom-up. */
static void eval_memo_presumed(sg_context *ctx, uint32_t limit) {
  for (; ctx->presumed_upto < limit; ctx->presumed_upto++) {
    uint32_t j = ctx->presumed_upto;
    if (ctx->pred[j] == SG_UNKNOWN && j < ctx->memo_upto) continue;  /* ready */
    eval_memo_one(ctx, j);
  }
  if (ctx->memo_upto < ctx->presumed_upto) ctx->memo_upto = ctx->presumed_upto;
}

/* Write the members of the first `bits` bits of `set` as slots, up to
 * `cap`; count them all. */
static size_t eval_emit(const uint64_t *set, size_t bits, size_t *slots, size_t cap) {
  size_t n = 0;
  for (size_t b = eval_next_bit(set, 0, bits); b < bits; b = eval_next_bit(set, b + 1, bits)) {
    if (n < cap && slots) slots[n] = b;
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
  return eval_emit(ctx->wait + pred * ctx->words, ctx->rb->nfacts, slots, cap);
}

/* Into `out` (ctx->words words): the facts undetermined rule `rule` waits
 * for, those of its unknown parts. Needs eval_memo for every predicate. */
static void eval_rule_waiting(sg_context *ctx, size_t rule, uint64_t *out) {
  const sg_rule_rec *r = &ctx->rb->rules[rule];
  uint64_t *reasons = ctx->scratch, *part = ctx->wait + (size_t)ctx->rb->npreds * ctx->words;
  memset(out, 0, ctx->words * sizeof *out);
  for (unsigned k = 0; k < 2; k++) {
    sg_block block = k == 0 ? r->when : r->unless;
    if (!block.length || ctx->part[2 * rule + k] != SG_UNKNOWN) continue;
    vm_run_tracking(ctx, block, reasons);
    eval_close(ctx, reasons, part);
    for (size_t w = 0; w < ctx->words; w++) out[w] |= part[w];
  }
}

/* Facts an undetermined rule waits for: those of its unknown `when` and
 * `unless` (see signaal.h); 0 when the case changed since sg_eval. */
size_t sg_rule_waiting(sg_context *ctx, size_t rule, size_t *slots, size_t cap) {
  if (!ctx || !ctx->evaluated || rule >= ctx->rb->nrules || ctx->rule[rule] != SG_UNKNOWN)
    return 0;
  eval_memo(ctx, ctx->rb->npreds);
  uint64_t *set = ctx->wait + ((size_t)ctx->rb->npreds + 1) * ctx->words;
  eval_rule_waiting(ctx, rule, set);
  return eval_emit(set, ctx->rb->nfacts, slots, cap);
}

/* Into `out`: the presumptions of decided rule `rule`, the unknown facts
 * the parts that decided it rest on (fired: when and unless; not fired: a
 * false when, a true unless); `parts` limits it to (1 << SG_PART_WHEN) and/or
 * (1 << SG_PART_UNLESS). Needs eval_memo_presumed for every predicate. */
static void eval_rule_presumed(sg_context *ctx, size_t rule, unsigned parts, uint64_t *out) {
  const sg_rule_rec *r = &ctx->rb->rules[rule];
  uint64_t *reasons = ctx->scratch, *part = ctx->wait + (size_t)ctx->rb->npreds * ctx->words;
  memset(out, 0, ctx->words * sizeof *out);
  uint8_t fires = ctx->rule[rule];
  for (unsigned k = 0; k < 2; k++) {
    sg_block block = k == 0 ? r->when : r->unless;
    uint8_t truth = ctx->part[2 * rule + k];
    int decided = fires == SG_TRUE || (k == 0 ? truth == SG_FALSE : truth == SG_TRUE);
    if (!block.length || !(parts >> k & 1) || !decided) continue;
    vm_run_tracking(ctx, block, reasons);
    eval_close(ctx, reasons, part);
    for (size_t w = 0; w < ctx->words; w++) out[w] |= part[w];
  }
}

/* Presumptions of a decided rule (see signaal.h); 0 when undetermined or
 * the case changed since sg_eval. */
size_t sg_rule_presumed(sg_context *ctx, size_t rule, unsigned part, size_t *slots, size_t cap) {
  if (!ctx || !ctx->evaluated || rule >= ctx->rb->nrules || ctx->rule[rule] == SG_UNKNOWN ||
      part > SG_PART_UNLESS)
    return 0;
  eval_memo_presumed(ctx, ctx->rb->npreds);
  uint64_t *set = ctx->wait + ((size_t)ctx->rb->npreds + 1) * ctx->words;
  eval_rule_presumed(ctx, rule, 1u << part, set);
  return eval_emit(set, ctx->rb->nfacts, slots, cap);
}

/* ---- explanations ----------------------------------------------------- */

/* Turn a reason set into sg_reason records (facts, predicates, moment). */
static size_t eval_reasons(const sg_context *ctx, const uint64_t *set, sg_reason *out, size_t cap) {
  const sg_rulebook *rb = ctx->rb;
  size_t n = 0;
  size_t end = RB_NOW_BIT(rb) + 1;
  for (size_t b = eval_next_bit(set, 0, end); b < end; b = eval_next_bit(set, b + 1, end)) {
    if (n < cap && out) {
      if (b < rb->nfacts) out[n] = (sg_reason){ SG_REASON_FACT, b };
      else if (b < RB_NOW_BIT(rb)) out[n] = (sg_reason){ SG_REASON_PRED, b - rb->nfacts };
      else out[n] = (sg_reason){ SG_REASON_NOW, 0 };
    }
    n++;
  }
  return n;
}

sg_truth sg_rule_part(const sg_context *ctx, size_t rule, unsigned part) {
  if (!ctx || rule >= ctx->rb->nrules || part > SG_PART_UNLESS) return SG_UNKNOWN;
  return (sg_truth)ctx->part[2 * rule + part];
}

/* Reasons of a rule's when, unless or contact key (see signaal.h). */
size_t sg_rule_reasons(sg_context *ctx, size_t rule, unsigned part, sg_reason *out, size_t cap) {
  if (!ctx || !ctx->evaluated || rule >= ctx->rb->nrules) return 0;
  const sg_rulebook *rb = ctx->rb;
  const sg_rule_rec *r = &rb->rules[rule];
  sg_block block = { 0, 0 };
  if (part == SG_PART_WHEN) block = r->when;
  else if (part == SG_PART_UNLESS) block = r->unless;
  else if (part - SG_PART_ACTION < r->actions.count)
    block = rb->actions[rb->pool[r->actions.first + (part - SG_PART_ACTION)]].key;
  if (!block.length) return 0;
  vm_run_tracking(ctx, block, ctx->scratch);
  return eval_reasons(ctx, ctx->scratch, out, cap);
}

/* Reasons of a predicate's value (see signaal.h): its block traced anew
 * (a predicate it reads is one bit, so nothing below needs tracing). */
size_t sg_pred_reasons(sg_context *ctx, size_t pred, sg_reason *out, size_t cap) {
  if (!ctx || !ctx->evaluated || pred >= ctx->rb->npreds) return 0;
  vm_run_tracking(ctx, ctx->rb->preds[pred].code, ctx->scratch);
  return eval_reasons(ctx, ctx->scratch, out, cap);
}

/* ---- open questions --------------------------------------------------- */

/* In ctx->baseline, beside each rule's outcome: set while a question is
 * tried on a rule undetermined in the baseline that some answer settles. */
#define EVAL_SETTLED_BY_SOME 0x80u

/* How many rules undetermined in the baseline the current outcomes settle
 * (each marked EVAL_SETTLED_BY_SOME), and (*changed) how many decided ones
 * they change. */
static size_t eval_settled(sg_context *ctx, size_t *changed) {
  size_t n = 0, c = 0;
  for (uint32_t r = 0; r < ctx->rb->nrules; r++) {
    uint8_t was = ctx->baseline[r] & ~EVAL_SETTLED_BY_SOME;
    if (was == SG_UNKNOWN && ctx->rule[r] != SG_UNKNOWN) {
      n++;
      ctx->baseline[r] |= EVAL_SETTLED_BY_SOME;
    } else if (was != SG_UNKNOWN) {
      c += ctx->rule[r] != was;
    }
  }
  *changed = c;
  return n;
}

/* Try every value of bool or enum fact `slot` (unknown now) and record how
 * many undetermined rules the best and the worst answer settle, and how
 * many decided rules the most decisive answer changes. */
static void eval_try_values(sg_context *ctx, sg_question *q) {
  const sg_fact_rec *f = &ctx->rb->facts[q->slot];
  size_t values = f->type == SG_BOOL ? 2 : f->values.count;
  sg_value saved = ctx->facts[q->slot];
  q->settles_max = 0;
  q->settles_min = (size_t)-1;
  q->changes = 0;
  for (size_t v = 0; v < values; v++) {
    sg_value trial = saved;
    trial.known = 1;
    trial.u.i = (int64_t)v;
    ctx->facts[q->slot] = trial;
    sg_eval(ctx);
    size_t changed;
    size_t settled = eval_settled(ctx, &changed);
    if (settled > q->settles_max) q->settles_max = settled;
    if (settled < q->settles_min) q->settles_min = settled;
    if (changed > q->changes) q->changes = changed;
  }
  if (q->settles_min == (size_t)-1) q->settles_min = 0;
  ctx->facts[q->slot] = saved;
  q->tried = 1;
  /* A rule some answer settles waits for the fact, even where the reasons
   * do not say so: an undetermined `a and not (x is known …)` rests on x
   * through a part that is known now. Count those too, so that no answer
   * settles more rules than wait for it. */
  size_t some = 0;
  for (uint32_t r = 0; r < ctx->rb->nrules; r++) {
    some += (ctx->baseline[r] & EVAL_SETTLED_BY_SOME) != 0;
    ctx->baseline[r] &= (uint8_t)~EVAL_SETTLED_BY_SOME;
  }
  if (some > q->waiting) q->waiting = some;
}

/* Most useful first: every non-optional question before the optional (context)
 * ones, then settles_max, settles_min (each with the contacts the answer
 * decides: key_count), changes, a tried question before a guessed one (a
 * country asked before knowing whether there was an asylum request at
 * all), waiting, then slot. */
static int eval_question_before(const sg_context *ctx, const sg_question *a,
                                const sg_question *b) {
  size_t ka = ctx->key_count[a->slot], kb = ctx->key_count[b->slot];
  if (a->optional != b->optional) return a->optional < b->optional;
  if (a->settles_max + ka != b->settles_max + kb) return a->settles_max + ka > b->settles_max + kb;
  if (a->settles_min + ka != b->settles_min + kb) return a->settles_min + ka > b->settles_min + kb;
  if (a->changes != b->changes) return a->changes > b->changes;
  if (a->tried != b->tried) return a->tried > b->tried;
  if (a->waiting != b->waiting) return a->waiting > b->waiting;
  return a->slot < b->slot;
}

/* Count in ctx->key_count the unknown facts that the table key of each
 * contact of a rule that holds waits for (its number cannot be given until
 * they are answered). */
static void eval_count_keys(sg_context *ctx) {
  const sg_rulebook *rb = ctx->rb;
  for (uint32_t r = 0; r < rb->nrules; r++) {
    const sg_rule_rec *rule = &rb->rules[r];
    if (ctx->rule[r] != SG_TRUE || !rule->has_contact) continue;
    for (uint32_t k = 0; k < rule->actions.count; k++) {
      const sg_action_rec *a = &rb->actions[rb->pool[rule->actions.first + k]];
      if (a->kind != SG_CONTACT || ctx->contact[rule->contact_base + k] >= 0) continue;
      if (vm_run_tracking(ctx, a->key, ctx->scratch).known) continue;  /* a key with no entry */
      for (uint32_t f = 0; f < rb->nfacts; f++)
        ctx->key_count[f] += ctx->scratch[f / 64] >> (f % 64) & 1;
    }
  }
}

size_t sg_question_contacts(const sg_context *ctx, size_t slot) {
  if (!ctx || !ctx->evaluated || slot >= ctx->rb->nfacts) return 0;
  return ctx->key_count[slot];
}

size_t sg_open_questions(sg_context *ctx, sg_question *out, size_t cap) {
  if (!ctx || !ctx->evaluated) return 0;
  const sg_rulebook *rb = ctx->rb;
  uint64_t *set = ctx->wait + ((size_t)rb->npreds + 1) * ctx->words;
  memset(ctx->wait_count, 0, 3 * (size_t)rb->nfacts * sizeof *ctx->wait_count);
  eval_count_keys(ctx);
  eval_memo_presumed(ctx, rb->npreds);
  for (uint32_t r = 0; r < rb->nrules; r++) {
    uint32_t *count = ctx->wait_count;
    if (ctx->rule[r] == SG_UNKNOWN) {
      eval_rule_waiting(ctx, r, set);
    } else {
      eval_rule_presumed(ctx, r, 3u, set);
      count = ctx->presumed_count;
    }
    for (uint32_t f = 0; f < rb->nfacts; f++) count[f] += set[f / 64] >> (f % 64) & 1;
  }
  size_t n = 0;
  for (uint32_t f = 0; f < rb->nfacts; f++) {
    if (!ctx->wait_count[f] && !ctx->presumed_count[f] && !ctx->key_count[f]) continue;
    sg_question *q = &ctx->questions[n++];
    q->slot = f;
    /* not tried: at most every waiting rule, at least none */
    q->waiting = q->settles_max = ctx->wait_count[f];
    q->settles_min = 0;
    q->presumed = q->changes = ctx->presumed_count[f];
    q->optional = rb->facts[f].optional;
    q->tried = 0;
  }
  /* Try answers on the context itself, then restore its outcomes. A tried
   * question that neither settles nor changes anything is dropped. */
  memcpy(ctx->baseline, ctx->rule, rb->nrules);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    sg_question q = ctx->questions[i];
    uint8_t type = rb->facts[q.slot].type;
    if (type == SG_BOOL || type == SG_ENUM) eval_try_values(ctx, &q);
    if (q.tried && !q.waiting && !q.changes && !ctx->key_count[q.slot]) continue;
    ctx->questions[kept++] = q;
  }
  if (n) sg_eval(ctx);
  n = kept;
  /* insertion sort: at most nfacts candidates, and no allocation */
  for (size_t i = 1; i < n; i++) {
    sg_question q = ctx->questions[i];
    size_t j = i;
    while (j > 0 && eval_question_before(ctx, &q, &ctx->questions[j - 1])) {
      ctx->questions[j] = ctx->questions[j - 1];
      j--;
    }
    ctx->questions[j] = q;
  }
  for (size_t i = 0; i < n && i < cap && out; i++) out[i] = ctx->questions[i];
  return n;
}
