/* dl_sheet.c - download tables as worksheets: formats, widths, cells, the explanation sheet. */
#include "dl_sheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "json_out.h"

#define STR_MAX 32767 /* Excel's longest cell text, in characters */

void mb_dl_fmts_init(struct mb_dl_fmts *f, lxw_workbook *wb)
{
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(f->header, LXW_BORDER_THIN);
	f->rank = workbook_add_format(wb);
	format_set_num_format(f->rank, "0");
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "#,##0");
	/* Points show every decimal they have (General), as pages do. */
	f->points = NULL;
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.00%");
	/* Rank changes read as on the site: ↑13, ↓4, = (the number stays signed). */
	f->change = workbook_add_format(wb);
	format_set_num_format(f->change, "\"↑\"0;\"↓\"0;\"=\"");
	f->pp = workbook_add_format(wb);
	format_set_num_format(f->pp, "+0.00;-0.00;0.00");
	f->mean = workbook_add_format(wb);
	format_set_num_format(f->mean, "0.00");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "dd/mm/yyyy");
	format_set_align(f->date, LXW_ALIGN_LEFT);
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->label = workbook_add_format(wb);
	format_set_bold(f->label);
	format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
}

lxw_worksheet *mb_dl_add_sheet(lxw_workbook *wb, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	if (!ws)
		mb_die("cannot add worksheet \"%s\"", name);
	return ws;
}

static bool is_rank(enum mb_dl_field f)
{
	return f == MB_F_RANK || f == MB_F_PREV_RANK || f == MB_F_CRIT_RANK ||
	       f == MB_F_CRIT_LEVEL || f == MB_F_CRIT_AREA_RANK;
}

static lxw_format *col_format(const struct mb_dl_fmts *f, const struct mb_dl_col *c)
{
	switch (c->type) {
	case MB_DL_INT: return is_rank(c->field) ? f->rank : f->count;
	case MB_DL_CHANGE: return c->field == MB_F_CHANGE ? f->change : f->count;
	case MB_DL_MONEY: return f->count;
	case MB_DL_POINTS: return f->points;
	case MB_DL_PERCENT:
	case MB_DL_RATE:
	case MB_DL_MEAN_PCT: return f->percent;
	case MB_DL_PP: return f->pp;
	case MB_DL_MEAN_PTS: return f->mean;
	default: return NULL;
	}
}

/* The exact value becomes a double only here, as it enters the cell: the
 * nearest double to n / 10^4, or to a ratio's exact num / den (never its
 * rounding: the 0.00% format rounds it once, to the page's figure). */
static double cell_double(enum mb_dl_type t, const struct mb_dl_cell *c)
{
	switch (t) {
	case MB_DL_POINTS: return (double)c->n / MB_FX_ONE;
	case MB_DL_PERCENT:
	case MB_DL_RATE: return (double)c->num / (double)c->den;
	/* A change is its figure (2 decimals): the cell shows it as it is. */
	case MB_DL_PP: return (double)c->n / 100;
	/* A mean: the exact rational's nearest double, a fraction of one for
	 * a result, points for an area; the format rounds it once. */
	case MB_DL_MEAN_PCT: return mpq_get_d(c->mean->exact);
	case MB_DL_MEAN_PTS: return mpq_get_d(c->mean->exact);
	default: return (double)c->n;
	}
}

/*
 * A ratio column's formula over the count cells of the same row, so that a
 * reader sees how the figure is made: "=(F2+G2)/E2".  Columns are found in
 * this table; NULL when one of them is not in it (the cell then holds the
 * exact value alone).
 */
static char *ratio_formula(const struct mb_dl_table *t, const struct mb_dl_col *c, lxw_row_t r)
{
	enum mb_dl_field num[2], den;
	int n = mb_dl_col_parts(c, num, &den);
	if (n == 0)
		return NULL;
	/* A total's digitised rate counts only the files of the units that
	 * report digitisation (compute.c): its own column, when the table has it. */
	if (den == MB_F_RECEIVED && c->field == MB_F_RATE && c->arg == MB_RATE_DIGITIZED &&
	    mb_dl_table_col(t, MB_F_DIGITIZED_BASE) >= 0)
		den = MB_F_DIGITIZED_BASE;
	char cell[3][LXW_MAX_CELL_NAME_LENGTH];
	int at[3] = {mb_dl_table_col(t, num[0]), n > 1 ? mb_dl_table_col(t, num[1]) : 0,
	             mb_dl_table_col(t, den)};
	for (int k = 0; k < 3; k++) {
		if (at[k] < 0)
			return NULL;
		lxw_rowcol_to_cell(cell[k], r, (lxw_col_t)at[k]);
	}
	return n > 1 ? mb_strf("=(%s+%s)/%s", cell[0], cell[1], cell[2])
	             : mb_strf("=%s/%s", cell[0], cell[2]);
}

static size_t digits(int64_t n)
{
	uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	size_t d = 1;
	while (a >= 10) {
		a /= 10;
		d++;
	}
	return d;
}

/* Displayed width of a number in its format, in characters. */
static size_t num_width(enum mb_dl_type t, int64_t n)
{
	switch (t) {
	case MB_DL_POINTS: return digits(n / MB_FX_ONE) + 5;
	case MB_DL_PERCENT:
	case MB_DL_RATE:
	case MB_DL_PP:
	case MB_DL_MEAN_PCT:
	case MB_DL_MEAN_PTS: return 7;
	default: {
		size_t d = digits(n);
		return d + (d - 1) / 3 + (n < 0);
	}
	}
}

static size_t longest_word(const char *s)
{
	size_t best = 0, cur = 0;
	for (; *s; s++) {
		if (*s == ' ') {
			cur = 0;
			continue;
		}
		cur += ((unsigned char)*s & 0xC0) != 0x80;
		if (cur > best)
			best = cur;
	}
	return best;
}

/* Lines a wrapped header takes in a column of `width` characters. */
static int wrapped_lines(const char *s, double width)
{
	size_t room = width > 3 ? (size_t)width - 2 : 1, line = 0, word = 0;
	int lines = 1;
	for (const char *p = s;; p++) {
		if (*p == ' ' || *p == '\0') {
			if (line > 0 && line + 1 + word > room) {
				lines++;
				line = word;
			} else {
				line += (line > 0) + word;
			}
			word = 0;
			if (!*p)
				break;
			continue;
		}
		word += ((unsigned char)*p & 0xC0) != 0x80;
	}
	return lines;
}

double *mb_dl_measure(struct mb_dl_table *t, size_t *rows)
{
	size_t *data = mb_xcalloc(t->ncols, sizeof *data);
	struct mb_dl_cell *cells = mb_xcalloc(t->ncols, sizeof *cells);
	mb_dl_table_rewind(t);
	*rows = 0;
	while (mb_dl_table_next(t, cells)) {
		++*rows;
		for (size_t i = 0; i < t->ncols; i++) {
			size_t w = 0;
			if (cells[i].kind == MB_DL_STR)
				w = mb_dl_utf8_len(cells[i].s);
			else if (cells[i].kind == MB_DL_NUM)
				w = num_width(t->cols[i].type, cells[i].n);
			if (w > data[i])
				data[i] = w;
		}
	}
	mb_dl_table_rewind(t);
	double *widths = mb_xcalloc(t->ncols, sizeof *widths);
	for (size_t i = 0; i < t->ncols; i++) {
		/* A long header wraps onto a few lines rather than widening a
		 * column of short numbers; its longest word still fits. */
		size_t title = mb_dl_utf8_len(t->cols[i].title);
		size_t head = title <= 14 ? title : 14;
		size_t lw = longest_word(t->cols[i].title);
		if (lw > head)
			head = lw;
		size_t w = data[i] > head ? data[i] : head;
		w += 3; /* padding and the autofilter button */
		widths[i] = w < 8 ? 8 : w > 60 ? 60 : (double)w;
	}
	free(cells);
	free(data);
	return widths;
}

static void write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	/* Text always goes in as a string: never a formula, whatever it says. */
	if (strlen(s) <= STR_MAX || mb_dl_utf8_len(s) <= STR_MAX) {
		worksheet_write_string(ws, r, c, s, f);
		return;
	}
	size_t i = 0, chars = 0;
	while (s[i] && chars < STR_MAX) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	char *cut = mb_xstrndup(s, i);
	worksheet_write_string(ws, r, c, cut, f);
	free(cut);
}

/* Whether libxlsxwriter gives a cell of this kind a format (an empty text
 * with a format is a blank cell that keeps it). */
static bool takes_format(const struct mb_dl_cell *c, const lxw_format *f)
{
	return f && (c->kind == MB_DL_STR || c->kind == MB_DL_NUM);
}

void mb_dl_sheet_resolve(const struct mb_dl_fmts *f, struct mb_dl_table *t, size_t rows)
{
	lxw_format **fmt = mb_xcalloc(t->ncols, sizeof *fmt);
	bool *seen = mb_xcalloc(t->ncols, sizeof *seen);
	size_t want = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		fmt[i] = col_format(f, &t->cols[i]);
		want += fmt[i] != NULL;
	}
	struct mb_dl_cell *cells = mb_xcalloc(t->ncols, sizeof *cells);
	mb_dl_table_rewind(t);
	for (size_t done = 0; done < rows; done += MB_DL_SHEET_ROWS) {
		size_t n = rows - done < MB_DL_SHEET_ROWS ? rows - done : MB_DL_SHEET_ROWS;
		/* The header row, flushed when the first data row starts. */
		lxw_format_get_xf_index(f->header);
		memset(seen, 0, t->ncols * sizeof *seen);
		size_t found = 0;
		bool more = done + n < rows; /* another sheet of this table follows */
		for (size_t r = 1; r <= n && (found < want || more); r++) {
			if (!mb_dl_table_next(t, cells))
				break;
			if (r == n || found == want)
				continue; /* the last row is flushed when the workbook closes */
			for (size_t i = 0; i < t->ncols; i++)
				if (!seen[i] && takes_format(&cells[i], fmt[i])) {
					seen[i] = true;
					found++;
					lxw_format_get_xf_index(fmt[i]);
				}
		}
	}
	mb_dl_table_rewind(t);
	free(cells);
	free(seen);
	free(fmt);
}

size_t mb_dl_sheet_write(lxw_worksheet *ws, const struct mb_dl_fmts *f, struct mb_dl_table *t,
                         const double *widths, size_t max_rows, bool excel_table,
                         int freeze_cols)
{
	lxw_format **fmt = mb_xcalloc(t->ncols, sizeof *fmt);
	int lines = 1;
	for (size_t i = 0; i < t->ncols; i++) {
		fmt[i] = col_format(f, &t->cols[i]);
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
		int l = wrapped_lines(t->cols[i].title, widths[i]);
		if (l > lines)
			lines = l;
	}
	/* Rows go in order (constant-memory workbooks need it): header first. */
	worksheet_set_row(ws, 0, 15.0 * (lines > 6 ? 6 : lines), NULL);
	for (size_t i = 0; i < t->ncols; i++)
		write_text(ws, 0, (lxw_col_t)i, t->cols[i].title, f->header);
	struct mb_dl_cell *cells = mb_xcalloc(t->ncols, sizeof *cells);
	size_t n = 0;
	while (n < max_rows && mb_dl_table_next(t, cells)) {
		lxw_row_t r = (lxw_row_t)++n;
		for (size_t i = 0; i < t->ncols; i++) {
			if (cells[i].kind == MB_DL_STR) {
				write_text(ws, r, (lxw_col_t)i, cells[i].s, fmt[i]);
				continue;
			}
			if (cells[i].kind != MB_DL_NUM)
				continue;
			double v = cell_double(t->cols[i].type, &cells[i]);
			char *formula = ratio_formula(t, &t->cols[i], r);
			if (formula)
				worksheet_write_formula_num(ws, r, (lxw_col_t)i, formula, fmt[i], v);
			else
				worksheet_write_number(ws, r, (lxw_col_t)i, v, fmt[i]);
			free(formula);
		}
	}
	lxw_col_t last = (lxw_col_t)(t->ncols - 1);
	if (excel_table && n > 0) {
		lxw_table_column *cols = mb_xcalloc(t->ncols, sizeof *cols);
		lxw_table_column **ptrs = mb_xcalloc(t->ncols + 1, sizeof *ptrs);
		for (size_t i = 0; i < t->ncols; i++) {
			cols[i].header = t->cols[i].title;
			cols[i].header_format = f->header;
			ptrs[i] = &cols[i];
		}
		lxw_table_options opt = {.columns = ptrs, .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
		                         .style_type_number = 9};
		lxw_error e = worksheet_add_table(ws, 0, 0, (lxw_row_t)n, last, &opt);
		if (e != LXW_NO_ERROR)
			mb_die("cannot add table \"%s\": %s", t->name, lxw_strerror(e));
		free(ptrs);
		free(cols);
	} else {
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, last);
	}
	worksheet_freeze_panes(ws, 1, (lxw_col_t)freeze_cols);
	/* Printed, wide tables read best across the page, header on each. */
	worksheet_set_landscape(ws);
	worksheet_repeat_rows(ws, 0, 0);
	free(cells);
	free(fmt);
	return n;
}

/* Writes "label: value" on row *r when value is set. */
static void about_line(lxw_worksheet *ws, const struct mb_dl_fmts *f, lxw_row_t *r,
                       const char *label, const char *value)
{
	if (!value || !*value)
		return;
	write_text(ws, *r, 0, label, f->label);
	write_text(ws, *r, 1, value, f->wrap);
	(*r)++;
}

static void about_date(lxw_worksheet *ws, const struct mb_dl_fmts *f, lxw_row_t *r,
                       const char *label, const char *date)
{
	int y, mo, d;
	if (!date || sscanf(date, "%d-%d-%d", &y, &mo, &d) != 3)
		return;
	lxw_datetime dt = {y, mo, d, 0, 0, 0};
	write_text(ws, *r, 0, label, f->label);
	worksheet_write_datetime(ws, *r, 1, &dt, f->date);
	(*r)++;
}

/* The dictionary as an Excel table, or with an autofilter where tables are
 * unavailable; five columns: table, workbook header, CSV name, type, meaning. */
static void about_dictionary(lxw_worksheet *ws, const struct mb_dl_fmts *f, lxw_row_t *r,
                             struct mb_dl_table *const *tables, size_t ntables, bool excel_table)
{
	static const char *const head[] = {"Bảng", "Cột", "Tên cột trong CSV", "Kiểu", "Ý nghĩa"};
	lxw_row_t first = *r;
	for (lxw_col_t c = 0; c < 5; c++)
		write_text(ws, *r, c, head[c], f->header);
	(*r)++;
	for (size_t k = 0; k < ntables; k++)
		for (size_t i = 0; i < tables[k]->ncols; i++) {
			const struct mb_dl_col *col = &tables[k]->cols[i];
			write_text(ws, *r, 0, tables[k]->name, f->wrap);
			write_text(ws, *r, 1, col->title, f->wrap);
			write_text(ws, *r, 2, col->name, f->wrap);
			write_text(ws, *r, 3, mb_dl_type_vi(col->type), f->wrap);
			write_text(ws, *r, 4, col->desc, f->wrap);
			(*r)++;
		}
	if (excel_table && *r > first + 1) {
		lxw_table_column cols[5] = {{0}}, *ptrs[6] = {0};
		for (int c = 0; c < 5; c++) {
			cols[c].header = (char *)head[c];
			cols[c].header_format = f->header;
			ptrs[c] = &cols[c];
		}
		lxw_table_options opt = {.columns = ptrs, .style_type = LXW_TABLE_STYLE_TYPE_LIGHT,
		                         .style_type_number = 1};
		worksheet_add_table(ws, first, 0, *r - 1, 4, &opt);
	} else {
		worksheet_autofilter(ws, first, 0, *r - 1, 4);
	}
}

/* The fields of the JSON files (json_out.h), after the dictionary: the same
 * five columns, the file in the first. */
static void about_json(lxw_worksheet *ws, const struct mb_dl_fmts *f, lxw_row_t *r)
{
	write_text(ws, (*r)++, 0, "Các trường của tệp JSON", f->title);
	/* In the dictionary's columns: the field where the workbook's header
	 * goes, its type and meaning where theirs do. */
	static const char *const head[] = {"Tệp", "Trường", NULL, "Kiểu", "Ý nghĩa"};
	for (lxw_col_t c = 0; c < 5; c++)
		if (head[c])
			write_text(ws, *r, c, head[c], f->header);
	(*r)++;
	for (size_t i = 0; i < mb_json_nfields; i++) {
		const struct mb_json_field *j = &mb_json_fields[i];
		write_text(ws, *r, 0, j->file, f->wrap);
		write_text(ws, *r, 1, j->name, f->wrap);
		write_text(ws, *r, 3, mb_json_type_vi(j->type), f->wrap);
		write_text(ws, *r, 4, j->desc, f->wrap);
		(*r)++;
	}
}

void mb_dl_sheet_about(lxw_worksheet *ws, const struct mb_dl_fmts *f, const struct mb_dl_ctx *c,
                       int p, const struct mb_dl_sheet_info *sheets, size_t nsheets,
                       struct mb_dl_table *const *tables, size_t ntables, bool excel_table)
{
	const struct mb_model *m = c->m;
	const struct mb_site *s = &m->site;
	worksheet_set_column(ws, 0, 0, 30, NULL);
	worksheet_set_column(ws, 1, 1, 45, NULL);
	worksheet_set_column(ws, 2, 2, 30, NULL);
	worksheet_set_column(ws, 3, 3, 20, NULL);
	worksheet_set_column(ws, 4, 4, 90, NULL);
	lxw_row_t r = 0;
	write_text(ws, r++, 0, s->title, f->title);
	r++;
	about_line(ws, f, &r, "Nguồn dữ liệu", s->organisation);
	about_line(ws, f, &r, "Trang công khai", s->base_url);
	mb_buf b;
	mb_buf_init(&b);
	if (p >= 0) {
		about_line(ws, f, &r, "Kỳ", m->periods[p].label);
		about_line(ws, f, &r, "Mã kỳ", m->periods[p].id);
		about_date(ws, f, &r, "Ngày công bố", m->periods[p].published);
	} else if (m->nperiods > 0) {
		for (size_t i = 0; i < m->nperiods; i++)
			mb_buf_printf(&b, "%s%s", i ? ", " : "", m->periods[i].label);
		about_line(ws, f, &r, "Các kỳ", b.data);
		about_date(ws, f, &r, "Ngày số liệu mới nhất", c->created);
	}
	about_line(ws, f, &r, "Giấy phép", s->license);
	mb_buf_reset(&b);
	if (s->email)
		mb_buf_puts(&b, s->email);
	if (s->phone)
		mb_buf_printf(&b, "%s%s", b.len ? "; " : "", s->phone);
	about_line(ws, f, &r, "Liên hệ", b.data);
	mb_buf_release(&b);
	if (s->sample)
		about_line(ws, f, &r, "Lưu ý",
		           "Dữ liệu minh họa, không phải số liệu chính thức.");
	about_line(ws, f, &r, "Ô trống",
	           "Ô trống nghĩa là không áp dụng hoặc không có số liệu, không phải số 0.");
	about_line(ws, f, &r, "Số liệu",
	           "Điểm được lưu và hiển thị đủ các chữ số thập phân (tối đa 4). Tỷ lệ điểm "
	           "đạt và các tỷ lệ là công thức trên các ô số liệu cùng dòng (ví dụ tổng "
	           "điểm ÷ điểm tối đa áp dụng), giữ giá trị chính xác và hiển thị dạng % với "
	           "2 chữ số thập phân, đúng như trên trang công khai.");
	about_line(ws, f, &r, "Xếp hạng",
	           "Đơn vị được xếp hạng trong nhóm của mình theo tỷ lệ điểm đạt (tổng điểm "
	           "÷ điểm tối đa áp dụng); bằng điểm thì cùng hạng (1, 2, 2, 4).");
	r++;
	if (nsheets > 0) {
		write_text(ws, r++, 0, "Các trang tính", f->title);
		write_text(ws, r, 0, "Trang tính", f->header);
		write_text(ws, r++, 1, "Nội dung", f->header);
		for (size_t i = 0; i < nsheets; i++) {
			write_text(ws, r, 0, sheets[i].name, f->wrap);
			write_text(ws, r++, 1, sheets[i].desc, f->wrap);
		}
		r++;
	}
	if (ntables > 0) {
		write_text(ws, r++, 0, "Từ điển dữ liệu", f->title);
		about_dictionary(ws, f, &r, tables, ntables, excel_table);
		r++;
	}
	about_json(ws, f, &r);
	worksheet_activate(ws);
}

void mb_dl_set_properties(lxw_workbook *wb, const struct mb_dl_ctx *c, const char *title,
                          const char *date)
{
	const struct mb_site *s = &c->m->site;
	struct tm tm = {0};
	int y, mo, d;
	if (sscanf(date, "%d-%d-%d", &y, &mo, &d) != 3) {
		y = 2000; /* dates come from mb_dl_period_date: cannot happen */
		mo = d = 1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	lxw_doc_properties props = {
		.title = (char *)title,
		.subject = s->title,
		.author = s->organisation,
		.company = s->organisation,
		.comments = s->license,
		.created = timegm(&tm),
	};
	/* The indices the data has, by their short names: not one for all. */
	mb_buf kw;
	mb_buf_init(&kw);
	mb_buf_puts(&kw, "cải cách hành chính, CCHC");
	for (size_t i = 0; i < c->m->nindices; i++) {
		const struct mb_index *ix = &c->m->indices[i];
		mb_buf_printf(&kw, ", %s", ix->short_name ? ix->short_name : ix->name);
	}
	mb_buf_puts(&kw, ", dịch vụ công");
	props.keywords = kw.data;
	workbook_set_properties(wb, &props);
	mb_buf_release(&kw);
}
