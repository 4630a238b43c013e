/* dl_sheet.h - writing download tables into libxlsxwriter worksheets. */
#ifndef MB_DL_SHEET_H
#define MB_DL_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "dl.h"

/* Excel's last row is 1,048,576: a header and this many data rows. */
#define MB_DL_SHEET_ROWS 1048575

/* The formats of one workbook, created once and shared by every cell:
 * libxlsxwriter keeps each format for the life of the workbook. */
struct mb_dl_fmts {
	lxw_format *header, *rank, *count, *points, *percent, *change, *date;
	lxw_format *pp, *mean;  /* changes in percentage points; means of points */
	lxw_format *title, *label, *wrap;
};

void mb_dl_fmts_init(struct mb_dl_fmts *f, lxw_workbook *wb);

/* Adds a worksheet named name (already valid and unique); a failure here is
 * a bug in mb_dl_sheet_name, so it aborts. */
lxw_worksheet *mb_dl_add_sheet(lxw_workbook *wb, const char *name);

/* Column widths (Excel units) of a whole table, measured over every row;
 * also counts the rows.  The caller frees the widths. */
double *mb_dl_measure(struct mb_dl_table *t, size_t *rows);

/*
 * Writes a header row and then up to max_rows rows taken from where t's
 * iterator stands, so a long table continues on the next sheet with the
 * next call.  With excel_table the range becomes an Excel table object
 * (sort and filter built in); otherwise (constant-memory workbooks, where
 * libxlsxwriter has no tables) it gets an autofilter.  The header is bold
 * and frozen with the first freeze_cols columns.  Returns the data rows
 * written.
 */
size_t mb_dl_sheet_write(lxw_worksheet *ws, const struct mb_dl_fmts *f, struct mb_dl_table *t,
                         const double *widths, size_t max_rows, bool excel_table,
                         int freeze_cols);

/*
 * libxlsxwriter numbers a format (its index in styles.xml) when a cell
 * using it is first written out, which in a constant-memory workbook is
 * when the next row starts, and for a sheet's last row when the workbook
 * closes.  Writing several sheets of one workbook at once would race on
 * that numbering and make it depend on timing.  This numbers, in the order
 * writing the `rows` rows of t (on as many sheets as it takes, in order)
 * would, every format those sheets use before their last rows; the last
 * rows are numbered at close, serially, as before.  Called for each table
 * in sheet order after the sheets before them were written, it leaves
 * nothing for the writing to number, and the workbook's bytes are those of
 * writing the sheets one after the other.  t is rewound.
 */
void mb_dl_sheet_resolve(const struct mb_dl_fmts *f, struct mb_dl_table *t, size_t rows);

/* A line of the "Giải thích" sheet's list of sheets. */
struct mb_dl_sheet_info {
	const char *name;
	const char *desc;
};

/*
 * Fills the "Giải thích" sheet: source, period (p, or -1 for all periods),
 * publication date, licence, how to read empty cells, the list of sheets
 * and the data dictionary of the given tables.  Writes rows in order, so it
 * suits constant-memory workbooks too.
 */
void mb_dl_sheet_about(lxw_worksheet *ws, const struct mb_dl_fmts *f, const struct mb_dl_ctx *c,
                       int p, const struct mb_dl_sheet_info *sheets, size_t nsheets,
                       struct mb_dl_table *const *tables, size_t ntables, bool excel_table);

/* The workbook's document properties, dated from the data (never the clock,
 * so two builds give the same bytes). */
void mb_dl_set_properties(lxw_workbook *wb, const struct mb_dl_ctx *c, const char *title,
                          const char *date);

#endif
