/* suggest.c - the ids closest to one that is unknown, by edit distance. */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "text.h"

struct near {
	size_t dist, order;
};

static int near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist < y->dist ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

size_t mb_suggest(const struct mb_diags *d, const char *word, const char *const *cand, size_t n,
                  mb_buf *out)
{
	if ((d && d->n >= MB_SUGGEST_MAX) || !word || !*word || !n)
		return 0;
	size_t len = mb_text_len(word);
	size_t limit = len / 3 > 2 ? len / 3 : 2;
	struct near *v = mb_xcalloc(n, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cand[i] || !strcmp(cand[i], word))
			continue;
		/* Lengths that differ by more than the limit cannot be within it:
		 * most candidates are dismissed without a distance. */
		size_t cl = mb_text_len(cand[i]);
		if ((cl > len ? cl - len : len - cl) > limit)
			continue;
		size_t dist = mb_edit_distance(word, cand[i]);
		if (dist <= limit)
			v[k++] = (struct near){dist, i};
	}
	qsort(v, k, sizeof *v, near_cmp);
	/* Only the closest: "huyen-b" for "huyen-bb", not "huyen-a" too. */
	size_t shown = 0;
	while (shown < k && shown < 3 && v[shown].dist == v[0].dist)
		shown++;
	for (size_t i = 0; i < shown; i++)
		mb_buf_printf(out, "%s%s", i ? ", " : "", cand[v[i].order]);
	free(v);
	return shown;
}

/* Gathers the ids of n records `size` bytes apart, the id at byte id_off. */
static size_t suggest_in(const struct mb_diags *d, const char *word, const void *records,
                         size_t n, size_t size, size_t id_off, mb_buf *out)
{
	if ((d && d->n >= MB_SUGGEST_MAX) || !n)
		return 0;
	const char **ids = mb_xcalloc(n, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		memcpy(&ids[i], (const char *)records + i * size + id_off, sizeof ids[i]);
	size_t k = mb_suggest(d, word, ids, n, out);
	free(ids);
	return k;
}

size_t mb_suggest_unit(const struct mb_diags *d, const struct mb_model *m, const char *id,
                       mb_buf *out)
{
	return suggest_in(d, id, m->units, m->nunits, sizeof *m->units,
	                  offsetof(struct mb_unit, id), out);
}

size_t mb_suggest_group(const struct mb_diags *d, const struct mb_model *m, const char *id,
                        mb_buf *out)
{
	return suggest_in(d, id, m->groups, m->ngroups, sizeof *m->groups,
	                  offsetof(struct mb_group, id), out);
}

size_t mb_suggest_index(const struct mb_diags *d, const struct mb_model *m, const char *id,
                        mb_buf *out)
{
	return suggest_in(d, id, m->indices, m->nindices, sizeof *m->indices,
	                  offsetof(struct mb_index, id), out);
}

size_t mb_suggest_crit(const struct mb_diags *d, const struct mb_index *ix, const char *id,
                       mb_buf *out)
{
	return suggest_in(d, id, ix->crit, ix->ncrit, sizeof *ix->crit,
	                  offsetof(struct mb_criterion, id), out);
}
