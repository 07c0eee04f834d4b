/* fileio.c — whole-file reads (through readfile.h) and line reads, both
 * bounded, and checked writes to standard output. Errors name the file and
 * the system's reason or the limit, never the file's contents.
 */
#include "fileio.h"
#include "cli.h"
#include "oom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"

/* "PATH: error: cannot read: REASON" */
static void read_error(const char *path, int error) {
  fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(error));
}

int file_read_all(const char *path, size_t limit, const char *limit_name, char **data,
                  size_t *size) {
  int use_stdin = strcmp(path, "-") == 0;
  const char *name = use_stdin ? FILEIO_STDIN_NAME : path;
  FILE *f = use_stdin ? stdin : fopen(path, "rb");
  if (f == NULL) {
    read_error(name, errno);
    return CLI_EXIT_IO;
  }
  char *buf = NULL;
  size_t len = 0;
  int error = sgr_read_stream(f, limit, &buf, &len);
  if (!use_stdin) fclose(f);
  if (error == EFBIG) {
    fprintf(stderr, "%s: error: larger than %zu bytes, the limit %s\n", name, limit, limit_name);
    return CLI_EXIT_INPUT;
  }
  if (error == ENOMEM) /* the reader's buffer could not grow: no fault of the file */
    return oom_error(name);
  if (error != 0) {
    read_error(name, error);
    return CLI_EXIT_IO;
  }
  *data = buf;
  *size = len;
  return CLI_EXIT_OK;
}

long file_read_line(FILE *f, size_t limit, char **line, size_t *cap) {
  size_t len = 0;
  for (;;) {
    if (*cap - len < 2 || *line == NULL) {
      size_t grown = *line == NULL || *cap < 128 ? 128 : *cap * 2;
      char *bigger = realloc(*line, grown);
      if (bigger == NULL) {
        errno = ENOMEM;
        return -1;
      }
      *line = bigger;
      *cap = grown;
    }
    int ch = getc_unlocked(f);
    if (ch == EOF) break;
    if (limit != 0 && len == limit && ch != '\n') return -2;  /* no more is read */
    (*line)[len++] = (char)ch;
    if (ch == '\n') break;
  }
  (*line)[len] = '\0';
  if (ferror(f)) return -1;
  return (long)len;
}

int file_check_readable(const char *const *paths, size_t count) {
  for (size_t i = 0; i < count; i++) {
    FILE *f = fopen(paths[i], "rb");
    if (f == NULL) {
      read_error(paths[i], errno);
      return -1;
    }
    /* A directory opens but cannot be read. */
    char byte;
    size_t got = fread(&byte, 1, 1, f);
    int failed = got == 0 && ferror(f);
    int error = errno;
    fclose(f);
    if (failed) {
      read_error(paths[i], error != 0 ? error : EIO);
      return -1;
    }
  }
  return 0;
}

int stdout_finish(int code) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "signaal: error: cannot write to standard output: %s\n", strerror(errno));
    return CLI_EXIT_IO;
  }
  return code;
}

void file_write(void *stream, const char *text, size_t len) {
  fwrite(text, 1, len, stream);
}
