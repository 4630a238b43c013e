/* page_procs.c - the procedure catalogue, grouped by field, with online levels. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "page_ctx.h"
#include "page_fmt.h"


static void put_counts(cJSON *o, const struct mb_page_counts *c)
{
	mb_ctx_count(o, "count", (int64_t)c->all);
	mb_ctx_count(o, "full", (int64_t)c->full);
	mb_ctx_count(o, "partial", (int64_t)c->partial);
	mb_ctx_count(o, "none", (int64_t)c->none);
}

static void tally(struct mb_page_counts *c, const struct mb_procedure *pr)
{
	c->all++;
	c->full += pr->online == MB_ONLINE_FULL;
	c->partial += pr->online == MB_ONLINE_PARTIAL;
	c->none += pr->online == MB_ONLINE_NONE;
}

static bool same_field(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int cmp_run(const void *a, const void *b)
{
	const struct mb_page_run *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->start > y->start) - (x->start < y->start);
}

/* The model sorts procedures by field in byte order, which files "Đất đai"
 * after "Xây dựng"; readers expect Vietnamese order, so fields are re-sorted
 * here (the procedures within a field keep their code order). */
struct mb_page_run *mb_page_field_runs(const struct mb_model *m, size_t *n)
{
	struct mb_page_run *v = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t k = 0; k < m->nprocs; k++) {
		if (*n && same_field(m->procs[k].field, m->procs[v[*n - 1].start].field)) {
			v[*n - 1].end = k + 1;
			continue;
		}
		const char *f = m->procs[k].field ? m->procs[k].field : MB_PAGE_NO_FIELD;
		struct mb_page_run r = {k, k + 1, mb_page_sort_key(f, false)};
		MB_PUSH(v, *n, cap, r);
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_run);
	return v;
}

void mb_page_field_runs_free(struct mb_page_run *v, size_t n)
{
	for (size_t r = 0; r < n; r++)
		free(v[r].key);
	free(v);
}

bool mb_page_proc_applies(const struct mb_procedure *pr, int group, int unit)
{
	for (size_t x = 0; x < pr->ngroups; x++)
		if (pr->groups[x] == group)
			return true;
	for (size_t x = 0; unit >= 0 && x < pr->nunits; x++)
		if (pr->units[x] == unit)
			return true;
	return false;
}

void mb_ctx_procedure_fields(struct mb_page_job *J, cJSON *ctx, int group, int unit)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *fields = mb_ctx_arr(ctx, "fields");
	for (size_t r = 0; r < P->nruns; r++) {
		cJSON *procs = NULL;
		for (size_t k = P->runs[r].start; k < P->runs[r].end; k++) {
			const struct mb_procedure *pr = &m->procs[k];
			if (!mb_page_proc_applies(pr, group, unit))
				continue;
			if (!procs) {
				cJSON *fo = mb_ctx_obj(fields, NULL);
				mb_ctx_ref(fo, "name", pr->field ? pr->field : MB_PAGE_NO_FIELD);
				procs = mb_ctx_arr(fo, "procedures");
			}
			mb_ctx_procedure(J, procs, pr, false);
		}
	}
}

void mb_ctx_level_counts(struct mb_page_job *J, cJSON *ctx, int group)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	const struct mb_group *gr = &m->groups[group];
	cJSON *go = mb_ctx_obj(ctx, "group");
	mb_ctx_ref(go, "id", gr->id);
	mb_ctx_ref(go, "name", gr->name);
	mb_ctx_href(J, ctx, "href", "thu-tuc/%s/index.html", gr->id);
	put_counts(ctx, &P->group_counts[group]);
	cJSON *fields = mb_ctx_arr(ctx, "fields");
	size_t n = 0;
	for (size_t r = 0; r < P->nruns; r++) {
		struct mb_page_counts fc = {0, 0, 0, 0};
		for (size_t k = P->runs[r].start; k < P->runs[r].end; k++)
			if (mb_page_proc_applies(&m->procs[k], group, -1))
				tally(&fc, &m->procs[k]);
		if (!fc.all)
			continue;
		const struct mb_procedure *first = &m->procs[P->runs[r].start];
		cJSON *fo = mb_ctx_obj(fields, NULL);
		mb_ctx_ref(fo, "name", first->field ? first->field : MB_PAGE_NO_FIELD);
		mb_ctx_href(J, fo, "href", "thu-tuc/%s/index.html#linh-vuc-%zu", gr->id, r + 1);
		put_counts(fo, &fc);
		n++;
	}
	mb_ctx_count(ctx, "nfields", (int64_t)n);
}

/*
 * The catalogue (group < 0) or the procedures of one level (every
 * procedure whose "groups" name it), by field.  A field keeps its anchor
 * ("linh-vuc-3") on every page, so thu-tuc/xa/#linh-vuc-3 and
 * thu-tuc/#linh-vuc-3 are the same field.
 */
static void catalogue(struct mb_page_job *J, cJSON *ctx, int group)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	struct mb_page_counts total = {0, 0, 0, 0};
	cJSON *fields = mb_ctx_arr(ctx, "fields");
	const struct mb_page_run *runs = P->runs;
	size_t nruns = P->nruns, nfields = 0;
	for (size_t r = 0; r < nruns; r++) {
		struct mb_page_counts fc = {0, 0, 0, 0};
		cJSON *fo = NULL, *procs = NULL;
		for (size_t k = runs[r].start; k < runs[r].end; k++) {
			const struct mb_procedure *pr = &m->procs[k];
			if (group >= 0 && !mb_page_proc_applies(pr, group, -1))
				continue;
			if (!fo) {
				fo = mb_ctx_obj(fields, NULL);
				mb_ctx_ref(fo, "name", pr->field ? pr->field : MB_PAGE_NO_FIELD);
				mb_buf_printf(&J->tmp, "linh-vuc-%zu", r + 1);
				mb_ctx_tmp(fo, "anchor", &J->tmp);
				procs = mb_ctx_arr(fo, "procedures");
				nfields++;
			}
			mb_ctx_procedure(J, procs, pr, true);
			tally(&fc, pr);
			tally(&total, pr);
		}
		if (fo)
			put_counts(fo, &fc);
	}
	put_counts(mb_ctx_obj(ctx, "total"), &total);
	mb_ctx_count(ctx, "nfields", (int64_t)nfields);
	/* The levels, each a link to its own page: the filter that works
	 * without a script (thu-tuc/?cap=xa leads there with one). */
	cJSON *groups = mb_ctx_arr(ctx, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!P->group_counts[g].all)
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "id", m->groups[g].id);
		mb_ctx_ref(go, "name", m->groups[g].name);
		mb_ctx_href(J, go, "href", "thu-tuc/%s/index.html", m->groups[g].id);
		mb_ctx_bool(go, "current", (int)g == group);
		put_counts(go, &P->group_counts[g]);
	}
	mb_ctx_href(J, ctx, "catalogue_href", "thu-tuc/index.html");
}

cJSON *mb_page_procedures(struct mb_page_job *J)
{
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "thu-tuc/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PROCS, "Thủ tục hành chính",
	                             "Danh mục thủ tục hành chính theo lĩnh vực: mã thủ tục, "
	                             "thời hạn giải quyết, phí, lệ phí, mức độ trực tuyến và "
	                             "cơ quan giải quyết.");
	catalogue(J, ctx, -1);
	return ctx;
}

cJSON *mb_page_procedures_level(struct mb_page_job *J, size_t g)
{
	const struct mb_group *gr = &J->P->m->groups[g];
	mb_buf_reset(&J->rel);
	mb_buf_printf(&J->rel, "thu-tuc/%s/index.html", gr->id);
	mb_buf_reset(&J->title);
	mb_buf_printf(&J->title, "Thủ tục hành chính của %s", gr->name);
	mb_buf_reset(&J->desc);
	mb_buf_printf(&J->desc,
	              "Các thủ tục hành chính áp dụng cho mọi đơn vị %s, theo lĩnh vực: mã thủ tục, "
	              "thời hạn giải quyết, phí, lệ phí và mức độ trực tuyến.", gr->name);
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PROCS, J->title.data, J->desc.data);
	cJSON *lo = mb_ctx_obj(ctx, "level");
	mb_ctx_ref(lo, "id", gr->id);
	mb_ctx_ref(lo, "name", gr->name);
	catalogue(J, ctx, (int)g);
	return ctx;
}
