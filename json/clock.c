/* clock.c — Dutch local time without the C library's time zones: the EU
 * rule (summer time from the last Sunday of March to the last Sunday of
 * October, both switches at 01:00 UTC) applied to UTC seconds; and a local
 * moment in Dutch words, without the C library's locales.
 */
#include "clock.h"

#include <stdio.h>
#include <time.h>

#include "signaal.h"

#define SECONDS_PER_DAY 86400
#define SECONDS_PER_HOUR 3600

/* Floor division, so dates before 1970 work too. */
static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}


/* Day number of the last Sunday of `month` (whose last day is `last_day`). */
static int64_t last_sunday(int year, int month, int last_day) {
  int64_t day = sg_days_from_civil(year, month, last_day);
  /* 1970-01-01 was a Thursday: (day + 4) mod 7 is 0 on Sundays. */
  int64_t weekday = day + 4 - 7 * floor_div(day + 4, 7);
  return day - weekday;
}

int64_t clock_dutch_local(int64_t utc_seconds) {
  int year;
  sg_civil_from_days((int32_t)floor_div(utc_seconds, SECONDS_PER_DAY), &year, NULL, NULL);
  int64_t summer_start = last_sunday(year, 3, 31) * SECONDS_PER_DAY + SECONDS_PER_HOUR;
  int64_t summer_end = last_sunday(year, 10, 31) * SECONDS_PER_DAY + SECONDS_PER_HOUR;
  int summer = utc_seconds >= summer_start && utc_seconds < summer_end;
  return utc_seconds + (summer ? 2 : 1) * SECONDS_PER_HOUR;
}

int clock_dutch_exists(int64_t local_seconds) {
  int32_t day = (int32_t)floor_div(local_seconds, SECONDS_PER_DAY);
  int year;
  sg_civil_from_days(day, &year, NULL, NULL);
  int64_t hour = (local_seconds - (int64_t)day * SECONDS_PER_DAY) / SECONDS_PER_HOUR;
  return !(day == last_sunday(year, 3, 31) && hour == 2);  /* 02:00 becomes 03:00 */
}

int64_t clock_now_dutch(void) {
  return clock_dutch_local((int64_t)time(NULL));
}

void clock_format_dutch(int64_t seconds, char *buf, size_t len) {
  static const char *const days[7] = {"maandag", "dinsdag", "woensdag", "donderdag",
                                      "vrijdag", "zaterdag", "zondag"};
  static const char *const months[12] = {"januari", "februari", "maart", "april", "mei", "juni",
                                         "juli", "augustus", "september", "oktober",
                                         "november", "december"};
  int64_t day = floor_div(seconds, SECONDS_PER_DAY);
  int64_t rest = seconds % SECONDS_PER_DAY;  /* (no day * 86400: it may overflow) */
  int64_t minute = (rest < 0 ? rest + SECONDS_PER_DAY : rest) / 60;  /* 0 .. 1439 */
  int year, month, mday;
  sg_civil_from_days((int32_t)day, &year, &month, &mday);
  /* 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays */
  int64_t weekday = day + 3 - 7 * floor_div(day + 3, 7);
  snprintf(buf, len, "%s %d %s %d om %02d:%02d", days[weekday], mday, months[month - 1], year,
           (int)(minute / 60), (int)(minute % 60));
}
