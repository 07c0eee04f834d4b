/* combos.h — the cases `signaal check` evaluates a block over: every
 * combination of values of the facts it rests on. A yes/no or enum fact
 * takes each of its values; an int or date fact one value of each stretch
 * into which the constants it is compared with cut the numbers (each
 * constant, one above and one below it), which is all a block can tell
 * apart when it only compares that fact with constants. A fact the code
 * tests with `x is known` may also be unknown; after `established` or
 * `is known` of a predicate, every fact may (elsewhere Kleene's logic is
 * monotone: a case with an unknown fact decides nothing that a known
 * value would not decide the same way).
 */
#ifndef SG_CLI_COMBOS_H
#define SG_CLI_COMBOS_H

#include <stddef.h>
#include <stdint.h>

#include "deps.h"
#include "signaal.h"

/* The most combinations one evaluation walks through. */
enum { COMBOS_MAX = 4096 };

/* The facts and the values each takes (owned; free with combos_free). */
typedef struct {
  size_t n;           /* how many facts */
  size_t *slots;      /* their slots */
  size_t *count;      /* how many values each takes */
  int64_t **values;   /* an int or date fact's values; NULL for yes/no and enum */
  size_t total;       /* the number of combinations: the product of count */
  unsigned char *unknown; /* per fact: the code tests whether it is known
                         (`x is known`; `established`, `is known` of a
                         predicate: every fact), so its last value is unknown */
} combos;

/* Fill *out with the facts marked in `m` and their values, reading the
 * constants from the code of the marked predicates and of the `nroots`
 * blocks `roots` (a rule's `when` and `unless`, or a predicate). Returns 1;
 * 0 when the combinations cannot stand for every case: a window is read,
 * a fact of another type, an int or date fact used other than compared
 * with a constant (with another fact, in weekday(…), …), or more than
 * COMBOS_MAX combinations; -1 when out of memory. *out is to be freed
 * whatever it returns. */
int combos_build(const sg_rulebook *rb, const deps_marks *m, const sg_code_ref *roots,
                 size_t nroots, combos *out);

/* Reset `ctx` and set the facts to combination k (below out->total);
 * returns 1 when every fact is known in it, 0 when one is unknown. */
int combos_apply(const combos *c, const sg_rulebook *rb, sg_context *ctx, size_t k);

void combos_free(combos *c);

/* Per predicate: whether it reads the time (combos_reads_time), itself or
 * through the predicates it reads, and whether its code tests what is
 * unknown (`is known`, `established`). Owned; free with combos_time_free. */
typedef struct {
  unsigned char *time, *unknown;
} combos_time;

/* Fill *out for every predicate of `rb`; 0, or -1 when out of memory (free
 * it still). */
int combos_time_alloc(const sg_rulebook *rb, combos_time *out);
void combos_time_free(combos_time *t);

/* Whether the blocks `roots` and the predicates marked in `m` (`pt` from
 * combos_time_alloc) read the time: `now`, `today`, the decision date
 * (`asof`), or what is dated (a period of a predicate or of rule `rule`,
 * which may be -1; an element of a set, an entry of a table or a window
 * they name; a `from` or `until` in a `{ … }` list). A window read of a
 * datetime fact is no time. Sets *unsafe when a block that reads the time
 * also tests what is unknown (`is known`, `established`), so that its value
 * with the moment unknown need not be its value at any moment. 1 or 0, -1
 * when out of memory. */
int combos_reads_time(const sg_rulebook *rb, const combos_time *pt, const deps_marks *m,
                      long rule, const sg_code_ref *roots, size_t nroots, int *unsafe);

#endif
