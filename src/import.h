/* import.h - the import command: spreadsheets into the data folder. */
#ifndef MB_IMPORT_H
#define MB_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

struct mb_import_options {
	const char *data;     /* data folder */
	const char *period;   /* --period, or NULL: the workbook's property */
	const char *index;    /* --index, or NULL: the property or the headers */
	bool dry_run;         /* print what would change, write nothing */
	const char *published; /* --published YYYY-MM-DD, or NULL: the replaced file's date */
};

/*
 * Reads each file (.xlsx or .csv), finds the table of service figures or
 * index scores on it, and turns it into DATA/periods/PERIOD/services.json
 * or DATA/periods/PERIOD/<index>.json.  The files are validated together
 * with the rest of the data folder before anything is written; every
 * problem is printed located by cell.  Then each file is written
 * atomically, and what changed against the file it replaces is printed.
 * Returns an exit status (README, "Usage").
 */
int mb_cmd_import(const struct mb_import_options *o, char *const *files, size_t nfiles);

#endif
