/* fileio.c — whole-file reads and checked writes to standard output. Errors
 * name the file and the system's reason, never the file's contents.
 */
#include "fileio.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "PATH: error: cannot read: REASON" */
static void read_error(const char *path, int error) {
  fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(error));
}

char *file_read_all(const char *path, size_t *size) {
  int use_stdin = strcmp(path, "-") == 0;
  const char *name = use_stdin ? FILEIO_STDIN_NAME : path;
  FILE *f = use_stdin ? stdin : fopen(path, "rb");
  if (f == NULL) {
    read_error(name, errno);
    return NULL;
  }
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  if (buf == NULL) {
    read_error(name, ENOMEM);
    if (!use_stdin) fclose(f);
    return NULL;
  }
  for (;;) {
    if (cap - len < 2) {
      char *bigger = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
      if (bigger == NULL) {
        read_error(name, ENOMEM);
        free(buf);
        if (!use_stdin) fclose(f);
        return NULL;
      }
      buf = bigger;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
  }
  int failed = ferror(f);
  int error = errno;
  if (!use_stdin) fclose(f);
  if (failed) {
    read_error(name, error != 0 ? error : EIO);
    free(buf);
    return NULL;
  }
  buf[len] = '\0';
  *size = len;
  return buf;
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
