/* allochook.h — an sg_alloc_fn for the runtime's tests that counts its
 * calls and the blocks alive, and fails every allocation once a budget is
 * spent: a test loads or creates with it and checks that a failure at
 * step k is reported cleanly and leaks nothing. Test utility only.
 */
#ifndef SG_ALLOCHOOK_H
#define SG_ALLOCHOOK_H

#include <stdlib.h>

typedef struct {
  long budget;  /* allocations left before they fail; negative: never fail */
  long calls;   /* calls of every kind, failed ones too */
  long live;    /* blocks allocated and not yet freed */
} ah_state;

/* The hook (userdata: an ah_state). Frees when nsize is 0, else allocates
 * or resizes while the budget lasts. */
static inline void *ah_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  ah_state *s = ud;
  (void)osize;
  s->calls++;
  if (nsize == 0) {
    if (ptr) s->live--;
    free(ptr);
    return NULL;
  }
  if (s->budget == 0) return NULL;
  if (s->budget > 0) s->budget--;
  void *p = realloc(ptr, nsize);
  if (p && !ptr) s->live++;
  return p;
}

#endif
