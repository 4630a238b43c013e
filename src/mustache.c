/* mustache.c - parses Mustache templates into flat node arrays and renders them over cJSON. */
#include "mustache.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "indir.h"

/*
 * How it works.  Parsing runs four passes over one template:
 *
 *   lex      source -> tokens: text pieces (split after every newline, so
 *            a text token never spans two lines) and tags;
 *   match    pairs opening and closing tags, records who encloses whom;
 *   trim     applies the spec's "standalone" rules: which whitespace and
 *            newlines around tags disappear, and which tags re-indent
 *            what they expand;
 *   build    emits the nodes that rendering walks.
 *
 * Nodes live in one flat array per template: a container (section,
 * inverted section, parent, block) is followed by its body and records
 * how many nodes that body holds, so rendering walks ranges of a read-only
 * array and never allocates.
 *
 * Indentation.  The spec indents a standalone partial by prepending the
 * tag's indentation to every line of the partial "before rendering", so
 * an interpolated value spanning lines is not re-indented.  We get the
 * same result without copying templates: the build pass puts an N_INDENT
 * node at the start of every template line that survives, and rendering
 * keeps a stack of indentation strings that N_INDENT prints.  Inheritance
 * blocks use the same stack: the "intrinsic" indentation of a block's
 * lines is cut when parsing and the indentation of the place the block
 * lands is pushed when rendering (spec "~inheritance", whitespace.md).
 */

#define NONE SIZE_MAX

enum node_type {
	N_TEXT,     /* literal bytes */
	N_INDENT,   /* a template line starts here: print the current indentation */
	N_VAR,      /* {{x}}: escaped */
	N_RAW,      /* {{{x}}} and {{&x}} */
	N_SECTION,  /* {{#x}} */
	N_INVERTED, /* {{^x}} */
	N_PARTIAL,  /* {{>x}} */
	N_PARENT,   /* {{<x}}: its body holds only its argument blocks */
	N_BLOCK,    /* {{$x}} */
};

enum {
	NF_SITE_IND = 1,   /* partial, parent, block: push `ind` while expanding; a partial
	                      or parent without it expands with no indentation at all */
	NF_FRESH = 2,      /* block: its opening tag was a standalone line, so what it
	                      expands to starts a line of output */
	NF_BODY_FRESH = 4, /* block: its own body starts a line (and so starts with N_INDENT) */
};

struct node {
	uint8_t type;
	uint8_t flags;
	uint32_t line;
	uint32_t nparts; /* dotted name parts; 0 for the implicit iterator "." */
	size_t body;     /* containers: how many nodes of body follow this one */
	const char *str; /* text bytes; or the name: nparts NUL-terminated parts back to back */
	size_t len;      /* text length */
	const char *ind; /* indentation pushed when NF_SITE_IND */
	size_t ind_len;
};

struct tmpl {
	char *name;
	char *srcname;
	char *src; /* own copy; text nodes point into it */
	size_t len;
	char *pool; /* names; name nodes point into it */
	struct node *nodes;
	size_t nnodes;
};

struct mb_tmpl_set {
	struct tmpl **v; /* sorted by name, for bsearch */
	size_t n, cap;
};

/* ---- parsing ---------------------------------------------------------- */

enum tok_type {
	K_TEXT,
	K_VAR,
	K_RAW,
	K_SECTION,
	K_INVERTED,
	K_CLOSE,
	K_PARTIAL,
	K_PARENT,
	K_BLOCK,
	K_COMMENT,
	K_DELIM,
};

enum {
	TF_DROP = 1,     /* text: whitespace that a standalone tag swallows */
	TF_NOINDENT = 2, /* the line starting here belongs to a standalone tag: no N_INDENT */
};

struct tok {
	uint8_t type;
	uint8_t flags;
	uint8_t nflags;    /* openers: node flags for the build pass */
	bool intrinsic;    /* blocks: take intrinsic indentation from the next line */
	size_t line;
	const char *s;     /* text bytes, or the tag's trimmed name */
	size_t len;
	const char *tag;   /* tags: the whole tag as written, for messages */
	size_t tag_len;
	size_t match;      /* opener <-> its closing tag */
	size_t owner;      /* innermost enclosing opener, or NONE */
	size_t ind_tok;    /* NF_SITE_IND: the whitespace token that indents it, or NONE */
};

struct parser {
	const char *src, *end;
	const char *srcname;
	mb_buf *err;
	struct tok *t;
	size_t n, cap;
};

static bool is_opener(int type)
{
	return type == K_SECTION || type == K_INVERTED || type == K_PARENT || type == K_BLOCK;
}

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* Blank before a line end: "\r\n" endings leave a '\r' here. */
static bool is_blank_cr(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static size_t blank_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Not strchr(" \t\r\n", c), which also matches the NUL byte. */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool ends_nl(const struct tok *t)
{
	return t->type == K_TEXT && t->len && t->s[t->len - 1] == '\n';
}

/* Copies at most 40 bytes of s into buf to quote in a message: control
 * bytes become '?' so binary input cannot garble the terminal. */
static const char *shown(char buf[64], const char *s, size_t n)
{
	size_t k = 0;
	for (; k < n && k < 40; k++)
		buf[k] = (unsigned char)s[k] < 0x20 || s[k] == 0x7f ? '?' : s[k];
	if (k < n) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

__attribute__((format(printf, 3, 4)))
static int perr(struct parser *p, size_t line, const char *fmt, ...)
{
	va_list ap;
	mb_buf_printf(p->err, "%s:%zu: ", p->srcname, line);
	va_start(ap, fmt);
	mb_buf_vprintf(p->err, fmt, ap);
	va_end(ap);
	mb_buf_putc(p->err, '\n');
	return -1;
}

static struct tok *push_tok(struct parser *p, struct tok t)
{
	t.match = t.owner = t.ind_tok = NONE;
	MB_PUSH(p->t, p->n, p->cap, t);
	return &p->t[p->n - 1];
}

static void push_text(struct parser *p, const char *a, const char *b, size_t *line)
{
	while (a < b) {
		const char *nl = memchr(a, '\n', (size_t)(b - a));
		const char *e = nl ? nl + 1 : b;
		struct tok t = {.type = K_TEXT, .line = *line, .s = a, .len = (size_t)(e - a)};
		push_tok(p, t);
		if (nl)
			(*line)++;
		a = e;
	}
}

static size_t count_nl(const char *a, const char *b)
{
	size_t n = 0;
	while (a < b && (a = memchr(a, '\n', (size_t)(b - a))) != NULL) {
		n++;
		a++;
	}
	return n;
}

/* Finds the closing delimiter at or after q; with a prefix ('}' for
 * triple mustaches, '=' for set-delimiter tags) it must follow that
 * character, which must itself lie at or after q. */
static const char *find_close(const char *q, const char *end, char prefix, const char *ctag,
                              size_t clen)
{
	const char *from = q;
	for (;;) {
		const char *c = memmem(from, (size_t)(end - from), ctag, clen);
		if (!c || !prefix || (c > q && c[-1] == prefix))
			return c;
		from = c + 1;
	}
}

static void trim(const char **a, const char **b)
{
	while (*a < *b && is_space(**a))
		(*a)++;
	while (*b > *a && is_space((*b)[-1]))
		(*b)--;
}

static int check_name(struct parser *p, const struct tok *t)
{
	char b1[64], b2[64];
	if (!t->len)
		return perr(p, t->line, _("empty name in tag \"%s\""), shown(b1, t->tag, t->tag_len));
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->s[i];
		if (is_space((char)c))
			return perr(p, t->line, _("tag name \"%s\" contains whitespace"),
			            shown(b1, t->s, t->len));
		if (c < 0x20 || c == 0x7f)
			return perr(p, t->line, _("tag name \"%s\" contains control byte 0x%02x"),
			            shown(b1, t->s, t->len), c);
	}
	bool dotted = t->type == K_VAR || t->type == K_RAW || t->type == K_SECTION ||
	              t->type == K_INVERTED;
	if (!dotted || (t->len == 1 && t->s[0] == '.'))
		return 0;
	if (t->s[0] == '.' || t->s[t->len - 1] == '.' || memmem(t->s, t->len, "..", 2))
		return perr(p, t->line, _("tag name \"%s\" has an empty part between dots"),
		            shown(b2, t->s, t->len));
	return 0;
}

/* "{{=<% %>=}}": the inner text must hold two delimiters separated by
 * whitespace, neither containing whitespace or "=". */
static int set_delims(struct parser *p, const struct tok *t, const char *a, const char *b,
                      const char **otag, size_t *olen, const char **ctag, size_t *clen)
{
	char buf[64];
	trim(&a, &b);
	const char *ae = a;
	while (ae < b && !is_space(*ae))
		ae++;
	const char *c = ae;
	while (c < b && is_space(*c))
		c++;
	bool ok = ae > a && c < b && c > ae && !memchr(a, '=', (size_t)(ae - a)) &&
	          !memchr(c, '=', (size_t)(b - c));
	for (const char *x = c; ok && x < b; x++)
		ok = !is_space(*x);
	if (!ok)
		return perr(p, t->line,
		            _("bad set-delimiter tag \"%s\": want two delimiters separated "
		            "by a space, like {{=<%% %%>=}}"),
		            shown(buf, t->tag, t->tag_len));
	*otag = a;
	*olen = (size_t)(ae - a);
	*ctag = c;
	*clen = (size_t)(b - c);
	return 0;
}

static int lex(struct parser *p)
{
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2, line = 1;
	const char *pos = p->src;
	char b1[64], b2[64];

	while (pos < p->end) {
		const char *o = memmem(pos, (size_t)(p->end - pos), otag, olen);
		push_text(p, pos, o ? o : p->end, &line);
		if (!o)
			break;
		const char *q = o + olen;
		int type = K_VAR;
		char prefix = 0;
		switch (q < p->end ? *q : 0) {
		case '{': type = K_RAW; prefix = '}'; break;
		case '&': type = K_RAW; break;
		case '#': type = K_SECTION; break;
		case '^': type = K_INVERTED; break;
		case '/': type = K_CLOSE; break;
		case '>': type = K_PARTIAL; break;
		case '<': type = K_PARENT; break;
		case '$': type = K_BLOCK; break;
		case '!': type = K_COMMENT; break;
		case '=': type = K_DELIM; prefix = '='; break;
		}
		if (type != K_VAR)
			q++;
		const char *c = find_close(q, p->end, prefix, ctag, clen);
		if (!c) {
			const char *pre = prefix == '}' ? "}" : prefix == '=' ? "=" : "";
			return perr(p, line, _("unclosed tag: \"%s\" has no matching \"%s%s\""),
			            shown(b1, otag, olen), pre, shown(b2, ctag, clen));
		}
		const char *next = c + clen;
		struct tok t = {.type = (uint8_t)type, .line = line, .tag = o,
		                .tag_len = (size_t)(next - o)};
		line += count_nl(o, next);
		pos = next;
		const char *a = q, *b = prefix ? c - 1 : c;
		if (type == K_DELIM) {
			if (set_delims(p, &t, a, b, &otag, &olen, &ctag, &clen) < 0)
				return -1;
		} else if (type != K_COMMENT) {
			trim(&a, &b);
			t.s = a;
			t.len = (size_t)(b - a);
			if (check_name(p, &t) < 0)
				return -1;
		}
		push_tok(p, t);
	}
	return 0;
}

static const char *kind(int type)
{
	switch (type) {
	case K_INVERTED: return _("inverted section");
	case K_PARENT: return _("parent");
	case K_BLOCK: return _("block");
	default: return _("section");
	}
}

static bool same_name(const struct tok *a, const struct tok *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static int match(struct parser *p)
{
	size_t open[MB_TMPL_MAX_DEPTH], depth = 0;
	char b1[64], b2[64];
	for (size_t i = 0; i < p->n; i++) {
		struct tok *t = &p->t[i];
		t->owner = depth ? open[depth - 1] : NONE;
		if (is_opener(t->type)) {
			if (depth == MB_TMPL_MAX_DEPTH)
				return perr(p, t->line, _("sections nested more than %d deep"),
				            MB_TMPL_MAX_DEPTH);
			open[depth++] = i;
		} else if (t->type == K_CLOSE) {
			if (!depth)
				return perr(p, t->line, _("closing tag \"%s\" has no open section"),
				            shown(b1, t->s, t->len));
			struct tok *o = &p->t[open[depth - 1]];
			if (!same_name(o, t))
				return perr(p, t->line,
				            _("closing tag \"%s\" does not match %s \"%s\" "
				            "opened on line %zu"),
				            shown(b1, t->s, t->len), kind(o->type),
				            shown(b2, o->s, o->len), o->line);
			t->match = open[depth - 1];
			o->match = i;
			depth--;
		}
	}
	if (depth) {
		const struct tok *o = &p->t[open[depth - 1]];
		return perr(p, o->line, _("unclosed %s \"%s\": no closing tag before the end"),
		            kind(o->type), shown(b1, o->s, o->len));
	}
	return 0;
}

/* Only whitespace between the start of its line and tag i?  *lead gets the
 * whitespace token, if there is one. */
static bool left_clear(const struct parser *p, size_t i, size_t *lead)
{
	*lead = NONE;
	if (i == 0 || ends_nl(&p->t[i - 1]))
		return true;
	const struct tok *t = &p->t[i - 1];
	if (t->type != K_TEXT || !is_blank(t->s, t->len))
		return false;
	/* Text splits only after newlines, so a token before a blank one
	 * that is not a tag ends a line. */
	if (i - 1 == 0 || ends_nl(&p->t[i - 2])) {
		*lead = i - 1;
		return true;
	}
	return false;
}

/* Only whitespace between tag i and the end of its line?  *trail gets the
 * whitespace-and-newline token, if there is one. */
static bool right_clear(const struct parser *p, size_t i, size_t *trail)
{
	*trail = NONE;
	if (i + 1 == p->n)
		return true;
	const struct tok *t = &p->t[i + 1];
	if (t->type != K_TEXT)
		return false;
	bool nl = ends_nl(t);
	if (!nl && i + 2 != p->n)
		return false;
	if (!is_blank_cr(t->s, t->len - nl))
		return false;
	*trail = i + 1;
	return true;
}

static void drop(struct parser *p, size_t i)
{
	if (i != NONE)
		p->t[i].flags |= TF_DROP;
}

/* The tag at i stands alone on its line: its line start (the lead token or
 * the tag itself) gets no N_INDENT. */
static void swallow_line(struct parser *p, size_t i, size_t lead, size_t trail)
{
	drop(p, lead);
	drop(p, trail);
	p->t[lead != NONE ? lead : i].flags |= TF_NOINDENT;
}

/* The usual rule: a non-interpolation tag alone on its line (but for
 * whitespace) takes the whole line with it. */
static bool standalone(struct parser *p, size_t i, size_t *lead)
{
	size_t trail;
	if (!left_clear(p, i, lead) || !right_clear(p, i, &trail))
		return false;
	swallow_line(p, i, *lead, trail);
	return true;
}

/* Records the token, not its text: the build pass may yet cut a block's
 * intrinsic indentation from it. */
static void set_ind(struct tok *t, size_t lead)
{
	t->nflags |= NF_SITE_IND;
	t->ind_tok = lead;
}

/* An argument block is a block written directly inside a parent tag. */
static bool is_arg(const struct parser *p, size_t i)
{
	size_t o = p->t[i].owner;
	return o != NONE && p->t[o].type == K_PARENT;
}

/*
 * Inside a parent tag everything but argument blocks is ignored, so for
 * tags on that boundary one side does not count: an argument block's
 * opening tag is standalone when nothing follows it on its line, its
 * closing tag when nothing precedes it.  A parent is standalone as a pair
 * (whitespace before its opening tag, nothing after its closing tag) and
 * then indents its expansion like a partial.  A block outside a parent
 * follows the usual rule for its whitespace, while its pair decides the
 * indentation that an argument gets where the block lands.
 */
static void trim_parent(struct parser *p, size_t i)
{
	struct tok *t = &p->t[i];
	size_t lead, trail, end_lead, tmp;
	bool lc = left_clear(p, i, &lead);
	bool end_rc = right_clear(p, t->match, &trail);
	bool end_lc = left_clear(p, t->match, &end_lead);
	if (lc && (end_rc || right_clear(p, i, &tmp))) {
		swallow_line(p, i, lead, NONE);
		set_ind(t, lead);
	}
	if (end_rc && (lc || end_lc))
		drop(p, trail);
}

static void trim_block(struct parser *p, size_t i)
{
	struct tok *t = &p->t[i];
	size_t lead, trail, tmp;
	if (is_arg(p, i)) {
		if (right_clear(p, i, &trail)) {
			drop(p, trail);
			t->nflags |= NF_BODY_FRESH;
			t->intrinsic = true;
		}
		return;
	}
	bool start_sa = standalone(p, i, &lead);
	if (start_sa)
		t->nflags |= NF_FRESH | NF_BODY_FRESH;
	if (!left_clear(p, i, &lead) || !right_clear(p, t->match, &tmp))
		return;
	if (start_sa) {
		t->nflags |= NF_SITE_IND;
		t->intrinsic = true;
	} else {
		set_ind(t, lead);
	}
}

static void trim_close(struct parser *p, size_t i)
{
	size_t o = p->t[i].match, lead;
	if (p->t[o].type == K_PARENT)
		return; /* done with its opener */
	if (p->t[o].type == K_BLOCK && is_arg(p, o)) {
		if (left_clear(p, i, &lead))
			swallow_line(p, i, lead, NONE);
		return;
	}
	standalone(p, i, &lead);
}

static void trim_all(struct parser *p)
{
	size_t lead;
	for (size_t i = 0; i < p->n; i++) {
		struct tok *t = &p->t[i];
		switch (t->type) {
		case K_COMMENT:
		case K_DELIM:
		case K_SECTION:
		case K_INVERTED:
			standalone(p, i, &lead);
			break;
		case K_PARTIAL:
			if (standalone(p, i, &lead))
				set_ind(t, lead);
			break;
		case K_PARENT: trim_parent(p, i); break;
		case K_BLOCK: trim_block(p, i); break;
		case K_CLOSE: trim_close(p, i); break;
		}
	}
}

struct span {
	const char *s;
	size_t n;
};

struct builder {
	struct parser *p;
	struct node *v;
	size_t n, cap;
	char *pool;
	size_t pool_len;
	size_t open[MB_TMPL_MAX_DEPTH]; /* node index of each open container */
	size_t open_tok[MB_TMPL_MAX_DEPTH];
	size_t nopen;
	struct span strip[MB_TMPL_MAX_DEPTH]; /* intrinsic indentation of open blocks */
	size_t nstrip;
};

/* Cuts the intrinsic indentation of every enclosing block, outermost
 * first, from the start of a line. */
static void strip_line(const struct builder *b, const char **s, size_t *n)
{
	for (size_t k = 0; k < b->nstrip; k++) {
		const struct span *sp = &b->strip[k];
		if (*n < sp->n || memcmp(*s, sp->s, sp->n) != 0)
			return;
		*s += sp->n;
		*n -= sp->n;
	}
}

/* A block whose opening tag ends its line takes as intrinsic indentation
 * the whitespace that starts the next line, less what enclosing blocks
 * already cut: nested blocks re-indent relative to their parent block. */
static struct span intrinsic(const struct builder *b, size_t i)
{
	const struct parser *p = b->p;
	struct span sp = {"", 0};
	size_t j = i + 1;
	if (j >= p->n || !ends_nl(&p->t[j]) || j + 1 >= p->n || p->t[j + 1].type != K_TEXT)
		return sp;
	const char *s = p->t[j + 1].s;
	size_t n = p->t[j + 1].len;
	strip_line(b, &s, &n);
	sp.s = s;
	sp.n = blank_prefix(s, n);
	return sp;
}

/* The lead token precedes its tag on the line, so by now it is cut. */
static void set_site_ind(const struct builder *b, struct node *nd, const struct tok *t)
{
	nd->flags = t->nflags;
	if (t->ind_tok == NONE) {
		nd->ind = "";
		return;
	}
	nd->ind = b->p->t[t->ind_tok].s;
	nd->ind_len = b->p->t[t->ind_tok].len;
}

static struct node *emit(struct builder *b, int type, const struct tok *t)
{
	struct node nd = {.type = (uint8_t)type, .line = (uint32_t)t->line};
	MB_PUSH(b->v, b->n, b->cap, nd);
	return &b->v[b->n - 1];
}

/* Copies a name into the pool; dotted names become their parts, each
 * NUL-terminated, so lookups need no splitting while rendering. */
static void set_name(struct builder *b, struct node *nd, const struct tok *t, bool dotted)
{
	char *dst = b->pool + b->pool_len;
	nd->str = dst;
	nd->nparts = 1;
	if (dotted && t->len == 1 && t->s[0] == '.') {
		nd->nparts = 0;
		dst[0] = '\0';
		b->pool_len++;
		return;
	}
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (dotted && c == '.') {
			c = '\0';
			nd->nparts++;
		}
		dst[i] = c;
	}
	dst[t->len] = '\0';
	b->pool_len += t->len + 1;
}

static void open_container(struct builder *b, size_t i, struct node *nd)
{
	b->open[b->nopen] = (size_t)(nd - b->v);
	b->open_tok[b->nopen++] = i;
}

static void build_block(struct builder *b, size_t i)
{
	const struct tok *t = &b->p->t[i];
	struct span in = t->intrinsic ? intrinsic(b, i) : (struct span){"", 0};
	struct node *nd = emit(b, N_BLOCK, t);
	set_name(b, nd, t, false);
	set_site_ind(b, nd, t);
	if (t->intrinsic) {
		nd->ind = in.s;
		nd->ind_len = in.n;
	}
	open_container(b, i, nd);
	b->strip[b->nstrip++] = in;
}

static void build_close(struct builder *b)
{
	size_t at = b->open[--b->nopen];
	if (b->v[at].type == N_BLOCK)
		b->nstrip--;
	b->v[at].body = b->n - at - 1;
}

static void build_tag(struct builder *b, size_t i)
{
	struct tok *t = &b->p->t[i];
	struct node *nd;
	switch (t->type) {
	case K_TEXT:
		if (!(t->flags & TF_DROP) && t->len) {
			nd = emit(b, N_TEXT, t);
			nd->str = t->s;
			nd->len = t->len;
		}
		break;
	case K_VAR:
	case K_RAW:
		nd = emit(b, t->type == K_VAR ? N_VAR : N_RAW, t);
		set_name(b, nd, t, true);
		break;
	case K_SECTION:
	case K_INVERTED:
		nd = emit(b, t->type == K_SECTION ? N_SECTION : N_INVERTED, t);
		set_name(b, nd, t, true);
		open_container(b, i, nd);
		break;
	case K_PARTIAL:
	case K_PARENT:
		nd = emit(b, t->type == K_PARTIAL ? N_PARTIAL : N_PARENT, t);
		set_name(b, nd, t, false);
		set_site_ind(b, nd, t);
		if (t->type == K_PARENT)
			open_container(b, i, nd);
		break;
	case K_BLOCK: build_block(b, i); break;
	case K_CLOSE: build_close(b); break;
	}
}

static void build(struct builder *b)
{
	struct parser *p = b->p;
	for (size_t i = 0; i < p->n; i++) {
		struct tok *t = &p->t[i];
		size_t top = b->nopen ? b->open_tok[b->nopen - 1] : NONE;
		if (top != NONE && p->t[top].type == K_PARENT) {
			/* Inside a parent only its argument blocks matter. */
			if (t->type == K_BLOCK || (t->type == K_CLOSE && t->match == top))
				build_tag(b, i);
			else if (is_opener(t->type))
				i = t->match;
			continue;
		}
		if (i == 0 || ends_nl(&p->t[i - 1])) {
			if (!(t->flags & TF_NOINDENT))
				emit(b, N_INDENT, t);
			if (t->type == K_TEXT)
				strip_line(b, &t->s, &t->len);
		}
		build_tag(b, i);
	}
}

static int parse(struct tmpl *tm, size_t len, const char *srcname, mb_buf *err)
{
	struct parser p = {.src = tm->src, .end = tm->src + len, .srcname = srcname, .err = err};
	int rc = -1;
	if (lex(&p) == 0 && match(&p) == 0) {
		trim_all(&p);
		/* Every name is a piece of the source, so this never grows. */
		struct builder b = {.p = &p, .pool = mb_xmalloc(len + p.n + 1)};
		build(&b);
		tm->nodes = b.v;
		tm->nnodes = b.n;
		tm->pool = b.pool;
		rc = 0;
	}
	free(p.t);
	return rc;
}

/* ---- the set ---------------------------------------------------------- */

struct mb_tmpl_set *mb_tmpl_set_new(void)
{
	return mb_xcalloc(1, sizeof(struct mb_tmpl_set));
}

static void tmpl_free(struct tmpl *t)
{
	free(t->name);
	free(t->srcname);
	free(t->src);
	free(t->pool);
	free(t->nodes);
	free(t);
}

void mb_tmpl_set_free(struct mb_tmpl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		tmpl_free(s->v[i]);
	free(s->v);
	free(s);
}

/* Index of name in the sorted array, or where it would go (*found false). */
static size_t find_pos(const struct mb_tmpl_set *s, const char *name, bool *found)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid]->name, name);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static const struct tmpl *find_tmpl(const struct mb_tmpl_set *s, const char *name)
{
	bool found;
	size_t i = find_pos(s, name, &found);
	return found ? s->v[i] : NULL;
}

bool mb_tmpl_set_has(const struct mb_tmpl_set *s, const char *name)
{
	return find_tmpl(s, name) != NULL;
}

size_t mb_tmpl_set_count(const struct mb_tmpl_set *s)
{
	return s->n;
}

const char *mb_tmpl_set_source(const struct mb_tmpl_set *s, size_t i, const char **name,
                               size_t *len)
{
	*name = s->v[i]->name;
	*len = s->v[i]->len;
	return s->v[i]->src;
}

int mb_tmpl_set_add(struct mb_tmpl_set *s, const char *name, const char *src, size_t len,
                    const char *srcname, mb_buf *err)
{
	bool found;
	size_t at = find_pos(s, name, &found);
	if (found) {
		mb_buf_printf(err, _("%s:1: template \"%s\" is already loaded from %s\n"), srcname,
		              name, s->v[at]->srcname);
		return -1;
	}
	if (len > MB_TMPL_MAX_SOURCE) {
		mb_buf_printf(err, _("%s:1: template is %zu bytes; the limit is %zu MiB\n"), srcname,
		              len, MB_TMPL_MAX_SOURCE >> 20);
		return -1;
	}
	struct tmpl *t = mb_xcalloc(1, sizeof *t);
	t->src = mb_xmalloc(len + 1);
	if (len)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;
	if (parse(t, len, srcname, err) < 0) {
		tmpl_free(t);
		return -1;
	}
	t->name = mb_xstrdup(name);
	t->srcname = mb_xstrdup(srcname);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = mb_xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	memmove(s->v + at + 1, s->v + at, (s->n - at) * sizeof *s->v);
	s->v[at] = t;
	s->n++;
	return 0;
}

int mb_tmpl_set_check(const struct mb_tmpl_set *s, mb_buf *err)
{
	int rc = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct tmpl *t = s->v[i];
		for (size_t k = 0; k < t->nnodes; k++) {
			const struct node *nd = &t->nodes[k];
			if (nd->type != N_PARTIAL && nd->type != N_PARENT)
				continue;
			if (mb_tmpl_set_has(s, nd->str))
				continue;
			mb_buf_printf(err, nd->type == N_PARTIAL ? _("%s:%u: partial \"%s\" not found\n")
			                                         : _("%s:%u: parent \"%s\" not found\n"),
			              t->srcname, (unsigned)nd->line, nd->str);
			rc = -1;
		}
	}
	return rc;
}

/* ---- loading a folder ------------------------------------------------- */

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n > k && strcmp(s + n - k, suf) == 0;
}

/* A file or folder of the templates that cannot be used. */
static void walk_problem(void *ctx, const char *rel, enum mb_in_status st)
{
	struct { const struct mb_indir *in; mb_buf *err; } *w = ctx;
	char *path = mb_indir_shown(w->in, rel);
	mb_buf scratch;
	mb_buf_init(&scratch);
	mb_buf_printf(w->err, "%s: %s\n", path, mb_in_message(w->in, st, &scratch));
	mb_buf_release(&scratch);
	free(path);
}

/* Every "*.mustache" file is read inside the folder (indir.h), in sorted
 * order, so templates load in the same order (and errors print in the
 * same order) on every machine. */
int mb_tmpl_set_load_indir(struct mb_tmpl_set *s, const struct mb_indir *in, mb_buf *err)
{
	struct { const struct mb_indir *in; mb_buf *err; } ctx = {in, err};
	char **files;
	size_t n;
	int rc = mb_indir_walk(in, "", &files, &n, walk_problem, &ctx) ? -1 : 0;
	mb_buf src, scratch;
	mb_buf_init(&src);
	mb_buf_init(&scratch);
	for (size_t i = 0; i < n; i++) {
		if (!has_suffix(files[i], ".mustache"))
			continue;
		char *path = mb_indir_shown(in, files[i]);
		size_t size;
		enum mb_in_status st = mb_indir_read(in, files[i], MB_TMPL_MAX_SOURCE, &src, &size);
		if (st == MB_IN_TOO_BIG) {
			mb_buf_printf(err, _("%s: the template is %zu bytes, more than the limit of %zu MB\n"),
			              path, size, MB_TMPL_MAX_SOURCE >> 20);
			rc = -1;
		} else if (st != MB_IN_OK) {
			mb_buf_printf(err, "%s: %s\n", path, mb_in_message(in, st, &scratch));
			rc = -1;
		} else {
			files[i][strlen(files[i]) - strlen(".mustache")] = '\0';
			if (mb_tmpl_set_add(s, files[i], src.data, src.len, path, err) < 0)
				rc = -1;
		}
		free(path);
	}
	mb_indir_free_names(files, n);
	mb_buf_release(&src);
	mb_buf_release(&scratch);
	return rc;
}

int mb_tmpl_set_load_dir(struct mb_tmpl_set *s, const char *dir, mb_buf *err)
{
	struct mb_indir in;
	int rc;
	if (mb_indir_open(&in, dir, NULL) != 0) {
		mb_buf_printf(err, "%s: %s\n", in.path, strerror(errno));
		rc = -1;
	} else {
		rc = mb_tmpl_set_load_indir(s, &in, err);
	}
	mb_indir_close(&in);
	return rc;
}

/* ---- rendering -------------------------------------------------------- */

struct render {
	const struct mb_tmpl_set *set;
	mb_buf *out;
	size_t out_start; /* out->len before this render */
	const cJSON *ctx[MB_TMPL_MAX_DEPTH + 2]; /* context stack, innermost last */
	size_t nctx;
	struct span ind[MB_TMPL_MAX_DEPTH + 1]; /* N_INDENT prints ind[ind_lo..ind_hi) */
	size_t ind_lo, ind_hi;
	/* Parents being expanded, outermost first: their argument blocks. */
	const struct node *args[MB_TMPL_MAX_DEPTH + 1];
	size_t nargs;
	size_t depth;
	unsigned long expansions;
	unsigned long max_expansions; /* the limits of this render (mb_tmpl_render) */
	size_t max_output;
	bool skip_indent; /* the next N_INDENT is already printed as text */
	bool failed;
	enum mb_tmpl_fail why;
};

static void render_nodes(struct render *st, const struct node *n, size_t count);

/* Every level of nesting passes here, which bounds the fixed stacks above,
 * the C stack, and the output of a template that fans out. */
static bool fail(struct render *st, enum mb_tmpl_fail why)
{
	if (!st->failed)
		st->why = why;
	st->failed = true;
	return false;
}

static bool enter(struct render *st)
{
	if (st->failed)
		return false;
	if (st->depth >= MB_TMPL_MAX_DEPTH)
		return fail(st, MB_TMPL_FAIL_DEPTH);
	if (st->out->len - st->out_start > st->max_output)
		return fail(st, MB_TMPL_FAIL_OUTPUT);
	st->depth++;
	return true;
}

static bool enter_expansion(struct render *st)
{
	if (++st->expansions > st->max_expansions)
		return fail(st, MB_TMPL_FAIL_EXPANSIONS);
	return enter(st);
}

static const cJSON *lookup(const struct render *st, const struct node *n)
{
	if (n->nparts == 0)
		return st->nctx ? st->ctx[st->nctx - 1] : NULL;
	const char *part = n->str;
	const cJSON *v = NULL;
	for (size_t i = st->nctx; i-- > 0;)
		if (cJSON_IsObject(st->ctx[i]) &&
		    (v = cJSON_GetObjectItemCaseSensitive(st->ctx[i], part)) != NULL)
			break;
	for (uint32_t k = 1; v && k < n->nparts; k++) {
		part += strlen(part) + 1;
		v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, part) : NULL;
	}
	return v;
}

/* Our documented rule: numbers, 0 included, are truthy. */
static bool truthy(const cJSON *v)
{
	if (!v || cJSON_IsFalse(v) || cJSON_IsNull(v) || cJSON_IsInvalid(v))
		return false;
	if (cJSON_IsArray(v))
		return v->child != NULL;
	if (cJSON_IsString(v))
		return v->valuestring && v->valuestring[0];
	return true;
}

/* Shortest decimal that reads back as d; integers never in exponent form. */
static void put_number(mb_buf *out, double d)
{
	char tmp[40];
	if (d != d || d - d != 0) /* NaN, infinities: JSON has no spelling for them */
		return;
	if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(long long)d) {
		/* By hand: printf costs more than the rest of a table cell. */
		long long v = (long long)d;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		char *e = tmp + sizeof tmp, *p = e;
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--p = '-';
		mb_buf_put(out, p, (size_t)(e - p));
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	mb_buf_puts(out, tmp);
}

static void put_value(struct render *st, const cJSON *v, bool escape)
{
	if (cJSON_IsString(v) && v->valuestring) {
		size_t n = strlen(v->valuestring);
		if (escape)
			mb_buf_html(st->out, v->valuestring, n);
		else
			mb_buf_put(st->out, v->valuestring, n);
	} else if (cJSON_IsNumber(v)) {
		put_number(st->out, v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		mb_buf_puts(st->out, "true");
	} else if (cJSON_IsFalse(v)) {
		mb_buf_puts(st->out, "false");
	}
}

static void put_indent(struct render *st)
{
	if (st->skip_indent) {
		st->skip_indent = false;
		return;
	}
	for (size_t i = st->ind_lo; i < st->ind_hi; i++)
		mb_buf_put(st->out, st->ind[i].s, st->ind[i].n);
}

static void with_context(struct render *st, const cJSON *v, const struct node *body, size_t count)
{
	if (!enter(st))
		return;
	st->ctx[st->nctx++] = v;
	render_nodes(st, body, count);
	st->nctx--;
	st->depth--;
}

static void render_section(struct render *st, const struct node *n)
{
	const cJSON *v = lookup(st, n);
	if (!truthy(v))
		return;
	if (!cJSON_IsArray(v)) {
		with_context(st, v, n + 1, n->body);
		return;
	}
	/* Every pass over a list counts as an expansion: nested sections over
	 * lists multiply, and 40 levels over two-element lists would walk 2^40
	 * paths that print nothing, so the output limit alone never trips. */
	for (const cJSON *e = v->child; e && !st->failed; e = e->next) {
		if (++st->expansions > st->max_expansions) {
			fail(st, MB_TMPL_FAIL_EXPANSIONS);
			break;
		}
		with_context(st, e, n + 1, n->body);
	}
}

static void render_inverted(struct render *st, const struct node *n)
{
	if (truthy(lookup(st, n)) || !enter(st))
		return;
	render_nodes(st, n + 1, n->body);
	st->depth--;
}

/* Partials and parents: a standalone tag indents the whole expansion by
 * its own indentation; any other starts from none, as the spec indents
 * a template's own lines only. */
static void expand(struct render *st, const struct node *n, const struct tmpl *t)
{
	size_t lo = st->ind_lo, hi = st->ind_hi;
	if (n->flags & NF_SITE_IND)
		st->ind[st->ind_hi++] = (struct span){n->ind, n->ind_len};
	else
		st->ind_lo = st->ind_hi;
	render_nodes(st, t->nodes, t->nnodes);
	st->ind_lo = lo;
	st->ind_hi = hi;
}

static void render_partial(struct render *st, const struct node *n)
{
	const struct tmpl *t = find_tmpl(st->set, n->str);
	if (!t || !enter_expansion(st))
		return;
	expand(st, n, t);
	st->depth--;
}

static void render_parent(struct render *st, const struct node *n)
{
	const struct tmpl *t = find_tmpl(st->set, n->str);
	if (!t || !enter_expansion(st))
		return;
	st->args[st->nargs++] = n;
	expand(st, n, t);
	st->nargs--;
	st->depth--;
}

/* The outermost parent being expanded that passes a block of that name
 * wins: a page overrides its layout's layout. */
static const struct node *find_arg(const struct render *st, const char *name)
{
	for (size_t k = 0; k < st->nargs; k++) {
		const struct node *p = st->args[k], *end = p + 1 + p->body;
		for (const struct node *c = p + 1; c < end; c += 1 + c->body)
			if (strcmp(c->str, name) == 0)
				return c;
	}
	return NULL;
}

/*
 * A block renders the argument passed for it, or else its own body, in
 * the current context.  The body's lines get the block's indentation.
 * Its first line needs care: where the block's tag was a standalone line,
 * a body that starts mid-line still needs indenting; where the tag sat
 * after text on its line, that text already placed the first line.
 */
static void render_block(struct render *st, const struct node *n)
{
	const struct node *src = find_arg(st, n->str);
	if (!src)
		src = n;
	bool fresh = n->flags & NF_FRESH, body_fresh = src->flags & NF_BODY_FRESH;
	if (!enter_expansion(st))
		return;
	size_t hi = st->ind_hi;
	if (n->flags & NF_SITE_IND)
		st->ind[st->ind_hi++] = (struct span){n->ind, n->ind_len};
	if (fresh && !body_fresh && src->body)
		put_indent(st);
	if (!fresh && body_fresh)
		st->skip_indent = true;
	render_nodes(st, src + 1, src->body);
	st->skip_indent = false;
	st->ind_hi = hi;
	st->depth--;
}

static void render_nodes(struct render *st, const struct node *n, size_t count)
{
	if (count == 0)
		return; /* an empty template has no node array: NULL + 0 is undefined */
	const struct node *end = n + count;
	for (; n < end && !st->failed; n++) {
		switch (n->type) {
		case N_TEXT: mb_buf_put(st->out, n->str, n->len); break;
		case N_INDENT: put_indent(st); break;
		case N_VAR: put_value(st, lookup(st, n), true); break;
		case N_RAW: put_value(st, lookup(st, n), false); break;
		case N_SECTION: render_section(st, n); break;
		case N_INVERTED: render_inverted(st, n); break;
		case N_PARTIAL: render_partial(st, n); break;
		case N_PARENT: render_parent(st, n); break;
		case N_BLOCK: render_block(st, n); break;
		}
		n += n->body;
	}
}

/* The size of a context: its values and the bytes of its texts. */
static void measure(const cJSON *v, size_t *nodes, size_t *bytes)
{
	for (; v; v = v->next) {
		(*nodes)++;
		if (cJSON_IsString(v) && v->valuestring)
			*bytes += strlen(v->valuestring);
		if (v->string)
			*bytes += strlen(v->string);
		measure(v->child, nodes, bytes);
	}
}

int mb_tmpl_render_why(const struct mb_tmpl_set *s, const char *name, const cJSON *ctx,
                       mb_buf *out, enum mb_tmpl_fail *why)
{
	if (why)
		*why = MB_TMPL_FAIL_NAME;
	const struct tmpl *t = find_tmpl(s, name);
	if (!t)
		return -1;
	struct render st = {.set = s, .out = out, .out_start = out->len};
	/* A big context legitimately makes a big page; what the limits stop is
	 * a template that multiplies its data far beyond that. */
	size_t nodes = 0, bytes = 0;
	if (ctx)
		measure(ctx->child, &nodes, &bytes);
	st.max_expansions = MB_TMPL_MAX_EXPANSIONS + MB_TMPL_EXPANSIONS_PER_VALUE * (unsigned long)nodes;
	st.max_output = MB_TMPL_MAX_OUTPUT + MB_TMPL_OUTPUT_PER_BYTE * bytes +
	                MB_TMPL_OUTPUT_PER_VALUE * nodes;
	if (ctx)
		st.ctx[st.nctx++] = ctx;
	render_nodes(&st, t->nodes, t->nnodes);
	if (why)
		*why = st.why;
	return st.failed ? -1 : 0;
}

int mb_tmpl_render(const struct mb_tmpl_set *s, const char *name, const cJSON *ctx, mb_buf *out)
{
	return mb_tmpl_render_why(s, name, ctx, out, NULL);
}
