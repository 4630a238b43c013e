/* replay.c - runs a fuzz target over files instead of libFuzzer, for the test suite. */
#include <dirent.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replayed;

/* Exactly the bytes of the file, in a block of that size, so that reading
 * past the input is caught; exits when the file cannot be read. */
static uint8_t *read_input(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, k = 1;
	while (f && k > 0) {
		if (len == cap)
			buf = realloc(buf, cap = cap ? cap * 2 : 4096);
		k = fread(buf + len, 1, cap - len, f);
		len += k;
	}
	if (!f || ferror(f)) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(1);
	}
	fclose(f);
	*n = len;
	return realloc(buf, len ? len : 1);
}

static const char *current;

/* A hang is a failure too: an input that runs longer than this ends the
 * replay with its name, where libFuzzer would report a timeout. */
#define INPUT_SECONDS 30

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "timeout: an input ran longer than 30 s: ";
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0 ||
	    write(STDERR_FILENO, current, strlen(current)) < 0 || write(STDERR_FILENO, "\n", 1) < 0)
		_exit(2);
	_exit(1);
}

static void replay_file(const char *path)
{
	size_t n;
	uint8_t *data = read_input(path, &n);
	current = path;
	alarm(INPUT_SECONDS);
	LLVMFuzzerTestOneInput(data, n);
	alarm(0);
	free(data);
	replayed++;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file of a folder (not recursive), in sorted order;
 * a file is replayed as it is when path names one. */
static void replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return; /* no regressions kept for this target yet */
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	DIR *d = opendir(path);
	if (!d)
		return;
	char **names = NULL;
	size_t len = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		names = realloc(names, (len + 1) * sizeof *names);
		names[len++] = strdup(e->d_name);
	}
	closedir(d);
	if (len)
		qsort(names, len, sizeof *names, name_cmp);
	for (size_t i = 0; i < len; i++) {
		char file[4096];
		snprintf(file, sizeof file, "%s/%s", path, names[i]);
		if (stat(file, &st) == 0 && S_ISREG(st.st_mode))
			replay_file(file);
		free(names[i]);
	}
	free(names);
}

/*
 * With arguments, replays those files and folders.  Without, replays the
 * seed corpus and the kept crash inputs of the target named by the
 * program's own name (test_fuzz_NAME).  A crash ends the program (ASan
 * reports it), and so does an input that runs longer than INPUT_SECONDS;
 * otherwise it closes with "N passed, 0 failed".
 */
int main(int argc, char **argv)
{
	signal(SIGALRM, on_alarm);
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			replay_path(argv[i]);
	} else {
		char *self = strdup(argv[0]);
		const char *name = basename(self);
		const char *prefix = "test_fuzz_";
		if (strncmp(name, prefix, strlen(prefix)) == 0)
			name += strlen(prefix);
		char dir[4096];
		snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", name);
		replay_path(dir);
		snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", name);
		replay_path(dir);
		free(self);
		if (replayed == 0) {
			fprintf(stderr, "no seed corpus found: run from the top of the source tree\n");
			printf("0 passed, 1 failed\n");
			return 1;
		}
	}
	printf("%d passed, 0 failed\n", replayed);
	return 0;
}
