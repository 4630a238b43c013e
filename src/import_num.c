/* import_num.c - the value of a spreadsheet cell: counts and points, in Vietnamese or plain notation. */
#include "import_priv.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"

/* Largest count accepted, as the loader does (a whole number up to 10^15). */
#define MAX_COUNT 1000000000000000LL

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * value = mantissa digits d[0..n) x 10^exp10, scaled to `scale` decimals.
 * Spreadsheets store numbers as doubles, written with up to 17 significant
 * digits (88.78 may arrive as "88.780000000000001"): with `tolerant`, a
 * value within a relative 10^-12 of one with `scale` decimals is that
 * value.  Typed text is taken exactly.  Returns MB_CV_VALUE, TOO_PRECISE or
 * TOO_LARGE.
 */
static enum mb_cv scale_digits(const char *d, size_t n, int exp10, int scale, bool tolerant,
                               int64_t *out)
{
	while (n > 0 && *d == '0') {
		d++;
		n--;
	}
	__int128 m = 0;
	size_t used = 0;
	for (; used < n && used < 36; used++)
		m = m * 10 + (d[used] - '0');
	exp10 += (int)(n - used); /* digits beyond 36 only matter as noise */
	if (n > used && !tolerant)
		return MB_CV_TOO_LARGE;
	int shift = exp10 + scale;
	if (m == 0) {
		*out = 0;
		return MB_CV_VALUE;
	}
	const __int128 limit = (__int128)MB_FX_LIMIT * 10;
	if (shift >= 0) {
		for (int i = 0; i < shift; i++) {
			if (m > limit)
				return MB_CV_TOO_LARGE;
			m *= 10;
		}
		if (m > limit)
			return MB_CV_TOO_LARGE;
		*out = (int64_t)m;
		return MB_CV_VALUE;
	}
	if (-shift > 36) /* smaller than any value with `scale` decimals */
		return tolerant ? (*out = 0, MB_CV_VALUE) : MB_CV_TOO_PRECISE;
	__int128 p = 1;
	for (int i = 0; i < -shift; i++)
		p *= 10;
	__int128 q = m / p, r = m % p;
	if (r == 0 || tolerant) {
		__int128 rounded = q + (2 * r >= p);
		__int128 resid = m - rounded * p;
		if (resid < 0)
			resid = -resid;
		/* resid / m <= 1e-12 (divided, so that nothing overflows) */
		if (r != 0 && resid > m / 1000000000000)
			return MB_CV_TOO_PRECISE;
		if (rounded > limit)
			return MB_CV_TOO_LARGE;
		*out = (int64_t)rounded;
		return MB_CV_VALUE;
	}
	return MB_CV_TOO_PRECISE;
}

/* A number cell's text: [-]digits[.digits][E[+-]digits], as stored in the file. */
static enum mb_cv parse_stored(const char *s, int scale, int64_t *out, bool *neg)
{
	*neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	char d[64];
	size_t n = 0;
	int exp10 = 0;
	bool any = false;
	for (; digit(*s); s++, any = true)
		if (n < sizeof d)
			d[n++] = *s;
		else
			exp10++;
	if (*s == '.') {
		for (s++; digit(*s); s++, any = true)
			if (n < sizeof d) {
				d[n++] = *s;
				exp10--;
			}
	}
	if (!any)
		return MB_CV_NOT_NUMBER;
	if (*s == 'e' || *s == 'E') {
		s++;
		int sign = 1, e = 0;
		if (*s == '-' || *s == '+')
			sign = *s++ == '-' ? -1 : 1;
		if (!digit(*s))
			return MB_CV_NOT_NUMBER;
		for (; digit(*s); s++)
			if (e < 10000)
				e = e * 10 + (*s - '0');
		exp10 += sign * e;
	}
	if (*s)
		return MB_CV_NOT_NUMBER;
	if (exp10 > 400 || exp10 < -400)
		return exp10 > 0 ? MB_CV_TOO_LARGE : (*out = 0, MB_CV_VALUE);
	return scale_digits(d, n, exp10, scale, true, out);
}

/* Copies s without the spaces that group digits ("1 510", "1 510,5"),
 * including no-break and thin spaces; returns false if a space is anywhere
 * else.  out has room for strlen(s) + 1 bytes. */
static bool drop_group_spaces(const char *s, char *out)
{
	size_t n = 0;
	while (*s) {
		size_t sp = 0;
		if (*s == ' ')
			sp = 1;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			sp = 2; /* U+00A0 */
		else if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		         ((unsigned char)s[2] == 0xAF || (unsigned char)s[2] == 0x89))
			sp = 3; /* U+202F, U+2009 */
		if (!sp) {
			out[n++] = *s++;
			continue;
		}
		/* A group separator has a digit before it and three after it. */
		if (n == 0 || !digit(out[n - 1]) || !digit(s[sp]) || !digit(s[sp + 1]) ||
		    !digit(s[sp + 2]) || digit(s[sp + 3]))
			return false;
		s += sp;
	}
	out[n] = '\0';
	return true;
}

/* Whether s is d{1,3}(SEP d{3})+ exactly. */
static bool grouped(const char *s, char sep)
{
	size_t lead = 0;
	while (digit(s[lead]))
		lead++;
	if (lead < 1 || lead > 3 || s[lead] != sep)
		return false;
	s += lead;
	while (*s == sep) {
		if (!digit(s[1]) || !digit(s[2]) || !digit(s[3]))
			return false;
		s += 4;
	}
	return *s == '\0';
}

/* Digits of s without the character sep, into out; returns how many. */
static size_t strip(const char *s, char sep, char *out)
{
	size_t n = 0;
	for (; *s; s++)
		if (*s != sep)
			out[n++] = *s;
	out[n] = '\0';
	return n;
}

/* An integer part and a fraction written with `point` (either may be grouped
 * by `group` in the integer part).  Returns the value scaled. */
static enum mb_cv decimal(const char *s, char point, char group, int scale, int64_t *out)
{
	const char *p = strchr(s, point);
	size_t ni = p ? (size_t)(p - s) : strlen(s);
	char ip[128], d[256];
	if (ni >= sizeof ip)
		return MB_CV_TOO_LARGE;
	memcpy(ip, s, ni);
	ip[ni] = '\0';
	if (group && strchr(ip, group) && !grouped(ip, group))
		return MB_CV_NOT_NUMBER;
	size_t n = strip(ip, group ? group : '\x01', d);
	if (n == 0)
		return MB_CV_NOT_NUMBER;
	int exp10 = 0;
	if (p) {
		const char *f = p + 1;
		if (!*f)
			return MB_CV_NOT_NUMBER;
		for (; *f; f++) {
			if (!digit(*f) || n >= sizeof d - 1)
				return digit(*f) ? MB_CV_TOO_PRECISE : MB_CV_NOT_NUMBER;
			d[n++] = *f;
			exp10--;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!digit(d[i]))
			return MB_CV_NOT_NUMBER;
	return scale_digits(d, n, exp10, scale, false, out);
}

/*
 * Typed text.  Vietnamese notation groups thousands with dots and writes
 * decimals after a comma ("1.510", "88,78"); plain notation writes decimals
 * after a dot ("88.78").  "1.510" reads both ways: in a count column only
 * 1510 is a count, but in a points column it is ambiguous.
 */
static void parse_typed(const char *t, bool points, struct mb_cellval *cv)
{
	int scale = points ? 4 : 0;
	bool neg = *t == '-' || *t == '+';
	bool minus = *t == '-';
	const char *s = neg ? t + 1 : t;
	char buf[256];
	if (strlen(s) >= sizeof buf || !drop_group_spaces(s, buf)) {
		cv->state = MB_CV_NOT_NUMBER;
		return;
	}
	s = buf;
	for (const char *p = s; *p; p++)
		if (!digit(*p) && *p != '.' && *p != ',') {
			cv->state = MB_CV_NOT_NUMBER;
			return;
		}
	size_t nd = 0, nc = 0;
	for (const char *p = s; *p; p++) {
		nd += *p == '.';
		nc += *p == ',';
	}
	int64_t v = 0, alt = 0;
	enum mb_cv st;
	if (nd == 0 && nc == 0) {
		st = decimal(s, '.', 0, scale, &v);
	} else if (nc == 0 && grouped(s, '.')) {
		st = decimal(s, '\x01', '.', scale, &v); /* Vietnamese thousands */
		if (points && nd == 1 && st == MB_CV_VALUE &&
		    decimal(s, '.', 0, scale, &alt) == MB_CV_VALUE) {
			cv->state = MB_CV_AMBIGUOUS;
			cv->v = v;
			cv->alt = alt;
			return;
		}
	} else if (nc == 0 && nd == 1) {
		st = decimal(s, '.', 0, scale, &v);       /* plain decimal point */
	} else if (nd == 0 && !points && grouped(s, ',')) {
		st = decimal(s, '\x01', ',', scale, &v);  /* 1,510 files: English thousands */
	} else if (nd == 0 && nc == 1) {
		st = decimal(s, ',', 0, scale, &v);       /* Vietnamese decimal comma */
	} else if (nd && nc && nc == 1 && strchr(s, ',') - s > strchr(s, '.') - s) {
		st = decimal(s, ',', '.', scale, &v);     /* 1.234,5 */
	} else if (nd && nc && nd == 1 && strchr(s, '.') - s > strchr(s, ',') - s) {
		st = decimal(s, '.', ',', scale, &v);     /* 1,234.5 */
	} else {
		st = MB_CV_NOT_NUMBER;
	}
	if (st == MB_CV_TOO_PRECISE && !points)
		st = MB_CV_NOT_WHOLE;
	if (st == MB_CV_VALUE && minus && v != 0)
		st = MB_CV_NEGATIVE;
	if (st == MB_CV_VALUE && !points && v > MAX_COUNT)
		st = MB_CV_TOO_LARGE;
	cv->state = st;
	cv->v = v;
}

/* Words that mean "not applicable" in a points column (folded). */
static bool not_applicable(const char *t)
{
	char *f = mb_fold(t);
	bool na = strcmp(f, "kad") == 0 || strcmp(f, "không áp dụng") == 0;
	free(f);
	return na;
}

/* Text without leading and trailing spaces (ASCII and no-break), copied. */
static char *trimmed(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	return mb_xstrndup(s, n);
}

void mb_cell_value(const struct mb_cell *c, bool points, struct mb_cellval *cv)
{
	memset(cv, 0, sizeof *cv);
	if (!c || c->type == MB_CELL_EMPTY) {
		cv->state = c && c->is_formula ? MB_CV_FORMULA_NO_VALUE : MB_CV_EMPTY;
		return;
	}
	switch (c->type) {
	case MB_CELL_ERROR: cv->state = MB_CV_ERROR; return;
	case MB_CELL_BOOL: cv->state = MB_CV_BOOL; return;
	case MB_CELL_NUMBER: {
		bool neg;
		cv->state = parse_stored(c->text, points ? 4 : 0, &cv->v, &neg);
		if (cv->state == MB_CV_TOO_PRECISE && !points)
			cv->state = MB_CV_NOT_WHOLE;
		if (cv->state == MB_CV_VALUE && neg && cv->v != 0)
			cv->state = MB_CV_NEGATIVE;
		if (cv->state == MB_CV_VALUE && !points && cv->v > MAX_COUNT)
			cv->state = MB_CV_TOO_LARGE;
		return;
	}
	default:
		break;
	}
	char *t = trimmed(c->text);
	if (!*t)
		cv->state = MB_CV_EMPTY;
	else if (!strcmp(t, "-") || !strcmp(t, "–") || !strcmp(t, "—"))
		cv->state = MB_CV_DASH;
	else if (points && not_applicable(t))
		cv->state = MB_CV_NA;
	else
		parse_typed(t, points, cv);
	free(t);
}

bool mb_cell_is_numeric(const struct mb_cell *c)
{
	struct mb_cellval cv;
	mb_cell_value(c, true, &cv);
	switch (cv.state) {
	case MB_CV_DASH: case MB_CV_VALUE: case MB_CV_NA: case MB_CV_NEGATIVE:
	case MB_CV_TOO_PRECISE: case MB_CV_TOO_LARGE: case MB_CV_AMBIGUOUS: case MB_CV_ERROR:
		return true;
	default:
		return false;
	}
}
