/* api_targets.c — targets over HTTP: the check (required vs actual path, contributions),
 * adding and removing. Park staff only (the router decides). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/targets.h"
#include "http/http.h"
#include "report/targets.h"
#include "util/str.h"

int api_targets(struct http_req *r, struct http_resp *resp)
{
	enum account_method method;
	const struct factor_lib *lib;
	struct gp_err err;
	int years[64], year = 0;
	size_t ny = 0;
	json_t *o;

	if (!req_method(r, resp, &method))
		return 0;
	if (!req_query(r, "year")) {
		if (r->h->ops->activity_years(r->h->st, years, 64, &ny, &err) != GP_OK)
			return resp_from_err(resp, &err);
		year = ny ? years[ny - 1] : 2024;
	} else if (!req_year(r, resp, &year)) {
		return 0;
	}
	if (!(lib = req_factors(r, &err)) ||
	    targets_check(r->h, lib, year, method, &o, &err) != GP_OK)
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, o);
}

int api_target_add(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *o;
	const char *metric = NULL, *path = NULL, *uscc = NULL, *note = "";
	json_int_t base = 0, target_year = 0;
	double amount = NAN;
	struct target t;
	struct gp_err err;
	int64_t id;

	if (!body)
		return 0;
	memset(&t, 0, sizeof(t));
	if (json_unpack(body, "{s:s, s:s, s:I, s?I, s:F, s?s, s?s}", "metric", &metric, "path",
			&path, "base_year", &base, "target_year", &target_year, "amount", &amount,
			"enterprise", &uscc, "note", &note) != 0 ||
	    !str_copy(t.metric, sizeof(t.metric), metric) ||
	    !str_copy(t.note, sizeof(t.note), note) || target_path_parse(path, &t.path) != GP_OK ||
	    base < 1990 || base > 2100 || target_year < 0 || target_year > 2100) {
		json_decref(body);
		return resp_error(
		    resp, 400, NULL,
		    "expected {\"metric\", \"path\": rate|reach|multiple, \"base_year\", "
		    "\"target_year\"?, \"amount\", \"enterprise\"?, \"note\"?}");
	}
	t.base_year = (int)base;
	t.target_year = (int)target_year;
	t.amount = amount;
	if (uscc) {
		struct enterprise e;
		if (uscc_normalize(uscc, t.uscc, &err) != GP_OK) {
			json_decref(body);
			return resp_error(resp, 400, NULL, "%s", err.msg);
		}
		if (r->h->ops->enterprise_find(r->h->st, t.uscc, &e, &err) != GP_OK) {
			json_decref(body);
			return resp_from_err(resp, &err);
		}
		t.enterprise_id = e.id;
	}
	json_decref(body); /* every string was copied above */
	if (target_validate(&t, &err) != GP_OK)
		return resp_error(resp, 400, NULL, "%s", err.msg);
	if (r->h->ops->target_add(r->h->st, &t, r->actor, &id, &err) != GP_OK)
		return resp_from_err(resp, &err);
	o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	return resp_json(resp, 201, o);
}

int api_target_remove(struct http_req *r, struct http_resp *resp)
{
	struct gp_err err;
	char *end;
	long long id = strtoll(r->params[0], &end, 10);

	if (*end || id < 1)
		return resp_error(resp, 400, NULL, "target id '%s' is not a number", r->params[0]);
	if (r->h->ops->target_remove(r->h->st, id, r->actor, &err) != GP_OK)
		return resp_from_err(resp, &err);
	resp->status = 204;
	return 0;
}
