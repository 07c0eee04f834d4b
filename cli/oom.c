/* oom.c — out of memory in the CLI: the one message with exit 3, and
 * jansson's allocator (malloc, with its failures counted: oom.h).
 */
#include "oom.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* jansson's failed allocations, for oom_json_failures. */
static unsigned long json_failures;
/* oom_error was called. */
static int reported;

int oom_error(const char *who) {
  fprintf(stderr, "%s: error: out of memory\n", who);
  reported = 1;
  return CLI_EXIT_IO;
}

int oom_reported(void) {
  return reported;
}

/* jansson's malloc: the program's, each failure counted. */
static void *oom_json_alloc(size_t size) {
  void *block = malloc(size);
  if (block == NULL) json_failures++;
  return block;
}

void oom_json_setup(void) {
  json_set_alloc_funcs(oom_json_alloc, free);
}

unsigned long oom_json_failures(void) {
  return json_failures;
}
