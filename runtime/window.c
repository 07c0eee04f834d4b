/* window.c — time windows (`window` declarations): whether a moment lies
 * in one, the one test WITHIN and the API share, and when a window next
 * opens, for a report that says when a closed contact can be reached again.
 * Moments are local datetime seconds, as sg_set_now takes them.
 */
#include "internal.h"

/* How many days sg_window_next_open looks ahead. A window with at least one
 * day opens within three weeks whatever the holidays (the longest run is a
 * Monday-only window over Christmas and New Year on Mondays); a year and a
 * few days is a bound that needs no proof. */
#define WINDOW_SCAN_DAYS 370

/* Whether day `days` is a public holiday, Good Friday counted or not; the
 * answer for the day in `memo` (may be NULL) without working it out, and
 * `memo` then holds this day. */
static int window_holiday(int64_t days, int good_friday, sgr_holiday_memo *memo) {
  if (!memo) return sgr_public_holiday(days, good_friday) != NULL;
  if (!memo->valid || memo->day != days) {
    memo->kind = sgr_public_holiday(days, 0) ? 1 : sgr_public_holiday(days, 1) ? 2 : 0;
    memo->day = days;
    memo->valid = 1;
  }
  return memo->kind == 1 || (memo->kind == 2 && good_friday);
}

/* Whether window `w` is open on day `days` at all: its day of the week, and
 * not a public holiday (nor Good Friday) when it excepts them. */
static int window_day_open(const sg_window_rec *win, int64_t days, sgr_holiday_memo *memo) {
  if (!(win->days >> (date_weekday(days) - 1) & 1)) return 0;
  return !(win->flags & SG_WINDOW_EXCEPT_HOLIDAYS) ||
         !window_holiday(days, win->flags & SG_WINDOW_EXCEPT_GOOD_FRIDAY, memo);
}

int sgr_window_contains(const sg_rulebook *rb, uint32_t w, int64_t seconds,
                        sgr_holiday_memo *memo) {
  const sg_window_rec *win = &rb->windows[w];
  int64_t minute = date_floor_mod(seconds, 86400) / 60;
  if (minute < win->start || minute >= win->end) return 0;
  return window_day_open(win, date_floor_div(seconds, 86400), memo);
}

int sg_window_contains(const sg_rulebook *rb, size_t window, int64_t seconds) {
  return window < rb->nwindows && sgr_window_contains(rb, (uint32_t)window, seconds, NULL);
}

/* The first moment >= seconds at which the window is open: the moment
 * itself when it is inside, else the start of the first open day, today's
 * only when its start is still to come. Days are scanned, not minutes. */
int sg_window_next_open(const sg_rulebook *rb, size_t window, int64_t seconds, int64_t *opens) {
  if (window >= rb->nwindows) return 0;
  const sg_window_rec *win = &rb->windows[window];
  if (win->days == 0) return 0;  /* no day of the week: it never opens */
  if (sgr_window_contains(rb, (uint32_t)window, seconds, NULL)) {
    if (opens) *opens = seconds;
    return 1;
  }
  int64_t day = date_floor_div(seconds, 86400);
  int64_t into_day = date_floor_mod(seconds, 86400);  /* 0 .. 86399 */
  for (int64_t k = 0; k <= WINDOW_SCAN_DAYS; k++) {
    /* the start of day + k, as an offset from `seconds` (which cannot
     * overflow), and only then as a moment (which may not exist) */
    int64_t ahead = k * 86400 - into_day + (int64_t)win->start * 60;
    if (ahead < 0 || !window_day_open(win, day + k, NULL)) continue;
    if (seconds > INT64_MAX - ahead) return 0;
    if (opens) *opens = seconds + ahead;
    return 1;
  }
  return 0;  /* not reached while the window has a day (see WINDOW_SCAN_DAYS) */
}
