/* pages.h - the HTML pages of the site, rendered from Mustache templates. */
#ifndef MB_PAGES_H
#define MB_PAGES_H

#include "buf.h"
#include "charts_out.h"
#include "downloads.h"
#include "model.h"
#include "out.h"

/*
 * Renders every page of SPEC §3 (home, periods, units, indices, procedures,
 * news, Markdown pages, downloads page, 404, sitemap.xml, robots.txt) from
 * the templates in templates_dir and copies templates_dir/static to
 * OUT/static, on mb_jobs_threads() threads.  charts (may be NULL) says
 * which charts were drawn: pages show them beside their tables.  Returns 0; 1 after template
 * errors, each appended to problems as a line "TEMPLATE:LINE: message" (the
 * caller prints them); -1 after a system error (reported via o).
 */
int mb_render_pages(const struct mb_model *m, const char *templates_dir,
                    const struct mb_downloads *dl, const struct mb_charts *charts,
                    struct mb_out *o, mb_buf *problems);
/* The same on `jobs` threads (>= 1); the files do not depend on jobs. */
int mb_render_pages_jobs(const struct mb_model *m, const char *templates_dir,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, int jobs, mb_buf *problems);

#endif
