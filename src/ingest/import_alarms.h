/* import_alarms.h — alarm rules from CSV (kind,meter,severity,high,low,limit,stale_s,pct,
 * period,min_value,note; docs/alarms.md), as an import_fn: all or nothing, every bad line
 * reported as FILE:LINE naming the field; a row identical to a stored rule is unchanged. */
#ifndef GP_IMPORT_ALARMS_H
#define GP_IMPORT_ALARMS_H

#include "ingest/import.h"

#define IMPORT_MAX_ALARM_RULES 10000L

int import_alarm_rules(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		       const char *actor, struct import_report *rep, struct import_result *res,
		       struct gp_err *err);

#endif
