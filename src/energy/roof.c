/* roof.c — a roof's checks and capacity (roof.h). */
#include "energy/roof.h"

#include <math.h>
#include <string.h>

int roof_validate(const struct roof *r, double default_kwp_per_m2, struct gp_err *err)
{
	size_t len = strlen(r->name);

	if (len == 0 || len > ROOF_NAME_MAX)
		return gp_err_set(err, GP_EINPUT, "roof name '%s' must be 1-%d bytes", r->name,
				  ROOF_NAME_MAX);
	if (!(r->area_m2 > 0 && r->area_m2 <= ROOF_AREA_MAX_M2))
		return gp_err_set(err, GP_EINPUT,
				  "area_m2 %g is not a roof area (expected above 0, at most %g m²)",
				  r->area_m2, ROOF_AREA_MAX_M2);
	if (!(r->tilt_deg >= 0 && r->tilt_deg <= 90))
		return gp_err_set(err, GP_EINPUT,
				  "tilt_deg %g is not a tilt (expected 0 for flat to 90 degrees)",
				  r->tilt_deg);
	if (!(r->azimuth_deg >= 0 && r->azimuth_deg < 360))
		return gp_err_set(err, GP_EINPUT,
				  "azimuth_deg %g is not an azimuth (expected 0 up to 360 degrees, "
				  "eastward from north: 180 faces south)",
				  r->azimuth_deg);
	if (!(r->usable_share > 0 && r->usable_share <= 1))
		return gp_err_set(err, GP_EINPUT,
				  "usable_share %g is not a share (expected above 0, at most 1)",
				  r->usable_share);
	if (!isnan(r->kwp_per_m2) && !(r->kwp_per_m2 > 0 && r->kwp_per_m2 <= ROOF_KWP_PER_M2_MAX))
		return gp_err_set(
		    err, GP_EINPUT,
		    "kwp_per_m2 %g is not a module density (expected above 0, at most "
		    "%g kWp per m²)",
		    r->kwp_per_m2, ROOF_KWP_PER_M2_MAX);
	if (!(r->installed_kwp >= 0))
		return gp_err_set(err, GP_EINPUT, "installed_kwp %g must not be negative",
				  r->installed_kwp);
	if (r->installed_kwp > roof_kwp(r, default_kwp_per_m2) * 1.0000001)
		return gp_err_set(err, GP_EINPUT,
				  "installed_kwp %g is more than the roof holds (%.1f kWp = area × "
				  "usable share × kWp/m²)",
				  r->installed_kwp, roof_kwp(r, default_kwp_per_m2));
	return GP_OK;
}

double roof_kwp(const struct roof *r, double default_kwp_per_m2)
{
	return r->area_m2 * r->usable_share *
	       (isnan(r->kwp_per_m2) ? default_kwp_per_m2 : r->kwp_per_m2);
}
