/* build.c - the check and build commands: load, compute, render, publish. */
#include "build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "cache.h"
#include "charts_out.h"
#include "compute.h"
#include "diag.h"
#include "downloads.h"
#include "i18n.h"
#include "jobs.h"
#include "load.h"
#include "out.h"
#include "pages.h"
#include "publish.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Prints problem lines on stderr and keeps them in problems (may be NULL). */
static void say(mb_buf *problems, const mb_buf *lines)
{
	fputs(lines->data, stderr);
	if (problems)
		mb_buf_put(problems, lines->data, lines->len);
}

/*
 * Loads, computes and checks the chart font, with every data problem in
 * one list, so that check refuses what build would.  Prints the problems
 * (and keeps them in problems).  Returns the model, or NULL when the data
 * is invalid (the caller exits 1).
 */
static struct mb_model *load_valid(const struct mb_options *o, mb_buf *problems)
{
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load(o->data, &d);
	if (m && d.errors == 0)
		mb_compute(m, &d);
	if (m)
		mb_charts_check_font(m, &d);
	mb_buf lines;
	mb_buf_init(&lines);
	mb_diags_format(&d, o->strict, &lines);
	bool failed = !m || mb_diags_failed(&d, o->strict);
	if (failed)
		mb_buf_printf(&lines, o->strict && d.warnings
		              ? _("minhbach: %s: %zu error(s), %zu warning(s) (warnings count as errors "
		                  "with --strict): nothing was published\n")
		              : _("minhbach: %s: %zu error(s), %zu warning(s): nothing was published\n"),
		              o->data, d.errors, d.warnings);
	say(problems, &lines);
	mb_buf_release(&lines);
	mb_diags_release(&d);
	if (failed) {
		mb_model_free(m);
		return NULL;
	}
	return m;
}

static size_t count_scores(const struct mb_model *m)
{
	size_t n = 0;
	for (size_t p = 0; p < m->nperiods; p++)
		for (size_t i = 0; i < m->nindices; i++)
			n += m->periods[p].scores[i] ? 1 : 0;
	return n;
}

int mb_cmd_check(const struct mb_options *o)
{
	mb_jobs_set_threads(o->jobs);
	struct mb_model *m = load_valid(o, NULL);
	if (!m)
		return MB_EXIT_DATA;
	printf("%s: valid: %zu groups, %zu units, %zu indices, %zu periods (%zu score tables), "
	       "%zu procedures, %zu pages\n", o->data, m->ngroups, m->nunits, m->nindices,
	       m->nperiods, count_scores(m), m->nprocs, m->npages);
	mb_model_free(m);
	return MB_EXIT_OK;
}

/* Seconds spent in each stage of a build, for the summary. */
struct stages {
	double load, downloads, charts, pages, publish;
	size_t pngs;
};

/* Renders every output into the staging root.  Downloads come first: the
 * downloads page lists their sizes and hashes.  Template problems are
 * printed and kept in problems. */
static int render_all(const struct mb_model *m, const struct mb_options *o, struct mb_out *out,
                      struct mb_publish *pub, struct stages *st, mb_buf *problems)
{
	double t = now();
	struct mb_downloads dl = {0};
	struct mb_charts charts = {0};
	int rc = MB_EXIT_OK;
	unsigned only = o->only ? o->only : ~0u;
	if ((only & MB_ONLY_DOWNLOADS) && mb_render_downloads(m, out, &dl) != 0)
		rc = MB_EXIT_SYSTEM;
	st->downloads = now() - t;
	t = now();
	if (rc == MB_EXIT_OK && (only & MB_ONLY_CHARTS) && mb_render_charts(m, out, &charts) != 0)
		rc = MB_EXIT_SYSTEM;
	st->charts = now() - t;
	st->pngs = charts.drawn;
	/* Downloads and charts are written: let the disk take them while the
	 * pages render. */
	if (rc == MB_EXIT_OK && (only & MB_ONLY_PAGES))
		mb_publish_flush_early(pub);
	t = now();
	if (rc == MB_EXIT_OK && (only & MB_ONLY_PAGES)) {
		mb_buf lines;
		mb_buf_init(&lines);
		int pr = mb_render_pages(m, o->templates, &dl, (only & MB_ONLY_CHARTS) ? &charts : NULL,
		                         out, &lines);
		say(problems, &lines);
		mb_buf_release(&lines);
		if (pr > 0)
			rc = MB_EXIT_DATA;
		else if (pr < 0)
			rc = MB_EXIT_SYSTEM;
	}
	st->pages = now() - t;
	mb_downloads_release(&dl);
	mb_charts_release(&charts);
	if (rc == MB_EXIT_OK && out->failed)
		rc = MB_EXIT_SYSTEM;
	return rc;
}

/* Whether OUT is exactly what the last build made from these inputs. */
static bool up_to_date(const struct mb_cache *old, const char *inputs, const char *out)
{
	char tree[MB_HASH_HEX];
	return old->inputs[0] && strcmp(old->inputs, inputs) == 0 &&
	       mb_fingerprint_tree(out, tree) == 0 && strcmp(old->tree, tree) == 0;
}

int mb_cmd_build(const struct mb_options *o, mb_buf *problems)
{
	double t0 = now();
	struct stat tst;
	if ((!o->only || (o->only & MB_ONLY_PAGES)) &&
	    (stat(o->templates, &tst) != 0 || !S_ISDIR(tst.st_mode))) {
		fprintf(stderr, "minhbach: %s: cannot open the templates folder: %s (give it with -t)\n",
		        o->templates, errno ? strerror(errno) : "not a folder");
		return MB_EXIT_USAGE;
	}
	mb_jobs_set_threads(o->jobs);
	struct mb_cache old, fresh;
	mb_cache_load(&old, o->out);
	char inputs[MB_HASH_HEX] = "";
	char extra[32];
	snprintf(extra, sizeof extra, "strict=%d only=%u", o->strict, o->only);
	bool known = mb_fingerprint_inputs(o->data, o->templates, extra, inputs) == 0;
	if (known && up_to_date(&old, inputs, o->out)) {
		if (!o->quiet)
			printf("minhbach: %s is up to date: nothing in %s or %s changed since it was built "
			       "(%.2f s)\n", o->out, o->data, o->templates, now() - t0);
		mb_cache_release(&old);
		return MB_EXIT_OK;
	}
	struct mb_model *m = load_valid(o, problems);
	if (!m) {
		mb_cache_release(&old);
		return MB_EXIT_DATA;
	}
	struct stages st = {.load = now() - t0};
	struct mb_publish pub;
	if (mb_publish_begin(&pub, o->out) != 0) {
		mb_publish_release(&pub);
		mb_model_free(m);
		mb_cache_release(&old);
		return MB_EXIT_SYSTEM;
	}
	struct mb_out out;
	mb_out_init(&out, pub.staging);
	mb_cache_init(&fresh, o->out);
	struct stat ost;
	bool have_prev = stat(o->out, &ost) == 0 && S_ISDIR(ost.st_mode);
	mb_out_set_previous(&out, have_prev ? o->out : NULL, &old, &fresh);
	int rc = render_all(m, o, &out, &pub, &st, problems);
	double tp = now();
	if (rc == MB_EXIT_OK && mb_publish_commit(&pub) != 0)
		rc = MB_EXIT_SYSTEM;
	st.publish = now() - tp;
	if (rc != MB_EXIT_OK) {
		mb_publish_abort(&pub);
		mb_buf line;
		mb_buf_init(&line);
		mb_buf_printf(&line, _("minhbach: the build failed: %s was left as it was\n"), o->out);
		say(problems, &line);
		mb_buf_release(&line);
	} else {
		/* Remember what this site was made from; without a cache the next
		 * build is simply a full one. */
		if (known && mb_fingerprint_tree(o->out, fresh.tree) == 0) {
			memcpy(fresh.inputs, inputs, MB_HASH_HEX);
			mb_cache_sort(&fresh);
			if (mb_cache_save(&fresh) != 0)
				fprintf(stderr, "minhbach: %s: cannot save the build cache: %s\n", fresh.path,
				        strerror(errno));
		}
		if (!o->quiet)
			printf("minhbach: %zu units in %zu groups, %zu periods -> %s: %zu files "
			       "(%zu unchanged), %.1f MB in %.2f s\n"
			       "  load %.2f s, downloads %.2f s, charts %.2f s (%zu PNG), pages %.2f s, "
			       "publish %.2f s, %d jobs\n",
			       m->nunits, m->ngroups, m->nperiods, o->out, (size_t)out.files,
			       (size_t)out.kept, (double)out.bytes / 1e6, now() - t0, st.load, st.downloads,
			       st.charts, st.pngs, st.pages, st.publish, o->jobs);
	}
	mb_out_release(&out);
	mb_publish_release(&pub);
	mb_model_free(m);
	mb_cache_release(&fresh);
	mb_cache_release(&old);
	return rc;
}
