/* downloads.h - the files under tai-ve/ and the manifest the downloads page lists. */
#ifndef MB_DOWNLOADS_H
#define MB_DOWNLOADS_H

#include <stddef.h>

#include "model.h"
#include "out.h"

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
	char *type;        /* "số nguyên", "số thập phân", "chuỗi", "tỷ lệ" ... */
	char *description; /* Vietnamese */
};

struct mb_downloads {
	struct mb_download *v;  size_t n, cap;   /* sorted by rel */
	struct mb_dict_entry *dict; size_t ndict, dictcap;
};

void mb_downloads_release(struct mb_downloads *d);

/* Writes tai-ve/<period>.json (see json_out.h) and every other download,
 * then fills list.  Returns 0, or -1 after a system error (reported via o). */
int mb_render_downloads(const struct mb_model *m, struct mb_out *o,
                        struct mb_downloads *list);

#endif
