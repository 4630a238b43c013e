/* import.c - the import command: workbooks in, validation with the data folder, data files out. */
#include "import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "alloc.h"
#include "build.h"
#include "compute.h"
#include "i18n.h"
#include "import_priv.h"
#include "jobs.h"
#include "jsonfile.h"
#include "load.h"
#include "overlay.h"

/* The service columns a report must have; the rest are optional or derived. */
static const enum mb_sfield required[] = {
	MB_SF_CARRIED, MB_SF_RECV_ONLINE, MB_SF_RECV_DIRECT, MB_SF_RECV_POSTAL, MB_SF_EARLY,
	MB_SF_ON_TIME, MB_SF_LATE, MB_SF_IN_TIME, MB_SF_OVERDUE,
};

/* One data file to write. */
struct output {
	struct mb_imp_table *t;
	char *path;       /* DATA/periods/PERIOD/FILE.json */
	char *old;        /* the file it replaces, or NULL */
	mb_buf json;
};

struct run {
	const struct mb_import_options *o;
	char *dir;                     /* DATA without trailing slashes */
	struct mb_model *m;
	struct mb_unit_names *names;
	struct mb_diags d;
	struct mb_book *books;
	size_t nbooks;
	struct mb_imp_table **tables;
	size_t ntables, captables;
	struct output *out;
	size_t nout;
};

static bool valid_period(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (atoi(s) < 1900)
		return false;
	return n == 4 || (s[4] == '-' && s[5] == 'q' && s[6] >= '1' && s[6] <= '4');
}

/* ---- what a workbook says about itself --------------------------------------- */

/* The property "services 2025-q1" or "index par 2023" (ids comma-separated). */
struct hint {
	bool valid;
	bool services;
	char ids[256];
	char period[16];
};

static struct hint read_hint(const char *prop)
{
	struct hint h;
	memset(&h, 0, sizeof h);
	if (!prop)
		return h;
	char kind[16];
	if (sscanf(prop, "services %15s", h.period) == 1 && valid_period(h.period)) {
		h.valid = h.services = true;
	} else if (sscanf(prop, "%15s %255s %15s", kind, h.ids, h.period) == 3 &&
	           !strcmp(kind, "index") && valid_period(h.period)) {
		h.valid = true;
	}
	return h;
}

/*
 * The period a sheet's title gives as "Kỳ báo cáo: Quý I/2025" or "Kỳ báo
 * cáo: Năm 2023", as the form writes it, for a workbook whose properties
 * were lost (a program that does not keep them saved it).  Only this
 * phrase: a title's other dates ("6 tháng đầu năm") say nothing certain.
 */
static bool title_period(const struct mb_sheet *s, size_t below, char *out)
{
	for (size_t r = 0; r < below && r < s->nrows; r++) {
		for (size_t c = 0; c < s->rows[r].ncells; c++) {
			const struct mb_cell *x = &s->rows[r].cells[c];
			if (x->type != MB_CELL_TEXT)
				continue;
			char *f = mb_fold(x->text);
			const char *p = strstr(f, "kỳ báo cáo ");
			bool ok = false;
			if (p) {
				p += strlen("kỳ báo cáo ");
				static const char *const q[] = {"i", "ii", "iii", "iv", "1", "2", "3", "4"};
				int year = 0, quarter = 0;
				char word[8];
				int n = 0;
				if (sscanf(p, "quý %7s %n", word, &n) == 1 && n > 0) {
					for (int k = 0; k < 8 && !quarter; k++)
						if (!strcmp(word, q[k]))
							quarter = k % 4 + 1;
					const char *y = p + n;
					if (!strncmp(y, "năm ", strlen("năm ")))
						y += strlen("năm ");
					year = atoi(y);
				} else if (!strncmp(p, "năm ", strlen("năm "))) {
					year = atoi(p + strlen("năm "));
				}
				if (year >= 1900 && year <= 2999) {
					if (quarter)
						snprintf(out, 16, "%d-q%d", year, quarter);
					else
						snprintf(out, 16, "%d", year);
					ok = true;
				}
			}
			free(f);
			if (ok)
				return true;
		}
	}
	return false;
}

/* The header columns read, for a message: A "STT", B "Tên đơn vị", ... */
static void header_read(const struct mb_imp_head *h, mb_buf *b)
{
	for (size_t i = 0; i < h->ncols && i < 24; i++) {
		char ref[16];
		mb_cell_ref(ref, 0, h->cols[i].col);
		ref[strcspn(ref, "0123456789")] = '\0'; /* the column's letters */
		mb_buf_printf(b, "%s%s \"%s\"", i ? ", " : "", ref, h->cols[i].path);
	}
	if (h->ncols > 24)
		mb_buf_printf(b, _(" and %zu more"), h->ncols - 24);
	if (!h->ncols)
		mb_buf_puts(b, _("no header text at all"));
}

static void sheet_problem(struct run *rn, const struct mb_book *b, size_t sheet,
                          const struct mb_imp_head *h, const char *what)
{
	mb_buf cols;
	mb_buf_init(&cols);
	header_read(h, &cols);
	mb_buf where;
	mb_buf_init(&where);
	if (b->kind == MB_BOOK_XLSX) {
		char *name = mb_cell_where(b->sheets[sheet].name, 0, SIZE_MAX);
		mb_buf_puts(&where, name);
		free(name);
	}
	if (h->rows)
		mb_diag(&rn->d, MB_ERROR, b->file, where.data, _("%s; the header was read from rows %zu "
		        "to %zu as: %s"), what, h->top + 1, h->top + h->rows, cols.data);
	else
		mb_diag(&rn->d, MB_ERROR, b->file, where.data, "%s", what);
	mb_buf_release(&where);
	mb_buf_release(&cols);
}

/* Two columns read as the same thing cannot both be right. */
static bool unique_columns(struct run *rn, struct mb_imp_table *t)
{
	const struct mb_imp_head *h = &t->head;
	bool ok = true;
	for (size_t i = 0; i < h->ncols; i++) {
		const struct mb_imp_col *a = &h->cols[i];
		if (a->role != MB_COL_FIELD && a->role != MB_COL_CRIT && a->role != MB_COL_TOTAL &&
		    a->role != MB_COL_MAX && a->role != MB_COL_RANK)
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct mb_imp_col *b = &h->cols[j];
			if (b->role != a->role || b->field != a->field)
				continue;
			struct mb_imp_where w = {t->book, t->sheet, h->top + h->rows - 1, a->col, NULL,
			                         a->label};
			mb_buf other;
			mb_buf_init(&other);
			mb_imp_cell_name(t->book, t->sheet, h->top + h->rows - 1, b->col, &other);
			mb_imp_diag(&rn->d, MB_ERROR, &w, _("this column and the one at %s (\"%s\") are both "
			            "read as the same figure: rename or remove one of them"), other.data,
			            b->path);
			mb_buf_release(&other);
			ok = false;
			break;
		}
	}
	return ok;
}

static bool required_columns(struct run *rn, struct mb_imp_table *t)
{
	if (t->index >= 0)
		return true;
	mb_buf missing;
	mb_buf_init(&missing);
	int both = mb_imp_col_of(t, MB_COL_FIELD, MB_SF_RECV_DIRECT_POSTAL);
	for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
		const struct mb_sfield_info *f = &mb_sfields[required[i]];
		if (mb_imp_col_of(t, MB_COL_FIELD, required[i]) >= 0)
			continue;
		if (both >= 0 && (required[i] == MB_SF_RECV_DIRECT || required[i] == MB_SF_RECV_POSTAL))
			continue;
		mb_buf_printf(&missing, "%s%s%s%s (%s)", missing.len ? ", " : "",
		              f->group ? f->group : "", f->group ? " › " : "", f->label, f->json);
	}
	bool ok = missing.len == 0;
	if (ok && both >= 0 && mb_imp_col_of(t, MB_COL_FIELD, MB_SF_RECV_POSTAL) < 0) {
		const struct mb_imp_head *h = &t->head;
		struct mb_imp_where w = {t->book, t->sheet, h->top + h->rows - 1, h->cols[both].col, NULL,
		                         h->cols[both].label};
		mb_imp_diag(&rn->d, MB_WARNING, &w, _("this column counts direct and postal files "
		            "together: they are read as direct (received.direct), and postal as 0"));
	}
	if (!ok) {
		char *what = mb_strf(_("no column was found for %s"), missing.data);
		sheet_problem(rn, t->book, t->sheet, &t->head, what);
		free(what);
	}
	mb_buf_release(&missing);
	return ok;
}

/* Finds the tables of one workbook. */
static void read_book(struct run *rn, struct mb_book *b)
{
	const struct mb_import_options *o = rn->o;
	struct hint h = read_hint(b->property);
	if (o->period && h.valid && strcmp(o->period, h.period)) {
		mb_diag(&rn->d, MB_ERROR, b->file, "", _("the workbook was made for %s (by minhbach form), "
		        "but --period says %s: leave out --period, or make a workbook for %s"),
		        h.period, o->period, o->period);
		return;
	}
	int want = -2;
	if (o->index)
		want = mb_model_find_index(rn->m, o->index);
	else if (h.valid && h.services)
		want = -1;
	else if (h.valid && !strchr(h.ids, ',') && mb_model_find_index(rn->m, h.ids) >= 0)
		want = mb_model_find_index(rn->m, h.ids);
	size_t found = 0;
	struct mb_imp_head best;
	memset(&best, 0, sizeof best);
	size_t best_sheet = 0;
	for (size_t s = 0; s < b->nsheets; s++) {
		if (b->sheets[s].hidden)
			continue;
		struct mb_imp_table *t = mb_xcalloc(1, sizeof *t);
		t->book = b;
		t->sheet = s;
		if (!mb_imp_find_header(rn->m, &b->sheets[s], want, &t->head)) {
			if (t->head.found > best.found || (!best.ncols && t->head.ncols)) {
				mb_imp_head_release(&best);
				best = t->head;
				best_sheet = s;
				memset(&t->head, 0, sizeof t->head);
			}
			mb_imp_table_release(t);
			free(t);
			continue;
		}
		found++;
		t->index = t->head.index;
		char titled[16] = "";
		bool has_title = title_period(&b->sheets[s], t->head.top, titled);
		const char *period = o->period ? o->period : h.valid ? h.period
		                   : has_title ? titled : NULL;
		if (o->period && has_title && !h.valid && strcmp(o->period, titled)) {
			mb_diag(&rn->d, MB_ERROR, b->file, "", _("sheet '%s' says its figures are for %s, but "
			        "--period says %s: check that this is the right workbook"),
			        b->sheets[s].name, titled, o->period);
			mb_imp_table_release(t);
			free(t);
			continue;
		}
		if (!period) {
			mb_diag(&rn->d, MB_ERROR, b->file, "", _("which period are the figures of sheet '%s' "
			        "for? Give it with --period (like --period 2025-q1, or --period 2023 for a "
			        "year)"), b->sheets[s].name);
			mb_imp_table_release(t);
			free(t);
			continue;
		}
		t->period = mb_xstrdup(period);
		if (!unique_columns(rn, t) || !required_columns(rn, t)) {
			mb_imp_table_release(t);
			free(t);
			continue;
		}
		mb_imp_read_rows(rn->m, rn->names, t, &rn->d);
		if (!t->nrows) {
			sheet_problem(rn, b, s, &t->head, _("no row names a unit of units.json with figures"));
			mb_imp_table_release(t);
			free(t);
			continue;
		}
		MB_PUSH(rn->tables, rn->ntables, rn->captables, t);
	}
	if (!found) {
		const char *what = want == -1 ? _("no sheet holds service figures (columns such as Số kỳ "
		                                  "trước chuyển qua, Trực tuyến, Đúng hạn, Quá hạn)")
		                 : want >= 0 ? _("no sheet holds the criteria of this index as columns "
		                                 "(headed by their number, name or id)")
		                 : _("no sheet holds service figures or index scores with a column of "
		                     "unit names or ids");
		sheet_problem(rn, b, best_sheet, &best, what);
	}
	mb_imp_head_release(&best);
}

/* ---- outputs ------------------------------------------------------------------ */

static char *read_old(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	mb_buf b;
	mb_buf_init(&b);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < MB_MAX_FILE_BYTES)
		mb_buf_put(&b, chunk, n);
	fclose(f);
	char *s = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return s;
}

/* The "published" date of the file being replaced, kept as it was. */
static char *published_of(const char *old)
{
	if (!old)
		return NULL;
	cJSON *root = cJSON_Parse(old);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "published");
	char *s = cJSON_IsString(p) && strlen(p->valuestring) == 10 ? mb_xstrdup(p->valuestring) : NULL;
	cJSON_Delete(root);
	return s;
}

static bool plan_outputs(struct run *rn)
{
	rn->out = mb_xcalloc(rn->ntables + 1, sizeof *rn->out);
	bool ok = true;
	for (size_t i = 0; i < rn->ntables; i++) {
		struct mb_imp_table *t = rn->tables[i];
		struct output *o = &rn->out[rn->nout];
		o->t = t;
		o->path = mb_strf("%s/periods/%s/%s.json", rn->dir, t->period,
		                  t->index < 0 ? "services" : rn->m->indices[t->index].id);
		bool twice = false;
		for (size_t k = 0; k < rn->nout && !twice; k++) {
			if (strcmp(rn->out[k].path, o->path))
				continue;
			twice = true;
			const struct mb_imp_table *a = rn->out[k].t;
			mb_diag(&rn->d, MB_ERROR, t->book->file, "", _("sheet '%s' and sheet '%s' of %s both "
			        "give %s: import one of them"), t->book->sheets[t->sheet].name,
			        a->book->sheets[a->sheet].name, a->book->file, o->path);
		}
		if (twice) {
			free(o->path);
			ok = false;
			continue;
		}
		o->old = read_old(o->path);
		char *published = rn->o->published ? mb_xstrdup(rn->o->published) : published_of(o->old);
		mb_buf_init(&o->json);
		mb_imp_json(rn->m, t, published, &o->json);
		free(published);
		rn->nout++;
	}
	return ok;
}

/* ---- problems the data folder finds, brought back to their cells ----------------- */

/* Which cell a JSON pointer of an output points into; false for a row
 * whose cells were already reported (its figures are not all known). */
static bool locate(const struct run *rn, const struct output *o, const char *ptr,
                   struct mb_imp_where *w)
{
	const struct mb_imp_table *t = o->t;
	const char *key = t->index < 0 ? "/services/" : "/scores/";
	size_t n = strtoul(ptr + strlen(key), NULL, 10), k = 0;
	int unit = -1;
	for (size_t u = 0; u < t->nunits && unit < 0; u++)
		if (t->row_of[u] >= 0 && k++ == n)
			unit = (int)u;
	const char *rest = strchr(ptr + strlen(key), '/');
	rest = rest ? rest : "";
	int col = -1;
	if (t->index < 0) {
		for (int f = 1; f < MB_SF_FIRST_DERIVED && col < 0; f++) {
			char p[64];
			snprintf(p, sizeof p, "/%s", mb_sfields[f].json);
			for (char *c = p; *c; c++)
				*c = *c == '.' ? '/' : *c;
			size_t len = strlen(p);
			if (!strncmp(rest, p, len) && (!rest[len] || rest[len] == '/'))
				col = mb_imp_col_of(t, MB_COL_FIELD, f);
			/* "/payments" and the like name the group: its first column */
			else if (*rest && !strncmp(p, rest, strlen(rest)) && p[strlen(rest)] == '/')
				col = mb_imp_col_of(t, MB_COL_FIELD, f);
		}
	} else if (!strncmp(rest, "/criteria/", 10)) {
		const struct mb_index *ix = &rn->m->indices[t->index];
		int c = mb_index_find_crit(ix, rest + 10);
		/* the criterion's column, or the first column below it */
		for (int k2 = c; k2 >= 0 && (size_t)k2 < ix->ncrit && col < 0; k2++) {
			if (k2 > c && ix->crit[k2].depth <= ix->crit[c].depth)
				break;
			col = mb_imp_col_of(t, MB_COL_CRIT, k2);
		}
	} else if (!strcmp(rest, "/total")) {
		col = mb_imp_col_of(t, MB_COL_TOTAL, 0);
	} else if (!strcmp(rest, "/max")) {
		col = mb_imp_col_of(t, MB_COL_MAX, 0);
	} else if (!strcmp(rest, "/rank")) {
		col = mb_imp_col_of(t, MB_COL_RANK, 0);
	}
	const struct mb_imp_head *h = &t->head;
	int namecol = h->name_col >= 0 ? h->name_col : h->id_col;
	w->book = t->book;
	w->sheet = t->sheet;
	w->row = unit >= 0 ? (size_t)t->row_of[unit] : h->data;
	w->col = col >= 0 ? h->cols[col].col : namecol >= 0 ? h->cols[namecol].col : 0;
	w->unit = unit >= 0 ? t->name_of[unit] : NULL;
	w->column = col >= 0 ? h->cols[col].label : NULL;
	return unit < 0 || !t->bad[unit];
}

/*
 * Moves the loader's and compute's problems about an output file to the
 * cells its rows came from: "bao-cao.xlsx: 'Biểu 06a'!C12 (Sở Tư pháp):
 * files do not balance ..." rather than a pointer into a file not yet
 * written.
 */
static void relocate(struct run *rn, struct mb_diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct mb_diag *g = &from->v[i];
		const struct output *o = NULL, *whole = NULL;
		for (size_t k = 0; k < rn->nout && !o && !whole; k++) {
			if (strcmp(rn->out[k].path, g->file) || !g->where)
				continue;
			if (!strncmp(g->where, "/services/", 10) || !strncmp(g->where, "/scores/", 8))
				o = &rn->out[k];
			else if (!strcmp(g->where, "/services") || !strcmp(g->where, "/scores"))
				whole = &rn->out[k];
		}
		if (whole) {
			/* About the sheet as a whole (a unit without its row). */
			const struct mb_book *b = whole->t->book;
			char *name = b->kind == MB_BOOK_XLSX
			           ? mb_cell_where(b->sheets[whole->t->sheet].name, 0, SIZE_MAX) : NULL;
			mb_diag(&rn->d, g->sev, b->file, name ? name : "", "%s", g->msg);
			free(name);
			mb_diag_clear(g);
		} else if (o) {
			struct mb_imp_where w;
			if (locate(rn, o, g->where, &w))
				mb_imp_diag(&rn->d, g->sev, &w, "%s", g->msg);
			mb_diag_clear(g);
		} else {
			MB_PUSH(rn->d.v, rn->d.n, rn->d.cap, *g);
			if (g->sev == MB_ERROR)
				rn->d.errors++;
			else
				rn->d.warnings++;
		}
	}
	rn->d.errors += from->errors > from->n ? from->errors - from->n : 0;
	free(from->v);
	mb_diags_init(from);
}

/* Loads the data folder with the outputs in place of their files. */
static void validate(struct run *rn)
{
	for (size_t i = 0; i < rn->nout; i++)
		mb_overlay_set(rn->out[i].path, rn->out[i].json.data, rn->out[i].json.len);
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(rn->dir, &d);
	if (m && !d.errors)
		mb_compute(m, &d);
	mb_overlay_clear();
	/* compute's checks against the previous quarter (carried-over files,
	 * rates that jump, units that went missing) come back to the cells. */
	relocate(rn, &d);
	mb_model_free(m);
}

/* ---- writing ------------------------------------------------------------------ */

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Writes path atomically: a temporary file beside it, flushed, renamed over. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *dir = mb_xstrdup(path);
	*strrchr(dir, '/') = '\0';
	if (mkdir(dir, 0777) == 0) {
		char *parent = mb_xstrdup(dir);
		char *s = strrchr(parent, '/');
		if (s)
			*s = '\0';
		sync_dir(s ? parent : ".");
		free(parent);
	} else if (errno != EEXIST) {
		fprintf(stderr, _("minhbach: %s: cannot make the folder: %s\n"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	char *tmp = mb_strf("%s/.%s.tmp-%ld", dir, strrchr(path, '/') + 1, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	int rc = fd < 0 ? -1 : 0;
	for (size_t off = 0; rc == 0 && off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -1;
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc == 0 && sync_dir(dir) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0) {
		fprintf(stderr, _("minhbach: %s: cannot write the file: %s\n"), path, strerror(err));
		unlink(tmp);
	}
	free(tmp);
	free(dir);
	return rc;
}

/* ---- the command ----------------------------------------------------------------- */

/* What reading a workbook needs: units and indices, which must be sound;
 * the period files are checked with the imported files in place (one of
 * them may be the file replaced). */
static bool load_current(struct run *rn)
{
	struct mb_diags d;
	mb_diags_init(&d);
	rn->m = mb_load_base(rn->dir, &d);
	if (rn->m)
		mb_compute_codes(rn->m);
	bool ok = rn->m != NULL;
	struct mb_diags keep;
	mb_diags_init(&keep);
	char *periods = mb_strf("%s/periods/", rn->dir);
	for (size_t i = 0; i < d.n; i++) {
		struct mb_diag *g = &d.v[i];
		if (g->sev != MB_ERROR || !strncmp(g->file, periods, strlen(periods))) {
			mb_diag_clear(g);
			continue;
		}
		MB_PUSH(keep.v, keep.n, keep.cap, *g);
		keep.errors++;
		ok = false;
	}
	free(d.v);
	free(periods);
	if (!ok) {
		mb_diags_print(&keep, false);
		fprintf(stderr, _("minhbach: %s: correct the data folder first (units, indices, site "
		        "settings): nothing was imported\n"), rn->dir);
	}
	mb_diags_release(&keep);
	return ok;
}

static void run_release(struct run *rn)
{
	for (size_t i = 0; i < rn->nout; i++) {
		free(rn->out[i].path);
		free(rn->out[i].old);
		mb_buf_release(&rn->out[i].json);
	}
	free(rn->out);
	for (size_t i = 0; i < rn->ntables; i++) {
		mb_imp_table_release(rn->tables[i]);
		free(rn->tables[i]);
	}
	free(rn->tables);
	for (size_t i = 0; i < rn->nbooks; i++)
		mb_book_release(&rn->books[i]);
	free(rn->books);
	mb_unit_names_free(rn->names);
	mb_model_free(rn->m);
	mb_diags_release(&rn->d);
	free(rn->dir);
}

static int finish_failed(struct run *rn)
{
	mb_diags_print(&rn->d, false);
	mb_buf counts;
	mb_buf_init(&counts);
	mb_diags_counts(&rn->d, &counts);
	fprintf(stderr, _("minhbach: %s: nothing was written to %s\n"), counts.data, rn->dir);
	mb_buf_release(&counts);
	run_release(rn);
	return MB_EXIT_DATA;
}

int mb_cmd_import(const struct mb_import_options *o, char *const *files, size_t nfiles)
{
	int y, mo, da;
	char tail;
	if (o->published && (strlen(o->published) != 10 ||
	                     sscanf(o->published, "%4d-%2d-%2d%c", &y, &mo, &da, &tail) != 3 ||
	                     y < 1900 || mo < 1 || mo > 12 || da < 1 || da > 31)) {
		fprintf(stderr, _("minhbach: --published \"%s\" is not a date: write it as YYYY-MM-DD "
		        "(like 2025-04-10)\n"), o->published);
		return MB_EXIT_USAGE;
	}
	if (o->period && !valid_period(o->period)) {
		fprintf(stderr, _("minhbach: --period \"%s\" is not a period: write YYYY for a year or "
		        "YYYY-qN for a quarter (like 2025-q1)\n"), o->period);
		return MB_EXIT_USAGE;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	mb_jobs_set_threads(cpus < 1 ? 1 : cpus > 256 ? 256 : (int)cpus);
	struct run rn;
	memset(&rn, 0, sizeof rn);
	rn.o = o;
	rn.dir = mb_xstrdup(o->data);
	for (size_t n = strlen(rn.dir); n > 1 && rn.dir[n - 1] == '/';)
		rn.dir[--n] = '\0';
	mb_diags_init(&rn.d);
	for (size_t i = 0; i < nfiles; i++) {
		struct stat st;
		const char *why = NULL;
		if (stat(files[i], &st) != 0)
			why = strerror(errno);
		else if (!S_ISREG(st.st_mode))
			why = _("it is not a file");
		if (why) {
			fprintf(stderr, _("minhbach: %s: cannot read the file: %s\n"), files[i], why);
			run_release(&rn);
			return MB_EXIT_SYSTEM;
		}
	}
	if (!load_current(&rn)) {
		run_release(&rn);
		return MB_EXIT_DATA;
	}
	if (o->index && mb_model_find_index(rn.m, o->index) < 0) {
		fprintf(stderr, _("minhbach: there is no index \"%s\" in %s/indices\n"), o->index, rn.dir);
		run_release(&rn);
		return MB_EXIT_USAGE;
	}
	rn.names = mb_unit_names_new(rn.m);
	rn.books = mb_xcalloc(nfiles + 1, sizeof *rn.books);
	for (size_t i = 0; i < nfiles; i++, rn.nbooks++) {
		if (mb_book_read(files[i], &rn.books[i], &rn.d) == 0)
			read_book(&rn, &rn.books[i]);
	}
	/* Even with problems in some cells, the rest is checked with the
	 * data folder, so that one run lists everything (rows with a bad cell
	 * are left out of that check). */
	bool planned = plan_outputs(&rn);
	if (rn.nout)
		validate(&rn);
	if (rn.d.errors || !planned)
		return finish_failed(&rn);
	mb_diags_print(&rn.d, false);
	mb_buf report;
	mb_buf_init(&report);
	for (size_t i = 0; i < rn.nout; i++) {
		const struct output *out = &rn.out[i];
		if (out->t->book->kind == MB_BOOK_CSV)
			mb_buf_printf(&report, "%s -> ", out->t->book->file);
		else
			mb_buf_printf(&report, _("%s, sheet '%s' -> "), out->t->book->file,
			              out->t->book->sheets[out->t->sheet].name);
		mb_imp_diff(rn.m, out->t->index, out->path, out->old, out->json.data, &report);
	}
	fputs(report.data, stdout);
	mb_buf_release(&report);
	int rc = MB_EXIT_OK;
	if (o->dry_run) {
		printf(_("minhbach: --dry-run: nothing was written\n"));
	} else {
		size_t written = 0;
		for (size_t i = 0; i < rn.nout && rc == MB_EXIT_OK; i++) {
			const struct output *out = &rn.out[i];
			if (out->old && !strcmp(out->old, out->json.data))
				continue; /* the same bytes: the file keeps its date */
			if (write_atomic(out->path, out->json.data, out->json.len) != 0)
				rc = MB_EXIT_SYSTEM;
			else
				written++;
		}
		if (rc == MB_EXIT_OK)
			printf(P_("minhbach: %zu file written; preview the site with: minhbach serve -d %s\n",
			          "minhbach: %zu files written; preview the site with: minhbach serve -d %s\n",
			          written), written, rn.dir);
	}
	run_release(&rn);
	return rc;
}
