/* text.c - text rules the loader, the front matter and import share: NFC, characters a text may not hold, distance. */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

char *mb_nfc(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			goto wide;
	return mb_xstrdup(s);
wide:;
	utf8proc_uint8_t *r = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (!r)
		return mb_xstrdup(s);
	char *out = mb_xstrdup((char *)r);
	free(r);
	return out;
}

/*
 * The first character of s that a text may not hold, or 0: control
 * characters (tab, line feed and carriage return only where the text may
 * have several lines, like a Markdown description), and U+FFFE and U+FFFF.
 * None of them can be written in the XML of a workbook (libxlsxwriter
 * would write an unreadable file), and none belongs in a name.  *at gets
 * its position in characters, from 1.
 */
int32_t mb_bad_char(const char *s, bool multiline, size_t *at)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t n = strlen(s), chars = 0;
	for (size_t i = 0; i < n; chars++) {
		utf8proc_int32_t cp = p[i];
		utf8proc_ssize_t k = 1;
		if (cp >= 0x80 && (k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp)) <= 0)
			return 0; /* the reader checked the UTF-8: not reached */
		i += (size_t)k;
		bool allowed = multiline && (cp == '\t' || cp == '\n' || cp == '\r');
		if (((cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) && !allowed) || cp == 0xfffe || cp == 0xffff) {
			*at = chars + 1;
			return cp;
		}
	}
	return 0;
}

/* Decodes UTF-8 into code points (at most cap); returns how many. */
static size_t code_points(const char *s, utf8proc_int32_t *out, size_t cap)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < cap;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			break;
		out[n++] = cp;
		i += (size_t)k;
	}
	return n;
}

#define MAX_CMP 128 /* longer names are compared on their first 128 letters */

size_t mb_edit_distance(const char *a, const char *b)
{
	utf8proc_int32_t x[MAX_CMP], y[MAX_CMP];
	size_t n = code_points(a, x, MAX_CMP), m = code_points(b, y, MAX_CMP);
	size_t row[MAX_CMP + 1];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t best = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

size_t mb_text_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
