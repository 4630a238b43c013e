/* lifespan.h - units over time: calendar days, the days of a period, which units exist when. */
#ifndef MB_LIFESPAN_H
#define MB_LIFESPAN_H

#include <stdbool.h>

#include "buf.h"
#include "model.h"

/*
 * Days are counted from 1970-01-01 in the proleptic Gregorian calendar, so
 * "the day after" is + 1 and two dates compare as integers.  Nothing here
 * reads the clock: "now" is always the latest period of the data.
 */

/* Parses a real calendar date "YYYY-MM-DD" (years 1900 to 2999; 2023-02-29
 * is refused).  Returns false, leaving *out alone, for anything else. */
bool mb_day_parse(const char *iso, mb_day *out);
/* The day as "YYYY-MM-DD" in out (11 bytes with the NUL), or appended to b. */
void mb_day_iso(mb_day d, char out[11]);
void mb_day_put(mb_buf *b, mb_day d);
/* The first and last day of a period: a quarter (1..4) or, for quarter 0,
 * the whole year. */
void mb_period_span(int year, int quarter, mb_day *first, mb_day *last);

/*
 * Fills the membership fields of a loaded model: each period's units and
 * per-group counts, and each unit's `current` flag (SPEC §2: a unit is part
 * of a period only if it exists on some day of it).  Called by mb_compute.
 */
void mb_lifespan_compute(struct mb_model *m);

#endif
