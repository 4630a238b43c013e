/* jsonfile.c - reading data files safely: limits, UTF-8, syntax, duplicate keys. */
#include "jsonfile.h"

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "overlay.h"
#include "i18n.h"

/* Line and column (1-based, column in characters) of byte offset off. */
static void line_col(const char *s, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;
	for (size_t i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* The message for a file that could not be read, at the file itself. */
static void read_problem(const struct mb_indir *in, const char *path, enum mb_in_status st,
                         size_t size, struct mb_diags *d)
{
	if (st == MB_IN_TOO_BIG) {
		mb_diag(d, MB_ERROR, path, "", _("the file is %zu bytes, more than the limit of %zu MB"),
		        size, MB_MAX_FILE_BYTES >> 20);
		return;
	}
	if (st == MB_IN_ERROR) {
		mb_diag(d, MB_ERROR, path, "", _("cannot open the file: %s"), strerror(errno));
		return;
	}
	mb_buf scratch;
	mb_buf_init(&scratch);
	mb_diag(d, MB_ERROR, path, "", "%s", mb_in_message(in, st, &scratch));
	mb_buf_release(&scratch);
}

int mb_text_check(const char *path, const char *buf, size_t len, struct mb_diags *d)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)buf;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80 && p[i] != 0) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || cp == 0) {
			unsigned line, col;
			line_col(buf, i, &line, &col);
			if (cp == 0 && k > 0)
				mb_diag_at(d, MB_ERROR, path, line, col, _("the file contains a NUL byte"));
			else
				mb_diag_at(d, MB_ERROR, path, line, col,
				           _("invalid UTF-8 (byte 0x%02X): save the file as UTF-8"), p[i]);
			return -1;
		}
		i += (size_t)k;
	}
	return 0;
}

char *mb_read_text(const struct mb_indir *in, const char *rel, size_t *len, struct mb_diags *d,
                   int *missing)
{
	if (missing)
		*missing = 0;
	*len = 0;
	char *path = mb_indir_shown(in, rel);
	mb_buf b;
	mb_buf_init(&b);
	size_t size;
	char *text = NULL;
	/* A file import is about to write (see overlay.h) is read, and
	 * checked, in place of the disk. */
	size_t olen;
	const char *ov = mb_overlay_get(path, &olen);
	if (ov) {
		if (mb_text_check(path, ov, olen, d) == 0) {
			text = mb_xstrndup(ov, olen);
			*len = olen;
		}
		mb_buf_release(&b);
		free(path);
		return text;
	}
	enum mb_in_status st = mb_indir_read(in, rel, MB_MAX_FILE_BYTES, &b, &size);
	if (st == MB_IN_MISSING && missing)
		*missing = 1;
	else if (st != MB_IN_OK)
		read_problem(in, path, st, size, d);
	else if (mb_text_check(path, b.data, b.len, d) == 0)
		text = mb_buf_detach(&b, len);
	mb_buf_release(&b);
	free(path);
	return text;
}

/*
 * cJSON recurses once per nesting level and silently turns "\u0000" into an
 * early end of string, so both are checked on the raw text first, together
 * with over-long strings.
 */
static int prescan(const char *path, const char *s, size_t len, struct mb_diags *d)
{
	int depth = 0;
	bool in_str = false;
	size_t str_start = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\') {
				if (i + 5 < len && s[i + 1] == 'u' && strncmp(s + i + 2, "0000", 4) == 0) {
					unsigned line, col;
					line_col(s, i, &line, &col);
					mb_diag_at(d, MB_ERROR, path, line, col,
					           _("text contains a NUL character (\\u0000), which is not allowed"));
					return -1;
				}
				i++;
			} else if (c == '"') {
				in_str = false;
				if (i - str_start > MB_MAX_STRING_BYTES) {
					unsigned line, col;
					line_col(s, str_start, &line, &col);
					mb_diag_at(d, MB_ERROR, path, line, col,
					           _("a text of %zu bytes is longer than the limit of %zu bytes"),
					           i - str_start, MB_MAX_STRING_BYTES);
					return -1;
				}
			}
			continue;
		}
		if (c == '"') {
			in_str = true;
			str_start = i;
		} else if (c == '{' || c == '[') {
			if (++depth > MB_MAX_DEPTH) {
				unsigned line, col;
				line_col(s, i, &line, &col);
				mb_diag_at(d, MB_ERROR, path, line, col,
				           _("nesting deeper than %d levels: no data file needs this"), MB_MAX_DEPTH);
				return -1;
			}
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 0;
}

void mb_ptr_key(mb_buf *ptr, const char *key)
{
	mb_buf_putc(ptr, '/');
	for (const char *k = key; *k; k++) {
		if (*k == '~')
			mb_buf_puts(ptr, "~0");
		else if (*k == '/')
			mb_buf_puts(ptr, "~1");
		else
			mb_buf_putc(ptr, *k);
	}
}

void mb_ptr_index(mb_buf *ptr, size_t i)
{
	mb_buf_printf(ptr, "/%zu", i);
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Where check_dups is: a chain of keys and indices up to the root, made
 * into a JSON Pointer only when there is something to report (a national
 * load visits millions of nodes and finds no duplicate). */
struct seg {
	const struct seg *up;
	const char *key; /* NULL: an array index */
	size_t index;
};

static void put_seg(mb_buf *ptr, const struct seg *s)
{
	if (!s)
		return;
	put_seg(ptr, s->up);
	if (s->key)
		mb_ptr_key(ptr, s->key);
	else
		mb_ptr_index(ptr, s->index);
}

static void report_dup(const char *path, const struct seg *at, const char *key,
                       struct mb_diags *d)
{
	mb_buf ptr;
	mb_buf_init(&ptr);
	put_seg(&ptr, at);
	mb_ptr_key(&ptr, key);
	mb_diag(d, MB_ERROR, path, ptr.data, _("the key \"%s\" appears more than once in the same "
	        "object"), key);
	mb_buf_release(&ptr);
}

/* Reports every key that appears twice in an object, recursively, once
 * per key.  Small objects (all of a data file's) are compared pair by pair;
 * larger ones sorted. */
static void check_dups(const char *path, const cJSON *node, const struct seg *at,
                       struct mb_diags *d)
{
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return;
	size_t n = 0, i = 0;
	for (const cJSON *c = node->child; c; c = c->next)
		n++;
	if (cJSON_IsObject(node) && n > 1 && n <= 16) {
		const char *keys[16];
		for (const cJSON *c = node->child; c; c = c->next)
			keys[i++] = c->string ? c->string : "";
		for (i = 1; i < n; i++) {
			size_t before = 0;
			for (size_t j = 0; j < i; j++)
				before += strcmp(keys[i], keys[j]) == 0;
			if (before == 1)
				report_dup(path, at, keys[i], d);
		}
	} else if (cJSON_IsObject(node) && n > 16) {
		char **keys = mb_xcalloc(n, sizeof *keys);
		for (const cJSON *c = node->child; c; c = c->next)
			keys[i++] = c->string ? c->string : "";
		qsort(keys, n, sizeof *keys, key_cmp);
		for (i = 1; i < n; i++) {
			if (strcmp(keys[i], keys[i - 1]) != 0 || (i > 1 && strcmp(keys[i], keys[i - 2]) == 0))
				continue;
			report_dup(path, at, keys[i], d);
		}
		free(keys);
	}
	i = 0;
	for (const cJSON *c = node->child; c; c = c->next, i++) {
		if (!cJSON_IsObject(c) && !cJSON_IsArray(c))
			continue;
		struct seg here = {at, cJSON_IsObject(node) ? (c->string ? c->string : "") : NULL, i};
		check_dups(path, c, &here, d);
	}
}

/*
 * cJSON allocates every node and string separately; freeing a tree of a
 * million nodes one by one cost a fifth of a national check.  While a file
 * is parsed, cJSON's allocations come from a bump arena of this thread, and
 * the whole tree is released with the arena.
 */
struct mb_arena {
	struct chunk *head;
};

struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
};

static _Thread_local struct mb_arena *cur_arena;

static void *arena_alloc(size_t n)
{
	struct mb_arena *a = cur_arena;
	if (!a)
		return malloc(n);
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	struct chunk *c = a->head;
	if (!c || c->used + n > c->cap) {
		size_t cap = n > ((size_t)1 << 20) ? n : (size_t)1 << 20;
		c = mb_xmalloc(sizeof *c + cap);
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void arena_free(void *p)
{
	if (!cur_arena)
		free(p);
}

static void install_hooks(void)
{
	static cJSON_Hooks hooks = {arena_alloc, arena_free};
	cJSON_InitHooks(&hooks);
}

/* The hooks are global to cJSON: install them once, before any thread parses. */
static void use_arena_hooks(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_hooks);
}

struct mb_arena *mb_arena_new(void)
{
	use_arena_hooks();
	return mb_xcalloc(1, sizeof(struct mb_arena));
}

void mb_arena_begin(struct mb_arena *a)
{
	cur_arena = a;
}

void mb_arena_end(struct mb_arena *a)
{
	cur_arena = NULL;
	/* Keep the newest chunk for the next round; free the others. */
	struct chunk *keep = a->head;
	if (!keep)
		return;
	for (struct chunk *c = keep->next, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	keep->next = NULL;
	keep->used = 0;
}

void mb_arena_free(struct mb_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void mb_jdoc_free(struct mb_jdoc *doc)
{
	if (!doc->arena)
		return;
	for (struct chunk *c = doc->arena->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc->arena);
	doc->arena = NULL;
	doc->root = NULL;
}

int mb_json_parse(const char *path, const char *text, size_t len, struct mb_diags *d,
                  struct mb_jdoc *doc)
{
	doc->root = NULL;
	doc->arena = NULL;
	if (prescan(path, text, len, d) != 0)
		return -1;
	const char *end = NULL;
	use_arena_hooks();
	doc->arena = mb_xcalloc(1, sizeof *doc->arena);
	cur_arena = doc->arena;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	cur_arena = NULL;
	if (!root) {
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		unsigned line, col;
		line_col(text, off, &line, &col);
		if (len == 0)
			mb_diag_at(d, MB_ERROR, path, 1, 1, _("the file is empty: expected a JSON object"));
		else
			mb_diag_at(d, MB_ERROR, path, line, col, _("JSON syntax error near \"%.*s\""),
			           (int)strcspn(text + off, "\n\r") > 20 ? 20 : (int)strcspn(text + off, "\n\r"),
			           text + off);
		mb_jdoc_free(doc);
		return -1;
	}
	/* Anything but whitespace after the value is a syntax error too. */
	const char *p = end;
	while (p && p < text + len && strchr(" \t\r\n", *p))
		p++;
	if (p && p < text + len) {
		unsigned line, col;
		line_col(text, (size_t)(p - text), &line, &col);
		mb_diag_at(d, MB_ERROR, path, line, col, _("unexpected text after the end of the JSON value"));
		mb_jdoc_free(doc);
		return -1;
	}
	check_dups(path, root, NULL, d);
	doc->root = root;
	return 0;
}

int mb_json_load(const struct mb_indir *in, const char *rel, struct mb_diags *d, int *missing,
                 struct mb_jdoc *doc)
{
	doc->root = NULL;
	doc->arena = NULL;
	size_t len = 0;
	char *text = mb_read_text(in, rel, &len, d, missing);
	if (!text)
		return -1;
	char *path = mb_indir_shown(in, rel);
	int rc = mb_json_parse(path, text, len, d, doc);
	free(path);
	free(text);
	return rc;
}
