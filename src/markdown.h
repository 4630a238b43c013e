/* markdown.h - Markdown to safe HTML for pages, unit and index descriptions. */
#ifndef MB_MARKDOWN_H
#define MB_MARKDOWN_H

#include <stddef.h>

/*
 * Renders CommonMark text to HTML with libcmark in its safe mode: raw HTML
 * is replaced by a comment and links to javascript:, vbscript:, file: and
 * data: (except images) are dropped, because page bodies come from data.
 *
 * Headings are shifted down so the highest one is at least <h{top_level}>,
 * which keeps exactly one <h1> per page and headings in order wherever the
 * fragment is placed.  When drop_title is not NULL and the first block is a
 * heading whose text equals it, that heading is removed: the page already
 * shows the title as its <h1>.
 *
 * Returns a malloc'd NUL-terminated string (caller frees); NULL md reads as
 * empty.  Out of memory aborts.
 */
char *mb_markdown_html(const char *md, size_t len, int top_level, const char *drop_title);

/*
 * The same for a page at some depth of the site: links and images written
 * from the site's top ("/ky/2023/") are made relative with root (the page's
 * way back to the top, "../../"), and a link to a folder gets "index.html",
 * so the site keeps working from any folder and offline.  A NULL root
 * leaves them alone.
 */
char *mb_markdown_html_at(const char *md, size_t len, int top_level, const char *drop_title,
                          const char *root);

#endif
