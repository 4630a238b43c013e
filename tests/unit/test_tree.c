/* test_tree.c - a tree's fingerprint and list of names, on one thread or several.
 *
 * test_tree             the checks
 * test_tree print DIR   DIR's fingerprint, as a build's cache records it
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "cache.h"
#include "harness.h"
#include "jobs.h"
#include "publish.h"
#include "sha256.h"
#include "scratch.h"

/* top (scratch.h) is the tree walked. */

/* The fingerprint as cache.c documents it, the plain way: one recursive
 * walk by path, names sorted with strcmp. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void reference(EVP_MD_CTX *md, const char *root, const char *rel, mb_buf *names)
{
	char *path = *rel ? mb_strf("%s/%s", root, rel) : mb_xstrdup(root);
	struct dirent **v;
	int n = scandir(path, &v, NULL, by_name);
	CHECK_MSG(n >= 0, "scandir %s", path);
	for (int i = 0; i < n; i++) {
		const char *name = v[i]->d_name;
		bool skip = strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
		            (!*rel && name[0] == '.' && strcmp(name, MB_BUILD_MARK) != 0);
		if (!skip) {
			char *sub = mb_strf("%s%s%s", rel, *rel ? "/" : "", name);
			char *full = mb_strf("%s/%s", path, name);
			struct stat st;
			CHECK(lstat(full, &st) == 0);
			if (S_ISDIR(st.st_mode)) {
				EVP_DigestUpdate(md, "D", 1);
				EVP_DigestUpdate(md, sub, strlen(sub) + 1);
				mb_buf_printf(names, "%s/\n", sub);
				reference(md, root, sub, names);
			} else {
				char meta[96];
				int k = snprintf(meta, sizeof meta, "F%lld %lld.%09ld", (long long)st.st_size,
				                 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
				EVP_DigestUpdate(md, meta, (size_t)k + 1);
				EVP_DigestUpdate(md, sub, strlen(sub) + 1);
				mb_buf_printf(names, "%s\n", sub);
			}
			free(sub);
			free(full);
		}
		free(v[i]);
	}
	free(v);
	free(path);
}

/* The program's fingerprint and names of the tree at `top`, on `threads`
 * threads, against the reference. */
static void same_as_reference(int threads, const char *what)
{
	mb_jobs_set_threads(threads);
	EVP_MD_CTX *md = mb_sha256_begin();
	mb_buf want_names;
	mb_buf_init(&want_names);
	reference(md, top, "", &want_names);
	char want[MB_HASH_HEX];
	mb_sha256_end(md, want);

	char got[MB_HASH_HEX], plain[MB_HASH_HEX];
	char **names = NULL;
	size_t n = 0;
	CHECK_INT(mb_fingerprint_tree_names(top, got, &names, &n), 0);
	CHECK_INT(mb_fingerprint_tree(top, plain), 0);
	CHECK_MSG(strcmp(got, want) == 0, "%s, %d threads: fingerprint %s, want %s", what, threads,
	          got, want);
	CHECK_STR(plain, got);
	mb_buf got_names;
	mb_buf_init(&got_names);
	for (size_t i = 0; i < n; i++) {
		mb_buf_printf(&got_names, "%s\n", names[i]);
		free(names[i]);
	}
	free(names);
	CHECK_MSG(strcmp(got_names.data, want_names.data) == 0,
	          "%s, %d threads: names\n%s\nwant\n%s", what, threads, got_names.data,
	          want_names.data);
	mb_buf_release(&got_names);
	mb_buf_release(&want_names);
}

static void fingerprint_of(char hex[MB_HASH_HEX])
{
	CHECK_INT(mb_fingerprint_tree(top, hex), 0);
}

/* Enough folders, deep and wide, that several threads share them. */
static void make_tree(void)
{
	put("index.html", "<p>top</p>");
	put(MB_BUILD_MARK, "mark");
	put(".owner-note", "skipped at the top");
	dir(".git");
	put(".git/HEAD", "skipped with its folder");
	dir("empty");
	dir("a");
	put("a/.kept", "a dot file below the top counts");
	for (int i = 0; i < 40; i++) {
		char rel[64];
		snprintf(rel, sizeof rel, "a/u%02d", i);
		dir(rel);
		snprintf(rel, sizeof rel, "a/u%02d/index.html", i);
		put(rel, i % 2 ? "odd" : "even unit");
		if (i % 5 == 0) {
			snprintf(rel, sizeof rel, "a/u%02d/deep", i);
			dir(rel);
			snprintf(rel, sizeof rel, "a/u%02d/deep/er", i);
			dir(rel);
			snprintf(rel, sizeof rel, "a/u%02d/deep/er/x.png", i);
			put(rel, "png");
			snprintf(rel, sizeof rel, "a/u%02d/deep/z.csv", i);
			put(rel, "1,2");
		}
	}
	dir("b");
	dir("b/a");
	put("b/a-b", "a name that sorts between b/a and b/a/...");
	put("b/a/c", "c");
	char *target = mb_strf("%s/a", top);
	char *link = mb_strf("%s/b/link", top);
	CHECK(symlink(target, link) == 0); /* a link: a file here, never entered */
	free(target);
	free(link);
}

static void changes(void)
{
	mb_jobs_set_threads(2);
	char before[MB_HASH_HEX], after[MB_HASH_HEX];
	fingerprint_of(before);

	/* A deep file's time. */
	char *deep = mb_strf("%s/a/u35/deep/er/x.png", top);
	struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
	CHECK(utimes(deep, tv) == 0);
	fingerprint_of(after);
	CHECK_MSG(strcmp(before, after) != 0, "a deep file's time changes the fingerprint");
	same_as_reference(2, "after a time changed");

	/* A deep file's size, its time put back. */
	memcpy(before, after, sizeof before);
	FILE *f = fopen(deep, "a");
	CHECK(f != NULL);
	if (f) {
		fputs("!", f);
		fclose(f);
	}
	CHECK(utimes(deep, tv) == 0);
	fingerprint_of(after);
	CHECK_MSG(strcmp(before, after) != 0, "a deep file's size changes the fingerprint");
	free(deep);

	/* An empty folder. */
	memcpy(before, after, sizeof before);
	char *gone = mb_strf("%s/empty", top);
	CHECK(rmdir(gone) == 0);
	free(gone);
	fingerprint_of(after);
	CHECK_MSG(strcmp(before, after) != 0, "an empty folder counts");

	/* The owner's dot entries at the top do not. */
	memcpy(before, after, sizeof before);
	put(".another-note", "x");
	fingerprint_of(after);
	CHECK_STR(after, before);

	/* A missing tree is an error. */
	char hex[MB_HASH_HEX];
	char *none = mb_strf("%s/no-such-folder", top);
	CHECK(mb_fingerprint_tree(none, hex) != 0);
	free(none);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "print") == 0) {
		char hex[MB_HASH_HEX];
		mb_jobs_set_threads(2);
		if (mb_fingerprint_tree(argv[2], hex) != 0)
			return 1;
		printf("%s\n", hex);
		return 0;
	}
	if (scratch_begin("tree")) {
		make_tree();
		for (int threads = 1; threads <= 8; threads *= 2)
			same_as_reference(threads, "the scratch tree");
		changes();
		scratch_end();
	}
	return TEST_END();
}
