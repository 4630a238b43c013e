/* contexts.c - every page's template context as JSON lines, for the Hugo reference of make bench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "charts_out.h"
#include "downloads.h"
#include "indir.h"
#include "jobs.h"
#include "model.h"
#include "out.h"
#include "pages.h"

/*
 * contexts DATA TEMPLATES SCRATCH OUT.jsonl
 *
 * Loads and computes DATA as a build does, writes the downloads and charts
 * into the folder SCRATCH (pages show the charts drawn and list the
 * downloads with their sizes), then writes one line per HTML page to
 * OUT.jsonl: {"tmpl": TEMPLATE, "rel": PATH, "ctx": CONTEXT}, the context
 * its template renders in a build.  tests/bench/hugo.py turns them into a
 * Hugo project whose pages are the same HTML.
 */

static void line(void *arg, const char *tmpl, const char *rel, const cJSON *ctx)
{
	FILE *f = arg;
	/* Allocated in the page's arena (jsonfile.h): freed with it. */
	char *json = cJSON_PrintUnformatted(ctx);
	if (!json) {
		fprintf(stderr, "contexts: out of memory printing %s\n", rel);
		exit(3);
	}
	fprintf(f, "{\"tmpl\":\"%s\",\"rel\":\"%s\",\"ctx\":%s}\n", tmpl, rel, json);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: contexts DATA TEMPLATES SCRATCH OUT.jsonl\n");
		return 2;
	}
	mb_jobs_set_threads(2);
	struct mb_options o = {.data = argv[1], .templates = argv[2], .jobs = 2, .quiet = true};
	struct mb_model *m = mb_load_checked(&o);
	if (!m)
		return 1;
	struct mb_out out;
	mb_out_init(&out, argv[3]);
	struct mb_downloads dl = {0};
	struct mb_charts charts = {0};
	if (mb_render_downloads(m, &out, &dl) != 0 || mb_render_charts(m, &out, &charts) != 0)
		return 3;
	struct mb_indir tin;
	if (mb_indir_open(&tin, argv[2], NULL) != 0) {
		perror(argv[2]);
		return 3;
	}
	FILE *f = fopen(argv[4], "w");
	if (!f) {
		perror(argv[4]);
		return 3;
	}
	mb_buf problems;
	mb_buf_init(&problems);
	int rc = mb_page_contexts(m, &tin, &dl, &charts, line, f, &problems);
	fputs(problems.data ? problems.data : "", stderr);
	if (fclose(f) != 0) {
		perror(argv[4]);
		rc = 3;
	}
	mb_buf_release(&problems);
	mb_indir_close(&tin);
	mb_downloads_release(&dl);
	mb_charts_release(&charts);
	mb_out_release(&out);
	mb_model_free(m);
	return rc;
}
