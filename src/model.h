/* model.h - the loaded and computed model of a data folder. */
#ifndef MB_MODEL_H
#define MB_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fixed.h"

struct mb_indir;

/*
 * The whole model is owned by one struct mb_model and freed by
 * mb_model_free().  Strings are NFC-normalised UTF-8 owned by the model.
 * Cross references are indices into the model's arrays (-1 for none).
 * Every array is in a fixed, documented order so output is deterministic.
 * Renderers only read the model: every number they show is computed here.
 */

struct mb_targets {
	/* Targets as fractions in millionths (0.99 -> 990000); -1 when unset. */
	int64_t on_time, online, online_payment, digitized, satisfaction;
};

struct mb_site {
	char *title, *organisation, *base_url, *language, *license;
	char *email, *phone, *address; /* contact; NULL when absent */
	char *font;                    /* optional chart font path */
	bool sample;
	struct mb_targets targets;
};

struct mb_group {
	char *id, *name;
	int *units;    /* unit indices, in units.json order */
	size_t nunits;
};

struct mb_unit {
	char *id, *name;
	int group;                 /* index into model->groups */
	int parent;                /* unit index or -1 */
	char *address, *phone, *email, *website, *description_md; /* may be NULL */
	int *children;             /* unit indices whose parent is this unit */
	size_t nchildren;
};

struct mb_criterion {
	char *id, *name;
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
	mb_fx max;                     /* sum of top-level maxima */
	struct mb_criterion *crit;     /* pre-order: a parent precedes its children */
	size_t ncrit;
	int *top;                      /* top-level criterion indices, in file order */
	size_t ntop;
	struct mb_band *bands;         /* sorted by min, descending */
	size_t nbands;
	int *crit_by_id;               /* criterion indices sorted by id, for lookup */
	char *file;                    /* path of its definition, for messages */
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
	int64_t percent4;       /* percentage rounded to 4 decimals (x10000) */
	int rank;               /* 1-based within group, shared on ties */
	int band;               /* index into index->bands or -1 */
	int prev_period;        /* period index or -1 */
	int prev_rank;          /* 0 when prev_period < 0 */
	int *crit_rank;         /* ntop ranks; 0 where the criterion is null */
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
	/* Per group, per top-level criterion (ntop): the mean value among the
	 * units it applies to, rounded to 1/10000, and how many those are. */
	mb_fx **crit_avg;
	int **crit_avg_n;
	/* Per group: the mean percentage (x10000, rounded), 0 when empty. */
	int64_t *avg_percent4;
};

/* A rate: num / den, or no data when den == 0. */
struct mb_rate {
	bool valid;            /* den > 0 */
	int64_t num, den;
	int64_t r6;            /* fraction in millionths, rounded */
	int met;               /* 1 target met, 0 not met, -1 no target or no data */
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
	int64_t digitized;
	int64_t sat_responses, sat_satisfied;
	/* computed */
	int64_t received, resolved, pending, balance_difference;
	int64_t digitized_base;   /* files received by the rows that report "digitized" */
	struct mb_rate on_time_rate, online_rate, online_payment_rate,
		digitized_rate, satisfaction_rate;
};

struct mb_serviceset {
	char *file;
	char *published;           /* YYYY-MM-DD or NULL */
	struct mb_service *rows;   /* in the order of the units in units.json */
	size_t nrows;
	/* Totals over all rows, and per group (model->ngroups entries). */
	struct mb_service total;
	struct mb_service *group_total;
};

struct mb_period {
	char *id;               /* "2023" or "2023-q2" */
	int year, quarter;      /* quarter 0 for a year */
	char *label;            /* "Năm 2023", "Quý II/2023" */
	char *published;        /* latest publication date of its files, or NULL */
	struct mb_scoreset **scores;  /* model->nindices entries, NULL where absent */
	struct mb_serviceset *services; /* NULL where absent */
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
};

void mb_model_free(struct mb_model *m);
/* Sorts order[0..n) (indices into an array of records whose id is at byte
 * offset id_off, records `size` bytes apart) by id, for the lookups below. */
void mb_sort_by_id(int *order, size_t n, const void *records, size_t size, size_t id_off);
int mb_model_find_unit(const struct mb_model *m, const char *id);   /* -1 if none */
int mb_model_find_group(const struct mb_model *m, const char *id);
int mb_model_find_index(const struct mb_model *m, const char *id);
int mb_index_find_crit(const struct mb_index *ix, const char *id);
/* Latest period with any data, or -1. */
int mb_model_latest_period(const struct mb_model *m);

#endif
