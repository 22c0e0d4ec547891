/* targets.c — the three paths.
 *   rate:     required(y) = base × (1 + r/100)^(y − base_year)
 *   reach:    required(y) = base + (value − base) × (y − base_year)/(target_year − base_year),
 *             held at value after target_year
 *   multiple: required(y) = base × factor^((y − base_year)/(target_year − base_year)),
 *             held after target_year (工业倍增: factor 2) */
#include "core/targets.h"

#include <math.h>
#include <string.h>

static const char *const metrics[] = {"co2_per_wan_yuan", "tce_per_wan_yuan", "clean_share",
				      "output_value",     "value_added",      "co2_t",
				      "energy_tce"};

int target_path_parse(const char *s, enum target_path *out)
{
	if (strcmp(s, "rate") == 0)
		*out = PATH_RATE;
	else if (strcmp(s, "reach") == 0)
		*out = PATH_REACH;
	else if (strcmp(s, "multiple") == 0)
		*out = PATH_MULTIPLE;
	else
		return GP_EINPUT;
	return GP_OK;
}

const char *target_path_name(enum target_path p)
{
	return p == PATH_RATE ? "rate" : p == PATH_REACH ? "reach" : "multiple";
}

bool target_metric_lower_is_better(const char *metric)
{
	return strcmp(metric, "co2_per_wan_yuan") == 0 || strcmp(metric, "tce_per_wan_yuan") == 0 ||
	       strcmp(metric, "co2_t") == 0 || strcmp(metric, "energy_tce") == 0;
}

int target_metric_check(const char *metric, struct gp_err *err)
{
	for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
		if (strcmp(metric, metrics[i]) == 0)
			return GP_OK;
	return gp_err_set(err, GP_EINPUT,
			  "metric '%s' is not co2_per_wan_yuan, tce_per_wan_yuan, clean_share, "
			  "output_value, value_added, co2_t or energy_tce",
			  metric);
}

double target_required(const struct target *t, double base, int year)
{
	double span, k;

	if (isnan(base) || year < t->base_year)
		return NAN;
	switch (t->path) {
	case PATH_RATE: return base * pow(1 + t->amount / 100, year - t->base_year);
	case PATH_REACH:
		span = t->target_year - t->base_year;
		k = year >= t->target_year ? 1 : (year - t->base_year) / span;
		return base + (t->amount - base) * k;
	case PATH_MULTIPLE:
		span = t->target_year - t->base_year;
		k = year >= t->target_year ? 1 : (year - t->base_year) / span;
		return base * pow(t->amount, k);
	}
	return NAN;
}

int target_validate(const struct target *t, struct gp_err *err)
{
	int rc;

	if ((rc = target_metric_check(t->metric, err)) != GP_OK)
		return rc;
	if (t->base_year < 1990 || t->base_year > 2100)
		return gp_err_set(err, GP_EINPUT, "base year %d is not 1990-2100", t->base_year);
	if (t->path == PATH_RATE && t->target_year)
		return gp_err_set(err, GP_EINPUT,
				  "a rate takes no target year (the rate holds every year)");
	if (t->path != PATH_RATE && (t->target_year <= t->base_year || t->target_year > 2100))
		return gp_err_set(err, GP_EINPUT, "path %s needs a target year after the base year",
				  target_path_name(t->path));
	if (t->path == PATH_RATE && (t->amount <= -100 || t->amount > 1000))
		return gp_err_set(err, GP_EINPUT,
				  "a rate (%% a year) must be above -100 and at most 1000");
	if (t->path == PATH_MULTIPLE && !(t->amount > 0))
		return gp_err_set(err, GP_EINPUT, "a multiple must be above 0");
	if (isnan(t->amount) || isinf(t->amount))
		return gp_err_set(err, GP_EINPUT, "the amount is not a number");
	return GP_OK;
}
