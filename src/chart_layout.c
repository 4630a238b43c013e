/* chart_layout.c - chart layout arithmetic: scales, tick steps, text fitting, row reduction. */
#include "chart_priv.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"

static const char ellipsis[] = "\xE2\x80\xA6";  /* … */

int mb_chart_scale_px(int64_t v, int64_t full, int width)
{
	if (v <= 0 || full <= 0)
		return 0;
	if (v >= full)
		return width;
	return (int)mb_div_round((__int128)v * width, full);
}

int64_t mb_chart_nice_step(int64_t range, int max_ticks)
{
	if (range <= 0 || max_ticks < 1)
		return 1;
	int64_t raw = (range + max_ticks - 1) / max_ticks;
	for (int64_t p = 1;; p *= 10) {
		if (p >= raw)
			return p;
		if (2 * p >= raw)
			return 2 * p;
		if (5 * p >= raw)
			return 5 * p;
		if (p > INT64_MAX / 100)
			return raw;
	}
}

static int width_of(const struct mb_chart_measure *m, const char *s, size_t n)
{
	return n ? m->width(m->ctx, s, n) : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The longest prefix of s (n bytes, cut at a codepoint) no wider than
 * maxw; widths grow with length, so a binary search over codepoint
 * boundaries finds it. */
static size_t longest_prefix(const struct mb_chart_measure *m, const char *s, size_t n, int maxw)
{
	size_t *cuts = mb_xmalloc((n + 1) * sizeof *cuts), ncut = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += mb_chart_utf8(s + i, n - i, &cp);
		cuts[ncut++] = i;
	}
	size_t lo = 0, hi = ncut;  /* answer: how many cuts fit */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		if (width_of(m, s, cuts[mid - 1]) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t len = lo ? cuts[lo - 1] : 0;
	free(cuts);
	return len;
}

struct mb_chart_span mb_chart_fit(const struct mb_chart_measure *m, const char *s,
                                  size_t n, int maxw)
{
	struct mb_chart_span sp = {0, n, false};
	if (width_of(m, s, n) <= maxw)
		return sp;
	int room = maxw - width_of(m, ellipsis, sizeof ellipsis - 1);
	size_t len = room > 0 ? longest_prefix(m, s, n, room) : 0;
	/* "Sở Tư …" or "kinh tế -…" read worse than "Sở Tư…": drop spaces,
	 * commas and dashes before the cut. */
	for (;;) {
		if (len > 0 && (is_space(s[len - 1]) || s[len - 1] == ',' || s[len - 1] == '-'))
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xE2\x80\x93", 3))  /* – */
			len -= 3;
		else
			break;
	}
	sp.len = len;
	sp.ellipsis = true;
	return sp;
}

static size_t skip_spaces(const char *s, size_t n, size_t p)
{
	while (p < n && is_space(s[p]))
		p++;
	return p;
}

/* End of the longest run of whole words from p that fits maxw, or p.
 * Widths grow with the words taken, so a binary search over word ends
 * measures a few prefixes rather than every one. */
static size_t words_that_fit(const struct mb_chart_measure *m, const char *s, size_t n,
                             size_t p, int maxw)
{
	size_t *ends = mb_xmalloc((n - p + 1) * sizeof *ends), nend = 0;
	for (size_t q = p; q < n;) {
		size_t we = q;
		while (we < n && !is_space(s[we]))
			we++;
		ends[nend++] = we;
		q = skip_spaces(s, n, we);
	}
	size_t lo = 0, hi = nend;  /* answer: how many words fit */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		if (width_of(m, s + p, ends[mid - 1] - p) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t end = lo ? ends[lo - 1] : p;
	free(ends);
	return end;
}

int mb_chart_wrap(const struct mb_chart_measure *m, const char *s, int maxw,
                  int maxlines, struct mb_chart_span *lines)
{
	size_t n = 0;
	while (s[n])
		n++;
	int nl = 0;
	size_t p = skip_spaces(s, n, 0);
	while (p < n && nl < maxlines) {
		size_t rest = n;
		while (rest > p && is_space(s[rest - 1]))
			rest--;
		if (nl == maxlines - 1) {
			struct mb_chart_span sp = mb_chart_fit(m, s + p, rest - p, maxw);
			sp.off += p;
			lines[nl++] = sp;
			break;
		}
		size_t end = words_that_fit(m, s, n, p, maxw);
		if (end == p) {
			/* One word wider than the line: break it where it must. */
			end = p + longest_prefix(m, s + p, rest - p, maxw);
			if (end == p) {
				uint32_t cp;
				end = p + mb_chart_utf8(s + p, n - p, &cp);
			}
		}
		lines[nl].off = p;
		lines[nl].len = end - p;
		lines[nl].ellipsis = false;
		nl++;
		p = skip_spaces(s, n, end);
	}
	return nl;
}

void mb_chart_keep(size_t n, size_t whole, size_t keep, size_t *head, size_t *tail)
{
	if (n <= whole || 2 * keep >= n) {
		*head = n;
		*tail = 0;
	} else {
		*head = keep;
		*tail = keep;
	}
}

void mb_chart_rank_plan(const struct mb_chart_ranking *c, struct mb_chart_rank_plan *p)
{
	mb_chart_keep(c->nrows, MB_CHART_RANK_WHOLE, MB_CHART_RANK_KEEP, &p->head, &p->tail);
	/* Never cut between units of one rank: drawing some of them by list
	 * order would say something the data does not.  The cut moves back to
	 * where the rank changes (the units left out are counted). */
	if (p->tail) {
		while (p->head > 0 && c->rows[p->head - 1].rank == c->rows[p->head].rank)
			p->head--;
		size_t from = c->nrows - p->tail;
		while (p->tail > 0 && c->rows[from - 1].rank == c->rows[from].rank) {
			p->tail--;
			from++;
		}
	}
	p->omitted = c->nrows - p->head - p->tail;
	p->nbands = c->nbands;
	p->band_count = mb_xcalloc(c->nbands + 1, sizeof *p->band_count);
	for (size_t i = 0; i < c->nrows; i++) {
		int b = c->rows[i].band;
		p->band_count[b >= 0 && (size_t)b < c->nbands ? (size_t)b : c->nbands]++;
	}
}

void mb_chart_rank_plan_release(struct mb_chart_rank_plan *p)
{
	free(p->band_count);
	p->band_count = NULL;
	p->nbands = 0;
}
