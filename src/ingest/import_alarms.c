/* import_alarms.c — imports alarm rules: each line's fields parsed, the rule checked by
 * core/alarms.c and against the meters (report/alarms.c's alarm_rule_check), then every
 * row stored in one transaction. Never evaluates a rule. */
#include "ingest/import_alarms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alarms.h"
#include "ingest/import_int.h"
#include "report/alarms.h"
#include "store/store_alarms.h"
#include "util/num.h"
#include "util/str.h"

enum {
	F_KIND,
	F_METER,
	F_SEVERITY,
	F_HIGH,
	F_LOW,
	F_LIMIT,
	F_STALE_S,
	F_PCT,
	F_PERIOD,
	F_MIN_VALUE,
	F_NOTE,
	F_COUNT
};
static const char *const cols[F_COUNT] = {"kind",   "meter",     "severity", "high",
					  "low",    "limit",     "stale_s",  "pct",
					  "period", "min_value", "note"};

static int put_rule(struct store_handle *h, const void *row, const char *actor, enum put_result *pr,
		    void *arg, struct gp_err *err)
{
	const struct alarm_rule *r = row;
	int64_t id;
	int rc;

	(void)arg;
	if ((rc = h->ops->alarms->rule_same(h->st, r, &id, err)) == GP_OK) {
		*pr = PUT_UNCHANGED;
		return GP_OK;
	}
	if (rc != GP_ENOTFOUND)
		return rc;
	*pr = PUT_INSERTED;
	return h->ops->alarms->rule_add(h->st, r, actor, &id, err);
}

/* A number field: empty leaves *out NAN. */
static bool num_field(const char *v, const char *field, double *out, struct gp_err *e)
{
	if (!v[0])
		return true;
	if (!num_parse_double(v, out) || !isfinite(*out)) {
		gp_err_set(e, GP_EINPUT, "%s '%.40s' is not a number", field, v);
		return false;
	}
	return true;
}

/* One line's fields into r; false with e set naming the field. */
static bool parse_row(char *const *f, struct alarm_rule *r, struct gp_err *e)
{
	int64_t v;

	alarm_rule_init(r, ALARM_THRESHOLD);
	if (alarm_kind_parse(f[F_KIND], &r->kind, e) != GP_OK)
		return false;
	if (!str_copy(r->meter, sizeof(r->meter), f[F_METER])) {
		gp_err_set(e, GP_EINPUT, "meter '%.40s…' is longer than %d bytes", f[F_METER],
			   METER_CODE_MAX);
		return false;
	}
	if (f[F_SEVERITY][0] && alarm_severity_parse(f[F_SEVERITY], &r->severity, e) != GP_OK)
		return false;
	if (!num_field(f[F_HIGH], "high", &r->high, e) || !num_field(f[F_LOW], "low", &r->low, e) ||
	    !num_field(f[F_LIMIT], "limit", &r->limit, e) ||
	    !num_field(f[F_PCT], "pct", &r->pct, e) ||
	    !num_field(f[F_MIN_VALUE], "min_value", &r->min_value, e))
		return false;
	if (f[F_STALE_S][0]) {
		if (!num_parse_int64(f[F_STALE_S], 0, ALARM_STALE_MAX_S, &v)) {
			gp_err_set(e, GP_EINPUT,
				   "stale_s '%.40s' is not 0-%ld seconds (0: 3 × the meter's "
				   "interval)",
				   f[F_STALE_S], ALARM_STALE_MAX_S);
			return false;
		}
		r->stale_s = (long)v;
	}
	if (f[F_PERIOD][0] && alarm_period_parse(f[F_PERIOD], &r->period, e) != GP_OK)
		return false;
	if (!str_copy(r->note, sizeof(r->note), f[F_NOTE])) {
		gp_err_set(e, GP_EINPUT, "note has more than %d bytes", ALARM_NOTE_MAX);
		return false;
	}
	return true;
}

int import_alarm_rules(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		       const char *actor, struct import_report *rep, struct import_result *res,
		       struct gp_err *err)
{
	struct alarm_rule *rows = NULL;
	size_t nrows = 0, cap = 0;
	struct csv_record rec;
	enum csv_result cr;
	int rc = GP_OK;

	(void)lib; /* no units */
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	if (!h->ops->alarms || !h->ops->meters)
		return gp_err_set(err, GP_ESTORE, "this store backend has no alarm rules");
	if (!import_read_header(r, rep, cols, F_COUNT))
		return GP_EINPUT;
	while ((cr = import_next_row(r, &rec, F_COUNT, rep, err)) == CSV_ROW) {
		struct alarm_rule rule;
		struct gp_err fe;
		int frc;

		if ((long)nrows >= IMPORT_MAX_ALARM_RULES) {
			import_line_error(rep, r, rec.line, "more than %ld rules in one file",
					  IMPORT_MAX_ALARM_RULES);
			break;
		}
		if (!parse_row(rec.fields, &rule, &fe)) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		frc = alarm_rule_check(h, &rule, &fe);
		if (frc == GP_EINPUT || frc == GP_ENOTFOUND) {
			import_line_err(rep, r, rec.line, &fe);
			continue;
		}
		if (frc != GP_OK) {
			if (err)
				*err = fe;
			rc = frc;
			goto out;
		}
		XGROW(rows, nrows + 1, cap);
		rows[nrows++] = rule;
	}
	res->rows = (long long)nrows + rep->errors;
	rc = import_finish(h, cr, rep, rows, nrows, sizeof(*rows), put_rule, NULL, actor, res, err);
out:
	free(rows);
	return rc;
}
