/* chart.h - PNG charts (libgd + FreeType) for pages, and their text alternatives. */
#ifndef MB_CHART_H
#define MB_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fixed.h"

/*
 * The chart module draws from plain structs and knows nothing of the data
 * model: the caller copies the numbers the compute stage produced (exact
 * fixed-point values, ranks, and each percentage as compute rounded it,
 * pct2 in hundredths of a percent) into the structs below.  A chart writes
 * those digits as they are, so it shows the figure the page's table shows;
 * it rounds nothing.  Numbers are never floats here; doubles appear only
 * inside pixel geometry.
 *
 * Size and form.  A chart is 720 px wide at scale 1 and 1440 px at scale 2
 * (for srcset "2x").  It comes in two forms (enum mb_chart_form) that differ
 * in the size of their text: the desktop form is shown at up to 720 CSS px
 * with text of 21-30 px; the phone form is the same 720 px shown at about
 * 358 CSS px (a 390 px phone, 2 image px a CSS px), so its text is drawn at
 * 26-32 px, 13-16 CSS px there.  mb_chart_text_px() gives a form's smallest
 * text, which pages pass on so that a browser test can check it.  Names too
 * long for a line are cut with "…".
 *
 * Output.  Each mb_chart_<kind>() appends deterministic PNG bytes (a
 * palette image, 4 bits a pixel when it has at most 16 colours; no
 * timestamp) to `png` and returns 0, or returns -1 and appends a message
 * to `err`.  The same input always gives the same bytes, whatever thread
 * draws it.  Each mb_chart_<kind>_alt() appends a plain-text Vietnamese
 * description with the headline numbers (not escaped: the caller escapes it
 * for the alt attribute).  The HTML table beside a chart is the caller's.
 *
 * Cost.  Drawing, text included, is about 0.15 ms a chart; encoding the PNG
 * (libpng and zlib; rows packed by us) costs about 2 ns a pixel and dominates:
 * a 720 x 500 chart takes about 1 ms, its 2x version about 3.5 ms.  Run
 * `build/tests/test_chart bench` for the figures of every chart type.
 *
 * Threads.  Create the fonts once (mb_chart_fonts_new) on one thread before
 * any drawing; after that any number of threads may draw at once with the
 * same fonts.  Free them after the last drawing.
 */

enum mb_chart_form { MB_CHART_DESKTOP, MB_CHART_PHONE, MB_CHART_FORMS };
/* The smallest text of a chart of this form at this scale, in image px. */
int mb_chart_text_px(enum mb_chart_form form, int scale);

/* Debian's fonts-dejavu-core: the fonts used when no path is given. */
#define MB_CHART_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define MB_CHART_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
/* Largest font file read. */
#define MB_MAX_FONT_BYTES (64u << 20)

#define MB_CHART_WIDTH 720     /* width in px at scale 1 */
#define MB_CHART_MAX_SCALE 4
/*
 * The share image (og:image), fixed size: 800 x 420, 1.91:1 as the networks
 * crop it.  One is drawn for every unit, and at 1200 x 630 they were the
 * largest single chart cost (1.4 ms and 13 KB each, 148 MB nationally).
 * Measured with `test_chart bench` on the same image: 1200 x 630 0.89 ms
 * and 12.6 KB, 800 x 420 0.46 ms and 7.7 KB, 600 x 315 (Facebook's smallest
 * large preview) 0.29 ms and 5.4 KB.  At 600 x 315 the smallest text is
 * 15-17 px with one blending step (four colours, chart_share.c), and
 * stacked Vietnamese marks run together (the circumflex and acute of "ế",
 * the horn and grave of "ờ"); at 800 x 420 (text 20-61 px) every mark
 * stays apart.
 */
#define MB_CHART_SHARE_W 800
#define MB_CHART_SHARE_H 420

/* A ranking chart draws whole groups of up to MB_CHART_RANK_WHOLE units;
 * larger groups show the first and last MB_CHART_RANK_KEEP and a count of
 * the units in each band. */
#define MB_CHART_RANK_WHOLE 40
#define MB_CHART_RANK_KEEP 15

/* The regular and bold fonts, with a glyph cache shared by all threads. */
struct mb_chart_fonts;

/*
 * Loads the fonts: NULL paths mean the DejaVu fonts above; a NULL bold path
 * with a regular one given uses the regular font for both.  Checks that each
 * file opens, that FreeType reads it, and that it has every Vietnamese
 * letter.  Also sets up libgd's font cache, so call it on one thread before
 * any parallel drawing.  On failure returns NULL and appends a message
 * naming the path to err (for example: font "/x.ttf": cannot open: No such
 * file or directory).  Free with mb_chart_fonts_free().
 */
struct mb_chart_fonts *mb_chart_fonts_new(const char *regular, const char *bold,
                                          mb_buf *err);
/* Frees the fonts; the last one freed also shuts down libgd's font cache. */
void mb_chart_fonts_free(struct mb_chart_fonts *f);

/* A band of results: percentages from `min` up belong to it. */
struct mb_chart_band {
	const char *name;   /* "Nhóm A" */
	mb_fx min;          /* percentage threshold, fixed point (90% -> 900000) */
};

/* --- Ranking chart: one index, one group, one period. --- */

struct mb_chart_rank_row {
	const char *name;   /* unit name */
	int64_t pct2;       /* result in hundredths of a percent: 88,78% -> 8878 */
	int rank;           /* 1-based, shared on ties */
	int band;           /* index into bands, or -1 */
};

struct mb_chart_ranking {
	const char *title;      /* "Chỉ số CCHC năm 2023"; NULL for none */
	const char *subtitle;   /* "UBND cấp huyện"; NULL for none */
	const struct mb_chart_rank_row *rows; /* in rank order, best first */
	size_t nrows;
	const struct mb_chart_band *bands;    /* by min, descending; may be none */
	size_t nbands;
};

/*
 * Which rows a ranking chart draws: rows [0, head) and [nrows - tail,
 * nrows); `omitted` rows in between are summarised.  band_count[b] counts
 * the rows of band b over the whole group, band_count[nbands] the rows
 * without a band.  A pure function of nrows and the rows' bands.
 */
struct mb_chart_rank_plan {
	size_t head, tail, omitted;
	size_t *band_count;     /* nbands + 1 entries, owned by the plan */
	size_t nbands;
};
void mb_chart_rank_plan(const struct mb_chart_ranking *c, struct mb_chart_rank_plan *p);
void mb_chart_rank_plan_release(struct mb_chart_rank_plan *p);

int mb_chart_ranking(mb_buf *png, const struct mb_chart_fonts *f,
                     const struct mb_chart_ranking *c, enum mb_chart_form form, int scale,
                     mb_buf *err);
void mb_chart_ranking_alt(mb_buf *alt, const struct mb_chart_ranking *c);

/* --- Unit criteria chart: each top-level criterion as a share of its max. --- */

struct mb_chart_crit_row {
	const char *name;   /* "Cải cách thể chế" */
	bool applies;       /* false: "không áp dụng", no bar */
	mb_fx value, max;   /* points; max > 0 */
	int64_t share2;     /* value / max in hundredths of a percent */
	bool has_avg;       /* the group average is known */
	mb_fx avg;          /* group average in points (for the marker), same scale as value */
	int vs_avg;         /* value against the exact group average: 1 above, 0 equal, -1 below */
};

struct mb_chart_criteria {
	const char *title;      /* "Điểm theo lĩnh vực, năm 2023"; NULL for none */
	const char *unit;       /* unit name, for the text alternative */
	const char *avg_label;  /* marker legend; NULL: "Trung bình nhóm" */
	const struct mb_chart_crit_row *rows;
	size_t nrows;
	const char *area;       /* what the rows are called ("lĩnh vực"); NULL: "lĩnh vực" */
};

int mb_chart_criteria(mb_buf *png, const struct mb_chart_fonts *f,
                      const struct mb_chart_criteria *c, enum mb_chart_form form, int scale,
                      mb_buf *err);
void mb_chart_criteria_alt(mb_buf *alt, const struct mb_chart_criteria *c);

/* --- Unit trend chart: result and rank in each period. --- */

struct mb_chart_trend_row {
	const char *label;  /* period label: "Năm 2023", "Quý II/2023" */
	bool ranked;        /* false: no score that period ("không có số liệu") */
	int64_t pct2;       /* result in hundredths of a percent */
	int rank, of;       /* rank among `of` units of the group */
	int band;           /* index into bands, or -1 */
};

struct mb_chart_trend {
	const char *title;      /* "Kết quả qua các kỳ"; NULL for none */
	const char *unit;       /* unit name, for the text alternative */
	const struct mb_chart_trend_row *rows; /* oldest first */
	size_t nrows;
	const struct mb_chart_band *bands;
	size_t nbands;
};

int mb_chart_trend(mb_buf *png, const struct mb_chart_fonts *f,
                   const struct mb_chart_trend *c, enum mb_chart_form form, int scale,
                   mb_buf *err);
void mb_chart_trend_alt(mb_buf *alt, const struct mb_chart_trend *c);

/* --- Service chart: the five rates of a group's units against their targets. --- */

#define MB_CHART_RATES 5   /* the service rates (model.h: MB_RATE_COUNT) */
/* Units drawn per rate at most: the rest are summarised in words. */
#define MB_CHART_SERVICE_ROWS 6

/* A rate of one unit: num / den exactly (to compare), in hundredths of a
 * percent as shown, and whether it met its target; or no data. */
struct mb_chart_rate {
	bool valid;         /* false: zero denominator, "không có số liệu" */
	int64_t num, den;
	int64_t pct2;       /* 99,15% -> 9915 */
	int met;            /* 1 met, 0 not met, -1 no target */
};

/* One rate of the chart and how the group did on it, as compute counted
 * (struct mb_rate_tally): units with data, under and over the target,
 * and how many share the highest value. */
struct mb_chart_service_rate {
	const char *name;   /* "Tỷ lệ số hóa hồ sơ": panel heading */
	const char *word;   /* "số hóa": inside sentences */
	int64_t target6;    /* millionths of one; -1: no target */
	int valid, met, unmet, top_n;
	int64_t top_pct2;   /* the highest value, in hundredths of a percent */
};

struct mb_chart_service_row {
	const char *name;
	struct mb_chart_rate rate[MB_CHART_RATES];  /* in the order of mb_chart_service.rates */
};

/*
 * One panel per rate, in the order given (the caller puts first the rate
 * most units miss).  A panel draws the units under the target, lowest
 * first, as dots against the target on an axis that starts where the
 * values do (and says so); at most MB_CHART_SERVICE_ROWS of them, never
 * cutting between equal values: equal values are all drawn or all
 * summarised.  When they leave room, the lowest units over the target
 * follow in the colour of the met (the margin they have).  Units over the
 * target are counted, with the ones sharing the highest value ("73 đơn vị
 * đạt 100%"); a rate every unit meets is one line; a rate without a target
 * draws its lowest units.  Rows may come in any order (units.json order).
 */
struct mb_chart_service {
	const char *title;      /* "Giải quyết hồ sơ – Quý II/2023"; NULL for none */
	const char *subtitle;   /* "UBND cấp huyện"; NULL for none */
	struct mb_chart_service_rate rates[MB_CHART_RATES];
	const struct mb_chart_service_row *rows;
	size_t nrows;
};

int mb_chart_service(mb_buf *png, const struct mb_chart_fonts *f,
                     const struct mb_chart_service *c, enum mb_chart_form form, int scale,
                     mb_buf *err);
void mb_chart_service_alt(mb_buf *alt, const struct mb_chart_service *c);

/*
 * Which units a panel of the service chart draws, and what it says of the
 * others: a pure function of the rows, shared by the drawing and the text
 * alternative (and by whoever lists the chart's rows).  rows[0..nshown)
 * are row indices, lowest value first.
 */
struct mb_chart_panel {
	size_t *shown;          /* row indices drawn, lowest first */
	size_t nshown;
	bool under;             /* the rate has a target: shown[0..nunder) are under it */
	size_t nunder;          /* and shown[nunder..nshown) the lowest over it, when room was left */
	size_t rest;            /* units under the target not drawn */
	const struct mb_chart_rate *rest_lo, *rest_hi;  /* their range */
	const struct mb_chart_rate *low;  /* the lowest value of the group (NULL without data) */
	size_t low_n;           /* units sharing it */
	size_t low_row;         /* one of them (the only one when low_n is 1) */
};
void mb_chart_panel_plan(const struct mb_chart_service *c, int k, struct mb_chart_panel *p);
void mb_chart_panel_release(struct mb_chart_panel *p);

/* --- Share image (og:image), MB_CHART_SHARE_W x MB_CHART_SHARE_H (800 x 420). --- */

struct mb_chart_share {
	const char *site;          /* site title */
	const char *organisation;  /* "UBND tỉnh Bình Dương"; NULL for none */
	const char *unit;          /* unit name */
	const char *index;         /* "Chỉ số cải cách hành chính" */
	const char *period;        /* "Năm 2023" */
	const char *group;         /* "UBND cấp huyện"; NULL for none */
	int64_t pct2;              /* result in hundredths of a percent */
	const char *band;          /* band name, or NULL */
	int band_index;            /* its place among the index's bands (colour) */
	int rank, of;              /* "Xếp thứ 3/17" */
	bool has_change;           /* false: first ranked period ("mới"), or reorganised */
	int change;                /* places climbed; negative for a fall */
	const char *reorganised;   /* ranked before, but its group was reorganised since
	                            * this day ("01/07/2025"): no change; NULL otherwise */
	const char *notice;        /* "Dữ liệu minh họa" for sample data; NULL for none */
};

int mb_chart_share(mb_buf *png, const struct mb_chart_fonts *f,
                   const struct mb_chart_share *c, mb_buf *err);
void mb_chart_share_alt(mb_buf *alt, const struct mb_chart_share *c);

#endif
