/* json.c — JSON renderings of core results, shared by the CLI (--format json) and the
 * HTTP API so that both print the same keys. Builds jansson values; never prints. */
#include "report/json.h"

#include <math.h>
#include <string.h>

json_t *json_number_or_null(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

json_t *factor_use_to_json(const struct factor_use *u)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(u->key));
	json_object_set_new(o, "year_requested", json_integer(u->year_requested));
	json_object_set_new(o, "year_used",
			    u->year_used ? json_integer(u->year_used) : json_null());
	json_object_set_new(o, "value", json_real(u->value));
	json_object_set_new(o, "unit", json_string(u->unit));
	json_object_set_new(o, "confidence", json_string(confidence_name(u->confidence)));
	json_object_set_new(o, "override", json_boolean(u->override));
	json_object_set_new(o, "source", json_string(u->source));
	return o;
}

json_t *account_to_json(const struct factor_lib *lib, const struct account_result *r,
			const char *scope, const char *scope_kind, const char *grid)
{
	json_t *o = json_object(), *by = json_object(), *items = json_array(),
	       *factors = json_array(), *warnings = json_array();

	json_object_set_new(o, "year", json_integer(r->year));
	json_object_set_new(o, "method", json_string(account_method_name(r->method)));
	json_object_set_new(o, "scope", json_string(scope));
	json_object_set_new(o, "scope_kind", json_string(scope_kind));
	json_object_set_new(o, "grid", json_string(grid));
	json_object_set_new(o, "energy_tce", json_real(r->energy_tce));
	json_object_set_new(o, "energy_tce_equivalent", json_real(r->energy_tce_equivalent));
	json_object_set_new(o, "co2_t", json_real(r->co2_t));
	json_object_set_new(by, "fuel", json_real(r->co2_fuel_t));
	json_object_set_new(by, "process", json_real(r->co2_process_t));
	json_object_set_new(by, "electricity", json_real(r->co2_electricity_t));
	json_object_set_new(by, "heat", json_real(r->co2_heat_t));
	json_object_set_new(o, "co2_t_by_source", by);
	json_object_set_new(o, "co2_per_tce", json_number_or_null(r->co2_per_tce));
	json_object_set_new(o, "value_added_wan_yuan", json_real(r->value_added_wan_yuan));
	json_object_set_new(o, "co2_per_wan_yuan", json_number_or_null(r->co2_per_wan_yuan));
	json_object_set_new(o, "tce_per_wan_yuan", json_number_or_null(r->tce_per_wan_yuan));
	json_object_set_new(o, "renewable_tce", json_real(r->renewable_tce));
	json_object_set_new(o, "clean_tce", json_real(r->clean_tce));
	json_object_set_new(o, "clean_share", json_number_or_null(r->clean_share));
	json_object_set_new(o, "renewable_share", json_number_or_null(r->renewable_share));
	for (size_t i = 0; i < r->nlines; i++) {
		const struct account_line *l = &r->lines[i];
		const struct item *it = &lib->items[l->item];
		json_t *li = json_object();
		json_object_set_new(li, "item", json_string(it->code));
		json_object_set_new(li, "name_zh", json_string(it->name_zh));
		json_object_set_new(li, "quantity", json_real(l->q));
		json_object_set_new(li, "unit", json_string(it->unit));
		json_object_set_new(li, "tce", json_real(l->tce));
		json_object_set_new(li, "tce_equivalent", json_real(l->tce_equivalent));
		json_object_set_new(li, "co2_t", json_real(l->co2_t));
		json_array_append_new(items, li);
	}
	json_object_set_new(o, "items", items);
	for (size_t i = 0; i < r->nfactors; i++)
		json_array_append_new(factors, factor_use_to_json(&r->factors[i]));
	json_object_set_new(o, "factors", factors);
	for (size_t i = 0; i < r->nwarnings; i++)
		json_array_append_new(warnings, json_string(r->warnings[i]));
	json_object_set_new(o, "warnings", warnings);
	return o;
}

static json_t *num(double v)
{
	return json_number_or_null(v);
}

json_t *factor_lib_to_json(const struct factor_lib *lib, const char *kind, int year)
{
	json_t *o = json_object();
	bool all = kind == NULL;

	if (all || strcmp(kind, "item") == 0) {
		json_t *a = json_array();
		for (size_t i = 0; i < lib->nitems; i++) {
			const struct item *it = &lib->items[i];
			json_t *x = json_object(), *units = json_array();
			for (int u = 0; u < it->nunits; u++)
				json_array_append_new(units, json_string(it->units[u].symbol));
			json_object_set_new(x, "code", json_string(it->code));
			json_object_set_new(x, "name_zh", json_string(it->name_zh));
			json_object_set_new(x, "name_en", json_string(it->name_en));
			json_object_set_new(x, "category", json_string(it->category));
			json_object_set_new(x, "unit", json_string(it->unit));
			json_object_set_new(x, "units", units);
			json_object_set_new(x, "kind", json_string(item_kind_name(it->kind)));
			json_object_set_new(x, "tce_per_unit",
					    it->tce_from_ncv ? json_string("ncv")
							     : num(it->tce_per_unit));
			json_object_set_new(x, "ncv_gj_per_unit", num(it->ncv_gj_per_unit));
			json_object_set_new(x, "cc_tc_per_tj", num(it->cc_tc_per_tj));
			json_object_set_new(x, "oxidation", num(it->oxidation));
			json_object_set_new(x, "confidence",
					    json_string(confidence_name(it->confidence)));
			json_object_set_new(x, "source", json_string(it->source));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "items", a);
	}
	if (all || strcmp(kind, "grid") == 0) {
		json_t *a = json_array();
		for (size_t i = 0; i < lib->ngrid; i++) {
			const struct grid_factor *g = &lib->grid[i];
			json_t *x;
			if (year && g->year != year)
				continue;
			x = json_object();
			json_object_set_new(x, "year", json_integer(g->year));
			json_object_set_new(x, "grid", json_string(g->grid));
			json_object_set_new(x, "kind", json_string(g->kind));
			json_object_set_new(x, "kg_co2_per_kwh", json_real(g->kg_co2_per_kwh));
			json_object_set_new(x, "confidence",
					    json_string(confidence_name(g->confidence)));
			json_object_set_new(x, "source", json_string(g->source));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "grid", a);
	}
	if (all || strcmp(kind, "equivalent") == 0) {
		json_t *a = json_array();
		for (size_t i = 0; i < lib->nequiv; i++) {
			const struct equivalent_factor *e = &lib->equiv[i];
			json_t *x;
			if (year && e->year != year)
				continue;
			x = json_object();
			json_object_set_new(x, "year", json_integer(e->year));
			json_object_set_new(x, "kgce_per_kwh", json_real(e->kgce_per_kwh));
			json_object_set_new(x, "confidence",
					    json_string(confidence_name(e->confidence)));
			json_object_set_new(x, "source", json_string(e->source));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "equivalent", a);
	}
	if (all || strcmp(kind, "override") == 0) {
		json_t *a = json_array();
		for (size_t i = 0; i < lib->novr; i++) {
			const struct factor_override *v = &lib->ovr[i];
			json_t *x;
			if (year && v->year != year)
				continue;
			x = json_object();
			json_object_set_new(x, "year", json_integer(v->year));
			json_object_set_new(x, "key", json_string(v->key));
			json_object_set_new(x, "value", json_real(v->value));
			json_object_set_new(x, "source", json_string(v->source));
			json_object_set_new(x, "set_by", json_string(v->set_by));
			json_object_set_new(x, "set_at", json_string(v->set_at));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "overrides", a);
	}
	return o;
}
