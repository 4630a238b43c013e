/* highlights.h - a period in a few sentences: the facts worth saying, chosen from the computed model. */
#ifndef MB_HIGHLIGHTS_H
#define MB_HIGHLIGHTS_H

#include <stddef.h>

#include "model.h"

/*
 * "Điểm nổi bật": what a press office writes first about a period (the
 * seeds: "tăng 48 bậc", "đứng đầu", "tỷ lệ hồ sơ đúng hạn 99,77%").  This
 * module only chooses: which facts, in which order, and which units each
 * names.  Every number a fact stands for is a figure compute made (a
 * ratio's pct2, a group's mean, a rank change, a total, a change against
 * an earlier period); the words are in templates/partials/highlights*.
 */
enum mb_hl_kind {
	MB_HL_SERVICES,  /* files received and resolved, the on-time rate against its target */
	MB_HL_TARGETS,   /* the other rates against their targets, units that met each */
	MB_HL_GROUPS,    /* each group's files and on-time and online rates */
	MB_HL_CHANGE,    /* the rates against the previous quarter and a year earlier */
	MB_HL_OVERDUE,   /* units with files overdue, the most first */
	MB_HL_RANKED,    /* an index: how many units of each group it ranked */
	MB_HL_LEADERS,   /* an index: the first of each group (ties: đồng hạng) */
	MB_HL_MEANS,     /* an index: each group's mean result and its changes */
	MB_HL_MOVERS,    /* an index: the biggest climb and the biggest fall */
	MB_HL_LAST,      /* an index: the last of each group (ties: đồng hạng) */
	MB_HL_KINDS
};

/* Sentences at most, and units one sentence names at most. */
#define MB_HL_MAX 8
#define MB_HL_NAMED 3

struct mb_hl_fact {
	enum mb_hl_kind kind;
	int index;         /* the index of an index's fact; -1 for the services' */
	/*
	 * The rows it names: of the period's scores of `index` (leaders and
	 * last: in group order, ranks shared; movers: the climbers, biggest
	 * climb, then in rows2 the fallers) or of its services (overdue: the
	 * most files overdue first).
	 */
	int *rows, *rows2;
	size_t nrows, nrows2;
};

struct mb_highlights {
	size_t period;
	struct mb_hl_fact *v;
	size_t n;
};

/*
 * Chooses the facts of period p: the services' and each index's, at most
 * max (pages: MB_HL_MAX; the draft press release: every one), the most
 * telling first when there are more (the services'
 * totals and each index's leaders, then targets, overdue files and means,
 * then changes, groups and movers, then the last places, then how many
 * units each group had ranked), given in the
 * order a reader takes them: services, then each index (by id).  Fewer
 * than four only when the period has little data.  Returns h->n;
 * mb_highlights_release frees what the facts hold.
 */
size_t mb_highlights(const struct mb_model *m, size_t p, size_t max, struct mb_highlights *h);
void mb_highlights_release(struct mb_highlights *h);

#endif
