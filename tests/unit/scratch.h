/* scratch.h - files and folders written into a test's scratch folder, top. */
#ifndef MB_SCRATCH_H
#define MB_SCRATCH_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "harness.h"
#include "publish.h"

static char *top; /* the scratch folder, made by scratch_begin */

/* Makes top, a new folder mb-test-WHAT-XXXXXX under $TMPDIR (or /tmp);
 * false (a failed check) when it cannot. */
static bool scratch_begin(const char *what)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = mb_strf("%s/mb-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", what);
	top = mkdtemp(tmpl);
	CHECK(top != NULL);
	if (!top)
		free(tmpl);
	return top != NULL;
}

/* Removes top and all it holds. */
static void scratch_end(void)
{
	mb_remove_tree(top);
	free(top);
	top = NULL;
}

/* top/rel holding text. */
static void put(const char *rel, const char *text)
{
	char *path = mb_strf("%s/%s", top, rel);
	FILE *f = fopen(path, "w");
	CHECK_MSG(f != NULL, "cannot write %s", path);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* The folder top/rel. */
static void dir(const char *rel)
{
	char *path = mb_strf("%s/%s", top, rel);
	CHECK_MSG(mkdir(path, 0755) == 0, "mkdir %s", path);
	free(path);
}

#endif
