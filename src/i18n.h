/* i18n.h - messages a user reads, in English or Vietnamese (GNU gettext). */
#ifndef MB_I18N_H
#define MB_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Every message a press officer reads (diagnostics, command output, help)
 * is written in English in the source and wrapped in _(), which looks it up
 * in the catalogue of the language in use (src/po/vi.po, compiled by make
 * into locale/vi/LC_MESSAGES/minhbach.mo); N_() marks a string of a table
 * that is translated where it is used; P_() chooses between a singular and
 * a plural message by a count.  Keep each message one whole format string.
 * Programs that never call mb_i18n_init (the unit tests) read English.
 */
#define _(s) gettext(s)
#define N_(s) (s)
#define P_(one, many, n) ngettext(one, many, (unsigned long)(n))

/* The catalogue's name: minhbach.mo. */
#define MB_TEXT_DOMAIN "minhbach"

/*
 * Sets up the messages of the program, first thing in main: LC_MESSAGES
 * and LC_CTYPE from the environment, or C.UTF-8 where the environment's
 * locale is C or not installed (a fresh Debian machine has no vi_VN), never
 * LC_ALL or LC_NUMERIC (numbers are read and written the C way); the
 * catalogue found beside the program (/proc/self/exe: locale/ in the build
 * folder, ../share/locale once installed); and the language the
 * environment asks for.  The language rule:
 *
 *   - the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set
 *     decides when it starts with "vi" (Vietnamese) or "en" (English): an
 *     explicit choice, which wins over site.json (LANGUAGE=en for scripts);
 *   - otherwise the data decides (mb_i18n_site_language): Vietnamese when
 *     site.json says "language": "vi", English without it.
 *
 * main() reads the language of site.json first thing (before a usage
 * error or the help), and the loader applies it again.
 */
void mb_i18n_init(void);
/* The language of site.json ("vi", or NULL when it names none): applies
 * unless the environment made an explicit choice.  Called by the loader
 * as soon as it has read site.json, before it reads anything else. */
void mb_i18n_site_language(const char *language);
/* Whether messages are in Vietnamese now. */
bool mb_i18n_vietnamese(void);

/* A number of the data (v, a count of 10^-scale) as a message says it:
 * plain in English ("1.5", "165815"), the Vietnamese way in Vietnamese
 * ("1,5", "165.815"), trailing zeros dropped in both. */
struct mb_buf;
void mb_put_said(struct mb_buf *b, int64_t v, int scale);
/* The same as a string of its own (the caller frees it). */
char *mb_said(int64_t v, int scale);

#endif
