/* sheet_priv.h - what sheet.c shares with the two readers: limits, the book's memory, a sheet being built. */
#ifndef MB_SHEET_PRIV_H
#define MB_SHEET_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "sheet.h"

/*
 * Limits.  A real quarterly workbook of a whole country (about 11,400 rows
 * of 20 columns) stays far below every one of them; they exist so that a
 * damaged or hostile file ends in a clear error, never in a crash, a hang or
 * gigabytes of memory.  Excel's own limits are used where it has one.
 */
/* The file as read from the disk (a national workbook is a few MB). */
#define MB_SHEET_MAX_FILE_BYTES ((size_t)64 << 20)
/* Excel's rows and columns (A to XFD). */
#define MB_SHEET_MAX_ROWS 1048576
#define MB_SHEET_MAX_COLS 16384
/* Rows, cells, merges and shared strings held, the empty ones before a
 * filled cell or row included: each costs 16 to 32 bytes, so this bounds
 * the sheets' memory to about 130 MB.  A national workbook needs 240,000. */
#define MB_SHEET_MAX_SLOTS 4000000
/* The bytes of text held (cells, shared strings, names). */
#define MB_SHEET_MAX_TEXT_BYTES ((size_t)64 << 20)
/* One cell's text: Excel's 32,767 characters, each up to 4 bytes of UTF-8. */
#define MB_SHEET_MAX_CELL_BYTES ((size_t)32767 * 4)
/* Sheets in one workbook. */
#define MB_SHEET_MAX_SHEETS 1024
/* Problems reported for one sheet before the rest of it is skipped: a
 * damaged file should not print a million lines. */
#define MB_SHEET_MAX_PROBLEMS 50

/*
 * The book's memory (book->mem): an arena that holds every name, row, cell
 * and text, freed at once by mb_book_release, and the budgets above.
 */
struct sheet_chunk;
struct sheet_mem {
	struct sheet_chunk *chunks;
	size_t slots;      /* MB_SHEET_MAX_SLOTS budget used */
	size_t text_bytes; /* MB_SHEET_MAX_TEXT_BYTES budget used */
	bool over;         /* a budget was passed: stop reading */
};

void *sheet_alloc(struct sheet_mem *m, size_t n);
/* Charges slots and text bytes to the budgets; false (and m->over) when
 * either is passed.  The reader then reports it with sheet_limit_msg. */
bool sheet_charge(struct sheet_mem *m, size_t slots, size_t bytes);
/* The message for a passed budget (a static format-free string). */
const char *sheet_limit_msg(const struct sheet_mem *m);

/*
 * Text from a file, made ready for the book: validated as UTF-8 without
 * NUL, NFC-normalised, copied into the arena and charged to the budget.
 * Returns NULL for an empty text.  On a problem returns NULL and sets *bad
 * to the byte offset of the first invalid byte (or, with m->over, nothing).
 */
enum sheet_text_status { SHEET_TEXT_OK, SHEET_TEXT_BAD_UTF8, SHEET_TEXT_NUL, SHEET_TEXT_OVER };
enum sheet_text_status sheet_text(struct sheet_mem *m, const char *s, size_t n, char **out,
                                  size_t *bad);
/* Byte offset of the first byte of s[0..n) that is not valid UTF-8, or a
 * NUL; n when all is valid. */
size_t sheet_utf8_check(const char *s, size_t n);

/* Parses an A1 reference ("B37") into 0-based (r, c); the end of what was
 * read in *end.  Returns 0, or -1 for text that is not a reference, -2 for
 * a row outside 1..MB_SHEET_MAX_ROWS, -3 for a column beyond XFD. */
int sheet_parse_ref(const char *s, size_t *r, size_t *c, const char **end);

/*
 * A sheet being read, row by row.  Cells are added left to right, rows top
 * to bottom; the empty ones between are filled in.  Scratch arrays are
 * malloc'd; sheet_build_finish copies the result into the arena.
 */
struct sheet_build {
	struct sheet_mem *mem;
	struct mb_row *rows;
	size_t nrows, rows_cap;
	struct mb_cell *cells; /* the row being read */
	size_t ncells, cells_cap;
	struct mb_merge *merges;
	size_t nmerges, merges_cap;
};

void sheet_build_init(struct sheet_build *b, struct sheet_mem *m);
void sheet_build_release(struct sheet_build *b);
/* Adds a cell of the current row at column col (greater than the last one's).
 * text is in the arena (NULL for an empty cell).  False when a budget is passed. */
bool sheet_build_cell(struct sheet_build *b, size_t col, enum mb_cell_type type, bool formula,
                      char *text);
/* Ends the current row as row r (0-based, greater than the last one's). */
bool sheet_build_row(struct sheet_build *b, size_t r, unsigned line);
bool sheet_build_merge(struct sheet_build *b, struct mb_merge m);
/* Moves the rows and merges into s (trailing empty rows dropped). */
void sheet_build_finish(struct sheet_build *b, struct mb_sheet *s);

/* The readers.  data is the whole file; book->file and book->mem are set.
 * Every problem goes to d; the return value says whether one was found. */
int sheet_read_xlsx(struct mb_book *book, const void *data, size_t n, struct mb_diags *d);
int sheet_read_csv(struct mb_book *book, const char *data, size_t n, struct mb_diags *d);

#endif
