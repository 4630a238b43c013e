/* cache.c - fingerprints of inputs and outputs, and the cache file beside OUT. */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

#define CACHE_VERSION "minhbach-cache 1"

static char *cache_path(const char *out)
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
	c->path = cache_path(out);
}

void mb_cache_load(struct mb_cache *c, const char *out)
{
	mb_cache_init(c, out);
	FILE *f = fopen(c->path, "r");
	if (!f)
		return;
	char line[4096];
	bool ok = fgets(line, sizeof line, f) && strcmp(line, CACHE_VERSION "\n") == 0;
	while (ok && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "inputs ", 7) == 0 && strlen(line + 7) == 64)
			memcpy(c->inputs, line + 7, MB_HASH_HEX);
		else if (strncmp(line, "tree ", 5) == 0 && strlen(line + 5) == 64)
			memcpy(c->tree, line + 5, MB_HASH_HEX);
		else if (strncmp(line, "key ", 4) == 0 && strlen(line) > 4 + 65) {
			size_t n = strlen(line);
			line[n - 65] = '\0';
			mb_cache_put(c, line + 4, line + n - 64);
		}
	}
	fclose(f);
	if (!ok) {
		c->inputs[0] = c->tree[0] = '\0';
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

const char *mb_cache_key(const struct mb_cache *c, const char *rel)
{
	size_t lo = 0, hi = c->nkeys;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(c->keys[mid].rel, rel);
		if (cmp == 0)
			return c->keys[mid].key;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void mb_cache_put(struct mb_cache *c, const char *rel, const char *key)
{
	struct mb_cache_key k;
	k.rel = mb_xstrdup(rel);
	snprintf(k.key, sizeof k.key, "%s", key);
	pthread_mutex_lock(&c->lock);
	MB_PUSH(c->keys, c->nkeys, c->cap, k);
	pthread_mutex_unlock(&c->lock);
}

int mb_cache_save(const struct mb_cache *c)
{
	char *tmp = mb_strf("%s.tmp-%ld", c->path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return -1;
	}
	fprintf(f, "%s\ninputs %s\ntree %s\n", CACHE_VERSION, c->inputs, c->tree);
	for (size_t i = 0; i < c->nkeys; i++)
		fprintf(f, "key %s %s\n", c->keys[i].rel, c->keys[i].key);
	int rc = fclose(f) == 0 ? rename(tmp, c->path) : -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void mb_cache_release(struct mb_cache *c)
{
	for (size_t i = 0; i < c->nkeys; i++)
		free(c->keys[i].rel);
	free(c->keys);
	free(c->path);
	pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof *c);
}

/* ---- fingerprints ---------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

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

/* Walks dir in name order.  With contents, hashes every regular file's
 * bytes; otherwise its size and modification time. */
static int walk(EVP_MD_CTX *md, const char *dir, const char *rel, bool contents)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *name = mb_xstrdup(e->d_name);
		MB_PUSH(names, n, cap, name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, str_cmp);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = mb_strf("%s/%s", dir, names[i]);
		char *sub = mb_strf("%s%s%s", rel, *rel ? "/" : "", names[i]);
		struct stat st;
		if (rc == 0 && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				EVP_DigestUpdate(md, "D", 1);
				EVP_DigestUpdate(md, sub, strlen(sub) + 1);
				rc = walk(md, path, sub, contents);
			} else {
				char meta[96];
				int k = snprintf(meta, sizeof meta, "F%lld", (long long)st.st_size);
				if (!contents)
					k += snprintf(meta + k, sizeof meta - (size_t)k, " %lld.%09ld",
					              (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
				EVP_DigestUpdate(md, meta, (size_t)k + 1);
				EVP_DigestUpdate(md, sub, strlen(sub) + 1);
				if (contents && S_ISREG(st.st_mode))
					rc = hash_file(md, path);
			}
		} else if (rc == 0) {
			rc = -1;
		}
		free(path);
		free(sub);
		free(names[i]);
	}
	free(names);
	return rc;
}

int mb_fingerprint_inputs(const char *data, const char *templates, const char *extra,
                          char out[MB_HASH_HEX])
{
	EVP_MD_CTX *md = mb_sha256_begin();
	EVP_DigestUpdate(md, CACHE_VERSION, sizeof CACHE_VERSION);
	EVP_DigestUpdate(md, extra, strlen(extra) + 1);
	/* A new build of the program may draw or write differently. */
	int rc = hash_file(md, "/proc/self/exe");
	EVP_DigestUpdate(md, "data", 5);
	if (rc == 0)
		rc = walk(md, data, "", true);
	EVP_DigestUpdate(md, "templates", 10);
	if (rc == 0)
		rc = walk(md, templates, "", true);
	mb_sha256_end(md, out);
	return rc;
}

int mb_fingerprint_tree(const char *out, char hex[MB_HASH_HEX])
{
	struct stat st;
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		return -1;
	EVP_MD_CTX *md = mb_sha256_begin();
	int rc = walk(md, out, "", false);
	mb_sha256_end(md, hex);
	return rc;
}
