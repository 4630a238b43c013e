/* fuzz_sheet.c - fuzz target: bytes through the .xlsx and .csv readers, whole files or one XML part. */
#include "fuzz.h"

#include <zip.h>

#include "diag.h"
#include "sheet.h"

/*
 * The first byte of the input says what the rest is:
 *   0        a whole file, read as "f.csv" would be: by its content, so a
 *            zip goes to the .xlsx reader and anything else to the CSV one;
 *   1 to 6   one XML part of a small valid workbook, put into the zip
 *            (stored, so the XML is what the fuzzer mutates) in place of:
 *            the sheet, the shared strings, the workbook, the workbook's
 *            relationships, the custom properties, the package's
 *            relationships.
 * A mutated zip rarely survives its checksums; the parts go through the
 * real path (libzip, expat, the readers) all the same.
 */

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char *const part_names[] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels", "docProps/custom.xml", "_rels/.rels",
};
#define NPARTS (sizeof part_names / sizeof part_names[0])

static const char *const part_texts[] = {
	"<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
	"<c r=\"B1\"><v>1.5</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row><row r=\"3\"><c r=\"A3\" "
	"t=\"inlineStr\"><is><t>x</t></is></c><c r=\"B3\" t=\"b\"><v>1</v></c><c r=\"C3\" "
	"t=\"str\"><f>A1</f><v>y</v></c></row></sheetData><mergeCells><mergeCell ref=\"A1:B2\"/>"
	"</mergeCells></worksheet>",
	"<sst xmlns=\"" MAIN "\"><si><t>Sở Tư pháp</t></si><si><r><t>a</t></r><r><t>b</t></r>"
	"<rPh><t>c</t></rPh></si></sst>",
	"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" REL "\"><sheets><sheet name=\"Biểu 06a\" "
	"sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" REL "/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" REL
	"/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>",
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"docPropsVTypes\"><property name=\"minhbach\"><vt:lpwstr>services 2025-q1</vt:lpwstr>"
	"</property></Properties>",
	"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" REL
	"/officeDocument\" Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" Type=\"" REL
	"/custom-properties\" Target=\"docProps/custom.xml\"/></Relationships>",
};

/* The workbook with part k replaced by data[0..n), as zip bytes (malloc'd). */
static void *workbook_with(size_t k, const uint8_t *data, size_t n, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		abort();
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		abort();
	for (size_t i = 0; i < NPARTS; i++) {
		const void *p = i == k ? (const void *)data : part_texts[i];
		size_t m = i == k ? n : strlen(part_texts[i]);
		zip_source_t *s = zip_source_buffer(za, p, m, 0);
		zip_int64_t idx = s ? zip_file_add(za, part_names[i], s, 0) : -1;
		if (idx < 0 || zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0)
			abort();
	}
	if (zip_close(za) != 0)
		abort();
	zip_stat_t st;
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	void *out = malloc(st.size ? st.size : 1);
	if (!out || zip_source_read(src, out, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

/* Every cell of the book, touched, so that a bad pointer shows. */
static void walk(const struct mb_book *b)
{
	size_t sum = 0;
	for (size_t i = 0; i < b->nsheets; i++) {
		const struct mb_sheet *s = &b->sheets[i];
		sum += strlen(s->name);
		for (size_t r = 0; r < s->nrows; r++)
			for (size_t c = 0; c < s->rows[r].ncells; c++) {
				const struct mb_cell *cell = mb_sheet_cell(s, r, c);
				if (cell)
					sum += strlen(cell->text);
			}
		for (size_t m = 0; m < s->nmerges; m++)
			if (s->merges[m].r1 > s->merges[m].r2 || s->merges[m].c1 > s->merges[m].c2)
				abort();
	}
	if (b->property)
		sum += strlen(b->property);
	if (sum == (size_t)-1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t mode = data[0] % (NPARTS + 1);
	size_t n = size - 1, len = n;
	const void *bytes = data + 1;
	void *zipped = NULL;
	if (mode > 0)
		bytes = zipped = workbook_with(mode - 1, data + 1, n, &len);
	struct mb_book b;
	struct mb_diags d;
	mb_diags_init(&d);
	int rc = mb_book_read_mem("f.csv", bytes, len, &b, &d);
	if ((rc == 0) != (d.errors == 0))
		abort(); /* the result and the problems must agree */
	walk(&b);
	mb_book_release(&b);
	mb_diags_release(&d);
	free(zipped);
	return 0;
}
