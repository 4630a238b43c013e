/* page_unit.c - one unit's page: results, criteria, history, services, procedures. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "markdown.h"
#include "page_ctx.h"
#include "page_fmt.h"

/* A unit link in a list of units written in a sentence: with its life
 * and "last" (no comma after it). */
static cJSON *life_link(struct mb_page_job *J, cJSON *arr, int unit, bool last)
{
	cJSON *o = mb_ctx_unit_link(J, arr, NULL, unit);
	mb_ctx_unit_life(J, o, unit);
	mb_ctx_bool(o, "last", last);
	return o;
}

/*
 * When the unit ended and why, and who took over its work (SPEC §2): the
 * page of a former unit says so first, and leads to its successors.  The
 * reason is shown only where the data gives one.
 */
static void ended(struct mb_page_job *J, cJSON *uo, const struct mb_unit *u)
{
	if (!u->until) {
		mb_ctx_bool(uo, "ended", false);
		return;
	}
	cJSON *eo = mb_ctx_obj(uo, "ended");
	mb_buf_reset(&J->tmp);
	mb_page_put_day(&J->tmp, u->until_day + 1);
	mb_ctx_tmp(eo, "date", &J->tmp);
	mb_page_put_day(&J->tmp, u->until_day);
	mb_ctx_tmp(eo, "last_day", &J->tmp);
	mb_ctx_bool(eo, "former", mb_page_former(u));
	if (u->end_reason)
		mb_ctx_ref(eo, "reason", u->end_reason);
	else
		mb_ctx_bool(eo, "reason", false);
	cJSON *arr = mb_ctx_arr(eo, "successors");
	for (size_t k = 0; k < u->nsuccessors; k++)
		life_link(J, arr, u->successors[k], k + 1 == u->nsuccessors);
	mb_ctx_bool(eo, "has_successors", u->nsuccessors > 0);
}

/* Whether predecessor p formed u: u began the day after p ended. */
static bool formed_by(const struct mb_unit *u, const struct mb_unit *p)
{
	return u->from && p->until && p->until_day + 1 == u->from_day;
}

/*
 * When the unit began, and the ended units it continues: those that ended
 * the day before it began formed it ("Hình thành từ"), the others handed
 * their work over to it on the day after they ended.  A predecessor that
 * has several successors gave only a part of itself.
 */
static void began(struct mb_page_job *J, cJSON *uo, const struct mb_unit *u)
{
	const struct mb_model *m = J->P->m;
	if (!u->from && !u->npredecessors) {
		mb_ctx_bool(uo, "began", false);
		return;
	}
	cJSON *bo = mb_ctx_obj(uo, "began");
	if (u->from) {
		mb_buf_reset(&J->tmp);
		mb_page_put_date(&J->tmp, u->from);
		mb_ctx_tmp(bo, "date", &J->tmp);
	} else {
		mb_ctx_bool(bo, "date", false);
	}
	size_t nformed = 0;
	for (size_t k = 0; k < u->npredecessors; k++)
		nformed += formed_by(u, &m->units[u->predecessors[k]]);
	cJSON *formed = mb_ctx_arr(bo, "formed_from");
	cJSON *took = mb_ctx_arr(bo, "took_over");
	size_t nf = 0, nt = 0;
	for (size_t k = 0; k < u->npredecessors; k++) {
		int pi = u->predecessors[k];
		const struct mb_unit *p = &m->units[pi];
		cJSON *o = formed_by(u, p) ? life_link(J, formed, pi, ++nf == nformed)
		             : life_link(J, took, pi, ++nt == u->npredecessors - nformed);
		mb_ctx_bool(o, "part", p->nsuccessors > 1);
		mb_ctx_bool(o, "same_name", strcmp(p->name, u->name) == 0);
		mb_buf_reset(&J->tmp);
		mb_page_put_day(&J->tmp, p->until_day + 1);
		mb_ctx_tmp(o, "handed_over", &J->tmp);
	}
	mb_ctx_bool(bo, "has_formed_from", nformed > 0);
	mb_ctx_bool(bo, "has_took_over", u->npredecessors > nformed);
}

static void identity(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_model *m = J->P->m;
	cJSON *uo = mb_ctx_obj(ctx, "unit");
	mb_ctx_ref(uo, "id", u->id);
	mb_ctx_ref(uo, "name", u->name);
	cJSON *go = mb_ctx_obj(uo, "group");
	mb_ctx_ref(go, "id", m->groups[u->group].id);
	mb_ctx_ref(go, "name", m->groups[u->group].name);
	mb_ctx_bool(uo, "former", mb_page_former(u));
	int parent = mb_page_parent(m, unit);
	if (parent >= 0) {
		mb_ctx_unit_link(J, uo, "parent", parent);
	} else if (u->parent >= 0) {
		/* It outlived its parent: the parent is history, not a place. */
		cJSON *po = mb_ctx_unit_link(J, uo, "former_parent", u->parent);
		mb_ctx_unit_life(J, po, u->parent);
	}
	ended(J, uo, u);
	began(J, uo, u);
	cJSON *kids = mb_ctx_arr(uo, "children");
	for (size_t k = 0; k < u->nchildren; k++) {
		/* A child that ended before its parent says until when; those
		 * that ended with it say nothing the page has not said. */
		const struct mb_unit *c = &m->units[u->children[k]];
		cJSON *co = mb_ctx_unit_link(J, kids, NULL, u->children[k]);
		if (c->until && (!u->until || c->until_day < u->until_day)) {
			mb_buf_reset(&J->tmp);
			mb_page_put_date(&J->tmp, c->until);
			mb_ctx_tmp(co, "until", &J->tmp);
		} else {
			mb_ctx_bool(co, "until", false);
		}
	}
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
	/* A total-only score has no criteria to show; the page says why. */
	mb_ctx_bool(ro, "has_criteria", any);
	mb_ctx_bool(ro, "total_only", !any && ix->ntop > 0);
}

static void history(struct mb_page_job *J, cJSON *ro, size_t i, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	cJSON *arr = mb_ctx_arr(ro, "history");
	size_t n = 0;
	struct mb_page_reorg reorg = {0};
	/* Newest first, like the rest of the page. */
	for (size_t p = m->nperiods; p-- > 0;) {
		const struct mb_score *s = mb_score_of(m, p, i, unit);
		if (!s)
			continue;
		cJSON *row = mb_ctx_rank_row(J, arr, ix, m->periods[p].scores[i], s);
		mb_ctx_period_link(J, row, "period", p);
		mb_page_reorg_add(&reorg, s);
		n++;
	}
	mb_ctx_bool(ro, "has_history", n > 1);
	mb_ctx_reorg(J, ro, "history_reorganised", &reorg);
}

/* Whether the unit began the day after one of its predecessors ended. */
static bool formed_from_any(const struct mb_model *m, const struct mb_unit *u)
{
	for (size_t k = 0; k < u->npredecessors; k++)
		if (formed_by(u, &m->units[u->predecessors[k]]))
			return true;
	return false;
}

static void results(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *arr = mb_ctx_arr(ctx, "results");
	/* The indices that ranked the unit, its latest result first (as on the
	 * home page), ties in model order. */
	size_t *order = mb_xcalloc(m->nindices + 1, sizeof *order), n = 0;
	for (size_t i = 0; u->latest && i < m->nindices; i++) {
		if (u->latest[i] < 0)
			continue;
		size_t k = n++;
		for (; k > 0 && u->latest[order[k - 1]] < u->latest[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		const struct mb_index *ix = &m->indices[i];
		int last = u->latest[i];
		const struct mb_score *s = mb_score_of(m, (size_t)last, i, unit);
		const struct mb_scoreset *ss = m->periods[last].scores[i];
		cJSON *ro = mb_ctx_obj(arr, NULL);
		cJSON *io = mb_ctx_obj(ro, "index");
		mb_ctx_ref(io, "id", ix->id);
		mb_ctx_ref(io, "name", ix->name);
		mb_ctx_ref(io, "short_name", ix->short_name);
		mb_ctx_href(J, io, "href", "chi-so/%s/index.html", ix->id);
		mb_ctx_bool(io, "has_bands", ix->nbands > 0);
		mb_ctx_share(io, "words", P->words[i]);
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
		/* A unit formed in a reorganisation is ranked anew: say why its
		 * predecessors' ranks are not its own. */
		mb_ctx_bool(lo, "formed", s->prev_period < 0 && formed_from_any(m, u));
		criteria(J, ro, i, (size_t)last, s);
		history(J, ro, i, unit);
		if (P->charts) {
			mb_ctx_chart(J, ro, "criteria_chart", mb_charts_criteria(P->charts, (size_t)unit, i));
			mb_ctx_chart(J, ro, "history_chart", mb_charts_trend(P->charts, (size_t)unit, i));
		}
	}
	mb_ctx_bool(ctx, "several_results", n > 1);
	free(order);
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
		mb_ctx_service(J, row, sv);
	}
}

/* The units under it (a district's communes) in one index: their results
 * in the latest period that scored them while it existed, in the order of
 * their ranks in the province, with the chart of them. */
static void compare_index(struct mb_page_job *J, cJSON *arr, int unit, size_t i)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_index *ix = &m->indices[i];
	int g;
	int p = mb_children_ranked(m, unit, i, &g);
	if (p < 0)
		return;
	const struct mb_scoreset *ss = m->periods[p].scores[i];
	cJSON *io = mb_ctx_obj(arr, NULL);
	cJSON *ixo = mb_ctx_obj(io, "index");
	mb_ctx_ref(ixo, "id", ix->id);
	mb_ctx_ref(ixo, "name", ix->name);
	mb_ctx_ref(ixo, "short_name", ix->short_name);
	mb_ctx_href(J, ixo, "href", "chi-so/%s/index.html", ix->id);
	mb_ctx_bool(io, "has_bands", ix->nbands > 0);
	mb_ctx_period_link(J, io, "period", (size_t)p);
	mb_ctx_ref(io, "group", m->groups[g].name);
	mb_ctx_count(io, "of", (int64_t)ss->nranked[g]);
	mb_ctx_href(J, io, "ranking_href", "ky/%s/index.html#%s-%s_%s", m->periods[p].id, ix->id,
	            m->groups[g].id, m->units[unit].id);
	if (P->charts)
		mb_ctx_chart(J, io, "chart", mb_charts_children(P->charts, (size_t)unit, i));
	const struct mb_period *pe = &m->periods[p];
	cJSON *rows = mb_ctx_arr(io, "rows");
	size_t n = 0;
	for (size_t k = 0; k < ss->nranked[g]; k++) {
		const struct mb_score *s = &ss->rows[ss->ranked[g][k]];
		if (mb_unit_parent_in(m, s->unit, pe->first_day, pe->last_day) != unit)
			continue;
		mb_ctx_rank_row(J, rows, ix, ss, s);
		n++;
	}
	mb_ctx_count(io, "count", (int64_t)n);
}

/* Their service figures in the latest quarter that has any of them
 * (compute.c: the unit's children_served), with the chart of them. */
static void compare_services(struct mb_page_job *J, cJSON *co, const struct mb_unit *u, int unit)
{
	const struct mb_model *m = J->P->m;
	int p = u->children_served;
	if (p < 0)
		return;
	cJSON *so = mb_ctx_obj(co, "services");
	mb_ctx_period_link(J, so, "period", (size_t)p);
	const struct mb_charts *ch = J->P->charts;
	if (ch)
		mb_ctx_chart(J, so, "chart", mb_charts_children_service(ch, (size_t)unit));
	mb_ctx_share(so, "rate_heads", J->P->rate_heads);
	mb_ctx_compared(J, so, m->periods[p].services);
	cJSON *rows = mb_ctx_arr(so, "rows");
	size_t n = 0;
	int g = -1;
	for (size_t k = 0; k < u->nchildren; k++) {
		const struct mb_service *sv = mb_service_of(m, (size_t)p, u->children[k]);
		if (!sv)
			continue;
		if (g < 0)
			g = m->units[u->children[k]].group;
		cJSON *row = mb_ctx_obj(rows, NULL);
		mb_ctx_unit_link(J, row, "unit", u->children[k]);
		mb_ctx_service(J, row, sv);
		n++;
	}
	mb_ctx_count(so, "count", (int64_t)n);
	mb_ctx_href(J, so, "table_href", "ky/%s/index.html#dich-vu-%s_%s", m->periods[p].id,
	            m->groups[g].id, u->id);
}

/* The comparison of the units under it: the indices that scored them, the
 * latest comparison first (ties in model order), as the unit's own results
 * are ordered; then their service figures. */
static void compare(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_model *m = J->P->m;
	size_t *order = mb_xcalloc(m->nindices + 1, sizeof *order), n = 0;
	int *when = mb_xcalloc(m->nindices + 1, sizeof *when);
	for (size_t i = 0; i < m->nindices; i++) {
		int g;
		when[i] = mb_children_ranked(m, unit, i, &g);
		if (when[i] < 0)
			continue;
		size_t k = n++;
		for (; k > 0 && when[order[k - 1]] < when[i]; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	if (n || u->children_served >= 0) {
		cJSON *co = mb_ctx_obj(ctx, "compare");
		mb_ctx_count(co, "count", (int64_t)u->nchildren);
		cJSON *arr = mb_ctx_arr(co, "indices");
		for (size_t k = 0; k < n; k++)
			compare_index(J, arr, unit, order[k]);
		compare_services(J, co, u, unit);
	}
	free(when);
	free(order);
}

/*
 * Procedures: those that name the unit in "units" (its own) in full; those
 * of its whole level as a count by field, rendered once per group and
 * shared by the pages of all its units, each field a link to the level's
 * page.  The counts at the top are of every procedure the unit handles.
 */
static void procedures(struct mb_page_job *J, cJSON *ctx, const struct mb_unit *u, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_page_counts *gc = &P->group_counts[u->group];
	if (!gc->all && !P->unit_own[unit])
		return;
	cJSON *po = mb_ctx_obj(ctx, "procedures");
	mb_ctx_href(J, po, "catalogue_href", "thu-tuc/index.html");
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
	mb_ctx_ref(po, "level", P->group_procs[u->group]);
	if (!P->unit_own[unit])
		return;
	cJSON *own = mb_ctx_obj(po, "own");
	mb_ctx_count(own, "count", (int64_t)P->unit_own[unit]);
	cJSON *tctx = cJSON_CreateObject();
	if (!tctx)
		mb_die("out of memory building a page context");
	mb_ctx_ref(tctx, "root", J->root);
	mb_ctx_ref(tctx, "unit", u->name);
	mb_ctx_procedure_fields(J, tctx, -1, unit);
	mb_buf html;
	mb_buf_init(&html);
	mb_page_render(J, "partials/procedures", tctx, &html);
	mb_ctx_str(own, "table", html.data);
	mb_buf_release(&html);
}

/* The page's description names the indices that ranked the unit, not
 * one index for all of them. */
static void describe(struct mb_page_job *J, const struct mb_unit *u)
{
	const struct mb_model *m = J->P->m;
	mb_buf *d = &J->desc;
	mb_buf_reset(d);
	mb_buf_printf(d, "%s (%s): ", u->name, m->groups[u->group].name);
	size_t n = 0;
	for (size_t i = 0; u->latest && i < m->nindices; i++) {
		if (u->latest[i] < 0)
			continue;
		const struct mb_index *ix = &m->indices[i];
		mb_buf_puts(d, n++ ? ", " : "kết quả ");
		mb_buf_puts(d, ix->short_name ? ix->short_name : ix->name);
	}
	if (n)
		mb_buf_puts(d, " và thứ hạng qua các kỳ, ");
	mb_buf_puts(d, "số liệu giải quyết hồ sơ và thủ tục hành chính.");
}

cJSON *mb_page_unit(struct mb_page_job *J, size_t unit)
{
	const struct mb_model *m = J->P->m;
	const struct mb_unit *u = &m->units[unit];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "don-vi/%s/index.html", u->id);
	describe(J, u);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_UNITS, u->name, J->desc.data);
	/* og:image must be an absolute address: only with a base_url. */
	const struct mb_chart_ref *share = J->P->charts ? mb_charts_share(J->P->charts, unit) : NULL;
	if (share && J->P->base) {
		mb_buf_printf(&J->tmp, "%s%s", J->P->base, share->src);
		mb_ctx_tmp(cJSON_GetObjectItemCaseSensitive(ctx, "page"), "image", &J->tmp);
	}
	identity(J, ctx, u, (int)unit);
	results(J, ctx, u, (int)unit);
	services(J, ctx, (int)unit);
	compare(J, ctx, u, (int)unit);
	/* A former unit handles no procedure any more: its successors do. */
	if (!mb_page_former(u))
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
