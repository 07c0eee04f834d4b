/* atomic.c — writing an output file so that a failed or interrupted write
 * never leaves a partial file and never harms an existing one: a temporary
 * file beside the target, fsync, rename, fsync of the directory.
 */
#include "compiler.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int atomic_fail(char *err, size_t errlen, const char *what, const char *path, int e) {
  if (err && errlen) snprintf(err, errlen, "cannot %s '%s': %s", what, path, strerror(e));
  return -1;
}

int sgc_write_atomic(const char *path, const void *data, size_t size, char *err, size_t errlen) {
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  if (!tmp) return atomic_fail(err, errlen, "write", path, ENOMEM);
  snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = errno;
    free(tmp);
    return atomic_fail(err, errlen, "create a file beside", path, e);
  }
  const char *p = data;
  size_t left = size;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      goto fail;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) goto fail;
  if (close(fd) != 0) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  if (rename(tmp, path) != 0) goto fail;
  free(tmp);
  /* make the rename itself durable */
  const char *slash = strrchr(path, '/');
  char dir[4096];
  if (slash && (size_t)(slash - path) < sizeof dir) {
    memcpy(dir, path, (size_t)(slash - path) + 1);
    dir[slash - path + 1] = '\0';
  } else {
    strcpy(dir, ".");
  }
  int dfd = open(dir, O_RDONLY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return 0;
fail: {
    int e = errno;
    if (fd >= 0) close(fd);
    unlink(tmp);
    free(tmp);
    return atomic_fail(err, errlen, "write", path, e);
  }
}
