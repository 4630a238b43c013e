/* chart_service.c - on-time and online rates per unit against their targets, and the text alternative. */
#include "chart_priv.h"

#include <string.h>

#include "fixed.h"

#define FULL_R6 1000000   /* a fraction of 1 in millionths */

/* The two series: told apart by fill (solid, striped) and by their words. */
static const enum mb_ink series_ink[MB_CHART_SERIES] = {MB_INK_S0, MB_INK_S3};

static const char *word_of(const struct mb_chart_service *v, int k)
{
	return v->word[k] ? v->word[k] : "";
}

struct svc_cols {
	int bar_x, bar_w;  /* bar area */
	int col_x;         /* the words and values, right of the bars */
};

/* One series of one unit: a bar (or "không có số liệu") and its value. */
static int series(struct mb_canvas *c, int y, const struct svc_cols *k, const char *word,
                  struct mb_chart_rate rate, int64_t target6, enum mb_ink ink, bool hatch)
{
	int s = c->scale, px = MB_PX_SMALL * s, edge = c->w - MB_PAD * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, MB_PX_SMALL);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, MB_PX_SMALL);
	int base = y + asc, bar_h = MB_BAR_H * s;
	int bar_y = y + (lh - bar_h) / 2;
	mb_canvas_text(c, k->col_x, base, MB_FACE_REGULAR, px, MB_INK_MUTED, word, strlen(word));
	if (!rate.valid) {
		mb_canvas_text(c, k->bar_x, base, MB_FACE_REGULAR, px, MB_INK_MUTED,
		               "không có số liệu", strlen("không có số liệu"));
		return y + lh;
	}
	mb_buf t;
	mb_buf_init(&t);
	mb_chart_put_pct(&t, rate.pct2);
	mb_canvas_text_fit(c, edge, base, MB_FACE_BOLD, px, MB_INK_TEXT, t.data,
	                   edge - k->col_x, true);
	mb_buf_release(&t);
	mb_chart_bar(c, k->bar_x, bar_y, k->bar_w, bar_h, rate.pct2, MB_FULL_PCT2, ink, hatch);
	if (target6 >= 0)
		mb_chart_marker(c, k->bar_x + mb_chart_scale_px(target6, FULL_R6, k->bar_w),
		                bar_y + 4 * s, bar_h - 8 * s);
	return y + lh;
}

static int unit_row(struct mb_canvas *c, int y, const struct mb_chart_service *v,
                    const struct mb_chart_service_row *r, const struct svc_cols *k)
{
	int s = c->scale, px = MB_PX_TEXT * s, x = MB_PAD * s, edge = c->w - MB_PAD * s;
	struct mb_canvas_font cf = {c, MB_FACE_REGULAR, px};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[2];
	const char *name = r->name ? r->name : "";
	int n = mb_chart_wrap(&m, name, edge - x, 2, lines);
	int base = y + mb_chart_ascent(c, MB_FACE_REGULAR, MB_PX_TEXT);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, MB_PX_TEXT);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, x, base + l * lh, MB_FACE_REGULAR, px, MB_INK_TEXT, name, lines[l]);
	y += (n > 1 ? n : 1) * lh + MB_LINE_GAP * s;
	for (int j = 0; j < MB_CHART_SERIES; j++) {
		if (j)
			y += 4 * s;
		y = series(c, y, k, word_of(v, j), r->rate[j], v->target6[j], series_ink[j], j > 0);
	}
	return y + MB_ROW_GAP * s;
}

/* "đúng hạn 99%, trực tuyến 80%": the targets there are. */
static void put_targets(mb_buf *b, const struct mb_chart_service *v)
{
	for (int j = 0; j < MB_CHART_SERIES; j++) {
		if (v->target6[j] < 0)
			continue;
		mb_buf_printf(b, "%s%s ", b->len ? ", " : "", word_of(v, j));
		mb_chart_put_threshold(b, v->target6[j]);
	}
}

static int legend(struct mb_canvas *c, int y, const struct mb_chart_service *v)
{
	mb_buf targets, target;
	mb_buf_init(&targets);
	mb_buf_init(&target);
	put_targets(&targets, v);
	if (targets.len)
		mb_buf_printf(&target, "Mục tiêu: %s", targets.data);
	struct mb_chart_key keys[3] = {
		{MB_KEY_BAR, series_ink[0], v->name[0] ? v->name[0] : ""},
		{MB_KEY_HATCH, series_ink[1], v->name[1] ? v->name[1] : ""},
		{MB_KEY_MARKER, MB_INK_TEXT, target.data},
	};
	y = mb_chart_legend(c, y, keys, targets.len ? 3 : 2);
	mb_buf_release(&targets);
	mb_buf_release(&target);
	return y;
}

static int gap_note(struct mb_canvas *c, int y, size_t omitted)
{
	int s = c->scale, px = MB_PX_SMALL * s;
	mb_buf t;
	mb_buf_init(&t);
	mb_buf_puts(&t, "… ");
	mb_put_vi(&t, (int64_t)omitted, 0);
	mb_buf_puts(&t, " đơn vị khác không hiển thị …");
	int w = mb_canvas_text_width(c, MB_FACE_REGULAR, px, t.data, t.len);
	int x = (c->w - w) / 2;
	x = x < MB_PAD * s ? MB_PAD * s : x;
	mb_canvas_text(c, x, y + mb_chart_ascent(c, MB_FACE_REGULAR, MB_PX_SMALL),
	               MB_FACE_REGULAR, px, MB_INK_MUTED, t.data, t.len);
	mb_buf_release(&t);
	return y + mb_chart_line_h(c, MB_FACE_REGULAR, MB_PX_SMALL) + MB_ROW_GAP * s;
}

static int layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_service *v = arg;
	int s = c->scale, px = MB_PX_SMALL * s, edge = c->w - MB_PAD * s;
	int y = mb_chart_header(c, MB_PAD * s, v->title, v->subtitle);
	y = legend(c, y, v);
	struct svc_cols k;
	int word_w = 0;
	for (int j = 0; j < MB_CHART_SERIES; j++) {
		int w = mb_canvas_text_width(c, MB_FACE_REGULAR, px, word_of(v, j), strlen(word_of(v, j)));
		word_w = w > word_w ? w : word_w;
	}
	int value_w = mb_canvas_text_width(c, MB_FACE_BOLD, px, "100,00%", 7);
	k.col_x = edge - value_w - 10 * s - word_w;
	k.bar_x = MB_PAD * s;
	k.bar_w = k.col_x - 16 * s - k.bar_x;
	size_t head, tail;
	mb_chart_keep(v->nrows, MB_CHART_RANK_WHOLE, MB_CHART_RANK_KEEP, &head, &tail);
	if (!v->nrows) {
		mb_canvas_text(c, MB_PAD * s, y + mb_chart_ascent(c, MB_FACE_REGULAR, MB_PX_TEXT),
		               MB_FACE_REGULAR, MB_PX_TEXT * s, MB_INK_MUTED,
		               "Chưa có số liệu", strlen("Chưa có số liệu"));
		return y + mb_chart_line_h(c, MB_FACE_REGULAR, MB_PX_TEXT) + MB_PAD * s;
	}
	for (size_t i = 0; i < head; i++)
		y = unit_row(c, y, v, &v->rows[i], &k);
	if (tail) {
		y = gap_note(c, y, v->nrows - head - tail);
		for (size_t i = v->nrows - tail; i < v->nrows; i++)
			y = unit_row(c, y, v, &v->rows[i], &k);
	}
	return y - MB_ROW_GAP * s + MB_PAD * s;
}

int mb_chart_service(mb_buf *png, const struct mb_chart_fonts *f,
                     const struct mb_chart_service *c, int scale, mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_WIDTH, scale, layout, c, err);
}

/* "đạt mục tiêu đúng hạn: 12/17 đơn vị" and the lowest rate (compared
 * exactly; the first of equal ones). */
static void alt_series(mb_buf *alt, const struct mb_chart_service *c, int j)
{
	size_t valid = 0, met = 0;
	const struct mb_chart_rate *lo = NULL;
	const char *lo_name = NULL;
	for (size_t i = 0; i < c->nrows; i++) {
		const struct mb_chart_rate *rt = &c->rows[i].rate[j];
		if (!rt->valid)
			continue;
		valid++;
		met += rt->met > 0;
		if (!lo || mb_ratio_cmp(rt->num, rt->den, lo->num, lo->den) < 0) {
			lo = rt;
			lo_name = c->rows[i].name;
		}
	}
	mb_buf_printf(alt, " Tỷ lệ %s: ", word_of(c, j));
	if (!valid) {
		mb_buf_puts(alt, "không có số liệu.");
		return;
	}
	if (c->target6[j] >= 0)
		mb_buf_printf(alt, "%zu/%zu đơn vị đạt mục tiêu; ", met, valid);
	mb_buf_printf(alt, "thấp nhất %s ", lo_name ? lo_name : "");
	mb_chart_put_pct(alt, lo->pct2);
	if (valid < c->nrows)
		mb_buf_printf(alt, "; %zu đơn vị không có số liệu", c->nrows - valid);
	mb_buf_putc(alt, '.');
}

void mb_chart_service_alt(mb_buf *alt, const struct mb_chart_service *c)
{
	mb_buf_printf(alt, "Biểu đồ thanh: tỷ lệ %s và tỷ lệ %s", word_of(c, 0), word_of(c, 1));
	if (c->title && *c->title)
		mb_buf_printf(alt, ", %s", c->title);
	if (c->subtitle && *c->subtitle)
		mb_buf_printf(alt, ", %s", c->subtitle);
	mb_buf_puts(alt, ": ");
	mb_put_vi(alt, (int64_t)c->nrows, 0);
	mb_buf_puts(alt, " đơn vị.");
	if (!c->nrows)
		return;
	mb_buf t;
	mb_buf_init(&t);
	put_targets(&t, c);
	if (t.len)
		mb_buf_printf(alt, " Mục tiêu: %s.", t.data);
	mb_buf_release(&t);
	for (int j = 0; j < MB_CHART_SERIES; j++)
		alt_series(alt, c, j);
}
