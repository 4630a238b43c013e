/* sheet_xlsx.c - an .xlsx workbook read: the zip through libzip, its XML parts streamed through expat. */
#include <expat.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>
#include <zip.h>

#include "alloc.h"
#include "buf.h"
#include "i18n.h"
#include "sheet_priv.h"

/*
 * A workbook is a zip archive of XML parts (Office Open XML, ECMA-376):
 * _rels/.rels names the workbook part; the workbook lists its sheets, in
 * order, each pointing through the workbook's own relationships to its
 * part; the shared strings part holds the text that cells refer to by
 * number.  Part names are never assumed ("sheet1.xml"): every producer
 * (Excel, LibreOffice, openpyxl, Google Sheets, the .NET SDK) names and
 * prefixes them its own way, so elements are matched by namespace and
 * local name, for both the Transitional and the Strict namespaces.
 *
 * Each part is inflated in blocks and fed to expat as it comes, so memory
 * holds the cells read, never a whole part.  Inflated bytes are counted as
 * they arrive: the sizes the zip declares are not trusted.
 */

/* One part inflated (a national sheet is about 10 MB of XML). */
#define XLSX_MAX_PART_BYTES ((uint64_t)128 << 20)
/* All the parts read from one workbook. */
#define XLSX_MAX_TOTAL_BYTES ((uint64_t)512 << 20)
/* Elements open at once (a sheet nests about 6 deep; expat keeps its own
 * stack, so this only bounds memory). */
#define XLSX_MAX_DEPTH 256
/* Bytes inflated and parsed at a time. */
#define XLSX_BLOCK 65536

/* expat joins a namespace and a local name with this; it cannot occur in
 * an XML name or in a namespace name. */
#define NS_SEP '\x01'

enum ns { NS_NONE, NS_OTHER, NS_MAIN, NS_R, NS_PKG, NS_CUSTOM, NS_VT };

static const struct {
	enum ns ns;
	const char *uri;
} NAMESPACES[] = {
	{NS_MAIN, "http://schemas.openxmlformats.org/spreadsheetml/2006/main"},
	{NS_MAIN, "http://purl.oclc.org/ooxml/spreadsheetml/main"},
	{NS_R, "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
	{NS_R, "http://purl.oclc.org/ooxml/officeDocument/relationships"},
	{NS_PKG, "http://schemas.openxmlformats.org/package/2006/relationships"},
	{NS_CUSTOM, "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"},
	{NS_CUSTOM, "http://purl.oclc.org/ooxml/officeDocument/customProperties"},
	{NS_VT, "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"},
	{NS_VT, "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"},
};

/* The namespace of an expat name ("URI\1local" or "local"), and its local part. */
static enum ns ns_of(const char *name, const char **local)
{
	const char *sep = strchr(name, NS_SEP);
	if (!sep) {
		*local = name;
		return NS_NONE;
	}
	*local = sep + 1;
	size_t n = (size_t)(sep - name);
	for (size_t i = 0; i < sizeof NAMESPACES / sizeof NAMESPACES[0]; i++)
		if (strlen(NAMESPACES[i].uri) == n && memcmp(NAMESPACES[i].uri, name, n) == 0)
			return NAMESPACES[i].ns;
	return NS_OTHER;
}

/* The value of attribute ns:local, or NULL. */
static const char *attr(const char **atts, enum ns ns, const char *local)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *l;
		if (ns_of(atts[i], &l) == ns && strcmp(l, local) == 0)
			return atts[i + 1];
	}
	return NULL;
}

/* A relationship type: the Transitional or the Strict URI ending in name. */
static bool rel_type_is(const char *type, const char *name)
{
	static const char *const bases[] = {
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
		"http://purl.oclc.org/ooxml/officeDocument/relationships/",
	};
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(bases[i]);
		if (strncmp(type, bases[i], k) == 0 && strcmp(type + k, name) == 0)
			return true;
	}
	return false;
}

/* ---- the workbook and its parts -------------------------------------------- */

struct xlsx {
	struct mb_book *book;
	struct sheet_mem *mem;
	struct mb_diags *d;
	const char *file;
	zip_t *za;
	uint64_t total; /* bytes inflated, all parts */
	bool fatal;     /* a limit was passed: read no more */
};

struct part;
typedef void (*start_fn)(struct part *p, enum ns ns, const char *local, const char **atts);
typedef void (*end_fn)(struct part *p, enum ns ns, const char *local);
typedef void (*text_fn)(struct part *p, const char *s, size_t n);

/* One XML part being parsed, and what its reader does with the elements. */
struct part {
	struct xlsx *x;
	const char *entry; /* its name in the zip: "xl/worksheets/sheet1.xml" */
	const char *sheet; /* the sheet it holds, for messages, or NULL */
	XML_Parser xp;
	unsigned depth;
	bool stopped; /* a handler reported a problem and stopped the parser */
	start_fn start;
	end_fn end;
	text_fn text;
	void *ctx;
};

static void part_stop(struct part *p)
{
	if (!p->stopped) {
		p->stopped = true;
		XML_StopParser(p->xp, XML_FALSE);
	}
}

/* "xl/worksheets/sheet1.xml:12:40", where the parser is.  Caller frees. */
static char *part_where(struct part *p)
{
	return mb_strf("%s:%lu:%lu", p->entry, (unsigned long)XML_GetCurrentLineNumber(p->xp),
	               (unsigned long)XML_GetCurrentColumnNumber(p->xp) + 1);
}

/* A problem at the parser's place in the part. */
static void part_error(struct part *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void part_error(struct part *p, const char *fmt, ...)
{
	char *where = part_where(p);
	va_list ap;
	va_start(ap, fmt);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	mb_diag(p->x->d, MB_ERROR, p->x->file, where, "%s", b.data);
	mb_buf_release(&b);
	free(where);
}

/* A budget passed: said once, and nothing more is read. */
static void part_over(struct part *p)
{
	if (!p->x->fatal) {
		char *where = p->sheet ? mb_cell_where(p->sheet, 0, SIZE_MAX) : mb_xstrdup(p->entry);
		mb_diag(p->x->d, MB_ERROR, p->x->file, where, "%s", sheet_limit_msg(p->x->mem));
		free(where);
	}
	p->x->fatal = true;
	part_stop(p);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct part *p = ud;
	if (++p->depth > XLSX_MAX_DEPTH) {
		part_error(p, _("the XML nests more than %d elements deep: the workbook is damaged; "
		                "open it in Excel or LibreOffice and save it again"),
		           XLSX_MAX_DEPTH);
		part_stop(p);
		return;
	}
	const char *local;
	enum ns ns = ns_of(name, &local);
	if (p->start)
		p->start(p, ns, local, atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct part *p = ud;
	p->depth--;
	const char *local;
	enum ns ns = ns_of(name, &local);
	if (p->end)
		p->end(p, ns, local);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int n)
{
	struct part *p = ud;
	if (p->text && n > 0)
		p->text(p, s, (size_t)n);
}

/* No part of a workbook has a DOCTYPE; refusing it refuses every entity
 * trick (billion laughs, external entities) before it starts. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	struct part *p = ud;
	part_error(p, "%s", _("the XML has a DOCTYPE declaration, which no workbook has: the file "
	                      "is damaged or was not written by a spreadsheet program"));
	part_stop(p);
}

/* The "why" of a zip error, in words a press officer can act on. */
static const char *zip_problem(int code)
{
	switch (code) {
	case ZIP_ER_CRC:
		return _("its checksum is wrong");
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
	case ZIP_ER_EOF:
		return _("its compressed data is damaged or cut short");
	case ZIP_ER_COMPNOTSUPP:
		return _("it is compressed with a method spreadsheet programs do not use");
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return _("it is encrypted");
	default:
		return _("the zip archive is damaged");
	}
}

enum { PART_ABSENT = 0, PART_READ = 1, PART_FAILED = -1 };

static int zip_read_error(struct part *p, zip_error_t *ze)
{
	if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
		mb_die("out of memory reading %s", p->x->file);
	mb_diag(p->x->d, MB_ERROR, p->x->file, p->entry,
	        _("this part of the workbook cannot be read: %s (%s); open the workbook in Excel or "
	          "LibreOffice and save it again, or get the file again"),
	        zip_problem(zip_error_code_zip(ze)), zip_error_strerror(ze));
	return PART_FAILED;
}

/* Counts n more inflated bytes; false after reporting a passed limit. */
static bool count_bytes(struct part *p, uint64_t *part_bytes, size_t n)
{
	*part_bytes += n;
	p->x->total += n;
	if (*part_bytes <= XLSX_MAX_PART_BYTES && p->x->total <= XLSX_MAX_TOTAL_BYTES)
		return true;
	if (*part_bytes > XLSX_MAX_PART_BYTES)
		mb_diag(p->x->d, MB_ERROR, p->x->file, p->entry,
		        _("this part of the workbook inflates to more than %d MB, far more than any "
		          "report form (a national one is about 10 MB): the file is damaged or built "
		          "to exhaust memory (a \"zip bomb\"), and was not read further"),
		        (int)(XLSX_MAX_PART_BYTES >> 20));
	else
		mb_diag(p->x->d, MB_ERROR, p->x->file, p->entry,
		        _("the workbook's parts inflate to more than %d MB in all, far more than any "
		          "report form: the file is damaged or built to exhaust memory (a \"zip "
		          "bomb\"), and was not read further"),
		        (int)(XLSX_MAX_TOTAL_BYTES >> 20));
	p->x->fatal = true;
	return false;
}

/* Feeds the zip entry to expat block by block; the parse error, if any,
 * is reported with the entry and LINE:COL. */
static int parse_entry(struct part *p, zip_file_t *zf)
{
	uint64_t part_bytes = 0;
	for (;;) {
		void *buf = XML_GetBuffer(p->xp, XLSX_BLOCK);
		if (!buf)
			mb_die("out of memory parsing %s", p->x->file);
		zip_int64_t n = zip_fread(zf, buf, XLSX_BLOCK);
		if (n < 0)
			return zip_read_error(p, zip_file_get_error(zf));
		if (!count_bytes(p, &part_bytes, (size_t)n))
			return PART_FAILED;
		if (XML_ParseBuffer(p->xp, (int)n, n == 0) == XML_STATUS_OK) {
			if (n == 0)
				return PART_READ;
			continue;
		}
		if (p->stopped)
			return PART_FAILED;
		enum XML_Error e = XML_GetErrorCode(p->xp);
		if (e == XML_ERROR_NO_MEMORY)
			mb_die("out of memory parsing %s", p->x->file);
		if (p->sheet)
			part_error(p, _("malformed XML in the part that holds sheet '%s' (%s): the "
			                "workbook is damaged; open it in Excel or LibreOffice and save it "
			                "again"),
			           p->sheet, XML_ErrorString(e));
		else
			part_error(p, _("malformed XML (%s): the workbook is damaged; open it in Excel "
			                "or LibreOffice and save it again"),
			           XML_ErrorString(e));
		return PART_FAILED;
	}
}

/*
 * Reads the part named entry through p's handlers.  A part that is not in
 * the zip is PART_ABSENT (the caller decides whether that is a problem);
 * a damaged one is reported and PART_FAILED.
 */
static int read_part(struct part *p)
{
	struct xlsx *x = p->x;
	if (x->fatal)
		return PART_FAILED;
	zip_int64_t idx = zip_name_locate(x->za, p->entry, ZIP_FL_NOCASE);
	if (idx < 0)
		return PART_ABSENT;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		mb_diag(x->d, MB_ERROR, x->file, p->entry, "%s",
		        _("this part of the workbook is encrypted; save the workbook without a "
		          "password"));
		return PART_FAILED;
	}
	zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!zf)
		return zip_read_error(p, zip_get_error(x->za));
	p->xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!p->xp)
		mb_die("out of memory creating an XML parser");
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	int rc = parse_entry(p, zf);
	XML_ParserFree(p->xp);
	p->xp = NULL;
	zip_fclose(zf);
	return rc;
}

/* ---- text inside parts ---------------------------------------------------------- */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The code unit of "_xHHHH_" at s[0..n), or -1. */
static long x_escape(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		int h = hex(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/*
 * OOXML writes characters that XML cannot carry (line feeds kept as such,
 * control characters) as "_xHHHH_", and a literal "_x" as "_x005F_x";
 * UTF-16 surrogate pairs come as two escapes.  Escapes that make no
 * character (NUL, a lone surrogate) are kept as written.
 */
static void unescape_x(const char *s, size_t n, mb_buf *out)
{
	mb_buf_reset(out);
	size_t i = 0;
	while (i < n) {
		const char *u = memchr(s + i, '_', n - i);
		if (!u) {
			mb_buf_put(out, s + i, n - i);
			break;
		}
		size_t at = (size_t)(u - s);
		mb_buf_put(out, s + i, at - i);
		i = at;
		long cp = x_escape(s + i, n - i);
		size_t used = 7;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			long lo = x_escape(s + i + 7, n - i - 7); /* n - i >= 7 here */
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				used = 14;
			} else {
				cp = -1;
			}
		}
		if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			mb_buf_putc(out, '_');
			i++;
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
		mb_buf_put(out, enc, (size_t)k);
		i += used;
	}
}

/* Appends n bytes to buf unless that makes a text longer than a cell's
 * limit; then sets *too_long instead. */
static void capture(mb_buf *buf, const char *s, size_t n, bool *too_long)
{
	if (*too_long || buf->len + n > MB_SHEET_MAX_CELL_BYTES)
		*too_long = true;
	else
		mb_buf_put(buf, s, n);
}

/* ---- relationships (the .rels parts) ---------------------------------------------- */

struct rel {
	char *id, *type, *target; /* target resolved to a zip entry name */
};

struct rels {
	const char *base; /* folder of the source part, with its '/' ("xl/"), or "" */
	struct rel *v;
	size_t n, cap;
};

static void rels_release(struct rels *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].type);
		free(r->v[i].target);
	}
	free(r->v);
}

/* Percent-decoded, the part name that target (relative to base, or from
 * the root with a leading '/') points to: "../" and "./" resolved. */
static char *resolve(const char *base, const char *target)
{
	mb_buf path;
	mb_buf_init(&path);
	if (target[0] != '/')
		mb_buf_puts(&path, base);
	for (const char *s = target; *s; s++) {
		int h1, h2;
		if (s[0] == '%' && (h1 = hex(s[1])) >= 0 && (h2 = hex(s[2])) >= 0) {
			mb_buf_putc(&path, (char)(h1 * 16 + h2));
			s += 2;
		} else {
			mb_buf_putc(&path, *s);
		}
	}
	/* Segments, with "." dropped and ".." taking one back. */
	mb_buf out;
	mb_buf_init(&out);
	size_t *starts = mb_xmalloc((path.len + 1) * sizeof *starts);
	size_t depth = 0;
	char *save = NULL;
	for (char *seg = strtok_r(path.data, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (depth > 0)
				out.len = starts[--depth];
			continue;
		}
		starts[depth++] = out.len;
		if (out.len)
			mb_buf_putc(&out, '/');
		mb_buf_puts(&out, seg);
	}
	out.data[out.len] = '\0';
	free(starts);
	mb_buf_release(&path);
	char *name = mb_buf_detach(&out, NULL);
	mb_buf_release(&out);
	return name;
}

static void rels_start(struct part *p, enum ns ns, const char *local, const char **atts)
{
	struct rels *r = p->ctx;
	if (ns != NS_PKG || strcmp(local, "Relationship") != 0)
		return;
	const char *id = attr(atts, NS_NONE, "Id");
	const char *type = attr(atts, NS_NONE, "Type");
	const char *target = attr(atts, NS_NONE, "Target");
	const char *mode = attr(atts, NS_NONE, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (r->n >= MB_SHEET_MAX_SHEETS * 4) {
		part_error(p, "%s", _("the workbook has too many relationships: it is damaged"));
		part_stop(p);
		return;
	}
	struct rel rel = {mb_xstrdup(id), mb_xstrdup(type), resolve(r->base, target)};
	MB_PUSH(r->v, r->n, r->cap, rel);
}

/* The rels part of the part named entry: "xl/_rels/workbook.xml.rels". */
static char *rels_name(const char *entry)
{
	const char *slash = strrchr(entry, '/');
	if (!slash)
		return mb_strf("_rels/%s.rels", entry);
	return mb_strf("%.*s/_rels/%s.rels", (int)(slash - entry), entry, slash + 1);
}

static int read_rels(struct xlsx *x, const char *entry, struct rels *r)
{
	char *name = rels_name(entry);
	const char *slash = strrchr(entry, '/');
	char *base = slash ? mb_xstrndup(entry, (size_t)(slash - entry + 1)) : mb_xstrdup("");
	memset(r, 0, sizeof *r);
	r->base = base;
	struct part p = {.x = x, .entry = name, .start = rels_start, .ctx = r};
	int rc = read_part(&p);
	r->base = NULL;
	free(base);
	free(name);
	return rc;
}

static const struct rel *rel_by_id(const struct rels *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0)
			return &r->v[i];
	return NULL;
}

static const struct rel *rel_by_type(const struct rels *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (rel_type_is(r->v[i].type, name))
			return &r->v[i];
	return NULL;
}

/* ---- the workbook part: sheets in order ---------------------------------------- */

struct wb_sheet {
	char *name; /* NFC, in the arena */
	char *rid;
	bool hidden;
};

struct wb {
	struct wb_sheet *v;
	size_t n, cap;
	bool in_sheets;
};

static void wb_start(struct part *p, enum ns ns, const char *local, const char **atts)
{
	struct wb *w = p->ctx;
	if (ns != NS_MAIN)
		return;
	if (strcmp(local, "sheets") == 0) {
		w->in_sheets = true;
		return;
	}
	if (!w->in_sheets || strcmp(local, "sheet") != 0)
		return;
	const char *name = attr(atts, NS_NONE, "name");
	const char *rid = attr(atts, NS_R, "id");
	const char *state = attr(atts, NS_NONE, "state");
	if (!name || !*name || !rid) {
		part_error(p, "%s", _("a sheet of the workbook has no name or no part: the workbook "
		                      "is damaged; open it in Excel or LibreOffice and save it again"));
		return;
	}
	if (w->n == MB_SHEET_MAX_SHEETS) {
		part_error(p, _("the workbook has more than %d sheets; keep only the report's sheets"),
		           MB_SHEET_MAX_SHEETS);
		part_stop(p);
		return;
	}
	char *nfc;
	size_t bad;
	enum sheet_text_status st = sheet_text(p->x->mem, name, strlen(name), &nfc, &bad);
	if (st == SHEET_TEXT_OVER) {
		part_over(p);
		return;
	}
	if (st != SHEET_TEXT_OK || !nfc) {
		part_error(p, "%s", _("a sheet's name is not valid text: the workbook is damaged"));
		return;
	}
	struct wb_sheet s = {nfc, mb_xstrdup(rid),
	                     state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"))};
	MB_PUSH(w->v, w->n, w->cap, s);
}

static void wb_end(struct part *p, enum ns ns, const char *local)
{
	struct wb *w = p->ctx;
	if (ns == NS_MAIN && strcmp(local, "sheets") == 0)
		w->in_sheets = false;
}

/* ---- shared strings ------------------------------------------------------------- */

struct sst {
	char **v; /* in the arena; NULL for "" */
	size_t n, cap;
	mb_buf text, tmp;
	bool in_si, in_t, too_long;
	unsigned rph; /* inside phonetic runs (<rPh>), whose text is not the cell's */
};

static void sst_start(struct part *p, enum ns ns, const char *local, const char **atts)
{
	(void)atts;
	struct sst *s = p->ctx;
	if (ns != NS_MAIN)
		return;
	if (strcmp(local, "si") == 0) {
		s->in_si = true;
		s->too_long = false;
		mb_buf_reset(&s->text);
	} else if (strcmp(local, "rPh") == 0) {
		s->rph++;
	} else if (strcmp(local, "t") == 0 && s->in_si && s->rph == 0) {
		s->in_t = true;
	}
}

static void sst_end(struct part *p, enum ns ns, const char *local)
{
	struct sst *s = p->ctx;
	if (ns != NS_MAIN)
		return;
	if (strcmp(local, "t") == 0) {
		s->in_t = false;
	} else if (strcmp(local, "rPh") == 0) {
		if (s->rph)
			s->rph--;
	} else if (strcmp(local, "si") == 0 && s->in_si) {
		s->in_si = false;
		char *text = NULL;
		size_t bad;
		if (s->too_long) {
			part_error(p, _("shared text %zu is longer than 32,767 characters, the most a "
			                "cell holds: the workbook is damaged"),
			           s->n);
		} else {
			unescape_x(s->text.data, s->text.len, &s->tmp);
			enum sheet_text_status st =
				sheet_text(p->x->mem, s->tmp.data, s->tmp.len, &text, &bad);
			if (st == SHEET_TEXT_OVER) {
				part_over(p);
				return;
			}
			if (st != SHEET_TEXT_OK)
				part_error(p, _("shared text %zu holds a character that is not "
				                "allowed: the workbook is damaged"),
				           s->n);
		}
		if (!sheet_charge(p->x->mem, 1, sizeof(char *))) {
			part_over(p);
			return;
		}
		MB_PUSH(s->v, s->n, s->cap, text);
	}
}

static void sst_text(struct part *p, const char *t, size_t n)
{
	struct sst *s = p->ctx;
	if (s->in_t)
		capture(&s->text, t, n, &s->too_long);
}

/* ---- worksheets ------------------------------------------------------------------ */

enum capture { CAP_NONE, CAP_V, CAP_T };

struct ws {
	const struct sst *sst;
	struct sheet_build b;
	bool in_data, in_row, row_skip;
	size_t row;      /* the row being read, 0-based */
	size_t next_row; /* a row without r= is this one */
	size_t next_col; /* a cell without r= is in this column */
	/* the cell being read */
	bool in_cell, cell_skip, formula, in_is, too_long;
	unsigned rph;
	size_t col;
	char type; /* n s str(f) inlineStr(i) b e d */
	enum capture cap;
	mb_buf v, is, tmp;
	unsigned problems;
};

/* A problem located at a cell (or, with c == SIZE_MAX, at the sheet);
 * past MB_SHEET_MAX_PROBLEMS the rest of the sheet is skipped. */
static void ws_error(struct part *p, size_t r, size_t c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void ws_error(struct part *p, size_t r, size_t c, const char *fmt, ...)
{
	struct ws *w = p->ctx;
	char *where = mb_cell_where(p->sheet, r, c);
	if (++w->problems > MB_SHEET_MAX_PROBLEMS) {
		mb_diag(p->x->d, MB_ERROR, p->x->file, where,
		        _("more than %d problems in this sheet; the rest of it was not read"),
		        MB_SHEET_MAX_PROBLEMS);
		free(where);
		part_stop(p);
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	mb_buf b;
	mb_buf_init(&b);
	mb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	mb_diag(p->x->d, MB_ERROR, p->x->file, where, "%s", b.data);
	mb_buf_release(&b);
	free(where);
}

/* The decimal number s[0..n) of at most 9 digits, or SIZE_MAX. */
static size_t small_number(const char *s, size_t n)
{
	size_t v = 0;
	if (n == 0 || n > 9)
		return SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return SIZE_MAX;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	return v;
}

static void row_start(struct part *p, struct ws *w, const char **atts)
{
	const char *r = attr(atts, NS_NONE, "r");
	w->in_row = true;
	w->row_skip = false;
	w->next_col = 0;
	size_t row = w->next_row;
	if (r) {
		size_t v = small_number(r, strlen(r));
		if (v == 0 || v > MB_SHEET_MAX_ROWS) {
			ws_error(p, 0, SIZE_MAX,
			         _("row number \"%s\" is outside the rows a sheet can have (1 to %d): "
			           "the workbook is damaged"),
			         r, MB_SHEET_MAX_ROWS);
			w->row_skip = true;
			return;
		}
		row = v - 1;
		if (row < w->next_row) {
			ws_error(p, 0, SIZE_MAX,
			         _("row %zu comes after row %zu: rows must be in order; the workbook is "
			           "damaged"),
			         v, w->next_row);
			w->row_skip = true;
			return;
		}
	} else if (row >= MB_SHEET_MAX_ROWS) {
		ws_error(p, 0, SIZE_MAX, _("the sheet has more than %d rows, the most a sheet can have"),
		         MB_SHEET_MAX_ROWS);
		w->row_skip = true;
		return;
	}
	w->row = row;
}

static const char *cell_ref_problem(int rc)
{
	return rc == -2 ? _("its row is outside 1 to 1048576")
	       : rc == -3 ? _("its column is beyond XFD, the last one")
	                  : _("it is not a cell reference like B37");
}

/* The one-letter code of a cell type (t="..."), or 0 for one that does not exist. */
static char type_code(const char *t)
{
	static const struct {
		const char *name;
		char code;
	} types[] = {{"n", 'n'}, {"s", 's'}, {"str", 'f'}, {"inlineStr", 'i'},
	             {"b", 'b'}, {"e", 'e'}, {"d", 'd'}};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].code;
	return 0;
}

static void cell_start(struct part *p, struct ws *w, const char **atts)
{
	w->in_cell = true;
	w->cell_skip = w->row_skip;
	w->formula = w->in_is = w->too_long = false;
	w->rph = 0;
	w->cap = CAP_NONE;
	mb_buf_reset(&w->v);
	mb_buf_reset(&w->is);
	if (w->cell_skip)
		return;
	const char *r = attr(atts, NS_NONE, "r");
	size_t col = w->next_col;
	if (r) {
		size_t rr, cc;
		const char *end;
		int rc = sheet_parse_ref(r, &rr, &cc, &end);
		if (rc == 0 && *end)
			rc = -1;
		if (rc != 0) {
			ws_error(p, w->row, SIZE_MAX,
			         _("a cell of row %zu has the reference \"%s\", which is not valid: %s; "
			           "the workbook is damaged"),
			         w->row + 1, r, cell_ref_problem(rc));
			w->cell_skip = true;
			return;
		}
		if (rr != w->row) {
			ws_error(p, rr, cc, _("the cell is written inside row %zu: the workbook is damaged"),
			         w->row + 1);
			w->cell_skip = true;
			return;
		}
		if (cc < w->next_col) {
			ws_error(p, rr, cc,
			         _("the cell comes after a cell to its right: cells must be in order; "
			           "the workbook is damaged"));
			w->cell_skip = true;
			return;
		}
		col = cc;
	} else if (col >= MB_SHEET_MAX_COLS) {
		ws_error(p, w->row, SIZE_MAX,
		         _("row %zu has more than %d cells, the most a row can have"), w->row + 1,
		         MB_SHEET_MAX_COLS);
		w->cell_skip = true;
		return;
	}
	w->col = col;
	const char *t = attr(atts, NS_NONE, "t");
	w->type = t ? type_code(t) : 'n';
	if (!w->type) {
		ws_error(p, w->row, col,
		         _("the cell has the type \"%s\", which does not exist (the types are b, d, e, "
		           "inlineStr, n, s and str): the workbook is damaged"),
		         t);
		w->cell_skip = true;
	}
}

/* The text between XML white space at both ends. */
static const char *trim(mb_buf *b, size_t *n)
{
	const char *s = b->data;
	size_t len = b->len;
	while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
	               s[len - 1] == '\r'))
		len--;
	*n = len;
	return s;
}

/* The syntax of xsd:double as spreadsheets write it: -12, 88.78, 1E-3, 1.5e+20. */
static bool is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	if (i < n && s[i] == '-')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = 0;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (e == 0)
			return false;
	}
	return i == n;
}

static char BOOL_TRUE[] = "1", BOOL_FALSE[] = "0";

/* Turns the text of a string cell into the book's text (OOXML escapes,
 * UTF-8, NFC); false after reporting a problem. */
static bool cell_string(struct part *p, struct ws *w, mb_buf *raw, char **out)
{
	unescape_x(raw->data, raw->len, &w->tmp);
	size_t bad;
	enum sheet_text_status st = sheet_text(p->x->mem, w->tmp.data, w->tmp.len, out, &bad);
	if (st == SHEET_TEXT_OVER) {
		part_over(p);
		return false;
	}
	if (st != SHEET_TEXT_OK) {
		ws_error(p, w->row, w->col, "%s",
		         _("the cell's text holds a character that is not allowed: the workbook is "
		           "damaged"));
		return false;
	}
	return true;
}

/* The cell's value from what was read; false when there is none to add. */
static bool cell_value(struct part *p, struct ws *w, enum mb_cell_type *type, char **text)
{
	size_t n, idx;
	const char *v = trim(&w->v, &n);
	*text = NULL;
	switch (w->type) {
	case 'n':
		*type = MB_CELL_NUMBER;
		if (n == 0)
			return true;
		if (!is_number(v, n)) {
			ws_error(p, w->row, w->col,
			         _("the cell is a number cell but holds \"%.*s\": the workbook is "
			           "damaged"),
			         (int)(n > 40 ? 40 : n), v);
			return false;
		}
		if (!sheet_charge(p->x->mem, 0, n + 1)) {
			part_over(p);
			return false;
		}
		*text = sheet_alloc(p->x->mem, n + 1);
		memcpy(*text, v, n);
		(*text)[n] = '\0';
		return true;
	case 's':
		*type = MB_CELL_TEXT;
		if (n == 0)
			return true;
		idx = small_number(v, n);
		if (idx >= w->sst->n) {
			ws_error(p, w->row, w->col,
			         _("the cell refers to shared text \"%.*s\", which does not exist (the "
			           "workbook has %zu): the workbook is damaged"),
			         (int)(n > 20 ? 20 : n), v, w->sst->n);
			return false;
		}
		*text = w->sst->v[idx];
		return true;
	case 'b':
		*type = MB_CELL_BOOL;
		if (n == 0)
			return true;
		if ((n == 1 && v[0] == '1') || (n == 4 && memcmp(v, "true", 4) == 0))
			*text = BOOL_TRUE;
		else if ((n == 1 && v[0] == '0') || (n == 5 && memcmp(v, "false", 5) == 0))
			*text = BOOL_FALSE;
		else
			ws_error(p, w->row, w->col,
			         _("the cell is a true/false cell but holds \"%.*s\": the workbook is "
			           "damaged"),
			         (int)(n > 20 ? 20 : n), v);
		return *text != NULL;
	case 'e':
		*type = MB_CELL_ERROR;
		return cell_string(p, w, &w->v, text);
	case 'i':
		*type = MB_CELL_TEXT;
		return cell_string(p, w, &w->is, text);
	default: /* 'f' (a formula's text), 'd' (an ISO 8601 date) */
		*type = MB_CELL_TEXT;
		return cell_string(p, w, &w->v, text);
	}
}

static void cell_end(struct part *p, struct ws *w)
{
	w->in_cell = false;
	w->cap = CAP_NONE;
	if (w->cell_skip)
		return;
	w->next_col = w->col + 1;
	if (w->too_long) {
		ws_error(p, w->row, w->col,
		         _("the cell's text is longer than 32,767 characters, the most a cell holds: "
		           "the workbook is damaged"));
		return;
	}
	enum mb_cell_type type;
	char *text;
	if (!cell_value(p, w, &type, &text))
		return;
	if (!sheet_build_cell(&w->b, w->col, type, w->formula, text))
		part_over(p);
}

static void row_end(struct part *p, struct ws *w)
{
	w->in_row = false;
	if (w->row_skip) {
		w->b.ncells = 0;
		return;
	}
	w->next_row = w->row + 1;
	if (!sheet_build_row(&w->b, w->row, 0))
		part_over(p);
}

/* "A1:C3" (or "A1" alone) into a merge, corners in either order. */
static bool parse_range(const char *s, struct mb_merge *m)
{
	const char *end;
	size_t r1, c1, r2, c2;
	if (sheet_parse_ref(s, &r1, &c1, &end) != 0)
		return false;
	if (*end == '\0') {
		r2 = r1;
		c2 = c1;
	} else if (*end != ':' || sheet_parse_ref(end + 1, &r2, &c2, &end) != 0 || *end) {
		return false;
	}
	m->r1 = r1 < r2 ? r1 : r2;
	m->r2 = r1 < r2 ? r2 : r1;
	m->c1 = c1 < c2 ? c1 : c2;
	m->c2 = c1 < c2 ? c2 : c1;
	return true;
}

static void ws_start(struct part *p, enum ns ns, const char *local, const char **atts)
{
	struct ws *w = p->ctx;
	if (ns != NS_MAIN)
		return;
	if (w->in_cell) {
		if (strcmp(local, "v") == 0 && !w->in_is) {
			w->cap = CAP_V;
		} else if (strcmp(local, "f") == 0) {
			w->formula = true;
		} else if (strcmp(local, "is") == 0) {
			w->in_is = true;
		} else if (strcmp(local, "rPh") == 0) {
			w->rph++;
		} else if (strcmp(local, "t") == 0 && w->in_is && w->rph == 0) {
			w->cap = CAP_T;
		}
	} else if (w->in_row) {
		if (strcmp(local, "c") == 0)
			cell_start(p, w, atts);
	} else if (w->in_data) {
		if (strcmp(local, "row") == 0)
			row_start(p, w, atts);
	} else if (strcmp(local, "sheetData") == 0) {
		w->in_data = true;
	} else if (strcmp(local, "mergeCell") == 0) {
		const char *ref = attr(atts, NS_NONE, "ref");
		struct mb_merge m;
		if (!ref || !parse_range(ref, &m))
			ws_error(p, 0, SIZE_MAX,
			         _("a merged range has the reference \"%s\", which is not a range like "
			           "A1:C3 inside the sheet: the workbook is damaged"),
			         ref ? ref : "");
		else if (!sheet_build_merge(&w->b, m))
			part_over(p);
	}
}

static void ws_end(struct part *p, enum ns ns, const char *local)
{
	struct ws *w = p->ctx;
	if (ns != NS_MAIN)
		return;
	if (w->in_cell) {
		if (strcmp(local, "c") == 0)
			cell_end(p, w);
		else if (strcmp(local, "v") == 0 || strcmp(local, "t") == 0)
			w->cap = CAP_NONE;
		else if (strcmp(local, "is") == 0)
			w->in_is = false;
		else if (strcmp(local, "rPh") == 0 && w->rph)
			w->rph--;
	} else if (w->in_row) {
		if (strcmp(local, "row") == 0)
			row_end(p, w);
	} else if (w->in_data && strcmp(local, "sheetData") == 0) {
		w->in_data = false;
	}
}

static void ws_text(struct part *p, const char *s, size_t n)
{
	struct ws *w = p->ctx;
	if (w->cap == CAP_V)
		capture(&w->v, s, n, &w->too_long);
	else if (w->cap == CAP_T)
		capture(&w->is, s, n, &w->too_long);
}

static void read_sheet(struct xlsx *x, struct mb_sheet *s, const char *entry, const struct sst *sst)
{
	struct ws w = {.sst = sst};
	sheet_build_init(&w.b, x->mem);
	mb_buf_init(&w.v);
	mb_buf_init(&w.is);
	mb_buf_init(&w.tmp);
	struct part p = {.x = x,
	                 .entry = entry,
	                 .sheet = s->name,
	                 .start = ws_start,
	                 .end = ws_end,
	                 .text = ws_text,
	                 .ctx = &w};
	int rc = read_part(&p);
	if (rc == PART_ABSENT) {
		char *where = mb_cell_where(s->name, 0, SIZE_MAX);
		mb_diag(x->d, MB_ERROR, x->file, where,
		        _("the sheet's part \"%s\" is missing from the workbook: the workbook is "
		          "damaged; open it in Excel or LibreOffice and save it again"),
		        entry);
		free(where);
	}
	sheet_build_finish(&w.b, s);
	sheet_build_release(&w.b);
	mb_buf_release(&w.v);
	mb_buf_release(&w.is);
	mb_buf_release(&w.tmp);
}

/* ---- custom document properties (docProps/custom.xml) ---------------------- */

struct custom {
	mb_buf text;
	bool in_prop, in_value, found, too_long;
	char *value;
};

static void custom_start(struct part *p, enum ns ns, const char *local, const char **atts)
{
	struct custom *c = p->ctx;
	if (ns == NS_CUSTOM && strcmp(local, "property") == 0) {
		/* Office compares property names without regard to case. */
		const char *name = attr(atts, NS_NONE, "name");
		c->in_prop = !c->found && name && strcasecmp(name, "minhbach") == 0;
	} else if (c->in_prop && ns == NS_VT) {
		c->in_value = true;
		mb_buf_reset(&c->text);
	}
}

static void custom_end(struct part *p, enum ns ns, const char *local)
{
	struct custom *c = p->ctx;
	if (ns == NS_CUSTOM && strcmp(local, "property") == 0) {
		c->in_prop = false;
	} else if (c->in_value && ns == NS_VT) {
		c->in_value = false;
		c->found = true;
		size_t bad;
		enum sheet_text_status st = sheet_text(p->x->mem, c->text.data, c->text.len,
		                                       &c->value, &bad);
		if (st == SHEET_TEXT_OVER)
			part_over(p);
		else if (st != SHEET_TEXT_OK || c->too_long)
			part_error(p, "%s", _("the document property \"minhbach\" is not valid text"));
	}
}

static void custom_text(struct part *p, const char *s, size_t n)
{
	struct custom *c = p->ctx;
	if (c->in_value)
		capture(&c->text, s, n, &c->too_long);
}

static void read_custom(struct xlsx *x, const char *entry)
{
	struct custom c = {0};
	mb_buf_init(&c.text);
	struct part p = {.x = x,
	                 .entry = entry,
	                 .start = custom_start,
	                 .end = custom_end,
	                 .text = custom_text,
	                 .ctx = &c};
	if (read_part(&p) == PART_READ)
		x->book->property = c.value;
	mb_buf_release(&c.text);
}

/* ---- the whole workbook ------------------------------------------------------------ */

/* A zip that is not a workbook: say what it is when that helps. */
static void not_a_workbook(struct xlsx *x)
{
	zip_int64_t idx = zip_name_locate(x->za, "mimetype", 0);
	char head[64] = "";
	if (idx >= 0) {
		zip_file_t *zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
		if (zf) {
			zip_int64_t n = zip_fread(zf, head, sizeof head - 1);
			head[n > 0 ? n : 0] = '\0';
			zip_fclose(zf);
		}
	}
	if (strncmp(head, "application/vnd.oasis.opendocument.spreadsheet", 46) == 0)
		mb_diag(x->d, MB_ERROR, x->file, "", "%s",
		        _("this is an OpenDocument spreadsheet (.ods); open it in LibreOffice and save "
		          "it as an Excel workbook (.xlsx)"));
	else
		mb_diag(x->d, MB_ERROR, x->file, "", "%s",
		        _("this zip archive is not an Excel workbook: it has no workbook part "
		          "(xl/workbook.xml); open the file in Excel or LibreOffice and save it as an "
		          "Excel workbook (.xlsx)"));
}

static void open_error(struct xlsx *x, zip_error_t *ze)
{
	int code = zip_error_code_zip(ze);
	if (code == ZIP_ER_MEMORY)
		mb_die("out of memory opening %s", x->file);
	if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF)
		mb_diag(x->d, MB_ERROR, x->file, "", _("the workbook is damaged or incomplete (%s), as "
		                                      "when a copy or a download is cut short; get the "
		                                      "file again, or open it in Excel or LibreOffice "
		                                      "and save it again"),
		        zip_error_strerror(ze));
	else
		mb_diag(x->d, MB_ERROR, x->file, "", _("the workbook cannot be opened: %s (%s)"),
		        zip_problem(code), zip_error_strerror(ze));
}

/* Reads the sheets listed in the workbook part, through its relationships. */
static void read_sheets(struct xlsx *x, const char *wb_entry, struct wb *wb)
{
	struct rels rels;
	int rc = read_rels(x, wb_entry, &rels);
	if (rc == PART_ABSENT) {
		char *name = rels_name(wb_entry);
		mb_diag(x->d, MB_ERROR, x->file, name, "%s",
		        _("this part, which says where each sheet is, is missing: the workbook is "
		          "damaged; open it in Excel or LibreOffice and save it again"));
		free(name);
	}
	struct sst sst = {0};
	mb_buf_init(&sst.text);
	mb_buf_init(&sst.tmp);
	const struct rel *ss = rel_by_type(&rels, "sharedStrings");
	if (rc == PART_READ && ss) {
		struct part p = {.x = x,
		                 .entry = ss->target,
		                 .start = sst_start,
		                 .end = sst_end,
		                 .text = sst_text,
		                 .ctx = &sst};
		if (read_part(&p) == PART_ABSENT)
			mb_diag(x->d, MB_ERROR, x->file, ss->target, "%s",
			        _("this part, which holds the workbook's text, is missing: the workbook "
			          "is damaged; open it in Excel or LibreOffice and save it again"));
	}
	struct mb_book *book = x->book;
	book->sheets = sheet_alloc(x->mem, wb->n * sizeof *book->sheets);
	book->nsheets = wb->n;
	for (size_t i = 0; i < wb->n; i++) {
		struct mb_sheet *s = &book->sheets[i];
		memset(s, 0, sizeof *s);
		s->name = wb->v[i].name;
		s->hidden = wb->v[i].hidden;
		const struct rel *r = rc == PART_READ ? rel_by_id(&rels, wb->v[i].rid) : NULL;
		if (rc == PART_READ && !r) {
			char *where = mb_cell_where(s->name, 0, SIZE_MAX);
			mb_diag(x->d, MB_ERROR, x->file, where, "%s",
			        _("the workbook does not say where this sheet's part is: the workbook is "
			          "damaged; open it in Excel or LibreOffice and save it again"));
			free(where);
		}
		/* A chart sheet (or a dialog or macro sheet) has no cells. */
		if (r && rel_type_is(r->type, "worksheet") && !x->fatal)
			read_sheet(x, s, r->target, &sst);
	}
	mb_buf_release(&sst.text);
	mb_buf_release(&sst.tmp);
	free(sst.v);
	rels_release(&rels);
}

static void read_workbook(struct xlsx *x)
{
	struct rels pkg;
	int rc = read_rels(x, "", &pkg); /* "_rels/.rels" */
	if (rc == PART_FAILED) {
		rels_release(&pkg);
		return;
	}
	const struct rel *doc = rel_by_type(&pkg, "officeDocument");
	char *wb_entry = mb_xstrdup(doc ? doc->target : "xl/workbook.xml");
	const struct rel *cust = rel_by_type(&pkg, "custom-properties");
	if (!cust)
		cust = rel_by_type(&pkg, "customProperties");
	char *custom_entry = cust ? mb_xstrdup(cust->target) : NULL;
	rels_release(&pkg);

	struct wb wb = {0};
	struct part p = {.x = x, .entry = wb_entry, .start = wb_start, .end = wb_end, .ctx = &wb};
	rc = read_part(&p);
	if (rc == PART_ABSENT)
		not_a_workbook(x);
	else if (rc == PART_READ && wb.n == 0)
		mb_diag(x->d, MB_ERROR, x->file, "", "%s", _("the workbook has no sheet"));
	else if (rc == PART_READ)
		read_sheets(x, wb_entry, &wb);
	for (size_t i = 0; i < wb.n; i++)
		free(wb.v[i].rid);
	free(wb.v);
	if (custom_entry && !x->fatal)
		read_custom(x, custom_entry);
	free(custom_entry);
	free(wb_entry);
}

int sheet_read_xlsx(struct mb_book *book, const void *data, size_t n, struct mb_diags *d)
{
	struct xlsx x = {.book = book, .mem = book->mem, .d = d, .file = book->file};
	size_t before = d->errors;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
	if (!src)
		mb_die("out of memory opening %s", book->file);
	x.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!x.za) {
		zip_source_free(src);
		open_error(&x, &ze);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	read_workbook(&x);
	zip_discard(x.za);
	return d->errors == before ? 0 : -1;
}
