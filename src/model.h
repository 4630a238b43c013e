/* model.h - the loaded and computed model of a data folder. */
#ifndef MB_MODEL_H
#define MB_MODEL_H

#include <gmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "fixed.h"

struct mb_indir;

/*
 * The whole model is owned by one struct mb_model and freed by
 * mb_model_free().  Strings are NFC-normalised UTF-8 owned by the model.
 * Cross references are indices into the model's arrays (-1 for none).
 * Every array is in a fixed, documented order so output is deterministic.
 * Renderers only read the model: every number they show is computed here
 * (compute.c), kept exact and rounded once for each precision it is shown
 * at, so a figure reads the same on a page, in a chart, a workbook, a CSV
 * file and a period record.
 */

/* The five service rates (SPEC §2), in the order every output lists them. */
enum mb_rate_id {
	MB_RATE_ON_TIME, MB_RATE_ONLINE, MB_RATE_ONLINE_PAYMENT, MB_RATE_DIGITIZED,
	MB_RATE_SATISFACTION, MB_RATE_COUNT
};

/* What each rate is called and how it is made: the one table pages,
 * charts, workbooks, CSV files and period records iterate (model.c). */
struct mb_rate_def {
	const char *id;         /* "on_time": its key in page contexts */
	const char *key;        /* "on_time_rate": its target in site.json, its key in tai-ve/<period>.json */
	const char *name;       /* "Tỷ lệ giải quyết đúng hạn": table columns, legends */
	const char *short_name; /* "Đúng hạn": narrow column heads */
	const char *word;       /* "đúng hạn": inside a sentence ("tỷ lệ đúng hạn") */
	const char *formula;    /* "(trước hạn + đúng hạn) ÷ đã giải quyết" */
	const char *explain;    /* what it counts, for the readers of a page */
	const char *csv;        /* "ty_le_dung_han": CSV column and data package field */
	const char *met_csv;    /* "dat_chi_tieu_dung_han": whether it met its target */
	const char *met_title;  /* "Chỉ tiêu đúng hạn" */
};
extern const struct mb_rate_def mb_rates[MB_RATE_COUNT];

struct mb_targets {
	/* Targets as fractions in millionths (0.99 -> 990000); -1 when unset. */
	int64_t rate[MB_RATE_COUNT];
};

/*
 * A figure that is a ratio (a unit's result, a criterion's share of its
 * maximum, a service rate): its exact value and its roundings, each made
 * once from the exact value (mb_round).  Pages, charts, CSV files and the
 * display of workbooks show pct2; period records print pct4; workbooks
 * store the exact value.
 */
struct mb_ratio {
	bool valid;          /* den > 0; otherwise "không có số liệu", never 0% */
	int64_t num, den;    /* the exact value num / den, a fraction of one */
	int64_t pct2;        /* as a percentage to 2 decimals, in hundredths: 40,31% -> 4031 */
	int64_t pct4;        /* as a percentage to 4 decimals (the fraction to 6): 403150 */
};

/*
 * A figure's change against an earlier period (compare.c): the exact
 * difference of two ratios or two means, in percentage points, rounded
 * once (mb_round) from the exact difference for each precision it is shown
 * at: to hundredths (pages, charts, CSV, workbooks: +0,35 points is 35)
 * and to ten-thousandths (period records: +0,3512 is 3512).  sign is the
 * exact difference's sign (d2 may round to 0 when it is not exactly 0).
 */
struct mb_change {
	bool valid;          /* both figures exist, and nothing below keeps them apart */
	int period;          /* the earlier period compared with; -1 when none */
	/* A group's mean or service total only: the group was reorganised
	 * between the two periods (mb_group_reorganised), on the day
	 * `reorganised_on` (the latest such day), so they are not compared and
	 * valid is false. */
	bool reorganised;
	mb_day reorganised_on;
	int sign;            /* -1, 0 or 1 */
	int64_t d2;          /* hundredths of a percentage point, with its sign */
	int64_t d4;          /* ten-thousandths of a percentage point, with its sign */
};

/* The earlier periods a period is compared with: the latest earlier one
 * of the same kind (a quarter with a quarter, a year with a year), and for
 * a quarter the same quarter a year earlier. */
enum { MB_VS_PREVIOUS, MB_VS_YEAR_AGO, MB_VS_COUNT };

/*
 * A mean over the units of a group ("trung bình nhóm", SPEC §3: the mean of
 * the units' exact values), exact and rounded once.  For a mean of results
 * `exact` is a fraction of one and r2/r4 are the percentage to 2 and 4
 * decimals, like pct2/pct4 above; for a mean of points `exact` is in
 * points and r2/r4 are hundredths and ten-thousandths (fixed point) of a
 * point.
 */
struct mb_mean {
	int n;               /* values averaged; 0: none, and no mean */
	mpq_t exact;
	int64_t r2, r4;
};

/*
 * A rate that moves more than this against the previous quarter is a
 * warning (a column read from the wrong place, say): a fraction in
 * millionths, 200000 = 20 percentage points, unless site.json sets
 * "rate_change_warning".  Only rates over at least MB_RATE_CHANGE_MIN_FILES
 * files (or payments, or answers) in both quarters are compared: a commune
 * with 3 fee-bearing files moves 33 points with one of them.
 */
#define MB_RATE_CHANGE_WARNING 200000
#define MB_RATE_CHANGE_MIN_FILES 30

/*
 * How the units of a group (or of the whole period) did on one rate in one
 * period (compute.c): `units` have a row, `valid` of them have the rate,
 * `met` reach the target and `unmet` do not (both 0 without a target), so
 * `compared` = met + unmet units were held against it; `top_n` units share
 * the highest value, whose exact value is top_num / top_den ("73 đơn vị
 * đạt 100%").
 */
struct mb_rate_tally {
	int units, valid, met, unmet, compared, top_n;
	int64_t top_num, top_den;
	int64_t top_pct2;
};

struct mb_site {
	char *title, *organisation, *base_url, *language, *license;
	char *email, *phone, *address; /* contact; NULL when absent */
	char *font;                    /* optional chart font path */
	bool sample;
	struct mb_targets targets;
	int64_t rate_change_warning;   /* millionths of one (see MB_RATE_CHANGE_WARNING) */
};

struct mb_group {
	char *id, *name;
	int *units;    /* unit indices, in units.json order (every unit, ended or not) */
	size_t nunits;
	/* computed (lifespan.c): the days on which its units changed, in
	 * order, each once: a unit's `from`, and the day after its `until`
	 * (the first day without it).  See mb_group_reorganised(). */
	mb_day *changes;
	size_t nchanges;
};

struct mb_unit {
	char *id, *name;
	int group;                 /* index into model->groups */
	int parent;                /* unit index or -1 */
	char *address, *phone, *email, *website, *description_md; /* may be NULL */
	char **aliases;            /* other spellings of the name, for import (SPEC §5) */
	size_t naliases;
	int *children;             /* unit indices whose parent is this unit */
	size_t nchildren;
	/*
	 * Units over time (SPEC §2).  The unit exists from `from` to `until`,
	 * both days included, as YYYY-MM-DD text; NULL means "since always" and
	 * "still exists".  from_day and until_day are the same days as numbers
	 * and mean something only when the text is set (use mb_unit_exists()).
	 * A unit keeps its page and history after `until`.
	 */
	char *from, *until;
	mb_day from_day, until_day;
	char *end_reason;          /* why it ended, "sắp xếp đơn vị hành chính"; only with until */
	int *successors;           /* units that took over its work, in file order */
	size_t nsuccessors;
	int *predecessors;         /* units that name it among their successors, units.json order */
	size_t npredecessors;
	/* computed: exists on some day of the latest period with data
	 * (mb_model_latest_period); every unit is current when there is none.
	 * A unit that is not current is a former unit ("đơn vị cũ"). */
	bool current;
	int *latest;               /* computed, per index: the latest period that scored it, or -1 */
	/* computed (compute.c), for a unit with children: the latest period
	 * with service figures of the units under it (mb_children_served, -1
	 * for none), how those rows did on each rate, as a group's are tallied
	 * (mb_serviceset.tally), and the rates in the order its chart shows
	 * them, most units under target first. */
	int children_served;
	struct mb_rate_tally children_tally[MB_RATE_COUNT];
	int children_order[MB_RATE_COUNT];
};

struct mb_criterion {
	char *id, *name;
	char *code;      /* computed: its number in the tree as reports write it, "1.2" */
	mb_fx max;
	int parent;      /* criterion index or -1 for a top-level area */
	int depth;       /* 0 for top level */
	int top;         /* index of its top-level ancestor (itself at depth 0) */
	int *children;   /* criterion indices */
	size_t nchildren;
};

struct mb_band {
	mb_fx min;       /* percentage threshold, fixed point (90 -> 900000) */
	char *name;
};

struct mb_index {
	char *id, *name, *short_name, *description_md;
	/* What the levels of its criteria tree are called, from the top
	 * ("lĩnh vực", "tiêu chí", "tiêu chí thành phần"); NULL-free, nlevels
	 * may be 0.  Read them through mb_index_level(). */
	char **levels;
	size_t nlevels;
	mb_fx max;                     /* sum of top-level maxima */
	struct mb_criterion *crit;     /* pre-order: a parent precedes its children */
	size_t ncrit;
	int *top;                      /* top-level criterion indices, in file order */
	size_t ntop;
	struct mb_band *bands;         /* sorted by min, descending */
	size_t nbands;
	int *crit_by_id;               /* criterion indices sorted by id, for lookup */
	char *file;                    /* path of its definition, for messages */
	int latest;                    /* computed: the latest period with its scores, or -1 */
};

/* State of one criterion value in a score. */
enum mb_val_state { MB_VAL_ABSENT = 0, MB_VAL_NA, MB_VAL_SET };

struct mb_val {
	enum mb_val_state state;
	mb_fx v;
};

/* One unit's score in one index and period, given and computed. */
struct mb_score {
	int unit;
	struct mb_val *crit;    /* ncrit values: given, then filled by compute */
	bool has_total;         /* "total" given */
	mb_fx given_total;
	bool has_max;           /* "max" given (total-only scores) */
	mb_fx given_max;
	int official_rank;      /* "rank" given, or 0 */
	/* computed */
	mb_fx total;            /* points */
	mb_fx max;              /* applicable maximum (> 0) */
	struct mb_ratio percent; /* the result: total / max */
	int rank;               /* 1-based within group, shared on ties */
	bool tied;              /* another unit of its group shares its rank ("đồng hạng") */
	int band;               /* index into index->bands or -1 */
	/*
	 * Against the latest earlier period of this index that ranked the unit
	 * (prev_period, -1 for none: the unit is "mới").  Ranks are compared
	 * only when no reorganisation of the unit's group separates the two
	 * periods (SPEC §2, mb_group_reorganised): otherwise `reorganised` is
	 * true, reorganised_on the day it took effect, and the unit, which
	 * keeps its own earlier score in prev_period, has no rank change.
	 * So prev_rank > 0 exactly when there is a rank change to show.
	 */
	int prev_period;        /* period index or -1 */
	bool reorganised;
	mb_day reorganised_on;
	int prev_rank;          /* its rank in prev_period; 0 when new or reorganised */
	int rank_change;        /* prev_rank - rank, positive for a climb; 0 without prev_rank */
	int *crit_rank;         /* ntop ranks; 0 where the criterion is null */
	struct mb_ratio *share; /* ntop: each area's value over its maximum; invalid without a value */
	size_t json_pos;        /* position (for diagnostics: /scores/N) */
};

/* The scores of one index in one period. */
struct mb_scoreset {
	int index;               /* index into model->indices */
	char *file;              /* path, for messages */
	char *published;         /* YYYY-MM-DD or NULL */
	struct mb_score *rows;   /* file order */
	size_t nrows;
	/* Per group (model->ngroups): row indices in rank order, ties by unit id. */
	int **ranked;
	size_t *nranked;
	/* Per group: the mean result of its units, and per top-level criterion
	 * (ntop) the mean points among the units it applies to. */
	struct mb_group_means {
		struct mb_mean percent;
		struct mb_mean *crit;
	} *means;
	int *row_of_unit;        /* per unit: its row, or -1 (see mb_score_of) */
	/* computed (compare.c): the periods compared with (MB_VS_*: the
	 * latest earlier period of the same kind with scores of this index,
	 * and for a quarter the same quarter a year earlier; -1 for none);
	 * per group, the change of its mean result against each; and the
	 * units ranked now and not in the previous one (entered) and the
	 * other way round (left), in units.json order. */
	int vs[MB_VS_COUNT];
	struct mb_change *mean_change[MB_VS_COUNT];
	int *entered, *left;
	size_t nentered, nleft;
};

struct mb_service {
	int unit;
	size_t json_pos;
	int64_t carried_over;
	int64_t recv_online, recv_direct, recv_postal;
	int64_t early, on_time, late;
	int64_t pend_in_time, pend_overdue;
	bool has_withdrawn, has_payments, has_digitized, has_satisfaction;
	int64_t withdrawn;
	int64_t pay_online, pay_total, pay_amount_vnd;
	bool has_pay_amount;       /* payments.online_amount_vnd given */
	int64_t digitized;
	int64_t sat_responses, sat_satisfied;
	/* computed */
	int64_t received, resolved, pending, balance_difference;
	int64_t resolved_on_time; /* early + on_time */
	int64_t digitized_base;   /* files received by the rows that report "digitized" */
	struct mb_ratio rate[MB_RATE_COUNT];
	int met[MB_RATE_COUNT];   /* 1 target met, 0 not met, -1 no target or no data */
	/* computed (compare.c): each rate against the same unit's (for a
	 * total, the same group's, or all units') rate in the periods
	 * mb_serviceset.vs names; invalid without one or without the rate. */
	struct mb_change change[MB_VS_COUNT][MB_RATE_COUNT];
};

struct mb_serviceset {
	char *file;
	char *published;           /* YYYY-MM-DD or NULL */
	struct mb_service *rows;   /* in the order of the units in units.json */
	size_t nrows;
	/* Totals over all rows, and per group (model->ngroups entries). */
	struct mb_service total;
	struct mb_service *group_total;
	int *row_of_unit;          /* per unit: its row, or -1 (see mb_service_of) */
	/* computed (compute.c): per rate, how the rows did against its target
	 * (every row: `all`; per group, model->ngroups entries: `tally`), and
	 * per group the rates in the order charts show them, most units under
	 * target first (ties in mb_rates order); rows with files overdue
	 * (pending.overdue > 0). */
	struct mb_rate_tally all[MB_RATE_COUNT];
	struct mb_rate_tally (*tally)[MB_RATE_COUNT];
	int (*order)[MB_RATE_COUNT];
	size_t overdue_units;
	/* computed (compare.c): the periods compared with (MB_VS_*, -1 for
	 * none; every row's, group total's and the total's `change` are
	 * against them), and the units with a row now and none in the previous
	 * period (entered), and the other way round (left), in units.json
	 * order. */
	int vs[MB_VS_COUNT];
	int *entered, *left;
	size_t nentered, nleft;
};

struct mb_period {
	char *id;               /* "2023" or "2023-q2" */
	int year, quarter;      /* quarter 0 for a year */
	mb_day first_day, last_day; /* its days: a quarter or a whole year */
	char *label;            /* "Năm 2023", "Quý II/2023" */
	char *published;        /* latest publication date of its files, or NULL */
	struct mb_scoreset **scores;  /* model->nindices entries, NULL where absent */
	struct mb_serviceset *services; /* NULL where absent */
	/* computed: the units that exist on some day of the period, in
	 * units.json order (only they may have scores or services in it), and
	 * per group (model->ngroups entries) how many of them it has: a group
	 * with none (UBND cấp huyện after 2025) has no place in the period. */
	int *units;
	size_t nunits;
	size_t *group_nunits;
	/* computed (compare.c): the units with a row in any of its files
	 * (scores of any index, or services). */
	size_t nreported;
};

enum mb_online { MB_ONLINE_NONE = 0, MB_ONLINE_PARTIAL, MB_ONLINE_FULL };

struct mb_procedure {
	char *code, *name, *field, *time_limit, *fee, *url; /* optional ones NULL */
	enum mb_online online;
	int *groups;  size_t ngroups;   /* group indices */
	int *units;   size_t nunits;    /* unit indices */
};

struct mb_page {
	char *slug, *title, *date, *summary; /* date/summary may be NULL */
	int order;
	bool draft;
	char *body_md;          /* Markdown without front matter */
	char *file;
};

struct mb_model {
	char *dir;                       /* data folder */
	const struct mb_indir *in;       /* the data folder, while it loads (load.c) */
	struct mb_site site;
	struct mb_group *groups;    size_t ngroups;
	struct mb_unit *units;      size_t nunits;
	struct mb_index *indices;   size_t nindices;   /* sorted by id */
	struct mb_period *periods;  size_t nperiods;   /* by end date, oldest first */
	struct mb_procedure *procs; size_t nprocs;     /* sorted by field, then code */
	struct mb_page *pages;      size_t npages;     /* published only: news newest first, then others by order, slug */
	int *unit_by_id;      /* unit indices sorted by id, for lookup */
	int services_latest;  /* computed: the latest period with service figures, or -1 */
};

void mb_model_free(struct mb_model *m);
/* Sorts order[0..n) (indices into an array of records whose id is at byte
 * offset id_off, records `size` bytes apart) by id, for the lookups below. */
void mb_sort_by_id(int *order, size_t n, const void *records, size_t size, size_t id_off);
int mb_model_find_unit(const struct mb_model *m, const char *id);   /* -1 if none */
int mb_model_find_group(const struct mb_model *m, const char *id);
int mb_model_find_index(const struct mb_model *m, const char *id);
int mb_index_find_crit(const struct mb_index *ix, const char *id);
/* What the criteria at depth (0 for the top) of index ix are called, as
 * inside a sentence ("lĩnh vực"): its "levels"; a level they do not name
 * is "tiêu chí" at the top, "tiêu chí thành phần" below. */
const char *mb_index_level(const struct mb_index *ix, int depth);
/* Whether unit u exists on some day of [first, last] (its life overlaps them). */
bool mb_unit_exists(const struct mb_unit *u, mb_day first, mb_day last);
/* The unit's parent in the days [first, last] (a period): its parent when
 * that exists on some of those days, otherwise -1.  A commune that
 * outlived its district is under the district in the periods the district
 * lasted, and under no unit after it ended. */
int mb_unit_parent_in(const struct mb_model *m, int unit, mb_day first, mb_day last);
/* Latest period with any data, or -1. */
int mb_model_latest_period(const struct mb_model *m);
/* The score of a unit in index i and period p, or NULL (after mb_compute). */
const struct mb_score *mb_score_of(const struct mb_model *m, size_t p, size_t i, int unit);
/* The service row of a unit in period p, or NULL (after mb_compute). */
const struct mb_service *mb_service_of(const struct mb_model *m, size_t p, int unit);
/*
 * The units under unit u (its children: a district's communes) compared
 * with each other, as its page and its chart show them (after mb_compute),
 * only in periods in which u itself exists (mb_unit_parent_in): an ended
 * district never compares the communes that outlived it in the periods
 * after its end.
 * mb_children_ranked: the latest such period in which index i scored any
 * of them, or -1; *group is the group most of the children scored then are
 * ranked in (ties: the first group), whose ranking they are shown in.
 * mb_children_served: the latest such period with service figures for any
 * of them, or -1.
 */
int mb_children_ranked(const struct mb_model *m, int u, size_t i, int *group);
int mb_children_served(const struct mb_model *m, int u);
/* Compares num/den (den > 0, in the mean's unit: a fraction of one, or
 * points) with a mean's exact value: 1 above it, 0 equal, -1 below. */
int mb_mean_cmp(const struct mb_mean *mn, int64_t num, int64_t den);

#endif
