/* test_pages.c - page formatting helpers, Markdown safety and HTML escaping of data on rendered pages. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compute.h"
#include "harness.h"
#include "indir.h"
#include "load.h"
#include "markdown.h"
#include "page_fmt.h"
#include "page_ctx.h"
#include "pages.h"

/* ---- formatting helpers ------------------------------------------------ */

#define CHECK_FMT(call, want)                                                     \
	do {                                                                      \
		mb_buf b_;                                                        \
		mb_buf_init(&b_);                                                 \
		call;                                                             \
		CHECK_STR(b_.data, want);                                         \
		mb_buf_release(&b_);                                              \
	} while (0)

static void test_root(void)
{
	CHECK_FMT(mb_page_put_root(&b_, "index.html"), "");
	CHECK_FMT(mb_page_put_root(&b_, "404.html"), "");
	CHECK_FMT(mb_page_put_root(&b_, "tin-tuc/index.html"), "../");
	CHECK_FMT(mb_page_put_root(&b_, "gioi-thieu/index.html"), "../");
	CHECK_FMT(mb_page_put_root(&b_, "ky/2023-q2/index.html"), "../../");
	CHECK_FMT(mb_page_put_root(&b_, "don-vi/so-tu-phap/index.html"), "../../");
	CHECK_FMT(mb_page_put_root(&b_, "tin-tuc/cong-bo/index.html"), "../../");
}

static void test_numbers(void)
{
	/* Pages write the percentage compute rounded once (pct2): the digits,
	 * never a second rounding. */
	CHECK_FMT(mb_page_put_pct2(&b_, 8878), "88,78%");
	CHECK_FMT(mb_page_put_pct2(&b_, 10000), "100,00%");
	CHECK_FMT(mb_page_put_pct2(&b_, 5), "0,05%");
	CHECK_FMT(mb_page_put_points(&b_, 90700), "9,07");
	CHECK_FMT(mb_page_put_points(&b_, 100000), "10");
	CHECK_FMT(mb_page_put_points(&b_, 77750), "7,775");
	CHECK_FMT(mb_page_put_points(&b_, 90929), "9,0929");
	CHECK_FMT(mb_page_put_count(&b_, 40689), "40.689");
	CHECK_FMT(mb_page_put_count(&b_, 0), "0");
	CHECK_FMT(mb_page_put_count(&b_, 1234567), "1.234.567");
	CHECK_FMT(mb_page_put_vnd(&b_, 17000000), "17.000.000 đồng");
	CHECK_FMT(mb_page_put_target(&b_, 990000), "99%");
	CHECK_FMT(mb_page_put_target(&b_, 995000), "99,5%");
	CHECK_FMT(mb_page_put_target(&b_, 1000000), "100%");
	CHECK_FMT(mb_page_put_target(&b_, 991250), "99,125%"); /* every given digit */
	CHECK_FMT(mb_page_put_target(&b_, 900000), "90%");     /* a band from 90 */

	struct mb_ratio r = {true, 9557, 10000, 9557, 955700};
	CHECK_FMT(mb_page_put_ratio(&b_, &r), "95,57%");
	r = (struct mb_ratio){true, 1400, 1510, 9272, 927152};
	CHECK_FMT(mb_page_put_ratio(&b_, &r), "92,72%");
	/* A rate whose denominator is zero never reads 0% or NaN. */
	r = (struct mb_ratio){false, 0, 0, 0, 0};
	CHECK_FMT(mb_page_put_ratio(&b_, &r), "không có số liệu");
}

static void test_dates_sizes(void)
{
	CHECK_FMT(mb_page_put_date(&b_, "2023-05-17"), "17/05/2023");
	CHECK_FMT(mb_page_put_date(&b_, "2024-01-02"), "02/01/2024");
	CHECK_FMT(mb_page_put_date(&b_, "2023-5-17"), "2023-5-17");
	CHECK_FMT(mb_page_put_size(&b_, 850), "850 byte");
	CHECK_FMT(mb_page_put_size(&b_, 1024), "1 KB");
	CHECK_FMT(mb_page_put_size(&b_, 15667), "15,3 KB");
	CHECK_FMT(mb_page_put_size(&b_, 1258291), "1,2 MB");
	CHECK_FMT(mb_page_put_size(&b_, 1048575), "1 MB");
	CHECK_FMT(mb_page_put_size(&b_, (uint64_t)3 << 30), "3 GB");
	/* Periods inside a sentence: "kết quả năm 2023", "kỳ trước (quý II/2023)". */
	CHECK_FMT(mb_page_put_lower_first(&b_, "Năm 2023"), "năm 2023");
	CHECK_FMT(mb_page_put_lower_first(&b_, "Quý II/2023"), "quý II/2023");
	CHECK_FMT(mb_page_put_lower_first(&b_, "Đợt 1"), "đợt 1");
	CHECK_FMT(mb_page_put_lower_first(&b_, "năm 2023"), "năm 2023");
	CHECK_FMT(mb_page_put_lower_first(&b_, ""), "");
}

static void test_change(void)
{
	struct mb_page_change c;
	mb_page_change(&c, true, 13);
	CHECK_STR(c.dir, "up");
	CHECK_STR(c.arrow, "↑13");
	CHECK_STR(c.words, "tăng 13 bậc");
	CHECK_INT(c.delta, 13);
	mb_page_change(&c, true, -4);
	CHECK_STR(c.dir, "down");
	CHECK_STR(c.arrow, "↓4");
	CHECK_STR(c.words, "giảm 4 bậc");
	mb_page_change(&c, true, 0);
	CHECK_STR(c.dir, "same");
	CHECK_STR(c.arrow, "=");
	mb_page_change(&c, false, 0);
	CHECK_STR(c.dir, "new");
	CHECK_STR(c.arrow, "mới");
	mb_day d;
	CHECK(mb_day_parse("2025-07-01", &d));
	mb_page_change_reorganised(&c, d);
	CHECK_STR(c.dir, "reorg");
	CHECK_STR(c.arrow, "–");
	CHECK_STR(c.words, "không so sánh thứ hạng: các đơn vị trong nhóm được sắp xếp lại từ "
	          "01/07/2025");
	CHECK_INT(c.delta, 0);
	CHECK_STR(mb_page_online_label(MB_ONLINE_FULL), "Toàn trình");
	CHECK_STR(mb_page_online_label(MB_ONLINE_PARTIAL), "Một phần");
	CHECK_STR(mb_page_online_label(MB_ONLINE_NONE), "Không");
}

static int key_cmp(const char *a, const char *b, bool skip)
{
	char *ka = mb_page_sort_key(a, skip), *kb = mb_page_sort_key(b, skip);
	int c = strcmp(ka, kb);
	free(ka);
	free(kb);
	return c;
}

static void test_day_capital(void)
{
	mb_day d;
	CHECK(mb_day_parse("2025-06-30", &d));
	CHECK_FMT(mb_page_put_day(&b_, d + 1), "01/07/2025");
	CHECK_FMT(mb_page_put_day(&b_, d), "30/06/2025");
	CHECK_FMT(mb_page_put_capital(&b_, "lĩnh vực, tiêu chí"), "Lĩnh vực, tiêu chí");
	CHECK_FMT(mb_page_put_capital(&b_, "đơn vị"), "Đơn vị");
	CHECK_FMT(mb_page_put_capital(&b_, "ải"), "Ải");
	CHECK_FMT(mb_page_put_capital(&b_, ""), "");
}

static const char *word(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* What an index's criteria are called: its "levels", or neutral words;
 * never "lĩnh vực" for an index that does not say so. */
static void test_index_words(void)
{
	struct mb_criterion crit[6] = {{.depth = 0}, {.depth = 1}, {.depth = 2}, {.depth = 2},
		{.depth = 0}, {.depth = 1}};
	struct mb_index ix = {.crit = crit, .ncrit = 6};
	cJSON *w = mb_page_index_words(&ix);
	CHECK_STR(word(w, "top"), "tiêu chí");
	CHECK_STR(word(w, "top_title"), "Tiêu chí");
	CHECK_STR(word(w, "all"), "tiêu chí, tiêu chí thành phần");
	CHECK_STR(word(w, "all_title"), "Tiêu chí, tiêu chí thành phần");
	CHECK_STR(word(w, "structure"), "2 tiêu chí và 4 tiêu chí thành phần");
	cJSON_Delete(w);
	char *par[] = {"lĩnh vực", "tiêu chí", "tiêu chí thành phần"};
	ix.levels = par, ix.nlevels = 3;
	w = mb_page_index_words(&ix);
	CHECK_STR(word(w, "top"), "lĩnh vực");
	CHECK_STR(word(w, "all_title"), "Lĩnh vực, tiêu chí, tiêu chí thành phần");
	CHECK_STR(word(w, "structure"), "2 lĩnh vực, 2 tiêu chí và 2 tiêu chí thành phần");
	cJSON_Delete(w);
	/* Named at the top only: the levels below keep the neutral word. */
	char *i766[] = {"nhóm chỉ số"};
	ix.levels = i766, ix.nlevels = 1;
	w = mb_page_index_words(&ix);
	CHECK_STR(word(w, "top_title"), "Nhóm chỉ số");
	CHECK_STR(word(w, "all"), "nhóm chỉ số, tiêu chí thành phần");
	CHECK_STR(word(w, "structure"), "2 nhóm chỉ số và 4 tiêu chí thành phần");
	cJSON_Delete(w);
	/* One level only. */
	char *sipas[] = {"yếu tố"};
	struct mb_criterion flat[5] = {{.depth = 0}, {.depth = 0}, {.depth = 0}, {.depth = 0},
		{.depth = 0}};
	struct mb_index fx = {.crit = flat, .ncrit = 5, .levels = sipas, .nlevels = 1};
	w = mb_page_index_words(&fx);
	CHECK_STR(word(w, "all_title"), "Yếu tố");
	CHECK_STR(word(w, "structure"), "5 yếu tố");
	cJSON_Delete(w);
}

static void test_sort_key(void)
{
	/* Vietnamese order: marks only break ties, đ comes after every d. */
	CHECK(key_cmp("Dân số", "Đất đai", false) < 0);
	CHECK(key_cmp("Dương", "Đất đai", false) < 0);
	CHECK(key_cmp("Đường bộ", "Em", false) < 0);
	CHECK(key_cmp("Ấp", "Bảo trợ xã hội", false) < 0);
	CHECK(key_cmp("bảo", "Bảo", false) == 0);
	/* Unit names file under their proper name, not "UBND xã". */
	CHECK(key_cmp("UBND xã An Bình", "UBND phường Bình Chuẩn", true) < 0);
	CHECK(key_cmp("UBND thị trấn Lai Uyên", "UBND huyện Phú Giáo", true) < 0);
	CHECK(key_cmp("UBND thành phố Thủ Dầu Một", "UBND xã Tân Định", true) > 0);
}

/* ---- Markdown ---------------------------------------------------------- */

static char *md(const char *s, int top, const char *title)
{
	return mb_markdown_html_at(s, strlen(s), top, title, "../../");
}

static void test_markdown(void)
{
	char *h = md("Xin chào\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
	             "<img src=x onerror=alert(1)> [y](JAVASCRIPT:alert(2)) [z](vbscript:x)",
	             2, NULL);
	CHECK_MSG(!strstr(h, "<script"), "raw <script> reached the output: %s", h);
	CHECK_MSG(!strstr(h, "<img"), "raw <img> reached the output: %s", h);
	CHECK_MSG(!strstr(h, "javascript:") && !strstr(h, "JAVASCRIPT:"),
	          "a javascript: link reached the output: %s", h);
	CHECK_MSG(!strstr(h, "vbscript:"), "a vbscript: link reached the output: %s", h);
	CHECK(strstr(h, "<p>Xin chào</p>") != NULL);
	free(h);

	h = md("[Cổng](https://dichvucong.gov.vn/) **đậm**", 2, NULL);
	CHECK(strstr(h, "<a href=\"https://dichvucong.gov.vn/\">Cổng</a>") != NULL);
	CHECK(strstr(h, "<strong>đậm</strong>") != NULL);
	free(h);

	/* Headings move down so the page keeps one <h1>, in order. */
	h = md("# Một\n\n## Hai\n\n### Ba", 2, NULL);
	CHECK(strstr(h, "<h2>Một</h2>") && strstr(h, "<h3>Hai</h3>") && strstr(h, "<h4>Ba</h4>"));
	CHECK(!strstr(h, "<h1>"));
	free(h);
	h = md("## Hai\n\n###### Sáu", 3, NULL);
	CHECK(strstr(h, "<h3>Hai</h3>") && strstr(h, "<h6>Sáu</h6>"));
	free(h);
	h = md("# Tiêu đề\n\nNội dung\n\n# Mục", 2, "Tiêu đề");
	CHECK_MSG(!strstr(h, "Tiêu đề"), "the title heading was not dropped: %s", h);
	CHECK(strstr(h, "<h2>Mục</h2>") != NULL);
	free(h);
	h = md("# Khác\n\nNội dung", 2, "Tiêu đề");
	CHECK(strstr(h, "<h2>Khác</h2>") != NULL);
	free(h);
	/* Links from the top of the site become relative to the page. */
	h = md("[a](/ky/2023/) [b](/tai-ve/2023.xlsx) [c](/ky/2023/#par) [d](//x.vn/) "
	       "[e](https://x.vn/) [f](../g/)", 2, NULL);
	CHECK(strstr(h, "href=\"../../ky/2023/index.html\"") != NULL);
	CHECK(strstr(h, "href=\"../../tai-ve/2023.xlsx\"") != NULL);
	CHECK(strstr(h, "href=\"../../ky/2023/index.html#par\"") != NULL);
	CHECK(strstr(h, "href=\"//x.vn/\"") != NULL);
	CHECK(strstr(h, "href=\"https://x.vn/\"") != NULL);
	CHECK(strstr(h, "href=\"../g/\"") != NULL);
	free(h);
	h = md("", 2, "x");
	CHECK_STR(h, "");
	free(h);
	h = mb_markdown_html(NULL, 0, 2, NULL);
	CHECK_STR(h, "");
	free(h);
}

/* ---- rendered pages ---------------------------------------------------- */

static char dir[64];

static void put_file(const char *rel, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *rel)
{
	char path[256];
	snprintf(path, sizeof path, "%s/out/%s", dir, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	mb_buf b;
	mb_buf_init(&b);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		mb_buf_put(&b, chunk, n);
	fclose(f);
	char *text = mb_buf_detach(&b, NULL);
	mb_buf_release(&b); /* detach leaves a fresh, allocated buffer */
	return text;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void write_hostile_data(void)
{
	put_file("data/site.json",
	         "{\"title\": \"Công khai <script>alert('t')</script>\", "
	         "\"organisation\": \"UBND \\\"tỉnh\\\" <b>X</b>\", "
	         "\"base_url\": \"https://cchc.example.gov.vn/\", \"language\": \"vi\", "
	         "\"sample\": true, \"targets\": {\"on_time_rate\": 0.99}}");
	put_file("data/units.json",
	         "{\"groups\": [{\"id\": \"so-nganh\", \"name\": \"Sở <i>ngành</i>\"}],"
	         " \"units\": ["
	         "{\"id\": \"so-a\", \"name\": \"Sở <script>alert(1)</script> \\\"A\\\" & 'B'\", "
	         "\"group\": \"so-nganh\", \"website\": \"https://a.example.vn/?a=1&b=\\\"2\\\"\", "
	         "\"description\": \"Mô tả <script>alert(3)</script> [x](javascript:alert(4))\"},"
	         "{\"id\": \"so-b\", \"name\": \"Sở B\", \"group\": \"so-nganh\"},"
	         "{\"id\": \"so-c\", \"name\": \"Sở C\", \"group\": \"so-nganh\", "
	         "\"until\": \"2023-12-31\", \"successors\": [\"so-b\"], "
	         "\"end_reason\": \"<b>sáp nhập</b> & <script>alert(11)</script>\"}]}");
	put_file("data/indices/par.json",
	         "{\"id\": \"par\", \"name\": \"Chỉ số <script>alert(5)</script>\", "
	         "\"levels\": [\"lĩnh <i>vực</i>\"], "
	         "\"description\": \"<script>alert(6)</script>\", "
	         "\"criteria\": [{\"id\": \"a\", \"name\": \"Tiêu chí \\\"a\\\" <b>\", \"max\": 60},"
	         " {\"id\": \"b\", \"name\": \"B\", \"max\": 40}],"
	         " \"bands\": [{\"min\": 80, \"name\": \"Nhóm <A>\"}, {\"min\": 0, \"name\": \"Nhóm B\"}]}");
	put_file("data/periods/2023/par.json",
	         "{\"published\": \"2024-04-17\", \"scores\": ["
	         "{\"unit\": \"so-a\", \"criteria\": {\"a\": 50, \"b\": 35}},"
	         "{\"unit\": \"so-b\", \"criteria\": {\"a\": 40, \"b\": null}}]}");
	put_file("data/periods/2024-q1/services.json",
	         "{\"published\": \"2024-04-10\", \"services\": [{\"unit\": \"so-a\", "
	         "\"carried_over\": 0, \"received\": {\"online\": 0, \"direct\": 0, \"postal\": 0},"
	         " \"resolved\": {\"early\": 0, \"on_time\": 0, \"late\": 0},"
	         " \"pending\": {\"in_time\": 0, \"overdue\": 0}}]}");
	put_file("data/procedures.json",
	         "{\"procedures\": [{\"code\": \"1.000001\", \"name\": \"Thủ tục <script>alert(7)</script>\","
	         " \"field\": \"Hộ tịch & \\\"khác\\\"\", \"groups\": [\"so-nganh\"], \"units\": [],"
	         " \"online\": \"full\", \"url\": \"https://dichvucong.gov.vn/?q=\\\"><script>\"}]}");
	put_file("data/pages/tin-a.md",
	         "---\ntitle: Tin <script>alert(8)</script> \"trích\"\ndate: 2024-04-20\n"
	         "summary: Tóm tắt <b>x</b>\n---\n\nThân bài <script>alert(9)</script>\n\n"
	         "[bấm](javascript:alert(10))\n");
}

static void test_rendered(void)
{
	write_hostile_data();
	char data[128], out[128];
	snprintf(data, sizeof data, "%s/data", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(data, &d);
	if (m)
		mb_compute(m, &d);
	CHECK_MSG(m && !mb_diags_failed(&d, false), "the test data does not load");
	if (!m || mb_diags_failed(&d, false)) {
		mb_diags_print(&d, false);
		mb_diags_release(&d);
		mb_model_free(m);
		return;
	}
	struct mb_out o;
	mb_out_init(&o, out);
	struct mb_downloads dl = {0};
	struct mb_indir tin;
	CHECK_INT(mb_indir_open(&tin, "templates", NULL), 0);
	mb_buf problems;
	mb_buf_init(&problems);
	CHECK_INT(mb_render_pages_jobs(m, &tin, &dl, NULL, &o, 2, &problems), 0);
	CHECK_STR(problems.data, "");
	mb_buf_release(&problems);
	mb_indir_close(&tin);

	static const char *const pages[] = {
		"index.html", "ky/index.html", "ky/2023/index.html", "ky/2024-q1/index.html",
		"don-vi/index.html", "don-vi/so-a/index.html", "don-vi/so-b/index.html",
		"don-vi/so-c/index.html",
		"chi-so/par/index.html", "thu-tuc/index.html", "thu-tuc/so-nganh/index.html",
		"tin-tuc/index.html",
		"tin-tuc/tin-a/index.html", "tai-ve/index.html", "404.html", NULL,
	};
	for (size_t k = 0; pages[k]; k++) {
		char *h = slurp(pages[k]);
		CHECK_MSG(h != NULL, "%s was not written", pages[k]);
		if (!h)
			continue;
		/* Data never brings markup or script; the only <script> is ours
		 * (none on the 404 page, which carries its own style sheet). */
		int scripts = strcmp(pages[k], "404.html") == 0 ? 0 : 1;
		CHECK_MSG(count(h, "<script") == scripts, "%s: %d <script> tags", pages[k],
		          count(h, "<script"));
		CHECK_MSG(!strstr(h, "script>alert("), "%s: data reached the page unescaped", pages[k]);
		CHECK_MSG(!strstr(h, "javascript:"), "%s: a javascript: link", pages[k]);
		CHECK_MSG(!strstr(h, "<b>") && !strstr(h, "<i>") && !strstr(h, "<A>"),
		          "%s: data markup reached the page", pages[k]);
		CHECK_MSG(count(h, "<h1") == 1, "%s: %d <h1>", pages[k], count(h, "<h1"));
		CHECK_MSG(strstr(h, "<html lang=\"vi\">") != NULL, "%s: no lang=vi", pages[k]);
		CHECK_MSG(strstr(h, "Dữ liệu minh họa") != NULL, "%s: no sample notice", pages[k]);
		CHECK_MSG(!strstr(h, "NaN") && !strstr(h, "nan%"), "%s: NaN on the page", pages[k]);
		free(h);
	}
	char *h = slurp("don-vi/so-a/index.html");
	if (h) {
		CHECK(strstr(h, "Sở &lt;script&gt;alert(1)&lt;/script&gt; &quot;A&quot; &amp; &#39;B&#39;"));
		CHECK(strstr(h, "href=\"https://a.example.vn/?a=1&amp;b=&quot;2&quot;\""));
		CHECK(strstr(h, "href=\"../../static/site.css\""));
		CHECK(strstr(h, "href=\"../../index.html\""));
		/* A rate with no files reads as no data, never 0%. */
		CHECK(strstr(h, "không có số liệu") != NULL);
		CHECK(strstr(h, "xếp thứ 1/2") != NULL);
		CHECK(strstr(h, "85,00%") != NULL);
		free(h);
	}
	h = slurp("don-vi/so-b/index.html");
	if (h) {
		/* Sở B: 40 of the 60 points that apply to it. */
		CHECK(strstr(h, "66,67%") != NULL);
		CHECK(strstr(h, "40/60 điểm") != NULL);
		CHECK(strstr(h, "không áp dụng") != NULL);
		free(h);
	}
	/* A former unit: when it ended and why (the data's words, escaped),
	 * its successor; the successor names it; the A–Z list puts it apart. */
	h = slurp("don-vi/so-c/index.html");
	if (h) {
		CHECK(strstr(h, "Đã kết thúc hoạt động từ 01/01/2024</strong> "
		                "(&lt;b&gt;sáp nhập&lt;/b&gt; &amp; "
		                "&lt;script&gt;alert(11)&lt;/script&gt;)."));
		CHECK(strstr(h, "Đơn vị kế thừa: "
		                "<a href=\"../../don-vi/so-b/index.html\">Sở B</a>"));
		free(h);
	}
	h = slurp("don-vi/so-b/index.html");
	if (h) {
		CHECK(strstr(h, "Tiếp nhận chức năng, nhiệm vụ của: "
		                "<a href=\"../../don-vi/so-c/index.html\">Sở C</a> "
		                "(từ 01/01/2024)"));
		CHECK(strstr(h, "Điểm từng lĩnh &lt;i&gt;vực&lt;/i&gt;, tiêu chí thành phần")
		      == NULL);
		CHECK(strstr(h, "Điểm từng lĩnh &lt;i&gt;vực&lt;/i&gt; – Năm 2023") != NULL);
		free(h);
	}
	h = slurp("don-vi/index.html");
	if (h) {
		char *former = strstr(h, "Đơn vị đã kết thúc hoạt động <span");
		CHECK(former != NULL);
		CHECK(former && strstr(former, "don-vi/so-c/index.html\">Sở C</a> "
		                               "<span class=\"muted\">(đến 31/12/2023)"));
		CHECK(former && !strstr(former, "so-b/index.html"));
		free(h);
	}
	h = slurp("don-vi/tim-kiem.js");
	if (h) {
		CHECK(strstr(h, "[\"so-c\",\"Sở C\",\"Sở <i>ngành</i>\",\"\",1]"));
		CHECK(strstr(h, "[\"so-b\",\"Sở B\",\"Sở <i>ngành</i>\",\"\",0]"));
		free(h);
	}
	/* A year leads to years only: 2024-q1 is no "next" of 2023. */
	h = slurp("ky/2023/index.html");
	if (h) {
		CHECK(!strstr(h, "rel=\"next\"") && !strstr(h, "rel=\"prev\""));
		CHECK(strstr(h, "<h1>Kết quả năm 2023</h1>") != NULL);
		free(h);
	}
	h = slurp("thu-tuc/so-nganh/index.html");
	CHECK_MSG(h && strstr(h, "Thủ tục &lt;script&gt;alert(7)&lt;/script&gt;"),
	          "the level's page lists its procedures, escaped");
	free(h);
	h = slurp("thu-tuc/index.html");
	if (h) {
		CHECK(strstr(h, "Thủ tục &lt;script&gt;alert(7)&lt;/script&gt;"));
		CHECK(strstr(h, "Hộ tịch &amp; &quot;khác&quot;"));
		CHECK(strstr(h, "?q=&quot;&gt;&lt;script&gt;"));
		free(h);
	}
	h = slurp("tin-tuc/tin-a/index.html");
	if (h) {
		CHECK(strstr(h, "<title>Tin &lt;script&gt;alert(8)&lt;/script&gt; &quot;trích&quot; –"));
		CHECK(strstr(h, "<meta property=\"og:title\" content=\"Tin &lt;script&gt;"));
		CHECK(strstr(h, "<p>Thân bài") != NULL);
		free(h);
	}
	h = slurp("sitemap.xml");
	CHECK(h && strstr(h, "<loc>https://cchc.example.gov.vn/don-vi/so-a/</loc>"));
	free(h);
	h = slurp("robots.txt");
	CHECK(h && strstr(h, "Sitemap: https://cchc.example.gov.vn/sitemap.xml"));
	free(h);
	/* The 404 page is shown at any missing path of any host: its style
	 * sheet and icon are in the page, its links absolute. */
	h = slurp("404.html");
	CHECK(h && strstr(h, "<style>\n/* site.css") && strstr(h, "table.stack"));
	CHECK(h && strstr(h, "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg"));
	CHECK(h && !strstr(h, "static/"));
	CHECK(h && strstr(h, "href=\"https://cchc.example.gov.vn/don-vi/index.html\""));
	free(h);

	mb_out_release(&o);
	mb_model_free(m);
	mb_diags_release(&d);
}

int main(void)
{
	test_root();
	test_numbers();
	test_dates_sizes();
	test_change();
	test_sort_key();
	test_day_capital();
	test_index_words();
	test_markdown();
	snprintf(dir, sizeof dir, "/tmp/mb-test-pages-XXXXXX");
	if (mkdtemp(dir)) {
		if (getenv("KEEP")) fprintf(stderr, "%s\n", dir);
		test_rendered();
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (!getenv("KEEP") && system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	} else {
		CHECK_MSG(0, "mkdtemp failed");
	}
	return TEST_END();
}
