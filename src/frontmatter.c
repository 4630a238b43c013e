/* frontmatter.c - a Markdown page file read into a page: front matter, title, body. */
#include "frontmatter.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "i18n.h"
#include "text.h"

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* The first ATX heading's text, for a page without a title. */
static char *first_heading(const char *md)
{
	for (const char *line = md; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		const char *p = line;
		while (p < line + n && *p == ' ')
			p++;
		if (p < line + n && *p == '#') {
			while (p < line + n && *p == '#')
				p++;
			if (p < line + n && (*p == ' ' || *p == '\t')) {
				char *t = mb_xstrndup(p, (size_t)(line + n - p));
				char *tt = trim(t);
				size_t k = strlen(tt);
				while (k > 0 && tt[k - 1] == '#')
					tt[--k] = '\0';
				char *out = mb_xstrdup(trim(tt));
				free(t);
				if (*out)
					return out;
				free(out);
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

/* One "key: value" line of the front matter; false after an error. */
static bool front_key(char *key, char *val, const char *file, unsigned line, struct mb_page *pg,
                      struct mb_diags *d)
{
	size_t vl = strlen(val);
	if (vl >= 2 && (val[0] == '"' || val[0] == '\'') && val[vl - 1] == val[0]) {
		val[vl - 1] = '\0';
		val++;
	}
	size_t at;
	int32_t bad = mb_bad_char(val, false, &at);
	if (bad) {
		mb_diag_at(d, MB_ERROR, file, line, 1, _("\"%s\" contains the control character U+%04X "
		           "(character %zu of the value): remove it"), key, (unsigned)bad, at);
		return false;
	}
	if (strcmp(key, "title") == 0) {
		free(pg->title);
		pg->title = *val ? mb_nfc(val) : NULL;
	} else if (strcmp(key, "summary") == 0) {
		free(pg->summary);
		pg->summary = *val ? mb_nfc(val) : NULL;
	} else if (strcmp(key, "date") == 0) {
		mb_day day;
		if (!mb_day_parse(val, &day)) {
			mb_diag_at(d, MB_ERROR, file, line, 1, _("\"%s\" is not a date: write "
			           "it as YYYY-MM-DD (like 2024-04-20)"), val);
			return false;
		}
		free(pg->date);
		pg->date = mb_xstrdup(val);
	} else if (strcmp(key, "order") == 0) {
		char *end;
		long o = strtol(val, &end, 10);
		if (!*val || *end || o < -1000000 || o > 1000000) {
			mb_diag_at(d, MB_ERROR, file, line, 1, _("\"%s\" is not an order: use "
			           "a whole number"), val);
			return false;
		}
		pg->order = (int)o;
	} else if (strcmp(key, "draft") == 0) {
		if (strcmp(val, "true") == 0 || strcmp(val, "yes") == 0) {
			pg->draft = true;
		} else if (strcmp(val, "false") == 0 || strcmp(val, "no") == 0) {
			pg->draft = false;
		} else {
			mb_diag_at(d, MB_ERROR, file, line, 1, _("draft is true or false, not "
			           "\"%s\""), val);
			return false;
		}
	} else {
		mb_diag_at(d, MB_WARNING, file, line, 1, _("unknown front matter key \"%s\" "
		           "is ignored (known: title, date, summary, order, draft)"), key);
	}
	return true;
}

/* Reads the front matter after its opening "---" line; returns where the
 * body starts, or NULL when the front matter is never closed. */
static const char *front_matter(char *text, const char *file, struct mb_page *pg,
                                struct mb_diags *d, bool *ok)
{
	char *p = strchr(text, '\n') + 1;
	unsigned line = 2;
	while (*p) {
		char *eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		char *l = trim(p);
		if (strcmp(l, "---") == 0)
			return eol ? eol + 1 : p + strlen(p);
		char *colon = strchr(l, ':');
		if (*l && !colon) {
			mb_diag_at(d, MB_ERROR, file, line, 1, _("expected \"key: value\" in the front matter"));
			*ok = false;
		} else if (*l) {
			*colon = '\0';
			*ok &= front_key(trim(l), trim(colon + 1), file, line, pg, d);
		}
		if (!eol)
			break;
		p = eol + 1;
		line++;
	}
	return NULL;
}

bool mb_page_parse(char *text, const char *file, struct mb_page *pg, struct mb_diags *d)
{
	const char *body = text;
	bool ok = true;
	if (strncmp(text, "---\n", 4) == 0 || strncmp(text, "---\r\n", 5) == 0) {
		body = front_matter(text, file, pg, d, &ok);
		if (!body) {
			mb_diag_at(d, MB_ERROR, file, 1, 1, _("the front matter opened by \"---\" is never "
			           "closed by a second \"---\" line"));
			ok = false;
			body = "";
		}
	}
	pg->body_md = mb_nfc(body);
	if (!pg->title)
		pg->title = first_heading(pg->body_md);
	if (!pg->title) {
		mb_diag_at(d, MB_ERROR, file, 1, 1, _("the page has no title: add \"title:\" to the front "
		           "matter or start with a \"# Heading\""));
		ok = false;
	}
	return ok;
}

void mb_page_release(struct mb_page *pg)
{
	free(pg->slug);
	free(pg->file);
	free(pg->title);
	free(pg->date);
	free(pg->summary);
	free(pg->body_md);
	memset(pg, 0, sizeof *pg);
}
