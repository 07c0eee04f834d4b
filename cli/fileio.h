/* fileio.h — reading whole input files (or standard input) and writing
 * standard output, with the tool's error messages and exit code 3.
 */
#ifndef SG_CLI_FILEIO_H
#define SG_CLI_FILEIO_H

#include <stddef.h>
#include <stdio.h>

/* The name messages use for standard input. */
#define FILEIO_STDIN_NAME "<stdin>"

/* Read all of `path` ("-": standard input) into a new buffer with a NUL
 * after the last byte, reading at most `limit` + 1 bytes (0: no limit); *data
 * gets the buffer (the caller frees it), *size the byte count (without the
 * NUL). Returns an exit code: 0; CLI_EXIT_INPUT after "PATH: error: larger
 * than N bytes, the limit LIMIT_NAME", where `limit_name` says whose limit
 * and what sets it ("for a case file (--max-case-size)"); CLI_EXIT_IO after
 * "PATH: error: cannot read: REASON" or "PATH: error: out of memory"
 * (oom.h). */
int file_read_all(const char *path, size_t limit, const char *limit_name, char **data,
                  size_t *size);

/* Read the next line of `f`, its '\n' included when it has one, into *line
 * (a malloc'd buffer of *cap bytes, grown as needed; NULL and 0 at first;
 * the caller frees it), with a NUL after it. A line may hold at most
 * `limit` bytes besides its '\n' (0: no limit); no more than one byte past
 * that is read. Returns the
 * line's length, 0 at the end of the input, -2 for a line past the limit,
 * -1 on a read error or when out of memory (errno says which). */
long file_read_line(FILE *f, size_t limit, char **line, size_t *cap);

/* Whether every one of the `count` paths can be opened for reading; prints
 * the "cannot read" error for the first that cannot. Returns 0 when all can. */
int file_check_readable(const char *const *paths, size_t count);

/* Flush standard output; on a write error print it and return CLI_EXIT_IO,
 * else return `code`. Commands end with `return stdout_finish(code)`. */
int stdout_finish(int code);

/* Write `len` bytes to the FILE `stream` (an sg_write_fn for sg_disassemble). */
void file_write(void *stream, const char *text, size_t len);

#endif
