/* form.h - the form command: a workbook to fill in for a period. */
#ifndef MB_FORM_H
#define MB_FORM_H

struct mb_form_options {
	const char *data;     /* data folder */
	const char *period;   /* "2025-q1" or "2023" */
	const char *out;      /* the workbook to write, or NULL for nhap-lieu-PERIOD.xlsx */
	const char *index;    /* an index id, or NULL for the period's default */
};

/*
 * Writes a data-entry workbook for a period: a "Hướng dẫn" sheet in plain
 * Vietnamese, then for a quarter the service figures in the official
 * form's columns, for a year one sheet per index (or the index asked for),
 * pre-filled with the period's data where it exists.  The workbook records
 * its period and kind in the custom property "minhbach" for import.
 * Returns an exit status (README, "Usage"): 0, 1 invalid data, 2 bad usage, 3 a
 * system error.
 */
int mb_cmd_form(const struct mb_form_options *o);

#endif
