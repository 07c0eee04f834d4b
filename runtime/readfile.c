/* readfile.c — the one whole-stream reader (see readfile.h). */
#include "readfile.h"

#include <errno.h>
#include <stdlib.h>

int sgr_read_stream(FILE *f, size_t limit, char **out, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (buf == NULL) return ENOMEM;
  for (;;) {
    if (cap - n < 2) {
      char *bigger = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
      if (bigger == NULL) {
        free(buf);
        return ENOMEM;
      }
      buf = bigger;
      cap *= 2;
    }
    errno = 0;
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (limit != 0 && n > limit) {
      free(buf);
      return EFBIG;
    }
    if (got == 0) break;
  }
  if (ferror(f)) {
    int error = errno != 0 ? errno : EIO;
    free(buf);
    return error;
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return 0;
}
