/* fuzz_path.c - fuzz target: request paths of the preview server never leave OUT. */
#include "fuzz.h"

#include <limits.h>

#include "alloc.h"
#include "buf.h"
#include "serve.h"

/*
 * A small OUT with a secret beside it and symlinks that point out of it
 * (relative, absolute, to the parent folder) and within it.  Each input is
 * a raw request path: it is decoded and resolved as the server does, and
 * whatever comes back must be a real path inside OUT, never the secret,
 * with no segment that could climb.  The decoded path also goes through
 * the content-type lookup and the script injection, as a page would.
 */
static char *root;   /* real path of OUT */
static char *secret; /* real path of the file beside it */

static void make_tree(void)
{
	char *top = fuzz_temp_dir("path");
	char *t = realpath(top, NULL);
	secret = mb_strf("%s/secret.txt", t);
	root = mb_strf("%s/site", t);
	fuzz_write(t, "secret.txt", "SECRET", 6);
	fuzz_write(t, "site/index.html", "<body>home</body>", 17);
	fuzz_write(t, "site/404.html", "<html><body>404</body></html>", 29);
	fuzz_write(t, "site/a/index.html", "<p>a", 4);
	fuzz_write(t, "site/a/b.css", "b{}", 3);
	fuzz_write(t, "site/tai-ve/2023.json", "{}", 2);
	fuzz_write(t, "site/d\xe1\xbb\x8b.txt", "vi", 2);
	char *link = mb_strf("%s/out", root);
	if (symlink("../secret.txt", link) != 0)
		abort();
	free(link);
	link = mb_strf("%s/abs", root);
	if (symlink(secret, link) != 0)
		abort();
	free(link);
	link = mb_strf("%s/up", root);
	if (symlink("..", link) != 0)
		abort();
	free(link);
	link = mb_strf("%s/a/home", root);
	if (symlink("../index.html", link) != 0)
		abort();
	free(link);
	free(t);
}

static void check_rel(const char *rel)
{
	if (rel[0] == '/' || strstr(rel, "//") || strchr(rel, '\\'))
		abort();
	for (const char *s = rel; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
	/* No segment is "." or ".." or starts with a dot. */
	for (const char *s = rel; *s;) {
		if (*s == '.')
			abort();
		const char *slash = strchr(s, '/');
		if (!slash)
			break;
		s = slash + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root)
		make_tree();
	if (size > MB_SERVE_MAX_PATH + 16)
		return 0;
	char *url = mb_xstrndup((const char *)data, size); /* as libmicrohttpd hands it over */
	mb_buf rel;
	mb_buf_init(&rel);
	bool dir;
	int rc = mb_serve_decode(url, &rel, &dir);
	if (rc != 0 && rc != MB_HTTP_BAD_REQUEST && rc != MB_HTTP_FORBIDDEN &&
	    rc != MB_HTTP_NOT_FOUND)
		abort();
	if (rc == 0) {
		if (strlen(rel.data) != rel.len)
			abort();
		check_rel(rel.data);
		char *real;
		struct stat st;
		if (mb_serve_resolve(root, rel.data, &real, &st) == 0) {
			size_t n = strlen(root);
			if (strncmp(real, root, n) != 0 || (real[n] != '\0' && real[n] != '/'))
				abort();
			if (strcmp(real, secret) == 0)
				abort();
			mb_serve_content_type(real);
			free(real);
		} else if (real) {
			abort();
		}
	}
	mb_buf out;
	mb_buf_init(&out);
	mb_serve_inject(&out, (const char *)data, size, 7);
	if (out.len <= size || !memmem(out.data, out.len, "/__minhbach/reload.js", 21))
		abort();
	mb_buf_release(&out);
	mb_serve_is_html(url);
	mb_serve_content_type(url);
	mb_buf_release(&rel);
	free(url);
	return 0;
}
