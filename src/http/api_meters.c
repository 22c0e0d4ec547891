/* api_meters.c — meters over HTTP: the list, a meter's series, and POST /write (InfluxDB
 * line protocol as text/plain, or CSV meter,ts,value as text/csv). The router admits
 * admins, analysts and enterprise users (ACCESS_METERS); here an enterprise user reaches
 * only its own meters: another's in a series is 404 (as a missing one), and a written point
 * of another's meter is rejected with its line. A 2xx answer means every point is
 * committed; a request with bad lines writes its good points and answers 400 listing the
 * bad ones (InfluxDB's "partial write"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/period.h"
#include "http/http.h"
#include "ingest/import_readings.h"
#include "ingest/ingest_stats.h"
#include "ingest/meter_index.h"
#include "ingest/readings.h"
#include "ingest/write_queue.h"
#include "report/meter_totals.h"
#include "report/reconcile.h"
#include "store/store_meters.h"
#include "util/map.h"
#include "util/num.h"
#include "util/str.h"

#define WRITE_MAX_POINTS   500000 /* points in one request (8 MiB of text at most anyway) */
#define WRITE_MAX_REJECTED 100    /* bad lines listed in the answer (all are counted) */
#define SERIES_MAX_POINTS  200000

static bool may_see(const struct http_req *r, const struct meter *m)
{
	return r->user->role != ROLE_ENTERPRISE || m->enterprise_id == r->user->enterprise_id;
}

int api_meters(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	struct meter *list;
	struct gp_err err;
	size_t n;
	json_t *a;
	int64_t only = r->user->role == ROLE_ENTERPRISE ? r->user->enterprise_id : 0;

	if (r->user->role == ROLE_ENTERPRISE && only <= 0)
		return resp_error(resp, 403, NULL, "user %s is bound to no enterprise",
				  r->user->name);
	if (!(lib = req_factors(r, &err)) ||
	    r->h->ops->meters->meter_list(r->h->st, only, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	a = json_array();
	for (size_t i = 0; i < n; i++) {
		struct tsz_point last;
		bool has;
		if (readings_latest(r->h, &list[i], &last, &has, &err) != GP_OK) {
			json_decref(a);
			free(list);
			return resp_from_err(resp, &err);
		}
		{
			int k = factors_item_index(lib, list[i].item);
			json_t *o = json_pack(
			    "{s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:f, s:o, s:i}", "code",
			    list[i].code, "uscc", list[i].uscc, "parent",
			    list[i].parent[0] ? json_string(list[i].parent) : json_null(), "item",
			    list[i].item, "unit", list[i].unit, "item_unit",
			    k >= 0 ? lib->items[k].unit : "", "kind", meter_kind_name(list[i].kind),
			    "multiplier", list[i].multiplier, "rollover",
			    isnan(list[i].rollover) ? json_null() : json_real(list[i].rollover),
			    "interval_s", list[i].interval_s);
			if (list[i].formula[0])
				json_object_set_new(o, "formula", json_string(list[i].formula));
			json_object_set_new(
			    o, "latest",
			    has ? json_pack("{s:I, s:f}", "ts", (json_int_t)last.ts, "value",
					    last.v * list[i].multiplier * list[i].to_canonical)
				: json_null());
			json_array_append_new(a, o);
		}
	}
	free(list);
	return resp_page(r, resp, a);
}

int api_meters_reconciliation(struct http_req *r, struct http_resp *resp)
{
	struct reconcile_opts o = {0, 0.05, 0};
	const char *tol = req_query(r, "tolerance");
	const struct factor_lib *lib;
	struct gp_err err;
	json_t *out;

	if (!req_query(r, "year"))
		return resp_error(resp, 400, NULL, "expected ?year=YYYY");
	if (!req_year(r, resp, &o.year))
		return 0;
	if (tol && (!num_parse_double(tol, &o.tolerance) || o.tolerance < 0 || o.tolerance > 10))
		return resp_error(resp, 400, NULL, "tolerance '%s' is not a fraction (0.05 = 5 %%)",
				  tol);
	if (r->user->role == ROLE_ENTERPRISE)
		o.enterprise_id = r->user->enterprise_id;
	if (!(lib = req_factors(r, &err)) || meter_reconcile(r->h, lib, &o, &out, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, out);
}

int api_meters_balance(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;
	json_t *out;
	int year = 0;

	if (!req_query(r, "year"))
		return resp_error(resp, 400, NULL, "expected ?year=YYYY");
	if (!req_year(r, resp, &year))
		return 0;
	if (meter_balance_report(r->h, year,
				 r->user->role == ROLE_ENTERPRISE ? r->user->enterprise_id : 0,
				 &out, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, out);
}

/* GET /api/v1/meters/months?from=YYYY-MM&to=YYYY-MM: every meter's monthly values. */
int api_meters_months(struct http_req *r, struct http_resp *resp)
{
	const char *from_s = req_query(r, "from"), *to_s = req_query(r, "to");
	const struct factor_lib *lib;
	struct gp_err err;
	int from, to;
	json_t *out;

	if (!from_s || !to_s)
		return resp_error(resp, 400, NULL, "expected ?from=YYYY-MM&to=YYYY-MM");
	if (period_parse(from_s, &from, &err) != GP_OK || period_parse(to_s, &to, &err) != GP_OK)
		return resp_error(resp, 400, NULL, "from/to: %s", err.msg);
	if (!(lib = req_factors(r, &err)) ||
	    meter_months_report(r->h, lib, from, to,
				r->user->role == ROLE_ENTERPRISE ? r->user->enterprise_id : 0, &out,
				&err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, out);
}

/* GET /api/v1/meters/totals?from=YYYY-MM-DD&to=YYYY-MM-DD[&step=day|month]: the park's
 * totals by item (an enterprise user: its own enterprise's). */
int api_meters_totals(struct http_req *r, struct http_resp *resp)
{
	const char *from_s = req_query(r, "from"), *to_s = req_query(r, "to"),
		   *step_s = req_query(r, "step");
	enum totals_step step = TOTALS_DAY;
	const struct factor_lib *lib;
	struct gp_err err;
	long from, to;
	json_t *out;

	if (!from_s || !to_s)
		return resp_error(resp, 400, NULL,
				  "expected ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive) and "
				  "&step=day|month");
	if (date_parse("from", from_s, &from, &err) != GP_OK ||
	    date_parse("to", to_s, &to, &err) != GP_OK ||
	    (step_s && totals_step_parse(step_s, &step, &err) != GP_OK))
		return resp_error(resp, 400, NULL, "%s", err.msg);
	if (!(lib = req_factors(r, &err)) ||
	    meter_totals_report(r->h, lib, from, to, step,
				r->user->role == ROLE_ENTERPRISE ? r->user->enterprise_id : 0,
				r->user->uscc, &out, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, out);
}

int api_meters_quality(struct http_req *r, struct http_resp *resp)
{
	struct meter *list;
	struct park park;
	struct gp_err err;
	size_t n;
	int year = 0;
	json_t *a;
	int64_t only = r->user->role == ROLE_ENTERPRISE ? r->user->enterprise_id : 0;

	if (!req_query(r, "year"))
		return resp_error(resp, 400, NULL, "expected ?year=YYYY");
	if (!req_year(r, resp, &year))
		return 0;
	if (r->h->ops->park_get(r->h->st, &park, &err) != GP_OK ||
	    r->h->ops->meters->meter_list(r->h->st, only, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	a = json_array();
	for (size_t i = 0; i < n; i++)
		if (readings_quality(r->h, &list[i], year, park_utc_offset(&park), a, &err) !=
		    GP_OK) {
			free(list);
			json_decref(a);
			return resp_from_err(resp, &err);
		}
	free(list);
	return resp_page(r, resp, a);
}

int api_meter_series(struct http_req *r, struct http_resp *resp)
{
	const char *from_s = req_query(r, "from"), *to_s = req_query(r, "to"),
		   *step_s = req_query(r, "step");
	enum series_step step = STEP_RAW;
	const struct factor_lib *lib;
	struct park park;
	struct meter m;
	struct gp_err err;
	int64_t from, to;
	json_t *o;
	int k;

	if (!from_s || !to_s)
		return resp_error(
		    resp, 400, NULL,
		    "expected ?from=…&to=… (RFC 3339 with an offset, or Unix seconds) "
		    "and &step=raw|hour|day|month");
	if (time_parse("from", from_s, &from, &err) != GP_OK ||
	    time_parse("to", to_s, &to, &err) != GP_OK ||
	    (step_s && series_step_parse(step_s, &step, &err) != GP_OK))
		return resp_error(resp, 400, NULL, "%s", err.msg);
	if (r->h->ops->meters->meter_find(r->h->st, r->params[0], &m, &err) != GP_OK)
		return resp_from_err(resp, &err);
	if (!may_see(r, &m))
		return resp_error(resp, 404, NULL, "no meter '%s' (see 'greenpark meter list')",
				  r->params[0]);
	if (!(lib = req_factors(r, &err)) || r->h->ops->park_get(r->h->st, &park, &err) != GP_OK)
		return resp_from_err(resp, &err);
	k = factors_item_index(lib, m.item);
	if (readings_series(r->h, &m, k >= 0 ? lib->items[k].unit : "", from, to, step,
			    park_utc_offset(&park), SERIES_MAX_POINTS, &o, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, o);
}

struct write_ctx {
	struct http_req *r;
	bool csv; /* text/csv: meter,ts,value; else line protocol */
	struct meter_index *meters;
	struct reading *pts;
	size_t n, cap;
	json_t *rejected;
	long nrejected;
};

static void reject(struct write_ctx *c, long line, const char *msg)
{
	char reason[INGEST_REASON_MAX];

	str_fmt(reason, sizeof(reason), "POST /write line %ld: %s", line, msg);
	ingest_stats_reason("http", reason);
	c->nrejected++;
	if (json_array_size(c->rejected) < WRITE_MAX_REJECTED)
		json_array_append_new(c->rejected,
				      json_pack("{s:i, s:s}", "line", (int)line, "message", msg));
}

static void accept_point(struct write_ctx *c, long line, const char *code, int64_t ts, double v)
{
	const struct meter *m = meter_index_by_code(c->meters, code);
	char msg[160];

	if (!m) {
		str_fmt(msg, sizeof(msg), "meter '%.80s' does not exist", code);
		reject(c, line, msg);
		return;
	}
	if (m->kind == METER_VIRTUAL) {
		str_fmt(msg, sizeof(msg), "meter '%.80s' is virtual: it takes no readings", code);
		reject(c, line, msg);
		return;
	}
	if (!may_see(c->r, m)) {
		str_fmt(msg, sizeof(msg), "meter '%.80s' belongs to another enterprise", code);
		reject(c, line, msg);
		return;
	}
	if (c->n >= WRITE_MAX_POINTS) {
		str_fmt(msg, sizeof(msg), "more than %d points in one request", WRITE_MAX_POINTS);
		reject(c, line, msg);
		return;
	}
	XGROW(c->pts, c->n + 1, c->cap);
	c->pts[c->n++] = (struct reading){ts, v, (int32_t)m->id, 0};
}

/* One line of the body: line protocol, or a CSV record meter,ts,value (the header skipped). */
static void write_line(void *arg, long line, char *text)
{
	struct write_ctx *c = arg;
	struct gp_err err;

	if (c->csv) {
		char *f1 = strchr(text, ','), *f2 = f1 ? strchr(f1 + 1, ',') : NULL;
		int64_t ts;
		double v;
		if (!f1 || !f2 || strchr(f2 + 1, ',')) {
			reject(c, line, "expected meter,ts,value");
			return;
		}
		*f1 = *f2 = '\0';
		if (line == 1 && strcmp(text, "meter") == 0)
			return; /* the header */
		if (time_parse("ts", str_trim(f1 + 1), &ts, &err) != GP_OK) {
			reject(c, line, err.msg);
			return;
		}
		if (!num_parse_double(str_trim(f2 + 1), &v)) {
			reject(c, line, "value is not a number");
			return;
		}
		accept_point(c, line, str_trim(text), ts, v);
	} else {
		struct lp_point p;
		if (lp_parse(text, &p, &err) != GP_OK) {
			reject(c, line, err.msg);
			return;
		}
		accept_point(c, line, p.meter, p.ts, p.value);
	}
}

int api_write(struct http_req *r, struct http_resp *resp)
{
	struct write_ctx c = {
	    r, strcmp(r->content_type, "text/csv") == 0, NULL, NULL, 0, 0, json_array(), 0};
	struct readings_stats st = {0, 0, 0, 0};
	struct gp_err err;
	char *body;
	long line = 0;
	int rc = GP_OK;

	if ((rc = meter_index_get(r->h, &c.meters, &err)) != GP_OK)
		goto out;
	body = xstrdup(r->body ? r->body : "");
	line = str_each_line(body, write_line, &c);
	free(body);
	if (c.n)
		rc = readings_commit(r->h, c.pts, c.n, r->actor, "POST /write", &st, &err);
out:
	ingest_stats_count("http", 1, rc == GP_OK ? (long long)c.n : 0,
			   c.nrejected + (rc == GP_OK ? 0 : (long long)c.n));
	meter_index_put(c.meters);
	free(c.pts);
	if (rc != GP_OK) {
		json_decref(c.rejected);
		return resp_from_err(resp, &err);
	}
	if (c.nrejected)
		return resp_error(
		    resp, 400, c.rejected,
		    "partial write: %lld points written, %ld lines rejected (listed, at "
		    "most %d)",
		    st.points, c.nrejected, WRITE_MAX_REJECTED);
	json_decref(c.rejected);
	return resp_json(
	    resp, 200,
	    json_pack("{s:I, s:I}", "written", (json_int_t)st.points, "lines", (json_int_t)line));
}

/* What each ingest source (MQTT, POST /write) has taken in since the server started. */
int api_ingest_status(struct http_req *r, struct http_resp *resp)
{
	struct write_queue_stats q;
	json_t *o = ingest_stats_json();

	(void)r;
	write_queue_stats(&q);
	json_object_set_new(o, "group_commit",
			    json_pack("{s:I, s:I, s:I}", "groups", (json_int_t)q.groups, "writers",
				      (json_int_t)q.writers, "max_group", (json_int_t)q.max_group));
	json_object_set_new(o, "log",
			    json_pack("{s:I, s:I, s:I, s:s}", "pending", (json_int_t)q.pending,
				      "settles", (json_int_t)q.settles, "settled",
				      (json_int_t)q.settled, "last_error", q.last_error));
	return resp_json(resp, 200, o);
}
