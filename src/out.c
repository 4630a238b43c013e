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

void mb_out_init(struct mb_out *o, const char *root)
{
	o->root = mb_xstrdup(root);
	atomic_init(&o->files, 0);
	atomic_init(&o->bytes, 0);
	atomic_init(&o->failed, 0);
}

void mb_out_release(struct mb_out *o)
{
	free(o->root);
	o->root = NULL;
}

void mb_out_fail(struct mb_out *o, const char *rel, const char *reason)
{
	fprintf(stderr, "minhbach: %s/%s: %s\n", o->root, rel, reason);
	atomic_store(&o->failed, 1);
}

/* mkdir -p for every parent folder of path; tolerant of races between jobs. */
static int make_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0755);
		int err = errno;
		*p = '/';
		if (rc != 0 && err != EEXIST) {
			errno = err;
			return -1;
		}
	}
	return 0;
}

char *mb_out_path(struct mb_out *o, const char *rel)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "%s/%s", o->root, rel);
	char *path = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	if (make_parents(path) != 0) {
		mb_out_fail(o, rel, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

int mb_out_done(struct mb_out *o, const char *rel)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_printf(&b, "%s/%s", o->root, rel);
	struct stat st;
	int rc = stat(b.data, &st);
	mb_buf_release(&b);
	if (rc != 0) {
		mb_out_fail(o, rel, strerror(errno));
		return -1;
	}
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, (size_t)st.st_size);
	return 0;
}

int mb_out_write(struct mb_out *o, const char *rel, const void *data, size_t len)
{
	char *path = mb_out_path(o, rel);
	if (!path)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
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
