/* mustache.h - our Mustache template engine: parse templates once, render them over cJSON. */
#ifndef MB_MUSTACHE_H
#define MB_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"

/*
 * Templates follow the Mustache spec (https://mustache.github.io): escaped
 * {{x}}, raw {{{x}}} and {{&x}}, dotted names, the implicit iterator {{.}},
 * sections {{#x}}, inverted sections {{^x}}, comments {{! }}, partials
 * {{>x}} (re-indented when standalone), set delimiters {{=<% %>=}}, and
 * template inheritance: parents {{<layout}}...{{/layout}} that override
 * blocks {{$title}}default{{/title}} of the layout.  Lambdas and dynamic
 * names are not supported (cJSON values cannot hold functions).
 *
 * Values:
 *   - {{x}} escapes & < > " ' (mb_buf_html).  Strings print as they are;
 *     numbers as the shortest decimal that reads back exactly ("0",
 *     "40689", "1.21"); true and false as "true" and "false"; null, a
 *     missing name, arrays and objects as nothing.  Numbers assume the C
 *     locale for LC_NUMERIC.
 *   - Truthiness (our rule, compatible with the spec): false, null, a
 *     missing name, an empty array and an empty string are falsey.  Every
 *     number, 0 included, is truthy, so {{#late}}{{late}} late{{/late}}
 *     shows "0 late".  A non-empty array renders the section once per
 *     element; any other truthy value is pushed as the context.
 *   - Names are looked up case-sensitively, innermost context first; for
 *     "a.b.c" only the first part searches outward.
 *
 * Layouts: give a block's opening and closing tags lines of their own,
 * indented like the content around them, as with sections:
 *
 *     <main>                         {{<layout}}
 *       {{$main}}                    {{$main}}
 *       {{/main}}                    <h1>{{name}}</h1>
 *     </main>                        {{/main}}
 *                                    {{/layout}}
 *
 * The page's lines then land indented like the block, with no stray blank
 * line.  (Per the spec, a block written "  {{$main}}{{/main}}" keeps the
 * newline after it, so a page's block that ends in one leaves a blank line.)
 *
 * Parse once, render many: a set is built (add/load/check) by one thread,
 * then any number of threads may render from it at once; rendering only
 * reads the set and the context and allocates nothing but output.
 */

/* Nesting limit: sections and blocks inside one template (checked when
 * parsing), and sections, partials, parents and blocks while rendering. */
#define MB_TMPL_MAX_DEPTH 64
/*
 * Limits on one render, against templates that fan out exponentially.  They
 * grow with the context, so that a big data set makes a big page: the
 * limit on expansions (partials, parents, blocks and list items expanded)
 * is MB_TMPL_MAX_EXPANSIONS plus MB_TMPL_EXPANSIONS_PER_VALUE for each value
 * of the context; the limit on the bytes appended to out is
 * MB_TMPL_MAX_OUTPUT plus MB_TMPL_OUTPUT_PER_BYTE for each byte of its
 * texts and keys and MB_TMPL_OUTPUT_PER_VALUE for each value.
 */
#define MB_TMPL_MAX_EXPANSIONS (4UL << 20)
#define MB_TMPL_EXPANSIONS_PER_VALUE 16UL
#define MB_TMPL_MAX_OUTPUT ((size_t)64 << 20)
#define MB_TMPL_OUTPUT_PER_BYTE ((size_t)16)
#define MB_TMPL_OUTPUT_PER_VALUE ((size_t)256)

/* Why a render failed. */
enum mb_tmpl_fail {
	MB_TMPL_FAIL_NAME,       /* no template by that name */
	MB_TMPL_FAIL_DEPTH,      /* nesting past MB_TMPL_MAX_DEPTH: a partial including itself */
	MB_TMPL_FAIL_EXPANSIONS, /* past the limit on expansions */
	MB_TMPL_FAIL_OUTPUT,     /* past the limit on output */
};
/* Largest template source. */
#define MB_TMPL_MAX_SOURCE ((size_t)64 << 20)

/* Named parsed templates; partials and parents resolve within the set. */
struct mb_tmpl_set;

/* Returns an empty set; mb_tmpl_set_free frees it and every template in it. */
struct mb_tmpl_set *mb_tmpl_set_new(void);
void mb_tmpl_set_free(struct mb_tmpl_set *s);

/*
 * Parses the len bytes at src and adds them under `name` (the set keeps its
 * own copies).  srcname is used in messages.  On a syntax error (unclosed
 * section or tag, mismatched closing tag, bad set-delimiter tag, empty or
 * malformed tag name, nesting deeper than MB_TMPL_MAX_DEPTH, a name already
 * in the set) appends "SRCNAME:LINE: message\n" to err, adds nothing and
 * returns -1; otherwise returns 0.
 */
int mb_tmpl_set_add(struct mb_tmpl_set *s, const char *name, const char *src, size_t len,
                    const char *srcname, mb_buf *err);

/*
 * Adds every "*.mustache" file under dir, recursively, in sorted order,
 * skipping names that start with ".".  A template's name is its path
 * relative to dir without ".mustache": "page", "partials/header".  Files
 * are read inside dir only: a symbolic link out of it, a FIFO or a device
 * is reported, never read (indir.h).  Reports every unreadable file and
 * every syntax error to err ("DIR/page.mustache:3: ...") and returns -1 if
 * there was any; the templates that parsed are kept.
 */
int mb_tmpl_set_load_dir(struct mb_tmpl_set *s, const char *dir, mb_buf *err);
/* The same from an open input folder (which may record what it reads). */
struct mb_indir;
int mb_tmpl_set_load_indir(struct mb_tmpl_set *s, const struct mb_indir *in, mb_buf *err);

/*
 * Strict check for our tool (the spec itself renders a missing partial as
 * nothing): every partial and parent that a template names must be in the
 * set.  Appends 'SRCNAME:LINE: partial "x" not found\n' (or 'parent "x"')
 * for each one missing and returns -1 if any was; 0 otherwise.
 */
int mb_tmpl_set_check(const struct mb_tmpl_set *s, mb_buf *err);

bool mb_tmpl_set_has(const struct mb_tmpl_set *s, const char *name);
/* The set's templates in name order (i < mb_tmpl_set_count): the source of
 * the i-th, its length in *len and its name in *name.  What a render can
 * depend on besides its context (incremental builds key pages by both). */
size_t mb_tmpl_set_count(const struct mb_tmpl_set *s);
const char *mb_tmpl_set_source(const struct mb_tmpl_set *s, size_t i, const char **name,
                               size_t *len);

/*
 * Renders template `name` with ctx (may be NULL: every name is missing) and
 * appends the result to out.  Returns 0, or -1 if `name` is not in the set,
 * if nesting exceeds MB_TMPL_MAX_DEPTH (a partial that includes itself
 * without end), or if the render passes the limits on expansions or
 * output above (a template that fans out exponentially).  After -1,
 * out holds a partial page: discard it.
 * Thread-safe for concurrent renders from one set, each with its own out.
 */
int mb_tmpl_render(const struct mb_tmpl_set *s, const char *name, const cJSON *ctx, mb_buf *out);
/* The same, saying why it failed in *why (may be NULL). */
int mb_tmpl_render_why(const struct mb_tmpl_set *s, const char *name, const cJSON *ctx,
                       mb_buf *out, enum mb_tmpl_fail *why);

#endif
