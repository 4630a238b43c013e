/* cache.h - what the last successful build of OUT was made from, kept beside OUT. */
#ifndef MB_CACHE_H
#define MB_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

/*
 * The cache is one text file beside OUT (".OUT.cache" in OUT's parent
 * folder): a version line, the fingerprint of the program and options of
 * the last successful build, what that build read (every file of DATA and
 * TEMPLATES with the hash of the bytes it read, every folder it listed,
 * every file it looked for and did not find, the chart fonts), the
 * fingerprint of the tree it published, one key per chart (a hash of the
 * numbers and words it was drawn from), and one key per download file of a
 * period (a hash of the data it is made from: mb_input_keys), with the size
 * and SHA-256 the downloads page lists, and where each period's piece of
 * the long table (tai-ve/tat-ca.csv) lies in the file, with its key.
 *
 * A build is "up to date" only when reading the same files again gives
 * the same bytes: a file edited while a build loads it is caught by the
 * next one, and files behind symbolic links count as what they hold.  The
 * cache is only an accelerator: deleting it, or a cache from another
 * version, just makes the next build a full one.
 */

struct mb_cache_key {
	char *rel;
	char key[MB_HASH_HEX];
	/* A listed download: its size and SHA-256 ("" for a chart). */
	size_t size;
	char sum[MB_HASH_HEX];
	/* A piece of a file made a piece at a time (rel "FILE#PART", out.h):
	 * where it starts in FILE (never 0: a header comes first); its length
	 * is size.  0 for anything else. */
	size_t offset;
};

/* One thing the build read (indir.h); root is 'd' (DATA), 't' (TEMPLATES)
 * or 'f' (a file named by its own path: the fonts). */
struct mb_cache_read {
	char root, kind;
	char hash[MB_HASH_HEX];
	char *rel;
};

struct mb_reads;
struct mb_indir;

struct mb_cache {
	char *path;
	char program[MB_HASH_HEX];  /* "" when unknown */
	char tree[MB_HASH_HEX];
	struct mb_cache_read *reads;
	size_t nreads, readcap;
	struct mb_cache_key *keys; /* sorted by rel */
	size_t nkeys, cap;
	pthread_mutex_t lock;      /* guards appends during a build */
};

/* The cache file of OUT: ".OUT.cache" in OUT's parent folder (malloc'd). */
char *mb_cache_path(const char *out);
/* An empty cache for OUT. */
void mb_cache_init(struct mb_cache *c, const char *out);
/* Reads the cache of OUT; a missing or unreadable cache is an empty one. */
void mb_cache_load(struct mb_cache *c, const char *out);
/* Looks up the key recorded for rel, or NULL. */
const char *mb_cache_key(const struct mb_cache *c, const char *rel);
/* The entry recorded for rel (key, and size and sum when listed), or NULL. */
const struct mb_cache_key *mb_cache_find(const struct mb_cache *c, const char *rel);
/* Records rel's key (thread-safe); call mb_cache_sort before lookups. */
void mb_cache_put(struct mb_cache *c, const char *rel, const char *key);
/* Records rel's key with the size and SHA-256 of the file (thread-safe). */
void mb_cache_put_sum(struct mb_cache *c, const char *rel, const char *key, size_t size,
                      const char *sum);
/* Records a piece of a file (see offset above; thread-safe). */
void mb_cache_put_piece(struct mb_cache *c, const char *rel, const char *key, size_t offset,
                        size_t size);
void mb_cache_sort(struct mb_cache *c);
/* Writes the cache atomically (beside, then rename); 0 or -1 with errno. */
int mb_cache_save(const struct mb_cache *c);
void mb_cache_release(struct mb_cache *c);

/* Adds what a build read from one root ('d', 't' or 'f') to the cache. */
void mb_cache_add_reads(struct mb_cache *c, char root, const struct mb_reads *r);
/* Whether reading again what the cached build read gives the same bytes,
 * names and missing files: DATA and TEMPLATES are read through data and
 * templates (either may be NULL: then nothing of it may be in the cache). */
bool mb_cache_reads_match(const struct mb_cache *c, const struct mb_indir *data,
                          const struct mb_indir *templates);

/*
 * What each period's downloads are made from, for incremental builds
 * (downloads.c): a period's key hashes the program and options (program),
 * everything the build read from DATA outside periods/ but the list of
 * periods and the pages' folder (so units, groups, indices, procedures,
 * site.json), and what it read in the folder of that period and of every
 * earlier period of the same kind (a quarter's figures are compared with
 * earlier quarters', a year's with earlier years'; compare.h), each by the
 * hash of its bytes.  Nothing else a period's files show can change without
 * one of these.  A period's page shows more (the next period of its kind,
 * the articles in the site's menus): its key (page) hashes every read
 * outside periods/, those two included.
 */
struct mb_input_keys {
	size_t nperiods;
	char (*period)[MB_HASH_HEX];   /* per period of the model: its files */
	char (*page)[MB_HASH_HEX];     /* the same with all of DATA outside periods/ */
};
struct mb_model;
/* reads: what the load read from DATA, sorted (mb_reads_sort). */
void mb_input_keys_make(struct mb_input_keys *k, const struct mb_model *m,
                        const struct mb_reads *reads, const char *program);
void mb_input_keys_release(struct mb_input_keys *k);

/* SHA-256 of this program's own file and of extra (the options): what a
 * build's output depends on besides what it reads.  -1 if unreadable. */
int mb_fingerprint_program(const char *extra, char out[MB_HASH_HEX]);
/* SHA-256 of OUT's listing: every path, size and modification time, but
 * not the owner's dot files and folders at the top (only the build mark
 * among them).  Finds a published tree that someone changed by hand.  -1
 * if OUT is missing. */
int mb_fingerprint_tree(const char *out, char hex[MB_HASH_HEX]);
/* The same, of the folder open at dfd (which stays open): a tree keeps its
 * fingerprint when its folder is renamed, even during the walk. */
int mb_fingerprint_tree_at(int dfd, char hex[MB_HASH_HEX]);
/* The same, and every path of OUT it covers (relative to OUT, malloc'd, in
 * the walk's order: a folder's path ends with '/' and comes before what it
 * holds; the caller frees them and the array). */
int mb_fingerprint_tree_names(const char *out, char hex[MB_HASH_HEX], char ***names, size_t *n);
/* The records a tree's fingerprint hashes, in the walk's order: a folder,
 * "D" and its path (len bytes); a file, "F<size> <seconds>.<nanoseconds,
 * 9 digits>" and its path; each part ended by a NUL.  Also what a build
 * that knows the tree it left hashes instead of walking it (out.c). */
struct mb_buf;
void mb_tree_folder_record(struct mb_buf *b, const char *path, size_t len);
void mb_tree_file_record(struct mb_buf *b, const char *path, size_t len, int64_t size,
                         int64_t sec, long nsec);

#endif
