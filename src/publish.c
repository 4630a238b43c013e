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
#include "i18n.h"

const char mb_build_mark_text[] =
	"Thư mục này do minhbach tạo ra: mỗi lần dựng trang, mọi tệp trong thư mục được thay mới,\n"
	"trừ các tệp và thư mục có tên bắt đầu bằng dấu chấm ở cấp trên cùng (.git, .well-known).\n"
	"This folder is made by minhbach: each build replaces everything in it except the dot\n"
	"files and folders at its top (.git, .well-known, .htaccess).\n";

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

/*
 * The real path of path, which need not exist: each component that exists
 * is resolved (symbolic links included), the rest is taken as written,
 * with "." and ".." applied to what was resolved so far (as mkdir -p and
 * then open would).  NULL when even the current folder is unknown.
 */
static char *real_path_of(const char *path)
{
	char *cur = path[0] == '/' ? mb_xstrdup("/") : realpath(".", NULL);
	if (!cur)
		return NULL;
	char *copy = mb_xstrdup(path), *save = NULL;
	bool resolving = true; /* no missing component yet */
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			char *slash = strrchr(cur, '/');
			if (slash == cur)
				cur[1] = '\0';
			else if (slash)
				*slash = '\0';
			continue;
		}
		char *next = mb_strf("%s%s%s", cur, strcmp(cur, "/") == 0 ? "" : "/", c);
		char *real = resolving ? realpath(next, NULL) : NULL;
		free(cur);
		if (real) {
			cur = real;
			free(next);
		} else {
			cur = next;
			resolving = false;
		}
	}
	free(copy);
	return cur;
}

/* Whether the real path a is b or lies inside it. */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);
	if (strcmp(b, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

int mb_publish_check_out(const char *out, const char *const *dirs, const char *const *names,
                         size_t n)
{
	char *o = real_path_of(out);
	int rc = 0;
	for (size_t i = 0; o && i < n && rc == 0; i++) {
		char *d = realpath(dirs[i], NULL);
		if (!d)
			continue;
		if (strcmp(o, d) == 0)
			fprintf(stderr, _("minhbach: %s: the output folder is %s itself (%s): a build "
			                  "replaces everything in its output folder; choose a folder outside "
			                  "DATA and TEMPLATES\n"), out, names[i], dirs[i]);
		else if (within(o, d))
			fprintf(stderr, _("minhbach: %s: the output folder lies inside %s (%s): a build "
			                  "replaces everything in its output folder; choose a folder outside "
			                  "DATA and TEMPLATES\n"), out, names[i], dirs[i]);
		else if (within(d, o))
			fprintf(stderr, _("minhbach: %s: the output folder contains %s (%s): a build "
			                  "replaces everything in its output folder; choose a folder outside "
			                  "DATA and TEMPLATES\n"), out, names[i], dirs[i]);
		rc = strcmp(o, d) == 0 || within(o, d) || within(d, o) ? -1 : 0;
		free(d);
	}
	free(o);
	return rc;
}

/* Whether the folder at dir carries the mark of a build (a regular file). */
static bool has_mark(const char *dir)
{
	char *mark = mb_strf("%s/%s", dir, MB_BUILD_MARK);
	struct stat st;
	bool ours = lstat(mark, &st) == 0 && S_ISREG(st.st_mode);
	free(mark);
	return ours;
}

/*
 * Whether OUT may be replaced: it is missing, holds only dot files and
 * folders (a new git checkout), or carries the mark of an earlier build.
 * Returns 0, or -1 after printing why not.
 */
static int check_ours(const char *out)
{
	DIR *d = opendir(out);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		sys_error(out, _("cannot read the output folder"));
		return -1;
	}
	const char *other = NULL;
	struct dirent *e;
	char first[256] = "";
	while ((e = readdir(d)) != NULL && !other) {
		if (e->d_name[0] != '.') {
			snprintf(first, sizeof first, "%s", e->d_name);
			other = first;
		}
	}
	closedir(d);
	if (!other || has_mark(out))
		return 0;
	fprintf(stderr, _("minhbach: %s: the folder holds files that minhbach did not write (\"%s\", "
	                  "and no %s mark of an earlier build): refusing to replace it; give -o a "
	                  "new or empty folder, or move those files away\n"), out, other, MB_BUILD_MARK);
	return -1;
}

/* Whether path is a folder (not a link to one) that a build made: it
 * carries the build mark. */
static bool is_site(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && has_mark(path);
}

int mb_publish_begin(struct mb_publish *p, const char *out, bool reuse)
{
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
	char *parent, *base;
	split(out, &parent, &base);
	p->out = mb_xstrdup(out);
	if (strcmp(base, "/") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		fprintf(stderr, _("minhbach: %s: choose a named output folder, not \"%s\"\n"), out, base);
		free(parent);
		free(base);
		return -1;
	}
	struct stat st;
	if (lstat(out, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, _("minhbach: %s: exists and is not a folder: refusing to replace it\n"), out);
		free(parent);
		free(base);
		return -1;
	}
	if (make_dirs(parent) != 0) {
		sys_error(parent, _("cannot create the folder for the site"));
		free(parent);
		free(base);
		return -1;
	}
	p->lock = mb_strf("%s/.%s.lock", parent, base);
	p->staging = mb_strf("%s/.%s.staging-%ld", parent, base, (long)getpid());
	/* Read-only is enough for flock, so a lock file left by another user
	 * (root, say) does not keep this one out. */
	/* Never a FIFO or a link put there by someone else: opening a FIFO
	 * would wait for a writer forever. */
	p->lock_fd = open(p->lock, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
	struct stat lst;
	if (p->lock_fd >= 0 && (fstat(p->lock_fd, &lst) != 0 || !S_ISREG(lst.st_mode))) {
		fprintf(stderr, _("minhbach: %s: the lock file is not a regular file: remove it\n"),
		        p->lock);
		free(parent);
		free(base);
		return -1;
	}
	if (p->lock_fd < 0) {
		sys_error(p->lock, errno == ELOOP ? _("the lock file is a symbolic link: remove it")
		                                  : _("cannot create the lock file"));
		free(parent);
		free(base);
		return -1;
	}
	if (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr, _("minhbach: %s: another build of %s is running\n"), p->lock, out);
		free(parent);
		free(base);
		return -1;
	}
	if (check_ours(out) != 0) {
		free(parent);
		free(base);
		return -1;
	}
	clean_leftovers(parent, base);
	p->kept = mb_strf("%s/.%s.previous", parent, base);
	free(parent);
	free(base);
	if (reuse && is_site(p->kept) && rename(p->kept, p->staging) == 0) {
		p->reused = true;
		return 0;
	}
	if (mkdir(p->staging, 0755) != 0) {
		sys_error(p->staging, _("cannot create the staging folder"));
		return -1;
	}
	return 0;
}

/*
 * Recreates the tree at from under to: folders are made, files are hard
 * links (no byte is copied, and the old site's removal leaves them), links
 * are links again.  When only_missing, what to already has is left alone.
 * each(ctx, rel) is told every file linked.  Returns 0, or -1 after
 * printing the reason.
 */
static int link_tree(const char *from, const char *to, const char *rel, bool only_missing,
                     void (*each)(void *, const char *), void *ctx)
{
	struct stat st;
	if (lstat(from, &st) != 0) {
		sys_error(from, _("cannot keep"));
		return -1;
	}
	int rc = 0;
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(to, st.st_mode & 07777) != 0 && errno != EEXIST) {
			sys_error(to, _("cannot keep"));
			return -1;
		}
		DIR *d = opendir(from);
		if (!d) {
			sys_error(from, _("cannot keep"));
			return -1;
		}
		struct dirent *e;
		while (rc == 0 && (e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *f = mb_strf("%s/%s", from, e->d_name);
			char *t = mb_strf("%s/%s", to, e->d_name);
			char *r = mb_strf("%s%s%s", rel, *rel ? "/" : "", e->d_name);
			rc = link_tree(f, t, r, only_missing, each, ctx);
			free(f);
			free(t);
			free(r);
		}
		closedir(d);
		return rc;
	}
	struct stat have;
	if (only_missing && lstat(to, &have) == 0)
		return 0;
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(from, target, sizeof target - 1);
		if (n >= 0)
			target[n] = '\0';
		rc = n < 0 || symlink(target, to) != 0 ? -1 : 0;
	} else if (S_ISREG(st.st_mode)) {
		rc = link(from, to);
	} else { /* a FIFO or socket of the owner's */
		rc = mknod(to, st.st_mode, st.st_rdev);
	}
	if (rc != 0 && errno != EEXIST) {
		sys_error(to, _("cannot keep"));
		return -1;
	}
	if (each)
		each(ctx, rel);
	return 0;
}

bool mb_publish_owners(const char *name)
{
	return name[0] == '.' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 &&
	       strcmp(name, MB_BUILD_MARK) != 0;
}

/* A reused staging folder holds the dot entries of the site before OUT:
 * they make way for OUT's own (the owner may have changed them since). */
static void remove_dot_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!mb_publish_owners(e->d_name))
			continue;
		char *path = mb_strf("%s/%s", dir, e->d_name);
		mb_remove_tree(path);
		free(path);
	}
	closedir(d);
}

/* Top-level dot files and folders of the old site (.git, .well-known,
 * .htaccess) are the owner's, not ours: carry them over. */
static int keep_dot_entries(struct mb_publish *p)
{
	if (p->reused)
		remove_dot_entries(p->staging);
	DIR *d = opendir(p->out);
	if (!d)
		return 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (!mb_publish_owners(e->d_name))
			continue;
		char *from = mb_strf("%s/%s", p->out, e->d_name);
		char *to = mb_strf("%s/%s", p->staging, e->d_name);
		rc = link_tree(from, to, e->d_name, false, NULL, NULL);
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

int mb_publish_merge(struct mb_publish *p, void (*each)(void *ctx, const char *rel), void *ctx)
{
	DIR *d = opendir(p->out);
	if (!d)
		return errno == ENOENT ? 0 : (sys_error(p->out, _("cannot read the output folder")), -1);
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d)) != NULL && rc == 0) {
		if (e->d_name[0] == '.') /* the owner's, kept at commit; and ours, the mark */
			continue;
		char *from = mb_strf("%s/%s", p->out, e->d_name);
		char *to = mb_strf("%s/%s", p->staging, e->d_name);
		rc = link_tree(from, to, e->d_name, true, each, ctx);
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
	if (keep_dot_entries(p) != 0)
		return -1;
	/* Data written through the page cache must reach the disk before the
	 * swap makes it the published site. */
	flush_staging(p);
	struct stat st;
	if (lstat(p->out, &st) != 0) {
		if (rename(p->staging, p->out) != 0) {
			sys_error(p->out, _("cannot publish"));
			return -1;
		}
		return 0;
	}
	if (renameat2(AT_FDCWD, p->staging, AT_FDCWD, p->out, RENAME_EXCHANGE) != 0) {
		sys_error(p->out, _("cannot swap in the new site"));
		return -1;
	}
	/* The staging path now holds the previous site: kept for the next
	 * build, in place of an older one that build did not take. */
	struct stat kst;
	bool free_name = lstat(p->kept, &kst) != 0 || (is_site(p->kept) && mb_remove_tree(p->kept) == 0);
	if (free_name && rename(p->staging, p->kept) == 0) {
		p->kept_old = true;
		return 0;
	}
	if (mb_remove_tree(p->staging) != 0)
		sys_error(p->staging, _("the previous site could not be removed"));
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
	free(p->kept);
	memset(p, 0, sizeof *p);
	p->lock_fd = -1;
}
