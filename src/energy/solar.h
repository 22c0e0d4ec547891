/* solar.h — where the sun is: NREL's Solar Position Algorithm (Reda & Andreas, "Solar
 * position algorithm for solar radiation applications", Solar Energy 76 (2004) 577-589;
 * NREL/TP-560-34302, revised 2008), implemented from the published algorithm, with the
 * quantities the irradiance models need beside it: extraterrestrial irradiance (Spencer,
 * "Fourier series representation of the position of the sun", Search 2 (1971) 172, solar
 * constant 1366.1 W/m2) and the Kasten-Young relative airmass (Kasten & Young, Applied
 * Optics 28 (1989) 4735). Pure: numbers in, numbers out.
 *
 * A site's sun over a weather year (struct solpos) is computed once and shared by every PV
 * configuration of that site (a rooftop census or a sweep of tilts and azimuths). */
#ifndef GP_SOLAR_H
#define GP_SOLAR_H

#include <stddef.h>
#include <stdint.h>

#include "energy/weather.h"
#include "util/err.h"

/* SPA's inputs, with its units and valid ranges (the paper's Table A4.1 and spa.h). */
struct spa_input {
	int year;               /* -2000..6000 */
	int month, day;         /* 1..12, 1..31 */
	int hour, minute;       /* local standard time: 0..24, 0..59 */
	double second;          /* 0..<60 */
	double timezone_h;      /* local standard time's offset from UTC, hours: -18..18 */
	double delta_ut1_s;     /* UT1 - UTC, seconds: -1..1 */
	double delta_t_s;       /* TT - UT1, seconds: -8000..8000 (about 69 s in 2024) */
	double longitude_deg;   /* east positive: -180..180 */
	double latitude_deg;    /* north positive: -90..90 */
	double elevation_m;     /* >= -6500000 */
	double pressure_mbar;   /* annual average local pressure: 0..5000 */
	double temperature_c;   /* annual average local temperature: -273..6000 */
	double slope_deg;       /* surface slope from horizontal: -360..360 */
	double azm_rotation_deg; /* surface azimuth rotation from south, west positive: -360..360 */
	double atmos_refract_deg; /* atmospheric refraction at sunrise and sunset: -5..5 (0.5667) */
};

struct spa_output {
	double jd;                 /* Julian day */
	double zenith_deg;         /* topocentric zenith, refraction corrected */
	double azimuth_astro_deg;  /* topocentric azimuth, westward from south */
	double azimuth_deg;        /* topocentric azimuth, eastward from north (navigators') */
	double incidence_deg;      /* on the surface of slope and azm_rotation */
	double elevation_deg;      /* 90 - zenith */
	double eot_min;            /* equation of time, minutes */
	double declination_deg;    /* geocentric sun declination */
};

/* Computes the sun for in; GP_EINPUT naming the first field out of its range. */
int spa_calculate(const struct spa_input *in, struct spa_output *out, struct gp_err *err);

/* Extraterrestrial normal irradiance on day of year doy (1..366), W/m2: Spencer 1971 with
 * the solar constant 1366.1 W/m2. */
double solar_dni_extra(int doy);

/* Kasten-Young relative optical airmass at a (refraction-corrected) zenith; NAN at or
 * beyond 90 degrees. */
double solar_airmass_relative(double zenith_deg);

/* The sun at every hour of w (at weather_sun_time), for w's site, with delta_t_s (TT-UT1;
 * SPA's example uses 67 s, 2024 about 69 s), the site's pressure (or w's mean station
 * pressure, or the standard atmosphere at its elevation) and mean temperature. Arrays of
 * w->n; the caller releases with solpos_release. */
struct solpos {
	size_t n;
	double *zenith_deg;          /* refraction corrected (apparent) */
	double *azimuth_deg;         /* eastward from north */
	double *dni_extra_w_m2;      /* extraterrestrial normal irradiance */
	double *airmass_relative;    /* Kasten-Young on the apparent zenith; NAN below horizon */
	double *airmass_absolute;    /* relative × pressure / 101325 Pa; NAN below horizon */
};
int solpos_compute(const struct weather_year *w, double delta_t_s, struct solpos *out,
		   struct gp_err *err);
void solpos_release(struct solpos *s);

#endif
