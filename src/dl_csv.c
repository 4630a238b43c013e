/* dl_csv.c - CSV downloads: RFC 4180, UTF-8 with BOM, formula-safe text. */
#include "dl.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fixed.h"

/*
 * Spreadsheet programs run a cell that starts with = + - @ (and, in some,
 * tab or CR) as a formula, so a unit named "=HYPERLINK(...)" would become a
 * live link in a journalist's Excel.  Such text gets a leading apostrophe,
 * the usual neutraliser: it is visible, never executed, and numbers are
 * untouched because they are written by mb_dl_csv_number, not here.
 */
static bool formula_like(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

void mb_dl_csv_field(mb_buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		mb_buf_putc(b, '"');
	if (formula_like(s))
		mb_buf_putc(b, '\'');
	/* Copy spans between quotes; each quote is doubled. */
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		mb_buf_put(b, s, (size_t)(q - s) + 1);
		mb_buf_putc(b, '"');
	}
	mb_buf_puts(b, s);
	if (quote)
		mb_buf_putc(b, '"');
}

void mb_dl_csv_number(mb_buf *b, enum mb_dl_type t, int64_t n)
{
	switch (t) {
	case MB_DL_POINTS: mb_put_dec(b, n, 4); break;
	/* One scale for every CSV: a percentage, the digits the page shows. */
	case MB_DL_PERCENT:
	case MB_DL_RATE:
	case MB_DL_MEAN_PCT:
	/* Changes in percentage points and means of points: the page's 2 decimals. */
	case MB_DL_PP:
	case MB_DL_MEAN_PTS: mb_put_dec(b, n, 2); break;
	default: mb_put_dec(b, n, 0); break;
	}
}

void mb_dl_csv_table(mb_buf *b, struct mb_dl_table *t)
{
	/* The BOM is what makes Excel read the file as UTF-8, not Windows-1258. */
	mb_buf_puts(b, "\xEF\xBB\xBF");
	for (size_t i = 0; i < t->ncols; i++) {
		if (i)
			mb_buf_putc(b, ',');
		mb_dl_csv_field(b, t->cols[i].name);
	}
	mb_buf_puts(b, "\r\n");
	struct mb_dl_cell *cells = mb_xcalloc(t->ncols, sizeof *cells);
	mb_dl_table_rewind(t);
	while (mb_dl_table_next(t, cells)) {
		for (size_t i = 0; i < t->ncols; i++) {
			if (i)
				mb_buf_putc(b, ',');
			if (cells[i].kind == MB_DL_STR)
				mb_dl_csv_field(b, cells[i].s);
			else if (cells[i].kind == MB_DL_NUM)
				mb_dl_csv_number(b, t->cols[i].type, cells[i].n);
		}
		mb_buf_puts(b, "\r\n");
	}
	free(cells);
}
