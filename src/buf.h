/* buf.h - the one growable byte buffer all output goes through. */
#ifndef MB_BUF_H
#define MB_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable, always NUL-terminated byte buffer.  Embed it (mb_buf_init /
 * mb_buf_release) or detach its storage to keep the bytes.  Allocation
 * failure aborts the program: out of memory is not a data problem.
 */
typedef struct mb_buf {
	char *data;  /* NUL-terminated; never NULL after init */
	size_t len;  /* bytes used, excluding the terminating NUL */
	size_t cap;  /* bytes allocated */
} mb_buf;

void mb_buf_init(mb_buf *b);
void mb_buf_release(mb_buf *b);           /* frees storage; init again before reuse */
void mb_buf_reset(mb_buf *b);             /* len = 0, keeps storage */
void mb_buf_grow(mb_buf *b, size_t extra); /* ensure room for extra bytes */
void mb_buf_put(mb_buf *b, const void *p, size_t n);
void mb_buf_puts(mb_buf *b, const char *s);
void mb_buf_putc(mb_buf *b, char c);
void mb_buf_printf(mb_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mb_buf_vprintf(mb_buf *b, const char *fmt, va_list ap);
/* Returns the malloc'd bytes (caller frees) and re-inits the buffer (still release it). */
char *mb_buf_detach(mb_buf *b, size_t *len);

/* A malloc'd formatted string (caller frees). */
char *mb_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Escapers: append s (n bytes) to b, escaped for the target. */
void mb_buf_html(mb_buf *b, const char *s, size_t n);  /* & < > " ' */
void mb_buf_json_str(mb_buf *b, const char *s);         /* with quotes */
void mb_buf_xml(mb_buf *b, const char *s);              /* same as html */

#endif
