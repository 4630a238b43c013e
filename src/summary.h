/* summary.h - what check says last: the latest period against the one before. */
#ifndef MB_SUMMARY_H
#define MB_SUMMARY_H

#include "buf.h"
#include "model.h"

/*
 * Appends a few lines on the latest period with data (mb_model_latest_period)
 * against the previous period of the same kind (compare.c): for its service
 * figures and each index it scores, how many units, the totals and the
 * rates (or the groups' mean results) with their changes, and the units
 * that entered and left.  Every number is a figure compute made; numbers
 * are written the way the language of the messages writes them.  Nothing
 * when the model has no period.
 */
void mb_summary(const struct mb_model *m, mb_buf *out);

#endif
