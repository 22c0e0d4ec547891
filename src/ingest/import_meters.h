/* import_meters.h — the meter registry from CSV (code,uscc,item,unit,kind,interval_s,
 * multiplier,rollover,parent,formula; docs/metering.md), as an import_fn: all or nothing,
 * every line checked as 'greenpark meter add' checks its options, a master or a formula's
 * terms named on an earlier line or already stored. Meters are never changed: a line
 * identical to a stored meter is left as it is, a different one is refused. */
#ifndef GP_IMPORT_METERS_H
#define GP_IMPORT_METERS_H

#include "ingest/import.h"

#define IMPORT_MAX_METERS 100000L

int import_meters(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		  const char *actor, struct import_report *rep, struct import_result *res,
		  struct gp_err *err);

#endif
