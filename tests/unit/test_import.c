/* test_import.c - reading spreadsheets into data files: folding, cells, headers, units, rows, JSON. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compute.h"
#include "harness.h"
#include "import_priv.h"
#include "load.h"

/* ---- books built in C, the way the readers fill them ---------------------- */

/*
 * A row is written as strings: "" an empty cell, "#1200" a number cell
 * (stored text after the #), "=#5" a formula with cached number 5, "=" a
 * formula without a saved result, anything else a text cell.
 */
static void set_row(struct mb_sheet *s, size_t r, const char *const *cells, size_t n)
{
	if (r >= s->nrows) {
		s->rows = mb_xreallocarray(s->rows, r + 1, sizeof *s->rows);
		memset(s->rows + s->nrows, 0, (r + 1 - s->nrows) * sizeof *s->rows);
		s->nrows = r + 1;
	}
	struct mb_row *row = &s->rows[r];
	for (size_t c = 0; c < row->ncells; c++)
		free(row->cells[c].text);
	free(row->cells);
	while (n > 0 && !cells[n - 1][0])
		n--;
	row->cells = mb_xcalloc(n + 1, sizeof *row->cells);
	row->ncells = n;
	row->line = 0;
	for (size_t c = 0; c < n; c++) {
		const char *t = cells[c];
		struct mb_cell *x = &row->cells[c];
		if (!t[0])
			continue;
		if (t[0] == '=') {
			x->is_formula = true;
			t++;
			if (!t[0])
				continue;
		}
		x->type = t[0] == '#' ? MB_CELL_NUMBER : MB_CELL_TEXT;
		x->text = mb_xstrdup(t[0] == '#' ? t + 1 : t);
	}
}

static void add_merge(struct mb_sheet *s, size_t r1, size_t c1, size_t r2, size_t c2)
{
	s->merges = mb_xreallocarray(s->merges, s->nmerges + 1, sizeof *s->merges);
	s->merges[s->nmerges++] = (struct mb_merge){r1, c1, r2, c2};
}

static struct mb_sheet *new_book(struct mb_book *b, const char *file, enum mb_book_kind kind,
                                 const char *sheet)
{
	memset(b, 0, sizeof *b);
	b->file = mb_xstrdup(file);
	b->kind = kind;
	b->sheets = mb_xcalloc(1, sizeof *b->sheets);
	b->nsheets = 1;
	b->sheets[0].name = mb_xstrdup(sheet);
	return &b->sheets[0];
}

static void free_book(struct mb_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		struct mb_sheet *s = &b->sheets[i];
		for (size_t r = 0; r < s->nrows; r++) {
			for (size_t c = 0; c < s->rows[r].ncells; c++)
				free(s->rows[r].cells[c].text);
			free(s->rows[r].cells);
		}
		free(s->rows);
		free(s->merges);
		free(s->name);
	}
	free(b->sheets);
	free(b->file);
	free(b->property);
}

#define ROW(s, r, ...)                                                     \
	do {                                                               \
		static const char *const cells_[] = {__VA_ARGS__};         \
		set_row((s), (r), cells_, sizeof cells_ / sizeof *cells_); \
	} while (0)

/* ---- folding and cells ------------------------------------------------------ */

static bool fold_eq(const char *a, const char *b)
{
	char *x = mb_fold(a), *y = mb_fold(b);
	bool eq = !strcmp(x, y);
	free(x);
	free(y);
	return eq;
}

static bool name_eq(const char *a, const char *want)
{
	char *x = mb_fold_name(a);
	bool eq = !strcmp(x, want);
	if (!eq)
		fprintf(stderr, "fold_name(\"%s\") = \"%s\"\n", a, x);
	free(x);
	return eq;
}

static void test_fold(void)
{
	CHECK(fold_eq("Sở Lao động, Thương binh và Xã hội", "SỞ LAO ĐỘNG - THƯƠNG BINH  VÀ XÃ HỘI"));
	CHECK(fold_eq("Phường Hòa Phú", "phường Hoà Phú"));
	CHECK(fold_eq("Thủy", "Thuỷ"));
	CHECK(fold_eq("Số hồ sơ\nđược số hóa", "số hồ sơ được số hoá"));
	CHECK(!fold_eq("Tân An", "Tấn An")); /* diacritics are kept */
	CHECK(name_eq("UBND TP. Thủ Dầu Một", "thành phố thủ dầu một"));
	CHECK(name_eq("UBND thành phố Thủ Dầu Một", "thành phố thủ dầu một"));
	CHECK(name_eq("Ủy ban nhân dân huyện Dầu Tiếng", "huyện dầu tiếng"));
	CHECK(name_eq("TX.Bến Cát", "thị xã bến cát"));
	CHECK(name_eq("P. Chánh Mỹ", "phường chánh mỹ"));
	CHECK(name_eq("TT. Dầu Tiếng", "thị trấn dầu tiếng"));
	CHECK(name_eq("Văn phòng UBND tỉnh", "văn phòng ubnd tỉnh"));
	CHECK_STR(mb_fold_bare("phường chánh mỹ"), "chánh mỹ");
	CHECK_INT(mb_edit_distance("sở tư pháp", "sở tư phap"), 1);
	CHECK_INT(mb_edit_distance("", "abc"), 3);
}

static struct mb_cellval val(const char *text, bool number, bool points)
{
	struct mb_cell c = {number ? MB_CELL_NUMBER : MB_CELL_TEXT, false, (char *)text};
	struct mb_cellval cv;
	mb_cell_value(&c, points, &cv);
	return cv;
}

#define CHECK_VAL(text, number, points, st, value)                                   \
	do {                                                                         \
		struct mb_cellval cv_ = val((text), (number), (points));             \
		CHECK_MSG(cv_.state == (st) && (cv_.state != MB_CV_VALUE || cv_.v == (value)), \
		          "\"%s\": state %d value %lld, want %d %lld", (text),         \
		          (int)cv_.state, (long long)cv_.v, (int)(st), (long long)(value)); \
	} while (0)

static void test_cells(void)
{
	/* counts */
	CHECK_VAL("1.510", false, false, MB_CV_VALUE, 1510);
	CHECK_VAL("1.234.567", false, false, MB_CV_VALUE, 1234567);
	CHECK_VAL("1,510", false, false, MB_CV_VALUE, 1510);
	CHECK_VAL("1 510", false, false, MB_CV_VALUE, 1510);
	CHECK_VAL("1\xC2\xA0" "510", false, false, MB_CV_VALUE, 1510);
	CHECK_VAL(" 42 ", false, false, MB_CV_VALUE, 42);
	CHECK_VAL("12.0", false, false, MB_CV_VALUE, 12);
	CHECK_VAL("1.5", false, false, MB_CV_NOT_WHOLE, 0);
	CHECK_VAL("1,5", false, false, MB_CV_NOT_WHOLE, 0);
	CHECK_VAL("-", false, false, MB_CV_DASH, 0);
	CHECK_VAL("-3", false, false, MB_CV_NEGATIVE, 0);
	CHECK_VAL("abc", false, false, MB_CV_NOT_NUMBER, 0);
	CHECK_VAL("KAD", false, false, MB_CV_NOT_NUMBER, 0);
	CHECK_VAL("1 51", false, false, MB_CV_NOT_NUMBER, 0);
	CHECK_VAL("1510", true, false, MB_CV_VALUE, 1510);
	CHECK_VAL("1.51E3", true, false, MB_CV_VALUE, 1510);
	CHECK_VAL("0.1", true, false, MB_CV_NOT_WHOLE, 0);
	CHECK_VAL("2E+16", true, false, MB_CV_TOO_LARGE, 0);
	/* points, in 1/10000 */
	CHECK_VAL("88,78", false, true, MB_CV_VALUE, 887800);
	CHECK_VAL("88.78", false, true, MB_CV_VALUE, 887800);
	CHECK_VAL("7,775", false, true, MB_CV_VALUE, 77750);
	CHECK_VAL("1.234,5", false, true, MB_CV_VALUE, 12345000);
	CHECK_VAL("1,234.5", false, true, MB_CV_VALUE, 12345000);
	CHECK_VAL("88.780000000000001", true, true, MB_CV_VALUE, 887800);
	CHECK_VAL("9.0724999999999998", true, true, MB_CV_VALUE, 90725);
	CHECK_VAL("8.33333", true, true, MB_CV_TOO_PRECISE, 0);
	CHECK_VAL("8,33333", false, true, MB_CV_TOO_PRECISE, 0);
	CHECK_VAL("KAD", false, true, MB_CV_NA, 0);
	CHECK_VAL("Không áp dụng", false, true, MB_CV_NA, 0);
	CHECK_VAL("không áp dụng", false, true, MB_CV_NA, 0);
	struct mb_cellval cv = val("1.510", false, true);
	CHECK(cv.state == MB_CV_AMBIGUOUS && cv.v == 15100000 && cv.alt == 15100);
	struct mb_cell f = {MB_CELL_EMPTY, true, NULL};
	mb_cell_value(&f, false, &cv);
	CHECK_INT(cv.state, MB_CV_FORMULA_NO_VALUE);
	struct mb_cell e = {MB_CELL_ERROR, true, "#DIV/0!"};
	mb_cell_value(&e, false, &cv);
	CHECK_INT(cv.state, MB_CV_ERROR);
	mb_cell_value(NULL, false, &cv);
	CHECK_INT(cv.state, MB_CV_EMPTY);
}

/* ---- the official service form ------------------------------------------------ */

/* Rows 0-1 title, 2-5 a four-level header, 6 column numbers, then data. */
static void official_header(struct mb_sheet *s, bool merged)
{
	ROW(s, 0, "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH");
	ROW(s, 1, "Kỳ báo cáo: Quý IV/2024");
	ROW(s, 2, "STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "", "", "", "",
	    "Số hồ sơ đã giải quyết", "", "", "", "Số hồ sơ đang giải quyết", "", "",
	    "Rút hồ sơ", "Thanh toán trực tuyến", "", "", "Số hồ sơ được số hóa",
	    "Khảo sát hài lòng", "", "Tỷ lệ đúng hạn (%)");
	ROW(s, 3, "", "", "Tổng số", "Trong đó", "", "", "", "Tổng số", "Trước hạn", "Đúng hạn",
	    "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn", "", "Số hồ sơ thanh toán trực tuyến",
	    "Tổng số hồ sơ có phí", "Số tiền (đồng)", "", "Số phiếu", "Số phiếu hài lòng");
	ROW(s, 4, "", "", "", "Số kỳ trước chuyển qua", "Số mới tiếp nhận");
	ROW(s, 5, "", "", "", "", "Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính");
	ROW(s, 6, "A", "B", "(1)=(2)+(3)+(4)+(5)", "(2)", "(3)", "(4)", "(5)", "(6)=(7)+(8)+(9)",
	    "(7)", "(8)", "(9)", "(10)=(11)+(12)", "(11)", "(12)", "(13)", "(14)", "(15)", "(16)",
	    "(17)", "(18)", "(19)", "(20)");
	if (!merged)
		return;
	add_merge(s, 0, 0, 0, 21);
	add_merge(s, 2, 0, 5, 0);
	add_merge(s, 2, 1, 5, 1);
	add_merge(s, 2, 2, 2, 6);
	add_merge(s, 3, 2, 5, 2);
	add_merge(s, 3, 3, 3, 6);
	add_merge(s, 4, 3, 5, 3);
	add_merge(s, 4, 4, 4, 6);
	add_merge(s, 2, 7, 2, 10);
	for (size_t c = 7; c <= 13; c++)
		add_merge(s, 3, c, 5, c);
	add_merge(s, 2, 11, 2, 13);
	add_merge(s, 2, 14, 5, 14);
	add_merge(s, 2, 15, 2, 17);
	for (size_t c = 15; c <= 17; c++)
		add_merge(s, 3, c, 5, c);
	add_merge(s, 2, 18, 5, 18);
	add_merge(s, 2, 19, 2, 20);
	add_merge(s, 3, 19, 5, 19);
	add_merge(s, 3, 20, 5, 20);
	add_merge(s, 2, 21, 5, 21);
}

/* The figures of five units of the sample's 2024-q4, as a province's
 * system exports them: sections, a total on top, communes under their
 * district's heading, numbers stored as text, "-" for none, notes below. */
static void official_rows(struct mb_sheet *s)
{
	ROW(s, 7, "", "TỔNG CỘNG", "", "3.201", "#26821");
	ROW(s, 8, "I", "SỞ, BAN, NGÀNH");
	ROW(s, 9, "#1", "Sở Tư pháp", "=#6406", "#757", "5.344", "#289", "#16", "=#5726", "#3860",
	    "#1858", "#8", "=#662", "#649", "#13", "#18", "#1454", "#1795", "290.800.000", "#5389",
	    "#979", "#914", "=#99.86");
	ROW(s, 10, "#2", "Sở Lao động, Thương binh và Xã hội", "=", "#443", "#4626", "#416", "-",
	    "=", "#2261", "#2718", "-", "=", "#487", "#8", "#11", "#758", "#986", "#303200000",
	    "#5042", "#638", "#614");
	ROW(s, 11, "II", "UBND CẤP HUYỆN");
	ROW(s, 12, "#1", "UBND TP. Thủ Dầu Một", "#19033", "#1996", "#15843", "#1141", "#53", "",
	    "#10549", "#6848", "#161", "", "#1304", "#62", "#109", "#3357", "#3865", "#503550000",
	    "#16943", "#3380", "#3066");
	ROW(s, 13, "III", "UBND CẤP XÃ");
	ROW(s, 14, "", "Thành phố Thủ Dầu Một");
	ROW(s, 15, "#1", "Phường Chánh Mỹ", "", "#2", "#535", "#51", "#1", "", "#291", "#292", "#0",
	    "", "#3", "#0", "#3", "#222", "#305", "#444000", "#587", "#91", "#86");
	ROW(s, 16, "", "TX. Bến Cát");
	ROW(s, 17, "#2", "Xã An Tây", "", "#3", "#473", "#34", "#1", "", "#288", "#215", "-", "",
	    "#8", "-", "-", "#67", "#93", "1.005.000", "#508");
	ROW(s, 19, "Ghi chú: số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh.");
	ROW(s, 21, "", "", "", "", "", "", "", "", "", "", "Người lập biểu", "", "", "", "",
	    "Thủ trưởng đơn vị");
}

static const char *official_json =
	"{\n"
	"  \"published\": \"2025-01-10\",\n"
	"  \"services\": [\n"
	"    {\n"
	"      \"unit\": \"so-tu-phap\",\n"
	"      \"carried_over\": 757,\n"
	"      \"received\": {\n"
	"        \"online\": 5344,\n"
	"        \"direct\": 289,\n"
	"        \"postal\": 16\n"
	"      },\n"
	"      \"resolved\": {\n"
	"        \"early\": 3860,\n"
	"        \"on_time\": 1858,\n"
	"        \"late\": 8\n"
	"      },\n"
	"      \"pending\": {\n"
	"        \"in_time\": 649,\n"
	"        \"overdue\": 13\n"
	"      },\n"
	"      \"withdrawn\": 18,\n"
	"      \"payments\": {\n"
	"        \"online\": 1454,\n"
	"        \"total\": 1795,\n"
	"        \"online_amount_vnd\": 290800000\n"
	"      },\n"
	"      \"digitized\": 5389,\n"
	"      \"satisfaction\": {\n"
	"        \"responses\": 979,\n"
	"        \"satisfied\": 914\n"
	"      }\n"
	"    },\n"
	"    {\n"
	"      \"unit\": \"so-lao-dong-thuong-binh-va-xa-hoi\",\n"
	"      \"carried_over\": 443,\n"
	"      \"received\": {\n"
	"        \"online\": 4626,\n"
	"        \"direct\": 416,\n"
	"        \"postal\": 0\n"
	"      },\n"
	"      \"resolved\": {\n"
	"        \"early\": 2261,\n"
	"        \"on_time\": 2718,\n"
	"        \"late\": 0\n"
	"      },\n"
	"      \"pending\": {\n"
	"        \"in_time\": 487,\n"
	"        \"overdue\": 8\n"
	"      },\n"
	"      \"withdrawn\": 11,\n"
	"      \"payments\": {\n"
	"        \"online\": 758,\n"
	"        \"total\": 986,\n"
	"        \"online_amount_vnd\": 303200000\n"
	"      },\n"
	"      \"digitized\": 5042,\n"
	"      \"satisfaction\": {\n"
	"        \"responses\": 638,\n"
	"        \"satisfied\": 614\n"
	"      }\n"
	"    },\n"
	"    {\n"
	"      \"unit\": \"tp-thu-dau-mot\",\n"
	"      \"carried_over\": 1996,\n"
	"      \"received\": {\n"
	"        \"online\": 15843,\n"
	"        \"direct\": 1141,\n"
	"        \"postal\": 53\n"
	"      },\n"
	"      \"resolved\": {\n"
	"        \"early\": 10549,\n"
	"        \"on_time\": 6848,\n"
	"        \"late\": 161\n"
	"      },\n"
	"      \"pending\": {\n"
	"        \"in_time\": 1304,\n"
	"        \"overdue\": 62\n"
	"      },\n"
	"      \"withdrawn\": 109,\n"
	"      \"payments\": {\n"
	"        \"online\": 3357,\n"
	"        \"total\": 3865,\n"
	"        \"online_amount_vnd\": 503550000\n"
	"      },\n"
	"      \"digitized\": 16943,\n"
	"      \"satisfaction\": {\n"
	"        \"responses\": 3380,\n"
	"        \"satisfied\": 3066\n"
	"      }\n"
	"    },\n"
	"    {\n"
	"      \"unit\": \"phuong-chanh-my\",\n"
	"      \"carried_over\": 2,\n"
	"      \"received\": {\n"
	"        \"online\": 535,\n"
	"        \"direct\": 51,\n"
	"        \"postal\": 1\n"
	"      },\n"
	"      \"resolved\": {\n"
	"        \"early\": 291,\n"
	"        \"on_time\": 292,\n"
	"        \"late\": 0\n"
	"      },\n"
	"      \"pending\": {\n"
	"        \"in_time\": 3,\n"
	"        \"overdue\": 0\n"
	"      },\n"
	"      \"withdrawn\": 3,\n"
	"      \"payments\": {\n"
	"        \"online\": 222,\n"
	"        \"total\": 305,\n"
	"        \"online_amount_vnd\": 444000\n"
	"      },\n"
	"      \"digitized\": 587,\n"
	"      \"satisfaction\": {\n"
	"        \"responses\": 91,\n"
	"        \"satisfied\": 86\n"
	"      }\n"
	"    },\n"
	"    {\n"
	"      \"unit\": \"xa-an-tay\",\n"
	"      \"carried_over\": 3,\n"
	"      \"received\": {\n"
	"        \"online\": 473,\n"
	"        \"direct\": 34,\n"
	"        \"postal\": 1\n"
	"      },\n"
	"      \"resolved\": {\n"
	"        \"early\": 288,\n"
	"        \"on_time\": 215,\n"
	"        \"late\": 0\n"
	"      },\n"
	"      \"pending\": {\n"
	"        \"in_time\": 8,\n"
	"        \"overdue\": 0\n"
	"      },\n"
	"      \"withdrawn\": 0,\n"
	"      \"payments\": {\n"
	"        \"online\": 67,\n"
	"        \"total\": 93,\n"
	"        \"online_amount_vnd\": 1005000\n"
	"      },\n"
	"      \"digitized\": 508\n"
	"    }\n"
	"  ]\n"
	"}\n";

/* Reads sheet 0 of b as want (-1 services, an index, -2 either). */
static bool read_table(const struct mb_model *m, const struct mb_book *b, int want,
                       struct mb_imp_table *t, struct mb_diags *d)
{
	memset(t, 0, sizeof *t);
	t->book = b;
	t->sheet = 0;
	t->period = mb_xstrdup("2024-q4");
	if (!mb_imp_find_header(m, &b->sheets[0], want, &t->head))
		return false;
	t->index = t->head.index;
	struct mb_unit_names *names = mb_unit_names_new(m);
	mb_imp_read_rows(m, names, t, d);
	mb_unit_names_free(names);
	return true;
}

static bool has_diag(const struct mb_diags *d, const char *where, const char *msg)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct mb_diag *g = &d->v[i];
		bool w = !where || (g->where && strstr(g->where, where));
		if (w && strstr(g->msg, msg))
			return true;
	}
	fprintf(stderr, "no problem at \"%s\" saying \"%s\"; problems:\n", where ? where : "",
	        msg);
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s: %s: %s\n", d->v[i].file, d->v[i].where ? d->v[i].where : "",
		        d->v[i].msg);
	return false;
}

static void print_diags(const struct mb_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %s %s:%u:%u %s\n", d->v[i].file, d->v[i].where ? d->v[i].where : "",
		        d->v[i].line, d->v[i].col, d->v[i].msg);
}

static void test_official(const struct mb_model *m, bool merged)
{
	struct mb_book b;
	struct mb_sheet *s = new_book(&b, merged ? "bao-cao.xlsx" : "bao-cao.csv",
	                              merged ? MB_BOOK_XLSX : MB_BOOK_CSV, "Biểu 06a");
	official_header(s, merged);
	official_rows(s);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_imp_table t;
	bool found = read_table(m, &b, -2, &t, &d);
	CHECK(found);
	CHECK_INT(t.index, -1);
	CHECK_INT(t.head.top, 2);
	CHECK_INT(t.head.rows, 4);
	CHECK_INT(t.head.data, 7);
	/* every service column was found */
	for (int f = 1; f < MB_SF_COUNT; f++)
		if (f != MB_SF_RECV_NEW && f != MB_SF_BALANCE && f != MB_SF_RECV_DIRECT_POSTAL)
			CHECK_MSG(mb_imp_col_of(&t, MB_COL_FIELD, f) >= 0, "field %s not found",
			          mb_sfields[f].json);
	CHECK_INT(mb_imp_col_of(&t, MB_COL_FIELD, MB_SF_LATE), 10);
	CHECK_INT(mb_imp_col_of(&t, MB_COL_FIELD, MB_SF_OVERDUE), 13);
	CHECK_INT(t.nrows, 5);
	CHECK_MSG(d.n == 0, "%zu problems", d.n);
	print_diags(&d);
	mb_buf out;
	mb_buf_init(&out);
	mb_imp_json(m, &t, "2025-01-10", &out);
	CHECK_STR(out.data, official_json);
	mb_buf_release(&out);
	mb_imp_table_release(&t);
	mb_diags_release(&d);

	/* Bad cells, a wrong total and a name that is no unit. */
	ROW(s, 7, "", "TỔNG CỘNG", "", "3.202");
	ROW(s, 9, "#1", "Sở Tư phap", "#6406", "#757", "#5344", "#289", "#16");
	ROW(s, 10, "#2", "Sở Lao động, Thương binh và Xã hội", "", "1,5", "#4626", "#416", "KAD",
	    "", "#2261", "#2718", "", "=#4980", "#487", "#8", "", "#758", "#986", "#303200000");
	ROW(s, 12, "#1", "UBND TP. Thủ Dầu Một", "#19034", "#1996", "#15843", "#1141", "#53");
	mb_diags_init(&d);
	read_table(m, &b, -1, &t, &d);
	const char *w = merged ? "'Biểu 06a'!D11 (Sở Lao động, Thương binh và Xã hội, Số kỳ trước "
	                         "chuyển qua)" : NULL;
	CHECK(has_diag(&d, w, "\"1,5\" is not a whole number"));
	CHECK(has_diag(&d, NULL, "\"KAD\" is not a number"));
	CHECK(has_diag(&d, NULL, "did you mean \"Sở Tư pháp\" (so-tu-phap)"));
	CHECK_MSG(d.warnings == 1, "%zu warnings: a bad cell is not also a wrong carry-over or sum",
	          d.warnings);
	CHECK(has_diag(&d, merged ? "'Biểu 06a'!C13 (UBND TP. Thủ Dầu Một, Số hồ sơ nhận giải quyết "
	               "› Tổng số)" : NULL, "the total 19034 differs from 19033, the sum of its parts (1996 + 15843 + 1141 + 53)"));
	/* A sum over rows with problems is not checked: it would only repeat them. */
	for (size_t i = 0; i < d.n; i++)
		CHECK_MSG(!strstr(d.v[i].msg, "this row says"), "%s", d.v[i].msg);
	if (!merged) {
		bool csv = false;
		for (size_t i = 0; i < d.n; i++)
			csv = csv || (!d.v[i].where && d.v[i].line == 11 && d.v[i].col == 4 &&
			              strstr(d.v[i].msg, "Sở Lao động, Thương binh và Xã hội, Số kỳ "
			                     "trước chuyển qua: \"1,5\""));
		CHECK_MSG(csv, "a CSV problem is located FILE:LINE:FIELD");
	}
	mb_imp_table_release(&t);
	mb_diags_release(&d);

	/* Good rows under a total that is off by one. */
	official_rows(s);
	ROW(s, 7, "", "TỔNG CỘNG", "", "3.202", "#26821");
	mb_diags_init(&d);
	read_table(m, &b, -1, &t, &d);
	CHECK(has_diag(&d, merged ? "'Biểu 06a'!D8 (TỔNG CỘNG, Số kỳ trước chuyển qua)" : NULL,
	               "this row says 3202, but the 5 units' rows it sums add up to 3201 (difference 1)"));
	CHECK_INT(d.n, 1);
	mb_imp_table_release(&t);
	mb_diags_release(&d);
	free_book(&b);
}

/* The 2018 form's one column for direct and postal files: read as direct. */
static void test_combined(const struct mb_model *m)
{
	struct mb_book b;
	struct mb_sheet *s = new_book(&b, "06a.xlsx", MB_BOOK_XLSX, "Biểu 06a");
	ROW(s, 0, "STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết");
	ROW(s, 1, "", "", "Số kỳ trước chuyển qua", "Số mới tiếp nhận", "", "Tổng số",
	    "Số hồ sơ đã giải quyết", "", "", "Số hồ sơ đang giải quyết");
	ROW(s, 2, "", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính công ích", "",
	    "Trước hạn", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn");
	add_merge(s, 0, 2, 0, 5);
	add_merge(s, 1, 3, 1, 4);
	add_merge(s, 1, 6, 1, 8);
	add_merge(s, 1, 9, 1, 10);
	ROW(s, 3, "#1", "Sở Y tế", "#10", "#100", "#20", "#130", "#50", "#60", "#0", "#19", "#1");
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_imp_table t;
	CHECK(read_table(m, &b, -1, &t, &d));
	CHECK_INT(mb_imp_col_of(&t, MB_COL_FIELD, MB_SF_RECV_DIRECT_POSTAL), 4);
	int u = mb_model_find_unit(m, "so-y-te");
	CHECK_INT(t.svc[u].recv_direct, 20);
	CHECK_INT(t.svc[u].recv_postal, 0);
	CHECK_INT(d.n, 0);
	print_diags(&d);
	mb_imp_table_release(&t);
	mb_diags_release(&d);
	free_book(&b);
}

/* ---- a scoring table --------------------------------------------------------- */

static void test_scores(const struct mb_model *m)
{
	struct mb_book b;
	struct mb_sheet *s = new_book(&b, "diem.xlsx", MB_BOOK_XLSX, "PAR 2023");
	ROW(s, 0, "BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023");
	ROW(s, 2, "TT", "Cơ quan, đơn vị", "1. Công tác chỉ đạo, điều hành (9,5)", "2",
	    "Cải cách thủ tục hành chính", "Lĩnh vực 4", "5. Cải cách chế độ công vụ",
	    "6 Cải cách tài chính công", "VII. Xây dựng và phát triển chính quyền điện tử, chính "
	    "quyền số", "tac-dong-cchc", "Tổng điểm", "Xếp hạng", "Xếp loại");
	ROW(s, 3, "", "Sở Nội vụ", "9,1", "#9.5", "#12", "10,25", "#13.0001", "KAD", "10,5", "20",
	    "=#84.3501", "#1", "Tốt");
	ROW(s, 4, "", "Sở Tư pháp", "8,9", "#9", "#11", "#10", "#13", "#9", "#10", "#20", "#90",
	    "#2");
	ROW(s, 5, "", "Ban Quản lý các khu công nghiệp", "", "", "", "", "", "", "", "", "71,35");
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_imp_table t;
	CHECK(read_table(m, &b, -2, &t, &d));
	CHECK_INT(t.index, mb_model_find_index(m, "par"));
	CHECK_INT(t.head.found, 9);
	CHECK(has_diag(&d, "'PAR 2023'!K5 (Sở Tư pháp, Tổng điểm)",
	               "the total 90 differs from 90.9, the sum of the areas"));
	CHECK_INT(d.errors, 0);
	mb_buf out;
	mb_buf_init(&out);
	mb_imp_json(m, &t, NULL, &out);
	const char *want =
		"{\n  \"scores\": [\n"
		"    {\n      \"unit\": \"so-noi-vu\",\n      \"criteria\": {\n"
		"        \"chi-dao-dieu-hanh\": 9.1,\n        \"cai-cach-the-che\": 9.5,\n"
		"        \"cai-cach-thu-tuc-hanh-chinh\": 12,\n        \"cai-cach-to-chuc-bo-may\": 10.25,\n"
		"        \"cai-cach-che-do-cong-vu\": 13.0001,\n        \"cai-cach-tai-chinh-cong\": null,\n"
		"        \"chinh-quyen-so\": 10.5,\n        \"tac-dong-cchc\": 20\n      },\n"
		"      \"rank\": 1\n    },\n";
	CHECK_MSG(!strncmp(out.data, want, strlen(want)), "got:\n%s", out.data);
	CHECK(strstr(out.data, "\"unit\": \"ban-quan-ly-cac-khu-cong-nghiep\",\n      \"total\": 71.35\n"));
	mb_buf_release(&out);
	mb_imp_table_release(&t);
	mb_diags_release(&d);

	/* An ambiguous number, a value above the maximum. */
	ROW(s, 3, "", "Sở Nội vụ", "1.510", "#10.5");
	mb_diags_init(&d);
	read_table(m, &b, mb_model_find_index(m, "par"), &t, &d);
	CHECK(has_diag(&d, "'PAR 2023'!C4 (Sở Nội vụ, 1. Công tác chỉ đạo, điều hành (9,5))",
	               "\"1.510\" can be read as 1510 (dot between thousands) or as 1.51"));
	CHECK(has_diag(&d, "'PAR 2023'!D4", "10.5 is above the maximum 10"));
	mb_imp_table_release(&t);
	mb_diags_release(&d);
	free_book(&b);
}

/* ---- units ---------------------------------------------------------------- */

static void test_units(const struct mb_model *m)
{
	struct mb_unit_names *n = mb_unit_names_new(m);
	int c[4];
	int pg = mb_model_find_unit(m, "huyen-phu-giao");
	struct mb_unit_ctx ctx = {0};
	mb_unit_ctx_enter(m, &ctx, &pg, 1);
	CHECK_INT(mb_unit_match(n, "UBND TP. Thủ Dầu Một", -1, NULL, c, 4), 1);
	CHECK_INT(c[0], mb_model_find_unit(m, "tp-thu-dau-mot"));
	CHECK_INT(mb_unit_match(n, "Sở Lao động, Thương binh và Xã hội", -1, NULL, c, 4), 1);
	CHECK_INT(c[0], mb_model_find_unit(m, "so-lao-dong-thuong-binh-va-xa-hoi"));
	/* "An Bình" is a phường of Dĩ An and a xã of Phú Giáo. */
	CHECK_INT(mb_unit_match(n, "An Bình", -1, NULL, c, 4), 2);
	CHECK_INT(c[0], mb_model_find_unit(m, "phuong-an-binh"));
	CHECK_INT(c[1], mb_model_find_unit(m, "xa-an-binh"));
	CHECK_INT(mb_unit_match(n, "An Bình", -1, &ctx, c, 4), 1);
	CHECK_INT(c[0], mb_model_find_unit(m, "xa-an-binh"));
	CHECK_INT(mb_unit_match(n, "Phường An Bình", -1, NULL, c, 4), 1);
	CHECK_INT(c[0], mb_model_find_unit(m, "phuong-an-binh"));
	CHECK_INT(mb_unit_match(n, "Sở Tư phap", -1, NULL, c, 4), 0);
	/* Entering a commune's district keeps nothing above it that is not its own. */
	int tdm = mb_model_find_unit(m, "tp-thu-dau-mot");
	mb_unit_ctx_enter(m, &ctx, &tdm, 1);
	CHECK_INT(ctx.n, 1);
	CHECK_INT(mb_unit_match(n, "An Bình", -1, &ctx, c, 4), 2);
	mb_unit_ctx_release(&ctx);
	mb_buf sug;
	mb_buf_init(&sug);
	CHECK_INT(mb_unit_suggest(n, "Sở Tư phap", -1, &sug), 1);
	CHECK_STR(sug.data, "\"Sở Tư pháp\" (so-tu-phap)");
	mb_buf_release(&sug);
	CHECK_INT(mb_group_match(m, "I. SỞ, BAN, NGÀNH"), 0);
	CHECK_INT(mb_group_match(m, "II. UBND CẤP HUYỆN"), 1);
	CHECK_INT(mb_group_match(m, "Khối UBND cấp xã"), 2);
	CHECK_INT(mb_group_match(m, "Sở Tư pháp"), -1);
	mb_unit_names_free(n);
}

int main(void)
{
	test_fold();
	test_cells();
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load("data", &d);
	if (m && !d.errors)
		mb_compute(m, &d);
	CHECK_MSG(m && d.errors == 0, "the sample data loads (run from the top of the tree)");
	if (m && !d.errors) {
		test_units(m);
		test_official(m, true);
		test_official(m, false);
		test_combined(m);
		test_scores(m);
	}
	mb_model_free(m);
	mb_diags_release(&d);
	return TEST_END();
}
