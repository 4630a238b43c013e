/* text.h - text rules the loader, the front matter and import share: NFC, characters a text may not hold, distance. */
#ifndef MB_TEXT_H
#define MB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An NFC copy of UTF-8 text (already validated by the reader); the caller
 * frees it. */
char *mb_nfc(const char *s);

/*
 * The first character of s (valid UTF-8) that a text may not hold, or 0:
 * control characters (tab, line feed and carriage return are allowed only
 * when multiline, as in a Markdown description), U+FFFE and U+FFFF, which
 * no workbook's XML can carry.  *at gets its position in characters, from 1.
 */
int32_t mb_bad_char(const char *s, bool multiline, size_t *at);

/* Levenshtein distance in characters (the first 128 of each). */
size_t mb_edit_distance(const char *a, const char *b);
/* Characters (code points) of UTF-8 text. */
size_t mb_text_len(const char *s);

#endif
