/* test_account.c — the accounting methods of standards/methods.md against values
 * computed by hand from the standards' tables. The factor library is built here from
 * the published numbers (not read from data/), so these tests check the formulas. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "near.h"

#include "core/account.h"
#include "util/str.h"

#define TOL 1e-6

static int add_item(struct factor_lib *lib, const char *code, const char *category,
		    const char *unit, enum item_kind kind, double tce, bool tce_from_ncv,
		    double ncv, double cc, double ox)
{
	struct item it;
	struct gp_err err;

	memset(&it, 0, sizeof(it));
	it.id = (long long)lib->nitems + 1;
	str_copy(it.code, sizeof(it.code), code);
	str_copy(it.category, sizeof(it.category), category);
	str_copy(it.unit, sizeof(it.unit), unit);
	it.kind = kind;
	it.tce_per_unit = tce;
	it.tce_from_ncv = tce_from_ncv;
	it.ncv_gj_per_unit = ncv;
	it.cc_tc_per_tj = cc;
	it.oxidation = ox;
	it.confidence = CONF_SECONDARY;
	str_copy(it.source, sizeof(it.source), "test");
	assert_int_equal(item_prepare(&it, "", &err), GP_OK);
	factors_add_item(lib, &it);
	return (int)lib->nitems - 1;
}

static void add_grid(struct factor_lib *lib, int year, const char *grid, const char *kind, double v)
{
	struct grid_factor g;
	memset(&g, 0, sizeof(g));
	g.year = year;
	str_copy(g.grid, sizeof(g.grid), grid);
	str_copy(g.kind, sizeof(g.kind), kind);
	g.kg_co2_per_kwh = v;
	g.confidence = CONF_SECONDARY;
	str_copy(g.source, sizeof(g.source), "MEE/NBS");
	factors_add_grid(lib, &g);
}

/* Indexes into the test library. */
static int I_GRID, I_DIRECT, I_TRADED, I_ONSITE, I_EXPORT, I_GAS, I_LNG, I_COAL, I_HEAT, I_HEAT_NF,
    I_HEAT_EXPORT, I_BIOMASS, I_PROCESS, I_VA, I_WATER;

/* The rows of standards/items.csv, grid_factors.csv and electricity_equivalent.csv
 * that the tests use, with the standards' values. */
static void build_lib(struct factor_lib *lib)
{
	struct equivalent_factor e;

	factors_init(lib);
	/* GB/T 2589-2020 当量值 0.1229 kgce/kWh */
	I_GRID = add_item(lib, "electricity_grid", "energy", "kWh", ITEM_ELECTRICITY, 0.0001229,
			  false, 0.0036, NAN, NAN);
	I_DIRECT = add_item(lib, "electricity_green_direct", "energy", "kWh",
			    ITEM_ELECTRICITY_NONFOSSIL, 0.0001229, false, 0.0036, NAN, NAN);
	I_TRADED = add_item(lib, "electricity_green_traded", "energy", "kWh",
			    ITEM_ELECTRICITY_NONFOSSIL, 0.0001229, false, 0.0036, NAN, NAN);
	I_ONSITE = add_item(lib, "electricity_onsite_renewable", "energy", "kWh",
			    ITEM_ELECTRICITY_NONFOSSIL, 0.0001229, false, 0.0036, NAN, NAN);
	I_EXPORT = add_item(lib, "electricity_export_fossil", "energy", "kWh",
			    ITEM_ELECTRICITY_EXPORT, 0.0001229, false, 0.0036, NAN, NAN);
	/* natural gas: NCV 389.31 GJ/10^4 Nm3, CC 15.3 tC/TJ, OF 99 % (GB/T 32151 defaults) */
	I_GAS = add_item(lib, "natural_gas", "energy", "m3", ITEM_FUEL, NAN, true, 0.038931, 15.3,
			 0.99);
	I_LNG = add_item(lib, "lng", "energy", "t", ITEM_FUEL, NAN, true, 51.498, 15.3, 0.98);
	/* raw coal: 0.7143 tce/t (GB/T 2589), NCV 20.908 GJ/t, CC 26.37 tC/TJ, OF 94 % */
	I_COAL =
	    add_item(lib, "raw_coal", "energy", "t", ITEM_FUEL, 0.7143, false, 20.908, 26.37, 0.94);
	I_HEAT =
	    add_item(lib, "heat_purchased", "energy", "GJ", ITEM_HEAT, 0.03412, false, 1, NAN, NAN);
	I_HEAT_NF = add_item(lib, "heat_nonfossil", "energy", "GJ", ITEM_HEAT_NONFOSSIL, 0.03412,
			     false, 1, NAN, NAN);
	I_HEAT_EXPORT = add_item(lib, "heat_export", "energy", "GJ", ITEM_HEAT_EXPORT, 0.03412,
				 false, 1, NAN, NAN);
	I_BIOMASS = add_item(lib, "biomass", "energy", "t", ITEM_BIOMASS, NAN, true, NAN, NAN, NAN);
	I_PROCESS = add_item(lib, "process_co2", "emission", "tCO2", ITEM_PROCESS, NAN, false, NAN,
			     NAN, NAN);
	I_VA = add_item(lib, "value_added", "economic", "万元", ITEM_ECONOMIC, NAN, false, NAN, NAN,
			NAN);
	I_WATER =
	    add_item(lib, "water_withdrawal", "water", "m3", ITEM_WATER, NAN, false, NAN, NAN, NAN);
	factors_index(lib);
	/* MEE/NBS 2022 and 2023 electricity CO2 factors (grid_factors.csv) */
	add_grid(lib, 2022, "national", "average", 0.5366);
	add_grid(lib, 2022, "national", "excl_market_nonfossil", 0.5856);
	add_grid(lib, 2022, "north", "average", 0.6776);
	add_grid(lib, 2023, "national", "average", 0.5306);
	add_grid(lib, 2023, "national", "excl_market_nonfossil", 0.6096);
	add_grid(lib, 2023, "north", "average", 0.6361);
	/* 供电标准煤耗 300.7 gce/kWh (2022, electricity_equivalent.csv) */
	memset(&e, 0, sizeof(e));
	e.year = 2022;
	e.kgce_per_kwh = 0.3007;
	e.confidence = CONF_UNCONFIRMED;
	factors_add_equivalent(lib, &e);
}

struct fixture {
	struct factor_lib lib;
	double q[32];
};

static int setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof(f));
	build_lib(&f.lib);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	factors_release(&f->lib);
	return 0;
}

static int compute(struct fixture *f, int year, enum account_method m, const char *grid,
		   struct account_result *r, struct gp_err *err)
{
	struct account_input in = {year, m, grid, f->q};
	return account_compute(&f->lib, &in, r, err);
}

static bool has_warning(const struct account_result *r, const char *w)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		if (strstr(r->warnings[i], w))
			return true;
	return false;
}

static const struct factor_use *find_factor(const struct account_result *r, const char *key)
{
	for (size_t i = 0; i < r->nfactors; i++)
		if (strcmp(r->factors[i].key, key) == 0)
			return &r->factors[i];
	return NULL;
}

/* Issue example: 100×10^4 Nm3 natural gas → 389.31 GJ/10^4 Nm3 × 15.3 tC/TJ × 99 % × 44/12
 * = 38931 GJ × 0.0153 tC/GJ = 595.6443 tC × 0.99 = 589.687857 tC × 44/12 = 2162.188809 tCO2.
 * tce = 38931 GJ / 29.3076 GJ/tce (GB/T 2589) = 1328.358514... */
static void natural_gas_fuel_co2(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_GAS] = 100 * 1e4;
	for (int m = 0; m < METHOD_COUNT; m++) {
		assert_int_equal(compute(f, 2023, (enum account_method)m, "national", &r, &err),
				 GP_OK);
		assert_near(r.co2_fuel_t, 2162.188809, TOL);
		assert_near(fabs(r.co2_fuel_t - 2162.2), 0.0,
			    0.05); /* the rounded figure */
		assert_near(r.co2_t, r.co2_fuel_t, 0);
		assert_near(r.energy_tce, 38931.0 / 29.3076, TOL);
		assert_near(r.energy_tce_equivalent, r.energy_tce, 0);
		/* natural gas is clean energy (methods.md), not renewable */
		assert_near(r.clean_tce, r.energy_tce, TOL);
		assert_near(r.renewable_tce, 0, 0);
		assert_near(r.clean_share, 1.0, 1e-12);
		assert_non_null(find_factor(&r, "item.natural_gas.ncv"));
		assert_non_null(find_factor(&r, "item.natural_gas.cc"));
		assert_non_null(find_factor(&r, "item.natural_gas.oxidation"));
		account_result_release(&r);
	}
}

/* Issue example: 1,000,000 kWh of non-green grid power under zcp2025 → × 0.8325 kgCO2/kWh
 * = 832.5 tCO2, for any year (the factor is fixed by the method). 当量值 1e6 × 0.1229 kgce
 * = 122.9 tce; 等价值 1e6 × 0.3007 kgce (2022, the only year; fallback for 2024) = 300.7 tce. */
static void zcp2025_grid_electricity(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;
	const struct factor_use *u;

	f->q[I_GRID] = 1000000;
	assert_int_equal(compute(f, 2024, METHOD_ZCP2025, "north", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 832.5, TOL);
	assert_near(r.co2_t, 832.5, TOL);
	assert_near(r.energy_tce, 122.9, TOL);
	assert_near(r.energy_tce_equivalent, 300.7, TOL);
	assert_near(r.co2_per_tce, 832.5 / 300.7, 1e-9);
	assert_true(has_warning(
	    &r, "electricity equivalent coefficient (等价值) for 2024 not published; used 2022"));
	u = find_factor(&r, "method.zcp2025.electricity");
	assert_non_null(u);
	assert_near(u->value, 0.8325, 0);
	u = find_factor(&r, "electricity_equivalent");
	assert_non_null(u);
	assert_int_equal(u->year_requested, 2024);
	assert_int_equal(u->year_used, 2022);
	account_result_release(&r);
}

/* cn-enterprise, park grid north (华北): 2023 average 0.6361 → 636.1 tCO2; for 2024 the
 * 2023 row is used with the warning of methods.md "Year fallback". */
static void cn_enterprise_location_based(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;
	const struct factor_use *u;

	f->q[I_GRID] = 1000000;
	assert_int_equal(compute(f, 2023, METHOD_CN_ENTERPRISE, "north", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 636.1, TOL);
	assert_false(has_warning(&r, "grid factor"));
	account_result_release(&r);

	assert_int_equal(compute(f, 2024, METHOD_CN_ENTERPRISE, "north", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 636.1, TOL);
	assert_true(has_warning(&r, "grid factor north/average for 2024 not published; used 2023"));
	u = find_factor(&r, "grid.north.average");
	assert_non_null(u);
	assert_int_equal(u->year_used, 2023);
	account_result_release(&r);

	/* 2022: 0.6776 */
	assert_int_equal(compute(f, 2022, METHOD_CN_ENTERPRISE, "north", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 677.6, TOL);
	account_result_release(&r);
}

/* Green electricity: zcp2025 counts every non-fossil item 0; cn-enterprise counts green
 * traded and green direct at the average factor (location-based) and on-site 0;
 * cn-market counts all three 0. 100,000 kWh each, 2023, national. */
static void green_electricity_by_method(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_DIRECT] = 100000;
	f->q[I_TRADED] = 100000;
	f->q[I_ONSITE] = 100000;
	assert_int_equal(compute(f, 2023, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.co2_t, 0, 0);
	/* renewable on the 等价值 basis for zcp2025: 300,000 kWh × 0.3007 kgce = 90.21 tce */
	assert_near(r.renewable_tce, 90.21, TOL);
	assert_near(r.clean_share, 1.0, 1e-12);
	account_result_release(&r);

	assert_int_equal(compute(f, 2023, METHOD_CN_ENTERPRISE, "national", &r, &err), GP_OK);
	/* 200,000 kWh × 0.5306 kgCO2/kWh = 106.12 t */
	assert_near(r.co2_electricity_t, 106.12, TOL);
	/* renewable on the 当量值 basis: 300,000 × 0.1229 kgce = 36.87 tce */
	assert_near(r.renewable_tce, 36.87, TOL);
	account_result_release(&r);

	assert_int_equal(compute(f, 2023, METHOD_CN_MARKET, "national", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 0, 0);
	account_result_release(&r);
}

/* Exported fossil electricity is deducted: (1,000,000 − 200,000) kWh.
 * zcp2025: × 0.8325 = 666.0 t; cn-market 2023: × 0.6096 = 487.68 t;
 * 当量值: (1e6 − 2e5) × 0.1229 kgce = 98.32 tce. */
static void export_deducted(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_GRID] = 1000000;
	f->q[I_EXPORT] = 200000;
	assert_int_equal(compute(f, 2023, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 666.0, TOL);
	assert_near(r.energy_tce, 98.32, TOL);
	assert_near(r.energy_tce_equivalent, 800000 * 0.3007 / 1000, TOL);
	account_result_release(&r);
	assert_int_equal(compute(f, 2023, METHOD_CN_MARKET, "national", &r, &err), GP_OK);
	assert_near(r.co2_electricity_t, 487.68, TOL);
	account_result_release(&r);
}

/* Heat: 0.11 tCO2/GJ × (1000 − 200) GJ = 88 t; non-fossil heat 0 t.
 * tce: (1000 − 200 + 500) GJ × 0.03412 tce/GJ = 44.356 tce; renewable 500 × 0.03412 = 17.06. */
static void heat(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_HEAT] = 1000;
	f->q[I_HEAT_EXPORT] = 200;
	f->q[I_HEAT_NF] = 500;
	assert_int_equal(compute(f, 2022, METHOD_CN_ENTERPRISE, "national", &r, &err), GP_OK);
	assert_near(r.co2_heat_t, 88.0, TOL);
	assert_near(r.energy_tce, 44.356, TOL);
	assert_near(r.renewable_tce, 17.06, TOL);
	assert_non_null(find_factor(&r, "method.heat"));
	account_result_release(&r);
}

/* Raw coal 100 t: tce 100 × 0.7143 = 71.43; CO2 = 100 × 20.908 GJ/t × 26.37/1000 tC/GJ
 * × 0.94 × 44/12 = 2090.8 GJ × 0.02637 = 55.134396 tC × 0.94 = 51.82633224 tC
 * × 3.6666667 = 190.02988488 t. Process CO2 50 t adds 50. */
static void coal_and_process(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_COAL] = 100;
	f->q[I_PROCESS] = 50;
	assert_int_equal(compute(f, 2023, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.energy_tce, 71.43, TOL);
	assert_near(r.co2_fuel_t, 190.02988488, TOL);
	assert_near(r.co2_process_t, 50, 0);
	assert_near(r.co2_t, 240.02988488, TOL);
	assert_near(r.clean_tce, 0, 0);
	account_result_release(&r);
}

/* Biomass: never counted in CO2 (GB/T 32150); energy only with an NCV, which the
 * library leaves empty: without one, a warning; with the park's override 15 GJ/t,
 * 10 t → 150 GJ / 29.3076 = 5.118126... tce, renewable. */
static void biomass(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct factor_override o;
	struct gp_err err;

	f->q[I_BIOMASS] = 10;
	assert_int_equal(compute(f, 2024, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.energy_tce, 0, 0);
	assert_near(r.co2_t, 0, 0);
	assert_true(has_warning(&r, "biomass has no NCV for 2024"));
	account_result_release(&r);

	memset(&o, 0, sizeof(o));
	o.year = 2024;
	str_copy(o.key, sizeof(o.key), "item.biomass.ncv");
	o.value = 15;
	str_copy(o.source, sizeof(o.source), "lab report");
	factors_add_override(&f->lib, &o);
	assert_int_equal(compute(f, 2024, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.energy_tce, 150 / 29.3076, TOL);
	assert_near(r.renewable_tce, 150 / 29.3076, TOL);
	assert_near(r.co2_t, 0, 0);
	assert_false(has_warning(&r, "biomass has no NCV"));
	account_result_release(&r);
	f->lib.novr = 0;
}

/* A park override (实测值) of natural gas NCV for 2024 is used for 2024 only:
 * 1e6 m3 × 0.036 GJ/m3 × 0.0153 × 0.99 × 44/12 = 1999.404 t. */
static void override_precedence(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct factor_override o;
	struct gp_err err;
	const struct factor_use *u;

	memset(&o, 0, sizeof(o));
	o.year = 2024;
	str_copy(o.key, sizeof(o.key), "item.natural_gas.ncv");
	o.value = 0.036;
	str_copy(o.source, sizeof(o.source), "2024 gas quality report");
	factors_add_override(&f->lib, &o);
	f->q[I_GAS] = 1e6;
	assert_int_equal(compute(f, 2024, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.co2_fuel_t, 1999.404, TOL);
	u = find_factor(&r, "item.natural_gas.ncv");
	assert_non_null(u);
	assert_true(u->override);
	assert_int_equal(u->confidence, CONF_MEASURED);
	assert_non_null(strstr(u->source, "2024 gas quality report"));
	account_result_release(&r);

	assert_int_equal(compute(f, 2023, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.co2_fuel_t, 2162.188809, TOL);
	account_result_release(&r);
	f->lib.novr = 0;
}

/* No factor for the year nor any earlier year: an error that names the factor. */
static void missing_factor_is_an_error(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_GRID] = 1000;
	assert_int_equal(compute(f, 2021, METHOD_ZCP2025, "national", &r, &err), GP_EFACTOR);
	assert_non_null(strstr(err.msg, "electricity equivalent coefficient (等价值) for 2021"));
	assert_int_equal(compute(f, 2023, METHOD_CN_ENTERPRISE, "east", &r, &err), GP_EFACTOR);
	assert_non_null(strstr(err.msg, "grid factor east/average for 2023"));
}

/* Intensities: value added 2000 万元 with 1e6 kWh under zcp2025 → 832.5/2000 = 0.41625
 * tCO2/万元 and 122.9/2000 = 0.06145 tce/万元; without value added they are undefined. */
static void intensities(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_GRID] = 1e6;
	f->q[I_WATER] = 5000; /* water has no energy or CO2 */
	assert_int_equal(compute(f, 2022, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_true(isnan(r.co2_per_wan_yuan));
	assert_true(isnan(r.tce_per_wan_yuan));
	assert_true(has_warning(&r, "no value_added recorded for 2022"));
	account_result_release(&r);
	f->q[I_VA] = 2000;
	assert_int_equal(compute(f, 2022, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_near(r.value_added_wan_yuan, 2000, 0);
	assert_near(r.co2_per_wan_yuan, 0.41625, 1e-12);
	assert_near(r.tce_per_wan_yuan, 0.06145, 1e-12);
	assert_near(r.co2_t, 832.5, TOL);
	account_result_release(&r);
}

/* An entity with no energy: co2_per_tce and shares undefined, with a warning. */
static void empty_entity(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	assert_int_equal(compute(f, 2023, METHOD_ZCP2025, "national", &r, &err), GP_OK);
	assert_true(isnan(r.co2_per_tce));
	assert_true(isnan(r.clean_share));
	assert_int_equal(r.nlines, 0);
	assert_true(has_warning(&r, "co2_per_tce is undefined"));
	account_result_release(&r);
	assert_int_equal(compute(f, 1980, METHOD_ZCP2025, "national", &r, &err), GP_EINPUT);
}

/* LNG 10 t: NCV 51.498 GJ/t → 514.98 GJ; CO2 514.98 × 0.0153 × 0.98 × 44/12 = 28.3119...;
 * clean (methods.md: renewable + natural_gas + lng). */
static void lng_is_clean(void **state)
{
	struct fixture *f = *state;
	struct account_result r;
	struct gp_err err;

	f->q[I_LNG] = 10;
	f->q[I_COAL] = 10;
	assert_int_equal(compute(f, 2023, METHOD_CN_ENTERPRISE, "national", &r, &err), GP_OK);
	assert_near(r.co2_fuel_t,
		    514.98 * 0.0153 * 0.98 * 44 / 12 + 209.08 * 0.02637 * 0.94 * 44 / 12, TOL);
	assert_near(r.clean_tce, 514.98 / 29.3076, TOL);
	assert_near(r.clean_share, (514.98 / 29.3076) / (514.98 / 29.3076 + 7.143), 1e-12);
	account_result_release(&r);
}

static int reset_q(void **state)
{
	struct fixture *f = *state;
	memset(f->q, 0, sizeof(f->q));
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(natural_gas_fuel_co2, reset_q),
	    cmocka_unit_test_setup(zcp2025_grid_electricity, reset_q),
	    cmocka_unit_test_setup(cn_enterprise_location_based, reset_q),
	    cmocka_unit_test_setup(green_electricity_by_method, reset_q),
	    cmocka_unit_test_setup(export_deducted, reset_q),
	    cmocka_unit_test_setup(heat, reset_q),
	    cmocka_unit_test_setup(coal_and_process, reset_q),
	    cmocka_unit_test_setup(biomass, reset_q),
	    cmocka_unit_test_setup(override_precedence, reset_q),
	    cmocka_unit_test_setup(missing_factor_is_an_error, reset_q),
	    cmocka_unit_test_setup(intensities, reset_q),
	    cmocka_unit_test_setup(empty_entity, reset_q),
	    cmocka_unit_test_setup(lng_is_clean, reset_q),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
