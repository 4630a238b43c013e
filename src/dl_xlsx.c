/* dl_xlsx.c - tai-ve/<period>.xlsx: every table of one period, its charts and its dictionary. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dl_sheet.h"
#include "i18n.h"
#include "sha256.h"

/* One planned worksheet: a table, and for rankings its chart sheet. */
struct plan {
	struct mb_dl_table t;
	char *name, *chart, *desc, *chart_title, *chart_desc;
};

struct plans {
	struct plan *v;
	size_t n, cap;
};

/* The first candidate that fits Excel's 31 characters, made valid and
 * unique; the last one is shortened when none fits. */
static char *pick_name(struct mb_dl_names *names, const char *const *cand, size_t n)
{
	size_t i = 0;
	while (i + 1 < n && mb_dl_utf8_len(cand[i]) > 31)
		i++;
	return mb_dl_sheet_name(names, cand[i]);
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	mb_buf buf;
	mb_buf_init(&buf);
	va_list ap;
	va_start(ap, f);
	mb_buf_vprintf(&buf, f, ap);
	va_end(ap);
	char *s = mb_buf_detach(&buf, NULL);
	mb_buf_release(&buf); /* detach leaves a fresh empty buffer */
	return s;
}

static size_t count_indices(const struct mb_period *per, size_t nindices)
{
	size_t n = 0;
	for (size_t x = 0; x < nindices; x++)
		n += per->scores && per->scores[x];
	return n;
}

static void plan_ranking(struct plans *ps, struct mb_dl_names *names, const struct mb_dl_ctx *c,
                         size_t p, size_t x, size_t g, bool several)
{
	const struct mb_model *m = c->m;
	const struct mb_index *ix = &m->indices[x];
	const char *label = ix->short_name && *ix->short_name ? ix->short_name : ix->name;
	const char *group = m->groups[g].name;
	struct plan pl;
	memset(&pl, 0, sizeof pl);
	mb_dl_table_ranking(&pl.t, c, (int)p, (int)x, (int)g);
	/* With one index the group says it all; with several, the index comes
	 * first, as its short name or else its id. */
	char *d[3], *ch[4];
	size_t nd = 0, nc = 0;
	if (several) {
		d[nd++] = fmt("%s - %s", label, group);
		d[nd++] = fmt("%s - %s", ix->id, group);
		ch[nc++] = fmt("Biểu đồ %s - %s", label, group);
		ch[nc++] = fmt("Biểu đồ %s - %s", ix->id, group);
		ch[nc++] = fmt("BĐ %s - %s", ix->id, group);
	} else {
		d[nd++] = fmt("%s", group);
		ch[nc++] = fmt("Biểu đồ %s", group);
		ch[nc++] = fmt("BĐ %s", group);
	}
	pl.name = pick_name(names, (const char *const *)d, nd);
	pl.chart = pick_name(names, (const char *const *)ch, nc);
	for (size_t i = 0; i < nd; i++)
		free(d[i]);
	for (size_t i = 0; i < nc; i++)
		free(ch[i]);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "Xếp hạng %s, nhóm %s, %s: %zu đơn vị.", ix->name, group,
	              m->periods[p].label, m->periods[p].scores[x]->nranked[g]);
	pl.desc = mb_buf_detach(&b, NULL);
	mb_buf_printf(&b, "%s - %s, %s", label, group, m->periods[p].label);
	pl.chart_title = mb_buf_detach(&b, NULL);
	mb_buf_printf(&b, "Biểu đồ cột tỷ lệ điểm đạt của trang «%s», từ cao xuống thấp.",
	              pl.name);
	pl.chart_desc = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	MB_PUSH(ps->v, ps->n, ps->cap, pl);
}

static void plan_services(struct plans *ps, struct mb_dl_names *names, const struct mb_dl_ctx *c,
                          size_t p)
{
	struct plan pl;
	memset(&pl, 0, sizeof pl);
	mb_dl_table_services(&pl.t, c, (int)p, true);
	pl.name = mb_dl_sheet_name(names, "Dịch vụ công");
	pl.desc = fmt("Số liệu tiếp nhận, giải quyết hồ sơ và các tỷ lệ so với chỉ tiêu của "
	              "từng đơn vị, %s.",
	              c->m->periods[p].label);
	MB_PUSH(ps->v, ps->n, ps->cap, pl);
}

static void plan_totals(struct plans *ps, struct mb_dl_names *names, const struct mb_dl_ctx *c,
                        size_t p)
{
	struct plan pl;
	memset(&pl, 0, sizeof pl);
	mb_dl_table_service_totals(&pl.t, c, (int)p, true);
	pl.name = mb_dl_sheet_name(names, "Tổng hợp dịch vụ công");
	pl.desc = fmt("Tổng số liệu giải quyết hồ sơ của từng nhóm và của mọi đơn vị, %s; mỗi "
	              "tỷ lệ là công thức trên các ô cùng dòng.",
	              c->m->periods[p].label);
	MB_PUSH(ps->v, ps->n, ps->cap, pl);
}

static void plan_means(struct plans *ps, struct mb_dl_names *names, const struct mb_dl_ctx *c,
                       size_t p, size_t x)
{
	const struct mb_index *ix = &c->m->indices[x];
	const char *label = ix->short_name && *ix->short_name ? ix->short_name : ix->name;
	struct plan pl;
	memset(&pl, 0, sizeof pl);
	mb_dl_table_means(&pl.t, c, (int)p, (int)x, true);
	char *d[3] = {fmt("Trung bình %s", label), fmt("Trung bình %s", ix->id),
	              fmt("TB %s", ix->id)};
	pl.name = pick_name(names, (const char *const *)d, 3);
	for (int i = 0; i < 3; i++)
		free(d[i]);
	pl.desc = fmt("Trung bình của từng nhóm: tỷ lệ điểm đạt và điểm từng lĩnh vực, %s, %s.",
	              ix->name, c->m->periods[p].label);
	MB_PUSH(ps->v, ps->n, ps->cap, pl);
}

static void plans_release(struct plans *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		mb_dl_table_release(&ps->v[i].t);
		free(ps->v[i].name);
		free(ps->v[i].chart);
		free(ps->v[i].desc);
		free(ps->v[i].chart_title);
		free(ps->v[i].chart_desc);
	}
	free(ps->v);
}

/* A native bar chart of the ranking on its own sheet, best at the top; it
 * reads the sheet's cells, so it stays right if a journalist edits them. */
static void add_chart(lxw_workbook *wb, const struct plan *pl, size_t rows)
{
	int uc = mb_dl_table_col(&pl->t, MB_F_UNIT), pc = mb_dl_table_col(&pl->t, MB_F_PERCENT);
	lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_BAR);
	if (!ch || uc < 0 || pc < 0)
		mb_die("cannot add chart for \"%s\"", pl->name);
	lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(s, pl->name, 1, (lxw_col_t)uc, (lxw_row_t)rows,
	                            (lxw_col_t)uc);
	chart_series_set_values(s, pl->name, 1, (lxw_col_t)pc, (lxw_row_t)rows, (lxw_col_t)pc);
	chart_series_set_name(s, "Tỷ lệ điểm đạt");
	if (rows <= 60) {
		chart_series_set_labels(s);
		chart_series_set_labels_num_format(s, "0.00%");
	}
	chart_title_set_name(ch, pl->chart_title);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	/* libxlsxwriter swaps the axes of a bar chart: y is the category axis,
	 * drawn vertically.  Reversed so rank 1 is on top, with the value axis
	 * (x) crossing at the last category, i.e. kept at the bottom. */
	chart_axis_set_reverse(ch->y_axis);
	chart_axis_set_crossing_max(ch->y_axis);
	chart_axis_set_num_format(ch->x_axis, "0%");
	chart_axis_set_min(ch->x_axis, 0);
	chart_axis_set_max(ch->x_axis, 1);
	chart_axis_set_name(ch->x_axis, "Tỷ lệ điểm đạt");
	lxw_chartsheet *cs = workbook_add_chartsheet(wb, pl->chart);
	if (!cs || chartsheet_set_chart(cs, ch) != LXW_NO_ERROR)
		mb_die("cannot add chart sheet \"%s\"", pl->chart);
}

static void plan_period(struct plans *ps, struct mb_dl_names *names, const struct mb_dl_ctx *c,
                        size_t p)
{
	const struct mb_model *m = c->m;
	const struct mb_period *per = &m->periods[p];
	bool several = count_indices(per, m->nindices) > 1;
	for (size_t x = 0; x < m->nindices; x++) {
		const struct mb_scoreset *ss = per->scores ? per->scores[x] : NULL;
		for (size_t g = 0; ss && ss->nranked && g < m->ngroups; g++)
			if (ss->nranked[g] > 0)
				plan_ranking(ps, names, c, p, x, g, several);
		if (ss && ss->nrows > 0)
			plan_means(ps, names, c, p, x);
	}
	if (per->services && per->services->nrows > 0) {
		plan_services(ps, names, c, p);
		plan_totals(ps, names, c, p);
	}
}

/* Writes the planned sheets, then the explanation sheet that lists them. */
static void write_period(lxw_workbook *wb, const struct mb_dl_ctx *c, size_t p, struct plans *ps)
{
	struct mb_dl_fmts f;
	mb_dl_fmts_init(&f, wb);
	lxw_worksheet *about = mb_dl_add_sheet(wb, "Giải thích");
	struct mb_dl_sheet_info *info = mb_xcalloc(2 * ps->n + 1, sizeof *info);
	struct mb_dl_table **dict = mb_xcalloc(ps->n + 1, sizeof *dict);
	size_t ninfo = 0, ndict = 0;
	for (size_t i = 0; i < ps->n; i++) {
		struct plan *pl = &ps->v[i];
		lxw_worksheet *ws = mb_dl_add_sheet(wb, pl->name);
		size_t nrows;
		double *widths = mb_dl_measure(&pl->t, &nrows);
		/* Frozen: the header, and the names of the rows (units, or groups). */
		int unit = mb_dl_table_col(&pl->t, MB_F_UNIT);
		if (unit < 0)
			unit = mb_dl_table_col(&pl->t, MB_F_GROUP);
		size_t rows = mb_dl_sheet_write(ws, &f, &pl->t, widths, MB_DL_SHEET_ROWS, true,
		                                unit + 1);
		free(widths);
		info[ninfo++] = (struct mb_dl_sheet_info){pl->name, pl->desc};
		if (pl->chart) {
			add_chart(wb, pl, rows);
			info[ninfo++] = (struct mb_dl_sheet_info){pl->chart, pl->chart_desc};
		}
		/* Every group of an index has the same columns: one entry each. */
		bool seen = false;
		for (size_t k = 0; k < ndict; k++)
			seen = seen || strcmp(dict[k]->name, pl->t.name) == 0;
		if (!seen)
			dict[ndict++] = &pl->t;
	}
	mb_dl_sheet_about(about, &f, c, (int)p, info, ninfo, dict, ndict, true);
	free(info);
	free(dict);
}

void mb_dl_xlsx_period_names(const struct mb_model *m, size_t p, mb_buf *rel, mb_buf *title)
{
	const struct mb_period *per = &m->periods[p];
	mb_buf_printf(rel, "tai-ve/%s.xlsx", per->id);
	mb_buf_printf(title, "Toàn bộ bảng số liệu %s (Excel)", per->label);
}

int mb_dl_xlsx_period(const struct mb_dl_ctx *c, size_t p, struct mb_out *o,
                      struct mb_downloads *list)
{
	const struct mb_period *per = &c->m->periods[p];
	mb_buf rel, title;
	mb_buf_init(&rel);
	mb_buf_init(&title);
	mb_dl_xlsx_period_names(c->m, p, &rel, &title);
	int rc = -1;
	char *path = mb_out_path(o, rel.data);
	if (!path)
		goto out;
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		mb_out_fail(o, rel.data, _("cannot create workbook"));
		goto out;
	}
	char date[11];
	mb_dl_period_date(c->m, p, date);
	mb_dl_set_properties(wb, c, title.data, date);
	struct mb_dl_names names;
	mb_dl_names_init(&names);
	free(mb_dl_sheet_name(&names, "Giải thích"));
	struct plans ps = {0};
	plan_period(&ps, &names, c, p);
	write_period(wb, c, p, &ps);
	lxw_error e = workbook_close(wb);
	plans_release(&ps);
	mb_dl_names_release(&names);
	if (e != LXW_NO_ERROR) {
		mb_out_fail(o, rel.data, lxw_strerror(e));
		goto out;
	}
	if (mb_out_done(o, rel.data) != 0)
		goto out;
	char sha[65];
	size_t size;
	if (mb_sha256_file(path, sha, &size) != 0) {
		mb_out_fail(o, rel.data, _("cannot read back the workbook"));
		goto out;
	}
	mb_dl_list_add(list, rel.data, "XLSX", per->id, title.data, size, sha);
	rc = 0;
out:
	free(path);
	mb_buf_release(&rel);
	mb_buf_release(&title);
	return rc;
}
