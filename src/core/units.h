/* units.h — unit symbols of activity data and their conversion factors.
 * Pure: no I/O. A symbol is an optional Chinese multiplier (万 = 10^4, 亿 = 10^8)
 * followed by a base symbol (kWh, t, m3, GJ, 元, tCO2, ...). */
#ifndef GP_UNITS_H
#define GP_UNITS_H

#include <stdbool.h>

#include "util/err.h"

enum unit_dim {
	DIM_NONE = 0,
	DIM_ELECTRICITY, /* base kWh */
	DIM_MASS,        /* base t */
	DIM_VOLUME,      /* base m3 */
	DIM_HEAT,        /* base GJ */
	DIM_MONEY,       /* base 元 */
	DIM_CO2          /* base tCO2 */
};

struct unit_info {
	enum unit_dim dim;
	double scale; /* size of one of this unit in the dimension's base unit */
};

/* Parses a unit symbol. Returns GP_OK, or GP_EINPUT for a symbol it does not know. */
int unit_parse(const char *symbol, struct unit_info *out);

/* Sets *factor so that quantity_in_from × factor = quantity_in_to.
 * water_mass_is_volume allows t ↔ m3 at 1 t = 1 m3 (water at its usual density;
 * items.csv lists t as an accepted unit of water items). Errors: GP_EINPUT when
 * either symbol is unknown or the dimensions differ. */
int unit_factor(const char *from, const char *to, bool water_mass_is_volume, double *factor,
		struct gp_err *err);

#endif
