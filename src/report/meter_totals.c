/* meter_totals.c — every meter's months, and the park's daily totals, from the rollups.
 * Reads reading_month and reading_total_day only: never a day row or a chunk. */
#include "report/meter_totals.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/meters.h"
#include "core/period.h"
#include "core/registry.h"
#include "ingest/write_queue.h"
#include "report/json.h"
#include "store/store_meters.h"
#include "util/map.h"
#include "util/str.h"

static int months_between(int from, int to)
{
	return (to / 100 - from / 100) * 12 + (to % 100 - from % 100) + 1;
}

static const char *item_unit(const struct factor_lib *lib, const char *item)
{
	int k = factors_item_index(lib, item);
	return k >= 0 ? lib->items[k].unit : "";
}

int totals_step_parse(const char *s, enum totals_step *out, struct gp_err *err)
{
	static const char *const names[] = {"day", "month"};
	int v, rc = code_table_parse("step", s, names, NULL, 2, &v, err);
	if (rc == GP_OK)
		*out = (enum totals_step)v;
	return rc;
}

/* ---- every meter's months ---- */

struct months_ctx {
	struct u64map index_of; /* meter id → index in the meter list */
	int from, nmonths;
	double *v; /* v[meter × nmonths + month]: NAN when none */
	int *flags;
};

static void take_month(void *arg, const struct meter_month_row *r)
{
	struct months_ctx *c = arg;
	int64_t i;
	int k = months_between(c->from, r->month) - 1;

	if (k < 0 || k >= c->nmonths || !u64map_get(&c->index_of, (uint64_t)r->meter_id, &i))
		return;
	c->v[(size_t)i * (size_t)c->nmonths + (size_t)k] = r->value;
	c->flags[(size_t)i * (size_t)c->nmonths + (size_t)k] = r->flags;
}

/* A virtual meter's months from its terms' (already taken) months. */
static int virtual_months(const struct meter *m, const struct strmap *by_code, struct months_ctx *c,
			  size_t self, struct gp_err *err)
{
	struct meter_term terms[METER_FORMULA_TERMS];
	size_t nt = 0, idx[METER_FORMULA_TERMS];
	int rc;

	if ((rc = meter_formula_parse(m->formula, terms, &nt, err)) != GP_OK)
		return rc;
	for (size_t t = 0; t < nt; t++) {
		int64_t i;
		if (!strmap_get(by_code, terms[t].code, &i))
			return GP_OK; /* a term outside the caller's scope: no value */
		idx[t] = (size_t)i;
	}
	for (int k = 0; k < c->nmonths; k++) {
		double sum = 0;
		int flags = 0;
		for (size_t t = 0; t < nt && !isnan(sum); t++) {
			size_t at = idx[t] * (size_t)c->nmonths + (size_t)k;
			sum += terms[t].sign * c->v[at];
			flags |= c->flags[at];
		}
		c->v[self * (size_t)c->nmonths + (size_t)k] = sum;
		c->flags[self * (size_t)c->nmonths + (size_t)k] = flags;
	}
	return GP_OK;
}

int meter_months_report(struct store_handle *h, const struct factor_lib *lib, int from, int to,
			int64_t enterprise_id, json_t **out, struct gp_err *err)
{
	struct months_ctx c = {.from = from};
	struct strmap by_code;
	struct meter *list = NULL;
	json_t *months, *meters;
	size_t n = 0, cells;
	int rc;

	*out = NULL;
	if (to < from)
		return gp_err_set(err, GP_EINPUT, "to must not be before from");
	c.nmonths = months_between(from, to);
	if (c.nmonths > METER_MONTHS_MAX)
		return gp_err_set(err, GP_ETOOBIG, "%d months asked for: at most %d in one answer",
				  c.nmonths, METER_MONTHS_MAX);
	if ((rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = h->ops->meters->meter_list(h->st, enterprise_id, &list, &n, err)) != GP_OK)
		return rc;
	cells = (n ? n : 1) * (size_t)c.nmonths;
	c.v = xcalloc(cells, sizeof(double));
	c.flags = xcalloc(cells, sizeof(int));
	for (size_t i = 0; i < cells; i++)
		c.v[i] = NAN;
	u64map_init(&c.index_of);
	u64map_reserve(&c.index_of, n);
	strmap_init(&by_code);
	for (size_t i = 0; i < n; i++) {
		int64_t old;
		u64map_put_new(&c.index_of, (uint64_t)list[i].id, (int64_t)i, &old);
		strmap_put(&by_code, list[i].code, (int64_t)i);
	}
	rc = h->ops->meters->months_all(h->st, enterprise_id, from, to, take_month, &c, err);
	for (size_t i = 0; rc == GP_OK && i < n; i++)
		if (list[i].kind == METER_VIRTUAL)
			rc = virtual_months(&list[i], &by_code, &c, i, err);
	if (rc != GP_OK)
		goto done;
	months = json_array();
	for (int k = 0, ym = from; k < c.nmonths; k++) {
		char p[8];
		period_format(ym, p);
		json_array_append_new(months, json_string(p));
		ym = ym % 100 == 12 ? (ym / 100 + 1) * 100 + 1 : ym + 1;
	}
	meters = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *vals = json_array(), *flags = json_array();
		for (int k = 0; k < c.nmonths; k++) {
			size_t at = i * (size_t)c.nmonths + (size_t)k;
			json_array_append_new(vals, json_number_or_null(c.v[at]));
			json_array_append_new(flags, json_integer(c.flags[at]));
		}
		json_array_append_new(meters,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "meter",
						list[i].code, "uscc", list[i].uscc, "item",
						list[i].item, "unit", item_unit(lib, list[i].item),
						"kind", meter_kind_name(list[i].kind), "values",
						vals, "flags", flags));
	}
	{
		char f[8], t[8];
		period_format(from, f);
		period_format(to, t);
		*out = json_pack("{s:s, s:s, s:o, s:o}", "from", f, "to", t, "months", months,
				 "meters", meters);
	}
done:
	strmap_release(&by_code);
	u64map_release(&c.index_of);
	free(c.v);
	free(c.flags);
	free(list);
	return rc;
}

/* ---- the park's totals ---- */

struct totals_ctx {
	const struct factor_lib *lib;
	enum totals_step step;
	int utc_offset_s;
	json_t *items;  /* the answer's array */
	json_t *points; /* the current item's points (borrowed from items) */
	char item[64];  /* the current item */
	long period;    /* the current month's first day (step month) */
	double sum;     /* the current month's sum */
	long long most; /* the current month's most meters on a day */
	bool open;      /* a month is being summed */
};

static void month_flush(struct totals_ctx *c)
{
	if (!c->open)
		return;
	json_array_append_new(c->points,
			      json_pack("[I, f, I]",
					(json_int_t)meter_day_start(c->period, c->utc_offset_s),
					c->sum, (json_int_t)c->most));
	c->open = false;
}

static void take_total(void *arg, const struct meter_total_row *r)
{
	struct totals_ctx *c = arg;

	if (!c->points || strcmp(c->item, r->item) != 0) {
		month_flush(c);
		str_copy(c->item, sizeof(c->item), r->item);
		c->points = json_array();
		json_array_append_new(c->items,
				      json_pack("{s:s, s:s, s:o}", "item", r->item, "unit",
						item_unit(c->lib, r->item), "points", c->points));
	}
	if (c->step == TOTALS_DAY) {
		json_array_append_new(
		    c->points,
		    json_pack("[I, f, I]", (json_int_t)meter_day_start(r->day, c->utc_offset_s),
			      r->value, (json_int_t)r->meters));
		return;
	}
	{
		int y, m, d;
		long first;
		date_civil(r->day, &y, &m, &d);
		first = date_days(y, m, 1);
		if (c->open && first != c->period)
			month_flush(c);
		if (!c->open) {
			c->open = true;
			c->period = first;
			c->sum = 0;
			c->most = 0;
		}
		c->sum += r->value;
		if (r->meters > c->most)
			c->most = r->meters;
	}
}

int meter_totals_report(struct store_handle *h, const struct factor_lib *lib, long from, long to,
			enum totals_step step, int64_t enterprise_id, const char *uscc,
			json_t **out, struct gp_err *err)
{
	struct totals_ctx c = {.lib = lib, .step = step};
	struct park park;
	char f[11], t[11];
	int rc;

	*out = NULL;
	if (to < from)
		return gp_err_set(err, GP_EINPUT, "to must not be before from");
	if (to - from + 1 > METER_DAYS_MAX)
		return gp_err_set(err, GP_ETOOBIG, "%ld days asked for: at most %d in one answer",
				  to - from + 1, METER_DAYS_MAX);
	if ((rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = h->ops->park_get(h->st, &park, err)) != GP_OK)
		return rc;
	c.utc_offset_s = park_utc_offset(&park);
	c.items = json_array();
	if ((rc = h->ops->meters->totals_range(h->st, enterprise_id, from, to, take_total, &c,
					       err)) != GP_OK) {
		json_decref(c.items);
		return rc;
	}
	month_flush(&c);
	date_format(from, f);
	date_format(to, t);
	*out =
	    json_pack("{s:s, s:s, s:s, s:s, s:o}", "scope", enterprise_id ? uscc : "park", "from",
		      f, "to", t, "step", step == TOTALS_DAY ? "day" : "month", "items", c.items);
	return GP_OK;
}
