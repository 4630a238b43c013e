/* load.c - reading and validating the data folder (SPEC §2) into a model. */
#include "load.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "calendar.h"
#include "chart.h"
#include "frontmatter.h"
#include "i18n.h"
#include "indir.h"
#include "jobs.h"
#include "jsonfile.h"
#include "markdown.h"
#include "overlay.h"
#include "paths.h"
#include "suggest.h"
#include "text.h"

/* What the loader carries while it walks one file. */
struct ctx {
	struct mb_model *m;
	struct mb_diags *d;
	const char *file;  /* path for messages */
	mb_buf ptr;        /* JSON pointer of the value being read */
	/* While a list whose rows are units is read ("/units/", "/scores/",
	 * "/services/"), problems in a row name it: "(row 5, Sở Tư pháp)".
	 * The name is the row's own (units.json, by position) or its unit's. */
	const char *list;
	const char **row_names;  /* units.json: name per position, NULL where unknown */
	size_t nrow_names;
	const char *row_unit;    /* scores, services: the current row's unit, or NULL */
};

/* ---- small helpers ------------------------------------------------------ */

static size_t ptr_push(struct ctx *c, const char *key)
{
	size_t mark = c->ptr.len;
	mb_ptr_key(&c->ptr, key);
	return mark;
}

static size_t ptr_push_i(struct ctx *c, size_t i)
{
	size_t mark = c->ptr.len;
	mb_ptr_index(&c->ptr, i);
	return mark;
}

static void ptr_pop(struct ctx *c, size_t mark)
{
	c->ptr.len = mark;
	c->ptr.data[mark] = '\0';
}

/* Reports a problem at the current pointer, naming the row it is in. */
__attribute__((format(printf, 3, 4)))
static void load_diag(struct ctx *c, enum mb_severity sev, const char *fmt, ...)
{
	mb_buf msg;
	mb_buf_init(&msg);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	size_t n = c->list ? strlen(c->list) : 0;
	const char *p = c->ptr.data;
	if (n && !strncmp(p, c->list, n) && p[n] >= '0' && p[n] <= '9') {
		size_t pos = strtoul(p + n, NULL, 10);
		const char *name = c->row_names ? (pos < c->nrow_names ? c->row_names[pos] : NULL)
		                                : c->row_unit;
		mb_diag_row(c->d, sev, c->file, p, pos, name, "%s", msg.data);
	} else {
		mb_diag(c->d, sev, c->file, p, "%s", msg.data);
	}
	mb_buf_release(&msg);
}

#define ERR(c, ...) load_diag((c), MB_ERROR, __VA_ARGS__)
#define WARN(c, ...) load_diag((c), MB_WARNING, __VA_ARGS__)

/* Reports a problem at obj/key without leaving the pointer changed. */
#define ERR_AT(c, key, ...)                        \
	do {                                       \
		size_t m_ = ptr_push((c), (key));  \
		ERR((c), __VA_ARGS__);             \
		ptr_pop((c), m_);                  \
	} while (0)

static const char *type_name(const cJSON *v)
{
	if (!v)
		return _("nothing");
	if (cJSON_IsNull(v))
		return _("null");
	if (cJSON_IsBool(v))
		return _("a true/false value");
	if (cJSON_IsNumber(v))
		return _("a number");
	if (cJSON_IsString(v))
		return _("a text");
	if (cJSON_IsArray(v))
		return _("a list");
	return _("an object");
}

bool mb_is_id(const char *s);
bool mb_is_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
		if (!ok || (ch == '-' && s[i + 1] == '-'))
			return false;
	}
	return true;
}

/* Warns about keys the format does not know (a typo would be silently lost). */
static void check_keys(struct ctx *c, const cJSON *obj, const char *const *allowed)
{
	for (const cJSON *k = obj->child; k; k = k->next) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, k->string) == 0;
		if (ok)
			continue;
		mb_buf list, near;
		mb_buf_init(&list);
		mb_buf_init(&near);
		size_t n = 0;
		for (const char *const *a = allowed; *a; a++, n++)
			mb_buf_printf(&list, "%s%s", a == allowed ? "" : ", ", *a);
		size_t m = ptr_push(c, k->string);
		if (mb_suggest(c->d, k->string, (const char *const *)allowed, n, &near))
			WARN(c, _("unknown key \"%s\" is ignored: did you mean %s? (known keys: %s)"),
			     k->string, near.data, list.data);
		else
			WARN(c, _("unknown key \"%s\" is ignored (known keys: %s)"), k->string, list.data);
		ptr_pop(c, m);
		mb_buf_release(&list);
		mb_buf_release(&near);
	}
}

/* An id that names no unit: with the closest ids when some are close.
 * with (two %s: the id, the suggestions) and without (one %s) are the two
 * forms of the message. */
static void unknown_unit(struct ctx *c, const char *id, const char *with, const char *without)
{
	mb_buf near;
	mb_buf_init(&near);
	if (mb_suggest_unit(c->d, c->m, id, &near))
		ERR(c, with, id, near.data);
	else
		ERR(c, without, id);
	mb_buf_release(&near);
}

/* The unit of a score or service row names no unit. */
static void unknown_row_unit(struct ctx *c, const char *id)
{
	size_t m = ptr_push(c, "unit");
	unknown_unit(c, id, _("unknown unit \"%s\": did you mean %s? Units are listed in units.json"),
	             _("unknown unit \"%s\": units are listed in units.json"));
	ptr_pop(c, m);
}

/* A procedure's group or unit that does not exist. */
static void unknown_ref(struct ctx *c, bool group, const char *id)
{
	mb_buf near;
	mb_buf_init(&near);
	if (group ? mb_suggest_group(c->d, c->m, id, &near) : mb_suggest_unit(c->d, c->m, id, &near))
		ERR(c, group ? _("unknown group \"%s\": did you mean %s?")
		             : _("unknown unit \"%s\": did you mean %s?"), id, near.data);
	else
		ERR(c, group ? _("unknown group \"%s\"") : _("unknown unit \"%s\""), id);
	mb_buf_release(&near);
}

static const cJSON *want_object(struct ctx *c, const cJSON *v, const char *what)
{
	if (cJSON_IsObject(v))
		return v;
	ERR(c, _("expected %s (a JSON object), found %s"), _(what), type_name(v));
	return NULL;
}

/* A text value; NULL (and a problem when required) if missing or not text. */
static char *get_text(struct ctx *c, const cJSON *obj, const char *key, bool required,
                      bool multiline)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v || (cJSON_IsNull(v) && !required)) {
		if (required)
			ERR_AT(c, key, _("missing: \"%s\" is required"), key);
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		ERR_AT(c, key, _("expected a text, found %s"), type_name(v));
		return NULL;
	}
	if (required && v->valuestring[0] == '\0') {
		ERR_AT(c, key, _("is empty: \"%s\" needs a value"), key);
		return NULL;
	}
	size_t at;
	int32_t bad = mb_bad_char(v->valuestring, multiline, &at);
	if (bad) {
		if (multiline)
			ERR_AT(c, key, _("contains the control character U+%04X (character %zu): remove it; "
			                 "only tabs and line breaks are allowed"), (unsigned)bad, at);
		else
			ERR_AT(c, key, _("contains the control character U+%04X (character %zu): remove it; "
			                 "this text is one line, without tabs or line breaks"), (unsigned)bad, at);
		/* Kept all the same, so that what refers to it is not reported
		 * too; the error stops the build before anything is written. */
	}
	return mb_nfc(v->valuestring);
}

/* The HTML a Markdown text renders to stays within MB_MAX_MARKDOWN_HTML
 * (reference links can multiply a small text).  Returns its size. */
static size_t markdown_size(const char *md)
{
	char *html = mb_markdown_html(md, strlen(md), 2, NULL);
	size_t n = strlen(html);
	free(html);
	return n;
}

/* A Markdown description: multi-line, and not rendering to a huge page. */
static char *get_markdown(struct ctx *c, const cJSON *obj, const char *key)
{
	char *md = get_text(c, obj, key, false, true);
	size_t n = md ? markdown_size(md) : 0;
	if (n > MB_MAX_MARKDOWN_HTML)
		ERR_AT(c, key, _("the text renders to %zu bytes of HTML, more than the limit of %zu MB: "
		                 "shorten it"), n,
		       MB_MAX_MARKDOWN_HTML >> 20);
	return md;
}

/* A one-line text: names, titles, addresses. */
static char *get_str(struct ctx *c, const cJSON *obj, const char *key, bool required)
{
	return get_text(c, obj, key, required, false);
}

static char *get_id(struct ctx *c, const cJSON *obj, const char *key, bool required)
{
	char *s = get_str(c, obj, key, required);
	if (s && !mb_is_id(s)) {
		ERR_AT(c, key, _("\"%s\" is not a valid id: use 1 to 64 lower-case letters a-z, digits "
		       "and single hyphens (like \"so-tu-phap\")"), s);
		free(s);
		return NULL;
	}
	return s;
}

static bool is_http_url(const char *s)
{
	return (strncmp(s, "https://", 8) == 0 && s[8]) || (strncmp(s, "http://", 7) == 0 && s[7]);
}

static char *get_url(struct ctx *c, const cJSON *obj, const char *key)
{
	char *s = get_str(c, obj, key, false);
	if (s && !is_http_url(s)) {
		ERR_AT(c, key, _("\"%s\" is not a web address: it must start with http:// or https://"), s);
		free(s);
		return NULL;
	}
	return s;
}

static char *get_date(struct ctx *c, const cJSON *obj, const char *key)
{
	char *s = get_str(c, obj, key, false);
	mb_day day;
	if (s && !mb_day_parse(s, &day)) {
		ERR_AT(c, key, _("\"%s\" is not a date: write it as YYYY-MM-DD (like 2023-05-17)"), s);
		free(s);
		return NULL;
	}
	return s;
}

/* Writes a number as the data shows it, for messages ("10.6"). */
static void num_str(char *out, size_t n, double v)
{
	snprintf(out, n, "%.10g", v);
}

/* A fixed-point value v (at most 4 decimals).  Returns false after reporting. */
static bool fx_of(struct ctx *c, const cJSON *v, mb_fx *out)
{
	if (!cJSON_IsNumber(v)) {
		ERR(c, _("expected a number, found %s"), type_name(v));
		return false;
	}
	if (!mb_fx_from_double(v->valuedouble, out)) {
		char s[40];
		num_str(s, sizeof s, v->valuedouble);
		if (!isfinite(v->valuedouble) || fabs(v->valuedouble) > 1e12)
			ERR(c, _("%s is out of range: values must be below 1000000000000"), s);
		else
			ERR(c, _("%s has more than 4 decimals: round it to at most 4 (like 9.0725)"), s);
		return false;
	}
	return true;
}

/* A count: a whole number >= 0.  Returns false (and reports) otherwise. */
static bool count_of(struct ctx *c, const cJSON *v, int64_t *out)
{
	if (!cJSON_IsNumber(v)) {
		ERR(c, _("expected a whole number, found %s"), type_name(v));
		return false;
	}
	double x = v->valuedouble;
	if (!isfinite(x) || x < 0 || x > 1e15 || x != floor(x)) {
		char s[40];
		num_str(s, sizeof s, x);
		char *most = mb_said(1000000000000000, 0);
		ERR(c, _("%s is not a count: use a whole number from 0 to %s"), s, most);
		free(most);
		return false;
	}
	*out = (int64_t)x;
	return true;
}

static bool get_count(struct ctx *c, const cJSON *obj, const char *key, bool required, int64_t *out)
{
	*out = 0;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v) {
		if (required)
			ERR_AT(c, key, _("missing: \"%s\" is required (write 0 if there were none)"), key);
		return false;
	}
	size_t m = ptr_push(c, key);
	bool ok = count_of(c, v, out);
	ptr_pop(c, m);
	return ok;
}

static char *join(const char *a, const char *b)
{
	return mb_strf("%s/%s", a, b);
}

/* Reports why the data folder's file or folder rel could not be read. */
static void read_problem(const struct mb_model *m, struct mb_diags *d, const char *rel,
                         enum mb_in_status st)
{
	char *path = mb_indir_shown(m->in, rel);
	mb_buf scratch;
	mb_buf_init(&scratch);
	if (st == MB_IN_ERROR)
		mb_diag(d, MB_ERROR, path, "", _("cannot read the folder: %s"), strerror(errno));
	else
		mb_diag(d, MB_ERROR, path, "", _("%s"), mb_in_message(m->in, st, &scratch));
	mb_buf_release(&scratch);
	free(path);
}

/* Sorted names of the entries of the data folder's folder rel (no dot
 * files); NULL if absent.  Read inside the data folder only (indir.h). */
static char **list_dir(const struct mb_model *m, const char *rel, size_t *n, struct mb_diags *d)
{
	char **v;
	enum mb_in_status st = mb_indir_list(m->in, rel, &v, n);
	if (st != MB_IN_OK && st != MB_IN_MISSING)
		read_problem(m, d, rel, st);
	/* Files import is about to write, and a new period folder for them. */
	char *shown = mb_indir_shown(m->in, rel);
	size_t cap = *n;
	mb_overlay_list(shown, &v, n, &cap);
	free(shown);
	return v;
}

static void free_list(char **v, size_t n)
{
	mb_indir_free_names(v, n);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

/* ---- site.json ------------------------------------------------------------ */

static void load_target(struct ctx *c, const cJSON *t, const char *key, int64_t *out)
{
	*out = -1;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, key);
	if (!v || cJSON_IsNull(v))
		return;
	size_t m = ptr_push(c, key);
	char s[40];
	if (!cJSON_IsNumber(v)) {
		ERR(c, _("expected a fraction like 0.95, found %s"), type_name(v));
	} else if (!(v->valuedouble >= 0 && v->valuedouble <= 1)) {
		num_str(s, sizeof s, v->valuedouble);
		ERR(c, _("%s is not a fraction: write it from 0 to 1 (0.95 for 95%%)"), s);
	} else {
		double x = v->valuedouble * 1000000;
		if (fabs(x - round(x)) > 1e-6) {
			num_str(s, sizeof s, v->valuedouble);
			ERR(c, _("%s has more than 6 decimals"), s);
		} else {
			*out = (int64_t)round(x);
		}
	}
	ptr_pop(c, m);
}

/* The chart font lies outside DATA by nature (a system font): it is checked
 * here as a regular file, so that check reports what build would meet. */
static void check_font(struct ctx *c, const char *path)
{
	size_t size;
	enum mb_in_status st = mb_check_regular(path, MB_MAX_FONT_BYTES, &size);
	if (st == MB_IN_OK)
		return;
	mb_buf scratch;
	mb_buf_init(&scratch);
	if (st == MB_IN_MISSING)
		ERR_AT(c, "font", _("the font file \"%s\" does not exist: give the path of a TrueType "
		                    "or OpenType font, or remove \"font\" to use DejaVu Sans"), path);
	else if (st == MB_IN_TOO_BIG)
		ERR_AT(c, "font", _("the font file \"%s\" is %zu bytes, more than the limit of %u MB"),
		       path, size, MB_MAX_FONT_BYTES >> 20);
	else if (st == MB_IN_ERROR)
		ERR_AT(c, "font", _("cannot open the font file \"%s\": %s"), path, strerror(errno));
	else
		ERR_AT(c, "font", _("the font file \"%s\" %s"), path, mb_in_message(NULL, st, &scratch));
	mb_buf_release(&scratch);
}

static void load_site(struct ctx *c, const cJSON *root)
{
	static const char *const keys[] = {"title", "organisation", "base_url", "language",
		"license", "contact", "sample", "targets", "font", "rate_change_warning", NULL};
	struct mb_site *s = &c->m->site;
	if (!want_object(c, root, N_("the site settings")))
		return;
	check_keys(c, root, keys);
	s->title = get_str(c, root, "title", true);
	s->organisation = get_str(c, root, "organisation", true);
	s->base_url = get_url(c, root, "base_url");
	if (s->base_url && !has_suffix(s->base_url, "/")) {
		char *u = join(s->base_url, "");
		free(s->base_url);
		s->base_url = u;
	}
	s->language = get_str(c, root, "language", false);
	if (s->language && strcmp(s->language, "vi") != 0)
		ERR_AT(c, "language", _("\"%s\" is not supported: the site is published in Vietnamese (\"vi\")"),
		       s->language);
	/* From here on, messages speak the site's language (unless the
	 * environment chose one). */
	mb_i18n_site_language(s->language);
	s->license = get_str(c, root, "license", false);
	s->font = get_str(c, root, "font", false);
	if (s->font)
		check_font(c, s->font);
	const cJSON *sample = cJSON_GetObjectItemCaseSensitive(root, "sample");
	if (sample && !cJSON_IsBool(sample))
		ERR_AT(c, "sample", _("expected true or false, found %s"), type_name(sample));
	s->sample = cJSON_IsTrue(sample);
	const cJSON *contact = cJSON_GetObjectItemCaseSensitive(root, "contact");
	if (contact) {
		static const char *const ck[] = {"email", "phone", "address", NULL};
		size_t m = ptr_push(c, "contact");
		if (want_object(c, contact, N_("the contact details"))) {
			check_keys(c, contact, ck);
			s->email = get_str(c, contact, "email", false);
			s->phone = get_str(c, contact, "phone", false);
			s->address = get_str(c, contact, "address", false);
		}
		ptr_pop(c, m);
	}
	load_target(c, root, "rate_change_warning", &s->rate_change_warning);
	if (s->rate_change_warning < 0)
		s->rate_change_warning = MB_RATE_CHANGE_WARNING;
	struct mb_targets *t = &s->targets;
	for (int r = 0; r < MB_RATE_COUNT; r++)
		t->rate[r] = -1;
	const cJSON *tg = cJSON_GetObjectItemCaseSensitive(root, "targets");
	if (tg) {
		const char *tk[MB_RATE_COUNT + 1];
		for (int r = 0; r < MB_RATE_COUNT; r++)
			tk[r] = mb_rates[r].key;
		tk[MB_RATE_COUNT] = NULL;
		size_t m = ptr_push(c, "targets");
		if (want_object(c, tg, N_("the service targets"))) {
			check_keys(c, tg, tk);
			for (int r = 0; r < MB_RATE_COUNT; r++)
				load_target(c, tg, mb_rates[r].key, &t->rate[r]);
		}
		ptr_pop(c, m);
	}
}

/* ---- units.json ----------------------------------------------------------- */

int mb_model_find_group(const struct mb_model *m, const char *id)
{
	for (size_t i = 0; i < m->ngroups; i++)
		if (strcmp(m->groups[i].id, id) == 0)
			return (int)i;
	return -1;
}

static void load_groups(struct ctx *c, const cJSON *arr)
{
	struct mb_model *m = c->m;
	size_t mark = ptr_push(c, "groups");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of groups, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	m->groups = mb_xcalloc(n, sizeof *m->groups);
	const cJSON *g;
	cJSON_ArrayForEach(g, arr) {
		static const char *const keys[] = {"id", "name", NULL};
		size_t mi = ptr_push_i(c, i++);
		if (want_object(c, g, N_("a group"))) {
			check_keys(c, g, keys);
			char *id = get_id(c, g, "id", true);
			char *name = get_str(c, g, "name", true);
			if (id && mb_model_find_group(m, id) >= 0) {
				ERR_AT(c, "id", _("the group id \"%s\" is used twice"), id);
				free(id);
				id = NULL;
			}
			if (id && name) {
				m->groups[m->ngroups].id = id;
				m->groups[m->ngroups++].name = name;
			} else {
				free(id);
				free(name);
			}
		}
		ptr_pop(c, mi);
	}
	if (n == 0)
		ERR(c, _("no groups: define at least one group of units"));
	ptr_pop(c, mark);
}

/* ---- units over time (SPEC §2: from, until, successors) ----------------- */

/* "from" and "until" of one unit, as text and day numbers. */
static void load_life(struct ctx *c, const cJSON *obj, struct mb_unit *x)
{
	x->from = get_date(c, obj, "from");
	x->until = get_date(c, obj, "until");
	if (x->from)
		mb_day_parse(x->from, &x->from_day);
	if (x->until)
		mb_day_parse(x->until, &x->until_day);
	if (x->from && x->until && x->until_day < x->from_day)
		ERR_AT(c, "until", _("%s is before \"from\" %s: a unit cannot end before it begins"),
		       x->until, x->from);
	x->end_reason = get_str(c, obj, "end_reason", false);
	if (x->end_reason && !x->end_reason[0]) {
		free(x->end_reason);
		x->end_reason = NULL;
	}
	if (x->end_reason && !cJSON_GetObjectItemCaseSensitive(obj, "until"))
		ERR_AT(c, "end_reason", _("a reason for ending needs the day the unit ended: add "
		                          "\"until\", its last day (like 2025-06-30)"));
}

/*
 * The successors of unit k, read from arr: ids of other units, each once,
 * that take over on the day after k's "until" at the latest and still
 * exist on that day.  Every other unit named once is kept in x->successors,
 * even with dates in error, so that a loop is still found and named.
 */
static void load_successors(struct ctx *c, size_t k, const cJSON *arr)
{
	struct mb_model *m = c->m;
	struct mb_unit *x = &m->units[k];
	size_t mark = ptr_push(c, "successors");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of unit ids, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	if (n && !x->until)
		ERR(c, _("a unit with successors has ended: add \"until\", its last day (like 2025-06-30)"));
	x->successors = mb_xcalloc(n + 1, sizeof *x->successors);
	char end[11], next[11], d[11];
	if (x->until) {
		mb_day_iso(x->until_day, end);
		mb_day_iso(x->until_day + 1, next);
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		size_t mi = ptr_push_i(c, i++);
		int s = -1;
		if (!cJSON_IsString(e))
			ERR(c, _("expected a unit id, found %s"), type_name(e));
		else if ((s = mb_model_find_unit(m, e->valuestring)) < 0)
			unknown_unit(c, e->valuestring, _("unknown unit \"%s\": did you mean %s? A successor "
			             "must be one of the units"), _("unknown unit \"%s\": a successor must be "
			             "one of the units"));
		else if ((size_t)s == k)
			ERR(c, _("\"%s\" cannot be its own successor"), e->valuestring);
		for (size_t j = 0; s >= 0 && j < x->nsuccessors; j++) {
			if (x->successors[j] == s) {
				ERR(c, _("\"%s\" is listed twice"), e->valuestring);
				s = -1;
			}
		}
		if (s >= 0 && (size_t)s != k) {
			const struct mb_unit *y = &m->units[s];
			if (x->until && y->from && y->from_day > x->until_day + 1) {
				mb_day_iso(y->from_day, d);
				ERR(c, _("the successor \"%s\" begins on %s, later than %s, the day after this "
				         "unit ends (\"until\" %s): correct one of the two dates, or name the unit "
				         "that took over"),
				    y->id, d, next, end);
			} else if (x->until && y->until && y->until_day <= x->until_day) {
				mb_day_iso(y->until_day, d);
				ERR(c, _("the successor \"%s\" ends on %s, before %s, the day after this unit "
				         "ends (\"until\" %s): a successor must still exist on that day"),
				    y->id, d, next, end);
			}
			x->successors[x->nsuccessors++] = s;
		}
		ptr_pop(c, mi);
	}
	ptr_pop(c, mark);
}

/* "aliases": other spellings of the unit's name that import accepts. */
static void load_aliases(struct ctx *c, const cJSON *u, struct mb_unit *x)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(u, "aliases");
	if (!arr)
		return;
	size_t mark = ptr_push(c, "aliases");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of other names (like [\"UBND TP. Thủ Dầu Một\"]), found %s"),
		    type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	x->aliases = mb_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *x->aliases);
	size_t i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		size_t mi = ptr_push_i(c, i++);
		if (!cJSON_IsString(e)) {
			ERR(c, _("expected a name, found %s"), type_name(e));
		} else if (!e->valuestring[0]) {
			ERR(c, _("is empty: an alias is another spelling of the unit's name"));
		} else {
			char *a = mb_nfc(e->valuestring);
			bool twice = false;
			for (size_t k = 0; k < x->naliases && !twice; k++)
				twice = strcmp(x->aliases[k], a) == 0;
			if (twice) {
				ERR(c, _("\"%s\" is listed twice"), a);
				free(a);
			} else {
				x->aliases[x->naliases++] = a;
			}
		}
		ptr_pop(c, mi);
	}
	ptr_pop(c, mark);
}

/*
 * Successors that lead back to a unit would send a reader round in circles
 * from page to page.  A depth-first walk (iterative: a chain can be as long
 * as the list of units) reports each edge that closes a loop, at the
 * successors of the unit it leaves, with the loop spelled out.
 */
static void check_successor_loops(struct ctx *c, const size_t *pos)
{
	struct mb_model *m = c->m;
	size_t n = m->nunits;
	unsigned char *colour = mb_xcalloc(n + 1, 1); /* 0 unseen, 1 on the path, 2 done */
	int *stack = mb_xcalloc(n + 1, sizeof *stack);
	size_t *next = mb_xcalloc(n + 1, sizeof *next);
	for (size_t root = 0; root < n; root++) {
		if (colour[root])
			continue;
		size_t depth = 0;
		stack[depth++] = (int)root;
		colour[root] = 1;
		next[root] = 0;
		while (depth) {
			int v = stack[depth - 1];
			struct mb_unit *x = &m->units[v];
			if (next[v] == x->nsuccessors) {
				colour[v] = 2;
				depth--;
				continue;
			}
			int w = x->successors[next[v]++];
			if (colour[w] == 0) {
				colour[w] = 1;
				next[w] = 0;
				stack[depth++] = w;
			} else if (colour[w] == 1) {
				mb_buf loop;
				mb_buf_init(&loop);
				size_t from = depth;
				while (from > 0 && stack[from - 1] != w)
					from--;
				/* A long loop is shortened to its first and last steps. */
				size_t len = depth - (from - 1);
				for (size_t j = from - 1; j < depth; j++) {
					size_t at = j - (from - 1);
					if (len > 8 && at == 4)
						mb_buf_puts(&loop, "… → ");
					if (len <= 8 || at < 4 || at >= len - 3)
						mb_buf_printf(&loop, "%s → ", m->units[stack[j]].id);
				}
				mb_buf_puts(&loop, m->units[w].id);
				size_t mi = ptr_push_i(c, pos[v]);
				if (len <= 8)
					ERR_AT(c, "successors", _("the successors form a loop (%s): a unit "
					       "cannot take over from a unit that succeeds it"), loop.data);
				else
					ERR_AT(c, "successors", _("the successors form a loop of %zu units (%s): "
					       "a unit cannot take over from a unit that succeeds it"),
					       len, loop.data);
				ptr_pop(c, mi);
				mb_buf_release(&loop);
			}
		}
	}
	free(colour);
	free(stack);
	free(next);
}

/*
 * A parent must exist on at least one day of its child's life.  A child may
 * outlive its parent (a commune whose district was abolished on 1/7/2025
 * keeps it for its history) or be older than it, but it cannot belong to a
 * parent that ended before the child began, or began after it ended.
 */
static void check_parent_life(struct ctx *c, size_t k, size_t pos)
{
	const struct mb_unit *x = &c->m->units[k];
	if (x->parent < 0)
		return;
	const struct mb_unit *p = &c->m->units[x->parent];
	char a[11], b[11];
	size_t mi = ptr_push_i(c, pos);
	if (x->from && p->until && p->until_day < x->from_day) {
		mb_day_iso(p->until_day, a);
		mb_day_iso(x->from_day, b);
		ERR_AT(c, "parent", _("the parent \"%s\" ended on %s, before this unit began (\"from\" "
		       "%s): a parent must exist on at least one day of the unit's life"), p->id, a, b);
	} else if (x->until && p->from && p->from_day > x->until_day) {
		mb_day_iso(p->from_day, a);
		mb_day_iso(x->until_day, b);
		ERR_AT(c, "parent", _("the parent \"%s\" began on %s, after this unit ended (\"until\" "
		       "%s): a parent must exist on at least one day of the unit's life"), p->id, a, b);
	}
	ptr_pop(c, mi);
}

/* Every rule of units over time, once all units are read; then the
 * reverse links (predecessors), in units.json order. */
static void check_lives(struct ctx *c, const cJSON *const *succ, const size_t *pos)
{
	struct mb_model *m = c->m;
	for (size_t k = 0; k < m->nunits; k++) {
		if (succ[k]) {
			size_t mi = ptr_push_i(c, pos[k]);
			load_successors(c, k, succ[k]);
			ptr_pop(c, mi);
		}
		check_parent_life(c, k, pos[k]);
	}
	check_successor_loops(c, pos);
	for (size_t k = 0; k < m->nunits; k++) {
		const struct mb_unit *x = &m->units[k];
		for (size_t j = 0; j < x->nsuccessors; j++) {
			struct mb_unit *y = &m->units[x->successors[j]];
			y->predecessors = mb_xreallocarray(y->predecessors, y->npredecessors + 1,
			                                   sizeof *y->predecessors);
			y->predecessors[y->npredecessors++] = (int)k;
		}
	}
}

static void load_units(struct ctx *c, const cJSON *arr)
{
	static const char *const keys[] = {"id", "name", "group", "parent", "address", "phone",
		"email", "website", "description", "aliases", "from", "until", "end_reason",
		"successors", NULL};
	struct mb_model *m = c->m;
	size_t mark = ptr_push(c, "units");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of units, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	m->units = mb_xcalloc(n, sizeof *m->units);
	char **parents = mb_xcalloc(n, sizeof *parents);
	const cJSON **succ = mb_xcalloc(n + 1, sizeof *succ);
	size_t *pos = mb_xcalloc(n, sizeof *pos);
	const char **names = mb_xcalloc(n + 1, sizeof *names);
	const cJSON *u;
	cJSON_ArrayForEach(u, arr) {
		/* A name with a control character is reported, never printed. */
		const cJSON *nm = cJSON_GetObjectItemCaseSensitive(u, "name");
		size_t at;
		names[i++] = cJSON_IsString(nm) && *nm->valuestring &&
		             !mb_bad_char(nm->valuestring, false, &at) ? nm->valuestring : NULL;
	}
	c->list = "/units/";
	c->row_names = names;
	c->nrow_names = n;
	i = 0;
	cJSON_ArrayForEach(u, arr) {
		size_t mi = ptr_push_i(c, i++);
		if (!want_object(c, u, N_("a unit"))) {
			ptr_pop(c, mi);
			continue;
		}
		check_keys(c, u, keys);
		char *id = get_id(c, u, "id", true);
		char *name = get_str(c, u, "name", true);
		char *group = get_id(c, u, "group", true);
		int gi = group ? mb_model_find_group(m, group) : -1;
		if (group && gi < 0) {
			size_t mg = ptr_push(c, "group");
			mb_buf near;
			mb_buf_init(&near);
			if (mb_suggest_group(c->d, m, group, &near))
				ERR(c, _("unknown group \"%s\": did you mean %s? Groups are defined in "
				    "\"groups\""), group, near.data);
			else
				ERR(c, _("unknown group \"%s\": groups are defined in \"groups\""), group);
			mb_buf_release(&near);
			ptr_pop(c, mg);
		}
		free(group);
		if (!id || !name || gi < 0) {
			free(id);
			free(name);
			ptr_pop(c, mi);
			continue;
		}
		struct mb_unit *x = &m->units[m->nunits];
		x->id = id;
		x->name = name;
		x->group = gi;
		x->parent = -1;
		x->address = get_str(c, u, "address", false);
		x->phone = get_str(c, u, "phone", false);
		x->email = get_str(c, u, "email", false);
		x->website = get_url(c, u, "website");
		x->description_md = get_markdown(c, u, "description");
		load_aliases(c, u, x);
		parents[m->nunits] = get_id(c, u, "parent", false);
		load_life(c, u, x);
		succ[m->nunits] = cJSON_GetObjectItemCaseSensitive(u, "successors");
		pos[m->nunits] = i - 1;
		m->nunits++;
		ptr_pop(c, mi);
	}
	if (n == 0)
		ERR(c, _("no units: list the units that are ranked"));
	m->unit_by_id = mb_xcalloc(m->nunits + 1, sizeof *m->unit_by_id);
	mb_sort_by_id(m->unit_by_id, m->nunits, m->units, sizeof *m->units,
	              offsetof(struct mb_unit, id));
	for (size_t k = 1; k < m->nunits; k++) {
		struct mb_unit *a = &m->units[m->unit_by_id[k - 1]], *b = &m->units[m->unit_by_id[k]];
		if (strcmp(a->id, b->id) != 0)
			continue;
		size_t later = (size_t)(m->unit_by_id[k] > m->unit_by_id[k - 1] ? m->unit_by_id[k] : m->unit_by_id[k - 1]);
		size_t mi = ptr_push_i(c, pos[later]);
		ERR_AT(c, "id", _("the unit id \"%s\" is used twice (also at /units/%zu)"), b->id,
		       pos[later == (size_t)m->unit_by_id[k] ? m->unit_by_id[k - 1] : m->unit_by_id[k]]);
		ptr_pop(c, mi);
	}
	for (size_t k = 0; k < m->nunits; k++) {
		if (!parents[k])
			continue;
		size_t mi = ptr_push_i(c, pos[k]);
		int p = mb_model_find_unit(m, parents[k]);
		if (p < 0) {
			size_t mp = ptr_push(c, "parent");
			unknown_unit(c, parents[k], _("unknown unit \"%s\": did you mean %s? A parent must "
			             "be one of the units"), _("unknown unit \"%s\": a parent must be one of "
			             "the units"));
			ptr_pop(c, mp);
		}
		else if ((size_t)p == k)
			ERR_AT(c, "parent", _("a unit cannot be its own parent"));
		else
			m->units[k].parent = p;
		ptr_pop(c, mi);
		free(parents[k]);
	}
	/* A chain of parents that loops would hang every page that walks it. */
	for (size_t k = 0; k < m->nunits; k++) {
		int slow = (int)k, fast = (int)k;
		while (fast >= 0 && m->units[fast].parent >= 0) {
			fast = m->units[m->units[fast].parent].parent;
			slow = m->units[slow].parent;
			if (fast >= 0 && fast == slow) {
				size_t mi = ptr_push_i(c, pos[k]);
				ERR_AT(c, "parent", _("the parents of \"%s\" form a loop"), m->units[k].id);
				ptr_pop(c, mi);
				m->units[k].parent = -1;
				break;
			}
		}
	}
	check_lives(c, succ, pos);
	for (size_t k = 0; k < m->nunits; k++) {
		struct mb_unit *x = &m->units[k];
		struct mb_group *g = &m->groups[x->group];
		g->units = mb_xreallocarray(g->units, g->nunits + 1, sizeof *g->units);
		g->units[g->nunits++] = (int)k;
		if (x->parent >= 0) {
			struct mb_unit *p = &m->units[x->parent];
			p->children = mb_xreallocarray(p->children, p->nchildren + 1, sizeof *p->children);
			p->children[p->nchildren++] = (int)k;
		}
	}
	free(parents);
	free(succ);
	free(pos);
	c->list = NULL;
	c->row_names = NULL;
	free(names);
	ptr_pop(c, mark);
}

static void load_units_file(struct ctx *c, const cJSON *root)
{
	static const char *const keys[] = {"groups", "units", NULL};
	if (!want_object(c, root, N_("the groups and units")))
		return;
	check_keys(c, root, keys);
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(root, "groups");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(root, "units");
	if (!g)
		ERR_AT(c, "groups", _("missing: \"groups\" is required"));
	else
		load_groups(c, g);
	if (!u)
		ERR_AT(c, "units", _("missing: \"units\" is required"));
	else
		load_units(c, u);
}

/* ---- indices/<index>.json ----------------------------------------------- */

int mb_model_find_index(const struct mb_model *m, const char *id)
{
	for (size_t i = 0; i < m->nindices; i++)
		if (strcmp(m->indices[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* Adds criteria of arr (children of parent) in pre-order; returns false on problems. */
static void load_criteria(struct ctx *c, struct mb_index *ix, const cJSON *arr, int parent,
                          int depth, size_t *cap)
{
	static const char *const keys[] = {"id", "name", "max", "criteria", "description", NULL};
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of criteria, found %s"), type_name(arr));
		return;
	}
	size_t i = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, arr) {
		size_t mi = ptr_push_i(c, i++);
		if (!want_object(c, v, N_("a criterion"))) {
			ptr_pop(c, mi);
			continue;
		}
		check_keys(c, v, keys);
		char *id = get_id(c, v, "id", true);
		char *name = get_str(c, v, "name", true);
		const cJSON *mx = cJSON_GetObjectItemCaseSensitive(v, "max");
		mb_fx max = 0;
		bool max_ok = false;
		if (!mx) {
			ERR_AT(c, "max", _("missing: every criterion needs its maximum \"max\""));
		} else {
			size_t mm = ptr_push(c, "max");
			if (fx_of(c, mx, &max)) {
				if (max <= 0) {
					char s[40];
					num_str(s, sizeof s, mx->valuedouble);
					ERR(c, _("%s is not a maximum: it must be above 0"), s);
				} else {
					max_ok = true;
				}
			}
			ptr_pop(c, mm);
		}
		if (!id || !name || !max_ok) {
			free(id);
			free(name);
			ptr_pop(c, mi);
			continue;
		}
		for (size_t k = 0; k < ix->ncrit; k++) {
			if (strcmp(ix->crit[k].id, id) == 0) {
				ERR_AT(c, "id", _("the criterion id \"%s\" is used twice in this index"), id);
				break;
			}
		}
		if (ix->ncrit == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			ix->crit = mb_xreallocarray(ix->crit, *cap, sizeof *ix->crit);
		}
		int me = (int)ix->ncrit++;
		struct mb_criterion *cr = &ix->crit[me];
		memset(cr, 0, sizeof *cr);
		cr->id = id;
		cr->name = name;
		cr->max = max;
		cr->parent = parent;
		cr->depth = depth;
		cr->top = parent < 0 ? me : ix->crit[parent].top;
		if (parent >= 0) {
			struct mb_criterion *p = &ix->crit[parent];
			p->children = mb_xreallocarray(p->children, p->nchildren + 1, sizeof *p->children);
			p->children[p->nchildren++] = me;
		}
		const cJSON *kids = cJSON_GetObjectItemCaseSensitive(v, "criteria");
		if (kids) {
			size_t mk = ptr_push(c, "criteria");
			load_criteria(c, ix, kids, me, depth + 1, cap);
			ptr_pop(c, mk);
			cr = &ix->crit[me]; /* the array may have moved */
			if (cr->nchildren) {
				mb_fx sum = 0;
				for (size_t k = 0; k < cr->nchildren; k++)
					sum += ix->crit[cr->children[k]].max;
				if (llabs(sum - cr->max) > 1) {
					mb_buf a, b;
					mb_buf_init(&a);
					mb_buf_init(&b);
					mb_put_said(&a, cr->max, 4);
					mb_put_said(&b, sum, 4);
					ERR_AT(c, "max", _("the maximum %s of \"%s\" differs from the sum %s of its "
					       "sub-criteria's maxima"), a.data, cr->id, b.data);
					mb_buf_release(&a);
					mb_buf_release(&b);
				}
			}
		}
		ptr_pop(c, mi);
	}
}

static int band_cmp(const void *a, const void *b)
{
	const struct mb_band *x = a, *y = b;
	return (x->min < y->min) - (x->min > y->min);
}

static void load_bands(struct ctx *c, struct mb_index *ix, const cJSON *arr)
{
	static const char *const keys[] = {"min", "name", NULL};
	size_t mark = ptr_push(c, "bands");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of bands, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	ix->bands = mb_xcalloc((size_t)cJSON_GetArraySize(arr), sizeof *ix->bands);
	size_t i = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, arr) {
		size_t mi = ptr_push_i(c, i++);
		if (want_object(c, v, N_("a band"))) {
			check_keys(c, v, keys);
			char *name = get_str(c, v, "name", true);
			const cJSON *mn = cJSON_GetObjectItemCaseSensitive(v, "min");
			mb_fx min = 0;
			bool ok = false;
			if (!mn) {
				ERR_AT(c, "min", _("missing: a band needs the lowest percentage \"min\""));
			} else {
				size_t mm = ptr_push(c, "min");
				ok = fx_of(c, mn, &min);
				if (ok && (min < 0 || min > 100 * MB_FX_ONE)) {
					ERR(c, _("a band's \"min\" is a percentage from 0 to 100"));
					ok = false;
				}
				ptr_pop(c, mm);
			}
			for (size_t k = 0; ok && k < ix->nbands; k++) {
				if (ix->bands[k].min == min) {
					ERR_AT(c, "min", _("two bands start at the same percentage"));
					ok = false;
				}
			}
			if (ok && name) {
				ix->bands[ix->nbands].min = min;
				ix->bands[ix->nbands++].name = name;
			} else {
				free(name);
			}
		}
		ptr_pop(c, mi);
	}
	qsort(ix->bands, ix->nbands, sizeof *ix->bands, band_cmp);
	ptr_pop(c, mark);
}

/*
 * "levels": what the levels of the criteria tree are called, from the top,
 * as words inside a sentence ("lĩnh vực", "tiêu chí"), so that pages say
 * "8 lĩnh vực" of one index and "5 nhóm chỉ số" of another.  Naming more
 * levels than the tree has is a mistake worth telling.
 */
static void load_levels(struct ctx *c, struct mb_index *ix, const cJSON *arr)
{
	size_t mark = ptr_push(c, "levels");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of names (like [\"lĩnh vực\", \"tiêu chí\"]), found %s"),
		    type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	int depth = 0;
	for (size_t k = 0; k < ix->ncrit; k++)
		if (ix->crit[k].depth + 1 > depth)
			depth = ix->crit[k].depth + 1;
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	if (n == 0)
		ERR(c, _("is empty: name the top level of the criteria at least (like "
		         "\"lĩnh vực\"), or leave \"levels\" out"));
	else if (ix->ncrit && n > (size_t)depth)
		ERR(c, _("names %zu levels, but the criteria are %d levels deep: keep the first %d "
		         "names"), n, depth, depth);
	ix->levels = mb_xcalloc(n + 1, sizeof *ix->levels);
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		size_t mi = ptr_push_i(c, i++);
		size_t at;
		if (!cJSON_IsString(e))
			ERR(c, _("expected a name, found %s"), type_name(e));
		else if (!e->valuestring[0])
			ERR(c, _("is empty: write what the criteria of this level are called"));
		else if (mb_bad_char(e->valuestring, false, &at))
			ERR(c, _("contains a control character (character %zu): remove it"), at);
		else
			ix->levels[ix->nlevels++] = mb_nfc(e->valuestring);
		ptr_pop(c, mi);
	}
	ptr_pop(c, mark);
}

static void load_index(struct ctx *c, const cJSON *root, const char *file_id)
{
	static const char *const keys[] = {"id", "name", "short_name", "description", "levels",
		"criteria", "bands", NULL};
	struct mb_model *m = c->m;
	if (!want_object(c, root, N_("an index definition")))
		return;
	check_keys(c, root, keys);
	char *id = get_id(c, root, "id", false);
	if (id && strcmp(id, file_id) != 0)
		ERR_AT(c, "id", _("the id \"%s\" differs from the file name \"%s.json\""), id, file_id);
	free(id);
	struct mb_index ix;
	memset(&ix, 0, sizeof ix);
	ix.id = mb_xstrdup(file_id);
	ix.file = mb_xstrdup(c->file);
	ix.name = get_str(c, root, "name", true);
	ix.short_name = get_str(c, root, "short_name", false);
	ix.description_md = get_markdown(c, root, "description");
	const cJSON *crit = cJSON_GetObjectItemCaseSensitive(root, "criteria");
	size_t cap = 0;
	if (!crit) {
		ERR_AT(c, "criteria", _("missing: an index needs its list of criteria"));
	} else {
		size_t mk = ptr_push(c, "criteria");
		load_criteria(c, &ix, crit, -1, 0, &cap);
		if (cJSON_IsArray(crit) && ix.ncrit == 0)
			ERR(c, _("no criteria: an index needs at least one criterion"));
		ptr_pop(c, mk);
	}
	for (size_t k = 0; k < ix.ncrit; k++) {
		if (ix.crit[k].parent < 0) {
			ix.top = mb_xreallocarray(ix.top, ix.ntop + 1, sizeof *ix.top);
			ix.top[ix.ntop++] = (int)k;
			ix.max += ix.crit[k].max;
		}
	}
	ix.crit_by_id = mb_xcalloc(ix.ncrit + 1, sizeof *ix.crit_by_id);
	mb_sort_by_id(ix.crit_by_id, ix.ncrit, ix.crit, sizeof *ix.crit,
	              offsetof(struct mb_criterion, id));
	const cJSON *bands = cJSON_GetObjectItemCaseSensitive(root, "bands");
	if (bands)
		load_bands(c, &ix, bands);
	const cJSON *levels = cJSON_GetObjectItemCaseSensitive(root, "levels");
	if (levels)
		load_levels(c, &ix, levels);
	m->indices = mb_xreallocarray(m->indices, m->nindices + 1, sizeof *m->indices);
	m->indices[m->nindices++] = ix;
}

static void load_indices(struct mb_model *m, struct mb_diags *d)
{
	size_t n;
	char **names = list_dir(m, "indices", &n, d);
	for (size_t i = 0; i < n; i++) {
		char *rel = join("indices", names[i]);
		char *path = join(m->dir, rel);
		size_t len = strlen(names[i]);
		char *id = has_suffix(names[i], ".json") ? mb_xstrndup(names[i], len - 5) : NULL;
		if (!id) {
			mb_diag(d, MB_WARNING, path, "", _("ignored: index definitions are .json files"));
		} else if (!mb_is_id(id)) {
			mb_diag(d, MB_ERROR, path, "", _("\"%s\" is not a valid index id: name the file with "
			        "lower-case letters a-z, digits and single hyphens"), id);
		} else if (strcmp(id, "services") == 0 || strcmp(id, "dich-vu") == 0) {
			mb_diag(d, MB_ERROR, path, "", _("the index id \"%s\" is reserved for the service "
			        "figures: choose another name"), id);
		} else {
			struct mb_jdoc doc;
			if (mb_json_load(m->in, rel, d, NULL, &doc) == 0) {
				struct ctx c = {.m = m, .d = d, .file = path};
				mb_buf_init(&c.ptr);
				load_index(&c, doc.root, id);
				mb_buf_release(&c.ptr);
				mb_jdoc_free(&doc);
			}
		}
		free(id);
		free(rel);
		free(path);
	}
	free_list(names, n);
}

/* ---- periods ---------------------------------------------------------- */

static bool parse_period(const char *s, int *year, int *quarter)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*quarter = 0;
	if (*year < 1900)
		return false;
	if (n == 4)
		return true;
	if (s[4] != '-' || s[5] != 'q' || s[6] < '1' || s[6] > '4')
		return false;
	*quarter = s[6] - '0';
	return true;
}

static void set_published(struct mb_period *p, const char *date)
{
	if (date && (!p->published || strcmp(date, p->published) > 0)) {
		free(p->published);
		p->published = mb_xstrdup(date);
	}
}

/* The name of the unit a score or service row names, for its messages;
 * NULL when it names none that exists. */
static const char *row_unit(const struct ctx *c, const cJSON *row)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "unit");
	int u = cJSON_IsString(id) ? mb_model_find_unit(c->m, id->valuestring) : -1;
	return u >= 0 ? c->m->units[u].name : NULL;
}

/*
 * A score or service row names unit u in period p: the unit must exist on
 * some day of the period (SPEC §2).  Reports at ".../unit" otherwise.
 */
static bool unit_in_period(struct ctx *c, const struct mb_period *p, int u)
{
	const struct mb_unit *x = &c->m->units[u];
	if (mb_unit_exists(x, p->first_day, p->last_day))
		return true;
	char a[11], b[11];
	mb_day_iso(p->first_day, a);
	mb_day_iso(p->last_day, b);
	if (x->until && x->until_day < p->first_day)
		ERR_AT(c, "unit", _("\"%s\" ended on %s (\"until\" in units.json), before the period "
		       "%s (%s to %s): remove its row, or correct the unit's \"until\""),
		       x->id, x->until, p->id, a, b);
	else
		ERR_AT(c, "unit", _("\"%s\" begins on %s (\"from\" in units.json), after the period "
		       "%s (%s to %s): remove its row, or correct the unit's \"from\""),
		       x->id, x->from, p->id, a, b);
	return false;
}

/* Reads one criteria value (number or null) into the score. */
static void load_crit_value(struct ctx *c, const struct mb_index *ix, struct mb_score *s,
                            const cJSON *v)
{
	size_t m = ptr_push(c, v->string);
	int k = mb_index_find_crit(ix, v->string);
	if (k < 0) {
		mb_buf near;
		mb_buf_init(&near);
		if (mb_suggest_crit(c->d, ix, v->string, &near))
			ERR(c, _("unknown criterion \"%s\": did you mean %s? It is not in %s"), v->string,
			    near.data, ix->file);
		else
			ERR(c, _("unknown criterion \"%s\": it is not in %s"), v->string, ix->file);
		mb_buf_release(&near);
	} else if (cJSON_IsNull(v)) {
		s->crit[k].state = MB_VAL_NA;
	} else {
		mb_fx x;
		if (fx_of(c, v, &x)) {
			const struct mb_criterion *cr = &ix->crit[k];
			if (x >= 0 && x <= cr->max) {
				s->crit[k] = (struct mb_val){MB_VAL_SET, x};
			} else {
				/* Written out only for the message: every value of a
				 * national load passes here. */
				char *a = mb_said(x, 4), *b = mb_said(cr->max, 4);
				if (x < 0)
					ERR(c, _("%s is below 0: scores lie between 0 and the maximum %s"), a, b);
				else
					ERR(c, _("%s is above the maximum %s"), a, b);
				free(a);
				free(b);
			}
		}
	}
	ptr_pop(c, m);
}

static bool load_score(struct ctx *c, const struct mb_period *p, const struct mb_index *ix,
                       const cJSON *v, struct mb_score *s, unsigned char *seen)
{
	static const char *const keys[] = {"unit", "criteria", "total", "max", "rank", NULL};
	if (!want_object(c, v, N_("a score")))
		return false;
	check_keys(c, v, keys);
	memset(s, 0, sizeof *s);
	char *uid = get_id(c, v, "unit", true);
	int u = uid ? mb_model_find_unit(c->m, uid) : -1;
	if (uid && u < 0)
		unknown_row_unit(c, uid);
	if (u >= 0 && seen[u]) {
		ERR_AT(c, "unit", _("the unit \"%s\" has two scores in this file"), uid);
		u = -1;
	}
	free(uid);
	bool ok = u >= 0 && unit_in_period(c, p, u);
	s->unit = u;
	s->crit = mb_xcalloc(ix->ncrit ? ix->ncrit : 1, sizeof *s->crit);
	const cJSON *crit = cJSON_GetObjectItemCaseSensitive(v, "criteria");
	if (crit) {
		size_t m = ptr_push(c, "criteria");
		if (want_object(c, crit, N_("criteria values keyed by criterion id"))) {
			size_t before = c->d->errors;
			const cJSON *e;
			cJSON_ArrayForEach(e, crit)
				load_crit_value(c, ix, s, e);
			ok = ok && c->d->errors == before;
		} else {
			ok = false;
		}
		ptr_pop(c, m);
	}
	const cJSON *total = cJSON_GetObjectItemCaseSensitive(v, "total");
	if (total) {
		size_t m = ptr_push(c, "total");
		s->has_total = fx_of(c, total, &s->given_total);
		if (s->has_total && s->given_total < 0) {
			ERR(c, _("a total cannot be below 0"));
			s->has_total = false;
		}
		ok = ok && s->has_total;
		ptr_pop(c, m);
	}
	const cJSON *max = cJSON_GetObjectItemCaseSensitive(v, "max");
	if (max) {
		size_t m = ptr_push(c, "max");
		s->has_max = fx_of(c, max, &s->given_max);
		if (s->has_max && s->given_max <= 0) {
			ERR(c, _("the applicable maximum must be above 0"));
			s->has_max = false;
		} else if (s->has_max && crit) {
			ERR(c, _("\"max\" is only for a score given as a \"total\" alone: with criteria the "
			    "applicable maximum is computed"));
			s->has_max = false;
		} else if (s->has_max && s->given_max > ix->max) {
			mb_buf a;
			mb_buf_init(&a);
			mb_put_said(&a, ix->max, 4);
			ERR(c, _("the applicable maximum is above the index maximum %s"), a.data);
			mb_buf_release(&a);
			s->has_max = false;
		}
		ok = ok && s->has_max;
		ptr_pop(c, m);
	}
	const cJSON *rank = cJSON_GetObjectItemCaseSensitive(v, "rank");
	if (rank) {
		size_t m = ptr_push(c, "rank");
		int64_t r;
		if (count_of(c, rank, &r) && r >= 1 && r <= 10000000)
			s->official_rank = (int)r;
		else if (cJSON_IsNumber(rank))
			ERR(c, _("a rank is a whole number from 1"));
		ptr_pop(c, m);
	}
	if (!crit && !total) {
		ERR(c, _("no score: give \"criteria\" values, a \"total\", or both"));
		ok = false;
	}
	if (u >= 0)
		seen[u] = 1;
	return ok;
}

static void load_scores(struct ctx *c, struct mb_period *p, int index, const cJSON *root)
{
	static const char *const keys[] = {"published", "scores", NULL};
	struct mb_model *m = c->m;
	const struct mb_index *ix = &m->indices[index];
	if (!want_object(c, root, N_("the scores of an index")))
		return;
	check_keys(c, root, keys);
	struct mb_scoreset *ss = mb_xcalloc(1, sizeof *ss);
	ss->index = index;
	ss->file = mb_xstrdup(c->file);
	ss->published = get_date(c, root, "published");
	set_published(p, ss->published);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "scores");
	size_t mark = ptr_push(c, "scores");
	if (!arr) {
		ptr_pop(c, mark);
		ERR_AT(c, "scores", _("missing: the list of \"scores\" is required"));
	} else if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of scores, found %s"), type_name(arr));
		ptr_pop(c, mark);
	} else {
		size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
		ss->rows = mb_xcalloc(n ? n : 1, sizeof *ss->rows);
		unsigned char *seen = mb_xcalloc(m->nunits ? m->nunits : 1, 1);
		const cJSON *v;
		c->list = "/scores/";
		cJSON_ArrayForEach(v, arr) {
			size_t mi = ptr_push_i(c, i);
			c->row_unit = row_unit(c, v);
			struct mb_score *s = &ss->rows[ss->nrows];
			if (load_score(c, p, ix, v, s, seen)) {
				s->json_pos = i;
				ss->nrows++;
			} else {
				free(s->crit);
				memset(s, 0, sizeof *s);
			}
			ptr_pop(c, mi);
			i++;
		}
		c->list = NULL;
		c->row_unit = NULL;
		free(seen);
		ptr_pop(c, mark);
	}
	p->scores[index] = ss;
}

static bool load_service(struct ctx *c, const struct mb_period *p, const cJSON *v,
                         struct mb_service *s, unsigned char *seen)
{
	static const char *const keys[] = {"unit", "carried_over", "received", "resolved", "pending",
		"withdrawn", "payments", "digitized", "satisfaction", NULL};
	if (!want_object(c, v, N_("the service figures of a unit")))
		return false;
	check_keys(c, v, keys);
	memset(s, 0, sizeof *s);
	size_t before = c->d->errors;
	char *uid = get_id(c, v, "unit", true);
	int u = uid ? mb_model_find_unit(c->m, uid) : -1;
	if (uid && u < 0)
		unknown_row_unit(c, uid);
	if (u >= 0 && seen[u]) {
		ERR_AT(c, "unit", _("the unit \"%s\" has two rows in this file"), uid);
		u = -1;
	}
	free(uid);
	if (u >= 0)
		unit_in_period(c, p, u); /* an error there drops the row, like any other */
	s->unit = u;
	get_count(c, v, "carried_over", true, &s->carried_over);
	struct part { const char *key; const char *sub[3]; int64_t *dst[3]; bool required; bool *has; } parts[] = {
		{"received", {"online", "direct", "postal"}, {&s->recv_online, &s->recv_direct, &s->recv_postal}, true, NULL},
		{"resolved", {"early", "on_time", "late"}, {&s->early, &s->on_time, &s->late}, true, NULL},
		{"pending", {"in_time", "overdue", NULL}, {&s->pend_in_time, &s->pend_overdue, NULL}, true, NULL},
		{"payments", {"online", "total", NULL}, {&s->pay_online, &s->pay_total, NULL}, false, &s->has_payments},
		{"satisfaction", {"responses", "satisfied", NULL}, {&s->sat_responses, &s->sat_satisfied, NULL}, false, &s->has_satisfaction},
	};
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
		struct part *pt = &parts[k];
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(v, pt->key);
		if (!o) {
			if (pt->required)
				ERR_AT(c, pt->key, _("missing: \"%s\" is required"), pt->key);
			continue;
		}
		size_t m = ptr_push(c, pt->key);
		if (want_object(c, o, N_("counts"))) {
			const char *allowed[5] = {0};
			size_t na = 0;
			for (int j = 0; j < 3 && pt->sub[j]; j++) {
				allowed[na++] = pt->sub[j];
				get_count(c, o, pt->sub[j], true, pt->dst[j]);
			}
			if (strcmp(pt->key, "payments") == 0) {
				allowed[na++] = "online_amount_vnd";
				s->has_pay_amount = get_count(c, o, "online_amount_vnd", false,
				                              &s->pay_amount_vnd);
			}
			check_keys(c, o, allowed);
			if (pt->has)
				*pt->has = true;
		}
		ptr_pop(c, m);
	}
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(v, "withdrawn");
	if (w)
		s->has_withdrawn = get_count(c, v, "withdrawn", false, &s->withdrawn);
	const cJSON *dg = cJSON_GetObjectItemCaseSensitive(v, "digitized");
	if (dg)
		s->has_digitized = get_count(c, v, "digitized", false, &s->digitized);
	if (s->has_payments && s->pay_online > s->pay_total)
		ERR_AT(c, "payments", _("%lld paid online is more than the %lld files with a fee"),
		       (long long)s->pay_online, (long long)s->pay_total);
	if (s->has_satisfaction && s->sat_satisfied > s->sat_responses)
		ERR_AT(c, "satisfaction", _("%lld satisfied is more than the %lld responses"),
		       (long long)s->sat_satisfied, (long long)s->sat_responses);
	if (u >= 0)
		seen[u] = 1;
	return u >= 0 && c->d->errors == before;
}

static void load_services(struct ctx *c, struct mb_period *p, const cJSON *root)
{
	static const char *const keys[] = {"published", "services", NULL};
	struct mb_model *m = c->m;
	if (!want_object(c, root, N_("the service figures")))
		return;
	check_keys(c, root, keys);
	struct mb_serviceset *ss = mb_xcalloc(1, sizeof *ss);
	ss->file = mb_xstrdup(c->file);
	ss->published = get_date(c, root, "published");
	set_published(p, ss->published);
	p->services = ss;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "services");
	if (!arr) {
		ERR_AT(c, "services", _("missing: the list of \"services\" is required"));
		return;
	}
	size_t mark = ptr_push(c, "services");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of service figures, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	ss->rows = mb_xcalloc(n ? n : 1, sizeof *ss->rows);
	unsigned char *seen = mb_xcalloc(m->nunits ? m->nunits : 1, 1);
	const cJSON *v;
	c->list = "/services/";
	cJSON_ArrayForEach(v, arr) {
		size_t mi = ptr_push_i(c, i);
		c->row_unit = row_unit(c, v);
		struct mb_service *s = &ss->rows[ss->nrows];
		if (load_service(c, p, v, s, seen)) {
			s->json_pos = i;
			ss->nrows++;
		}
		ptr_pop(c, mi);
		i++;
	}
	c->list = NULL;
	c->row_unit = NULL;
	free(seen);
	ptr_pop(c, mark);
}

static void load_period(struct mb_model *m, struct mb_diags *d, const char *dir, struct mb_period *p)
{
	size_t n;
	char **names = list_dir(m, dir, &n, d);
	for (size_t i = 0; i < n; i++) {
		char *rel = join(dir, names[i]);
		char *path = join(m->dir, rel);
		size_t len = strlen(names[i]);
		if (!has_suffix(names[i], ".json")) {
			mb_diag(d, MB_WARNING, path, "", _("ignored: a period holds only .json files"));
			free(rel);
			free(path);
			continue;
		}
		char *id = mb_xstrndup(names[i], len - 5);
		int index = mb_model_find_index(m, id);
		bool services = strcmp(id, "services") == 0;
		if (!services && index < 0) {
			mb_buf near;
			mb_buf_init(&near);
			if (mb_suggest_index(d, m, id, &near))
				mb_diag(d, MB_ERROR, path, "", _("there is no index \"%s\": did you mean %s? "
				        "Define it in indices/%s.json, or name service figures services.json"),
				        id, near.data, id);
			else
				mb_diag(d, MB_ERROR, path, "", _("there is no index \"%s\": define it in "
				        "indices/%s.json, or name service figures services.json"), id, id);
			mb_buf_release(&near);
		} else {
			struct mb_jdoc doc;
			if (mb_json_load(m->in, rel, d, NULL, &doc) == 0) {
				struct ctx c = {.m = m, .d = d, .file = path};
				mb_buf_init(&c.ptr);
				if (services)
					load_services(&c, p, doc.root);
				else
					load_scores(&c, p, index, doc.root);
				mb_buf_release(&c.ptr);
				mb_jdoc_free(&doc);
			}
		}
		free(id);
		free(rel);
		free(path);
	}
	free_list(names, n);
}

static int period_cmp(const void *a, const void *b)
{
	const struct mb_period *x = a, *y = b;
	int kx = x->year * 8 + (x->quarter ? x->quarter : 5);
	int ky = y->year * 8 + (y->quarter ? y->quarter : 5);
	return (kx > ky) - (kx < ky);
}

static const char *const roman[] = {"", "I", "II", "III", "IV"};

/*
 * Period folders are independent of each other (they only read units and
 * indices), and parsing them is most of a national check: they load in
 * parallel, each with its own list of problems, merged in folder order
 * (the problems are sorted before printing anyway).
 */
struct period_jobs {
	struct mb_model *m;
	char **paths;           /* per period, its folder within the data folder */
	struct mb_diags *diags; /* per period */
};

static void load_period_job(void *ctx, size_t i, int worker)
{
	(void)worker;
	struct period_jobs *j = ctx;
	load_period(j->m, &j->diags[i], j->paths[i], &j->m->periods[i]);
}

static void merge_diags(struct mb_diags *to, struct mb_diags *from)
{
	for (size_t k = 0; k < from->n; k++)
		MB_PUSH(to->v, to->n, to->cap, from->v[k]);
	to->errors += from->errors;
	to->warnings += from->warnings;
	free(from->v);
	mb_diags_init(from);
}

static void load_periods(struct mb_model *m, struct mb_diags *d)
{
	size_t n;
	char **names = list_dir(m, "periods", &n, d);
	m->periods = mb_xcalloc(n ? n : 1, sizeof *m->periods);
	char **paths = mb_xcalloc(n ? n : 1, sizeof *paths);
	for (size_t i = 0; i < n; i++) {
		char *path = join("periods", names[i]);
		int year, quarter;
		if (!parse_period(names[i], &year, &quarter)) {
			char *shown = join(m->dir, path);
			mb_diag(d, MB_ERROR, shown, "", _("\"%s\" is not a period: name period folders YYYY for a "
			        "year or YYYY-qN for a quarter (like 2023-q2)"), names[i]);
			free(shown);
			free(path);
			continue;
		}
		struct mb_period *p = &m->periods[m->nperiods++];
		p->id = mb_xstrdup(names[i]);
		p->year = year;
		p->quarter = quarter;
		mb_day_span(year, quarter, &p->first_day, &p->last_day);
		mb_buf lb;
		mb_buf_init(&lb);
		if (quarter)
			mb_buf_printf(&lb, "Quý %s/%d", roman[quarter], year);
		else
			mb_buf_printf(&lb, "Năm %d", year);
		p->label = mb_buf_detach(&lb, NULL);
		mb_buf_release(&lb);
		p->scores = mb_xcalloc(m->nindices ? m->nindices : 1, sizeof *p->scores);
		paths[m->nperiods - 1] = path;
	}
	struct period_jobs j = {m, paths, mb_xcalloc(m->nperiods + 1, sizeof *j.diags)};
	for (size_t i = 0; i < m->nperiods; i++)
		mb_diags_init(&j.diags[i]);
	mb_par_for(mb_jobs_threads(), m->nperiods, load_period_job, &j);
	for (size_t i = 0; i < m->nperiods; i++) {
		merge_diags(d, &j.diags[i]);
		free(paths[i]);
	}
	free(j.diags);
	free(paths);
	qsort(m->periods, m->nperiods, sizeof *m->periods, period_cmp);
	free_list(names, n);
}

/* ---- procedures.json --------------------------------------------------- */

static bool valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      ch == '.' || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

static int *load_refs(struct ctx *c, const cJSON *obj, const char *key, size_t *n, bool groups)
{
	*n = 0;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!arr)
		return NULL;
	size_t mark = ptr_push(c, key);
	if (!cJSON_IsArray(arr)) {
		ERR(c, groups ? _("expected a list of group ids, found %s") : _("expected a list of unit ids, found %s"),
		    type_name(arr));
		ptr_pop(c, mark);
		return NULL;
	}
	int *v = mb_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *v);
	size_t i = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		size_t mi = ptr_push_i(c, i++);
		int x = -1;
		if (!cJSON_IsString(e))
			ERR(c, _("expected an id, found %s"), type_name(e));
		else if ((x = groups ? mb_model_find_group(c->m, e->valuestring)
		                     : mb_model_find_unit(c->m, e->valuestring)) < 0)
			unknown_ref(c, groups, e->valuestring);
		for (size_t k = 0; x >= 0 && k < *n; k++)
			if (v[k] == x) {
				ERR(c, _("\"%s\" is listed twice"), e->valuestring);
				x = -1;
			}
		if (x >= 0)
			v[(*n)++] = x;
		ptr_pop(c, mi);
	}
	ptr_pop(c, mark);
	return v;
}

static int proc_cmp(const void *a, const void *b)
{
	const struct mb_procedure *x = a, *y = b;
	int c = strcmp(x->field ? x->field : "", y->field ? y->field : "");
	return c ? c : strcmp(x->code, y->code);
}

static void load_procedures(struct ctx *c, const cJSON *root)
{
	static const char *const keys[] = {"code", "name", "field", "groups", "units", "time_limit",
		"fee", "online", "url", NULL};
	struct mb_model *m = c->m;
	if (!want_object(c, root, N_("the procedure catalogue")))
		return;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "procedures");
	if (!arr) {
		ERR_AT(c, "procedures", _("missing: the list of \"procedures\" is required"));
		return;
	}
	size_t mark = ptr_push(c, "procedures");
	if (!cJSON_IsArray(arr)) {
		ERR(c, _("expected a list of procedures, found %s"), type_name(arr));
		ptr_pop(c, mark);
		return;
	}
	m->procs = mb_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *m->procs);
	size_t i = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, arr) {
		size_t mi = ptr_push_i(c, i++);
		if (!want_object(c, v, N_("a procedure"))) {
			ptr_pop(c, mi);
			continue;
		}
		check_keys(c, v, keys);
		struct mb_procedure p;
		memset(&p, 0, sizeof p);
		p.code = get_str(c, v, "code", true);
		if (p.code && !valid_code(p.code)) {
			ERR_AT(c, "code", _("\"%s\" is not a procedure code: use digits, letters and dots "
			       "(like 1.001193)"), p.code);
			free(p.code);
			p.code = NULL;
		}
		for (size_t k = 0; p.code && k < m->nprocs; k++)
			if (strcmp(m->procs[k].code, p.code) == 0)
				ERR_AT(c, "code", _("the code \"%s\" is used by two procedures"), p.code);
		p.name = get_str(c, v, "name", true);
		p.field = get_str(c, v, "field", false);
		p.time_limit = get_str(c, v, "time_limit", false);
		p.fee = get_str(c, v, "fee", false);
		p.url = get_url(c, v, "url");
		char *online = get_str(c, v, "online", false);
		if (!online || strcmp(online, "none") == 0)
			p.online = MB_ONLINE_NONE;
		else if (strcmp(online, "partial") == 0)
			p.online = MB_ONLINE_PARTIAL;
		else if (strcmp(online, "full") == 0)
			p.online = MB_ONLINE_FULL;
		else
			ERR_AT(c, "online", _("\"%s\" is not an online level: use \"full\" (toàn trình), "
			       "\"partial\" (một phần) or \"none\""), online);
		free(online);
		p.groups = load_refs(c, v, "groups", &p.ngroups, true);
		p.units = load_refs(c, v, "units", &p.nunits, false);
		if (p.ngroups == 0 && p.nunits == 0 && p.code)
			WARN(c, _("the procedure \"%s\" applies to no unit: give \"groups\" or \"units\""), p.code);
		if (p.code && p.name) {
			m->procs[m->nprocs++] = p;
		} else {
			free(p.code);
			free(p.name);
			free(p.field);
			free(p.time_limit);
			free(p.fee);
			free(p.url);
			free(p.groups);
			free(p.units);
		}
		ptr_pop(c, mi);
	}
	qsort(m->procs, m->nprocs, sizeof *m->procs, proc_cmp);
	ptr_pop(c, mark);
}

/* ---- pages/<slug>.md ---------------------------------------------------- */

static void load_page(struct mb_model *m, struct mb_diags *d, const char *rel, const char *path,
                      const char *slug)
{
	size_t len;
	char *text = mb_read_text(m->in, rel, &len, d, NULL);
	if (!text)
		return;
	if (len > MB_MAX_PAGE_BYTES) {
		mb_diag(d, MB_ERROR, path, "", _("the page is %zu bytes, more than the limit of %zu MB: "
		        "no one reads a web page this long on a phone; split it into several pages, or "
		        "publish the text as a file to download"), len, MB_MAX_PAGE_BYTES >> 20);
		free(text);
		return;
	}
	struct mb_page pg;
	memset(&pg, 0, sizeof pg);
	bool ok = mb_page_parse(text, path, &pg, d);
	free(text);
	size_t html = pg.body_md ? markdown_size(pg.body_md) : 0;
	if (html > MB_MAX_MARKDOWN_HTML) {
		mb_diag(d, MB_ERROR, path, "", _("the page renders to %zu bytes of HTML, more than the "
		        "limit of %zu MB: split it into several pages"), html,
		        MB_MAX_MARKDOWN_HTML >> 20);
		ok = false;
	}
	if (ok && !pg.draft) {
		pg.slug = mb_xstrdup(slug);
		pg.file = mb_xstrdup(path);
		m->pages = mb_xreallocarray(m->pages, m->npages + 1, sizeof *m->pages);
		m->pages[m->npages++] = pg;
	} else {
		mb_page_release(&pg);
	}
}

static int page_cmp(const void *a, const void *b)
{
	const struct mb_page *x = a, *y = b;
	if (!!x->date != !!y->date)
		return x->date ? -1 : 1;
	if (x->date) {
		int c = strcmp(y->date, x->date);
		return c ? c : strcmp(x->slug, y->slug);
	}
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->slug, y->slug);
}

static void load_pages(struct mb_model *m, struct mb_diags *d)
{
	size_t n;
	char **names = list_dir(m, "pages", &n, d);
	for (size_t i = 0; i < n; i++) {
		char *rel = join("pages", names[i]);
		char *path = join(m->dir, rel);
		size_t len = strlen(names[i]);
		char *slug = has_suffix(names[i], ".md") ? mb_xstrndup(names[i], len - 3) : NULL;
		bool reserved = slug && mb_is_site_segment(slug);
		if (!slug)
			mb_diag(d, MB_WARNING, path, "", _("ignored: pages are Markdown files ending in .md"));
		else if (!mb_is_id(slug))
			mb_diag(d, MB_ERROR, path, "", _("\"%s\" is not a valid page name: use lower-case "
			        "letters a-z, digits and single hyphens (like gioi-thieu.md)"), slug);
		else if (reserved)
			mb_diag(d, MB_ERROR, path, "", _("the page name \"%s\" is reserved for the site's own "
			        "pages: rename the file"), slug);
		else
			load_page(m, d, rel, path, slug);
		free(slug);
		free(rel);
		free(path);
	}
	if (m->npages)
		qsort(m->pages, m->npages, sizeof *m->pages, page_cmp);
	free_list(names, n);
}

/* ---- the whole folder ------------------------------------------------------ */

typedef void (*root_fn)(struct ctx *, const cJSON *);

static bool load_root(struct mb_model *m, struct mb_diags *d, const char *name, bool required,
                      root_fn fn)
{
	char *path = join(m->dir, name);
	int missing = 0;
	struct mb_jdoc doc;
	bool ok = mb_json_load(m->in, name, d, &missing, &doc) == 0;
	if (missing && required)
		mb_diag(d, MB_ERROR, path, "", _("missing: every data folder needs %s"), name);
	if (ok) {
		struct ctx c = {.m = m, .d = d, .file = path};
		mb_buf_init(&c.ptr);
		fn(&c, doc.root);
		mb_buf_release(&c.ptr);
		mb_jdoc_free(&doc);
	}
	free(path);
	return ok;
}

static struct mb_model *load(const char *dir, struct mb_reads *reads, struct mb_diags *d,
                             bool everything)
{
	struct mb_indir in;
	if (mb_indir_open(&in, dir, reads) != 0) {
		mb_diag(d, MB_ERROR, dir, "", _("cannot open the data folder: %s"), strerror(errno));
		mb_indir_close(&in);
		return NULL;
	}
	struct mb_model *m = mb_xcalloc(1, sizeof *m);
	m->dir = mb_xstrdup(in.path);
	m->in = &in;
	bool site = load_root(m, d, "site.json", true, load_site);
	bool units = load_root(m, d, "units.json", true, load_units_file);
	/* Scores and services name units: without them every row would be an error. */
	if (site && units) {
		load_indices(m, d);
		if (everything) {
			load_periods(m, d);
			load_root(m, d, "procedures.json", false, load_procedures);
			load_pages(m, d);
			mb_paths_check(m, d);
		}
	}
	m->in = NULL;
	mb_indir_close(&in);
	return m;
}

struct mb_model *mb_load(const char *dir, struct mb_diags *d)
{
	return load(dir, NULL, d, true);
}

struct mb_model *mb_load_base(const char *dir, struct mb_diags *d)
{
	return load(dir, NULL, d, false);
}

struct mb_model *mb_load_recorded(const char *dir, struct mb_reads *reads, struct mb_diags *d)
{
	return load(dir, reads, d, true);
}
