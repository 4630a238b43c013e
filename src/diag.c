/* diag.c - collecting, sorting and printing data problems. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "i18n.h"

void mb_diags_init(struct mb_diags *d)
{
	memset(d, 0, sizeof *d);
}

void mb_diag_clear(struct mb_diag *g)
{
	free(g->file);
	free(g->where);
	free(g->msg);
	free(g->unit);
	g->file = g->where = g->msg = g->unit = NULL;
}

void mb_diags_release(struct mb_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		mb_diag_clear(&d->v[i]);
	free(d->v);
	mb_diags_init(d);
}

/* Past this many problems the rest are counted but not stored: a file of
 * garbage should not produce a million lines. */
#define MAX_STORED 5000

static struct mb_diag *add(struct mb_diags *d, enum mb_severity sev, const char *file,
                           char *where, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (sev == MB_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n >= MAX_STORED) {
		free(where);
		return NULL;
	}
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_vprintf(&b, fmt, ap);
	struct mb_diag g = {
		.sev = sev,
		.file = mb_xstrdup(file),
		.where = where,
		.msg = mb_buf_detach(&b, NULL),
		.line = line,
		.col = col,
	};
	mb_buf_release(&b);
	MB_PUSH(d->v, d->n, d->cap, g);
	return &d->v[d->n - 1];
}

void mb_diag(struct mb_diags *d, enum mb_severity sev, const char *file,
             const char *ptr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, sev, file, mb_xstrdup(ptr ? ptr : ""), 0, 0, fmt, ap);
	va_end(ap);
}

void mb_diag_row(struct mb_diags *d, enum mb_severity sev, const char *file, const char *ptr,
                 size_t pos, const char *unit, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct mb_diag *g = add(d, sev, file, mb_xstrdup(ptr ? ptr : ""), 0, 0, fmt, ap);
	va_end(ap);
	if (g) {
		g->row = pos + 1;
		g->unit = unit ? mb_xstrdup(unit) : NULL;
	}
}

void mb_diag_at(struct mb_diags *d, enum mb_severity sev, const char *file,
                unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, sev, file, NULL, line, col, fmt, ap);
	va_end(ap);
}

void mb_diag_cell(struct mb_diags *d, enum mb_severity sev, const char *file, const char *where,
                  unsigned sheet, unsigned row, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct mb_diag *g = add(d, sev, file, mb_xstrdup(where), row, col, fmt, ap);
	va_end(ap);
	if (g) {
		g->cell = true;
		g->sheet = sheet;
	}
}

/* JSON pointers compare segment by segment, numbers numerically, so that
 * /scores/10 follows /scores/9. */
static int ptr_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long long na = strtoull(a, &ea, 10);
			unsigned long long nb = strtoull(b, &eb, 10);
			if (na != nb)
				return na < nb ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct mb_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);
	if (c)
		return c;
	if (a->cell && b->cell) {
		c = a->sheet != b->sheet ? (a->sheet < b->sheet ? -1 : 1)
		    : a->line != b->line ? (a->line < b->line ? -1 : 1)
		                         : (a->col > b->col) - (a->col < b->col);
	} else if (a->cell != b->cell && a->where && b->where) {
		c = a->cell ? 1 : -1; /* what concerns the whole file first */
	} else if (a->where && b->where) {
		c = ptr_cmp(a->where, b->where);
	} else if (!a->where && !b->where) {
		c = a->line != b->line ? (a->line < b->line ? -1 : 1)
		                       : (a->col > b->col) - (a->col < b->col);
	} else {
		c = a->where ? 1 : -1; /* syntax errors first */
	}
	if (c)
		return c;
	if (a->sev != b->sev)
		return a->sev == MB_ERROR ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

void mb_diags_format(struct mb_diags *d, bool strict, mb_buf *out)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	for (size_t i = 0; i < d->n; i++) {
		const struct mb_diag *g = &d->v[i];
		const char *kind = g->sev == MB_WARNING ? (strict ? _("error (--strict): ") : _("warning: ")) : "";
		if (g->where && g->where[0] && g->row && g->unit)
			mb_buf_printf(out, _("%s: %s (row %zu, %s): %s%s\n"), g->file, g->where, g->row,
			              g->unit, kind, g->msg);
		else if (g->where && g->where[0] && g->row)
			mb_buf_printf(out, _("%s: %s (row %zu): %s%s\n"), g->file, g->where, g->row, kind,
			              g->msg);
		else if (g->where && g->where[0])
			mb_buf_printf(out, "%s: %s: %s%s\n", g->file, g->where, kind, g->msg);
		else if (g->where) /* the whole file: no pointer to give */
			mb_buf_printf(out, "%s: %s%s\n", g->file, kind, g->msg);
		else
			mb_buf_printf(out, "%s:%u:%u: %s%s\n", g->file, g->line, g->col, kind, g->msg);
	}
	size_t total = d->errors + d->warnings;
	if (total > d->n)
		mb_buf_printf(out, _("minhbach: %zu more problems not shown\n"), total - d->n);
}

void mb_diags_print(struct mb_diags *d, bool strict)
{
	mb_buf b;
	mb_buf_init(&b);
	mb_diags_format(d, strict, &b);
	fputs(b.data, stderr);
	mb_buf_release(&b);
}

bool mb_diags_failed(const struct mb_diags *d, bool strict)
{
	return d->errors > 0 || (strict && d->warnings > 0);
}

void mb_diags_counts(const struct mb_diags *d, mb_buf *out)
{
	mb_buf_printf(out, P_("%zu error", "%zu errors", d->errors), d->errors);
	mb_buf_puts(out, ", ");
	mb_buf_printf(out, P_("%zu warning", "%zu warnings", d->warnings), d->warnings);
}
