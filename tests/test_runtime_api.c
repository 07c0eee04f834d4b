/* test_runtime_api.c — the runtime's public API on small hand-built images:
 * setters and their errors, date parsing and formatting, Kleene truth tables,
 * "at least N of G", comparisons and membership, rule outcomes and contacts,
 * countries (the table, the setter, sets and constants), waiting sets, the
 * disassembler, that sg_eval never allocates, and the windows a predicate or
 * rule reads and the assumptions of a rulebook.
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
#include "signaal.h"

static const ib_block no_block = {0, 0};

/* Finish and load an image (which is freed); fails the test on error. */
static sg_rulebook *load_with(ib_image *im, sg_alloc_fn alloc, void *ud) {
  sg_rulebook *rb = NULL;
  sg_error err;
  if (ib_load(im, alloc, ud, &rb, &err) != SG_OK) fail_msg("load failed: %s (offset %ld)", err.message, err.offset);
  return rb;
}

static sg_rulebook *load(ib_image *im) {
  return load_with(im, NULL, NULL);
}

/* A predicate "FACT f; <cmp>; RET" against a constant pushed by `push`. */
static uint32_t pred_fact_cmp(ib_image *im, const char *name, uint16_t fact, int push_op,
                              uint64_t constant, int cmp) {
  uint32_t s = ib_here(im);
  ib_op16(im, SG_OP_FACT, fact);
  if (push_op == SG_OP_DATETIME) ib_op64(im, push_op, constant);
  else if (push_op == SG_OP_ENUM) ib_op1616(im, push_op, fact, (uint16_t)constant);
  else ib_op32(im, push_op, (uint32_t)constant);
  ib_op(im, cmp);
  ib_op(im, SG_OP_RET);
  return ib_pred(im, name, SG_CONDITION, SG_NONE, ib_end(im, s));
}

/* A predicate that is just "FACT f; RET" (a bool fact). */
static uint32_t pred_fact(ib_image *im, const char *name, uint16_t fact, uint32_t group) {
  uint32_t s = ib_here(im);
  ib_op16(im, SG_OP_FACT, fact);
  ib_op(im, SG_OP_RET);
  return ib_pred(im, name, SG_SIGNAL, group, ib_end(im, s));
}

/* ---- Setters ---------------------------------------------------------- */

enum { F_B, F_I, F_T, F_E, F_D, F_DT };

static sg_rulebook *typed_rulebook(void) {
  static const char *const kleuren[] = {"rood", "groen"};
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "b", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "i", SG_INT, 0, 0, NULL);
  ib_fact(&im, "t", SG_TEXT, 0, 0, NULL);
  ib_fact(&im, "e", SG_ENUM, 0, 2, kleuren);
  ib_fact(&im, "d", SG_DATE, 0, 0, NULL);
  ib_fact(&im, "dt", SG_DATETIME, 0, 0, NULL);
  pred_fact(&im, "p_b", F_B, SG_NONE);                                              /* 0 */
  pred_fact_cmp(&im, "p_i", F_I, SG_OP_INT, (uint32_t)-42, SG_OP_EQ);               /* 1 */
  pred_fact_cmp(&im, "p_t", F_T, SG_OP_TEXT, ib_str(&im, "hallo"), SG_OP_EQ);       /* 2 */
  pred_fact_cmp(&im, "p_e", F_E, SG_OP_ENUM, 1, SG_OP_EQ);                          /* 3 */
  pred_fact_cmp(&im, "p_d", F_D, SG_OP_DATE, 17113, SG_OP_EQ);                      /* 4 */
  pred_fact_cmp(&im, "p_dt", F_DT, SG_OP_DATETIME, 1478602800, SG_OP_EQ);           /* 5 */
  pred_fact_cmp(&im, "p_i_big", F_I, SG_OP_INT, 0, SG_OP_GT);                       /* 6 */
  return load(&im);
}

static void test_setter_errors(void **state) {
  (void)state;
  sg_rulebook *rb = typed_rulebook();
  sg_context *ctx = sg_context_new(rb);
  assert_int_equal(sg_set_int(ctx, F_B, 1), SG_ERR_TYPE);
  assert_int_equal(sg_set_bool(ctx, F_I, 1), SG_ERR_TYPE);
  assert_int_equal(sg_set_text(ctx, F_E, "rood"), SG_ERR_TYPE);
  assert_int_equal(sg_set_enum(ctx, F_T, "rood"), SG_ERR_TYPE);
  assert_int_equal(sg_set_date(ctx, F_DT, 1), SG_ERR_TYPE);
  assert_int_equal(sg_set_datetime(ctx, F_D, 1), SG_ERR_TYPE);
  assert_int_equal(sg_set_bool(ctx, 6, 1), SG_ERR_RANGE);
  assert_int_equal(sg_set_unknown(ctx, 99), SG_ERR_RANGE);
  assert_int_equal(sg_set_enum_index(ctx, F_E, 2), SG_ERR_RANGE);
  assert_int_equal(sg_set_enum(ctx, F_E, "blauw"), SG_ERR_VALUE);
  assert_int_equal(sg_set_text(ctx, F_T, NULL), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "nope", "1"), SG_ERR_RANGE);
  assert_int_equal(sg_set_parsed(ctx, "b", "yes"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "b", "True"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", "12x"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", ""), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", "-"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", " 1"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", "9223372036854775808"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "i", "-9223372036854775809"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "e", "blauw"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "d", "2016-02-30"), SG_ERR_VALUE);
  assert_int_equal(sg_set_parsed(ctx, "dt", "2016-11-08"), SG_ERR_VALUE);
  /* nothing was set by a failing setter */
  sg_eval(ctx);
  for (size_t p = 0; p < sg_pred_count(rb); p++) assert_int_equal(sg_pred_value(ctx, p), SG_UNKNOWN);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

static void test_setters_store_values(void **state) {
  (void)state;
  sg_rulebook *rb = typed_rulebook();
  sg_context *ctx = sg_context_new(rb);
  char text[16] = "hallo";
  assert_int_equal(sg_set_bool(ctx, F_B, 7), SG_OK);
  assert_int_equal(sg_set_int(ctx, F_I, -42), SG_OK);
  assert_int_equal(sg_set_text(ctx, F_T, text), SG_OK);
  strcpy(text, "weg");  /* the context holds its own copy */
  assert_int_equal(sg_set_enum(ctx, F_E, "groen"), SG_OK);
  assert_int_equal(sg_set_date(ctx, F_D, 17113), SG_OK);
  assert_int_equal(sg_set_datetime(ctx, F_DT, 1478602800), SG_OK);
  assert_int_equal(sg_eval(ctx), SG_OK);
  for (size_t p = 0; p < 6; p++) assert_int_equal(sg_pred_value(ctx, p), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 6), SG_FALSE);

  /* the same through sg_set_parsed */
  sg_context_reset(ctx);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_UNKNOWN);
  assert_int_equal(sg_set_parsed(ctx, "b", "true"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "i", "-42"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "t", "hallo"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "e", "groen"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "d", "2016-11-08"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "dt", "2016-11-08T11:00"), SG_OK);
  sg_eval(ctx);
  for (size_t p = 0; p < 6; p++) assert_int_equal(sg_pred_value(ctx, p), SG_TRUE);
  assert_int_equal(sg_set_parsed(ctx, "dt", "2016-11-08T11:00:00"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "b", "false"), SG_OK);
  assert_int_equal(sg_set_enum_index(ctx, F_E, 0), SG_OK);
  assert_int_equal(sg_set_text(ctx, F_T, "een langere tekst dan hallo"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "i", "9223372036854775807"), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 2), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 3), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 5), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 6), SG_TRUE);
  assert_int_equal(sg_set_parsed(ctx, "i", "-9223372036854775808"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "i", "+5"), SG_OK);
  assert_int_equal(sg_set_unknown(ctx, F_T), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 6), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 2), SG_UNKNOWN);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- Dates -------------------------------------------------------------- */

static void test_date_parse_format(void **state) {
  (void)state;
  int32_t d;
  int64_t t;
  char buf[20];
  assert_int_equal(sg_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(sg_days_from_civil(2016, 11, 8), 17113);
  assert_int_equal(sg_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(sg_days_from_civil(2000, 3, 1), 11017);
  int y, mo, dd;
  sg_civil_from_days(17113, &y, &mo, &dd);
  assert_true(y == 2016 && mo == 11 && dd == 8);
  sg_civil_from_days(-1, &y, &mo, &dd);
  assert_true(y == 1969 && mo == 12 && dd == 31);
  sg_civil_from_days(11016, &y, &mo, &dd); /* the leap day of a year divisible by 400 */
  assert_true(y == 2000 && mo == 2 && dd == 29);
  for (int32_t day = -800000; day <= 800000; day += 997) { /* round trip, years 0..4160 */
    sg_civil_from_days(day, &y, &mo, &dd);
    assert_int_equal(sg_days_from_civil(y, mo, dd), day);
  }
  assert_int_equal(sg_parse_date("2016-11-08", &d), 0);
  assert_int_equal(d, 17113);
  assert_int_equal(sg_parse_date("2016-02-29", &d), 0);
  assert_int_equal(sg_parse_date("2000-02-29", &d), 0);
  assert_int_equal(sg_parse_date("0000-01-01", &d), 0);
  assert_int_equal(sg_parse_date("9999-12-31", &d), 0);
  static const char *const bad_dates[] = {
    "2017-02-29", "1900-02-29", "2016-02-30", "2016-04-31", "2016-13-01", "2016-00-10",
    "2016-11-00", "2016-1-01", "16-11-08", "2016-11-08 ", "2016-11-08T", "2016/11/08",
    "", "2016-11-0", "+016-11-08", "2016-11-32", "abcd-ef-gh",
  };
  for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++)
    if (sg_parse_date(bad_dates[i], &d) != -1) fail_msg("accepted date \"%s\"", bad_dates[i]);
  assert_int_equal(sg_parse_datetime("2016-11-08T11:00", &t), 0);
  assert_int_equal(t, 1478602800);
  assert_int_equal(sg_parse_datetime("2016-11-08T23:59:59", &t), 0);
  assert_int_equal(t, 17113LL * 86400 + 86399);
  static const char *const bad_datetimes[] = {
    "2016-11-08T24:00", "2016-11-08T12:60", "2016-11-08T12:00:60", "2016-11-08 12:00",
    "2016-11-08T1:00", "2016-11-08T12:00:", "2016-11-08T12:00:0", "2016-11-08T12:00Z",
    "2016-11-08", "2016-02-30T12:00", "2016-11-08T12:00:00.5",
  };
  for (size_t i = 0; i < sizeof bad_datetimes / sizeof bad_datetimes[0]; i++)
    if (sg_parse_datetime(bad_datetimes[i], &t) != -1)
      fail_msg("accepted datetime \"%s\"", bad_datetimes[i]);

  sg_format_date(17113, buf);
  assert_string_equal(buf, "2016-11-08");
  sg_format_date(-1, buf);
  assert_string_equal(buf, "1969-12-31");
  sg_format_datetime(1478602800, buf);
  assert_string_equal(buf, "2016-11-08T11:00:00");
  sg_format_datetime(-1, buf);
  assert_string_equal(buf, "1969-12-31T23:59:59");
  /* the contract's edges: every day fits in 20 bytes, a moment beyond year
   * 9999 is cut to 19 characters, and nothing is written past the 20 */
  char edge[21];
  edge[20] = '#';
  sg_format_date(INT32_MAX, edge);
  assert_string_equal(edge, "5881580-07-11");
  sg_format_date(INT32_MIN, edge);
  assert_string_equal(edge, "-5877641-06-23");
  sg_format_datetime((int64_t)sg_days_from_civil(10000, 1, 1) * 86400, edge);
  assert_string_equal(edge, "10000-01-01T00:00:0");
  sg_format_datetime(INT64_MAX, edge);
  assert_string_equal(edge, "292277026596-12-04T");
  sg_format_datetime(INT64_MIN, edge);
  assert_string_equal(edge, "-292277022657-01-27");
  assert_int_equal(edge[20], '#');
  /* round trips over 0000-01-01 .. 9999-12-31 */
  int32_t lo = sg_days_from_civil(0, 1, 1), hi = sg_days_from_civil(9999, 12, 31);
  for (int32_t day = lo; day <= hi; day += 13) {
    sg_format_date(day, buf);
    assert_int_equal(sg_parse_date(buf, &d), 0);
    assert_int_equal(d, day);
  }
  for (int64_t s = -5000000000LL; s < 200000000000LL; s += 987654321) {
    sg_format_datetime(s, buf);
    assert_int_equal(sg_parse_datetime(buf, &t), 0);
    assert_int_equal(t, s);
  }
}

/* The holiday on year-month-day, "" for none (assert_string_equal needs a
 * string). */
static const char *holiday(int year, int month, int day, int good_friday) {
  const char *name = sg_public_holiday(sg_days_from_civil(year, month, day), good_friday);
  return name ? name : "";
}

/* The Dutch public holidays (Algemene termijnenwet, art. 3): Easter and the
 * days that hang on it, the fixed days, the monarch's birthday as
 * celebrated, Good Friday only on request. */
static void test_public_holidays(void **state) {
  (void)state;
  /* Easter Sunday 2000-2030 (Gregorian), month * 100 + day: checked by
   * hand against the published Western Easter dates and against
   * python-dateutil's easter(), which uses another method. */
  static const int easter[31] = {
    423, 415, 331, 420, 411, 327, 416, 408, 323, 412, /* 2000-2009 */
    404, 424, 408, 331, 420, 405, 327, 416, 401, 421, /* 2010-2019 */
    412, 404, 417, 409, 331, 420, 405, 328, 416, 401, /* 2020-2029 */
    421,                                              /* 2030 */
  };
  for (int y = 2000; y <= 2030; y++) {
    int32_t e = sg_days_from_civil(y, easter[y - 2000] / 100, easter[y - 2000] % 100);
    assert_null(sg_public_holiday(e, 1));     /* Easter Sunday itself is not listed */
    assert_null(sg_public_holiday(e - 1, 1));
    assert_string_equal(sg_public_holiday(e + 1, 0), "Tweede Paasdag");
    assert_null(sg_public_holiday(e + 2, 1));
    assert_string_equal(sg_public_holiday(e + 39, 0), "Hemelvaartsdag");
    assert_null(sg_public_holiday(e + 49, 1)); /* Whit Sunday */
    assert_string_equal(sg_public_holiday(e + 50, 0), "Tweede Pinksterdag");
    assert_null(sg_public_holiday(e + 51, 1));
    assert_null(sg_public_holiday(e - 2, 0)); /* Good Friday: only on request */
    assert_string_equal(sg_public_holiday(e - 2, 1), "Goede Vrijdag");
  }
  /* Easter in March: Easter Monday 2016-03-28 and 2024-04-01 */
  assert_string_equal(holiday(2016, 3, 28, 0), "Tweede Paasdag");
  assert_string_equal(holiday(2024, 4, 1, 0), "Tweede Paasdag");
  assert_string_equal(holiday(2024, 3, 29, 1), "Goede Vrijdag");
  /* Ascension on 5 May (2005, 2016): the law's order names Hemelvaartsdag */
  assert_string_equal(holiday(2016, 5, 5, 0), "Hemelvaartsdag");
  assert_string_equal(holiday(2005, 5, 5, 0), "Hemelvaartsdag");
  assert_string_equal(holiday(2025, 5, 29, 0), "Hemelvaartsdag");
  assert_string_equal(holiday(2025, 6, 9, 0), "Tweede Pinksterdag");

  /* the fixed days, every year, whatever the weekday */
  for (int y = 1900; y <= 2100; y++) {
    assert_string_equal(holiday(y, 1, 1, 0), "Nieuwjaarsdag");
    assert_string_equal(holiday(y, 12, 25, 0), "Eerste Kerstdag");
    assert_string_equal(holiday(y, 12, 26, 0), "Tweede Kerstdag");
    assert_string_equal(holiday(y, 12, 24, 1), "");
    assert_string_equal(holiday(y, 12, 27, 1), "");
    assert_string_equal(holiday(y, 1, 2, 1), "");
    const char *may5 = holiday(y, 5, 5, 0);
    if (strcmp(may5, "Hemelvaartsdag") != 0) assert_string_equal(may5, "Bevrijdingsdag");
  }

  /* the monarch's birthday as celebrated */
  assert_string_equal(holiday(2015, 4, 27, 0), "Koningsdag");
  assert_string_equal(holiday(2014, 4, 26, 0), "Koningsdag"); /* the 27th a Sunday */
  assert_string_equal(holiday(2014, 4, 27, 0), "");
  assert_string_equal(holiday(2025, 4, 26, 0), "Koningsdag");
  assert_string_equal(holiday(2025, 4, 27, 0), "");
  assert_string_equal(holiday(2014, 4, 30, 0), "");
  assert_string_equal(holiday(2013, 4, 30, 0), "Koninginnedag");
  assert_string_equal(holiday(2013, 4, 27, 0), "");
  assert_string_equal(holiday(2006, 4, 29, 0), "Koninginnedag"); /* the 30th a Sunday */
  assert_string_equal(holiday(2006, 4, 30, 0), "");
  assert_string_equal(holiday(1989, 4, 29, 0), "Koninginnedag");
  assert_string_equal(holiday(1980, 4, 30, 0), "Koninginnedag");
  assert_string_equal(holiday(1979, 4, 30, 0), "Koninginnedag");
  assert_string_equal(holiday(1950, 5, 1, 0), "Koninginnedag"); /* the 30th a Sunday */
  assert_string_equal(holiday(1950, 4, 30, 0), "");
  assert_string_equal(holiday(1950, 4, 29, 0), "");
  assert_string_equal(holiday(1978, 5, 1, 0), "Koninginnedag");
  assert_string_equal(holiday(1949, 4, 30, 0), "Koninginnedag");
  assert_string_equal(holiday(1948, 4, 30, 0), "");
  /* one royal day a year from 1949, never on a Sunday; a whole year holds
   * the eight days of lid 1 (seven when Ascension falls on 5 May, and
   * before 1949), and Good Friday adds one */
  for (int y = 1900; y <= 2400; y++) {
    int32_t first = sg_days_from_civil(y, 1, 1), last = sg_days_from_civil(y, 12, 31);
    int royal = 0, days = 0, with_friday = 0;
    for (int32_t d = first; d <= last; d++) {
      const char *name = sg_public_holiday(d, 0);
      days += name != NULL;
      with_friday += sg_public_holiday(d, 1) != NULL;
      if (name && (strcmp(name, "Koningsdag") == 0 || strcmp(name, "Koninginnedag") == 0)) {
        royal++;
        assert_int_not_equal(((d + 3) % 7 + 7) % 7, 6); /* not a Sunday (1970-01-01: Thursday) */
      }
    }
    int expect = 8 - (y < 1949) - (strcmp(holiday(y, 5, 5, 0), "Hemelvaartsdag") == 0);
    assert_int_equal(royal, y >= 1949);
    assert_int_equal(days, expect);
    assert_int_equal(with_friday, expect + 1);
  }
  /* proleptic, before year 1 too: the Gregorian Easter cycle is 5,700,000
   * years, so Easter Monday falls on the same date in y and y + 5,700,000 */
  for (int y = -3000; y <= 3000; y += 37) {
    for (int m = 3, d = 23; m < 5; d++) {
      if (d > 31) m++, d = 1;
      if (m == 4 && d > 26) break;
      int here = strcmp(holiday(y, m, d, 0), "Tweede Paasdag") == 0;
      int there = strcmp(holiday(y + 5700000, m, d, 0), "Tweede Paasdag") == 0;
      assert_int_equal(here, there);
    }
  }
}

static void test_date_opcodes(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "d", SG_DATE, 0, 0, NULL);
  ib_fact(&im, "dt", SG_DATETIME, 0, 0, NULL);
  uint32_t s = ib_here(&im);          /* 0: weekday(d) = 2 */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op(&im, SG_OP_WEEKDAY);
  ib_op32(&im, SG_OP_INT, 2);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "dinsdag", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                   /* 1: weekday(dt) = 2 */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_WEEKDAY);
  ib_op32(&im, SG_OP_INT, 2);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "dinsdag_moment", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                   /* 2: hour(dt) = 11 */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_HOUR);
  ib_op32(&im, SG_OP_INT, 11);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "elf_uur", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                   /* 3: date(dt) = today */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_DATEOF);
  ib_op(&im, SG_OP_TODAY);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "vandaag", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                   /* 4: dt < now */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_NOW);
  ib_op(&im, SG_OP_LT);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "eerder", SG_CONDITION, SG_NONE, ib_end(&im, s));
  uint32_t w = ib_window(&im, "kantoor", 0x1f, 0, 9 * 60, 17 * 60);
  s = ib_here(&im);                   /* 5: dt within kantoor */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op16(&im, SG_OP_WITHIN, (uint16_t)w);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "kantoortijd", SG_CONDITION, SG_NONE, ib_end(&im, s));
  uint32_t wf = ib_window(&im, "kantoor_feest", 0x1f, SG_WINDOW_EXCEPT_HOLIDAYS, 9 * 60, 17 * 60);
  s = ib_here(&im);                   /* 6: dt within kantoor_feest (except holidays) */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op16(&im, SG_OP_WITHIN, (uint16_t)wf);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "kantoortijd_feest", SG_CONDITION, SG_NONE, ib_end(&im, s));
  uint32_t wg = ib_window(&im, "kantoor_gv", 0x1f,
                          SG_WINDOW_EXCEPT_HOLIDAYS | SG_WINDOW_EXCEPT_GOOD_FRIDAY, 9 * 60, 17 * 60);
  s = ib_here(&im);                   /* 7: dt within kantoor_gv (and Good Friday) */
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op16(&im, SG_OP_WITHIN, (uint16_t)wg);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "kantoortijd_gv", SG_CONDITION, SG_NONE, ib_end(&im, s));
  sg_rulebook *rb = load(&im);
  sg_context *ctx = sg_context_new(rb);

  sg_eval(ctx);
  for (size_t p = 0; p < 6; p++) assert_int_equal(sg_pred_value(ctx, p), SG_UNKNOWN);
  assert_int_equal(sg_set_parsed(ctx, "d", "2016-11-08"), SG_OK);
  assert_int_equal(sg_set_parsed(ctx, "dt", "2016-11-08T11:00"), SG_OK);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 1), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 2), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 3), SG_UNKNOWN);  /* now unknown */
  assert_int_equal(sg_pred_value(ctx, 5), SG_TRUE);
  sg_set_now(ctx, 1478602800 + 3600);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 3), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 4), SG_TRUE);
  /* 17:00 is outside 09:00..17:00, 16:59 inside, Saturday outside */
  sg_set_parsed(ctx, "dt", "2016-11-08T17:00");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 5), SG_FALSE);
  sg_set_parsed(ctx, "dt", "2016-11-08T16:59:59");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 5), SG_TRUE);
  sg_set_parsed(ctx, "dt", "2016-11-12T12:00");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 5), SG_FALSE);
  /* the window flags: a holiday is outside whatever the time; Good Friday
   * only for the window that excepts it too */
  sg_set_parsed(ctx, "dt", "2016-11-08T11:00");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 6), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 7), SG_TRUE);
  sg_set_parsed(ctx, "dt", "2016-03-28T11:00");  /* Tweede Paasdag */
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 5), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 6), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 7), SG_FALSE);
  sg_set_parsed(ctx, "dt", "2016-03-25T11:00");  /* Goede Vrijdag */
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 6), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 7), SG_FALSE);
  /* the calendar holds for every moment a datetime can hold (no overflow:
   * the sanitizer build runs this) */
  static const int64_t extremes[] = {INT64_MIN, INT64_MIN + 86400, INT64_MAX - 86400, INT64_MAX};
  for (size_t k = 0; k < sizeof extremes / sizeof extremes[0]; k++) {
    assert_int_equal(sg_set_datetime(ctx, 1, extremes[k]), SG_OK);
    sg_eval(ctx);
    assert_int_not_equal(sg_pred_value(ctx, 7), SG_UNKNOWN);
  }
  /* before 1970: floor division keeps weekday and hour right */
  sg_set_parsed(ctx, "d", "1969-12-30");       /* a Tuesday */
  sg_set_parsed(ctx, "dt", "1969-12-30T11:30");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 1), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 2), SG_TRUE);
  /* 2016-11-13 is a Sunday: weekday 7 */
  sg_set_parsed(ctx, "d", "2016-11-13");
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_FALSE);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- Kleene logic ------------------------------------------------------- */

static const sg_truth tri[3] = {SG_FALSE, SG_TRUE, SG_UNKNOWN};

static void set_truth(sg_context *ctx, size_t slot, sg_truth t) {
  if (t == SG_UNKNOWN) assert_int_equal(sg_set_unknown(ctx, slot), SG_OK);
  else assert_int_equal(sg_set_bool(ctx, slot, t == SG_TRUE), SG_OK);
}

static sg_truth k_not(sg_truth a) { return a == SG_UNKNOWN ? SG_UNKNOWN : a == SG_TRUE ? SG_FALSE : SG_TRUE; }
static sg_truth k_and(sg_truth a, sg_truth b) {
  if (a == SG_FALSE || b == SG_FALSE) return SG_FALSE;
  return a == SG_TRUE && b == SG_TRUE ? SG_TRUE : SG_UNKNOWN;
}
static sg_truth k_or(sg_truth a, sg_truth b) { return k_not(k_and(k_not(a), k_not(b))); }

static void test_kleene_tables(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "a", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "b", SG_BOOL, 0, 0, NULL);
  uint32_t s = ib_here(&im);                    /* 0: not a */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op(&im, SG_OP_NOT);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "not", SG_CONDITION, SG_NONE, ib_end(&im, s));
  static const int ops[2] = {SG_OP_AND, SG_OP_OR};
  for (int k = 0; k < 2; k++) {                 /* 1, 2: a AND/OR b, plain */
    s = ib_here(&im);
    ib_op16(&im, SG_OP_FACT, 0);
    ib_op16(&im, SG_OP_FACT, 1);
    ib_op(&im, ops[k]);
    ib_op(&im, SG_OP_RET);
    ib_pred(&im, k ? "or" : "and", SG_CONDITION, SG_NONE, ib_end(&im, s));
  }
  for (int k = 0; k < 2; k++) {                 /* 3, 4: the short-circuit forms */
    s = ib_here(&im);
    ib_op16(&im, SG_OP_FACT, 0);
    uint32_t j = ib_here(&im);
    ib_op16(&im, k ? SG_OP_JTRUE : SG_OP_JFALSE, 0);
    ib_op16(&im, SG_OP_FACT, 1);
    ib_op(&im, ops[k]);
    ib_patch(&im, j);
    ib_op(&im, SG_OP_RET);
    ib_pred(&im, k ? "or_sc" : "and_sc", SG_CONDITION, SG_NONE, ib_end(&im, s));
  }
  s = ib_here(&im);                             /* 5: a = b */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "eq", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                             /* 6: a is known */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op(&im, SG_OP_KNOWN);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "known", SG_CONDITION, SG_NONE, ib_end(&im, s));
  sg_rulebook *rb = load(&im);
  sg_context *ctx = sg_context_new(rb);
  for (int x = 0; x < 3; x++)
    for (int y = 0; y < 3; y++) {
      sg_truth a = tri[x], b = tri[y];
      set_truth(ctx, 0, a);
      set_truth(ctx, 1, b);
      assert_int_equal(sg_eval(ctx), SG_OK);
      assert_int_equal(sg_pred_value(ctx, 0), k_not(a));
      assert_int_equal(sg_pred_value(ctx, 1), k_and(a, b));
      assert_int_equal(sg_pred_value(ctx, 2), k_or(a, b));
      assert_int_equal(sg_pred_value(ctx, 3), k_and(a, b));
      assert_int_equal(sg_pred_value(ctx, 4), k_or(a, b));
      sg_truth eq = a == SG_UNKNOWN || b == SG_UNKNOWN ? SG_UNKNOWN : a == b ? SG_TRUE : SG_FALSE;
      assert_int_equal(sg_pred_value(ctx, 5), eq);
      assert_int_equal(sg_pred_value(ctx, 6), a == SG_UNKNOWN ? SG_FALSE : SG_TRUE);
    }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- at least N of G ---------------------------------------------------- */

static void test_atleast(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  for (int i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof name, "f%d", i);
    ib_fact(&im, name, SG_BOOL, 0, 0, NULL);
  }
  uint32_t members[3] = {0, 1, 2};
  ib_group(&im, "g", 3, members);
  for (int i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof name, "s%d", i);
    pred_fact(&im, name, (uint16_t)i, 0);
  }
  for (int n = 0; n <= 4; n++) {      /* preds 3..7: at least n of g */
    char name[12];
    snprintf(name, sizeof name, "min%d", n);
    uint32_t s = ib_here(&im);
    ib_op1616(&im, SG_OP_ATLEAST, 0, (uint16_t)n);
    ib_op(&im, SG_OP_RET);
    ib_pred(&im, name, SG_CONDITION, SG_NONE, ib_end(&im, s));
  }
  sg_rulebook *rb = load(&im);
  sg_context *ctx = sg_context_new(rb);
  for (int combo = 0; combo < 27; combo++) {
    int t = 0, u = 0;
    for (int i = 0, c = combo; i < 3; i++, c /= 3) {
      set_truth(ctx, (size_t)i, tri[c % 3]);
      t += tri[c % 3] == SG_TRUE;
      u += tri[c % 3] == SG_UNKNOWN;
    }
    sg_eval(ctx);
    for (int n = 0; n <= 4; n++) {
      sg_truth want = t >= n ? SG_TRUE : t + u < n ? SG_FALSE : SG_UNKNOWN;
      assert_int_equal(sg_pred_value(ctx, 3 + (size_t)n), want);
    }
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- Comparisons, membership, rules and contacts ------------------------ */

static void test_membership_and_contacts(void **state) {
  (void)state;
  static const char *const regios[] = {"noord", "zuid", "oost"};
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "land", SG_TEXT, 0, 0, NULL);            /* 0 */
  ib_fact(&im, "regio", SG_ENUM, 0, 3, regios);         /* 1 */
  ib_fact(&im, "leeftijd", SG_INT, 0, 0, NULL);         /* 2 */
  ib_fact(&im, "stop", SG_BOOL, 0, 0, NULL);            /* 3 */
  uint32_t landen[] = {ib_str(&im, "BE"), ib_str(&im, "BG")};
  ib_set(&im, "dublin", SG_TEXT, SG_NONE, 2, landen);
  uint32_t leeftijden[] = {12, (uint32_t)-1, 16};
  ib_set(&im, "leeftijden", SG_INT, SG_NONE, 3, leeftijden);
  uint32_t zuidoost[] = {1, 2};
  ib_set(&im, "zuidoost", SG_ENUM, 1, 2, zuidoost);
  static const char *const fields[] = {"naam", "tel"};
  static const char *const cells[] = {"noord", "Groningen", "050", "zuid", "Eindhoven", "040",
                                      "BE", "Brussel", ""};
  ib_table(&im, "kantoren", 2, fields, 3, cells);
  static const struct { uint16_t fact; int op; uint16_t arg; } preds[] = {
    {0, SG_OP_INSET, 0}, {2, SG_OP_INSET, 1}, {1, SG_OP_INSET, 2},
    {0, SG_OP_INTABLE, 0}, {1, SG_OP_INTABLE, 0},
  };
  for (size_t i = 0; i < 5; i++) {
    uint32_t s = ib_here(&im);
    ib_op16(&im, SG_OP_FACT, preds[i].fact);
    ib_op16(&im, preds[i].op, preds[i].arg);
    ib_op(&im, SG_OP_RET);
    ib_pred(&im, "p", SG_CONDITION, SG_NONE, ib_end(&im, s));
  }
  uint32_t s = ib_here(&im);             /* 5: 12 <= leeftijd <= 17 */
  ib_op16(&im, SG_OP_FACT, 2);
  ib_op32(&im, SG_OP_INT, 12);
  ib_op32(&im, SG_OP_INT, 17);
  ib_op(&im, SG_OP_RANGE);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "minderjarig", SG_CONDITION, SG_NONE, ib_end(&im, s));
  /* rule 0: when minderjarig unless stop; contact kantoren[regio], kantoren[land] */
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, 5);
  ib_op(&im, SG_OP_RET);
  ib_block when = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, 3);
  ib_op(&im, SG_OP_RET);
  ib_block unless = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, 1);
  ib_op(&im, SG_OP_RET);
  ib_block key_regio = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op(&im, SG_OP_RET);
  ib_block key_land = ib_end(&im, s);
  uint32_t actions[] = {ib_action(&im, SG_ATTENTION, "Let op", SG_NONE, no_block),
                        ib_action(&im, SG_CONTACT, "", 0, key_regio),
                        ib_action(&im, SG_CONTACT, "", 0, key_land)};
  ib_rule(&im, "melden", 2, when, unless, 3, actions);
  ib_set(&im, "", SG_INT, SG_NONE, 1, leeftijden);  /* a { … } list has no name */
  sg_rulebook *rb = load(&im);
  sg_context *ctx = sg_context_new(rb);
  assert_int_equal(sg_set_count(rb), 4);
  assert_string_equal(sg_set_name(rb, 1), "leeftijden");
  assert_string_equal(sg_set_name(rb, 3), "");
  assert_null(sg_set_name(rb, 4));

  sg_eval(ctx);
  for (size_t p = 0; p < 6; p++) assert_int_equal(sg_pred_value(ctx, p), SG_UNKNOWN);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_UNKNOWN);
  assert_int_equal(sg_rule_contact(ctx, 0, 1), -1);

  sg_set_text(ctx, 0, "BG");
  sg_set_enum(ctx, 1, "zuid");
  sg_set_int(ctx, 2, -1);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 0), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 1), SG_TRUE);    /* -1 is an i32 element */
  assert_int_equal(sg_pred_value(ctx, 2), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 3), SG_FALSE);   /* "BG" is no key */
  assert_int_equal(sg_pred_value(ctx, 4), SG_TRUE);    /* zuid is, by name */
  assert_int_equal(sg_pred_value(ctx, 5), SG_FALSE);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);

  sg_set_text(ctx, 0, "BE");
  sg_set_enum(ctx, 1, "oost");
  sg_set_int(ctx, 2, 17);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 1), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 3), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 4), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 5), SG_TRUE);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_UNKNOWN); /* stop unknown */
  assert_int_equal(sg_rule_contact(ctx, 0, 2), -1);      /* only fired rules */

  sg_set_bool(ctx, 3, 0);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_TRUE);
  assert_int_equal(sg_rule_contact(ctx, 0, 0), -1);      /* not a contact */
  assert_int_equal(sg_rule_contact(ctx, 0, 1), -1);      /* oost is no key */
  assert_int_equal(sg_rule_contact(ctx, 0, 2), 2);       /* "BE" */
  assert_string_equal(sg_table_value(rb, 0, 2, 0), "Brussel");
  assert_string_equal(sg_table_value(rb, 0, 2, 1), "");
  sg_set_enum(ctx, 1, "noord");
  sg_eval(ctx);
  assert_int_equal(sg_rule_contact(ctx, 0, 1), 0);
  assert_int_equal(sg_rule_contact(ctx, 0, 3), -1);      /* out of range */
  assert_int_equal(sg_rule_contact(ctx, 1, 0), -1);

  sg_set_bool(ctx, 3, 1);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);
  assert_int_equal(sg_rule_contact(ctx, 0, 1), -1);
  sg_set_int(ctx, 2, 11);
  sg_set_unknown(ctx, 3);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);   /* when false settles it */
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- Waiting sets ----------------------------------------------------------- */

enum { W_A, W_B, W_C, W_D, W_X };

/* s0 = a, s1 = b in group g; c2 = (at least 1 of g) and c;
 * c3 = x < 18 or c2; rule r0 when c2 unless d; rule r1 when c3. */
static sg_rulebook *waiting_rulebook(sg_alloc_fn alloc, void *ud) {
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "a", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "b", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "c", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "d", SG_BOOL, 0, 0, NULL);
  ib_fact(&im, "x", SG_INT, 0, 0, NULL);
  uint32_t members[] = {0, 1};
  ib_group(&im, "g", 2, members);
  pred_fact(&im, "s0", W_A, 0);
  pred_fact(&im, "s1", W_B, 0);
  uint32_t s = ib_here(&im);
  ib_op1616(&im, SG_OP_ATLEAST, 0, 1);
  uint32_t j = ib_here(&im);
  ib_op16(&im, SG_OP_JFALSE, 0);
  ib_op16(&im, SG_OP_FACT, W_C);
  ib_op(&im, SG_OP_AND);
  ib_patch(&im, j);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "c2", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, W_X);
  ib_op32(&im, SG_OP_INT, 18);
  ib_op(&im, SG_OP_LT);
  ib_op16(&im, SG_OP_PRED, 2);
  ib_op(&im, SG_OP_OR);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "c3", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, 2);
  ib_op(&im, SG_OP_RET);
  ib_block when = ib_end(&im, s);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, W_D);
  ib_op(&im, SG_OP_RET);
  ib_block unless = ib_end(&im, s);
  uint32_t act = ib_action(&im, SG_RECOMMEND, "Doe iets", SG_NONE, no_block);
  ib_rule(&im, "r0", 1, when, unless, 1, &act);
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, 3);
  ib_op(&im, SG_OP_RET);
  ib_rule(&im, "r1", 2, ib_end(&im, s), no_block, 1, &act);
  return load_with(&im, alloc, ud);
}

/* The waiting set as a bit mask of slots (checks ascending order too). */
static unsigned waiting_mask(size_t n, const size_t *slots) {
  unsigned mask = 0;
  for (size_t i = 0; i < n; i++) {
    if (i > 0) assert_true(slots[i - 1] < slots[i]);
    mask |= 1u << slots[i];
  }
  return mask;
}

static unsigned rule_waits(sg_context *ctx, size_t rule) {
  size_t slots[8];
  size_t n = sg_rule_waiting(ctx, rule, slots, 8);
  assert_true(n <= 8);
  return waiting_mask(n, slots);
}

static unsigned pred_waits(sg_context *ctx, size_t pred) {
  size_t slots[8];
  size_t n = sg_pred_waiting(ctx, pred, slots, 8);
  assert_true(n <= 8);
  return waiting_mask(n, slots);
}

#define BIT(s) (1u << (s))

static void test_waiting_sets(void **state) {
  (void)state;
  sg_rulebook *rb = waiting_rulebook(NULL, NULL);
  sg_context *ctx = sg_context_new(rb);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_UNKNOWN);
  assert_int_equal(pred_waits(ctx, 0), BIT(W_A));
  assert_int_equal(pred_waits(ctx, 2), BIT(W_A) | BIT(W_B) | BIT(W_C));
  assert_int_equal(pred_waits(ctx, 3), BIT(W_A) | BIT(W_B) | BIT(W_C) | BIT(W_X));
  assert_int_equal(rule_waits(ctx, 0), BIT(W_A) | BIT(W_B) | BIT(W_C) | BIT(W_D));
  assert_int_equal(rule_waits(ctx, 1), BIT(W_A) | BIT(W_B) | BIT(W_C) | BIT(W_X));
  /* cap smaller than the set: the first ones, and the full count */
  size_t slots[2] = {99, 99};
  assert_int_equal(sg_rule_waiting(ctx, 0, slots, 2), 4);
  assert_int_equal(slots[0], W_A);
  assert_int_equal(slots[1], W_B);
  assert_int_equal(sg_rule_waiting(ctx, 0, NULL, 0), 4);
  assert_int_equal(sg_rule_waiting(ctx, 5, slots, 2), 0);

  /* a false: at least 1 of {false, unknown} still waits for b only */
  sg_set_bool(ctx, W_A, 0);
  assert_int_equal(rule_waits(ctx, 0), 0);  /* stale until the next sg_eval */
  sg_eval(ctx);
  assert_int_equal(pred_waits(ctx, 0), 0);
  assert_int_equal(pred_waits(ctx, 2), BIT(W_B) | BIT(W_C));
  assert_int_equal(rule_waits(ctx, 0), BIT(W_B) | BIT(W_C) | BIT(W_D));

  /* b false too: the group settles false, c2 false by short-circuit */
  sg_set_bool(ctx, W_B, 0);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 2), SG_FALSE);
  assert_int_equal(pred_waits(ctx, 2), 0);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);
  assert_int_equal(rule_waits(ctx, 0), 0);
  assert_int_equal(rule_waits(ctx, 1), BIT(W_X));  /* x < 18 or false */

  /* a true, c true: c2 true, r0 waits for d alone */
  sg_set_bool(ctx, W_A, 1);
  sg_set_bool(ctx, W_C, 1);
  sg_eval(ctx);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_UNKNOWN);
  assert_int_equal(rule_waits(ctx, 0), BIT(W_D));
  assert_int_equal(sg_rule_outcome(ctx, 1), SG_TRUE);
  assert_int_equal(rule_waits(ctx, 1), 0);

  /* d true: r0 does not fire, whatever c2 is */
  sg_set_unknown(ctx, W_A);
  sg_set_unknown(ctx, W_B);
  sg_set_bool(ctx, W_D, 1);
  sg_eval(ctx);
  assert_int_equal(sg_pred_value(ctx, 2), SG_UNKNOWN);
  assert_int_equal(sg_rule_outcome(ctx, 0), SG_FALSE);
  assert_int_equal(rule_waits(ctx, 0), 0);
  assert_int_equal(pred_waits(ctx, 2), BIT(W_A) | BIT(W_B));
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* ---- Allocation ------------------------------------------------------------- */

static void test_eval_never_allocates(void **state) {
  (void)state;
  ah_state c = {-1, 0, 0};
  sg_rulebook *rb = waiting_rulebook(ah_alloc, &c);
  assert_true(c.calls > 0);
  assert_true(c.live > 0);
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  long before = c.calls;
  size_t slots[8];
  for (int round = 0; round < 100; round++) {
    set_truth(ctx, W_A, tri[round % 3]);
    set_truth(ctx, W_B, tri[round / 3 % 3]);
    set_truth(ctx, W_C, tri[round / 9 % 3]);
    set_truth(ctx, W_D, tri[round / 27 % 3]);
    sg_set_int(ctx, W_X, round);
    sg_set_now(ctx, round);
    assert_int_equal(sg_eval(ctx), SG_OK);
    for (size_t r = 0; r < sg_rule_count(rb); r++) sg_rule_waiting(ctx, r, slots, 8);
    for (size_t p = 0; p < sg_pred_count(rb); p++) sg_pred_waiting(ctx, p, slots, 8);
  }
  assert_int_equal(c.calls, before);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  assert_int_equal(c.live, 0);

  /* text setters allocate, and their memory is freed with the context */
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "t", SG_TEXT, 0, 0, NULL);
  rb = load_with(&im, ah_alloc, &c);
  ctx = sg_context_new(rb);
  before = c.calls;
  assert_int_equal(sg_set_text(ctx, 0, "een lange tekst"), SG_OK);
  assert_true(c.calls > before);
  before = c.calls;
  assert_int_equal(sg_set_text(ctx, 0, "twee"), SG_OK);  /* fits: reused */
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(c.calls, before);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
  assert_int_equal(c.live, 0);
}

/* ---- Disassembler ----------------------------------------------------------- */

typedef struct {
  char text[8192];
  size_t len;
} listing;

static void collect(void *ud, const char *text, size_t len) {
  listing *l = ud;
  assert_true(l->len + len < sizeof l->text);
  memcpy(l->text + l->len, text, len);
  l->len += len;
  l->text[l->len] = '\0';
}

/* ---- Countries ------------------------------------------------------------- */

/* The table is ISO 3166-1 alpha-2 as assigned: 249 codes of two capital
 * letters, in the order of their codes as format 1.1 wrote them, without
 * the codes that are not assigned (XK, EU, EL, UK). */
static void test_country_table(void **state) {
  (void)state;
  assert_int_equal(SGR_COUNTRY_COUNT, 249);
  for (uint32_t i = 0; i < SGR_COUNTRY_COUNT; i++) {
    const char *code = sgr_country_code(i);
    assert_int_equal(strlen(code), 2);
    assert_true(code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z');
    if (i > 0) assert_true(strcmp(sgr_country_code(i - 1), code) < 0);
    assert_int_equal(sgr_country_find(code), (long)i);
    assert_true(strlen(sgr_country_name(i)) > 2);
  }
  assert_null(sgr_country_code(SGR_COUNTRY_COUNT));
  assert_null(sgr_country_name(SGR_COUNTRY_COUNT));
  static const char *const unassigned[] = {"XK", "EU", "EL", "UK", "gb", "G", "GBR", "", " GB"};
  for (size_t i = 0; i < sizeof unassigned / sizeof *unassigned; i++)
    assert_int_equal(sgr_country_find(unassigned[i]), -1);
  assert_int_equal(sgr_country_find(NULL), -1);
  assert_string_equal(sgr_country_code(SGR_COUNTRY_GR), "GR");
  assert_string_equal(sgr_country_name(SGR_COUNTRY_GR), "Griekenland");
  assert_string_equal(sgr_country_name(SGR_COUNTRY_NA), "Namibië");
  assert_string_equal(sgr_country_name(SGR_COUNTRY_GB), "Verenigd Koninkrijk");
  assert_int_equal(SGR_COUNTRY_AD, 0);
  assert_int_equal(SGR_COUNTRY_ZW, 248);
}

/* What a text that is no code perhaps means: aliases, another case, Dutch
 * names; nothing for what means no assigned country. */
static void test_country_suggest(void **state) {
  (void)state;
  static const struct {
    const char *text;
    long country;
  } cases[] = {
    {"UK", SGR_COUNTRY_GB}, {"uk", SGR_COUNTRY_GB}, {"EL", SGR_COUNTRY_GR},
    {"gb", SGR_COUNTRY_GB}, {"Gb", SGR_COUNTRY_GB}, {" GB ", SGR_COUNTRY_GB},
    {"Verenigd Koninkrijk", SGR_COUNTRY_GB}, {"verenigd koninkrijk", SGR_COUNTRY_GB},
    {"Groot-Brittannië", SGR_COUNTRY_GB}, {"Griekenland", SGR_COUNTRY_GR},
    {"Italië", SGR_COUNTRY_IT}, {"namibië", SGR_COUNTRY_NA}, {"Wit-Rusland", SGR_COUNTRY_BY},
    {"XK", -1}, {"EU", -1}, {"Atlantis", -1}, {"", -1}, {"G", -1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    if (sgr_country_suggest(cases[i].text) != cases[i].country)
      fail_msg("suggest(\"%s\") = %ld, want %ld", cases[i].text,
               sgr_country_suggest(cases[i].text), cases[i].country);
  assert_int_equal(sgr_country_suggest(NULL), -1);
  assert_string_equal(sg_country_name("GB"), "Verenigd Koninkrijk");
  assert_string_equal(sg_country_name("NL"), "Nederland");
  assert_null(sg_country_name("UK"));
  assert_null(sg_country_name("gb"));
  assert_null(sg_country_name(NULL));
}

/* A rulebook with a country fact, a country set and a COUNTRY constant. */
static sg_rulebook *country_rulebook(void) {
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "land", SG_COUNTRY, 0, 0, NULL);                             /* 0 */
  ib_fact(&im, "naam", SG_TEXT, 0, 0, NULL);                                /* 1 */
  uint32_t benelux[] = {SGR_COUNTRY_BE, SGR_COUNTRY_NL, SGR_COUNTRY_LU};
  ib_set(&im, "benelux", SG_COUNTRY, SG_NONE, 3, benelux);
  uint32_t s = ib_here(&im);                                                /* 0: land = GB */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_COUNTRY, SGR_COUNTRY_GB);
  ib_op(&im, SG_OP_EQ);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "is_gb", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);                                                         /* 1: land in benelux */
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_INSET, 0);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "in_benelux", SG_CONDITION, SG_NONE, ib_end(&im, s));
  return load(&im);
}

/* sg_set_country takes exactly an assigned code; nothing else changes the
 * fact. Comparison and membership are by country. */
static void test_country_setter(void **state) {
  (void)state;
  sg_rulebook *rb = country_rulebook();
  sg_context *ctx = sg_context_new(rb);
  char buf[24];
  assert_int_equal(sg_fact_type(rb, 0), SG_COUNTRY);
  assert_int_equal(sg_set_country(ctx, 0, "GB"), SG_OK);
  assert_string_equal(sg_fact_value(ctx, 0, buf, sizeof buf), "GB");
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_pred_value(ctx, 0), SG_TRUE);
  assert_int_equal(sg_pred_value(ctx, 1), SG_FALSE);
  assert_int_equal(sg_set_country(ctx, 0, "NL"), SG_OK);
  static const char *const wrong[] = {"UK", "gb", "Verenigd Koninkrijk", "XK", "EU", "EL",
                                      "", "G", "GBR", " NL", "NL "};
  for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
    assert_int_equal(sg_set_country(ctx, 0, wrong[i]), SG_ERR_VALUE);
    assert_int_equal(sg_set_parsed(ctx, "land", wrong[i]), SG_ERR_VALUE);
  }
  assert_int_equal(sg_set_country(ctx, 0, NULL), SG_ERR_VALUE);
  assert_string_equal(sg_fact_value(ctx, 0, buf, sizeof buf), "NL"); /* kept */
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_pred_value(ctx, 0), SG_FALSE);
  assert_int_equal(sg_pred_value(ctx, 1), SG_TRUE);
  assert_int_equal(sg_set_parsed(ctx, "land", "LU"), SG_OK);
  assert_string_equal(sg_fact_value(ctx, 0, buf, sizeof buf), "LU");
  assert_int_equal(sg_set_country(ctx, 1, "GB"), SG_ERR_TYPE);  /* a text fact */
  assert_int_equal(sg_set_text(ctx, 0, "GB"), SG_ERR_TYPE);
  assert_int_equal(sg_set_country(ctx, 2, "GB"), SG_ERR_RANGE);
  assert_int_equal(sg_set_country(NULL, 0, "GB"), SG_ERR_RANGE);
  assert_int_equal(sg_set_unknown(ctx, 0), SG_OK);
  assert_null(sg_fact_value(ctx, 0, buf, sizeof buf));
  assert_int_equal(sg_eval(ctx), SG_OK);
  assert_int_equal(sg_pred_value(ctx, 0), SG_UNKNOWN);
  assert_int_equal(sg_pred_value(ctx, 1), SG_UNKNOWN);
  listing *l = calloc(1, sizeof *l);
  sg_disassemble(rb, collect, l);
  assert_non_null(strstr(l->text, "\nfacts 2\n  0 land country\n"));
  assert_non_null(strstr(l->text, "  0 benelux country { BE, NL, LU }\n"));
  char line[64];
  snprintf(line, sizeof line, "  0003  COUNTRY   %-6d ; GB\n", (int)SGR_COUNTRY_GB);
  assert_non_null(strstr(l->text, line));
  assert_non_null(strstr(l->text, ";   COUNTRY   COUNTRY       push country A"));
  free(l);
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

static void test_disassemble(void **state) {
  (void)state;
  sg_rulebook *rb = waiting_rulebook(NULL, NULL);
  listing *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
  sg_disassemble(rb, collect, a);
  sg_disassemble(rb, collect, b);
  if (getenv("SHOW_DISASM")) fputs(a->text, stderr);
  assert_string_equal(a->text, b->text);
  assert_non_null(strstr(a->text, "title \"Test\"\n"));
  assert_non_null(strstr(a->text, "effective 2016-11-01\n"));
  assert_non_null(strstr(a->text, "\nfacts 5\n  0 a bool\n"));
  assert_non_null(strstr(a->text, "\ngroups 1\n  0 g { s0, s1 }\n"));
  assert_non_null(strstr(a->text, "\ncondition 2 c2\n"));
  assert_non_null(strstr(a->text, "  0008  ATLEAST   0 1    ; at least 1 of g\n"));
  assert_non_null(strstr(a->text, "  0013  JFALSE    4      ; -> 0020\n"));
  assert_non_null(strstr(a->text, "  0016  FACT      2      ; c\n"));
  assert_non_null(strstr(a->text, "  0019  AND\n  0020  RET\n"));
  assert_non_null(strstr(a->text, "  0021  FACT      4      ; x\n  0024  INT       18\n"));
  assert_non_null(strstr(a->text, "\nrule 0 r0 step 1\n"));
  assert_non_null(strstr(a->text, "  unless:\n"));
  assert_non_null(strstr(a->text, "  recommend \"Doe iets\"\n"));
  free(a);
  free(b);
  sg_rulebook_free(rb);
}

/* The windows a predicate or rule reads (`within`), and the assumptions
 * of each owner kind: accessors and disassembly. */
static void test_windows_and_assumptions(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "moment", SG_DATETIME, 0, 0, NULL);
  ib_window(&im, "w0", 0x1f, 0, 9 * 60, 17 * 60);
  ib_window(&im, "w1", 0x60, 0, 0, 1440);
  ib_window(&im, "w2", 0x01, 0, 600, 660);
  uint32_t s = ib_here(&im);
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_WITHIN, 2);
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_WITHIN, 0);
  ib_op(&im, SG_OP_OR);
  ib_op16(&im, SG_OP_FACT, 0);
  ib_op16(&im, SG_OP_WITHIN, 2);  /* the same window twice: listed once */
  ib_op(&im, SG_OP_OR);
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "p0", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op16(&im, SG_OP_PRED, 0);  /* reads p0, but no window itself */
  ib_op(&im, SG_OP_RET);
  ib_pred(&im, "p1", SG_CONDITION, SG_NONE, ib_end(&im, s));
  s = ib_here(&im);
  ib_op(&im, SG_OP_NOW);
  ib_op16(&im, SG_OP_WITHIN, 1);
  ib_op(&im, SG_OP_RET);
  ib_block when = ib_end(&im, s);
  uint32_t action = ib_action(&im, SG_RECOMMEND, "Bel", SG_NONE, no_block);
  ib_rule(&im, "r0", 0, when, no_block, 1, &action);
  ib_assumption(&im, SG_OWNER_WINDOW, 1, "Het weekend duurt de hele dag");
  ib_assumption(&im, SG_OWNER_PREDICATE, 1, "p1 \"volgt\" p0");
  ib_assumption(&im, SG_OWNER_RULE, 0, "Bellen kan altijd");
  ib_assumption(&im, SG_OWNER_WINDOW, 1, "Ook op feestdagen");
  sg_rulebook *rb = load(&im);

  assert_int_equal(sg_window_count(rb), 3);
  assert_string_equal(sg_window_name(rb, 2), "w2");
  size_t out[4] = {9, 9, 9, 9};
  assert_int_equal(sg_pred_windows(rb, 0, out, 4), 2);
  assert_int_equal(out[0], 0);
  assert_int_equal(out[1], 2);
  assert_int_equal(out[2], 9);
  assert_int_equal(sg_pred_windows(rb, 0, out, 1), 2);  /* fills 1, counts 2 */
  assert_int_equal(sg_pred_windows(rb, 0, NULL, 0), 2);
  assert_int_equal(sg_pred_windows(rb, 1, out, 4), 0);
  assert_int_equal(sg_pred_windows(rb, 2, out, 4), 0);  /* no such predicate */
  assert_int_equal(sg_rule_windows(rb, 0, out, 4), 1);
  assert_int_equal(out[0], 1);
  assert_int_equal(sg_rule_windows(rb, 1, out, 4), 0);

  assert_int_equal(sg_assumption_count(rb), 4);
  int kind;
  size_t owner;
  const char *text;
  sg_assumption(rb, 2, &kind, &owner, &text);
  assert_int_equal(kind, SG_OWNER_RULE);
  assert_int_equal(owner, 0);
  assert_string_equal(text, "Bellen kan altijd");
  sg_assumption(rb, 0, NULL, NULL, NULL);  /* outputs may be NULL */

  listing *l = calloc(1, sizeof *l);
  sg_disassemble(rb, collect, l);
  assert_non_null(strstr(l->text, "  1 w1 sat sun 00:00 .. 24:00\n"
                                  "      assumption \"Het weekend duurt de hele dag\"\n"
                                  "      assumption \"Ook op feestdagen\"\n"
                                  "  2 w2 mon"));
  assert_non_null(strstr(l->text, "\ncondition 1 p1\n  label \"p1\"\n  source \"bron\"\n"
                                  "  assumption \"p1 \\\"volgt\\\" p0\"\n"));
  assert_non_null(strstr(l->text, "\nrule 0 r0\n  label \"r0\"\n  source \"bron\"\n"
                                  "  assumption \"Bellen kan altijd\"\n  when:\n"));
  free(l);
  sg_rulebook_free(rb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_setter_errors),
    cmocka_unit_test(test_setters_store_values),
    cmocka_unit_test(test_date_parse_format),
    cmocka_unit_test(test_public_holidays),
    cmocka_unit_test(test_date_opcodes),
    cmocka_unit_test(test_kleene_tables),
    cmocka_unit_test(test_atleast),
    cmocka_unit_test(test_membership_and_contacts),
    cmocka_unit_test(test_waiting_sets),
    cmocka_unit_test(test_eval_never_allocates),
    cmocka_unit_test(test_disassemble),
    cmocka_unit_test(test_windows_and_assumptions),
    cmocka_unit_test(test_country_table),
    cmocka_unit_test(test_country_suggest),
    cmocka_unit_test(test_country_setter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
