/* overlay.h - files the loader reads in place of the disk: import validates before it writes. */
#ifndef MB_OVERLAY_H
#define MB_OVERLAY_H

#include <stddef.h>

/*
 * import checks a file it is about to write together with the rest of the
 * data folder: it puts the file's bytes here under the path the loader will
 * build for it ("data/periods/2025-q1/services.json"), loads the folder,
 * and writes nothing unless the whole folder is valid.  The loader reads an
 * overlaid file instead of the disk, and lists its name (and the folders
 * leading to it) as if it existed.  Set it up before loading and clear it
 * after: it is not locked, and loading reads it from several threads.
 */
/* Puts a copy of data[0..len) at path, replacing what was there. */
void mb_overlay_set(const char *path, const char *data, size_t len);
void mb_overlay_clear(void);
/* The bytes overlaid at path, or NULL. */
const char *mb_overlay_get(const char *path, size_t *len);
/*
 * Adds to the sorted list names[0..*n) (capacity *cap, malloc'd strings)
 * the entries that overlaid files give the folder dir: a file's name, or
 * the first folder on the way to it.  Keeps the list sorted and without
 * repeats.  Returns how many were added.
 */
size_t mb_overlay_list(const char *dir, char ***names, size_t *n, size_t *cap);

#endif
