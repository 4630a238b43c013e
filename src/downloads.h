/* downloads.h - the files under tai-ve/ and the manifest the downloads page lists. */
#ifndef MB_DOWNLOADS_H
#define MB_DOWNLOADS_H

#include <stddef.h>

#include "dl_manifest.h"
#include "model.h"
#include "out.h"

/* Writes tai-ve/<period>.json (see json_out.h) and every other download,
 * then fills list.  Returns 0, or -1 after a system error (reported via o). */
int mb_render_downloads(const struct mb_model *m, struct mb_out *o,
                        struct mb_downloads *list);

#endif
