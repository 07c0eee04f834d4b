/* test_batch.c — `signaal eval --batch`: for every case of rules/examples/
 * the batch line and `eval --json` agree on fired, undetermined and
 * waiting rules and on every action; the errors of a bad line are the case
 * file's (no value, no unknown key shown), the run goes on (or stops with
 * --fail-fast), exit codes and the summary; and, calling batch_run itself
 * (this suite links the CLI's library with malloc, calloc and realloc
 * wrapped and counted), the heap allocations of a run do not grow with the
 * number of cases: 10 lines and 1000 lines take the same number.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <jansson.h>

#include "batch.h"
#include "testutil.h"

#define NOW "2016-11-08T12:00"
#define SECRET "GEHEIM"

/* heap_calls: every heap allocation (-Wl,--wrap=malloc,calloc,realloc) */
#include "heapcount.h"

/* ---- the fixture: the bundled rulebook, the examples as JSONL ------------ */

static char *dir, *rbc, *examples_jsonl;
static glob_t examples;

/* The example file `path` as one line with "id" set to its base name. */
static char *example_line(const char *path) {
  json_error_t err;
  json_t *o = json_load_file(path, 0, &err);
  assert_non_null(o);
  const char *base = strrchr(path, '/') + 1;
  json_object_set_new(o, "id", json_string(base));
  char *line = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return line;
}

static int setup(void **state) {
  (void)state;
  dir = tu_make_dir();
  rbc = tu_path(dir, "u.rbc");
  examples_jsonl = tu_path(dir, "examples.jsonl");
  char args[512];
  snprintf(args, sizeof args, "compile rules/uitbuiting.rules -o %s", rbc);
  tu_result r = tu_signaal(args, NULL);
  int status = r.status;
  tu_result_free(&r);
  if (status != 0 || glob("rules/examples/*.json", 0, NULL, &examples) != 0) return -1;
  FILE *f = fopen(examples_jsonl, "w");
  if (f == NULL) return -1;
  for (size_t i = 0; i < examples.gl_pathc; i++) {
    char *line = example_line(examples.gl_pathv[i]);
    fprintf(f, "%s\n", line);
    free(line);
  }
  return fclose(f) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  globfree(&examples);
  free(rbc);
  free(examples_jsonl);
  tu_remove_dir(dir);
  return 0;
}

/* ---- agreement with eval --json ---------------------------------------- */

/* A sorted, newline-joined list of the strings added, for comparing sets. */
typedef struct {
  char *items[512];
  size_t count;
} string_set;

static void set_add(string_set *s, const char *a, const char *b, const char *c) {
  assert_true(s->count < sizeof s->items / sizeof s->items[0]);
  char buf[4096];
  snprintf(buf, sizeof buf, "%s\x1f%s\x1f%s", a, b != NULL ? b : "null", c != NULL ? c : "");
  s->items[s->count++] = strdup(buf);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Both sets hold the same strings; frees them. */
static void assert_same_sets(string_set *a, string_set *b, const char *what, const char *file) {
  qsort(a->items, a->count, sizeof a->items[0], compare_strings);
  qsort(b->items, b->count, sizeof b->items[0], compare_strings);
  int same = a->count == b->count;
  for (size_t i = 0; same && i < a->count; i++) same = strcmp(a->items[i], b->items[i]) == 0;
  if (!same) fprintf(stderr, "%s: the %s of eval --json and --batch differ\n", file, what);
  assert_true(same);
  for (size_t i = 0; i < a->count; i++) free(a->items[i]);
  for (size_t i = 0; i < b->count; i++) free(b->items[i]);
}

/* The facts an undetermined rule waits for, ","-joined. */
static void waiting_text(json_t *list, int objects, char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < json_array_size(list); i++) {
    json_t *w = json_array_get(list, i);
    const char *fact = json_string_value(objects ? json_object_get(w, "fact") : w);
    n += (size_t)snprintf(buf + n, cap - n, "%s,", fact);
  }
}

/* Compare one example's eval --json report with its batch line. */
static void compare_case(const char *file, json_t *report, json_t *line) {
  string_set ea = {0}, ba = {0}, ec = {0}, bc = {0}, eu = {0}, bu = {0}, fired = {0}, rules = {0};
  static const char *const eval_advice[] = {"urgent", "recommendations", "attention"};
  for (size_t k = 0; k < 3; k++) {
    json_t *list = json_object_get(report, eval_advice[k]);
    for (size_t i = 0; i < json_array_size(list); i++) {
      json_t *a = json_array_get(list, i);
      set_add(&ea, json_string_value(json_object_get(a, "rule")),
              json_string_value(json_object_get(a, "text")), NULL);
    }
  }
  static const char *const batch_advice[] = {"recommendations", "attention"};
  for (size_t k = 0; k < 2; k++) {
    json_t *list = json_object_get(line, batch_advice[k]);
    for (size_t i = 0; i < json_array_size(list); i++) {
      json_t *a = json_array_get(list, i);
      const char *rule = json_string_value(json_object_get(a, "rule"));
      set_add(&ba, rule, json_string_value(json_object_get(a, "text")), NULL);
      set_add(&rules, rule, NULL, NULL);
    }
  }
  json_t *contacts = json_object_get(report, "contacts");
  for (size_t i = 0; i < json_array_size(contacts); i++) {
    json_t *c = json_array_get(contacts, i), *crules = json_object_get(c, "rules");
    for (size_t k = 0; k < json_array_size(crules); k++)
      set_add(&ec, json_string_value(json_object_get(c, "table")),
              json_string_value(json_object_get(c, "key")),
              json_string_value(json_object_get(json_array_get(crules, k), "rule")));
  }
  contacts = json_object_get(line, "contacts");
  for (size_t i = 0; i < json_array_size(contacts); i++) {
    json_t *c = json_array_get(contacts, i);
    const char *rule = json_string_value(json_object_get(c, "rule"));
    set_add(&bc, json_string_value(json_object_get(c, "table")),
            json_string_value(json_object_get(c, "key")), rule);
    set_add(&rules, rule, NULL, NULL);
  }
  char waiting[4096];
  json_t *und = json_object_get(report, "undetermined");
  for (size_t i = 0; i < json_array_size(und); i++) {
    json_t *u = json_array_get(und, i);
    waiting_text(json_object_get(u, "waiting_for"), 1, waiting, sizeof waiting);
    set_add(&eu, json_string_value(json_object_get(u, "rule")), waiting, NULL);
  }
  und = json_object_get(line, "undetermined");
  for (size_t i = 0; i < json_array_size(und); i++) {
    json_t *u = json_array_get(und, i);
    waiting_text(json_object_get(u, "waiting_for"), 0, waiting, sizeof waiting);
    set_add(&bu, json_string_value(json_object_get(u, "rule")), waiting, NULL);
  }
  assert_same_sets(&ea, &ba, "recommendations and attention points", file);
  assert_same_sets(&ec, &bc, "contacts", file);
  assert_same_sets(&eu, &bu, "undetermined rules", file);
  /* every rule with an action listed is among the fired ones */
  json_t *list = json_object_get(line, "fired");
  for (size_t i = 0; i < json_array_size(list); i++)
    set_add(&fired, json_string_value(json_array_get(list, i)), NULL, NULL);
  for (size_t i = 0; i < rules.count; i++) {
    int found = 0;
    for (size_t k = 0; k < fired.count && !found; k++) found = strcmp(rules.items[i], fired.items[k]) == 0;
    assert_true(found);
    free(rules.items[i]);
  }
  for (size_t k = 0; k < fired.count; k++) free(fired.items[k]);
}

static void test_agrees_with_eval_json(void **state) {
  (void)state;
  char args[512];
  snprintf(args, sizeof args, "eval %s --batch %s --now " NOW, rbc, examples_jsonl);
  tu_result batch = tu_signaal(args, NULL);
  assert_int_equal(batch.status, 0);
  char summary[128];
  snprintf(summary, sizeof summary, "signaal eval: %zu case(s) read, %zu evaluated, 0 failed\n",
           examples.gl_pathc, examples.gl_pathc);
  assert_string_equal(batch.err, summary);
  char *line = batch.out;
  for (size_t i = 0; i < examples.gl_pathc; i++) {
    char *end = strchr(line, '\n');
    assert_non_null(end);
    *end = '\0';
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    assert_non_null(o);
    const char *file = examples.gl_pathv[i];
    assert_string_equal(json_string_value(json_object_get(o, "id")), strrchr(file, '/') + 1);
    assert_int_equal(json_integer_value(json_object_get(o, "line")), (json_int_t)(i + 1));
    assert_string_equal(json_string_value(json_object_get(o, "now")), NOW ":00");
    snprintf(args, sizeof args, "eval %s --facts %s --now " NOW " --json", rbc, file);
    tu_result eval = tu_signaal(args, NULL);
    assert_int_equal(eval.status, 0);
    json_t *report = json_loads(eval.out, 0, &err);
    assert_non_null(report);
    compare_case(file, report, o);
    json_decref(report);
    json_decref(o);
    tu_result_free(&eval);
    line = end + 1;
  }
  assert_string_equal(line, "");
  tu_result_free(&batch);
}

/* `eval RULEBOOK --batch - --now NOW OPTIONS` on `input`: its exit status
 * `status` and, unless NULL, its standard output `out`. */
static tu_result batch_cli(const char *options, const char *input, int status, const char *out) {
  char args[512];
  snprintf(args, sizeof args, "eval %s --batch - --now " NOW " %s", rbc, options);
  tu_result r = tu_signaal(args, input);
  if (r.status != status) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, status);
  if (out != NULL) assert_string_equal(r.out, out);
  return r;
}

/* A line's own "now" wins over --now; --fields keeps the parts named. */
static void test_now_and_fields(void **state) {
  (void)state;
  tu_result r = batch_cli("--fields id,now,as_of", "{\"now\": \"2016-11-12T23:30\"}\n\n  \n{}\n", 0,
                          "{\"id\":null,\"now\":\"2016-11-12T23:30:00\",\"as_of\":\"2016-11-12\"}\n"
                          "{\"id\":null,\"now\":\"2016-11-08T12:00:00\",\"as_of\":\"2016-11-08\"}\n");
  tu_result_free(&r);
  r = batch_cli("--fields line,fired --id-field zaak", "{\"zaak\": \"a\\\"b\"}\n", 0, NULL);
  assert_true(strncmp(r.out, "{\"line\":1,\"fired\":[", 19) == 0);
  tu_result_free(&r);
  r = batch_cli("--fields id,whatever", "{}\n", 2, "");
  assert_true(tu_contains(r.err, "--fields: no part 'whatever'"));
  tu_result_free(&r);
  r = batch_cli("--json", "{}\n", 2, "");
  tu_result_free(&r);
  char args[512];
  snprintf(args, sizeof args, "eval %s --fail-fast", rbc);
  r = tu_signaal(args, "{}\n");
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--fail-fast goes with --batch"));
  tu_result_free(&r);
}

/* The facts of a line are found whatever their order: the batch tries the
 * fact a position held on the line before (a corpus mostly keeps one
 * order), so a line in another order, one with a fact missing, a fact
 * given as an unknown key's neighbour and a repeat of the first give the
 * same outcomes as each line alone. */
static void test_any_order_of_facts(void **state) {
  (void)state;
  json_error_t err;
  json_t *o = json_load_file(examples.gl_pathv[0], 0, &err);
  assert_non_null(o);
  json_object_del(o, "now");
  char *forward = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  char *sorted = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
  /* the keys in reverse order */
  const char **keys = calloc(json_object_size(o), sizeof *keys);
  size_t n = 0;
  const char *key;
  json_t *value;
  json_object_foreach(o, key, value) keys[n++] = key;
  json_t *reversed = json_object();
  for (size_t i = n; i-- > 0;) json_object_set(reversed, keys[i], json_object_get(o, keys[i]));
  char *backward = json_dumps(reversed, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_object_del(reversed, keys[0]);
  char *fewer = json_dumps(reversed, JSON_COMPACT | JSON_PRESERVE_ORDER);
  size_t cap = 6 * (strlen(forward) + 64);
  char *input = malloc(cap);
  snprintf(input, cap, "%s\n%s\n%s\n%s\n%s\n", forward, backward, sorted, fewer, forward);
  tu_result all = batch_cli("--fields all", input, 0, NULL);
  char *line = all.out;
  char *outs[5];
  for (int i = 0; i < 5; i++) {
    char *end = strchr(line, '\n');
    assert_non_null(end);
    *end = '\0';
    outs[i] = line;
    line = end + 1;
  }
  /* each line alone, in a batch of its own */
  const char *alone_in[] = {forward, backward, sorted, fewer};
  for (int i = 0; i < 4; i++) {
    snprintf(input, cap, "%s\n", alone_in[i]);
    tu_result alone = batch_cli("--fields all", input, 0, NULL);
    char *expect = strstr(alone.out, ",\"now\"");  /* the outcome after "line":1 */
    assert_non_null(expect);
    assert_non_null(strchr(expect, '\n'));
    *strchr(expect, '\n') = '\0';
    assert_string_equal(strstr(outs[i], ",\"now\""), expect);
    tu_result_free(&alone);
  }
  assert_string_equal(strstr(outs[0], ",\"now\""), strstr(outs[1], ",\"now\""));
  assert_string_equal(strstr(outs[0], ",\"now\""), strstr(outs[4], ",\"now\""));
  tu_result_free(&all);
  free(input);
  free(forward);
  free(sorted);
  free(backward);
  free(fewer);
  free(keys);
  json_decref(reversed);
  json_decref(o);
}

/* ---- errors ---------------------------------------------------------------- */


/* The message of eval for the case file `json`, without its place
 * ("FILE:L:C: "), and that of --batch for the same case as line 2 of a
 * batch, without "FILE:2: ": the same. */
static void expect_same_message(const char *json) {
  char *facts = tu_put(dir, "fout.json", json);
  char args[512];
  snprintf(args, sizeof args, "eval %s --facts %s --now " NOW, rbc, facts);
  tu_result eval = tu_signaal(args, NULL);
  char input[1024];
  snprintf(input, sizeof input, "{}\n%s\n{}\n", json);
  snprintf(args, sizeof args, "eval %s --batch - --now " NOW " --fields line", rbc);
  tu_result batch = tu_signaal(args, input);
  assert_int_equal(eval.status, 1);
  assert_int_equal(batch.status, 1);
  assert_string_equal(batch.out, "{\"line\":1}\n{\"line\":3}\n");
  assert_true(tu_contains(batch.err, "signaal eval: 3 case(s) read, 2 evaluated, 1 failed\n"));
  /* line by line: the place dropped */
  char *e = eval.err, *b = batch.err;
  while (*e != '\0') {
    char *e_end = strchr(e, '\n'), *b_end = strchr(b, '\n');
    assert_non_null(e_end);
    assert_non_null(b_end);
    *e_end = *b_end = '\0';
    const char *e_msg = strstr(e, ": error: ") ? strstr(e, ": error: ") : strstr(e, ": note: ");
    const char *b_msg = strstr(b, ": error: ") ? strstr(b, ": error: ") : strstr(b, ": note: ");
    assert_non_null(e_msg);
    assert_non_null(b_msg);
    assert_true(strncmp(b, "<stdin>:2: ", 11) == 0);
    if (strcmp(e_msg, b_msg) != 0) fprintf(stderr, "eval:  %s\nbatch: %s\n", e_msg, b_msg);
    assert_string_equal(e_msg, b_msg);
    e = e_end + 1;
    b = b_end + 1;
  }
  assert_null(strstr(batch.err, SECRET));
  tu_result_free(&eval);
  tu_result_free(&batch);
  free(facts);
}

static void test_errors_as_in_a_case_file(void **state) {
  (void)state;
  expect_same_message("{\"leeftjd\": 12, \"" SECRET "\": 1}");
  expect_same_message("{\"leeftijd\": \"" SECRET "\"}");
  expect_same_message("{\"leeftijd\": 1.5}");
  expect_same_message("{\"vaste_verblijfplaats\": [1, {\"a\": \"]\"}], \"leeftijd\": {}}");
  expect_same_message("{\"nationaliteit\": \"UK\"}");
  expect_same_message("{\"nationaliteit\": \"" SECRET "\"}");
  expect_same_message("{\"identiteitspapieren\": \"" SECRET "\"}");
  expect_same_message("{\"moment_aanhouding\": \"2016-13-01T10:00\"}");
  expect_same_message("{\"leeftijd\": 3, \"leeftijd\": 4}");
  expect_same_message("[\"" SECRET "\"]");
  expect_same_message("{\"leeftijd\": 99999999999999999999}");
  expect_same_message("{\"leeftijd\": 3");
  expect_same_message("{\"identiteitspapieren\": \"x\\u0000\"}");
}

/* A line past --max-case-size, and a string past the fixed buffer, are one
 * error each; the run goes on, or stops at the first with --fail-fast. */
static void test_long_lines_and_fail_fast(void **state) {
  (void)state;
  size_t big = BATCH_STRING_MAX + 10;
  char *input = malloc(big + 300);
  int n = snprintf(input, 300, "{}\n{\"identiteitspapieren\": \"");
  memset(input + n, 'a', big);
  snprintf(input + n + big, 300 - (size_t)n, "\"}\n{\"leeftijd\": \"" SECRET "\"}\n{}\n");
  tu_result r = batch_cli("--fields line", input, 1, "{\"line\":1}\n{\"line\":4}\n");
  assert_true(tu_contains(r.err, "<stdin>:2: error: a "));
  assert_true(tu_contains(r.err, "longer than 16384 bytes, the limit of a line's keys and strings\n"));
  assert_true(tu_contains(r.err, "<stdin>:3: error: fact 'leeftijd' expects an int (got a string)\n"));
  assert_true(tu_contains(r.err, "4 case(s) read, 2 evaluated, 2 failed\n"));
  tu_result_free(&r);
  r = batch_cli("--fields line --max-case-size 100", input, 1, "{\"line\":1}\n{\"line\":4}\n");
  assert_true(tu_contains(r.err, "<stdin>:2: error: longer than 100 bytes, the limit for a case (--max-case-size)\n"));
  tu_result_free(&r);
  r = batch_cli("--fields line --fail-fast", input, 1, "{\"line\":1}\n");
  assert_true(tu_contains(r.err, "2 case(s) read, 1 evaluated, 1 failed (stopped"));
  assert_null(strstr(r.err, SECRET));
  tu_result_free(&r);
  free(input);
  char args[512];
  snprintf(args, sizeof args, "eval %s --batch %s/missing.jsonl", rbc, dir);
  r = tu_signaal(args, NULL);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "missing.jsonl: error: cannot read: "));
  tu_result_free(&r);
}

/* ---- no allocation per case ---------------------------------------------------- */

/* Line i of the bundled rulebook's batch: the examples in turn, with a
 * bad line now and then. */
static void bundled_line(FILE *f, size_t i) {
  if (i % 7 == 3) {
    fputs("{\"leeftjd\": 3, \"nationaliteit\": \"UK\", \"leeftijd\": true}\n", f);
    return;
  }
  char *line = example_line(examples.gl_pathv[i % examples.gl_pathc]);
  fprintf(f, "%s\n", line);
  free(line);
}

/* Line i of tests/oom/oom.rules's batch: a text fact longer on each line
 * (a buffer grown for the longest yet would allocate on every line), the
 * longest a line may give last, the other types, a bad line now and then. */
static void text_line(FILE *f, size_t i) {
  size_t len = i == 999 ? BATCH_STRING_MAX : i * 16;
  fprintf(f, "{\"id\": %zu, \"naam\": \"", i);
  for (size_t k = 0; k < len; k++) putc('a' + (int)(k % 26), f);
  fprintf(f, "\", \"leeftijd\": %zu, \"regio\": \"%s\", \"nationaliteit\": \"RO\", "
          "\"geboren\": \"2011-03-04\", \"aangehouden\": \"2021-03-01T10:00\", \"alleen\": %s}\n",
          i % 18, i % 11 == 5 ? "oost" : "noord", i % 2 ? "true" : "null");
}

/* The heap allocations of a batch_run over `lines` lines that `line`
 * writes. */
static unsigned long allocations_for(const sg_rulebook *rb, size_t lines,
                                     void (*line)(FILE *f, size_t i), batch_counts *counts) {
  char *path = tu_path(dir, "many.jsonl");
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  for (size_t i = 0; i < lines; i++) line(f, i);
  assert_int_equal(fclose(f), 0);
  int64_t now = 0;
  assert_int_equal(sg_parse_datetime(NOW, &now), 0);
  batch_options o = {rb, path, &now, NULL, "id", BATCH_ALL, 0, 1 << 20, 0, 0};
  FILE *in = fopen(path, "r"), *out = fopen("/dev/null", "w");
  assert_non_null(in);
  assert_non_null(out);
  int saved = dup(2), null_fd = open("/dev/null", O_WRONLY);  /* the errors of the bad lines */
  dup2(null_fd, 2);
  unsigned long before = heap_calls;
  int code = batch_run(&o, in, out, counts);
  unsigned long calls = heap_calls - before;
  dup2(saved, 2);
  close(saved);
  close(null_fd);
  assert_int_equal(code, 1);
  fclose(in);
  fclose(out);
  free(path);
  return calls;
}

/* The rulebook compiled from `rules` into the fixture directory. */
static sg_rulebook *load_rules(const char *rules) {
  char *out = tu_path(dir, "load.rbc");
  char args[512];
  snprintf(args, sizeof args, "compile %s -o %s", rules, out);
  tu_result r = tu_signaal(args, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  size_t size = 0;
  char *image = tu_read_file(out, &size);
  assert_non_null(image);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(image, size, NULL, NULL, &rb, NULL), SG_OK);
  free(image);
  free(out);
  return rb;
}

static void test_no_allocation_per_case(void **state) {
  (void)state;
  sg_rulebook *rb = load_rules("rules/uitbuiting.rules");
  batch_counts few, many;
  unsigned long arena_before = batch_arena_calls();
  unsigned long a = allocations_for(rb, 10, bundled_line, &few);
  unsigned long arena_few = batch_arena_calls() - arena_before;
  unsigned long b = allocations_for(rb, 1000, bundled_line, &many);
  assert_int_equal(few.read, 10);
  assert_int_equal(many.read, 1000);
  assert_int_equal(many.failed, 143);
  assert_int_equal(many.evaluated, 857);
  fprintf(stderr, "  heap allocations: %lu for 10 cases, %lu for 1000; yajl's arena: %lu calls "
          "for 10 cases\n", a, b, arena_few);
  assert_int_equal(a, b);
  assert_true(arena_few > 0);  /* yajl did allocate, in the arena */
  sg_rulebook_free(rb);
  /* text facts, up to the longest string */
  rb = load_rules("tests/oom/oom.rules");
  a = allocations_for(rb, 10, text_line, &few);
  b = allocations_for(rb, 1000, text_line, &many);
  assert_int_equal(many.failed, 91);  /* "oost" is no region */
  assert_int_equal(many.evaluated, 909);
  assert_int_equal(a, b);
  sg_rulebook_free(rb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_agrees_with_eval_json),
    cmocka_unit_test(test_now_and_fields),
    cmocka_unit_test(test_any_order_of_facts),
    cmocka_unit_test(test_errors_as_in_a_case_file),
    cmocka_unit_test(test_long_lines_and_fail_fast),
    cmocka_unit_test(test_no_allocation_per_case),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
