/* indir.h - reading inside an input folder (DATA, TEMPLATES): no link out of it, no special file. */
#ifndef MB_INDIR_H
#define MB_INDIR_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "sha256.h"

/*
 * Every file of DATA and TEMPLATES is opened from the folder's descriptor,
 * by a path relative to it, and resolved beneath it: a symbolic link is
 * followed while it stays inside the folder and refused when it leads out
 * (an absolute link, or ".." past the top), so nothing outside the two
 * folders can reach the published site.  The kernel does this with
 * openat2(RESOLVE_BENEATH) where it has it; otherwise the same rule is
 * applied one path component at a time (openat with O_NOFOLLOW, readlinkat).
 *
 * Only regular files are read and only folders are listed: a FIFO, socket
 * or device is refused after looking at it through an O_PATH descriptor,
 * so opening one never blocks a build or wakes a device.
 *
 * An input folder may record what was read (the bytes' SHA-256 of every
 * file, the names of every folder listed, every file found missing): the
 * build cache compares that record with the folder to tell whether a
 * build would read anything different (cache.c).  Recording is
 * thread-safe: period folders load in parallel.
 */

/* One thing a build read; kind is 'F' (a file: hash of its bytes), 'D' (a
 * folder: hash of its sorted names) or 'M' (a file found missing). */
struct mb_read_note {
	char kind;
	char hash[MB_HASH_HEX]; /* "" for 'M' */
	char *rel;
};

struct mb_reads {
	pthread_mutex_t lock;
	struct mb_read_note *v;
	size_t n, cap;
};

void mb_reads_init(struct mb_reads *r);
void mb_reads_release(struct mb_reads *r);
/* Sorts by (rel, kind) and drops repeats (a file read twice); a file read
 * twice with different bytes keeps an empty hash, which matches nothing. */
void mb_reads_sort(struct mb_reads *r);
void mb_reads_add(struct mb_reads *r, char kind, const char *rel, const char *hash);

struct mb_indir {
	int fd;                 /* the folder, opened O_PATH */
	char *path;             /* as given, without trailing '/': for messages */
	struct mb_reads *reads; /* NULL: not recorded */
};

/* Why something could not be read. */
enum mb_in_status {
	MB_IN_OK = 0,
	MB_IN_MISSING,     /* nothing by that name */
	MB_IN_OUTSIDE,     /* a symbolic link leads out of the folder */
	MB_IN_LOOP,        /* symbolic links loop, or a folder contains itself */
	MB_IN_FOLDER,      /* a folder where a file was expected */
	MB_IN_NOT_FOLDER,  /* a file where a folder was expected */
	MB_IN_SPECIAL,     /* a FIFO, socket or device */
	MB_IN_TOO_BIG,     /* a file over the caller's limit */
	MB_IN_TOO_MANY,    /* a walk passed MB_INDIR_MAX_FILES */
	MB_IN_ERROR,       /* a system error: see errno */
};

/* Opens the folder at path (which may itself be a link: the user named it).
 * Returns 0, or -1 with errno set.  reads may be NULL. */
int mb_indir_open(struct mb_indir *in, const char *path, struct mb_reads *reads);
void mb_indir_close(struct mb_indir *in);

/* "PATH/rel" (or PATH for ""), for messages; caller frees. */
char *mb_indir_shown(const struct mb_indir *in, const char *rel);

/*
 * Reads the regular file rel (relative, '/'-separated) into out (reset
 * first, NUL-terminated).  A file over max bytes is MB_IN_TOO_BIG with
 * *size set to its size.  On MB_IN_ERROR errno is set.  Records 'F' with
 * the bytes' hash, or 'M' when the file is missing.
 */
enum mb_in_status mb_indir_read(const struct mb_indir *in, const char *rel, size_t max,
                                mb_buf *out, size_t *size);

/*
 * The names in folder rel ("" for the folder itself), sorted bytewise,
 * without "." and ".." and without names starting with '.' (editors' swap
 * files, .git: never input).  *names is malloc'd with each name (free with
 * mb_indir_free_names); NULL when the status is not MB_IN_OK.  Records 'D'.
 */
enum mb_in_status mb_indir_list(const struct mb_indir *in, const char *rel, char ***names,
                                size_t *n);
void mb_indir_free_names(char **names, size_t n);

/* What rel resolves to (following links that stay inside), without opening
 * it for reading. */
enum mb_in_status mb_indir_stat(const struct mb_indir *in, const char *rel, struct stat *st);

/*
 * Every regular file below folder rel, recursively, as paths relative to
 * the input folder, in sorted order (a folder's files in name order, each
 * subfolder's where its name sorts); names starting with '.' are skipped.
 * Links to folders inside are followed; a folder that contains itself is
 * MB_IN_LOOP.  At most MB_INDIR_MAX_DEPTH levels and MB_INDIR_MAX_FILES
 * files.  Each problem is passed to problem(ctx, rel, status) (for the
 * limits: MB_IN_LOOP and MB_IN_TOO_MANY) and the walk goes on without that
 * entry.  Returns the number of problems; *files as mb_indir_list.
 */
#define MB_INDIR_MAX_DEPTH 32
#define MB_INDIR_MAX_FILES 100000
typedef void (*mb_indir_problem_fn)(void *ctx, const char *rel, enum mb_in_status st);
size_t mb_indir_walk(const struct mb_indir *in, const char *rel, char ***files, size_t *n,
                     mb_indir_problem_fn problem, void *ctx);

/* A sentence for a status, for "PATH: sentence" ("is a FIFO, ..."); in is
 * the folder named by MB_IN_OUTSIDE.  MB_IN_ERROR gives strerror(errno). */
const char *mb_in_message(const struct mb_indir *in, enum mb_in_status st, mb_buf *scratch);

/*
 * Reads a file named by the user outside the input folders (the font of
 * site.json): a regular file only, opened without blocking, at most max
 * bytes.  Same statuses as mb_indir_read (MB_IN_OUTSIDE never happens).
 */
enum mb_in_status mb_read_regular(const char *path, size_t max, mb_buf *out, size_t *size);
/* The same check without reading: what path is. */
enum mb_in_status mb_check_regular(const char *path, size_t max, size_t *size);

/* For tests: resolve in user space as on kernels without openat2. */
void mb_indir_force_fallback(bool on);

#endif
