/* serve_http.c - the preview server's answers: files of OUT, errors, live-reload endpoints. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"

#define STREAM_BLOCK ((size_t)32 << 10) /* bytes of a page read at a time */

/* ---- the live-reload script and the status it polls ---- */

/* Served at /__minhbach/reload.js; HTML pages load it (mb_serve_inject).
 * The problem lines and titles are HTML-escaped before they reach
 * innerHTML.  Errors of a failed build show in red over the last good
 * site; warnings of a successful one in amber, with a button that hides
 * them until they change. */
static const char reload_js[] =
	"/* minhbach serve: reloads the page after a rebuild; shows build problems. */\n"
	"(function () {\n"
	"  var me = document.currentScript;\n"
	"  var seen = me ? me.getAttribute('data-version') : null, box = null, shown = '';\n"
	"  var hidden = '';\n"
	"  function esc(s) {\n"
	"    return String(s).replace(/[&<>\"']/g, function (c) {\n"
	"      return '&#' + c.charCodeAt(0) + ';';\n"
	"    });\n"
	"  }\n"
	"  function show(lines, title, failed, dismiss) {\n"
	"    var key = (failed ? 'e' : 'w') + lines.join('\\n');\n"
	"    if (!lines.length || key === hidden) {\n"
	"      if (box) { box.parentNode.removeChild(box); box = null; shown = ''; }\n"
	"      return;\n"
	"    }\n"
	"    if (key === shown) return;\n"
	"    if (!box) {\n"
	"      box = document.createElement('div');\n"
	"      box.setAttribute('role', 'alert');\n"
	"      document.body.appendChild(box);\n"
	"    }\n"
	"    shown = key;\n"
	"    box.id = failed ? 'minhbach-build-errors' : 'minhbach-build-warnings';\n"
	"    box.style.cssText = 'position:fixed;z-index:2147483647;left:0;right:0;top:0;'\n"
	"      + 'max-height:' + (failed ? '60vh' : '40vh') + ';overflow:auto;margin:0;'\n"
	"      + 'padding:1em;font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,'\n"
	"      + '\"Noto Sans\",Arial,sans-serif;box-shadow:0 2px 8px #0008;'\n"
	"      + (failed ? 'background:#7f1d1d;color:#fff' : 'background:#fef3c7;color:#3b2a04');\n"
	"    box.innerHTML = '<strong>' + esc(title) + '</strong>'\n"
	"      + (failed ? '' : ' <button type=\"button\">' + esc(dismiss) + '</button>')\n"
	"      + lines.map(function (l) {\n"
	"        return '<p style=\"margin:.5em 0 0;overflow-wrap:anywhere\">' + esc(l) + '</p>';\n"
	"      }).join('');\n"
	"    var b = box.querySelector('button');\n"
	"    if (b) b.onclick = function () { hidden = key; show([], '', false, ''); };\n"
	"  }\n"
	"  function poll() {\n"
	"    fetch('/__minhbach/status', {cache: 'no-store'}).then(function (r) {\n"
	"      return r.json();\n"
	"    }).then(function (s) {\n"
	"      if (seen === null) seen = String(s.version);\n"
	"      if (String(s.version) !== seen) { location.reload(); return; }\n"
	"      if (s.ok) show(s.warnings || [], s.warnings_title, false, s.dismiss);\n"
	"      else show(s.errors || [], s.errors_title, true, '');\n"
	"      setTimeout(poll, 1000);\n"
	"    }, function () { setTimeout(poll, 1000); });\n"
	"  }\n"
	"  poll();\n"
	"})();\n";

/* A JSON string that is also safe inside HTML: < > & are escaped, and
 * bytes that are not UTF-8 become U+FFFD so the status always parses. */
static void json_str(mb_buf *b, const char *s)
{
	mb_buf_putc(b, '"');
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s);
	for (utf8proc_ssize_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &cp);
			if (k <= 0) {
				mb_buf_puts(b, "\\ufffd");
				i++;
			} else {
				mb_buf_put(b, p + i, (size_t)k);
				i += k;
			}
			continue;
		}
		if (c == '"' || c == '\\')
			mb_buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f)
			mb_buf_printf(b, "\\u%04x", c);
		else
			mb_buf_putc(b, (char)c);
		i++;
	}
	mb_buf_putc(b, '"');
}

static char *status_json(struct mb_serve_state *s)
{
	mb_buf b;
	mb_buf_init(&b);
	pthread_mutex_lock(&s->lock);
	mb_buf_printf(&b, "{\"version\":%lu,\"ok\":%s,\"building\":%s,", s->version,
	              s->ok ? "true" : "false", s->building ? "true" : "false");
	/* The lines are the errors of a failed build, the warnings of a good one. */
	for (int list = 0; list < 2; list++) {
		mb_buf_puts(&b, list ? ",\"warnings\":[" : "\"errors\":[");
		for (size_t i = 0; (list == s->ok) && i < s->nlines; i++) {
			if (i)
				mb_buf_putc(&b, ',');
			json_str(&b, s->lines[i]);
		}
		mb_buf_putc(&b, ']');
	}
	mb_buf_puts(&b, ",\"errors_title\":");
	json_str(&b, s->text.failed ? s->text.failed : "");
	mb_buf_puts(&b, ",\"warnings_title\":");
	json_str(&b, s->text.warned ? s->text.warned : "");
	mb_buf_puts(&b, ",\"dismiss\":");
	json_str(&b, s->text.dismiss ? s->text.dismiss : "");
	pthread_mutex_unlock(&s->lock);
	mb_buf_puts(&b, "}\n");
	char *json = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return json;
}

static unsigned long current_version(struct mb_serve_state *s)
{
	pthread_mutex_lock(&s->lock);
	unsigned long v = s->version;
	pthread_mutex_unlock(&s->lock);
	return v;
}

/* ---- the server and its connections ---- */

struct conn;

struct mb_serve_http {
	struct mb_serve_state *st;
	struct MHD_Daemon *d;
	bool loopback;
	char *host;   /* as bound, for the Host check */
	int port;
	pthread_mutex_t lock;  /* guards conns and every conn in it */
	struct conn *conns;
	pthread_t reaper;
	pthread_cond_t wake;
	bool stop, reaping;
};

/*
 * Every connection, and since when the server waits for it to send a
 * request.  libmicrohttpd's idle timeout does not stop a client that
 * trickles a header a byte at a time; the reaper does: a connection that
 * has not sent a whole request MB_SERVE_REQUEST_SECONDS after it opened
 * (or after its last answer) is shut down.  libmicrohttpd says a
 * connection is closed before it closes its socket, and the list is only
 * changed under the lock, so a socket shut down is always this one's.
 */
struct conn {
	struct conn *prev, *next;
	struct mb_serve_http *h;
	int fd;
	double since;
	bool waiting;
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* The connection got its answer: no deadline until its next request. */
static void answered(struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&k->h->lock);
	k->waiting = false;
	pthread_mutex_unlock(&k->h->lock);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	struct mb_serve_http *h = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn *k = mb_xcalloc(1, sizeof *k);
		k->h = h;
		k->fd = ci ? ci->connect_fd : -1;
		k->since = mono_now();
		k->waiting = true;
		pthread_mutex_lock(&h->lock);
		k->next = h->conns;
		if (h->conns)
			h->conns->prev = k;
		h->conns = k;
		pthread_mutex_unlock(&h->lock);
		*socket_context = k;
		return;
	}
	struct conn *k = *socket_context;
	if (!k)
		return;
	pthread_mutex_lock(&h->lock);
	if (k->prev)
		k->prev->next = k->next;
	else
		h->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&h->lock);
	free(k);
	*socket_context = NULL;
}

/* A request was answered and sent: the next one has its deadline. */
static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)req_cls;
	(void)toe;
	struct mb_serve_http *h = cls;
	struct conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&h->lock);
	k->waiting = true;
	k->since = mono_now();
	pthread_mutex_unlock(&h->lock);
}

static void *reap(void *arg)
{
	struct mb_serve_http *h = arg;
	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		double t = mono_now();
		for (struct conn *k = h->conns; k; k = k->next) {
			if (k->waiting && k->fd >= 0 && t - k->since > MB_SERVE_REQUEST_SECONDS) {
				shutdown(k->fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
				k->waiting = false;
			}
		}
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&h->wake, &h->lock, &ts);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* ---- responses ---- */

static struct MHD_Response *from_buf(mb_buf *b)
{
	size_t len;
	char *data = mb_buf_detach(b, &len);
	mb_buf_release(b);
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!r)
		mb_die("out of memory");
	return r;
}

static struct MHD_Response *from_text(const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	                                                         MHD_RESPMEM_PERSISTENT);
	if (!r)
		mb_die("out of memory");
	return r;
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                             const char *type)
{
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	answered(c);
	return ret;
}

static const char *reason(unsigned status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 421: return "Misdirected Request";
	default: return "Error";
	}
}

/* A page of our own, for errors and for a site that was never built. */
static void builtin_page(mb_buf *b, unsigned status, const char *text, const char *lang,
                         unsigned long version)
{
	mb_buf page;
	mb_buf_init(&page);
	mb_buf_printf(&page, "<!doctype html>\n<html lang=\"%s\">\n<meta charset=\"utf-8\">\n"
	              "<title>%u %s</title>\n<body>\n<h1>%u %s</h1>\n<p>", lang, status,
	              reason(status), status, reason(status));
	mb_buf_html(&page, text, strlen(text));
	mb_buf_puts(&page, "</p>\n</body>\n</html>\n");
	mb_serve_inject(b, page.data, page.len, version);
	mb_buf_release(&page);
}

/* ---- pages sent from disk with the reload tag inserted on the way ---- */

struct page_stream {
	int fd;
	uint64_t size;  /* of the file */
	uint64_t at;    /* where the tag goes, in the file */
	size_t taglen;
	char tag[MB_SERVE_TAG_MAX];
};

/* Reads n bytes of the file at off into buf; false if it got shorter. */
static bool read_at(int fd, char *buf, size_t n, uint64_t off)
{
	while (n > 0) {
		ssize_t r = pread(fd, buf, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		buf += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return true;
}

/* libmicrohttpd asks for the bytes at pos of the response: the file up to
 * the tag, the tag, then the rest of the file. */
static ssize_t page_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct page_stream *p = cls;
	uint64_t total = p->size + p->taglen;
	if (pos >= total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	size_t n = 0;
	while (n < max && pos < total) {
		size_t k;
		bool ok = true;
		if (pos < p->at) {
			k = (size_t)(p->at - pos < max - n ? p->at - pos : max - n);
			ok = read_at(p->fd, buf + n, k, pos);
		} else if (pos < p->at + p->taglen) {
			k = (size_t)(p->at + p->taglen - pos);
			k = k < max - n ? k : max - n;
			memcpy(buf + n, p->tag + (pos - p->at), k);
		} else {
			k = (size_t)(total - pos < max - n ? total - pos : max - n);
			ok = read_at(p->fd, buf + n, k, pos - p->taglen);
		}
		if (!ok)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		n += k;
		pos += k;
	}
	return (ssize_t)n;
}

static void page_free(void *cls)
{
	struct page_stream *p = cls;
	close(p->fd);
	free(p);
}

/* A response that sends the HTML file at path with the reload tag, read
 * from disk as it is sent; NULL when it is not a readable regular file. */
static struct MHD_Response *page_response(const char *path, unsigned long version)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct page_stream *p = mb_xcalloc(1, sizeof *p);
	p->fd = fd;
	p->size = (uint64_t)st.st_size;
	p->taglen = mb_serve_reload_tag(p->tag, sizeof p->tag, version);
	if (mb_serve_inject_at(fd, p->size, &p->at) != 0) {
		page_free(p);
		return NULL;
	}
	struct MHD_Response *r = MHD_create_response_from_callback(p->size + p->taglen, STREAM_BLOCK,
	                                                           page_read, p, page_free);
	if (!r)
		mb_die("out of memory");
	return r;
}

/* 404 with the site's own 404.html when OUT has one; 400 and 403 with ours.
 * root is OUT's real path, NULL when there is no OUT yet. */
static enum MHD_Result reply_error(struct mb_serve_state *s, struct MHD_Connection *c,
                                   const char *root, unsigned status)
{
	unsigned long version = current_version(s);
	mb_buf b;
	mb_buf_init(&b);
	struct MHD_Response *r = NULL;
	if (status == MB_HTTP_NOT_FOUND && root) {
		char *real;
		struct stat st;
		if (mb_serve_resolve(root, "404.html", &real, &st) == 0) {
			if (S_ISREG(st.st_mode))
				r = page_response(real, version);
			free(real);
		}
	}
	if (!r) {
		pthread_mutex_lock(&s->lock);
		struct mb_serve_texts t = s->text;
		pthread_mutex_unlock(&s->lock);
		const char *text = status == MB_HTTP_NOT_FOUND && !root ? t.unbuilt
		                   : status == MB_HTTP_NOT_FOUND ? t.missing
		                   : status == MB_HTTP_FORBIDDEN ? t.forbidden : t.malformed;
		builtin_page(&b, status, text ? text : "", t.lang ? t.lang : "en", version);
		r = from_buf(&b);
	} else {
		mb_buf_release(&b);
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return queue(c, status, r, "text/html; charset=utf-8");
}

static enum MHD_Result reply_405(struct MHD_Connection *c)
{
	struct MHD_Response *r = from_text("405 Method Not Allowed: only GET and HEAD\n");
	MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	return queue(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, "text/plain; charset=utf-8");
}

/* Percent-encodes a decoded relative path for a Location header. */
static void url_encode(mb_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c))
			mb_buf_putc(b, (char)c);
		else
			mb_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

static enum MHD_Result redirect_to_folder(struct MHD_Connection *c, const char *rel)
{
	mb_buf loc;
	mb_buf_init(&loc);
	mb_buf_putc(&loc, '/');
	url_encode(&loc, rel);
	mb_buf_putc(&loc, '/');
	struct MHD_Response *r = from_text("301 Moved Permanently\n");
	MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, loc.data);
	mb_buf_release(&loc);
	return queue(c, MHD_HTTP_MOVED_PERMANENTLY, r, "text/plain; charset=utf-8");
}

static void http_date(char *out, size_t n, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* True when an If-None-Match list names etag (weak comparison) or is "*". */
static bool etag_matches(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' ||
		                                 p[n] == '\t'))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* An HTML page carries the build's version in its injected tag, which its
 * modification time does not show (a build may keep an unchanged file):
 * for pages only the ETag, which includes the version, can say "not
 * modified". */
static bool not_modified(struct MHD_Connection *c, const char *etag, time_t mtime, bool html)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm)
		return etag_matches(inm, etag);
	if (html)
		return false;
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (!ims)
		return false;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (!end || *end)
		return false;
	return mtime <= timegm(&tm);
}

static enum MHD_Result send_file(struct mb_serve_state *s, struct MHD_Connection *c,
                                 const char *root, const char *real, const struct stat *st)
{
	bool html = mb_serve_is_html(real);
	unsigned long version = current_version(s);
	char etag[96], modified[64];
	/* The injected tag names the build, so a page's bytes change with it. */
	snprintf(etag, sizeof etag, html ? "\"%lx-%llx-%llx-v%lu\"" : "\"%lx-%llx-%llx\"",
	         (unsigned long)st->st_ino, (unsigned long long)st->st_size,
	         (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
	                 (unsigned long long)st->st_mtim.tv_nsec,
	         version);
	http_date(modified, sizeof modified, st->st_mtim.tv_sec);
	struct MHD_Response *r;
	unsigned status = MHD_HTTP_OK;
	if (not_modified(c, etag, st->st_mtim.tv_sec, html)) {
		r = from_text("");
		status = MHD_HTTP_NOT_MODIFIED;
	} else if (html) {
		r = page_response(real, version);
		if (!r)
			return reply_error(s, c, root, MB_HTTP_NOT_FOUND);
	} else {
		int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		struct stat now;
		if (fd < 0 || fstat(fd, &now) != 0 || !S_ISREG(now.st_mode)) {
			if (fd >= 0)
				close(fd);
			return reply_error(s, c, root, MB_HTTP_NOT_FOUND);
		}
		r = MHD_create_response_from_fd64((uint64_t)now.st_size, fd);
		if (!r)
			mb_die("out of memory");
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, modified);
	/* A preview must show the latest build: the browser asks each time. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	return queue(c, status, r, status == MHD_HTTP_OK ? mb_serve_content_type(real) : NULL);
}

/* A file of OUT.  OUT is looked up afresh for every request: each build
 * swaps in a new folder under the same name. */
static enum MHD_Result serve_path(struct mb_serve_state *s, struct MHD_Connection *c,
                                  const char *url)
{
	mb_buf rel;
	mb_buf_init(&rel);
	bool dir;
	char *root = realpath(s->o->out, NULL);
	char *real = NULL;
	struct stat st;
	enum MHD_Result ret;
	int rc = mb_serve_decode(url, &rel, &dir);
	if (rc == 0)
		rc = root ? mb_serve_resolve(root, rel.data, &real, &st) : MB_HTTP_NOT_FOUND;
	if (rc == 0 && S_ISDIR(st.st_mode)) {
		if (!dir) {
			ret = redirect_to_folder(c, rel.data);
			goto done;
		}
		free(real);
		mb_buf_puts(&rel, rel.len ? "/index.html" : "index.html");
		rc = mb_serve_resolve(root, rel.data, &real, &st);
	} else if (rc == 0 && dir) {
		rc = MB_HTTP_NOT_FOUND; /* "page.html/" names no folder */
	}
	if (rc == 0 && !S_ISREG(st.st_mode))
		rc = MB_HTTP_NOT_FOUND;
	ret = rc ? reply_error(s, c, root, (unsigned)rc) : send_file(s, c, root, real, &st);
done:
	free(real);
	free(root);
	mb_buf_release(&rel);
	return ret;
}

/* /__minhbach/...: the reload script, the build status and its version. */
static enum MHD_Result serve_live(struct mb_serve_state *s, struct MHD_Connection *c,
                                  const char *name)
{
	struct MHD_Response *r;
	const char *type;
	if (strcmp(name, "status") == 0) {
		char *json = status_json(s);
		r = MHD_create_response_from_buffer(strlen(json), json, MHD_RESPMEM_MUST_FREE);
		type = "application/json";
	} else if (strcmp(name, "version") == 0) {
		mb_buf b;
		mb_buf_init(&b);
		mb_buf_printf(&b, "%lu\n", current_version(s));
		r = from_buf(&b);
		type = "text/plain; charset=utf-8";
	} else if (strcmp(name, "reload.js") == 0) {
		r = from_text(reload_js);
		type = "text/javascript; charset=utf-8";
	} else {
		return queue(c, MHD_HTTP_NOT_FOUND, from_text("404 Not Found\n"),
		             "text/plain; charset=utf-8");
	}
	if (!r)
		mb_die("out of memory");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return queue(c, MHD_HTTP_OK, r, type);
}

/* A page of another site, whose name was made to point at this computer
 * (DNS rebinding), must not read the preview: refused when the Host is not
 * this server's own name. */
static enum MHD_Result reply_421(struct MHD_Connection *c)
{
	struct MHD_Response *r = from_text("421 Misdirected Request: this preview answers only "
	                                   "to http://localhost, http://127.0.0.1 and http://[::1] "
	                                   "with its port\n");
	return queue(c, 421, r, "text/plain; charset=utf-8");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	(void)version;
	(void)upload_data;
	struct mb_serve_http *h = cls;
	struct mb_serve_state *s = h->st;
	if (h->loopback &&
	    !mb_serve_host_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST),
	                      h->host, h->port))
		return reply_421(c);
	/* Refused at once, in the first call: libmicrohttpd then discards any
	 * body and closes the connection. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_405(c);
	/* A response queued in the first call, made as soon as the headers are
	 * in, closes the connection too; answering in the second call keeps it
	 * alive for the next request. */
	static int seen_headers;
	if (*req_cls == NULL) {
		*req_cls = &seen_headers;
		return MHD_YES;
	}
	if (*upload_data_size) { /* a GET or HEAD with a body: ignore the body */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (strncmp(url, "/__minhbach/", 12) == 0)
		return serve_live(s, c, url + 12);
	return serve_path(s, c, url);
}

/* Leaves the path as sent: mb_serve_decode decodes it, once. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

struct mb_serve_http *mb_serve_start(struct mb_serve_state *s, int lfd, bool v6, bool loopback,
                                     const char *host, int port)
{
	struct mb_serve_http *h = mb_xcalloc(1, sizeof *h);
	h->st = s;
	h->loopback = loopback;
	h->host = mb_xstrdup(host ? host : "");
	h->port = port;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->wake, NULL);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cpus < 2 ? 2 : cpus > 8 ? 8 : (unsigned)cpus;
	h->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0), 0, NULL,
	                        NULL, on_request, h, MHD_OPTION_LISTEN_SOCKET, lfd,
	                        MHD_OPTION_THREAD_POOL_SIZE, threads,
	                        MHD_OPTION_CONNECTION_LIMIT, MB_SERVE_MAX_CONNECTIONS,
	                        MHD_OPTION_PER_IP_CONNECTION_LIMIT, MB_SERVE_MAX_PER_IP,
	                        MHD_OPTION_CONNECTION_TIMEOUT, MB_SERVE_IDLE_SECONDS,
	                        MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
	                        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
	                        MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
	                        MHD_OPTION_END);
	if (h->d)
		h->reaping = pthread_create(&h->reaper, NULL, reap, h) == 0;
	if (!h->d || !h->reaping) {
		int err = errno;
		mb_serve_stop(h);
		errno = err;
		return NULL;
	}
	return h;
}

void mb_serve_stop(struct mb_serve_http *h)
{
	if (!h)
		return;
	if (h->reaping) {
		pthread_mutex_lock(&h->lock);
		h->stop = true;
		pthread_cond_signal(&h->wake);
		pthread_mutex_unlock(&h->lock);
		pthread_join(h->reaper, NULL);
	}
	if (h->d)
		MHD_stop_daemon(h->d); /* closes every connection, and the listening socket */
	while (h->conns) {
		struct conn *k = h->conns;
		h->conns = k->next;
		free(k);
	}
	pthread_cond_destroy(&h->wake);
	pthread_mutex_destroy(&h->lock);
	free(h->host);
	free(h);
}
