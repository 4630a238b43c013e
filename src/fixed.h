/* fixed.h - exact fixed-point numbers (1/10000), the one rounding, and number formatting. */
#ifndef MB_FIXED_H
#define MB_FIXED_H

#include <gmp.h>
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

/*
 * The one rounding of every figure: num/den x 10^decimals, rounded half away
 * from zero (SPEC §3), as an integer count of 10^-decimals.  Compute rounds
 * each exact value with it, once per precision it is shown at:
 * mb_round(401134, 995000, 4) is 4031 (0.4031, i.e. 40,31%), never the
 * rounding of an already rounded 0.403150.  den != 0.
 */
int64_t mb_round(__int128 num, __int128 den, int decimals);

/* The same rounding of an exact rational (a group's mean, whose
 * denominator no machine integer holds): q x 10^decimals. */
int64_t mb_round_q(const mpq_t q, int decimals);

/* Exact comparison of a/b with c/d (b, d > 0): -1, 0, 1. */
int mb_ratio_cmp(int64_t a, int64_t b, int64_t c, int64_t d);

/*
 * Formatting.  None of these rounds: v is an integer count of 10^-scale
 * (a fixed-point value, scale 4; a figure compute rounded, at the scale it
 * was rounded to) and is written with exactly its digits.
 *
 * mb_put_dec: plain, as JSON, CSV and data files print numbers: dot, no
 * grouping, trailing zeros dropped.  (b, 876400, 4) -> "87.64";
 * (b, 991501, 6) -> "0.991501".
 * mb_put_vi: Vietnamese display, dot thousands, decimal comma, `scale`
 * decimals: (b, 4031, 2) -> "40,31"; (b, 40689, 0) -> "40.689".
 * mb_put_vi_trim: the same with trailing zeros dropped: (b, 95000, 4) -> "9,5".
 */
void mb_put_dec(mb_buf *b, int64_t v, int scale);
void mb_put_vi(mb_buf *b, int64_t v, int scale);
void mb_put_vi_trim(mb_buf *b, int64_t v, int scale);

/*
 * The exact formatter: num/den x 10^shift rounded once (mb_round) to
 * `decimals` and written plain or the Vietnamese way, for a value that is
 * not a figure compute keeps (messages, say).  With shift 2 a fraction of
 * one becomes a percentage: (b, 401134, 995000, 2, 2, MB_NUM_VI) ->
 * "40,31".  A fixed-point value v is (v, MB_FX_ONE, 0, ...).
 */
enum mb_num_style { MB_NUM_PLAIN, MB_NUM_VI };
/* v (scale decimals) with every decimal, plain ("91.70": dot, no grouping)
 * or as mb_put_vi writes it ("91,70"): messages use the style of their
 * language, and show a figure with the page's decimals in both. */
void mb_put_num(mb_buf *b, int64_t v, int scale, enum mb_num_style style);
void mb_put_exact(mb_buf *b, __int128 num, __int128 den, int shift, int decimals,
                  enum mb_num_style style);

#endif
