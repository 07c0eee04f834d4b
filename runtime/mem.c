/* mem.c — the allocator hook (lua_Alloc style) and checked size arithmetic.
 * Every byte the runtime allocates goes through mem_alloc/mem_free.
 */
#include <stdlib.h>

#include "internal.h"

/* Allocate `size` (> 0) bytes with the hook, or malloc when alloc is NULL. */
void *mem_alloc(sg_alloc_fn alloc, void *ud, size_t size) {
  if (size == 0) size = 1;
  if (alloc) return alloc(ud, NULL, 0, size);
  return malloc(size);
}

/* Give back a block of `size` bytes from mem_alloc; NULL does nothing. */
void mem_free(sg_alloc_fn alloc, void *ud, void *ptr, size_t size) {
  if (!ptr) return;
  if (size == 0) size = 1;
  if (alloc) alloc(ud, ptr, size, 0);
  else free(ptr);
}

/* *out = a * b + c; returns 0 (and leaves *out alone) on overflow. */
int mem_size(size_t a, size_t b, size_t c, size_t *out) {
  if (b != 0 && a > (SIZE_MAX - c) / b) return 0;
  *out = a * b + c;
  return 1;
}
