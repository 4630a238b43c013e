/* test_compute.c - fixed-point arithmetic, formatting, ranking and rates. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "compute.h"
#include "fixed.h"
#include "harness.h"
#include "load.h"

static const char *dec(int64_t v, int scale)
{
	static char out[64];
	mb_buf b;
	mb_buf_init(&b);
	mb_put_dec(&b, v, scale);
	snprintf(out, sizeof out, "%s", b.data);
	mb_buf_release(&b);
	return out;
}

static const char *vi(int64_t v, int scale)
{
	static char out[64];
	mb_buf b;
	mb_buf_init(&b);
	mb_put_vi(&b, v, scale);
	snprintf(out, sizeof out, "%s", b.data);
	mb_buf_release(&b);
	return out;
}

static const char *exact(__int128 num, __int128 den, int shift, int decimals,
                         enum mb_num_style st)
{
	static char out[64];
	mb_buf b;
	mb_buf_init(&b);
	mb_put_exact(&b, num, den, shift, decimals, st);
	snprintf(out, sizeof out, "%s", b.data);
	mb_buf_release(&b);
	return out;
}

static void test_fixed(void)
{
	mb_fx x;
	CHECK(mb_fx_from_double(9.07, &x) && x == 90700);
	CHECK(mb_fx_from_double(83.3333, &x) && x == 833333);
	CHECK(mb_fx_from_double(0.0001, &x) && x == 1);
	CHECK(mb_fx_from_double(999999.9999, &x) && x == 9999999999);
	CHECK(!mb_fx_from_double(8.33333, &x));
	CHECK(!mb_fx_from_double(1e308, &x));
	/* Half away from zero, exactly. */
	CHECK_INT(mb_div_round(5, 10), 1);
	CHECK_INT(mb_div_round(-5, 10), -1);
	CHECK_INT(mb_div_round(4, 10), 0);
	CHECK_INT(mb_round(5, 10000000, 6), 1);         /* 0.0000005 -> 0.000001 */
	CHECK_INT(mb_round(1400, 1412, 6), 991501);     /* SPEC example */
	CHECK_INT(mb_round(700000, 840000, 6), 833333); /* 70/84 = 83.3333% */
	CHECK_INT(mb_round(2, 3, 6), 666667);
	CHECK_INT(mb_round(-5, 10, 0), -1);
	/* Rounded once from the exact value: 40.1134 of 99.5 is 40.31497...%,
	 * 40,31% to two decimals, although to four it is 40,3150%. */
	CHECK_INT(mb_round(401134, 995000, 4), 4031);
	CHECK_INT(mb_round(401134, 995000, 6), 403150);
	CHECK_INT(mb_round(14966, 15238, 4), 9821);    /* 98.21499% */
	CHECK_INT(mb_round(14966, 15238, 6), 982150);
	CHECK_STR(exact(401134, 995000, 2, 2, MB_NUM_VI), "40,31");
	CHECK_STR(exact(14966, 15238, 2, 2, MB_NUM_PLAIN), "98.21");
	/* plain keeps every decimal, as the Vietnamese style does: 917/1000 */
	CHECK_STR(exact(917, 1000, 2, 2, MB_NUM_PLAIN), "91.70");
	CHECK_STR(exact(917, 1000, 2, 2, MB_NUM_VI), "91,70");
	CHECK_STR(exact(1, 1, 2, 2, MB_NUM_PLAIN), "100.00");
	CHECK_STR(exact(90725, MB_FX_ONE, 0, 2, MB_NUM_VI), "9,07"); /* 9.0725 */
	CHECK_STR(exact(90750, MB_FX_ONE, 0, 2, MB_NUM_VI), "9,08"); /* half away from zero */
	/* 70/84 is more than 83.3333/100, though both print as 83.3333. */
	CHECK(mb_ratio_cmp(700000, 840000, 833333, 1000000) > 0);
	CHECK(mb_ratio_cmp(1, 3, 2, 6) == 0);
	CHECK_STR(dec(876400, 4), "87.64");
	CHECK_STR(dec(1000000, 4), "100");
	CHECK_STR(dec(991501, 6), "0.991501");
	CHECK_STR(dec(0, 6), "0");
	CHECK_STR(dec(-25000, 4), "-2.5");
	/* Formatting writes the digits it is given: it never rounds. */
	CHECK_STR(vi(8878, 2), "88,78");
	CHECK_STR(vi(40689, 0), "40.689");
	CHECK_STR(vi(1234567890, 4), "123.456,7890");
	CHECK_STR(vi(403150, 4), "40,3150");
	CHECK_STR(vi(-13, 0), "-13");
}

/* Writes text to dir/name, creating folders. */
static void put(const char *dir, const char *name, const char *text)
{
	char *path = mb_strf("%s/%s", dir, name);
	for (char *p = path + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	free(path);
}

static const char *site = "{\"title\": \"T\", \"organisation\": \"O\", \"targets\": "
	"{\"on_time_rate\": 0.99, \"online_rate\": 0.5}}";
static const char *units = "{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}, {\"id\": \"h\", \"name\": \"H\"}],"
	"\"units\": [{\"id\": \"a\", \"name\": \"A\", \"group\": \"g\"},"
	"{\"id\": \"b\", \"name\": \"B\", \"group\": \"g\"},"
	"{\"id\": \"c\", \"name\": \"C\", \"group\": \"g\"},"
	"{\"id\": \"d\", \"name\": \"D\", \"group\": \"g\"},"
	"{\"id\": \"e\", \"name\": \"E\", \"group\": \"h\"}]}";
static const char *index_def = "{\"name\": \"I\", \"criteria\": ["
	"{\"id\": \"x\", \"name\": \"X\", \"max\": 60, \"criteria\": ["
	"  {\"id\": \"x1\", \"name\": \"X1\", \"max\": 20, \"criteria\": ["
	"     {\"id\": \"x1a\", \"name\": \"X1a\", \"max\": 10}, {\"id\": \"x1b\", \"name\": \"X1b\", \"max\": 10}]},"
	"  {\"id\": \"x2\", \"name\": \"X2\", \"max\": 40}]},"
	"{\"id\": \"y\", \"name\": \"Y\", \"max\": 40}],"
	"\"bands\": [{\"min\": 0, \"name\": \"D\"}, {\"min\": 90, \"name\": \"A\"}, {\"min\": 83.3333, \"name\": \"B\"}]}";

static struct mb_model *load_dir(const char *dir, struct mb_diags *d)
{
	struct mb_model *m = mb_load(dir, d);
	if (m && d->errors == 0)
		mb_compute(m, d);
	return m;
}

static const struct mb_score *row(const struct mb_model *m, size_t p, const char *unit)
{
	const struct mb_scoreset *ss = m->periods[p].scores[0];
	for (size_t i = 0; ss && i < ss->nrows; i++)
		if (strcmp(m->units[ss->rows[i].unit].id, unit) == 0)
			return &ss->rows[i];
	return NULL;
}

static void test_scores(const char *dir)
{
	put(dir, "site.json", site);
	put(dir, "units.json", units);
	put(dir, "indices/i.json", index_def);
	/* Year 2023 comes after its fourth quarter; 2023-q4 after 2023-q3. */
	put(dir, "periods/2023/i.json", "{\"scores\": ["
	    "{\"unit\": \"a\", \"criteria\": {\"x1a\": 10, \"x1b\": 10, \"x2\": 40, \"y\": 30}},"
	    "{\"unit\": \"b\", \"criteria\": {\"x1\": 20, \"x2\": 40, \"y\": 30}},"           /* tie with a */
	    "{\"unit\": \"c\", \"total\": 70, \"max\": 84},"                                /* 83.3333...% */
	    "{\"unit\": \"d\", \"criteria\": {\"x\": 43.3333, \"y\": 40}},"                 /* 83.3333% */
	    "{\"unit\": \"e\", \"criteria\": {\"x1a\": 5, \"x1b\": null, \"x2\": 35, \"y\": null}}]}");
	put(dir, "periods/2023-q4/i.json", "{\"scores\": ["
	    "{\"unit\": \"a\", \"total\": 50}, {\"unit\": \"d\", \"total\": 95}, {\"unit\": \"e\", \"total\": 1}]}");
	put(dir, "periods/2023-q3/i.json", "{\"scores\": [{\"unit\": \"b\", \"total\": 99}]}");
	put(dir, "periods/2023-q4/services.json", "{\"services\": ["
	    "{\"unit\": \"a\", \"carried_over\": 0, \"received\": {\"online\": 1, \"direct\": 1, \"postal\": 0},"
	    " \"resolved\": {\"early\": 0, \"on_time\": 0, \"late\": 0}, \"pending\": {\"in_time\": 2, \"overdue\": 0},"
	    " \"payments\": {\"online\": 0, \"total\": 0}},"
	    "{\"unit\": \"b\", \"carried_over\": 10, \"received\": {\"online\": 99, \"direct\": 1, \"postal\": 0},"
	    " \"resolved\": {\"early\": 50, \"on_time\": 49, \"late\": 1}, \"pending\": {\"in_time\": 5, \"overdue\": 5}}]}");
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = load_dir(dir, &d);
	CHECK(m != NULL);
	CHECK_INT(d.errors, 0);
	/* b was ranked in 2023-q3 and has no score in 2023-q4 (compare.c). */
	CHECK_INT(d.warnings, 1);
	CHECK(d.n == 1 && strstr(d.v[0].msg, "B (b) was ranked in Quý III/2023 but has no score here"));
	if (!m || d.errors) {
		mb_diags_print(&d, false);
		mb_diags_release(&d);
		mb_model_free(m);
		return;
	}
	CHECK_INT(m->nperiods, 3);
	CHECK_STR(m->periods[0].id, "2023-q3");
	CHECK_STR(m->periods[1].id, "2023-q4");
	CHECK_STR(m->periods[2].id, "2023");
	CHECK_STR(m->periods[1].label, "Quý IV/2023");
	CHECK_STR(m->periods[2].label, "Năm 2023");
	const struct mb_score *a = row(m, 2, "a"), *b = row(m, 2, "b"), *c = row(m, 2, "c"),
	                      *dd = row(m, 2, "d"), *e = row(m, 2, "e");
	/* Ties share a rank and skip the next: 1, 1, 3, 4. */
	CHECK_INT(a->rank, 1);
	CHECK_INT(b->rank, 1);
	CHECK_INT(c->rank, 3);
	CHECK_INT(dd->rank, 4);
	/* A shared rank is a tie ("đồng hạng") for each unit that shares it. */
	CHECK(a->tied && b->tied);
	CHECK(!c->tied && !dd->tied && !e->tied);
	CHECK_INT(c->percent.pct4, 833333);
	CHECK_INT(dd->percent.pct4, 833333);
	CHECK_INT(c->percent.pct2, 8333);
	CHECK(c->percent.num == 700000 && c->percent.den == 840000);
	/* Bands compare the exact percentage: 70/84 >= 83.3333 and 83.3333 >= 83.3333. */
	CHECK_STR(m->indices[0].bands[c->band].name, "B");
	CHECK_STR(m->indices[0].bands[dd->band].name, "B");
	CHECK_STR(m->indices[0].bands[a->band].name, "A"); /* 90 >= 90 */
	/* Not applicable: x1b and y drop out of e's total and maximum. */
	CHECK_INT(e->total, 400000);
	CHECK_INT(e->max, 500000);
	CHECK_INT(e->percent.pct4, 800000);
	CHECK_INT(e->rank, 1);
	CHECK_INT(e->crit[mb_index_find_crit(&m->indices[0], "x1")].v, 50000);
	CHECK_INT(e->crit[mb_index_find_crit(&m->indices[0], "y")].state, MB_VAL_NA);
	CHECK_INT(e->crit_rank[1], 0);
	/* Sums at every level; a value given at a middle level. */
	CHECK_INT(b->crit[mb_index_find_crit(&m->indices[0], "x")].v, 600000);
	CHECK_INT(b->crit[mb_index_find_crit(&m->indices[0], "x1a")].state, MB_VAL_ABSENT);
	/* Criterion ranks: x among a, b (60), d (43.3333); c has none. */
	CHECK_INT(a->crit_rank[0], 1);
	CHECK_INT(b->crit_rank[0], 1);
	CHECK_INT(dd->crit_rank[0], 3);
	CHECK_INT(c->crit_rank[0], 0);
	CHECK_INT(dd->crit_rank[1], 1);
	/* Shares of each area's maximum, where it has a value. */
	CHECK(a->share[0].valid && a->share[0].pct2 == 10000);       /* 60 of 60 */
	CHECK(dd->share[0].valid && dd->share[0].pct2 == 7222);      /* 43.3333 of 60 */
	CHECK(!e->share[1].valid);                                   /* y does not apply */
	CHECK(!c->share[0].valid);                                   /* a total alone */
	/* Group means: x applies to a, b (60) and d (43.3333); c gives a total only. */
	const struct mb_scoreset *ss = m->periods[2].scores[0];
	const struct mb_mean *mx = &ss->means[0].crit[0];
	CHECK_INT(mx->n, 3);
	CHECK_INT(mx->r4, 544444);  /* 163.3333 / 3 = 54.44443 */
	CHECK_INT(mx->r2, 5444);
	CHECK_INT(mb_mean_cmp(mx, 544444, MB_FX_ONE), -1); /* 54.4444 is below 54.44443.. */
	CHECK_INT(mb_mean_cmp(mx, 1633333, 3 * MB_FX_ONE), 0);
	/* (90 + 90 + 83.3333.. + 83.3333) / 4 = 86.66666583..% */
	CHECK_INT(ss->means[0].percent.n, 4);
	CHECK_INT(ss->means[0].percent.r4, 866667);
	CHECK_INT(ss->means[0].percent.r2, 8667);
	CHECK_INT(ss->means[1].percent.r4, 800000);
	/* Criterion numbers, as reports write them. */
	const struct mb_index *ix = &m->indices[0];
	CHECK_STR(ix->crit[mb_index_find_crit(ix, "x")].code, "1");
	CHECK_STR(ix->crit[mb_index_find_crit(ix, "x1b")].code, "1.1.2");
	CHECK_STR(ix->crit[mb_index_find_crit(ix, "x2")].code, "1.2");
	CHECK_STR(ix->crit[mb_index_find_crit(ix, "y")].code, "2");
	/* Where the latest figures are. */
	int uc = mb_model_find_unit(m, "c"), ua = mb_model_find_unit(m, "a");
	CHECK_INT(ix->latest, 2);
	CHECK_INT(m->services_latest, 1);
	CHECK_INT(m->units[uc].latest[0], 2);
	CHECK_INT(m->units[mb_model_find_unit(m, "b")].latest[0], 2);
	CHECK(mb_score_of(m, 2, 0, uc) == c);
	CHECK(mb_score_of(m, 1, 0, uc) == NULL);
	CHECK(mb_service_of(m, 1, ua) == &m->periods[1].services->rows[0]);
	CHECK(mb_service_of(m, 2, ua) == NULL);
	/* Rank change against the latest earlier period of the same index. */
	CHECK_INT(a->prev_period, 1);
	CHECK_INT(a->prev_rank, 2);
	CHECK_INT(a->rank_change, 1);
	CHECK_INT(b->prev_period, 0);
	CHECK_INT(b->prev_rank, 1);
	CHECK_INT(b->rank_change, 0);
	CHECK_INT(c->prev_period, -1);
	CHECK_INT(c->rank_change, 0);
	CHECK_INT(dd->prev_rank, 1);
	CHECK_INT(dd->rank_change, -3);
	/* Services: zero denominators are no data; rates and targets exact. */
	const struct mb_serviceset *sv = m->periods[1].services;
	CHECK(sv != NULL);
	const struct mb_service *sa = &sv->rows[0], *sb = &sv->rows[1];
	CHECK(!sa->rate[MB_RATE_ON_TIME].valid);
	CHECK(!sa->rate[MB_RATE_ONLINE_PAYMENT].valid);
	CHECK(!sa->rate[MB_RATE_DIGITIZED].valid);
	CHECK_INT(sa->met[MB_RATE_ON_TIME], -1);  /* no data: neither met nor not */
	CHECK_INT(sa->rate[MB_RATE_ONLINE].pct4, 500000);
	CHECK_INT(sa->rate[MB_RATE_ONLINE].pct2, 5000);
	CHECK_INT(sa->met[MB_RATE_ONLINE], 1); /* 0.5 >= 0.5 */
	CHECK_INT(sb->rate[MB_RATE_ON_TIME].pct4, 990000);
	CHECK_INT(sb->met[MB_RATE_ON_TIME], 1); /* 0.99 >= 0.99 */
	CHECK_INT(sb->met[MB_RATE_SATISFACTION], -1); /* no target */
	CHECK_INT(sb->resolved_on_time, 99);
	CHECK_INT(sb->received, 100);
	CHECK_INT(sb->balance_difference, 0);
	CHECK_INT(sv->total.received, 102);
	CHECK_INT(sv->total.rate[MB_RATE_ON_TIME].pct4, 990000);
	/* The rate table names each rate once, in the order outputs list them. */
	CHECK_STR(mb_rates[MB_RATE_ON_TIME].key, "on_time_rate");
	CHECK_STR(mb_rates[MB_RATE_SATISFACTION].csv, "ty_le_hai_long");
	CHECK_INT(m->site.targets.rate[MB_RATE_ON_TIME], 990000);
	CHECK_INT(m->site.targets.rate[MB_RATE_DIGITIZED], -1);
	mb_diags_release(&d);
	mb_model_free(m);
}

/* A service row of unit u: on time early/resolved, online of received. */
static void svc_row(mb_buf *b, const char *u, long long early, long long resolved,
                    long long online, long long received)
{
	long long carried = resolved > received ? resolved - received : 0;
	mb_buf_printf(b, "%s{\"unit\": \"%s\", \"carried_over\": %lld, \"received\": {\"online\": "
	              "%lld, \"direct\": %lld, \"postal\": 0}, \"resolved\": {\"early\": %lld, "
	              "\"on_time\": 0, \"late\": %lld}, \"pending\": {\"in_time\": %lld, \"overdue\": 0}}",
	              b->len > 14 ? "," : "", u, carried, online, received - online, early,
	              resolved - early, carried + received - resolved);
}

/* Changes of rates against the quarter before and the same quarter a year
 * earlier, exact and rounded once; the per-group tallies and the order of
 * the rates in the charts. */
static void test_changes(const char *dir)
{
	put(dir, "site.json", site);
	put(dir, "units.json", units);
	mb_buf b;
	mb_buf_init(&b);
	/* 2022-q4: a on time 1/2.  2023-q3: a 1/2 on time, 1/2 online. */
	mb_buf_puts(&b, "{\"services\": [");
	svc_row(&b, "a", 1, 2, 1, 2);
	mb_buf_puts(&b, "]}");
	put(dir, "periods/2022-q4/services.json", b.data);
	put(dir, "periods/2023-q3/services.json", b.data);
	/* 2023-q4: a on time 5012497/10^7 (+0.12497 points: 0.12 rounded once,
	 * 0.13 if rounded to 4 decimals first), online 399/800 (-0.125 points:
	 * -0.13 half away from zero); b new, all on time, online 2/5; e new. */
	mb_buf_reset(&b);
	mb_buf_puts(&b, "{\"services\": [");
	svc_row(&b, "a", 5012497, 10000000, 399, 800);
	svc_row(&b, "b", 10, 10, 2, 5);
	svc_row(&b, "e", 3, 4, 1, 4);
	mb_buf_puts(&b, "]}");
	put(dir, "periods/2023-q4/services.json", b.data);
	mb_buf_release(&b);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = load_dir(dir, &d);
	CHECK(m && d.errors == 0);
	if (!m || d.errors) {
		mb_diags_print(&d, false);
		mb_diags_release(&d);
		mb_model_free(m);
		return;
	}
	CHECK_STR(m->periods[2].id, "2023-q4");
	const struct mb_serviceset *q4 = m->periods[2].services, *q3 = m->periods[1].services;
	CHECK_INT(q4->vs[MB_VS_PREVIOUS], 1);
	CHECK_INT(q4->vs[MB_VS_YEAR_AGO], 0);
	/* No 2023-q2: 2023-q3 is compared with the latest earlier quarter
	 * with figures (compare.c's one rule), 2022-q4; no 2022-q3. */
	CHECK_INT(q3->vs[MB_VS_PREVIOUS], 0);
	CHECK_INT(q3->vs[MB_VS_YEAR_AGO], -1);
	CHECK(q3->rows[0].change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].valid);
	CHECK_INT(q3->rows[0].change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].period, 0);
	CHECK_INT(q3->rows[0].change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].d4, 0);
	CHECK(!q3->rows[0].change[MB_VS_YEAR_AGO][MB_RATE_ON_TIME].valid);
	const struct mb_service *a = mb_service_of(m, 2, mb_model_find_unit(m, "a"));
	const struct mb_change *on = &a->change[MB_VS_PREVIOUS][MB_RATE_ON_TIME];
	CHECK(on->valid && on->sign == 1 && on->period == 1);
	CHECK_INT(on->d2, 12);
	CHECK_INT(on->d4, 1250);
	const struct mb_change *ol = &a->change[MB_VS_PREVIOUS][MB_RATE_ONLINE];
	CHECK(ol->valid && ol->sign == -1);
	CHECK_INT(ol->d2, -13);
	CHECK_INT(ol->d4, -1250);
	CHECK(a->change[MB_VS_YEAR_AGO][MB_RATE_ON_TIME].valid);
	CHECK_INT(a->change[MB_VS_YEAR_AGO][MB_RATE_ON_TIME].d2, 12);
	CHECK_INT(a->change[MB_VS_YEAR_AGO][MB_RATE_ON_TIME].period, 0);
	CHECK(!a->change[MB_VS_PREVIOUS][MB_RATE_SATISFACTION].valid);  /* no data */
	const struct mb_service *bb = mb_service_of(m, 2, mb_model_find_unit(m, "b"));
	CHECK(!bb->change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].valid);  /* new in 2023-q4 */
	/* Group g against its total of 2023-q3 (a alone): (5012497 + 10) /
	 * 10000010 - 1/2 = 0.1250349...% -> 0.13 and 0.1250. */
	const struct mb_change *g = &q4->group_total[0].change[MB_VS_PREVIOUS][MB_RATE_ON_TIME];
	CHECK(g->valid && g->d2 == 13 && g->d4 == 1250);
	/* Group h had no row in 2023-q3: no change. */
	CHECK(!q4->group_total[1].change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].valid);
	CHECK(q4->total.change[MB_VS_PREVIOUS][MB_RATE_ON_TIME].valid);
	/* Tallies: on time 1/2 under 0.99 (a), online both under 0.5; b alone
	 * at the top of on time; online first in the charts' order. */
	const struct mb_rate_tally *t = q4->tally[0];
	CHECK(t[MB_RATE_ON_TIME].units == 2 && t[MB_RATE_ON_TIME].valid == 2);
	CHECK(t[MB_RATE_ON_TIME].met == 1 && t[MB_RATE_ON_TIME].unmet == 1);
	CHECK(t[MB_RATE_ON_TIME].top_n == 1 && t[MB_RATE_ON_TIME].top_pct2 == 10000);
	CHECK(t[MB_RATE_ONLINE].unmet == 2 && t[MB_RATE_ONLINE].met == 0);
	CHECK(t[MB_RATE_SATISFACTION].valid == 0 && t[MB_RATE_SATISFACTION].unmet == 0);
	CHECK_INT(q4->order[0][0], MB_RATE_ONLINE);
	CHECK_INT(q4->order[0][1], MB_RATE_ON_TIME);
	CHECK_INT(q4->order[0][2], MB_RATE_ONLINE_PAYMENT);  /* equal counts: mb_rates order */
	CHECK_INT(q4->order[1][0], MB_RATE_ON_TIME);         /* e: 3/4 under 0.99 */
	/* Every row's tally (the highlights' "units that met it"): on time, b
	 * met, a and e missed; online all three missed; no satisfaction data. */
	const struct mb_rate_tally *all = q4->all;
	CHECK(all[MB_RATE_ON_TIME].units == 3 && all[MB_RATE_ON_TIME].valid == 3);
	CHECK(all[MB_RATE_ON_TIME].met == 1 && all[MB_RATE_ON_TIME].unmet == 2);
	CHECK_INT(all[MB_RATE_ON_TIME].compared, 3);
	CHECK(all[MB_RATE_ON_TIME].top_n == 1 && all[MB_RATE_ON_TIME].top_pct2 == 10000);
	CHECK(all[MB_RATE_ONLINE].met == 0 && all[MB_RATE_ONLINE].compared == 3);
	CHECK(all[MB_RATE_SATISFACTION].valid == 0 && all[MB_RATE_SATISFACTION].compared == 0);
	mb_diags_release(&d);
	mb_model_free(m);
}

/* The units under a unit (a district's communes) tallied in the latest
 * quarter with figures for any of them, apart from the rest of their group:
 * what the district's chart of them draws. */
static void test_children(const char *dir)
{
	put(dir, "site.json", site);
	put(dir, "units.json", "{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}, "
	    "{\"id\": \"x\", \"name\": \"X\"}], \"units\": ["
	    "{\"id\": \"d1\", \"name\": \"D1\", \"group\": \"g\"},"
	    "{\"id\": \"d2\", \"name\": \"D2\", \"group\": \"g\"},"
	    "{\"id\": \"a\", \"name\": \"A\", \"group\": \"x\", \"parent\": \"d1\"},"
	    "{\"id\": \"b\", \"name\": \"B\", \"group\": \"x\", \"parent\": \"d1\"},"
	    "{\"id\": \"c\", \"name\": \"C\", \"group\": \"x\"},"
	    "{\"id\": \"z\", \"name\": \"Z\", \"group\": \"x\", \"parent\": \"d2\"}]}");
	/* 2023-q3: a on time 1/2, online 1/4; b on time, online 1/4; c all.
	 * 2023-q4: c alone, whom no district has. */
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_puts(&b, "{\"services\": [");
	svc_row(&b, "a", 1, 2, 1, 4);
	svc_row(&b, "b", 2, 2, 1, 4);
	svc_row(&b, "c", 2, 2, 2, 2);
	mb_buf_puts(&b, "]}");
	put(dir, "periods/2023-q3/services.json", b.data);
	mb_buf_reset(&b);
	mb_buf_puts(&b, "{\"services\": [");
	svc_row(&b, "c", 2, 2, 2, 2);
	mb_buf_puts(&b, "]}");
	put(dir, "periods/2023-q4/services.json", b.data);
	mb_buf_release(&b);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = load_dir(dir, &d);
	CHECK(m && d.errors == 0);
	if (!m || d.errors) {
		mb_diags_print(&d, false);
		mb_diags_release(&d);
		mb_model_free(m);
		return;
	}
	const struct mb_unit *d1 = &m->units[mb_model_find_unit(m, "d1")];
	CHECK_INT(d1->children_served, 0);
	const struct mb_rate_tally *t = d1->children_tally;
	/* a and b, not c: 1 of 2 under 0.99 on time, both under 0.5 online. */
	CHECK(t[MB_RATE_ON_TIME].units == 2 && t[MB_RATE_ON_TIME].valid == 2);
	CHECK(t[MB_RATE_ON_TIME].met == 1 && t[MB_RATE_ON_TIME].unmet == 1);
	CHECK(t[MB_RATE_ON_TIME].top_n == 1 && t[MB_RATE_ON_TIME].top_pct2 == 10000);
	CHECK(t[MB_RATE_ONLINE].unmet == 2 && t[MB_RATE_ONLINE].top_n == 2);
	CHECK_INT(d1->children_order[0], MB_RATE_ONLINE);
	CHECK_INT(d1->children_order[1], MB_RATE_ON_TIME);
	/* The group's tally counts c too. */
	CHECK_INT(m->periods[0].services->tally[1][MB_RATE_ON_TIME].units, 3);
	CHECK_INT(m->units[mb_model_find_unit(m, "d2")].children_served, -1);
	CHECK_INT(m->units[mb_model_find_unit(m, "a")].children_served, -1);
	CHECK_INT(m->units[mb_model_find_unit(m, "c")].children_served, -1);
	mb_diags_release(&d);
	mb_model_free(m);
}

/* Problems inside the tree: a sum that disagrees, a partial tree, null with values. */
static void test_tree_errors(const char *dir)
{
	put(dir, "site.json", site);
	put(dir, "units.json", units);
	put(dir, "indices/i.json", index_def);
	put(dir, "periods/2023/i.json", "{\"scores\": ["
	    "{\"unit\": \"a\", \"criteria\": {\"x1\": 19, \"x1a\": 10, \"x1b\": 10, \"x2\": 40, \"y\": 30}},"
	    "{\"unit\": \"b\", \"criteria\": {\"x1a\": 10, \"x2\": 40, \"y\": 30}},"
	    "{\"unit\": \"c\", \"criteria\": {\"x\": null, \"x2\": 3, \"y\": 30}},"
	    "{\"unit\": \"d\", \"criteria\": {\"x\": 60, \"y\": 30}, \"total\": 91}]}");
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = load_dir(dir, &d);
	CHECK_INT(d.errors, 4);
	int seen = 0;
	for (size_t i = 0; i < d.n; i++) {
		const char *w = d.v[i].where ? d.v[i].where : "";
		seen |= !strcmp(w, "/scores/0/criteria/x1") && strstr(d.v[i].msg, "19 differs from 20") ? 1 : 0;
		seen |= !strcmp(w, "/scores/1/criteria") && strstr(d.v[i].msg, "\"x\"") ? 2 : 0;
		seen |= !strcmp(w, "/scores/2/criteria/x") && strstr(d.v[i].msg, "null") ? 4 : 0;
		seen |= !strcmp(w, "/scores/3/total") && strstr(d.v[i].msg, "91 differs from 90") ? 8 : 0;
	}
	CHECK_INT(seen, 15);
	mb_diags_release(&d);
	mb_model_free(m);
}

int main(void)
{
	char tmpl[] = "/tmp/mb-test-compute-XXXXXX";
	char *dir = mkdtemp(tmpl);
	test_fixed();
	if (dir) {
		char *d1 = mb_strf("%s/one", dir), *d2 = mb_strf("%s/two", dir);
		char *d3 = mb_strf("%s/three", dir), *d4 = mb_strf("%s/four", dir);
		mkdir(d1, 0755);
		mkdir(d2, 0755);
		mkdir(d3, 0755);
		mkdir(d4, 0755);
		test_scores(d1);
		test_tree_errors(d2);
		test_changes(d3);
		test_children(d4);
		free(d3);
		free(d4);
		char *cmd = mb_strf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
		free(d1);
		free(d2);
	}
	return TEST_END();
}
