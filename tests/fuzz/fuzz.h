/* fuzz.h - what the libFuzzer targets share: the entry point and scratch folders. */
#ifndef MB_FUZZ_H
#define MB_FUZZ_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "publish.h"

/*
 * Every target (fuzz_*.c, one file each) defines LLVMFuzzerTestOneInput.
 * Built with -fsanitize=fuzzer it is driven by libFuzzer (make fuzz); linked
 * with replay.c it replays files instead: make test runs it over the seed
 * corpus and every input kept in tests/fuzz/regressions/<target>/.
 * Targets run from the top of the source tree.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch folders below are made once per process and removed at exit. */
#define FUZZ_UNUSED __attribute__((unused))
#define FUZZ_FIXTURE "tests/fixtures/tiny"

static FUZZ_UNUSED char *fuzz_dirs[8];
static FUZZ_UNUSED size_t fuzz_ndirs;

static FUZZ_UNUSED void fuzz_cleanup(void)
{
	for (size_t i = 0; i < fuzz_ndirs; i++) {
		mb_remove_tree(fuzz_dirs[i]);
		free(fuzz_dirs[i]);
	}
	fuzz_ndirs = 0;
}

/* A fresh empty temporary folder; aborts when it cannot be made. */
static FUZZ_UNUSED char *fuzz_temp_dir(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/minhbach-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	char *dir = mkdtemp(tmpl);
	if (!dir || fuzz_ndirs == sizeof fuzz_dirs / sizeof fuzz_dirs[0]) {
		fprintf(stderr, "fuzz: cannot create a temporary folder: %s\n", strerror(errno));
		abort();
	}
	if (fuzz_ndirs == 0)
		atexit(fuzz_cleanup);
	fuzz_dirs[fuzz_ndirs] = strdup(dir);
	return fuzz_dirs[fuzz_ndirs++];
}

/* Writes n bytes to dir/rel, creating folders; aborts on failure. */
static FUZZ_UNUSED void fuzz_write(const char *dir, const char *rel, const void *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (char *s = path + strlen(dir) + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		fprintf(stderr, "fuzz: %s: cannot write: %s\n", path, strerror(errno));
		abort();
	}
}

/* Reads dir/rel into a malloc'd NUL-terminated buffer; NULL when absent. */
static FUZZ_UNUSED char *fuzz_read(const char *dir, const char *rel, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t k;
	while (buf && (k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		abort();
	buf[len] = '\0';
	*n = len;
	return buf;
}

/* The fixture's files, copied one by one: the fixture is small and flat. */
static const char *const fixture_files[] = {
	"site.json", "units.json", "indices/par.json", "periods/2022/par.json",
	"periods/2023/par.json", "periods/2023-q4/services.json", "pages/gioi-thieu.md",
};

/* A copy of tests/fixtures/tiny, to write one hostile file into. */
static FUZZ_UNUSED const char *fuzz_data_dir(void)
{
	static char *dir;
	if (dir)
		return dir;
	dir = fuzz_temp_dir("data");
	for (size_t i = 0; i < sizeof fixture_files / sizeof fixture_files[0]; i++) {
		size_t n;
		char *text = fuzz_read(FUZZ_FIXTURE, fixture_files[i], &n);
		if (!text) {
			fprintf(stderr, "fuzz: %s/%s: cannot read (run from the top of the source "
			        "tree)\n", FUZZ_FIXTURE, fixture_files[i]);
			abort();
		}
		fuzz_write(dir, fixture_files[i], text, n);
		free(text);
	}
	return dir;
}

#endif
