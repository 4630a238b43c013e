/* page_home.c - the home page: the latest period at a glance. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "highlights.h"
#include "page_ctx.h"
#include "page_fmt.h"

#define HOME_TOP 3
#define HOME_MOVERS 5
#define HOME_NEWS 3

struct mover {
	const struct mb_score *s;
	int delta;
	int unit;
};

/* Biggest moves first; then the better current rank; then model order, so
 * the list is the same on every build. */
static int cmp_mover(const void *a, const void *b)
{
	const struct mover *x = a, *y = b;
	int ax = abs(x->delta), ay = abs(y->delta);
	if (ax != ay)
		return ay - ax;
	if (x->s->rank != y->s->rank)
		return x->s->rank - y->s->rank;
	return x->unit - y->unit;
}

/* A ranking row on the home page: an index's latest period may be older
 * than the site's, so its unit says whether it is a former unit. */
static cJSON *home_row(struct mb_page_job *J, cJSON *arr, const struct mb_index *ix,
                       const struct mb_scoreset *ss, const struct mb_score *s)
{
	cJSON *o = mb_ctx_rank_row(J, arr, ix, ss, s);
	mb_ctx_unit_life(J, cJSON_GetObjectItemCaseSensitive(o, "unit"), s->unit);
	return o;
}

static void add_mover(struct mb_page_job *J, cJSON *arr, const struct mb_index *ix,
                      const struct mb_scoreset *ss, const struct mb_score *s)
{
	cJSON *o = home_row(J, arr, ix, ss, s);
	const struct mb_unit *u = &J->P->m->units[s->unit];
	mb_ctx_ref(o, "group", J->P->m->groups[u->group].name);
}

static void movers(struct mb_page_job *J, cJSON *io, const struct mb_index *ix,
                   const struct mb_scoreset *ss)
{
	struct mover *v = mb_xreallocarray(NULL, ss->nrows + 1, sizeof *v);
	size_t nup = 0, n = 0;
	for (size_t r = 0; r < ss->nrows; r++) {
		const struct mb_score *s = &ss->rows[r];
		if (s->prev_rank == 0 || s->rank_change == 0)
			continue; /* no change, or none to show (new, or reorganised since) */
		v[n++] = (struct mover){s, s->rank_change, s->unit};
	}
	qsort(v, n, sizeof *v, cmp_mover);
	cJSON *up = mb_ctx_arr(io, "climbers");
	cJSON *down = mb_ctx_arr(io, "fallers");
	size_t ndown = 0;
	for (size_t k = 0; k < n; k++) {
		if (v[k].delta > 0 && nup < HOME_MOVERS) {
			add_mover(J, up, ix, ss, v[k].s);
			nup++;
		} else if (v[k].delta < 0 && ndown < HOME_MOVERS) {
			add_mover(J, down, ix, ss, v[k].s);
			ndown++;
		}
	}
	mb_ctx_bool(io, "has_movers", nup + ndown > 0);
	mb_ctx_bool(io, "has_climbers", nup > 0);
	mb_ctx_bool(io, "has_fallers", ndown > 0);
	free(v);
}

/* Top and bottom units of each group; the bottom list never repeats a unit
 * of the top list, so a group of 4 shows 3 + 1. */
static void group_glance(struct mb_page_job *J, cJSON *groups, const struct mb_index *ix,
                         const struct mb_scoreset *ss, size_t p, size_t g)
{
	const struct mb_model *m = J->P->m;
	size_t n = ss->nranked[g];
	if (!n)
		return;
	cJSON *go = mb_ctx_obj(groups, NULL);
	mb_ctx_ref(go, "id", m->groups[g].id);
	mb_ctx_ref(go, "name", m->groups[g].name);
	mb_ctx_count(go, "count", (int64_t)n);
	mb_buf_printf(&J->tmp, "%s-%s", ix->id, m->groups[g].id);
	mb_ctx_tmp(go, "anchor", &J->tmp);
	mb_ctx_href(J, go, "href", "ky/%s/index.html#%s-%s", m->periods[p].id, ix->id,
	            m->groups[g].id);
	if (ss->means && ss->means[g].percent.n > 0) {
		mb_page_put_pct2(&J->tmp, ss->means[g].percent.r2);
		mb_ctx_tmp(go, "average", &J->tmp);
	} else {
		mb_ctx_bool(go, "average", false);
	}
	/* The first of the group, every one of them on a tie, at most
	 * HOME_TOP: the headline of the summary. */
	cJSON *lead = mb_ctx_arr(go, "leaders");
	for (size_t k = 0; k < n && k < HOME_TOP; k++) {
		const struct mb_score *s = &ss->rows[ss->ranked[g][k]];
		if (s->rank != 1)
			break;
		cJSON *o = home_row(J, lead, ix, ss, s);
		bool last = k + 1 == n || k + 1 == HOME_TOP ||
		            ss->rows[ss->ranked[g][k + 1]].rank != 1;
		mb_ctx_bool(o, "last", last);
	}
	size_t ntop = n < HOME_TOP ? n : HOME_TOP;
	size_t nbottom = n - ntop < HOME_TOP ? n - ntop : HOME_TOP;
	cJSON *top = mb_ctx_arr(go, "top");
	for (size_t k = 0; k < ntop; k++)
		home_row(J, top, ix, ss, &ss->rows[ss->ranked[g][k]]);
	cJSON *bottom = mb_ctx_arr(go, "bottom");
	for (size_t k = n - nbottom; k < n; k++)
		home_row(J, bottom, ix, ss, &ss->rows[ss->ranked[g][k]]);
	struct mb_page_reorg ro = {0};
	for (size_t k = 0; k < n; k++)
		if (k < ntop || k >= n - nbottom)
			mb_page_reorg_add(&ro, &ss->rows[ss->ranked[g][k]]);
	mb_ctx_reorg(J, go, "reorganised", &ro);
	mb_ctx_bool(go, "has_bottom", nbottom > 0);
	mb_ctx_bool(go, "has_bands", ix->nbands > 0);
}

static void indices(struct mb_page_job *J, cJSON *ctx)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *arr = mb_ctx_arr(ctx, "indices");
	/* Every index with scores, the latest figures first: no index leads
	 * the page because of its name. */
	for (size_t k = 0; k < P->nindex_order; k++) {
		size_t i = (size_t)P->index_order[k];
		int p = m->indices[i].latest;
		const struct mb_index *ix = &m->indices[i];
		const struct mb_scoreset *ss = m->periods[p].scores[i];
		cJSON *io = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(io, "id", ix->id);
		mb_ctx_ref(io, "name", ix->name);
		mb_ctx_ref(io, "short_name", ix->short_name);
		mb_ctx_href(J, io, "href", "chi-so/%s/index.html", ix->id);
		mb_ctx_period_link(J, io, "period", (size_t)p);
		mb_ctx_date(J, io, "published", ss->published);
		cJSON *groups = mb_ctx_arr(io, "groups");
		for (size_t g = 0; g < m->ngroups; g++)
			group_glance(J, groups, ix, ss, (size_t)p, g);
		/* An index's latest figures may rank units that have ended
		 * since (PAR INDEX of the year before a reorganisation). */
		bool former = false;
		for (size_t r = 0; r < ss->nrows && !former; r++)
			former = mb_page_former(&m->units[ss->rows[r].unit]);
		mb_ctx_bool(io, "has_former", former);
		movers(J, io, ix, ss);
	}
	mb_ctx_bool(ctx, "several_indices", P->nindex_order > 1);
}

static void services(struct mb_page_job *J, cJSON *ctx)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	if (m->services_latest < 0)
		return;
	const struct mb_serviceset *set = m->periods[m->services_latest].services;
	cJSON *so = mb_ctx_obj(ctx, "services");
	mb_ctx_share(so, "rate_heads", P->rate_heads);
	mb_ctx_period_link(J, so, "period", (size_t)m->services_latest);
	mb_ctx_date(J, so, "published", set->published);
	mb_ctx_service(J, mb_ctx_obj(so, "total"), &set->total);
	/* The headline figures: each rate with its name and target. */
	cJSON *kpis = mb_ctx_arr(so, "kpis");
	const cJSON *head = P->rate_heads->child;
	for (int r = 0; r < MB_RATE_COUNT; r++, head = head->next) {
		cJSON *k = mb_ctx_obj(kpis, NULL);
		mb_ctx_share(k, "head", head);
		mb_ctx_rate(J, k, "value", &set->total.rate[r], set->total.met[r]);
	}
	cJSON *groups = mb_ctx_arr(so, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		bool any = false;
		for (size_t r = 0; r < set->nrows && !any; r++)
			any = set->rows[r].unit >= 0 && (size_t)m->units[set->rows[r].unit].group == g;
		if (!any)
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "name", m->groups[g].name);
		mb_ctx_service(J, go, &set->group_total[g]);
	}
}

static void news(struct mb_page_job *J, cJSON *ctx)
{
	const struct mb_pages *P = J->P;
	cJSON *arr = mb_ctx_arr(ctx, "news");
	for (size_t k = 0; k < P->nnews && k < HOME_NEWS; k++) {
		const struct mb_page *pg = &P->m->pages[k];
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(o, "title", pg->title);
		mb_ctx_ref(o, "date_iso", pg->date);
		mb_ctx_date(J, o, "date", pg->date);
		mb_ctx_ref(o, "summary", pg->summary);
		mb_ctx_href(J, o, "href", "tin-tuc/%s/index.html", pg->slug);
	}
	mb_ctx_bool(ctx, "has_news", P->nnews > 0);
	mb_ctx_bool(ctx, "more_news", P->nnews > HOME_NEWS);
	mb_ctx_href(J, ctx, "news_href", "tin-tuc/index.html");
}

/* A unit's name without "UBND" and its kind ("UBND phường Chánh Mỹ" ->
 * "Chánh Mỹ", "Sở Tư pháp" -> "Tư pháp"): the part people type in the
 * search box; NULL when the name does not start with a kind. */
static const char *typed_part(const char *name)
{
	static const char *const lead[] = {"UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân ", NULL};
	static const char *const kind[] = {"thành phố ", "thị xã ", "thị trấn ", "huyện ", "quận ",
		"phường ", "xã ", "Sở ", NULL};
	const char *s = name;
	for (size_t k = 0; lead[k]; k++)
		if (strncmp(s, lead[k], strlen(lead[k])) == 0) {
			s += strlen(lead[k]);
			break;
		}
	for (size_t k = 0; kind[k]; k++)
		if (strncmp(s, kind[k], strlen(kind[k])) == 0 && s[strlen(kind[k])])
			return s + strlen(kind[k]);
	return NULL;
}

/*
 * The search box's examples, from the data so that they name units the
 * site has, whatever the levels of the province are (districts before
 * 2025, none after): for each group in units.json order, the first unit of
 * the latest period whose name starts with its kind, as people type it.
 */
static void search_examples(struct mb_page_job *J, cJSON *search)
{
	const struct mb_model *m = J->P->m;
	const char **names = mb_xcalloc(m->ngroups + 1, sizeof *names);
	size_t n = 0;
	for (size_t g = 0; g < m->ngroups; g++) {
		for (size_t u = 0; u < m->nunits; u++) {
			const struct mb_unit *un = &m->units[u];
			const char *part = un->group == (int)g && un->current ? typed_part(un->name) : NULL;
			if (part) {
				names[n++] = part;
				break;
			}
		}
	}
	cJSON *arr = mb_ctx_arr(search, "examples");
	for (size_t k = 0; k < n; k++) {
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(o, "name", names[k]);
		mb_ctx_bool(o, "last", k + 1 == n);
	}
	mb_ctx_bool(search, "has_examples", n > 0);
	free(names);
}

cJSON *mb_page_home(struct mb_page_job *J)
{
	const struct mb_model *m = J->P->m;
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "index.html");
	mb_buf_reset(&J->desc);
	mb_buf_printf(&J->desc,
	              "Kết quả đánh giá, xếp hạng cải cách hành chính và số liệu giải quyết "
	              "thủ tục hành chính của các cơ quan, đơn vị thuộc %s.",
	              m->site.organisation);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_HOME, m->site.title, J->desc.data);
	int latest = mb_model_latest_period(m);
	if (latest >= 0) {
		mb_ctx_period_link(J, ctx, "latest", (size_t)latest);
		mb_ctx_highlights(J, ctx, (size_t)latest, MB_HL_MAX);
	}
	cJSON *search = mb_ctx_obj(ctx, "search");
	mb_ctx_href(J, search, "action", "don-vi/index.html");
	mb_ctx_href(J, search, "script", "don-vi/tim-kiem.js");
	search_examples(J, search);
	indices(J, ctx);
	services(J, ctx);
	news(J, ctx);
	mb_ctx_href(J, ctx, "periods_href", "ky/index.html");
	return ctx;
}
