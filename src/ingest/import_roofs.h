/* import_roofs.h — the rooftop census from CSV (uscc,roof,area_m2,tilt_deg,azimuth_deg,
 * usable_share,kwp_per_m2,installed_kwp; docs/planning.md), as an import_fn: all or
 * nothing, an enterprise's roof of the same name replaced (audited). */
#ifndef GP_IMPORT_ROOFS_H
#define GP_IMPORT_ROOFS_H

#include "ingest/import.h"

int import_roofs(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		 const char *actor, struct import_report *rep, struct import_result *res,
		 struct gp_err *err);

#endif
