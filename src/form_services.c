/* form_services.c - a quarter's sheet of service figures, in the official report form's columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "form_priv.h"
#include "import_priv.h"

/* The columns after STT and the unit's name, in the form's order. */
static const enum mb_sfield order[] = {
	MB_SF_RECV_ALL, MB_SF_CARRIED, MB_SF_RECV_ONLINE, MB_SF_RECV_DIRECT, MB_SF_RECV_POSTAL,
	MB_SF_RESOLVED, MB_SF_EARLY, MB_SF_ON_TIME, MB_SF_LATE,
	MB_SF_PENDING, MB_SF_IN_TIME, MB_SF_OVERDUE, MB_SF_WITHDRAWN,
	MB_SF_PAY_ONLINE, MB_SF_PAY_TOTAL, MB_SF_PAY_AMOUNT, MB_SF_DIGITIZED,
	MB_SF_SAT_RESPONSES, MB_SF_SAT_SATISFIED, MB_SF_BALANCE,
};
#define NF (sizeof order / sizeof *order)
#define FIRST 2                  /* column of order[0] */
#define ID_COL (FIRST + NF)      /* the unit's id */
#define HEAD 3                   /* first header row */
#define NUMBERS (HEAD + 3)       /* the row of column numbers */
#define TOTAL (NUMBERS + 1)      /* TỔNG CỘNG */
#define LINES (TOTAL + 1)        /* the first unit or section row */

/* The column numbers the official form prints under its header. */
static const char *const numbering[NF] = {
	"(1)=(2)+(3)+(4)+(5)", "(2)", "(3)", "(4)", "(5)", "(6)=(7)+(8)+(9)", "(7)", "(8)", "(9)",
	"(10)=(11)+(12)", "(11)", "(12)", "(13)", "(14)", "(15)", "(16)", "(17)", "(18)", "(19)",
	"(1)-(6)-(10)-(13)",
};

static lxw_col_t col_of(enum mb_sfield f)
{
	for (size_t i = 0; i < NF; i++)
		if (order[i] == f)
			return (lxw_col_t)(FIRST + i);
	return 0;
}

static bool is_input(enum mb_sfield f)
{
	return f < MB_SF_FIRST_DERIVED;
}

/* A unit's figures as the form shows them: value and whether it is given. */
struct figs {
	int64_t v[MB_SF_COUNT];
	bool has[MB_SF_COUNT];
	bool any;
};

static void from_service(const struct mb_service *s, struct figs *x)
{
	memset(x, 0, sizeof *x);
	int64_t v[MB_SF_COUNT] = {
		[MB_SF_CARRIED] = s->carried_over, [MB_SF_RECV_ONLINE] = s->recv_online,
		[MB_SF_RECV_DIRECT] = s->recv_direct, [MB_SF_RECV_POSTAL] = s->recv_postal,
		[MB_SF_EARLY] = s->early, [MB_SF_ON_TIME] = s->on_time, [MB_SF_LATE] = s->late,
		[MB_SF_IN_TIME] = s->pend_in_time, [MB_SF_OVERDUE] = s->pend_overdue,
		[MB_SF_WITHDRAWN] = s->withdrawn, [MB_SF_PAY_ONLINE] = s->pay_online,
		[MB_SF_PAY_TOTAL] = s->pay_total, [MB_SF_PAY_AMOUNT] = s->pay_amount_vnd,
		[MB_SF_DIGITIZED] = s->digitized, [MB_SF_SAT_RESPONSES] = s->sat_responses,
		[MB_SF_SAT_SATISFIED] = s->sat_satisfied,
	};
	memcpy(x->v, v, sizeof v);
	for (int f = MB_SF_CARRIED; f <= MB_SF_OVERDUE; f++)
		x->has[f] = true;
	x->has[MB_SF_WITHDRAWN] = s->has_withdrawn;
	x->has[MB_SF_PAY_ONLINE] = x->has[MB_SF_PAY_TOTAL] = s->has_payments;
	x->has[MB_SF_PAY_AMOUNT] = s->has_payments && s->has_pay_amount;
	x->has[MB_SF_DIGITIZED] = s->has_digitized;
	x->has[MB_SF_SAT_RESPONSES] = x->has[MB_SF_SAT_SATISFIED] = s->has_satisfaction;
	x->any = true;
}

/* The derived columns' values, for the formulas' saved results. */
static void derive(struct figs *x)
{
	int64_t *v = x->v;
	v[MB_SF_RECV_NEW] = v[MB_SF_RECV_ONLINE] + v[MB_SF_RECV_DIRECT] + v[MB_SF_RECV_POSTAL];
	v[MB_SF_RECV_ALL] = v[MB_SF_CARRIED] + v[MB_SF_RECV_NEW];
	v[MB_SF_RESOLVED] = v[MB_SF_EARLY] + v[MB_SF_ON_TIME] + v[MB_SF_LATE];
	v[MB_SF_PENDING] = v[MB_SF_IN_TIME] + v[MB_SF_OVERDUE];
	v[MB_SF_BALANCE] = v[MB_SF_RECV_ALL] - v[MB_SF_RESOLVED] - v[MB_SF_PENDING] -
	                   v[MB_SF_WITHDRAWN];
}

static const struct mb_serviceset *services_of(const struct mb_model *m, int year, int quarter)
{
	for (size_t p = 0; p < m->nperiods; p++)
		if (m->periods[p].year == year && m->periods[p].quarter == quarter)
			return m->periods[p].services;
	return NULL;
}

/* Each unit's figures: the period's own, or else a new quarter whose
 * carried-over files are what the previous quarter left pending. */
static struct figs *unit_figures(struct form *fm, bool *prefilled)
{
	const struct mb_model *m = fm->m;
	struct figs *x = mb_xcalloc(m->nunits + 1, sizeof *x);
	const struct mb_serviceset *cur = services_of(m, fm->year, fm->quarter);
	*prefilled = false;
	if (cur) {
		fm->filled = true;
		for (size_t i = 0; i < cur->nrows; i++)
			from_service(&cur->rows[i], &x[cur->rows[i].unit]);
	} else {
		int py = fm->quarter == 1 ? fm->year - 1 : fm->year;
		int pq = fm->quarter == 1 ? 4 : fm->quarter - 1;
		const struct mb_serviceset *prev = services_of(m, py, pq);
		for (size_t i = 0; prev && i < prev->nrows; i++) {
			const struct mb_service *s = &prev->rows[i];
			struct figs *f = &x[s->unit];
			f->v[MB_SF_CARRIED] = s->pend_in_time + s->pend_overdue;
			f->has[MB_SF_CARRIED] = f->any = true;
			*prefilled = true;
		}
	}
	for (size_t u = 0; u < m->nunits; u++)
		derive(&x[u]);
	return x;
}

/* A formula with its saved result: a number, or "" where nothing is filled
 * in (so that a row left empty stays empty when read back). */
static void formula(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *f, lxw_format *fmt,
                    bool has, int64_t v)
{
	if (has)
		worksheet_write_formula_num(ws, r, c, f, fmt, (double)v);
	else
		worksheet_write_formula_str(ws, r, c, f, fmt, "");
}

/* The per-row formulas of the derived columns. */
static void row_formulas(lxw_worksheet *ws, lxw_row_t r, lxw_format *fmt, const struct figs *x)
{
	char a[16], b[16], c[16], d[16], buf[256];
	bool has = x->any;
	form_ref(a, r, col_of(MB_SF_CARRIED));
	form_ref(b, r, col_of(MB_SF_RECV_POSTAL));
	snprintf(buf, sizeof buf, "=IF(COUNT(%s:%s)=0,\"\",SUM(%s:%s))", a, b, a, b);
	formula(ws, r, col_of(MB_SF_RECV_ALL), buf, fmt, has, x->v[MB_SF_RECV_ALL]);
	form_ref(a, r, col_of(MB_SF_EARLY));
	form_ref(b, r, col_of(MB_SF_LATE));
	snprintf(buf, sizeof buf, "=IF(COUNT(%s:%s)=0,\"\",SUM(%s:%s))", a, b, a, b);
	formula(ws, r, col_of(MB_SF_RESOLVED), buf, fmt, has, x->v[MB_SF_RESOLVED]);
	form_ref(a, r, col_of(MB_SF_IN_TIME));
	form_ref(b, r, col_of(MB_SF_OVERDUE));
	snprintf(buf, sizeof buf, "=IF(COUNT(%s:%s)=0,\"\",SUM(%s:%s))", a, b, a, b);
	formula(ws, r, col_of(MB_SF_PENDING), buf, fmt, has, x->v[MB_SF_PENDING]);
	char first[16], last[16];
	form_ref(first, r, col_of(MB_SF_CARRIED));
	form_ref(last, r, col_of(MB_SF_SAT_SATISFIED));
	form_ref(a, r, col_of(MB_SF_RECV_ALL));
	form_ref(b, r, col_of(MB_SF_RESOLVED));
	form_ref(c, r, col_of(MB_SF_PENDING));
	form_ref(d, r, col_of(MB_SF_WITHDRAWN));
	snprintf(buf, sizeof buf, "=IF(COUNT(%s:%s)=0,\"\",N(%s)-N(%s)-N(%s)-N(%s))", first, last,
	         a, b, c, d);
	formula(ws, r, col_of(MB_SF_BALANCE), buf, fmt, has, x->v[MB_SF_BALANCE]);
}

/* A section's or the total's row: SUBTOTAL, which leaves out the other
 * SUBTOTALs inside its range, so sections add up without double counting. */
static void sum_row(lxw_worksheet *ws, lxw_row_t r, lxw_row_t from, lxw_row_t to,
                    const int64_t *sums, lxw_format *fmt)
{
	char a[16], b[16], c[16], d[16], buf[256];
	for (size_t i = 0; i < NF; i++) {
		lxw_col_t col = (lxw_col_t)(FIRST + i);
		if (order[i] == MB_SF_BALANCE) {
			form_ref(a, r, col_of(MB_SF_RECV_ALL));
			form_ref(b, r, col_of(MB_SF_RESOLVED));
			form_ref(c, r, col_of(MB_SF_PENDING));
			form_ref(d, r, col_of(MB_SF_WITHDRAWN));
			snprintf(buf, sizeof buf, "=N(%s)-N(%s)-N(%s)-N(%s)", a, b, c, d);
		} else {
			form_ref(a, from, col);
			form_ref(b, to, col);
			snprintf(buf, sizeof buf, "=SUBTOTAL(9,%s:%s)", a, b);
		}
		worksheet_write_formula_num(ws, r, col, buf, fmt, (double)sums[order[i]]);
	}
}

static void header(struct form *fm, lxw_worksheet *ws)
{
	const struct form_fmts *f = &fm->f;
	lxw_format *h = f->head;
	lxw_row_t a = HEAD, b = HEAD + 1, c = HEAD + 2;
	worksheet_merge_range(ws, a, 0, c, 0, "STT", h);
	worksheet_merge_range(ws, a, 1, c, 1, "Tên đơn vị", h);
	worksheet_merge_range(ws, a, col_of(MB_SF_RECV_ALL), a, col_of(MB_SF_RECV_POSTAL),
	                      "Số hồ sơ nhận giải quyết", h);
	worksheet_merge_range(ws, b, col_of(MB_SF_RECV_ALL), c, col_of(MB_SF_RECV_ALL), "Tổng số", h);
	worksheet_merge_range(ws, b, col_of(MB_SF_CARRIED), c, col_of(MB_SF_CARRIED),
	                      "Số kỳ trước chuyển qua", h);
	worksheet_merge_range(ws, b, col_of(MB_SF_RECV_ONLINE), b, col_of(MB_SF_RECV_POSTAL),
	                      "Số mới tiếp nhận", h);
	worksheet_write_string(ws, c, col_of(MB_SF_RECV_ONLINE), "Trực tuyến", h);
	worksheet_write_string(ws, c, col_of(MB_SF_RECV_DIRECT), "Trực tiếp", h);
	worksheet_write_string(ws, c, col_of(MB_SF_RECV_POSTAL), "Dịch vụ bưu chính", h);
	static const struct {
		enum mb_sfield first, last;
		const char *group;
		const char *leaves[4];
	} groups[] = {
		{MB_SF_RESOLVED, MB_SF_LATE, "Số hồ sơ đã giải quyết",
		 {"Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn"}},
		{MB_SF_PENDING, MB_SF_OVERDUE, "Số hồ sơ đang giải quyết",
		 {"Tổng số", "Trong hạn", "Quá hạn", NULL}},
		{MB_SF_PAY_ONLINE, MB_SF_PAY_AMOUNT, "Thanh toán trực tuyến",
		 {"Số hồ sơ thanh toán trực tuyến", "Tổng số hồ sơ có phí", "Số tiền (đồng)", NULL}},
		{MB_SF_SAT_RESPONSES, MB_SF_SAT_SATISFIED, "Khảo sát hài lòng",
		 {"Số phiếu", "Số phiếu hài lòng", NULL, NULL}},
	};
	for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
		lxw_col_t c1 = col_of(groups[g].first), c2 = col_of(groups[g].last);
		worksheet_merge_range(ws, a, c1, a, c2, groups[g].group, h);
		for (lxw_col_t k = c1; k <= c2; k++)
			worksheet_merge_range(ws, b, k, c, k, groups[g].leaves[k - c1], h);
	}
	worksheet_merge_range(ws, a, col_of(MB_SF_WITHDRAWN), c, col_of(MB_SF_WITHDRAWN),
	                      "Rút hồ sơ", h);
	worksheet_merge_range(ws, a, col_of(MB_SF_DIGITIZED), c, col_of(MB_SF_DIGITIZED),
	                      "Số hồ sơ được số hóa", h);
	worksheet_merge_range(ws, a, col_of(MB_SF_BALANCE), c, col_of(MB_SF_BALANCE),
	                      "Kiểm tra cân đối", h);
	worksheet_merge_range(ws, a, ID_COL, c, ID_COL, "Mã đơn vị (không sửa)", h);
	worksheet_set_row(ws, a, 33, NULL);
	worksheet_set_row(ws, b, 33, NULL);
	worksheet_set_row(ws, c, 48, NULL);
	worksheet_write_string(ws, NUMBERS, 0, "A", f->numbers);
	worksheet_write_string(ws, NUMBERS, 1, "B", f->numbers);
	for (size_t i = 0; i < NF; i++)
		worksheet_write_string(ws, NUMBERS, (lxw_col_t)(FIRST + i), numbering[i], f->numbers);
	worksheet_write_string(ws, NUMBERS, ID_COL, "C", f->numbers);
}

static void validation(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last)
{
	for (size_t i = 0; i < NF; i++) {
		if (!is_input(order[i]))
			continue;
		lxw_data_validation v = {
			.validate = LXW_VALIDATION_TYPE_INTEGER,
			.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
			.value_number = 0,
			.input_title = "Số hồ sơ",
			.input_message = "Nhập số nguyên, từ 0 trở lên.",
			.error_title = "Số liệu không hợp lệ",
			.error_message = "Ô này chỉ nhận số nguyên từ 0 trở lên (số hồ sơ, số phiếu, số "
			                 "tiền). Để trống nếu đơn vị không báo cáo.",
		};
		lxw_col_t c = (lxw_col_t)(FIRST + i);
		worksheet_data_validation_range(ws, first, c, last, c, &v);
	}
}

/* Widths that fit the names, ids and figures the sheet holds. */
static void widths(struct form *fm, lxw_worksheet *ws, const struct figs *x)
{
	const struct mb_model *m = fm->m;
	size_t name = 24, id = 10;
	int64_t big[MB_SF_COUNT] = {0};
	for (size_t i = 0; i < fm->nlines; i++) {
		const struct form_line *l = &fm->lines[i];
		const char *t = l->kind == LINE_SECTION ? m->groups[l->group].name : m->units[l->unit].name;
		if (mb_dl_utf8_len(t) + 1 > name)
			name = mb_dl_utf8_len(t) + 1;
		if (l->kind == LINE_UNIT) {
			if (strlen(m->units[l->unit].id) > id)
				id = strlen(m->units[l->unit].id);
			for (int f = 0; f < MB_SF_COUNT; f++)
				if (x[l->unit].v[f] > big[f])
					big[f] = x[l->unit].v[f];
		}
	}
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, form_width(name > 48 ? 48 : name), NULL);
	for (size_t i = 0; i < NF; i++) {
		char digits[32];
		int n = snprintf(digits, sizeof digits, "%lld", (long long)big[order[i]]);
		size_t w = (size_t)n + (size_t)(n - 1) / 3; /* with thousands separators */
		/* Group totals run larger than any unit: leave room for them. */
		w += 2;
		worksheet_set_column(ws, (lxw_col_t)(FIRST + i), (lxw_col_t)(FIRST + i),
		                     form_width(w < 9 ? 9 : w), NULL);
	}
	worksheet_set_column(ws, ID_COL, ID_COL, form_width(id) * 0.9, NULL);
}

static void dates(const struct form *fm, char *from, char *to)
{
	static const char *const start[] = {"", "01/01", "01/04", "01/07", "01/10"};
	static const char *const end[] = {"", "31/03", "30/06", "30/09", "31/12"};
	sprintf(from, "%s/%d", start[fm->quarter], fm->year);
	sprintf(to, "%s/%d", end[fm->quarter], fm->year);
}

void form_services_sheet(struct form *fm)
{
	const struct mb_model *m = fm->m;
	const struct form_fmts *f = &fm->f;
	char *name = mb_dl_sheet_name(&fm->names, "Kết quả giải quyết TTHC");
	lxw_worksheet *ws = workbook_add_worksheet(fm->wb, name);
	free(name);
	bool prefilled;
	struct figs *x = unit_figures(fm, &prefilled);
	char from[16], to[16];
	dates(fm, from, to);
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ID_COL - 1),
	                      "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", f->title);
	char *sub = mb_strf("Kỳ báo cáo: %s (từ ngày %s đến ngày %s) - %s", fm->label, from, to,
	                    m->site.organisation);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(ID_COL - 1), sub, f->subtitle);
	free(sub);
	worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(ID_COL - 1), "Ô trắng: nhập số liệu. Ô xám: tự "
	                      "tính bằng công thức. Dòng tô đỏ: số hồ sơ chưa cân đối (xem cột Kiểm tra "
	                      "cân đối).", f->note);
	header(fm, ws);
	/* The rows, then the sums of the sections and of everything. */
	lxw_row_t r = LINES;
	lxw_row_t *row_of_line = mb_xcalloc(fm->nlines + 1, sizeof *row_of_line);
	for (size_t i = 0; i < fm->nlines; i++, r++) {
		const struct form_line *l = &fm->lines[i];
		row_of_line[i] = r;
		if (l->kind == LINE_HEADING) {
			worksheet_write_blank(ws, r, 0, f->stt);
			worksheet_write_string(ws, r, 1, m->units[l->unit].name, f->heading);
			for (lxw_col_t c = FIRST; c <= ID_COL; c++)
				worksheet_write_blank(ws, r, c, f->name);
			continue;
		}
		if (l->kind == LINE_SECTION)
			continue; /* written below, once its rows are known */
		const struct figs *v = &x[l->unit];
		worksheet_write_number(ws, r, 0, l->number, f->stt);
		worksheet_write_string(ws, r, 1, m->units[l->unit].name, f->name);
		for (size_t k = 0; k < NF; k++) {
			enum mb_sfield fd = order[k];
			lxw_col_t c = (lxw_col_t)(FIRST + k);
			if (!is_input(fd))
				continue;
			if (v->has[fd])
				worksheet_write_number(ws, r, c, (double)v->v[fd], f->input);
			else
				worksheet_write_blank(ws, r, c, f->input);
		}
		row_formulas(ws, r, f->derived, v);
		worksheet_write_string(ws, r, ID_COL, m->units[l->unit].id, f->id);
	}
	lxw_row_t last = r - 1;
	int64_t all[MB_SF_COUNT] = {0};
	for (size_t i = 0; i < fm->nlines; i++) {
		const struct form_line *l = &fm->lines[i];
		if (l->kind != LINE_SECTION)
			continue;
		int64_t sums[MB_SF_COUNT] = {0};
		size_t end = i + 1;
		while (end < fm->nlines && fm->lines[end].kind != LINE_SECTION)
			end++;
		for (size_t k = i + 1; k < end; k++)
			if (fm->lines[k].kind == LINE_UNIT)
				for (int fd = 0; fd < MB_SF_COUNT; fd++)
					sums[fd] += x[fm->lines[k].unit].v[fd];
		for (int fd = 0; fd < MB_SF_COUNT; fd++)
			all[fd] += sums[fd];
		lxw_row_t sr = row_of_line[i];
		char *upper = form_upper(m->groups[l->group].name);
		int nsec = 0;
		for (size_t k = 0; k <= i; k++)
			nsec += fm->lines[k].kind == LINE_SECTION;
		worksheet_write_string(ws, sr, 0, form_roman(nsec), f->section);
		worksheet_write_string(ws, sr, 1, upper, f->section);
		free(upper);
		sum_row(ws, sr, sr + 1, end > i + 1 ? row_of_line[end - 1] : sr + 1, sums, f->section_num);
		worksheet_write_blank(ws, sr, ID_COL, f->section);
	}
	worksheet_write_blank(ws, TOTAL, 0, f->total);
	worksheet_write_string(ws, TOTAL, 1, "TỔNG CỘNG", f->total);
	sum_row(ws, TOTAL, LINES, last > LINES ? last : LINES, all, f->total_num);
	worksheet_write_blank(ws, TOTAL, ID_COL, f->total);
	/* An unbalanced row is highlighted. */
	char cond[64], bal[16];
	form_ref(bal, TOTAL, col_of(MB_SF_BALANCE));
	size_t letters = strcspn(bal, "0123456789");
	/* The column fixed, the row relative: each row looks at its own balance. */
	snprintf(cond, sizeof cond, "=AND(ISNUMBER($%.*s%s),$%.*s%s<>0)", (int)letters, bal,
	         bal + letters, (int)letters, bal, bal + letters);
	lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_FORMULA, .value_string = cond,
	                             .format = f->bad};
	worksheet_conditional_format_range(ws, TOTAL, 0, last, ID_COL, &cf);
	validation(ws, LINES, last);
	/* Below the table: who made it and who signs it, as on a printed report. */
	lxw_row_t s = last + 2;
	worksheet_write_string(ws, s, 1, "Người lập biểu", f->guide_bold);
	worksheet_merge_range(ws, s, col_of(MB_SF_PAY_ONLINE), s, col_of(MB_SF_SAT_SATISFIED),
	                      "Thủ trưởng đơn vị", f->guide_bold);
	worksheet_write_string(ws, s + 1, 1, "(Ký, ghi rõ họ tên)", f->note);
	worksheet_merge_range(ws, s + 1, col_of(MB_SF_PAY_ONLINE), s + 1, col_of(MB_SF_SAT_SATISFIED),
	                      "(Ký, ghi rõ họ tên, đóng dấu)", f->note);
	widths(fm, ws, x);
	worksheet_freeze_panes(ws, NUMBERS + 1, 2);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
	worksheet_repeat_rows(ws, HEAD, NUMBERS);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_print_area(ws, 0, 0, s + 1, (lxw_col_t)(ID_COL - 1));
	worksheet_set_footer(ws, "&C&P/&N");
	worksheet_activate(ws);
	fm->activated = true;
	fm->carried = prefilled;
	free(row_of_line);
	free(x);
}
