/* test_hours.c — time windows as the runtime's API sees them: whether a
 * moment lies in a window (sg_window_contains, the test `within` makes) and
 * when a closed window opens again (sg_window_next_open), on the edges: the
 * exact start and end minute, a weekend, Christmas, Easter Monday in March,
 * King's Day on a Saturday, Christmas and New Year both on a Monday; and
 * checked against a brute-force reading for every start in two months.
 * Also the hours of a table entry (HOURS, sg_table_entry_window).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "imagebuild.h"
#include "signaal.h"

/* The windows of these tests, by index. */
enum {
  W_OFFICE,     /* weekdays 09:00 .. 17:00 except holidays */
  W_HOUR,       /* weekdays 10:30 .. 12:30 except holidays (the CA's telephone hour) */
  W_ALWAYS,     /* daily 00:00 .. 24:00 */
  W_GOOD_FRI,   /* weekdays 09:00 .. 17:00 except holidays and good friday */
  W_WEEKEND,    /* weekend 09:00 .. 17:00 except holidays */
  W_MONDAY,     /* mon 09:00 .. 17:00 except holidays */
  W_NEVER,      /* no day at all (the format allows it; the language cannot say it) */
  W_PLAIN,      /* weekdays 09:00 .. 17:00, holidays included */
  W_COUNT
};

/* Moment `text` (YYYY-MM-DDTHH:MM[:SS]) as local datetime seconds. */
static int64_t at(const char *text) {
  int64_t s;
  if (sg_parse_datetime(text, &s) != 0) fail_msg("bad moment %s", text);
  return s;
}

/* A rulebook with the windows above, a datetime fact `moment` and, for each
 * window w, predicate w: `moment within w`. */
static sg_rulebook *windows_rulebook(void) {
  ib_image im;
  ib_init(&im);
  ib_fact(&im, "moment", SG_DATETIME, 0, 0, NULL);
  const uint8_t H = SG_WINDOW_EXCEPT_HOLIDAYS;
  ib_window(&im, "office", 0x1f, H, 9 * 60, 17 * 60);
  ib_window(&im, "hour", 0x1f, H, 10 * 60 + 30, 12 * 60 + 30);
  ib_window(&im, "always", 0x7f, 0, 0, 1440);
  ib_window(&im, "good_friday", 0x1f, H | SG_WINDOW_EXCEPT_GOOD_FRIDAY, 9 * 60, 17 * 60);
  ib_window(&im, "weekend", 0x60, H, 9 * 60, 17 * 60);
  ib_window(&im, "monday", 0x01, H, 9 * 60, 17 * 60);
  ib_window(&im, "never", 0x00, 0, 9 * 60, 17 * 60);
  ib_window(&im, "plain", 0x1f, 0, 9 * 60, 17 * 60);
  for (uint16_t w = 0; w < W_COUNT; w++) {
    uint32_t s = ib_here(&im);
    ib_op16(&im, SG_OP_FACT, 0);
    ib_op16(&im, SG_OP_WITHIN, w);
    ib_op(&im, SG_OP_RET);
    ib_pred(&im, "within", SG_CONDITION, SG_NONE, ib_end(&im, s));
  }
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  sg_rulebook *rb = NULL;
  sg_error err;
  if (sg_rulebook_load(img, size, NULL, NULL, &rb, &err) != SG_OK)
    fail_msg("load failed: %s", err.message);
  free(img);
  return rb;
}

/* Window w opens next at `want` (a moment text) when asked at `from`. */
static void expect_opens(const sg_rulebook *rb, size_t w, const char *from, const char *want) {
  int64_t opens = 0;
  if (!sg_window_next_open(rb, w, at(from), &opens))
    fail_msg("window %s never opens after %s", sg_window_name(rb, w), from);
  char got[24];
  sg_format_datetime(opens, got);
  char expected[24];
  sg_format_datetime(at(want), expected);
  if (strcmp(got, expected) != 0)
    fail_msg("window %s after %s: opens %s, not %s", sg_window_name(rb, w), from, got, expected);
}

/* The start and end minutes: the start is inside, the end is not. */
static void test_edges_of_the_day(void **state) {
  (void)state;
  sg_rulebook *rb = windows_rulebook();
  assert_true(sg_window_contains(rb, W_OFFICE, at("2016-11-08T09:00")));
  assert_false(sg_window_contains(rb, W_OFFICE, at("2016-11-08T08:59:59")));
  assert_true(sg_window_contains(rb, W_OFFICE, at("2016-11-08T16:59:59")));
  assert_false(sg_window_contains(rb, W_OFFICE, at("2016-11-08T17:00")));
  expect_opens(rb, W_OFFICE, "2016-11-08T09:00", "2016-11-08T09:00");      /* open: itself */
  expect_opens(rb, W_OFFICE, "2016-11-08T12:34:56", "2016-11-08T12:34:56");
  expect_opens(rb, W_OFFICE, "2016-11-08T08:59:59", "2016-11-08T09:00");   /* one second on */
  expect_opens(rb, W_OFFICE, "2016-11-08T00:00", "2016-11-08T09:00");
  expect_opens(rb, W_OFFICE, "2016-11-08T17:00", "2016-11-09T09:00");      /* the end: tomorrow */
  expect_opens(rb, W_HOUR, "2016-11-08T10:29:30", "2016-11-08T10:30");
  expect_opens(rb, W_HOUR, "2016-11-08T12:30", "2016-11-09T10:30");
  expect_opens(rb, W_ALWAYS, "2016-11-12T03:00", "2016-11-12T03:00");
  expect_opens(rb, W_ALWAYS, "2016-11-12T23:59:59", "2016-11-12T23:59:59");
  sg_rulebook_free(rb);
}

/* Days off: the weekend, and the public holidays a window excepts. */
static void test_days_off_and_holidays(void **state) {
  (void)state;
  sg_rulebook *rb = windows_rulebook();
  /* Friday 17:00 to Monday 09:00; the CA's hour from Saturday night */
  expect_opens(rb, W_OFFICE, "2016-11-11T17:00", "2016-11-14T09:00");
  expect_opens(rb, W_HOUR, "2016-11-12T03:00", "2016-11-14T10:30");
  /* Christmas Eve 2016 is a Saturday; Monday the 26th is Tweede Kerstdag */
  expect_opens(rb, W_OFFICE, "2016-12-24T10:00", "2016-12-27T09:00");
  expect_opens(rb, W_PLAIN, "2016-12-24T10:00", "2016-12-26T09:00");  /* holidays included */
  /* Easter 2016: Monday 28 March (in March) is Tweede Paasdag; Good Friday
   * the 25th is a working day unless the window excepts it too */
  expect_opens(rb, W_OFFICE, "2016-03-27T12:00", "2016-03-29T09:00");
  expect_opens(rb, W_OFFICE, "2016-03-24T17:00", "2016-03-25T09:00");
  expect_opens(rb, W_GOOD_FRI, "2016-03-24T17:00", "2016-03-29T09:00");
  assert_false(sg_window_contains(rb, W_OFFICE, at("2016-03-28T11:00")));
  assert_true(sg_window_contains(rb, W_PLAIN, at("2016-03-28T11:00")));
  /* King's Day 2014: the 27th was a Sunday, so Saturday 26 April was it */
  assert_false(sg_window_contains(rb, W_WEEKEND, at("2014-04-26T12:00")));
  assert_true(sg_window_contains(rb, W_WEEKEND, at("2014-04-27T12:00")));
  expect_opens(rb, W_WEEKEND, "2014-04-25T20:00", "2014-04-27T09:00");
  /* Christmas 2017 and New Year 2018 are both Mondays: three weeks */
  expect_opens(rb, W_MONDAY, "2017-12-18T17:00", "2018-01-08T09:00");
  sg_rulebook_free(rb);
}

/* A window with no day never opens; a bad index and a moment past the
 * last datetime give 0; *opens is left alone then, and may be NULL. */
static void test_never_and_bad_input(void **state) {
  (void)state;
  sg_rulebook *rb = windows_rulebook();
  int64_t opens = 42;
  assert_int_equal(sg_window_next_open(rb, W_NEVER, at("2016-11-08T10:00"), &opens), 0);
  assert_int_equal(opens, 42);
  assert_int_equal(sg_window_contains(rb, W_NEVER, at("2016-11-08T10:00")), 0);
  assert_int_equal(sg_window_next_open(rb, W_COUNT, at("2016-11-08T10:00"), &opens), 0);
  assert_int_equal(sg_window_contains(rb, W_COUNT, at("2016-11-08T10:00")), 0);
  assert_int_equal(opens, 42);
  assert_int_equal(sg_window_next_open(rb, W_OFFICE, at("2016-11-08T17:00"), NULL), 1);
  /* no moment after INT64_MAX; INT64_MIN is a moment like any other */
  assert_int_equal(sg_window_next_open(rb, W_OFFICE, INT64_MAX - 3600, &opens), 0);
  assert_int_equal(sg_window_next_open(rb, W_ALWAYS, INT64_MAX, &opens), 1);
  assert_true(opens == INT64_MAX);
  assert_int_equal(sg_window_next_open(rb, W_OFFICE, INT64_MIN, &opens), 1);
  assert_true(opens > INT64_MIN && opens - INT64_MIN < 8 * 86400);
  assert_true(sg_window_contains(rb, W_OFFICE, opens));
  sg_rulebook_free(rb);
}

/* sg_window_contains says what `within` says, for every window at moments
 * spread over two months (a prime step, so every time of day comes by). */
static void test_contains_is_within(void **state) {
  (void)state;
  sg_rulebook *rb = windows_rulebook();
  sg_context *ctx = sg_context_new(rb);
  assert_non_null(ctx);
  for (int64_t s = at("2016-12-01T00:00"); s < at("2017-02-01T00:00"); s += 7919) {
    assert_int_equal(sg_set_datetime(ctx, 0, s), SG_OK);
    assert_int_equal(sg_eval(ctx), SG_OK);
    for (size_t w = 0; w < W_COUNT; w++)
      assert_int_equal(sg_window_contains(rb, w, s), sg_pred_value(ctx, w) == SG_TRUE);
  }
  sg_context_free(ctx);
  sg_rulebook_free(rb);
}

/* For every start in two months around Christmas and for every window,
 * the answer is open, not earlier than the start, and no earlier moment is
 * open: the window is closed at the start, every whole day in between is
 * closed at its start minute, and the answer's day is closed before it. */
static void test_next_open_brute_force(void **state) {
  (void)state;
  sg_rulebook *rb = windows_rulebook();
  for (int64_t s = at("2016-12-01T00:00"); s < at("2017-02-01T00:00"); s += 4973) {
    for (size_t w = 0; w < W_COUNT; w++) {
      int64_t opens;
      if (!sg_window_next_open(rb, w, s, &opens)) {
        assert_int_equal(w, W_NEVER);
        continue;
      }
      assert_true(opens >= s);
      assert_true(sg_window_contains(rb, w, opens));
      if (opens == s) continue;
      assert_false(sg_window_contains(rb, w, s));
      int64_t start = w == W_HOUR ? 10 * 3600 + 1800 : w == W_ALWAYS ? 0 : 9 * 3600;
      int64_t first = s / 86400, last = opens / 86400;
      assert_true(last - first < 28);
      for (int64_t d = first; d < last; d++)
        if (d * 86400 + start >= s) assert_false(sg_window_contains(rb, w, d * 86400 + start));
      assert_int_equal(opens % 86400, start);  /* a day's start, the first open minute */
    }
  }
  sg_rulebook_free(rb);
}

/* The disassembler's writer: appends to a growing text. */
static void collect(void *ud, const char *text, size_t len) {
  char **out = ud;
  size_t have = *out ? strlen(*out) : 0;
  *out = realloc(*out, have + len + 1);
  assert_non_null(*out);
  memcpy(*out + have, text, len);
  (*out)[have + len] = '\0';
}

/* An entry's hours: its window by sg_table_entry_window, and `open NAME`
 * after the entry in the disassembly; an entry without hours has neither. */
static void test_entry_hours(void **state) {
  (void)state;
  ib_image im;
  ib_init(&im);
  static const char *const fields[] = {"naam", "telefoon"};
  static const char *const cells[] = {"ljr", "LJ&R", "088", "ca", "CA", "070", "comensha", "CoMensha", "033"};
  ib_table(&im, "contacten", 2, fields, 3, cells);
  ib_window(&im, "spreekuur", 0x1f, SG_WINDOW_EXCEPT_HOLIDAYS, 10 * 60 + 30, 12 * 60 + 30);
  ib_window(&im, "altijd", 0x7f, 0, 0, 1440);
  ib_hours(&im, 0, 1, 0);
  ib_hours(&im, 0, 2, 1);
  size_t size;
  uint8_t *img = ib_finish(&im, &size);
  ib_free(&im);
  sg_rulebook *rb = NULL;
  assert_int_equal(sg_rulebook_load(img, size, NULL, NULL, &rb, NULL), SG_OK);
  free(img);
  assert_int_equal(sg_table_entry_window(rb, 0, 0), -1);
  assert_int_equal(sg_table_entry_window(rb, 0, 1), 0);
  assert_int_equal(sg_table_entry_window(rb, 0, 2), 1);
  assert_int_equal(sg_table_entry_window(rb, 0, 3), -1);
  assert_int_equal(sg_table_entry_window(rb, 1, 0), -1);
  char *text = NULL;
  sg_disassemble(rb, collect, &text);
  assert_non_null(strstr(text, "      \"ljr\": \"LJ&R\" \"088\"\n"
                               "      \"ca\": \"CA\" \"070\" open spreekuur\n"
                               "      \"comensha\": \"CoMensha\" \"033\" open altijd\n"));
  free(text);
  sg_rulebook_free(rb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_edges_of_the_day),
    cmocka_unit_test(test_days_off_and_holidays),
    cmocka_unit_test(test_never_and_bad_input),
    cmocka_unit_test(test_contains_is_within),
    cmocka_unit_test(test_next_open_brute_force),
    cmocka_unit_test(test_entry_hours),
  };
  return cmocka_run_group_tests_name("hours", tests, NULL, NULL);
}
