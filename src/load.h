/* load.h - reading and validating a data folder into a model. */
#ifndef MB_LOAD_H
#define MB_LOAD_H

#include "diag.h"
#include "model.h"

/*
 * Reads every file of the data folder `dir` (SPEC §2), without following a
 * symbolic link out of it and refusing special files (indir.h), validates it and
 * returns the model with given values filled in (computed fields are set by
 * mb_compute).  Every problem is added to d; the caller checks
 * mb_diags_failed() and computes only a model without errors.  Returns NULL
 * only when the folder itself cannot be opened; when site.json or
 * units.json cannot be read the model holds what could be (no periods,
 * nothing that names units) and d says why.  The caller frees the model
 * with mb_model_free().
 */
struct mb_model *mb_load(const char *dir, struct mb_diags *d);
/* The same without periods, procedures and pages: what reading a
 * spreadsheet of figures needs (site, units, indices). */
struct mb_model *mb_load_base(const char *dir, struct mb_diags *d);

/* The same, recording in reads (indir.h) every file and folder read, for
 * the build cache. */
struct mb_reads;
struct mb_model *mb_load_recorded(const char *dir, struct mb_reads *reads, struct mb_diags *d);

#endif
