/* test_compare.c - a period against the one before: exact changes, silent gaps, suggestions, highlights. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "compare.h"
#include "compute.h"
#include "harness.h"
#include "highlights.h"
#include "load.h"
#include "suggest.h"

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

static struct mb_ratio ratio(int64_t num, int64_t den)
{
	struct mb_ratio r = {.valid = den > 0, .num = num, .den = den};
	return r;
}

/* The change of two ratios: their exact difference, rounded once, half
 * away from zero, in hundredths of a percentage point. */
static void test_changes(void)
{
	struct mb_change c;
	struct mb_ratio a = ratio(1, 1), b = ratio(2, 3);
	mb_ratio_change(&c, &a, &b, 0);
	CHECK(c.valid && c.sign == 1);
	CHECK_INT(c.d2, 3333); /* 100% - 66.666...% = +33,33 points */
	mb_ratio_change(&c, &b, &a, 0);
	CHECK(c.valid && c.sign == -1);
	CHECK_INT(c.d2, -3333);
	/* Exactly half a hundredth of a point: 0.5 - 0.49995 = 0.00005. */
	a = ratio(1, 2);
	b = ratio(9999, 20000);
	mb_ratio_change(&c, &a, &b, 0);
	CHECK_INT(c.d2, 1);
	mb_ratio_change(&c, &b, &a, 0);
	CHECK_INT(c.d2, -1);
	/* Just under half: rounds to no change, but the sign is exact. */
	b = ratio(99991, 200000); /* 0.499955 */
	mb_ratio_change(&c, &a, &b, 0);
	CHECK_INT(c.d2, 0);
	CHECK_INT(c.sign, 1);
	/* A rate without data has no change; nor does a missing period. */
	struct mb_ratio none = ratio(0, 0);
	mb_ratio_change(&c, &a, &none, 0);
	CHECK(!c.valid);
	mb_ratio_change(&c, &a, &a, -1);
	CHECK(!c.valid);
}

static void test_suggest(void)
{
	const char *ids[] = {"so-tu-phap", "so-noi-vu", "so-y-te", "huyen-a", "huyen-b"};
	mb_buf b;
	mb_buf_init(&b);
	CHECK_INT(mb_suggest(NULL, "so-tu-phapp", ids, 5, &b), 1);
	CHECK_STR(b.data, "so-tu-phap");
	mb_buf_reset(&b);
	CHECK_INT(mb_suggest(NULL, "so-tu-pháp", ids, 5, &b), 1); /* one letter, not two bytes */
	CHECK_STR(b.data, "so-tu-phap");
	mb_buf_reset(&b);
	CHECK_INT(mb_suggest(NULL, "huyen-z", ids, 5, &b), 2); /* ties, in the order given */
	CHECK_STR(b.data, "huyen-a, huyen-b");
	mb_buf_reset(&b);
	CHECK_INT(mb_suggest(NULL, "xa-an-tay", ids, 5, &b), 0); /* nothing close */
	CHECK_STR(b.data, "");
	CHECK_INT(mb_suggest(NULL, "so-tu-phap", ids, 5, &b), 0); /* itself is not a suggestion */
	/* A list of problems already full suggests nothing (a file of garbage). */
	struct mb_diags d;
	mb_diags_init(&d);
	d.n = MB_SUGGEST_MAX;
	CHECK_INT(mb_suggest(&d, "so-tu-phapp", ids, 5, &b), 0);
	mb_buf_release(&b);
}

static const char *site =
	"{\"title\": \"T\", \"organisation\": \"O\", \"rate_change_warning\": 0.2,"
	" \"targets\": {\"on_time_rate\": 0.99}}";
static const char *units =
	"{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}],"
	" \"units\": [{\"id\": \"a\", \"name\": \"A\", \"group\": \"g\"},"
	"  {\"id\": \"b\", \"name\": \"B\", \"group\": \"g\"},"
	"  {\"id\": \"c\", \"name\": \"C\", \"group\": \"g\", \"until\": \"2024-03-31\"},"
	"  {\"id\": \"d\", \"name\": \"D\", \"group\": \"g\"}]}";

/* A service row: carried over, received (direct), resolved on time and
 * late, pending in time. */
static char *row(const char *u, int carried, int received, int on_time, int late, int pending)
{
	return mb_strf("{\"unit\": \"%s\", \"carried_over\": %d, \"received\": {\"online\": 0,"
	               " \"direct\": %d, \"postal\": 0}, \"resolved\": {\"early\": 0, \"on_time\": %d,"
	               " \"late\": %d}, \"pending\": {\"in_time\": %d, \"overdue\": 0}}",
	               u, carried, received, on_time, late, pending);
}

static size_t count_msgs(const struct mb_diags *d, const char *needle, const char *where)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->v[i].msg, needle) && (!where || !strcmp(d->v[i].where, where)))
			n++;
	return n;
}

static void test_gaps(const char *dir)
{
	put(dir, "site.json", site);
	put(dir, "units.json", units);
	/* q1: a, b, c, d.  q2: a carries over 10 where q1 left 10 (fine), b
	 * carries 7 where q1 left 5, c ended in q1 (not expected), d has no row;
	 * b's on-time rate falls from 100% to 70% over 100 files (more than 20
	 * points); a's falls from 100% to 80%, 20 points exactly (not more: no
	 * warning). */
	char *q1[] = {row("a", 0, 100, 90, 0, 10), row("b", 0, 100, 95, 0, 5), row("c", 0, 40, 40, 0, 0),
	              row("d", 0, 50, 50, 0, 0)};
	char *q2[] = {row("a", 10, 90, 80, 20, 0), row("b", 7, 93, 70, 30, 0)};
	char *s1 = mb_strf("{\"services\": [%s, %s, %s, %s]}", q1[0], q1[1], q1[2], q1[3]);
	char *s2 = mb_strf("{\"services\": [%s, %s]}", q2[0], q2[1]);
	put(dir, "periods/2024-q1/services.json", s1);
	put(dir, "periods/2024-q2/services.json", s2);
	/* q4 has no q3 before it: carried over is not compared with q2. */
	char *r4 = row("a", 999, 1, 1, 0, 999);
	char *s4 = mb_strf("{\"services\": [%s]}", r4);
	put(dir, "periods/2024-q4/services.json", s4);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(dir, &d);
	CHECK(m && d.errors == 0);
	if (m && !d.errors)
		mb_compute(m, &d);
	CHECK_INT(count_msgs(&d, "D (d) has figures in Quý I/2024 but no row here", "/services"), 1);
	CHECK_INT(count_msgs(&d, "(c)", NULL), 0);
	CHECK_INT(count_msgs(&d, "7 files carried over, but Quý I/2024 ended with 5 files pending",
	                     "/services/1/carried_over"), 1);
	CHECK_INT(count_msgs(&d, "files carried over", NULL), 1);
	CHECK_INT(count_msgs(&d, "the on-time rate fell from 100.00% in Quý I/2024 to 70.00%, down 30.00 points",
	                     "/services/1/resolved"), 1);
	CHECK_INT(count_msgs(&d, "the on-time rate", "/services/0/resolved"), 0);
	/* q4 against q2 (the latest earlier quarter with figures): the rows
	 * that vanished are named, no carry-over check across the gap. */
	CHECK_INT(count_msgs(&d, "B (b) has figures in Quý II/2024", NULL), 1);
	if (m && !d.errors) {
		const struct mb_serviceset *ss = m->periods[1].services;
		CHECK_INT(ss->vs[MB_VS_PREVIOUS], 0);
		CHECK_INT(ss->vs[MB_VS_YEAR_AGO], -1);
		CHECK_INT(ss->nleft, 2);  /* c (ended) and d */
		CHECK_INT(ss->nentered, 0);
		/* Total on-time: q1 275/275, q2 150/200: -25 points. */
		const struct mb_change *c = &ss->total.change[MB_VS_PREVIOUS][MB_RATE_ON_TIME];
		CHECK(c->valid && c->sign == -1);
		CHECK_INT(c->d2, -2500);
		CHECK_INT(m->periods[1].nreported, 2);
		struct mb_highlights h;
		CHECK(mb_highlights(m, 1, MB_HL_MAX, &h) >= 4);
		CHECK_INT(h.v[0].kind, MB_HL_SERVICES);
		mb_highlights_release(&h);
	}
	mb_diags_release(&d);
	mb_model_free(m);
	/* The same with a looser limit: no rate warning. */
	put(dir, "site.json", "{\"title\": \"T\", \"organisation\": \"O\", \"rate_change_warning\": 0.3}");
	mb_diags_init(&d);
	m = mb_load(dir, &d);
	if (m && !d.errors)
		mb_compute(m, &d);
	CHECK_INT(count_msgs(&d, "the on-time rate", NULL), 0);
	mb_diags_release(&d);
	mb_model_free(m);
	for (int i = 0; i < 4; i++)
		free(q1[i]);
	free(q2[0]);
	free(q2[1]);
	free(s1);
	free(s2);
	free(r4);
	free(s4);
}

int main(void)
{
	test_changes();
	test_suggest();
	char tmpl[] = "/tmp/mb-test-compare-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (dir) {
		test_gaps(dir);
		char *cmd = mb_strf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
	}
	return TEST_END();
}
