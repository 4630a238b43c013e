/* text.c - text rules the loader and the front matter share: NFC. */
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
