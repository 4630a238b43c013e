/* chart_canvas.c - a palette image to draw charts on: inks, shapes, cached text, PNG. */
#include "chart_priv.h"

#include <libdeflate.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/*
 * Why a palette image: a chart is a few flat colours plus anti-aliased
 * text, which fits in well under 256 colours.  Encoding one byte a pixel
 * (no PNG row filters: on these images they made files 20% larger and
 * compression slower) measured 7 times faster than truecolour with files
 * 4-10 times smaller.  Text is blended in MB_AA_LEVELS steps, so most
 * charts keep within 16 colours and are written at 4 bits a pixel; the
 * ones drawn for every unit (share image, criteria) keep within 4 colours
 * at 2 bits (see mb_canvas.four): compression costs about the
 * same per byte whatever the content, so fewer bytes is what makes it
 * faster.
 */

/* libdeflate level for PNG data.  Measured on national unit charts (ms a
 * chart, bytes): level 2 was fastest, level 1 (its other matchfinder) 10-15%
 * slower and 6% larger, level 3 4% slower and 3% smaller, level 6 50%
 * slower.  zlib at levels 1-2, with or without Z_RLE, was 15-25% slower
 * than libdeflate level 2 for files 20-40% larger. */
#define PNG_LEVEL 2

/* Okabe-Ito colours for series and bands; greys chosen for contrast:
 * text 16.6:1 and muted text 7:1 on white. */
const uint32_t mb_chart_ink_rgb[MB_INK_COUNT] = {
	[MB_INK_BG] = 0xFFFFFF,
	[MB_INK_TEXT] = 0x1F1F1F,
	[MB_INK_MUTED] = 0x595959,
	[MB_INK_RULE] = 0x9E9E9E,
	[MB_INK_TRACK] = 0xEBEBEB,
	[MB_INK_S0] = 0x0072B2,   /* blue */
	[MB_INK_S1] = 0x009E73,   /* bluish green */
	[MB_INK_S2] = 0xE69F00,   /* orange */
	[MB_INK_S3] = 0xD55E00,   /* vermillion */
	[MB_INK_S4] = 0xCC79A7,   /* reddish purple */
	[MB_INK_S5] = 0x56B4E9,   /* sky blue */
	[MB_INK_S6] = 0xF0E442,   /* yellow */
	[MB_INK_HEAD] = 0x0B4F6C, /* share image header: white text 8.6:1 */
	[MB_INK_RAIL] = 0x8F8F8F, /* TEXT over white at 1/2: the letters' blending step */
};

static void reset(struct mb_canvas *c, const struct mb_chart_fonts *f, int w, int h, int scale)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->w = w;
	c->h = h;
	c->scale = scale;
	c->d = &mb_chart_dims[MB_CHART_DESKTOP];
	for (int i = 0; i < MB_INK_COUNT; i++)
		c->ink[i] = -1;
	memset(c->tween, 0xFF, sizeof c->tween);  /* -1: not computed */
}

void mb_canvas_measure(struct mb_canvas *c, const struct mb_chart_fonts *f, int w, int scale)
{
	reset(c, f, w, 0, scale);
}

/* Blending steps of letters on c. */
static int aa_levels(const struct mb_canvas *c)
{
	return c->four ? MB_AA_TWO_LEVELS : MB_AA_LEVELS;
}

/* The ink actually used: a four-colour canvas folds some into others. */
static enum mb_ink fold(const struct mb_canvas *c, enum mb_ink ink)
{
	if (c->four) {
		if (ink == MB_INK_MUTED)
			return MB_INK_TEXT;
		if (ink == MB_INK_TRACK || ink == MB_INK_RULE)
			return MB_INK_RAIL;
	}
	return ink;
}

static int ink_index(struct mb_canvas *c, enum mb_ink ink)
{
	ink = fold(c, ink);
	if (c->ink[ink] < 0) {
		uint32_t rgb = mb_chart_ink_rgb[ink];
		c->ink[ink] = gdImageColorResolve(c->im, (int)(rgb >> 16), (int)(rgb >> 8 & 0xFF),
		                                  (int)(rgb & 0xFF));
	}
	return c->ink[ink];
}

/*
 * gdImageCreate allocates every row of pixels on its own, and
 * gdImageDestroy frees them one by one: a thousand callocs and frees a
 * chart, 3% of the instructions of drawing the charts.  The image is made
 * one row high and given all its rows in one zeroed block instead (the
 * fields gdImageCreate derives from the height, sy and the clipping
 * rectangle's cy2, set as it would); mb_canvas_release gives gd back its
 * own row before gd frees the image.
 */
void mb_canvas_init(struct mb_canvas *c, const struct mb_chart_fonts *f, int w, int h, int scale)
{
	reset(c, f, w, h, scale);
	c->im = gdImageCreate(w, 1);
	if (!c->im)
		mb_die("out of memory for a %d x %d chart", w, h);
	c->block = mb_xcalloc((size_t)w * (size_t)h, 1);
	c->rows = mb_xmalloc((size_t)h * sizeof *c->rows);
	for (int y = 0; y < h; y++)
		c->rows[y] = c->block + (size_t)y * (size_t)w;
	c->gd_rows = c->im->pixels;
	c->im->pixels = c->rows;
	c->im->sy = h;
	c->im->cy2 = h - 1;
	/* The first colour allocated is the background gd fills with. */
	ink_index(c, MB_INK_BG);
}

void mb_canvas_release(struct mb_canvas *c)
{
	if (c->im) {
		c->im->pixels = c->gd_rows;
		c->im->sy = 1;
		c->im->cy2 = 0;
		gdImageDestroy(c->im);
	}
	free(c->rows);
	free(c->block);
	c->im = NULL;
	c->rows = c->gd_rows = NULL;
	c->block = NULL;
}

static void png_to_buf(png_structp png, png_bytep data, size_t len)
{
	mb_buf_put(png_get_io_ptr(png), data, len);
}

static void png_flush_none(png_structp png)
{
	(void)png;
}

#ifdef __SSE2__
/* Pairs neighbouring bytes of a and b (32 values below 1 << SHIFT) into 16
 * bytes v0 << SHIFT | v1: in each 16-bit lane the left value moves up and
 * the right one down, then lanes are narrowed to bytes. */
#define PAIR(a, b, SHIFT)                                                              \
	_mm_packus_epi16(                                                              \
		_mm_and_si128(_mm_or_si128(_mm_slli_epi16(a, SHIFT), _mm_srli_epi16(a, 8)), \
		              _mm_set1_epi16(0x00FF)),                                     \
		_mm_and_si128(_mm_or_si128(_mm_slli_epi16(b, SHIFT), _mm_srli_epi16(b, 8)), \
		              _mm_set1_epi16(0x00FF)))
#define LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#endif

/* Packs one row of palette indices (one byte a pixel, as libgd keeps them)
 * into depth bits a pixel.  Packing touches every pixel of every chart, so
 * the common depths go 32 or 64 pixels at a time. */
static void pack_row(unsigned char *restrict row, const unsigned char *restrict px, int w, int depth)
{
	int per = 8 / depth, n = (w + per - 1) / per, i = 0;
#ifdef __SSE2__
	if (depth == 4) {
		for (; 2 * (i + 16) <= w; i += 16)
			_mm_storeu_si128((__m128i *)(void *)(row + i),
			                 PAIR(LOAD(px + 2 * i), LOAD(px + 2 * i + 16), 4));
	} else if (depth == 2) {
		for (; 4 * (i + 16) <= w; i += 16) {
			const unsigned char *p = px + 4 * i;
			__m128i q0 = PAIR(LOAD(p), LOAD(p + 16), 2);
			__m128i q1 = PAIR(LOAD(p + 32), LOAD(p + 48), 2);
			_mm_storeu_si128((__m128i *)(void *)(row + i), PAIR(q0, q1, 4));
		}
	}
#endif
	for (; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < per; k++) {
			int x = i * per + k;
			v = (v << depth) | (x < w ? px[x] : 0);
		}
		row[i] = (unsigned char)v;
	}
}

/*
 * PNG: libpng writes the signature, header and palette and frames every
 * chunk; the image data is compressed in one call by libdeflate rather
 * than by libpng's zlib stream (see PNG_LEVEL).  Rows are packed here to
 * the fewest bits the palette needs (2 for four colours, 4 for 16), each
 * behind filter byte 0 (row filters do not help palette images).  No
 * timestamp chunk.
 */
int mb_canvas_png(struct mb_canvas *c, mb_buf *out, mb_buf *err)
{
	gdImagePtr im = c->im;
	int ncolors = gdImageColorsTotal(im);
	int depth = ncolors <= 2 ? 1 : ncolors <= 4 ? 2 : ncolors <= 16 ? 4 : 8;
	size_t rowbytes = ((size_t)c->w * (size_t)depth + 7) / 8;
	size_t rawlen = (rowbytes + 1) * (size_t)c->h;
	unsigned char *raw = mb_xmalloc(rawlen);
	for (int y = 0; y < c->h; y++) {
		unsigned char *row = raw + (size_t)y * (rowbytes + 1);
		row[0] = 0;
		if (depth == 8)
			memcpy(row + 1, im->pixels[y], rowbytes);
		else
			pack_row(row + 1, im->pixels[y], c->w, depth);
	}
	struct libdeflate_compressor *z = libdeflate_alloc_compressor(PNG_LEVEL);
	if (!z)
		mb_die("out of memory for a PNG compressor");
	size_t cap = libdeflate_zlib_compress_bound(z, rawlen);
	unsigned char *volatile zdata = mb_xmalloc(cap);
	size_t zlen = libdeflate_zlib_compress(z, raw, rawlen, zdata, cap);
	libdeflate_free_compressor(z);
	free(raw);

	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info || zlen == 0) {
		png_destroy_write_struct(&png, &info);
		free(zdata);
		mb_buf_printf(err, "chart: libpng could not start a %d x %d PNG", c->w, c->h);
		return -1;
	}
	size_t start = out->len;
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(zdata);
		out->len = start;
		out->data[start] = '\0';
		mb_buf_printf(err, "chart: libpng could not encode a %d x %d PNG", c->w, c->h);
		return -1;
	}
	png_set_write_fn(png, out, png_to_buf, png_flush_none);
	png_set_IHDR(png, info, (png_uint_32)c->w, (png_uint_32)c->h, depth, PNG_COLOR_TYPE_PALETTE,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_color pal[256];
	for (int i = 0; i < ncolors; i++) {
		pal[i].red = (png_byte)gdImageRed(im, i);
		pal[i].green = (png_byte)gdImageGreen(im, i);
		pal[i].blue = (png_byte)gdImageBlue(im, i);
	}
	png_set_PLTE(png, info, pal, ncolors);
	png_write_info(png, info);
	png_write_chunk(png, (png_const_bytep) "IDAT", zdata, zlen);
	png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
	png_destroy_write_struct(&png, &info);
	free(zdata);
	return 0;
}

void mb_canvas_rect(struct mb_canvas *c, int x, int y, int w, int h, enum mb_ink ink)
{
	if (!c->im)
		return;
	/* Clip, then fill rows directly: gdImageFilledRectangle sets pixels
	 * one call at a time, which was the largest cost after PNG. */
	int x1 = x + w, y1 = y + h;
	x = x < 0 ? 0 : x;
	y = y < 0 ? 0 : y;
	x1 = x1 > c->w ? c->w : x1;
	y1 = y1 > c->h ? c->h : y1;
	if (x >= x1 || y >= y1)
		return;
	int idx = ink_index(c, ink);
	for (int yy = y; yy < y1; yy++)
		memset(c->im->pixels[yy] + x, idx, (size_t)(x1 - x));
}

void mb_canvas_hatch(struct mb_canvas *c, int x, int y, int w, int h, enum mb_ink ink)
{
	if (!c->im || w <= 0 || h <= 0)
		return;
	int fg = ink_index(c, ink), bg = ink_index(c, MB_INK_BG);
	int period = 6 * c->scale, thick = 3 * c->scale, edge = c->scale;
	for (int yy = y; yy < y + h; yy++) {
		if (yy < 0 || yy >= c->h)
			continue;
		unsigned char *row = c->im->pixels[yy];
		for (int xx = x; xx < x + w; xx++) {
			if (xx < 0 || xx >= c->w)
				continue;
			bool border = yy < y + edge || yy >= y + h - edge || xx < x + edge ||
			              xx >= x + w - edge;
			/* Stripes rising to the right; x + y stays positive. */
			bool stripe = (xx + (y + h - yy)) % period < thick;
			row[xx] = (unsigned char)(border || stripe ? fg : bg);
		}
	}
}

void mb_canvas_disc(struct mb_canvas *c, int cx, int cy, int r, enum mb_ink ink)
{
	if (!c->im || r <= 0)
		return;
	/* Row by row: the span of each row is the largest dx with
	 * dx^2 + dy^2 <= r^2 + r (a disc that looks round at small radii). */
	int dx = r;
	for (int dy = 0; dy <= r; dy++) {
		while (dx > 0 && dx * dx + dy * dy > r * r + r)
			dx--;
		mb_canvas_rect(c, cx - dx, cy - dy, 2 * dx + 1, 1, ink);
		if (dy)
			mb_canvas_rect(c, cx - dx, cy + dy, 2 * dx + 1, 1, ink);
	}
}

void mb_canvas_polygon(struct mb_canvas *c, const gdPoint *p, int n, enum mb_ink ink)
{
	if (c->im)
		gdImageFilledPolygon(c->im, (gdPointPtr)p, n, ink_index(c, ink));
}

/* The palette index of ink over palette colour bg at level/aa_levels(c). */
static int tween(struct mb_canvas *c, enum mb_ink ink, int bg, int level)
{
	int16_t *slot = bg < 64 ? &c->tween[ink][bg][level - 1] : NULL;
	if (slot && *slot >= 0)
		return *slot;
	uint32_t rgb = mb_chart_ink_rgb[ink];
	int fr = (int)(rgb >> 16), fg = (int)(rgb >> 8 & 0xFF), fb = (int)(rgb & 0xFF);
	gdImagePtr im = c->im;
	int L = aa_levels(c), k = L - level;
	int r = (fr * level + im->red[bg] * k + L / 2) / L;
	int g = (fg * level + im->green[bg] * k + L / 2) / L;
	int b = (fb * level + im->blue[bg] * k + L / 2) / L;
	int idx = gdImageColorResolve(im, r, g, b);
	if (slot)
		*slot = (int16_t)idx;
	return idx;
}

/* Sets n bytes at p to v.  Most fully covered runs of a letter are a few
 * pixels long, where calling memset costs more than a store or two
 * (overlapping when n is not a power of two). */
static inline void fill(unsigned char *p, unsigned char v, size_t n)
{
	uint64_t v8 = 0x0101010101010101u * v;
	uint32_t v4 = (uint32_t)v8;
	uint16_t v2 = (uint16_t)v8;
	if (n > 16) {
		memset(p, v, n);
	} else if (n >= 8) {
		memcpy(p, &v8, 8);
		memcpy(p + n - 8, &v8, 8);
	} else if (n >= 4) {
		memcpy(p, &v4, 4);
		memcpy(p + n - 4, &v4, 4);
	} else if (n >= 2) {
		memcpy(p, &v2, 2);
		memcpy(p + n - 2, &v2, 2);
	} else if (n) {
		*p = v;
	}
}

/*
 * Draws a glyph's runs with its box at (x, y).  Text is most of the runs a
 * chart draws, tens of millions in a national build, so the work per run
 * is kept small: a four-colour canvas takes the glyph's runs already in
 * its two steps, and a box wholly inside the canvas (nearly every one) is
 * not clipped run by run.
 */
static void blit(struct mb_canvas *c, int x, int y, const struct mb_glyph *g, enum mb_ink ink)
{
	ink = fold(c, ink);
	int fg = ink_index(c, ink), L = aa_levels(c);
	const struct mb_glyph_run *runs = c->four ? g->runs_two : g->runs;
	uint32_t n = c->four ? g->nruns_two : g->nruns;
	bool inside = x >= 0 && y >= 0 && x + g->w <= c->w && y + g->h <= c->h;
	unsigned char **rows = c->im->pixels;
	for (uint32_t i = 0; i < n; i++) {
		const struct mb_glyph_run *r = &runs[i];
		int yy = y + r->y, x0 = x + r->x, x1 = x0 + r->n;
		if (!inside) {
			if (yy < 0 || yy >= c->h)
				continue;
			x0 = x0 < 0 ? 0 : x0;
			x1 = x1 > c->w ? c->w : x1;
			if (x0 >= x1)
				continue;
		}
		unsigned char *row = rows[yy];
		if (r->level >= L) {
			fill(row + x0, (unsigned char)fg, (size_t)(x1 - x0));
			continue;
		}
		for (int xx = x0; xx < x1; xx++)
			row[xx] = (unsigned char)tween(c, ink, row[xx], r->level);
	}
}

/* Lays out n bytes of text from pen x; draws when draw is true.  Returns
 * the pen's end in 1/64 px. */
static int32_t run(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                   enum mb_ink ink, const char *s, size_t n, bool draw)
{
	int32_t pen = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += mb_chart_utf8(s + i, n - i, &cp);
		const struct mb_glyph *g = mb_chart_glyph(c->f, face, px, cp);
		if (prev)
			pen += mb_chart_kern(c->f, face, px, prev, g->gid);
		if (draw && g->nruns)
			blit(c, x + ((pen + 32) >> 6) + g->left, y - g->top, g, ink);
		pen += g->adv;
		prev = g->gid;
	}
	return pen;
}

int mb_canvas_text_width(const struct mb_canvas *c, enum mb_face face, int px,
                         const char *s, size_t n)
{
	return (run((struct mb_canvas *)c, 0, 0, face, px, MB_INK_TEXT, s, n, false) + 32) >> 6;
}

int mb_canvas_text(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                   enum mb_ink ink, const char *s, size_t n)
{
	return x + ((run(c, x, y, face, px, ink, s, n, c->im != NULL) + 32) >> 6);
}

int mb_canvas_span(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                   enum mb_ink ink, const char *s, struct mb_chart_span sp)
{
	x = mb_canvas_text(c, x, y, face, px, ink, s + sp.off, sp.len);
	if (sp.ellipsis)
		x = mb_canvas_text(c, x, y, face, px, ink, "\xE2\x80\xA6", 3);
	return x;
}

static int measure_cb(const void *ctx, const char *s, size_t n)
{
	const struct mb_canvas_font *cf = ctx;
	return mb_canvas_text_width(cf->c, cf->face, cf->px, s, n);
}

struct mb_chart_measure mb_canvas_measurer(const struct mb_canvas_font *cf)
{
	struct mb_chart_measure m = {measure_cb, cf};
	return m;
}

int mb_canvas_text_fit(struct mb_canvas *c, int x, int y, enum mb_face face, int px,
                       enum mb_ink ink, const char *s, int maxw, bool right)
{
	struct mb_canvas_font cf = {c, face, px};
	struct mb_chart_measure m = mb_canvas_measurer(&cf);
	struct mb_chart_span sp = mb_chart_fit(&m, s, strlen(s), maxw);
	int w = mb_canvas_text_width(c, face, px, s, sp.len);
	if (sp.ellipsis)
		w += mb_canvas_text_width(c, face, px, "\xE2\x80\xA6", 3);
	mb_canvas_span(c, right ? x - w : x, y, face, px, ink, s, sp);
	return w;
}
