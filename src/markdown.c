/* markdown.c - Markdown rendering through libcmark, safe mode, headings demoted. */
#include "markdown.h"

#include <cmark.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"

/* Appends the plain text of a heading (text and code spans, no markup). */
static void plain_text(cmark_node *node, mb_buf *b)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *s = cmark_node_get_literal(c);
			if (s)
				mb_buf_puts(b, s);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			mb_buf_putc(b, ' ');
		} else {
			plain_text(c, b);
		}
	}
}

static void drop_title_heading(cmark_node *doc, const char *title)
{
	cmark_node *first = cmark_node_first_child(doc);
	if (!first || cmark_node_get_type(first) != CMARK_NODE_HEADING)
		return;
	mb_buf b;
	mb_buf_init(&b);
	plain_text(first, &b);
	if (strcmp(b.data, title) == 0) {
		cmark_node_unlink(first);
		cmark_node_free(first);
	}
	mb_buf_release(&b);
}

/* Headings can sit inside block quotes and list items, so walk the tree. */
static int min_heading_level(cmark_node *doc)
{
	int min = 7;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(n);
			if (l < min)
				min = l;
		}
	}
	cmark_iter_free(it);
	return min;
}

static void shift_headings(cmark_node *doc, int by)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		int l = cmark_node_get_heading_level(n) + by;
		cmark_node_set_heading_level(n, l > 6 ? 6 : l);
	}
	cmark_iter_free(it);
}

/* "/ky/2023/" -> root + "ky/2023/index.html"; "//host/x" is left alone. */
static void relative_links(cmark_node *doc, const char *root)
{
	mb_buf b;
	mb_buf_init(&b);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(n);
		if (!url || url[0] != '/' || url[1] == '/')
			continue;
		size_t path = strcspn(url, "?#");
		mb_buf_reset(&b);
		mb_buf_puts(&b, root);
		mb_buf_put(&b, url + 1, path - 1);
		if (url[path - 1] == '/')
			mb_buf_puts(&b, "index.html");
		mb_buf_puts(&b, url + path);
		cmark_node_set_url(n, b.data);
	}
	cmark_iter_free(it);
	mb_buf_release(&b);
}

char *mb_markdown_html(const char *md, size_t len, int top_level, const char *drop_title)
{
	return mb_markdown_html_at(md, len, top_level, drop_title, NULL);
}

char *mb_markdown_html_at(const char *md, size_t len, int top_level, const char *drop_title,
                          const char *root)
{
	if (!md)
		md = "", len = 0;
	/* CMARK_OPT_DEFAULT is safe since cmark 0.29: raw HTML and dangerous
	 * URLs are dropped unless CMARK_OPT_UNSAFE is given.  Never add it. */
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		mb_die("out of memory parsing Markdown");
	if (drop_title)
		drop_title_heading(doc, drop_title);
	if (root)
		relative_links(doc, root);
	int min = min_heading_level(doc);
	if (min <= 6 && min < top_level)
		shift_headings(doc, top_level - min);
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	cmark_node_free(doc);
	if (!html)
		mb_die("out of memory rendering Markdown");
	/* cmark allocates with the C library's malloc by default, so the
	 * caller's free() matches; copy anyway to keep ownership in our
	 * allocator should cmark ever be built with another one. */
	char *out = mb_xstrdup(html);
	cmark_get_default_mem_allocator()->free(html);
	return out;
}
