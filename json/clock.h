/* clock.h — the moment of evaluation: the system clock converted to Dutch
 * local time (Europe/Amsterdam) by the EU summer-time rule, independent of
 * the machine's TZ setting; a moment written out in Dutch for a report.
 */
#ifndef SG_CLI_CLOCK_H
#define SG_CLI_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since 1970-01-01T00:00 UTC -> Dutch local wall-clock seconds
 * (the runtime's datetime). CET is UTC+1; CEST (UTC+2) runs from the last
 * Sunday of March 01:00 UTC up to the last Sunday of October 01:00 UTC. */
int64_t clock_dutch_local(int64_t utc_seconds);

/* The current moment in Dutch local time (clock_dutch_local of time()). */
int64_t clock_now_dutch(void);
/* 0 when the Dutch local moment does not exist: 02:00 to 03:00 on the last
 * Sunday of March, the hour the clocks skip; 1 otherwise. */
int clock_dutch_exists(int64_t local_seconds);

/* A local datetime as a case worker reads it, into buf (len bytes, at least
 * CLOCK_DUTCH_SIZE): "maandag 14 november 2016 om 10:30" (to the minute). */
enum { CLOCK_DUTCH_SIZE = 64 };
void clock_format_dutch(int64_t seconds, char *buf, size_t len);

#endif
