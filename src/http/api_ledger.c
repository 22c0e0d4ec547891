/* api_ledger.c — ledger writes over HTTP: one record, or a CSV upload, both through
 * the same import as the CLI (all-or-nothing, every bad row reported). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "ingest/import.h"
#include "util/str.h"

#define UPLOAD_MAX_DETAILS 1000

struct collect {
	json_t *details;
	long shown;
};

/* "upload.csv:LINE: text" → {"line": LINE, "message": text} */
static void collect_error(void *arg, const char *msg)
{
	struct collect *c = arg;
	const char *p = strchr(msg, ':');
	json_t *o;
	long line = 0;

	if (c->shown >= UPLOAD_MAX_DETAILS)
		return;
	c->shown++;
	o = json_object();
	if (p && p[1] >= '0' && p[1] <= '9') {
		char *end;
		line = strtol(p + 1, &end, 10);
		if (*end == ':')
			p = end + 1;
		while (*p == ' ')
			p++;
	} else if (p) {
		p++;
		while (*p == ' ')
			p++;
	} else {
		p = msg;
	}
	json_object_set_new(o, "line", line ? json_integer(line) : json_null());
	json_object_set_new(o, "message", json_string(p));
	json_array_append_new(c->details, o);
}

/* Imports CSV text as a ledger batch for the request's user. */
static int import_csv(struct http_req *r, struct http_resp *resp, const char *csv, size_t len,
		      const char *name, struct import_result *res)
{
	struct collect c = {json_array(), 0};
	struct import_report rep = {collect_error, NULL, NULL, &c, 0, NULL};
	struct csv_reader *rd;
	const struct factor_lib *lib;
	struct gp_err err;
	int rc;

	if (r->user->role == ROLE_ENTERPRISE)
		rep.only_uscc = r->user->uscc;
	if (!(lib = req_factors(r, &err))) {
		json_decref(c.details);
		return resp_from_err(resp, &err), -1;
	}
	csv_open_mem(&rd, csv, len, name);
	rc = import_activity(r->h, lib, rd, r->actor, &rep, res, &err);
	csv_close(rd);
	if (rc == GP_EINPUT && rep.errors) {
		resp_error(resp, 400, c.details,
			   "%ld bad row%s; nothing was stored (导入被拒绝，未写入任何数据)",
			   rep.errors, rep.errors == 1 ? "" : "s");
		return -1;
	}
	json_decref(c.details);
	if (rc != GP_OK)
		return resp_from_err(resp, &err), -1;
	return 0;
}

/* A field that can stand in quotes in a CSV row: no quote, no control character. */
static bool plain(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

int api_activity_write(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *o;
	const char *uscc, *period, *item, *unit;
	double quantity;
	struct import_result res;
	struct buf csv;
	int rc;

	if (!body)
		return 0;
	if (json_unpack(body, "{s:s, s:s, s:s, s:F, s:s}", "uscc", &uscc, "period", &period, "item",
			&item, "quantity", &quantity, "unit", &unit) != 0) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"uscc\", \"period\": \"YYYY-MM\", \"item\", "
				  "\"quantity\": number, \"unit\"}");
	}
	/* one row of the activity CSV: the same validation as a file */
	buf_init(&csv, 4096);
	rc = buf_addf(&csv, "uscc,period,item,quantity,unit\n\"%s\",\"%s\",\"%s\",%.17g,\"%s\"\n",
		      uscc, period, item, quantity, unit);
	if (rc != GP_OK || !plain(uscc) || !plain(period) || !plain(item) || !plain(unit)) {
		json_decref(body);
		buf_release(&csv);
		return resp_error(resp, 400, NULL,
				  "fields must be short text without quotes or line breaks");
	}
	json_decref(body); /* the strings above pointed into it */
	rc = import_csv(r, resp, csv.data, csv.len, "record", &res);
	buf_release(&csv);
	if (rc != 0)
		return 0;
	o = json_object();
	json_object_set_new(o, "result",
			    json_string(res.stats.inserted   ? "inserted"
					: res.stats.replaced ? "replaced"
							     : "unchanged"));
	json_object_set_new(o, "batch", json_integer(res.batch_id));
	return resp_json(resp, 200, o);
}

int api_activity_upload(struct http_req *r, struct http_resp *resp)
{
	struct import_result res;
	json_t *o;

	if (import_csv(r, resp, r->body, r->body_len, "upload.csv", &res) != 0)
		return 0;
	o = json_object();
	json_object_set_new(o, "rows", json_integer(res.rows));
	json_object_set_new(o, "inserted", json_integer(res.stats.inserted));
	json_object_set_new(o, "replaced", json_integer(res.stats.replaced));
	json_object_set_new(o, "unchanged", json_integer(res.stats.unchanged));
	json_object_set_new(o, "batch", json_integer(res.batch_id));
	return resp_json(resp, 200, o);
}
