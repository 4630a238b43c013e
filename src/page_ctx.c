/* page_ctx.c - shared state of page rendering and the cJSON context builders pages share. */
#include "page_ctx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "page_fmt.h"

const struct mb_page_rate_def mb_page_rates[5] = {
	{"on_time", "Tỷ lệ giải quyết đúng hạn", "Đúng hạn",
	 "hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết",
	 offsetof(struct mb_service, on_time_rate), offsetof(struct mb_targets, on_time)},
	{"online", "Tỷ lệ hồ sơ trực tuyến", "Trực tuyến",
	 "hồ sơ nộp trực tuyến trên tổng số hồ sơ tiếp nhận mới",
	 offsetof(struct mb_service, online_rate), offsetof(struct mb_targets, online)},
	{"online_payment", "Tỷ lệ thanh toán trực tuyến", "Thanh toán trực tuyến",
	 "giao dịch thanh toán phí, lệ phí trực tuyến trên tổng số giao dịch thanh toán",
	 offsetof(struct mb_service, online_payment_rate),
	 offsetof(struct mb_targets, online_payment)},
	{"digitized", "Tỷ lệ số hóa hồ sơ", "Số hóa",
	 "hồ sơ được số hóa trên tổng số hồ sơ tiếp nhận mới",
	 offsetof(struct mb_service, digitized_rate), offsetof(struct mb_targets, digitized)},
	{"satisfaction", "Tỷ lệ hài lòng", "Hài lòng",
	 "ý kiến hài lòng trên tổng số ý kiến đánh giá",
	 offsetof(struct mb_service, satisfaction_rate),
	 offsetof(struct mb_targets, satisfaction)},
};

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
	mb_ctx_href(J, o, "href", "ky/%s/index.html", pe->id);
	return o;
}

cJSON *mb_ctx_rate(struct mb_page_job *J, cJSON *parent, const char *key,
                   const struct mb_rate *r)
{
	cJSON *o = mb_ctx_obj(parent, key);
	mb_buf_reset(&J->tmp);
	mb_page_put_rate(&J->tmp, r);
	mb_ctx_tmp(o, "text", &J->tmp);
	if (!r->valid || r->den <= 0) {
		mb_ctx_ref(o, "state", "na");
		return o;
	}
	/* Sort key: the exact fraction to 6 decimals. */
	mb_put_dec(&J->tmp, mb_rate6(r->num, r->den), 6);
	mb_ctx_tmp(o, "sort", &J->tmp);
	if (r->met < 0)
		return o;
	mb_ctx_ref(o, "state", r->met ? "met" : "unmet");
	mb_ctx_ref(o, "mark", r->met ? "✓" : "✗");
	mb_ctx_ref(o, "status", r->met ? "đạt" : "chưa đạt");
	return o;
}

cJSON *mb_ctx_change(struct mb_page_job *J, cJSON *parent, const char *key,
                     const struct mb_score *s)
{
	struct mb_page_change c;
	bool has_prev = s->prev_period >= 0;
	mb_page_change(&c, has_prev, s->prev_rank, s->rank);
	cJSON *o = mb_ctx_obj(parent, key);
	mb_ctx_ref(o, "dir", c.dir);
	mb_ctx_str(o, "arrow", c.arrow);
	mb_ctx_str(o, "words", c.words);
	mb_ctx_bool(o, "is_new", !has_prev);
	/* New units sort below every change. */
	mb_ctx_int(o, "sort", has_prev ? c.delta : -1000000000);
	if (has_prev) {
		mb_ctx_count(o, "from", s->prev_rank);
		mb_ctx_ref(o, "from_period", J->P->m->periods[s->prev_period].label);
	}
	mb_ctx_count(o, "to", s->rank);
	mb_ctx_count(o, "delta", c.delta < 0 ? -c.delta : c.delta);
	return o;
}

cJSON *mb_ctx_rank_row(struct mb_page_job *J, cJSON *parent, const struct mb_index *ix,
                       const struct mb_scoreset *ss, const struct mb_score *s)
{
	const struct mb_unit *u = &J->P->m->units[s->unit];
	cJSON *o = mb_ctx_obj(parent, NULL);
	mb_ctx_count(o, "rank", s->rank);
	mb_ctx_int(o, "rank_sort", s->rank);
	mb_ctx_count(o, "of", (int64_t)ss->nranked[u->group]);
	mb_ctx_unit_link(J, o, "unit", s->unit);
	cJSON *pc = mb_ctx_obj(o, "percent");
	mb_buf_reset(&J->tmp);
	mb_page_put_percent(&J->tmp, s->total, s->max);
	mb_ctx_tmp(pc, "text", &J->tmp);
	mb_page_put_percent_raw(&J->tmp, s->total, s->max);
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

void mb_ctx_service(struct mb_page_job *J, cJSON *o, const struct mb_service *sv)
{
	mb_ctx_count(o, "carried_over", sv->carried_over);
	mb_ctx_count(o, "received", sv->received);
	mb_ctx_count(o, "received_online", sv->recv_online);
	mb_ctx_count(o, "resolved", sv->resolved);
	mb_ctx_count(o, "resolved_on_time", sv->early + sv->on_time);
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
	for (size_t i = 0; i < 5; i++)
		mb_ctx_rate(J, rates, NULL, mb_page_rate_of(sv, i));
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

/* ---- lookups ----------------------------------------------------------- */

const struct mb_score *mb_page_score(const struct mb_pages *P, size_t p, size_t i, int unit)
{
	const int *rows = P->score_row[p * P->m->nindices + i];
	if (!rows || unit < 0 || rows[unit] < 0)
		return NULL;
	return &P->m->periods[p].scores[i]->rows[rows[unit]];
}

const struct mb_service *mb_page_service(const struct mb_pages *P, size_t p, int unit)
{
	const int *rows = P->service_row[p];
	if (!rows || unit < 0 || rows[unit] < 0)
		return NULL;
	return &P->m->periods[p].services->rows[rows[unit]];
}

bool mb_page_score_has_criteria(const struct mb_index *ix, const struct mb_score *s)
{
	for (size_t c = 0; s->crit && c < ix->ncrit; c++)
		if (s->crit[c].state == MB_VAL_SET)
			return true;
	return false;
}

static int *unit_table(size_t nunits)
{
	int *t = mb_xreallocarray(NULL, nunits ? nunits : 1, sizeof *t);
	for (size_t u = 0; u < nunits; u++)
		t[u] = -1;
	return t;
}

/* Numbers criteria the way reports do: 1, 1.1, 1.2, 2 ... */
static void crit_code(const struct mb_index *ix, size_t c, mb_buf *b)
{
	const struct mb_criterion *cr = &ix->crit[c];
	const int *sib = cr->parent < 0 ? ix->top : ix->crit[cr->parent].children;
	size_t nsib = cr->parent < 0 ? ix->ntop : ix->crit[cr->parent].nchildren;
	size_t pos = 0;
	while (pos < nsib && (size_t)sib[pos] != c)
		pos++;
	if (cr->parent >= 0) {
		crit_code(ix, (size_t)cr->parent, b);
		mb_buf_putc(b, '.');
	}
	mb_buf_printf(b, "%zu", pos + 1);
}

static cJSON *build_crit_defs(const struct mb_index *ix)
{
	cJSON *arr = must(cJSON_CreateArray());
	mb_buf b;
	mb_buf_init(&b);
	for (size_t c = 0; c < ix->ncrit; c++) {
		const struct mb_criterion *cr = &ix->crit[c];
		cJSON *o = mb_ctx_obj(arr, NULL);
		mb_ctx_ref(o, "id", cr->id);
		mb_ctx_ref(o, "name", cr->name);
		crit_code(ix, c, &b);
		mb_ctx_tmp(o, "code", &b);
		mb_page_put_points(&b, cr->max);
		mb_ctx_tmp(o, "max", &b);
		mb_ctx_int(o, "depth", cr->depth);
		mb_ctx_bool(o, "top", cr->depth == 0);
	}
	mb_buf_release(&b);
	return arr;
}

static void build_lookups(struct mb_pages *P)
{
	const struct mb_model *m = P->m;
	size_t ni = m->nindices, np = m->nperiods;
	P->score_row = mb_xcalloc(np * ni + 1, sizeof *P->score_row);
	P->crit_defs = mb_xcalloc(ni + 1, sizeof *P->crit_defs);
	for (size_t i = 0; i < ni; i++)
		P->crit_defs[i] = build_crit_defs(&m->indices[i]);
	P->service_row = mb_xcalloc(np + 1, sizeof *P->service_row);
	P->index_latest = mb_xcalloc(ni + 1, sizeof *P->index_latest);
	for (size_t i = 0; i < ni; i++)
		P->index_latest[i] = -1;
	P->services_latest = -1;
	for (size_t p = 0; p < np; p++) {
		const struct mb_period *pe = &m->periods[p];
		for (size_t i = 0; pe->scores && i < ni; i++) {
			const struct mb_scoreset *ss = pe->scores[i];
			if (!ss)
				continue;
			int *t = unit_table(m->nunits);
			for (size_t r = 0; r < ss->nrows; r++)
				if (ss->rows[r].unit >= 0 && (size_t)ss->rows[r].unit < m->nunits)
					t[ss->rows[r].unit] = (int)r;
			P->score_row[p * ni + i] = t;
			P->index_latest[i] = (int)p;
		}
		if (pe->services) {
			int *t = unit_table(m->nunits);
			for (size_t r = 0; r < pe->services->nrows; r++)
				if (pe->services->rows[r].unit >= 0 &&
				    (size_t)pe->services->rows[r].unit < m->nunits)
					t[pe->services->rows[r].unit] = (int)r;
			P->service_row[p] = t;
			P->services_latest = (int)p;
		}
	}
	P->nnews = 0;
	while (P->nnews < m->npages && m->pages[P->nnews].date)
		P->nnews++;
	P->unit_own = mb_xcalloc(m->nunits + 1, sizeof *P->unit_own);
	P->group_counts = mb_xcalloc(m->ngroups + 1, sizeof *P->group_counts);
	for (size_t k = 0; k < m->nprocs; k++) {
		const struct mb_procedure *pr = &m->procs[k];
		for (size_t x = 0; x < pr->nunits; x++)
			P->unit_own[pr->units[x]]++;
		for (size_t x = 0; x < pr->ngroups; x++) {
			struct mb_page_counts *c = &P->group_counts[pr->groups[x]];
			c->all++;
			c->full += pr->online == MB_ONLINE_FULL;
			c->partial += pr->online == MB_ONLINE_PARTIAL;
			c->none += pr->online == MB_ONLINE_NONE;
		}
	}
}

/* ---- shared fragments -------------------------------------------------- */

static void build_site(struct mb_pages *P)
{
	const struct mb_site *s = &P->m->site;
	cJSON *o = must(cJSON_CreateObject());
	mb_ctx_ref(o, "title", s->title);
	mb_ctx_ref(o, "organisation", s->organisation);
	mb_ctx_ref(o, "base_url", P->base);
	mb_ctx_ref(o, "license", s->license);
	mb_ctx_ref(o, "language", "vi");
	mb_ctx_bool(o, "sample", s->sample);
	mb_ctx_ref(o, "published", P->published);
	if (s->email || s->phone || s->address) {
		cJSON *c = mb_ctx_obj(o, "contact");
		mb_ctx_ref(c, "email", s->email);
		mb_ctx_ref(c, "phone", s->phone);
		mb_ctx_ref(c, "address", s->address);
	}
	P->site = o;

	/* Column heads of service tables: each rate and its target. */
	cJSON *heads = must(cJSON_CreateArray());
	mb_buf b;
	mb_buf_init(&b);
	for (size_t i = 0; i < 5; i++) {
		cJSON *h = mb_ctx_obj(heads, NULL);
		mb_ctx_ref(h, "key", mb_page_rates[i].key);
		mb_ctx_ref(h, "name", mb_page_rates[i].name);
		mb_ctx_ref(h, "short_name", mb_page_rates[i].short_name);
		mb_ctx_ref(h, "explain", mb_page_rates[i].explain);
		int64_t target = *(const int64_t *)((const char *)&s->targets +
		                                    mb_page_rates[i].target_offset);
		if (target >= 0) {
			mb_page_put_target(&b, target);
			mb_ctx_tmp(h, "target", &b);
		} else {
			mb_ctx_bool(h, "target", false);
		}
	}
	mb_buf_release(&b);
	P->rate_heads = heads;
}

static const struct {
	enum mb_page_section sec;
	const char *label, *path;
} nav[] = {
	{MB_SEC_HOME, "Trang chủ", "index.html"},
	{MB_SEC_PERIODS, "Kết quả xếp hạng", "ky/index.html"},
	{MB_SEC_UNITS, "Cơ quan, đơn vị", "don-vi/index.html"},
	{MB_SEC_PROCS, "Thủ tục hành chính", "thu-tuc/index.html"},
	{MB_SEC_NEWS, "Tin tức", "tin-tuc/index.html"},
	{MB_SEC_DOWNLOADS, "Tải dữ liệu", "tai-ve/index.html"},
};

static int render_chrome(struct mb_pages *P, struct mb_page_job *J)
{
	int rc = 0;
	mb_buf out;
	mb_buf_init(&out);
	for (int d = 0; d < MB_DEPTHS; d++) {
		J->root = P->roots[d];
		for (int sec = 0; sec < MB_SEC_COUNT; sec++) {
			cJSON *ctx = must(cJSON_CreateObject());
			mb_ctx_ref(ctx, "root", J->root);
			mb_ctx_share(ctx, "site", P->site);
			cJSON *items = mb_ctx_arr(ctx, "nav");
			for (size_t k = 0; k < sizeof nav / sizeof nav[0]; k++) {
				cJSON *it = mb_ctx_obj(items, NULL);
				mb_ctx_ref(it, "label", nav[k].label);
				mb_ctx_href(J, it, "href", "%s", nav[k].path);
				mb_ctx_bool(it, "current", (int)nav[k].sec == sec);
			}
			mb_ctx_href(J, ctx, "home", "index.html");
			mb_buf_reset(&out);
			rc |= mb_page_render(P, "partials/header", ctx, &out);
			P->header[d][sec] = mb_xstrdup(out.data);
		}
		cJSON *ctx = must(cJSON_CreateObject());
		mb_ctx_ref(ctx, "root", J->root);
		mb_ctx_share(ctx, "site", P->site);
		cJSON *pages = mb_ctx_arr(ctx, "pages");
		for (size_t k = P->nnews; k < P->m->npages; k++) {
			cJSON *it = mb_ctx_obj(pages, NULL);
			mb_ctx_ref(it, "title", P->m->pages[k].title);
			mb_ctx_href(J, it, "href", "%s/index.html", P->m->pages[k].slug);
		}
		mb_ctx_bool(ctx, "has_pages", P->m->npages > P->nnews);
		mb_ctx_href(J, ctx, "downloads", "tai-ve/index.html");
		mb_buf_reset(&out);
		rc |= mb_page_render(P, "partials/footer", ctx, &out);
		P->footer[d] = mb_xstrdup(out.data);
	}
	mb_buf_release(&out);
	return rc;
}

/* The procedure table of each group, for the pages of its many units. */
static int render_group_procs(struct mb_pages *P, struct mb_page_job *J)
{
	const struct mb_model *m = P->m;
	int rc = 0;
	mb_buf out;
	mb_buf_init(&out);
	J->root = P->roots[2];
	P->group_procs = mb_xcalloc(m->ngroups + 1, sizeof *P->group_procs);
	for (size_t g = 0; g < m->ngroups; g++) {
		if (!P->group_counts[g].all)
			continue;
		cJSON *ctx = must(cJSON_CreateObject());
		mb_ctx_ref(ctx, "root", J->root);
		mb_ctx_procedure_fields(J, ctx, (int)g, -1);
		mb_buf_reset(&out);
		rc |= mb_page_render(P, "partials/procedures", ctx, &out);
		P->group_procs[g] = mb_xstrdup(out.data);
	}
	mb_buf_release(&out);
	return rc;
}

int mb_page_shared_init(struct mb_pages *P, const struct mb_model *m,
                        const struct mb_downloads *dl, const struct mb_tmpl_set *tmpl,
                        const char *tdir)
{
	memset(P, 0, sizeof *P);
	P->tdir = tdir;
	P->m = m;
	P->dl = dl;
	P->tmpl = tmpl;
	const char *latest = NULL;
	for (size_t p = 0; p < m->nperiods; p++)
		if (m->periods[p].published &&
		    (!latest || strcmp(m->periods[p].published, latest) > 0))
			latest = m->periods[p].published;
	if (latest) {
		mb_buf b;
		mb_buf_init(&b);
		mb_page_put_date(&b, latest);
		P->published = mb_buf_detach(&b, NULL);
		mb_buf_release(&b);
	}
	if (m->site.base_url && *m->site.base_url) {
		size_t n = strlen(m->site.base_url);
		P->base = mb_xmalloc(n + 2);
		memcpy(P->base, m->site.base_url, n + 1);
		if (P->base[n - 1] != '/')
			P->base[n] = '/', P->base[n + 1] = '\0';
	}
	P->roots[0] = mb_xstrdup("");
	P->roots[1] = mb_xstrdup("../");
	P->roots[2] = mb_xstrdup("../../");
	P->roots[3] = mb_xstrdup(P->base ? P->base : "");
	build_lookups(P);
	build_site(P);
	P->units_az = mb_page_units_az(m);
	P->runs = mb_page_field_runs(m, &P->nruns);

	struct mb_page_job J;
	mb_page_job_init(&J, P);
	int rc = render_chrome(P, &J);
	rc |= render_group_procs(P, &J);
	mb_page_job_release(&J);
	return rc;
}

void mb_page_shared_release(struct mb_pages *P)
{
	const struct mb_model *m = P->m;
	if (!m)
		return;
	for (size_t k = 0; P->score_row && k < m->nperiods * m->nindices; k++)
		free(P->score_row[k]);
	for (size_t i = 0; P->crit_defs && i < m->nindices; i++)
		cJSON_Delete(P->crit_defs[i]);
	free(P->crit_defs);
	for (size_t p = 0; P->service_row && p < m->nperiods; p++)
		free(P->service_row[p]);
	free(P->score_row);
	free(P->service_row);
	free(P->index_latest);
	free(P->unit_own);
	free(P->units_az);
	mb_page_field_runs_free(P->runs, P->nruns);
	free(P->group_counts);
	for (size_t g = 0; P->group_procs && g < m->ngroups; g++)
		free(P->group_procs[g]);
	free(P->group_procs);
	for (int d = 0; d < MB_DEPTHS; d++) {
		for (int s = 0; s < MB_SEC_COUNT; s++)
			free(P->header[d][s]);
		free(P->footer[d]);
		free(P->roots[d]);
	}
	cJSON_Delete(P->site);
	cJSON_Delete(P->rate_heads);
	free(P->published);
	free(P->base);
	memset(P, 0, sizeof *P);
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
}
