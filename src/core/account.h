/* account.h — the three carbon accounting methods of standards/methods.md for one
 * calendar year and one entity (an enterprise, a sub-park or the park), given the
 * entity's yearly quantity of every item in canonical units. Pure: no I/O. */
#ifndef GP_ACCOUNT_H
#define GP_ACCOUNT_H

#include <stddef.h>

#include "core/factors.h"
#include "util/err.h"

enum account_method { METHOD_ZCP2025, METHOD_CN_ENTERPRISE, METHOD_CN_MARKET, METHOD_COUNT };

int account_method_parse(const char *s, enum account_method *out);
const char *account_method_name(enum account_method m);

/* Method constants of 零碳园区碳排放核算方法（试行）(发改环资〔2025〕910号 附件4). */
#define ZCP2025_ELECTRICITY_KG_PER_KWH 0.8325 /* non-green electricity, every year */
#define HEAT_T_CO2_PER_GJ              0.11   /* purchased fossil heat */

struct account_input {
	int year;
	enum account_method method;
	const char *grid; /* park grid region for cn-enterprise: national, north, ... */
	const double *q;  /* yearly quantity per item index of the factor_lib, canonical units */
};

/* One item's contribution, for "where did this number come from". */
struct account_line {
	int item;              /* index in the factor_lib */
	double q;              /* canonical unit */
	double tce;            /* 当量值; negative for exports */
	double tce_equivalent; /* 等价值 */
	double co2_t;          /* the item's share of the total (biomass: 0) */
};

struct account_result {
	int year;
	enum account_method method;
	double energy_tce;            /* 综合能耗 当量值 */
	double energy_tce_equivalent; /* 等价值 */
	double co2_fuel_t, co2_process_t, co2_electricity_t, co2_heat_t;
	double co2_t;
	double co2_per_tce; /* co2_t / energy_tce_equivalent; NAN when that is 0 */
	double value_added_wan_yuan;
	double co2_per_wan_yuan; /* NAN when value added is 0 */
	double tce_per_wan_yuan; /* energy_tce / value added; NAN when value added is 0 */
	double renewable_tce;    /* on the method's basis (zcp2025: 等价值; cn-*: 当量值) */
	double clean_tce;
	double clean_share; /* clean_tce / the method's energy total; NAN when 0 */
	double renewable_share;
	struct account_line *lines; /* items with a non-zero quantity */
	size_t nlines;
	struct factor_use *factors; /* each factor used once */
	size_t nfactors, factors_cap;
	char **warnings;
	size_t nwarnings, warnings_cap;
};

/* Computes the account. On success the caller releases out with
 * account_result_release. Errors: GP_EFACTOR naming a factor that has no value for
 * the year or any earlier year; GP_EINPUT for a bad year or an empty grid name.
 * On error out holds nothing to release. */
int account_compute(const struct factor_lib *lib, const struct account_input *in,
		    struct account_result *out, struct gp_err *err);

void account_result_release(struct account_result *r);

#endif
