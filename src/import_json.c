/* import_json.c - the data file an import writes, and what changed against the one it replaces. */
#include "import_priv.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"
#include "i18n.h"

/* ---- writing -------------------------------------------------------------- */

static void indent(mb_buf *b, int n)
{
	mb_buf_putc(b, '\n');
	for (int i = 0; i < n; i++)
		mb_buf_puts(b, "  ");
}

/* "key": value pairs, one a line, as json.dump(indent=2) writes them. */
static void key(mb_buf *b, int level, bool *first, const char *k)
{
	if (!*first)
		mb_buf_putc(b, ',');
	*first = false;
	indent(b, level);
	mb_buf_json_str(b, k);
	mb_buf_puts(b, ": ");
}

static void count(mb_buf *b, int level, bool *first, const char *k, int64_t v)
{
	key(b, level, first, k);
	mb_buf_printf(b, "%lld", (long long)v);
}

static void points(mb_buf *b, int level, bool *first, const char *k, mb_fx v)
{
	key(b, level, first, k);
	mb_put_dec(b, v, 4);
}

/* An object of counts: "received": {"online": 1, ...}. */
static void counts(mb_buf *b, int level, bool *first, const char *k, const char *const *names,
                   const int64_t *v, size_t n)
{
	key(b, level, first, k);
	mb_buf_putc(b, '{');
	bool f = true;
	for (size_t i = 0; i < n; i++)
		count(b, level + 1, &f, names[i], v[i]);
	indent(b, level);
	mb_buf_putc(b, '}');
}

static void service_json(const struct mb_model *m, const struct mb_service *s, mb_buf *b)
{
	bool first = true;
	key(b, 3, &first, "unit");
	mb_buf_json_str(b, m->units[s->unit].id);
	count(b, 3, &first, "carried_over", s->carried_over);
	static const char *const recv[] = {"online", "direct", "postal"};
	static const char *const res[] = {"early", "on_time", "late"};
	static const char *const pend[] = {"in_time", "overdue"};
	int64_t rv[] = {s->recv_online, s->recv_direct, s->recv_postal};
	int64_t sv[] = {s->early, s->on_time, s->late};
	int64_t pv[] = {s->pend_in_time, s->pend_overdue};
	counts(b, 3, &first, "received", recv, rv, 3);
	counts(b, 3, &first, "resolved", res, sv, 3);
	counts(b, 3, &first, "pending", pend, pv, 2);
	if (s->has_withdrawn)
		count(b, 3, &first, "withdrawn", s->withdrawn);
	if (s->has_payments) {
		static const char *const pay[] = {"online", "total", "online_amount_vnd"};
		int64_t v[] = {s->pay_online, s->pay_total, s->pay_amount_vnd};
		counts(b, 3, &first, "payments", pay, v, s->has_pay_amount ? 3 : 2);
	}
	if (s->has_digitized)
		count(b, 3, &first, "digitized", s->digitized);
	if (s->has_satisfaction) {
		static const char *const sat[] = {"responses", "satisfied"};
		int64_t v[] = {s->sat_responses, s->sat_satisfied};
		counts(b, 3, &first, "satisfaction", sat, v, 2);
	}
}

static void score_json(const struct mb_model *m, const struct mb_index *ix,
                       const struct mb_score *s, mb_buf *b)
{
	bool first = true;
	key(b, 3, &first, "unit");
	mb_buf_json_str(b, m->units[s->unit].id);
	bool any = false;
	for (size_t k = 0; k < ix->ncrit; k++)
		any = any || s->crit[k].state != MB_VAL_ABSENT;
	if (any) {
		key(b, 3, &first, "criteria");
		mb_buf_putc(b, '{');
		bool f = true;
		for (size_t k = 0; k < ix->ncrit; k++) {
			if (s->crit[k].state == MB_VAL_SET) {
				points(b, 4, &f, ix->crit[k].id, s->crit[k].v);
			} else if (s->crit[k].state == MB_VAL_NA) {
				key(b, 4, &f, ix->crit[k].id);
				mb_buf_puts(b, "null");
			}
		}
		indent(b, 3);
		mb_buf_putc(b, '}');
	}
	if (s->has_total)
		points(b, 3, &first, "total", s->given_total);
	if (s->has_max)
		points(b, 3, &first, "max", s->given_max);
	if (s->official_rank)
		count(b, 3, &first, "rank", s->official_rank);
}

void mb_imp_json(const struct mb_model *m, const struct mb_imp_table *t, const char *published,
                 mb_buf *out)
{
	mb_buf_putc(out, '{');
	bool first = true;
	if (published) {
		key(out, 1, &first, "published");
		mb_buf_json_str(out, published);
	}
	key(out, 1, &first, t->index < 0 ? "services" : "scores");
	mb_buf_putc(out, '[');
	bool any = false;
	for (size_t u = 0; u < t->nunits; u++) {
		if (t->row_of[u] < 0)
			continue;
		if (any)
			mb_buf_putc(out, ',');
		any = true;
		indent(out, 2);
		mb_buf_putc(out, '{');
		if (t->index < 0)
			service_json(m, &t->svc[u], out);
		else
			score_json(m, &m->indices[t->index], &t->sc[u], out);
		indent(out, 2);
		mb_buf_putc(out, '}');
	}
	if (any)
		indent(out, 1);
	mb_buf_putc(out, ']');
	indent(out, 0);
	mb_buf_puts(out, "}\n");
}

/* ---- comparing -------------------------------------------------------------- */

/* One figure of a row: "received.online" = 1200, or null.  Its path is
 * interned (struct names): the same path is the same pointer. */
struct fig {
	const char *path;
	bool null;
	__int128 v;   /* in 1/10000 */
};

/* The paths of both files, each once: a national table has some 750,000
 * figures and a few dozen paths. */
#define NAMES_SLOTS 4096
struct names {
	char *slot[NAMES_SLOTS];
	size_t n;
};

static const char *intern(struct names *t, const char *path)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		h = (h ^ *c) * 16777619u;
	for (size_t i = h % NAMES_SLOTS, k = 0; k < NAMES_SLOTS; i = (i + 1) % NAMES_SLOTS, k++) {
		if (!t->slot[i]) {
			if (t->n + 1 >= NAMES_SLOTS)
				break;
			t->n++;
			return t->slot[i] = mb_xstrdup(path);
		}
		if (!strcmp(t->slot[i], path))
			return t->slot[i];
	}
	return NULL; /* more paths than any file has: the figure is left out */
}

static void names_free(struct names *t)
{
	for (size_t i = 0; i < NAMES_SLOTS; i++)
		free(t->slot[i]);
	free(t);
}

struct row {
	int unit;
	struct fig *f;
	size_t n, cap;
};

static void flatten(struct names *t, const cJSON *o, const char *prefix, struct row *r)
{
	for (const cJSON *c = o->child; c; c = c->next) {
		if (!c->string || (!*prefix && !strcmp(c->string, "unit")))
			continue;
		char *path = *prefix ? mb_strf("%s.%s", prefix, c->string) : mb_xstrdup(c->string);
		if (cJSON_IsObject(c)) {
			flatten(t, c, path, r);
			free(path);
			continue;
		}
		const char *name = intern(t, path);
		free(path);
		if (!name)
			continue;
		struct fig f = {name, cJSON_IsNull(c), 0};
		mb_fx x;
		double d = cJSON_IsNumber(c) ? c->valuedouble : 0;
		if (cJSON_IsNumber(c) && d == floor(d) && fabs(d) < 9e15)
			f.v = (__int128)(int64_t)d * MB_FX_ONE; /* counts: exact */
		else if (cJSON_IsNumber(c) && mb_fx_from_double(d, &x))
			f.v = x;
		else if (!cJSON_IsNull(c))
			continue;
		MB_PUSH(r->f, r->n, r->cap, f);
	}
}

/* The rows of a data file by unit; false when it is not one. */
static bool rows_of(const struct mb_model *m, struct names *t, const char *text, bool services,
                    struct row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	cJSON *root = cJSON_Parse(text);
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, services ? "services" : "scores");
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(root);
		return false;
	}
	struct row *rows = mb_xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *rows);
	const cJSON *e;
	cJSON_ArrayForEach(e, arr) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "unit");
		int unit = cJSON_IsString(u) ? mb_model_find_unit(m, u->valuestring) : -1;
		if (unit < 0 || !cJSON_IsObject(e))
			continue;
		rows[*n].unit = unit;
		flatten(t, e, "", &rows[*n]);
		(*n)++;
	}
	cJSON_Delete(root);
	*out = rows;
	return true;
}

static void rows_free(struct row *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].f);
	free(r);
}

/* Rows by unit (model->nunits entries, NULL where none), for lookups. */
static const struct row **by_unit(const struct mb_model *m, const struct row *r, size_t n)
{
	const struct row **v = mb_xcalloc(m->nunits + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[r[i].unit] = &r[i];
	return v;
}

static const struct fig *find_fig(const struct row *r, const char *path)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->f[i].path == path)
			return &r->f[i];
	return NULL;
}

struct change {
	int unit;
	const char *path;
	const struct fig *old, *now;
	__int128 size;  /* |now - old|, for ordering */
};

static int change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* What a press officer calls a figure: the form's header, a criterion's number and name. */
static void fig_name(const struct mb_model *m, int index, const char *path, mb_buf *b)
{
	if (index < 0) {
		for (int f = 1; f < MB_SF_FIRST_DERIVED; f++) {
			if (strcmp(mb_sfields[f].json, path))
				continue;
			if (mb_sfields[f].group)
				mb_buf_printf(b, "%s › ", mb_sfields[f].group);
			mb_buf_puts(b, mb_sfields[f].label);
			return;
		}
	} else if (!strncmp(path, "criteria.", 9)) {
		const struct mb_index *ix = &m->indices[index];
		int k = mb_index_find_crit(ix, path + 9);
		if (k >= 0) {
			mb_buf_printf(b, "%s. %s", ix->crit[k].code, ix->crit[k].name);
			return;
		}
	} else if (!strcmp(path, "total")) {
		mb_buf_puts(b, _("total points"));
		return;
	} else if (!strcmp(path, "max")) {
		mb_buf_puts(b, _("applicable maximum"));
		return;
	} else if (!strcmp(path, "rank")) {
		mb_buf_puts(b, _("official rank"));
		return;
	}
	mb_buf_puts(b, path);
}

/* A fixed-point value of up to 18 digits, or the word for none. */
static void put_fx(mb_buf *b, __int128 v)
{
	if (v > INT64_MAX / 2 || v < INT64_MIN / 2)
		mb_buf_puts(b, "?");
	else
		mb_put_dec(b, (int64_t)v, 4);
}

static void fig_value(const struct fig *f, mb_buf *b)
{
	if (!f)
		mb_buf_puts(b, _("(none)"));
	else if (f->null)
		mb_buf_puts(b, "KAD");
	else
		put_fx(b, f->v);
}

/* Names of units, up to 10, then how many more. */
static void unit_list(const struct mb_model *m, const int *u, size_t n, mb_buf *b)
{
	for (size_t i = 0; i < n && i < 10; i++)
		mb_buf_printf(b, "%s%s", i ? ", " : "", m->units[u[i]].name);
	if (n > 10)
		mb_buf_printf(b, _(" and %zu more"), n - 10);
}

#define LARGEST 10

void mb_imp_diff(const struct mb_model *m, int index, const char *path, const char *old,
                 const char *now, mb_buf *out)
{
	struct row *nr, *or = NULL;
	size_t nn, on = 0;
	bool services = index < 0;
	struct names *t = mb_xcalloc(1, sizeof *t);
	rows_of(m, t, now, services, &nr, &nn);
	if (!old) {
		mb_buf_printf(out, _("%s: a new file with %zu units\n"), path, nn);
		rows_free(nr, nn);
		names_free(t);
		return;
	}
	if (!rows_of(m, t, old, services, &or, &on)) {
		mb_buf_printf(out, _("%s: %zu units; the file it replaces could not be read, so "
		              "nothing can be compared\n"), path, nn);
		rows_free(nr, nn);
		names_free(t);
		return;
	}
	int *added = mb_xcalloc(nn + 1, sizeof *added), *removed = mb_xcalloc(on + 1, sizeof *removed);
	int *changed = mb_xcalloc(nn + 1, sizeof *changed);
	size_t na = 0, nrm = 0, nc = 0, nch = 0, capch = 0;
	struct change *ch = NULL;
	const struct row **old_of = by_unit(m, or, on), **new_of = by_unit(m, nr, nn);
	for (size_t i = 0; i < nn; i++) {
		const struct row *o = old_of[nr[i].unit];
		if (!o) {
			added[na++] = nr[i].unit;
			continue;
		}
		bool diff = false;
		/* Figures now, then figures that are gone. */
		for (size_t pass = 0; pass < 2; pass++) {
			const struct row *a = pass ? o : &nr[i], *b = pass ? &nr[i] : o;
			for (size_t k = 0; k < a->n; k++) {
				const struct fig *fa = &a->f[k], *fb = find_fig(b, fa->path);
				if (pass && fb)
					continue;
				const struct fig *fo = pass ? fa : fb, *fn = pass ? fb : fa;
				if (fo && fn && fo->null == fn->null && fo->v == fn->v)
					continue;
				diff = true;
				__int128 d = (fn && !fn->null ? fn->v : 0) - (__int128)(fo && !fo->null ? fo->v : 0);
				struct change c = {nr[i].unit, fa->path, fo, fn, d < 0 ? -d : d};
				MB_PUSH(ch, nch, capch, c);
			}
		}
		if (diff)
			changed[nc++] = nr[i].unit;
	}
	for (size_t i = 0; i < on; i++)
		if (!new_of[or[i].unit])
			removed[nrm++] = or[i].unit;
	if (!na && !nrm && !nc) {
		mb_buf_printf(out, _("%s: %zu units, nothing changed\n"), path, nn);
	} else {
		mb_buf_printf(out, _("%s: %zu units (%zu before): %zu added, %zu removed, %zu changed\n"),
		              path, nn, on, na, nrm, nc);
		if (na) {
			mb_buf_puts(out, _("  added: "));
			unit_list(m, added, na, out);
			mb_buf_putc(out, '\n');
		}
		if (nrm) {
			mb_buf_puts(out, _("  removed: "));
			unit_list(m, removed, nrm, out);
			mb_buf_putc(out, '\n');
		}
		if (nc) {
			mb_buf_puts(out, _("  changed: "));
			unit_list(m, changed, nc, out);
			mb_buf_putc(out, '\n');
		}
		if (nch) {
			qsort(ch, nch, sizeof *ch, change_cmp);
			mb_buf_puts(out, _("  largest changes:\n"));
			for (size_t i = 0; i < nch && i < LARGEST; i++) {
				mb_buf_printf(out, "    %s, ", m->units[ch[i].unit].name);
				fig_name(m, index, ch[i].path, out);
				mb_buf_puts(out, ": ");
				fig_value(ch[i].old, out);
				mb_buf_puts(out, " -> ");
				fig_value(ch[i].now, out);
				if (ch[i].old && ch[i].now && !ch[i].old->null && !ch[i].now->null) {
					mb_buf_puts(out, " (");
					if (ch[i].now->v > ch[i].old->v)
						mb_buf_putc(out, '+');
					put_fx(out, ch[i].now->v - ch[i].old->v);
					mb_buf_putc(out, ')');
				}
				mb_buf_putc(out, '\n');
			}
		}
	}
	free(old_of);
	free(new_of);
	free(ch);
	free(added);
	free(removed);
	free(changed);
	rows_free(nr, nn);
	rows_free(or, on);
	names_free(t);
}
