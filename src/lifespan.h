/* lifespan.h - units over time: which units exist in each period, which are current. */
#ifndef MB_LIFESPAN_H
#define MB_LIFESPAN_H

#include "model.h"

/*
 * Fills the membership fields of a loaded model: each period's units and
 * per-group counts, and each unit's `current` flag (SPEC §2: a unit is part
 * of a period only if it exists on some day of it; the units of the latest
 * period with data are the current ones).  Called by mb_compute.
 */
void mb_lifespan_compute(struct mb_model *m);

/*
 * Whether a reorganisation of group g separates period `then` from the
 * later period `now` (indices into m->periods), so that their rankings and
 * their means are not compared (SPEC §2: rank changes never cross a
 * reorganisation).  The rule: the group's units must be the same on every
 * day from the first day of `then` to the last day of `now`.  They are not
 * when a unit of the group, current or former, begins (its `from`) or ends
 * (the day after its `until`) on a day after the first day of `then` and
 * on or before the last day of `now`:
 *
 *   - a change between the two periods, or during `now`, changes whom `now`
 *     ranks (communes merged on 1/7/2025: 2025-q3 against 2025-q2);
 *   - a change during `then` means `then` ranked units that had already
 *     gone, or not yet come (a department merged on 1/3/2025: 2025-q2
 *     against 2025-q1; a year against the year of the change);
 *   - a change on the first day of `then` or before it is not one: both
 *     periods lie wholly after it (2025-q4 against 2025-q3).
 *
 * Returns true with the latest such day in *day (01/07/2025 on the pages).
 * Needs mb_lifespan_compute.
 */
bool mb_group_reorganised(const struct mb_model *m, int g, size_t then, size_t now, mb_day *day);

#endif
