/* heapcount.h — every heap allocation of a program counted: link it with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc and include this once
 * (it defines the wrappers); heap_calls counts malloc, calloc and realloc
 * calls made by the objects linked in (not by shared libraries themselves:
 * give those hooks that call malloc). tests/test_batch.c and
 * bench/bench_parse.c use it.
 */
#ifndef SG_HEAPCOUNT_H
#define SG_HEAPCOUNT_H

#include <stddef.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);

static unsigned long heap_calls;

void *__wrap_malloc(size_t size) {
  heap_calls++;
  return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size) {
  heap_calls++;
  return __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t size) {
  heap_calls++;
  return __real_realloc(ptr, size);
}

#endif
