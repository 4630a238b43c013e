/* fuzz_mustache.c - fuzz target: the Mustache engine, templates and context both hostile. */
#include "fuzz.h"

#include <cjson/cJSON.h>

#include "buf.h"
#include "mustache.h"

/*
 * The input is NUL-separated: a JSON context, then up to eight pairs of a
 * template name and its source ("ctx\0page\0{{>p}}\0p\0{{x}}").  Every
 * template that parses is added; the set is checked, then the first
 * template is rendered with the context (or with none when it does not
 * parse), as the build renders a page.
 */
#define MAX_TEMPLATES 8

/* The next NUL-terminated field of the input; *len is its length. */
static const char *field(const uint8_t **p, const uint8_t *end, size_t *len)
{
	if (*p >= end)
		return NULL;
	const uint8_t *s = *p, *z = memchr(s, 0, (size_t)(end - s));
	*len = (size_t)((z ? z : end) - s);
	*p = z ? z + 1 : end;
	return (const char *)s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	size_t clen = 0;
	const char *ctx_text = field(&p, end, &clen);
	cJSON *ctx = ctx_text ? cJSON_ParseWithLength(ctx_text, clen) : NULL;

	struct mb_tmpl_set *set = mb_tmpl_set_new();
	mb_buf err, out;
	mb_buf_init(&err);
	mb_buf_init(&out);
	char *first = NULL;
	for (int i = 0; i < MAX_TEMPLATES; i++) {
		size_t nlen, slen = 0;
		const char *name = field(&p, end, &nlen);
		if (!name)
			break;
		const char *src = field(&p, end, &slen);
		char *n = strndup(name, nlen);
		if (mb_tmpl_set_add(set, n, src ? src : "", src ? slen : 0, n, &err) == 0 && !first)
			first = strdup(n);
		free(n);
	}
	mb_tmpl_set_check(set, &err);
	if (first) {
		mb_tmpl_render(set, first, ctx, &out);
		mb_buf_reset(&out);
		mb_tmpl_render(set, "missing", ctx, &out);
	}
	free(first);
	mb_buf_release(&out);
	mb_buf_release(&err);
	mb_tmpl_set_free(set);
	cJSON_Delete(ctx);
	return 0;
}
