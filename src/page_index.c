/* page_index.c - an index's page: criteria tree with maxima, bands, methodology. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "markdown.h"
#include "page_ctx.h"
#include "page_fmt.h"

/* "từ 90% trở lên", "từ 80% đến dưới 90%", "dưới 70%": bands are sorted by
 * their minimum, descending, and each ends where the one above starts. */
static void bands(struct mb_page_job *J, cJSON *io, const struct mb_index *ix)
{
	cJSON *arr = mb_ctx_arr(io, "bands");
	for (size_t b = 0; b < ix->nbands; b++) {
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(o, "name", ix->bands[b].name);
		mb_buf *t = &J->tmp;
		mb_buf_reset(t);
		mb_fx lo = ix->bands[b].min;
		if (b == 0) {
			mb_buf_puts(t, "từ ");
			mb_page_put_target(t, lo);
			mb_buf_puts(t, " trở lên");
		} else if (lo <= 0) {
			mb_buf_puts(t, "dưới ");
			mb_page_put_target(t, ix->bands[b - 1].min);
		} else {
			mb_buf_puts(t, "từ ");
			mb_page_put_target(t, lo);
			mb_buf_puts(t, " đến dưới ");
			mb_page_put_target(t, ix->bands[b - 1].min);
		}
		mb_ctx_tmp(o, "range", t);
	}
	mb_ctx_bool(io, "has_bands", ix->nbands > 0);
}

/* The groups the index ranks in any period, in units.json order. */
static void ranked_groups(struct mb_page_job *J, cJSON *io, size_t i)
{
	const struct mb_model *m = J->P->m;
	bool *ranks = mb_xcalloc(m->ngroups + 1, sizeof *ranks);
	size_t ng = 0, seen = 0;
	for (size_t g = 0; g < m->ngroups; g++) {
		for (size_t p = 0; p < m->nperiods && !ranks[g]; p++) {
			const struct mb_period *pe = &m->periods[p];
			ranks[g] = pe->scores && pe->scores[i] && pe->scores[i]->nranked[g] > 0;
		}
		ng += ranks[g];
	}
	cJSON *groups = mb_ctx_arr(io, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!ranks[g])
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "name", m->groups[g].name);
		mb_ctx_bool(go, "last", ++seen == ng);
	}
	mb_ctx_bool(io, "has_groups", ng > 0);
	free(ranks);
}

/* A period inside a sentence: "năm 2023" (a year's label is "Năm 2023"),
 * or a quarter's label, "Quý I/2024". */
static void put_period(mb_buf *b, const struct mb_period *pe)
{
	if (pe->quarter)
		mb_buf_puts(b, pe->label);
	else
		mb_buf_printf(b, "năm %d", pe->year);
}

/*
 * How often the index is scored, from the periods that have its scores
 * (SPEC §2: a year or a quarter): {how ("hằng năm", "hằng quý", "theo năm
 * và theo quý"), count, span ("từ Quý I/2024 đến Quý IV/2024", "năm
 * 2023")}; false without scores.
 */
static void schedule(struct mb_page_job *J, cJSON *io, size_t i)
{
	const struct mb_model *m = J->P->m;
	size_t n = 0, years = 0;
	int first = -1, last = -1;
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_period *pe = &m->periods[p];
		if (!pe->scores || !pe->scores[i])
			continue;
		n++;
		years += pe->quarter == 0;
		if (first < 0)
			first = (int)p;
		last = (int)p;
	}
	if (!n) {
		mb_ctx_bool(io, "schedule", false);
		return;
	}
	cJSON *so = mb_ctx_obj(io, "schedule");
	mb_ctx_ref(so, "how", years == n ? "hằng năm"
	                      : years == 0 ? "hằng quý" : "theo năm và theo quý");
	mb_ctx_count(so, "count", (int64_t)n);
	mb_buf *t = &J->tmp;
	mb_buf_reset(t);
	if (n > 1)
		mb_buf_puts(t, "từ ");
	put_period(t, &m->periods[first]);
	if (n > 1) {
		mb_buf_puts(t, " đến ");
		put_period(t, &m->periods[last]);
	}
	mb_ctx_tmp(so, "span", t);
}

cJSON *mb_page_index(struct mb_page_job *J, size_t i)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "chi-so/%s/index.html", ix->id);
	mb_buf_reset(&J->desc);
	const cJSON *all = cJSON_GetObjectItemCaseSensitive(P->words[i], "all");
	mb_buf_printf(&J->desc, "%s: các %s, điểm tối đa, kỳ đánh giá và phương pháp đánh giá.",
	              ix->name, cJSON_GetStringValue(all));
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PERIODS, ix->name, J->desc.data);
	cJSON *io = mb_ctx_obj(ctx, "index");
	mb_ctx_ref(io, "id", ix->id);
	mb_ctx_ref(io, "name", ix->name);
	mb_ctx_ref(io, "short_name", ix->short_name);
	mb_ctx_points(J, io, "max", ix->max);
	mb_ctx_count(io, "ntop", (int64_t)ix->ntop);
	mb_ctx_count(io, "ncrit", (int64_t)ix->ncrit);
	mb_ctx_count(io, "nsub", (int64_t)(ix->ncrit - ix->ntop));
	mb_ctx_bool(io, "has_sub", ix->ncrit > ix->ntop);
	mb_ctx_share(io, "criteria", P->crit_defs[i]);
	mb_ctx_share(io, "words", P->words[i]);
	ranked_groups(J, io, i);
	schedule(J, io, i);
	mb_ctx_bool(io, "has_criteria", ix->ncrit > 0);
	if (ix->description_md && *ix->description_md) {
		const char *md = ix->description_md;
		char *html = mb_markdown_html_at(md, strlen(md), 3, NULL, J->root);
		mb_ctx_str(io, "description_html", html);
		free(html);
	}
	bands(J, io, ix);
	cJSON *periods = mb_ctx_arr(io, "periods");
	for (size_t p = m->nperiods; p-- > 0;) {
		const struct mb_scoreset *ss = m->periods[p].scores ? m->periods[p].scores[i] : NULL;
		if (!ss)
			continue;
		cJSON *o = mb_ctx_period_link(J, periods, NULL, p);
		mb_ctx_href(J, o, "href", "ky/%s/index.html#%s", m->periods[p].id, ix->id);
		mb_ctx_count(o, "units", (int64_t)ss->nrows);
		mb_ctx_date(J, o, "published", ss->published);
	}
	return ctx;
}
