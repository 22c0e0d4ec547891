/* import_modbus.h — the Modbus register map from CSV (meter,host,port,unit,kind,address,
 * type,word_order,scale,interval_s; docs/metering.md), as an import_fn: all or nothing,
 * a meter's register replaced when it has one. */
#ifndef GP_IMPORT_MODBUS_H
#define GP_IMPORT_MODBUS_H

#include "ingest/import.h"

#define IMPORT_MAX_MODBUS_ROWS 100000L

int import_modbus_map(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		      const char *actor, struct import_report *rep, struct import_result *res,
		      struct gp_err *err);

#endif
