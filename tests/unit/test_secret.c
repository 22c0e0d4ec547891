/* test_secret.c — password hashing (argon2id) and tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/secret.h"

static int setup(void **state)
{
	(void)state;
	return secret_init(NULL) == GP_OK ? 0 : -1;
}

static void password_round_trip(void **state)
{
	char h1[SECRET_HASH_MAX], h2[SECRET_HASH_MAX];
	struct gp_err err;
	(void)state;

	assert_int_equal(secret_password_hash("correct horse", h1, &err), GP_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0); /* argon2id, as the issue asks */
	assert_true(secret_password_verify(h1, "correct horse"));
	assert_false(secret_password_verify(h1, "correct hors"));
	assert_false(secret_password_verify(h1, ""));
	/* a new salt every time */
	assert_int_equal(secret_password_hash("correct horse", h2, &err), GP_OK);
	assert_string_not_equal(h1, h2);
	assert_int_equal(secret_password_hash("short", h2, &err), GP_EINPUT);
	assert_non_null(strstr(err.msg, "shorter than 8"));
}

static void tokens(void **state)
{
	char a[SECRET_TOKEN_MAX], b[SECRET_TOKEN_MAX];
	unsigned char ha[SECRET_TOKEN_HASH_BYTES], hb[SECRET_TOKEN_HASH_BYTES];
	(void)state;

	secret_token_new("gp_", a);
	secret_token_new("gp_", b);
	/* 32 random bytes in URL-safe base64 without padding: 43 characters */
	assert_int_equal(strlen(a), 3 + 43);
	assert_int_equal(strncmp(a, "gp_", 3), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(
	    strspn(a + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	secret_token_hash(a, ha);
	secret_token_hash(a, hb);
	assert_memory_equal(ha, hb, sizeof(ha));
	secret_token_hash(b, hb);
	assert_memory_not_equal(ha, hb, sizeof(ha));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(password_round_trip),
	    cmocka_unit_test(tokens),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
