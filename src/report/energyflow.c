/* energyflow.c — see energyflow.h. */
#include "report/energyflow.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

void energyflow_release(struct energyflow *f)
{
	free(f->subs);
	free(f->carrier_sub);
	free(f->flows);
	free(f->ents);
	memset(f, 0, sizeof(*f));
}

static size_t sub_of(const struct energyflow *f, const char *name)
{
	for (size_t k = 0; k < f->nsubs; k++)
		if (strcmp(f->subs[k].name, name) == 0)
			return k;
	return f->nsubs;
}

int energyflow_compute(struct store_handle *h, const struct factor_lib *lib, int year,
		       const char *grid, struct energyflow *out, struct gp_err *err)
{
	struct scope all = {SCOPE_PARK, 0};
	int64_t *ids = NULL;
	double *q = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->nitems = lib->nitems;
	if ((rc = store_year_quantities_by_enterprise(h, lib, year, &all, &ids, &q, &n, err)) !=
		GP_OK ||
	    (rc = h->ops->enterprise_list(h->st, NULL, &out->ents, &out->nents, err)) != GP_OK ||
	    (rc = h->ops->subpark_list(h->st, &out->subs, &out->nsubs, err)) != GP_OK)
		goto done;
	enterprises_sort_by_id(out->ents, out->nents);
	out->carrier_sub =
	    xcalloc((lib->nitems ? lib->nitems : 1) * (out->nsubs + 1), sizeof(double));
	out->flows = xcalloc(n ? n : 1, sizeof(*out->flows));
	for (size_t i = 0; i < n; i++) {
		const struct enterprise *e = enterprise_by_id(out->ents, out->nents, ids[i]);
		/* energy is counted the enterprise way (当量值), whatever the park's method */
		struct account_input in = {year, METHOD_CN_ENTERPRISE, grid, &q[i * lib->nitems]};
		struct account_result res;
		struct flow_ent *fl = &out->flows[out->nflows];
		if (!e)
			continue;
		if ((rc = account_compute(lib, &in, &res, err)) != GP_OK)
			goto done;
		fl->ent = e;
		fl->sub = sub_of(out, e->subpark);
		fl->tce = 0;
		for (size_t l = 0; l < res.nlines; l++)
			if (res.lines[l].tce > 0) {
				out->carrier_sub[(size_t)res.lines[l].item * (out->nsubs + 1) +
						 fl->sub] += res.lines[l].tce;
				fl->tce += res.lines[l].tce;
			}
		account_result_release(&res);
		if (fl->tce > 0)
			out->nflows++;
	}
done:
	if (rc != GP_OK)
		energyflow_release(out);
	free(ids);
	free(q);
	return rc;
}
