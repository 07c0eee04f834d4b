/* bench_eval.c — benchmarks of the runtime and the compiler on the bundled
 * rulebook: load+verify, context creation, and per example case sg_eval,
 * sg_eval plus the waiting sets of every undetermined rule, and sg_eval plus
 * the open questions; then compiling. Also counts the allocator calls each
 * step makes. Run by bench/run.sh (`make bench`); figures in bench/RESULTS.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "signaal.h"
#include "signaal_compiler.h"

/* The whole cases are the rulebook's own: every `example` that gives a case
 * file (`given "….json"`) with its `now` (rules/uitbuiting/voorbeelden.rules),
 * in the order of the examples, which is the order of rules/examples/. */
#define BENCH_MAX_CASES 64
static size_t bench_ncases;  /* set once, from the compiled examples */
#define BENCH_CASES bench_ncases

/* One fact of a case, converted from JSON once so that timing never
 * includes jansson: the slot, its type, and the value for the setter. */
typedef struct {
  size_t slot;
  sg_type type;
  int unknown;        /* JSON null */
  int64_t number;     /* bool, int, date (days), datetime (seconds) */
  char *text;         /* text, enum value name or country code; owned */
} bench_fact;

typedef struct {
  const char *name;
  bench_fact *facts;  /* owned */
  size_t count;
  int64_t now;
} bench_case;

/* Options from the command line. */
typedef struct {
  const char *rules;      /* main rule file */
  double seconds;         /* minimum length of one timed batch */
  int repeat;             /* timed batches per measurement; the best counts */
  long fixed;             /* > 0: callgrind mode, this many evaluations */
  long only_case;         /* callgrind mode: 1-based case, 0 for all */
  int waiting;            /* callgrind mode: also compute waiting sets */
  int questions;          /* callgrind mode: also compute the open questions */
} bench_options;

/* ---- Allocator hook that counts ----------------------------------------- */

typedef struct {
  unsigned long allocs, frees, resizes;
  size_t live, peak;
} bench_alloc_stats;

/* The sg_alloc_fn of every rulebook here: malloc/realloc/free, counted. */
static void *bench_alloc(void *userdata, void *ptr, size_t osize, size_t nsize) {
  bench_alloc_stats *st = userdata;
  if (nsize == 0) {
    st->frees++;
    st->live -= osize;
    free(ptr);
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (p == NULL) return NULL;
  if (ptr == NULL) st->allocs++;
  else st->resizes++;
  st->live = st->live - (ptr ? osize : 0) + nsize;
  if (st->live > st->peak) st->peak = st->live;
  return p;
}

static unsigned long bench_alloc_calls(const bench_alloc_stats *st) {
  return st->allocs + st->frees + st->resizes;
}

/* ---- Helpers ---------------------------------------------------------------- */

static void bench_die(const char *what, const char *detail) {
  fprintf(stderr, "bench_eval: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(1);
}

static double bench_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Compile the rulebook at `rules` with a new compiler; dies on errors.
 * The caller frees the compiler, which owns the image. */
static sgc_compiler *bench_compile(const char *rules) {
  sgc_compiler *c = sgc_new();
  if (c == NULL) bench_die("out of memory", NULL);
  if (sgc_compile_files(c, &rules, 1) != 0) {
    for (size_t i = 0; i < sgc_diagnostic_count(c); i++)
      fputs(sgc_diagnostic_at(c, i)->rendered, stderr);
    bench_die("the rulebook does not compile", rules);
  }
  return c;
}

/* Convert one JSON case file into bench_facts against `rb`. */
static void bench_case_read(bench_case *bc, const sg_rulebook *rb, const char *path,
                            int64_t now) {
  json_error_t jerr;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL || !json_is_object(root)) bench_die(path, "not a JSON object");
  const char *base = strrchr(path, '/');
  bc->name = base != NULL ? base + 1 : path;
  bc->count = 0;
  bc->facts = calloc(json_object_size(root) + 1, sizeof *bc->facts);
  if (bc->facts == NULL) bench_die("out of memory", NULL);
  bc->now = now;
  const char *key;
  json_t *value;
  json_object_foreach(root, key, value) {
    long slot = sg_fact_slot(rb, key);
    if (slot < 0) bench_die(path, "a key is not a fact of the rulebook");
    bench_fact *f = &bc->facts[bc->count++];
    f->slot = (size_t)slot;
    f->type = sg_fact_type(rb, (size_t)slot);
    if (json_is_null(value)) {
      f->unknown = 1;
      continue;
    }
    int ok = 1;
    switch (f->type) {
    case SG_BOOL:
      ok = json_is_boolean(value);
      f->number = json_is_true(value);
      break;
    case SG_INT:
      ok = json_is_integer(value);
      f->number = (int64_t)json_integer_value(value);
      break;
    case SG_TEXT:
    case SG_ENUM:
    case SG_COUNTRY:
      ok = json_is_string(value);
      if (ok && (f->text = strdup(json_string_value(value))) == NULL)
        bench_die("out of memory", NULL);
      break;
    case SG_DATE: {
      int32_t days = 0;
      ok = json_is_string(value) && sg_parse_date(json_string_value(value), &days) == 0;
      f->number = days;
      break;
    }
    case SG_DATETIME:
      ok = json_is_string(value) && sg_parse_datetime(json_string_value(value), &f->number) == 0;
      break;
    }
    if (!ok) bench_die(path, "a value does not fit its fact's type");
  }
  json_decref(root);
}

/* Reset `ctx` and set the case's facts and moment with the typed setters. */
static void bench_case_apply(sg_context *ctx, const bench_case *bc) {
  sg_context_reset(ctx);
  for (size_t i = 0; i < bc->count; i++) {
    const bench_fact *f = &bc->facts[i];
    sg_status st = SG_OK;
    if (f->unknown) st = sg_set_unknown(ctx, f->slot);
    else switch (f->type) {
      case SG_BOOL: st = sg_set_bool(ctx, f->slot, (int)f->number); break;
      case SG_INT: st = sg_set_int(ctx, f->slot, f->number); break;
      case SG_TEXT: st = sg_set_text(ctx, f->slot, f->text); break;
      case SG_ENUM: st = sg_set_enum(ctx, f->slot, f->text); break;
      case SG_DATE: st = sg_set_date(ctx, f->slot, (int32_t)f->number); break;
      case SG_DATETIME: st = sg_set_datetime(ctx, f->slot, f->number); break;
      case SG_COUNTRY: st = sg_set_country(ctx, f->slot, f->text); break;
      }
    if (st != SG_OK) bench_die(bc->name, "a setter failed");
  }
  sg_set_now(ctx, bc->now);
}

/* One sg_eval, then the waiting set of every undetermined rule. Returns
 * the number of waiting facts, summed over the rules. */
static size_t bench_eval_explain(sg_context *ctx, const sg_rulebook *rb) {
  size_t slots[256], total = 0;
  if (sg_eval(ctx) != SG_OK) bench_die("sg_eval failed", NULL);
  size_t rules = sg_rule_count(rb);
  for (size_t r = 0; r < rules; r++)
    if (sg_rule_outcome(ctx, r) == SG_UNKNOWN)
      total += sg_rule_waiting(ctx, r, slots, sizeof slots / sizeof slots[0]);
  return total;
}

/* ---- Timing ------------------------------------------------------------------ */

/* Something to time: run it `n` times. */
typedef struct bench_job bench_job;
struct bench_job {
  void (*run)(bench_job *job, long n);
  const sg_rulebook *rb;
  sg_context *ctx;
  const unsigned char *image;
  size_t image_size;
  const char *rules;
  size_t sink;          /* results folded in, so no work is dead */
};

typedef struct {
  double best, median, worst;   /* ns per iteration over the batches */
} bench_result;

static int bench_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A chunk of iterations that takes about 2 ms; running it also warms the
 * caches and the branch predictors. */
static long bench_calibrate(bench_job *job) {
  long chunk = 1;
  for (;;) {
    double t0 = bench_clock();
    job->run(job, chunk);
    if (bench_clock() - t0 >= 0.002 || chunk >= (1L << 40)) return chunk;
    chunk *= 2;
  }
}

/* One batch: whole chunks until at least `seconds` have passed; ns per iteration. */
static double bench_batch(bench_job *job, long chunk, double seconds) {
  long n = 0;
  double t0 = bench_clock(), elapsed;
  do {
    job->run(job, chunk);
    n += chunk;
    elapsed = bench_clock() - t0;
  } while (elapsed < seconds);
  return elapsed * 1e9 / (double)n;
}

static bench_result bench_summarize(double *per, int count) {
  qsort(per, (size_t)count, sizeof per[0], bench_cmp_double);
  bench_result res = {per[0], per[count / 2], per[count - 1]};
  return res;
}

#define BENCH_MAX_REPEAT 64

/* Time `job`: `repeat` batches of at least `seconds` each. */
static bench_result bench_time(bench_job *job, double seconds, int repeat) {
  double per[BENCH_MAX_REPEAT];
  long chunk = bench_calibrate(job);
  for (int k = 0; k < repeat; k++) per[k] = bench_batch(job, chunk, seconds);
  return bench_summarize(per, repeat);
}

/* Time `count` jobs with their batches interleaved (a, b, c, a, b, c, ...),
 * so that a slow spell of the machine hits them all and their ratios stay fair. */
static void bench_time_together(bench_job *jobs, bench_result *results, int count, double seconds,
                                int repeat) {
  double per[4][BENCH_MAX_REPEAT];
  long chunk[4];
  if (count > 4) bench_die("too many jobs to interleave", NULL);
  for (int j = 0; j < count; j++) chunk[j] = bench_calibrate(&jobs[j]);
  for (int k = 0; k < repeat; k++)
    for (int j = 0; j < count; j++) per[j][k] = bench_batch(&jobs[j], chunk[j], seconds);
  for (int j = 0; j < count; j++) results[j] = bench_summarize(per[j], repeat);
}

static void bench_run_load(bench_job *job, long n) {
  for (long i = 0; i < n; i++) {
    sg_rulebook *rb;
    sg_error err;
    if (sg_rulebook_load(job->image, job->image_size, NULL, NULL, &rb, &err) != SG_OK)
      bench_die("the compiled rulebook does not load", err.message);
    job->sink += sg_rule_count(rb);
    sg_rulebook_free(rb);
  }
}

static void bench_run_context(bench_job *job, long n) {
  for (long i = 0; i < n; i++) {
    sg_context *ctx = sg_context_new(job->rb);
    if (ctx == NULL) bench_die("out of memory", NULL);
    sg_context_free(ctx);
  }
}

static void bench_run_eval(bench_job *job, long n) {
  for (long i = 0; i < n; i++) job->sink += (size_t)sg_eval(job->ctx);
}

static void bench_run_explain(bench_job *job, long n) {
  for (long i = 0; i < n; i++) job->sink += bench_eval_explain(job->ctx, job->rb);
}

static void bench_run_questions(bench_job *job, long n) {
  sg_question questions[64];
  for (long i = 0; i < n; i++) {
    if (sg_eval(job->ctx) != SG_OK) bench_die("sg_eval failed", NULL);
    job->sink += sg_open_questions(job->ctx, questions, sizeof questions / sizeof questions[0]);
  }
}

static void bench_run_compile(bench_job *job, long n) {
  for (long i = 0; i < n; i++) {
    sgc_compiler *c = bench_compile(job->rules);
    size_t size;
    job->sink += sgc_image(c, &size) != NULL ? size : 0;
    sgc_free(c);
  }
}

/* ---- The two modes --------------------------------------------------------- */

/* Callgrind mode: evaluate the chosen case(s) `fixed` times each (with the
 * waiting sets or the open questions when asked) and print nothing but a
 * checksum. bench/run.sh runs it with two counts and divides the difference
 * of the instruction counts by the difference of the counts. */
static int bench_fixed(const bench_options *o, const sg_rulebook *rb, sg_context *ctx,
                       const bench_case *cases) {
  size_t sink = 0;
  for (size_t c = 0; c < BENCH_CASES; c++) {
    if (o->only_case != 0 && (size_t)o->only_case != c + 1) continue;
    bench_case_apply(ctx, &cases[c]);
    for (long i = 0; i < o->fixed; i++) {
      if (o->questions) {
        sg_question questions[64];
        if (sg_eval(ctx) != SG_OK) bench_die("sg_eval failed", NULL);
        sink += sg_open_questions(ctx, questions, sizeof questions / sizeof questions[0]);
      } else {
        sink += o->waiting ? bench_eval_explain(ctx, rb) : (size_t)sg_eval(ctx);
      }
    }
  }
  printf("checksum %zu\n", sink);
  return 0;
}

/* Timed mode: the table. */
static int bench_timed(const bench_options *o, const sg_rulebook *rb, sg_context *ctx,
                       const bench_case *cases, const unsigned char *image, size_t image_size,
                       bench_alloc_stats *stats) {
  bench_job job;
  memset(&job, 0, sizeof job);
  job.rb = rb;
  job.ctx = ctx;
  job.image = image;
  job.image_size = image_size;
  job.rules = o->rules;

  printf("Signaal %s benchmarks: %s (%zu facts, %zu predicates, %zu rules, %zu bytes of bytecode)\n",
         SG_VERSION, o->rules, sg_fact_count(rb), sg_pred_count(rb), sg_rule_count(rb), image_size);
  printf("each figure: best of %d batches of >= %.2f s (median and worst in brackets)\n\n",
         o->repeat, o->seconds);

  /* Allocations per load and per context, counted once outside the timing. */
  bench_alloc_stats load_stats;
  memset(&load_stats, 0, sizeof load_stats);
  sg_rulebook *probe;
  sg_error err;
  if (sg_rulebook_load(image, image_size, bench_alloc, &load_stats, &probe, &err) != SG_OK)
    bench_die("the compiled rulebook does not load", err.message);
  unsigned long load_allocs = load_stats.allocs;
  size_t load_bytes = load_stats.live;
  sg_context *probe_ctx = sg_context_new(probe);
  unsigned long ctx_allocs = load_stats.allocs - load_allocs;
  size_t ctx_bytes = load_stats.live - load_bytes;
  sg_context_free(probe_ctx);
  sg_rulebook_free(probe);

  job.run = bench_run_load;
  bench_result load = bench_time(&job, o->seconds, o->repeat);
  job.run = bench_run_context;
  bench_result context = bench_time(&job, o->seconds, o->repeat);
  printf("%-44s %10.2f us   [%.2f, %.2f]  %lu allocation(s), %zu bytes\n", "load + verify (sg_rulebook_load + free)",
         load.best / 1e3, load.median / 1e3, load.worst / 1e3, load_allocs, load_bytes);
  printf("%-44s %10.1f ns   [%.1f, %.1f]  %lu allocation(s), %zu bytes\n\n", "sg_context_new + sg_context_free",
         context.best, context.median, context.worst, ctx_allocs, ctx_bytes);

  printf("per case, reused context; ns per call sequence (best batch):\n");
  printf("%-36s %5s %5s %5s %5s %9s %11s %6s %12s %7s %4s\n", "case", "fired", "not", "undet", "wait",
         "eval", "+waiting", "ratio", "+questions", "ratio", "qs");
  double sum_eval = 0, sum_explain = 0, sum_questions = 0;
  unsigned long calls = 0;
  for (size_t c = 0; c < BENCH_CASES; c++) {
    bench_case_apply(ctx, &cases[c]);
    size_t waiting = bench_eval_explain(ctx, rb);
    size_t fired = 0, not_fired = 0, undetermined = 0;
    for (size_t r = 0; r < sg_rule_count(rb); r++) {
      sg_truth t = sg_rule_outcome(ctx, r);
      fired += t == SG_TRUE;
      not_fired += t == SG_FALSE;
      undetermined += t == SG_UNKNOWN;
    }
    size_t open = sg_open_questions(ctx, NULL, 0);
    /* The allocator is counted around all three: any call is a bug. */
    unsigned long before = bench_alloc_calls(stats);
    bench_job jobs[3] = {job, job, job};
    jobs[0].run = bench_run_eval;
    jobs[1].run = bench_run_explain;
    jobs[2].run = bench_run_questions;
    bench_result res[3];
    bench_time_together(jobs, res, 3, o->seconds, o->repeat);
    calls += bench_alloc_calls(stats) - before;
    job.sink += jobs[0].sink + jobs[1].sink + jobs[2].sink;
    sum_eval += res[0].best;
    sum_explain += res[1].best;
    sum_questions += res[2].best;
    char name[64];
    snprintf(name, sizeof name, "%s", cases[c].name);
    char *dot = strstr(name, ".json");
    if (dot != NULL) *dot = 0;
    printf("%-36.36s %5zu %5zu %5zu %5zu %9.1f %11.1f %5.2fx %12.1f %6.1fx %4zu\n", name, fired,
           not_fired, undetermined, waiting, res[0].best, res[1].best, res[1].best / res[0].best,
           res[2].best, res[2].best / res[0].best, open);
  }
  double mean_eval = sum_eval / (double)BENCH_CASES, mean_explain = sum_explain / (double)BENCH_CASES,
         mean_questions = sum_questions / (double)BENCH_CASES;
  printf("%-36s %23s %9.1f %11.1f %5.2fx %12.1f %6.1fx\n", "mean over the cases", "", mean_eval,
         mean_explain, mean_explain / mean_eval, mean_questions, mean_questions / mean_eval);
  printf("eval: sg_eval; +waiting: sg_eval, then sg_rule_waiting of every undetermined rule;\n"
         "+questions: sg_eval, then sg_open_questions (qs: how many); wait: waiting facts, summed\n");
  printf("allocator calls during all these timed loops: %lu\n\n", calls);

  job.run = bench_run_compile;
  bench_result compile = bench_time(&job, o->seconds, o->repeat);
  printf("%-44s %10.3f ms   [%.3f, %.3f]\n\n", "compile (sgc_compile_files, from disk)", compile.best / 1e6,
         compile.median / 1e6, compile.worst / 1e6);

  printf("ratios within this run:\n");
  printf("  eval + waiting sets / eval (mean over cases) %8.2f\n", mean_explain / mean_eval);
  printf("  eval + open questions / eval (mean)          %8.2f\n", mean_questions / mean_eval);
  printf("  load + verify / eval (mean)                  %8.0f evaluations\n", load.best / mean_eval);
  printf("  context new+free / eval (mean)               %8.2f evaluations\n", context.best / mean_eval);
  printf("  compile / load + verify                      %8.1f loads\n", compile.best / load.best);
  printf("  evaluations per second, one core (mean)      %8.0f\n", 1e9 / mean_eval);
  if (job.sink == 0) printf("(no work was done)\n");
  return calls == 0 ? 0 : 1;
}

static void bench_usage(void) {
  fputs("usage: bench_eval [--rules FILE] [--seconds S] [--repeat N]\n"
        "       bench_eval --fixed N [--case K] [--waiting | --questions]    (for callgrind)\n"
        "Run from the repository root (bench/run.sh does).\n",
        stderr);
  exit(2);
}

int main(int argc, char **argv) {
  bench_options o = {"rules/uitbuiting.rules", 0.5, 3, 0, 0, 0, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (strcmp(a, "--rules") == 0 && has_value) o.rules = argv[++i];
    else if (strcmp(a, "--seconds") == 0 && has_value) o.seconds = atof(argv[++i]);
    else if (strcmp(a, "--repeat") == 0 && has_value) o.repeat = atoi(argv[++i]);
    else if (strcmp(a, "--fixed") == 0 && has_value) o.fixed = atol(argv[++i]);
    else if (strcmp(a, "--case") == 0 && has_value) o.only_case = atol(argv[++i]);
    else if (strcmp(a, "--waiting") == 0) o.waiting = 1;
    else if (strcmp(a, "--questions") == 0) o.questions = 1;
    else bench_usage();
  }
  if (o.seconds <= 0 || o.repeat < 1 || o.repeat > BENCH_MAX_REPEAT || o.fixed < 0 || o.only_case < 0)
    bench_usage();

  sgc_compiler *c = bench_compile(o.rules);
  size_t image_size;
  const uint8_t *compiled = sgc_image(c, &image_size);
  unsigned char *image = malloc(image_size);
  if (image == NULL) bench_die("out of memory", NULL);
  memcpy(image, compiled, image_size);
  /* the case files and moments of the examples, copied before the compiler goes */
  char *case_paths[BENCH_MAX_CASES];
  int64_t case_now[BENCH_MAX_CASES];
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (ex->case_file == NULL || !ex->has_now) continue;
    if (bench_ncases == BENCH_MAX_CASES) bench_die("too many whole cases", NULL);
    case_paths[bench_ncases] = strdup(ex->case_file);
    if (case_paths[bench_ncases] == NULL) bench_die("out of memory", NULL);
    case_now[bench_ncases++] = ex->now;
  }
  sgc_free(c);
  if (bench_ncases == 0) bench_die("the rulebook has no whole cases (given \"….json\")", o.rules);
  if (o.only_case > (long)BENCH_CASES) bench_usage();

  bench_alloc_stats stats;
  memset(&stats, 0, sizeof stats);
  sg_rulebook *rb;
  sg_error err;
  if (sg_rulebook_load(image, image_size, bench_alloc, &stats, &rb, &err) != SG_OK)
    bench_die("the compiled rulebook does not load", err.message);
  sg_context *ctx = sg_context_new(rb);
  if (ctx == NULL) bench_die("out of memory", NULL);

  bench_case cases[BENCH_MAX_CASES];
  for (size_t i = 0; i < BENCH_CASES; i++) bench_case_read(&cases[i], rb, case_paths[i], case_now[i]);

  int status = o.fixed > 0 ? bench_fixed(&o, rb, ctx, cases)
                           : bench_timed(&o, rb, ctx, cases, image, image_size, &stats);

  for (size_t i = 0; i < BENCH_CASES; i++) {
    for (size_t k = 0; k < cases[i].count; k++) free(cases[i].facts[k].text);
    free(cases[i].facts);
    free(case_paths[i]);
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  free(image);
  if (stats.live != 0) bench_die("the runtime did not give back all its memory", NULL);
  return status;
}
