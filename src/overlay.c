/* overlay.c - files the loader reads in place of the disk. */
#include "overlay.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct entry {
	char *path;
	char *data;
	size_t len;
};

static struct entry *entries;
static size_t nentries, capentries;

void mb_overlay_set(const char *path, const char *data, size_t len)
{
	for (size_t i = 0; i < nentries; i++) {
		if (strcmp(entries[i].path, path))
			continue;
		free(entries[i].data);
		entries[i].data = mb_xstrndup(data, len);
		entries[i].len = len;
		return;
	}
	struct entry e = {mb_xstrdup(path), mb_xstrndup(data, len), len};
	MB_PUSH(entries, nentries, capentries, e);
}

void mb_overlay_clear(void)
{
	for (size_t i = 0; i < nentries; i++) {
		free(entries[i].path);
		free(entries[i].data);
	}
	free(entries);
	entries = NULL;
	nentries = capentries = 0;
}

const char *mb_overlay_get(const char *path, size_t *len)
{
	for (size_t i = 0; i < nentries; i++) {
		if (!strcmp(entries[i].path, path)) {
			*len = entries[i].len;
			return entries[i].data;
		}
	}
	return NULL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t mb_overlay_list(const char *dir, char ***names, size_t *n, size_t *cap)
{
	size_t dl = strlen(dir), added = 0;
	for (size_t i = 0; i < nentries; i++) {
		const char *p = entries[i].path;
		if (strncmp(p, dir, dl) || p[dl] != '/' || !p[dl + 1])
			continue;
		const char *name = p + dl + 1;
		size_t len = strcspn(name, "/");
		bool seen = false;
		for (size_t k = 0; k < *n && !seen; k++)
			seen = strlen((*names)[k]) == len && !strncmp((*names)[k], name, len);
		if (seen)
			continue;
		char *copy = mb_xstrndup(name, len);
		MB_PUSH(*names, *n, *cap, copy);
		added++;
	}
	if (added)
		qsort(*names, *n, sizeof **names, name_cmp);
	return added;
}
