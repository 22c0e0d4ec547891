/* weather.h — an hourly weather year for energy planning: the site, and per hour of the
 * year the irradiance, air temperature, wind and pressure, read from a TMY3, EPW, NSRDB
 * PSM3, PVWatts hourly export or generic CSV file, or generated for a site from cited
 * monthly climate statistics (labelled synthetic). Parsing is pure (text in, struct out);
 * weather_load only reads the file. Never guesses a unit or a time convention: each
 * format's is stated in its reader (docs/planning.md, "Weather").
 *
 * Time: record i covers local standard time [i h, i h + 1 h) from 00:00 on 1 January of
 * w->year (the site's fixed UTC offset, no daylight saving), so arrays are indexed by hour
 * of the year: 8,760 hours, 8,784 in a leap year. Files whose stamps end the hour (TMY3,
 * EPW: "01:00" is 00:00-01:00) or begin it (PSM3 "HH:00"; "HH:30" is the middle of the
 * hour) are converted to this on reading. A typical year (its months from different
 * years) is mapped onto w->year's calendar; 29 February is dropped when w->year is not a
 * leap year. Irradiance values are means over the record's hour; the sun for a record is
 * taken at the middle of its hour (weather_sun_time). */
#ifndef GP_WEATHER_H
#define GP_WEATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define WEATHER_MAX_BYTES (64u << 20) /* the cap of a weather file */
#define WEATHER_HOURS_MAX 8784

struct weather_site {
	char name[128];      /* the station's or site's name as the file gives it */
	double lat_deg;      /* north positive, -90..90 */
	double lon_deg;      /* east positive, -180..180 */
	double elevation_m;  /* above sea level */
	int utc_offset_s;    /* of local standard time: UTC+8 is 28800 */
	char format[16];     /* "tmy3", "epw", "psm3", "pvwatts", "csv", "synthetic" */
	bool synthetic;      /* generated, not measured: shown as such wherever it is used */
	char source[256];    /* where the data or the statistics behind it come from */
};

struct weather_year {
	struct weather_site site;
	int year;             /* the calendar the hours are laid on */
	size_t n;             /* hours: 8760 or 8784 */
	double *ghi_w_m2;     /* global horizontal irradiance, hour mean; NAN: missing */
	double *dni_w_m2;     /* direct normal */
	double *dhi_w_m2;     /* diffuse horizontal */
	double *temp_air_c;   /* dry-bulb air temperature */
	double *wind_m_s;     /* wind speed at the file's height (10 m for TMY3/EPW) */
	double *pressure_pa;  /* station pressure; NAN: none in the file */
	double *albedo;       /* ground albedo 0..1; NAN: none in the file */
	double wind_height_m; /* the height wind_m_s is measured at */
};

/* The year's hours: 8784 in a leap year, else 8760. */
size_t weather_hours(int year);

/* Unix seconds (UTC) of the start of hour i of w, and of the middle of that hour, where
 * its sun position is taken (hour means: the sun at mid-hour). */
int64_t weather_hour_start(const struct weather_year *w, size_t i);
int64_t weather_sun_time(const struct weather_year *w, size_t i);

/* Allocates every array of w for year (n hours), values NAN; the site zeroed. */
void weather_init(struct weather_year *w, int year);
void weather_release(struct weather_year *w);

/* Parses text[0..len) of a weather file named name (for messages "NAME:LINE: ..."), its
 * format detected from its first lines (TMY3, EPW, PSM3, PVWatts export, or the generic
 * CSV of docs/planning.md), its hours laid on year's calendar (0: the file's own year for
 * single-year files, 2023 for typical years). GP_EINPUT naming the line and the field on
 * a bad file; on error *out holds nothing (released). */
int weather_parse(const char *text, size_t len, const char *name, int year,
		  struct weather_year *out, struct gp_err *err);

/* weather_parse of the file at path (at most WEATHER_MAX_BYTES). GP_EIO naming the path
 * when it cannot be read. */
int weather_load(const char *path, int year, struct weather_year *out, struct gp_err *err);

#endif
