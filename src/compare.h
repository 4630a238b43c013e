/* compare.h - a period against the one before it: changes, who entered and left, silent gaps. */
#ifndef MB_COMPARE_H
#define MB_COMPARE_H

#include "diag.h"
#include "model.h"

/*
 * Compares each period's scores of each index, and its service figures,
 * with the latest earlier period of the same kind that has them (a
 * quarter with a quarter, a year with a year), and a quarter also with
 * the same quarter a year earlier that has them: the one rule for which
 * periods are compared, and the one place where changes against them are
 * computed (struct mb_scoreset: vs, each group's mean_change, none
 * across a reorganisation of the group (mb_group_reorganised); struct
 * mb_serviceset: vs, and every row's, group total's and the total's
 * `change`, a unit against its own row then, a group or all units against
 * their totals then; entered, left).  Every change is the exact difference
 * of two exact figures, rounded once for each precision it is shown at.
 * Pages, charts, downloads, the highlights, the draft and check's summary
 * all read these.
 *
 * Then warns about what would otherwise pass in silence (SPEC §2; --strict
 * makes them errors):
 *   - a unit ranked, or with service figures, in the previous period of
 *     the same kind that has no row now although it still exists (a unit
 *     that ended before the period is not expected);
 *   - carried_over that is not what the previous quarter left pending
 *     (in time + overdue), with both numbers; import reports it on the
 *     cell, through the same check;
 *   - a rate that moved more than site.json's "rate_change_warning"
 *     (MB_RATE_CHANGE_WARNING, 20 points, by default) against the previous
 *     quarter, over at least MB_RATE_CHANGE_MIN_FILES in both.
 * Called by mb_compute once every period is computed.
 */
void mb_compare(struct mb_model *m, struct mb_diags *d);

/* The change from `then` to `now` (both exact ratios), against period p. */
void mb_ratio_change(struct mb_change *c, const struct mb_ratio *now, const struct mb_ratio *then,
                     int p);

#endif
