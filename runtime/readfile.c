/* readfile.c — the one whole-stream reader (see readfile.h). */
#include "readfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int sgr_read_stream(FILE *f, size_t limit, char **out, size_t *len) {
  /* Never more than one byte past the limit is read, nor room made for it:
   * /dev/zero ends at limit + 1 bytes, in limit + 2 bytes of memory. */
  size_t most = limit != 0 && limit < SIZE_MAX - 2 ? limit + 1 : SIZE_MAX - 2;
  size_t cap = most + 1 < 4096 ? most + 1 : 4096, n = 0;
  char *buf = malloc(cap);
  if (buf == NULL) return ENOMEM;
  for (;;) {
    if (cap - n < 2 && cap < most + 1) {
      size_t grown = cap > (most + 1) / 2 ? most + 1 : cap * 2;
      char *bigger = realloc(buf, grown);
      if (bigger == NULL) {
        free(buf);
        return ENOMEM;
      }
      buf = bigger;
      cap = grown;
    }
    size_t want = cap - n - 1;
    if (want > most - n) want = most - n;
    errno = 0;
    size_t got = want > 0 ? fread(buf + n, 1, want, f) : 0;
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
