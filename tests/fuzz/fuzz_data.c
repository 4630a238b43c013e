/* fuzz_data.c - fuzz target: any data file through the reader, the validator and compute. */
#include "fuzz.h"

#include <stdbool.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "json_out.h"
#include "load.h"
#include "model.h"

/*
 * The first byte of the input chooses what the rest is.  Kinds below
 * NKINDS: which file of a small valid data folder (tests/fixtures/tiny) the
 * rest replaces.  Then three kinds that make the folder itself hostile:
 *   K_NAMED  "NAME\nSCORES": an index named NAME (the fixture's definition)
 *            with SCORES in 2023, so ids can make two outputs collide
 *            ("q4-dich-vu" of 2023 against the services of 2023-q4);
 *   K_LINK   a byte choosing where, then a symbolic link's target
 *            ("../../etc/passwd", "/", "."): it must not be followed out;
 *   K_FIFO   a byte choosing which file or folder becomes a FIFO: it must be
 *            refused without a read that would block.
 * The folder is then loaded, validated and, when valid, computed and
 * written out as period records, exactly as a build would; everything is
 * put back afterwards.
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
enum { K_NAMED = NKINDS, K_LINK, K_FIFO, K_ALL };

/* Where links and FIFOs go: in place of a file, a folder, or as new ones. */
static const char *const spots[] = {
	"units.json", "pages/link.md", "periods/2024", "indices/link.json", "periods/2023/par.json",
	"pages", "site.json",
};
#define NSPOTS (sizeof spots / sizeof spots[0])

static void run(const char *dir)
{
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
}

/* Moves dir/rel aside (to dir/.aside) so a link or FIFO can take its place. */
static bool set_aside(const char *dir, const char *rel, char *path, char *aside, size_t n)
{
	snprintf(path, n, "%s/%s", dir, rel);
	snprintf(aside, n, "%s/.aside", dir);
	struct stat st;
	return lstat(path, &st) == 0 && rename(path, aside) == 0;
}

static void put_back(const char *path, const char *aside, bool moved)
{
	unlink(path);
	rmdir(path);
	if (moved && rename(aside, path) != 0)
		abort();
}

static void special(const char *dir, int kind, const uint8_t *data, size_t size)
{
	if (size < 1)
		return;
	char path[4096], aside[4096];
	bool moved = set_aside(dir, spots[data[0] % NSPOTS], path, aside, sizeof path);
	if (kind == K_LINK) {
		char target[4096];
		size_t n = size - 1 < sizeof target - 1 ? size - 1 : sizeof target - 1;
		memcpy(target, data + 1, n);
		target[n] = '\0';
		if (n > 0 && strlen(target) == n && symlink(target, path) == 0)
			run(dir);
	} else if (mkfifo(path, 0644) == 0) {
		run(dir);
	}
	put_back(path, aside, moved);
}

/* An index named by the input, with the fixture's definition. */
static void named(const char *dir, const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t len = nl ? (size_t)(nl - data) : 0;
	if (!nl || len == 0 || len > 64)
		return;
	char name[65];
	memcpy(name, data, len);
	name[len] = '\0';
	if (strlen(name) != len || strchr(name, '/') || name[0] == '.')
		return;
	char idx[128], scores[128];
	snprintf(idx, sizeof idx, "indices/%s.json", name);
	snprintf(scores, sizeof scores, "periods/2023/%s.json", name);
	size_t n = 0;
	char *def = fuzz_read(FUZZ_FIXTURE, "indices/par.json", &n);
	char *old = fuzz_read(dir, idx, &(size_t){0});
	char *olds = fuzz_read(dir, scores, &(size_t){0});
	if (!def || old || olds) { /* a file of the fixture: leave it to the file kinds */
		free(def);
		free(old);
		free(olds);
		return;
	}
	fuzz_write(dir, idx, def, n);
	fuzz_write(dir, scores, nl + 1, size - len - 1);
	run(dir);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, idx);
	unlink(path);
	snprintf(path, sizeof path, "%s/%s", dir, scores);
	unlink(path);
	free(def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *dir = fuzz_data_dir();
	int kind = data[0] % K_ALL;
	if (kind == K_NAMED) {
		named(dir, data + 1, size - 1);
		return 0;
	}
	if (kind == K_LINK || kind == K_FIFO) {
		special(dir, kind, data + 1, size - 1);
		return 0;
	}
	const char *rel = kinds[kind];
	size_t oldn = 0;
	char *old = fuzz_read(dir, rel, &oldn);
	fuzz_write(dir, rel, data + 1, size - 1);
	run(dir);
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
