/* test_chart.c - chart module: layout arithmetic, fonts, PNG validity, determinism, golden images. */
#include <gd.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "buf.h"
#include "chart.h"
#include "chart_priv.h"
#include "harness.h"

/* Run from the project root: `./build/tests/test_chart` (tests), with
 * `bench` to time every chart type, or with MB_UPDATE_GOLDEN=1 in the
 * environment to rewrite the golden images after a deliberate change. */
#define GOLDEN_DIR "tests/golden/"

/* --- Fixtures --- */

static const struct mb_chart_band bands[] = {
	{"Nhóm A", 900000}, {"Nhóm B", 800000}, {"Nhóm C", 700000}, {"Nhóm D", 0},
};

static const char *const names[] = {
	"Sở Tư pháp", "UBND thị trấn Lai Uyên", "Ban Quản lý các khu công nghiệp",
	"Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội",
	"UBND thành phố Thủ Dầu Một", "Thanh tra tỉnh",
};
#define NNAMES (sizeof names / sizeof names[0])

static int band_of(int64_t pct2)
{
	return pct2 >= 9000 ? 0 : pct2 >= 8000 ? 1 : pct2 >= 7000 ? 2 : 3;
}

/* n rows from 95% down, with a tie at the top: caller frees. */
static struct mb_chart_rank_row *rank_rows(size_t n)
{
	struct mb_chart_rank_row *rows = mb_xcalloc(n ? n : 1, sizeof *rows);
	for (size_t i = 0; i < n; i++) {
		rows[i].name = names[i % NNAMES];
		rows[i].pct2 = 9500 - (int64_t)(i * 4000 / (n ? n : 1));
		rows[i].rank = (int)i + 1;
		rows[i].band = band_of(rows[i].pct2);
	}
	if (n > 1) {
		rows[1].pct2 = rows[0].pct2;
		rows[1].rank = 1;
		rows[1].band = rows[0].band;
	}
	return rows;
}

static const struct mb_chart_crit_row crit_rows[] = {
	{"Công tác chỉ đạo, điều hành", true, 81000, 95000, 8526, true, 72500, 1},
	{"Cải cách thể chế", true, 90700, 100000, 9070, true, 85000, 1},
	{"Cải cách tổ chức bộ máy hành chính nhà nước", true, 60000, 80000, 7500, true, 65000, -1},
	{"Cải cách tài chính công", false, 0, 85000, 0, false, 0, 0},
	{"Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", true, 130000, 160000,
	 8125, true, 120000, 1},
};
static const struct mb_chart_criteria crit = {
	"Điểm theo lĩnh vực, năm 2023", "Ban Quản lý các khu công nghiệp", NULL, crit_rows,
	sizeof crit_rows / sizeof crit_rows[0], "lĩnh vực",
};

static const struct mb_chart_trend_row trend_rows[] = {
	{"Năm 2021", true, 7123, 9, 17, 2},
	{"Năm 2022", false, 0, 0, 0, -1},
	{"Quý II/2023", true, 8345, 4, 18, 1},
	{"Năm 2023", true, 8878, 3, 17, 1},
};
static const struct mb_chart_trend trend = {
	"Kết quả qua các kỳ", "UBND thị trấn Lai Uyên", trend_rows, 4, bands, 4,
};

/* Rates in chart order: satisfaction, digitised, on time, online, payments. */
#define R(num, den, pct2, met) {true, num, den, pct2, met}
#define NONE {false, 0, 0, 0, -1}
static const struct mb_chart_service_row svc_rows[] = {
	{"Sở Tư pháp", {R(481, 500, 9620, 1), R(1400, 1510, 9272, 0), R(1400, 1412, 9915, 1),
	                R(1200, 1510, 7947, 0), NONE}},
	{"UBND thị trấn Lai Uyên", {R(88, 100, 8800, 0), R(10, 10, 10000, 1), R(10, 10, 10000, 1),
	                            NONE, R(5, 10, 5000, 1)}},
	{"UBND xã ư ơ đ ặ ỹ Ở Ự", {R(90, 100, 9000, 0), R(91, 100, 9100, 0), NONE,
	                          R(91, 200, 4550, 0), R(1, 2, 5000, 1)}},
	{"Sở Nội vụ", {R(99, 100, 9900, 1), R(20, 20, 10000, 1), R(20, 20, 10000, 1),
	               R(19, 20, 9500, 1), NONE}},
};
static const struct mb_chart_service svc = {
	.title = "Giải quyết hồ sơ – Quý II/2023", .subtitle = "Sở, ban, ngành",
	.rates = {
		{"Tỷ lệ hài lòng", "hài lòng", 950000, 4, 2, 2, 1, 9900},
		{"Tỷ lệ số hóa hồ sơ", "số hóa", 1000000, 4, 2, 2, 2, 10000},
		{"Tỷ lệ giải quyết đúng hạn", "đúng hạn", 990000, 3, 3, 0, 2, 10000},
		{"Tỷ lệ tiếp nhận trực tuyến", "trực tuyến", 800000, 3, 1, 2, 1, 9500},
		{"Tỷ lệ thanh toán trực tuyến", "thanh toán trực tuyến", -1, 2, 0, 0, 2, 5000},
	},
	.rows = svc_rows, .nrows = 4,
};

static const struct mb_chart_share share = {
	"Công khai kết quả cải cách hành chính tỉnh Bình Dương", "UBND tỉnh Bình Dương",
	"UBND thị trấn Lai Uyên", "Chỉ số cải cách hành chính", "Năm 2023", "UBND cấp huyện",
	8878, "Nhóm B", 1, 3, 17, true, 13, NULL, "Dữ liệu minh họa",
};

/* --- Layout arithmetic with a fake font: every codepoint is 10 px. --- */

static int fake_width(const void *ctx, const char *s, size_t n)
{
	(void)ctx;
	int cps = 0;
	for (size_t i = 0; i < n; i++)
		cps += ((unsigned char)s[i] & 0xC0) != 0x80;
	return cps * 10;
}

static const struct mb_chart_measure fake = {fake_width, NULL};

static void test_scale_and_ticks(void)
{
	CHECK_INT(mb_chart_scale_px(50, 100, 600), 300);
	CHECK_INT(mb_chart_scale_px(887800, 1000000, 672), 597);  /* 596.6 */
	CHECK_INT(mb_chart_scale_px(1, 2, 3), 2);                 /* 1.5 rounds up */
	CHECK_INT(mb_chart_scale_px(-5, 100, 600), 0);
	CHECK_INT(mb_chart_scale_px(150, 100, 600), 600);
	CHECK_INT(mb_chart_scale_px(0, 100, 600), 0);
	CHECK_INT(mb_chart_nice_step(100, 5), 20);
	CHECK_INT(mb_chart_nice_step(100, 4), 50);
	CHECK_INT(mb_chart_nice_step(100, 10), 10);
	CHECK_INT(mb_chart_nice_step(10600, 5), 5000);
	CHECK_INT(mb_chart_nice_step(7, 5), 2);
	CHECK_INT(mb_chart_nice_step(1, 5), 1);
	CHECK_INT(mb_chart_nice_step(0, 5), 1);
}

static void test_fit(void)
{
	struct mb_chart_span sp = mb_chart_fit(&fake, "abcdef", 6, 60);
	CHECK(sp.len == 6 && !sp.ellipsis);
	sp = mb_chart_fit(&fake, "abcdef", 6, 45);  /* "abc…" is 40 px, "abcd…" 50 */
	CHECK(sp.len == 3 && sp.ellipsis);
	sp = mb_chart_fit(&fake, "ab cdef", 7, 40);  /* "ab " + … : the space goes */
	CHECK(sp.len == 2 && sp.ellipsis);
	sp = mb_chart_fit(&fake, "ab - cd", 7, 50);  /* no "ab -…" */
	CHECK(sp.len == 2 && sp.ellipsis);
	const char *v = "ặặặặ";  /* 3 bytes each: cut between codepoints */
	sp = mb_chart_fit(&fake, v, strlen(v), 30);
	CHECK(sp.len == 6 && sp.ellipsis);
	sp = mb_chart_fit(&fake, "abc", 3, 5);  /* not even "…" fits */
	CHECK(sp.len == 0 && sp.ellipsis);
}

static void test_wrap(void)
{
	struct mb_chart_span l[3];
	const char *s = "Ban Quản lý các khu công nghiệp";
	int n = mb_chart_wrap(&fake, s, 150, 2, l);
	CHECK_INT(n, 2);
	CHECK(l[0].off == 0 && l[0].len == strlen("Ban Quản lý các") && !l[0].ellipsis);
	CHECK(!strncmp(s + l[1].off, "khu công nghiệp", l[1].len) &&
	      l[1].len == strlen("khu công nghiệp") && !l[1].ellipsis);
	n = mb_chart_wrap(&fake, s, 150, 1, l);  /* one line: cut with "…" */
	CHECK_INT(n, 1);
	CHECK(l[0].ellipsis && l[0].len == strlen("Ban Quản lý cá"));
	n = mb_chart_wrap(&fake, s, 1000, 2, l);  /* fits on one */
	CHECK(n == 1 && l[0].len == strlen(s) && !l[0].ellipsis);
	n = mb_chart_wrap(&fake, "abcdefghij", 50, 3, l);  /* a word longer than a line */
	CHECK(n == 2 && l[0].len == 5 && l[1].off == 5 && l[1].len == 5);
	CHECK_INT(mb_chart_wrap(&fake, "", 50, 2, l), 0);
	CHECK_INT(mb_chart_wrap(&fake, "   ", 50, 2, l), 0);
	n = mb_chart_wrap(&fake, "  ab  cd  ", 30, 3, l);  /* spaces never start a line */
	CHECK(n == 2 && l[0].off == 2 && l[0].len == 2 && l[1].off == 6 && l[1].len == 2);
}

static void test_reduce(void)
{
	size_t head, tail;
	mb_chart_keep(17, 40, 15, &head, &tail);
	CHECK(head == 17 && tail == 0);
	mb_chart_keep(40, 40, 15, &head, &tail);
	CHECK(head == 40 && tail == 0);
	mb_chart_keep(41, 40, 15, &head, &tail);
	CHECK(head == 15 && tail == 15);
	mb_chart_keep(10600, 40, 15, &head, &tail);
	CHECK(head == 15 && tail == 15);
	mb_chart_keep(0, 40, 15, &head, &tail);
	CHECK(head == 0 && tail == 0);

	struct mb_chart_rank_row *rows = rank_rows(10600);
	rows[5000].band = -1;  /* a unit without a band */
	struct mb_chart_ranking r = {NULL, NULL, rows, 10600, bands, 4};
	struct mb_chart_rank_plan p;
	mb_chart_rank_plan(&r, &p);
	CHECK(p.head == 15 && p.tail == 15 && p.omitted == 10570);
	size_t want[5] = {0};
	for (size_t i = 0; i < 10600; i++)
		want[rows[i].band < 0 ? 4 : rows[i].band]++;
	size_t sum = 0;
	for (int b = 0; b < 5; b++) {
		CHECK_INT(p.band_count[b], want[b]);
		sum += p.band_count[b];
	}
	CHECK_INT(sum, 10600);
	CHECK_INT(p.band_count[4], 1);
	mb_chart_rank_plan_release(&p);
	/* A rank shared across the cut: the cut moves back to where it changes. */
	rows[13].rank = rows[14].rank = rows[15].rank = 14;
	rows[10600 - 16].rank = rows[10600 - 15].rank = 10600 - 15;
	mb_chart_rank_plan(&r, &p);
	CHECK(p.head == 13 && p.tail == 14 && p.omitted == 10600 - 27);
	mb_chart_rank_plan_release(&p);
	r.nrows = 17;
	mb_chart_rank_plan(&r, &p);
	CHECK(p.head == 17 && p.tail == 0 && p.omitted == 0);
	mb_chart_rank_plan_release(&p);
	free(rows);
}

static void test_numbers(void)
{
	mb_buf b;
	mb_buf_init(&b);
	/* Charts write the digits compute rounded; they round nothing. */
	mb_chart_put_pct(&b, 8878);
	CHECK_STR(b.data, "88,78%");
	mb_buf_reset(&b);
	mb_chart_put_pct(&b, 10000);
	CHECK_STR(b.data, "100,00%");
	mb_buf_reset(&b);
	mb_chart_put_threshold(&b, 990000);
	CHECK_STR(b.data, "99%");
	mb_buf_reset(&b);
	mb_chart_put_threshold(&b, 991250);
	CHECK_STR(b.data, "99,125%");
	mb_buf_release(&b);
	uint32_t cp;
	CHECK_INT(mb_chart_utf8("ặ", 3, &cp), 3);
	CHECK_INT(cp, 0x1EB7);
	CHECK_INT(mb_chart_utf8("\xE1\xBA", 2, &cp), 1);  /* truncated */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(mb_chart_utf8("\xC0\x80", 2, &cp), 2);  /* overlong */
	CHECK_INT(cp, 0xFFFD);
}

/* WCAG relative luminance and contrast ratio (test-only arithmetic). */
static double lum(uint32_t rgb)
{
	double c[3] = {(rgb >> 16) / 255.0, (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0};
	for (int i = 0; i < 3; i++)
		c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow((c[i] + 0.055) / 1.055, 2.4);
	return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double contrast(uint32_t a, uint32_t b)
{
	double x = lum(a) + 0.05, y = lum(b) + 0.05;
	return x > y ? x / y : y / x;
}

static void test_palette(void)
{
	const uint32_t *ink = mb_chart_ink_rgb;
	CHECK(contrast(ink[MB_INK_TEXT], ink[MB_INK_BG]) >= 4.5);
	CHECK(contrast(ink[MB_INK_MUTED], ink[MB_INK_BG]) >= 4.5);
	CHECK(contrast(ink[MB_INK_BG], ink[MB_INK_HEAD]) >= 4.5);  /* share title */
	/* Muted text over the bar track (none today, but keep it legible). */
	CHECK(contrast(ink[MB_INK_MUTED], ink[MB_INK_TRACK]) >= 4.5);
	/* The main series and the average marker stand out from white (3:1). */
	CHECK(contrast(ink[MB_INK_S0], ink[MB_INK_BG]) >= 3.0);
	CHECK(contrast(ink[MB_INK_S3], ink[MB_INK_BG]) >= 3.0);
}

/* --- Fonts --- */

static void test_fonts(struct mb_chart_fonts *f)
{
	mb_buf err;
	mb_buf_init(&err);
	CHECK(mb_chart_fonts_new("/nonexistent/font.ttf", NULL, &err) == NULL);
	CHECK_MSG(strstr(err.data, "\"/nonexistent/font.ttf\"") &&
	          strstr(err.data, "No such file"), "message: %s", err.data);
	mb_buf_reset(&err);
	CHECK(mb_chart_fonts_new(NULL, "/nonexistent/bold.ttf", &err) == NULL);
	CHECK_MSG(strstr(err.data, "/nonexistent/bold.ttf") != NULL, "message: %s", err.data);
	mb_buf_reset(&err);
	CHECK(mb_chart_fonts_new("tests/unit/harness.h", NULL, &err) == NULL);
	CHECK_MSG(strstr(err.data, "not a TrueType"), "message: %s", err.data);
	mb_buf_reset(&err);
	/* Any path is read as it is (libgd took ';' to separate fonts). */
	CHECK(mb_chart_fonts_new("no;such.ttf", NULL, &err) == NULL);
	CHECK_MSG(strstr(err.data, "\"no;such.ttf\": cannot open"), "message: %s", err.data);
	mb_buf_release(&err);

	/* Each letter a test image shows: a real glyph, not .notdef. */
	const char *letters = "ư ơ đ ặ ỹ Ở Ự";
	for (size_t i = 0; letters[i];) {
		uint32_t cp;
		i += mb_chart_utf8(letters + i, strlen(letters + i), &cp);
		if (cp == ' ')
			continue;
		const struct mb_glyph *g = mb_chart_glyph(f, MB_FACE_REGULAR, 24, cp);
		CHECK_MSG(g->gid != 0 && g->w > 0 && g->h > 0 && g->adv > 0, "U+%04X", (unsigned)cp);
	}
	const struct mb_glyph *a = mb_chart_glyph(f, MB_FACE_REGULAR, 24, 'a');
	const struct mb_glyph *ad = mb_chart_glyph(f, MB_FACE_REGULAR, 24, 0x1EB7);  /* ặ */
	CHECK(ad->top > a->top);                 /* marks above */
	CHECK(ad->h - ad->top > a->h - a->top);  /* and a dot below */
	/* Kerning from the font's table: "To" is tighter than T and o apart. */
	const struct mb_glyph *T = mb_chart_glyph(f, MB_FACE_REGULAR, 24, 'T');
	const struct mb_glyph *o = mb_chart_glyph(f, MB_FACE_REGULAR, 24, 'o');
	CHECK(mb_chart_kern(f, MB_FACE_REGULAR, 24, T->gid, o->gid) < 0);
	CHECK_INT(mb_chart_kern(f, MB_FACE_REGULAR, 24, o->gid, o->gid), 0);
	struct mb_canvas c;
	mb_canvas_measure(&c, f, 720, 1);
	CHECK(mb_canvas_text_width(&c, MB_FACE_REGULAR, 24, "To", 2) <
	      mb_canvas_text_width(&c, MB_FACE_REGULAR, 24, "T", 1) +
	      mb_canvas_text_width(&c, MB_FACE_REGULAR, 24, "o", 1));
	/* Bold is wider than regular. */
	CHECK(mb_canvas_text_width(&c, MB_FACE_BOLD, 24, "Sở Tư pháp", strlen("Sở Tư pháp")) >
	      mb_canvas_text_width(&c, MB_FACE_REGULAR, 24, "Sở Tư pháp", strlen("Sở Tư pháp")));
	int asc, desc;
	mb_chart_vmetrics(f, MB_FACE_REGULAR, 24, &asc, &desc);
	CHECK(asc > 20 && asc < 36 && desc > 3 && desc < 12);
}

/* --- PNG output --- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Checks the PNG signature and IHDR; returns the height (0 if invalid). */
static uint32_t png_check(const mb_buf *b, uint32_t want_w)
{
	const unsigned char *p = (const unsigned char *)b->data;
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	if (b->len < 33 || memcmp(p, sig, 8) != 0 || memcmp(p + 12, "IHDR", 4) != 0)
		return 0;
	CHECK_INT(be32(p + 8), 13);
	CHECK_INT(be32(p + 16), want_w);
	CHECK(p[25] == 3);  /* colour type: palette */
	/* Decodes with gd too. */
	gdImagePtr im = gdImageCreateFromPngPtr((int)b->len, b->data);
	CHECK(im != NULL);
	if (im) {
		CHECK_INT(gdImageSX(im), want_w);
		CHECK_INT(gdImageSY(im), be32(p + 20));
		gdImageDestroy(im);
	}
	return be32(p + 20);
}

enum kind { K_RANK, K_RANK_BIG, K_CRIT, K_TREND, K_SVC, K_SHARE, K_COUNT };
static const char *const kind_name[K_COUNT] = {
	"ranking (17 units)", "ranking (10.600 units)", "criteria (5 rows)",
	"trend (4 periods)", "service (3 units)", "share 800x420",
};

static struct mb_chart_rank_row *rows17, *rows_big;

static enum mb_chart_form form = MB_CHART_DESKTOP;

static int draw(enum kind k, const struct mb_chart_fonts *f, int scale, mb_buf *png, mb_buf *err)
{
	struct mb_chart_ranking r17 = {"Chỉ số cải cách hành chính năm 2023", "Sở, ban, ngành",
	                               rows17, 17, bands, 4};
	struct mb_chart_ranking big = {"Chỉ số cải cách hành chính năm 2023", "UBND cấp xã",
	                               rows_big, 10600, bands, 4};
	switch (k) {
	case K_RANK: return mb_chart_ranking(png, f, &r17, form, scale, err);
	case K_RANK_BIG: return mb_chart_ranking(png, f, &big, form, scale, err);
	case K_CRIT: return mb_chart_criteria(png, f, &crit, form, scale, err);
	case K_TREND: return mb_chart_trend(png, f, &trend, form, scale, err);
	case K_SVC: return mb_chart_service(png, f, &svc, form, scale, err);
	default: return mb_chart_share(png, f, &share, err);
	}
}

static void test_png(struct mb_chart_fonts *f)
{
	mb_buf png, err;
	mb_buf_init(&png);
	mb_buf_init(&err);
	for (int k = 0; k < 2 * K_COUNT; k++) {
		form = k < K_COUNT ? MB_CHART_DESKTOP : MB_CHART_PHONE;
		for (int scale = 1; scale <= (k % K_COUNT == K_SHARE ? 1 : 2); scale++) {
			mb_buf_reset(&png);
			enum kind kk = (enum kind)(k % K_COUNT);
			int rc = draw(kk, f, scale, &png, &err);
			CHECK_MSG(rc == 0, "%s: %s", kind_name[kk], err.data);
			uint32_t w = kk == K_SHARE ? MB_CHART_SHARE_W : (uint32_t)(MB_CHART_WIDTH * scale);
			uint32_t h = png_check(&png, w);
			CHECK_MSG(h > 0, "%s x%d: not a PNG", kind_name[kk], scale);
			if (kk == K_SHARE)
				CHECK_INT(h, MB_CHART_SHARE_H);
			if (kk == K_RANK_BIG)  /* 30 rows and a summary, not 10,600 rows */
				CHECK_MSG(h < 4400u * (uint32_t)scale, "height %u", (unsigned)h);
		}
	}
	form = MB_CHART_DESKTOP;
	/* Determinism: the same chart twice gives the same bytes. */
	mb_buf again;
	mb_buf_init(&again);
	mb_buf_reset(&png);
	draw(K_RANK, f, 1, &png, &err);
	draw(K_RANK, f, 1, &again, &err);
	CHECK(png.len == again.len && memcmp(png.data, again.data, png.len) == 0);
	/* Bad scales and forms are refused with a message. */
	mb_buf_reset(&err);
	CHECK_INT(mb_chart_criteria(&again, f, &crit, MB_CHART_DESKTOP, 0, &err), -1);
	CHECK(strstr(err.data, "scale 0") != NULL);
	CHECK_INT(mb_chart_trend(&again, f, &trend, MB_CHART_PHONE, MB_CHART_MAX_SCALE + 1, &err), -1);
	CHECK_INT(mb_chart_trend(&again, f, &trend, MB_CHART_FORMS, 1, &err), -1);
	/* Empty charts still draw. */
	struct mb_chart_ranking none = {"Trống", NULL, NULL, 0, NULL, 0};
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_ranking(&png, f, &none, MB_CHART_PHONE, 1, &err), 0);
	CHECK(png_check(&png, MB_CHART_WIDTH) > 0);
	struct mb_chart_service nosvc = {.rates = {{.target6 = -1}, {.target6 = -1},
		{.target6 = -1}, {.target6 = -1}, {.target6 = -1}}};
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_service(&png, f, &nosvc, MB_CHART_DESKTOP, 1, &err), 0);
	CHECK(png_check(&png, MB_CHART_WIDTH) > 0);
	/* A group of 600 units under a target draws about as tall as one of 60:
	 * each rate draws its lowest MB_CHART_SERVICE_ROWS and counts the others. */
	struct mb_chart_service_row *many = mb_xcalloc(600, sizeof *many);
	for (int i = 0; i < 600; i++) {
		many[i] = svc_rows[0];
		many[i].rate[0] = (struct mb_chart_rate){true, 8000 + i, 10000, 8000 + i, 0};
	}
	struct mb_chart_service big = svc;
	big.rows = many;
	big.nrows = 600;
	big.rates[0].valid = big.rates[0].unmet = 600;
	big.rates[0].met = 0;
	struct mb_chart_service small = big;
	small.nrows = 60;
	small.rates[0].valid = small.rates[0].unmet = 60;
	for (int fm = 0; fm < MB_CHART_FORMS; fm++) {
		mb_buf_reset(&png);
		CHECK_INT(mb_chart_service(&png, f, &big, (enum mb_chart_form)fm, 1, &err), 0);
		uint32_t hbig = png_check(&png, MB_CHART_WIDTH);
		mb_buf_reset(&png);
		CHECK_INT(mb_chart_service(&png, f, &small, (enum mb_chart_form)fm, 1, &err), 0);
		uint32_t hsmall = png_check(&png, MB_CHART_WIDTH);
		CHECK_MSG(hbig < hsmall + 100 && hbig < 4000, "60 rows %u, 600 rows %u",
		          (unsigned)hsmall, (unsigned)hbig);
	}
	free(many);
	mb_buf_release(&again);
	mb_buf_release(&png);
	mb_buf_release(&err);
}

/* Which units a service panel draws: lowest first, never cutting between
 * equal values, the rest counted with their range. */
static void test_panels(void)
{
	static const int64_t vals[] = {9300, 9000, 9100, 9400, 9100, 9200, 9300, 9300, 9900, 10000};
	struct mb_chart_service_row rows[10];
	for (int i = 0; i < 10; i++) {
		rows[i].name = names[i % NNAMES];
		for (int k = 0; k < MB_CHART_RATES; k++)
			rows[i].rate[k] = (struct mb_chart_rate){true, vals[i], 10000, vals[i],
				vals[i] >= 9500};
	}
	rows[3].rate[1].valid = false;
	struct mb_chart_service c = svc;
	c.rows = rows;
	c.nrows = 10;
	c.rates[0].target6 = 950000;
	struct mb_chart_panel p;
	mb_chart_panel_plan(&c, 0, &p);
	/* 90, 91 91, 92 fit in six; the three at 93 would make seven. */
	CHECK_INT(p.nshown, 4);
	CHECK(p.under && p.nunder == 4);
	CHECK(p.nshown >= 4 && p.shown[0] == 1 && p.shown[1] == 2 && p.shown[2] == 4 &&
	      p.shown[3] == 5);
	CHECK_INT(p.rest, 4);
	CHECK(p.rest_lo && p.rest_lo->pct2 == 9300 && p.rest_hi->pct2 == 9400);
	CHECK(p.low && p.low->pct2 == 9000 && p.low_n == 1 && p.low_row == 1);
	mb_chart_panel_release(&p);
	/* Without a target: the lowest units, the same way. */
	c.rates[1].target6 = -1;
	for (int i = 0; i < 10; i++)
		rows[i].rate[1].met = -1;
	mb_chart_panel_plan(&c, 1, &p);
	CHECK(!p.under && p.nshown == 4 && p.rest == 5);  /* one unit has no data */
	mb_chart_panel_release(&p);
	/* Seven units tied at the bottom: none drawn, all counted (with the
	 * eighth under the target, at 93%). */
	for (int i = 0; i < 7; i++)
		rows[i].rate[2] = (struct mb_chart_rate){true, 80, 100, 8000, 0};
	mb_chart_panel_plan(&c, 2, &p);
	CHECK(p.nshown == 0 && p.rest == 8 && p.low_n == 7 && p.rest_hi->pct2 == 9300);
	mb_chart_panel_release(&p);
	/* Two units under the target leave room for the lowest over it, whole
	 * groups of equal values: 95, 96 96 (three rows) and not 97 97 97. */
	static const int64_t v4[] = {9000, 9100, 9500, 9600, 9600, 9700, 9700, 9700, 9900, 10000};
	for (int i = 0; i < 10; i++)
		rows[i].rate[4] = (struct mb_chart_rate){true, v4[i], 10000, v4[i], v4[i] >= 9500};
	c.rates[4].target6 = 950000;
	mb_chart_panel_plan(&c, 4, &p);
	CHECK(p.under && p.nunder == 2 && p.nshown == 5 && p.rest == 0);
	CHECK(p.nshown == 5 && p.shown[2] == 2 && p.shown[4] == 4);
	mb_chart_panel_release(&p);
	/* Every unit over the target: nothing drawn, nothing left. */
	for (int i = 0; i < 10; i++)
		rows[i].rate[3].met = 1;
	mb_chart_panel_plan(&c, 3, &p);
	CHECK(p.nshown == 0 && p.rest == 0 && p.low && p.low->pct2 == 9000);
	mb_chart_panel_release(&p);
	/* The phone form's smallest text reads as 12 CSS px or more on a 390 px
	 * phone (720 image px in a 358 CSS px column). */
	CHECK(mb_chart_text_px(MB_CHART_PHONE, 1) * 358 >= 12 * MB_CHART_WIDTH);
	CHECK_INT(mb_chart_text_px(MB_CHART_PHONE, 2), 2 * mb_chart_text_px(MB_CHART_PHONE, 1));
	CHECK(mb_chart_text_px(MB_CHART_DESKTOP, 1) >= 12);
}

/* Threads drawing at once on a cold glyph cache give the bytes one
 * thread gives. */
struct job {
	const struct mb_chart_fonts *f;
	enum kind k;
	int scale;
	mb_buf png;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	mb_buf err;
	mb_buf_init(&err);
	draw(j->k, j->f, j->scale, &j->png, &err);
	mb_buf_release(&err);
	return NULL;
}

static void test_threads(struct mb_chart_fonts *warm)
{
	mb_buf err;
	mb_buf_init(&err);
	struct mb_chart_fonts *cold = mb_chart_fonts_new(NULL, NULL, &err);
	CHECK_MSG(cold != NULL, "%s", err.data);
	if (!cold) {
		mb_buf_release(&err);
		return;
	}
	enum { N = 8 };
	struct job jobs[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		jobs[i].f = cold;
		jobs[i].k = (enum kind)(i % K_COUNT);
		jobs[i].scale = 1 + i / K_COUNT;
		mb_buf_init(&jobs[i].png);
		pthread_create(&t[i], NULL, run_job, &jobs[i]);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	mb_buf one;
	mb_buf_init(&one);
	for (int i = 0; i < N; i++) {
		mb_buf_reset(&one);
		draw(jobs[i].k, warm, jobs[i].scale, &one, &err);
		CHECK_MSG(one.len == jobs[i].png.len && !memcmp(one.data, jobs[i].png.data, one.len),
		          "%s x%d differs between threads", kind_name[jobs[i].k], jobs[i].scale);
		mb_buf_release(&jobs[i].png);
	}
	mb_buf_release(&one);
	mb_buf_release(&err);
	mb_chart_fonts_free(cold);
}

/* --- Golden images --- */

/*
 * Compares a drawing with tests/golden/NAME decoded by gd: same size, and
 * pixels differing by more than 32 in a channel at most 0.1% of the
 * image (another FreeType may hint a glyph a pixel differently).
 */
static void golden(const char *name, const mb_buf *png)
{
	char path[256];
	snprintf(path, sizeof path, GOLDEN_DIR "%s", name);
	if (getenv("MB_UPDATE_GOLDEN")) {
		FILE *fp = fopen(path, "wb");
		CHECK_MSG(fp != NULL, "cannot write %s", path);
		if (fp) {
			fwrite(png->data, 1, png->len, fp);
			fclose(fp);
		}
		return;
	}
	FILE *fp = fopen(path, "rb");
	CHECK_MSG(fp != NULL, "missing %s (run with MB_UPDATE_GOLDEN=1 to create it)", path);
	if (!fp)
		return;
	gdImagePtr want = gdImageCreateFromPng(fp);
	fclose(fp);
	gdImagePtr got = gdImageCreateFromPngPtr((int)png->len, png->data);
	CHECK(want && got);
	if (want && got) {
		CHECK_INT(gdImageSX(got), gdImageSX(want));
		CHECK_INT(gdImageSY(got), gdImageSY(want));
		long bad = 0, total = (long)gdImageSX(want) * gdImageSY(want);
		for (int y = 0; y < gdImageSY(want) && y < gdImageSY(got); y++)
			for (int x = 0; x < gdImageSX(want) && x < gdImageSX(got); x++) {
				int a = gdImageGetTrueColorPixel(want, x, y);
				int b = gdImageGetTrueColorPixel(got, x, y);
				int d = abs(gdTrueColorGetRed(a) - gdTrueColorGetRed(b));
				int dg = abs(gdTrueColorGetGreen(a) - gdTrueColorGetGreen(b));
				int db = abs(gdTrueColorGetBlue(a) - gdTrueColorGetBlue(b));
				d = dg > d ? dg : d;
				d = db > d ? db : d;
				bad += d > 32;
			}
		CHECK_MSG(bad * 1000 <= total, "%s: %ld of %ld pixels differ", name, bad, total);
	}
	if (want)
		gdImageDestroy(want);
	if (got)
		gdImageDestroy(got);
}

static void test_golden(struct mb_chart_fonts *f)
{
	mb_buf png, err;
	mb_buf_init(&png);
	mb_buf_init(&err);
	struct mb_chart_rank_row *rows = rank_rows(6);
	struct mb_chart_ranking r = {"Chỉ số CCHC năm 2023", "Sở, ban, ngành", rows, 6, bands, 4};
	CHECK_INT(mb_chart_ranking(&png, f, &r, MB_CHART_DESKTOP, 1, &err), 0);
	golden("ranking-1x.png", &png);
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_ranking(&png, f, &r, MB_CHART_PHONE, 1, &err), 0);
	golden("ranking-phone.png", &png);
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_service(&png, f, &svc, MB_CHART_DESKTOP, 1, &err), 0);
	golden("service-1x.png", &png);
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_service(&png, f, &svc, MB_CHART_PHONE, 1, &err), 0);
	golden("service-phone.png", &png);
	mb_buf_reset(&png);
	CHECK_INT(mb_chart_criteria(&png, f, &crit, MB_CHART_PHONE, 1, &err), 0);
	golden("criteria-phone.png", &png);
	free(rows);
	mb_buf_release(&png);
	mb_buf_release(&err);
}

/* --- Text alternatives --- */

static void test_alt(void)
{
	mb_buf alt;
	mb_buf_init(&alt);
	struct mb_chart_ranking r = {"Chỉ số CCHC năm 2023", "Sở, ban, ngành", rows17, 17, bands, 4};
	mb_chart_ranking_alt(&alt, &r);
	CHECK_MSG(strstr(alt.data, "17 đơn vị") && strstr(alt.data, "Cao nhất: Sở Tư pháp 95,00% "
	          "(hạng 1, Nhóm A; 2 đơn vị cùng hạng này)") && strstr(alt.data, "Nhóm A 3 đơn vị"),
	          "%s", alt.data);
	mb_buf_reset(&alt);
	r.rows = rows_big;
	r.nrows = 10600;
	mb_chart_ranking_alt(&alt, &r);
	CHECK_MSG(strstr(alt.data, "10.600 đơn vị") && strstr(alt.data, "15 đơn vị đầu và 15 "
	          "đơn vị cuối"), "%s", alt.data);
	mb_buf_reset(&alt);
	mb_chart_criteria_alt(&alt, &crit);
	CHECK_MSG(strstr(alt.data, "Cao nhất so với tối đa: Cải cách thể chế 9,07/10 điểm "
	          "(90,70%)") && strstr(alt.data, "Không áp dụng: Cải cách tài chính công.") &&
	          strstr(alt.data, "ở 3/4 lĩnh vực"), "%s", alt.data);
	mb_buf_reset(&alt);
	mb_chart_trend_alt(&alt, &trend);
	CHECK_MSG(strstr(alt.data, "Năm 2023 88,78% (Nhóm B, hạng 3/17)") &&
	          strstr(alt.data, "Năm 2022 không có số liệu"), "%s", alt.data);
	mb_buf_reset(&alt);
	mb_chart_service_alt(&alt, &svc);
	CHECK_MSG(strstr(alt.data, "Tỷ lệ hài lòng (mục tiêu 95%): 2/4 chưa đạt; chưa đạt, thấp "
	                 "nhất trước: UBND thị trấn Lai Uyên 88,00%; UBND xã ư ơ đ ặ ỹ Ở Ự 90,00%; "
	                 "đạt, thấp nhất: Sở Tư pháp 96,20%; Sở Nội vụ 99,00%; 2 đơn vị đạt mục "
	                 "tiêu.") &&
	          strstr(alt.data, "Tỷ lệ số hóa hồ sơ (mục tiêu 100%): 2/4 chưa đạt") &&
	          strstr(alt.data, "2 đơn vị đạt mục tiêu, cùng đạt 100,00%.") &&
	          strstr(alt.data, "Tỷ lệ giải quyết đúng hạn (mục tiêu 99%): 3/3 đạt; cả 3 đơn vị "
	                 "đạt mục tiêu; thấp nhất Sở Tư pháp 99,15%; 1 đơn vị không có số liệu.") &&
	          strstr(alt.data, "Tỷ lệ thanh toán trực tuyến: chưa đặt mục tiêu; thấp nhất: "
	                 "UBND thị trấn Lai Uyên 50,00%; UBND xã ư ơ đ ặ ỹ Ở Ự 50,00%; cao nhất "
	                 "50,00% (2 đơn vị); 2 đơn vị không có số liệu."), "%s", alt.data);
	/* Equal values at the top are counted, never some of them named. */
	struct mb_chart_service ties = svc;
	ties.rates[2].unmet = 1;
	ties.rates[2].met = 2;
	struct mb_chart_service_row trows[4];
	memcpy(trows, svc_rows, sizeof trows);
	trows[0].rate[2] = (struct mb_chart_rate){true, 98, 100, 9800, 0};
	ties.rows = trows;
	mb_buf_reset(&alt);
	mb_chart_service_alt(&alt, &ties);
	CHECK_MSG(strstr(alt.data, "1/3 chưa đạt; chưa đạt, thấp nhất trước: Sở Tư pháp 98,00%; "
	                 "đạt, thấp nhất: UBND thị trấn Lai Uyên 100,00%; Sở Nội vụ 100,00%; 2 đơn "
	                 "vị đạt mục tiêu, cùng đạt 100,00%"), "%s", alt.data);
	mb_buf_reset(&alt);
	mb_chart_share_alt(&alt, &share);
	CHECK_STR(alt.data, "UBND thị trấn Lai Uyên: Chỉ số cải cách hành chính, Năm 2023: đạt "
	          "88,78% (Nhóm B), xếp thứ 3/17 UBND cấp huyện, tăng 13 bậc. Dữ liệu minh họa.");
	/* Ranked before, but among other units: no change, and why. */
	struct mb_chart_share reorg = share;
	reorg.has_change = false;
	reorg.change = 0;
	reorg.reorganised = "01/07/2025";
	mb_buf_reset(&alt);
	mb_chart_share_alt(&alt, &reorg);
	CHECK_STR(alt.data, "UBND thị trấn Lai Uyên: Chỉ số cải cách hành chính, Năm 2023: đạt "
	          "88,78% (Nhóm B), xếp thứ 3/17 UBND cấp huyện, không so sánh thứ hạng với kỳ "
	          "trước (sắp xếp lại từ 01/07/2025). Dữ liệu minh họa.");
	mb_buf_release(&alt);
}

/* --- Benchmark (`test_chart bench`): CPU ms a chart, and the PNG share. --- */

static double cpu_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void bench(struct mb_chart_fonts *f)
{
	mb_buf png, err;
	mb_buf_init(&png);
	mb_buf_init(&err);
	printf("%-24s %5s %11s %9s %9s %8s\n", "chart", "scale", "size", "ms/chart", "gd png ms",
	       "bytes");
	for (int k = 0; k < K_COUNT; k++) {
		for (int scale = 1; scale <= (k == K_SHARE ? 1 : 2); scale++) {
			int n = k == K_RANK || k == K_RANK_BIG ? 50 : 300;
			draw(k, f, scale, &png, &err);  /* warm the glyph cache */
			double t0 = cpu_ms();
			for (int i = 0; i < n; i++) {
				mb_buf_reset(&png);
				draw(k, f, scale, &png, &err);
			}
			double each = (cpu_ms() - t0) / n;
			/* For comparison: libgd's own PNG encoder on the same image
			 * (the charts encode through libpng directly, see chart_canvas.c). */
			gdImagePtr im = gdImageCreateFromPngPtr((int)png.len, png.data);
			int size = 0;
			t0 = cpu_ms();
			for (int i = 0; i < n; i++)
				gdFree(gdImagePngPtrEx(im, &size, 2));
			double enc = (cpu_ms() - t0) / n;
			char dim[32];
			snprintf(dim, sizeof dim, "%dx%d", gdImageSX(im), gdImageSY(im));
			printf("%-24s %5d %11s %9.3f %9.3f %8zu\n", kind_name[k], scale, dim, each, enc,
			       png.len);
			gdImageDestroy(im);
		}
	}
	mb_buf_release(&png);
	mb_buf_release(&err);
}

int main(int argc, char **argv)
{
	rows17 = rank_rows(17);
	rows_big = rank_rows(10600);
	test_scale_and_ticks();
	test_fit();
	test_wrap();
	test_reduce();
	test_numbers();
	test_palette();
	test_alt();
	test_panels();
	mb_buf err;
	mb_buf_init(&err);
	struct mb_chart_fonts *f = mb_chart_fonts_new(NULL, NULL, &err);
	CHECK_MSG(f != NULL, "DejaVu fonts (Debian fonts-dejavu-core): %s", err.data);
	if (f) {
		if (argc > 1 && !strcmp(argv[1], "bench")) {
			bench(f);
		} else {
			test_fonts(f);
			test_png(f);
			test_threads(f);
			test_golden(f);
		}
		mb_chart_fonts_free(f);
	}
	mb_buf_release(&err);
	free(rows17);
	free(rows_big);
	return TEST_END();
}
