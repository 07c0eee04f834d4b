/* fileio.h — reading whole input files (or standard input) and writing
 * standard output, with the tool's error messages and exit code 3.
 */
#ifndef SG_CLI_FILEIO_H
#define SG_CLI_FILEIO_H

#include <stddef.h>

/* The name messages use for standard input. */
#define FILEIO_STDIN_NAME "<stdin>"

/* Read all of `path` ("-": standard input) into a new buffer with a NUL
 * after the last byte; *size gets the byte count (without the NUL). The
 * caller frees the buffer. On failure prints "PATH: error: cannot read:
 * REASON" (or "PATH: error: out of memory", oom.h) to stderr and returns
 * NULL. */
char *file_read_all(const char *path, size_t *size);

/* Whether every one of the `count` paths can be opened for reading; prints
 * the "cannot read" error for the first that cannot. Returns 0 when all can. */
int file_check_readable(const char *const *paths, size_t count);

/* Flush standard output; on a write error print it and return CLI_EXIT_IO,
 * else return `code`. Commands end with `return stdout_finish(code)`. */
int stdout_finish(int code);

/* Write `len` bytes to the FILE `stream` (an sg_write_fn for sg_disassemble). */
void file_write(void *stream, const char *text, size_t len);

#endif
