/* dl_long.c - every figure in one long table (tai-ve/tat-ca.csv), the units table, and each unit's own files (CSV, JSON). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cache.h"
#include "dl.h"
#include "jobs.h"
#include "json_out.h"
#include "out.h"
#include "sha256.h"

/*
 * The long table has one row per unit, period and figure: which figure is
 * named by the CSV column that holds it in the period's own files (a
 * ranking's "phan_tram", a criterion's id, the services' "ty_le_dung_han"),
 * and the value is written exactly as that column writes it, so the two
 * files never disagree.  A unit's own CSV holds the same figures as a
 * time series (unit_files), and its JSON the same figures in the fields of
 * the period records.
 *
 * A row names its unit by id, with the id of its group (what a pivot table
 * filters on first), and says what its value counts ("hồ sơ", "%"), the
 * unit of the column the figure comes from (mb_dl_unit_word), so that a
 * value is read without the dictionary.  The unit's name, group name,
 * parent, days and successors are said once, in tai-ve/don-vi.csv, to join
 * on ma_don_vi: repeated on each of the 3.4 million rows of national data
 * they made the long table 60% heavier (README, "Output size").
 */

/* ",don_vi_tinh": the unit of the column a figure comes from. */
static void put_unit(mb_buf *b, const struct mb_dl_col *col)
{
	const char *w = mb_dl_unit_word(col->unit);
	mb_buf_putc(b, ',');
	if (w)
		mb_dl_csv_field(b, w);
}

struct lng {
	const struct mb_dl_ctx *c;
	struct mb_out *o;
	struct mb_dl_table *rank;   /* per index: the columns of its ranking CSV */
	struct mb_dl_table serv;    /* the columns of the services CSV */
	struct mb_dl_table all;     /* the long table's columns */
	size_t maxcols;
};

/* The rows of one record (a score or a service row): one per figure it has,
 * "ky,ma_don_vi,ma_nhom,chi_so,chi_tieu,gia_tri,don_vi_tinh". */
static void put_rows(mb_buf *b, mb_buf *head, const struct lng *L, const struct mb_dl_table *t,
                     const struct mb_dl_rec *rec, const char *source, struct mb_dl_cell *cells)
{
	const struct mb_model *m = L->c->m;
	const struct mb_unit *u = &m->units[rec->score ? rec->score->unit : rec->service->unit];
	mb_dl_table_cells(t, rec, cells);
	mb_buf_reset(head);
	mb_dl_csv_field(head, m->periods[rec->period].id);
	mb_buf_putc(head, ',');
	mb_dl_csv_field(head, u->id);
	mb_buf_putc(head, ',');
	mb_dl_csv_field(head, m->groups[u->group].id);
	mb_buf_putc(head, ',');
	mb_dl_csv_field(head, source);
	mb_buf_putc(head, ',');
	for (size_t i = 0; i < t->ncols; i++) {
		const struct mb_dl_col *col = &t->cols[i];
		if (!mb_dl_is_figure(col->type) || cells[i].kind != MB_DL_NUM)
			continue;
		mb_buf_put(b, head->data, head->len);
		mb_dl_csv_field(b, col->name);
		mb_buf_putc(b, ',');
		mb_dl_csv_number(b, col->type, cells[i].n);
		put_unit(b, col);
		mb_buf_puts(b, "\r\n");
	}
}

static void put_header(mb_buf *b, const struct mb_dl_table *t)
{
	mb_buf_puts(b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			mb_buf_putc(b, ',');
		mb_dl_csv_field(b, t->cols[i].name);
	}
	mb_buf_puts(b, "\r\n");
}

/* A score record of unit u in period p and index i (the score must exist). */
static struct mb_dl_rec score_rec(const struct mb_model *m, size_t p, size_t i,
                                  const struct mb_score *s)
{
	struct mb_dl_rec r = {(int)p, (int)i, m->units[s->unit].group, -1, s, NULL};
	return r;
}

static struct mb_dl_rec service_rec(const struct mb_model *m, size_t p, const struct mb_service *s)
{
	struct mb_dl_rec r = {(int)p, -1, m->units[s->unit].group, -1, NULL, s};
	return r;
}

/* Where the long table goes: the file, and the SHA-256 of what was handed
 * to it (the downloads page lists it; no second reading of the file). */
struct sink {
	FILE *f;
	EVP_MD_CTX *md;
	size_t len;  /* bytes handed to f */
	int err;     /* errno of the first failure, or 0 */
};

/* Hands what b holds to the file once it passes a few megabytes (or at the
 * end): national data makes a file of hundreds of megabytes, never held
 * whole. */
static void spill(mb_buf *b, struct sink *s, bool end)
{
	if (b->len < (4u << 20) && !end)
		return;
	EVP_DigestUpdate(s->md, b->data, b->len);
	if (!s->err && fwrite(b->data, 1, b->len, s->f) != b->len)
		s->err = errno ? errno : EIO;
	s->len += b->len;
	mb_buf_reset(b);
}

/* Copies size bytes at offset of the published file fd (which holds at
 * least offset + size: checked) into the new one, through b. */
static void copy_piece(int fd, size_t offset, size_t size, mb_buf *b, struct sink *s)
{
	static const size_t chunk = 4u << 20;
	while (size > 0 && !s->err) {
		size_t want = size < chunk ? size : chunk;
		mb_buf_grow(b, want);
		ssize_t n = pread(fd, b->data + b->len, want, (off_t)offset);
		if (n <= 0) {
			s->err = n < 0 ? errno : EIO;
			break;
		}
		b->len += (size_t)n;
		b->data[b->len] = '\0';
		offset += (size_t)n;
		size -= (size_t)n;
		spill(b, s, false);
	}
}

/* What cuts the long table's rows out of the records: every table's
 * columns (which field, how it is written, what it counts, its name). */
static void columns_key(const struct lng *L, char hex[MB_HASH_HEX])
{
	const struct mb_model *m = L->c->m;
	EVP_MD_CTX *md = mb_sha256_begin();
	for (size_t t = 0; t < m->nindices + 2; t++) {
		const struct mb_dl_table *tb = t < m->nindices ? &L->rank[t]
		                               : t == m->nindices ? &L->serv : &L->all;
		for (size_t i = 0; i < tb->ncols; i++) {
			const struct mb_dl_col *c = &tb->cols[i];
			long v[4] = {(long)c->field, (long)c->arg, (long)c->type, (long)c->unit};
			EVP_DigestUpdate(md, v, sizeof v);
			EVP_DigestUpdate(md, c->name, strlen(c->name) + 1);
		}
		EVP_DigestUpdate(md, "|", 1);
	}
	mb_sha256_end(md, hex);
}

/* The rows of period p, in the file's order. */
static void period_rows(struct lng *L, size_t p, mb_buf *b, mb_buf *head,
                        struct mb_dl_cell *cells, struct sink *s)
{
	const struct mb_model *m = L->c->m;
	const struct mb_period *pe = &m->periods[p];
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = pe->scores[i];
		for (size_t g = 0; ss && g < m->ngroups; g++)
			for (size_t k = 0; k < ss->nranked[g]; k++) {
				struct mb_dl_rec r = score_rec(m, p, i, &ss->rows[ss->ranked[g][k]]);
				put_rows(b, head, L, &L->rank[i], &r, m->indices[i].id, cells);
				spill(b, s, false);
			}
	}
	for (size_t k = 0; pe->services && k < pe->services->nrows; k++) {
		struct mb_dl_rec r = service_rec(m, p, &pe->services->rows[k]);
		put_rows(b, head, L, &L->serv, &r, "dich-vu", cells);
		spill(b, s, false);
	}
}

/*
 * tai-ve/tat-ca.csv: period by period, each index's groups in rank order,
 * then the services in the order of the units.  A period's rows are its
 * piece of the file ("tai-ve/tat-ca.csv#PERIOD" in the cache), made from
 * what the period's own files are (its input key: cache.h) and the
 * tables' columns: when the published file holds the piece made from the
 * same, it is copied from there (one quarter changed: the other periods'
 * 2.5 million national rows are not written again).
 */
static int all_csv(struct lng *L, struct mb_downloads *list)
{
	const struct mb_model *m = L->c->m;
	struct mb_out *o = L->o;
	const char *rel = "tai-ve/tat-ca.csv";
	bool keyed = o->inputs && o->inputs->nperiods == m->nperiods;
	char cols[MB_HASH_HEX];
	if (keyed)
		columns_key(L, cols);
	int from = keyed ? mb_out_open_published(o, rel) : -1;
	struct stat fst;
	size_t have = from >= 0 && fstat(from, &fst) == 0 ? (size_t)fst.st_size : 0;
	char *path = mb_out_path(o, rel);
	FILE *f = path ? fopen(path, "wb") : NULL;
	if (!f) {
		if (path)
			mb_out_fail(o, rel, strerror(errno));
		free(path);
		if (from >= 0)
			close(from);
		return -1;
	}
	struct sink s = {f, mb_sha256_begin(), 0, 0};
	mb_buf b, head;
	mb_buf_init(&b);
	mb_buf_init(&head);
	put_header(&b, &L->all);
	struct mb_dl_cell *cells = mb_xcalloc(L->maxcols + 1, sizeof *cells);
	for (size_t p = 0; p < m->nperiods; p++) {
		char key[MB_HASH_HEX], *piece = mb_strf("%s#%s", rel, m->periods[p].id);
		if (keyed) {
			EVP_MD_CTX *md = mb_sha256_begin();
			EVP_DigestUpdate(md, o->inputs->period[p], MB_HASH_HEX);
			EVP_DigestUpdate(md, cols, MB_HASH_HEX);
			mb_sha256_end(md, key);
		}
		size_t at = s.len + b.len, off, size;
		if (keyed && from >= 0 && mb_out_published_piece(o, piece, key, &off, &size) &&
		    off <= have && size <= have - off)
			copy_piece(from, off, size, &b, &s);
		else
			period_rows(L, p, &b, &head, cells, &s);
		mb_out_piece_made(o, piece, keyed ? key : NULL, at, s.len + b.len - at);
		free(piece);
	}
	spill(&b, &s, true);
	if (from >= 0)
		close(from);
	free(cells);
	mb_buf_release(&b);
	mb_buf_release(&head);
	char sha[MB_HASH_HEX];
	mb_sha256_end(s.md, sha);
	int err = s.err;
	if (fclose(f) != 0 && !err)
		err = errno;
	int rc = -1;
	if (err)
		mb_out_fail(o, rel, strerror(err));
	else if (mb_out_done(o, rel) == 0 && !o->failed)
		rc = 0;
	if (rc == 0)
		mb_dl_list_add(list, rel, "CSV", NULL,
		               "Tất cả số liệu của mọi kỳ, mỗi dòng một số liệu (CSV)", s.len, sha);
	free(path);
	return rc;
}

/*
 * The rows of one source (an index, or the services) in a unit's own CSV:
 * one per figure of the source's table that the unit has in some period,
 * in the table's column order, with its unit of measure, then its value in
 * each period column, as the long table writes it.  cells holds the
 * source's cells of period p from p * L->maxcols, valid where has[p];
 * col[p] says whether period p is a column of the file.
 */
static void unit_rows(mb_buf *b, const struct lng *L, const struct mb_dl_table *t,
                      const char *source, const bool *col, const bool *has,
                      const struct mb_dl_cell *cells)
{
	size_t np = L->c->m->nperiods, nc = L->maxcols;
	for (size_t i = 0; i < t->ncols; i++) {
		if (!mb_dl_is_figure(t->cols[i].type))
			continue;
		bool any = false;
		for (size_t p = 0; p < np && !any; p++)
			any = has[p] && cells[p * nc + i].kind == MB_DL_NUM;
		if (!any)
			continue;
		mb_dl_csv_field(b, source);
		mb_buf_putc(b, ',');
		mb_dl_csv_field(b, t->cols[i].name);
		put_unit(b, &t->cols[i]);
		for (size_t p = 0; p < np; p++) {
			if (!col[p])
				continue;
			mb_buf_putc(b, ',');
			const struct mb_dl_cell *x = &cells[p * nc + i];
			if (has[p] && x->kind == MB_DL_NUM)
				mb_dl_csv_number(b, t->cols[i].type, x->n);
		}
		mb_buf_puts(b, "\r\n");
	}
}

/*
 * A unit's CSV and JSON, on any thread.  The CSV is the unit's figures of
 * the long table turned into a time series: "chi_so,chi_tieu,don_vi_tinh"
 * and one column per period the unit has figures in (a year's scores and a
 * quarter's services side by side, in the order of the periods).  Cut from
 * the long table, each of the unit's ~300 rows repeated the period and the
 * source: national units' files took 130 MB, 48 MB this way.
 */
static void unit_files(void *ctx, size_t u, int worker)
{
	(void)worker;
	struct lng *L = ctx;
	const struct mb_model *m = L->c->m;
	size_t np = m->nperiods, nc = L->maxcols;
	bool *col = mb_xcalloc(np + 1, sizeof *col), *has = mb_xcalloc(np + 1, sizeof *has);
	struct mb_dl_cell *cells = mb_xcalloc(np * nc + 1, sizeof *cells);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_puts(&b, "\xEF\xBB\xBF" "chi_so,chi_tieu,don_vi_tinh");
	for (size_t p = 0; p < np; p++) {
		for (size_t i = 0; i < m->nindices && !col[p]; i++)
			col[p] = mb_score_of(m, p, i, (int)u) != NULL;
		col[p] = col[p] || mb_service_of(m, p, (int)u) != NULL;
		if (col[p]) {
			mb_buf_putc(&b, ',');
			mb_dl_csv_field(&b, m->periods[p].id);
		}
	}
	mb_buf_puts(&b, "\r\n");
	for (size_t i = 0; i <= m->nindices; i++) {
		bool serv = i == m->nindices;
		const struct mb_dl_table *t = serv ? &L->serv : &L->rank[i];
		for (size_t p = 0; p < np; p++) {
			struct mb_dl_rec r;
			const struct mb_score *sc = serv ? NULL : mb_score_of(m, p, i, (int)u);
			const struct mb_service *sv = serv ? mb_service_of(m, p, (int)u) : NULL;
			has[p] = sc || sv;
			if (sc)
				r = score_rec(m, p, i, sc);
			else if (sv)
				r = service_rec(m, p, sv);
			if (has[p])
				mb_dl_table_cells(t, &r, &cells[p * nc]);
		}
		unit_rows(&b, L, t, serv ? "dich-vu" : m->indices[i].id, col, has, cells);
	}
	free(cells);
	free(col);
	free(has);
	char *rel = mb_strf("tai-ve/don-vi/%s.csv", m->units[u].id);
	mb_out_write(L->o, rel, b.data, b.len);
	free(rel);
	mb_buf_reset(&b);
	mb_json_unit(m, u, &b);
	rel = mb_strf("tai-ve/don-vi/%s.json", m->units[u].id);
	mb_out_write(L->o, rel, b.data, b.len);
	free(rel);
	mb_buf_release(&b);
}

/* tai-ve/don-vi.csv: every unit once, in the order of units.json, with
 * what the long tables leave to it: name, group, parent, days, successors. */
static int units_csv(struct lng *L, struct mb_downloads *list)
{
	const struct mb_model *m = L->c->m;
	struct mb_dl_table t;
	mb_dl_table_units(&t, L->c);
	mb_dl_dict_add(list, &t);
	mb_buf b;
	mb_buf_init(&b);
	put_header(&b, &t);
	mb_dl_table_release(&t);
	for (size_t k = 0; k < m->nunits; k++) {
		const struct mb_unit *u = &m->units[k];
		const char *f[] = {
			u->id, u->name, m->groups[u->group].id, m->groups[u->group].name,
			u->parent >= 0 ? m->units[u->parent].id : NULL, u->from, u->until,
		};
		for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
			if (f[i])
				mb_dl_csv_field(&b, f[i]);
			mb_buf_putc(&b, ',');
		}
		for (size_t s = 0; s < u->nsuccessors; s++) {
			if (s)
				mb_buf_putc(&b, ' ');
			mb_dl_csv_field(&b, m->units[u->successors[s]].id);
		}
		mb_buf_puts(&b, "\r\n");
	}
	const char *rel = "tai-ve/don-vi.csv";
	int rc = mb_out_write(L->o, rel, b.data, b.len);
	if (rc == 0) {
		char sha[65];
		mb_sha256_hex(b.data, b.len, sha);
		mb_dl_list_add(list, rel, "CSV", NULL,
		               "Danh sách đơn vị: tên, nhóm, đơn vị cấp trên, thời gian hoạt động, "
		               "đơn vị kế thừa (CSV)", b.len, sha);
	}
	mb_buf_release(&b);
	return rc;
}

int mb_dl_long(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list)
{
	const struct mb_model *m = c->m;
	struct lng L = {.c = c, .o = o};
	L.rank = mb_xcalloc(m->nindices + 1, sizeof *L.rank);
	for (size_t i = 0; i < m->nindices; i++) {
		mb_dl_table_ranking(&L.rank[i], c, -1, (int)i, -1);
		L.maxcols = L.rank[i].ncols > L.maxcols ? L.rank[i].ncols : L.maxcols;
	}
	mb_dl_table_services(&L.serv, c, -1, false);
	L.maxcols = L.serv.ncols > L.maxcols ? L.serv.ncols : L.maxcols;
	mb_dl_table_long(&L.all, c);
	mb_dl_dict_add(list, &L.all);
	int rc = all_csv(&L, list);
	if (rc == 0)
		rc = units_csv(&L, list);
	if (rc == 0) {
		mb_par_for(mb_jobs_threads(), m->nunits, unit_files, &L);
		rc = o->failed ? -1 : 0;
	}
	for (size_t i = 0; i < m->nindices; i++)
		mb_dl_table_release(&L.rank[i]);
	free(L.rank);
	mb_dl_table_release(&L.serv);
	mb_dl_table_release(&L.all);
	return rc;
}
