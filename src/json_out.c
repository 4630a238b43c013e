/* json_out.c - the machine-readable record of a period, printed exactly. */
#include "json_out.h"

#include <stdbool.h>

/*
 * A small pretty-printer in the layout of the common "indent 2" style, so
 * files diff well.  Numbers are printed from exact integers (mb_put_dec):
 * a double never reaches the output.
 */
struct jw {
	mb_buf *b;
	int depth;
	bool first;     /* nothing written yet in the current container */
	bool after_key; /* the next value follows a key on the same line */
};

static void indent(struct jw *w)
{
	mb_buf_putc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		mb_buf_puts(w->b, "  ");
}

static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first)
		mb_buf_putc(w->b, ',');
	indent(w);
	w->first = false;
}

static void jopen(struct jw *w, char c)
{
	sep(w);
	mb_buf_putc(w->b, c);
	w->depth++;
	w->first = true;
}

static void jclose(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		indent(w);
	mb_buf_putc(w->b, c);
	w->first = false;
}

static void key(struct jw *w, const char *k)
{
	sep(w);
	mb_buf_json_str(w->b, k);
	mb_buf_puts(w->b, ": ");
	w->after_key = true;
}

static void str(struct jw *w, const char *s)
{
	sep(w);
	if (s)
		mb_buf_json_str(w->b, s);
	else
		mb_buf_puts(w->b, "null");
}

static void null(struct jw *w)
{
	sep(w);
	mb_buf_puts(w->b, "null");
}

static void num(struct jw *w, int64_t v, int scale)
{
	sep(w);
	mb_put_dec(w->b, v, scale);
}

static void boolean(struct jw *w, bool v)
{
	sep(w);
	mb_buf_puts(w->b, v ? "true" : "false");
}

static void kstr(struct jw *w, const char *k, const char *s) { key(w, k); str(w, s); }
static void kint(struct jw *w, const char *k, int64_t v) { key(w, k); num(w, v, 0); }

static void kint_opt(struct jw *w, const char *k, bool present, int64_t v)
{
	key(w, k);
	if (present)
		num(w, v, 0);
	else
		null(w);
}

/* A rate: the fraction rounded once to 6 decimals (SPEC §3), or null. */
static void krate(struct jw *w, const char *k, const struct mb_ratio *r)
{
	key(w, k);
	if (r->valid)
		num(w, r->pct4, 6);
	else
		null(w);
}

static void kmet(struct jw *w, const char *k, int met)
{
	key(w, k);
	if (met < 0)
		null(w);
	else
		boolean(w, met);
}

static void score_row(struct jw *w, const struct mb_model *m, const struct mb_index *ix,
                      const struct mb_score *s)
{
	jopen(w, '{');
	kstr(w, "unit", m->units[s->unit].id);
	kstr(w, "name", m->units[s->unit].name);
	kint(w, "rank", s->rank);
	key(w, "total");
	num(w, s->total, 4);
	key(w, "max");
	num(w, s->max, 4);
	key(w, "percent");
	num(w, s->percent.pct4, 4);
	kstr(w, "band", s->band >= 0 ? ix->bands[s->band].name : NULL);
	kint_opt(w, "official_rank", s->official_rank > 0, s->official_rank);
	bool prev = s->prev_period >= 0;
	kstr(w, "previous_period", prev ? m->periods[s->prev_period].id : NULL);
	kint_opt(w, "previous_rank", prev, s->prev_rank);
	kint_opt(w, "rank_change", prev, s->rank_change);
	key(w, "criteria");
	jopen(w, '{');
	for (size_t k = 0; k < ix->ncrit; k++) {
		key(w, ix->crit[k].id);
		if (s->crit[k].state == MB_VAL_SET)
			num(w, s->crit[k].v, 4);
		else
			null(w);
	}
	jclose(w, '}');
	key(w, "criteria_ranks");
	jopen(w, '{');
	for (size_t t = 0; t < ix->ntop; t++)
		kint_opt(w, ix->crit[ix->top[t]].id, s->crit_rank[t] > 0, s->crit_rank[t]);
	jclose(w, '}');
	jclose(w, '}');
}

static void service_row(struct jw *w, const struct mb_model *m, const struct mb_service *s)
{
	jopen(w, '{');
	kstr(w, "unit", m->units[s->unit].id);
	kstr(w, "name", m->units[s->unit].name);
	kint(w, "carried_over", s->carried_over);
	kint(w, "received", s->received);
	kint(w, "received_online", s->recv_online);
	kint(w, "received_direct", s->recv_direct);
	kint(w, "received_postal", s->recv_postal);
	kint(w, "resolved", s->resolved);
	kint(w, "early", s->early);
	kint(w, "on_time", s->on_time);
	kint(w, "late", s->late);
	kint(w, "pending", s->pending);
	kint(w, "in_time", s->pend_in_time);
	kint(w, "overdue", s->pend_overdue);
	kint_opt(w, "withdrawn", s->has_withdrawn, s->withdrawn);
	kint_opt(w, "payments_online", s->has_payments, s->pay_online);
	kint_opt(w, "payments_total", s->has_payments, s->pay_total);
	kint_opt(w, "payments_online_amount_vnd", s->has_payments, s->pay_amount_vnd);
	kint_opt(w, "digitized", s->has_digitized, s->digitized);
	kint_opt(w, "satisfaction_responses", s->has_satisfaction, s->sat_responses);
	kint_opt(w, "satisfaction_satisfied", s->has_satisfaction, s->sat_satisfied);
	for (int r = 0; r < MB_RATE_COUNT; r++)
		krate(w, mb_rates[r].key, &s->rate[r]);
	key(w, "targets_met");
	jopen(w, '{');
	for (int r = 0; r < MB_RATE_COUNT; r++)
		kmet(w, mb_rates[r].key, s->met[r]);
	jclose(w, '}');
	kint(w, "balance_difference", s->balance_difference);
	jclose(w, '}');
}

void mb_json_period(const struct mb_model *m, size_t p, mb_buf *out)
{
	const struct mb_period *pe = &m->periods[p];
	struct jw w = {.b = out, .depth = 0, .first = true};
	jopen(&w, '{');
	kstr(&w, "period", pe->id);
	kstr(&w, "label", pe->label);
	kstr(&w, "published", pe->published);
	key(&w, "indices");
	jopen(&w, '{');
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = pe->scores[i];
		if (!ss)
			continue;
		const struct mb_index *ix = &m->indices[i];
		key(&w, ix->id);
		jopen(&w, '{');
		kstr(&w, "name", ix->name);
		kstr(&w, "short_name", ix->short_name);
		key(&w, "max");
		num(&w, ix->max, 4);
		key(&w, "groups");
		jopen(&w, '{');
		for (size_t g = 0; g < m->ngroups; g++) {
			if (!ss->nranked[g])
				continue;
			key(&w, m->groups[g].id);
			jopen(&w, '[');
			for (size_t r = 0; r < ss->nranked[g]; r++)
				score_row(&w, m, ix, &ss->rows[ss->ranked[g][r]]);
			jclose(&w, ']');
		}
		jclose(&w, '}');
		jclose(&w, '}');
	}
	jclose(&w, '}');
	key(&w, "services");
	if (pe->services) {
		jopen(&w, '[');
		for (size_t r = 0; r < pe->services->nrows; r++)
			service_row(&w, m, &pe->services->rows[r]);
		jclose(&w, ']');
	} else {
		null(&w);
	}
	jclose(&w, '}');
	mb_buf_putc(out, '\n');
}
