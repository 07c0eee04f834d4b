/* test_interview.c — `signaal interview`: answers read as values of each
 * fact type (a unit test of cli/answers.c), and scripted sessions end to end:
 * the ranked order of the questions, re-asking after invalid answers,
 * onbekend, stop and end of input, --facts, --save, and the bundled rulebook.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "testutil.h"

/* The answer parser is tested as a unit, with the value codec it reads
 * values with: they have no library of their own. */
#include "../cli/answers.c"
#include "../json/value.c"

#define HEADER \
  "rulebook \"Interviewregels\"\n" \
  "  version \"i1\"\n" \
  "  effective 2020-01-01\n" \
  "  source \"Testprotocol\"\n" \
  "\n"

/* Three facts. vaste_verblijfplaats can settle two rules, the others one
 * each, so it is asked first although woonplaats is declared first; then
 * woonplaats and weggelopen settle one rule each and come in slot order. */
static const char ranked_rules[] =
  HEADER
  "fact woonplaats: enum { amsterdam, rotterdam, den_haag }\n"
  "  ask \"In welke regio woont de jongere?\"\n"
  "fact vaste_verblijfplaats: bool\n"
  "  ask \"Heeft de jongere een vaste verblijfplaats?\"\n"
  "fact weggelopen: bool\n"
  "  ask \"Is de jongere weggelopen?\"\n"
  "\n"
  "group doelgroep \"Kenmerken\"\n"
  "\n"
  "signal geen_verblijfplaats in doelgroep\n"
  "  \"Heeft geen vaste woon- of verblijfplaats\"\n"
  "  when not vaste_verblijfplaats\n"
  "  source \"Doelgroep, kenmerk 1\"\n"
  "\n"
  "rule onderzoek step 1\n"
  "  when geen_verblijfplaats and woonplaats = amsterdam\n"
  "  recommend \"Start een beschermingsonderzoek in Amsterdam.\"\n"
  "  source \"Werkwijze, punt 1\"\n"
  "\n"
  "rule melding step 2\n"
  "  when geen_verblijfplaats and weggelopen\n"
  "  attention \"Meld de vermissing bij de politie.\"\n"
  "  source \"Werkwijze, punt 2\"\n";

/* One fact of each other type, each read by a rule of its own. */
static const char typed_rules[] =
  HEADER
  "fact leeftijd: int\n"
  "  ask \"Hoe oud is de jongere?\"\n"
  "fact geboortedatum: date\n"
  "  ask \"Wat is de geboortedatum?\"\n"
  "fact moment_aanhouding: datetime\n"
  "  ask \"Wanneer is de jongere aangehouden?\"\n"
  "fact naam: text\n"
  "  ask \"Hoe heet de jongere?\"\n"
  "\n"
  "rule minderjarig step 1\n"
  "  when leeftijd < 18\n"
  "  recommend \"Behandel de jongere als minderjarige.\"\n"
  "  source \"Punt 1\"\n"
  "\n"
  "rule jong step 2\n"
  "  when geboortedatum > 2005-01-01\n"
  "  attention \"Jonger dan de doelgroep.\"\n"
  "  source \"Punt 2\"\n"
  "\n"
  "rule avond step 3\n"
  "  when hour(moment_aanhouding) >= 18\n"
  "  attention \"Aangehouden in de avond.\"\n"
  "  source \"Punt 3\"\n"
  "\n"
  "rule naam_bekend step 4\n"
  "  when naam != \"\"\n"
  "  attention \"De naam is opgegeven.\"\n"
  "  source \"Punt 4\"\n";

/* An answer that must never be repeated in the output. */
#define SECRET "GEHEIM-123"

#define NOW "--now 2020-03-02T10:00"

typedef struct {
  char *dir;
  char *ranked;  /* DIR/ranked.rules */
  char *typed;   /* DIR/typed.rules */
} fixture;

static fixture fx;

static int group_setup(void **state) {
  (void)state;
  fx.dir = tu_make_dir();
  if (fx.dir == NULL) return -1;
  fx.ranked = tu_put(fx.dir, "ranked.rules", ranked_rules);
  fx.typed = tu_put(fx.dir, "typed.rules", typed_rules);
  return fx.ranked != NULL && fx.typed != NULL ? 0 : -1;
}

static int group_teardown(void **state) {
  (void)state;
  free(fx.ranked);
  free(fx.typed);
  tu_remove_dir(fx.dir);
  return 0;
}

#define run tu_signaalf /* (input: the answers, format, ...) */

/* How often `needle` occurs in `haystack`. */
static size_t occurrences(const char *haystack, const char *needle) {
  size_t count = 0;
  for (const char *p = strstr(haystack, needle); p != NULL; p = strstr(p + 1, needle)) count++;
  return count;
}

/* Whether `first` occurs in `text` and `second` after it. */
static int in_order(const char *text, const char *first, const char *second) {
  const char *a = strstr(text, first);
  return a != NULL && strstr(a + strlen(first), second) != NULL;
}

/* The part of a session before the report (a new string): the report
 * starts after the "Beantwoord: …" summary line and a blank line. */
static char *session_part(const char *out) {
  const char *summary = strstr(out, "Beantwoord: ");
  size_t len = summary == NULL ? strlen(out) : (size_t)(strchr(summary, '\n') - out) + 1;
  char *part = malloc(len + 1);
  assert_non_null(part);
  memcpy(part, out, len);
  part[len] = '\0';
  return part;
}

/* The report of a session (what follows the summary line). */
static const char *report_part(const char *out) {
  const char *summary = strstr(out, "Beantwoord: ");
  assert_non_null(summary);
  return strchr(summary, '\n') + 1;
}

/* ---- answers as values (cli/answers.c) ----------------------------------- */

typedef struct {
  sg_rulebook *rb;
  sg_context *ctx;
} unit;

static unit unit_open(const char *rules) {
  unit u = {NULL, NULL};
  int errors = 0;
  sgc_compiler *c = tu_compile("unit.rules", rules, &errors);
  assert_non_null(c);
  assert_int_equal(errors, 0);
  size_t size = 0;
  const uint8_t *image = sgc_image(c, &size);
  assert_int_equal(sg_rulebook_load(image, size, NULL, NULL, &u.rb, NULL), SG_OK);
  sgc_free(c);
  u.ctx = sg_context_new(u.rb);
  assert_non_null(u.ctx);
  return u;
}

static void unit_close(unit *u) {
  sg_context_free(u->ctx);
  sg_rulebook_free(u->rb);
}

/* Read `answer` for fact `fact` and set the value it gives; check the kind
 * and, for a value, the fact's value afterwards as sg_fact_value renders it. */
static void check_answer(unit *u, const char *fact, const char *answer, answer_kind expected,
                         const char *value) {
  long slot = sg_fact_slot(u->rb, fact);
  assert_true(slot >= 0);
  sg_set_unknown(u->ctx, (size_t)slot);
  char line[256], problem[ANSWER_PROBLEM_MAX];
  snprintf(line, sizeof line, "%s", answer);
  cli_value read;
  answer_kind kind = answer_read(u->rb, (size_t)slot, line, &read, problem);
  if (kind == ANSWER_VALUE) assert_int_equal(value_set(u->ctx, (size_t)slot, &read), SG_OK);
  if (kind != expected) fprintf(stderr, "answer '%s' to %s: kind %d\n", answer, fact, (int)kind);
  assert_int_equal(kind, expected);
  char buf[64];
  const char *got = sg_fact_value(u->ctx, (size_t)slot, buf, sizeof buf);
  if (value == NULL) {
    assert_null(got);
  } else {
    assert_non_null(got);
    assert_string_equal(got, value);
  }
  if (expected == ANSWER_INVALID) assert_true(problem[0] != '\0');
}

static void test_answers_bool_and_enum(void **state) {
  (void)state;
  unit u = unit_open(ranked_rules);
  static const char *const yes[] = {"ja",   "JA",     "j",    "J",      "true",
                                    "True", "  ja  ", "ja\n", "ja\r\n"};
  static const char *const no[] = {"nee", "Nee", "n", "false", "FALSE"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    check_answer(&u, "weggelopen", yes[i], ANSWER_VALUE, "true");
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
    check_answer(&u, "weggelopen", no[i], ANSWER_VALUE, "false");
  check_answer(&u, "weggelopen", "jawel", ANSWER_INVALID, NULL);
  check_answer(&u, "weggelopen", "1", ANSWER_INVALID, NULL);
  check_answer(&u, "weggelopen", "", ANSWER_INVALID, NULL);
  check_answer(&u, "weggelopen", "   ", ANSWER_INVALID, NULL);

  check_answer(&u, "woonplaats", "1", ANSWER_VALUE, "amsterdam");
  check_answer(&u, "woonplaats", "3", ANSWER_VALUE, "den_haag");
  check_answer(&u, "woonplaats", "rotterdam", ANSWER_VALUE, "rotterdam");
  check_answer(&u, "woonplaats", "Rotterdam", ANSWER_VALUE, "rotterdam");
  check_answer(&u, "woonplaats", "Den Haag", ANSWER_VALUE, "den_haag");
  check_answer(&u, "woonplaats", "den-haag", ANSWER_VALUE, "den_haag");
  check_answer(&u, "woonplaats", "0", ANSWER_INVALID, NULL);
  check_answer(&u, "woonplaats", "4", ANSWER_INVALID, NULL);
  check_answer(&u, "woonplaats", "utrecht", ANSWER_INVALID, NULL);

  char line[] = "4", problem[ANSWER_PROBLEM_MAX];
  cli_value read;
  answer_read(u.rb, (size_t)sg_fact_slot(u.rb, "woonplaats"), line, &read, problem);
  assert_string_equal(problem, "Dat nummer staat niet in de lijst; kies een nummer van 1 tot 3.");
  unit_close(&u);
}

static void test_answers_other_types(void **state) {
  (void)state;
  unit u = unit_open(typed_rules);
  check_answer(&u, "leeftijd", "15", ANSWER_VALUE, "15");
  check_answer(&u, "leeftijd", "-3", ANSWER_VALUE, "-3");
  check_answer(&u, "leeftijd", " 0 ", ANSWER_VALUE, "0");
  check_answer(&u, "leeftijd", "vijftien", ANSWER_INVALID, NULL);
  check_answer(&u, "leeftijd", "15 jaar", ANSWER_INVALID, NULL);
  check_answer(&u, "leeftijd", "1.5", ANSWER_INVALID, NULL);
  check_answer(&u, "leeftijd", "99999999999999999999", ANSWER_INVALID, NULL);
  check_answer(&u, "leeftijd", "-", ANSWER_INVALID, NULL);

  check_answer(&u, "geboortedatum", "2006-02-28", ANSWER_VALUE, "2006-02-28");
  check_answer(&u, "geboortedatum", "2006-02-30", ANSWER_INVALID, NULL);
  check_answer(&u, "geboortedatum", "28-02-2006", ANSWER_INVALID, NULL);

  check_answer(&u, "moment_aanhouding", "2016-11-08T11:00", ANSWER_VALUE, "2016-11-08T11:00:00");
  check_answer(&u, "moment_aanhouding", "2016-11-08 20:30", ANSWER_VALUE, "2016-11-08T20:30:00");
  check_answer(&u, "moment_aanhouding", "2016-11-08T11:00:15", ANSWER_VALUE, "2016-11-08T11:00:15");
  check_answer(&u, "moment_aanhouding", "2016-11-08", ANSWER_INVALID, NULL);
  check_answer(&u, "moment_aanhouding", "gisteren", ANSWER_INVALID, NULL);

  check_answer(&u, "naam", "  Jan de Vries ", ANSWER_VALUE, "Jan de Vries");
  check_answer(&u, "naam", "Zoë", ANSWER_VALUE, "Zoë");
  check_answer(&u, "naam", "Zo\xff", ANSWER_INVALID, NULL);

  /* The keywords, in any case, for every type. */
  static const char *const facts[] = {"leeftijd", "geboortedatum", "moment_aanhouding", "naam"};
  for (size_t i = 0; i < 4; i++) {
    check_answer(&u, facts[i], "onbekend", ANSWER_UNKNOWN, NULL);
    check_answer(&u, facts[i], "Onbekend", ANSWER_UNKNOWN, NULL);
    check_answer(&u, facts[i], "?", ANSWER_UNKNOWN, NULL);
    check_answer(&u, facts[i], "stop", ANSWER_STOP, NULL);
    check_answer(&u, facts[i], "STOP\n", ANSWER_STOP, NULL);
  }

  char problem[ANSWER_PROBLEM_MAX];
  char date[] = "8-11-2016";
  cli_value read;
  answer_read(u.rb, (size_t)sg_fact_slot(u.rb, "geboortedatum"), date, &read, problem);
  assert_string_equal(problem, "Dat is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2016-11-08.");
  char day[] = "2016-11-08";
  answer_read(u.rb, (size_t)sg_fact_slot(u.rb, "moment_aanhouding"), day, &read, problem);
  assert_string_equal(
    problem, "De tijd ontbreekt; gebruik JJJJ-MM-DDTHH:MM, bijvoorbeeld 2016-11-08T11:00.");
  assert_string_equal(value_answer_hint(u.rb, (size_t)sg_fact_slot(u.rb, "geboortedatum")),
                      "een datum JJJJ-MM-DD");
  unit_close(&u);
}

/* A country fact, read by a rule. */
static const char country_rules[] =
  HEADER
  "fact land: country\n"
  "  ask \"Wat is de nationaliteit?\"\n"
  "\n"
  "rule benelux step 1\n"
  "  when land in { \"BE\", \"NL\", \"LU\" }\n"
  "  recommend \"Benelux.\"\n"
  "  source \"Punt 1\"\n";

/* A country answer is its code, in any case; an alias or a Dutch name gets
 * the code it means as a question back, never as the value. */
static void test_answers_country(void **state) {
  (void)state;
  unit u = unit_open(country_rules);
  check_answer(&u, "land", "GB", ANSWER_VALUE, "GB");
  check_answer(&u, "land", "gb", ANSWER_VALUE, "GB");
  check_answer(&u, "land", " nl ", ANSWER_VALUE, "NL");
  check_answer(&u, "land", "Na", ANSWER_VALUE, "NA");
  static const char *const wrong[] = {"UK", "uk", "EL", "Verenigd Koninkrijk", "XK", "EU",
                                      "G", "GBR", "Atlantis"};
  for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++)
    check_answer(&u, "land", wrong[i], ANSWER_INVALID, NULL);
  check_answer(&u, "land", "onbekend", ANSWER_UNKNOWN, NULL);
  static const struct {
    const char *answer, *problem;
  } problems[] = {
    {"UK", "Dat is geen landcode; bedoelt u GB (Verenigd Koninkrijk)?"},
    {"verenigd koninkrijk", "Dat is geen landcode; bedoelt u GB (Verenigd Koninkrijk)?"},
    {"EL", "Dat is geen landcode; bedoelt u GR (Griekenland)?"},
    {"XK", "Dat is geen landcode; typ de code van twee letters volgens ISO 3166-1, "
           "bijvoorbeeld NL."},
  };
  for (size_t i = 0; i < sizeof problems / sizeof *problems; i++) {
    char line[64], problem[ANSWER_PROBLEM_MAX];
    snprintf(line, sizeof line, "%s", problems[i].answer);
    cli_value read;
    assert_int_equal(answer_read(u.rb, 0, line, &read, problem), ANSWER_INVALID);
    assert_string_equal(problem, problems[i].problem);
  }
  assert_string_equal(value_answer_hint(u.rb, 0), "een landcode van twee letters, bijvoorbeeld NL");
  assert_false(value_type_listed(SG_COUNTRY));
  assert_string_equal(value_suggest(u.rb, 0, "UK"), "GB");
  assert_null(value_suggest(u.rb, 0, "XK"));
  unit_close(&u);
}

/* ---- help and usage -------------------------------------------------------- */

static void test_help_and_usage(void **state) {
  (void)state;
  static const char *const helps[] = {"interview --help", "interview -h", "help interview"};
  for (size_t i = 0; i < 3; i++) {
    tu_result r = tu_signaal(helps[i], NULL);
    assert_int_equal(r.status, 0);
    assert_true(tu_contains(r.out, "Usage: signaal interview RULEBOOK"));
    assert_true(tu_contains(r.out, "--save"));
    assert_true(tu_contains(r.out, "Examples:"));
    assert_true(tu_contains(r.out, "Exit codes"));
    tu_result_free(&r);
  }
  tu_result r = tu_signaal("--help", NULL);
  assert_true(tu_contains(r.out, "interview"));
  tu_result_free(&r);

  r = tu_signaal("interview", NULL);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "missing RULEBOOK"));
  tu_result_free(&r);
  r = run(NULL, "interview %s --now morgen", fx.ranked);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
  r = run(NULL, "interview %s --sav x.json", fx.ranked);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "did you mean '--save'"));
  tu_result_free(&r);
  r = run(NULL, "interview %s --facts -", fx.ranked);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "standard input holds the answers"));
  tu_result_free(&r);
  r = tu_signaal("interview -", NULL);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
  r = run(NULL, "interview %s %s", fx.ranked, fx.typed);
  assert_int_equal(r.status, 2);
  tu_result_free(&r);
}

static void test_bad_inputs(void **state) {
  (void)state;
  /* A rulebook or case file that cannot be read: exit 3, no questions. */
  tu_result r = run("ja\n", "interview %s/geen.rules", fx.dir);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = run("ja\n", "interview %s --facts %s/geen.json", fx.ranked, fx.dir);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  /* A case file that does not fit: exit 1, its value never shown. */
  char *bad = tu_put(fx.dir, "fout.json", "{\"weggelopen\": \"" SECRET "\", \"leeftjd\": 1}");
  r = run("ja\n", "interview %s --facts %s", fx.ranked, bad);
  assert_int_equal(r.status, 1);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "fact 'weggelopen' expects a bool"));
  assert_true(tu_contains(r.err, "did you mean 'leeftijd'") || tu_contains(r.err, "unknown fact"));
  assert_null(strstr(r.err, SECRET));
  tu_result_free(&r);
  free(bad);
  /* Rule errors: exit 1. */
  char *broken = tu_put(fx.dir, "kapot.rules", HEADER "rule kapot\n");
  r = run("ja\n", "interview %s", broken);
  assert_int_equal(r.status, 1);
  tu_result_free(&r);
  free(broken);
  /* --save where nothing can be written: exit 3 before the first question. */
  r = run("nee\n1\nja\n", "interview %s " NOW " --save %s/geen/map/zaak.json", fx.ranked, fx.dir);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  assert_true(tu_contains(r.err, "cannot write"));
  tu_result_free(&r);
  r = run("nee\n1\nja\n", "interview %s " NOW " --save %s", fx.ranked, fx.dir);
  assert_int_equal(r.status, 3);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
}

/* ---- sessions ---------------------------------------------------------------- */

/* (a) Everything answered: the questions in ranked order, the fired rules in
 * the report. The session part is a golden transcript. */
static void test_session_ranked_order(void **state) {
  (void)state;
  tu_result r = run("nee\namsterdam\nja\n", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  assert_true(in_order(r.out, "Vraag 1 (vaste_verblijfplaats)", "Vraag 2 (woonplaats)"));
  assert_true(in_order(r.out, "Vraag 2 (woonplaats)", "Vraag 3 (weggelopen)"));
  assert_true(tu_contains(r.out, "  1. amsterdam\n  2. rotterdam\n  3. den_haag\n"));
  assert_true(tu_contains(r.out, "Antwoord (ja/nee): "));
  assert_true(in_order(r.out, "Nog 2 regels onbeslist.", "Alle regels zijn beslist."));
  assert_true(tu_contains(r.out, "Beantwoord: 3, onbekend gelaten: 0."));
  const char *report = report_part(r.out);
  assert_true(in_order(report, "Aanbevelingen", "Start een beschermingsonderzoek in Amsterdam."));
  assert_true(tu_contains(report, "bron: Werkwijze, punt 1"));
  assert_false(tu_contains(report, "regel: onderzoek")); /* engine words: only with --explain */
  assert_true(in_order(report, "Aandachtspunten", "Meld de vermissing bij de politie."));
  assert_true(tu_contains(report, "Heeft geen vaste woon- of verblijfplaats"));
  char *session = session_part(r.out);
  assert_int_equal(tu_golden("interview_ranked.txt", session), 0);
  free(session);
  tu_result_free(&r);

  /* A true verblijfplaats settles both rules at once: one question. */
  r = run("ja\n", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_int_equal(occurrences(r.out, "Vraag "), 1);
  assert_true(tu_contains(r.out, "Er zijn geen vragen meer."));
  tu_result_free(&r);
}

/* (b) Invalid answers: a helpful message, the prompt again, the answer never
 * repeated; then a valid one. Three invalid answers leave it unknown. */
static void test_session_invalid_answers(void **state) {
  (void)state;
  tu_result r = run(SECRET "\n15\n8-11-2006\n2006-11-08\n2016-11-08\n2016-11-08T20:30\nJan\n",
                    "interview %s " NOW, fx.typed);
  assert_int_equal(r.status, 0);
  assert_true(in_order(r.out, "Vraag 1 (leeftijd)",
                       "Dat is geen geheel getal; typ alleen cijfers, bijvoorbeeld 15.\n"
                       "Antwoord (een geheel getal): "));
  assert_true(tu_contains(r.out, "Dat is geen datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2016-11-08.\n"
                                 "Antwoord (een datum JJJJ-MM-DD): "));
  assert_true(tu_contains(r.out, "De tijd ontbreekt; gebruik JJJJ-MM-DDTHH:MM"));
  assert_true(tu_contains(r.out, "Beantwoord: 4, onbekend gelaten: 0."));
  assert_int_equal(occurrences(r.out, "Vraag "), 4);
  assert_null(strstr(r.out, SECRET));
  assert_null(strstr(r.err, SECRET));
  assert_null(strstr(r.out, "Jan"));
  const char *report = report_part(r.out);
  assert_true(tu_contains(report, "Behandel de jongere als minderjarige."));
  assert_true(tu_contains(report, "Jonger dan de doelgroep."));
  assert_true(tu_contains(report, "Aangehouden in de avond."));
  tu_result_free(&r);

  /* Three invalid answers: the question stays unknown, the next follows. */
  r = run("jawel\nmisschien\n\nnee\n", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_int_equal(occurrences(r.out, "Dat is geen ja of nee"), 2);
  assert_int_equal(occurrences(r.out, "Er is niets ingevuld"), 1);
  assert_true(in_order(r.out, "Na drie ongeldige antwoorden blijft deze vraag onbekend.",
                       "Vraag 2 (woonplaats)"));
  assert_int_equal(occurrences(r.out, "(vaste_verblijfplaats)"), 1);
  tu_result_free(&r);
}

/* (c) onbekend (or ?) leaves the fact unknown; it is never asked again. */
static void test_session_onbekend(void **state) {
  (void)state;
  tu_result r = run("onbekend\n?\nnee\n", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_true(in_order(r.out, "Vraag 1 (vaste_verblijfplaats)", "Genoteerd als onbekend."));
  assert_true(in_order(r.out, "Genoteerd als onbekend.", "Vraag 2 (woonplaats)"));
  assert_true(in_order(r.out, "Vraag 2 (woonplaats)", "Vraag 3 (weggelopen)"));
  assert_int_equal(occurrences(r.out, "(vaste_verblijfplaats)"), 1);
  assert_int_equal(occurrences(r.out, "(woonplaats)"), 1);
  assert_int_equal(occurrences(r.out, "Vraag "), 3);
  assert_true(
    tu_contains(r.out, "Er zijn geen nieuwe vragen meer; de rest is als onbekend beantwoord."));
  assert_true(tu_contains(r.out, "Beantwoord: 1, onbekend gelaten: 2."));
  /* weggelopen = nee settles melding; onderzoek still waits. */
  const char *report = report_part(r.out);
  assert_true(in_order(report, "Onbeslist", "onderzoek"));
  assert_null(strstr(report, "Meld de vermissing"));
  tu_result_free(&r);
}

/* (d) stop and the end of the input end the questions; the report follows. */
static void test_session_stop_and_eof(void **state) {
  (void)state;
  tu_result r = run("nee\nStop\namsterdam\n", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_true(in_order(r.out, "Vraag 2 (woonplaats)", "Het interview is gestopt."));
  assert_int_equal(occurrences(r.out, "Vraag "), 2);
  assert_true(tu_contains(r.out, "Beantwoord: 1, onbekend gelaten: 0."));
  assert_true(in_order(report_part(r.out), "Onbeslist", "onderzoek"));
  tu_result_free(&r);

  r = run("", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_true(in_order(r.out, "Vraag 1 (vaste_verblijfplaats)",
                       "Einde van de invoer; het interview stopt."));
  assert_true(tu_contains(r.out, "Beantwoord: 0, onbekend gelaten: 0."));
  assert_true(tu_contains(report_part(r.out), "Interviewregels"));
  assert_true(tu_contains(report_part(r.out), "Onbeslist"));
  tu_result_free(&r);

  /* A last answer without a line end still counts. */
  r = run("nee\n1", "interview %s " NOW, fx.ranked);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Beantwoord: 2, onbekend gelaten: 0."));
  assert_true(tu_contains(r.out, "Einde van de invoer"));
  assert_true(tu_contains(report_part(r.out), "Start een beschermingsonderzoek in Amsterdam."));
  tu_result_free(&r);

  /* Without --now the clock gives the moment. */
  r = run("stop\n", "interview %s", fx.ranked);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "beoordeeld op:"));
  tu_result_free(&r);
}

/* Read a saved case file as JSON. */
static json_t *load_json(const char *path) {
  json_error_t err;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
  if (root == NULL) fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
  assert_non_null(root);
  return root;
}

/* (e) --save writes the answered facts, in fact order, as a case file that
 * `signaal eval --facts` takes back. */
static void test_session_save(void **state) {
  (void)state;
  char *saved = tu_path(fx.dir, "zaak.json");
  tu_result r = run("nee\namsterdam\nja\n", "interview %s " NOW " --save %s", fx.ranked, saved);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  assert_true(tu_contains(r.out, "3 feiten bewaard in "));
  tu_result_free(&r);
  char *text = tu_read_file(saved, NULL);
  assert_non_null(text);
  assert_string_equal(text, "{\n"
                            "  \"woonplaats\": \"amsterdam\",\n"
                            "  \"vaste_verblijfplaats\": false,\n"
                            "  \"weggelopen\": true\n"
                            "}\n");
  free(text);
  r = run(NULL, "eval %s --facts %s " NOW, fx.ranked, saved);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Start een beschermingsonderzoek in Amsterdam."));
  assert_true(tu_contains(r.out, "Meld de vermissing bij de politie."));
  tu_result_free(&r);

  /* A fact left unknown is not saved; facts from --facts are. */
  char *start = tu_put(fx.dir, "begin.json", "{\"weggelopen\": false, \"woonplaats\": null}");
  r = run("onbekend\n", "interview %s " NOW " --facts %s --save %s", fx.ranked, start, saved);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Genoteerd als onbekend."));
  assert_null(strstr(r.out, "(weggelopen)"));
  assert_true(tu_contains(r.out, "1 feit bewaard in "));
  tu_result_free(&r);
  json_t *root = load_json(saved);
  assert_int_equal(json_object_size(root), 1);
  assert_true(json_is_false(json_object_get(root, "weggelopen")));
  json_decref(root);
  free(start);

  /* Every type: ints as integers, dates and datetimes as ISO strings. */
  r = run("15\n2006-11-08\n2016-11-08 20:30\nJan\n", "interview %s " NOW " --save %s", fx.typed,
          saved);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  root = load_json(saved);
  assert_int_equal(json_object_size(root), 4);
  assert_true(json_is_integer(json_object_get(root, "leeftijd")));
  assert_int_equal(json_integer_value(json_object_get(root, "leeftijd")), 15);
  assert_string_equal(json_string_value(json_object_get(root, "geboortedatum")), "2006-11-08");
  assert_string_equal(json_string_value(json_object_get(root, "moment_aanhouding")),
                      "2016-11-08T20:30:00");
  assert_string_equal(json_string_value(json_object_get(root, "naam")), "Jan");
  json_decref(root);
  r = run(NULL, "eval %s --facts %s " NOW, fx.typed, saved);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Aangehouden in de avond."));
  tu_result_free(&r);

  /* The saved file replaces an older one; a second session can start from it. */
  r = run("", "interview %s " NOW " --facts %s --save %s", fx.typed, saved, saved);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Er zijn geen vragen meer."));
  assert_true(tu_contains(r.out, "4 feiten bewaard in "));
  tu_result_free(&r);
  free(saved);
}

/* The first and the last "Nog N regels onbeslist." of a session (0 for "Alle
 * regels zijn beslist."); -1 when there is none. */
static void undetermined_counts(const char *out, long *first, long *last) {
  *first = *last = -1;
  for (const char *p = out; (p = strstr(p, "\nNog ")) != NULL; p++) {
    long n = strtol(p + 5, NULL, 10);
    if (*first < 0) *first = n;
    *last = n;
  }
  if (tu_contains(out, "Alle regels zijn beslist.")) *last = 0;
}

/* (f) The bundled rulebook, starting from a case with many unknowns: a few
 * answers settle rules. */
static void test_session_bundled_rulebook(void **state) {
  (void)state;
  tu_result r = tu_signaal("interview rules/uitbuiting.rules --now 2016-11-14T10:00 "
                           "--facts rules/examples/08-veel-onbekend-maandag.json",
                           "ja\nonbekend\nnee\nja\nstop\n");
  assert_int_equal(r.status, 0);
  assert_string_equal(r.err, "");
  long first = -1, last = -1;
  undetermined_counts(r.out, &first, &last);
  assert_true(first > 0);
  assert_true(last >= 0);
  assert_true(last < first);
  assert_true(tu_contains(r.out, "Het interview is gestopt."));
  /* Facts the case file gives are never asked. */
  assert_null(strstr(r.out, "(identiteitspapieren)"));
  assert_null(strstr(r.out, "(aangehouden_voor)"));
  assert_true(
    tu_contains(report_part(r.out), "Landelijke aanpak criminele uitbuiting minderjarigen"));
  tu_result_free(&r);
}

/* A contact whose number waits for a fact is a question: with suspicions
 * of trafficking the Raad's number is advised, and the interview asks for
 * the location that gives it (it was never asked: no rule waits for it). */
static void test_session_asks_contact_key(void **state) {
  (void)state;
  json_error_t err;
  json_t *o = json_load_file("rules/examples/01-zakkenroller-dinsdag.json", 0, &err);
  assert_non_null(o);
  json_object_del(o, "rvdk_locatie");
  json_object_del(o, "rvdk_regio");
  json_object_del(o, "now");
  char *text = json_dumps(o, JSON_COMPACT);
  char *dir = tu_make_dir();
  char *facts = tu_put(dir, "zaak.json", text);
  char args[512];
  snprintf(args, sizeof args, "interview rules/uitbuiting.rules --now 2016-11-08T10:00 --facts %s",
           facts);
  tu_result r = tu_signaal(args, "onbekend\nutrecht\nstop\n");
  assert_int_equal(r.status, 0);
  /* asked after the one rule still open: every answer gives the number */
  const char *asked = strstr(r.out, "(rvdk_locatie)");
  assert_non_null(asked);
  assert_null(strstr(r.out, "(rvdk_regio)"));
  assert_true(tu_contains(report_part(r.out), "Utrecht"));
  tu_result_free(&r);
  tu_remove_dir(dir);
  free(facts);
  free(text);
  json_decref(o);
}

/* Optional (context) questions: asked only with --optional, after the
 * others; without it the session says how many were left. */
static void test_session_optional_questions(void **state) {
  (void)state;
  static const char rules[] =
    HEADER
    "fact weggelopen: bool\n"
    "  ask \"Is de jongere weggelopen?\"\n"
    "fact armoede: bool optional\n"
    "  ask \"Is er armoede in het gezin?\"\n"
    "rule melding step 1 when weggelopen attention \"Meld de vermissing.\" source \"p1\"\n"
    "rule achtergrond step 2 when weggelopen and armoede attention \"Weeg de armoede mee.\"\n"
    "  source \"p2\"\n";
  char *file = tu_put(fx.dir, "optioneel.rules", rules);
  assert_non_null(file);
  tu_result r = run("ja\n", "interview %s " NOW, file);
  assert_int_equal(r.status, 0);
  char *session = session_part(r.out);
  assert_true(tu_contains(session, "(weggelopen)"));
  assert_false(tu_contains(session, "(armoede"));
  assert_true(tu_contains(session, "nog 1 optionele vraag over de achtergrond; stel ze met --optional"));
  free(session);
  tu_result_free(&r);
  r = run("ja\nnee\n", "interview %s --optional " NOW, file);
  assert_int_equal(r.status, 0);
  session = session_part(r.out);
  assert_true(in_order(session, "(weggelopen)", "(armoede, optioneel)"));
  assert_true(tu_contains(session, "Er zijn geen vragen meer."));
  free(session);
  tu_result_free(&r);
  free(file);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_session_asks_contact_key),
    cmocka_unit_test(test_session_optional_questions),
    cmocka_unit_test(test_answers_bool_and_enum),
    cmocka_unit_test(test_answers_other_types),
    cmocka_unit_test(test_answers_country),
    cmocka_unit_test(test_help_and_usage),
    cmocka_unit_test(test_bad_inputs),
    cmocka_unit_test(test_session_ranked_order),
    cmocka_unit_test(test_session_invalid_answers),
    cmocka_unit_test(test_session_onbekend),
    cmocka_unit_test(test_session_stop_and_eof),
    cmocka_unit_test(test_session_save),
    cmocka_unit_test(test_session_bundled_rulebook),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
