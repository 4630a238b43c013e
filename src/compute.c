/* compute.c - criteria sums, percentages, ranks, changes and service rates, exactly. */
#include "compute.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "compare.h"
#include "i18n.h"
#include "jsonfile.h"
#include "lifespan.h"

/* Tolerance of sums (SPEC: ±0.0001), in fixed-point units. */
#define SUM_SLACK 1

/* Reports a problem of one score at /scores/N[/key[/crit]], naming its row. */
__attribute__((format(printf, 8, 9)))
static void score_diag(const struct mb_model *m, struct mb_diags *d, enum mb_severity sev,
                       const struct mb_scoreset *ss,
                       const struct mb_score *s, const char *key, const char *crit,
                       const char *fmt, ...)
{
	mb_buf p, msg;
	mb_buf_init(&p);
	mb_buf_init(&msg);
	mb_buf_printf(&p, "/scores/%zu", s->json_pos);
	if (key)
		mb_ptr_key(&p, key);
	if (crit)
		mb_ptr_key(&p, crit);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	mb_diag_row(d, sev, ss->file, p.data, s->json_pos, m->units[s->unit].name, "%s", msg.data);
	mb_buf_release(&p);
	mb_buf_release(&msg);
}

static char *dec(mb_fx v)
{
	return mb_said(v, 4);
}

/*
 * Fills the criteria tree of one score bottom-up.  Pre-order puts children
 * after their parent, so walking the array backwards sees every child
 * before its parent.  am[] receives each node's applicable maximum.
 */
static void resolve_tree(const struct mb_model *m, const struct mb_index *ix, const struct mb_scoreset *ss,
                         struct mb_score *s, mb_fx *am, struct mb_diags *d)
{
	for (size_t k = ix->ncrit; k-- > 0;) {
		const struct mb_criterion *cr = &ix->crit[k];
		struct mb_val *v = &s->crit[k];
		am[k] = v->state == MB_VAL_NA ? 0 : cr->max;
		if (cr->nchildren == 0)
			continue;
		size_t nset = 0, nna = 0, nabs = 0;
		mb_fx sum = 0, asum = 0;
		for (size_t j = 0; j < cr->nchildren; j++) {
			int c = cr->children[j];
			switch (s->crit[c].state) {
			case MB_VAL_SET: nset++; sum += s->crit[c].v; asum += am[c]; break;
			case MB_VAL_NA: nna++; break;
			case MB_VAL_ABSENT: nabs++; break;
			}
		}
		if (v->state == MB_VAL_SET) {
			if (nabs == cr->nchildren)
				continue; /* given at this level only */
			if (nabs > 0) {
				score_diag(m, d, MB_ERROR, ss, s, "criteria", cr->id, _("\"%s\" has a value and only "
				           "some of its sub-criteria do: give all of them or none"), cr->id);
			} else if (nna == cr->nchildren) {
				score_diag(m, d, MB_ERROR, ss, s, "criteria", cr->id, _("\"%s\" has a value but all "
				           "its sub-criteria are null (không áp dụng)"), cr->id);
			} else if (llabs(sum - v->v) > SUM_SLACK) {
				char *a = dec(v->v), *b = dec(sum);
				score_diag(m, d, MB_ERROR, ss, s, "criteria", cr->id,
				           _("%s differs from %s, the sum of its sub-criteria"), a, b);
				free(a);
				free(b);
			} else {
				am[k] = asum;
			}
		} else if (v->state == MB_VAL_NA) {
			if (nset > 0)
				score_diag(m, d, MB_ERROR, ss, s, "criteria", cr->id, _("\"%s\" is null (không áp "
				           "dụng) but some of its sub-criteria have values"), cr->id);
		} else if (nabs == 0) {
			if (nna == cr->nchildren) {
				v->state = MB_VAL_NA;
				am[k] = 0;
			} else {
				*v = (struct mb_val){MB_VAL_SET, sum};
				am[k] = asum;
			}
		}
	}
	/* What does not apply has no part that applies. */
	for (size_t k = 0; k < ix->ncrit; k++) {
		int p = ix->crit[k].parent;
		if (p >= 0 && s->crit[p].state == MB_VAL_NA)
			s->crit[k].state = MB_VAL_NA;
	}
	for (size_t t = 0; t < ix->ntop; t++) {
		int k = ix->top[t];
		if (s->crit[k].state == MB_VAL_ABSENT)
			score_diag(m, d, MB_ERROR, ss, s, "criteria", NULL, _("no value for \"%s\" (%s): give "
			           "it, or values for all of its sub-criteria, or null if it does not apply"),
			           ix->crit[k].id, ix->crit[k].name);
	}
}

static void score_totals(const struct mb_model *m, const struct mb_index *ix, const struct mb_scoreset *ss,
                         struct mb_score *s, mb_fx *am, struct mb_diags *d)
{
	bool any = false;
	for (size_t k = 0; k < ix->ncrit && !any; k++)
		any = s->crit[k].state != MB_VAL_ABSENT;
	if (!any && !s->has_total) {
		score_diag(m, d, MB_ERROR, ss, s, "criteria", NULL, "%s",
		           _("no criteria values and no total: there is nothing to rank"));
		s->max = ix->max;
		return;
	}
	if (!any) {
		/* A total alone: nothing is known of its criteria, which stay
		 * absent (printed null, shown "không có số liệu", never ranked). */
		s->total = s->given_total;
		s->max = s->has_max ? s->given_max : ix->max;
		if (s->total > s->max) {
			char *a = dec(s->total), *b = dec(s->max);
			score_diag(m, d, MB_ERROR, ss, s, "total", NULL, _("%s is above the maximum %s"), a, b);
			free(a);
			free(b);
		}
		return;
	}
	resolve_tree(m, ix, ss, s, am, d);
	s->total = 0;
	s->max = 0;
	for (size_t t = 0; t < ix->ntop; t++) {
		int k = ix->top[t];
		if (s->crit[k].state == MB_VAL_SET)
			s->total += s->crit[k].v;
		s->max += am[k];
	}
	if (s->max == 0)
		score_diag(m, d, MB_ERROR, ss, s, "criteria", NULL, "%s",
		           _("every criterion is null (không áp dụng): there is nothing to rank"));
	if (s->has_total && llabs(s->given_total - s->total) > SUM_SLACK) {
		char *a = dec(s->given_total), *b = dec(s->total);
		score_diag(m, d, MB_ERROR, ss, s, "total", NULL,
		           _("the total %s differs from %s, the sum of the criteria"), a, b);
		free(a);
		free(b);
	}
}

struct rank_ctx {
	const struct mb_model *m;
	const struct mb_scoreset *ss;
	int crit; /* -1: rank by percentage; else by this criterion's value */
};

static int row_cmp(const void *a, const void *b, void *arg)
{
	const struct rank_ctx *rc = arg;
	const struct mb_score *x = &rc->ss->rows[*(const int *)a];
	const struct mb_score *y = &rc->ss->rows[*(const int *)b];
	int c;
	if (rc->crit < 0) {
		c = -mb_ratio_cmp(x->total, x->max ? x->max : 1, y->total, y->max ? y->max : 1);
	} else {
		mb_fx vx = x->crit[rc->crit].v, vy = y->crit[rc->crit].v;
		c = (vx < vy) - (vx > vy);
	}
	return c ? c : strcmp(rc->m->units[x->unit].id, rc->m->units[y->unit].id);
}

static bool same_place(const struct rank_ctx *rc, int a, int b)
{
	const struct mb_score *x = &rc->ss->rows[a], *y = &rc->ss->rows[b];
	if (rc->crit < 0)
		return mb_ratio_cmp(x->total, x->max ? x->max : 1, y->total, y->max ? y->max : 1) == 0;
	return x->crit[rc->crit].v == y->crit[rc->crit].v;
}

/* Sorts rows best first and gives equal results the same rank (1, 2, 2, 4). */
static void assign_ranks(struct rank_ctx *rc, int *rows, size_t n, int *rank_of)
{
	qsort_r(rows, n, sizeof *rows, row_cmp, rc);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && same_place(rc, rows[i - 1], rows[i]))
			rank_of[rows[i]] = rank_of[rows[i - 1]];
		else
			rank_of[rows[i]] = (int)i + 1;
	}
}

/* A figure that is a ratio, exact, with its roundings (each made once from
 * the exact value). */
static void set_ratio(struct mb_ratio *r, bool present, int64_t num, int64_t den)
{
	r->valid = present && den > 0;
	r->num = present ? num : 0;
	r->den = present ? den : 0;
	r->pct2 = r->valid ? mb_round(num, den, 4) : 0;
	r->pct4 = r->valid ? mb_round(num, den, 6) : 0;
}

/* Adds num/den to q exactly. */
static void add_q(mpq_t q, int64_t num, int64_t den)
{
	mpq_t x;
	mpq_init(x);
	mpq_set_si(x, num, (unsigned long)den);
	mpq_canonicalize(x);
	mpq_add(q, q, x);
	mpq_clear(x);
}

/* Divides a sum of n values by n and rounds the mean (decimals: where the
 * hundredths and ten-thousandths of its unit are). */
static void finish_mean(struct mb_mean *mn, int d2, int d4)
{
	if (mn->n > 0) {
		mpq_t k;
		mpq_init(k);
		mpq_set_ui(k, (unsigned long)mn->n, 1);
		mpq_div(mn->exact, mn->exact, k);
		mpq_clear(k);
	}
	mn->r2 = mn->n ? mb_round_q(mn->exact, d2) : 0;
	mn->r4 = mn->n ? mb_round_q(mn->exact, d4) : 0;
}

/*
 * Means per group: the mean result (the exact mean of the units' exact
 * percentages) and the mean points of each top-level criterion among the
 * units it applies to.  The mean of n fractions with unrelated denominators
 * has a denominator no machine integer holds, so the exact value is a GMP
 * rational; each rounding is made from it once.
 */
static void group_means(const struct mb_model *m, struct mb_scoreset *ss)
{
	const struct mb_index *ix = &m->indices[ss->index];
	ss->means = mb_xcalloc(m->ngroups + 1, sizeof *ss->means);
	for (size_t g = 0; g < m->ngroups; g++) {
		struct mb_group_means *gm = &ss->means[g];
		mpq_init(gm->percent.exact);
		for (size_t j = 0; j < ss->nranked[g]; j++) {
			const struct mb_score *s = &ss->rows[ss->ranked[g][j]];
			if (s->max > 0) {
				add_q(gm->percent.exact, s->total, s->max);
				gm->percent.n++;
			}
		}
		finish_mean(&gm->percent, 4, 6);
		gm->crit = mb_xcalloc(ix->ntop + 1, sizeof *gm->crit);
		for (size_t t = 0; t < ix->ntop; t++) {
			struct mb_mean *mn = &gm->crit[t];
			mpq_init(mn->exact);
			for (size_t j = 0; j < ss->nranked[g]; j++) {
				const struct mb_val *v = &ss->rows[ss->ranked[g][j]].crit[ix->top[t]];
				if (v->state == MB_VAL_SET) {
					add_q(mn->exact, v->v, MB_FX_ONE);
					mn->n++;
				}
			}
			finish_mean(mn, 2, 4);
		}
	}
}

static void rank_scoreset(const struct mb_model *m, struct mb_scoreset *ss, struct mb_diags *d)
{
	const struct mb_index *ix = &m->indices[ss->index];
	ss->ranked = mb_xcalloc(m->ngroups, sizeof *ss->ranked);
	ss->nranked = mb_xcalloc(m->ngroups, sizeof *ss->nranked);
	int *rank_of = mb_xcalloc(ss->nrows + 1, sizeof *rank_of);
	int *tmp = mb_xcalloc(ss->nrows + 1, sizeof *tmp);
	for (size_t i = 0; i < ss->nrows; i++) {
		int g = m->units[ss->rows[i].unit].group;
		ss->nranked[g]++;
	}
	for (size_t g = 0; g < m->ngroups; g++)
		ss->ranked[g] = mb_xcalloc(ss->nranked[g] + 1, sizeof **ss->ranked);
	size_t *fill = mb_xcalloc(m->ngroups, sizeof *fill);
	for (size_t i = 0; i < ss->nrows; i++) {
		int g = m->units[ss->rows[i].unit].group;
		ss->ranked[g][fill[g]++] = (int)i;
	}
	free(fill);
	struct rank_ctx rc = {.m = m, .ss = ss, .crit = -1};
	for (size_t g = 0; g < m->ngroups; g++) {
		assign_ranks(&rc, ss->ranked[g], ss->nranked[g], rank_of);
		/* Rows are in rank order: a tie is a neighbour with the same rank. */
		const int *in = ss->ranked[g];
		for (size_t j = 1; j < ss->nranked[g]; j++)
			if (rank_of[in[j]] == rank_of[in[j - 1]])
				ss->rows[in[j]].tied = ss->rows[in[j - 1]].tied = true;
	}
	for (size_t i = 0; i < ss->nrows; i++) {
		struct mb_score *s = &ss->rows[i];
		s->rank = rank_of[i];
		s->crit_rank = mb_xcalloc(ix->ntop + 1, sizeof *s->crit_rank);
		s->share = mb_xcalloc(ix->ntop + 1, sizeof *s->share);
		for (size_t t = 0; t < ix->ntop; t++) {
			const struct mb_val *v = &s->crit[ix->top[t]];
			set_ratio(&s->share[t], v->state == MB_VAL_SET, v->v, ix->crit[ix->top[t]].max);
		}
	}
	for (size_t t = 0; t < ix->ntop; t++) {
		rc.crit = ix->top[t];
		for (size_t g = 0; g < m->ngroups; g++) {
			size_t n = 0;
			for (size_t j = 0; j < ss->nranked[g]; j++) {
				int r = ss->ranked[g][j];
				if (ss->rows[r].crit[rc.crit].state == MB_VAL_SET)
					tmp[n++] = r;
			}
			assign_ranks(&rc, tmp, n, rank_of);
			for (size_t j = 0; j < n; j++)
				ss->rows[tmp[j]].crit_rank[t] = rank_of[tmp[j]];
		}
	}
	for (size_t i = 0; i < ss->nrows; i++) {
		struct mb_score *s = &ss->rows[i];
		s->band = -1;
		for (size_t b = 0; b < ix->nbands; b++) {
			/* percent >= min  <=>  total * 100 * 10000 >= min * max, exactly */
			if ((__int128)s->total * 100 * MB_FX_ONE >= (__int128)ix->bands[b].min * s->max) {
				s->band = (int)b;
				break;
			}
		}
		if (s->official_rank && s->official_rank != s->rank) {
			mb_buf pct;
			mb_buf_init(&pct);
			mb_put_num(&pct, s->percent.pct4, 4,
			           mb_i18n_vietnamese() ? MB_NUM_VI : MB_NUM_PLAIN);
			score_diag(m, d, MB_WARNING, ss, s, "rank", NULL, _("the official rank %d differs from "
			           "the computed rank %d of \"%s\" (%s%%)"), s->official_rank, s->rank,
			           m->units[s->unit].id, pct.data);
			mb_buf_release(&pct);
		}
	}
	free(rank_of);
	free(tmp);
	group_means(m, ss);
	ss->row_of_unit = mb_xreallocarray(NULL, m->nunits + 1, sizeof *ss->row_of_unit);
	for (size_t u = 0; u < m->nunits; u++)
		ss->row_of_unit[u] = -1;
	for (size_t r = 0; r < ss->nrows; r++)
		ss->row_of_unit[ss->rows[r].unit] = (int)r;
}

/*
 * A score against the unit's latest earlier ranking in the same index
 * (last_period, last_rank: per unit, -1 for none).  The unit keeps that
 * period as its own earlier result; its rank is compared with the earlier
 * one only when no reorganisation of its group separates the two periods
 * (mb_group_reorganised: the group's units the same on every day from the
 * first day of the earlier period to the last day of this one).  Across
 * a reorganisation the two ranks are places among different units (2/7
 * among the old communes, 1/4 among the merged ones): no rank change, and
 * the pages say why.
 */
static void rank_change(const struct mb_model *m, struct mb_score *s, size_t p,
                        const int *last_period, const int *last_rank)
{
	s->prev_period = last_period[s->unit];
	s->reorganised = s->prev_period >= 0 &&
	                 mb_group_reorganised(m, m->units[s->unit].group, (size_t)s->prev_period,
	                                      p, &s->reorganised_on);
	bool compared = s->prev_period >= 0 && !s->reorganised;
	s->prev_rank = compared ? last_rank[s->unit] : 0;
	s->rank_change = compared ? s->prev_rank - s->rank : 0;
}

static void compute_scores(struct mb_model *m, struct mb_diags *d)
{
	int *last_period = mb_xcalloc(m->nunits + 1, sizeof *last_period);
	int *last_rank = mb_xcalloc(m->nunits + 1, sizeof *last_rank);
	for (size_t u = 0; u < m->nunits; u++) {
		m->units[u].latest = mb_xreallocarray(NULL, m->nindices + 1, sizeof *m->units[u].latest);
		for (size_t i = 0; i < m->nindices; i++)
			m->units[u].latest[i] = -1;
	}
	for (size_t i = 0; i < m->nindices; i++) {
		struct mb_index *ix = &m->indices[i];
		mb_fx *am = mb_xcalloc(ix->ncrit + 1, sizeof *am);
		ix->latest = -1;
		for (size_t u = 0; u < m->nunits; u++)
			last_period[u] = -1;
		for (size_t p = 0; p < m->nperiods; p++) {
			struct mb_scoreset *ss = m->periods[p].scores[i];
			if (!ss)
				continue;
			for (size_t r = 0; r < ss->nrows; r++) {
				struct mb_score *s = &ss->rows[r];
				score_totals(m, ix, ss, s, am, d);
				set_ratio(&s->percent, true, s->total, s->max);
			}
			rank_scoreset(m, ss, d);
			for (size_t r = 0; r < ss->nrows; r++)
				rank_change(m, &ss->rows[r], p, last_period, last_rank);
			for (size_t r = 0; r < ss->nrows; r++) {
				last_period[ss->rows[r].unit] = (int)p;
				last_rank[ss->rows[r].unit] = ss->rows[r].rank;
				m->units[ss->rows[r].unit].latest[i] = (int)p;
			}
			ix->latest = (int)p;
		}
		free(am);
	}
	free(last_period);
	free(last_rank);
}

/* Numbers criteria the way reports do: 1, 1.1, 1.2, 2 ...  Pre-order puts a
 * parent before its children, so its code is ready when they need it. */
static void criterion_codes(struct mb_index *ix)
{
	for (size_t c = 0; c < ix->ncrit; c++) {
		struct mb_criterion *cr = &ix->crit[c];
		const int *sib = cr->parent < 0 ? ix->top : ix->crit[cr->parent].children;
		size_t nsib = cr->parent < 0 ? ix->ntop : ix->crit[cr->parent].nchildren;
		size_t pos = 0;
		while (pos < nsib && (size_t)sib[pos] != c)
			pos++;
		free(cr->code);
		cr->code = cr->parent < 0 ? mb_strf("%zu", pos + 1)
		                          : mb_strf("%s.%zu", ix->crit[cr->parent].code, pos + 1);
	}
}

void mb_compute_codes(struct mb_model *m)
{
	for (size_t i = 0; i < m->nindices; i++)
		criterion_codes(&m->indices[i]);
}

/* The rates of a row or a total, each against its target: met when
 * num / den >= target, compared exactly. */
static void service_rates(struct mb_service *s, const struct mb_targets *t)
{
	s->received = s->recv_online + s->recv_direct + s->recv_postal;
	s->resolved = s->early + s->on_time + s->late;
	s->resolved_on_time = s->early + s->on_time;
	s->pending = s->pend_in_time + s->pend_overdue;
	s->balance_difference = s->carried_over + s->received - s->resolved - s->pending - s->withdrawn;
	if (s->unit >= 0)
		s->digitized_base = s->has_digitized ? s->received : 0;
	set_ratio(&s->rate[MB_RATE_ON_TIME], true, s->resolved_on_time, s->resolved);
	set_ratio(&s->rate[MB_RATE_ONLINE], true, s->recv_online, s->received);
	set_ratio(&s->rate[MB_RATE_ONLINE_PAYMENT], s->has_payments, s->pay_online, s->pay_total);
	set_ratio(&s->rate[MB_RATE_DIGITIZED], s->has_digitized, s->digitized, s->digitized_base);
	set_ratio(&s->rate[MB_RATE_SATISFACTION], s->has_satisfaction, s->sat_satisfied,
	          s->sat_responses);
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		const struct mb_ratio *x = &s->rate[r];
		s->met[r] = -1;
		if (x->valid && t->rate[r] >= 0)
			s->met[r] = (__int128)x->num * 1000000 >= (__int128)t->rate[r] * x->den;
	}
}

static void add_service(struct mb_service *to, const struct mb_service *s)
{
	to->carried_over += s->carried_over;
	to->recv_online += s->recv_online;
	to->recv_direct += s->recv_direct;
	to->recv_postal += s->recv_postal;
	to->early += s->early;
	to->on_time += s->on_time;
	to->late += s->late;
	to->pend_in_time += s->pend_in_time;
	to->pend_overdue += s->pend_overdue;
	to->withdrawn += s->withdrawn;
	to->has_withdrawn |= s->has_withdrawn;
	if (s->has_payments) {
		to->has_payments = true;
		to->pay_online += s->pay_online;
		to->pay_total += s->pay_total;
		to->pay_amount_vnd += s->pay_amount_vnd;
	}
	if (s->has_digitized) {
		/* A total's digitised rate counts only the files of the rows
		 * that report digitisation. */
		to->has_digitized = true;
		to->digitized += s->digitized;
		to->digitized_base += s->recv_online + s->recv_direct + s->recv_postal;
	}
	if (s->has_satisfaction) {
		to->has_satisfaction = true;
		to->sat_responses += s->sat_responses;
		to->sat_satisfied += s->sat_satisfied;
	}
}

static int service_cmp(const void *a, const void *b)
{
	const struct mb_service *x = a, *y = b;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

static void compute_services(struct mb_model *m, struct mb_serviceset *ss, struct mb_diags *d)
{
	const struct mb_targets *t = &m->site.targets;
	for (size_t i = 0; i < ss->nrows; i++) {
		struct mb_service *s = &ss->rows[i];
		service_rates(s, t);
		mb_buf p;
		mb_buf_init(&p);
		mb_buf_printf(&p, "/services/%zu", s->json_pos);
		const char *name = m->units[s->unit].name;
		if (s->balance_difference != 0)
			mb_diag_row(d, MB_WARNING, ss->file, p.data, s->json_pos, name,
			            _("files do not balance: carried_over + received = %lld + %lld = %lld, "
			              "but resolved + pending + withdrawn = %lld + %lld + %lld = %lld "
			              "(difference %lld)"),
			            (long long)s->carried_over, (long long)s->received,
			            (long long)(s->carried_over + s->received), (long long)s->resolved,
			            (long long)s->pending, (long long)s->withdrawn,
			            (long long)(s->resolved + s->pending + s->withdrawn),
			            (long long)s->balance_difference);
		if (s->has_digitized && s->digitized > s->received)
			mb_diag_row(d, MB_WARNING, ss->file, p.data, s->json_pos, name,
			            _("digitised %lld files but received %lld: the digitised rate is above "
			              "100%%"), (long long)s->digitized, (long long)s->received);
		mb_buf_release(&p);
	}
	qsort(ss->rows, ss->nrows, sizeof *ss->rows, service_cmp);
	memset(&ss->total, 0, sizeof ss->total);
	ss->total.unit = -1;
	ss->group_total = mb_xcalloc(m->ngroups, sizeof *ss->group_total);
	for (size_t g = 0; g < m->ngroups; g++)
		ss->group_total[g].unit = -1;
	for (size_t i = 0; i < ss->nrows; i++) {
		add_service(&ss->total, &ss->rows[i]);
		add_service(&ss->group_total[m->units[ss->rows[i].unit].group], &ss->rows[i]);
	}
	service_rates(&ss->total, t);
	for (size_t g = 0; g < m->ngroups; g++)
		service_rates(&ss->group_total[g], t);
	for (size_t i = 0; i < ss->nrows; i++)
		ss->overdue_units += ss->rows[i].pend_overdue > 0;
	ss->row_of_unit = mb_xreallocarray(NULL, m->nunits + 1, sizeof *ss->row_of_unit);
	for (size_t u = 0; u < m->nunits; u++)
		ss->row_of_unit[u] = -1;
	for (size_t r = 0; r < ss->nrows; r++)
		ss->row_of_unit[ss->rows[r].unit] = (int)r;
}

/* Counts one row's rate into a tally: with data, met, missed, and
 * whether it has (or shares) the highest value, compared exactly. */
static void tally_add(struct mb_rate_tally *t, const struct mb_service *s, int r)
{
	const struct mb_ratio *x = &s->rate[r];
	t->units++;
	if (!x->valid)
		return;
	t->valid++;
	t->met += s->met[r] == 1;
	t->unmet += s->met[r] == 0;
	t->compared += s->met[r] >= 0;
	int c = t->top_n ? mb_ratio_cmp(x->num, x->den, t->top_num, t->top_den) : 1;
	if (c > 0) {
		t->top_n = 1;
		t->top_num = x->num;
		t->top_den = x->den;
		t->top_pct2 = x->pct2;
	} else if (c == 0) {
		t->top_n++;
	}
}

/* Orders the rates as charts show them: most units under target first,
 * equal counts in mb_rates order. */
static void order_rates(const struct mb_rate_tally *t, int *o)
{
	for (int r = 0; r < MB_RATE_COUNT; r++)
		o[r] = r;
	/* Insertion sort: stable, so equal counts keep mb_rates order. */
	for (int i = 1; i < MB_RATE_COUNT; i++)
		for (int k = i; k > 0 && t[o[k]].unmet > t[o[k - 1]].unmet; k--) {
			int x = o[k];
			o[k] = o[k - 1];
			o[k - 1] = x;
		}
}

/* Counts, per rate, for every row and per group, the units with data,
 * under and over the target, and those sharing the highest value; then
 * orders each group's rates, most units under target first. */
static void tally_services(const struct mb_model *m, struct mb_serviceset *ss)
{
	ss->tally = mb_xcalloc(m->ngroups + 1, sizeof *ss->tally);
	ss->order = mb_xcalloc(m->ngroups + 1, sizeof *ss->order);
	memset(ss->all, 0, sizeof ss->all);
	for (size_t i = 0; i < ss->nrows; i++) {
		const struct mb_service *s = &ss->rows[i];
		for (int r = 0; r < MB_RATE_COUNT; r++) {
			tally_add(&ss->tally[m->units[s->unit].group][r], s, r);
			tally_add(&ss->all[r], s, r);
		}
	}
	for (size_t g = 0; g < m->ngroups; g++)
		order_rates(ss->tally[g], ss->order[g]);
}

/* The service figures of the units under each unit (a district's
 * communes) in the latest quarter that has any, tallied as a group's are:
 * its page draws them as the period page draws a group. */
static void tally_children(struct mb_model *m)
{
	for (size_t u = 0; u < m->nunits; u++) {
		struct mb_unit *un = &m->units[u];
		memset(un->children_tally, 0, sizeof un->children_tally);
		un->children_served = un->nchildren ? mb_children_served(m, (int)u) : -1;
		if (un->children_served < 0)
			continue;
		for (size_t k = 0; k < un->nchildren; k++) {
			const struct mb_service *s =
				mb_service_of(m, (size_t)un->children_served, un->children[k]);
			for (int r = 0; s && r < MB_RATE_COUNT; r++)
				tally_add(&un->children_tally[r], s, r);
		}
		order_rates(un->children_tally, un->children_order);
	}
}

void mb_compute(struct mb_model *m, struct mb_diags *d)
{
	mb_lifespan_compute(m);
	mb_compute_codes(m);
	compute_scores(m, d);
	m->services_latest = -1;
	for (size_t p = 0; p < m->nperiods; p++) {
		if (!m->periods[p].services)
			continue;
		compute_services(m, m->periods[p].services, d);
		tally_services(m, m->periods[p].services);
		m->services_latest = (int)p;
	}
	tally_children(m);
	mb_compare(m, d);
}
