/* sheet_csv.c - a .csv file read as one sheet: its encoding found, its separator detected, its fields parsed by libcsv. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "i18n.h"
#include "sheet_priv.h"

/*
 * What spreadsheet programs write when asked for CSV: UTF-8 with or without
 * a byte order mark ("CSV UTF-8"), or the Windows code page of the machine,
 * which for Vietnamese is Windows-1258 (tone marks as combining characters
 * after the letter, so the text is NFC-normalised after conversion); Excel's
 * "Unicode text" is UTF-16 with a byte order mark and tabs.  The separator
 * is ',' or, where the decimal mark is a comma (Vietnamese settings), ';'.
 *
 * Every field is a text cell; libcsv trims the spaces and tabs around an
 * unquoted field, as spreadsheet programs do when they open the file.
 * Each row records the line its record starts on: a quoted field may hold
 * line breaks, so a record can span several lines.  Blank lines are empty
 * rows.
 */

/* Records and bytes looked at to choose the separator. */
#define SNIFF_RECORDS 100
#define SNIFF_BYTES ((size_t)1 << 20)

/* Line (1-based) and column (1-based, in characters) of byte off of s.  A
 * line ends at LF, CR LF or a lone CR. */
static void line_col(const char *s, size_t n, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off && i < n; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != '\r') {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* ---- encodings --------------------------------------------------------------- */

/*
 * data[0..n) converted from the encoding `from` into malloc'd UTF-8 (NUL-
 * terminated, length in *out_len).  On a byte that is not text in that
 * encoding, returns NULL with its offset in *bad; when the conversion is not
 * available at all, returns NULL with *bad = SIZE_MAX and errno set.
 */
static char *convert(const char *from, const char *data, size_t n, size_t *out_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		*bad = SIZE_MAX;
		return NULL;
	}
	size_t cap = n * 3 + 16, used = 0;
	char *out = mb_xmalloc(cap);
	char *in = (char *)data;
	size_t inleft = n;
	bool flushing = false;
	for (;;) {
		char *o = out + used;
		size_t oleft = cap - used - 1;
		/* Once the input is converted, one more call hands over a letter
		 * the converter holds back to see whether a tone mark follows. */
		size_t r = flushing ? iconv(cd, NULL, NULL, &o, &oleft)
		                    : iconv(cd, &in, &inleft, &o, &oleft);
		used = (size_t)(o - out);
		if (r == (size_t)-1 && errno == E2BIG) {
			cap *= 2;
			out = mb_xrealloc(out, cap);
			continue;
		}
		if (r == (size_t)-1) { /* EILSEQ, or EINVAL: cut short at the end */
			*bad = (size_t)(in - data);
			iconv_close(cd);
			free(out);
			return NULL;
		}
		if (flushing)
			break;
		flushing = true;
	}
	iconv_close(cd);
	out[used] = '\0';
	*out_len = used;
	return out;
}

/*
 * The file's text as UTF-8 without a NUL: the bytes themselves, or a
 * malloc'd conversion in *owned.  NULL after a diagnostic.
 */
static const char *decode(const char *file, const char *data, size_t n, size_t *len, char **owned,
                          struct mb_diags *d)
{
	*owned = NULL;
	unsigned line, col;
	size_t bad;
	if (n >= 2 && ((data[0] == '\xFF' && data[1] == '\xFE') ||
	               (data[0] == '\xFE' && data[1] == '\xFF'))) {
		*owned = convert("UTF-16", data, n, len, &bad);
		if (!*owned) {
			if (bad == SIZE_MAX)
				mb_diag(d, MB_ERROR, file, "", _("cannot convert from UTF-16: %s"),
				        strerror(errno));
			else
				mb_diag(d, MB_ERROR, file, "",
				        _("the file starts as UTF-16 text but byte %zu is not UTF-16; "
				          "save the sheet as \"CSV UTF-8\""),
				        bad);
			return NULL;
		}
	} else {
		if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
			data += 3;
			n -= 3;
		}
		size_t at = sheet_utf8_check(data, n);
		if (at == n) {
			*len = n;
			return data;
		}
		if (data[at] != 0) {
			*owned = convert("WINDOWS-1258", data, n, len, &bad);
			if (!*owned && bad == SIZE_MAX) {
				mb_diag(d, MB_ERROR, file, "", _("cannot convert from Windows-1258: %s"),
				        strerror(errno));
				return NULL;
			}
			if (!*owned) {
				unsigned l8, c8;
				line_col(data, n, at, &l8, &c8);
				line_col(data, n, bad, &line, &col);
				mb_diag_at(d, MB_ERROR, file, line, col,
				           _("the file is neither UTF-8 nor Windows-1258 text: byte 0x%02X "
				             "is not a character in Windows-1258 (and the text stops being "
				             "UTF-8 at line %u, column %u); save the sheet as \"CSV "
				             "UTF-8\""),
				           (unsigned char)data[bad], l8, c8);
				return NULL;
			}
		}
	}
	/* A NUL is no character of a text file: UTF-16 without its mark, or
	 * not text at all. */
	const char *text = *owned ? *owned : data;
	const char *nul = memchr(text, 0, *owned ? *len : n);
	if (nul) {
		line_col(text, *owned ? *len : n, (size_t)(nul - text), &line, &col);
		mb_diag_at(d, MB_ERROR, file, line, col, "%s",
		           _("the file contains a NUL byte, which no text file has: it is not a "
		             "CSV file; save the sheet as \"CSV UTF-8\""));
		free(*owned);
		*owned = NULL;
		return NULL;
	}
	if (!*owned)
		*len = n;
	return text;
}

/* ---- the separator ----------------------------------------------------------- */

/*
 * The separator is the candidate whose count, outside quotes, is the same
 * on the most records: spreadsheet programs write every row with as many
 * separators as the widest, while commas in a ';' file (decimal commas,
 * names) vary from row to row.  Ties go to the more frequent, then to ','.
 */
static char detect_separator(const char *s, size_t n)
{
	static const char cand[] = {',', ';', '\t'};
	enum { NC = sizeof cand };
	size_t counts[SNIFF_RECORDS][NC];
	size_t nrec = 0, cur[NC] = {0};
	bool inq = false, any = false;
	if (n > SNIFF_BYTES)
		n = SNIFF_BYTES;
	for (size_t i = 0; i <= n && nrec < SNIFF_RECORDS; i++) {
		char c = i < n ? s[i] : '\n';
		if (c == '"') {
			inq = !inq;
			any = true;
		} else if (!inq && (c == '\n' || c == '\r')) {
			if (any)
				memcpy(counts[nrec++], cur, sizeof cur);
			memset(cur, 0, sizeof cur);
			any = false;
		} else if (!inq) {
			for (int k = 0; k < NC; k++)
				cur[k] += c == cand[k];
			any = true;
		}
	}
	char best = ',';
	size_t best_freq = 0, best_total = 0;
	for (int k = 0; k < NC; k++) {
		size_t freq = 0, total = 0;
		for (size_t i = 0; i < nrec; i++) {
			total += counts[i][k];
			if (counts[i][k] == 0)
				continue;
			size_t same = 0;
			for (size_t j = 0; j < nrec; j++)
				same += counts[j][k] == counts[i][k];
			if (same > freq)
				freq = same;
		}
		if (freq > best_freq || (freq == best_freq && freq && total > best_total)) {
			best = cand[k];
			best_freq = freq;
			best_total = total;
		}
	}
	return best;
}

/* ---- parsing ------------------------------------------------------------------ */

struct csv_read {
	struct sheet_mem *mem;
	struct mb_diags *d;
	const char *file;
	const char *text;
	size_t len;
	struct sheet_build b;
	size_t col;         /* the next field's column */
	size_t row;         /* the next record's row, 0-based */
	unsigned line;      /* the line being parsed */
	unsigned rec_line;  /* the line the current record starts on */
	size_t rec_off;     /* the byte it starts at */
	size_t line_end;    /* the byte after the line being parsed */
	bool after_cr;      /* the last record ended at a CR, and nothing came since */
	bool failed;        /* a passed limit: the rest is not read */
	unsigned problems;
};

static void over(struct csv_read *r)
{
	if (!r->failed)
		mb_diag_at(r->d, MB_ERROR, r->file, r->rec_line, 1, "%s", sheet_limit_msg(r->mem));
	r->failed = true;
}

static void on_field(void *s, size_t n, void *ud)
{
	struct csv_read *r = ud;
	r->after_cr = false;
	if (r->failed)
		return;
	if (r->col >= MB_SHEET_MAX_COLS) {
		if (r->col++ == MB_SHEET_MAX_COLS)
			mb_diag_at(r->d, MB_ERROR, r->file, r->rec_line, 1,
			           _("the record has more than %d fields, the most a sheet's row can "
			             "have"),
			           MB_SHEET_MAX_COLS);
		return;
	}
	size_t col = r->col++;
	if (n > MB_SHEET_MAX_CELL_BYTES) {
		mb_diag_at(r->d, MB_ERROR, r->file, r->rec_line, 1,
		           _("field %zu of the record is longer than 32,767 characters, the most a "
		             "cell holds"),
		           col + 1);
		return;
	}
	char *text;
	size_t bad;
	/* The whole text was checked: only a passed budget can fail here. */
	if (sheet_text(r->mem, s ? s : "", n, &text, &bad) != SHEET_TEXT_OK ||
	    !sheet_build_cell(&r->b, col, MB_CELL_TEXT, false, text))
		over(r);
}

static void on_record(int c, void *ud)
{
	struct csv_read *r = ud;
	if (c == '\n' && r->col == 0 && r->after_cr) {
		r->after_cr = false; /* the LF of a CR LF: the record ended at the CR */
		return;
	}
	if (!r->failed && r->row >= MB_SHEET_MAX_ROWS) {
		mb_diag_at(r->d, MB_ERROR, r->file, r->rec_line, 1,
		           _("the file has more than %d records, the most rows a sheet can have"),
		           MB_SHEET_MAX_ROWS);
		r->failed = true;
	}
	if (!r->failed && !sheet_build_row(&r->b, r->row, r->rec_line))
		over(r);
	r->b.ncells = 0;
	r->row++;
	r->col = 0;
	r->after_cr = c == '\r';
	r->rec_line = r->line + 1;
	r->rec_off = r->line_end;
}

/* The place of libcsv's strict-mode complaint: a quote inside an unquoted
 * field, or text after a field's closing quote. */
static void syntax_error(struct csv_read *r, size_t off)
{
	unsigned line, col;
	line_col(r->text, r->len, off, &line, &col);
	if (r->text[off] == '"')
		mb_diag_at(r->d, MB_ERROR, r->file, line, col, "%s",
		           _("a quote (\") inside a field that does not start with one: put the whole "
		             "field in quotes and double the quote inside (\"\")"));
	else
		mb_diag_at(r->d, MB_ERROR, r->file, line, col, "%s",
		           _("text after the closing quote of a field: the whole field must be inside "
		             "the quotes, a quote inside it doubled (\"\")"));
}

/* The quote that opens the field left open at the end of the file. */
static void unclosed_quote(struct csv_read *r, size_t len)
{
	size_t open = r->rec_off;
	bool inq = false;
	for (size_t i = r->rec_off; i < len; i++) {
		if (r->text[i] != '"')
			continue;
		if (!inq) {
			inq = true;
			open = i;
		} else if (i + 1 < len && r->text[i + 1] == '"') {
			i++;
		} else {
			inq = false;
		}
	}
	unsigned line, col;
	line_col(r->text, r->len, open, &line, &col);
	mb_diag_at(r->d, MB_ERROR, r->file, line, col, "%s",
	           _("this quoted field is never closed: the quote (\") that should end it is "
	             "missing, so the rest of the file would be one field"));
}

/* The end of the line that starts at i: after its LF, CR LF or lone CR. */
static size_t next_line(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		i++;
	return i < n ? i + 1 : n;
}

static void parse(struct csv_read *r, const char *s, size_t n, char sep)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		mb_die("out of memory starting the CSV parser");
	csv_set_delim(&p, (unsigned char)sep);
	/* Fed one line at a time, so that the callbacks know the line. */
	size_t i = 0;
	r->line = 1;
	r->rec_line = 1;
	while (i < n && !r->failed) {
		size_t end = next_line(s, i, n);
		r->line_end = end;
		size_t k = csv_parse(&p, s + i, end - i, on_field, on_record, r);
		if (k != end - i) {
			if (csv_error(&p) == CSV_ENOMEM || csv_error(&p) == CSV_ETOOBIG)
				mb_die("out of memory parsing %s", r->file);
			syntax_error(r, i + k);
			r->failed = true;
			break;
		}
		i = end;
		r->line++;
	}
	r->line--; /* the record that fini ends is on the last line */
	if (!r->failed && csv_fini(&p, on_field, on_record, r) != 0)
		unclosed_quote(r, n);
	csv_free(&p);
}

/* The file's base name without its extension, for the sheet's name. */
static char *sheet_name(struct sheet_mem *m, const char *file)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	char *name;
	size_t bad;
	if (sheet_text(m, base, n, &name, &bad) != SHEET_TEXT_OK || !name)
		sheet_text(m, "CSV", 3, &name, &bad); /* not UTF-8: the name matters little */
	return name;
}

int sheet_read_csv(struct mb_book *book, const char *data, size_t n, struct mb_diags *d)
{
	size_t len;
	char *owned;
	const char *text = decode(book->file, data, n, &len, &owned, d);
	if (!text)
		return -1;
	struct sheet_mem *m = book->mem;
	book->sheets = sheet_alloc(m, sizeof *book->sheets);
	book->nsheets = 1;
	struct mb_sheet *s = &book->sheets[0];
	memset(s, 0, sizeof *s);
	s->name = sheet_name(m, book->file);
	struct csv_read r = {.mem = m, .d = d, .file = book->file, .text = text, .len = len};
	sheet_build_init(&r.b, m);
	size_t before = d->errors;
	parse(&r, text, len, detect_separator(text, len));
	sheet_build_finish(&r.b, s);
	sheet_build_release(&r.b);
	free(owned);
	return d->errors == before ? 0 : -1;
}
