/* test_compiler.c — the compiler's diagnostics, as data: each case is a rule
 * text and the exact first line(s) the compiler must print for it (position
 * and message), covering the lexer, the parser and its error recovery, and
 * the checker. Also: the rendered caret, determinism, the names of the
 * source files in the image and its manifest, the API outside a successful
 * compile, and atomic writes.
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include "format.h"
#include "signaal.h"
#include "testutil.h"

#define HEADER "rulebook \"T\" version \"1\" effective 2016-11-01 source \"F\"\n"

/* The "file:line:col: error: message" lines of all diagnostics, joined. */
static char *diagnostics(const char *rules, int *errors) {
  sgc_compiler *c = tu_compile("t.rules", rules, errors);
  assert_non_null(c);
  size_t cap = 4096, len = 0;
  char *out = calloc(1, cap);
  for (size_t i = 0; i < sgc_diagnostic_count(c); i++) {
    const char *r = sgc_diagnostic_at(c, i)->rendered;
    size_t n = strcspn(r, "\n");
    if (len + n + 2 > cap) out = realloc(out, cap = (cap + n) * 2);
    memcpy(out + len, r, n);
    len += n;
    out[len++] = '\n';
    out[len] = '\0';
  }
  sgc_free(c);
  return out;
}

typedef struct {
  const char *rules;     /* appended to HEADER unless it starts with "!" */
  const char *expected;  /* all diagnostic first lines, each ending in \n */
} diag_case;

static void run_cases(const diag_case *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char src[4096];
    if (cases[i].rules[0] == '!') snprintf(src, sizeof src, "%s", cases[i].rules + 1);
    else snprintf(src, sizeof src, HEADER "%s", cases[i].rules);
    int errors = 0;
    char *got = diagnostics(src, &errors);
    int same = strcmp(got, cases[i].expected) == 0;
    if (!same)
      print_error("case %zu:\n%s\nexpected:\n%sgot:\n%s", i, src, cases[i].expected, got);
    free(got);
    if (!same) fail();
    assert_true(errors > 0);
  }
}

static void test_lexer_errors(void **state) {
  (void)state;
  static const diag_case cases[] = {
    { "fact a: bool ask \"A?\" $\n", "t.rules:2:23: error: unexpected character '$'\n" },
    { "fact a: bool ask \"A?\ncondition c when a\n",
      "t.rules:2:18: error: missing closing '\"' in text\n" },
    { "fact a: bool ask \"A\\q?\"\n", "t.rules:2:20: error: unknown escape sequence '\\q' in text\n" },
    { "fact a: date ask \"A?\"\ncondition c when a = 2016-02-30\n",
      "t.rules:3:22: error: '2016-02-30' is not a valid date\n" },
    { "fact a: datetime ask \"A?\"\ncondition c when a = 2016-02-03T25:00\n",
      "t.rules:3:22: error: '2016-02-03T25:00' is not a valid date and time\n" },
    { "fact a: int ask \"A?\"\ncondition c when a = 99999999999\n",
      "t.rules:3:22: error: integer '99999999999' is out of range\n" },
    { "window w = weekdays 09:00 .. 25:00\n",
      "t.rules:2:30: error: '25:00' is not a valid time of day\n" },
  };
  run_cases(cases, sizeof cases / sizeof *cases);
}

static void test_parser_errors(void **state) {
  (void)state;
  static const diag_case cases[] = {
    { "fact a bool ask \"A?\"\n",
      "t.rules:2:8: error: unexpected 'bool'; expected ':'\n" },
    { "rule r when (a recommend \"x\" source \"y\"\n",
      "t.rules:2:16: error: unexpected 'recommend'; expected 'and', 'or' or ')'\n" },
    /* recovery: one error per broken declaration, and the next ones still parse */
    { "fact a: bool ask \"A?\" foo\nfact b bool\nrule r when a recommend \"x\" source \"y\"\n",
      "t.rules:2:23: error: unexpected name 'foo'\n"
      "t.rules:3:8: error: unexpected 'bool'; expected ':'\n" },
    { "condition c when a = = b\n", "t.rules:2:22: error: unexpected '='\n" },
    { "condition c when\n", "t.rules:2:17: error: unexpected end of file\n" },
    /* a missing ',' between table entries: the next key is not read as the
     * word before a window (`open WINDOW`), whatever follows */
    { "table t = { a: \"1\" b: \"2\" }\n",
      "t.rules:2:21: error: unexpected ':' after 'b'; expected ',' before 'b' (a new entry), "
      "or 'open WINDOW' or 'checked DATE' after an entry\n" },
    { "table t = {\n  a: { x: \"1\" }\n  b: { x: \"2\" }\n}\n",
      "t.rules:4:4: error: unexpected ':' after 'b'; expected ',' before 'b' (a new entry), "
      "or 'open WINDOW' or 'checked DATE' after an entry\n" },
    { "table t open = { a: \"1\" }\n",
      "t.rules:2:14: error: unexpected '='; expected a name or a date literal\n" },
  };
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* Citations checked against documents (tests/doc/): a part that is no
 * label, with a hint; a document that cannot be read; a label written
 * twice; `document` outside the header. Without documents, any text is a
 * citation (every other case here). */
static void test_citation_errors(void **state) {
  (void)state;
#define DOC_HEADER "!rulebook \"T\" version \"1\" effective 2016-11-01 source \"F\"\n"
  static const diag_case cases[] = {
    { DOC_HEADER "  document \"tests/doc/bron.txt\"\n"
      "rule r when true recommend \"x\" source \"Punt 1; Pnt 2 (noot)\"\n",
      "t.rules:3:48: error: 'Pnt 2' is no paragraph of the rulebook's documents; did you mean "
      "'Punt 2'?\n" },
    { DOC_HEADER "  document \"tests/doc/bron.txt\"\n"
      "rule r when true recommend \"x\" source \"Hoofdstuk 9\"\n",
      "t.rules:3:40: error: 'Hoofdstuk 9' is no paragraph of the rulebook's documents (a "
      "citation names labels, '[LABEL]' in a document, separated by ';')\n" },
    { DOC_HEADER "  document \"tests/doc/geen.txt\"\n",
      "t.rules:2:12: error: cannot read 'tests/doc/geen.txt': No such file or directory\n" },
    { DOC_HEADER "  document \"tests/doc/dubbel.txt\"\n",
      "tests/doc/dubbel.txt:4:1: error: the label 'A' is written twice: a citation must name one "
      "paragraph\ntests/doc/dubbel.txt:2:1: note: the first 'A' is here\n" },
    { "rule r when true recommend \"x\" source \"y\" document \"tests/doc/bron.txt\"\n",
      "t.rules:2:43: error: 'document' does not belong in a rule\n" },
    /* a document without labels, one not UTF-8, an empty label (and labels
     * indented, with blanks inside the brackets, before a CRLF) */
    { DOC_HEADER "  document \"tests/doc/zonder.txt\"\n",
      "t.rules:2:12: error: 'tests/doc/zonder.txt' has no paragraphs: a line '[LABEL]' begins each "
      "one, which citations name\n" },
    { DOC_HEADER "  document \"tests/doc/latin1.txt\"\n",
      "t.rules:2:12: error: 'tests/doc/latin1.txt' is not UTF-8 text: a document is read as text\n" },
    { DOC_HEADER "  document \"tests/doc/randen.txt\"\n"
      "rule r when true recommend \"x\" source \"Punt A; Punt B\"\n",
      "tests/doc/randen.txt:2:1: error: an empty label: a paragraph's label says what a citation "
      "calls it ('[Werkwijze Raad, punt 1]')\n" },
    /* blanks around a part, a note with brackets inside, an empty note; a
     * note left open is no note */
    { DOC_HEADER "  document \"tests/doc/bron.txt\"\n"
      "rule r when true recommend \"x\" source \"  Punt 1  ;Punt 2 (noot (binnen)); Punt 3 (open\"\n"
      "rule q when true recommend \"y\" source \"Punt 1 ()\"\n",
      "t.rules:3:75: error: 'Punt 3 (open' is no paragraph of the rulebook's documents (a citation "
      "names labels, '[LABEL]' in a document, separated by ';')\n" },
  };
#undef DOC_HEADER
  run_cases(cases, sizeof cases / sizeof *cases);
  /* the documents and the citations through the API */
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules",
                               "rulebook \"T\" version \"1\" effective 2016-11-01 source \"F\"\n"
                               "  document \"tests/doc/bron.txt\"\n"
                               "rule r when true recommend \"x\" source \"Punt 2 (noot); Punt 1\"\n",
                               &errors);
  assert_int_equal(errors, 0);
  assert_int_equal(sgc_document_count(c), 1);
  const sgc_document *d = sgc_document_at(c, 0);
  assert_string_equal(d->title, "Proefbron");
  assert_int_equal(d->paragraph_count, 3);
  assert_string_equal(d->paragraphs[2].label, "Punt 3");
  assert_string_equal(d->paragraphs[2].text, "Door geen regel genoemd.");
  assert_int_equal(d->paragraphs[2].at.line, 11);
  assert_null(sgc_document_at(c, 1));
  assert_int_equal(sgc_citation_count(c), 2);
  const sgc_citation *ci = sgc_citation_at(c, 0);
  assert_string_equal(ci->name, "r");
  assert_string_equal(ci->kind, "rule");
  assert_int_equal(ci->paragraph, 1);
  assert_string_equal(ci->note, "noot");
  assert_int_equal(sgc_citation_at(c, 1)->paragraph, 0);
  assert_null(sgc_citation_at(c, 1)->note);
  assert_null(sgc_citation_at(c, 2));
  sgc_free(c);
}

static void test_checker_errors(void **state) {
  (void)state;
  static const diag_case cases[] = {
    { "!fact a: bool ask \"A?\"\n",
      "t.rules:1:1: error: the main file must start with the rulebook header (rulebook \"title\" "
      "version \"…\" effective YYYY-MM-DD source \"…\")\n" },
    { "!rulebook \"T\" effective 2016-11-01 source \"F\"\n",
      "t.rules:1:1: error: rulebook header 'T' needs a version (version \"2016-11\")\n" },
    { "fact a: bool ask \"A?\"\nfact a: int ask \"B?\"\n",
      "t.rules:3:6: error: 'a' is already declared (as a fact)\n"
      "t.rules:2:6: note: 'a' was declared here\n" },
    { "fact a: bool\n", "t.rules:2:6: error: fact 'a' needs a question (ask \"…?\")\n" },
    { "fact a: bool ask \"A?\"\nrule r when b recommend \"x\" source \"s\"\n",
      "t.rules:3:13: error: unknown name 'b'\n" },
    { "fact aanhouding: bool ask \"A?\"\nrule r when aanhoudng recommend \"x\" source \"s\"\n",
      "t.rules:3:13: error: unknown name 'aanhoudng'; did you mean 'aanhouding'?\n" },
    { "fact a: int ask \"A?\"\nrule r when a recommend \"x\" source \"s\"\n",
      "t.rules:3:13: error: 'when' needs a bool, but this is an int\n" },
    { "fact a: bool ask \"A?\"\nrule r when a recommend \"x\"\n",
      "t.rules:3:6: error: rule 'r' needs a citation (source \"Werkwijze Raad, punt 1\")\n" },
    { "fact a: bool ask \"A?\"\nrule r when a source \"s\"\n",
      "t.rules:3:6: error: rule 'r' needs an action (recommend \"…\", attention \"…\" or contact table[key])\n" },
    { "fact a: bool ask \"A?\"\nrule r when a when a recommend \"x\" source \"s\"\n",
      "t.rules:3:15: error: rule 'r' has a second 'when'\n"
      "t.rules:3:8: note: the first 'when' is here\n" },
    { "fact a: bool ask \"A?\"\nrule r when a ask \"q\" recommend \"x\" source \"s\"\n",
      "t.rules:3:15: error: 'ask' does not belong in a rule\n" },
    { "fact p: enum { x, y } ask \"P?\"\nrule r when p = z recommend \"x\" source \"s\"\n",
      "t.rules:3:17: error: 'z' is not a value of fact 'p'\n"
      "t.rules:2:6: note: 'p' has the values: x, y\n" },
    { "fact p: enum { x, y } ask \"P?\"\nrule r when p in { x, q } recommend \"x\" source \"s\"\n",
      "t.rules:3:23: error: 'q' is not a value of fact 'p'\n"
      "t.rules:2:6: note: 'p' has the values: x, y\n" },
    { "fact d: date ask \"D?\"\nfact t: datetime ask \"T?\"\nrule r when d < t recommend \"x\" source \"s\"\n",
      "t.rules:4:15: error: cannot compare a date with a datetime; take date(…) of the datetime first\n" },
    { "fact a: text ask \"A?\"\nrule r when a < \"x\" recommend \"x\" source \"s\"\n",
      "t.rules:3:15: error: '<', '<=', '>' and '>=' compare ints, dates or datetimes, not a text\n" },
    { "fact n: text protected ask \"N?\"\nrule r when n = \"NL\" recommend \"x\" source \"s\"\n",
      "t.rules:3:13: error: 'n' is a protected fact: rule 'r' must say why it reads it (justify n \"…\")\n" },
    { "fact n: text ask \"N?\"\nrule r when n = \"NL\" recommend \"x\" justify n \"w\" source \"s\"\n",
      "t.rules:3:44: error: 'n' is not protected; only protected facts are justified\n" },
    { "fact a: bool ask \"A?\"\ncondition c1 when c2 and a\ncondition c2 when c1\n",
      "t.rules:3:11: error: condition 'c1' depends on itself: c1 -> c2 -> c1\n" },
    { "fact a: bool ask \"A?\"\ngroup g \"G\"\nsignal s in g \"S\" when a source \"x\"\n"
      "condition c when at least 2 of g\n",
      "t.rules:5:18: error: group 'g' has only 1 signals, so at least 2 can never hold\n" },
    { "fact a: bool ask \"A?\"\nsignal s in nog \"S\" when a source \"x\"\n",
      "t.rules:3:13: error: unknown group 'nog'\n" },
    { "fact a: bool ask \"A?\"\ngroup g \"G\"\nsignal s in g when a source \"x\"\n",
      "t.rules:4:8: error: signal 's' needs a label (\"Heeft geen vaste woon- of verblijfplaats\")\n" },
    { "table t = { a: { x: \"1\", y: \"2\" }, b: { x: \"3\" } }\n",
      "t.rules:2:36: error: entry 'b' of table 't' lacks the field 'y'\n" },
    { "table t = { a: \"1\", a: \"2\" }\n", "t.rules:2:21: error: table 't' has the key 'a' twice\n"
      "t.rules:2:13: note: the first is here\n" },
    { "fact r: text ask \"R?\"\ntable t = { a: \"1\" }\nrule x when true contact t[\"b\"] source \"s\"\n",
      "t.rules:4:28: error: table 't' has no key 'b'\n" },
    { "window w = { mon, zon } 09:00 .. 17:00\n",
      "t.rules:2:19: error: 'zon' is not a day; days are weekdays, weekend, daily, or a list "
      "{ mon, tue, wed, thu, fri, sat, sun }\n" },
    { "window w = weekdays 17:00 .. 09:00\n", "t.rules:2:8: error: window 'w' must start before it ends\n" },
    { "window w = weekdays 09:00 .. 17:00 except feestdagen\n",
      "t.rules:2:43: error: a window can except 'holidays' or 'holidays and good friday', "
      "not 'feestdagen'\n" },
    { "window w = weekdays 09:00 .. 17:00 except holidays and easter monday\n",
      "t.rules:2:56: error: after 'except holidays and' only 'good friday' can follow, "
      "not 'easter monday'\n" },
    { "set s = { \"a\", 1 }\n", "t.rules:2:16: error: this set mixes text and int values\n" },
    /* open WINDOW: a window's name, after an entry or a table's name */
    { "window kantoortijden = weekdays 09:00 .. 17:00\n"
      "table t = { a: { x: \"1\" } open kantoortijd }\n",
      "t.rules:3:32: error: unknown window 'kantoortijd'; did you mean 'kantoortijden'?\n" },
    { "window kantoortijden = weekdays 09:00 .. 17:00\ntable t open kantortijden = { a: \"1\" }\n",
      "t.rules:3:14: error: unknown window 'kantortijden'; did you mean 'kantoortijden'?\n" },
    { "table u = { a: \"1\" }\ntable t = { a: \"1\" open u }\n",
      "t.rules:3:25: error: 'u' is a table, not a window\n" },
    { "window w = daily 00:00 .. 24:00\ntable t = { a: \"1\" hours w }\n",
      "t.rules:3:20: error: after a table entry or a table's name only 'open WINDOW' and "
      "'checked DATE' can follow, not 'hours'\n" },
    { "window w = daily 00:00 .. 24:00\ntable t = { a: \"1\" checked w }\n",
      "t.rules:3:28: error: 'checked' takes a date (YYYY-MM-DD), not a name\n" },
    { "table t = { a: \"1\" open 2020-01-01 }\n",
      "t.rules:2:25: error: 'open' takes a window's name, not a date\n" },
    { "table t = { a: \"1\" checked 2020-01-01 checked 2021-01-01 }\n",
      "t.rules:2:39: error: 'checked' appears twice here\n" },
    { "fact a: bool ask \"A?\"\nexample \"e\" given a = 3 expect a\n",
      "t.rules:3:23: error: fact 'a' is a bool, but this value is an int\n"
      "t.rules:3:32: error: 'a' is a fact; examples expect rules, signals or conditions\n" },
    { "fact a: bool ask \"A?\"\nrule r when a recommend \"x\" source \"s\"\nexample \"e\" given a = true\n",
      "t.rules:4:1: error: example \"e\" expects nothing; add expect NAME\n" },
    { "fact a: int ask \"A?\"\nrule r when weekday(a) = 1 recommend \"x\" source \"s\"\n",
      "t.rules:3:21: error: weekday(…) needs a date or datetime, but this is an int\n" },
    { "fact a: datetime ask \"A?\"\nrule r when a within kantoor recommend \"x\" source \"s\"\n",
      "t.rules:3:15: error: unknown window 'kantoor'\n" },
    /* assumptions: on signals, conditions, rules and windows only, never empty */
    { "window w = weekdays 09:00 .. 17:00\n  assumption \"\"\n",
      "t.rules:3:14: error: an assumption needs a text: what the rulebook assumes where its "
      "source is silent, and why\n" },
    { "fact a: bool ask \"A?\"\ncondition c when a assumption \" \\n \"\n",
      "t.rules:3:31: error: an assumption needs a text: what the rulebook assumes where its "
      "source is silent, and why\n" },
    { "fact a: bool ask \"A?\" assumption \"x\"\n",
      "t.rules:2:23: error: 'assumption' does not belong in a fact\n" },
    { "group g \"G\"\n  assumption \"x\"\n",
      "t.rules:3:3: error: 'assumption' does not belong in a group\n" },
    { "window w = { sat, sun } 00:00 .. 24:00 recommend \"x\"\n",
      "t.rules:2:40: error: 'recommend' does not belong in a window\n" },
    { "fact a: bool ask \"A?\"\nrule r when a recommend \"x\" source \"s\"\n"
      "  assumption \"twee\" assumption \"twee\"\n",
      "t.rules:4:32: error: rule 'r' makes the same assumption twice\n"
      "t.rules:4:14: note: the first is here\n" },
    /* periods: not empty; versions of one value, key or field do not overlap;
       dated items only in named sets; only on rules, signals, conditions, windows */
    { "fact a: bool ask \"A?\" from 2017-01-01\n",
      "t.rules:2:23: error: 'from' does not belong in a fact\n" },
    { "fact a: bool ask \"A?\"\nrule r from 2018-01-01 until 2017-01-01 when a recommend \"x\" source \"s\"\n",
      "t.rules:3:8: error: 'from 2018-01-01' is not before 'until 2017-01-01': the period is empty "
      "(until is the first day it no longer holds)\n" },
    { "set s = { \"x\" until 2017-01-01, \"x\" from 2016-06-01 }\n",
      "t.rules:2:33: error: this value has two versions that both hold from 2016-06-01 until "
      "2017-01-01; give them periods that do not overlap\n"
      "t.rules:2:11: note: the other version is here\n" },
    { "set s = { \"y\", \"y\" until 2017-01-01 }\n",
      "t.rules:2:16: error: this value has two versions that both hold until 2017-01-01; give them "
      "periods that do not overlap\n"
      "t.rules:2:11: note: the other version is here\n" },
    { "table t = { k: \"1\" until 2018-01-01, k: \"2\" from 2017-06-01 }\n",
      "t.rules:2:38: error: the key 'k' of table 't' has two versions that both hold from "
      "2017-06-01 until 2018-01-01; give them periods that do not overlap\n"
      "t.rules:2:13: note: the other version is here\n" },
    { "table f = { k: { n: \"a\" until 2017-01-01, n: \"b\" from 2016-06-01 } }\n",
      "t.rules:2:43: error: the field 'n' of entry 'k' has two versions that both hold from "
      "2016-06-01 until 2017-01-01; give them periods that do not overlap\n"
      "t.rules:2:18: note: the other version is here\n" },
    { "fact l: text ask \"L?\"\nrule r when l in { \"x\" until 2017-01-01 } recommend \"x\" source \"s\"\n",
      "t.rules:3:24: error: a date on an item belongs in a named set: declare the set with 'set "
      "NAME = { … }' and use its name here\n" },
    /* actors: a label; a rule names one that exists, once; only rules say `by` */
    { "actor raad\n", "t.rules:2:7: error: actor 'raad' needs a label (\"Raad voor de Kinderbescherming\")\n" },
    { "actor raad \"Raad\"\nfact a: bool ask \"A?\"\nrule r when a by raaf recommend \"x\" source \"s\"\n",
      "t.rules:4:18: error: unknown actor 'raaf'; did you mean 'raad'?\n" },
    { "actor raad \"Raad\"\nactor gi \"GI\"\nfact a: bool ask \"A?\"\n"
      "rule r when a by raad by gi recommend \"x\" source \"s\"\n",
      "t.rules:5:23: error: rule 'r' has a second 'by'\n"
      "t.rules:5:15: note: the first 'by' is here\n" },
    { "actor raad \"Raad\"\nfact a: bool ask \"A?\"\ncondition c when a by raad\n",
      "t.rules:4:20: error: 'by' does not belong in a condition\n" },
    { "include \"t.rules\"\n", "t.rules:2:9: error: 't.rules' is already part of the rulebook (included twice, or a cycle)\n" },
    { "include \"nonexistent.rules\"\n",
      "t.rules:2:9: error: cannot read 'nonexistent.rules': No such file or directory\n" },
    /* a message stays on one line, whatever a path holds (found by fuzzing) */
    { "include \"a\\nb\\t.rules\"\n",
      "t.rules:2:9: error: cannot read 'a\\nb\\t.rules': No such file or directory\n" },
  };
  /* the include cases resolve against the current directory: run there */
  char *dir = tu_make_dir();
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(dir), 0);
  char *self = tu_put(dir, "t.rules", "");
  run_cases(cases, sizeof cases / sizeof *cases);
  free(self);
  assert_int_equal(chdir(cwd), 0);
  tu_remove_dir(dir);
}

/* A text where a country is wanted must be an assigned ISO 3166-1 alpha-2
 * code; an alias, another case or a Dutch name get the code as a hint. */
static void test_country_errors(void **state) {
  (void)state;
#define LAND "fact land: country ask \"Land?\"\nfact naam: text ask \"Naam?\"\n"
  static const diag_case cases[] = {
    { LAND "condition c when land = \"UK\"\n",
      "t.rules:4:25: error: \"UK\" is not an ISO 3166-1 alpha-2 code; did you mean \"GB\"?\n" },
    { LAND "condition c when \"gb\" = land\n",
      "t.rules:4:18: error: \"gb\" is not an ISO 3166-1 alpha-2 code; did you mean \"GB\"?\n" },
    { LAND "condition c when land != \"EL\"\n",
      "t.rules:4:26: error: \"EL\" is not an ISO 3166-1 alpha-2 code; did you mean \"GR\"?\n" },
    { LAND "condition c when land in { \"BE\", \"Verenigd Koninkrijk\" }\n",
      "t.rules:4:34: error: \"Verenigd Koninkrijk\" is not an ISO 3166-1 alpha-2 code; did "
      "you mean \"GB\"?\n" },
    { LAND "set dublin: country = { \"BE\", \"XK\", \"EU\" }\n",
      "t.rules:4:31: error: \"XK\" is not an ISO 3166-1 alpha-2 code; a country is written as "
      "its assigned code of two capital letters, such as \"NL\"\n"
      "t.rules:4:37: error: \"EU\" is not an ISO 3166-1 alpha-2 code; a country is written as "
      "its assigned code of two capital letters, such as \"NL\"\n" },
    /* a set without a type is checked at its first use with a country */
    { LAND "set zuid = { \"IT\", \"italië\" }\ncondition c when land in zuid\n",
      "t.rules:4:20: error: \"italië\" is not an ISO 3166-1 alpha-2 code; did you mean \"IT\"?\n" },
    { LAND "set namen = { \"IT\" }\ncondition a when naam in namen\ncondition b when land in namen\n",
      "t.rules:6:26: error: set 'namen' holds text values, but the value tested is a country\n" },
    { LAND "set s: country = { 1, 2 }\n",
      "t.rules:4:20: error: set 's' is declared to hold countries, but this is an int\n" },
    { LAND "set s: date = { \"a\" }\n",
      "t.rules:4:8: error: a set holds texts, ints or countries, not dates\n" },
    { LAND "condition c when land < \"NL\"\n",
      "t.rules:4:23: error: '<', '<=', '>' and '>=' compare ints, dates or datetimes, not a country\n" },
    { LAND "condition c when land = naam\n",
      "t.rules:4:23: error: cannot compare a country with a text\n" },
    { LAND "condition c when land in kantoren\ntable kantoren = { NL: \"x\" }\n",
      "t.rules:4:23: error: table keys are texts; a country cannot be one\n" },
    { LAND "condition c when land = \"NL\"\nexample \"e\" given land = \"Nederland\" expect c\n",
      "t.rules:5:26: error: \"Nederland\" is not an ISO 3166-1 alpha-2 code; did you mean \"NL\"?\n" },
    /* a country is a text, never a bare name */
    { LAND "condition c when land = BE\n",
      "t.rules:4:25: error: a country is written as its code in quotes: \"BE\"\n" },
    { LAND "condition c when land in { be, Atlantis }\n",
      "t.rules:4:28: error: a country is written as its code in quotes: \"BE\"\n"
      "t.rules:4:32: error: unknown name 'Atlantis'; a country is written as its code in quotes, "
      "such as \"NL\"\n" },
    { LAND "condition c when land = \"NL\"\nexample \"e\" given land = 31 expect c\n",
      "t.rules:5:26: error: fact 'land' is a country, but this value is an int\n" },
  };
#undef LAND
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* Type errors in expressions (docs/language.md, "Expressions" and
 * "Constants"): operands of the wrong type, names that are no value, sets
 * and ranges against what they test, unknown functions. */
static void test_type_errors(void **state) {
  (void)state;
#define R " recommend \"x\" source \"s\"\n"
  static const diag_case cases[] = {
    /* not, established and within take a bool, a bool and a datetime */
    { "rule r when not 3" R, "t.rules:2:17: error: 'not' needs a bool, but this is an int\n" },
    { "rule r when established 3" R,
      "t.rules:2:25: error: 'established' needs a bool, but this is an int\n" },
    { "fact n: int ask \"N?\"\nwindow w = daily 00:00 .. 24:00\nrule r when n within w" R,
      "t.rules:4:13: error: 'within' needs a datetime, but this is an int\n" },
    /* a name that is nothing, or a declaration without a value */
    { "rule r when zz is known" R, "t.rules:2:13: error: unknown name 'zz'\n" },
    { "rule r when x = y" R, "t.rules:2:13: error: unknown name 'x'\n" },
    { "group g \"G\"\nrule r when g" R, "t.rules:3:13: error: 'g' is a group, which has no value here\n" },
    /* comparisons: one type on both sides */
    { "fact n: int ask \"N?\"\nfact t: text ask \"T?\"\nrule r when n = t" R,
      "t.rules:4:15: error: cannot compare an int with a text\n" },
    { "fact d: date ask \"D?\"\nfact t: datetime ask \"T?\"\nrule r when t > d" R,
      "t.rules:4:15: error: cannot compare a datetime with a date; take date(…) of the datetime first\n" },
    /* the built-in functions */
    { "fact a: date ask \"A?\"\nrule r when foo(a) = 1" R,
      "t.rules:3:13: error: unknown function 'foo'; the functions are weekday, hour and date\n" },
    { "rule r when weekday(zz) = 1" R, "t.rules:2:21: error: unknown name 'zz'\n" },
    { "fact a: int ask \"A?\"\nrule r when weekday(a and true) = 1" R,
      "t.rules:3:21: error: 'and' needs a bool, but this is an int\n" },
    /* ranges: an ordered type */
    { "fact a: text ask \"A?\"\nrule r when a in 1 .. 3" R,
      "t.rules:3:15: error: a range needs an int, date or datetime, but this is a text\n" },
    { "fact a: bool ask \"A?\"\nrule r when a in true .. false" R,
      "t.rules:3:15: error: a range needs an int, date or datetime, but this is a bool\n" },
    /* in: a set, a table, a list or a range, of the tested value's type */
    { "set s = { 1 }\nrule r when zz in s" R, "t.rules:3:13: error: unknown name 'zz'\n" },
    { "fact a: text ask \"A?\"\nrule r when a in q" R, "t.rules:3:18: error: unknown set or table 'q'\n" },
    { "fact a: text ask \"A?\"\nfact b: bool ask \"B?\"\nrule r when a in b" R,
      "t.rules:4:18: error: 'in' needs a set, a table, a { … } list or a range lo .. hi\n" },
    { "fact a: text ask \"A?\"\nrule r when a in \"x\"" R,
      "t.rules:3:18: error: 'in' needs a set, a table, a { … } list or a range lo .. hi\n" },
    { "fact n: int ask \"N?\"\ntable t = { a: \"1\" }\nrule r when n in t" R,
      "t.rules:4:15: error: table keys are texts; an int cannot be one\n" },
    { "fact n: int ask \"N?\"\nset s = { a, b }\nrule r when n in s" R,
      "t.rules:4:18: error: set 's' holds names, which only an enum fact can be tested against\n" },
    { "fact n: text ask \"N?\"\nset s = { 1, 2 }\nrule r when n in s" R,
      "t.rules:4:18: error: set 's' holds int values, but the value tested is a text\n" },
    { "fact n: text ask \"N?\"\nrule r when n in { 1, 2 }" R,
      "t.rules:3:18: error: this list holds int values, but the value tested is a text\n" },
    /* `expect text/contact … in RULE`: a rule, one that can give it */
    { "fact x: bool ask \"X?\"\ntable t = { a: \"A\" }\n"
      "rule r \"R\" when x recommend \"Bel\" source \"s\"\n"
      "example \"e\"\n  expect text \"Bel\" in r\n  expect text \"Raad\" in r\n"
      "  expect not text \"Raad\" in r\n  expect contact t[a] in r\n  expect text \"Bel\" in x\n",
      "t.rules:7:25: error: rule 'r' recommends nothing and gives no point of attention that says "
      "\"Raad\"\n"
      "t.rules:9:26: error: rule 'r' gives no contact of table 't'\n"
      "t.rules:10:24: error: 'x' is a fact, not a rule\n" },
    { "fact n: int ask \"N?\"\nrule r when n in { 1, 1 }" R,
      "t.rules:3:23: error: this value is already in the set\n"
      "t.rules:3:20: note: the first is here\n" },
    { "fact n: int ask \"N?\"\nrule r when n in { true }" R,
      "t.rules:3:20: error: a set holds texts, integers or enum value names\n" },
    /* a set's declared type: text, int or country, and its items of it */
    { "set s: bool = { true }\n",
      "t.rules:2:17: error: a set holds texts, integers or enum value names\n"
      "t.rules:2:8: error: a set holds texts, ints or countries, not bools\n" },
    { "set s: int = { \"a\" }\n", "t.rules:2:16: error: set 's' is declared to hold ints, but this is a text\n" },
  };
#undef R
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* Declarations that do not hold together (docs/language.md,
 * "Declarations"): the header's effective date, an enum value twice, a
 * table of texts and records mixed or with fields that differ, a window's
 * day twice or a span in a list, justifications that justify nothing, a
 * contact key of the wrong type, a rule without a condition. */
static void test_declaration_errors(void **state) {
  (void)state;
#define R " recommend \"x\" source \"s\"\n"
  static const diag_case cases[] = {
    { "!rulebook \"T\" version \"1\" source \"F\"\n",
      "t.rules:1:1: error: rulebook header 'T' needs an effective date (effective 2016-11-01)\n" },
    { "fact p: enum { x, y, x } ask \"P?\"\n", "t.rules:2:22: error: enum value 'x' appears twice\n" },
    { "table t = { a: \"1\", b: { x: \"2\" } }\n",
      "t.rules:2:21: error: entries of table 't' are all texts or all records { … }\n" },
    { "table t = { a: { x: \"1\", x: \"2\" } }\n", "t.rules:2:26: error: field 'x' appears twice\n" },
    { "table t = { a: { x: \"1\" }, b: { x: \"2\", y: \"3\" } }\n",
      "t.rules:2:41: error: field 'y' is not a field of the first entry of table 't'\n" },
    { "window w = { mon, mon } 09:00 .. 17:00\n", "t.rules:2:19: error: day 'mon' appears twice\n" },
    { "window w = { weekdays, sat } 09:00 .. 17:00\n",
      "t.rules:2:14: error: 'weekdays' is not a day; days are weekdays, weekend, daily, or a list "
      "{ mon, tue, wed, thu, fri, sat, sun }\n" },
    { "fact n: text protected ask \"N?\"\nrule r when n = \"a\" justify n \"w\" justify n \"w\"" R,
      "t.rules:3:43: error: 'n' is justified twice\n" },
    { "fact n: text protected ask \"N?\"\nfact a: bool ask \"A?\"\nrule r when a justify n \"w\"" R,
      "t.rules:4:23: error: rule 'r' does not read 'n', so there is nothing to justify\n" },
    { "fact a: bool ask \"A?\"\nrule r when a justify zz \"w\"" R, "t.rules:3:23: error: unknown fact 'zz'\n" },
    { "fact a: int ask \"A?\"\ntable t = { k: \"v\" }\nrule r when true contact t[a] source \"s\"\n",
      "t.rules:4:28: error: a contact key is a text or an enum value, not an int\n" },
    { "table t = { k: \"v\" }\nrule r when true contact t[zz] source \"s\"\n",
      "t.rules:3:28: error: unknown name 'zz'\n" },
    { "fact a: bool ask \"A?\"\nrule r when a unless 3" R,
      "t.rules:3:22: error: 'unless' needs a bool, but this is an int\n" },
    { "fact a: bool ask \"A?\"\nrule r" R, "t.rules:3:6: error: rule 'r' needs a condition (when …)\n" },
  };
#undef R
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* An expression nests at most SGC_MAX_EXPR_DEPTH deep: 500 levels compile,
 * 501 are one error, and a chain of 60,000 `or`s is one error, not a stack
 * overflow in the checker (found by a hostile input, issue 10), even with a
 * small stack. */
static void test_expression_depth(void **state) {
  (void)state;
  static const int terms[] = {500, 501, 60000};
  for (size_t k = 0; k < 3; k++) {
    size_t cap = strlen(HEADER) + 64 + (size_t)terms[k] * 5;
    char *src = malloc(cap);
    assert_non_null(src);
    size_t n = (size_t)snprintf(src, cap, HEADER "fact a: bool ask \"A?\"\ncondition c when a");
    for (int i = 1; i < terms[k]; i++) n += (size_t)snprintf(src + n, cap - n, " or a");
    snprintf(src + n, cap - n, "\n");
    int errors = 0;
    sgc_compiler *c = tu_compile("t.rules", src, &errors);
    assert_int_equal(errors, terms[k] < 501 ? 0 : 1);
    if (errors)
      assert_non_null(strstr(sgc_diagnostic_at(c, 0)->rendered, "nests more than 500 levels deep"));
    sgc_free(c);
    free(src);
  }
}

/* A chain of 20,000 conditions declared last-first orders without
 * recursion (it overflowed the stack at about 8,000, issue 10); includes
 * nest 64 deep and no deeper (one error at the 65th). */
static void test_long_chains(void **state) {
  (void)state;
  size_t cap = 40 * 20000 + 256;
  char *src = malloc(cap);
  assert_non_null(src);
  size_t n = (size_t)snprintf(src, cap, HEADER "fact a: bool ask \"A?\"\n");
  for (int i = 19999; i > 0; i--) n += (size_t)snprintf(src + n, cap - n, "condition c%d when c%d\n", i, i - 1);
  snprintf(src + n, cap - n, "condition c0 when a\n");
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules", src, &errors);
  assert_int_equal(errors, 0);
  sgc_free(c);
  free(src);

  char *dir = tu_make_dir();
  char name[32], text[160];
  for (int i = 0; i <= 66; i++) {  /* f0 includes f1 … f65 includes f66 */
    snprintf(name, sizeof name, "f%d.rules", i);
    snprintf(text, sizeof text, "%sinclude \"f%d.rules\"\nfact a%d: bool ask \"A?\"\n",
             i == 0 ? HEADER : "", i + 1, i);
    if (i == 66) snprintf(text, sizeof text, "fact a%d: bool ask \"A?\"\n", i);
    free(tu_put(dir, name, text));
  }
  char *main_file = tu_path(dir, "f0.rules");
  const char *paths[] = {main_file};
  c = sgc_new();
  assert_int_equal(sgc_compile_files(c, paths, 1), 1);
  assert_non_null(strstr(sgc_diagnostic_at(c, 0)->rendered, "f64.rules:1:9: error: includes nest more than 64 files deep"));
  sgc_free(c);
  free(main_file);
  tu_remove_dir(dir);
}

/* A set and a table of 30,000 entries compile (issue 12: appending and the
 * duplicate checks are linear, no longer quadratic); a value or key given
 * twice is still found, however far apart, with both places named. Not a
 * timed test: bench/ measures the time. */
static void test_large_sets_and_tables(void **state) {
  (void)state;
  enum { N = 30000 };
  size_t cap = (size_t)N * 40 + 512;
  char *src = malloc(cap);
  assert_non_null(src);
  size_t n = (size_t)snprintf(src, cap, HEADER "fact k: text ask \"K?\"\nset s = {\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "\"k%d\",\n", i);
  n += (size_t)snprintf(src + n, cap - n, "\"last\"\n}\ntable t = {\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "k%d: \"v%d\",\n", i, i);
  snprintf(src + n, cap - n, "last: \"v\"\n}\ncondition c when k in s\n");
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules", src, &errors);
  assert_int_equal(errors, 0);
  sgc_free(c);

  /* the same with one value and one key repeated at the end */
  char *set_end = strstr(src, "\"last\"\n}");
  memcpy(set_end, "\"k17\"", 5);            /* "last" -> "k17" + a space */
  set_end[5] = ' ';
  char *table_end = strstr(src, "last: \"v\"");
  memcpy(table_end, "k5  ", 4);
  c = tu_compile("t.rules", src, &errors);
  assert_int_equal(errors, 2);
  assert_non_null(strstr(sgc_diagnostic_at(c, 0)->rendered, "t.rules:30004:1: error: this value is already in the set"));
  assert_non_null(strstr(sgc_diagnostic_at(c, 1)->rendered, "t.rules:21:1: note: the first is here"));
  assert_non_null(strstr(sgc_diagnostic_at(c, 2)->rendered, "t.rules:60007:1: error: table 't' has the key 'k5' twice"));
  assert_non_null(strstr(sgc_diagnostic_at(c, 3)->rendered, "t.rules:30012:1: note: the first is here"));
  sgc_free(c);
  free(src);
}

/* Where a person's habit explains a syntax error, a note says so (issue
 * 11): a keyword misspelt within two edits, Dutch words for the keywords,
 * a Dutch date (DD-MM-YYYY) or time (HH.MM), `=` with a set. A name far
 * from every keyword gets no note. */
static void test_habit_hints(void **state) {
  (void)state;
  static const diag_case cases[] = {
    { "fact a: bool ask \"A?\"\nrule r when a recomend \"x\" source \"s\"\n",
      "t.rules:3:15: error: unexpected name 'recomend'\n"
      "t.rules:3:15: note: did you mean the keyword 'recommend'?\n" },
    { "fact a: bool ask \"A?\"\ncondition c when a en a\n",
      "t.rules:3:20: error: unexpected name 'en'\n"
      "t.rules:3:20: note: the rule language is written in English words: 'and', not the Dutch "
      "'en'\n" },
    { "fact a: bool ask \"A?\"\ncondition c when a of niet a\n",
      "t.rules:3:20: error: unexpected 'of'\n"
      "t.rules:3:20: note: the rule language is written in English words: 'or', not the Dutch "
      "'of'\n" },
    { "fact d: date ask \"D?\"\ncondition c when d < 01-02-2021\n",
      "t.rules:3:24: error: unexpected integer '-02'\n"
      "t.rules:3:24: note: a date is written year-month-day: 2021-02-01\n" },
    { "window w = weekdays 8.30 .. 17:00\n",
      "t.rules:2:21: error: unexpected integer '8'; expected a time of day\n"
      "t.rules:2:21: note: a time of day is written with a colon: 08:30\n"
      "t.rules:2:22: error: unexpected character '.'\n" },
    { "fact land: country ask \"L?\"\nset landen = { \"NL\" }\ncondition c when land = landen\n",
      "t.rules:4:25: error: 'landen' is a set, which has no value here\n"
      "t.rules:4:25: note: whether a value is in a set is asked with 'in': '… in landen'\n" },
    { "fact a: bool ask \"A?\"\nrule r when a zzzzzzzz \"x\" source \"s\"\n",
      "t.rules:3:15: error: unexpected name 'zzzzzzzz'\n" },
  };
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* Expectations about the advice are checked as written: the table of
 * `expect contact` is a table and the key one of its keys; `expect text`
 * has a text. */
static void test_expect_advice_errors(void **state) {
  (void)state;
  static const diag_case cases[] = {
    { "table t = { a: \"A\" }\nexample \"e\" expect contact t[\"z\"]\n",
      "t.rules:3:28: error: table 't' has no key 'z'\n" },
    { "window w = daily 00:00 .. 24:00\nexample \"e\" expect not contact w[a]\n",
      "t.rules:3:32: error: 'w' is a window, not a table\n" },
    { "example \"e\" expect text \"\"\n",
      "t.rules:2:25: error: 'expect text' needs a text to look for\n" },
  };
  run_cases(cases, sizeof cases / sizeof *cases);
}

/* An instruction names at most 65,536 facts (16-bit operands, issue 10):
 * reading fact 65,535 compiles, reading fact 65,536 is one error at the
 * use, never an index cut to 16 bits. */
static void test_declarations_limit(void **state) {
  (void)state;
  for (int last = 65535; last <= 65536; last++) {
    size_t cap = (size_t)(last + 1) * 32 + 256;
    char *src = malloc(cap);
    assert_non_null(src);
    size_t n = (size_t)snprintf(src, cap, HEADER);
    for (int i = 0; i <= last; i++) n += (size_t)snprintf(src + n, cap - n, "fact f%d: bool ask \"Q?\"\n", i);
    snprintf(src + n, cap - n, "condition c when f%d\n", last);
    int errors = 0;
    sgc_compiler *c = tu_compile("t.rules", src, &errors);
    assert_int_equal(errors, last == 65535 ? 0 : 1);
    if (errors)
      assert_non_null(strstr(sgc_diagnostic_at(c, 0)->message,
                             "too many declarations for one instruction (index 65536"));
    sgc_free(c);
    free(src);
  }
}

/* A rulebook of `n` lines `rule rI when zzI …`, each an unknown name, after
 * the header (a new string). */
static char *unknown_names(int n) {
  size_t cap = strlen(HEADER) + 64 * (size_t)n + 1;
  char *src = malloc(cap);
  size_t at = (size_t)snprintf(src, cap, HEADER);
  for (int i = 0; i < n; i++)
    at += (size_t)snprintf(src + at, cap - at, "rule r%d when zz%d recommend \"x\" source \"s\"\n", i, i);
  return src;
}

/* Floods stay linear (issues 10 and 12): the first 20 errors are shown
 * (sgc_set_max_errors: another number, or 0 for all), the rest counted in
 * one note at the end (100,000 errors took over 60 s, each one rescanning
 * the source from line 1 and looking for a hint); exactly as many errors
 * as the limit have no note. Brackets past the parser's 10,000 levels say
 * so (bison said "memory exhausted"), and a long source line is shown as a
 * window around the column, with "..." where it is cut. */
static void test_floods_and_long_lines(void **state) {
  (void)state;
  static const struct { int errors, limit, shown; const char *note; } cases[] = {
    {20, -1, 20, NULL},
    {250, -1, 21, "signaal: note: 230 more errors not shown: the first 20 are; fix them and "
                  "compile again\n"},
    {250, 100, 101, "signaal: note: 150 more errors not shown: the first 100 are; fix them and "
                    "compile again\n"},
    {250, 0, 250, NULL},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *src = unknown_names(cases[k].errors);
    sgc_compiler *c = sgc_new();
    assert_non_null(c);
    if (cases[k].limit >= 0) sgc_set_max_errors(c, cases[k].limit);
    assert_int_equal(sgc_compile_string(c, "t.rules", src, strlen(src)), cases[k].errors);
    assert_int_equal(sgc_diagnostic_count(c), cases[k].shown);
    int last = cases[k].note != NULL ? cases[k].shown - 2 : cases[k].shown - 1;
    char want[32];
    snprintf(want, sizeof want, "unknown name 'zz%d'", last);
    assert_string_equal(sgc_diagnostic_at(c, (size_t)last)->message, want);
    if (cases[k].note != NULL) {
      const sgc_diagnostic *d = sgc_diagnostic_at(c, (size_t)cases[k].shown - 1);
      assert_int_equal(d->severity, SGC_NOTE);
      assert_string_equal(d->rendered, cases[k].note);
    }
    sgc_free(c);
    free(src);
  }

  size_t depth = 10050, cap = strlen(HEADER) + 2 * depth + 64;
  char *src = malloc(cap);
  size_t at = (size_t)snprintf(src, cap, HEADER "fact a: bool ask \"A?\"\ncondition c when ");
  for (size_t i = 0; i < depth; i++) src[at++] = '(';
  src[at++] = 'a';
  for (size_t i = 0; i < depth; i++) src[at++] = ')';
  strcpy(src + at, "\n");
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules", src, &errors);
  assert_int_equal(errors, 1);
  const char *r = sgc_diagnostic_at(c, 0)->rendered;
  if (strstr(r, "nested too deeply") == NULL || strncmp(r, "t.rules:3:", 10) != 0) fail_msg("%.200s", r);
  assert_non_null(strstr(r, ": error: nested too deeply: the parser holds at most "
                            "10000 open levels"));
  /* the line: a window of 120 characters around the column, cut at both ends */
  const char *line = strchr(r, '\n') + 1;
  assert_true(strncmp(line, "    3 | ...(((", 13) == 0);
  const char *caret = strchr(line, '\n') + 1;
  assert_true(strlen(line) - strlen(caret) == 8 + 3 + 120 + 3 + 1);  /* gutter, cuts, newline */
  assert_true(strncmp(caret, "      |    ", 11) == 0);
  assert_int_equal(strchr(caret, '^') - caret, 8 + 3 + 40);
  sgc_free(c);
  free(src);
}

/* A NUL byte is one error at the first, never a string cut short in
 * silence ("ab\0cd" compiled to "ab", issue 10), nor a flood of errors
 * (20,000 NULs gave 201 MB of messages). */
static void test_nul_bytes(void **state) {
  (void)state;
  static const char text[] = HEADER "fact a: bool ask \"A?\"\n"
                             "rule r when a recommend \"ab\0cd\" source \"s\"\n";
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "t.rules", text, sizeof text - 1), 1);
  assert_non_null(strstr(sgc_diagnostic_at(c, 0)->rendered, "t.rules:3:28: error: a NUL byte"));
  sgc_free(c);
  size_t n = 20000 + strlen(HEADER);
  char *flood = calloc(1, n);
  assert_non_null(flood);
  memcpy(flood, HEADER, strlen(HEADER));
  c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "t.rules", flood, n), 1);
  assert_int_equal(sgc_diagnostic_count(c), 1);
  sgc_free(c);
  free(flood);
}

/* Bytes that are not UTF-8 are one error at the first, wherever they are
 * (a comment, a text, a name), and the file is read no further: a file of
 * Latin-1 or of random bytes is not a flood of messages (issue 10). */
static void test_invalid_utf8(void **state) {
  (void)state;
#define BYTES(literal) literal, sizeof literal - 1  /* a literal that may hold a NUL */
  static const struct { const char *text; size_t len; const char *expected; } cases[] = {
    {BYTES("# caf\xe9\n"), "t.rules:2:6: error: byte 0xe9 is not UTF-8"},
    {BYTES("fact a: bool ask \"W\xc3\xa9l \xff?\"\n"), "t.rules:2:23: error: byte 0xff is not UTF-8"},
    {BYTES("fact \xe9\xe9n: bool ask \"A?\"\n"), "t.rules:2:6: error: byte 0xe9 is not UTF-8"},
    {BYTES("fact a: bool ask \"\xc0\xaf\"\n"), "t.rules:2:19: error: byte 0xc0 is not UTF-8"},  /* overlong */
    {BYTES("fact a: bool ask \"\xed\xa0\x80\"\n"), "t.rules:2:19: error: byte 0xed is not UTF-8"},  /* surrogate */
    {BYTES("fact a: bool ask \"A?\" # \xe2\x82"), "t.rules:2:25: error: byte 0xe2 is not UTF-8"},  /* cut off */
    {BYTES("# \xff\0\n"), "t.rules:2:3: error: byte 0xff is not UTF-8"},  /* the first bad byte counts */
    {BYTES("# \0\xff\n"), "t.rules:2:3: error: a NUL byte"},
  };
#undef BYTES
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[256];
    size_t n = strlen(HEADER);
    memcpy(text, HEADER, n);
    memcpy(text + n, cases[i].text, cases[i].len);
    sgc_compiler *c = sgc_new();
    assert_int_equal(sgc_compile_string(c, "t.rules", text, n + cases[i].len), 1);
    assert_int_equal(sgc_diagnostic_count(c), 1);
    if (strstr(sgc_diagnostic_at(c, 0)->rendered, cases[i].expected) == NULL)
      fail_msg("case %zu: expected '%s', got:\n%s", i, cases[i].expected,
               sgc_diagnostic_at(c, 0)->rendered);
    sgc_free(c);
  }
  /* 20,000 bytes that are no UTF-8, with spaces between: one error */
  size_t n = strlen(HEADER) + 20000;
  char *flood = malloc(n);
  assert_non_null(flood);
  memcpy(flood, HEADER, strlen(HEADER));
  for (size_t i = strlen(HEADER); i < n; i++) flood[i] = (i % 2) ? (char)0xff : ' ';
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "t.rules", flood, n), 1);
  assert_int_equal(sgc_diagnostic_count(c), 1);
  sgc_free(c);
  free(flood);
  /* every length of sequence that is UTF-8 compiles */
  int errors = 0;
  c = tu_compile("t.rules", HEADER "fact a: bool ask \"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"\n"
                 "# caf\xc3\xa9\n", &errors);
  assert_int_equal(errors, 0);
  sgc_free(c);
}

/* `start` and a comment, 300 bytes in all, into text[301]. */
static void padded(char *text, const char *start) {
  size_t n = strlen(start);
  memcpy(text, start, n);
  text[n] = '#';
  memset(text + n + 1, 'x', 298 - n);
  text[299] = '\n';
  text[300] = '\0';
}

/* A rule file holds at most the limit (sgc_set_max_file_size; 16 MiB by
 * default): at the limit it compiles, one byte past it is one error naming
 * the file and the limit, and an endless file (/dev/zero) ends at once. */
static void test_file_size(void **state) {
  (void)state;
  /* a text given in memory, padded by a comment to exactly 300 bytes */
  char text[301];
  padded(text, HEADER "fact a: bool ask \"A?\"\n");
  for (size_t limit = 299; limit <= 300; limit++) {
    sgc_compiler *c = sgc_new();
    sgc_set_max_file_size(c, limit);
    int errors = sgc_compile_string(c, "t.rules", text, 300);
    assert_int_equal(errors, limit == 300 ? 0 : 1);
    if (errors)
      assert_string_equal(sgc_diagnostic_at(c, 0)->message,
                          "'t.rules' is larger than 299 bytes, the limit for a rule file");
    sgc_free(c);
  }
  /* an included file past the limit: the error is at its include */
  char *dir = tu_make_dir();
  assert_non_null(dir);
  char *main_file = tu_put(dir, "hoofd.rules", HEADER "include \"deel.rules\"\n");
  char part[301];
  padded(part, "fact b: bool ask \"B?\"\n");
  free(tu_put(dir, "deel.rules", part));
  const char *paths[] = {main_file};
  for (size_t limit = 299; limit <= 300; limit++) {
    sgc_compiler *c = sgc_new();
    sgc_set_max_file_size(c, limit);
    int errors = sgc_compile_files(c, paths, 1);
    assert_int_equal(errors, limit == 300 ? 0 : 1);
    if (errors) {
      const char *r = sgc_diagnostic_at(c, 0)->rendered;
      assert_non_null(strstr(r, "hoofd.rules:2:9: error: '"));
      assert_non_null(strstr(r, "deel.rules' is larger than 299 bytes, the limit for a rule file"));
    }
    sgc_free(c);
  }
  free(main_file);
  tu_remove_dir(dir);
  /* /dev/zero, with the default limit and with 0 (which restores it) */
  const char *zero[] = {"/dev/zero"};
  for (int pass = 0; pass < 2; pass++) {
    sgc_compiler *c = sgc_new();
    if (pass == 1) sgc_set_max_file_size(c, 0);
    assert_int_equal(sgc_compile_files(c, zero, 1), 1);
    assert_string_equal(sgc_diagnostic_at(c, 0)->rendered,
                        "signaal: error: '/dev/zero' is larger than 16777216 bytes, the limit for a rule file\n");
    sgc_free(c);
  }
  /* the reader itself: at most limit + 1 bytes are read */
  char *zeros = calloc(1, 10000);
  assert_non_null(zeros);
  FILE *f = fmemopen(zeros, 10000, "rb");
  assert_non_null(f);
  char *buf = NULL;
  size_t len = 0;
  assert_int_equal(sgr_read_stream(f, 4096, &buf, &len), EFBIG);
  assert_int_equal(ftell(f), 4097);
  fclose(f);
  free(zeros);
  f = fmemopen(text, 300, "rb");
  assert_non_null(f);
  assert_int_equal(sgr_read_stream(f, 300, &buf, &len), 0);
  assert_int_equal(len, 300);
  assert_memory_equal(buf, text, 300);
  free(buf);
  fclose(f);
}

static void test_rendered_caret(void **state) {
  (void)state;
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules", HEADER "fact a: bool ask \"Wél?\"\n"
                               "rule r when \"é\" = a recommend \"x\" source \"s\"\n", &errors);
  assert_int_equal(errors, 1);
  assert_string_equal(sgc_diagnostic_at(c, 0)->rendered,
                      "t.rules:3:17: error: cannot compare a text with a bool\n"
                      "    3 | rule r when \"é\" = a recommend \"x\" source \"s\"\n"
                      "      |                 ^\n");
  assert_int_equal(sgc_diagnostic_at(c, 0)->line, 3);
  assert_int_equal(sgc_diagnostic_at(c, 0)->column, 17); /* characters, not bytes */
  assert_null(sgc_image(c, NULL));
  sgc_free(c);
  /* a line ending in \r\n is shown without the \r; the caret line keeps
   * the source line's tabs, so the caret stays under the spot */
  c = tu_compile("t.rules", HEADER "fact a: bool ask \"A?\"\r\n\tcondition c when\tzz\r\n", &errors);
  assert_int_equal(errors, 1);
  assert_string_equal(sgc_diagnostic_at(c, 0)->rendered,
                      "t.rules:3:19: error: unknown name 'zz'\n"
                      "    3 | \tcondition c when\tzz\n"
                      "      | \t                \t^~\n");
  sgc_free(c);
}

static const char *const small_rules =
    HEADER
    "fact a: bool ask \"A?\"\n"
    "fact p: enum { x, y } ask \"P?\"\n"
    "group g \"G\"\n"
    "signal s in g \"S\" when a and p = x source \"Bron 1\"\n"
    "rule r step 1 when any of g recommend \"Doe iets.\" source \"Bron 2\"\n"
    "example \"voorbeeld\" given a = true, p = x expect r\n";

static void test_deterministic(void **state) {
  (void)state;
  int e1 = 0, e2 = 0;
  sgc_compiler *c1 = tu_compile("t.rules", small_rules, &e1);
  sgc_compiler *c2 = tu_compile("t.rules", small_rules, &e2);
  assert_int_equal(e1 + e2, 0);
  size_t n1, n2;
  const uint8_t *i1 = sgc_image(c1, &n1), *i2 = sgc_image(c2, &n2);
  assert_non_null(i1);
  assert_int_equal(n1, n2);
  assert_memory_equal(i1, i2, n1);
  assert_memory_equal(i1, "SGNL\r\n\x1a\n", 8);
  assert_int_equal(sgc_example_count(c1), 1);
  const sgc_example *ex = sgc_example_at(c1, 0);
  assert_string_equal(ex->title, "voorbeeld");
  assert_int_equal(ex->given_count, 2);
  assert_int_equal(ex->given[1].kind, SGC_GIVEN_ENUM);
  assert_string_equal(ex->given[1].text, "x");
  assert_int_equal(ex->expect_count, 1);
  assert_string_equal(ex->expect[0].name, "r");
  assert_null(ex->case_file);
  sgc_free(c1);
  sgc_free(c2);
}

/* `given "file.json"`: the path is resolved against the rule file's folder. */
static void test_example_case_file(void **state) {
  (void)state;
  sgc_compiler *c = sgc_new();
  const char *src = HEADER "fact a: bool ask \"A?\"\ncondition k when a\n"
                    "example \"e\" given \"../cases/one.json\" given a = true expect k\n";
  assert_int_equal(sgc_compile_string(c, "rules/sub/t.rules", src, strlen(src)), 0);
  const sgc_example *ex = sgc_example_at(c, 0);
  assert_string_equal(ex->case_file, "rules/cases/one.json");
  assert_int_equal(ex->case_line, 4);
  assert_int_equal(ex->case_column, 19);
  assert_int_equal(ex->given_count, 1);
  sgc_free(c);
}

/* The SHA-256 of `len` bytes at `data` in lower-case hex. */
static void sha256_hex(const char *data, size_t len, char out[65]) {
  sgr_sha256 h;
  uint8_t digest[32];
  sgr_sha256_init(&h);
  sgr_sha256_update(&h, data, len);
  sgr_sha256_final(&h, digest);
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* The image names the main file by its base name and the others by their
 * paths relative to its directory, normalized, also outside it (`../`);
 * the manifest gives each file's SHA-256, in file order; a diagnostic
 * names the file as it was read. */
static void test_file_names_and_manifest(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  assert_non_null(dir);
  char *boek = tu_path(dir, "boek"), *sub = tu_path(dir, "boek/sub"), *shared = tu_path(dir, "gedeeld");
  assert_int_equal(mkdir(boek, 0700) | mkdir(sub, 0700) | mkdir(shared, 0700), 0);
  const char *texts[3] = {
    HEADER "include \"sub/./x.rules\"\ninclude \"../gedeeld//y.rules\"\n",
    "fact a: bool ask \"A?\"\n",
    "condition k when a\n",
  };
  char *main_file = tu_put(dir, "boek/main.rules", texts[0]);
  char *x = tu_put(dir, "boek/sub/x.rules", texts[1]), *y = tu_put(dir, "gedeeld/y.rules", texts[2]);
  const char *path = main_file;
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_files(c, &path, 1), 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  static const char *const names[3] = {"main.rules", "sub/x.rules", "../gedeeld/y.rules"};
  assert_int_equal(sg_rulebook_file_count(rb), 3);
  for (size_t i = 0; i < 3; i++) {
    char hex[65];
    sha256_hex(texts[i], strlen(texts[i]), hex);
    assert_string_equal(sg_rulebook_file(rb, i), names[i]);
    assert_string_equal(sg_rulebook_file_sha256(rb, i), hex);
  }
  assert_null(sg_rulebook_file_sha256(rb, 3));
  int major = 0, minor = 0;
  sg_rulebook_format_version(rb, &major, &minor);
  assert_int_equal(major, SG_FORMAT_MAJOR);
  assert_int_equal(minor, SG_FORMAT_MINOR_VALIDITY);  /* 1.3: nothing of 1.4 used */
  sg_rulebook_free(rb);
  /* other spellings of the main file give the same bytes: through a '..',
   * behind "/.." at the root, and relative from below, where the resolved
   * include "../../gedeeld//y.rules" keeps its leading ".." */
  char *long_way = tu_path(dir, "boek/sub/../main.rules");
  size_t at_root_len = strlen(main_file) + 4;
  char *at_root = malloc(at_root_len);
  snprintf(at_root, at_root_len, "/..%s", main_file);
  const char *spellings[3] = {long_way, at_root, "../main.rules"};
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(sub), 0);
  for (size_t i = 0; i < 3; i++) {
    sgc_compiler *again = sgc_new();
    assert_int_equal(sgc_compile_files(again, &spellings[i], 1), 0);
    size_t again_size;
    const uint8_t *again_img = sgc_image(again, &again_size);
    assert_int_equal(again_size, size);
    assert_memory_equal(again_img, img, size);
    sgc_free(again);
  }
  assert_int_equal(chdir(cwd), 0);
  free(long_way);
  free(at_root);
  sgc_free(c);

  tu_write_file(y, "condition k when b\n");  /* an error: at the path as read */
  c = sgc_new();
  assert_true(sgc_compile_files(c, &path, 1) > 0);
  const sgc_diagnostic *d = sgc_diagnostic_at(c, 0);
  assert_non_null(strstr(d->file, dir));
  assert_non_null(strstr(d->file, "gedeeld//y.rules"));  /* spelt as the include spells it */
  sgc_free(c);
  free(boek);
  free(sub);
  free(shared);
  free(main_file);
  free(x);
  free(y);
  tu_remove_dir(dir);
}

/* Assumptions: where each is written (the file as the image names it, and
 * as given), in the image's order (source order); a rulebook without one
 * has no ASSUMPTIONS section. */
static void test_assumption_positions(void **state) {
  (void)state;
  const char *src = HEADER
      "fact a: bool ask \"A?\"\n"
      "rule r2 when a recommend \"x\" source \"s\"\n"
      "  assumption \"van r2\"\n"
      "window w = weekdays 09:00 .. 17:00 except holidays and good friday\n"
      "  assumption \"van w\" assumption \"ook van w\"\n"
      "rule r1 step 1 when c recommend \"y\" source \"s\" assumption \"van r1\"\n"
      "condition c when a assumption \"van c\"\n";
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "regels/./t.rules", src, strlen(src)), 0);
  assert_int_equal(sgc_assumption_count(c), 5);
  static const int where[5][2] = {{4, 3}, {6, 3}, {6, 22}, {7, 48}, {8, 20}};
  for (size_t i = 0; i < 5; i++) {
    const sgc_position *at = sgc_assumption_at(c, i);
    assert_string_equal(at->file, "t.rules");          /* as the image names it */
    assert_string_equal(at->path, "regels/./t.rules"); /* as given, for messages */
    assert_int_equal(at->line, where[i][0]);
    assert_int_equal(at->column, where[i][1]);
  }
  assert_null(sgc_assumption_at(c, 5));
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  assert_int_equal(sg_rd32(img + 20), 16);  /* the 14 of 1.0, ASSUMPTIONS and MANIFEST */
  assert_int_equal(sg_rd32(img + SG_HEADER_SIZE + 14 * SG_DIR_ENTRY_SIZE), SG_SEC_ASSUMPTIONS);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  static const struct { int kind; size_t owner; const char *text; } want[5] = {
    {SG_OWNER_RULE, 1, "van r2"}, {SG_OWNER_WINDOW, 0, "van w"}, {SG_OWNER_WINDOW, 0, "ook van w"},
    {SG_OWNER_RULE, 0, "van r1"}, {SG_OWNER_PREDICATE, 0, "van c"},
  };
  assert_int_equal(sg_assumption_count(rb), 5);
  for (size_t i = 0; i < 5; i++) {
    int kind;
    size_t owner;
    const char *text;
    sg_assumption(rb, i, &kind, &owner, &text);
    assert_int_equal(kind, want[i].kind);
    assert_int_equal(owner, want[i].owner);
    assert_string_equal(text, want[i].text);
  }
  sg_rulebook_free(rb);
  sgc_free(c);

  int errors = 0;
  c = tu_compile("t.rules", small_rules, &errors);
  assert_int_equal(errors, 0);
  img = sgc_image(c, &size);
  assert_int_equal(sg_rd32(img + 20), 15);  /* no ASSUMPTIONS: the 14 and MANIFEST */
  assert_int_equal(sg_rd32(img + SG_HEADER_SIZE + 14 * SG_DIR_ENTRY_SIZE), SG_SEC_MANIFEST);
  assert_int_equal(sgc_assumption_count(c), 0);
  sgc_free(c);
}

/* `open WINDOW`: an entry's own window wins over its table's; an entry
 * without either has none; a plain table may have hours too; `open` stays
 * a name elsewhere. The image then has HOURS (1.2); one without `open` has
 * no such section. */
static void test_open_hours(void **state) {
  (void)state;
  const char *src = HEADER
      "fact open: bool ask \"Open?\"\n"
      "table kantoren open kantoor = {\n"
      "  amsterdam: { naam: \"A\" },\n"
      "  utrecht: { naam: \"U\" } open spreekuur,\n"
      "  zwolle: { naam: \"Z\" } }\n"
      "table contacten = { ljr: \"LJ&R\", ca: \"CA\" open spreekuur }\n"
      "table leeg = { x: \"X\" }\n"
      "window spreekuur = weekdays 10:30 .. 12:30 except holidays\n"
      "window kantoor = weekdays 09:00 .. 17:00\n"
      "rule r when open contact contacten[\"ca\"] source \"s\"\n";
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "t.rules", src, strlen(src)), 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  assert_int_equal(sg_rd16(img + 10), SG_FORMAT_MINOR_VALIDITY);  /* no CHECKED: 1.3 */
  assert_int_equal(sg_rd32(img + 20), 16);  /* the 14 of 1.0, HOURS and MANIFEST */
  assert_int_equal(sg_rd32(img + SG_HEADER_SIZE + 14 * SG_DIR_ENTRY_SIZE), SG_SEC_HOURS);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  assert_int_equal(sg_table_entry_window(rb, 0, 0), 1);   /* the table's */
  assert_int_equal(sg_table_entry_window(rb, 0, 1), 0);   /* its own */
  assert_int_equal(sg_table_entry_window(rb, 0, 2), 1);
  assert_int_equal(sg_table_entry_window(rb, 1, 0), -1);  /* none */
  assert_int_equal(sg_table_entry_window(rb, 1, 1), 0);
  assert_int_equal(sg_table_entry_window(rb, 2, 0), -1);
  sg_rulebook_free(rb);
  sgc_free(c);

  int errors = 0;
  c = tu_compile("t.rules", small_rules, &errors);
  assert_int_equal(errors, 0);
  img = sgc_image(c, &size);
  assert_int_equal(sg_rd32(img + 20), 15);  /* no HOURS: the 14 and MANIFEST */
  assert_int_equal(sg_rd32(img + SG_HEADER_SIZE + 14 * SG_DIR_ENTRY_SIZE), SG_SEC_MANIFEST);
  sgc_free(c);
}

/* `checked DATE` after an entry or a table's name: the day an entry was
 * last checked, its own before its table's, in either order with `open`;
 * a file that has one says 1.4. */
static void test_checked_dates(void **state) {
  (void)state;
  const char *src = HEADER
      "fact k: enum { a, b } ask \"K?\"\n"
      "window w = weekdays 09:00 .. 17:00\n"
      "table t checked 2016-11-01 = {\n"
      "  a: { naam: \"A\" } checked 2024-05-01 open w,\n"
      "  b: { naam: \"B\" } open w from 2020-01-01 }\n"
      "table u = { a: \"A\" checked 2025-01-31, b: \"B\" }\n"
      "rule r when k = a contact t[k] source \"s\"\n";
  sgc_compiler *c = sgc_new();
  assert_int_equal(sgc_compile_string(c, "t.rules", src, strlen(src)), 0);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  assert_int_equal(sg_rd16(img + 10), SG_FORMAT_MINOR_CHECKED);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  int32_t day = 0;
  assert_int_equal(sg_table_entry_checked(rb, 0, 0, &day), 1);
  assert_int_equal(day, sg_days_from_civil(2024, 5, 1));   /* its own */
  assert_int_equal(sg_table_entry_checked(rb, 0, 1, &day), 1);
  assert_int_equal(day, sg_days_from_civil(2016, 11, 1));  /* the table's */
  assert_int_equal(sg_table_entry_window(rb, 0, 0), 0);
  assert_int_equal(sg_table_entry_checked(rb, 1, 0, &day), 1);
  assert_int_equal(day, sg_days_from_civil(2025, 1, 31));
  assert_int_equal(sg_table_entry_checked(rb, 1, 1, &day), 0);  /* none */
  sg_rulebook_free(rb);
  /* where each entry and its check date are written (for check's warnings);
   * NULL for an entry without a date and for a bad table or entry index */
  const sgc_position *at = sgc_entry_at(c, 0, 1);
  assert_non_null(at);
  assert_string_equal(at->file, "t.rules");
  assert_int_equal(at->line, 6);
  assert_int_equal(at->column, 3);
  at = sgc_entry_checked_at(c, 0, 0);  /* its own */
  assert_non_null(at);
  assert_int_equal(at->line, 5);
  assert_int_equal(at->column, 20);
  at = sgc_entry_checked_at(c, 0, 1);  /* the table's */
  assert_non_null(at);
  assert_int_equal(at->line, 4);
  assert_int_equal(at->column, 9);
  assert_null(sgc_entry_checked_at(c, 1, 1));
  assert_null(sgc_entry_at(c, 0, 2));
  assert_null(sgc_entry_at(c, 2, 0));
  assert_null(sgc_entry_checked_at(c, 2, 0));
  assert_non_null(sgc_entry_at(c, 1, 1));  /* the last entry of the last table */
  assert_null(sgc_entry_at(c, 1, 2));
  sgc_free(c);
}

/* The compiler's API outside a successful compile (include/signaal_compiler.h):
 * after errors there is no image, no example, no assumption and no entry;
 * an index out of range gives NULL; a compiler compiles once (-1 after);
 * no files is an error, and so is a file given twice. */
static void test_api_contract(void **state) {
  (void)state;
  const char *bad = HEADER "fact a: bool ask \"A?\"\ncondition c when a assumption \"x\"\n"
                    "table t = { k: \"v\" checked 2020-01-01 }\nexample \"e\" given a = true expect zz\n";
  int errors = 0;
  sgc_compiler *c = tu_compile("t.rules", bad, &errors);
  assert_int_equal(errors, 1);
  size_t size = 99;
  assert_null(sgc_image(c, &size));
  assert_int_equal(size, 0);
  assert_int_equal(sgc_example_count(c), 0);
  assert_null(sgc_example_at(c, 0));
  assert_int_equal(sgc_assumption_count(c), 0);
  assert_null(sgc_assumption_at(c, 0));
  assert_null(sgc_entry_at(c, 0, 0));
  assert_null(sgc_entry_checked_at(c, 0, 0));
  assert_int_equal(sgc_diagnostic_count(c), 1);
  assert_non_null(sgc_diagnostic_at(c, 0));
  assert_null(sgc_diagnostic_at(c, 1));
  assert_int_equal(sgc_out_of_memory(c), 0);
  assert_int_equal(sgc_compile_string(c, "t.rules", bad, strlen(bad)), -1);  /* once */
  sgc_free(c);

  c = tu_compile("t.rules", small_rules, &errors);
  assert_int_equal(errors, 0);
  assert_non_null(sgc_image(c, NULL));  /* the size may be NULL */
  assert_non_null(sgc_example_at(c, 0));
  assert_null(sgc_example_at(c, 1));
  const char *path = "t.rules";
  assert_int_equal(sgc_compile_files(c, &path, 1), -1);
  sgc_free(c);

  c = sgc_new();
  assert_int_equal(sgc_compile_files(c, NULL, 0), 1);
  assert_string_equal(sgc_diagnostic_at(c, 0)->message, "no rule files given");
  sgc_free(c);

  char *dir = tu_make_dir();
  char *main_file = tu_put(dir, "t.rules", small_rules);
  const char *twice[2] = {main_file, main_file};
  c = sgc_new();
  assert_int_equal(sgc_compile_files(c, twice, 2), 1);
  char expected[4200];
  snprintf(expected, sizeof expected, "'%s' is given twice", main_file);
  assert_string_equal(sgc_diagnostic_at(c, 0)->message, expected);
  sgc_free(c);
  free(main_file);
  tu_remove_dir(dir);
}

/* The number of names in directory `dir`, "." and ".." left out. */
static int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  if (d != NULL) closedir(d);
  return n;
}

static void test_atomic_write(void **state) {
  (void)state;
  char *dir = tu_make_dir();
  char *path = tu_put(dir, "out.rbc", "old contents");
  char err[256];
  assert_int_equal(sgc_write_atomic(path, "new", 3, err, sizeof err), 0);
  size_t n;
  char *got = tu_read_file(path, &n);
  assert_int_equal(n, 3);
  assert_memory_equal(got, "new", 3);
  free(got);
  /* a write into a missing directory fails, says why, and leaves nothing */
  char *bad = tu_path(dir, "missing/out.rbc");
  assert_int_not_equal(sgc_write_atomic(bad, "x", 1, err, sizeof err), 0);
  assert_true(tu_contains(err, "missing/out.rbc"));
  free(bad);
  /* only a regular file is replaced: a FIFO or a socket is left as it is */
  char *fifo = tu_path(dir, "fifo");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(sgc_write_atomic(fifo, "x", 1, err, sizeof err), -1);
  assert_true(tu_contains(err, "' is not a regular file (a FIFO): it is left as it is"));
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  char *sock = tu_path(dir, "sock");
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  assert_true(strlen(sock) < sizeof addr.sun_path);
  strcpy(addr.sun_path, sock);
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
  assert_int_equal(sgc_write_atomic(sock, "x", 1, err, sizeof err), -1);
  assert_true(tu_contains(err, "' is not a regular file (not a plain file): it is left as it is"));
  close(fd);
  /* a path too long for a temporary name beside it */
  char long_path[PATH_MAX + 8], long_err[PATH_MAX + 64];
  memset(long_path, 'a', sizeof long_path - 1);
  long_path[sizeof long_path - 1] = '\0';
  assert_int_equal(sgc_write_atomic(long_path, "x", 1, long_err, sizeof long_err), -1);
  assert_true(tu_contains(long_err, "': File name too long"));
  /* a name without a directory is written in the current one */
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(dir), 0);
  assert_int_equal(sgc_write_atomic("here.rbc", "new", 3, err, sizeof err), 0);
  assert_int_equal(chdir(cwd), 0);
  char *here = tu_path(dir, "here.rbc");
  got = tu_read_file(here, &n);
  assert_int_equal(n, 3);
  free(got);
  assert_int_equal(count_entries(dir), 4);  /* out.rbc, fifo, sock, here.rbc: no temporary file */
  free(here);
  free(fifo);
  free(sock);
  free(path);
  tu_remove_dir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lexer_errors),
    cmocka_unit_test(test_parser_errors),
    cmocka_unit_test(test_checker_errors),
    cmocka_unit_test(test_citation_errors),
    cmocka_unit_test(test_expression_depth),
    cmocka_unit_test(test_long_chains),
    cmocka_unit_test(test_large_sets_and_tables),
    cmocka_unit_test(test_declarations_limit),
    cmocka_unit_test(test_habit_hints),
    cmocka_unit_test(test_expect_advice_errors),
    cmocka_unit_test(test_floods_and_long_lines),
    cmocka_unit_test(test_nul_bytes),
    cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_file_size),
    cmocka_unit_test(test_country_errors),
    cmocka_unit_test(test_type_errors),
    cmocka_unit_test(test_declaration_errors),
    cmocka_unit_test(test_rendered_caret),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_example_case_file),
    cmocka_unit_test(test_file_names_and_manifest),
    cmocka_unit_test(test_assumption_positions),
    cmocka_unit_test(test_open_hours),
    cmocka_unit_test(test_checked_dates),
    cmocka_unit_test(test_api_contract),
    cmocka_unit_test(test_atomic_write),
  };
  return cmocka_run_group_tests_name("compiler", tests, NULL, NULL);
}
