/* jsonfile.h - reading a data file safely: limits, UTF-8, syntax, duplicate keys. */
#ifndef MB_JSONFILE_H
#define MB_JSONFILE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "indir.h"

/* Limits no real data file comes near; beyond them a file is refused. */
#define MB_MAX_FILE_BYTES ((size_t)256 << 20)
#define MB_MAX_DEPTH 64
#define MB_MAX_STRING_BYTES ((size_t)1 << 20)
/* A Markdown page, and what any Markdown text (a page, a description) may
 * render to: a web page read on a phone stays far below. */
#define MB_MAX_PAGE_BYTES ((size_t)4 << 20)
#define MB_MAX_MARKDOWN_HTML ((size_t)16 << 20)

/*
 * Reads the file rel of the input folder in (see indir.h: no link out of
 * it, no special file) into a NUL-terminated malloc'd buffer, and checks
 * its text with mb_text_check.  Refuses folders, special files, links out
 * and files over MB_MAX_FILE_BYTES.  Problems name the file as
 * "IN/rel".  Returns NULL after reporting the problem.  *missing is set
 * (and nothing reported) when the file does not exist and missing is not
 * NULL, so callers can decide whether that is an error.
 */
char *mb_read_text(const struct mb_indir *in, const char *rel, size_t *len, struct mb_diags *d,
                   int *missing);

/* Checks that len bytes of text are valid UTF-8 without NUL bytes; reports
 * the first problem as PATH:LINE:COL and returns -1, or returns 0. */
int mb_text_check(const char *path, const char *text, size_t len, struct mb_diags *d);

/* A parsed file: the tree lives in an arena of its own, freed at once. */
struct mb_arena;

/*
 * Arenas for cJSON trees built and thrown away in a loop (a page's
 * context): between mb_arena_begin and mb_arena_end every cJSON allocation
 * of the calling thread comes from the arena, cJSON_Delete frees nothing,
 * and mb_arena_end forgets it all at once, keeping memory for the next
 * round.  Nothing allocated inside may be used after mb_arena_end.  Make
 * arenas before starting threads (the first one installs cJSON's hooks).
 */
struct mb_arena *mb_arena_new(void);
void mb_arena_begin(struct mb_arena *a);
void mb_arena_end(struct mb_arena *a);
void mb_arena_free(struct mb_arena *a);
struct mb_jdoc {
	cJSON *root;
	struct mb_arena *arena;
};

/*
 * Parses the JSON text of the file path (len bytes, already checked by
 * mb_text_check): checks nesting depth, string lengths, "\u0000" escapes,
 * then parses with cJSON and reports syntax errors as PATH:LINE:COL and
 * duplicate object keys at their JSON pointer.  Returns 0 and fills doc
 * (free it with mb_jdoc_free, never cJSON_Delete), or -1 after reporting
 * the problem.
 */
int mb_json_parse(const char *path, const char *text, size_t len, struct mb_diags *d,
                  struct mb_jdoc *doc);
/* mb_read_text, then mb_json_parse. */
int mb_json_load(const struct mb_indir *in, const char *rel, struct mb_diags *d, int *missing,
                 struct mb_jdoc *doc);
void mb_jdoc_free(struct mb_jdoc *doc);

/* Appends "/" and the RFC 6901-escaped key to a JSON pointer. */
void mb_ptr_key(mb_buf *ptr, const char *key);
void mb_ptr_index(mb_buf *ptr, size_t i);

#endif
