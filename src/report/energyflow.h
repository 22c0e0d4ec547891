/* energyflow.h — where the park's energy goes in a year: each carrier's tce (当量值,
 * calorific) into each sub-park, and each enterprise's total out of its sub-park.
 * The computation behind GET /api/v1/energyflow; the handler shapes the Sankey JSON. */
#ifndef GP_REPORT_ENERGYFLOW_H
#define GP_REPORT_ENERGYFLOW_H

#include <stddef.h>

#include "core/account.h"
#include "core/registry.h"
#include "store/store.h"

struct flow_ent {
	const struct enterprise *ent; /* into energyflow.ents */
	size_t sub;                   /* index into subs; nsubs: in no sub-park */
	double tce;                   /* its energy use, > 0 */
};

struct energyflow {
	struct subpark *subs;
	size_t nsubs;
	size_t nitems;          /* of the factor library */
	double *carrier_sub;    /* tce, [item × (nsubs + 1) + sub]; slot nsubs: no sub-park */
	struct flow_ent *flows; /* enterprises with energy use, in id order */
	size_t nflows;
	struct enterprise *ents; /* the registry */
	size_t nents;
};

/* Errors: a factor missing for the year (GP_EFACTOR), store errors. */
int energyflow_compute(struct store_handle *h, const struct factor_lib *lib, int year,
		       const char *grid, struct energyflow *out, struct gp_err *err);
void energyflow_release(struct energyflow *f);

#endif
