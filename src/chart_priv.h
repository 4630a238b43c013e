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

/*
 * A rasterised glyph.  Its bitmap's top-left pixel goes at
 * (pen + left, baseline - top).  Coverage is 0 (none) to 255 (full).
 */
struct mb_glyph {
	int16_t left, top;
	uint16_t w, h;
	int32_t adv;        /* advance in 1/64 px, before kerning */
	uint32_t gid;       /* glyph index in the font, for kerning */
	uint8_t *cov;       /* w * h bytes, row-major */
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
	MB_INK_COUNT
};
#define MB_INK_SERIES 7

/* RGB of each ink (0xRRGGBB), for tests of contrast. */
extern const uint32_t mb_chart_ink_rgb[MB_INK_COUNT];

/* Text anti-aliasing levels in a palette image (coverage is rounded to
 * one of MB_AA_LEVELS + 1 steps between background and ink). */
#define MB_AA_LEVELS 6

/*
 * A chart under construction.  With im == NULL (mb_canvas_measure) every
 * drawing call only measures, so a chart computes its height with the same
 * code that draws it, then draws on a real canvas.
 */
struct mb_canvas {
	gdImagePtr im;
	const struct mb_chart_fonts *f;
	int scale;
	int w, h;
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

/* Appends "88,78%" for a percentage in 1/10000 percent. */
void mb_chart_put_pct(mb_buf *b, int64_t percent4);
/* Appends "99,15%" for a fraction in millionths. */
void mb_chart_put_rate(mb_buf *b, int64_t r6);
/* Band colour for band b of n (-1: no band): best band first. */
enum mb_ink mb_chart_band_ink(int b);
/* Checks scale and reports a bad one in err. */
int mb_chart_check_scale(int scale, mb_buf *err);

#endif
