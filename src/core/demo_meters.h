/* demo_meters.h — the demo park's meters (DESIGN.md "Demo park": meters are generated).
 * The first DEMO_METER_ENTERPRISES enterprises (as the registry lists them) get a main
 * electricity meter: a cumulative counter read every 15 minutes through December 2024,
 * shaped by a working-day profile, whose month is the ledger's grid electricity for 2024-12
 * within ±2 % — except the third enterprise, whose meter reads 8 % above its report, for
 * the reconciliation to flag. Every second one also gets two workshop sub-meters (interval
 * meters, 40 % and 35 % of the main meter's quarter hours) and a virtual meter for the rest
 * of the site (MAIN - W1 - W2). Three sample alarm rules go with them (docs/demo.md): a
 * threshold on the first main meter whose low limit (70 % of its December mean load) its
 * last reading, at night, is below; a stale rule for every meter; and an imbalance rule on
 * the second main meter, whose two sub-meters take about 75 % of it. Sample data; pure: the
 * same seed and inputs give the same bytes. */
#ifndef GP_DEMO_METERS_H
#define GP_DEMO_METERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/meters.h"
#include "util/err.h"
#include "util/str.h"

#define DEMO_METER_ENTERPRISES 8
#define DEMO_METERS_MAX        (DEMO_METER_ENTERPRISES * 4)
#define DEMO_METER_FLAGGED     2          /* the index of the enterprise whose meter reads high */
#define DEMO_ALARMS_AT         1735660800 /* 2025-01-01T00:00:00+08:00: the readings' end */

/* An enterprise and its December 2024 grid electricity in the ledger, kWh (NAN: none: it
 * gets no meter). */
struct demo_meter_input {
	char uscc[USCC_LEN + 1];
	double dec_kwh;
};

struct demo_meters {
	struct meter meters[DEMO_METERS_MAX]; /* in the order they must be added */
	size_t n;
	struct buf readings_csv; /* meter,ts,value */
	size_t points;
	struct buf rules_csv; /* alarm rules: kind,meter,severity,high,low,limit,stale_s,pct,… */
};

int demo_meters_generate(uint64_t seed, const struct demo_meter_input *in, size_t nin,
			 struct demo_meters *out, struct gp_err *err);
void demo_meters_release(struct demo_meters *d);

#endif
