/* chart_priv.h - internals shared by the chart_*.c files; not for other modules. */
#ifndef MB_CHART_PRIV_H
#define MB_CHART_PRIV_H

#include <gd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "chart.h"

/* --- Fonts and glyphs (chart_font.c) --- */

enum mb_face { MB_FACE_REGULAR, MB_FACE_BOLD, MB_NFACES };

#define MB_CHART_MAX_PX 256   /* largest text size, in px */

/* n pixels of a glyph row from x with the same coverage level
 * (1..MB_AA_LEVELS, see below); a row's runs are in order of x. */
struct mb_glyph_run {
	uint16_t y, x, n;
	uint8_t level;
};

/*
 * A rasterised glyph: its inked pixels as runs, so that drawing costs a
 * copy per run (most of a letter at chart sizes is fully covered) rather
 * than a test per pixel of its box.  The box's top-left pixel goes at
 * (pen + left, baseline - top); every run lies inside the box.
 */
struct mb_glyph {
	int16_t left, top;
	uint16_t w, h;
	int32_t adv;        /* advance in 1/64 px, before kerning */
	uint32_t gid;       /* glyph index in the font, for kerning */
	uint32_t nruns;
	struct mb_glyph_run *runs;
	/* The same pixels in MB_AA_TWO_LEVELS steps, for four-colour canvases
	 * (mb_canvas.four): levels rounded, neighbours of one level merged,
	 * uncovered pixels left out.  About a third fewer runs to draw than
	 * rounding each run while drawing, for the same pixels. */
	uint32_t nruns_two;
	struct mb_glyph_run *runs_two;
};

/* The glyph of cp at px pixels (never NULL: a missing glyph is the font's
 * .notdef).  Thread-safe; the first request rasterises it. */
const struct mb_glyph *mb_chart_glyph(const struct mb_chart_fonts *f, enum mb_face face,
                                      int px, uint32_t cp);
/* Kerning between two glyph indices, in 1/64 px (usually 0). */
int32_t mb_chart_kern(const struct mb_chart_fonts *f, enum mb_face face, int px,
                      uint32_t left, uint32_t right);
/* Pixels above and below the baseline that Vietnamese text reaches
 * (stacked marks on capitals, dots below). */
void mb_chart_vmetrics(const struct mb_chart_fonts *f, enum mb_face face, int px,
                       int *ascent, int *descent);

/* Decodes one UTF-8 codepoint at s (n > 0 bytes left); returns bytes used.
 * Invalid bytes decode as U+FFFD one at a time. */
size_t mb_chart_utf8(const char *s, size_t n, uint32_t *cp);

/* --- Layout arithmetic (chart_layout.c): pure functions, no drawing. --- */

/* Measures the width in px of n bytes of UTF-8 text. */
struct mb_chart_measure {
	int (*width)(const void *ctx, const char *s, size_t n);
	const void *ctx;
};

/* A run of bytes of a string: one line of wrapped text. */
struct mb_chart_span {
	size_t off, len;
	bool ellipsis;      /* draw "…" after it: the text was cut here */
};

/* v of full mapped onto [0, width] px, rounded half away from zero and
 * clamped (v may lie outside [0, full]); full > 0. */
int mb_chart_scale_px(int64_t v, int64_t full, int width);
/* The smallest 1, 2 or 5 x 10^k at least range / max_ticks (range > 0). */
int64_t mb_chart_nice_step(int64_t range, int max_ticks);
/* Fits s into maxw px: the whole string, or the longest prefix (cut at a
 * codepoint, trailing spaces dropped) that leaves room for "…". */
struct mb_chart_span mb_chart_fit(const struct mb_chart_measure *m, const char *s,
                                  size_t n, int maxw);
/* Wraps s at spaces into at most maxlines lines of maxw px; a word longer
 * than a line is cut, and text left over ends the last line with "…".
 * Returns the number of lines (0 for an empty string). */
int mb_chart_wrap(const struct mb_chart_measure *m, const char *s, int maxw,
                  int maxlines, struct mb_chart_span *lines);
/* Keeps the first and last `keep` of n rows when n > whole. */
void mb_chart_keep(size_t n, size_t whole, size_t keep, size_t *head, size_t *tail);

/* --- Canvas (chart_canvas.c): a palette image with cached text. --- */

/* Colours, allocated in the palette on first use (so a chart holds only
 * the colours it shows).  Text colours have >= 4.5:1 contrast on white. */
enum mb_ink {
	MB_INK_BG,          /* white */
	MB_INK_TEXT,        /* near black */
	MB_INK_MUTED,       /* dark grey text */
	MB_INK_RULE,        /* axis and separators */
	MB_INK_TRACK,       /* bar background (the 100% track) */
	MB_INK_S0,          /* series and band colours (Okabe-Ito) */
	MB_INK_S1, MB_INK_S2, MB_INK_S3, MB_INK_S4, MB_INK_S5, MB_INK_S6,
	MB_INK_HEAD,        /* share image header background */
	MB_INK_RAIL,        /* the text colour half blended into white (four-colour charts) */
	MB_INK_COUNT
};
#define MB_INK_SERIES 7

/* RGB of each ink (0xRRGGBB), for tests of contrast. */
extern const uint32_t mb_chart_ink_rgb[MB_INK_COUNT];

/* Text anti-aliasing levels in a palette image: coverage is rounded to
 * one of MB_AA_LEVELS + 1 steps between background and ink.  Four look as
 * smooth as libgd's eight at these sizes (24 px and up) and keep a chart
 * with two text colours within 16 palette entries. */
#define MB_AA_LEVELS 4
/* The steps of a four-colour canvas (mb_canvas.four): one blend between
 * background and ink. */
#define MB_AA_TWO_LEVELS 2

/*
 * A chart under construction.  With im == NULL (mb_canvas_measure) every
 * drawing call only measures, so a chart computes its height with the same
 * code that draws it, then draws on a real canvas.
 */
/*
 * The sizes of a chart form (enum mb_chart_form), in px at scale 1: every
 * chart is 720 px wide at scale 1; the phone form draws larger text so
 * that the same 720 px read at about 360 CSS px (see chart.h).
 */
struct mb_chart_dims {
	int title;         /* bold */
	int text;          /* names and values */
	int small;         /* legends, axis, notes: the smallest text of a chart */
	int bar_h;
	int row_gap;       /* between rows */
	int line_gap;      /* between a name line and its bar */
};
extern const struct mb_chart_dims mb_chart_dims[MB_CHART_FORMS];

struct mb_canvas {
	gdImagePtr im;
	/* The rows of im's pixels, in one block (mb_canvas_init), and the one
	 * row gd made itself, put back before gd frees the image. */
	unsigned char *block, **rows, **gd_rows;
	const struct mb_chart_fonts *f;
	const struct mb_chart_dims *d;  /* sizes of the chart's form */
	int scale;
	int w, h;
	/* Four colours only (2 bits a pixel): letters blend in one step
	 * instead of MB_AA_LEVELS - 1, muted text is text, and tracks and rules
	 * take the rail colour, which is that one blending step. */
	bool four;
	int ink[MB_INK_COUNT];  /* palette index, -1 until first use */
	/* tween[ink][bg][level-1]: palette index of ink blended over bg. */
	int16_t tween[MB_INK_COUNT][64][MB_AA_LEVELS - 1];
};

void mb_canvas_measure(struct mb_canvas *c, const struct mb_chart_fonts *f, int w, int scale);
void mb_canvas_init(struct mb_canvas *c, const struct mb_chart_fonts *f, int w, int h, int scale);
void mb_canvas_release(struct mb_canvas *c);
/* PNG bytes of the canvas appended to out; -1 with a message on failure. */
int mb_canvas_png(struct mb_canvas *c, mb_buf *out, mb_buf *err);

void mb_canvas_rect(struct mb_canvas *c, int x, int y, int w, int h, enum mb_ink ink);
/* Diagonal stripes of ink on the background: a second series told apart
 * from the first by pattern, not colour alone. */
void mb_canvas_hatch(struct mb_canvas *c, int x, int y, int w, int h, enum mb_ink ink);
/* A filled disc of radius r centred on (cx, cy) (no anti-aliasing). */
void mb_canvas_disc(struct mb_canvas *c, int cx, int cy, int r, enum mb_ink ink);
/* A filled polygon (no anti-aliasing: for small marks only). */
void mb_canvas_polygon(struct mb_canvas *c, const gdPoint *p, int n, enum mb_ink ink);
/* Width in px of n bytes of text; kerning included. */
int mb_canvas_text_width(const struct mb_canvas *c, enum mb_face face, int px,
                         const char *s, size_t n);
/* Draws n bytes of text with its baseline at y; returns the pen's end x. */
int mb_canvas_text(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                   enum mb_ink ink, const char *s, size_t n);
/* A span from mb_chart_fit/wrap, with its ellipsis. */
int mb_canvas_span(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                   enum mb_ink ink, const char *s, struct mb_chart_span sp);
/* Fits s into maxw (cut with "…") and draws it; right-aligned when right
 * is true (x is then the right edge).  Returns the width drawn. */
int mb_canvas_text_fit(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                       enum mb_ink ink, const char *s, int maxw, bool right);
/* A measure for the layout functions, bound to a face and size. */
struct mb_canvas_font {
	const struct mb_canvas *c;
	enum mb_face face;
	int px;
};
struct mb_chart_measure mb_canvas_measurer(const struct mb_canvas_font *cf);

/* --- Shared chart pieces (chart.c) --- */

/* Sizes in px at scale 1 (multiplied by the scale when drawn). */
#define MB_PAD 24          /* side margins */
#define MB_FULL_PCT2 10000 /* 100% in hundredths of a percent */

/* Appends "88,78%" for a percentage in hundredths (8878): the digits
 * compute rounded, never rounded again. */
void mb_chart_put_pct(mb_buf *b, int64_t pct2);
/* Appends "90%", "99,5%": a threshold in ten-thousandths of a percent
 * (targets in millionths of one, band minima), every given digit. */
void mb_chart_put_threshold(mb_buf *b, int64_t pct4);
/* Band colour: best band first, in Okabe-Ito order; -1 (no band) is blue. */
enum mb_ink mb_chart_band_ink(int band);

/* The height of a line of text at px (scaled): ascent + descent. */
int mb_chart_line_h(const struct mb_canvas *c, enum mb_face face, int px);
int mb_chart_ascent(const struct mb_canvas *c, enum mb_face face, int px);

/* Title (bold, up to two lines) and subtitle; returns the y below them. */
int mb_chart_header(struct mb_canvas *c, int y, const char *title, const char *subtitle);

/* One legend entry. */
enum mb_key { MB_KEY_BAR, MB_KEY_HATCH, MB_KEY_MARKER, MB_KEY_DOT };
struct mb_chart_key {
	enum mb_key kind;
	enum mb_ink ink;
	const char *label;
};
/* Legend entries left to right, wrapping; returns the y below them. */
int mb_chart_legend(struct mb_canvas *c, int y, const struct mb_chart_key *keys, size_t n);
/* Tick labels 0%..100% over a bar scale [x, x + w); returns the y below. */
int mb_chart_axis(struct mb_canvas *c, int y, int x, int w);
/* A bar of v out of full on a 100% track; hatched for a second series. */
void mb_chart_bar(struct mb_canvas *c, int x, int y, int w, int h, int64_t v, int64_t full,
                  enum mb_ink ink, bool hatch);
/* A dark vertical marker (group average, target) at x across a bar. */
void mb_chart_marker(struct mb_canvas *c, int x, int y, int h);

/* Lays out a chart and returns its height: on a measuring canvas first,
 * then again on the real one. */
typedef int (*mb_chart_layout_fn)(struct mb_canvas *c, const void *chart);
/* Draws a chart of width w (px at scale 1) in the sizes of form through
 * layout and appends its PNG. */
int mb_chart_render(mb_buf *png, const struct mb_chart_fonts *f, int w, enum mb_chart_form form,
                    int scale, mb_chart_layout_fn layout, const void *chart, mb_buf *err);

#endif
