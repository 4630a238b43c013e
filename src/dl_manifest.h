/* dl_manifest.h - the list of download files and their dictionary, which every download writer adds to. */
#ifndef MB_DL_MANIFEST_H
#define MB_DL_MANIFEST_H

#include <stddef.h>

#include "model.h"

/* One published download file. */
struct mb_download {
	char *rel;        /* path under OUT: "tai-ve/2023.xlsx" */
	char *format;     /* "XLSX", "CSV", "JSON" */
	char *period;     /* period id, or NULL for a file covering all periods */
	char *title;      /* Vietnamese: what it holds */
	size_t size;      /* bytes */
	char sha256[65];  /* lower-case hex */
};

/* One column of the data dictionary (shown on the downloads page and in the
 * "Giải thích" sheet). */
struct mb_dict_entry {
	char *table;       /* which files: "Bảng xếp hạng", "Dịch vụ công", ... */
	char *column;      /* column name as in the CSV header */
	char *type;        /* "số nguyên", "số thập phân", "chuỗi", "phần trăm" ... */
	char *description; /* Vietnamese */
};

/* The files under tai-ve/ and the dictionary of their columns. */
struct mb_downloads {
	struct mb_download *v;  size_t n, cap;   /* sorted by rel once complete */
	struct mb_dict_entry *dict; size_t ndict, dictcap;
};

void mb_downloads_release(struct mb_downloads *d);

/* Adds a file to the list (strings copied). */
void mb_dl_list_add(struct mb_downloads *d, const char *rel, const char *format,
                    const char *period, const char *title, size_t size, const char *sha);

/* The date a period's files carry: its publication date, else its last day.
 * Writes YYYY-MM-DD into out (11 bytes). */
void mb_dl_period_date(const struct mb_model *m, size_t p, char out[11]);

#endif
