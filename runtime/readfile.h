/* readfile.h — reading a whole stream into memory, for the programs and the
 * compiler that read files (compiler/driver.c, cli/fileio.c, the tests).
 * Not part of the runtime library, which does no I/O: readfile.c is linked
 * privately into the compiler library, the CLI and the test programs.
 */
#ifndef SG_READFILE_H
#define SG_READFILE_H

#include <stddef.h>
#include <stdio.h>

/* Read all of `f` into a new malloc'd buffer with a NUL after the data;
 * *out gets it (free it), *len the number of bytes. `limit` caps the size
 * (0: none): at most limit + 1 bytes are read and limit + 2 held, so an
 * endless stream (/dev/zero) ends in bounded time and memory. Returns 0, or
 * an errno value: ENOMEM, EFBIG past `limit`, or the read error (EIO when
 * the stream gives none); nothing is allocated then. Does not close `f`. */
int sgr_read_stream(FILE *f, size_t limit, char **out, size_t *len);

#endif
