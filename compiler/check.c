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
  for (size_t i = 0; i < t->examples.count; i++) check_example(c, t->examples.items[i]);
  if (c->errors == before) check_order(c);
  return c->errors - before;
}
