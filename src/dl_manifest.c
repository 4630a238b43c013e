/* dl_manifest.c - the list of download files and the date each period's files carry. */
#include "dl_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void mb_downloads_release(struct mb_downloads *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].rel);
		free(d->v[i].format);
		free(d->v[i].period);
		free(d->v[i].title);
	}
	for (size_t i = 0; i < d->ndict; i++) {
		free(d->dict[i].table);
		free(d->dict[i].column);
		free(d->dict[i].type);
		free(d->dict[i].description);
	}
	free(d->v);
	free(d->dict);
	memset(d, 0, sizeof *d);
}

void mb_dl_list_add(struct mb_downloads *d, const char *rel, const char *format,
                    const char *period, const char *title, size_t size, const char *sha)
{
	struct mb_download e = {mb_xstrdup(rel), mb_xstrdup(format),
	                        period ? mb_xstrdup(period) : NULL, mb_xstrdup(title), size,
	                        {0}};
	memcpy(e.sha256, sha, 65);
	MB_PUSH(d->v, d->n, d->cap, e);
}

void mb_dl_period_date(const struct mb_model *m, size_t p, char out[11])
{
	const struct mb_period *per = &m->periods[p];
	if (per->published && strlen(per->published) == 10) {
		memcpy(out, per->published, 11);
		return;
	}
	static const char *const ends[] = {"12-31", "03-31", "06-30", "09-30", "12-31"};
	int q = per->quarter >= 1 && per->quarter <= 4 ? per->quarter : 0;
	snprintf(out, 11, "%04u-%s", (unsigned)per->year % 10000u, ends[q]);
}
