/* api_analysis.c — accounting, the park summary, factors, rankings, monthly series
 * with 同比/环比, and the energy flow. Computation is core's (account_compute); this
 * file gathers the quantities from the store and shapes the JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/period.h"
#include "http/http.h"
#include "report/energyflow.h"
#include "report/evaluation.h"
#include "report/json.h"
#include "report/rankings.h"
#include "util/str.h"

/* What most analysis endpoints start from. */
struct ctx {
	struct park park;
	const struct factor_lib *lib; /* the thread's cache: not released here */
	int year;
	enum account_method method;
	struct scope scope;
	char scope_name[300];
	const char *scope_kind;
};

static void ctx_release(struct ctx *c)
{
	c->lib = NULL;
}

/* Year (default: the latest year with data), method, scope (?enterprise / ?subpark),
 * the park and the factor library. Fills resp and returns false on error. */
static bool ctx_load(struct http_req *r, struct http_resp *resp, struct ctx *c, bool scoped)
{
	struct gp_err err;
	const char *ent = scoped ? req_query(r, "enterprise") : NULL;
	const char *sub = scoped ? req_query(r, "subpark") : NULL;
	int years[64];
	size_t ny = 0;

	memset(c, 0, sizeof(*c));
	c->scope.kind = SCOPE_PARK;
	c->scope_kind = "park";
	str_copy(c->scope_name, sizeof(c->scope_name), "park");
	/* no year asked for: the latest with data */
	if (!req_query(r, "year")) {
		if (r->h->ops->activity_years(r->h->st, years, 64, &ny, &err) != GP_OK)
			return resp_from_err(resp, &err), false;
		c->year = ny ? years[ny - 1] : 2024;
	}
	if (!req_year(r, resp, &c->year) || !req_method(r, resp, &c->method))
		return false;
	if (ent && sub)
		return resp_error(resp, 400, NULL, "give enterprise or subpark, not both"), false;
	if (r->h->ops->park_get(r->h->st, &c->park, &err) != GP_OK)
		return resp_from_err(resp, &err), false;
	if (ent) {
		struct enterprise e;
		char uscc[USCC_LEN + 1];
		if (uscc_normalize(ent, uscc, &err) != GP_OK)
			return resp_error(resp, 400, NULL, "%s", err.msg), false;
		if (r->h->ops->enterprise_find(r->h->st, uscc, &e, &err) != GP_OK)
			return resp_from_err(resp, &err), false;
		c->scope.kind = SCOPE_ENTERPRISE;
		c->scope.id = e.id;
		c->scope_kind = "enterprise";
		str_copy(c->scope_name, sizeof(c->scope_name), e.uscc);
	} else if (sub) {
		if (r->h->ops->subpark_find(r->h->st, sub, &c->scope.id, &err) != GP_OK)
			return resp_from_err(resp, &err), false;
		c->scope.kind = SCOPE_SUBPARK;
		c->scope_kind = "subpark";
		str_copy(c->scope_name, sizeof(c->scope_name), sub);
	}
	if (!(c->lib = req_factors(r, &err)))
		return resp_from_err(resp, &err), false;
	return true;
}

/* The account of the context's scope and year. */
static bool ctx_account(struct http_req *r, struct http_resp *resp, struct ctx *c,
			struct account_result *res)
{
	double *q = xcalloc(c->lib->nitems ? c->lib->nitems : 1, sizeof(double));
	struct account_input in;
	struct gp_err err;
	int rc;

	rc = store_year_quantities(r->h, c->lib, c->year, &c->scope, q, &err);
	if (rc == GP_OK) {
		in.year = c->year;
		in.method = c->method;
		in.grid = c->park.grid;
		in.q = q;
		rc = account_compute(c->lib, &in, res, &err);
	}
	free(q);
	if (rc != GP_OK)
		return resp_from_err(resp, &err), false;
	return true;
}

int api_accounting(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	struct account_result res;

	if (!ctx_load(r, resp, &c, true))
		return ctx_release(&c), 0;
	if (ctx_account(r, resp, &c, &res)) {
		resp_json(resp, 200,
			  account_to_json(c.lib, &res, c.scope_name, c.scope_kind, c.park.grid));
		account_result_release(&res);
	}
	ctx_release(&c);
	return 0;
}

int api_park_summary(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	struct account_result res;
	struct enterprise *ents;
	struct platform *plats;
	struct enterprise_summary sum;
	struct gp_err err;
	size_t ne, np, rd = 0, innov = 0, by_level[LEVEL_COUNT] = {0};
	json_t *o, *lv;

	if (!ctx_load(r, resp, &c, false))
		return ctx_release(&c), 0;
	if (r->h->ops->enterprise_list(r->h->st, NULL, &ents, &ne, &err) != GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	enterprise_summarize(ents, ne, &sum);
	free(ents);
	if (r->h->ops->platform_list(r->h->st, &plats, &np, &err) != GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	for (size_t i = 0; i < np; i++) {
		if (plats[i].kind == PLATFORM_RD)
			rd++;
		else
			innov++;
		by_level[plats[i].level]++;
	}
	free(plats);
	if (!ctx_account(r, resp, &c, &res))
		return ctx_release(&c), 0;
	/* the account's keys, then the registry's counts */
	o = account_to_json(c.lib, &res, "park", "park", c.park.grid);
	json_object_set_new(o, "park", json_string(c.park.name));
	json_object_set_new(o, "sample", json_boolean(c.park.sample));
	json_object_set_new(o, "enterprises", json_integer((json_int_t)sum.count));
	json_object_set_new(o, "high_tech", json_integer((json_int_t)sum.high_tech));
	json_object_set_new(o, "high_tech_share", json_number_or_null(sum.high_tech_share));
	json_object_set_new(o, "srdi", json_integer((json_int_t)sum.srdi));
	json_object_set_new(o, "srdi_share", json_number_or_null(sum.srdi_share));
	json_object_set_new(o, "rd_platforms", json_integer((json_int_t)rd));
	json_object_set_new(o, "innovation_platforms", json_integer((json_int_t)innov));
	lv = json_object();
	for (int l = 0; l < LEVEL_COUNT; l++)
		json_object_set_new(lv, platform_level_name((enum platform_level)l),
				    json_integer((json_int_t)by_level[l]));
	json_object_set_new(o, "platforms_by_level", lv);
	account_result_release(&res);
	ctx_release(&c);
	return resp_json(resp, 200, o);
}

int api_factors(struct http_req *r, struct http_resp *resp)
{
	const struct factor_lib *lib;
	struct gp_err err;
	const char *kind = req_query(r, "kind");
	int year = 0;

	if (!req_year(r, resp, &year))
		return 0;
	if (kind && strcmp(kind, "item") && strcmp(kind, "grid") && strcmp(kind, "equivalent") &&
	    strcmp(kind, "override"))
		return resp_error(resp, 400, NULL,
				  "kind '%s' is not item, grid, equivalent or override", kind);
	if (!(lib = req_factors(r, &err)))
		return resp_from_err(resp, &err);
	return resp_json(resp, 200, factor_lib_to_json(lib, kind, year));
}

/* ---- rankings (computed by report/rankings.c) ---- */

int api_rankings(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	struct ranking rk;
	struct gp_err err;
	const char *by_s = req_query(r, "by"), *industry = req_query(r, "industry");
	enum rank_by by;
	long limit = 100;
	json_t *o, *items;

	if (!by_s)
		by_s = "co2";
	if (rank_by_parse(by_s, &by) != GP_OK)
		return resp_error(resp, 400, NULL,
				  "by '%s' is not co2, co2_per_wan_yuan, energy or growth", by_s);
	if (!req_long(r, resp, "limit", 1, 10000, &limit))
		return 0;
	if (!ctx_load(r, resp, &c, false))
		return ctx_release(&c), 0;
	if (ranking_compute(r->h, c.lib, c.year, c.method, c.park.grid, by, industry, &rk, &err) !=
	    GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	items = json_array();
	for (size_t i = 0; i < rk.n; i++) {
		const struct enterprise *e = rk.rows[i].ent;
		json_t *it;
		/* an enterprise user sees its own place and the count, not its peers */
		if (r->user->role == ROLE_ENTERPRISE ? strcmp(e->uscc, r->user->uscc) != 0
						     : (long)i >= limit)
			continue;
		it = json_object();
		json_object_set_new(it, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(it, "uscc", json_string(e->uscc));
		json_object_set_new(it, "name", json_string(e->name));
		json_object_set_new(it, "industry_code", json_string(e->industry_code));
		json_object_set_new(it, "value", json_number_or_null(rk.rows[i].value));
		json_array_append_new(items, it);
	}
	o = json_object();
	json_object_set_new(o, "by", json_string(by_s));
	json_object_set_new(o, "unit", json_string(rank_by_unit(by)));
	json_object_set_new(o, "year", json_integer(c.year));
	json_object_set_new(o, "method", json_string(account_method_name(c.method)));
	json_object_set_new(o, "total", json_integer((json_int_t)rk.n));
	json_object_set_new(o, "items", items);
	ranking_release(&rk);
	ctx_release(&c);
	return resp_json(resp, 200, o);
}

/* ---- monthly series ---- */

static json_t *change(double v, double base)
{
	return (isnan(v) || isnan(base) || base == 0) ? json_null() : json_real(v / base - 1);
}

int api_timeseries(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	const char *metric = req_query(r, "metric");
	struct gp_err err;
	double values[24], *mq;
	size_t nitems;
	int item = -1;
	const char *unit;
	json_t *o, *months;
	int rc;

	if (!metric)
		metric = "co2";
	if (!ctx_load(r, resp, &c, true))
		return ctx_release(&c), 0;
	if (strcmp(metric, "co2") == 0) {
		unit = "tCO2";
	} else if (strcmp(metric, "energy") == 0) {
		unit = "tce";
	} else if ((item = factors_item_index(c.lib, metric)) >= 0) {
		unit = c.lib->items[item].unit;
	} else {
		ctx_release(&c);
		return resp_error(resp, 400, NULL, "metric '%s' is not co2, energy or an item code",
				  metric);
	}
	/* the year and the year before, for 同比 */
	nitems = c.lib->nitems ? c.lib->nitems : 1;
	mq = xcalloc(24 * nitems, sizeof(double));
	rc = store_month_quantities(r->h, c.lib, (c.year - 1) * 100 + 1, 24, &c.scope, mq, NULL,
				    &err);
	for (int s = 0; rc == GP_OK && s < 24; s++) {
		const double *q = &mq[(size_t)s * nitems];
		bool any = false;
		for (size_t k = 0; k < c.lib->nitems; k++)
			/* cppcheck-suppress objectIndex */
			any |= q[k] != 0;
		values[s] = NAN;
		if (item >= 0) {
			/* cppcheck-suppress objectIndex */
			values[s] = any ? q[item] : NAN;
		} else if (any) {
			struct account_input in = {c.year - 1 + s / 12, c.method, c.park.grid, q};
			struct account_result res;
			rc = account_compute(c.lib, &in, &res, &err);
			if (rc == GP_OK) {
				values[s] = strcmp(metric, "co2") == 0 ? res.co2_t : res.energy_tce;
				account_result_release(&res);
			} else if (s < 12) {
				rc = GP_OK; /* the year before may lack factors: no 同比 then */
			}
		}
	}
	free(mq);
	if (rc != GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	months = json_array();
	for (int s = 12; s < 24; s++) {
		json_t *p = json_object();
		char period[8];
		period_format(c.year * 100 + (s - 11), period);
		json_object_set_new(p, "period", json_string(period));
		json_object_set_new(p, "value", json_number_or_null(values[s]));
		json_object_set_new(p, "yoy", change(values[s], values[s - 12]));
		json_object_set_new(p, "mom", change(values[s], values[s - 1]));
		json_array_append_new(months, p);
	}
	o = json_object();
	json_object_set_new(o, "metric", json_string(metric));
	json_object_set_new(o, "unit", json_string(unit));
	json_object_set_new(o, "year", json_integer(c.year));
	json_object_set_new(o, "method", json_string(account_method_name(c.method)));
	json_object_set_new(o, "scope", json_string(c.scope_name));
	json_object_set_new(o, "months", months);
	ctx_release(&c);
	return resp_json(resp, 200, o);
}

/* ---- energy flow: carriers → sub-parks → enterprises (tce, 当量值; report/energyflow.c) ---- */

static void add_link(json_t *links, const char *from, const char *to, double v)
{
	json_t *l;

	if (!(v > 0))
		return;
	l = json_object();
	json_object_set_new(l, "source", json_string(from));
	json_object_set_new(l, "target", json_string(to));
	json_object_set_new(l, "value", json_real(v));
	json_array_append_new(links, l);
}

static void add_node(json_t *nodes, const char *name, const char *kind)
{
	size_t i;
	json_t *n;

	json_array_foreach(nodes, i, n) if (strcmp(json_string_value(json_object_get(n, "name")),
						   name) == 0) return;
	n = json_object();
	json_object_set_new(n, "name", json_string(name));
	json_object_set_new(n, "kind", json_string(kind));
	json_array_append_new(nodes, n);
}

int api_energyflow(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	struct energyflow f;
	struct gp_err err;
	bool detail = r->user->role != ROLE_VIEWER;
	json_t *o, *nodes, *links;
	const char *none = "未分园区 no sub-park";

	if (!ctx_load(r, resp, &c, false))
		return ctx_release(&c), 0;
	if (energyflow_compute(r->h, c.lib, c.year, c.park.grid, &f, &err) != GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	nodes = json_array();
	links = json_array();
	for (size_t i = 0; detail && i < f.nflows; i++) {
		const char *sub = f.flows[i].sub < f.nsubs ? f.subs[f.flows[i].sub].name : none;
		add_node(nodes, sub, "subpark");
		add_node(nodes, f.flows[i].ent->name, "enterprise");
		add_link(links, sub, f.flows[i].ent->name, f.flows[i].tce);
	}
	for (size_t it = 0; it < f.nitems; it++)
		for (size_t s = 0; s <= f.nsubs; s++) {
			double v = f.carrier_sub[it * (f.nsubs + 1) + s];
			const char *sub = s < f.nsubs ? f.subs[s].name : none;
			if (!(v > 0))
				continue;
			add_node(nodes, c.lib->items[it].name_zh, "carrier");
			add_node(nodes, sub, "subpark");
			add_link(links, c.lib->items[it].name_zh, sub, v);
		}
	o = json_object();
	json_object_set_new(o, "year", json_integer(c.year));
	json_object_set_new(o, "unit", json_string("tce"));
	json_object_set_new(o, "basis", json_string("当量值 (calorific)"));
	json_object_set_new(o, "nodes", nodes);
	json_object_set_new(o, "links", links);
	energyflow_release(&f);
	ctx_release(&c);
	return resp_json(resp, 200, o);
}

/* ---- indicator evaluation ---- */

int api_evaluation(struct http_req *r, struct http_resp *resp)
{
	struct ctx c;
	struct evaluation ev;
	struct gp_err err;
	const char *standard = req_query(r, "standard");

	if (!standard)
		standard = "zcp2025";
	if (strcmp(standard, "zcp2025") && strcmp(standard, "miit2016"))
		return resp_error(resp, 400, NULL, "standard '%s' is not zcp2025 or miit2016",
				  standard);
	if (!ctx_load(r, resp, &c, true))
		return ctx_release(&c), 0;
	if (evaluation_run(r->h, c.lib, standard, c.year, &c.scope, c.scope_name, &ev, &err) !=
	    GP_OK) {
		ctx_release(&c);
		return resp_from_err(resp, &err);
	}
	{
		json_t *o = evaluation_to_json(&ev);
		const char *hist = req_query(r, "history");
		long base_year = 2025;
		if (!req_long(r, resp, "base_year", 1990, 2100, &base_year)) {
			json_decref(o);
			evaluation_release(&ev);
			ctx_release(&c);
			return 0;
		}
		if (hist && strcmp(hist, "1") == 0) {
			/* the last three years side by side and the base year (2025 by the notice)
			 */
			int years[4] = {c.year - 2, c.year - 1, c.year, (int)base_year};
			json_t *arr = evaluation_years_json(r->h, c.lib, standard, &years[3], 1,
							    &c.scope, c.scope_name);
			json_object_set_new(o, "history",
					    evaluation_years_json(r->h, c.lib, standard, years, 3,
								  &c.scope, c.scope_name));
			json_object_set_new(o, "base_year", json_incref(json_array_get(arr, 0)));
			json_decref(arr);
		}
		/* a viewer sees no per-enterprise figure: the partial reporters become counts */
		if (r->user->role == ROLE_VIEWER) {
			size_t i;
			json_t *item;
			json_array_foreach(json_object_get(o, "completeness"), i, item)
			{
				json_object_set_new(item, "partial_enterprises",
						    json_integer((json_int_t)json_array_size(
							json_object_get(item, "partial"))));
				json_object_del(item, "partial");
			}
		}
		resp_json(resp, 200, o);
	}
	evaluation_release(&ev);
	ctx_release(&c);
	return 0;
}
