/* atomic.c — writing an output file so that a failed or interrupted write
 * never leaves a partial file and never harms an existing one: a temporary
 * file beside the target, fsync, rename, fsync of the directory. Only a
 * regular file (or none) is replaced: never a device, a FIFO, a directory
 * or a symbolic link. It allocates nothing (the temporary name is on the
 * stack), so it cannot fail for want of memory.
 */
#include "compiler.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
  /* Only a regular file is ever replaced: a rename onto a device (as root,
   * /dev/null), a FIFO or a symbolic link would put a regular file in its
   * place. Checked before anything is created beside it. */
  struct stat st;
  if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    if (err && errlen)
      snprintf(err, errlen, "'%s' is not a regular file (%s): it is left as it is", path,
               S_ISLNK(st.st_mode)   ? "a symbolic link"
               : S_ISDIR(st.st_mode) ? "a directory"
               : S_ISFIFO(st.st_mode) ? "a FIFO"
               : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                           : "not a plain file");
    return -1;
  }
  char tmp[PATH_MAX + 16];
  if (strlen(path) >= PATH_MAX) return atomic_fail(err, errlen, "write", path, ENAMETOOLONG);
  snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) return atomic_fail(err, errlen, "create a file beside", path, errno);
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
    return atomic_fail(err, errlen, "write", path, e);
  }
}
