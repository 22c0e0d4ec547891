/* test_expr.c — the expression language of the indicator sets (core/expr.h,
 * data/indicators/README.md): + - * / with the usual precedence, parentheses, unary
 * minus, comparisons and &&, prev() and attr(), names resolved by the caller, missing
 * data reported, syntax errors with the position, the length cap. The expected values
 * are plain arithmetic written beside each case. */
#include <math.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "near.h"

#include "core/expr.h"
#include "util/str.h"

#define TOL 1e-12

/* The caller's data: a few names and attributes by year. */
struct value {
	const char *name;
	int year;
	double v;
};

static const struct value names[] = {
    {"x", 2024, 10},
    {"x", 2023, 7},
    {"x", 2022, 4},
    {"y", 2024, 2},
    {"zero", 2024, 0},
    {"acct.co2_t", 2024, 300},
    {"water_reused", 2024, 80},
};

static const struct value attrs[] = {
    {"IG1", 2024, 1},
    {"GG5", 2024, 86.3},
    {"GG5", 2023, 79.5},
};

#define MAX_CALLS 16

/* What the callbacks saw. */
struct calls {
	int nname, nattr, nmissing;
	char name[MAX_CALLS][96];
	int name_year[MAX_CALLS];
	char attr[MAX_CALLS][64];
	int attr_year[MAX_CALLS];
	char missing[MAX_CALLS][96];
	int missing_year[MAX_CALLS];
};

static int lookup(const struct value *t, size_t n, const char *name, int year, double *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0 && t[i].year == year) {
			*v = t[i].v;
			return GP_OK;
		}
	return GP_ENOTFOUND;
}

static int name_cb(void *arg, const char *name, int year, double *v)
{
	struct calls *c = arg;
	if (c->nname < MAX_CALLS) {
		str_copy(c->name[c->nname], sizeof(c->name[0]), name);
		c->name_year[c->nname] = year;
	}
	c->nname++;
	return lookup(names, sizeof(names) / sizeof(names[0]), name, year, v);
}

static int attr_cb(void *arg, const char *code, int year, double *v)
{
	struct calls *c = arg;
	if (c->nattr < MAX_CALLS) {
		str_copy(c->attr[c->nattr], sizeof(c->attr[0]), code);
		c->attr_year[c->nattr] = year;
	}
	c->nattr++;
	return lookup(attrs, sizeof(attrs) / sizeof(attrs[0]), code, year, v);
}

static void missing_cb(void *arg, const char *what, int year)
{
	struct calls *c = arg;
	if (c->nmissing < MAX_CALLS) {
		str_copy(c->missing[c->nmissing], sizeof(c->missing[0]), what);
		c->missing_year[c->nmissing] = year;
	}
	c->nmissing++;
}

/* The missing callback was called n times; on failure the calls are listed. */
static void missing_count(const struct calls *c, int n)
{
	char list[512] = "";
	size_t used = 0;

	if (c->nmissing == n)
		return;
	for (int i = 0; i < c->nmissing && i < MAX_CALLS; i++) {
		str_fmt(list + used, sizeof(list) - used, "%s\"%s\" %d", i ? ", " : "",
			c->missing[i], c->missing_year[i]);
		used = strlen(list);
	}
	fail_msg("missing called %d times (%s), expected %d", c->nmissing, list, n);
}

/* Evaluates text for 2024 with fresh call records; returns the status. */
static int eval(const char *text, struct calls *c, double *v, struct gp_err *err)
{
	struct expr_env env = {name_cb, attr_cb, c, missing_cb};

	memset(c, 0, sizeof(*c));
	gp_err_clear(err);
	*v = -12345;
	return expr_eval(text, 2024, &env, v, err);
}

/* text evaluates without error to want (± TOL). */
static void evals_to(const char *text, double want)
{
	struct calls c;
	struct gp_err err;
	double v;
	int rc = eval(text, &c, &v, &err);

	if (rc != GP_OK)
		fail_msg("'%s': status %d (%s)", text, rc, err.msg);
	if (!(fabs(v - want) <= TOL))
		fail_msg("'%s' = %.17g, expected %.17g", text, v, want);
}

/* text evaluates without error to NAN. */
static void evals_to_nan(const char *text)
{
	struct calls c;
	struct gp_err err;
	double v;
	int rc = eval(text, &c, &v, &err);

	if (rc != GP_OK)
		fail_msg("'%s': status %d (%s)", text, rc, err.msg);
	if (!isnan(v))
		fail_msg("'%s' = %.17g, expected NAN", text, v);
}

/* text is a syntax error whose message names the expression and the character. */
static void is_syntax_error(const char *text, const char *at)
{
	struct calls c;
	struct gp_err err;
	double v;
	int rc = eval(text, &c, &v, &err);

	if (rc != GP_EINPUT)
		fail_msg("'%s': status %d, expected GP_EINPUT", text, rc);
	assert_int_equal(err.status, GP_EINPUT);
	assert_contains(err.msg, text);
	if (at)
		assert_contains(err.msg, at);
}

static void precedence(void **state)
{
	(void)state;
	evals_to("2+3*4", 14);             /* 2 + 12 */
	evals_to("2*3+4", 10);             /* 6 + 4 */
	evals_to("2 + 3 * 4 - 6 / 3", 12); /* 2 + 12 - 2 */
	evals_to("10 - 4 - 3", 3);         /* left to right: (10 - 4) - 3 */
	evals_to("8 / 4 / 2", 1);          /* (8 / 4) / 2 */
	evals_to("8 / 4 * 2", 4);          /* (8 / 4) * 2 */
	evals_to("1.5e3 + 0.25", 1500.25);
	evals_to("  7  ", 7);
	evals_to("x * y + 1", 21); /* names: 10 × 2 + 1 */
}

static void parentheses(void **state)
{
	(void)state;
	evals_to("(2+3)*4", 20);
	evals_to("2*(3+4)", 14);
	evals_to("((1))", 1);
	evals_to(" ( 2 + 3 ) * ( 4 - 1 ) ", 15);
	evals_to("100 / (4 * (2 + 3))", 5);
	evals_to("(((((((((((1)))))))))))", 1); /* 11 levels */
}

static void unary_minus(void **state)
{
	(void)state;
	evals_to("-3", -3);
	evals_to("-3*2", -6);
	evals_to("2*-3", -6);
	evals_to("-(2+3)", -5);
	evals_to("4 - -1", 5);
	evals_to("- -2", 2);
	evals_to("-x + 1", -9); /* -10 + 1 */
	evals_to("1 - 2 * -3", 7);
}

static void division_by_zero_is_nan(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	evals_to_nan("1/0");
	evals_to_nan("0/0");
	evals_to_nan("x / zero");
	evals_to_nan("x / (y - 2)");
	evals_to_nan("(1/0) + 5"); /* NAN propagates */
	evals_to_nan("3 * (1/0)");
	/* a division by zero is not missing data */
	assert_int_equal(eval("x / zero", &c, &v, &err), GP_OK);
	missing_count(&c, 0);
}

static void comparisons_and_and(void **state)
{
	(void)state;
	evals_to("1 < 2 && 3 >= 3", 1);
	evals_to("1 < 2 && 3 > 3", 0);
	evals_to("2 < 1 && 3 >= 3", 0);
	evals_to("1 < 2", 1);
	evals_to("2 < 1", 0);
	evals_to("1 <= 1", 1);
	evals_to("2 <= 1", 0);
	evals_to("3 > 2", 1);
	evals_to("2 > 2", 0);
	evals_to("2 >= 3", 0);
	evals_to("2 == 2", 1);
	evals_to("2 == 3", 0);
	evals_to("2 != 3", 1);
	evals_to("2 != 2", 0);
	/* comparisons bind looser than + and * */
	evals_to("1 + 1 == 2", 1);
	evals_to("x * 2 > 19 && y + 1 < 4", 1); /* 20 > 19, 3 < 4 */
	/* the size rule of ZC1: 200000 <= E < 1000000 */
	evals_to("199999.9 >= 200000 && 199999.9 < 1000000", 0);
	evals_to("200000 >= 200000 && 200000 < 1000000", 1);
	evals_to("1000000 >= 200000 && 1000000 < 1000000", 0);
	evals_to("2 && 3", 1);
	evals_to("1 && 0", 0);
	evals_to("1 && 1 && 1", 1);
	evals_to("1 && 1 && 0", 0);
}

/* "a comparison with NAN is false" (expr.h) */
static void nan_comparisons_are_false(void **state)
{
	(void)state;
	evals_to("1/0 < 1", 0);
	evals_to("1/0 <= 1", 0);
	evals_to("1/0 > 1", 0);
	evals_to("1/0 >= 1", 0);
	evals_to("1/0 == 1/0", 0);
	evals_to("1 < 1/0", 0);
	evals_to("nosuch >= 200000", 0);
	/* && with a NAN side is false */
	evals_to("1/0 && 1", 0);
	evals_to("1 && 1/0", 0);
	evals_to("nosuch >= 200000 && nosuch < 1000000", 0);
}

/* The same for !=: with NAN on either side, 'a != b' is a comparison with NAN and so
 * false (expr.h), although C's NAN != x is true. */
static void nan_not_equal_is_false(void **state)
{
	(void)state;
	evals_to("1/0 != 1", 0);
	evals_to("nosuch != 0", 0);
}

static void prev_shifts_the_year(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	/* x: 2024 10, 2023 7, 2022 4 */
	evals_to("prev(x)", 7);
	evals_to("x - prev(x)", 3);
	evals_to("prev(prev(x))", 4);
	evals_to("prev(x) / prev(prev(x))", 1.75);
	evals_to("(x / prev(x) - 1) * 100", (10.0 / 7.0 - 1) * 100);
	evals_to("prev(x - 1) + 1", 7); /* (7 - 1) + 1 */
	/* the year goes back to 2024 after prev(...) */
	evals_to("prev(x) + x", 17);

	assert_int_equal(eval("x + prev(x) + prev(prev(x))", &c, &v, &err), GP_OK);
	assert_near(v, 21, TOL);
	assert_int_equal(c.nname, 3);
	assert_string_equal(c.name[0], "x");
	assert_int_equal(c.name_year[0], 2024);
	assert_int_equal(c.name_year[1], 2023);
	assert_int_equal(c.name_year[2], 2022);

	/* no data for 2021 */
	assert_int_equal(eval("prev(prev(prev(x)))", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 1);
	assert_string_equal(c.missing[0], "x");
	assert_int_equal(c.missing_year[0], 2021);
}

static void attr_goes_to_the_attr_callback(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	assert_int_equal(eval("attr(IG1)", &c, &v, &err), GP_OK);
	assert_near(v, 1, TOL);
	assert_int_equal(c.nattr, 1);
	assert_int_equal(c.nname, 0);
	assert_string_equal(c.attr[0], "IG1");
	assert_int_equal(c.attr_year[0], 2024);

	assert_int_equal(eval("attr(GG5) - prev(attr(GG5))", &c, &v, &err), GP_OK);
	assert_near(v, 86.3 - 79.5, 1e-9);
	assert_int_equal(c.nattr, 2);
	assert_string_equal(c.attr[0], "GG5");
	assert_int_equal(c.attr_year[0], 2024);
	assert_string_equal(c.attr[1], "GG5");
	assert_int_equal(c.attr_year[1], 2023);

	/* spaces inside the parentheses are not part of the code */
	assert_int_equal(eval("attr( GG5 ) * 2", &c, &v, &err), GP_OK);
	assert_near(v, 172.6, 1e-9);
	assert_string_equal(c.attr[0], "GG5");
	assert_int_equal(c.nname, 0);

	/* a name that looks like an attribute code is still a name */
	assert_int_equal(eval("IG1", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	assert_int_equal(c.nattr, 0);
	assert_int_equal(c.nname, 1);
	assert_string_equal(c.name[0], "IG1");
}

/* attr(CODE ... ) with many spaces before ')' (the text allows 1024 characters): the code
 * is still "IG1". Run in a child process, so that a memory error fails this test instead
 * of the whole program. */
static void attr_code_with_trailing_spaces(void **state)
{
	char text[EXPR_MAX_LEN + 1];
	pid_t pid;
	int status;
	size_t n;

	(void)state;
	str_copy(text, sizeof(text), "attr(IG1");
	n = strlen(text);
	while (n < 900)
		text[n++] = ' ';
	text[n++] = ')';
	text[n] = '\0';
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct calls c;
		struct gp_err err;
		double v;
		int rc;
		/* cmocka's handlers would carry on with the other tests in the child */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		signal(SIGILL, SIG_DFL);
		signal(SIGFPE, SIG_DFL);
		signal(SIGABRT, SIG_DFL);
		rc = eval(text, &c, &v, &err);
		_exit(rc == GP_OK && v == 1 && c.nattr == 1 && strcmp(c.attr[0], "IG1") == 0 ? 0
											     : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("attr(IG1 + 892 spaces + ')': child %s %d (expected exit 0: status GP_OK, "
			 "value 1, code \"IG1\")",
			 WIFEXITED(status) ? "exited with" : "killed by signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

static void names_pass_through(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	assert_int_equal(eval("acct.co2_t / water_reused", &c, &v, &err), GP_OK);
	assert_near(v, 300.0 / 80.0, TOL);
	assert_int_equal(c.nname, 2);
	assert_string_equal(c.name[0], "acct.co2_t");
	assert_string_equal(c.name[1], "water_reused");
	missing_count(&c, 0);
}

static void missing_names_are_reported(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	assert_int_equal(eval("nosuch + 1", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 1);
	assert_string_equal(c.missing[0], "nosuch");
	assert_int_equal(c.missing_year[0], 2024);

	assert_int_equal(eval("attr(ZZ9) * 2", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 1);
	assert_string_equal(c.missing[0], "attr(ZZ9)");
	assert_int_equal(c.missing_year[0], 2024);

	/* two names, both missing: both reported, in order */
	assert_int_equal(eval("water_withdrawal / (wastewater_treated + x)", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 2);
	assert_string_equal(c.missing[0], "water_withdrawal");
	assert_string_equal(c.missing[1], "wastewater_treated");

	/* the same name for two years: two reports */
	assert_int_equal(eval("a + prev(a)", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 2);
	assert_string_equal(c.missing[0], "a");
	assert_int_equal(c.missing_year[0], 2024);
	assert_string_equal(c.missing[1], "a");
	assert_int_equal(c.missing_year[1], 2023);

	/* x exists for 2024 but not 2021 */
	assert_int_equal(eval("x + 0 * prev(prev(prev(x)))", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 1);

	/* data present: no report */
	assert_int_equal(eval("x + y", &c, &v, &err), GP_OK);
	missing_count(&c, 0);

	/* without a missing callback: still NAN, no crash */
	{
		struct expr_env env = {name_cb, attr_cb, &c, NULL};
		memset(&c, 0, sizeof(c));
		assert_int_equal(expr_eval("nosuch + attr(ZZ9)", 2024, &env, &v, &err), GP_OK);
		assert_true(isnan(v));
	}
}

/* "called once per name or attribute without data" (expr.h): a name written twice in
 * one expression is one report. */
static void missing_reported_once_per_name(void **state)
{
	struct calls c;
	struct gp_err err;
	double v;

	(void)state;
	assert_int_equal(eval("a + a * 2", &c, &v, &err), GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 1);
	assert_string_equal(c.missing[0], "a");

	/* RG4's shape: water_reused / (water_reused + water_withdrawal), nothing recorded */
	assert_int_equal(eval("wr / (wr + water_withdrawal) + attr(ZZ9) - attr(ZZ9)", &c, &v, &err),
			 GP_OK);
	assert_true(isnan(v));
	missing_count(&c, 3);
	assert_string_equal(c.missing[0], "wr");
	assert_string_equal(c.missing[1], "water_withdrawal");
	assert_string_equal(c.missing[2], "attr(ZZ9)");
}

static void syntax_errors(void **state)
{
	(void)state;
	/* unbalanced parentheses: "(1 + 2" ends at character 7 without ')' */
	is_syntax_error("(1 + 2", "at character 7");
	/* ")" at character 6 is trailing text */
	is_syntax_error("1 + 2)", "at character 6");
	is_syntax_error("((x)", NULL);
	is_syntax_error("prev(x", NULL);
	/* trailing text: "3" at character 3 */
	is_syntax_error("2 3", "at character 3");
	is_syntax_error("x y", "at character 3");
	is_syntax_error("1 & 2", "at character 3");
	/* empty: nothing at character 1 */
	is_syntax_error("", "at character 1");
	is_syntax_error("   ", NULL);
	is_syntax_error("1 +", NULL);
	is_syntax_error("* 2", "at character 1");
	is_syntax_error("()", NULL);
	is_syntax_error("prev x", NULL);
	is_syntax_error("attr()", NULL);
	is_syntax_error("attr(1 + 2)", NULL);
	is_syntax_error("1 < 2 &&", NULL);
}

static void nesting_cap(void **state)
{
	char text[256];
	size_t n = 0;

	(void)state;
	/* 100 levels of parentheses: an error, not a crash */
	for (int i = 0; i < 100; i++)
		text[n++] = '(';
	text[n++] = '1';
	for (int i = 0; i < 100; i++)
		text[n++] = ')';
	text[n] = '\0';
	is_syntax_error(text, NULL);
}

/* EXPR_MAX_LEN characters are accepted; one more is refused. */
static void length_cap(void **state)
{
	char text[EXPR_MAX_LEN + 2];
	struct calls c;
	struct gp_err err;
	double v;
	size_t n = 0;

	(void)state;
	/* "1+1+...+1": 512 ones and 511 '+' = 1023 characters, then one space */
	text[n++] = '1';
	while (n + 2 <= EXPR_MAX_LEN - 1) {
		text[n++] = '+';
		text[n++] = '1';
	}
	text[n++] = ' ';
	text[n] = '\0';
	assert_int_equal(strlen(text), EXPR_MAX_LEN);
	assert_int_equal(eval(text, &c, &v, &err), GP_OK);
	assert_near(v, 512, TOL);

	text[n++] = ' ';
	text[n] = '\0';
	assert_int_equal(strlen(text), EXPR_MAX_LEN + 1);
	assert_int_equal(eval(text, &c, &v, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_contains(err.msg, "1024");
	assert_int_equal(c.nname, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(precedence),
	    cmocka_unit_test(parentheses),
	    cmocka_unit_test(unary_minus),
	    cmocka_unit_test(division_by_zero_is_nan),
	    cmocka_unit_test(comparisons_and_and),
	    cmocka_unit_test(nan_comparisons_are_false),
	    cmocka_unit_test(nan_not_equal_is_false),
	    cmocka_unit_test(prev_shifts_the_year),
	    cmocka_unit_test(attr_goes_to_the_attr_callback),
	    cmocka_unit_test(attr_code_with_trailing_spaces),
	    cmocka_unit_test(names_pass_through),
	    cmocka_unit_test(missing_names_are_reported),
	    cmocka_unit_test(missing_reported_once_per_name),
	    cmocka_unit_test(syntax_errors),
	    cmocka_unit_test(nesting_cap),
	    cmocka_unit_test(length_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
