/* main.c - the minhbach command line (SPEC §1). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "buf.h"
#include "build.h"
#include "draft.h"
#include "form.h"
#include "i18n.h"
#include "import.h"
#include "indir.h"
#include "serve.h"

#define MB_VERSION "0.1.0"

static const char usage[] = N_(
	"usage: minhbach build  [-d DATA] [-o OUT] [-t TEMPLATES] [-j JOBS] [-q] [--strict]\n"
	"       minhbach check  [-d DATA] [--strict]\n"
	"       minhbach serve  [-d DATA] [-o OUT] [-t TEMPLATES] [-p PORT] [--host ADDR]\n"
	"       minhbach draft  PERIOD [-d DATA] [-t TEMPLATES]\n"
	"       minhbach form   PERIOD [-d DATA] [-o FILE.xlsx] [--index ID]\n"
	"       minhbach import FILE.xlsx|FILE.csv... [-d DATA] [--period PERIOD] [--index ID]\n"
	"                       [--published DATE] [--dry-run]\n"
	"       minhbach --help | --version\n");

static const char help[] = N_(
	"\n"
	"minhbach turns a folder of administrative-reform (CCHC) data into a static,\n"
	"public web site: rankings, each unit's results and procedures, charts and\n"
	"spreadsheets to download.\n"
	"\n"
	"commands:\n"
	"  build   validate DATA, then generate the site into OUT (atomically)\n"
	"  check   validate DATA and report every problem; write nothing\n"
	"  serve   build into a preview folder of its own (OUT only with -o), serve it on\n"
	"          http://127.0.0.1:PORT/ and rebuild on every change; never publishes\n"
	"  draft   write a draft press release of PERIOD into DATA/pages/ket-qua-PERIOD.md\n"
	"          (\"draft: true\": not published until that line is removed)\n"
	"  form    write a workbook to fill in for PERIOD (2025-q1: service figures;\n"
	"          2023: index scores), named nhap-lieu-PERIOD.xlsx unless -o is given\n"
	"  import  read filled-in workbooks or CSV files into DATA/periods/PERIOD/,\n"
	"          after checking them with the rest of DATA; prints what changed\n"
	"\n"
	"options:\n"
	"  -d, --data DATA           data folder (default: data)\n"
	"  -o, --out OUT             output folder (default: site); for form, the workbook\n"
	"  -t, --templates TEMPLATES templates folder (default: templates, or the installed\n"
	"                            ones when there is no templates folder here)\n"
	"  -j, --jobs JOBS           parallel jobs (default: number of CPUs)\n"
	"  -p, --port PORT           preview port (default: 8080)\n"
	"      --host ADDR           preview address (default: 127.0.0.1, this computer only)\n"
	"  -q, --quiet               print only problems\n"
	"      --only LIST           build only these outputs: downloads, charts, pages\n"
	"                            (comma-separated; merged into the site in OUT)\n"
	"      --strict              treat warnings as errors\n"
	"      --period PERIOD       import: the period of the figures (a form workbook knows it)\n"
	"      --index ID            form, import: the index of the scores\n"
	"      --published DATE      import: the figures' publication date (YYYY-MM-DD);\n"
	"                            by default the date of the file they replace\n"
	"  -n, --dry-run             import: print what would change, write nothing\n"
	"  -h, --help                show this help\n"
	"  -V, --version             show the version\n"
	"\n"
	"language: Vietnamese when site.json says \"language\": \"vi\" or LANGUAGE, LC_ALL,\n"
	"  LC_MESSAGES or LANG starts with vi; LANGUAGE=en for English\n"
	"\n"
	"exit status: 0 success, 1 invalid data (nothing published),\n"
	"             2 bad usage, 3 system or I/O failure\n");

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "minhbach: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", _(usage));
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

/*
 * Without -t: ./templates, as in the project's folder; where there is none,
 * the templates installed beside the program (make install puts them in
 * PREFIX/share/minhbach/templates, the program in PREFIX/bin).
 */
static const char *default_templates(void)
{
	static char dir[PATH_MAX + 64];
	struct stat st;
	if (stat("templates", &st) == 0 || errno != ENOENT)
		return "templates";
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return "templates";
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return "templates";
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../share/minhbach/templates", exe);
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? dir : "templates";
}

/*
 * The language site.json asks for, read first thing: a usage error, the
 * help, serve's first line and a missing templates folder come before the
 * loader reads site.json, and are in the data's language all the same
 * (i18n.h: a choice in the environment still wins).  DATA is found in the
 * arguments as getopt will find it; site.json is read as the loader reads
 * it (inside DATA, a regular file), and any problem with it is left to the
 * loader to report.
 */
static void data_language(int argc, char **argv)
{
	const char *data = "data";
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		if ((!strcmp(a, "-d") || !strcmp(a, "--data")) && i + 1 < argc)
			data = argv[++i];
		else if (!strncmp(a, "--data=", 7))
			data = a + 7;
		else if (!strncmp(a, "-d", 2) && a[2])
			data = a + 2;
	}
	struct mb_indir in;
	if (mb_indir_open(&in, data, NULL) != 0) {
		mb_indir_close(&in);
		return;
	}
	mb_buf b;
	mb_buf_init(&b);
	size_t size;
	if (mb_indir_read(&in, "site.json", 1u << 20, &b, &size) == MB_IN_OK) {
		cJSON *root = cJSON_ParseWithLength(b.data, b.len);
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(root, "language");
		if (cJSON_IsString(l))
			mb_i18n_site_language(l->valuestring);
		cJSON_Delete(root);
	}
	mb_buf_release(&b);
	mb_indir_close(&in);
}

static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/*
 * A build frees and asks again for blocks of the same few sizes thousands
 * of times: every chart's pixel rows and PNG buffers (up to tens of MB for
 * a large group's ranking), every workbook's rows.  glibc by default maps a
 * block over its adaptive threshold afresh each time and returns a free
 * heap top over twice that threshold to the kernel, so the next chart
 * faults its pages in again.  Fixing the thresholds (32 MiB, glibc's
 * largest on 64-bit, for a mapping of its own; 256 MiB of free heap top
 * kept) reuses the memory instead: a sample build takes a third fewer page
 * faults and 2-7% less time, a national one 2% less with the same peak
 * memory (alternated runs).  Both must be set: setting one turns off the
 * adaptation of the other, and either alone made a sample build twice as
 * slow.  serve gives the memory back after each build (malloc_trim).
 */
static void keep_freed_memory(void)
{
	if (mallopt(M_MMAP_THRESHOLD, 32 << 20))
		mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

int main(int argc, char **argv)
{
	/* Past a file size limit, let writes fail with EFBIG (reported, exit 3)
	 * instead of the signal killing the build half-way. */
	signal(SIGXFSZ, SIG_IGN);
	keep_freed_memory();
	mb_i18n_init();
	data_language(argc, argv);
	struct mb_options o = {
		.data = "data", .out = "site", .templates = default_templates(), .jobs = default_jobs(),
	};
	if (argc < 2)
		return bad_usage("%s", _("no command given"));
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		printf("%s%s", _(usage), _(help));
		return MB_EXIT_OK;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("minhbach %s\n", MB_VERSION);
		return MB_EXIT_OK;
	}
	bool build = !strcmp(cmd, "build"), check = !strcmp(cmd, "check"), serve = !strcmp(cmd, "serve");
	bool form = !strcmp(cmd, "form"), import = !strcmp(cmd, "import"), draft = !strcmp(cmd, "draft");
	if (!build && !check && !serve && !form && !import && !draft)
		return bad_usage(_("unknown command \"%s\""), cmd);
	static const struct option longs[] = {
		{"data", required_argument, 0, 'd'},    {"out", required_argument, 0, 'o'},
		{"templates", required_argument, 0, 't'}, {"jobs", required_argument, 0, 'j'},
		{"port", required_argument, 0, 'p'},    {"quiet", no_argument, 0, 'q'},
		{"strict", no_argument, 0, 'S'},        {"only", required_argument, 0, 'O'},        {"help", no_argument, 0, 'h'},
		{"host", required_argument, 0, 'H'},    {"period", required_argument, 0, 'P'},
		{"index", required_argument, 0, 'I'},   {"dry-run", no_argument, 0, 'n'},
		{"published", required_argument, 0, 'B'},
		{0, 0, 0, 0},
	};
	const char *allowed = build ? "dotjqSOh" : check ? "dSh" : serve ? "dotpHh" : form ? "doIh"
	                    : draft ? "dth" : "dPInBh";
	long port = 8080;
	const char *host = NULL, *period = NULL, *index = NULL, *form_out = NULL, *published = NULL;
	bool dry_run = false;
	optind = 2;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "d:o:t:j:p:qhn", longs, NULL)) != -1) {
		if (c == '?' || c == ':')
			return bad_usage(_("bad option \"%s\""), argv[optind - 1]);
		if (!strchr(allowed, c))
			return bad_usage(_("option \"%s\" does not apply to this command"), argv[optind - 1]);
		char *end;
		switch (c) {
		case 'd': o.data = optarg; break;
		case 'o': o.out = form_out = optarg; break;
		case 't': o.templates = optarg; break;
		case 'q': o.quiet = true; break;
		case 'S': o.strict = true; break;
		case 'P': period = optarg; break;
		case 'I': index = optarg; break;
		case 'n': dry_run = true; break;
		case 'B': published = optarg; break;
		case 'O':
			if (parse_only(optarg, &o.only) != 0)
				return bad_usage(_("--only takes downloads, charts or pages, not \"%s\""), optarg);
			break;
		case 'h': printf("%s%s", _(usage), _(help)); return MB_EXIT_OK;
		case 'j':
			o.jobs = (int)strtol(optarg, &end, 10);
			if (*end || o.jobs < 1 || o.jobs > 256)
				return bad_usage(_("-j needs a number of jobs from 1 to 256, not \"%s\""), optarg);
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end || port < 1 || port > 65535)
				return bad_usage(_("-p needs a port from 1 to 65535, not \"%s\""), optarg);
			break;
		case 'H': host = optarg; break;
		}
	}
	if (form) {
		if (argc - optind != 1)
			return bad_usage("%s", argc == optind ? _("form needs the period to fill in, like "
			                 "\"minhbach form 2025-q1\"") : _("form takes one period"));
		struct mb_form_options fo = {o.data, argv[optind], form_out, index};
		return mb_cmd_form(&fo);
	}
	if (draft) {
		if (argc - optind != 1)
			return bad_usage("%s", argc == optind ? _("draft needs the period to write about, like "
			                 "\"minhbach draft 2024-q4\"") : _("draft takes one period"));
		return mb_cmd_draft(&o, argv[optind]);
	}
	if (import) {
		if (argc == optind)
			return bad_usage("%s", _("import needs the workbooks or CSV files to read, like "
			                 "\"minhbach import bao-cao-quy-1.xlsx\""));
		struct mb_import_options io = {o.data, period, index, dry_run, published};
		return mb_cmd_import(&io, argv + optind, (size_t)(argc - optind));
	}
	if (optind < argc)
		return bad_usage(_("unexpected argument \"%s\""), argv[optind]);
	if (serve) {
		/* The preview builds into a folder of its own unless -o names one. */
		if (!form_out)
			o.out = NULL;
		return mb_cmd_serve(&o, (int)port, host);
	}
	return check ? mb_cmd_check(&o) : mb_cmd_build(&o, NULL);
}
