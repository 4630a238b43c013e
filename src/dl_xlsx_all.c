/* dl_xlsx_all.c - tai-ve/tat-ca.xlsx: every period in long format, ready for a pivot table. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dl_sheet.h"
#include "i18n.h"
#include "jobs.h"
#include "sha256.h"

/*
 * National data reaches millions of cells, so this workbook is written in
 * libxlsxwriter's constant-memory mode: each row goes to a temporary file as
 * soon as the next starts.  That mode has no table objects, so the long
 * sheets get an autofilter instead, and a table longer than Excel's
 * 1,048,576 rows continues on "Tiêu chí (2)" and so on.
 *
 * Every cell costs libxlsxwriter a few hundred nanoseconds and some fifty
 * bytes of XML to compress, and the long criteria sheet dominates: national
 * data has 843,000 criterion values.  Up to ALL_LEVELS_MAX values the sheet
 * holds every level; beyond, it holds the top-level areas (what rankings
 * and press articles cite) and the explanation sheet says that the
 * sub-criteria are in each period's workbook and CSV.  The limit keeps all
 * downloads of national data within seconds.
 */
#define ALL_LEVELS_MAX 300000

struct long_sheet {
	struct mb_dl_table t;
	const char *base, *desc;
	double *widths;
	size_t rows;
	size_t first;           /* its first sheet in the planned list; the rest follow */
	lxw_worksheet **sheets; /* the same, added */
};

/*
 * The long tables are written at the same time, each by one thread: a
 * table's sheets share its iterator, so they go in order.  libxlsxwriter
 * keeps each sheet's rows and temporary file to itself; what its sheets
 * share is the numbering of formats, done beforehand in sheet order
 * (mb_dl_sheet_resolve), and the close, which packs the sheets in order
 * once every table is written.  The biggest table goes first.
 */
struct writing {
	const struct mb_dl_fmts *f;
	struct long_sheet *v[3];
	size_t n;
};

static size_t cells_of(const struct long_sheet *l)
{
	return l->rows * l->t.ncols;
}

static int by_cells(const void *a, const void *b)
{
	size_t x = cells_of(*(struct long_sheet *const *)a);
	size_t y = cells_of(*(struct long_sheet *const *)b);
	return (x < y) - (x > y);
}

static void write_table(void *ctx, size_t i, int worker)
{
	(void)worker;
	const struct writing *w = ctx;
	struct long_sheet *l = w->v[i];
	mb_dl_table_rewind(&l->t);
	for (size_t done = 0, s = 0; done < l->rows; done += MB_DL_SHEET_ROWS)
		mb_dl_sheet_write(l->sheets[s++], w->f, &l->t, l->widths, MB_DL_SHEET_ROWS, false,
		                  0);
}

/* After the library closed the file: account for it, hash it, list it. */
static int finish(struct mb_out *o, struct mb_downloads *list, const char *rel,
                  const char *path, lxw_error e, const char *title)
{
	if (e != LXW_NO_ERROR) {
		mb_out_fail(o, rel, lxw_strerror(e));
		return -1;
	}
	if (mb_out_done(o, rel) != 0)
		return -1;
	char sha[65];
	size_t size;
	if (mb_sha256_file(path, sha, &size) != 0) {
		mb_out_fail(o, rel, _("cannot read back the workbook"));
		return -1;
	}
	mb_dl_list_add(list, rel, "XLSX", NULL, title, size, sha);
	return 0;
}

int mb_dl_xlsx_all(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list)
{
	const char *rel = "tai-ve/tat-ca.xlsx";
	const char *title = "Tất cả các kỳ, định dạng dài cho bảng tổng hợp (Excel)";
	char *path = mb_out_path(o, rel);
	if (!path)
		return -1;
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb) {
		mb_out_fail(o, rel, _("cannot create workbook"));
		free(path);
		return -1;
	}
	mb_dl_set_properties(wb, c, title, c->created);
	struct mb_dl_fmts f;
	mb_dl_fmts_init(&f, wb);

	struct long_sheet ls[3];
	memset(ls, 0, sizeof ls);
	mb_dl_table_scores_long(&ls[0].t, c);
	ls[0].base = "Xếp hạng";
	ls[0].desc = "Mỗi dòng là kết quả của một đơn vị trong một chỉ số và một kỳ: xếp "
	             "hạng, tỷ lệ điểm đạt, tổng điểm, thay đổi thứ hạng.";
	bool areas_only = mb_dl_criterion_values(c->m) > ALL_LEVELS_MAX;
	mb_dl_table_criteria_long(&ls[1].t, c, areas_only);
	ls[1].base = areas_only ? "Lĩnh vực" : "Tiêu chí";
	ls[1].desc = areas_only
	                     ? "Mỗi dòng là điểm của một đơn vị ở một lĩnh vực (tiêu chí cấp 1) "
	                       "trong một chỉ số và một kỳ. Dữ liệu lớn nên trang này chỉ gồm "
	                       "các lĩnh vực; điểm của mọi tiêu chí thành phần có trong tệp "
	                       "Excel và CSV của từng kỳ."
	                     : "Mỗi dòng là điểm của một đơn vị ở một tiêu chí (mọi cấp) trong "
	                       "một chỉ số và một kỳ.";
	mb_dl_table_services(&ls[2].t, c, -1, false);
	ls[2].base = "Dịch vụ công";
	ls[2].desc = "Mỗi dòng là số liệu giải quyết hồ sơ của một đơn vị trong một kỳ.";

	/* Plan every sheet name first: the explanation sheet lists them and,
	 * in this mode, is written before the others. */
	struct mb_dl_names names;
	mb_dl_names_init(&names);
	free(mb_dl_sheet_name(&names, "Giải thích"));
	struct mb_dl_sheet_info *info = NULL;
	size_t ninfo = 0, infocap = 0;
	struct mb_dl_table *dict[3];
	size_t ndict = 0;
	for (int k = 0; k < 3; k++) {
		ls[k].widths = mb_dl_measure(&ls[k].t, &ls[k].rows);
		if (ls[k].rows == 0)
			continue;
		dict[ndict++] = &ls[k].t;
		mb_dl_dict_add(list, &ls[k].t);
		ls[k].first = ninfo;
		for (size_t done = 0; done < ls[k].rows; done += MB_DL_SHEET_ROWS) {
			struct mb_dl_sheet_info si = {mb_dl_sheet_name(&names, ls[k].base),
			                              done ? "Tiếp theo trang trước." : ls[k].desc};
			MB_PUSH(info, ninfo, infocap, si);
		}
	}
	lxw_worksheet *about = mb_dl_add_sheet(wb, "Giải thích");
	mb_dl_sheet_about(about, &f, c, -1, info, ninfo, dict, ndict, false);
	/* Every sheet is added, in order, before any is written. */
	lxw_worksheet **sheets = mb_xcalloc(ninfo + 1, sizeof *sheets);
	for (size_t s = 0; s < ninfo; s++)
		sheets[s] = mb_dl_add_sheet(wb, info[s].name);
	struct writing w = {.f = &f, .n = 0};
	for (int k = 0; k < 3; k++) {
		if (ls[k].rows == 0)
			continue;
		mb_dl_sheet_resolve(&f, &ls[k].t, ls[k].rows);
		ls[k].sheets = &sheets[ls[k].first];
		w.v[w.n++] = &ls[k];
	}
	qsort(w.v, w.n, sizeof *w.v, by_cells);
	mb_par_for(mb_jobs_threads(), w.n, write_table, &w);
	free(sheets);
	lxw_error e = workbook_close(wb);
	for (int k = 0; k < 3; k++) {
		mb_dl_table_release(&ls[k].t);
		free(ls[k].widths);
	}
	for (size_t i = 0; i < ninfo; i++)
		free((char *)info[i].name); /* names made by mb_dl_sheet_name above */
	free(info);
	mb_dl_names_release(&names);
	int rc = finish(o, list, rel, path, e, title);
	free(path);
	return rc;
}
