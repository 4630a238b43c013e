/* form_priv.h - what the parts of the form command share: formats, rows, cell references. */
#ifndef MB_FORM_PRIV_H
#define MB_FORM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <xlsxwriter.h>

#include "buf.h"
#include "dl.h"
#include "model.h"

/* The formats of the workbook, made once (libxlsxwriter keeps them all). */
struct form_fmts {
	lxw_format *title, *subtitle, *note, *head, *numbers;
	lxw_format *input, *points, *derived, *derived_points, *section, *section_num;
	lxw_format *total, *total_num, *heading, *name, *stt, *id, *bad;
	lxw_format *guide_title, *guide_head, *guide_text, *guide_bold;
};

/* One row of a data sheet below the header. */
enum form_line_kind { LINE_SECTION, LINE_HEADING, LINE_UNIT };
struct form_line {
	enum form_line_kind kind;
	int group;    /* LINE_SECTION */
	int unit;     /* LINE_HEADING (the district), LINE_UNIT */
	int number;   /* STT within the section (units), 0 otherwise */
	int section;  /* for LINE_UNIT: index of its section's line */
};

struct form {
	const struct mb_model *m;
	int p;                    /* the period in m->periods, or -1 when it has no data yet */
	const char *period;       /* "2025-q1" */
	int year, quarter;
	char *label;              /* "Quý I/2025" */
	lxw_workbook *wb;
	struct form_fmts f;
	struct mb_dl_names names;
	struct form_line *lines;  /* units by group, communes under their district */
	size_t nlines;
	/* Per index (m->nindices), per unit: the criteria values the scores
	 * file gives, before compute fills in the sums; NULL where none. */
	struct mb_val ***given;
	bool filled;              /* a sheet was filled in with the period's data */
	bool carried;             /* carried-over files were filled in from the previous quarter */
	bool activated;           /* a data sheet is the one the workbook opens on */
};

/* "A1"-style reference of a 0-based cell, into buf (at least 16 bytes). */
void form_ref(char *buf, lxw_row_t r, lxw_col_t c);
/* Upper case of UTF-8 text ("Sở, ban, ngành" -> "SỞ, BAN, NGÀNH"); caller frees. */
char *form_upper(const char *s);
/* Width of a column that shows text of n characters. */
double form_width(size_t chars);
/* The roman numeral of a section (1 -> "I"). */
const char *form_roman(int n);

/* The sheets (form_services.c, form_index.c). */
void form_services_sheet(struct form *fm);
void form_index_sheet(struct form *fm, int index);

#endif
