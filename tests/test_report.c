/* test_report.c — end-to-end tests of the reports of `signaal eval`: the
 * "waarom" chains (--explain), explanations in JSON, open questions, one
 * entry per distinct contact, the Markdown and HTML decision reports
 * (goldens, escaping, printing to PDF in headless Chromium, read back with
 * pdftotext) and -o.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "testutil.h"

#define RULES "rules/uitbuiting.rules"
#define CASE_01 "rules/examples/01-zakkenroller-dinsdag.json --now 2016-11-08T12:00"
#define CASE_08 "rules/examples/08-veel-onbekend-maandag.json --now 2016-11-14T10:00"
#define CASE_12 "rules/examples/12-vastgelopen-comensha-vrijdagavond.json --now 2016-11-25T22:00"

/* A rulebook whose texts try to break out of HTML and Markdown. */
static const char hostile_rules[] =
  "rulebook \"Regels <script>alert('x')</script> & \\\"co\\\"\"\n"
  "  version \"h1\"\n"
  "  effective 2020-01-01\n"
  "  source \"Bron <b>vet</b> & 'zo'\"\n"
  "  references lijst\n"
  "\n"
  "fact open: bool\n"
  "  ask \"Is <i>het</i> open & bloot?\"\n"
  "fact onnodig: bool\n"
  "  ask \"Een vraag die niets beslist\"\n"
  "\n"
  "table lijst = {\n"
  "  een: { titel: \"<img src=x onerror=alert(1)>\", vindplaats: \"http://x/?a=1&b=2\" }\n"
  "}\n"
  "\n"
  "group g \"Groep <g>\"\n"
  "signal s_open in g \"Open <script>\" when open source \"Punt <1> & \\\"2\\\"\"\n"
  "\n"
  "rule r step 1 \"Regel *vet* _schuin_ `code`\"\n"
  "  when s_open\n"
  "  recommend \"Doe <script>alert(\\\"x\\\")</script> & ga door's\"\n"
  "  source \"Bron [link](http://evil) # kop\"\n"
  "\n"
  "rule r2 step 2\n"
  "  when open and not s_open\n"
  "  attention \"Nooit\"\n"
  "  source \"Bron 2\"\n";

static char *scratch;

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


/* Run, expect exit 0, mask hashes, compare with tests/golden/report/NAME. */
static void check_golden(const char *golden, const char *args) {
  tu_result r = tu_signaal(args, NULL);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  tu_mask_hashes(r.out);
  char name[256];
  snprintf(name, sizeof name, "report/%s", golden);
  assert_int_equal(tu_golden(name, r.out), 0);
  tu_result_free(&r);
}

/* Evaluate `case_args` (a case file and --now) with --json; the parsed
 * report (free with json_decref). */
static json_t *eval_json(const char *case_args) {
  tu_result r = tu_signaalf(NULL, "eval %s --json --facts %s", RULES, case_args);
  if (r.status != 0) fprintf(stderr, "%s", r.err);
  assert_int_equal(r.status, 0);
  json_t *root = json_loads(r.out, 0, NULL);
  assert_non_null(root);
  tu_result_free(&r);
  return root;
}

/* ---- explanations ----------------------------------------------------------- */

static void test_explain_text_golden(void **state) {
  (void)state;
  check_golden("01-explain.txt", "eval " RULES " --explain --facts " CASE_01);
  check_golden("12-explain.txt", "eval " RULES " --explain --facts " CASE_12);
}

/* What is urgent now comes first, under "Nu doen", and only there: case 02
 * (arrested on Saturday night) needs the crisis arrangements; case 12
 * (stuck on Friday evening) CoMensha's help desk. */
static void test_urgent_first(void **state) {
  (void)state;
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s", RULES,
                            "rules/examples/02-zaterdagnacht-rotterdam.json --now 2016-11-13T01:30");
  assert_int_equal(r.status, 0);
  const char *crisis = "de regionale afspraken omtrent crisishulpverlening aan minderjarigen gelden.";
  assert_true(tu_contains(r.out, "\nNu doen\n"));
  const char *urgent = strstr(r.out, "\nNu doen\n"), *advice = strstr(r.out, "\nAanbevelingen\n");
  assert_non_null(advice);
  assert_true(urgent < advice);
  const char *at = strstr(r.out, crisis);
  assert_true(at != NULL && at > urgent && at < advice);
  assert_null(strstr(at + 1, crisis));  /* once, not again under Aanbevelingen */
  tu_result_free(&r);
  r = tu_signaalf(NULL, "eval %s --facts %s", RULES, CASE_12);
  assert_int_equal(r.status, 0);
  urgent = strstr(r.out, "\nNu doen\n");
  advice = strstr(r.out, "\nAanbevelingen\n");
  at = strstr(r.out, "neem contact op met de Helpdesk van CoMensha");
  assert_true(urgent != NULL && at > urgent && at < advice);
  tu_result_free(&r);
  /* nothing urgent: the section says so */
  r = tu_signaalf(NULL, "eval %s --facts %s", RULES, CASE_08);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "\nNu doen\n  (geen)\n"));
  tu_result_free(&r);
}

/* Without --explain there is no chain and no fact value. */
static void test_text_without_explain(void **state) {
  (void)state;
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s", RULES, CASE_01);
  assert_int_equal(r.status, 0);
  assert_false(tu_contains(r.out, "waarom:"));
  assert_false(tu_contains(r.out, "vaste_verblijfplaats = false"));
  assert_true(tu_contains(r.out, "\nOpen vragen\n"));
  tu_result_free(&r);
  r = tu_signaalf(NULL, "eval %s --explain --facts %s", RULES, CASE_01);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "    waarom:\n      - voorwaarde Er zijn vermoedens"));
  assert_true(tu_contains(r.out, "- voorwaarde Past in het profiel"));
  assert_true(tu_contains(r.out, "- vaste_verblijfplaats = false — "));
  assert_true(tu_contains(r.out, "    uitzondering niet van toepassing:\n"
                                 "      - andere_gi_beargumenteerd = false"));
  assert_true(tu_contains(r.out, "waarom: zie hierboven (dezelfde regel)"));
  tu_result_free(&r);
}

/* Whether any object inside `value` has "see_above": true. */
static int has_see_above(json_t *value) {
  const char *key;
  size_t i;
  json_t *inner;
  if (json_is_object(value)) {
    if (json_is_true(json_object_get(value, "see_above"))) return 1;
    json_object_foreach(value, key, inner)
      if (has_see_above(inner)) return 1;
  } else if (json_is_array(value)) {
    json_array_foreach(value, i, inner)
      if (has_see_above(inner)) return 1;
  }
  return 0;
}

/* The object of `array` whose string member `key` is `value`, or NULL. */
static json_t *named(json_t *array, const char *key, const char *value) {
  size_t i;
  json_t *item;
  json_array_foreach(array, i, item) {
    const char *text = json_string_value(json_object_get(item, key));
    if (text != NULL && strcmp(text, value) == 0) return item;
  }
  return NULL;
}

static void test_json_explanations(void **state) {
  (void)state;
  check_golden("08.json", "eval " RULES " --json --facts " CASE_08);
  json_t *root = eval_json(CASE_01);
  /* beschermingsonderzoek: when vermoedens_mensenhandel, a condition that
   * rests on profiel_slachtoffer, a condition of signals that read facts. */
  json_t *recs = json_object_get(root, "recommendations");
  json_t *rec = named(recs, "rule", "beschermingsonderzoek");
  assert_non_null(rec);
  json_t *why = json_object_get(rec, "explanation");
  assert_string_equal(json_string_value(json_object_get(why, "rule")), "beschermingsonderzoek");
  assert_string_equal(json_string_value(json_object_get(why, "citation")),
                      "Werkwijze Raad, punt 1; Inleiding");
  assert_true(json_is_null(json_object_get(why, "unless")));
  json_t *when = json_object_get(why, "when");
  assert_true(json_is_true(json_object_get(when, "value")));
  json_t *suspicion = named(json_object_get(when, "reasons"), "name", "vermoedens_mensenhandel");
  assert_non_null(suspicion);
  assert_string_equal(json_string_value(json_object_get(suspicion, "kind")), "condition");
  json_t *profile = named(json_object_get(suspicion, "reasons"), "name", "profiel_slachtoffer");
  assert_non_null(profile);
  assert_string_equal(json_string_value(json_object_get(profile, "kind")), "condition");
  json_t *signal = json_array_get(json_object_get(profile, "reasons"), 0);
  assert_string_equal(json_string_value(json_object_get(signal, "kind")), "signal");
  json_t *fact = json_array_get(json_object_get(signal, "reasons"), 0);
  assert_string_equal(json_string_value(json_object_get(fact, "kind")), "fact");
  assert_string_equal(json_string_value(json_object_get(fact, "name")), "vaste_verblijfplaats");
  assert_true(json_is_false(json_object_get(fact, "value")));
  /* ljr_als_gi: its unless is false, because of a fact. */
  size_t i;
  json_t *item;
  int found_unless = 0;
  json_array_foreach(recs, i, item) {
    json_t *unless = json_object_get(json_object_get(item, "explanation"), "unless");
    if (!json_is_object(unless)) continue;
    assert_true(json_is_false(json_object_get(unless, "value")));
    found_unless = 1;
  }
  assert_true(found_unless);
  /* Every attention point and contact is explained too. */
  json_array_foreach(json_object_get(root, "attention"), i, item)
    assert_true(json_is_object(json_object_get(item, "explanation")));
  json_array_foreach(json_object_get(root, "contacts"), i, item) {
    size_t k;
    json_t *rule;
    json_array_foreach(json_object_get(item, "rules"), k, rule)
      assert_true(json_is_object(json_object_get(rule, "explanation")));
  }
  json_decref(root);
  /* A predicate shared in the DAG is explained once per chain: the profile
   * reached again through another condition says "see above". */
  root = eval_json(CASE_12);
  assert_true(has_see_above(root));
  json_decref(root);
}

/* ---- contacts and open questions ----------------------------------------------- */

static void test_contacts_once(void **state) {
  (void)state;
  json_t *root = eval_json(CASE_01);
  size_t i, ca = 0;
  json_t *c;
  json_array_foreach(json_object_get(root, "contacts"), i, c) {
    if (strcmp(json_string_value(json_object_get(c, "key")), "centrale_autoriteit") != 0) continue;
    ca++;
    assert_true(json_array_size(json_object_get(c, "rules")) >= 2);
  }
  assert_int_equal(ca, 1);
  json_decref(root);

  /* A contact whose key is unknown names the fact it waits for. */
  root = eval_json(CASE_08);
  c = json_array_get(json_object_get(root, "contacts"), 0);
  assert_string_equal(json_string_value(json_object_get(c, "table")), "rvdk_kantoren");
  assert_true(json_is_null(json_object_get(c, "key")));
  json_t *w = json_array_get(json_object_get(c, "waiting_for"), 0);
  assert_string_equal(json_string_value(json_object_get(w, "fact")), "rvdk_locatie");
  json_decref(root);
}

static void test_open_questions(void **state) {
  (void)state;
  json_t *root = eval_json(CASE_08);
  json_t *questions = json_object_get(root, "open_questions");
  assert_true(json_array_size(questions) >= 10);
  json_t *first = json_array_get(questions, 0);
  assert_string_equal(json_string_value(json_object_get(first, "fact")), "gezaghebbende_ouder_in_nl");
  assert_non_null(json_string_value(json_object_get(first, "question")));
  /* Ranked: the optional (context) questions last; within each part,
   * settles_max with the contacts an answer gives never grows down the
   * list. */
  json_int_t last = json_integer_value(json_object_get(first, "settles_max")) +
                    json_integer_value(json_object_get(first, "contacts"));
  int optional_seen = 0;
  size_t i;
  json_t *q;
  json_array_foreach(questions, i, q) {
    json_int_t max = json_integer_value(json_object_get(q, "settles_max")) +
                     json_integer_value(json_object_get(q, "contacts"));
    int optional = json_is_true(json_object_get(q, "optional"));
    assert_true(optional || !optional_seen);
    if (optional && !optional_seen) last = max;  /* a new part begins */
    optional_seen |= optional;
    assert_true(max <= last);
    /* a question waits on an undetermined rule, a decided one rests on it,
     * or the number of a contact waits for it */
    assert_true(json_integer_value(json_object_get(q, "waiting")) >= 1 ||
                json_integer_value(json_object_get(q, "presumed")) >= 1 ||
                json_integer_value(json_object_get(q, "contacts")) >= 1);
    last = max;
  }
  /* A question whose answer is only needed after another comes after it:
   * whether there was an asylum request, then in which country. */
  long asylum = -1, country = -1;
  json_array_foreach(questions, i, q) {
    const char *fact = json_string_value(json_object_get(q, "fact"));
    if (strcmp(fact, "asiel_aangevraagd") == 0) asylum = (long)i;
    if (strcmp(fact, "land_eerste_asielaanvraag") == 0) country = (long)i;
  }
  assert_true(asylum >= 0 && country > asylum);
  json_decref(root);

  /* The hostile rulebook: `onnodig` decides nothing and is not a question. */
  char *rules = tu_put(scratch, "vragen.rules", hostile_rules);
  assert_non_null(rules);
  char *facts = tu_put(scratch, "leeg.json", "{}");
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s --now 2020-01-02T10:00", rules, facts);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "Open vragen\n  1. Is <i>het</i> open & bloot?\n"
                                 "     elk antwoord beslist 2 van de 2 onbesliste regels die erop wachten\n"));
  assert_false(tu_contains(r.out, "onnodig"));
  tu_result_free(&r);
  free(rules);
  free(facts);
}

/* ---- decision reports --------------------------------------------------------- */

static void test_markdown_golden(void **state) {
  (void)state;
  check_golden("08.md", "eval " RULES " --report md --facts " CASE_08);
  check_golden("12.md", "eval " RULES " --report md --facts " CASE_12);
}

static void test_html_golden(void **state) {
  (void)state;
  check_golden("01.html", "eval " RULES " --report html --facts " CASE_01);
}

/* --report json is --json. */
static void test_report_json_is_json(void **state) {
  (void)state;
  tu_result a = tu_signaalf(NULL, "eval %s --json --facts %s", RULES, CASE_12);
  tu_result b = tu_signaalf(NULL, "eval %s --report json --facts %s", RULES, CASE_12);
  assert_int_equal(a.status, 0);
  assert_int_equal(b.status, 0);
  assert_string_equal(a.out, b.out);
  json_t *root = json_loads(a.out, 0, NULL);
  assert_non_null(root);
  json_t *list = json_object_get(root, "reading_list");
  assert_string_equal(json_string_value(json_object_get(list, "table")), "leeslijst");
  assert_int_equal(json_array_size(json_object_get(list, "entries")), 4);
  json_t *book = json_object_get(root, "rulebook");
  assert_int_equal(strlen(json_string_value(json_object_get(book, "bytecode_sha256"))), 64);
  assert_int_equal(strlen(json_string_value(json_object_get(book, "source_sha256"))), 64);
  json_decref(root);
  tu_result_free(&a);
  tu_result_free(&b);
}

static void test_hostile_texts_escaped(void **state) {
  (void)state;
  char *rules = tu_put(scratch, "vijandig.rules", hostile_rules);
  char *facts = tu_put(scratch, "vijandig.json", "{\"open\": true}");
  assert_non_null(rules);
  assert_non_null(facts);
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s --now 2020-01-02T10:00 --report html", rules, facts);
  assert_int_equal(r.status, 0);
  /* The page's own markup and nothing from the rules. */
  assert_false(tu_contains(r.out, "<script"));
  assert_false(tu_contains(r.out, "<img"));
  assert_false(tu_contains(r.out, "<b>"));
  assert_false(tu_contains(r.out, "<i>"));
  assert_true(tu_contains(r.out, "Doe &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ga door&#39;s"));
  assert_true(tu_contains(r.out, "Regels &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;"));
  assert_true(tu_contains(r.out, "&lt;img src=x onerror=alert(1)&gt;"));
  assert_true(tu_contains(r.out, "http://x/?a=1&amp;b=2"));
  assert_true(tu_contains(r.out, "Punt &lt;1&gt; &amp; &quot;2&quot;"));
  assert_true(tu_contains(r.out, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">"));
  /* Self-contained: no link, script or remote resource. */
  assert_false(tu_contains(r.out, "<link"));
  assert_false(tu_contains(r.out, "src=\""));
  assert_false(tu_contains(r.out, "href="));
  assert_false(tu_contains(r.out, "url("));
  assert_false(tu_contains(r.out, "@import"));
  tu_result_free(&r);

  r = tu_signaalf(NULL, "eval %s --facts %s --now 2020-01-02T10:00 --report md", rules, facts);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, "**Doe \\<script\\>alert(\"x\")\\</script\\> & ga door's**"));
  assert_true(tu_contains(r.out, "Regel \\*vet\\* \\_schuin\\_ \\`code\\`"));
  assert_true(tu_contains(r.out, "*Bron \\[link\\](http://evil) \\# kop*"));
  for (const char *p = strchr(r.out, '<'); p != NULL; p = strchr(p + 1, '<'))
    assert_true(p > r.out && p[-1] == '\\'); /* every < escaped */
  tu_result_free(&r);
  free(rules);
  free(facts);
}

/* ---- -o: atomic, and nothing written on an error -------------------------------- */

static void test_output_file(void **state) {
  (void)state;
  char *out = tu_path(scratch, "rapport.html");
  assert_non_null(out);
  assert_int_equal(tu_write_file(out, "oud rapport\n"), 0);
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s --report bogus -o %s", RULES, CASE_01, out);
  assert_int_equal(r.status, 2);
  assert_true(tu_contains(r.err, "--report expects text, json, md or html"));
  tu_result_free(&r);
  char *kept = tu_read_file(out, NULL);
  assert_string_equal(kept, "oud rapport\n");
  free(kept);
  /* A case file that does not parse: exit 1, the old report stays. */
  char *bad = tu_put(scratch, "kapot.json", "{\"vaste_verblijfplaats\": 3");
  r = tu_signaalf(NULL, "eval %s --facts %s --report html -o %s", RULES, bad, out);
  assert_int_equal(r.status, 1);
  tu_result_free(&r);
  kept = tu_read_file(out, NULL);
  assert_string_equal(kept, "oud rapport\n");
  free(kept);
  /* Success: the file holds exactly what stdout would. */
  r = tu_signaalf(NULL, "eval %s --facts %s --report html -o %s", RULES, CASE_01, out);
  assert_int_equal(r.status, 0);
  assert_string_equal(r.out, "");
  tu_result_free(&r);
  r = tu_signaalf(NULL, "eval %s --facts %s --report html", RULES, CASE_01);
  char *written = tu_read_file(out, NULL);
  assert_non_null(written);
  assert_string_equal(written, r.out);
  free(written);
  tu_result_free(&r);
  /* A directory that does not exist: exit 3, nothing left behind. */
  r = tu_signaalf(NULL, "eval %s --facts %s --report md -o %s/nergens/r.md", RULES, CASE_01, scratch);
  assert_int_equal(r.status, 3);
  assert_true(tu_contains(r.err, "error: cannot write"));
  tu_result_free(&r);
  free(bad);
  free(out);
}

/* ---- printing: headless Chromium renders the HTML report to PDF --------------------- */

#define CHROMIUM "/usr/bin/chromium"
#define PDFTOTEXT "/usr/bin/pdftotext"

/* `text` with every run of white space made one space, in place, so that
 * words a PDF wraps over two lines still read as one phrase. */
static void squeeze_spaces(char *text) {
  char *out = text;
  int space = 0;
  for (const char *p = text; *p != '\0'; p++) {
    if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
      space = out != text;
      continue;
    }
    if (space) *out++ = ' ';
    space = 0;
    *out++ = *p;
  }
  *out = '\0';
}

/* The page text of the printed report (case 08 on Monday 10:00), as
 * pdftotext reads it: the header, every section, a recommendation with its
 * rule and citation, and the print footer's page counter on every page. */
static void check_pdf_text(const char *pdf) {
  char command[1024];
  snprintf(command, sizeof command, PDFTOTEXT " -enc UTF-8 %s -", pdf);
  tu_result r = tu_run(command, NULL);
  if (r.status != 0) fprintf(stderr, "pdftotext (%d):\n%s", r.status, r.err);
  assert_int_equal(r.status, 0);
  squeeze_spaces(r.out);
  static const char *const phrases[] = {
    "Beslisrapport",
    "Regelboek: Landelijke aanpak criminele uitbuiting minderjarigen",
    "Versie: 2026-12",
    "Beoordeeld op: 2016-11-14T10:00:00",
    "Aanbevelingen",
    "Start een beschermingsonderzoek: er zijn vermoedens dat de minderjarige slachtoffer is",
    "regel beschermingsonderzoek — Beschermingsonderzoek (stap 41)",
    "bron: Werkwijze Raad, punt 1",
    "Aandachtspunten",
    "Contacten",
    "Open vragen",
    "Onderbouwing",
    "Leeslijst",
  };
  for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
    if (!tu_contains(r.out, phrases[i])) fprintf(stderr, "the PDF does not say: %s\n", phrases[i]);
    assert_true(tu_contains(r.out, phrases[i]));
  }
  /* "pagina 1 van N" on the first page, up to "pagina N van N" on the last */
  const char *first = strstr(r.out, "pagina 1 van ");
  assert_non_null(first);
  int pages = atoi(first + strlen("pagina 1 van "));
  assert_true(pages >= 2);
  for (int page = 2; page <= pages; page++) {
    char footer[64];
    snprintf(footer, sizeof footer, "pagina %d van %d", page, pages);
    if (!tu_contains(r.out, footer)) fprintf(stderr, "the PDF has no footer \"%s\"\n", footer);
    assert_true(tu_contains(r.out, footer));
  }
  tu_result_free(&r);
}

static void test_html_prints_to_pdf(void **state) {
  (void)state;
  static const char *const tools[] = { CHROMIUM, PDFTOTEXT };
  for (size_t i = 0; i < 2; i++) {
    if (access(tools[i], X_OK) == 0) continue;
    const char *skip = getenv("SG_SKIP_BROWSER");
    if (skip != NULL && strcmp(skip, "1") == 0) {
      skip();
      return;
    }
    fail_msg("%s is missing: install it (make deps installs the Debian packages chromium "
             "and poppler-utils), or set SG_SKIP_BROWSER=1 to skip this test", tools[i]);
  }
  char *html = tu_path(scratch, "druk.html");
  char *pdf = tu_path(scratch, "druk.pdf");
  char *png = tu_path(scratch, "druk.png");
  char *profile = tu_path(scratch, "chromium-profile");
  assert_non_null(profile);
  tu_result r = tu_signaalf(NULL, "eval %s --facts %s --report html -o %s", RULES, CASE_08, html);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  char command[2048];
  const char *flags = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                      "--disable-background-networking --disable-component-update --disable-sync";
  snprintf(command, sizeof command,
           "timeout 60 " CHROMIUM " %s --user-data-dir=%s --print-to-pdf=%s file://%s", flags,
           profile, pdf, html);
  r = tu_run(command, NULL);
  if (r.status != 0) fprintf(stderr, "chromium (%d):\n%s", r.status, r.err);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  size_t size = 0;
  char *bytes = tu_read_file(pdf, &size);
  assert_non_null(bytes);
  assert_true(size > 20000);
  assert_true(size < 20000000);
  assert_memory_equal(bytes, "%PDF-", 5);
  free(bytes);
  check_pdf_text(pdf);
  /* A screenshot too (SG_KEEP_SCREENSHOT=PATH keeps a copy to look at). */
  snprintf(command, sizeof command,
           "timeout 60 " CHROMIUM " %s --user-data-dir=%s --window-size=1000,1400 "
           "--screenshot=%s file://%s",
           flags, profile, png, html);
  r = tu_run(command, NULL);
  assert_int_equal(r.status, 0);
  tu_result_free(&r);
  bytes = tu_read_file(png, &size);
  assert_non_null(bytes);
  assert_true(size > 10000);
  assert_memory_equal(bytes, "\x89PNG", 4);
  const char *keep = getenv("SG_KEEP_SCREENSHOT");
  if (keep != NULL && keep[0] != '\0') tu_write_bytes(keep, bytes, size);
  free(bytes);
  free(html);
  free(pdf);
  free(png);
  free(profile);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_explain_text_golden),
    cmocka_unit_test(test_text_without_explain),
    cmocka_unit_test(test_json_explanations),
    cmocka_unit_test(test_contacts_once),
    cmocka_unit_test(test_open_questions),
    cmocka_unit_test(test_urgent_first),
    cmocka_unit_test(test_markdown_golden),
    cmocka_unit_test(test_html_golden),
    cmocka_unit_test(test_report_json_is_json),
    cmocka_unit_test(test_hostile_texts_escaped),
    cmocka_unit_test(test_output_file),
    cmocka_unit_test(test_html_prints_to_pdf),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
