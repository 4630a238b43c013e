/* dl_sheet_name.c - worksheet names that Excel accepts: short, clean and unique. */
#include "dl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

#define SHEET_NAME_MAX 31 /* characters, Excel's limit */

void mb_dl_names_init(struct mb_dl_names *s)
{
	memset(s, 0, sizeof *s);
}

void mb_dl_names_release(struct mb_dl_names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

size_t mb_dl_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Byte length of the first `chars` code points of s. */
static size_t utf8_prefix(const char *s, size_t chars)
{
	size_t i = 0;
	while (s[i] && chars > 0) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

/* Excel compares sheet names without regard to case, in every script: "Xã"
 * and "XÃ" clash.  Full Unicode case folding gives the same answer. */
static char *fold(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE |
	                                          UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return mb_xstrdup(s); /* invalid UTF-8 cannot come from the model */
	return (char *)out;
}

static bool taken(const struct mb_dl_names *s, const char *name)
{
	char *f = fold(name);
	/* Excel reserves "History" for its change tracking. */
	bool hit = strcmp(f, "history") == 0;
	for (size_t i = 0; !hit && i < s->n; i++)
		hit = strcmp(s->v[i], f) == 0;
	free(f);
	return hit;
}

static void trim_end(mb_buf *b)
{
	while (b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\''))
		b->data[--b->len] = '\0';
}

/* Replaces the characters Excel forbids with look-alikes that keep the name
 * readable ("Sở/ngành" -> "Sở-ngành"), turns controls into spaces, collapses
 * spaces and strips the apostrophes Excel forbids at either end. */
static void sanitise(mb_buf *b, const char *want)
{
	for (const char *p = want; *p; p++) {
		char c = *p;
		if (c == '[')
			c = '(';
		else if (c == ']')
			c = ')';
		else if (c == ':' || c == '/' || c == '\\')
			c = '-';
		else if (c == '*' || c == '?')
			continue;
		else if ((unsigned char)c < 0x20 || c == 0x7F)
			c = ' ';
		if (c == ' ' && (b->len == 0 || b->data[b->len - 1] == ' '))
			continue;
		if (c == '\'' && b->len == 0)
			continue;
		mb_buf_putc(b, c);
	}
	trim_end(b);
	size_t cut = utf8_prefix(b->data, SHEET_NAME_MAX);
	b->len = cut;
	b->data[cut] = '\0';
	trim_end(b);
	if (b->len == 0)
		mb_buf_puts(b, "Trang tính");
}

char *mb_dl_sheet_name(struct mb_dl_names *s, const char *want)
{
	mb_buf base, cand;
	mb_buf_init(&base);
	mb_buf_init(&cand);
	sanitise(&base, want);
	mb_buf_puts(&cand, base.data);
	for (int n = 2; taken(s, cand.data); n++) {
		char suffix[24];
		int sl = snprintf(suffix, sizeof suffix, " (%d)", n);
		mb_buf_reset(&cand);
		mb_buf_put(&cand, base.data, utf8_prefix(base.data, SHEET_NAME_MAX - (size_t)sl));
		trim_end(&cand);
		mb_buf_puts(&cand, suffix);
	}
	MB_PUSH(s->v, s->n, s->cap, fold(cand.data));
	mb_buf_release(&base);
	char *name = mb_buf_detach(&cand, NULL);
	mb_buf_release(&cand); /* detach leaves a fresh empty buffer */
	return name;
}
