/* check.c — the checker's driver: runs its jobs in order over the parsed
 * rulebook (names, declarations, expressions, examples, then the orders).
 * The jobs live in check_names.c, check_decls.c, check_types.c,
 * check_examples.c and check_order.c; check.h is what they share.
 */
#include "check.h"

#include <string.h>

/* Make room for one more element in an arena-backed array (the arena
 * keeps the old copy). */
void check_grow(sgc_compiler *c, void **items, size_t count, size_t *cap, size_t elem) {
  if (count < *cap) return;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *n = sgc_alloc(c, ncap * elem);
  if (count) memcpy(n, *items, count * elem);
  *items = n;
  *cap = ncap;
}

void check_index_init(sgc_compiler *c, check_index *x, size_t count,
                      uint32_t (*hash)(const ast_item *), int (*same)(const ast_item *, const ast_item *)) {
  x->cap = 16;
  while (x->cap < 2 * count + 1) x->cap *= 2;
  x->slots = sgc_alloc(c, x->cap * sizeof *x->slots);
  memset(x->slots, 0, x->cap * sizeof *x->slots);
  x->hash = hash;
  x->same = same;
}

/* Linear probing from the item's hash; the table is at most half full. */
const ast_item *check_index_next(const check_index *x, const ast_item *it, size_t *at) {
  size_t mask = x->cap - 1, start = x->hash(it) & mask;
  for (size_t i = (start + *at) & mask; x->slots[i] != NULL; i = (i + 1) & mask) {
    (*at)++;
    if (x->same(x->slots[i], it)) return x->slots[i];
  }
  return NULL;
}

void check_index_add(check_index *x, const ast_item *it) {
  size_t mask = x->cap - 1, i = x->hash(it) & mask;
  while (x->slots[i] != NULL) i = (i + 1) & mask;
  x->slots[i] = it;
}

/* Check the whole rulebook; returns the number of errors it added. The
 * order of the jobs is the order of the diagnostics. */
int check_rulebook(sgc_compiler *c) {
  int before = c->errors;
  check_collect(c);
  decl_tables *t = &c->tables;
  if (c->header) check_header(c);
  for (size_t i = 0; i < t->facts.count; i++) check_fact(c, t->facts.items[i]);
  size_t named_sets = t->sets.count; /* { … } lists are added while checking */
  for (size_t i = 0; i < named_sets; i++) check_set_items(c, t->sets.items[i]);
  for (size_t i = 0; i < t->tables.count; i++) check_table(c, t->tables.items[i]);
  for (size_t i = 0; i < t->windows.count; i++) check_window(c, t->windows.items[i]);
  check_groups(c);
  for (size_t i = 0; i < t->preds.count; i++) check_pred(c, t->preds.items[i]);
  for (size_t i = 0; i < t->rules.count; i++) check_rule(c, t->rules.items[i]);
  check_actors(c);
  check_citations(c);
  for (size_t i = 0; i < t->examples.count; i++) check_example(c, t->examples.items[i]);
  if (c->errors == before) check_order(c);
  return c->errors - before;
}
