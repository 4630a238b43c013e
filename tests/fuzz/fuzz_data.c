/* fuzz_data.c - fuzz target: any data file through the reader, the validator and compute. */
#include "fuzz.h"

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "json_out.h"
#include "load.h"
#include "model.h"

/*
 * The first byte of the input chooses which file of a small valid data
 * folder (tests/fixtures/tiny) the rest replaces; the folder is then
 * loaded, validated and, when valid, computed and written out as period
 * records, exactly as a build would.  The file is put back afterwards.
 */
static const char *const kinds[] = {
	"site.json",
	"units.json",
	"indices/par.json",
	"periods/2023/par.json",
	"periods/2023-q4/services.json",
	"procedures.json",
	"periods/2022/par.json",
	"indices/extra.json",
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *dir = fuzz_data_dir();
	const char *rel = kinds[data[0] % NKINDS];
	size_t oldn = 0;
	char *old = fuzz_read(dir, rel, &oldn);
	fuzz_write(dir, rel, data + 1, size - 1);

	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(dir, &d);
	if (m && d.errors == 0) {
		mb_compute(m, &d);
		if (!mb_diags_failed(&d, false)) {
			mb_buf b;
			mb_buf_init(&b);
			for (size_t p = 0; p < m->nperiods; p++) {
				mb_buf_reset(&b);
				mb_json_period(m, p, &b);
			}
			mb_buf_release(&b);
		}
	}
	mb_model_free(m);
	mb_diags_release(&d);

	if (old) {
		fuzz_write(dir, rel, old, oldn);
		free(old);
	} else {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, rel);
		unlink(path);
	}
	return 0;
}
