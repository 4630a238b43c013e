/* import_priv.h - what the parts of import share: text folding, cell values, headers, units, rows. */
#ifndef MB_IMPORT_PRIV_H
#define MB_IMPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "model.h"
#include "sheet.h"
#include "text.h"

/*
 * import turns a spreadsheet into the rows of one data file:
 *
 *   import_head.c   finds the header rows of a sheet and what each column holds
 *   import_units.c  matches the name (or id) of a row to a unit
 *   import_rows.c   reads the rows below the header: units, sections, totals, notes
 *   import_num.c    reads one cell: counts and points in Vietnamese or plain notation
 *   import_text.c   folds text for comparison
 *   import_json.c   writes the data file and compares it with the one it replaces
 *   import.c        the command: files in, validation with the data folder, files out
 */

/* ---- text (import_text.c) ---------------------------------------------- */

/*
 * Folds text for comparison: NFC, case folded (diacritics kept), tone marks
 * of "oa", "oe", "uy" on the second vowel, every run of characters that are
 * not letters or digits (spaces, line breaks, punctuation) one space, no
 * space at either end.  "Sở Lao động - Thương binh và Xã hội" and "SỞ LAO
 * ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI" fold the same.  Caller frees.
 */
char *mb_fold(const char *s);
/* A unit's name folded, with the usual abbreviations written out (TP. =
 * thành phố, TX. = thị xã, H. = huyện, P. = phường, TT. = thị trấn, Q. =
 * quận), "Ủy ban nhân dân" as "ubnd", and a leading "UBND" dropped. */
char *mb_fold_name(const char *s);
/* A folded name without its leading kind of unit ("phường chánh mỹ" ->
 * "chánh mỹ"); points into the argument. */
const char *mb_fold_bare(const char *folded_name);
/* Whether folded text contains word (folded, one or more words) as whole words. */
bool mb_fold_has(const char *folded, const char *word);
bool mb_fold_starts(const char *folded, const char *word);

/* ---- cell values (import_num.c) ------------------------------------------ */

enum mb_cv {
	MB_CV_EMPTY,        /* nothing in the cell */
	MB_CV_DASH,         /* "-": zero in a count column */
	MB_CV_VALUE,        /* v: a count, or points in 1/10000 */
	MB_CV_NA,           /* "KAD", "Không áp dụng" (points only) */
	MB_CV_NOT_NUMBER,
	MB_CV_NOT_WHOLE,    /* a count with decimals */
	MB_CV_NEGATIVE,
	MB_CV_TOO_PRECISE,  /* points with more than 4 decimals */
	MB_CV_TOO_LARGE,
	MB_CV_AMBIGUOUS,    /* v (Vietnamese thousands) or alt (decimal point) */
	MB_CV_FORMULA_NO_VALUE, /* a formula whose result was never saved */
	MB_CV_ERROR,        /* "#DIV/0!" and the like */
	MB_CV_BOOL,
};

struct mb_cellval {
	enum mb_cv state;
	int64_t v, alt;
};

/* Reads a cell (NULL for an empty one) as a count (whole, >= 0) or as points. */
void mb_cell_value(const struct mb_cell *c, bool points, struct mb_cellval *cv);
/* Whether a cell holds something meant as a figure (a number, "-", "KAD",
 * a number that breaks a rule, an error value), not a word. */
bool mb_cell_is_numeric(const struct mb_cell *c);

/* ---- headers (import_head.c) ---------------------------------------------- */

/* The columns of a service report.  The inputs come first. */
enum mb_sfield {
	MB_SF_NONE = 0,
	MB_SF_CARRIED, MB_SF_RECV_ONLINE, MB_SF_RECV_DIRECT, MB_SF_RECV_POSTAL,
	MB_SF_EARLY, MB_SF_ON_TIME, MB_SF_LATE, MB_SF_IN_TIME, MB_SF_OVERDUE,
	MB_SF_WITHDRAWN, MB_SF_PAY_ONLINE, MB_SF_PAY_TOTAL, MB_SF_PAY_AMOUNT,
	MB_SF_DIGITIZED, MB_SF_SAT_RESPONSES, MB_SF_SAT_SATISFIED,
	MB_SF_RECV_DIRECT_POSTAL, /* "Trực tiếp, dịch vụ bưu chính" in one column: read as direct */
	/* derived: checked against their parts, never written */
	MB_SF_RECV_ALL,     /* carried over + received */
	MB_SF_RECV_NEW,     /* received: online + direct + postal */
	MB_SF_RESOLVED,     /* early + on time + late */
	MB_SF_PENDING,      /* in time + overdue */
	MB_SF_BALANCE,      /* the form's balance check */
	MB_SF_COUNT
};
#define MB_SF_FIRST_DERIVED MB_SF_RECV_ALL

struct mb_sfield_info {
	const char *json;    /* "received.online" */
	const char *label;   /* the official form's header, for messages and the form */
	const char *group;   /* the merged header above it, or NULL */
};
extern const struct mb_sfield_info mb_sfields[MB_SF_COUNT];

enum mb_col_role {
	MB_COL_IGNORED = 0,  /* not used (ratios, notes, unknown words) */
	MB_COL_STT,          /* "STT": row numbers, section numerals */
	MB_COL_NAME,         /* the unit's name */
	MB_COL_ID,           /* the unit's id */
	MB_COL_FIELD,        /* a service column: field is an enum mb_sfield */
	MB_COL_CRIT,         /* points of a criterion: field is its index in the index */
	MB_COL_TOTAL,        /* total points */
	MB_COL_MAX,          /* applicable maximum */
	MB_COL_RANK,         /* official rank */
};

struct mb_imp_col {
	size_t col;
	enum mb_col_role role;
	int field;
	char *label;   /* what messages call it: the header text, with its group when needed */
	char *path;    /* every header level, "Số hồ sơ đã giải quyết › Quá hạn" */
	bool by_number; /* a criterion recognised by its number only */
};

struct mb_imp_head {
	size_t top, rows;        /* header rows top .. top + rows - 1 */
	size_t data;             /* the first row below the header and its column numbers */
	struct mb_imp_col *cols; /* the columns with a header, left to right */
	size_t ncols;
	int name_col, id_col, stt_col; /* indices into cols, -1 when absent */
	int index;               /* -1: services; else the index of the criteria */
	size_t found;            /* distinct fields or criteria recognised */
	size_t named;            /* criteria recognised by id or name (not number) */
};

void mb_imp_head_release(struct mb_imp_head *h);

/*
 * Finds the header of sheet s.  want is -1 for a service report, an index
 * number for scores of that index, or -2 to decide from the headers (a
 * service report when service columns are found, else the index whose
 * criteria the columns name).  Returns true when a header with at least a
 * unit column and one figure column was found; h is filled either way
 * (with the best candidate, for messages) and released by the caller.
 */
bool mb_imp_find_header(const struct mb_model *m, const struct mb_sheet *s, int want,
                        struct mb_imp_head *h);
/* Whether a row of text is a row of column numbers: "(1)", "(3)=(4)+(5)", "A", "1". */
bool mb_imp_numbering_row(const struct mb_sheet *s, size_t r);
/* The display form of header or cell text: spaces and line breaks as one
 * space, trimmed.  Caller frees. */
char *mb_imp_clean(const char *s);

/* ---- units (import_units.c) ------------------------------------------------ */

/* Every unit under the names it may be written with, sorted for lookup. */
struct mb_unit_names;
struct mb_unit_names *mb_unit_names_new(const struct mb_model *m);
void mb_unit_names_free(struct mb_unit_names *n);

/*
 * The headings a row stands under, outermost first: a province, then a
 * district.  A heading that several units answer to (a district name found
 * in two provinces) puts them all at one level.
 */
struct mb_unit_ctx {
	int *unit, *level;
	size_t n, cap;
};

/* Enters a heading: levels whose units are not above any of units[0..n)
 * are left, then units become the innermost level. */
void mb_unit_ctx_enter(const struct mb_model *m, struct mb_unit_ctx *c, const int *units,
                       size_t n);
void mb_unit_ctx_release(struct mb_unit_ctx *c);

/*
 * The units a name may mean.  group (or -1) is the section the row is in,
 * and ctx (or NULL) the headings above it: of several units of the same
 * name, those under the innermost heading that has any are kept, then those
 * of the section's group.  Returns how many units remain (0: no unit has
 * that name; 1: the one; more: ambiguous); the first cap of them, by
 * index, are in cand.
 */
size_t mb_unit_match(const struct mb_unit_names *n, const char *name, int group,
                     const struct mb_unit_ctx *ctx, int *cand, size_t cap);
/* Appends up to three units whose names are closest to name, as
 * "\"Name\" (id), ..."; returns how many. */
size_t mb_unit_suggest(const struct mb_unit_names *n, const char *name, int group, mb_buf *out);
/* The group whose name the text of a section row names ("I. SỞ, BAN,
 * NGÀNH" -> "Sở, ban, ngành"), or -1. */
int mb_group_match(const struct mb_model *m, const char *text);

/* ---- rows (import_rows.c) ------------------------------------------------ */

/* A located problem: where it is and what the row and column are called. */
struct mb_imp_where {
	const struct mb_book *book;
	size_t sheet, row, col;
	const char *unit;     /* the row's name as written, or NULL */
	const char *column;   /* the column's label, or NULL */
};

/* Reports "FILE: 'Sheet'!C12 (unit, column): message" or, for a CSV file,
 * "FILE:LINE:FIELD: unit, column: message". */
void mb_imp_diag(struct mb_diags *d, enum mb_severity sev, const struct mb_imp_where *w,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "'Biểu 06a'!C12" or "line 12, field 3" for a cell, into out. */
void mb_imp_cell_name(const struct mb_book *b, size_t sheet, size_t row, size_t col, mb_buf *out);

/*
 * One recognised table: a sheet whose rows become one data file.  Rows are
 * kept per unit (model->nunits entries), so the file is written in the
 * order of units.json whatever the order of the sheet.
 */
struct mb_imp_table {
	const struct mb_book *book;
	size_t sheet;
	struct mb_imp_head head;
	int index;               /* -1: services */
	char *period;
	int *row_of;             /* per unit: the sheet row it was read from, or -1 */
	char **name_of;          /* per unit: the name as written in that row */
	unsigned char *bad;      /* per unit: a cell of its row could not be read */
	struct mb_service *svc;  /* per unit, services (unit -1 where no row) */
	struct mb_score *sc;     /* per unit, scores (unit -1 where no row) */
	size_t nunits;           /* entries of the arrays above */
	size_t nrows;            /* units read */
};

void mb_imp_table_release(struct mb_imp_table *t);
/*
 * Reads the rows of t's sheet below its header into t (head, book, sheet,
 * index already set).  Every problem goes to d, located by cell.
 */
void mb_imp_read_rows(const struct mb_model *m, const struct mb_unit_names *names,
                      struct mb_imp_table *t, struct mb_diags *d);
/* The column of t that holds a field (role and field), or -1. */
int mb_imp_col_of(const struct mb_imp_table *t, enum mb_col_role role, int field);

/* ---- the data file (import_json.c) ------------------------------------------ */

/* The data file of a table, formatted as the sample data is: two-space
 * indents, units in units.json order, criteria in the index's order,
 * numbers exactly as their fixed-point values.  published (or NULL) is kept
 * from the file it replaces. */
void mb_imp_json(const struct mb_model *m, const struct mb_imp_table *t, const char *published,
                 mb_buf *out);
/* Appends to out, in words, what changed from the file old (NULL: there
 * was none) to now, both data files of services (index -1) or of scores of
 * that index: units added, removed and changed, and the largest changes. */
void mb_imp_diff(const struct mb_model *m, int index, const char *path, const char *old,
                 const char *now, mb_buf *out);

#endif
