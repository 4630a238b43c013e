/* import_rows.c - the rows below a header: units, sections, subtotals, totals and notes. */
#include "import_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"

/* ---- locating problems --------------------------------------------------- */

static unsigned csv_line(const struct mb_sheet *s, size_t row)
{
	if (row < s->nrows && s->rows[row].line)
		return s->rows[row].line;
	return (unsigned)(row + 1);
}

void mb_imp_cell_name(const struct mb_book *b, size_t sheet, size_t row, size_t col, mb_buf *out)
{
	const struct mb_sheet *s = &b->sheets[sheet];
	if (b->kind == MB_BOOK_CSV) {
		mb_buf_printf(out, _("line %u, field %zu"), csv_line(s, row), col + 1);
		return;
	}
	char *where = mb_cell_where(s->name, row, col);
	mb_buf_puts(out, where);
	free(where);
}

void mb_imp_diag(struct mb_diags *d, enum mb_severity sev, const struct mb_imp_where *w,
                 const char *fmt, ...)
{
	mb_buf msg, ctx;
	mb_buf_init(&msg);
	mb_buf_init(&ctx);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (w->unit && *w->unit)
		mb_buf_puts(&ctx, w->unit);
	if (w->column && *w->column)
		mb_buf_printf(&ctx, "%s%s", ctx.len ? ", " : "", w->column);
	const struct mb_sheet *s = &w->book->sheets[w->sheet];
	if (w->book->kind == MB_BOOK_CSV) {
		if (ctx.len)
			mb_diag_at(d, sev, w->book->file, csv_line(s, w->row), (unsigned)(w->col + 1),
			           "%s: %s", ctx.data, msg.data);
		else
			mb_diag_at(d, sev, w->book->file, csv_line(s, w->row), (unsigned)(w->col + 1),
			           "%s", msg.data);
	} else {
		mb_buf where;
		mb_buf_init(&where);
		char *cell = mb_cell_where(s->name, w->row, w->col);
		mb_buf_puts(&where, cell);
		free(cell);
		if (ctx.len)
			mb_buf_printf(&where, " (%s)", ctx.data);
		mb_diag_cell(d, sev, w->book->file, where.data, (unsigned)w->sheet, (unsigned)w->row,
		             (unsigned)w->col, "%s", msg.data);
		mb_buf_release(&where);
	}
	mb_buf_release(&msg);
	mb_buf_release(&ctx);
}

/* ---- the table ------------------------------------------------------------- */

void mb_imp_table_release(struct mb_imp_table *t)
{
	mb_imp_head_release(&t->head);
	if (t->sc) {
		for (size_t u = 0; u < t->nunits; u++)
			free(t->sc[u].crit);
	}
	if (t->name_of)
		for (size_t u = 0; u < t->nunits; u++)
			free(t->name_of[u]);
	free(t->name_of);
	free(t->bad);
	free(t->row_of);
	free(t->svc);
	free(t->sc);
	free(t->period);
	memset(t, 0, sizeof *t);
}

int mb_imp_col_of(const struct mb_imp_table *t, enum mb_col_role role, int field)
{
	for (size_t i = 0; i < t->head.ncols; i++)
		if (t->head.cols[i].role == role && (role != MB_COL_FIELD && role != MB_COL_CRIT ?
		                                      true : t->head.cols[i].field == field))
			return (int)i;
	return -1;
}

/* What a row is. */
enum row_kind { ROW_SKIP, ROW_TOTAL, ROW_SUBTOTAL, ROW_AVERAGE, ROW_SECTION, ROW_UNIT };

/* A sum to check once the rows it covers are known. */
struct check {
	size_t row;        /* the row that states the sum */
	size_t from, to;   /* the unit rows it covers: data[from .. to) */
	bool open;         /* still collecting rows */
	const char *label;
};

/* A unit row read: the values of every service column, for sums.  A row
 * with a problem (a bad cell, a name that is no unit) is kept as unknown:
 * a sum over it cannot be checked. */
struct datarow {
	size_t row;
	bool unknown;
	int64_t v[MB_SF_COUNT];
};

struct reader {
	const struct mb_model *m;
	const struct mb_unit_names *names;
	struct mb_imp_table *t;
	struct mb_diags *d;
	const struct mb_sheet *s;
	int fig_col;       /* the leftmost figure column (sheet column) */
	int group;         /* the section's group, or -1 */
	size_t section_from; /* the first unit row of the section */
	struct mb_unit_ctx ctx; /* the headings above the row */
	struct datarow *data;
	size_t ndata, capdata;
	struct check *checks;
	size_t nchecks, capchecks;
	size_t suggestions; /* searches for close names so far */
	size_t entered;    /* unit rows with a figure besides the carried-over files */
	char *label;       /* the current row's name as written */
};

static const struct mb_cell *cell(const struct reader *rd, size_t r, size_t c)
{
	const struct mb_sheet *s = rd->s;
	if (r >= s->nrows || c >= s->rows[r].ncells)
		return NULL;
	const struct mb_cell *x = &s->rows[r].cells[c];
	return x->type == MB_CELL_EMPTY && !x->is_formula ? NULL : x;
}

static const char *text_of(const struct mb_cell *c)
{
	return c && c->type != MB_CELL_EMPTY && c->text ? c->text : "";
}

static bool figure_role(enum mb_col_role r)
{
	return r == MB_COL_FIELD || r == MB_COL_CRIT || r == MB_COL_TOTAL || r == MB_COL_MAX ||
	       r == MB_COL_RANK;
}

static struct mb_imp_where where(const struct reader *rd, size_t r, int coli)
{
	const struct mb_imp_head *h = &rd->t->head;
	struct mb_imp_where w = {
		.book = rd->t->book, .sheet = rd->t->sheet, .row = r,
		.col = coli >= 0 ? h->cols[coli].col
		     : h->name_col >= 0 ? h->cols[h->name_col].col
		     : h->id_col >= 0 ? h->cols[h->id_col].col : 0,
		.unit = rd->label,
		.column = coli >= 0 ? h->cols[coli].label : NULL,
	};
	return w;
}

#define RERR(rd, r, coli, ...)                                               \
	do {                                                                 \
		struct mb_imp_where w_ = where((rd), (r), (coli));           \
		mb_imp_diag((rd)->d, MB_ERROR, &w_, __VA_ARGS__);            \
	} while (0)
#define RWARN(rd, r, coli, ...)                                              \
	do {                                                                 \
		struct mb_imp_where w_ = where((rd), (r), (coli));           \
		mb_imp_diag((rd)->d, MB_WARNING, &w_, __VA_ARGS__);          \
	} while (0)

/* ---- numbers in messages ---------------------------------------------------- */

/* A count and points as the message's language writes them ("1.098",
 * "9,5" in Vietnamese). */
static char *count_str(int64_t v)
{
	return mb_said(v, 0);
}

static char *points_str(int64_t v)
{
	return mb_said(v, 4);
}

/* Reports why a cell's value cannot be used; the cell's text is quoted. */
static void bad_value(struct reader *rd, size_t r, int coli, const struct mb_cell *c,
                      const struct mb_cellval *cv, bool points, int64_t max)
{
	const char *t = text_of(c);
	switch (cv->state) {
	case MB_CV_NOT_NUMBER:
		if (points)
			RERR(rd, r, coli, _("\"%s\" is not a number: write the points (like 8,5), or KAD "
			     "when the criterion does not apply"), t);
		else
			RERR(rd, r, coli, _("\"%s\" is not a number: write the number of files (like "
			     "1.510), or - or nothing for none"), t);
		break;
	case MB_CV_NOT_WHOLE:
		RERR(rd, r, coli, _("\"%s\" is not a whole number: files are counted in whole numbers"),
		     t);
		break;
	case MB_CV_NEGATIVE:
		RERR(rd, r, coli, _("\"%s\" is below 0: write 0 or more"), t);
		break;
	case MB_CV_TOO_PRECISE:
		RERR(rd, r, coli, _("\"%s\" has more than 4 decimals: round it to at most 4 (like "
		     "9,0725)"), t);
		break;
	case MB_CV_TOO_LARGE:
		RERR(rd, r, coli, _("\"%s\" is too large: no figure of a unit comes near it"), t);
		break;
	case MB_CV_AMBIGUOUS: {
		char *a = points_str(cv->v), *b = points_str(cv->alt), *mx = points_str(max);
		mb_buf vi;
		mb_buf_init(&vi);
		mb_put_vi_trim(&vi, cv->alt, 4);
		RERR(rd, r, coli, _("\"%s\" can be read as %s (dot between thousands) or as %s (dot "
		     "before decimals), and the maximum is %s: write \"%s\" with a decimal comma, or "
		     "store the cell as a number"), t, a, b, mx, vi.data);
		mb_buf_release(&vi);
		free(a);
		free(b);
		free(mx);
		break;
	}
	case MB_CV_FORMULA_NO_VALUE:
		RERR(rd, r, coli, _("the formula in this cell has no saved result: open the file in "
		     "Excel or LibreOffice and save it again"));
		break;
	case MB_CV_ERROR:
		RERR(rd, r, coli, _("the cell shows the error %s: correct its formula"), t);
		break;
	case MB_CV_BOOL:
		RERR(rd, r, coli, _("the cell holds TRUE or FALSE, not a number"));
		break;
	case MB_CV_NA:
		RERR(rd, r, coli, _("\"%s\" (not applicable) is only for points: a count is a whole "
		     "number"), t);
		break;
	default:
		break;
	}
}

/* ---- classifying rows ---------------------------------------------------------- */

static bool roman(const char *s)
{
	size_t n = strspn(s, "IVXLC");
	return n > 0 && (s[n] == '\0' || s[n] == '.' || s[n] == ' ' || s[n] == ')');
}

/* "I", "II.", "A" in the STT column, or a name that starts "I. ". */
static bool section_mark(const char *stt, const char *label)
{
	char *st = mb_imp_clean(stt);
	bool sec = roman(st) || (st[0] >= 'A' && st[0] <= 'H' && (st[1] == '\0' || st[1] == '.'));
	free(st);
	if (sec)
		return true;
	size_t n = strspn(label, "IVXLC");
	return n > 0 && (label[n] == '.' || label[n] == ')') && label[n + 1] == ' ';
}

static enum row_kind aggregate_kind(const char *label)
{
	char *f = mb_fold(label);
	/* A leading numeral: "I. Cộng" */
	const char *p = f;
	static const char *const total[] = {"tổng cộng", "tổng số", "tổng", "toàn tỉnh",
		"tổng toàn tỉnh", "toàn thành phố", "toàn quốc", "total", "cả nước", NULL};
	static const char *const avg[] = {"trung bình", "bình quân", "average", NULL};
	enum row_kind k = ROW_SKIP;
	for (const char *const *w = total; *w && k == ROW_SKIP; w++)
		if (mb_fold_starts(p, *w))
			k = ROW_TOTAL;
	if (k == ROW_SKIP && mb_fold_starts(p, "cộng"))
		k = ROW_SUBTOTAL;
	for (const char *const *w = avg; *w && k == ROW_SKIP; w++)
		if (mb_fold_starts(p, *w))
			k = ROW_AVERAGE;
	free(f);
	return k;
}

/* ---- sums ------------------------------------------------------------------ */

static char *row_label(const struct reader *rd, size_t r);

/* Ends the sums still collecting rows: a district's at the next heading,
 * a section's at the next section or total.  A total covers every unit
 * row of the sheet, above or below it, and ends with the sheet. */
static void close_checks(struct reader *rd, bool sections_too)
{
	for (size_t i = 0; i < rd->nchecks; i++) {
		struct check *c = &rd->checks[i];
		if (c->label && !strcmp(c->label, "total"))
			continue;
		if (c->open && (sections_too || c->label == NULL)) {
			c->to = rd->ndata;
			c->open = false;
		}
	}
}

static void add_check(struct reader *rd, size_t row, size_t from, bool open)
{
	struct check c = {row, from, rd->ndata, open, NULL};
	MB_PUSH(rd->checks, rd->nchecks, rd->capchecks, c);
}

/* The derived columns of a row of counts, from its parts. */
static void derive(int64_t *v)
{
	v[MB_SF_RECV_NEW] = v[MB_SF_RECV_ONLINE] + v[MB_SF_RECV_DIRECT] + v[MB_SF_RECV_POSTAL] +
	                    v[MB_SF_RECV_DIRECT_POSTAL];
	v[MB_SF_RECV_ALL] = v[MB_SF_CARRIED] + v[MB_SF_RECV_NEW];
	v[MB_SF_RESOLVED] = v[MB_SF_EARLY] + v[MB_SF_ON_TIME] + v[MB_SF_LATE];
	v[MB_SF_PENDING] = v[MB_SF_IN_TIME] + v[MB_SF_OVERDUE];
	v[MB_SF_BALANCE] = v[MB_SF_RECV_ALL] - v[MB_SF_RESOLVED] - v[MB_SF_PENDING] -
	                   v[MB_SF_WITHDRAWN];
}

/* Checks a subtotal or total row of counts against the unit rows it covers. */
static void check_sum(struct reader *rd, const struct check *c)
{
	const struct mb_imp_head *h = &rd->t->head;
	char *saved = rd->label;
	rd->label = row_label(rd, c->row);
	for (size_t i = 0; i < h->ncols; i++) {
		const struct mb_imp_col *col = &h->cols[i];
		if (col->role != MB_COL_FIELD || col->field == MB_SF_BALANCE)
			continue;
		struct mb_cellval cv;
		mb_cell_value(cell(rd, c->row, col->col), false, &cv);
		if (cv.state != MB_CV_VALUE && cv.state != MB_CV_DASH)
			continue;
		int64_t sum = 0;
		bool unknown = false;
		for (size_t k = c->from; k < c->to; k++) {
			sum += rd->data[k].v[col->field];
			unknown = unknown || rd->data[k].unknown;
		}
		if (unknown)
			break;
		size_t units = c->to - c->from;
		if (sum == cv.v)
			continue;
		char *a = count_str(cv.v), *b = count_str(sum), *df = count_str(cv.v - sum);
		RWARN(rd, c->row, (int)i, _("this row says %s, but the %zu units' rows it sums add up "
		      "to %s (difference %s)"), a, units, b, df);
		free(a);
		free(b);
		free(df);
	}
	free(rd->label);
	rd->label = saved;
}

/* ---- one unit's row -------------------------------------------------------- */

/* A count cell: false after reporting a problem; *present is false for an
 * empty cell. */
static bool count_cell(struct reader *rd, size_t r, int coli, int64_t *out, bool *present)
{
	*out = 0;
	*present = false;
	if (coli < 0)
		return true;
	const struct mb_cell *c = cell(rd, r, rd->t->head.cols[coli].col);
	struct mb_cellval cv;
	mb_cell_value(c, false, &cv);
	switch (cv.state) {
	case MB_CV_EMPTY: return true;
	case MB_CV_DASH: *present = true; return true;
	case MB_CV_VALUE: *present = true; *out = cv.v; return true;
	default:
		bad_value(rd, r, coli, c, &cv, false, 0);
		*present = true;
		return false;
	}
}

static void read_service(struct reader *rd, size_t r, int u, struct datarow *dr)
{
	struct mb_imp_table *t = rd->t;
	struct mb_service *s = &t->svc[u];
	memset(s, 0, sizeof *s);
	int col[MB_SF_COUNT];
	bool present[MB_SF_COUNT] = {false};
	bool ok = true;
	for (int f = 1; f < MB_SF_COUNT; f++)
		col[f] = mb_imp_col_of(t, MB_COL_FIELD, f);
	for (int f = 1; f < MB_SF_FIRST_DERIVED; f++)
		ok = count_cell(rd, r, col[f], &dr->v[f], &present[f]) && ok;
	for (int f = 1; f < MB_SF_FIRST_DERIVED; f++)
		if (present[f] && f != MB_SF_CARRIED) {
			rd->entered++;
			break;
		}
	/* Direct and postal files in one column count as direct. */
	int64_t direct = dr->v[MB_SF_RECV_DIRECT] + dr->v[MB_SF_RECV_DIRECT_POSTAL];
	s->unit = u;
	s->carried_over = dr->v[MB_SF_CARRIED];
	s->recv_online = dr->v[MB_SF_RECV_ONLINE];
	s->recv_direct = direct;
	s->recv_postal = dr->v[MB_SF_RECV_POSTAL];
	s->early = dr->v[MB_SF_EARLY];
	s->on_time = dr->v[MB_SF_ON_TIME];
	s->late = dr->v[MB_SF_LATE];
	s->pend_in_time = dr->v[MB_SF_IN_TIME];
	s->pend_overdue = dr->v[MB_SF_OVERDUE];
	/* Optional figures: an empty cell is "not reported", "-" is 0. */
	s->has_withdrawn = present[MB_SF_WITHDRAWN];
	s->withdrawn = dr->v[MB_SF_WITHDRAWN];
	s->has_digitized = present[MB_SF_DIGITIZED];
	s->digitized = dr->v[MB_SF_DIGITIZED];
	/* An optional group left wholly empty is not reported. */
	s->has_payments = present[MB_SF_PAY_ONLINE] || present[MB_SF_PAY_TOTAL] ||
	                  present[MB_SF_PAY_AMOUNT];
	s->pay_online = dr->v[MB_SF_PAY_ONLINE];
	s->pay_total = dr->v[MB_SF_PAY_TOTAL];
	s->has_pay_amount = present[MB_SF_PAY_AMOUNT];
	s->pay_amount_vnd = dr->v[MB_SF_PAY_AMOUNT];
	s->has_satisfaction = present[MB_SF_SAT_RESPONSES] || present[MB_SF_SAT_SATISFIED];
	s->sat_responses = dr->v[MB_SF_SAT_RESPONSES];
	s->sat_satisfied = dr->v[MB_SF_SAT_SATISFIED];
	derive(dr->v);
	if (!ok) {
		t->bad[u] = 1;
		return;
	}
	/* Derived columns in the file must agree with their parts. */
	static const struct {
		enum mb_sfield f;
		enum mb_sfield parts[5];
	} sums[] = {
		{MB_SF_RECV_ALL, {MB_SF_CARRIED, MB_SF_RECV_ONLINE, MB_SF_RECV_DIRECT, MB_SF_RECV_POSTAL,
		                  MB_SF_RECV_DIRECT_POSTAL}},
		{MB_SF_RECV_NEW, {MB_SF_RECV_ONLINE, MB_SF_RECV_DIRECT, MB_SF_RECV_POSTAL,
		                  MB_SF_RECV_DIRECT_POSTAL}},
		{MB_SF_RESOLVED, {MB_SF_EARLY, MB_SF_ON_TIME, MB_SF_LATE, MB_SF_NONE}},
		{MB_SF_PENDING, {MB_SF_IN_TIME, MB_SF_OVERDUE, MB_SF_NONE, MB_SF_NONE}},
	};
	for (size_t k = 0; k < sizeof sums / sizeof *sums; k++) {
		int ci = col[sums[k].f];
		if (ci < 0)
			continue;
		struct mb_cellval cv;
		mb_cell_value(cell(rd, r, t->head.cols[ci].col), false, &cv);
		if (cv.state != MB_CV_VALUE && cv.state != MB_CV_DASH)
			continue; /* no saved result, or nothing: nothing to compare */
		if (cv.v == dr->v[sums[k].f])
			continue;
		mb_buf parts;
		mb_buf_init(&parts);
		for (int j = 0; j < 5 && sums[k].parts[j]; j++) {
			int c = mb_imp_col_of(t, MB_COL_FIELD, sums[k].parts[j]);
			if (c >= 0 || sums[k].parts[j] != MB_SF_RECV_DIRECT_POSTAL)
				mb_buf_printf(&parts, "%s%lld", parts.len ? " + " : "",
				              (long long)dr->v[sums[k].parts[j]]);
		}
		char *a = count_str(cv.v), *b = count_str(dr->v[sums[k].f]);
		RWARN(rd, r, ci, _("the total %s differs from %s, the sum of its parts (%s)"), a, b,
		      parts.data);
		free(a);
		free(b);
		mb_buf_release(&parts);
	}
}

/* One criterion of a row: state and value as read. */
struct pval {
	enum mb_val_state state;
	mb_fx v;
	int col;      /* column index, or -1 */
	bool covered; /* known here or from all of its sub-criteria */
	mb_fx eff;    /* its value, or the sum of its sub-criteria's */
	bool eff_na;
};

/*
 * A criterion whose sub-criteria all have columns with values in the row
 * is derived from them: it is checked against their sum and not written,
 * so a sheet that gives both levels (or the form's formulas) writes the
 * lowest level only.
 */
static void read_score(struct reader *rd, size_t r, int u)
{
	struct mb_imp_table *t = rd->t;
	const struct mb_index *ix = &rd->m->indices[t->index];
	struct mb_score *s = &t->sc[u];
	memset(s, 0, sizeof *s);
	s->unit = u;
	s->crit = mb_xcalloc(ix->ncrit + 1, sizeof *s->crit);
	struct pval *pv = mb_xcalloc(ix->ncrit + 1, sizeof *pv);
	bool any = false, ok = true;
	for (size_t k = 0; k < ix->ncrit; k++) {
		pv[k].col = mb_imp_col_of(t, MB_COL_CRIT, (int)k);
		if (pv[k].col < 0)
			continue;
		const struct mb_cell *c = cell(rd, r, t->head.cols[pv[k].col].col);
		struct mb_cellval cv;
		mb_cell_value(c, true, &cv);
		/* The form's sum of a criterion's parts, never computed: empty. */
		if (cv.state == MB_CV_FORMULA_NO_VALUE && ix->crit[k].nchildren)
			cv.state = MB_CV_EMPTY;
		if (cv.state == MB_CV_EMPTY)
			continue;
		any = true;
		if (cv.state == MB_CV_NA) {
			pv[k].state = MB_VAL_NA;
		} else if (cv.state == MB_CV_VALUE) {
			if (cv.v > ix->crit[k].max) {
				char *a = points_str(cv.v), *b = points_str(ix->crit[k].max);
				RERR(rd, r, pv[k].col, _("%s is above the maximum %s"), a, b);
				free(a);
				free(b);
				ok = false;
			} else {
				pv[k].state = MB_VAL_SET;
				pv[k].v = cv.v;
			}
		} else if (cv.state == MB_CV_DASH) {
			RERR(rd, r, pv[k].col, _("\"-\" is not points: write 0, the points, or KAD when "
			     "the criterion does not apply"));
			ok = false;
		} else {
			bad_value(rd, r, pv[k].col, c, &cv, true, ix->crit[k].max);
			ok = false;
		}
	}
	/* Bottom-up (children follow their parent in the index's order). */
	for (size_t k = ix->ncrit; k-- > 0;) {
		const struct mb_criterion *cr = &ix->crit[k];
		bool all = cr->nchildren > 0, all_na = true;
		mb_fx sum = 0;
		for (size_t j = 0; j < cr->nchildren; j++) {
			const struct pval *ch = &pv[cr->children[j]];
			all = all && ch->covered;
			if (ch->covered && !ch->eff_na) {
				sum += ch->eff;
				all_na = false;
			}
		}
		if (all) {
			pv[k].covered = true;
			pv[k].eff = sum;
			pv[k].eff_na = all_na;
			/* A stated parent is checked, then left to be computed. */
			if (pv[k].state == MB_VAL_SET && (all_na || llabs(pv[k].v - sum) > 1)) {
				char *a = points_str(pv[k].v), *b = points_str(sum);
				if (all_na)
					RWARN(rd, r, pv[k].col, _("%s is given, but every sub-criterion is KAD "
					      "(not applicable)"), a);
				else
					RWARN(rd, r, pv[k].col, _("%s differs from %s, the sum of its "
					      "sub-criteria"), a, b);
				free(a);
				free(b);
			} else if (pv[k].state == MB_VAL_NA && !all_na) {
				RWARN(rd, r, pv[k].col, _("KAD (not applicable) is given, but its "
				      "sub-criteria have points"));
			}
			pv[k].state = MB_VAL_ABSENT;
		} else if (pv[k].state != MB_VAL_ABSENT) {
			pv[k].covered = true;
			pv[k].eff = pv[k].v;
			pv[k].eff_na = pv[k].state == MB_VAL_NA;
		}
		s->crit[k] = (struct mb_val){pv[k].state, pv[k].v};
	}
	bool crit_any = false;
	for (size_t k = 0; k < ix->ncrit; k++)
		crit_any = crit_any || pv[k].covered;
	int ct = mb_imp_col_of(t, MB_COL_TOTAL, 0), cm = mb_imp_col_of(t, MB_COL_MAX, 0);
	int cr = mb_imp_col_of(t, MB_COL_RANK, 0);
	if (ct >= 0) {
		const struct mb_cell *c = cell(rd, r, t->head.cols[ct].col);
		struct mb_cellval cv;
		mb_cell_value(c, true, &cv);
		if (cv.state == MB_CV_FORMULA_NO_VALUE)
			cv.state = MB_CV_EMPTY; /* a sum never computed */
		if (crit_any) {
			/* Derived: the sum of the areas, when all are known. */
			bool all = true;
			mb_fx sum = 0;
			for (size_t j = 0; j < ix->ntop; j++) {
				const struct pval *p = &pv[ix->top[j]];
				all = all && p->covered;
				sum += p->covered && !p->eff_na ? p->eff : 0;
			}
			if (all && cv.state == MB_CV_VALUE && llabs(cv.v - sum) > 1) {
				char *a = points_str(cv.v), *b = points_str(sum);
				RWARN(rd, r, ct, _("the total %s differs from %s, the sum of the areas"), a, b);
				free(a);
				free(b);
			}
		} else if (cv.state == MB_CV_VALUE) {
			s->has_total = true;
			s->given_total = cv.v;
			any = true;
		} else if (cv.state != MB_CV_EMPTY) {
			bad_value(rd, r, ct, c, &cv, true, ix->max);
			ok = false;
			any = true;
		}
	}
	if (cm >= 0 && !crit_any) {
		const struct mb_cell *c = cell(rd, r, t->head.cols[cm].col);
		struct mb_cellval cv;
		mb_cell_value(c, true, &cv);
		if (cv.state == MB_CV_VALUE) {
			s->has_max = true;
			s->given_max = cv.v;
		} else if (cv.state != MB_CV_EMPTY) {
			bad_value(rd, r, cm, c, &cv, true, ix->max);
			ok = false;
		}
	}
	if (cr >= 0) {
		const struct mb_cell *c = cell(rd, r, t->head.cols[cr].col);
		struct mb_cellval cv;
		mb_cell_value(c, false, &cv);
		if (cv.state == MB_CV_VALUE && cv.v >= 1 && cv.v <= 10000000) {
			s->official_rank = (int)cv.v;
		} else if (cv.state == MB_CV_VALUE) {
			RERR(rd, r, cr, _("%lld is not a rank: ranks start at 1"), (long long)cv.v);
			ok = false;
		} else if (cv.state != MB_CV_EMPTY && cv.state != MB_CV_DASH) {
			bad_value(rd, r, cr, c, &cv, false, 0);
			ok = false;
		}
	}
	if (ok && !crit_any && !s->has_total && any)
		RERR(rd, r, -1, _("the row has no points: fill in the criteria, or the total"));
	t->bad[u] = !ok;
	free(pv);
}

/* ---- walking the rows ---------------------------------------------------------- */

/*
 * Whether a row gives figures: something in a column that is read (not in
 * a derived one, whose formulas the form writes in every row), and whether
 * any figure column holds a number, for rows that are not units.  A
 * formula whose result was never saved counts in a service column, where
 * it is an error, but not in a points column: there it is the form's sum
 * of a criterion's parts, left empty.
 */
static bool has_figures(const struct reader *rd, size_t r, bool *numeric)
{
	const struct mb_imp_head *h = &rd->t->head;
	bool any = false;
	*numeric = false;
	for (size_t i = 0; i < h->ncols; i++) {
		const struct mb_imp_col *col = &h->cols[i];
		if (!figure_role(col->role))
			continue;
		const struct mb_cell *c = cell(rd, r, col->col);
		if (!c)
			continue;
		bool derived = col->role == MB_COL_FIELD && col->field >= MB_SF_FIRST_DERIVED;
		bool unsaved = c->type == MB_CELL_EMPTY;
		if (!derived && (!unsaved || col->role == MB_COL_FIELD))
			any = true;
		*numeric = *numeric || mb_cell_is_numeric(c);
	}
	return any;
}

/* The row's label: its name, or for a row merged across (a section), the
 * first text left of the figures. */
static char *row_label(const struct reader *rd, size_t r)
{
	const struct mb_imp_head *h = &rd->t->head;
	if (h->name_col >= 0) {
		const struct mb_cell *c = cell(rd, r, h->cols[h->name_col].col);
		if (c && c->type == MB_CELL_TEXT)
			return mb_imp_clean(c->text);
	}
	for (size_t c = 0; c < (size_t)rd->fig_col && c < rd->s->rows[r].ncells; c++) {
		const struct mb_cell *x = cell(rd, r, c);
		if (x && x->type == MB_CELL_TEXT && x->text[0]) {
			char *s = mb_imp_clean(x->text);
			if (*s && !roman(s))
				return s;
			free(s);
		}
	}
	return mb_xstrdup("");
}

static void unit_row(struct reader *rd, size_t r, int u, bool figures)
{
	struct mb_imp_table *t = rd->t;
	const struct mb_unit *unit = &rd->m->units[u];
	if (unit->nchildren)
		mb_unit_ctx_enter(rd->m, &rd->ctx, &u, 1);
	if (!figures)
		return; /* a heading, or a unit that did not report */
	/* A district named in a section of communes heads (and may sum) them. */
	if (unit->nchildren && rd->group >= 0 && unit->group != rd->group) {
		close_checks(rd, false);
		add_check(rd, r, rd->ndata, true);
		return;
	}
	if (t->row_of[u] >= 0) {
		if (unit->nchildren) {
			close_checks(rd, false);
			add_check(rd, r, rd->ndata, true);
			return;
		}
		mb_buf other;
		mb_buf_init(&other);
		const struct mb_imp_head *h = &t->head;
		int nc = h->name_col >= 0 ? h->name_col : h->id_col;
		mb_imp_cell_name(t->book, t->sheet, (size_t)t->row_of[u], nc >= 0 ? h->cols[nc].col : 0,
		                 &other);
		RERR(rd, r, -1, _("\"%s\" (%s) has a second row here; the first is at %s: keep one"),
		     unit->name, unit->id, other.data);
		mb_buf_release(&other);
		return;
	}
	t->row_of[u] = (int)r;
	t->name_of[u] = mb_xstrdup(rd->label);
	t->nrows++;
	struct datarow dr;
	memset(&dr, 0, sizeof dr);
	dr.row = r;
	if (t->index < 0)
		read_service(rd, r, u, &dr);
	else
		read_score(rd, r, u);
	dr.unknown = t->bad[u];
	MB_PUSH(rd->data, rd->ndata, rd->capdata, dr);
}

/* A row with figures that is no unit: sums over it cannot be checked. */
static void unknown_data(struct reader *rd, size_t r)
{
	struct datarow dr;
	memset(&dr, 0, sizeof dr);
	dr.row = r;
	dr.unknown = true;
	MB_PUSH(rd->data, rd->ndata, rd->capdata, dr);
}

/* Units a heading may stand for, at most. */
#define MAX_CONTEXT 64

/* Searching every unit for close names is slow on a national list: only
 * so many unmatched rows get suggestions. */
#define MAX_SUGGEST 50

static void unknown_row(struct reader *rd, size_t r)
{
	mb_buf sug;
	mb_buf_init(&sug);
	size_t k = 0;
	if (rd->suggestions++ < MAX_SUGGEST)
		k = mb_unit_suggest(rd->names, rd->label, rd->group, &sug);
	if (k)
		RERR(rd, r, -1, _("no unit is called \"%s\": did you mean %s? Correct the name, or add "
		     "this spelling to the unit's \"aliases\" in units.json"), rd->label, sug.data);
	else
		RERR(rd, r, -1, _("no unit is called \"%s\": add the unit to units.json, or this "
		     "spelling to its \"aliases\""), rd->label);
	mb_buf_release(&sug);
	unknown_data(rd, r);
}

static void by_id(struct reader *rd, size_t r, const char *id, bool figures)
{
	int u = mb_model_find_unit(rd->m, id);
	if (u >= 0) {
		/* The id decides; a name that plainly means another unit is a
		 * sign that figures were pasted into the wrong row. */
		int n = -1;
		if (*rd->label && mb_unit_match(rd->names, rd->label, -1, NULL, &n, 1) != 1)
			n = -1;
		if (figures && n >= 0 && n != u)
			RWARN(rd, r, rd->t->head.id_col, _("the id \"%s\" is %s, but the name in this row "
			      "is that of %s (%s): the figures are read as %s's"), id,
			      rd->m->units[u].name, rd->m->units[n].name, rd->m->units[n].id,
			      rd->m->units[u].name);
		unit_row(rd, r, u, figures);
		return;
	}
	int ci = rd->t->head.id_col;
	if (figures) {
		RERR(rd, r, ci, _("no unit has the id \"%s\": units and their ids are listed in "
		     "units.json"), id);
		unknown_data(rd, r);
	}
}

/* A row's name matched ncand units (the first of them in cand). */
static void by_name(struct reader *rd, size_t r, const int *cand, size_t ncand, bool figures,
                    bool numeric)
{
	if (ncand == 1) {
		unit_row(rd, r, cand[0], figures);
	} else if (ncand > 1 && !figures) {
		/* A heading that more than one district answers to: its rows
		 * are looked for under each of them. */
		int heads[MAX_CONTEXT];
		size_t nh = 0;
		for (size_t i = 0; i < ncand && i < MAX_CONTEXT; i++)
			if (rd->m->units[cand[i]].nchildren)
				heads[nh++] = cand[i];
		if (nh)
			mb_unit_ctx_enter(rd->m, &rd->ctx, heads, nh);
	} else if (ncand > 1) {
		const struct mb_unit *x = &rd->m->units[cand[0]], *y = &rd->m->units[cand[1]];
		RERR(rd, r, -1, _("\"%s\" could be \"%s\" (%s) or \"%s\" (%s): write the name in full, "
		     "put the row under its district's heading, or add an id column"), rd->label,
		     x->name, x->id, y->name, y->id);
		unknown_data(rd, r);
	} else if (ncand == 0 && numeric) {
		unknown_row(rd, r);
	}
}

static void section_row(struct reader *rd, size_t r, bool numeric)
{
	close_checks(rd, true);
	rd->group = mb_group_match(rd->m, rd->label);
	rd->ctx.n = 0;
	rd->section_from = rd->ndata;
	if (numeric && rd->t->index < 0) {
		add_check(rd, r, rd->ndata, true);
		rd->checks[rd->nchecks - 1].label = "section";
	}
}

static void aggregate_row(struct reader *rd, size_t r, enum row_kind k, bool numeric)
{
	if (!numeric || rd->t->index >= 0)
		return; /* points are not summed; a "Trung bình" row is left alone */
	if (k == ROW_TOTAL) {
		close_checks(rd, true);
		add_check(rd, r, 0, true); /* every unit of the sheet, wherever it stands */
		rd->checks[rd->nchecks - 1].label = "total";
	} else if (k == ROW_SUBTOTAL) {
		/* "Cộng": the units since the section began. */
		close_checks(rd, true);
		add_check(rd, r, rd->section_from, false);
		rd->section_from = rd->ndata;
	}
}

static void read_row(struct reader *rd, size_t r)
{
	const struct mb_imp_head *h = &rd->t->head;
	bool numeric;
	bool figures = has_figures(rd, r, &numeric);
	free(rd->label);
	rd->label = row_label(rd, r);
	const char *stt = h->stt_col >= 0 ? text_of(cell(rd, r, h->cols[h->stt_col].col)) : "";
	const char *id = h->id_col >= 0 ? text_of(cell(rd, r, h->cols[h->id_col].col)) : "";
	char *idc = mb_imp_clean(id);
	if (*idc) {
		by_id(rd, r, idc, figures);
		free(idc);
		return;
	}
	free(idc);
	if (!*rd->label) {
		if (numeric && h->name_col >= 0)
			RERR(rd, r, -1, _("a row with figures but no unit name: write the unit's name"));
		else if (numeric)
			RERR(rd, r, -1, _("a row with figures but no unit id: write the unit's id"));
		return;
	}
	int cand[MAX_CONTEXT];
	size_t ncand = mb_unit_match(rd->names, rd->label, rd->group, &rd->ctx, cand, MAX_CONTEXT);
	bool is_unit = ncand > 0;
	enum row_kind k = is_unit ? ROW_UNIT : aggregate_kind(rd->label);
	if (k == ROW_UNIT && h->id_col >= 0 && h->name_col < 0)
		k = ROW_SKIP;
	if (k == ROW_TOTAL || k == ROW_SUBTOTAL || k == ROW_AVERAGE) {
		aggregate_row(rd, r, k, numeric);
		return;
	}
	if (!is_unit && (section_mark(stt, rd->label) || mb_group_match(rd->m, rd->label) >= 0)) {
		section_row(rd, r, numeric);
		return;
	}
	if (h->name_col >= 0 || is_unit)
		by_name(rd, r, cand, ncand, figures, numeric);
}

void mb_imp_read_rows(const struct mb_model *m, const struct mb_unit_names *names,
                      struct mb_imp_table *t, struct mb_diags *d)
{
	struct reader rd = {
		.m = m, .names = names, .t = t, .d = d, .s = &t->book->sheets[t->sheet],
		.group = -1,
	};
	t->nunits = m->nunits;
	t->row_of = mb_xcalloc(m->nunits + 1, sizeof *t->row_of);
	t->name_of = mb_xcalloc(m->nunits + 1, sizeof *t->name_of);
	t->bad = mb_xcalloc(m->nunits + 1, 1);
	for (size_t u = 0; u < m->nunits; u++)
		t->row_of[u] = -1;
	if (t->index < 0)
		t->svc = mb_xcalloc(m->nunits + 1, sizeof *t->svc);
	else
		t->sc = mb_xcalloc(m->nunits + 1, sizeof *t->sc);
	for (size_t u = 0; u < m->nunits; u++) {
		if (t->svc)
			t->svc[u].unit = -1;
		if (t->sc)
			t->sc[u].unit = -1;
	}
	rd.fig_col = 1 << 30;
	for (size_t i = 0; i < t->head.ncols; i++)
		if (figure_role(t->head.cols[i].role) && (int)t->head.cols[i].col < rd.fig_col)
			rd.fig_col = (int)t->head.cols[i].col;
	for (size_t r = t->head.data; r < rd.s->nrows; r++) {
		if (!rd.s->rows[r].ncells || mb_imp_numbering_row(rd.s, r))
			continue;
		read_row(&rd, r);
	}
	close_checks(&rd, true);
	/* A form saved as minhbach form wrote it: only the carried-over files,
	 * which the form fills in, and nothing of the quarter itself. */
	if (t->index < 0 && rd.ndata && !rd.entered) {
		free(rd.label);
		rd.label = row_label(&rd, rd.data[0].row);
		RERR(&rd, rd.data[0].row, -1, _("no figure of the quarter has been entered: the rows "
		     "hold only the files carried over from the previous quarter, which minhbach form "
		     "fills in; enter the quarter's figures, save the workbook, then import it again"));
		/* Their rows do not balance either: one message says it all. */
		for (size_t u = 0; u < m->nunits; u++)
			t->bad[u] = t->row_of[u] >= 0;
	}
	for (size_t i = 0; i < rd.nchecks; i++) {
		if (rd.checks[i].open)
			rd.checks[i].to = rd.ndata;
		check_sum(&rd, &rd.checks[i]);
	}
	free(rd.label);
	free(rd.data);
	free(rd.checks);
	mb_unit_ctx_release(&rd.ctx);
}
