/* i18n.c - choosing the language of messages and finding the catalogue. */
#include "i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fixed.h"

enum choice { CHOICE_NONE = -1, CHOICE_EN = 0, CHOICE_VI = 1 };

static enum choice env_choice = CHOICE_NONE;
static bool vietnamese, initialised;

/* What the environment asks for: the first variable that is set decides
 * (GNU gettext's order), and only "vi..." and "en..." are choices; "C",
 * "C.UTF-8" and the like leave it to the data. */
static enum choice read_env(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		if (!strncmp(v, "vi", 2))
			return CHOICE_VI;
		if (!strncmp(v, "en", 2))
			return CHOICE_EN;
		return CHOICE_NONE;
	}
	return CHOICE_NONE;
}

/*
 * Selects the language through LANGUAGE, which GNU gettext reads before
 * the locale's own language: vi, whose catalogue we ship, or en, which has
 * none, so that every message is its English msgid.  glibc honours
 * LANGUAGE only when LC_MESSAGES is not "C", hence C.UTF-8 in
 * mb_i18n_init.  textdomain() again makes gettext forget the catalogues
 * it looked up for the previous language.
 */
static void use(bool vi)
{
	const char *want = vi ? "vi" : "en";
	const char *now = getenv("LANGUAGE");
	vietnamese = vi;
	if (now && !strcmp(now, want))
		return;
	setenv("LANGUAGE", want, 1);
	textdomain(MB_TEXT_DOMAIN);
}

/* The locale category from the environment, or C.UTF-8 when that is C,
 * POSIX or a locale this machine does not have. */
static void set_category(int category)
{
	const char *got = setlocale(category, "");
	if (!got || !strcmp(got, "C") || !strcmp(got, "POSIX"))
		setlocale(category, "C.UTF-8");
}

static bool has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/%s.mo", dir, MB_TEXT_DOMAIN);
	return access(path, R_OK) == 0;
}

/* The folder of the catalogues, found from where the program is: locale/
 * beside it in the build folder, ../share/locale when installed. */
static void bind_catalogue(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	static const char *const below[] = {"locale", "../share/locale", "../locale"};
	char dir[PATH_MAX + 32];
	for (size_t i = 0; i < sizeof below / sizeof *below; i++) {
		snprintf(dir, sizeof dir, "%s/%s", exe, below[i]);
		if (has_catalogue(dir)) {
			bindtextdomain(MB_TEXT_DOMAIN, dir);
			return;
		}
	}
	snprintf(dir, sizeof dir, "%s/../share/locale", exe);
	bindtextdomain(MB_TEXT_DOMAIN, dir);
}

void mb_i18n_init(void)
{
	set_category(LC_MESSAGES);
	set_category(LC_CTYPE);
	bind_catalogue();
	bind_textdomain_codeset(MB_TEXT_DOMAIN, "UTF-8");
	textdomain(MB_TEXT_DOMAIN);
	env_choice = read_env();
	use(env_choice == CHOICE_VI);
	initialised = true;
}

void mb_i18n_site_language(const char *language)
{
	/* Without mb_i18n_init (the unit tests), English throughout. */
	if (!initialised || env_choice != CHOICE_NONE)
		return;
	use(language && !strncmp(language, "vi", 2));
}

bool mb_i18n_vietnamese(void)
{
	return vietnamese;
}

void mb_put_said(mb_buf *b, int64_t v, int scale)
{
	if (vietnamese)
		mb_put_vi_trim(b, v, scale);
	else
		mb_put_dec(b, v, scale);
}

char *mb_said(int64_t v, int scale)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_put_said(&b, v, scale);
	char *s = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return s;
}
