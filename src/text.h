/* text.h - text rules the loader and the front matter share: NFC. */
#ifndef MB_TEXT_H
#define MB_TEXT_H

#include <stdbool.h>

/* An NFC copy of UTF-8 text (already validated by the reader); the caller
 * frees it. */
char *mb_nfc(const char *s);

#endif
