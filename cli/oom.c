/* oom.c — out of memory in the CLI: the one message with exit 3, and
 * jansson's allocator (malloc, with its failures counted: oom.h).
 */
#include "oom.h"
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

char *oom_json_text(const json_t *o, size_t flags, unsigned long since, size_t *len) {
  char *text = o != NULL ? json_dumps(o, flags) : NULL;
  size_t n = text != NULL ? strlen(text) : 0;
  char *line = text != NULL && json_failures == since ? realloc(text, n + 2) : NULL;
  if (line == NULL) {
    free(text);
    return NULL;
  }
  line[n] = '\n';
  line[n + 1] = '\0';
  if (len != NULL) *len = n + 1;
  return line;
}

int oom_json_print(const json_t *o, size_t flags, unsigned long since, const char *who) {
  char *text = oom_json_text(o, flags, since, NULL);
  if (text == NULL) return oom_error(who);
  fputs(text, stdout);
  free(text);
  return CLI_EXIT_OK;
}
