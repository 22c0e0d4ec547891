/* api_registry.c — the park, sub-parks, platforms and enterprises. */
#include <stdlib.h>
#include <string.h>

#include "report/evaluation.h"
#include "core/period.h"
#include "http/http.h"
#include "report/json.h"
#include "util/str.h"

int api_park(struct http_req *r, struct http_resp *resp)
{
	struct park p;
	struct gp_err err;
	int years[64];
	size_t ny;
	json_t *o, *ys;

	if (r->h->ops->park_get(r->h->st, &p, &err) != GP_OK ||
	    r->h->ops->activity_years(r->h->st, years, 64, &ny, &err) != GP_OK)
		return resp_from_err(resp, &err);
	o = json_object();
	ys = json_array();
	json_object_set_new(o, "name", json_string(p.name));
	json_object_set_new(o, "region", json_string(p.region));
	json_object_set_new(o, "grid", json_string(p.grid));
	json_object_set_new(o, "land_km2", json_real(p.land_km2));
	json_object_set_new(o, "timezone", json_string(p.timezone));
	json_object_set_new(o, "sample", json_boolean(p.sample));
	for (size_t i = 0; i < ny; i++)
		json_array_append_new(ys, json_integer(years[i]));
	json_object_set_new(o, "years", ys);
	return resp_json(resp, 200, o);
}

int api_subparks(struct http_req *r, struct http_resp *resp)
{
	struct subpark *list;
	struct gp_err err;
	size_t n;
	json_t *items;

	if (r->h->ops->subpark_list(r->h->st, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_object();
		json_object_set_new(it, "name", json_string(list[i].name));
		json_object_set_new(it, "enterprises", json_integer(list[i].enterprises));
		json_array_append_new(items, it);
	}
	free(list);
	return resp_page(r, resp, items);
}

int api_platforms(struct http_req *r, struct http_resp *resp)
{
	struct platform *list;
	struct gp_err err;
	const char *level = req_query(r, "level"), *kind = req_query(r, "kind");
	size_t n;
	json_t *items;

	if (r->h->ops->platform_list(r->h->st, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *it;
		if ((level && strcmp(level, platform_level_name(list[i].level)) != 0) ||
		    (kind && strcmp(kind, platform_kind_name(list[i].kind)) != 0))
			continue;
		it = json_object();
		json_object_set_new(it, "name", json_string(list[i].name));
		json_object_set_new(it, "level", json_string(platform_level_name(list[i].level)));
		json_object_set_new(it, "kind", json_string(platform_kind_name(list[i].kind)));
		json_object_set_new(it, "uscc",
				    list[i].uscc[0] ? json_string(list[i].uscc) : json_null());
		json_object_set_new(it, "year", json_integer(list[i].year));
		json_array_append_new(items, it);
	}
	free(list);
	return resp_page(r, resp, items);
}

static json_t *enterprise_json(const struct enterprise *e, bool names_only)
{
	json_t *o = json_object();

	json_object_set_new(o, "uscc", json_string(e->uscc));
	json_object_set_new(o, "name", json_string(e->name));
	if (names_only)
		return o;
	json_object_set_new(o, "subpark", e->subpark[0] ? json_string(e->subpark) : json_null());
	json_object_set_new(o, "industry_code", json_string(e->industry_code));
	json_object_set_new(o, "leading_industry", json_string(leading_industry_name(e->leading)));
	json_object_set_new(o, "high_tech", json_boolean(e->high_tech));
	json_object_set_new(o, "srdi", json_boolean(e->srdi));
	json_object_set_new(o, "employees", json_integer(e->employees));
	json_object_set_new(o, "land_m2", json_real(e->land_m2));
	return o;
}

static bool query_bool(const struct http_req *r, const char *key, int *out, struct http_resp *resp)
{
	const char *v = req_query(r, key);

	*out = -1;
	if (!v)
		return true;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return resp_error(resp, 400, NULL, "%s '%s' is not true or false", key, v), false;
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct enterprise *)a)->name, ((const struct enterprise *)b)->name);
}

static int cmp_uscc(const void *a, const void *b)
{
	return strcmp(((const struct enterprise *)a)->uscc, ((const struct enterprise *)b)->uscc);
}

static int cmp_employees(const void *a, const void *b)
{
	int64_t x = ((const struct enterprise *)a)->employees,
		y = ((const struct enterprise *)b)->employees;
	return (x > y) - (x < y);
}

int api_enterprises(struct http_req *r, struct http_resp *resp)
{
	struct enterprise_filter f = {NULL, NULL, -1, -1, -1};
	struct enterprise *list;
	struct gp_err err;
	const char *leading = req_query(r, "leading"), *q = req_query(r, "q"),
		   *sort = req_query(r, "sort");
	size_t n, kept = 0;
	bool names_only = r->user->role == ROLE_BANK, desc = false;
	json_t *items;

	f.subpark = req_query(r, "subpark");
	f.industry = req_query(r, "industry");
	if (leading) {
		enum leading_industry l;
		if (leading_industry_parse(leading, &l, &err) != GP_OK)
			return resp_error(resp, 400, NULL, "%s", err.msg);
		f.leading = (int)l;
	}
	if (!query_bool(r, "high_tech", &f.high_tech, resp) ||
	    !query_bool(r, "srdi", &f.srdi, resp))
		return 0;
	if (sort && sort[0] == '-') {
		desc = true;
		sort++;
	}
	if (sort && strcmp(sort, "name") && strcmp(sort, "uscc") && strcmp(sort, "employees"))
		return resp_error(
		    resp, 400, NULL,
		    "sort '%s' is not name, uscc or employees (prefix - for descending)", sort);
	if (r->h->ops->enterprise_list(r->h->st, &f, &list, &n, &err) != GP_OK)
		return resp_from_err(resp, &err);
	for (size_t i = 0; i < n; i++) {
		/* an enterprise user sees itself only: filtered here, decided in core/auth.c */
		if (r->user->role == ROLE_ENTERPRISE && strcmp(list[i].uscc, r->user->uscc) != 0)
			continue;
		if (q && !strstr(list[i].name, q) && !strstr(list[i].uscc, q))
			continue;
		list[kept++] = list[i];
	}
	if (sort)
		qsort(list, kept, sizeof(*list),
		      strcmp(sort, "name") == 0   ? cmp_name
		      : strcmp(sort, "uscc") == 0 ? cmp_uscc
						  : cmp_employees);
	if (desc)
		for (size_t i = 0; i < kept / 2; i++) {
			struct enterprise t = list[i];
			list[i] = list[kept - 1 - i];
			list[kept - 1 - i] = t;
		}
	items = json_array();
	for (size_t i = 0; i < kept; i++)
		json_array_append_new(items, enterprise_json(&list[i], names_only));
	free(list);
	return resp_page(r, resp, items);
}

/* The enterprise named in the path; fills resp (404/400) when there is none. */
static bool path_enterprise(struct http_req *r, struct http_resp *resp, struct enterprise *e)
{
	char uscc[USCC_LEN + 1];
	struct gp_err err;

	if (uscc_normalize(r->params[0], uscc, &err) != GP_OK)
		return resp_error(resp, 400, NULL, "%s", err.msg), false;
	if (r->h->ops->enterprise_find(r->h->st, uscc, e, &err) != GP_OK)
		return resp_from_err(resp, &err), false;
	return true;
}

int api_enterprise(struct http_req *r, struct http_resp *resp)
{
	struct enterprise e;

	if (!path_enterprise(r, resp, &e))
		return 0;
	return resp_json(resp, 200, enterprise_json(&e, false));
}

struct activity_ctx {
	json_t *items;
	const struct factor_lib *lib;
	const int *index_of_id;
};

static void add_activity(void *arg, const struct activity_row *row)
{
	struct activity_ctx *c = arg;
	json_t *o = json_object();
	char period[8];
	int idx = c->index_of_id[row->item_id];

	period_format(row->period, period);
	json_object_set_new(o, "period", json_string(period));
	json_object_set_new(o, "item", json_string(idx >= 0 ? c->lib->items[idx].code : "?"));
	json_object_set_new(o, "quantity", json_real(row->quantity));
	json_object_set_new(o, "unit", json_string(idx >= 0 ? c->lib->items[idx].unit : "?"));
	json_array_append_new(c->items, o);
}

int api_enterprise_activity(struct http_req *r, struct http_resp *resp)
{
	struct enterprise e;
	const struct factor_lib *lib;
	struct gp_err err;
	struct activity_filter f = {0, 0, 0};
	int *index_of_id;
	struct activity_ctx c;
	json_t *o;
	int rc;

	if (!path_enterprise(r, resp, &e) || !req_year(r, resp, &f.year))
		return 0;
	if (!(lib = req_factors(r, &err)))
		return resp_from_err(resp, &err);
	index_of_id = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	store_item_index(lib, index_of_id);
	f.enterprise_id = e.id;
	c.items = json_array();
	c.lib = lib;
	c.index_of_id = index_of_id;
	rc = r->h->ops->activity_list(r->h->st, &f, add_activity, &c, &err);
	free(index_of_id);
	if (rc != GP_OK) {
		json_decref(c.items);
		return resp_from_err(resp, &err);
	}
	o = json_object();
	json_object_set_new(o, "uscc", json_string(e.uscc));
	json_object_set_new(o, "year", f.year ? json_integer(f.year) : json_null());
	json_object_set_new(o, "items", c.items);
	return resp_json(resp, 200, o);
}

/* POST /api/v1/park/attributes {"year", "code", "value", "source"?}: a yearly park
 * attribute an indicator reads as attr(CODE); value is a number or yes/no. */
int api_attribute_set(struct http_req *r, struct http_resp *resp)
{
	json_t *body = req_json_body(r, resp), *jv;
	const char *code = NULL, *source = "";
	char code_buf[32], source_buf[512];
	json_int_t year = 0;
	double value;
	struct gp_err err;
	json_t *o;

	if (!body)
		return 0;
	if (json_unpack(body, "{s:I, s:s, s:o, s?s}", "year", &year, "code", &code, "value", &jv,
			"source", &source) != 0 ||
	    year < 1990 || year > 2100 || strlen(code) >= sizeof(code_buf) ||
	    strlen(source) >= sizeof(source_buf)) {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "expected {\"year\": 1990-2100, \"code\", \"value\": number or "
				  "\"yes\"/\"no\", \"source\"?}");
	}
	if (json_is_number(jv))
		value = json_number_value(jv);
	else if (json_is_string(jv) && (strcmp(json_string_value(jv), "yes") == 0 ||
					strcmp(json_string_value(jv), "complete") == 0))
		value = 1;
	else if (json_is_string(jv) && (strcmp(json_string_value(jv), "no") == 0 ||
					strcmp(json_string_value(jv), "incomplete") == 0))
		value = 0;
	else {
		json_decref(body);
		return resp_error(resp, 400, NULL,
				  "value must be a number, yes/no or complete/incomplete");
	}
	str_copy(code_buf, sizeof(code_buf), code);
	str_copy(source_buf, sizeof(source_buf), source);
	json_decref(body);
	if (attribute_check(r->h, code_buf, value, &err) != GP_OK)
		return resp_from_err(resp, &err);
	if (r->h->ops->attribute_set(r->h->st, (int)year, code_buf, value, source_buf, r->actor,
				     &err) != GP_OK)
		return resp_from_err(resp, &err);
	o = json_object();
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "code", json_string(code_buf));
	json_object_set_new(o, "value", json_real(value));
	return resp_json(resp, 200, o);
}
