/* targets.c — the ledger side of targets: metric values by year for the park or an
 * enterprise (through account_compute), and per-enterprise contributions. */
#include "report/targets.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/targets.h"
#include "report/json.h"
#include "util/str.h"

#define MAX_PATH_YEARS 40

/* The metric from an account (and the ledger sums behind it). */
static double metric_of(const struct factor_lib *lib, const struct account_result *r,
			const double *q, const char *metric)
{
	int out = factors_item_index(lib, "output_value");

	if (strcmp(metric, "co2_per_wan_yuan") == 0)
		return r->co2_per_wan_yuan;
	if (strcmp(metric, "tce_per_wan_yuan") == 0)
		return r->tce_per_wan_yuan;
	if (strcmp(metric, "clean_share") == 0)
		return r->clean_share;
	if (strcmp(metric, "value_added") == 0)
		return r->value_added_wan_yuan > 0 ? r->value_added_wan_yuan : NAN;
	if (strcmp(metric, "co2_t") == 0)
		return r->co2_t;
	if (strcmp(metric, "energy_tce") == 0)
		return r->energy_tce;
	if (strcmp(metric, "output_value") == 0)
		return out >= 0 && q[out] > 0 ? q[out] : NAN;
	return NAN;
}

/* The metric for a scope and year; NAN when the year has no data. */
static int value_for(struct store_handle *h, const struct factor_lib *lib, const char *grid,
		     enum account_method method, const struct scope *scope, int year,
		     const char *metric, double *v, struct gp_err *err)
{
	double *q = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(double));
	struct account_input in = {year, method, grid, q};
	struct account_result r;
	bool any = false;
	int rc;

	*v = NAN;
	rc = store_year_quantities(h, lib, year, scope, q, err);
	for (size_t i = 0; rc == GP_OK && i < lib->nitems; i++)
		any |= q[i] != 0;
	if (rc == GP_OK && any && (rc = account_compute(lib, &in, &r, err)) == GP_OK) {
		*v = metric_of(lib, &r, q, metric);
		account_result_release(&r);
	}
	free(q);
	return rc;
}

/* Per-enterprise values of a metric and its parts for a year. */
struct ent_year {
	int64_t *ids;
	double *value; /* the metric */
	double *num;   /* co2_t or energy_tce for intensities; the metric otherwise */
	double *va;    /* value added */
	size_t n;
};

static void ent_year_release(struct ent_year *e)
{
	free(e->ids);
	free(e->value);
	free(e->num);
	free(e->va);
	memset(e, 0, sizeof(*e));
}

static int ent_year_load(struct store_handle *h, const struct factor_lib *lib, const char *grid,
			 enum account_method method, int year, const char *metric,
			 struct ent_year *e, struct gp_err *err)
{
	struct scope all = {SCOPE_PARK, 0};
	double *q;
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = store_year_quantities_by_enterprise(h, lib, year, &all, &e->ids, &q, &e->n,
						      err)) != GP_OK)
		return rc;
	e->value = xcalloc(e->n ? e->n : 1, sizeof(double));
	e->num = xcalloc(e->n ? e->n : 1, sizeof(double));
	e->va = xcalloc(e->n ? e->n : 1, sizeof(double));
	for (size_t i = 0; i < e->n; i++) {
		const double *qi = &q[i * lib->nitems];
		struct account_input in = {year, method, grid, qi};
		struct account_result r;
		if ((rc = account_compute(lib, &in, &r, err)) != GP_OK)
			break;
		e->value[i] = metric_of(lib, &r, qi, metric);
		e->num[i] = strcmp(metric, "tce_per_wan_yuan") == 0   ? r.energy_tce
			    : strcmp(metric, "co2_per_wan_yuan") == 0 ? r.co2_t
								      : e->value[i];
		e->va[i] = r.value_added_wan_yuan;
		account_result_release(&r);
	}
	free(q);
	if (rc != GP_OK)
		ent_year_release(e);
	return rc;
}

static double value_of_id(const struct ent_year *e, int64_t id, const double *arr)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->ids[i] == id)
			return arr[i];
	return NAN;
}

struct contribution {
	int64_t id;
	double value; /* > 0: adds to the gap */
	bool at_risk;
};

static int cmp_contribution(const void *a, const void *b)
{
	double x = ((const struct contribution *)a)->value,
	       y = ((const struct contribution *)b)->value;
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x < y) - (x > y);
}

/* Enterprises ranked by their share of a park target's gap in year:
 *  intensity metrics: excess = numerator − required intensity × value added (tCO2 or tce
 *    above what the required intensity allows for their output);
 *  output_value, value_added: shortfall = base-year value × (required/base) − actual;
 *  co2_t, energy_tce: excess = actual − base-year value × (required/base).
 * at_risk: the enterprise's own metric moved the wrong way since the year before. */
static int contributions(struct store_handle *h, const struct factor_lib *lib, const char *grid,
			 enum account_method method, const struct target *t, int year, double base,
			 double required, const struct enterprise *ents, size_t ne, json_t *out,
			 json_t *warnings, struct gp_err *err)
{
	struct ent_year cur, prev, baseyr;
	struct contribution *c;
	bool lower = target_metric_lower_is_better(t->metric);
	bool intensity = strcmp(t->metric, "co2_per_wan_yuan") == 0 ||
			 strcmp(t->metric, "tce_per_wan_yuan") == 0;
	const char *unit =
	    strcmp(t->metric, "co2_per_wan_yuan") == 0   ? "tCO2"
	    : strcmp(t->metric, "tce_per_wan_yuan") == 0 ? "tce"
	    : strcmp(t->metric, "output_value") == 0 || strcmp(t->metric, "value_added") == 0
		? "万元"
	    : strcmp(t->metric, "co2_t") == 0 ? "tCO2"
					      : "tce";
	size_t nc = 0;
	int rc;

	if (strcmp(t->metric, "clean_share") == 0)
		return GP_OK; /* a share has no additive contribution */
	if ((rc = ent_year_load(h, lib, grid, method, year, t->metric, &cur, err)) != GP_OK)
		return rc;
	if ((rc = ent_year_load(h, lib, grid, method, year - 1, t->metric, &prev, err)) != GP_OK) {
		memset(&prev, 0, sizeof(prev));
		gp_err_clear(err);
	}
	if ((rc = ent_year_load(h, lib, grid, method, t->base_year, t->metric, &baseyr, err)) !=
	    GP_OK) {
		ent_year_release(&cur);
		ent_year_release(&prev);
		return rc;
	}
	c = xcalloc(cur.n ? cur.n : 1, sizeof(*c));
	for (size_t i = 0; i < cur.n; i++) {
		double v, before = value_of_id(&prev, cur.ids[i], prev.value);
		if (intensity) {
			v = cur.num[i] - required * cur.va[i];
		} else {
			double b = value_of_id(&baseyr, cur.ids[i], baseyr.value);
			double expected = b * (required / base);
			v = lower ? cur.value[i] - expected : expected - cur.value[i];
		}
		c[nc].id = cur.ids[i];
		c[nc].value = v;
		c[nc].at_risk = !isnan(before) && !isnan(cur.value[i]) && v > 0 &&
				(lower ? cur.value[i] > before : cur.value[i] < before);
		nc++;
	}
	qsort(c, nc, sizeof(*c), cmp_contribution);
	for (size_t i = 0; i < nc; i++) {
		const struct enterprise *e = NULL;
		json_t *x = json_object();
		for (size_t k = 0; k < ne; k++)
			if (ents[k].id == c[i].id)
				e = &ents[k];
		json_object_set_new(x, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(x, "uscc", json_string(e ? e->uscc : ""));
		json_object_set_new(x, "name", json_string(e ? e->name : ""));
		json_object_set_new(x, "contribution", json_number_or_null(c[i].value));
		json_object_set_new(x, "unit", json_string(unit));
		json_object_set_new(x, "at_risk", json_boolean(c[i].at_risk));
		json_array_append_new(out, x);
		if (c[i].at_risk && e) {
			char w[512];
			str_fmt(
			    w, sizeof(w),
			    "%s %s: %s moved the wrong way since %d and adds %.1f %s to the gap — "
			    "the park target is at risk",
			    e->uscc, e->name, t->metric, year - 1, c[i].value, unit);
			json_array_append_new(warnings, json_string(w));
		}
	}
	free(c);
	ent_year_release(&cur);
	ent_year_release(&prev);
	ent_year_release(&baseyr);
	return GP_OK;
}

int targets_check(struct store_handle *h, const struct factor_lib *lib, int year,
		  enum account_method method, json_t **out, struct gp_err *err)
{
	struct target *ts;
	struct enterprise *ents = NULL;
	struct park park;
	size_t nt, ne = 0;
	json_t *o = json_object(), *list = json_array();
	int rc;

	*out = NULL;
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = h->ops->target_list(h->st, &ts, &nt, err)) != GP_OK) {
		json_decref(o);
		json_decref(list);
		return rc;
	}
	if ((rc = h->ops->enterprise_list(h->st, NULL, &ents, &ne, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < nt; i++) {
		const struct target *t = &ts[i];
		struct scope sc = {t->enterprise_id ? SCOPE_ENTERPRISE : SCOPE_PARK,
				   t->enterprise_id};
		bool lower = target_metric_lower_is_better(t->metric);
		json_t *x = json_object(), *path = json_array(), *warnings = json_array();
		double base, actual, required;
		int last = t->target_year > year ? t->target_year : year;

		if ((rc = value_for(h, lib, park.grid, method, &sc, t->base_year, t->metric, &base,
				    err)) != GP_OK ||
		    (rc = value_for(h, lib, park.grid, method, &sc, year, t->metric, &actual,
				    err)) != GP_OK) {
			json_decref(x);
			json_decref(path);
			json_decref(warnings);
			goto out;
		}
		required = target_required(t, base, year);
		for (int y = t->base_year; y <= last && y - t->base_year < MAX_PATH_YEARS; y++) {
			json_t *p = json_object();
			double a = NAN;
			if (y <= year && y != year && y != t->base_year) {
				struct gp_err ignored;
				if (value_for(h, lib, park.grid, method, &sc, y, t->metric, &a,
					      &ignored) != GP_OK)
					a = NAN;
			} else if (y == year) {
				a = actual;
			} else if (y == t->base_year) {
				a = base;
			}
			json_object_set_new(p, "year", json_integer(y));
			json_object_set_new(p, "required",
					    json_number_or_null(target_required(t, base, y)));
			json_object_set_new(p, "actual", json_number_or_null(a));
			json_array_append_new(path, p);
		}
		json_object_set_new(x, "id", json_integer(t->id));
		json_object_set_new(x, "scope", json_string(t->enterprise_id ? t->uscc : "park"));
		json_object_set_new(x, "metric", json_string(t->metric));
		json_object_set_new(x, "path", json_string(target_path_name(t->path)));
		json_object_set_new(x, "amount", json_real(t->amount));
		json_object_set_new(x, "base_year", json_integer(t->base_year));
		json_object_set_new(x, "target_year",
				    t->target_year ? json_integer(t->target_year) : json_null());
		json_object_set_new(x, "note", json_string(t->note));
		json_object_set_new(x, "base_value", json_number_or_null(base));
		json_object_set_new(x, "required", json_number_or_null(required));
		json_object_set_new(x, "actual", json_number_or_null(actual));
		json_object_set_new(
		    x, "on_track",
		    isnan(required) || isnan(actual)
			? json_null()
			: json_boolean(lower ? actual <= required : actual >= required));
		json_object_set_new(
		    x, "gap", json_number_or_null(lower ? actual - required : required - actual));
		json_object_set_new(x, "trajectory", path);
		if (!t->enterprise_id && !isnan(required) && !isnan(base) && base != 0) {
			json_t *contrib = json_array();
			rc = contributions(h, lib, park.grid, method, t, year, base, required, ents,
					   ne, contrib, warnings, err);
			json_object_set_new(x, "contributions", contrib);
			if (rc != GP_OK) {
				json_decref(x);
				json_decref(warnings);
				goto out;
			}
		}
		json_object_set_new(x, "warnings", warnings);
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "method", json_string(account_method_name(method)));
	json_object_set_new(o, "targets", list);
	list = NULL;
	*out = o;
	o = NULL;
out:
	free(ts);
	free(ents);
	json_decref(list);
	json_decref(o);
	return rc;
}
