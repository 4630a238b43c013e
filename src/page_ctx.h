/* page_ctx.h - what every page's context shares, and helpers to build cJSON contexts. */
#ifndef MB_PAGE_CTX_H
#define MB_PAGE_CTX_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "charts_out.h"
#include "downloads.h"
#include "model.h"
#include "mustache.h"

/*
 * Rendering is split in two phases.  pages.c builds, once, everything pages
 * have in common (struct mb_pages): the site object, the header and footer
 * HTML for each page depth and section, the criteria of each index, and the
 * procedure tables shared by all units of a group.  After that the shared
 * state is read-only, so each page is built and rendered on its own, on
 * any thread, with a private struct mb_page_job.  Every figure a page shows
 * comes from the model as compute rounded it: nothing here computes one.
 *
 * Shared pieces enter page contexts as cJSON references (no copy, not freed
 * by cJSON_Delete) and model strings as string references: the model and
 * the shared state outlive every page.
 */

struct mb_tmpl_set;

enum mb_page_section {
	MB_SEC_HOME,
	MB_SEC_PERIODS,
	MB_SEC_UNITS,
	MB_SEC_PROCS,
	MB_SEC_NEWS,
	MB_SEC_DOWNLOADS,
	MB_SEC_OTHER,
	MB_SEC_COUNT
};

/* Page depths 0..2 plus the 404 page, whose links must not be relative:
 * a server shows it at whatever path was missing. */
enum { MB_DEPTH_404 = 3, MB_DEPTHS = 4 };

struct mb_page_counts {
	size_t all, full, partial, none;
};

struct mb_pages {
	const struct mb_model *m;
	const struct mb_downloads *dl;
	const struct mb_charts *charts; /* NULL: no charts */
	const struct mb_tmpl_set *tmpl;
	const char *tdir;  /* the templates folder, for messages */
	enum mb_tmpl_fail shared_why; /* why a shared fragment could not render */

	char *published;   /* "17/05/2023": the latest publication date, or NULL */
	char *base;        /* site.base_url with one trailing "/", or NULL */
	cJSON *site;       /* the "site" object every page references */
	cJSON *rate_heads; /* [{key, name, short_name, explain, formula, target}], one per mb_rates */
	char *roots[MB_DEPTHS];
	char *header[MB_DEPTHS][MB_SEC_COUNT]; /* rendered partials/header */
	char *footer[MB_DEPTHS];               /* rendered partials/footer */

	size_t nnews;      /* pages with a date come first in m->pages */

	cJSON **crit_defs; /* per index: {id, code, name, max, depth, top} per criterion */
	cJSON **words;     /* per index: what its criteria are called (mb_page_index_words) */
	int *index_order;  /* indices with scores, the latest figures first (mb_page_index_order) */
	size_t nindex_order;

	/* The 404 page is shown at any missing path of any host: it carries its
	 * own style sheet and icon rather than links to static/ (NULL when the
	 * templates have none, or a style sheet that could close <style>). */
	char *css_inline;  /* static/site.css */
	char *icon_inline; /* static/favicon.svg as a data: URL */

	int *units_az;     /* unit indices by group, then Vietnamese A–Z */
	size_t *unit_own;  /* per unit: procedures that name it in "units" */
	struct mb_page_run *runs; /* procedures by field, fields in Vietnamese order */
	size_t nruns;
	char **group_procs;                 /* per group: rendered partials/procedures-level */
	struct mb_page_counts *group_counts; /* per group: its procedures by online level */
};

/* Procedures [start, end) of m->procs share a field; runs are sorted by
 * the field's Vietnamese sort key. */
struct mb_page_run {
	size_t start, end;
	char *key;
};
#define MB_PAGE_NO_FIELD "Lĩnh vực khác"

/* One page being built: private to one page, reused between pages. */
struct mb_page_job {
	const struct mb_pages *P;
	const char *root;  /* "", "../", "../../" or the base URL for 404 */
	int depth;
	mb_buf tmp;        /* scratch for formatting */
	mb_buf rel;        /* output path of the page */
	mb_buf title, desc; /* for composing the page title and description */
	int err;           /* set when a template render failed */
	const char *err_name; /* the first template that failed */
	enum mb_tmpl_fail err_why; /* and why */
};

void mb_page_job_init(struct mb_page_job *J, const struct mb_pages *P);
void mb_page_job_release(struct mb_page_job *J);

/*
 * Starts the context of the HTML page at J->rel: sets J->root and J->depth
 * and the keys "root", "site", "page" {title, description, canonical, path},
 * "header" and "footer".  description may be NULL (the site title is used).
 */
cJSON *mb_page_ctx_new(struct mb_page_job *J, enum mb_page_section sec, const char *title,
                       const char *description);

/* Builders: small wrappers that abort on allocation failure. */
cJSON *mb_ctx_obj(cJSON *parent, const char *key);  /* key NULL: push to array */
cJSON *mb_ctx_arr(cJSON *parent, const char *key);
void mb_ctx_ref(cJSON *o, const char *key, const char *s);  /* skipped when s is NULL */
void mb_ctx_str(cJSON *o, const char *key, const char *s);  /* copies; skipped when NULL */
void mb_ctx_tmp(cJSON *o, const char *key, mb_buf *b);      /* copies b, then resets it */
void mb_ctx_bool(cJSON *o, const char *key, bool v);
void mb_ctx_count(cJSON *o, const char *key, int64_t n);    /* "40.689" */
void mb_ctx_int(cJSON *o, const char *key, int64_t n);      /* "40689", for attributes */
/* Adds root + the printf result: links relative to the current page. */
void mb_ctx_href(struct mb_page_job *J, cJSON *o, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds a reference to a shared object or array (not freed with the page). */
void mb_ctx_share(cJSON *o, const char *key, const cJSON *shared);

/* {href, href2x, alt, caption, width, height, text_px, narrow, phone,
 * data_href} of a chart, the context of partials/chart (templates/README.md);
 * nothing when r is NULL (no chart was drawn). */
void mb_ctx_chart(struct mb_page_job *J, cJSON *o, const char *key, const struct mb_chart_ref *r);

/* Small objects used on several pages. */
void mb_ctx_date(struct mb_page_job *J, cJSON *o, const char *key, const char *iso);
void mb_ctx_points(struct mb_page_job *J, cJSON *o, const char *key, mb_fx v);
cJSON *mb_ctx_unit_link(struct mb_page_job *J, cJSON *parent, const char *key, int unit);
cJSON *mb_ctx_period_link(struct mb_page_job *J, cJSON *parent, const char *key, size_t p);
/* Whether a unit is a former unit ("đơn vị đã kết thúc hoạt động"): it
 * ended, and is not part of the latest period.  A unit that begins after
 * the latest period is not former: it is listed with the current ones. */
bool mb_page_former(const struct mb_unit *u);
/* Adds the unit's life to its link o: "former" (mb_page_former), "from"
 * and "until" (its first and last day, "01/07/2025", false when not
 * given). */
void mb_ctx_unit_life(struct mb_page_job *J, cJSON *o, int unit);
/* The parent a unit is shown under: its parent when that lasted as long as
 * the unit, otherwise -1 (a commune that outlived its district is not shown
 * under the ended district as if it were still its parent). */
int mb_page_parent(const struct mb_model *m, int unit);
/* {text, sort, state, mark, status}: a rate against its target (met as in
 * struct mb_service).  state is "met", "unmet", "na" (no data) or absent
 * (no target); mark "✓"/"✗" and status "đạt"/"chưa đạt" only when compared
 * with a target; sort only with data. */
cJSON *mb_ctx_rate(struct mb_page_job *J, cJSON *parent, const char *key,
                   const struct mb_ratio *r, int met);
/* {dir, arrow, words, is_new, reorganised, sort, from, from_period, to,
 * delta}: the rank change of a score. */
cJSON *mb_ctx_change(struct mb_page_job *J, cJSON *parent, const char *key,
                     const struct mb_score *s);
/*
 * Rows that show no rank change because their group was reorganised
 * since their earlier ranking (struct mb_score: reorganised): add each
 * row shown to a struct mb_page_reorg (zeroed), then mb_ctx_reorg sets
 * key to false, or to the latest such day ("01/07/2025"), for the note
 * that says why ("các đơn vị trong nhóm được sắp xếp lại từ ...").
 */
struct mb_page_reorg {
	bool any;
	mb_day day;
};
void mb_page_reorg_add(struct mb_page_reorg *r, const struct mb_score *s);
void mb_ctx_reorg(struct mb_page_job *J, cJSON *o, const char *key,
                  const struct mb_page_reorg *r);
/* One row of a ranking: rank, of, unit, percent, points, max, band, change. */
cJSON *mb_ctx_rank_row(struct mb_page_job *J, cJSON *parent, const struct mb_index *ix,
                       const struct mb_scoreset *ss, const struct mb_score *s);
/* The service figures of one row (a unit's, a group's or all units'
 * total): counts and "rates", the rates in the order of mb_rates, each
 * with its changes ("delta", "delta_year") against the periods its set is
 * compared with (the row's `change`, compare.c). */
void mb_ctx_service(struct mb_page_job *J, cJSON *o, const struct mb_service *sv);
/* "compared": which periods the rates of `set` are compared with (its vs,
 * compare.c), {previous, year_ago} as period links or false; false, and
 * "no_changes" true, when it is compared with none.  Pages say it beside
 * their service tables. */
void mb_ctx_compared(struct mb_page_job *J, cJSON *o, const struct mb_serviceset *set);

/* "highlights": at most max facts of period p (highlights.c) as the
 * partials templates/partials/highlights* read them; nothing when it has
 * none.  The home and period pages include MB_HL_MAX of them near their
 * top; the draft press release (draft.c) all of them. */
void mb_ctx_highlights(struct mb_page_job *J, cJSON *ctx, size_t p, size_t max);

/* Whether a score gives any criterion value.  A score given as a total
 * alone has none: its criteria read "không có số liệu", not "không áp dụng"
 * (compute marks them all null). */
bool mb_page_score_has_criteria(const struct mb_index *ix, const struct mb_score *s);

/* Renders template name with ctx into out and deletes ctx.  Returns 0, or 1
 * when the template cannot render (runaway recursion or size: the engine
 * checked the rest when loading), after setting J->err and J->err_name. */
int mb_page_render(struct mb_page_job *J, const char *name, cJSON *ctx, mb_buf *out);

/* The context builders of each page, one file each (page_<name>.c).  Each
 * sets J->rel and returns the context; idx selects the period, unit, ... */
cJSON *mb_page_home(struct mb_page_job *J);
cJSON *mb_page_periods(struct mb_page_job *J);
cJSON *mb_page_period(struct mb_page_job *J, size_t p);
/* What a period page shows besides the figures of its period and of the
 * periods it is compared with: what every page has (page_ctx_new, J->rel
 * set), its downloads and its charts, as the page has them (pages.c keys
 * the page by it). */
cJSON *mb_page_period_key_ctx(struct mb_page_job *J, size_t p);
cJSON *mb_page_units(struct mb_page_job *J);
cJSON *mb_page_unit(struct mb_page_job *J, size_t u);
cJSON *mb_page_index(struct mb_page_job *J, size_t i);
cJSON *mb_page_procedures(struct mb_page_job *J);
cJSON *mb_page_procedures_level(struct mb_page_job *J, size_t group);
cJSON *mb_page_news(struct mb_page_job *J);
cJSON *mb_page_article(struct mb_page_job *J, size_t pg);
cJSON *mb_page_downloads(struct mb_page_job *J);
cJSON *mb_page_notfound(struct mb_page_job *J);
cJSON *mb_page_sitemap(struct mb_page_job *J);
cJSON *mb_page_robots(struct mb_page_job *J);

/*
 * The words of an index's criteria tree, from its "levels" (mb_index_level):
 * {top ("lĩnh vực"), top_title ("Lĩnh vực"), all ("lĩnh vực, tiêu chí"),
 * all_title, structure ("8 lĩnh vực, 27 tiêu chí và 4 tiêu chí thành
 * phần")}, so that no page says "lĩnh vực" of an index made of groups.
 */
cJSON *mb_page_index_words(const struct mb_index *ix);
/* The indices that have scores, ordered by their latest period, newest
 * first (ties in model order): the order of the home page and of a unit's
 * results.  Returns a malloc'd array of *n index numbers. */
int *mb_page_index_order(const struct mb_model *m, size_t *n);

/* Procedure fields in Vietnamese order (free with mb_page_field_runs_free). */
struct mb_page_run *mb_page_field_runs(const struct mb_model *m, size_t *n);
void mb_page_field_runs_free(struct mb_page_run *v, size_t n);
/* Whether procedure pr applies to a unit of group (and, unit >= 0, to unit). */
bool mb_page_proc_applies(const struct mb_procedure *pr, int group, int unit);
/* Adds "fields": [{name, procedures: [...]}] of the procedures that apply to
 * group (when >= 0) or name unit (when >= 0): the context of
 * partials/procedures. */
void mb_ctx_procedure_fields(struct mb_page_job *J, cJSON *ctx, int group, int unit);
/* Adds what a level's procedures count, by field, with links to its page
 * thu-tuc/<group>/: {group {id, name}, href, count, full, partial, none,
 * nfields, fields [{name, href, count, full, partial, none}]}, the context of
 * partials/procedures-level. */
void mb_ctx_level_counts(struct mb_page_job *J, cJSON *ctx, int group);

/* Procedure rows (shared by the catalogue, unit pages and the group tables). */
cJSON *mb_ctx_procedure(struct mb_page_job *J, cJSON *arr, const struct mb_procedure *pr,
                        bool with_handlers);
/* Units by group, then in Vietnamese alphabetical order (malloc'd). */
int *mb_page_units_az(const struct mb_model *m);
/* The search index don-vi/tim-kiem.js (not a template: plain data). */
void mb_page_search_js(const struct mb_pages *P, mb_buf *out);

#endif
