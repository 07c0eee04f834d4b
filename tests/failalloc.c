/* failalloc.c — allocation-failure injection for the out-of-memory test
 * (tests/oom.sh). Linked only into the test build of the CLI (`make oom`,
 * build-oom/signaal) with -Wl,--wrap=malloc,… so that every allocation the
 * CLI, the compiler, the runtime and jansson (whose hook the CLI sets to
 * malloc) make, and getline and open_memstream, is one numbered injection
 * point. The shipped binary has none of this.
 *
 *   SIGNAAL_FAIL_ALLOC=K        the K-th point fails (once); K+ : it and every later one
 *   SIGNAAL_FAIL_ALLOC_HIT=F    create file F when a point is failed
 *   SIGNAAL_ALLOC_COUNT=F       at exit, write the number of points passed to file F
 *
 * Points end where exit() begins (an atexit handler registered at the
 * first point, so it runs after any the program registers later): what
 * allocates after that is not the program's. In the coverage build
 * (`make coverage`) that is gcov writing its counters from a destructor,
 * which must neither fail nor be counted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* The injection state, read from the environment at the first point. */
static struct {
  int ready;
  int ended;               /* exit() has begun: no more points */
  unsigned long fail_at;   /* 0: never */
  int persistent;          /* "K+": every point from K on fails */
  unsigned long count;     /* points passed so far */
  int hit;
} inject;

/* Write `text` to the file named by the environment variable `var`, if set. */
static void failalloc_note(const char *var, const char *text) {
  const char *path = getenv(var);
  if (path == NULL || *path == '\0') return;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  ssize_t put = write(fd, text, strlen(text));
  (void)put;
  close(fd);
}

/* At exit: no more points; how many this run passed (SIGNAAL_ALLOC_COUNT). */
static void failalloc_end(void) {
  inject.ended = 1;
  char text[32];
  snprintf(text, sizeof text, "%lu\n", inject.count);
  failalloc_note("SIGNAAL_ALLOC_COUNT", text);
}

/* Read SIGNAAL_FAIL_ALLOC once. */
static void failalloc_init(void) {
  inject.ready = 1;
  const char *spec = getenv("SIGNAAL_FAIL_ALLOC");
  if (spec != NULL) {
    char *end = NULL;
    inject.fail_at = strtoul(spec, &end, 10);
    inject.persistent = end != NULL && *end == '+';
  }
  atexit(failalloc_end);
}

/* Count one point; 1 when it must fail (errno is then ENOMEM). */
static int failalloc_fails(void) {
  if (!inject.ready) failalloc_init();
  if (inject.ended) return 0;
  unsigned long k = ++inject.count;
  int fail = inject.fail_at != 0 &&
             (k == inject.fail_at || (inject.persistent && k > inject.fail_at));
  if (!fail) return 0;
  if (!inject.hit) failalloc_note("SIGNAAL_FAIL_ALLOC_HIT", "hit\n");
  inject.hit = 1;
  errno = ENOMEM;
  return 1;
}

/* A wrapper: __wrap_NAME, which the linker calls for NAME, fails the
 * point with `failed` (errno ENOMEM) or calls the real NAME. */
#define FAILALLOC_WRAP(type, name, params, args, failed) \
  type __real_##name params;                                \
  type __wrap_##name params;                                \
  type __wrap_##name params {                               \
    return failalloc_fails() ? (failed) : __real_##name args; \
  }

FAILALLOC_WRAP(void *, malloc, (size_t size), (size), NULL)
FAILALLOC_WRAP(void *, calloc, (size_t n, size_t size), (n, size), NULL)
FAILALLOC_WRAP(char *, strdup, (const char *s), (s), NULL)
FAILALLOC_WRAP(char *, strndup, (const char *s, size_t n), (s, n), NULL)
/* getline may grow its buffer: a point at every call, failing as glibc's
 * does (-1, errno ENOMEM, the buffer left as it was). */
FAILALLOC_WRAP(ssize_t, getline, (char **line, size_t *cap, FILE *stream), (line, cap, stream), -1)
FAILALLOC_WRAP(FILE *, open_memstream, (char **buf, size_t *size), (buf, size), NULL)

void *__real_realloc(void *ptr, size_t size);
void *__wrap_realloc(void *ptr, size_t size);

/* realloc(p, 0) frees: not a point. A failed realloc leaves p as it was. */
void *__wrap_realloc(void *ptr, size_t size) {
  if (size == 0) return __real_realloc(ptr, size);
  return failalloc_fails() ? NULL : __real_realloc(ptr, size);
}
