/* json_out.h - the machine-readable record of a period (tai-ve/<period>.json). */
#ifndef MB_JSON_OUT_H
#define MB_JSON_OUT_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/* Appends the JSON record of period p (SPEC §3) to out. */
void mb_json_period(const struct mb_model *m, size_t p, mb_buf *out);

#endif
