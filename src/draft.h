/* draft.h - `minhbach draft`: a draft press release of a period, written into DATA/pages. */
#ifndef MB_DRAFT_H
#define MB_DRAFT_H

#include "build.h"

/*
 * Writes DATA/pages/ket-qua-<period>.md: a draft press release of the
 * period in the style of a province's press office, rendered from
 * TEMPLATES/draft.mustache with the facts of the period's highlights (the
 * same facts and sentence partials as the pages, every one of them) and
 * links to the period's page and downloads.  Its front matter has the
 * title, today's date and "draft: true", so that the site does not publish
 * it until the press officer removes that line.
 *
 * Today is the only date read from the clock, here: MINHBACH_TODAY
 * (YYYY-MM-DD) overrides it, for tests and for a release dated ahead.
 * Never overwrites a file (exit 3, with the reason); prints the path it
 * wrote.  Exit 1 when DATA is invalid, 2 for an unknown period.
 */
int mb_cmd_draft(const struct mb_options *o, const char *period);

#endif
