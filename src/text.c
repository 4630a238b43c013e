/* text.c - text rules the loader and the front matter share: NFC, characters a text may not hold. */
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
