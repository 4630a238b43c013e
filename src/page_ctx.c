/* page_ctx.c - shared state of page rendering and the cJSON context builders pages share. */
#include "page_ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "mustache.h"
#include "page_fmt.h"

/* ---- small builders ---------------------------------------------------- */

static cJSON *must(cJSON *item)
{
	if (!item)
		mb_die("out of memory building a page context");
	return item;
}

static void add(cJSON *o, const char *key, cJSON *item)
{
	cJSON_bool ok = key ? cJSON_AddItemToObjectCS(o, key, item) : cJSON_AddItemToArray(o, item);
	if (!ok)
		mb_die("out of memory building a page context");
}

cJSON *mb_ctx_obj(cJSON *parent, const char *key)
{
	cJSON *o = must(cJSON_CreateObject());
	add(parent, key, o);
	return o;
}

cJSON *mb_ctx_arr(cJSON *parent, const char *key)
{
	cJSON *a = must(cJSON_CreateArray());
	add(parent, key, a);
	return a;
}

void mb_ctx_ref(cJSON *o, const char *key, const char *s)
{
	if (s)
		add(o, key, must(cJSON_CreateStringReference(s)));
}

void mb_ctx_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		add(o, key, must(cJSON_CreateString(s)));
}

void mb_ctx_tmp(cJSON *o, const char *key, mb_buf *b)
{
	add(o, key, must(cJSON_CreateString(b->data)));
	mb_buf_reset(b);
}

void mb_ctx_bool(cJSON *o, const char *key, bool v)
{
	add(o, key, must(cJSON_CreateBool(v)));
}

/* Writes n with dot thousands ("40.689") into the end of buf and returns
 * its start.  Counts are the most frequent numbers on pages, so this avoids
 * printf. */
static char *count_text(char *end, int64_t n)
{
	uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	char *p = end;
	*--p = '\0';
	int digits = 0;
	do {
		if (digits && digits % 3 == 0)
			*--p = '.';
		*--p = (char)('0' + a % 10);
		a /= 10;
		digits++;
	} while (a);
	if (n < 0)
		*--p = '-';
	return p;
}

void mb_ctx_count(cJSON *o, const char *key, int64_t n)
{
	char s[32];
	add(o, key, must(cJSON_CreateString(count_text(s + sizeof s, n))));
}

void mb_ctx_int(cJSON *o, const char *key, int64_t n)
{
	char s[32];
	uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	char *p = s + sizeof s;
	*--p = '\0';
	do {
		*--p = (char)('0' + a % 10);
		a /= 10;
	} while (a);
	if (n < 0)
		*--p = '-';
	add(o, key, must(cJSON_CreateString(p)));
}

void mb_ctx_href(struct mb_page_job *J, cJSON *o, const char *key, const char *fmt, ...)
{
	mb_buf_reset(&J->tmp);
	mb_buf_puts(&J->tmp, J->root);
	va_list ap;
	va_start(ap, fmt);
	mb_buf_vprintf(&J->tmp, fmt, ap);
	va_end(ap);
	mb_ctx_tmp(o, key, &J->tmp);
}

void mb_ctx_share(cJSON *o, const char *key, const cJSON *shared)
{
	cJSON *ref = cJSON_IsArray(shared) ? cJSON_CreateArrayReference(shared->child)
	                                    : cJSON_CreateObjectReference(shared->child);
	add(o, key, must(ref));
}

void mb_ctx_date(struct mb_page_job *J, cJSON *o, const char *key, const char *iso)
{
	if (!iso)
		return;
	mb_buf_reset(&J->tmp);
	mb_page_put_date(&J->tmp, iso);
	mb_ctx_tmp(o, key, &J->tmp);
}

void mb_ctx_points(struct mb_page_job *J, cJSON *o, const char *key, mb_fx v)
{
	mb_buf_reset(&J->tmp);
	mb_page_put_points(&J->tmp, v);
	mb_ctx_tmp(o, key, &J->tmp);
}

cJSON *mb_ctx_unit_link(struct mb_page_job *J, cJSON *parent, const char *key, int unit)
{
	const struct mb_unit *u = &J->P->m->units[unit];
	cJSON *o = mb_ctx_obj(parent, key);
	mb_ctx_ref(o, "id", u->id);
	mb_ctx_ref(o, "name", u->name);
	mb_ctx_href(J, o, "href", "don-vi/%s/index.html", u->id);
	return o;
}

cJSON *mb_ctx_period_link(struct mb_page_job *J, cJSON *parent, const char *key, size_t p)
{
	const struct mb_period *pe = &J->P->m->periods[p];
	cJSON *o = mb_ctx_obj(parent, key);
	mb_ctx_ref(o, "id", pe->id);
	mb_ctx_ref(o, "label", pe->label);
	mb_buf_reset(&J->tmp);
	mb_page_put_lower_first(&J->tmp, pe->label);
	mb_ctx_tmp(o, "label_lower", &J->tmp);
	mb_ctx_href(J, o, "href", "ky/%s/index.html", pe->id);
	return o;
}

bool mb_page_former(const struct mb_unit *u)
{
	return !u->current && u->until;
}

void mb_ctx_unit_life(struct mb_page_job *J, cJSON *o, int unit)
{
	const struct mb_unit *u = &J->P->m->units[unit];
	mb_ctx_bool(o, "former", mb_page_former(u));
	mb_buf_reset(&J->tmp);
	if (u->from) {
		mb_page_put_date(&J->tmp, u->from);
		mb_ctx_tmp(o, "from", &J->tmp);
	} else {
		mb_ctx_bool(o, "from", false);
	}
	if (u->until) {
		mb_page_put_date(&J->tmp, u->until);
		mb_ctx_tmp(o, "until", &J->tmp);
	} else {
		mb_ctx_bool(o, "until", false);
	}
}

int mb_page_parent(const struct mb_model *m, int unit)
{
	const struct mb_unit *u = &m->units[unit];
	if (u->parent < 0)
		return -1;
	const struct mb_unit *p = &m->units[u->parent];
	if (p->until && (!u->until || p->until_day < u->until_day))
		return -1;
	return u->parent;
}

cJSON *mb_ctx_rate(struct mb_page_job *J, cJSON *parent, const char *key,
                   const struct mb_ratio *r, int met)
{
	cJSON *o = mb_ctx_obj(parent, key);
	mb_buf_reset(&J->tmp);
	mb_page_put_ratio(&J->tmp, r);
	mb_ctx_tmp(o, "text", &J->tmp);
	if (!r->valid) {
		mb_ctx_ref(o, "state", "na");
		return o;
	}
	/* Sort key: the fraction to 6 decimals, as the period record has it. */
	mb_put_dec(&J->tmp, r->pct4, 6);
	mb_ctx_tmp(o, "sort", &J->tmp);
	if (met < 0)
		return o;
	mb_ctx_ref(o, "state", met ? "met" : "unmet");
	mb_ctx_ref(o, "mark", met ? "✓" : "✗");
	mb_ctx_ref(o, "status", met ? "đạt" : "chưa đạt");
	return o;
}

cJSON *mb_ctx_change(struct mb_page_job *J, cJSON *parent, const char *key,
                     const struct mb_score *s)
{
	struct mb_page_change c;
	bool has_prev = s->prev_period >= 0, has_change = s->prev_rank > 0;
	if (s->reorganised)
		mb_page_change_reorganised(&c, s->reorganised_on);
	else
		mb_page_change(&c, has_prev, s->rank_change);
	cJSON *o = mb_ctx_obj(parent, key);
	mb_ctx_ref(o, "dir", c.dir);
	mb_ctx_str(o, "arrow", c.arrow);
	mb_ctx_str(o, "words", c.words);
	mb_ctx_bool(o, "is_new", !has_prev);
	/* Ranked before, but among other units: the words say why. */
	struct mb_page_reorg ro = {s->reorganised, s->reorganised_on};
	mb_ctx_reorg(J, o, "reorganised", &ro);
	/* Units without a change sort below every change, new ones last. */
	mb_ctx_int(o, "sort", has_change ? c.delta : has_prev ? -999999999 : -1000000000);
	if (has_change)
		mb_ctx_count(o, "from", s->prev_rank);
	if (has_prev) {
		mb_buf_reset(&J->tmp);
		mb_page_put_lower_first(&J->tmp, J->P->m->periods[s->prev_period].label);
		mb_ctx_tmp(o, "from_period", &J->tmp);
	}
	mb_ctx_count(o, "to", s->rank);
	mb_ctx_count(o, "delta", c.delta < 0 ? -c.delta : c.delta);
	return o;
}

void mb_page_reorg_add(struct mb_page_reorg *r, const struct mb_score *s)
{
	if (!s->reorganised || (r->any && r->day >= s->reorganised_on))
		return;
	r->any = true;
	r->day = s->reorganised_on;
}

void mb_ctx_reorg(struct mb_page_job *J, cJSON *o, const char *key,
                  const struct mb_page_reorg *r)
{
	if (!r->any) {
		mb_ctx_bool(o, key, false);
		return;
	}
	mb_buf_reset(&J->tmp);
	mb_page_put_day(&J->tmp, r->day);
	mb_ctx_tmp(o, key, &J->tmp);
}

cJSON *mb_ctx_rank_row(struct mb_page_job *J, cJSON *parent, const struct mb_index *ix,
                       const struct mb_scoreset *ss, const struct mb_score *s)
{
	const struct mb_unit *u = &J->P->m->units[s->unit];
	cJSON *o = mb_ctx_obj(parent, NULL);
	mb_ctx_count(o, "rank", s->rank);
	mb_ctx_int(o, "rank_sort", s->rank);
	mb_ctx_bool(o, "tied", s->tied);
	mb_ctx_count(o, "of", (int64_t)ss->nranked[u->group]);
	mb_ctx_unit_link(J, o, "unit", s->unit);
	cJSON *pc = mb_ctx_obj(o, "percent");
	mb_buf_reset(&J->tmp);
	mb_page_put_pct2(&J->tmp, s->percent.pct2);
	mb_ctx_tmp(pc, "text", &J->tmp);
	mb_put_dec(&J->tmp, s->percent.pct4, 4);
	mb_ctx_tmp(pc, "sort", &J->tmp);
	mb_ctx_points(J, o, "points", s->total);
	mb_put_dec(&J->tmp, s->total, 4);
	mb_ctx_tmp(o, "points_sort", &J->tmp);
	mb_ctx_points(J, o, "max", s->max);
	mb_ctx_bool(o, "reduced_max", s->max != ix->max);
	if (s->band >= 0 && (size_t)s->band < ix->nbands)
		mb_ctx_ref(o, "band", ix->bands[s->band].name);
	mb_ctx_change(J, o, "change", s);
	return o;
}

/* A rate's change against an earlier period (compare.c): {text ("+0,52",
 * "−1,20", "0,00"), words ("tăng 0,52 điểm phần trăm so với Quý III/2024"),
 * dir}; false without one. */
static void rate_delta(struct mb_page_job *J, cJSON *o, const char *key, const struct mb_change *c)
{
	if (!c->valid) {
		mb_ctx_bool(o, key, false);
		return;
	}
	const char *label = J->P->m->periods[c->period].label;
	cJSON *x = mb_ctx_obj(o, key);
	int64_t a = c->d2 < 0 ? -c->d2 : c->d2;
	const char *dir = c->d2 > 0 ? "up" : c->d2 < 0 ? "down" : "same";
	mb_buf_reset(&J->tmp);
	mb_buf_puts(&J->tmp, c->d2 > 0 ? "+" : c->d2 < 0 ? "\u2212" : "");
	mb_put_vi(&J->tmp, a, 2);
	mb_ctx_tmp(x, "text", &J->tmp);
	if (c->d2 == 0) {
		mb_buf_printf(&J->tmp, "không đổi so với %s", label);
	} else {
		mb_buf_puts(&J->tmp, c->d2 > 0 ? "tăng " : "giảm ");
		mb_put_vi(&J->tmp, a, 2);
		mb_buf_printf(&J->tmp, " điểm phần trăm so với %s", label);
	}
	mb_ctx_tmp(x, "words", &J->tmp);
	mb_ctx_ref(x, "dir", dir);
}

void mb_ctx_service(struct mb_page_job *J, cJSON *o, const struct mb_service *sv)
{
	mb_ctx_count(o, "carried_over", sv->carried_over);
	mb_ctx_count(o, "received", sv->received);
	mb_ctx_count(o, "received_online", sv->recv_online);
	mb_ctx_count(o, "resolved", sv->resolved);
	mb_ctx_count(o, "resolved_on_time", sv->resolved_on_time);
	mb_ctx_count(o, "late", sv->late);
	mb_ctx_count(o, "pending", sv->pending);
	mb_ctx_count(o, "overdue", sv->pend_overdue);
	if (sv->has_withdrawn)
		mb_ctx_count(o, "withdrawn", sv->withdrawn);
	if (sv->has_payments && sv->pay_amount_vnd > 0) {
		mb_buf_reset(&J->tmp);
		mb_page_put_vnd(&J->tmp, sv->pay_amount_vnd);
		mb_ctx_tmp(o, "online_amount", &J->tmp);
	}
	if (sv->balance_difference != 0)
		mb_ctx_count(o, "balance_difference", sv->balance_difference);
	/* Only the array: names and targets are in the shared rate_heads. */
	cJSON *rates = mb_ctx_arr(o, "rates");
	for (int r = 0; r < MB_RATE_COUNT; r++) {
		cJSON *x = mb_ctx_rate(J, rates, NULL, &sv->rate[r], sv->met[r]);
		const struct mb_change *prev = &sv->change[MB_VS_PREVIOUS][r];
		const struct mb_change *year = &sv->change[MB_VS_YEAR_AGO][r];
		rate_delta(J, x, "delta", prev);
		rate_delta(J, x, "delta_year", year);
		mb_ctx_bool(x, "has_delta", prev->valid || year->valid);
	}
}

void mb_ctx_compared(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *set)
{
	if (set->vs[MB_VS_PREVIOUS] < 0 && set->vs[MB_VS_YEAR_AGO] < 0) {
		mb_ctx_bool(o, "compared", false);
		mb_ctx_bool(o, "no_changes", true);
		return;
	}
	cJSON *c = mb_ctx_obj(o, "compared");
	static const char *const keys[MB_VS_COUNT] = {"previous", "year_ago"};
	for (int v = 0; v < MB_VS_COUNT; v++) {
		if (set->vs[v] >= 0)
			mb_ctx_period_link(J, c, keys[v], (size_t)set->vs[v]);
		else
			mb_ctx_bool(c, keys[v], false);
	}
}

cJSON *mb_ctx_procedure(struct mb_page_job *J, cJSON *arr, const struct mb_procedure *pr,
                        bool with_handlers)
{
	const struct mb_model *m = J->P->m;
	cJSON *o = mb_ctx_obj(arr, NULL);
	mb_ctx_ref(o, "code", pr->code);
	mb_ctx_ref(o, "name", pr->name);
	mb_ctx_ref(o, "field", pr->field);
	mb_ctx_ref(o, "time_limit", pr->time_limit);
	mb_ctx_ref(o, "fee", pr->fee);
	mb_ctx_ref(o, "url", pr->url);
	cJSON *on = mb_ctx_obj(o, "online");
	mb_ctx_ref(on, "label", mb_page_online_label(pr->online));
	mb_ctx_ref(on, "class", mb_page_online_class(pr->online));
	mb_ctx_int(on, "sort", (int64_t)pr->online);
	if (!with_handlers)
		return o;
	cJSON *groups = mb_ctx_arr(o, "groups");
	for (size_t g = 0; g < pr->ngroups; g++) {
		cJSON *go = mb_ctx_obj(groups, NULL);
		mb_ctx_ref(go, "id", m->groups[pr->groups[g]].id);
		mb_ctx_ref(go, "name", m->groups[pr->groups[g]].name);
		mb_ctx_bool(go, "last", g + 1 == pr->ngroups);
	}
	mb_ctx_bool(o, "has_groups", pr->ngroups > 0);
	mb_ctx_bool(o, "has_units", pr->nunits > 0);
	cJSON *units = mb_ctx_arr(o, "units");
	for (size_t k = 0; k < pr->nunits; k++) {
		cJSON *uo = mb_ctx_unit_link(J, units, NULL, pr->units[k]);
		mb_ctx_bool(uo, "last", k + 1 == pr->nunits);
	}
	return o;
}

/* ---- page skeleton ----------------------------------------------------- */

void mb_page_job_init(struct mb_page_job *J, const struct mb_pages *P)
{
	J->P = P;
	J->root = "";
	J->depth = 0;
	J->err = 0;
	J->err_name = NULL;
	mb_buf_init(&J->tmp);
	mb_buf_init(&J->rel);
	mb_buf_init(&J->title);
	mb_buf_init(&J->desc);
}

void mb_page_job_release(struct mb_page_job *J)
{
	mb_buf_release(&J->tmp);
	mb_buf_release(&J->rel);
	mb_buf_release(&J->title);
	mb_buf_release(&J->desc);
}

static int depth_of(const char *rel)
{
	int d = 0;
	for (const char *p = rel; *p; p++)
		d += *p == '/';
	return d > 2 ? 2 : d;
}

cJSON *mb_page_ctx_new(struct mb_page_job *J, enum mb_page_section sec, const char *title,
                       const char *description)
{
	const struct mb_pages *P = J->P;
	bool is404 = strcmp(J->rel.data, "404.html") == 0;
	J->depth = is404 ? MB_DEPTH_404 : depth_of(J->rel.data);
	J->root = P->roots[J->depth];

	cJSON *ctx = must(cJSON_CreateObject());
	mb_ctx_ref(ctx, "root", J->root);
	mb_ctx_share(ctx, "site", P->site);
	mb_ctx_ref(ctx, "header", P->header[J->depth][sec]);
	mb_ctx_ref(ctx, "footer", P->footer[J->depth]);
	cJSON *page = mb_ctx_obj(ctx, "page");
	mb_ctx_str(page, "title", title);
	mb_ctx_str(page, "description", description ? description : P->m->site.title);
	mb_ctx_str(page, "path", J->rel.data);
	mb_ctx_bool(page, "home", sec == MB_SEC_HOME);
	if (is404) {
		mb_ctx_ref(page, "inline_css", P->css_inline);
		mb_ctx_ref(page, "icon", P->icon_inline);
	}
	if (P->base && !is404) {
		/* Canonical URLs name folders, not their index.html. */
		size_t n = J->rel.len;
		if (n >= 10 && strcmp(J->rel.data + n - 10, "index.html") == 0)
			n -= 10;
		mb_buf_reset(&J->tmp);
		mb_buf_puts(&J->tmp, P->base);
		mb_buf_put(&J->tmp, J->rel.data, n);
		mb_ctx_tmp(page, "canonical", &J->tmp);
	}
	return ctx;
}

int mb_page_render(struct mb_page_job *J, const char *name, cJSON *ctx, mb_buf *out)
{
	enum mb_tmpl_fail why;
	int rc = mb_tmpl_render_why(J->P->tmpl, name, ctx, out, &why);
	cJSON_Delete(ctx);
	if (rc == 0)
		return 0;
	if (!J->err) {
		J->err_name = name;
		J->err_why = why;
	}
	J->err = 1;
	return 1;
}

/* ---- lookups ----------------------------------------------------------- */

bool mb_page_score_has_criteria(const struct mb_index *ix, const struct mb_score *s)
{
	for (size_t c = 0; s->crit && c < ix->ncrit; c++)
		if (s->crit[c].state == MB_VAL_SET)
			return true;
	return false;
}

void mb_ctx_chart(struct mb_page_job *J, cJSON *o, const char *key, const struct mb_chart_ref *r)
{
	if (!r || !r->src)
		return;
	cJSON *c = mb_ctx_obj(o, key);
	mb_ctx_href(J, c, "href", "%s", r->src);
	if (r->src2x)
		mb_ctx_href(J, c, "href2x", "%s", r->src2x);
	mb_ctx_ref(c, "alt", r->alt);
	mb_ctx_ref(c, "caption", r->caption);
	mb_ctx_int(c, "width", r->width);
	mb_ctx_int(c, "height", r->height);
	mb_ctx_int(c, "text_px", r->text_px);
	mb_ctx_bool(c, "narrow", r->src_phone);
	if (r->phone) {
		cJSON *ph = mb_ctx_obj(c, "phone");
		mb_ctx_href(J, ph, "href", "%s", r->phone);
		mb_ctx_int(ph, "width", r->phone_width);
		mb_ctx_int(ph, "height", r->phone_height);
		mb_ctx_int(ph, "text_px", r->phone_text_px);
	} else {
		mb_ctx_bool(c, "phone", false);
	}
	if (r->data)
		mb_ctx_href(J, c, "data_href", "%s", r->data);
}
