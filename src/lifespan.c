/* lifespan.c - units over time: which units exist in each period, which are current. */
#include "lifespan.h"

#include "alloc.h"

void mb_lifespan_compute(struct mb_model *m)
{
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
