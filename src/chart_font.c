/* chart_font.c - chart fonts: loading, Vietnamese coverage check, glyph and kerning caches. */
#include "chart_priv.h"

#include <errno.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"
#include "indir.h"

/*
 * Glyphs come from FreeType directly, into a cache of our own.  libgd's
 * gdImageStringFTEx lays out and rasterises every string again (twice:
 * once to measure, once to draw), with TrueType hinting, under one global
 * mutex: most of a small site's chart time went there, one thread at a
 * time.  Here each (face, size, codepoint) is rasterised once, unhinted
 * (the outlines as designed, which at chart sizes look as good and keep
 * advances exact), by whichever thread needs it first, with a FreeType
 * instance of its own; later requests read the cache without a lock.
 * Kerning comes from the font's 'kern' table, read here.  The image the
 * glyphs are drawn on is still libgd's.
 */

#define PAGES 0x1100            /* codepoints up to U+10FFFF, 256 a page */

struct glyph_page {
	_Atomic(struct mb_glyph *) g[256];
};

struct size_cache {
	_Atomic(struct glyph_page *) pages[PAGES];
};

struct kern_pair {
	uint32_t key;   /* left glyph << 16 | right glyph */
	int32_t value;  /* font units */
};

struct face {
	const char *shown; /* as the caller gave it, for messages */
	uint8_t *data;  /* the font file, for cmap and kern */
	size_t len;
	size_t cmap;    /* offset of the chosen cmap subtable, 0 if none */
	unsigned cmap_format;
	unsigned upem;
	struct kern_pair *kern;
	size_t nkern;
	/* Pairs with left glyph g are kern[kern_at[g]] to kern[kern_at[g + 1]]
	 * (g <= kern_last): a lookup searches a handful, not the table. */
	uint32_t *kern_at;
	uint32_t kern_last;
	_Atomic(struct size_cache *) sizes[MB_CHART_MAX_PX + 1];
};

/* A FreeType instance: FreeType objects may be used by one thread at a
 * time, so each rasterising thread borrows one of these from a pool. */
struct ft {
	FT_Library lib;
	FT_Face face[MB_NFACES];
	struct ft *next;
};

struct mb_chart_fonts {
	struct face face[MB_NFACES];
	bool shared;    /* bold is the regular face */
	pthread_mutex_t lock;  /* held while a glyph is added */
	pthread_mutex_t pool_lock;
	struct ft *pool;       /* instances not in use */
};

/* Every letter of Vietnamese, and the symbols the charts themselves draw:
 * a font lacking any of them would print boxes. */
static const char vietnamese[] =
	"aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
	"pqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
	"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"
	"PQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ"
	"0123456789%,.:/()-–·…";

static unsigned rd16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* True when [off, off + n) lies inside the file. */
static bool in_file(const struct face *fc, size_t off, size_t n)
{
	return off <= fc->len && n <= fc->len - off;
}

size_t mb_chart_utf8(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t c = u[0], min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = c << 6 | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	*cp = c;
	return len;
}

/* --- Reading the font file: table directory, cmap, kern. --- */

/* Offset of the table tagged tag, or 0 (and *n = 0) when absent. */
static size_t find_table(const struct face *fc, const char *tag, size_t *n)
{
	*n = 0;
	if (!in_file(fc, 0, 12))
		return 0;
	unsigned count = rd16(fc->data + 4);
	for (unsigned i = 0; i < count; i++) {
		size_t rec = 12 + (size_t)i * 16;
		if (!in_file(fc, rec, 16))
			return 0;
		if (memcmp(fc->data + rec, tag, 4) != 0)
			continue;
		size_t off = rd32(fc->data + rec + 8), len = rd32(fc->data + rec + 12);
		if (!in_file(fc, off, len))
			return 0;
		*n = len;
		return off;
	}
	return 0;
}

/* Picks the Unicode cmap subtable: full repertoire (format 12) first. */
static void load_cmap(struct face *fc)
{
	static const struct { unsigned pid, eid, format; } pref[] = {
		{3, 10, 12}, {0, 4, 12}, {0, 6, 12}, {3, 1, 4}, {0, 3, 4}, {0, 1, 4}, {0, 0, 4},
	};
	size_t n, off = find_table(fc, "cmap", &n);
	if (!off || n < 4)
		return;
	unsigned count = rd16(fc->data + off + 2);
	for (size_t p = 0; p < sizeof pref / sizeof pref[0]; p++) {
		for (unsigned i = 0; i < count; i++) {
			size_t rec = off + 4 + (size_t)i * 8;
			if (!in_file(fc, rec, 8))
				return;
			if (rd16(fc->data + rec) != pref[p].pid ||
			    rd16(fc->data + rec + 2) != pref[p].eid)
				continue;
			size_t sub = off + rd32(fc->data + rec + 4);
			if (!in_file(fc, sub, 16) || rd16(fc->data + sub) != pref[p].format)
				continue;
			fc->cmap = sub;
			fc->cmap_format = pref[p].format;
			return;
		}
	}
}

static uint32_t cmap4(const struct face *fc, uint32_t cp)
{
	const uint8_t *d = fc->data;
	size_t t = fc->cmap;
	if (cp > 0xFFFF)
		return 0;
	unsigned segs = rd16(d + t + 6) / 2;
	size_t ends = t + 14, starts = ends + 2 * (size_t)segs + 2;
	size_t deltas = starts + 2 * (size_t)segs, ranges = deltas + 2 * (size_t)segs;
	if (!in_file(fc, ends, 8 * (size_t)segs + 2))
		return 0;
	size_t lo = 0, hi = segs;
	while (lo < hi) {  /* first segment whose end >= cp */
		size_t mid = (lo + hi) / 2;
		if (rd16(d + ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == segs || rd16(d + starts + 2 * lo) > cp)
		return 0;
	unsigned start = rd16(d + starts + 2 * lo), delta = rd16(d + deltas + 2 * lo);
	size_t roff = ranges + 2 * lo;
	unsigned range = rd16(d + roff);
	if (range == 0)
		return (cp + delta) & 0xFFFF;
	size_t at = roff + range + 2 * (size_t)(cp - start);
	if (!in_file(fc, at, 2))
		return 0;
	unsigned g = rd16(d + at);
	return g ? (g + delta) & 0xFFFF : 0;
}

static uint32_t cmap12(const struct face *fc, uint32_t cp)
{
	const uint8_t *d = fc->data;
	size_t t = fc->cmap;
	uint32_t groups = rd32(d + t + 12);
	if (!in_file(fc, t + 16, (size_t)groups * 12))
		return 0;
	size_t lo = 0, hi = groups;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const uint8_t *g = d + t + 16 + mid * 12;
		if (rd32(g + 4) < cp)
			lo = mid + 1;
		else if (rd32(g) > cp)
			hi = mid;
		else
			return rd32(g + 8) + (cp - rd32(g));
	}
	return 0;
}

/* The font's glyph index for cp, 0 when it has none. */
static uint32_t glyph_index(const struct face *fc, uint32_t cp)
{
	if (!fc->cmap)
		return 0;
	return fc->cmap_format == 12 ? cmap12(fc, cp) : cmap4(fc, cp);
}

static int kern_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct kern_pair *)a)->key, y = ((const struct kern_pair *)b)->key;
	return (x > y) - (x < y);
}

/* Reads the horizontal format-0 subtables of a version-0 'kern' table,
 * summing pairs listed in several, as FreeType does. */
static void load_kern(struct face *fc)
{
	size_t n, off = find_table(fc, "kern", &n), cap = 0;
	if (!off || n < 4 || rd16(fc->data + off) != 0)
		return;
	unsigned count = rd16(fc->data + off + 2);
	size_t sub = off + 4;
	for (unsigned i = 0; i < count && in_file(fc, sub, 14); i++) {
		unsigned len = rd16(fc->data + sub + 2), cov = rd16(fc->data + sub + 4);
		unsigned pairs = rd16(fc->data + sub + 6);
		/* A subtable's 16-bit length overflows on big tables: trust the pair count. */
		size_t next = sub + 14 + (size_t)pairs * 6;
		if ((cov >> 8) == 0 && (cov & 0x7) == 1 && in_file(fc, sub + 14, (size_t)pairs * 6)) {
			for (unsigned k = 0; k < pairs; k++) {
				const uint8_t *p = fc->data + sub + 14 + (size_t)k * 6;
				struct kern_pair kp = {rd16(p) << 16 | rd16(p + 2),
				                       (int16_t)rd16(p + 4)};
				MB_PUSH(fc->kern, fc->nkern, cap, kp);
			}
		}
		sub = (cov >> 8) == 0 ? next : sub + len;
	}
	if (!fc->nkern)
		return;
	qsort(fc->kern, fc->nkern, sizeof *fc->kern, kern_cmp);
	size_t w = 0;
	for (size_t r = 0; r < fc->nkern; r++) {
		if (w > 0 && fc->kern[w - 1].key == fc->kern[r].key)
			fc->kern[w - 1].value += fc->kern[r].value;
		else
			fc->kern[w++] = fc->kern[r];
	}
	fc->nkern = w;
	fc->kern_last = fc->kern[w - 1].key >> 16;
	fc->kern_at = mb_xmalloc(((size_t)fc->kern_last + 2) * sizeof *fc->kern_at);
	size_t r = 0;
	for (uint32_t g = 0; g <= fc->kern_last + 1; g++) {
		while (r < w && fc->kern[r].key >> 16 < g)
			r++;
		fc->kern_at[g] = (uint32_t)r;
	}
}

/* A regular file only, opened without blocking (a FIFO would hang the
 * build): see indir.h. */
static int read_file(struct face *fc, mb_buf *err)
{
	mb_buf b, scratch;
	mb_buf_init(&b);
	mb_buf_init(&scratch);
	size_t size;
	enum mb_in_status st = mb_read_regular(fc->shown, MB_MAX_FONT_BYTES, &b, &size);
	if (st == MB_IN_OK) {
		fc->data = (uint8_t *)mb_buf_detach(&b, &fc->len);
	} else if (st == MB_IN_TOO_BIG) {
		mb_buf_printf(err, _("font \"%s\": larger than %u MB"), fc->shown, MB_MAX_FONT_BYTES >> 20);
	} else if (st == MB_IN_ERROR || st == MB_IN_MISSING) {
		mb_buf_printf(err, _("font \"%s\": cannot open: %s"), fc->shown,
		              strerror(st == MB_IN_MISSING ? ENOENT : errno));
	} else {
		mb_buf_printf(err, _("font \"%s\": %s"), fc->shown, mb_in_message(NULL, st, &scratch));
	}
	mb_buf_release(&b);
	mb_buf_release(&scratch);
	return st == MB_IN_OK ? 0 : -1;
}

static void ft_free(struct ft *t)
{
	for (int i = 0; i < MB_NFACES; i++)
		if (t->face[i])
			FT_Done_Face(t->face[i]);
	if (t->lib)
		FT_Done_FreeType(t->lib);
	free(t);
}

/* A FreeType instance over the fonts' bytes; NULL with a message in err
 * (when err is given) if FreeType cannot read one of them. */
static struct ft *ft_new(const struct mb_chart_fonts *f, mb_buf *err)
{
	struct ft *t = mb_xcalloc(1, sizeof *t);
	if (FT_Init_FreeType(&t->lib) != 0) {
		if (err)
			mb_buf_printf(err, _("fonts: cannot start FreeType"));
		ft_free(t);
		return NULL;
	}
	for (int i = 0; i < (f->shared ? 1 : MB_NFACES); i++) {
		const struct face *fc = &f->face[i];
		FT_Error e = FT_New_Memory_Face(t->lib, fc->data, (FT_Long)fc->len, 0, &t->face[i]);
		if (e != 0) {
			if (err)
				mb_buf_printf(err, _("font \"%s\": FreeType cannot use it (error %d)"),
				              fc->shown, e);
			ft_free(t);
			return NULL;
		}
	}
	return t;
}

static struct ft *ft_borrow(struct mb_chart_fonts *f)
{
	pthread_mutex_lock(&f->pool_lock);
	struct ft *t = f->pool;
	if (t)
		f->pool = t->next;
	pthread_mutex_unlock(&f->pool_lock);
	if (!t && !(t = ft_new(f, NULL)))
		mb_die("fonts: FreeType failed on fonts it read before");
	return t;
}

static void ft_return(struct mb_chart_fonts *f, struct ft *t)
{
	pthread_mutex_lock(&f->pool_lock);
	t->next = f->pool;
	f->pool = t;
	pthread_mutex_unlock(&f->pool_lock);
}

static int parse_face(struct face *fc, mb_buf *err)
{
	size_t n, head = find_table(fc, "head", &n);
	if (!head || n < 20) {
		mb_buf_printf(err, _("font \"%s\": not a TrueType or OpenType font"), fc->shown);
		return -1;
	}
	fc->upem = rd16(fc->data + head + 18);
	if (fc->upem == 0)
		fc->upem = 2048;
	load_cmap(fc);
	if (!fc->cmap) {
		mb_buf_printf(err, _("font \"%s\": has no Unicode character map"), fc->shown);
		return -1;
	}
	load_kern(fc);
	return 0;
}

/* Checks that the font has every Vietnamese letter. */
static int check_face(struct face *fc, mb_buf *err)
{
	for (size_t i = 0; vietnamese[i];) {
		uint32_t cp;
		size_t k = mb_chart_utf8(vietnamese + i, sizeof vietnamese - 1 - i, &cp);
		if (!glyph_index(fc, cp)) {
			mb_buf_printf(err, _("font \"%s\": has no letter \"%.*s\" (U+%04X), "
			              "so Vietnamese text would show boxes; use a font "
			              "with Vietnamese letters such as DejaVu Sans"),
			              fc->shown, (int)k, vietnamese + i, (unsigned)cp);
			return -1;
		}
		i += k;
	}
	return 0;
}

static int open_face(struct face *fc, const char *path, mb_buf *err)
{
	fc->shown = path;
	if (read_file(fc, err) || parse_face(fc, err) || check_face(fc, err))
		return -1;
	return 0;
}

static void glyph_free(struct mb_glyph *g)
{
	if (g) {
		free(g->runs);
		free(g->runs_two);
		free(g);
	}
}

static void release_face(struct face *fc)
{
	for (int px = 0; px <= MB_CHART_MAX_PX; px++) {
		struct size_cache *sc = atomic_load(&fc->sizes[px]);
		if (!sc)
			continue;
		for (size_t p = 0; p < PAGES; p++) {
			struct glyph_page *pg = atomic_load(&sc->pages[p]);
			if (!pg)
				continue;
			for (int i = 0; i < 256; i++) {
				glyph_free(atomic_load(&pg->g[i]));
			}
			free(pg);
		}
		free(sc);
	}
	free(fc->data);
	free(fc->kern);
	free(fc->kern_at);
}

struct mb_chart_fonts *mb_chart_fonts_new(const char *regular, const char *bold, mb_buf *err)
{
	if (!regular) {
		regular = MB_CHART_FONT_REGULAR;
		if (!bold)
			bold = MB_CHART_FONT_BOLD;
	}
	struct mb_chart_fonts *f = mb_xcalloc(1, sizeof *f);
	pthread_mutex_init(&f->lock, NULL);
	pthread_mutex_init(&f->pool_lock, NULL);
	f->shared = !bold || strcmp(bold, regular) == 0;
	if (open_face(&f->face[MB_FACE_REGULAR], regular, err) ||
	    (!f->shared && open_face(&f->face[MB_FACE_BOLD], bold, err))) {
		mb_chart_fonts_free(f);
		return NULL;
	}
	/* FreeType reads the fonts once here, so that a font it cannot use
	 * is an error now, not in the middle of drawing. */
	struct ft *t = ft_new(f, err);
	if (!t) {
		mb_chart_fonts_free(f);
		return NULL;
	}
	ft_return(f, t);
	return f;
}

void mb_chart_fonts_free(struct mb_chart_fonts *f)
{
	if (!f)
		return;
	for (struct ft *t = f->pool, *next; t; t = next) {
		next = t->next;
		ft_free(t);
	}
	for (int i = 0; i < MB_NFACES; i++)
		release_face(&f->face[i]);
	pthread_mutex_destroy(&f->lock);
	pthread_mutex_destroy(&f->pool_lock);
	free(f);
}

/* --- Glyphs --- */

static const struct face *face_of(const struct mb_chart_fonts *f, enum mb_face face)
{
	return f->shared ? &f->face[MB_FACE_REGULAR] : &f->face[face];
}

/* Rasterises glyph gid of face at px pixels, unhinted, into runs of
 * coverage levels. */
/* g's runs in MB_AA_TWO_LEVELS steps (runs_two): each level rounded as
 * a blend of MB_AA_LEVELS steps rounds to the nearer of fewer, and runs
 * that then touch on one row with one level made one. */
static void two_levels(struct mb_glyph *g)
{
	if (!g->nruns)
		return;
	g->runs_two = mb_xcalloc(g->nruns, sizeof *g->runs_two);
	for (uint32_t i = 0; i < g->nruns; i++) {
		struct mb_glyph_run r = g->runs[i];
		r.level = (uint8_t)((r.level * MB_AA_TWO_LEVELS + MB_AA_LEVELS / 2) / MB_AA_LEVELS);
		if (!r.level)
			continue;
		struct mb_glyph_run *last = g->nruns_two ? &g->runs_two[g->nruns_two - 1] : NULL;
		if (last && last->y == r.y && last->x + last->n == r.x && last->level == r.level)
			last->n = (uint16_t)(last->n + r.n);
		else
			g->runs_two[g->nruns_two++] = r;
	}
}

static struct mb_glyph *rasterise(FT_Face face, int px, uint32_t gid, uint32_t cp)
{
	struct mb_glyph *g = mb_xcalloc(1, sizeof *g);
	g->gid = gid;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return g;  /* control characters: nothing, no advance */
	if (FT_Set_Pixel_Sizes(face, 0, (FT_UInt)px) != 0 ||
	    FT_Load_Glyph(face, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0)
		return g;
	FT_GlyphSlot slot = face->glyph;
	/* 16.16 to 26.6, rounded: the advance of the outline as designed. */
	g->adv = (int32_t)((slot->linearHoriAdvance + 512) >> 10);
	if (slot->format != FT_GLYPH_FORMAT_BITMAP &&
	    FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL) != 0)
		return g;
	const FT_Bitmap *bm = &slot->bitmap;
	if (bm->pixel_mode != FT_PIXEL_MODE_GRAY || bm->width == 0 || bm->rows == 0)
		return g;
	g->left = (int16_t)slot->bitmap_left;
	g->top = (int16_t)slot->bitmap_top;
	g->w = (uint16_t)bm->width;
	g->h = (uint16_t)bm->rows;
	size_t cap = 0;
	int scale = bm->num_grays > 1 ? bm->num_grays - 1 : 255;
	for (unsigned y = 0; y < bm->rows; y++) {
		const unsigned char *row = bm->buffer + (ptrdiff_t)y * bm->pitch;
		int prev = 0;
		for (unsigned x = 0; x < bm->width; x++) {
			int level = (row[x] * MB_AA_LEVELS + scale / 2) / scale;
			if (level && level == prev) {
				g->runs[g->nruns - 1].n++;
			} else if (level) {
				if (g->nruns == cap) {
					cap = cap ? 2 * cap : 64;
					g->runs = mb_xrealloc(g->runs, cap * sizeof *g->runs);
				}
				g->runs[g->nruns++] = (struct mb_glyph_run){
					(uint16_t)y, (uint16_t)x, 1, (uint8_t)level};
			}
			prev = level;
		}
	}
	two_levels(g);
	return g;
}

const struct mb_glyph *mb_chart_glyph(const struct mb_chart_fonts *cf, enum mb_face face,
                                      int px, uint32_t cp)
{
	/* The cache is the mutable part of a logically constant object. */
	struct mb_chart_fonts *f = (struct mb_chart_fonts *)cf;
	struct face *fc = (struct face *)face_of(f, face);
	if (px < 1 || px > MB_CHART_MAX_PX)
		mb_die("chart: text size %d px out of range", px);
	if (cp > 0x10FFFF)
		cp = 0xFFFD;
	struct size_cache *sc = atomic_load_explicit(&fc->sizes[px], memory_order_acquire);
	struct glyph_page *pg = sc ? atomic_load_explicit(&sc->pages[cp >> 8], memory_order_acquire) : NULL;
	struct mb_glyph *g = pg ? atomic_load_explicit(&pg->g[cp & 0xFF], memory_order_acquire) : NULL;
	if (g)
		return g;
	/* Rasterised outside the lock, so threads meeting new letters at the
	 * same time work side by side; the first to finish stores its glyph
	 * (all are the same). */
	struct ft *t = ft_borrow(f);
	struct mb_glyph *mine = rasterise(t->face[f->shared ? MB_FACE_REGULAR : face], px,
	                                  glyph_index(fc, cp), cp);
	ft_return(f, t);
	pthread_mutex_lock(&f->lock);
	sc = atomic_load(&fc->sizes[px]);
	if (!sc) {
		sc = mb_xcalloc(1, sizeof *sc);
		atomic_store_explicit(&fc->sizes[px], sc, memory_order_release);
	}
	pg = atomic_load(&sc->pages[cp >> 8]);
	if (!pg) {
		pg = mb_xcalloc(1, sizeof *pg);
		atomic_store_explicit(&sc->pages[cp >> 8], pg, memory_order_release);
	}
	g = atomic_load(&pg->g[cp & 0xFF]);
	if (!g) {
		g = mine;
		mine = NULL;
		atomic_store_explicit(&pg->g[cp & 0xFF], g, memory_order_release);
	}
	pthread_mutex_unlock(&f->lock);
	glyph_free(mine);
	return g;
}

int32_t mb_chart_kern(const struct mb_chart_fonts *f, enum mb_face face, int px,
                      uint32_t left, uint32_t right)
{
	const struct face *fc = face_of(f, face);
	if (!fc->nkern || !left || !right || left > 0xFFFF || right > 0xFFFF)
		return 0;
	if (left > fc->kern_last)
		return 0;
	uint32_t key = left << 16 | right;
	size_t lo = fc->kern_at[left], hi = fc->kern_at[left + 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (fc->kern[mid].key < key)
			lo = mid + 1;
		else if (fc->kern[mid].key > key)
			hi = mid;
		else {
			int64_t v = (int64_t)fc->kern[mid].value * px * 64;
			int64_t d = fc->upem;
			return (int32_t)(v >= 0 ? (v + d / 2) / d : -((-v + d / 2) / d));
		}
	}
	return 0;
}

void mb_chart_vmetrics(const struct mb_chart_fonts *f, enum mb_face face, int px,
                       int *ascent, int *descent)
{
	/* Capitals with stacked marks reach highest; dots below and
	 * descenders reach lowest. */
	static const uint32_t high[] = {0x1EDE, 0x1EAA, 0x1EA4, 0x1EB2, 0x00C1, 0x1ED6, 'd'};
	static const uint32_t low[] = {'g', 'p', 'y', 0x1EF5, 0x1EF1, 0x1EF0, 0x1EB6};
	int a = 0, d = 0;
	for (size_t i = 0; i < sizeof high / sizeof high[0]; i++) {
		const struct mb_glyph *g = mb_chart_glyph(f, face, px, high[i]);
		a = g->top > a ? g->top : a;
	}
	for (size_t i = 0; i < sizeof low / sizeof low[0]; i++) {
		const struct mb_glyph *g = mb_chart_glyph(f, face, px, low[i]);
		int below = g->h - g->top;
		d = below > d ? below : d;
	}
	*ascent = a;
	*descent = d;
}
