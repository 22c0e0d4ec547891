/* weather.c — the weather year's calendar and storage (weather.h). The file readers are in
 * weather_read.c; this file never reads a file. */
#include "energy/weather.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "util/str.h"

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

size_t weather_hours(int year)
{
	return is_leap(year) ? 8784 : 8760;
}

int64_t weather_hour_start(const struct weather_year *w, size_t i)
{
	int64_t jan1_local_s = (int64_t)date_days(w->year, 1, 1) * 86400;

	return jan1_local_s - w->site.utc_offset_s + (int64_t)i * 3600;
}

int64_t weather_sun_time(const struct weather_year *w, size_t i)
{
	return weather_hour_start(w, i) + 1800;
}

static double *nan_array(size_t n)
{
	double *a = xmalloc(n * sizeof(*a));

	for (size_t i = 0; i < n; i++)
		a[i] = NAN;
	return a;
}

void weather_init(struct weather_year *w, int year)
{
	memset(w, 0, sizeof(*w));
	w->year = year;
	w->n = weather_hours(year);
	w->ghi_w_m2 = nan_array(w->n);
	w->dni_w_m2 = nan_array(w->n);
	w->dhi_w_m2 = nan_array(w->n);
	w->temp_air_c = nan_array(w->n);
	w->wind_m_s = nan_array(w->n);
	w->pressure_pa = nan_array(w->n);
	w->albedo = nan_array(w->n);
	w->wind_height_m = 10;
}

void weather_release(struct weather_year *w)
{
	free(w->ghi_w_m2);
	free(w->dni_w_m2);
	free(w->dhi_w_m2);
	free(w->temp_air_c);
	free(w->wind_m_s);
	free(w->pressure_pa);
	free(w->albedo);
	memset(w, 0, sizeof(*w));
}
