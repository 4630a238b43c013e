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
#include "cache.h"
#include "i18n.h"
#include "indir.h"
#include "jobs.h"
#include "jsonfile.h"
#include "mustache.h"
#include "page_ctx.h"
#include "page_fmt.h"
#include "sha256.h"

enum kind {
	K_HOME, K_PERIODS, K_PERIOD, K_UNITS, K_UNIT, K_INDEX, K_PROCS, K_NEWS, K_ARTICLE,
	K_DOWNLOADS, K_404, K_SITEMAP, K_ROBOTS, K_SEARCH, K_LEVEL
};

static const char *const template_of[] = {
	[K_HOME] = "home",           [K_PERIODS] = "periods", [K_PERIOD] = "period",
	[K_UNITS] = "units",         [K_UNIT] = "unit",       [K_INDEX] = "index",
	[K_PROCS] = "procedures",    [K_NEWS] = "news",       [K_ARTICLE] = "article",
	[K_DOWNLOADS] = "downloads", [K_404] = "404",         [K_SITEMAP] = "sitemap",
	[K_ROBOTS] = "robots",       [K_SEARCH] = NULL,       [K_LEVEL] = "procedures",
};

/* Partials every page template relies on; checked up front so a missing
 * one is one clear message rather than a page per unit. */
static const char *const required_partials[] = {
	"partials/head", "partials/foot", "partials/header", "partials/footer",
	"partials/procedures", "partials/procedures-level", NULL,
};

struct job {
	enum kind kind;
	size_t idx;
};

/* One worker's private state: pages are built and rendered with it. */
struct slot {
	struct mb_page_job J;
	mb_buf out;
	mb_buf key; /* what the page is made from, for its key */
	struct mb_arena *arena; /* the page contexts (a malloc per node otherwise) */
};

struct run {
	const struct mb_pages *P;
	struct mb_out *o;
	struct job *jobs;
	size_t njobs;
	struct slot *slots; /* one per worker */
	_Atomic(const char *) failed; /* the first template that could not render */
	atomic_int why;               /* and why (enum mb_tmpl_fail) */
	/* This program and the templates, part of every page's key; "" when
	 * pages are not keyed (no earlier site to take them from). */
	char base_key[MB_HASH_HEX];
};

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
	for (size_t g = 0; g < m->ngroups; g++)
		if (P->group_counts[g].all)
			push(&v, n, &cap, K_LEVEL, g);
	push(&v, n, &cap, K_NEWS, 0);
	for (size_t k = 0; k < m->npages; k++)
		push(&v, n, &cap, K_ARTICLE, k);
	push(&v, n, &cap, K_404, 0);
	if (P->base)
		push(&v, n, &cap, K_SITEMAP, 0);
	push(&v, n, &cap, K_ROBOTS, 0);
	/* Last, alone: it lists every download, which may still be in the
	 * making while the other pages render (render_pages). */
	push(&v, n, &cap, K_DOWNLOADS, 0);
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
	case K_LEVEL: return mb_page_procedures_level(J, jb->idx);
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

/* Appends every name, type and value of a context to b, unambiguously
 * (each value is led by its type; strings end with a NUL, folders with 2). */
static void put_ctx(mb_buf *b, const cJSON *c)
{
	for (; c; c = c->next) {
		mb_buf_putc(b, (char)(c->type & 0xFF));
		if (c->string)
			mb_buf_puts(b, c->string);
		mb_buf_putc(b, '\0');
		if (cJSON_IsString(c) || cJSON_IsRaw(c)) {
			mb_buf_puts(b, c->valuestring ? c->valuestring : "");
			mb_buf_putc(b, '\0');
		} else if (cJSON_IsNumber(c)) {
			mb_buf_put(b, (const char *)&c->valuedouble, sizeof c->valuedouble);
		} else if (cJSON_IsArray(c) || cJSON_IsObject(c)) {
			put_ctx(b, c->child);
			mb_buf_putc(b, 2);
		}
	}
}

/*
 * Whether the page at J->rel is the one an earlier build rendered from the
 * same context with the same templates and program (mb_out_reuse: it is
 * then kept, not rendered again).  A rendered page depends on nothing else:
 * the engine reads only its templates and the context.  input, when not
 * NULL, stands for the rest of what the page is made from (below).
 */
static bool page_kept(struct run *R, struct slot *S, const char *tmpl, const char *input,
                      const cJSON *page)
{
	if (!R->base_key[0])
		return false;
	mb_buf_reset(&S->key);
	mb_buf_puts(&S->key, R->base_key);
	mb_buf_putc(&S->key, '\0');
	mb_buf_puts(&S->key, tmpl);
	mb_buf_putc(&S->key, '\0');
	if (input) {
		mb_buf_puts(&S->key, input);
		mb_buf_putc(&S->key, '\0');
	}
	put_ctx(&S->key, page);
	char key[MB_HASH_HEX];
	mb_sha256_hex(S->key.data, S->key.len, key);
	return mb_out_reuse(R->o, S->J.rel.data, key);
}

/*
 * A period's page is made from the period's figures, those of the earlier
 * periods of its kind it is compared with, and everything in DATA outside
 * the period folders: what the period's downloads are keyed by, with the
 * list of periods and the articles (cache.h, mb_input_keys: page), nothing
 * else later and nothing of the other kind; and from what it shows besides
 * (mb_page_period_key_ctx: what every page has, its downloads with their
 * sizes, its charts as drawn).  Its key is
 * made of these, without building the page: a national period page is a
 * context of some 20,000 rows, and a changed quarter leaves the pages of
 * the periods before it as they were.  *keyed is false when there is no
 * such key (then the page's context is its key).
 */
static bool period_kept(struct run *R, struct slot *S, const struct job *jb, bool *keyed)
{
	const struct mb_input_keys *in = R->o->inputs;
	*keyed = R->base_key[0] && in && jb->idx < in->nperiods;
	if (!*keyed)
		return false;
	cJSON *ctx = mb_page_period_key_ctx(&S->J, jb->idx);
	bool kept = page_kept(R, S, template_of[jb->kind], in->page[jb->idx], ctx);
	cJSON_Delete(ctx);
	return kept;
}

/* The program's fingerprint and every template: nothing to key by on a
 * first build (nothing to take pages from) or without the fingerprint. */
static void page_base_key(struct run *R, const struct mb_tmpl_set *set)
{
	R->base_key[0] = '\0';
	if (!R->o->program || (!R->o->prev && !R->o->in_place))
		return;
	EVP_MD_CTX *md = mb_sha256_begin();
	EVP_DigestUpdate(md, R->o->program, strlen(R->o->program) + 1);
	for (size_t i = 0; i < mb_tmpl_set_count(set); i++) {
		const char *name;
		size_t len;
		const char *src = mb_tmpl_set_source(set, i, &name, &len);
		char head[32];
		int k = snprintf(head, sizeof head, "%zu", len);
		EVP_DigestUpdate(md, name, strlen(name) + 1);
		EVP_DigestUpdate(md, head, (size_t)k + 1);
		EVP_DigestUpdate(md, src, len);
	}
	mb_sha256_end(md, R->base_key);
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
	J->err_name = NULL;
	mb_arena_begin(R->slots[worker].arena);
	bool keyed = false, kept = false;
	if (jb->kind == K_PERIOD)
		kept = period_kept(R, &R->slots[worker], jb, &keyed);
	cJSON *page = kept ? NULL : build(J, jb);
	if (!keyed)
		kept = page && page_kept(R, &R->slots[worker], template_of[jb->kind], NULL, page);
	if (kept)
		cJSON_Delete(page);
	else
		mb_page_render(J, template_of[jb->kind], page, out);
	mb_arena_end(R->slots[worker].arena);
	if (kept)
		return;
	if (J->err) {
		const char *none = NULL;
		if (atomic_compare_exchange_strong(&R->failed, &none, J->err_name))
			atomic_store(&R->why, (int)J->err_why);
		return;
	}
	mb_out_write(R->o, J->rel.data, out->data, out->len);
}

/* A file or folder of templates/static that cannot be published. */
struct static_ctx {
	const struct mb_indir *in;
	mb_buf *problems;
};

static void static_problem(void *ctx, const char *rel, enum mb_in_status st)
{
	const struct static_ctx *sc = ctx;
	const struct mb_indir *in = sc->in;
	char *path = mb_indir_shown(in, rel);
	mb_buf scratch;
	mb_buf_init(&scratch);
	mb_buf_printf(sc->problems, "%s: %s\n", path, mb_in_message(in, st, &scratch));
	mb_buf_release(&scratch);
	free(path);
}

/*
 * Copies templates/static to OUT/static.  Files are read inside the
 * templates folder only (indir.h): a link out of it, a FIFO or a device is
 * a problem of the templates (returns 1), never published.  Returns 0, 1,
 * or -1 after a system error (reported).
 */
static int copy_static(struct mb_out *o, const struct mb_indir *in, mb_buf *problems)
{
	struct static_ctx sc = {in, problems};
	struct stat st;
	if (mb_indir_stat(in, "static", &st) == MB_IN_MISSING)
		return 0;
	char **files;
	size_t n;
	int rc = mb_indir_walk(in, "static", &files, &n, static_problem, &sc) ? 1 : 0;
	mb_buf data;
	mb_buf_init(&data);
	for (size_t k = 0; k < n && rc == 0; k++) {
		size_t size;
		enum mb_in_status s = mb_indir_read(in, files[k], MB_STATIC_MAX_BYTES, &data, &size);
		if (s == MB_IN_OK) {
			rc = mb_out_write(o, files[k], data.data, data.len);
		} else if (s == MB_IN_ERROR) {
			char *path = mb_indir_shown(in, files[k]);
			fprintf(stderr, _("minhbach: %s: %s\n"), path, strerror(errno));
			free(path);
			atomic_store(&o->failed, 1);
			rc = -1;
		} else if (s == MB_IN_TOO_BIG) {
			char *path = mb_indir_shown(in, files[k]);
			mb_buf_printf(problems, _("%s: the file is %zu bytes, more than the limit of %zu MB "
			                          "for a static file\n"), path, size, MB_STATIC_MAX_BYTES >> 20);
			free(path);
			rc = 1;
		} else {
			static_problem(&sc, files[k], s);
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
		mb_buf_printf(err, _("%s/%s.mustache:1: template not found: it renders %s\n"), dir->path,
		              name, _(what));
}

static int load_templates(struct mb_tmpl_set *set, const struct mb_indir *dir, mb_buf *problems)
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
			        k == K_SITEMAP ? "sitemap.xml" : k == K_ROBOTS ? "robots.txt" : N_("a page"),
			        &err, &rc);
	for (size_t k = 0; required_partials[k]; k++)
		require(set, dir, required_partials[k], N_("part of every page"), &err, &rc);
	mb_buf_put(problems, err.data, err.len);
	mb_buf_release(&err);
	return rc;
}

/*
 * The engine checked syntax and partials when loading; what is left is
 * runaway recursion or a template that multiplies its data (the limits grow
 * with the data, whose own limits check enforces).  Every page of a
 * template would fail the same way: one line says it.
 */
static void cannot_render(mb_buf *problems, const char *dir, const char *name,
                          enum mb_tmpl_fail why)
{
	if (why == MB_TMPL_FAIL_DEPTH)
		mb_buf_printf(problems, _("%s/%s.mustache:1: cannot render: sections, partials and "
		                          "blocks nested deeper than %d (a partial that includes "
		                          "itself?)\n"), dir, name, MB_TMPL_MAX_DEPTH);
	else if (why == MB_TMPL_FAIL_OUTPUT)
		mb_buf_printf(problems, _("%s/%s.mustache:1: cannot render: the page grew far larger "
		                          "than its data (a partial included several times by itself, "
		                          "or a list inside the same list?)\n"), dir, name);
	else
		mb_buf_printf(problems, _("%s/%s.mustache:1: cannot render: the template expands far "
		                          "more parts than its data has (a partial included several "
		                          "times by itself, or a list inside the same list?)\n"),
		              dir, name);
}

/* ---- shared setup: what every page has in common, built once ----------- */

static cJSON *new_obj(bool array)
{
	cJSON *o = array ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!o)
		mb_die("out of memory building a page context");
	return o;
}

static cJSON *build_crit_defs(const struct mb_index *ix)
{
	cJSON *arr = new_obj(true);
	mb_buf b;
	mb_buf_init(&b);
	for (size_t c = 0; c < ix->ncrit; c++) {
		const struct mb_criterion *cr = &ix->crit[c];
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(o, "id", cr->id);
		mb_ctx_ref(o, "name", cr->name);
		mb_ctx_ref(o, "code", cr->code);
		mb_page_put_points(&b, cr->max);
		mb_ctx_tmp(o, "max", &b);
		mb_ctx_int(o, "depth", cr->depth);
		mb_ctx_bool(o, "top", cr->depth == 0);
	}
	mb_buf_release(&b);
	return arr;
}

/* Adds the words for level names[k] (counts[k] criteria) as "8 lĩnh vực",
 * joined with ", " and a final " và ". */
static void put_structure(mb_buf *b, const char *const *names, const size_t *counts, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		if (k)
			mb_buf_puts(b, k + 1 == n ? " và " : ", ");
		mb_page_put_count(b, (int64_t)counts[k]);
		mb_buf_printf(b, " %s", names[k]);
	}
}

cJSON *mb_page_index_words(const struct mb_index *ix)
{
	/* The distinct names of the levels the tree has, from the top, with
	 * how many criteria each names (two depths may share a name). */
	const char **names = mb_xcalloc(ix->ncrit + 1, sizeof *names);
	size_t *counts = mb_xcalloc(ix->ncrit + 1, sizeof *counts);
	size_t n = 0;
	for (int d = 0;; d++) {
		size_t here = 0;
		for (size_t c = 0; c < ix->ncrit; c++)
			here += ix->crit[c].depth == d;
		if (!here)
			break;
		const char *name = mb_index_level(ix, d);
		if (n && strcmp(names[n - 1], name) == 0)
			counts[n - 1] += here;
		else
			names[n] = name, counts[n++] = here;
	}
	cJSON *o = new_obj(false);
	mb_buf b;
	mb_buf_init(&b);
	const char *top = mb_index_level(ix, 0);
	mb_ctx_ref(o, "top", top);
	mb_page_put_capital(&b, top);
	mb_ctx_tmp(o, "top_title", &b);
	for (size_t k = 0; k < n; k++)
		mb_buf_printf(&b, "%s%s", k ? ", " : "", names[k]);
	if (!n)
		mb_buf_puts(&b, top);
	mb_ctx_str(o, "all", b.data);
	char *all = mb_buf_detach(&b, NULL);
	mb_page_put_capital(&b, all);
	mb_ctx_tmp(o, "all_title", &b);
	free(all);
	put_structure(&b, names, counts, n);
	mb_ctx_tmp(o, "structure", &b);
	mb_buf_release(&b);
	free(names);
	free(counts);
	return o;
}

int *mb_page_index_order(const struct mb_model *m, size_t *n)
{
	int *v = mb_xcalloc(m->nindices + 1, sizeof *v);
	*n = 0;
	for (int p = (int)m->nperiods - 1; p >= 0; p--)
		for (size_t i = 0; i < m->nindices; i++)
			if (m->indices[i].latest == p)
				v[(*n)++] = (int)i;
	return v;
}

static void build_lookups(struct mb_pages *P)
{
	const struct mb_model *m = P->m;
	size_t ni = m->nindices;
	P->crit_defs = mb_xcalloc(ni + 1, sizeof *P->crit_defs);
	P->words = mb_xcalloc(ni + 1, sizeof *P->words);
	for (size_t i = 0; i < ni; i++) {
		P->crit_defs[i] = build_crit_defs(&m->indices[i]);
		P->words[i] = mb_page_index_words(&m->indices[i]);
	}
	P->index_order = mb_page_index_order(m, &P->nindex_order);
	P->nnews = 0;
	while (P->nnews < m->npages && m->pages[P->nnews].date)
		P->nnews++;
	P->unit_own = mb_xcalloc(m->nunits + 1, sizeof *P->unit_own);
	P->group_counts = mb_xcalloc(m->ngroups + 1, sizeof *P->group_counts);
	for (size_t k = 0; k < m->nprocs; k++) {
		const struct mb_procedure *pr = &m->procs[k];
		for (size_t x = 0; x < pr->nunits; x++)
			P->unit_own[pr->units[x]]++;
		for (size_t x = 0; x < pr->ngroups; x++) {
			struct mb_page_counts *c = &P->group_counts[pr->groups[x]];
			c->all++;
			c->full += pr->online == MB_ONLINE_FULL;
			c->partial += pr->online == MB_ONLINE_PARTIAL;
			c->none += pr->online == MB_ONLINE_NONE;
		}
	}
}

static void build_site(struct mb_pages *P)
{
	const struct mb_site *s = &P->m->site;
	cJSON *o = new_obj(false);
	mb_ctx_ref(o, "title", s->title);
	mb_ctx_ref(o, "organisation", s->organisation);
	mb_ctx_ref(o, "base_url", P->base);
	mb_ctx_ref(o, "license", s->license);
	mb_ctx_ref(o, "language", "vi");
	mb_ctx_bool(o, "sample", s->sample);
	mb_ctx_ref(o, "published", P->published);
	if (s->email || s->phone || s->address) {
		cJSON *c = mb_ctx_obj(o, "contact");
		mb_ctx_ref(c, "email", s->email);
		mb_ctx_ref(c, "phone", s->phone);
		mb_ctx_ref(c, "address", s->address);
	}
	P->site = o;

	/* Column heads of service tables: each rate and its target. */
	cJSON *heads = new_obj(true);
	mb_buf b;
	mb_buf_init(&b);
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		cJSON *h = mb_ctx_obj(heads, NULL);
		mb_ctx_ref(h, "key", mb_rates[r].id);
		mb_ctx_ref(h, "name", mb_rates[r].name);
		mb_ctx_ref(h, "short_name", mb_rates[r].short_name);
		mb_ctx_ref(h, "explain", mb_rates[r].explain);
		mb_ctx_ref(h, "formula", mb_rates[r].formula);
		if (s->targets.rate[r] >= 0) {
			mb_page_put_target(&b, s->targets.rate[r]);
			mb_ctx_tmp(h, "target", &b);
		} else {
			mb_ctx_bool(h, "target", false);
		}
	}
	mb_buf_release(&b);
	P->rate_heads = heads;
}

static const struct {
	enum mb_page_section sec;
	const char *label, *path;
} nav[] = {
	{MB_SEC_HOME, "Trang chủ", "index.html"},
	{MB_SEC_PERIODS, "Kết quả xếp hạng", "ky/index.html"},
	{MB_SEC_UNITS, "Cơ quan, đơn vị", "don-vi/index.html"},
	{MB_SEC_PROCS, "Thủ tục hành chính", "thu-tuc/index.html"},
	{MB_SEC_NEWS, "Tin tức", "tin-tuc/index.html"},
	{MB_SEC_DOWNLOADS, "Tải dữ liệu", "tai-ve/index.html"},
};

static void render_chrome(struct mb_pages *P, struct mb_page_job *J)
{
	mb_buf out;
	mb_buf_init(&out);
	for (int d = 0; d < MB_DEPTHS; d++) {
		J->root = P->roots[d];
		for (int sec = 0; sec < MB_SEC_COUNT; sec++) {
			cJSON *ctx = new_obj(false);
			mb_ctx_ref(ctx, "root", J->root);
			mb_ctx_share(ctx, "site", P->site);
			cJSON *items = mb_ctx_arr(ctx, "nav");
			for (size_t k = 0; k < sizeof nav / sizeof nav[0]; k++) {
				cJSON *it = mb_ctx_obj(items, NULL);
				mb_ctx_ref(it, "label", nav[k].label);
				mb_ctx_href(J, it, "href", "%s", nav[k].path);
				mb_ctx_bool(it, "current", (int)nav[k].sec == sec);
			}
			mb_ctx_href(J, ctx, "home", "index.html");
			mb_buf_reset(&out);
			mb_page_render(J, "partials/header", ctx, &out);
			P->header[d][sec] = mb_xstrdup(out.data);
		}
		cJSON *ctx = new_obj(false);
		mb_ctx_ref(ctx, "root", J->root);
		mb_ctx_share(ctx, "site", P->site);
		cJSON *pages = mb_ctx_arr(ctx, "pages");
		for (size_t k = P->nnews; k < P->m->npages; k++) {
			cJSON *it = mb_ctx_obj(pages, NULL);
			mb_ctx_ref(it, "title", P->m->pages[k].title);
			mb_ctx_href(J, it, "href", "%s/index.html", P->m->pages[k].slug);
		}
		mb_ctx_bool(ctx, "has_pages", P->m->npages > P->nnews);
		mb_ctx_href(J, ctx, "downloads", "tai-ve/index.html");
		mb_buf_reset(&out);
		mb_page_render(J, "partials/footer", ctx, &out);
		P->footer[d] = mb_xstrdup(out.data);
	}
	mb_buf_release(&out);
}

/* What each level's procedures count by field, for the pages of its many
 * units (all at the same depth). */
static void render_group_procs(struct mb_pages *P, struct mb_page_job *J)
{
	const struct mb_model *m = P->m;
	mb_buf out;
	mb_buf_init(&out);
	J->root = P->roots[2];
	P->group_procs = mb_xcalloc(m->ngroups + 1, sizeof *P->group_procs);
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!P->group_counts[g].all)
			continue;
		cJSON *ctx = new_obj(false);
		mb_ctx_ref(ctx, "root", J->root);
		mb_ctx_level_counts(J, ctx, (int)g);
		mb_buf_reset(&out);
		mb_page_render(J, "partials/procedures-level", ctx, &out);
		P->group_procs[g] = mb_xstrdup(out.data);
	}
	mb_buf_release(&out);
}

/* A static file of the templates, for the 404 page to carry; NULL when it
 * cannot be read (copy_static reports why). */
static char *read_static(const struct mb_indir *in, const char *rel)
{
	mb_buf b;
	mb_buf_init(&b);
	size_t size;
	char *text = NULL;
	if (mb_indir_read(in, rel, MB_STATIC_MAX_BYTES, &b, &size) == MB_IN_OK)
		text = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return text;
}

/* The style sheet inside <style>: only if no "</style" can end it early. */
static char *inline_css(const struct mb_indir *in)
{
	char *css = read_static(in, "static/site.css");
	if (css && strcasestr(css, "</style")) {
		free(css);
		css = NULL;
	}
	return css;
}

/* The icon as a data: URL, every byte that is not plainly safe in a URL
 * written %XX. */
static char *inline_icon(const struct mb_indir *in)
{
	char *svg = read_static(in, "static/favicon.svg");
	if (!svg)
		return NULL;
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_puts(&b, "data:image/svg+xml,");
	for (const unsigned char *s = (const unsigned char *)svg; *s; s++) {
		bool alnum = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		             (*s >= '0' && *s <= '9');
		if (alnum || strchr("-_.~/:=;,()!*", *s))
			mb_buf_putc(&b, (char)*s);
		else
			mb_buf_printf(&b, "%%%02X", *s);
	}
	free(svg);
	char *url = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return url;
}

/* Builds the shared state.  Returns NULL, or the first template that could
 * not render while pre-rendering the shared fragments. */
static const char *shared_init(struct mb_pages *P, const struct mb_model *m,
                               const struct mb_downloads *dl, const struct mb_tmpl_set *tmpl,
                               const struct mb_indir *templates)
{
	const char *tdir = templates->path;
	memset(P, 0, sizeof *P);
	P->tdir = tdir;
	P->m = m;
	P->dl = dl;
	P->tmpl = tmpl;
	const char *latest = NULL;
	for (size_t p = 0; p < m->nperiods; p++)
		if (m->periods[p].published &&
		    (!latest || strcmp(m->periods[p].published, latest) > 0))
			latest = m->periods[p].published;
	if (latest) {
		mb_buf b;
		mb_buf_init(&b);
		mb_page_put_date(&b, latest);
		P->published = mb_buf_detach(&b, NULL);
		mb_buf_release(&b);
	}
	if (m->site.base_url && *m->site.base_url) {
		size_t n = strlen(m->site.base_url);
		P->base = mb_xmalloc(n + 2);
		memcpy(P->base, m->site.base_url, n + 1);
		if (P->base[n - 1] != '/')
			P->base[n] = '/', P->base[n + 1] = '\0';
	}
	P->roots[0] = mb_xstrdup("");
	P->roots[1] = mb_xstrdup("../");
	P->roots[2] = mb_xstrdup("../../");
	/* The 404 page is shown at any depth: without a base URL its links
	 * start from the top of the host. */
	P->roots[3] = mb_xstrdup(P->base ? P->base : "/");
	P->css_inline = inline_css(templates);
	P->icon_inline = inline_icon(templates);
	build_lookups(P);
	build_site(P);
	P->units_az = mb_page_units_az(m);
	P->runs = mb_page_field_runs(m, &P->nruns);

	struct mb_page_job J;
	mb_page_job_init(&J, P);
	render_chrome(P, &J);
	render_group_procs(P, &J);
	const char *bad = J.err ? J.err_name : NULL;
	P->shared_why = J.err_why;
	mb_page_job_release(&J);
	return bad;
}

static void shared_release(struct mb_pages *P)
{
	const struct mb_model *m = P->m;
	if (!m)
		return;
	for (size_t i = 0; P->crit_defs && i < m->nindices; i++)
		cJSON_Delete(P->crit_defs[i]);
	free(P->crit_defs);
	for (size_t i = 0; P->words && i < m->nindices; i++)
		cJSON_Delete(P->words[i]);
	free(P->words);
	free(P->index_order);
	free(P->unit_own);
	free(P->units_az);
	mb_page_field_runs_free(P->runs, P->nruns);
	free(P->group_counts);
	for (size_t g = 0; P->group_procs && g < m->ngroups; g++)
		free(P->group_procs[g]);
	free(P->group_procs);
	for (int d = 0; d < MB_DEPTHS; d++) {
		for (int s = 0; s < MB_SEC_COUNT; s++)
			free(P->header[d][s]);
		free(P->footer[d]);
		free(P->roots[d]);
	}
	cJSON_Delete(P->site);
	cJSON_Delete(P->rate_heads);
	free(P->published);
	free(P->base);
	free(P->css_inline);
	free(P->icon_inline);
	memset(P, 0, sizeof *P);
}

/* Renders every page on `jobs` threads, the downloads page last, after
 * wait(arg) when wait is not NULL. */
static int render_pages(const struct mb_model *m, const struct mb_indir *templates,
                        const struct mb_downloads *dl, const struct mb_charts *charts,
                        struct mb_out *o, int jobs, void (*wait)(void *), void *arg,
                        mb_buf *problems)
{
	struct mb_tmpl_set *set = mb_tmpl_set_new();
	if (load_templates(set, templates, problems) != 0) {
		mb_tmpl_set_free(set);
		return 1;
	}
	struct mb_pages P;
	const char *bad = shared_init(&P, m, dl, set, templates);
	P.charts = charts;
	struct run R = {.P = &P, .o = o};
	page_base_key(&R, set);
	R.jobs = plan(&P, &R.njobs);
	atomic_init(&R.failed, bad);
	atomic_init(&R.why, (int)P.shared_why);
	if (!bad) {
		if (jobs < 1)
			jobs = 1;
		R.slots = mb_xcalloc((size_t)jobs, sizeof *R.slots);
		for (int t = 0; t < jobs; t++) {
			mb_page_job_init(&R.slots[t].J, &P);
			mb_buf_init(&R.slots[t].out);
			mb_buf_init(&R.slots[t].key);
			R.slots[t].arena = mb_arena_new();
		}
		/* The downloads page, the plan's last, out of the first pass. */
		size_t last = R.njobs - 1;
		mb_par_for(jobs, last, run_one, &R);
		if (wait && !atomic_load(&R.failed) && !atomic_load(&o->failed))
			wait(arg);
		run_one(&R, last, 0);
		for (int t = 0; t < jobs; t++) {
			mb_page_job_release(&R.slots[t].J);
			mb_buf_release(&R.slots[t].out);
			mb_buf_release(&R.slots[t].key);
			mb_arena_free(R.slots[t].arena);
		}
		free(R.slots);
		bad = atomic_load(&R.failed);
	}
	free(R.jobs);
	shared_release(&P);
	if (bad)
		cannot_render(problems, templates->path, bad, atomic_load(&R.why));
	mb_tmpl_set_free(set);
	if (bad)
		return 1;
	if (atomic_load(&o->failed))
		return -1;
	int rc = copy_static(o, templates, problems);
	return rc < 0 || atomic_load(&o->failed) ? -1 : rc;
}

int mb_render_pages_jobs(const struct mb_model *m, const struct mb_indir *templates,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, int jobs, mb_buf *problems)
{
	return render_pages(m, templates, dl, charts, o, jobs, NULL, NULL, problems);
}

int mb_render_pages_then(const struct mb_model *m, const struct mb_indir *templates,
                         const struct mb_downloads *dl, const struct mb_charts *charts,
                         struct mb_out *o, void (*wait)(void *), void *arg,
                         mb_buf *problems)
{
	return render_pages(m, templates, dl, charts, o, mb_jobs_threads(), wait, arg, problems);
}

int mb_page_contexts(const struct mb_model *m, const struct mb_indir *templates,
                     const struct mb_downloads *dl, const struct mb_charts *charts,
                     mb_page_ctx_fn fn, void *arg, mb_buf *problems)
{
	struct mb_tmpl_set *set = mb_tmpl_set_new();
	if (load_templates(set, templates, problems) != 0) {
		mb_tmpl_set_free(set);
		return 1;
	}
	struct mb_pages P;
	const char *bad = shared_init(&P, m, dl, set, templates);
	P.charts = charts;
	size_t n;
	struct job *jobs = plan(&P, &n);
	struct mb_page_job J;
	mb_page_job_init(&J, &P);
	struct mb_arena *arena = mb_arena_new();
	for (size_t i = 0; !bad && i < n; i++) {
		if (jobs[i].kind == K_SEARCH || !template_of[jobs[i].kind])
			continue;
		mb_arena_begin(arena);
		cJSON *page = build(&J, &jobs[i]);
		fn(arg, template_of[jobs[i].kind], J.rel.data, page);
		cJSON_Delete(page);
		mb_arena_end(arena);
	}
	mb_arena_free(arena);
	mb_page_job_release(&J);
	free(jobs);
	enum mb_tmpl_fail why = P.shared_why;
	shared_release(&P);
	if (bad)
		cannot_render(problems, templates->path, bad, why);
	mb_tmpl_set_free(set);
	return bad ? 1 : 0;
}

int mb_render_pages(const struct mb_model *m, const struct mb_indir *templates,
                    const struct mb_downloads *dl, const struct mb_charts *charts,
                    struct mb_out *o, mb_buf *problems)
{
	return mb_render_pages_jobs(m, templates, dl, charts, o, mb_jobs_threads(), problems);
}
