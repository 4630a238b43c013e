/* page_period.c - the list of periods and one period's full rankings and service table. */
#include <string.h>

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
		const struct mb_mean *of = ss->means ? ss->means[g].crit : NULL;
		cJSON *rows = mb_ctx_arr(go, "rows");
		for (size_t k = 0; k < n; k++) {
			const struct mb_score *s = &ss->rows[ss->ranked[g][k]];
			cJSON *row = mb_ctx_rank_row(J, rows, ix, ss, s);
			cJSON *cells = mb_ctx_arr(row, "criteria");
			bool known = mb_page_score_has_criteria(ix, s);
			for (size_t t = 0; t < ix->ntop; t++)
				crit_cell(J, cells, s, ix, t, of, known);
		}
	}
}

static void service_table(struct mb_page_job *J, cJSON *ctx, size_t p)
{
	const struct mb_model *m = J->P->m;
	const struct mb_serviceset *set = m->periods[p].services;
	cJSON *so = mb_ctx_obj(ctx, "services");
	mb_ctx_share(so, "rate_heads", J->P->rate_heads);
	mb_ctx_date(J, so, "published", set->published);
	mb_ctx_service(J, mb_ctx_obj(so, "total"), set, &set->total);
	cJSON *groups = mb_ctx_arr(so, "groups");
	/* One table per group, rows in file order within it.  Rows are not
	 * assumed to be grouped already: a units.json that lists each district
	 * before its communes interleaves the groups. */
	for (size_t g = 0; g < m->ngroups; g++) {
		cJSON *go = NULL, *rows = NULL;
		size_t n = 0;
		for (size_t r = 0; r < set->nrows; r++) {
			const struct mb_service *sv = &set->rows[r];
			if (sv->unit < 0 || (size_t)m->units[sv->unit].group != g)
				continue;
			if (!go) {
				go = mb_ctx_obj(groups, NULL);
				mb_ctx_ref(go, "id", m->groups[g].id);
				mb_ctx_ref(go, "name", m->groups[g].name);
				mb_buf_printf(&J->tmp, "dich-vu-%s", m->groups[g].id);
				mb_ctx_tmp(go, "anchor", &J->tmp);
				mb_ctx_service(J, mb_ctx_obj(go, "total"), set, &set->group_total[g]);
				if (J->P->charts)
					mb_ctx_chart(J, go, "chart", mb_charts_service(J->P->charts, p, g));
				rows = mb_ctx_arr(go, "rows");
			}
			cJSON *row = mb_ctx_obj(rows, NULL);
			mb_ctx_unit_link(J, row, "unit", sv->unit);
			mb_ctx_service(J, row, set, sv);
			n++;
		}
		if (go)
			mb_ctx_count(go, "count", (int64_t)n);
	}
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

cJSON *mb_page_period(struct mb_page_job *J, size_t p)
{
	const struct mb_model *m = J->P->m;
	const struct mb_period *pe = &m->periods[p];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "ky/%s/index.html", pe->id);
	mb_buf_reset(&J->title);
	mb_buf_printf(&J->title, "Kết quả %s", pe->label);
	mb_buf_reset(&J->desc);
	mb_buf_printf(&J->desc,
	              "Bảng xếp hạng và số liệu giải quyết thủ tục hành chính %s của các cơ quan, "
	              "đơn vị thuộc %s.",
	              pe->label, m->site.organisation);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PERIODS, J->title.data, J->desc.data);

	cJSON *po = mb_ctx_obj(ctx, "period");
	mb_ctx_ref(po, "id", pe->id);
	mb_ctx_ref(po, "label", pe->label);
	mb_ctx_date(J, po, "published", pe->published);
	if (p > 0)
		mb_ctx_period_link(J, ctx, "prev", p - 1);
	if (p + 1 < m->nperiods)
		mb_ctx_period_link(J, ctx, "next", p + 1);
	cJSON *arr = mb_ctx_arr(ctx, "indices");
	for (size_t i = 0; pe->scores && i < m->nindices; i++)
		if (pe->scores[i])
			ranking(J, arr, p, i);
	if (pe->services)
		service_table(J, ctx, p);
	downloads_of(J, ctx, pe->id);
	mb_ctx_href(J, ctx, "downloads_href", "tai-ve/index.html");
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
	}
	return ctx;
}
