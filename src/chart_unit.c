/* chart_unit.c - a unit's charts: criteria against their maxima, and results over periods. */
#include "chart_priv.h"

#include <string.h>

#include "fixed.h"

static const char na_text[] = "không áp dụng";
static const char no_data[] = "không có số liệu";

/* Criteria names run long ("Tác động của cải cách hành chính đến người
 * dân, tổ chức và phát triển kinh tế - xã hội"): up to three lines. */
#define NAME_LINES 3

static int name_lines(struct mb_canvas *c, enum mb_face face, const char *name, int maxw,
                      struct mb_chart_span lines[NAME_LINES])
{
	struct mb_canvas_font cf = {c, face, c->d->text * c->scale};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	return mb_chart_wrap(&m, name ? name : "", maxw, NAME_LINES, lines);
}

/* Draws a row's name (wrapped) with `right` right-aligned on its first
 * line; returns the y where the row's bar goes. */
static int row_head(struct mb_canvas *c, int y, enum mb_face face, const char *name,
                    const char *right, enum mb_ink right_ink, enum mb_face right_face)
{
	int s = c->scale, px = c->d->text * s, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	int base = y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text);
	int rw = 0;
	if (right && *right)
		rw = mb_canvas_text_fit(c, edge, base, right_face, px, right_ink, right,
		                        (edge - x) / 2, true) + 16 * s;
	struct mb_chart_span lines[NAME_LINES];
	int n = name_lines(c, face, name, edge - rw - x, lines);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, x, base + l * lh, face, px, MB_INK_TEXT, name, lines[l]);
	return y + (n > 1 ? n : 1) * lh + c->d->line_gap * s;
}

/* The muted note that stands in a row's bar line ("không áp dụng"). */
static int bar_note(struct mb_canvas *c, int y, const char *note)
{
	int s = c->scale;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	mb_canvas_text(c, MB_PAD * s, y + asc, MB_FACE_REGULAR, c->d->small * s, MB_INK_MUTED,
	               note, strlen(note));
	return y + mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small) + c->d->row_gap * s;
}

/* --- Criteria --- */

static bool any_avg(const struct mb_chart_criteria *k)
{
	for (size_t i = 0; i < k->nrows; i++)
		if (k->rows[i].applies && k->rows[i].has_avg)
			return true;
	return false;
}

static int crit_layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_criteria *k = arg;
	int s = c->scale, x = MB_PAD * s, w = c->w - 2 * MB_PAD * s;
	/* Drawn for every unit: in four colours it is half the bytes to
	 * compress (see chart_share.c). */
	c->four = true;
	int y = mb_chart_header(c, MB_PAD * s, k->title, NULL);
	struct mb_chart_key keys[2] = {
		{MB_KEY_BAR, MB_INK_S0, "Điểm đạt / tối đa"},
		{MB_KEY_MARKER, MB_INK_TEXT, k->avg_label ? k->avg_label : "Trung bình nhóm"},
	};
	y = mb_chart_legend(c, y, keys, any_avg(k) ? 2 : 1);
	mb_buf t;
	mb_buf_init(&t);
	for (size_t i = 0; i < k->nrows; i++) {
		const struct mb_chart_crit_row *r = &k->rows[i];
		mb_buf_reset(&t);
		if (r->applies) {
			mb_put_vi_trim(&t, r->value, 4);
			mb_buf_putc(&t, '/');
			mb_put_vi_trim(&t, r->max, 4);
		}
		int by = row_head(c, y, MB_FACE_REGULAR, r->name, t.data, MB_INK_TEXT, MB_FACE_BOLD);
		if (!r->applies || r->max <= 0) {
			y = bar_note(c, by, na_text);
			continue;
		}
		mb_chart_bar(c, x, by, w, c->d->bar_h * s, r->value, r->max, MB_INK_S0, false);
		if (r->has_avg)
			mb_chart_marker(c, x + mb_chart_scale_px(r->avg, r->max, w), by, c->d->bar_h * s);
		y = by + c->d->bar_h * s + c->d->row_gap * s;
	}
	mb_buf_release(&t);
	return y - c->d->row_gap * s + MB_PAD * s;
}

int mb_chart_criteria(mb_buf *png, const struct mb_chart_fonts *f,
                      const struct mb_chart_criteria *c, enum mb_chart_form form, int scale,
                      mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_WIDTH, form, scale, crit_layout, c, err);
}

static void alt_crit(mb_buf *alt, const struct mb_chart_crit_row *r)
{
	mb_buf_printf(alt, "%s ", r->name ? r->name : "");
	mb_put_vi_trim(alt, r->value, 4);
	mb_buf_putc(alt, '/');
	mb_put_vi_trim(alt, r->max, 4);
	mb_buf_puts(alt, " điểm (");
	mb_chart_put_pct(alt, r->share2);
	mb_buf_putc(alt, ')');
}

void mb_chart_criteria_alt(mb_buf *alt, const struct mb_chart_criteria *c)
{
	mb_buf_puts(alt, "Biểu đồ thanh: điểm");
	if (c->unit && *c->unit)
		mb_buf_printf(alt, " của %s", c->unit);
	const char *area = c->area ? c->area : "lĩnh vực";
	mb_buf_printf(alt, " theo từng %s, so với điểm tối đa", area);
	if (any_avg(c))
		mb_buf_puts(alt, " và trung bình nhóm");
	mb_buf_putc(alt, '.');
	const struct mb_chart_crit_row *hi = NULL, *lo = NULL;
	size_t applies = 0, avg = 0, above = 0;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mb_chart_crit_row *r = &c->rows[i];
		if (!r->applies || r->max <= 0)
			continue;
		applies++;
		if (!hi || mb_ratio_cmp(r->value, r->max, hi->value, hi->max) > 0)
			hi = r;
		if (!lo || mb_ratio_cmp(r->value, r->max, lo->value, lo->max) < 0)
			lo = r;
		if (r->has_avg) {
			avg++;
			above += r->vs_avg > 0;
		}
	}
	if (hi) {
		mb_buf_puts(alt, " Cao nhất so với tối đa: ");
		alt_crit(alt, hi);
		mb_buf_putc(alt, '.');
	}
	if (lo && lo != hi) {
		mb_buf_puts(alt, " Thấp nhất: ");
		alt_crit(alt, lo);
		mb_buf_putc(alt, '.');
	}
	if (avg)
		mb_buf_printf(alt, " Cao hơn trung bình nhóm ở %zu/%zu %s.", above, avg, area);
	if (applies < c->nrows) {
		mb_buf_puts(alt, " Không áp dụng:");
		const char *sep = " ";
		for (size_t i = 0; i < c->nrows; i++) {
			if (c->rows[i].applies && c->rows[i].max > 0)
				continue;
			mb_buf_printf(alt, "%s%s", sep, c->rows[i].name ? c->rows[i].name : "");
			sep = ", ";
		}
		mb_buf_putc(alt, '.');
	}
}

/* --- Trend --- */

static const char *trend_band(const struct mb_chart_trend *t, int b)
{
	return b >= 0 && (size_t)b < t->nbands ? t->bands[b].name : NULL;
}

/* "Nhóm B · hạng 3/17" (sep " · " on the chart, ", " in sentences). */
static void put_rank(mb_buf *b, const struct mb_chart_trend *t, const struct mb_chart_trend_row *r,
                     const char *sep)
{
	const char *band = trend_band(t, r->band);
	if (band)
		mb_buf_printf(b, "%s%s", band, sep);
	mb_buf_puts(b, "hạng ");
	mb_put_vi(b, r->rank, 0);
	mb_buf_putc(b, '/');
	mb_put_vi(b, r->of, 0);
}

static int trend_row(struct mb_canvas *c, int y, const struct mb_chart_trend *t,
                     const struct mb_chart_trend_row *r)
{
	int s = c->scale, px = c->d->text * s, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	if (!r->ranked) {
		int by = row_head(c, y, MB_FACE_BOLD, r->label, NULL, MB_INK_TEXT, MB_FACE_BOLD);
		return bar_note(c, by, no_data);
	}
	mb_buf v, k;
	mb_buf_init(&v);
	mb_buf_init(&k);
	mb_chart_put_pct(&v, r->pct2);
	put_rank(&k, t, r, " · ");
	int base = y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text);
	int vw = mb_canvas_text_width(c, MB_FACE_BOLD, px, "100,00%", 7);
	mb_canvas_text_fit(c, edge, base, MB_FACE_BOLD, px, MB_INK_TEXT, v.data, vw, true);
	int label_w = mb_canvas_text_fit(c, x, base, MB_FACE_BOLD, px, MB_INK_TEXT,
	                                 r->label ? r->label : "", (edge - x) / 2, false);
	int room = edge - vw - 16 * s - (x + label_w + 16 * s);
	mb_canvas_text_fit(c, edge - vw - 16 * s, base, MB_FACE_REGULAR, px, MB_INK_MUTED,
	                   k.data, room, true);
	mb_buf_release(&v);
	mb_buf_release(&k);
	int by = y + mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text) + c->d->line_gap * s;
	mb_chart_bar(c, x, by, edge - x, c->d->bar_h * s, r->pct2, MB_FULL_PCT2,
	             mb_chart_band_ink(r->band), false);
	return by + c->d->bar_h * s + c->d->row_gap * s;
}

static int trend_layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_trend *t = arg;
	int s = c->scale;
	int y = mb_chart_header(c, MB_PAD * s, t->title, NULL);
	if (t->nbands) {
		struct mb_chart_key keys[MB_INK_SERIES];
		size_t n = t->nbands < MB_INK_SERIES ? t->nbands : MB_INK_SERIES;
		for (size_t b = 0; b < n; b++) {
			keys[b].kind = MB_KEY_BAR;
			keys[b].ink = mb_chart_band_ink((int)b);
			keys[b].label = t->bands[b].name;
		}
		y = mb_chart_legend(c, y, keys, n);
	}
	if (!t->nrows)
		y = bar_note(c, y, no_data);
	for (size_t i = 0; i < t->nrows; i++)
		y = trend_row(c, y, t, &t->rows[i]);
	return y - c->d->row_gap * s + MB_PAD * s;
}

int mb_chart_trend(mb_buf *png, const struct mb_chart_fonts *f,
                   const struct mb_chart_trend *c, enum mb_chart_form form, int scale,
                   mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_WIDTH, form, scale, trend_layout, c, err);
}

void mb_chart_trend_alt(mb_buf *alt, const struct mb_chart_trend *c)
{
	mb_buf_puts(alt, "Biểu đồ thanh: kết quả");
	if (c->unit && *c->unit)
		mb_buf_printf(alt, " của %s", c->unit);
	mb_buf_puts(alt, " qua các kỳ");
	if (!c->nrows) {
		mb_buf_puts(alt, ": chưa có số liệu.");
		return;
	}
	mb_buf_putc(alt, ':');
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mb_chart_trend_row *r = &c->rows[i];
		mb_buf_printf(alt, "%s %s ", i ? ";" : "", r->label ? r->label : "");
		if (!r->ranked) {
			mb_buf_puts(alt, no_data);
			continue;
		}
		mb_chart_put_pct(alt, r->pct2);
		mb_buf_puts(alt, " (");
		put_rank(alt, c, r, ", ");
		mb_buf_putc(alt, ')');
	}
	mb_buf_putc(alt, '.');
}
