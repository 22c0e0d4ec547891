/* account.c — standards/methods.md, formula by formula. Nothing is rounded here.
 *
 * Fuel CO2 (t) = q × NCV (GJ/unit) × CC (tC/TJ) / 1000 × OF × 44/12
 *   (GB/T 32150-2015; 零碳园区碳排放核算方法（试行）E燃烧)
 * tce = q × tce_per_unit, or q × NCV / 29.3076 where the table says 'ncv' (GB/T 2589-2020)
 * Heat CO2 (t) = 0.11 × (purchased − exported) GJ (零碳园区核算方法 E热)
 * Electricity CO2 (t): per method, see electricity_factor() below. */
#include "core/account.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static const char *const method_names[METHOD_COUNT] = {"zcp2025", "cn-enterprise", "cn-market"};

int account_method_parse(const char *s, enum account_method *out)
{
	for (int i = 0; i < METHOD_COUNT; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*out = (enum account_method)i;
			return GP_OK;
		}
	return GP_EINPUT;
}

const char *account_method_name(enum account_method m)
{
	return (unsigned)m < METHOD_COUNT ? method_names[m] : "?";
}

static void add_warning(struct account_result *r, const char *w)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		if (strcmp(r->warnings[i], w) == 0)
			return;
	XGROW(r->warnings, r->nwarnings + 1, r->warnings_cap);
	r->warnings[r->nwarnings++] = xstrdup(w);
}

static void add_factor(struct account_result *r, const struct factor_use *u)
{
	for (size_t i = 0; i < r->nfactors; i++)
		if (strcmp(r->factors[i].key, u->key) == 0)
			return;
	XGROW(r->factors, r->nfactors + 1, r->factors_cap);
	r->factors[r->nfactors++] = *u;
}

/* Resolves an item coefficient and records it as used. */
static int item_coef(const struct factor_lib *lib, struct account_result *r, int item,
		     const char *field, double *v, struct gp_err *err)
{
	struct factor_use u;
	int rc = factors_item_value(lib, item, field, r->year, &u, err);
	if (rc != GP_OK)
		return rc;
	add_factor(r, &u);
	*v = u.value;
	return GP_OK;
}

static int yearly_coef(const struct factor_lib *lib, struct account_result *r, const char *key,
		       double *v, struct gp_err *err)
{
	struct factor_use u;
	char warning[256];
	int rc = factors_yearly(lib, key, r->year, &u, warning, sizeof(warning), err);
	if (rc != GP_OK)
		return rc;
	if (warning[0])
		add_warning(r, warning);
	add_factor(r, &u);
	*v = u.value;
	return GP_OK;
}

static void method_constant(struct account_result *r, const char *key, double value,
			    const char *unit, const char *source)
{
	struct factor_use u;

	memset(&u, 0, sizeof(u));
	str_copy(u.key, sizeof(u.key), key);
	u.year_requested = u.year_used = r->year;
	u.value = value;
	str_copy(u.unit, sizeof(u.unit), unit);
	u.confidence = CONF_CONFIRMED;
	str_copy(u.source, sizeof(u.source), source);
	add_factor(r, &u);
}

/* The electricity CO2 factor (kgCO2/kWh) that applies to an item under a method,
 * or 0 where the method counts the item as zero-emission.
 *  zcp2025:       0.8325 on grid (non-green) and, negatively, on exported fossil
 *                 electricity; every non-fossil item 0.
 *  cn-enterprise: F_avg(year, park grid) on grid, green traded, green direct and
 *                 exported fossil; on-site renewable 0 (GB/T 32150-2015, location-based).
 *  cn-market:     F_excl_market_nonfossil(year, national) on grid and exported fossil;
 *                 green traded, green direct and on-site 0. */
static int electricity_factor(const struct factor_lib *lib, struct account_result *r,
			      const struct account_input *in, const struct item *it, double *kg_kwh,
			      struct gp_err *err)
{
	char key[FACTOR_KEY_MAX];
	bool fossil = it->kind == ITEM_ELECTRICITY || it->kind == ITEM_ELECTRICITY_EXPORT;

	*kg_kwh = 0;
	switch (in->method) {
	case METHOD_ZCP2025:
		if (!fossil)
			return GP_OK;
		method_constant(r, "method.zcp2025.electricity", ZCP2025_ELECTRICITY_KG_PER_KWH,
				"kgCO2/kWh",
				"零碳园区碳排放核算方法（试行）(发改环资〔2025〕910号 附件4): "
				"non-green electricity 0.8325 kgCO2/kWh for every year");
		*kg_kwh = ZCP2025_ELECTRICITY_KG_PER_KWH;
		return GP_OK;
	case METHOD_CN_ENTERPRISE:
		if (!fossil && strcmp(it->code, "electricity_green_traded") != 0 &&
		    strcmp(it->code, "electricity_green_direct") != 0)
			return GP_OK;
		str_fmt(key, sizeof(key), "grid.%s.average", in->grid);
		return yearly_coef(lib, r, key, kg_kwh, err);
	case METHOD_CN_MARKET:
		if (!fossil)
			return GP_OK;
		return yearly_coef(lib, r, "grid.national.excl_market_nonfossil", kg_kwh, err);
	case METHOD_COUNT: break;
	}
	return gp_err_set(err, GP_EINPUT, "unknown method");
}

static bool is_electricity(enum item_kind k)
{
	return k == ITEM_ELECTRICITY || k == ITEM_ELECTRICITY_NONFOSSIL ||
	       k == ITEM_ELECTRICITY_EXPORT;
}

/* Energy (tce, both bases) and CO2 of one item. */
static int account_item(const struct factor_lib *lib, const struct account_input *in,
			struct account_result *r, int i, struct account_line *line,
			struct gp_err *err)
{
	const struct item *it = &lib->items[i];
	double q = in->q[i], v, ncv, cc, ox;
	double sign =
	    (it->kind == ITEM_ELECTRICITY_EXPORT || it->kind == ITEM_HEAT_EXPORT) ? -1 : 1;
	int rc;

	line->item = i;
	line->q = q;
	line->tce = line->tce_equivalent = line->co2_t = 0;
	if (is_electricity(it->kind)) {
		double kgce_kwh, kg_co2;
		if ((rc = item_coef(lib, r, i, "tce_per_unit", &v, err)) != GP_OK)
			return rc;
		if ((rc = yearly_coef(lib, r, "electricity_equivalent", &kgce_kwh, err)) != GP_OK)
			return rc;
		if ((rc = electricity_factor(lib, r, in, it, &kg_co2, err)) != GP_OK)
			return rc;
		line->tce = sign * q * v;
		line->tce_equivalent = sign * q * kgce_kwh / 1000.0;
		line->co2_t = sign * q * kg_co2 / 1000.0;
		r->co2_electricity_t += line->co2_t;
		return GP_OK;
	}
	switch (it->kind) {
	case ITEM_FUEL:
		if ((rc = item_coef(lib, r, i, "ncv", &ncv, err)) != GP_OK ||
		    (rc = item_coef(lib, r, i, "cc", &cc, err)) != GP_OK ||
		    (rc = item_coef(lib, r, i, "oxidation", &ox, err)) != GP_OK)
			return rc;
		line->co2_t = q * ncv * (cc / 1000.0) * ox * 44.0 / 12.0;
		r->co2_fuel_t += line->co2_t;
		if (it->tce_from_ncv) {
			line->tce = q * ncv / GJ_PER_TCE;
		} else {
			if ((rc = item_coef(lib, r, i, "tce_per_unit", &v, err)) != GP_OK)
				return rc;
			line->tce = q * v;
		}
		break;
	case ITEM_HEAT:
	case ITEM_HEAT_NONFOSSIL:
	case ITEM_HEAT_EXPORT:
		if ((rc = item_coef(lib, r, i, "tce_per_unit", &v, err)) != GP_OK)
			return rc;
		line->tce = sign * q * v;
		if (it->kind != ITEM_HEAT_NONFOSSIL) {
			method_constant(r, "method.heat", HEAT_T_CO2_PER_GJ, "tCO2/GJ",
					"零碳园区碳排放核算方法（试行）: purchased fossil heat "
					"0.11 tCO2/GJ; non-fossil heat 0");
			line->co2_t = sign * HEAT_T_CO2_PER_GJ * q;
			r->co2_heat_t += line->co2_t;
		}
		break;
	case ITEM_BIOMASS: {
		/* GB/T 32150-2015: biomass CO2 is reported separately and never counted in
		 * the total; its energy counts only where an NCV is supplied. */
		struct factor_use u;
		struct gp_err ignored;
		if (factors_item_value(lib, i, "ncv", r->year, &u, &ignored) == GP_OK) {
			add_factor(r, &u);
			line->tce = q * u.value / GJ_PER_TCE;
		} else {
			char w[256];
			str_fmt(w, sizeof(w),
				"%s has no NCV for %d: its %g %s are not counted in energy (set "
				"item.%s.ncv with 'greenpark factors set')",
				it->code, r->year, q, it->unit, it->code);
			add_warning(r, w);
		}
		break;
	}
	case ITEM_PROCESS:
		line->co2_t = q;
		r->co2_process_t += q;
		break;
	default: break;
	}
	line->tce_equivalent = line->tce;
	return GP_OK;
}

int account_compute(const struct factor_lib *lib, const struct account_input *in,
		    struct account_result *out, struct gp_err *err)
{
	struct account_result *r = out;
	int va = factors_item_index(lib, "value_added");
	double energy_basis;
	int rc = GP_OK;

	memset(r, 0, sizeof(*r));
	r->year = in->year;
	r->method = in->method;
	if (in->year < 1990 || in->year > 2100)
		return gp_err_set(err, GP_EINPUT, "year %d is out of range (expected 1990-2100)",
				  in->year);
	if (!in->grid || !in->grid[0])
		return gp_err_set(err, GP_EINPUT, "no grid region given");
	if ((unsigned)in->method >= METHOD_COUNT)
		return gp_err_set(err, GP_EINPUT, "unknown method");

	r->lines = xcalloc(lib->nitems, sizeof(*r->lines));
	for (size_t i = 0; i < lib->nitems; i++) {
		const struct item *it = &lib->items[i];
		struct account_line *line;
		if (in->q[i] == 0)
			continue;
		line = &r->lines[r->nlines++];
		if ((rc = account_item(lib, in, r, (int)i, line, err)) != GP_OK)
			goto fail;
		r->energy_tce += line->tce;
		r->energy_tce_equivalent += line->tce_equivalent;
		if (it->kind == ITEM_ELECTRICITY_NONFOSSIL || it->kind == ITEM_HEAT_NONFOSSIL ||
		    it->kind == ITEM_BIOMASS) {
			r->renewable_tce +=
			    in->method == METHOD_ZCP2025 ? line->tce_equivalent : line->tce;
		} else if (strcmp(it->code, "natural_gas") == 0 || strcmp(it->code, "lng") == 0) {
			r->clean_tce += line->tce;
		}
	}
	r->clean_tce += r->renewable_tce;
	r->co2_t = r->co2_fuel_t + r->co2_process_t + r->co2_electricity_t + r->co2_heat_t;
	r->co2_per_tce = r->energy_tce_equivalent != 0 ? r->co2_t / r->energy_tce_equivalent : NAN;
	if (r->energy_tce_equivalent == 0)
		add_warning(r, "energy consumption (等价值) is 0: co2_per_tce is undefined");
	energy_basis = in->method == METHOD_ZCP2025 ? r->energy_tce_equivalent : r->energy_tce;
	r->clean_share = energy_basis != 0 ? r->clean_tce / energy_basis : NAN;
	r->renewable_share = energy_basis != 0 ? r->renewable_tce / energy_basis : NAN;
	r->value_added_wan_yuan = va >= 0 ? in->q[va] : 0;
	if (r->value_added_wan_yuan != 0) {
		r->co2_per_wan_yuan = r->co2_t / r->value_added_wan_yuan;
		r->tce_per_wan_yuan = r->energy_tce / r->value_added_wan_yuan;
	} else {
		char w[160];
		r->co2_per_wan_yuan = r->tce_per_wan_yuan = NAN;
		str_fmt(w, sizeof(w),
			"no value_added recorded for %d: intensities per 万元 are undefined",
			in->year);
		add_warning(r, w);
	}
	return GP_OK;
fail:
	account_result_release(r);
	return rc;
}

void account_result_release(struct account_result *r)
{
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	free(r->factors);
	free(r->lines);
	memset(r, 0, sizeof(*r));
}
