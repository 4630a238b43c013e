/* out.h - writing output files under an output root (the staging folder). */
#ifndef MB_OUT_H
#define MB_OUT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * An output root.  Renderers write every file through it, by a path
 * relative to the root ("don-vi/so-tu-phap/index.html").  Safe to use from
 * several threads at once.  On a system error the function prints
 * "minhbach: PATH: reason" to stderr, sets `failed`, and returns -1; the
 * build then exits 3.
 */
struct mb_cache;
struct mb_input_keys;
struct mb_out_stat;

struct mb_out {
	char *root;
	atomic_size_t files, bytes;
	atomic_int failed;
	/* Incremental builds: the previously published site and its cache.
	 * A file whose bytes are unchanged is hard-linked from there, so it
	 * keeps its modification time (rsync and CDNs skip it). */
	char *prev;                  /* NULL for a first build */
	const struct mb_cache *old;  /* keys of the previous build, or NULL */
	struct mb_cache *now;        /* keys of this build, or NULL */
	/* What each period's downloads are made from (cache.h), or NULL:
	 * then every download is made again. */
	const struct mb_input_keys *inputs;
	/* The program's fingerprint (cache.h: the program and its options),
	 * part of every page's key, or NULL: then pages are not keyed. */
	const char *program;
	bool prev_as_left;           /* prev is as the last build left it */
	/* The root is the site before prev, reused (publish.h): its files are
	 * replaced, never written into (most are hard links shared with prev),
	 * and a file that already holds what this build makes is left as it
	 * is.  stale: the keys its build recorded, or NULL when its listing is
	 * not what that build left. */
	bool in_place;
	const struct mb_cache *stale;
	atomic_size_t kept;          /* files taken unchanged from prev */
	/* Every path written, so that no output silently replaces another
	 * (check finds two inputs on one path first: paths.h). */
	pthread_mutex_t claim_lock;
	char **claims;               /* open addressing, NULL for free */
	size_t nclaims, claimcap;
	/* The size and modification time of each file claimed, as it was left
	 * (mb_out_fingerprint); under claim_lock. */
	struct mb_out_stat *stats;
	size_t nstats, statcap;
};

void mb_out_init(struct mb_out *o, const char *root);
void mb_out_release(struct mb_out *o);
/* Writes data to root/rel, creating parent folders.  Writing the same rel
 * twice in one build is refused as a system error (exit 3): two outputs
 * would share a path. */
int mb_out_write(struct mb_out *o, const char *rel, const void *data, size_t len);
/* Returns root/rel (malloc'd; caller frees) after creating its parent
 * folders, for libraries that open the file themselves (libxlsxwriter).
 * Call mb_out_done() with the same rel once the library closed the file. */
char *mb_out_path(struct mb_out *o, const char *rel);
int mb_out_done(struct mb_out *o, const char *rel);
/* Uses prev as the previous site (NULL: none) and old/now as the key caches. */
void mb_out_set_previous(struct mb_out *o, const char *prev, const struct mb_cache *old,
                         struct mb_cache *now);
/*
 * For outputs that are costly to make (charts, pages): key is a hash of
 * what the file is made from.  When the previous build made rel from the
 * same key and its file is still there (in the reused root, or in prev
 * when prev is as the last build left it: prev_as_left), takes it and
 * returns true: the caller skips the work.  Either way the key is recorded
 * for the next build (so call this before making the file).
 */
bool mb_out_reuse(struct mb_out *o, const char *rel, const char *key);
/*
 * The same for a listed download (downloads.c), only when prev is as the
 * last build left it (prev_as_left): when reused, *size and sum are what
 * that build listed for the file.  Records nothing when it returns false:
 * call mb_out_made once the file is written.
 */
bool mb_out_reuse_listed(struct mb_out *o, const char *rel, const char *key, size_t *size,
                         char sum[65]);
/* Records for the next build that rel was made from key, and its size and
 * SHA-256 (key NULL: nothing). */
void mb_out_made(struct mb_out *o, const char *rel, const char *key, size_t size,
                 const char *sum);
/*
 * A file made a piece at a time (tai-ve/tat-ca.csv: a period a piece), each
 * piece named "REL#PART" and keyed by what it is made from.  When the
 * published site is as the last build left it (prev_as_left) and that
 * build put a piece made from the same key at *offset (*size bytes) of its
 * prev/REL, mb_out_published_piece says where; the caller copies it from
 * the file mb_out_open_published opened (-1: none) instead of making it.
 * mb_out_piece_made records where this build put a piece, for the next.
 */
bool mb_out_published_piece(const struct mb_out *o, const char *piece, const char *key,
                            size_t *offset, size_t *size);
int mb_out_open_published(const struct mb_out *o, const char *rel);
void mb_out_piece_made(struct mb_out *o, const char *piece, const char *key, size_t offset,
                       size_t size);
/* For a reused root: removes every file of names[0..n) (paths relative to
 * the root as mb_fingerprint_tree_names listed them before the build wrote
 * into it) that this build did not write or take, then every listed folder
 * left empty. */
void mb_out_sweep(struct mb_out *o, char *const *names, size_t n);
/*
 * The fingerprint of the root (cache.h, mb_fingerprint_tree) made from what
 * this build knows of it instead of walking it: every file it wrote, linked
 * or left in place, with the size and time it saw when done with it, and
 * the folders that hold them.  Only for a root that holds nothing else:
 * a full build's, after mb_out_sweep when it was reused.  -1 when a file
 * was claimed without being seen (then walk the root).  A file changed by
 * someone else during the build makes it differ from the root's walk,
 * which only makes the next build a full one.
 */
int mb_out_fingerprint(struct mb_out *o, char hex[65]);
/* Reports a system error about rel (errno-style reason) and marks failure. */
void mb_out_fail(struct mb_out *o, const char *rel, const char *reason);

#endif
