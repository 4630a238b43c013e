/* fuzz_page.c - fuzz target: a Markdown page, front matter and body, as the build reads it. */
#include "fuzz.h"

#include "diag.h"
#include "load.h"
#include "markdown.h"
#include "model.h"

/*
 * The input becomes pages/trang.md of a small valid data folder, which is
 * loaded (front matter, title, slug rules); each published page's body is
 * then rendered as the page renderer does.  The input is also rendered on
 * its own, with the first byte choosing the top heading level, to reach
 * Markdown that front matter parsing would have refused.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_data_dir();
	fuzz_write(dir, "pages/trang.md", data, size);

	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(dir, &d);
	for (size_t i = 0; m && i < m->npages; i++) {
		const struct mb_page *pg = &m->pages[i];
		const char *md = pg->body_md ? pg->body_md : "";
		free(mb_markdown_html(md, strlen(md), 2, pg->title));
	}
	mb_model_free(m);
	mb_diags_release(&d);

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
