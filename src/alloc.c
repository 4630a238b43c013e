/* alloc.c - allocation wrappers that abort on exhaustion. */
#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void mb_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("minhbach: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

void *mb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		mb_die("out of memory (%zu bytes)", n);
	return p;
}

void *mb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		mb_die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *mb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		mb_die("out of memory (%zu bytes)", n);
	return q;
}

void *mb_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		mb_die("allocation overflow (%zu x %zu)", n, size);
	return mb_xrealloc(p, n * size);
}

char *mb_xstrdup(const char *s)
{
	return mb_xstrndup(s, strlen(s));
}

char *mb_xstrndup(const char *s, size_t n)
{
	char *p = mb_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
