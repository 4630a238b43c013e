/* form.c - the form command: the workbook, its instructions sheet, the rows of units. */
#include "form.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "calendar.h"
#include "build.h"
#include "compute.h"
#include "diag.h"
#include "form_priv.h"
#include "i18n.h"
#include "load.h"

/* ---- small helpers ----------------------------------------------------------- */

void form_ref(char *buf, lxw_row_t r, lxw_col_t c)
{
	char letters[8];
	size_t n = 0;
	for (unsigned long x = (unsigned long)c + 1; x > 0 && n < sizeof letters; x = (x - 1) / 26)
		letters[n++] = (char)('A' + (x - 1) % 26);
	size_t k = 0;
	while (n > 0)
		buf[k++] = letters[--n];
	snprintf(buf + k, 12, "%lu", (unsigned long)r + 1);
}

char *form_upper(const char *s)
{
	mb_buf b;
	mb_buf_init(&b);
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			break;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		mb_buf_put(&b, enc, (size_t)n);
		i += (size_t)k;
	}
	char *out = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return out;
}

double form_width(size_t chars)
{
	return (double)chars * 1.1 + 2;
}

const char *form_roman(int n)
{
	static const char *const r[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
		"X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"};
	return n >= 1 && n <= 20 ? r[n] : "";
}

static bool parse_period(const char *s, int *year, int *quarter)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*year = atoi(s);
	*quarter = 0;
	if (*year < 1900)
		return false;
	if (n == 4)
		return true;
	if (s[4] != '-' || s[5] != 'q' || s[6] < '1' || s[6] > '4')
		return false;
	*quarter = s[6] - '0';
	return true;
}

/* ---- the rows of units ---------------------------------------------------------- */

static void push_line(struct form *fm, size_t *cap, struct form_line l)
{
	MB_PUSH(fm->lines, fm->nlines, *cap, l);
}

/*
 * The units that exist on some day of the period, by group, in units.json
 * order, each group under its section row.
 * A unit whose parent is in another group (a commune of a district) is
 * listed under a heading row for its parent, as the official form does.
 */
static void make_lines(struct form *fm)
{
	const struct mb_model *m = fm->m;
	size_t cap = 0;
	mb_day first, last;
	mb_day_span(fm->year, fm->quarter, &first, &last);
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct mb_group *gr = &m->groups[g];
		size_t alive = 0;
		for (size_t i = 0; i < gr->nunits; i++)
			alive += mb_unit_exists(&m->units[gr->units[i]], first, last);
		if (!alive)
			continue;
		size_t sec = fm->nlines;
		push_line(fm, &cap, (struct form_line){LINE_SECTION, (int)g, -1, 0, -1});
		int number = 0;
		for (size_t i = 0; i < gr->nunits; i++) {
			int u = gr->units[i];
			int p = m->units[u].parent;
			if (!mb_unit_exists(&m->units[u], first, last))
				continue;
			if (p < 0 || m->units[p].group == (int)g)
				push_line(fm, &cap, (struct form_line){LINE_UNIT, (int)g, u, ++number, (int)sec});
		}
		/* Parents in another group, in the order of units.json. */
		for (size_t pu = 0; pu < m->nunits; pu++) {
			bool heading = false;
			for (size_t i = 0; i < gr->nunits; i++) {
				int u = gr->units[i];
				if (m->units[u].parent != (int)pu || m->units[pu].group == (int)g ||
				    !mb_unit_exists(&m->units[u], first, last))
					continue;
				if (!heading)
					push_line(fm, &cap, (struct form_line){LINE_HEADING, (int)g, (int)pu, 0,
					                                        (int)sec});
				heading = true;
				push_line(fm, &cap, (struct form_line){LINE_UNIT, (int)g, u, ++number, (int)sec});
			}
		}
	}
}

/* ---- formats ---------------------------------------------------------------- */

static lxw_format *fmt(lxw_workbook *wb, bool bold, bool border, lxw_color_t fill,
                       const char *num)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 12);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (fill)
		format_set_bg_color(f, fill);
	if (num)
		format_set_num_format(f, num);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

#define GREY 0xEDEDED
#define SECTION 0xDDEBF7
#define PINK 0xF8CBAD

static void make_formats(struct form *fm)
{
	lxw_workbook *wb = fm->wb;
	struct form_fmts *f = &fm->f;
	f->title = fmt(wb, true, false, 0, NULL);
	format_set_font_size(f->title, 14);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	f->subtitle = fmt(wb, false, false, 0, NULL);
	format_set_align(f->subtitle, LXW_ALIGN_CENTER);
	format_set_italic(f->subtitle);
	f->note = fmt(wb, false, false, 0, NULL);
	format_set_italic(f->note);
	format_set_font_size(f->note, 11);
	f->head = fmt(wb, true, true, GREY, NULL);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	f->numbers = fmt(wb, false, true, GREY, NULL);
	format_set_align(f->numbers, LXW_ALIGN_CENTER);
	format_set_italic(f->numbers);
	format_set_font_size(f->numbers, 10);
	f->input = fmt(wb, false, true, 0, "#,##0");
	format_set_unlocked(f->input);
	f->points = fmt(wb, false, true, 0, "General");
	format_set_unlocked(f->points);
	f->derived = fmt(wb, false, true, GREY, "#,##0");
	f->derived_points = fmt(wb, false, true, GREY, "General");
	f->section = fmt(wb, true, true, SECTION, NULL);
	f->section_num = fmt(wb, true, true, SECTION, "#,##0");
	f->total = fmt(wb, true, true, GREY, NULL);
	format_set_align(f->total, LXW_ALIGN_CENTER);
	f->total_num = fmt(wb, true, true, GREY, "#,##0");
	f->heading = fmt(wb, true, true, 0, NULL);
	format_set_italic(f->heading);
	f->name = fmt(wb, false, true, 0, NULL);
	f->stt = fmt(wb, false, true, 0, NULL);
	format_set_align(f->stt, LXW_ALIGN_CENTER);
	f->id = fmt(wb, false, true, GREY, NULL);
	format_set_font_color(f->id, 0x595959);
	format_set_font_size(f->id, 10);
	f->bad = workbook_add_format(wb);
	format_set_bg_color(f->bad, PINK);
	f->guide_title = fmt(wb, true, false, 0, NULL);
	format_set_font_size(f->guide_title, 14);
	f->guide_head = fmt(wb, true, true, GREY, NULL);
	format_set_text_wrap(f->guide_head);
	f->guide_text = fmt(wb, false, false, 0, NULL);
	format_set_text_wrap(f->guide_text);
	format_set_align(f->guide_text, LXW_ALIGN_VERTICAL_TOP);
	f->guide_bold = fmt(wb, true, false, 0, NULL);
	format_set_text_wrap(f->guide_bold);
	format_set_align(f->guide_bold, LXW_ALIGN_VERTICAL_TOP);
}

/* ---- the instructions sheet ---------------------------------------------------- */

struct guide {
	lxw_worksheet *ws;
	const struct form_fmts *f;
	lxw_row_t r;
};

static void say(struct guide *g, lxw_format *f, const char *fmtstr, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct guide *g, lxw_format *f, const char *fmtstr, ...)
{
	mb_buf b;
	mb_buf_init(&b);
	va_list ap;
	va_start(ap, fmtstr);
	mb_buf_vprintf(&b, fmtstr, ap);
	va_end(ap);
	worksheet_merge_range(g->ws, g->r, 0, g->r, 2, b.data, f);
	/* A merged cell does not grow with its text: give the row its lines. */
	size_t lines = mb_dl_utf8_len(b.data) / 95 + 1;
	worksheet_set_row(g->ws, g->r, lines > 1 ? 15.75 * (double)lines : LXW_DEF_ROW_HEIGHT, NULL);
	g->r++;
	mb_buf_release(&b);
}

static void column_row(struct guide *g, const char *col, const char *meaning, const char *json)
{
	worksheet_write_string(g->ws, g->r, 0, col, g->f->guide_bold);
	worksheet_write_string(g->ws, g->r, 1, meaning, g->f->guide_text);
	worksheet_write_string(g->ws, g->r, 2, json, g->f->guide_text);
	g->r++;
}

static void guide_sheet(struct form *fm, const char *file, bool services, int index)
{
	lxw_worksheet *ws = workbook_add_worksheet(fm->wb, "Hướng dẫn");
	struct guide g = {ws, &fm->f, 0};
	const struct mb_model *m = fm->m;
	worksheet_set_column(ws, 0, 0, 26, NULL);
	worksheet_set_column(ws, 1, 1, 70, NULL);
	worksheet_set_column(ws, 2, 2, 30, NULL);
	worksheet_set_portrait(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	say(&g, fm->f.guide_title, "HƯỚNG DẪN NHẬP SỐ LIỆU %s", fm->label);
	say(&g, fm->f.guide_text, "Sổ này dùng để nhập số liệu %s cho trang «%s» (%s).", fm->label,
	    m->site.title, m->site.organisation);
	g.r++;
	say(&g, fm->f.guide_bold, "Cách nhập");
	if (services) {
		say(&g, fm->f.guide_text, "1. Mở trang «Kết quả giải quyết TTHC». Mỗi dòng là một đơn vị, "
		    "xếp theo khối; các xã, phường, thị trấn nằm dưới tên huyện, thành phố của mình.");
		say(&g, fm->f.guide_text, "2. Nhập số hồ sơ vào các ô màu trắng: số nguyên, không âm. "
		    "Đơn vị không có hồ sơ ở một cột thì ghi 0 (hoặc dấu -).");
		say(&g, fm->f.guide_text, "3. Các ô màu xám (cột Tổng số, cột Kiểm tra cân đối, dòng "
		    "TỔNG CỘNG và dòng của từng khối) tự tính bằng công thức: không cần nhập, không sửa.");
		say(&g, fm->f.guide_text, "4. Nhóm Thanh toán trực tuyến, nhóm Khảo sát hài lòng, cột Rút "
		    "hồ sơ và cột Số hồ sơ được số hóa: để trống cả nhóm (hoặc cả cột) nếu đơn vị không "
		    "báo cáo số liệu này; khi đó trang web ghi «không có số liệu», không ghi 0%%.");
		say(&g, fm->f.guide_text, "5. Dòng tô màu đỏ là dòng chưa cân đối: Tổng số nhận giải "
		    "quyết (1) phải bằng số đã giải quyết (6) cộng số đang giải quyết (10) cộng số rút "
		    "hồ sơ (13). Cột Kiểm tra cân đối cho biết số chênh lệch.");
		if (fm->quarter > 0 && fm->p < 0)
			say(&g, fm->f.guide_text, "6. Cột Số kỳ trước chuyển qua đã ghi sẵn số hồ sơ đang "
			    "giải quyết cuối quý trước; chỉ sửa khi số liệu quý trước được điều chỉnh.");
	} else {
		say(&g, fm->f.guide_text, "1. Mỗi dòng là một đơn vị, xếp theo khối. Mỗi cột là một tiêu "
		    "chí; tiêu đề cột ghi số thứ tự, tên tiêu chí và điểm tối đa.");
		say(&g, fm->f.guide_text, "2. Nhập điểm vào các ô màu trắng, không vượt điểm tối đa. Dùng "
		    "dấu phẩy cho phần thập phân (8,5) hoặc nhập số; tối đa 4 chữ số thập phân.");
		say(&g, fm->f.guide_text, "3. Tiêu chí không áp dụng đối với đơn vị: ghi KAD. Tiêu chí "
		    "đó không tính vào điểm tối đa của đơn vị.");
		say(&g, fm->f.guide_text, "4. Các ô màu xám (điểm của lĩnh vực, tiêu chí có tiêu chí "
		    "thành phần, và tổng điểm) tự tính bằng công thức: không cần nhập.");
		say(&g, fm->f.guide_text, "5. Đơn vị chỉ có tổng điểm (không có điểm từng tiêu chí): để "
		    "trống các tiêu chí, ghi Tổng điểm và Điểm tối đa áp dụng.");
		say(&g, fm->f.guide_text, "6. Cột Xếp hạng chính thức: ghi thứ hạng đã công bố, nếu có; "
		    "chương trình so sánh với thứ hạng tự tính và cảnh báo khi khác nhau.");
	}
	say(&g, fm->f.guide_text, "Không sửa cột Mã đơn vị và các dòng tiêu đề. Có thể thêm ghi chú "
	    "ở cuối trang; đơn vị không có số liệu thì để trống cả dòng.");
	g.r++;
	say(&g, fm->f.guide_bold, "Sau khi nhập");
	say(&g, fm->f.guide_text, "Lưu tệp dưới dạng Excel (.xlsx), rồi chạy lệnh:  minhbach import "
	    "%s", file);
	say(&g, fm->f.guide_text, "Tệp đã ghi sẵn kỳ báo cáo (%s) nên không cần ghi thêm. Lệnh báo "
	    "từng ô có vấn đề (tên trang, ô, đơn vị, cột) và không ghi gì khi còn lỗi; khi hợp lệ, "
	    "lệnh cho biết các đơn vị thêm, bớt, thay đổi so với số liệu đã có.", fm->label);
	say(&g, fm->f.guide_text, "Xem trước trang web với lệnh  minhbach serve, rồi xuất bản với "
	    "lệnh  minhbach build.");
	g.r++;
	say(&g, fm->f.guide_bold, "Các cột");
	worksheet_write_string(ws, g.r, 0, "Cột", fm->f.guide_head);
	worksheet_write_string(ws, g.r, 1, "Ý nghĩa", fm->f.guide_head);
	worksheet_write_string(ws, g.r, 2, "Tên trong dữ liệu (JSON)", fm->f.guide_head);
	g.r++;
	column_row(&g, "Mã đơn vị", "Mã của đơn vị trong danh sách đơn vị (units.json); dùng để "
	           "nhận ra đơn vị, không sửa.", "unit");
	if (services) {
		column_row(&g, "(2) Số kỳ trước chuyển qua", "Hồ sơ chưa giải quyết xong của kỳ trước.",
		           "carried_over");
		column_row(&g, "(3) (4) (5) Số mới tiếp nhận", "Hồ sơ mới tiếp nhận trong kỳ: trực "
		           "tuyến, trực tiếp, qua dịch vụ bưu chính công ích.",
		           "received.online, received.direct, received.postal");
		column_row(&g, "(7) (8) (9) Đã giải quyết", "Hồ sơ đã giải quyết: trước hạn, đúng hạn, "
		           "quá hạn.", "resolved.early, resolved.on_time, resolved.late");
		column_row(&g, "(11) (12) Đang giải quyết", "Hồ sơ đang giải quyết cuối kỳ: trong hạn, "
		           "quá hạn.", "pending.in_time, pending.overdue");
		column_row(&g, "(13) Rút hồ sơ", "Hồ sơ người dân rút lại.", "withdrawn");
		column_row(&g, "(14) (15) (16) Thanh toán trực tuyến", "Số hồ sơ nộp phí, lệ phí trực "
		           "tuyến; tổng số hồ sơ có phí, lệ phí; số tiền nộp trực tuyến (đồng).",
		           "payments.online, payments.total, payments.online_amount_vnd");
		column_row(&g, "(17) Số hồ sơ được số hóa", "Hồ sơ, kết quả giải quyết được số hóa.",
		           "digitized");
		column_row(&g, "(18) (19) Khảo sát hài lòng", "Số phiếu khảo sát; số phiếu hài lòng.",
		           "satisfaction.responses, satisfaction.satisfied");
	} else {
		const struct mb_index *ix = &m->indices[index];
		column_row(&g, "Tiêu chí", ix->name, "criteria.<mã tiêu chí>");
		column_row(&g, "Tổng điểm", "Tổng điểm của đơn vị; tự tính khi có điểm từng tiêu chí.",
		           "total");
		column_row(&g, "Điểm tối đa áp dụng", "Chỉ khi đơn vị chỉ có tổng điểm: điểm tối đa "
		           "của các tiêu chí áp dụng với đơn vị.", "max");
		column_row(&g, "Xếp hạng chính thức", "Thứ hạng đã công bố chính thức, nếu có.", "rank");
	}
}

/* ---- the command ----------------------------------------------------------------- */

/* Loads and checks the data folder; keeps each index's given criteria values
 * for the period before compute adds the sums.  NULL after printing the
 * problems. */
static struct mb_model *load(const struct mb_form_options *o, struct form *fm)
{
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(o->data, &d);
	if (m && !d.errors) {
		fm->m = m;
		fm->p = -1;
		for (size_t p = 0; p < m->nperiods; p++)
			if (!strcmp(m->periods[p].id, fm->period))
				fm->p = (int)p;
		fm->given = mb_xcalloc(m->nindices + 1, sizeof *fm->given);
		for (size_t x = 0; fm->p >= 0 && x < m->nindices; x++) {
			const struct mb_scoreset *ss = m->periods[fm->p].scores[x];
			if (!ss)
				continue;
			size_t nc = m->indices[x].ncrit;
			fm->given[x] = mb_xcalloc(m->nunits + 1, sizeof **fm->given);
			for (size_t i = 0; i < ss->nrows; i++) {
				struct mb_val *v = mb_xcalloc(nc + 1, sizeof *v);
				memcpy(v, ss->rows[i].crit, nc * sizeof *v);
				fm->given[x][ss->rows[i].unit] = v;
			}
		}
		mb_compute(m, &d);
	}
	mb_diags_print(&d, false);
	bool failed = !m || mb_diags_failed(&d, false);
	if (failed)
		fprintf(stderr, P_("minhbach: %s: %zu error: correct the data folder first; no workbook "
		                   "was written\n",
		                   "minhbach: %s: %zu errors: correct the data folder first; no workbook "
		                   "was written\n", d.errors), o->data, d.errors);
	mb_diags_release(&d);
	if (failed) {
		mb_model_free(m);
		return NULL;
	}
	return m;
}

static void release(struct form *fm)
{
	for (size_t x = 0; fm->given && fm->m && x < fm->m->nindices; x++) {
		for (size_t u = 0; fm->given[x] && u < fm->m->nunits; u++)
			free(fm->given[x][u]);
		free(fm->given[x]);
	}
	free(fm->given);
	free(fm->lines);
	free(fm->label);
	mb_dl_names_release(&fm->names);
}

/* The day the period ends, as a time for the workbook's properties: the
 * data's date, never the clock's, so two runs write the same bytes. */
static time_t period_end(int year, int quarter)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = quarter ? quarter * 3 - 1 : 11,
	                .tm_mday = quarter == 1 || quarter == 4 || !quarter ? 31 : 30,
	                .tm_hour = 0};
	return timegm(&tm);
}

/* Whether a year's workbook offers index x without --index: an index
 * scored by year, or not scored yet; not one scored by quarter (the 766
 * index), whose figures are entered with each quarter's --index workbook. */
static bool yearly_index(const struct mb_model *m, size_t x)
{
	bool scored = false;
	for (size_t p = 0; p < m->nperiods; p++) {
		if (!m->periods[p].scores || !m->periods[p].scores[x])
			continue;
		if (m->periods[p].quarter == 0)
			return true;
		scored = true;
	}
	return !scored;
}

static int write_book(struct form *fm, const struct mb_form_options *o, const char *out,
                      int index)
{
	const char *base = strrchr(out, '/') ? strrchr(out, '/') + 1 : out;
	char *dir = mb_xstrndup(out, (size_t)(base - out));
	char *tmp = mb_strf("%s.%s.tmp-%ld", dir, base, (long)getpid());
	free(dir);
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	fm->wb = workbook_new_opt(tmp, &wo);
	if (!fm->wb) {
		fprintf(stderr, _("minhbach: %s: cannot create the workbook: %s\n"), tmp, strerror(errno));
		free(tmp);
		return MB_EXIT_SYSTEM;
	}
	make_formats(fm);
	mb_dl_names_init(&fm->names);
	free(mb_dl_sheet_name(&fm->names, "Hướng dẫn")); /* taken: data sheets are named apart */
	bool services = fm->quarter > 0 && !o->index;
	guide_sheet(fm, base, services, index >= 0 ? index : 0);
	mb_buf prop;
	mb_buf_init(&prop);
	if (services) {
		form_services_sheet(fm);
		mb_buf_printf(&prop, "services %s", fm->period);
	} else {
		mb_buf_puts(&prop, "index ");
		bool first = true;
		for (size_t x = 0; x < fm->m->nindices; x++) {
			if (index >= 0 ? (int)x != index : !yearly_index(fm->m, x))
				continue;
			form_index_sheet(fm, (int)x);
			mb_buf_printf(&prop, "%s%s", first ? "" : ",", fm->m->indices[x].id);
			first = false;
		}
		mb_buf_printf(&prop, " %s", fm->period);
	}
	char *title = mb_strf("Nhập liệu %s - %s", fm->label, fm->m->site.title);
	lxw_doc_properties props = {
		.title = title, .company = fm->m->site.organisation,
		.comments = "minhbach form",
		.created = period_end(fm->year, fm->quarter),
	};
	workbook_set_properties(fm->wb, &props);
	workbook_set_custom_property_string(fm->wb, "minhbach", prop.data);
	lxw_error e = workbook_close(fm->wb);
	fm->wb = NULL;
	free(title);
	mb_buf_release(&prop);
	if (e != LXW_NO_ERROR) {
		fprintf(stderr, _("minhbach: %s: cannot write the workbook: %s\n"), tmp, lxw_strerror(e));
		unlink(tmp);
		free(tmp);
		return MB_EXIT_SYSTEM;
	}
	/* Never over a workbook someone may have filled in since the check. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_NOREPLACE) != 0) {
		fprintf(stderr, _("minhbach: %s: cannot write the workbook: %s\n"), out, strerror(errno));
		unlink(tmp);
		free(tmp);
		return errno == EEXIST ? MB_EXIT_USAGE : MB_EXIT_SYSTEM;
	}
	free(tmp);
	return MB_EXIT_OK;
}

int mb_cmd_form(const struct mb_form_options *o)
{
	struct form fm;
	memset(&fm, 0, sizeof fm);
	fm.period = o->period;
	if (!parse_period(o->period, &fm.year, &fm.quarter)) {
		fprintf(stderr, _("minhbach: \"%s\" is not a period: write YYYY for a year or YYYY-qN "
		        "for a quarter (like 2025-q1)\n"), o->period);
		return MB_EXIT_USAGE;
	}
	fm.label = fm.quarter ? mb_strf("Quý %s/%d", form_roman(fm.quarter), fm.year)
	                      : mb_strf("Năm %d", fm.year);
	char *deflt = mb_strf("nhap-lieu-%s.xlsx", o->period);
	const char *out = o->out ? o->out : deflt;
	struct stat st;
	if (lstat(out, &st) == 0) {
		fprintf(stderr, _("minhbach: %s already exists: it may hold figures already typed in; "
		        "move it away, or give another name with -o\n"), out);
		free(deflt);
		free(fm.label);
		return MB_EXIT_USAGE;
	}
	struct mb_model *m = load(o, &fm);
	if (!m) {
		free(deflt);
		release(&fm);
		return MB_EXIT_DATA;
	}
	int index = -1, rc = MB_EXIT_OK;
	if (o->index && (index = mb_model_find_index(m, o->index)) < 0) {
		fprintf(stderr, _("minhbach: there is no index \"%s\" in %s/indices\n"), o->index, o->data);
		rc = MB_EXIT_USAGE;
	} else if (!fm.quarter && !o->index && !m->nindices) {
		fprintf(stderr, _("minhbach: %s is a year, and %s defines no index to score: a year's "
		        "workbook holds index scores (service figures are entered by quarter)\n"),
		        o->period, o->data);
		rc = MB_EXIT_USAGE;
	} else {
		make_lines(&fm);
		size_t nlisted = 0;
		for (size_t i = 0; i < fm.nlines; i++)
			nlisted += fm.lines[i].kind == LINE_UNIT;
		rc = write_book(&fm, o, out, index);
		if (rc == MB_EXIT_OK)
			printf(_("minhbach: wrote %s: %s, %zu units%s; fill it in, then run: minhbach import "
			       "%s\n"), out, fm.label, nlisted,
			       fm.filled ? _(", filled in with the figures already in the data folder")
			       : fm.carried ? _(", files carried over from the previous quarter filled in")
			       : "", out);
	}
	release(&fm);
	mb_model_free(m);
	free(deflt);
	return rc;
}
