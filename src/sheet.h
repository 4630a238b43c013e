/* sheet.h - a spreadsheet (.xlsx workbook or .csv file) read into memory, for import. */
#ifndef MB_SHEET_H
#define MB_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/*
 * The readers (sheet_xlsx.c, sheet_csv.c) know nothing of units, periods or
 * indices: they turn a file into sheets of cells, and every problem with the
 * file itself (not a zip, malformed XML, a limit passed) into a diagnostic.
 * What the cells mean is import's business (import_*.c).
 */

enum mb_cell_type {
	MB_CELL_EMPTY = 0,
	MB_CELL_NUMBER,  /* text holds the number exactly as stored ("88.78", "1E-3") */
	MB_CELL_TEXT,    /* shared or inline string, or any CSV field; NFC UTF-8 */
	MB_CELL_BOOL,    /* text is "0" or "1" */
	MB_CELL_ERROR,   /* a formula error such as "#DIV/0!" (text holds it) */
};

/* Formula cells are read by their cached value; is_formula tells they were one.
 * A formula saved without a value (openpyxl writes formulas so, and the file
 * was never opened in a spreadsheet program since) is MB_CELL_EMPTY with
 * is_formula: it is kept in its row's cells (not dropped as a trailing empty)
 * so that import can say so, while mb_sheet_cell returns NULL for it as for
 * every empty cell.  An empty text ("") is an empty cell. */
struct mb_cell {
	enum mb_cell_type type;
	bool is_formula;
	char *text;      /* never NULL for a non-empty cell */
};

/* One row: cells[0..ncells) are columns A, B, ...; trailing empties dropped. */
struct mb_row {
	struct mb_cell *cells;
	size_t ncells;
	unsigned line;   /* CSV: the file line the record starts on; 0 for xlsx */
};

/* A merged range, 0-based and inclusive. */
struct mb_merge {
	size_t r1, c1, r2, c2;
};

struct mb_sheet {
	char *name;            /* the sheet's name; a CSV file's base name */
	struct mb_row *rows;   /* rows[0] is row 1; empty rows have ncells 0 */
	size_t nrows;
	struct mb_merge *merges;
	size_t nmerges;
	bool hidden;
};

enum mb_book_kind { MB_BOOK_XLSX, MB_BOOK_CSV };

struct mb_book {
	char *file;            /* the path as given */
	enum mb_book_kind kind;
	struct mb_sheet *sheets;  /* in workbook order */
	size_t nsheets;
	char *property;        /* custom document property "minhbach", or NULL */
	void *mem;             /* the readers' private allocations */
};

/*
 * Reads path (.xlsx or .csv, chosen by the file's content, not only its
 * name) into book.  Returns 0, or -1 after adding every problem found to d
 * (located "FILE: message", or "FILE:LINE:COL" for malformed XML/CSV).
 * Never crashes or hangs on hostile input: decompressed sizes, row and
 * column counts and cell counts are bounded.  Release with mb_book_release
 * in either case.
 */
int mb_book_read(const char *path, struct mb_book *book, struct mb_diags *d);
/* The same from the file's bytes in memory (name is used for messages, the
 * CSV sheet's name and the choice of reader, as path is). */
int mb_book_read_mem(const char *name, const void *data, size_t n, struct mb_book *book,
                     struct mb_diags *d);
void mb_book_release(struct mb_book *book);

/* The cell at 0-based (r, c), or NULL when it is empty or outside the sheet. */
const struct mb_cell *mb_sheet_cell(const struct mb_sheet *s, size_t r, size_t c);
/* Writes "B37" for the 0-based (r, c) into buf (at least 16 bytes). */
void mb_cell_ref(char *buf, size_t r, size_t c);
/* "'Biểu 06a'!B37", the sheet's name quoted as Excel quotes it (a quote
 * inside doubled), for locating a problem; with c == SIZE_MAX, the quoted
 * name alone.  Caller frees. */
char *mb_cell_where(const char *sheet, size_t r, size_t c);

#endif
