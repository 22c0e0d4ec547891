/* test_units.c — unit symbols and conversion factors (units.c) and the units an
 * item accepts (item_prepare, item_unit_factor, item_units_list in factors.c).
 * Factors are SI prefixes (k = 10^3, M = 10^6, m = 10^-3; SI Brochure, 9th ed.,
 * Table 7) and Chinese counting units (万 = 10^4, 亿 = 10^8). Factors that are
 * exactly representable powers of ten computed from exact operands are compared
 * exactly; the rest with a relative tolerance of 1e-12. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/factors.h"
#include "core/units.h"
#include "util/str.h"

#define REL_TOL 1e-12

#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

#define assert_rel(got, want)                                                                      \
	do {                                                                                       \
		double g_ = (got), w_ = (want);                                                    \
		if (!(fabs(g_ - w_) <= REL_TOL * fabs(w_)))                                        \
			fail_msg("%.17g is not %.17g within %g relative", g_, w_, REL_TOL);        \
	} while (0)

#define assert_exact(got, want)                                                                    \
	do {                                                                                       \
		double g_ = (got), w_ = (want);                                                    \
		if (g_ != w_)                                                                      \
			fail_msg("%.17g is not exactly %.17g", g_, w_);                            \
	} while (0)

static double factor_ok(const char *from, const char *to, bool water)
{
	double f = NAN;
	struct gp_err err;

	gp_err_clear(&err);
	if (unit_factor(from, to, water, &f, &err) != GP_OK)
		fail_msg("unit_factor %s → %s: %s", from, to, err.msg);
	return f;
}

static void parse_symbols(void **state)
{
	struct unit_info u;

	(void)state;
	assert_int_equal(unit_parse("kWh", &u), GP_OK);
	assert_int_equal(u.dim, DIM_ELECTRICITY);
	assert_exact(u.scale, 1.0);
	assert_int_equal(unit_parse("万kWh", &u), GP_OK);
	assert_int_equal(u.dim, DIM_ELECTRICITY);
	assert_exact(u.scale, 1e4);
	assert_int_equal(unit_parse("t", &u), GP_OK);
	assert_int_equal(u.dim, DIM_MASS);
	assert_int_equal(unit_parse("万m3", &u), GP_OK);
	assert_int_equal(u.dim, DIM_VOLUME);
	assert_exact(u.scale, 1e4);
	assert_int_equal(unit_parse("GJ", &u), GP_OK);
	assert_int_equal(u.dim, DIM_HEAT);
	assert_int_equal(unit_parse("元", &u), GP_OK);
	assert_int_equal(u.dim, DIM_MONEY);
	assert_exact(u.scale, 1.0);
	assert_int_equal(unit_parse("亿元", &u), GP_OK);
	assert_int_equal(u.dim, DIM_MONEY);
	assert_exact(u.scale, 1e8);
	assert_int_equal(unit_parse("tCO2", &u), GP_OK);
	assert_int_equal(u.dim, DIM_CO2);
	assert_int_equal(unit_parse("kgCO2", &u), GP_OK);
	assert_int_equal(u.dim, DIM_CO2);
	assert_rel(u.scale, 1e-3);
}

static void unknown_symbols(void **state)
{
	static const char *const bad[] = {
	    "kwh", /* symbols are case-sensitive: k is kilo, W is watt (SI) */
	    "KWH", "", " kWh", "kWh ", "万", "亿", "万万kWh", "千kWh", "m³", "tonne", "CO2",
	};
	struct unit_info u;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (unit_parse(bad[i], &u) != GP_EINPUT)
			fail_msg("unit '%s' should be unknown", bad[i]);
}

static void electricity(void **state)
{
	(void)state;
	/* 1 MWh = 10^3 kWh; 1 万kWh = 10^4 kWh = 10 MWh. */
	assert_exact(factor_ok("MWh", "kWh", false), 1e3);
	assert_exact(factor_ok("万kWh", "kWh", false), 1e4);
	assert_exact(factor_ok("万kWh", "MWh", false), 10.0);
	assert_exact(factor_ok("kWh", "kWh", false), 1.0);
	assert_rel(factor_ok("kWh", "MWh", false), 1e-3);
	assert_rel(factor_ok("kWh", "万kWh", false), 1e-4);
	assert_exact(factor_ok("GWh", "kWh", false), 1e6);
}

static void mass_and_volume(void **state)
{
	(void)state;
	/* 1 kg = 10^-3 t; 1 万m3 = 10^4 m3. */
	assert_rel(factor_ok("kg", "t", false), 1e-3);
	assert_rel(factor_ok("t", "kg", false), 1e3);
	assert_exact(factor_ok("万t", "t", false), 1e4);
	assert_exact(factor_ok("万m3", "m3", false), 1e4);
	assert_rel(factor_ok("m3", "万m3", false), 1e-4);
	assert_rel(factor_ok("L", "m3", false), 1e-3);
}

static void heat(void **state)
{
	(void)state;
	/* 1 MJ = 10^-3 GJ; 1 TJ = 10^3 GJ. */
	assert_rel(factor_ok("MJ", "GJ", false), 1e-3);
	assert_rel(factor_ok("GJ", "MJ", false), 1e3);
	assert_exact(factor_ok("TJ", "GJ", false), 1e3);
	assert_exact(factor_ok("万GJ", "GJ", false), 1e4);
}

static void money(void **state)
{
	(void)state;
	/* 万元 is the canonical money unit of the items: 1 元 = 10^-4 万元,
	 * 1 亿元 = 10^8 元 = 10^4 万元. */
	assert_rel(factor_ok("元", "万元", false), 1e-4);
	assert_exact(factor_ok("亿元", "万元", false), 1e4);
	assert_exact(factor_ok("万元", "元", false), 1e4);
	assert_exact(factor_ok("亿元", "元", false), 1e8);
	assert_exact(factor_ok("万元", "万元", false), 1.0);
}

static void co2(void **state)
{
	(void)state;
	assert_rel(factor_ok("kgCO2", "tCO2", false), 1e-3);
	assert_rel(factor_ok("tCO2", "kgCO2", false), 1e3);
	assert_exact(factor_ok("万tCO2", "tCO2", false), 1e4);
}

/* Water: 1 t = 1 m3 (density 1000 kg/m3), allowed only when asked for. */
static void water_mass_volume(void **state)
{
	double f = -1;
	struct gp_err err;

	(void)state;
	assert_exact(factor_ok("t", "m3", true), 1.0);
	assert_exact(factor_ok("m3", "t", true), 1.0);
	assert_exact(factor_ok("万t", "m3", true), 1e4);
	assert_rel(factor_ok("kg", "m3", true), 1e-3);
	gp_err_clear(&err);
	assert_int_equal(unit_factor("t", "m3", false, &f, &err), GP_EINPUT);
	assert_string_equal(err.msg, "unit 't' cannot be converted to 'm3'");
	assert_exact(f, -1);
	/* The water rule is mass ↔ volume only, not anything ↔ anything. */
	assert_int_equal(unit_factor("kWh", "m3", true, &f, &err), GP_EINPUT);
	assert_int_equal(unit_factor("t", "GJ", true, &f, &err), GP_EINPUT);
}

static void dimension_mismatch_and_unknown(void **state)
{
	double f = -1;
	struct gp_err err;

	(void)state;
	gp_err_clear(&err);
	assert_int_equal(unit_factor("kWh", "t", false, &f, &err), GP_EINPUT);
	assert_string_equal(err.msg, "unit 'kWh' cannot be converted to 't'");
	/* Energy in kWh and heat in GJ are different dimensions here: converting
	 * electricity to heat is a factor choice (当量/等价), not a unit change. */
	assert_int_equal(unit_factor("kWh", "GJ", false, &f, &err), GP_EINPUT);
	assert_int_equal(unit_factor("元", "tCO2", false, &f, &err), GP_EINPUT);
	assert_int_equal(unit_factor("kwh", "kWh", false, &f, &err), GP_EINPUT);
	assert_string_equal(err.msg, "unknown unit 'kwh'");
	assert_int_equal(unit_factor("kWh", "kwh", false, &f, &err), GP_EINPUT);
	assert_string_equal(err.msg, "unknown unit 'kwh'");
	assert_exact(f, -1);
}

/* An item as the store would read it from items.csv, coefficients absent. */
static void make_item(struct item *it, const char *code, const char *category, const char *unit,
		      enum item_kind kind)
{
	memset(it, 0, sizeof(*it));
	str_copy(it->code, sizeof(it->code), code);
	str_copy(it->category, sizeof(it->category), category);
	str_copy(it->unit, sizeof(it->unit), unit);
	it->kind = kind;
	it->tce_per_unit = NAN;
	it->ncv_gj_per_unit = NAN;
	it->cc_tc_per_tj = NAN;
	it->oxidation = NAN;
}

static void item_electricity(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;
	char list[64];

	(void)state;
	make_item(&it, "electricity_grid", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "MWh|万kWh", &err), GP_OK);
	assert_int_equal(it.nunits, 3);
	assert_string_equal(it.units[0].symbol, "kWh");
	assert_exact(it.units[0].to_canonical, 1.0);
	assert_string_equal(it.units[1].symbol, "MWh");
	assert_exact(it.units[1].to_canonical, 1e3);
	assert_string_equal(it.units[2].symbol, "万kWh");
	assert_exact(it.units[2].to_canonical, 1e4);

	assert_int_equal(item_unit_factor(&it, "万kWh", &f, &err), GP_OK);
	assert_exact(f, 1e4);
	assert_int_equal(item_unit_factor(&it, "kWh", &f, &err), GP_OK);
	assert_exact(f, 1.0);
	/* GWh is a unit units.c knows, but this item does not list it. */
	f = -1;
	gp_err_clear(&err);
	assert_int_equal(item_unit_factor(&it, "GWh", &f, &err), GP_EINPUT);
	assert_exact(f, -1);
	assert_int_equal(item_unit_factor(&it, "kwh", &f, &err), GP_EINPUT);
	assert_int_equal(err.status, GP_EINPUT);
	assert_string_equal(
	    err.msg, "unit 'kwh' not accepted for electricity_grid (expected kWh, MWh, 万kWh)");

	item_units_list(&it, list, sizeof(list));
	assert_string_equal(list, "kWh, MWh, 万kWh");
}

static void item_fuel_mass(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;

	(void)state;
	make_item(&it, "raw_coal", "energy", "t", ITEM_FUEL);
	it.ncv_gj_per_unit = 20.908;
	it.cc_tc_per_tj = 26.37;
	it.oxidation = 0.94;
	assert_int_equal(item_prepare(&it, "kg", &err), GP_OK);
	assert_int_equal(it.nunits, 2);
	assert_int_equal(item_unit_factor(&it, "kg", &f, &err), GP_OK);
	assert_rel(f, 1e-3);
	/* m3 is not a unit of coal: mass ↔ volume is only for water. */
	make_item(&it, "raw_coal", "energy", "t", ITEM_FUEL);
	it.ncv_gj_per_unit = 20.908;
	it.cc_tc_per_tj = 26.37;
	it.oxidation = 0.94;
	assert_int_equal(item_prepare(&it, "kg|m3", &err), GP_EINPUT);
	assert_string_equal(err.msg,
			    "item raw_coal: alt_units: unit 'm3' cannot be converted to 't'");
}

static void item_gas_volume(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;

	(void)state;
	make_item(&it, "natural_gas", "energy", "m3", ITEM_FUEL);
	it.ncv_gj_per_unit = 0.038931;
	it.cc_tc_per_tj = 15.3;
	it.oxidation = 0.99;
	assert_int_equal(item_prepare(&it, "万m3", &err), GP_OK);
	assert_int_equal(item_unit_factor(&it, "万m3", &f, &err), GP_OK);
	assert_exact(f, 1e4);
	/* Natural gas is not water: t is not accepted as a volume. */
	assert_int_equal(item_prepare(&it, "万m3|t", &err), GP_EINPUT);
	assert_contains(err.msg, "unit 't' cannot be converted to 'm3'");
}

static void item_water(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;
	char list[64];

	(void)state;
	make_item(&it, "water_withdrawal", "water", "m3", ITEM_WATER);
	assert_int_equal(item_prepare(&it, "万m3|t", &err), GP_OK);
	assert_int_equal(it.nunits, 3);
	assert_int_equal(item_unit_factor(&it, "t", &f, &err), GP_OK);
	assert_exact(f, 1.0);
	assert_int_equal(item_unit_factor(&it, "万m3", &f, &err), GP_OK);
	assert_exact(f, 1e4);
	assert_int_equal(item_unit_factor(&it, "kg", &f, &err), GP_EINPUT);
	assert_string_equal(err.msg,
			    "unit 'kg' not accepted for water_withdrawal (expected m3, 万m3, t)");
	item_units_list(&it, list, sizeof(list));
	assert_string_equal(list, "m3, 万m3, t");
	/* Water accepts mass for volume, but not energy. */
	make_item(&it, "water_withdrawal", "water", "m3", ITEM_WATER);
	assert_int_equal(item_prepare(&it, "kWh", &err), GP_EINPUT);
}

static void item_money(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;

	(void)state;
	make_item(&it, "output_value", "economic", "万元", ITEM_ECONOMIC);
	assert_int_equal(item_prepare(&it, "元|亿元", &err), GP_OK);
	assert_int_equal(item_unit_factor(&it, "万元", &f, &err), GP_OK);
	assert_exact(f, 1.0);
	assert_int_equal(item_unit_factor(&it, "元", &f, &err), GP_OK);
	assert_rel(f, 1e-4);
	assert_int_equal(item_unit_factor(&it, "亿元", &f, &err), GP_OK);
	assert_exact(f, 1e4);
	/* 1,234,567 元 = 123.4567 万元 */
	assert_int_equal(item_unit_factor(&it, "元", &f, &err), GP_OK);
	assert_rel(1234567.0 * f, 123.4567);
}

static void item_heat_and_co2(void **state)
{
	struct item it;
	struct gp_err err;
	double f = -1;

	(void)state;
	make_item(&it, "heat_purchased", "energy", "GJ", ITEM_HEAT);
	assert_int_equal(item_prepare(&it, "MJ", &err), GP_OK);
	assert_int_equal(item_unit_factor(&it, "MJ", &f, &err), GP_OK);
	assert_rel(f, 1e-3);
	make_item(&it, "process_co2", "emission", "tCO2", ITEM_PROCESS);
	assert_int_equal(item_prepare(&it, "kgCO2", &err), GP_OK);
	assert_int_equal(item_unit_factor(&it, "kgCO2", &f, &err), GP_OK);
	assert_rel(f, 1e-3);
}

static void item_prepare_errors(void **state)
{
	struct item it;
	struct gp_err err;

	(void)state;
	make_item(&it, "x", "energy", "kwh", ITEM_ELECTRICITY);
	gp_err_clear(&err);
	assert_int_equal(item_prepare(&it, "", &err), GP_EINPUT);
	assert_string_equal(err.msg, "item x: unit: unknown unit 'kwh'");

	make_item(&it, "x", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "MWh|mwh", &err), GP_EINPUT);
	assert_string_equal(err.msg, "item x: alt_units: unknown unit 'mwh'");

	make_item(&it, "x", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "MWh||万kWh", &err), GP_EINPUT);
	assert_string_equal(err.msg, "item x: alt_units 'MWh||万kWh' is malformed");

	/* A symbol longer than item_unit.symbol (24 bytes) is malformed, not cut. */
	make_item(&it, "x", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "MWhMWhMWhMWhMWhMWhMWhMWh", &err), GP_EINPUT);
	assert_contains(err.msg, "is malformed");

	/* ITEM_MAX_UNITS (8) including the canonical one: 8 fit, 9 do not. */
	make_item(&it, "x", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "Wh|MWh|GWh|万kWh|亿kWh|万MWh|万Wh", &err), GP_OK);
	assert_int_equal(it.nunits, 8);
	make_item(&it, "x", "energy", "kWh", ITEM_ELECTRICITY);
	assert_int_equal(item_prepare(&it, "Wh|MWh|GWh|万kWh|亿kWh|万MWh|万Wh|亿Wh", &err),
			 GP_EINPUT);
	assert_string_equal(err.msg, "item x: more than 8 units");

	/* A fuel needs its NCV, carbon content and oxidation rate. */
	make_item(&it, "coal", "energy", "t", ITEM_FUEL);
	assert_int_equal(item_prepare(&it, "kg", &err), GP_EINPUT);
	assert_string_equal(err.msg,
			    "item coal: a fuel needs ncv_gj_per_unit, cc_tc_per_tj and oxidation");
	make_item(&it, "lng", "energy", "t", ITEM_PROCESS);
	it.tce_from_ncv = true;
	assert_int_equal(item_prepare(&it, "", &err), GP_EINPUT);
	assert_string_equal(err.msg,
			    "item lng: tce_per_unit is 'ncv' but ncv_gj_per_unit is empty");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_symbols),
	    cmocka_unit_test(unknown_symbols),
	    cmocka_unit_test(electricity),
	    cmocka_unit_test(mass_and_volume),
	    cmocka_unit_test(heat),
	    cmocka_unit_test(money),
	    cmocka_unit_test(co2),
	    cmocka_unit_test(water_mass_volume),
	    cmocka_unit_test(dimension_mismatch_and_unknown),
	    cmocka_unit_test(item_electricity),
	    cmocka_unit_test(item_fuel_mass),
	    cmocka_unit_test(item_gas_volume),
	    cmocka_unit_test(item_water),
	    cmocka_unit_test(item_money),
	    cmocka_unit_test(item_heat_and_co2),
	    cmocka_unit_test(item_prepare_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
