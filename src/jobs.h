/* jobs.h - running independent pieces of work on several threads. */
#ifndef MB_JOBS_H
#define MB_JOBS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Calls fn(ctx, i, worker) once for every i in [0, n), on up to `threads`
 * threads (the calling thread is one of them), and returns when all calls
 * have returned.  `worker` is in [0, threads) and lets a call use
 * per-thread scratch space.  Items are handed out in increasing order, so
 * put the costly ones first.  Each call must write only its own outputs:
 * the bytes written must not depend on which thread ran what, so that any
 * -j gives the same site.
 */
typedef void (*mb_job_fn)(void *ctx, size_t i, int worker);
void mb_par_for(int threads, size_t n, mb_job_fn fn, void *ctx);

/*
 * Marks the calling thread as favoured (on) or no longer (off), in pairs.
 * While a thread is favoured, the helper threads mb_par_for starts in the
 * other threads run at a lower priority (nice 10), its own at the usual
 * one: a long job on the critical path of a build (the all-periods
 * workbook, downloads.c) is then not slowed by work that can wait.  Only
 * the order of work changes, never what it makes.
 */
void mb_jobs_favour(bool on);

/* The thread count of this run (-j), set once by the command line. */
void mb_jobs_set_threads(int threads);
int mb_jobs_threads(void);

#endif
