/* serve.h - `minhbach serve`: build, preview OUT over HTTP, rebuild on change. */
#ifndef MB_SERVE_H
#define MB_SERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "buf.h"
#include "build.h"

/*
 * Builds the site (mb_cmd_build), then serves it over HTTP with
 * libmicrohttpd on host:port (host NULL means 127.0.0.1) until SIGINT or
 * SIGTERM, and rebuilds whenever a file under DATA or TEMPLATES changes.
 *
 * It builds into a preview folder of its own, never the published site:
 * with o->out NULL, a new temporary folder (under $TMPDIR or /tmp) that
 * it removes when it stops; OUT only when -o names it.
 *
 * Only GET and HEAD; folders serve their index.html ("/x" redirects to
 * "/x/"); missing files get OUT/404.html with status 404; ETag and
 * Last-Modified answer conditional requests with 304.  Nothing outside OUT
 * is ever served (see mb_serve_decode and mb_serve_resolve).
 *
 * HTML responses, and only the bytes sent (never the files), get one
 * <script src="/__minhbach/reload.js"> that polls /__minhbach/status: the
 * page reloads after a successful rebuild, shows the problems of a failed
 * one in an overlay while the last good site stays served, and the
 * warnings of a successful one in a smaller overlay the reader may close.
 * Files are sent from disk as the client reads them (never held whole in
 * memory), pages too, with the tag inserted on the way.
 *
 * Returns 0 after a signal, 3 when the server cannot start (the address is
 * taken, say), with the reason on stderr.
 */
int mb_cmd_serve(const struct mb_options *o, int port, const char *host);

/* ---- between serve.c (builds) and serve_http.c (answers) ---- */

/* What the server's own pages and overlay say, in the language of the
 * messages: gettext's strings, which live as long as the program, set by
 * the command's thread (the server's threads never call gettext). */
struct mb_serve_texts {
	const char *lang;        /* "vi" or "en", for <html lang> */
	const char *failed;      /* over the page: the last build failed */
	const char *warned;      /* over the page: the last build has warnings */
	const char *dismiss;     /* the button that hides the warnings */
	const char *unbuilt, *missing, *forbidden, *malformed; /* error pages */
};

/* The state of the last build, shared by the command's thread, which
 * builds, and the server's threads, which answer; lock guards the rest. */
struct mb_serve_state {
	const struct mb_options *o;
	pthread_mutex_t lock;
	unsigned long version; /* builds that published a new OUT */
	bool ok;               /* the last build succeeded */
	bool building;
	bool named_out;        /* OUT given with -o, not a preview folder of its own */
	bool serving;          /* the server is up: a failed build keeps the last site */
	/* The problem lines of the last build: its errors when it failed, its
	 * warnings when it succeeded (a build that found OUT up to date keeps
	 * the warnings of the one that made it). */
	char **lines;
	size_t nlines;
	struct mb_serve_texts text;
};

/*
 * Limits of the preview server, so that slow or idle clients cannot hold
 * it: connections in all and from one address, seconds a connection may
 * stay idle, and seconds a client has to send a whole request (a client
 * that trickles its headers a byte at a time is cut off then).
 */
#define MB_SERVE_MAX_CONNECTIONS 256u
#define MB_SERVE_MAX_PER_IP 32u
#define MB_SERVE_IDLE_SECONDS 10u
#define MB_SERVE_REQUEST_SECONDS 15u

/*
 * Starts libmicrohttpd on lfd (bound and listening; v6 when IPv6) with a
 * pool of threads answering from st, within the limits above.  When
 * loopback (the default binding), requests are answered only when their
 * Host is localhost, 127.0.0.1, [::1] or host, with the port: anything
 * else (a page of another site whose name was made to point at this
 * computer: DNS rebinding) gets 421.  Returns NULL with errno set;
 * mb_serve_stop stops it and closes lfd.
 */
struct MHD_Daemon;
struct mb_serve_http;
struct mb_serve_http *mb_serve_start(struct mb_serve_state *st, int lfd, bool v6, bool loopback,
                                     const char *host, int port);
void mb_serve_stop(struct mb_serve_http *h);

/* Whether a Host header names this server (see mb_serve_start): host is
 * the address it was bound to, as given. */
bool mb_serve_host_ok(const char *header, const char *host, int port);

/* ---- request paths (serve_path.c): pure functions, fuzzed on their own ---- */

/* HTTP statuses the path functions answer with; 0 is success. */
enum { MB_HTTP_BAD_REQUEST = 400, MB_HTTP_FORBIDDEN = 403, MB_HTTP_NOT_FOUND = 404 };

/* Longest request path accepted, in bytes, before and after decoding. */
#define MB_SERVE_MAX_PATH 2048

/*
 * Turns the raw request path (as sent, before any percent-decoding: the
 * server keeps libmicrohttpd from decoding it) into a path relative to OUT.
 * Decodes %XX exactly once and strictly, then checks each '/'-separated
 * segment.  Returns 0 and sets rel to the segments joined by '/', without a
 * leading or trailing '/' ("" for the root), and *dir to whether the path
 * ended in '/'.  Otherwise returns:
 *   400  not starting with '/', a bad %-escape, invalid UTF-8, too long;
 *   403  "." or ".." segments, empty segments ("//"), an encoded '/' (%2F),
 *        a backslash, NUL or another control character, raw or encoded;
 *   404  a segment starting with '.' (OUT's own dot files stay private).
 * rel is reset first; its content is unspecified after an error.
 */
int mb_serve_decode(const char *url, mb_buf *rel, bool *dir);

/*
 * Resolves rel (from mb_serve_decode) under root, which must be a real path
 * (as from realpath(3)): follows symlinks with realpath, then refuses any
 * result that is not root itself or below it.  Returns 0 and sets *real to
 * a malloc'd real path (caller frees) and *st to its stat; otherwise 404
 * when nothing is there, 403 when the path leads out of root or cannot be
 * read, and *real is NULL.
 */
int mb_serve_resolve(const char *root, const char *rel, char **real, struct stat *st);

/* The Content-Type for a file name, by its extension (case-insensitive);
 * text types carry "; charset=utf-8".  Unknown: application/octet-stream. */
const char *mb_serve_content_type(const char *name);

/* True for names served with the live-reload script (".html", ".htm"). */
bool mb_serve_is_html(const char *name);

/*
 * Appends html (len bytes) to out with the live-reload script tag inserted
 * before the last "</body" (any case), or at the end when there is none.
 * version is written into the tag so the page knows which build it shows.
 */
void mb_serve_inject(mb_buf *out, const char *html, size_t len, unsigned long version);
/* The tag itself, NUL-terminated in buf; returns its length. */
#define MB_SERVE_TAG_MAX 96
size_t mb_serve_reload_tag(char *buf, size_t n, unsigned long version);
/*
 * Where mb_serve_inject would put the tag in the open file fd of size
 * bytes, found by reading from the end (a page is served from the file as
 * it is sent, never held whole).  Returns 0 and sets *at, or -1 with errno
 * set when the file cannot be read.
 */
int mb_serve_inject_at(int fd, uint64_t size, uint64_t *at);

/* ---- watching DATA and TEMPLATES (serve_watch.c) ---- */

/*
 * Watches folders recursively with inotify, or, where inotify cannot be
 * had (no more watches, say), by comparing a scan of names, sizes and
 * modification times every second.  Names starting with '.' and ending in
 * '~' (editor swap and backup files) are ignored, and so is the folder
 * `skip` (OUT, when it lies inside a watched folder).
 */
struct mb_watch;

/* Starts watching roots[0..n-1]; a root that does not exist yet is
 * picked up when it appears.  skip may be NULL.  Never fails. */
struct mb_watch *mb_watch_new(const char *const *roots, size_t n, const char *skip);
void mb_watch_free(struct mb_watch *w);
/* The file descriptor to poll for input, or -1 when scanning. */
int mb_watch_fd(const struct mb_watch *w);
/* Milliseconds between scans when mb_watch_fd is -1, else -1 (no timer). */
int mb_watch_interval(const struct mb_watch *w);
/*
 * Call when the fd is readable, or every interval: consumes what happened
 * and returns true when something relevant changed.  Sets *what (may be
 * NULL) to a path to name in the terminal, valid until the next call.
 */
bool mb_watch_changed(struct mb_watch *w, const char **what);

#endif
