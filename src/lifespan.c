/* lifespan.c - units over time: which units exist in each period, which are current. */
#include "lifespan.h"

#include <stdlib.h>

#include "alloc.h"

static int day_cmp(const void *a, const void *b)
{
	mb_day x = *(const mb_day *)a, y = *(const mb_day *)b;
	return (x > y) - (x < y);
}

/* The days on which the units of group g changed, in order, each once. */
static void group_changes(struct mb_model *m, struct mb_group *g)
{
	free(g->changes);
	g->changes = mb_xcalloc(2 * g->nunits + 1, sizeof *g->changes);
	size_t n = 0;
	for (size_t k = 0; k < g->nunits; k++) {
		const struct mb_unit *u = &m->units[g->units[k]];
		if (u->from)
			g->changes[n++] = u->from_day;
		if (u->until)
			g->changes[n++] = u->until_day + 1;
	}
	qsort(g->changes, n, sizeof *g->changes, day_cmp);
	g->nchanges = 0;
	for (size_t k = 0; k < n; k++)
		if (g->nchanges == 0 || g->changes[g->nchanges - 1] != g->changes[k])
			g->changes[g->nchanges++] = g->changes[k];
}

bool mb_group_reorganised(const struct mb_model *m, int g, size_t then, size_t now, mb_day *day)
{
	const struct mb_group *gr = &m->groups[g];
	mb_day after = m->periods[then].first_day, last = m->periods[now].last_day;
	/* lo: how many changes are on or before `last`. */
	size_t lo = 0, hi = gr->nchanges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (gr->changes[mid] <= last)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || gr->changes[lo - 1] <= after)
		return false;
	*day = gr->changes[lo - 1];
	return true;
}

void mb_lifespan_compute(struct mb_model *m)
{
	for (size_t g = 0; g < m->ngroups; g++)
		group_changes(m, &m->groups[g]);
	for (size_t p = 0; p < m->nperiods; p++) {
		struct mb_period *pe = &m->periods[p];
		free(pe->units);
		free(pe->group_nunits);
		pe->units = mb_xcalloc(m->nunits + 1, sizeof *pe->units);
		pe->group_nunits = mb_xcalloc(m->ngroups + 1, sizeof *pe->group_nunits);
		pe->nunits = 0;
		for (size_t u = 0; u < m->nunits; u++) {
			const struct mb_unit *x = &m->units[u];
			if (!mb_unit_exists(x, pe->first_day, pe->last_day))
				continue;
			pe->units[pe->nunits++] = (int)u;
			pe->group_nunits[x->group]++;
		}
	}
	int latest = mb_model_latest_period(m);
	for (size_t u = 0; u < m->nunits; u++) {
		struct mb_unit *x = &m->units[u];
		x->current = latest < 0 || mb_unit_exists(x, m->periods[latest].first_day,
		                                          m->periods[latest].last_day);
	}
}
