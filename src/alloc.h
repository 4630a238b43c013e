/* alloc.h - allocation wrappers that abort on exhaustion, and fatal errors. */
#ifndef MB_ALLOC_H
#define MB_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Out of memory and programmer bugs end the program; data problems never do. */
_Noreturn void mb_die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *mb_xmalloc(size_t n);
void *mb_xcalloc(size_t n, size_t size);
void *mb_xrealloc(void *p, size_t n);
void *mb_xreallocarray(void *p, size_t n, size_t size);
char *mb_xstrdup(const char *s);
char *mb_xstrndup(const char *s, size_t n);

/* Append one element to a growable array: MB_PUSH(arr, len, cap, value). */
#define MB_PUSH(arr, len, cap, val)                                         \
	do {                                                                \
		if ((len) == (cap)) {                                       \
			(cap) = (cap) ? (cap) * 2 : 8;                      \
			(arr) = mb_xreallocarray((arr), (cap), sizeof *(arr)); \
		}                                                           \
		(arr)[(len)++] = (val);                                     \
	} while (0)

#endif
