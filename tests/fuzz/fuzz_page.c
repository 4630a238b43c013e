/* fuzz_page.c - fuzz target: a Markdown page, front matter and body, as the build reads it. */
#include "fuzz.h"

#include <utf8proc.h>

#include "diag.h"
#include "frontmatter.h"
#include "markdown.h"
#include "model.h"

/*
 * The input is a page file: when it is text the reader would pass (valid
 * UTF-8, no NUL byte), its front matter, title and body are parsed as the
 * loader does, in memory (no data folder), and a valid page's body is
 * rendered as the page renderer does.  The input is also rendered on its
 * own, with the first byte choosing the top heading level, to reach
 * Markdown that front matter parsing would have refused.
 */
static bool readable(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < size;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(data + i, (utf8proc_ssize_t)(size - i), &cp);
		if (n <= 0 || cp == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (readable(data, size)) {
		char *text = malloc(size + 1);
		if (!text)
			abort();
		memcpy(text, data, size);
		text[size] = '\0';
		struct mb_diags d;
		mb_diags_init(&d);
		struct mb_page pg;
		memset(&pg, 0, sizeof pg);
		if (mb_page_parse(text, "pages/trang.md", &pg, &d) && !pg.draft)
			free(mb_markdown_html(pg.body_md, strlen(pg.body_md), 2, pg.title));
		mb_page_release(&pg);
		mb_diags_release(&d);
		free(text);
	}

	int top = size ? 1 + data[0] % 6 : 1;
	size_t tlen = size > 1 ? data[0] % 16 : 0;
	if (tlen > size - 1)
		tlen = size - 1;
	char *title = size > 1 ? strndup((const char *)data + 1, tlen) : NULL;
	free(mb_markdown_html((const char *)data, size, top, title));
	free(mb_markdown_html(NULL, 0, top, NULL));
	free(title);
	return 0;
}
