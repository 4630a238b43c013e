/* cache.h - what the last successful build of OUT was made from, kept beside OUT. */
#ifndef MB_CACHE_H
#define MB_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "sha256.h"

/*
 * The cache is one text file beside OUT (".OUT.cache" in OUT's parent
 * folder): a version line, the fingerprint of the inputs of the last
 * successful build, the fingerprint of the tree it published, and one key
 * per chart (a hash of the numbers and words it was drawn from).  It is
 * only an accelerator: deleting it, or a cache from another version, just
 * makes the next build a full one.
 */

struct mb_cache_key {
	char *rel;
	char key[MB_HASH_HEX];
};

struct mb_cache {
	char *path;
	char inputs[MB_HASH_HEX];  /* "" when unknown */
	char tree[MB_HASH_HEX];
	struct mb_cache_key *keys; /* sorted by rel */
	size_t nkeys, cap;
	pthread_mutex_t lock;      /* guards appends during a build */
};

/* An empty cache for OUT. */
void mb_cache_init(struct mb_cache *c, const char *out);
/* Reads the cache of OUT; a missing or unreadable cache is an empty one. */
void mb_cache_load(struct mb_cache *c, const char *out);
/* Looks up the key recorded for rel, or NULL. */
const char *mb_cache_key(const struct mb_cache *c, const char *rel);
/* Records rel's key (thread-safe); call mb_cache_sort before lookups. */
void mb_cache_put(struct mb_cache *c, const char *rel, const char *key);
void mb_cache_sort(struct mb_cache *c);
/* Writes the cache atomically (beside, then rename); 0 or -1 with errno. */
int mb_cache_save(const struct mb_cache *c);
void mb_cache_release(struct mb_cache *c);

/* SHA-256 of everything under DATA and TEMPLATES (names and bytes, in a
 * fixed order), of this program's own file and of extra (options): what a
 * build's output depends on.  Returns 0, or -1 if something is unreadable. */
int mb_fingerprint_inputs(const char *data, const char *templates, const char *extra,
                          char out[MB_HASH_HEX]);
/* SHA-256 of OUT's listing: every path, size and modification time.  Finds
 * a published tree that someone changed by hand.  -1 if OUT is missing. */
int mb_fingerprint_tree(const char *out, char hex[MB_HASH_HEX]);

#endif
