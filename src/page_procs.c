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

cJSON *mb_page_procedures(struct mb_page_job *J)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "thu-tuc/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_PROCS, "Thủ tục hành chính",
	                             "Danh mục thủ tục hành chính theo lĩnh vực: mã thủ tục, "
	                             "thời hạn giải quyết, phí, lệ phí, mức độ trực tuyến và "
	                             "cơ quan giải quyết.");
	struct mb_page_counts total = {0, 0, 0, 0};
	cJSON *fields = mb_ctx_arr(ctx, "fields");
	const struct mb_page_run *runs = P->runs;
	size_t nruns = P->nruns;
	for (size_t r = 0; r < nruns; r++) {
		struct mb_page_counts fc = {0, 0, 0, 0};
		const struct mb_procedure *first = &m->procs[runs[r].start];
		cJSON *fo = mb_ctx_obj(fields, NULL);
		mb_ctx_ref(fo, "name", first->field ? first->field : MB_PAGE_NO_FIELD);
		mb_buf_printf(&J->tmp, "linh-vuc-%zu", r + 1);
		mb_ctx_tmp(fo, "anchor", &J->tmp);
		cJSON *procs = mb_ctx_arr(fo, "procedures");
		for (size_t k = runs[r].start; k < runs[r].end; k++) {
			mb_ctx_procedure(J, procs, &m->procs[k], true);
			tally(&fc, &m->procs[k]);
			tally(&total, &m->procs[k]);
		}
		put_counts(fo, &fc);
	}
	put_counts(mb_ctx_obj(ctx, "total"), &total);
	mb_ctx_count(ctx, "nfields", (int64_t)nruns);
	cJSON *groups = mb_ctx_arr(ctx, "groups");
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!P->group_counts[g].all)
			continue;
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "id", m->groups[g].id);
		mb_ctx_ref(go, "name", m->groups[g].name);
		put_counts(go, &P->group_counts[g]);
	}
	return ctx;
}
