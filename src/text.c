/* text.c - text rules the loader and the front matter share: NFC and dates. */
#include "text.h"

#include <stdio.h>
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

bool mb_is_date(const char *s)
{
	int y, mo, da;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &da, &tail) != 3)
		return false;
	if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 2999 || mo < 1 || mo > 12 || da < 1)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int max = mdays[mo - 1] + (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	return da <= max;
}
