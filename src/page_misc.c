/* page_misc.c - downloads page, 404 page, sitemap.xml and robots.txt. */
#include <string.h>

#include "json_out.h"
#include "page_ctx.h"
#include "page_fmt.h"

static void file_row(struct mb_page_job *J, cJSON *arr, const struct mb_download *d)
{
	cJSON *o = mb_ctx_obj(arr, NULL);
	const char *slash = strrchr(d->rel, '/');
	mb_ctx_href(J, o, "href", "%s", d->rel);
	mb_ctx_ref(o, "name", slash ? slash + 1 : d->rel);
	mb_ctx_ref(o, "format", d->format);
	mb_ctx_ref(o, "title", d->title);
	mb_page_put_size(&J->tmp, d->size);
	mb_ctx_tmp(o, "size", &J->tmp);
	mb_ctx_int(o, "bytes", (int64_t)d->size);
	mb_ctx_str(o, "sha256", d->sha256);
}

/* Files covering all periods first, then each period, newest first. */
static void file_groups(struct mb_page_job *J, cJSON *ctx)
{
	const struct mb_model *m = J->P->m;
	const struct mb_downloads *dl = J->P->dl;
	cJSON *groups = mb_ctx_arr(ctx, "groups");
	size_t nfiles = 0;
	for (size_t p = m->nperiods + 1; dl && p-- > 0;) {
		const char *id = p == m->nperiods ? NULL : m->periods[p].id;
		cJSON *files = NULL;
		for (size_t k = 0; k < dl->n; k++) {
			const struct mb_download *d = &dl->v[k];
			if (id ? !d->period || strcmp(d->period, id) != 0 : d->period != NULL)
				continue;
			if (!files) {
				cJSON *go = mb_ctx_obj(groups, NULL);
				if (id) {
					mb_ctx_ref(go, "label", m->periods[p].label);
					mb_ctx_ref(go, "id", id);
					mb_ctx_href(J, go, "period_href", "ky/%s/index.html", id);
				} else {
					mb_ctx_ref(go, "label", "Tất cả các kỳ");
					mb_ctx_ref(go, "id", "tat-ca");
				}
				files = mb_ctx_arr(go, "files");
			}
			file_row(J, files, d);
			nfiles++;
		}
	}
	mb_ctx_count(ctx, "nfiles", (int64_t)nfiles);
}

static void dictionary(cJSON *ctx, const struct mb_downloads *dl)
{
	mb_ctx_bool(ctx, "has_dictionary", dl && dl->ndict > 0);
	cJSON *tables = mb_ctx_arr(ctx, "dictionary");
	cJSON *to = NULL, *entries = NULL;
	const char *cur = NULL;
	size_t n = 0;
	for (size_t k = 0; dl && k < dl->ndict; k++) {
		const struct mb_dict_entry *e = &dl->dict[k];
		if (!entries || !cur || !e->table || strcmp(cur, e->table) != 0) {
			if (to)
				mb_ctx_count(to, "count", (int64_t)n);
			to = mb_ctx_obj(tables, NULL);
			mb_ctx_ref(to, "table", e->table);
			entries = mb_ctx_arr(to, "entries");
			cur = e->table;
			n = 0;
		}
		n++;
		cJSON *o = mb_ctx_obj(entries, NULL);
		mb_ctx_ref(o, "column", e->column);
		mb_ctx_ref(o, "type", e->type);
		mb_ctx_ref(o, "description", e->description);
	}
	if (to)
		mb_ctx_count(to, "count", (int64_t)n);
}

/* The fields of the JSON files (json_out.h), file by file. */
static void json_fields(cJSON *ctx)
{
	cJSON *files = mb_ctx_arr(ctx, "json_files");
	cJSON *fo = NULL, *fields = NULL;
	const char *cur = NULL;
	int64_t n = 0;
	for (size_t i = 0; i < mb_json_nfields; i++) {
		const struct mb_json_field *f = &mb_json_fields[i];
		if (!cur || strcmp(cur, f->file) != 0) {
			if (fo)
				mb_ctx_count(fo, "count", n);
			fo = mb_ctx_obj(files, NULL);
			mb_ctx_ref(fo, "file", f->file);
			fields = mb_ctx_arr(fo, "fields");
			cur = f->file;
			n = 0;
		}
		n++;
		cJSON *o = mb_ctx_obj(fields, NULL);
		mb_ctx_ref(o, "name", f->name);
		mb_ctx_ref(o, "type", mb_json_type_vi(f->type));
		mb_ctx_ref(o, "description", f->desc);
	}
	if (fo)
		mb_ctx_count(fo, "count", n);
}

cJSON *mb_page_downloads(struct mb_page_job *J)
{
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "tai-ve/index.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_DOWNLOADS, "Tải dữ liệu",
	                             "Tải về toàn bộ số liệu đã công bố dưới dạng bảng tính "
	                             "(XLSX), CSV và JSON, kèm giải thích các cột.");
	file_groups(J, ctx);
	dictionary(ctx, J->P->dl);
	json_fields(ctx);
	mb_ctx_href(J, ctx, "units_href", "don-vi/index.html");
	return ctx;
}

cJSON *mb_page_notfound(struct mb_page_job *J)
{
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "404.html");
	cJSON *ctx = mb_page_ctx_new(J, MB_SEC_OTHER, "Không tìm thấy trang", NULL);
	mb_ctx_href(J, ctx, "home_href", "index.html");
	mb_ctx_href(J, ctx, "units_href", "don-vi/index.html");
	mb_ctx_href(J, ctx, "periods_href", "ky/index.html");
	return ctx;
}

static void url(struct mb_page_job *J, cJSON *arr, const char *fmt, const char *id)
{
	cJSON *o = mb_ctx_obj(arr, NULL);
	mb_buf_reset(&J->tmp);
	mb_buf_puts(&J->tmp, J->P->base);
	mb_buf_printf(&J->tmp, fmt, id);
	mb_ctx_tmp(o, "loc", &J->tmp);
}

/* Absolute URLs of every HTML page, in a fixed order.  Without a base_url
 * there is nothing absolute to list: the caller writes no sitemap. */
cJSON *mb_page_sitemap(struct mb_page_job *J)
{
	const struct mb_pages *P = J->P;
	const struct mb_model *m = P->m;
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "sitemap.xml");
	cJSON *ctx = cJSON_CreateObject();
	cJSON *arr = mb_ctx_arr(ctx, "urls");
	url(J, arr, "%s", "");
	url(J, arr, "%s", "ky/");
	for (size_t p = 0; p < m->nperiods; p++)
		url(J, arr, "ky/%s/", m->periods[p].id);
	for (size_t i = 0; i < m->nindices; i++)
		url(J, arr, "chi-so/%s/", m->indices[i].id);
	url(J, arr, "%s", "don-vi/");
	for (size_t u = 0; u < m->nunits; u++)
		url(J, arr, "don-vi/%s/", m->units[u].id);
	url(J, arr, "%s", "thu-tuc/");
	for (size_t g = 0; g < m->ngroups; g++)
		if (P->group_counts[g].all)
			url(J, arr, "thu-tuc/%s/", m->groups[g].id);
	url(J, arr, "%s", "tin-tuc/");
	for (size_t k = 0; k < m->npages; k++)
		url(J, arr, k < P->nnews ? "tin-tuc/%s/" : "%s/", m->pages[k].slug);
	url(J, arr, "%s", "tai-ve/");
	return ctx;
}

cJSON *mb_page_robots(struct mb_page_job *J)
{
	mb_buf_reset(&J->rel);
	mb_buf_puts(&J->rel, "robots.txt");
	cJSON *ctx = cJSON_CreateObject();
	if (J->P->base) {
		mb_buf_reset(&J->tmp);
		mb_buf_printf(&J->tmp, "%ssitemap.xml", J->P->base);
		mb_ctx_tmp(ctx, "sitemap", &J->tmp);
	}
	return ctx;
}
