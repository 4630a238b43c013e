/* test_pathological.c - hostile input: deep nesting, runaway partials, huge text, ties, NFD, NUL. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "harness.h"
#include "json_out.h"
#include "load.h"
#include "model.h"
#include "mustache.h"
#include "out.h"
#include "publish.h"

static char *top; /* scratch folder of this run */

/* ---- helpers ------------------------------------------------------------ */

/* Writes n bytes to dir/rel, creating folders. */
static void put_n(const char *dir, const char *rel, const char *text, size_t n)
{
	char *path = mb_strf("%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(text, 1, n, f);
		fclose(f);
	}
	CHECK_MSG(f != NULL, "cannot write %s", path);
	free(path);
}

static void put(const char *dir, const char *rel, const char *text)
{
	put_n(dir, rel, text, strlen(text));
}

/* A fresh data folder under the scratch folder. */
static char *data_dir(const char *name)
{
	char *dir = mb_strf("%s/%s", top, name);
	mkdir(dir, 0755);
	put(dir, "site.json", "{\"title\": \"T\", \"organisation\": \"O\"}");
	return dir;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Loads and, when valid, computes; the caller frees both. */
static struct mb_model *load(const char *dir, struct mb_diags *d)
{
	mb_diags_init(d);
	struct mb_model *m = mb_load(dir, d);
	if (m && d->errors == 0)
		mb_compute(m, d);
	return m;
}

/* Where a problem is, as printed: a JSON pointer or LINE:COL. */
static void where_of(const struct mb_diag *g, char *buf, size_t n)
{
	if (g->where)
		snprintf(buf, n, "%s", g->where);
	else
		snprintf(buf, n, "%u:%u", g->line, g->col);
}

/* Whether some problem of d is about file (a suffix of its path), at where
 * (a prefix of the pointer or LINE:COL; NULL for any) and says text. */
static bool has_diag(const struct mb_diags *d, const char *file, const char *where,
                     const char *text)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct mb_diag *g = &d->v[i];
		size_t fl = strlen(g->file), n = strlen(file);
		char at[256];
		where_of(g, at, sizeof at);
		if (fl < n || strcmp(g->file + fl - n, file) != 0)
			continue;
		if (where && strncmp(at, where, strlen(where)) != 0)
			continue;
		if (strstr(g->msg, text))
			return true;
	}
	return false;
}

static void dump(const struct mb_diags *d)
{
	for (size_t i = 0; i < d->n && i < 10; i++) {
		char at[256];
		where_of(&d->v[i], at, sizeof at);
		fprintf(stderr, "  %s: %s: %s\n", d->v[i].file, at, d->v[i].msg);
	}
}

/* ---- templates ---------------------------------------------------------- */

static int render(struct mb_tmpl_set *s, const char *name, const char *json, mb_buf *out)
{
	cJSON *ctx = json ? cJSON_Parse(json) : NULL;
	mb_buf_reset(out);
	int rc = mb_tmpl_render(s, name, ctx, out);
	cJSON_Delete(ctx);
	return rc;
}

/* Templates read from a folder, as the build reads them: a partial that
 * includes itself, two that include each other, a fan-out that would never
 * end, sections nested past the limit.  Each must fail fast, never hang or
 * overflow the stack. */
static void test_template_folder(void)
{
	char *dir = mb_strf("%s/templates", top);
	mkdir(dir, 0755);
	put(dir, "self.mustache", "<p>{{>partials/self}}</p>\n");
	put(dir, "partials/self.mustache", "again {{>partials/self}}\n");
	put(dir, "ping.mustache", "{{#x}}{{>pong}}{{/x}}");
	put(dir, "pong.mustache", "{{>ping}}");
	put(dir, "tree.mustache", "{{name}}({{#kids}}{{>tree}}{{/kids}})");
	put(dir, "layout.mustache", "<main>{{$main}}{{/main}}</main>");
	put(dir, "loop.mustache", "{{<loop}}{{$main}}x{{/main}}{{/loop}}");
	mb_buf fan;
	mb_buf_init(&fan);
	for (int i = 0; i < 40; i++) {
		mb_buf_reset(&fan);
		mb_buf_printf(&fan, "{{>fan%d}}{{>fan%d}}{{>fan%d}}", i + 1, i + 1, i + 1);
		char *name = mb_strf("fan%d.mustache", i);
		put(dir, name, fan.data);
		free(name);
	}
	put(dir, "fan40.mustache", "leaf");
	mb_buf deep;
	mb_buf_init(&deep);
	for (int i = 0; i <= MB_TMPL_MAX_DEPTH; i++)
		mb_buf_puts(&deep, "{{#a}}");
	for (int i = 0; i <= MB_TMPL_MAX_DEPTH; i++)
		mb_buf_puts(&deep, "{{/a}}");
	put(dir, "deep.mustache", deep.data);

	struct mb_tmpl_set *s = mb_tmpl_set_new();
	mb_buf err, out;
	mb_buf_init(&err);
	mb_buf_init(&out);
	CHECK_INT(mb_tmpl_set_load_dir(s, dir, &err), -1); /* deep.mustache */
	CHECK_MSG(strstr(err.data, "deep.mustache:1: sections nested more than 64 deep"),
	          "deep nesting is reported: %s", err.data);
	CHECK(!mb_tmpl_set_has(s, "deep"));
	mb_buf_reset(&err);
	CHECK_INT(mb_tmpl_set_check(s, &err), 0);

	double t0 = now();
	CHECK_INT(render(s, "self", "{}", &out), -1);
	CHECK_INT(render(s, "ping", "{\"x\": true}", &out), -1);
	CHECK_INT(render(s, "loop", "{}", &out), -1);
	CHECK_INT(render(s, "fan0", "{}", &out), -1); /* 3^40 leaves */
	CHECK_MSG(now() - t0 < 20, "hostile templates took %.1f s", now() - t0);
	/* ping stops when the data ends: recursion bounded by data is fine. */
	CHECK_INT(render(s, "ping", "{\"x\": false}", &out), 0);

	/* A data tree 25 deep renders through the recursive partial (each level
	 * is a section and a partial: 50 of the 64 levels allowed). */
	mb_buf json;
	mb_buf_init(&json);
	for (int i = 0; i < 25; i++)
		mb_buf_printf(&json, "{\"name\": \"n%d\", \"kids\": [", i);
	mb_buf_puts(&json, "{\"name\": \"leaf\", \"kids\": []}"); /* else "kids" is found outside */
	for (int i = 0; i < 25; i++)
		mb_buf_puts(&json, "]}");
	CHECK_INT(render(s, "tree", json.data, &out), 0);
	CHECK(strstr(out.data, "n0(n1(n2(") == out.data);
	CHECK(strstr(out.data, "n24(leaf())") != NULL);
	/* 40 deep is too deep: refused, not a crash. */
	mb_buf_reset(&json);
	for (int i = 0; i < 40; i++)
		mb_buf_printf(&json, "{\"name\": \"n%d\", \"kids\": [", i);
	mb_buf_puts(&json, "{\"kids\": []}");
	for (int i = 0; i < 40; i++)
		mb_buf_puts(&json, "]}");
	CHECK_INT(render(s, "tree", json.data, &out), -1);

	mb_buf_release(&json);
	mb_buf_release(&fan);
	mb_buf_release(&deep);
	mb_buf_release(&err);
	mb_buf_release(&out);
	mb_tmpl_set_free(s);
	free(dir);
}

/* Huge strings in templates and in values: rendered whole while under the
 * output limit, refused (not truncated silently) above it. */
static void test_template_sizes(void)
{
	struct mb_tmpl_set *s = mb_tmpl_set_new();
	mb_buf err, out, big;
	mb_buf_init(&err);
	mb_buf_init(&out);
	mb_buf_init(&big);
	size_t n = (size_t)8 << 20;
	mb_buf_grow(&big, n + 16);
	memset(big.data, 'x', n);
	big.len = n;
	mb_buf_puts(&big, "{{v}}");
	CHECK_INT(mb_tmpl_set_add(s, "big", big.data, big.len, "big.mustache", &err), 0);
	CHECK_INT(mb_tmpl_set_add(s, "one", "[{{v}}]", 7, "one.mustache", &err), 0);
	CHECK_INT(mb_tmpl_set_add(s, "raw", "[{{{v}}}]", 9, "raw.mustache", &err), 0);
	cJSON *ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "v", "<&>");
	CHECK_INT(mb_tmpl_render(s, "big", ctx, &out), 0);
	CHECK_INT(out.len, n + 13);
	cJSON_Delete(ctx);

	/* A 4 MB value of '<' escapes to 16 MB: fine.  20 MB escapes to 80 MB,
	 * past the 64 MB output limit: refused, or else whole, never cut short. */
	char *lt = mb_xmalloc((size_t)20 << 20 | 1);
	memset(lt, '<', (size_t)20 << 20);
	lt[(size_t)4 << 20] = '\0';
	ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "v", lt);
	mb_buf_reset(&out);
	CHECK_INT(mb_tmpl_render(s, "one", ctx, &out), 0);
	CHECK_INT(out.len, ((size_t)16 << 20) + 2);
	cJSON_Delete(ctx);
	lt[(size_t)4 << 20] = '<';
	lt[(size_t)20 << 20] = '\0';
	ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "v", lt);
	mb_buf_reset(&out);
	int rc = mb_tmpl_render(s, "one", ctx, &out);
	CHECK(rc == -1 || (rc == 0 && out.len == ((size_t)80 << 20) + 2));
	mb_buf_reset(&out);
	CHECK_INT(mb_tmpl_render(s, "raw", ctx, &out), 0); /* 20 MB raw is under the limit */
	cJSON_Delete(ctx);
	free(lt);

	mb_buf_release(&big);
	mb_buf_release(&err);
	mb_buf_release(&out);
	mb_tmpl_set_free(s);
}

/* A big data set makes a big page: 200,000 rows render to 75 MB, past the
 * 64 MB a small context is allowed, because the limits grow with the
 * context; the same template over a few rows that it repeats without end
 * is still stopped, and says why. */
static void test_big_context(void)
{
	struct mb_tmpl_set *s = mb_tmpl_set_new();
	mb_buf err, out;
	mb_buf_init(&err);
	mb_buf_init(&out);
	const char *row = "{{#rows}}<tr><td>{{name}}</td><td>{{name}}</td><td>{{n}}</td></tr>\n{{/rows}}";
	CHECK_INT(mb_tmpl_set_add(s, "table", row, strlen(row), "table.mustache", &err), 0);
	cJSON *ctx = cJSON_CreateObject();
	cJSON *rows = cJSON_AddArrayToObject(ctx, "rows");
	char name[200];
	size_t want = 0;
	for (int i = 0; i < 200000; i++) {
		cJSON *r = cJSON_CreateObject();
		snprintf(name, sizeof name, "UBND xã số %06d, huyện Một Hai Ba Bốn Năm Sáu Bảy Tám "
		         "Chín Mười, tỉnh Một Hai Ba Bốn Năm Sáu Bảy Tám Chín Mười Một", i);
		cJSON_AddStringToObject(r, "name", name);
		cJSON_AddNumberToObject(r, "n", i);
		cJSON_AddItemToArray(rows, r);
		char num[16];
		want += strlen("<tr><td></td><td></td><td></td></tr>\n") + 2 * strlen(name) +
		        (size_t)snprintf(num, sizeof num, "%d", i);
	}
	CHECK_MSG(want > MB_TMPL_MAX_OUTPUT, "the page is %zu bytes, not past the base limit", want);
	enum mb_tmpl_fail why = MB_TMPL_FAIL_NAME;
	CHECK_INT(mb_tmpl_render_why(s, "table", ctx, &out, &why), 0);
	CHECK_INT(out.len, want);
	cJSON_Delete(ctx);

	/* A partial that includes itself three times, 25 deep, over one row. */
	CHECK_INT(mb_tmpl_set_add(s, "f0", "{{>f1}}{{>f1}}{{>f1}}", 21, "f0.mustache", &err), 0);
	for (int i = 1; i < 25; i++) {
		char src[64], nm[16];
		snprintf(nm, sizeof nm, "f%d", i);
		snprintf(src, sizeof src, "{{>f%d}}{{>f%d}}{{>f%d}}", i + 1, i + 1, i + 1);
		CHECK_INT(mb_tmpl_set_add(s, nm, src, strlen(src), nm, &err), 0);
	}
	CHECK_INT(mb_tmpl_set_add(s, "f25", "{{name}}", 8, "f25.mustache", &err), 0);
	ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "name", "UBND xã");
	mb_buf_reset(&out);
	CHECK_INT(mb_tmpl_render_why(s, "f0", ctx, &out, &why), -1);
	CHECK_MSG(why == MB_TMPL_FAIL_EXPANSIONS || why == MB_TMPL_FAIL_OUTPUT, "why %d", (int)why);
	cJSON_Delete(ctx);
	CHECK_INT(mb_tmpl_set_add(s, "self", "{{>self}}", 9, "self.mustache", &err), 0);
	mb_buf_reset(&out);
	CHECK_INT(mb_tmpl_render_why(s, "self", NULL, &out, &why), -1);
	CHECK_INT(why, MB_TMPL_FAIL_DEPTH);
	mb_buf_release(&err);
	mb_buf_release(&out);
	mb_tmpl_set_free(s);
}

/* Two outputs on one path: paths.c makes it a data error before a build;
 * should a renderer still write a path twice, the second write fails the
 * build instead of replacing the first file. */
static void test_written_twice(void)
{
	char *root = mb_strf("%s/twice", top);
	struct mb_out o;
	mb_out_init(&o, root);
	fprintf(stderr, "(a message about tai-ve/x.csv written twice is expected)\n");
	CHECK_INT(mb_out_write(&o, "tai-ve/x.csv", "a", 1), 0);
	CHECK_INT(mb_out_write(&o, "tai-ve/y.csv", "b", 1), 0);
	CHECK_INT(atomic_load(&o.failed), 0);
	CHECK_INT(mb_out_write(&o, "tai-ve/x.csv", "c", 1), -1);
	CHECK_INT(atomic_load(&o.failed), 1);
	char *path = mb_strf("%s/tai-ve/x.csv", root);
	FILE *f = fopen(path, "r");
	CHECK_MSG(f && fgetc(f) == 'a', "the first file is kept as written");
	if (f)
		fclose(f);
	free(path);
	mb_out_release(&o);
	free(root);
}

/* ---- data ---------------------------------------------------------------- */

#define TIED_UNITS 3000

/* Thousands of units with the same score: every one shares rank 1, in
 * each criterion too, and the period record says so. */
static void test_mass_ties(void)
{
	char *dir = data_dir("ties");
	put(dir, "indices/par.json", "{\"name\": \"PAR\", \"criteria\": ["
	    "{\"id\": \"a\", \"name\": \"A\", \"max\": 60}, "
	    "{\"id\": \"b\", \"name\": \"B\", \"max\": 40}]}");
	mb_buf units, scores;
	mb_buf_init(&units);
	mb_buf_init(&scores);
	mb_buf_puts(&units, "{\"groups\": [{\"id\": \"xa\", \"name\": \"UBND cấp xã\"}], \"units\": [");
	mb_buf_puts(&scores, "{\"scores\": [");
	for (int i = 0; i < TIED_UNITS; i++) {
		mb_buf_printf(&units, "%s{\"id\": \"xa-%04d\", \"name\": \"UBND xã số %d\", \"group\": \"xa\"}",
		              i ? "," : "", TIED_UNITS - i, i);
		mb_buf_printf(&scores, "%s{\"unit\": \"xa-%04d\", \"criteria\": {\"a\": 41.0001, \"b\": 33.25}}",
		              i ? "," : "", TIED_UNITS - i);
	}
	mb_buf_puts(&units, "]}");
	mb_buf_puts(&scores, "]}");
	put(dir, "units.json", units.data);
	put(dir, "periods/2023/par.json", scores.data);

	double t0 = now();
	struct mb_diags d;
	struct mb_model *m = load(dir, &d);
	double took = now() - t0;
	CHECK(m != NULL);
	CHECK_INT(d.errors, 0);
	if (!m || d.errors) {
		dump(&d);
	} else {
		const struct mb_scoreset *ss = m->periods[0].scores[0];
		CHECK_INT(ss->nrows, TIED_UNITS);
		size_t rank1 = 0, crit1 = 0;
		for (size_t i = 0; i < ss->nrows; i++) {
			rank1 += ss->rows[i].rank == 1;
			crit1 += ss->rows[i].crit_rank[0] == 1 && ss->rows[i].crit_rank[1] == 1;
		}
		CHECK_INT(rank1, TIED_UNITS);
		CHECK_INT(crit1, TIED_UNITS);
		CHECK_INT(ss->rows[0].total, 742501);
		/* Ties are listed by unit id. */
		CHECK_INT(ss->nranked[0], TIED_UNITS);
		CHECK_STR(m->units[ss->rows[ss->ranked[0][0]].unit].id, "xa-0001");
		CHECK_STR(m->units[ss->rows[ss->ranked[0][TIED_UNITS - 1]].unit].id, "xa-3000");
		mb_buf rec;
		mb_buf_init(&rec);
		mb_json_period(m, 0, &rec);
		size_t n = 0;
		for (const char *p = rec.data; (p = strstr(p, "\"rank\": 1,")) != NULL; p++)
			n++;
		for (const char *p = rec.data; (p = strstr(p, "\"rank\":1,")) != NULL; p++)
			n++;
		CHECK_MSG(n == TIED_UNITS, "the period record has %zu rows of rank 1, want %d", n,
		          TIED_UNITS);
		mb_buf_release(&rec);
	}
	CHECK_MSG(took < 10, "loading %d tied units took %.1f s", TIED_UNITS, took);
	mb_diags_release(&d);
	mb_model_free(m);
	mb_buf_release(&units);
	mb_buf_release(&scores);
	free(dir);
}

/* The four normal forms of a Vietnamese name. */
static char *form(const char *nfc, int which)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)nfc;
	utf8proc_uint8_t *r = which == 0   ? utf8proc_NFC(s)
	                      : which == 1 ? utf8proc_NFD(s)
	                      : which == 2 ? utf8proc_NFKC(s)
	                                   : utf8proc_NFKD(s);
	return (char *)r;
}

/* Names typed on different systems arrive in different normal forms; the
 * model (and so every page, sheet and sort) holds NFC only. */
static void test_normal_forms(void)
{
	static const char *const names[] = {
		"UBND thị xã Thuận An", "Sở Tư pháp", "UBND phường Chánh Mỹ", "Ban Dân tộc Hoà Bình",
	};
	char *dir = data_dir("forms");
	mb_buf units;
	mb_buf_init(&units);
	char *g = form("Sở, ban, ngành", 1);
	mb_buf_printf(&units, "{\"groups\": [{\"id\": \"g\", \"name\": \"%s\"}], \"units\": [", g);
	free(g);
	int k = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		for (int f = 0; f < 4; f++) {
			char *s = form(names[i], f);
			if (f == 1)
				CHECK_MSG(strcmp(s, names[i]) != 0, "NFD of \"%s\" differs from NFC", names[i]);
			mb_buf_printf(&units, "%s{\"id\": \"u%d\", \"name\": \"%s\", \"group\": \"g\", "
			              "\"address\": \"%s\"}", k ? "," : "", k, s, s);
			free(s);
			k++;
		}
	}
	mb_buf_puts(&units, "]}");
	put(dir, "units.json", units.data);
	char *title = form("Giới thiệu Đồng Nai", 3);
	char *body = form("# Giới thiệu Đồng Nai\n\nNội dung.\n", 1);
	char *page = mb_strf("---\ntitle: %s\n---\n%s", title, body);
	put(dir, "pages/gioi-thieu.md", page);
	char *site_title = form("Công khai kết quả CCHC tỉnh Đồng Nai", 1);
	char *site = mb_strf("{\"title\": \"%s\", \"organisation\": \"UBND tỉnh\"}", site_title);
	put(dir, "site.json", site);

	struct mb_diags d;
	struct mb_model *m = load(dir, &d);
	CHECK(m != NULL);
	CHECK_INT(d.errors, 0);
	if (m && d.errors == 0) {
		CHECK_INT(m->nunits, 16);
		for (size_t u = 0; u < m->nunits; u++) {
			const char *want = names[u / 4];
			CHECK_MSG(strcmp(m->units[u].name, want) == 0, "unit %zu (form %zu): \"%s\" is not NFC",
			          u, u % 4, m->units[u].name);
			CHECK_MSG(m->units[u].address && strcmp(m->units[u].address, want) == 0,
			          "address of unit %zu is not NFC", u);
		}
		CHECK_STR(m->groups[0].name, "Sở, ban, ngành");
		CHECK_STR(m->site.title, "Công khai kết quả CCHC tỉnh Đồng Nai");
		CHECK_INT(m->npages, 1);
		if (m->npages) {
			CHECK_STR(m->pages[0].title, "Giới thiệu Đồng Nai");
			CHECK(strstr(m->pages[0].body_md, "Giới thiệu Đồng Nai") != NULL);
		}
	} else {
		dump(&d);
	}
	mb_diags_release(&d);
	mb_model_free(m);
	free(title);
	free(body);
	free(page);
	free(site_title);
	free(site);
	mb_buf_release(&units);
	free(dir);
}

static const char *units_ok =
	"{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}], "
	"\"units\": [{\"id\": \"a\", \"name\": \"A\", \"group\": \"g\"}]}";

/* Loads a folder whose units.json (or rel) is text; expects a problem. */
static void expect_problem(const char *name, const char *rel, const char *text, size_t n,
                           const char *where, const char *msg)
{
	char *dir = data_dir(name);
	put(dir, "units.json", units_ok);
	put(dir, "indices/par.json", "{\"name\": \"PAR\", \"criteria\": "
	    "[{\"id\": \"a\", \"name\": \"A\", \"max\": 100}]}");
	put_n(dir, rel, text, n);
	struct mb_diags d;
	struct mb_model *m = load(dir, &d);
	CHECK_MSG(d.errors > 0, "%s: no error reported", name);
	CHECK_MSG(has_diag(&d, rel, where, msg), "%s: no \"%s\" problem at %s in %s", name, msg,
	          where ? where : "any place", rel);
	if (!has_diag(&d, rel, where, msg))
		dump(&d);
	mb_diags_release(&d);
	mb_model_free(m);
	free(dir);
}

/* NUL bytes, raw or escaped, are refused with a message that says so. */
static void test_nul_bytes(void)
{
	static const char esc[] =
		"{\"groups\": [{\"id\": \"g\", \"name\": \"G\\u0000H\"}], \"units\": []}";
	expect_problem("nul-escape", "units.json", esc, sizeof esc - 1, "1:35",
	               "NUL character (\\u0000)");
	static const char raw[] = "{\"groups\": [{\"id\": \"g\", \"name\": \"G\0H\"}], \"units\": []}";
	expect_problem("nul-raw", "units.json", raw, sizeof raw - 1, "1:35", "NUL byte");
	static const char site[] = "{\"title\": \"T\",\n \"organisation\": \"O\0\"}";
	expect_problem("nul-site", "site.json", site, sizeof site - 1, "2:", "NUL byte");
	static const char page[] = "---\ntitle: T\n---\nbody\0more\n";
	expect_problem("nul-page", "pages/trang.md", page, sizeof page - 1, "4:5", "NUL byte");
	static const char scores[] = "{\"scores\": [{\"unit\": \"a\\u0000\", \"total\": 1}]}";
	expect_problem("nul-scores", "periods/2023/par.json", scores, sizeof scores - 1, "1:",
	               "NUL character");
}

/* Huge strings and deep nesting: refused with the limit in the message,
 * never a crash; strings just under the limit are fine. */
static void test_huge_and_deep(void)
{
	size_t big = ((size_t)1 << 20) + 10;
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_puts(&b, "{\"groups\": [{\"id\": \"g\", \"name\": \"");
	mb_buf_grow(&b, big);
	memset(b.data + b.len, 'a', big);
	b.len += big;
	mb_buf_puts(&b, "\"}], \"units\": []}");
	expect_problem("huge-string", "units.json", b.data, b.len, "1:", "longer than the limit");

	/* Just under the limit: loads, and the name is whole. */
	char *dir = data_dir("long-name");
	mb_buf_reset(&b);
	size_t okn = ((size_t)1 << 20) - 100;
	mb_buf_puts(&b, "{\"groups\": [{\"id\": \"g\", \"name\": \"G\"}], \"units\": "
	               "[{\"id\": \"a\", \"group\": \"g\", \"name\": \"");
	for (size_t i = 0; i < okn / 3; i++)
		mb_buf_puts(&b, "ễ");
	mb_buf_puts(&b, "\"}]}");
	put_n(dir, "units.json", b.data, b.len);
	struct mb_diags d;
	struct mb_model *m = load(dir, &d);
	CHECK_INT(d.errors, 0);
	CHECK(m && m->nunits == 1 && strlen(m->units[0].name) == okn / 3 * 3);
	mb_diags_release(&d);
	mb_model_free(m);
	free(dir);

	mb_buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		mb_buf_putc(&b, '[');
	expect_problem("deep-json", "site.json", b.data, b.len, "1:65", "nesting deeper than 64");

	/* Criteria nested 30 deep (60 JSON levels): loads, and the sums hold. */
	dir = data_dir("deep-criteria");
	put(dir, "units.json", units_ok);
	mb_buf_reset(&b);
	mb_buf_puts(&b, "{\"name\": \"I\", \"criteria\": [");
	for (int i = 0; i < 29; i++)
		mb_buf_printf(&b, "{\"id\": \"c%d\", \"name\": \"C\", \"max\": 10, \"criteria\": [", i);
	mb_buf_puts(&b, "{\"id\": \"leaf\", \"name\": \"L\", \"max\": 10}");
	for (int i = 0; i < 29; i++)
		mb_buf_puts(&b, "]}");
	mb_buf_puts(&b, "]}");
	put(dir, "indices/i.json", b.data);
	put(dir, "periods/2023/i.json",
	    "{\"scores\": [{\"unit\": \"a\", \"criteria\": {\"leaf\": 7.5}}]}");
	m = load(dir, &d);
	CHECK_INT(d.errors, 0);
	if (m && d.errors == 0) {
		const struct mb_score *s = &m->periods[0].scores[0]->rows[0];
		CHECK_INT(s->total, 75000);
		CHECK_INT(s->crit[0].v, 75000);
		CHECK_INT(s->rank, 1);
	} else {
		dump(&d);
	}
	mb_diags_release(&d);
	mb_model_free(m);
	free(dir);
	mb_buf_release(&b);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = mb_strf("%s/mb-test-pathological-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	top = mkdtemp(tmpl);
	CHECK(top != NULL);
	if (top) {
		test_template_folder();
		test_template_sizes();
		test_big_context();
		test_written_twice();
		test_mass_ties();
		test_normal_forms();
		test_nul_bytes();
		test_huge_and_deep();
		mb_remove_tree(top);
	}
	free(tmpl);
	return TEST_END();
}
