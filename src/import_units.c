/* import_units.c - which unit a row's name means: folded names, abbreviations, aliases, context. */
#include "import_priv.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/*
 * Every unit is looked up under its folded name (mb_fold_name) and each of
 * its aliases, and, failing that, under the same without the kind of unit
 * ("chánh mỹ" for "UBND phường Chánh Mỹ"), which a list of communes under
 * their district's heading often leaves out.  Many units share a name
 * (there is a "Xã Tân Hiệp" in many districts): the heading above the row
 * and the section it is in choose between them.
 */
struct uname {
	char *key;
	int unit;
	bool bare;     /* the name without its kind */
};

struct mb_unit_names {
	const struct mb_model *m;
	struct uname *v;
	size_t n, cap;
};

static int uname_cmp(const void *a, const void *b)
{
	const struct uname *x = a, *y = b;
	if (x->bare != y->bare)
		return x->bare ? 1 : -1;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

static void add_name(struct mb_unit_names *n, const char *name, int unit)
{
	char *full = mb_fold_name(name);
	const char *bare = mb_fold_bare(full);
	if (bare != full && *bare) {
		struct uname b = {mb_xstrdup(bare), unit, true};
		MB_PUSH(n->v, n->n, n->cap, b);
	}
	struct uname f = {full, unit, false};
	MB_PUSH(n->v, n->n, n->cap, f);
}

struct mb_unit_names *mb_unit_names_new(const struct mb_model *m)
{
	struct mb_unit_names *n = mb_xcalloc(1, sizeof *n);
	n->m = m;
	for (size_t u = 0; u < m->nunits; u++) {
		add_name(n, m->units[u].name, (int)u);
		for (size_t a = 0; a < m->units[u].naliases; a++)
			add_name(n, m->units[u].aliases[a], (int)u);
	}
	if (n->n)
		qsort(n->v, n->n, sizeof *n->v, uname_cmp);
	return n;
}

void mb_unit_names_free(struct mb_unit_names *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i].key);
	free(n->v);
	free(n);
}

/* The range [*lo, *hi) of entries with this key and bareness. */
static void range(const struct mb_unit_names *n, const char *key, bool bare, size_t *lo,
                  size_t *hi)
{
	struct uname probe = {(char *)key, -1, bare};
	size_t a = 0, b = n->n;
	while (a < b) {
		size_t mid = (a + b) / 2;
		if (uname_cmp(&n->v[mid], &probe) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < n->n && n->v[a].bare == bare && !strcmp(n->v[a].key, key))
		a++;
	*hi = a;
}

static bool descends(const struct mb_model *m, int u, int ancestor)
{
	for (int p = m->units[u].parent, guard = 0; p >= 0 && guard < 64;
	     p = m->units[p].parent, guard++)
		if (p == ancestor)
			return true;
	return false;
}

static bool under_level(const struct mb_model *m, int u, const struct mb_unit_ctx *c, int level)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->level[i] == level && descends(m, u, c->unit[i]))
			return true;
	return false;
}

/* Keeps the candidates under the innermost heading that has any, then
 * those of the group, if any is. */
static size_t narrow(const struct mb_model *m, int *cand, size_t n, int group,
                     const struct mb_unit_ctx *c)
{
	for (int level = c && c->n ? c->level[c->n - 1] : -1; level >= 0 && n > 1; level--) {
		size_t j = 0;
		for (size_t i = 0; i < n; i++)
			j += under_level(m, cand[i], c, level);
		if (!j)
			continue;
		j = 0;
		for (size_t i = 0; i < n; i++)
			if (under_level(m, cand[i], c, level))
				cand[j++] = cand[i];
		n = j;
		break;
	}
	size_t k = 0;
	for (size_t i = 0; group >= 0 && i < n; i++)
		k += m->units[cand[i]].group == group;
	if (k && k < n) {
		size_t j = 0;
		for (size_t i = 0; i < n; i++)
			if (m->units[cand[i]].group == group)
				cand[j++] = cand[i];
		n = j;
	}
	return n;
}

void mb_unit_ctx_enter(const struct mb_model *m, struct mb_unit_ctx *c, const int *units,
                       size_t n)
{
	size_t keep = 0;
	for (size_t i = 0; i < c->n; i++) {
		bool above = false;
		for (size_t k = 0; k < n && !above; k++)
			above = descends(m, units[k], c->unit[i]);
		if (!above)
			break; /* levels are outermost first: the rest is no longer above */
		keep = i + 1;
	}
	/* Units of one level are kept or left together. */
	while (keep > 0 && keep < c->n && c->level[keep] == c->level[keep - 1])
		keep++;
	c->n = keep;
	int level = keep ? c->level[keep - 1] + 1 : 0;
	for (size_t k = 0; k < n; k++) {
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 16;
			c->unit = mb_xreallocarray(c->unit, c->cap, sizeof *c->unit);
			c->level = mb_xreallocarray(c->level, c->cap, sizeof *c->level);
		}
		c->unit[c->n] = units[k];
		c->level[c->n++] = level;
	}
}

void mb_unit_ctx_release(struct mb_unit_ctx *c)
{
	free(c->unit);
	free(c->level);
	memset(c, 0, sizeof *c);
}

/* Distinct units of the entries [lo, hi), at most cap. */
static size_t units_of(const struct mb_unit_names *n, size_t lo, size_t hi, int *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = lo; i < hi; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = out[j] == n->v[i].unit;
		if (!dup && k < cap)
			out[k++] = n->v[i].unit;
	}
	return k;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

#define MAX_CAND 4096

size_t mb_unit_match(const struct mb_unit_names *n, const char *name, int group,
                     const struct mb_unit_ctx *ctx, int *out, size_t cap)
{
	char *key = mb_fold_name(name);
	int *cand = mb_xcalloc(MAX_CAND, sizeof *cand);
	size_t lo, hi, k = 0;
	if (*key) {
		range(n, key, false, &lo, &hi);
		k = units_of(n, lo, hi, cand, MAX_CAND);
		if (!k) {
			const char *bare = mb_fold_bare(key);
			range(n, bare, true, &lo, &hi);
			k = units_of(n, lo, hi, cand, MAX_CAND);
			if (!k && bare != key) {
				/* "Chánh Mỹ" written out where the unit is known bare */
				range(n, bare, false, &lo, &hi);
				k = units_of(n, lo, hi, cand, MAX_CAND);
			}
		}
	}
	k = narrow(n->m, cand, k, group, ctx);
	qsort(cand, k, sizeof *cand, int_cmp);
	for (size_t i = 0; i < k && i < cap; i++)
		out[i] = cand[i];
	free(cand);
	free(key);
	return k;
}

struct near {
	size_t dist;
	int unit;
	bool same_group;
};

static int near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	if (x->same_group != y->same_group)
		return x->same_group ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

size_t mb_unit_suggest(const struct mb_unit_names *n, const char *name, int group, mb_buf *out)
{
	const struct mb_model *m = n->m;
	char *key = mb_fold_name(name);
	const char *bare = mb_fold_bare(key);
	size_t len = mb_text_len(key);
	size_t limit = len / 3 > 2 ? len / 3 : 2;
	struct near *best = mb_xcalloc(m->nunits + 1, sizeof *best);
	for (size_t u = 0; u < m->nunits; u++)
		best[u] = (struct near){(size_t)-1, (int)u, m->units[u].group == group};
	for (size_t i = 0; i < n->n; i++) {
		const struct uname *e = &n->v[i];
		size_t d = mb_edit_distance(e->bare ? bare : key, e->key);
		if (d < best[e->unit].dist)
			best[e->unit].dist = d;
	}
	qsort(best, m->nunits, sizeof *best, near_cmp);
	size_t k = 0;
	for (size_t i = 0; i < m->nunits && k < 3 && best[i].dist <= limit; i++, k++) {
		const struct mb_unit *u = &m->units[best[i].unit];
		mb_buf_printf(out, "%s\"%s\" (%s)", k ? ", " : "", u->name, u->id);
	}
	free(best);
	free(key);
	return k;
}

/* Drops a leading section numeral ("I.", "II ", "A.") and "khối", "các". */
static const char *section_text(const char *folded)
{
	static const char *const numerals[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
		"ix", "x", "a", "b", "c", "d", "e", NULL};
	for (const char *const *r = numerals; *r; r++)
		if (mb_fold_starts(folded, *r)) {
			folded += strlen(*r);
			while (*folded == ' ')
				folded++;
			break;
		}
	static const char *const lead[] = {"khối", "các", "nhóm", "ubnd", NULL};
	for (const char *const *w = lead; *w; w++)
		if (mb_fold_starts(folded, *w)) {
			folded += strlen(*w);
			while (*folded == ' ')
				folded++;
		}
	return folded;
}

int mb_group_match(const struct mb_model *m, const char *text)
{
	char *f = mb_fold_name(text);
	const char *t = section_text(f);
	int found = -1;
	for (size_t g = 0; g < m->ngroups && found < 0 && *t; g++) {
		char *gf = mb_fold_name(m->groups[g].name);
		if (!strcmp(section_text(gf), t))
			found = (int)g;
		free(gf);
	}
	free(f);
	return found;
}
