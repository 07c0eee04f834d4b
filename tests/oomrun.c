/* oomrun.c — the driver of the out-of-memory test (tests/oom.sh): runs one
 * command of build-oom/signaal (linked with tests/failalloc.c) once without
 * injection, counting its allocations, then once for each allocation with
 * that one failing, and checks every run (tests/README.md, "Out of memory").
 * A program rather than a shell loop: thousands of runs, each checked
 * without a dozen processes of its own.
 *
 *   oomrun [OPTIONS] -- PROGRAM ARGS...
 *     --name NAME           the scenario, in messages
 *     --stdin FILE          standard input (default: /dev/null)
 *     --output FILE         the command's output file: before each run it
 *                           holds "old\n"; its directory is checked too
 *     --log MARKER          standard output is a running log: out of
 *                           memory may leave a beginning of the uninjected
 *                           output without MARKER there ("": any
 *                           beginning; default: it must be empty)
 *     --stride N            fail every N-th allocation only (default 1)
 *     --persist-stride N    also fail every allocation from k on, for every
 *                           N-th k (default 7; 0: not at all)
 *     --exit N              the command's exit code without injection
 *                           (default 0; diff: 1 when the two differ)
 *     --oom-exit N          its exit code when out of memory (default 3;
 *                           diff: 2)
 * Exits 0 when every run passed, 1 when one did not, 2 on a usage or
 * system error.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Bad runs before a scenario stops: the first ones say enough. */
#define OOMRUN_MAX_BAD 5

/* A scenario: what the command line gave. */
typedef struct {
  const char *name, *input, *output, *log_marker;
  unsigned long stride, persist_stride;
  int ok_exit, oom_exit;
  char **argv;
} scenario;

/* What one run left: its exit code, its standard output and error, the
 * output file (NULL when absent) and the names in its directory. */
typedef struct {
  int code;
  char *out, *err, *file, *listing;
  size_t out_len, file_len;
  int hit;
} run_result;

/* The scratch directory and the files in it. */
static char scratch[64];
static char out_path[96], err_path[96], hit_path[96], count_path[96];

/* Read all of `path` into a new buffer (NUL-terminated); NULL when it does
 * not exist. Exits on any other error. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  *len = 0;
  if (f == NULL) {
    if (errno == ENOENT) return NULL;
    perror(path);
    exit(2);
  }
  size_t cap = 4096;
  char *buf = malloc(cap);
  for (size_t got; buf != NULL && (got = fread(buf + *len, 1, cap - *len - 1, f)) > 0;) {
    *len += got;
    if (cap - *len < 2) buf = realloc(buf, cap *= 2);
  }
  if (buf == NULL || ferror(f)) {
    perror(path);
    exit(2);
  }
  fclose(f);
  buf[*len] = '\0';
  return buf;
}

/* Write `text` to `path`, or remove `path` when `text` is NULL. */
static void put_file(const char *path, const char *text) {
  if (text == NULL) {
    unlink(path);
    return;
  }
  FILE *f = fopen(path, "wb");
  if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

/* The names in the directory of `path`, sorted, one a line; "" without. */
static char *listing(const char *path) {
  char dir[4096];
  const char *slash = strrchr(path, '/');
  snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path) : 1,
           slash != NULL ? path : ".");
  DIR *d = opendir(dir);
  if (d == NULL) {
    perror(dir);
    exit(2);
  }
  char *names[64];
  size_t n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 64)
      names[n++] = strdup(e->d_name);
  closedir(d);
  for (size_t i = 1; i < n; i++)  /* insertion sort: a handful of names */
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  size_t size = 1;
  for (size_t i = 0; i < n; i++) size += strlen(names[i]) + 1;
  char *text = calloc(size, 1);
  for (size_t i = 0; i < n; i++) {
    strcat(strcat(text, names[i]), "\n");
    free(names[i]);
  }
  return text;
}

/* Run the command once. `fail` is the SIGNAAL_FAIL_ALLOC value (NULL:
 * none); `count` asks for the allocation count; `to_full` sends standard
 * output to /dev/full instead. */
static run_result run(const scenario *sc, const char *fail, int count, int to_full) {
  if (sc->output != NULL) put_file(sc->output, "old\n");
  unlink(hit_path);
  unlink(count_path);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(2);
  }
  if (pid == 0) {
    int in = open(sc->input, O_RDONLY);
    int out = open(to_full ? "/dev/full" : out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
      _exit(126);
    if (fail != NULL) setenv("SIGNAAL_FAIL_ALLOC", fail, 1);
    setenv("SIGNAAL_FAIL_ALLOC_HIT", hit_path, 1);
    if (count) setenv("SIGNAAL_ALLOC_COUNT", count_path, 1);
    execv(sc->argv[0], sc->argv);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      perror("waitpid");
      exit(2);
    }
  run_result r;
  memset(&r, 0, sizeof r);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  size_t len;
  r.out = slurp(out_path, &r.out_len);
  r.err = slurp(err_path, &len);
  if (r.out == NULL) r.out = calloc(1, 1);
  if (r.err == NULL) r.err = calloc(1, 1);
  if (sc->output != NULL) {
    r.file = slurp(sc->output, &r.file_len);
    r.listing = listing(sc->output);
  }
  r.hit = access(hit_path, F_OK) == 0;
  return r;
}

static void run_free(run_result *r) {
  free(r->out);
  free(r->err);
  free(r->file);
  free(r->listing);
}

/* Whether two buffers hold the same bytes. */
static int same(const char *a, size_t alen, const char *b, size_t blen) {
  return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* What is wrong with run `r` against the uninjected `base` (and `old`, the
 * directory listing before a run); NULL when nothing is. */
static const char *judge(const scenario *sc, const run_result *r, const run_result *base,
                         const char *old) {
  if (strstr(r->err, "Sanitizer") != NULL || strstr(r->err, "runtime error") != NULL)
    return "a sanitizer report";
  if (r->code == sc->ok_exit) {
    if (!same(r->out, r->out_len, base->out, base->out_len)) return "success with other output";
    if (sc->output != NULL && (r->file == NULL ||
                               !same(r->file, r->file_len, base->file, base->file_len)))
      return "success with another output file";
    if (sc->output != NULL && strcmp(r->listing, base->listing) != 0)
      return "success with other files beside the output";
    return NULL;
  }
  if (r->code != sc->oom_exit) return "neither the exit code of success nor of out of memory";
  if (strstr(r->err, "error: out of memory\n") == NULL)
    return "out of memory without 'error: out of memory'";
  if (r->out_len > 0) {
    if (sc->log_marker == NULL) return "out of memory with standard output";
    if (r->out_len > base->out_len || memcmp(r->out, base->out, r->out_len) != 0)
      return "out of memory with standard output that is not a beginning of the uninjected one";
    if (sc->log_marker[0] != '\0' && strstr(r->out, sc->log_marker) != NULL)
      return "out of memory after the report was printed";
  }
  if (sc->output != NULL && (r->file == NULL || strcmp(r->file, "old\n") != 0))
    return "out of memory and the output file changed";
  if (sc->output != NULL && strcmp(r->listing, old) != 0)
    return "out of memory and files left beside the output";
  return NULL;
}

/* Print a bad run: what, and the first lines of its standard error. */
static void report_bad(const scenario *sc, const char *point, const char *why,
                       const run_result *r) {
  printf("** %s, allocation %s failing: %s (exit %d)\n", sc->name, point, why, r->code);
  int lines = 0;
  for (const char *p = r->err; *p != '\0' && lines < 24; lines++) {
    const char *end = strchr(p, '\n');
    size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
    printf("   | %.*s\n", (int)len, p);
    p += len + (end != NULL);
  }
}

/* Read the options; exits 2 on a bad command line. */
static void parse(int argc, char **argv, scenario *sc) {
  *sc = (scenario){"?", "/dev/null", NULL, NULL, 1, 7, 0, 3, NULL};
  int i = 1;
  for (; i + 1 < argc && strcmp(argv[i], "--") != 0; i += 2) {
    const char *v = argv[i + 1];
    if (strcmp(argv[i], "--name") == 0) sc->name = v;
    else if (strcmp(argv[i], "--stdin") == 0) sc->input = v;
    else if (strcmp(argv[i], "--output") == 0) sc->output = v;
    else if (strcmp(argv[i], "--log") == 0) sc->log_marker = v;
    else if (strcmp(argv[i], "--stride") == 0) sc->stride = strtoul(v, NULL, 10);
    else if (strcmp(argv[i], "--persist-stride") == 0) sc->persist_stride = strtoul(v, NULL, 10);
    else if (strcmp(argv[i], "--exit") == 0) sc->ok_exit = atoi(v);
    else if (strcmp(argv[i], "--oom-exit") == 0) sc->oom_exit = atoi(v);
    else break;
  }
  if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc || sc->stride == 0) {
    fputs("usage: oomrun [--name N] [--stdin F] [--output F] [--log MARKER] [--stride N] "
          "[--persist-stride N] [--exit N] [--oom-exit N] -- PROGRAM ARGS...\n", stderr);
    exit(2);
  }
  sc->argv = argv + i + 1;
}

/* One pass over the allocations: every `stride`-th k from 1 to n, failing
 * the k-th only or (`persist`) every one from k on. Returns the runs made;
 * adds to *bad and *oom_runs. */
static unsigned long pass(const scenario *sc, const run_result *base, const char *old,
                          unsigned long n, unsigned long stride, int persist, int *bad,
                          unsigned long *oom_runs) {
  unsigned long runs = 0;
  for (unsigned long k = 1; k <= n && *bad < OOMRUN_MAX_BAD; k += stride) {
    char point[32];
    snprintf(point, sizeof point, "%lu%s", k, persist ? "+" : "");
    run_result r = run(sc, point, 0, 0);
    runs++;
    if (r.code == sc->oom_exit) (*oom_runs)++;
    const char *why = !r.hit ? "the allocation was never made (the count is not repeatable)"
                             : judge(sc, &r, base, old);
    if (why != NULL) {
      report_bad(sc, point, why, &r);
      (*bad)++;
    }
    run_free(&r);
  }
  return runs;
}

int main(int argc, char **argv) {
  scenario sc;
  parse(argc, argv, &sc);
  snprintf(scratch, sizeof scratch, "%s/oomrun.XXXXXX",
           getenv("TMPDIR") != NULL && strlen(getenv("TMPDIR")) < 40 ? getenv("TMPDIR") : "/tmp");
  if (mkdtemp(scratch) == NULL) {
    perror("mkdtemp");
    return 2;
  }
  snprintf(out_path, sizeof out_path, "%s/stdout", scratch);
  snprintf(err_path, sizeof err_path, "%s/stderr", scratch);
  snprintf(hit_path, sizeof hit_path, "%s/hit", scratch);
  snprintf(count_path, sizeof count_path, "%s/count", scratch);

  int bad = 0;
  run_result base = run(&sc, NULL, 1, 0);
  size_t len;
  char *count_text = slurp(count_path, &len);
  unsigned long n = count_text != NULL ? strtoul(count_text, NULL, 10) : 0;
  free(count_text);
  char *old = NULL;
  if (sc.output != NULL) { /* the directory as a failed run must leave it */
    put_file(sc.output, "old\n");
    old = listing(sc.output);
  }
  if (base.code != sc.ok_exit || n == 0 || strstr(base.err, "Sanitizer") != NULL) {
    report_bad(&sc, "none", "the uninjected run fails", &base);
    bad = OOMRUN_MAX_BAD;
  }
  unsigned long oom_runs = 0, persisted_oom_runs = 0;
  unsigned long runs = pass(&sc, &base, old, n, sc.stride, 0, &bad, &oom_runs);
  unsigned long persisted =
    sc.persist_stride > 0 ? pass(&sc, &base, old, n, sc.persist_stride, 1, &bad, &persisted_oom_runs)
                          : 0;
  if (bad < OOMRUN_MAX_BAD && sc.output == NULL && base.out_len > 0) {
    run_result full = run(&sc, NULL, 0, 1);
    if (full.code != sc.oom_exit || strstr(full.err, "cannot write to standard output") == NULL) {
      report_bad(&sc, "none, standard output on /dev/full", "no error 'cannot write'", &full);
      bad++;
    }
    run_free(&full);
  }
  printf("%s: %lu allocations; %lu failed one at a time (%lu out of memory, the others as "
         "without injection), %lu from k on\n",
         sc.name, n, runs, oom_runs, persisted);
  run_free(&base);
  free(old);
  unlink(out_path);
  unlink(err_path);
  unlink(hit_path);
  unlink(count_path);
  rmdir(scratch);
  return bad > 0 ? 1 : 0;
}
