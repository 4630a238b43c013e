/* json_out.c - the machine-readable records of a period and of a unit, printed exactly, and what their fields mean. */
#include "json_out.h"

#include <stdbool.h>
#include <string.h>

#include "alloc.h"

/*
 * A small printer in the layout of the common "indent 2" style, except that
 * a record (an object inside an array: a unit's row of a ranking, a service
 * row, a unit's result in one period) is written on one line without
 * spaces.  The files still diff well, a record a line, and national data
 * takes a third less room than fully indented (README, "Output size").
 * Numbers are printed from exact integers (mb_put_dec): a double never
 * reaches the output.
 */
#define JW_DEPTH 32

struct jw {
	mb_buf *b;
	int depth;
	int flat;       /* depth of the record being written on one line, or 0 */
	bool first;     /* nothing written yet in the current container */
	bool after_key; /* the next value follows a key */
	char open[JW_DEPTH]; /* the brackets opened, outermost first */
};

static void indent(struct jw *w)
{
	mb_buf_putc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		mb_buf_puts(w->b, "  ");
}

static void sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first)
		mb_buf_putc(w->b, ',');
	if (!w->flat)
		indent(w);
	w->first = false;
}

static void jopen(struct jw *w, char c)
{
	sep(w);
	mb_buf_putc(w->b, c);
	bool element = w->depth > 0 && w->open[w->depth - 1] == '[';
	if (w->depth >= JW_DEPTH)
		mb_die("json_out: nesting deeper than %d", JW_DEPTH);
	w->open[w->depth++] = c;
	w->first = true;
	if (!w->flat && c == '{' && element)
		w->flat = w->depth;
}

static void jclose(struct jw *w, char c)
{
	bool record = w->flat == w->depth;
	w->depth--;
	if (!w->first && !w->flat)
		indent(w);
	mb_buf_putc(w->b, c);
	w->first = false;
	if (record)
		w->flat = 0;
}

static void key(struct jw *w, const char *k)
{
	sep(w);
	mb_buf_json_str(w->b, k);
	mb_buf_puts(w->b, w->flat ? ":" : ": ");
	w->after_key = true;
}

static void str(struct jw *w, const char *s)
{
	sep(w);
	if (s)
		mb_buf_json_str(w->b, s);
	else
		mb_buf_puts(w->b, "null");
}

static void null(struct jw *w)
{
	sep(w);
	mb_buf_puts(w->b, "null");
}

static void num(struct jw *w, int64_t v, int scale)
{
	sep(w);
	mb_put_dec(w->b, v, scale);
}

static void boolean(struct jw *w, bool v)
{
	sep(w);
	mb_buf_puts(w->b, v ? "true" : "false");
}

static void kstr(struct jw *w, const char *k, const char *s) { key(w, k); str(w, s); }
static void kint(struct jw *w, const char *k, int64_t v) { key(w, k); num(w, v, 0); }

static void kint_opt(struct jw *w, const char *k, bool present, int64_t v)
{
	key(w, k);
	if (present)
		num(w, v, 0);
	else
		null(w);
}

/* A rate: the fraction rounded once to 6 decimals (SPEC §3), or null. */
static void krate(struct jw *w, const char *k, const struct mb_ratio *r)
{
	key(w, k);
	if (r->valid)
		num(w, r->pct4, 6);
	else
		null(w);
}

static void kmet(struct jw *w, const char *k, int met)
{
	key(w, k);
	if (met < 0)
		null(w);
	else
		boolean(w, met);
}

/* A change in percentage points, to 4 decimals, or null. */
static void kdelta(struct jw *w, const char *k, const struct mb_change *d)
{
	key(w, k);
	if (d->valid)
		num(w, d->d4, 4);
	else
		null(w);
}

/* A mean: r4 at 4 decimals (a percentage, or points), or null without one. */
static void kmean(struct jw *w, const char *k, const struct mb_mean *mn)
{
	key(w, k);
	if (mn->n > 0)
		num(w, mn->r4, 4);
	else
		null(w);
}

/* The fields of a score after its unit: rank and everything computed. */
static void score_fields(struct jw *w, const struct mb_model *m, const struct mb_index *ix,
                         const struct mb_score *s)
{
	kint(w, "rank", s->rank);
	key(w, "total");
	num(w, s->total, 4);
	key(w, "max");
	num(w, s->max, 4);
	key(w, "percent");
	num(w, s->percent.pct4, 4);
	kstr(w, "band", s->band >= 0 ? ix->bands[s->band].name : NULL);
	kint_opt(w, "official_rank", s->official_rank > 0, s->official_rank);
	/* Across a reorganisation of its group the unit keeps its previous
	 * period, not a rank to compare with (struct mb_score). */
	bool prev = s->prev_period >= 0, compared = s->prev_rank > 0;
	kstr(w, "previous_period", prev ? m->periods[s->prev_period].id : NULL);
	kint_opt(w, "previous_rank", compared, s->prev_rank);
	kint_opt(w, "rank_change", compared, s->rank_change);
	key(w, "criteria");
	jopen(w, '{');
	for (size_t k = 0; k < ix->ncrit; k++) {
		key(w, ix->crit[k].id);
		if (s->crit[k].state == MB_VAL_SET)
			num(w, s->crit[k].v, 4);
		else
			null(w);
	}
	jclose(w, '}');
	key(w, "criteria_ranks");
	jopen(w, '{');
	for (size_t t = 0; t < ix->ntop; t++)
		kint_opt(w, ix->crit[ix->top[t]].id, s->crit_rank[t] > 0, s->crit_rank[t]);
	jclose(w, '}');
}

static void score_row(struct jw *w, const struct mb_model *m, const struct mb_index *ix,
                      const struct mb_score *s)
{
	jopen(w, '{');
	kstr(w, "unit", m->units[s->unit].id);
	kstr(w, "name", m->units[s->unit].name);
	score_fields(w, m, ix, s);
	jclose(w, '}');
}

static const char *const cmp_keys[MB_VS_COUNT] = {"previous", "year_earlier"};

/* Each rate against the periods the service set compares with. */
static void changes(struct jw *w, const struct mb_model *m, const struct mb_serviceset *set,
                    const struct mb_service *s)
{
	key(w, "changes_pp");
	jopen(w, '{');
	for (int k = 0; k < MB_VS_COUNT; k++) {
		key(w, cmp_keys[k]);
		jopen(w, '{');
		kstr(w, "period", set->vs[k] >= 0 ? m->periods[set->vs[k]].id : NULL);
		for (int r = 0; r < MB_RATE_COUNT; r++)
			kdelta(w, mb_rates[r].key, &s->change[k][r]);
		jclose(w, '}');
	}
	jclose(w, '}');
}

/* The fields of a service row, a group's or the province's total, after
 * its unit (or its units). */
static void service_fields(struct jw *w, const struct mb_model *m,
                           const struct mb_serviceset *set, const struct mb_service *s)
{
	kint(w, "carried_over", s->carried_over);
	kint(w, "received", s->received);
	kint(w, "received_online", s->recv_online);
	kint(w, "received_direct", s->recv_direct);
	kint(w, "received_postal", s->recv_postal);
	kint(w, "resolved", s->resolved);
	kint(w, "early", s->early);
	kint(w, "on_time", s->on_time);
	kint(w, "late", s->late);
	kint(w, "pending", s->pending);
	kint(w, "in_time", s->pend_in_time);
	kint(w, "overdue", s->pend_overdue);
	kint_opt(w, "withdrawn", s->has_withdrawn, s->withdrawn);
	kint_opt(w, "payments_online", s->has_payments, s->pay_online);
	kint_opt(w, "payments_total", s->has_payments, s->pay_total);
	kint_opt(w, "payments_online_amount_vnd", s->has_payments, s->pay_amount_vnd);
	kint_opt(w, "digitized", s->has_digitized, s->digitized);
	kint_opt(w, "satisfaction_responses", s->has_satisfaction, s->sat_responses);
	kint_opt(w, "satisfaction_satisfied", s->has_satisfaction, s->sat_satisfied);
	for (int r = 0; r < MB_RATE_COUNT; r++)
		krate(w, mb_rates[r].key, &s->rate[r]);
	key(w, "targets_met");
	jopen(w, '{');
	for (int r = 0; r < MB_RATE_COUNT; r++)
		kmet(w, mb_rates[r].key, s->met[r]);
	jclose(w, '}');
	kint(w, "balance_difference", s->balance_difference);
	changes(w, m, set, s);
}

static void service_row(struct jw *w, const struct mb_model *m, const struct mb_serviceset *set,
                        const struct mb_service *s)
{
	jopen(w, '{');
	kstr(w, "unit", m->units[s->unit].id);
	kstr(w, "name", m->units[s->unit].name);
	service_fields(w, m, set, s);
	jclose(w, '}');
}

/* A group's or the province's total: how many units, the files the
 * digitised rate counts, every figure of a row, and per rate how many units
 * reached the target (compute's tally; the province's, `group` false, is
 * given without the units sharing the highest value). */
static void service_total(struct jw *w, const struct mb_model *m, const struct mb_serviceset *set,
                          const struct mb_service *s, const struct mb_rate_tally *tally,
                          bool group)
{
	jopen(w, '{');
	kint(w, "units", tally[0].units);
	kint_opt(w, "digitized_received", s->has_digitized, s->digitized_base);
	service_fields(w, m, set, s);
	key(w, "targets");
	jopen(w, '{');
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		const struct mb_rate_tally *t = &tally[r];
		key(w, mb_rates[r].key);
		jopen(w, '{');
		kint(w, "units_with_data", t->valid);
		kint(w, "met", t->met);
		kint(w, "unmet", t->unmet);
		if (group)
			kint(w, "highest_units", t->top_n);
		jclose(w, '}');
	}
	jclose(w, '}');
	jclose(w, '}');
}

static void service_totals(struct jw *w, const struct mb_model *m, const struct mb_serviceset *set)
{
	key(w, "service_totals");
	jopen(w, '{');
	key(w, "groups");
	jopen(w, '{');
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!set->tally[g][0].units)
			continue;
		key(w, m->groups[g].id);
		service_total(w, m, set, &set->group_total[g], set->tally[g], true);
	}
	jclose(w, '}');
	key(w, "all");
	service_total(w, m, set, &set->total, set->all, false);
	jclose(w, '}');
}

static void group_means(struct jw *w, const struct mb_model *m, const struct mb_index *ix,
                        const struct mb_scoreset *ss)
{
	key(w, "group_means");
	jopen(w, '{');
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!ss->nranked[g])
			continue;
		const struct mb_group_means *gm = &ss->means[g];
		key(w, m->groups[g].id);
		jopen(w, '{');
		kint(w, "units", gm->percent.n);
		kmean(w, "percent", &gm->percent);
		key(w, "criteria");
		jopen(w, '{');
		for (size_t t = 0; t < ix->ntop; t++)
			kmean(w, ix->crit[ix->top[t]].id, &gm->crit[t]);
		jclose(w, '}');
		jclose(w, '}');
	}
	jclose(w, '}');
}

void mb_json_period(const struct mb_model *m, size_t p, mb_buf *out)
{
	const struct mb_period *pe = &m->periods[p];
	struct jw w = {.b = out, .depth = 0, .first = true};
	jopen(&w, '{');
	kstr(&w, "period", pe->id);
	kstr(&w, "label", pe->label);
	kstr(&w, "published", pe->published);
	key(&w, "indices");
	jopen(&w, '{');
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_scoreset *ss = pe->scores[i];
		if (!ss)
			continue;
		const struct mb_index *ix = &m->indices[i];
		key(&w, ix->id);
		jopen(&w, '{');
		kstr(&w, "name", ix->name);
		kstr(&w, "short_name", ix->short_name);
		key(&w, "max");
		num(&w, ix->max, 4);
		key(&w, "groups");
		jopen(&w, '{');
		for (size_t g = 0; g < m->ngroups; g++) {
			if (!ss->nranked[g])
				continue;
			key(&w, m->groups[g].id);
			jopen(&w, '[');
			for (size_t r = 0; r < ss->nranked[g]; r++)
				score_row(&w, m, ix, &ss->rows[ss->ranked[g][r]]);
			jclose(&w, ']');
		}
		jclose(&w, '}');
		group_means(&w, m, ix, ss);
		jclose(&w, '}');
	}
	jclose(&w, '}');
	key(&w, "services");
	if (pe->services) {
		jopen(&w, '[');
		for (size_t r = 0; r < pe->services->nrows; r++)
			service_row(&w, m, pe->services, &pe->services->rows[r]);
		jclose(&w, ']');
		service_totals(&w, m, pe->services);
	} else {
		null(&w);
		key(&w, "service_totals");
		null(&w);
	}
	jclose(&w, '}');
	mb_buf_putc(out, '\n');
}

static void unit_link(struct jw *w, const char *k, const struct mb_model *m, const int *v, size_t n)
{
	key(w, k);
	jopen(w, '[');
	for (size_t i = 0; i < n; i++)
		str(w, m->units[v[i]].id);
	jclose(w, ']');
}

void mb_json_unit(const struct mb_model *m, size_t u, mb_buf *out)
{
	const struct mb_unit *un = &m->units[u];
	struct jw w = {.b = out, .depth = 0, .first = true};
	jopen(&w, '{');
	kstr(&w, "unit", un->id);
	kstr(&w, "name", un->name);
	kstr(&w, "group", m->groups[un->group].id);
	kstr(&w, "group_name", m->groups[un->group].name);
	kstr(&w, "parent", un->parent >= 0 ? m->units[un->parent].id : NULL);
	kstr(&w, "parent_name", un->parent >= 0 ? m->units[un->parent].name : NULL);
	kstr(&w, "from", un->from);
	kstr(&w, "until", un->until);
	unit_link(&w, "successors", m, un->successors, un->nsuccessors);
	unit_link(&w, "predecessors", m, un->predecessors, un->npredecessors);
	key(&w, "indices");
	jopen(&w, '{');
	for (size_t i = 0; i < m->nindices; i++) {
		const struct mb_index *ix = &m->indices[i];
		if (!un->latest || un->latest[i] < 0)
			continue;
		key(&w, ix->id);
		jopen(&w, '{');
		kstr(&w, "name", ix->name);
		kstr(&w, "short_name", ix->short_name);
		key(&w, "max");
		num(&w, ix->max, 4);
		key(&w, "results");
		jopen(&w, '[');
		for (size_t p = 0; p < m->nperiods; p++) {
			const struct mb_score *s = mb_score_of(m, p, i, (int)u);
			if (!s)
				continue;
			jopen(&w, '{');
			kstr(&w, "period", m->periods[p].id);
			kstr(&w, "label", m->periods[p].label);
			kint(&w, "of", (int64_t)m->periods[p].scores[i]->nranked[un->group]);
			score_fields(&w, m, ix, s);
			jclose(&w, '}');
		}
		jclose(&w, ']');
		jclose(&w, '}');
	}
	jclose(&w, '}');
	key(&w, "services");
	jopen(&w, '[');
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_service *s = mb_service_of(m, p, (int)u);
		if (!s)
			continue;
		jopen(&w, '{');
		kstr(&w, "period", m->periods[p].id);
		kstr(&w, "label", m->periods[p].label);
		service_fields(&w, m, m->periods[p].services, s);
		jclose(&w, '}');
	}
	jclose(&w, ']');
	jclose(&w, '}');
	mb_buf_putc(out, '\n');
}

/* --- What the fields mean --- */

#define PF "tai-ve/<ky>.json"
#define UF "tai-ve/don-vi/<ma-don-vi>.json"
#define RATE_NOTE " Phân số từ 0 đến 1, làm tròn 6 chữ số thập phân (0.991501 là " \
	"99,1501%); null khi mẫu số bằng 0."
#define PP_NOTE " Điểm phần trăm, làm tròn 4 chữ số thập phân (0.5212 là tăng 0,52 điểm " \
	"phần trăm, âm là giảm); null khi một trong hai kỳ không có tỷ lệ này."

const struct mb_json_field mb_json_fields[] = {
	{PF, "period", "string", "Mã kỳ: YYYY là cả năm, YYYY-qN là quý N."},
	{PF, "label", "string", "Tên kỳ, ví dụ «Quý II/2023», «Năm 2023»."},
	{PF, "published", "string", "Ngày công bố số liệu (YYYY-MM-DD); null nếu không ghi."},
	{PF, "indices", "object", "Các chỉ số được chấm trong kỳ, theo mã chỉ số."},
	{PF, "indices.<chi-so>.name", "string", "Tên chỉ số."},
	{PF, "indices.<chi-so>.short_name", "string",
	 "Tên viết tắt của chỉ số; null nếu không có."},
	{PF, "indices.<chi-so>.max", "number",
	 "Điểm tối đa của chỉ số (tổng điểm tối đa các lĩnh vực)."},
	{PF, "indices.<chi-so>.groups", "object",
	 "Bảng xếp hạng của từng nhóm đơn vị, theo mã nhóm: danh sách đơn vị theo thứ "
	 "hạng, bằng hạng thì theo mã đơn vị."},
	{PF, "indices.<chi-so>.groups.<nhom>[].unit", "string", "Mã đơn vị."},
	{PF, "indices.<chi-so>.groups.<nhom>[].name", "string", "Tên đơn vị."},
	{PF, "indices.<chi-so>.groups.<nhom>[].rank", "integer",
	 "Thứ hạng trong nhóm theo tỷ lệ điểm đạt; bằng nhau thì cùng hạng (1, 2, 2, 4)."},
	{PF, "indices.<chi-so>.groups.<nhom>[].total", "number",
	 "Tổng điểm, chính xác (tối đa 4 chữ số thập phân)."},
	{PF, "indices.<chi-so>.groups.<nhom>[].max", "number",
	 "Điểm tối đa áp dụng cho đơn vị (trừ các tiêu chí không áp dụng)."},
	{PF, "indices.<chi-so>.groups.<nhom>[].percent", "number",
	 "Tỷ lệ điểm đạt: tổng điểm ÷ điểm tối đa áp dụng, phần trăm làm tròn 4 chữ số "
	 "thập phân (trang web hiện 2)."},
	{PF, "indices.<chi-so>.groups.<nhom>[].band", "string",
	 "Xếp loại theo tỷ lệ điểm đạt; null nếu chỉ số không phân loại."},
	{PF, "indices.<chi-so>.groups.<nhom>[].official_rank", "integer",
	 "Thứ hạng đã công bố chính thức, nếu tệp số liệu ghi; null nếu không."},
	{PF, "indices.<chi-so>.groups.<nhom>[].previous_period", "string",
	 "Kỳ gần nhất trước đó mà đơn vị được xếp hạng trong cùng nhóm của chỉ số này; "
	 "null nếu đơn vị mới."},
	{PF, "indices.<chi-so>.groups.<nhom>[].previous_rank", "integer",
	 "Thứ hạng ở kỳ đó; null nếu đơn vị mới, hoặc nếu các đơn vị trong nhóm được sắp "
	 "xếp lại giữa kỳ đó và kỳ này (hai thứ hạng không so sánh được)."},
	{PF, "indices.<chi-so>.groups.<nhom>[].rank_change", "integer",
	 "Số bậc thay đổi: dương là tăng hạng, âm là giảm; null khi previous_rank là null."},
	{PF, "indices.<chi-so>.groups.<nhom>[].criteria", "object",
	 "Điểm của mọi tiêu chí ở mọi cấp, theo mã tiêu chí (cho hoặc cộng từ tiêu chí "
	 "thành phần); null nếu không áp dụng hoặc không có số liệu."},
	{PF, "indices.<chi-so>.groups.<nhom>[].criteria_ranks", "object",
	 "Thứ hạng trong nhóm của từng lĩnh vực (tiêu chí cấp 1), giữa các đơn vị áp "
	 "dụng lĩnh vực đó; null nếu không áp dụng."},
	{PF, "indices.<chi-so>.group_means", "object", "Trung bình của từng nhóm, theo mã nhóm."},
	{PF, "indices.<chi-so>.group_means.<nhom>.units", "integer",
	 "Số đơn vị của nhóm được xếp hạng."},
	{PF, "indices.<chi-so>.group_means.<nhom>.percent", "number",
	 "Trung bình cộng tỷ lệ điểm đạt của các đơn vị, tính chính xác, phần trăm làm "
	 "tròn 4 chữ số thập phân (trang web hiện 2)."},
	{PF, "indices.<chi-so>.group_means.<nhom>.criteria", "object",
	 "Điểm trung bình của từng lĩnh vực, giữa các đơn vị được chấm lĩnh vực đó, làm "
	 "tròn 4 chữ số thập phân; null nếu không đơn vị nào được chấm."},
	{PF, "services", "array",
	 "Số liệu giải quyết hồ sơ của từng đơn vị, theo thứ tự trong danh sách đơn vị; "
	 "null nếu kỳ không có số liệu này."},
	{PF, "services[].unit", "string", "Mã đơn vị."},
	{PF, "services[].name", "string", "Tên đơn vị."},
	{PF, "services[].carried_over", "integer", "Số hồ sơ kỳ trước chuyển qua."},
	{PF, "services[].received", "integer",
	 "Số hồ sơ tiếp nhận mới trong kỳ: trực tuyến + trực tiếp + bưu chính."},
	{PF, "services[].received_online", "integer", "Số hồ sơ tiếp nhận trực tuyến."},
	{PF, "services[].received_direct", "integer", "Số hồ sơ tiếp nhận trực tiếp."},
	{PF, "services[].received_postal", "integer",
	 "Số hồ sơ tiếp nhận qua dịch vụ bưu chính công ích."},
	{PF, "services[].resolved", "integer",
	 "Số hồ sơ đã giải quyết: trước hạn + đúng hạn + trễ hạn."},
	{PF, "services[].early", "integer", "Số hồ sơ giải quyết trước hạn."},
	{PF, "services[].on_time", "integer", "Số hồ sơ giải quyết đúng hạn."},
	{PF, "services[].late", "integer", "Số hồ sơ giải quyết trễ hạn."},
	{PF, "services[].pending", "integer",
	 "Số hồ sơ đang giải quyết cuối kỳ: trong hạn + quá hạn."},
	{PF, "services[].in_time", "integer", "Số hồ sơ đang giải quyết, còn trong hạn."},
	{PF, "services[].overdue", "integer", "Số hồ sơ đang giải quyết đã quá hạn."},
	{PF, "services[].withdrawn", "integer", "Số hồ sơ rút lại; null nếu đơn vị không báo cáo."},
	{PF, "services[].payments_online", "integer",
	 "Số giao dịch thanh toán phí, lệ phí trực tuyến; null nếu đơn vị không báo cáo."},
	{PF, "services[].payments_total", "integer",
	 "Tổng số giao dịch thanh toán phí, lệ phí; null nếu đơn vị không báo cáo."},
	{PF, "services[].payments_online_amount_vnd", "integer",
	 "Số tiền thanh toán trực tuyến, đồng; null nếu đơn vị không báo cáo."},
	{PF, "services[].digitized", "integer",
	 "Số hồ sơ được số hóa; null nếu đơn vị không báo cáo."},
	{PF, "services[].satisfaction_responses", "integer",
	 "Số lượt đánh giá; null nếu đơn vị không báo cáo."},
	{PF, "services[].satisfaction_satisfied", "integer",
	 "Số lượt đánh giá hài lòng; null nếu đơn vị không báo cáo."},
	{PF, "services[].on_time_rate", "number",
	 "Tỷ lệ giải quyết đúng hạn: (trước hạn + đúng hạn) ÷ đã giải quyết." RATE_NOTE},
	{PF, "services[].online_rate", "number",
	 "Tỷ lệ tiếp nhận trực tuyến: tiếp nhận trực tuyến ÷ tiếp nhận mới." RATE_NOTE},
	{PF, "services[].online_payment_rate", "number",
	 "Tỷ lệ thanh toán trực tuyến: thanh toán trực tuyến ÷ tổng số giao dịch thanh "
	 "toán." RATE_NOTE},
	{PF, "services[].digitized_rate", "number",
	 "Tỷ lệ số hóa hồ sơ: hồ sơ được số hóa ÷ tiếp nhận mới." RATE_NOTE},
	{PF, "services[].satisfaction_rate", "number",
	 "Tỷ lệ hài lòng: lượt hài lòng ÷ lượt đánh giá." RATE_NOTE},
	{PF, "services[].targets_met", "object",
	 "Mỗi tỷ lệ (theo tên trường của nó) có đạt chỉ tiêu trong site.json không: true "
	 "đạt, false chưa đạt, null khi chưa đặt chỉ tiêu hoặc không có số liệu."},
	{PF, "services[].balance_difference", "integer",
	 "Chênh lệch cân đối: kỳ trước chuyển qua + tiếp nhận mới − đã giải quyết − đang "
	 "giải quyết − rút hồ sơ; khác 0 là số liệu không cân đối."},
	{PF, "services[].changes_pp", "object",
	 "Thay đổi của các tỷ lệ: previous so với kỳ trước cùng loại (thường là quý liền "
	 "trước, hoặc năm trước), year_earlier so với cùng quý năm trước."},
	{PF, "services[].changes_pp.previous.period", "string",
	 "Kỳ cùng loại gần nhất trước kỳ này có số liệu giải quyết hồ sơ, mà các thay đổi "
	 "so sánh với; null nếu không có kỳ nào như vậy."},
	{PF, "services[].changes_pp.year_earlier.period", "string",
	 "Cùng kỳ năm trước mà các thay đổi so sánh với; null nếu không có (hoặc với số "
	 "liệu cả năm)."},
	{PF, "services[].changes_pp.<ky-so-sanh>.<ty-le>", "number",
	 "Tỷ lệ kỳ này trừ tỷ lệ kỳ so sánh (on_time_rate, online_rate, ...), tính chính "
	 "xác." PP_NOTE},
	{PF, "service_totals", "object",
	 "Tổng của từng nhóm (groups, theo mã nhóm) và của mọi đơn vị (all): cùng các "
	 "trường như một dòng của services, không có unit và name; null nếu kỳ không có "
	 "số liệu giải quyết hồ sơ. Tỷ lệ của một tổng là tổng tử số chia tổng mẫu số; "
	 "changes_pp của một nhóm là null khi các đơn vị trong nhóm được sắp xếp lại "
	 "giữa hai kỳ."},
	{PF, "service_totals.<pham-vi>.units", "integer", "Số đơn vị được cộng."},
	{PF, "service_totals.<pham-vi>.digitized_received", "integer",
	 "Số hồ sơ tiếp nhận mới của các đơn vị có báo cáo số hóa: mẫu số của tỷ lệ số "
	 "hóa của tổng; null nếu không đơn vị nào báo cáo."},
	{PF, "service_totals.<pham-vi>.targets", "object",
	 "Với mỗi tỷ lệ: units_with_data (số đơn vị có tỷ lệ), met và unmet (số đơn vị "
	 "đạt và chưa đạt chỉ tiêu); ở nhóm còn có highest_units (số đơn vị cùng có tỷ "
	 "lệ cao nhất nhóm)."},
	{UF, "unit", "string", "Mã đơn vị."},
	{UF, "name", "string", "Tên đơn vị."},
	{UF, "group", "string", "Mã nhóm của đơn vị."},
	{UF, "group_name", "string", "Tên nhóm của đơn vị."},
	{UF, "parent", "string", "Mã đơn vị cấp trên; null nếu không có."},
	{UF, "parent_name", "string", "Tên đơn vị cấp trên; null nếu không có."},
	{UF, "from", "string",
	 "Ngày đơn vị bắt đầu hoạt động (YYYY-MM-DD); null nếu có từ trước mọi kỳ."},
	{UF, "until", "string",
	 "Ngày cuối cùng đơn vị hoạt động (YYYY-MM-DD), ví dụ trước khi sáp nhập; null "
	 "nếu vẫn hoạt động."},
	{UF, "successors", "array", "Mã các đơn vị tiếp nhận nhiệm vụ của đơn vị sau ngày until."},
	{UF, "predecessors", "array", "Mã các đơn vị mà đơn vị này tiếp nhận nhiệm vụ."},
	{UF, "indices", "object",
	 "Kết quả của đơn vị ở từng chỉ số, theo mã chỉ số: name, short_name, max như "
	 "trong tệp của kỳ, và results."},
	{UF, "indices.<chi-so>.results[]", "object",
	 "Một kỳ có điểm, cũ trước mới sau: period, label, of (số đơn vị được xếp hạng "
	 "trong nhóm) và các trường rank, total, max, percent, band, official_rank, "
	 "previous_period, previous_rank, rank_change, criteria, criteria_ranks như "
	 "trong tệp của kỳ."},
	{UF, "services[]", "object",
	 "Một kỳ có số liệu giải quyết hồ sơ, cũ trước mới sau: period, label và mọi "
	 "trường của một dòng services trong tệp của kỳ (số hồ sơ, tỷ lệ, targets_met, "
	 "balance_difference, changes_pp)."},
};
const size_t mb_json_nfields = sizeof mb_json_fields / sizeof mb_json_fields[0];

const char *mb_json_type_vi(const char *type)
{
	static const char *const words[][2] = {
		{"string", "chuỗi"}, {"number", "số thập phân"}, {"integer", "số nguyên"},
		{"boolean", "true/false"}, {"object", "đối tượng"}, {"array", "danh sách"},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i][0], type))
			return words[i][1];
	return type;
}
