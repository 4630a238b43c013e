/* page_period.c - the list of periods and one period's full rankings and service table. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "highlights.h"
#include "page_ctx.h"
#include "page_fmt.h"

/* A criterion value of a score as {text, sort, rank, of, na}. */
static void crit_cell(struct mb_page_job *J, cJSON *arr, const struct mb_score *s,
                      const struct mb_index *ix, size_t t, const struct mb_mean *of, bool known)
{
	int c = ix->top[t];
	const struct mb_val *v = s->crit && known ? &s->crit[c] : NULL;
	cJSON *o = mb_ctx_obj(arr, NULL);
	if (v && v->state == MB_VAL_SET) {
		mb_ctx_points(J, o, "text", v->v);
		mb_put_dec(&J->tmp, v->v, 4);
		mb_ctx_tmp(o, "sort", &J->tmp);
		if (s->crit_rank && s->crit_rank[t] > 0) {
			mb_ctx_count(o, "rank", s->crit_rank[t]);
			if (of)
				mb_ctx_count(o, "of", of[t].n);
		} else {
			mb_ctx_bool(o, "rank", false);
		}
		mb_ctx_bool(o, "na", false);
	} else {
		mb_ctx_ref(o, "text", v && v->state == MB_VAL_NA ? MB_PAGE_NOT_APPLICABLE
		                                                 : MB_PAGE_NO_DATA);
		mb_ctx_ref(o, "sort", "");
		mb_ctx_bool(o, "rank", false);
		mb_ctx_bool(o, "na", true);
	}
}

/* The group's mean percentage and mean of each top-level criterion (among
 * the units it applies to), as computed by the model. */
static void group_average(struct mb_page_job *J, cJSON *go, const struct mb_index *ix,
                          const struct mb_scoreset *ss, size_t g)
{
	cJSON *avg = mb_ctx_obj(go, "average");
	const struct mb_group_means *gm = ss->means ? &ss->means[g] : NULL;
	if (gm && gm->percent.n > 0) {
		mb_page_put_pct2(&J->tmp, gm->percent.r2);
		mb_ctx_tmp(avg, "percent", &J->tmp);
	}
	cJSON *cells = mb_ctx_arr(avg, "criteria");
	for (size_t t = 0; t < ix->ntop; t++) {
		cJSON *c = mb_ctx_obj(cells, NULL);
		if (gm && gm->crit[t].n > 0) {
			/* Means are shown to 2 decimals: their 4th is noise. */
			mb_put_vi_trim(&J->tmp, gm->crit[t].r2, 2);
			mb_ctx_tmp(c, "text", &J->tmp);
		} else {
			mb_ctx_ref(c, "text", MB_PAGE_NO_DATA);
			mb_ctx_bool(c, "na", true);
		}
	}
}

/*
 * Rows of a group's table, split by the unit each belongs to in the period
 * (a commune's district, while the district exists: mb_unit_parent_in):
 * parents in the order units.json lists them, rows without a parent last
 * ("Trực thuộc tỉnh"), each part keeping the rows' own order.  A group none
 * of whose rows has a parent is one part without a name.  Each part is {id,
 * key, name, href, count, rows}; add_row() adds the row of units[k] to
 * "rows".  Readers without a script see one table with a heading row per
 * district; site.js adds a filter by district.
 */
struct parts {
	const struct mb_model *m;
	const struct mb_period *pe;
	const int *units; /* the rows' units, in table order */
	size_t n;
};

/* The parent's place in units.json; units without one after all others. */
static size_t parent_key(const struct parts *pt, int unit)
{
	int par = mb_unit_parent_in(pt->m, unit, pt->pe->first_day, pt->pe->last_day);
	return par >= 0 ? (size_t)par : pt->m->nunits;
}

static int cmp_part(const void *a, const void *b, void *arg)
{
	const struct parts *pt = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t kx = parent_key(pt, pt->units[x]), ky = parent_key(pt, pt->units[y]);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	return (x > y) - (x < y);
}

static void split_parts(struct mb_page_job *J, cJSON *go, const char *anchor,
                        const struct parts *pt,
                        void (*add_row)(struct mb_page_job *, cJSON *, size_t, void *), void *arg)
{
	const struct mb_model *m = pt->m;
	bool grouped = false;
	for (size_t k = 0; k < pt->n && !grouped; k++)
		grouped = parent_key(pt, pt->units[k]) < m->nunits;
	mb_ctx_bool(go, "grouped", grouped);
	cJSON *arr = mb_ctx_arr(go, "parts");
	if (!grouped) {
		/* false, not missing: the group has an id and a name too. */
		cJSON *po = mb_ctx_obj(arr, NULL);
		mb_ctx_bool(po, "id", false);
		mb_ctx_bool(po, "name", false);
		cJSON *rows = mb_ctx_arr(po, "rows");
		for (size_t k = 0; k < pt->n; k++)
			add_row(J, rows, k, arg);
		return;
	}
	size_t *order = mb_xcalloc(pt->n + 1, sizeof *order);
	for (size_t k = 0; k < pt->n; k++)
		order[k] = k;
	qsort_r(order, pt->n, sizeof *order, cmp_part, (void *)pt);
	for (size_t a = 0, b; a < pt->n; a = b) {
		size_t key = parent_key(pt, pt->units[order[a]]);
		for (b = a + 1; b < pt->n && parent_key(pt, pt->units[order[b]]) == key;)
			b++;
		cJSON *po = mb_ctx_obj(arr, NULL);
		if (key < m->nunits) {
			const struct mb_unit *par = &m->units[key];
			mb_buf_printf(&J->tmp, "%s_%s", anchor, par->id);
			mb_ctx_tmp(po, "id", &J->tmp);
			mb_ctx_ref(po, "key", par->id);
			mb_ctx_ref(po, "name", par->name);
			mb_ctx_href(J, po, "href", "don-vi/%s/index.html", par->id);
		} else {
			mb_buf_printf(&J->tmp, "%s_tinh", anchor);
			mb_ctx_tmp(po, "id", &J->tmp);
			mb_ctx_ref(po, "key", "_tinh");
			mb_ctx_ref(po, "name", "Trực thuộc tỉnh");
		}
		cJSON *rows = mb_ctx_arr(po, "rows");
		for (size_t k = a; k < b; k++)
			add_row(J, rows, order[k], arg);
		mb_ctx_count(po, "count", (int64_t)(b - a));
	}
	free(order);
}

struct rank_rows {
	const struct mb_index *ix;
	const struct mb_scoreset *ss;
	const int *rows;            /* score rows, in rank order */
	const struct mb_mean *of;
};

static void rank_row(struct mb_page_job *J, cJSON *rows, size_t k, void *arg)
{
	const struct rank_rows *rr = arg;
	const struct mb_score *s = &rr->ss->rows[rr->rows[k]];
	cJSON *row = mb_ctx_rank_row(J, rows, rr->ix, rr->ss, s);
	bool known = mb_page_score_has_criteria(rr->ix, s);
	/* A score given as a total alone has no criteria: one cell says so. */
	mb_ctx_bool(row, "total_only", !known && rr->ix->ntop > 0);
	cJSON *cells = mb_ctx_arr(row, "criteria");
	for (size_t t = 0; known && t < rr->ix->ntop; t++)
		crit_cell(J, cells, s, rr->ix, t, rr->of, known);
}

static void ranking(struct mb_page_job *J, cJSON *arr, size_t p, size_t i)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	const struct mb_scoreset *ss = m->periods[p].scores[i];
	cJSON *io = mb_ctx_obj(arr, NULL);
	mb_ctx_ref(io, "id", ix->id);
	mb_ctx_ref(io, "name", ix->name);
	mb_ctx_ref(io, "short_name", ix->short_name);
	mb_ctx_points(J, io, "max", ix->max);
	mb_ctx_href(J, io, "href", "chi-so/%s/index.html", ix->id);
	mb_ctx_date(J, io, "published", ss->published);
	mb_ctx_bool(io, "has_bands", ix->nbands > 0);
	mb_ctx_bool(io, "has_criteria", ix->ntop > 0);
	mb_ctx_share(io, "words", P->words[i]);
	mb_ctx_int(io, "ntop", (int64_t)ix->ntop);
	/* The criteria table: the unit's column, then one per criterion. */
	mb_ctx_int(io, "ncols_criteria", (int64_t)ix->ntop + 1);
	cJSON *heads = mb_ctx_arr(io, "criteria");
	for (size_t t = 0; t < ix->ntop; t++) {
		const struct mb_criterion *cr = &ix->crit[ix->top[t]];
		cJSON *h = mb_ctx_obj(heads, NULL);
		mb_ctx_ref(h, "id", cr->id);
		mb_ctx_ref(h, "name", cr->name);
		mb_ctx_points(J, h, "max", cr->max);
		mb_ctx_int(h, "n", (int64_t)t + 1);
	}
	cJSON *groups = mb_ctx_arr(io, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		size_t n = ss->nranked[g];
		if (!n)
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "id", m->groups[g].id);
		mb_ctx_ref(go, "name", m->groups[g].name);
		mb_buf_printf(&J->tmp, "%s-%s", ix->id, m->groups[g].id);
		mb_ctx_tmp(go, "anchor", &J->tmp);
		mb_ctx_count(go, "count", (int64_t)n);
		if (J->P->charts)
			mb_ctx_chart(J, go, "chart", mb_charts_ranking(J->P->charts, p, i, g));
		group_average(J, go, ix, ss, g);
		mb_ctx_int(go, "ncols", 5 + (ix->nbands > 0));
		int *units = mb_xcalloc(n + 1, sizeof *units);
		for (size_t k = 0; k < n; k++)
			units[k] = ss->rows[ss->ranked[g][k]].unit;
		struct mb_page_reorg ro = {0};
		for (size_t k = 0; k < n; k++)
			mb_page_reorg_add(&ro, &ss->rows[ss->ranked[g][k]]);
		mb_ctx_reorg(J, go, "reorganised", &ro);
		struct rank_rows rr = {ix, ss, ss->ranked[g], ss->means ? ss->means[g].crit : NULL};
		struct parts pt = {m, &m->periods[p], units, n};
		mb_buf_printf(&J->tmp, "%s-%s", ix->id, m->groups[g].id);
		char *anchor = mb_buf_detach(&J->tmp, NULL);
		split_parts(J, go, anchor, &pt, rank_row, &rr);
		free(anchor);
		free(units);
	}
}

static void service_row(struct mb_page_job *J, cJSON *rows, size_t k, void *arg)
{
	const struct mb_service *const *sv = arg;
	cJSON *row = mb_ctx_obj(rows, NULL);
	mb_ctx_unit_link(J, row, "unit", sv[k]->unit);
	mb_ctx_service(J, row, sv[k]);
}

static void service_table(struct mb_page_job *J, cJSON *ctx, size_t p)
{
	const struct mb_model *m = J->P->m;
	const struct mb_serviceset *set = m->periods[p].services;
	cJSON *so = mb_ctx_obj(ctx, "services");
	mb_ctx_share(so, "rate_heads", J->P->rate_heads);
	mb_ctx_date(J, so, "published", set->published);
	mb_ctx_service(J, mb_ctx_obj(so, "total"), &set->total);
	mb_ctx_compared(J, so, set);
	cJSON *groups = mb_ctx_arr(so, "groups");
	/* One table per group, rows in file order within it.  Rows are not
	 * assumed to be grouped already: a units.json that lists each district
	 * before its communes interleaves the groups. */
	int *units = mb_xcalloc(set->nrows + 1, sizeof *units);
	const struct mb_service **rows = mb_xcalloc(set->nrows + 1, sizeof *rows);
	for (size_t g = 0; g < m->ngroups; g++) {
		size_t n = 0;
		for (size_t r = 0; r < set->nrows; r++) {
			const struct mb_service *sv = &set->rows[r];
			if (sv->unit < 0 || (size_t)m->units[sv->unit].group != g)
				continue;
			units[n] = sv->unit;
			rows[n++] = sv;
		}
		if (!n)
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "id", m->groups[g].id);
		mb_ctx_ref(go, "name", m->groups[g].name);
		mb_buf_printf(&J->tmp, "dich-vu-%s", m->groups[g].id);
		char *anchor = mb_buf_detach(&J->tmp, NULL);
		mb_ctx_str(go, "anchor", anchor);
		mb_ctx_service(J, mb_ctx_obj(go, "total"), &set->group_total[g]);
		/* Its total is not compared across a reorganisation of the group
		 * (compare.c): the note says why the total row has no change. */
		const struct mb_change *prev = &set->group_total[g].change[MB_VS_PREVIOUS][0];
		const struct mb_change *year = &set->group_total[g].change[MB_VS_YEAR_AGO][0];
		const struct mb_change *why = prev->reorganised ? prev : year;
		struct mb_page_reorg ro = {why->reorganised, why->reorganised_on};
		mb_ctx_reorg(J, go, "reorganised", &ro);
		if (ro.any)
			mb_ctx_ref(go, "reorganised_vs",
			           prev->reorganised ? "kỳ trước" : "cùng kỳ năm trước");
		if (J->P->charts)
			mb_ctx_chart(J, go, "chart", mb_charts_service(J->P->charts, p, g));
		mb_ctx_count(go, "count", (int64_t)n);
		mb_ctx_int(go, "ncols", 1 + 5 + MB_RATE_COUNT);
		struct parts pt = {m, &m->periods[p], units, n};
		split_parts(J, go, anchor, &pt, service_row, rows);
		free(anchor);
	}
	free(rows);
	free(units);
}

static void downloads_of(struct mb_page_job *J, cJSON *ctx, const char *period)
{
	const struct mb_downloads *dl = J->P->dl;
	cJSON *arr = mb_ctx_arr(ctx, "downloads");
	size_t n = 0;
	for (size_t k = 0; dl && k < dl->n; k++) {
		const struct mb_download *d = &dl->v[k];
		if (!d->period || strcmp(d->period, period) != 0)
			continue;
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_href(J, o, "href", "%s", d->rel);
		mb_ctx_ref(o, "format", d->format);
		mb_ctx_ref(o, "title", d->title);
		mb_page_put_size(&J->tmp, d->size);
		mb_ctx_tmp(o, "size", &J->tmp);
		n++;
	}
	mb_ctx_bool(ctx, "has_downloads", n > 0);
}

/* What every page has, as a period page has it (its path in J->rel, title,
 * description), with the period's downloads as the page lists them. */
static cJSON *frame(struct mb_page_job *J, size_t p)
{
	const struct mb_model *m = J->P->m;
	const struct mb_period *pe = &m->periods[p];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "ky/%s/index.html", pe->id);
	mb_buf_reset(&J->tmp);
	mb_page_put_lower_first(&J->tmp, pe->label);
	mb_buf_reset(&J->title);
	mb_buf_printf(&J->title, "Kết quả %s", J->tmp.data);
	mb_buf_reset(&J->desc);
	mb_buf_printf(&J->desc,
	              "Bảng xếp hạng và số liệu giải quyết thủ tục hành chính %s của các cơ quan, "
	              "đơn vị thuộc %s.",
	              J->tmp.data, m->site.organisation);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PERIODS, J->title.data, J->desc.data);
	downloads_of(J, ctx, pe->id);
	mb_ctx_href(J, ctx, "downloads_href", "tai-ve/index.html");
	return ctx;
}

cJSON *mb_page_period_key_ctx(struct mb_page_job *J, size_t p)
{
	const struct mb_model *m = J->P->m;
	cJSON *ctx = frame(J, p);
	if (!J->P->charts) {
		mb_ctx_bool(ctx, "charts", false);
		return ctx;
	}
	cJSON *arr = mb_ctx_arr(ctx, "charts");
	for (size_t i = 0; i < m->nindices; i++)
		for (size_t g = 0; g < m->ngroups; g++)
			mb_ctx_chart(J, arr, NULL, mb_charts_ranking(J->P->charts, p, i, g));
	for (size_t g = 0; g < m->ngroups; g++)
		mb_ctx_chart(J, arr, NULL, mb_charts_service(J->P->charts, p, g));
	return ctx;
}

cJSON *mb_page_period(struct mb_page_job *J, size_t p)
{
	const struct mb_model *m = J->P->m;
	const struct mb_period *pe = &m->periods[p];
	cJSON *ctx = frame(J, p);

	cJSON *po = mb_ctx_obj(ctx, "period");
	mb_ctx_ref(po, "id", pe->id);
	mb_ctx_ref(po, "label", pe->label);
	mb_buf_reset(&J->tmp);
	mb_page_put_lower_first(&J->tmp, pe->label);
	mb_ctx_tmp(po, "label_lower", &J->tmp);
	mb_ctx_date(J, po, "published", pe->published);
	mb_ctx_highlights(J, ctx, p, MB_HL_MAX);
	/* A year leads to the years beside it, a quarter to the quarters. */
	bool pager = false;
	for (size_t q = p; q-- > 0 && !pager;)
		if ((m->periods[q].quarter == 0) == (pe->quarter == 0)) {
			mb_ctx_period_link(J, ctx, "prev", q);
			pager = true;
		}
	for (size_t q = p + 1; q < m->nperiods; q++)
		if ((m->periods[q].quarter == 0) == (pe->quarter == 0)) {
			mb_ctx_period_link(J, ctx, "next", q);
			pager = true;
			break;
		}
	mb_ctx_bool(ctx, "has_pager", pager);
	cJSON *arr = mb_ctx_arr(ctx, "indices");
	for (size_t i = 0; pe->scores && i < m->nindices; i++)
		if (pe->scores[i])
			ranking(J, arr, p, i);
	if (pe->services)
		service_table(J, ctx, p);
	return ctx;
}

cJSON *mb_page_periods(struct mb_page_job *J)
{
	const struct mb_model *m = J->P->m;
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "ky/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PERIODS, "Kết quả xếp hạng các kỳ",
	                             "Danh sách các kỳ công bố kết quả cải cách hành chính và "
	                             "số liệu giải quyết thủ tục hành chính.");
	cJSON *arr = mb_ctx_arr(ctx, "periods");
	/* Newest first: that is what readers look for. */
	for (size_t k = m->nperiods; k-- > 0;) {
		const struct mb_period *pe = &m->periods[k];
		cJSON *o = mb_ctx_period_link(J, arr, NULL, k);
		mb_ctx_date(J, o, "published", pe->published);
		mb_ctx_bool(o, "is_year", pe->quarter == 0);
		cJSON *ixs = mb_ctx_arr(o, "indices");
		for (size_t i = 0; pe->scores && i < m->nindices; i++) {
			if (!pe->scores[i])
				continue;
			cJSON *io = mb_ctx_obj(ixs, NULL);
			mb_ctx_ref(io, "name", m->indices[i].name);
			mb_ctx_ref(io, "short_name", m->indices[i].short_name);
			mb_ctx_count(io, "units", (int64_t)pe->scores[i]->nrows);
		}
		if (pe->services)
			mb_ctx_count(o, "services", (int64_t)pe->services->nrows);
	}
	cJSON *ixs = mb_ctx_arr(ctx, "indices");
	for (size_t i = 0; i < m->nindices; i++) {
		cJSON *io = mb_ctx_obj(ixs, NULL);
		mb_ctx_ref(io, "name", m->indices[i].name);
		mb_ctx_ref(io, "short_name", m->indices[i].short_name);
		mb_ctx_href(J, io, "href", "chi-so/%s/index.html", m->indices[i].id);
		mb_ctx_share(io, "words", J->P->words[i]);
	}
	return ctx;
}
