/* summary.c - what check says last: the latest period against the one before. */
#include "summary.h"

#include "fixed.h"
#include "i18n.h"

/* Units named in a list of who entered or left before "and N more". */
#define SUMMARY_NAMES 8

static const char *const rate_word[MB_RATE_COUNT] = {
	[MB_RATE_ON_TIME] = N_("on time"),
	[MB_RATE_ONLINE] = N_("online"),
	[MB_RATE_ONLINE_PAYMENT] = N_("online payment"),
	[MB_RATE_DIGITIZED] = N_("digitised"),
	[MB_RATE_SATISFACTION] = N_("satisfaction"),
};

static enum mb_num_style style(void)
{
	return mb_i18n_vietnamese() ? MB_NUM_VI : MB_NUM_PLAIN;
}

static void count(mb_buf *b, int64_t n)
{
	mb_put_num(b, n, 0, style());
}

/* "98,71%" or "no data". */
static void pct(mb_buf *b, const struct mb_ratio *r)
{
	if (!r->valid) {
		mb_buf_puts(b, _("no data"));
		return;
	}
	mb_put_num(b, r->pct2, 2, style());
	mb_buf_putc(b, '%');
}

/* " (+0,12 points)": a change against the previous period, when known;
 * a group's mean across a reorganisation of the group says why it has
 * none. */
static void change(mb_buf *b, const struct mb_change *c)
{
	if (c->reorganised) {
		char day[11];
		mb_day_iso(c->reorganised_on, day);
		mb_buf_printf(b, _(" (not compared: the group's units were reorganised on %s)"),
		              day);
		return;
	}
	if (!c->valid)
		return;
	mb_buf num;
	mb_buf_init(&num);
	mb_put_num(&num, c->d2 < 0 ? -c->d2 : c->d2, 2, style());
	mb_buf_printf(b, _(" (%s%s points)"), c->d2 > 0 ? "+" : c->d2 < 0 ? "-" : "", num.data);
	mb_buf_release(&num);
}

/* Unit names; a unit that no longer exists in period p says so. */
static void names(const struct mb_model *m, size_t p, mb_buf *b, const int *u, size_t n)
{
	if (!n) {
		mb_buf_puts(b, _("none"));
		return;
	}
	const struct mb_period *pe = &m->periods[p];
	for (size_t k = 0; k < n && k < SUMMARY_NAMES; k++) {
		const struct mb_unit *x = &m->units[u[k]];
		if (k)
			mb_buf_puts(b, ", ");
		if (mb_unit_exists(x, pe->first_day, pe->last_day))
			mb_buf_puts(b, x->name);
		else
			mb_buf_printf(b, _("%s (ended %s)"), x->name, x->until ? x->until : "");
	}
	if (n > SUMMARY_NAMES)
		mb_buf_printf(b, _(" and %zu more units"), n - SUMMARY_NAMES);
}

static void moves(const struct mb_model *m, size_t p, mb_buf *out, const int *entered,
                  size_t nentered, const int *left, size_t nleft)
{
	mb_buf_puts(out, _("    entered: "));
	names(m, p, out, entered, nentered);
	mb_buf_puts(out, _("; left: "));
	names(m, p, out, left, nleft);
	mb_buf_putc(out, '\n');
}

static void services(const struct mb_model *m, size_t p, mb_buf *out)
{
	const struct mb_period *pe = &m->periods[p];
	const struct mb_serviceset *ss = pe->services;
	int prev = ss->vs[MB_VS_PREVIOUS];
	const struct mb_serviceset *was = prev >= 0 ? m->periods[prev].services : NULL;
	mb_buf n, rec, res, ovd;
	mb_buf_init(&n);
	mb_buf_init(&rec);
	mb_buf_init(&res);
	mb_buf_init(&ovd);
	count(&n, (int64_t)ss->nrows);
	count(&rec, ss->total.received);
	count(&res, ss->total.resolved);
	count(&ovd, ss->total.pend_overdue);
	mb_buf_printf(out, _("  service figures: %s units, %s files received, %s resolved, %s "
	              "overdue"), n.data, rec.data, res.data, ovd.data);
	if (was) {
		mb_buf_reset(&n);
		mb_buf_reset(&rec);
		mb_buf_reset(&res);
		mb_buf_reset(&ovd);
		count(&n, (int64_t)was->nrows);
		count(&rec, was->total.received);
		count(&res, was->total.resolved);
		count(&ovd, was->total.pend_overdue);
		mb_buf_printf(out, _(" (before: %s units, %s received, %s resolved, %s overdue)"),
		              n.data, rec.data, res.data, ovd.data);
	}
	mb_buf_puts(out, "\n   ");
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		mb_buf_printf(out, "%s %s ", r ? ";" : "", _(rate_word[r]));
		pct(out, &ss->total.rate[r]);
		change(out, &ss->total.change[MB_VS_PREVIOUS][r]);
	}
	mb_buf_putc(out, '\n');
	if (was)
		moves(m, p, out, ss->entered, ss->nentered, ss->left, ss->nleft);
	mb_buf_release(&n);
	mb_buf_release(&rec);
	mb_buf_release(&res);
	mb_buf_release(&ovd);
}

static void index_lines(const struct mb_model *m, size_t p, size_t i, mb_buf *out)
{
	const struct mb_period *pe = &m->periods[p];
	const struct mb_index *ix = &m->indices[i];
	const struct mb_scoreset *ss = pe->scores[i];
	int prev = ss->vs[MB_VS_PREVIOUS];
	mb_buf n;
	mb_buf_init(&n);
	count(&n, (int64_t)ss->nrows);
	mb_buf_printf(out, _("  %s: %s units ranked"), ix->short_name ? ix->short_name : ix->name,
	              n.data);
	if (prev >= 0) {
		mb_buf_reset(&n);
		count(&n, (int64_t)m->periods[prev].scores[i]->nrows);
		mb_buf_printf(out, _(" (%s before)"), n.data);
	}
	mb_buf_puts(out, _("; group means:"));
	bool first = true;
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mb_mean *mn = &ss->means[g].percent;
		if (!mn->n)
			continue;
		mb_buf_printf(out, "%s %s ", first ? "" : ",", m->groups[g].name);
		mb_put_num(out, mn->r2, 2, style());
		mb_buf_putc(out, '%');
		change(out, &ss->mean_change[MB_VS_PREVIOUS][g]);
		first = false;
	}
	mb_buf_putc(out, '\n');
	if (prev >= 0)
		moves(m, p, out, ss->entered, ss->nentered, ss->left, ss->nleft);
	mb_buf_release(&n);
}

void mb_summary(const struct mb_model *m, mb_buf *out)
{
	int p = mb_model_latest_period(m);
	if (p < 0)
		return;
	const struct mb_period *pe = &m->periods[p];
	/* The earlier period named in the heading: the services', else the
	 * first index's. */
	int prev = pe->services ? pe->services->vs[MB_VS_PREVIOUS] : -1;
	for (size_t i = 0; i < m->nindices && prev < 0 && !pe->services; i++)
		if (pe->scores[i])
			prev = pe->scores[i]->vs[MB_VS_PREVIOUS];
	if (prev >= 0)
		mb_buf_printf(out, _("%s, against %s:\n"), pe->label, m->periods[prev].label);
	else
		mb_buf_printf(out, _("%s (no earlier period of its kind to compare with):\n"), pe->label);
	if (pe->services)
		services(m, (size_t)p, out);
	for (size_t i = 0; i < m->nindices; i++)
		if (pe->scores[i])
			index_lines(m, (size_t)p, i, out);
}
