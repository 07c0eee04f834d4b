/* test_cli.c — end-to-end tests of the `signaal` command: help and usage
 * errors, compile (determinism, errors leave the output alone), eval (text
 * and JSON reports, bad bytecode, case-file errors that never leak a
 * value), test (examples), disasm, info, exit codes; contacts that say
 * whether they can be reached now; and the Dutch clock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "imagebuild.h"
#include "testutil.h"

/* The clock is tested as a unit: it has no library of its own. */
#include "../json/clock.c"

#define BUNDLED_RULES "rules/uitbuiting.rules"

/* A small rulebook using each fact type, a record table, a group, signals
 * and rules with every kind of action. */
#define HEADER \
  "rulebook \"Testregels\"\n"      /* line 1 */ \
  "  version \"t1\"\n"             /* line 2 */ \
  "  effective 2020-01-01\n"       /* line 3 */ \
  "  source \"Testprotocol\"\n"    /* line 4 */ \
  "\n"                             /* line 5 */

static const char base_rules[] =
  HEADER
  "fact vaste_verblijfplaats: bool\n"
  "  ask \"Heeft de jongere een vaste verblijfplaats?\"\n"
  "fact leeftijd: int\n"
  "  ask \"Hoe oud is de jongere?\"\n"
  "fact naam: text\n"
  "  ask \"Hoe heet de jongere?\"\n"
  "fact woonplaats: enum { amsterdam, rotterdam }\n"
  "  ask \"In welke regio woont de jongere?\"\n"
  "fact geboortedatum: date\n"
  "  ask \"Wat is de geboortedatum?\"\n"
  "fact moment_aanhouding: datetime\n"
  "  ask \"Wanneer is de jongere aangehouden?\"\n"
  "\n"
  "table kantoren = {\n"
  "  amsterdam: { locatie: \"Amsterdam\", telefoon: \"020 – 889 34 00\" },\n"
  "  rotterdam: { locatie: \"Rotterdam\", telefoon: \"010 - 200 00 00\" }\n"
  "}\n"
  "\n"
  "group doelgroep \"Kenmerken van de doelgroep\"\n"
  "\n"
  "signal geen_verblijfplaats in doelgroep\n"
  "  \"Heeft geen vaste woon- of verblijfplaats\"\n"
  "  when not vaste_verblijfplaats\n"
  "  source \"Doelgroep, kenmerk 1\"\n"
  "\n"
  "signal minderjarig in doelgroep\n"
  "  \"Is minderjarig\"\n"
  "  when leeftijd < 18\n"
  "  source \"Doelgroep, kenmerk 2\"\n"
  "\n"
  "signal naam_bekend in doelgroep\n"
  "  \"Naam is bekend\"\n"
  "  when naam is known and geboortedatum is known and moment_aanhouding is known\n"
  "  source \"Doelgroep, kenmerk 3\"\n"
  "\n"
  "rule onderzoek step 1\n"
  "  when geen_verblijfplaats\n"
  "  recommend \"Start een beschermingsonderzoek.\"\n"
  "  contact kantoren[woonplaats]\n"
  "  source \"Werkwijze, punt 1\"\n"
  "\n"
  "rule leeftijd_letten step 2\n"
  "  when minderjarig\n"
  "  attention \"Let op de leeftijd bij het gesprek.\"\n"
  "  source \"Werkwijze, punt 2\"\n";

/* Examples appended to base_rules for `signaal test`. */
static const char examples_one_failing[] =
  "\n"
  "example \"zonder verblijfplaats\"\n"
  "  given vaste_verblijfplaats = false\n"
  "  expect onderzoek\n"
  "\n"
  "example \"met verblijfplaats\"\n"
  "  given vaste_verblijfplaats = true\n"
  "  expect onderzoek\n";

static const char examples_passing[] =
  "\n"
  "example \"zonder verblijfplaats\"\n"
  "  given vaste_verblijfplaats = false, woonplaats = amsterdam\n"
  "  expect onderzoek\n"
  "  expect geen_verblijfplaats\n"
  "  expect undetermined leeftijd_letten\n"
  "\n"
  "example \"volwassen\"\n"
  "  now 2020-03-02T10:00\n"
  "  given leeftijd = 30\n"
  "  expect not leeftijd_letten\n";

/* The secret that case-file tests put in a case: it must never be echoed. */
#define SECRET "GEHEIM-123"

typedef struct {
  char *dir;
  char *rules;  /* DIR/regels.rules: base_rules */
  char *rbc;    /* DIR/regels.rbc, compiled in the group setup */
} fixture;

static fixture fx;

static int group_setup(void **state) {
  (void)state;
  fx.dir = tu_make_dir();
  if (fx.dir == NULL) return -1;
  fx.rules = tu_put(fx.dir, "regels.rules", base_rules);
  fx.rbc = tu_path(fx.dir, "regels.rbc");
  if (fx.rules == NULL || fx.rbc == NULL) return -1;
  char args[1024];
  snprintf(args, sizeof args, "compile %s -o %s", fx.rules, fx.rbc);
  tu_result r = tu_signaal(args, NULL);
  if (r.status != 0) fprintf(stderr, "setup: compile failed (%d):\n%s", r.status, r.err);
  int status = r.status;
  tu_result_free(&r);
  return status == 0 ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  free(fx.rules);
  free(fx.rbc);
  tu_remove_dir(fx.dir);
  return 0;
}

#define run tu_signaalf

/* Assert that neither stream of `r` mentions `secret`. */
static void assert_no_leak(const tu_result *r, const char *secret) {
  assert_null(strstr(r->out, secret));
  assert_null(strstr(r->err, secret));
}

/* Write a case file into the fixture directory; returns its path. */
static char *put_case(const char *name, const char *json) {
  char *path = tu_put(fx.dir, name, json);
  assert_non_null(path);
  return path;
}

#define mask_hashes tu_mask_hashes

/* ---- help and usage errors ---------------------------------------------- */

static void test_help_everywhere(void **state) {
  (void)state;
  static const char *const invocations[] = {
    "--help", "-h", "help", "help compile", "help eval", "help test", "help disasm",
    "compile --help", "eval --help", "test --help", "disasm --help", "eval -h",
    "help schema", "schema --help", "help info", "info --help", "help diff", "diff --help",
    "help doc", "doc --help",
  };
  for (size_t i = 0; i < sizeof invocations / sizeof invocations[0]; i++) {
    tu_result r = tu_signaal(invocations[i], NULL);
    if (r.status != 0 || !tu_contains(r.out, "Usage")) fprintf(stderr, "for: %s\n", invocations[i]);
    assert_int_equal(r.status, 0);
    assert_true(tu_contains(r.out, "Usage"));
    assert_true(tu_contains(r.out, "Exit codes"));
    tu_result_free(&r);
  }
  tu_result r = tu_signaal("--version", NULL);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "signaal "));
  tu_result_free(&r);
}

static void test_usage_errors(void **state) {
  (void)state;
  tu_result r = tu_signaal("evl x.rbc", NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "unknown command 'evl'"));
  assert_true(tu_contains(r.err, "did you mean 'signaal eval'"));
  tu_result_free(&r);

  r = tu_signaal("", NULL);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);

  r = tu_signaal("help nope", NULL);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);

  r = run(NULL, "eval %s --jsn", fx.rbc);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "unknown option '--jsn'"));
  assert_true(tu_contains(r.err, "did you mean '--json'"));
  tu_result_free(&r);

  r = run(NULL, "compile %s", fx.rules);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "-o"));
  tu_result_free(&r);

  r = run(NULL, "eval %s --now morgen", fx.rbc);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);

  r = tu_signaal("eval", NULL);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
}

/* ---- compile -------------------------------------------------------------- */

static void test_compile_deterministic(void **state) {
  (void)state;
  char *a = tu_path(fx.dir, "a.rbc"), *b = tu_path(fx.dir, "b.rbc");
  tu_result r = run(NULL, "compile %s -o %s", fx.rules, a);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  assert_string_equal(r.err, "");
  tu_result_free(&r);
  r = run(NULL, "compile --output=%s %s", b, fx.rules);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  assert_true(tu_same_file(a, b));
  assert_true(tu_same_file(a, fx.rbc));
  r = run(NULL, "compile -v %s -o %s", fx.rules, a);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.err, "wrote"));
  tu_result_free(&r);
  free(a);
  free(b);
}

/* Whether the `size` bytes at `data` contain the text `needle`. */
static int has_bytes(const char *data, size_t size, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= size; i++)
    if (memcmp(data + i, needle, n) == 0) return 1;
  return 0;
}

/* The bundled rulebook compiled by four spellings of its path, from two
 * directories, gives the same bytes: the image names its files relative
 * to the main file (the main file by its base name), never as typed, and
 * holds no absolute path. */
static void test_compile_path_spellings(void **state) {
  (void)state;
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  char *out[4];
  for (int i = 0; i < 4; i++) {
    char name[16];
    snprintf(name, sizeof name, "%d.rbc", i);
    out[i] = tu_path(fx.dir, name);
  }
  tu_result r = run(NULL, "compile rules/uitbuiting.rules -o %s", out[0]);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "compile ./rules/uitbuiting.rules -o %s", out[1]);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "compile %s/rules/uitbuiting.rules -o %s", cwd, out[2]);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  char command[8192];
  snprintf(command, sizeof command, "cd rules && '%s/%s' compile uitbuiting.rules -o %s", cwd,
           TU_SIGNAAL, out[3]);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  for (int i = 1; i < 4; i++) assert_true(tu_same_file(out[0], out[i]));
  size_t size = 0;
  char *image = tu_read_file(out[2], &size);
  assert_non_null(image);
  assert_false(has_bytes(image, size, cwd));  /* no absolute path inside */
  assert_true(has_bytes(image, size, "uitbuiting/feiten.rules"));
  free(image);
  for (int i = 0; i < 4; i++) free(out[i]);
}

static void test_compile_error_keeps_output(void **state) {
  (void)state;
  char *broken = tu_put(fx.dir, "kapot.rules",
                        HEADER
                        "rule kapot\n"              /* line 6 */
                        "  when bestaat_niet\n"     /* line 7 */
                        "  recommend \"Doe iets.\"\n"
                        "  source \"Nergens\"\n");
  char *out = tu_put(fx.dir, "oud.rbc", "OUDE INHOUD\n");
  assert_non_null(broken);
  assert_non_null(out);
  tu_result r = run(NULL, "compile %s -o %s", broken, out);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "kapot.rules:7:"));
  assert_true(tu_contains(r.err, ": error: "));
  assert_true(tu_contains(r.err, "bestaat_niet"));
  assert_true(tu_contains(r.err, "^"));
  tu_result_free(&r);
  char *after = tu_read_file(out, NULL);
  assert_non_null(after);
  assert_string_equal(after, "OUDE INHOUD\n");
  free(after);

  /* --quiet still prints the errors. */
  r = run(NULL, "compile --quiet %s -o %s", broken, out);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, ": error: "));
  tu_result_free(&r);
  free(broken);
  free(out);
}

/* ---- eval ------------------------------------------------------------------ */

static const char full_case[] =
  "{\n"
  "  \"vaste_verblijfplaats\": false,\n"
  "  \"leeftijd\": 15,\n"
  "  \"naam\": \"" SECRET "\",\n"
  "  \"woonplaats\": \"amsterdam\",\n"
  "  \"geboortedatum\": \"2005-04-01\",\n"
  "  \"moment_aanhouding\": \"2020-03-02T09:15\"\n"
  "}\n";

static void test_eval_text(void **state) {
  (void)state;
  char *facts = put_case("zaak.json", full_case);
  tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00", fx.rbc, facts);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Testregels"));
  assert_true(tu_contains(r.out, "2020-03-02T10:00:00"));
  assert_true(tu_contains(r.out, "Aanbevelingen"));
  assert_true(tu_contains(r.out, "Start een beschermingsonderzoek."));
  assert_true(tu_contains(r.out, "bron: Werkwijze, punt 1"));
  assert_true(tu_contains(r.out, "Aandachtspunten"));
  assert_true(tu_contains(r.out, "Let op de leeftijd bij het gesprek."));
  assert_true(tu_contains(r.out, "locatie: Amsterdam, telefoon: 020 – 889 34 00"));
  assert_true(tu_contains(r.out, "Heeft geen vaste woon- of verblijfplaats"));
  assert_no_leak(&r, SECRET);
  mask_hashes(r.out);
  assert_int_equal(tu_golden("eval_full.txt", r.out), 0);
  tu_result_free(&r);

  /* The same from the .rules file, compiled in memory, and from stdin. */
  r = run(full_case, "eval %s --now 2020-03-02T10:00", fx.rules);
  assert_int_equal(r.status, 0);
  mask_hashes(r.out);
  assert_int_equal(tu_golden("eval_full.txt", r.out), 0);
  tu_result_free(&r);
  free(facts);
}

static void test_eval_undetermined(void **state) {
  (void)state;
  tu_result r = run("{\"vaste_verblijfplaats\": null}", "eval %s --facts - --now 2020-03-02T10:00",
                    fx.rbc);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Onbeslist"));
  /* the default text names the questions, not the engine's fact names */
  assert_true(tu_contains(r.out, "      Heeft de jongere een vaste verblijfplaats?\n"));
  assert_true(tu_contains(r.out, "      Hoe oud is de jongere?\n"));
  assert_false(tu_contains(r.out, "vaste_verblijfplaats:"));
  assert_true(tu_contains(r.out, "(geen)"));
  mask_hashes(r.out);
  assert_int_equal(tu_golden("eval_empty.txt", r.out), 0);
  tu_result_free(&r);

  /* A fired rule whose contact key is unknown says so. */
  r = run("{\"vaste_verblijfplaats\": false}", "eval %s --now 2020-03-02T10:00", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "  - nog niet te bepalen\n"
                                 "    wacht op:\n"
                                 "      In welke regio woont de jongere?\n"));
  tu_result_free(&r);
  /* with --explain, the table and the fact are named too */
  r = run("{\"vaste_verblijfplaats\": false}", "eval %s --explain --now 2020-03-02T10:00", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "  - nog niet te bepalen\n"
                                 "    tabel: kantoren\n"
                                 "    wacht op:\n"
                                 "      woonplaats: In welke regio woont de jongere?\n"));
  tu_result_free(&r);
  r = run("{\"vaste_verblijfplaats\": false}", "eval %s --json --now 2020-03-02T10:00", fx.rbc);
  assert_int_equal(r.status, 0);
  json_t *root = json_loads(r.out, 0, NULL);
  assert_non_null(root);
  json_t *contact = json_array_get(json_object_get(root, "contacts"), 0);
  assert_true(json_is_null(json_object_get(contact, "key")));
  json_t *waiting = json_array_get(json_object_get(contact, "waiting_for"), 0);
  assert_string_equal(json_string_value(json_object_get(waiting, "fact")), "woonplaats");
  json_decref(root);
  tu_result_free(&r);
}

static void test_eval_json(void **state) {
  (void)state;
  tu_result r = run(full_case, "eval %s --json --now 2020-03-02T10:00", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_true(strncmp(r.out, "{\n  \"rulebook\": {\n    \"title\": \"Testregels\"", 42) == 0);
  json_error_t err;
  json_t *root = json_loads(r.out, 0, &err);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "now")), "2020-03-02T10:00:00");
  json_t *book = json_object_get(root, "rulebook");
  assert_string_equal(json_string_value(json_object_get(book, "version")), "t1");
  assert_string_equal(json_string_value(json_object_get(book, "effective")), "2020-01-01");
  assert_int_equal(strlen(json_string_value(json_object_get(book, "bytecode_sha256"))), 64);
  json_t *recs = json_object_get(root, "recommendations");
  assert_int_equal(json_array_size(recs), 1);
  json_t *rec = json_array_get(recs, 0);
  assert_string_equal(json_string_value(json_object_get(rec, "rule")), "onderzoek");
  assert_int_equal(json_integer_value(json_object_get(rec, "step")), 1);
  assert_string_equal(json_string_value(json_object_get(rec, "text")),
                      "Start een beschermingsonderzoek.");
  assert_string_equal(json_string_value(json_object_get(rec, "citation")), "Werkwijze, punt 1");
  assert_int_equal(json_array_size(json_object_get(root, "attention")), 1);
  json_t *contact = json_array_get(json_object_get(root, "contacts"), 0);
  assert_string_equal(json_string_value(json_object_get(contact, "key")), "amsterdam");
  json_t *fields = json_object_get(contact, "fields");
  assert_string_equal(json_string_value(json_object_get(fields, "telefoon")), "020 – 889 34 00");
  assert_int_equal(json_array_size(json_object_get(root, "undetermined")), 0);
  json_t *signals = json_object_get(root, "signals");
  assert_int_equal(json_array_size(signals), 3);
  assert_true(json_is_true(json_object_get(json_array_get(signals, 0), "value")));
  json_decref(root);
  assert_no_leak(&r, SECRET);
  mask_hashes(r.out);
  assert_int_equal(tu_golden("eval_full.json", r.out), 0);
  tu_result_free(&r);
}

static void test_eval_now_default(void **state) {
  (void)state;
  /* Without --now the report prints the moment; passing it back gives the
   * same report. */
  tu_result first = run("{}", "eval %s --json", fx.rbc);
  assert_int_equal(first.status, 0);
  json_t *root = json_loads(first.out, 0, NULL);
  assert_non_null(root);
  const char *now = json_string_value(json_object_get(root, "now"));
  assert_non_null(now);
  assert_int_equal(strlen(now), 19);
  tu_result again = run("{}", "eval %s --json --now %s", fx.rbc, now);
  assert_int_equal(again.status, 0);
  assert_string_equal(first.out, again.out);
  json_decref(root);
  tu_result_free(&first);
  tu_result_free(&again);
}

static void test_eval_bad_bytecode(void **state) {
  (void)state;
  size_t size = 0;
  char *bytes = tu_read_file(fx.rbc, &size);
  assert_non_null(bytes);
  assert_true(size > 64);
  char *truncated = tu_path(fx.dir, "afgekapt.rbc");
  char *flipped = tu_path(fx.dir, "omgeklapt.rbc");
  char *empty = tu_path(fx.dir, "leeg.rbc");
  char *text = tu_put(fx.dir, "tekst.rbc", base_rules);
  assert_non_null(text);
  assert_int_equal(tu_write_bytes(truncated, bytes, size / 2), 0);
  bytes[size / 2] ^= 0x10;
  assert_int_equal(tu_write_bytes(flipped, bytes, size), 0);
  assert_int_equal(tu_write_bytes(empty, "", 0), 0);
  const char *const paths[] = {truncated, flipped, empty, text};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
    tu_result r = run("{}", "eval %s --now 2020-03-02T10:00", paths[i]);
    assert_int_equal(r.status, 1);
    assert_true(tu_contains(r.err, "error: not a valid Signaal rulebook"));
    assert_string_equal(r.out, "");
    tu_result_free(&r);
    r = run(NULL, "disasm %s", paths[i]);
    assert_int_equal(r.status, 1);
    assert_true(tu_contains(r.err, "not a valid Signaal rulebook"));
    tu_result_free(&r);
  }
  /* Every single-bit flip in the header is caught. */
  bytes[size / 2] ^= 0x10;
  for (size_t bit = 0; bit < 64 * 8; bit += 7) {
    bytes[bit / 8] ^= (char)(1 << (bit % 8));
    assert_int_equal(tu_write_bytes(flipped, bytes, size), 0);
    bytes[bit / 8] ^= (char)(1 << (bit % 8));
    tu_result r = run("{}", "eval %s --now 2020-03-02T10:00", flipped);
    assert_int_equal(r.status, 1);
    tu_result_free(&r);
  }
  free(bytes);
  free(truncated);
  free(flipped);
  free(empty);
  free(text);
}

/* ---- case-file errors ------------------------------------------------------ */

/* Evaluate the case `json` and expect exit 1, `message` on stderr, and no
 * trace of the secret anywhere. */
static void expect_case_error(const char *json, const char *message) {
  char *facts = put_case("fout.json", json);
  tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00", fx.rbc, facts);
  if (!tu_contains(r.err, message))
    fprintf(stderr, "expected '%s' in:\n%s", message, r.err != NULL ? r.err : "");
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, message));
  assert_string_equal(r.out, "");
  assert_no_leak(&r, SECRET);
  assert_no_leak(&r, "GEHEIM");
  tu_result_free(&r);
  free(facts);
}

static void test_case_errors(void **state) {
  (void)state;
  /* An unknown key is never shown, only its position in the object; a fact
   * within two edits is named (issue 10: a child's name typed as a key). */
  expect_case_error("{\"leeftjd\": 12, \"naam\": \"" SECRET "\"}",
                    "fout.json:1:2: error: unknown fact (key 1); did you mean 'leeftijd'?\n");
  expect_case_error("{\"naam\": \"x\", \"GEHEIMnaam\": 12}",
                    "fout.json:1:15: error: unknown fact (key 2)\n");
  expect_case_error("{\"leeftijd\": \"" SECRET "\"}",
                    "fout.json:1:14: error: fact 'leeftijd' expects an int (got a string)");
  /* the place is the value's line and column, in characters */
  expect_case_error("{\n  \"naam\": \"é\",\n  \"leeftijd\":  \"" SECRET "\"\n}",
                    "fout.json:3:16: error: fact 'leeftijd' expects an int");
  expect_case_error("{\"naam\": \"é\\\"}\", \"vaste_verblijfplaats\": [1, {\"a\": \"]\"}]}",
                    "fout.json:1:42: error: fact 'vaste_verblijfplaats' expects a bool (got an array)");
  expect_case_error("{\"vaste_verblijfplaats\": \"" SECRET "\"}",
                    "fact 'vaste_verblijfplaats' expects a bool");
  expect_case_error("{\"naam\": 12}", "fact 'naam' expects a text");
  expect_case_error("{\"woonplaats\": \"" SECRET "\"}",
                    "fact 'woonplaats' expects one of: amsterdam, rotterdam");
  expect_case_error("{\"geboortedatum\": \"" SECRET "\"}", "fact 'geboortedatum' expects a date");
  expect_case_error("{\"moment_aanhouding\": \"2020-13-01T10:00\"}",
                    "fact 'moment_aanhouding' expects a datetime");
  expect_case_error("{\"naam\": \"" SECRET "\", " SECRET "}", "fout.json:1:");
  expect_case_error("{\"naam\": \"" SECRET "\", " SECRET "}", "error: invalid JSON");
  expect_case_error("{\n  \"naam\": \"" SECRET "\"\n  \"leeftijd\": 3\n}", "fout.json:3:");
  expect_case_error("{\"naam\": \"" SECRET, "error: invalid JSON");
  expect_case_error("[\"" SECRET "\"]", "must be a JSON object");
  expect_case_error("{\"naam\": \"a\", \"naam\": \"" SECRET "\"}", "error: invalid JSON");
  expect_case_error("{\"" SECRET "\": true}", "fout.json:1:2: error: unknown fact (key 1)\n");
}

/* ---- size limits ------------------------------------------------------------ */

static char *rules_with(const char *name, const char *examples);

/* The size of the file at `path`. */
static size_t file_size(const char *path) {
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  return (size_t)st.st_size;
}

/* Case files, corpus lines, rule files and rulebooks are bounded (issue
 * 10): at the limit they are read, one byte past it is an error naming the
 * file and the limit, and /dev/zero ends with that error at once (the
 * default limits; `timeout` would say 124). */
static void test_size_limits(void **state) {
  (void)state;
  static const char json[] = "{\"leeftijd\": 12}\n";  /* 17 bytes */
  size_t n = sizeof json - 1;
  char *facts = put_case("grootte.json", json);
  tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00 --max-case-size %zu", fx.rbc,
                    facts, n);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00 --max-case-size=%zu", fx.rbc, facts,
          n - 1);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "grootte.json: error: larger than 16 bytes, the limit for a case "
                                 "file (--max-case-size)\n"));
  tu_result_free(&r);
  r = run(json, "eval %s --now 2020-03-02T10:00 --max-case-size %zu", fx.rbc, n - 1);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "<stdin>: error: larger than 16 bytes"));
  tu_result_free(&r);
  r = run(NULL, "interview %s --facts %s --max-case-size %zu", fx.rbc, facts, n - 1);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "grootte.json: error: larger than 16 bytes"));
  tu_result_free(&r);
  static const char *const zero_runs[] = {
    "eval %s --facts /dev/zero --now 2020-03-02T10:00", "interview %s --facts /dev/zero",
  };
  for (size_t i = 0; i < sizeof zero_runs / sizeof zero_runs[0]; i++) {
    char format[256];
    snprintf(format, sizeof format, "timeout 60 %s %s", TU_SIGNAAL, zero_runs[i]);
    char command[512];
    snprintf(command, sizeof command, format, fx.rbc);
    r = tu_run(command, NULL);
    assert_int_equal(r.status, 1);
    assert_true(tu_contains(r.err, "/dev/zero: error: larger than 16777216 bytes, the limit for a "
                                   "case file (--max-case-size)\n"));
    tu_result_free(&r);
  }
  static const char *const bad_sizes[] = {"0", "-1", "12k", "2147483647", ""};
  for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
    r = run("{}", "eval %s --max-case-size '%s'", fx.rbc, bad_sizes[i]);
    assert_int_equal(r.status, 2);
    assert_true(tu_contains(r.err, "--max-case-size expects a whole number of bytes from 1 to "
                                   "2147483646"));
    tu_result_free(&r);
  }

  /* an example's case file past the limit: the example fails */
  char *rules = rules_with("grootte.rules", "\nexample \"uit een bestand\"\n  given \"grootte.json\"\n"
                                      "  expect undetermined onderzoek\n");
  r = run(NULL, "test %s --max-case-size %zu", rules, n);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "test %s --max-case-size %zu", rules, n - 1);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "FAIL uit een bestand"));
  assert_true(tu_contains(r.err, "grootte.json: error: larger than 16 bytes"));
  tu_result_free(&r);

  /* rule files and rulebooks: --max-rule-size, at the size and one below */
  size_t rules_size = file_size(rules), rbc_size = file_size(fx.rbc);
  r = run("{}", "eval %s --now 2020-03-02T10:00 --max-rule-size %zu", rules, rules_size);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run("{}", "eval %s --now 2020-03-02T10:00 --max-rule-size %zu", rules, rules_size - 1);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  char expected[512];
  snprintf(expected, sizeof expected, "signaal: error: '%s' is larger than %zu bytes, the limit "
           "for a rule file\n", rules, rules_size - 1);
  assert_true(tu_contains(r.err, expected));
  tu_result_free(&r);
  r = run("{}", "eval %s --now 2020-03-02T10:00 --max-rule-size %zu", fx.rbc, rbc_size);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run("{}", "eval %s --now 2020-03-02T10:00 --max-rule-size %zu", fx.rbc, rbc_size - 1);
  assert_int_equal(r.status, 1);
  snprintf(expected, sizeof expected, "%s: error: larger than %zu bytes, the limit for a rulebook "
           "(--max-rule-size)\n", fx.rbc, rbc_size - 1);
  assert_true(tu_contains(r.err, expected));
  tu_result_free(&r);
  r = run(NULL, "compile %s -o %s/grootte.rbc --max-rule-size %zu", rules, fx.dir, rules_size - 1);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "grootte.rbc not written"));
  tu_result_free(&r);
  /* --max-errors: 25 unknown names; 20 shown by default, N, or all (0);
   * the exit status the same; a bad N is a usage error */
  char flood[4096];
  size_t fl = (size_t)snprintf(flood, sizeof flood, "rulebook \"T\" version \"1\" effective 2016-11-01 source \"F\"\n");
  for (int i = 0; i < 25; i++)
    fl += (size_t)snprintf(flood + fl, sizeof flood - fl, "rule r%d when zz%d recommend \"x\" source \"s\"\n", i, i);
  char *flooded = tu_put(fx.dir, "vloed.rules", flood);
  static const struct { const char *option; int shown; const char *note; } floods[] = {
    {"", 20, "signaal: note: 5 more errors not shown: the first 20 are; fix them and compile again\n"},
    {"--max-errors 3", 3, "signaal: note: 22 more errors not shown: the first 3 are;"},
    {"--max-errors 0", 25, NULL},
  };
  for (size_t i = 0; i < sizeof floods / sizeof floods[0]; i++) {
    r = run(NULL, "compile %s -o %s/vloed.rbc %s", flooded, fx.dir, floods[i].option);
    assert_int_equal(r.status, 1);
    int shown = 0;
    for (const char *p = r.err; (p = strstr(p, ": error: unknown name")) != NULL; p++) shown++;
    assert_int_equal(shown, floods[i].shown);
    if (floods[i].note != NULL) assert_true(tu_contains(r.err, floods[i].note));
    else assert_false(tu_contains(r.err, "not shown"));
    tu_result_free(&r);
  }
  r = run(NULL, "check %s --max-errors -1", flooded);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "signaal check: error: --max-errors expects a number, 0 (all) to 1000000\n"));
  tu_result_free(&r);
  free(flooded);
  static const char *const zero_books[] = {
    "timeout 60 " TU_SIGNAAL " compile /dev/zero -o %s/nul.rbc", "timeout 60 " TU_SIGNAAL " eval /dev/zero",
    "timeout 60 " TU_SIGNAAL " info /dev/zero",
  };
  for (size_t i = 0; i < sizeof zero_books / sizeof zero_books[0]; i++) {
    char command[512];
    snprintf(command, sizeof command, zero_books[i], fx.dir);
    r = tu_run(command, "{}");
    assert_int_equal(r.status, 1);
    assert_true(tu_contains(r.err, "larger than 16777216 bytes, the limit"));
    tu_result_free(&r);
  }

  /* a line of diff --cases: at the limit, one past it, /dev/zero */
  static const char line[] = "{\"now\": \"2020-03-02T10:00\", \"leeftijd\": 12}";
  size_t len = sizeof line - 1;
  char text[256];
  snprintf(text, sizeof text, "%s\n%s\n", line, line);
  char *cases = tu_put(fx.dir, "grootte.jsonl", text);
  r = run(NULL, "diff %s %s --cases %s --max-case-size %zu", fx.rbc, fx.rbc, cases, len);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "replay: 2 cases"));
  tu_result_free(&r);
  r = run(NULL, "diff %s %s --cases %s --max-case-size %zu", fx.rbc, fx.rbc, cases, len - 1);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "grootte.jsonl:1: error: longer than 42 bytes, the limit for a "
                                 "case (--max-case-size)\n"));
  tu_result_free(&r);
  char command[512];
  snprintf(command, sizeof command, "timeout 60 %s diff %s %s --cases /dev/zero", TU_SIGNAAL,
           fx.rbc, fx.rbc);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "/dev/zero:1: error: longer than 16777216 bytes"));
  tu_result_free(&r);
  /* an interview answer: at the limit, one past it, /dev/zero as input */
  r = run("ja\n", "interview %s --max-case-size 2", fx.rbc);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run("nee\n", "interview %s --max-case-size 2", fx.rbc);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "signaal interview: error: an answer longer than 2 bytes, the "
                                 "limit for a case file (--max-case-size)\n"));
  tu_result_free(&r);
  snprintf(command, sizeof command, "timeout 60 %s interview %s < /dev/zero", TU_SIGNAAL, fx.rbc);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "an answer longer than 16777216 bytes"));
  tu_result_free(&r);
  free(cases);
  free(rules);
  free(facts);
}

/* How many names in `dir` begin with `prefix`. */
static int count_names(const char *dir, const char *prefix) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
    n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
  if (d != NULL) closedir(d);
  return n;
}

/* An output file is the old one or the new one, never a third state, while
 * compiles are killed at random moments (issue 10): with SIGKILL (a
 * temporary file `OUT.tmp.*` may stay behind, never read as output), and
 * with SIGTERM and SIGINT, which wait until the temporary file is renamed
 * or removed, so none stays; a file-size limit (`ulimit -f`) is an error,
 * exit 3, the old file intact and nothing beside it. */
static void test_interrupted_writes(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  char *fresh = tu_path(dir, "nieuw.rbc");
  tu_result r = run(NULL, "compile " BUNDLED_RULES " -o %s", fresh);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  size_t new_size = 0, old_size = 0, got_size = 0;
  char *new_bytes = tu_read_file(fresh, &new_size);
  static const char old[] = "the old file\n";
  static const int signals[] = {SIGKILL, SIGTERM, SIGINT};
  unsigned seed = (unsigned)time(NULL);
  int outcomes[2] = {0, 0};
  for (size_t k = 0; k < 3; k++)
    for (int i = 0; i < 25; i++) {
      char *out = tu_put(dir, "uit.rbc", old);
      int stale = count_names(dir, "uit.rbc.tmp.");  /* left by SIGKILL runs before */
      pid_t pid = fork();
      assert_true(pid >= 0);
      if (pid == 0) {
        execl(TU_SIGNAAL, TU_SIGNAAL, "compile", BUNDLED_RULES, "-o", out, (char *)NULL);
        _exit(127);
      }
      struct timespec pause = {0, (long)(rand_r(&seed) % 40000) * 1000};  /* 0-40 ms */
      nanosleep(&pause, NULL);
      kill(pid, signals[k]);
      int status;
      waitpid(pid, &status, 0);
      char *got = tu_read_file(out, &got_size);
      assert_non_null(got);
      int is_old = got_size == sizeof old - 1 && memcmp(got, old, got_size) == 0;
      int is_new = got_size == new_size && memcmp(got, new_bytes, got_size) == 0;
      if (!is_old && !is_new)
        fail_msg("after signal %d at run %d (seed %u) the output is neither old nor new (%zu bytes)",
                 signals[k], i, seed, got_size);
      outcomes[is_new]++;
      if (signals[k] != SIGKILL && count_names(dir, "uit.rbc.tmp.") != stale)
        fail_msg("signal %d left a temporary file (run %d, seed %u)", signals[k], i, seed);
      free(got);
      free(out);
    }
  (void)old_size;
  /* ulimit -f: write() fails with EFBIG instead of killing the process.
   * The limit (24 blocks: 12 KiB in dash, 24 KiB in bash) is well below
   * the image (about 50 KiB), and above what a coverage build (make
   * coverage) writes at exit, each counter file under 6 KiB: a lower one
   * kills that build's signaal with SIGXFSZ after its own exit 3. */
  assert_true(new_size > 24 * 1024);
  char *out = tu_put(dir, "uit.rbc", old);
  int stale_total = count_names(dir, "uit.rbc.tmp.");
  char command[1024];
  snprintf(command, sizeof command, "ulimit -f 24 && %s compile %s -o %s", TU_SIGNAAL,
           BUNDLED_RULES, out);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "File too large"));
  tu_result_free(&r);
  char *got = tu_read_file(out, &got_size);
  assert_int_equal(got_size, sizeof old - 1);
  assert_int_equal(count_names(dir, "uit.rbc.tmp."), stale_total);
  free(got);
  free(out);
  free(new_bytes);
  free(fresh);
  tu_remove_dir(dir);
}

/* Write `n` repetitions of `unit` between `head` and `tail` into `path`. */
static void put_repeated(const char *path, const char *head, const char *unit, int n,
                         const char *tail) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(head, f);
  for (int i = 0; i < n; i++) fputs(unit, f);
  fputs(tail, f);
  assert_int_equal(fclose(f), 0);
}

/* The compiler's limits hold with a 256 KiB stack (issue 10: a chain of
 * 58,000 `or`s, about 2,000 with such a stack, overflowed the checker's
 * recursion): the deepest expression allowed compiles, one level more is
 * one error, and a 60,000-term chain, 20,050 brackets and a chain of
 * 20,000 conditions declared last-first end in an answer, not a crash. */
static void test_limits_on_a_small_stack(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  static const char head[] = HEADER "fact a: bool\n  ask \"A?\"\ncondition c when a";
  static const struct { const char *name, *unit; int n; const char *tail; int status; const char *says; } cases[] = {
    {"diep500.rules", " or a", 499, "\n", 0, NULL},
    {"diep501.rules", " or a", 500, "\n", 1, "nests more than 500 levels deep"},
    {"keten.rules", " or a", 60000, "\n", 1, "nests more than 500 levels deep"},
  };
  char command[1024];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *path = tu_path(dir, cases[i].name);
    put_repeated(path, head, cases[i].unit, cases[i].n, cases[i].tail);
    snprintf(command, sizeof command, "ulimit -s 256 && %s compile %s -o %s/uit.rbc", TU_SIGNAAL,
             path, dir);
    tu_result r = tu_run(command, NULL);
    if (r.status != cases[i].status) fail_msg("%s: exit %d: %.300s", cases[i].name, r.status, r.err);
    if (cases[i].says != NULL) assert_true(tu_contains(r.err, cases[i].says));
    tu_result_free(&r);
    free(path);
  }
  char *path = tu_path(dir, "haakjes.rules");  /* 20,050 open brackets */
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(head, f);
  fputs(" or ", f);
  for (int i = 0; i < 20050; i++) fputc('(', f);
  fputc('a', f);
  for (int i = 0; i < 20050; i++) fputc(')', f);
  fputc('\n', f);
  fclose(f);
  snprintf(command, sizeof command, "ulimit -s 256 && %s compile %s -o %s/uit.rbc", TU_SIGNAAL, path, dir);
  tu_result r = tu_run(command, NULL);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "nested too deeply"));
  tu_result_free(&r);
  free(path);
  path = tu_path(dir, "omgekeerd.rules");  /* c19999 reads c19998 … reads c0, declared in that order */
  f = fopen(path, "w");
  assert_non_null(f);
  fputs(HEADER "fact a: bool\n  ask \"A?\"\n", f);
  for (int i = 19999; i > 0; i--) fprintf(f, "condition c%d when c%d\n", i, i - 1);
  fputs("condition c0 when a\n", f);
  fclose(f);
  snprintf(command, sizeof command, "ulimit -s 256 && %s compile %s -o %s/uit.rbc", TU_SIGNAAL, path, dir);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  free(path);
  tu_remove_dir(dir);
}

static void test_missing_files(void **state) {
  (void)state;
  tu_result r = run("{}", "eval %s/bestaat-niet.rbc", fx.dir);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "bestaat-niet.rbc: error: cannot read: No such file or directory"));
  tu_result_free(&r);
  r = run(NULL, "eval %s --facts %s/geen.json", fx.rbc, fx.dir);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "geen.json: error: cannot read: No such file or directory"));
  tu_result_free(&r);
  r = run(NULL, "compile %s/geen.rules -o %s/x.rbc", fx.dir, fx.dir);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "geen.rules: error: cannot read: No such file or directory"));
  tu_result_free(&r);
  r = run(NULL, "test %s/geen.rules", fx.dir);
  assert_int_equal(r.status, 3);
  tu_result_free(&r);
  r = run(NULL, "compile %s -o %s/geen-map/x.rbc", fx.rules, fx.dir);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "error: cannot write"));
  tu_result_free(&r);
}

/* ---- test and disasm ---------------------------------------------------------- */

static char *rules_with(const char *name, const char *examples) {
  size_t len = strlen(base_rules) + strlen(examples) + 1;
  char *text = malloc(len);
  assert_non_null(text);
  snprintf(text, len, "%s%s", base_rules, examples);
  char *path = tu_put(fx.dir, name, text);
  free(text);
  assert_non_null(path);
  return path;
}

static void test_test_command(void **state) {
  (void)state;
  char *failing = rules_with("voorbeelden.rules", examples_one_failing);
  tu_result r = run(NULL, "test %s", failing);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "PASS zonder verblijfplaats\n"));
  assert_true(tu_contains(r.out, "FAIL met verblijfplaats\n"));
  assert_true(tu_contains(r.out, "voorbeelden.rules:"));
  assert_true(tu_contains(r.out, "expected onderzoek to fire, but it did not fire"));
  assert_true(tu_contains(r.out, "\n1 passed, 1 failed\n"));
  tu_result_free(&r);

  char *passing = rules_with("goed.rules", examples_passing);
  r = run(NULL, "test %s", passing);
  if (r.status != 0) fprintf(stderr, "%s%s", r.out, r.err);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "2 passed, 0 failed\n"));
  tu_result_free(&r);

  /* expectations about the advice: a text in it, a contact entry given,
   * each also with `not`; a failure says what there is instead */
  char *advice = tu_put(fx.dir, "advies.rules",
    HEADER
    "fact k: enum { a, b } ask \"k?\"\n"
    "fact x: bool ask \"x?\"\n"
    "table t = { a: \"A\", b: \"B\" }\n"
    "rule r \"R\" when x recommend \"Bel de \\\"Raad\\\" nu\" contact t[k] source \"s\"\n"
    "example \"goed\"\n"                                             /* line 10 */
    "  given x = true, k = a\n"
    "  expect text \"de \\\"Raad\\\"\"\n"
    "  expect contact t[\"a\"]\n"
    "  expect not contact t[b]\n"
    "  expect not text \"LJ&R\"\n"
    "  expect r\n"
    "example \"fout\"\n"
    "  given x = true\n"
    "  expect contact t[\"a\"]\n"
    "  expect text \"Zwolle\"\n"                                       /* line 20 */
    "example \"fout 2\"\n"
    "  given x = true, k = b\n"
    "  expect not text \"Raad\"\n"
    "  expect not contact t[\"b\"]\n"
    "  expect contact t[\"a\"]\n");
  r = run(NULL, "test %s", advice);
  assert_int_equal(r.status, 1);
  char want_out[2048];
  snprintf(want_out, sizeof want_out,
    "PASS goed\n"
    "FAIL fout\n"
    "  %1$s:19:18: expected the contact t[\"a\"], but the contacts are: t[?]\n"
    "  %1$s:20:15: expected the advice to say \"Zwolle\", but no rule that fired says it\n"
    "FAIL fout 2\n"
    "  %1$s:23:19: expected no advice to say \"Raad\", but rule r says it\n"
    "  %1$s:24:22: expected no contact t[\"b\"], but rule r gives it\n"
    "  %1$s:25:18: expected the contact t[\"a\"], but the contacts are: t[\"b\"]\n"
    "coverage: 1 of 1 rules named by an example\n", advice);
  assert_true(tu_contains(r.out, want_out));
  assert_true(tu_contains(r.out, "\n1 passed, 2 failed\n"));
  /* the contact entries no example's advice gave */
  assert_true(tu_contains(r.out, "reached: 2 of 2 contact entries given by an example\n"));
  tu_result_free(&r);
  free(advice);

  /* the advice of one rule: `in RULE`; a rule that did not fire says what
   * it did and waits for; the rule counts as named */
  char *of_rule = tu_put(fx.dir, "regeladvies.rules",
    HEADER
    "fact k: enum { a, b } ask \"k?\"\n"
    "fact x: bool ask \"x?\"\n"
    "table t = { a: \"A\", b: \"B\" }\n"
    "rule r \"R\" when x recommend \"Bel de Raad\" contact t[k] source \"s\"\n"
    "rule q \"Q\" when not x attention \"Bel LJ&R\" source \"s\"\n"  /* line 10 */
    "example \"goed\"\n"
    "  given x = true, k = a\n"
    "  expect text \"Raad\" in r\n"
    "  expect contact t[\"a\"] in r\n"
    "  expect not text \"LJ&R\" in q\n"
    "example \"fout\"\n"
    "  given k = b\n"
    "  expect contact t[b] in r\n"
    "  expect text \"Raad\" in r\n");
  r = run(NULL, "test %s", of_rule);
  assert_int_equal(r.status, 1);
  snprintf(want_out, sizeof want_out,
    "PASS goed\n"
    "FAIL fout\n"
    "  %1$s:18:18: expected rule r to give the contact t[\"b\"], but the rule was undetermined "
    "(waits for x)\n"
    "  %1$s:19:15: expected rule r to say \"Raad\", but the rule was undetermined (waits for x)\n"
    "coverage: 2 of 2 rules named by an example\n", of_rule);
  assert_true(tu_contains(r.out, want_out));
  tu_result_free(&r);
  free(of_rule);

  /* the periods of validity no example's decision date falls in: a rule,
   * a set element and a table entry, each version on its own */
  char *dated = tu_put(fx.dir, "gedateerd.rules",
    HEADER
    "fact k: text ask \"k?\"\n"
    "set s = { \"a\" until 2017-01-01, \"a\" from 2017-01-01, \"b\" from 2030-01-01 }\n"
    "table t = { x: \"X\" until 2018-01-01, x: \"X2\" from 2018-01-01 }\n"
    "rule oud \"Oud\" until 2017-01-01 when k in s contact t[\"x\"] source \"s\"\n"
    "rule nieuw \"Nieuw\" from 2017-01-01 when k in s contact t[\"x\"] source \"s\"\n"
    "example \"2020\"\n"
    "  given k = \"a\"\n"
    "  now 2020-03-02T10:00\n"
    "  expect nieuw\n"
    "  expect not oud\n"
    "example \"zonder moment\"\n"
    "  given k = \"c\"\n"
    "  expect not oud\n");
  r = run(NULL, "test %s", dated);
  if (r.status != 0) fprintf(stderr, "%s%s", r.out, r.err);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "dated: 3 of 7 periods of validity in force on some example's "
                                 "decision date; not: oud (until 2017-01-01), s{\"a\"} (until "
                                 "2017-01-01), s{\"b\"} (from 2030-01-01), t[x] (until "
                                 "2018-01-01)\n"));
  tu_result_free(&r);
  free(dated);
  /* the set elements no example's case gives to a fact tested against the
   * set: a named set's and a { … } list's */
  r = run(NULL, "test tests/semantics/in.rules");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "sets: 9 of 11 set elements met by an example's facts; not: "
                                 "landen{\"BE\"}, (list){zuid}\n"));
  tu_result_free(&r);

  /* undetermined for want of a moment says so */
  char *moment = tu_put(fx.dir, "moment.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"
    "window w = weekdays 09:00 .. 17:00\n"
    "rule r \"R\" when a and now within w recommend \"x\" source \"s\"\n"
    "example \"zonder moment\"\n"
    "  given a = true\n"
    "  expect r\n");
  r = run(NULL, "test %s", moment);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, ":11:10: expected r to fire, but it was undetermined (waits for "
                                 "the moment of evaluation: the example has no 'now')\n"));
  tu_result_free(&r);
  free(moment);

  /* --min-coverage: the examples name some of the rules, signals and
   * conditions; at that share it passes, above it fails (exit 1) */
  r = run(NULL, "test %s --min-coverage 0", passing);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "test %s --min-coverage 100", passing);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "signaal test: error: the examples name "));
  assert_true(tu_contains(r.err, "below --min-coverage 100%\n"));
  tu_result_free(&r);
  r = run(NULL, "test %s --min-coverage 1O0", passing);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
  r = run(NULL, "test " BUNDLED_RULES " --min-coverage 100 -q");  /* every rule, signal, condition */
  assert_int_equal(r.status, 0);
  tu_result_free(&r);

  /* --junit: one testcase per example, a failure with its explanation,
   * XML's special characters escaped; written atomically, never a device */
  char *xml = tu_path(fx.dir, "examples.xml");
  r = run(NULL, "test %s --junit %s", failing, xml);
  assert_int_equal(r.status, 1);
  tu_result_free(&r);
  char *junit = tu_read_file(xml, NULL);
  assert_non_null(junit);
  assert_true(tu_contains(junit, "<testsuite name=\""));
  assert_true(tu_contains(junit, "tests=\"2\" failures=\"1\">"));
  assert_true(tu_contains(junit, "name=\"zonder verblijfplaats\""));
  assert_true(tu_contains(junit, "<failure message=\"the example does not hold\">"));
  assert_true(tu_contains(junit, "expected onderzoek to fire, but it did not fire"));
  assert_false(tu_contains(junit, "\"met verblijfplaats\"/>"));  /* the failing one is no pass */
  free(junit);
  r = run(NULL, "test %s --junit %s", passing, fx.dir);  /* a directory is refused */
  assert_int_equal(r.status, 3);
  tu_result_free(&r);
  free(xml);

  char *wrong_outcome = rules_with("anders.rules",
                                   "\nexample \"vuurt toch\"\n"
                                   "  given vaste_verblijfplaats = false\n"
                                   "  expect undetermined onderzoek\n"
                                   "  expect not geen_verblijfplaats\n");
  r = run(NULL, "test %s", wrong_outcome);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "expected onderzoek to be undetermined, but it fired"));
  assert_true(tu_contains(r.out, "expected signal geen_verblijfplaats to be false, but it was true"));
  assert_true(tu_contains(r.out, "0 passed, 1 failed"));
  tu_result_free(&r);

  /* An expectation naming nothing is an error with a position (the compiler
   * reports it; the runner would too). */
  char *wrong_name = rules_with("fout.rules",
                                "\nexample \"onbekend\"\n"
                                "  expect bestaat_niet\n");
  r = run(NULL, "test %s", wrong_name);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "fout.rules:") || tu_contains(r.out, "fout.rules:"));
  assert_true(tu_contains(r.err, "bestaat_niet") || tu_contains(r.out, "bestaat_niet"));
  tu_result_free(&r);

  char *waiting = rules_with("wacht.rules",
                             "\nexample \"wacht\"\n"
                             "  expect onderzoek\n");
  r = run(NULL, "test %s", waiting);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "expected onderzoek to fire, but it was undetermined "
                                 "(waits for vaste_verblijfplaats)"));
  tu_result_free(&r);
  free(failing);
  free(passing);
  free(wrong_outcome);
  free(wrong_name);
  free(waiting);
}

static void test_disasm(void **state) {
  (void)state;
  tu_result r = run(NULL, "disasm %s", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_true(strlen(r.out) > 0);
  assert_true(tu_contains(r.out, "onderzoek"));
  tu_result_free(&r);
}

/* ---- info ------------------------------------------------------------------ */

/* `signaal info` of the bundled rulebook, text and JSON, as goldens with
 * nothing masked: its hashes no longer depend on how a path is typed. The
 * compiled .rbc says the same but for the examples, which bytecode does
 * not keep; the fixture's .rbc is a golden too. */
/* check: the contacts' check dates against today and --max-age (exactly
 * the limit is no warning, one day more is), one warning per shared
 * `checked`, a contact table without dates, --werror, --json, a .rbc
 * without positions, a bad --max-age. */
static void test_check(void **state) {
  (void)state;
  /* the bundled contacts' old-check is allowed until 2027-03-01
   * (contacten.rules): before that day nothing, from it the limit decides */
  tu_result r = run(NULL, "check " BUNDLED_RULES " --now 2026-11-29T12:00 --werror");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  assert_string_equal(r.err, "");
  tu_result_free(&r);
  r = run(NULL, "check " BUNDLED_RULES " --now 2027-03-01T12:00 --max-age 3772");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");  /* 3,772 days after 2016-11-01: not more than the limit */
  tu_result_free(&r);
  r = run(NULL, "check " BUNDLED_RULES " --now 2027-03-01T12:00 --max-age 3771");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.err, "rules/uitbuiting/contacten.rules:30:40: warning: 16 entries of "
                                 "table 'rvdk_kantoren' were last checked on 2016-11-01, 3772 days "
                                 "ago (more than 3771) [old-check]\n"
                                 "rules/uitbuiting/contacten.rules:29:3: note: the allow for "
                                 "old-check here lapsed on 2027-03-01\n"));
  assert_false(tu_contains(r.err, "'comensha'"));  /* checked 2017-03-01: 3,652 days */
  assert_true(tu_contains(r.err, "signaal check: 3 warnings\n"));
  tu_result_free(&r);
  r = run(NULL, "check " BUNDLED_RULES " --now 2027-03-01T12:00 --werror --json");
  assert_int_equal(r.status, 1);
  json_error_t error;
  json_t *root = json_loads(r.out, 0, &error);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "today")), "2027-03-01");
  assert_int_equal(json_integer_value(json_object_get(root, "warnings")), 4);
  json_t *first = json_array_get(json_object_get(root, "findings"), 0);
  assert_string_equal(json_string_value(json_object_get(first, "code")), "old-check");
  assert_int_equal(json_integer_value(json_object_get(first, "entries")), 16);
  assert_int_equal(json_integer_value(json_object_get(first, "age_days")), 3772);
  json_decref(root);
  tu_result_free(&r);

  r = run(NULL, "check %s", fx.rules);  /* kantoren: a contact table without dates */
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.err, "warning: 2 of the 2 entries of contact table 'kantoren' do not "
                                 "say when they were last checked (the first: 'amsterdam'); add "
                                 "'checked DATE' [no-check-date]\n"));
  assert_true(tu_contains(r.err, "regels.rules:"));
  tu_result_free(&r);
  r = run(NULL, "check %s --werror", fx.rbc);  /* an image: no positions */
  assert_int_equal(r.status, 1);
  char want[512];
  snprintf(want, sizeof want, "%s: warning: 2 of the 2", fx.rbc);
  assert_true(tu_contains(r.err, want));
  tu_result_free(&r);
  /* declarations that do nothing, citations that cite nothing, in source
   * order; `# check: allow CODE` on the line or the line above silences one */
  char *lint = tu_put(fx.dir, "lint.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"                                    /* 6 */
    "fact ongebruikt: bool ask \"b?\"\n"
    "fact k: enum { x, y } ask \"k?\"\n"
    "set landen = { \"NL\", \"BE\" }\n"
    "set los = { 1, 2 }   # check: allow unused-set until 2020-07-01\n" /* 10 */
    "window w = weekdays 09:00 .. 17:00\n"
    "window spreekuur = weekdays 10:00 .. 12:00\n"
    "table t checked 2020-01-01 = { x: \"X\" open spreekuur, y: \"Y\" }\n"
    "table extra = { x: \"X\" }\n"
    "group g \"G\"\n"                                                /* 15 */
    "signal s in g \"S\" when a source \"TODO\"\n"
    "signal alleen in g \"alleen\" when a source \"factsheet p. 2\"\n"
    "condition c when s source \"\"\n"
    "# check: allow weak-citation\n"
    "condition c2 when c and now within w source \"?\"\n"           /* 20 */
    "rule r \"R\" when c2 source \"p. 3\" contact t[k]\n");
  r = run(NULL, "check %s --now 2020-06-01T10:00", lint);
  assert_int_equal(r.status, 0);
  char expected[2048];
  snprintf(expected, sizeof expected,
    "%1$s:7:6: warning: fact 'ongebruikt' is read by no signal, condition or rule [unused-fact]\n"
    "%1$s:9:5: warning: set 'landen' is read by no signal, condition or rule [unused-set]\n"
    "%1$s:14:7: warning: table 'extra' is read by no condition or rule, named by no contact and "
    "is not the reading list [unused-table]\n"
    "%1$s:16:8: warning: signal 's' cites a placeholder: say where in the source it comes from "
    "[weak-citation]\n"
    "%1$s:17:8: warning: signal 'alleen' is read by no condition or rule (it only shows among "
    "the signals) [unused-signal]\n"
    "%1$s:18:11: warning: condition 'c' cites nothing: say where in the source it comes from "
    "[weak-citation]\n"
    "signaal check: 6 warnings\n", lint);
  assert_string_equal(r.err, expected);
  tu_result_free(&r);
  r = run(NULL, "check %s --now 2020-06-01T10:00 --json", lint);
  assert_int_equal(r.status, 0);
  root = json_loads(r.out, 0, &error);
  assert_non_null(root);
  assert_int_equal(json_integer_value(json_object_get(root, "warnings")), 6);
  first = json_array_get(json_object_get(root, "findings"), 0);
  assert_string_equal(json_string_value(json_object_get(first, "code")), "unused-fact");
  assert_int_equal(json_integer_value(json_object_get(first, "line")), 7);
  assert_null(json_object_get(first, "table"));  /* only a finding about entries has one */
  json_decref(root);
  tu_result_free(&r);
  /* an allow with `until` lapses on that day: the warning is back, with a
   * note at the allow */
  r = run(NULL, "check %s --now 2020-07-01T10:00", lint);
  snprintf(want, sizeof want,
           "%1$s:10:5: warning: set 'los' is read by no signal, condition or rule [unused-set]\n"
           "%1$s:10:24: note: the allow for unused-set here lapsed on 2020-07-01\n", lint);
  assert_true(tu_contains(r.err, want));
  assert_true(tu_contains(r.err, "signaal check: 7 warnings\n"));
  tu_result_free(&r);
  free(lint);
  /* blocks that decide nothing, found by evaluating every combination of
   * the facts they rest on (an int one too: test_check_lints); a rule that
   * always fires is not reported */
  char *dead = tu_put(fx.dir, "dood.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"                                     /* 6 */
    "fact b: bool ask \"b?\"\n"
    "fact k: enum { x, y, z } ask \"k?\"\n"
    "fact n: int ask \"n?\"\n"
    "condition tegenspraak when a and not a source \"s\"\n"           /* 10 */
    "condition altijd when a or not a source \"s\"\n"
    "condition enums when k = x or k = y or k = z source \"s\"\n"
    "condition getal when n > 3 and n < 2 source \"s\"\n"
    "condition gewoon when a and b source \"s\"\n"
    "rule nooit \"N\" when b unless b recommend \"x\" source \"s\"\n"   /* 15 */
    "rule r2 \"R2\" when tegenspraak or altijd or enums or getal or gewoon recommend \"y\" "
    "source \"s\"\n"
    "rule elke \"E\" when a or not a recommend \"z\" source \"s\"\n");
  r = run(NULL, "check %s --now 2020-06-01T10:00", dead);
  assert_int_equal(r.status, 0);
  snprintf(expected, sizeof expected,
    "%1$s:10:11: warning: condition 'tegenspraak' is true for no combination of the facts it "
    "rests on: it contradicts itself [never-true]\n"
    "%1$s:11:11: warning: condition 'altijd' is true for every combination of the facts it rests "
    "on: it decides nothing [always-true]\n"
    "%1$s:12:11: warning: condition 'enums' is true for every combination of the facts it rests "
    "on: it decides nothing [always-true]\n"
    "%1$s:13:11: warning: condition 'getal' is true for no combination of the facts it rests "
    "on: it contradicts itself [never-true]\n"
    "%1$s:15:6: warning: rule 'nooit' fires for no combination of the facts it rests on: its "
    "condition contradicts itself or its 'unless' [never-fires]\n"
    "signaal check: 5 warnings\n", dead);
  assert_string_equal(r.err, expected);
  tu_result_free(&r);
  free(dead);
  r = run(NULL, "check %s --max-age -1", fx.rules);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--max-age expects a number of days"));
  tu_result_free(&r);
}

/* `signaal check PATH` (on 2020-06-01) exits 0 and says exactly `fmt`,
 * with %1$s for PATH. */
static void assert_check_says(const char *path, const char *fmt) {
  char want[4096];
  snprintf(want, sizeof want, fmt, path);
  tu_result r = run(NULL, "check %s --now 2020-06-01T10:00", path);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, want);
  tu_result_free(&r);
}

/* check's lints that compare: contradictions over ints and dates (their
 * values chosen around the constants they are compared with; not when a
 * fact is compared with another fact or read through weekday()), a rule
 * that waits for an unknown fact (`is unknown`) is no rule that never fires. */
static void test_check_lints(void **state) {
  (void)state;
  char *ints = tu_put(fx.dir, "getallen.rules",
    HEADER
    "fact n: int ask \"n?\"\n"                                     /* 6 */
    "fact m: int ask \"m?\"\n"
    "fact d: date ask \"d?\"\n"
    "set klein = { 1, 2 }\n"
    "condition getal when n > 3 and n < 2 source \"s\"\n"            /* 10 */
    "condition datum when d < 2020-01-01 and d > 2021-01-01 source \"s\"\n"
    "condition bereik when n in 3 .. 5 and (n in klein or n < 3) source \"s\"\n"
    "condition gat when n > 3 and n < 5 and d >= 2020-01-01 source \"s\"\n"
    "condition twee when n > m and n < m source \"s\"\n"
    "condition dag when weekday(d) = 1 and weekday(d) = 2 source \"s\"\n" /* 15 */
    "condition elk when n <= -3 or n > -3 source \"s\"\n"
    "rule wacht \"W\" when n is unknown and not gat recommend \"w\" source \"s\"\n"
    "rule r \"R\" when getal or datum or bereik or twee or dag or elk recommend \"x\" source \"s\"\n");
  assert_check_says(ints,
    "%1$s:10:11: warning: condition 'getal' is true for no combination of the facts it rests "
    "on: it contradicts itself [never-true]\n"
    "%1$s:11:11: warning: condition 'datum' is true for no combination of the facts it rests "
    "on: it contradicts itself [never-true]\n"
    "%1$s:12:11: warning: condition 'bereik' is true for no combination of the facts it rests "
    "on: it contradicts itself [never-true]\n"
    "%1$s:16:11: warning: condition 'elk' is true for every combination of the facts it rests "
    "on: it decides nothing [always-true]\n"
    "signaal check: 4 warnings\n");
  free(ints);
  /* implied-rule: the same action (a contact: the same table and key) and
   * one rule fires only when the other does; not for another key, not when
   * neither implies the other; the note names the other rule's place */
  char *implied = tu_put(fx.dir, "dubbel.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"                                     /* 6 */
    "fact b: bool ask \"b?\"\n"
    "fact n: int ask \"n?\"\n"
    "fact k: enum { x, y } ask \"k?\"\n"
    "table t checked 2020-01-01 = { x: \"X\", y: \"Y\" }\n"            /* 10 */
    "rule breed \"B\" when a recommend \"bel\" source \"s\"\n"
    "rule smal \"S\" when a and b recommend \"bel\" attention \"let op\" source \"s\"\n"
    "rule ouder \"O\" when n >= 18 contact t[k] source \"s\"\n"
    "# check: allow implied-rule\n"
    "rule volwassen \"V\" when n > 17 and b or n > 17 and not b contact t[k] source \"s\"\n"
    "rule anders \"A\" when b contact t[k] source \"s\"\n"            /* 16 */
    "rule apart \"P\" when n > 20 contact t[\"x\"] source \"s\"\n"
    "rule ook \"Ook\" when n > 20 contact t[k] source \"s\"\n");
  assert_check_says(implied,
    "%1$s:12:6: warning: rule 'smal' fires only when rule 'breed' fires, which gives the same "
    "recommendation: here it adds nothing [implied-rule]\n"
    "%1$s:11:6: note: rule 'breed' is here\n"
    "%1$s:18:6: warning: rule 'ook' fires only when rule 'ouder' fires, which gives the same "
    "contact: here it adds nothing [implied-rule]\n"
    "%1$s:13:6: note: rule 'ouder' is here\n"
    "%1$s:18:6: warning: rule 'ook' fires only when rule 'volwassen' fires, which gives the same "
    "contact: here it adds nothing [implied-rule]\n"
    "%1$s:15:6: note: rule 'volwassen' is here\n"
    "signaal check: 3 warnings\n");
  tu_result r = run(NULL, "check %s --now 2020-06-01T10:00 --json", implied);
  json_error_t error;
  json_t *root = json_loads(r.out, 0, &error);
  assert_non_null(root);
  json_t *first = json_array_get(json_object_get(root, "findings"), 0);
  assert_string_equal(json_string_value(json_object_get(first, "code")), "implied-rule");
  json_t *related = json_object_get(first, "related");
  assert_int_equal(json_integer_value(json_object_get(related, "line")), 11);
  assert_string_equal(json_string_value(json_object_get(related, "message")),
                      "rule 'breed' is here");
  json_decref(root);
  tu_result_free(&r);
  free(implied);
  /* example-without-now: no `now`, and an expectation on what reads the
   * time (now, today, a period) that the example's case leaves undecided;
   * not `expect undetermined`, not a window over a fact's datetime, not
   * what the case decides at every moment */
  char *tijd = tu_put(fx.dir, "tijd.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"                                     /* 6 */
    "fact t: datetime ask \"t?\"\n"
    "fact d: date ask \"d?\"\n"
    "window w = weekdays 09:00 .. 17:00\n"
    "condition open when now within w source \"s\"\n"              /* 10 */
    "condition laat when d < today source \"s\"  # check: allow unused-condition\n"
    "condition kantoor when t within w source \"s\"  # check: allow unused-condition\n"
    "rule bel \"B\" when a and open recommend \"bel\" source \"s\"\n"
    "rule nieuw \"N\" from 2021-01-01 when a recommend \"nieuw\" source \"s\"\n"
    "example \"zonder moment\"\n"                                   /* 15 */
    "  given a = true, t = 2020-06-01T10:00, d = 2020-01-01\n"
    "  expect bel\n"
    "  expect laat\n"
    "  expect kantoor\n"
    "  expect not nieuw\n"                                          /* 20 */
    "example \"bewust onbekend\"\n"
    "  given a = true\n"
    "  expect undetermined bel\n"
    "example \"beslist zonder moment\"\n"
    "  given a = false\n"                                           /* 25 */
    "  expect not bel\n"
    "  expect not nieuw\n"
    "example \"met moment\"\n"
    "  now 2020-06-01T10:00\n"
    "  given a = true\n"                                            /* 30 */
    "  expect bel\n");
  assert_check_says(tijd,
    "%1$s:15:1: warning: example 'zonder moment' gives no 'now' but expects what reads the time "
    "(now, today or a period of validity) and is not decided without it: 'bel', 'laat', "
    "'nieuw'; give it a 'now', or expect it undetermined [example-without-now]\n"
    "signaal check: 1 warning\n");
  free(tijd);
  /* conflicting-rules: one text recommended and given as a point of
   * attention by rules that fire together, or by one rule; not by rules
   * that exclude each other */
  char *botsing = tu_put(fx.dir, "botsing.rules",
    HEADER
    "fact a: bool ask \"a?\"\n"                                     /* 6 */
    "fact b: bool ask \"b?\"\n"
    "rule doe \"D\" when a recommend \"bel de Raad\" source \"s\"\n"
    "rule let \"L\" when b attention \"bel de Raad\" source \"s\"\n"
    "rule nooit_samen \"N\" when not a attention \"bel de Raad\" source \"s\"\n" /* 10 */
    "rule zelf \"Z\" when b recommend \"kijk\" attention \"kijk\" source \"s\"\n");
  assert_check_says(botsing,
    "%1$s:9:6: warning: rule 'doe' recommends what rule 'let' gives as a point of attention, "
    "and both fire for some case: say which it is [conflicting-rules]\n"
    "%1$s:8:6: note: rule 'doe' is here\n"
    "%1$s:11:6: warning: rule 'zelf' gives one text both as a recommendation and as a point of "
    "attention: say which it is [conflicting-rules]\n"
    "signaal check: 2 warnings\n");
  free(botsing);
}

/* graph: the small rulebook as DOT (golden), only what one rule rests on
 * with --rule, an unknown rule is a usage error; when Graphviz is there,
 * `dot` reads it. */
static void test_graph(void **state) {
  (void)state;
  tu_result r = run(NULL, "graph %s", fx.rules);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  assert_int_equal(tu_golden("graph/regels.dot", r.out), 0);
  char *dot_file = tu_put(fx.dir, "regels.dot", r.out);
  tu_result_free(&r);
  r = run(NULL, "graph " BUNDLED_RULES " --rule dublinclaim");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "[label=\"nationaliteit\\n(protected)\", shape=note, color=red"));
  assert_true(tu_contains(r.out, "[label=\"dublinclaim\\nDublinclaim\", shape=box"));
  assert_false(tu_contains(r.out, "aangifte_273f"));  /* another rule */
  tu_result_free(&r);
  /* one case laid over it: fired rules and the path that decided them
   * green, unknown facts dashed; whether a fact is known, never its value */
  r = run(NULL, "graph " BUNDLED_RULES " --rule dublinclaim --facts "
          "rules/examples/06-dublinclaim-italie.json --now 2016-11-08T12:00");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "dublinclaim\\nDublinclaim\", shape=box, style=bold, "
                                 "color=darkorange, style=\"dashed,bold\"]"));  /* undetermined */
  assert_true(tu_contains(r.out, "[label=\"familie_legaal_in_andere_lidstaat\", shape=note, "
                                 "style=dashed]"));  /* unknown */
  assert_false(tu_contains(r.out, "\"MA\""));  /* the case's nationality */
  assert_false(tu_contains(r.out, "\"IT\""));
  tu_result_free(&r);
  r = run(NULL, "graph " BUNDLED_RULES " --facts rules/examples/01-zakkenroller-dinsdag.json "
          "--now 2016-11-08T12:00");
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "style=\"filled,bold\"]"));    /* a rule fired */
  assert_true(tu_contains(r.out, "[color=darkgreen, penwidth=2]"));  /* and how */
  assert_false(tu_contains(r.out, "RO"));  /* the case's nationality (an enum value such as
                                                 zakkenrollerij is the rulebook's word) */
  tu_result_free(&r);
  r = run(NULL, "graph %s --facts %s/bestaat-niet.json", fx.rules, fx.dir);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run(NULL, "graph %s --rule geen_regel", fx.rules);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "signaal graph: error: 'geen_regel' is no rule of"));
  tu_result_free(&r);
  r = tu_run("command -v dot", NULL);
  int have_dot = r.status == 0;
  tu_result_free(&r);
  if (have_dot) {
    char command[1024];
    snprintf(command, sizeof command, "dot -Tsvg %s -o %s/regels.svg", dot_file, fx.dir);
    r = tu_run(command, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    tu_result_free(&r);
  } else {
    fprintf(stderr, "test_graph: Graphviz's dot is not installed (make deps): not rendered\n");
  }
  free(dot_file);
}

/* fmt: the one layout, exactly; a fixed point; the same rulebook after it
 * (signaal diff is empty); --check lists and shows what is not formatted
 * and writes nothing; '-' from standard input to standard output. */
static void test_fmt(void **state) {
  (void)state;
  static const char messy[] =
    "\n\n# kop\r\n"
    "rulebook \"T\"   version \"1\"\n"
    "      effective 2016-11-01 source \"F\"\t\n"
    "fact a: bool\n"
    "ask   \"A?  \"   # twee  spaties in de tekst blijven\n"
    "\n\n\n"
    "table t = {\n"
    "        x: {  naam: \"X\",\n"
    "                 tel: \"1\" },\n"
    "   }\n"
    "    # over de regel\n"
    "rule r \"R\" when (a\n"
    "or a) recommend \"x\" source \"s\"\n"
    "example \"e\" given a = true\n"
    "   expect r\n\n";
  static const char tidy[] =
    "# kop\n"
    "rulebook \"T\" version \"1\"\n"
    "  effective 2016-11-01 source \"F\"\n"
    "fact a: bool\n"
    "  ask \"A?  \" # twee  spaties in de tekst blijven\n"
    "\n"
    "table t = {\n"
    "  x: { naam: \"X\",\n"
    "    tel: \"1\" },\n"
    "}\n"
    "# over de regel\n"
    "rule r \"R\" when (a\n"
    "  or a) recommend \"x\" source \"s\"\n"
    "example \"e\" given a = true\n"
    "  expect r\n";
  char *path = tu_put(fx.dir, "rommel.rules", messy);
  char *orig = tu_put(fx.dir, "rommel-orig.rules", messy);
  tu_result r = run(NULL, "fmt --check %s", path);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.out, "rommel.rules: not formatted\n"));
  assert_true(tu_contains(r.out, "+  ask \"A?  \" # twee  spaties in de tekst blijven\n"));
  tu_result_free(&r);
  char *text = tu_read_file(path, NULL);
  assert_string_equal(text, messy);  /* --check writes nothing */
  free(text);
  r = run(NULL, "fmt -v %s", path);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "rommel.rules: formatted\n"));
  tu_result_free(&r);
  text = tu_read_file(path, NULL);
  assert_string_equal(text, tidy);
  free(text);
  r = run(NULL, "fmt --check %s", path);  /* a fixed point */
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run(NULL, "diff %s %s", orig, path);  /* the same rulebook */
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run(messy, "fmt -");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, tidy);
  tu_result_free(&r);
  char *nul = tu_path(fx.dir, "nul.rules");
  assert_int_equal(tu_write_bytes(nul, "fact\0a", 6), 0);
  r = run(NULL, "fmt %s", nul);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "nul.rules: error: not a rule file: it holds a NUL byte"));
  tu_result_free(&r);
  r = run(NULL, "fmt --check " BUNDLED_RULES);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  free(nul);
  free(orig);
  free(path);
}

static void test_info(void **state) {
  (void)state;
  tu_result text = run(NULL, "info rules/uitbuiting.rules");
  assert_int_equal(text.status, 0);
  assert_string_equal(text.err, "");
  assert_int_equal(tu_golden("info/uitbuiting.txt", text.out), 0);
  tu_result json = run(NULL, "info --json rules/uitbuiting.rules");
  assert_int_equal(json.status, 0);
  assert_int_equal(tu_golden("info/uitbuiting.json", json.out), 0);
  json_t *root = json_loads(json.out, 0, NULL);
  assert_non_null(root);
  json_t *counts = json_object_get(root, "counts");
  assert_true(json_integer_value(json_object_get(counts, "examples")) > 0);
  json_decref(root);

  char *rbc = tu_path(fx.dir, "uitbuiting.rbc");
  tu_result r = run(NULL, "compile rules/uitbuiting.rules -o %s", rbc);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  r = run(NULL, "info %s", rbc);
  assert_int_equal(r.status, 0);
  char *examples = strstr(text.out, "  examples ");  /* the one line bytecode lacks */
  assert_non_null(examples);
  memmove(examples, strchr(examples, '\n') + 1, strlen(strchr(examples, '\n') + 1) + 1);
  assert_string_equal(r.out, text.out);
  tu_result_free(&r);
  r = run(NULL, "info %s --json", rbc);
  root = json_loads(r.out, 0, NULL);
  assert_true(json_is_null(json_object_get(json_object_get(root, "counts"), "examples")));
  json_decref(root);
  tu_result_free(&r);

  r = run(NULL, "info %s", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_int_equal(tu_golden("info/regels-rbc.txt", r.out), 0);
  tu_result_free(&r);
  r = run(NULL, "info %s --json", fx.rbc);
  assert_int_equal(r.status, 0);
  assert_int_equal(tu_golden("info/regels-rbc.json", r.out), 0);
  tu_result_free(&r);
  tu_result_free(&text);
  tu_result_free(&json);
  free(rbc);
}

/* A file that is not a rulebook: the loader's message with the byte, or
 * the compiler's with the position; exit 1 and nothing on stdout. A file
 * that is not there: exit 3. */
static void test_info_bad_files(void **state) {
  (void)state;
  size_t size = 0;
  char *bytes = tu_read_file(fx.rbc, &size);
  assert_non_null(bytes);
  bytes[size / 2] ^= 0x10;
  char *flipped = tu_path(fx.dir, "info-omgeklapt.rbc");
  assert_int_equal(tu_write_bytes(flipped, bytes, size), 0);
  tu_result r = run(NULL, "info %s --json", flipped);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "not a valid Signaal rulebook: CRC mismatch"));
  assert_true(tu_contains(r.err, "(byte 16)"));
  tu_result_free(&r);
  char *broken = tu_put(fx.dir, "info-kapot.rules", HEADER "rule kapot\n  when bestaat_niet\n");
  r = run(NULL, "info %s", broken);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "info-kapot.rules:7:8: error: unknown name 'bestaat_niet'"));
  tu_result_free(&r);
  r = run(NULL, "info %s/bestaat-niet.rbc", fx.dir);
  assert_int_equal(r.status, 3);
  tu_result_free(&r);
  r = run(NULL, "info %s %s", fx.rbc, fx.rbc);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
  free(bytes);
  free(flipped);
  free(broken);
}

/* A file of format 1.2 has no manifest: info says so where the hashes go,
 * and JSON gives null. */
static void test_info_without_manifest(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  im.omit = 1u << SG_SEC_ASSUMPTIONS | 1u << SG_SEC_ACTORS | 1u << SG_SEC_HOURS |
           1u << SG_SEC_VALIDITY | 1u << SG_SEC_MANIFEST | 1u << SG_SEC_CHECKED;
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  sg_wr16(img + 10, 2);
  ib_fix_crc(img, size);
  char *path = tu_path(fx.dir, "oud.rbc");
  assert_int_equal(tu_write_bytes(path, img, size), 0);
  tu_result r = run(NULL, "info %s", path);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "format:           1.2\n"));
  assert_true(tu_contains(r.out, "  test.rules  (no manifest)\n"));
  tu_result_free(&r);
  r = run(NULL, "info %s --json", path);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\"sha256\": null"));
  tu_result_free(&r);
  free(path);
  free(img);
}

/* ---- countries ------------------------------------------------------------- */

static const char country_rules[] =
  HEADER
  "fact land: country\n"
  "  ask \"Wat is de nationaliteit?\"\n"
  "rule benelux\n"
  "  when land in { \"BE\", \"NL\", \"LU\" }\n"
  "  recommend \"Benelux.\"\n"
  "  source \"Test\"\n";

/* Whether `text`, with every occurrence of the fixture's directory taken
 * out (its random name may hold any two letters), contains `value`. */
static int mentions_outside_paths(const char *text, const char *value) {
  char *copy = strdup(text);
  assert_non_null(copy);
  size_t dir = strlen(fx.dir);
  for (char *at = strstr(copy, fx.dir); at != NULL; at = strstr(at, fx.dir))
    memmove(at, at + dir, strlen(at + dir) + 1);
  int found = strstr(copy, value) != NULL;
  free(copy);
  return found;
}

/* A country in a case file is an assigned code in upper case; anything else
 * is an error at the value's place that never repeats the value, with a note
 * where the string is another form of a code, which does not name the code
 * either (it would show the case's value in another spelling, issue 10). */
#define ANOTHER_FORM "note: this is another form of a value the fact takes"
static void test_country_case_file(void **state) {
  (void)state;
  char *rules = tu_put(fx.dir, "landen.rules", country_rules);
  static const struct {
    const char *json, *given, *error, *hint;
  } cases[] = {
    {"{\"land\": \"UK\"}", "UK", "landfout.json:1:10: error: fact 'land' expects a country code "
     "in upper case, as ISO 3166-1 alpha-2 assigns it, such as \"NL\"\n",
     "landfout.json:1:10: " ANOTHER_FORM},
    {"{\n  \"land\": \"gb\"\n}", "gb", "landfout.json:2:11: error: fact 'land' expects a country",
     "landfout.json:2:11: " ANOTHER_FORM},
    {"{\"land\": \"Verenigd Koninkrijk\"}", "Verenigd", "landfout.json:1:10: error: fact 'land'",
     ANOTHER_FORM},
    {"{\"land\": \"EL\"}", "EL", "error: fact 'land' expects a country", ANOTHER_FORM},
    {"{\"land\": \"XK\"}", "XK", "landfout.json:1:10: error: fact 'land' expects a country", NULL},
    {"{\"land\": \"" SECRET "\"}", SECRET, "error: fact 'land' expects a country", NULL},
    {"{\"land\": 4242}", "4242", "expects a country code in upper case, as ISO 3166-1 alpha-2 "
     "assigns it, such as \"NL\" (got an integer)", NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *facts = put_case("landfout.json", cases[i].json);
    tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00", rules, facts);
    if (!tu_contains(r.err, cases[i].error) ||
        (cases[i].hint != NULL) != tu_contains(r.err, ANOTHER_FORM) ||
        mentions_outside_paths(r.err, "GB") || mentions_outside_paths(r.err, "GR") ||
        (cases[i].hint != NULL && !tu_contains(r.err, cases[i].hint)))
      fail_msg("case %zu: got:\n%s", i, r.err);
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_false(mentions_outside_paths(r.err, cases[i].given));
    tu_result_free(&r);
    free(facts);
  }
  /* An assigned code is the value, and prints as itself. */
  char *facts = put_case("land.json", "{\"land\": \"BE\"}");
  tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00 --explain", rules, facts);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Benelux."));
  assert_true(tu_contains(r.out, "land = BE"));
  tu_result_free(&r);
  free(facts);
  free(rules);
}

/* The schema of a country fact lists every assigned code, and null. */
static void test_country_schema(void **state) {
  (void)state;
  char *rules = tu_put(fx.dir, "landen.rules", country_rules);
  tu_result r = run(NULL, "schema %s", rules);
  assert_int_equal(r.status, 0);
  json_error_t err;
  json_t *schema = json_loads(r.out, 0, &err);
  assert_non_null(schema);
  json_t *land = json_object_get(json_object_get(schema, "properties"), "land");
  assert_non_null(land);
  assert_null(json_object_get(land, "type"));
  json_t *codes = json_object_get(land, "enum");
  assert_int_equal(json_array_size(codes), 249 + 1);
  assert_string_equal(json_string_value(json_array_get(codes, 0)), "AD");
  assert_string_equal(json_string_value(json_array_get(codes, 248)), "ZW");
  assert_true(json_is_null(json_array_get(codes, 249)));
  int gb = 0, gr = 0;
  for (size_t i = 0; i < 249; i++) {
    const char *code = json_string_value(json_array_get(codes, i));
    assert_non_null(code);
    assert_true(strcmp(code, "UK") != 0 && strcmp(code, "EL") != 0 && strcmp(code, "XK") != 0 &&
                strcmp(code, "EU") != 0);
    gb += strcmp(code, "GB") == 0;
    gr += strcmp(code, "GR") == 0;
  }
  assert_int_equal(gb + gr, 2);
  assert_string_equal(json_string_value(json_object_get(land, "description")),
                      "Wat is de nationaliteit?");
  json_decref(schema);
  tu_result_free(&r);
  free(rules);
}

/* The bundled rulebook's picture in docs/ is what `signaal graph` prints
 * (make docs draws docs/rulebook.svg from it). */
static void test_graph_of_bundled_rulebook(void **state) {
  (void)state;
  tu_result r = run(NULL, "graph rules/uitbuiting.rules");
  assert_int_equal(r.status, 0);
  char *doc = tu_read_file("docs/rulebook.dot", NULL);
  assert_non_null(doc);
  if (strcmp(doc, r.out) != 0)
    fail_msg("docs/rulebook.dot is out of date: regenerate it with make docs");
  free(doc);
  tu_result_free(&r);
}

/* doc: the small rulebook beside its document (tests/doc/), as Markdown and
 * as HTML (goldens: the uncited paragraph marked, the text escaped), to a
 * file with -o; a citation's typo is a compile error with its place and a
 * hint; a compiled rulebook, a rulebook without documents and a bad
 * --format are refused. */
static void test_doc(void **state) {
  (void)state;
  tu_result r = run(NULL, "doc tests/doc/regels.rules");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  assert_int_equal(tu_golden("doc/regels.md", r.out), 0);
  assert_true(tu_contains(r.out, "### Punt 3\n\n> Door geen regel genoemd.\n\n*Niet in regels gevat.*\n"));
  tu_result_free(&r);
  r = run(NULL, "doc tests/doc/regels.rules --format html");
  assert_int_equal(r.status, 0);
  assert_int_equal(tu_golden("doc/regels.html", r.out), 0);
  assert_true(tu_contains(r.out, "&lt;tekens&gt; &amp; *sterren* en &quot;aanhalingstekens&quot;"));
  assert_false(tu_contains(r.out, "<script") || tu_contains(r.out, "http"));
  char *out = tu_path(fx.dir, "kaart.md");
  tu_result_free(&r);
  r = run(NULL, "doc tests/doc/regels.rules -o %s", out);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  char *written = tu_read_file(out, NULL);
  assert_non_null(written);
  assert_true(tu_contains(written, "## Proefbron"));
  free(written);
  free(out);
  tu_result_free(&r);
  /* a typo in a citation: the error at the part, with the label meant */
  char *dir = tu_make_dir();
  assert_non_null(dir);
  char *text = tu_read_file("tests/doc/regels.rules", NULL);
  char *typo = strstr(text, "Punt 2 (met");
  typo[2] = 'm';  /* "Pumt 2" */
  char *bron = tu_read_file("tests/doc/bron.txt", NULL);
  free(tu_put(dir, "bron.txt", bron));
  char *rules = tu_put(dir, "regels.rules", text);
  r = run(NULL, "doc %s", rules);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "regels.rules:22:19: error: 'Pumt 2' is no paragraph of the "
                                 "rulebook's documents; did you mean 'Punt 2'?"));
  tu_result_free(&r);
  r = run(NULL, "test %s", rules);
  assert_int_equal(r.status, 1);
  tu_result_free(&r);
  free(rules);
  free(text);
  free(bron);
  tu_remove_dir(dir);
  /* a compiled rulebook holds no documents; one without documents names none */
  r = run(NULL, "doc %s", fx.rbc);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "a compiled rulebook holds no documents"));
  tu_result_free(&r);
  r = run(NULL, "doc %s", fx.rules);
  assert_int_equal(r.status, 1);
  assert_true(tu_contains(r.err, "the rulebook names no document"));
  tu_result_free(&r);
  r = run(NULL, "doc tests/doc/regels.rules --format pdf");
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--format expects md or html"));
  tu_result_free(&r);
}

/* The literate rulebook in docs/ is what `signaal doc` writes, as Markdown
 * and as HTML (make docs). */
static void test_doc_of_bundled_rulebook(void **state) {
  (void)state;
  static const char *const files[][2] = {
    {"", "docs/rulebook-map.md"}, {" --format html", "docs/rulebook-map.html"}};
  for (size_t i = 0; i < 2; i++) {
    tu_result r = run(NULL, "doc rules/uitbuiting.rules%s", files[i][0]);
    assert_int_equal(r.status, 0);
    char *doc = tu_read_file(files[i][1], NULL);
    assert_non_null(doc);
    if (strcmp(doc, r.out) != 0) fail_msg("%s is out of date: regenerate it with make docs", files[i][1]);
    free(doc);
    tu_result_free(&r);
  }
}

/* The bundled rulebook's schema in docs/ is what `signaal schema` prints. */
static void test_schema_of_bundled_rulebook(void **state) {
  (void)state;
  tu_result r = run(NULL, "schema rules/uitbuiting.rules");
  assert_int_equal(r.status, 0);
  char *doc = tu_read_file("docs/uitbuiting.schema.json", NULL);
  assert_non_null(doc);
  if (strcmp(doc, r.out) != 0)
    fail_msg("docs/uitbuiting.schema.json is out of date: regenerate it with "
             "build/signaal schema rules/uitbuiting.rules > docs/uitbuiting.schema.json");
  assert_true(tu_contains(r.out, "\"x-signaal-protected\": true"));
  assert_true(tu_contains(r.out, "\"additionalProperties\": false"));
  free(doc);
  tu_result_free(&r);
  r = run(NULL, "schema");
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
}

/* Every whole-case file of the bundled rulebook, evaluated at the moment its
 * example in the rules names, prints exactly the advice in
 * tests/golden/cases/NAME.txt: recommendations, attention points, contacts
 * with their numbers, and what is undetermined. */
/* 1 (with a message) when a piece of advice of the case stands twice in
 * its report: under "Nu doen", the recommendations and the attention
 * points together, each text appears once. */
static int advice_repeated(const char *rules, const char *case_file, const char *now) {
  tu_result r = run(NULL, "eval %s --facts %s --now %s --json", rules, case_file, now);
  json_error_t err;
  json_t *root = json_loads(r.out, 0, &err);
  tu_result_free(&r);
  assert_non_null(root);
  const char *texts[256];
  size_t n = 0;
  int repeated = 0;
  const char *keys[] = {"urgent", "recommendations", "attention"};
  for (size_t k = 0; k < 3; k++) {
    json_t *list = json_object_get(root, keys[k]);
    for (size_t i = 0; i < json_array_size(list) && n < 256; i++) {
      const char *text = json_string_value(json_object_get(json_array_get(list, i), "text"));
      for (size_t j = 0; j < n; j++)
        if (strcmp(texts[j], text) == 0) {
          print_error("%s: advice given twice: %s\n", case_file, text);
          repeated = 1;
        }
      texts[n++] = text;
    }
  }
  json_decref(root);
  return repeated;
}

static void test_bundled_cases_golden(void **state) {
  (void)state;
  const char *main_file = "rules/uitbuiting.rules";
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_files(c, &main_file, 1), 0);
  size_t cases = 0;
  int failures = 0;
  for (size_t i = 0; i < sgc_example_count(c); i++) {
    const sgc_example *ex = sgc_example_at(c, i);
    if (ex->case_file == NULL) continue;
    assert_true(ex->has_now);
    char now[24], golden[256];
    sg_format_datetime(ex->now, now);
    const char *base = strrchr(ex->case_file, '/');
    base = base ? base + 1 : ex->case_file;
    snprintf(golden, sizeof golden, "cases/%.*s.txt", (int)(strlen(base) - 5), base);
    tu_result r = run(NULL, "eval %s --facts %s --now %s", main_file, ex->case_file, now);
    assert_int_equal(r.status, 0);
    mask_hashes(r.out);
    failures += tu_golden(golden, r.out) != 0;
    tu_result_free(&r);
    failures += advice_repeated(main_file, ex->case_file, now);
    cases++;
  }
  sgc_free(c);
  assert_true(cases >= 12);
  assert_int_equal(failures, 0);
}

/* ---- contacts that know their hours ---------------------------------------------- */

/* A case of the bundled rulebook that needs the Centrale Autoriteit (no
 * papers, identity not established), LJ&R (no parent with custody here,
 * profile) and the RvdK office in Utrecht. */
static const char ca_case[] =
  "{\"vaste_verblijfplaats\": false, \"reist_rond\": true, \"identiteitspapieren\": \"geen\",\n"
  " \"identiteit_vastgesteld\": false, \"gezaghebbende_ouder_in_nl\": false,\n"
  " \"andere_gi_beargumenteerd\": false, \"rvdk_locatie\": \"utrecht\"}\n";

/* The contact of `table`[`key`] in a JSON report, or NULL. */
static json_t *json_contact(json_t *root, const char *table, const char *key) {
  json_t *contacts = json_object_get(root, "contacts");
  for (size_t i = 0; i < json_array_size(contacts); i++) {
    json_t *c = json_array_get(contacts, i);
    const char *t = json_string_value(json_object_get(c, "table"));
    const char *k = json_string_value(json_object_get(c, "key"));
    if (t != NULL && k != NULL && strcmp(t, table) == 0 && strcmp(k, key) == 0) return c;
  }
  return NULL;
}

/* Under a contact with hours the text report says whether it can be reached
 * at the moment of evaluation, and if not when again, in Dutch; the JSON
 * says `open_now` and `opens`. On Saturday night the CA's telephone hour
 * opens again on Monday at 10:30 and the office at 09:00; on a Tuesday at
 * 11:00 both are open. LJ&R has no hours: no line, no keys. */
static void test_contact_hours(void **state) {
  (void)state;
  const char *rules = "rules/uitbuiting.rules";
  tu_result r = run(ca_case, "eval %s --now 2016-11-12T03:00", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "  - Centrale autoriteit Internationale Kinderaangelegenheden\n"));
  assert_true(tu_contains(r.out, "(niet op feestdagen), gecontroleerd: volgens de factsheet van 2016; sindsdien niet gecontroleerd\n"
                                 "    Nu niet bereikbaar; weer bereikbaar op maandag 14 november "
                                 "2016 om 10:30.\n"));
  assert_true(tu_contains(r.out, "daarbuiten de regionale crisisdienst, gecontroleerd: volgens de factsheet van 2016; sindsdien niet gecontroleerd\n"
                                 "    Nu niet bereikbaar; weer bereikbaar op maandag 14 november "
                                 "2016 om 09:00.\n"));
  const char *ljr = strstr(r.out, "  - Leger des Heils Jeugdbescherming & Reclassering (LJ&R)\n");
  assert_non_null(ljr);
  const char *after = strchr(strchr(ljr, '\n') + 1, '\n') + 1;  /* past name and fields */
  assert_true(strncmp(after, "    bron:", 9) == 0);
  assert_null(strstr(r.out, "venster:"));  /* no engine words without --explain */
  tu_result_free(&r);

  r = run(ca_case, "eval %s --now 2016-11-12T03:00 --json", rules);
  assert_int_equal(r.status, 0);
  json_t *root = json_loads(r.out, 0, NULL);
  assert_non_null(root);
  json_t *ca = json_contact(root, "contacten", "centrale_autoriteit");
  assert_non_null(ca);
  assert_true(json_is_false(json_object_get(ca, "open_now")));
  assert_string_equal(json_string_value(json_object_get(ca, "opens")), "2016-11-14T10:30:00");
  json_t *office = json_contact(root, "rvdk_kantoren", "utrecht");
  assert_string_equal(json_string_value(json_object_get(office, "opens")), "2016-11-14T09:00:00");
  json_t *lj = json_contact(root, "contacten", "ljr");
  assert_non_null(lj);
  assert_null(json_object_get(lj, "open_now"));
  assert_null(json_object_get(lj, "opens"));
  json_decref(root);
  tu_result_free(&r);

  /* Tuesday 11:00: open; `opens` only for a closed contact */
  r = run(ca_case, "eval %s --now 2016-11-08T11:00 --json", rules);
  assert_int_equal(r.status, 0);
  root = json_loads(r.out, 0, NULL);
  assert_non_null(root);
  ca = json_contact(root, "contacten", "centrale_autoriteit");
  assert_true(json_is_true(json_object_get(ca, "open_now")));
  assert_null(json_object_get(ca, "opens"));
  assert_true(json_is_true(json_object_get(json_contact(root, "rvdk_kantoren", "utrecht"),
                                           "open_now")));
  json_decref(root);
  tu_result_free(&r);
  r = run(ca_case, "eval %s --now 2016-11-08T11:00 --explain", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "(niet op feestdagen), gecontroleerd: volgens de factsheet van 2016; sindsdien niet gecontroleerd\n    Nu bereikbaar.\n"
                                 "    tabel: contacten[centrale_autoriteit]\n"
                                 "    venster: spreekuur_ca\n"));
  assert_null(strstr(r.out, "weer bereikbaar"));
  tu_result_free(&r);

  /* Boxing Day 2016 is a Monday: the CA's next hour is on Tuesday */
  r = run(ca_case, "eval %s --now 2016-12-26T11:00 --report md", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "  **Nu niet bereikbaar; weer bereikbaar op dinsdag 27 december "
                                 "2016 om 10:30.**\\\n"));
  tu_result_free(&r);
}

/* ---- the Dutch clock ---------------------------------------------------------- */

static int64_t utc(int y, int mo, int d, int h, int mi, int s) {
  return (int64_t)sg_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void test_clock_dutch_time(void **state) {
  (void)state;
  /* The hour skipped on the last Sunday of March does not exist; the
   * doubled hour in October does (twice). Here utc() builds local seconds. */
  assert_false(clock_dutch_exists(utc(2016, 3, 27, 2, 0, 0)));
  assert_false(clock_dutch_exists(utc(2016, 3, 27, 2, 59, 59)));
  assert_true(clock_dutch_exists(utc(2016, 3, 27, 1, 59, 59)));
  assert_true(clock_dutch_exists(utc(2016, 3, 27, 3, 0, 0)));
  assert_true(clock_dutch_exists(utc(2016, 3, 20, 2, 30, 0)));   /* a Sunday, not the last */
  assert_true(clock_dutch_exists(utc(2016, 10, 30, 2, 30, 0)));
  assert_false(clock_dutch_exists(utc(2026, 3, 29, 2, 30, 0)));
  /* Winter: UTC+1. */
  assert_true(clock_dutch_local(utc(2016, 1, 15, 12, 0, 0)) == utc(2016, 1, 15, 13, 0, 0));
  /* Summer: UTC+2. */
  assert_true(clock_dutch_local(utc(2016, 7, 1, 12, 0, 0)) == utc(2016, 7, 1, 14, 0, 0));
  /* 2016: summer time from Sunday 27 March to Sunday 30 October, 01:00 UTC. */
  assert_true(clock_dutch_local(utc(2016, 3, 27, 0, 59, 59)) == utc(2016, 3, 27, 1, 59, 59));
  assert_true(clock_dutch_local(utc(2016, 3, 27, 1, 0, 0)) == utc(2016, 3, 27, 3, 0, 0));
  assert_true(clock_dutch_local(utc(2016, 10, 30, 0, 59, 59)) == utc(2016, 10, 30, 2, 59, 59));
  assert_true(clock_dutch_local(utc(2016, 10, 30, 1, 0, 0)) == utc(2016, 10, 30, 2, 0, 0));
  /* 2021: the last Sunday of March is the 28th, of October the 31st. */
  assert_true(clock_dutch_local(utc(2021, 3, 28, 1, 0, 0)) == utc(2021, 3, 28, 3, 0, 0));
  assert_true(clock_dutch_local(utc(2021, 3, 27, 12, 0, 0)) == utc(2021, 3, 27, 13, 0, 0));
  assert_true(clock_dutch_local(utc(2021, 10, 31, 0, 30, 0)) == utc(2021, 10, 31, 2, 30, 0));
  assert_true(clock_dutch_local(utc(2021, 10, 31, 1, 30, 0)) == utc(2021, 10, 31, 2, 30, 0));
  /* New Year's Eve in UTC is already the new year in Amsterdam. */
  assert_true(clock_dutch_local(utc(2023, 12, 31, 23, 30, 0)) == utc(2024, 1, 1, 0, 30, 0));
  /* A moment in Dutch words, to the minute; before 1970 too */
  char text[CLOCK_DUTCH_SIZE];
  clock_format_dutch(utc(2026, 11, 30, 10, 30, 59), text, sizeof text);
  assert_string_equal(text, "maandag 30 november 2026 om 10:30");
  clock_format_dutch(utc(2016, 5, 1, 0, 0, 0), text, sizeof text);
  assert_string_equal(text, "zondag 1 mei 2016 om 00:00");
  clock_format_dutch(utc(1969, 12, 31, 23, 59, 0), text, sizeof text);
  assert_string_equal(text, "woensdag 31 december 1969 om 23:59");
}

/* Writing never replaces what is not a regular file (issue 10: as root,
 * `-o /dev/null` put a regular file in the device's place): a FIFO and a
 * symbolic link in a scratch directory stay what they are, nothing is left
 * beside them, and the exit code is 3. Never a real device in a test. */
static void test_write_refuses_special_files(void **state) {
  (void)state;
  char *fifo = tu_path(fx.dir, "out.fifo"), *link = tu_path(fx.dir, "out.link");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(symlink("elsewhere.rbc", link), 0);
  const char *targets[] = {fifo, link};
  for (size_t i = 0; i < 2; i++) {
    tu_result r = run(NULL, "compile %s -o %s", fx.rules, targets[i]);
    assert_int_equal(r.status, 3);
    assert_true(tu_contains(r.err, "is not a regular file"));
    tu_result_free(&r);
    r = run(full_case, "eval %s -o %s --now 2020-03-02T10:00", fx.rbc, targets[i]);
    assert_int_equal(r.status, 3);
    tu_result_free(&r);
  }
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  assert_int_equal(lstat(link, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  char command[512];  /* nothing beside them: no OUT.tmp.* */
  snprintf(command, sizeof command, "ls %s | grep -c tmp", fx.dir);
  tu_result r = tu_run(command, NULL);
  assert_string_equal(r.out, "0\n");
  tu_result_free(&r);
  unlink(fifo);
  unlink(link);
  free(fifo);
  free(link);
}

/* audit: every rule with what it rests on; a protected fact is marked and
 * comes with the justification on its path (nationality: only where the
 * Dublin rules put it); text and JSON are one model. */
static void test_audit(void **state) {
  (void)state;
  tu_result r = tu_signaal("audit rules/uitbuiting.rules --json", NULL);
  assert_int_equal(r.status, 0);
  json_error_t err;
  json_t *root = json_loads(r.out, 0, &err);
  assert_non_null(root);
  json_t *rules = json_object_get(root, "rules");
  size_t i, nationality_rules = 0;
  json_t *rule;
  json_array_foreach(rules, i, rule) {
    size_t k;
    json_t *fact;
    json_array_foreach(json_object_get(rule, "facts"), k, fact) {
      if (strcmp(json_string_value(json_object_get(fact, "fact")), "nationaliteit") != 0) continue;
      assert_true(json_is_true(json_object_get(fact, "protected")));
      assert_true(json_array_size(json_object_get(fact, "justified_by")) >= 1);
      nationality_rules++;
    }
  }
  assert_int_equal(json_array_size(rules), 42);
  assert_true(nationality_rules > 0 && nationality_rules < 42);  /* where the law puts it, not everywhere */
  mask_hashes(r.out);
  assert_int_equal(tu_golden("audit.json", r.out), 0);
  json_decref(root);
  tu_result_free(&r);
  r = tu_signaal("audit rules/uitbuiting.rules", NULL);
  assert_int_equal(r.status, 0);
  mask_hashes(r.out);
  assert_int_equal(tu_golden("audit.txt", r.out), 0);
  tu_result_free(&r);
}

/* corpus: N lines, each a case object with its own `now` and every fact of
 * the rulebook (known or null); the same seed gives the same lines (a
 * golden pins them across machines), another seed others. */
static void test_corpus(void **state) {
  (void)state;
  tu_result a = tu_signaal("corpus rules/uitbuiting.rules --count 3 --seed 1", NULL);
  tu_result b = tu_signaal("corpus rules/uitbuiting.rules -n 3 --seed 1", NULL);
  tu_result c = tu_signaal("corpus rules/uitbuiting.rules -n 3 --seed 2", NULL);
  assert_int_equal(a.status, 0);
  assert_string_equal(a.out, b.out);
  assert_string_not_equal(a.out, c.out);
  assert_int_equal(tu_golden("corpus-3.jsonl", a.out), 0);
  size_t lines = 0;
  for (char *line = a.out, *end; *line; line = end + 1, lines++) {
    end = strchr(line, '\n');
    assert_non_null(end);
    *end = '\0';
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    assert_non_null(o);
    assert_true(json_is_string(json_object_get(o, "now")));
    assert_non_null(json_object_get(o, "nationaliteit"));  /* every fact, null when unknown */
    json_decref(o);
  }
  assert_int_equal(lines, 3);
  tu_result_free(&a);
  tu_result_free(&b);
  tu_result_free(&c);
  a = tu_signaal("corpus rules/uitbuiting.rules --count 0", NULL);
  assert_int_equal(a.status, 2);
  assert_true(tu_contains(a.err, "--count expects a whole number from 1 to 100000000"));
  tu_result_free(&a);
}

/* A line the decision log cannot hold whole is taken back: eval with a
 * file-size limit (setrlimit in the child) that the log reaches within the
 * line. Exit 3, the log exactly as it was. The limit leaves room for what
 * a coverage build writes at exit (counter files under 6 KiB). */
static void log_taken_back(const char *facts) {
  enum { OLD_SIZE = 8000, LIMIT = 8192 };
  char *old = malloc(OLD_SIZE + 1);
  memset(old, ' ', OLD_SIZE);
  old[OLD_SIZE - 1] = '\n';
  old[OLD_SIZE] = '\0';
  char *log = tu_put(fx.dir, "vol.jsonl", old);
  char *out = tu_path(fx.dir, "vol.out"), *err = tu_path(fx.dir, "vol.err");
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    struct rlimit limit = {LIMIT, LIMIT};
    int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600), e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 || setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(126);
    execl(TU_SIGNAAL, TU_SIGNAAL, "eval", fx.rbc, "--facts", facts, "--now", "2020-03-02T10:00", "--log",
          log, (char *)NULL);
    _exit(127);
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 3);
  size_t size;
  char *said = tu_read_file(err, &size);
  assert_true(tu_contains(said, "vol.jsonl: error: cannot append to the decision log: "));
  char *now = tu_read_file(log, &size);
  assert_int_equal(size, OLD_SIZE);
  assert_memory_equal(now, old, OLD_SIZE);
  free(now);
  free(said);
  free(out);
  free(err);
  free(log);
  free(old);
}

/* A decision that can be proven: the report names the case file by its
 * SHA-256; --log appends one JSON line per evaluation, whole, without fact
 * values unless --with-facts; a log that is not a regular file is refused
 * before anything is evaluated, and is left as it is. */
static void test_decision_log(void **state) {
  (void)state;
  char *facts = put_case("zaak.json", full_case);
  char *log = tu_path(fx.dir, "besluiten.jsonl");
  char want[128];
  /* sha256sum of the case file, computed here with the test runtime's own */
  sgr_sha256 h;
  uint8_t digest[32];
  sgr_sha256_init(&h);
  sgr_sha256_update(&h, full_case, strlen(full_case));
  sgr_sha256_final(&h, digest);
  char hex[65];
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  snprintf(want, sizeof want, "casus:          sha256 %s\n", hex);
  tu_result r = run(NULL, "eval %s --facts %s --now 2020-03-02T10:00 --log %s", fx.rbc, facts, log);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, want));
  tu_result_free(&r);
  r = run(NULL, "eval %s --facts %s --now 2020-03-03T10:00 --log %s --with-facts --json", fx.rbc,
          facts, log);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\"facts\": {"));  /* asked for: the report has them */
  tu_result_free(&r);
  size_t size;
  char *text = tu_read_file(log, &size);
  assert_non_null(text);
  char *second = strchr(text, '\n');
  assert_non_null(second);
  *second++ = '\0';
  assert_string_equal(second + strlen(second) - 1, "\n");
  json_error_t err;
  json_t *one = json_loads(text, 0, &err), *two = json_loads(second, 0, &err);
  assert_non_null(one);
  assert_non_null(two);
  assert_string_equal(json_string_value(json_object_get(one, "case_sha256")), hex);
  assert_string_equal(json_string_value(json_object_get(one, "now")), "2020-03-02T10:00:00");
  assert_non_null(json_object_get(json_object_get(one, "outcome"), "recommendations"));
  assert_null(json_object_get(one, "facts"));
  assert_null(strstr(text, SECRET));  /* no fact value without --with-facts */
  assert_non_null(json_object_get(two, "facts"));
  assert_string_equal(json_string_value(json_object_get(two, "as_of")), "2020-03-03");
  json_decref(one);
  json_decref(two);
  free(text);
  struct stat st;
  assert_int_equal(stat(log, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  /* a FIFO in the scratch directory: refused, before any report, left a FIFO */
  char *fifo = tu_path(fx.dir, "fifo");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  r = run(NULL, "eval %s --facts %s --log %s", fx.rbc, facts, fifo);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "cannot append to the decision log: not a regular file"));
  tu_result_free(&r);
  assert_int_equal(stat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  free(fifo);
  /* a log in a directory that does not exist: exit 3, nothing created */
  r = run(NULL, "eval %s --facts %s --log %s/geen/map.jsonl", fx.rbc, facts, fx.dir);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "geen/map.jsonl: error: cannot append to the decision log: "
                                 "No such file or directory\n"));
  tu_result_free(&r);
  char *missing = tu_path(fx.dir, "geen");
  assert_int_not_equal(stat(missing, &st), 0);
  free(missing);
  log_taken_back(facts);
  free(log);
  free(facts);
}

/* --as-of: the decision date set apart from the moment decides what is
 * dated; reports print it; a bad date is a usage error; a date before the
 * rulebook's effective date and a moment in the spring DST gap are
 * warnings, not errors. */
static void test_eval_as_of(void **state) {
  (void)state;
  const char *rules = "tests/semantics/validity.rules", *gb = "{\"land\": \"GB\"}";
  tu_result r = tu_signaalf(gb, "eval %s --now 2020-06-01T12:00 --json", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\"as_of\": \"2020-06-01\""));
  assert_true(tu_contains(r.out, "Dublinclaim mogelijk."));
  tu_result_free(&r);
  r = tu_signaalf(gb, "eval %s --now 2020-06-01T12:00 --as-of 2021-01-01", rules);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "  beslisdatum:    2021-01-01 (afspraken van die datum, --as-of)\n"));
  assert_false(tu_contains(r.out, "Dublinclaim mogelijk."));
  assert_string_equal(r.err, "");
  tu_result_free(&r);
  r = tu_signaalf(gb, "eval %s --as-of 2021-13-01", rules);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--as-of expects a date YYYY-MM-DD"));
  tu_result_free(&r);
  r = tu_signaalf(gb, "eval %s --now 2016-03-27T02:30", rules);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err,
      "signaal eval: warning: the decision date 2016-03-27 lies before 2016-11-01, when this "
      "rulebook took effect: its agreements did not apply yet\n"
      "signaal eval: warning: 2016-03-27T02:30:00 does not exist in Dutch time (the clocks skip "
      "that hour when summer time begins); it is read as written\n");
  tu_result_free(&r);
  r = tu_signaalf(gb, "eval %s --now 2017-03-26T03:00", rules);  /* just after the gap */
  assert_string_equal(r.err, "");
  tu_result_free(&r);
}

/* --role: the reader's actor's advice first, headed "(jij)", in text and
 * JSON; every rule object names its actor; an unknown actor, or a rulebook
 * without actors, is a usage error naming the closest actor. */
static void test_eval_role(void **state) {
  (void)state;
  const char *c19 = "--facts rules/examples/19-woont-thuis-ouders-in-netwerk.json --now 2016-11-24T14:00";
  char args[512];
  snprintf(args, sizeof args, "eval rules/uitbuiting.rules %s --role gi --json", c19);
  tu_result r = tu_signaal(args, NULL);
  assert_int_equal(r.status, 0);
  json_error_t err;
  json_t *root = json_loads(r.out, 0, &err);
  assert_non_null(root);
  assert_string_equal(json_string_value(json_object_get(root, "role")), "gi");
  json_t *recs = json_object_get(root, "recommendations");
  assert_true(json_array_size(recs) >= 3);
  /* the GI's advice first, then the Raad's in the protocol's order */
  assert_string_equal(json_string_value(json_object_get(json_array_get(recs, 0), "actor")), "gi");
  assert_string_equal(json_string_value(json_object_get(json_array_get(recs, 0), "rule")), "aangifte_273f");
  assert_string_equal(json_string_value(json_object_get(json_array_get(recs, 1), "actor")), "raad");
  json_decref(root);
  tu_result_free(&r);

  snprintf(args, sizeof args, "eval rules/uitbuiting.rules %s --role gi", c19);
  r = tu_signaal(args, NULL);
  assert_int_equal(r.status, 0);
  const char *mine = strstr(r.out, "  Gecertificeerde instelling (jeugdbeschermer) (jij):\n  - De minderjarige is (nog) niet");
  const char *raad = strstr(r.out, "  Raad voor de Kinderbescherming:\n");
  assert_non_null(mine);
  assert_non_null(raad);
  assert_true(mine < raad);
  tu_result_free(&r);

  snprintf(args, sizeof args, "eval rules/uitbuiting.rules %s --role rad", c19);
  r = tu_signaal(args, NULL);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "signaal eval: error: --role: the rulebook has no actor 'rad'; did you mean 'raad'?\n"
                             "  its actors: raad gi crisishulp medewerker\n");
  assert_string_equal(r.out, "");
  tu_result_free(&r);

  r = run(full_case, "eval %s --role raad --now 2020-03-02T10:00", fx.rbc);
  assert_int_equal(r.status, 2);
  assert_string_equal(r.err, "signaal eval: error: --role: the rulebook declares no actors\n");
  tu_result_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_help_everywhere),
    cmocka_unit_test(test_usage_errors),
    cmocka_unit_test(test_compile_deterministic),
    cmocka_unit_test(test_compile_path_spellings),
    cmocka_unit_test(test_compile_error_keeps_output),
    cmocka_unit_test(test_eval_text),
    cmocka_unit_test(test_eval_undetermined),
    cmocka_unit_test(test_eval_json),
    cmocka_unit_test(test_eval_role),
    cmocka_unit_test(test_eval_as_of),
    cmocka_unit_test(test_decision_log),
    cmocka_unit_test(test_audit),
    cmocka_unit_test(test_write_refuses_special_files),
    cmocka_unit_test(test_corpus),
    cmocka_unit_test(test_eval_now_default),
    cmocka_unit_test(test_eval_bad_bytecode),
    cmocka_unit_test(test_case_errors),
    cmocka_unit_test(test_size_limits),
    cmocka_unit_test(test_interrupted_writes),
    cmocka_unit_test(test_limits_on_a_small_stack),
    cmocka_unit_test(test_missing_files),
    cmocka_unit_test(test_test_command),
    cmocka_unit_test(test_disasm),
    cmocka_unit_test(test_check),
    cmocka_unit_test(test_check_lints),
    cmocka_unit_test(test_graph),
    cmocka_unit_test(test_fmt),
    cmocka_unit_test(test_info),
    cmocka_unit_test(test_info_bad_files),
    cmocka_unit_test(test_info_without_manifest),
    cmocka_unit_test(test_schema_of_bundled_rulebook),
    cmocka_unit_test(test_graph_of_bundled_rulebook),
    cmocka_unit_test(test_doc_of_bundled_rulebook),
    cmocka_unit_test(test_doc),
    cmocka_unit_test(test_country_case_file),
    cmocka_unit_test(test_country_schema),
    cmocka_unit_test(test_bundled_cases_golden),
    cmocka_unit_test(test_contact_hours),
    cmocka_unit_test(test_clock_dutch_time),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
