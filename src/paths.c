/* paths.c - every path the site writes, with the input it comes from; two inputs on one path are an error. */
#include "paths.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "i18n.h"

const char *const mb_site_segments[] = {
	"ky", "don-vi", "chi-so", "thu-tuc", "tin-tuc", "tai-ve", "bieu-do", "static", NULL,
};

bool mb_is_site_segment(const char *slug)
{
	for (const char *const *s = mb_site_segments; *s; s++)
		if (strcmp(*s, slug) == 0)
			return true;
	return false;
}

/* What an output is, to say it in words only when it collides. */
enum what {
	W_SITE, W_PERIOD_PAGE, W_PERIOD_RECORD, W_PERIOD_BOOK, W_RANK_TABLE, W_RANK_CHART,
	W_SERVICE_TABLE, W_SERVICE_CHART, W_INDEX_PAGE, W_UNIT_PAGE, W_SHARE, W_CRITERIA,
	W_TREND, W_PAGE, W_LEVEL_PAGE, W_CHILDREN, W_MEANS_TABLE, W_TOTALS_TABLE, W_UNIT_FILE,
	W_CHILDREN_SERVICE,
};

/* One output: its path (at an offset of the list's text), the file it
 * comes from, what it is and the ids that say which. */
struct out_path {
	size_t at;
	const char *file;
	enum what what;
	const char *x, *y, *z;
	size_t seq; /* order of listing: the later of two is reported */
};

struct list {
	struct out_path *v;
	size_t n, cap;
	mb_buf text;      /* every path, NUL-terminated, one after another */
	const char *site; /* the data folder, for the site's own pages */
};

static const char *path_of(const struct list *l, const struct out_path *p)
{
	return l->text.data + p->at;
}

static void add(struct list *l, const char *file, enum what what, const char *x, const char *y,
                const char *z, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(struct list *l, const char *file, enum what what, const char *x, const char *y,
                const char *z, const char *fmt, ...)
{
	struct out_path p = {l->text.len, file, what, x, y, z, l->n};
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&l->text, fmt, ap);
	va_end(ap);
	mb_buf_putc(&l->text, '\0');
	MB_PUSH(l->v, l->n, l->cap, p);
}

/* The output in words, for a message (caller frees). */
static char *what_of(const struct out_path *p)
{
	switch (p->what) {
	case W_SITE: return mb_strf(_("the site's own file %s"), p->x);
	case W_PERIOD_PAGE: return mb_strf(_("the page of period %s"), p->x);
	case W_PERIOD_RECORD: return mb_strf(_("the record of period %s"), p->x);
	case W_PERIOD_BOOK: return mb_strf(_("the workbook of period %s"), p->x);
	case W_RANK_TABLE:
		return mb_strf(_("the ranking table of index \"%s\" in period %s"), p->x, p->y);
	case W_RANK_CHART:
		return mb_strf(_("the ranking chart of index \"%s\" for group \"%s\" in period %s"),
		               p->x, p->y, p->z);
	case W_SERVICE_TABLE: return mb_strf(_("the service table of period %s"), p->x);
	case W_SERVICE_CHART:
		return mb_strf(_("the service chart of group \"%s\" in period %s"), p->x, p->y);
	case W_INDEX_PAGE: return mb_strf(_("the page of index \"%s\""), p->x);
	case W_UNIT_PAGE: return mb_strf(_("the page of unit \"%s\""), p->x);
	case W_SHARE: return mb_strf(_("the share image of unit \"%s\""), p->x);
	case W_CRITERIA:
		return mb_strf(_("the criteria chart of unit \"%s\" in index \"%s\""), p->x, p->y);
	case W_TREND: return mb_strf(_("the trend chart of unit \"%s\" in index \"%s\""), p->x, p->y);
	case W_PAGE: return mb_strf(_("the page \"%s\""), p->x);
	case W_LEVEL_PAGE: return mb_strf(_("the procedures page of group \"%s\""), p->x);
	case W_CHILDREN:
		return mb_strf(_("the chart of the units under unit \"%s\" in index \"%s\""), p->x,
		               p->y);
	case W_MEANS_TABLE:
		return mb_strf(_("the group means of index \"%s\" in period %s"), p->x, p->y);
	case W_TOTALS_TABLE: return mb_strf(_("the service totals of period %s"), p->x);
	case W_UNIT_FILE: return mb_strf(_("the data files of unit \"%s\""), p->x);
	case W_CHILDREN_SERVICE:
		return mb_strf(_("the service chart of the units under unit \"%s\""), p->x);
	}
	return mb_xstrdup("");
}

/* The site's own pages and files, which no input names. */
static void site_paths(struct list *l, const struct mb_model *m)
{
	static const char *const fixed[] = {
		"index.html", "404.html", "robots.txt", "ky/index.html", "don-vi/index.html",
		"don-vi/tim-kiem.js", "thu-tuc/index.html", "tin-tuc/index.html",
		"tai-ve/index.html", "tai-ve/tat-ca.xlsx", "tai-ve/tat-ca.csv", "tai-ve/don-vi.csv",
		"tai-ve/datapackage.json",
		"sitemap.xml", NULL,
	};
	for (size_t i = 0; fixed[i]; i++)
		if (strcmp(fixed[i], "sitemap.xml") != 0 || m->site.base_url)
			add(l, l->site, W_SITE, fixed[i], NULL, NULL, "%s", fixed[i]);
}

/* Which groups have a unit in the rows of a score set or service set. */
static void groups_of(const struct mb_model *m, const int *units, size_t n, size_t stride,
                      unsigned char *has)
{
	memset(has, 0, m->ngroups);
	for (size_t k = 0; k < n; k++) {
		int u = *(const int *)((const char *)units + k * stride);
		if (u >= 0 && (size_t)u < m->nunits)
			has[m->units[u].group] = 1;
	}
}

/* A period's page and downloads: the one place their paths are written. */
#define PERIOD_PAGE "ky/%s/index.html"
#define PERIOD_RECORD "tai-ve/%s.json"
#define PERIOD_BOOK "tai-ve/%s.xlsx"
#define RANK_TABLE "tai-ve/%s-%s.csv"
#define SERVICE_TABLE "tai-ve/%s-dich-vu.csv"
#define MEANS_TABLE "tai-ve/%s-%s-trung-binh.csv"
#define TOTALS_TABLE "tai-ve/%s-dich-vu-tong-hop.csv"

void mb_paths_period_files(const struct mb_model *m, size_t p, mb_paths_fn fn, void *ctx)
{
	const struct mb_period *pe = &m->periods[p];
	char *s = mb_strf(PERIOD_PAGE, pe->id);
	fn(ctx, s, "HTML", -1);
	free(s);
	s = mb_strf(PERIOD_BOOK, pe->id);
	fn(ctx, s, "XLSX", -1);
	free(s);
	for (size_t i = 0; i < m->nindices; i++) {
		if (!pe->scores || !pe->scores[i])
			continue;
		s = mb_strf(RANK_TABLE, pe->id, m->indices[i].id);
		fn(ctx, s, "CSV", (int)i);
		free(s);
	}
	if (pe->services) {
		s = mb_strf(SERVICE_TABLE, pe->id);
		fn(ctx, s, "CSV", -2);
		free(s);
	}
	s = mb_strf(PERIOD_RECORD, pe->id);
	fn(ctx, s, "JSON", -1);
	free(s);
}

/* The files of a group chart: its forms and sizes and its rows (charts_out.h). */
static const char *const chart_files[] = {".png", "@2x.png", ".dien-thoai.png", ".csv", NULL};
/* A district's communes' service chart has no 2x image (charts_out.h). */
static const char *const children_service_files[] = {".png", ".dien-thoai.png", ".csv", NULL};

/* pdir: the period's folder, which its own page, record and workbook come from. */
static void period_paths(struct list *l, const struct mb_model *m, const struct mb_period *p,
                         const char *pdir, unsigned char *has)
{
	add(l, pdir, W_PERIOD_PAGE, p->id, NULL, NULL, PERIOD_PAGE, p->id);
	add(l, pdir, W_PERIOD_RECORD, p->id, NULL, NULL, PERIOD_RECORD, p->id);
	add(l, pdir, W_PERIOD_BOOK, p->id, NULL, NULL, PERIOD_BOOK, p->id);
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = p->scores ? p->scores[i] : NULL;
		if (!ss)
			continue;
		const char *ix = m->indices[i].id;
		add(l, ss->file, W_RANK_TABLE, ix, p->id, NULL, RANK_TABLE, p->id, ix);
		add(l, ss->file, W_MEANS_TABLE, ix, p->id, NULL, MEANS_TABLE, p->id, ix);
		groups_of(m, ss->nrows ? &ss->rows[0].unit : NULL, ss->nrows, sizeof *ss->rows, has);
		for (size_t g = 0; g < m->ngroups; g++)
			if (has[g])
				for (const char *const *x = chart_files; *x; x++)
					add(l, ss->file, W_RANK_CHART, ix, m->groups[g].id, p->id,
					    "bieu-do/%s/%s-%s%s", p->id, ix, m->groups[g].id, *x);
	}
	const struct mb_serviceset *sv = p->services;
	if (sv) {
		add(l, sv->file, W_SERVICE_TABLE, p->id, NULL, NULL, SERVICE_TABLE, p->id);
		add(l, sv->file, W_TOTALS_TABLE, p->id, NULL, NULL, TOTALS_TABLE, p->id);
		groups_of(m, sv->nrows ? &sv->rows[0].unit : NULL, sv->nrows, sizeof *sv->rows, has);
		for (size_t g = 0; g < m->ngroups; g++)
			if (has[g])
				for (const char *const *x = chart_files; *x; x++)
					add(l, sv->file, W_SERVICE_CHART, m->groups[g].id, p->id, NULL,
					    "bieu-do/%s/dich-vu-%s%s", p->id, m->groups[g].id, *x);
	}
}

static void unit_paths(struct list *l, const struct mb_model *m, const char *units_file)
{
	for (size_t u = 0; u < m->nunits; u++) {
		const char *id = m->units[u].id;
		add(l, units_file, W_UNIT_PAGE, id, NULL, NULL, "don-vi/%s/index.html", id);
		add(l, units_file, W_UNIT_FILE, id, NULL, NULL, "tai-ve/don-vi/%s.csv", id);
		add(l, units_file, W_UNIT_FILE, id, NULL, NULL, "tai-ve/don-vi/%s.json", id);
		add(l, units_file, W_SHARE, id, NULL, NULL, "bieu-do/don-vi/%s/chia-se.png", id);
		for (size_t i = 0; i < m->nindices; i++) {
			const char *ix = m->indices[i].id;
			for (int csv = 0; csv < 2; csv++) {
				const char *ext = csv ? "csv" : "png";
				add(l, units_file, W_CRITERIA, id, ix, NULL, "bieu-do/don-vi/%s/%s-tieu-chi.%s",
				    id, ix, ext);
				add(l, units_file, W_TREND, id, ix, NULL, "bieu-do/don-vi/%s/%s-xu-huong.%s",
				    id, ix, ext);
			}
			if (m->units[u].nchildren) {
				add(l, units_file, W_CHILDREN, id, ix, NULL,
				    "bieu-do/don-vi/%s/%s-truc-thuoc.png", id, ix);
				add(l, units_file, W_CHILDREN, id, ix, NULL,
				    "bieu-do/don-vi/%s/%s-truc-thuoc.csv", id, ix);
			}
		}
		/* "dich-vu" is no index's id (load.c): no ranking of the units
		 * under it takes these paths. */
		const char *const *cs = m->units[u].nchildren ? children_service_files : NULL;
		for (const char *const *x = cs; x && *x; x++)
			add(l, units_file, W_CHILDREN_SERVICE, id, NULL, NULL,
			    "bieu-do/don-vi/%s/dich-vu-truc-thuoc%s", id, *x);
	}
}

/* A page per level of the procedures that level handles (thu-tuc/<group>/). */
static void level_paths(struct list *l, const struct mb_model *m, const char *procs_file)
{
	for (size_t g = 0; g < m->ngroups; g++) {
		bool any = false;
		for (size_t k = 0; k < m->nprocs && !any; k++)
			for (size_t x = 0; x < m->procs[k].ngroups && !any; x++)
				any = m->procs[k].groups[x] == (int)g;
		if (any)
			add(l, procs_file, W_LEVEL_PAGE, m->groups[g].id, NULL, NULL,
			    "thu-tuc/%s/index.html", m->groups[g].id);
	}
}

static int path_cmp(const void *a, const void *b, void *ctx)
{
	const struct list *l = ctx;
	const struct out_path *x = a, *y = b;
	int c = strcmp(path_of(l, x), path_of(l, y));
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The first entry whose path is exactly the first n bytes of path, or NULL. */
static const struct out_path *find(const struct list *l, const char *path, size_t n)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *p = path_of(l, &l->v[mid]);
		int c = strncmp(p, path, n);
		if (c == 0 && p[n] != '\0')
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n) {
		const char *p = path_of(l, &l->v[lo]);
		if (strncmp(p, path, n) == 0 && p[n] == '\0')
			return &l->v[lo];
	}
	return NULL;
}

static void report(struct mb_diags *d, const struct list *l, const struct out_path *a,
                   const struct out_path *b, bool inside)
{
	char *wa = what_of(a), *wb = what_of(b);
	if (inside)
		mb_diag(d, MB_ERROR, a->file, "",
		        _("%s would be written to %s, inside %s, which is a file: %s (%s); rename "
		          "an id so that their paths differ"), wa, path_of(l, a), path_of(l, b), wb, b->file);
	else
		mb_diag(d, MB_ERROR, a->file, "",
		        _("%s would be written to %s, and so would %s (%s): rename an id so that "
		          "their paths differ"), wa, path_of(l, a), wb, b->file);
	free(wa);
	free(wb);
}

void mb_paths_check(const struct mb_model *m, struct mb_diags *d)
{
	struct list l = {.site = m->dir};
	mb_buf_init(&l.text);
	char *units_file = mb_strf("%s/units.json", m->dir);
	unsigned char *has = mb_xcalloc(m->ngroups + 1, 1);
	site_paths(&l, m);
	char **period_dirs = mb_xcalloc(m->nperiods + 1, sizeof *period_dirs);
	for (size_t p = 0; p < m->nperiods; p++) {
		period_dirs[p] = mb_strf("%s/periods/%s", m->dir, m->periods[p].id);
		period_paths(&l, m, &m->periods[p], period_dirs[p], has);
	}
	for (size_t i = 0; i < m->nindices; i++)
		add(&l, m->indices[i].file, W_INDEX_PAGE, m->indices[i].id, NULL, NULL,
		    "chi-so/%s/index.html", m->indices[i].id);
	unit_paths(&l, m, units_file);
	char *procs_file = mb_strf("%s/procedures.json", m->dir);
	level_paths(&l, m, procs_file);
	for (size_t k = 0; k < m->npages; k++) {
		const struct mb_page *pg = &m->pages[k];
		add(&l, pg->file, W_PAGE, pg->slug, NULL, NULL,
		    pg->date ? "tin-tuc/%s/index.html" : "%s/index.html", pg->slug);
	}
	if (l.n > 1)
		qsort_r(l.v, l.n, sizeof *l.v, path_cmp, &l);
	for (size_t k = 0; k < l.n; k++) {
		const struct out_path *a = &l.v[k];
		const char *path = path_of(&l, a);
		if (k > 0 && strcmp(path_of(&l, &l.v[k - 1]), path) == 0) {
			report(d, &l, a, find(&l, path, strlen(path)), false);
			continue;
		}
		/* A file where another output needs a folder. */
		for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
			const struct out_path *f = find(&l, path, (size_t)(s - path));
			if (f)
				report(d, &l, a, f, true);
		}
	}
	for (size_t p = 0; p < m->nperiods; p++)
		free(period_dirs[p]);
	free(period_dirs);
	free(l.v);
	mb_buf_release(&l.text);
	free(has);
	free(units_file);
	free(procs_file);
}
