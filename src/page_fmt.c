/* page_fmt.c - Vietnamese display of numbers, dates, sizes and rank changes. */
#include "page_fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

void mb_page_put_root(mb_buf *b, const char *rel)
{
	for (const char *p = rel; *p; p++)
		if (*p == '/')
			mb_buf_puts(b, "../");
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

void mb_page_put_lower_first(mb_buf *b, const char *label)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)label;
	utf8proc_int32_t cp = 0;
	utf8proc_ssize_t n = *s ? utf8proc_iterate(s, -1, &cp) : 0;
	if (n <= 0 || cp <= 0) {
		mb_buf_puts(b, label);
		return;
	}
	utf8proc_uint8_t out[4];
	utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_tolower(cp), out);
	mb_buf_put(b, (const char *)out, (size_t)w);
	mb_buf_puts(b, label + n);
}

void mb_page_put_date(mb_buf *b, const char *iso)
{
	if (strlen(iso) != 10 || !digits(iso, 4) || iso[4] != '-' || !digits(iso + 5, 2) ||
	    iso[7] != '-' || !digits(iso + 8, 2)) {
		mb_buf_puts(b, iso);
		return;
	}
	mb_buf_printf(b, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

void mb_page_put_day(mb_buf *b, mb_day d)
{
	char iso[11];
	mb_day_iso(d, iso);
	mb_page_put_date(b, iso);
}

void mb_page_put_capital(mb_buf *b, const char *s)
{
	if (!*s)
		return;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                                      (utf8proc_ssize_t)strlen(s), &cp);
	if (n <= 0) {
		mb_buf_puts(b, s);
		return;
	}
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_toupper(cp), enc);
	mb_buf_put(b, (const char *)enc, (size_t)k);
	mb_buf_puts(b, s + n);
}

void mb_page_put_size(mb_buf *b, uint64_t bytes)
{
	static const char *const unit[] = {"KB", "MB", "GB", "TB"};
	if (bytes < 1024) {
		mb_buf_printf(b, "%llu byte", (unsigned long long)bytes);
		return;
	}
	/* Tenths of the unit, rounded half up, computed in integers. */
	int u = 0;
	uint64_t div = 1024;
	while (u < 3 && bytes >= div * 1024 - div / 20)
		div *= 1024, u++;
	uint64_t tenths = (bytes * 10 + div / 2) / div;
	mb_put_vi_trim(b, (int64_t)tenths, 1);
	mb_buf_printf(b, " %s", unit[u]);
}

void mb_page_put_pct2(mb_buf *b, int64_t pct2)
{
	mb_put_vi(b, pct2, 2);
	mb_buf_putc(b, '%');
}

void mb_page_put_ratio(mb_buf *b, const struct mb_ratio *r)
{
	if (!r->valid) {
		mb_buf_puts(b, MB_PAGE_NO_DATA);
		return;
	}
	mb_page_put_pct2(b, r->pct2);
}

void mb_page_put_target(mb_buf *b, int64_t millionths)
{
	/* millionths of one = ten-thousandths of a percent. */
	mb_put_vi_trim(b, millionths, 4);
	mb_buf_putc(b, '%');
}

void mb_page_put_points(mb_buf *b, mb_fx v)
{
	mb_put_vi_trim(b, v, 4);
}

void mb_page_put_count(mb_buf *b, int64_t n)
{
	mb_put_vi(b, n, 0);
}

void mb_page_put_vnd(mb_buf *b, int64_t n)
{
	mb_put_vi(b, n, 0);
	mb_buf_puts(b, " đồng");
}

void mb_page_change(struct mb_page_change *c, bool has_prev, int change)
{
	if (!has_prev) {
		c->dir = "new";
		c->delta = 0;
		snprintf(c->arrow, sizeof c->arrow, "mới");
		snprintf(c->words, sizeof c->words, "mới xếp hạng");
		return;
	}
	c->delta = change;
	if (c->delta > 0) {
		c->dir = "up";
		snprintf(c->arrow, sizeof c->arrow, "↑%d", c->delta);
		snprintf(c->words, sizeof c->words, "tăng %d bậc", c->delta);
	} else if (c->delta < 0) {
		c->dir = "down";
		snprintf(c->arrow, sizeof c->arrow, "↓%d", -c->delta);
		snprintf(c->words, sizeof c->words, "giảm %d bậc", -c->delta);
	} else {
		c->dir = "same";
		snprintf(c->arrow, sizeof c->arrow, "=");
		snprintf(c->words, sizeof c->words, "giữ nguyên thứ hạng");
	}
}

void mb_page_change_reorganised(struct mb_page_change *c, mb_day day)
{
	char iso[11];
	mb_day_iso(day, iso);
	c->dir = "reorg";
	c->delta = 0;
	snprintf(c->arrow, sizeof c->arrow, "–");
	snprintf(c->words, sizeof c->words, "không so sánh thứ hạng: các đơn vị trong nhóm được "
	         "sắp xếp lại từ %.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

const char *mb_page_online_label(enum mb_online o)
{
	switch (o) {
	case MB_ONLINE_FULL: return "Toàn trình";
	case MB_ONLINE_PARTIAL: return "Một phần";
	default: return "Không";
	}
}

const char *mb_page_online_class(enum mb_online o)
{
	switch (o) {
	case MB_ONLINE_FULL: return "full";
	case MB_ONLINE_PARTIAL: return "partial";
	default: return "none";
	}
}

/*
 * Sort key of a unit name in Vietnamese alphabetical order.  Tones and
 * other marks are ignored (they only break ties), "đ" sorts after every
 * "d", and with skip_kind the words every name of a kind starts with
 * ("UBND", "xã", "phường", "huyện", ...) are skipped, so "UBND xã An Bình"
 * files under A.
 */
char *mb_page_sort_key(const char *name, bool skip_kind)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                          UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
	                                          UTF8PROC_CASEFOLD);
	if (n < 0)
		return mb_xstrdup(name);
	static const char *const skip[] = {"ubnd ", "uy ban nhan dan ", NULL};
	static const char *const kind[] = {"thanh pho ", "thi xa ", "thi tran ", "huyen ",
	                                   "quan ", "phuong ", "xa ", NULL};
	const char *s = (const char *)folded;
	for (size_t k = 0; skip_kind && skip[k]; k++)
		if (strncmp(s, skip[k], strlen(skip[k])) == 0)
			s += strlen(skip[k]);
	for (size_t k = 0; skip_kind && kind[k]; k++)
		if (strncmp(s, kind[k], strlen(kind[k])) == 0) {
			s += strlen(kind[k]);
			break;
		}
	mb_buf b;
	mb_buf_init(&b);
	for (; *s; s++) {
		if ((unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x91) {
			mb_buf_puts(&b, "d\x7f");
			s++;
		} else {
			mb_buf_putc(&b, *s);
		}
	}
	free(folded);
	char *key = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return key;
}
