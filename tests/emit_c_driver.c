/* emit_c_driver.c — the other half of tests/test_emit_c.c and of the
 * --emit-c figures in bench/run.sh: built with the C file that
 * `signaal compile --emit-c` wrote (its sgx_eval), libsignaal, libsignaalc
 * (for the examples' case files and moments) and libsignaal-json. Not a
 * cmocka suite: test_emit_c.c builds and runs it.
 *
 *   emit_c_driver check RBC RULES [CORPUS.jsonl]
 *       every example case of RULES that gives a case file, at its `now`,
 *       and every line of CORPUS (`signaal corpus`): sg_eval and sgx_eval
 *       must give the same predicates, rule outcomes, parts and contacts.
 *       Prints "N cases, M values identical" and exits 0, or prints the
 *       first difference and exits 1.
 *   emit_c_driver refused RBC
 *       sgx_eval must refuse a context of RBC (another image): exit 0 if so.
 *   emit_c_driver measure gen|interp N RBC RULES
 *       each example case N times through sgx_eval or sg_eval (for
 *       callgrind --toggle-collect).
 *   emit_c_driver measure-corpus gen|interp RBC CORPUS.jsonl
 *       each line of CORPUS once through sgx_eval or sg_eval, at its `now`
 *       (varied cases, as bench/compare.sh measures sg_eval on them).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "signaal.h"
#include "signaal_compiler.h"
#include "signaal_json.h"

int sgx_eval(sg_context *ctx, sg_truth *preds, sg_truth *rules, sg_truth *parts, long *contacts);

static void die(const char *what, const char *detail) {
  fprintf(stderr, "emit_c_driver: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  exit(2);
}

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) die("cannot read", path);
  size_t cap = 1 << 16, n = 0;
  char *data = malloc(cap);
  for (size_t got; data != NULL && (got = fread(data + n, 1, cap - n, f)) > 0;) {
    n += got;
    if (n == cap) data = realloc(data, cap *= 2);
  }
  fclose(f);
  if (data == NULL) die("out of memory", NULL);
  *size = n;
  return data;
}

static sg_rulebook *load(const char *path) {
  size_t size;
  char *data = read_file(path, &size);
  sg_rulebook *rb;
  sg_error err;
  if (sg_rulebook_load(data, size, NULL, NULL, &rb, &err) != SG_OK) die(path, err.message);
  free(data);
  return rb;
}

/* A case: its facts (JSON text without "now") and its moment. */
typedef struct {
  char *json;
  int64_t now;
  char name[64];
} driver_case;

typedef struct {
  driver_case *cases;
  size_t count, cap;
} driver_cases;

static void add_case(driver_cases *all, json_t *root, int64_t now, const char *name) {
  if (all->count == all->cap) {
    all->cap = all->cap ? 2 * all->cap : 64;
    all->cases = realloc(all->cases, all->cap * sizeof *all->cases);
    if (all->cases == NULL) die("out of memory", NULL);
  }
  driver_case *c = &all->cases[all->count++];
  json_t *moment = json_object_get(root, "now");
  if (moment != NULL) {
    if (!json_is_string(moment) || sg_parse_datetime(json_string_value(moment), &now) != 0)
      die(name, "a bad now");
    json_object_del(root, "now");
  }
  c->json = json_dumps(root, JSON_COMPACT);
  c->now = now;
  snprintf(c->name, sizeof c->name, "%s", name);
  if (c->json == NULL) die("out of memory", NULL);
}

/* The examples of RULES that give a case file and a moment. */
static void example_cases(driver_cases *all, const char *rules) {
  sgc_compiler *c = sgc_new();
  if (c == NULL || sgc_compile_files(c, &rules, 1) != 0) die("the rulebook does not compile", rules);
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (ex->case_file == NULL || !ex->has_now) continue;
    json_error_t jerr;
    json_t *root = json_load_file(ex->case_file, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) die(ex->case_file, jerr.text);
    const char *base = strrchr(ex->case_file, '/');
    add_case(all, root, ex->now, base ? base + 1 : ex->case_file);
    json_decref(root);
  }
  sgc_free(c);
}

static void corpus_cases(driver_cases *all, const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL) die("cannot read", path);
  char *line = NULL;
  size_t cap = 0;
  long n = 0;
  while (getline(&line, &cap, f) > 0) {
    json_error_t jerr;
    json_t *root = json_loads(line, 0, &jerr);
    if (root == NULL) die(path, jerr.text);
    char name[64];
    snprintf(name, sizeof name, "corpus line %ld", ++n);
    add_case(all, root, 0, name);
    json_decref(root);
  }
  free(line);
  fclose(f);
}

/* Set case c on ctx; without the moment (and so the decision date) when
 * `timeless`. */
static void apply(sg_context *ctx, const sg_rulebook *rb, const driver_case *c, int timeless) {
  sg_context_reset(ctx);
  if (sgj_read_case(ctx, rb, c->json, strlen(c->json), NULL, NULL) != SG_OK)
    die(c->name, "the case does not read");
  if (!timeless) sg_set_now(ctx, c->now);
}

/* The outcome arrays of sgx_eval. */
typedef struct {
  sg_truth *preds, *rules, *parts;
  long *contacts;
  size_t ncontacts;
} driver_out;

static driver_out outputs(const sg_rulebook *rb) {
  driver_out o;
  o.ncontacts = 0;
  for (size_t r = 0; r < sg_rule_count(rb); r++) o.ncontacts += sg_rule_action_count(rb, r);
  o.preds = calloc(sg_pred_count(rb) + 1, sizeof *o.preds);
  o.rules = calloc(sg_rule_count(rb) + 1, sizeof *o.rules);
  o.parts = calloc(2 * sg_rule_count(rb) + 1, sizeof *o.parts);
  o.contacts = calloc(o.ncontacts + 1, sizeof *o.contacts);
  if (!o.preds || !o.rules || !o.parts || !o.contacts) die("out of memory", NULL);
  return o;
}

/* Free what a mode made (so that LeakSanitizer has nothing to say). */
static void done(sg_rulebook *rb, sg_context *ctx, driver_cases *all, driver_out *o) {
  for (size_t i = 0; all != NULL && i < all->count; i++) free(all->cases[i].json);
  if (all != NULL) free(all->cases);
  free(o->preds);
  free(o->rules);
  free(o->parts);
  free(o->contacts);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

static int check(const char *rbc, const char *rules, const char *corpus) {
  sg_rulebook *rb = load(rbc);
  sg_context *ctx = sg_context_new(rb);
  if (ctx == NULL) die("out of memory", NULL);
  driver_cases all = {NULL, 0, 0};
  example_cases(&all, rules);
  size_t examples = all.count;
  if (corpus) corpus_cases(&all, corpus);
  driver_out o = outputs(rb);
  size_t values = 0;
  /* each case at its moment, then again without one (every dated element,
   * `now` and `today` unknown) */
  for (size_t i = 0; i < 2 * all.count; i++) {
    const driver_case *c = &all.cases[i % all.count];
    apply(ctx, rb, c, i >= all.count);
    if (sgx_eval(ctx, o.preds, o.rules, o.parts, o.contacts) != SG_OK) die(c->name, "sgx_eval failed");
    if (sg_eval(ctx) != SG_OK) die(c->name, "sg_eval failed");
    for (size_t p = 0; p < sg_pred_count(rb); p++, values++)
      if (sg_pred_value(ctx, p) != o.preds[p]) {
        printf("%s%s: predicate %s: sg_eval %d, sgx_eval %d\n", c->name,
               i >= all.count ? " (no now)" : "", sg_pred_name(rb, p),
               sg_pred_value(ctx, p), o.preds[p]);
        done(rb, ctx, &all, &o);
        return 1;
      }
    size_t slot = 0;
    for (size_t r = 0; r < sg_rule_count(rb); r++) {
      sg_truth want[2] = {sg_rule_part(ctx, r, SG_PART_WHEN), sg_rule_part(ctx, r, SG_PART_UNLESS)};
      if (sg_rule_outcome(ctx, r) != o.rules[r] || want[0] != o.parts[2 * r] ||
          want[1] != o.parts[2 * r + 1]) {
        printf("%s%s: rule %s: sg_eval %d (when %d, unless %d), sgx_eval %d (when %d, unless %d)\n",
               c->name, i >= all.count ? " (no now)" : "", sg_rule_name(rb, r), sg_rule_outcome(ctx, r), want[0], want[1], o.rules[r],
               o.parts[2 * r], o.parts[2 * r + 1]);
        done(rb, ctx, &all, &o);
        return 1;
      }
      values += 3;
      for (size_t k = 0; k < sg_rule_action_count(rb, r); k++, slot++, values++)
        if (sg_rule_contact(ctx, r, k) != o.contacts[slot]) {
          printf("%s%s: rule %s, action %zu: contact entry %ld from sg_eval, %ld from sgx_eval\n",
                 c->name, i >= all.count ? " (no now)" : "", sg_rule_name(rb, r), k, sg_rule_contact(ctx, r, k), o.contacts[slot]);
          done(rb, ctx, &all, &o);
          return 1;
        }
    }
  }
  printf("%zu cases (%zu examples), each with and without its moment: %zu values identical\n",
         all.count, examples, values);
  done(rb, ctx, &all, &o);
  return 0;
}

static int refused(const char *rbc) {
  sg_rulebook *rb = load(rbc);
  sg_context *ctx = sg_context_new(rb);
  driver_out o = outputs(rb);
  int st = sgx_eval(ctx, o.preds, o.rules, o.parts, o.contacts);
  printf("sgx_eval on another image: %s\n", st == SG_ERR_FORMAT ? "refused" : "accepted");
  done(rb, ctx, NULL, &o);
  return st == SG_ERR_FORMAT ? 0 : 1;
}

/* Each case of RULES's examples (or of CORPUS, when not NULL) N times
 * through sgx_eval ("gen") or sg_eval. */
static int measure(const char *which, long n, const char *rbc, const char *rules,
                   const char *corpus) {
  sg_rulebook *rb = load(rbc);
  sg_context *ctx = sg_context_new(rb);
  driver_cases all = {NULL, 0, 0};
  if (corpus != NULL) corpus_cases(&all, corpus);
  else example_cases(&all, rules);
  driver_out o = outputs(rb);
  int gen = strcmp(which, "gen") == 0;
  long sink = 0;
  /* the image's SHA-256, which sgx_eval compares with its own, is computed
   * on the first request: here, outside the function measured */
  sink += sg_rulebook_bytecode_hash(rb)[0];
  for (size_t i = 0; i < all.count; i++) {
    apply(ctx, rb, &all.cases[i], 0);
    for (long k = 0; k < n; k++)
      sink += gen ? sgx_eval(ctx, o.preds, o.rules, o.parts, o.contacts) : (int)sg_eval(ctx);
  }
  printf("%zu cases x %ld evaluations (%ld)\n", all.count, n, sink);
  done(rb, ctx, &all, &o);
  return 0;
}

int main(int argc, char **argv) {
  if (argc >= 4 && strcmp(argv[1], "check") == 0) return check(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
  if (argc == 3 && strcmp(argv[1], "refused") == 0) return refused(argv[2]);
  if (argc == 6 && strcmp(argv[1], "measure") == 0)
    return measure(argv[2], strtol(argv[3], NULL, 10), argv[4], argv[5], NULL);
  if (argc == 5 && strcmp(argv[1], "measure-corpus") == 0)
    return measure(argv[2], 1, argv[3], NULL, argv[4]);
  fprintf(stderr, "usage: emit_c_driver check RBC RULES [CORPUS] | refused RBC | "
                  "measure gen|interp N RBC RULES | measure-corpus gen|interp RBC CORPUS\n");
  return 2;
}
