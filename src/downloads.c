/* downloads.c - the files under tai-ve/: orchestration, manifest and checksums. */
#include "downloads.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "dl.h"
#include "cache.h"
#include "jobs.h"
#include "json_out.h"
#include "sha256.h"

/* Column titles of criteria: their number and name, "1.2. Báo cáo CCHC",
 * so that names repeated under different areas stay distinct. */
static char **criterion_titles(const struct mb_index *ix)
{
	char **title = mb_xcalloc(ix->ncrit + 1, sizeof *title);
	for (size_t c = 0; c < ix->ncrit; c++)
		title[c] = mb_strf("%s. %s", ix->crit[c].code, ix->crit[c].name);
	return title;
}

void mb_dl_ctx_init(struct mb_dl_ctx *c, const struct mb_model *m)
{
	memset(c, 0, sizeof *c);
	c->m = m;
	c->crit_title = mb_xcalloc(m->nindices, sizeof *c->crit_title);
	for (size_t x = 0; x < m->nindices; x++)
		c->crit_title[x] = criterion_titles(&m->indices[x]);
	/* The all-periods files carry the newest date found in the data. */
	char best[11] = "2000-01-01", d[11];
	for (size_t p = 0; p < m->nperiods; p++) {
		mb_dl_period_date(m, p, d);
		if (strcmp(d, best) > 0)
			memcpy(best, d, sizeof best);
	}
	c->created = mb_xstrdup(best);
}

void mb_dl_ctx_release(struct mb_dl_ctx *c)
{
	for (size_t x = 0; c->crit_title && x < c->m->nindices; x++) {
		for (size_t k = 0; k < c->m->indices[x].ncrit; k++)
			free(c->crit_title[x][k]);
		free(c->crit_title[x]);
	}
	free(c->crit_title);
	free(c->created);
	memset(c, 0, sizeof *c);
}

/* The key of period p's files (cache.h), or NULL when there is none. */
static const char *period_key(const struct mb_out *o, size_t p)
{
	return o->inputs && p < o->inputs->nperiods ? o->inputs->period[p] : NULL;
}

/* When the previous build made rel from the same inputs (key), takes its
 * file again and lists it with the size and hash it had: true. */
static bool reused(struct mb_out *o, struct mb_downloads *list, const char *key, const char *rel,
                   const char *format, const char *period, const char *title)
{
	size_t size;
	char sha[65];
	if (!mb_out_reuse_listed(o, rel, key, &size, sha))
		return false;
	mb_dl_list_add(list, rel, format, period, title, size, sha);
	return true;
}

/* Writes bytes to OUT/rel and lists them; key (may be NULL) is what they
 * were made from, for the next build. */
static int publish(struct mb_out *o, struct mb_downloads *list, const char *key, const char *rel,
                   const char *format, const char *period, const char *title, const mb_buf *b)
{
	if (mb_out_write(o, rel, b->data, b->len) != 0)
		return -1;
	char sha[65];
	mb_sha256_hex(b->data, b->len, sha);
	mb_dl_list_add(list, rel, format, period, title, b->len, sha);
	mb_out_made(o, rel, key, b->len, sha);
	return 0;
}

static int period_json(const struct mb_model *m, size_t p, struct mb_out *o,
                       struct mb_downloads *list)
{
	const struct mb_period *per = &m->periods[p];
	mb_buf b, rel, title;
	mb_buf_init(&b);
	mb_buf_init(&rel);
	mb_buf_init(&title);
	mb_buf_printf(&rel, "tai-ve/%s.json", per->id);
	mb_buf_printf(&title, "Số liệu đã tính %s (JSON)", per->label);
	const char *key = period_key(o, p);
	int rc = 0;
	if (!reused(o, list, key, rel.data, "JSON", per->id, title.data)) {
		mb_json_period(m, p, &b);
		rc = publish(o, list, key, rel.data, "JSON", per->id, title.data, &b);
	}
	mb_buf_release(&b);
	mb_buf_release(&rel);
	mb_buf_release(&title);
	return rc;
}

/* A period's CSV of table t (released here): its columns go into the
 * dictionary even when the file is taken from the previous build. */
static int csv_file(struct mb_out *o, struct mb_downloads *list, const char *key,
                    struct mb_dl_table *t, mb_buf *b, const char *rel, const char *period,
                    const char *title)
{
	mb_dl_dict_add(list, t);
	int rc = 0;
	if (!reused(o, list, key, rel, "CSV", period, title)) {
		mb_buf_reset(b);
		mb_dl_csv_table(b, t);
		rc = publish(o, list, key, rel, "CSV", period, title, b);
	}
	mb_dl_table_release(t);
	return rc;
}

static int period_csvs(const struct mb_dl_ctx *c, size_t p, struct mb_out *o,
                       struct mb_downloads *list)
{
	const struct mb_model *m = c->m;
	const struct mb_period *per = &m->periods[p];
	const char *key = period_key(o, p);
	mb_buf b, rel, title;
	mb_buf_init(&b);
	mb_buf_init(&rel);
	mb_buf_init(&title);
	int rc = 0;
	for (size_t x = 0; rc == 0 && x < m->nindices; x++) {
		if (!per->scores || !per->scores[x])
			continue;
		const struct mb_index *ix = &m->indices[x];
		struct mb_dl_table t;
		mb_dl_table_ranking(&t, c, (int)p, (int)x, -1);
		mb_buf_reset(&rel);
		mb_buf_printf(&rel, "tai-ve/%s-%s.csv", per->id, ix->id);
		mb_buf_reset(&title);
		mb_buf_printf(&title, "Bảng xếp hạng %s, %s (CSV)",
		              ix->short_name && *ix->short_name ? ix->short_name : ix->name,
		              per->label);
		rc = csv_file(o, list, key, &t, &b, rel.data, per->id, title.data);
	}
	for (size_t x = 0; rc == 0 && x < m->nindices; x++) {
		if (!per->scores || !per->scores[x])
			continue;
		const struct mb_index *ix = &m->indices[x];
		struct mb_dl_table t;
		mb_dl_table_means(&t, c, (int)p, (int)x, false);
		mb_buf_reset(&rel);
		mb_buf_printf(&rel, "tai-ve/%s-%s-trung-binh.csv", per->id, ix->id);
		mb_buf_reset(&title);
		mb_buf_printf(&title, "Trung bình từng nhóm, %s, %s (CSV)",
		              ix->short_name && *ix->short_name ? ix->short_name : ix->name,
		              per->label);
		rc = csv_file(o, list, key, &t, &b, rel.data, per->id, title.data);
	}
	if (rc == 0 && per->services) {
		struct mb_dl_table t;
		mb_dl_table_services(&t, c, (int)p, false);
		mb_buf_reset(&rel);
		mb_buf_printf(&rel, "tai-ve/%s-dich-vu.csv", per->id);
		mb_buf_reset(&title);
		mb_buf_printf(&title, "Số liệu giải quyết hồ sơ, %s (CSV)", per->label);
		rc = csv_file(o, list, key, &t, &b, rel.data, per->id, title.data);
	}
	if (rc == 0 && per->services) {
		struct mb_dl_table t;
		mb_dl_table_service_totals(&t, c, (int)p, false);
		mb_buf_reset(&rel);
		mb_buf_printf(&rel, "tai-ve/%s-dich-vu-tong-hop.csv", per->id);
		mb_buf_reset(&title);
		mb_buf_printf(&title, "Giải quyết hồ sơ: tổng từng nhóm và toàn bộ, %s (CSV)",
		              per->label);
		rc = csv_file(o, list, key, &t, &b, rel.data, per->id, title.data);
	}
	mb_buf_release(&b);
	mb_buf_release(&rel);
	mb_buf_release(&title);
	return rc;
}

/* A period's workbook, taken from the previous build when made from the
 * same inputs. */
static int period_xlsx(const struct mb_dl_ctx *c, size_t p, struct mb_out *o,
                       struct mb_downloads *list)
{
	const char *key = period_key(o, p);
	mb_buf rel, title;
	mb_buf_init(&rel);
	mb_buf_init(&title);
	mb_dl_xlsx_period_names(c->m, p, &rel, &title);
	int rc = 0;
	if (!reused(o, list, key, rel.data, "XLSX", c->m->periods[p].id, title.data)) {
		size_t n = list->n;
		rc = mb_dl_xlsx_period(c, p, o, list);
		if (rc == 0 && list->n == n + 1)
			mb_out_made(o, rel.data, key, list->v[n].size, list->v[n].sha256);
	}
	mb_buf_release(&rel);
	mb_buf_release(&title);
	return rc;
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct mb_download *)a)->rel, ((const struct mb_download *)b)->rel);
}

/* Moves every file and dictionary entry of from to the end of to. */
static void merge(struct mb_downloads *to, struct mb_downloads *from)
{
	for (size_t i = 0; i < from->n; i++)
		MB_PUSH(to->v, to->n, to->cap, from->v[i]);
	for (size_t i = 0; i < from->ndict; i++)
		MB_PUSH(to->dict, to->ndict, to->dictcap, from->dict[i]);
	free(from->v);
	free(from->dict);
	memset(from, 0, sizeof *from);
}

/* Moves the files of from to the end of to, and the dictionary entries of
 * the tables to does not describe yet, as if from's writer had added to
 * to itself (mb_dl_dict_add). */
static void merge_new(struct mb_downloads *to, struct mb_downloads *from)
{
	size_t keep = 0;
	for (size_t i = 0; i < from->ndict; i++) {
		struct mb_dict_entry *e = &from->dict[i];
		bool known = false;
		for (size_t j = 0; j < to->ndict && !known; j++)
			known = strcmp(to->dict[j].table, e->table) == 0;
		if (!known) {
			from->dict[keep++] = *e;
			continue;
		}
		free(e->table);
		free(e->column);
		free(e->type);
		free(e->description);
	}
	from->ndict = keep;
	merge(to, from);
}

/* The all-periods workbook, on its own thread. */
struct all_job {
	const struct mb_dl_ctx *c;
	struct mb_out *o;
	struct mb_downloads list;
	int rc;
};

static void *all_run(void *arg)
{
	struct all_job *j = arg;
	mb_jobs_favour(true);
	j->rc = mb_dl_xlsx_all(j->c, j->o, &j->list);
	mb_jobs_favour(false);
	return NULL;
}

/*
 * The all-periods workbook is the longest single job (its compression alone
 * takes seconds on national data) and shares nothing mutable with the
 * per-period files, the long table or the charts, so it runs on a thread
 * of its own while this one writes the periods, the long table and the
 * units' files, and a build draws the charts (a rebuild after one quarter
 * changed takes most period files and charts from the previous build, and
 * the workbook is then most of the work); each collects its own list,
 * merged afterwards in a fixed order, so the result does not depend on
 * which finishes first.
 */
struct mb_dl_pending {
	struct mb_dl_ctx c;
	struct all_job job;
	pthread_t tid;
	bool threaded;
	struct mb_downloads lng;  /* the long table's */
	int rc;
};

struct mb_dl_pending *mb_render_downloads_begin(const struct mb_model *m, struct mb_out *o,
                                                struct mb_downloads *list)
{
	struct mb_dl_pending *p = mb_xcalloc(1, sizeof *p);
	mb_dl_ctx_init(&p->c, m);
	p->job.c = &p->c;
	p->job.o = o;
	p->threaded = mb_jobs_threads() > 1 && pthread_create(&p->tid, NULL, all_run, &p->job) == 0;
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < m->nperiods; k++) {
		rc = period_json(m, k, o, list);
		if (rc == 0)
			rc = period_csvs(&p->c, k, o, list);
		if (rc == 0)
			rc = period_xlsx(&p->c, k, o, list);
	}
	if (rc == 0)
		rc = mb_dl_long(&p->c, o, &p->lng);
	p->rc = rc;
	/* Pages may read the list before the end (pages.h): in its order. */
	qsort(list->v, list->n, sizeof *list->v, by_rel);
	return p;
}

int mb_render_downloads_end(struct mb_dl_pending *p, struct mb_downloads *list)
{
	if (p->threaded)
		pthread_join(p->tid, NULL);
	else
		all_run(&p->job);
	merge(list, &p->job.list);
	merge_new(list, &p->lng);
	int rc = p->rc;
	if (rc == 0)
		rc = p->job.rc;
	if (rc == 0)
		rc = mb_dl_datapackage(&p->c, p->job.o, list);
	qsort(list->v, list->n, sizeof *list->v, by_rel);
	mb_dl_ctx_release(&p->c);
	free(p);
	return rc;
}

int mb_render_downloads(const struct mb_model *m, struct mb_out *o, struct mb_downloads *list)
{
	return mb_render_downloads_end(mb_render_downloads_begin(m, o, list), list);
}
