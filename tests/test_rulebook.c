/* test_rulebook.c — the bundled rulebook as a whole: it compiles, every
 * example in it passes, every rule, signal and condition is named by an
 * example, every rule and signal cites the factsheet, and every fact a
 * case worker is asked about has a question.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "format.h"
#include "signaal.h"
#include "testutil.h"

static void test_examples_pass_and_cover_everything(void **state) {
  (void)state;
  tu_result r = tu_signaal("test rules/uitbuiting.rules --quiet", NULL);
  assert_int_equal(r.status, 0);
  assert_true(tu_contains(r.out, " passed, 0 failed\n"));
  /* "coverage: N of N rules named by an example" with nothing left out */
  const char *kinds[] = { "rules", "signals", "conditions" };
  for (size_t k = 0; k < 3; k++) {
    char want[64];
    snprintf(want, sizeof want, " %s named by an example\n", kinds[k]);
    const char *line = strstr(r.out, want);
    assert_non_null(line);
    const char *start = line;
    while (start > r.out && start[-1] != '\n') start--;
    unsigned covered = 0, total = 0;
    assert_int_equal(sscanf(start, "coverage: %u of %u", &covered, &total), 2);
    assert_true(total > 0);
    assert_int_equal(covered, total);
  }
  tu_result_free(&r);
}

/* The bundled rulebook, compiled and loaded; free both. */
static sg_rulebook *load_bundled(sgc_compiler **c) {
  const char *main_file = "rules/uitbuiting.rules";
  *c = sgc_new();
  assert_int_equal(sgc_compile_files(*c, &main_file, 1), 0);
  size_t size;
  const uint8_t *img = sgc_image(*c, &size);
  sg_rulebook *rb;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  return rb;
}

static void test_every_rule_and_signal_cites_the_factsheet(void **state) {
  (void)state;
  sgc_compiler *c;
  sg_rulebook *rb = load_bundled(&c);
  assert_true(sg_rule_count(rb) >= 20);
  for (size_t i = 0; i < sg_rule_count(rb); i++) assert_true(sg_rule_citation(rb, i)[0] != '\0');
  for (size_t i = 0; i < sg_pred_count(rb); i++)
    if (sg_pred_kind_of(rb, i) == SG_SIGNAL) assert_true(sg_pred_citation(rb, i)[0] != '\0');
  for (size_t i = 0; i < sg_fact_count(rb); i++) assert_true(sg_fact_question(rb, i)[0] != '\0');
  /* no fact about ethnicity or origin: the profile must fit a child from anywhere */
  for (size_t i = 0; i < sg_fact_count(rb); i++) {
    assert_null(strstr(sg_fact_name(rb, i), "etni"));
    assert_null(strstr(sg_fact_name(rb, i), "afkomst"));
    assert_null(strstr(sg_fact_name(rb, i), "roma"));
  }
  assert_true(sg_rulebook_reading_list(rb) >= 0);
  sg_rulebook_free(rb);
  sgc_free(c);
}

/* The field `field` of entry `e` of table `t`, or NULL. */
static const char *field_of(const sg_rulebook *rb, size_t t, size_t e, const char *field) {
  for (size_t f = 0; f < sg_table_field_count(rb, t); f++)
    if (strcmp(sg_table_field(rb, t, f), field) == 0) return sg_table_value(rb, t, e, f);
  return NULL;
}

/* The RvdK's offices stand twice, by location and by region (the
 * factsheet's table): every location's number stands in its region's
 * entry, after the location's name, and every region of the locations is a
 * key of the region table, written as the fact rvdk_regio spells it. */
static void test_offices_match_their_regions(void **state) {
  (void)state;
  sgc_compiler *c;
  sg_rulebook *rb = load_bundled(&c);
  long offices = sg_table_find(rb, "rvdk_kantoren"), regions = sg_table_find(rb, "rvdk_regios");
  assert_true(offices >= 0 && regions >= 0);
  size_t seen = 0;
  for (size_t e = 0; e < sg_table_entry_count(rb, (size_t)offices); e++) {
    const char *region = field_of(rb, (size_t)offices, e, "regio");
    const char *place = field_of(rb, (size_t)offices, e, "locatie");
    const char *phone = field_of(rb, (size_t)offices, e, "telefoon");
    assert_non_null(region);
    char key[64];
    size_t k = 0;
    for (const char *p = region; *p && k + 1 < sizeof key; p++)
      key[k++] = *p == ' ' || *p == '-' ? '_' : (char)tolower((unsigned char)*p);
    key[k] = '\0';
    long r = -1;
    for (size_t i = 0; i < sg_table_entry_count(rb, (size_t)regions); i++)
      if (strcmp(sg_table_key(rb, (size_t)regions, i), key) == 0) r = (long)i;
    if (r < 0) fail_msg("region '%s' of office '%s' is no key of rvdk_regios", region, place);
    char want[160];
    snprintf(want, sizeof want, "%s %s", place, phone);
    const char *listed = field_of(rb, (size_t)regions, (size_t)r, "locaties");
    if (strstr(listed, want) == NULL)
      fail_msg("rvdk_regios[%s] does not list \"%s\"", key, want);
    seen++;
  }
  assert_int_equal(seen, 16);  /* the factsheet's sixteen locations */
  sg_rulebook_free(rb);
  sgc_free(c);
}

/* Lower-case hex of a 32-byte hash. */
static void hex32(const uint8_t *hash, char out[65]) {
  for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", hash[i]);
}

/* The source hash of the rulebook compiled from `main_file`, and its version. */
static void source_hash_of(const char *main_file, char hex[65], char *version, size_t cap) {
  sgc_compiler *c = sgc_new();
  if (sgc_compile_files(c, &main_file, 1) != 0) fail_msg("%s does not compile", main_file);
  size_t size;
  const uint8_t *img = sgc_image(c, &size);
  sg_rulebook *rb;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  hex32(sg_rulebook_source_hash(rb), hex);
  snprintf(version, cap, "%s", sg_rulebook_version(rb));
  sg_rulebook_free(rb);
  sgc_free(c);
}

/* docs/editions.md publishes each edition's image and hashes: every image
 * loads and verifies and has its hashes; frozen sources compile to their
 * edition's source hash; the working rulebook is the edition its version
 * names, byte for byte in its sources (a change to the rules needs a new
 * version and a published image). */
static void test_editions(void **state) {
  (void)state;
  size_t size;
  char *doc = tu_read_file("docs/editions.md", &size);
  assert_non_null(doc);
  char working_hex[65], working_version[64];
  source_hash_of("rules/uitbuiting.rules", working_hex, working_version, sizeof working_version);
  int editions = 0, working_published = 0;
  for (char *line = strstr(doc, "\n| 20"); line != NULL; line = strstr(line + 1, "\n| 20")) {
    char edition[32], image[128], image_hex[65], source_hex[65], sources[128];
    if (sscanf(line, "\n| %31s | `%127[^`]` | `%64[0-9a-f]` | `%64[0-9a-f]` | `%127[^`]`", edition,
               image, image_hex, source_hex, sources) != 5)
      fail_msg("docs/editions.md: a row of the table does not read: %.60s", line + 1);
    size_t n = 0;
    char *bytes = tu_read_file(image, &n);
    if (bytes == NULL) fail_msg("%s (docs/editions.md) cannot be read", image);
    sgr_sha256 h;
    uint8_t digest[32];
    char hex[65];
    sgr_sha256_init(&h);
    sgr_sha256_update(&h, bytes, n);
    sgr_sha256_final(&h, digest);
    hex32(digest, hex);
    if (strcmp(hex, image_hex) != 0) fail_msg("%s has SHA-256 %s, docs/editions.md says %s", image, hex, image_hex);
    sg_rulebook *rb;
    sg_error err;
    if (sg_rulebook_load((const uint8_t *)bytes, n, NULL, NULL, &rb, &err) != SG_OK)
      fail_msg("%s does not load: %s", image, err.message);
    hex32(sg_rulebook_source_hash(rb), hex);
    assert_string_equal(hex, source_hex);
    assert_string_equal(sg_rulebook_version(rb), edition);
    sg_rulebook_free(rb);
    free(bytes);
    char frozen[160], frozen_hex[65], frozen_version[64];
    snprintf(frozen, sizeof frozen, "%suitbuiting.rules", sources);
    if (strncmp(sources, "rules/edities/", 14) == 0) {  /* frozen sources of their own */
      source_hash_of(frozen, frozen_hex, frozen_version, sizeof frozen_version);
      if (strcmp(frozen_hex, source_hex) != 0)
        fail_msg("the frozen sources %s of edition %s were changed (source hash %s, published %s)",
                 sources, edition, frozen_hex, source_hex);
    }
    if (strcmp(edition, working_version) == 0) {
      working_published = 1;
      if (strcmp(working_hex, source_hex) != 0)
        fail_msg("rules/uitbuiting.rules says version %s, but its sources differ from that "
                 "published edition: give the changed rulebook a new version and publish it "
                 "(docs/editions.md, \"Making a new edition\")", edition);
    }
    editions++;
  }
  assert_true(editions >= 2);
  if (!working_published)
    fail_msg("rules/uitbuiting.rules says version %s, which docs/editions.md does not publish",
             working_version);
  free(doc);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_examples_pass_and_cover_everything),
    cmocka_unit_test(test_every_rule_and_signal_cites_the_factsheet),
    cmocka_unit_test(test_offices_match_their_regions),
    cmocka_unit_test(test_editions),
  };
  return cmocka_run_group_tests_name("rulebook", tests, NULL, NULL);
}
