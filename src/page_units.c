/* page_units.c - the A–Z list of units and the search index its script filters. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "page_ctx.h"
#include "page_fmt.h"

struct keyed {
	char *key;
	const struct mb_unit *u;
	int idx;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->u->group != y->u->group)
		return x->u->group - y->u->group;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	c = strcmp(x->u->name, y->u->name);
	if (c)
		return c;
	return strcmp(x->u->id, y->u->id);
}

int *mb_page_units_az(const struct mb_model *m)
{
	struct keyed *v = mb_xreallocarray(NULL, m->nunits + 1, sizeof *v);
	for (size_t u = 0; u < m->nunits; u++)
		v[u] = (struct keyed){mb_page_sort_key(m->units[u].name, true), &m->units[u], (int)u};
	qsort(v, m->nunits, sizeof *v, cmp_keyed);
	int *order = mb_xreallocarray(NULL, m->nunits + 1, sizeof *order);
	for (size_t u = 0; u < m->nunits; u++) {
		order[u] = v[u].idx;
		free(v[u].key);
	}
	free(v);
	return order;
}

/* The units of the A–Z list that are current (or former), by group, each
 * group with its count; a group with none is left out. */
static size_t az_groups(struct mb_page_job *J, cJSON *groups, bool former)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	cJSON *go = NULL, *units = NULL;
	int cur = -1;
	size_t count = 0, all = 0;
	for (size_t k = 0; k < m->nunits; k++) {
		int ui = P->units_az[k];
		const struct mb_unit *u = &m->units[ui];
		if (mb_page_former(u) != former)
			continue;
		if (u->group != cur) {
			if (go)
				mb_ctx_count(go, "count", (int64_t)count);
			cur = u->group;
			count = 0;
			go = mb_ctx_obj(groups, NULL);
			mb_ctx_ref(go, "id", m->groups[cur].id);
			mb_ctx_ref(go, "name", m->groups[cur].name);
			units = mb_ctx_arr(go, "units");
		}
		cJSON *uo = mb_ctx_unit_link(J, units, NULL, ui);
		int parent = mb_page_parent(m, ui);
		if (parent >= 0)
			mb_ctx_ref(uo, "parent", m->units[parent].name);
		else
			mb_ctx_bool(uo, "parent", false);
		mb_ctx_unit_life(J, uo, ui);
		count++;
		all++;
	}
	if (go)
		mb_ctx_count(go, "count", (int64_t)count);
	return all;
}

cJSON *mb_page_units(struct mb_page_job *J)
{
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "don-vi/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_UNITS, "Cơ quan, đơn vị từ A đến Z",
	                             "Danh sách các cơ quan, đơn vị được đánh giá, xếp hạng "
	                             "cải cách hành chính, theo thứ tự chữ cái.");
	cJSON *search = mb_ctx_obj(ctx, "search");
	mb_ctx_href(J, search, "action", "don-vi/index.html");
	mb_ctx_href(J, search, "script", "don-vi/tim-kiem.js");
	/* The units of the latest period first; former units in a section of
	 * their own (SPEC §2). */
	size_t n = az_groups(J, mb_ctx_arr(ctx, "groups"), false);
	mb_ctx_count(ctx, "count", (int64_t)n);
	cJSON *fo = mb_ctx_obj(ctx, "former");
	size_t nf = az_groups(J, mb_ctx_arr(fo, "groups"), true);
	mb_ctx_count(fo, "count", (int64_t)nf);
	mb_ctx_bool(ctx, "has_former", nf > 0);
	return ctx;
}

/* Plain data for site.js: [id, name, group name, parent name, former] per
 * unit, in A–Z order; the parent is "" for a unit not shown under one
 * (mb_page_parent), former is 1 for a former unit (mb_page_former), which
 * the search lists after the current ones under a heading of its own, else
 * 0.  A script file rather than JSON so the search also works from file://,
 * where browsers refuse fetch(). */
void mb_page_search_js(const struct mb_pages *P, mb_buf *out)
{
	const struct mb_model *m = P->m;
	mb_buf_puts(out, "/* Danh sách đơn vị cho ô tìm kiếm. */\nwindow.mbUnits = [\n");
	for (size_t k = 0; k < m->nunits; k++) {
		const struct mb_unit *u = &m->units[P->units_az[k]];
		mb_buf_putc(out, '[');
		mb_buf_json_str(out, u->id);
		mb_buf_putc(out, ',');
		mb_buf_json_str(out, u->name);
		mb_buf_putc(out, ',');
		mb_buf_json_str(out, m->groups[u->group].name);
		mb_buf_putc(out, ',');
		int parent = mb_page_parent(m, P->units_az[k]);
		mb_buf_json_str(out, parent >= 0 ? m->units[parent].name : "");
		mb_buf_puts(out, mb_page_former(u) ? ",1" : ",0");
		mb_buf_puts(out, k + 1 < m->nunits ? "],\n" : "]\n");
	}
	mb_buf_puts(out, "];\n");
}
