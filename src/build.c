/* build.c - the check and build commands: load, compute, render, publish. */
#include "build.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "chart.h"
#include "charts_out.h"
#include "compute.h"
#include "diag.h"
#include "downloads.h"
#include "i18n.h"
#include "indir.h"
#include "jobs.h"
#include "load.h"
#include "out.h"
#include "pages.h"
#include "publish.h"
#include "summary.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A measured time or size for the build's own lines ("2.81", "2,81" in
 * Vietnamese): not a figure of the data, so printf's rounding is fine. */
struct real {
	char s[32];
};
static struct real real(double v, int decimals)
{
	struct real r;
	snprintf(r.s, sizeof r.s, "%.*f", decimals, v);
	char *dot = strchr(r.s, '.');
	if (dot && mb_i18n_vietnamese())
		*dot = ',';
	return r;
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
 * is invalid (the caller exits 1).  reads (may be NULL) records what was
 * read.
 */
static struct mb_model *load_valid(const struct mb_options *o, struct mb_reads *reads,
                                   mb_buf *problems)
{
	struct mb_diags d;
	mb_diags_init(&d);
	struct mb_model *m = mb_load_recorded(o->data, reads, &d);
	if (m && d.errors == 0)
		mb_compute(m, &d);
	if (m)
		mb_charts_check_font(m, &d);
	mb_buf lines;
	mb_buf_init(&lines);
	mb_diags_format(&d, o->strict, &lines);
	bool failed = !m || mb_diags_failed(&d, o->strict);
	if (failed) {
		mb_buf counts;
		mb_buf_init(&counts);
		mb_diags_counts(&d, &counts);
		mb_buf_printf(&lines, o->strict && d.warnings
		              ? _("minhbach: %s: %s (warnings count as errors with --strict): nothing "
		                  "was published\n")
		              : _("minhbach: %s: %s: nothing was published\n"),
		              o->data, counts.data);
		mb_buf_release(&counts);
	}
	say(problems, &lines);
	mb_buf_release(&lines);
	mb_diags_release(&d);
	if (failed) {
		mb_model_free(m);
		return NULL;
	}
	return m;
}

struct mb_model *mb_load_checked(const struct mb_options *o)
{
	return load_valid(o, NULL, NULL);
}

static size_t count_scores(const struct mb_model *m)
{
	size_t n = 0;
	for (size_t p = 0; p < m->nperiods; p++)
		for (size_t i = 0; i < m->nindices; i++)
			n += m->periods[p].scores[i] ? 1 : 0;
	return n;
}

/* What check found, "3 groups, 117 units, 3 indices, 10 periods (8 score
 * tables), 0 procedures, 1 page": each count with its own singular or
 * plural. */
static void valid_counts(mb_buf *b, const struct mb_model *m)
{
	size_t tables = count_scores(m);
	mb_buf_printf(b, P_("%zu group", "%zu groups", m->ngroups), m->ngroups);
	mb_buf_puts(b, ", ");
	mb_buf_printf(b, P_("%zu unit", "%zu units", m->nunits), m->nunits);
	mb_buf_puts(b, ", ");
	mb_buf_printf(b, P_("%zu index", "%zu indices", m->nindices), m->nindices);
	mb_buf_puts(b, ", ");
	mb_buf_printf(b, P_("%zu period", "%zu periods", m->nperiods), m->nperiods);
	mb_buf_printf(b, P_(" (%zu score table)", " (%zu score tables)", tables), tables);
	mb_buf_puts(b, ", ");
	mb_buf_printf(b, P_("%zu procedure", "%zu procedures", m->nprocs), m->nprocs);
	mb_buf_puts(b, ", ");
	mb_buf_printf(b, P_("%zu page", "%zu pages", m->npages), m->npages);
}

int mb_cmd_check(const struct mb_options *o)
{
	mb_jobs_set_threads(o->jobs);
	struct mb_model *m = load_valid(o, NULL, NULL);
	if (!m)
		return MB_EXIT_DATA;
	mb_buf sum;
	mb_buf_init(&sum);
	valid_counts(&sum, m);
	printf(_("%s: valid: %s\n"), o->data, sum.data);
	mb_buf_reset(&sum);
	mb_summary(m, &sum);
	fputs(sum.data, stdout);
	mb_buf_release(&sum);
	mb_model_free(m);
	return MB_EXIT_OK;
}

/* Seconds spent in each stage of a build, for the summary. */
struct stages {
	double load, downloads, charts, pages, publish;
	size_t pngs;
};

/* The end of the downloads (downloads.h), once: called by the pages just
 * before the downloads page, which lists every file with its size and hash,
 * or after the charts when no page is built. */
struct dl_finish {
	struct mb_dl_pending *pending;
	struct mb_downloads *dl;
	struct mb_publish *pub;
	bool pages;
	int rc;
	double secs;
};

static void finish_downloads(void *arg)
{
	struct dl_finish *f = arg;
	if (!f->pending)
		return;
	double t = now();
	if (mb_render_downloads_end(f->pending, f->dl) != 0)
		f->rc = MB_EXIT_SYSTEM;
	f->pending = NULL;
	f->secs += now() - t;
	/* Downloads and charts are written: let the disk take them while the
	 * last pages render. */
	if (f->pages)
		mb_publish_flush_early(f->pub);
}

/* Renders every output into the staging root.  The all-periods workbook
 * compresses on a thread of its own (downloads.h) while the charts are
 * drawn and every page but the downloads page renders; that page comes
 * last, as it lists the size and hash of every download.  Template
 * problems are printed and kept in problems. */
static int render_all(const struct mb_model *m, const struct mb_options *o,
                      const struct mb_indir *templates, struct mb_out *out,
                      struct mb_publish *pub, struct stages *st, mb_buf *problems)
{
	double t = now();
	struct mb_downloads dl = {0};
	struct mb_charts charts = {0};
	int rc = MB_EXIT_OK;
	unsigned only = o->only ? o->only : ~0u;
	struct dl_finish fin = {.dl = &dl, .pub = pub, .pages = (only & MB_ONLY_PAGES) != 0};
	if (only & MB_ONLY_DOWNLOADS)
		fin.pending = mb_render_downloads_begin(m, out, &dl);
	st->downloads = now() - t;
	t = now();
	if ((only & MB_ONLY_CHARTS) && !out->failed && mb_render_charts(m, out, &charts) != 0)
		rc = MB_EXIT_SYSTEM;
	st->charts = now() - t;
	st->pngs = charts.drawn;
	if (rc != MB_EXIT_OK || !(only & MB_ONLY_PAGES))
		finish_downloads(&fin);
	else if (!fin.pending)
		mb_publish_flush_early(pub);
	t = now();
	if (rc == MB_EXIT_OK && (only & MB_ONLY_PAGES)) {
		mb_buf lines;
		mb_buf_init(&lines);
		int pr = mb_render_pages_then(m, templates, &dl,
		                              (only & MB_ONLY_CHARTS) ? &charts : NULL, out,
		                              finish_downloads, &fin, &lines);
		say(problems, &lines);
		mb_buf_release(&lines);
		if (pr > 0)
			rc = MB_EXIT_DATA;
		else if (pr < 0)
			rc = MB_EXIT_SYSTEM;
	}
	finish_downloads(&fin); /* when the pages stopped early */
	if (fin.rc != MB_EXIT_OK)
		rc = MB_EXIT_SYSTEM;
	st->pages = now() - t - fin.secs;
	st->downloads += fin.secs;
	if (rc == MB_EXIT_OK)
		mb_out_write(out, MB_BUILD_MARK, mb_build_mark_text, strlen(mb_build_mark_text));
	mb_downloads_release(&dl);
	mb_charts_release(&charts);
	if (rc == MB_EXIT_OK && out->failed)
		rc = MB_EXIT_SYSTEM;
	return rc;
}

/* Whether OUT is exactly what the last build made: OUT as it left it
 * (as_left, which includes the same program and options) and the same bytes
 * in every file it read. */
static bool up_to_date(const struct mb_cache *old, bool as_left, const struct mb_indir *data,
                       const struct mb_indir *templates)
{
	return as_left && mb_cache_reads_match(old, data, templates);
}

/* Whether OUT is as the last build left it (same program: otherwise no key
 * of its cache can match anything). */
static bool as_left(const struct mb_cache *old, const char *program, const char *out)
{
	char tree[MB_HASH_HEX];
	return old->program[0] && strcmp(old->program, program) == 0 &&
	       mb_fingerprint_tree(out, tree) == 0 && strcmp(old->tree, tree) == 0;
}

/* The chart fonts are read too: a new font draws different charts. */
static void record_fonts(const struct mb_model *m, struct mb_cache *c)
{
	const char *files[] = {m->site.font ? m->site.font : MB_CHART_FONT_REGULAR,
		m->site.font ? NULL : MB_CHART_FONT_BOLD};
	struct mb_reads r;
	mb_reads_init(&r);
	mb_buf b;
	mb_buf_init(&b);
	for (size_t i = 0; i < 2 && files[i]; i++) {
		size_t size;
		char hex[MB_HASH_HEX] = "";
		if (mb_read_regular(files[i], (size_t)1 << 30, &b, &size) == MB_IN_OK)
			mb_sha256_hex(b.data, b.len, hex);
		mb_reads_add(&r, 'F', files[i], hex);
	}
	mb_buf_release(&b);
	mb_cache_add_reads(c, 'f', &r);
	mb_reads_release(&r);
}

/* A partial build keeps the chart keys of the charts it takes from the
 * published site. */
struct keep_keys {
	const struct mb_cache *old;
	struct mb_cache *fresh;
};

static void keep_key(void *ctx, const char *rel)
{
	struct keep_keys *k = ctx;
	const struct mb_cache_key *key = mb_cache_find(k->old, rel);
	if (key)
		mb_cache_put_sum(k->fresh, rel, key->key, key->size, key->sum);
}

/* The kept site a build brings up to date in place (publish.h): the files
 * it held, and the keys its build recorded. */
struct reused {
	struct mb_cache keys;
	bool loaded;
	char **names;
	size_t n;
};

/* Takes the kept site's cache (removed from the disk: the folder is about
 * to change) and lists its files; its keys are trusted only when the
 * listing, sizes and times included, is the one its build recorded, by
 * this same program (program NULL: unknown, never). */
static void reuse_kept(struct reused *r, const struct mb_publish *pub, const char *program,
                       struct mb_out *out)
{
	mb_cache_load(&r->keys, pub->kept);
	r->loaded = true;
	unlink(r->keys.path);
	char tree[MB_HASH_HEX];
	bool listed = mb_fingerprint_tree_names(pub->staging, tree, &r->names, &r->n) == 0;
	out->in_place = true;
	if (listed && program && strcmp(r->keys.program, program) == 0 &&
	    strcmp(r->keys.tree, tree) == 0)
		out->stale = &r->keys;
}

static void reused_release(struct reused *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	if (r->loaded)
		mb_cache_release(&r->keys);
}

/* Moves OUT's cache (what the replaced site was made from) to the kept
 * site's; a cache that cannot follow is removed. */
static void keep_cache(const char *out, const char *kept)
{
	char *from = mb_cache_path(out), *to = mb_cache_path(kept);
	if (rename(from, to) != 0)
		unlink(to);
	free(from);
	free(to);
}

/*
 * A partial build's published tree's fingerprint (a full build's is made
 * from what it left: mb_out_fingerprint), for the next build's cache, is
 * taken from the staging folder on a thread of its own while the commit waits
 * for the disk (a national site: ~0.3 s of walking hidden behind seconds
 * of writing back).  The tree it walks is the one published: the swap
 * renames the folder and changes nothing under it, and the commit adds
 * only the owner's dot entries at the top, which a fingerprint leaves out.
 */
struct tree_job {
	int fd;
	pthread_t tid;
	bool started;
	int rc;
	char hex[MB_HASH_HEX];
};

static void *tree_run(void *arg)
{
	struct tree_job *j = arg;
	j->rc = mb_fingerprint_tree_at(j->fd, j->hex);
	return NULL;
}

static void tree_begin(struct tree_job *j, const char *staging)
{
	j->rc = -1;
	j->fd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	j->started = j->fd >= 0 && pthread_create(&j->tid, NULL, tree_run, j) == 0;
}

/* After the commit, whatever became of it. */
static void tree_join(struct tree_job *j)
{
	if (j->started)
		pthread_join(j->tid, NULL);
	if (j->fd >= 0)
		close(j->fd);
	j->started = false;
	j->fd = -1;
}

/* The fingerprint of OUT once published: the thread's, or OUT walked now. */
static int tree_result(const struct tree_job *j, const char *out, char hex[MB_HASH_HEX])
{
	if (j->rc == 0) {
		memcpy(hex, j->hex, MB_HASH_HEX);
		return 0;
	}
	return mb_fingerprint_tree(out, hex);
}

/* Checks the folders: OUT apart from DATA and TEMPLATES (2), TEMPLATES a
 * folder when pages are built (2). */
static int check_folders(const struct mb_options *o, struct mb_indir *templates)
{
	templates->fd = -1;
	templates->path = NULL;
	const char *dirs[] = {o->data, o->templates};
	const char *names[] = {"DATA", "TEMPLATES"};
	if (mb_publish_check_out(o->out, dirs, names, 2) != 0)
		return MB_EXIT_USAGE;
	struct stat tst;
	bool need = !o->only || (o->only & MB_ONLY_PAGES);
	if (need && (stat(o->templates, &tst) != 0 || !S_ISDIR(tst.st_mode))) {
		fprintf(stderr, _("minhbach: %s: cannot open the templates folder: %s (give it with -t)\n"),
		        o->templates, errno ? strerror(errno) : _("not a folder"));
		return MB_EXIT_USAGE;
	}
	if (mb_indir_open(templates, o->templates, NULL) != 0 && need) {
		fprintf(stderr, _("minhbach: %s: cannot open the templates folder: %s (give it with -t)\n"),
		        o->templates, strerror(errno));
		return MB_EXIT_USAGE;
	}
	return MB_EXIT_OK;
}

int mb_cmd_build(const struct mb_options *o, mb_buf *problems)
{
	double t0 = now();
	struct mb_indir tin, din;
	int rc = check_folders(o, &tin);
	if (rc != MB_EXIT_OK) {
		mb_indir_close(&tin);
		return rc;
	}
	mb_jobs_set_threads(o->jobs);
	struct mb_cache old, fresh;
	mb_cache_load(&old, o->out);
	char program[MB_HASH_HEX] = "";
	char extra[32];
	snprintf(extra, sizeof extra, "strict=%d only=%u", o->strict, o->only);
	bool known = mb_fingerprint_program(extra, program) == 0;
	bool have_data = mb_indir_open(&din, o->data, NULL) == 0;
	bool untouched = known && as_left(&old, program, o->out);
	bool fresh_enough = known && have_data &&
	                    up_to_date(&old, untouched, &din, tin.fd >= 0 ? &tin : NULL);
	mb_indir_close(&din);
	if (fresh_enough) {
		if (!o->quiet)
			printf(_("minhbach: %s is up to date: nothing in %s or %s changed since it was built "
			       "(%s s)\n"), o->out, o->data, o->templates, real(now() - t0, 2).s);
		mb_cache_release(&old);
		mb_indir_close(&tin);
		return MB_EXIT_OK;
	}
	/* From here on, what is read is recorded for the next build's check. */
	struct mb_reads dreads, treads;
	mb_reads_init(&dreads);
	mb_reads_init(&treads);
	tin.reads = &treads;
	struct mb_model *m = load_valid(o, &dreads, problems);
	if (!m) {
		mb_cache_release(&old);
		mb_indir_close(&tin);
		mb_reads_release(&dreads);
		mb_reads_release(&treads);
		return MB_EXIT_DATA;
	}
	struct stages st = {.load = now() - t0};
	struct mb_publish pub;
	/* A partial build merges into the published site: it never reuses the
	 * kept one, which would keep what that build made in its place. */
	if (mb_publish_begin(&pub, o->out, !o->only) != 0) {
		mb_publish_release(&pub);
		mb_model_free(m);
		mb_cache_release(&old);
		mb_indir_close(&tin);
		mb_reads_release(&dreads);
		mb_reads_release(&treads);
		return MB_EXIT_SYSTEM;
	}
	struct mb_out out;
	mb_out_init(&out, pub.staging);
	mb_cache_init(&fresh, o->out);
	struct stat ost;
	bool have_prev = stat(o->out, &ost) == 0 && S_ISDIR(ost.st_mode);
	mb_out_set_previous(&out, have_prev ? o->out : NULL, &old, &fresh);
	struct reused kept = {0};
	if (pub.reused)
		reuse_kept(&kept, &pub, known ? program : NULL, &out);
	/* What each period's downloads are made from (known only with the
	 * program's fingerprint, which is part of it); their files are taken
	 * from OUT only when nobody changed it since the last build (the size
	 * and hash the cache lists must be the file's). */
	struct mb_input_keys inputs = {0};
	if (known) {
		mb_reads_sort(&dreads);
		mb_input_keys_make(&inputs, m, &dreads, program);
		out.inputs = &inputs;
		out.program = program;
		out.prev_as_left = untouched;
	}
	rc = render_all(m, o, &tin, &out, &pub, &st, problems);
	if (rc == MB_EXIT_OK && pub.reused)
		mb_out_sweep(&out, kept.names, kept.n);
	/* A partial build never publishes a partial site: what it did not
	 * make is taken from the published one. */
	struct keep_keys kk = {&old, &fresh};
	if (rc == MB_EXIT_OK && o->only && have_prev && mb_publish_merge(&pub, keep_key, &kk) != 0)
		rc = MB_EXIT_SYSTEM;
	double tp = now();
	struct tree_job tree = {.fd = -1, .rc = -1};
	/* A full build knows every file it left in the staging folder, which
	 * holds nothing else (a reused one was swept): the fingerprint is made
	 * from that.  A partial one took the rest from the published site:
	 * walked. */
	if (rc == MB_EXIT_OK && known && !o->only && mb_out_fingerprint(&out, tree.hex) == 0)
		tree.rc = 0;
	else if (rc == MB_EXIT_OK && known)
		tree_begin(&tree, pub.staging);
	if (rc == MB_EXIT_OK && mb_publish_commit(&pub) != 0)
		rc = MB_EXIT_SYSTEM;
	tree_join(&tree);
	st.publish = now() - tp;
	if (rc != MB_EXIT_OK) {
		mb_publish_abort(&pub);
		mb_buf line;
		mb_buf_init(&line);
		mb_buf_printf(&line, _("minhbach: the build failed: %s was left as it was\n"), o->out);
		say(problems, &line);
		mb_buf_release(&line);
	} else {
		/* The replaced site is kept: its cache goes with it. */
		if (pub.kept_old)
			keep_cache(o->out, pub.kept);
		/* Remember what this site was made from; without a cache the next
		 * build is simply a full one. */
		if (known && tree_result(&tree, o->out, fresh.tree) == 0) {
			memcpy(fresh.program, program, MB_HASH_HEX);
			mb_reads_sort(&dreads);
			mb_reads_sort(&treads);
			mb_cache_add_reads(&fresh, 'd', &dreads);
			mb_cache_add_reads(&fresh, 't', &treads);
			if (!o->only || (o->only & MB_ONLY_CHARTS))
				record_fonts(m, &fresh);
			mb_cache_sort(&fresh);
			if (mb_cache_save(&fresh) != 0)
				fprintf(stderr, _("minhbach: %s: cannot save the build cache: %s\n"), fresh.path,
				        strerror(errno));
		}
		if (!o->quiet)
			printf(_("minhbach: %zu units in %zu groups, %zu periods -> %s: %zu files "
			       "(%zu unchanged), %s MB in %s s\n"
			       "  load %s s, downloads %s s, charts %s s (%zu PNG), pages %s s, "
			       "publish %s s, %d jobs\n"),
			       m->nunits, m->ngroups, m->nperiods, o->out, (size_t)out.files,
			       (size_t)out.kept, real((double)out.bytes / 1e6, 1).s, real(now() - t0, 2).s,
			       real(st.load, 2).s, real(st.downloads, 2).s, real(st.charts, 2).s, st.pngs,
			       real(st.pages, 2).s, real(st.publish, 2).s, o->jobs);
	}
	mb_out_release(&out);
	reused_release(&kept);
	mb_input_keys_release(&inputs);
	mb_publish_release(&pub);
	mb_model_free(m);
	mb_cache_release(&fresh);
	mb_cache_release(&old);
	mb_indir_close(&tin);
	mb_reads_release(&dreads);
	mb_reads_release(&treads);
	return rc;
}
