/* serve_watch.c - noticing changes under DATA and TEMPLATES: inotify, or scanning. */
#include "serve.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "alloc.h"
#include "i18n.h"

#define SCAN_INTERVAL_MS 1000
#define MAX_DEPTH 32

/* One watched folder: inotify's descriptor and the path it stands for. */
struct wdir {
	int wd;
	char *path;
};

struct mb_watch {
	char **roots;
	size_t nroots;
	char *skip;          /* real path of a folder not to watch, or NULL */
	int fd;              /* inotify, or -1 when scanning */
	struct wdir *dirs;
	size_t ndirs, cap;
	size_t missing;      /* roots that could not be watched (absent) */
	uint64_t signature;  /* scanning: hash of the last scan */
	char *what;          /* the last changed path, for messages */
};

static bool ignored_name(const char *name)
{
	size_t n = strlen(name);
	return n == 0 || name[0] == '.' || name[n - 1] == '~';
}

static bool is_skip(const struct mb_watch *w, const char *path)
{
	if (!w->skip)
		return false;
	char *r = realpath(path, NULL);
	bool same = r && strcmp(r, w->skip) == 0;
	free(r);
	return same;
}

static struct wdir *find_wd(struct mb_watch *w, int wd)
{
	for (size_t i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

static void forget_wd(struct mb_watch *w, int wd)
{
	for (size_t i = 0; i < w->ndirs; i++) {
		if (w->dirs[i].wd != wd)
			continue;
		free(w->dirs[i].path);
		w->dirs[i] = w->dirs[--w->ndirs];
		return;
	}
}

/* Falls back to scanning when inotify runs out of watches. */
static void to_scanning(struct mb_watch *w, const char *path)
{
	fprintf(stderr, _("minhbach: %s: cannot watch for changes (%s); checking every second "
	        "instead\n"), path, strerror(errno));
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	w->ndirs = 0;
	close(w->fd);
	w->fd = -1;
}

/* Watches path and every folder below it; adding a folder twice is harmless.
 * Returns false when path itself could not be watched. */
static bool add_tree(struct mb_watch *w, const char *path, int depth)
{
	if (w->fd < 0 || depth > MAX_DEPTH || is_skip(w, path))
		return false;
	const uint32_t mask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
	                      IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |
	                      IN_ONLYDIR | IN_DONT_FOLLOW;
	int wd = inotify_add_watch(w->fd, path, mask);
	if (wd < 0) {
		if (errno == ENOSPC || errno == ENOMEM)
			to_scanning(w, path);
		return false;
	}
	struct wdir *e = find_wd(w, wd);
	if (e) {
		free(e->path);
		e->path = mb_xstrdup(path);
	} else {
		MB_PUSH(w->dirs, w->ndirs, w->cap, ((struct wdir){wd, mb_xstrdup(path)}));
	}
	DIR *d = opendir(path);
	if (!d)
		return true;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (ignored_name(de->d_name) || de->d_type != DT_DIR)
			continue;
		char *sub = mb_strf("%s/%s", path, de->d_name);
		add_tree(w, sub, depth + 1);
		free(sub);
	}
	closedir(d);
	return true;
}

/* (Re)watches every root; returns how many are missing. */
static size_t watch_roots(struct mb_watch *w)
{
	size_t missing = 0;
	for (size_t i = 0; i < w->nroots && w->fd >= 0; i++)
		missing += !add_tree(w, w->roots[i], 0);
	return missing;
}

/* FNV-1a over the bytes, folded into h. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211u;
	return h;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hash of every name, size and modification time below path, in sorted
 * order so the same tree always gives the same value. */
static uint64_t scan_tree(const struct mb_watch *w, const char *path, uint64_t h, int depth)
{
	if (depth > MAX_DEPTH || is_skip(w, path))
		return h;
	DIR *d = opendir(path);
	if (!d)
		return mix(h, "-", 1);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (!ignored_name(de->d_name))
			MB_PUSH(names, n, cap, mb_xstrdup(de->d_name));
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *sub = mb_strf("%s/%s", path, names[i]);
		struct stat st;
		h = mix(h, names[i], strlen(names[i]) + 1);
		if (lstat(sub, &st) == 0) {
			int64_t v[4] = {st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ino};
			h = mix(h, v, sizeof v);
			if (S_ISDIR(st.st_mode))
				h = scan_tree(w, sub, h, depth + 1);
		}
		free(sub);
		free(names[i]);
	}
	free(names);
	return h;
}

static uint64_t scan_all(const struct mb_watch *w)
{
	uint64_t h = 14695981039346656037u;
	for (size_t i = 0; i < w->nroots; i++)
		h = scan_tree(w, w->roots[i], mix(h, "/", 1), 0);
	return h;
}

struct mb_watch *mb_watch_new(const char *const *roots, size_t n, const char *skip)
{
	struct mb_watch *w = mb_xcalloc(1, sizeof *w);
	w->roots = mb_xcalloc(n ? n : 1, sizeof *w->roots);
	for (size_t i = 0; i < n; i++)
		w->roots[w->nroots++] = mb_xstrdup(roots[i]);
	w->skip = skip ? realpath(skip, NULL) : NULL;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		to_scanning(w, "inotify");
	w->missing = watch_roots(w);
	if (w->fd < 0)
		w->signature = scan_all(w);
	return w;
}

void mb_watch_free(struct mb_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	for (size_t i = 0; i < w->nroots; i++)
		free(w->roots[i]);
	free(w->roots);
	free(w->skip);
	free(w->what);
	free(w);
}

int mb_watch_fd(const struct mb_watch *w)
{
	return w->fd;
}

int mb_watch_interval(const struct mb_watch *w)
{
	return w->fd < 0 || w->missing ? SCAN_INTERVAL_MS : -1;
}

static void set_what(struct mb_watch *w, const char *dir, const char *name)
{
	free(w->what);
	w->what = name && name[0] ? mb_strf("%s/%s", dir, name) : mb_xstrdup(dir);
}

/* Handles one inotify event; returns true when it is a change that counts. */
static bool on_event(struct mb_watch *w, const struct inotify_event *ev)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		set_what(w, w->nroots ? w->roots[0] : ".", NULL);
		return true;
	}
	struct wdir *e = find_wd(w, ev->wd);
	if (!e)
		return false;
	if (ev->mask & IN_IGNORED) {
		forget_wd(w, ev->wd);
		return false;
	}
	const char *name = ev->len ? ev->name : "";
	if (name[0] && ignored_name(name))
		return false;
	char *dir = mb_xstrdup(e->path);
	if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		char *sub = mb_strf("%s/%s", dir, name);
		add_tree(w, sub, 1);
		free(sub);
	}
	bool counts = !(ev->mask & IN_ISDIR) || (ev->mask & ~(IN_ISDIR | IN_ATTRIB | IN_MODIFY));
	if (counts)
		set_what(w, dir, name);
	free(dir);
	return counts;
}

bool mb_watch_changed(struct mb_watch *w, const char **what)
{
	bool changed = false;
	if (what)
		*what = NULL;
	if (w->fd >= 0) {
		/* Aligned as inotify_event requires. */
		char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t n;
		while ((n = read(w->fd, buf, sizeof buf)) > 0) {
			for (char *p = buf; p < buf + n;) {
				const struct inotify_event *ev = (const struct inotify_event *)p;
				changed |= on_event(w, ev);
				p += sizeof *ev + ev->len;
			}
		}
		/* A root that was missing, or replaced by a new folder, gets watched
		 * again; the folders already watched keep their descriptors.  Roots
		 * that are still missing are tried again every interval. */
		if (changed || w->missing) {
			size_t missing = watch_roots(w);
			if (missing < w->missing && !changed) {
				changed = true;
				set_what(w, w->nroots ? w->roots[0] : ".", NULL);
			}
			w->missing = missing;
		}
		if (w->fd < 0)
			w->signature = scan_all(w);
	} else {
		uint64_t h = scan_all(w);
		changed = h != w->signature;
		w->signature = h;
		if (changed)
			set_what(w, w->nroots ? w->roots[0] : ".", NULL);
	}
	if (what)
		*what = w->what;
	return changed;
}
