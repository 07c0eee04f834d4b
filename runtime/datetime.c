/* datetime.c — proleptic Gregorian calendar arithmetic, the Dutch public
 * holidays (Algemene termijnenwet, art. 3), and the strict parsers and
 * formatters of dates (days since 1970-01-01) and naive local datetimes
 * (seconds since 1970-01-01T00:00).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Days from 1970-01-01 to year-month-day (H. Hinnant's algorithm), 64-bit. */
static int64_t date_days(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = date_floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The inverse of date_days. */
static void date_civil(int64_t days, int64_t *year, int *month, int *day) {
  days += 719468;
  int64_t era = date_floor_div(days, 146097);
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *day = (int)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int)(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

static int date_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int date_month_days(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && date_leap(year) ? 29 : days[month - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date; the result is exact
 * for years -5,000,000 .. 5,000,000. */
int32_t sg_days_from_civil(int year, int month, int day) {
  return (int32_t)date_days(year, month, day);
}

/* The date of a day number; see signaal.h. */
void sg_civil_from_days(int32_t days, int *year, int *month, int *day) {
  int64_t y;
  int m, d;
  date_civil(days, &y, &m, &d);
  if (year) *year = (int)y;
  if (month) *month = m;
  if (day) *day = d;
}

/* Easter Sunday of `year` in the Gregorian calendar, as days since
 * 1970-01-01: the anonymous Gregorian algorithm (Meeus, Astronomical
 * Algorithms, ch. 8), computed with floor division so that it also holds,
 * proleptically, for years before 1. */
static int64_t date_easter(int64_t year) {
  int64_t a = date_floor_mod(year, 19);
  int64_t b = date_floor_div(year, 100), c = date_floor_mod(year, 100);
  int64_t d = date_floor_div(b, 4), e = date_floor_mod(b, 4);
  int64_t f = date_floor_div(b + 8, 25);
  int64_t g = date_floor_div(b - f + 1, 3);
  int64_t h = date_floor_mod(19 * a + b - d - g + 15, 30);
  int64_t i = c / 4, k = c % 4;
  int64_t l = date_floor_mod(32 + 2 * e + 2 * i - h - k, 7);
  int64_t m = (a + 11 * h + 22 * l) / 451;
  int64_t month = (h + l - 7 * m + 114) / 31;
  int64_t day = (h + l - 7 * m + 114) % 31 + 1;
  return date_days(year, month, day);
}

/* The day on which the monarch's birthday is celebrated in `year`, as days
 * since 1970-01-01, and its name; NULL (and no day) before 1949. From 2014
 * Koningsdag, 27 April, or 26 April when the 27th is a Sunday; 1980–2013
 * Koninginnedag, 30 April, or 29 April when the 30th is a Sunday; 1949–1979
 * Koninginnedag, 30 April, or 1 May when the 30th is a Sunday. */
static const char *date_royal_day(int64_t year, int64_t *day) {
  if (year < 1949) return NULL;
  int64_t d = date_days(year, 4, year >= 2014 ? 27 : 30);
  if (date_weekday(d) == 7) d += year >= 1980 ? -1 : 1;
  *day = d;
  return year >= 2014 ? "Koningsdag" : "Koninginnedag";
}

/* The public holiday on `days`; see sg_public_holiday in signaal.h. The
 * days are tried in the order of art. 3 lid 1, so that the first one named
 * there wins when two fall together (Hemelvaartsdag on 5 May). */
const char *sgr_public_holiday(int64_t days, int include_good_friday) {
  int64_t y, royal;
  int m, d;
  date_civil(days, &y, &m, &d);
  int64_t easter = date_easter(y);
  if (m == 1 && d == 1) return "Nieuwjaarsdag";
  if (days == easter + 1) return "Tweede Paasdag";
  if (days == easter + 50) return "Tweede Pinksterdag";
  if (m == 12 && d == 25) return "Eerste Kerstdag";
  if (m == 12 && d == 26) return "Tweede Kerstdag";
  if (days == easter + 39) return "Hemelvaartsdag";
  const char *name = date_royal_day(y, &royal);
  if (name && days == royal) return name;
  if (m == 5 && d == 5) return "Bevrijdingsdag";
  if (include_good_friday && days == easter - 2) return "Goede Vrijdag";
  return NULL;
}

/* The public holiday on a day number; see signaal.h. */
const char *sg_public_holiday(int32_t days, int include_good_friday) {
  return sgr_public_holiday(days, include_good_friday);
}

/* Read exactly `n` decimal digits at s into *out; 0 if any is not a digit. */
static int date_digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

/* Parse the "YYYY-MM-DD" at the start of text (no more is read past a
 * mismatch); 1 when it is a valid date. */
static int date_parse_prefix(const char *text, int32_t *days) {
  int y, m, d;
  if (!date_digits(text, 4, &y) || text[4] != '-' || !date_digits(text + 5, 2, &m) ||
      text[7] != '-' || !date_digits(text + 8, 2, &d))
    return 0;
  if (m < 1 || m > 12 || d < 1 || d > date_month_days(y, m)) return 0;
  *days = sg_days_from_civil(y, m, d);
  return 1;
}

/* Parse exactly "YYYY-MM-DD" into days. 0 on success, -1 otherwise. */
int sg_parse_date(const char *text, int32_t *days) {
  int32_t d;
  if (!text || !date_parse_prefix(text, &d) || text[10] != '\0') return -1;
  *days = d;
  return 0;
}

/* Parse exactly "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" into seconds.
 * 0 on success, -1 otherwise. */
int sg_parse_datetime(const char *text, int64_t *seconds) {
  int32_t d;
  int hh, mm, ss = 0;
  if (!text || !date_parse_prefix(text, &d) || text[10] != 'T' ||
      !date_digits(text + 11, 2, &hh) || text[13] != ':' || !date_digits(text + 14, 2, &mm))
    return -1;
  if (text[16] == ':') {
    if (!date_digits(text + 17, 2, &ss) || text[19] != '\0') return -1;
  } else if (text[16] != '\0') {
    return -1;
  }
  if (hh > 23 || mm > 59 || ss > 59) return -1;
  *seconds = (int64_t)d * 86400 + hh * 3600 + mm * 60 + ss;
  return 0;
}

/* Copy `text` into buf (20 bytes), cut to 19 characters: the contract of
 * the two formatters below. They print into a buffer large enough for any
 * value first, so no call is cut where a compiler cannot see that month,
 * day and year are in range (gcc -O3 warns, -Wformat-truncation). */
static void date_put(char *buf, const char *text) {
  size_t n = strlen(text);
  if (n > 19) n = 19;
  memcpy(buf, text, n);
  buf[n] = '\0';
}

/* Write "YYYY-MM-DD" for `days` into buf (at least 20 bytes). */
void sg_format_date(int32_t days, char *buf) {
  int64_t y;
  int m, d;
  char text[64];
  date_civil(days, &y, &m, &d);
  snprintf(text, sizeof text, "%04lld-%02d-%02d", (long long)y, m, d);
  date_put(buf, text);
}

/* Write "YYYY-MM-DDTHH:MM:SS" for `seconds` into buf (at least 20 bytes);
 * moments beyond year 9999 are cut to fit. */
void sg_format_datetime(int64_t seconds, char *buf) {
  int64_t days = date_floor_div(seconds, 86400);
  /* 0 .. 86399; unsigned, so that hour, minute and second are visibly in
   * 0 .. 23 and 0 .. 59 and take two digits each, without a sign */
  unsigned rest = (unsigned)date_floor_mod(seconds, 86400);
  int64_t y;
  int m, d;
  char text[64];
  date_civil(days, &y, &m, &d);
  snprintf(text, sizeof text, "%04lld-%02d-%02dT%02u:%02u:%02u", (long long)y, m, d,
           rest / 3600 % 24, rest / 60 % 60, rest % 60);
  date_put(buf, text);
}
