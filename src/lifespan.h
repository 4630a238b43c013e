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

#endif
