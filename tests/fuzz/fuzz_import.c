/* fuzz_import.c - fuzz target: a CSV sheet through import's header, row and data-file logic. */
#include "fuzz.h"

#include "compute.h"
#include "diag.h"
#include "import_priv.h"
#include "load.h"
#include "sheet.h"

/*
 * The readers have a target of their own (fuzz_sheet); this one starts
 * where they end.  The first byte of the input says what the sheet should
 * hold (0: decide from the headers, 1: service figures, 2: scores of the
 * index); the rest is read as a CSV file, which maps bytes to cells most
 * directly.  The header is looked for, the rows read against the units of
 * tests/fixtures/tiny, the data file written and compared with the one it
 * would replace, as import does.  Every problem must be a diagnostic.
 */
static struct mb_model *model(void)
{
	static struct mb_model *m;
	if (m)
		return m;
	struct mb_diags d;
	mb_diags_init(&d);
	m = mb_load(FUZZ_FIXTURE, &d);
	if (!m || d.errors) {
		fprintf(stderr, "fuzz: %s does not load (run from the top of the source tree)\n",
		        FUZZ_FIXTURE);
		abort();
	}
	mb_compute(m, &d);
	mb_diags_release(&d);
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct mb_model *m = model();
	static struct mb_unit_names *names;
	if (!names)
		names = mb_unit_names_new(m);
	int want = data[0] % 3 == 0 ? -2 : data[0] % 3 == 1 ? -1 : 0;
	struct mb_book b;
	struct mb_diags d;
	mb_diags_init(&d);
	if (mb_book_read_mem("f.csv", data + 1, size - 1, &b, &d) == 0 && b.nsheets) {
		struct mb_imp_table t;
		memset(&t, 0, sizeof t);
		t.book = &b;
		t.sheet = 0;
		t.period = strdup("2023-q4");
		if (mb_imp_find_header(m, &b.sheets[0], want, &t.head)) {
			t.index = t.head.index;
			mb_imp_read_rows(m, names, &t, &d);
			mb_buf json, report;
			mb_buf_init(&json);
			mb_buf_init(&report);
			mb_imp_json(m, &t, "2024-01-10", &json);
			size_t n = 0;
			char *old = fuzz_read(FUZZ_FIXTURE, t.index < 0 ? "periods/2023-q4/services.json"
			                                                : "periods/2023/par.json", &n);
			mb_imp_diff(m, t.index, "out.json", old, json.data, &report);
			free(old);
			mb_buf_release(&json);
			mb_buf_release(&report);
		}
		mb_imp_table_release(&t);
	}
	mb_book_release(&b);
	mb_diags_release(&d);
	return 0;
}
