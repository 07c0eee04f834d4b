/* oom.h — what the CLI does when memory runs out: one message and exit 3
 * (docs/cli.md, "Out of memory"), and jansson's allocator, which counts its
 * failures so that a reader or writer can tell (jansson itself drops a byte
 * of a token it cannot grow, without an error).
 */
#ifndef SG_CLI_OOM_H
#define SG_CLI_OOM_H

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

#endif
