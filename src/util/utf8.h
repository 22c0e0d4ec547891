/* utf8.h — UTF-8 validation and terminal display width (East Asian wide = 2
 * columns), so tables with Chinese text line up. Never allocates. */
#ifndef GP_UTF8_H
#define GP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t n);

/* Decodes one code point at s (at most n bytes); returns its byte length
 * (1..4), or 0 on malformed input. */
int utf8_decode(const char *s, size_t n, unsigned *cp);

/* Display width of one code point: 0 (combining, control), 1 or 2 (wide). */
int utf8_cp_width(unsigned cp);

/* Display width of a NUL-terminated UTF-8 string; malformed bytes count 1. */
int utf8_width(const char *s);

/* Writes s then spaces so that it occupies `width` columns (left-aligned), or
 * spaces then s (right-aligned). Longer strings are written whole. */
void utf8_fput_padded(FILE *out, const char *s, int width, bool right);

#endif
