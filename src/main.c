/* main.c - the minhbach command line (SPEC §1). */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "serve.h"

#define MB_VERSION "0.1.0"

static const char usage[] =
	"usage: minhbach build  [-d DATA] [-o OUT] [-t TEMPLATES] [-j JOBS] [-q] [--strict]\n"
	"       minhbach check  [-d DATA] [--strict]\n"
	"       minhbach serve  [-d DATA] [-o OUT] [-t TEMPLATES] [-p PORT] [--host ADDR]\n"
	"       minhbach --help | --version\n";

static const char help[] =
	"\n"
	"minhbach turns a folder of administrative-reform (CCHC) data into a static,\n"
	"public web site: rankings, each unit's results and procedures, charts and\n"
	"spreadsheets to download.\n"
	"\n"
	"commands:\n"
	"  build   validate DATA, then generate the site into OUT (atomically)\n"
	"  check   validate DATA and report every problem; write nothing\n"
	"  serve   build, then preview OUT on http://127.0.0.1:PORT/\n"
	"\n"
	"options:\n"
	"  -d, --data DATA           data folder (default: data)\n"
	"  -o, --out OUT             output folder (default: site)\n"
	"  -t, --templates TEMPLATES templates folder (default: templates)\n"
	"  -j, --jobs JOBS           parallel jobs (default: number of CPUs)\n"
	"  -p, --port PORT           preview port (default: 8080)\n"
	"      --host ADDR           preview address (default: 127.0.0.1, this computer only)\n"
	"  -q, --quiet               print only problems\n"
	"      --only LIST           build only these outputs: downloads, charts, pages\n"
	"                            (comma-separated; merged into the site in OUT)\n"
	"      --strict              treat warnings as errors\n"
	"  -h, --help                show this help\n"
	"  -V, --version             show the version\n"
	"\n"
	"exit status: 0 success, 1 invalid data (nothing published),\n"
	"             2 bad usage, 3 system or I/O failure\n";

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "minhbach: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	return MB_EXIT_USAGE;
}

static int parse_only(const char *list, unsigned *mask)
{
	static const char *const names[] = {"downloads", "charts", "pages"};
	char *copy = strdup(list), *save = NULL;
	int rc = copy ? 0 : -1;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
		size_t k = 0;
		while (k < 3 && strcmp(t, names[k]) != 0)
			k++;
		if (k == 3)
			rc = -1;
		else
			*mask |= 1u << k;
	}
	free(copy);
	return rc || !*mask ? -1 : 0;
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

int main(int argc, char **argv)
{
	/* Past a file size limit, let writes fail with EFBIG (reported, exit 3)
	 * instead of the signal killing the build half-way. */
	signal(SIGXFSZ, SIG_IGN);
	struct mb_options o = {
		.data = "data", .out = "site", .templates = "templates", .jobs = default_jobs(),
	};
	if (argc < 2)
		return bad_usage("%s", "no command given");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		printf("%s%s", usage, help);
		return MB_EXIT_OK;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("minhbach %s\n", MB_VERSION);
		return MB_EXIT_OK;
	}
	bool build = !strcmp(cmd, "build"), check = !strcmp(cmd, "check"), serve = !strcmp(cmd, "serve");
	if (!build && !check && !serve)
		return bad_usage("unknown command \"%s\"", cmd);
	static const struct option longs[] = {
		{"data", required_argument, 0, 'd'},    {"out", required_argument, 0, 'o'},
		{"templates", required_argument, 0, 't'}, {"jobs", required_argument, 0, 'j'},
		{"port", required_argument, 0, 'p'},    {"quiet", no_argument, 0, 'q'},
		{"strict", no_argument, 0, 'S'},        {"only", required_argument, 0, 'O'},        {"help", no_argument, 0, 'h'},
		{"host", required_argument, 0, 'H'},
		{0, 0, 0, 0},
	};
	const char *allowed = build ? "dotjqSOh" : check ? "dSh" : "dotpHh";
	long port = 8080;
	const char *host = NULL;
	optind = 2;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "d:o:t:j:p:qh", longs, NULL)) != -1) {
		if (c == '?' || c == ':')
			return bad_usage("bad option \"%s\"", argv[optind - 1]);
		if (!strchr(allowed, c))
			return bad_usage("option \"%s\" does not apply to this command", argv[optind - 1]);
		char *end;
		switch (c) {
		case 'd': o.data = optarg; break;
		case 'o': o.out = optarg; break;
		case 't': o.templates = optarg; break;
		case 'q': o.quiet = true; break;
		case 'S': o.strict = true; break;
		case 'O':
			if (parse_only(optarg, &o.only) != 0)
				return bad_usage("--only takes downloads, charts or pages, not \"%s\"", optarg);
			break;
		case 'h': printf("%s%s", usage, help); return MB_EXIT_OK;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (*end || o.jobs < 1 || o.jobs > 256)
				return bad_usage("-j needs a number of jobs from 1 to 256, not \"%s\"", optarg);
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || port < 1 || port > 65535)
				return bad_usage("-p needs a port from 1 to 65535, not \"%s\"", optarg);
			break;
		case 'H': host = optarg; break;
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument \"%s\"", argv[optind]);
	if (serve)
		return mb_cmd_serve(&o, (int)port, host);
	return check ? mb_cmd_check(&o) : mb_cmd_build(&o);
}
