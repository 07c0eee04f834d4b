/* sgj_alloc.c — jansson's allocations counted (sgj_alloc.h): the wrapper
 * calls the functions jansson had before it and counts each NULL.
 */
#include "sgj_alloc.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>

/* The functions the wrapper calls: jansson's before it was installed. */
static json_malloc_t inner_malloc = malloc;
static json_free_t inner_free = free;
/* How many of their allocations have failed. */
static atomic_ulong failures;

/* jansson's malloc: the inner one, each failure counted. */
static void *counted_malloc(size_t size) {
  void *block = inner_malloc(size);
  if (block == NULL) atomic_fetch_add(&failures, 1);
  return block;
}

/* jansson's free: the inner one. */
static void counted_free(void *block) {
  inner_free(block);
}

unsigned long sgj_alloc_begin(void) {
  json_malloc_t m;
  json_free_t f;
  json_get_alloc_funcs(&m, &f);
  if (m != counted_malloc) {
    inner_malloc = m != NULL ? m : malloc;
    inner_free = f != NULL ? f : free;
    json_set_alloc_funcs(counted_malloc, counted_free);
  }
  return atomic_load(&failures);
}

int sgj_alloc_failed(unsigned long since) {
  return atomic_load(&failures) != since;
}
