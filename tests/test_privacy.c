/* test_privacy.c — no case data in a message or a log (issue 10). Every
 * fact of the bundled rulebook (rules/uitbuiting.rules), and of a small
 * rulebook with a fact of every type, gets a marker value; keys that name
 * no fact are markers too. Then every path that reads a case runs, failing
 * and succeeding: eval in every format, --explain, -o, --log, standard
 * input; the interview, answering each question first with a marker that
 * does not fit and then with a marker value, with --save; test, with
 * examples that take a case file; diff --cases; bad types, unknown keys
 * (a name, data, a near miss of a fact's name), bad JSON. All output is
 * searched for the markers (with SHA-256 hashes masked, whose hex digits
 * could spell a number).
 *
 * What may show a case's value, and what never may:
 *  - Never: standard error of any command; the decision log without
 *    --with-facts; the text report without --explain (eval's, and the one
 *    that ends the interview); the interview's transcript (answers are not
 *    repeated); the output of `test` and of `diff --cases`; and a key that
 *    names no fact, anywhere at all.
 *  - Allowed: the reports a case worker reads with their reasoning, whose
 *    explanations show the case's values: eval --explain, --report json, md
 *    and html (on standard output or in -o's file). Not searched.
 *  - Meant to hold them: --with-facts (the JSON report and the log line)
 *    and the interview's --save file. These are the positive controls: the
 *    markers must be found there, which shows the search would find a leak.
 *
 * Markers: the int 777331; dates and moments in July 1903 (found as
 * "1903-07" and as "juli 1903", the Dutch words); texts, and strings that
 * fit no type, holding "MARKER7731" or "Jansen"; the country TV (Tuvalu,
 * found as "Tuvalu", "\"TV\"" and "= TV"); keys "MARKER7731KEY",
 * "Jansen7731", one with a space and an accent, and a fact's name with
 * "Q7" appended (within two edits: the message names the fact, never the
 * key). Bool and enum facts take values of their own lists, which output
 * names anyway (the interview lists an enum's values): they cannot be
 * markers, so their wrong values are.
 */
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "signaal.h"
#include "testutil.h"

#define MARK_INT 777331
#define MARK_DATE "1903-07-31"
#define MARK_MOMENT "1903-07-31T07:31"
#define MARK_TEXT "MARKER7731 Jansen"
#define MARK_COUNTRY "TV"
#define MARK_BAD "MARKER7731-Jansen"   /* a string no fact of these types takes */
#define NOW "--now 2016-11-08T12:00"

/* What must never show where a value may not; a found one fails the test. */
static const char *const value_markers[] = {
  "777331", "1903-07", "juli 1903", "MARKER7731", "Jansen", "Tuvalu", "\"TV\"", "= TV", "Q7", NULL,
};

/* A small rulebook with a fact of every type, read by a rule or a signal. */
static const char small_rules[] =
  "rulebook \"Privacy\"\n  version \"p1\"\n  effective 2016-01-01\n  source \"Test\"\n\n"
  "fact vlag: bool\n  ask \"Vlag?\"\n"
  "fact getal: int\n  ask \"Getal?\"\n"
  "fact naam: text\n  ask \"Naam?\"\n"
  "fact soort: enum { een, twee }\n  ask \"Soort?\"\n"
  "fact dag: date\n  ask \"Dag?\"\n"
  "fact moment: datetime\n  ask \"Moment?\"\n"
  "fact land: country\n  ask \"Land?\"\n"
  "group g \"G\"\n"
  "signal alles_bekend in g \"Alles bekend\"\n"
  "  when naam is known and dag is known and moment is known and land is known\n"
  "  source \"s1\"\n"
  "condition groot \"Groot\" when getal > 10 and soort = een and land in { \"BE\", \"NL\" }\n"
  "  source \"s2\"\n"
  "rule r1 step 1 when vlag and groot recommend \"Doe iets.\" source \"s3\"\n"
  "rule r2 step 2 when alles_bekend and dag < 2000-01-01 and moment < 2000-01-01T00:00\n"
  "  attention \"Let op.\" source \"s4\"\n";

/* One rulebook under test: its main rule file, its image and its facts. */
typedef struct {
  const char *label;
  char *rules;   /* the .rules main file */
  char *rbc;     /* compiled into the scratch directory */
  sg_rulebook *rb;
} book;

static struct {
  char *dir;
  book books[2];
} fx;

/* ---- searching ------------------------------------------------------------- */

/* Fail when `text` (what `where` names) holds a marker outside its hashes. */
static void assert_clean(const char *where, const char *text) {
  char *copy = strdup(text != NULL ? text : "");
  assert_non_null(copy);
  tu_mask_hashes(copy);
  for (size_t i = 0; value_markers[i] != NULL; i++) {
    const char *hit = strstr(copy, value_markers[i]);
    if (hit == NULL) continue;
    size_t from = hit - copy > 120 ? (size_t)(hit - copy) - 120 : 0;
    fail_msg("%s shows the marker '%s': ...%.240s...", where, value_markers[i], copy + from);
  }
  free(copy);
}

/* Fail unless `text` (what `where` names) holds `marker`: a positive control. */
static void assert_holds(const char *where, const char *text, const char *marker) {
  if (!tu_contains(text, marker))
    fail_msg("%s does not hold '%s':\n%s", where, marker, text != NULL ? text : "(none)");
}

/* The file at `path` as text ("" when missing), to search. */
static char *read_or_empty(const char *path) {
  char *text = tu_read_file(path, NULL);
  return text != NULL ? text : strdup("");
}

/* ---- cases ----------------------------------------------------------------- */

/* The marker value of fact `slot`: ints, texts, dates, moments and countries
 * their markers, bools and enums a value of their own. */
static json_t *good_value(const sg_rulebook *rb, size_t slot) {
  switch (sg_fact_type(rb, slot)) {
  case SG_BOOL: return json_true();
  case SG_INT: return json_integer(MARK_INT);
  case SG_TEXT: return json_string(MARK_TEXT);
  case SG_ENUM: return json_string(sg_fact_enum_value(rb, slot, 0));
  case SG_DATE: return json_string(MARK_DATE);
  case SG_DATETIME: return json_string(MARK_MOMENT);
  case SG_COUNTRY: return json_string(MARK_COUNTRY);
  }
  return json_null();
}

/* A value fact `slot` does not take, of `kind` 0 (a marker string, or the
 * int marker for a text), 1 (an array of markers) or 2 (an object whose key
 * and value are markers). */
static json_t *bad_value(const sg_rulebook *rb, size_t slot, int kind) {
  if (kind == 1) return json_pack("[s, i]", MARK_BAD, MARK_INT);
  if (kind == 2) return json_pack("{s: s}", "MARKER7731KEY", MARK_BAD);
  return sg_fact_type(rb, slot) == SG_TEXT ? json_integer(MARK_INT) : json_string(MARK_BAD);
}

/* The case with every fact's marker value (and "now" when `now` is set), as
 * compact JSON on one line (free it). */
static char *good_case(const sg_rulebook *rb, int now) {
  json_t *o = json_object();
  if (now) json_object_set_new(o, "now", json_string("2016-11-08T12:00"));
  for (size_t slot = 0; slot < sg_fact_count(rb); slot++)
    json_object_set_new(o, sg_fact_name(rb, slot), good_value(rb, slot));
  char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(o);
  assert_non_null(text);
  return text;
}

/* The case in which every fact has a bad value of `kind` and the keys that
 * name no fact come between them (free it). */
static char *bad_case(const sg_rulebook *rb, int kind) {
  json_t *o = json_object();
  char near[256];
  snprintf(near, sizeof near, "%sQ7", sg_fact_name(rb, 0));  /* two edits from a fact */
  json_object_set_new(o, "MARKER7731KEY", json_string(MARK_BAD));
  json_object_set_new(o, near, json_integer(MARK_INT));
  for (size_t slot = 0; slot < sg_fact_count(rb); slot++)
    json_object_set_new(o, sg_fact_name(rb, slot), bad_value(rb, slot, kind));
  json_object_set_new(o, "Jansen7731", json_true());
  json_object_set_new(o, "MARKER7731 \xc3\xa9", json_string(MARK_TEXT));
  char *text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  json_decref(o);
  assert_non_null(text);
  return text;
}

/* Case files that are no valid JSON, each holding markers. */
static const char *const broken_cases[] = {
  "{\"leeftijd\": 777331, \"MARKER7731KEY\": \"MARKER7731\"",               /* cut off */
  "{\"leeftijd\": MARKER7731}",                                           /* a bare word */
  "{\"naam\": \"MARKER7731\", \"naam\": \"Jansen\"}",                        /* a key twice */
  "{\"MARKER7731\xff\": \"Jansen\xfe\"}",                                   /* not UTF-8 */
  "{\"Jansen\": 7773319999999999999999999}",                              /* out of range */
  "[\"MARKER7731\", 777331]",                                             /* no object */
  "{\"Jansen\\u0000x\": 1}",                                              /* NUL in a key */
  "{\"a\": \"MARKER7731\\u0000\"}",                                       /* NUL in a string */
  "\"Jansen\"",
};

/* ---- eval ---------------------------------------------------------------- */

/* Run signaal with `input` on standard input; nothing on standard error
 * may show a marker. */
static tu_result run_clean(const char *input, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static tu_result run_clean(const char *input, const char *format, ...) {
  char args[4096];
  va_list ap;
  va_start(ap, format);
  vsnprintf(args, sizeof args, format, ap);
  va_end(ap);
  tu_result r = tu_signaal(args, input);
  char where[4200];
  snprintf(where, sizeof where, "stderr of 'signaal %s'", args);
  assert_clean(where, r.err);
  return r;
}

/* Every report of the good case: values only where the reasoning is shown. */
static void eval_good(const book *b, const char *facts) {
  static const struct { const char *options; int values_allowed; } runs[] = {
    {"", 0}, {"--report text", 0}, {"--explain", 1}, {"--json", 1}, {"--report json", 1},
    {"--report md", 1}, {"--report html", 1}, {"--explain --report md", 1},
  };
  char *log = tu_path(fx.dir, "beslissingen.jsonl");
  char *out = tu_path(fx.dir, "rapport.out");
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
    tu_result r = run_clean(NULL, "eval %s --facts %s " NOW " %s --log %s", b->rbc, facts,
                            runs[i].options, log);
    assert_int_equal(r.status, 0);
    if (!runs[i].values_allowed) assert_clean("the text report", r.out);
    tu_result_free(&r);
    r = run_clean(NULL, "eval %s --facts %s " NOW " %s -o %s", b->rbc, facts, runs[i].options, out);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    char *written = read_or_empty(out);
    if (!runs[i].values_allowed) assert_clean("the text report in -o's file", written);
    free(written);
    tu_result_free(&r);
  }
  /* the same case on standard input */
  char *json = read_or_empty(facts);
  tu_result r = run_clean(json, "eval %s " NOW " --log %s", b->rbc, log);
  assert_int_equal(r.status, 0);
  assert_clean("the text report of a case on standard input", r.out);
  tu_result_free(&r);
  free(json);
  char *logged = read_or_empty(log);
  assert_true(strlen(logged) > 0);
  assert_clean("the decision log without --with-facts", logged);
  free(logged);

  /* positive control: --with-facts is meant to hold the facts */
  char *with = tu_path(fx.dir, "met-feiten.jsonl");
  r = run_clean(NULL, "eval %s --facts %s " NOW " --json --with-facts --log %s", b->rbc, facts, with);
  assert_int_equal(r.status, 0);
  assert_holds("the JSON report --with-facts", r.out, "777331");
  assert_holds("the JSON report --with-facts", r.out, MARK_DATE);
  assert_holds("the JSON report --with-facts", r.out, "\"TV\"");
  tu_result_free(&r);
  logged = read_or_empty(with);
  assert_holds("the decision log --with-facts", logged, "777331");
  assert_holds("the decision log --with-facts", logged, "1903-07-31T07:31");
  free(logged);
  free(with);
  free(log);
  free(out);
}

/* Every failing case: exit 1, nothing on standard output, no log line, no
 * marker on standard error. */
static void eval_bad(const book *b, const char *facts, const char *json) {
  char *log = tu_path(fx.dir, "fout.jsonl");
  unlink(log);
  static const char *const formats[] = {"", "--explain", "--json", "--report md", "--report html"};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    tu_result r = run_clean(NULL, "eval %s --facts %s " NOW " %s --log %s", b->rbc, facts,
                            formats[i], log);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    tu_result_free(&r);
  }
  tu_result r = run_clean(json, "eval %s " NOW, b->rbc);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  char *logged = read_or_empty(log);
  assert_string_equal(logged, "");
  free(logged);
  free(log);
}

/* ---- interview ---------------------------------------------------------------- */

/* What an interview run answered, for the positive control. */
typedef struct {
  int answered[SG_COUNTRY + 1];   /* per type: a marker value was given */
} answered;

/* The answers to fact `slot`: first a marker that does not fit (a text
 * takes any line, so it gets its value at once), then its marker value. */
static const char *answer_for(const sg_rulebook *rb, size_t slot, int attempt) {
  sg_type type = sg_fact_type(rb, slot);
  if (attempt == 0 && type != SG_TEXT) return MARK_BAD;
  switch (type) {
  case SG_BOOL: return "ja";
  case SG_INT: return "777331";
  case SG_TEXT: return MARK_TEXT;
  case SG_ENUM: return "1";
  case SG_DATE: return MARK_DATE;
  case SG_DATETIME: return MARK_MOMENT;
  case SG_COUNTRY: return MARK_COUNTRY;
  }
  return "?";
}

/* The fact of the last "Vraag N (NAME" in `out`, or -1. */
static long asked_fact(const sg_rulebook *rb, const char *out) {
  const char *at = NULL;
  for (const char *p = strstr(out, "Vraag "); p != NULL; p = strstr(p + 1, "Vraag ")) at = p;
  if (at == NULL || (at = strchr(at, '(')) == NULL) return -1;
  size_t len = strcspn(at + 1, ",)");
  char name[256];
  if (len >= sizeof name) return -1;
  memcpy(name, at + 1, len);
  name[len] = '\0';
  return sg_fact_slot(rb, name);
}

/* Run signaal with `argv` (argv[0] is "signaal") in a pipe, answering each
 * prompt of the interview as it comes (answer_for, noting in `given` which
 * types got their marker); the transcript in r.out, stderr in r.err. */
static tu_result interview(const sg_rulebook *rb, char *const argv[], answered *given) {
  tu_result r = {NULL, NULL, -1};
  int to_child[2], from_child[2];
  char *err_path = tu_path(fx.dir, "interview.err");
  assert_int_equal(pipe(to_child), 0);
  assert_int_equal(pipe(from_child), 0);
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    dup2(err, 2);
    close(to_child[1]);
    close(from_child[0]);
    execv(TU_SIGNAAL, argv);
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  size_t cap = 1 << 16, len = 0, seen = 0;
  char *out = malloc(cap);
  int *attempts = calloc(sg_fact_count(rb) + 1, sizeof *attempts);
  assert_true(out != NULL && attempts != NULL);
  for (;;) {
    struct pollfd p = {from_child[0], POLLIN, 0};
    if (poll(&p, 1, 30000) <= 0) {
      kill(pid, SIGKILL);
      fail_msg("the interview did not go on within 30 s:\n%.*s", (int)len, out);
    }
    if (cap - len < 4096) out = realloc(out, cap *= 2);
    assert_non_null(out);
    ssize_t got = read(from_child[0], out + len, cap - len - 1);
    if (got <= 0) break;
    len += (size_t)got;
    out[len] = '\0';
    /* a prompt "Antwoord (…): " not answered yet */
    if (strstr(out + seen, "Antwoord (") == NULL || strcmp(out + len - 2, ": ") != 0) continue;
    seen = len;
    long slot = asked_fact(rb, out);
    assert_true(slot >= 0);
    const char *answer = answer_for(rb, (size_t)slot, attempts[slot]++);
    if (strcmp(answer, MARK_BAD) != 0) given->answered[sg_fact_type(rb, (size_t)slot)] = 1;
    char line[128];
    int n = snprintf(line, sizeof line, "%s\n", answer);
    assert_int_equal(write(to_child[1], line, (size_t)n), n);
  }
  close(to_child[1]);
  close(from_child[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = out;
  r.err = read_or_empty(err_path);
  free(attempts);
  free(err_path);
  return r;
}

/* The interview answered with markers (every question, --optional too), with
 * no answers, and from a case file that does not fit: transcript and
 * messages clean; the saved case holds the markers it was given. */
static void interview_paths(const book *b, const char *bad_facts) {
  char *saved = tu_path(fx.dir, "bewaard.json");
  unlink(saved);
  char *argv[] = {"signaal", "interview", b->rbc, "--optional", "--save", saved,
                  "--now", "2016-11-08T12:00", NULL};
  answered given;
  memset(&given, 0, sizeof given);
  tu_result r = interview(b->rb, argv, &given);
  if (r.status != 0) fail_msg("interview: exit %d\n%s%s", r.status, r.out, r.err);
  assert_true(tu_contains(r.out, "Vraag 1 ("));
  assert_clean("the interview's transcript", r.out);
  assert_clean("the interview's stderr", r.err);
  tu_result_free(&r);
  /* positive control: the saved case holds every marker answered */
  static const struct { sg_type type; const char *marker; } kept[] = {
    {SG_INT, "777331"}, {SG_TEXT, MARK_TEXT}, {SG_DATE, "\"" MARK_DATE "\""},
    {SG_DATETIME, MARK_MOMENT}, {SG_COUNTRY, "\"TV\""},
  };
  char *file = read_or_empty(saved);
  int any = 0;
  for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
    if (!given.answered[kept[i].type]) continue;
    any = 1;
    assert_holds("the interview's --save file", file, kept[i].marker);
  }
  assert_true(any);
  free(file);

  r = tu_signaalf(NULL, "interview %s --save %s " NOW, b->rbc, saved);  /* no answers */
  assert_int_equal(r.status, 0);
  assert_clean("the interview's transcript without answers", r.out);
  assert_clean("the interview's stderr without answers", r.err);
  tu_result_free(&r);

  r = tu_signaalf("ja\n", "interview %s --facts %s " NOW, b->rbc, bad_facts);
  assert_int_equal(r.status, 1);
  assert_clean("the interview's transcript from a bad case", r.out);
  assert_clean("the interview's stderr from a bad case", r.err);
  tu_result_free(&r);
  free(saved);
}

/* ---- test and diff --cases ------------------------------------------------------ */

/* `signaal test MAIN EXAMPLES` where the examples take a good and a bad
 * case file: FAIL lines and messages clean. */
static void test_command(const book *b, const char *good_facts, const char *bad_facts) {
  char examples[2048];
  const char *rule = sg_rule_name(b->rb, 0);
  snprintf(examples, sizeof examples,
           "example \"goed\"\n  now 2016-11-08T12:00\n  given \"%s\"\n  expect %s\n\n"
           "example \"goed, andersom\"\n  now 2016-11-08T12:00\n  given \"%s\"\n  expect not %s\n\n"
           "example \"fout\"\n  now 2016-11-08T12:00\n  given \"%s\"\n  expect %s\n",
           good_facts, rule, good_facts, rule, bad_facts, rule);
  char *file = tu_put(fx.dir, "voorbeelden.rules", examples);
  assert_non_null(file);
  tu_result r = run_clean(NULL, "test %s %s", b->rules, file);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "FAIL fout"));
  assert_clean("the output of test", r.out);
  tu_result_free(&r);
  free(file);
}

/* diff --cases over lines with markers: the replay and its errors clean. */
static void replay_cases(const book *b) {
  char *good = good_case(b->rb, 1);
  size_t len = strlen(good) * 3 + 8;
  char *lines = malloc(len);
  assert_non_null(lines);
  snprintf(lines, len, "%s\n%s\n%s\n", good, good, good);
  char *corpus = tu_put(fx.dir, "corpus.jsonl", lines);
  tu_result r = run_clean(NULL, "diff %s %s --cases %s", b->rbc, b->rbc, corpus);
  assert_int_equal(r.status, 0);
  assert_clean("the replay", r.out);
  tu_result_free(&r);
  r = run_clean(NULL, "diff %s --as-of 2016-11-01 --as-of 2026-11-29 --cases %s --json", b->rbc,
                corpus);
  assert_true(r.status == 0 || r.status == 1);
  assert_clean("the replay as JSON", r.out);
  tu_result_free(&r);
  free(corpus);
  /* a bad line after a good one: an error naming no value, no key */
  for (int kind = 0; kind < 3; kind++) {
    char *bad = bad_case(b->rb, kind);
    json_t *o = json_loads(bad, 0, NULL);
    assert_non_null(o);
    json_object_set_new(o, "now", json_string("2016-11-08T12:00"));
    char *one = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    snprintf(lines, len, "%s\n", good);
    char *text = malloc(strlen(lines) + strlen(one) + 2);
    assert_non_null(text);
    sprintf(text, "%s%s\n", lines, one);
    corpus = tu_put(fx.dir, "fout.jsonl", text);
    r = run_clean(NULL, "diff %s %s --cases %s", b->rbc, b->rbc, corpus);
    assert_int_equal(r.status, 2);
    assert_true(tu_contains(r.err, "fout.jsonl:2: error: unknown fact (key 1)"));
    assert_clean("the replay's output after an error", r.out);
    tu_result_free(&r);
    free(corpus);
    free(text);
    free(one);
    free(bad);
  }
  for (size_t i = 0; i < sizeof broken_cases / sizeof broken_cases[0]; i++) {
    corpus = tu_put(fx.dir, "kapot.jsonl", broken_cases[i]);
    r = run_clean(NULL, "diff %s %s --cases %s", b->rbc, b->rbc, corpus);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    free(corpus);
  }
  free(lines);
  free(good);
}

/* ---- the runs ----------------------------------------------------------------- */

/* Every path over one rulebook. */
static void run_all(const book *b) {
  char *good = good_case(b->rb, 0);
  char *good_path = tu_put(fx.dir, "goed.json", good);
  assert_non_null(good_path);
  eval_good(b, good_path);

  char *bad_path = tu_path(fx.dir, "fout.json");
  for (int kind = 0; kind < 3; kind++) {
    char *bad = bad_case(b->rb, kind);
    assert_int_equal(tu_write_file(bad_path, bad), 0);
    eval_bad(b, bad_path, bad);
    /* the keys by their place: MARKER7731KEY first, the near miss second */
    tu_result r = run_clean(NULL, "eval %s --facts %s " NOW, b->rbc, bad_path);
    char meant[512];
    snprintf(meant, sizeof meant, "fout.json:3:2: error: unknown fact (key 2); did you mean '%s'?\n",
             sg_fact_name(b->rb, 0));
    assert_holds("the message about a near miss", r.err, meant);
    assert_holds("the message about a key", r.err, "fout.json:2:2: error: unknown fact (key 1)\n");
    tu_result_free(&r);
    free(bad);
  }
  char *broken_path = tu_path(fx.dir, "kapot.json");
  for (size_t i = 0; i < sizeof broken_cases / sizeof broken_cases[0]; i++) {
    assert_int_equal(tu_write_file(broken_path, broken_cases[i]), 0);
    eval_bad(b, broken_path, broken_cases[i]);
  }
  /* the last bad case stays in fout.json for the interview and test */
  char *bad = bad_case(b->rb, 0);
  assert_int_equal(tu_write_file(bad_path, bad), 0);
  free(bad);
  interview_paths(b, bad_path);
  test_command(b, "goed.json", "fout.json");
  replay_cases(b);
  free(broken_path);
  free(bad_path);
  free(good_path);
  free(good);
}

static void test_bundled_rulebook(void **state) {
  (void)state;
  run_all(&fx.books[0]);
}

static void test_every_type(void **state) {
  (void)state;
  run_all(&fx.books[1]);
}

/* Compile `rules` to DIR/NAME.rbc and load it, into *b. */
static int book_setup(book *b, const char *label, char *rules, const char *rbc_name) {
  b->label = label;
  b->rules = rules;
  b->rbc = tu_path(fx.dir, rbc_name);
  if (b->rules == NULL || b->rbc == NULL) return -1;
  tu_result r = tu_signaalf(NULL, "compile %s -o %s", b->rules, b->rbc);
  int status = r.status;
  if (status != 0) fprintf(stderr, "setup: %s does not compile:\n%s", label, r.err);
  tu_result_free(&r);
  size_t size = 0;
  char *image = status == 0 ? tu_read_file(b->rbc, &size) : NULL;
  if (image == NULL) return -1;
  sg_status loaded = sg_rulebook_load(image, size, NULL, NULL, &b->rb, NULL);
  free(image);
  return loaded == SG_OK ? 0 : -1;
}

static int group_setup(void **state) {
  (void)state;
  fx.dir = tu_make_dir();
  if (fx.dir == NULL) return -1;
  if (book_setup(&fx.books[0], "the bundled rulebook", strdup("rules/uitbuiting.rules"),
                 "uitbuiting.rbc") != 0)
    return -1;
  return book_setup(&fx.books[1], "the small rulebook", tu_put(fx.dir, "klein.rules", small_rules),
                    "klein.rbc");
}

static int group_teardown(void **state) {
  (void)state;
  for (size_t i = 0; i < 2; i++) {
    sg_rulebook_free(fx.books[i].rb);
    free(fx.books[i].rules);
    free(fx.books[i].rbc);
  }
  tu_remove_dir(fx.dir);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bundled_rulebook),
    cmocka_unit_test(test_every_type),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
