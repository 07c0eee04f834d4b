/* testutil.h — helpers for the cmocka suites: read and write files, make a
 * scratch directory, run a command capturing stdout, stderr and the exit
 * status, compare text with a golden file (SG_UPDATE_GOLDEN=NAME rewrites one),
 * and compile a rules text with the compiler API. All static inline, so a
 * test includes what it uses and nothing else.
 *
 * Tests run from the repository root; SG_BUILD_DIR (set by the Makefile)
 * names the build folder holding the `signaal` binary.
 */
#ifndef SG_TESTUTIL_H
#define SG_TESTUTIL_H

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "readfile.h"
#include "signaal_compiler.h"

#ifndef SG_BUILD_DIR
#define SG_BUILD_DIR "build"
#endif

/* The CLI binary under test. */
#define TU_SIGNAAL SG_BUILD_DIR "/signaal"

/* Read all of `path` into a new NUL-terminated buffer (free it); *size (may
 * be NULL) gets the length. NULL when the file cannot be read. */
static inline char *tu_read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char *buf = NULL;
  size_t len = 0;
  int error = sgr_read_stream(f, 0, &buf, &len);
  fclose(f);
  if (error != 0) return NULL;
  if (size != NULL) *size = len;
  return buf;
}

/* Write `len` bytes to `path`; 0 on success. */
static inline int tu_write_bytes(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) return -1;
  size_t put = fwrite(data, 1, len, f);
  return (fclose(f) == 0 && put == len) ? 0 : -1;
}

/* Write a NUL-terminated text to `path`; 0 on success. */
static inline int tu_write_file(const char *path, const char *text) {
  return tu_write_bytes(path, text, strlen(text));
}

/* A new scratch directory /tmp/signaal-test-XXXXXX (free the name with
 * tu_remove_dir, which also deletes it). NULL on failure. */
static inline char *tu_make_dir(void) {
  char templ[] = "/tmp/signaal-test-XXXXXX";
  if (mkdtemp(templ) == NULL) return NULL;
  char *dir = malloc(sizeof templ);
  if (dir != NULL) memcpy(dir, templ, sizeof templ);
  return dir;
}

/* "DIR/NAME" in a new string (free it). */
static inline char *tu_path(const char *dir, const char *name) {
  size_t len = strlen(dir) + 1 + strlen(name) + 1;
  char *path = malloc(len);
  if (path != NULL) snprintf(path, len, "%s/%s", dir, name);
  return path;
}

/* Write `text` to DIR/NAME and return that path (free it). */
static inline char *tu_put(const char *dir, const char *name, const char *text) {
  char *path = tu_path(dir, name);
  if (path != NULL && tu_write_file(path, text) != 0) {
    free(path);
    return NULL;
  }
  return path;
}

/* Delete a scratch directory made by tu_make_dir with all it holds, and
 * free its name. */
static inline void tu_remove_dir(char *dir) {
  if (dir == NULL) return;
  if (strncmp(dir, "/tmp/signaal-test-", 18) == 0 && strchr(dir, '\'') == NULL) {
    char command[256];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    if (system(command) != 0) fprintf(stderr, "testutil: could not remove %s\n", dir);
  }
  free(dir);
}

/* What a command did: its output, and how it ended. */
typedef struct {
  char *out;    /* standard output (NUL-terminated) */
  char *err;    /* standard error */
  int status;   /* exit status; 128 + N when killed by signal N; -1 when it could not run */
} tu_result;

static inline void tu_result_free(tu_result *r) {
  free(r->out);
  free(r->err);
  r->out = r->err = NULL;
}

/* Run `command` with `sh -c` from the current directory, `input` (may be
 * NULL: empty) on its standard input, capturing stdout and stderr in full. */
static inline tu_result tu_run(const char *command, const char *input) {
  tu_result r = {NULL, NULL, -1};
  char *dir = tu_make_dir();
  if (dir == NULL) return r;
  char *in_path = tu_put(dir, "stdin", input != NULL ? input : "");
  char *out_path = tu_path(dir, "stdout");
  char *err_path = tu_path(dir, "stderr");
  fflush(stdout);
  fflush(stderr);
  pid_t pid = (in_path && out_path && err_path) ? fork() : -1;
  if (pid == 0) {
    int in = open(in_path, O_RDONLY);
    int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    close(in);
    close(out);
    close(err);
    execl("/bin/sh", "sh", "-c", command, (char *)NULL);
    _exit(127);
  }
  if (pid > 0) {
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(wstatus)) r.status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus)) r.status = 128 + WTERMSIG(wstatus);
    r.out = tu_read_file(out_path, NULL);
    r.err = tu_read_file(err_path, NULL);
  }
  if (r.out == NULL) r.out = calloc(1, 1);
  if (r.err == NULL) r.err = calloc(1, 1);
  free(in_path);
  free(out_path);
  free(err_path);
  tu_remove_dir(dir);
  return r;
}

/* Run the signaal binary: `tu_signaal("eval x.rbc --json", NULL)`. */
static inline tu_result tu_signaal(const char *arguments, const char *input) {
  size_t len = strlen(TU_SIGNAAL) + 1 + strlen(arguments) + 1;
  char *command = malloc(len);
  if (command == NULL) {
    tu_result r = {calloc(1, 1), calloc(1, 1), -1};
    return r;
  }
  snprintf(command, len, "%s %s", TU_SIGNAAL, arguments);
  tu_result r = tu_run(command, input);
  free(command);
  return r;
}

/* Whether `haystack` contains `needle`. */
static inline int tu_contains(const char *haystack, const char *needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Whether two files hold the same bytes (both must be readable). */
static inline int tu_same_file(const char *a, const char *b) {
  size_t la = 0, lb = 0;
  char *da = tu_read_file(a, &la), *db = tu_read_file(b, &lb);
  int same = da != NULL && db != NULL && la == lb && memcmp(da, db, la) == 0;
  free(da);
  free(db);
  return same;
}

/* ---- golden files ----------------------------------------------------------
 * A golden file under tests/golden/ holds the exact output a test expects.
 * A test that differs prints a unified diff (golden -> output) and keeps
 * the output in a scratch directory. Goldens change only when named, one
 * file at a time: with SG_UPDATE_GOLDEN=NAME[,NAME…] (a name under
 * tests/golden/, e.g. report/08.md, with or without that prefix) the test
 * that compares NAME rewrites it, and reports the diff of what changes to
 * the file SG_GOLDEN_LOG names (else to stderr). `make golden-update
 * FILE=tests/golden/NAME` does this for you (tests/README.md). */

/* Whether SG_UPDATE_GOLDEN names golden NAME ("*" names every one). */
static inline int tu_golden_named(const char *name) {
  const char *p = getenv("SG_UPDATE_GOLDEN");
  if (p != NULL && strcmp(p, "*") == 0) return 1;
  size_t n = strlen(name);
  while (p != NULL && *p != '\0') {
    p += strspn(p, ", ");
    size_t len = strcspn(p, ", ");
    const char *item = p;
    if (len > 2 && strncmp(item, "./", 2) == 0) item += 2, len -= 2;
    if (len > 13 && strncmp(item, "tests/golden/", 13) == 0) item += 13, len -= 13;
    if (len == n && strncmp(item, name, n) == 0) return 1;
    p += strcspn(p, ", ");
  }
  return 0;
}

/* Print `diff -u` from the golden file `path` (from nothing when it does
 * not exist) to the file `actual_path` (labelled `label`) on `out`; at most
 * `max_lines` lines (0: all of it). */
static inline void tu_golden_diff(FILE *out, const char *path, const char *actual_path,
                                  const char *label, size_t max_lines) {
  char command[2048];
  int exists = access(path, R_OK) == 0;
  if (strchr(path, '\'') != NULL || strchr(actual_path, '\'') != NULL) return;
  snprintf(command, sizeof command, "diff -u --label '%s%s' --label '%s' '%s' '%s'",
           path, exists ? "" : " (missing)", label, exists ? path : "/dev/null", actual_path);
  fflush(out);
  FILE *diff = popen(command, "r");
  if (diff == NULL) return;
  char line[4096];
  size_t lines = 0;
  while (fgets(line, sizeof line, diff) != NULL) {
    if (max_lines == 0 || lines < max_lines) fputs(line, out);
    if (strchr(line, '\n') != NULL) lines++;
  }
  pclose(diff);
  if (max_lines != 0 && lines > max_lines)
    fprintf(out, "(… %zu more lines of diff)\n", lines - max_lines);
}

/* Write `actual` as tests/golden/NAME, reporting the diff and what was done;
 * 0 on success. */
static inline int tu_golden_update(const char *name, const char *path, const char *actual) {
  const char *log_path = getenv("SG_GOLDEN_LOG");
  FILE *log = log_path != NULL && log_path[0] != '\0' ? fopen(log_path, "a") : NULL;
  FILE *out = log != NULL ? log : stderr;
  char *expected = tu_read_file(path, NULL);
  int status = 0;
  if (expected != NULL && strcmp(expected, actual) == 0) {
    fprintf(out, "golden: unchanged tests/golden/%s\n", name);
  } else {
    char *dir = tu_make_dir();
    char *actual_path = dir != NULL ? tu_put(dir, "actual", actual) : NULL;
    if (actual_path != NULL) tu_golden_diff(out, path, actual_path, path, 0);
    free(actual_path);
    tu_remove_dir(dir);
    if (tu_write_file(path, actual) != 0) {
      fprintf(out, "golden: cannot write %s\n", path);
      status = -1;
    } else {
      fprintf(out, "golden: %s tests/golden/%s\n", expected != NULL ? "updated" : "created", name);
    }
  }
  free(expected);
  if (log != NULL) fclose(log);
  return status;
}

/* Compare `actual` with tests/golden/NAME: 0 when they are equal (or after
 * SG_UPDATE_GOLDEN named and rewrote it). Otherwise print the diff (its
 * first 80 lines) to stderr, keep the output in a scratch directory, say
 * where, and return -1. */
static inline int tu_golden(const char *name, const char *actual) {
  char path[512];
  snprintf(path, sizeof path, "tests/golden/%s", name);
  if (tu_golden_named(name)) return tu_golden_update(name, path, actual);
  char *expected = tu_read_file(path, NULL);
  int same = expected != NULL && strcmp(expected, actual) == 0;
  free(expected);
  if (same) return 0;
  const char *base = strrchr(name, '/');
  base = base != NULL ? base + 1 : name;
  char *dir = tu_make_dir();
  char *actual_path = dir != NULL ? tu_put(dir, base, actual) : NULL;
  fprintf(stderr, "golden: %s %s the output:\n", path,
          access(path, R_OK) == 0 ? "differs from" : "is missing;");
  if (actual_path != NULL) tu_golden_diff(stderr, path, actual_path, "output", 80);
  fprintf(stderr,
          "golden: the output is in %s\n"
          "        to accept it: make golden-update FILE=%s\n",
          actual_path != NULL ? actual_path : "(nowhere: no scratch directory)", path);
  free(actual_path);
  free(dir); /* the scratch directory stays, to be looked at */
  return -1;
}

/* tu_signaal with printf-style arguments. */
static inline tu_result tu_signaalf(const char *input, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static inline tu_result tu_signaalf(const char *input, const char *format, ...) {
  char args[4096];
  va_list ap;
  va_start(ap, format);
  vsnprintf(args, sizeof args, format, ap);
  va_end(ap);
  return tu_signaal(args, input);
}

/* Replace every 64-hex-digit hash in `text` by "<sha256>" (in place), so
 * goldens do not change with the compiler's byte layout. */
static inline void tu_mask_hashes(char *text) {
  char *p = text;
  while (*p != '\0') {
    size_t n = strspn(p, "0123456789abcdef");
    if (n == 64) {
      memcpy(p, "<sha256>", 8);
      memmove(p + 8, p + 64, strlen(p + 64) + 1);
      p += 8;
    } else {
      p += n > 0 ? n : 1;
    }
  }
}

/* Compile a rules text held in memory (named `name` in diagnostics) and
 * return the compiler (free with sgc_free); *errors (may be NULL) gets the
 * error count. NULL only when out of memory. */
static inline sgc_compiler *tu_compile(const char *name, const char *rules, int *errors) {
  sgc_compiler *c = sgc_new();
  if (c == NULL) return NULL;
  int n = sgc_compile_string(c, name, rules, strlen(rules));
  if (errors != NULL) *errors = n;
  return c;
}

#endif
