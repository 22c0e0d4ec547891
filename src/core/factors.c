/* factors.c — factor resolution with overrides and the year fallback of
 * standards/methods.md ("Year fallback"). */
#include "core/factors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"
#include "util/str.h"

static const char *const kind_names[ITEM_KIND_COUNT] = {
    "electricity",
    "electricity_nonfossil",
    "electricity_export",
    "fuel",
    "heat",
    "heat_nonfossil",
    "heat_export",
    "biomass",
    "process",
    "water",
    "waste",
    "resource",
    "economic",
    "pollutant",
};

int item_kind_parse(const char *s, enum item_kind *out)
{
	for (int i = 0; i < ITEM_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum item_kind)i;
			return GP_OK;
		}
	return GP_EINPUT;
}

const char *item_kind_name(enum item_kind k)
{
	return (unsigned)k < ITEM_KIND_COUNT ? kind_names[k] : "?";
}

int confidence_parse(const char *s, enum confidence *out)
{
	static const char *const names[] = {"confirmed", "secondary", "unconfirmed", "measured"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum confidence)i;
			return GP_OK;
		}
	return GP_EINPUT;
}

const char *confidence_name(enum confidence c)
{
	switch (c) {
	case CONF_CONFIRMED: return "confirmed";
	case CONF_SECONDARY: return "secondary";
	case CONF_UNCONFIRMED: return "unconfirmed";
	case CONF_MEASURED: return "measured";
	}
	return "?";
}

const char *confidence_name_zh(enum confidence c)
{
	switch (c) {
	case CONF_CONFIRMED: return "已核实";
	case CONF_SECONDARY: return "二手来源";
	case CONF_UNCONFIRMED: return "未核实";
	case CONF_MEASURED: return "实测";
	}
	return "?";
}

void factors_init(struct factor_lib *lib)
{
	memset(lib, 0, sizeof(*lib));
	strmap_init(&lib->item_index);
}

void factors_release(struct factor_lib *lib)
{
	free(lib->items);
	free(lib->grid);
	free(lib->equiv);
	free(lib->ovr);
	strmap_release(&lib->item_index);
	memset(lib, 0, sizeof(*lib));
}

void factors_add_item(struct factor_lib *lib, const struct item *it)
{
	XGROW(lib->items, lib->nitems + 1, lib->items_cap);
	lib->items[lib->nitems++] = *it;
}

void factors_add_grid(struct factor_lib *lib, const struct grid_factor *g)
{
	XGROW(lib->grid, lib->ngrid + 1, lib->grid_cap);
	lib->grid[lib->ngrid++] = *g;
}

void factors_add_equivalent(struct factor_lib *lib, const struct equivalent_factor *e)
{
	XGROW(lib->equiv, lib->nequiv + 1, lib->equiv_cap);
	lib->equiv[lib->nequiv++] = *e;
}

void factors_add_override(struct factor_lib *lib, const struct factor_override *o)
{
	XGROW(lib->ovr, lib->novr + 1, lib->ovr_cap);
	lib->ovr[lib->novr++] = *o;
}

void factors_index(struct factor_lib *lib)
{
	strmap_release(&lib->item_index);
	strmap_init(&lib->item_index);
	for (size_t i = 0; i < lib->nitems; i++)
		strmap_put(&lib->item_index, lib->items[i].code, (int64_t)i);
}

int factors_item_index(const struct factor_lib *lib, const char *code)
{
	int64_t v;
	return strmap_get(&lib->item_index, code, &v) ? (int)v : -1;
}

static const struct factor_override *find_override(const struct factor_lib *lib, const char *key,
						   int year)
{
	for (size_t i = 0; i < lib->novr; i++)
		if (lib->ovr[i].year == year && strcmp(lib->ovr[i].key, key) == 0)
			return &lib->ovr[i];
	return NULL;
}

static void use_from_override(struct factor_use *use, const struct factor_override *o,
			      const char *unit)
{
	use->value = o->value;
	use->confidence = CONF_MEASURED;
	use->override = true;
	str_copy(use->unit, sizeof(use->unit), unit);
	str_fmt(use->source, sizeof(use->source), "园区实测值 park override (%s, %s): %s",
		o->set_by, o->set_at, o->source);
}

struct item_field {
	const char *name;
	const char *unit_suffix; /* "" → per canonical unit */
};

int factors_item_value(const struct factor_lib *lib, int item, const char *field, int year,
		       struct factor_use *use, struct gp_err *err)
{
	const struct item *it = &lib->items[item];
	const struct factor_override *o;
	double v;
	char unit[24];

	memset(use, 0, sizeof(*use));
	str_fmt(use->key, sizeof(use->key), "item.%s.%s", it->code, field);
	use->year_requested = year;
	if (strcmp(field, "tce_per_unit") == 0) {
		v = it->tce_per_unit;
		str_fmt(unit, sizeof(unit), "tce/%s", it->unit);
	} else if (strcmp(field, "ncv") == 0) {
		v = it->ncv_gj_per_unit;
		str_fmt(unit, sizeof(unit), "GJ/%s", it->unit);
	} else if (strcmp(field, "cc") == 0) {
		v = it->cc_tc_per_tj;
		str_copy(unit, sizeof(unit), "tC/TJ");
	} else if (strcmp(field, "oxidation") == 0) {
		v = it->oxidation;
		str_copy(unit, sizeof(unit), "1");
	} else {
		return gp_err_set(err, GP_EINPUT, "unknown item factor field '%s'", field);
	}
	o = find_override(lib, use->key, year);
	if (o) {
		use->year_used = year;
		use_from_override(use, o, unit);
		return GP_OK;
	}
	if (isnan(v))
		return gp_err_set(err, GP_EFACTOR, "factor %s is not in the library for %s",
				  use->key, it->code);
	use->value = v;
	use->confidence = it->confidence;
	str_copy(use->unit, sizeof(use->unit), unit);
	str_copy(use->source, sizeof(use->source), it->source);
	return GP_OK;
}

/* Finds the library row of a yearly key for exactly this year. */
static bool library_yearly(const struct factor_lib *lib, const char *key, int year,
			   struct factor_use *use)
{
	if (strcmp(key, "electricity_equivalent") == 0) {
		for (size_t i = 0; i < lib->nequiv; i++)
			if (lib->equiv[i].year == year) {
				use->value = lib->equiv[i].kgce_per_kwh;
				use->confidence = lib->equiv[i].confidence;
				str_copy(use->source, sizeof(use->source), lib->equiv[i].source);
				return true;
			}
		return false;
	}
	for (size_t i = 0; i < lib->ngrid; i++) {
		char k[FACTOR_KEY_MAX];
		str_fmt(k, sizeof(k), "grid.%s.%s", lib->grid[i].grid, lib->grid[i].kind);
		if (lib->grid[i].year == year && strcmp(k, key) == 0) {
			use->value = lib->grid[i].kg_co2_per_kwh;
			use->confidence = lib->grid[i].confidence;
			str_copy(use->source, sizeof(use->source), lib->grid[i].source);
			return true;
		}
	}
	return false;
}

static int earliest_year(const struct factor_lib *lib)
{
	int y = 9999;
	for (size_t i = 0; i < lib->ngrid; i++)
		if (lib->grid[i].year < y)
			y = lib->grid[i].year;
	for (size_t i = 0; i < lib->nequiv; i++)
		if (lib->equiv[i].year < y)
			y = lib->equiv[i].year;
	for (size_t i = 0; i < lib->novr; i++)
		if (lib->ovr[i].year < y)
			y = lib->ovr[i].year;
	return y;
}

/* "grid.north.average" → "grid factor north/average"; else the key itself. */
static void describe_key(const char *key, char *out, size_t outsz)
{
	const char *dot;

	if (strncmp(key, "grid.", 5) == 0 && (dot = strchr(key + 5, '.')) != NULL) {
		str_fmt(out, outsz, "grid factor %.*s/%s", (int)(dot - (key + 5)), key + 5,
			dot + 1);
		return;
	}
	if (strcmp(key, "electricity_equivalent") == 0) {
		str_copy(out, outsz, "electricity equivalent coefficient (等价值)");
		return;
	}
	str_copy(out, outsz, key);
}

int factors_yearly(const struct factor_lib *lib, const char *key, int year, struct factor_use *use,
		   char *warning, size_t warnsz, struct gp_err *err)
{
	const char *unit = strcmp(key, "electricity_equivalent") == 0 ? "kgce/kWh" : "kgCO2/kWh";
	int first = earliest_year(lib);
	char what[128];

	memset(use, 0, sizeof(*use));
	str_copy(use->key, sizeof(use->key), key);
	use->year_requested = year;
	if (warning && warnsz)
		warning[0] = '\0';
	describe_key(key, what, sizeof(what));
	for (int y = year; y >= first; y--) {
		const struct factor_override *o = find_override(lib, key, y);
		bool found = false;
		if (o) {
			use_from_override(use, o, unit);
			found = true;
		} else if (library_yearly(lib, key, y, use)) {
			str_copy(use->unit, sizeof(use->unit), unit);
			found = true;
		}
		if (!found)
			continue;
		use->year_used = y;
		if (y != year && warning)
			str_fmt(warning, warnsz, "%s for %d not published; used %d", what, year, y);
		return GP_OK;
	}
	return gp_err_set(err, GP_EFACTOR,
			  "%s for %d is missing and no earlier year has one (add a row to data/%s "
			  "and run 'greenpark init', or set an override with 'greenpark factors "
			  "set --year %d --key %s --value V --source TEXT')",
			  what, year,
			  strcmp(key, "electricity_equivalent") == 0 ? "electricity_equivalent.csv"
								     : "grid_factors.csv",
			  year, key);
}

int factors_key_valid(const struct factor_lib *lib, const char *key, struct gp_err *err)
{
	if (strcmp(key, "electricity_equivalent") == 0)
		return GP_OK;
	if (strncmp(key, "item.", 5) == 0) {
		const char *dot = strrchr(key + 5, '.');
		char code[ITEM_CODE_MAX];
		if (dot && (size_t)(dot - (key + 5)) < sizeof(code)) {
			memcpy(code, key + 5, (size_t)(dot - (key + 5)));
			code[dot - (key + 5)] = '\0';
			int idx = factors_item_index(lib, code);
			const struct item *it;
			const char *f = dot + 1;
			bool used;
			if (idx < 0)
				return gp_err_set(err, GP_EINPUT,
						  "factor key '%s': unknown item '%s'", key, code);
			/* only coefficients that a method reads for this item may be
			 * overridden, so that an override never silently does nothing */
			it = &lib->items[idx];
			if (strcmp(f, "tce_per_unit") == 0)
				used = !it->tce_from_ncv && !isnan(it->tce_per_unit);
			else if (strcmp(f, "ncv") == 0)
				used = it->kind == ITEM_FUEL || it->kind == ITEM_BIOMASS ||
				       it->tce_from_ncv;
			else if (strcmp(f, "cc") == 0 || strcmp(f, "oxidation") == 0)
				used = it->kind == ITEM_FUEL;
			else
				goto bad;
			if (used)
				return GP_OK;
			return gp_err_set(err, GP_EINPUT,
					  "factor key '%s': no method uses %s of %s (kind %s%s)",
					  key, f, code, item_kind_name(it->kind),
					  it->tce_from_ncv && strcmp(f, "tce_per_unit") == 0
					      ? ", whose tce comes from its NCV: override "
						"item.<code>.ncv"
					      : "");
		}
	} else if (strncmp(key, "grid.", 5) == 0) {
		for (size_t i = 0; i < lib->ngrid; i++) {
			char k[FACTOR_KEY_MAX];
			str_fmt(k, sizeof(k), "grid.%s.%s", lib->grid[i].grid, lib->grid[i].kind);
			if (strcmp(k, key) == 0)
				return GP_OK;
		}
		return gp_err_set(err, GP_EINPUT,
				  "factor key '%s' names no grid region and kind in the library "
				  "(see 'greenpark factors --kind grid')",
				  key);
	}
bad:
	return gp_err_set(
	    err, GP_EINPUT,
	    "factor key '%s' is not valid (expected item.<code>.tce_per_unit|ncv|cc|oxidation, "
	    "grid.<region>.<kind> or electricity_equivalent)",
	    key);
}

int item_prepare(struct item *it, const char *alt_units, struct gp_err *err)
{
	struct gp_err uerr;
	bool water = strcmp(it->category, "water") == 0;
	const char *p = alt_units;

	it->nunits = 0;
	if (unit_factor(it->unit, it->unit, false, &it->units[0].to_canonical, &uerr) != GP_OK)
		return gp_err_set(err, GP_EINPUT, "item %s: unit: %s", it->code, uerr.msg);
	str_copy(it->units[0].symbol, sizeof(it->units[0].symbol), it->unit);
	it->nunits = 1;
	if (p && *p && p[strlen(p) - 1] == '|')
		return gp_err_set(err, GP_EINPUT, "item %s: alt_units '%s' ends with '|'", it->code,
				  alt_units);
	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		struct item_unit *u;
		if (it->nunits >= ITEM_MAX_UNITS)
			return gp_err_set(err, GP_EINPUT, "item %s: more than %d units", it->code,
					  ITEM_MAX_UNITS);
		u = &it->units[it->nunits];
		if (n == 0 || n >= sizeof(u->symbol))
			return gp_err_set(err, GP_EINPUT, "item %s: alt_units '%s' is malformed",
					  it->code, alt_units);
		memcpy(u->symbol, p, n);
		u->symbol[n] = '\0';
		if (unit_factor(u->symbol, it->unit, water, &u->to_canonical, &uerr) != GP_OK)
			return gp_err_set(err, GP_EINPUT, "item %s: alt_units: %s", it->code,
					  uerr.msg);
		it->nunits++;
		p = bar ? bar + 1 : NULL;
	}
	if (it->kind == ITEM_FUEL &&
	    (isnan(it->ncv_gj_per_unit) || isnan(it->cc_tc_per_tj) || isnan(it->oxidation)))
		return gp_err_set(
		    err, GP_EINPUT,
		    "item %s: a fuel needs ncv_gj_per_unit, cc_tc_per_tj and oxidation", it->code);
	if (it->tce_from_ncv && isnan(it->ncv_gj_per_unit) && it->kind != ITEM_BIOMASS)
		return gp_err_set(err, GP_EINPUT,
				  "item %s: tce_per_unit is 'ncv' but ncv_gj_per_unit is empty",
				  it->code);
	return GP_OK;
}

int item_unit_factor(const struct item *it, const char *symbol, double *to_canonical,
		     struct gp_err *err)
{
	char list[256];

	for (int i = 0; i < it->nunits; i++)
		if (strcmp(it->units[i].symbol, symbol) == 0) {
			*to_canonical = it->units[i].to_canonical;
			return GP_OK;
		}
	item_units_list(it, list, sizeof(list));
	return gp_err_set(err, GP_EINPUT, "unit '%s' not accepted for %s (expected %s)", symbol,
			  it->code, list);
}

void item_units_list(const struct item *it, char *out, size_t outsz)
{
	struct buf b;

	/* the list is built whole, then cut to fit: no dangling separators */
	buf_init(&b, 0);
	for (int i = 0; i < it->nunits; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, it->units[i].symbol);
	}
	str_copy(out, outsz, b.data ? b.data : "");
	buf_release(&b);
}
