/* test_diff.c — `signaal diff` end to end: the factsheet edition against
 * the updated rulebook (exactly the memo items W1-W8, text and JSON
 * goldens), the bundled rulebook between two decision dates (the dated
 * ones, W1, W2, W5, W6, W7), one change of every kind on a small pair
 * (tests/golden/diff/old.rules, new.rules), no change for a reordered,
 * reformatted and re-commented copy or for a rulebook and its own .rbc,
 * the published edition images differing as their sources do,
 * the exit codes, the errors (a bad file with its file:line:col, bad
 * bytecode, usage), REV:PATH against this checkout's HEAD and in a
 * repository of its own (the temporary files removed), REV:PATH failing
 * with a git of the test's own (which needs no git), and the git diff
 * driver tools/signaal-git-diff. Git tests skip when git is missing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>

#include "testutil.h"

/* The path arithmetic of REV:PATH is tested as a unit (normalise). */
#include "../cli/gitrev.c"

#define run tu_signaalf

#define EDITION "rules/edities/2016-11/uitbuiting.rules"
#define MEMO "rules/edities/2026-11/uitbuiting.rules"
#define BUNDLED "rules/uitbuiting.rules"
#define OLD_SMALL "tests/golden/diff/old.rules"
#define NEW_SMALL "tests/golden/diff/new.rules"

static char *scratch;   /* a scratch directory for the whole suite */

static int group_setup(void **state) {
  (void)state;
  scratch = tu_make_dir();
  return scratch != NULL ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  tu_remove_dir(scratch);
  return 0;
}

/* The lines of `text` that start with `prefix`, joined (a new string). */
static char *lines_starting(const char *text, const char *prefix, int keep) {
  size_t n = strlen(prefix);
  char *out = calloc(1, strlen(text) + 1);
  for (const char *line = text; *line != '\0';) {
    const char *end = strchr(line, '\n');
    size_t len = end != NULL ? (size_t)(end - line) + 1 : strlen(line);
    if ((strncmp(line, prefix, n) == 0) == keep) strncat(out, line, len);
    line += len;
  }
  return out;
}

/* ---- the acceptance: the memo, and the dates ------------------------------- */

/* The factsheet edition against the memo edition (2026-11): the version,
 * the memo items W1-W8 (every line one of them) and the examples. */
static void test_edition_golden(void **state) {
  (void)state;
  tu_result r = run(NULL, "diff " EDITION " " MEMO);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.err, "");
  assert_int_equal(tu_golden("diff/edition.txt", r.out), 0);

  /* --no-examples leaves exactly the example lines out */
  tu_result q = run(NULL, "diff --no-examples " EDITION " " MEMO);
  assert_int_equal(q.status, 1);
  char *without = lines_starting(r.out, "+ example ", 0);
  char *rest = lines_starting(without, "- example ", 0);
  assert_string_equal(q.out, rest);
  assert_null(strstr(q.out, "example"));
  free(without);
  free(rest);
  tu_result_free(&q);
  tu_result_free(&r);

  r = run(NULL, "diff --json " EDITION " " MEMO);
  assert_int_equal(r.status, 1);
  assert_int_equal(tu_golden("diff/edition.json", r.out), 0);
  json_error_t error;
  json_t *root = json_loads(r.out, 0, &error);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "old")), EDITION);
  assert_true(json_array_size(json_object_get(root, "changes")) > 20);
  json_decref(root);
  tu_result_free(&r);
}

/* One rulebook on two decision dates: only what is dated, W1, W2, W5, W6
 * and W7 (W7's condition and rule hold from 2026-07-01). */
static void test_as_of_golden(void **state) {
  (void)state;
  tu_result r = run(NULL, "diff --as-of 2016-11-01 --as-of 2026-11-29 " BUNDLED);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.err, "");
  assert_int_equal(tu_golden("diff/as-of.txt", r.out), 0);
  tu_result_free(&r);
  r = run(NULL, "diff " BUNDLED " --json --as-of 2016-11-01 --as-of=2026-11-29");
  assert_int_equal(r.status, 1);
  assert_int_equal(tu_golden("diff/as-of.json", r.out), 0);
  tu_result_free(&r);

  /* nothing dated changes within November 2016, nor in the factsheet edition */
  r = run(NULL, "diff --as-of 2016-11-01 --as-of 2016-11-30 " BUNDLED);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run(NULL, "diff --as-of 2016-11-01 --as-of 2026-11-29 " EDITION);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  /* the other way round, the signs turn */
  r = run(NULL, "diff --as-of 2026-11-29 --as-of 2016-11-01 " BUNDLED);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "~ set dublinlanden: + \"GB\" until 2021-01-01\n"));
  assert_true(tu_contains(r.out, "+ rule dublinclaim_doorbreken step 83"));
  assert_true(tu_contains(r.out, "- rule amv_claim step 82"));
  tu_result_free(&r);
}

/* ---- every kind of change, and none ---------------------------------------- */

static void test_small_golden(void **state) {
  (void)state;
  tu_result r = run(NULL, "diff " OLD_SMALL " " NEW_SMALL);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.err, "");
  assert_int_equal(tu_golden("diff/small.txt", r.out), 0);
  tu_result_free(&r);
}

/* old.rules again, as someone else might have written it: declarations in
 * another order and spread over two files, clauses reordered, other
 * comments and layout, redundant parentheses, `not (x in S)` for `x not in
 * S`, `at least 2 of` for `all of` (the group has two signals), set
 * elements and table entries in another order. */
static const char reordered_main[] =
  "# Dezelfde regels, anders opgeschreven.\n"
  "rulebook \"Klein regelboek\" source \"Testbron\" effective 2020-01-01 version \"1\"\n"
  "include \"deel.rules\"\n"
  "rule weg_melden \"Weg melden\" source \"Bron 5\" recommend \"Meld dat de jongere weg is.\"\n"
  "  when (weg)\n"
  "example \"oud\" given leeftijd = 30 expect not jong\n"
  "actor raad \"De Raad\"\n"
  "rule bellen \"Bellen\" step 1\n"
  "  assumption \"Bellen is altijd mogelijk.\"\n"
  "  source \"Bron 4\"\n"
  "  when ((beide))\n"
  "  by raad\n"
  "  recommend \"Bel het kantoor.\"\n"
  "  attention \"Let op de leeftijd.\"\n"
  "  contact kantoren[\"noord\"]\n"
  "example \"jong\" given leeftijd = 3 expect jong\n"
  "set landen: country = { \"GB\", \"BE\", \"NL\" }   # een andere volgorde\n";

static const char reordered_part[] =
  "condition beide \"Beide kenmerken\" source \"Bron 3\" when at least 2 of kenmerken\n"
  "signal buitenland in kenmerken \"Komt uit het buitenland\"\n"
  "  source \"Bron 2\"\n"
  "  justify land \"Nodig voor de herkomst.\"\n"
  "  when not (land in landen)\n"
  "signal jong in kenmerken \"Is jong\" when (leeftijd < 18) source \"Bron 1\"\n"
  "group kenmerken \"Kenmerken\"\n"
  "window weekenduren = weekend 10:00 .. 12:00\n"
  "table kantoren = { zuid: { telefoon: \"010-2\", naam: \"Kantoor Zuid\" } open kantoortijden,\n"
  "                   noord: { telefoon: \"010-1\", naam: \"Kantoor Noord\" } }\n"
  "window kantoortijden = { mon, tue, wed, thu, fri } 09:00 .. 17:00\n"
  "fact weg: bool ask \"Is de jongere weg?\"\n"
  "fact land: country ask \"Welk land?\" protected\n"
  "fact soort: enum { a, b } ask \"Welke soort?\"\n"
  "fact leeftijd: int ask \"Hoe oud is de jongere?\"\n";

static void test_reordered_copy_is_no_change(void **state) {
  (void)state;
  char *main_file = tu_put(scratch, "anders.rules", reordered_main);
  char *part = tu_put(scratch, "deel.rules", reordered_part);
  assert_non_null(main_file);
  assert_non_null(part);
  tu_result r = run(NULL, "diff " OLD_SMALL " %s", main_file);
  if (r.status != 0) fprintf(stderr, "%s%s", r.out, r.err);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  assert_string_equal(r.err, "");
  tu_result_free(&r);
  r = run(NULL, "diff --json %s " OLD_SMALL, main_file);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\"changes\": []"));
  tu_result_free(&r);
  free(main_file);
  free(part);
}

/* A rulebook against itself and against its own compiled image: the same
 * (a .rbc has no examples, so none are compared). */
static void test_same_rulebook(void **state) {
  (void)state;
  char *rbc = tu_path(scratch, "uitbuiting.rbc");
  tu_result r = run(NULL, "compile " BUNDLED " -o %s", rbc);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "diff " BUNDLED " " BUNDLED);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run(NULL, "diff %s " BUNDLED, rbc);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  /* a .rbc against the older edition: the memo, but no examples */
  r = run(NULL, "diff " EDITION " %s", rbc);
  assert_int_equal(r.status, 1);
  tu_result q = run(NULL, "diff --no-examples " EDITION " " BUNDLED);
  assert_string_equal(r.out, q.out);
  tu_result_free(&q);
  tu_result_free(&r);
  free(rbc);
}

/* The published images of the editions (docs/editions.md) differ as
 * their sources do, without the examples, which images do not hold. */
static void test_published_editions(void **state) {
  (void)state;
  tu_result r = run(NULL, "diff rules/edities/2016-11.rbc rules/edities/2026-11.rbc");
  tu_result q = run(NULL, "diff --no-examples " EDITION " " MEMO);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.err, "");
  assert_string_equal(r.out, q.out);
  tu_result_free(&q);
  tu_result_free(&r);
  r = run(NULL, "diff rules/edities/2016-11.rbc " EDITION);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  /* 2026-12 adds the contacts' check dates and checked citations and
   * nothing else: the version, lines about `checked` of the contact
   * tables, then lines about a `source` (citations naming the documents'
   * labels) */
  r = run(NULL, "diff rules/edities/2026-11.rbc rules/edities/2026-12.rbc");
  q = run(NULL, "diff " MEMO " " BUNDLED);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, q.out);
  const char *line = r.out;
  assert_true(strncmp(line, "~ metadata: version \"2026-11\" -> \"2026-12\"\n", 43) == 0);
  size_t lines = 0, citations = 0;
  for (line = strchr(line, '\n') + 1; *line != '\0'; line = strchr(line, '\n') + 1) {
    const char *source = strstr(line, ": source \"");
    if (strncmp(line, "~ rule ", 7) == 0 || strncmp(line, "~ condition ", 12) == 0) {
      if (source == NULL || source > strchr(line, '\n')) fail_msg("not a citation: %.80s", line);
      citations++;
    } else if (strncmp(line, "~ table ", 8) != 0 || strstr(line, " checked none -> 20") == NULL ||
               strstr(line, " checked none -> 20") > strchr(line, '\n')) {
      fail_msg("not a check date: %.80s", line);
    } else {
      lines++;
    }
  }
  assert_int_equal(lines, 5);  /* contacten (3: by date and period), rvdk_kantoren, rvdk_regios */
  assert_int_equal(citations, 14);
  tu_result_free(&q);
  tu_result_free(&r);
}

/* ---- errors ------------------------------------------------------------------ */

/* --cases: a made-up corpus replayed through both editions (a golden pins
 * the groups); one rulebook at two dates names exactly the cases a dated
 * change touches; a line that is no case is an error with its number and
 * no value; the same rulebook on both sides changes nothing. */
static void test_replay(void **state) {
  (void)state;
  char *corpus = tu_path(scratch, "corpus.jsonl");
  tu_result r = run(NULL, "corpus " BUNDLED " -n 300 --seed 11");
  assert_int_equal(r.status, 0);
  free(tu_put(scratch, "corpus.jsonl", r.out));
  tu_result_free(&r);
  r = run(NULL, "diff " EDITION " " MEMO " --cases %s", corpus);
  assert_int_equal(r.status, 1);
  assert_int_equal(tu_golden("diff/replay.txt", r.out), 0);
  tu_result_free(&r);
  r = run(NULL, "diff " EDITION " " MEMO " --cases %s --json", corpus);
  assert_int_equal(r.status, 1);
  assert_int_equal(tu_golden("diff/replay.json", r.out), 0);
  tu_result_free(&r);
  r = run(NULL, "diff " BUNDLED " " BUNDLED " --cases %s", corpus);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "replay: 300 cases, 0 with another outcome"));
  tu_result_free(&r);

  /* GB: a claim on 2020-12-31, none from 2021-01-01 (W2); IT: the same both
   * days; a case without facts of the claim: nothing */
  static const char cases[] =
    "{\"now\": \"2020-06-01T12:00\", \"asiel_aangevraagd\": true, \"land_eerste_asielaanvraag\": \"GB\","
    " \"familie_legaal_in_andere_lidstaat\": true}\n"
    "{\"now\": \"2020-06-01T12:00\", \"asiel_aangevraagd\": true, \"land_eerste_asielaanvraag\": \"IT\","
    " \"familie_legaal_in_andere_lidstaat\": true, \"registratiedatum_verzoek\": \"2020-05-01\"}\n"
    "\n"
    "{\"now\": \"2020-06-01T12:00\", \"vastgelopen_bij_ketenpartners\": false}\n";
  char *small = tu_put(scratch, "w2.jsonl", cases);
  r = run(NULL, "diff " BUNDLED " --as-of 2020-12-31 --as-of 2021-01-01 --cases %s", small);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out,
      "replay: 3 cases, 1 with another outcome; by rule (a case under each rule that changed for it):\n"
      "  1 case: dublinclaim\n"
      "    by: set dublinlanden\n"
      "    lines 1\n"
      "  1 case: dublinclaim_aangifte_om\n"  /* undetermined (vermoedens unknown), then not */
      "    by: set dublinlanden\n"
      "    lines 1\n");
  /* `-` reads the same cases from standard input */
  tu_result piped = run(cases, "diff " BUNDLED " --as-of 2020-12-31 --as-of 2021-01-01 --cases -");
  assert_int_equal(piped.status, 1);
  assert_string_equal(piped.out, r.out);
  tu_result_free(&piped);
  tu_result_free(&r);
  r = run(NULL, "diff " BUNDLED " " BUNDLED " --cases %s/geen.jsonl", scratch);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "geen.jsonl: error: cannot read the cases\n"));
  tu_result_free(&r);

  static const struct { const char *lines, *needle; } bad_cases[] = {
    {"{\"now\": \"2020-06-01T12:00\"}\n[1, 2]\n", "bad.jsonl:2: error: not a case"},
    {"{\"now\": \"2020-06-01T12:00\", \"leeftijd\": \"GEHEIM-7\"}\n",
     "bad.jsonl:1: error: the value of 'leeftijd' is not of its type, int"},
    /* an unknown key never shows, only its place in the line's object */
    {"{\"now\": \"2020-06-01T12:00\", \"GEHEIM-7\": 1}\n", "bad.jsonl:1: error: unknown fact (key 2)\n"},
    {"{\"leeftijd\": 1, \"leeftjdGEHEIM-7\": 1, \"now\": \"2020-06-01T12:00\"}\n",
     "bad.jsonl:1: error: unknown fact (key 2)\n"},
    {"{\"now\": \"2020-06-01T12:00\", \"leeftjd\": 1}\n",
     "bad.jsonl:1: error: unknown fact (key 2); did you mean 'leeftijd'?\n"},
    {"{\"now\": 20200601}\n", "bad.jsonl:1: error: \"now\" is not a moment YYYY-MM-DDTHH:MM[:SS]\n"},
    {"\n{\"now\": \"2020-13-01T12:00\"}\n", "bad.jsonl:2: error: \"now\" is not a moment"},
    {"{\"leeftijd\": 12}\n", "has no \"now\", and no --now was given"},  /* last: see below */
  };
  char *bad = tu_path(scratch, "bad.jsonl");
  for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    free(tu_put(scratch, "bad.jsonl", bad_cases[i].lines));
    r = run(NULL, "diff " BUNDLED " " BUNDLED " --cases %s", bad);
    assert_int_equal(r.status, 2);
    assert_true(tu_contains(r.err, bad_cases[i].needle));
    assert_null(strstr(r.err, "GEHEIM-7"));  /* a value never shows */
    tu_result_free(&r);
  }
  r = run(NULL, "diff " BUNDLED " " BUNDLED " --cases %s --now 2020-01-01T10:00", bad);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  free(bad);
  free(small);
  free(corpus);
}

static void test_errors(void **state) {
  (void)state;
  char *bad = tu_put(scratch, "kapot.rules",
                     "rulebook \"K\" version \"1\" effective 2020-01-01 source \"s\"\n"
                     "rule r when bestaat_niet recommend \"x\" source \"s\"\n");
  char *garbage = tu_put(scratch, "kapot.rbc", "geen bytecode\n");
  tu_result r = run(NULL, "diff %s " OLD_SMALL, bad);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "kapot.rules:2:13: error: "));
  tu_result_free(&r);
  r = run(NULL, "diff " OLD_SMALL " %s", garbage);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "kapot.rbc: error: not a valid Signaal rulebook"));
  tu_result_free(&r);
  r = run(NULL, "diff " OLD_SMALL " %s/bestaat-niet.rules", scratch);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "cannot read"));
  tu_result_free(&r);

  static const char *const usage[] = {
    "diff",
    "diff " OLD_SMALL,
    "diff " OLD_SMALL " " NEW_SMALL " " NEW_SMALL,
    "diff --as-of 2020-01-01 " OLD_SMALL,
    "diff --as-of 2020-01-01 --as-of 2021-01-01 " OLD_SMALL " " NEW_SMALL,
    "diff --as-of 2020-01-01 --as-of 2021-01-01 --as-of 2022-01-01 " OLD_SMALL,
    "diff --as-of morgen --as-of 2021-01-01 " OLD_SMALL,
    "diff --jsn " OLD_SMALL " " NEW_SMALL,
  };
  for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
    r = tu_signaal(usage[i], NULL);
    if (r.status != 2) fprintf(stderr, "for: %s\n", usage[i]);
    assert_int_equal(r.status, 2);
    assert_string_equal(r.out, "");
    assert_true(tu_contains(r.err, "signaal diff: error: "));
    tu_result_free(&r);
  }
  free(bad);
  free(garbage);
}

/* ---- git --------------------------------------------------------------------- */

/* A path from the top: "." and empty parts dropped, ".." taking back a
 * part, never above the top; written in place without passing the read. */
static void test_path_normalised(void **state) {
  (void)state;
  static const struct { const char *in, *out; } cases[] = {
    {"rules/edities/2016-11/uitbuiting.rules", "rules/edities/2016-11/uitbuiting.rules"},
    {"a", "a"}, {"./a", "a"}, {"a/./b", "a/b"}, {"a//b/", "a/b"}, {"a/../b", "b"},
    {"rules/x/../uitbuiting.rules", "rules/uitbuiting.rules"}, {"a/b/../../c/./d", "c/d"},
    {"../a", NULL}, {"a/../../b", NULL}, {"a/b/../../..", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", cases[i].in);
    int status = normalise(buf);
    if (cases[i].out == NULL) {
      assert_int_equal(status, -1);
    } else {
      assert_int_equal(status, 0);
      assert_string_equal(buf, cases[i].out);
    }
  }
}

/* Whether git runs and this checkout is a git work tree; says why not. */
static int have_git(void) {
  tu_result r = tu_run("git rev-parse --is-inside-work-tree", NULL);
  int ok = r.status == 0 && tu_contains(r.out, "true");
  tu_result_free(&r);
  if (!ok) fprintf(stderr, "test_diff: git is not available or this is no git checkout: skipped\n");
  return ok;
}

/* The number of entries named signaal-diff-* in `dir`. */
static size_t leftovers(const char *dir) {
  size_t n = 0;
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d != NULL && (e = readdir(d)) != NULL) n += strncmp(e->d_name, "signaal-diff-", 13) == 0;
  if (d != NULL) closedir(d);
  return n;
}

/* REV:PATH in this checkout: the frozen edition at HEAD is the edition in
 * the work tree; a path from the current directory with ./; the memo
 * between two files at HEAD as between the files; errors. The checkout's
 * files go to a temporary directory that is removed. */
static void test_revision_in_checkout(void **state) {
  (void)state;
  if (!have_git()) skip();
  char *tmp = tu_path(scratch, "tmp-checkout");
  assert_int_equal(mkdir(tmp, 0700), 0);
  tu_result r = run(NULL, "diff HEAD:" EDITION " " EDITION);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  assert_string_equal(r.err, "");
  tu_result_free(&r);

  char command[4096], here[1024];
  assert_non_null(getcwd(here, sizeof here));
  snprintf(command, sizeof command,
           "cd rules && TMPDIR='%s' '%s/" TU_SIGNAAL "' diff HEAD:./edities/2016-11/uitbuiting.rules "
           "edities/2016-11/uitbuiting.rules", tmp, here);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  tu_result_free(&r);

  snprintf(command, sizeof command, "TMPDIR='%s' " TU_SIGNAAL " diff HEAD:" EDITION " HEAD:" BUNDLED,
           tmp);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 1);
  tu_result files = run(NULL, "diff " EDITION " " BUNDLED);
  tu_result at_head = tu_run("git diff --quiet HEAD -- rules", NULL);
  if (at_head.status == 0) assert_string_equal(r.out, files.out); /* the work tree is HEAD's */
  tu_result_free(&at_head);
  tu_result_free(&files);
  tu_result_free(&r);

  snprintf(command, sizeof command, "TMPDIR='%s' " TU_SIGNAAL " diff geen-revisie:" BUNDLED " " BUNDLED,
           tmp);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "signaal diff: error: geen-revisie:" BUNDLED ": unknown revision 'geen-revisie'"));
  tu_result_free(&r);
  snprintf(command, sizeof command, "TMPDIR='%s' " TU_SIGNAAL " diff HEAD:rules/bestaat-niet.rules " BUNDLED,
           tmp);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "'rules/bestaat-niet.rules' is not in revision HEAD"));
  tu_result_free(&r);
  r = run(NULL, "diff -- -x:" BUNDLED " " BUNDLED);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "expected REV:PATH"));
  tu_result_free(&r);
  assert_int_equal(leftovers(tmp), 0);
  free(tmp);
}

/* Run `command` in `dir` (sh -c, git's identity set); fails the test
 * unless it exits 0. */
static void in_dir(const char *dir, const char *command) {
  char line[4096];
  snprintf(line, sizeof line,
           "cd '%s' && GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid "
           "GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid %s",
           dir, command);
  tu_result r = tu_run(line, NULL);
  if (r.status != 0) fprintf(stderr, "%s: %s%s", command, r.out, r.err);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
}

static const char repo_main[] =
  "rulebook \"R\" version \"1\" effective 2020-01-01 source \"s\"\n"
  "include \"regels/deel.rules\"\n"
  "fact a: bool ask \"A?\"\n";
static const char repo_part_v1[] = "rule r when a recommend \"oud advies\" source \"s\"\n";
static const char repo_part_v2[] = "rule r when a recommend \"nieuw advies\" source \"s\"\n";

/* A repository of its own: a rulebook of two files, the included one
 * changed; a broken main file at a revision is reported as REV:PATH:line;
 * and `git diff` through tools/signaal-git-diff. */
static void test_revision_in_repository(void **state) {
  (void)state;
  if (!have_git()) skip();
  char here[1024], command[8192];
  assert_non_null(getcwd(here, sizeof here));
  char *repo = tu_path(scratch, "repo"), *tmp = tu_path(scratch, "tmp-repo");
  char *sub = tu_path(repo, "regels");
  assert_int_equal(mkdir(repo, 0700), 0);
  assert_int_equal(mkdir(tmp, 0700), 0);
  assert_int_equal(mkdir(sub, 0700), 0);
  char *main_file = tu_put(repo, "main.rules", repo_main);
  char *part = tu_put(sub, "deel.rules", repo_part_v1);
  in_dir(repo, "git init -q && git add . && git commit -q -m een");
  assert_int_equal(tu_write_file(part, repo_part_v2), 0);

  snprintf(command, sizeof command, "cd '%s' && TMPDIR='%s' '%s/" TU_SIGNAAL "' diff HEAD:main.rules main.rules",
           repo, tmp, here);
  tu_result r = tu_run(command, NULL);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "~ rule r: recommend \"oud advies\" -> \"nieuw advies\"\n");
  tu_result_free(&r);

  /* a broken main file, committed: its errors name the revision */
  assert_int_equal(tu_write_file(main_file, "rulebook \"R\" version \"1\" effective 2020-01-01 source \"s\"\n"
                                            "include \"regels/deel.rules\"\n"
                                            "fact a: bool ask\n"), 0);
  in_dir(repo, "git commit -q -a -m twee");
  snprintf(command, sizeof command, "cd '%s' && TMPDIR='%s' '%s/" TU_SIGNAAL "' diff HEAD~1:main.rules HEAD:main.rules",
           repo, tmp, here);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "HEAD:main.rules:3:17: error: unexpected end of file"));
  assert_null(strstr(r.err, tmp));
  tu_result_free(&r);
  assert_int_equal(leftovers(tmp), 0);

  /* outside any repository */
  snprintf(command, sizeof command, "cd '%s' && GIT_CEILING_DIRECTORIES='%s' TMPDIR='%s' '%s/" TU_SIGNAAL
           "' diff HEAD:main.rules main.rules", tmp, scratch, tmp, here);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "HEAD:main.rules: not inside a git repository (git: fatal: not a git "
                                 "repository"));  /* git's own first line, in ours */
  tu_result_free(&r);
  assert_int_equal(leftovers(tmp), 0);

  /* git diff with the driver: a .rules file that is a whole rulebook is
   * compared by meaning, one that is not falls back to the text */
  char *single = tu_put(repo, "los.rules",
                        "rulebook \"L\" version \"1\" effective 2020-01-01 source \"s\"\n"
                        "fact b: bool ask \"B?\"\n"
                        "rule s when b recommend \"eerst\" source \"s\"\n");
  assert_int_equal(tu_write_file(main_file, repo_main), 0);
  free(tu_put(repo, ".gitattributes", "*.rules diff=signaal\n*.rbc diff=signaal\n"));
  in_dir(repo, "git add . && git commit -q -m drie");
  assert_int_equal(tu_write_file(single, "rulebook \"L\" version \"1\" effective 2020-01-01 source \"s\"\n"
                                         "fact b: bool ask \"B?\"\n"
                                         "rule s when not b recommend \"eerst\" source \"s\"\n"), 0);
  assert_int_equal(tu_write_file(part, repo_part_v1), 0);
  snprintf(command, sizeof command,
           "cd '%s' && SIGNAAL='%s/" TU_SIGNAAL "' TMPDIR='%s' git -c diff.signaal.command='%s/tools/signaal-git-diff' "
           "diff HEAD", repo, here, tmp, here);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "signaal diff a/los.rules b/los.rules\n~ rule s: when b -> not b\n"));
  assert_true(tu_contains(r.out, "signaal diff a/regels/deel.rules b/regels/deel.rules\n"
                                 "(signaal cannot compare these on their own: "));
  assert_true(tu_contains(r.out, "-rule r when a recommend \"nieuw advies\" source \"s\"\n"
                                 "+rule r when a recommend \"oud advies\" source \"s\"\n"));
  tu_result_free(&r);
  free(single);
  free(main_file);
  free(part);
  free(sub);
  free(repo);
  free(tmp);
}

/* A git for test_revision_failures, first in PATH: the top of its
 * repository is /top, the current directory is top/sub, every revision and
 * object exists; $FAKE_GIT says what fails: "noprefix" (rev-parse
 * --show-prefix), "archive" (git archive), else git archive writes no tar. */
static const char fake_git[] =
  "#!/bin/sh\n"
  "[ \"$1\" = -C ] && shift 2\n"
  "case $1 in\n"
  "rev-parse)\n"
  "  case $2 in\n"
  "  --show-toplevel) echo /top ;;\n"
  "  --show-prefix)\n"
  "    [ \"$FAKE_GIT\" = noprefix ] && { echo 'fatal: no prefix here' >&2; exit 128; }\n"
  "    echo sub/ ;;\n"
  "  esac ;;\n"
  "archive)\n"
  "  [ \"$FAKE_GIT\" = archive ] && { echo 'fatal: archive refused' >&2; exit 128; }\n"
  "  echo 'this is no tar' ;;\n"
  "esac\n"
  "exit 0\n";

/* `signaal diff OPERAND BUNDLED` with PATH and FAKE_GIT as given: it must
 * exit 2 with `message` after "signaal diff: error: OPERAND: ", and leave
 * no temporary directory in `tmp`. */
static void revision_fails(const char *path, const char *fake, const char *tmp, const char *operand,
                           const char *message) {
  char here[1024], command[8192], expected[1024];
  assert_non_null(getcwd(here, sizeof here));
  snprintf(command, sizeof command, "PATH='%s' FAKE_GIT=%s TMPDIR='%s' '%s/" TU_SIGNAAL "' diff %s " BUNDLED,
           path, fake, tmp, here, operand);
  tu_result r = tu_run(command, NULL);
  snprintf(expected, sizeof expected, "signaal diff: error: %s: %s", operand, message);
  if (!tu_contains(r.err, expected)) fprintf(stderr, "%s\nexpected: %s\n", r.err, expected);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, expected));
  tu_result_free(&r);
  assert_int_equal(leftovers(tmp), 0);
}

/* REV:PATH when git is missing or fails, with a git of the test's own
 * (fake_git): the path outside the repository (absolute, or climbing
 * above the top from the current directory), the current directory not
 * found, git archive refusing, tar unable to unpack what it wrote. Each
 * is an error with exit 2, naming the operand, and the temporary
 * directory is removed. Runs without git. */
static void test_revision_failures(void **state) {
  (void)state;
  char *bin = tu_path(scratch, "fake-bin"), *empty = tu_path(scratch, "no-bin");
  char *tmp = tu_path(scratch, "tmp-failures");
  assert_int_equal(mkdir(bin, 0700) | mkdir(empty, 0700) | mkdir(tmp, 0700), 0);
  char *git_path = tu_put(bin, "git", fake_git);
  assert_int_equal(chmod(git_path, 0700), 0);
  char path[2048];
  snprintf(path, sizeof path, "%s:/usr/bin:/bin", bin);

  revision_fails(empty, "-", tmp, "HEAD:main.rules", "git is not available");
  revision_fails(path, "-", tmp, "HEAD:/elders/main.rules", "the path is outside the repository");
  revision_fails(path, "-", tmp, "HEAD:../../main.rules", "the path is outside the repository");
  revision_fails(path, "noprefix", tmp, "HEAD:./main.rules",
                 "cannot find the current directory in the repository (git: fatal: no prefix here)");
  revision_fails(path, "archive", tmp, "HEAD:/top/main.rules",
                 "git archive failed (git: fatal: archive refused)");
  revision_fails(path, "tar", tmp, "HEAD:../main.rules", "cannot unpack the revision's files (tar)");
  free(git_path);
  free(bin);
  free(empty);
  free(tmp);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_edition_golden),
    cmocka_unit_test(test_as_of_golden),
    cmocka_unit_test(test_small_golden),
    cmocka_unit_test(test_reordered_copy_is_no_change),
    cmocka_unit_test(test_same_rulebook),
    cmocka_unit_test(test_published_editions),
    cmocka_unit_test(test_replay),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_path_normalised),
    cmocka_unit_test(test_revision_in_checkout),
    cmocka_unit_test(test_revision_in_repository),
    cmocka_unit_test(test_revision_failures),
  };
  return cmocka_run_group_tests_name("diff", tests, group_setup, group_teardown);
}
