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

static const char *vi(int64_t v, int scale, int decimals)
{
	static char out[64];
	mb_buf b;
	mb_buf_init(&b);
	mb_put_vi(&b, v, scale, decimals);
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
	CHECK_INT(mb_rate6(5, 10000000), 1);          /* 0.0000005 -> 0.000001 */
	CHECK_INT(mb_rate6(1400, 1412), 991501);      /* SPEC example */
	CHECK_INT(mb_percent4(700000, 840000), 833333); /* 70/84 = 83.3333% */
	CHECK_INT(mb_percent4(2, 3), 666667);
	/* 70/84 is more than 83.3333/100, though both print as 83.3333. */
	CHECK(mb_ratio_cmp(700000, 840000, 833333, 1000000) > 0);
	CHECK(mb_ratio_cmp(1, 3, 2, 6) == 0);
	CHECK_STR(dec(876400, 4), "87.64");
	CHECK_STR(dec(1000000, 4), "100");
	CHECK_STR(dec(991501, 6), "0.991501");
	CHECK_STR(dec(0, 6), "0");
	CHECK_STR(dec(-25000, 4), "-2.5");
	CHECK_STR(vi(887800, 4, 2), "88,78");
	CHECK_STR(vi(40689, 0, 0), "40.689");
	CHECK_STR(vi(1234567890, 4, 2), "123.456,79");
	CHECK_STR(vi(955650, 4, 2), "95,57"); /* 95.565 rounds up */
	CHECK_STR(vi(-13, 0, 0), "-13");
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
	CHECK_INT(d.warnings, 0);
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
	CHECK_INT(c->percent4, 833333);
	CHECK_INT(dd->percent4, 833333);
	/* Bands compare the exact percentage: 70/84 >= 83.3333 and 83.3333 >= 83.3333. */
	CHECK_STR(m->indices[0].bands[c->band].name, "B");
	CHECK_STR(m->indices[0].bands[dd->band].name, "B");
	CHECK_STR(m->indices[0].bands[a->band].name, "A"); /* 90 >= 90 */
	/* Not applicable: x1b and y drop out of e's total and maximum. */
	CHECK_INT(e->total, 400000);
	CHECK_INT(e->max, 500000);
	CHECK_INT(e->percent4, 800000);
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
	/* Group means: x applies to a, b (60) and d (43.3333); c gives a total only. */
	const struct mb_scoreset *ss = m->periods[2].scores[0];
	CHECK_INT(ss->crit_avg[0][0], 544444);  /* 163.3333 / 3 = 54.44443 */
	CHECK_INT(ss->crit_avg_n[0][0], 3);
	CHECK_INT(ss->avg_percent4[0], 866667); /* (90 + 90 + 83.3333.. + 83.3333) / 4 */
	CHECK_INT(ss->avg_percent4[1], 800000);
	/* Rank change against the latest earlier period of the same index. */
	CHECK_INT(a->prev_period, 1);
	CHECK_INT(a->prev_rank, 2);
	CHECK_INT(b->prev_period, 0);
	CHECK_INT(b->prev_rank, 1);
	CHECK_INT(c->prev_period, -1);
	CHECK_INT(dd->prev_rank, 1);
	/* Services: zero denominators are no data; rates and targets exact. */
	const struct mb_serviceset *sv = m->periods[1].services;
	CHECK(sv != NULL);
	const struct mb_service *sa = &sv->rows[0], *sb = &sv->rows[1];
	CHECK(!sa->on_time_rate.valid);
	CHECK(!sa->online_payment_rate.valid);
	CHECK(!sa->digitized_rate.valid);
	CHECK_INT(sa->online_rate.r6, 500000);
	CHECK_INT(sa->online_rate.met, 1); /* 0.5 >= 0.5 */
	CHECK_INT(sb->on_time_rate.r6, 990000);
	CHECK_INT(sb->on_time_rate.met, 1); /* 0.99 >= 0.99 */
	CHECK_INT(sb->received, 100);
	CHECK_INT(sb->balance_difference, 0);
	CHECK_INT(sv->total.received, 102);
	CHECK_INT(sv->total.on_time_rate.r6, 990000);
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
		mkdir(d1, 0755);
		mkdir(d2, 0755);
		test_scores(d1);
		test_tree_errors(d2);
		char *cmd = mb_strf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
		free(d1);
		free(d2);
	}
	return TEST_END();
}
