/* num.h — strict number parsing for input that people type: the whole field must
 * be the number, no NaN, no infinities, no hex. */
#ifndef GP_NUM_H
#define GP_NUM_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Parses a decimal number (optional sign, digits, optional fraction, optional
 * exponent), surrounding spaces allowed. Returns true and sets *out on success. */
bool num_parse_double(const char *s, double *out);

/* Parses a decimal integer in [min, max]. */
bool num_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Formats v with `decimals` digits after the point and a comma every three digits
 * of the integer part ("12,345.68"); NaN prints as "—". Display only. */
void num_format_grouped(char *dst, size_t dstsz, double v, int decimals);

#endif
