/* diag.h - data problems collected during a run, printed sorted at the end. */
#ifndef MB_DIAG_H
#define MB_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum mb_severity { MB_ERROR, MB_WARNING };

struct mb_diag {
	enum mb_severity sev;
	char *file;     /* path as given on the command line */
	char *where;    /* JSON pointer ("/scores/4/criteria/the-che"), "LINE:COL", or NULL */
	char *msg;
	unsigned line, col; /* for LINE:COL sorting; 0 for pointers */
	/* A spreadsheet cell (mb_diag_cell): `where` names it, and problems of
	 * one file sort by sheet, then row (line), then column. */
	bool cell;
	unsigned sheet;
	/* A row of a list of units (scores, services, units.json): which one,
	 * counted from 1 as a person counts, and the name of its unit (NULL
	 * when it names none), printed after the pointer (mb_diag_row). */
	size_t row;     /* 0: not a row */
	char *unit;
};

/* A list of problems.  Not thread-safe: load and compute are single-threaded. */
struct mb_diags {
	struct mb_diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

void mb_diags_init(struct mb_diags *d);
void mb_diags_release(struct mb_diags *d);
/* Reports a problem at a JSON pointer (ptr may be "" for the whole file). */
void mb_diag(struct mb_diags *d, enum mb_severity sev, const char *file,
             const char *ptr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/*
 * Reports a problem of row `pos` (counted from 0, as in its pointer
 * "/services/4") of a list of units, naming the row for a person:
 * "FILE: /services/4 (row 5, Sở Tư pháp): message", the pointer kept
 * whole for tools.  unit is the row's unit's name, or NULL when the row
 * names no known unit ("(row 5)").
 */
void mb_diag_row(struct mb_diags *d, enum mb_severity sev, const char *file, const char *ptr,
                 size_t pos, const char *unit, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Reports a problem at a line and column (syntax errors). */
void mb_diag_at(struct mb_diags *d, enum mb_severity sev, const char *file,
                unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/*
 * Reports a problem at a spreadsheet cell: where is printed as it is
 * ("'Biểu 06a'!F37 (Sở Tư pháp, Đúng hạn)"); sheet, row and col (0-based)
 * order the problems of one file, so that B4 comes before B37.
 */
void mb_diag_cell(struct mb_diags *d, enum mb_severity sev, const char *file, const char *where,
                  unsigned sheet, unsigned row, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* Frees what one problem owns (for code that moves problems between lists). */
void mb_diag_clear(struct mb_diag *g);
/* Sorts (file, position, message) and appends each as one line to out:
 * "FILE: POINTER: message", "FILE: POINTER (row N, UNIT): message",
 * "FILE:LINE:COL: message", "warning: " prefixed for warnings.  With strict, warnings count as errors. */
void mb_diags_format(struct mb_diags *d, bool strict, mb_buf *out);
/* The same, printed on stderr. */
void mb_diags_print(struct mb_diags *d, bool strict);
bool mb_diags_failed(const struct mb_diags *d, bool strict);
/* Appends "1 error, 2 warnings" (in the messages' language) to out. */
void mb_diags_counts(const struct mb_diags *d, mb_buf *out);

#endif
