/* pages.h - the HTML pages of the site, rendered from Mustache templates. */
#ifndef MB_PAGES_H
#define MB_PAGES_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "charts_out.h"
#include "downloads.h"
#include "model.h"
#include "out.h"

/*
 * Renders every page of SPEC §3 (home, periods, units, indices, procedures,
 * news, Markdown pages, downloads page, 404, sitemap.xml, robots.txt) from
 * the templates folder and copies its static/ to OUT/static, on
 * mb_jobs_threads() threads; every file is read inside the templates
 * folder (indir.h).  charts (may be NULL) says which charts were drawn:
 * pages show them beside their tables.  Returns 0; 1 after template
 * errors or a file of static/ that cannot be published (a link out, a
 * FIFO), each appended to problems as a line "TEMPLATE:LINE: message"
 * (the caller prints them); -1 after a system error (reported via o).
 */
struct mb_indir;
int mb_render_pages(const struct mb_model *m, const struct mb_indir *templates,
                    const struct mb_downloads *dl, const struct mb_charts *charts,
                    struct mb_out *o, mb_buf *problems);
/*
 * For the benchmark against Hugo (tests/bench/hugo.py): builds the context
 * of every HTML page exactly as mb_render_pages does and calls fn with the
 * template it renders, its path under OUT and the context (borrowed: valid
 * during the call), on this thread, in the order of the build.  Writes
 * nothing.  Returns 0, or 1 after template problems (appended to problems).
 */
typedef void (*mb_page_ctx_fn)(void *arg, const char *tmpl, const char *rel, const cJSON *ctx);
int mb_page_contexts(const struct mb_model *m, const struct mb_indir *templates,
                     const struct mb_downloads *dl, const struct mb_charts *charts,
                     mb_page_ctx_fn fn, void *arg, mb_buf *problems);
/*
 * mb_render_pages with the downloads still being made (downloads.h):
 * every page but the downloads page renders first, reading dl as it is
 * then (every period's files listed, sorted); then wait(arg) completes dl,
 * and the downloads page, which lists every file with its size and hash,
 * renders last.  wait is called at most once, not at all when the pages
 * stop early (the caller then finishes the downloads itself).
 */
int mb_render_pages_then(const struct mb_model *m, const struct mb_indir *templates,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, void (*wait)(void *), void *arg,
                         mb_buf *problems);
/* Largest file copied from templates/static. */
#define MB_STATIC_MAX_BYTES ((size_t)256 << 20)
/* The same on `jobs` threads (>= 1); the files do not depend on jobs. */
int mb_render_pages_jobs(const struct mb_model *m, const struct mb_indir *templates,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, int jobs, mb_buf *problems);

#endif
