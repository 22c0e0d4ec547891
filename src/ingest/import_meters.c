/* import_meters.c — imports meters: each line parsed and checked (core/meters.c: kinds,
 * units, formulas, masters), then every new meter added in one transaction, in the file's
 * order (so a master or a formula's terms come first). */
#include "ingest/import_meters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/meters.h"
#include "ingest/import_int.h"
#include "store/store_meters.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#define METER_FIELDS 10

static const char *const cols[METER_FIELDS] = {"code",   "uscc",       "item",       "unit",
					       "kind",   "interval_s", "multiplier", "rollover",
					       "parent", "formula"};

/* A meter of the file, and whether it is stored already (identical). */
struct meter_row {
	struct meter m;
	bool stored;
	long line;
};

struct lookup {
	struct store_handle *h;
	const struct meter_row *rows;
	const struct strmap *seen; /* code → index in rows */
};

/* A code among the file's earlier lines, else in the store. */
static int find_meter(void *arg, const char *code, struct meter *out, struct gp_err *err)
{
	const struct lookup *l = arg;
	int64_t i;

	if (strmap_get(l->seen, code, &i)) {
		*out = l->rows[i].m;
		return GP_OK;
	}
	return l->h->ops->meters->meter_find(l->h->st, code, out, err);
}

static int put_meter(struct store_handle *h, const void *row, const char *actor,
		     enum put_result *pr, void *arg, struct gp_err *err)
{
	const struct meter_row *r = row;
	int64_t id;

	(void)arg;
	if (r->stored) {
		*pr = PUT_UNCHANGED;
		return GP_OK;
	}
	*pr = PUT_INSERTED;
	return h->ops->meters->meter_add(h->st, &r->m, actor, &id, err);
}

/* Whether a stored meter is the one the line defines (meters are never changed). */
static bool same_meter(const struct meter *a, const struct meter *b)
{
	return strcmp(a->uscc, b->uscc) == 0 && strcmp(a->item, b->item) == 0 &&
	       strcmp(a->unit, b->unit) == 0 && a->kind == b->kind &&
	       a->interval_s == b->interval_s && a->multiplier == b->multiplier &&
	       (a->rollover == b->rollover || (isnan(a->rollover) && isnan(b->rollover))) &&
	       strcmp(a->parent, b->parent) == 0 && strcmp(a->formula, b->formula) == 0;
}

/* Parses the line's fields into m (code, enterprise, item and unit by the factor library). */
static bool parse_line(struct import_report *rep, const struct csv_reader *r, long line, char **f,
		       const struct factor_lib *lib, struct meter *m)
{
	struct gp_err fe;
	int64_t v;
	int k;

	memset(m, 0, sizeof(*m));
	m->multiplier = 1;
	m->rollover = NAN;
	m->interval_s = 900;
	if (!str_copy(m->code, sizeof(m->code), f[0]) || meter_code_check(m->code, &fe) != GP_OK) {
		import_line_error(rep, r, line,
				  "code '%.80s' is not a meter code (1-%d letters, "
				  "digits and - _ . : /)",
				  f[0], METER_CODE_MAX);
		return false;
	}
	if (uscc_normalize(f[1], m->uscc, &fe) != GP_OK) {
		import_line_err(rep, r, line, &fe);
		return false;
	}
	if ((k = factors_item_index(lib, f[2])) < 0) {
		import_line_error(rep, r, line,
				  "item '%.80s' is not in the factor library (see data/items.csv)",
				  f[2]);
		return false;
	}
	str_copy(m->item, sizeof(m->item), f[2]);
	if (!str_copy(m->unit, sizeof(m->unit), f[3])) {
		import_line_error(rep, r, line, "unit '%.40s' is too long", f[3]);
		return false;
	}
	if (item_unit_factor(&lib->items[k], f[3], &m->to_canonical, &fe) != GP_OK) {
		import_line_err(rep, r, line, &fe);
		return false;
	}
	if (meter_kind_parse(f[4], &m->kind, &fe) != GP_OK) {
		import_line_err(rep, r, line, &fe);
		return false;
	}
	if (f[5][0]) {
		if (!num_parse_int64(f[5], 1, 86400, &v)) {
			import_line_error(rep, r, line,
					  "interval_s '%s' is not 1-86400 seconds (or empty: 900)",
					  f[5]);
			return false;
		}
		m->interval_s = (int)v;
	}
	if (f[6][0] && !num_parse_double(f[6], &m->multiplier)) {
		import_line_error(rep, r, line, "multiplier '%s' is not a number (or empty: 1)",
				  f[6]);
		return false;
	}
	if (f[7][0] && !num_parse_double(f[7], &m->rollover)) {
		import_line_error(rep, r, line, "rollover '%s' is not a number (or empty: none)",
				  f[7]);
		return false;
	}
	if (!str_copy(m->parent, sizeof(m->parent), f[8]) ||
	    !str_copy(m->formula, sizeof(m->formula), f[9])) {
		import_line_error(rep, r, line, "parent or formula is too long");
		return false;
	}
	if (meter_validate(m, &fe) != GP_OK) {
		import_line_err(rep, r, line, &fe);
		return false;
	}
	return true;
}

int import_meters(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		  const char *actor, struct import_report *rep, struct import_result *res,
		  struct gp_err *err)
{
	struct meter_row *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct strmap seen, ids;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&seen);
	strmap_init(&ids);
	if ((rc = import_enterprise_ids(h, &ids, err)) != GP_OK)
		goto out;
	if (!import_read_header(r, rep, cols, METER_FIELDS)) {
		rc = GP_EINPUT;
		goto out;
	}
	while ((cr = import_next_row(r, &rec, METER_FIELDS, rep, err)) == CSV_ROW) {
		struct lookup l = {h, rows, &seen};
		struct meter_row row = {{0}, false, rec.line};
		struct meter stored;
		struct gp_err fe;
		int64_t v;
		int frc;

		if ((long)nrows >= IMPORT_MAX_METERS) {
			import_line_error(rep, r, rec.line, "more than %ld meters in one file",
					  IMPORT_MAX_METERS);
			break;
		}
		if (!parse_line(rep, r, rec.line, rec.fields, lib, &row.m))
			continue;
		if (!strmap_get(&ids, row.m.uscc, &v)) {
			import_line_error(
			    rep, r, rec.line,
			    "uscc '%s' is not a registered enterprise (import it with "
			    "'greenpark import enterprises' first)",
			    row.m.uscc);
			continue;
		}
		if (strmap_get(&seen, row.m.code, &v) && rows) {
			import_line_error(rep, r, rec.line, "meter %s already appears on line %lld",
					  row.m.code, (long long)rows[v].line);
			continue;
		}
		if (meter_check_refs(&row.m, find_meter, &l, &fe) != GP_OK) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		frc = h->ops->meters->meter_find(h->st, row.m.code, &stored, &fe);
		if (frc == GP_OK) {
			if (!same_meter(&stored, &row.m)) {
				import_line_error(
				    rep, r, rec.line,
				    "meter %s exists with another definition (meters "
				    "are never changed: give the new one its own code)",
				    row.m.code);
				continue;
			}
			row.stored = true;
		} else if (frc != GP_ENOTFOUND) {
			if (err)
				*err = fe;
			rc = frc;
			goto out;
		}
		XGROW(rows, nrows + 1, cap);
		strmap_put(&seen, row.m.code, (int64_t)nrows);
		rows[nrows++] = row;
	}
	res->rows = (long long)nrows + rep->errors;
	rc =
	    import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_meter, NULL, actor, res, err);
out:
	strmap_release(&seen);
	strmap_release(&ids);
	free(rows);
	return rc;
}
