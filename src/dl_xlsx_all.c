/* dl_xlsx_all.c - tai-ve/tat-ca.xlsx: every period in long format, ready for a pivot table. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dl_sheet.h"
#include "i18n.h"
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
};

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
		for (size_t done = 0; done < ls[k].rows; done += MB_DL_SHEET_ROWS) {
			struct mb_dl_sheet_info si = {mb_dl_sheet_name(&names, ls[k].base),
			                              done ? "Tiếp theo trang trước." : ls[k].desc};
			MB_PUSH(info, ninfo, infocap, si);
		}
	}
	lxw_worksheet *about = mb_dl_add_sheet(wb, "Giải thích");
	mb_dl_sheet_about(about, &f, c, -1, info, ninfo, dict, ndict, false);
	size_t s = 0;
	for (int k = 0; k < 3; k++) {
		mb_dl_table_rewind(&ls[k].t);
		for (size_t done = 0; done < ls[k].rows; done += MB_DL_SHEET_ROWS) {
			lxw_worksheet *ws = mb_dl_add_sheet(wb, info[s++].name);
			mb_dl_sheet_write(ws, &f, &ls[k].t, ls[k].widths, MB_DL_SHEET_ROWS, false,
			                  0);
		}
	}
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
