/* test_lifespan.c - units over time: calendar days, period spans, membership, predecessors. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "calendar.h"
#include "compute.h"
#include "harness.h"
#include "lifespan.h"
#include "load.h"

static const char *iso(mb_day d)
{
	static char out[11];
	mb_day_iso(d, out);
	return out;
}

static mb_day day(const char *s)
{
	mb_day d = -1;
	CHECK_MSG(mb_day_parse(s, &d), "mb_day_parse(\"%s\")", s);
	return d;
}

static void test_days(void)
{
	mb_day d;
	CHECK_INT(day("1970-01-01"), 0);
	CHECK_INT(day("1970-01-02"), 1);
	CHECK_INT(day("2000-03-01") - day("2000-02-28"), 2);  /* 2000 is a leap year */
	CHECK_INT(day("2100-03-01") - day("2100-02-28"), 1);  /* 2100 is not */
	CHECK_INT(day("2025-07-01") - day("2025-06-30"), 1);
	CHECK_INT(day("2025-01-01") - day("2024-01-01"), 366);
	CHECK(mb_day_parse("2024-02-29", &d));
	CHECK(!mb_day_parse("2023-02-29", &d));
	CHECK(!mb_day_parse("2100-02-29", &d));
	CHECK(!mb_day_parse("2025-06-31", &d));
	CHECK(!mb_day_parse("2025-13-01", &d));
	CHECK(!mb_day_parse("2025-00-10", &d));
	CHECK(!mb_day_parse("2025-7-01", &d));
	CHECK(!mb_day_parse("2025-07-01x", &d));
	CHECK(!mb_day_parse("30/06/2025", &d));
	CHECK(!mb_day_parse("1899-12-31", &d));
	CHECK(!mb_day_parse("+025-07-01", &d));
	/* Back and forth, across a leap day and a century. */
	for (mb_day x = day("1999-12-25"); x < day("2001-03-05"); x++) {
		mb_day y = -1;
		mb_day_parse(iso(x), &y);
		CHECK_MSG(y == x, "round trip of day %d (%s)", (int)x, iso(x));
	}
	CHECK_STR(iso(day("2024-02-29")), "2024-02-29");
	CHECK_STR(iso(day("2025-06-30") + 1), "2025-07-01");

	mb_day a, b;
	mb_day_span(2024, 0, &a, &b);
	CHECK_STR(iso(a), "2024-01-01");
	CHECK_STR(iso(b), "2024-12-31");
	mb_day_span(2024, 1, &a, &b);
	CHECK_STR(iso(a), "2024-01-01");
	CHECK_STR(iso(b), "2024-03-31");
	mb_day_span(2025, 2, &a, &b);
	CHECK_STR(iso(a), "2025-04-01");
	CHECK_STR(iso(b), "2025-06-30");
	mb_day_span(2025, 3, &a, &b);
	CHECK_STR(iso(a), "2025-07-01");
	CHECK_STR(iso(b), "2025-09-30");
	mb_day_span(2025, 4, &a, &b);
	CHECK_STR(iso(a), "2025-10-01");
	CHECK_STR(iso(b), "2025-12-31");

	/* A life overlaps a period on both ends, days included. */
	struct mb_unit u = {.until = "2025-06-30", .until_day = day("2025-06-30")};
	mb_day_span(2025, 2, &a, &b);
	CHECK(mb_unit_exists(&u, a, b));
	mb_day_span(2025, 3, &a, &b);
	CHECK(!mb_unit_exists(&u, a, b));
	struct mb_unit v = {.from = "2025-07-01", .from_day = day("2025-07-01")};
	CHECK(mb_unit_exists(&v, a, b));
	mb_day_span(2025, 0, &a, &b);
	CHECK(mb_unit_exists(&v, a, b));
	CHECK(mb_unit_exists(&u, a, b));
	mb_day_span(2025, 2, &a, &b);
	CHECK(!mb_unit_exists(&v, a, b));
	/* No dates: a unit exists always (models built by hand have none). */
	struct mb_unit w = {0};
	CHECK(mb_unit_exists(&w, a, b));
}

static int unit(const struct mb_model *m, const char *id)
{
	int u = mb_model_find_unit(m, id);
	CHECK_MSG(u >= 0, "unit %s", id);
	return u;
}

static const struct mb_score *score(const struct mb_model *m, size_t p, const char *index,
                                    const char *id)
{
	int i = mb_model_find_index(m, index);
	const struct mb_scoreset *ss = i >= 0 ? m->periods[p].scores[i] : NULL;
	int u = mb_model_find_unit(m, id);
	for (size_t r = 0; ss && r < ss->nrows; r++)
		if (ss->rows[r].unit == u)
			return &ss->rows[r];
	return NULL;
}

/* The reorganisation data set: membership, current units, predecessors. */
static void test_reorg(void)
{
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load("tests/fixtures/reorg", &d);
	CHECK(m != NULL && d.errors == 0 && d.warnings == 0);
	if (!m || d.errors) {
		mb_diags_print(&d, false);
		mb_diags_release(&d);
		mb_model_free(m);
		return;
	}
	mb_compute(m, &d);
	CHECK_INT(d.errors + d.warnings, 0);
	CHECK_INT(m->nperiods, 3);
	CHECK_STR(m->periods[0].id, "2024");
	CHECK_STR(m->periods[2].id, "2025-q3");
	CHECK_STR(iso(m->periods[2].first_day), "2025-07-01");
	CHECK_STR(iso(m->periods[2].last_day), "2025-09-30");
	/* 2024: every old unit; 2025-q2: less the department that ended on
	 * 28/2; 2025-q3: three departments and three new communes. */
	CHECK_INT(m->periods[0].nunits, 12);
	CHECK_INT(m->periods[1].nunits, 11);
	CHECK_INT(m->periods[2].nunits, 6);
	int huyen = mb_model_find_group(m, "huyen"), xa = mb_model_find_group(m, "xa");
	CHECK_INT(m->periods[1].group_nunits[huyen], 2);
	CHECK_INT(m->periods[2].group_nunits[huyen], 0);
	CHECK_INT(m->periods[1].group_nunits[xa], 6);
	CHECK_INT(m->periods[2].group_nunits[xa], 3);
	/* Units in units.json order. */
	CHECK_INT(m->periods[2].units[0], unit(m, "so-noi-vu"));
	CHECK_INT(m->periods[2].units[3], unit(m, "xa-an-phu-2025"));
	CHECK_INT(m->periods[2].units[5], unit(m, "xa-tan-an"));
	/* Current: exists in the latest period (2025-q3). */
	CHECK(m->units[unit(m, "so-noi-vu")].current);
	CHECK(m->units[unit(m, "xa-tan-an")].current);
	CHECK(!m->units[unit(m, "xa-an-phu")].current);
	CHECK(!m->units[unit(m, "huyen-dong-an")].current);
	CHECK(!m->units[unit(m, "so-ke-hoach-va-dau-tu")].current);
	/* Successors in file order; predecessors in units.json order. */
	const struct mb_unit *bm = &m->units[unit(m, "xa-binh-minh")];
	CHECK_INT(bm->nsuccessors, 2);
	CHECK_INT(bm->successors[0], unit(m, "phuong-binh-hoa"));
	CHECK_INT(bm->successors[1], unit(m, "xa-tan-an"));
	CHECK_STR(bm->until, "2025-06-30");
	const struct mb_unit *ta = &m->units[unit(m, "xa-tan-an")];
	CHECK_INT(ta->npredecessors, 3);
	CHECK_INT(ta->predecessors[0], unit(m, "xa-binh-minh"));
	CHECK_INT(ta->predecessors[1], unit(m, "xa-tan-hung"));
	CHECK_INT(ta->predecessors[2], unit(m, "xa-tan-thanh"));
	CHECK_STR(ta->from, "2025-07-01");
	CHECK(ta->until == NULL);
	const struct mb_unit *tc = &m->units[unit(m, "so-tai-chinh")];
	CHECK_INT(tc->npredecessors, 1);
	CHECK_INT(tc->predecessors[0], unit(m, "so-ke-hoach-va-dau-tu"));
	CHECK_INT(m->units[unit(m, "huyen-dong-an")].nsuccessors, 0);
	/* Rank changes never cross the reorganisation: the new communes are
	 * new, the departments keep theirs. */
	const struct mb_score *s = score(m, 2, "chi-so-766", "xa-an-phu-2025");
	CHECK(s && s->prev_period == -1 && s->rank == 1);
	s = score(m, 2, "chi-so-766", "xa-tan-an");
	CHECK(s && s->prev_period == -1 && s->rank == 1);
	s = score(m, 2, "chi-so-766", "so-tu-phap");
	CHECK(s && s->prev_period == 1 && s->prev_rank == 3 && s->rank == 2 && !s->reorganised);
	/* Which rankings a reorganisation separates: the group's units change
	 * on a unit's `from` and on the day after its `until`, from the day
	 * after the first day of the earlier period to the last day of the
	 * later one. */
	int so = mb_model_find_group(m, "so-nganh");
	mb_day on = 0;
	CHECK(mb_group_reorganised(m, xa, 1, 2, &on));           /* 2025-q2 -> q3: 1/7 */
	CHECK_STR(iso(on), "2025-07-01");
	CHECK(mb_group_reorganised(m, huyen, 1, 2, &on));        /* districts ended 30/6 */
	CHECK_STR(iso(on), "2025-07-01");
	CHECK(!mb_group_reorganised(m, so, 1, 2, &on));          /* merged on 1/3, before q2 */
	CHECK(mb_group_reorganised(m, so, 0, 1, &on));           /* 2024 -> 2025-q2: 1/3 */
	CHECK_STR(iso(on), "2025-03-01");
	CHECK(mb_group_reorganised(m, so, 0, 2, &on));           /* the latest day between */
	CHECK_STR(iso(on), "2025-03-01");
	CHECK(!mb_group_reorganised(m, xa, 0, 1, &on));          /* 2024 -> 2025-q2: none yet */
	CHECK(!mb_group_reorganised(m, xa, 2, 2, &on));          /* on the first day of q3 */
	CHECK(mb_group_reorganised(m, xa, 0, 2, &on));
	/* Nor are the means of a group compared across it. */
	const struct mb_scoreset *q3s = m->periods[2].scores[mb_model_find_index(m, "chi-so-766")];
	const struct mb_change *mc = &q3s->mean_change[MB_VS_PREVIOUS][xa];
	CHECK(!mc->valid && mc->reorganised && mc->period == 1);
	CHECK_STR(iso(mc->reorganised_on), "2025-07-01");
	mc = &q3s->mean_change[MB_VS_PREVIOUS][so];
	CHECK(mc->valid && !mc->reorganised && mc->sign < 0);
	/* A commune is under its district in the periods the district
	 * exists; an ended district compares its communes only then. */
	int da = unit(m, "huyen-dong-an");
	const struct mb_period *y24 = &m->periods[0], *q3 = &m->periods[2];
	CHECK_INT(mb_unit_parent_in(m, unit(m, "xa-an-phu"), y24->first_day, y24->last_day), da);
	CHECK_INT(mb_unit_parent_in(m, unit(m, "xa-an-phu"), q3->first_day, q3->last_day), -1);
	CHECK_INT(mb_unit_parent_in(m, unit(m, "xa-tan-an"), q3->first_day, q3->last_day), -1);
	int g = -2;
	CHECK_INT(mb_children_ranked(m, da, (size_t)mb_model_find_index(m, "chi-so-766"), &g), 1);
	CHECK_INT(g, xa);
	CHECK_INT(mb_children_ranked(m, da, (size_t)mb_model_find_index(m, "par"), &g), 0);
	CHECK_INT(g, xa);
	CHECK_INT(mb_children_served(m, da), 1);
	CHECK_INT(mb_children_ranked(m, unit(m, "so-noi-vu"), 0, &g), -1);
	CHECK_INT(g, -1);
	mb_diags_release(&d);
	mb_model_free(m);
}

/* Without any period every unit is current, ended or not: there is no
 * "now" but the data's, and the clock is never read. */
static void test_no_periods(const char *dir)
{
	char *p = mb_strf("%s/site.json", dir);
	FILE *f = fopen(p, "w");
	fputs("{\"title\": \"T\", \"organisation\": \"O\"}", f);
	fclose(f);
	free(p);
	p = mb_strf("%s/units.json", dir);
	f = fopen(p, "w");
	fputs("{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}], \"units\": ["
	      "{\"id\": \"a\", \"name\": \"A\", \"group\": \"g\", \"until\": \"2020-12-31\", \"successors\": [\"b\"]},"
	      "{\"id\": \"b\", \"name\": \"B\", \"group\": \"g\", \"from\": \"2021-01-01\"}]}", f);
	fclose(f);
	free(p);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(dir, &d);
	CHECK(m && d.errors == 0);
	if (m && !d.errors) {
		mb_compute(m, &d);
		CHECK(m->units[0].current && m->units[1].current);
		CHECK_INT(m->units[1].npredecessors, 1);
	}
	mb_diags_release(&d);
	mb_model_free(m);
}

/* A loop of successors longer than 8 is named by its ends and its length;
 * each edge that closes a loop is reported once. */
static void test_long_loop(const char *dir)
{
	char *p = mb_strf("%s/site.json", dir);
	FILE *f = fopen(p, "w");
	fputs("{\"title\": \"T\", \"organisation\": \"O\"}", f);
	fclose(f);
	free(p);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_puts(&b, "{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}], \"units\": [");
	for (int k = 0; k < 10; k++)
		mb_buf_printf(&b, "%s{\"id\": \"u%d\", \"name\": \"U\", \"group\": \"g\", "
		              "\"successors\": [\"u%d\"]}", k ? "," : "", k, (k + 1) % 10);
	mb_buf_puts(&b, "]}");
	p = mb_strf("%s/units.json", dir);
	f = fopen(p, "w");
	fputs(b.data, f);
	fclose(f);
	free(p);
	mb_buf_release(&b);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(dir, &d);
	size_t loops = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (!strstr(d.v[i].msg, "form a loop"))
			continue;
		loops++;
		CHECK_STR(d.v[i].where, "/units/9/successors");
		CHECK_MSG(strstr(d.v[i].msg, "a loop of 10 units (u0 → u1 → u2 → u3 → … → u7 → u8 → u9 → u0)"),
		          "%s", d.v[i].msg);
	}
	CHECK_INT(loops, 1);
	/* and each unit without "until" is told to add one */
	CHECK_INT(d.errors, 11);
	mb_diags_release(&d);
	mb_model_free(m);
}

int main(void)
{
	test_days();
	test_reorg();
	char tmpl[] = "/tmp/mb-test-lifespan-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (dir) {
		test_no_periods(dir);
		test_long_loop(dir);
		char *cmd = mb_strf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
		free(cmd);
	}
	return TEST_END();
}
