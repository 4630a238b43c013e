/* scratch.h - files and folders written into a test's scratch folder, top. */
#ifndef MB_SCRATCH_H
#define MB_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "harness.h"

static char *top; /* the scratch folder (mkdtemp), set by the test */

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
