/* load.h — getting a rulebook for a command: compiling .rules sources with
 * the compiler (printing its diagnostics) or loading a verified .rbc file.
 * Each function returns an exit code (cli.h) and has printed any error.
 */
#ifndef SG_CLI_LOAD_H
#define SG_CLI_LOAD_H

#include <stddef.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* Print every diagnostic of `c` to stderr (their `rendered` text). With
 * `errors_only`, notes are left out. Returns the number of errors. */
size_t load_print_diagnostics(const sgc_compiler *c, int errors_only);

/* Compile the rulebook whose files are paths[0..count-1], each at most
 * `max_size` bytes (--max-rule-size). On success (exit code 0) *out is the
 * compiler holding the image and the examples (free with sgc_free);
 * otherwise *out is NULL. A file that cannot be read gives CLI_EXIT_IO;
 * rule errors (a file past the limit too) give CLI_EXIT_INPUT. */
/* How many errors each compile shows (--max-errors; 0: all). */
void load_set_max_errors(int errors);

int load_compile(const char *const *paths, size_t count, int errors_only, size_t max_size,
                 sgc_compiler **out);

/* Load a rulebook from `size` bytes of bytecode. `name` is used in
 * messages: "NAME: error: not a valid Signaal rulebook: WHY (byte N)". */
int load_bytecode(const char *name, const void *data, size_t size, sg_rulebook **out);

/* Open the rulebook at `path`: a file ending in ".rules" is compiled in
 * memory, anything else is read as bytecode; each file at most `max_size`
 * bytes (--max-rule-size). *out gets the rulebook (free with
 * sg_rulebook_free) or NULL. `compiler` (may be NULL) gets, for a .rules
 * file, the compiler that compiled it, which holds its examples (free with
 * sgc_free); NULL for bytecode. */
int load_rulebook(const char *path, size_t max_size, sg_rulebook **out, sgc_compiler **compiler);

/* Read the compiled rulebook at `path` ('-': standard input), at most
 * `max_size` bytes, into a new buffer (*data, freed by the caller) of
 * *size bytes. Returns an exit code, after printing why when not 0. */
int load_read_bytecode(const char *path, size_t max_size, char **data, size_t *size);

#endif
