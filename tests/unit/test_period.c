/* test_period.c — month periods: the YYYY-MM form (ISO 8601 calendar month,
 * extended format), the year range 1990-2100 of period.h, and formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/period.h"
#include "util/str.h"

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

static void valid_months(void **state)
{
	int p = 0;
	struct gp_err err;

	(void)state;
	assert_int_equal(period_parse("2024-01", &p, &err), GP_OK);
	assert_int_equal(p, 202401);
	assert_int_equal(period_parse("2024-12", &p, &err), GP_OK);
	assert_int_equal(p, 202412);
	assert_int_equal(period_parse("2023-07", &p, &err), GP_OK);
	assert_int_equal(p, 202307);
}

static void month_out_of_range(void **state)
{
	int p = -1;
	struct gp_err err;

	(void)state;
	gp_err_clear(&err);
	assert_int_equal(period_parse("2024-00", &p, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_string_equal(err.msg, "period '2024-00' has month 0 (expected 01-12)");
	assert_int_equal(period_parse("2024-13", &p, &err), GP_EINPUT);
	assert_string_equal(err.msg, "period '2024-13' has month 13 (expected 01-12)");
	assert_int_equal(period_parse("2024-99", &p, &err), GP_EINPUT);
	/* *yyyymm is left alone on error. */
	assert_int_equal(p, -1);
}

static void malformed(void **state)
{
	static const char *const bad[] = {
	    "2024-1",   /* month needs two digits */
	    "2024/01",  /* wrong separator */
	    "202401",   /* no separator */
	    "2024-001", /* too long */
	    "24-01",    /* two-digit year */
	    " 2024-01", /* spaces are not trimmed here */
	    "2024-01 ",
	    "2024-1a",
	    "20a4-01",
	    "+024-01",
	    "-024-01",
	    "2024--1",
	    "",
	    "2024-01-01",
	    "2024\xe2\x80\x91"
	    "01", /* U+2011 non-breaking hyphen */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int p = -1;
		struct gp_err err;
		char want[64];

		gp_err_clear(&err);
		assert_int_equal(period_parse(bad[i], &p, &err), GP_EINPUT);
		assert_int_equal(p, -1);
		str_fmt(want, sizeof(want), "period '%s' is not a month", bad[i]);
		assert_contains(err.msg, want);
		assert_contains(err.msg, "expected YYYY-MM");
	}
}

static void year_range(void **state)
{
	int p = 0;
	struct gp_err err;

	(void)state;
	/* period.h: PERIOD_MIN_YEAR 1990, PERIOD_MAX_YEAR 2100, both inclusive. */
	assert_int_equal(PERIOD_MIN_YEAR, 1990);
	assert_int_equal(PERIOD_MAX_YEAR, 2100);
	assert_int_equal(period_parse("1990-01", &p, &err), GP_OK);
	assert_int_equal(p, 199001);
	assert_int_equal(period_parse("2100-12", &p, &err), GP_OK);
	assert_int_equal(p, 210012);
	assert_int_equal(period_parse("1989-12", &p, &err), GP_EINPUT);
	assert_string_equal(err.msg, "period '1989-12' has year 1989 (expected 1990-2100)");
	assert_int_equal(period_parse("2101-01", &p, &err), GP_EINPUT);
	assert_string_equal(err.msg, "period '2101-01' has year 2101 (expected 1990-2100)");
	assert_int_equal(period_parse("0000-01", &p, &err), GP_EINPUT);
	assert_int_equal(period_parse("9999-12", &p, &err), GP_EINPUT);
}

static void format(void **state)
{
	char out[8];

	(void)state;
	period_format(202403, out);
	assert_string_equal(out, "2024-03");
	period_format(199001, out);
	assert_string_equal(out, "1990-01");
	period_format(210012, out);
	assert_string_equal(out, "2100-12");
}

/* Every month of the accepted range: parse(format(p)) == p and the text matches
 * one built digit by digit here. */
static void round_trip(void **state)
{
	(void)state;
	for (int y = PERIOD_MIN_YEAR; y <= PERIOD_MAX_YEAR; y++)
		for (int m = 1; m <= 12; m++) {
			char out[8], want[8];
			int p = 0;
			struct gp_err err;

			period_format(y * 100 + m, out);
			want[0] = (char)('0' + y / 1000);
			want[1] = (char)('0' + y / 100 % 10);
			want[2] = (char)('0' + y / 10 % 10);
			want[3] = (char)('0' + y % 10);
			want[4] = '-';
			want[5] = (char)('0' + m / 10);
			want[6] = (char)('0' + m % 10);
			want[7] = '\0';
			assert_string_equal(out, want);
			assert_int_equal(period_parse(out, &p, &err), GP_OK);
			assert_int_equal(p, y * 100 + m);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_months), cmocka_unit_test(month_out_of_range),
	    cmocka_unit_test(malformed),    cmocka_unit_test(year_range),
	    cmocka_unit_test(format),       cmocka_unit_test(round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
