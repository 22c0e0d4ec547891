/* reconcile.c — meter totals against the ledger, and into it. */
#include "report/reconcile.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/meters.h"
#include "core/period.h"
#include "ingest/write_queue.h"
#include "report/json.h"
#include "store/store_meters.h"
#include "util/str.h"

/* One (enterprise, month, item) a meter measures. */
struct cell {
	int64_t enterprise_id;
	char uscc[USCC_LEN + 1];
	int period;      /* YYYYMM */
	int item;        /* index in lib */
	double meter;    /* the meters' sum, canonical unit */
	double reported; /* the ledger's value, NAN when none */
};

struct cells {
	struct cell *list;
	size_t n, cap;
	const struct meter *m;
	int item;
};

static int cmp_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	if (x->enterprise_id != y->enterprise_id)
		return x->enterprise_id < y->enterprise_id ? -1 : 1;
	if (x->period != y->period)
		return x->period - y->period;
	return x->item - y->item;
}

static void add_month(void *arg, const struct meter_month_row *r)
{
	struct cells *c = arg;
	if (isnan(r->value))
		return;
	XGROW(c->list, c->n + 1, c->cap);
	c->list[c->n] = (struct cell){c->m->enterprise_id, "", r->month, c->item, r->value, NAN};
	str_copy(c->list[c->n].uscc, sizeof(c->list[0].uscc), c->m->uscc);
	c->n++;
}

struct ledger_ctx {
	struct cells *c;
	const int *index_of_id;
};

static void match_ledger(void *arg, const struct activity_row *row)
{
	struct ledger_ctx *x = arg;
	struct cell key;
	struct cell *hit;

	if (row->item_id < 0 || row->item_id > ITEM_ID_MAX)
		return;
	memset(&key, 0, sizeof(key));
	key.enterprise_id = row->enterprise_id;
	key.period = row->period;
	key.item = x->index_of_id[row->item_id];
	hit = bsearch(&key, x->c->list, x->c->n, sizeof(key), cmp_cell);
	if (hit)
		hit->reported = row->quantity;
}

/* The year's cells: every meter's months summed by (enterprise, month, item), with the
 * ledger's value of each. */
static int gather(struct store_handle *h, const struct factor_lib *lib,
		  const struct reconcile_opts *o, struct cells *c, struct gp_err *err)
{
	struct meter *meters = NULL;
	size_t nm = 0, k = 0;
	int *index_of_id = xcalloc(ITEM_ID_MAX + 1, sizeof(int));
	struct activity_filter f = {o->enterprise_id, o->year, 0};
	struct ledger_ctx x = {c, index_of_id};
	int rc;

	memset(c, 0, sizeof(*c));
	store_item_index(lib, index_of_id);
	if ((rc = h->ops->meters->meter_list(h->st, o->enterprise_id, &meters, &nm, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < nm && rc == GP_OK; i++) {
		/* power, not a quantity; a sum of meters counted already; or a sub-meter, whose
		 * quantity its master measures too */
		if (meters[i].kind == METER_INSTANT || meters[i].kind == METER_VIRTUAL ||
		    meters[i].parent_id)
			continue;
		c->m = &meters[i];
		c->item = factors_item_index(lib, meters[i].item);
		if (c->item < 0)
			continue;
		rc = h->ops->meters->months_range(h->st, meters[i].id, o->year * 100 + 1,
						  o->year * 100 + 12, add_month, c, err);
	}
	if (rc != GP_OK)
		goto out;
	/* one cell per (enterprise, month, item): meters of the same item add up */
	if (c->n)
		qsort(c->list, c->n, sizeof(*c->list), cmp_cell);
	for (size_t i = 0; i < c->n; i++) {
		if (k && cmp_cell(&c->list[k - 1], &c->list[i]) == 0)
			c->list[k - 1].meter += c->list[i].meter;
		else
			c->list[k++] = c->list[i];
	}
	c->n = k;
	rc = h->ops->activity_list(h->st, &f, match_ledger, &x, err);
out:
	free(index_of_id);
	free(meters);
	if (rc != GP_OK) {
		free(c->list);
		memset(c, 0, sizeof(*c));
	}
	return rc;
}

static bool differs(const struct cell *c, double tolerance, double *diff, double *share)
{
	*diff = c->meter - c->reported;
	*share = c->reported != 0 ? *diff / c->reported : (c->meter != 0 ? INFINITY : 0);
	return fabs(*diff) > tolerance * fabs(c->reported) && fabs(*diff) > 1e-9;
}

int meter_reconcile(struct store_handle *h, const struct factor_lib *lib,
		    const struct reconcile_opts *o, json_t **out, struct gp_err *err)
{
	struct cells c = {NULL, 0, 0, NULL, 0};
	json_t *rows;
	long flagged = 0, missing = 0;
	int rc;

	*out = NULL;
	if ((rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = gather(h, lib, o, &c, err)) != GP_OK)
		return rc;
	rows = json_array();
	for (size_t i = 0; i < c.n; i++) {
		const struct cell *x = &c.list[i];
		char period[8];
		double diff = NAN, share = NAN;
		bool flag = false;

		period_format(x->period, period);
		if (isnan(x->reported))
			missing++;
		else if ((flag = differs(x, o->tolerance, &diff, &share)))
			flagged++;
		json_array_append_new(
		    rows, json_pack("{s:s, s:s, s:s, s:s, s:f, s:o, s:o, s:o, s:b}", "uscc",
				    x->uscc, "item", lib->items[x->item].code, "unit",
				    lib->items[x->item].unit, "period", period, "meter", x->meter,
				    "reported", json_number_or_null(x->reported), "difference",
				    json_number_or_null(diff), "difference_share",
				    json_number_or_null(share), "flagged", flag));
	}
	free(c.list);
	*out =
	    json_pack("{s:i, s:f, s:o, s:i, s:i}", "year", o->year, "tolerance", o->tolerance,
		      "rows", rows, "flagged", (int)flagged, "months_without_report", (int)missing);
	return GP_OK;
}

int meter_apply(struct store_handle *h, const struct factor_lib *lib,
		const struct reconcile_opts *o, bool replace, const char *actor,
		struct reconcile_apply *out, struct gp_err *err)
{
	struct cells c = {NULL, 0, 0, NULL, 0};
	struct batch_stats st;
	char source[32];
	int64_t batch;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = gather(h, lib, o, &c, err)) != GP_OK)
		return rc;
	str_fmt(source, sizeof(source), "meters %d", o->year);
	if ((rc = h->ops->batch_begin(h->st, actor, "meter", source, &batch, err)) != GP_OK)
		goto out;
	for (size_t i = 0; i < c.n && rc == GP_OK; i++) {
		const struct cell *x = &c.list[i];
		double diff, share;
		if (!isnan(x->reported) && !(replace && differs(x, 0, &diff, &share)))
			continue;
		rc = h->ops->activity_put(h->st, batch, x->enterprise_id, x->period,
					  lib->items[x->item].id, x->meter, err);
		if (isnan(x->reported))
			out->written++;
		else
			out->replaced++;
	}
	if (rc == GP_OK)
		rc = h->ops->batch_commit(h->st, batch, &st, err);
	if (rc != GP_OK) {
		h->ops->batch_abort(h->st, batch);
		memset(out, 0, sizeof(*out));
	} else {
		out->batch = batch;
	}
out:
	free(c.list);
	return rc;
}

struct month_values {
	double v[12];
};

static void month_value(void *arg, const struct meter_month_row *r)
{
	struct month_values *m = arg;
	int k = r->month % 100;
	if (k >= 1 && k <= 12)
		m->v[k - 1] = r->value;
}

static int months_of(struct store_handle *h, int64_t meter_id, int year, struct month_values *m,
		     struct gp_err *err)
{
	for (int k = 0; k < 12; k++)
		m->v[k] = NAN;
	return h->ops->meters->months_range(h->st, meter_id, year * 100 + 1, year * 100 + 12,
					    month_value, m, err);
}

int meter_balance_report(struct store_handle *h, int year, int64_t enterprise_id, json_t **out,
			 struct gp_err *err)
{
	struct meter *list = NULL;
	size_t n = 0;
	json_t *rows = json_array();
	int rc;

	*out = NULL;
	if ((rc = readings_settle_pending(h, err)) != GP_OK ||
	    (rc = h->ops->meters->meter_list(h->st, enterprise_id, &list, &n, err)) != GP_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		struct month_values master, sub;
		double *subs = NULL, *month_subs; /* subs[sub × 12 + month] */
		size_t nsubs = 0, cap = 0;

		for (size_t j = 0; j < n; j++) {
			if (list[j].parent_id != list[i].id)
				continue;
			if ((rc = months_of(h, list[j].id, year, &sub, err)) != GP_OK) {
				free(subs);
				goto fail;
			}
			XGROW(subs, 12 * (nsubs + 1), cap);
			memcpy(&subs[12 * nsubs++], sub.v, sizeof(sub.v));
		}
		if (!nsubs)
			continue;
		if ((rc = months_of(h, list[i].id, year, &master, err)) != GP_OK) {
			free(subs);
			goto fail;
		}
		month_subs = xcalloc(nsubs, sizeof(double));
		for (int k = 0; k < 12; k++) {
			struct meter_balance b;
			char month[8];
			for (size_t j = 0; j < nsubs; j++)
				month_subs[j] = subs[12 * j + (size_t)k];
			meter_balance_of(master.v[k], month_subs, nsubs, &b);
			if (isnan(b.master) && isnan(b.subs))
				continue;
			period_format(year * 100 + k + 1, month);
			json_array_append_new(
			    rows,
			    json_pack("{s:s, s:s, s:s, s:o, s:o, s:i, s:o, s:o}", "master",
				      list[i].code, "uscc", list[i].uscc, "month", month,
				      "master_value", json_number_or_null(b.master), "subs_value",
				      json_number_or_null(b.subs), "subs", (int)nsubs, "difference",
				      json_number_or_null(b.difference), "share",
				      json_number_or_null(b.share)));
		}
		free(subs);
	}
	free(list);
	*out = json_pack("{s:i, s:o}", "year", year, "rows", rows);
	return GP_OK;
fail:
	free(list);
	json_decref(rows);
	return rc;
}
