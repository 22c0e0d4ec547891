/* evaluation.c — the inputs of an indicator set, read once per (year, method). */
#include "report/evaluation.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/period.h"
#include "report/json.h"
#include "util/str.h"

struct year_data {
	int year;
	bool loaded;
	double *q;     /* per item index */
	bool *present; /* the item has rows for the year */
	bool acct_done[METHOD_COUNT];
	int acct_rc[METHOD_COUNT];
	struct account_result acct[METHOD_COUNT];
	struct gp_err acct_err[METHOD_COUNT];
};

/* Whether an account holds any energy or emission line (else its totals are empty). */
static bool has_energy(const struct factor_lib *lib, const struct account_result *r)
{
	for (size_t i = 0; i < r->nlines; i++) {
		const char *cat = lib->items[r->lines[i].item].category;
		if (strcmp(cat, "energy") == 0 || strcmp(cat, "emission") == 0)
			return true;
	}
	return false;
}

struct inputs {
	struct store_handle *h;
	const struct factor_lib *lib;
	const struct scope *scope;
	const char *grid;
	double employees, land_km2;
	struct year_data years[2]; /* the year and the year before */
	int *index_of_id;
	struct gp_err err; /* the first failure of a lookup that is not missing data */
	bool failed;
};

struct presence_ctx {
	struct inputs *in;
	struct year_data *y;
};

static void mark(void *arg, int64_t ent, int64_t item_id, double q)
{
	struct presence_ctx *c = arg;
	int idx;
	(void)ent;
	if (item_id <= 0 || item_id > ITEM_ID_MAX || (idx = c->in->index_of_id[item_id]) < 0)
		return;
	c->y->q[idx] += q;
	c->y->present[idx] = true;
}

static struct year_data *year_get(struct inputs *in, int year)
{
	struct year_data *y = NULL;

	for (int i = 0; i < 2; i++)
		if (in->years[i].year == year)
			y = &in->years[i];
	if (!y)
		return NULL;
	if (!y->loaded) {
		struct presence_ctx c = {in, y};
		size_t n = in->lib->nitems ? in->lib->nitems : 1;
		y->q = xcalloc(n, sizeof(double));
		y->present = xcalloc(n, sizeof(bool));
		y->loaded = true;
		if (in->h->ops->activity_year_sums(in->h->st, year, in->scope, mark, &c,
						   &in->err) != GP_OK)
			in->failed = true;
	}
	return y;
}

static int name_value(void *arg, const char *name, int year, double *v)
{
	struct inputs *in = arg;
	struct year_data *y = year_get(in, year);
	int idx;

	if (!y)
		return GP_ENOTFOUND;
	if (strncmp(name, "acct.", 5) == 0) {
		char method[24];
		const char *dot = strchr(name + 5, '.');
		enum account_method m;
		const struct account_result *r;
		if (!dot || (size_t)(dot - (name + 5)) >= sizeof(method))
			return GP_ENOTFOUND;
		memcpy(method, name + 5, (size_t)(dot - (name + 5)));
		method[dot - (name + 5)] = '\0';
		if (account_method_parse(method, &m) != GP_OK)
			return GP_ENOTFOUND;
		if (!y->acct_done[m]) {
			struct account_input ai = {year, m, in->grid, y->q};
			y->acct_done[m] = true;
			y->acct_rc[m] = account_compute(in->lib, &ai, &y->acct[m], &y->acct_err[m]);
		}
		if (y->acct_rc[m] != GP_OK) {
			/* a factor missing for the year evaluated is an error (methods.md "Year
			 * fallback"); for the year before, the indicators that compare with it
			 * cannot be computed and say so */
			if (year == in->years[0].year) {
				in->failed = true;
				in->err = y->acct_err[m];
			}
			return GP_ENOTFOUND;
		}
		r = &y->acct[m];
		dot++;
		if (strcmp(dot, "value_added_wan_yuan") != 0 && !has_energy(in->lib, r))
			return GP_ENOTFOUND; /* no energy or emission data: nothing to divide */
		if (strcmp(dot, "value_added_wan_yuan") == 0 && r->value_added_wan_yuan == 0)
			return GP_ENOTFOUND;
		if (strcmp(dot, "co2_t") == 0)
			*v = r->co2_t;
		else if (strcmp(dot, "energy_tce") == 0)
			*v = r->energy_tce;
		else if (strcmp(dot, "energy_tce_equivalent") == 0)
			*v = r->energy_tce_equivalent;
		else if (strcmp(dot, "clean_tce") == 0)
			*v = r->clean_tce;
		else if (strcmp(dot, "renewable_tce") == 0)
			*v = r->renewable_tce;
		else if (strcmp(dot, "value_added_wan_yuan") == 0)
			*v = r->value_added_wan_yuan;
		else
			return GP_ENOTFOUND;
		return GP_OK;
	}
	if (strcmp(name, "employees") == 0) {
		*v = in->employees;
		return in->employees > 0 ? GP_OK : GP_ENOTFOUND;
	}
	if (strcmp(name, "land_km2") == 0) {
		*v = in->land_km2;
		return in->land_km2 > 0 ? GP_OK : GP_ENOTFOUND;
	}
	idx = factors_item_index(in->lib, name);
	if (idx < 0 || !y->present[idx])
		return GP_ENOTFOUND;
	*v = y->q[idx];
	return GP_OK;
}

static int attr_value(void *arg, const char *code, int year, double *v)
{
	struct inputs *in = arg;
	struct gp_err err;
	int rc = in->h->ops->attribute_get(in->h->st, year, code, v, &err);

	if (rc != GP_OK && rc != GP_ENOTFOUND) {
		in->err = err;
		in->failed = true;
	}
	return rc;
}

/* Whether an expression names item code as a whole word. */
static bool names_item(const char *expr, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = expr; (p = strstr(p, code)) != NULL; p++) {
		bool left =
		    p == expr || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.');
		bool right = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (left && right)
			return true;
	}
	return false;
}

struct month_marks {
	struct evaluation *ev;
	const int *index_of_id;
	int64_t *ids;   /* enterprises seen, in order */
	unsigned *bits; /* per (enterprise slot, item): months with a row */
	size_t nents, cap;
	size_t nitems;
};

static void mark_month(void *arg, int64_t ent, int period, int64_t item_id, double q)
{
	struct month_marks *m = arg;
	size_t slot;
	int idx;
	(void)q;
	if (item_id <= 0 || item_id > ITEM_ID_MAX || (idx = m->index_of_id[item_id]) < 0 ||
	    !m->ev->referenced[idx])
		return;
	for (slot = m->nents; slot > 0 && m->ids[slot - 1] != ent; slot--)
		;
	if (slot == 0) {
		size_t cap = m->cap;
		XGROW(m->ids, m->nents + 1, m->cap);
		if (m->cap != cap)
			m->bits = xrealloc(m->bits, m->cap * m->nitems * sizeof(unsigned));
		memset(&m->bits[m->nents * m->nitems], 0, m->nitems * sizeof(unsigned));
		m->ids[m->nents++] = ent;
		slot = m->nents;
	}
	m->bits[(slot - 1) * m->nitems + (size_t)idx] |= 1u << (period % 100 - 1);
}

/* Fills the completeness fields: for every item an indicator reads, who reported it
 * in the year, and the months each partial reporter lacks. */
static int completeness(struct store_handle *h, struct evaluation *ev, int year,
			const struct scope *scope, const struct enterprise *ents, size_t ne,
			const int *index_of_id, struct gp_err *err)
{
	const struct factor_lib *lib = ev->lib;
	struct month_marks m;
	int rc;

	ev->referenced = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(bool));
	ev->reporting = xcalloc(lib->nitems ? lib->nitems : 1, sizeof(size_t));
	for (size_t i = 0; i < lib->nitems; i++)
		for (size_t k = 0; k < ev->set.n && !ev->referenced[i]; k++)
			ev->referenced[i] = names_item(ev->set.defs[k].expr, lib->items[i].code);
	memset(&m, 0, sizeof(m));
	m.ev = ev;
	m.index_of_id = index_of_id;
	m.nitems = lib->nitems ? lib->nitems : 1;
	rc = h->ops->activity_month_rows(h->st, year * 100 + 1, year * 100 + 12, scope, mark_month,
					 &m, err);
	for (size_t e = 0; rc == GP_OK && e < m.nents; e++) {
		const struct enterprise *ent = NULL;
		for (size_t k = 0; k < ne; k++)
			if (ents[k].id == m.ids[e])
				ent = &ents[k];
		for (size_t i = 0; i < lib->nitems; i++) {
			unsigned b = m.bits[e * m.nitems + i];
			struct completeness_gap *g;
			if (!b)
				continue;
			ev->reporting[i]++;
			if (b == 0xfffu)
				continue;
			XGROW(ev->gaps, ev->ngaps + 1, ev->gaps_cap);
			g = &ev->gaps[ev->ngaps++];
			memset(g, 0, sizeof(*g));
			g->item = i;
			g->enterprise_id = m.ids[e];
			g->months = b;
			if (ent) {
				str_copy(g->uscc, sizeof(g->uscc), ent->uscc);
				str_copy(g->name, sizeof(g->name), ent->name);
			}
		}
	}
	free(m.ids);
	free(m.bits);
	return rc;
}

int evaluation_run(struct store_handle *h, const struct factor_lib *lib, const char *standard,
		   int year, const struct scope *scope, const char *scope_name,
		   struct evaluation *ev, struct gp_err *err)
{
	struct inputs in;
	struct expr_env env = {name_value, attr_value, &in, NULL};
	struct enterprise *ents = NULL;
	struct park park;
	size_t ne = 0;
	int rc;

	memset(ev, 0, sizeof(*ev));
	memset(&in, 0, sizeof(in));
	str_copy(ev->standard, sizeof(ev->standard), standard);
	str_copy(ev->scope, sizeof(ev->scope), scope_name);
	ev->year = year;
	if ((rc = h->ops->indicators_load(h->st, standard, &ev->set, err)) != GP_OK)
		return rc;
	if (ev->set.n == 0) {
		ind_set_release(&ev->set);
		return gp_err_set(err, GP_ENOTFOUND,
				  "no indicator set '%s' in the store (expected zcp2025 or "
				  "miit2016; run 'greenpark init')",
				  standard);
	}
	if ((rc = h->ops->park_get(h->st, &park, err)) != GP_OK ||
	    (rc = h->ops->enterprise_list(h->st, NULL, &ents, &ne, err)) != GP_OK)
		goto fail;
	in.h = h;
	in.lib = lib;
	in.scope = scope;
	in.grid = park.grid;
	in.years[0].year = year;
	in.years[1].year = year - 1;
	in.index_of_id = xmalloc(sizeof(int) * (ITEM_ID_MAX + 1));
	store_item_index(lib, in.index_of_id);
	for (size_t i = 0; i < ne; i++) {
		bool in_scope = scope->kind == SCOPE_PARK ||
				(scope->kind == SCOPE_ENTERPRISE && ents[i].id == scope->id);
		if (scope->kind == SCOPE_SUBPARK) {
			int64_t sid = 0;
			struct gp_err ignored;
			in_scope =
			    ents[i].subpark[0] &&
			    h->ops->subpark_find(h->st, ents[i].subpark, &sid, &ignored) == GP_OK &&
			    sid == scope->id;
		}
		if (!in_scope)
			continue;
		ev->in_scope++;
		in.employees += (double)ents[i].employees;
		if (scope->kind != SCOPE_PARK)
			in.land_km2 += ents[i].land_m2 / 1e6;
	}
	if (scope->kind == SCOPE_PARK)
		in.land_km2 = park.land_km2;
	ev->lib = lib;
	rc = indicators_evaluate(&ev->set, year, &env, &ev->results, &ev->n, err);
	if (rc == GP_OK && in.failed) {
		rc = in.err.status ? (int)in.err.status : GP_ESTORE;
		if (err)
			*err = in.err;
		free(ev->results);
		ev->results = NULL;
	}
	if (rc == GP_OK)
		rc = completeness(h, ev, year, scope, ents, ne, in.index_of_id, err);
	for (size_t i = 0; rc == GP_OK && i < ev->n; i++) {
		const struct ind_result *r = &ev->results[i];
		if (r->def->required) {
			ev->required_total++;
			ev->required_met += r->pass == 1;
		} else {
			ev->optional_total++;
			ev->optional_met += r->pass == 1;
		}
	}
	for (int k = 0; k < 2; k++) {
		for (int m = 0; m < METHOD_COUNT; m++)
			if (in.years[k].acct_done[m] && in.years[k].acct_rc[m] == GP_OK)
				account_result_release(&in.years[k].acct[m]);
		free(in.years[k].q);
		free(in.years[k].present);
	}
	free(in.index_of_id);
	free(ents);
	if (rc != GP_OK)
		evaluation_release(ev);
	return rc;
fail:
	free(ents);
	ind_set_release(&ev->set);
	return rc;
}

int attribute_check(struct store_handle *h, const char *code, double value, struct gp_err *err)
{
	static const char *const sets[] = {"zcp2025", "miit2016"};
	char needle[48];
	int rc = GP_EINPUT;

	str_fmt(needle, sizeof(needle), "attr(%s)", code);
	gp_err_set(err, GP_EINPUT,
		   "'%s' is not a park attribute of any indicator set (e.g. IG1, GG5, MG2; see "
		   "'greenpark evaluate')",
		   code);
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct ind_set set;
		if ((rc = h->ops->indicators_load(h->st, sets[i], &set, err)) != GP_OK)
			return rc;
		rc = GP_EINPUT;
		for (size_t k = 0; k < set.n && rc == GP_EINPUT; k++) {
			const struct ind_def *d = &set.defs[k];
			if (!strstr(d->expr, needle))
				continue;
			if (isnan(value) || isinf(value))
				gp_err_set(err, GP_EINPUT, "%s: value is not a number", code);
			else if (d->direction == DIR_BOOL && value != 0 && value != 1)
				gp_err_set(err, GP_EINPUT,
					   "%s (%s) is yes/no: give yes or no (1 or 0), not %g",
					   code, d->name_zh, value);
			else if (strcmp(d->unit, "%") == 0 && (value < 0 || value > 100))
				gp_err_set(err, GP_EINPUT,
					   "%s (%s) is a percentage: 0 to 100, not %g", code,
					   d->name_zh, value);
			else if (value < 0)
				gp_err_set(err, GP_EINPUT, "%s (%s) cannot be negative (%g)", code,
					   d->name_zh, value);
			else
				rc = GP_OK;
		}
		ind_set_release(&set);
		if (rc == GP_OK || strncmp(err->msg, "'", 1) != 0)
			return rc;
	}
	return rc;
}

void evaluation_release(struct evaluation *ev)
{
	free(ev->results);
	free(ev->referenced);
	free(ev->reporting);
	free(ev->gaps);
	ind_set_release(&ev->set);
	memset(ev, 0, sizeof(*ev));
}

json_t *evaluation_to_json(const struct evaluation *ev)
{
	json_t *o = json_object(), *sum = json_object(), *list = json_array();

	json_object_set_new(o, "year", json_integer(ev->year));
	json_object_set_new(o, "standard", json_string(ev->standard));
	json_object_set_new(o, "scope", json_string(ev->scope));
	json_object_set_new(sum, "required_met", json_integer((json_int_t)ev->required_met));
	json_object_set_new(sum, "required_total", json_integer((json_int_t)ev->required_total));
	json_object_set_new(sum, "optional_met", json_integer((json_int_t)ev->optional_met));
	json_object_set_new(sum, "optional_total", json_integer((json_int_t)ev->optional_total));
	json_object_set_new(o, "summary", sum);
	for (size_t i = 0; i < ev->n; i++) {
		const struct ind_result *r = &ev->results[i];
		const struct ind_def *d = r->def;
		json_t *x = json_object();
		json_object_set_new(x, "code",
				    json_string(d->variant_of[0] ? d->variant_of : d->code));
		json_object_set_new(x, "row", json_string(d->code));
		json_object_set_new(x, "name_zh", json_string(d->name_zh));
		json_object_set_new(x, "name_en", json_string(d->name_en));
		json_object_set_new(x, "group", json_string(d->group));
		json_object_set_new(x, "required", json_boolean(d->required));
		json_object_set_new(x, "value", json_number_or_null(r->value));
		json_object_set_new(x, "unit", json_string(d->unit));
		json_object_set_new(x, "target", json_number_or_null(r->target));
		json_object_set_new(x, "direction", json_string(ind_direction_name(d->direction)));
		json_object_set_new(x, "pass",
				    r->pass < 0 ? json_null() : json_boolean(r->pass == 1));
		json_object_set_new(x, "gap", json_number_or_null(r->gap));
		json_object_set_new(x, "gap_pct", json_number_or_null(r->gap_pct));
		if (d->gap_expr[0]) {
			json_object_set_new(x, "gap_abs", json_number_or_null(r->gap_abs));
			json_object_set_new(x, "gap_abs_unit", json_string(d->gap_unit));
		}
		json_object_set_new(x, "note", r->note[0] ? json_string(r->note) : json_null());
		json_object_set_new(x, "missing",
				    r->missing[0] ? json_string(r->missing) : json_null());
		json_object_set_new(x, "method",
				    d->method[0] ? json_string(d->method) : json_null());
		json_object_set_new(x, "formula", json_string(d->formula));
		json_object_set_new(x, "source", json_string(d->source));
		json_object_set_new(x, "confidence", json_string(d->confidence));
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "indicators", list);
	{
		/* the items the set reads, who reported them, and every month a partial
		 * reporter lacks: what to chase to complete the evaluation */
		json_t *comp = json_array();
		for (size_t i = 0; ev->lib && i < ev->lib->nitems; i++) {
			json_t *c, *gaps;
			if (!ev->referenced[i] || ev->reporting[i] == ev->in_scope)
				continue;
			c = json_object();
			gaps = json_array();
			json_object_set_new(c, "item", json_string(ev->lib->items[i].code));
			json_object_set_new(c, "name_zh", json_string(ev->lib->items[i].name_zh));
			json_object_set_new(c, "year", json_integer(ev->year));
			json_object_set_new(c, "enterprises_in_scope",
					    json_integer((json_int_t)ev->in_scope));
			json_object_set_new(c, "enterprises_reporting",
					    json_integer((json_int_t)ev->reporting[i]));
			for (size_t g = 0; g < ev->ngaps; g++) {
				json_t *x, *months;
				if (ev->gaps[g].item != i)
					continue;
				x = json_object();
				months = json_array();
				json_object_set_new(x, "uscc", json_string(ev->gaps[g].uscc));
				json_object_set_new(x, "name", json_string(ev->gaps[g].name));
				for (int mth = 1; mth <= 12; mth++)
					if (!(ev->gaps[g].months & (1u << (mth - 1)))) {
						char p[8];
						period_format(ev->year * 100 + mth, p);
						json_array_append_new(months, json_string(p));
					}
				json_object_set_new(x, "missing_months", months);
				json_array_append_new(gaps, x);
			}
			json_object_set_new(c, "partial", gaps);
			json_array_append_new(comp, c);
		}
		json_object_set_new(o, "completeness", comp);
	}
	return o;
}

json_t *evaluation_years_json(struct store_handle *h, const struct factor_lib *lib,
			      const char *standard, const int *years, size_t n,
			      const struct scope *scope, const char *scope_name)
{
	json_t *list = json_array();

	for (size_t k = 0; k < n; k++) {
		struct evaluation ev;
		struct gp_err err;
		json_t *y = json_object();
		json_object_set_new(y, "year", json_integer(years[k]));
		if (evaluation_run(h, lib, standard, years[k], scope, scope_name, &ev, &err) !=
		    GP_OK) {
			json_object_set_new(y, "error", json_string(err.msg));
		} else {
			json_t *values = json_object(), *pass = json_object(), *sum = json_object();
			for (size_t i = 0; i < ev.n; i++) {
				const struct ind_result *r = &ev.results[i];
				const char *code =
				    r->def->variant_of[0] ? r->def->variant_of : r->def->code;
				json_object_set_new(values, code, json_number_or_null(r->value));
				json_object_set_new(pass, code,
						    r->pass < 0 ? json_null()
								: json_boolean(r->pass == 1));
			}
			json_object_set_new(sum, "required_met",
					    json_integer((json_int_t)ev.required_met));
			json_object_set_new(sum, "required_total",
					    json_integer((json_int_t)ev.required_total));
			json_object_set_new(sum, "optional_met",
					    json_integer((json_int_t)ev.optional_met));
			json_object_set_new(sum, "optional_total",
					    json_integer((json_int_t)ev.optional_total));
			json_object_set_new(y, "summary", sum);
			json_object_set_new(y, "values", values);
			json_object_set_new(y, "pass", pass);
			evaluation_release(&ev);
		}
		json_array_append_new(list, y);
	}
	return list;
}
