/* xlsx_level.c - the zlib level of every workbook libxlsxwriter writes: 2, not its fixed 6. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <xlsxwriter/third_party/zip.h>

#include "i18n.h"

/*
 * libxlsxwriter (1.1.4) deflates each part of a workbook through minizip's
 * zipOpenNewFileInZip4_64 with Z_DEFAULT_COMPRESSION (zlib's level 6) and
 * has no option for the level.  The national all-periods workbook is 304 MB
 * of XML: at level 6 zlib takes 3.9 s of CPU on it, at level 2 1.4 s, for
 * 22% more bytes (41.5 MB instead of 33.9; a period's workbook 26% more,
 * the province's workbooks 17%).  Level 3 saved only half as much time
 * (2.1 times faster) and level 1 cost 29% more bytes.
 *
 * The library reaches minizip through the dynamic linker, so the program
 * defines the function itself, exported from the executable (the Makefile
 * links every program with --export-dynamic-symbol for it), and the call
 * lands here; this forwards to minizip's own, found with RTLD_NEXT, with
 * the level changed.  Every workbook of the program goes through it: the
 * site's downloads and the form command's workbook alike (a few KB, where
 * the level makes no difference worth a second rule).  Only a request for
 * the default level is changed: a library that one day passes a level of
 * its own keeps it.  The bytes stay a function of the XML alone, as zlib's
 * are at any level.
 *
 * If minizip's function cannot be found, the part is refused with minizip's
 * own error code: libxlsxwriter then fails the workbook, and the build with
 * it (a system failure, exit 3), never publishing a partial file.
 */
#define XLSX_ZLEVEL 2

typedef int (*open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                       const void *, uInt, const char *, int, int, int, int, int, int,
                       const char *, uLong, uLong, uLong, int);

static open_fn real_open;
static pthread_once_t found = PTHREAD_ONCE_INIT;

static void find_real_open(void)
{
	void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
	if (!sym) {
		const char *why = dlerror();
		fprintf(stderr, _("minhbach: cannot find %s in the zip library: %s\n"),
		        "zipOpenNewFileInZip4_64", why ? why : "?");
		return;
	}
	real_open = (open_fn)sym;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64)
{
	pthread_once(&found, find_real_open);
	if (!real_open)
		return ZIP_INTERNALERROR;
	if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION)
		level = XLSX_ZLEVEL;
	return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
	                 extrafield_global, size_extrafield_global, comment, method, level, raw,
	                 windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
	                 flagBase, zip64);
}
