/* sheet.c - a spreadsheet file read into a book: choosing the reader, the book's memory, cells and references. */
#include "sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"
#include "i18n.h"
#include "sheet_priv.h"

/* ---- the arena ----------------------------------------------------------- */

#define CHUNK_BYTES ((size_t)256 << 10)
#define ALIGN alignof(max_align_t)

struct sheet_chunk {
	struct sheet_chunk *next;
	size_t cap, used;
	alignas(max_align_t) unsigned char data[];
};

void *sheet_alloc(struct sheet_mem *m, size_t n)
{
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	struct sheet_chunk *c = m->chunks;
	if (!c || c->cap - c->used < n) {
		/* A large block gets a chunk of its own, behind the current one,
		 * so that the current chunk's free space is not wasted. */
		size_t cap = n > CHUNK_BYTES / 4 ? n : CHUNK_BYTES;
		struct sheet_chunk *nc = mb_xmalloc(sizeof *nc + cap);
		nc->cap = cap;
		nc->used = 0;
		if (c && cap != CHUNK_BYTES) {
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			m->chunks = nc;
		}
		c = nc;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

static char *mem_strdup(struct sheet_mem *m, const char *s, size_t n)
{
	char *p = sheet_alloc(m, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void mem_free(struct sheet_mem *m)
{
	while (m->chunks) {
		struct sheet_chunk *next = m->chunks->next;
		free(m->chunks);
		m->chunks = next;
	}
	free(m);
}

bool sheet_charge(struct sheet_mem *m, size_t slots, size_t bytes)
{
	m->slots += slots;
	m->text_bytes += bytes;
	if (m->slots > MB_SHEET_MAX_SLOTS || m->text_bytes > MB_SHEET_MAX_TEXT_BYTES)
		m->over = true;
	return !m->over;
}

const char *sheet_limit_msg(const struct sheet_mem *m)
{
	if (m->text_bytes > MB_SHEET_MAX_TEXT_BYTES)
		return _("the file holds more than 64 MB of text, more than any report form needs; "
		         "delete the rows, columns or sheets that are not part of the report");
	return _("the file holds more than 4,000,000 cells (counting the empty cells before "
	         "each filled one), more than any report form needs; delete the rows, columns "
	         "or sheets that are not part of the report");
}

/* ---- text --------------------------------------------------------------- */

size_t sheet_utf8_check(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		if (p[i] < 0x80) {
			if (p[i] == 0)
				return i;
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return i;
		i += (size_t)k;
	}
	return n;
}

static bool is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

enum sheet_text_status sheet_text(struct sheet_mem *m, const char *s, size_t n, char **out,
                                  size_t *bad)
{
	*out = NULL;
	if (n == 0)
		return SHEET_TEXT_OK;
	size_t at = sheet_utf8_check(s, n);
	if (at < n) {
		*bad = at;
		return s[at] == 0 ? SHEET_TEXT_NUL : SHEET_TEXT_BAD_UTF8;
	}
	if (is_ascii(s, n)) {
		if (!sheet_charge(m, 0, n + 1))
			return SHEET_TEXT_OVER;
		*out = mem_strdup(m, s, n);
		return SHEET_TEXT_OK;
	}
	/* Vietnamese typed with a legacy keyboard driver, or saved on a Mac,
	 * arrives decomposed ("a" + U+0301); the rest of the program compares
	 * composed text. */
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &nfc,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0) {
		free(nfc);
		*bad = 0;
		return SHEET_TEXT_BAD_UTF8;
	}
	if (!sheet_charge(m, 0, (size_t)k + 1)) {
		free(nfc);
		return SHEET_TEXT_OVER;
	}
	*out = mem_strdup(m, (const char *)nfc, (size_t)k);
	free(nfc);
	return SHEET_TEXT_OK;
}

/* ---- references ------------------------------------------------------------ */

int sheet_parse_ref(const char *s, size_t *r, size_t *c, const char **end)
{
	size_t col = 0, row = 0, letters = 0, digits = 0;
	const char *p = s;
	for (; *p >= 'A' && *p <= 'Z'; p++, letters++)
		if (letters < 8)
			col = col * 26 + (size_t)(*p - 'A' + 1);
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < 12)
			row = row * 10 + (size_t)(*p - '0');
	*end = p;
	if (letters == 0 || digits == 0)
		return -1;
	if (row < 1 || row > MB_SHEET_MAX_ROWS || digits > 7)
		return -2;
	if (letters > 3 || col > MB_SHEET_MAX_COLS)
		return -3;
	*r = row - 1;
	*c = col - 1;
	return 0;
}

void mb_cell_ref(char *buf, size_t r, size_t c)
{
	char letters[16];
	size_t n = 0;
	size_t v = c + 1;
	while (v > 0 && n < sizeof letters) {
		letters[n++] = (char)('A' + (v - 1) % 26);
		v = (v - 1) / 26;
	}
	size_t k = 0;
	while (n > 0 && k < 8)
		buf[k++] = letters[--n];
	snprintf(buf + k, 16 - k, "%zu", r + 1);
}

char *mb_cell_where(const char *sheet, size_t r, size_t c)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_putc(&b, '\'');
	for (const char *p = sheet; *p; p++) {
		if (*p == '\'')
			mb_buf_putc(&b, '\'');
		mb_buf_putc(&b, *p);
	}
	mb_buf_putc(&b, '\'');
	if (c != SIZE_MAX) {
		char ref[16];
		mb_cell_ref(ref, r, c);
		mb_buf_printf(&b, "!%s", ref);
	}
	char *where = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return where;
}

const struct mb_cell *mb_sheet_cell(const struct mb_sheet *s, size_t r, size_t c)
{
	if (r >= s->nrows || c >= s->rows[r].ncells)
		return NULL;
	const struct mb_cell *cell = &s->rows[r].cells[c];
	return cell->type == MB_CELL_EMPTY ? NULL : cell;
}

/* ---- a sheet being built ---------------------------------------------------- */

void sheet_build_init(struct sheet_build *b, struct sheet_mem *m)
{
	memset(b, 0, sizeof *b);
	b->mem = m;
}

void sheet_build_release(struct sheet_build *b)
{
	free(b->rows);
	free(b->cells);
	free(b->merges);
	memset(b, 0, sizeof *b);
}

bool sheet_build_cell(struct sheet_build *b, size_t col, enum mb_cell_type type, bool formula,
                      char *text)
{
	if (col < b->ncells)
		mb_die("sheet_build_cell: column %zu after %zu", col, b->ncells);
	if (!sheet_charge(b->mem, col + 1 - b->ncells, 0))
		return false;
	struct mb_cell empty = {MB_CELL_EMPTY, false, NULL};
	while (b->ncells < col)
		MB_PUSH(b->cells, b->ncells, b->cells_cap, empty);
	struct mb_cell cell = {text ? type : MB_CELL_EMPTY, formula, text};
	MB_PUSH(b->cells, b->ncells, b->cells_cap, cell);
	return true;
}

bool sheet_build_row(struct sheet_build *b, size_t r, unsigned line)
{
	if (r < b->nrows)
		mb_die("sheet_build_row: row %zu after %zu", r, b->nrows);
	/* Trailing empty cells are dropped, except an uncached formula: it
	 * tells import that the file was never calculated. */
	while (b->ncells > 0 && b->cells[b->ncells - 1].type == MB_CELL_EMPTY &&
	       !b->cells[b->ncells - 1].is_formula)
		b->ncells--;
	if (!sheet_charge(b->mem, r + 1 - b->nrows, 0))
		return false;
	struct mb_row empty = {NULL, 0, 0};
	while (b->nrows < r)
		MB_PUSH(b->rows, b->nrows, b->rows_cap, empty);
	struct mb_row row = {NULL, b->ncells, line};
	if (b->ncells) {
		row.cells = sheet_alloc(b->mem, b->ncells * sizeof *row.cells);
		memcpy(row.cells, b->cells, b->ncells * sizeof *row.cells);
	}
	MB_PUSH(b->rows, b->nrows, b->rows_cap, row);
	b->ncells = 0;
	return true;
}

bool sheet_build_merge(struct sheet_build *b, struct mb_merge m)
{
	if (!sheet_charge(b->mem, 1, 0))
		return false;
	MB_PUSH(b->merges, b->nmerges, b->merges_cap, m);
	return true;
}

void sheet_build_finish(struct sheet_build *b, struct mb_sheet *s)
{
	size_t n = b->nrows;
	while (n > 0 && b->rows[n - 1].ncells == 0)
		n--;
	s->nrows = n;
	s->rows = NULL;
	if (n) {
		s->rows = sheet_alloc(b->mem, n * sizeof *s->rows);
		memcpy(s->rows, b->rows, n * sizeof *s->rows);
	}
	s->nmerges = b->nmerges;
	s->merges = NULL;
	if (b->nmerges) {
		s->merges = sheet_alloc(b->mem, b->nmerges * sizeof *s->merges);
		memcpy(s->merges, b->merges, b->nmerges * sizeof *s->merges);
	}
}

/* ---- the book -------------------------------------------------------------- */

static const unsigned char ZIP_MAGIC[] = {'P', 'K', 3, 4};
static const unsigned char ZIP_EMPTY_MAGIC[] = {'P', 'K', 5, 6};
/* Compound File Binary: an Excel 97-2003 .xls, or any workbook Excel saved
 * with a password (it encrypts the whole zip into one of these). */
static const unsigned char CFB_MAGIC[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static bool starts_with(const void *data, size_t n, const unsigned char *magic, size_t k)
{
	return n >= k && memcmp(data, magic, k) == 0;
}

/* The name ends in a workbook's extension, any case. */
static bool workbook_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');
	if (!dot || (slash && slash > dot))
		return false;
	static const char *const exts[] = {".xlsx", ".xlsm", ".xltx", ".xls", ".ods"};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return true;
	return false;
}

/* Many "export to Excel" buttons write a web page under a .xls name. */
static bool looks_like_html(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i < n && s[i] == '<';
}

static int read_bytes(struct mb_book *book, const void *data, size_t n, struct mb_diags *d)
{
	const char *file = book->file;
	if (n == 0) {
		mb_diag(d, MB_ERROR, file, "", "%s", _("the file is empty"));
		return -1;
	}
	if (starts_with(data, n, ZIP_MAGIC, sizeof ZIP_MAGIC) ||
	    starts_with(data, n, ZIP_EMPTY_MAGIC, sizeof ZIP_EMPTY_MAGIC)) {
		book->kind = MB_BOOK_XLSX;
		return sheet_read_xlsx(book, data, n, d);
	}
	if (starts_with(data, n, CFB_MAGIC, sizeof CFB_MAGIC)) {
		mb_diag(d, MB_ERROR, file, "", "%s",
		        _("this is an Excel 97-2003 workbook (.xls) or a workbook protected by a "
		          "password, which cannot be read; open it and save it as an Excel workbook "
		          "(.xlsx) without a password"));
		return -1;
	}
	if (workbook_name(file)) {
		if (looks_like_html(data, n))
			mb_diag(d, MB_ERROR, file, "", "%s",
			        _("this file is a web page (HTML) under a spreadsheet's name, as some "
			          "systems export; open it in Excel or LibreOffice and save it as an "
			          "Excel workbook (.xlsx)"));
		else
			mb_diag(d, MB_ERROR, file, "", "%s",
			        _("this is not an Excel workbook: an .xlsx file is a zip archive and "
			          "this one is not (damaged, or another kind of file renamed); open it "
			          "and save it as an Excel workbook (.xlsx)"));
		return -1;
	}
	book->kind = MB_BOOK_CSV;
	return sheet_read_csv(book, data, n, d);
}

static void book_init(struct mb_book *book, const char *name)
{
	memset(book, 0, sizeof *book);
	struct sheet_mem *m = mb_xcalloc(1, sizeof *m);
	book->mem = m;
	book->file = mem_strdup(m, name, strlen(name));
}

int mb_book_read_mem(const char *name, const void *data, size_t n, struct mb_book *book,
                     struct mb_diags *d)
{
	book_init(book, name);
	size_t before = d->errors;
	if (n > MB_SHEET_MAX_FILE_BYTES) {
		mb_diag(d, MB_ERROR, name, "", _("the file is %zu bytes, more than the limit of %zu MB"),
		        n, MB_SHEET_MAX_FILE_BYTES >> 20);
		return -1;
	}
	int rc = read_bytes(book, data, n, d);
	return rc == 0 && d->errors == before ? 0 : -1;
}

/* The whole file, at most MB_SHEET_MAX_FILE_BYTES; NULL after a diagnostic. */
static char *slurp(const char *path, size_t *len, struct mb_diags *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		mb_diag(d, MB_ERROR, path, "", _("cannot open the file: %s"), strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		mb_diag(d, MB_ERROR, path, "", _("cannot read the file: %s"), strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		mb_diag(d, MB_ERROR, path, "", "%s",
		        S_ISDIR(st.st_mode) ? _("is a folder, expected a spreadsheet file")
		                            : _("is not a regular file, expected a spreadsheet file"));
		close(fd);
		return NULL;
	}
	if ((uint64_t)st.st_size > MB_SHEET_MAX_FILE_BYTES) {
		mb_diag(d, MB_ERROR, path, "", _("the file is %lld bytes, more than the limit of %zu MB"),
		        (long long)st.st_size, MB_SHEET_MAX_FILE_BYTES >> 20);
		close(fd);
		return NULL;
	}
	/* One byte more than the size, to see a file that grew meanwhile. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = mb_xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > MB_SHEET_MAX_FILE_BYTES) {
				mb_diag(d, MB_ERROR, path, "",
				        _("the file is larger than the limit of %zu MB"),
				        MB_SHEET_MAX_FILE_BYTES >> 20);
				free(buf);
				close(fd);
				return NULL;
			}
			cap *= 2;
			buf = mb_xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			mb_diag(d, MB_ERROR, path, "", _("cannot read the file: %s"), strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

int mb_book_read(const char *path, struct mb_book *book, struct mb_diags *d)
{
	size_t n = 0;
	char *data = slurp(path, &n, d);
	if (!data) {
		book_init(book, path);
		return -1;
	}
	int rc = mb_book_read_mem(path, data, n, book, d);
	free(data);
	return rc;
}

void mb_book_release(struct mb_book *book)
{
	if (book->mem)
		mem_free(book->mem);
	memset(book, 0, sizeof *book);
}
