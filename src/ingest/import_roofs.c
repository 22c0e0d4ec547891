/* import_roofs.c — imports the rooftop census: each line's fields parsed and checked
 * (energy/roof.c), its enterprise looked up, a roof named twice refused, then every row
 * stored in one transaction. Computes no PV. */
#include "ingest/import_roofs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "energy/roof.h"
#include "ingest/import_int.h"
#include "store/store_plan.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#define ROOF_FIELDS 8

static const char *const cols[ROOF_FIELDS] = {"uscc",       "roof",         "area_m2",
					      "tilt_deg",   "azimuth_deg",  "usable_share",
					      "kwp_per_m2", "installed_kwp"};

static int put_roof(struct store_handle *h, const void *row, const char *actor, enum put_result *pr,
		    void *arg, struct gp_err *err)
{
	(void)arg;
	return h->ops->plan->roof_put(h->st, row, actor, pr, err);
}

/* A number field (empty allowed when optional: *out NAN, or 0 for installed_kwp). */
static bool num_field(struct import_report *rep, const struct csv_reader *r, long line,
		      const char *name, const char *s, bool optional, double if_empty, double *out)
{
	if (!*s && optional) {
		*out = if_empty;
		return true;
	}
	if (!num_parse_double(s, out)) {
		import_line_error(rep, r, line, "%s '%s' is not a number%s", name, s,
				  optional ? " (or empty)" : "");
		return false;
	}
	return true;
}

int import_roofs(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		 const char *actor, struct import_report *rep, struct import_result *res,
		 struct gp_err *err)
{
	struct roof *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen, ids;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	(void)lib; /* no units: the columns name theirs */
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&ids);
	if (!h->ops->plan) {
		rc = gp_err_set(err, GP_ESTORE, "this store backend has no rooftop census");
		goto out;
	}
	if ((rc = import_enterprise_ids(h, &ids, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, cols, ROOF_FIELDS)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, ROOF_FIELDS, rep, err)) == CSV_ROW) {
		struct roof f;
		struct gp_err fe;
		char key[USCC_LEN + ROOF_NAME_MAX + 2];
		int64_t v;
		bool ok = true;

		memset(&f, 0, sizeof(f));
		if ((long)nrows >= IMPORT_MAX_REGISTRY_ROWS) {
			import_line_error(rep, r, rec.line, "more than %ld roofs in one file",
					  IMPORT_MAX_REGISTRY_ROWS);
			break;
		}
		if (uscc_normalize(rec.fields[0], f.uscc, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			ok = false;
		} else if (!strmap_get(&ids, f.uscc, &v)) {
			import_line_error(
			    rep, r, rec.line,
			    "uscc '%s' is not a registered enterprise (import it with "
			    "'greenpark import enterprises' first)",
			    f.uscc);
			ok = false;
		}
		if (!str_copy(f.name, sizeof(f.name), rec.fields[1]) || !f.name[0]) {
			import_line_error(rep, r, rec.line, "roof name '%.80s' must be 1-%d bytes",
					  rec.fields[1], ROOF_NAME_MAX);
			ok = false;
		}
		ok &= num_field(rep, r, rec.line, "area_m2", rec.fields[2], false, 0, &f.area_m2);
		ok &= num_field(rep, r, rec.line, "tilt_deg", rec.fields[3], false, 0, &f.tilt_deg);
		ok &= num_field(rep, r, rec.line, "azimuth_deg", rec.fields[4], false, 0,
				&f.azimuth_deg);
		ok &= num_field(rep, r, rec.line, "usable_share", rec.fields[5], false, 0,
				&f.usable_share);
		ok &= num_field(rep, r, rec.line, "kwp_per_m2", rec.fields[6], true, NAN,
				&f.kwp_per_m2);
		ok &= num_field(rep, r, rec.line, "installed_kwp", rec.fields[7], true, 0,
				&f.installed_kwp);
		if (!ok)
			continue;
		if (roof_validate(&f, ROOF_KWP_PER_M2_DEFAULT, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		str_fmt(key, sizeof(key), "%s/%s", f.uscc, f.name);
		if (strmap_get(&seen, key, &v)) {
			import_line_error(rep, r, rec.line,
					  "roof '%s' of %s already appears on line %lld", f.name,
					  f.uscc, (long long)v);
			continue;
		}
		strmap_put(&seen, key, rec.line);
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = f;
	}
	res->rows = (long long)nrows + rep->errors;
	rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_roof, NULL, actor, res, err);
out:
	strmap_release(&seen);
	strmap_release(&ids);
	free(rows);
	return rc;
}
