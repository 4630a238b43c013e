/* test_downloads.c - CSV escaping, formula neutralising, sheet names, checksums, tables, zip level. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "dl.h"
#include "dl_sheet.h"
#include "indir.h"
#include "sha256.h"
#include "harness.h"

static char *csv(const char *s)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_dl_csv_field(&b, s);
	char *out = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return out;
}

#define CHECK_CSV(in, want)                                                       \
	do {                                                                      \
		char *got_ = csv(in);                                             \
		CHECK_STR(got_, want);                                            \
		free(got_);                                                       \
	} while (0)

static void test_csv_field(void)
{
	CHECK_CSV("Sở Tư pháp", "Sở Tư pháp");
	CHECK_CSV("", "");
	CHECK_CSV("Sở, ban, ngành", "\"Sở, ban, ngành\"");
	CHECK_CSV("Nói \"không\"", "\"Nói \"\"không\"\"\"");
	CHECK_CSV("a\nb", "\"a\nb\"");
	CHECK_CSV("a\r\nb", "\"a\r\nb\"");
	CHECK_CSV("\"", "\"\"\"\"");
	/* Text a spreadsheet would run as a formula gets an apostrophe. */
	CHECK_CSV("=1+1", "'=1+1");
	CHECK_CSV("+1", "'+1");
	CHECK_CSV("-1", "'-1");
	CHECK_CSV("@SUM(A1)", "'@SUM(A1)");
	CHECK_CSV("\tx", "'\tx");
	CHECK_CSV("\rx", "\"'\rx\"");
	CHECK_CSV("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	/* Only the first character matters. */
	CHECK_CSV("a=b", "a=b");
	CHECK_CSV("UBND - xã", "UBND - xã");
}

static void test_csv_number(void)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_dl_csv_number(&b, MB_DL_POINTS, 876400);
	CHECK_STR(b.data, "87.64");
	mb_buf_reset(&b);
	mb_dl_csv_number(&b, MB_DL_POINTS, 90725);
	CHECK_STR(b.data, "9.0725");
	mb_buf_reset(&b);
	/* Every percentage and rate on one scale: percent, the page's two decimals. */
	mb_dl_csv_number(&b, MB_DL_PERCENT, 8133);
	CHECK_STR(b.data, "81.33");
	mb_buf_reset(&b);
	mb_dl_csv_number(&b, MB_DL_RATE, 9915);
	CHECK_STR(b.data, "99.15");
	mb_buf_reset(&b);
	mb_dl_csv_number(&b, MB_DL_RATE, 10000);
	CHECK_STR(b.data, "100");
	mb_buf_reset(&b);
	/* A negative number stays a number: only text is neutralised. */
	mb_dl_csv_number(&b, MB_DL_CHANGE, -4);
	CHECK_STR(b.data, "-4");
	mb_buf_release(&b);
}

#define CHECK_NAME(names, in, want)                                               \
	do {                                                                      \
		char *got_ = mb_dl_sheet_name(names, in);                         \
		CHECK_STR(got_, want);                                            \
		free(got_);                                                       \
	} while (0)

static void test_sheet_names(void)
{
	struct mb_dl_names n;
	mb_dl_names_init(&n);
	CHECK_NAME(&n, "Sở, ban, ngành", "Sở, ban, ngành");
	CHECK_NAME(&n, "Sở/ngành: [A]*?", "Sở-ngành- (A)");
	CHECK_NAME(&n, "a\\b", "a-b");
	CHECK_NAME(&n, "'trích dẫn'", "trích dẫn");
	CHECK_NAME(&n, "  nhiều   khoảng  ", "nhiều khoảng");
	CHECK_NAME(&n, "tab\there", "tab here");
	CHECK_NAME(&n, "", "Trang tính");
	CHECK_NAME(&n, "*?", "Trang tính (2)");
	/* Excel's limit is 31 characters, not bytes. */
	CHECK_NAME(&n, "Biểu đồ PAR INDEX - UBND cấp huyện", "Biểu đồ PAR INDEX - UBND cấp hu");
	CHECK_INT(mb_dl_utf8_len("Biểu đồ PAR INDEX - UBND cấp hu"), 31);
	/* Unique regardless of case, in Vietnamese too. */
	CHECK_NAME(&n, "UBND cấp xã", "UBND cấp xã");
	CHECK_NAME(&n, "UBND CẤP XÃ", "UBND CẤP XÃ (2)");
	CHECK_NAME(&n, "ubnd cấp xã", "ubnd cấp xã (3)");
	/* A truncated name that clashes is cut further to fit the suffix. */
	CHECK_NAME(&n, "Biểu đồ PAR INDEX - UBND cấp huyện mới",
	           "Biểu đồ PAR INDEX - UBND cấ (2)");
	CHECK_NAME(&n, "History", "History (2)");
	CHECK_NAME(&n, "HISTORY", "HISTORY (3)");
	/* Deterministic: the same sequence gives the same names. */
	struct mb_dl_names m;
	mb_dl_names_init(&m);
	CHECK_NAME(&m, "UBND CẤP XÃ", "UBND CẤP XÃ");
	CHECK_NAME(&m, "UBND cấp xã", "UBND cấp xã (2)");
	mb_dl_names_release(&m);
	mb_dl_names_release(&n);
}

static void test_sha256(void)
{
	char hex[65];
	mb_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	mb_sha256_hex("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	char path[] = "/tmp/mb-test-dl-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "abc", 3) == 3);
	close(fd);
	size_t size = 0;
	CHECK_INT(mb_sha256_file(path, hex, &size), 0);
	CHECK_INT(size, 3);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	unlink(path);
	CHECK_INT(mb_sha256_file(path, hex, &size), -1);
}

/*
 * Workbooks are deflated at zlib's level 2 (src/xlsx_level.c), which works
 * only if the program exports its zipOpenNewFileInZip4_64 (the Makefile's
 * link flags).  minizip records a level 2 in each member's general purpose
 * flags as "fast" (bits 1-2 = 10, i.e. 4); level 6 leaves them 0.
 */
static void test_zip_level(void)
{
	char path[] = "/tmp/mb-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	CHECK(wb != NULL);
	if (!wb)
		return;
	worksheet_write_string(workbook_add_worksheet(wb, NULL), 0, 0, "Sở Tư pháp", NULL);
	CHECK_INT(workbook_close(wb), LXW_NO_ERROR);
	unsigned char h[8] = {0};
	FILE *f = fopen(path, "rb");
	CHECK(f && fread(h, 1, sizeof h, f) == sizeof h);
	if (f)
		fclose(f);
	unlink(path);
	CHECK(memcmp(h, "PK\3\4", 4) == 0);
	CHECK_INT((h[6] | h[7] << 8) & 6, 4);
}

/* CRLF-terminated lines in s. */
static size_t lines(const char *s)
{
	size_t n = 0;
	for (; (s = strstr(s, "\r\n")) != NULL; s += 2)
		n++;
	return n;
}

/*
 * A hand-built model: one group, two units (one named like a formula), one
 * index with an area of two criteria, one period; with services, two rows
 * of service figures.  Enough to check a whole CSV: header, BOM, CRLF,
 * exact decimals, empty cells for missing values.
 */
struct fixture {
	struct mb_model m;
	int gunits[2], kids[2], top[1], r0[1], r1[1], order[2];
	int *ranked[1];
	size_t nranked[1];
	struct mb_group g;
	struct mb_unit u[2];
	struct mb_criterion crit[3];
	struct mb_index ix;
	struct mb_val v0[3], v1[3];
	struct mb_score rows[2];
	struct mb_scoreset ss;
	struct mb_scoreset *sets[1];
	struct mb_service sv[2];
	struct mb_serviceset svs;
	struct mb_period per;
};

static void fixture_init(struct fixture *f, bool services)
{
	memset(f, 0, sizeof *f);
	f->gunits[0] = 0;
	f->gunits[1] = 1;
	f->g = (struct mb_group){"xa", "UBND cấp xã", f->gunits, 2, NULL, 0};
	f->u[0] = (struct mb_unit){.id = "xa-a", .name = "=HYPERLINK(\"http://x\",\"y\")", .group = 0,
	                           .parent = -1};
	f->u[1] = (struct mb_unit){.id = "xa-b", .name = "Xã B", .group = 0, .parent = 0};
	f->kids[0] = 1;
	f->kids[1] = 2;
	f->crit[0] = (struct mb_criterion){"khu-vuc", "Khu vực", "1", 100000, -1, 0, 0, f->kids, 2};
	f->crit[1] = (struct mb_criterion){"tc-a", "Tiêu chí A", "1.1", 60000, 0, 1, 0, NULL, 0};
	f->crit[2] = (struct mb_criterion){"tc-b", "Tiêu chí B", "1.2", 40000, 0, 1, 0, NULL, 0};
	f->ix = (struct mb_index){.id = "par", .name = "Chỉ số", .short_name = "PAR",
	                          .max = 100000, .crit = f->crit, .ncrit = 3, .top = f->top,
	                          .ntop = 1};
	f->v0[0] = (struct mb_val){MB_VAL_SET, 90725};
	f->v0[1] = (struct mb_val){MB_VAL_SET, 50725};
	f->v0[2] = (struct mb_val){MB_VAL_SET, 40000};
	f->v1[0] = (struct mb_val){MB_VAL_SET, 50000};
	f->v1[1] = (struct mb_val){MB_VAL_SET, 50000};
	f->v1[2] = (struct mb_val){MB_VAL_NA, 0};
	f->r0[0] = 1;
	f->r1[0] = 2;
	f->rows[0] = (struct mb_score){.unit = 0, .crit = f->v0, .total = 90725, .max = 100000,
	                               .percent = {true, 90725, 100000, 9073, 907250},
	                               .rank = 1, .band = -1, .prev_period = -1, .crit_rank = f->r0};
	f->rows[1] = (struct mb_score){.unit = 1, .crit = f->v1, .total = 50000, .max = 60000,
	                               .percent = {true, 50000, 60000, 8333, 833333},
	                               .rank = 2, .band = -1, .prev_period = -1, .crit_rank = f->r1};
	f->order[0] = 0;
	f->order[1] = 1;
	f->ranked[0] = f->order;
	f->nranked[0] = 2;
	f->ss = (struct mb_scoreset){.index = 0, .rows = f->rows, .nrows = 2, .ranked = f->ranked,
	                             .nranked = f->nranked};
	f->sets[0] = &f->ss;
	f->per = (struct mb_period){.id = "2023", .year = 2023, .label = "Năm 2023", .scores = f->sets};
	if (services) {
		for (int k = 0; k < 2; k++) {
			struct mb_service *s = &f->sv[k];
			s->unit = k;
			s->recv_online = 30 + k;
			s->recv_direct = 10;
			s->received = s->recv_online + s->recv_direct;
			s->on_time = 35;
			s->late = 5 + k;
			s->resolved = s->on_time + s->late;
			s->resolved_on_time = s->on_time;
			s->rate[MB_RATE_ON_TIME] = (struct mb_ratio){true, 35, s->resolved, 0, 0};
			s->rate[MB_RATE_ONLINE] = (struct mb_ratio){true, s->recv_online, s->received, 0, 0};
			for (int r = 0; r < MB_RATE_COUNT; r++)
				s->met[r] = -1;
		}
		f->svs.rows = f->sv;
		f->svs.nrows = 2;
		f->per.services = &f->svs;
	}
	f->m.groups = &f->g;
	f->m.ngroups = 1;
	f->m.units = f->u;
	f->m.nunits = 2;
	f->m.indices = &f->ix;
	f->m.nindices = 1;
	f->m.periods = &f->per;
	f->m.nperiods = 1;
}

static void test_csv_table(void)
{
	struct fixture fx;
	fixture_init(&fx, false);
	struct mb_model m = fx.m;
	struct mb_dl_ctx c;
	mb_dl_ctx_init(&c, &m);
	CHECK_STR(c.crit_title[0][2], "1.2. Tiêu chí B");
	CHECK_STR(c.created, "2023-12-31");
	struct mb_dl_table t;
	mb_dl_table_ranking(&t, &c, 0, 0, -1);
	mb_buf b;
	mb_buf_init(&b);
	mb_dl_csv_table(&b, &t);
	const char *want =
		"\xEF\xBB\xBF"
		"ky,ma_nhom,nhom,xep_hang,ma_don_vi,don_vi,ma_don_vi_cap_tren,don_vi_cap_tren,"
		"phan_tram,tong_diem,diem_toi_da,xep_loai,ky_so_sanh,xep_hang_ky_truoc,"
		"thay_doi_xep_hang,khu-vuc,tc-a,tc-b,xep_hang_khu-vuc\r\n"
		"2023,xa,UBND cấp xã,1,xa-a,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,,"
		"90.73,9.0725,10,,,,,9.0725,5.0725,4,1\r\n"
		"2023,xa,UBND cấp xã,2,xa-b,Xã B,xa-a,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
		"83.33,5,6,,,,,5,5,,2\r\n";
	CHECK_STR(b.data, want);

	/* The dictionary gets one entry per column, once per table. */
	struct mb_downloads d = {0};
	mb_dl_dict_add(&d, &t);
	mb_dl_dict_add(&d, &t);
	CHECK_INT(d.ndict, t.ncols);
	CHECK_STR(d.dict[15].column, "khu-vuc");
	CHECK_STR(d.dict[3].type, "số nguyên");
	mb_downloads_release(&d);

	/* The same columns in a group's own sheet leave out period, group and ids. */
	struct mb_dl_table s;
	mb_dl_table_ranking(&s, &c, 0, 0, 0);
	CHECK_INT(s.ncols, t.ncols - 5);
	CHECK_STR(s.cols[0].title, "Xếp hạng");
	CHECK_STR(s.cols[s.ncols - 1].title, "Hạng 1. Khu vực");
	mb_dl_table_release(&s);

	/* The long format has one row per criterion value; not-applicable
	 * values have no row, and areas_only keeps the top level. */
	CHECK_INT(mb_dl_criterion_values(&m), 5);
	struct mb_dl_table l;
	mb_dl_table_criteria_long(&l, &c, false);
	mb_buf_reset(&b);
	mb_dl_csv_table(&b, &l);
	CHECK(strstr(b.data, "\r\n2023,par,UBND cấp xã,xa-b,Xã B,tc-a,1.1. Tiêu chí A,2,"
	                     "1. Khu vực,5,6,\r\n") != NULL);
	CHECK(strstr(b.data, "xa-b,Xã B,tc-b") == NULL);
	CHECK_INT(lines(b.data), 1 + 5);
	mb_dl_table_release(&l);
	mb_dl_table_criteria_long(&l, &c, true);
	mb_buf_reset(&b);
	mb_dl_csv_table(&b, &l);
	CHECK_INT(lines(b.data), 1 + 2);
	CHECK(strstr(b.data, "khu-vuc,1. Khu vực,1,1. Khu vực,5,10,2\r\n") != NULL);
	mb_dl_table_release(&l);

	/* Every figure of a ranking and of the services says what it counts
	 * where its column is defined: the long table's don_vi_tinh, whose
	 * column lists the words, one bit each. */
	struct mb_dl_table sv;
	mb_dl_table_services(&sv, &c, -1, false);
	for (size_t i = 0; i < t.ncols; i++)
		CHECK(!mb_dl_is_figure(t.cols[i].type) || mb_dl_unit_word(t.cols[i].unit));
	for (size_t i = 0; i < sv.ncols; i++)
		CHECK(!mb_dl_is_figure(sv.cols[i].type) || mb_dl_unit_word(sv.cols[i].unit));
	CHECK_STR(mb_dl_unit_word(t.cols[mb_dl_table_col(&t, MB_F_PERCENT)].unit), "%");
	CHECK_STR(mb_dl_unit_word(t.cols[mb_dl_table_col(&t, MB_F_CHANGE)].unit), "bậc");
	CHECK_STR(mb_dl_unit_word(t.cols[15].unit), "điểm");
	CHECK_STR(mb_dl_unit_word(sv.cols[mb_dl_table_col(&sv, MB_F_RECEIVED)].unit), "hồ sơ");
	CHECK_STR(mb_dl_unit_word(sv.cols[mb_dl_table_col(&sv, MB_F_PAY_AMOUNT)].unit), "đồng");
	CHECK_STR(mb_dl_unit_word(sv.cols[mb_dl_table_col(&sv, MB_F_RATE_CHANGE)].unit),
	          "điểm phần trăm");
	CHECK(mb_dl_unit_word(MB_U_NONE) == NULL);
	mb_dl_table_release(&sv);
	mb_dl_table_long(&l, &c);
	mb_buf_reset(&b);
	for (size_t i = 0; i < l.ncols; i++)
		mb_buf_printf(&b, "%s%s", i ? "," : "", l.cols[i].name);
	CHECK_STR(b.data, "ky,ma_don_vi,ma_nhom,chi_so,chi_tieu,gia_tri,don_vi_tinh");
	const struct mb_dl_col *unit = &l.cols[l.ncols - 1];
	int words = (1 << MB_U_PERCENT) | (1 << MB_U_PP) | (1 << MB_U_POINTS) | (1 << MB_U_RANK) |
	            (1 << MB_U_STEPS) | (1 << MB_U_FILES) | (1 << MB_U_PAYMENTS) |
	            (1 << MB_U_RESPONSES) | (1 << MB_U_VND);
	CHECK_INT(unit->arg, words);
	CHECK(strstr(unit->desc, "«hồ sơ»: số hồ sơ") != NULL);
	CHECK(strstr(unit->desc, "«đơn vị»") == NULL);
	mb_dl_table_release(&l);

	mb_buf_release(&b);
	mb_dl_table_release(&t);
	mb_dl_ctx_release(&c);
}

/*
 * Sheets of one workbook written in any order give the bytes of writing
 * them one after the other once their formats are numbered beforehand
 * (mb_dl_sheet_resolve), as tat-ca.xlsx's long tables are.  The ranking's
 * first unit has no result, so its percentage format is first used in the
 * ranking's last row (numbered when the workbook closes), after the
 * services' counts; writing the services first without numbering gives
 * other bytes, which shows the comparison can fail.
 */
enum order { SERIAL, RESOLVED_REVERSED, REVERSED };

static int write_two(const char *path, struct mb_dl_ctx *c, enum order how)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	if (!wb)
		return -1;
	struct mb_dl_fmts f;
	mb_dl_fmts_init(&f, wb);
	struct mb_dl_table t[2];
	mb_dl_table_ranking(&t[0], c, 0, 0, -1);
	mb_dl_table_services(&t[1], c, -1, false);
	double *w[2];
	size_t rows[2];
	lxw_worksheet *ws[2];
	for (int k = 0; k < 2; k++) {
		w[k] = mb_dl_measure(&t[k], &rows[k]);
		ws[k] = how == SERIAL ? NULL : workbook_add_worksheet(wb, k ? "Dịch vụ" : "Xếp hạng");
	}
	for (int k = 0; how == RESOLVED_REVERSED && k < 2; k++)
		mb_dl_sheet_resolve(&f, &t[k], rows[k]);
	for (int i = 0; i < 2; i++) {
		int k = how == SERIAL ? i : 1 - i;
		if (how == SERIAL)
			ws[k] = workbook_add_worksheet(wb, k ? "Dịch vụ" : "Xếp hạng");
		mb_dl_sheet_write(ws[k], &f, &t[k], w[k], MB_DL_SHEET_ROWS, false, 0);
	}
	int rc = workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
	for (int k = 0; k < 2; k++) {
		mb_dl_table_release(&t[k]);
		free(w[k]);
	}
	return rc;
}

static void test_sheet_order(void)
{
	struct fixture fx;
	fixture_init(&fx, true);
	fx.rows[0].percent.valid = false;
	struct mb_dl_ctx c;
	mb_dl_ctx_init(&c, &fx.m);
	char path[3][32];
	mb_buf bytes[3];
	for (int how = 0; how < 3; how++) {
		snprintf(path[how], sizeof path[how], "/tmp/mb-test-order-XXXXXX");
		int fd = mkstemp(path[how]);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
		CHECK_INT(write_two(path[how], &c, (enum order)how), 0);
		mb_buf_init(&bytes[how]);
		size_t size;
		CHECK(mb_read_regular(path[how], (size_t)1 << 24, &bytes[how], &size) == MB_IN_OK);
		unlink(path[how]);
	}
	const mb_buf *a = &bytes[SERIAL], *b = &bytes[RESOLVED_REVERSED], *r = &bytes[REVERSED];
	CHECK(a->len > 0);
	CHECK(b->len == a->len && memcmp(b->data, a->data, a->len) == 0);
	CHECK(r->len != a->len || memcmp(r->data, a->data, a->len) != 0);
	for (int how = 0; how < 3; how++)
		mb_buf_release(&bytes[how]);
	mb_dl_ctx_release(&c);
}

int main(void)
{
	test_csv_field();
	test_csv_number();
	test_sheet_names();
	test_sha256();
	test_zip_level();
	test_csv_table();
	test_sheet_order();
	return TEST_END();
}
