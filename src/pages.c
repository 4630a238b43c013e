/* pages.c - renders every HTML page, the sitemap and robots.txt, and copies static files. */
#include "pages.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "i18n.h"
#include "indir.h"
#include "jobs.h"
#include "jsonfile.h"
#include "mustache.h"
#include "page_ctx.h"

enum kind {
	K_HOME, K_PERIODS, K_PERIOD, K_UNITS, K_UNIT, K_INDEX, K_PROCS, K_NEWS, K_ARTICLE,
	K_DOWNLOADS, K_404, K_SITEMAP, K_ROBOTS, K_SEARCH
};

static const char *const template_of[] = {
	[K_HOME] = "home",           [K_PERIODS] = "periods", [K_PERIOD] = "period",
	[K_UNITS] = "units",         [K_UNIT] = "unit",       [K_INDEX] = "index",
	[K_PROCS] = "procedures",    [K_NEWS] = "news",       [K_ARTICLE] = "article",
	[K_DOWNLOADS] = "downloads", [K_404] = "404",         [K_SITEMAP] = "sitemap",
	[K_ROBOTS] = "robots",       [K_SEARCH] = NULL,
};

/* Partials every page template relies on; checked up front so a missing
 * one is one clear message rather than a page per unit. */
static const char *const required_partials[] = {
	"partials/head", "partials/foot", "partials/header", "partials/footer",
	"partials/procedures", NULL,
};

struct job {
	enum kind kind;
	size_t idx;
};

/* One worker's private state: pages are built and rendered with it. */
struct slot {
	struct mb_page_job J;
	mb_buf out;
	struct mb_arena *arena; /* the page contexts (a malloc per node otherwise) */
};

struct run {
	const struct mb_pages *P;
	struct mb_out *o;
	struct job *jobs;
	size_t njobs;
	struct slot *slots; /* one per worker */
	atomic_int template_failed;
};

int mb_page_render(const struct mb_pages *P, const char *name, cJSON *ctx, mb_buf *out)
{
	enum mb_tmpl_fail why;
	int rc = mb_tmpl_render_why(P->tmpl, name, ctx, out, &why);
	cJSON_Delete(ctx);
	if (rc == 0)
		return 0;
	/* The engine checked syntax and partials when loading; what is left
	 * is runaway recursion or a template that multiplies its data (the
	 * limits grow with the data, whose own limits check enforces).  Every
	 * page of a template would fail the same way: say it once. */
	static atomic_flag said = ATOMIC_FLAG_INIT;
	if (atomic_flag_test_and_set(&said))
		return 1;
	if (why == MB_TMPL_FAIL_DEPTH)
		fprintf(stderr, _("%s/%s.mustache:1: cannot render: sections, partials and blocks "
		                  "nested deeper than %d (a partial that includes itself?)\n"),
		        P->tdir, name, MB_TMPL_MAX_DEPTH);
	else if (why == MB_TMPL_FAIL_OUTPUT)
		fprintf(stderr, _("%s/%s.mustache:1: cannot render: the page grew far larger than its "
		                  "data (a partial included several times by itself, or a list inside "
		                  "the same list?)\n"), P->tdir, name);
	else
		fprintf(stderr, _("%s/%s.mustache:1: cannot render: the template expands far more "
		                  "parts than its data has (a partial included several times by itself, "
		                  "or a list inside the same list?)\n"), P->tdir, name);
	return 1;
}

static void push(struct job **v, size_t *n, size_t *cap, enum kind k, size_t idx)
{
	MB_PUSH(*v, *n, *cap, ((struct job){k, idx}));
}

/* Every output in a fixed order; the order of rendering never shows in
 * the files, so any number of threads gives the same site. */
static struct job *plan(const struct mb_pages *P, size_t *n)
{
	const struct mb_model *m = P->m;
	struct job *v = NULL;
	size_t cap = 0;
	*n = 0;
	/* The big pages first: workers take items in order, so the long ones
	 * do not end up alone at the end. */
	for (size_t p = m->nperiods; p-- > 0;)
		push(&v, n, &cap, K_PERIOD, p);
	push(&v, n, &cap, K_UNITS, 0);
	push(&v, n, &cap, K_HOME, 0);
	push(&v, n, &cap, K_PERIODS, 0);
	push(&v, n, &cap, K_SEARCH, 0);
	for (size_t u = 0; u < m->nunits; u++)
		push(&v, n, &cap, K_UNIT, u);
	for (size_t i = 0; i < m->nindices; i++)
		push(&v, n, &cap, K_INDEX, i);
	push(&v, n, &cap, K_PROCS, 0);
	push(&v, n, &cap, K_NEWS, 0);
	for (size_t k = 0; k < m->npages; k++)
		push(&v, n, &cap, K_ARTICLE, k);
	push(&v, n, &cap, K_DOWNLOADS, 0);
	push(&v, n, &cap, K_404, 0);
	if (P->base)
		push(&v, n, &cap, K_SITEMAP, 0);
	push(&v, n, &cap, K_ROBOTS, 0);
	return v;
}

static cJSON *build(struct mb_page_job *J, const struct job *jb)
{
	switch (jb->kind) {
	case K_HOME: return mb_page_home(J);
	case K_PERIODS: return mb_page_periods(J);
	case K_PERIOD: return mb_page_period(J, jb->idx);
	case K_UNITS: return mb_page_units(J);
	case K_UNIT: return mb_page_unit(J, jb->idx);
	case K_INDEX: return mb_page_index(J, jb->idx);
	case K_PROCS: return mb_page_procedures(J);
	case K_NEWS: return mb_page_news(J);
	case K_ARTICLE: return mb_page_article(J, jb->idx);
	case K_DOWNLOADS: return mb_page_downloads(J);
	case K_404: return mb_page_notfound(J);
	case K_SITEMAP: return mb_page_sitemap(J);
	case K_ROBOTS: return mb_page_robots(J);
	case K_SEARCH: break;
	}
	return NULL;
}

static void run_one(void *ctx, size_t i, int worker)
{
	struct run *R = ctx;
	if (atomic_load(&R->o->failed))
		return;
	const struct job *jb = &R->jobs[i];
	struct mb_page_job *J = &R->slots[worker].J;
	mb_buf *out = &R->slots[worker].out;
	mb_buf_reset(out);
	if (jb->kind == K_SEARCH) {
		mb_page_search_js(R->P, out);
		mb_out_write(R->o, "don-vi/tim-kiem.js", out->data, out->len);
		return;
	}
	J->err = 0;
	mb_arena_begin(R->slots[worker].arena);
	cJSON *page = build(J, jb);
	int rc = mb_page_render(R->P, template_of[jb->kind], page, out) | J->err;
	mb_arena_end(R->slots[worker].arena);
	if (rc) {
		atomic_store(&R->template_failed, 1);
		return;
	}
	mb_out_write(R->o, J->rel.data, out->data, out->len);
}

/* A file or folder of templates/static that cannot be published. */
static void static_problem(void *ctx, const char *rel, enum mb_in_status st)
{
	const struct mb_indir *in = ctx;
	char *path = mb_indir_shown(in, rel);
	mb_buf scratch;
	mb_buf_init(&scratch);
	fprintf(stderr, "%s: %s\n", path, mb_in_message(in, st, &scratch));
	mb_buf_release(&scratch);
	free(path);
}

/*
 * Copies templates/static to OUT/static.  Files are read inside the
 * templates folder only (indir.h): a link out of it, a FIFO or a device is
 * a problem of the templates (returns 1), never published.  Returns 0, 1,
 * or -1 after a system error (reported).
 */
static int copy_static(struct mb_out *o, const struct mb_indir *in)
{
	struct stat st;
	if (mb_indir_stat(in, "static", &st) == MB_IN_MISSING)
		return 0;
	char **files;
	size_t n;
	int rc = mb_indir_walk(in, "static", &files, &n, static_problem, (void *)in) ? 1 : 0;
	mb_buf data;
	mb_buf_init(&data);
	for (size_t k = 0; k < n && rc == 0; k++) {
		size_t size;
		enum mb_in_status s = mb_indir_read(in, files[k], MB_STATIC_MAX_BYTES, &data, &size);
		if (s == MB_IN_OK) {
			rc = mb_out_write(o, files[k], data.data, data.len);
		} else if (s == MB_IN_ERROR) {
			char *path = mb_indir_shown(in, files[k]);
			fprintf(stderr, "minhbach: %s: %s\n", path, strerror(errno));
			free(path);
			atomic_store(&o->failed, 1);
			rc = -1;
		} else if (s == MB_IN_TOO_BIG) {
			char *path = mb_indir_shown(in, files[k]);
			fprintf(stderr, _("%s: the file is %zu bytes, more than the limit of %zu MB for a "
			                  "static file\n"), path, size, MB_STATIC_MAX_BYTES >> 20);
			free(path);
			rc = 1;
		} else {
			static_problem((void *)in, files[k], s);
			rc = 1;
		}
	}
	mb_indir_free_names(files, n);
	mb_buf_release(&data);
	return rc;
}

/* Whether dir/name.mustache exists: a template that exists but is not in
 * the set failed to parse, and that error was already reported. */
static bool template_file_exists(const struct mb_indir *in, const char *name)
{
	char *rel = mb_strf("%s.mustache", name);
	struct stat st;
	bool ok = mb_indir_stat(in, rel, &st) != MB_IN_MISSING;
	free(rel);
	return ok;
}

static void require(const struct mb_tmpl_set *set, const struct mb_indir *dir, const char *name,
                    const char *what, mb_buf *err, int *rc)
{
	if (mb_tmpl_set_has(set, name))
		return;
	*rc = -1;
	if (!template_file_exists(dir, name))
		mb_buf_printf(err, "%s/%s.mustache:1: template not found: it renders %s\n", dir->path,
		              name, what);
}

static int load_templates(struct mb_tmpl_set *set, const struct mb_indir *dir)
{
	mb_buf err;
	mb_buf_init(&err);
	int rc = mb_tmpl_set_load_indir(set, dir, &err);
	/* Check the partials of the templates that did parse as well, so one
	 * run lists every problem. */
	if (mb_tmpl_set_check(set, &err) != 0)
		rc = -1;
	for (size_t k = 0; k < sizeof template_of / sizeof *template_of; k++)
		if (template_of[k])
			require(set, dir, template_of[k],
			        k == K_SITEMAP ? "sitemap.xml" : k == K_ROBOTS ? "robots.txt" : "a page",
			        &err, &rc);
	for (size_t k = 0; required_partials[k]; k++)
		require(set, dir, required_partials[k], "part of every page", &err, &rc);
	fputs(err.data, stderr);
	mb_buf_release(&err);
	return rc;
}

int mb_render_pages_jobs(const struct mb_model *m, const struct mb_indir *templates,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, int jobs)
{
	struct mb_tmpl_set *set = mb_tmpl_set_new();
	if (load_templates(set, templates) != 0) {
		mb_tmpl_set_free(set);
		return 1;
	}
	struct mb_pages P;
	int failed = mb_page_shared_init(&P, m, dl, set, templates->path);
	P.charts = charts;
	struct run R = {.P = &P, .o = o};
	R.jobs = plan(&P, &R.njobs);
	atomic_init(&R.template_failed, 0);
	if (!failed) {
		if (jobs < 1)
			jobs = 1;
		R.slots = mb_xcalloc((size_t)jobs, sizeof *R.slots);
		for (int t = 0; t < jobs; t++) {
			mb_page_job_init(&R.slots[t].J, &P);
			mb_buf_init(&R.slots[t].out);
			R.slots[t].arena = mb_arena_new();
		}
		mb_par_for(jobs, R.njobs, run_one, &R);
		for (int t = 0; t < jobs; t++) {
			mb_page_job_release(&R.slots[t].J);
			mb_buf_release(&R.slots[t].out);
			mb_arena_free(R.slots[t].arena);
		}
		free(R.slots);
		failed = atomic_load(&R.template_failed);
	}
	free(R.jobs);
	mb_page_shared_release(&P);
	mb_tmpl_set_free(set);
	if (failed)
		return 1;
	if (atomic_load(&o->failed))
		return -1;
	int rc = copy_static(o, templates);
	return rc < 0 || atomic_load(&o->failed) ? -1 : rc;
}

int mb_render_pages(const struct mb_model *m, const struct mb_indir *templates,
                    const struct mb_downloads *dl, const struct mb_charts *charts,
                    struct mb_out *o)
{
	return mb_render_pages_jobs(m, templates, dl, charts, o, mb_jobs_threads());
}
