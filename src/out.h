/* out.h - writing output files under an output root (the staging folder). */
#ifndef MB_OUT_H
#define MB_OUT_H

#include <stdatomic.h>
#include <stddef.h>

/*
 * An output root.  Renderers write every file through it, by a path
 * relative to the root ("don-vi/so-tu-phap/index.html").  Safe to use from
 * several threads at once.  On a system error the function prints
 * "minhbach: PATH: reason" to stderr, sets `failed`, and returns -1; the
 * build then exits 3.
 */
struct mb_out {
	char *root;
	atomic_size_t files, bytes;
	atomic_int failed;
};

void mb_out_init(struct mb_out *o, const char *root);
void mb_out_release(struct mb_out *o);
/* Writes data to root/rel, creating parent folders. */
int mb_out_write(struct mb_out *o, const char *rel, const void *data, size_t len);
/* Returns root/rel (malloc'd; caller frees) after creating its parent
 * folders, for libraries that open the file themselves (libxlsxwriter).
 * Call mb_out_done() with the same rel once the library closed the file. */
char *mb_out_path(struct mb_out *o, const char *rel);
int mb_out_done(struct mb_out *o, const char *rel);
/* Reports a system error about rel (errno-style reason) and marks failure. */
void mb_out_fail(struct mb_out *o, const char *rel, const char *reason);

#endif
