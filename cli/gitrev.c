/* gitrev.c — REV:PATH made into files on disk (gitrev.h): git and tar run
 * as child processes with their arguments as given (no shell, so a path or
 * revision is never a command), git's messages go to a file in the
 * temporary directory and the first line of them into ours.
 */
#include "gitrev.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- small helpers ---- */

/* printf into a new string; NULL when out of memory. */
static char *format(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *text = malloc((size_t)n + 1);
  if (text == NULL) return NULL;
  va_start(ap, fmt);
  vsnprintf(text, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return text;
}

int gitrev_is_revision(const char *operand) {
  struct stat st;
  const char *colon = strchr(operand, ':');
  return colon != NULL && colon != operand && stat(operand, &st) != 0;
}

/* Remove `path` and, for a directory, all it holds (never following a
 * symbolic link out of it). */
static void remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char *child = format("%s/%s", path, e->d_name);
      if (child != NULL) remove_tree(child);
      free(child);
    }
    if (d != NULL) closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

void gitrev_remove(gitrev_files *f) {
  if (f->dir != NULL) remove_tree(f->dir);
  free(f->dir);
  free(f->tree);
  free(f->file);
  free(f->shown);
  memset(f, 0, sizeof *f);
}

/* ---- child processes ---- */

/* Start argv[0] (searched in PATH) with the given standard streams (-1:
 * /dev/null for input); its pid, or -1. A child that cannot start exits
 * with 127. */
static pid_t start(char *const argv[], int in, int out, int err) {
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (in < 0) in = open("/dev/null", O_RDONLY);
  if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
  execvp(argv[0], argv);
  _exit(127);
}

/* The exit status of child `pid`: its code, 128 + N when killed by signal
 * N, -1 when it was never started. */
static int finish(pid_t pid) {
  int status = 0;
  if (pid < 0) return -1;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The state of one checkout while it is made. */
typedef struct {
  const char *command, *operand;
  gitrev_files *files;
  char *errors;     /* DIR/git.err: what git and tar said */
} checkout;

/* The file git's and tar's messages go to, opened anew. */
static int error_file(const checkout *k) {
  return open(k->errors, O_WRONLY | O_CREAT | O_TRUNC, 0600);
}

/* The first line of what the last command said, or "". */
static void first_error_line(const checkout *k, char *line, size_t len) {
  line[0] = '\0';
  FILE *f = fopen(k->errors, "r");
  if (f == NULL) return;
  if (fgets(line, (int)len, f) == NULL) line[0] = '\0';
  line[strcspn(line, "\n")] = '\0';
  fclose(f);
}

/* "signaal CMD: error: OPERAND: WHY" (with " (git: FIRST LINE)" when
 * `with_git` and git or tar said something); returns -1. */
static int checkout_error(const checkout *k, int with_git, const char *why) {
  char line[256] = "";
  if (with_git) first_error_line(k, line, sizeof line);
  fprintf(stderr, "signaal %s: error: %s: %s%s%s%s\n", k->command, k->operand, why,
          line[0] ? " (git: " : "", line, line[0] ? ")" : "");
  return -1;
}

/* Run git with `args` in the directory `at` (NULL: here); its exit status
 * (127: no git), with its standard output in *output (NULL: discarded;
 * else a new string, free it). */
static int git(const checkout *k, const char *at, const char *const *args, char **output) {
  char *argv[16];
  size_t n = 0;
  argv[n++] = "git";
  if (at != NULL) {
    argv[n++] = "-C";
    argv[n++] = (char *)at;
  }
  for (; *args != NULL && n + 1 < sizeof argv / sizeof argv[0]; args++) argv[n++] = (char *)*args;
  argv[n] = NULL;
  int pipe_fds[2] = {-1, -1}, err = error_file(k);
  if (err < 0 || pipe(pipe_fds) != 0) {
    if (err >= 0) close(err);
    return -1;
  }
  pid_t pid = start(argv, -1, pipe_fds[1], err);
  close(pipe_fds[1]);
  close(err);
  char buf[4096], *text = NULL;
  size_t len = 0;
  ssize_t got;
  while ((got = read(pipe_fds[0], buf, sizeof buf)) > 0 || (got < 0 && errno == EINTR)) {
    if (got <= 0 || output == NULL) continue;
    char *more = realloc(text, len + (size_t)got + 1);
    if (more == NULL) break;
    text = more;
    memcpy(text + len, buf, (size_t)got);
    len += (size_t)got;
    text[len] = '\0';
  }
  close(pipe_fds[0]);
  int status = finish(pid);
  if (output != NULL) *output = text != NULL ? text : calloc(1, 1);
  else free(text);
  return status;
}

/* ---- the path inside the repository ---- */

/* `path` without "." and empty parts, each ".." taking back the part
 * before it, in place; -1 when a ".." would leave the top. What is written
 * never passes what is read: each part read was followed by its '/'. */
static int normalise(char *path) {
  char *out = path;
  const char *p = path;
  while (*p != '\0') {
    size_t len = strcspn(p, "/");
    if (len == 2 && p[0] == '.' && p[1] == '.') {
      if (out == path) return -1;
      while (out > path && out[-1] != '/') out--;
      if (out > path) out--;  /* the '/' before the part taken back */
    } else if (len > 0 && !(len == 1 && p[0] == '.')) {
      if (out > path) *out++ = '/';
      memmove(out, p, len);
      out += len;
    }
    p += len;
    if (*p == '/') p++;
  }
  *out = '\0';
  return 0;
}

/* The path of `path` from the top of the repository at `top`: as
 * gitrevisions(7) reads REV:PATH, from the top, unless it starts with ./
 * or ../ (then from the current directory). A new string, or NULL after
 * printing the error. */
static char *path_from_top(const checkout *k, const char *top, const char *path) {
  char *prefix = NULL, *full;
  if (strncmp(path, "./", 2) == 0 || strncmp(path, "../", 3) == 0) {
    const char *args[] = {"rev-parse", "--show-prefix", NULL};
    if (git(k, NULL, args, &prefix) != 0) {
      free(prefix);
      checkout_error(k, 1, "cannot find the current directory in the repository");
      return NULL;
    }
    prefix[strcspn(prefix, "\n")] = '\0';
  }
  if (path[0] == '/') {
    size_t n = strlen(top);
    if (strncmp(path, top, n) != 0 || path[n] != '/') {
      checkout_error(k, 0, "the path is outside the repository");
      return NULL;
    }
    path += n + 1;
  }
  full = format("%s%s", prefix != NULL ? prefix : "", path);
  free(prefix);
  if (full == NULL || normalise(full) != 0 || full[0] == '\0') {
    if (full != NULL) checkout_error(k, 0, "the path is outside the repository");
    free(full);
    return NULL;
  }
  return full;
}

/* ---- the checkout ---- */

/* `git archive REV -- DIR | tar -x -C TREE`: the directory of `full` (the
 * whole tree for a file at the top). 0, or -1 after printing the error. */
static int extract(const checkout *k, const char *top, const char *rev, const char *full) {
  char *dir = format("%s", full);
  if (dir == NULL) return checkout_error(k, 0, "out of memory");
  char *slash = strrchr(dir, '/');
  if (slash != NULL) *slash = '\0';
  char *archive[] = {"git", "-C", (char *)top, "archive", "--format=tar", (char *)rev, "--",
                     slash != NULL ? dir : NULL, NULL};
  char *untar[] = {"tar", "-x", "-f", "-", "-C", k->files->tree, NULL};
  int fds[2], err = error_file(k), status = -1;
  if (err >= 0 && pipe(fds) == 0) {
    pid_t git_pid = start(archive, -1, fds[1], err);
    close(fds[1]);
    pid_t tar_pid = start(untar, fds[0], err, err);
    close(fds[0]);
    int git_status = finish(git_pid), tar_status = finish(tar_pid);
    status = git_status != 0 ? 1 : tar_status != 0 ? 2 : 0;
  }
  if (err >= 0) close(err);
  free(dir);
  if (status == 1) return checkout_error(k, 1, "git archive failed");
  if (status == 2) return checkout_error(k, 1, "cannot unpack the revision's files (tar)");
  if (status != 0) return checkout_error(k, 0, "cannot start git");
  return 0;
}

/* Steps 2 to 5 of gitrev_checkout, with the directory made. */
static int fetch(checkout *k, const char *rev, const char *path) {
  char *top = NULL;
  const char *show_top[] = {"rev-parse", "--show-toplevel", NULL};
  int status = git(k, NULL, show_top, &top);
  if (status == 127 || status < 0) {
    free(top);
    return checkout_error(k, 0, "git is not available");
  }
  if (status != 0) {
    free(top);
    return checkout_error(k, 1, "not inside a git repository");
  }
  top[strcspn(top, "\n")] = '\0';
  char *full = path_from_top(k, top, path);
  char *tree_of = format("%s^{tree}", rev), *object = full ? format("%s:%s", rev, full) : NULL;
  int result = -1;
  if (full == NULL || tree_of == NULL || object == NULL) {
    if (full != NULL) checkout_error(k, 0, "out of memory");
  } else {
    const char *verify[] = {"rev-parse", "--verify", "--quiet", tree_of, NULL};
    const char *exists[] = {"cat-file", "-e", object, NULL};
    if (git(k, top, verify, NULL) != 0) {
      char why[512];
      snprintf(why, sizeof why, "unknown revision '%s'", rev);
      checkout_error(k, 1, why);
    } else if (git(k, top, exists, NULL) != 0) {
      char why[512];
      snprintf(why, sizeof why, "'%s' is not in revision %s", full, rev);
      checkout_error(k, 0, why);
    } else if (extract(k, top, rev, full) == 0) {
      k->files->file = format("%s/%s", k->files->tree, full);
      k->files->shown = format("%s:%s", rev, full);
      result = k->files->file != NULL && k->files->shown != NULL ? 0 : checkout_error(k, 0, "out of memory");
    }
  }
  free(tree_of);
  free(object);
  free(full);
  free(top);
  return result;
}

int gitrev_checkout(const char *command, const char *operand, gitrev_files *out) {
  memset(out, 0, sizeof *out);
  checkout k = {command, operand, out, NULL};
  const char *colon = strchr(operand, ':');
  char *rev = colon != NULL ? format("%.*s", (int)(colon - operand), operand) : NULL;
  const char *path = colon != NULL ? colon + 1 : "";
  if (rev == NULL || rev[0] == '\0' || rev[0] == '-' || path[0] == '\0') {
    free(rev);
    return checkout_error(&k, 0, "expected REV:PATH, a revision and a file in it");
  }
  /* 1: a temporary directory for the files and git's messages */
  const char *tmp = getenv("TMPDIR");
  out->dir = format("%s/signaal-diff-XXXXXX", tmp != NULL && tmp[0] ? tmp : "/tmp");
  if (out->dir == NULL || mkdtemp(out->dir) == NULL) {
    free(out->dir);
    out->dir = NULL;
    free(rev);
    return checkout_error(&k, 0, "cannot make a temporary directory");
  }
  out->tree = format("%s/tree", out->dir);
  k.errors = format("%s/git.err", out->dir);
  int result = out->tree == NULL || k.errors == NULL || mkdir(out->tree, 0700) != 0
                 ? checkout_error(&k, 0, "cannot make a temporary directory")
                 : fetch(&k, rev, path);
  free(k.errors);
  free(rev);
  if (result != 0) gitrev_remove(out);
  return result;
}
