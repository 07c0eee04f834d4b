/* oom.h — what the CLI does when memory runs out: one message and exit 3
 * (docs/cli.md, "Out of memory"), and jansson's allocator, which counts its
 * failures so that a reader or writer can tell (jansson itself drops a byte
 * of a token it cannot grow, without an error).
 */
#ifndef SG_CLI_OOM_H
#define SG_CLI_OOM_H

#include <jansson.h>
#include <stddef.h>

/* Print "WHO: error: out of memory" and return CLI_EXIT_IO (3), so callers
 * can `return oom_error(...)`. `who` is "signaal CMD" or a file's name. */
int oom_error(const char *who);

/* Whether oom_error has been called: a caller that got CLI_EXIT_IO from
 * code that also reports unreadable files can tell the two apart. */
int oom_reported(void);

/* Make jansson allocate through oom_json_alloc (malloc, counted); main
 * calls it before anything else. */
void oom_json_setup(void);

/* How many of jansson's allocations have failed so far: a JSON text read
 * or written while the number changed is not to be trusted, even when
 * jansson reported success. */
unsigned long oom_json_failures(void);

/* `o` as JSON text (json_dumps with `flags`) and a newline, a new string
 * of *len bytes (`len` may be NULL) that the caller frees; NULL when out of
 * memory: when `o` is NULL, when jansson could not dump it, or when any
 * jansson allocation failed since oom_json_failures() returned `since`
 * (before `o` was built): jansson leaves out a key it cannot dump without
 * an error. */
char *oom_json_text(const json_t *o, size_t flags, unsigned long since, size_t *len);

/* oom_json_text to standard output, whole, and CLI_EXIT_OK; or nothing and
 * oom_error(who). */
int oom_json_print(const json_t *o, size_t flags, unsigned long since, const char *who);

#endif
