/* deps.c — what a rule rests on, transitively (see deps.h): the runtime
 * says what one block reads (sg_pred_reads, sg_rule_reads); this follows
 * the predicates it reads until nothing new is marked. A predicate is
 * visited once, so the work is bounded by the rulebook's size.
 */
#include "deps.h"

#include <stdlib.h>
#include <string.h>

int deps_alloc(const sg_rulebook *rb, deps_marks *m) {
  m->preds = calloc(sg_pred_count(rb) + 1, 1);
  m->facts = calloc(sg_fact_count(rb) + 1, 1);
  m->windows = calloc(sg_window_count(rb) + 1, 1);
  m->sets = calloc(sg_set_count(rb) + 1, 1);
  m->tables = calloc(sg_table_count(rb) + 1, 1);
  return m->preds && m->facts && m->windows && m->sets && m->tables ? 0 : -1;
}

void deps_free(deps_marks *m) {
  free(m->preds);
  free(m->facts);
  free(m->windows);
  free(m->sets);
  free(m->tables);
  memset(m, 0, sizeof *m);
}

/* What predicate (is_rule 0) or rule `index` reads of `kind`, marked in
 * `marks`; the predicates it reads that were not marked yet go on `todo`. */
static void mark(const sg_rulebook *rb, int is_rule, size_t index, sg_read_kind kind,
                 unsigned char *marks, size_t *buf, size_t cap, size_t *todo, size_t *ntodo) {
  size_t n = is_rule ? sg_rule_reads(rb, index, kind, buf, cap) : sg_pred_reads(rb, index, kind, buf, cap);
  for (size_t i = 0; i < n && i < cap; i++) {
    if (kind == SG_READS_PRED && !marks[buf[i]]) todo[(*ntodo)++] = buf[i];
    marks[buf[i]] = 1;
  }
}

/* Mark everything of the five kinds that predicate or rule `index` reads. */
static void mark_all(const sg_rulebook *rb, int is_rule, size_t index, deps_marks *m, size_t *buf,
                     size_t cap, size_t *todo, size_t *ntodo) {
  mark(rb, is_rule, index, SG_READS_FACT, m->facts, buf, cap, todo, ntodo);
  mark(rb, is_rule, index, SG_READS_WINDOW, m->windows, buf, cap, todo, ntodo);
  mark(rb, is_rule, index, SG_READS_SET, m->sets, buf, cap, todo, ntodo);
  mark(rb, is_rule, index, SG_READS_TABLE, m->tables, buf, cap, todo, ntodo);
  mark(rb, is_rule, index, SG_READS_PRED, m->preds, buf, cap, todo, ntodo);
}

/* Clear the marks, then mark what rule (is_rule 1) or predicate `index`
 * rests on; 0, or -1 when out of memory. */
static int deps_of(const sg_rulebook *rb, int is_rule, size_t index, deps_marks *m) {
  memset(m->preds, 0, sg_pred_count(rb) + 1);
  memset(m->facts, 0, sg_fact_count(rb) + 1);
  memset(m->windows, 0, sg_window_count(rb) + 1);
  memset(m->sets, 0, sg_set_count(rb) + 1);
  memset(m->tables, 0, sg_table_count(rb) + 1);
  size_t cap = sg_fact_count(rb) + sg_pred_count(rb) + sg_window_count(rb) + sg_set_count(rb) +
               sg_table_count(rb) + 1;
  size_t *buf = malloc(cap * sizeof *buf), *todo = malloc((sg_pred_count(rb) + 1) * sizeof *todo);
  if (buf == NULL || todo == NULL) {
    free(buf);
    free(todo);
    return -1;
  }
  size_t ntodo = 0;
  mark_all(rb, is_rule, index, m, buf, cap, todo, &ntodo);
  while (ntodo > 0) {  /* each predicate enters `todo` once: when first marked */
    size_t p = todo[--ntodo];
    mark_all(rb, 0, p, m, buf, cap, todo, &ntodo);
  }
  free(buf);
  free(todo);
  return 0;
}

int deps_of_rule(const sg_rulebook *rb, size_t rule, deps_marks *m) {
  return deps_of(rb, 1, rule, m);
}

int deps_of_pred(const sg_rulebook *rb, size_t pred, deps_marks *m) {
  return deps_of(rb, 0, pred, m);
}
