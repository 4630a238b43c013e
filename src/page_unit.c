/* page_unit.c - one unit's page: results, criteria, history, services, procedures. */
#include <string.h>

#include "alloc.h"
#include "markdown.h"
#include "page_ctx.h"
#include "page_fmt.h"

static void identity(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u)
{
	const struct mb_model *m = J->P->m;
	cJSON *uo = mb_ctx_obj(ctx, "unit");
	mb_ctx_ref(uo, "id", u->id);
	mb_ctx_ref(uo, "name", u->name);
	cJSON *go = mb_ctx_obj(uo, "group");
	mb_ctx_ref(go, "id", m->groups[u->group].id);
	mb_ctx_ref(go, "name", m->groups[u->group].name);
	if (u->parent >= 0)
		mb_ctx_unit_link(J, uo, "parent", u->parent);
	cJSON *kids = mb_ctx_arr(uo, "children");
	for (size_t k = 0; k < u->nchildren; k++)
		mb_ctx_unit_link(J, kids, NULL, u->children[k]);
	mb_ctx_count(uo, "nchildren", (int64_t)u->nchildren);
	mb_ctx_bool(uo, "has_children", u->nchildren > 0);
	bool contact = u->address || u->phone || u->email || u->website;
	if (contact) {
		cJSON *c = mb_ctx_obj(uo, "contact");
		mb_ctx_ref(c, "address", u->address);
		mb_ctx_ref(c, "phone", u->phone);
		mb_ctx_ref(c, "email", u->email);
		mb_ctx_ref(c, "website", u->website);
	}
	if (u->description_md && *u->description_md) {
		const char *md = u->description_md;
		char *html = mb_markdown_html_at(md, strlen(md), 2, NULL, J->root);
		mb_ctx_str(uo, "description_html", html);
		free(html);
	}
}

/* Rank and group mean of a top-level criterion; false for the others (a
 * missing name would be looked up in the enclosing objects). */
static void top_figures(struct mb_page_job *J, cJSON *o, const struct mb_index *ix,
                        const struct mb_score *s, size_t c, const struct mb_mean *avg)
{
	size_t t = 0;
	while (t < ix->ntop && (size_t)ix->top[t] != c)
		t++;
	bool top = t < ix->ntop;
	if (top && avg && avg[t].n > 0) {
		/* Means are shown to 2 decimals: their 4th is noise. */
		mb_put_vi_trim(&J->tmp, avg[t].r2, 2);
		mb_ctx_tmp(o, "average", &J->tmp);
	} else {
		mb_ctx_bool(o, "average", false);
	}
	if (top && s->crit_rank && s->crit_rank[t] > 0) {
		mb_ctx_count(o, "rank", s->crit_rank[t]);
		if (avg)
			mb_ctx_count(o, "of", avg[t].n);
	} else {
		mb_ctx_bool(o, "rank", false);
	}
}

/* Every criterion of the latest score: value / maximum, and the rank of
 * top-level ones among the units of the group they apply to. */
static void criteria(struct mb_page_job *J, cJSON *ro, size_t i, size_t p,
                     const struct mb_score *s)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	const struct mb_scoreset *ss = m->periods[p].scores[i];
	int g = m->units[s->unit].group;
	const struct mb_mean *avg = ss->means ? ss->means[g].crit : NULL;
	cJSON *arr = mb_ctx_arr(ro, "criteria");
	const cJSON *def = P->crit_defs[i]->child;
	bool any = false;
	for (size_t c = 0; c < ix->ncrit; c++, def = def->next) {
		const struct mb_val *v = s->crit ? &s->crit[c] : NULL;
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_share(o, "def", def);
		if (v && v->state == MB_VAL_SET) {
			any = true;
			mb_ctx_points(J, o, "value", v->v);
			mb_ctx_bool(o, "na", false);
		} else {
			mb_ctx_ref(o, "value", v && v->state == MB_VAL_NA ? MB_PAGE_NOT_APPLICABLE
			                                                  : MB_PAGE_NO_DATA);
			mb_ctx_bool(o, "na", true);
		}
		top_figures(J, o, ix, s, c, avg);
	}
	/* A total-only score has no criteria to show. */
	mb_ctx_bool(ro, "has_criteria", any);
}

static void history(struct mb_page_job *J, cJSON *ro, size_t i, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	cJSON *arr = mb_ctx_arr(ro, "history");
	size_t n = 0;
	/* Newest first, like the rest of the page. */
	for (size_t p = m->nperiods; p-- > 0;) {
		const struct mb_score *s = mb_score_of(m, p, i, unit);
		if (!s)
			continue;
		cJSON *row = mb_ctx_rank_row(J, arr, ix, m->periods[p].scores[i], s);
		mb_ctx_period_link(J, row, "period", p);
		n++;
	}
	mb_ctx_bool(ro, "has_history", n > 1);
}

static void results(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *arr = mb_ctx_arr(ctx, "results");
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_index *ix = &m->indices[i];
		int last = u->latest ? u->latest[i] : -1;
		if (last < 0)
			continue;
		const struct mb_score *s = mb_score_of(m, (size_t)last, i, unit);
		const struct mb_scoreset *ss = m->periods[last].scores[i];
		cJSON *ro = mb_ctx_obj(arr, NULL);
		cJSON *io = mb_ctx_obj(ro, "index");
		mb_ctx_ref(io, "id", ix->id);
		mb_ctx_ref(io, "name", ix->name);
		mb_ctx_ref(io, "short_name", ix->short_name);
		mb_ctx_href(J, io, "href", "chi-so/%s/index.html", ix->id);
		mb_ctx_bool(io, "has_bands", ix->nbands > 0);
		cJSON *lo = mb_ctx_rank_row(J, ro, ix, ss, s);
		/* mb_ctx_rank_row pushes into arrays; move it under "latest". */
		cJSON_DetachItemViaPointer(ro, lo);
		cJSON_AddItemToObjectCS(ro, "latest", lo);
		mb_ctx_period_link(J, lo, "period", (size_t)last);
		mb_ctx_ref(lo, "group", m->groups[u->group].name);
		mb_ctx_date(J, lo, "published", ss->published);
		if (ss->means && ss->means[u->group].percent.n > 0) {
			mb_page_put_pct2(&J->tmp, ss->means[u->group].percent.r2);
			mb_ctx_tmp(lo, "group_average", &J->tmp);
		}
		mb_ctx_href(J, lo, "ranking_href", "ky/%s/index.html#%s-%s", m->periods[last].id,
		            ix->id, m->groups[u->group].id);
		criteria(J, ro, i, (size_t)last, s);
		history(J, ro, i, unit);
		if (P->charts) {
			mb_ctx_chart(J, ro, "criteria_chart", mb_charts_criteria(P->charts, (size_t)unit, i));
			mb_ctx_chart(J, ro, "history_chart", mb_charts_trend(P->charts, (size_t)unit, i));
		}
	}
}

static void services(struct mb_page_job *J, cJSON *ctx, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *so = NULL, *rows = NULL;
	for (size_t p = m->nperiods; p-- > 0;) {
		const struct mb_service *sv = mb_service_of(m, p, unit);
		if (!sv)
			continue;
		if (!so) {
			so = mb_ctx_obj(ctx, "services");
			mb_ctx_share(so, "rate_heads", P->rate_heads);
			rows = mb_ctx_arr(so, "rows");
		}
		cJSON *row = mb_ctx_obj(rows, NULL);
		mb_ctx_period_link(J, row, "period", p);
		mb_ctx_service(J, row, m->periods[p].services, sv);
	}
}

/* Procedures: the group's table is shared by every unit of the group;
 * only a unit named by procedures itself gets a table of its own. */
static void procedures(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_page_counts *gc = &P->group_counts[u->group];
	if (!gc->all && !P->unit_own[unit])
		return;
	cJSON *po = mb_ctx_obj(ctx, "procedures");
	mb_ctx_href(J, po, "catalogue_href", "thu-tuc/index.html");
	if (!P->unit_own[unit]) {
		mb_ctx_count(po, "count", (int64_t)gc->all);
		mb_ctx_count(po, "full", (int64_t)gc->full);
		mb_ctx_count(po, "partial", (int64_t)gc->partial);
		mb_ctx_count(po, "none", (int64_t)gc->none);
		mb_ctx_ref(po, "table", P->group_procs[u->group]);
		return;
	}
	cJSON *tctx = cJSON_CreateObject();
	if (!tctx)
		mb_die("out of memory building a page context");
	mb_ctx_ref(tctx, "root", J->root);
	mb_ctx_procedure_fields(J, tctx, u->group, unit);
	struct mb_page_counts c = {0, 0, 0, 0};
	for (size_t k = 0; k < m->nprocs; k++) {
		const struct mb_procedure *pr = &m->procs[k];
		if (!mb_page_proc_applies(pr, u->group, unit))
			continue;
		c.all++;
		c.full += pr->online == MB_ONLINE_FULL;
		c.partial += pr->online == MB_ONLINE_PARTIAL;
		c.none += pr->online == MB_ONLINE_NONE;
	}
	mb_ctx_count(po, "count", (int64_t)c.all);
	mb_ctx_count(po, "full", (int64_t)c.full);
	mb_ctx_count(po, "partial", (int64_t)c.partial);
	mb_ctx_count(po, "none", (int64_t)c.none);
	mb_buf html;
	mb_buf_init(&html);
	mb_page_render(J, "partials/procedures", tctx, &html);
	mb_ctx_str(po, "table", html.data);
	mb_buf_release(&html);
}

cJSON *mb_page_unit(struct mb_page_job *J, size_t unit)
{
	const struct mb_model *m = J->P->m;
	const struct mb_unit *u = &m->units[unit];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "don-vi/%s/index.html", u->id);
	mb_buf_reset(&J->desc);
	mb_buf_printf(&J->desc,
	              "%s (%s): kết quả chỉ số cải cách hành chính, xếp hạng qua các kỳ, "
	              "số liệu giải quyết hồ sơ và thủ tục hành chính.",
	              u->name, m->groups[u->group].name);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_UNITS, u->name, J->desc.data);
	/* og:image must be an absolute address: only with a base_url. */
	const struct mb_chart_ref *share = J->P->charts ? mb_charts_share(J->P->charts, unit) : NULL;
	if (share && J->P->base) {
		mb_buf_printf(&J->tmp, "%s%s", J->P->base, share->src);
		mb_ctx_tmp(cJSON_GetObjectItemCaseSensitive(ctx, "page"), "image", &J->tmp);
	}
	identity(J, ctx, u);
	results(J, ctx, u, (int)unit);
	services(J, ctx, (int)unit);
	procedures(J, ctx, u, (int)unit);
	mb_ctx_href(J, ctx, "units_href", "don-vi/index.html");
	/* Written by the downloads; a partial build without them has none. */
	if (J->P->dl && J->P->dl->n) {
		cJSON *fo = mb_ctx_obj(ctx, "files");
		mb_ctx_href(J, fo, "csv", "tai-ve/don-vi/%s.csv", u->id);
		mb_ctx_href(J, fo, "json", "tai-ve/don-vi/%s.json", u->id);
	}
	return ctx;
}
