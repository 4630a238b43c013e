/* chart.c - pieces every chart shares: header, legend, axis, bars, number text, rendering. */
#include "chart_priv.h"

#include <string.h>

#include "fixed.h"

void mb_chart_put_pct(mb_buf *b, int64_t pct2)
{
	mb_put_vi(b, pct2, 2);
	mb_buf_putc(b, '%');
}

void mb_chart_put_threshold(mb_buf *b, int64_t pct4)
{
	mb_put_vi_trim(b, pct4, 4);
	mb_buf_putc(b, '%');
}

enum mb_ink mb_chart_band_ink(int band)
{
	return band < 0 ? MB_INK_S0 : (enum mb_ink)(MB_INK_S0 + band % MB_INK_SERIES);
}

int mb_chart_ascent(const struct mb_canvas *c, enum mb_face face, int px)
{
	int a, d;
	mb_chart_vmetrics(c->f, face, px * c->scale, &a, &d);
	return a;
}

int mb_chart_line_h(const struct mb_canvas *c, enum mb_face face, int px)
{
	int a, d;
	mb_chart_vmetrics(c->f, face, px * c->scale, &a, &d);
	return a + d;
}

int mb_chart_header(struct mb_canvas *c, int y, const char *title, const char *subtitle)
{
	int s = c->scale, x = MB_PAD * s, maxw = c->w - 2 * MB_PAD * s;
	if (title && *title) {
		struct mb_canvas_font cf = {c, MB_FACE_BOLD, c->d->title * s};
		struct mb_chart_measure m = mb_canvas_measurer(&cf);
		struct mb_chart_span lines[2];
		int n = mb_chart_wrap(&m, title, maxw, 2, lines);
		int asc = mb_chart_ascent(c, MB_FACE_BOLD, c->d->title);
		int lh = mb_chart_line_h(c, MB_FACE_BOLD, c->d->title);
		for (int i = 0; i < n; i++) {
			mb_canvas_span(c, x, y + asc, MB_FACE_BOLD, cf.px, MB_INK_TEXT, title, lines[i]);
			y += lh;
		}
		y += 4 * s;
	}
	if (subtitle && *subtitle) {
		mb_canvas_text_fit(c, x, y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text),
		                   MB_FACE_REGULAR, c->d->text * s, MB_INK_MUTED, subtitle, maxw, false);
		y += mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text) + 4 * s;
	}
	return y;
}

/* The key drawn before a legend label, in a box of w x h at (x, y). */
static void key_mark(struct mb_canvas *c, const struct mb_chart_key *k, int x, int y, int w, int h)
{
	switch (k->kind) {
	case MB_KEY_BAR:
		mb_canvas_rect(c, x, y, w, h, k->ink);
		break;
	case MB_KEY_HATCH:
		mb_canvas_hatch(c, x, y, w, h, k->ink);
		break;
	case MB_KEY_MARKER:
		mb_chart_marker(c, x + w / 2, y + 6 * c->scale, h - 12 * c->scale);
		break;
	case MB_KEY_DOT:
		mb_canvas_disc(c, x + w / 2, y + h / 2, h / 2, k->ink);
		break;
	}
}

int mb_chart_legend(struct mb_canvas *c, int y, const struct mb_chart_key *keys, size_t n)
{
	int s = c->scale, px = c->d->small * s;
	int kw = c->d->small * 26 / 21 * s, kh = c->d->small * 6 / 7 * s, gap = 8 * s, sep = 26 * s;
	int x0 = MB_PAD * s, right = c->w - MB_PAD * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small) + 6 * s;
	int x = x0;
	for (size_t i = 0; i < n; i++) {
		const char *label = keys[i].label;
		int tw = mb_canvas_text_width(c, MB_FACE_REGULAR, px, label, strlen(label));
		int need = kw + gap + tw;
		if (x > x0 && x + need > right) {
			x = x0;
			y += lh;
		}
		int base = y + asc;
		key_mark(c, &keys[i], x, base - kh + 2 * s, kw, kh);
		int room = right - (x + kw + gap);
		x += kw + gap + mb_canvas_text_fit(c, x + kw + gap, base, MB_FACE_REGULAR, px,
		                                   MB_INK_MUTED, label, room, false);
		x += sep;
	}
	return y + lh + 4 * s;
}

int mb_chart_axis(struct mb_canvas *c, int y, int x, int w)
{
	int s = c->scale, px = c->d->small * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	int base = y + asc;
	int64_t step = mb_chart_nice_step(100, 5);
	/* The last label ends at the axis' end; a label that would touch it
	 * or the one before is left out (its tick stays). */
	int last_w = mb_canvas_text_width(c, MB_FACE_REGULAR, px, "100%", 4);
	int end = x + w - last_w - 8 * s, drawn = x - 8 * s;
	for (int64_t t = 0; t <= 100; t += step) {
		mb_buf lab;
		mb_buf_init(&lab);
		mb_buf_printf(&lab, "%lld%%", (long long)t);
		int tw = mb_canvas_text_width(c, MB_FACE_REGULAR, px, lab.data, lab.len);
		int tx = x + mb_chart_scale_px(t, 100, w);
		bool last = t + step > 100;
		int lx = t == 0 ? tx : last ? tx - tw : tx - tw / 2;
		if (t == 0 || last || (lx >= drawn + 8 * s && lx + tw <= end)) {
			mb_canvas_text(c, lx, base, MB_FACE_REGULAR, px, MB_INK_MUTED, lab.data, lab.len);
			drawn = lx + tw;
		}
		int mx = last ? tx - s : tx;
		mb_canvas_rect(c, mx, base + 6 * s, s, 6 * s, MB_INK_RULE);
		mb_buf_release(&lab);
	}
	mb_canvas_rect(c, x, base + 12 * s, w, s, MB_INK_RULE);
	return base + 12 * s + c->d->row_gap * s;
}

void mb_chart_bar(struct mb_canvas *c, int x, int y, int w, int h, int64_t v, int64_t full,
                  enum mb_ink ink, bool hatch)
{
	/* The 100% track: a light box, or in four colours a rail under the bar. */
	if (c->four)
		mb_canvas_rect(c, x, y + h - 2 * c->scale, w, 2 * c->scale, MB_INK_TRACK);
	else
		mb_canvas_rect(c, x, y, w, h, MB_INK_TRACK);
	int bw = mb_chart_scale_px(v, full, w);
	if (v > 0 && bw < c->scale)
		bw = c->scale;  /* a value above zero stays visible */
	if (hatch)
		mb_canvas_hatch(c, x, y, bw, h, ink);
	else
		mb_canvas_rect(c, x, y, bw, h, ink);
}

void mb_chart_marker(struct mb_canvas *c, int x, int y, int h)
{
	int s = c->scale;
	/* A white edge keeps the dark line visible on any bar colour. */
	mb_canvas_rect(c, x - 3 * s, y - 6 * s, 6 * s, h + 12 * s, MB_INK_BG);
	mb_canvas_rect(c, x - 2 * s, y - 6 * s, 4 * s, h + 12 * s, MB_INK_TEXT);
}

const struct mb_chart_dims mb_chart_dims[MB_CHART_FORMS] = {
	[MB_CHART_DESKTOP] = {30, 24, 21, 20, 16, 5},
	/* At 358 CSS px (a 390 px phone) 26 px read as 12.9 CSS px. */
	[MB_CHART_PHONE] = {30, 26, 26, 22, 16, 5},
};

int mb_chart_text_px(enum mb_chart_form form, int scale)
{
	return mb_chart_dims[form == MB_CHART_PHONE ? MB_CHART_PHONE : MB_CHART_DESKTOP].small * scale;
}

int mb_chart_render(mb_buf *png, const struct mb_chart_fonts *f, int w, enum mb_chart_form form,
                    int scale, mb_chart_layout_fn layout, const void *chart, mb_buf *err)
{
	if (scale < 1 || scale > MB_CHART_MAX_SCALE) {
		mb_buf_printf(err, "chart: scale %d is not between 1 and %d", scale,
		              MB_CHART_MAX_SCALE);
		return -1;
	}
	if (form != MB_CHART_DESKTOP && form != MB_CHART_PHONE) {
		mb_buf_printf(err, "chart: unknown form %d", (int)form);
		return -1;
	}
	struct mb_canvas c;
	mb_canvas_measure(&c, f, w * scale, scale);
	c.d = &mb_chart_dims[form];
	int h = layout(&c, chart);
	if (h <= 0 || h > 30000 * scale) {
		mb_buf_printf(err, "chart: %d px is too tall to draw", h);
		return -1;
	}
	mb_canvas_init(&c, f, w * scale, h, scale);
	c.d = &mb_chart_dims[form];
	layout(&c, chart);
	int rc = mb_canvas_png(&c, png, err);
	mb_canvas_release(&c);
	return rc;
}
