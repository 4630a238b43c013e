/* serve_path.c - from a request path to a file inside OUT, and never outside it. */
#include "serve.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "alloc.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Length of the UTF-8 sequence at s (n bytes left), or 0 when it is not a
 * valid, shortest-form encoding of a scalar value. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t k;
	unsigned long cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, cp = c & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

/* Checks one decoded segment (n bytes at s, n > 0). */
static int check_segment(const char *s, size_t n)
{
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return MB_HTTP_FORBIDDEN;
	if (s[0] == '.')
		return MB_HTTP_NOT_FOUND;
	if (n > NAME_MAX)
		return MB_HTTP_NOT_FOUND;
	return 0;
}

/*
 * Decoding and checking happen in one pass over the raw path, segment by
 * segment, so that what is checked is exactly what is used: a "%2e%2e"
 * segment is "..", and an encoded '/' can never create a new segment.
 */
int mb_serve_decode(const char *url, mb_buf *rel, bool *dir)
{
	mb_buf_reset(rel);
	*dir = false;
	if (!url || url[0] != '/')
		return MB_HTTP_BAD_REQUEST;
	size_t ulen = strlen(url);
	if (ulen > MB_SERVE_MAX_PATH)
		return MB_HTTP_BAD_REQUEST;
	const unsigned char *p = (const unsigned char *)url + 1;
	if (*p == '\0') {
		*dir = true;
		return 0;
	}
	size_t seg = 0; /* start of the current segment in rel */
	for (;;) {
		unsigned char c = *p;
		if (c == '/' || c == '\0') {
			size_t n = rel->len - seg;
			if (n == 0) {
				if (c == '\0') { /* a trailing '/' */
					*dir = true;
					if (rel->len)
						rel->data[--rel->len] = '\0';
					break;
				}
				return MB_HTTP_FORBIDDEN; /* "//": an absolute path in disguise */
			}
			int rc = check_segment(rel->data + seg, n);
			if (rc)
				return rc;
			if (c == '\0')
				break;
			mb_buf_putc(rel, '/');
			seg = rel->len;
			p++;
			continue;
		}
		if (c == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (hi < 0 || lo < 0)
				return MB_HTTP_BAD_REQUEST;
			c = (unsigned char)(hi << 4 | lo);
			p += 3;
			if (c == '/')
				return MB_HTTP_FORBIDDEN;
		} else {
			p++;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return MB_HTTP_FORBIDDEN;
		mb_buf_putc(rel, (char)c);
	}
	/* Whole-path UTF-8 check: escapes may split a character across %XX. */
	const unsigned char *s = (const unsigned char *)rel->data;
	for (size_t i = 0; i < rel->len;) {
		size_t k = utf8_len(s + i, rel->len - i);
		if (k == 0)
			return MB_HTTP_BAD_REQUEST;
		i += k;
	}
	return 0;
}

static bool inside(const char *root, const char *path)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return path[0] == '/';
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int mb_serve_resolve(const char *root, const char *rel, char **real, struct stat *st)
{
	*real = NULL;
	char *full = rel[0] ? mb_strf("%s/%s", root, rel) : mb_xstrdup(root);
	char *r = realpath(full, NULL);
	int err = errno;
	free(full);
	if (!r) {
		if (err == ENOMEM)
			mb_die("out of memory");
		return err == EACCES ? MB_HTTP_FORBIDDEN : MB_HTTP_NOT_FOUND;
	}
	if (!inside(root, r)) {
		free(r);
		return MB_HTTP_FORBIDDEN;
	}
	if (stat(r, st) != 0) {
		free(r);
		return MB_HTTP_NOT_FOUND;
	}
	*real = r;
	return 0;
}

static const struct {
	const char *ext, *type;
} types[] = {
	{"html", "text/html; charset=utf-8"},
	{"htm", "text/html; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"json", "application/json"},
	{"csv", "text/csv; charset=utf-8"},
	{"txt", "text/plain; charset=utf-8"},
	{"md", "text/markdown; charset=utf-8"},
	{"xml", "application/xml"},
	{"png", "image/png"},
	{"svg", "image/svg+xml"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"ico", "image/x-icon"},
	{"woff2", "font/woff2"},
	{"woff", "font/woff"},
	{"pdf", "application/pdf"},
	{"zip", "application/zip"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"webmanifest", "application/manifest+json"},
};

static const char *extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : NULL;
}

const char *mb_serve_content_type(const char *name)
{
	const char *ext = extension(name);
	if (ext)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcasecmp(ext, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

bool mb_serve_is_html(const char *name)
{
	const char *ext = extension(name);
	return ext && (strcasecmp(ext, "html") == 0 || strcasecmp(ext, "htm") == 0);
}

/* The last "</body" in html, any case, or NULL. */
static const char *last_body_close(const char *html, size_t len)
{
	if (len < 6)
		return NULL;
	for (size_t i = len - 6 + 1; i-- > 0;)
		if (html[i] == '<' && html[i + 1] == '/' && strncasecmp(html + i + 2, "body", 4) == 0)
			return html + i;
	return NULL;
}

size_t mb_serve_reload_tag(char *buf, size_t n, unsigned long version)
{
	int k = snprintf(buf, n, "<script src=\"/__minhbach/reload.js\" data-version=\"%lu\"></script>\n",
	                 version);
	return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

void mb_serve_inject(mb_buf *out, const char *html, size_t len, unsigned long version)
{
	const char *at = last_body_close(html, len);
	size_t head = at ? (size_t)(at - html) : len;
	char tag[MB_SERVE_TAG_MAX];
	size_t taglen = mb_serve_reload_tag(tag, sizeof tag, version);
	mb_buf_grow(out, len + taglen);
	mb_buf_put(out, html, head);
	mb_buf_put(out, tag, taglen);
	mb_buf_put(out, html + head, len - head);
}

/*
 * The file is read backwards in blocks, each overlapping the one after it
 * by the length of "</body" less one, so a tag across two blocks is found;
 * pages end with "</body></html>", so one block is the usual cost.
 */
int mb_serve_inject_at(int fd, uint64_t size, uint64_t *at)
{
	enum { BLOCK = 65536, TAG = 6 };
	char buf[BLOCK];
	*at = size;
	uint64_t end = size;
	while (end > 0) {
		uint64_t start = end > BLOCK ? end - BLOCK : 0;
		size_t want = (size_t)(end - start), got = 0;
		while (got < want) {
			ssize_t n = pread(fd, buf + got, want - got, (off_t)(start + got));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return -1;
			got += (size_t)n;
		}
		const char *tag = last_body_close(buf, want);
		if (tag) {
			*at = start + (uint64_t)(tag - buf);
			return 0;
		}
		if (start == 0)
			break;
		end = start + TAG - 1; /* overlap */
	}
	return 0;
}

/* Whether header is name, then ":port" (or nothing for port 80), any case. */
static bool host_is(const char *header, const char *name, int port)
{
	size_t n = strlen(name);
	if (strncasecmp(header, name, n) != 0)
		return false;
	const char *rest = header + n;
	if (*rest == '\0')
		return port == 80;
	char want[16];
	snprintf(want, sizeof want, ":%d", port);
	return strcmp(rest, want) == 0;
}

bool mb_serve_host_ok(const char *header, const char *host, int port)
{
	if (!header)
		return false;
	static const char *const local[] = {"localhost", "127.0.0.1", "[::1]"};
	for (size_t i = 0; i < sizeof local / sizeof *local; i++)
		if (host_is(header, local[i], port))
			return true;
	if (!host || !*host)
		return false;
	char *bound = strchr(host, ':') && host[0] != '[' ? mb_strf("[%s]", host) : mb_xstrdup(host);
	bool ok = host_is(header, bound, port);
	free(bound);
	return ok;
}
