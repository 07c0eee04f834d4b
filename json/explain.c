/* explain.c — builds the explanation tree of a rule from the runtime's
 * reasons: predicates recursively (a predicate shared in the DAG is expanded
 * at its first place in the chain), fact values, the moment; and walks it
 * for the writers, which may show a predicate once per report.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

/* What one build needs besides the tree: which predicates it expanded. */
typedef struct {
  const case_session *s;
  unsigned char *expanded;  /* expanded[pred]: explained earlier in this chain */
} explain_builder;

/* A string from the API, or "" for NULL. */
static const char *text_or_empty(const char *text) {
  return text != NULL ? text : "";
}

/* A new copy of `text`; NULL when out of memory. */
static char *copy_text(const char *text) {
  size_t len = strlen(text) + 1;
  char *copy = malloc(len);
  if (copy != NULL) memcpy(copy, text, len);
  return copy;
}

/* Free `count` nodes and everything below them. */
static void free_nodes(explain_node *nodes, size_t count) {
  for (size_t i = 0; i < count; i++) {
    free(nodes[i].value);
    free_nodes(nodes[i].reasons, nodes[i].count);
  }
  free(nodes);
}

/* The reasons of a part (pred < 0: rule part `part`) or a predicate into a
 * new array; NULL with *count 0 when there are none; -1 when out of memory
 * (also NULL with *count 0). */
static int read_reasons(sg_context *ctx, size_t rule, unsigned part, long pred, sg_reason **out,
                        size_t *count) {
  *out = NULL;
  *count = pred < 0 ? sg_rule_reasons(ctx, rule, part, NULL, 0)
                    : sg_pred_reasons(ctx, (size_t)pred, NULL, 0);
  if (*count == 0) return 0;
  *out = calloc(*count, sizeof **out);
  if (*out == NULL) {
    *count = 0;
    return -1;
  }
  size_t again = pred < 0 ? sg_rule_reasons(ctx, rule, part, *out, *count)
                          : sg_pred_reasons(ctx, (size_t)pred, *out, *count);
  if (again < *count) *count = again;
  return 0;
}

/* The nodes of `count` reasons into a new array *out; -1 when out of memory. */
static int build_nodes(explain_builder *b, const sg_reason *reasons, size_t count, size_t depth,
                       explain_node **out);

/* Fill one node from one reason, and its reasons in turn. */
static int build_node(explain_builder *b, const sg_reason *reason, size_t depth,
                      explain_node *node) {
  char buf[VALUE_TEXT_MAX];
  const sg_rulebook *rb = b->s->rb;
  node->kind = reason->kind;
  node->index = reason->index;
  node->truth = SG_UNKNOWN;
  node->name = node->label = node->title = node->citation = node->question = "";
  if (reason->kind == SG_REASON_FACT) {
    node->name = text_or_empty(sg_fact_name(rb, reason->index));
    node->question = text_or_empty(sg_fact_question(rb, reason->index));
    node->fact = b->s->values[reason->index];
    const char *value = value_text(&node->fact, buf);
    if (value != NULL && (node->value = copy_text(value)) == NULL) return -1;
    return 0;
  }
  if (reason->kind == SG_REASON_NOW) {
    sg_format_datetime(b->s->now, buf);
    return (node->value = copy_text(buf)) == NULL ? -1 : 0;
  }
  node->name = text_or_empty(sg_pred_name(rb, reason->index));
  node->label = text_or_empty(sg_pred_label(rb, reason->index));
  node->title = node->label[0] != '\0' ? node->label : node->name;
  node->citation = text_or_empty(sg_pred_citation(rb, reason->index));
  node->signal = sg_pred_kind_of(rb, reason->index) == SG_SIGNAL;
  node->truth = sg_pred_value(b->s->ctx, reason->index);
  if (b->expanded[reason->index]) {
    node->repeat = 1;
    return 0;
  }
  b->expanded[reason->index] = 1;
  if (depth + 1 >= EXPLAIN_MAX_DEPTH) {
    node->cut = 1;
    return 0;
  }
  sg_reason *inner = NULL;
  size_t n = 0;
  if (read_reasons(b->s->ctx, 0, 0, (long)reason->index, &inner, &n) != 0) return -1;
  int status = build_nodes(b, inner, n, depth + 1, &node->reasons);
  if (status == 0) node->count = n;
  free(inner);
  return status;
}

static int build_nodes(explain_builder *b, const sg_reason *reasons, size_t count, size_t depth,
                       explain_node **out) {
  *out = NULL;
  if (count == 0) return 0;
  explain_node *nodes = calloc(count, sizeof *nodes);
  if (nodes == NULL) return -1;
  for (size_t i = 0; i < count; i++) {
    if (build_node(b, &reasons[i], depth, &nodes[i]) != 0) {
      free_nodes(nodes, count);
      return -1;
    }
  }
  *out = nodes;
  return 0;
}

/* A rule's `when` or `unless` with its reasons; -1 when out of memory. */
static int build_part(explain_builder *b, size_t rule, unsigned part, explain_part *out) {
  sg_reason *reasons = NULL;
  size_t n = 0;
  out->truth = sg_rule_part(b->s->ctx, rule, part);
  if (read_reasons(b->s->ctx, rule, part, -1, &reasons, &n) != 0) return -1;
  int status = build_nodes(b, reasons, n, 0, &out->reasons);
  if (status == 0) out->count = n;
  free(reasons);
  return status;
}

int explain_build(const case_session *s, size_t rule, explain_rule *out) {
  memset(out, 0, sizeof *out);
  out->rule = rule;
  explain_builder b = {s, calloc(sg_pred_count(s->rb) + 1, 1)};
  if (b.expanded == NULL) return -1;
  int status = build_part(&b, rule, SG_PART_WHEN, &out->when);
  out->has_unless = sg_rule_reasons(s->ctx, rule, SG_PART_UNLESS, NULL, 0) > 0;
  if (status == 0 && out->has_unless) status = build_part(&b, rule, SG_PART_UNLESS, &out->unless);
  free(b.expanded);
  if (status != 0) explain_free(out);
  return status;
}

void explain_free(explain_rule *e) {
  free_nodes(e->when.reasons, e->when.count);
  free_nodes(e->unless.reasons, e->unless.count);
  memset(&e->when, 0, sizeof e->when);
  memset(&e->unless, 0, sizeof e->unless);
}

int explain_key_waiting(const case_session *s, size_t rule, size_t action, size_t **slots,
                        size_t *count) {
  sg_context *ctx = s->ctx;
  sg_reason *reasons = NULL;
  size_t n = 0;
  *slots = NULL;
  *count = 0;
  if (read_reasons(ctx, rule, SG_PART_ACTION + (unsigned)action, -1, &reasons, &n) != 0) return -1;
  if (n > 0 && (*slots = calloc(n, sizeof **slots)) == NULL) {
    free(reasons);
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if (reasons[i].kind == SG_REASON_FACT && s->values[reasons[i].index].type == 0)
      (*slots)[(*count)++] = reasons[i].index;
  }
  free(reasons);
  if (*count == 0) {
    free(*slots);
    *slots = NULL;
  }
  return 0;
}

/* Whether any of `count` reasons is a date-time: the moment, or a fact of
 * type datetime. */
static int rests_on_datetime(const sg_rulebook *rb, const sg_reason *reasons, size_t count) {
  for (size_t i = 0; i < count; i++)
    if (reasons[i].kind == SG_REASON_NOW ||
        (reasons[i].kind == SG_REASON_FACT && sg_fact_type(rb, reasons[i].index) == SG_DATETIME))
      return 1;
  return 0;
}

/* Set windows[w] for each window rule `index` (is_rule) or predicate
 * `index` reads; -1 when out of memory. */
static int mark_windows(const sg_rulebook *rb, int is_rule, size_t index, unsigned char *windows) {
  size_t n = is_rule ? sg_rule_windows(rb, index, NULL, 0) : sg_pred_windows(rb, index, NULL, 0);
  if (n == 0) return 0;
  size_t *found = calloc(n, sizeof *found);
  if (found == NULL) return -1;
  n = is_rule ? sg_rule_windows(rb, index, found, n) : sg_pred_windows(rb, index, found, n);
  for (size_t i = 0; i < n; i++) windows[found[i]] = 1;
  free(found);
  return 0;
}

/* Set preds[p] for each predicate among `count` reasons, and put the ones
 * newly set on the stack (which has room for every predicate). */
static void push_preds(const sg_reason *reasons, size_t count, unsigned char *preds,
                       size_t *stack, size_t *top) {
  for (size_t i = 0; i < count; i++) {
    if (reasons[i].kind != SG_REASON_PRED || preds[reasons[i].index]) continue;
    preds[reasons[i].index] = 1;
    stack[(*top)++] = reasons[i].index;
  }
}

int explain_rests_on(const case_session *s, size_t rule, unsigned char *preds,
                     unsigned char *windows) {
  const sg_rulebook *rb = s->rb;
  size_t *stack = calloc(sg_pred_count(rb) + 1, sizeof *stack), top = 0;
  if (stack == NULL) return -1;
  memset(preds, 0, sg_pred_count(rb));
  memset(windows, 0, sg_window_count(rb));
  int datetime = 0, status = 0;
  unsigned parts = SG_PART_ACTION + (unsigned)sg_rule_action_count(rb, rule);
  for (unsigned part = SG_PART_WHEN; part < parts && status == 0; part++) {
    sg_reason *reasons = NULL;
    size_t n = 0;
    status = read_reasons(s->ctx, rule, part, -1, &reasons, &n);
    datetime |= rests_on_datetime(rb, reasons, n);
    push_preds(reasons, n, preds, stack, &top);
    free(reasons);
  }
  if (status == 0 && datetime) status = mark_windows(rb, 1, rule, windows);
  while (status == 0 && top > 0) {
    size_t pred = stack[--top];
    sg_reason *reasons = NULL;
    size_t n = 0;
    status = read_reasons(s->ctx, 0, 0, (long)pred, &reasons, &n);
    if (status == 0 && rests_on_datetime(rb, reasons, n))
      status = mark_windows(rb, 0, pred, windows);
    push_preds(reasons, n, preds, stack, &top);
    free(reasons);
  }
  free(stack);
  return status;
}

/* Walk `count` nodes at `depth` of a part, each with its reasons. */
static void walk_nodes(const explain_node *nodes, size_t count, explain_step *step,
                       const explain_visitor *v, void *userdata) {
  size_t depth = step->depth;
  for (size_t i = 0; i < count; i++) {
    step->node = &nodes[i];
    step->depth = depth;
    step->walked = 0;
    int walk = v->enter(userdata, step) && nodes[i].count > 0;
    if (walk) {
      step->depth = depth + 1;
      walk_nodes(nodes[i].reasons, nodes[i].count, step, v, userdata);
      step->node = &nodes[i];
      step->depth = depth;
    }
    step->walked = walk;
    if (v->leave != NULL) v->leave(userdata, step);
  }
}

/* Walk one part: the part, then its reasons. */
static void walk_part(const explain_part *p, unsigned part, const explain_visitor *v,
                      void *userdata) {
  explain_step step = {part, p->truth, NULL, 0, 0};
  v->enter(userdata, &step);
  walk_nodes(p->reasons, p->count, &step, v, userdata);
  step.node = NULL;
  step.depth = 0;
  step.walked = p->count > 0;
  if (v->leave != NULL) v->leave(userdata, &step);
}

void explain_walk(const explain_rule *e, const explain_visitor *v, void *userdata) {
  walk_part(&e->when, SG_PART_WHEN, v, userdata);
  if (e->has_unless) walk_part(&e->unless, SG_PART_UNLESS, v, userdata);
}

const char *explain_part_heading(unsigned part, sg_truth truth) {
  if (part == SG_PART_WHEN)
    return truth == SG_TRUE ? "waarom" : truth == SG_FALSE ? "waarom niet" : "nog onbeslist";
  return truth == SG_FALSE  ? "uitzondering niet van toepassing"
         : truth == SG_TRUE ? "uitzondering van toepassing"
                            : "uitzondering nog onbeslist";
}

int explain_seen_init(explain_seen *seen, size_t preds) {
  seen->shown = calloc(preds + 1, 1);
  return seen->shown != NULL ? 0 : -1;
}

void explain_seen_free(explain_seen *seen) {
  free(seen->shown);
  seen->shown = NULL;
}

int explain_seen_first(explain_seen *seen, const explain_node *node, int *repeat) {
  *repeat = node->repeat;
  if (node->kind != SG_REASON_PRED || node->repeat || node->count == 0) return !node->repeat;
  if (seen->shown == NULL) return 1;
  if (seen->shown[node->index]) {
    *repeat = 1;
    return 0;
  }
  seen->shown[node->index] = 1;
  return 1;
}
