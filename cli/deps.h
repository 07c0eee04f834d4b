/* deps.h — what a rule rests on, transitively: the signals and conditions
 * it reads (through other conditions and through a group's signals in
 * `at least N of G`), and the facts, windows, sets and tables that it and
 * they read. For `signaal audit` and for attributing replayed changes to
 * the declarations that changed (`signaal diff --cases`).
 */
#ifndef SG_CLI_DEPS_H
#define SG_CLI_DEPS_H

#include <stddef.h>

#include "signaal.h"

/* One mark per predicate, fact, window, set and table: 1 when read. */
typedef struct {
  unsigned char *preds, *facts, *windows, *sets, *tables;
} deps_marks;

/* Room for the marks of `rb`; 0, or -1 when out of memory (then free it). */
int deps_alloc(const sg_rulebook *rb, deps_marks *m);
void deps_free(deps_marks *m);

/* Clear the marks, then mark what rule `rule` rests on; 0, or -1 when out
 * of memory. */
int deps_of_rule(const sg_rulebook *rb, size_t rule, deps_marks *m);
/* The same for predicate `pred` (itself not marked unless it reads
 * itself, which the verifier forbids). */
int deps_of_pred(const sg_rulebook *rb, size_t pred, deps_marks *m);

#endif
