/* publish.h - staging folder beside OUT and the atomic swap that publishes it. */
#ifndef MB_PUBLISH_H
#define MB_PUBLISH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A build writes into a staging folder beside OUT (".OUT.staging-PID" in
 * OUT's parent folder) and only a complete build replaces OUT, with one
 * renameat2(RENAME_EXCHANGE) (or rename() when OUT does not exist yet).
 * OUT and its staging folder are in the same parent, so on the same file
 * system.  A lock file beside OUT keeps two builds apart; leftovers of an
 * interrupted build are removed by the next one.
 *
 * The site the exchange replaces is kept beside OUT as ".OUT.previous"
 * (most of its files are hard links shared with OUT) and the next full
 * build takes it as its staging folder: it rewrites only the files that
 * differ and removes the ones it no longer makes, instead of linking every
 * unchanged file into a new folder and removing the old site's names after
 * the swap.  OUT itself is never written into.
 */
/*
 * A build may only ever delete what an earlier build wrote.  Every build
 * writes the mark MB_BUILD_MARK at the top of OUT; an OUT that holds
 * anything but dot files and has no mark is refused, never emptied.  Dot
 * files and folders at the top of OUT (.git, .well-known, .htaccess) are
 * the owner's: every build carries them over, hard-linked.
 */
#define MB_BUILD_MARK ".minhbach"
extern const char mb_build_mark_text[];

/*
 * Refuses an OUT that is, contains or lies inside one of dirs[0..n) (DATA,
 * TEMPLATES; a dir that does not exist is skipped), comparing real paths
 * (symbolic links resolved, OUT's parts that do not exist yet taken as
 * written).  names[i] names dirs[i] in the message ("DATA").  Returns 0, or
 * -1 after printing why (the caller exits 2).
 */
int mb_publish_check_out(const char *out, const char *const *dirs, const char *const *names,
                         size_t n);

struct mb_publish {
	char *out;      /* OUT as given */
	char *staging;  /* the staging folder */
	char *lock;     /* the lock file path */
	char *kept;     /* ".OUT.previous": the site before OUT, kept */
	bool reused;    /* staging is the kept site, brought up to date in place */
	bool kept_old;  /* after commit: the replaced site is now at kept */
	int lock_fd;
	pthread_t flusher;  /* see mb_publish_flush_early */
	bool flushing;
};

/* Whether a top-level entry of a site is the owner's (.git, .well-known,
 * .htaccess): a dot name other than the build mark.  A build carries them
 * over and never counts them as its own (the tree's fingerprint, cache.h). */
bool mb_publish_owners(const char *name);

/* Takes the lock, checks that OUT is a folder a build made (or holds only
 * dot files), cleans leftovers, and makes the staging folder: the kept
 * previous site when reuse is asked for and it carries the build mark
 * (then p->reused), else a new empty folder.  Returns 0, or -1 after
 * printing "minhbach: PATH: reason". */
int mb_publish_begin(struct mb_publish *p, const char *out, bool reuse);
/*
 * For a partial build (--only): hard-links into the staging folder every
 * file of the published site that this build did not write, so that the
 * site published stays whole.  each(ctx, rel) is called for every file
 * taken.  Returns 0, or -1 after printing the reason.
 */
int mb_publish_merge(struct mb_publish *p, void (*each)(void *ctx, const char *rel), void *ctx);
/* Starts writing what the staging folder holds so far to the disk, on a
 * thread of its own, while the build goes on: the flush that must come
 * before the swap then has less left to wait for. */
void mb_publish_flush_early(struct mb_publish *p);
/* Carries the top-level dot files and folders of OUT over (hard links),
 * swaps the staging folder in for OUT and keeps the old site as p->kept
 * (p->kept_old), or removes it when that name is taken by something that
 * is not a site of ours. */
int mb_publish_commit(struct mb_publish *p);
/* Removes the staging folder (after a failed build) and releases the lock. */
void mb_publish_abort(struct mb_publish *p);
void mb_publish_release(struct mb_publish *p);
/* rm -rf of a folder of ours; returns 0 or -1 with errno set. */
int mb_remove_tree(const char *path);

#endif
