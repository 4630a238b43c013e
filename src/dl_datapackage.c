/* dl_datapackage.c - tai-ve/datapackage.json: a Frictionless Data Package describing every CSV. */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "dl.h"
#include "json_out.h"
#include "sha256.h"

/*
 * The package is written by hand, two spaces per level, keys in a fixed
 * order: the file must come out byte-identical on every build.  Schemas come
 * from the same column lists the CSVs were written from, so field names
 * always match the headers.
 */

static void ind(mb_buf *b, int depth)
{
	for (int i = 0; i < depth; i++)
		mb_buf_puts(b, "  ");
}

/* Starts "key": at depth, after a comma unless first. */
static void key(mb_buf *b, int depth, bool *first, const char *k)
{
	mb_buf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	ind(b, depth);
	mb_buf_json_str(b, k);
	mb_buf_puts(b, ": ");
}

static void kv(mb_buf *b, int depth, bool *first, const char *k, const char *v)
{
	if (!v)
		return;
	key(b, depth, first, k);
	mb_buf_json_str(b, v);
}

/* The long table's don_vi_tinh: the words its rows can hold (mask: a bit
 * per unit). */
static void unit_enum(mb_buf *b, int depth, bool *first, int mask)
{
	key(b, depth, first, "constraints");
	mb_buf_puts(b, "{\"enum\": [");
	const char *sep = "";
	for (int u = MB_U_NONE + 1; u < MB_U_COUNT; u++)
		if (mask & (1 << u)) {
			mb_buf_puts(b, sep);
			mb_buf_json_str(b, mb_dl_unit_word((enum mb_dl_unit)u));
			sep = ", ";
		}
	mb_buf_puts(b, "]}");
}

static void field(mb_buf *b, const struct mb_dl_col *c, bool first)
{
	mb_buf_puts(b, first ? "\n" : ",\n");
	ind(b, 5);
	mb_buf_putc(b, '{');
	bool f = true;
	kv(b, 6, &f, "name", c->name);
	kv(b, 6, &f, "title", c->title);
	kv(b, 6, &f, "description", c->desc);
	kv(b, 6, &f, "type", mb_dl_type_schema(c->type));
	switch (c->type) {
	case MB_DL_RATE:
		/* A percentage; digitised files may outnumber those received. */
		key(b, 6, &f, "constraints");
		mb_buf_puts(b, "{\"minimum\": 0}");
		break;
	case MB_DL_PERCENT:
		key(b, 6, &f, "constraints");
		mb_buf_puts(b, "{\"minimum\": 0, \"maximum\": 100}");
		break;
	case MB_DL_MET:
		key(b, 6, &f, "constraints");
		mb_buf_puts(b, "{\"enum\": [\"Đạt\", \"Chưa đạt\"]}");
		break;
	case MB_DL_TEXT:
		if (c->field == MB_F_LONG_UNIT)
			unit_enum(b, 6, &f, c->arg);
		break;
	case MB_DL_INT:
	case MB_DL_MONEY:
		key(b, 6, &f, "constraints");
		mb_buf_puts(b, c->field == MB_F_RANK || c->field == MB_F_PREV_RANK ||
		                       c->field == MB_F_CRIT_RANK
		                   ? "{\"minimum\": 1}"
		                   : "{\"minimum\": 0}");
		break;
	default: break;
	}
	mb_buf_putc(b, '\n');
	ind(b, 5);
	mb_buf_putc(b, '}');
}

static const struct mb_download *find(const struct mb_downloads *list, const char *rel)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->v[i].rel, rel) == 0)
			return &list->v[i];
	return NULL;
}

static void resource(mb_buf *b, const struct mb_dl_table *t, const struct mb_download *d,
                     bool first, const char *desc)
{
	const char *file = d->rel + strlen("tai-ve/");
	mb_buf_puts(b, first ? "\n" : ",\n");
	ind(b, 2);
	mb_buf_putc(b, '{');
	bool f = true;
	char *name = mb_xstrndup(file, strlen(file) - strlen(".csv"));
	kv(b, 3, &f, "name", name);
	free(name);
	kv(b, 3, &f, "path", file);
	kv(b, 3, &f, "profile", "tabular-data-resource");
	kv(b, 3, &f, "title", d->title);
	kv(b, 3, &f, "description", desc);
	kv(b, 3, &f, "format", "csv");
	kv(b, 3, &f, "mediatype", "text/csv");
	kv(b, 3, &f, "encoding", "utf-8");
	key(b, 3, &f, "bytes");
	mb_buf_printf(b, "%zu", d->size);
	key(b, 3, &f, "hash");
	mb_buf_printf(b, "\"sha256:%s\"", d->sha256);
	key(b, 3, &f, "dialect");
	mb_buf_puts(b, "{\"delimiter\": \",\", \"lineTerminator\": \"\\r\\n\", "
	               "\"quoteChar\": \"\\\"\", \"doubleQuote\": true, \"header\": true}");
	key(b, 3, &f, "schema");
	mb_buf_putc(b, '{');
	bool fs = true;
	key(b, 4, &fs, "fields");
	mb_buf_putc(b, '[');
	for (size_t i = 0; i < t->ncols; i++)
		field(b, &t->cols[i], i == 0);
	mb_buf_putc(b, '\n');
	ind(b, 4);
	mb_buf_putc(b, ']');
	key(b, 4, &fs, "missingValues");
	mb_buf_puts(b, "[\"\"]");
	mb_buf_putc(b, '\n');
	ind(b, 3);
	mb_buf_puts(b, "}\n");
	ind(b, 2);
	mb_buf_putc(b, '}');
}

/* A period record: not a table, so its fields (json_out.h) are listed with
 * their paths in the file, their Table Schema types and meanings. */
static void json_resource(mb_buf *b, const struct mb_download *d, bool first)
{
	const char *file = d->rel + strlen("tai-ve/");
	mb_buf_puts(b, first ? "\n" : ",\n");
	ind(b, 2);
	mb_buf_putc(b, '{');
	bool f = true;
	char *name = mb_xstrndup(file, strlen(file) - strlen(".json"));
	kv(b, 3, &f, "name", name);
	free(name);
	kv(b, 3, &f, "path", file);
	kv(b, 3, &f, "profile", "data-resource");
	kv(b, 3, &f, "title", d->title);
	kv(b, 3, &f, "description",
	   "Số liệu đã tính của kỳ: xếp hạng, điểm mọi tiêu chí, trung bình nhóm, số liệu giải "
	   "quyết hồ sơ của từng đơn vị, tổng từng nhóm và toàn bộ, thay đổi so với kỳ trước. "
	   "Các trường được giải thích trong schema.fields (name là đường dẫn của trường trong "
	   "tệp; <chi-so>, <nhom>... thay cho một mã).");
	kv(b, 3, &f, "format", "json");
	kv(b, 3, &f, "mediatype", "application/json");
	kv(b, 3, &f, "encoding", "utf-8");
	key(b, 3, &f, "bytes");
	mb_buf_printf(b, "%zu", d->size);
	key(b, 3, &f, "hash");
	mb_buf_printf(b, "\"sha256:%s\"", d->sha256);
	key(b, 3, &f, "schema");
	mb_buf_putc(b, '{');
	bool fs = true;
	key(b, 4, &fs, "fields");
	mb_buf_putc(b, '[');
	bool ff = true;
	for (size_t i = 0; i < mb_json_nfields; i++) {
		const struct mb_json_field *j = &mb_json_fields[i];
		if (strcmp(j->file, mb_json_fields[0].file) != 0)
			continue;
		mb_buf_puts(b, ff ? "\n" : ",\n");
		ff = false;
		ind(b, 5);
		mb_buf_putc(b, '{');
		bool fj = true;
		kv(b, 6, &fj, "name", j->name);
		kv(b, 6, &fj, "type", j->type);
		kv(b, 6, &fj, "description", j->desc);
		mb_buf_putc(b, '\n');
		ind(b, 5);
		mb_buf_putc(b, '}');
	}
	mb_buf_putc(b, '\n');
	ind(b, 4);
	mb_buf_puts(b, "]\n");
	ind(b, 3);
	mb_buf_puts(b, "}\n");
	ind(b, 2);
	mb_buf_putc(b, '}');
}

/* Open Definition style licence id from the site's text: "CC BY 4.0" -> "CC-BY-4.0". */
static char *license_id(const char *s)
{
	char *id = mb_xstrdup(s);
	for (char *p = id; *p; p++)
		if (*p == ' ')
			*p = '-';
	return id;
}

static void header(mb_buf *b, const struct mb_dl_ctx *c)
{
	const struct mb_site *s = &c->m->site;
	bool f = true;
	mb_buf_putc(b, '{');
	kv(b, 1, &f, "profile", "data-package");
	kv(b, 1, &f, "name", "cong-khai-cai-cach-hanh-chinh");
	kv(b, 1, &f, "title", s->title);
	kv(b, 1, &f, "description",
	   "Bảng xếp hạng các bộ chỉ số cải cách hành chính và số liệu giải quyết hồ sơ theo "
	   "từng kỳ, dạng CSV (UTF-8, dấu phẩy phân cách, dấu chấm thập phân), cùng bản JSON "
	   "của mỗi kỳ. Trong CSV, mọi tỷ lệ (tỷ lệ điểm đạt, các tỷ lệ giải quyết hồ sơ) là "
	   "phần trăm, làm tròn 2 chữ số thập phân đúng như trên trang (ví dụ 81.33), và "
	   "thay đổi của tỷ lệ là điểm phần trăm. Ô trống là không áp dụng hoặc không có số "
	   "liệu.");
	kv(b, 1, &f, "homepage", s->base_url);
	key(b, 1, &f, "created");
	mb_buf_printf(b, "\"%sT00:00:00Z\"", c->created);
	if (s->license && *s->license) {
		char *id = license_id(s->license);
		key(b, 1, &f, "licenses");
		mb_buf_puts(b, "[{\"name\": ");
		mb_buf_json_str(b, id);
		mb_buf_puts(b, ", \"title\": ");
		mb_buf_json_str(b, s->license);
		mb_buf_puts(b, "}]");
		free(id);
	}
	key(b, 1, &f, "sources");
	mb_buf_puts(b, "[{\"title\": ");
	mb_buf_json_str(b, s->organisation);
	mb_buf_puts(b, "}]");
	key(b, 1, &f, "contributors");
	mb_buf_puts(b, "[{\"title\": ");
	mb_buf_json_str(b, s->organisation);
	mb_buf_puts(b, ", \"role\": \"publisher\"}]");
	key(b, 1, &f, "keywords");
	mb_buf_puts(b, "[\"cải cách hành chính\", \"CCHC\"");
	for (size_t i = 0; i < c->m->nindices; i++) {
		const struct mb_index *ix = &c->m->indices[i];
		mb_buf_puts(b, ", ");
		mb_buf_json_str(b, ix->short_name ? ix->short_name : ix->name);
	}
	mb_buf_puts(b, ", \"dịch vụ công\"]");
	key(b, 1, &f, "resources");
	mb_buf_putc(b, '[');
}

int mb_dl_datapackage(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list)
{
	const struct mb_model *m = c->m;
	mb_buf b, rel;
	mb_buf_init(&b);
	mb_buf_init(&rel);
	header(&b, c);
	bool first = true;
	/* Same order as the CSVs were written: period, then each index's
	 * ranking and means, then the services and their totals. */
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_period *per = &m->periods[p];
		for (size_t x = 0; x < 2 * m->nindices + 2; x++) {
			struct mb_dl_table t;
			mb_buf_reset(&rel);
			size_t ix = x / 2;
			if (ix < m->nindices) {
				if (!per->scores || !per->scores[ix])
					continue;
				if (x % 2 == 0)
					mb_dl_table_ranking(&t, c, (int)p, (int)ix, -1);
				else
					mb_dl_table_means(&t, c, (int)p, (int)ix, false);
				mb_buf_printf(&rel, "tai-ve/%s-%s%s.csv", per->id, m->indices[ix].id,
				              x % 2 ? "-trung-binh" : "");
			} else {
				if (!per->services)
					continue;
				if (x % 2 == 0)
					mb_dl_table_services(&t, c, (int)p, false);
				else
					mb_dl_table_service_totals(&t, c, (int)p, false);
				mb_buf_printf(&rel, "tai-ve/%s-dich-vu%s.csv", per->id,
				              x % 2 ? "-tong-hop" : "");
			}
			const struct mb_download *d = find(list, rel.data);
			if (d) {
				resource(&b, &t, d, first, NULL);
				first = false;
			}
			mb_dl_table_release(&t);
		}
	}
	const struct mb_download *d = find(list, "tai-ve/tat-ca.csv");
	if (d) {
		struct mb_dl_table t;
		mb_dl_table_long(&t, c);
		resource(&b, &t, d, first,
		         "Mỗi dòng là một số liệu của một đơn vị trong một kỳ, với mã nhóm của "
		         "đơn vị và đơn vị tính của số liệu; tên đơn vị, tên nhóm và thời gian "
		         "hoạt động của đơn vị ở tệp don-vi.csv, ghép theo ma_don_vi. Mỗi đơn vị "
		         "còn có tệp riêng tai-ve/don-vi/<ma-don-vi>.csv, cùng các số liệu đó theo "
		         "chuỗi thời gian (mỗi dòng một số liệu: chi_so, chi_tieu, don_vi_tinh; "
		         "mỗi cột một kỳ đơn vị có số liệu, tên cột là mã kỳ), và tệp "
		         "tai-ve/don-vi/<ma-don-vi>.json với các trường của tệp JSON của kỳ.");
		first = false;
		mb_dl_table_release(&t);
	}
	d = find(list, "tai-ve/don-vi.csv");
	if (d) {
		struct mb_dl_table t;
		mb_dl_table_units(&t, c);
		resource(&b, &t, d, first,
		         "Mỗi dòng là một đơn vị, theo thứ tự trong danh sách đơn vị; ghép với "
		         "tat-ca.csv và các tệp của kỳ theo ma_don_vi.");
		first = false;
		mb_dl_table_release(&t);
	}
	for (size_t p = 0; p < m->nperiods; p++) {
		mb_buf_reset(&rel);
		mb_buf_printf(&rel, "tai-ve/%s.json", m->periods[p].id);
		d = find(list, rel.data);
		if (d) {
			json_resource(&b, d, first);
			first = false;
		}
	}
	mb_buf_puts(&b, first ? "]\n}\n" : "\n  ]\n}\n");
	const char *out = "tai-ve/datapackage.json";
	int rc = mb_out_write(o, out, b.data, b.len);
	if (rc == 0) {
		char sha[65];
		mb_sha256_hex(b.data, b.len, sha);
		mb_dl_list_add(list, out, "JSON", NULL,
		               "Mô tả các tệp CSV: cột, kiểu, ý nghĩa (Frictionless Data Package)",
		               b.len, sha);
	}
	mb_buf_release(&b);
	mb_buf_release(&rel);
	return rc;
}
