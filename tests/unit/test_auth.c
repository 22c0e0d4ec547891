/* test_auth.c — the role table of docs/api.md ("Roles") as access_decide answers it:
 * every role against every kind of access, for no enterprise, its own and another. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/auth.h"
#include "util/str.h"

#define OWN   "91370406MA3C00010M"
#define OTHER "91370406MA3C00020N"

static struct user make(enum role role)
{
	struct user u;
	memset(&u, 0, sizeof(u));
	u.role = role;
	str_copy(u.name, sizeof(u.name), role_name(role));
	if (role == ROLE_ENTERPRISE)
		str_copy(u.uscc, sizeof(u.uscc), OWN);
	if (role == ROLE_BANK)
		str_copy(u.bank, sizeof(u.bank), "枣庄银行");
	return u;
}

/* A = allow, F = forbidden, for (no enterprise, own, other) per role. */
struct expect {
	enum access access;
	const char *rows[ROLE_COUNT]; /* admin analyst enterprise bank viewer */
};

static const struct expect table[] = {
    {ACCESS_SIGNED_IN, {"AAA", "AAA", "AAA", "AAA", "AAA"}},
    {ACCESS_AGGREGATE, {"AAA", "AAA", "FFF", "FFF", "AAA"}},
    /* no enterprise named = the park's figures: viewer yes, enterprise no */
    {ACCESS_ENTERPRISE, {"AAA", "AAA", "FAF", "FFF", "AFF"}},
    /* an upload names no enterprise: the import then refuses rows of others */
    {ACCESS_LEDGER_WRITE, {"AAA", "AAA", "AAF", "FFF", "FFF"}},
    {ACCESS_NAMES, {"AAA", "AAA", "AAF", "AAA", "FFF"}},
    {ACCESS_PEERS, {"AAA", "AAA", "AAA", "FFF", "FFF"}},
    {ACCESS_FACTORS, {"AAA", "AAA", "AAA", "FFF", "AAA"}},
    {ACCESS_STAFF_READ, {"AAA", "AAA", "FFF", "FFF", "FFF"}},
    {ACCESS_ADMIN, {"AAA", "FFF", "FFF", "FFF", "FFF"}},
    /* tickets: an enterprise files and reads its own only; banks and viewers never */
    {ACCESS_DESK, {"AAA", "AAA", "AAF", "FFF", "FFF"}},
    /* finance: a bank reaches the route (its handler scopes to the bank's records) */
    {ACCESS_FINANCE, {"AAA", "AAA", "AAF", "AAA", "FFF"}},
    /* meters: an enterprise reaches its own only; banks and viewers none */
    {ACCESS_METERS, {"AAA", "AAA", "AAF", "FFF", "FFF"}},
};

static void role_table(void **state)
{
	const char *targets[3] = {NULL, OWN, OTHER};
	(void)state;

	for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++)
		for (int role = 0; role < ROLE_COUNT; role++) {
			struct user u = make((enum role)role);
			for (int k = 0; k < 3; k++) {
				enum decision d = access_decide(&u, table[t].access, targets[k]);
				enum decision want =
				    table[t].rows[role][k] == 'A' ? ALLOW : DENY_FORBIDDEN;
				if (d != want)
					fail_msg("access %d, role %s, target %s: got %d, want %d",
						 (int)table[t].access, role_name((enum role)role),
						 targets[k] ? targets[k] : "none", (int)d,
						 (int)want);
			}
		}
}

static void anonymous(void **state)
{
	(void)state;
	assert_int_equal(access_decide(NULL, ACCESS_PUBLIC, NULL), ALLOW);
	assert_int_equal(access_decide(NULL, ACCESS_SIGNED_IN, NULL), DENY_UNAUTHENTICATED);
	assert_int_equal(access_decide(NULL, ACCESS_ENTERPRISE, OWN), DENY_UNAUTHENTICATED);
	assert_int_equal(access_decide(NULL, ACCESS_ADMIN, NULL), DENY_UNAUTHENTICATED);
}

static void names_and_roles(void **state)
{
	enum role r;
	(void)state;
	assert_int_equal(role_parse("analyst", &r, NULL), GP_OK);
	assert_int_equal(r, ROLE_ANALYST);
	assert_int_equal(role_parse("root", &r, NULL), GP_EINPUT);
	assert_int_equal(user_name_check("zhang.san-01_x", NULL), GP_OK);
	assert_int_equal(user_name_check("", NULL), GP_EINPUT);
	assert_int_equal(user_name_check("a b", NULL), GP_EINPUT);
	assert_int_equal(user_name_check("张三", NULL), GP_EINPUT);
	assert_int_equal(user_name_check("x;drop", NULL), GP_EINPUT);
	{
		char long_name[80];
		memset(long_name, 'a', 65);
		long_name[65] = '\0';
		assert_int_equal(user_name_check(long_name, NULL), GP_EINPUT);
		long_name[64] = '\0';
		assert_int_equal(user_name_check(long_name, NULL), GP_OK);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(role_table),
	    cmocka_unit_test(anonymous),
	    cmocka_unit_test(names_and_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
