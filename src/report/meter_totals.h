/* meter_totals.h — readings over many meters at once, from the rollups kept on ingest:
 * every meter's monthly values (reading_month), and the park's or one enterprise's daily
 * and monthly totals by item (reading_total_day, 0013_reading_totals.sql). Neither reads a
 * day row, so both stay fast on a park of thousands of meters and years of readings
 * (docs/metering.md, "Totals"). Both merge the pending readings log first, so they include
 * every acknowledged point. */
#ifndef GP_METER_TOTALS_H
#define GP_METER_TOTALS_H

#include <jansson.h>

#include "core/factors.h"
#include "store/store.h"

#define METER_MONTHS_MAX 240  /* months in one answer (20 years) */
#define METER_DAYS_MAX   3700 /* days in one totals answer (about 10 years) */

/* Every meter's values for the months from..to (YYYYMM, inclusive; at most
 * METER_MONTHS_MAX), of one enterprise (enterprise_id) or all (0):
 * {"from", "to", "months": ["YYYY-MM", …], "meters": [{"meter", "uscc", "item", "unit",
 * "kind", "values": [v|null, …], "flags": [bits, …]}]}, values aligned with months, in the
 * item's canonical unit (consumption for cumulative meters, sums for interval ones, means
 * for instantaneous ones). A virtual meter's value is its terms' values with their signs,
 * given only for months where every term has one. *out is the caller's. */
int meter_months_report(struct store_handle *h, const struct factor_lib *lib, int from, int to,
			int64_t enterprise_id, json_t **out, struct gp_err *err);

enum totals_step { TOTALS_DAY, TOTALS_MONTH };

/* The daily (or monthly) totals by item of the days from..to (days since 1970-01-01,
 * park-local, inclusive; at most METER_DAYS_MAX) of the park (enterprise_id 0: its main
 * meters; a sub-meter's master counts it already) or of one enterprise (its meters but those
 * under a master of its own): {"scope": "park"|USCC, "from", "to", "step", "items":
 * [{"item", "unit", "points": [[ts, value, meters], …]}]}, ts the period's start (Unix
 * seconds), value in the item's canonical unit, meters how many meters gave a value (for a
 * month, the most on any of its days). Cumulative and interval meters only: an
 * instantaneous meter's day value is a mean, not a quantity. uscc names the scope when
 * enterprise_id is set. *out is the caller's. */
int meter_totals_report(struct store_handle *h, const struct factor_lib *lib, long from, long to,
			enum totals_step step, int64_t enterprise_id, const char *uscc,
			json_t **out, struct gp_err *err);

/* "day" or "month" → *out; GP_EINPUT naming the choices. */
int totals_step_parse(const char *s, enum totals_step *out, struct gp_err *err);

#endif
