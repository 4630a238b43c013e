/* chart_service.c - a group's five service rates against their targets, one panel each, and the text alternative. */
#include "chart_priv.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"

/*
 * Rates such as "on time" lie between 98% and 100% for nearly every unit,
 * so bars on a 0-100% axis all look full.  Each panel therefore draws only
 * the units under the target, as dots on an axis that starts near the
 * lowest of them (the note above the axis says where it starts), with a
 * line from each dot to the target: the gap is what the reader looks for.
 * The units that met the target are counted in words, with the ones that
 * share the highest value ("73 đơn vị đạt 100,00%"): picking some of equal
 * units by list order would say something the data does not.
 */

#define FULL_R6 1000000   /* a fraction of 1 in millionths */

static const char no_data[] = "không có số liệu";

/* --- Which units a panel draws --- */

struct order_ctx {
	const struct mb_chart_service *c;
	int k;
};

static const struct mb_chart_rate *rate_of(const struct mb_chart_service *c, size_t row, int k)
{
	return &c->rows[row].rate[k];
}

/* Lowest value first, compared exactly; equal values in row order. */
static int by_value(const void *a, const void *b, void *arg)
{
	const struct order_ctx *o = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct mb_chart_rate *rx = rate_of(o->c, x, o->k), *ry = rate_of(o->c, y, o->k);
	int c = mb_ratio_cmp(rx->num, rx->den, ry->num, ry->den);
	return c ? c : (x > y) - (x < y);
}

static bool same(const struct mb_chart_rate *a, const struct mb_chart_rate *b)
{
	return mb_ratio_cmp(a->num, a->den, b->num, b->den) == 0;
}

/* Takes whole groups of equal values of v[from, to) after v[0, from) while
 * the rows drawn stay within MB_CHART_SERVICE_ROWS; returns where it stopped. */
static size_t take_groups(const struct mb_chart_service *c, int k, const size_t *v, size_t from,
                          size_t to)
{
	size_t take = from;
	while (take < to) {
		size_t end = take + 1;
		while (end < to && same(rate_of(c, v[end], k), rate_of(c, v[take], k)))
			end++;
		if (end > MB_CHART_SERVICE_ROWS)
			break;
		take = end;
	}
	return take;
}

void mb_chart_panel_plan(const struct mb_chart_service *c, int k, struct mb_chart_panel *p)
{
	memset(p, 0, sizeof *p);
	size_t *v = mb_xcalloc(c->nrows + 1, sizeof *v), n = 0;
	for (size_t i = 0; i < c->nrows; i++)
		if (rate_of(c, i, k)->valid)
			v[n++] = i;
	struct order_ctx o = {c, k};
	qsort_r(v, n, sizeof *v, by_value, &o);
	p->shown = v;
	if (n == 0)
		return;
	p->low = rate_of(c, v[0], k);
	p->low_row = v[0];
	while (p->low_n < n && same(rate_of(c, v[p->low_n], k), p->low))
		p->low_n++;
	/* Under the target is a prefix of the sorted values; without a
	 * target the candidates are every unit, lowest first. */
	p->under = c->rates[k].target6 >= 0;
	size_t cand = 0;
	if (p->under)
		while (cand < n && rate_of(c, v[cand], k)->met == 0)
			cand++;
	else
		cand = n;
	size_t take = take_groups(c, k, v, 0, cand);
	p->nunder = p->under ? take : 0;
	p->rest = cand - take;
	if (p->rest) {
		p->rest_lo = rate_of(c, v[take], k);
		p->rest_hi = rate_of(c, v[cand - 1], k);
	}
	/* Room left after every unit under the target: the lowest over it. */
	if (p->under && cand > 0 && take == cand)
		take = take_groups(c, k, v, take, n);
	p->nshown = take;
}

void mb_chart_panel_release(struct mb_chart_panel *p)
{
	free(p->shown);
	memset(p, 0, sizeof *p);
}

/* --- Words shared by the chart and its text alternative --- */

static void put_count(mb_buf *b, size_t n)
{
	mb_put_vi(b, (int64_t)n, 0);
}

/* "49/91 chưa đạt", "91/91 đạt", "chưa đặt mục tiêu". */
static void put_verdict(mb_buf *b, const struct mb_chart_service_rate *r)
{
	if (r->target6 < 0) {
		mb_buf_puts(b, "chưa đặt mục tiêu");
	} else if (!r->valid) {
		mb_buf_puts(b, no_data);
	} else if (r->unmet) {
		put_count(b, (size_t)r->unmet);
		mb_buf_putc(b, '/');
		put_count(b, (size_t)r->valid);
		mb_buf_puts(b, " chưa đạt");
	} else {
		put_count(b, (size_t)r->met);
		mb_buf_putc(b, '/');
		put_count(b, (size_t)r->valid);
		mb_buf_puts(b, " đạt");
	}
}

/* "… và 43 đơn vị khác chưa đạt, từ 95,12% đến 99,80%". */
static void put_rest(mb_buf *b, const struct mb_chart_panel *p)
{
	mb_buf_puts(b, p->nshown ? "còn " : "");
	put_count(b, p->rest);
	mb_buf_puts(b, p->nshown ? " đơn vị khác" : " đơn vị");
	if (p->under)
		mb_buf_puts(b, " chưa đạt");
	if (p->rest == 1) {
		mb_buf_puts(b, " (");
		mb_chart_put_pct(b, p->rest_lo->pct2);
		mb_buf_putc(b, ')');
		return;
	}
	if (same(p->rest_lo, p->rest_hi)) {
		mb_buf_puts(b, ", cùng ");
		mb_chart_put_pct(b, p->rest_lo->pct2);
		return;
	}
	mb_buf_puts(b, ", từ ");
	mb_chart_put_pct(b, p->rest_lo->pct2);
	mb_buf_puts(b, " đến ");
	mb_chart_put_pct(b, p->rest_hi->pct2);
}

/* What is said of the units over the target (or, without one, of the
 * highest): "90 đơn vị đạt mục tiêu, trong đó 73 đơn vị đạt 100,00%". */
static void put_top(mb_buf *b, const struct mb_chart_service_rate *r, const struct mb_chart_panel *p,
                    const struct mb_chart_service *c)
{
	if (!r->valid)
		return;
	if (r->target6 >= 0 && !r->unmet) {
		mb_buf_puts(b, "cả ");
		put_count(b, (size_t)r->valid);
		if (r->top_n == r->valid) {
			mb_buf_puts(b, " đơn vị đạt ");
			mb_chart_put_pct(b, r->top_pct2);
			return;
		}
		mb_buf_puts(b, " đơn vị đạt mục tiêu; thấp nhất ");
		if (p->low_n == 1) {
			const char *name = c->rows[p->low_row].name;
			mb_buf_printf(b, "%s ", name ? name : "");
			mb_chart_put_pct(b, p->low->pct2);
		} else {
			mb_chart_put_pct(b, p->low->pct2);
			mb_buf_puts(b, " (");
			put_count(b, p->low_n);
			mb_buf_puts(b, " đơn vị)");
		}
		return;
	}
	if (r->target6 >= 0) {
		if (!r->met)
			return;
		put_count(b, (size_t)r->met);
		mb_buf_puts(b, " đơn vị đạt mục tiêu");
		if (r->top_n >= 2 && r->top_n == r->met) {
			mb_buf_puts(b, ", cùng đạt ");
			mb_chart_put_pct(b, r->top_pct2);
		} else if (r->top_n >= 2) {
			mb_buf_puts(b, ", trong đó ");
			put_count(b, (size_t)r->top_n);
			mb_buf_puts(b, " đơn vị đạt ");
			mb_chart_put_pct(b, r->top_pct2);
		}
		return;
	}
	mb_buf_puts(b, "cao nhất ");
	mb_chart_put_pct(b, r->top_pct2);
	if (r->top_n >= 2) {
		mb_buf_puts(b, " (");
		put_count(b, (size_t)r->top_n);
		mb_buf_puts(b, " đơn vị)");
	}
}

/* "3 đơn vị không có số liệu". */
static bool put_missing(mb_buf *b, const struct mb_chart_service_rate *r, size_t nrows)
{
	if ((size_t)r->valid >= nrows)
		return false;
	if (!r->valid) {
		mb_buf_puts(b, "không đơn vị nào có số liệu");
		return true;
	}
	put_count(b, nrows - (size_t)r->valid);
	mb_buf_puts(b, " đơn vị không có số liệu");
	return true;
}

/* --- Drawing --- */

struct axis {
	int64_t lo, hi, step;  /* hundredths of a percent */
	int x, w;              /* plot area in px */
};

static int ax_px(const struct axis *a, int64_t pct2)
{
	return a->x + mb_chart_scale_px(pct2 - a->lo, a->hi - a->lo, a->w);
}

/* The range drawn: from the lowest value shown (or the target) to the
 * highest value shown (or the target), widened to whole steps. */
static void axis_range(struct axis *a, const struct mb_chart_service *c, int k,
                       const struct mb_chart_panel *p, int max_ticks)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < p->nshown; i++) {
		int64_t v = rate_of(c, p->shown[i], k)->pct2;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	int64_t t = c->rates[k].target6;
	if (t >= 0) {
		int64_t tp = t / 100;  /* the target in hundredths, for geometry only */
		lo = tp < lo ? tp : lo;
		hi = tp + (t % 100 != 0) > hi ? tp + (t % 100 != 0) : hi;
	}
	int64_t step = mb_chart_nice_step(hi - lo > 0 ? hi - lo : 1, max_ticks);
	step = step < 10 ? 10 : step;
	a->lo = lo > 0 ? lo / step * step : 0;
	a->hi = (hi + step - 1) / step * step;
	if (a->hi <= a->lo)
		a->hi = a->lo + step;
	a->step = step;
}

static int small_line(struct mb_canvas *c, int y, const char *text, enum mb_ink ink)
{
	int s = c->scale, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	struct mb_canvas_font cf = {c, MB_FACE_REGULAR, c->d->small * s};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[3];
	int n = mb_chart_wrap(&m, text, edge - x, 3, lines);
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, x, y + asc + l * lh, MB_FACE_REGULAR, cf.px, ink, text, lines[l]);
	return y + (n ? n : 1) * lh + 4 * s;
}

/* Tick labels and a rule over the plot area; returns the y below. */
static int axis_draw(struct mb_canvas *c, int y, const struct axis *a)
{
	int s = c->scale, px = c->d->small * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	int base = y + asc;
	mb_buf lab;
	mb_buf_init(&lab);
	for (int64_t t = a->lo; t <= a->hi; t += a->step) {
		mb_buf_reset(&lab);
		mb_chart_put_threshold(&lab, t * 100);
		int tw = mb_canvas_text_width(c, MB_FACE_REGULAR, px, lab.data, lab.len);
		int tx = ax_px(a, t);
		int lx = tx - tw / 2;
		if (lx + tw > c->w - MB_PAD * s / 2)
			lx = c->w - MB_PAD * s / 2 - tw;
		if (lx < MB_PAD * s / 2)
			lx = MB_PAD * s / 2;
		mb_canvas_text(c, lx, base, MB_FACE_REGULAR, px, MB_INK_MUTED, lab.data, lab.len);
		mb_canvas_rect(c, tx - s / 2, base + 6 * s, s, 6 * s, MB_INK_RULE);
	}
	mb_buf_release(&lab);
	mb_canvas_rect(c, a->x, base + 12 * s, a->w, s, MB_INK_RULE);
	return base + 12 * s + 8 * s;
}

struct cols {
	bool wide;      /* name and dot on one line (desktop form) */
	int name_w;     /* wide: the name column */
	int value_w;
};

/* One unit: its name, a dot at its value, a line from the dot to the
 * target, the target mark and the value. */
static int unit_row(struct mb_canvas *c, int y, const struct mb_chart_service *v, int k, size_t row,
                    const struct axis *a, const struct cols *k2, enum mb_ink ink)
{
	int s = c->scale, px = c->d->text * s, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	const struct mb_chart_rate *r = rate_of(v, row, k);
	struct mb_canvas_font cf = {c, MB_FACE_REGULAR, px};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[2];
	const char *name = v->rows[row].name ? v->rows[row].name : "";
	int maxw = k2->wide ? k2->name_w : edge - x;
	int n = mb_chart_wrap(&m, name, maxw, 2, lines);
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, x, y + asc + l * lh, MB_FACE_REGULAR, px, MB_INK_TEXT, name, lines[l]);
	int names_h = (n > 1 ? n : 1) * lh;
	int plot_y = k2->wide ? y : y + names_h + c->d->line_gap * s;
	int plot_h = lh;
	int mid = plot_y + plot_h / 2;
	int dot_r = c->d->bar_h * s / 2;
	int vx = ax_px(a, r->pct2);
	int64_t t = v->rates[k].target6;
	if (t >= 0) {
		int tx = a->x + mb_chart_scale_px(t - a->lo * 100, (a->hi - a->lo) * 100, a->w);
		int gx = vx < tx ? vx : tx, gw = vx < tx ? tx - vx : vx - tx;
		mb_canvas_rect(c, gx, mid - s, gw, 3 * s, MB_INK_RULE);
		mb_canvas_rect(c, tx - 2 * s, plot_y, 4 * s, plot_h, MB_INK_TEXT);
	} else {
		mb_canvas_rect(c, a->x, mid - s, vx - a->x, 3 * s, MB_INK_RULE);
	}
	mb_canvas_disc(c, vx, mid, dot_r + s, MB_INK_BG);
	mb_canvas_disc(c, vx, mid, dot_r, ink);
	mb_buf t2;
	mb_buf_init(&t2);
	mb_chart_put_pct(&t2, r->pct2);
	mb_canvas_text_fit(c, edge, plot_y + asc, MB_FACE_BOLD, px, MB_INK_TEXT, t2.data,
	                   k2->value_w, true);
	mb_buf_release(&t2);
	int bottom = plot_y + plot_h;
	if (k2->wide && y + names_h > bottom)
		bottom = y + names_h;
	return bottom + c->d->row_gap * s / 2;
}

/* One rate: heading, note, axis, units drawn, and the words for the rest. */
static int panel(struct mb_canvas *c, int y, const struct mb_chart_service *v, int k,
                 const struct cols *k2)
{
	int s = c->scale, px = c->d->text * s, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	const struct mb_chart_service_rate *r = &v->rates[k];
	struct mb_chart_panel p;
	mb_chart_panel_plan(v, k, &p);
	mb_buf t;
	mb_buf_init(&t);
	/* Heading: the rate's name, and on the right how many miss. */
	put_verdict(&t, r);
	int asc = mb_chart_ascent(c, MB_FACE_BOLD, c->d->text);
	int lh = mb_chart_line_h(c, MB_FACE_BOLD, c->d->text);
	int vw = mb_canvas_text_fit(c, edge, y + asc, MB_FACE_BOLD, px,
	                            r->unmet ? MB_INK_S3 : MB_INK_MUTED, t.data, (edge - x) / 2,
	                            true);
	struct mb_canvas_font cf = {c, MB_FACE_BOLD, px};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[2];
	int n = mb_chart_wrap(&m, r->name ? r->name : "", edge - x - vw - 16 * s, 2, lines);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, x, y + asc + l * lh, MB_FACE_BOLD, px, MB_INK_TEXT, r->name, lines[l]);
	y += (n > 1 ? n : 1) * lh + 2 * s;
	struct axis a;
	memset(&a, 0, sizeof a);
	if (p.nshown) {
		a.x = (k2->wide ? x + k2->name_w + 16 * s : x) + c->d->bar_h * s / 2 + s;
		a.w = edge - k2->value_w - 16 * s - c->d->bar_h * s / 2 - s - a.x;
		/* As many steps as labels like "99,5%" fit side by side. */
		int lw = mb_canvas_text_width(c, MB_FACE_REGULAR, c->d->small * s, "99,5%", 6);
		int steps = a.w / (lw + 12 * s);
		axis_range(&a, v, k, &p, steps > 1 ? steps : 1);
		mb_buf_reset(&t);
		if (r->target6 >= 0) {
			mb_buf_puts(&t, "Mục tiêu ");
			mb_chart_put_threshold(&t, r->target6);
			mb_buf_puts(&t, ". ");
		}
		mb_buf_puts(&t, !p.under ? "Các đơn vị thấp nhất" :
		                p.nunder < p.nshown ? "Đơn vị chưa đạt, rồi các đơn vị đạt thấp nhất" :
		                "Đơn vị chưa đạt, thấp nhất trước");
		if (a.lo > 0) {
			mb_buf_puts(&t, ". Trục từ ");
			mb_chart_put_threshold(&t, a.lo * 100);
			mb_buf_puts(&t, ", không từ 0");
		}
		mb_buf_putc(&t, '.');
		y = small_line(c, y, t.data, MB_INK_MUTED);
		y = axis_draw(c, y, &a);
		for (size_t i = 0; i < p.nshown; i++)
			y = unit_row(c, y, v, k, p.shown[i], &a, k2, !p.under ? MB_INK_MUTED :
			             i < p.nunder ? MB_INK_S3 : MB_INK_S0);
		y += c->d->row_gap * s / 2;
	}
	const char *sep = "";
	mb_buf_reset(&t);
	if (p.rest) {
		put_rest(&t, &p);
		sep = ". ";
	}
	size_t mark = t.len;
	mb_buf_puts(&t, sep);
	put_top(&t, r, &p, v);
	if (t.len == mark + strlen(sep)) {
		t.len = mark;
		t.data[mark] = '\0';
	} else {
		sep = ". ";
	}
	mark = t.len;
	mb_buf_puts(&t, sep);
	if (!put_missing(&t, r, v->nrows)) {
		t.len = mark;
		t.data[mark] = '\0';
	}
	if (t.len) {
		/* A sentence: every one begins with an ASCII letter or a digit. */
		if (t.data[0] >= 'a' && t.data[0] <= 'z')
			t.data[0] = (char)(t.data[0] - 'a' + 'A');
		mb_buf_putc(&t, '.');
		y = small_line(c, y, t.data, MB_INK_TEXT);
	}
	mb_buf_release(&t);
	mb_chart_panel_release(&p);
	/* A rule between panels. */
	y += c->d->row_gap * s / 2;
	mb_canvas_rect(c, x, y, edge - x, s, MB_INK_RULE);
	return y + c->d->row_gap * s;
}

/* Which kinds of dots the chart draws: under a target, over it, no target. */
enum { DOT_UNDER = 1, DOT_OVER = 2, DOT_FREE = 4 };

static int dots_drawn(const struct mb_chart_service *v)
{
	int kinds = 0;
	for (int k = 0; k < MB_CHART_RATES; k++) {
		struct mb_chart_panel p;
		mb_chart_panel_plan(v, k, &p);
		if (!p.under && p.nshown)
			kinds |= DOT_FREE;
		if (p.nunder)
			kinds |= DOT_UNDER;
		if (p.under && p.nshown > p.nunder)
			kinds |= DOT_OVER;
		mb_chart_panel_release(&p);
	}
	return kinds;
}

static int legend(struct mb_canvas *c, int y, const struct mb_chart_service *v)
{
	struct mb_chart_key keys[4];
	size_t n = 0;
	int kinds = dots_drawn(v);
	if (kinds & DOT_UNDER)
		keys[n++] = (struct mb_chart_key){MB_KEY_DOT, MB_INK_S3, "Chưa đạt mục tiêu"};
	if (kinds & DOT_OVER)
		keys[n++] = (struct mb_chart_key){MB_KEY_DOT, MB_INK_S0, "Đạt mục tiêu"};
	if (kinds & DOT_FREE)
		keys[n++] = (struct mb_chart_key){MB_KEY_DOT, MB_INK_MUTED, "Chưa đặt mục tiêu"};
	bool target = false;
	for (int k = 0; k < MB_CHART_RATES; k++)
		target = target || v->rates[k].target6 >= 0;
	if (target && n)
		keys[n++] = (struct mb_chart_key){MB_KEY_MARKER, MB_INK_TEXT, "Mục tiêu"};
	return n ? mb_chart_legend(c, y, keys, n) : y;
}

static int layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_service *v = arg;
	int s = c->scale, edge = c->w - MB_PAD * s;
	int y = mb_chart_header(c, MB_PAD * s, v->title, v->subtitle);
	if (!v->nrows) {
		mb_canvas_text(c, MB_PAD * s, y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text),
		               MB_FACE_REGULAR, c->d->text * s, MB_INK_MUTED,
		               "Chưa có số liệu", strlen("Chưa có số liệu"));
		return y + mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text) + MB_PAD * s;
	}
	y = legend(c, y, v);
	y += 4 * s;
	struct cols k;
	k.wide = c->d == &mb_chart_dims[MB_CHART_DESKTOP];
	k.value_w = mb_canvas_text_width(c, MB_FACE_BOLD, c->d->text * s, "100,00%", 7);
	/* Wide: the names' column is as wide as the longest name drawn, up to
	 * half the chart. */
	k.name_w = 0;
	for (int j = 0; k.wide && j < MB_CHART_RATES; j++) {
		struct mb_chart_panel p;
		mb_chart_panel_plan(v, j, &p);
		for (size_t i = 0; i < p.nshown; i++) {
			const char *name = v->rows[p.shown[i]].name ? v->rows[p.shown[i]].name : "";
			int w = mb_canvas_text_width(c, MB_FACE_REGULAR, c->d->text * s, name,
			                             strlen(name));
			k.name_w = w > k.name_w ? w : k.name_w;
		}
		mb_chart_panel_release(&p);
	}
	if (k.name_w > (edge - MB_PAD * s) / 2)
		k.name_w = (edge - MB_PAD * s) / 2;
	for (int j = 0; j < MB_CHART_RATES; j++)
		y = panel(c, y, v, j, &k);
	return y - c->d->row_gap * s + MB_PAD * s - s;
}

int mb_chart_service(mb_buf *png, const struct mb_chart_fonts *f,
                     const struct mb_chart_service *c, enum mb_chart_form form, int scale,
                     mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_WIDTH, form, scale, layout, c, err);
}

/* --- Text alternative --- */

static void alt_panel(mb_buf *alt, const struct mb_chart_service *c, int k)
{
	const struct mb_chart_service_rate *r = &c->rates[k];
	struct mb_chart_panel p;
	mb_chart_panel_plan(c, k, &p);
	mb_buf_printf(alt, " %s", r->name ? r->name : "");
	if (r->target6 >= 0) {
		mb_buf_puts(alt, " (mục tiêu ");
		mb_chart_put_threshold(alt, r->target6);
		mb_buf_putc(alt, ')');
	}
	mb_buf_puts(alt, ": ");
	if (!r->valid) {
		mb_buf_puts(alt, "không có số liệu.");
		mb_chart_panel_release(&p);
		return;
	}
	put_verdict(alt, r);
	for (size_t i = 0; i < p.nshown; i++) {
		if (i == 0)
			mb_buf_puts(alt, !p.under ? "; thấp nhất: " : p.nunder ? "; chưa đạt, thấp nhất "
			            "trước: " : "; đạt, thấp nhất: ");
		else if (i == p.nunder && p.under)
			mb_buf_puts(alt, "; đạt, thấp nhất: ");
		else
			mb_buf_puts(alt, "; ");
		const char *name = c->rows[p.shown[i]].name;
		mb_buf_printf(alt, "%s ", name ? name : "");
		mb_chart_put_pct(alt, rate_of(c, p.shown[i], k)->pct2);
	}
	if (p.rest) {
		mb_buf_puts(alt, "; ");
		put_rest(alt, &p);
	}
	size_t mark = alt->len;
	mb_buf_puts(alt, "; ");
	put_top(alt, r, &p, c);
	if (alt->len == mark + 2) {
		alt->len = mark;
		alt->data[mark] = '\0';
	}
	mark = alt->len;
	mb_buf_puts(alt, "; ");
	if (!put_missing(alt, r, c->nrows)) {
		alt->len = mark;
		alt->data[mark] = '\0';
	}
	mb_buf_putc(alt, '.');
	mb_chart_panel_release(&p);
}

void mb_chart_service_alt(mb_buf *alt, const struct mb_chart_service *c)
{
	mb_buf_puts(alt, "Biểu đồ chấm: năm tỷ lệ giải quyết hồ sơ so với mục tiêu");
	if (c->title && *c->title)
		mb_buf_printf(alt, ", %s", c->title);
	if (c->subtitle && *c->subtitle)
		mb_buf_printf(alt, ", %s", c->subtitle);
	mb_buf_puts(alt, ": ");
	put_count(alt, c->nrows);
	mb_buf_puts(alt, " đơn vị.");
	if (!c->nrows)
		return;
	mb_buf_puts(alt, " Tỷ lệ có nhiều đơn vị chưa đạt nhất đứng đầu; mỗi phần vẽ các đơn vị "
	                 "chưa đạt, rồi các đơn vị đạt thấp nhất khi còn chỗ, trên trục không bắt "
	                 "đầu từ 0.");
	for (int k = 0; k < MB_CHART_RATES; k++)
		alt_panel(alt, c, k);
}
