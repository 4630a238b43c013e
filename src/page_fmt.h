/* page_fmt.h - Vietnamese display of numbers, dates, sizes and rank changes on pages. */
#ifndef MB_PAGE_FMT_H
#define MB_PAGE_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "model.h"

/* What pages print where a value cannot be computed (a zero denominator). */
#define MB_PAGE_NO_DATA "không có số liệu"
/* What pages print for a criterion that does not apply to a unit (null). */
#define MB_PAGE_NOT_APPLICABLE "không áp dụng"

/*
 * Appends the relative prefix that leads from the page at rel (a path
 * under OUT such as "don-vi/so-tu-phap/index.html") back to OUT: one "../"
 * per folder.  "index.html" gives "", "ky/2023/index.html" gives "../../".
 * Every link on a page starts with it, so the site works from any folder.
 */
void mb_page_put_root(mb_buf *b, const char *rel);

/* A label inside a sentence: its first letter in lower case ("Năm 2023" ->
 * "năm 2023", "Quý II/2023" -> "quý II/2023": "kết quả năm 2023"). */
void mb_page_put_lower_first(mb_buf *b, const char *label);

/* "2023-05-17" -> "17/05/2023"; anything else is copied unchanged. */
void mb_page_put_date(mb_buf *b, const char *iso);

/* A calendar day (calendar.h) as "01/07/2025". */
void mb_page_put_day(mb_buf *b, mb_day d);

/* s with its first letter in capitals, for a heading made of words of the
 * data ("lĩnh vực, tiêu chí" -> "Lĩnh vực, tiêu chí"). */
void mb_page_put_capital(mb_buf *b, const char *s);

/* File size in Vietnamese units: "850 byte", "15,3 KB", "1,2 MB" (1 KB = 1024 byte). */
void mb_page_put_size(mb_buf *b, uint64_t bytes);

/* A percentage compute rounded to 2 decimals (hundredths, struct
 * mb_ratio's pct2): 4031 -> "40,31%".  Writes its digits; never rounds. */
void mb_page_put_pct2(mb_buf *b, int64_t pct2);
/* A ratio as its 2-decimal percentage ("95,57%"), or MB_PAGE_NO_DATA when
 * its denominator is zero. */
void mb_page_put_ratio(mb_buf *b, const struct mb_ratio *r);
/* A target or band threshold given in millionths of one (ten-thousandths
 * of a percent), every given digit: 990000 -> "99%", 995000 -> "99,5%",
 * 991250 -> "99,125%". */
void mb_page_put_target(mb_buf *b, int64_t millionths);

/* Points (fixed point), trailing zeros dropped: "9,07", "10", "7,775". */
void mb_page_put_points(mb_buf *b, mb_fx v);
/* A count with dot thousands: "40.689". */
void mb_page_put_count(mb_buf *b, int64_t n);
/* An amount of money: "17.000.000 đồng". */
void mb_page_put_vnd(mb_buf *b, int64_t n);

/*
 * A rank change for display.  `dir` is "up", "down", "same" or "new"
 * (a CSS class), `arrow` what sighted readers see ("↑13", "↓4", "=", "mới")
 * and `words` what screen readers hear ("tăng 13 bậc", "giảm 4 bậc",
 * "giữ nguyên thứ hạng", "mới xếp hạng") of a score's rank_change (places
 * climbed, as compute counted them); has_prev false means no earlier rank.
 * mb_page_change_reorganised: no rank change because the group was
 * reorganised on `day` (struct mb_score: reorganised_on): dir "reorg",
 * arrow "–", words "không so sánh thứ hạng: các đơn vị trong nhóm được
 * sắp xếp lại từ 01/07/2025".
 */
struct mb_page_change {
	const char *dir;
	char arrow[32];
	char words[160];
	int delta; /* positive for a climb */
};
void mb_page_change(struct mb_page_change *c, bool has_prev, int change);
void mb_page_change_reorganised(struct mb_page_change *c, mb_day day);

/* "Toàn trình", "Một phần", "Không" and their CSS classes. */
const char *mb_page_online_label(enum mb_online o);
const char *mb_page_online_class(enum mb_online o);

/* A key that sorts names in Vietnamese alphabetical order with strcmp():
 * marks ignored, "đ" after "d", case folded; with skip_kind the leading
 * "UBND" and kind words ("xã", "phường", "huyện", ...) are skipped.
 * Returns a malloc'd string (caller frees). */
char *mb_page_sort_key(const char *name, bool skip_kind);

#endif
