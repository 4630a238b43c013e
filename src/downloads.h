/* downloads.h - the files under tai-ve/ and the manifest the downloads page lists. */
#ifndef MB_DOWNLOADS_H
#define MB_DOWNLOADS_H

#include <stddef.h>

#include "dl_manifest.h"
#include "model.h"
#include "out.h"

/* Writes tai-ve/<period>.json (see json_out.h) and every other download,
 * then fills list.  Returns 0, or -1 after a system error (reported via o). */
int mb_render_downloads(const struct mb_model *m, struct mb_out *o,
                        struct mb_downloads *list);

/*
 * The same in two steps, so that other work (the charts) goes on while the
 * all-periods workbook, the longest single job, is compressed on a thread
 * of its own: begin writes every other file and starts the workbook; end
 * waits for it, writes datapackage.json, fills list and frees the pending
 * work.  Between the two, list holds every file but the all-periods ones
 * (every period's files, sorted by path) and only part of the dictionary.
 * end returns what mb_render_downloads would.
 */
struct mb_dl_pending;
struct mb_dl_pending *mb_render_downloads_begin(const struct mb_model *m, struct mb_out *o,
                                                struct mb_downloads *list);
int mb_render_downloads_end(struct mb_dl_pending *p, struct mb_downloads *list);

#endif
