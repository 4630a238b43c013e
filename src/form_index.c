/* form_index.c - a sheet of index scores: units as rows, criteria as columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"
#include "form_priv.h"

#define HEAD 3             /* the row of areas; the criteria's row below it */
#define LINES (HEAD + 2)   /* the first unit or section row */
#define FIRST 2            /* the first criterion's column */

struct layout {
	const struct mb_index *ix;
	lxw_col_t total, max, rank, id;
};

static void layout_init(struct layout *l, const struct mb_index *ix)
{
	l->ix = ix;
	l->total = (lxw_col_t)(FIRST + ix->ncrit);
	l->max = l->total + 1;
	l->rank = l->total + 2;
	l->id = l->total + 3;
}

/* "1.1. Kế hoạch cải cách hành chính năm (tối đa 3)" */
static char *crit_label(const struct layout *l, size_t k)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "%s. %s (tối đa ", l->ix->crit[k].code, l->ix->crit[k].name);
	mb_put_vi_trim(&b, l->ix->crit[k].max, 4);
	mb_buf_putc(&b, ')');
	char *s = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return s;
}

/* The last column of criterion k's subtree (pre-order keeps it contiguous). */
static size_t subtree_end(const struct mb_index *ix, size_t k)
{
	size_t e = k;
	while (e + 1 < ix->ncrit && ix->crit[e + 1].depth > ix->crit[k].depth)
		e++;
	return e;
}

static void header(struct form *fm, lxw_worksheet *ws, const struct layout *l)
{
	const struct mb_index *ix = l->ix;
	lxw_format *h = fm->f.head;
	worksheet_merge_range(ws, HEAD, 0, HEAD + 1, 0, "STT", h);
	worksheet_merge_range(ws, HEAD, 1, HEAD + 1, 1, "Tên đơn vị", h);
	for (size_t t = 0; t < ix->ntop; t++) {
		size_t k = (size_t)ix->top[t], e = subtree_end(ix, k);
		char *label = crit_label(l, k);
		lxw_col_t c = (lxw_col_t)(FIRST + k);
		if (e == k) {
			worksheet_merge_range(ws, HEAD, c, HEAD + 1, c, label, h);
		} else {
			worksheet_merge_range(ws, HEAD, c, HEAD, (lxw_col_t)(FIRST + e), label, h);
			/* The area's own column holds its sum. */
			worksheet_write_string(ws, HEAD + 1, c, "Cộng", h);
			for (size_t j = k + 1; j <= e; j++) {
				char *sub = crit_label(l, j);
				worksheet_write_string(ws, HEAD + 1, (lxw_col_t)(FIRST + j), sub, h);
				free(sub);
			}
		}
		free(label);
	}
	worksheet_merge_range(ws, HEAD, l->total, HEAD + 1, l->total, "Tổng điểm", h);
	worksheet_merge_range(ws, HEAD, l->max, HEAD + 1, l->max,
	                      "Điểm tối đa áp dụng (chỉ khi chỉ ghi tổng điểm)", h);
	worksheet_merge_range(ws, HEAD, l->rank, HEAD + 1, l->rank, "Xếp hạng chính thức", h);
	worksheet_merge_range(ws, HEAD, l->id, HEAD + 1, l->id, "Mã đơn vị (không sửa)", h);
	worksheet_set_row(ws, HEAD, 48, NULL);
	worksheet_set_row(ws, HEAD + 1, 110, NULL);
}

static double points(mb_fx v)
{
	return (double)v / MB_FX_ONE;
}

/* A value typed in: points, KAD, or nothing. */
static void input(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct mb_val *v,
                  lxw_format *f)
{
	if (v && v->state == MB_VAL_SET)
		worksheet_write_number(ws, r, c, points(v->v), f);
	else if (v && v->state == MB_VAL_NA)
		worksheet_write_string(ws, r, c, "KAD", f);
	else
		worksheet_write_blank(ws, r, c, f);
}

/* A formula with its saved result: points, "KAD" or "". */
static void result(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
                   const struct mb_val *v, lxw_format *f)
{
	if (v && v->state == MB_VAL_SET)
		worksheet_write_formula_num(ws, r, c, formula, f, points(v->v));
	else
		worksheet_write_formula_str(ws, r, c, formula, f,
		                            v && v->state == MB_VAL_NA ? "KAD" : "");
}

/* Whether the scores file gives criterion k itself, not its parts. */
static bool given_here(const struct mb_index *ix, const struct mb_val *given, size_t k)
{
	if (!given || given[k].state == MB_VAL_ABSENT)
		return false;
	for (size_t j = k + 1; j <= subtree_end(ix, k); j++)
		if (given[j].state != MB_VAL_ABSENT)
			return false;
	return true;
}

/* =IF(AND(c1="KAD",c2="KAD"),"KAD",IF(COUNT(c1,c2)=0,"",SUM(c1,c2))) */
static void parent_formula(const struct mb_index *ix, size_t k, lxw_row_t r, mb_buf *b)
{
	const struct mb_criterion *cr = &ix->crit[k];
	char ref[16];
	mb_buf list;
	mb_buf_init(&list);
	mb_buf_puts(b, "=IF(AND(");
	for (size_t j = 0; j < cr->nchildren; j++) {
		form_ref(ref, r, (lxw_col_t)(FIRST + cr->children[j]));
		mb_buf_printf(b, "%s%s=\"KAD\"", j ? "," : "", ref);
		mb_buf_printf(&list, "%s%s", j ? "," : "", ref);
	}
	mb_buf_printf(b, "),\"KAD\",IF(COUNT(%s)=0,\"\",SUM(%s)))", list.data, list.data);
	mb_buf_release(&list);
}

static void unit_row(struct form *fm, lxw_worksheet *ws, const struct layout *l, int x,
                     const struct form_line *line, lxw_row_t r, const struct mb_score *s)
{
	const struct mb_index *ix = l->ix;
	const struct form_fmts *f = &fm->f;
	const struct mb_val *given = fm->given[x] ? fm->given[x][line->unit] : NULL;
	worksheet_write_number(ws, r, 0, line->number, f->stt);
	worksheet_write_string(ws, r, 1, fm->m->units[line->unit].name, f->name);
	bool any = false;
	for (size_t k = 0; given && k < ix->ncrit; k++)
		any = any || given[k].state != MB_VAL_ABSENT;
	mb_buf b;
	mb_buf_init(&b);
	for (size_t k = 0; k < ix->ncrit; k++) {
		lxw_col_t c = (lxw_col_t)(FIRST + k);
		if (!ix->crit[k].nchildren || given_here(ix, given, k)) {
			input(ws, r, c, given ? &given[k] : NULL, f->points);
			continue;
		}
		mb_buf_reset(&b);
		parent_formula(ix, k, r, &b);
		result(ws, r, c, b.data, s && any ? &s->crit[k] : NULL, f->derived_points);
	}
	/* The total: a sum of the areas, or typed in alone with its maximum. */
	if (s && !any && s->has_total) {
		worksheet_write_number(ws, r, l->total, points(s->given_total), f->points);
	} else {
		mb_buf_reset(&b);
		mb_buf_puts(&b, "=IF(COUNT(");
		char ref[16];
		for (size_t t = 0; t < ix->ntop; t++) {
			form_ref(ref, r, (lxw_col_t)(FIRST + ix->top[t]));
			mb_buf_printf(&b, "%s%s", t ? "," : "", ref);
		}
		mb_buf_puts(&b, ")=0,\"\",SUM(");
		for (size_t t = 0; t < ix->ntop; t++) {
			form_ref(ref, r, (lxw_col_t)(FIRST + ix->top[t]));
			mb_buf_printf(&b, "%s%s", t ? "," : "", ref);
		}
		mb_buf_puts(&b, "))");
		struct mb_val tv = {MB_VAL_SET, s ? s->total : 0};
		result(ws, r, l->total, b.data, s && any ? &tv : NULL, f->derived_points);
	}
	if (s && s->has_max && !any)
		worksheet_write_number(ws, r, l->max, points(s->given_max), f->points);
	else
		worksheet_write_blank(ws, r, l->max, f->points);
	if (s && s->official_rank)
		worksheet_write_number(ws, r, l->rank, s->official_rank, f->input);
	else
		worksheet_write_blank(ws, r, l->rank, f->input);
	worksheet_write_string(ws, r, l->id, fm->m->units[line->unit].id, f->id);
	mb_buf_release(&b);
}

static void validation(lxw_worksheet *ws, const struct layout *l, lxw_row_t first, lxw_row_t last)
{
	const struct mb_index *ix = l->ix;
	char ref[16], formula[256], msg[256];
	form_ref(ref, first, FIRST);
	for (size_t k = 0; k < ix->ncrit; k++) {
		lxw_col_t c = (lxw_col_t)(FIRST + k);
		form_ref(ref, first, c);
		mb_buf mx, vi;
		mb_buf_init(&mx);
		mb_buf_init(&vi);
		mb_put_dec(&mx, ix->crit[k].max, 4);
		mb_put_vi_trim(&vi, ix->crit[k].max, 4);
		snprintf(formula, sizeof formula, "=OR(AND(ISNUMBER(%s),%s>=0,%s<=%s),%s=\"KAD\")", ref,
		         ref, ref, mx.data, ref);
		snprintf(msg, sizeof msg, "Điểm từ 0 đến %s, hoặc KAD nếu tiêu chí không áp dụng với "
		         "đơn vị.", vi.data);
		lxw_data_validation v = {
			.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA,
			.value_formula = formula,
			.input_title = "Điểm",
			.input_message = msg,
			.error_title = "Điểm không hợp lệ",
			.error_message = msg,
		};
		if (!ix->crit[k].nchildren)
			worksheet_data_validation_range(ws, first, c, last, c, &v);
		mb_buf_release(&mx);
		mb_buf_release(&vi);
	}
	lxw_data_validation rank = {
		.validate = LXW_VALIDATION_TYPE_INTEGER,
		.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
		.value_number = 1,
		.input_title = "Xếp hạng",
		.input_message = "Thứ hạng đã công bố chính thức (1, 2, 3...), nếu có.",
		.error_title = "Xếp hạng không hợp lệ",
		.error_message = "Thứ hạng là số nguyên từ 1 trở lên.",
	};
	worksheet_data_validation_range(ws, first, l->rank, last, l->rank, &rank);
}

void form_index_sheet(struct form *fm, int x)
{
	const struct mb_model *m = fm->m;
	const struct mb_index *ix = &m->indices[x];
	const struct form_fmts *f = &fm->f;
	struct layout l;
	layout_init(&l, ix);
	const char *shortname = ix->short_name && *ix->short_name ? ix->short_name : ix->id;
	char *want = mb_strf("%s %s", shortname, fm->label);
	char *name = mb_dl_sheet_name(&fm->names, want);
	free(want);
	lxw_worksheet *ws = workbook_add_worksheet(fm->wb, name);
	free(name);
	const struct mb_scoreset *ss = fm->p >= 0 ? m->periods[fm->p].scores[x] : NULL;
	const struct mb_score **by_unit = mb_xcalloc(m->nunits + 1, sizeof *by_unit);
	for (size_t i = 0; ss && i < ss->nrows; i++)
		by_unit[ss->rows[i].unit] = &ss->rows[i];
	fm->filled = fm->filled || ss;
	char *upper = form_upper(ix->name);
	char *title = mb_strf("BẢNG ĐIỂM %s - %s", upper, fm->label);
	char *title_up = form_upper(title);
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(l.id - 1), title_up, f->title);
	free(upper);
	free(title);
	free(title_up);
	mb_buf sub;
	mb_buf_init(&sub);
	mb_buf_printf(&sub, "Kỳ báo cáo: %s - %s - điểm tối đa ", fm->label, m->site.organisation);
	mb_put_vi_trim(&sub, ix->max, 4);
	worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(l.id - 1), sub.data, f->subtitle);
	mb_buf_release(&sub);
	worksheet_merge_range(ws, 2, 0, 2, (lxw_col_t)(l.id - 1), "Ô trắng: nhập điểm, hoặc KAD nếu "
	                      "tiêu chí không áp dụng. Ô xám: tự tính bằng công thức.", f->note);
	header(fm, ws, &l);
	lxw_row_t r = LINES;
	int nsec = 0;
	size_t name_w = 24;
	for (size_t i = 0; i < fm->nlines; i++, r++) {
		const struct form_line *line = &fm->lines[i];
		const char *text = line->kind == LINE_SECTION ? m->groups[line->group].name
		                                              : m->units[line->unit].name;
		if (mb_dl_utf8_len(text) + 1 > name_w)
			name_w = mb_dl_utf8_len(text) + 1;
		if (line->kind == LINE_SECTION) {
			char *up = form_upper(text);
			worksheet_write_string(ws, r, 0, form_roman(++nsec), f->section);
			worksheet_write_string(ws, r, 1, up, f->section);
			for (lxw_col_t c = FIRST; c <= l.id; c++)
				worksheet_write_blank(ws, r, c, f->section);
			free(up);
		} else if (line->kind == LINE_HEADING) {
			worksheet_write_blank(ws, r, 0, f->stt);
			worksheet_write_string(ws, r, 1, text, f->heading);
			for (lxw_col_t c = FIRST; c <= l.id; c++)
				worksheet_write_blank(ws, r, c, f->name);
		} else {
			unit_row(fm, ws, &l, x, line, r, by_unit[line->unit]);
		}
	}
	lxw_row_t last = r - 1;
	validation(ws, &l, LINES, last);
	worksheet_set_column(ws, 0, 0, 5, NULL);
	worksheet_set_column(ws, 1, 1, form_width(name_w > 48 ? 48 : name_w), NULL);
	worksheet_set_column(ws, FIRST, (lxw_col_t)(l.total - 1), 12, NULL);
	worksheet_set_column(ws, l.total, l.rank, 11, NULL);
	worksheet_set_column(ws, l.id, l.id, 24, NULL);
	lxw_row_t s = last + 2;
	worksheet_write_string(ws, s, 1, "Người lập biểu", f->guide_bold);
	worksheet_write_string(ws, s + 1, 1, "(Ký, ghi rõ họ tên)", f->note);
	worksheet_freeze_panes(ws, LINES, FIRST);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_set_margins(ws, 0.4, 0.4, 0.5, 0.5);
	worksheet_repeat_rows(ws, HEAD, HEAD + 1);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_print_area(ws, 0, 0, s + 1, (lxw_col_t)(l.id - 1));
	worksheet_set_footer(ws, "&C&P/&N");
	if (!fm->activated)
		worksheet_activate(ws);
	fm->activated = true;
	free(by_unit);
}
