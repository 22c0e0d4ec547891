/* units.c — the unit table. Scales are exact SI or Chinese-counting multiples. */
#include "core/units.h"

#include <string.h>

#include "util/str.h"

struct base_unit {
	const char *symbol;
	enum unit_dim dim;
	double scale;
};

static const struct base_unit base_units[] = {
    {"Wh", DIM_ELECTRICITY, 1e-3}, {"kWh", DIM_ELECTRICITY, 1.0}, {"MWh", DIM_ELECTRICITY, 1e3},
    {"GWh", DIM_ELECTRICITY, 1e6}, {"g", DIM_MASS, 1e-6},         {"kg", DIM_MASS, 1e-3},
    {"t", DIM_MASS, 1.0},          {"L", DIM_VOLUME, 1e-3},       {"m3", DIM_VOLUME, 1.0},
    {"Nm3", DIM_VOLUME, 1.0},      {"kJ", DIM_HEAT, 1e-6},        {"MJ", DIM_HEAT, 1e-3},
    {"GJ", DIM_HEAT, 1.0},         {"TJ", DIM_HEAT, 1e3},         {"元", DIM_MONEY, 1.0},
    {"kgCO2", DIM_CO2, 1e-3},      {"tCO2", DIM_CO2, 1.0},
};

/* Chinese counting units: 万 = 10^4, 亿 = 10^8 (both UTF-8, 3 bytes). */
static const struct {
	const char *prefix;
	double mult;
} multipliers[] = {
    {"万", 1e4},
    {"亿", 1e8},
};

int unit_parse(const char *symbol, struct unit_info *out)
{
	double mult = 1.0;
	const char *base = symbol;

	for (size_t i = 0; i < sizeof(multipliers) / sizeof(multipliers[0]); i++) {
		size_t n = strlen(multipliers[i].prefix);
		if (strncmp(symbol, multipliers[i].prefix, n) == 0) {
			mult = multipliers[i].mult;
			base = symbol + n;
			break;
		}
	}
	for (size_t i = 0; i < sizeof(base_units) / sizeof(base_units[0]); i++) {
		if (strcmp(base, base_units[i].symbol) == 0) {
			out->dim = base_units[i].dim;
			out->scale = mult * base_units[i].scale;
			return GP_OK;
		}
	}
	return GP_EINPUT;
}

int unit_factor(const char *from, const char *to, bool water_mass_is_volume, double *factor,
		struct gp_err *err)
{
	struct unit_info a, b;

	if (unit_parse(from, &a) != GP_OK)
		return gp_err_set(err, GP_EINPUT, "unknown unit '%s'", from);
	if (unit_parse(to, &b) != GP_OK)
		return gp_err_set(err, GP_EINPUT, "unknown unit '%s'", to);
	if (a.dim != b.dim) {
		bool mv = (a.dim == DIM_MASS && b.dim == DIM_VOLUME) ||
			  (a.dim == DIM_VOLUME && b.dim == DIM_MASS);
		if (!(mv && water_mass_is_volume))
			return gp_err_set(err, GP_EINPUT, "unit '%s' cannot be converted to '%s'",
					  from, to);
	}
	*factor = a.scale / b.scale;
	return GP_OK;
}
