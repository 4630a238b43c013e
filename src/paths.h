/* paths.h - where the site puts things: its own first path segments, and no two inputs on one path. */
#ifndef MB_PATHS_H
#define MB_PATHS_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

/*
 * The first path segments the site writes itself ("ky", "tai-ve",
 * "bieu-do", ...), NULL-terminated: a Markdown page may not take one of
 * them as its slug.  The one list of them.
 */
extern const char *const mb_site_segments[];
bool mb_is_site_segment(const char *slug);

/*
 * Lists every path the build will write for the model as loaded (pages,
 * downloads, charts), each with the input it comes from, and reports as a
 * data error every path two inputs share ("tai-ve/2023-q4-dich-vu.csv"
 * from index "q4-dich-vu" of 2023 and from the services of 2023-q4) and
 * every file that another one needs as a folder, naming both inputs.
 * Called by the loader, so check finds them before anything is written.
 */
void mb_paths_check(const struct mb_model *m, struct mb_diags *d);

/*
 * The files published for period p, by the same rules mb_paths_check
 * lists them: its page, its workbook, each index's table and the service
 * table as CSV, its record as JSON; fn gets each path under OUT
 * ("tai-ve/2024-q4.xlsx"), its format ("HTML", "XLSX", "CSV", "JSON") and
 * what it holds (an index, -2 for the services, -1 for the whole period).
 */
typedef void (*mb_paths_fn)(void *ctx, const char *rel, const char *format, int what);
void mb_paths_period_files(const struct mb_model *m, size_t p, mb_paths_fn fn, void *ctx);

#endif
