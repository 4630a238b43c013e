/* fixed.h - exact fixed-point numbers (1/10000) and their formatting. */
#ifndef MB_FIXED_H
#define MB_FIXED_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* A score value in ten-thousandths: 9.07 is 90700.  Never a float. */
typedef int64_t mb_fx;
#define MB_FX_ONE 10000
/* Largest magnitude a data value may have (10^12), so products fit in 128 bits. */
#define MB_FX_LIMIT ((int64_t)1000000000000 * MB_FX_ONE)

/*
 * Converts a JSON number to fixed point.  Returns false when d is not finite,
 * beyond MB_FX_LIMIT, or carries more than 4 decimals (JSON numbers reach us
 * as doubles; a value written with <= 4 decimals is within 1e-6 of an exact
 * multiple of 1/10000 at any magnitude we accept).
 */
bool mb_fx_from_double(double d, mb_fx *out);

/* num / den rounded half away from zero (den != 0). */
int64_t mb_div_round(__int128 num, __int128 den);

/* Percentage of total over max in 1/10000 percent: 81.3333% -> 813333. */
int64_t mb_percent4(mb_fx total, mb_fx max);
/* Rate num/den as a fraction in millionths, rounded: 0.991501 -> 991501. */
int64_t mb_rate6(int64_t num, int64_t den);
/* Exact comparison of a/b with c/d (b, d > 0): -1, 0, 1. */
int mb_ratio_cmp(int64_t a, int64_t b, int64_t c, int64_t d);

/*
 * Plain decimal (dot, no grouping, trailing zeros trimmed) of a value with
 * `scale` decimals: mb_put_dec(b, 876400, 4) -> "87.64"; (b, 991501, 6) ->
 * "0.991501".  This is how JSON, CSV and data files print numbers.
 */
void mb_put_dec(mb_buf *b, int64_t v, int scale);

/*
 * Vietnamese display: dot thousands, decimal comma, exactly `decimals`
 * digits after rounding half away from zero from a value with `scale`
 * decimals.  mb_put_vi(b, 887800, 4, 2) -> "88,78"; (b, 40689, 0, 0) ->
 * "40.689".  mb_put_vi_trim drops trailing zeros ("9,5", "10").
 */
void mb_put_vi(mb_buf *b, int64_t v, int scale, int decimals);
void mb_put_vi_trim(mb_buf *b, int64_t v, int scale, int max_decimals);

#endif
