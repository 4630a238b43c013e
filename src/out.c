/* out.c - writing output files under an output root. */
#include "out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cache.h"
#include "i18n.h"
#include "publish.h"
#include "sha256.h"

void mb_out_init(struct mb_out *o, const char *root)
{
	o->root = mb_xstrdup(root);
	pthread_mutex_init(&o->claim_lock, NULL);
	o->claims = NULL;
	o->nclaims = o->claimcap = 0;
	o->stats = NULL;
	o->nstats = o->statcap = 0;
	o->prev = NULL;
	o->old = NULL;
	o->now = NULL;
	o->inputs = NULL;
	o->program = NULL;
	o->prev_as_left = false;
	o->in_place = false;
	o->stale = NULL;
	atomic_init(&o->kept, 0);
	atomic_init(&o->files, 0);
	atomic_init(&o->bytes, 0);
	atomic_init(&o->failed, 0);
}

void mb_out_release(struct mb_out *o)
{
	for (size_t i = 0; i < o->claimcap; i++)
		free(o->claims[i]);
	free(o->claims);
	o->claims = NULL;
	o->nclaims = o->claimcap = 0;
	free(o->stats);
	o->stats = NULL;
	o->nstats = o->statcap = 0;
	pthread_mutex_destroy(&o->claim_lock);
	free(o->root);
	free(o->prev);
	o->root = o->prev = NULL;
}

void mb_out_set_previous(struct mb_out *o, const char *prev, const struct mb_cache *old,
                         struct mb_cache *now)
{
	free(o->prev);
	o->prev = prev ? mb_xstrdup(prev) : NULL;
	o->old = old;
	o->now = now;
	atomic_init(&o->kept, 0);
}

static size_t str_hash(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static void claims_put(char **v, size_t cap, char *rel)
{
	size_t i = str_hash(rel) & (cap - 1);
	while (v[i])
		i = (i + 1) & (cap - 1);
	v[i] = rel;
}

/* Where rel is in the claims (claimcap > 0), or the empty slot it would take. */
static size_t claims_slot(const struct mb_out *o, const char *rel)
{
	size_t i = str_hash(rel) & (o->claimcap - 1);
	while (o->claims[i] && strcmp(o->claims[i], rel) != 0)
		i = (i + 1) & (o->claimcap - 1);
	return i;
}

/* Records that this build writes rel: its name as kept in the claims, or
 * NULL when it already did (reported: the build fails). */
static const char *claim(struct mb_out *o, const char *rel)
{
	pthread_mutex_lock(&o->claim_lock);
	if (2 * (o->nclaims + 1) > o->claimcap) {
		size_t cap = o->claimcap ? o->claimcap * 2 : 1024;
		char **v = mb_xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < o->claimcap; i++)
			if (o->claims[i])
				claims_put(v, cap, o->claims[i]);
		free(o->claims);
		o->claims = v;
		o->claimcap = cap;
	}
	size_t i = claims_slot(o, rel);
	const char *name = NULL;
	if (!o->claims[i]) {
		name = o->claims[i] = mb_xstrdup(rel);
		o->nclaims++;
	}
	pthread_mutex_unlock(&o->claim_lock);
	if (!name)
		mb_out_fail(o, rel, _("two outputs of this build have this same path, and one would "
		                      "replace the other: nothing was published (please report this)"));
	return name;
}

struct mb_out_stat {
	const char *rel; /* the claim's */
	int64_t size, sec;
	long nsec;
};

/* The file claimed as name is left as st says, for mb_out_fingerprint. */
static void seen(struct mb_out *o, const char *name, const struct stat *st)
{
	struct mb_out_stat v = {name, (int64_t)st->st_size, (int64_t)st->st_mtim.tv_sec,
		st->st_mtim.tv_nsec};
	pthread_mutex_lock(&o->claim_lock);
	MB_PUSH(o->stats, o->nstats, o->statcap, v);
	pthread_mutex_unlock(&o->claim_lock);
}

/* rel's name in the claims, or NULL when this build did not claim it. */
static const char *claimed_name(struct mb_out *o, const char *rel)
{
	pthread_mutex_lock(&o->claim_lock);
	const char *name = o->claimcap ? o->claims[claims_slot(o, rel)] : NULL;
	pthread_mutex_unlock(&o->claim_lock);
	return name;
}

/* Whether this build wrote rel (or took it unchanged). */
static bool claimed(struct mb_out *o, const char *rel)
{
	return claimed_name(o, rel) != NULL;
}

void mb_out_sweep(struct mb_out *o, char *const *names, size_t n)
{
	mb_buf path;
	mb_buf_init(&path);
	/*
	 * From the end: what a folder holds comes before the folder itself.  The
	 * listing puts a folder's whole content right after it, so the last
	 * entry kept so far lies inside the folder exactly when something in
	 * it was kept: such a folder is not empty and is not tried (a national
	 * site has 23,000 folders, nearly all kept).  A folder tried may still
	 * hold what this build added to it: rmdir leaves it then.
	 */
	const char *kept = NULL;
	for (size_t i = n; i-- > 0;) {
		size_t len = strlen(names[i]);
		bool folder = len && names[i][len - 1] == '/';
		if (folder ? kept && strncmp(kept, names[i], len) == 0 : claimed(o, names[i])) {
			kept = names[i];
			continue;
		}
		mb_buf_reset(&path);
		mb_buf_puts(&path, o->root);
		mb_buf_putc(&path, '/');
		mb_buf_puts(&path, names[i]);
		if (folder)
			rmdir(path.data); /* only when left empty */
		else
			unlink(path.data);
	}
	mb_buf_release(&path);
}

/* Whether the regular file at path (not a link) holds exactly data; its
 * status in *st. */
static bool same_file_bytes(const char *path, const void *data, size_t len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return false;
	bool same = fstat(fd, st) == 0 && S_ISREG(st->st_mode) && (size_t)st->st_size == len;
	char buf[1 << 16];
	const char *p = data;
	size_t off = 0;
	while (same && off < len) {
		ssize_t n = read(fd, buf, len - off < sizeof buf ? len - off : sizeof buf);
		if (n <= 0 || memcmp(buf, p + off, (size_t)n) != 0)
			same = false;
		else
			off += (size_t)n;
	}
	close(fd);
	return same;
}

/* In a reused root, the entry at path makes way for a new one: it is
 * removed, never written into (it may be the published site's file). */
static void make_way(const struct mb_out *o, const char *path)
{
	if (o->in_place && unlink(path) != 0 && errno == EISDIR)
		mb_remove_tree(path);
}

/* Whether st, the status of a file of the reused root that holds what
 * this build makes, is also the published site's: a file of the kept site
 * has a second name only when the published site took it unchanged (its
 * own file at the same path), so no look at the published file is needed. */
static bool published(const struct mb_out *o, const struct stat *st)
{
	return o->prev && st->st_nlink > 1;
}

/* A file the reused root already holds, as this build makes it: counted
 * (as unchanged when it is the published one's) and left alone. */
static void already_there(struct mb_out *o, bool unchanged, size_t size)
{
	if (unchanged)
		atomic_fetch_add(&o->kept, 1);
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, size);
}

/* mkdir -p of path's first n bytes; tolerant of races between jobs.  The
 * deepest folder is tried first: when it exists (the usual case, most
 * files go beside others) that is one system call, not one per level. */
static int make_dir(char *path, size_t n)
{
	if (n == 0)
		return 0;
	char c = path[n];
	path[n] = '\0';
	int rc = mkdir(path, 0755);
	int err = errno;
	if (rc != 0 && err == ENOENT) {
		char *slash = memrchr(path, '/', n);
		if (slash && slash > path && make_dir(path, (size_t)(slash - path)) == 0) {
			rc = mkdir(path, 0755);
			err = errno;
		}
	}
	path[n] = c;
	if (rc != 0 && err != EEXIST) {
		errno = err;
		return -1;
	}
	return 0;
}

/* mkdir -p for every parent folder of path. */
static int make_parents(char *path)
{
	char *slash = strrchr(path, '/');
	return slash && slash > path ? make_dir(path, (size_t)(slash - path)) : 0;
}

/* Links prev/rel to path, making its folders when missing; true when done. */
static bool link_previous(struct mb_out *o, const char *rel, char *path)
{
	char *old = mb_strf("%s/%s", o->prev, rel);
	make_way(o, path);
	bool ok = link(old, path) == 0 ||
	          (errno == ENOENT && make_parents(path) == 0 && link(old, path) == 0);
	free(old);
	if (ok)
		atomic_fetch_add(&o->kept, 1);
	return ok;
}

/* A file of a published site someone changed by hand is never taken as
 * this build's own: prev counts only as the last build left it. */
static bool trusted_prev(const struct mb_out *o)
{
	return o->prev && o->prev_as_left;
}

/* What the published site's build recorded for rel, or NULL. */
static const struct mb_cache_key *published_key(const struct mb_out *o, const char *rel)
{
	return trusted_prev(o) && o->old ? mb_cache_find(o->old, rel) : NULL;
}

/* What the reused root's build recorded for rel, or NULL (not trusted). */
static const struct mb_cache_key *kept_key(const struct mb_out *o, const char *rel)
{
	return o->in_place && o->stale ? mb_cache_find(o->stale, rel) : NULL;
}

bool mb_out_reuse(struct mb_out *o, const char *rel, const char *key)
{
	if (o->now)
		mb_cache_put(o->now, rel, key);
	const struct mb_cache_key *was = published_key(o, rel), *had = kept_key(o, rel);
	bool same = was && strcmp(was->key, key) == 0;
	char *path = mb_strf("%s/%s", o->root, rel);
	struct stat st;
	if (had && strcmp(had->key, key) == 0 && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		free(path);
		const char *name = claim(o, rel);
		if (name) {
			seen(o, name, &st);
			already_there(o, same || published(o, &st), (size_t)st.st_size);
		}
		return true;
	}
	if (!same) {
		free(path);
		return false;
	}
	bool ok = link_previous(o, rel, path) && stat(path, &st) == 0;
	free(path);
	const char *name = ok ? claim(o, rel) : NULL;
	if (ok && !name)
		return true; /* reported: the build fails */
	if (ok) {
		seen(o, name, &st);
		atomic_fetch_add(&o->files, 1);
		atomic_fetch_add(&o->bytes, (size_t)st.st_size);
	}
	return ok;
}

bool mb_out_published_piece(const struct mb_out *o, const char *piece, const char *key,
                            size_t *offset, size_t *size)
{
	const struct mb_cache_key *was = key ? published_key(o, piece) : NULL;
	if (!was || !was->offset || strcmp(was->key, key) != 0)
		return false;
	*offset = was->offset;
	*size = was->size;
	return true;
}

int mb_out_open_published(const struct mb_out *o, const char *rel)
{
	if (!trusted_prev(o))
		return -1;
	char *path = mb_strf("%s/%s", o->prev, rel);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(path);
	return fd;
}

void mb_out_piece_made(struct mb_out *o, const char *piece, const char *key, size_t offset,
                       size_t size)
{
	if (o->now && key)
		mb_cache_put_piece(o->now, piece, key, offset, size);
}

bool mb_out_reuse_listed(struct mb_out *o, const char *rel, const char *key, size_t *size,
                         char sum[65])
{
	const struct mb_cache_key *was = key ? published_key(o, rel) : NULL;
	bool same = was && was->sum[0] && strcmp(was->key, key) == 0;
	const struct mb_cache_key *had = key ? kept_key(o, rel) : NULL;
	char *path = mb_strf("%s/%s", o->root, rel);
	struct stat st;
	if (had && had->sum[0] && strcmp(had->key, key) == 0 && lstat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) && (size_t)st.st_size == had->size) {
		free(path);
		const char *name = claim(o, rel);
		if (!name)
			return true; /* reported: the build fails */
		seen(o, name, &st);
		already_there(o, same || published(o, &st), had->size);
		*size = had->size;
		memcpy(sum, had->sum, MB_HASH_HEX);
		mb_out_made(o, rel, key, had->size, had->sum);
		return true;
	}
	if (!same) {
		free(path);
		return false;
	}
	bool linked = link_previous(o, rel, path);
	bool ok = linked && stat(path, &st) == 0 && (size_t)st.st_size == was->size;
	if (linked && !ok) {
		/* Not the file that build listed: made again, never through the link. */
		unlink(path);
		atomic_fetch_sub(&o->kept, 1);
	}
	free(path);
	if (!ok)
		return false;
	const char *name = claim(o, rel);
	if (!name)
		return true; /* reported: the build fails */
	seen(o, name, &st);
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, was->size);
	*size = was->size;
	memcpy(sum, was->sum, MB_HASH_HEX);
	mb_out_made(o, rel, key, was->size, was->sum);
	return true;
}

void mb_out_made(struct mb_out *o, const char *rel, const char *key, size_t size, const char *sum)
{
	if (o->now && key)
		mb_cache_put_sum(o->now, rel, key, size, sum);
}

void mb_out_fail(struct mb_out *o, const char *rel, const char *reason)
{
	fprintf(stderr, "minhbach: %s/%s: %s\n", o->root, rel, reason);
	atomic_store(&o->failed, 1);
}

char *mb_out_path(struct mb_out *o, const char *rel)
{
	if (!claim(o, rel))
		return NULL;
	char *path = mb_strf("%s/%s", o->root, rel);
	make_way(o, path);
	struct stat st;
	if (o->in_place && lstat(path, &st) == 0)
		errno = EEXIST;
	else if (make_parents(path) == 0)
		return path;
	mb_out_fail(o, rel, strerror(errno));
	free(path);
	return NULL;
}

/* Whether two files hold the same bytes, read a piece at a time (a
 * library's file may be hundreds of megabytes). */
static bool same_files(const char *a, const char *b, size_t size)
{
	int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool same = fa >= 0 && fb >= 0 && fstat(fb, &st) == 0 && S_ISREG(st.st_mode) &&
	            (size_t)st.st_size == size;
	static const size_t piece = 1 << 16;
	char *x = mb_xmalloc(2 * piece), *y = x + piece;
	size_t off = 0;
	while (same && off < size) {
		size_t want = size - off < piece ? size - off : piece, ga = 0, gb = 0;
		ssize_t n;
		while (ga < want && (n = read(fa, x + ga, want - ga)) > 0)
			ga += (size_t)n;
		while (gb < want && (n = read(fb, y + gb, want - gb)) > 0)
			gb += (size_t)n;
		same = ga == want && gb == want && memcmp(x, y, want) == 0;
		off += want;
	}
	free(x);
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return same;
}

/* A file a library wrote: when the previous site has the same bytes, its
 * file replaces the new one (same bytes, old modification time). */
static bool keep_if_same(struct mb_out *o, const char *rel, const char *path, size_t size)
{
	if (!o->prev)
		return false;
	char *old = mb_strf("%s/%s", o->prev, rel);
	char *tmp = mb_strf("%s.prev", path);
	bool kept = false;
	if (same_files(path, old, size) && link(old, tmp) == 0) {
		kept = rename(tmp, path) == 0;
		if (kept)
			atomic_fetch_add(&o->kept, 1);
		else
			unlink(tmp);
	}
	free(tmp);
	free(old);
	return kept;
}

int mb_out_done(struct mb_out *o, const char *rel)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "%s/%s", o->root, rel);
	struct stat st;
	int rc = stat(b.data, &st);
	if (rc == 0 && keep_if_same(o, rel, b.data, (size_t)st.st_size))
		rc = stat(b.data, &st);
	mb_buf_release(&b);
	if (rc != 0) {
		mb_out_fail(o, rel, strerror(errno));
		return -1;
	}
	const char *name = claimed_name(o, rel);
	if (name)
		seen(o, name, &st);
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, (size_t)st.st_size);
	return 0;
}

int mb_out_write(struct mb_out *o, const char *rel, const void *data, size_t len)
{
	const char *name = claim(o, rel);
	if (!name)
		return -1;
	char *path = mb_strf("%s/%s", o->root, rel);
	struct stat st;
	if (o->in_place && same_file_bytes(path, data, len, &st)) {
		seen(o, name, &st);
		already_there(o, published(o, &st), len);
		free(path);
		return 0;
	}
	if (o->prev) {
		char *old = mb_strf("%s/%s", o->prev, rel);
		bool same = same_file_bytes(old, data, len, &st);
		free(old);
		if (same && link_previous(o, rel, path)) {
			free(path);
			seen(o, name, &st); /* the published file's, now linked */
			atomic_fetch_add(&o->files, 1);
			atomic_fetch_add(&o->bytes, len);
			return 0;
		}
	}
	/* Folders are made only when missing: most files go beside others.
	 * In a reused root, always a new file (O_EXCL once the old one made
	 * way). */
	make_way(o, path);
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (o->in_place ? O_EXCL : 0);
	int fd = open(path, flags, 0644);
	if (fd < 0 && errno == ENOENT && make_parents(path) == 0)
		fd = open(path, flags, 0644);
	if (fd < 0) {
		mb_out_fail(o, rel, strerror(errno));
		free(path);
		return -1;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			mb_out_fail(o, rel, strerror(errno));
			close(fd);
			free(path);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	if (fstat(fd, &st) == 0)
		seen(o, name, &st);
	if (close(fd) != 0) {
		mb_out_fail(o, rel, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, len);
	return 0;
}

/* Paths in the order a walk of the tree takes them (cache.c): name by name
 * in each folder, a folder's content right after it, so '/' counts below
 * every other byte ("a/x" before "a-b", as folder "a" before "a-b"). */
static int walk_order(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)((const struct mb_out_stat *)a)->rel;
	const unsigned char *y = (const unsigned char *)((const struct mb_out_stat *)b)->rel;
	while (*x && *x == *y) {
		x++;
		y++;
	}
	int cx = *x == '/' ? 1 : *x, cy = *y == '/' ? 1 : *y;
	return cx - cy;
}

int mb_out_fingerprint(struct mb_out *o, char hex[65])
{
	if (o->nstats != o->nclaims)
		return -1;
	if (o->nstats > 1)
		qsort(o->stats, o->nstats, sizeof *o->stats, walk_order);
	EVP_MD_CTX *md = mb_sha256_begin();
	mb_buf rec;
	mb_buf_init(&rec);
	const char *prev = "";
	int rc = 0;
	for (size_t i = 0; i < o->nstats && rc == 0; i++) {
		const struct mb_out_stat *s = &o->stats[i];
		const char *rel = s->rel;
		if (strcmp(rel, prev) == 0) {
			rc = -1; /* seen twice: not what a walk would find */
			break;
		}
		if (!strchr(rel, '/') && mb_publish_owners(rel))
			continue; /* the owner's, never fingerprinted */
		/* The folders of rel that the file before it is not in, outermost
		 * first, then rel. */
		size_t common = 0;
		for (size_t k = 0; prev[k] && prev[k] == rel[k]; k++)
			if (rel[k] == '/')
				common = k + 1;
		mb_buf_reset(&rec);
		for (size_t k = common; rel[k]; k++)
			if (rel[k] == '/')
				mb_tree_folder_record(&rec, rel, k);
		mb_tree_file_record(&rec, rel, strlen(rel), s->size, s->sec, s->nsec);
		EVP_DigestUpdate(md, rec.data, rec.len);
		prev = rel;
	}
	mb_buf_release(&rec);
	mb_sha256_end(md, hex);
	return rc;
}
