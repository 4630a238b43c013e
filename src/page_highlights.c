/* page_highlights.c - the context of "Điểm nổi bật": the facts of highlights.c as the partials read them. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "highlights.h"
#include "page_ctx.h"
#include "page_fmt.h"

/*
 * Each fact becomes an object with one key, hl_<kind>, that the partial
 * templates/partials/highlights-fact dispatches on; the keys are unlike any
 * other page key, so a missing one never finds the page's own (Mustache
 * looks names up outward).  Lists carry `first` and `last` on every item,
 * for the partials to join names with ", " and " và ".  Every number is a
 * figure of the model, written the Vietnamese way, never computed here.
 */

/* A period's label as a sentence writes it: "quý III/2024", "năm 2023"
 * (the labels, "Quý III/2024" and "Năm 2023", start with an ASCII capital:
 * load.c makes them). */
static void label(cJSON *o, const char *key, const struct mb_period *pe)
{
	char *s = mb_xstrdup(pe->label);
	if (s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
	mb_ctx_str(o, key, s);
	free(s);
}

/* Marks the items of a list first and last. */
static void ends(cJSON *arr)
{
	for (cJSON *e = arr->child; e; e = e->next) {
		mb_ctx_bool(e, "first", e == arr->child);
		mb_ctx_bool(e, "last", e->next == NULL);
	}
}

/* A rate as the sentences read it: {text, known, status, met, unmet}. */
static void rate(struct mb_page_job *J, cJSON *o, const char *key, const struct mb_ratio *r,
                 int met)
{
	cJSON *x = mb_ctx_rate(J, o, key, r, met);
	mb_ctx_bool(x, "known", r->valid);
	mb_ctx_bool(x, "met", met == 1);
	mb_ctx_bool(x, "unmet", met == 0);
}

/* {dir, up, down, same, points}: a change compute made, in percentage points. */
static void change(struct mb_page_job *J, cJSON *o, const struct mb_change *c)
{
	mb_ctx_ref(o, "dir", c->sign > 0 ? "up" : c->sign < 0 ? "down" : "same");
	/* A change that rounds to 0,00 reads as none: the sentence gives no
	 * direction it cannot show. */
	bool shown = c->d2 != 0;
	mb_ctx_bool(o, "up", shown && c->sign > 0);
	mb_ctx_bool(o, "down", shown && c->sign < 0);
	mb_ctx_bool(o, "same", !shown);
	mb_put_vi(&J->tmp, c->d2 < 0 ? -c->d2 : c->d2, 2);
	mb_ctx_tmp(o, "points", &J->tmp);
}

static void target(struct mb_page_job *J, cJSON *o, int r)
{
	int64_t t = J->P->m->site.targets.rate[r];
	if (t < 0) {
		mb_ctx_bool(o, "target", false);
		return;
	}
	mb_page_put_target(&J->tmp, t);
	mb_ctx_tmp(o, "target", &J->tmp);
}

static void index_of(struct mb_page_job *J, cJSON *o, int i)
{
	const struct mb_index *ix = &J->P->m->indices[i];
	cJSON *x = mb_ctx_obj(o, "index");
	mb_ctx_ref(x, "id", ix->id);
	mb_ctx_ref(x, "name", ix->name);
	if (ix->short_name)
		mb_ctx_ref(x, "short_name", ix->short_name);
	else
		mb_ctx_bool(x, "short_name", false);
}

static void services(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *ss)
{
	mb_ctx_count(o, "received", ss->total.received);
	mb_ctx_count(o, "resolved", ss->total.resolved);
	mb_ctx_count(o, "units", (int64_t)ss->nrows);
	rate(J, o, "on_time", &ss->total.rate[MB_RATE_ON_TIME], ss->total.met[MB_RATE_ON_TIME]);
	target(J, o, MB_RATE_ON_TIME);
	mb_ctx_count(o, "met_units", (int64_t)ss->all[MB_RATE_ON_TIME].met);
	mb_ctx_count(o, "compared_units", (int64_t)ss->all[MB_RATE_ON_TIME].compared);
}

static void targets(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *ss)
{
	cJSON *arr = mb_ctx_arr(o, "rates");
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		if (r == MB_RATE_ON_TIME || J->P->m->site.targets.rate[r] < 0 || !ss->total.rate[r].valid)
			continue;
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "word", mb_rates[r].word);
		mb_ctx_ref(x, "name", mb_rates[r].name);
		rate(J, x, "value", &ss->total.rate[r], ss->total.met[r]);
		target(J, x, r);
		mb_ctx_count(x, "met_units", (int64_t)ss->all[r].met);
		mb_ctx_count(x, "compared_units", (int64_t)ss->all[r].compared);
	}
	ends(arr);
}

static void groups(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *ss)
{
	const struct mb_model *m = J->P->m;
	cJSON *arr = mb_ctx_arr(o, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mb_service *t = &ss->group_total[g];
		if (!ss->tally[g][0].units)
			continue;
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "name", m->groups[g].name);
		mb_ctx_count(x, "received", t->received);
		rate(J, x, "on_time", &t->rate[MB_RATE_ON_TIME], t->met[MB_RATE_ON_TIME]);
		rate(J, x, "online", &t->rate[MB_RATE_ONLINE], t->met[MB_RATE_ONLINE]);
	}
	ends(arr);
}

/* The two headline rates (on time, online) against each earlier period. */
static void changes(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *ss)
{
	const struct mb_model *m = J->P->m;
	static const int shown[] = {MB_RATE_ON_TIME, MB_RATE_ONLINE};
	cJSON *arr = mb_ctx_arr(o, "comparisons");
	for (int v = 0; v < MB_VS_COUNT; v++) {
		if (ss->vs[v] < 0)
			continue;
		cJSON *x = NULL, *rates = NULL;
		for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
			const struct mb_change *c = &ss->total.change[v][shown[k]];
			if (!c->valid)
				continue;
			if (!x) {
				x = mb_ctx_obj(arr, NULL);
				label(x, "label", &m->periods[ss->vs[v]]);
				mb_ctx_bool(x, "year_ago", v == MB_VS_YEAR_AGO);
				rates = mb_ctx_arr(x, "rates");
			}
			cJSON *y = mb_ctx_obj(rates, NULL);
			mb_ctx_ref(y, "word", mb_rates[shown[k]].word);
			change(J, y, c);
		}
		if (rates)
			ends(rates);
	}
	ends(arr);
}

static void overdue(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *ss,
                    const struct mb_hl_fact *f)
{
	const struct mb_model *m = J->P->m;
	mb_ctx_count(o, "units", (int64_t)ss->overdue_units);
	mb_ctx_count(o, "files", ss->total.pend_overdue);
	mb_ctx_bool(o, "none", ss->overdue_units == 0);
	mb_ctx_bool(o, "one", ss->overdue_units == 1);
	mb_ctx_bool(o, "more", ss->overdue_units > f->nrows);
	cJSON *arr = mb_ctx_arr(o, "top");
	for (size_t k = 0; k < f->nrows; k++) {
		const struct mb_service *s = &ss->rows[f->rows[k]];
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "name", m->units[s->unit].name);
		mb_ctx_count(x, "files", s->pend_overdue);
	}
	ends(arr);
}

/* Leaders or last places: per group, the units sharing the place. */
static void places(struct mb_page_job *J, cJSON *o, const struct mb_scoreset *ss,
                   const struct mb_hl_fact *f)
{
	const struct mb_model *m = J->P->m;
	cJSON *arr = mb_ctx_arr(o, "groups");
	for (size_t k = 0; k < f->nrows;) {
		const struct mb_score *s = &ss->rows[f->rows[k]];
		int g = m->units[s->unit].group;
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "name", m->groups[g].name);
		mb_ctx_count(x, "rank", s->rank);
		mb_ctx_count(x, "of", (int64_t)ss->nranked[g]);
		mb_page_put_pct2(&J->tmp, s->percent.pct2);
		mb_ctx_tmp(x, "percent", &J->tmp);
		cJSON *units = mb_ctx_arr(x, "units");
		size_t n = 0;
		for (; k < f->nrows && m->units[ss->rows[f->rows[k]].unit].group == g; k++, n++) {
			cJSON *u = mb_ctx_obj(units, NULL);
			mb_ctx_ref(u, "name", m->units[ss->rows[f->rows[k]].unit].name);
		}
		ends(units);
		mb_ctx_bool(x, "tie", n > 1);
	}
	ends(arr);
}

static void ranked(struct mb_page_job *J, cJSON *o, const struct mb_scoreset *ss)
{
	const struct mb_model *m = J->P->m;
	mb_ctx_count(o, "units", (int64_t)ss->nrows);
	cJSON *arr = mb_ctx_arr(o, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!ss->nranked[g])
			continue;
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "name", m->groups[g].name);
		mb_ctx_count(x, "count", (int64_t)ss->nranked[g]);
	}
	ends(arr);
}

static void means(struct mb_page_job *J, cJSON *o, const struct mb_scoreset *ss)
{
	const struct mb_model *m = J->P->m;
	cJSON *arr = mb_ctx_arr(o, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mb_mean *mn = &ss->means[g].percent;
		if (!mn->n)
			continue;
		cJSON *x = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(x, "name", m->groups[g].name);
		mb_page_put_pct2(&J->tmp, mn->r2);
		mb_ctx_tmp(x, "mean", &J->tmp);
		cJSON *ch = mb_ctx_arr(x, "changes");
		/* The periods its mean is not compared with because its units
		 * were reorganised since, and the latest day of that. */
		cJSON *nc = mb_ctx_arr(x, "not_compared");
		struct mb_change latest = {0};
		for (int v = 0; v < MB_VS_COUNT; v++) {
			const struct mb_change *c = &ss->mean_change[v][g];
			if (c->reorganised) {
				label(mb_ctx_obj(nc, NULL), "label", &m->periods[c->period]);
				bool later = c->reorganised_on > latest.reorganised_on;
				if (!latest.reorganised || later)
					latest = *c;
			}
			if (!c->valid)
				continue;
			cJSON *y = mb_ctx_obj(ch, NULL);
			label(y, "label", &m->periods[c->period]);
			mb_ctx_bool(y, "year_ago", v == MB_VS_YEAR_AGO);
			change(J, y, c);
		}
		ends(ch);
		ends(nc);
		mb_ctx_bool(x, "has_changes", ch->child != NULL);
		if (latest.reorganised) {
			mb_page_put_day(&J->tmp, latest.reorganised_on);
			mb_ctx_tmp(x, "reorganised", &J->tmp);
		} else {
			mb_ctx_bool(x, "reorganised", false);
		}
	}
	ends(arr);
}

static void movers_of(struct mb_page_job *J, cJSON *o, const char *key,
                      const struct mb_scoreset *ss, const int *rows, size_t n)
{
	const struct mb_model *m = J->P->m;
	if (!n) {
		mb_ctx_bool(o, key, false);
		return;
	}
	cJSON *x = mb_ctx_obj(o, key);
	const struct mb_score *first = &ss->rows[rows[0]];
	int delta = first->rank_change < 0 ? -first->rank_change : first->rank_change;
	mb_ctx_count(x, "delta", delta);
	mb_ctx_bool(x, "tie", n > 1);
	label(x, "vs", &m->periods[first->prev_period]);
	cJSON *arr = mb_ctx_arr(x, "units");
	for (size_t k = 0; k < n; k++) {
		const struct mb_score *s = &ss->rows[rows[k]];
		cJSON *u = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(u, "name", m->units[s->unit].name);
		mb_ctx_ref(u, "group", m->groups[m->units[s->unit].group].name);
		mb_ctx_count(u, "from", s->prev_rank);
		mb_ctx_count(u, "to", s->rank);
	}
	ends(arr);
}

void mb_ctx_highlights(struct mb_page_job *J, cJSON *ctx, size_t p, size_t max)
{
	const struct mb_model *m = J->P->m;
	const struct mb_period *pe = &m->periods[p];
	struct mb_highlights h;
	if (!mb_highlights(m, p, max, &h)) {
		mb_highlights_release(&h);
		return;
	}
	cJSON *hl = mb_ctx_obj(ctx, "highlights");
	mb_ctx_period_link(J, hl, "period", p);
	mb_ctx_count(hl, "count", (int64_t)h.n);
	cJSON *facts = mb_ctx_arr(hl, "facts");
	static const char *const keys[MB_HL_KINDS] = {
		[MB_HL_SERVICES] = "hl_services", [MB_HL_TARGETS] = "hl_targets",
		[MB_HL_GROUPS] = "hl_groups",     [MB_HL_CHANGE] = "hl_change",
		[MB_HL_OVERDUE] = "hl_overdue",   [MB_HL_RANKED] = "hl_ranked",
		[MB_HL_LEADERS] = "hl_leaders",
		[MB_HL_MEANS] = "hl_means",       [MB_HL_MOVERS] = "hl_movers",
		[MB_HL_LAST] = "hl_last",
	};
	for (size_t k = 0; k < h.n; k++) {
		const struct mb_hl_fact *f = &h.v[k];
		cJSON *o = mb_ctx_obj(mb_ctx_obj(facts, NULL), keys[f->kind]);
		label(o, "period", pe);
		/* The sentence right after the one that names the index need not
		 * name it again. */
		mb_ctx_bool(o, "intro", k > 0 && h.v[k - 1].kind == MB_HL_RANKED &&
		                        h.v[k - 1].index == f->index);
		const struct mb_serviceset *svc = pe->services;
		const struct mb_scoreset *ss = f->index >= 0 ? pe->scores[f->index] : NULL;
		if (ss)
			index_of(J, o, f->index);
		switch (f->kind) {
		case MB_HL_SERVICES: services(J, o, svc); break;
		case MB_HL_TARGETS: targets(J, o, svc); break;
		case MB_HL_GROUPS: groups(J, o, svc); break;
		case MB_HL_CHANGE: changes(J, o, svc); break;
		case MB_HL_OVERDUE: overdue(J, o, svc, f); break;
		case MB_HL_RANKED: ranked(J, o, ss); break;
		case MB_HL_LEADERS: places(J, o, ss, f); break;
		case MB_HL_MEANS: means(J, o, ss); break;
		case MB_HL_MOVERS:
			movers_of(J, o, "climb", ss, f->rows, f->nrows);
			movers_of(J, o, "fall", ss, f->rows2, f->nrows2);
			break;
		case MB_HL_LAST: places(J, o, ss, f); break;
		case MB_HL_KINDS: break;
		}
	}
	ends(facts);
	mb_highlights_release(&h);
}
