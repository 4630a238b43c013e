/* highlights.c - a period in a few sentences: the facts worth saying, chosen from the computed model. */
#include "highlights.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* How telling each kind of fact is: the lower, the sooner it is kept. */
static const int priority[MB_HL_KINDS] = {
	[MB_HL_SERVICES] = 0, [MB_HL_LEADERS] = 1, [MB_HL_TARGETS] = 2, [MB_HL_OVERDUE] = 3,
	[MB_HL_MEANS] = 4,    [MB_HL_CHANGE] = 5,  [MB_HL_GROUPS] = 6,  [MB_HL_MOVERS] = 7,
	[MB_HL_LAST] = 8,     [MB_HL_RANKED] = 9,
};

struct cand {
	struct mb_hl_fact f;
	size_t order; /* the reading order */
};

static void push(struct cand *v, size_t *n, enum mb_hl_kind kind, int index)
{
	memset(&v[*n], 0, sizeof v[*n]);
	v[*n].f.kind = kind;
	v[*n].f.index = index;
	v[*n].order = *n;
	(*n)++;
}

static void add_row(int **rows, size_t *n, int r)
{
	*rows = mb_xreallocarray(*rows, *n + 1, sizeof **rows);
	(*rows)[(*n)++] = r;
}

/* The rows ranked first (last: ranked last) in each group, in group
 * order; a shared place names every unit that shares it, up to
 * MB_HL_NAMED. */
static void ends(const struct mb_model *m, const struct mb_scoreset *ss, bool last,
                 struct mb_hl_fact *f)
{
	for (size_t g = 0; g < m->ngroups; g++) {
		size_t n = ss->nranked[g];
		if (!n)
			continue;
		int place = ss->rows[ss->ranked[g][last ? n - 1 : 0]].rank;
		if (last && place == 1)
			continue; /* one unit, or all share the first place: said already */
		size_t named = 0;
		for (size_t k = 0; k < n && named < MB_HL_NAMED; k++) {
			int r = ss->ranked[g][k];
			if (ss->rows[r].rank == place) {
				add_row(&f->rows, &f->nrows, r);
				named++;
			}
		}
	}
}

/* Rows by rank, then in the order of the file. */
static int rank_cmp(const void *a, const void *b, void *arg)
{
	const struct mb_scoreset *ss = arg;
	int x = *(const int *)a, y = *(const int *)b;
	if (ss->rows[x].rank != ss->rows[y].rank)
		return ss->rows[x].rank < ss->rows[y].rank ? -1 : 1;
	return (x > y) - (x < y);
}

/* The biggest climb (sign 1) or fall (-1) of units that have a rank
 * change (an earlier rank, and no reorganisation of their group since);
 * ties name up to MB_HL_NAMED, the better rank first, then in the order
 * of the file. */
static void movers(const struct mb_scoreset *ss, int sign, int **rows, size_t *n)
{
	int best = 0;
	for (size_t r = 0; r < ss->nrows; r++) {
		const struct mb_score *s = &ss->rows[r];
		if (s->prev_rank > 0 && s->rank_change * sign > best)
			best = s->rank_change * sign;
	}
	if (!best)
		return;
	int *v = mb_xcalloc(ss->nrows + 1, sizeof *v);
	size_t k = 0;
	for (size_t r = 0; r < ss->nrows; r++)
		if (ss->rows[r].prev_rank > 0 && ss->rows[r].rank_change * sign == best)
			v[k++] = (int)r;
	qsort_r(v, k, sizeof *v, rank_cmp, (void *)ss);
	for (size_t i = 0; i < k && *n < MB_HL_NAMED; i++)
		add_row(rows, n, v[i]);
	free(v);
}

static int unit_cmp_overdue(const void *a, const void *b, void *arg)
{
	const struct mb_serviceset *ss = arg;
	const struct mb_service *x = &ss->rows[*(const int *)a], *y = &ss->rows[*(const int *)b];
	if (x->pend_overdue != y->pend_overdue)
		return x->pend_overdue > y->pend_overdue ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

static void overdue(const struct mb_serviceset *ss, struct mb_hl_fact *f)
{
	int *v = mb_xcalloc(ss->nrows + 1, sizeof *v);
	size_t n = 0;
	for (size_t r = 0; r < ss->nrows; r++)
		if (ss->rows[r].pend_overdue > 0)
			v[n++] = (int)r;
	qsort_r(v, n, sizeof *v, unit_cmp_overdue, (void *)ss);
	for (size_t k = 0; k < n && k < MB_HL_NAMED; k++)
		add_row(&f->rows, &f->nrows, v[k]);
	free(v);
}

static bool any_target(const struct mb_model *m, const struct mb_serviceset *ss)
{
	for (int r = 0; r < MB_RATE_COUNT; r++)
		if (r != MB_RATE_ON_TIME && m->site.targets.rate[r] >= 0 && ss->total.rate[r].valid)
			return true;
	return false;
}

static bool any_change(const struct mb_serviceset *ss)
{
	for (int v = 0; v < MB_VS_COUNT; v++)
		for (int r = 0; r < MB_RATE_COUNT; r++)
			if (ss->total.change[v][r].valid)
				return true;
	return false;
}

static int cand_priority(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int px = priority[x->f.kind], py = priority[y->f.kind];
	if (px != py)
		return px < py ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

static int cand_order(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return (x->order > y->order) - (x->order < y->order);
}

size_t mb_highlights(const struct mb_model *m, size_t p, size_t max, struct mb_highlights *h)
{
	memset(h, 0, sizeof *h);
	h->period = p;
	const struct mb_period *pe = &m->periods[p];
	struct cand *v = mb_xcalloc(5 + 5 * m->nindices, sizeof *v);
	size_t n = 0;
	const struct mb_serviceset *svc = pe->services;
	if (svc && svc->nrows) {
		push(v, &n, MB_HL_SERVICES, -1);
		if (any_target(m, svc))
			push(v, &n, MB_HL_TARGETS, -1);
		push(v, &n, MB_HL_GROUPS, -1);
		if (any_change(svc))
			push(v, &n, MB_HL_CHANGE, -1);
		push(v, &n, MB_HL_OVERDUE, -1);
		overdue(svc, &v[n - 1].f);
	}
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = pe->scores[i];
		if (!ss || !ss->nrows)
			continue;
		push(v, &n, MB_HL_RANKED, (int)i);
		push(v, &n, MB_HL_LEADERS, (int)i);
		ends(m, ss, false, &v[n - 1].f);
		push(v, &n, MB_HL_MEANS, (int)i);
		struct mb_hl_fact mv = {.kind = MB_HL_MOVERS, .index = (int)i};
		movers(ss, 1, &mv.rows, &mv.nrows);
		movers(ss, -1, &mv.rows2, &mv.nrows2);
		if (mv.nrows || mv.nrows2) {
			push(v, &n, MB_HL_MOVERS, (int)i);
			v[n - 1].f = mv;
		}
		push(v, &n, MB_HL_LAST, (int)i);
		ends(m, ss, true, &v[n - 1].f);
		if (!v[n - 1].f.nrows)
			free(v[--n].f.rows);
	}
	/* The most telling first, then back in reading order. */
	qsort(v, n, sizeof *v, cand_priority);
	size_t keep = n < max ? n : max;
	for (size_t k = keep; k < n; k++) {
		free(v[k].f.rows);
		free(v[k].f.rows2);
	}
	qsort(v, keep, sizeof *v, cand_order);
	h->v = mb_xcalloc(keep + 1, sizeof *h->v);
	for (size_t k = 0; k < keep; k++)
		h->v[k] = v[k].f;
	h->n = keep;
	free(v);
	return h->n;
}

void mb_highlights_release(struct mb_highlights *h)
{
	for (size_t k = 0; k < h->n; k++) {
		free(h->v[k].rows);
		free(h->v[k].rows2);
	}
	free(h->v);
	h->v = NULL;
	h->n = 0;
}
