/* bench_outcome.c — the native side of bench/wasm.sh: cases per second of
 * the two things web/engine-wasm.js does, on the same cases, natively:
 * "rules" reads a case's JSON into a context (sgj_read_case), evaluates it
 * and reads every rule's state (as evaluateRules()); "report" does the
 * same and then writes the whole outcome as eval --json has it
 * (sgj_outcome_json, as evaluate() followed by JSON.stringify); "eval" is
 * sg_eval alone: each case read untimed, then evaluated 100 times in a
 * timed run.
 *
 *   bench_outcome RULEBOOK.rbc FACTS.jsonl NOWS.txt
 *
 * FACTS.jsonl holds one case a line, NOWS.txt its moment a line. Prints
 * "native_rules_per_second N", "native_report_per_second N" and
 * "native_eval_per_second N", each from the best of three passes over all
 * the cases.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "signaal.h"
#include "signaal_json.h"

/* The lines of `path` as NUL-terminated strings (their '\n' dropped) in
 * *lines, their number returned; exits on failure (a benchmark tool). */
static size_t read_lines(const char *path, char ***lines) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    exit(2);
  }
  size_t n = 0, cap = 0;
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  *lines = NULL;
  while ((len = getline(&line, &size, f)) > 0) {
    if (line[len - 1] == '\n') line[--len] = '\0';
    if (n == cap) {
      cap = cap ? 2 * cap : 1024;
      *lines = realloc(*lines, cap * sizeof **lines);
      if (*lines == NULL) exit(2);
    }
    (*lines)[n] = strdup(line);
    if ((*lines)[n++] == NULL) exit(2);
  }
  free(line);
  fclose(f);
  return n;
}

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* How often "eval" evaluates each case, timed as one run. */
#define EVAL_REPEAT 100

/* One pass over the cases; with `report`, each outcome written as JSON;
 * with `eval_only`, only EVAL_REPEAT sg_eval of each case are timed (the
 * case read before, untimed). Returns the cases (evaluations) per second;
 * a checksum goes to *sink (so nothing is optimised away). */
static double pass(const sg_rulebook *rb, sg_context *ctx, char **facts, const int64_t *nows,
                   size_t n, int report, int eval_only, size_t *sink) {
  double start = seconds_now(), untimed = 0;
  for (size_t i = 0; i < n; i++) {
    double read_start = seconds_now();
    sg_context_reset(ctx);
    if (sgj_read_case(ctx, rb, facts[i], strlen(facts[i]), NULL, NULL) != SG_OK) {
      fprintf(stderr, "bench_outcome: case %zu is not a good case\n", i + 1);
      exit(1);
    }
    sg_set_now(ctx, nows[i]);
    if (eval_only) {
      untimed += seconds_now() - read_start;
      for (int k = 0; k < EVAL_REPEAT; k++) sg_eval(ctx);
    } else {
      sg_eval(ctx);
    }
    for (size_t r = 0; r < sg_rule_count(rb); r++) *sink += (size_t)sg_rule_outcome(ctx, r);
    if (report) {
      char *text = sgj_outcome_json(ctx, rb, nows[i], 0);
      if (text == NULL) exit(3);
      *sink += strlen(text);
      free(text);
    }
  }
  double seconds = seconds_now() - start - untimed;
  return (double)n * (eval_only ? EVAL_REPEAT : 1) / seconds;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: bench_outcome RULEBOOK.rbc FACTS.jsonl NOWS.txt\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror(argv[1]);
    return 2;
  }
  static unsigned char image[1 << 22];
  size_t size = fread(image, 1, sizeof image, f);
  fclose(f);
  sg_rulebook *rb = NULL;
  sg_error err;
  if (sg_rulebook_load(image, size, NULL, NULL, &rb, &err) != SG_OK) {
    fprintf(stderr, "bench_outcome: %s: %s\n", argv[1], err.message);
    return 1;
  }
  char **facts, **now_lines;
  size_t n = read_lines(argv[2], &facts);
  if (read_lines(argv[3], &now_lines) != n) {
    fprintf(stderr, "bench_outcome: %s and %s differ in lines\n", argv[2], argv[3]);
    return 2;
  }
  int64_t *nows = calloc(n + 1, sizeof *nows);
  for (size_t i = 0; nows != NULL && i < n; i++)
    if (sg_parse_datetime(now_lines[i], &nows[i]) != 0) return 2;
  sg_context *ctx = sg_context_new(rb);
  if (nows == NULL || ctx == NULL) return 3;
  size_t sink = 0;
  double rules = 0, report = 0, evals = 0;
  for (int round = 0; round < 3; round++) {
    double r = pass(rb, ctx, facts, nows, n, 0, 0, &sink);
    double w = pass(rb, ctx, facts, nows, n, 1, 0, &sink);
    double e = pass(rb, ctx, facts, nows, n, 0, 1, &sink);
    if (r > rules) rules = r;
    if (w > report) report = w;
    if (e > evals) evals = e;
  }
  printf("cases %zu\n", n);
  printf("native_rules_per_second %.0f\n", rules);
  printf("native_report_per_second %.0f\n", report);
  printf("native_eval_per_second %.0f\n", evals);
  fprintf(stderr, "(checksum %zu)\n", sink);
  for (size_t i = 0; i < n; i++) {
    free(facts[i]);
    free(now_lines[i]);
  }
  free(facts);
  free(now_lines);
  free(nows);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  return 0;
}
