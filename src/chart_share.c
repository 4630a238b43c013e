/* chart_share.c - the 800 x 420 share image (og:image) of a unit's result, and its text. */
#include "chart_priv.h"

#include <string.h>

#include "fixed.h"

/* Sizes are written in px of a 1200 px wide image and drawn at
 * MB_CHART_SHARE_W (chart.h), rounded to the nearest px. */
#define S(v) (((v) * MB_CHART_SHARE_W + 600) / 1200)

#define X0 S(60)        /* left margin */
#define BAR_H S(14)     /* the band of the site colour along the top */
#define HEAD_H S(96)    /* the band and the site title */
#define RULE S(2)       /* the rules under the title and over the footer */

/* "Tăng 13 bậc", "Giảm 4 bậc", "Giữ nguyên thứ hạng", "Lần đầu xếp hạng",
 * "Không so sánh thứ hạng với kỳ trước (sắp xếp lại từ 01/07/2025)";
 * lower-case inside a sentence. */
static void put_change(mb_buf *b, const struct mb_chart_share *c, bool lower)
{
	if (!c->has_change && c->reorganised)
		mb_buf_printf(b, "%shông so sánh thứ hạng với kỳ trước (sắp xếp lại từ %s)",
		              lower ? "k" : "K", c->reorganised);
	else if (!c->has_change)
		mb_buf_printf(b, "%sần đầu xếp hạng", lower ? "l" : "L");
	else if (c->change > 0)
		mb_buf_printf(b, "%săng %d bậc", lower ? "t" : "T", c->change);
	else if (c->change < 0)
		mb_buf_printf(b, "%siảm %d bậc", lower ? "g" : "G", -c->change);
	else
		mb_buf_printf(b, "%siữ nguyên thứ hạng", lower ? "g" : "G");
}

/* An up or down triangle before the change: shape and words, not colour alone. */
static void arrow(struct mb_canvas *c, int x, int base, int size, bool up)
{
	int top = base - size;
	gdPoint p[3];
	if (up) {
		p[0].x = x, p[0].y = base;
		p[1].x = x + size, p[1].y = base;
		p[2].x = x + size / 2, p[2].y = top;
	} else {
		p[0].x = x, p[0].y = top;
		p[1].x = x + size, p[1].y = top;
		p[2].x = x + size / 2, p[2].y = base;
	}
	mb_canvas_polygon(c, p, 3, MB_INK_TEXT);
}

/* Why a ranked unit has no rank change (its group was reorganised): a line
 * of its own under the rank (baseline `base`, ending at x) when there is
 * room above the footer, otherwise, after a name on two lines, the words
 * "Không so sánh thứ hạng" beside the rank. */
static void no_change(struct mb_canvas *c, const char *why, int x, int base, int maxw)
{
	int fy = c->h ? c->h : MB_CHART_SHARE_H;
	int below = base + mb_chart_line_h(c, MB_FACE_REGULAR, S(40)) + S(4);
	int descent = mb_chart_line_h(c, MB_FACE_REGULAR, S(30)) -
	              mb_chart_ascent(c, MB_FACE_REGULAR, S(30));
	if (below + descent < fy - S(78) - S(8))
		mb_canvas_text_fit(c, X0, below, MB_FACE_REGULAR, S(30), MB_INK_TEXT, why, maxw,
		                   false);
	else
		mb_canvas_text_fit(c, x + S(36), base, MB_FACE_REGULAR, S(30), MB_INK_TEXT,
		                   "Không so sánh thứ hạng", X0 + maxw - x - S(36), false);
}

/*
 * Four colours: white, the text colour, one blend of the two for the edges
 * of letters, and the site colour for solid marks.  That keeps the image
 * at 2 bits a pixel, a quarter of the bytes of a truecolour-free 8-bit one
 * and half of 16 colours: the share images are a third of all the
 * chart pixels of a site, and compressing them was the largest single cost
 * of drawing its charts.  Social networks show the image scaled down (or
 * on screens of 3 device pixels to the CSS pixel), where two blending steps
 * on letters 20-61 px tall (at 800 x 420) cannot be told from four; below
 * that, at 600 x 315, stacked marks run together (chart.h).
 */
static int layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_share *sh = arg;
	int w = c->w, maxw = w - 2 * X0;
	c->four = true;
	mb_buf t;
	mb_buf_init(&t);

	/* A band of the site colour, and the site title under it. */
	mb_canvas_rect(c, 0, 0, w, BAR_H, MB_INK_HEAD);
	int asc = mb_chart_ascent(c, MB_FACE_BOLD, S(34));
	int lh = mb_chart_line_h(c, MB_FACE_BOLD, S(34));
	mb_canvas_text_fit(c, X0, BAR_H + (HEAD_H - BAR_H - lh) / 2 + asc, MB_FACE_BOLD, S(34),
	                   MB_INK_TEXT, sh->site ? sh->site : "", maxw, false);
	mb_canvas_rect(c, X0, HEAD_H, maxw, RULE, MB_INK_HEAD);

	/* Unit name, up to two lines. */
	int y = HEAD_H + S(30);
	struct mb_canvas_font cf = {c, MB_FACE_BOLD, S(58)};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[2];
	const char *unit = sh->unit ? sh->unit : "";
	int n = mb_chart_wrap(&m, unit, maxw, 2, lines);
	asc = mb_chart_ascent(c, MB_FACE_BOLD, S(58));
	lh = mb_chart_line_h(c, MB_FACE_BOLD, S(58));
	for (int i = 0; i < n; i++)
		mb_canvas_span(c, X0, y + asc + i * lh, MB_FACE_BOLD, S(58), MB_INK_TEXT, unit,
		               lines[i]);
	y += (n > 1 ? n : 1) * lh + S(6);

	/* Index and period. */
	mb_buf_reset(&t);
	mb_buf_printf(&t, "%s · %s", sh->index ? sh->index : "", sh->period ? sh->period : "");
	asc = mb_chart_ascent(c, MB_FACE_REGULAR, S(32));
	mb_canvas_text_fit(c, X0, y + asc, MB_FACE_REGULAR, S(32), MB_INK_TEXT, t.data, maxw,
	                   false);
	y += mb_chart_line_h(c, MB_FACE_REGULAR, S(32)) + S(18);

	/* The result behind a mark of the site colour, and its band in words. */
	mb_buf_reset(&t);
	mb_buf_puts(&t, "Đạt ");
	mb_chart_put_pct(&t, sh->pct2);
	asc = mb_chart_ascent(c, MB_FACE_BOLD, S(92));
	int base = y + asc;
	mb_canvas_rect(c, X0, y + S(10), S(14), asc - S(6), MB_INK_HEAD);
	int end = mb_canvas_text(c, X0 + S(34), base, MB_FACE_BOLD, S(92), MB_INK_TEXT, t.data,
	                         t.len);
	if (sh->band)
		mb_canvas_text_fit(c, end + S(28), base, MB_FACE_REGULAR, S(40), MB_INK_TEXT,
		                   sh->band, w - X0 - end - S(28), false);
	y += mb_chart_line_h(c, MB_FACE_BOLD, S(92)) + S(14);

	/* Rank and change. */
	mb_buf_reset(&t);
	mb_buf_printf(&t, "Xếp thứ %d/%d", sh->rank, sh->of);
	if (sh->group && *sh->group)
		mb_buf_printf(&t, " %s", sh->group);
	asc = mb_chart_ascent(c, MB_FACE_REGULAR, S(40));
	base = y + asc;
	int x = X0 + mb_canvas_text_fit(c, X0, base, MB_FACE_REGULAR, S(40), MB_INK_TEXT, t.data,
	                                maxw * 2 / 3, false);
	mb_buf_reset(&t);
	put_change(&t, sh, false);
	if (!sh->has_change && sh->reorganised) {
		no_change(c, t.data, x, base, maxw);
	} else {
		x += S(36);
		if (sh->has_change && sh->change != 0) {
			arrow(c, x, base, S(28), sh->change > 0);
			x += S(40);
		}
		mb_canvas_text_fit(c, x, base, MB_FACE_BOLD, S(40), MB_INK_TEXT, t.data, w - X0 - x,
		                   false);
	}

	/* Who publishes it, and a notice that travels with the image when the
	 * figures are illustrative (a shared link shows only this picture). */
	int fy = c->h ? c->h : MB_CHART_SHARE_H;
	int notice_w = 0;
	if (sh->notice && *sh->notice) {
		int tw = mb_canvas_text_width(c, MB_FACE_BOLD, S(30), sh->notice, strlen(sh->notice));
		int nasc = mb_chart_ascent(c, MB_FACE_BOLD, S(30));
		mb_canvas_text(c, X0 + maxw - tw, fy - S(34), MB_FACE_BOLD, S(30), MB_INK_TEXT,
		               sh->notice, strlen(sh->notice));
		mb_canvas_rect(c, X0 + maxw - tw - S(22), fy - S(34) - nasc + S(2), S(10), nasc,
		               MB_INK_HEAD);
		notice_w = tw + S(22) + S(24);
	}
	if (sh->organisation && *sh->organisation) {
		mb_canvas_rect(c, X0, fy - S(78), maxw, RULE, MB_INK_HEAD);
		mb_canvas_text_fit(c, X0, fy - S(34), MB_FACE_REGULAR, S(30), MB_INK_TEXT,
		                   sh->organisation, maxw - notice_w, false);
	}
	mb_buf_release(&t);
	return MB_CHART_SHARE_H;
}

int mb_chart_share(mb_buf *png, const struct mb_chart_fonts *f, const struct mb_chart_share *c,
                   mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_SHARE_W, MB_CHART_DESKTOP, 1, layout, c, err);
}

void mb_chart_share_alt(mb_buf *alt, const struct mb_chart_share *c)
{
	mb_buf_printf(alt, "%s: %s, %s: đạt ", c->unit ? c->unit : "", c->index ? c->index : "",
	              c->period ? c->period : "");
	mb_chart_put_pct(alt, c->pct2);
	if (c->band)
		mb_buf_printf(alt, " (%s)", c->band);
	mb_buf_printf(alt, ", xếp thứ %d/%d", c->rank, c->of);
	if (c->group && *c->group)
		mb_buf_printf(alt, " %s", c->group);
	mb_buf_puts(alt, ", ");
	mb_buf t;
	mb_buf_init(&t);
	put_change(&t, c, true);
	mb_buf_printf(alt, "%s.", t.data);
	if (c->notice && *c->notice)
		mb_buf_printf(alt, " %s.", c->notice);
	mb_buf_release(&t);
}
