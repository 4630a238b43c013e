/* jobs.c - a parallel for-loop over pthreads with an atomic work counter. */
#include "jobs.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <unistd.h>

#include "alloc.h"

struct run {
	mb_job_fn fn;
	void *ctx;
	size_t n;
	atomic_size_t next;
};

struct worker {
	struct run *run;
	int id;
	bool favoured;
};

/* Threads favoured now (mb_jobs_favour), and whether this one is. */
static atomic_int favoured_now;
static _Thread_local bool favoured_here;

/* A thread's nice value is its own on Linux; a helper ends with its loop,
 * so the priority it gives up is never needed back. */
#define MB_HELPER_NICE 10

static void *work(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->run;
	favoured_here = w->favoured;
	if (w->id > 0 && !w->favoured && atomic_load(&favoured_now) > 0)
		(void)setpriority(PRIO_PROCESS, (id_t)gettid(), MB_HELPER_NICE);
	for (;;) {
		size_t i = atomic_fetch_add(&r->next, 1);
		if (i >= r->n)
			break;
		r->fn(r->ctx, i, w->id);
	}
	return NULL;
}

void mb_par_for(int threads, size_t n, mb_job_fn fn, void *ctx)
{
	if (threads < 1)
		threads = 1;
	if ((size_t)threads > n)
		threads = n ? (int)n : 1;
	struct run r = {.fn = fn, .ctx = ctx, .n = n};
	atomic_init(&r.next, 0);
	struct worker *ws = mb_xcalloc((size_t)threads, sizeof *ws);
	pthread_t *tids = mb_xcalloc((size_t)threads, sizeof *tids);
	int started = 1;
	for (int t = 0; t < threads; t++)
		ws[t] = (struct worker){&r, t, favoured_here};
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&tids[t], NULL, work, &ws[t]) != 0)
			break; /* fewer threads is slower, not wrong */
		started++;
	}
	work(&ws[0]);
	for (int t = 1; t < started; t++)
		pthread_join(tids[t], NULL);
	free(tids);
	free(ws);
}

void mb_jobs_favour(bool on)
{
	favoured_here = on;
	atomic_fetch_add(&favoured_now, on ? 1 : -1);
}

static int nthreads = 1;

void mb_jobs_set_threads(int threads)
{
	nthreads = threads < 1 ? 1 : threads;
}

int mb_jobs_threads(void)
{
	return nthreads;
}
