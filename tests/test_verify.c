/* test_verify.c — the loader and verifier: a hand-built valid image loads,
 * and every kind of damage listed in docs/bytecode.md §Verification is
 * rejected with its own message (never a crash), including every truncation,
 * every single-bit flip and random mutations behind the CRC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "allochook.h"
#include "country.h"
#include "imagebuild.h"
#include "internal.h"
#include "signaal.h"

static const ib_block no_block = {0, 0};

/* A small rulebook that uses every section (assumptions of each owner
 * kind too, and the hours of a table entry) and most opcodes. */
static void standard(ib_image *im) {
  static const char *const papieren[] = {"geen", "vervalst", "geldig"};
  ib_init(im);
  ib_fact(im, "leeftijd", SG_INT, 0, 0, NULL);                /* 0 */
  ib_fact(im, "land", SG_TEXT, 1, 0, NULL);                   /* 1 */
  ib_fact(im, "papieren", SG_ENUM, 0, 3, papieren);           /* 2 */
  ib_fact(im, "moment", SG_DATETIME, 0, 0, NULL);             /* 3 */
  ib_fact(im, "dakloos", SG_BOOL, 0, 0, NULL);                /* 4 */
  uint32_t landen[] = {ib_str(im, "BE"), ib_str(im, "BG")};
  ib_set(im, "dublin", SG_TEXT, SG_NONE, 2, landen);
  uint32_t slecht[] = {0, 1};
  ib_set(im, "slecht", SG_ENUM, 2, 2, slecht);
  static const char *const field[] = {""};
  static const char *const cells[] = {"amsterdam", "020", "den haag", "070"};
  ib_table(im, "kantoren", 1, field, 2, cells);
  ib_window(im, "kantoortijden", 0x1f, 0, 9 * 60, 17 * 60);
  uint32_t members[] = {0, 1};
  ib_group(im, "doelgroep", 2, members);

  uint32_t s = ib_here(im);
  ib_line(im, s, 0, 10, 3);
  ib_op16(im, SG_OP_FACT, 2);
  ib_op16(im, SG_OP_INSET, 1);
  ib_op(im, SG_OP_RET);
  ib_pred(im, "geen_papieren", SG_SIGNAL, 0, ib_end(im, s));
  s = ib_here(im);
  ib_line(im, s, 0, 14, 3);
  ib_op16(im, SG_OP_FACT, 4);
  ib_op(im, SG_OP_RET);
  ib_pred(im, "dakloos_signaal", SG_SIGNAL, 0, ib_end(im, s));
  s = ib_here(im);
  ib_op1616(im, SG_OP_ATLEAST, 0, 1);
  uint32_t j = ib_here(im);
  ib_op16(im, SG_OP_JFALSE, 0);
  ib_op16(im, SG_OP_FACT, 0);
  ib_op32(im, SG_OP_INT, 18);
  ib_op(im, SG_OP_LT);
  ib_op(im, SG_OP_AND);
  ib_patch(im, j);
  ib_op(im, SG_OP_RET);
  ib_pred(im, "profiel", SG_CONDITION, SG_NONE, ib_end(im, s));
  s = ib_here(im);
  ib_op16(im, SG_OP_FACT, 3);
  ib_op16(im, SG_OP_WITHIN, 0);
  ib_op(im, SG_OP_RET);
  ib_pred(im, "kantoortijd", SG_CONDITION, SG_NONE, ib_end(im, s));

  s = ib_here(im);
  ib_op16(im, SG_OP_PRED, 2);
  ib_op(im, SG_OP_RET);
  ib_block when = ib_end(im, s);
  s = ib_here(im);
  ib_op16(im, SG_OP_FACT, 1);
  ib_op16(im, SG_OP_INSET, 0);
  ib_op(im, SG_OP_RET);
  ib_block unless = ib_end(im, s);
  s = ib_here(im);
  ib_op32(im, SG_OP_TEXT, ib_str(im, "amsterdam"));
  ib_op(im, SG_OP_RET);
  ib_block key = ib_end(im, s);
  uint32_t actions[] = {ib_action(im, SG_RECOMMEND, "Doe een beschermingsonderzoek", SG_NONE, no_block),
                        ib_action(im, SG_CONTACT, "", 0, key)};
  ib_rule(im, "onderzoek", 1, when, unless, 2, actions);
  ib_justify(im, 2, 0, 1, "Dublinclaim");
  ib_assumption(im, SG_OWNER_WINDOW, 0, "Kantoortijden 09:00-17:00");
  ib_assumption(im, SG_OWNER_PREDICATE, 2, "Twee kenmerken volstaan");
  ib_assumption(im, SG_OWNER_RULE, 0, "Altijd onderzoeken");
  ib_hours(im, 0, 1, 0);  /* den haag: kantoortijden */
}

static uint8_t *standard_image(size_t *size) {
  ib_image im;
  standard(&im);
  uint8_t *img = ib_finish(&im, size);
  ib_free(&im);
  return img;
}

/* Load and expect SG_ERR_FORMAT with `needle` in the message. */
static void expect_reject_with(const uint8_t *img, size_t size, int check_crc, const char *needle) {
  sg_rulebook *rb = (sg_rulebook *)1;
  sg_error err;
  sg_status st = check_crc ? sg_rulebook_load(img, size, NULL, NULL, &rb, &err)
                           : sgt_rulebook_load_unchecked_crc(img, size, NULL, NULL, &rb, &err);
  if (st != SG_ERR_FORMAT || !strstr(err.message, needle))
    fail_msg("expected rejection with \"%s\", got status %d: \"%s\"", needle, st, err.message);
  assert_null(rb);
}

static void expect_reject(const uint8_t *img, size_t size, const char *needle) {
  expect_reject_with(img, size, 1, needle);
}

/* Finish `im` (freed) into *img, which must load: its rulebook. */
static sg_rulebook *load_finished(ib_image *im, uint8_t **img, size_t *size) {
  *img = ib_finish(im, size);
  ib_free(im);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(*img, *size, NULL, NULL, &rb, NULL), SG_OK);
  return rb;
}

/* The image loads (needle NULL), or is rejected with `needle`. */
static void expect_load(const uint8_t *img, size_t size, const char *needle) {
  if (needle) {
    expect_reject(img, size, needle);
    return;
  }
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  sg_rulebook_free(rb);
}

/* Finish an image whose only fault is in its code, and expect `needle`. */
static void expect_code_reject(ib_image *im, const char *needle) {
  size_t size;
  uint8_t *img = ib_finish(im, &size);
  expect_reject(img, size, needle);
  free(img);
  ib_free(im);
}

static void test_valid_loads(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  assert_non_null(rb);
  assert_string_equal(sg_rulebook_title(rb), "Test");
  assert_int_equal(sg_rulebook_effective(rb), 17106);
  assert_int_equal(sg_fact_count(rb), 5);
  assert_int_equal(sg_fact_slot(rb, "papieren"), 2);
  assert_int_equal(sg_fact_slot(rb, "nope"), -1);
  assert_int_equal(sg_fact_type(rb, 3), SG_DATETIME);
  assert_int_equal(sg_fact_protected(rb, 1), 1);
  assert_string_equal(sg_fact_enum_value(rb, 2, 1), "vervalst");
  assert_null(sg_fact_enum_value(rb, 2, 3));
  assert_int_equal(sg_pred_count(rb), 4);
  assert_string_equal(sg_pred_group(rb, 0), "doelgroep");
  assert_null(sg_pred_group(rb, 2));
  assert_int_equal(sg_pred_kind_of(rb, 2), SG_CONDITION);
  assert_int_equal(sg_rule_count(rb), 1);
  assert_int_equal(sg_rule_action_count(rb, 0), 2);
  assert_int_equal(sg_rule_action_kind(rb, 0, 1), SG_CONTACT);
  assert_string_equal(sg_rule_action_text(rb, 0, 1), "kantoren");
  assert_string_equal(sg_table_key(rb, 0, 1), "den haag");
  assert_string_equal(sg_table_value(rb, 0, 1, 0), "070");
  assert_int_equal(sg_table_find(rb, "kantoren"), 0);
  int kind;
  size_t owner, fact;
  const char *text;
  sg_justification(rb, 0, &kind, &owner, &fact, &text);
  assert_int_equal(kind, 2);
  assert_int_equal(fact, 1);
  assert_string_equal(text, "Dublinclaim");
  assert_string_equal(sg_rulebook_file(rb, 0), "test.rules");
  assert_int_equal(sg_assumption_count(rb), 3);
  sg_assumption(rb, 1, &kind, &owner, &text);
  assert_int_equal(kind, SG_OWNER_PREDICATE);
  assert_int_equal(owner, 2);
  assert_string_equal(text, "Twee kenmerken volstaan");
  sg_assumption(rb, 0, &kind, &owner, &text);
  assert_int_equal(kind, SG_OWNER_WINDOW);
  sg_assumption(rb, 3, &kind, &owner, &text);  /* out of range: all zero */
  assert_int_equal(kind, 0);
  assert_null(text);
  assert_int_equal(sg_window_count(rb), 1);
  assert_string_equal(sg_window_name(rb, 0), "kantoortijden");
  assert_null(sg_window_name(rb, 1));
  assert_int_equal(sg_table_entry_window(rb, 0, 1), 0);
  assert_int_equal(sg_table_entry_window(rb, 0, 0), -1);  /* amsterdam has no hours */
  assert_int_equal(sg_table_entry_window(rb, 0, 2), -1);  /* no such entry */
  assert_int_equal(sg_table_entry_window(rb, 1, 1), -1);  /* no such table */
  /* the loader copied the bytes: the caller may scribble on its own */
  memset(img, 0xAA, size);
  assert_string_equal(sg_rule_name(rb, 0), "onderzoek");
  sg_rulebook_free(rb);
  free(img);
}

static void test_bad_magic(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  img[3] = 'X';
  ib_fix_crc(img, size);
  expect_reject(img, size, "bad magic");
  free(img);
}

static void test_wrong_major(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  sg_wr16(img + 8, 2);
  ib_fix_crc(img, size);
  expect_reject(img, size, "unsupported format major version 2");
  free(img);
}

/* A reader reads the minors of its major up to its own, older ones too, and
 * rejects a newer minor, which may use what it does not know. (Before 1.2
 * a file has no HOURS: see test_hours_minor.) */
static void test_minor_versions(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  im.omit = 1u << SG_SEC_HOURS | 1u << SG_SEC_VALIDITY | 1u << SG_SEC_CHECKED;
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  for (unsigned minor = 0; minor <= SG_FORMAT_MINOR; minor++) {
    sg_wr16(img + 10, (uint16_t)minor);
    ib_fix_crc(img, size);
    sg_rulebook *rb = NULL;
    assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
    sg_rulebook_free(rb);
  }
  sg_wr16(img + 10, SG_FORMAT_MINOR + 1);
  ib_fix_crc(img, size);
  expect_reject(img, size, "is newer than this runtime reads");
  free(img);
}

static void test_truncation_every_length(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  for (size_t len = 0; len < size; len++) {
    uint8_t *copy = malloc(len ? len : 1);  /* exact size: ASan sees any overread */
    memcpy(copy, img, len);
    expect_reject(copy, len, len < SG_HEADER_SIZE ? "file too small" : "size mismatch");
    free(copy);
  }
  free(img);
}

static void test_size_field_mismatch(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  uint8_t *longer = calloc(1, size + 4);
  memcpy(longer, img, size);
  expect_reject(longer, size + 4, "size mismatch");
  /* the size field says so, but the last of the four bytes is not zero */
  longer[size + 3] = 1;
  sg_wr32(longer + 12, (uint32_t)(size + 4));
  ib_fix_crc(longer, size + 4);
  expect_reject(longer, size + 4, "trailing byte after the last section is not zero");
  free(longer);
  free(img);
}

/* The CRC-32 is zlib's: the check value of "123456789", and any split
 * of the input (the four-byte steps and the byte tail) gives the same. */
static void test_crc_known_values(void **state) {
  (void)state;
  assert_int_equal(sgr_crc32(0, "", 0), 0);
  assert_int_equal(sgr_crc32(0, "123456789", 9), 0xCBF43926u);
  assert_int_equal(sgr_crc32(0, "The quick brown fox jumps over the lazy dog", 43), 0x414FA339u);
  uint8_t bytes[64];
  for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (uint8_t)(i * 37 + 11);
  uint32_t whole = sgr_crc32(0, bytes, sizeof bytes);
  for (size_t cut = 0; cut <= sizeof bytes; cut++)
    assert_int_equal(sgr_crc32(sgr_crc32(0, bytes, cut), bytes + cut, sizeof bytes - cut), whole);
}

static void test_crc_every_bit_flip(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  for (size_t bit = 0; bit < size * 8; bit++) {
    img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    sg_rulebook *rb = (sg_rulebook *)1;
    sg_error err;
    assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_ERR_FORMAT);
    assert_null(rb);
    assert_true(err.message[0] != '\0');
    if (bit / 8 >= 20) assert_non_null(strstr(err.message, "CRC mismatch"));
    img[bit / 8] ^= (uint8_t)(1u << (bit % 8));
  }
  free(img);
}

static void test_reserved_header(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  img[60] = 1;
  ib_fix_crc(img, size);
  expect_reject(img, size, "reserved header byte 60");
  free(img);
}

static void test_missing_section(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  im.omit = 1u << SG_SEC_SETS;
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  expect_reject(img, size, "missing section 5 (SETS)");
  free(img);
  ib_free(&im);
}

/* ASSUMPTIONS came with 1.1, ACTORS and HOURS with 1.2, VALIDITY and
 * MANIFEST with 1.3, CHECKED with 1.4, and all are optional: a file without them loads and
 * has no assumptions, no hours and no files' hashes; a section of 1.0 may
 * not be left out. */
static void test_optional_section(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  im.omit = 1u << SG_SEC_ASSUMPTIONS | 1u << SG_SEC_ACTORS | 1u << SG_SEC_HOURS |
             1u << SG_SEC_VALIDITY | 1u << SG_SEC_MANIFEST | 1u << SG_SEC_CHECKED;
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  assert_int_equal(sg_rd32(img + 20), SG_SEC_REQUIRED);
  sg_rulebook *rb = NULL;
  sg_error err;
  for (unsigned minor = 0; minor <= SG_FORMAT_MINOR; minor++) {  /* as 1.0 to 1.4 write it */
    sg_wr16(img + 10, (uint16_t)minor);
    ib_fix_crc(img, size);
    assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
    assert_int_equal(sg_assumption_count(rb), 0);
    assert_int_equal(sg_table_entry_window(rb, 0, 1), -1);
    assert_int_equal(sg_table_entry_checked(rb, 0, 1, NULL), 0);
    assert_string_equal(sg_rulebook_file(rb, 0), "test.rules");
    assert_null(sg_rulebook_file_sha256(rb, 0));
    assert_int_equal(sg_rule_count(rb), 1);
    sg_rulebook_free(rb);
  }
  free(img);
  standard(&im);  /* HOURS without ASSUMPTIONS */
  im.omit = 1u << SG_SEC_ASSUMPTIONS;
  img = ib_finish(&im, &size);
  ib_free(&im);
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  assert_int_equal(sg_assumption_count(rb), 0);
  assert_int_equal(sg_table_entry_window(rb, 0, 1), 0);
  sg_rulebook_free(rb);
  free(img);
  standard(&im);
  im.omit = 1u << SG_SEC_LINES;
  img = ib_finish(&im, &size);
  ib_free(&im);
  expect_reject(img, size, "missing section 14 (LINES)");
  free(img);
}

/* MANIFEST (1.3): each file's hash comes back; record i names file i, one
 * per file, each hash 64 lower-case hex digits; every fault is named. A
 * 1.2 reader skips the section, which changes nothing it does, so a file
 * with it may say an older minor (test_minor_versions). */
static void test_manifest(void **state) {
  (void)state;
  static const char *const bad_hex[] = {
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",  /* upper case */
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",   /* 63 digits */
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", /* 65 digits */
    "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  /* not hex */
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855z", /* 64 and a letter */
    "",
  };
  static const char other[] = "0000000000000000000000000000000000000000000000000000000000000001";
  ib_image im;
  standard(&im);
  im.files[im.nfiles++] = ib_str(&im, "sub/b.rules");
  ib_manifest(&im, 1, other);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  sg_rulebook *rb = NULL;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_OK);
  assert_int_equal(sg_rulebook_file_count(rb), 2);
  assert_string_equal(sg_rulebook_file(rb, 1), "sub/b.rules");
  assert_string_equal(sg_rulebook_file_sha256(rb, 0), IB_EMPTY_SHA256);
  assert_string_equal(sg_rulebook_file_sha256(rb, 1), other);
  assert_null(sg_rulebook_file_sha256(rb, 2));
  sg_rulebook_free(rb);
  free(img);

  for (size_t i = 0; i < sizeof bad_hex / sizeof bad_hex[0]; i++) {
    standard(&im);
    im.files[im.nfiles++] = ib_str(&im, "sub/b.rules");
    ib_manifest(&im, 1, bad_hex[i]);
    img = ib_finish(&im, &size);
    ib_free(&im);
    expect_reject(img, size, "manifest 1: the SHA-256 is not 64 lower-case hex digits");
    free(img);
  }
  static const struct {
    uint32_t files;      /* files in META (the first has ib_init's record) */
    uint32_t n, record[2]; /* further records: the files they name */
    const char *needle;
  } faults[] = {
    {2, 0, {0, 0}, "the manifest covers 1 of 2 source files"},
    {1, 1, {0, 0}, "manifest 1 names file 0: the records go one per file, in file order"},
    {2, 2, {1, 2}, "file index 2 out of range (2)"},  /* a record too many */
    {3, 2, {2, 1}, "manifest 1 names file 2"},
    {1, 1, {7, 0}, "file index 7 out of range (1)"},
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    standard(&im);
    while (im.nfiles < faults[i].files) im.files[im.nfiles++] = ib_str(&im, "x.rules");
    for (uint32_t k = 0; k < faults[i].n; k++) ib_manifest(&im, faults[i].record[k], other);
    img = ib_finish(&im, &size);
    ib_free(&im);
    expect_reject(img, size, faults[i].needle);
    free(img);
  }
  standard(&im);  /* a MANIFEST section without records is a manifest that lacks the file */
  im.count[SG_SEC_MANIFEST] = 0;
  im.sec[SG_SEC_MANIFEST].len = 0;
  img = ib_finish(&im, &size);
  ib_free(&im);
  expect_reject(img, size, "the manifest covers 0 of 1 source files");
  free(img);
}

/* Each field of an ASSUMPTIONS record is checked: the owner kind, the
 * owner against the count of its kind, the reserved bytes, the text. */
static void test_assumption_faults(void **state) {
  (void)state;
  static const struct {
    uint32_t record, at;   /* which record, which byte of it */
    uint32_t width, value; /* what is written there (width 1 or 4) */
    const char *needle;
  } faults[] = {
    {0, 0, 1, 0, "assumption 0 has unknown owner kind 0"},
    {1, 0, 1, 4, "assumption 1 has unknown owner kind 4"},
    {0, 4, 4, 1, "window index 1 out of range (1)"},
    {1, 4, 4, 4, "predicate index 4 out of range (4)"},
    {2, 4, 4, 1, "rule index 1 out of range (1)"},
    {1, 0, 1, SG_OWNER_RULE, "rule index 2 out of range (1)"},  /* predicate 2 is no rule */
    {0, 2, 1, 1, "reserved byte in ASSUMPTIONS is not zero"},
    {2, 9, 1, 0x80, "reserved byte in ASSUMPTIONS is not zero"},
    {2, 12, 4, 0, "assumption 2 has no text"},
    {0, 12, 4, 9999, "string index 9999 out of range"},
  };
  size_t size;
  uint8_t *img = standard_image(&size);
  uint32_t sec = ib_section(img, SG_SEC_ASSUMPTIONS);
  assert_int_equal(sg_rd32(img + sec), 3);
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    uint8_t *copy = malloc(size);
    memcpy(copy, img, size);
    uint8_t *at = copy + sec + 4 + faults[i].record * SG_RECSIZE_ASSUMPTIONS + faults[i].at;
    if (faults[i].width == 1) *at = (uint8_t)faults[i].value;
    else sg_wr32(at, faults[i].value);
    ib_fix_crc(copy, size);
    expect_reject(copy, size, faults[i].needle);
    free(copy);
  }
  free(img);
}

/* ACTORS (1.2): a rule's actor and the actors' names come back; a file
 * without the section has none; each fault of a record is named. */
static void test_actors(void **state) {
  (void)state;
  static const uint32_t zero[] = {0}, twice[] = {0, 0}, past[] = {1};
  ib_image im;
  standard(&im);
  ib_actor(&im, "raad", "Raad voor de Kinderbescherming", 1, zero);
  ib_actor(&im, "gi", "Gecertificeerde instelling", 0, NULL);
  size_t size;
  uint8_t *img;
  sg_rulebook *rb = load_finished(&im, &img, &size);
  assert_int_equal(sg_actor_count(rb), 2);
  assert_int_equal(sg_actor_find(rb, "gi"), 1);
  assert_int_equal(sg_actor_find(rb, "ggd"), -1);
  assert_string_equal(sg_actor_label(rb, 0), "Raad voor de Kinderbescherming");
  assert_null(sg_actor_name(rb, 2));
  assert_int_equal(sg_rule_actor(rb, 0), 0);
  assert_int_equal(sg_rule_actor(rb, 1), -1);  /* out of range */
  sg_rulebook_free(rb);
  free(img);

  standard(&im);
  im.omit = 1u << SG_SEC_ACTORS;
  rb = load_finished(&im, &img, &size);
  assert_int_equal(sg_actor_count(rb), 0);
  assert_int_equal(sg_rule_actor(rb, 0), -1);
  sg_rulebook_free(rb);
  free(img);

  static const struct {
    const char *label;
    uint32_t n;
    const uint32_t *rules;
    int second;            /* a second actor with rule 0 */
    const char *needle;
  } faults[] = {
    {"", 1, zero, 0, "actor 0 has no label"},
    {"Raad", 2, twice, 0, "actor 0: rules not in ascending order"},
    {"Raad", 1, past, 0, "rule index 1 out of range (1)"},
    {"Raad", 1, zero, 1, "rule 0 belongs to actors 0 and 1"},
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    standard(&im);
    ib_actor(&im, "raad", faults[i].label, faults[i].n, faults[i].rules);
    if (faults[i].second) ib_actor(&im, "gi", "GI", 1, zero);
    img = ib_finish(&im, &size);
    ib_free(&im);
    expect_reject(img, size, faults[i].needle);
    free(img);
  }
}

/* VALIDITY (1.3): periods come back through sg_period and decide set
 * membership on the decision date; every fault of a record is named; a file
 * that says 1.2 may not have the section; two versions of a table key may
 * not overlap. The standard image: set 0 dublin {BE, BG}, table 0
 * kantoren {amsterdam, den haag}, one rule, four predicates, one window. */
static void test_validity(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  ib_period(&im, SG_DATED_RULE, 0, 0, 17000, SG_FOR_GOOD);
  ib_period(&im, SG_DATED_ELEMENT, 0, 1, SG_SINCE_ALWAYS, 18628);  /* BG until 2021-01-01 */
  ib_period(&im, SG_DATED_ENTRY, 0, 0, 17000, 18000);
  size_t size;
  uint8_t *img;
  sg_rulebook *rb = load_finished(&im, &img, &size);
  int32_t from = 0, until = 0;
  assert_int_equal(sg_period(rb, SG_DATED_ELEMENT, 0, 1, &from, &until), 1);
  assert_true(from == SG_SINCE_ALWAYS && until == 18628);
  assert_int_equal(sg_period(rb, SG_DATED_ELEMENT, 0, 0, &from, &until), 0);
  assert_int_equal(sg_period(rb, SG_DATED_RULE, 0, 0, &from, &until), 1);
  assert_int_equal(from, 17000);
  assert_int_equal(sg_period(rb, SG_DATED_ENTRY, 0, 0, NULL, NULL), 1);
  assert_int_equal(sg_period(rb, SG_DATED_PRED, 0, 0, NULL, NULL), 0);
  /* the decision date: unknown until set; the moment's date unless set apart */
  sg_context *ctx = sg_context_new(rb);
  int32_t day = 0;
  assert_int_equal(sg_asof(ctx, &day), 0);
  sg_set_now(ctx, (int64_t)18627 * 86400 + 3600);
  assert_int_equal(sg_asof(ctx, &day), 1);
  assert_int_equal(day, 18627);
  sg_set_asof(ctx, 18628);
  sg_set_now(ctx, (int64_t)17000 * 86400);
  assert_int_equal(sg_asof(ctx, &day), 1);
  assert_int_equal(day, 18628);  /* set apart: the moment leaves it */
  sg_context_reset(ctx);
  assert_int_equal(sg_asof(ctx, &day), 0);
  sg_context_free(ctx);
  sg_rulebook_free(rb);

  sg_wr16(img + 10, 2);  /* a 1.2 reader would take BG as a member for good */
  ib_fix_crc(img, size);
  expect_reject(img, size, "section 18 (VALIDITY) came with format 1.3, but the file says 1.2");
  free(img);

  static const struct {
    uint8_t kind;
    uint32_t owner, item;
    int32_t from, until;
    int twice;             /* the record again, after itself */
    const char *needle;
  } faults[] = {
    {0, 0, 0, 1, 2, 0, "period 0 has unknown kind 0"},
    {6, 0, 0, 1, 2, 0, "period 0 has unknown kind 6"},
    {SG_DATED_RULE, 1, 0, 1, 2, 0, "period 0: owner 1 out of range (1)"},
    {SG_DATED_PRED, 4, 0, 1, 2, 0, "period 0: owner 4 out of range (4)"},
    {SG_DATED_WINDOW, 0, 1, 1, 2, 0, "period 0: item 1 out of range (1)"},
    {SG_DATED_ELEMENT, 0, 2, 1, 2, 0, "period 0: item 2 out of range (2)"},
    {SG_DATED_ENTRY, 0, 0, 5, 5, 0, "period 0 is empty: it ends before it begins"},
    {SG_DATED_ENTRY, 0, 0, 6, 5, 0, "period 0 is empty"},
    {SG_DATED_ELEMENT, 0, 0, 1, 2, 1, "periods not in ascending order of kind, owner and item"},
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    standard(&im);
    ib_period(&im, faults[i].kind, faults[i].owner, faults[i].item, faults[i].from, faults[i].until);
    if (faults[i].twice)
      ib_period(&im, faults[i].kind, faults[i].owner, faults[i].item, faults[i].from, faults[i].until);
    expect_code_reject(&im, faults[i].needle);
  }
  /* out of order: a rule's period after an element's */
  standard(&im);
  ib_period(&im, SG_DATED_ELEMENT, 0, 0, 1, 2);
  ib_period(&im, SG_DATED_RULE, 0, 0, 1, 2);
  expect_code_reject(&im, "periods not in ascending order");
}

/* Two entries with one key are versions: they load when their periods do
 * not overlap, and not when they do. */
static void test_key_versions(void **state) {
  (void)state;
  static const char *const field[] = {""};
  static const char *const cells[] = {"ca", "oud", "ca", "nieuw"};
  static const struct { int32_t until0, from1; const char *needle; } cases[] = {
    {17000, 17000, NULL},
    {17001, 17000, "table 1 has a key twice on one day"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ib_image im;
    standard(&im);
    ib_table(&im, "versies", 1, field, 2, cells);
    ib_period(&im, SG_DATED_ENTRY, 1, 0, SG_SINCE_ALWAYS, cases[i].until0);
    ib_period(&im, SG_DATED_ENTRY, 1, 1, cases[i].from1, SG_FOR_GOOD);
    size_t size;
    uint8_t *img = ib_finish(&im, &size);
    ib_free(&im);
    expect_load(img, size, cases[i].needle);
    free(img);
  }
}

/* A file with HOURS says 1.2 or later: a 1.1 reader would skip the
 * section, so a file that says 1.1 (or 1.0) and has it is refused. */
static void test_hours_minor(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  for (unsigned minor = 0; minor < SG_FORMAT_MINOR_HOURS; minor++) {
    sg_wr16(img + 10, (uint16_t)minor);
    ib_fix_crc(img, size);
    char needle[80];
    snprintf(needle, sizeof needle, "section 17 (HOURS) came with format 1.2, but the file says 1.%u",
             minor);
    expect_reject(img, size, needle);
  }
  ib_image im;  /* an empty HOURS is HOURS too */
  standard(&im);
  im.count[SG_SEC_HOURS] = 0;
  im.sec[SG_SEC_HOURS].len = 0;
  free(img);
  img = ib_finish(&im, &size);
  ib_free(&im);
  sg_wr16(img + 10, 1);
  ib_fix_crc(img, size);
  expect_reject(img, size, "section 17 (HOURS) came with format 1.2");
  free(img);
}

/* Each field of an HOURS record is checked (the table and window indices,
 * the entry against its table's entries), and the records go by table,
 * then entry, one per entry. */
static void test_hours_faults(void **state) {
  (void)state;
  static const struct {
    uint32_t at, value;  /* which byte of the one record, what u32 is written there */
    const char *needle;
  } faults[] = {
    {0, 1, "table index 1 out of range (1)"},
    {4, 2, "hours 0: entry 2 out of range (table 0 has 2)"},
    {4, 0xFFFFFFFFu, "hours 0: entry 4294967295 out of range"},
    {8, 1, "window index 1 out of range (1)"},
    {8, SG_NONE, "window index 4294967295 out of range (1)"},
  };
  size_t size;
  uint8_t *img = standard_image(&size);
  uint32_t sec = ib_section(img, SG_SEC_HOURS);
  assert_int_equal(sg_rd32(img + sec), 1);
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    uint8_t *copy = malloc(size);
    memcpy(copy, img, size);
    sg_wr32(copy + sec + 4 + faults[i].at, faults[i].value);
    ib_fix_crc(copy, size);
    expect_reject(copy, size, faults[i].needle);
    free(copy);
  }
  free(img);
  static const struct {
    uint32_t entry;      /* a second record for table 0, after den haag's */
    const char *needle;
  } order[] = {
    {1, "hours 1: entry 1 of table 0 has hours twice"},
    {0, "hours records not sorted by table and entry"},
  };
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
    ib_image im;
    standard(&im);
    ib_hours(&im, 0, order[i].entry, 0);
    img = ib_finish(&im, &size);
    ib_free(&im);
    expect_reject(img, size, order[i].needle);
    free(img);
  }
  ib_image im;  /* sorted: amsterdam, then den haag */
  ib_init(&im);
  static const char *const field[] = {""};
  static const char *const cells[] = {"amsterdam", "020", "den haag", "070"};
  ib_table(&im, "kantoren", 1, field, 2, cells);
  ib_window(&im, "ochtend", 0x1f, 0, 9 * 60, 12 * 60);
  ib_window(&im, "middag", 0x1f, 0, 13 * 60, 17 * 60);
  ib_hours(&im, 0, 0, 1);
  ib_hours(&im, 0, 1, 0);
  img = ib_finish(&im, &size);
  ib_free(&im);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  assert_int_equal(sg_table_entry_window(rb, 0, 0), 1);
  assert_int_equal(sg_table_entry_window(rb, 0, 1), 0);
  sg_rulebook_free(rb);
  free(img);
}

/* A table with two entries and the CHECKED records (table, entry, day) of
 * `recs` (n of them), finished. */
static uint8_t *checked_image(const uint32_t (*recs)[3], size_t n, size_t *size) {
  ib_image im;
  ib_init(&im);
  static const char *const field[] = {""};
  static const char *const cells[] = {"amsterdam", "020", "den haag", "070"};
  ib_table(&im, "kantoren", 1, field, 2, cells);
  for (size_t i = 0; i < n; i++) ib_checked(&im, recs[i][0], recs[i][1], (int32_t)recs[i][2]);
  uint8_t *img = ib_finish(&im, size);
  ib_free(&im);
  return img;
}

/* CHECKED (1.4): the day an entry was last checked, any day, read by
 * sg_table_entry_checked; the entry is its table's, one record per entry,
 * sorted by (table, entry), as HOURS; a file that has it says 1.4. */
static void test_checked(void **state) {
  (void)state;
  size_t size;
  static const uint32_t ok[][3] = {{0, 1, 17106}};
  uint8_t *img = checked_image(ok, 1, &size);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  int32_t day = 0;
  assert_int_equal(sg_table_entry_checked(rb, 0, 1, &day), 1);
  assert_int_equal(day, 17106);
  assert_int_equal(sg_table_entry_checked(rb, 0, 0, &day), 0);
  assert_int_equal(sg_table_entry_checked(rb, 0, 2, NULL), 0);
  assert_int_equal(sg_table_entry_checked(rb, 1, 0, NULL), 0);
  sg_rulebook_free(rb);
  sg_wr16(img + 10, SG_FORMAT_MINOR_CHECKED - 1);
  ib_fix_crc(img, size);
  expect_reject(img, size, "section 20 (CHECKED) came with format 1.4, but the file says 1.3");
  free(img);
  static const uint32_t out_of_range[][3] = {{0, 2, 0}}, twice[][3] = {{0, 1, 0}, {0, 1, 5}},
                        unsorted[][3] = {{0, 1, 0}, {0, 0, 0}}, no_table[][3] = {{1, 0, 0}};
  static const struct {
    const uint32_t (*recs)[3];
    size_t n;
    const char *needle;
  } faults[] = {
    {out_of_range, 1, "check date 0: entry 2 out of range (table 0 has 2)"},
    {twice, 2, "check date 1: entry 1 of table 0 has check date twice"},
    {unsorted, 2, "check date records not sorted by table and entry"},
    {no_table, 1, "table index 1 out of range (1)"},
  };
  for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
    img = checked_image(faults[i].recs, faults[i].n, &size);
    expect_reject(img, size, faults[i].needle);
    free(img);
  }
}

static void test_directory_faults(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  uint8_t *entry2 = img + SG_HEADER_SIZE + SG_DIR_ENTRY_SIZE;  /* META */
  uint32_t off = sg_rd32(entry2 + 4);
  sg_wr32(entry2 + 4, off + 2);
  ib_fix_crc(img, size);
  expect_reject(img, size, "not a multiple of 4");
  sg_wr32(entry2 + 4, off - 4);
  ib_fix_crc(img, size);
  expect_reject(img, size, "overlaps");
  sg_wr32(entry2 + 4, off);
  sg_wr32(entry2, 7);
  ib_fix_crc(img, size);
  expect_reject(img, size, "not strictly increasing");
  sg_wr32(entry2, SG_SEC_META);
  sg_wr32(entry2 + 8, (uint32_t)size);
  ib_fix_crc(img, size);
  expect_reject(img, size, "lies outside the file");
  free(img);
}

static void test_string_index_out_of_range(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  uint32_t facts = ib_section(img, SG_SEC_FACTS);
  sg_wr32(img + facts + 4, 999);  /* name of fact 0 */
  ib_fix_crc(img, size);
  expect_reject(img, size, "string index 999 out of range");
  free(img);
}

static void test_record_array_size(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  uint32_t facts = ib_section(img, SG_SEC_FACTS);
  sg_wr32(img + facts, 4);  /* claims 4 facts, holds 5 */
  ib_fix_crc(img, size);
  expect_reject(img, size, "does not hold exactly 4 records of 20 bytes");
  free(img);
}

/* Records that share one pool range or code block over and over would make
 * verification quadratic; the budget check rejects them up front. */
static void test_shared_ranges_rejected(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  ib_block when = { 0, 0 };
  for (uint32_t i = 0; i < 3; i++) { /* three more rules on the first pool words */
    when.offset = ib_here(&im);
    ib_op(&im, SG_OP_TRUE);
    ib_op(&im, SG_OP_RET);
    when.length = 2;
    ib_rule(&im, "gedeeld", 0, when, (ib_block){ 0, 0 }, 0, NULL);
  }
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  uint32_t rules = ib_section(img, SG_SEC_RULES), pool = ib_section(img, SG_SEC_POOL);
  uint32_t npool = sg_rd32(img + pool);
  for (uint32_t i = 1; i < 4; i++) { /* each claims the whole pool as its actions */
    uint8_t *actions = img + rules + 4 + i * SG_RECSIZE_RULES + sgr_fields[SG_FLD_RULES_actions].offset;
    sg_wr32(actions, 0);
    sg_wr32(actions + 4, npool);
  }
  ib_fix_crc(img, size);
  expect_reject(img, size, "pool words in all, but the pool has");
  /* the same with code: every rule's when claims all of CODE */
  free(img);
  img = standard_image(&size);
  rules = ib_section(img, SG_SEC_RULES);
  uint32_t code = ib_section(img, SG_SEC_CODE);
  uint8_t *when_at = img + rules + 4 + sgr_fields[SG_FLD_RULES_when].offset;
  sg_wr32(when_at, 0);
  sg_wr32(when_at + 4, sg_rd32(img + code));
  ib_fix_crc(img, size);
  expect_reject(img, size, "code blocks claim");
  free(img);
}

static void test_bad_strings(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  ib_str(&im, "caf\xc3");  /* cut UTF-8 sequence */
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  expect_reject(img, size, "not valid UTF-8");
  free(img);
  ib_free(&im);

  ib_init(&im);
  ib_str(&im, "\xed\xa0\x80");  /* a surrogate */
  img = ib_finish(&im, &size);
  expect_reject(img, size, "not valid UTF-8");
  free(img);
  ib_free(&im);

  ib_init(&im);
  img = ib_finish(&im, &size);
  uint32_t strings = ib_section(img, SG_SEC_STRINGS);
  sg_wr32(img + strings + 8, 1);  /* string 0 gets length 1 */
  ib_fix_crc(img, size);
  expect_reject(img, size, "string 0");
  free(img);
  ib_free(&im);
}

static void test_duplicate_table_key(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  static const char *const field[] = {""};
  static const char *const cells[] = {"a", "1", "b", "2", "a", "3"};
  ib_table(&im, "dubbel", 1, field, 3, cells);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  expect_reject(img, size, "table 1 has a key twice on one day");
  free(img);
  ib_free(&im);
}

/* A standard image plus a country fact, and a set of countries whose
 * elements are `elems` and which names `enum_fact`; expect `needle`, or a
 * load when it is NULL. */
static void expect_country_set(uint32_t n, const uint32_t *elems, uint32_t enum_fact,
                               const char *needle) {
  ib_image im;
  standard(&im);
  ib_fact(&im, "nationaliteit", SG_COUNTRY, 1, 0, NULL);
  ib_set(&im, "landen", SG_COUNTRY, enum_fact, n, elems);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  if (needle != NULL) {
    expect_reject(img, size, needle);
  } else {
    sg_rulebook *rb = NULL;
    sg_error err;
    if (sg_rulebook_load(img, size, NULL, NULL, &rb, &err) != SG_OK)
      fail_msg("a valid country set was rejected: %s", err.message);
    sg_rulebook_free(rb);
  }
  free(img);
  ib_free(&im);
}

/* The elements of a country set are indices below the country table's
 * count, and a country set names no enum fact; a fact type past country is
 * unknown. */
static void test_country_faults(void **state) {
  (void)state;
  uint32_t ends[] = {0, SGR_COUNTRY_COUNT - 1};
  expect_country_set(2, ends, SG_NONE, NULL);
  uint32_t past[] = {SGR_COUNTRY_BE, SGR_COUNTRY_COUNT};
  char needle[64];
  snprintf(needle, sizeof needle, "country index %d out of range (%d)", (int)SGR_COUNTRY_COUNT,
           (int)SGR_COUNTRY_COUNT);
  expect_country_set(2, past, SG_NONE, needle);
  uint32_t far[] = {0xFFFFu};
  expect_country_set(1, far, SG_NONE, "country index 65535 out of range");
  expect_country_set(2, ends, 2, "set 2 of country names an enum fact");
  ib_image im;
  standard(&im);
  ib_fact(&im, "land", SG_COUNTRY + 1, 0, 0, NULL);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  expect_reject(img, size, "fact 5 has unknown type 8");
  free(img);
  ib_free(&im);
}

static void test_bad_window(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  ib_window(&im, "leeg", 1, 0, 600, 600);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  expect_reject(img, size, "window 1: bad minutes 600..600");
  free(img);
  ib_free(&im);
}

/* The WINDOWS flags: bit 0 (except the holidays) and bit 1 (Good Friday
 * too, only with bit 0) load; any other bit, or bit 1 alone, is rejected. */
static void test_window_flags(void **state) {
  (void)state;
  static const struct { uint8_t flags; const char *error; } cases[] = {
    {SG_WINDOW_EXCEPT_HOLIDAYS, NULL},
    {SG_WINDOW_EXCEPT_HOLIDAYS | SG_WINDOW_EXCEPT_GOOD_FRIDAY, NULL},
    {SG_WINDOW_EXCEPT_GOOD_FRIDAY, "window 1 excepts Good Friday but not the holidays"},
    {0x04, "window 1 has unknown flags 0x4"},
    {0x05, "window 1 has unknown flags 0x5"},
    {0x80, "window 1 has unknown flags 0x80"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    ib_image im;
    standard(&im);
    ib_window(&im, "feest", 0x1f, cases[k].flags, 540, 1020);
    size_t size;
    uint8_t *img = ib_finish(&im, &size);
    expect_load(img, size, cases[k].error);
    free(img);
    ib_free(&im);
  }
}

/* A standard image plus one predicate whose code is made by `emit`. */
static void with_pred(ib_image *im, void (*emit)(ib_image *), uint32_t extra) {
  standard(im);
  uint32_t s = ib_here(im);
  emit(im);
  ib_block b = ib_end(im, s);
  b.length -= extra;
  ib_pred(im, "kapot", SG_CONDITION, SG_NONE, b);
}

static void emit_jump_mid(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op16(im, SG_OP_JFALSE, 1);  /* lands inside the FACT below */
  ib_op16(im, SG_OP_FACT, 4);
  ib_op(im, SG_OP_AND);
  ib_op(im, SG_OP_RET);
}
static void emit_jump_past(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op16(im, SG_OP_JTRUE, 100);
  ib_op(im, SG_OP_RET);
}
static void emit_underflow(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_AND);
  ib_op(im, SG_OP_RET);
}
static void emit_join_depth(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  uint32_t j = ib_here(im);
  ib_op16(im, SG_OP_JFALSE, 0);
  ib_op(im, SG_OP_TRUE);
  ib_patch(im, j);
  ib_op(im, SG_OP_AND);
  ib_op(im, SG_OP_RET);
}
static void emit_no_ret(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_NOT);
}
static void emit_early_ret(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_RET);
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_RET);
}
static void emit_two_left(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_RET);
}
static void emit_and_int(ib_image *im) {
  ib_op32(im, SG_OP_INT, 1);
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_AND);
  ib_op(im, SG_OP_RET);
}
static void emit_istrue_int(ib_image *im) {
  ib_op16(im, SG_OP_FACT, 0);   /* int */
  ib_op(im, SG_OP_ISTRUE);
  ib_op(im, SG_OP_RET);
}
static void emit_enum_fact_range(ib_image *im) {
  ib_op1616(im, SG_OP_ENUM, 900, 0);
  ib_op(im, SG_OP_RET);
}
static void emit_enum_not_enum(ib_image *im) {
  ib_op1616(im, SG_OP_ENUM, 0, 0); /* fact 0 is an int */
  ib_op(im, SG_OP_RET);
}
static void emit_country_range(ib_image *im) {
  ib_op16(im, SG_OP_COUNTRY, SGR_COUNTRY_COUNT);
  ib_op16(im, SG_OP_COUNTRY, 0);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_country_text(ib_image *im) {
  ib_op16(im, SG_OP_COUNTRY, SGR_COUNTRY_GB);
  ib_op16(im, SG_OP_FACT, 1);   /* text */
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_country_in_text_set(ib_image *im) {
  ib_op16(im, SG_OP_COUNTRY, SGR_COUNTRY_BE);
  ib_op16(im, SG_OP_INSET, 0);  /* dublin holds texts */
  ib_op(im, SG_OP_RET);
}
static void emit_eq_mixed(ib_image *im) {
  ib_op16(im, SG_OP_FACT, 1);   /* text */
  ib_op16(im, SG_OP_FACT, 0);   /* int */
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_lt_text(ib_image *im) {
  ib_op16(im, SG_OP_FACT, 1);
  ib_op16(im, SG_OP_FACT, 1);
  ib_op(im, SG_OP_LT);
  ib_op(im, SG_OP_RET);
}
static void emit_inset_wrong(ib_image *im) {
  ib_op16(im, SG_OP_FACT, 0);   /* int into a text set */
  ib_op16(im, SG_OP_INSET, 0);
  ib_op(im, SG_OP_RET);
}
static void emit_returns_int(ib_image *im) {
  ib_op32(im, SG_OP_INT, 3);
  ib_op(im, SG_OP_RET);
}
static void emit_pred_forward(ib_image *im) {
  ib_op16(im, SG_OP_PRED, 9);   /* there are 5 predicates */
  ib_op(im, SG_OP_RET);
}
static void emit_pred_self(ib_image *im) {
  ib_op16(im, SG_OP_PRED, 4);
  ib_op(im, SG_OP_RET);
}
static void emit_operand_past(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op32(im, SG_OP_INT, 7);    /* the block is cut 2 bytes into this operand */
  ib_op(im, SG_OP_RET);
}
static void emit_bad_opcode(ib_image *im) {
  ib_op(im, 200);
  ib_op(im, SG_OP_RET);
}
static void emit_enum_range(ib_image *im) {
  ib_op1616(im, SG_OP_ENUM, 2, 3);  /* papieren has 3 values */
  ib_op16(im, SG_OP_FACT, 2);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_text_range(ib_image *im) {
  ib_op32(im, SG_OP_TEXT, 5000);
  ib_op16(im, SG_OP_FACT, 1);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}

static void emit_enum_two_facts(ib_image *im) {
  static const char *const status[] = {"open", "dicht"};
  uint32_t other = ib_fact(im, "status", SG_ENUM, 0, 2, status);  /* fact 5 */
  ib_op1616(im, SG_OP_ENUM, 2, 0);
  ib_op1616(im, SG_OP_ENUM, (uint16_t)other, 0);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_and_int_on_top(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op32(im, SG_OP_INT, 1);
  ib_op(im, SG_OP_AND);
  ib_op(im, SG_OP_RET);
}
/* "FACT fact; bound; bound; RANGE; RET", each bound an int or a date. */
static void emit_range(ib_image *im, uint16_t fact, int date_low, int date_high) {
  ib_op16(im, SG_OP_FACT, fact);
  if (date_low) ib_op32(im, SG_OP_DATE, 17106);
  else ib_op32(im, SG_OP_INT, 1);
  if (date_high) ib_op32(im, SG_OP_DATE, 17107);
  else ib_op32(im, SG_OP_INT, 2);
  ib_op(im, SG_OP_RANGE);
  ib_op(im, SG_OP_RET);
}
static void emit_range_text(ib_image *im) { emit_range(im, 1, 0, 0); }
static void emit_range_low_date(ib_image *im) { emit_range(im, 0, 1, 0); }
static void emit_range_high_date(ib_image *im) { emit_range(im, 0, 0, 1); }
static void emit_intable_int(ib_image *im) {
  ib_op16(im, SG_OP_FACT, 0);   /* int: a table's keys are texts */
  ib_op16(im, SG_OP_INTABLE, 0);
  ib_op(im, SG_OP_RET);
}
/* "push; op; INT 1; EQ; RET": a time accessor `op` on what `push` gives. */
static void emit_time_part(ib_image *im, int push, int op) {
  if (push == SG_OP_FACT) ib_op16(im, SG_OP_FACT, 0);  /* int */
  else ib_op32(im, SG_OP_DATE, 17106);
  ib_op(im, op);
  ib_op32(im, SG_OP_INT, 1);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_weekday_int(ib_image *im) { emit_time_part(im, SG_OP_FACT, SG_OP_WEEKDAY); }
static void emit_hour_date(ib_image *im) { emit_time_part(im, SG_OP_DATE, SG_OP_HOUR); }
static void emit_join_types(ib_image *im) {
  ib_op(im, SG_OP_TRUE);
  ib_op(im, SG_OP_TRUE);
  uint32_t j = ib_here(im);
  ib_op16(im, SG_OP_JFALSE, 0);  /* jumps with bool, bool */
  ib_op(im, SG_OP_AND);
  ib_op32(im, SG_OP_INT, 5);     /* falls through with bool, int */
  ib_patch(im, j);
  ib_op(im, SG_OP_EQ);
  ib_op(im, SG_OP_RET);
}
static void emit_ret_only(ib_image *im) {
  ib_op(im, SG_OP_RET);
}

static void test_code_faults(void **state) {
  (void)state;
  static const struct {
    void (*emit)(ib_image *);
    uint32_t cut;
    const char *needle;
  } cases[] = {
    {emit_jump_mid, 0, "is not on an instruction boundary"},
    {emit_jump_past, 0, "jumps past the end of the block"},
    {emit_underflow, 0, "stack underflow: AND needs 2 values, the stack has 1"},
    {emit_join_depth, 0, "inconsistent stack depth at jump target"},
    {emit_no_ret, 0, "block does not end with RET"},
    {emit_early_ret, 0, "RET before the end of the block"},
    {emit_two_left, 0, "RET with 2 values on the stack, expected 1"},
    {emit_and_int, 0, "type error: AND expects bool operands, got int"},
    {emit_istrue_int, 0, "type error: ISTRUE expects a bool, got int"},
    {emit_enum_fact_range, 0, "ENUM: fact index 900 out of range"},
    {emit_enum_not_enum, 0, "ENUM: fact 0 is not an enum fact"},
    {emit_country_range, 0, "COUNTRY: country 249 out of range (249 countries)"},
    {emit_country_text, 0, "type error: EQ compares country with text"},
    {emit_country_in_text_set, 0, "type error: INSET expects text, got country"},
    {emit_eq_mixed, 0, "type error: EQ compares text with int"},
    {emit_lt_text, 0, "type error: LT expects int, date or datetime, got text"},
    {emit_inset_wrong, 0, "type error: INSET expects text, got int"},
    {emit_returns_int, 0, "block returns int, expected bool"},
    {emit_pred_forward, 0, "PRED 9: predicate index out of range"},
    {emit_pred_self, 0, "PRED 4: forward reference"},
    {emit_operand_past, 3, "operand of INT runs past the end of the block"},
    {emit_bad_opcode, 0, "unknown opcode 200"},
    {emit_enum_range, 0, "ENUM: value 3 out of range"},
    {emit_text_range, 0, "TEXT: string index 5000 out of range"},
    {emit_enum_two_facts, 0, "type error: EQ compares enum of fact 2 with enum of fact 5"},
    {emit_and_int_on_top, 0, "type error: AND expects bool operands, got int"},
    {emit_range_text, 0, "type error: RANGE expects int, date or datetime, got text"},
    {emit_range_low_date, 0, "type error: RANGE expects bounds of the value's type, got date"},
    {emit_range_high_date, 0, "type error: RANGE expects bounds of the value's type, got date"},
    {emit_intable_int, 0, "type error: INTABLE expects text or enum, got int"},
    {emit_weekday_int, 0, "type error: WEEKDAY expects a date or datetime, got int"},
    {emit_hour_date, 0, "type error: HOUR expects a datetime, got date"},
    {emit_join_types, 0, "inconsistent stack types at jump target"},
    {emit_ret_only, 0, "stack underflow: RET needs 1 values, the stack has 0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ib_image im;
    with_pred(&im, cases[i].emit, cases[i].cut);
    expect_code_reject(&im, cases[i].needle);
  }
}

static void test_fault_offset_and_owner(void **state) {
  (void)state;
  ib_image im;
  with_pred(&im, emit_underflow, 0);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  sg_rulebook *rb;
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, &err), SG_ERR_FORMAT);
  assert_non_null(strstr(err.message, "predicate 4"));
  /* the offset is the AND byte in the file */
  assert_true(err.offset > 0 && (size_t)err.offset < size);
  assert_int_equal(img[err.offset], SG_OP_AND);
  free(img);
  ib_free(&im);
}

static void test_pred_forward_reference(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  uint32_t s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, 5);  /* this is predicate 4; 5 comes after it */
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "vroeg", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op(&im, SG_OP_TRUE);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "laat", SG_CONDITION, SG_NONE, ib_end(&im, s));
  expect_code_reject(&im, "predicate 4, code offset 54: PRED 5: forward reference (must be below 4)");
}

static void test_atleast_forward_member(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  uint32_t members[] = {0, 4};
  uint32_t g = ib_group(&im, "later", 2, members);
  uint32_t s = ib_here(&im);
  ib_op1616(&im, SG_OP_ATLEAST, (uint16_t)g, 1);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "telt_zichzelf", SG_CONDITION, SG_NONE, ib_end(&im, s));
  expect_code_reject(&im, "ATLEAST: group 1 member 4 is a forward reference");
}

static void test_contact_key_type(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  uint32_t s = ib_here(&im);
  ib_op(&im, SG_OP_TRUE);
  ib_op(&im, SG_OP_RET);
  ib_block key = ib_end(&im, s);
  ib_action(&im, SG_CONTACT, "", 0, key);
  expect_code_reject(&im, "block returns bool, expected text or enum");
}

/* The loader's arguments: no output pointer, or no data for a nonzero
 * size, is refused before anything is read; no data and no size is a file
 * too small; a caller that passes no sg_error still gets the status. */
static void test_load_arguments(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  sg_error err;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, NULL, &err), SG_ERR_FORMAT);
  assert_string_equal(err.message, "no output pointer or no data");
  assert_int_equal(err.offset, -1);
  sg_rulebook *rb = (sg_rulebook *)1;
  assert_int_equal(sg_rulebook_load(NULL, size, NULL, NULL, &rb, &err), SG_ERR_FORMAT);
  assert_string_equal(err.message, "no output pointer or no data");
  assert_null(rb);
  rb = (sg_rulebook *)1;
  assert_int_equal(sg_rulebook_load(NULL, 0, NULL, NULL, &rb, &err), SG_ERR_FORMAT);
  assert_non_null(strstr(err.message, "file too small: 0 bytes"));
  assert_null(rb);
  img[3] = 'X';
  ib_fix_crc(img, size);
  rb = (sg_rulebook *)1;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_ERR_FORMAT);
  assert_null(rb);
  free(img);
}

/* Offset of directory entry `i` of a finished image. */
static uint8_t *dir_entry(uint8_t *img, uint32_t i) {
  return img + SG_HEADER_SIZE + (size_t)i * SG_DIR_ENTRY_SIZE;
}

/* Give section `id` of a finished image the size `new_size` (smaller than
 * its own), zero the bytes it gives up, so that they are padding, and fix
 * the CRC. */
static void shrink_section(uint8_t *img, size_t size, uint32_t id, uint32_t new_size) {
  for (uint32_t i = 0; i < sg_rd32(img + 20); i++) {
    uint8_t *e = dir_entry(img, i);
    if (sg_rd32(e) != id) continue;
    uint32_t off = sg_rd32(e + 4), old = sg_rd32(e + 8);
    assert_true(new_size < old);
    memset(img + off + new_size, 0, old - new_size);
    sg_wr32(e + 8, new_size);
  }
  ib_fix_crc(img, size);
}

/* The directory claims more entries than the file holds; a padding byte
 * between two sections is not zero. */
static void test_directory_bounds_and_padding(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  sg_wr32(img + 20, 0x10000000u);
  ib_fix_crc(img, size);
  expect_reject(img, size, "section directory of 268435456 entries runs past the end of the file");
  free(img);
  img = standard_image(&size);
  uint32_t gaps = 0;
  for (uint32_t i = 1; i < sg_rd32(img + 20); i++) {
    uint32_t end = sg_rd32(dir_entry(img, i - 1) + 4) + sg_rd32(dir_entry(img, i - 1) + 8);
    uint32_t off = sg_rd32(dir_entry(img, i) + 4);
    if (off == end) continue;
    gaps++;
    uint8_t *copy = malloc(size);
    memcpy(copy, img, size);
    copy[off - 1] = 0x20;
    ib_fix_crc(copy, size);
    char needle[64];
    snprintf(needle, sizeof needle, "padding byte before section %lu is not zero",
             (unsigned long)sg_rd32(dir_entry(img, i)));
    expect_reject(copy, size, needle);
    free(copy);
  }
  assert_true(gaps > 0);  /* the standard image has padding to damage */
  free(img);
}

/* STRINGS and META each need room for their fixed part; STRINGS holds
 * string 0, and string 0 is the empty string. */
static void test_strings_and_meta_too_small(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  shrink_section(img, size, SG_SEC_STRINGS, 0);
  expect_reject(img, size, "section STRINGS too small for its count");
  free(img);
  img = standard_image(&size);
  shrink_section(img, size, SG_SEC_META, 4);
  expect_reject(img, size, "section META too small: 4 bytes");
  free(img);
  img = standard_image(&size);
  uint32_t strings = ib_section(img, SG_SEC_STRINGS);
  sg_wr32(img + strings, 0);
  shrink_section(img, size, SG_SEC_STRINGS, 4);
  expect_reject(img, size, "STRINGS has no string 0 (the empty string)");
  free(img);
  img = standard_image(&size);
  strings = ib_section(img, SG_SEC_STRINGS);
  memcpy(img + strings + 4, img + strings + 12, 8);  /* string 0 is "Test" */
  ib_fix_crc(img, size);
  expect_reject(img, size, "string 0 is not the empty string");
  free(img);
}

/* What each section checks beyond its fields' kinds: a fact that is no enum
 * has no values; a set of enum values names an enum fact; an action's kind
 * is known, a contact has a key and nothing else has one. */
static void test_record_faults(void **state) {
  (void)state;
  static const char *const one[] = {"een"};
  ib_image im;
  standard(&im);
  ib_fact(&im, "aantal", SG_INT, 0, 1, one);
  expect_code_reject(&im, "fact 5 is not an enum but has values");
  standard(&im);
  uint32_t elems[] = {0};
  ib_set(&im, "getallen", SG_ENUM, 0, 1, elems);  /* fact 0 is an int */
  expect_code_reject(&im, "set 2: 0 is not an enum fact");
  standard(&im);
  ib_action(&im, 0, "niets", SG_NONE, no_block);
  expect_code_reject(&im, "action 2 has unknown kind 0");
  standard(&im);
  ib_action(&im, SG_CONTACT, "", 0, no_block);
  expect_code_reject(&im, "required code block in ACTIONS is empty");
  standard(&im);
  uint32_t s = ib_here(&im);
  ib_op32(&im, SG_OP_TEXT, ib_str(&im, "amsterdam"));
  ib_op(&im, SG_OP_RET);
  ib_action(&im, SG_RECOMMEND, "Bel", SG_NONE, ib_end(&im, s));
  expect_code_reject(&im, "action 2 is no contact but has a key");
}

/* A duplicate key is found in a table that is not the last (the tables
 * after it are not looked at); hours records go by table first. */
static void test_table_order_faults(void **state) {
  (void)state;
  static const char *const field[] = {""};
  static const char *const cells[] = {"a", "1", "b", "2", "a", "3"};
  static const char *const single[] = {"x", "9"};
  ib_image im;
  standard(&im);
  ib_table(&im, "dubbel", 1, field, 3, cells);
  ib_table(&im, "daarna", 1, field, 1, single);
  expect_code_reject(&im, "table 1 has a key twice on one day");
  standard(&im);  /* den haag's hours (table 0), then table 1's, then table 0 again */
  ib_table(&im, "daarna", 1, field, 1, single);
  ib_hours(&im, 1, 0, 0);
  ib_hours(&im, 0, 0, 0);
  expect_code_reject(&im, "hours records not sorted by table and entry");
}

/* Periods of one kind go by owner, then item: two elements of one set
 * load, each with its own period; a set's period after a later set's is
 * out of order. */
static void test_validity_order(void **state) {
  (void)state;
  ib_image im;
  standard(&im);
  ib_period(&im, SG_DATED_ELEMENT, 0, 0, SG_SINCE_ALWAYS, 17000);
  ib_period(&im, SG_DATED_ELEMENT, 0, 1, 17500, SG_FOR_GOOD);
  size_t size;
  uint8_t *img;
  sg_rulebook *rb = load_finished(&im, &img, &size);
  int32_t from = 0, until = 0;
  assert_int_equal(sg_period(rb, SG_DATED_ELEMENT, 0, 0, &from, &until), 1);
  assert_true(from == SG_SINCE_ALWAYS && until == 17000);
  assert_int_equal(sg_period(rb, SG_DATED_ELEMENT, 0, 1, &from, &until), 1);
  assert_true(from == 17500 && until == SG_FOR_GOOD);
  assert_int_equal(sg_period(rb, SG_DATED_ELEMENT, 1, 0, &from, &until), 0);
  sg_rulebook_free(rb);
  free(img);
  standard(&im);
  ib_period(&im, SG_DATED_ELEMENT, 1, 0, 1, 2);
  ib_period(&im, SG_DATED_ELEMENT, 0, 0, 1, 2);
  expect_code_reject(&im, "periods not in ascending order");
}

/* Flip random bytes behind the CRC: whatever loads must also evaluate,
 * answer waiting queries and disassemble without a fault. */
static void sink(void *ud, const char *text, size_t len) {
  (void)text;
  *(size_t *)ud += len;
}

static void exercise(sg_rulebook *rb) {
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  sg_set_now(ctx, 1478602800);
  sg_eval(ctx);
  size_t slots[8];
  for (size_t r = 0; r < sg_rule_count(rb); r++) sg_rule_waiting(ctx, r, slots, 8);
  for (size_t p = 0; p < sg_pred_count(rb); p++) sg_pred_waiting(ctx, p, slots, 8);
  sg_context_free(ctx);
  size_t n = 0;
  sg_disassemble(rb, sink, &n);
  assert_true(n > 0);
}

static void test_random_mutations(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  uint8_t *work = malloc(size);
  uint32_t seed = 12345;
  int loaded = 0;
  for (int round = 0; round < 20000; round++) {
    memcpy(work, img, size);
    int flips = 1 + round % 4;
    for (int k = 0; k < flips; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = SG_HEADER_SIZE + (seed >> 8) % (size - SG_HEADER_SIZE);
      seed = seed * 1103515245u + 12345u;
      work[at] = (seed >> 16) & 1 ? (uint8_t)(seed >> 20) : work[at] ^ (uint8_t)(1u << (seed >> 24) % 8);
    }
    sg_rulebook *rb = NULL;
    sg_error err;
    if (sgt_rulebook_load_unchecked_crc(work, size, NULL, NULL, &rb, &err) == SG_OK) {
      loaded++;
      exercise(rb);
      sg_rulebook_free(rb);
    } else {
      assert_null(rb);
      assert_true(err.message[0] != '\0');
    }
  }
  assert_true(loaded > 0);  /* some mutations are harmless (e.g. in texts) */
  free(work);
  free(img);
}

static void test_out_of_memory(void **state) {
  (void)state;
  size_t size;
  uint8_t *img = standard_image(&size);
  for (int budget = 0;; budget++) {
    ah_state f = {budget, 0, 0};
    sg_rulebook *rb = NULL;
    sg_error err;
    sg_status st = sg_rulebook_load(img, size, ah_alloc, &f, &rb, &err);
    if (st == SG_OK) {
      sg_rulebook_free(rb);
      assert_int_equal(f.live, 0);
      break;
    }
    assert_int_equal(st, SG_ERR_NOMEM);
    assert_null(rb);
    assert_int_equal(f.live, 0);
  }
  free(img);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid_loads),
    cmocka_unit_test(test_bad_magic),
    cmocka_unit_test(test_wrong_major),
    cmocka_unit_test(test_minor_versions),
    cmocka_unit_test(test_truncation_every_length),
    cmocka_unit_test(test_size_field_mismatch),
    cmocka_unit_test(test_crc_known_values),
    cmocka_unit_test(test_crc_every_bit_flip),
    cmocka_unit_test(test_reserved_header),
    cmocka_unit_test(test_missing_section),
    cmocka_unit_test(test_optional_section),
    cmocka_unit_test(test_manifest),
    cmocka_unit_test(test_assumption_faults),
    cmocka_unit_test(test_actors),
    cmocka_unit_test(test_validity),
    cmocka_unit_test(test_key_versions),
    cmocka_unit_test(test_hours_minor),
    cmocka_unit_test(test_hours_faults),
    cmocka_unit_test(test_checked),
    cmocka_unit_test(test_directory_faults),
    cmocka_unit_test(test_string_index_out_of_range),
    cmocka_unit_test(test_record_array_size),
    cmocka_unit_test(test_shared_ranges_rejected),
    cmocka_unit_test(test_bad_strings),
    cmocka_unit_test(test_duplicate_table_key),
    cmocka_unit_test(test_bad_window),
    cmocka_unit_test(test_window_flags),
    cmocka_unit_test(test_country_faults),
    cmocka_unit_test(test_code_faults),
    cmocka_unit_test(test_fault_offset_and_owner),
    cmocka_unit_test(test_pred_forward_reference),
    cmocka_unit_test(test_atleast_forward_member),
    cmocka_unit_test(test_contact_key_type),
    cmocka_unit_test(test_load_arguments),
    cmocka_unit_test(test_directory_bounds_and_padding),
    cmocka_unit_test(test_strings_and_meta_too_small),
    cmocka_unit_test(test_record_faults),
    cmocka_unit_test(test_table_order_faults),
    cmocka_unit_test(test_validity_order),
    cmocka_unit_test(test_random_mutations),
    cmocka_unit_test(test_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
