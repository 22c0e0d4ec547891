/* num.c — strict parsing and display formatting of numbers. */
#include "util/num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/* Checks the grammar before strtod so that "0x10", "inf", "nan", "1e" and the
 * like are refused (strtod accepts several of them). */
static bool decimal_grammar(const char *s, const char **end)
{
	const char *p = s;
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		if (*q == '+' || *q == '-')
			q++;
		if (!isdigit((unsigned char)*q))
			return false;
		while (isdigit((unsigned char)*q))
			q++;
		p = q;
	}
	*end = p;
	return true;
}

/* The common case of a meter reading, [-+]digits[.digits] with at most 15 digits and no
 * exponent, without strtod: the digits make an integer below 2^53 and 10^k (k <= 15) is
 * exact, so their quotient is correctly rounded, the value strtod gives (Clinger, "How to
 * read floating point numbers accurately", PLDI 1990, the fast path). false: not that
 * case, use strtod. */
static bool decimal_fast(const char *s, const char *end, double *out)
{
	static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
					 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	int64_t m = 0;
	int digits = 0, frac = -1;
	bool neg = *s == '-';

	if (*s == '+' || *s == '-')
		s++;
	for (; s < end; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || ++digits > 15)
			return false; /* an exponent, or too many digits */
		m = m * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	*out = frac > 0 ? (double)m / pow10[frac] : (double)m;
	if (neg)
		*out = -*out;
	return true;
}

bool num_parse_double(const char *s, double *out)
{
	const char *start = s, *gend;
	char *end;
	double v;

	while (*start == ' ' || *start == '\t')
		start++;
	if (!decimal_grammar(start, &gend))
		return false;
	for (const char *p = gend; *p; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	if (decimal_fast(start, gend, out))
		return true;
	errno = 0;
	v = strtod(start, &end);
	if (end != gend || !isfinite(v) || errno == ERANGE)
		return false;
	*out = v;
	return true;
}

bool num_parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	char *end;
	long long v;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return false;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0' || v < min || v > max)
		return false;
	*out = (int64_t)v;
	return true;
}

void num_format_grouped(char *dst, size_t dstsz, double v, int decimals)
{
	/* DBL_MAX has 309 integer digits: raw holds them with a sign and up to 88
	 * decimals, out adds their 102 commas, so no value is cut short. */
	char raw[400], out[520];
	const char *p, *dot;
	size_t o = 0, intlen;

	if (isnan(v)) {
		str_copy(dst, dstsz, "—");
		return;
	}
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	p = raw;
	if (*p == '-')
		out[o++] = *p++;
	dot = strchr(p, '.');
	intlen = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = p[i];
	}
	if (dot)
		for (const char *q = dot; *q && o < sizeof(out) - 1; q++)
			out[o++] = *q;
	out[o] = '\0';
	/* "-0.00" reads as a sign error to a person; show "0.00". */
	if (out[0] == '-') {
		bool zero = true;
		for (size_t i = 1; i < o; i++)
			if (out[i] != '0' && out[i] != '.' && out[i] != ',')
				zero = false;
		if (zero) {
			str_copy(dst, dstsz, out + 1);
			return;
		}
	}
	str_copy(dst, dstsz, out);
}
