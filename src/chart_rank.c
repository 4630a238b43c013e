/* chart_rank.c - the ranking chart (one index, group and period) and its text alternative. */
#include "chart_priv.h"

#include <string.h>

#include "fixed.h"

/* Column geometry shared by every row of one chart. */
struct cols {
	int rank_right;   /* right edge of the rank numbers */
	int x;            /* names and bars start here */
	int bar_w;
	int value_w;      /* widest value text */
	int band_w;       /* widest band label, 0 without bands */
};

static const char *band_name(const struct mb_chart_ranking *r, int b)
{
	return b >= 0 && (size_t)b < r->nbands ? r->bands[b].name : NULL;
}

/* "từ 90%", or "dưới 70%" for a last band starting at 0. */
static void band_range(mb_buf *b, const struct mb_chart_band *bands, size_t n, size_t i)
{
	if (i + 1 == n && bands[i].min <= 0 && i > 0) {
		mb_buf_puts(b, "dưới ");
		mb_chart_put_threshold(b, bands[i - 1].min);
	} else {
		mb_buf_puts(b, "từ ");
		mb_chart_put_threshold(b, bands[i].min);
	}
}

static int text_w(const struct mb_canvas *c, enum mb_face face, int px, const char *s)
{
	return mb_canvas_text_width(c, face, px * c->scale, s, strlen(s));
}

static struct cols columns(const struct mb_canvas *c, const struct mb_chart_ranking *r,
                           const struct mb_chart_rank_plan *p)
{
	int s = c->scale;
	struct cols k;
	int rank_w = 0;
	mb_buf t;
	mb_buf_init(&t);
	for (size_t i = 0; i < r->nrows; i++) {
		if (i == p->head && p->omitted)
			i += p->omitted;
		mb_buf_reset(&t);
		mb_put_vi(&t, r->rows[i].rank, 0);
		int w = text_w(c, MB_FACE_BOLD, c->d->text, t.data);
		rank_w = w > rank_w ? w : rank_w;
	}
	mb_buf_release(&t);
	k.rank_right = MB_PAD * s + rank_w;
	k.x = k.rank_right + 12 * s;
	k.value_w = text_w(c, MB_FACE_BOLD, c->d->text, "100,00%");
	k.band_w = 0;
	for (size_t b = 0; b < r->nbands; b++) {
		int w = text_w(c, MB_FACE_REGULAR, c->d->small, r->bands[b].name);
		k.band_w = w > k.band_w ? w : k.band_w;
	}
	/* A long band name must not squeeze the bars to nothing. */
	if (k.band_w > c->w / 4)
		k.band_w = c->w / 4;
	k.bar_w = c->w - MB_PAD * s - k.x - (k.band_w ? k.band_w + 12 * s : 0);
	return k;
}

static int row(struct mb_canvas *c, int y, const struct mb_chart_ranking *r, size_t i,
               const struct cols *k)
{
	const struct mb_chart_rank_row *row = &r->rows[i];
	int s = c->scale, right = c->w - MB_PAD * s, px = c->d->text * s;
	int base = y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text);
	mb_buf t;
	mb_buf_init(&t);
	mb_put_vi(&t, row->rank, 0);
	int rw = mb_canvas_text_width(c, MB_FACE_BOLD, px, t.data, t.len);
	mb_canvas_text(c, k->rank_right - rw, base, MB_FACE_BOLD, px, MB_INK_MUTED, t.data, t.len);
	mb_buf_reset(&t);
	mb_chart_put_pct(&t, row->pct2);
	mb_canvas_text_fit(c, right, base, MB_FACE_BOLD, px, MB_INK_TEXT, t.data, k->value_w, true);
	mb_buf_release(&t);
	/* Long names wrap to a second line rather than lose their end. */
	struct mb_canvas_font cf = {c, MB_FACE_REGULAR, px};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span lines[2];
	const char *name = row->name ? row->name : "";
	int n = mb_chart_wrap(&m, name, right - k->value_w - 16 * s - k->x, 2, lines);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text);
	for (int l = 0; l < n; l++)
		mb_canvas_span(c, k->x, base + l * lh, MB_FACE_REGULAR, px, MB_INK_TEXT, name, lines[l]);
	int bar_y = y + (n > 1 ? n : 1) * lh + c->d->line_gap * s;
	mb_chart_bar(c, k->x, bar_y, k->bar_w, c->d->bar_h * s, row->pct2, MB_FULL_PCT2,
	             mb_chart_band_ink(row->band), false);
	/* The band in words beside its colour, centred on the bar. */
	const char *band = band_name(r, row->band);
	if (band) {
		int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
		int bh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small);
		mb_canvas_text_fit(c, right, bar_y + (c->d->bar_h * s - bh) / 2 + asc, MB_FACE_REGULAR,
		                   c->d->small * s, MB_INK_MUTED, band, k->band_w, true);
	}
	return bar_y + c->d->bar_h * s + c->d->row_gap * s;
}

/* Units per band over the whole group, for groups too big to draw. */
static int distribution(struct mb_canvas *c, int y, const struct mb_chart_ranking *r,
                        const struct mb_chart_rank_plan *p)
{
	int s = c->scale, px = c->d->small * s, x0 = MB_PAD * s, right = c->w - MB_PAD * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	int lh = mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small) + 8 * s;
	mb_buf t;
	mb_buf_init(&t);
	mb_buf_puts(&t, "Cả nhóm ");
	mb_put_vi(&t, (int64_t)r->nrows, 0);
	mb_buf_puts(&t, r->nbands ? " đơn vị, theo xếp loại:" : " đơn vị; biểu đồ chỉ vẽ "
	            "các đơn vị đầu và cuối bảng.");
	mb_canvas_text_fit(c, x0, y + asc, MB_FACE_REGULAR, px, MB_INK_TEXT, t.data,
	                   right - x0, false);
	y += lh;
	size_t most = 1;
	for (size_t b = 0; b <= p->nbands; b++)
		most = p->band_count[b] > most ? p->band_count[b] : most;
	/* Label column: the widest "Nhóm A (từ 90%)". */
	int label_w = 0, count_w = 0;
	for (size_t b = 0; b <= p->nbands; b++) {
		mb_buf_reset(&t);
		if (b < p->nbands) {
			mb_buf_printf(&t, "%s (", r->bands[b].name);
			band_range(&t, r->bands, r->nbands, b);
			mb_buf_putc(&t, ')');
		} else {
			mb_buf_puts(&t, "Chưa xếp loại");
		}
		int w = mb_canvas_text_width(c, MB_FACE_REGULAR, px, t.data, t.len);
		label_w = w > label_w ? w : label_w;
		mb_buf_reset(&t);
		mb_put_vi(&t, (int64_t)p->band_count[b], 0);
		w = mb_canvas_text_width(c, MB_FACE_BOLD, px, t.data, t.len);
		count_w = w > count_w ? w : count_w;
	}
	int kw = 26 * s, kh = 18 * s;
	if (label_w > (right - x0) / 2)
		label_w = (right - x0) / 2;
	int bar_x = x0 + kw + 8 * s + label_w + 12 * s;
	int bar_w = right - count_w - 10 * s - bar_x;
	for (size_t b = 0; b <= p->nbands && r->nbands; b++) {
		if (b == p->nbands && !p->band_count[b])
			break;  /* every unit has a band */
		int base = y + asc;
		enum mb_ink ink = b < p->nbands ? mb_chart_band_ink((int)b) : MB_INK_RULE;
		mb_canvas_rect(c, x0, base - kh + 2 * s, kw, kh, ink);
		mb_buf_reset(&t);
		if (b < p->nbands) {
			mb_buf_printf(&t, "%s (", r->bands[b].name);
			band_range(&t, r->bands, r->nbands, b);
			mb_buf_putc(&t, ')');
		} else {
			mb_buf_puts(&t, "Chưa xếp loại");
		}
		mb_canvas_text_fit(c, x0 + kw + 8 * s, base, MB_FACE_REGULAR, px, MB_INK_MUTED,
		                   t.data, label_w, false);
		int bw = mb_chart_scale_px((int64_t)p->band_count[b], (int64_t)most, bar_w);
		mb_canvas_rect(c, bar_x, base - kh + 2 * s, bw, kh, ink);
		mb_buf_reset(&t);
		mb_put_vi(&t, (int64_t)p->band_count[b], 0);
		mb_canvas_text(c, bar_x + bw + 10 * s, base, MB_FACE_BOLD, px, MB_INK_TEXT,
		               t.data, t.len);
		y += lh;
	}
	mb_buf_release(&t);
	return y + 8 * s;
}

static int band_legend(struct mb_canvas *c, int y, const struct mb_chart_ranking *r)
{
	struct mb_chart_key keys[MB_INK_SERIES];
	mb_buf labels[MB_INK_SERIES];
	size_t n = r->nbands < MB_INK_SERIES ? r->nbands : MB_INK_SERIES;
	for (size_t b = 0; b < n; b++) {
		mb_buf_init(&labels[b]);
		mb_buf_printf(&labels[b], "%s: ", r->bands[b].name);
		band_range(&labels[b], r->bands, r->nbands, b);
		keys[b].kind = MB_KEY_BAR;
		keys[b].ink = mb_chart_band_ink((int)b);
		keys[b].label = labels[b].data;
	}
	y = mb_chart_legend(c, y, keys, n);
	for (size_t b = 0; b < n; b++)
		mb_buf_release(&labels[b]);
	return y;
}

/* The line standing for the rows left out between head and tail. */
static int gap_note(struct mb_canvas *c, int y, const struct mb_chart_ranking *r,
                    const struct mb_chart_rank_plan *p)
{
	int s = c->scale, px = c->d->small * s;
	mb_buf t;
	mb_buf_init(&t);
	mb_buf_puts(&t, "… ");
	mb_put_vi(&t, (int64_t)p->omitted, 0);
	mb_buf_puts(&t, " đơn vị khác, hạng ");
	mb_put_vi(&t, r->rows[p->head].rank, 0);
	mb_buf_puts(&t, " đến ");
	mb_put_vi(&t, r->rows[p->head + p->omitted - 1].rank, 0);
	mb_buf_puts(&t, " …");
	int w = mb_canvas_text_width(c, MB_FACE_REGULAR, px, t.data, t.len);
	int x = (c->w - w) / 2;
	if (x < MB_PAD * s)
		x = MB_PAD * s;
	int asc = mb_chart_ascent(c, MB_FACE_REGULAR, c->d->small);
	mb_canvas_rect(c, MB_PAD * s, y + asc / 2, x - 12 * s - MB_PAD * s, s, MB_INK_RULE);
	mb_canvas_text_fit(c, x, y + asc, MB_FACE_REGULAR, px, MB_INK_MUTED, t.data,
	                   c->w - 2 * MB_PAD * s, false);
	int end = x + w + 12 * s;
	mb_canvas_rect(c, end, y + asc / 2, c->w - MB_PAD * s - end, s, MB_INK_RULE);
	mb_buf_release(&t);
	return y + mb_chart_line_h(c, MB_FACE_REGULAR, c->d->small) + c->d->row_gap * s;
}

static int layout(struct mb_canvas *c, const void *arg)
{
	const struct mb_chart_ranking *r = arg;
	int s = c->scale;
	struct mb_chart_rank_plan p;
	mb_chart_rank_plan(r, &p);
	int y = mb_chart_header(c, MB_PAD * s, r->title, r->subtitle);
	if (p.omitted)
		y = distribution(c, y, r, &p);
	else if (r->nbands)
		y = band_legend(c, y, r);
	if (!r->nrows) {
		mb_canvas_text(c, MB_PAD * s, y + mb_chart_ascent(c, MB_FACE_REGULAR, c->d->text),
		               MB_FACE_REGULAR, c->d->text * s, MB_INK_MUTED,
		               "Chưa có số liệu", strlen("Chưa có số liệu"));
		y += mb_chart_line_h(c, MB_FACE_REGULAR, c->d->text);
	} else {
		struct cols k = columns(c, r, &p);
		y = mb_chart_axis(c, y, k.x, k.bar_w);
		for (size_t i = 0; i < p.head; i++)
			y = row(c, y, r, i, &k);
		if (p.omitted)
			y = gap_note(c, y, r, &p);
		for (size_t i = r->nrows - p.tail; i < r->nrows; i++)
			y = row(c, y, r, i, &k);
		y -= c->d->row_gap * s;
	}
	mb_chart_rank_plan_release(&p);
	return y + MB_PAD * s;
}

int mb_chart_ranking(mb_buf *png, const struct mb_chart_fonts *f,
                     const struct mb_chart_ranking *c, enum mb_chart_form form, int scale,
                     mb_buf *err)
{
	return mb_chart_render(png, f, MB_CHART_WIDTH, form, scale, layout, c, err);
}

static void alt_row(mb_buf *alt, const struct mb_chart_ranking *r, size_t i)
{
	const struct mb_chart_rank_row *row = &r->rows[i];
	mb_buf_printf(alt, "%s ", row->name ? row->name : "");
	mb_chart_put_pct(alt, row->pct2);
	mb_buf_puts(alt, " (hạng ");
	mb_put_vi(alt, row->rank, 0);
	const char *band = band_name(r, row->band);
	if (band)
		mb_buf_printf(alt, ", %s", band);
	/* One of several at this rank: say how many share it. */
	size_t n = 0;
	for (size_t k = 0; k < r->nrows; k++)
		n += r->rows[k].rank == row->rank;
	if (n > 1) {
		mb_buf_puts(alt, "; ");
		mb_put_vi(alt, (int64_t)n, 0);
		mb_buf_puts(alt, " đơn vị cùng hạng này");
	}
	mb_buf_putc(alt, ')');
}

void mb_chart_ranking_alt(mb_buf *alt, const struct mb_chart_ranking *c)
{
	mb_buf_puts(alt, "Biểu đồ thanh xếp hạng");
	if (c->title && *c->title)
		mb_buf_printf(alt, " %s", c->title);
	if (c->subtitle && *c->subtitle)
		mb_buf_printf(alt, ", %s", c->subtitle);
	if (!c->nrows) {
		mb_buf_puts(alt, ": chưa có số liệu.");
		return;
	}
	mb_buf_puts(alt, ": ");
	mb_put_vi(alt, (int64_t)c->nrows, 0);
	mb_buf_puts(alt, " đơn vị. Cao nhất: ");
	alt_row(alt, c, 0);
	if (c->nrows > 1) {
		mb_buf_puts(alt, ". Thấp nhất: ");
		alt_row(alt, c, c->nrows - 1);
	}
	mb_buf_putc(alt, '.');
	struct mb_chart_rank_plan p;
	mb_chart_rank_plan(c, &p);
	if (c->nbands) {
		mb_buf_puts(alt, " Theo xếp loại:");
		for (size_t b = 0; b <= p.nbands; b++) {
			if (b == p.nbands && !p.band_count[b])
				break;
			mb_buf_printf(alt, "%s %s ", b ? "," : "",
			              b < p.nbands ? c->bands[b].name : "chưa xếp loại");
			mb_put_vi(alt, (int64_t)p.band_count[b], 0);
			mb_buf_puts(alt, " đơn vị");
		}
		mb_buf_putc(alt, '.');
	}
	if (p.omitted) {
		mb_buf_puts(alt, " Biểu đồ chỉ vẽ ");
		mb_put_vi(alt, (int64_t)p.head, 0);
		mb_buf_puts(alt, " đơn vị đầu và ");
		mb_put_vi(alt, (int64_t)p.tail, 0);
		mb_buf_puts(alt, " đơn vị cuối bảng.");
	}
	mb_chart_rank_plan_release(&p);
}
