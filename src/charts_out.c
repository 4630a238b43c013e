/* charts_out.c - every chart of the site as a job: build its numbers, draw, write, describe. */
#include "charts_out.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "chart.h"
#include "cache.h"
#include "dl.h"
#include "i18n.h"
#include "jobs.h"
#include "page_fmt.h"

enum kind { K_RANK, K_SERVICE, K_SHARE, K_CRIT, K_TREND, K_CHILDREN, K_CHILDREN_SERVICE };

struct job {
	enum kind kind;
	size_t a, b, c; /* (p, i, g), (p, g), (u), (u, i), (u, i), (u, i), (u) */
};

struct run {
	const struct mb_model *m;
	struct mb_out *o;
	struct mb_charts *c;
	struct mb_chart_fonts *fonts;
	struct mb_chart_band **bands;   /* per index */
	struct job *jobs;
	size_t njobs;
	char base_key[MB_HASH_HEX];     /* this program and its fonts: part of every key */
};

static char *caption(const struct mb_model *m, const struct mb_period *pe, const char *published)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "Nguồn: %s. %s", m->site.organisation, pe->label);
	if (published) {
		mb_buf_puts(&b, ", công bố ");
		mb_page_put_date(&b, published);
	}
	mb_buf_putc(&b, '.');
	return b.data;
}

static char *alt_of(void (*fn)(mb_buf *, const void *), const void *chart)
{
	mb_buf b;
	mb_buf_init(&b);
	fn(&b, chart);
	return b.data;
}

/* Reads the size of the PNG just drawn from its IHDR chunk. */
static void png_size(const mb_buf *png, int *w, int *h)
{
	const unsigned char *p = (const unsigned char *)png->data;
	*w = *h = 0;
	if (png->len < 24)
		return;
	*w = (int)((unsigned)p[16] << 24 | (unsigned)p[17] << 16 | (unsigned)p[18] << 8 | p[19]);
	*h = (int)((unsigned)p[20] << 24 | (unsigned)p[21] << 16 | (unsigned)p[22] << 8 | p[23]);
}

/* Writes one PNG; on failure reports it through o (the build exits 3). */
static void emit(struct run *r, const char *rel, int rc, mb_buf *png, mb_buf *err)
{
	if (rc != 0) {
		mb_out_fail(r->o, rel, err->data);
		return;
	}
	mb_out_write(r->o, rel, png->data, png->len);
}

typedef int (*draw_fn)(mb_buf *, const struct mb_chart_fonts *, const void *, enum mb_chart_form,
                       int, mb_buf *);

/* Reads the size of a PNG file from its IHDR chunk. */
static void png_file_size(struct run *r, const char *rel, int *w, int *h)
{
	char *path = mb_strf("%s/%s", r->o->root, rel);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_grow(&b, 24);
	if (fd >= 0) {
		ssize_t n = pread(fd, b.data, 24, 0);
		b.len = n > 0 ? (size_t)n : 0;
		close(fd);
	}
	png_size(&b, w, h);
	mb_buf_release(&b);
	free(path);
}

/* Which images a chart gets (see charts_out.h). */
enum shape {
	S_GROUP,     /* desktop form, and the phone form beside it */
	S_GROUP_2X,  /* the same, with the desktop form at 2x too */
	S_UNIT,      /* the phone form only */
	S_SHARE,     /* one image, no form */
};

/* Draws one image (unless the previous build drew the same one) and
 * returns its path; w and h get its size. */
static char *draw_one(struct run *r, const char *base, const char *suffix, draw_fn fn,
                      const void *chart, enum mb_chart_form form, int scale, mb_buf *inputs,
                      int *w, int *h)
{
	char *rel = mb_strf("%s%s.png", base, suffix);
	size_t mark = inputs->len;
	mb_buf_printf(inputs, "|%s|%d|%d", r->base_key, (int)form, scale);
	char key[MB_HASH_HEX];
	mb_sha256_hex(inputs->data, inputs->len, key);
	inputs->len = mark;
	inputs->data[mark] = '\0';
	if (mb_out_reuse(r->o, rel, key)) {
		png_file_size(r, rel, w, h);
		return rel;
	}
	mb_buf png, err;
	mb_buf_init(&png);
	mb_buf_init(&err);
	emit(r, rel, fn(&png, r->fonts, chart, form, scale, &err), &png, &err);
	png_size(&png, w, h);
	mb_buf_release(&png);
	mb_buf_release(&err);
	return rel;
}

/*
 * Draws a chart in the images its shape asks for, writes them and fills
 * the reference.  `inputs` holds everything the chart is drawn from; when
 * the previous build drew the same file from the same inputs (and the same
 * program and fonts), its PNG is kept instead of drawn again.
 */
static void draw(struct run *r, struct mb_chart_ref *ref, const char *base, draw_fn fn,
                 const void *chart, enum shape shape, mb_buf *inputs)
{
	int w, h;
	enum mb_chart_form main = shape == S_UNIT ? MB_CHART_PHONE : MB_CHART_DESKTOP;
	ref->src = draw_one(r, base, "", fn, chart, main, 1, inputs, &ref->width, &ref->height);
	ref->text_px = mb_chart_text_px(main, 1);
	ref->src_phone = shape == S_UNIT;
	if (shape == S_GROUP_2X)
		ref->src2x = draw_one(r, base, "@2x", fn, chart, main, 2, inputs, &w, &h);
	if (shape == S_GROUP || shape == S_GROUP_2X) {
		ref->phone = draw_one(r, base, ".dien-thoai", fn, chart, MB_CHART_PHONE, 1, inputs,
		                      &ref->phone_width, &ref->phone_height);
		ref->phone_text_px = mb_chart_text_px(MB_CHART_PHONE, 1);
	}
}

/* --- The rows of a chart as CSV (what "Tải số liệu" under it gives) --- */

struct csv {
	mb_buf b;
	int col;
};

static void csv_start(struct csv *c, const char *const *head)
{
	mb_buf_init(&c->b);
	mb_buf_puts(&c->b, "\xEF\xBB\xBF");
	for (size_t i = 0; head[i]; i++) {
		if (i)
			mb_buf_putc(&c->b, ',');
		mb_dl_csv_field(&c->b, head[i]);
	}
	mb_buf_puts(&c->b, "\r\n");
	c->col = 0;
}

static void csv_sep(struct csv *c)
{
	if (c->col++)
		mb_buf_putc(&c->b, ',');
}

static void csv_text(struct csv *c, const char *s)
{
	csv_sep(c);
	if (s)
		mb_dl_csv_field(&c->b, s);
}

/* A number at a scale (mb_put_dec), or an empty field when absent. */
static void csv_num(struct csv *c, bool present, int64_t v, int scale)
{
	csv_sep(c);
	if (present)
		mb_put_dec(&c->b, v, scale);
}

static void csv_end_row(struct csv *c)
{
	mb_buf_puts(&c->b, "\r\n");
	c->col = 0;
}

/* Writes base.csv and names it in the reference. */
static void csv_finish(struct run *r, struct mb_chart_ref *ref, const char *base, struct csv *c)
{
	ref->data = mb_strf("%s.csv", base);
	mb_out_write(r->o, ref->data, c->b.data, c->b.len);
	mb_buf_release(&c->b);
}

/* Appends text to a chart's inputs, with a separator no name contains. */
static void kput(mb_buf *k, const char *s)
{
	mb_buf_puts(k, s ? s : "(null)");
	mb_buf_putc(k, '\x1f');
}

static void kbands(mb_buf *k, const struct mb_chart_band *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kput(k, b[i].name);
		mb_buf_printf(k, "%lld\x1f", (long long)b[i].min);
	}
}

/* Typed adapters, so every chart goes through the same draw() and alt path. */
#define ADAPT(kind, type)                                                              \
	static int draw_##kind(mb_buf *png, const struct mb_chart_fonts *f, const void *c, \
	                       enum mb_chart_form form, int scale, mb_buf *err)             \
	{                                                                              \
		return mb_chart_##kind(png, f, (const struct type *)c, form, scale, err); \
	}                                                                              \
	static void alt_##kind(mb_buf *b, const void *c)                               \
	{                                                                              \
		mb_chart_##kind##_alt(b, (const struct type *)c);                      \
	}
ADAPT(ranking, mb_chart_ranking)
ADAPT(service, mb_chart_service)
ADAPT(criteria, mb_chart_criteria)
ADAPT(trend, mb_chart_trend)

static const char *index_title(const struct mb_index *ix)
{
	return ix->short_name ? ix->short_name : ix->name;
}

/* The rows of a ranking chart (rows of ss, in the chart's order) as CSV.
 * A group's chart has its period in its path; a unit's chart (its
 * communes) names it in a first column "ky", as the unit's other charts. */
static void rank_csv(struct run *r, struct mb_chart_ref *ref, const char *base,
                     const struct mb_index *ix, const struct mb_scoreset *ss, const int *sel,
                     size_t n, const char *period)
{
	const struct mb_model *m = r->m;
	static const char *const head[] = {"ky", "xep_hang", "ma_don_vi", "don_vi", "phan_tram",
		"xep_loai", NULL};
	struct csv c;
	csv_start(&c, period ? head : head + 1);
	for (size_t x = 0; x < n; x++) {
		const struct mb_score *s = &ss->rows[sel[x]];
		if (period)
			csv_text(&c, period);
		csv_num(&c, true, s->rank, 0);
		csv_text(&c, m->units[s->unit].id);
		csv_text(&c, m->units[s->unit].name);
		csv_num(&c, true, s->percent.pct2, 2);
		csv_text(&c, s->band >= 0 ? ix->bands[s->band].name : NULL);
		csv_end_row(&c);
	}
	csv_finish(r, ref, base, &c);
}

static void job_rank(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	const struct mb_period *pe = &m->periods[j->a];
	const struct mb_index *ix = &m->indices[j->b];
	const struct mb_scoreset *ss = pe->scores[j->b];
	size_t g = j->c, n = ss->nranked[g];
	struct mb_chart_rank_row *rows = mb_xcalloc(n, sizeof *rows);
	for (size_t k = 0; k < n; k++) {
		const struct mb_score *s = &ss->rows[ss->ranked[g][k]];
		rows[k] = (struct mb_chart_rank_row){m->units[s->unit].name, s->percent.pct2, s->rank,
			s->band};
	}
	char *title = mb_strf("%s – %s", index_title(ix), pe->label);
	struct mb_chart_ranking ch = {title, m->groups[g].name, rows, n, r->bands[j->b], ix->nbands};
	struct mb_chart_ref *ref = &r->c->ranking[(j->a * m->nindices + j->b) * m->ngroups + g];
	char *base = mb_strf("bieu-do/%s/%s-%s", pe->id, ix->id, m->groups[g].id);
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "ranking");
	kput(&k, ch.title);
	kput(&k, ch.subtitle);
	kbands(&k, ch.bands, ch.nbands);
	for (size_t x = 0; x < n; x++) {
		kput(&k, rows[x].name);
		mb_buf_printf(&k, "%lld %d %d\x1f", (long long)rows[x].pct2, rows[x].rank, rows[x].band);
	}
	draw(r, ref, base, draw_ranking, &ch, (int)j->a == ix->latest ? S_GROUP_2X : S_GROUP, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_ranking, &ch);
	ref->caption = caption(m, pe, ss->published);
	rank_csv(r, ref, base, ix, ss, ss->ranked[g], n, NULL);
	free(base);
	free(title);
	free(rows);
}

/* Rows of a scoreset in the order of its ranked lists: rank, then unit id
 * (model.h, compute.c). */
static int rank_order(const void *a, const void *b, void *arg)
{
	const struct run *r = arg;
	const struct mb_score *x = *(const struct mb_score *const *)a;
	const struct mb_score *y = *(const struct mb_score *const *)b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(r->m->units[x->unit].id, r->m->units[y->unit].id);
}

/* The units under a unit (a district's communes) ranked in their group of
 * the province, drawn as a group's ranking is (mb_children_ranked: which
 * period and group).  Their rows are found from the unit's children and
 * put in the group's order, rather than by walking the group's ranking:
 * that walk visited every commune of the country once per district. */
static void job_children(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	int u = (int)j->a, g;
	int p = mb_children_ranked(m, u, j->b, &g);
	const struct mb_period *pe = &m->periods[p];
	const struct mb_index *ix = &m->indices[j->b];
	const struct mb_scoreset *ss = pe->scores[j->b];
	const struct mb_unit *un = &m->units[u];
	const struct mb_score **mine = mb_xcalloc(un->nchildren + 1, sizeof *mine);
	size_t n = 0;
	for (size_t k = 0; k < un->nchildren; k++) {
		int c = un->children[k];
		const struct mb_score *s = mb_score_of(m, (size_t)p, j->b, c);
		if (s && m->units[c].group == g &&
		    mb_unit_parent_in(m, c, pe->first_day, pe->last_day) == u)
			mine[n++] = s;
	}
	qsort_r(mine, n, sizeof *mine, rank_order, r);
	struct mb_chart_rank_row *rows = mb_xcalloc(n + 1, sizeof *rows);
	int *sel = mb_xcalloc(n + 1, sizeof *sel);
	for (size_t x = 0; x < n; x++) {
		const struct mb_score *s = mine[x];
		sel[x] = (int)(s - ss->rows);
		rows[x] = (struct mb_chart_rank_row){m->units[s->unit].name, s->percent.pct2, s->rank,
			s->band};
	}
	free(mine);
	char *title = mb_strf("%s – %s", index_title(ix), pe->label);
	char *subtitle = mb_strf("%s thuộc %s", m->groups[g].name, m->units[u].name);
	struct mb_chart_ranking ch = {title, subtitle, rows, n, r->bands[j->b], ix->nbands};
	struct mb_chart_ref *ref = &r->c->children[j->a * m->nindices + j->b];
	char *base = mb_strf("bieu-do/don-vi/%s/%s-truc-thuoc", m->units[u].id, ix->id);
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "ranking");
	kput(&k, ch.title);
	kput(&k, ch.subtitle);
	kbands(&k, ch.bands, ch.nbands);
	for (size_t x = 0; x < n; x++) {
		kput(&k, rows[x].name);
		mb_buf_printf(&k, "%lld %d %d\x1f", (long long)rows[x].pct2, rows[x].rank,
		              rows[x].band);
	}
	draw(r, ref, base, draw_ranking, &ch, S_UNIT, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_ranking, &ch);
	ref->caption = caption(m, pe, ss->published);
	rank_csv(r, ref, base, ix, ss, sel, n, pe->id);
	free(sel);
	free(base);
	free(subtitle);
	free(title);
	free(rows);
}

_Static_assert(MB_CHART_RATES == MB_RATE_COUNT, "the service chart shows the five rates");

static struct mb_chart_rate rate(const struct mb_service *sv, int r)
{
	const struct mb_ratio *x = &sv->rate[r];
	return (struct mb_chart_rate){x->valid, x->num, x->den, x->pct2, sv->met[r]};
}

/* The units a service chart shows: their rows in a period, how they did
 * on each rate (compute's tally) and the rates in the order to show them. */
struct service_units {
	size_t p;
	const struct mb_service **sel;  /* units.json order: the chart orders each rate itself */
	size_t n;
	const struct mb_rate_tally *tally;
	const int *order;
};

/* The rows of a service chart as CSV: every unit it counts.  A group's
 * chart has its period in its path; a unit's (its communes) names it in a
 * first column "ky", as the unit's other charts. */
static void service_csv(struct run *r, struct mb_chart_ref *ref, const char *base,
                        const struct service_units *su, bool period_col)
{
	const struct mb_model *m = r->m;
	const char *head[4 + 2 * MB_RATE_COUNT] = {"ky", "ma_don_vi", "don_vi"};
	for (int x = 0; x < MB_RATE_COUNT; x++) {
		head[3 + 2 * x] = mb_rates[x].csv;
		head[4 + 2 * x] = mb_rates[x].met_csv;
	}
	struct csv c;
	csv_start(&c, period_col ? head : head + 1);
	for (size_t x = 0; x < su->n; x++) {
		const struct mb_service *s = su->sel[x];
		if (period_col)
			csv_text(&c, m->periods[su->p].id);
		csv_text(&c, m->units[s->unit].id);
		csv_text(&c, m->units[s->unit].name);
		for (int y = 0; y < MB_RATE_COUNT; y++) {
			const struct mb_ratio *q = &s->rate[y];
			csv_num(&c, q->valid, q->pct2, 2);
			int met = s->met[y];
			csv_text(&c, met == 1 ? "Đạt" : met == 0 ? "Chưa đạt" : NULL);
		}
		csv_end_row(&c);
	}
	csv_finish(r, ref, base, &c);
}

/* Draws the service chart of some units (a group's, or a district's
 * communes), writes its rows and fills ref. */
static void service_chart(struct run *r, struct mb_chart_ref *ref, const char *base,
                          const char *subtitle, const struct service_units *su, enum shape shape,
                          bool period_col)
{
	const struct mb_model *m = r->m;
	const struct mb_period *pe = &m->periods[su->p];
	struct mb_chart_service_row *rows = mb_xcalloc(su->n + 1, sizeof *rows);
	for (size_t x = 0; x < su->n; x++) {
		rows[x].name = m->units[su->sel[x]->unit].name;
		for (int y = 0; y < MB_CHART_RATES; y++)
			rows[x].rate[y] = rate(su->sel[x], su->order[y]);
	}
	char *title = mb_strf("Giải quyết hồ sơ – %s", pe->label);
	struct mb_chart_service ch = {.title = title, .subtitle = subtitle, .rows = rows,
	                              .nrows = su->n};
	for (int x = 0; x < MB_CHART_RATES; x++) {
		int o = su->order[x];
		const struct mb_rate_tally *t = &su->tally[o];
		ch.rates[x] = (struct mb_chart_service_rate){mb_rates[o].name, mb_rates[o].word,
			m->site.targets.rate[o], t->valid, t->met, t->unmet, t->top_n, t->top_pct2};
	}
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "service");
	kput(&k, ch.title);
	kput(&k, ch.subtitle);
	for (int x = 0; x < MB_CHART_RATES; x++) {
		const struct mb_chart_service_rate *t = &ch.rates[x];
		kput(&k, t->name);
		kput(&k, t->word);
		mb_buf_printf(&k, "%lld %d %d %d %d %lld\x1f", (long long)t->target6, t->valid, t->met,
		              t->unmet, t->top_n, (long long)t->top_pct2);
	}
	for (size_t x = 0; x < su->n; x++) {
		kput(&k, rows[x].name);
		for (int y = 0; y < MB_CHART_RATES; y++) {
			const struct mb_chart_rate *t = &rows[x].rate[y];
			mb_buf_printf(&k, "%d %lld %lld %lld %d\x1f", t->valid, (long long)t->num,
			              (long long)t->den, (long long)t->pct2, t->met);
		}
	}
	draw(r, ref, base, draw_service, &ch, shape, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_service, &ch);
	ref->caption = caption(m, pe, pe->services->published);
	service_csv(r, ref, base, su, period_col);
	free(title);
	free(rows);
}

/* The latest quarter's charts are the most seen: they get a 2x image. */
static enum shape service_shape(const struct mb_model *m, size_t p)
{
	return (int)p == m->services_latest ? S_GROUP_2X : S_GROUP;
}

static void job_service(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	const struct mb_serviceset *sv = m->periods[j->a].services;
	size_t g = j->b;
	struct service_units su = {j->a, mb_xcalloc(sv->nrows + 1, sizeof *su.sel), 0, sv->tally[g],
	                           sv->order[g]};
	for (size_t k = 0; k < sv->nrows; k++)
		if ((size_t)m->units[sv->rows[k].unit].group == g)
			su.sel[su.n++] = &sv->rows[k];
	char *base = mb_strf("bieu-do/%s/dich-vu-%s", m->periods[j->a].id, m->groups[g].id);
	service_chart(r, &r->c->service[j->a * m->ngroups + g], base, m->groups[g].name, &su,
	              service_shape(m, j->a), false);
	free(base);
	free(su.sel);
}

/* The units under a unit (a district's communes) with service figures in
 * the latest quarter that has any (compute.c: tally_children), in the
 * order of their table on its page, drawn as a group's service chart is
 * but never at 2x: one per district makes them thousands nationally, five
 * panels tall, and a 2x image has four times the pixels (91 MB and several
 * CPU-seconds); a sharp image is the phone form's, which has two image
 * pixels to the CSS pixel. */
static void job_children_service(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	const struct mb_unit *un = &m->units[j->a];
	size_t p = (size_t)un->children_served;
	struct service_units su = {p, mb_xcalloc(un->nchildren + 1, sizeof *su.sel), 0,
	                           un->children_tally, un->children_order};
	for (size_t k = 0; k < un->nchildren; k++) {
		const struct mb_service *s = mb_service_of(m, p, un->children[k]);
		if (s)
			su.sel[su.n++] = s;
	}
	/* Named by their group, as their ranking chart is, when they share one. */
	int g = su.n ? m->units[su.sel[0]->unit].group : -1;
	for (size_t x = 1; x < su.n; x++)
		if (m->units[su.sel[x]->unit].group != g)
			g = -1;
	char *subtitle = g >= 0 ? mb_strf("%s thuộc %s", m->groups[g].name, un->name)
	                        : mb_strf("Đơn vị trực thuộc %s", un->name);
	char *base = mb_strf("bieu-do/don-vi/%s/dich-vu-truc-thuoc", un->id);
	service_chart(r, &r->c->children_service[j->a], base, subtitle, &su, S_GROUP, true);
	free(base);
	free(subtitle);
	free(su.sel);
}

static const struct mb_score *latest_score(const struct run *r, size_t u, size_t i, int *p)
{
	const struct mb_unit *un = &r->m->units[u];
	*p = un->latest ? un->latest[i] : -1;
	return *p < 0 ? NULL : mb_score_of(r->m, (size_t)*p, i, (int)u);
}

static void job_criteria(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	const struct mb_index *ix = &m->indices[j->b];
	int p;
	const struct mb_score *s = latest_score(r, j->a, j->b, &p);
	const struct mb_period *pe = &m->periods[p];
	const struct mb_scoreset *ss = pe->scores[j->b];
	int g = m->units[j->a].group;
	struct mb_chart_crit_row *rows = mb_xcalloc(ix->ntop + 1, sizeof *rows);
	for (size_t t = 0; t < ix->ntop; t++) {
		const struct mb_criterion *cr = &ix->crit[ix->top[t]];
		const struct mb_val *v = &s->crit[ix->top[t]];
		const struct mb_mean *avg = &ss->means[g].crit[t];
		bool set = v->state == MB_VAL_SET;
		rows[t] = (struct mb_chart_crit_row){cr->name, set, v->v, cr->max, s->share[t].pct2,
			avg->n > 0, avg->r4, set && avg->n > 0 ? mb_mean_cmp(avg, v->v, MB_FX_ONE) : 0};
	}
	const char *area = mb_index_level(ix, 0);
	char *title = mb_strf("Điểm theo %s – %s", area, pe->label);
	char *avg = mb_strf("Trung bình %s", m->groups[g].name);
	struct mb_chart_criteria ch = {title, m->units[j->a].name, avg, rows, ix->ntop, area};
	struct mb_chart_ref *ref = &r->c->criteria[j->a * m->nindices + j->b];
	char *base = mb_strf("bieu-do/don-vi/%s/%s-tieu-chi", m->units[j->a].id, ix->id);
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "criteria");
	kput(&k, ch.title);
	kput(&k, ch.unit);
	kput(&k, ch.avg_label);
	kput(&k, ch.area);
	for (size_t x = 0; x < ix->ntop; x++) {
		kput(&k, rows[x].name);
		mb_buf_printf(&k, "%d %lld %lld %lld %d %lld %d\x1f", rows[x].applies,
		              (long long)rows[x].value, (long long)rows[x].max, (long long)rows[x].share2,
		              rows[x].has_avg, (long long)rows[x].avg, rows[x].vs_avg);
	}
	draw(r, ref, base, draw_criteria, &ch, S_UNIT, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_criteria, &ch);
	ref->caption = caption(m, pe, ss->published);
	static const char *const head[] = {"ky", "ma_tieu_chi", "tieu_chi", "diem", "diem_toi_da",
		"phan_tram", "trung_binh_nhom", NULL};
	struct csv c;
	csv_start(&c, head);
	for (size_t t = 0; t < ix->ntop; t++) {
		const struct mb_criterion *cr = &ix->crit[ix->top[t]];
		const struct mb_mean *mn = &ss->means[g].crit[t];
		csv_text(&c, pe->id);
		csv_text(&c, cr->id);
		csv_text(&c, cr->name);
		csv_num(&c, rows[t].applies, rows[t].value, 4);
		csv_num(&c, true, cr->max, 4);
		csv_num(&c, rows[t].applies, s->share[t].pct2, 2);
		csv_num(&c, mn->n > 0, mn->r2, 2);
		csv_end_row(&c);
	}
	csv_finish(r, ref, base, &c);
	free(base);
	free(avg);
	free(title);
	free(rows);
}

static void job_trend(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	const struct mb_index *ix = &m->indices[j->b];
	int g = m->units[j->a].group;
	struct mb_chart_trend_row *rows = mb_xcalloc(m->nperiods + 1, sizeof *rows);
	size_t *row_period = mb_xcalloc(m->nperiods + 1, sizeof *row_period);
	size_t n = 0;
	int last = -1;
	const struct mb_unit *un = &m->units[j->a];
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_scoreset *ss = m->periods[p].scores[j->b];
		/* Only the periods the unit lived in: a former unit has no
		 * "no data" bar for the periods after it ended. */
		if (!ss || !mb_unit_exists(un, m->periods[p].first_day, m->periods[p].last_day))
			continue;
		row_period[n] = p;
		struct mb_chart_trend_row *row = &rows[n++];
		row->label = m->periods[p].label;
		row->band = -1;
		const struct mb_score *s = mb_score_of(m, p, j->b, (int)j->a);
		if (s) {
			*row = (struct mb_chart_trend_row){m->periods[p].label, true, s->percent.pct2, s->rank,
				(int)ss->nranked[g], s->band};
			last = (int)p;
		}
	}
	char *title = mb_strf("Kết quả qua các kỳ – %s", index_title(ix));
	struct mb_chart_trend ch = {title, m->units[j->a].name, rows, n, r->bands[j->b], ix->nbands};
	struct mb_chart_ref *ref = &r->c->trend[j->a * m->nindices + j->b];
	char *base = mb_strf("bieu-do/don-vi/%s/%s-xu-huong", m->units[j->a].id, ix->id);
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "trend");
	kput(&k, ch.title);
	kput(&k, ch.unit);
	kbands(&k, ch.bands, ch.nbands);
	for (size_t x = 0; x < n; x++) {
		kput(&k, rows[x].label);
		mb_buf_printf(&k, "%d %lld %d %d %d\x1f", rows[x].ranked, (long long)rows[x].pct2,
		              rows[x].rank, rows[x].of, rows[x].band);
	}
	draw(r, ref, base, draw_trend, &ch, S_UNIT, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_trend, &ch);
	static const char *const head[] = {"ky", "ten_ky", "phan_tram", "xep_hang", "so_don_vi_xep_hang",
		"xep_loai", NULL};
	struct csv c;
	csv_start(&c, head);
	for (size_t x = 0; x < n; x++) {
		const struct mb_chart_trend_row *row = &rows[x];
		csv_text(&c, m->periods[row_period[x]].id);
		csv_text(&c, row->label);
		csv_num(&c, row->ranked, row->pct2, 2);
		csv_num(&c, row->ranked, row->rank, 0);
		csv_num(&c, row->ranked, row->of, 0);
		csv_text(&c, row->ranked && row->band >= 0 ? ix->bands[row->band].name : NULL);
		csv_end_row(&c);
	}
	csv_finish(r, ref, base, &c);
	ref->caption = caption(m, &m->periods[last], m->periods[last].scores[j->b]->published);
	free(base);
	free(title);
	free(rows);
	free(row_period);
}

/* The share image shows the unit's latest result: the index that ranked
 * it last (the first in model order on a tie), as its page leads with it;
 * never an index for its name. */
static int share_index(const struct run *r, size_t u)
{
	const struct mb_unit *un = &r->m->units[u];
	int best = -1;
	for (size_t i = 0; un->latest && i < r->m->nindices; i++)
		if (un->latest[i] >= 0 && (best < 0 || un->latest[i] > un->latest[best]))
			best = (int)i;
	return best;
}

static int share_draw(mb_buf *png, const struct mb_chart_fonts *f, const void *c,
                      enum mb_chart_form form, int scale, mb_buf *err)
{
	(void)form;
	(void)scale;
	return mb_chart_share(png, f, c, err);
}

static void alt_share(mb_buf *b, const void *c)
{
	mb_chart_share_alt(b, c);
}

static void job_share(struct run *r, const struct job *j)
{
	const struct mb_model *m = r->m;
	size_t u = j->a;
	int i = share_index(r, u), p;
	const struct mb_score *s = latest_score(r, u, (size_t)i, &p);
	const struct mb_index *ix = &m->indices[i];
	const struct mb_period *pe = &m->periods[p];
	int g = m->units[u].group;
	struct mb_chart_share ch = {
		.site = m->site.title, .organisation = m->site.organisation, .unit = m->units[u].name,
		.index = ix->name, .period = pe->label, .group = m->groups[g].name,
		.pct2 = s->percent.pct2, .band = s->band >= 0 ? ix->bands[s->band].name : NULL,
		.band_index = s->band, .rank = s->rank, .of = (int)pe->scores[i]->nranked[g],
		.has_change = s->prev_rank > 0, .change = s->rank_change,
		.notice = m->site.sample ? "Dữ liệu minh họa" : NULL,
	};
	mb_buf day;
	mb_buf_init(&day);
	if (s->reorganised) {
		mb_page_put_day(&day, s->reorganised_on);
		ch.reorganised = day.data;
	}
	struct mb_chart_ref *ref = &r->c->share[u];
	char *base = mb_strf("bieu-do/don-vi/%s/chia-se", m->units[u].id);
	mb_buf k;
	mb_buf_init(&k);
	kput(&k, "share");
	const char *texts[] = {ch.site, ch.organisation, ch.unit, ch.index, ch.period, ch.group, ch.band,
		ch.notice, ch.reorganised};
	for (size_t x = 0; x < sizeof texts / sizeof *texts; x++)
		kput(&k, texts[x]);
	mb_buf_printf(&k, "%lld %d %d %d %d %d\x1f", (long long)ch.pct2, ch.band_index, ch.rank,
	              ch.of, ch.has_change, ch.change);
	draw(r, ref, base, share_draw, &ch, S_SHARE, &k);
	mb_buf_release(&k);
	ref->alt = alt_of(alt_share, &ch);
	ref->caption = caption(m, pe, pe->scores[i]->published);
	free(base);
	mb_buf_release(&day);
}

static void run_job(void *ctx, size_t k, int worker)
{
	(void)worker;
	struct run *r = ctx;
	const struct job *j = &r->jobs[k];
	switch (j->kind) {
	case K_RANK: job_rank(r, j); break;
	case K_SERVICE: job_service(r, j); break;
	case K_SHARE: job_share(r, j); break;
	case K_CRIT: job_criteria(r, j); break;
	case K_TREND: job_trend(r, j); break;
	case K_CHILDREN: job_children(r, j); break;
	case K_CHILDREN_SERVICE: job_children_service(r, j); break;
	}
}

static void add(struct run *r, size_t *cap, enum kind k, size_t a, size_t b, size_t c)
{
	struct job j = {k, a, b, c};
	MB_PUSH(r->jobs, r->njobs, *cap, j);
}

static void plan(struct run *r)
{
	const struct mb_model *m = r->m;
	size_t cap = 0;
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_period *pe = &m->periods[p];
		for (size_t i = 0; i < m->nindices; i++) {
			const struct mb_scoreset *ss = pe->scores[i];
			for (size_t g = 0; ss && g < m->ngroups; g++)
				if (ss->nranked[g])
					add(r, &cap, K_RANK, p, i, g);
		}
		if (!pe->services)
			continue;
		unsigned char *has = mb_xcalloc(m->ngroups, 1);
		for (size_t k = 0; k < pe->services->nrows; k++)
			has[m->units[pe->services->rows[k].unit].group] = 1;
		for (size_t g = 0; g < m->ngroups; g++)
			if (has[g])
				add(r, &cap, K_SERVICE, p, g, 0);
		free(has);
	}
	for (size_t u = 0; u < m->nunits; u++) {
		if (share_index(r, u) >= 0)
			add(r, &cap, K_SHARE, u, 0, 0);
		for (size_t i = 0; i < m->nindices; i++) {
			int p;
			const struct mb_score *s = latest_score(r, u, i, &p);
			if (!s)
				continue;
			/* A score given as a total alone has no criteria to draw. */
			bool any = false;
			for (size_t k = 0; k < m->indices[i].ntop && !any; k++)
				any = s->crit[m->indices[i].top[k]].state == MB_VAL_SET;
			if (any)
				add(r, &cap, K_CRIT, u, i, 0);
			add(r, &cap, K_TREND, u, i, 0);
		}
		for (size_t i = 0; m->units[u].nchildren && i < m->nindices; i++) {
			int g;
			if (mb_children_ranked(m, (int)u, i, &g) >= 0)
				add(r, &cap, K_CHILDREN, u, i, 0);
		}
		if (m->units[u].nchildren && m->units[u].children_served >= 0)
			add(r, &cap, K_CHILDREN_SERVICE, u, 0, 0);
	}
	r->bands = mb_xcalloc(m->nindices + 1, sizeof *r->bands);
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_index *ix = &m->indices[i];
		r->bands[i] = mb_xcalloc(ix->nbands + 1, sizeof **r->bands);
		for (size_t b = 0; b < ix->nbands; b++)
			r->bands[i][b] = (struct mb_chart_band){ix->bands[b].name, ix->bands[b].min};
	}
}

/* Every array of chart references with its length: what counting and
 * freeing walk, listed once. */
#define NREF_ARRAYS 7
struct ref_array {
	struct mb_chart_ref *v;
	size_t n;
};

static void ref_arrays(const struct mb_charts *c, struct ref_array a[NREF_ARRAYS])
{
	size_t ui = c->nunits * c->nindices;
	a[0] = (struct ref_array){c->ranking, c->nperiods * c->nindices * c->ngroups};
	a[1] = (struct ref_array){c->service, c->nperiods * c->ngroups};
	a[2] = (struct ref_array){c->criteria, ui};
	a[3] = (struct ref_array){c->trend, ui};
	a[4] = (struct ref_array){c->share, c->nunits};
	a[5] = (struct ref_array){c->children, ui};
	a[6] = (struct ref_array){c->children_service, c->nunits};
}

static size_t count_pngs(const struct mb_charts *c);

/* The program and its fonts are part of every chart's key: a new version or
 * a new font draws differently from the same numbers. */
static void base_key(struct run *r)
{
	mb_buf k;
	mb_buf_init(&k);
	const char *files[] = {"/proc/self/exe", r->m->site.font ? r->m->site.font : MB_CHART_FONT_REGULAR,
		MB_CHART_FONT_BOLD};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		struct stat st;
		if (stat(files[i], &st) == 0)
			mb_buf_printf(&k, "%s %lld %lld.%09ld|", files[i], (long long)st.st_size,
			              (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	}
	mb_sha256_hex(k.data, k.len, r->base_key);
	mb_buf_release(&k);
}

int mb_charts_check_font(const struct mb_model *m, struct mb_diags *d)
{
	if (!m->site.font)
		return 0;
	mb_buf err;
	mb_buf_init(&err);
	struct mb_chart_fonts *f = mb_chart_fonts_new(m->site.font, NULL, &err);
	int rc = 0;
	if (!f) {
		char *file = mb_strf("%s/site.json", m->dir);
		mb_diag(d, MB_ERROR, file, "/font", _("%s: name a TrueType or OpenType font with "
		        "every Vietnamese letter, or leave \"font\" out for DejaVu Sans"), err.data);
		free(file);
		rc = 1;
	}
	mb_chart_fonts_free(f);
	mb_buf_release(&err);
	return rc;
}

int mb_render_charts(const struct mb_model *m, struct mb_out *o, struct mb_charts *c)
{
	memset(c, 0, sizeof *c);
	c->nperiods = m->nperiods;
	c->nindices = m->nindices;
	c->ngroups = m->ngroups;
	c->nunits = m->nunits;
	c->ranking = mb_xcalloc(m->nperiods * m->nindices * m->ngroups + 1, sizeof *c->ranking);
	c->service = mb_xcalloc(m->nperiods * m->ngroups + 1, sizeof *c->service);
	c->criteria = mb_xcalloc(m->nunits * m->nindices + 1, sizeof *c->criteria);
	c->trend = mb_xcalloc(m->nunits * m->nindices + 1, sizeof *c->trend);
	c->share = mb_xcalloc(m->nunits + 1, sizeof *c->share);
	c->children = mb_xcalloc(m->nunits * m->nindices + 1, sizeof *c->children);
	c->children_service = mb_xcalloc(m->nunits + 1, sizeof *c->children_service);
	mb_buf err;
	mb_buf_init(&err);
	struct run r = {.m = m, .o = o, .c = c};
	r.fonts = mb_chart_fonts_new(m->site.font, NULL, &err);
	if (!r.fonts) {
		/* A font named in site.json was checked with the data
		 * (mb_charts_check_font); what fails here is the system's. */
		fprintf(stderr, m->site.font ? _("minhbach: %s\n")
		                             : _("minhbach: %s (install Debian's fonts-dejavu-core, or "
		                                 "name a font in site.json)\n"), err.data);
		mb_buf_release(&err);
		return -1;
	}
	mb_buf_release(&err);
	base_key(&r);
	plan(&r);
	mb_par_for(mb_jobs_threads(), r.njobs, run_job, &r);
	c->drawn = count_pngs(c);
	mb_chart_fonts_free(r.fonts);
	for (size_t i = 0; i < m->nindices; i++)
		free(r.bands[i]);
	free(r.bands);
	free(r.jobs);
	return o->failed ? -1 : 0;
}

static size_t count_pngs(const struct mb_charts *c)
{
	struct ref_array a[NREF_ARRAYS];
	ref_arrays(c, a);
	size_t total = 0;
	for (size_t k = 0; k < NREF_ARRAYS; k++)
		for (size_t x = 0; x < a[k].n; x++)
			total += (a[k].v[x].src != NULL) + (a[k].v[x].src2x != NULL) +
			         (a[k].v[x].phone != NULL);
	return total;
}

static void ref_release(struct mb_chart_ref *r)
{
	free(r->src);
	free(r->src2x);
	free(r->phone);
	free(r->data);
	free(r->alt);
	free(r->caption);
}

void mb_charts_release(struct mb_charts *c)
{
	struct ref_array a[NREF_ARRAYS];
	ref_arrays(c, a);
	for (size_t k = 0; k < NREF_ARRAYS; k++) {
		for (size_t x = 0; a[k].v && x < a[k].n; x++)
			ref_release(&a[k].v[x]);
		free(a[k].v);
	}
	memset(c, 0, sizeof *c);
}

static const struct mb_chart_ref *some(const struct mb_chart_ref *r)
{
	return r && r->src ? r : NULL;
}

const struct mb_chart_ref *mb_charts_ranking(const struct mb_charts *c, size_t p, size_t i, size_t g)
{
	return c->ranking ? some(&c->ranking[(p * c->nindices + i) * c->ngroups + g]) : NULL;
}

const struct mb_chart_ref *mb_charts_service(const struct mb_charts *c, size_t p, size_t g)
{
	return c->service ? some(&c->service[p * c->ngroups + g]) : NULL;
}

const struct mb_chart_ref *mb_charts_criteria(const struct mb_charts *c, size_t u, size_t i)
{
	return c->criteria ? some(&c->criteria[u * c->nindices + i]) : NULL;
}

const struct mb_chart_ref *mb_charts_trend(const struct mb_charts *c, size_t u, size_t i)
{
	return c->trend ? some(&c->trend[u * c->nindices + i]) : NULL;
}

const struct mb_chart_ref *mb_charts_share(const struct mb_charts *c, size_t u)
{
	return c->share ? some(&c->share[u]) : NULL;
}

const struct mb_chart_ref *mb_charts_children(const struct mb_charts *c, size_t u, size_t i)
{
	return c->children ? some(&c->children[u * c->nindices + i]) : NULL;
}

const struct mb_chart_ref *mb_charts_children_service(const struct mb_charts *c, size_t u)
{
	return c->children_service ? some(&c->children_service[u]) : NULL;
}
