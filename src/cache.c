/* cache.c - fingerprints of inputs and outputs, and the cache file beside OUT. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "fixed.h"
#include "indir.h"
#include "jobs.h"
#include "model.h"
#include "publish.h"

#define CACHE_VERSION "minhbach-cache 2"

char *mb_cache_path(const char *out)
{
	char *copy = mb_xstrdup(out);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	char *path = slash ? mb_strf("%.*s/.%s.cache", (int)(slash - copy), copy, slash + 1)
	                   : mb_strf(".%s.cache", copy);
	free(copy);
	return path;
}

void mb_cache_init(struct mb_cache *c, const char *out)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	c->path = mb_cache_path(out);
}

/* Names in the cache file are written with bytes below '!', '%' and DEL
 * as %XX, so that a line holds exactly one name. */
static void put_name(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= ' ' || *p == '%' || *p == 0x7f)
			fprintf(f, "%%%02X", *p);
		else
			fputc(*p, f);
	}
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static char *get_name(const char *s)
{
	mb_buf b;
	mb_buf_init(&b);
	for (; *s; s++) {
		int hi, lo;
		if (*s == '%' && (hi = hexval(s[1])) >= 0 && (lo = hexval(s[2])) >= 0) {
			mb_buf_putc(&b, (char)(hi << 4 | lo));
			s += 2;
		} else {
			mb_buf_putc(&b, *s);
		}
	}
	char *name = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return name;
}

static void add_read(struct mb_cache *c, char root, char kind, const char *hash, char *rel)
{
	struct mb_cache_read r = {.root = root, .kind = kind, .rel = rel};
	snprintf(r.hash, sizeof r.hash, "%s", hash);
	MB_PUSH(c->reads, c->nreads, c->readcap, r);
}

/* "ROOT KIND HASH NAME"; HASH is "-" for a missing file, and for a file
 * that changed while the build read it (which then matches nothing). */
static bool parse_read(struct mb_cache *c, const char *s)
{
	if (strlen(s) < 6 || !strchr("dtf", s[0]) || s[1] != ' ' || !strchr("FDM", s[2]) ||
	    s[3] != ' ')
		return false;
	const char *hash = s + 4, *sp = strchr(hash, ' ');
	size_t hl = sp ? (size_t)(sp - hash) : 0;
	if (!sp || !(hl == 64 || (hl == 1 && hash[0] == '-')) || (s[2] == 'M' && hl != 1))
		return false;
	char h[MB_HASH_HEX] = "";
	if (hl == 64)
		memcpy(h, hash, 64);
	add_read(c, s[0], s[2], h, get_name(sp + 1));
	return true;
}

void mb_cache_add_reads(struct mb_cache *c, char root, const struct mb_reads *r)
{
	for (size_t i = 0; i < r->n; i++)
		add_read(c, root, r->v[i].kind, r->v[i].hash, mb_xstrdup(r->v[i].rel));
}

/* Whether one thing read gives the same result again. */
static bool read_matches(const struct mb_cache_read *r, const struct mb_indir *in, mb_buf *b)
{
	size_t size;
	enum mb_in_status st;
	char hex[MB_HASH_HEX] = "";
	if (r->root == 'f') {
		st = mb_read_regular(r->rel, (size_t)1 << 30, b, &size);
	} else if (!in) {
		return false;
	} else if (r->kind == 'D') {
		/* Listing again and hashing the names, exactly as indir does. */
		char **names;
		size_t n;
		st = mb_indir_list(in, r->rel, &names, &n);
		if (st == MB_IN_OK) {
			EVP_MD_CTX *md = mb_sha256_begin();
			for (size_t i = 0; i < n; i++)
				EVP_DigestUpdate(md, names[i], strlen(names[i]) + 1);
			mb_sha256_end(md, hex);
			mb_indir_free_names(names, n);
		}
		return st == MB_IN_OK && strcmp(hex, r->hash) == 0;
	} else {
		st = mb_indir_read(in, r->rel, (size_t)1 << 30, b, &size);
	}
	if (r->kind == 'M')
		return st == MB_IN_MISSING;
	if (st != MB_IN_OK)
		return false;
	mb_sha256_hex(b->data, b->len, hex);
	return strcmp(hex, r->hash) == 0;
}

bool mb_cache_reads_match(const struct mb_cache *c, const struct mb_indir *data,
                          const struct mb_indir *templates)
{
	mb_buf b;
	mb_buf_init(&b);
	bool same = c->nreads > 0;
	for (size_t i = 0; i < c->nreads && same; i++) {
		const struct mb_cache_read *r = &c->reads[i];
		same = read_matches(r, r->root == 'd' ? data : r->root == 't' ? templates : NULL, &b);
	}
	mb_buf_release(&b);
	return same;
}

/* "REL KEY SIZE SUM": a listed download (mb_cache_put_sum). */
static bool parse_file(struct mb_cache *c, char *s)
{
	char *sum = strrchr(s, ' ');
	if (!sum || strlen(sum + 1) != MB_HASH_HEX - 1)
		return false;
	*sum++ = '\0';
	char *size = strrchr(s, ' ');
	if (!size)
		return false;
	*size++ = '\0';
	char *key = strrchr(s, ' ');
	if (!key || key == s || strlen(key + 1) != MB_HASH_HEX - 1)
		return false;
	*key++ = '\0';
	char *end;
	errno = 0;
	unsigned long long v = strtoull(size, &end, 10);
	if (errno || *end || end == size)
		return false;
	mb_cache_put_sum(c, s, key, (size_t)v, sum);
	return true;
}

/* "REL KEY OFFSET SIZE": a piece of a file. */
static bool parse_piece(struct mb_cache *c, char *s)
{
	size_t v[2];
	for (int i = 1; i >= 0; i--) {
		char *num = strrchr(s, ' '), *end;
		if (!num)
			return false;
		*num++ = '\0';
		errno = 0;
		unsigned long long x = strtoull(num, &end, 10);
		if (errno || *end || end == num || x > SIZE_MAX)
			return false;
		v[i] = (size_t)x;
	}
	char *key = strrchr(s, ' ');
	if (!key || key == s || strlen(key + 1) != MB_HASH_HEX - 1 || v[0] == 0)
		return false;
	*key++ = '\0';
	mb_cache_put_piece(c, s, key, v[0], v[1]);
	return true;
}

void mb_cache_load(struct mb_cache *c, const char *out)
{
	mb_cache_init(c, out);
	/* A FIFO or a link in its place is no cache: ignored, never waited on. */
	int fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	char line[16384];
	bool ok = fgets(line, sizeof line, f) && strcmp(line, CACHE_VERSION "\n") == 0;
	while (ok && fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\n");
		if (line[n] != '\n') { /* longer than any line we write */
			ok = false;
			break;
		}
		line[n] = '\0';
		if (strncmp(line, "program ", 8) == 0 && n == 8 + 64)
			memcpy(c->program, line + 8, MB_HASH_HEX);
		else if (strncmp(line, "tree ", 5) == 0 && n == 5 + 64)
			memcpy(c->tree, line + 5, MB_HASH_HEX);
		else if (strncmp(line, "read ", 5) == 0)
			ok = parse_read(c, line + 5);
		else if (strncmp(line, "key ", 4) == 0 && n > 4 + 65) {
			line[n - 65] = '\0';
			mb_cache_put(c, line + 4, line + n - 64);
		} else if (strncmp(line, "file ", 5) == 0)
			ok = parse_file(c, line + 5);
		else if (strncmp(line, "piece ", 6) == 0)
			ok = parse_piece(c, line + 6);
	}
	fclose(f);
	if (!ok) {
		c->program[0] = c->tree[0] = '\0';
		return;
	}
	mb_cache_sort(c);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mb_cache_key *)a)->rel, ((const struct mb_cache_key *)b)->rel);
}

void mb_cache_sort(struct mb_cache *c)
{
	if (c->nkeys > 1)
		qsort(c->keys, c->nkeys, sizeof *c->keys, key_cmp);
}

const struct mb_cache_key *mb_cache_find(const struct mb_cache *c, const char *rel)
{
	size_t lo = 0, hi = c->nkeys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(c->keys[mid].rel, rel);
		if (cmp == 0)
			return &c->keys[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *mb_cache_key(const struct mb_cache *c, const char *rel)
{
	const struct mb_cache_key *k = mb_cache_find(c, rel);
	return k ? k->key : NULL;
}

/* Appends an entry for rel (thread-safe). */
static void put_key(struct mb_cache *c, const char *rel, const char *key, size_t size,
                    const char *sum, size_t offset)
{
	struct mb_cache_key k = {.rel = mb_xstrdup(rel), .size = size, .offset = offset};
	snprintf(k.key, sizeof k.key, "%s", key);
	snprintf(k.sum, sizeof k.sum, "%s", sum ? sum : "");
	pthread_mutex_lock(&c->lock);
	MB_PUSH(c->keys, c->nkeys, c->cap, k);
	pthread_mutex_unlock(&c->lock);
}

void mb_cache_put_sum(struct mb_cache *c, const char *rel, const char *key, size_t size,
                      const char *sum)
{
	put_key(c, rel, key, size, sum, 0);
}

void mb_cache_put_piece(struct mb_cache *c, const char *rel, const char *key, size_t offset,
                        size_t size)
{
	put_key(c, rel, key, size, NULL, offset);
}

void mb_cache_put(struct mb_cache *c, const char *rel, const char *key)
{
	mb_cache_put_sum(c, rel, key, 0, NULL);
}

int mb_cache_save(const struct mb_cache *c)
{
	char *tmp = mb_strf("%s.tmp-%ld", c->path, (long)getpid());
	/* A new file of ours, never whatever someone left under that name. */
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		free(tmp);
		return -1;
	}
	fprintf(f, "%s\nprogram %s\ntree %s\n", CACHE_VERSION, c->program, c->tree);
	for (size_t i = 0; i < c->nreads; i++) {
		const struct mb_cache_read *r = &c->reads[i];
		fprintf(f, "read %c %c %s ", r->root, r->kind, r->hash[0] ? r->hash : "-");
		put_name(f, r->rel);
		fputc('\n', f);
	}
	for (size_t i = 0; i < c->nkeys; i++) {
		const struct mb_cache_key *k = &c->keys[i];
		if (k->offset)
			fprintf(f, "piece %s %s %zu %zu\n", k->rel, k->key, k->offset, k->size);
		else if (k->sum[0])
			fprintf(f, "file %s %s %zu %s\n", k->rel, k->key, k->size, k->sum);
		else
			fprintf(f, "key %s %s\n", k->rel, k->key);
	}
	int rc = fclose(f) == 0 ? rename(tmp, c->path) : -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void mb_cache_release(struct mb_cache *c)
{
	for (size_t i = 0; i < c->nreads; i++)
		free(c->reads[i].rel);
	free(c->reads);
	for (size_t i = 0; i < c->nkeys; i++)
		free(c->keys[i].rel);
	free(c->keys);
	free(c->path);
	pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof *c);
}

/* ---- what each period's downloads are made from ------------------------ */

/* The period folder a read belongs to ("periods/ID/..." or the listing
 * "periods/ID"): its length, ID's start in *id; 0 when outside any. */
static size_t period_of(const char *rel, const char **id)
{
	static const char pre[] = "periods/";
	if (strncmp(rel, pre, sizeof pre - 1) != 0 || !rel[sizeof pre - 1])
		return 0;
	*id = rel + sizeof pre - 1;
	return strcspn(*id, "/");
}

static void hash_read(EVP_MD_CTX *md, const struct mb_read_note *r)
{
	EVP_DigestUpdate(md, &r->kind, 1);
	EVP_DigestUpdate(md, r->rel, strlen(r->rel) + 1);
	EVP_DigestUpdate(md, r->hash, strlen(r->hash) + 1);
}

/* The period of the model a read belongs to (period_of), or -1. */
static int read_period(const struct mb_model *m, const char *rel)
{
	const char *id;
	size_t n = period_of(rel, &id);
	for (size_t p = 0; n && p < m->nperiods; p++)
		if (strlen(m->periods[p].id) == n && memcmp(m->periods[p].id, id, n) == 0)
			return (int)p;
	return -1;
}

/* What of DATA outside the period folders only the pages show: the list
 * of periods (a period's page links the next one of its kind) and the
 * pages' folder (the articles).  A period's files show neither: they are
 * made from the period and the earlier ones of its kind alone, so a new
 * quarter or a new article leaves the other periods' files as they were. */
static bool pages_only(const struct mb_read_note *r)
{
	return strcmp(r->rel, "periods") == 0 || strcmp(r->rel, "pages") == 0 ||
	       strncmp(r->rel, "pages/", 6) == 0;
}

/* Each period's key: base, then the id and own reads of the period and of
 * every earlier period of its kind. */
static void period_keys(const struct mb_model *m, const char base[MB_HASH_HEX],
                        char (*own)[MB_HASH_HEX], char (*key)[MB_HASH_HEX])
{
	for (size_t p = 0; p < m->nperiods; p++) {
		const struct mb_period *pe = &m->periods[p];
		EVP_MD_CTX *md = mb_sha256_begin();
		EVP_DigestUpdate(md, base, MB_HASH_HEX);
		for (size_t q = 0; q < m->nperiods; q++) {
			const struct mb_period *qe = &m->periods[q];
			if ((qe->quarter == 0) != (pe->quarter == 0) || qe->last_day > pe->last_day)
				continue;
			EVP_DigestUpdate(md, qe->id, strlen(qe->id) + 1);
			EVP_DigestUpdate(md, own[q], MB_HASH_HEX);
		}
		mb_sha256_end(md, key[p]);
	}
}

void mb_input_keys_make(struct mb_input_keys *k, const struct mb_model *m,
                        const struct mb_reads *reads, const char *program)
{
	k->nperiods = m->nperiods;
	k->period = mb_xcalloc(m->nperiods + 1, sizeof *k->period);
	k->page = mb_xcalloc(m->nperiods + 1, sizeof *k->page);
	int *owner = mb_xcalloc(reads->n + 1, sizeof *owner);
	for (size_t i = 0; i < reads->n; i++)
		owner[i] = read_period(m, reads->v[i].rel);
	/* Everything outside the period folders (for the pages; for the files,
	 * without what only pages show), then each period's own reads. */
	char (*own)[MB_HASH_HEX] = mb_xcalloc(m->nperiods + 1, sizeof *own);
	EVP_MD_CTX *base = mb_sha256_begin(), *files = mb_sha256_begin();
	EVP_DigestUpdate(base, program, strlen(program) + 1);
	EVP_DigestUpdate(files, program, strlen(program) + 1);
	for (size_t i = 0; i < reads->n; i++)
		if (owner[i] < 0) {
			hash_read(base, &reads->v[i]);
			if (!pages_only(&reads->v[i]))
				hash_read(files, &reads->v[i]);
		}
	char basehex[MB_HASH_HEX], fileshex[MB_HASH_HEX];
	mb_sha256_end(base, basehex);
	mb_sha256_end(files, fileshex);
	for (size_t p = 0; p < m->nperiods; p++) {
		EVP_MD_CTX *md = mb_sha256_begin();
		for (size_t i = 0; i < reads->n; i++)
			if (owner[i] == (int)p)
				hash_read(md, &reads->v[i]);
		mb_sha256_end(md, own[p]);
	}
	free(owner);
	period_keys(m, fileshex, own, k->period);
	period_keys(m, basehex, own, k->page);
	free(own);
}

void mb_input_keys_release(struct mb_input_keys *k)
{
	free(k->period);
	free(k->page);
	k->period = k->page = NULL;
	k->nperiods = 0;
}

/* ---- fingerprints ---------------------------------------------------- */

static int hash_file(EVP_MD_CTX *md, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char buf[1 << 16];
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0)
		EVP_DigestUpdate(md, buf, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* The names a walk lists (mb_fingerprint_tree_names). */
struct names {
	char **v;
	size_t n, cap;
};

struct entry {
	char *name;
	unsigned char type; /* d_type: DT_DIR spares a stat */
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/*
 * A tree's fingerprint hashes, in name order, every path with its size and
 * modification time: a folder as "D" PATH NUL, then what it holds; a file
 * as "F" SIZE " " SECONDS "." NANOSECONDS NUL PATH NUL.  At the top (rel
 * ""), dot entries are the owner's and skipped, except the build mark.
 *
 * A national site has ~23,000 folders and ~95,000 files, and a build walks
 * it up to three times (OUT as it was left, the kept site, OUT published):
 * about 0.6 s each, mostly in the kernel.  So every folder is a piece of
 * work of its own, taken by whichever of the build's threads is free: a
 * piece lists its folder, looks at its files and keeps their records; each
 * folder it holds becomes a new piece, and where it goes in the parent's
 * records is kept (a hole).  The records are then hashed in one pass in the
 * order above, filling each hole with its folder's records, so the
 * fingerprint and the list of names do not depend on the threads.  Files
 * are looked at relative to their folder's descriptor and a folder is
 * opened relative to the top's (O_NOFOLLOW: a folder replaced by a link
 * while walked is not entered), so no path is resolved again from the
 * process's working folder.
 */
#define MB_WALK_THREADS 4 /* at most: more would only wait on the same locks */

struct piece;

struct hole {
	size_t rec_at, names_at; /* where, in the parent's records and names */
	struct piece *child;
};

struct piece {
	char *rel;      /* "" at the top */
	mb_buf rec;     /* this folder's records, holes aside */
	struct names names;
	struct hole *holes;
	size_t nholes, holecap;
};

struct tree_walk {
	int top;        /* the tree's descriptor */
	bool listing;   /* names wanted */
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct piece **todo;
	size_t ntodo, todocap;
	size_t pending; /* pieces queued or being walked */
	int rc;
};

static struct piece *piece_new(const char *rel)
{
	struct piece *p = mb_xcalloc(1, sizeof *p);
	p->rel = mb_xstrdup(rel);
	mb_buf_init(&p->rec);
	return p;
}

void mb_tree_folder_record(mb_buf *b, const char *path, size_t len)
{
	mb_buf_putc(b, 'D');
	mb_buf_put(b, path, len);
	mb_buf_putc(b, '\0');
}

void mb_tree_file_record(mb_buf *b, const char *path, size_t len, int64_t size, int64_t sec,
                         long nsec)
{
	char ns[10]; /* nine digits, then the NUL that ends the head */
	for (long v = nsec, i = 9; i-- > 0; v /= 10)
		ns[i] = (char)('0' + v % 10);
	ns[9] = '\0';
	mb_buf_putc(b, 'F');
	mb_put_dec(b, size, 0);
	mb_buf_putc(b, ' ');
	mb_put_dec(b, sec, 0);
	mb_buf_putc(b, '.');
	mb_buf_put(b, ns, sizeof ns);
	mb_buf_put(b, path, len);
	mb_buf_putc(b, '\0');
}

/*
 * Lists one folder and looks at its files; its folders are queued.  The
 * folder is read with getdents64 on its descriptor: a DIR stream would
 * cost three more system calls a folder, and a national tree has 23,000.
 */
static int walk_piece(struct tree_walk *w, struct piece *p)
{
	int dfd = *p->rel ? openat(w->top, p->rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
	                  : fcntl(w->top, F_DUPFD_CLOEXEC, 0);
	if (dfd < 0)
		return *p->rel && errno == ENOENT ? 0 : -1; /* gone while walked */
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	_Alignas(struct dirent64) char buf[1 << 15];
	for (;;) {
		ssize_t got = getdents64(dfd, buf, sizeof buf);
		if (got <= 0) {
			rc = got < 0 ? -1 : 0;
			break;
		}
		for (ssize_t at = 0; at < got;) {
			const struct dirent64 *e = (const struct dirent64 *)(buf + at);
			at += e->d_reclen;
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (!*p->rel && mb_publish_owners(e->d_name))
				continue;
			struct entry en = {mb_xstrdup(e->d_name), e->d_type};
			MB_PUSH(v, n, cap, en);
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, entry_cmp);
	mb_buf sub;
	mb_buf_init(&sub);
	for (size_t i = 0; i < n; i++) {
		mb_buf_reset(&sub);
		mb_buf_puts(&sub, p->rel);
		if (*p->rel)
			mb_buf_putc(&sub, '/');
		mb_buf_puts(&sub, v[i].name);
		struct stat st;
		bool dir = v[i].type == DT_DIR;
		if (rc == 0 && !dir && fstatat(dfd, v[i].name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			rc = -1;
		else if (rc == 0 && !dir && S_ISDIR(st.st_mode))
			dir = true;
		if (rc == 0 && dir) {
			mb_tree_folder_record(&p->rec, sub.data, sub.len);
			if (w->listing) {
				char *keep = mb_strf("%s/", sub.data);
				MB_PUSH(p->names.v, p->names.n, p->names.cap, keep);
			}
			struct hole h = {p->rec.len, p->names.n, piece_new(sub.data)};
			MB_PUSH(p->holes, p->nholes, p->holecap, h);
			pthread_mutex_lock(&w->lock);
			MB_PUSH(w->todo, w->ntodo, w->todocap, h.child);
			w->pending++;
			pthread_cond_signal(&w->more);
			pthread_mutex_unlock(&w->lock);
		} else if (rc == 0) {
			if (w->listing) {
				char *keep = mb_xstrdup(sub.data);
				MB_PUSH(p->names.v, p->names.n, p->names.cap, keep);
			}
			mb_tree_file_record(&p->rec, sub.data, sub.len, (int64_t)st.st_size,
			                    (int64_t)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
		}
		free(v[i].name);
	}
	mb_buf_release(&sub);
	free(v);
	close(dfd);
	return rc;
}

static void *walk_worker(void *arg)
{
	struct tree_walk *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->ntodo == 0 && w->pending > 0)
			pthread_cond_wait(&w->more, &w->lock);
		if (w->ntodo == 0)
			break;
		struct piece *p = w->todo[--w->ntodo];
		pthread_mutex_unlock(&w->lock);
		int rc = walk_piece(w, p);
		pthread_mutex_lock(&w->lock);
		if (rc != 0)
			w->rc = -1;
		if (--w->pending == 0)
			pthread_cond_broadcast(&w->more);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Hashes a piece's records and moves its names to the list (none when the
 * walk lists no names), holes filled in order, then frees it. */
static void gather(struct piece *p, EVP_MD_CTX *md, struct names *list)
{
	size_t rec = 0, nam = 0;
	for (size_t i = 0; i <= p->nholes; i++) {
		size_t rec_to = i < p->nholes ? p->holes[i].rec_at : p->rec.len;
		size_t nam_to = i < p->nholes ? p->holes[i].names_at : p->names.n;
		EVP_DigestUpdate(md, p->rec.data + rec, rec_to - rec);
		for (; nam < nam_to; nam++)
			MB_PUSH(list->v, list->n, list->cap, p->names.v[nam]);
		rec = rec_to;
		if (i < p->nholes)
			gather(p->holes[i].child, md, list);
	}
	mb_buf_release(&p->rec);
	free(p->names.v);
	free(p->holes);
	free(p->rel);
	free(p);
}

int mb_fingerprint_program(const char *extra, char out[MB_HASH_HEX])
{
	EVP_MD_CTX *md = mb_sha256_begin();
	EVP_DigestUpdate(md, CACHE_VERSION, sizeof CACHE_VERSION);
	EVP_DigestUpdate(md, extra, strlen(extra) + 1);
	/* A new build of the program may draw or write differently. */
	int rc = hash_file(md, "/proc/self/exe");
	mb_sha256_end(md, out);
	return rc;
}

/* Walks the folder open at dfd (closed on return). */
static int fingerprint_fd(int dfd, char hex[MB_HASH_HEX], struct names *list)
{
	struct tree_walk w = {.listing = list != NULL};
	w.top = dfd;
	if (w.top < 0)
		return -1;
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.more, NULL);
	struct piece *top = piece_new("");
	MB_PUSH(w.todo, w.ntodo, w.todocap, top);
	w.pending = 1;
	/* As many threads as the build has (-j), the calling one included. */
	pthread_t tid[MB_WALK_THREADS];
	int threads = mb_jobs_threads(), started = 0;
	for (int i = 1; i < threads && i < MB_WALK_THREADS; i++)
		if (pthread_create(&tid[started], NULL, walk_worker, &w) == 0)
			started++;
	walk_worker(&w);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	close(w.top);
	free(w.todo);
	pthread_cond_destroy(&w.more);
	pthread_mutex_destroy(&w.lock);
	EVP_MD_CTX *md = mb_sha256_begin();
	gather(top, md, list);
	mb_sha256_end(md, hex);
	return w.rc;
}

static int fingerprint(const char *out, char hex[MB_HASH_HEX], struct names *list)
{
	return fingerprint_fd(open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC), hex, list);
}

int mb_fingerprint_tree(const char *out, char hex[MB_HASH_HEX])
{
	return fingerprint(out, hex, NULL);
}

int mb_fingerprint_tree_at(int dfd, char hex[MB_HASH_HEX])
{
	return fingerprint_fd(fcntl(dfd, F_DUPFD_CLOEXEC, 0), hex, NULL);
}

int mb_fingerprint_tree_names(const char *out, char hex[MB_HASH_HEX], char ***names, size_t *n)
{
	struct names list = {0};
	int rc = fingerprint(out, hex, &list);
	*names = list.v;
	*n = list.n;
	return rc;
}
