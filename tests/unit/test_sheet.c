/* test_sheet.c - the spreadsheet readers on files other programs wrote, and on hostile ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "publish.h"
#include "sheet.h"
#include "sheet_priv.h"

/*
 * The fixtures are written at test time by tests/sheets/make_fixtures.py
 * (openpyxl, LibreOffice, Python's csv and zipfile; see that file) into a
 * scratch folder.  With `bench FILE` the program times mb_book_read on
 * FILE instead (tests/bench/run.sh measures its peak memory).
 */

static char *dir; /* the fixtures */

static char *fixture(const char *name)
{
	return mb_strf("%s/%s", dir, name);
}

/* Reads a fixture; the caller releases both. */
static int read_fixture(const char *name, struct mb_book *b, struct mb_diags *d)
{
	char *path = fixture(name);
	mb_diags_init(d);
	int rc = mb_book_read(path, b, d);
	free(path);
	return rc;
}

/* The cell at an A1 reference, or NULL. */
static const struct mb_cell *at(const struct mb_sheet *s, const char *ref)
{
	size_t r, c;
	const char *end;
	if (sheet_parse_ref(ref, &r, &c, &end) != 0 || *end)
		return NULL;
	return mb_sheet_cell(s, r, c);
}

#define CHECK_CELL(s, ref, typ, formula, txt)                                              \
	do {                                                                               \
		const struct mb_cell *c_ = at((s), (ref));                                 \
		CHECK_MSG(c_ != NULL, "%s: cell %s is empty, want \"%s\"", (s)->name, ref, txt); \
		if (c_) {                                                                  \
			CHECK_MSG(c_->type == (typ), "%s!%s: type %d, want %d", (s)->name, ref, \
			          (int)c_->type, (int)(typ));                              \
			CHECK_MSG(c_->is_formula == (formula), "%s!%s: is_formula %d", (s)->name, \
			          ref, (int)c_->is_formula);                               \
			CHECK_STR(c_->text, txt);                                          \
		}                                                                          \
	} while (0)

#define CHECK_EMPTY(s, ref) CHECK_MSG(at((s), (ref)) == NULL, "%s!%s: want empty", (s)->name, ref)

/* A problem whose place starts with `where` (or, with line > 0, is at
 * LINE:COL) and whose message holds `words`. */
static bool has_diag(const struct mb_diags *d, const char *where, unsigned line, unsigned col,
                     const char *words)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct mb_diag *g = &d->v[i];
		if (g->sev != MB_ERROR || !strstr(g->msg, words))
			continue;
		if (line ? (!g->where && g->line == line && g->col == col)
		         : (where && g->where && strncmp(g->where, where, strlen(where)) == 0))
			return true;
	}
	return false;
}

static void print_diags(const struct mb_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  got: %s: %s: %s (%u:%u)\n", d->v[i].file,
		        d->v[i].where ? d->v[i].where : "-", d->v[i].msg, d->v[i].line, d->v[i].col);
}

#define CHECK_DIAG(d, where, line, col, words)                                           \
	do {                                                                             \
		bool ok_ = has_diag((d), (where), (line), (col), (words));               \
		CHECK_MSG(ok_, "no problem at %s %u:%u saying \"%s\"",                 \
		          (const char *)(where) ? (const char *)(where) : "-", line, col, words); \
		if (!ok_)                                                                \
			print_diags(d);                                                  \
	} while (0)

/* ---- references ---------------------------------------------------------- */

static void test_refs(void)
{
	char buf[16];
	static const struct {
		size_t r, c;
		const char *ref;
	} refs[] = {{0, 0, "A1"},     {36, 1, "B37"},    {0, 25, "Z1"},
	            {0, 26, "AA1"},   {0, 701, "ZZ1"},   {0, 702, "AAA1"},
	            {1048575, 16383, "XFD1048576"}};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		mb_cell_ref(buf, refs[i].r, refs[i].c);
		CHECK_STR(buf, refs[i].ref);
		size_t r = 99, c = 99;
		const char *end;
		CHECK_INT(sheet_parse_ref(refs[i].ref, &r, &c, &end), 0);
		CHECK_INT(r, refs[i].r);
		CHECK_INT(c, refs[i].c);
		CHECK(*end == '\0');
	}
	size_t r, c;
	const char *end;
	CHECK_INT(sheet_parse_ref("A0", &r, &c, &end), -2);
	CHECK_INT(sheet_parse_ref("A1048577", &r, &c, &end), -2);
	CHECK_INT(sheet_parse_ref("A99999999999999999999", &r, &c, &end), -2);
	CHECK_INT(sheet_parse_ref("XFE1", &r, &c, &end), -3);
	CHECK_INT(sheet_parse_ref("ABCD1", &r, &c, &end), -3);
	CHECK_INT(sheet_parse_ref("a1", &r, &c, &end), -1);
	CHECK_INT(sheet_parse_ref("1A", &r, &c, &end), -1);
	CHECK_INT(sheet_parse_ref("", &r, &c, &end), -1);
	CHECK_INT(sheet_parse_ref("B2:C3", &r, &c, &end), 0);
	CHECK_STR(end, ":C3");
	mb_cell_ref(buf, SIZE_MAX - 1, SIZE_MAX - 1); /* never written past 16 bytes */
	CHECK(strlen(buf) < 16);

	char *w = mb_cell_where("Biểu 06a", 36, 5);
	CHECK_STR(w, "'Biểu 06a'!F37");
	free(w);
	w = mb_cell_where("Sở 'A'", 0, SIZE_MAX);
	CHECK_STR(w, "'Sở ''A'''");
	free(w);
}

/* ---- the official form ------------------------------------------------------ */

static void check_merge(const struct mb_sheet *s, size_t r1, size_t c1, size_t r2, size_t c2)
{
	for (size_t i = 0; i < s->nmerges; i++) {
		const struct mb_merge *m = &s->merges[i];
		if (m->r1 == r1 && m->c1 == c1 && m->r2 == r2 && m->c2 == c2) {
			CHECK(true);
			return;
		}
	}
	CHECK_MSG(false, "%s: no merged range (%zu,%zu)-(%zu,%zu)", s->name, r1, c1, r2, c2);
}

/* What openpyxl wrote and what LibreOffice saved again share everything
 * but the formulas' values: openpyxl writes none, LibreOffice computes them. */
static void test_form(const char *name, bool computed)
{
	struct mb_book b;
	struct mb_diags d;
	int rc = read_fixture(name, &b, &d);
	CHECK_MSG(rc == 0, "%s: rc %d", name, rc);
	print_diags(&d);
	CHECK_INT(d.n, 0);
	CHECK(b.kind == MB_BOOK_XLSX);
	CHECK_STR(b.property, "services 2025-q1");
	CHECK_INT(b.nsheets, 2);
	if (b.nsheets != 2)
		goto out;
	const struct mb_sheet *s = &b.sheets[0];
	CHECK_STR(s->name, "Biểu 06a");
	CHECK(!s->hidden);
	CHECK_STR(b.sheets[1].name, "Danh mục");
	CHECK(b.sheets[1].hidden);
	CHECK_CELL(&b.sheets[1], "A2", MB_CELL_TEXT, false, "Sở Tư pháp");

	CHECK_INT(s->nrows, 25);
	CHECK_INT(s->nmerges, 11);
	check_merge(s, 0, 0, 0, 3);   /* A1:D1 */
	check_merge(s, 2, 0, 2, 12);  /* A3:M3, the title */
	check_merge(s, 3, 0, 5, 0);   /* STT, three rows */
	check_merge(s, 3, 2, 3, 5);   /* Số hồ sơ nhận giải quyết */
	check_merge(s, 4, 2, 5, 2);   /* Tổng số, two rows */
	check_merge(s, 4, 3, 4, 5);   /* Trong đó */
	check_merge(s, 4, 10, 4, 12); /* Số hồ sơ đang giải quyết */

	CHECK_CELL(s, "A1", MB_CELL_TEXT, false, "UBND TỈNH BÌNH DƯƠNG");
	CHECK_EMPTY(s, "B1");
	CHECK_CELL(s, "A3", MB_CELL_TEXT, false,
	           "TỔNG HỢP TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC QUÝ I NĂM 2025");
	CHECK_CELL(s, "C4", MB_CELL_TEXT, false, "Số hồ sơ nhận giải quyết");
	CHECK_EMPTY(s, "D4");
	CHECK_CELL(s, "D5", MB_CELL_TEXT, false, "Trong đó");
	CHECK_CELL(s, "D6", MB_CELL_TEXT, false, "Số kỳ trước chuyển qua");
	CHECK_CELL(s, "F6", MB_CELL_TEXT, false, "Trực tiếp, dịch vụ bưu chính");
	CHECK_CELL(s, "M6", MB_CELL_TEXT, false, "Quá hạn");
	CHECK_CELL(s, "C7", MB_CELL_TEXT, false, "(3)=(4)+(5)+(6)");
	CHECK_CELL(s, "A8", MB_CELL_TEXT, false, "I");
	CHECK_CELL(s, "B8", MB_CELL_TEXT, false, "SỞ, BAN, NGÀNH");
	CHECK_CELL(s, "A9", MB_CELL_NUMBER, false, "1");
	CHECK_CELL(s, "B9", MB_CELL_TEXT, false, "Sở Tư pháp");
	CHECK_CELL(s, "D9", MB_CELL_NUMBER, false, "52");
	CHECK_CELL(s, "E9", MB_CELL_NUMBER, false, "1200");
	CHECK_CELL(s, "E10", MB_CELL_TEXT, false, "1.510"); /* a number stored as text */
	CHECK_CELL(s, "F11", MB_CELL_TEXT, false, "-");
	CHECK_CELL(s, "B13", MB_CELL_TEXT, false, "UBND thành phố Thủ Dầu Một");
	CHECK_EMPTY(s, "A15");
	CHECK_CELL(s, "B15", MB_CELL_TEXT, false, "Huyện Dầu Tiếng");
	CHECK_CELL(s, "B16", MB_CELL_TEXT, false, "- Xã Định An");
	CHECK_CELL(s, "B18", MB_CELL_TEXT, false, "TỔNG CỘNG");
	CHECK_INT(s->rows[18].ncells, 0); /* the blank row under the total */
	CHECK_CELL(s, "A20", MB_CELL_TEXT, false,
	           "Ghi chú: Số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC tỉnh.");
	CHECK_CELL(s, "I24", MB_CELL_TEXT, false, "Nguyễn Thị Hồng Nhung");
	CHECK_CELL(s, "I25", MB_CELL_NUMBER, false, "88.78");
	CHECK(mb_sheet_cell(s, 25, 0) == NULL);
	CHECK(mb_sheet_cell(s, 0, 13) == NULL);
	CHECK(mb_sheet_cell(s, SIZE_MAX, SIZE_MAX) == NULL);
	for (size_t r = 0; r < s->nrows; r++)
		CHECK_INT(s->rows[r].line, 0);
	if (computed) {
		CHECK_CELL(s, "C9", MB_CELL_NUMBER, true, "1552");
		CHECK_CELL(s, "K13", MB_CELL_NUMBER, true, "200");
		/* "-" + numbers: LibreOffice's own error value. */
		CHECK_CELL(s, "C11", MB_CELL_ERROR, true, "#VALUE!");
		CHECK_CELL(s, "D18", MB_CELL_NUMBER, true, "182");
		CHECK_CELL(s, "M18", MB_CELL_NUMBER, true, "12");
	} else {
		/* Formulas without a value: empty, but kept and marked. */
		CHECK_EMPTY(s, "C9");
		CHECK_EMPTY(s, "D18");
		CHECK(s->rows[8].ncells == 13 && s->rows[8].cells[2].is_formula &&
		      s->rows[8].cells[2].type == MB_CELL_EMPTY);
		CHECK(s->rows[17].ncells == 13 && s->rows[17].cells[12].is_formula);
	}
out:
	mb_diags_release(&d);
	mb_book_release(&b);
}

/* ---- other producers' XML ------------------------------------------------------ */

static void test_handmade(void)
{
	struct mb_book b;
	struct mb_diags d;
	int rc = read_fixture("handmade.xlsx", &b, &d);
	CHECK_INT(rc, 0);
	print_diags(&d);
	CHECK(b.property == NULL);
	CHECK_INT(b.nsheets, 3);
	if (b.nsheets != 3)
		goto out;
	const struct mb_sheet *s = &b.sheets[0];
	CHECK_STR(s->name, "Dữ liệu");
	CHECK_STR(b.sheets[1].name, "Ẩn");
	CHECK(b.sheets[1].hidden); /* veryHidden */
	/* Its part is found through "../" and "%20" in the relationship. */
	CHECK_CELL(&b.sheets[1], "B2", MB_CELL_NUMBER, false, "5");
	CHECK_STR(b.sheets[2].name, "Biểu đồ"); /* a chart sheet: no cells */
	CHECK_INT(b.sheets[2].nrows, 0);

	CHECK_CELL(s, "A1", MB_CELL_TEXT, false, "Sở Tư pháp");
	/* Rich text runs joined; the phonetic run left out. */
	CHECK_CELL(s, "B1", MB_CELL_TEXT, false, "Số hồ sơ đã giải quyết");
	CHECK_CELL(s, "C1", MB_CELL_TEXT, false, "Chuỗi trực tiếp");
	CHECK_CELL(s, "D1", MB_CELL_TEXT, false, "Phần nghiêng");
	CHECK_CELL(s, "A2", MB_CELL_BOOL, false, "1");
	CHECK_CELL(s, "B2", MB_CELL_BOOL, false, "0");
	CHECK_CELL(s, "C2", MB_CELL_ERROR, false, "#DIV/0!");
	CHECK_CELL(s, "D2", MB_CELL_ERROR, true, "#N/A");
	CHECK_CELL(s, "A3", MB_CELL_NUMBER, false, "1E-3");
	CHECK_CELL(s, "B3", MB_CELL_NUMBER, false, "-12.5");
	CHECK_CELL(s, "C3", MB_CELL_TEXT, true, "Sở Tư pháp!");
	CHECK_CELL(s, "D3", MB_CELL_NUMBER, true, "-12.499");
	CHECK_CELL(s, "E3", MB_CELL_TEXT, false, "2025-03-31T00:00:00");
	CHECK_EMPTY(s, "F3"); /* a formula without a value */
	CHECK(s->nrows > 2 && s->rows[2].ncells == 6 && s->rows[2].cells[5].is_formula);
	/* A row and cells without r=: row 4, columns A, B, C. */
	CHECK_CELL(s, "A4", MB_CELL_TEXT, false, "Dòng 1\r\nDòng 2 _x0041_");
	CHECK_CELL(s, "B4", MB_CELL_NUMBER, false, "7");
	CHECK_CELL(s, "C4", MB_CELL_TEXT, false, "Ủy ban nhân dân"); /* NFD made NFC */
	CHECK_INT(s->rows[4].ncells, 0);
	CHECK_EMPTY(s, "B6"); /* "" is empty */
	CHECK_CELL(s, "C6", MB_CELL_TEXT, false, "emoji \xF0\x9F\x98\x80 and _xZZZZ_");
	CHECK_INT(s->rows[5].ncells, 3); /* E6, styled but empty, dropped */
	CHECK_INT(s->nrows, 6);          /* row 9, empty, dropped */
	CHECK_INT(s->nmerges, 2);
	check_merge(s, 0, 0, 1, 1);
	check_merge(s, 6, 2, 8, 3); /* written "D9:C7" */
out:
	mb_diags_release(&d);
	mb_book_release(&b);
}

static void test_producers(void)
{
	struct mb_book b;
	struct mb_diags d;
	CHECK_INT(read_fixture("write-only.xlsx", &b, &d), 0);
	print_diags(&d);
	if (b.nsheets == 1) {
		const struct mb_sheet *s = &b.sheets[0];
		CHECK_STR(s->name, "Xuất dữ liệu");
		CHECK_CELL(s, "B2", MB_CELL_TEXT, false, "UBND xã An Tây"); /* inline string */
		CHECK_CELL(s, "C2", MB_CELL_NUMBER, false, "1510");
		CHECK_CELL(s, "C3", MB_CELL_NUMBER, false, "0.5");
	}
	mb_diags_release(&d);
	mb_book_release(&b);

	CHECK_INT(read_fixture("prefixed.xlsx", &b, &d), 0);
	print_diags(&d);
	CHECK_STR(b.property, "index par 2023"); /* name matched without regard to case */
	CHECK_INT(b.nsheets, 1);
	if (b.nsheets == 1) {
		const struct mb_sheet *s = &b.sheets[0];
		CHECK_STR(s->name, "Báo cáo");
		CHECK_CELL(s, "A1", MB_CELL_TEXT, false, "Đơn vị");
		CHECK_CELL(s, "B1", MB_CELL_TEXT, false, "Số lượng");
		CHECK_CELL(s, "A2", MB_CELL_TEXT, false, "Sở Nội vụ");
		CHECK_CELL(s, "B2", MB_CELL_NUMBER, false, "42");
		CHECK_INT(s->nrows, 2); /* another namespace's <c> is no cell */
		CHECK_INT(s->nmerges, 1);
		check_merge(s, 2, 0, 2, 1);
	}
	mb_diags_release(&d);
	mb_book_release(&b);

	CHECK_INT(read_fixture("strict.xlsx", &b, &d), 0);
	print_diags(&d);
	if (b.nsheets == 1) {
		CHECK_STR(b.sheets[0].name, "Strict");
		CHECK_CELL(&b.sheets[0], "A1", MB_CELL_TEXT, false, "Chặt chẽ");
		CHECK_CELL(&b.sheets[0], "B1", MB_CELL_NUMBER, false, "3.25");
	}
	mb_diags_release(&d);
	mb_book_release(&b);
}

/* ---- CSV -------------------------------------------------------------------- */

static void test_csv(const char *name, const char *sheet)
{
	struct mb_book b;
	struct mb_diags d;
	int rc = read_fixture(name, &b, &d);
	CHECK_MSG(rc == 0, "%s: rc %d", name, rc);
	print_diags(&d);
	CHECK(b.kind == MB_BOOK_CSV);
	CHECK(b.property == NULL);
	CHECK_INT(b.nsheets, 1);
	if (b.nsheets != 1)
		goto out;
	const struct mb_sheet *s = &b.sheets[0];
	CHECK_STR(s->name, sheet);
	CHECK_INT(s->nmerges, 0);
	CHECK_INT(s->nrows, 20);
	if (s->nrows != 20)
		goto out;
	CHECK_CELL(s, "A1", MB_CELL_TEXT, false, "UBND TỈNH BÌNH DƯƠNG");
	CHECK_INT(s->rows[0].ncells, 1); /* the padding separators are empty cells */
	/* A quoted line break: the record starts on line 4, the next on 6. */
	CHECK_CELL(s, "C4", MB_CELL_TEXT, false, "Số hồ sơ nhận\ngiải quyết");
	CHECK_CELL(s, "G4", MB_CELL_TEXT, false, "Kết quả giải quyết");
	CHECK_EMPTY(s, "D4");
	CHECK_INT(s->rows[2].line, 3);
	CHECK_INT(s->rows[3].line, 4);
	CHECK_INT(s->rows[4].line, 6);
	CHECK_INT(s->rows[19].line, 21);
	CHECK_CELL(s, "F6", MB_CELL_TEXT, false, "Trực tiếp, dịch vụ bưu chính");
	CHECK_CELL(s, "B8", MB_CELL_TEXT, false, "SỞ, BAN, NGÀNH");
	CHECK_CELL(s, "A9", MB_CELL_TEXT, false, "1");
	CHECK_CELL(s, "C9", MB_CELL_TEXT, false, "1.552");
	CHECK_CELL(s, "E10", MB_CELL_TEXT, false, "1.510");
	CHECK_CELL(s, "F11", MB_CELL_TEXT, false, "-");
	CHECK_CELL(s, "B15", MB_CELL_TEXT, false, "Huyện Dầu Tiếng");
	CHECK_CELL(s, "B17", MB_CELL_TEXT, false, "- Thị trấn Dầu Tiếng");
	CHECK_CELL(s, "B18", MB_CELL_TEXT, false, "TỔNG CỘNG");
	CHECK_CELL(s, "C18", MB_CELL_TEXT, false, "15.456");
	CHECK_CELL(s, "B20", MB_CELL_TEXT, false, "88,78");
	CHECK_INT(s->rows[19].ncells, 2);
out:
	mb_diags_release(&d);
	mb_book_release(&b);
}

/* ---- hostile files ---------------------------------------------------------------- */

/* The file is refused with a problem at where (or LINE:COL) saying words. */
static void refused(const char *name, const char *where, unsigned line, unsigned col,
                    const char *words)
{
	struct mb_book b;
	struct mb_diags d;
	int rc = read_fixture(name, &b, &d);
	CHECK_MSG(rc == -1, "%s: rc %d, want -1", name, rc);
	CHECK_DIAG(&d, where, line, col, words);
	for (size_t i = 0; i < d.n; i++) {
		char *want = fixture(name);
		CHECK_STR(d.v[i].file, want);
		free(want);
	}
	mb_diags_release(&d);
	mb_book_release(&b);
}

static void test_hostile(void)
{
	refused("bomb.xlsx", "xl/worksheets/sheet1.xml", 0, 0, "inflates to more than 128 MB");
	refused("bomb-lying.xlsx", "xl/worksheets/sheet1.xml", 0, 0, "inflates to more than 128 MB");
	refused("rows-1048577.xlsx", "'Sheet1'", 0, 0, "more than 1048576 rows");
	refused("malformed.xlsx", "xl/worksheets/sheet1.xml:3:", 0, 0,
	        "malformed XML in the part that holds sheet 'Sheet1' (mismatched tag)");
	refused("badtype.xlsx", "'Sheet1'!A1", 0, 0, "the type \"zz\", which does not exist");
	refused("badtype.xlsx", "'Sheet1'!C2", 0, 0, "holds \"abc\"");
	refused("badtype.xlsx", "'Sheet1'!D2", 0, 0, "shared text \"7\", which does not exist");
	refused("badtype.xlsx", "'Sheet1'!E2", 0, 0, "true/false cell but holds \"2\"");
	refused("badref.xlsx", "'Sheet1'", 0, 0, "\"A0\", which is not valid: its row");
	refused("badref.xlsx", "'Sheet1'", 0, 0, "\"XFE2\", which is not valid: its column");
	refused("badref.xlsx", "'Sheet1'", 0, 0, "\"A1:XFE3\"");
	refused("badref.xlsx", "'Sheet1'", 0, 0, "row number \"1048577\"");
	refused("badref.xlsx", "'Sheet1'!B4", 0, 0, "written inside row 3");
	refused("doctype.xlsx", "xl/workbook.xml:1:", 0, 0, "DOCTYPE");
	refused("deep.xlsx", "xl/worksheets/sheet1.xml:1:", 0, 0, "nests more than 256");
	refused("missing-part.xlsx", "'Mất'", 0, 0, "\"xl/worksheets/sheet1.xml\" is missing");
	refused("missing-part.xlsx", "xl/sharedStrings.xml", 0, 0, "is missing");
	refused("no-workbook.xlsx", "", 0, 0, "not an Excel workbook");
	refused("opendocument.ods", "", 0, 0, "OpenDocument spreadsheet");
	refused("truncated.xlsx", "", 0, 0, "damaged or incomplete");
	refused("damaged.xlsx", "xl/worksheets/sheet1.xml", 0, 0, "cannot be read");
	refused("notzip.xlsx", "", 0, 0, "not an Excel workbook");
	refused("webpage.xls", "", 0, 0, "web page (HTML)");
	refused("encrypted.xlsx", "", 0, 0, "protected by a password");
	refused("empty.xlsx", "", 0, 0, "the file is empty");
	refused("empty.csv", "", 0, 0, "the file is empty");
	refused("bad-bytes.csv", NULL, 3, 4,
	        "byte 0x81 is not a character in Windows-1258 (and the text stops being UTF-8 at "
	        "line 2, column 4)");
	refused("nul.csv", NULL, 2, 4, "NUL byte");
	refused("unterminated.csv", NULL, 2, 3, "this quoted field is never closed");
	refused("stray-quote.csv", NULL, 2, 6, "a quote (\") inside a field");
	refused("no-such-file.csv", "", 0, 0, "cannot open the file: No such file or directory");
	refused("lo", "", 0, 0, "is a folder");

	/* At the limits, not past them. */
	struct mb_book b;
	struct mb_diags d;
	CHECK_INT(read_fixture("rows-1048576.xlsx", &b, &d), 0);
	print_diags(&d);
	if (b.nsheets == 1) {
		CHECK_INT(b.sheets[0].nrows, 1048576);
		CHECK_CELL(&b.sheets[0], "A1048576", MB_CELL_NUMBER, false, "1");
	}
	mb_diags_release(&d);
	mb_book_release(&b);
	CHECK_INT(read_fixture("lastrow.xlsx", &b, &d), 0);
	print_diags(&d);
	if (b.nsheets == 1) {
		CHECK_INT(b.sheets[0].nrows, 1048576);
		CHECK_CELL(&b.sheets[0], "XFD1048576", MB_CELL_NUMBER, false, "5");
	}
	mb_diags_release(&d);
	mb_book_release(&b);
}

/* Bytes that are not a file: the memory entry point, and a CSV's limits. */
static void test_memory(void)
{
	struct mb_book b;
	struct mb_diags d;
	mb_diags_init(&d);
	const char text[] = "a\tb\tc\r\n1\t\"x\ty\"\t3\r\n\r\n4";
	CHECK_INT(mb_book_read_mem("dir.v2/bang.tam.tsv", text, sizeof text - 1, &b, &d), 0);
	if (b.nsheets == 1) {
		const struct mb_sheet *s = &b.sheets[0];
		CHECK_STR(s->name, "bang.tam");
		CHECK_INT(s->nrows, 4);
		CHECK_CELL(s, "B2", MB_CELL_TEXT, false, "x\ty");
		CHECK_INT(s->rows[2].ncells, 0); /* a blank line is an empty row */
		CHECK_INT(s->rows[3].line, 4);
		CHECK_CELL(s, "A4", MB_CELL_TEXT, false, "4");
	}
	mb_book_release(&b);
	mb_diags_release(&d);

	/* A line of 16,385 fields, one too many. */
	mb_buf wide;
	mb_buf_init(&wide);
	mb_buf_puts(&wide, "x\n");
	for (int i = 0; i < MB_SHEET_MAX_COLS; i++)
		mb_buf_puts(&wide, "1,");
	mb_buf_puts(&wide, "1\n");
	mb_diags_init(&d);
	CHECK_INT(mb_book_read_mem("wide.csv", wide.data, wide.len, &b, &d), -1);
	CHECK_DIAG(&d, NULL, 2, 1, "more than 16384 fields");
	mb_book_release(&b);
	mb_diags_release(&d);
	mb_buf_release(&wide);

	/* Old Mac line ends (a lone CR) count as lines too. */
	const char mac[] = "a;b\r1;2\r\r3;\"4\r5\"\r6;7";
	mb_diags_init(&d);
	CHECK_INT(mb_book_read_mem("mac.csv", mac, sizeof mac - 1, &b, &d), 0);
	if (b.nsheets == 1) {
		const struct mb_sheet *s = &b.sheets[0];
		CHECK_INT(s->nrows, 5);
		CHECK_CELL(s, "B4", MB_CELL_TEXT, false, "4\r5");
		CHECK_INT(s->rows[3].line, 4);
		CHECK_INT(s->rows[4].line, 6);
	}
	mb_book_release(&b);
	mb_diags_release(&d);
}

/* ---- bench ---------------------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One read of path: wall time, rows and filled cells (tests/bench/run.sh
 * runs this under its peak-memory measurement). */
static int bench(const char *path)
{
	struct mb_book b;
	struct mb_diags d;
	mb_diags_init(&d);
	double t0 = now();
	int rc = mb_book_read(path, &b, &d);
	double t = now() - t0;
	mb_diags_print(&d, false);
	size_t rows = 0, cells = 0;
	for (size_t i = 0; i < b.nsheets; i++) {
		rows += b.sheets[i].nrows;
		for (size_t r = 0; r < b.sheets[i].nrows; r++)
			for (size_t c = 0; c < b.sheets[i].rows[r].ncells; c++)
				cells += b.sheets[i].rows[r].cells[c].type != MB_CELL_EMPTY;
	}
	printf("mb_book_read %s: %.1f ms, %zu sheets, %zu rows, %zu filled cells\n", path, t * 1e3,
	       b.nsheets, rows, cells);
	mb_book_release(&b);
	mb_diags_release(&d);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "bench") == 0)
		return bench(argv[2]);
	test_refs();
	test_memory();
	char tmpl[] = "/tmp/minhbach-sheet-XXXXXX";
	dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return TEST_END();
	/* Fails, never skips, without openpyxl or LibreOffice: both are in TEST_DEBS. */
	char *cmd = mb_strf("/usr/bin/python3 tests/sheets/make_fixtures.py %s", dir);
	int rc = system(cmd);
	free(cmd);
	CHECK_MSG(rc == 0, "tests/sheets/make_fixtures.py failed (exit %d): it needs "
	          "python3-openpyxl and libreoffice-calc-nogui", rc);
	if (rc == 0) {
		test_form("bieu06a.xlsx", false);
		test_form("lo/bieu06a.xlsx", true);
		test_handmade();
		test_producers();
		test_csv("bieu06a-utf8.csv", "bieu06a-utf8");
		test_csv("bieu06a-bom.csv", "bieu06a-bom");
		test_csv("bieu06a-1258.csv", "bieu06a-1258");
		test_csv("bieu06a-comma.csv", "bieu06a-comma");
		test_csv("bieu06a-unicode.txt", "bieu06a-unicode");
		test_hostile();
	}
	mb_remove_tree(dir);
	return TEST_END();
}
