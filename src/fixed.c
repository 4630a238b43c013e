/* fixed.c - exact fixed-point arithmetic, rounding and number formatting. */
#include "fixed.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool mb_fx_from_double(double d, mb_fx *out)
{
	if (!isfinite(d) || fabs(d) > (double)MB_FX_LIMIT / MB_FX_ONE)
		return false;
	double scaled = d * MB_FX_ONE;
	double r = round(scaled);
	/* Relative slack for the binary representation of 4-decimal values. */
	double slack = fabs(scaled) * 4e-16 + 1e-6;
	if (fabs(scaled - r) > slack)
		return false;
	*out = (mb_fx)r;
	return true;
}

int64_t mb_div_round(__int128 num, __int128 den)
{
	if (den < 0) {
		num = -num;
		den = -den;
	}
	__int128 q = num / den, r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return (int64_t)q;
}

static __int128 pow10x(int n)
{
	__int128 p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

int64_t mb_round(__int128 num, __int128 den, int decimals)
{
	return mb_div_round(num * pow10x(decimals), den);
}

/* q x 10^decimals rounded half away from zero, as mb_round does for an
 * int64 ratio (the means' exact values are too large for that). */
int64_t mb_round_q(const mpq_t q, int decimals)
{
	mpz_t n, r;
	mpz_init(n);
	mpz_init(r);
	mpz_ui_pow_ui(n, 10, (unsigned long)decimals);
	mpz_mul(n, n, mpq_numref(q));
	mpz_tdiv_qr(n, r, n, mpq_denref(q));
	mpz_abs(r, r);
	mpz_mul_2exp(r, r, 1);
	if (mpz_cmp(r, mpq_denref(q)) >= 0) {
		if (mpq_sgn(q) < 0)
			mpz_sub_ui(n, n, 1);
		else
			mpz_add_ui(n, n, 1);
	}
	int64_t v = mpz_get_si(n);
	mpz_clear(n);
	mpz_clear(r);
	return v;
}

int mb_ratio_cmp(int64_t a, int64_t b, int64_t c, int64_t d)
{
	__int128 l = (__int128)a * d, r = (__int128)c * b;
	return (l > r) - (l < r);
}

static int64_t pow10i(int n)
{
	int64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* Digits of n, most significant first, into the end of tmp; returns the
 * first.  Hand-written rather than printf: the downloads print millions of
 * numbers, and printf's parsing of the format was a tenth of their time. */
static char *digits_of(uint64_t n, char *end)
{
	char *p = end;
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	return p;
}

void mb_put_dec(mb_buf *b, int64_t v, int scale)
{
	uint64_t p = (uint64_t)pow10i(scale);
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char tmp[48], *end = tmp + sizeof tmp;
	char *s = digits_of(a / p, end - 24);
	if (v < 0)
		*--s = '-';
	mb_buf_put(b, s, (size_t)(end - 24 - s));
	uint64_t frac = a % p;
	if (!frac)
		return;
	/* scale digits with leading zeros, trailing zeros dropped */
	char *f = end;
	for (int i = 0; i < scale; i++) {
		*--f = (char)('0' + frac % 10);
		frac /= 10;
	}
	size_t n = (size_t)scale;
	while (n > 0 && f[n - 1] == '0')
		n--;
	mb_buf_putc(b, '.');
	mb_buf_put(b, f, n);
}

static void put_grouped(mb_buf *b, uint64_t n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)n);
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			mb_buf_putc(b, '.');
		mb_buf_putc(b, tmp[i]);
	}
}

static void put_vi(mb_buf *b, int64_t v, int scale, bool trim)
{
	int64_t p = pow10i(scale);
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (v < 0)
		mb_buf_putc(b, '-');
	put_grouped(b, a / (uint64_t)p);
	if (scale == 0)
		return;
	char digits[24];
	snprintf(digits, sizeof digits, "%0*llu", scale, (unsigned long long)(a % (uint64_t)p));
	size_t n = (size_t)scale;
	if (trim)
		while (n > 0 && digits[n - 1] == '0')
			n--;
	if (n == 0)
		return;
	mb_buf_putc(b, ',');
	mb_buf_put(b, digits, n);
}

void mb_put_vi(mb_buf *b, int64_t v, int scale)
{
	put_vi(b, v, scale, false);
}

void mb_put_vi_trim(mb_buf *b, int64_t v, int scale)
{
	put_vi(b, v, scale, true);
}

void mb_put_exact(mb_buf *b, __int128 num, __int128 den, int shift, int decimals,
                  enum mb_num_style style)
{
	int64_t v = mb_round(num * pow10x(shift), den, decimals);
	mb_put_num(b, v, decimals, style);
}

/* Plain, as mb_put_dec, but with every one of the scale decimals: a
 * message shows "91.70%" where the page shows "91,70%". */
static void put_plain_all(mb_buf *b, int64_t v, int scale)
{
	size_t at = b->len;
	mb_put_dec(b, v, scale);
	if (scale <= 0)
		return;
	const char *dot = memchr(b->data + at, '.', b->len - at);
	size_t have = dot ? b->len - (size_t)(dot - b->data) - 1 : 0;
	if (!dot)
		mb_buf_putc(b, '.');
	for (; have < (size_t)scale; have++)
		mb_buf_putc(b, '0');
}

void mb_put_num(mb_buf *b, int64_t v, int scale, enum mb_num_style style)
{
	if (style == MB_NUM_VI)
		mb_put_vi(b, v, scale);
	else
		put_plain_all(b, v, scale);
}
