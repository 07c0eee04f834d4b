/* check_order.c — the checker's orders: predicates in evaluation order
 * (each after everything it reads; a cycle is an error) and rules in output
 * order (by step, then as declared).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>

/* Report the cycle that closes at `d`, which is on the path stack[0..depth). */
static void report_cycle(sgc_compiler *c, ast_decl *d, ast_decl **stack, size_t depth) {
  size_t start = 0;
  while (stack[start] != d) start++;
  char path[1024];
  size_t n = 0;
  for (size_t i = start; i < depth && n < sizeof path - 80; i++)
    n += (size_t)snprintf(path + n, sizeof path - n, "%s -> ", stack[i]->name);
  snprintf(path + n, sizeof path - n, "%s", d->name);
  diag_error(c, d->name_loc, "%s '%s' depends on itself: %s", diag_word(check_decl_names[d->kind]), d->name, path);
}

/* Depth-first from `root`: a predicate comes after everything it reads.
 * Reports each cycle once, naming its members. Iterative, with the path in
 * `stack` and each one's next dependency in `next` (room for every
 * predicate: one is on the path at most once), so a long chain of
 * conditions cannot overflow the C stack. */
static void order_pred(sgc_compiler *c, ast_decl *root, ast_decl **stack, size_t *next) {
  if (root->mark != 0) return;
  root->mark = 1;
  stack[0] = root;
  next[0] = 0;
  size_t depth = 1;
  while (depth > 0) {
    ast_decl *d = stack[depth - 1];
    if (next[depth - 1] == d->dep_count) {  /* all it reads is placed: place it */
      d->mark = 2;
      *VEC_PUSH(c, c->pred_order) = d;
      depth--;
      continue;
    }
    ast_decl *e = d->deps[next[depth - 1]++];
    if (e->mark == 1) report_cycle(c, e, stack, depth);
    if (e->mark != 0) continue;
    e->mark = 1;
    stack[depth] = e;
    next[depth++] = 0;
  }
}

/* Rules with a step first, by step; then the others; ties in declaration
 * order. */
static int rule_order_cmp(const void *pa, const void *pb) {
  const ast_decl *a = *(ast_decl *const *)pa, *b = *(ast_decl *const *)pb;
  if (a->has_step != b->has_step) return a->has_step ? -1 : 1;
  if (a->has_step && a->step != b->step) return a->step < b->step ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

/* Renumber the predicates e reads from declaration order to evaluation
 * order: pos[declared index] is the place in c->pred_order. */
static void renumber(ast_expr *e, const int *pos) {
  for (; e; e = e->next) {
    if (e->kind == EX_NAME && e->ref == REF_PRED) e->index = pos[e->index];
    renumber(e->a, pos);
    renumber(e->b, pos);
  }
}

/* Predicates in evaluation order, each (and each reference to it)
 * renumbered to its place in it; rules in output order. Only for a
 * rulebook without errors. */
void check_order(sgc_compiler *c) {
  decl_tables *t = &c->tables;
  ast_decl **stack = sgc_alloc(c, (t->preds.count + 1) * sizeof *stack);
  size_t *next = sgc_alloc(c, (t->preds.count + 1) * sizeof *next);
  for (size_t i = 0; i < t->preds.count; i++) order_pred(c, t->preds.items[i], stack, next);
  int *pos = sgc_alloc(c, (t->preds.count + 1) * sizeof *pos);
  for (size_t i = 0; i < c->pred_order.count; i++) {
    pos[c->pred_order.items[i]->index] = (int)i;
    c->pred_order.items[i]->index = (int)i;
  }
  for (size_t i = 0; i < t->preds.count; i++)
    for (ast_clause *cl = t->preds.items[i]->clauses; cl; cl = cl->next) renumber(cl->expr, pos);
  for (size_t i = 0; i < t->rules.count; i++)
    for (ast_clause *cl = t->rules.items[i]->clauses; cl; cl = cl->next) renumber(cl->expr, pos);
  for (size_t i = 0; i < t->rules.count; i++) *VEC_PUSH(c, c->rule_order) = t->rules.items[i];
  if (c->rule_order.count > 1)
    qsort(c->rule_order.items, c->rule_order.count, sizeof *c->rule_order.items, rule_order_cmp);
}

