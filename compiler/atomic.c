/* atomic.c — writing an output file so that a failed or interrupted write
 * never leaves a partial file and never harms an existing one: a temporary
 * file beside the target, fsync, rename, fsync of the directory. Only a
 * regular file (or none) is replaced: never a device, a FIFO, a directory
 * or a symbolic link. It allocates nothing (the temporary name is on the
 * stack), so it cannot fail for want of memory.
 *
 * While the temporary file exists, the calling thread blocks SIGINT,
 * SIGTERM, SIGHUP and SIGXFSZ: an interrupt waits until the file is renamed
 * or removed, then takes effect as usual, so Ctrl-C or a kill never leaves
 * a temporary file behind; a file-size limit (`ulimit -f`) makes write()
 * fail with EFBIG, which is an error like any other (the SIGXFSZ it raised
 * is taken away: the process does not dump core). Only SIGKILL (or a crash)
 * can leave `PATH.tmp.XXXXXX` behind, a name never read as output.
 */
#include "compiler.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Block the signals that would interrupt a write (the header comment) in
 * the calling thread; *old gets the mask to restore. */
static void atomic_block(sigset_t *old) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGXFSZ);
  pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Take away a SIGXFSZ that the write raised while it was blocked (unless it
 * was blocked before: then it is not ours), then restore the mask `old`: a
 * pending SIGINT, SIGTERM or SIGHUP takes effect now. */
static void atomic_unblock(const sigset_t *old) {
  sigset_t pending, xfsz;
  sigemptyset(&xfsz);
  sigaddset(&xfsz, SIGXFSZ);
  struct timespec now = {0, 0};
  if (!sigismember(old, SIGXFSZ) && sigpending(&pending) == 0 && sigismember(&pending, SIGXFSZ))
    sigtimedwait(&xfsz, NULL, &now);
  pthread_sigmask(SIG_SETMASK, old, NULL);
}

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
  sigset_t old;
  atomic_block(&old);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = errno;
    atomic_unblock(&old);
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
  atomic_unblock(&old);
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
    atomic_unblock(&old);
    return atomic_fail(err, errlen, "write", path, e);
  }
}
