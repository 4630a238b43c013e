/* suggest.h - the ids closest to one that is unknown ("did you mean so-tu-phap?"). */
#ifndef MB_SUGGEST_H
#define MB_SUGGEST_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "model.h"

/*
 * Appends to out, separated by ", ", the candidates closest to word by
 * edit distance (up to three that are equally close, in the order given),
 * when they are within a third of its length (two letters for short
 * words); returns how many it appended: 0 when none is close.  A typo ("so-tu-phapp",
 * "so-tu-pháp", "so-tuphap") finds its id; an unrelated word finds nothing.
 *
 * Each suggestion compares the word with every candidate, so d (may be
 * NULL) bounds the work for a file of garbage: past MB_SUGGEST_MAX
 * problems in d, nothing is suggested (0), the same way on every run.
 */
#define MB_SUGGEST_MAX 200
size_t mb_suggest(const struct mb_diags *d, const char *word, const char *const *cand, size_t n,
                  mb_buf *out);
/* The same among the ids of the model's units, its groups, its indices,
 * or the criteria of one index. */
size_t mb_suggest_unit(const struct mb_diags *d, const struct mb_model *m, const char *id,
                       mb_buf *out);
size_t mb_suggest_group(const struct mb_diags *d, const struct mb_model *m, const char *id,
                        mb_buf *out);
size_t mb_suggest_index(const struct mb_diags *d, const struct mb_model *m, const char *id,
                        mb_buf *out);
size_t mb_suggest_crit(const struct mb_diags *d, const struct mb_index *ix, const char *id,
                       mb_buf *out);

#endif
