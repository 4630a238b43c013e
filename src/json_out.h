/* json_out.h - the machine-readable record of a period (tai-ve/<period>.json). */
#ifndef MB_JSON_OUT_H
#define MB_JSON_OUT_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/* Appends the JSON record of period p (SPEC §3) to out. */
void mb_json_period(const struct mb_model *m, size_t p, mb_buf *out);
/* Appends the JSON record of unit u (tai-ve/don-vi/<unit>.json): who it is
 * (its group, parent, days and successors) and every figure of it in every
 * period, in the same fields as the period records. */
void mb_json_unit(const struct mb_model *m, size_t u, mb_buf *out);

/*
 * What every field of the JSON downloads means, in Vietnamese: the one list
 * the downloads page, the workbooks' «Giải thích» sheet and datapackage.json
 * show.  `name` is a path in the file ("services[].on_time_rate", "<chi-so>"
 * standing for an id); `type` a Table Schema type (string, number, integer,
 * boolean, object, array).  Kept beside the writers above: a field added
 * there is added here.
 */
struct mb_json_field {
	const char *file;   /* "tai-ve/<ky>.json" or "tai-ve/don-vi/<ma-don-vi>.json" */
	const char *name;
	const char *type;
	const char *desc;
};
extern const struct mb_json_field mb_json_fields[];
extern const size_t mb_json_nfields;
/* The Vietnamese word for a Table Schema type ("chuỗi", "số", ...). */
const char *mb_json_type_vi(const char *type);

#endif
