/* import_modbus.c — imports the Modbus register map: each line parsed and checked by
 * core/modbus_map.c, its meter looked up (it must exist and take readings), then every row
 * stored in one transaction. Never polls a device. */
#include "ingest/import_modbus.h"

#include <stdlib.h>
#include <string.h>

#include "core/modbus_map.h"
#include "ingest/import_int.h"
#include "store/store_meters.h"
#include "store/store_modbus.h"
#include "util/map.h"
#include "util/str.h"

static const char *const cols[MODBUS_MAP_FIELDS] = {"meter", "host",      "port", "unit",
						    "kind",  "address",   "type", "word_order",
						    "scale", "interval_s"};

static int put_entry(struct store_handle *h, const void *row, const char *actor,
		     enum put_result *pr, void *arg, struct gp_err *err)
{
	(void)arg;
	return h->ops->modbus->register_put(h->st, row, actor, pr, err);
}

int import_modbus_map(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		      const char *actor, struct import_report *rep, struct import_result *res,
		      struct gp_err *err)
{
	struct modbus_entry *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	(void)lib; /* no units */
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	if (!h->ops->modbus || !h->ops->meters) {
		rc = gp_err_set(err, GP_ESTORE, "this store backend has no Modbus register map");
		goto out;
	}
	if (!import_read_header(r, rep, cols, MODBUS_MAP_FIELDS)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, MODBUS_MAP_FIELDS, rep, err)) == CSV_ROW) {
		struct modbus_entry e;
		struct meter m;
		struct gp_err fe;
		int64_t first;
		int frc;

		if ((long)nrows >= IMPORT_MAX_MODBUS_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld registers in one file",
					  IMPORT_MAX_MODBUS_ROWS);
			break;
		}
		if (modbus_entry_parse((const char *const *)rec.fields, rec.nfields, &e, &fe) !=
		    GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		if (strmap_get(&seen, e.meter, &first)) {
			import_line_error(rep, r, rec.line,
					  "meter %s is mapped already on line %lld (one register "
					  "per meter)",
					  e.meter, (long long)first);
			continue;
		}
		strmap_put(&seen, e.meter, rec.line);
		frc = h->ops->meters->meter_find(h->st, e.meter, &m, &fe);
		if (frc == GP_ENOTFOUND) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		if (frc != GP_OK) {
			if (err)
				*err = fe;
			rc = frc;
			goto out;
		}
		if (m.kind == METER_VIRTUAL) {
			import_line_error(
			    rep, r, rec.line,
			    "meter %s is virtual (a formula of other meters) and takes "
			    "no readings",
			    e.meter);
			continue;
		}
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = e;
	}
	res->rows = (long long)nrows + rep->errors;
	rc =
	    import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_entry, NULL, actor, res, err);
out:
	strmap_release(&seen);
	free(rows);
	return rc;
}
