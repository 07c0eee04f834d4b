/* bench_parse.c — reading JSONL cases into a context, three ways: cJSON,
 * jansson (what `eval --facts` uses) and yajl (what `eval --batch` uses,
 * through batch_run with set_only). Each parses every line of a corpus
 * (`signaal corpus`), checks every value with the CLI's codec
 * (value_from_scalar, the same for all three) and sets it on one reused
 * context; none evaluates. Prints cases per second (best of BENCH_REPEAT
 * passes) and heap allocations per case (malloc, calloc and realloc
 * wrapped at link time; cJSON's and jansson's through their hooks, which
 * call them; yajl's go to batch.c's arena, counted apart). Run by
 * bench/run.sh (`make bench`); figures in bench/RESULTS.md.
 *
 *   bench_parse RULEBOOK.rbc CORPUS.jsonl [REPEAT]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <jansson.h>

#include "batch.h"
#include "signaal.h"
#include "value.h"

/* heap_calls: every heap allocation (-Wl,--wrap=malloc,calloc,realloc) */
#include "heapcount.h"

/* The libraries' hooks: our malloc, so the wrap counts them. */
static void *hook_malloc(size_t size) {
  return malloc(size);
}

static void hook_free(void *ptr) {
  free(ptr);
}

/* ---- the corpus ------------------------------------------------------------ */

typedef struct {
  char *text;        /* the whole file */
  size_t size;
  char **lines;      /* each line, NUL-terminated in place */
  size_t *lengths;
  size_t count;
} corpus;

static int corpus_read(const char *path, corpus *c) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return -1;
  fseek(f, 0, SEEK_END);
  c->size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  c->text = malloc(c->size + 1);
  size_t got = c->text != NULL ? fread(c->text, 1, c->size, f) : 0;
  fclose(f);
  if (got != c->size) return -1;
  c->text[c->size] = '\0';
  size_t n = 0;
  for (size_t i = 0; i < c->size; i++) n += c->text[i] == '\n';
  c->lines = malloc((n + 1) * sizeof *c->lines);
  c->lengths = malloc((n + 1) * sizeof *c->lengths);
  if (c->lines == NULL || c->lengths == NULL) return -1;
  c->count = 0;
  for (char *p = c->text, *end; (end = strchr(p, '\n')) != NULL; p = end + 1) {
    *end = '\0';
    c->lines[c->count] = p;
    c->lengths[c->count++] = (size_t)(end - p);
  }
  return 0;
}

/* ---- the three readers -------------------------------------------------------- */

/* Check and set one member; -1 for a value the fact does not take. */
static int set_member(const sg_rulebook *rb, sg_context *ctx, const char *key,
                      const value_scalar *v) {
  if (strcmp(key, "now") == 0) return 0;
  long slot = sg_fact_slot(rb, key);
  cli_value value;
  if (slot < 0 || value_from_scalar(rb, (size_t)slot, v, &value) == VALUE_WRONG_KIND) return -1;
  return value_set(ctx, (size_t)slot, &value) == SG_OK || value.type == 0 ? 0 : -1;
}

static int read_jansson(const sg_rulebook *rb, sg_context *ctx, const char *line, size_t len) {
  json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
  if (root == NULL) return -1;
  const char *key;
  json_t *member;
  int bad = 0;
  json_object_foreach(root, key, member) {
    value_scalar v = value_scalar_of_json(member);
    bad |= set_member(rb, ctx, key, &v);
  }
  json_decref(root);
  return bad;
}

/* A cJSON item as a scalar (its string borrowed). */
static value_scalar cjson_scalar(const cJSON *item) {
  if (cJSON_IsBool(item)) return (value_scalar){SCALAR_BOOL, cJSON_IsTrue(item), NULL};
  if (cJSON_IsString(item)) return (value_scalar){SCALAR_STRING, 0, item->valuestring};
  if (cJSON_IsNumber(item)) {
    double d = item->valuedouble;
    return d == (double)(int64_t)d ? (value_scalar){SCALAR_INT, (int64_t)d, NULL}
                                   : (value_scalar){SCALAR_REAL, 0, NULL};
  }
  if (cJSON_IsObject(item)) return (value_scalar){SCALAR_OBJECT, 0, NULL};
  if (cJSON_IsArray(item)) return (value_scalar){SCALAR_ARRAY, 0, NULL};
  return (value_scalar){SCALAR_NULL, 0, NULL};
}

static int read_cjson(const sg_rulebook *rb, sg_context *ctx, const char *line, size_t len) {
  cJSON *root = cJSON_ParseWithLength(line, len);
  if (root == NULL) return -1;
  int bad = 0;
  for (const cJSON *item = root->child; item != NULL; item = item->next) {
    value_scalar v = cjson_scalar(item);
    bad |= set_member(rb, ctx, item->string, &v);
  }
  cJSON_Delete(root);
  return bad;
}

typedef int (*reader)(const sg_rulebook *rb, sg_context *ctx, const char *line, size_t len);

/* One pass of a tree parser over the corpus; the lines it refused. */
static size_t pass_tree(reader read, const sg_rulebook *rb, sg_context *ctx, const corpus *c) {
  size_t bad = 0;
  for (size_t i = 0; i < c->count; i++) {
    sg_context_reset(ctx);
    bad += read(rb, ctx, c->lines[i], c->lengths[i]) != 0;
  }
  return bad;
}

/* One pass of the batch reader (yajl) over the corpus; the lines it
 * refused. The corpus's text again, newlines restored, as a stream. */
static size_t pass_yajl(const sg_rulebook *rb, const char *text, size_t size) {
  FILE *in = fmemopen((void *)text, size, "r");
  FILE *devnull = freopen("/dev/null", "w", stderr) != NULL ? stderr : NULL;
  (void)devnull;
  batch_options o = {rb, "corpus", NULL, NULL, "id", 0, 0, (size_t)1 << 24, 1, 0};
  batch_counts counts = {0, 0, 0};
  batch_run(&o, in, stdout, &counts);
  fclose(in);
  return counts.failed;
}

static double seconds_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: bench_parse RULEBOOK.rbc CORPUS.jsonl [REPEAT]\n", stderr);
    return 2;
  }
  int repeat = argc > 3 ? atoi(argv[3]) : 3;
  corpus c;
  FILE *f = fopen(argv[1], "rb");
  static char image[1 << 22];
  size_t image_size = f != NULL ? fread(image, 1, sizeof image, f) : 0;
  if (f != NULL) fclose(f);
  sg_rulebook *rb = NULL;
  if (image_size == 0 || sg_rulebook_load(image, image_size, NULL, NULL, &rb, NULL) != SG_OK ||
      corpus_read(argv[2], &c) != 0) {
    fputs("bench_parse: cannot read the rulebook or the corpus\n", stderr);
    return 2;
  }
  char *stream = malloc(c.size + 1);  /* the text with its newlines, for yajl */
  for (size_t i = 0; i < c.count; i++) {
    memcpy(stream + (c.lines[i] - c.text), c.lines[i], c.lengths[i]);
    stream[c.lines[i] - c.text + c.lengths[i]] = '\n';
  }
  cJSON_Hooks hooks = {hook_malloc, hook_free};
  cJSON_InitHooks(&hooks);
  json_set_alloc_funcs(hook_malloc, hook_free);
  sg_context *ctx = sg_context_new(rb);

  static const char *const names[] = {"cJSON 1.7.15", "jansson", "yajl (eval --batch)"};
  printf("reading %zu cases (%zu bytes of JSONL) into a context, each value checked and set; "
         "best of %d passes:\n", c.count, c.size, repeat);
  printf("%-22s %12s %14s %16s %8s\n", "parser", "cases/s", "ns per case", "heap allocs/case",
         "refused");
  for (int p = 0; p < 3; p++) {
    double best = 0;
    size_t bad = 0;
    unsigned long calls = 0, arena = batch_arena_calls();
    for (int r = 0; r < repeat; r++) {
      unsigned long before = heap_calls;
      double t0 = seconds_now();
      bad = p == 0 ? pass_tree(read_cjson, rb, ctx, &c)
            : p == 1 ? pass_tree(read_jansson, rb, ctx, &c) : pass_yajl(rb, stream, c.size);
      double t = seconds_now() - t0;
      if (r == 0 || t < best) best = t;
      calls = heap_calls - before;
    }
    printf("%-22s %12.0f %14.1f %16.2f %8zu", names[p], (double)c.count / best,
           best * 1e9 / (double)c.count, (double)calls / (double)c.count, bad);
    if (p == 2)
      printf("   (+%.2f arena calls/case, no heap)",
             (double)(batch_arena_calls() - arena) / (double)repeat / (double)c.count);
    putchar('\n');
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  free(stream);
  return 0;
}
