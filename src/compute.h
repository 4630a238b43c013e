/* compute.h - totals, percentages, ranks, changes and service rates. */
#ifndef MB_COMPUTE_H
#define MB_COMPUTE_H

#include "diag.h"
#include "model.h"

/*
 * Fills every computed field of a loaded model (SPEC §2): which units exist
 * in each period and which are current (lifespan.c), criteria sums,
 * totals, applicable maxima, percentages, ranks, bands, criterion ranks,
 * rank changes, service totals and rates.  Adds consistency problems
 * (sums that disagree, official ranks that differ, unbalanced services) to d.
 */
void mb_compute(struct mb_model *m, struct mb_diags *d);
/* Only the criterion numbers ("1.2") of every index, for commands that
 * read units and indices without periods (import); mb_compute does it too. */
void mb_compute_codes(struct mb_model *m);

#endif
