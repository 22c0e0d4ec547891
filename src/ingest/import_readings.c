/* import_readings.c — 'greenpark import readings FILE': bulk meter history as CSV
 * (header meter,ts,value; ts RFC 3339 with an offset or Unix seconds) or InfluxDB line
 * protocol (<measurement>,meter=<CODE>[,tags] value=<float>[,fields] <unix-ns>; other tags
 * and fields ignored). All or nothing, like every import: every bad line is reported as
 * FILE:LINE: message and then nothing is stored. The file is written in one transaction
 * (readings_batch), merged a chunk of IMPORT_READINGS_CHUNK points at a time so that a file
 * of 20 million points needs no more memory than one chunk. */
#include "ingest/import_readings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/meters.h"
#include "core/period.h"
#include "ingest/import_int.h"
#include "ingest/readings.h"
#include "report/alarms.h"
#include "store/store_meters.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#define LINE_MAX_BYTES 4096

int lp_parse(const char *line, struct lp_point *out, struct gp_err *err)
{
	const char *p = line, *sp = NULL, *fields, *tsp;
	bool esc = false, have_meter = false, have_value = false;
	char tok[LINE_MAX_BYTES];
	size_t len = strlen(line);

	if (len >= LINE_MAX_BYTES)
		return gp_err_set(err, GP_ETOOBIG, "line of %zu bytes (at most %d)", len,
				  LINE_MAX_BYTES - 1);
	/* the first unescaped space ends the measurement and tags */
	for (; *p; p++) {
		if (esc) {
			esc = false;
		} else if (*p == '\\') {
			esc = true;
		} else if (*p == ' ') {
			sp = p;
			break;
		}
	}
	if (!sp)
		return gp_err_set(err, GP_EINPUT,
				  "not line protocol (expected <measurement>,meter=<CODE> "
				  "value=<float> <unix-ns>)");
	/* tags: key=value pairs after the first unescaped comma */
	for (p = line; p < sp;) {
		const char *start = p, *eq;
		size_t n = 0;
		for (esc = false; p < sp && (esc || *p != ','); p++) {
			if (!esc && *p == '\\') {
				esc = true;
				continue;
			}
			esc = false;
			tok[n++] = *p;
		}
		tok[n] = '\0';
		if (start != line && (eq = strchr(tok, '=')) && eq - tok == 5 &&
		    strncmp(tok, "meter", 5) == 0) {
			if (!str_copy(out->meter, sizeof(out->meter), eq + 1) || !eq[1])
				return gp_err_set(err, GP_EINPUT,
						  "meter tag '%.80s' is empty or too long", eq + 1);
			have_meter = true;
		}
		if (p < sp)
			p++;
	}
	if (!have_meter)
		return gp_err_set(err, GP_EINPUT, "no meter tag (expected ,meter=<CODE>)");
	/* fields up to the next space, then the timestamp */
	fields = sp + 1;
	tsp = strchr(fields, ' ');
	for (p = fields; p && *p && p != tsp;) {
		const char *end = strchr(p, ',');
		if (!end || (tsp && end > tsp))
			end = tsp ? tsp : p + strlen(p);
		if ((size_t)(end - p) > 6 && strncmp(p, "value=", 6) == 0) {
			size_t n = (size_t)(end - p - 6);
			memcpy(tok, p + 6, n);
			tok[n] = '\0';
			if (n && (tok[n - 1] == 'i' || tok[n - 1] == 'u'))
				tok[n - 1] = '\0'; /* integer fields */
			if (!num_parse_double(tok, &out->value))
				return gp_err_set(err, GP_EINPUT, "value '%s' is not a number",
						  tok);
			have_value = true;
		}
		p = *end == ',' ? end + 1 : end;
	}
	if (!have_value)
		return gp_err_set(err, GP_EINPUT, "no value field (expected value=<float>)");
	if (!tsp)
		return gp_err_set(err, GP_EINPUT, "no timestamp (expected Unix nanoseconds)");
	{
		char *end;
		long long ns = strtoll(tsp + 1, &end, 10);
		while (*end == ' ' || *end == '\r')
			end++;
		if (end == tsp + 1 || *end)
			return gp_err_set(err, GP_EINPUT,
					  "timestamp '%.40s' is not whole Unix nanoseconds",
					  tsp + 1);
		/* floor to the second: readings are kept at 1 s resolution */
		out->ts = ns >= 0 ? ns / 1000000000LL : -((-ns + 999999999LL) / 1000000000LL);
	}
	return GP_OK;
}

/* The id of a meter that takes readings, or false (reported). */
static bool known_meter(struct import_report *rep, const struct csv_reader *r, long line,
			const struct strmap *ids, const struct meter *meters, const char *code,
			int64_t *id)
{
	int64_t at;

	if (!strmap_get(ids, code, &at)) {
		import_line_error(
		    rep, r, line,
		    "meter '%.80s' does not exist (add it with 'greenpark meter add')", code);
		return false;
	}
	if (meters[at].kind == METER_VIRTUAL) {
		import_line_error(rep, r, line,
				  "meter '%s' is virtual (%s): it takes no readings of its own",
				  code, meters[at].formula);
		return false;
	}
	*id = meters[at].id;
	return true;
}

static void push(struct reading **pts, size_t *n, size_t *cap, int64_t meter_id, int64_t ts,
		 double v)
{
	XGROW(*pts, *n + 1, *cap);
	(*pts)[(*n)++] = (struct reading){ts, v, (int32_t)meter_id, 0};
}

int import_readings(struct store_handle *h, const struct factor_lib *lib, struct csv_reader *r,
		    const char *actor, struct import_report *rep, struct import_result *res,
		    struct gp_err *err)
{
	struct strmap ids;
	struct meter *meters = NULL;
	size_t nmeters = 0, n = 0, cap = 0;
	struct reading *pts = NULL;
	struct readings_batch batch = {NULL, 0, false, {0, 0, 0, 0}};
	long long total = 0;
	struct csv_record rec;
	struct gp_err e;
	enum csv_result cr;
	bool csv = false, first = true;
	struct park park;
	int rc;

	(void)lib;
	memset(res, 0, sizeof(*res));
	rep->errors = 0;
	strmap_init(&ids);
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = h->ops->meters->meter_list(h->st, 0, &meters, &nmeters, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < nmeters; i++)
		strmap_put(&ids, meters[i].code, (int64_t)i);
	while ((cr = csv_next(r, &rec, &e)) != CSV_EOF) {
		char line[LINE_MAX_BYTES];
		int64_t id = 0, ts = 0;
		double v = 0;

		if (cr == CSV_FATAL) {
			*err = e;
			rc = e.status;
			goto out;
		}
		if (cr == CSV_BAD) {
			import_line_err(rep, r, 0, &e);
			continue;
		}
		if (first) {
			first = false;
			csv = rec.nfields == 3 && str_eq_nocase(str_trim(rec.fields[0]), "meter") &&
			      str_eq_nocase(str_trim(rec.fields[1]), "ts") &&
			      str_eq_nocase(str_trim(rec.fields[2]), "value");
			if (csv)
				continue;
		}
		if (rep->progress && (n + 1) % IMPORT_PROGRESS_EVERY == 0)
			rep->progress(rep->arg, (long long)n, csv_offset(r), csv_size(r));
		if (csv) {
			if (rec.nfields != 3) {
				import_line_error(rep, r, rec.line,
						  "%zu fields (expected meter,ts,value)",
						  rec.nfields);
				continue;
			}
			for (int k = 0; k < 3; k++)
				str_trim(rec.fields[k]);
			if (!known_meter(rep, r, rec.line, &ids, meters, rec.fields[0], &id))
				continue;
			if (time_parse("ts", rec.fields[1], &ts, &e) != GP_OK) {
				import_line_err(rep, r, rec.line, &e);
				continue;
			}
			if (!num_parse_double(rec.fields[2], &v)) {
				import_line_error(rep, r, rec.line, "value '%.40s' is not a number",
						  rec.fields[2]);
				continue;
			}
		} else {
			struct lp_point lp = {"", 0, 0};
			size_t used = 0;
			line[0] = '\0';
			for (size_t k = 0; k < rec.nfields; k++) {
				if (!str_fmt(line + used, sizeof(line) - used, "%s%s", k ? "," : "",
					     rec.fields[k]))
					break;
				used = strlen(line);
			}
			if (!line[0] || line[0] == '#')
				continue;
			if (lp_parse(line, &lp, &e) != GP_OK) {
				import_line_err(rep, r, rec.line, &e);
				continue;
			}
			if (!known_meter(rep, r, rec.line, &ids, meters, lp.meter, &id))
				continue;
			ts = lp.ts;
			v = lp.value;
		}
		if (total >= IMPORT_MAX_READINGS) {
			import_line_error(rep, r, rec.line, "more than %ld readings in one file",
					  IMPORT_MAX_READINGS);
			break;
		}
		push(&pts, &n, &cap, id, ts, v);
		total++;
		/* a full chunk is merged now, inside the import's one transaction, while the
		 * file is clean so far; a later bad line still rolls everything back */
		if (n == IMPORT_READINGS_CHUNK && !rep->errors) {
			if ((!batch.open &&
			     (rc = readings_batch_begin(&batch, h, park_utc_offset(&park), err)) !=
				 GP_OK) ||
			    (rc = readings_batch_add(&batch, pts, n, err)) != GP_OK)
				goto out;
			n = 0;
		}
	}
	if (rep->errors) {
		rc = GP_EINPUT;
		goto out;
	}
	if ((!batch.open &&
	     (rc = readings_batch_begin(&batch, h, park_utc_offset(&park), err)) != GP_OK) ||
	    (n && (rc = readings_batch_add(&batch, pts, n, err)) != GP_OK) ||
	    (rc = readings_batch_commit(&batch, actor, csv_name(r), err)) != GP_OK)
		goto out;
	alarm_check_all_logged(h, csv_name(r)); /* the chunks are gone: every watched meter */
	res->rows = batch.stats.points;
	res->stats.inserted = batch.stats.points;
out:
	readings_batch_abort(&batch); /* nothing when committed */
	strmap_release(&ids);
	free(meters);
	free(pts);
	return rc;
}
