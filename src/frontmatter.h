/* frontmatter.h - a Markdown page file read into a page: front matter, title, body. */
#ifndef MB_FRONTMATTER_H
#define MB_FRONTMATTER_H

#include <stdbool.h>

#include "diag.h"
#include "model.h"

/*
 * Reads the text of a page file (SPEC §2, pages/<slug>.md): optional front
 * matter between "---" lines, one "key: value" per line (title, date,
 * summary, order, draft; an unknown key is a warning), then the Markdown
 * body.  Without a title in the front matter the first "# Heading" is the
 * title.  Fills pg's title, date, summary, order, draft and body_md (NFC);
 * slug and file are the caller's.  Problems go to d as FILE:LINE:COL under
 * the name `file`.  text (NUL-terminated, valid UTF-8) is modified.
 * Returns true when the page is valid; either way release pg with
 * mb_page_release().
 */
bool mb_page_parse(char *text, const char *file, struct mb_page *pg, struct mb_diags *d);

/* Frees what a page owns and clears it. */
void mb_page_release(struct mb_page *pg);

#endif
