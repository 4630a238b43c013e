/* dl.h - internals of the downloads module: tables shared by CSV, XLSX and the data package. */
#ifndef MB_DL_H
#define MB_DL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dl_manifest.h"
#include "model.h"
#include "out.h"

/*
 * Every download is a rendering of a few tables (rankings, service figures,
 * long formats).  A table is a list of columns plus an iterator over rows;
 * the CSV writer, the workbook writer, the data package and the data
 * dictionary all read the same columns, so a number can never mean one thing
 * in the CSV and another in the workbook.
 */

/* How a column's numbers are stored, which decides every rendering. */
enum mb_dl_type {
	MB_DL_TEXT,    /* string */
	MB_DL_INT,     /* integer: ranks, counts */
	MB_DL_CHANGE,  /* signed integer: rank change, balance difference */
	MB_DL_POINTS,  /* mb_fx, 4 decimals */
	/* A ratio (struct mb_ratio): the cell holds pct2, the percentage to 2
	 * decimals as pages show it (40,31% -> 4031), and the exact num/den.
	 * CSV: 40.31; sheet: a formula over the row's count cells (or the exact
	 * fraction) shown as 0.00%. */
	MB_DL_PERCENT, /* a unit's result: 0 to 100 */
	MB_DL_RATE,    /* a service rate: from 0 (may pass 100: digitised files) */
	MB_DL_MET,     /* "Đạt" / "Chưa đạt" */
	MB_DL_MONEY,   /* integer amount in đồng */
	/* A change of a rate in percentage points, as compute rounded it to 2
	 * decimals (struct mb_change's d2): CSV 0.52, sheet 0.52 shown +0.00. */
	MB_DL_PP,
	/* A group's mean (struct mb_mean): the cell holds r2 (2 decimals, as
	 * pages show it) and the exact mean.  CSV: r2; sheet: the exact value
	 * shown with 2 decimals (a percentage, or points). */
	MB_DL_MEAN_PCT,
	MB_DL_MEAN_PTS,
	MB_DL_NUMBER   /* the long table's value: any of the numbers above, as its CSV writes it */
};

/* What a column's numbers count.  Each figure's column says it once, where
 * the column is defined; the long tables write its word (mb_dl_unit_word)
 * beside every value, in don_vi_tinh. */
enum mb_dl_unit {
	MB_U_NONE,      /* text, flag, level: no unit */
	MB_U_PERCENT,   /* "%": a result or a rate, 0 to 100 */
	MB_U_PP,        /* "điểm phần trăm": a rate's change */
	MB_U_POINTS,    /* "điểm" */
	MB_U_RANK,      /* "hạng": a rank, 1 the best */
	MB_U_STEPS,     /* "bậc": a rank's change */
	MB_U_FILES,     /* "hồ sơ" */
	MB_U_PAYMENTS,  /* "giao dịch" */
	MB_U_RESPONSES, /* "lượt": satisfaction responses */
	MB_U_VND,       /* "đồng" */
	MB_U_UNITS,     /* "đơn vị": how many units a total or a mean covers */
	MB_U_COUNT
};

/* What a column holds; cells are computed from the row's record by field. */
enum mb_dl_field {
	MB_F_PERIOD, MB_F_PERIOD_LABEL, MB_F_INDEX, MB_F_INDEX_NAME,
	MB_F_GROUP_ID, MB_F_GROUP, MB_F_UNIT_ID, MB_F_UNIT, MB_F_PARENT_ID, MB_F_PARENT,
	MB_F_RANK, MB_F_PERCENT, MB_F_TOTAL, MB_F_MAX, MB_F_BAND,
	MB_F_PREV_PERIOD, MB_F_PREV_RANK, MB_F_CHANGE,
	MB_F_CRIT,        /* arg: criterion index, value of that criterion */
	MB_F_CRIT_RANK,   /* arg: position in index->top, rank of that area */
	MB_F_CRIT_ID, MB_F_CRIT_NAME, MB_F_CRIT_LEVEL, MB_F_CRIT_AREA,
	MB_F_CRIT_VALUE, MB_F_CRIT_MAX, MB_F_CRIT_AREA_RANK,
	MB_F_CARRIED, MB_F_RECEIVED, MB_F_RECV_ONLINE, MB_F_RECV_DIRECT, MB_F_RECV_POSTAL,
	MB_F_RESOLVED, MB_F_EARLY, MB_F_ON_TIME, MB_F_LATE,
	MB_F_PENDING, MB_F_PEND_IN_TIME, MB_F_OVERDUE, MB_F_WITHDRAWN,
	MB_F_PAY_ONLINE, MB_F_PAY_TOTAL, MB_F_PAY_AMOUNT, MB_F_DIGITIZED,
	MB_F_SAT_RESPONSES, MB_F_SAT_SATISFIED, MB_F_BALANCE,
	MB_F_RATE,        /* arg: enum mb_rate_id */
	MB_F_MET,         /* arg: enum mb_rate_id */
	MB_F_CMP_PERIOD,  /* arg: enum mb_cmp_id, the period a change compares with */
	MB_F_RATE_CHANGE, /* arg: cmp * MB_RATE_COUNT + rate */
	MB_F_DIGITIZED_BASE, /* files received by the units that report digitisation */
	MB_F_SCOPE,       /* a totals row: "Nhóm" or "Tổng cộng" */
	MB_F_UNITS,       /* how many units a total or a mean covers */
	MB_F_MEAN_PCT,    /* a group's mean result */
	MB_F_MEAN_AREA,   /* arg: position in index->top, the group's mean points of that area */
	/* The long table (dl_long.c): which figure, its value and what it counts. */
	MB_F_LONG_SOURCE, MB_F_LONG_MEASURE, MB_F_LONG_VALUE,
	MB_F_LONG_UNIT,   /* arg: the units its rows can name, a bit (1 << MB_U_*) each */
	MB_F_FROM, MB_F_UNTIL, MB_F_SUCCESSORS  /* the unit's days and successors (units table) */
};

struct mb_dl_col {
	enum mb_dl_field field;
	int arg;
	enum mb_dl_type type;
	char *name;   /* CSV header and data package field name */
	char *title;  /* workbook header, Vietnamese */
	char *desc;   /* data dictionary, Vietnamese */
	enum mb_dl_unit unit; /* what a number counts */
};

enum mb_dl_cell_kind { MB_DL_EMPTY = 0, MB_DL_STR, MB_DL_NUM };

/* One cell: a string borrowed from the model, or an exact number whose
 * scale follows the column type; a ratio also carries its exact value
 * num / den.  Empty means missing, never zero. */
struct mb_dl_cell {
	enum mb_dl_cell_kind kind;
	const char *s;
	int64_t n;
	int64_t num, den;
	const struct mb_mean *mean;  /* MB_DL_MEAN_*: the exact mean */
};

/* Shared, read-only facts computed once per build. */
struct mb_dl_ctx {
	const struct mb_model *m;
	char ***crit_title;  /* [index][criterion]: "1.2. Báo cáo CCHC" */
	char *created;       /* YYYY-MM-DD: latest publication date, or end of the latest period */
};

/* Made and released by downloads.c, once per build. */
void mb_dl_ctx_init(struct mb_dl_ctx *c, const struct mb_model *m);
void mb_dl_ctx_release(struct mb_dl_ctx *c);

/* What a row is about; cells are derived from it column by column. */
struct mb_dl_rec {
	int period, index, group, crit;
	const struct mb_score *score;
	const struct mb_service *service;
};

enum mb_dl_table_kind {
	MB_DL_RANKING,        /* one period, one index, one group or all */
	MB_DL_SERVICES,       /* one period, or all periods */
	MB_DL_SCORES_LONG,    /* every period and index: one row per unit score */
	MB_DL_CRITERIA_LONG,  /* every period and index: one row per criterion value */
	MB_DL_SERVICE_TOTALS, /* one period: each group's total, then the province's */
	MB_DL_MEANS,          /* one period and index: each group's means */
	MB_DL_LONG,           /* every figure, one row each: written by dl_long.c, no iterator */
	MB_DL_UNITS           /* every unit, one row each: written by dl_long.c, no iterator */
};

struct mb_dl_table {
	enum mb_dl_table_kind kind;
	char *name;                  /* dictionary table name, Vietnamese */
	struct mb_dl_col *cols;
	size_t ncols, colcap;
	const struct mb_dl_ctx *ctx;
	int period, index, group;    /* filters; -1 for all */
	bool areas_only;             /* criteria long: top-level areas only */
	/* iterator state */
	size_t cp, cx, cg, ck, cc;
	struct mb_dl_rec rec;
};

/* Table constructors; release with mb_dl_table_release.  group -1 gives
 * every group with group columns (CSV); a group gives the columns of its
 * own sheet.  period -1 for services gives every period; sheet leaves out
 * the columns a period's own sheet does not need. */
void mb_dl_table_ranking(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                         int index, int group);
void mb_dl_table_services(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                          bool sheet);
void mb_dl_table_scores_long(struct mb_dl_table *t, const struct mb_dl_ctx *c);
/* A period's service totals: one row per group with service figures, then
 * one for all units; sheet leaves out the period and the group ids. */
void mb_dl_table_service_totals(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period,
                                bool sheet);
/* A period's group means of an index: one row per group with ranked units. */
void mb_dl_table_means(struct mb_dl_table *t, const struct mb_dl_ctx *c, int period, int index,
                       bool sheet);
/* Every criterion value of every level, or with areas_only the top-level
 * areas only. */
void mb_dl_table_criteria_long(struct mb_dl_table *t, const struct mb_dl_ctx *c, bool areas_only);
/* Number of criterion values (every level) in the whole model. */
size_t mb_dl_criterion_values(const struct mb_model *m);
void mb_dl_table_release(struct mb_dl_table *t);
/* Starts over; mb_dl_table_next fills ncols cells and returns false at the end. */
void mb_dl_table_rewind(struct mb_dl_table *t);
bool mb_dl_table_next(struct mb_dl_table *t, struct mb_dl_cell *cells);
/* The columns of tai-ve/tat-ca.csv (dl_long.c): the unit's id and group
 * id, the figure, its value and its unit.  The unit's name, parent, days
 * and successors are in the units table, once. */
void mb_dl_table_long(struct mb_dl_table *t, const struct mb_dl_ctx *c);
/* The columns of tai-ve/don-vi.csv: one row per unit (dl_long.c). */
void mb_dl_table_units(struct mb_dl_table *t, const struct mb_dl_ctx *c);
/* Fills ncols cells for a record made by the caller (the long tables and
 * the files of one unit, which pick their own records). */
void mb_dl_table_cells(const struct mb_dl_table *t, const struct mb_dl_rec *rec,
                       struct mb_dl_cell *cells);
/* Whether a column of this type holds figures: numbers, not texts, flags or
 * means (the long tables have a row for each). */
bool mb_dl_is_figure(enum mb_dl_type t);
/* The word the long tables write for a unit ("hồ sơ", "%"); NULL for none. */
const char *mb_dl_unit_word(enum mb_dl_unit u);
/* Column position of a field, or -1. */
int mb_dl_table_col(const struct mb_dl_table *t, enum mb_dl_field f);
/*
 * How a ratio column is made from count columns of its row: the fields
 * summed over, and the one divided by ("=(G2+H2)/F2").  Returns the number
 * of numerator fields (1 or 2), or 0 for a column that is no ratio.
 */
int mb_dl_col_parts(const struct mb_dl_col *c, enum mb_dl_field num[2], enum mb_dl_field *den);
/* Vietnamese type name ("số nguyên") and Table Schema type ("integer"). */
const char *mb_dl_type_vi(enum mb_dl_type t);
const char *mb_dl_type_schema(enum mb_dl_type t);
/* Appends the table's columns to the data dictionary (skipping a table name
 * already present). */
void mb_dl_dict_add(struct mb_downloads *d, const struct mb_dl_table *t);

/* CSV (dl_csv.c): RFC 4180, CRLF, UTF-8 with BOM, dot decimals; every
 * percentage and rate as a percentage from 0 to 100 with two decimals,
 * the figure the pages show. */
void mb_dl_csv_field(mb_buf *b, const char *s);      /* quoted as needed, formulas neutralised */
void mb_dl_csv_number(mb_buf *b, enum mb_dl_type t, int64_t n);
void mb_dl_csv_table(mb_buf *b, struct mb_dl_table *t);

/* Sheet names (dl_sheet_name.c): Excel's rules, unique case-insensitively. */
struct mb_dl_names {
	char **v;    /* casefolded names taken */
	size_t n, cap;
};
void mb_dl_names_init(struct mb_dl_names *s);
void mb_dl_names_release(struct mb_dl_names *s);
/* Turns want into a valid sheet name (<= 31 characters, none of []:*?/\,
 * no leading or trailing apostrophe, not "History"), made unique with
 * " (2)", " (3)"... and records it.  Returns a malloc'd name. */
char *mb_dl_sheet_name(struct mb_dl_names *s, const char *want);
/* Length in code points of UTF-8 text. */
size_t mb_dl_utf8_len(const char *s);

/* Workbooks (dl_xlsx.c, dl_xlsx_all.c): write OUT/rel and add it to list. */
int mb_dl_xlsx_period(const struct mb_dl_ctx *c, size_t p, struct mb_out *o,
                      struct mb_downloads *list);
/* The path and title of period p's workbook (appended to rel and title). */
void mb_dl_xlsx_period_names(const struct mb_model *m, size_t p, mb_buf *rel, mb_buf *title);
int mb_dl_xlsx_all(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list);
/* The long files (dl_long.c): tai-ve/tat-ca.csv and tai-ve/don-vi.csv, listed, and every unit's
 * tai-ve/don-vi/<unit>.csv and .json (not listed: the unit pages link them). */
int mb_dl_long(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list);
/* Data package (dl_datapackage.c): describes every CSV already in list. */
int mb_dl_datapackage(const struct mb_dl_ctx *c, struct mb_out *o, struct mb_downloads *list);

#endif
