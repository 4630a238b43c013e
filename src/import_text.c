/* import_text.c - comparing spreadsheet text: folding names and headers. */
#include "import_priv.h"

#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"

/*
 * Vietnamese is written with the tone mark on either vowel of "oa", "oe"
 * and "uy" ("Hòa" and "Hoà", "Thủy" and "Thuỷ"): both spellings are in
 * daily use, often in the same workbook.  Folding moves the mark to the
 * second vowel.
 */
static const char *const tone_pairs[][2] = {
	{"òa", "oà"}, {"óa", "oá"}, {"ỏa", "oả"}, {"õa", "oã"}, {"ọa", "oạ"},
	{"òe", "oè"}, {"óe", "oé"}, {"ỏe", "oẻ"}, {"õe", "oẽ"}, {"ọe", "oẹ"},
	{"ùy", "uỳ"}, {"úy", "uý"}, {"ủy", "uỷ"}, {"ũy", "uỹ"}, {"ụy", "uỵ"},
};

/* Whether code point cp is part of a word: letters, marks and digits. */
static bool word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

char *mb_fold(const char *s)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                  UTF8PROC_CASEFOLD);
	if (n < 0) {
		/* Text from the readers is valid UTF-8; be safe anyway. */
		free(m);
		return mb_xstrdup("");
	}
	mb_buf b;
	mb_buf_init(&b);
	bool space = true; /* drops leading spaces and runs of them */
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(m + i, n - i, &cp);
		if (k <= 0)
			break;
		if (!word_char(cp)) {
			if (!space)
				mb_buf_putc(&b, ' ');
			space = true;
		} else {
			if (cp == 0xF0) /* casefolded Ð (U+00D0), often typed for Đ */
				mb_buf_puts(&b, "đ");
			else
				mb_buf_put(&b, m + i, (size_t)k);
			space = false;
		}
		i += k;
	}
	free(m);
	if (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	/* Tone placement, in place: each pair has the same byte length. */
	for (size_t p = 0; p < sizeof tone_pairs / sizeof *tone_pairs; p++) {
		size_t len = strlen(tone_pairs[p][0]);
		for (char *q = strstr(b.data, tone_pairs[p][0]); q; q = strstr(q + len, tone_pairs[p][0]))
			memcpy(q, tone_pairs[p][1], len);
	}
	char *out = mb_buf_detach(&b, NULL);
	mb_buf_release(&b);
	return out;
}

/* Abbreviations of unit names, as whole words after folding. */
static const char *const abbrev[][2] = {
	{"tp", "thành phố"}, {"tx", "thị xã"}, {"h", "huyện"}, {"p", "phường"},
	{"tt", "thị trấn"}, {"q", "quận"},
	{"uỷ ban nhân dân", "ubnd"}, /* folded: the tone mark sits on the y */
};

char *mb_fold_name(const char *s)
{
	char *f = mb_fold(s);
	mb_buf b;
	mb_buf_init(&b);
	const char *p = f;
	while (*p) {
		const char *rep = NULL;
		size_t used = 0;
		for (size_t a = 0; a < sizeof abbrev / sizeof *abbrev && !rep; a++) {
			size_t len = strlen(abbrev[a][0]);
			if (strncmp(p, abbrev[a][0], len) == 0 && (p[len] == ' ' || !p[len])) {
				rep = abbrev[a][1];
				used = len;
			}
		}
		if (!rep) {
			used = strcspn(p, " ");
			mb_buf_put(&b, p, used);
		} else {
			mb_buf_puts(&b, rep);
		}
		p += used;
		if (*p == ' ') {
			mb_buf_putc(&b, ' ');
			p++;
		}
	}
	free(f);
	/* "UBND" in front of a name may be there or not. */
	char *out = b.data;
	size_t skip = strncmp(out, "ubnd ", 5) == 0 ? 5 : 0;
	char *r = mb_xstrdup(out + skip);
	mb_buf_release(&b);
	return r;
}

/* The kinds of units a name may start with, longest first. */
static const char *const unit_kinds[] = {
	"thành phố", "thị trấn", "thị xã", "huyện", "phường", "quận", "xã", "tỉnh", NULL,
};

const char *mb_fold_bare(const char *folded_name)
{
	for (const char *const *k = unit_kinds; *k; k++) {
		size_t len = strlen(*k);
		if (strncmp(folded_name, *k, len) == 0 && folded_name[len] == ' ')
			return folded_name + len + 1;
	}
	return folded_name;
}

bool mb_fold_has(const char *folded, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return false;
	for (const char *p = strstr(folded, word); p; p = strstr(p + 1, word)) {
		bool start = p == folded || p[-1] == ' ';
		bool end = p[n] == '\0' || p[n] == ' ';
		if (start && end)
			return true;
	}
	return false;
}

bool mb_fold_starts(const char *folded, const char *word)
{
	size_t n = strlen(word);
	return n && strncmp(folded, word, n) == 0 && (folded[n] == '\0' || folded[n] == ' ');
}
