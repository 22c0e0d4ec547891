/* targets.h — targets and trajectories. A target fixes a metric's path from its value
 * in a base year: a yearly rate ("CO2 per 万元 −4 % a year"), a value to reach by a year
 * ("clean-energy share 50 % by 2030", linear), or a multiple by a year ("工业倍增: output
 * × 2 by 2030", geometric). Pure: values come in, the required path and the verdict
 * come out. */
#ifndef GP_TARGETS_H
#define GP_TARGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

enum target_path { PATH_RATE, PATH_REACH, PATH_MULTIPLE };

struct target {
	int64_t id;
	int64_t enterprise_id; /* 0: the park */
	char uscc[19];
	char metric[24]; /* co2_per_wan_yuan, tce_per_wan_yuan, clean_share, output_value,
			    value_added, co2_t, energy_tce */
	enum target_path path;
	int base_year;
	int target_year; /* 0 for PATH_RATE */
	double amount;   /* rate: % a year (negative cuts); reach: value; multiple: factor */
	char note[256];
	char set_by[64];
	char set_at[32];
};

int target_path_parse(const char *s, enum target_path *out);
const char *target_path_name(enum target_path p);
/* True for metrics where less is better (intensities, CO2, energy). */
bool target_metric_lower_is_better(const char *metric);
int target_metric_check(const char *metric, struct gp_err *err);

/* Checks a target before it is stored: a known metric, a target year after the base
 * year for reach and multiple and none for rate, a rate above −100 %, a multiple above
 * 0. GP_EINPUT saying what to fix. */
int target_validate(const struct target *t, struct gp_err *err);

/* The value the path requires in year, from the base year's actual value. NAN before
 * the base year, or when base is NAN. */
double target_required(const struct target *t, double base, int year);

#endif
