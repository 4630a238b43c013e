/* draft.c - `minhbach draft`: a draft press release of a period, written into DATA/pages. */
#include "draft.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "calendar.h"
#include "frontmatter.h"
#include "i18n.h"
#include "indir.h"
#include "model.h"
#include "mustache.h"
#include "page_ctx.h"
#include "page_fmt.h"
#include "paths.h"
#include "suggest.h"

/* Today, YYYY-MM-DD: MINHBACH_TODAY, or the clock (local time).  The one
 * place minhbach reads the date. */
static bool today(char out[11])
{
	const char *env = getenv("MINHBACH_TODAY");
	if (env && *env) {
		mb_day d;
		if (strlen(env) != 10 || !mb_day_parse(env, &d))
			return false;
		mb_day_iso(d, out);
		return true;
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	return true;
}

static int find_period(const struct mb_model *m, const char *id)
{
	for (size_t p = 0; p < m->nperiods; p++)
		if (!strcmp(m->periods[p].id, id))
			return (int)p;
	return -1;
}

/* Marks the items of a list first and last, for the template's joins
 * (again, for facts moved out of the list that marked them). */
static void ends(cJSON *arr)
{
	for (cJSON *e = arr->child; e; e = e->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(e, "first");
		cJSON_DeleteItemFromObjectCaseSensitive(e, "last");
		mb_ctx_bool(e, "first", e == arr->child);
		mb_ctx_bool(e, "last", e->next == NULL);
	}
}

struct files {
	const struct mb_model *m;
	cJSON *arr;
};

static void add_file(void *ctx, const char *rel, const char *format, int what)
{
	struct files *f = ctx;
	if (!strcmp(format, "HTML"))
		return; /* the period's page: period.href */
	cJSON *o = mb_ctx_obj(f->arr, NULL);
	char *href = mb_strf("/%s", rel);
	mb_ctx_str(o, "href", href);
	free(href);
	mb_ctx_ref(o, "format", format);
	mb_ctx_bool(o, "is_book", !strcmp(format, "XLSX"));
	mb_ctx_bool(o, "is_record", !strcmp(format, "JSON"));
	mb_ctx_bool(o, "is_services", what == -2);
	if (what >= 0) {
		cJSON *ix = mb_ctx_obj(o, "index");
		mb_ctx_ref(ix, "name", f->m->indices[what].name);
		mb_ctx_ref(ix, "short_name", f->m->indices[what].short_name);
	} else {
		mb_ctx_bool(o, "index", false);
	}
}

/* The kind of a highlight fact (its one key) and the index it is about. */
static const char *fact_index(const cJSON *fact)
{
	const cJSON *o = fact->child;
	const cJSON *ix = o ? cJSON_GetObjectItemCaseSensitive(o, "index") : NULL;
	const cJSON *id = ix ? cJSON_GetObjectItemCaseSensitive(ix, "id") : NULL;
	return cJSON_IsString(id) ? id->valuestring : NULL;
}

/*
 * The highlight facts split for the draft's sections: "lead" (the
 * services' totals), "services" (the rest of the services' facts) and
 * "indices" [{id, name, short_name, facts}] in the order of the facts.
 */
static void sections(const struct mb_model *m, cJSON *ctx)
{
	cJSON *hl = cJSON_GetObjectItemCaseSensitive(ctx, "highlights");
	cJSON *facts = hl ? cJSON_GetObjectItemCaseSensitive(hl, "facts") : NULL;
	cJSON *lead = mb_ctx_arr(ctx, "lead");
	cJSON *services = mb_ctx_arr(ctx, "service_facts");
	cJSON *indices = mb_ctx_arr(ctx, "index_facts");
	while (facts && facts->child) {
		cJSON *f = cJSON_DetachItemViaPointer(facts, facts->child);
		const char *id = fact_index(f);
		if (!id) {
			cJSON_AddItemToArray(!strcmp(f->child->string, "hl_services") ? lead : services, f);
			continue;
		}
		cJSON *io = indices->child;
		while (io && strcmp(cJSON_GetObjectItemCaseSensitive(io, "id")->valuestring, id))
			io = io->next;
		if (!io) {
			int i = mb_model_find_index(m, id);
			io = mb_ctx_obj(indices, NULL);
			mb_ctx_str(io, "id", id);
			mb_ctx_ref(io, "name", m->indices[i].name);
			mb_ctx_ref(io, "short_name", m->indices[i].short_name);
			mb_ctx_arr(io, "facts");
		}
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(io, "facts"), f);
	}
	ends(lead);
	ends(services);
	for (cJSON *io = indices->child; io; io = io->next)
		ends(cJSON_GetObjectItemCaseSensitive(io, "facts"));
	ends(indices);
	mb_ctx_bool(ctx, "has_services", services->child != NULL || lead->child != NULL);
	mb_ctx_bool(ctx, "has_indices", indices->child != NULL);
}

static cJSON *context(const struct mb_model *m, size_t p, const char *date)
{
	const struct mb_period *pe = &m->periods[p];
	struct mb_pages P;
	memset(&P, 0, sizeof P);
	P.m = m;
	struct mb_page_job J;
	mb_page_job_init(&J, &P);
	J.root = "/";
	cJSON *ctx = cJSON_CreateObject();
	if (!ctx)
		mb_die("out of memory building the draft's context");
	cJSON *site = mb_ctx_obj(ctx, "site");
	mb_ctx_ref(site, "title", m->site.title);
	mb_ctx_ref(site, "organisation", m->site.organisation);
	cJSON *d = mb_ctx_obj(ctx, "date");
	mb_ctx_str(d, "iso", date);
	mb_ctx_date(&J, d, "text", date);
	cJSON *po = mb_ctx_period_link(&J, ctx, "period", p);
	char *text = mb_xstrdup(pe->label);
	if (text[0] >= 'A' && text[0] <= 'Z')
		text[0] = (char)(text[0] - 'A' + 'a'); /* "quý IV/2024", "năm 2023" */
	mb_ctx_str(po, "text", text);
	free(text);
	mb_ctx_bool(po, "is_year", pe->quarter == 0);
	mb_ctx_count(ctx, "units", (int64_t)pe->nreported);
	cJSON *topics = mb_ctx_arr(ctx, "topics");
	if (pe->services) {
		cJSON *t = mb_ctx_obj(topics, NULL);
		mb_ctx_bool(t, "services", true);
		mb_ctx_bool(t, "index", false);
	}
	for (size_t i = 0; i < m->nindices; i++) {
		if (!pe->scores[i])
			continue;
		cJSON *t = mb_ctx_obj(topics, NULL);
		mb_ctx_bool(t, "services", false);
		cJSON *ix = mb_ctx_obj(t, "index");
		mb_ctx_ref(ix, "name", m->indices[i].name);
		mb_ctx_ref(ix, "short_name", m->indices[i].short_name);
	}
	ends(topics);
	mb_ctx_highlights(&J, ctx, p, SIZE_MAX);
	sections(m, ctx);
	struct files f = {m, mb_ctx_arr(ctx, "downloads")};
	mb_paths_period_files(m, p, add_file, &f);
	ends(f.arr);
	mb_page_job_release(&J);
	return ctx;
}

/* Renders TEMPLATES/draft.mustache; NULL after printing the problems. */
static char *render(const struct mb_options *o, const cJSON *ctx)
{
	struct mb_indir tin;
	if (mb_indir_open(&tin, o->templates, NULL) != 0) {
		fprintf(stderr, _("minhbach: %s: cannot open the templates folder: %s (give it with -t)\n"),
		        o->templates, strerror(errno));
		mb_indir_close(&tin);
		return NULL;
	}
	struct mb_tmpl_set *set = mb_tmpl_set_new();
	mb_buf err, out;
	mb_buf_init(&err);
	mb_buf_init(&out);
	int rc = mb_tmpl_set_load_indir(set, &tin, &err);
	if (mb_tmpl_set_check(set, &err) != 0)
		rc = -1;
	if (!mb_tmpl_set_has(set, "draft")) {
		mb_buf_printf(&err, _("%s/draft.mustache:1: template not found: it writes the draft "
		              "press release\n"), tin.path);
		rc = -1;
	}
	enum mb_tmpl_fail why;
	if (rc == 0 && mb_tmpl_render_why(set, "draft", ctx, &out, &why) != 0) {
		mb_buf_printf(&err, _("%s/draft.mustache:1: cannot render: a partial includes itself, or "
		              "the template expands far more than its data\n"), tin.path);
		rc = -1;
	}
	fputs(err.data, stderr);
	char *text = rc == 0 ? mb_buf_detach(&out, NULL) : NULL;
	mb_buf_release(&out);
	mb_buf_release(&err);
	mb_tmpl_set_free(set);
	mb_indir_close(&tin);
	return text;
}

/* The page the draft will be, read as the loader reads pages: a template
 * that makes an invalid page writes nothing. */
static bool valid_page(const char *text, const char *path, const char *templates)
{
	char *copy = mb_xstrdup(text);
	struct mb_page pg;
	memset(&pg, 0, sizeof pg);
	struct mb_diags d;
	mb_diags_init(&d);
	bool ok = mb_page_parse(copy, path, &pg, &d) && d.warnings == 0 && pg.draft && pg.date;
	mb_diags_print(&d, false);
	if (!ok)
		fprintf(stderr, _("minhbach: %s/draft.mustache makes a page that is not a valid draft "
		        "(front matter with title, date and \"draft: true\"): nothing was written\n"),
		        templates);
	mb_diags_release(&d);
	mb_page_release(&pg);
	free(copy);
	return ok;
}

/* Writes the file, never over another one, and only into DATA/pages as a
 * real folder (not a link that could lead elsewhere).  Returns an exit
 * code, the reason printed. */
static int write_new(const char *data, const char *name, const char *text, const char *shown)
{
	int dfd = open(data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		fprintf(stderr, _("minhbach: %s: cannot open the data folder: %s\n"), data, strerror(errno));
		return MB_EXIT_SYSTEM;
	}
	if (mkdirat(dfd, "pages", 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, _("minhbach: %s/pages: cannot make the folder: %s\n"), data,
		        strerror(errno));
		close(dfd);
		return MB_EXIT_SYSTEM;
	}
	int pfd = openat(dfd, "pages", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(dfd);
	if (pfd < 0) {
		fprintf(stderr, _("minhbach: %s/pages: cannot open the folder: %s (a draft is written "
		        "only into a real folder, not through a link)\n"), data, strerror(errno));
		return MB_EXIT_SYSTEM;
	}
	int fd = openat(pfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0) {
		int e = errno;
		if (e == EEXIST)
			fprintf(stderr, _("minhbach: %s: already exists, and a draft never replaces a file: "
			        "rename or remove it to write a new draft (nothing was written)\n"), shown);
		else
			fprintf(stderr, _("minhbach: %s: cannot create the file: %s\n"), shown, strerror(e));
		close(pfd);
		return MB_EXIT_SYSTEM;
	}
	size_t len = strlen(text), off = 0;
	int rc = 0;
	while (rc == 0 && off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		fprintf(stderr, _("minhbach: %s: cannot write the file: %s\n"), shown, strerror(e));
		unlinkat(pfd, name, 0);
	}
	close(pfd);
	return rc == 0 ? MB_EXIT_OK : MB_EXIT_SYSTEM;
}

int mb_cmd_draft(const struct mb_options *o, const char *period)
{
	char date[11];
	if (!today(date)) {
		fprintf(stderr, _("minhbach: MINHBACH_TODAY=\"%s\" is not a date: write it as YYYY-MM-DD "
		        "(like 2025-01-15), or leave it unset for today\n"), getenv("MINHBACH_TODAY"));
		return MB_EXIT_USAGE;
	}
	struct mb_model *m = mb_load_checked(o);
	if (!m)
		return MB_EXIT_DATA;
	int p = find_period(m, period);
	if (p < 0) {
		mb_buf list, near;
		mb_buf_init(&list);
		mb_buf_init(&near);
		const char **ids = mb_xcalloc(m->nperiods + 1, sizeof *ids);
		for (size_t k = 0; k < m->nperiods; k++) {
			ids[k] = m->periods[k].id;
			mb_buf_printf(&list, "%s%s", k ? ", " : "", ids[k]);
		}
		if (mb_suggest(NULL, period, ids, m->nperiods, &near))
			fprintf(stderr, _("minhbach: %s has no period \"%s\": did you mean %s? (periods with "
			        "data: %s)\n"), o->data, period, near.data, list.data);
		else
			fprintf(stderr, _("minhbach: %s has no period \"%s\" (periods with data: %s)\n"),
			        o->data, period, m->nperiods ? list.data : _("none"));
		free(ids);
		mb_buf_release(&list);
		mb_buf_release(&near);
		mb_model_free(m);
		return MB_EXIT_USAGE;
	}
	cJSON *ctx = context(m, (size_t)p, date);
	char *text = render(o, ctx);
	cJSON_Delete(ctx);
	int rc = text ? MB_EXIT_OK : MB_EXIT_DATA;
	char *name = mb_strf("ket-qua-%s.md", m->periods[p].id);
	char *shown = mb_strf("%s/pages/%s", o->data, name);
	if (rc == MB_EXIT_OK && !valid_page(text, shown, o->templates))
		rc = MB_EXIT_DATA;
	if (rc == MB_EXIT_OK)
		rc = write_new(o->data, name, text, shown);
	if (rc == MB_EXIT_OK)
		printf(_("%s\nminhbach: a draft press release of %s: read it, edit it, and remove the "
		       "line \"draft: true\" to publish it with the next build\n"), shown,
		       m->periods[p].label);
	free(name);
	free(shown);
	free(text);
	mb_model_free(m);
	return rc;
}
