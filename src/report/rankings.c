/* rankings.c — see rankings.h. */
#include "report/rankings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static const struct {
	const char *name, *unit;
} by_names[] = {
    [RANK_CO2] = {"co2", "tCO2"},
    [RANK_CO2_PER_WAN_YUAN] = {"co2_per_wan_yuan", "tCO2/万元"},
    [RANK_ENERGY] = {"energy", "tce"},
    [RANK_GROWTH] = {"growth", "1"},
};

int rank_by_parse(const char *s, enum rank_by *by)
{
	for (size_t i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++)
		if (strcmp(s, by_names[i].name) == 0)
			return *by = (enum rank_by)i, GP_OK;
	return GP_EINPUT;
}

const char *rank_by_unit(enum rank_by by)
{
	return by_names[by].unit;
}

void ranking_release(struct ranking *rk)
{
	free(rk->ents);
	free(rk->rows);
	memset(rk, 0, sizeof(*rk));
}

static int cmp_rank(const void *a, const void *b)
{
	double x = ((const struct rank_row *)a)->value, y = ((const struct rank_row *)b)->value;
	/* descending; undefined values last */
	if (isnan(x) || isnan(y))
		return isnan(x) - isnan(y);
	return (x < y) - (x > y);
}

/* Value added in year over the year before, minus one, for the enterprise at
 * prev_ids[*k...] (ids ascending, walked once across all calls). */
static double growth(const double *q, int64_t id, const int64_t *prev_ids, const double *prev_q,
		     size_t nprev, size_t *k, size_t nitems, int va)
{
	while (*k < nprev && prev_ids[*k] < id)
		(*k)++;
	if (va < 0 || *k >= nprev || prev_ids[*k] != id || !(prev_q[*k * nitems + (size_t)va] > 0))
		return NAN;
	return q[va] / prev_q[*k * nitems + (size_t)va] - 1;
}

int ranking_compute(struct store_handle *h, const struct factor_lib *lib, int year,
		    enum account_method method, const char *grid, enum rank_by by,
		    const char *industry, struct ranking *out, struct gp_err *err)
{
	struct scope all = {SCOPE_PARK, 0};
	int64_t *ids = NULL, *prev_ids = NULL;
	double *q = NULL, *prev_q = NULL;
	size_t n = 0, nprev = 0, k = 0;
	int va = factors_item_index(lib, "value_added"), rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_year_quantities_by_enterprise(h, lib, year, &all, &ids, &q, &n, err)) !=
		GP_OK ||
	    (by == RANK_GROWTH &&
	     (rc = store_year_quantities_by_enterprise(h, lib, year - 1, &all, &prev_ids, &prev_q,
						       &nprev, err)) != GP_OK) ||
	    (rc = h->ops->enterprise_list(h->st, NULL, &out->ents, &out->nents, err)) != GP_OK)
		goto done;
	enterprises_sort_by_id(out->ents, out->nents);
	out->rows = xcalloc(n ? n : 1, sizeof(*out->rows));
	for (size_t i = 0; i < n; i++) {
		const struct enterprise *e = enterprise_by_id(out->ents, out->nents, ids[i]);
		const double *qi = &q[i * lib->nitems];
		double v;
		if (!e || (industry && strncmp(e->industry_code, industry, strlen(industry)) != 0))
			continue;
		if (by == RANK_GROWTH) {
			v = growth(qi, ids[i], prev_ids, prev_q, nprev, &k, lib->nitems, va);
		} else {
			struct account_input in = {year, method, grid, qi};
			struct account_result res;
			if ((rc = account_compute(lib, &in, &res, err)) != GP_OK)
				goto done;
			v = by == RANK_CO2      ? res.co2_t
			    : by == RANK_ENERGY ? res.energy_tce
						: res.co2_per_wan_yuan;
			account_result_release(&res);
		}
		out->rows[out->n].ent = e;
		out->rows[out->n++].value = v;
	}
	qsort(out->rows, out->n, sizeof(*out->rows), cmp_rank);
done:
	if (rc != GP_OK)
		ranking_release(out);
	free(ids);
	free(q);
	free(prev_ids);
	free(prev_q);
	return rc;
}
