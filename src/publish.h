/* publish.h - staging folder beside OUT and the atomic swap that publishes it. */
#ifndef MB_PUBLISH_H
#define MB_PUBLISH_H

#include <pthread.h>
#include <stdbool.h>

/*
 * A build writes into a fresh staging folder beside OUT (".OUT.staging-PID"
 * in OUT's parent folder) and only a complete build replaces OUT, with one
 * renameat2(RENAME_EXCHANGE) (or rename() when OUT does not exist yet).
 * OUT and its staging folder are in the same parent, so on the same file
 * system.  A lock file beside OUT keeps two builds apart; leftovers of an
 * interrupted build are removed by the next one.
 */
struct mb_publish {
	char *out;      /* OUT as given */
	char *staging;  /* the staging folder */
	char *lock;     /* the lock file path */
	int lock_fd;
	pthread_t flusher;  /* see mb_publish_flush_early */
	bool flushing;
};

/* Takes the lock, cleans leftovers, creates the staging folder.  Returns 0,
 * or -1 after printing "minhbach: PATH: reason". */
int mb_publish_begin(struct mb_publish *p, const char *out);
/* Starts writing what the staging folder holds so far to the disk, on a
 * thread of its own, while the build goes on: the flush that must come
 * before the swap then has less left to wait for. */
void mb_publish_flush_early(struct mb_publish *p);
/* Swaps the staging folder in for OUT and removes the old site. */
int mb_publish_commit(struct mb_publish *p);
/* Removes the staging folder (after a failed build) and releases the lock. */
void mb_publish_abort(struct mb_publish *p);
void mb_publish_release(struct mb_publish *p);
/* rm -rf of a folder of ours; returns 0 or -1 with errno set. */
int mb_remove_tree(const char *path);

#endif
