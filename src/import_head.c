/* import_head.c - finding a sheet's header rows and what each column holds, by its words. */
#include "import_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/*
 * A header is found by its words, not by its position.  Every
 * run of one to five rows near the top of the sheet is read as a
 * candidate header: each column's label is the text of its cell in each of
 * those rows, with merged cells (and, in a CSV file, the empty cells to the
 * right of a parent header) lending their text to the columns below them.
 * The candidate whose labels name the most columns wins; a tie goes to the
 * fewer rows, so a row of column numbers or a title above the header is
 * left out.
 */

const struct mb_sfield_info mb_sfields[MB_SF_COUNT] = {
	[MB_SF_NONE] = {"", "", NULL},
	[MB_SF_CARRIED] = {"carried_over", "Số kỳ trước chuyển qua", "Số hồ sơ nhận giải quyết"},
	[MB_SF_RECV_ONLINE] = {"received.online", "Trực tuyến", "Số mới tiếp nhận"},
	[MB_SF_RECV_DIRECT] = {"received.direct", "Trực tiếp", "Số mới tiếp nhận"},
	[MB_SF_RECV_POSTAL] = {"received.postal", "Dịch vụ bưu chính", "Số mới tiếp nhận"},
	[MB_SF_EARLY] = {"resolved.early", "Trước hạn", "Số hồ sơ đã giải quyết"},
	[MB_SF_ON_TIME] = {"resolved.on_time", "Đúng hạn", "Số hồ sơ đã giải quyết"},
	[MB_SF_LATE] = {"resolved.late", "Quá hạn", "Số hồ sơ đã giải quyết"},
	[MB_SF_IN_TIME] = {"pending.in_time", "Trong hạn", "Số hồ sơ đang giải quyết"},
	[MB_SF_OVERDUE] = {"pending.overdue", "Quá hạn", "Số hồ sơ đang giải quyết"},
	[MB_SF_WITHDRAWN] = {"withdrawn", "Rút hồ sơ", NULL},
	[MB_SF_PAY_ONLINE] = {"payments.online", "Số hồ sơ thanh toán trực tuyến", "Thanh toán trực tuyến"},
	[MB_SF_PAY_TOTAL] = {"payments.total", "Tổng số hồ sơ có phí", "Thanh toán trực tuyến"},
	[MB_SF_PAY_AMOUNT] = {"payments.online_amount_vnd", "Số tiền (đồng)", "Thanh toán trực tuyến"},
	[MB_SF_DIGITIZED] = {"digitized", "Số hồ sơ được số hóa", NULL},
	[MB_SF_SAT_RESPONSES] = {"satisfaction.responses", "Số phiếu", "Khảo sát hài lòng"},
	[MB_SF_SAT_SATISFIED] = {"satisfaction.satisfied", "Số phiếu hài lòng", "Khảo sát hài lòng"},
	[MB_SF_RECV_DIRECT_POSTAL] = {"received.direct", "Trực tiếp, dịch vụ bưu chính",
	                              "Số mới tiếp nhận"},
	[MB_SF_RECV_ALL] = {"", "Tổng số", "Số hồ sơ nhận giải quyết"},
	[MB_SF_RECV_NEW] = {"received", "Tổng số mới tiếp nhận", "Số mới tiếp nhận"},
	[MB_SF_RESOLVED] = {"resolved", "Tổng số", "Số hồ sơ đã giải quyết"},
	[MB_SF_PENDING] = {"pending", "Tổng số", "Số hồ sơ đang giải quyết"},
	[MB_SF_BALANCE] = {"", "Kiểm tra cân đối", NULL},
};

/* Header rows are looked for among the first rows of a sheet. */
#define SCAN_ROWS 60
#define MAX_HEAD_ROWS 5
#define MAX_COLS 1024

/* ---- words ---------------------------------------------------------------- */

/* Keywords are written folded (mb_fold leaves them as they are; a unit
 * test checks it): lower case, tone marks of oa/oe/uy on the second vowel. */
static bool has_any(const char *f, const char *const *words)
{
	for (; *words; words++)
		if (mb_fold_has(f, *words))
			return true;
	return false;
}

static bool is_any(const char *f, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(f, *words))
			return true;
	return false;
}

enum sgroup { G_NONE, G_RECEIVED, G_NEW, G_RESOLVED, G_PENDING, G_PAYMENTS, G_SAT };

static enum sgroup group_of(const char *f)
{
	static const char *const pending[] = {"đang giải quyết", "chưa giải quyết", "đang xử lý",
		"pending", NULL};
	static const char *const resolved[] = {"đã giải quyết", "giải quyết xong", "đã xử lý",
		"đã trả kết quả", "resolved", NULL};
	static const char *const fresh[] = {"mới tiếp nhận", "tiếp nhận mới", "nhận mới", NULL};
	static const char *const received[] = {"nhận giải quyết", "tiếp nhận", "received",
		"số hồ sơ nhận", NULL};
	static const char *const payments[] = {"thanh toán", "payments", "có phí", NULL};
	static const char *const sat[] = {"hài lòng", "khảo sát", "đánh giá", "satisfaction", NULL};
	if (has_any(f, pending))
		return G_PENDING;
	if (has_any(f, resolved))
		return G_RESOLVED;
	if (has_any(f, fresh))
		return G_NEW;
	if (has_any(f, received))
		return G_RECEIVED;
	if (has_any(f, payments))
		return G_PAYMENTS;
	if (has_any(f, sat))
		return G_SAT;
	return G_NONE;
}

/* The JSON names of the data file, folded ("received online"). */
static enum mb_sfield json_name(const char *f)
{
	static const char *const names[MB_SF_FIRST_DERIVED] = {
		[MB_SF_CARRIED] = "carried over", [MB_SF_RECV_ONLINE] = "received online",
		[MB_SF_RECV_DIRECT] = "received direct", [MB_SF_RECV_POSTAL] = "received postal",
		[MB_SF_EARLY] = "resolved early", [MB_SF_ON_TIME] = "resolved on time",
		[MB_SF_LATE] = "resolved late", [MB_SF_IN_TIME] = "pending in time",
		[MB_SF_OVERDUE] = "pending overdue", [MB_SF_WITHDRAWN] = "withdrawn",
		[MB_SF_PAY_ONLINE] = "payments online", [MB_SF_PAY_TOTAL] = "payments total",
		[MB_SF_PAY_AMOUNT] = "payments online amount vnd", [MB_SF_DIGITIZED] = "digitized",
		[MB_SF_SAT_RESPONSES] = "satisfaction responses",
		[MB_SF_SAT_SATISFIED] = "satisfaction satisfied",
	};
	for (int k = 1; k < MB_SF_FIRST_DERIVED; k++)
		if (names[k] && !strcmp(f, names[k]))
			return (enum mb_sfield)k;
	return MB_SF_NONE;
}

static bool is_total_word(const char *leaf)
{
	static const char *const w[] = {"tổng", "tổng số", "tổng cộng", "cộng", "total", NULL};
	return is_any(leaf, w) || mb_fold_starts(leaf, "tổng số") || mb_fold_starts(leaf, "tổng");
}

/*
 * The service field a column holds, from its header levels parts[0..n)
 * (folded, top first) and the raw text of the lowest one.  The group is
 * the nearest level that names one, so "Quá hạn" under "Đã giải quyết"
 * and under "Đang giải quyết" are told apart.
 */
static enum mb_sfield service_field(char *const *parts, size_t n, const char *raw_leaf)
{
	const char *leaf = parts[n - 1];
	enum mb_sfield j = json_name(leaf);
	if (j)
		return j;
	static const char *const ratio[] = {"tỷ lệ", "tỉ lệ", "ghi chú", "stt", NULL};
	if (strchr(raw_leaf, '%') || has_any(leaf, ratio))
		return MB_SF_NONE;
	static const char *const carried[] = {"kỳ trước", "chuyển qua", "chuyển sang", "tồn",
		"tồn đọng", NULL};
	static const char *const withdrawn[] = {"rút", "withdrawn", NULL};
	static const char *const digitized[] = {"số hoá", "digitized", NULL};
	static const char *const balance[] = {"cân đối", "chênh lệch", NULL};
	if (has_any(leaf, carried))
		return MB_SF_CARRIED;
	if (has_any(leaf, withdrawn))
		return MB_SF_WITHDRAWN;
	if (has_any(leaf, digitized))
		return MB_SF_DIGITIZED;
	if (has_any(leaf, balance))
		return MB_SF_BALANCE;
	enum sgroup g = G_NONE;
	for (size_t k = n; k-- > 0 && g == G_NONE;)
		g = group_of(parts[k]);
	bool own = group_of(leaf) != G_NONE && n == 1; /* the group's own column, not split */
	bool total = is_total_word(leaf) || own;
	static const char *const online[] = {"trực tuyến", "online", "qua mạng", NULL};
	static const char *const direct[] = {"trực tiếp", "direct", NULL};
	static const char *const postal[] = {"bưu chính", "bưu điện", "postal", "bcci", NULL};
	static const char *const early[] = {"trước hạn", NULL};
	static const char *const ontime[] = {"đúng hạn", NULL};
	static const char *const late[] = {"quá hạn", "trễ hạn", "trễ", "late", NULL};
	static const char *const intime[] = {"trong hạn", "chưa đến hạn", "còn hạn", "chưa quá hạn",
		"in time", NULL};
	static const char *const amount[] = {"số tiền", "amount", "đồng", "vnd", NULL};
	static const char *const fee[] = {"có phí", "phải thanh toán", "thu phí", "lệ phí", "total",
		NULL};
	switch (g) {
	case G_RECEIVED:
	case G_NEW: {
		bool on = has_any(leaf, online), di = has_any(leaf, direct), po = has_any(leaf, postal);
		if (di && po && !on)
			return MB_SF_RECV_DIRECT_POSTAL; /* as Biểu 06a of 2018 has it */
		if (on + di + po == 1)
			return on ? MB_SF_RECV_ONLINE : di ? MB_SF_RECV_DIRECT : MB_SF_RECV_POSTAL;
		if (on + di + po == 0 && (total || group_of(leaf) == g))
			return g == G_NEW || group_of(leaf) == G_NEW ? MB_SF_RECV_NEW : MB_SF_RECV_ALL;
		return MB_SF_NONE;
	}
	case G_RESOLVED: {
		bool e = has_any(leaf, early), o = has_any(leaf, ontime), l = has_any(leaf, late);
		if (e + o + l == 1)
			return e ? MB_SF_EARLY : o ? MB_SF_ON_TIME : MB_SF_LATE;
		if (e + o + l == 0 && (total || group_of(leaf) == g))
			return MB_SF_RESOLVED;
		return MB_SF_NONE;
	}
	case G_PENDING:
		if (has_any(leaf, intime))
			return MB_SF_IN_TIME;
		if (has_any(leaf, late))
			return MB_SF_OVERDUE;
		if (total || group_of(leaf) == g)
			return MB_SF_PENDING;
		return MB_SF_NONE;
	case G_PAYMENTS:
		if (has_any(leaf, amount))
			return MB_SF_PAY_AMOUNT;
		if (has_any(leaf, online))
			return MB_SF_PAY_ONLINE;
		if (has_any(leaf, fee) || total)
			return MB_SF_PAY_TOTAL;
		return MB_SF_NONE;
	case G_SAT: {
		static const char *const asked[] = {"khảo sát", "lấy ý kiến", "được khảo sát",
			"tổng số phiếu", "đánh giá", "responses", NULL};
		bool pleased = mb_fold_has(leaf, "hài lòng") || mb_fold_has(leaf, "satisfied");
		bool ask = has_any(leaf, asked);
		if (pleased && !ask)
			return MB_SF_SAT_SATISFIED;
		if (ask && !pleased)
			return MB_SF_SAT_RESPONSES;
		if (!pleased && !ask && (mb_fold_has(leaf, "phiếu") || mb_fold_has(leaf, "lượt") || total))
			return MB_SF_SAT_RESPONSES;
		return MB_SF_NONE;
	}
	case G_NONE:
		if (mb_fold_has(leaf, "trễ hạn"))
			return MB_SF_LATE;
		if (has_any(leaf, ontime) && !has_any(leaf, early))
			return MB_SF_ON_TIME;
		if (has_any(leaf, early) && !has_any(leaf, ontime))
			return MB_SF_EARLY;
		return MB_SF_NONE;
	}
	return MB_SF_NONE;
}

/* Columns that say which unit a row is. */
static enum mb_col_role unit_column(const char *leaf)
{
	static const char *const stt[] = {"stt", "tt", "số tt", "số thứ tự", "thứ tự", "no", NULL};
	static const char *const id[] = {"id", "unit", "unit id", "mã", "mã đv", NULL};
	static const char *const name[] = {"đơn vị", "cơ quan", "cơ quan đơn vị", "địa phương",
		"đơn vị địa phương", "cơ quan địa phương", "đơn vị thực hiện", "name", "unit name",
		"cơ quan đơn vị địa phương", NULL};
	if (is_any(leaf, stt))
		return MB_COL_STT;
	if (is_any(leaf, id) || mb_fold_starts(leaf, "mã đơn vị"))
		return MB_COL_ID;
	if (is_any(leaf, name) || mb_fold_starts(leaf, "tên"))
		return MB_COL_NAME;
	return MB_COL_IGNORED;
}

/* ---- criteria ------------------------------------------------------------ */

/* Reads a leading tree number ("1.1", "1.1.", "I.", "Tiêu chí 1.1") from
 * raw header text: the number into num (at most 31 bytes), and where the
 * rest starts.  Returns false when the text does not start with one. */
static bool lead_number(const char *raw, char *num, const char **rest)
{
	const char *p = raw;
	while (*p == ' ')
		p++;
	/* A word naming the level may come first. */
	static const char *const words[] = {"Tiêu chí thành phần", "Tiêu chí", "Lĩnh vực", "TCTP",
		"TC", "LV", "tiêu chí thành phần", "tiêu chí", "lĩnh vực", NULL};
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);
		if (!strncmp(p, *w, n) && (p[n] == ' ' || (p[n] >= '0' && p[n] <= '9'))) {
			p += n;
			while (*p == ' ')
				p++;
			break;
		}
	}
	size_t n = 0;
	if (*p >= '0' && *p <= '9') {
		while (((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) &&
		       n < 31)
			num[n++] = *p++;
	} else {
		/* A Roman numeral for an area: "II." */
		static const char *const roman[] = {"XX", "XIX", "XVIII", "XVII", "XVI", "XV", "XIV",
			"XIII", "XII", "XI", "X", "IX", "VIII", "VII", "VI", "V", "IV", "III", "II", "I",
			NULL};
		static const int val[] = {20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
			3, 2, 1};
		for (int i = 0; roman[i]; i++) {
			size_t len = strlen(roman[i]);
			if (!strncmp(p, roman[i], len) && (p[len] == '.' || p[len] == ' ')) {
				n = (size_t)snprintf(num, 32, "%d", val[i]);
				p += len;
				break;
			}
		}
	}
	if (!n)
		return false;
	num[n] = '\0';
	if (*p == '.' || *p == ')')
		p++;
	if (*p && *p != ' ' && *p != ':' && *p != '-')
		return false;
	while (*p == ' ' || *p == ':' || *p == '-')
		p++;
	*rest = p;
	return true;
}

/* Header text without a trailing "(tối đa 2)", "(2 điểm)", "(max 2)". */
static char *without_max(const char *raw)
{
	char *s = mb_xstrdup(raw);
	char *open = strrchr(s, '(');
	if (open) {
		char *f = mb_fold(open);
		bool maxish = mb_fold_has(f, "tối đa") || mb_fold_has(f, "điểm") ||
		              mb_fold_has(f, "max") || strspn(f, "0123456789 ") == strlen(f);
		free(f);
		if (maxish)
			*open = '\0';
	}
	return s;
}

struct crit_match {
	int crit;        /* criterion index, or -1 */
	bool by_number;  /* found by its tree number only */
};

/* An index's criteria as headers may name them, folded once per sheet. */
struct index_words {
	const struct mb_index *ix;
	char **names;     /* folded names */
	char **ids;       /* folded ids: "ke-hoach-cchc" as "ke hoach cchc" */
};

static void index_words_init(struct index_words *w, const struct mb_index *ix)
{
	w->ix = ix;
	w->names = mb_xcalloc(ix->ncrit + 1, sizeof *w->names);
	w->ids = mb_xcalloc(ix->ncrit + 1, sizeof *w->ids);
	for (size_t k = 0; k < ix->ncrit; k++) {
		w->names[k] = mb_fold(ix->crit[k].name);
		w->ids[k] = mb_fold(ix->crit[k].id);
	}
}

static void index_words_release(struct index_words *w)
{
	for (size_t k = 0; k < w->ix->ncrit; k++) {
		free(w->names[k]);
		free(w->ids[k]);
	}
	free(w->names);
	free(w->ids);
}

/* The criterion a header text names: its id, its name, or its number. */
static struct crit_match criterion_of(const struct index_words *w, const char *raw)
{
	const struct mb_index *ix = w->ix;
	struct crit_match r = {-1, false};
	char *text = without_max(raw);
	char num[32];
	const char *rest = text;
	bool numbered = lead_number(text, num, &rest);
	char *f = mb_fold(numbered ? rest : text);
	char *whole = mb_fold(text);
	for (size_t k = 0; k < ix->ncrit && r.crit < 0; k++)
		if (*f && (!strcmp(f, w->names[k]) || !strcmp(whole, w->ids[k])))
			r.crit = (int)k;
	if (r.crit < 0 && numbered) {
		for (size_t k = 0; k < ix->ncrit && r.crit < 0; k++)
			if (!strcmp(num, ix->crit[k].code))
				r.crit = (int)k;
		r.by_number = r.crit >= 0;
	}
	free(whole);
	free(f);
	free(text);
	return r;
}

/* ---- the grid of header cells -------------------------------------------------- */

/*
 * The first rows of the sheet as a grid of text "origins": the cell whose
 * text stands at each position, itself or the top-left cell of a merged
 * range covering it.
 */
struct grid {
	size_t rows, cols;
	long *origin;        /* rows * cols: r * cols + c of the text's cell, or -1 */
	char **raw;          /* per origin cell: cleaned text (lazily) */
	char **fold;         /* per origin cell: folded text (lazily) */
	bool *numbering;     /* per row: a row of column numbers */
	bool *filler;        /* per origin cell: a word like "Trong đó" that only links levels */
};

static const struct mb_cell *cell_at(const struct mb_sheet *s, size_t r, size_t c)
{
	if (r >= s->nrows || c >= s->rows[r].ncells)
		return NULL;
	const struct mb_cell *x = &s->rows[r].cells[c];
	return x->type == MB_CELL_EMPTY || !x->text || !x->text[0] ? NULL : x;
}

char *mb_imp_clean(const char *s)
{
	mb_buf b;
	mb_buf_init(&b);
	bool space = true;
	for (const char *p = s; *p; p++) {
		bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
		if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
			ws = true;
			p++;
		}
		if (ws) {
			if (!space)
				mb_buf_putc(&b, ' ');
			space = true;
		} else {
			mb_buf_putc(&b, *p);
			space = false;
		}
	}
	if (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	char *out = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return out;
}

/* Text like "(1)", "(3)=(4)+(5)", "[2]", "A", "(B)", "1". */
static bool numbering_text(const char *s)
{
	size_t digits = 0, letters = 0, other = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p >= 'A' && *p <= 'Z')
			letters++;
		else if (!strchr("()[]=+-*/,. x", *p))
			other++;
	}
	if (other)
		return false;
	if (letters)
		return !digits && letters <= 2;
	return digits > 0;
}

bool mb_imp_numbering_row(const struct mb_sheet *s, size_t r)
{
	if (r >= s->nrows)
		return false;
	const struct mb_row *row = &s->rows[r];
	size_t n = 0, plain = 0;
	double last = -1;
	bool increasing = true;
	for (size_t c = 0; c < row->ncells; c++) {
		const struct mb_cell *x = cell_at(s, r, c);
		if (!x)
			continue;
		if (x->type != MB_CELL_TEXT && x->type != MB_CELL_NUMBER)
			return false;
		if (!numbering_text(x->text) || strchr(x->text, '.'))
			return false;
		n++;
		if (strspn(x->text, "0123456789") == strlen(x->text)) {
			double v = strtod(x->text, NULL);
			increasing = increasing && v > last;
			last = v;
			plain++;
		}
	}
	/* Plain numbers alone count only as 1, 2, 3, ... left to right. */
	return n >= 2 && (plain < n || increasing);
}

static void grid_init(struct grid *g, const struct mb_sheet *s)
{
	memset(g, 0, sizeof *g);
	g->rows = s->nrows < SCAN_ROWS ? s->nrows : SCAN_ROWS;
	for (size_t r = 0; r < g->rows; r++)
		if (s->rows[r].ncells > g->cols)
			g->cols = s->rows[r].ncells;
	if (g->cols > MAX_COLS)
		g->cols = MAX_COLS;
	size_t n = g->rows * g->cols;
	g->origin = mb_xcalloc(n + 1, sizeof *g->origin);
	g->raw = mb_xcalloc(n + 1, sizeof *g->raw);
	g->fold = mb_xcalloc(n + 1, sizeof *g->fold);
	g->filler = mb_xcalloc(n + 1, sizeof *g->filler);
	g->numbering = mb_xcalloc(g->rows + 1, sizeof *g->numbering);
	for (size_t r = 0; r < g->rows; r++) {
		g->numbering[r] = mb_imp_numbering_row(s, r);
		for (size_t c = 0; c < g->cols; c++)
			g->origin[r * g->cols + c] = cell_at(s, r, c) ? (long)(r * g->cols + c) : -1;
	}
	for (size_t i = 0; i < s->nmerges; i++) {
		const struct mb_merge *m = &s->merges[i];
		if (m->r1 >= g->rows || m->c1 >= g->cols || !cell_at(s, m->r1, m->c1))
			continue;
		long o = (long)(m->r1 * g->cols + m->c1);
		for (size_t r = m->r1; r <= m->r2 && r < g->rows; r++)
			for (size_t c = m->c1; c <= m->c2 && c < g->cols; c++)
				g->origin[r * g->cols + c] = o;
	}
}

static void grid_release(struct grid *g)
{
	size_t n = g->rows * g->cols;
	for (size_t i = 0; i < n; i++) {
		free(g->raw[i]);
		free(g->fold[i]);
	}
	free(g->origin);
	free(g->raw);
	free(g->fold);
	free(g->filler);
	free(g->numbering);
}

static const char *grid_raw(struct grid *g, const struct mb_sheet *s, long o)
{
	if (!g->raw[o]) {
		const struct mb_cell *x = cell_at(s, (size_t)o / g->cols, (size_t)o % g->cols);
		g->raw[o] = mb_imp_clean(x ? x->text : "");
		g->fold[o] = mb_fold(g->raw[o]);
		static const char *const filler[] = {"trong đó", "bao gồm", "chia ra", "gồm", NULL};
		g->filler[o] = is_any(g->fold[o], filler);
	}
	return g->raw[o];
}

/* ---- candidates ---------------------------------------------------------- */

/* One column of a candidate header: the origins of its levels, top first. */
struct ccol {
	size_t col;
	long part[MAX_HEAD_ROWS];
	size_t nparts;
};

/* Reads the header rows top .. top + rows - 1 into columns (see above). */
static size_t candidate(struct grid *g, const struct mb_sheet *s, size_t top, size_t rows,
                        struct ccol *out)
{
	size_t C = g->cols;
	long *org = mb_xcalloc(rows * C + 1, sizeof *org);
	long *span = mb_xcalloc(rows * C + 1, sizeof *span);
	bool *own = mb_xcalloc(C + 1, sizeof *own);
	long next = 1;
	for (size_t k = 0; k < rows; k++) {
		size_t r = top + k;
		long cur = -1, cur_span = next++;
		for (size_t c = 0; c < C; c++) {
			if (c == 0 || (k > 0 && span[(k - 1) * C + c] != span[(k - 1) * C + c - 1])) {
				cur = -1;
				cur_span = next++;
			}
			long o = g->numbering[r] ? -1 : g->origin[r * C + c];
			if (o >= 0) {
				if (o != cur)
					cur_span = next++;
				cur = o;
				own[c] = true;
			} else if (k + 1 < rows && cur >= 0) {
				o = cur; /* a CSV file's parent header reaches to the right */
			}
			org[k * C + c] = o;
			span[k * C + c] = cur_span;
		}
	}
	size_t n = 0;
	for (size_t c = 0; c < C; c++) {
		if (!own[c])
			continue;
		struct ccol cc = {.col = c};
		for (size_t k = 0; k < rows; k++) {
			long o = org[k * C + c];
			if (o < 0 || (k > 0 && o == org[(k - 1) * C + c]))
				continue;
			grid_raw(g, s, o);
			if (g->filler[o] || !g->fold[o][0])
				continue;
			if (cc.nparts && !strcmp(g->fold[o], g->fold[cc.part[cc.nparts - 1]]))
				continue;
			cc.part[cc.nparts++] = o;
		}
		if (cc.nparts)
			out[n++] = cc;
	}
	free(org);
	free(span);
	free(own);
	return n;
}

/* What a candidate's columns hold, for one kind of table. */
struct reading {
	enum mb_col_role *role;
	int *field;
	bool *by_number;
	size_t found, named;
	bool unit_col;
};

static void reading_init(struct reading *rd, size_t n)
{
	memset(rd, 0, sizeof *rd);
	rd->role = mb_xcalloc(n + 1, sizeof *rd->role);
	rd->field = mb_xcalloc(n + 1, sizeof *rd->field);
	rd->by_number = mb_xcalloc(n + 1, sizeof *rd->by_number);
}

static void reading_release(struct reading *rd)
{
	free(rd->role);
	free(rd->field);
	free(rd->by_number);
}

static void read_services(struct grid *g, const struct ccol *cols, size_t n, struct reading *rd)
{
	bool seen[MB_SF_COUNT] = {false};
	for (size_t i = 0; i < n; i++) {
		char *parts[MAX_HEAD_ROWS];
		for (size_t k = 0; k < cols[i].nparts; k++)
			parts[k] = g->fold[cols[i].part[k]];
		const char *raw = g->raw[cols[i].part[cols[i].nparts - 1]];
		enum mb_sfield f = service_field(parts, cols[i].nparts, raw);
		if (f) {
			rd->role[i] = MB_COL_FIELD;
			rd->field[i] = f;
			if (!seen[f] && f != MB_SF_BALANCE)
				rd->found++;
			seen[f] = true;
			continue;
		}
		rd->role[i] = unit_column(parts[cols[i].nparts - 1]);
		rd->unit_col = rd->unit_col || rd->role[i] == MB_COL_NAME || rd->role[i] == MB_COL_ID;
	}
}

static void read_index(struct grid *g, const struct index_words *w, const struct ccol *cols,
                       size_t n, struct reading *rd)
{
	const struct mb_index *ix = w->ix;
	unsigned char *seen = mb_xcalloc(ix->ncrit + 1, 1);
	static const char *const generic[] = {"tổng", "cộng", "tổng điểm", "điểm", "tổng cộng",
		"điểm đạt", "cộng điểm", "tổng số điểm", NULL};
	static const char *const total[] = {"tổng điểm", "tổng số điểm", "tổng điểm đạt",
		"tổng điểm đạt được", "điểm đạt", "điểm đạt được", "tổng cộng", "tổng", "total",
		"điểm tổng", "điểm", "tổng số", NULL};
	static const char *const max[] = {"tối đa", "max", "thang điểm", NULL};
	static const char *const rank[] = {"xếp hạng", "xếp thứ", "thứ hạng", "hạng", "rank",
		"thứ tự xếp hạng", NULL};
	for (size_t i = 0; i < n; i++) {
		size_t np = cols[i].nparts;
		const char *leaf = g->fold[cols[i].part[np - 1]];
		enum mb_col_role u = unit_column(leaf);
		if (u != MB_COL_IGNORED) {
			rd->role[i] = u;
			rd->unit_col = rd->unit_col || u == MB_COL_NAME || u == MB_COL_ID;
			continue;
		}
		struct crit_match cm = criterion_of(w, g->raw[cols[i].part[np - 1]]);
		if (cm.crit < 0 && np > 1 && is_any(leaf, generic))
			cm = criterion_of(w, g->raw[cols[i].part[np - 2]]);
		if (cm.crit >= 0) {
			rd->role[i] = MB_COL_CRIT;
			rd->field[i] = cm.crit;
			rd->by_number[i] = cm.by_number;
			if (!seen[cm.crit]) {
				rd->found++;
				rd->named += !cm.by_number;
			}
			seen[cm.crit] = 1;
		} else if (has_any(leaf, rank)) {
			rd->role[i] = MB_COL_RANK;
		} else if (is_any(leaf, total) || mb_fold_starts(leaf, "tổng điểm")) {
			rd->role[i] = MB_COL_TOTAL;
			rd->found++;
		} else if (has_any(leaf, max)) {
			rd->role[i] = MB_COL_MAX;
		}
	}
	free(seen);
}

/* How good a reading is: figure columns count most, a unit column is needed. */
static long reading_score(const struct reading *rd)
{
	return (long)rd->found * 4 + (long)rd->named + (rd->unit_col ? 3 : 0);
}

/* Leaf texts that two columns share get their group in front of them. */
static void make_labels(struct grid *g, const struct ccol *cols, struct mb_imp_head *h)
{
	for (size_t i = 0; i < h->ncols; i++) {
		const struct ccol *c = &cols[i];
		long leaf = c->part[c->nparts - 1];
		bool shared = false;
		for (size_t j = 0; j < h->ncols && !shared; j++) {
			const struct ccol *o = &cols[j];
			shared = j != i && !strcmp(g->fold[o->part[o->nparts - 1]], g->fold[leaf]);
		}
		mb_buf b;
		mb_buf_init(&b);
		if (shared && c->nparts > 1)
			mb_buf_printf(&b, "%s › ", g->raw[c->part[c->nparts - 2]]);
		mb_buf_puts(&b, g->raw[leaf]);
		h->cols[i].label = mb_buf_detach(&b, NULL);
		for (size_t k = 0; k < c->nparts; k++)
			mb_buf_printf(&b, "%s%s", k ? " › " : "", g->raw[c->part[k]]);
		h->cols[i].path = mb_buf_detach(&b, NULL);
		mb_buf_release(&b);
	}
}

void mb_imp_head_release(struct mb_imp_head *h)
{
	for (size_t i = 0; i < h->ncols; i++) {
		free(h->cols[i].label);
		free(h->cols[i].path);
	}
	free(h->cols);
	memset(h, 0, sizeof *h);
}

/* Fills h from a candidate and its reading. */
static void fill_head(struct grid *g, const struct mb_sheet *s, size_t top, size_t rows,
                      const struct ccol *cols, size_t n, const struct reading *rd, int kind,
                      struct mb_imp_head *h)
{
	mb_imp_head_release(h);
	h->top = top;
	h->rows = rows;
	h->index = kind;
	h->found = rd->found;
	h->named = rd->named;
	h->ncols = n;
	h->cols = mb_xcalloc(n + 1, sizeof *h->cols);
	h->name_col = h->id_col = h->stt_col = -1;
	for (size_t i = 0; i < n; i++) {
		h->cols[i].col = cols[i].col;
		h->cols[i].role = rd->role[i];
		h->cols[i].field = rd->field[i];
		h->cols[i].by_number = rd->by_number[i];
		int *slot = rd->role[i] == MB_COL_NAME ? &h->name_col
		          : rd->role[i] == MB_COL_ID ? &h->id_col
		          : rd->role[i] == MB_COL_STT ? &h->stt_col : NULL;
		if (slot && *slot < 0)
			*slot = (int)i;
		else if (slot)
			h->cols[i].role = MB_COL_IGNORED; /* the first one is used */
	}
	make_labels(g, cols, h);
	size_t d = top + rows;
	while (d < s->nrows && mb_imp_numbering_row(s, d))
		d++;
	h->data = d;
}

bool mb_imp_find_header(const struct mb_model *m, const struct mb_sheet *s, int want,
                        struct mb_imp_head *h)
{
	memset(h, 0, sizeof *h);
	h->name_col = h->id_col = h->stt_col = -1;
	h->index = want >= 0 ? want : -1;
	struct grid g;
	grid_init(&g, s);
	struct ccol *cols = mb_xcalloc(g.cols + 1, sizeof *cols);
	struct index_words *words = mb_xcalloc(m->nindices + 1, sizeof *words);
	for (size_t i = 0; i < m->nindices; i++)
		if (want == -2 || want == (int)i)
			index_words_init(&words[i], &m->indices[i]);
	long best = -1;
	for (size_t top = 0; top < g.rows; top++) {
		if (g.numbering[top])
			continue;
		for (size_t rows = 1; rows <= MAX_HEAD_ROWS && top + rows <= g.rows; rows++) {
			size_t n = candidate(&g, s, top, rows, cols);
			if (!n)
				continue;
			/* The kinds of table to try: services, and each index. */
			int first = want == -2 ? -1 : want, last = want == -2 ? (int)m->nindices - 1 : want;
			for (int kind = first; kind <= last; kind++) {
				struct reading rd;
				reading_init(&rd, n);
				if (kind < 0)
					read_services(&g, cols, n, &rd);
				else
					read_index(&g, &words[kind], cols, n, &rd);
				long score = reading_score(&rd);
				/* Deciding alone, an index needs columns it names itself:
				 * every index has a criterion "1". */
				if (want == -2 && kind >= 0 && !rd.named && m->nindices > 1)
					score = 0;
				if (want == -2 && kind < 0 && rd.found < 4)
					score = 0;
				/* Fewer rows win a tie: a title or a row of column
				 * numbers adds nothing to a header. */
				if (score > best || (score == best && score > 0 && rows < h->rows)) {
					best = score;
					fill_head(&g, s, top, rows, cols, n, &rd, kind, h);
				}
				reading_release(&rd);
			}
		}
	}
	for (size_t i = 0; i < m->nindices; i++)
		if (words[i].ix)
			index_words_release(&words[i]);
	free(words);
	free(cols);
	grid_release(&g);
	bool unit = h->name_col >= 0 || h->id_col >= 0;
	return best > 0 && unit && h->found > 0;
}
