/* charts_out.h - which charts the site has, drawn in parallel, and how pages refer to them. */
#ifndef MB_CHARTS_OUT_H
#define MB_CHARTS_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "model.h"
#include "out.h"

/*
 * Stable chart paths under OUT (journalists link to them):
 *   bieu-do/<period>/<index>-<group>.png      ranking of a group (and @2x.png)
 *   bieu-do/<period>/dich-vu-<group>.png      service rates of a group (and @2x.png)
 *   bieu-do/don-vi/<unit>/<index>-tieu-chi.png criteria of the unit's latest result
 *   bieu-do/don-vi/<unit>/<index>-xu-huong.png result and rank over all periods
 *   bieu-do/don-vi/<unit>/chia-se.png          800 x 420 share image (og:image)
 *   bieu-do/don-vi/<unit>/<index>-truc-thuoc.png ranking of the units under it
 *                                              (a district's communes)
 *   bieu-do/don-vi/<unit>/dich-vu-truc-thuoc.png service rates of the units
 *                                              under it
 * Beside each chart but the share image, the same path with ".csv" holds
 * exactly the rows the chart is drawn from ("Tải số liệu" under it).
 *
 * Forms (chart.h): a group chart is drawn in the desktop form (720 px, and
 * 1440 px "@2x" for the latest period of its kind) and in the phone form,
 * "<base>.dien-thoai.png" (720 px with text big enough to read at about
 * 358 CSS px); pages serve the phone form to narrow screens.  A
 * district's communes' service chart is drawn as a group's is, in both
 * forms, but never at 2x (one per district: thousands nationally).  Unit
 * charts (criteria, trend, and a district's communes' ranking), one per
 * unit and index (most of a national build's PNGs), are drawn once, in
 * the phone form, which pages also show on wide screens, at most 30rem
 * wide.  PNG encoding is most of a build's time, and a 2x image has four
 * times the pixels.
 */
struct mb_chart_ref {
	char *src;      /* path under OUT, NULL when there is no such chart */
	char *src2x;    /* NULL when drawn at 1x only */
	char *phone;    /* the phone form, NULL when src itself is in it */
	char *data;     /* the chart's rows as CSV; NULL for the share image */
	char *alt;      /* plain text: what it shows, with the headline numbers */
	char *caption;  /* "Nguồn: ..., công bố 17/04/2024" */
	int width, height; /* of the 1x image, in px */
	int text_px;       /* its smallest text, in px of the 1x image */
	bool src_phone;    /* src is in the phone form */
	int phone_width, phone_height, phone_text_px;
};

struct mb_charts {
	size_t nperiods, nindices, ngroups, nunits;
	struct mb_chart_ref *ranking;   /* [(p * nindices + i) * ngroups + g] */
	struct mb_chart_ref *service;   /* [p * ngroups + g] */
	struct mb_chart_ref *criteria;  /* [u * nindices + i] */
	struct mb_chart_ref *trend;     /* [u * nindices + i] */
	struct mb_chart_ref *share;     /* [u] */
	struct mb_chart_ref *children;  /* [u * nindices + i] */
	struct mb_chart_ref *children_service; /* [u] */
	size_t drawn, kept;             /* PNGs drawn; PNGs kept from the last build */
};

/*
 * Whether the font named in site.json (if any) can draw the charts: it
 * opens, FreeType reads it, it has every Vietnamese letter.  A font that
 * cannot is a data problem, added to d at site.json's /font; returns 1
 * then, else 0.  check and build both ask, before anything is drawn.
 */
int mb_charts_check_font(const struct mb_model *m, struct mb_diags *d);

/*
 * Draws every chart into o on mb_jobs_threads() threads and fills c.
 * Returns 0, or -1 after a system error (the default font missing, a
 * checked font gone, a file that cannot be written), printed with its path.
 */
int mb_render_charts(const struct mb_model *m, struct mb_out *o, struct mb_charts *c);
void mb_charts_release(struct mb_charts *c);

/* Lookups; each returns NULL when there is no chart. */
const struct mb_chart_ref *mb_charts_ranking(const struct mb_charts *c, size_t p, size_t i, size_t g);
const struct mb_chart_ref *mb_charts_service(const struct mb_charts *c, size_t p, size_t g);
const struct mb_chart_ref *mb_charts_criteria(const struct mb_charts *c, size_t u, size_t i);
const struct mb_chart_ref *mb_charts_trend(const struct mb_charts *c, size_t u, size_t i);
const struct mb_chart_ref *mb_charts_share(const struct mb_charts *c, size_t u);
const struct mb_chart_ref *mb_charts_children(const struct mb_charts *c, size_t u, size_t i);
const struct mb_chart_ref *mb_charts_children_service(const struct mb_charts *c, size_t u);

#endif
