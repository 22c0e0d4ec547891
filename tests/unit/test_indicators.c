/* test_indicators.c — the indicator engine (core/indicators.h) on hand-built indicator
 * sets over a small table of values: the directions and the distance to the target,
 * the size rule of the zero-carbon core indicator (国家级零碳园区建设指标体系（试行）,
 * 发改环资〔2025〕910号 附件3: 0.2 tCO2/tce for parks of 200,000-1,000,000 tce 等价值,
 * 0.3 at or above 1,000,000 tce; none below 200,000), acct.FIELD and the row's method,
 * and the report of missing data. Expected numbers are plain arithmetic beside each case. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/indicators.h"
#include "util/str.h"

#define TOL 1e-9

/* ---- the caller's data: names and attributes by year ---- */

#define MAX_VALUES 32
#define MAX_SEEN   64

struct value {
	char name[64];
	int year;
	double v;
};

struct data {
	struct value names[MAX_VALUES], attrs[MAX_VALUES];
	int nnames, nattrs;
	/* what the engine asked for and reported */
	char seen[MAX_SEEN][128];
	int nseen;
	char missing[MAX_SEEN][96];
	int missing_year[MAX_SEEN];
	int nmissing;
};

static void put(struct data *d, const char *name, int year, double v)
{
	assert_true(d->nnames < MAX_VALUES);
	str_copy(d->names[d->nnames].name, sizeof(d->names[0].name), name);
	d->names[d->nnames].year = year;
	d->names[d->nnames++].v = v;
}

static void put_attr(struct data *d, const char *code, int year, double v)
{
	assert_true(d->nattrs < MAX_VALUES);
	str_copy(d->attrs[d->nattrs].name, sizeof(d->attrs[0].name), code);
	d->attrs[d->nattrs].year = year;
	d->attrs[d->nattrs++].v = v;
}

static int find(const struct value *t, int n, const char *name, int year, double *v)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0 && t[i].year == year) {
			*v = t[i].v;
			return GP_OK;
		}
	return GP_ENOTFOUND;
}

static int name_cb(void *arg, const char *name, int year, double *v)
{
	struct data *d = arg;
	if (d->nseen < MAX_SEEN)
		str_copy(d->seen[d->nseen++], sizeof(d->seen[0]), name);
	return find(d->names, d->nnames, name, year, v);
}

static int attr_cb(void *arg, const char *code, int year, double *v)
{
	struct data *d = arg;
	return find(d->attrs, d->nattrs, code, year, v);
}

static void missing_cb(void *arg, const char *what, int year)
{
	struct data *d = arg;
	if (d->nmissing < MAX_SEEN) {
		str_copy(d->missing[d->nmissing], sizeof(d->missing[0]), what);
		d->missing_year[d->nmissing] = year;
	}
	d->nmissing++;
}

static bool seen(const struct data *d, const char *name)
{
	for (int i = 0; i < d->nseen; i++)
		if (strcmp(d->seen[i], name) == 0)
			return true;
	return false;
}

/* ---- hand-built indicator sets ---- */

static void add(struct ind_set *s, const char *code, const char *expr, double target,
		enum ind_direction dir, bool required, const char *method)
{
	struct ind_def d;

	memset(&d, 0, sizeof(d));
	str_copy(d.standard, sizeof(d.standard), "test");
	str_copy(d.code, sizeof(d.code), code);
	str_copy(d.expr, sizeof(d.expr), expr);
	str_copy(d.method, sizeof(d.method), method);
	str_copy(d.unit, sizeof(d.unit), "%");
	d.target = target;
	d.direction = dir;
	d.required = required;
	ind_set_add(s, &d);
}

/* The size rule as data/indicators/zcp2025.csv has it: ZC1 and its variant ZC1b. */
static void add_zc1(struct ind_set *s)
{
	struct ind_def d;

	memset(&d, 0, sizeof(d));
	str_copy(d.standard, sizeof(d.standard), "zcp2025");
	str_copy(d.code, sizeof(d.code), "ZC1");
	str_copy(d.group, sizeof(d.group), "core");
	str_copy(d.unit, sizeof(d.unit), "tCO2/tce");
	d.target = 0.2;
	d.direction = DIR_MAX;
	d.required = true;
	str_copy(d.applies, sizeof(d.applies),
		 "acct.energy_tce_equivalent >= 200000 && acct.energy_tce_equivalent < 1000000");
	str_copy(d.applies_text, sizeof(d.applies_text), "park energy 200000-1000000 tce (等价值)");
	str_copy(d.expr, sizeof(d.expr), "acct.co2_t / acct.energy_tce_equivalent");
	str_copy(d.method, sizeof(d.method), "zcp2025");
	/* tonnes above what the target allows */
	str_copy(d.gap_expr, sizeof(d.gap_expr),
		 "acct.co2_t - target * acct.energy_tce_equivalent");
	str_copy(d.gap_unit, sizeof(d.gap_unit), "tCO2");
	ind_set_add(s, &d);
	str_copy(d.code, sizeof(d.code), "ZC1b");
	d.target = 0.3;
	str_copy(d.variant_of, sizeof(d.variant_of), "ZC1");
	str_copy(d.applies, sizeof(d.applies), "acct.energy_tce_equivalent >= 1000000");
	str_copy(d.applies_text, sizeof(d.applies_text), "park energy >= 1000000 tce (等价值)");
	ind_set_add(s, &d);
}

static int evaluate(const struct ind_set *set, struct data *d, int year, struct ind_result **res,
		    size_t *n)
{
	struct expr_env env = {name_cb, attr_cb, d, missing_cb};
	struct gp_err err;

	gp_err_clear(&err);
	*res = NULL;
	*n = 0;
	return indicators_evaluate(set, year, &env, res, n, &err);
}

static const struct ind_result *result(const struct ind_result *res, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++) {
		const struct ind_def *def = res[i].def;
		if (strcmp(def->variant_of[0] ? def->variant_of : def->code, code) == 0)
			return &res[i];
	}
	fail_msg("no result for %s", code);
	return NULL;
}

/* ---- the tests ---- */

static void directions_and_gaps(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	const struct ind_result *r;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	put(&d, "share", 2024, 76);
	put(&d, "share_ok", 2024, 85);
	put(&d, "share_equal", 2024, 80);
	put(&d, "intensity", 2024, 0.25);
	put(&d, "intensity_ok", 2024, 0.15);
	put_attr(&d, "IG1", 2024, 1);
	put_attr(&d, "MG3", 2024, 0);
	add(&set, "MIN_SHORT", "share", 80, DIR_MIN, true, "");
	add(&set, "MIN_MET", "share_ok", 80, DIR_MIN, true, "");
	add(&set, "MIN_EQUAL", "share_equal", 80, DIR_MIN, true, "");
	add(&set, "MAX_OVER", "intensity", 0.2, DIR_MAX, false, "");
	add(&set, "MAX_MET", "intensity_ok", 0.2, DIR_MAX, false, "");
	add(&set, "BOOL_YES", "attr(IG1)", 1, DIR_BOOL, true, "");
	add(&set, "BOOL_NO", "attr(MG3)", 1, DIR_BOOL, true, "");
	add(&set, "EXPR", "share / (share + 4) * 100", 90, DIR_MIN, true, "");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 8);

	/* 76 against a minimum of 80: short by 4, 4 / 80 = 5 % */
	r = result(res, n, "MIN_SHORT");
	assert_near(r->value, 76, TOL);
	assert_near(r->target, 80, TOL);
	assert_int_equal(r->pass, 0);
	assert_near(r->gap, 4, TOL);
	assert_near(r->gap_pct, 5, TOL);
	assert_true(isnan(r->gap_abs)); /* no gap_expr in the row */
	assert_string_equal(r->missing, "");
	assert_string_equal(r->note, "");

	/* 85 ≥ 80: met, no distance left */
	r = result(res, n, "MIN_MET");
	assert_int_equal(r->pass, 1);
	assert_near(r->gap, 0, TOL);
	assert_near(r->gap_pct, 0, TOL);

	/* exactly the target passes */
	r = result(res, n, "MIN_EQUAL");
	assert_int_equal(r->pass, 1);
	assert_near(r->gap, 0, TOL);

	/* 0.25 against a maximum of 0.2: over by 0.05, 0.05 / 0.2 = 25 % */
	r = result(res, n, "MAX_OVER");
	assert_near(r->value, 0.25, TOL);
	assert_int_equal(r->pass, 0);
	assert_near(r->gap, 0.05, TOL);
	assert_near(r->gap_pct, 25, 1e-7);

	r = result(res, n, "MAX_MET");
	assert_int_equal(r->pass, 1);
	assert_near(r->gap, 0, TOL);
	assert_near(r->gap_pct, 0, TOL);

	/* yes/no: 1 passes, 0 fails with a distance of 1 (100 %) */
	r = result(res, n, "BOOL_YES");
	assert_near(r->value, 1, TOL);
	assert_int_equal(r->pass, 1);
	assert_near(r->gap, 0, TOL);
	r = result(res, n, "BOOL_NO");
	assert_near(r->value, 0, TOL);
	assert_int_equal(r->pass, 0);
	assert_near(r->gap, 1, TOL);
	assert_near(r->gap_pct, 100, TOL);

	/* 76 / 80 × 100 = 95 ≥ 90 */
	r = result(res, n, "EXPR");
	assert_near(r->value, 95, TOL);
	assert_int_equal(r->pass, 1);

	free(res);
	ind_set_release(&set);
}

static void required_flags_pass_through(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	put(&d, "v", 2024, 1);
	add(&set, "R1", "v", 1, DIR_MIN, true, "");
	add(&set, "O1", "v", 1, DIR_MIN, false, "");
	add(&set, "R2", "v", 1, DIR_MIN, true, "");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 3);
	/* one result per row, in the set's order, pointing at the set's rows */
	assert_ptr_equal(res[0].def, &set.defs[0]);
	assert_ptr_equal(res[1].def, &set.defs[1]);
	assert_ptr_equal(res[2].def, &set.defs[2]);
	assert_true(res[0].def->required);
	assert_false(res[1].def->required);
	assert_true(res[2].def->required);
	free(res);
	ind_set_release(&set);
}

/* ZC1 at park energy E (tce 等价值), CO2 = 0.25 × E: the result for the one indicator,
 * and the code of the row whose target applies (or the base row) in row. */
static void zc1_at(double e, struct ind_result *out, char row[16])
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	add_zc1(&set);
	put(&d, "acct.zcp2025.energy_tce_equivalent", 2024, e);
	put(&d, "acct.zcp2025.co2_t", 2024, 0.25 * e);
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	/* two rows, one indicator */
	assert_int_equal(n, 1);
	*out = res[0];
	str_copy(row, 16, res[0].def->code);
	out->def = NULL; /* it points into the set, released here */
	free(res);
	ind_set_release(&set);
}

static void size_rule_below_200000(void **state)
{
	struct ind_result r;
	char row[16];

	(void)state;
	/* 199,999.9 tce: no target of the set applies */
	zc1_at(199999.9, &r, row);
	assert_string_equal(row, "ZC1"); /* reported under the base row */
	assert_near(r.value, 0.25, TOL); /* the value is still computed */
	assert_true(isnan(r.target));
	assert_int_equal(r.pass, -1);
	assert_true(isnan(r.gap));
	assert_true(isnan(r.gap_pct));
	assert_true(isnan(r.gap_abs));
	/* the note names both ranges and their targets */
	assert_contains(r.note, "200000-1000000");
	assert_contains(r.note, ">= 1000000");
	assert_contains(r.note, "0.2");
	assert_contains(r.note, "0.3");
	assert_string_equal(r.missing, "");

	/* a small park, 1,707 tce */
	zc1_at(1707.67, &r, row);
	assert_true(isnan(r.target));
	assert_int_equal(r.pass, -1);
}

static void size_rule_from_200000(void **state)
{
	struct ind_result r;
	char row[16];

	(void)state;
	/* 200,000 tce: ZC1's 0.2 applies; 0.25 > 0.2 fails by 0.05 (25 %) */
	zc1_at(200000, &r, row);
	assert_string_equal(row, "ZC1");
	assert_near(r.target, 0.2, TOL);
	assert_near(r.value, 0.25, TOL);
	assert_int_equal(r.pass, 0);
	assert_near(r.gap, 0.05, TOL);
	assert_near(r.gap_pct, 25, 1e-7);
	/* 50,000 t - 0.2 × 200,000 tce = 10,000 t over */
	assert_near(r.gap_abs, 10000, 1e-6);
	assert_string_equal(r.note, "");

	/* 999,999.9 tce: still 0.2 */
	zc1_at(999999.9, &r, row);
	assert_string_equal(row, "ZC1");
	assert_near(r.target, 0.2, TOL);
	assert_int_equal(r.pass, 0);
	assert_string_equal(r.note, "");
}

static void size_rule_from_1000000(void **state)
{
	struct ind_result r;
	char row[16];

	(void)state;
	/* 1,000,000 tce: ZC1b's 0.3 applies; 0.25 ≤ 0.3 passes */
	zc1_at(1000000, &r, row);
	assert_string_equal(row, "ZC1b");
	assert_near(r.target, 0.3, TOL);
	assert_int_equal(r.pass, 1);
	assert_near(r.gap, 0, TOL);
	assert_near(r.gap_pct, 0, TOL);
	/* 250,000 t - 0.3 × 1,000,000 tce = -50,000 t: within the target */
	assert_near(r.gap_abs, -50000, 1e-6);
	assert_string_equal(r.note, "");

	zc1_at(5e6, &r, row);
	assert_string_equal(row, "ZC1b");
	assert_near(r.target, 0.3, TOL);
}

static void size_rule_variant_reports_base_code(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	add_zc1(&set);
	/* 2,000,000 tce, 0.35 tCO2/tce: over 0.3 by 0.05 = 16.67 % */
	put(&d, "acct.zcp2025.energy_tce_equivalent", 2024, 2e6);
	put(&d, "acct.zcp2025.co2_t", 2024, 0.35 * 2e6);
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(res[0].def->code, "ZC1b");
	assert_string_equal(res[0].def->variant_of, "ZC1");
	assert_near(res[0].value, 0.35, TOL);
	assert_int_equal(res[0].pass, 0);
	assert_near(res[0].gap, 0.05, TOL);
	assert_near(res[0].gap_pct, 0.05 / 0.3 * 100, 1e-7);
	/* 700,000 t - 0.3 × 2,000,000 tce = 100,000 t over */
	assert_near(res[0].gap_abs, 100000, 1e-6);
	free(res);

	/* energy unknown: no target applies, and what is missing is said */
	memset(&d, 0, sizeof(d));
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 1);
	assert_true(isnan(res[0].value));
	assert_true(isnan(res[0].target));
	assert_int_equal(res[0].pass, -1);
	assert_contains(res[0].missing, "energy_tce_equivalent (2024)");
	assert_contains(res[0].missing, "co2_t (2024)");
	free(res);
	ind_set_release(&set);
}

/* acct.FIELD reaches the caller as acct.METHOD.FIELD, the row's method; zcp2025 when the
 * row names none. Other names arrive as written. */
static void acct_names_carry_the_method(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	put(&d, "acct.cn-enterprise.energy_tce", 2024, 1000);
	put(&d, "acct.zcp2025.clean_tce", 2024, 450);
	put(&d, "acct.zcp2025.energy_tce_equivalent", 2024, 1500);
	put(&d, "value_added", 2024, 20000);
	put(&d, "acct.cn-enterprise.co2_t", 2024, 3000);
	put(&d, "acct.cn-enterprise.co2_t", 2023, 3000);
	put(&d, "value_added", 2023, 18000);
	add(&set, "EG1", "value_added / acct.energy_tce", 3, DIR_MIN, true, "cn-enterprise");
	add(&set, "ZG1", "acct.clean_tce / acct.energy_tce_equivalent * 100", 90, DIR_MIN, false,
	    "zcp2025");
	add(&set, "NOMETHOD", "acct.clean_tce", 1, DIR_MIN, false, "");
	add(&set, "GG2", "(1 - (acct.co2_t / value_added) / prev(acct.co2_t / value_added)) * 100",
	    3, DIR_MIN, true, "cn-enterprise");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 4);

	/* 20000 / 1000 = 20 万元/tce */
	assert_near(result(res, n, "EG1")->value, 20, TOL);
	assert_true(seen(&d, "acct.cn-enterprise.energy_tce"));
	assert_true(seen(&d, "value_added"));
	assert_false(seen(&d, "acct.energy_tce"));
	/* 450 / 1500 × 100 = 30 %, short of 90 by 60 (66.67 %) */
	assert_near(result(res, n, "ZG1")->value, 30, TOL);
	assert_near(result(res, n, "ZG1")->gap, 60, TOL);
	assert_near(result(res, n, "ZG1")->gap_pct, 60.0 / 90.0 * 100, 1e-7);
	assert_true(seen(&d, "acct.zcp2025.clean_tce"));
	assert_true(seen(&d, "acct.zcp2025.energy_tce_equivalent"));
	/* no method: zcp2025 */
	assert_near(result(res, n, "NOMETHOD")->value, 450, TOL);
	assert_string_equal(result(res, n, "NOMETHOD")->missing, "");
	/* (1 - (3000/20000) / (3000/18000)) × 100 = (1 - 0.9) × 100 = 10 % */
	assert_near(result(res, n, "GG2")->value, 10, 1e-9);
	assert_int_equal(result(res, n, "GG2")->pass, 1);
	for (int i = 0; i < d.nseen; i++)
		if (strncmp(d.seen[i], "acct.", 5) == 0 &&
		    strncmp(d.seen[i], "acct.zcp2025.", 13) != 0 &&
		    strncmp(d.seen[i], "acct.cn-enterprise.", 19) != 0)
			fail_msg("acct name without the method: %s", d.seen[i]);
	free(res);
	ind_set_release(&set);
}

static void missing_is_listed_once_each(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	const struct ind_result *r;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	put(&d, "water_withdrawal", 2024, 100);
	put(&d, "cod", 2024, 5);
	add(&set, "RG4", "water_reused / (water_reused + water_withdrawal) * 100", 90, DIR_MIN,
	    true, "");
	add(&set, "RG7", "waste_gas_recovered / waste_gas_available * 100", 90, DIR_MIN, false, "");
	add(&set, "IG1", "attr(IG1)", 1, DIR_BOOL, true, "");
	add(&set, "GG4", "(cod + so2) / prev(cod + so2) + so2 * 0", 0.3, DIR_MAX, true, "");
	add(&set, "OK", "water_withdrawal", 1, DIR_MIN, true, "");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 5);

	/* water_reused is written twice: listed once */
	r = result(res, n, "RG4");
	assert_true(isnan(r->value));
	assert_near(r->target, 90, TOL);
	assert_int_equal(r->pass, -1);
	assert_true(isnan(r->gap));
	assert_true(isnan(r->gap_pct));
	assert_string_equal(r->missing, "water_reused (2024)");

	r = result(res, n, "RG7");
	assert_int_equal(r->pass, -1);
	assert_string_equal(r->missing, "waste_gas_recovered (2024); waste_gas_available (2024)");

	r = result(res, n, "IG1");
	assert_int_equal(r->pass, -1);
	assert_string_equal(r->missing, "attr(IG1) (2024)");

	/* so2 three times for 2024, cod and so2 once each for 2023 */
	r = result(res, n, "GG4");
	assert_int_equal(r->pass, -1);
	assert_string_equal(r->missing, "so2 (2024); cod (2023); so2 (2023)");

	r = result(res, n, "OK");
	assert_string_equal(r->missing, "");
	assert_int_equal(r->pass, 1);

	/* the caller's missing callback hears each once per indicator:
	 * RG4 1, RG7 2, IG1 1, GG4 3 */
	assert_int_equal(d.nmissing, 7);
	assert_string_equal(d.missing[0], "water_reused");
	assert_int_equal(d.missing_year[0], 2024);
	assert_string_equal(d.missing[3], "attr(IG1)");
	assert_string_equal(d.missing[5], "cod");
	assert_int_equal(d.missing_year[5], 2023);
	free(res);
	ind_set_release(&set);
}

/* A name that is the tail of another (value_added in green_industry_value_added, CG2 of
 * the 2016 green-park set) is still listed when both are missing. */
static void missing_name_inside_another(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	add(&set, "CG2", "green_industry_value_added / value_added * 100", 30, DIR_MIN, true, "");
	add(&set, "X", "nox + ox", 1, DIR_MAX, true, "");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(res[0].missing,
			    "green_industry_value_added (2024); value_added (2024)");
	assert_string_equal(res[1].missing, "nox (2024); ox (2024)");
	free(res);
	ind_set_release(&set);
}

static void no_value_no_pass(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	put(&d, "solid_waste_utilized", 2024, 10);
	put(&d, "solid_waste_generated", 2024, 0);
	/* 10 / 0: a division by zero, not missing data */
	add(&set, "ZG3", "solid_waste_utilized / solid_waste_generated * 100", 80, DIR_MIN, false,
	    "");
	/* a row without a target */
	add(&set, "NT", "solid_waste_utilized", NAN, DIR_MIN, false, "");
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_true(isnan(res[0].value));
	assert_int_equal(res[0].pass, -1);
	assert_true(isnan(res[0].gap));
	assert_string_equal(res[0].missing, "");
	assert_near(res[1].value, 10, TOL);
	assert_true(isnan(res[1].target));
	assert_int_equal(res[1].pass, -1);
	assert_string_equal(res[1].note, ""); /* no size rule: no note */
	free(res);
	ind_set_release(&set);
}

static void bad_expression_is_an_input_error(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res = NULL;
	struct expr_env env = {name_cb, attr_cb, &d, missing_cb};
	struct gp_err err;
	size_t n = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	add(&set, "OK", "1", 1, DIR_MIN, true, "");
	add(&set, "BAD", "(water_reused + 1", 1, DIR_MIN, true, "");
	gp_err_clear(&err);
	assert_int_equal(indicators_evaluate(&set, 2024, &env, &res, &n, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_contains(err.msg, "(water_reused + 1");
	assert_contains(err.msg, "character");
	ind_set_release(&set);
}

static void empty_set(void **state)
{
	struct ind_set set;
	struct data d;
	struct ind_result *res;
	size_t n;

	(void)state;
	memset(&d, 0, sizeof(d));
	ind_set_init(&set);
	assert_int_equal(evaluate(&set, &d, 2024, &res, &n), GP_OK);
	assert_int_equal(n, 0);
	free(res);
	ind_set_release(&set);
}

static void directions_by_name(void **state)
{
	enum ind_direction dir;

	(void)state;
	assert_int_equal(ind_direction_parse("min", &dir), GP_OK);
	assert_int_equal(dir, DIR_MIN);
	assert_int_equal(ind_direction_parse("max", &dir), GP_OK);
	assert_int_equal(dir, DIR_MAX);
	assert_int_equal(ind_direction_parse("bool", &dir), GP_OK);
	assert_int_equal(dir, DIR_BOOL);
	assert_int_equal(ind_direction_parse("MIN", &dir), GP_EINPUT);
	assert_int_equal(ind_direction_parse("", &dir), GP_EINPUT);
	assert_string_equal(ind_direction_name(DIR_MIN), "min");
	assert_string_equal(ind_direction_name(DIR_MAX), "max");
	assert_string_equal(ind_direction_name(DIR_BOOL), "bool");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(directions_and_gaps),
	    cmocka_unit_test(required_flags_pass_through),
	    cmocka_unit_test(size_rule_below_200000),
	    cmocka_unit_test(size_rule_from_200000),
	    cmocka_unit_test(size_rule_from_1000000),
	    cmocka_unit_test(size_rule_variant_reports_base_code),
	    cmocka_unit_test(acct_names_carry_the_method),
	    cmocka_unit_test(missing_is_listed_once_each),
	    cmocka_unit_test(missing_name_inside_another),
	    cmocka_unit_test(no_value_no_pass),
	    cmocka_unit_test(bad_expression_is_an_input_error),
	    cmocka_unit_test(empty_set),
	    cmocka_unit_test(directions_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
