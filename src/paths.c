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

/* One output: its path, the file it comes from, and what it is, in words. */
struct out_path {
	char *path;
	const char *file;
	char *what;
	size_t seq; /* order of listing: the later of two is reported */
};

struct list {
	struct out_path *v;
	size_t n, cap;
	const char *site; /* the data folder, for the site's own pages */
};

static void add(struct list *l, const char *file, char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(struct list *l, const char *file, char *what, const char *fmt, ...)
{
	mb_buf b;
	mb_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct out_path p = {mb_buf_detach(&b, NULL), file, what, l->n};
	mb_buf_release(&b);
	MB_PUSH(l->v, l->n, l->cap, p);
}

/* The site's own pages and files, which no input names. */
static void site_paths(struct list *l, const struct mb_model *m)
{
	static const char *const fixed[] = {
		"index.html", "404.html", "robots.txt", "ky/index.html", "don-vi/index.html",
		"don-vi/tim-kiem.js", "thu-tuc/index.html", "tin-tuc/index.html",
		"tai-ve/index.html", "tai-ve/tat-ca.xlsx", "tai-ve/datapackage.json", NULL,
	};
	for (size_t i = 0; fixed[i]; i++)
		add(l, l->site, mb_strf(_("the site's own file %s"), fixed[i]), "%s", fixed[i]);
	if (m->site.base_url)
		add(l, l->site, mb_strf(_("the site's own file %s"), "sitemap.xml"), "sitemap.xml");
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

/* pdir: the period's folder, which its own page, record and workbook come from. */
static void period_paths(struct list *l, const struct mb_model *m, const struct mb_period *p,
                         const char *pdir, unsigned char *has)
{
	add(l, pdir, mb_strf(_("the page of period %s"), p->id), "ky/%s/index.html", p->id);
	add(l, pdir, mb_strf(_("the record of period %s"), p->id), "tai-ve/%s.json", p->id);
	add(l, pdir, mb_strf(_("the workbook of period %s"), p->id), "tai-ve/%s.xlsx", p->id);
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = p->scores ? p->scores[i] : NULL;
		if (!ss)
			continue;
		const struct mb_index *ix = &m->indices[i];
		add(l, ss->file, mb_strf(_("the ranking table of index \"%s\" in period %s"), ix->id, p->id),
		    "tai-ve/%s-%s.csv", p->id, ix->id);
		groups_of(m, ss->nrows ? &ss->rows[0].unit : NULL, ss->nrows, sizeof *ss->rows, has);
		for (size_t g = 0; g < m->ngroups; g++)
			if (has[g])
				add(l, ss->file, mb_strf(_("the ranking chart of index \"%s\" for group \"%s\" in "
				                           "period %s"), ix->id, m->groups[g].id, p->id),
				    "bieu-do/%s/%s-%s.png", p->id, ix->id, m->groups[g].id);
	}
	const struct mb_serviceset *sv = p->services;
	if (sv) {
		add(l, sv->file, mb_strf(_("the service table of period %s"), p->id),
		    "tai-ve/%s-dich-vu.csv", p->id);
		groups_of(m, sv->nrows ? &sv->rows[0].unit : NULL, sv->nrows, sizeof *sv->rows, has);
		for (size_t g = 0; g < m->ngroups; g++)
			if (has[g])
				add(l, sv->file, mb_strf(_("the service chart of group \"%s\" in period %s"),
				                         m->groups[g].id, p->id),
				    "bieu-do/%s/dich-vu-%s.png", p->id, m->groups[g].id);
	}
}

static void unit_paths(struct list *l, const struct mb_model *m, const char *units_file)
{
	for (size_t u = 0; u < m->nunits; u++) {
		const char *id = m->units[u].id;
		add(l, units_file, mb_strf(_("the page of unit \"%s\""), id), "don-vi/%s/index.html", id);
		add(l, units_file, mb_strf(_("the share image of unit \"%s\""), id),
		    "bieu-do/don-vi/%s/chia-se.png", id);
		for (size_t i = 0; i < m->nindices; i++) {
			const char *ix = m->indices[i].id;
			add(l, units_file, mb_strf(_("the criteria chart of unit \"%s\" in index \"%s\""), id, ix),
			    "bieu-do/don-vi/%s/%s-tieu-chi.png", id, ix);
			add(l, units_file, mb_strf(_("the trend chart of unit \"%s\" in index \"%s\""), id, ix),
			    "bieu-do/don-vi/%s/%s-xu-huong.png", id, ix);
		}
	}
}

static int path_cmp(const void *a, const void *b)
{
	const struct out_path *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The entry whose path is exactly the first n bytes of path, or NULL. */
static const struct out_path *find(const struct list *l, const char *path, size_t n)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(l->v[mid].path, path, n);
		if (c == 0 && l->v[mid].path[n] != '\0')
			c = 1;
		if (c == 0) {
			while (mid > 0 && strlen(l->v[mid - 1].path) == n &&
			       strncmp(l->v[mid - 1].path, path, n) == 0)
				mid--;
			return &l->v[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void mb_paths_check(const struct mb_model *m, struct mb_diags *d)
{
	struct list l = {.site = m->dir};
	char *units_file = mb_strf("%s/units.json", m->dir);
	unsigned char *has = mb_xcalloc(m->ngroups + 1, 1);
	site_paths(&l, m);
	char **period_dirs = mb_xcalloc(m->nperiods + 1, sizeof *period_dirs);
	for (size_t p = 0; p < m->nperiods; p++) {
		period_dirs[p] = mb_strf("%s/periods/%s", m->dir, m->periods[p].id);
		period_paths(&l, m, &m->periods[p], period_dirs[p], has);
	}
	for (size_t i = 0; i < m->nindices; i++)
		add(&l, m->indices[i].file, mb_strf(_("the page of index \"%s\""), m->indices[i].id),
		    "chi-so/%s/index.html", m->indices[i].id);
	unit_paths(&l, m, units_file);
	for (size_t k = 0; k < m->npages; k++) {
		const struct mb_page *pg = &m->pages[k];
		add(&l, pg->file, mb_strf(_("the page \"%s\""), pg->slug),
		    pg->date ? "tin-tuc/%s/index.html" : "%s/index.html", pg->slug);
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, path_cmp);
	for (size_t k = 0; k < l.n; k++) {
		const struct out_path *a = &l.v[k];
		if (k > 0 && strcmp(l.v[k - 1].path, a->path) == 0) {
			const struct out_path *first = find(&l, a->path, strlen(a->path));
			mb_diag(d, MB_ERROR, a->file, "",
			        _("%s would be written to %s, and so would %s (%s): rename an id so that "
			          "their paths differ"), a->what, a->path, first->what, first->file);
			continue;
		}
		/* A file where another output needs a folder. */
		for (const char *s = strchr(a->path, '/'); s; s = strchr(s + 1, '/')) {
			const struct out_path *f = find(&l, a->path, (size_t)(s - a->path));
			if (f)
				mb_diag(d, MB_ERROR, a->file, "",
				        _("%s would be written to %s, inside %s, which is a file: %s (%s); rename "
				          "an id so that their paths differ"), a->what, a->path, f->path, f->what,
				        f->file);
		}
	}
	for (size_t k = 0; k < l.n; k++) {
		free(l.v[k].path);
		free(l.v[k].what);
	}
	for (size_t p = 0; p < m->nperiods; p++)
		free(period_dirs[p]);
	free(period_dirs);
	free(l.v);
	free(has);
	free(units_file);
}
