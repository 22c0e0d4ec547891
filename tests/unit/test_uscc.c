/* test_uscc.c — 统一社会信用代码 validation against GB 32100-2015 §4 and its
 * annex: published codes of real organisations, every class of malformed code,
 * and the check-character arithmetic recomputed here independently of uscc.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/uscc.h"
#include "util/str.h"

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

/* GB 32100-2015 annex: the 31 code characters (I O S V Z excluded) in value order
 * 0..30, and the weights W_i = 3^(i-1) mod 31 of positions 1..17. Written out here
 * rather than taken from uscc.c so the test checks the code against the standard. */
static const char gb_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int gb_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Independent check character: C18 = 31 − (Σ C_i × W_i mod 31), 31 written as 0. */
static char gb_check(const char *code17)
{
	int sum = 0, c;

	for (int i = 0; i < 17; i++) {
		const char *p;

		assert_true(code17[i] != '\0');
		p = strchr(gb_charset, code17[i]);
		assert_non_null(p);
		sum += (int)(p - gb_charset) * gb_weights[i];
	}
	c = 31 - sum % 31;
	return gb_charset[c == 31 ? 0 : c];
}

/* Published codes of real organisations (each validates by hand with the table
 * above; the last character is the one the registration authority printed). */
static const char *const published[] = {
    "91350100M000100Y43", "91330100716105852F", "9144030071526726XG",
    "914403001922038216", "91110000802100433B", "91110108551385082Q",
};

static void weights_are_powers_of_three(void **state)
{
	int w = 1;

	(void)state;
	/* GB 32100-2015: W_i = 3^(i-1) mod 31; check the table typed above. */
	for (int i = 0; i < 17; i++) {
		assert_int_equal(gb_weights[i], w);
		w = w * 3 % 31;
	}
	assert_int_equal(strlen(gb_charset), 31);
}

static void published_codes_validate(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++) {
		char out[USCC_LEN + 1], check = 0;
		struct gp_err err;

		gp_err_clear(&err);
		assert_int_equal(uscc_normalize(published[i], out, &err), GP_OK);
		assert_string_equal(out, published[i]);
		assert_int_equal(uscc_check_char(published[i], &check), GP_OK);
		assert_int_equal(check, published[i][17]);
		assert_int_equal(gb_check(published[i]), published[i][17]);
	}
}

/* Worked by hand for 91350100M000100Y4?:
 * values 9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4 (M = 21, Y = 30)
 * Σ = 9·1 + 1·3 + 3·9 + 5·27 + 0 + 1·26 + 0 + 0 + 21·20 + 0 + 0 + 0 + 1·8 + 0 + 0
 *     + 30·30 + 4·28 = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640
 * 1640 mod 31 = 1640 − 52·31 = 28; 31 − 28 = 3 → '3'. */
static void hand_worked_example(void **state)
{
	char check = 0;

	(void)state;
	assert_int_equal(uscc_check_char("91350100M000100Y4", &check), GP_OK);
	assert_int_equal(check, '3');
}

static void lower_case_accepted_and_upper_cased(void **state)
{
	char out[USCC_LEN + 1];
	struct gp_err err;

	(void)state;
	assert_int_equal(uscc_normalize("91350100m000100y43", out, &err), GP_OK);
	assert_string_equal(out, "91350100M000100Y43");
	assert_int_equal(uscc_normalize("9144030071526726xg", out, &err), GP_OK);
	assert_string_equal(out, "9144030071526726XG");
	assert_int_equal(uscc_normalize("91110108551385082q", out, &err), GP_OK);
	assert_string_equal(out, "91110108551385082Q");
}

static void wrong_length(void **state)
{
	char out[USCC_LEN + 1];
	struct gp_err err;

	(void)state;
	gp_err_clear(&err);
	assert_int_equal(uscc_normalize("91350100M000100Y4", out, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_contains(err.msg, "has 17 characters");
	assert_contains(err.msg, "expected 18");
	assert_int_equal(uscc_normalize("91350100M000100Y433", out, &err), GP_EINPUT);
	assert_contains(err.msg, "has 19 characters");
	assert_int_equal(uscc_normalize("", out, &err), GP_EINPUT);
	assert_contains(err.msg, "has 0 characters");
	/* Surrounding spaces are the caller's to trim: they make the length wrong. */
	assert_int_equal(uscc_normalize(" 91350100M000100Y43", out, &err), GP_EINPUT);
	assert_contains(err.msg, "has 19 characters");
}

/* GB 32100-2015 does not use I, O, S, V, Z (they read like 1, 0, 5, U, 2). Each
 * is placed at position 10 of a valid code, in upper and lower case. */
static void excluded_letters_rejected(void **state)
{
	const char *excluded = "IOSVZiosvz";

	(void)state;
	for (const char *x = excluded; *x; x++) {
		char code[USCC_LEN + 1], out[USCC_LEN + 1], want[32];
		struct gp_err err;

		str_copy(code, sizeof(code), "91350100M000100Y43");
		code[9] = *x;
		gp_err_clear(&err);
		assert_int_equal(uscc_normalize(code, out, &err), GP_EINPUT);
		str_fmt(want, sizeof(want), "character 10 '%c' is not allowed", *x);
		assert_contains(err.msg, want);
	}
}

static void other_bad_characters_rejected(void **state)
{
	char out[USCC_LEN + 1], check;
	struct gp_err err;

	(void)state;
	assert_int_equal(uscc_normalize("91350100M000100Y4-", out, &err), GP_EINPUT);
	assert_contains(err.msg, "character 18 '-' is not allowed");
	assert_int_equal(uscc_normalize("91350100M00 100Y43", out, &err), GP_EINPUT);
	assert_contains(err.msg, "character 12 ' ' is not allowed");
	/* 18 bytes but one character is 中 (3 bytes, E4 B8 AD): refused, shown as '?'. */
	assert_int_equal(uscc_normalize("91350100M000100\xe4\xb8\xad", out, &err), GP_EINPUT);
	assert_contains(err.msg, "character 16 '?' is not allowed");
	/* uscc_check_char refuses a character outside the charset and a short code. */
	assert_int_equal(uscc_check_char("91350100M000100I4", &check), GP_EINPUT);
	assert_int_equal(uscc_check_char("9135", &check), GP_EINPUT);
}

/* Positions 3-8 are the administrative division code (GB/T 2260), digits only. */
static void division_must_be_digits(void **state)
{
	(void)state;
	for (int pos = 2; pos < 8; pos++) {
		char code[USCC_LEN + 1], out[USCC_LEN + 1], want[48];
		struct gp_err err;

		str_copy(code, sizeof(code), "91350100M000100Y43");
		code[pos] = 'A';
		/* Make the check character right so only the digit rule can fail. */
		code[17] = gb_check(code);
		gp_err_clear(&err);
		assert_int_equal(uscc_normalize(code, out, &err), GP_EINPUT);
		assert_contains(err.msg, "characters 3-8 must be the digits");
		str_fmt(want, sizeof(want), "found 'A' at %d", pos + 1);
		assert_contains(err.msg, want);
	}
}

static void wrong_check_character(void **state)
{
	char out[USCC_LEN + 1];
	struct gp_err err;

	(void)state;
	/* Correct is '3' (worked above); '4' is a typo. */
	gp_err_clear(&err);
	assert_int_equal(uscc_normalize("91350100M000100Y44", out, &err), GP_EINPUT);
	assert_contains(err.msg, "check character is '4'");
	assert_contains(err.msg, "gives '3'");
	/* Two digits swapped in the body: 91330100716105852F → ...761... The check
	 * for the swapped body, computed independently, is named in the message. */
	{
		char code[USCC_LEN + 1], want[32];

		str_copy(code, sizeof(code), "91330100761105852F");
		assert_true(gb_check(code) != 'F');
		assert_int_equal(uscc_normalize(code, out, &err), GP_EINPUT);
		str_fmt(want, sizeof(want), "gives '%c'", gb_check(code));
		assert_contains(err.msg, want);
	}
	/* Lower-case check letter compares after upper-casing: 'g' is right, 'h' not. */
	assert_int_equal(uscc_normalize("9144030071526726xh", out, &err), GP_EINPUT);
	assert_contains(err.msg, "check character is 'H'");
	assert_contains(err.msg, "gives 'G'");
}

/* A sum that is a multiple of 31 gives 31 − 0 = 31, which GB 32100-2015 writes
 * as '0'. Position 17 has weight 28, invertible mod 31, so exactly one of the 31
 * characters at position 17 makes the sum ≡ 0; find it by brute force. */
static void check_value_31_is_zero(void **state)
{
	const char *body16 = "91350100M000100Y";
	int found = 0;

	(void)state;
	for (int v = 0; v < 31; v++) {
		char code[USCC_LEN + 1], check = 0, out[USCC_LEN + 1];
		int sum = 0;
		struct gp_err err;

		str_copy(code, sizeof(code), body16);
		code[16] = gb_charset[v];
		code[17] = '\0';
		for (int i = 0; i < 17; i++)
			sum += (int)(strchr(gb_charset, code[i]) - gb_charset) * gb_weights[i];
		if (sum % 31 != 0)
			continue;
		found++;
		/* Σ over the first 16 is 1640 − 4·28 = 1528 ≡ 1528 − 49·31 = 9 (mod 31);
		 * 9 + 28v ≡ 0 → 28v ≡ 22 → v = 22·28^-1; 28·10 = 280 = 9·31 + 1 so
		 * 28^-1 = 10, v = 220 mod 31 = 3 → '3'. */
		assert_int_equal(code[16], '3');
		assert_int_equal(uscc_check_char(code, &check), GP_OK);
		assert_int_equal(check, '0');
		assert_int_equal(gb_check(code), '0');
		code[17] = '0';
		code[18] = '\0';
		assert_int_equal(uscc_normalize(code, out, &err), GP_OK);
		assert_string_equal(out, "91350100M000100Y30");
	}
	assert_int_equal(found, 1);
}

/* Every value of every position, against the independent computation. */
static void check_char_matches_standard_everywhere(void **state)
{
	(void)state;
	for (int pos = 0; pos < 17; pos++)
		for (int v = 0; v < 31; v++) {
			char code[USCC_LEN + 1], check = 0;

			str_copy(code, sizeof(code), "91110108551385082Q");
			code[pos] = gb_charset[v];
			code[17] = '\0';
			assert_int_equal(uscc_check_char(code, &check), GP_OK);
			assert_int_equal(check, gb_check(code));
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(weights_are_powers_of_three),
	    cmocka_unit_test(published_codes_validate),
	    cmocka_unit_test(hand_worked_example),
	    cmocka_unit_test(lower_case_accepted_and_upper_cased),
	    cmocka_unit_test(wrong_length),
	    cmocka_unit_test(excluded_letters_rejected),
	    cmocka_unit_test(other_bad_characters_rejected),
	    cmocka_unit_test(division_must_be_digits),
	    cmocka_unit_test(wrong_check_character),
	    cmocka_unit_test(check_value_31_is_zero),
	    cmocka_unit_test(check_char_matches_standard_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
