/* utf8.c — decoding and display width.
 * Wide ranges follow Unicode's East Asian Width (UAX #11) W and F classes,
 * reduced to the blocks that occur in park data: CJK, Hangul, fullwidth forms. */
#include "util/utf8.h"

#include <string.h>

int utf8_decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c;
	int len;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3;
		c = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	unsigned cp;

	while (i < n) {
		int len;
		if ((unsigned char)s[i] < 0x80) { /* ASCII: the common case */
			i++;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return false;
		i += (size_t)len;
	}
	return true;
}

int utf8_cp_width(unsigned cp)
{
	if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF)
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
	    (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
	    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

int utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0;
	int w = 0;

	while (i < n) {
		unsigned cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			w++;
			i++;
			continue;
		}
		w += utf8_cp_width(cp);
		i += (size_t)len;
	}
	return w;
}

void utf8_fput_padded(FILE *out, const char *s, int width, bool right)
{
	int pad = width - utf8_width(s);

	if (right)
		for (int i = 0; i < pad; i++)
			fputc(' ', out);
	fputs(s, out);
	if (!right)
		for (int i = 0; i < pad; i++)
			fputc(' ', out);
}
