/* test_util.c — the util layer: strict number parsing and grouped formatting
 * (num.c), UTF-8 validation and display width (utf8.c; RFC 3629 and Unicode's
 * UAX #11 East Asian Width), the hash maps (map.c), and bounded strings and the
 * capped buffer (str.c). */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/err.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"
#include "util/utf8.h"

/* ---- num.c ---------------------------------------------------------------- */

static void parse_double_accepts(void **state)
{
	static const struct {
		const char *in;
		double want;
	} ok[] = {
	    /* Each want is the same decimal written as a C literal, so both sides
	     * are the correctly rounded double of that decimal. */
	    {"1e3", 1000.0},
	    {" 12.5 ", 12.5},
	    {"+3", 3.0},
	    {"-0.5", -0.5},
	    {"\t7\t", 7.0},
	    {".5", 0.5},
	    {"5.", 5.0},
	    {"0.1", 0.1},
	    {"1E-3", 1e-3},
	    {"2.5e+2", 250.0},
	    {"-1e-2", -0.01},
	    {"007", 7.0},
	    {"123456789.125", 123456789.125},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		double v = NAN;
		if (!num_parse_double(ok[i].in, &v))
			fail_msg("'%s' refused", ok[i].in);
		if (v != ok[i].want)
			fail_msg("'%s' read as %.17g, expected %.17g", ok[i].in, v, ok[i].want);
	}
}

static void parse_double_rejects(void **state)
{
	/* "１２" is in fullwidth digits (U+FF11 U+FF12). */
	static const char *const bad[] = {
	    "",    " ",     "abc",   "0x10",  "inf",   "-inf",   "infinity", "nan", "NAN",  "1e",
	    "1e+", "e3",    "1,234", "1.2.3", "1e999", "-1e999", "--1",      "+-1", ".",    "-",
	    "1 2", "12abc", "1e3.5", "1e3e3", "1_000", "１２",   "1\n",      "\n1", "1.0f", "0b10",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double v = 42.0;
		if (num_parse_double(bad[i], &v))
			fail_msg("'%s' accepted as %g", bad[i], v);
		assert_true(v == 42.0); /* *out untouched */
	}
}

/* num_parse_double's fast path (no strtod for up to 15 digits without an exponent) must give
 * the bits strtod gives, the correctly rounded value: 200,000 random decimals of 1-17 digits
 * with the point anywhere and either sign, the 16- and 17-digit ones through strtod. */
static void parse_double_fast_path_is_strtod(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	char s[40];

	(void)state;
	for (int t = 0; t < 200000; t++) {
		int digits, point, n = 0;
		double got, want;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		digits = 1 + (int)(x % 17);
		point = (int)((x >> 8) % (uint64_t)(digits + 1));
		if ((x >> 16) & 1)
			s[n++] = '-';
		for (int d = 0; d < digits; d++) {
			if (d == point && d > 0)
				s[n++] = '.';
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s[n++] = (char)('0' + x % 10);
		}
		s[n] = '\0';
		assert_true(num_parse_double(s, &got));
		want = strtod(s, NULL);
		if (memcmp(&got, &want, sizeof(got)) != 0)
			fail_msg("'%s': %.17g, strtod %.17g", s, got, want);
	}
}

static void parse_int64(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_true(num_parse_int64("42", INT64_MIN, INT64_MAX, &v));
	assert_int_equal(v, 42);
	assert_true(num_parse_int64(" -7 ", INT64_MIN, INT64_MAX, &v));
	assert_true(v == -7);
	assert_true(num_parse_int64("+5", 0, 10, &v));
	assert_int_equal(v, 5);
	/* [min, max] is inclusive at both ends. */
	assert_true(num_parse_int64("1", 1, 10, &v));
	assert_true(num_parse_int64("10", 1, 10, &v));
	v = 99;
	assert_false(num_parse_int64("0", 1, 10, &v));
	assert_false(num_parse_int64("11", 1, 10, &v));
	assert_int_equal(v, 99);
	/* int64 limits: 2^63 − 1 = 9223372036854775807, −2^63. */
	assert_true(num_parse_int64("9223372036854775807", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MAX);
	assert_true(num_parse_int64("-9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MIN);
	assert_false(num_parse_int64("9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_false(num_parse_int64("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	assert_false(num_parse_int64("99999999999999999999999", INT64_MIN, INT64_MAX, &v));
	{
		static const char *const bad[] = {"",    " ",   "1.0", "1e3", "0x10", "12abc",
						  "--1", "+-1", "1 2", "abc", "-",    "１"};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (num_parse_int64(bad[i], INT64_MIN, INT64_MAX, &v))
				fail_msg("'%s' accepted", bad[i]);
	}
}

static void format_grouped(void **state)
{
	static const struct {
		double v;
		int decimals;
		const char *want;
	} cases[] = {
	    {12345.678, 2, "12,345.68"},
	    {0.0, 2, "0.00"},
	    {999.0, 0, "999"},
	    {1000.0, 0, "1,000"},
	    {100000.0, 0, "100,000"},
	    {1234567.891, 1, "1,234,567.9"},
	    {-1234.5, 2, "-1,234.50"},
	    {-999.0, 0, "-999"},
	    {-1000.0, 0, "-1,000"},
	    /* −999999.999 rounds to −1000000.00 at two decimals. */
	    {-999999.999, 2, "-1,000,000.00"},
	    /* A negative that rounds to zero prints without the sign. */
	    {-0.001, 2, "0.00"},
	    {-0.0, 0, "0"},
	    {-0.4, 0, "0"},
	    {-0.005, 1, "0.0"},
	    /* 10^20 is exact in binary64. */
	    {1e20, 0, "100,000,000,000,000,000,000"},
	    {0.5, 3, "0.500"},
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		num_format_grouped(out, sizeof(out), cases[i].v, cases[i].decimals);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%.17g with %d decimals: \"%s\", expected \"%s\"", cases[i].v,
				 cases[i].decimals, out, cases[i].want);
	}
	/* NaN (a missing value) prints as an em dash, U+2014 (E2 80 94). */
	num_format_grouped(out, sizeof(out), NAN, 2);
	assert_string_equal(out, "\xe2\x80\x94");
	/* The destination bounds the output. */
	num_format_grouped(out, 6, 12345.678, 2);
	assert_string_equal(out, "12,34");
}

/* Large magnitudes keep every digit: the output without its commas is what
 * printf's %.*f gives (C11 7.21.6.1), and the commas fall every three digits
 * counted from the decimal point. DBL_MAX has 309 integer digits. */
static void format_grouped_huge(void **state)
{
	static const double values[] = {1e70, -1e100, DBL_MAX, -DBL_MAX, 123456789012345678.0};
	static const int decimals[] = {0, 2};

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		for (size_t d = 0; d < 2; d++) {
			char got[600], want[600], plain[600];
			const char *dot, *digits;
			size_t k = 0, intlen;

			num_format_grouped(got, sizeof(got), values[i], decimals[d]);
			str_fmt(want, sizeof(want), "%.*f", decimals[d], values[i]);
			for (const char *q = got; *q; q++)
				if (*q != ',')
					plain[k++] = *q;
			plain[k] = '\0';
			if (strcmp(plain, want) != 0)
				fail_msg("%g: \"%s\" is not %s grouped", values[i], got, want);
			digits = got[0] == '-' ? got + 1 : got;
			dot = strchr(digits, '.');
			intlen = dot ? (size_t)(dot - digits) : strlen(digits);
			for (size_t j = 0; j < intlen; j++)
				assert_int_equal(digits[j] == ',', (intlen - j) % 4 == 0);
		}
}

/* ---- utf8.c --------------------------------------------------------------- */

static void widths(void **state)
{
	(void)state;
	assert_int_equal(utf8_width(""), 0);
	assert_int_equal(utf8_width("abc"), 3);
	/* CJK ideographs are W (wide) in UAX #11. */
	assert_int_equal(utf8_width("中文"), 4);
	/* U+FF21 FULLWIDTH LATIN CAPITAL LETTER A is F (fullwidth). */
	assert_int_equal(utf8_width("\xef\xbc\xa1"), 2);
	/* U+FF71 HALFWIDTH KATAKANA LETTER A is H (halfwidth): one column. */
	assert_int_equal(utf8_width("\xef\xbd\xb1"), 1);
	/* U+3000 IDEOGRAPHIC SPACE is F. */
	assert_int_equal(utf8_width("\xe3\x80\x80"), 2);
	/* U+0301 COMBINING ACUTE ACCENT takes no column: "é" as e + U+0301 is 1. */
	assert_int_equal(utf8_width("\xcc\x81"), 0);
	assert_int_equal(utf8_width("e\xcc\x81"), 1);
	/* U+200B ZERO WIDTH SPACE. */
	assert_int_equal(utf8_width("a\xe2\x80\x8b"
				    "b"),
			 2);
	/* Hangul syllable 한 U+D55C is W. */
	assert_int_equal(utf8_width("\xed\x95\x9c"), 2);
	assert_int_equal(utf8_width("A中b"), 4);
	assert_int_equal(utf8_width("山亭经济开发区 (SEDZ)"), 14 + 7);
	/* Malformed bytes count one column each. */
	assert_int_equal(utf8_width("a\xff"
				    "b"),
			 3);
	assert_int_equal(utf8_width("\xe4\xb8"), 2);

	assert_int_equal(utf8_cp_width(0x4E2D), 2);
	assert_int_equal(utf8_cp_width('A'), 1);
	assert_int_equal(utf8_cp_width(0x0301), 0);
	assert_int_equal(utf8_cp_width('\t'), 0);
	assert_int_equal(utf8_cp_width(0x85), 0);
	assert_int_equal(utf8_cp_width(0xA0), 1);
}

static void validity(void **state)
{
	static const char *const valid[] = {
	    "",
	    "abc",
	    "中文",
	    "\xc2\x80",         /* U+0080, smallest 2-byte */
	    "\xdf\xbf",         /* U+07FF */
	    "\xe0\xa0\x80",     /* U+0800, smallest 3-byte */
	    "\xed\x9f\xbf",     /* U+D7FF, just below the surrogates */
	    "\xee\x80\x80",     /* U+E000, just above them */
	    "\xef\xbf\xbf",     /* U+FFFF */
	    "\xf0\x90\x80\x80", /* U+10000, smallest 4-byte */
	    "\xf0\x9f\x98\x80", /* U+1F600 */
	    "\xf4\x8f\xbf\xbf", /* U+10FFFF, the last code point */
	};
	/* RFC 3629 §3-4: overlong forms, surrogates, beyond U+10FFFF, F5-FF. */
	static const char *const invalid[] = {
	    "\xc0\x80",         /* overlong U+0000 */
	    "\xc0\xaf",         /* overlong '/' */
	    "\xc1\xbf",         /* overlong U+007F */
	    "\xe0\x80\x80",     /* overlong U+0000 in 3 bytes */
	    "\xe0\x9f\xbf",     /* overlong U+07FF */
	    "\xf0\x80\x80\x80", /* overlong in 4 bytes */
	    "\xf0\x8f\xbf\xbf", /* overlong U+FFFF */
	    "\xed\xa0\x80",     /* U+D800, high surrogate */
	    "\xed\xbf\xbf",     /* U+DFFF, low surrogate */
	    "\xf4\x90\x80\x80", /* U+110000 */
	    "\xf5\x80\x80\x80",
	    "\xf8\x88\x80\x80\x80",
	    "\xfe",
	    "\xff",
	    "\x80", /* lone continuation byte */
	    "a\xbf"
	    "b",
	    "\xe4\xb8",     /* 中 cut short */
	    "\xe4\x41\xad", /* bad continuation */
	    "\xc3\xfb",     /* GBK 名 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (!utf8_valid(valid[i], strlen(valid[i])))
			fail_msg("valid string %zu refused", i);
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		if (utf8_valid(invalid[i], strlen(invalid[i])))
			fail_msg("invalid string %zu accepted", i);
	/* The length is honoured: 中 (E4 B8 AD) cut to 2 bytes is malformed, and a
	 * NUL inside the range is U+0000, well-formed. */
	assert_false(utf8_valid("中", 2));
	assert_true(utf8_valid("a\0b", 3));
	{
		unsigned cp = 0;
		/* € U+20AC is E2 82 AC. */
		assert_int_equal(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
		assert_int_equal(cp, 0x20AC);
		assert_int_equal(utf8_decode("\xe2\x82\xac", 2, &cp), 0);
		assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
		assert_int_equal(cp, 0x1F600);
		assert_int_equal(utf8_decode("", 0, &cp), 0);
	}
}

static void padded(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	utf8_fput_padded(fp, "中文", 6, false);
	fputc('|', fp);
	utf8_fput_padded(fp, "中文", 6, true);
	fputc('|', fp);
	utf8_fput_padded(fp, "abcdef", 3, false);
	fputc('|', fp);
	assert_int_equal(fclose(fp), 0);
	/* 中文 is 4 columns: 2 spaces of padding. */
	assert_string_equal(text, "中文  |  中文|abcdef|");
	free(text);
}

/* ---- map.c ---------------------------------------------------------------- */

static void strmap_basics(void **state)
{
	struct strmap m;
	int64_t v = 0;
	enum { N = 5000 };

	(void)state;
	strmap_init(&m);
	assert_false(strmap_get(&m, "missing", &v));
	assert_true(strmap_put(&m, "E001", 1));
	assert_true(strmap_put(&m, "", 2)); /* the empty string is a key like any */
	assert_true(strmap_get(&m, "E001", &v));
	assert_int_equal(v, 1);
	assert_true(strmap_get(&m, "", &v));
	assert_int_equal(v, 2);
	/* Overwriting: returns false (not new) and the value changes. */
	assert_false(strmap_put(&m, "E001", 10));
	assert_true(strmap_get(&m, "E001", &v));
	assert_int_equal(v, 10);
	assert_int_equal(m.len, 2);
	/* Keys are copied: changing the caller's buffer changes nothing. */
	{
		char key[8] = "tmp";
		assert_true(strmap_put(&m, key, 3));
		key[0] = 'x';
		assert_true(strmap_get(&m, "tmp", &v));
		assert_int_equal(v, 3);
		assert_false(strmap_get(&m, "xmp", &v));
	}
	strmap_release(&m);

	/* Thousands of keys: several doublings. */
	strmap_init(&m);
	for (int i = 0; i < N; i++) {
		char key[32];
		str_fmt(key, sizeof(key), "企业-%d", i);
		assert_true(strmap_put(&m, key, (int64_t)i * 3 - 7));
	}
	assert_int_equal(m.len, N);
	assert_true(m.cap >= 2 * N); /* growth keeps the load at or below 50 % */
	for (int i = 0; i < N; i++) {
		char key[32];
		str_fmt(key, sizeof(key), "企业-%d", i);
		if (!strmap_get(&m, key, &v) || v != (int64_t)i * 3 - 7)
			fail_msg("key %s lost after growth", key);
	}
	assert_false(strmap_get(&m, "企业-5000", &v));
	assert_false(strmap_get(&m, "企业-", &v));
	strmap_release(&m);
	assert_int_equal(m.len, 0);
	assert_false(strmap_get(&m, "企业-1", &v));
}

static void u64map_basics(void **state)
{
	struct u64map m;
	int64_t v = 0, old = 0;
	enum { N = 20000 };

	(void)state;
	u64map_init(&m);
	assert_false(u64map_get(&m, 0, &v));
	assert_true(u64map_put_new(&m, 0, 100, &old)); /* key 0 is allowed */
	assert_true(u64map_put_new(&m, UINT64_MAX - 1, 200, NULL));
	/* A key already present: false, *old is the stored value, map unchanged. */
	old = -1;
	assert_false(u64map_put_new(&m, 0, 999, &old));
	assert_int_equal(old, 100);
	assert_true(u64map_get(&m, 0, &v));
	assert_int_equal(v, 100);
	assert_false(u64map_put_new(&m, UINT64_MAX - 1, 1, NULL));
	assert_true(u64map_get(&m, UINT64_MAX - 1, &v));
	assert_int_equal(v, 200);
	assert_int_equal(m.len, 2);
	u64map_release(&m);

	/* Thousands of keys spread over the whole range (a Weyl sequence), then
	 * the same keys again: every one reports its first value. */
	u64map_init(&m);
	for (uint64_t i = 1; i <= N; i++)
		assert_true(u64map_put_new(&m, i * 0x9E3779B97F4A7C15ULL, (int64_t)i, NULL));
	assert_int_equal(m.len, N);
	for (uint64_t i = 1; i <= N; i++) {
		old = 0;
		if (u64map_put_new(&m, i * 0x9E3779B97F4A7C15ULL, -1, &old) || old != (int64_t)i)
			fail_msg("key %llu: duplicate not detected (old %lld)",
				 (unsigned long long)i, (long long)old);
		assert_true(u64map_get(&m, i * 0x9E3779B97F4A7C15ULL, &v));
		assert_int_equal(v, i);
	}
	assert_false(u64map_get(&m, 0, &v));
	assert_int_equal(m.len, N);
	/* Dense small keys too (ledger keys are packed integers). */
	for (uint64_t k = 0; k < 3000; k++)
		u64map_put_new(&m, k, (int64_t)k + 1, NULL);
	for (uint64_t k = 0; k < 3000; k++) {
		assert_true(u64map_get(&m, k, &v));
		assert_int_equal(v, k + 1);
	}
	u64map_release(&m);
}

/* ---- str.c ---------------------------------------------------------------- */

static void copy_and_format(void **state)
{
	char d[4];

	(void)state;
	assert_true(str_copy(d, sizeof(d), "abc"));
	assert_string_equal(d, "abc");
	assert_false(str_copy(d, sizeof(d), "abcd")); /* truncated: reports false */
	assert_string_equal(d, "abc");
	assert_true(str_copy(d, sizeof(d), ""));
	assert_string_equal(d, "");
	d[0] = 'X';
	assert_false(str_copy(d, 0, "a")); /* no room even for the NUL: untouched */
	assert_int_equal(d[0], 'X');
	assert_false(str_copy(d, 1, "a"));
	assert_string_equal(d, "");

	assert_true(str_fmt(d, sizeof(d), "%d", 123));
	assert_string_equal(d, "123");
	assert_false(str_fmt(d, sizeof(d), "%d", 1234));
	assert_string_equal(d, "123");
}

static void trim(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"  a b \t", "a b"},
	    {"\t\t", ""},
	    {"", ""},
	    {"x", "x"},
	    {" x", "x"},
	    {"x ", "x"},
	    {"\na\n", "\na\n"}, /* only space and tab */
	    {"\xe3\x80\x80"
	     "a",
	     "\xe3\x80\x80"
	     "a"}, /* U+3000 is not ASCII space */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char s[32];
		str_copy(s, sizeof(s), cases[i].in);
		assert_ptr_equal(str_trim(s), s);
		assert_string_equal(s, cases[i].out);
	}
}

struct lines_seen {
	char text[8][16];
	long line[8];
	int n;
};

static void see_line(void *arg, long line, char *s)
{
	struct lines_seen *l = arg;
	assert_true(l->n < 8);
	str_copy(l->text[l->n], sizeof(l->text[0]), s);
	l->line[l->n++] = line;
}

/* Lines numbered from 1 over every line, blank and comment lines skipped but counted, CR
 * and blanks trimmed, a last line without '\n' included. */
static void each_line(void **state)
{
	char text[] = "a 1\r\n\n  # note\n\tb 2 \r\n\r\nc";
	char none[] = "";
	struct lines_seen l = {{{0}}, {0}, 0};

	(void)state;
	assert_int_equal(str_each_line(text, see_line, &l), 6);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.text[0], "a 1");
	assert_int_equal(l.line[0], 1);
	assert_string_equal(l.text[1], "b 2");
	assert_int_equal(l.line[1], 4);
	assert_string_equal(l.text[2], "c");
	assert_int_equal(l.line[2], 6);
	assert_int_equal(str_each_line(none, see_line, &l), 0);
	assert_int_equal(l.n, 3);
}

static void eq_nocase(void **state)
{
	(void)state;
	assert_true(str_eq_nocase("ABC", "abc"));
	assert_true(str_eq_nocase("kWh", "KWH"));
	assert_true(str_eq_nocase("", ""));
	assert_true(str_eq_nocase("是", "是"));
	assert_false(str_eq_nocase("abc", "abd"));
	assert_false(str_eq_nocase("abc", "ab"));
	assert_false(str_eq_nocase("ab", "abc"));
	assert_false(str_eq_nocase("", "a"));
	/* Only A-Z fold: '[' (5B) and '{' (7B), '@' (40) and '`' (60) differ by 0x20
	 * like letters do but are different characters. */
	assert_false(str_eq_nocase("[", "{"));
	assert_false(str_eq_nocase("@", "`"));
	/* É (C3 89) and é (C3 A9): ASCII-only folding leaves them different. */
	assert_false(str_eq_nocase("\xc3\x89", "\xc3\xa9"));
}

static void edit_distance(void **state)
{
	char a[80], b[80];

	(void)state;
	/* Levenshtein's textbook examples. */
	assert_int_equal(str_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(str_edit_distance("flaw", "lawn"), 2);
	assert_int_equal(str_edit_distance("", "abc"), 3);
	assert_int_equal(str_edit_distance("abc", ""), 3);
	assert_int_equal(str_edit_distance("abc", "abc"), 0);
	/* A transposition is two edits in Levenshtein distance. */
	assert_int_equal(str_edit_distance("greenpark", "greenprak"), 2);
	assert_int_equal(str_edit_distance("electricity_grid", "electricty_grid"), 1);
	assert_int_equal(str_edit_distance("natural_gas", "natrual_gas"), 2);
	/* 64 characters each is within the cap: all different → 64. */
	memset(a, 'a', 64);
	a[64] = '\0';
	memset(b, 'b', 64);
	b[64] = '\0';
	assert_int_equal(str_edit_distance(a, b), 64);
	/* Past the cap the value is larger than any real distance of capped strings. */
	memset(a, 'a', 65);
	a[65] = '\0';
	assert_true(str_edit_distance(a, "a") > 64);
	assert_true(str_edit_distance("a", a) > 64);
}

static void buf_cap(void **state)
{
	struct buf b;
	char *p;

	(void)state;
	buf_init(&b, 8);
	assert_null(b.data);
	assert_int_equal(buf_adds(&b, "abcdef"), GP_OK);
	assert_int_equal(b.len, 6);
	/* Past the cap: GP_ETOOBIG and the buffer is left as it was. */
	assert_int_equal(buf_adds(&b, "xyz"), GP_ETOOBIG);
	assert_int_equal(b.len, 6);
	assert_string_equal(b.data, "abcdef");
	assert_int_equal(buf_addf(&b, "%d", 123), GP_ETOOBIG);
	assert_string_equal(b.data, "abcdef");
	/* Up to the cap exactly is fine. */
	assert_int_equal(buf_adds(&b, "gh"), GP_OK);
	assert_string_equal(b.data, "abcdefgh");
	assert_int_equal(buf_addc(&b, 'i'), GP_ETOOBIG);
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_add(&b, "", 0), GP_OK);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_add(&b, "a\0b", 3), GP_OK); /* bytes, NULs included */
	assert_int_equal(b.len, 3);
	assert_int_equal(memcmp(b.data, "a\0b", 4), 0); /* and a NUL after them */
	p = buf_detach(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(memcmp(p, "a\0b", 4), 0);
	free(p);
	/* Detaching an empty buffer gives an empty string the caller frees. */
	p = buf_detach(&b);
	assert_string_equal(p, "");
	free(p);
	buf_release(&b);
}

static void buf_long_format(void **state)
{
	struct buf b;
	char s[301], want[700];

	(void)state;
	memset(s, 'x', 300);
	s[300] = '\0';
	/* 300 + 1 + 6 + 1 + 300 = 608 bytes: longer than buf_addf's 256-byte stack
	 * buffer, so the long path formats it. */
	memcpy(want, s, 300);
	memcpy(want + 300, "-123456-", 8);
	memcpy(want + 308, s, 300);
	want[608] = '\0';

	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "head:"), GP_OK);
	assert_int_equal(buf_addf(&b, "%s-%d-%s", s, 123456, s), GP_OK);
	assert_int_equal(b.len, 5 + 608);
	assert_int_equal(memcmp(b.data, "head:", 5), 0);
	assert_string_equal(b.data + 5, want);
	/* Exactly 255 and 256 characters: either side of the stack buffer. */
	buf_reset(&b);
	assert_int_equal(buf_addf(&b, "%.255s", s), GP_OK);
	assert_int_equal(b.len, 255);
	buf_reset(&b);
	assert_int_equal(buf_addf(&b, "%.256s", s), GP_OK);
	assert_int_equal(b.len, 256);
	assert_int_equal(strspn(b.data, "x"), 256);
	buf_release(&b);

	/* A long format over the cap: GP_ETOOBIG, nothing appended. */
	buf_init(&b, 400);
	assert_int_equal(buf_adds(&b, "keep"), GP_OK);
	assert_int_equal(buf_addf(&b, "%s", s), GP_OK); /* 304 ≤ 400 */
	assert_int_equal(buf_addf(&b, "%s", s), GP_ETOOBIG);
	assert_int_equal(b.len, 304);
	assert_int_equal(memcmp(b.data, "keep", 4), 0);
	assert_int_equal(strlen(b.data), 304);
	buf_release(&b);
}

static void grow(void **state)
{
	int *arr = NULL;
	size_t cap = 0;

	(void)state;
	XGROW(arr, 1, cap);
	assert_true(cap >= 1);
	for (int i = 0; i < 1000; i++) {
		XGROW(arr, (size_t)i + 1, cap);
		arr[i] = i;
	}
	assert_true(cap >= 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(arr[i], i);
	free(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_line),
	    cmocka_unit_test(parse_double_accepts),
	    cmocka_unit_test(parse_double_rejects),
	    cmocka_unit_test(parse_double_fast_path_is_strtod),
	    cmocka_unit_test(parse_int64),
	    cmocka_unit_test(format_grouped),
	    cmocka_unit_test(format_grouped_huge),
	    cmocka_unit_test(widths),
	    cmocka_unit_test(validity),
	    cmocka_unit_test(padded),
	    cmocka_unit_test(strmap_basics),
	    cmocka_unit_test(u64map_basics),
	    cmocka_unit_test(copy_and_format),
	    cmocka_unit_test(trim),
	    cmocka_unit_test(eq_nocase),
	    cmocka_unit_test(edit_distance),
	    cmocka_unit_test(buf_cap),
	    cmocka_unit_test(buf_long_format),
	    cmocka_unit_test(grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
