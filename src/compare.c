/* compare.c - a period against the one before it: changes, who entered and left, silent gaps. */
#include "compare.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "fixed.h"
#include "i18n.h"
#include "lifespan.h"

/* Where each rate's figures are in a service row, for its warning, and
 * what a message calls it. */
static const struct {
	const char *ptr;
	const char *name;
} rate_place[MB_RATE_COUNT] = {
	[MB_RATE_ON_TIME] = {"resolved", N_("the on-time rate")},
	[MB_RATE_ONLINE] = {"received/online", N_("the online rate")},
	[MB_RATE_ONLINE_PAYMENT] = {"payments", N_("the online payment rate")},
	[MB_RATE_DIGITIZED] = {"digitized", N_("the digitised rate")},
	[MB_RATE_SATISFACTION] = {"satisfaction", N_("the satisfaction rate")},
};

void mb_ratio_change(struct mb_change *c, const struct mb_ratio *now, const struct mb_ratio *then,
                     int p)
{
	memset(c, 0, sizeof *c);
	c->period = p;
	c->valid = p >= 0 && now->valid && then->valid;
	if (!c->valid)
		return;
	/* num/den - num'/den' over one denominator, exactly; x 10^4 is the
	 * difference in hundredths of a percentage point. */
	__int128 num = (__int128)now->num * then->den - (__int128)then->num * now->den;
	__int128 den = (__int128)now->den * then->den;
	c->sign = (num > 0) - (num < 0);
	c->d2 = mb_round(num, den, 4);
	c->d4 = mb_round(num, den, 6);
}

static void mean_change(struct mb_change *c, const struct mb_mean *now, const struct mb_mean *then,
                        int p)
{
	memset(c, 0, sizeof *c);
	c->period = p;
	c->valid = p >= 0 && now->n > 0 && then->n > 0;
	if (!c->valid)
		return;
	mpq_t q;
	mpq_init(q);
	mpq_sub(q, now->exact, then->exact);
	c->sign = mpq_sgn(q);
	c->d2 = mb_round_q(q, 4);
	c->d4 = mb_round_q(q, 6);
	mpq_clear(q);
}

/* The periods a period of this kind is compared with, among those that
 * have what `has` says (scores of index `index`, or services when -1). */
static bool has(const struct mb_period *pe, int index)
{
	return index < 0 ? pe->services != NULL : pe->scores[index] != NULL;
}

static void find_vs(const struct mb_model *m, size_t p, int index, int vs[MB_VS_COUNT])
{
	const struct mb_period *pe = &m->periods[p];
	vs[MB_VS_PREVIOUS] = vs[MB_VS_YEAR_AGO] = -1;
	for (size_t q = p; q-- > 0;) {
		const struct mb_period *x = &m->periods[q];
		if ((x->quarter == 0) != (pe->quarter == 0) || !has(x, index))
			continue;
		if (vs[MB_VS_PREVIOUS] < 0)
			vs[MB_VS_PREVIOUS] = (int)q;
		if (pe->quarter && x->quarter == pe->quarter && x->year == pe->year - 1)
			vs[MB_VS_YEAR_AGO] = (int)q;
	}
}

/* Units with a row in `now` and none in `then` (row_of_unit: -1), and the
 * other way round, in units.json order. */
static void entered_left(const struct mb_model *m, const int *now, const int *then,
                         int **entered, size_t *nentered, int **left, size_t *nleft)
{
	*entered = mb_xcalloc(m->nunits + 1, sizeof **entered);
	*left = mb_xcalloc(m->nunits + 1, sizeof **left);
	*nentered = *nleft = 0;
	for (size_t u = 0; then && u < m->nunits; u++) {
		if (now[u] >= 0 && then[u] < 0)
			(*entered)[(*nentered)++] = (int)u;
		else if (now[u] < 0 && then[u] >= 0)
			(*left)[(*nleft)++] = (int)u;
	}
}

/* A unit that left but still exists in period p: its row is missing. */
static void missing_rows(const struct mb_model *m, size_t p, const char *file, const char *ptr,
                         const int *left, size_t nleft, int then, bool scores, struct mb_diags *d)
{
	const struct mb_period *pe = &m->periods[p];
	for (size_t k = 0; k < nleft; k++) {
		const struct mb_unit *u = &m->units[left[k]];
		if (!mb_unit_exists(u, pe->first_day, pe->last_day))
			continue;
		if (scores)
			mb_diag(d, MB_WARNING, file, ptr, _("%s (%s) was ranked in %s but has no score "
			        "here: add its score, or give the unit \"until\" in units.json if it "
			        "no longer exists"), u->name, u->id, m->periods[then].label);
		else
			mb_diag(d, MB_WARNING, file, ptr, _("%s (%s) has figures in %s but no row here: "
			        "add its row, or give the unit \"until\" in units.json if it no "
			        "longer exists"), u->name, u->id, m->periods[then].label);
	}
}

/* A group's mean or total over other units is no earlier value of it:
 * across a reorganisation of group g between period `then` and p
 * (mb_group_reorganised) its change c is not compared and says since
 * when.  Returns whether the group was reorganised. */
static bool not_compared(const struct mb_model *m, size_t g, int then, size_t p,
                         struct mb_change *c)
{
	mb_day day;
	if (!mb_group_reorganised(m, (int)g, (size_t)then, p, &day))
		return false;
	*c = (struct mb_change){.period = then, .reorganised = true, .reorganised_on = day};
	return true;
}

static void compare_scores(struct mb_model *m, size_t p, size_t i, struct mb_diags *d)
{
	struct mb_scoreset *ss = m->periods[p].scores[i];
	find_vs(m, p, (int)i, ss->vs);
	for (int v = 0; v < MB_VS_COUNT; v++) {
		ss->mean_change[v] = mb_xcalloc(m->ngroups + 1, sizeof *ss->mean_change[v]);
		const struct mb_scoreset *then = ss->vs[v] >= 0 ? m->periods[ss->vs[v]].scores[i] : NULL;
		for (size_t g = 0; g < m->ngroups; g++) {
			struct mb_mean none = {0};
			struct mb_change *c = &ss->mean_change[v][g];
			const struct mb_mean *was = then ? &then->means[g].percent : &none;
			mean_change(c, &ss->means[g].percent, was, ss->vs[v]);
			if (c->valid)
				not_compared(m, g, ss->vs[v], p, c);
		}
	}
	int prev = ss->vs[MB_VS_PREVIOUS];
	const struct mb_scoreset *then = prev >= 0 ? m->periods[prev].scores[i] : NULL;
	entered_left(m, ss->row_of_unit, then ? then->row_of_unit : NULL, &ss->entered,
	             &ss->nentered, &ss->left, &ss->nleft);
	if (then)
		missing_rows(m, p, ss->file, "/scores", ss->left, ss->nleft, prev, true, d);
}

/* The same unit's row in an earlier set of service figures, or NULL. */
static const struct mb_service *row_then(const struct mb_serviceset *then,
                                         const struct mb_service *s)
{
	int k = then->row_of_unit[s->unit];
	return k < 0 ? NULL : &then->rows[k];
}

/* Carried-over files are what the previous quarter (the one right before,
 * not any earlier one) left pending. */
static void carry_over(const struct mb_model *m, size_t p, const struct mb_serviceset *ss,
                       struct mb_diags *d)
{
	const struct mb_period *pe = &m->periods[p];
	if (!pe->quarter)
		return;
	int py = pe->quarter == 1 ? pe->year - 1 : pe->year, pq = pe->quarter == 1 ? 4 : pe->quarter - 1;
	const struct mb_period *prev = NULL;
	for (size_t q = 0; q < p && !prev; q++)
		if (m->periods[q].year == py && m->periods[q].quarter == pq && m->periods[q].services)
			prev = &m->periods[q];
	if (!prev)
		return;
	mb_buf ptr;
	mb_buf_init(&ptr);
	for (size_t r = 0; r < ss->nrows; r++) {
		const struct mb_service *s = &ss->rows[r];
		const struct mb_service *ps = row_then(prev->services, s);
		if (!ps)
			continue;
		if (s->carried_over == ps->pending)
			continue;
		mb_buf_reset(&ptr);
		mb_buf_printf(&ptr, "/services/%zu/carried_over", s->json_pos);
		char *n[4] = {mb_said(s->carried_over, 0), mb_said(ps->pending, 0),
		              mb_said(ps->pend_in_time, 0), mb_said(ps->pend_overdue, 0)};
		mb_diag_row(d, MB_WARNING, ss->file, ptr.data, s->json_pos, m->units[s->unit].name,
		            _("%s files carried over, but %s ended with %s files pending (%s in "
		              "time, %s overdue): one of the two figures is wrong"),
		            n[0], prev->label, n[1], n[2], n[3]);
		for (int k = 0; k < 4; k++)
			free(n[k]);
	}
	mb_buf_release(&ptr);
}

/* Optional figures a unit gave in the period compared with and leaves out
 * now: the site would show no rate for them, in silence.  Payments and
 * digitised files come from the service systems every quarter; not
 * satisfaction, which units survey when they survey (the sample's communes
 * skip quarters), so its absence is no sign of a mistake. */
static void dropped_figures(const struct mb_model *m, const struct mb_serviceset *ss, int prev,
                            struct mb_diags *d)
{
	const struct mb_serviceset *then = m->periods[prev].services;
	mb_buf ptr;
	mb_buf_init(&ptr);
	for (size_t r = 0; r < ss->nrows; r++) {
		const struct mb_service *s = &ss->rows[r];
		const struct mb_service *ps = row_then(then, s);
		if (!ps)
			continue;
		const struct {
			bool was, now;
			const char *key, *what;
		} f[] = {
			{ps->has_payments, s->has_payments, "payments", N_("Payments online")},
			{ps->has_digitized, s->has_digitized, "digitized", N_("Digitised files")},
		};
		for (size_t x = 0; x < sizeof f / sizeof *f; x++) {
			if (!f[x].was || f[x].now)
				continue;
			mb_buf_reset(&ptr);
			mb_buf_printf(&ptr, "/services/%zu", s->json_pos);
			mb_diag_row(d, MB_WARNING, ss->file, ptr.data, s->json_pos, m->units[s->unit].name,
			            _("%s (\"%s\") were given in %s but are missing here: add them, or "
			              "the site shows no figure of them for this unit"),
			            _(f[x].what), f[x].key, m->periods[prev].label);
		}
	}
	mb_buf_release(&ptr);
}

/* Files the period before this one of the same kind had and this one has
 * not: an index no longer scored, or a file forgotten. */
static void missing_files(const struct mb_model *m, size_t p, struct mb_diags *d)
{
	const struct mb_period *pe = &m->periods[p];
	int q = -1;
	for (size_t x = p; x-- > 0 && q < 0;)
		if ((m->periods[x].quarter == 0) == (pe->quarter == 0))
			q = (int)x;
	if (q < 0)
		return;
	const struct mb_period *was = &m->periods[q];
	mb_buf path;
	mb_buf_init(&path);
	for (size_t i = 0; i < m->nindices; i++) {
		if (!was->scores[i] || pe->scores[i])
			continue;
		mb_buf_reset(&path);
		mb_buf_printf(&path, "%s/periods/%s/%s.json", m->dir, pe->id, m->indices[i].id);
		mb_diag(d, MB_WARNING, path.data, "", _("missing: %s has scores of %s and %s has none: "
		        "add this file, or leave this warning if the index is no longer scored"),
		        was->label, m->indices[i].name, pe->label);
	}
	if (was->services && !pe->services) {
		mb_buf_reset(&path);
		mb_buf_printf(&path, "%s/periods/%s/services.json", m->dir, pe->id);
		mb_diag(d, MB_WARNING, path.data, "", _("missing: %s has service figures and %s has "
		        "none: add this file, or leave this warning if they are no longer published"),
		        was->label, pe->label);
	}
	mb_buf_release(&path);
}

/* A percentage to 2 decimals (hundredths) as messages write it: the
 * Vietnamese way in Vietnamese, plain in English. */
static void put_pct2(mb_buf *b, int64_t v)
{
	mb_put_num(b, v, 2, mb_i18n_vietnamese() ? MB_NUM_VI : MB_NUM_PLAIN);
}

/* Whether two exact rates differ by more than limit (millionths of one):
 * a comparison, exact; the change itself is the row's `change`. */
static bool beyond(const struct mb_ratio *now, const struct mb_ratio *was, int64_t limit)
{
	__int128 num = (__int128)now->num * was->den - (__int128)was->num * now->den;
	__int128 den = (__int128)now->den * was->den;
	return (num < 0 ? -num : num) * 1000000 > (__int128)limit * den;
}

/* Rates that moved more than the site allows against the previous quarter
 * (the rows' changes against vs[MB_VS_PREVIOUS], which `prev` is). */
static void rate_jumps(const struct mb_model *m, const struct mb_serviceset *ss, int prev,
                       struct mb_diags *d)
{
	const struct mb_serviceset *then = m->periods[prev].services;
	int64_t limit = m->site.rate_change_warning;
	mb_buf ptr, a, b, diff, lim;
	mb_buf_init(&ptr);
	mb_buf_init(&a);
	mb_buf_init(&b);
	mb_buf_init(&diff);
	mb_buf_init(&lim);
	mb_put_said(&lim, limit, 4);
	for (size_t r = 0; r < ss->nrows; r++) {
		const struct mb_service *s = &ss->rows[r];
		const struct mb_service *ps = row_then(then, s);
		if (!ps)
			continue;
		for (int x = 0; x < MB_RATE_COUNT; x++) {
			const struct mb_ratio *now = &s->rate[x], *was = &ps->rate[x];
			if (!now->valid || !was->valid || now->den < MB_RATE_CHANGE_MIN_FILES ||
			    was->den < MB_RATE_CHANGE_MIN_FILES)
				continue;
			if (!beyond(now, was, limit))
				continue;
			const struct mb_change *c = &s->change[MB_VS_PREVIOUS][x];
			mb_buf_reset(&ptr);
			mb_buf_reset(&a);
			mb_buf_reset(&b);
			mb_buf_reset(&diff);
			mb_buf_printf(&ptr, "/services/%zu/%s", s->json_pos, rate_place[x].ptr);
			put_pct2(&a, was->pct2);
			put_pct2(&b, now->pct2);
			put_pct2(&diff, c->d2 < 0 ? -c->d2 : c->d2);
			mb_diag_row(d, MB_WARNING, ss->file, ptr.data, s->json_pos, m->units[s->unit].name,
			            c->sign > 0 ? _("%s rose from %s%% in %s to %s%%, up %s points: more than "
			                           "the %s points that \"rate_change_warning\" in site.json "
			                           "allows; check that each figure is in its right place")
			                       : _("%s fell from %s%% in %s to %s%%, down %s points: more "
			                           "than the %s points that \"rate_change_warning\" in "
			                           "site.json allows; check that each figure is in its right "
			                           "place"),
			            _(rate_place[x].name), a.data, m->periods[prev].label, b.data, diff.data,
			            lim.data);
		}
	}
	mb_buf_release(&ptr);
	mb_buf_release(&a);
	mb_buf_release(&b);
	mb_buf_release(&diff);
	mb_buf_release(&lim);
}

/* Each rate of `now` against the same rates of `then` (NULL: none), in
 * period p (-1: none). */
static void service_changes(struct mb_service *now, const struct mb_service *then, int v, int p)
{
	struct mb_ratio none = {0};
	for (int r = 0; r < MB_RATE_COUNT; r++)
		mb_ratio_change(&now->change[v][r], &now->rate[r], then ? &then->rate[r] : &none,
		                then ? p : -1);
}

static void compare_services(struct mb_model *m, size_t p, struct mb_diags *d)
{
	struct mb_serviceset *ss = m->periods[p].services;
	find_vs(m, p, -1, ss->vs);
	/* Units against their own rows, groups and all units against their
	 * totals then (a group only when it had rows then). */
	for (int v = 0; v < MB_VS_COUNT; v++) {
		int o = ss->vs[v];
		const struct mb_serviceset *then = o >= 0 ? m->periods[o].services : NULL;
		for (size_t r = 0; r < ss->nrows; r++) {
			int k = then ? then->row_of_unit[ss->rows[r].unit] : -1;
			service_changes(&ss->rows[r], k >= 0 ? &then->rows[k] : NULL, v, o);
		}
		for (size_t g = 0; g < m->ngroups; g++) {
			service_changes(&ss->group_total[g], then && then->tally[g][0].units ?
			                &then->group_total[g] : NULL, v, o);
			struct mb_change *ch = ss->group_total[g].change[v];
			if (then && then->tally[g][0].units && not_compared(m, g, o, p, &ch[0]))
				for (int r = 1; r < MB_RATE_COUNT; r++)
					ch[r] = ch[0];
		}
		service_changes(&ss->total, then ? &then->total : NULL, v, o);
	}
	int prev = ss->vs[MB_VS_PREVIOUS];
	const struct mb_serviceset *then = prev >= 0 ? m->periods[prev].services : NULL;
	entered_left(m, ss->row_of_unit, then ? then->row_of_unit : NULL, &ss->entered,
	             &ss->nentered, &ss->left, &ss->nleft);
	if (!then)
		return;
	missing_rows(m, p, ss->file, "/services", ss->left, ss->nleft, prev, false, d);
	dropped_figures(m, ss, prev, d);
	carry_over(m, p, ss, d);
	if (m->periods[p].quarter)
		rate_jumps(m, ss, prev, d);
}

/* The units with a row in any file of period p. */
static size_t reported(const struct mb_model *m, const struct mb_period *pe)
{
	size_t n = 0;
	for (size_t u = 0; u < m->nunits; u++) {
		bool any = pe->services && pe->services->row_of_unit[u] >= 0;
		for (size_t i = 0; i < m->nindices && !any; i++)
			any = pe->scores[i] && pe->scores[i]->row_of_unit[u] >= 0;
		n += any;
	}
	return n;
}

void mb_compare(struct mb_model *m, struct mb_diags *d)
{
	for (size_t p = 0; p < m->nperiods; p++) {
		m->periods[p].nreported = reported(m, &m->periods[p]);
		for (size_t i = 0; i < m->nindices; i++)
			if (m->periods[p].scores[i])
				compare_scores(m, p, i, d);
		if (m->periods[p].services)
			compare_services(m, p, d);
		missing_files(m, p, d);
	}
}
