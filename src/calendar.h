/* calendar.h - calendar days: real dates, their order, the days of a period. */
#ifndef MB_CALENDAR_H
#define MB_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A day is counted from 1970-01-01 in the proleptic Gregorian calendar, so
 * "the day after" is + 1 and two dates compare as integers.  Nothing here
 * reads the clock: "now" is always the latest period of the data.
 */
typedef int32_t mb_day;

/* Parses a real calendar date "YYYY-MM-DD" (years 1900 to 2999; 2023-02-29
 * is refused).  Returns false, leaving *out alone, for anything else. */
bool mb_day_parse(const char *iso, mb_day *out);
/* The day as "YYYY-MM-DD" in out (11 bytes with the NUL). */
void mb_day_iso(mb_day d, char out[11]);
/* The first and last day of a period: a quarter (1..4) or, for quarter 0,
 * the whole year. */
void mb_day_span(int year, int quarter, mb_day *first, mb_day *last);

#endif
