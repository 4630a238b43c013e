/* publish.c - staging beside OUT, then one atomic exchange publishes the new site. */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int mb_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

static void sys_error(const char *path, const char *what)
{
	fprintf(stderr, "minhbach: %s: %s%s%s\n", path, what ? what : "", what ? ": " : "",
	        strerror(errno));
}

/* Splits OUT into its parent folder and base name (without trailing slashes). */
static void split(const char *out, char **parent, char **base)
{
	char *a = mb_xstrdup(out), *b = mb_xstrdup(out);
	size_t n = strlen(b);
	while (n > 1 && b[n - 1] == '/')
		b[--n] = '\0', a[n] = '\0';
	*parent = mb_xstrdup(dirname(a));
	*base = mb_xstrdup(basename(b));
	free(a);
	free(b);
}

/* mkdir -p: OUT may be a new folder under folders that do not exist yet. */
static int make_dirs(const char *dir)
{
	char *p = mb_xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char keep = *s;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = keep;
		if (!keep)
			break;
	}
	free(p);
	return rc;
}

/* Removes ".BASE.staging-*" folders left by builds that were killed. */
static void clean_leftovers(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	char *prefix = mb_strf(".%s.staging-", base);
	size_t pl = strlen(prefix);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, pl) != 0)
			continue;
		char *path = mb_strf("%s/%s", parent, e->d_name);
		mb_remove_tree(path);
		free(path);
	}
	closedir(d);
	free(prefix);
}

int mb_publish_begin(struct mb_publish *p, const char *out)
{
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
	char *parent, *base;
	split(out, &parent, &base);
	p->out = mb_xstrdup(out);
	if (strcmp(base, "/") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		fprintf(stderr, "minhbach: %s: choose a named output folder, not \"%s\"\n", out, base);
		free(parent);
		free(base);
		return -1;
	}
	struct stat st;
	if (lstat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "minhbach: %s: exists and is not a folder: refusing to replace it\n", out);
		free(parent);
		free(base);
		return -1;
	}
	if (make_dirs(parent) != 0) {
		sys_error(parent, "cannot create the folder for the site");
		free(parent);
		free(base);
		return -1;
	}
	p->lock = mb_strf("%s/.%s.lock", parent, base);
	p->staging = mb_strf("%s/.%s.staging-%ld", parent, base, (long)getpid());
	p->lock_fd = open(p->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (p->lock_fd < 0) {
		sys_error(p->lock, "cannot create the lock file");
		free(parent);
		free(base);
		return -1;
	}
	if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, "minhbach: %s: another build of %s is running\n", p->lock, out);
		free(parent);
		free(base);
		return -1;
	}
	clean_leftovers(parent, base);
	free(parent);
	free(base);
	if (mkdir(p->staging, 0755) != 0) {
		sys_error(p->staging, "cannot create the staging folder");
		return -1;
	}
	return 0;
}

/* Top-level dot files of the old site (.gitignore, .htaccess) are the
 * owner's, not ours: carry them over. */
static int keep_dotfiles(struct mb_publish *p)
{
	DIR *d = opendir(p->out);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *from = mb_strf("%s/%s", p->out, e->d_name);
		char *to = mb_strf("%s/%s", p->staging, e->d_name);
		struct stat st;
		if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) && link(from, to) != 0 && errno != EEXIST) {
			sys_error(to, "cannot keep");
			rc = -1;
		}
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

static void *flush_staging(void *arg)
{
	const struct mb_publish *p = arg;
	int fd = open(p->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
	return NULL;
}

void mb_publish_flush_early(struct mb_publish *p)
{
	if (!p->flushing)
		p->flushing = pthread_create(&p->flusher, NULL, flush_staging, p) == 0;
}

static void flush_wait(struct mb_publish *p)
{
	if (p->flushing)
		pthread_join(p->flusher, NULL);
	p->flushing = false;
}

int mb_publish_commit(struct mb_publish *p)
{
	flush_wait(p);
	if (keep_dotfiles(p) != 0)
		return -1;
	/* Data written through the page cache must reach the disk before the
	 * swap makes it the published site. */
	flush_staging(p);
	struct stat st;
	if (lstat(p->out, &st) != 0) {
		if (rename(p->staging, p->out) != 0) {
			sys_error(p->out, "cannot publish");
			return -1;
		}
		return 0;
	}
	if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out, RENAME_EXCHANGE) != 0) {
		sys_error(p->out, "cannot swap in the new site");
		return -1;
	}
	/* The staging path now holds the previous site. */
	if (mb_remove_tree(p->staging) != 0)
		sys_error(p->staging, "the previous site could not be removed");
	return 0;
}

void mb_publish_abort(struct mb_publish *p)
{
	flush_wait(p);
	if (p->staging)
		mb_remove_tree(p->staging);
}

void mb_publish_release(struct mb_publish *p)
{
	flush_wait(p);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	free(p->out);
	free(p->staging);
	free(p->lock);
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
}
