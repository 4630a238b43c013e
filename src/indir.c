/* indir.c - reading inside an input folder: links stay inside, special files are refused. */
#include "indir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "alloc.h"
#include "i18n.h"

#define MAX_LINKS 40 /* as the kernel: more links in one path is a loop */

/* ---- what was read ---------------------------------------------------- */

void mb_reads_init(struct mb_reads *r)
{
	memset(r, 0, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
}

void mb_reads_release(struct mb_reads *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].rel);
	free(r->v);
	pthread_mutex_destroy(&r->lock);
	memset(r, 0, sizeof *r);
}

void mb_reads_add(struct mb_reads *r, char kind, const char *rel, const char *hash)
{
	struct mb_read_note note = {.kind = kind, .rel = mb_xstrdup(rel)};
	if (hash)
		memcpy(note.hash, hash, MB_HASH_HEX);
	pthread_mutex_lock(&r->lock);
	MB_PUSH(r->v, r->n, r->cap, note);
	pthread_mutex_unlock(&r->lock);
}

static int note_cmp(const void *a, const void *b)
{
	const struct mb_read_note *x = a, *y = b;
	int c = strcmp(x->rel, y->rel);
	return c ? c : (x->kind > y->kind) - (x->kind < y->kind);
}

void mb_reads_sort(struct mb_reads *r)
{
	if (r->n > 1)
		qsort(r->v, r->n, sizeof *r->v, note_cmp);
	size_t w = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (w > 0 && note_cmp(&r->v[w - 1], &r->v[i]) == 0) {
			/* Read twice with different bytes: it changed during the
			 * build, which then cannot vouch for either. */
			if (strcmp(r->v[w - 1].hash, r->v[i].hash) != 0)
				r->v[w - 1].hash[0] = '\0';
			free(r->v[i].rel);
			continue;
		}
		r->v[w++] = r->v[i];
	}
	r->n = w;
}

static void record(const struct mb_indir *in, char kind, const char *rel, const char *hash)
{
	if (in->reads)
		mb_reads_add(in->reads, kind, rel, hash);
}

/* ---- resolving beneath the folder -------------------------------------- */

static atomic_bool no_openat2;
static atomic_bool forced;

void mb_indir_force_fallback(bool on)
{
	atomic_store(&forced, on);
}

/* Flags for the final open: O_PATH admits no others. */
static int final_flags(int flags)
{
	return flags & O_PATH ? flags | O_CLOEXEC : flags | O_CLOEXEC | O_NOCTTY;
}

/*
 * The rule of RESOLVE_BENEATH, one component at a time: each one is opened
 * O_PATH|O_NOFOLLOW from the folder reached so far; a symbolic link is read
 * and its target put in front of what is left (an absolute target leads
 * out); ".." goes back to the folder before, never above the top.
 */
static int resolve_user(int top, const char *rel, int flags)
{
	if (rel[0] == '/') {
		errno = EXDEV;
		return -1;
	}
	int *stack = NULL; /* folders entered below top, innermost last */
	size_t depth = 0, cap = 0;
	char *todo = mb_xstrdup(rel);
	size_t at = 0;
	int links = 0, result = -1, err = 0;
	for (;;) {
		while (todo[at] == '/')
			at++;
		int cur = depth ? stack[depth - 1] : top;
		if (todo[at] == '\0') { /* the path named a folder reached so far */
			result = openat(cur, ".", final_flags(flags));
			err = errno;
			break;
		}
		size_t len = strcspn(todo + at, "/");
		char *name = mb_xstrndup(todo + at, len);
		at += len;
		size_t rest = at;
		while (todo[rest] == '/')
			rest++;
		bool last = todo[rest] == '\0';
		if (strcmp(name, ".") == 0) {
			free(name);
			continue;
		}
		if (strcmp(name, "..") == 0) {
			free(name);
			if (depth == 0) {
				err = EXDEV;
				break;
			}
			close(stack[--depth]);
			continue;
		}
		int fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0) {
			err = errno;
			if (fd >= 0)
				close(fd);
			free(name);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[4096];
			ssize_t n = ++links > MAX_LINKS ? -1 : readlinkat(fd, "", target, sizeof target - 1);
			err = links > MAX_LINKS ? ELOOP : errno;
			close(fd);
			free(name);
			if (n < 0)
				break;
			target[n] = '\0';
			if (target[0] == '/') {
				err = EXDEV;
				break;
			}
			char *next = mb_strf("%s/%s", target, todo + at);
			free(todo);
			todo = next;
			at = 0;
			continue;
		}
		if (!last) {
			free(name);
			if (!S_ISDIR(st.st_mode)) {
				close(fd);
				err = ENOTDIR;
				break;
			}
			MB_PUSH(stack, depth, cap, fd);
			continue;
		}
		if (flags & O_PATH) {
			result = fd;
			if ((flags & O_DIRECTORY) && !S_ISDIR(st.st_mode)) {
				close(fd);
				result = -1;
				err = ENOTDIR;
			}
		} else {
			close(fd);
			/* Replaced by a link since: O_NOFOLLOW refuses it (ELOOP). */
			result = openat(cur, name, final_flags(flags) | O_NOFOLLOW);
			err = errno;
		}
		free(name);
		break;
	}
	for (size_t i = 0; i < depth; i++)
		close(stack[i]);
	free(stack);
	free(todo);
	if (result < 0)
		errno = err;
	return result;
}

/* Opens rel beneath the folder top with flags; -1 with errno (EXDEV: it
 * leads out; ELOOP: links loop). */
static int resolve(int top, const char *rel, int flags)
{
	if (!*rel)
		rel = ".";
	if (!atomic_load(&no_openat2) && !atomic_load(&forced)) {
		struct open_how how = {
			.flags = (uint64_t)final_flags(flags),
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};
		for (int tries = 0; tries < 16; tries++) {
			long fd = syscall(SYS_openat2, top, rel, &how, sizeof how);
			if (fd >= 0)
				return (int)fd;
			if (errno == EAGAIN) /* a rename raced the lookup: try again */
				continue;
			if (errno == ENOSYS)
				atomic_store(&no_openat2, true);
			else if (errno != EPERM) /* EPERM: a sandbox refusing the call */
				return -1;
			break;
		}
	}
	return resolve_user(top, rel, flags);
}

static enum mb_in_status status_of(int err)
{
	switch (err) {
	case ENOENT: return MB_IN_MISSING;
	case EXDEV: return MB_IN_OUTSIDE;
	case ELOOP: return MB_IN_LOOP;
	case ENOTDIR: return MB_IN_NOT_FOLDER;
	default: errno = err; return MB_IN_ERROR;
	}
}

/* What rel is, through an O_PATH descriptor: nothing is opened for reading. */
static enum mb_in_status look(const struct mb_indir *in, const char *rel, struct stat *st)
{
	int fd = resolve(in->fd, rel, O_PATH);
	if (fd < 0)
		return status_of(errno);
	int rc = fstat(fd, st);
	int err = errno;
	close(fd);
	return rc == 0 ? MB_IN_OK : status_of(err);
}

enum mb_in_status mb_indir_stat(const struct mb_indir *in, const char *rel, struct stat *st)
{
	return look(in, rel, st);
}

/* Opens rel for reading when it is what want says (S_IFREG or S_IFDIR),
 * and checks that what was opened is what was looked at. */
static enum mb_in_status open_kind(const struct mb_indir *in, const char *rel, mode_t want,
                                   int *fdp, struct stat *st)
{
	*fdp = -1;
	enum mb_in_status s = look(in, rel, st);
	if (s != MB_IN_OK)
		return s;
	if ((st->st_mode & S_IFMT) != want) {
		if (S_ISDIR(st->st_mode))
			return MB_IN_FOLDER;
		if (S_ISREG(st->st_mode))
			return MB_IN_NOT_FOLDER;
		return MB_IN_SPECIAL;
	}
	int flags = want == S_IFDIR ? O_RDONLY | O_DIRECTORY : O_RDONLY | O_NONBLOCK;
	int fd = resolve(in->fd, rel, flags);
	if (fd < 0)
		return status_of(errno);
	struct stat now;
	if (fstat(fd, &now) != 0) {
		int err = errno;
		close(fd);
		return status_of(err);
	}
	if ((now.st_mode & S_IFMT) != want || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
		close(fd); /* replaced between the look and the open */
		return S_ISREG(now.st_mode) || S_ISDIR(now.st_mode) ? MB_IN_LOOP : MB_IN_SPECIAL;
	}
	*st = now;
	*fdp = fd;
	return MB_IN_OK;
}

/* ---- the folder ------------------------------------------------------- */

int mb_indir_open(struct mb_indir *in, const char *path, struct mb_reads *reads)
{
	memset(in, 0, sizeof *in);
	in->fd = -1;
	in->path = mb_xstrdup(path);
	size_t n = strlen(in->path);
	while (n > 1 && in->path[n - 1] == '/')
		in->path[--n] = '\0';
	in->reads = reads;
	in->fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return in->fd < 0 ? -1 : 0;
}

void mb_indir_close(struct mb_indir *in)
{
	if (in->fd >= 0)
		close(in->fd);
	free(in->path);
	memset(in, 0, sizeof *in);
	in->fd = -1;
}

char *mb_indir_shown(const struct mb_indir *in, const char *rel)
{
	return *rel ? mb_strf("%s/%s", in->path, rel) : mb_xstrdup(in->path);
}

/* Reads the open regular file fd (st its stat) into out, at most max bytes. */
static enum mb_in_status read_fd(int fd, const struct stat *st, size_t max, mb_buf *out,
                                 size_t *size)
{
	mb_buf_reset(out);
	*size = (size_t)st->st_size;
	if ((size_t)st->st_size > max)
		return MB_IN_TOO_BIG;
	mb_buf_grow(out, (size_t)st->st_size + 1);
	for (;;) {
		mb_buf_grow(out, 65536);
		size_t room = out->cap - out->len - 1;
		ssize_t r = read(fd, out->data + out->len, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return MB_IN_ERROR;
		if (r == 0)
			break;
		out->len += (size_t)r;
		if (out->len > max) { /* grew while being read */
			*size = out->len;
			return MB_IN_TOO_BIG;
		}
	}
	out->data[out->len] = '\0';
	*size = out->len;
	return MB_IN_OK;
}

enum mb_in_status mb_indir_read(const struct mb_indir *in, const char *rel, size_t max,
                                mb_buf *out, size_t *size)
{
	int fd;
	struct stat st;
	*size = 0;
	mb_buf_reset(out);
	enum mb_in_status s = open_kind(in, rel, S_IFREG, &fd, &st);
	if (s == MB_IN_MISSING)
		record(in, 'M', rel, NULL);
	if (s != MB_IN_OK)
		return s;
	s = read_fd(fd, &st, max, out, size);
	int err = errno;
	close(fd);
	if (s == MB_IN_OK && in->reads) {
		char hex[MB_HASH_HEX];
		mb_sha256_hex(out->data, out->len, hex);
		record(in, 'F', rel, hex);
	}
	errno = err;
	return s;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void mb_indir_free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

enum mb_in_status mb_indir_list(const struct mb_indir *in, const char *rel, char ***names,
                                size_t *n)
{
	*names = NULL;
	*n = 0;
	int fd;
	struct stat st;
	enum mb_in_status s = open_kind(in, rel, S_IFDIR, &fd, &st);
	if (s == MB_IN_FOLDER) /* impossible for S_IFDIR; keeps the switch honest */
		s = MB_IN_ERROR;
	if (s == MB_IN_MISSING)
		record(in, 'M', rel, NULL);
	if (s != MB_IN_OK)
		return s;
	DIR *d = fdopendir(fd);
	if (!d) {
		int err = errno;
		close(fd);
		return status_of(err);
	}
	size_t cap = 0;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		MB_PUSH(*names, *n, cap, mb_xstrdup(e->d_name));
	}
	closedir(d);
	if (*n > 1)
		qsort(*names, *n, sizeof **names, name_cmp);
	if (in->reads) {
		EVP_MD_CTX *md = mb_sha256_begin();
		for (size_t i = 0; i < *n; i++)
			EVP_DigestUpdate(md, (*names)[i], strlen((*names)[i]) + 1);
		char hex[MB_HASH_HEX];
		mb_sha256_end(md, hex);
		record(in, 'D', rel, hex);
	}
	return MB_IN_OK;
}

/* ---- walking a tree --------------------------------------------------- */

struct walk {
	const struct mb_indir *in;
	char **files;
	size_t n, cap, problems;
	mb_indir_problem_fn problem;
	void *ctx;
	struct stat seen[MB_INDIR_MAX_DEPTH + 1]; /* the folders being walked */
	int depth;
	bool full;
};

static void problem(struct walk *w, const char *rel, enum mb_in_status s)
{
	w->problems++;
	if (w->problem)
		w->problem(w->ctx, rel, s);
}

static void walk_dir(struct walk *w, const char *rel, const struct stat *st)
{
	for (int i = 0; i < w->depth; i++) {
		if (w->seen[i].st_ino == st->st_ino && w->seen[i].st_dev == st->st_dev) {
			problem(w, rel, MB_IN_LOOP);
			return;
		}
	}
	if (w->depth >= MB_INDIR_MAX_DEPTH) {
		problem(w, rel, MB_IN_LOOP);
		return;
	}
	char **names;
	size_t n;
	enum mb_in_status s = mb_indir_list(w->in, rel, &names, &n);
	if (s != MB_IN_OK) {
		problem(w, rel, s);
		return;
	}
	w->seen[w->depth++] = *st;
	for (size_t i = 0; i < n && !w->full; i++) {
		char *child = *rel ? mb_strf("%s/%s", rel, names[i]) : mb_xstrdup(names[i]);
		struct stat cst;
		s = look(w->in, child, &cst);
		if (s != MB_IN_OK) {
			problem(w, child, s);
		} else if (S_ISDIR(cst.st_mode)) {
			walk_dir(w, child, &cst);
		} else if (!S_ISREG(cst.st_mode)) {
			problem(w, child, MB_IN_SPECIAL);
		} else if (w->n >= MB_INDIR_MAX_FILES) {
			problem(w, child, MB_IN_TOO_MANY);
			w->full = true;
		} else {
			MB_PUSH(w->files, w->n, w->cap, child);
			child = NULL;
		}
		free(child);
	}
	w->depth--;
	mb_indir_free_names(names, n);
}

size_t mb_indir_walk(const struct mb_indir *in, const char *rel, char ***files, size_t *n,
                     mb_indir_problem_fn fn, void *ctx)
{
	struct walk w = {.in = in, .problem = fn, .ctx = ctx};
	struct stat st;
	enum mb_in_status s = look(in, rel, &st);
	if (s != MB_IN_OK)
		problem(&w, rel, s);
	else if (!S_ISDIR(st.st_mode))
		problem(&w, rel, MB_IN_NOT_FOLDER);
	else
		walk_dir(&w, rel, &st);
	*files = w.files;
	*n = w.n;
	return w.problems;
}

const char *mb_in_message(const struct mb_indir *in, enum mb_in_status st, mb_buf *scratch)
{
	mb_buf_reset(scratch);
	switch (st) {
	case MB_IN_OK: return "";
	case MB_IN_MISSING: return _("not found");
	case MB_IN_OUTSIDE:
		mb_buf_printf(scratch, _("is a symbolic link that leads out of \"%s\": only links "
		                         "that stay inside the folder are followed"),
		              in ? in->path : "");
		return scratch->data;
	case MB_IN_LOOP:
		return _("symbolic links loop here, or a folder contains itself, or folders are "
		         "nested too deep: replace the link by what it points to");
	case MB_IN_FOLDER: return _("is a folder, expected a file");
	case MB_IN_NOT_FOLDER: return _("is not a folder");
	case MB_IN_SPECIAL:
		return _("is a FIFO, socket or device: only regular files and folders are read");
	case MB_IN_TOO_BIG: return _("the file is too large");
	case MB_IN_TOO_MANY:
		mb_buf_printf(scratch, _("more than %d files: a templates folder needs far fewer"),
		              MB_INDIR_MAX_FILES);
		return scratch->data;
	case MB_IN_ERROR: return strerror(errno);
	}
	return "";
}

/* ---- a file outside the input folders ---------------------------------- */

static enum mb_in_status open_regular(const char *path, int *fdp, struct stat *st)
{
	*fdp = -1;
	int pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0)
		return status_of(errno);
	int rc = fstat(pfd, st);
	int err = errno;
	close(pfd);
	if (rc != 0)
		return status_of(err);
	if (S_ISDIR(st->st_mode))
		return MB_IN_FOLDER;
	if (!S_ISREG(st->st_mode))
		return MB_IN_SPECIAL;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat now;
	if (fd < 0 || fstat(fd, &now) != 0) {
		err = errno;
		if (fd >= 0)
			close(fd);
		return status_of(err);
	}
	if (!S_ISREG(now.st_mode) || now.st_ino != st->st_ino || now.st_dev != st->st_dev) {
		close(fd);
		return MB_IN_SPECIAL;
	}
	*st = now;
	*fdp = fd;
	return MB_IN_OK;
}

enum mb_in_status mb_check_regular(const char *path, size_t max, size_t *size)
{
	int fd;
	struct stat st;
	*size = 0;
	enum mb_in_status s = open_regular(path, &fd, &st);
	if (s != MB_IN_OK)
		return s;
	close(fd);
	*size = (size_t)st.st_size;
	return (size_t)st.st_size > max ? MB_IN_TOO_BIG : MB_IN_OK;
}

enum mb_in_status mb_read_regular(const char *path, size_t max, mb_buf *out, size_t *size)
{
	int fd;
	struct stat st;
	*size = 0;
	mb_buf_reset(out);
	enum mb_in_status s = open_regular(path, &fd, &st);
	if (s != MB_IN_OK)
		return s;
	s = read_fd(fd, &st, max, out, size);
	int err = errno;
	close(fd);
	errno = err;
	return s;
}
