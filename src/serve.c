/* serve.c - the serve command: build, serve OUT, rebuild when DATA or TEMPLATES change. */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "i18n.h"

#define DEBOUNCE_MS 200      /* quiet time after the last change before a rebuild */
#define MAX_DELAY_MS 2000    /* longest wait while changes keep coming */
#define MAX_ERROR_LINES 500  /* build problems kept for the overlay */

/* ---- building ---- */

static void clear_lines(struct mb_serve_state *s)
{
	for (size_t i = 0; i < s->nlines; i++)
		free(s->lines[i]);
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
}

/* Splits text into lines (without their newlines), at most MAX_ERROR_LINES. */
static void keep_lines(struct mb_serve_state *s, const char *text, size_t len)
{
	size_t cap = 0;
	for (size_t i = 0; i < len && s->nlines < MAX_ERROR_LINES;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - text) - i : len - i;
		if (n)
			MB_PUSH(s->lines, s->nlines, cap, mb_xstrndup(text + i, n));
		i += n + 1;
	}
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Whether OUT is another folder than before: a build that publishes swaps
 * in a new one; a build that finds OUT up to date leaves it alone. */
static bool out_replaced(const struct stat *before, bool had, const char *out)
{
	struct stat now;
	if (stat(out, &now) != 0)
		return false;
	return !had || now.st_ino != before->st_ino || now.st_dev != before->st_dev;
}

/* The server's words in the language of the messages, which the build
 * has just set from site.json. */
static void set_texts(struct mb_serve_texts *t)
{
	t->lang = mb_i18n_vietnamese() ? "vi" : "en";
	t->failed = _("minhbach: the last build failed; this page shows the last good site. Fix "
	              "the data and save: the page reloads by itself.");
	t->warned = _("minhbach: the site was built, with warnings. Fix the data and save to "
	              "clear them; --strict would refuse them.");
	t->dismiss = _("Hide");
	t->unbuilt = _("The site has not been built yet: see the problems in the terminal.");
	t->missing = _("There is no such page.");
	t->forbidden = _("This path is not part of the site.");
	t->malformed = _("The request is malformed.");
}

/* Builds, then tells open pages: a new version reloads them, a failure
 * shows its problems over the last good site, warnings show over the new
 * one. */
/* Whether the first build's failure ends the preview: an OUT the build
 * refuses (inside DATA, someone else's files: exit 2 or 3) or cannot
 * write leaves nothing to preview, and serving whatever that folder holds
 * would publish it over HTTP. */
static bool fatal(const struct mb_serve_state *s, int rc)
{
	return !s->serving && (rc == MB_EXIT_USAGE || (s->named_out && rc == MB_EXIT_SYSTEM));
}

static int rebuild(struct mb_serve_state *s)
{
	pthread_mutex_lock(&s->lock);
	s->building = true;
	pthread_mutex_unlock(&s->lock);
	struct stat before;
	bool had = stat(s->o->out, &before) == 0;
	mb_buf err;
	mb_buf_init(&err);
	/* The build prints its problems on the terminal as usual and hands
	 * them back for the overlay of open pages. */
	int rc = mb_cmd_build(s->o, &err);
	malloc_trim(0); /* what the build freed, while the server waits (main.c) */
	bool replaced = rc == MB_EXIT_OK && out_replaced(&before, had, s->o->out);
	struct mb_serve_texts text;
	set_texts(&text);
	pthread_mutex_lock(&s->lock);
	s->text = text;
	s->building = false;
	bool was_ok = s->ok;
	s->ok = rc == MB_EXIT_OK;
	if (s->ok && !replaced && was_ok) {
		/* Up to date: the site, and its warnings, are the last build's. */
	} else if (s->ok) {
		clear_lines(s);
		s->version += replaced;
		keep_lines(s, err.data, err.len);
	} else {
		clear_lines(s);
		keep_lines(s, err.data, err.len);
		if (s->nlines == 0) {
			/* A system error: printed where it happened, with its path. */
			char *why = mb_strf(_("minhbach: the build failed (exit %d): the terminal "
			                      "says why"), rc);
			keep_lines(s, why, strlen(why));
			free(why);
		}
	}
	unsigned long version = s->version;
	pthread_mutex_unlock(&s->lock);
	if (rc == MB_EXIT_OK && replaced && err.len)
		printf(_("minhbach: build %lu is live, with warnings (they also show in open pages): "
		         "open pages reload\n"), version);
	else if (rc == MB_EXIT_OK && replaced)
		printf(_("minhbach: build %lu is live: open pages reload\n"), version);
	else if (rc == MB_EXIT_OK)
		printf(_("minhbach: the site did not change\n"));
	else if (!fatal(s, rc))
		fprintf(stderr, _("minhbach: the build failed (exit %d): still serving the last good "
		        "site; the problems also show in open pages\n"), rc);
	fflush(stdout);
	mb_buf_release(&err);
	return rc;
}

/* ---- listening ---- */

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
	return IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
	       (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127);
}

/* Opens the listening socket ourselves, to report exactly why it failed. */
static int listen_on(const char *host, int port, bool *loopback, bool *v6, char **shown)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
	                         .ai_flags = AI_PASSIVE};
	struct addrinfo *res;
	char service[16];
	snprintf(service, sizeof service, "%d", port);
	int gai = getaddrinfo(host, service, &hints, &res);
	if (gai != 0) {
		fprintf(stderr, _("minhbach: --host \"%s\": not an address this machine can listen on "
		        "(%s)\n"), host, gai_strerror(gai));
		return -2;
	}
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		fprintf(stderr, _("minhbach: %s port %d: cannot listen: %s\n"), host, port,
		        strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	*loopback = is_loopback(res->ai_addr);
	*v6 = res->ai_family == AF_INET6;
	char addr[INET6_ADDRSTRLEN] = "?";
	getnameinfo(res->ai_addr, res->ai_addrlen, addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
	*shown = *v6 ? mb_strf("http://[%s]:%d/", addr, port) : mb_strf("http://%s:%d/", addr, port);
	freeaddrinfo(res);
	return fd;
}

/* ---- the preview folder ---- */

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* A new folder of the preview's own, "TMPDIR/minhbach-preview-XXXXXX";
 * NULL (and the reason printed) when it cannot be made. */
static char *preview_dir(void)
{
	const char *base = getenv("TMPDIR");
	char *dir = mb_strf("%s/minhbach-preview-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, _("minhbach: %s: cannot make a preview folder: %s (give one with -o)\n"),
		        dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

/* Removes the preview folder and everything the builds put in it (the
 * site, its staging folders, lock and cache). */
static void remove_preview(char *dir)
{
	if (!dir)
		return;
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, _("minhbach: %s: cannot remove the preview folder: %s\n"), dir,
		        strerror(errno));
	free(dir);
}

/* ---- the command ---- */

/* Whether SIGINT or SIGTERM is waiting in sigfd (consumed if so). */
static bool signalled(int sigfd)
{
	struct pollfd p = {sigfd, POLLIN, 0};
	struct signalfd_siginfo si;
	return poll(&p, 1, 0) == 1 && read(sigfd, &si, sizeof si) == (ssize_t)sizeof si;
}

/* Waits for changes and signals; returns when SIGINT or SIGTERM arrives. */
static void watch_loop(struct mb_serve_state *s, int sigfd)
{
	const char *roots[] = {s->o->data, s->o->templates};
	struct mb_watch *w = mb_watch_new(roots, 2, s->o->out);
	double first = 0, last = 0; /* pending changes: first and latest, 0 for none */
	double next_scan = now_ms() + mb_watch_interval(w);
	for (;;) {
		struct pollfd fds[2] = {{sigfd, POLLIN, 0}, {mb_watch_fd(w), POLLIN, 0}};
		double t = now_ms();
		double due = 1e300;
		if (last > 0) {
			due = last + DEBOUNCE_MS;
			if (due > first + MAX_DELAY_MS)
				due = first + MAX_DELAY_MS;
		}
		if (mb_watch_interval(w) >= 0 && next_scan < due)
			due = next_scan;
		int timeout = due >= 1e300 ? -1 : due <= t ? 0 : (int)(due - t) + 1;
		int n = poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (fds[0].revents & POLLIN)) {
			struct signalfd_siginfo si;
			if (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si &&
			    (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM))
				break;
		}
		t = now_ms();
		bool tick = mb_watch_interval(w) >= 0 && t >= next_scan;
		if (tick)
			next_scan = t + mb_watch_interval(w);
		const char *what = NULL;
		if (((n > 0 && fds[1].fd >= 0 && (fds[1].revents & POLLIN)) || tick) &&
		    mb_watch_changed(w, &what)) {
			if (last == 0) {
				first = t;
				printf(_("minhbach: %s changed: rebuilding\n"), what ? what : _("a file"));
				fflush(stdout);
			}
			last = t;
			if (mb_watch_interval(w) >= 0 && next_scan > t + mb_watch_interval(w))
				next_scan = t + mb_watch_interval(w);
		}
		if (last > 0 && (t >= last + DEBOUNCE_MS || t >= first + MAX_DELAY_MS)) {
			first = last = 0;
			rebuild(s);
		}
	}
	mb_watch_free(w);
}

int mb_cmd_serve(const struct mb_options *given, int port, const char *host)
{
	if (port <= 0)
		port = 8080;
	if (!host)
		host = "127.0.0.1";
	bool loopback = true, v6 = false;
	char *shown = NULL;
	int lfd = listen_on(host, port, &loopback, &v6, &shown);
	if (lfd < 0)
		return lfd == -2 ? MB_EXIT_USAGE : MB_EXIT_SYSTEM;
	/* The preview never writes the published site: a folder of its own,
	 * unless -o names one. */
	struct mb_options opts = *given;
	const struct mb_options *o = &opts;
	char *tmp = NULL, *out = NULL;
	if (!given->out) {
		if (!(tmp = preview_dir())) {
			close(lfd);
			free(shown);
			return MB_EXIT_SYSTEM;
		}
		opts.out = out = mb_strf("%s/site", tmp);
		printf(_("minhbach: previewing in %s, a folder of its own removed on exit: the "
		         "published site is not touched (minhbach build publishes)\n"), tmp);
		fflush(stdout);
	}

	/* Signals arrive through signalfd in the loop, never in a thread: they
	 * are blocked before the first build starts its workers, so every
	 * thread inherits the mask, and a Ctrl-C during a build ends the
	 * program cleanly once that build is done. */
	sigset_t mask, old;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &mask, &old);
	struct sigaction ign = {.sa_handler = SIG_IGN}, oldpipe;
	sigaction(SIGPIPE, &ign, &oldpipe);
	sigdelset(&mask, SIGPIPE);
	int sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sigfd < 0) {
		fprintf(stderr, _("minhbach: cannot watch for Ctrl-C: %s\n"), strerror(errno));
		close(lfd);
		sigaction(SIGPIPE, &oldpipe, NULL);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		free(shown);
		remove_preview(tmp);
		free(out);
		return MB_EXIT_SYSTEM;
	}

	struct mb_serve_state s = {.o = o, .named_out = given->out != NULL};
	pthread_mutex_init(&s.lock, NULL);
	int first = rebuild(&s);

	int rc = MB_EXIT_OK;
	struct mb_serve_http *d = NULL;
	if (fatal(&s, first)) {
		close(lfd);
		fprintf(stderr, _("minhbach: nothing to preview: %s cannot be built (above); "
		        "give -o another folder, or none\n"), o->out);
		rc = first;
	} else if (signalled(sigfd)) {
		close(lfd); /* stopped during the first build */
		printf(_("minhbach: stopping\n"));
	} else if ((d = mb_serve_start(&s, lfd, v6, loopback, host, port)) == NULL) {
		fprintf(stderr, _("minhbach: %s: cannot start the server: %s\n"), shown, strerror(errno));
		close(lfd);
		rc = MB_EXIT_SYSTEM;
	} else {
		pthread_mutex_lock(&s.lock);
		s.serving = true;
		pthread_mutex_unlock(&s.lock);
		printf(_("minhbach: serving %s at %s (Ctrl-C to stop)\n"), o->out, shown);
		fflush(stdout);
		if (!loopback)
			fprintf(stderr, _("minhbach: warning: listening on %s: the preview is reachable "
			        "from the network, not only from this computer\n"), host);
		watch_loop(&s, sigfd);
		printf(_("minhbach: stopping\n"));
		fflush(stdout);
		mb_serve_stop(d); /* closes the listening socket too */
	}
	close(sigfd);
	sigaction(SIGPIPE, &oldpipe, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	clear_lines(&s);
	pthread_mutex_destroy(&s.lock);
	free(shown);
	remove_preview(tmp);
	free(out);
	return rc;
}
