/* build.h - the check and build commands: load, compute, render, publish. */
#ifndef MB_BUILD_H
#define MB_BUILD_H

#include <stdbool.h>

#include "buf.h"

struct mb_options {
	const char *data, *out, *templates;
	int jobs;      /* worker threads; >= 1 */
	bool quiet, strict;
	unsigned only;  /* MB_ONLY_* bits: the outputs to build; 0 for all */
};

/* --only: build a part of the site (previews, benchmarks). */
enum { MB_ONLY_DOWNLOADS = 1, MB_ONLY_CHARTS = 2, MB_ONLY_PAGES = 4 };

/* Exit codes of SPEC §1. */
enum { MB_EXIT_OK = 0, MB_EXIT_DATA = 1, MB_EXIT_USAGE = 2, MB_EXIT_SYSTEM = 3 };

/* Validates DATA (every problem of SPEC §2 and the chart font); prints the
 * problems, then a summary of the latest period (summary.c).  Returns an
 * exit code. */
int mb_cmd_check(const struct mb_options *o);
/* Loads and computes DATA as check does, printing its problems; NULL when
 * it is invalid (the caller exits 1).  Free with mb_model_free. */
struct mb_model;
struct mb_model *mb_load_checked(const struct mb_options *o);
/*
 * Builds the site and returns an exit code.  Every problem line it prints
 * (data problems, template errors, the closing line of a failed build) is
 * also appended to problems when it is not NULL: the preview server shows
 * them over its pages.  System errors are printed only.
 */
int mb_cmd_build(const struct mb_options *o, mb_buf *problems);

#endif
