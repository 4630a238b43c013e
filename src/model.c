/* model.c - freeing and querying the model. */
#include "model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const struct mb_rate_def mb_rates[MB_RATE_COUNT] = {
	[MB_RATE_ON_TIME] = {
		"on_time", "on_time_rate", "Tỷ lệ giải quyết đúng hạn", "Đúng hạn", "đúng hạn",
		"(trước hạn + đúng hạn) ÷ đã giải quyết",
		"hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết",
		"ty_le_dung_han", "dat_chi_tieu_dung_han", "Chỉ tiêu đúng hạn"},
	[MB_RATE_ONLINE] = {
		"online", "online_rate", "Tỷ lệ tiếp nhận trực tuyến", "Trực tuyến", "trực tuyến",
		"tiếp nhận trực tuyến ÷ tiếp nhận mới",
		"hồ sơ nộp trực tuyến trên tổng số hồ sơ tiếp nhận mới",
		"ty_le_truc_tuyen", "dat_chi_tieu_truc_tuyen", "Chỉ tiêu trực tuyến"},
	[MB_RATE_ONLINE_PAYMENT] = {
		"online_payment", "online_payment_rate", "Tỷ lệ thanh toán trực tuyến",
		"Thanh toán trực tuyến", "thanh toán trực tuyến",
		"thanh toán trực tuyến ÷ tổng số giao dịch thanh toán",
		"giao dịch thanh toán phí, lệ phí trực tuyến trên tổng số giao dịch thanh toán",
		"ty_le_thanh_toan_truc_tuyen", "dat_chi_tieu_thanh_toan_truc_tuyen",
		"Chỉ tiêu thanh toán trực tuyến"},
	[MB_RATE_DIGITIZED] = {
		"digitized", "digitized_rate", "Tỷ lệ số hóa hồ sơ", "Số hóa", "số hóa",
		"hồ sơ được số hóa ÷ tiếp nhận mới",
		"hồ sơ được số hóa trên tổng số hồ sơ tiếp nhận mới",
		"ty_le_so_hoa", "dat_chi_tieu_so_hoa", "Chỉ tiêu số hóa"},
	[MB_RATE_SATISFACTION] = {
		"satisfaction", "satisfaction_rate", "Tỷ lệ hài lòng", "Hài lòng", "hài lòng",
		"lượt hài lòng ÷ lượt đánh giá",
		"ý kiến hài lòng trên tổng số ý kiến đánh giá",
		"ty_le_hai_long", "dat_chi_tieu_hai_long", "Chỉ tiêu hài lòng"},
};

static void free_means(struct mb_group_means *gm, size_t ntop)
{
	mpq_clear(gm->percent.exact);
	for (size_t t = 0; gm->crit && t < ntop; t++)
		mpq_clear(gm->crit[t].exact);
	free(gm->crit);
}

static void free_scoreset(struct mb_scoreset *s, size_t ngroups, size_t ntop)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nrows; i++) {
		free(s->rows[i].crit);
		free(s->rows[i].crit_rank);
		free(s->rows[i].share);
	}
	for (size_t g = 0; s->ranked && g < ngroups; g++)
		free(s->ranked[g]);
	for (size_t g = 0; s->means && g < ngroups; g++)
		free_means(&s->means[g], ntop);
	free(s->means);
	for (int v = 0; v < MB_VS_COUNT; v++)
		free(s->mean_change[v]);
	free(s->entered);
	free(s->left);
	free(s->row_of_unit);
	free(s->ranked);
	free(s->nranked);
	free(s->rows);
	free(s->file);
	free(s->published);
	free(s);
}

static void free_serviceset(struct mb_serviceset *s)
{
	if (!s)
		return;
	free(s->rows);
	free(s->group_total);
	free(s->row_of_unit);
	free(s->entered);
	free(s->left);
	free(s->tally);
	free(s->order);
	free(s->file);
	free(s->published);
	free(s);
}

void mb_model_free(struct mb_model *m)
{
	if (!m)
		return;
	struct mb_site *s = &m->site;
	free(s->title), free(s->organisation), free(s->base_url), free(s->language);
	free(s->license), free(s->email), free(s->phone), free(s->address), free(s->font);
	for (size_t i = 0; i < m->ngroups; i++) {
		free(m->groups[i].id);
		free(m->groups[i].name);
		free(m->groups[i].units);
		free(m->groups[i].changes);
	}
	free(m->groups);
	for (size_t i = 0; i < m->nunits; i++) {
		struct mb_unit *u = &m->units[i];
		free(u->id), free(u->name), free(u->address), free(u->phone), free(u->email);
		free(u->website), free(u->description_md), free(u->children), free(u->latest);
		free(u->from), free(u->until), free(u->end_reason);
		free(u->successors), free(u->predecessors);
		for (size_t k = 0; k < u->naliases; k++)
			free(u->aliases[k]);
		free(u->aliases);
	}
	free(m->units);
	free(m->unit_by_id);
	for (size_t p = 0; p < m->nperiods; p++) {
		struct mb_period *pe = &m->periods[p];
		for (size_t i = 0; i < m->nindices; i++)
			free_scoreset(pe->scores[i], m->ngroups, m->indices[i].ntop);
		free(pe->scores);
		free_serviceset(pe->services);
		free(pe->id), free(pe->label), free(pe->published);
		free(pe->units), free(pe->group_nunits);
	}
	free(m->periods);
	for (size_t i = 0; i < m->nindices; i++) {
		struct mb_index *ix = &m->indices[i];
		for (size_t k = 0; k < ix->ncrit; k++) {
			free(ix->crit[k].id);
			free(ix->crit[k].name);
			free(ix->crit[k].code);
			free(ix->crit[k].children);
		}
		for (size_t k = 0; k < ix->nbands; k++)
			free(ix->bands[k].name);
		for (size_t k = 0; k < ix->nlevels; k++)
			free(ix->levels[k]);
		free(ix->levels);
		free(ix->crit), free(ix->top), free(ix->bands), free(ix->crit_by_id);
		free(ix->id), free(ix->name), free(ix->short_name), free(ix->description_md), free(ix->file);
	}
	free(m->indices);
	for (size_t i = 0; i < m->nprocs; i++) {
		struct mb_procedure *p = &m->procs[i];
		free(p->code), free(p->name), free(p->field), free(p->time_limit), free(p->fee);
		free(p->url), free(p->groups), free(p->units);
	}
	free(m->procs);
	for (size_t i = 0; i < m->npages; i++) {
		struct mb_page *p = &m->pages[i];
		free(p->slug), free(p->title), free(p->date), free(p->summary), free(p->body_md);
		free(p->file);
	}
	free(m->pages);
	free(m->dir);
	free(m);
}

int mb_model_latest_period(const struct mb_model *m)
{
	for (size_t p = m->nperiods; p-- > 0;) {
		if (m->periods[p].services)
			return (int)p;
		for (size_t i = 0; i < m->nindices; i++)
			if (m->periods[p].scores[i])
				return (int)p;
	}
	return -1;
}

bool mb_unit_exists(const struct mb_unit *u, mb_day first, mb_day last)
{
	if (u->from && u->from_day > last)
		return false;
	return !(u->until && u->until_day < first);
}

const struct mb_score *mb_score_of(const struct mb_model *m, size_t p, size_t i, int unit)
{
	const struct mb_scoreset *ss = m->periods[p].scores ? m->periods[p].scores[i] : NULL;
	if (!ss || !ss->row_of_unit || unit < 0 || (size_t)unit >= m->nunits ||
	    ss->row_of_unit[unit] < 0)
		return NULL;
	return &ss->rows[ss->row_of_unit[unit]];
}

const struct mb_service *mb_service_of(const struct mb_model *m, size_t p, int unit)
{
	const struct mb_serviceset *sv = m->periods[p].services;
	if (!sv || !sv->row_of_unit || unit < 0 || (size_t)unit >= m->nunits ||
	    sv->row_of_unit[unit] < 0)
		return NULL;
	return &sv->rows[sv->row_of_unit[unit]];
}

int mb_unit_parent_in(const struct mb_model *m, int unit, mb_day first, mb_day last)
{
	int par = m->units[unit].parent;
	return par >= 0 && mb_unit_exists(&m->units[par], first, last) ? par : -1;
}

/* Whether unit u exists in period p: only then are units under it. */
static bool exists_in(const struct mb_model *m, int u, size_t p)
{
	return mb_unit_exists(&m->units[u], m->periods[p].first_day, m->periods[p].last_day);
}

int mb_children_ranked(const struct mb_model *m, int u, size_t i, int *group)
{
	const struct mb_unit *un = &m->units[u];
	int p = -1;
	for (size_t q = m->nperiods; q-- > 0 && p < 0;) {
		if (!exists_in(m, u, q))
			continue;
		for (size_t k = 0; k < un->nchildren && p < 0; k++)
			if (mb_score_of(m, q, i, un->children[k]))
				p = (int)q;
	}
	*group = -1;
	if (p < 0)
		return -1;
	size_t best = 0;
	for (size_t g = 0; g < m->ngroups; g++) {
		size_t n = 0;
		for (size_t k = 0; k < un->nchildren; k++)
			if (m->units[un->children[k]].group == (int)g &&
			    mb_score_of(m, (size_t)p, i, un->children[k]))
				n++;
		if (n > best) {
			best = n;
			*group = (int)g;
		}
	}
	return p;
}

int mb_children_served(const struct mb_model *m, int u)
{
	const struct mb_unit *un = &m->units[u];
	for (size_t p = m->nperiods; p-- > 0;)
		for (size_t k = 0; exists_in(m, u, p) && k < un->nchildren; k++)
			if (mb_service_of(m, p, un->children[k]))
				return (int)p;
	return -1;
}

int mb_mean_cmp(const struct mb_mean *mn, int64_t num, int64_t den)
{
	mpq_t x;
	mpq_init(x);
	mpq_set_si(x, num, (unsigned long)den);
	mpq_canonicalize(x);
	int c = mpq_cmp(x, mn->exact);
	mpq_clear(x);
	return (c > 0) - (c < 0);
}

/* Sorting and searching by id: records are reached through an order array,
 * so the records themselves keep their file order. */
struct by_id {
	const char *records;
	size_t size, id_off;
};

static const char *id_at(const struct by_id *b, int i)
{
	return *(const char *const *)(b->records + (size_t)i * b->size + b->id_off);
}

static int by_id_cmp(const void *x, const void *y, void *arg)
{
	return strcmp(id_at(arg, *(const int *)x), id_at(arg, *(const int *)y));
}

void mb_sort_by_id(int *order, size_t n, const void *records, size_t size, size_t id_off)
{
	struct by_id b = {records, size, id_off};
	for (size_t k = 0; k < n; k++)
		order[k] = (int)k;
	qsort_r(order, n, sizeof *order, by_id_cmp, &b);
}

static int find_by_id(const int *order, size_t n, const void *records, size_t size,
                      size_t id_off, const char *id)
{
	struct by_id b = {records, size, id_off};
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(id_at(&b, order[mid]), id);
		if (c == 0)
			return order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int mb_model_find_unit(const struct mb_model *m, const char *id)
{
	return find_by_id(m->unit_by_id, m->nunits, m->units, sizeof *m->units,
	                  offsetof(struct mb_unit, id), id);
}

int mb_index_find_crit(const struct mb_index *ix, const char *id)
{
	return find_by_id(ix->crit_by_id, ix->ncrit, ix->crit, sizeof *ix->crit,
	                  offsetof(struct mb_criterion, id), id);
}

const char *mb_index_level(const struct mb_index *ix, int depth)
{
	size_t d = depth < 0 ? 0 : (size_t)depth;
	if (d < ix->nlevels)
		return ix->levels[d];
	return d == 0 ? "tiêu chí" : "tiêu chí thành phần";
}
