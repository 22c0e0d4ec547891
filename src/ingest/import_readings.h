/* import_readings.h — meter readings from CSV (meter,ts,value) or InfluxDB line protocol
 * (docs/metering.md), as an import_fn; and the line-protocol parser that POST /write
 * shares. */
#ifndef GP_IMPORT_READINGS_H
#define GP_IMPORT_READINGS_H

#include <stdint.h>

#include "core/meters.h"
#include "ingest/import.h"

#define IMPORT_MAX_READINGS   30000000L /* points in one file */
#define IMPORT_READINGS_CHUNK 1000000   /* points merged at a time (24 MB) */

struct lp_point {
	char meter[METER_CODE_MAX + 1];
	int64_t ts; /* Unix seconds (the nanoseconds floored) */
	double value;
};

/* Parses one line of line protocol: <measurement>,meter=<CODE>[,tags] value=<float>
 * [,fields] <unix-ns>; other tags and fields are ignored. GP_EINPUT saying what is
 * missing. */
int lp_parse(const char *line, struct lp_point *out, struct gp_err *err);

int import_readings(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err);

#endif
