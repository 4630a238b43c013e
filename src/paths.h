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

#endif
