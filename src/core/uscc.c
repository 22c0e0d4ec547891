/* uscc.c — GB 32100-2015 §4 and Annex: the check character is computed over the
 * 31-character set 0123456789ABCDEFGHJKLMNPQRTUWXY (I O S V Z are not used) with
 * weights W_i = 3^(i-1) mod 31, i.e. 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28;
 * C18 = 31 − (Σ C_i × W_i mod 31), where a result of 31 is written as 0. */
#include "core/uscc.h"

#include <string.h>

#include "util/str.h"

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Value + 1 of each character of the charset (0: not in it): a table, because
 * this runs for every row of every import. */
static const unsigned char value1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24,
    ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31,
};

static int char_value(char c)
{
	return (int)value1[(unsigned char)c] - 1;
}

int uscc_check_char(const char *code17, char *check)
{
	int sum = 0, c;

	for (int i = 0; i < 17; i++) {
		int v = char_value(code17[i]);
		if (v < 0)
			return GP_EINPUT;
		sum += v * weights[i];
	}
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	*check = charset[c];
	return GP_OK;
}

int uscc_normalize(const char *code, char out[USCC_LEN + 1], struct gp_err *err)
{
	size_t n = strlen(code);
	char expect;

	if (n != USCC_LEN)
		return gp_err_set(
		    err, GP_EINPUT,
		    "uscc '%s' has %zu characters (expected 18: 统一社会信用代码, GB 32100-2015)",
		    code, n);
	for (size_t i = 0; i < USCC_LEN; i++) {
		char c = code[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (char_value(c) < 0)
			return gp_err_set(err, GP_EINPUT,
					  "uscc '%s': character %zu '%c' is not allowed (expected "
					  "0-9 or A-Y without I, O, S, V, Z)",
					  code, i + 1,
					  (unsigned char)code[i] < 0x80 ? code[i] : '?');
		out[i] = c;
	}
	out[USCC_LEN] = '\0';
	for (size_t i = 2; i < 8; i++)
		if (out[i] < '0' || out[i] > '9')
			return gp_err_set(err, GP_EINPUT,
					  "uscc '%s': characters 3-8 must be the digits of an "
					  "administrative division code (found '%c' at %zu)",
					  code, out[i], i + 1);
	uscc_check_char(out, &expect);
	if (out[17] != expect)
		return gp_err_set(err, GP_EINPUT,
				  "uscc '%s': check character is '%c' but GB 32100-2015 gives '%c' "
				  "(mistyped code?)",
				  code, out[17], expect);
	return GP_OK;
}
