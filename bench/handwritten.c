/* handwritten.c — the logic of bench/workload.rules written by hand in C, as
 * an engineer would without Signaal: the practical limit `make bench`
 * (bench/compare.sh) measures the engines against.
 *
 *   handwritten < corpus.jsonl > lines
 *
 * Reads one case a line (JSONL, as `signaal corpus` writes it) with cJSON,
 * evaluates the 25 rules with three-valued logic and prints one canonical
 * line per case:
 *
 *   fired=A,B,…;undetermined=C,D,…;contact=PHONE
 *
 * the fired and the undetermined rules by name in byte order, and the phone
 * of the Raad's office for the case's region when raad_bellen fires ("?"
 * while the region is unknown, "-" when the rule does not fire). Every
 * engine of the comparison prints the same lines.
 *
 * Three-valued (Kleene) logic by hand: a truth value is 0 (false), 1
 * (unknown) or 2 (true), so that `and` is the minimum, `or` the maximum and
 * `not` is 2 - x; `established x` is true only for 2. A fact absent from a
 * line or null is unknown. evaluate() is the per-case logic alone (no
 * parsing, no output): callgrind counts its instructions
 * (--toggle-collect=evaluate) against sg_eval's.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char tri;
enum { F = 0, U = 1, T = 2 };

static tri and2(tri a, tri b) { return a < b ? a : b; }
static tri or2(tri a, tri b) { return a > b ? a : b; }
static tri not1(tri a) { return (tri)(2 - a); }
static tri est(tri a) { return a == T ? T : F; }
static tri tri_of(int known, int holds) { return !known ? U : holds ? T : F; }

/* At least n of the k values are true: true once n are, false once n can no
 * longer be reached even if every unknown one were true, else unknown. */
static tri at_least(int n, const tri *v, int k) {
  int yes = 0, maybe = 0;
  for (int i = 0; i < k; i++) {
    yes += v[i] == T;
    maybe += v[i] == U;
  }
  return yes >= n ? T : yes + maybe < n ? F : U;
}

/* The enums, by the index of their value; -1 is unknown. */
enum { ZAKKENROLLERIJ, ANDER_VERMOGENSDELICT, ANDER_STRAFBAAR_FEIT, NIET_AANGEHOUDEN };
enum { GEEN, VERVALST, GELDIG };
static const char *const aangehouden_values[] = {"zakkenrollerij", "ander_vermogensdelict",
                                                 "ander_strafbaar_feit", "niet_aangehouden", NULL};
static const char *const papieren_values[] = {"geen", "vervalst", "geldig", NULL};
static const char *const regio_values[] = {"noord", "oost", "zuid", "west", "midden", NULL};
static const char *const regio_telefoon[] = {"050-1111111", "026-2222222", "040-3333333",
                                             "070-4444444", "030-5555555"};

/* The set dublinlanden: 30 codes, looked up in a table of all 26 x 26
 * two-letter codes made once at start-up. */
static const char *const dublinlanden[] = {
  "BE", "BG", "CY", "DK", "DE", "EE", "FI", "FR", "GR", "HU", "IE", "IT", "HR", "LV", "LT",
  "LU", "MT", "NO", "AT", "PL", "PT", "RO", "SI", "SK", "ES", "CZ", "SE", "IS", "LI", "CH"};
static unsigned char in_dublin[26 * 26];

static int code_index(const char *c) { return (c[0] - 'A') * 26 + (c[1] - 'A'); }

/* The facts of one case. */
typedef struct {
  tri vaste_verblijfplaats, reist_rond, contact_met_ouders, woont_bij_ouders,
      mishandeld_of_verwaarloosd, meerdere_aliassen, gegevens_ouders_bekend,
      volwassene_claimt_familie, familierelatie_bewezen, aangezet_tot_strafbare_feiten,
      vermoeden_medewerker, armoede_of_schulden, schooluitval, verslaving, zwanger,
      asielaanvraag_gedaan, uithuisplaatsing_nodig, andere_gi_beargumenteerd;
  int leeftijd_known;
  long leeftijd;
  int nationaliteit;       /* code_index, -1 unknown */
  int land_eerste_asiel;   /* code_index, -1 unknown */
  int aangehouden_voor, identiteitspapieren, regio;  /* value index, -1 unknown */
  int opmerking_known;
} facts;

/* The rules, in byte order of their names (the order of the output). */
enum {
  R_AANGIFTE, R_ANDERE_GI, R_ARMOEDE_HULP, R_BESCHERMINGSONDERZOEK, R_DUBLINCLAIM, R_EU_BURGER,
  R_FAMILIECLAIM_BEHOEDZAAM, R_FAMILIECLAIM_BIJ_PLAATSING, R_GEEN_TUNNELVISIE,
  R_IDENTITEIT_VASTSTELLEN, R_JONGE_LEEFTIJD, R_KWETSBAAR_KIND, R_LJR_ALS_GI,
  R_MEERDERJARIG_GEEN_AANPAK, R_MISHANDELING_MELDEN, R_NEDERLANDS_KIND, R_ONDERWIJS,
  R_OPMERKING_LEZEN, R_OUDERS_IN_NETWERK, R_OUDERS_ZOEKEN, R_RAAD_BELLEN,
  R_VEILIGHEIDSAFSPRAKEN, R_VERSLAVINGSZORG, R_VOVO_OVERWEGEN, R_ZWANGERSCHAP_ZORG, R_COUNT
};
static const char *const rule_names[R_COUNT] = {
  "aangifte", "andere_gi", "armoede_hulp", "beschermingsonderzoek", "dublinclaim", "eu_burger",
  "familieclaim_behoedzaam", "familieclaim_bij_plaatsing", "geen_tunnelvisie",
  "identiteit_vaststellen", "jonge_leeftijd", "kwetsbaar_kind", "ljr_als_gi",
  "meerderjarig_geen_aanpak", "mishandeling_melden", "nederlands_kind", "onderwijs",
  "opmerking_lezen", "ouders_in_netwerk", "ouders_zoeken", "raad_bellen",
  "veiligheidsafspraken", "verslavingszorg", "vovo_overwegen", "zwangerschap_zorg"};

/* The 24 signals, 6 conditions and 25 rules of bench/workload.rules. */
__attribute__((noinline)) void evaluate(const facts *f, tri *rule);
__attribute__((noinline)) void evaluate(const facts *f, tri *rule) {
  int nat_known = f->nationaliteit >= 0;
  tri nat_in_dublin = tri_of(nat_known, nat_known && in_dublin[f->nationaliteit]);
  tri nat_nl = tri_of(nat_known, f->nationaliteit == code_index("NL"));
  tri doelgroep[8] = {
    not1(f->vaste_verblijfplaats),
    and2(and2(f->reist_rond, not1(f->contact_met_ouders)), not1(est(f->woont_bij_ouders))),
    f->mishandeld_of_verwaarloosd,
    tri_of(f->aangehouden_voor >= 0, f->aangehouden_voor == ZAKKENROLLERIJ ||
                                         f->aangehouden_voor == ANDER_VERMOGENSDELICT),
    tri_of(f->identiteitspapieren >= 0,
           f->identiteitspapieren == GEEN || f->identiteitspapieren == VERVALST),
    f->meerdere_aliassen,
    not1(f->gegevens_ouders_bekend),
    and2(f->volwassene_claimt_familie, not1(f->familierelatie_bewezen)),
  };
  tri jong_kind = tri_of(f->leeftijd_known, f->leeftijd < 12);
  tri risico[8] = {
    f->armoede_of_schulden, f->schooluitval, f->verslaving, f->zwanger, jong_kind,
    tri_of(f->leeftijd_known, f->leeftijd >= 12 && f->leeftijd <= 17),
    and2(not1(nat_in_dublin), not1(nat_nl)),
    f->aangezet_tot_strafbare_feiten,
  };
  tri veel_risico = at_least(3, risico, 8);
  tri meerderjarig = f->leeftijd_known && f->leeftijd >= 18 ? T : F;
  tri profiel = and2(at_least(2, doelgroep, 8), not1(meerderjarig));
  tri vermoedens = or2(or2(profiel, f->vermoeden_medewerker), f->aangezet_tot_strafbare_feiten);
  int land_known = f->land_eerste_asiel >= 0;
  tri asiel_in_dublinland = tri_of(land_known, land_known && in_dublin[f->land_eerste_asiel]);
  tri dublinclaim_mogelijk = and2(and2(and2(and2(vermoedens, f->asielaanvraag_gedaan),
                                            asiel_in_dublinland), not1(nat_in_dublin)),
                                  not1(nat_nl));
  tri kwetsbaar = at_least(1, risico, 8);
  tri plaatsing = and2(vermoedens, or2(f->uithuisplaatsing_nodig, not1(f->vaste_verblijfplaats)));

  rule[R_BESCHERMINGSONDERZOEK] = profiel;
  rule[R_GEEN_TUNNELVISIE] = at_least(1, doelgroep, 8);
  rule[R_FAMILIECLAIM_BEHOEDZAAM] = doelgroep[7];
  rule[R_FAMILIECLAIM_BIJ_PLAATSING] = and2(doelgroep[7], plaatsing);
  rule[R_AANGIFTE] = vermoedens;
  rule[R_LJR_ALS_GI] = and2(profiel, not1(est(f->andere_gi_beargumenteerd)));
  rule[R_ANDERE_GI] = and2(profiel, f->andere_gi_beargumenteerd);
  rule[R_VOVO_OVERWEGEN] = and2(profiel, not1(est(f->woont_bij_ouders)));
  rule[R_DUBLINCLAIM] = dublinclaim_mogelijk;
  rule[R_EU_BURGER] = and2(vermoedens, nat_in_dublin);
  rule[R_NEDERLANDS_KIND] = and2(vermoedens, nat_nl);
  rule[R_VEILIGHEIDSAFSPRAKEN] = plaatsing;
  rule[R_ZWANGERSCHAP_ZORG] = and2(f->zwanger, vermoedens);
  rule[R_VERSLAVINGSZORG] = and2(f->verslaving, not1(meerderjarig));
  rule[R_ONDERWIJS] = and2(f->schooluitval, tri_of(f->leeftijd_known, f->leeftijd < 18));
  rule[R_ARMOEDE_HULP] = and2(f->armoede_of_schulden, not1(f->woont_bij_ouders));
  rule[R_KWETSBAAR_KIND] = and2(kwetsbaar, profiel);
  rule[R_JONGE_LEEFTIJD] = and2(jong_kind, or2(f->reist_rond, not1(f->contact_met_ouders)));
  rule[R_MEERDERJARIG_GEEN_AANPAK] = meerderjarig;
  rule[R_IDENTITEIT_VASTSTELLEN] = and2(doelgroep[4], f->meerdere_aliassen);
  rule[R_MISHANDELING_MELDEN] = and2(f->mishandeld_of_verwaarloosd, not1(meerderjarig));
  rule[R_OUDERS_ZOEKEN] = and2(doelgroep[6], not1(f->contact_met_ouders));
  rule[R_OPMERKING_LEZEN] = and2(f->opmerking_known ? T : F, vermoedens);
  rule[R_OUDERS_IN_NETWERK] =
    and2(and2(vermoedens, f->woont_bij_ouders),
         or2(f->contact_met_ouders, not1(f->gegevens_ouders_bekend)));
  rule[R_RAAD_BELLEN] = or2(vermoedens, veel_risico);
}

/* ---- Reading a line ------------------------------------------------------ */

static long line_no;

static void bad(const char *key, const char *what) {
  fprintf(stderr, "handwritten: line %ld: %s: %s\n", line_no, key, what);
  exit(1);
}

static tri get_bool(const cJSON *root, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  if (v == NULL || cJSON_IsNull(v)) return U;
  if (!cJSON_IsBool(v)) bad(key, "expects true, false or null");
  return cJSON_IsTrue(v) ? T : F;
}

static int get_enum(const cJSON *root, const char *key, const char *const *values) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  if (v == NULL || cJSON_IsNull(v)) return -1;
  if (!cJSON_IsString(v)) bad(key, "expects a string or null");
  for (int i = 0; values[i] != NULL; i++)
    if (strcmp(v->valuestring, values[i]) == 0) return i;
  bad(key, "is none of the enum's values");
  return -1;
}

static int get_country(const cJSON *root, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  if (v == NULL || cJSON_IsNull(v)) return -1;
  const char *s = cJSON_IsString(v) ? v->valuestring : "";
  if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
    bad(key, "expects a country code or null");
  return code_index(s);
}

static void read_case(const cJSON *root, facts *f) {
  f->vaste_verblijfplaats = get_bool(root, "vaste_verblijfplaats");
  f->reist_rond = get_bool(root, "reist_rond");
  f->contact_met_ouders = get_bool(root, "contact_met_ouders");
  f->woont_bij_ouders = get_bool(root, "woont_bij_ouders");
  f->mishandeld_of_verwaarloosd = get_bool(root, "mishandeld_of_verwaarloosd");
  f->meerdere_aliassen = get_bool(root, "meerdere_aliassen");
  f->gegevens_ouders_bekend = get_bool(root, "gegevens_ouders_bekend");
  f->volwassene_claimt_familie = get_bool(root, "volwassene_claimt_familie");
  f->familierelatie_bewezen = get_bool(root, "familierelatie_bewezen");
  f->aangezet_tot_strafbare_feiten = get_bool(root, "aangezet_tot_strafbare_feiten");
  f->vermoeden_medewerker = get_bool(root, "vermoeden_medewerker");
  f->armoede_of_schulden = get_bool(root, "armoede_of_schulden");
  f->schooluitval = get_bool(root, "schooluitval");
  f->verslaving = get_bool(root, "verslaving");
  f->zwanger = get_bool(root, "zwanger");
  f->asielaanvraag_gedaan = get_bool(root, "asielaanvraag_gedaan");
  f->uithuisplaatsing_nodig = get_bool(root, "uithuisplaatsing_nodig");
  f->andere_gi_beargumenteerd = get_bool(root, "andere_gi_beargumenteerd");
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "leeftijd");
  f->leeftijd_known = v != NULL && !cJSON_IsNull(v);
  if (f->leeftijd_known) {
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long)v->valuedouble)
      bad("leeftijd", "expects a whole number or null");
    f->leeftijd = (long)v->valuedouble;
  }
  f->nationaliteit = get_country(root, "nationaliteit");
  f->land_eerste_asiel = get_country(root, "land_eerste_asiel");
  f->aangehouden_voor = get_enum(root, "aangehouden_voor", aangehouden_values);
  f->identiteitspapieren = get_enum(root, "identiteitspapieren", papieren_values);
  f->regio = get_enum(root, "regio", regio_values);
  v = cJSON_GetObjectItemCaseSensitive(root, "opmerking");
  f->opmerking_known = v != NULL && !cJSON_IsNull(v);
  if (f->opmerking_known && !cJSON_IsString(v)) bad("opmerking", "expects a string or null");
}

/* ---- The canonical line -------------------------------------------------- */

/* The names of the rules whose value is v, comma-separated, in rule order. */
static void print_names(const tri *rule, tri v) {
  const char *sep = "";
  for (int r = 0; r < R_COUNT; r++)
    if (rule[r] == v) {
      fputs(sep, stdout);
      fputs(rule_names[r], stdout);
      sep = ",";
    }
}

static void print_line(const facts *f, const tri *rule) {
  fputs("fired=", stdout);
  print_names(rule, T);
  fputs(";undetermined=", stdout);
  print_names(rule, U);
  fputs(";contact=", stdout);
  fputs(rule[R_RAAD_BELLEN] != T ? "-" : f->regio < 0 ? "?" : regio_telefoon[f->regio], stdout);
  putchar('\n');
}

int main(void) {
  for (size_t i = 0; i < sizeof dublinlanden / sizeof dublinlanden[0]; i++)
    in_dublin[code_index(dublinlanden[i])] = 1;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  while ((len = getline(&line, &cap, stdin)) > 0) {
    line_no++;
    cJSON *root = cJSON_ParseWithLength(line, (size_t)len);
    if (root == NULL || !cJSON_IsObject(root)) bad("the line", "is not a JSON object");
    facts f;
    tri rule[R_COUNT];
    read_case(root, &f);
    cJSON_Delete(root);
    evaluate(&f, rule);
    print_line(&f, rule);
  }
  free(line);
  return ferror(stdout) ? 1 : 0;
}
