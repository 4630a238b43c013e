/* test_indir.c - reading inside an input folder: links that stay in, links out, loops, FIFOs. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "harness.h"
#include "indir.h"
#include "publish.h"
#include "scratch.h"

/* top (scratch.h): top/in is the input folder, top/out lies beside it */

static void link_to(const char *target, const char *rel)
{
	char *path = mb_strf("%s/%s", top, rel);
	CHECK_MSG(symlink(target, path) == 0, "symlink %s", path);
	free(path);
}

static void make_tree(void)
{
	dir("in");
	dir("in/a");
	dir("in/a/b");
	dir("out");
	put("out/secret.txt", "SECRET");
	put("in/a/b/file.txt", "hello");
	put("in/a/.hidden", "no");
	put("in/top.txt", "top");
	link_to("a/b/file.txt", "in/inside.txt");         /* stays inside */
	link_to("../b/file.txt", "in/a/b/up-and-back.txt"); /* climbs, stays inside */
	link_to("../out/secret.txt", "in/climb.txt");       /* climbs out */
	char *abs = mb_strf("%s/out/secret.txt", top);
	link_to(abs, "in/absolute.txt");                    /* absolute: out */
	free(abs);
	link_to("a", "in/alias");                           /* a folder inside */
	link_to("../out", "in/outdir");                     /* a folder outside */
	link_to("loop2", "in/loop1");
	link_to("loop1", "in/loop2");
	char *fifo = mb_strf("%s/in/pipe.txt", top);
	CHECK(mkfifo(fifo, 0644) == 0);
	free(fifo);
}

static enum mb_in_status read_rel(const struct mb_indir *in, const char *rel, mb_buf *b)
{
	size_t size;
	return mb_indir_read(in, rel, 1 << 20, b, &size);
}

static void cases(const char *mode)
{
	struct mb_indir in;
	struct mb_reads reads;
	mb_reads_init(&reads);
	char *path = mb_strf("%s/in", top);
	CHECK_INT(mb_indir_open(&in, path, &reads), 0);
	mb_buf b;
	mb_buf_init(&b);
	alarm(20); /* a FIFO opened for reading would block: fail loudly instead */

	CHECK_MSG(read_rel(&in, "a/b/file.txt", &b) == MB_IN_OK && strcmp(b.data, "hello") == 0,
	          "%s: a plain file", mode);
	CHECK_MSG(read_rel(&in, "inside.txt", &b) == MB_IN_OK && strcmp(b.data, "hello") == 0,
	          "%s: a link that stays inside", mode);
	CHECK_MSG(read_rel(&in, "a/b/up-and-back.txt", &b) == MB_IN_OK, "%s: .. that stays inside", mode);
	CHECK_MSG(read_rel(&in, "alias/b/file.txt", &b) == MB_IN_OK, "%s: through a linked folder", mode);
	CHECK_MSG(read_rel(&in, "climb.txt", &b) == MB_IN_OUTSIDE, "%s: a link that climbs out", mode);
	CHECK_MSG(b.len == 0, "%s: nothing of it read", mode);
	CHECK_MSG(read_rel(&in, "absolute.txt", &b) == MB_IN_OUTSIDE, "%s: an absolute link", mode);
	CHECK_MSG(read_rel(&in, "outdir/secret.txt", &b) == MB_IN_OUTSIDE, "%s: a folder outside", mode);
	CHECK_MSG(read_rel(&in, "a/../../out/secret.txt", &b) == MB_IN_OUTSIDE, "%s: .. past the top", mode);
	CHECK_MSG(read_rel(&in, "loop1", &b) == MB_IN_LOOP, "%s: links that loop", mode);
	CHECK_MSG(read_rel(&in, "pipe.txt", &b) == MB_IN_SPECIAL, "%s: a FIFO, without blocking", mode);
	CHECK_MSG(read_rel(&in, "a", &b) == MB_IN_FOLDER, "%s: a folder for a file", mode);
	CHECK_MSG(read_rel(&in, "nope.txt", &b) == MB_IN_MISSING, "%s: missing", mode);
	size_t size;
	CHECK_MSG(mb_indir_read(&in, "a/b/file.txt", 3, &b, &size) == MB_IN_TOO_BIG && size == 5,
	          "%s: over the limit, with the size", mode);

	char **names;
	size_t n;
	CHECK_MSG(mb_indir_list(&in, "a", &names, &n) == MB_IN_OK && n == 1 && !strcmp(names[0], "b"),
	          "%s: a listing without dot files", mode);
	mb_indir_free_names(names, n);
	CHECK_MSG(mb_indir_list(&in, "alias", &names, &n) == MB_IN_OK && n == 1, "%s: a linked folder", mode);
	mb_indir_free_names(names, n);
	CHECK_MSG(mb_indir_list(&in, "outdir", &names, &n) == MB_IN_OUTSIDE && !names,
	          "%s: no listing outside", mode);
	CHECK_MSG(mb_indir_list(&in, "top.txt", &names, &n) == MB_IN_NOT_FOLDER, "%s: a file for a folder", mode);
	CHECK_MSG(mb_indir_list(&in, "pipe.txt", &names, &n) == MB_IN_SPECIAL, "%s: a FIFO for a folder", mode);

	/* What was read is recorded: files with their bytes' hash, listings,
	 * files found missing; nothing for what was refused. */
	mb_reads_sort(&reads);
	bool file = false, listing = false, missing = false, refused = false;
	char want[MB_HASH_HEX];
	mb_sha256_hex("hello", 5, want);
	for (size_t i = 0; i < reads.n; i++) {
		const struct mb_read_note *r = &reads.v[i];
		file |= r->kind == 'F' && !strcmp(r->rel, "inside.txt") && !strcmp(r->hash, want);
		listing |= r->kind == 'D' && !strcmp(r->rel, "a");
		missing |= r->kind == 'M' && !strcmp(r->rel, "nope.txt");
		refused |= !strcmp(r->rel, "climb.txt") || !strcmp(r->rel, "pipe.txt");
	}
	CHECK_MSG(file && listing && missing && !refused, "%s: the record of what was read", mode);
	alarm(0);
	mb_buf_release(&b);
	mb_indir_close(&in);
	mb_reads_release(&reads);
	free(path);
}

/* One problem per entry, the files in order, and a link to a folder that
 * contains it is a loop, not a hang. */
struct seen {
	mb_buf log;
};

static void note(void *ctx, const char *rel, enum mb_in_status st)
{
	struct seen *s = ctx;
	mb_buf_printf(&s->log, "%s=%d;", rel, (int)st);
}

static void walk(const char *mode)
{
	char *path = mb_strf("%s/in", top);
	struct mb_indir in;
	CHECK_INT(mb_indir_open(&in, path, NULL), 0);
	struct seen s;
	mb_buf_init(&s.log);
	char **files;
	size_t n;
	size_t problems = mb_indir_walk(&in, "a", &files, &n, note, &s);
	CHECK_MSG(problems == 0 && n == 2 && !strcmp(files[0], "a/b/file.txt") &&
	          !strcmp(files[1], "a/b/up-and-back.txt"), "%s: walk of a: %zu files, %s", mode, n,
	          s.log.data);
	mb_indir_free_names(files, n);
	char *self = mb_strf("%s/in/a/b/self", top);
	CHECK(symlink("..", self) == 0);
	mb_buf_reset(&s.log);
	problems = mb_indir_walk(&in, "a", &files, &n, note, &s);
	CHECK_MSG(problems == 1 && strstr(s.log.data, "a/b/self=3;"), "%s: a folder containing itself: %s",
	          mode, s.log.data);
	mb_indir_free_names(files, n);
	unlink(self);
	free(self);
	mb_buf_reset(&s.log);
	problems = mb_indir_walk(&in, "", &files, &n, note, &s);
	CHECK_MSG(strstr(s.log.data, "climb.txt=2;") && strstr(s.log.data, "pipe.txt=6;") &&
	          strstr(s.log.data, "outdir=2;") && strstr(s.log.data, "loop1=3;"),
	          "%s: every problem of the whole folder: %s", mode, s.log.data);
	mb_indir_free_names(files, n);
	mb_buf_release(&s.log);
	mb_indir_close(&in);
	free(path);
}

/* The font of site.json: any path, but a regular file. */
static void regular(void)
{
	mb_buf b;
	mb_buf_init(&b);
	size_t size;
	char *fifo = mb_strf("%s/in/pipe.txt", top);
	char *file = mb_strf("%s/in/top.txt", top);
	alarm(20);
	CHECK_INT(mb_read_regular(fifo, 100, &b, &size), MB_IN_SPECIAL);
	CHECK_INT(mb_check_regular(fifo, 100, &size), MB_IN_SPECIAL);
	CHECK_INT(mb_read_regular(file, 100, &b, &size), MB_IN_OK);
	CHECK_STR(b.data, "top");
	CHECK_INT(mb_check_regular(file, 2, &size), MB_IN_TOO_BIG);
	CHECK_INT(mb_check_regular(top, 100, &size), MB_IN_FOLDER);
	alarm(0);
	free(fifo);
	free(file);
	mb_buf_release(&b);
}

/* A file read twice with different bytes vouches for neither. */
static void changed_twice(void)
{
	struct mb_reads r;
	mb_reads_init(&r);
	mb_reads_add(&r, 'F', "x.json", "aaaa");
	mb_reads_add(&r, 'F', "a.json", "bbbb");
	mb_reads_add(&r, 'F', "x.json", "cccc");
	mb_reads_add(&r, 'F', "a.json", "bbbb");
	mb_reads_sort(&r);
	CHECK_INT(r.n, 2);
	CHECK_STR(r.v[0].rel, "a.json");
	CHECK_STR(r.v[0].hash, "bbbb");
	CHECK_STR(r.v[1].hash, "");
	mb_reads_release(&r);
}

int main(void)
{
	if (scratch_begin("indir")) {
		make_tree();
		cases("openat2");
		walk("openat2");
		mb_indir_force_fallback(true);
		cases("fallback");
		walk("fallback");
		mb_indir_force_fallback(false);
		regular();
		changed_twice();
		scratch_end();
	}
	return TEST_END();
}
