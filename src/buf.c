/* buf.c - growable byte buffer and the escapers that append to it. */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"

void mb_buf_init(mb_buf *b)
{
	b->cap = 64;
	b->len = 0;
	b->data = mb_xmalloc(b->cap);
	b->data[0] = '\0';
}

void mb_buf_release(mb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void mb_buf_reset(mb_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

void mb_buf_grow(mb_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			mb_die("buffer too large");
		cap *= 2;
	}
	b->data = mb_xrealloc(b->data, cap);
	b->cap = cap;
}

void mb_buf_put(mb_buf *b, const void *p, size_t n)
{
	mb_buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void mb_buf_puts(mb_buf *b, const char *s)
{
	mb_buf_put(b, s, strlen(s));
}

void mb_buf_putc(mb_buf *b, char c)
{
	mb_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void mb_buf_vprintf(mb_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		mb_die("vsnprintf failed");
	if ((size_t)n >= b->cap - b->len) {
		mb_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void mb_buf_printf(mb_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *mb_buf_detach(mb_buf *b, size_t *len)
{
	char *p = b->data;
	if (len)
		*len = b->len;
	mb_buf_init(b);
	return p;
}

char *mb_strf(const char *fmt, ...)
{
	mb_buf b;
	mb_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.data;
}

void mb_buf_html(mb_buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		mb_buf_put(b, s + start, i - start);
		mb_buf_puts(b, rep);
		start = i + 1;
	}
	mb_buf_put(b, s + start, n - start);
}

void mb_buf_xml(mb_buf *b, const char *s)
{
	mb_buf_html(b, s, strlen(s));
}

void mb_buf_json_str(mb_buf *b, const char *s)
{
	mb_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': mb_buf_puts(b, "\\\""); break;
		case '\\': mb_buf_puts(b, "\\\\"); break;
		case '\n': mb_buf_puts(b, "\\n"); break;
		case '\r': mb_buf_puts(b, "\\r"); break;
		case '\t': mb_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20)
				mb_buf_printf(b, "\\u%04x", *p);
			else
				mb_buf_putc(b, (char)*p);
		}
	}
	mb_buf_putc(b, '"');
}
